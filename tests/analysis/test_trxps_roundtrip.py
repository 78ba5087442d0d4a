"""Time-resolved XPS: batched fits of a series, shift sign and resolution-convolved decay."""

import numpy as np
import pytest

from ncled.analysis.global_analysis import exp_conv_gauss
from ncled.analysis.trxps import (
    fit_shift_decay,
    fit_trxps_series,
    shift_sign,
    simulate_trxps_series,
)
from ncled.errors import ConfigError

E = np.linspace(98.5, 102.5, 121)
D = np.arange(-100e-9, 500e-9, 10e-9)  # a spectrum every 10 ns (Qu et al.)


def _series(amp_ev, tau_s, seed, heights=(2e5, 8e4)):
    true = amp_ev * exp_conv_gauss(D, tau_s, 0.0, 30e-9)
    y = simulate_trxps_series(E, D, true, heights=heights, rng=np.random.default_rng(seed))
    return true, y


def test_series_round_trip_shift_sign_and_decay():
    true, y = _series(-0.005, 80e-9, seed=4)
    res = fit_trxps_series(E, y, D, (100.3, 101.0))
    assert res.success.all()
    np.testing.assert_allclose(res.sigmas_ev, 0.35, rtol=0.01)  # shared widths, high counts
    pulls = (res.shift_ev - true) / res.shift_stderr_ev
    # each shift within its uncertainty: pulls ~ N(0,1); max of 60 below 4, spread ~ 1
    assert np.max(np.abs(pulls)) < 4 and 0.6 < np.std(pulls) < 1.4
    sign, text = shift_sign(res.shift_ev, res.shift_stderr_ev, D, res.reference_stderr_ev, 90e-9)
    assert sign == -1 and "p-type" in text
    dec = fit_shift_decay(D, res.shift_ev, res.shift_stderr_ev)
    assert abs(dec.amplitude_ev + 0.005) < 3 * dec.amplitude_stderr_ev
    assert abs(dec.tau_s - 80e-9) < 3 * dec.tau_stderr_s
    assert abs(dec.t0_s) < 3 * dec.t0_stderr_s


def test_positive_shift_is_n_type_and_failures_are_reported():
    _true, y = _series(+0.004, 60e-9, seed=9)
    bad = y.copy()
    bad[20] = np.nan  # a corrupted spectrum is named, with its delay
    with pytest.raises(ConfigError, match=r"spectra \[20\]"):
        fit_trxps_series(E, bad, D, (100.3, 101.0))
    with pytest.raises(ConfigError, match="outside the spectra"):
        fit_trxps_series(E, y, D, (500.0, 600.0))
    res = fit_trxps_series(E, y, D, (100.3, 101.0))
    assert res.failed.size == 0
    assert shift_sign(res.shift_ev, res.shift_stderr_ev, D, res.reference_stderr_ev, 90e-9)[0] == 1


def test_no_shift_is_not_significant_and_bad_input():
    _, y = _series(0.0, 60e-9, seed=2)
    res = fit_trxps_series(E, y, D, (100.3, 101.0))
    assert shift_sign(res.shift_ev, res.shift_stderr_ev, D, res.reference_stderr_ev, 90e-9)[0] == 0
    with pytest.raises(ConfigError, match="delays, energies"):
        fit_trxps_series(E, y[:, :10], D, (100.3, 101.0))
    with pytest.raises(ConfigError, match="at least 5"):
        fit_shift_decay(D[:3], np.zeros(3))


def test_exp_conv_gauss_limits():
    t = np.linspace(-50e-9, 2e-6, 200001)
    f = exp_conv_gauss(t, 100e-9, 0.0, 30e-9)
    # convolution keeps the area of the decay (= tau) and tends to exp(-t/tau) after the IRF
    assert np.trapezoid(f, t) == pytest.approx(100e-9, rel=1e-4)
    late = t > 300e-9
    sig = 30e-9 / (2 * np.sqrt(2 * np.log(2)))
    np.testing.assert_allclose(f[late], np.exp(-t[late] / 100e-9 + sig ** 2 / (2 * (100e-9) ** 2)),
                               rtol=1e-9)
    assert np.all(np.isfinite(exp_conv_gauss(t, 1e-15, 0.0, 30e-9)))  # tau << IRF: no overflow


def test_trxps_series_with_the_transient_kinetics():
    """The shift of a TrXPS series as a one-species kinetic: its lifetime is recovered by the
    target analysis of the difference spectra (same kinetics as `analyze transient`)."""
    from ncled.analysis.kinetics import sequential_scheme
    from ncled.analysis.target_analysis import IRF
    from ncled.analysis.trxps import fit_trxps_kinetics

    e = np.linspace(98.5, 102.5, 81)
    d = np.arange(-100e-9, 400e-9, 10e-9)
    shift = -0.006 * exp_conv_gauss(d, 60e-9, 0.0, 30e-9)
    y = simulate_trxps_series(e, d, shift, heights=(1e5, 4e4), rng=np.random.default_rng(3))
    res = fit_trxps_kinetics(e, y, d, sequential_scheme(["SPV"], [1 / 40e-9]),
                             IRF(center_s=0.0, fwhm_s=30e-9, fit_width=False))
    # simulate-then-fit: the 60 ns decay within 3 standard errors
    assert abs(1 / res.rates["k1"] - 60e-9) < 3 * res.rates_stderr["k1"] / res.rates["k1"] ** 2
    # a rigid shift to lower BE: the difference spectrum is the derivative shape, positive on
    # the low-BE side of the main line and negative on its high-BE side
    sas = res.sas[0]
    assert sas[np.argmin(np.abs(e - 100.1))] > 0 > sas[np.argmin(np.abs(e - 100.6))]
