"""Propagated uncertainties checked as numbers (issue 18, point 3).

Each first-order uncertainty that the analysis reports is compared with an independent
propagation of the same inputs: a seeded Monte-Carlo (GUM Supplement 1: draw the inputs from
their stated distributions, run the analysis, take the standard deviation of the outputs) or a
finite-difference derivative. The tolerance is the Monte-Carlo's own error: the sample standard
deviation of ``n`` normal draws has a relative standard error ``1 / sqrt(2 (n - 1))``; each
assertion allows 3 of those (a correct propagation fails with probability 0.3 %, and the seeds
are fixed), which is far below the 7-20 % that a dropped term or a wrong derivative makes.

References
----------
JCGM 101:2008, Propagation of distributions using a Monte Carlo method (GUM Supplement 1).
https://doi.org/10.59161/JCGM101-2008
"""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr

from ncled.analysis.batch_lm import (
    TWO_GAUSS_LINE_NAMES,
    fit_batch,
    two_gaussian_line,
    two_gaussian_line_and_jacobian,
    two_gaussian_line_jacobian,
)
from ncled.analysis.led import LedCalibration, analyze_led_sweep, onset
from ncled.analysis.lifetime import (
    analyze_lifetime,
    extrapolate_lifetime,
    lt_stretched_exponential,
    stretched_exponential,
)
from ncled.analysis.xps_fit import Component, fit_xps


def _mc_tol(n: int) -> float:
    """Three relative standard errors of a sample standard deviation from ``n`` draws."""
    return 3.0 / np.sqrt(2.0 * (n - 1))


# --------------------------------------------------------------------------- LED EQE, radiance

V = np.linspace(0.0, 3.0, 31)
CUR = 1e-6 * np.exp(V / 0.3)  # [A]
IPH = 1e-9 * np.exp(V / 0.25)  # [A]
NOISE_A = 4e-11  # photocurrent noise: 4 % of the first point, negligible at the top
# relative uncertainties chosen unequal and each large enough that leaving any one out of the
# quadrature sum changes the total by more than the Monte-Carlo tolerance below
CAL = dict(pixel_area_m2=1e-6, responsivity_a_w=0.5, collection_efficiency=0.2,
           peak_wavelength_m=2.0e-6)
UNC = dict(pixel_area_rel_unc=0.03, responsivity_rel_unc=0.04,
           collection_efficiency_rel_unc=0.05, peak_wavelength_unc_m=0.06e-6,
           current_rel_unc=0.035)


def _sweep(cur, iph):
    return xr.Dataset({"voltage": ("point", V), "current": ("point", cur),
                       "photocurrent": ("point", iph)})


def test_led_eqe_and_radiance_uncertainty_match_monte_carlo():
    nominal, _ = analyze_led_sweep(
        _sweep(CUR, IPH), LedCalibration(**CAL, **UNC, noise_floor_a=NOISE_A,
                                         subtract_dark=False))
    n = 2000
    rng = np.random.default_rng(2026)
    eqe = np.empty((n, V.size))
    rad = np.empty((n, V.size))
    for k in range(n):
        z = rng.normal(size=5)
        cal = LedCalibration(
            pixel_area_m2=CAL["pixel_area_m2"] * (1 + UNC["pixel_area_rel_unc"] * z[0]),
            responsivity_a_w=CAL["responsivity_a_w"] * (1 + UNC["responsivity_rel_unc"] * z[1]),
            collection_efficiency=CAL["collection_efficiency"]
            * (1 + UNC["collection_efficiency_rel_unc"] * z[2]),
            peak_wavelength_m=CAL["peak_wavelength_m"] + UNC["peak_wavelength_unc_m"] * z[3],
            noise_floor_a=0.0, subtract_dark=False)
        cur = CUR * (1 + UNC["current_rel_unc"] * z[4])
        iph = IPH + NOISE_A * rng.normal(size=V.size)
        ds, _ = analyze_led_sweep(_sweep(cur, iph), cal)
        eqe[k] = ds["eqe"].values
        rad[k] = ds["radiance"].values
    tol = _mc_tol(n)  # 4.7 %; leaving out the smallest term changes a total by >= 7.5 %
    np.testing.assert_allclose(nominal["eqe_unc"].values, eqe.std(axis=0, ddof=1), rtol=tol)
    np.testing.assert_allclose(nominal["radiance_unc"].values, rad.std(axis=0, ddof=1),
                               rtol=tol)
    # the noise term matters at the first points and not at the last (both regimes are tested)
    rel = nominal["eqe_unc"].values / nominal["eqe"].values
    assert rel[0] > 1.1 * rel[-1]


# --------------------------------------------------------------------------------- turn-on


@pytest.mark.parametrize("log_signal", [True, False])
def test_turn_on_uncertainty_is_the_finite_difference_propagation_of_every_point(log_signal):
    """``u(V_on)`` is the noise of every measured point propagated through the interpolated
    crossing: ``noise * sqrt(sum_k (dV_on / dL_k)^2)`` with each derivative taken by central
    differences of one measured point (truncation error O(delta^2) ~ 1e-8 relative, hence
    rel=1e-6), on a log-interpolated exponential rise and on a rise through zero (linear
    interpolation)."""
    v = np.linspace(0.0, 2.0, 21)
    # the linear rise brackets the threshold between -0.1 and 0.4 (a negative lower point
    # selects the linear interpolation)
    sig = 1e-3 * np.exp(v / 0.17) if log_signal else 5.0 * (v - 0.82)
    thr, noise = 0.37, 0.02
    x_on, u, _ = onset(v, sig, thr, noise)
    grads = []
    for k in range(v.size):
        d = 1e-4 * max(abs(sig[k]), 1e-3)
        up, dn = sig.copy(), sig.copy()
        up[k] += d
        dn[k] -= d
        grads.append((onset(v, up, thr, noise)[0] - onset(v, dn, thr, noise)[0]) / (2 * d))
    assert u == pytest.approx(noise * np.sqrt(np.sum(np.square(grads))), rel=1e-6)
    if log_signal:  # log interpolation of an exponential is exact: V_on = V0 ln(thr / L(0))
        assert x_on == pytest.approx(0.17 * np.log(thr / 1e-3), rel=1e-12)


# -------------------------------------------------------------------------------- lifetime

def _lifetime_fit():
    rng = np.random.default_rng(5)
    t = np.linspace(0, 400 * 3600.0, 120)
    y = stretched_exponential(t, 1000.0, 150 * 3600.0, 0.7) + rng.normal(0, 2.0, t.size)
    return analyze_lifetime(t, y)


def test_lt_fit_uncertainty_matches_monte_carlo_over_the_fit_covariance():
    res, fit = _lifetime_fit()
    cov = fit.covariance[1:, 1:]  # (tau, beta)
    n = 200_000
    rng = np.random.default_rng(7)
    draws = rng.multivariate_normal([res.fit_tau_s, res.fit_beta], cov, size=n)
    for f, u in zip(res.fractions, res.lt_fit_unc_s, strict=True):
        lt = lt_stretched_exponential(f, draws[:, 0], draws[:, 1])
        # 0.5 % tolerance: 3 MC standard errors; the second-order (nonlinear) part is
        # ~(u / LT)^2 ~ 1e-4 of u here
        assert u == pytest.approx(lt.std(ddof=1), rel=_mc_tol(n) + 1e-3), f


def test_lt_interpolated_uncertainty_uses_the_fitted_slope_by_finite_differences():
    res, _ = _lifetime_fit()
    for lt, u in zip(res.lt_fit_s, res.lt_interpolated_unc_s, strict=True):
        h = 1e-5 * lt
        slope = (stretched_exponential(lt + h, res.fit_l0, res.fit_tau_s, res.fit_beta)
                 - stretched_exponential(lt - h, res.fit_l0, res.fit_tau_s, res.fit_beta)) / (2 * h)
        assert u == pytest.approx(res.noise / abs(slope), rel=1e-7)  # FD error O(h^2)


def test_lifetime_fit_standard_errors_match_repeated_traces():
    """The fit's standard errors against the scatter of fits to 300 independent noisy traces."""
    rng = np.random.default_rng(17)
    t = np.linspace(0, 400 * 3600.0, 60)
    truth = stretched_exponential(t, 1000.0, 150 * 3600.0, 0.7)
    n = 300
    vals = np.empty((n, 3))
    errs = np.empty((n, 3))
    for k in range(n):
        res, fit = analyze_lifetime(t, truth + rng.normal(0, 3.0, t.size))
        vals[k] = res.fit_l0, res.fit_tau_s, res.fit_beta
        errs[k] = [fit.stderr[p] for p in ("l0", "tau", "beta")]
    # 3 SE of the MC std (12 %) plus the spread of the per-trace estimates (RMS taken)
    np.testing.assert_allclose(np.sqrt((errs**2).mean(axis=0)), vals.std(axis=0, ddof=1),
                               rtol=_mc_tol(n))


def test_extrapolated_lifetime_uncertainty_matches_monte_carlo():
    lt, lt_u, n_exp, n_u = 3.6e5, 0.02 * 3.6e5, 1.7, 0.05
    val, unc = extrapolate_lifetime(lt, 400.0, 100.0, n_exp, lt_u, n_u)
    m = 200_000
    rng = np.random.default_rng(3)
    mc = (lt + lt_u * rng.normal(size=m)) * 4.0 ** (n_exp + n_u * rng.normal(size=m))
    # first order vs MC: the lognormal spread (ln 4 x 0.05 = 7 %) skews the MC by ~0.5 %
    assert float(unc) == pytest.approx(mc.std(ddof=1), rel=_mc_tol(m) + 6e-3)
    assert float(val) == pytest.approx(lt * 4.0**n_exp, rel=1e-12)


# ----------------------------------------------------------------------------- batched fits

TRUE = np.array([10.0, -1.0, 0.6, 6.0, 1.2, 0.8, 2.0, 0.1])


def test_fit_batch_standard_errors_match_monte_carlo():
    n = 4000
    rng = np.random.default_rng(99)
    x = np.linspace(-5, 5, 200)
    y = two_gaussian_line(x, TRUE[None, :]) + rng.normal(0, 0.3, (n, x.size))
    res = fit_batch(two_gaussian_line, two_gaussian_line_jacobian, x, y, TRUE * 1.05,
                    model_and_jacobian=two_gaussian_line_and_jacobian,
                    names=TWO_GAUSS_LINE_NAMES)
    assert res.success.all()
    rms_err = np.sqrt((res.stderr**2).mean(axis=0))
    # 3.4 %: 3 MC standard errors of a standard deviation from 4000 fits
    np.testing.assert_allclose(rms_err, res.params.std(axis=0, ddof=1), rtol=_mc_tol(n))
    # and the true noise is recovered by the reduced chi-square (200 - 8 d.o.f.)
    assert np.sqrt(res.redchi.mean()) == pytest.approx(0.3, rel=3e-3)


def test_fit_batch_standard_errors_with_weights_and_a_fixed_parameter():
    """Weights (1/sigma, varying along the spectrum) and the slope held fixed: the scatter of
    the free parameters still matches their standard errors."""
    n = 3000
    rng = np.random.default_rng(4)
    x = np.linspace(-5, 5, 200)
    sigma = 0.2 + 0.1 * (x + 5)  # 0.2 .. 1.2
    y = two_gaussian_line(x, TRUE[None, :]) + sigma * rng.normal(size=(n, x.size))
    vary = np.ones(8, bool)
    vary[7] = False
    res = fit_batch(two_gaussian_line, two_gaussian_line_jacobian, x, y, TRUE, vary=vary,
                    weights=1 / sigma)
    assert res.success.all()
    assert np.isnan(res.stderr[:, 7]).all() and np.all(res.params[:, 7] == TRUE[7])
    rms_err = np.sqrt((res.stderr[:, vary] ** 2).mean(axis=0))
    np.testing.assert_allclose(rms_err, res.params[:, vary].std(axis=0, ddof=1),
                               rtol=_mc_tol(n))
    assert res.redchi.mean() == pytest.approx(1.0, rel=5e-3)  # 3 SE of a chi2(192)/192 mean


# ---------------------------------------------------------------------------------- XPS fits

def test_fit_xps_standard_errors_match_monte_carlo():
    rng = np.random.default_rng(8)
    e = np.linspace(280.0, 290.0, 201)
    fwhm, area, center = 1.2, 5000.0, 284.8
    s = fwhm / (2 * np.sqrt(2 * np.log(2)))
    truth = area / (s * np.sqrt(2 * np.pi)) * np.exp(-0.5 * ((e - center) / s) ** 2)
    n = 250
    vals = np.empty((n, 3))
    errs = np.empty((n, 3))
    keys = ("C.center", "C.fwhm", "C.area")
    for k in range(n):
        fit = fit_xps(e, truth + rng.normal(0, 20.0, e.size),
                      [Component("C", center=285.0, fwhm=1.0, area=4000.0)],
                      background="none", weights="none")
        vals[k] = [fit.value(p) for p in keys]
        errs[k] = [fit.stderr(p) for p in keys]
    # the fitted values are unbiased within their scatter, and the reported errors match it
    np.testing.assert_allclose(vals.mean(axis=0), [center, fwhm, area],
                               atol=0, rtol=1e-3)  # 1e-3 >> 3 x (scatter / sqrt(400))
    np.testing.assert_allclose(np.sqrt((errs**2).mean(axis=0)), vals.std(axis=0, ddof=1),
                               rtol=_mc_tol(n))  # 13.5 %
