"""Spectra: Jacobian conversion conserves integrals, Gaussian fits, peak metrics, Planck."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.integrate import simpson

from ncled.analysis.spectra import (
    blackbody_band_radiance,
    compare_spectra,
    convert_spectrum,
    fit_gaussians_energy,
    gaussians_ev,
    peak_metrics,
    planck_spectral_radiance,
    polynomial_baseline,
    savgol_smooth,
    summarize_spectrum,
)
from ncled.constants import c, h, k_B, q, sigma_SB
from ncled.errors import ConfigError

FWHM_PER_SIGMA = 2 * np.sqrt(2 * np.log(2))


def test_cm1_nm_ev_round_trip_conserves_integral():
    nu = np.linspace(3000.0, 7000.0, 40001) * 100  # 3000-7000 cm^-1 in m^-1
    y = np.exp(-0.5 * ((nu - 5000e2) / 300e2) ** 2)  # per m^-1
    ref = simpson(y, x=nu)
    lam, yl = convert_spectrum(nu, y, "wavenumber", "wavelength")
    e, ye = convert_spectrum(lam, yl, "wavelength", "energy")
    nu2, y2 = convert_spectrum(e, ye, "energy", "wavenumber")
    # each representation holds the same integral; Simpson on 40001 points is exact to ~1e-12
    assert simpson(yl, x=lam) == pytest.approx(ref, rel=1e-9)
    assert simpson(ye, x=e) == pytest.approx(ref, rel=1e-9)
    assert simpson(y2, x=nu2) == pytest.approx(ref, rel=1e-9)
    np.testing.assert_allclose(nu2, nu, rtol=1e-13)  # point-wise round trip: rounding only
    np.testing.assert_allclose(y2, y, rtol=1e-12, atol=1e-300)


def test_not_density_is_pointwise():
    nu = np.linspace(1000e2, 2000e2, 11)
    a = np.linspace(0, 1, 11)
    lam, al = convert_spectrum(nu, a, "wavenumber", "wavelength", density=False)
    np.testing.assert_allclose(al, a[::-1], rtol=0)
    np.testing.assert_allclose(lam, 1 / nu[::-1], rtol=1e-15)


def test_single_gaussian_recovered_to_1e6():
    e = np.linspace(0.45, 0.80, 701)
    y = gaussians_ev(e, amplitude_0=3.2, center_ev_0=0.6199, sigma_ev_0=0.0373)
    fit = fit_gaussians_energy(e, y, 1)
    assert fit.center_ev[0] == pytest.approx(0.6199, rel=1e-6)
    assert fit.sigma_ev[0] == pytest.approx(0.0373, rel=1e-6)
    assert fit.amplitude[0] == pytest.approx(3.2, rel=1e-6)


def test_two_gaussians_recovered():
    e = np.linspace(0.45, 0.80, 701)
    p = {"amplitude_0": 1.0, "center_ev_0": 0.62, "sigma_ev_0": 0.035,
         "amplitude_1": 0.4, "center_ev_1": 0.56, "sigma_ev_1": 0.025}
    fit = fit_gaussians_energy(e, gaussians_ev(e, **p), 2)
    order = np.argsort(fit.center_ev)[::-1]
    np.testing.assert_allclose(fit.center_ev[order], [0.62, 0.56], rtol=1e-6)  # noise-free
    np.testing.assert_allclose(fit.sigma_ev[order], [0.035, 0.025], rtol=1e-6)


def test_peak_metrics_gaussian_analytic():
    x = np.linspace(1000, 3000, 20001)
    y = 2.0 * np.exp(-0.5 * ((x - 2000) / 100) ** 2)
    m = peak_metrics(x, y, "wavelength")
    assert m.peak == pytest.approx(2000, abs=1e-6)  # parabola on a symmetric peak: exact
    assert m.height == pytest.approx(2.0, rel=1e-6)
    # linear interpolation of the half-max crossings on a 0.1 step: error ~1e-5 relative
    assert m.fwhm == pytest.approx(100 * FWHM_PER_SIGMA, rel=1e-5)
    assert m.centroid == pytest.approx(2000, rel=1e-12)
    assert m.area == pytest.approx(2.0 * 100 * np.sqrt(2 * np.pi), rel=1e-9)


def test_baseline_removes_line_and_smoothing_only_when_asked():
    x = np.linspace(1500, 2800, 1301)
    sig = np.exp(-0.5 * ((x - 2000) / 60) ** 2)
    y = sig + 0.2 + 1e-4 * (x - 1500)
    base = polynomial_baseline(x, y, [(1500, 1600), (2600, 2800)], order=1)
    # the Gaussian tail in the windows is below 3e-10: the line is recovered to ~1e-9
    np.testing.assert_allclose(y - base, sig, atol=1e-8)
    with pytest.raises(ConfigError, match="at least one window"):
        polynomial_baseline(x, y, [])
    with pytest.raises(ConfigError, match="hold 0 points"):
        polynomial_baseline(x, y, [(100, 200)])
    # a quadratic Savitzky-Golay filter leaves a quadratic unchanged
    np.testing.assert_allclose(savgol_smooth(x**2, 11), x**2, rtol=1e-10)
    with pytest.raises(ConfigError, match="odd"):
        savgol_smooth(y, 10)


def test_summary_280nm_and_el_vs_pl():
    e = np.linspace(0.4, 0.9, 5001)
    el = gaussians_ev(e, amplitude_0=1, center_ev_0=0.61992, sigma_ev_0=0.0373388)
    pl = gaussians_ev(e, amplitude_0=1, center_ev_0=0.625, sigma_ev_0=0.034)
    s_el = summarize_spectrum(e * q, el, "energy")
    s_pl = summarize_spectrum(e * q, pl, "energy")
    # this width is the paper's 280 nm FWHM at 2 um (see test_led_analysis); lambda/dlambda 7.1
    assert s_el.wavelength.fwhm * 1e9 == pytest.approx(280.0, abs=0.05)
    assert s_el.resolving_ratio == pytest.approx(1985.70 / 280.0, rel=1e-4)
    assert s_el.energy.fwhm / q == pytest.approx(0.0373388 * FWHM_PER_SIGMA, rel=1e-5)
    cmp = compare_spectra(s_el, s_pl)
    assert cmp["peak_shift_mev"] == pytest.approx(-5.08, abs=0.01)  # grid step 0.1 meV
    assert cmp["fwhm_ratio"] == pytest.approx(0.0373388 / 0.034, rel=1e-4)
    assert cmp["extra_broadening_mev"] == pytest.approx(
        FWHM_PER_SIGMA * 1e3 * np.sqrt(0.0373388**2 - 0.034**2), rel=1e-3)
    assert cmp["peak_shift_nm"] > 0  # EL red-shifted from PL


def test_planck_against_stefan_boltzmann_and_wien():
    t = 306.15  # 33 C, the paper's device surface temperature
    lam = np.geomspace(0.5e-6, 2e-3, 200001)
    total = simpson(planck_spectral_radiance(lam, t), x=lam)
    # integral over all wavelengths = sigma T^4 / pi (tails beyond the grid < 1e-6)
    assert total == pytest.approx(sigma_SB * t**4 / np.pi, rel=1e-6)
    lam_dense = np.linspace(9.0e-6, 10.0e-6, 100001)
    peak = lam_dense[np.argmax(planck_spectral_radiance(lam_dense, t))]
    wien = h * c / (4.965114231744276 * k_B * t)  # Wien's displacement law
    assert peak == pytest.approx(wien, abs=2e-11)  # grid step 1e-11 m
    band = blackbody_band_radiance(1.5e-6, 2.8e-6, t)
    ref = simpson(planck_spectral_radiance(np.linspace(1.5e-6, 2.8e-6, 200001), t),
                  x=np.linspace(1.5e-6, 2.8e-6, 200001))
    assert band == pytest.approx(ref, rel=1e-8)
    with pytest.raises(ConfigError, match="above 0 K"):
        planck_spectral_radiance(2e-6, -1.0)


def test_bad_arguments():
    with pytest.raises(ConfigError, match="not known"):
        convert_spectrum([1.0], [1.0], "frequency", "energy")
    with pytest.raises(ConfigError, match="n_peaks"):
        fit_gaussians_energy(np.linspace(0, 1, 10), np.ones(10), 0)
