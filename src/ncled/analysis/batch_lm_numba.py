"""Fused per-spectrum Levenberg-Marquardt kernel (numba), the fast path of
:mod:`~ncled.analysis.batch_lm`.

One compiled loop per spectrum does what :func:`ncled.analysis.batch_lm.fit_batch` does with
NumPy arrays for a block of spectra: the two-Gaussians-on-a-line model and its analytic
Jacobian, the normal equations, the damped solve, the gain-ratio damping update and the same
convergence and failure tests, in the same order; spectra run in parallel (``prange``). The
NumPy path spends its time in temporary ``(B, P, N)`` arrays and in dispatching small batched
BLAS calls (profiled: model and Jacobian 37 %, the LM bookkeeping 19 %, ``J J^T`` 16 %, the
solves 14 % of the wall time); here each spectrum's Jacobian, 8 x 200 doubles, stays in L1 cache.

This module imports numba, an optional dependency (the ``fast`` extra);
:mod:`~ncled.analysis.batch_lm` imports
it only when numba is installed and falls back to NumPy otherwise. The status codes returned per
spectrum are turned into the NumPy path's messages by :mod:`~ncled.analysis.batch_lm`.

References
----------
K. Levenberg, Q. Appl. Math. 2, 164 (1944), doi:10.1090/qam/10666;
D. W. Marquardt, J. Soc. Ind. Appl. Math. 11, 431 (1963), doi:10.1137/0111030;
H. B. Nielsen, "Damping parameter in Marquardt's method", IMM-REP-1999-05 (DTU, 1999).
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

# status codes per spectrum (batch_lm.STATUS_MESSAGES gives the words)
MAX_ITER, CONV_XTOL, CONV_PRED, CONV_FTOL, SINGULAR, NO_STEP, STUCK, NOT_FINITE = range(8)

_FM = {"contract"}
"""Fused multiply-add only: no reassociation or finite-math assumptions, so the NaN and
singularity checks keep their meaning."""

_FM_SUM = {"contract", "reassoc"}
"""For the dot products of the normal equations: reassociation lets the compiler split each sum
into SIMD lanes (one sequential chain of 200 additions per matrix element made them 10 times
slower); the order of a sum differs from BLAS's anyway, at the rounding level."""


_LOG2E = 1.4426950408889634
_LN2_HI = 6.93147180369123816490e-01  # ln 2 split in two (fdlibm's e_exp.c), so that
_LN2_LO = 1.90821492927058770002e-10  # t - k ln2 is exact to double precision
_POW2 = np.ldexp(1.0, np.arange(-1022, 1))
"""2^k for k = -1022..0, the scale of :func:`_exp_neg`."""


@njit(cache=True, error_model="numpy", inline="always", fastmath=_FM)
def _exp_neg(t):
    """``exp(t)`` for ``t <= 0`` (a Gaussian's exponent), to 1 ulp; 0 below ``t = -708``, NaN
    for NaN.

    Cody-Waite reduction ``t = k ln2 + r`` with ``|r| <= ln2 / 2`` and the Taylor polynomial of
    degree 13 (truncation below 2e-17 there), times ``2^k`` from a table. Pure arithmetic, so
    the point loops vectorise; libm's scalar ``exp`` cannot be (7.5 against 1.5 ns per value on
    the 2-core Xeon here). Measured against ``numpy.exp`` on 2e5 values in [-700, 0]: largest
    relative difference 2.2e-16. Reference: W. J. Cody and W. Waite, *Software Manual for the
    Elementary Functions* (Prentice-Hall, 1980).
    """
    tc = t if t > -708.0 else -708.0  # NaN too: the table index stays in range
    kf = np.floor(tc * _LOG2E + 0.5)
    r = (tc - kf * _LN2_HI) - kf * _LN2_LO
    q = 1.0 / 6227020800.0
    q = q * r + 1.0 / 479001600.0
    q = q * r + 1.0 / 39916800.0
    q = q * r + 1.0 / 3628800.0
    q = q * r + 1.0 / 362880.0
    q = q * r + 1.0 / 40320.0
    q = q * r + 1.0 / 5040.0
    q = q * r + 1.0 / 720.0
    q = q * r + 1.0 / 120.0
    q = q * r + 1.0 / 24.0
    q = q * r + 1.0 / 6.0
    q = q * r + 0.5
    q = q * r + 1.0
    q = q * r + 1.0
    if t >= -708.0:
        return q * _POW2[int(kf) + 1022]
    return 0.0 if t < -708.0 else t  # NaN stays NaN, as in numpy.exp


@njit(cache=True, error_model="numpy", fastmath=_FM)
def _two_gauss_line(x, y, w, p, jac, res):
    """Weighted model residual ``(y - f) w`` into ``res``, weighted Jacobian rows ``df/dp w``
    into ``jac`` (8, N); returns chi-square. Same formulas as ``two_gaussian_line_and_jacobian``.
    """
    a1, c1, a2, c2, b0, b1 = p[0], p[1], p[3], p[4], p[6], p[7]
    inv1 = 1.0 / p[2]
    inv2 = 1.0 / p[5]
    for i in range(x.size):
        xi = x[i]
        wi = w[i]
        u1 = (xi - c1) * inv1
        u2 = (xi - c2) * inv2
        e1 = _exp_neg(-0.5 * (u1 * u1))
        e2 = _exp_neg(-0.5 * (u2 * u2))
        ae1 = a1 * e1
        ae2 = a2 * e2
        dc1 = ae1 * u1 * inv1
        dc2 = ae2 * u2 * inv2
        jac[0, i] = e1 * wi
        jac[1, i] = dc1 * wi
        jac[2, i] = dc1 * u1 * wi
        jac[3, i] = e2 * wi
        jac[4, i] = dc2 * wi
        jac[5, i] = dc2 * u2 * wi
        jac[6, i] = wi
        jac[7, i] = xi * wi
        res[i] = (y[i] - (b0 + b1 * xi + ae1 + ae2)) * wi
    return _sum_squares(res)


@njit(cache=True, error_model="numpy", fastmath=_FM_SUM)
def _sum_squares(res):
    """Chi-square, a sum split into SIMD lanes (kept out of the model loop, whose Cody-Waite
    reduction must not be reassociated)."""
    chi = 0.0
    for i in range(res.size):
        chi += res[i] * res[i]
    return chi


@njit(cache=True, error_model="numpy", fastmath=_FM_SUM)
def _normal(jac, res, vi, jtj, g):
    """``J J^T`` (varying rows ``vi``) into ``jtj`` and ``J r`` into ``g``."""
    nv = vi.size
    n = res.size
    for a in range(nv):
        ja = jac[vi[a]]
        s = 0.0
        for i in range(n):
            s += ja[i] * res[i]
        g[a] = s
        for b in range(a, nv):
            jb = jac[vi[b]]
            s = 0.0
            for i in range(n):
                s += ja[i] * jb[i]
            jtj[a, b] = s
            jtj[b, a] = s


@njit(cache=True, error_model="numpy")
def _solve(a, rhs, out):
    """Solve ``a out = rhs`` by LU with partial pivoting (``a`` is overwritten). Returns 0, 1 for
    an exactly zero pivot (singular, as LAPACK ``dgesv`` reports it), 2 for a non-finite matrix;
    ``out`` is NaN in both failure cases."""
    n = rhs.size
    for i in range(n):
        out[i] = rhs[i]
        for j in range(n):
            if not np.isfinite(a[i, j]):
                out[:] = np.nan
                return 2
    for c in range(n):
        piv = c
        big = abs(a[c, c])
        for i in range(c + 1, n):
            if abs(a[i, c]) > big:
                big = abs(a[i, c])
                piv = i
        if big == 0.0:
            out[:] = np.nan
            return 1
        if piv != c:
            for j in range(n):
                a[c, j], a[piv, j] = a[piv, j], a[c, j]
            out[c], out[piv] = out[piv], out[c]
        for i in range(c + 1, n):
            f = a[i, c] / a[c, c]
            if f != 0.0:
                for j in range(c + 1, n):
                    a[i, j] -= f * a[c, j]
                out[i] -= f * out[c]
    for i in range(n - 1, -1, -1):
        s = out[i]
        for j in range(i + 1, n):
            s -= a[i, j] * out[j]
        out[i] = s / a[i, i]
    return 0


@njit(cache=True, error_model="numpy", fastmath=_FM)
def _fit_one(x, y, w, p, vi, max_iter, xtol, ftol, lambda0, jtj_out):
    """Levenberg-Marquardt for one spectrum, in place on ``p``; stores ``J^T W^2 J`` of the last
    accepted point in ``jtj_out``. Returns (status, chi-square, steps, step of a singular solve);
    the branches follow ``batch_lm._fit_chunk`` one for one."""
    npar, n, nv = p.size, x.size, vi.size
    jac = np.empty((npar, n))
    jac_new = np.empty((npar, n))
    res = np.empty(n)
    res_new = np.empty(n)
    jtj = np.empty((nv, nv))
    a = np.empty((nv, nv))
    g = np.empty(nv)
    dp = np.empty(nv)
    p_new = np.empty(npar)
    chi = _two_gauss_line(x, y, w, p, jac, res)
    steps = 0
    if not np.isfinite(chi):
        _normal(jac, res, vi, jtj_out, g)
        return NOT_FINITE, chi, steps, 0
    lam = lambda0
    nu = 2.0
    for it in range(max_iter + 1):
        _normal(jac, res, vi, jtj, g)
        if it == max_iter:
            break
        for i in range(nv):
            for j in range(nv):
                a[i, j] = jtj[i, j]
            a[i, i] += lam * max(jtj[i, i], 1e-300)
        code = _solve(a, g, dp)
        if code != 0:
            jtj_out[:, :] = jtj
            return (SINGULAR if code == 1 else NO_STEP), chi, steps, it
        small = True
        pred = 0.0
        for k in range(nv):
            if not np.isfinite(dp[k]):
                jtj_out[:, :] = jtj
                return NO_STEP, chi, steps, it
            if abs(dp[k]) > xtol * (abs(p[vi[k]]) + xtol):
                small = False
            pred += dp[k] * (lam * jtj[k, k] * dp[k] + g[k])
        if small or (pred <= ftol * chi and lam <= 1.0):
            for k in range(nv):
                p[vi[k]] += dp[k]
            jtj_out[:, :] = jtj
            return (CONV_XTOL if small else CONV_PRED), chi, steps + 1, it
        p_new[:] = p
        for k in range(nv):
            p_new[vi[k]] += dp[k]
        chi_new = _two_gauss_line(x, y, w, p_new, jac_new, res_new)
        steps += 1
        ok = np.isfinite(chi_new) and chi_new < chi
        if ok:
            gain = chi - chi_new
            rho = gain / pred if pred > 0 else 1.0
            t = 2.0 * rho - 1.0
            lam *= max(1.0 / 3.0, 1.0 - t * t * t)
            nu = 2.0
            fconv = gain <= ftol * chi
            p[:] = p_new
            jac, jac_new = jac_new, jac
            res, res_new = res_new, res
            chi = chi_new
            if fconv:
                _normal(jac, res, vi, jtj_out, g)
                return CONV_FTOL, chi, steps, it
        else:
            lam *= nu
            nu *= 2.0
            if lam > 1e16:
                _normal(jac, res, vi, jtj_out, g)
                return STUCK, chi, steps, it
    jtj_out[:, :] = jtj
    return MAX_ITER, chi, steps, max_iter


@njit(parallel=True, cache=True, error_model="numpy")
def fit_two_gauss_line(x, y, w, p, vi, max_iter, xtol, ftol, lambda0):
    """Fit every row of ``y`` (B, N); ``x`` and ``w`` are (B, N) or (1, N) (shared), ``p`` (B, P)
    start values, overwritten with the fit; ``vi`` the indices of the varying parameters.

    Parameters
    ----------
    x, y, w : numpy.ndarray
        Abscissae, spectra and residual weights (1/sigma), as above.
    p : numpy.ndarray
        Start values (B, P), overwritten with the fit.
    vi : numpy.ndarray of int
        Indices of the varying parameters.
    max_iter, xtol, ftol, lambda0 : int, float, float, float
        As for :func:`ncled.analysis.batch_lm.fit_batch`.

    Returns
    -------
    tuple
        ``(jtj (B, nv, nv), chisqr (B,), steps (B,), status (B,), step of failure (B,))``.
    """
    b = y.shape[0]
    nv = vi.size
    jtj = np.empty((b, nv, nv))
    chi = np.empty(b)
    steps = np.zeros(b, np.int64)
    status = np.zeros(b, np.int64)
    at = np.zeros(b, np.int64)
    for s in prange(b):
        xs = x[s] if x.shape[0] > 1 else x[0]
        ws = w[s] if w.shape[0] > 1 else w[0]
        status[s], chi[s], steps[s], at[s] = _fit_one(xs, y[s], ws, p[s], vi, max_iter, xtol,
                                                      ftol, lambda0, jtj[s])
    return jtj, chi, steps, status, at
