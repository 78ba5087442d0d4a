"""Global and target analysis: simulate -> fit round trips, DAS/EAS/SAS relations, bad input."""

import numpy as np
import pytest

from ncled.analysis.kinetics import (
    KineticScheme,
    initial_population,
    parallel_scheme,
    populations,
    sequential_scheme,
    transfer_matrix,
)
from ncled.analysis.target_analysis import IRF, DataSelection, fit_target, select_data
from ncled.errors import ConfigError

PS = 1e-12
T = np.r_[np.linspace(-3, 5, 70), np.geomspace(5.3, 1000, 70)] * PS
WL = np.linspace(400e-9, 700e-9, 48)
SAS = np.vstack([np.exp(-((WL - 480e-9) / 40e-9) ** 2),
                 0.7 * np.exp(-((WL - 560e-9) / 50e-9) ** 2),
                 -0.5 * np.exp(-((WL - 620e-9) / 30e-9) ** 2)])
RATES = {"k1": 1e12, "k2": 5e10, "k3": 2e9}


def _simulate(scheme, rates, noise=1e-3, seed=0, t0=0.3 * PS, disp=0.2 * PS):
    k = transfer_matrix(scheme, rates)
    c = populations(T, k, initial_population(scheme), t0 + disp * (WL - 550e-9) / 100e-9,
                    0.15 * PS)
    d = np.einsum("wtn,nw->tw", c, SAS)
    return d + np.random.default_rng(seed).normal(0, noise, d.shape)


def test_sequential_round_trip_with_scatter_band_and_pre_time_zero_offset():
    d = _simulate(sequential_scheme("ABC", list(RATES.values())), RATES)
    band = (WL > 520e-9) & (WL < 540e-9)
    d[:, band] += 0.3  # pump scatter: excluded
    d += 0.01  # a constant offset, removed by the pre-time-zero background
    res = fit_target(T, WL, d, sequential_scheme("ABC", [5e11, 2e10, "=2e9"]),
                     IRF(center_s=0.0, fwhm_s=0.2 * PS, dispersion_center_m=550e-9,
                         dispersion_coefficients_s=(0.0,), fit_dispersion=True),
                     selection=DataSelection(exclude_m=((515e-9, 545e-9),),
                                             background="pre_time_zero",
                                             background_before_s=-1 * PS))
    assert res.success
    for k in ("k1", "k2"):
        # simulate-then-fit: within 3 standard errors
        assert abs(res.rates[k] - RATES[k]) < 3 * res.rates_stderr[k], k
    assert not np.any((res.wavelength_m > 515e-9) & (res.wavelength_m < 545e-9))
    # the SAS are recovered within 3 standard errors at almost every wavelength
    true = SAS[:, ~((WL >= 515e-9) & (WL <= 545e-9))]
    assert np.mean(np.abs(res.sas - true) < 3 * res.sas_stderr) > 0.95
    # noise 1e-3: reduced chi-square ~ 1e-6; residual singular values are flat (no structure)
    assert res.redchi == pytest.approx(1e-6, rel=0.1)
    assert res.svd_residual[0] / res.svd_residual[3] < 1.2
    # the DAS sum is the spectrum at time zero of an IRF-free model: the first species' SAS
    np.testing.assert_allclose(res.das.sum(axis=0), res.sas[0], atol=1e-10)
    # for a sequential scheme the EAS are the SAS
    np.testing.assert_allclose(res.eas, res.sas, atol=1e-8)
    np.testing.assert_allclose(res.eas_stderr, res.sas_stderr, rtol=1e-6)
    assert res.provenance["function"].endswith("fit_target")


def test_branched_scheme_and_linked_rates():
    scheme = KineticScheme(("A", "B", "C"),
                           {("A", "B"): "kab", ("A", "C"): "kac", ("B", "ground"): "kb",
                            ("C", "ground"): "kc"},
                           {"kab": 6e11, "kac": 3e11, "kb": 4e10, "kc": 2e9})
    d = _simulate(scheme, {"kab": 6e11, "kac": 3e11, "kb": 4e10, "kc": 2e9}, disp=0.0)
    fit_scheme = KineticScheme(scheme.species, scheme.transfers,
                               {"kab": 5e11, "kac": "kab * 0.5", "kb": 3e10, "kc": "=2e9"})
    res = fit_target(T, WL, d, fit_scheme, IRF(center_s=0.2 * PS, fwhm_s=0.2 * PS))
    assert abs(res.rates["kab"] - 6e11) < 3 * res.rates_stderr["kab"]
    assert res.rates["kac"] == pytest.approx(0.5 * res.rates["kab"], rel=1e-12)
    assert abs(res.rates["kb"] - 4e10) < 3 * res.rates_stderr["kb"]


def test_parallel_scheme_das_are_the_sas():
    d = _simulate(parallel_scheme("ABC", list(RATES.values())), RATES, disp=0.0)
    res = fit_target(T, WL, d, parallel_scheme("ABC", [8e11, 4e10, 3e9]),
                     IRF(center_s=0.2 * PS, fwhm_s=0.2 * PS))
    np.testing.assert_allclose(res.das, res.sas, atol=1e-8)
    np.testing.assert_allclose(res.das_stderr, res.sas_stderr, rtol=1e-6)
    np.testing.assert_allclose(np.sort(1 / res.lifetimes_s)[::-1], list(RATES.values()),
                               rtol=0.05)  # 5 %: three free rates of noisy data


@pytest.mark.parametrize("scheme,match", [
    (KineticScheme(("A", "B"), {("A", "B"): "k1"}, {"k1": 1.0}), "never decays"),
    (KineticScheme(("A", "B"), {("A", "ground"): "k1", ("B", "ground"): "k2"},
                   {"k1": 1.0, "k2": 2.0}), "never populated"),
    (KineticScheme(("A",), {("A", "X"): "k1"}, {"k1": 1.0}), "unknown species"),
    (KineticScheme(("A",), {("A", "ground"): "kx"}, {"k1": 1.0}), "unknown rate"),
    (KineticScheme(("A", "B"), {("A", "B"): "k1", ("B", "ground"): "k2"},
                   {"k1": "k2 * 2", "k2": "k1 / 2"}), "circular"),
])
def test_schemes_that_do_not_close_are_refused(scheme, match):
    with pytest.raises(ConfigError, match=match):
        scheme.validate()


def test_selection_errors_name_the_problem():
    d = np.zeros((T.size, WL.size))
    with pytest.raises(ConfigError, match=r"exclusion band 900\.\.950 nm lies outside"):
        select_data(T, WL, d, DataSelection(exclude_m=((900e-9, 950e-9),)))
    with pytest.raises(ConfigError, match="before"):
        select_data(T, WL, d, DataSelection(background="pre_time_zero",
                                            background_before_s=-10 * PS))
    bad = d.copy()
    bad[3, 4] = np.nan
    with pytest.raises(ConfigError, match="delay index 3"):
        select_data(T, WL, bad, DataSelection())
    t, wl, b, info = select_data(T, WL, d + 1.0, DataSelection(bin_wavelengths=5,
                                                               delay_s=(0, 1e-10)))
    assert wl.size == WL.size // 5 and info["delays"] == t.size and np.all(b == 1.0)


def test_a_lifetime_beyond_the_delay_window_is_named():
    # the third species lives 1 us, 1000 times the 1 ns of delays
    rates = {"k1": 1e12, "k2": 5e10, "k3": 1e6}
    d = _simulate(parallel_scheme("ABC", list(rates.values())), rates, disp=0.0)
    res = fit_target(T, WL, d, parallel_scheme("ABC", [8e11, 4e10, 1e8]),
                     IRF(center_s=0.2 * PS, fwhm_s=0.2 * PS))
    assert any(w.startswith("outside the data window: rate k3") for w in
               res.provenance["warnings"])
