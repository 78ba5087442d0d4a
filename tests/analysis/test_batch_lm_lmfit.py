"""Batched Levenberg-Marquardt: agreement with lmfit, round trips, per-spectrum failures."""

import numpy as np
import pytest

from ncled.analysis.batch_lm import (
    TWO_GAUSS_LINE_NAMES,
    fit_batch,
    two_gaussian_line,
    two_gaussian_line_and_jacobian,
    two_gaussian_line_jacobian,
)
from ncled.errors import ConfigError

X = np.linspace(-5, 5, 200)
TRUE = np.array([10.0, -1.0, 0.6, 6.0, 1.2, 0.8, 2.0, 0.1])


def _spectra(n, seed, noise=0.3):
    rng = np.random.default_rng(seed)
    p = TRUE + rng.normal(0, 0.05, (n, 8)) * [1, 1, 0.1, 1, 1, 0.1, 1, 0.1]
    return p, two_gaussian_line(X, p) + rng.normal(0, noise, (n, X.size))


def test_jacobian_matches_finite_differences():
    p = TRUE[None, :]
    jac = two_gaussian_line_jacobian(X, p)[0].T  # (N, P)
    for k in range(8):
        h = 1e-6 * max(1.0, abs(p[0, k]))
        dp = np.zeros_like(p)
        dp[0, k] = h
        num = (two_gaussian_line(X, p + dp) - two_gaussian_line(X, p - dp))[0] / (2 * h)
        # central differences are accurate to O(h^2) ~ 1e-12 relative; 1e-7 leaves margin
        np.testing.assert_allclose(jac[:, k], num, rtol=1e-7, atol=1e-7)


def test_agrees_with_lmfit_on_50_spectra():
    lmfit = pytest.importorskip("lmfit")
    _, y = _spectra(50, seed=1)
    p0 = TRUE * 1.05
    res = fit_batch(two_gaussian_line, two_gaussian_line_jacobian, X, y, p0)
    assert res.success.all()
    both = fit_batch(two_gaussian_line, two_gaussian_line_jacobian, X, y, p0,
                     model_and_jacobian=two_gaussian_line_and_jacobian)
    # the combined model+Jacobian path differs only by rounding in the iterations
    assert np.max(np.abs(both.params - res.params) / res.stderr) < 1e-6

    def resid(pars, x, data):
        v = np.array([pars[n].value for n in TWO_GAUSS_LINE_NAMES])[None]
        return two_gaussian_line(x, v)[0] - data

    def dfun(pars, x, data):
        v = np.array([pars[n].value for n in TWO_GAUSS_LINE_NAMES])[None]
        return two_gaussian_line_jacobian(x, v)[0].T  # MINPACK wants (N, P)

    vals, errs = [], []
    for i in range(y.shape[0]):
        pars = lmfit.Parameters()
        for n, v in zip(TWO_GAUSS_LINE_NAMES, p0, strict=True):
            pars.add(n, value=v)
        # lmfit (MINPACK) with the same analytic Jacobian and tight tolerances, so that both
        # sit on the same minimum to far better than the tolerance below
        out = lmfit.minimize(resid, pars, args=(X, y[i]), Dfun=dfun, xtol=1e-14, ftol=1e-14)
        vals.append([out.params[n].value for n in TWO_GAUSS_LINE_NAMES])
        errs.append([out.params[n].stderr for n in TWO_GAUSS_LINE_NAMES])
    vals, errs = np.array(vals), np.array(errs)
    # issue 7: parameters agree to 1e-6 of their standard errors, standard errors to 1 %
    assert np.max(np.abs(vals - res.params) / errs) < 1e-6
    assert np.max(np.abs(res.stderr / errs - 1)) < 0.01


def test_round_trip_recovers_parameters_within_uncertainty():
    p_true, y = _spectra(200, seed=7)
    res = fit_batch(two_gaussian_line, two_gaussian_line_jacobian, X, y, TRUE)
    pulls = (res.params - p_true) / res.stderr
    # pulls of an unbiased fit with correct errors are N(0, 1): mean ~ 0 (+/- 3/sqrt(200)),
    # standard deviation ~ 1 within 15 % for 200 samples
    assert np.all(np.abs(pulls.mean(axis=0)) < 3 / np.sqrt(200) + 0.05)
    assert np.all(np.abs(pulls.std(axis=0) - 1) < 0.15)


def test_fixed_parameters_and_per_spectrum_failure():
    _p_true, y = _spectra(5, seed=3)
    vary = np.ones(8, bool)
    vary[[2, 5]] = False
    p0 = np.tile(TRUE, (5, 1))
    # a flat, noisy spectrum started with zero heights: the centres are not determined
    y[2] = 1.0 + np.random.default_rng(8).normal(0, 0.3, X.size)
    p0[2, [0, 3]] = 0.0
    res = fit_batch(two_gaussian_line, two_gaussian_line_jacobian, X, y, p0, vary=vary,
                    names=TWO_GAUSS_LINE_NAMES)
    # noise alone cannot determine a second peak's height: flagged for the flat spectrum only
    assert res.undetermined[2, 3]
    assert not res.undetermined[[0, 1, 3, 4]].any()
    assert np.all(res.params[:, [2, 5]] == p0[:, [2, 5]])  # fixed stay exactly at p0
    assert np.all(np.isnan(res.stderr[:, [2, 5]]))
    np.testing.assert_array_equal(res.value("center1"), res.params[:, 1])  # named columns
    np.testing.assert_array_equal(res.error("amp2"), res.stderr[:, 3])
    with pytest.raises(ConfigError, match="no parameter 'centre1'"):
        res.value("centre1")


def test_singular_systems_are_reported_per_spectrum():
    from ncled.analysis.batch_lm import _solve_damped

    jtj = np.stack([np.eye(2), np.zeros((2, 2)), 2 * np.eye(2)])
    dp, singular = _solve_damped(jtj, np.ones((3, 2)), np.zeros(3))
    np.testing.assert_array_equal(singular, [False, True, False])
    assert np.isnan(dp[1]).all() and np.allclose(dp[[0, 2]], [[1, 1], [0.5, 0.5]])


def test_nan_data_raise_naming_the_spectrum():
    _p_true, y = _spectra(5, seed=3)
    y[3, 17] = np.nan
    with pytest.raises(ConfigError, match=r"spectrum 3, point 17"):
        fit_batch(two_gaussian_line, two_gaussian_line_jacobian, X, y, TRUE)


def test_bad_shapes_raise():
    with pytest.raises(ConfigError, match="spectra, points"):
        fit_batch(two_gaussian_line, two_gaussian_line_jacobian, X, np.ones(200), TRUE)
    with pytest.raises(ConfigError, match="vary"):
        fit_batch(two_gaussian_line, two_gaussian_line_jacobian, X, np.ones((2, 200)), TRUE,
                  vary=np.ones(3, bool))
    with pytest.raises(ConfigError, match="cannot determine"):
        fit_batch(two_gaussian_line, two_gaussian_line_jacobian, X[:5], np.ones((2, 5)), TRUE)


def test_model_and_jacobian_shared_and_per_spectrum_abscissa_agree():
    # the shared abscissa uses (B, 2) @ (2, N) products, a (B, N) abscissa plain broadcasting;
    # both must give the model of two_gaussian_line and the same Jacobian to rounding
    p, _ = _spectra(6, seed=4)
    y1, j1 = two_gaussian_line_and_jacobian(X, p)
    y2, j2 = two_gaussian_line_and_jacobian(np.tile(X, (6, 1)), p)
    ref = two_gaussian_line(X, p)
    np.testing.assert_allclose(y1, ref, rtol=0, atol=1e-12)
    np.testing.assert_allclose(y2, ref, rtol=0, atol=1e-12)
    assert j1.shape == j2.shape == (6, 8, X.size)
    np.testing.assert_allclose(j1, j2, rtol=0, atol=1e-12)
    np.testing.assert_allclose(j1, two_gaussian_line_jacobian(X, p), rtol=0, atol=0)


def test_result_does_not_depend_on_chunk_size():
    # small chunks exercise the compaction of finished spectra at every step
    _, y = _spectra(60, seed=5)
    p0 = TRUE * 1.05
    args = (two_gaussian_line, two_gaussian_line_jacobian, X, y, p0)
    kw = {"model_and_jacobian": two_gaussian_line_and_jacobian, "engine": "numpy"}
    big = fit_batch(*args, chunk=256, **kw)
    small = fit_batch(*args, chunk=7, **kw)
    assert big.success.all() and small.success.all()
    assert np.max(np.abs(small.params - big.params) / big.stderr) < 1e-6
    np.testing.assert_allclose(small.stderr, big.stderr, rtol=1e-6)


def test_iteration_limit_is_reported_per_spectrum():
    _, y = _spectra(4, seed=6)
    res = fit_batch(two_gaussian_line, two_gaussian_line_jacobian, X, y, TRUE * 1.05,
                    max_iter=2)
    assert res.n_failed == 4
    assert all("maximum number of iterations" in m for m in res.message)
    assert np.all(res.iterations == 2) and np.all(np.isfinite(res.stderr))
