"""LED sweep analysis: Lambertian formulas by hand, integrated vs peak EQE, round trip."""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr
from scipy.integrate import quad
from scipy.optimize import brentq, minimize_scalar

from ncled.analysis.led import (
    LedCalibration,
    OnsetCriterion,
    analyze_led_sweep,
    collection_efficiency_disc,
    collection_efficiency_disc_rel_unc,
    eqe_peak_wavelength,
    eqe_spectral,
    lambertian_power,
    mean_photon_wavelength,
    photocurrent_from_eqe,
    radiance_from_power,
    wall_plug_efficiency,
)
from ncled.analysis.spectra import gaussians_ev, peak_metrics
from ncled.constants import c, h, q
from ncled.errors import ConfigError, DataFormatError

HC_EV_NM = h * c / q * 1e9


def test_lambertian_hand_example():
    # L0 = 1 mW/sr on the normal -> P = pi mW; over 1 mm^2, R = P / (pi S) = 1000 W sr^-1 m^-2
    p = lambertian_power(1e-3)
    assert p == pytest.approx(np.pi * 1e-3, rel=1e-15)  # exact arithmetic
    assert radiance_from_power(p, 1e-6) == pytest.approx(1000.0, rel=1e-15)


def test_eqe_hand_example():
    # 2000 nm photons carry 0.61992 eV; 1 mA of electrons and 0.61992 mW of light: EQE = 1
    lam = 2000e-9
    e_ph = HC_EV_NM / 2000.0
    assert eqe_peak_wavelength(e_ph * 1e-3, 1e-3, lam) == pytest.approx(1.0, rel=1e-14)
    # the paper's best device: 0.3 % at 9 mA (900 mA/cm^2 on 1 mm^2) gives P = 16.7 uW and
    # R = 5.3 W sr^-1 m^-2 (hand-computed: 0.003 * 9e-3 * 0.61992 / (pi 1e-6))
    p = 0.003 * 9e-3 * e_ph
    assert p == pytest.approx(1.6738e-5, rel=1e-4)  # 5 digits written by hand
    assert radiance_from_power(p, 1e-6) == pytest.approx(5.328, rel=1e-3)
    assert wall_plug_efficiency(p, 9e-3, 2.0) == pytest.approx(p / 18e-3, rel=1e-15)


def test_collection_efficiency_limits():
    # far field: A / (pi d^2); a detector much larger than the distance collects everything
    assert collection_efficiency_disc(1e-6, 1.0) == pytest.approx(1e-6 / np.pi, rel=1e-5)
    assert collection_efficiency_disc(1.0, 1e-6) == pytest.approx(1.0, abs=1e-11)
    # half the power inside 45 degrees: a = d, A = pi d^2
    assert collection_efficiency_disc(np.pi * 0.01**2, 0.01) == pytest.approx(0.5, rel=1e-15)
    # first-order uncertainty against a finite difference (relative step 1e-6 -> 1e-5 agreement)
    a, d, ua, ud = 7e-6, 0.01, 0.01, 0.02
    u = collection_efficiency_disc_rel_unc(a, d, ua, ud)
    eps = 1e-6
    ga = (collection_efficiency_disc(a * (1 + eps), d) / collection_efficiency_disc(a, d) - 1) / eps
    gd = (collection_efficiency_disc(a, d * (1 + eps)) / collection_efficiency_disc(a, d) - 1) / eps
    assert u == pytest.approx(np.hypot(ga * ua, gd * ud), rel=1e-5)


def test_integrated_eqe_equals_peak_formula_for_narrow_line():
    lam = np.linspace(1990e-9, 2010e-9, 4001)
    s = np.exp(-0.5 * ((lam - 2000e-9) / 0.05e-9) ** 2)  # 0.12 nm FWHM line
    ratio = eqe_spectral(1e-5, 1e-3, lam, s) / eqe_peak_wavelength(1e-5, 1e-3, 2000e-9)
    assert ratio == pytest.approx(1.0, abs=1e-9)  # symmetric line: <lambda> = peak to 1e-9


def _reference_spectrum_truth():
    """Gaussian in energy at hc/2um whose per-wavelength spectrum has a 280 nm FWHM (the paper's
    PL width); its peak wavelength and power-weighted mean wavelength computed independently by
    root finding and adaptive quadrature in energy."""
    e0 = HC_EV_NM / 2000.0

    def s_lam(lam_nm, sig):
        return np.exp(-0.5 * ((HC_EV_NM / lam_nm - e0) / sig) ** 2) / lam_nm**2

    def width(sig):
        lp = minimize_scalar(lambda x: -s_lam(x, sig), bounds=(1500, 2500), method="bounded",
                             options={"xatol": 1e-10}).x
        m = s_lam(lp, sig) / 2
        lo = brentq(lambda x: s_lam(x, sig) - m, 1000, lp, xtol=1e-12)
        hi = brentq(lambda x: s_lam(x, sig) - m, lp, 5000, xtol=1e-12)
        return hi - lo, lp

    sig = brentq(lambda s: width(s)[0] - 280.0, 0.01, 0.1, xtol=1e-14)
    lam_peak = width(sig)[1]
    g = lambda e: np.exp(-0.5 * ((e - e0) / sig) ** 2)  # noqa: E731
    num = quad(lambda e: g(e) * HC_EV_NM / e, e0 - 12 * sig, e0 + 12 * sig, epsrel=1e-13)[0]
    den = quad(g, e0 - 12 * sig, e0 + 12 * sig, epsrel=1e-13)[0]
    return sig, e0, lam_peak, num / den


def test_integrated_eqe_differs_by_computed_amount_for_280nm_spectrum():
    sig, e0, lam_peak_nm, lam_mean_nm = _reference_spectrum_truth()
    expected = lam_mean_nm / lam_peak_nm
    assert expected == pytest.approx(1.0109, abs=1e-4)  # the number quoted in docs/analysis.md
    lam = np.linspace(1200e-9, 3500e-9, 23001)
    s = gaussians_ev(HC_EV_NM / (lam * 1e9), amplitude_0=1.0, center_ev_0=e0, sigma_ev_0=sig)
    s = s / (lam * 1e9) ** 2  # per unit wavelength (Jacobian hc/lambda^2)
    lam_pk = peak_metrics(lam, s, "wavelength").peak
    assert lam_pk * 1e9 == pytest.approx(lam_peak_nm, abs=1e-3)  # parabola on a 0.1 nm grid
    ratio = eqe_spectral(1e-5, 1e-3, lam, s) / eqe_peak_wavelength(1e-5, 1e-3, lam_pk)
    assert ratio == pytest.approx(expected, rel=1e-7)  # trapezoid on 0.1 nm: error ~1e-9
    assert mean_photon_wavelength(lam, s) * 1e9 == pytest.approx(lam_mean_nm, rel=1e-8)


def _synthetic_sweep(seed: int, noise_a: float = 2e-9):
    """Sweep from the forward model: known EQE(J), Lambertian geometry, seeded detector noise."""
    rng = np.random.default_rng(seed)
    area, resp, eta, lam = 1e-6, 1.0, 0.02, 2000e-9
    v = np.linspace(0.0, 3.0, 61)
    j = 1e4 * np.logaddexp(0.0, (v - 0.5) / 0.08) ** 1.5 * 0.08**1.5 + 0.3 * v
    i = j * area
    eqe = 3e-3 * (j / 150) ** 2 / (1 + (j / 150) ** 2)
    iph = photocurrent_from_eqe(i, eqe, lam, resp, eta) + rng.normal(0, noise_a, v.size)
    ds = xr.Dataset({"voltage": ("point", v), "current": ("point", i),
                     "photocurrent": ("point", iph)})
    cal = LedCalibration(pixel_area_m2=area, responsivity_a_w=resp, collection_efficiency=eta,
                         peak_wavelength_m=lam, noise_floor_a=noise_a, subtract_dark=False)
    return ds, cal, eqe, i, v, resp, eta, lam


def test_round_trip_eqe_radiance_within_stated_uncertainty():
    ds, cal, eqe_true, i, _, _, _, lam = _synthetic_sweep(seed=1)
    res, summ = analyze_led_sweep(ds, cal)
    em = res.emitting.values
    assert em.sum() > 30
    z = (res.eqe.values[em] - eqe_true[em]) / res.eqe_unc.values[em]
    # the stated (1 sigma) uncertainty is right: all within 4 sigma, about 68 % within 1 sigma
    assert np.all(np.abs(z) < 4)
    assert 0.5 < np.mean(np.abs(z) < 1) < 0.85
    p_true = eqe_true * i * h * c / (q * lam)
    zr = (res.radiance.values - p_true / (np.pi * 1e-6)) / res.radiance_unc.values
    assert np.all(np.abs(zr) < 4)
    k = int(np.argmax(np.where(em, res.eqe.values, -1)))
    assert abs(summ.peak_eqe - eqe_true[k]) < 4 * summ.peak_eqe_unc


def test_turn_on_by_radiance_threshold_recovered():
    ds, cal, *_, lam = _synthetic_sweep(seed=2)
    thr = 0.5  # W sr^-1 m^-2, about 15 times the radiance noise (0.032) of this sweep
    _, summ = analyze_led_sweep(ds, cal, turn_on=OnsetCriterion("radiance", thr),
                                threshold=OnsetCriterion("radiance", thr))
    # truth: where the noise-free radiance crosses thr (dense grid of the same model)
    vv = np.linspace(0.0, 3.0, 300001)
    jj = 1e4 * np.logaddexp(0.0, (vv - 0.5) / 0.08) ** 1.5 * 0.08**1.5 + 0.3 * vv
    rr = 3e-3 * (jj / 150) ** 2 / (1 + (jj / 150) ** 2) * jj * 1e-6 * h * c / (q * lam) / (
        np.pi * 1e-6)
    v_true = vv[np.flatnonzero(rr > thr)[0]]
    # linear interpolation between 50 mV steps of a curved L(V) adds a bias of a few mV on top
    # of the noise term; allow the stated noise uncertainty plus 10 mV
    assert abs(summ.turn_on_voltage_v - v_true) < 3 * summ.turn_on_voltage_unc_v + 0.010
    j_true = jj[np.flatnonzero(rr > thr)[0]]
    # noise: sigma_L / (L dlnL/dlnJ) is about 4 %; allow 3 sigma plus the interpolation error
    assert summ.threshold_current_density_a_m2 == pytest.approx(j_true, rel=0.15)


def test_integrated_and_responsivity_spectrum():
    ds, cal, *_ = _synthetic_sweep(seed=3)
    lam = np.linspace(1.6e-6, 2.6e-6, 1001)
    s = np.exp(-0.5 * ((lam - 2e-6) / 0.1e-6) ** 2)
    res_flat, _ = analyze_led_sweep(ds, cal, spectrum=(lam, s))
    # a flat responsivity spectrum equal to the scalar one changes nothing (to rounding)
    cal2 = LedCalibration(**{**cal.__dict__, "responsivity_spectrum": (
        np.array([1e-6, 3e-6]), np.array([1.0, 1.0]))})
    res2, _ = analyze_led_sweep(ds, cal2, spectrum=(lam, s))
    np.testing.assert_allclose(res2.eqe.values, res_flat.eqe.values, rtol=1e-12)
    # a detector twice as sensitive: half the power for the same photocurrent
    cal3 = LedCalibration(**{**cal.__dict__, "responsivity_spectrum": (
        np.array([1e-6, 3e-6]), np.array([2.0, 2.0]))})
    res3, _ = analyze_led_sweep(ds, cal3, spectrum=(lam, s))
    np.testing.assert_allclose(res3.power.values, res_flat.power.values / 2, rtol=1e-12)
    with pytest.raises(ConfigError, match="never extrapolated"):
        bad = LedCalibration(**{**cal.__dict__, "responsivity_spectrum": (
            np.array([1.8e-6, 3e-6]), np.array([1.0, 1.0]))})
        analyze_led_sweep(ds, bad, spectrum=(lam, s))


def test_calibration_uncertainty_propagates():
    ds, cal, *_ = _synthetic_sweep(seed=4, noise_a=0.0)
    cal = LedCalibration(**{**cal.__dict__, "responsivity_rel_unc": 0.03,
                            "collection_efficiency_rel_unc": 0.04, "noise_floor_a": 0.0})
    res, summ = analyze_led_sweep(ds, cal, turn_on=OnsetCriterion("radiance", 1e-3))
    em = res.emitting.values
    # noise-free: relative EQE uncertainty is exactly sqrt(0.03^2 + 0.04^2) = 0.05
    np.testing.assert_allclose(res.eqe_unc.values[em] / res.eqe.values[em], 0.05, rtol=1e-12)
    assert summ.eqe_calibration_rel_unc == pytest.approx(0.05, rel=1e-12)


def test_error_paths():
    ds, cal, *_ = _synthetic_sweep(seed=5)
    with pytest.raises(DataFormatError, match="not monotonic"):
        analyze_led_sweep(ds.isel(point=[0, 2, 1, 3, 4, 5, 6, 7]), cal)
    with pytest.raises(DataFormatError, match="duplicated"):
        analyze_led_sweep(ds.isel(point=[0, 1, 1, 2, 3, 4, 5, 6]), cal)
    neg = ds.assign(photocurrent=-ds.photocurrent)
    with pytest.raises(DataFormatError, match="photocurrent_sign"):
        analyze_led_sweep(neg, cal)
    p = ds.drop_vars("photocurrent").assign(optical_power=("point", np.linspace(-1e-6, 1e-5, 61)))
    with pytest.raises(DataFormatError, match="optical_power: negative"):
        analyze_led_sweep(p, cal)
    nolam = LedCalibration(pixel_area_m2=1e-6, responsivity_a_w=1.0)
    with pytest.raises(ConfigError, match="peak wavelength"):
        analyze_led_sweep(ds, nolam)
    with pytest.raises(ConfigError, match="responsivity"):
        analyze_led_sweep(ds, LedCalibration(pixel_area_m2=1e-6, peak_wavelength_m=2e-6))
    with pytest.raises(DataFormatError, match="no current"):
        analyze_led_sweep(ds.drop_vars("current"), cal)


def test_too_short_a_sweep_for_the_dark_points_is_refused():
    ds, cal, *_ = _synthetic_sweep(seed=4)
    short = ds.isel(point=slice(0, 6))  # 5 dark points + 1: no crossing can be found
    with pytest.raises(DataFormatError, match=r"6 points; the first 5 are taken as dark points"):
        analyze_led_sweep(short, cal)


def test_eqe_above_one_is_flagged_not_reported_as_success():
    # A photocurrent a million times what the LED could give (a wrong responsivity, say): the
    # peak-wavelength formula then gives EQE >> 1, which no LED reaches (one photon per electron
    # at most), so the result is not a success and says why.
    ds, cal, *_ = _synthetic_sweep(seed=5)
    loud = ds.assign(photocurrent=ds.photocurrent * 1e6)
    _, summ = analyze_led_sweep(loud, cal)
    assert summ.peak_eqe > 1.0
    assert not summ.provenance["success"]
    assert any("exceeds 1 (one photon per electron)" in note for note in summ.notes)
    # the same sweep at its true scale is physical and succeeds
    _, ok = analyze_led_sweep(ds, cal)
    assert ok.peak_eqe < 1.0 and ok.provenance["success"]
