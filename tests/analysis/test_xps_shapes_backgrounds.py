"""XPS line shapes, energy scales, backgrounds and edges against analytic limits."""

import numpy as np
import pytest

from ncled.analysis.xps import (
    fit_fermi_edge,
    secondary_electron_cutoff,
    valence_band_onset,
    work_function_from_biased_cutoff,
    work_function_from_cutoff,
)
from ncled.analysis.xps_lineshapes import (
    TOUGAARD_B_EV2,
    TOUGAARD_C_EV2,
    background,
    binding_from_kinetic,
    doniach_sunjic,
    fermi_edge,
    gaussian,
    kinetic_from_binding,
    lineshape,
    lorentzian,
    pseudo_voigt,
    shirley_background,
    tougaard_background,
    tougaard_cross_section,
    voigt,
)
from ncled.errors import ConfigError

E = np.linspace(60, 140, 160001)


def _lorentz_inside(fwhm):
    """Fraction of a Lorentzian's area within +/-40 eV of its centre: (2/pi) arctan(40/g)."""
    return 2 / np.pi * np.arctan(40 / (fwhm / 2))


@pytest.mark.parametrize("fn,args,expected", [
    (gaussian, (100.0, 1.2, 3.0), 3.0),  # Gaussian tails vanish inside the window
    (lorentzian, (100.0, 0.5, 3.0), 3.0 * _lorentz_inside(0.5)),
    (pseudo_voigt, (100.0, 1.0, 3.0, 0.5), 3.0 * (0.5 + 0.5 * _lorentz_inside(1.0))),
    # Voigt: the Lorentzian tail far out is that of the Lorentzian alone
    (voigt, (100.0, 1.0, 3.0, 0.3), 3.0 * _lorentz_inside(0.3)),
])
def test_peak_area_normalisation(fn, args, expected):
    # trapezoid on a 0.5 meV grid: error ~1e-8; the Voigt tail estimate is good to ~1e-5
    assert np.trapezoid(fn(E, *args), E) == pytest.approx(expected, rel=1e-5)


def test_shape_limits():
    # Voigt with a vanishing Lorentzian is the Gaussian; pseudo-Voigt m=0 likewise;
    # Doniach-Sunjic with zero asymmetry is the Lorentzian (Doniach & Sunjic 1970)
    np.testing.assert_allclose(voigt(E, 100, 1.0, 2.0, 1e-9), gaussian(E, 100, 1.0, 2.0),
                               rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(pseudo_voigt(E, 100, 1.0, 2.0, 0.0), gaussian(E, 100, 1.0, 2.0))
    np.testing.assert_allclose(doniach_sunjic(E, 100, 0.8, 2.0, 0.0), lorentzian(E, 100, 0.8, 2.0),
                               rtol=1e-12)
    # asymmetry puts the tail on the high-binding-energy side
    ds = doniach_sunjic(E, 100, 0.8, 2.0, 0.2)
    assert ds[np.searchsorted(E, 103)] > ds[np.searchsorted(E, 97)]
    with pytest.raises(ConfigError, match="known"):
        lineshape("sech2")


def test_energy_scale_round_trip():
    be = binding_from_kinetic(91.5, 180.0, 4.5)
    assert be == pytest.approx(84.0)
    assert kinetic_from_binding(be, 180.0, 4.5) == pytest.approx(91.5)


def test_shirley_recovers_constructed_background():
    # data built to satisfy the Shirley definition exactly: background step proportional to
    # the cumulative peak area from the low-BE side
    e = np.linspace(95, 110, 1501)
    peak = gaussian(e, 101.0, 1.0, 1000.0) + gaussian(e, 105.05, 1.0, 750.0)
    cum = np.concatenate([[0], np.cumsum(0.5 * (peak[1:] + peak[:-1]) * np.diff(e))])
    bg_true = 50 + 80 * cum / cum[-1]
    bg = shirley_background(e[::-1], (peak + bg_true)[::-1], n_avg=1)[::-1]  # any order
    np.testing.assert_allclose(bg, bg_true, atol=1e-3)  # iteration tolerance 1e-7 of the step


def test_tougaard_cross_section_and_background():
    t = np.linspace(0, 5000, 2_000_001)
    # int_0^inf B T / (C + T^2)^2 dT = B / (2 C) (Tougaard 1988); the cut at 5000 eV leaves
    # B/(2 * 5000^2) ~ 6e-5 of it
    integral = np.trapezoid(tougaard_cross_section(t), t)
    assert integral == pytest.approx(TOUGAARD_B_EV2 / (2 * TOUGAARD_C_EV2), rel=1e-4)
    e = np.linspace(90, 140, 501)
    y = 100 + gaussian(e, 100, 1.2, 5000.0) + 40 * (e > 100)
    bg = tougaard_background(e, y, n_avg=3)
    assert bg[0] == pytest.approx(y[:3].mean(), rel=1e-12)  # starts at the low-BE level
    assert bg[-3:].mean() == pytest.approx(y[-3:].mean(), rel=1e-9)  # B matched at high BE
    with pytest.raises(ConfigError, match="known"):
        background("spline", e, y)


def test_fermi_edge_round_trip():
    rng = np.random.default_rng(5)
    e = np.linspace(-0.6, 0.6, 241)
    model = fermi_edge(e, 0.012, 30.0, 0.08, 200.0, 5000.0, 300.0)
    y = rng.poisson(model).astype(float)
    fit = fit_fermi_edge(e, y, temperature_k=30.0)
    assert fit.success
    assert abs(fit.fermi_ev - 0.012) < 3 * fit.fermi_stderr_ev
    assert abs(fit.resolution_fwhm_ev - 0.08) < 3 * fit.resolution_stderr_ev
    assert fit.fermi_stderr_ev < 3e-3


def test_valence_band_onset_and_cutoff_exact_on_linear_edges():
    e = np.linspace(-1, 4, 501)
    vb = 10 + np.where(e > 0.7, 300 * (e - 0.7), 0.0)  # onset 0.7 eV below E_F
    res = valence_band_onset(e, vb, baseline_ev=(-1, 0.5))
    assert res.onset_ev == pytest.approx(0.7, abs=1e-9)
    ke = np.linspace(0, 10, 1001)
    se = np.where(ke > 5.2, np.minimum(2000 * (ke - 5.2), 1000 * np.exp(-(ke - 5.7))), 0.0)
    cut = secondary_electron_cutoff(ke, se)
    assert cut.onset_ev == pytest.approx(5.2, abs=1e-9)
    # He I, spectrum 16.5 eV wide -> WF 4.72 eV; a 5 V bias shifts both edges and cancels
    assert work_function_from_cutoff(21.22, 5.2 + 16.5, 5.2) == pytest.approx(4.72)
    assert work_function_from_cutoff(21.22, 10.2 + 16.5, 10.2) == pytest.approx(4.72)
    assert work_function_from_biased_cutoff(10.2, 5.0, -0.48) == pytest.approx(4.72)
