"""The compiled (numba) and NumPy paths of fit_batch: same parameters, same failure reports.

The numba tests skip, with the reason, where numba (the ``fast`` extra) is not installed; the
NumPy path is the fallback then and the behaviour tests run on it alone.
"""

import numpy as np
import pytest

from ncled.analysis import batch_lm
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
HAVE_NUMBA = batch_lm.numba_available()
needs_numba = pytest.mark.skipif(not HAVE_NUMBA,
                                 reason="numba is not installed (pip install 'ncled[fast]')")
ENGINES = ["numpy", pytest.param("numba", marks=needs_numba)]
MODEL = (two_gaussian_line, two_gaussian_line_jacobian)


def _bench_spectra(n, seed=0, npts=200):
    """The data of benchmarks/bench_batch_fit.py (same generator, same seed)."""
    rng = np.random.default_rng(seed)
    x = np.linspace(-5, 5, npts)
    p = TRUE + rng.normal(0, 0.05, (n, 8)) * [1, 1, 0.1, 1, 1, 0.1, 1, 0.1]
    return x, two_gaussian_line(x, p) + rng.normal(0, 0.3, (n, npts))


@needs_numba
def test_numba_and_numpy_give_the_same_parameters_on_the_benchmark_data():
    x, y = _bench_spectra(1000)
    kw = {"model_and_jacobian": two_gaussian_line_and_jacobian, "names": TWO_GAUSS_LINE_NAMES}
    fast = fit_batch(*MODEL, x, y, TRUE * 1.05, engine="numba", **kw)
    ref = fit_batch(*MODEL, x, y, TRUE * 1.05, engine="numpy", **kw)
    assert (fast.engine, ref.engine) == ("numba", "numpy")
    assert fast.success.all() and ref.success.all()
    # the same LM steps and tests in both; they differ by the rounding of sums and exp, which
    # shifts the point where a converged fit stops by far less than the 1e-8 required
    np.testing.assert_allclose(fast.params, ref.params, rtol=1e-8, atol=0)
    np.testing.assert_allclose(fast.stderr, ref.stderr, rtol=1e-8, atol=0)
    np.testing.assert_allclose(fast.chisqr, ref.chisqr, rtol=1e-12, atol=0)
    assert fast.names == ref.names == TWO_GAUSS_LINE_NAMES


@needs_numba
def test_engines_agree_with_weights_fixed_parameters_and_per_spectrum_abscissa():
    x, y = _bench_spectra(40, seed=11)
    xs = x + np.linspace(0, 0.2, 40)[:, None]  # a (B, N) abscissa
    y = two_gaussian_line(xs, np.tile(TRUE, (40, 1))) + (y - two_gaussian_line(x, TRUE))
    w = 1.0 / (0.2 + 0.01 * np.abs(y))
    vary = np.ones(8, bool)
    vary[[5, 7]] = False
    out = [fit_batch(*MODEL, xs, y, TRUE * 1.03, weights=w, vary=vary, engine=e)
           for e in ("numba", "numpy")]
    assert out[0].success.all() and out[1].success.all()
    np.testing.assert_allclose(out[0].params, out[1].params, rtol=1e-8, atol=0)  # as above
    assert np.all(out[0].params[:, [5, 7]] == TRUE[[5, 7]] * 1.03)  # fixed stay at p0
    assert np.all(np.isnan(out[0].stderr[:, [5, 7]]))


@pytest.mark.parametrize("engine", ENGINES)
def test_nan_data_name_the_spectrum_on_both_paths(engine):
    x, y = _bench_spectra(6, seed=3)
    y[4, 9] = np.nan
    with pytest.raises(ConfigError, match=r"spectrum 4, point 9"):
        fit_batch(*MODEL, x, y, TRUE, engine=engine)


@pytest.mark.parametrize("engine", ENGINES)
def test_undetermined_parameters_are_reported_per_spectrum_on_both_paths(engine):
    # spectrum 1 has its second height fixed at zero: its centre and width have no derivative,
    # the normal matrix is singular and the spectrum is reported, the others are not touched
    x, y = _bench_spectra(4, seed=5)
    vary = np.ones(8, bool)
    vary[3] = False
    p0 = np.tile(TRUE, (4, 1))
    p0[1, 3] = 0.0
    res = fit_batch(*MODEL, x, y, p0, vary=vary, engine=engine, names=TWO_GAUSS_LINE_NAMES)
    assert not res.success[1] and "singular normal matrix" in res.message[1]
    assert res.success[[0, 2, 3]].all()
    assert np.isnan(res.error("center2")[1]) and np.isfinite(res.error("center2")[0])


@pytest.mark.parametrize("engine", ENGINES)
def test_model_not_finite_at_start_and_iteration_limit_on_both_paths(engine):
    x, y = _bench_spectra(3, seed=6)
    p0 = np.tile(TRUE, (3, 1))
    p0[2, 1:3] = x[50], 0.0  # zero width, centre on a point: the model is 0/0 there
    with np.errstate(all="ignore"):
        res = fit_batch(*MODEL, x, y, p0, engine=engine, max_iter=2)
    assert list(res.success) == [False] * 3
    assert res.message[2] == "model is not finite at the starting parameters"
    assert all("maximum number of iterations" in m for m in res.message[:2])
    assert np.all(res.iterations[:2] == 2)


@needs_numba
def test_singular_damped_solve_is_flagged_by_the_kernel():
    from ncled.analysis.batch_lm_numba import _solve

    out = np.empty(2)
    assert _solve(np.zeros((2, 2)), np.ones(2), out) == 1 and np.isnan(out).all()
    assert _solve(np.array([[np.nan, 0.0], [0.0, 1.0]]), np.ones(2), out) == 2
    assert _solve(np.array([[0.0, 2.0], [4.0, 0.0]]), np.array([2.0, 8.0]), out) == 0
    np.testing.assert_array_equal(out, [2.0, 1.0])  # needs the row exchange


@needs_numba
def test_exp_kernel_matches_numpy_to_an_ulp():
    from ncled.analysis.batch_lm_numba import _two_gauss_line

    # the kernel's own exp enters the model: compare the model with the NumPy one
    p = TRUE.copy()
    jac, res = np.empty((8, X.size)), np.empty(X.size)
    _two_gauss_line(X, np.zeros(X.size), np.ones(X.size), p, jac, res)
    ref, jref = two_gaussian_line_and_jacobian(X, p[None])
    # a few ulp: Cody-Waite exp within 1 ulp, then a handful of products
    np.testing.assert_allclose(-res, ref[0], rtol=1e-14, atol=0)
    np.testing.assert_allclose(jac, jref[0], rtol=1e-13, atol=1e-300)


def test_engine_choice_is_checked():
    x, y = _bench_spectra(2)
    with pytest.raises(ConfigError, match="engine"):
        fit_batch(*MODEL, x, y, TRUE, engine="gpu")
    if HAVE_NUMBA:  # a model without a compiled kernel cannot ask for one
        with pytest.raises(ConfigError, match="compiled kernel only"):
            fit_batch(lambda xx, pp: two_gaussian_line(xx, pp), two_gaussian_line_jacobian,
                      x, y, TRUE, engine="numba")
    else:
        with pytest.raises(ConfigError, match=r"ncled\[fast\]"):
            fit_batch(*MODEL, x, y, TRUE, engine="numba")
    # auto runs any other model on the NumPy path
    res = fit_batch(lambda xx, pp: two_gaussian_line(xx, pp), two_gaussian_line_jacobian,
                    x, y, TRUE * 1.02)
    assert res.engine == "numpy" and res.success.all()
