"""Batched, vectorised Levenberg-Marquardt least squares with analytic Jacobians.

Thousands of small, independent fits (one spectrum of a time-resolved XPS series each) are solved
at once: every iteration evaluates the model and its analytic Jacobian for the whole batch as
``(B, N)`` and ``(B, N, P)`` arrays, forms the ``(B, P, P)`` normal matrices with one batched matrix
product and solves them with :func:`numpy.linalg.solve`. Each spectrum keeps its own damping factor
and its own convergence flag, so a spectrum that does not converge is reported as such instead of
being hidden in an average.

The standard errors follow the usual (lmfit / MINPACK) convention: the covariance is
``inv(J^T W J)`` scaled by the reduced chi-square, so that they agree with
:func:`lmfit.minimize` run one spectrum at a time.

References
----------
K. Levenberg, Q. Appl. Math. 2, 164 (1944), doi:10.1090/qam/10666;
D. W. Marquardt, J. Soc. Ind. Appl. Math. 11, 431 (1963), doi:10.1137/0111030;
H. B. Nielsen, "Damping parameter in Marquardt's method", IMM-REP-1999-05 (DTU, 1999) for the
gain-ratio update of the damping factor used here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from ncled.errors import ConfigError

ModelFn = Callable[[np.ndarray, np.ndarray], np.ndarray]
"""``model(x, p) -> y``: ``x`` of shape (N,) or (B, N), ``p`` of shape (B, P), ``y`` (B, N)."""
JacobianFn = Callable[[np.ndarray, np.ndarray], np.ndarray]
"""``jac(x, p) -> J``: derivatives dy/dp, shape (B, P, N) (one contiguous row per parameter,
the transposed Jacobian, which is the layout the normal equations use)."""


@dataclass(frozen=True)
class BatchFitResult:
    """Result of :func:`fit_batch` for B spectra and P parameters.

    Attributes
    ----------
    params : numpy.ndarray
        Best-fit parameters, shape (B, P).
    stderr : numpy.ndarray
        Standard errors (sqrt of the covariance diagonal, scaled by the reduced chi-square),
        shape (B, P); NaN for fixed parameters and for singular fits.
    covariance : numpy.ndarray
        Covariance matrices, shape (B, P, P) (zero rows/columns for fixed parameters).
    chisqr, redchi : numpy.ndarray
        Weighted sum of squared residuals and its value per degree of freedom, shape (B,).
    iterations : numpy.ndarray
        Accepted plus rejected LM steps per spectrum, shape (B,).
    success : numpy.ndarray
        Boolean convergence flag per spectrum, shape (B,).
    message : tuple of str
        One message per spectrum ("converged ..." or why not).
    """

    params: np.ndarray
    stderr: np.ndarray
    covariance: np.ndarray
    chisqr: np.ndarray
    redchi: np.ndarray
    iterations: np.ndarray
    success: np.ndarray
    message: tuple[str, ...] = field(default=())

    @property
    def n_failed(self) -> int:
        """Number of spectra that did not converge."""
        return int(np.count_nonzero(~self.success))


def _solve_damped(jtj: np.ndarray, g: np.ndarray, lam: np.ndarray) -> np.ndarray:
    """Solve (JtJ + lam diag(JtJ)) dp = g for each batch member; singular systems give NaN."""
    diag = np.einsum("bii->bi", jtj)
    a = jtj.copy()
    idx = np.arange(jtj.shape[-1])
    a[:, idx, idx] += lam[:, None] * np.maximum(diag, 1e-300)
    try:
        return np.linalg.solve(a, g[..., None])[..., 0]
    except np.linalg.LinAlgError:
        out = np.full_like(g, np.nan)
        for i in range(a.shape[0]):
            try:
                out[i] = np.linalg.solve(a[i], g[i])
            except np.linalg.LinAlgError:
                pass
        return out


def fit_batch(
    model: ModelFn,
    jacobian: JacobianFn,
    x: np.ndarray,
    y: np.ndarray,
    p0: np.ndarray,
    *,
    weights: np.ndarray | None = None,
    vary: np.ndarray | None = None,
    max_iter: int = 200,
    xtol: float = 1e-10,
    ftol: float = 1e-14,
    lambda0: float = 1e-3,
    chunk: int = 256,
    model_and_jacobian: Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]
    | None = None,
) -> BatchFitResult:
    """Fit B spectra at once with a vectorised Levenberg-Marquardt.

    Parameters
    ----------
    model : callable
        ``model(x, p) -> (B, N)``, the model for a batch of parameter rows ``p`` (B, P).
    jacobian : callable
        ``jacobian(x, p) -> (B, P, N)``, its analytic derivatives (transposed layout).
    x : numpy.ndarray
        Abscissa, shape (N,) shared by all spectra, or (B, N).
    y : numpy.ndarray
        Data, shape (B, N).
    p0 : numpy.ndarray
        Starting parameters, shape (B, P) or (P,) for all spectra.
    weights : numpy.ndarray, optional
        Residual weights (1/sigma), broadcastable to (B, N); default 1.
    vary : numpy.ndarray of bool, optional
        Shape (P,): which parameters are fitted (the others stay at ``p0``); default all.
    max_iter : int
        Maximum number of LM steps per spectrum (200).
    xtol, ftol : float
        Convergence when the relative step is below ``xtol`` or the relative chi-square decrease
        of an accepted step is below ``ftol``.
    lambda0 : float
        Initial Marquardt damping factor (1e-3, Marquardt 1963).
    chunk : int
        Spectra processed together (256 keeps a chunk's Jacobian in a few MB of cache).
    model_and_jacobian : callable, optional
        ``f(x, p) -> (y, J)`` computing both at once (shared exponentials); used for trial
        steps so that an accepted step already has its Jacobian.

    Returns
    -------
    BatchFitResult

    Notes
    -----
    Step: ``(J^T W^2 J + lambda diag(J^T W^2 J)) dp = J^T W^2 r``; accepted when chi-square falls,
    after which ``lambda`` shrinks by ``max(1/3, 1 - (2 rho - 1)^3)`` (Nielsen 1999, ``rho`` the
    gain ratio), otherwise it grows by a factor that doubles at each rejection.
    """
    y = np.asarray(y, dtype=float)
    if y.ndim != 2:
        raise ConfigError(f"y: expected a (spectra, points) array, got shape {y.shape}")
    b, n = y.shape
    p0 = np.broadcast_to(np.asarray(p0, dtype=float), (b, np.shape(p0)[-1])).copy()
    npar = p0.shape[1]
    vary = np.ones(npar, bool) if vary is None else np.asarray(vary, bool)
    if vary.shape != (npar,):
        raise ConfigError(f"vary: expected {npar} flags, got shape {vary.shape}")
    x = np.asarray(x, dtype=float)
    if x.shape not in {(n,), (b, n)}:
        raise ConfigError(f"x: shape {x.shape} does not match the spectra {y.shape}")
    w = None if weights is None else np.broadcast_to(np.asarray(weights, float), (b, n))
    nfree = n - int(vary.sum())
    if nfree <= 0:
        raise ConfigError(f"{n} points cannot determine {int(vary.sum())} parameters")

    params = np.empty((b, npar))
    cov = np.zeros((b, npar, npar))
    chisqr = np.empty(b)
    iters = np.zeros(b, int)
    success = np.zeros(b, bool)
    messages: list[str] = [""] * b
    for s in range(0, b, chunk):
        sl = slice(s, min(s + chunk, b))
        xs = x if x.ndim == 1 else x[sl]
        ws = None if w is None else w[sl]
        out = _fit_chunk(model, jacobian, model_and_jacobian, xs, y[sl], p0[sl], ws, vary,
                         max_iter, xtol, ftol, lambda0)
        params[sl], cov[sl], chisqr[sl], iters[sl], success[sl], msg = out
        messages[sl] = msg
    redchi = chisqr / nfree
    cov *= redchi[:, None, None]
    stderr = np.sqrt(np.einsum("bii->bi", cov))
    stderr[:, ~vary] = np.nan
    return BatchFitResult(params, stderr, cov, chisqr, redchi, iters, success, tuple(messages))


def _take(a, idx, full):
    """``a[idx]`` without a copy when every row is taken."""
    return a if full else a[idx]


def _fit_chunk(model, jacobian, combined, x, y, p, w, vary, max_iter, xtol, ftol, lambda0):
    b = y.shape[0]
    p = p.copy()
    all_vary = bool(vary.all())
    lam = np.full(b, lambda0)
    nu = np.full(b, 2.0)
    active = np.ones(b, bool)
    success = np.zeros(b, bool)
    iters = np.zeros(b, int)
    msg = ["maximum number of iterations reached"] * b

    def weighted_jac(jac, rows):
        jac = jac if all_vary else jac[:, vary, :]
        return jac if w is None else jac * w[rows][:, None, :]

    def residual(yy, rows):
        full_rows = rows.size == b
        res = _take(y, rows, full_rows) - yy
        if w is not None:
            res *= _take(w, rows, full_rows)
        return res

    everyone = np.arange(b)
    if combined is not None:
        y0, j0 = combined(x, p)
        jac_all = weighted_jac(j0, everyone)
    else:
        y0 = model(x, p)
        jac_all = weighted_jac(jacobian(x, p), everyone)
    jac_all = np.ascontiguousarray(jac_all)
    r = residual(y0, everyone)
    chi = np.einsum("bn,bn->b", r, r)
    bad = ~np.isfinite(chi)
    active[bad] = False
    for i in np.flatnonzero(bad):
        msg[i] = "model is not finite at the starting parameters"
    stale = np.zeros(b, bool)  # Jacobian not yet evaluated at the accepted parameters
    for _ in range(max_iter):
        idx = np.flatnonzero(active)
        if idx.size == 0:
            break
        full = idx.size == b
        xa = x if x.ndim == 1 else _take(x, idx, full)
        pa = _take(p, idx, full)
        need = idx[stale[idx]]
        if need.size:
            xn = x if x.ndim == 1 else x[need]
            jac_all[need] = weighted_jac(jacobian(xn, p[need]), need)
            stale[need] = False
        jt = _take(jac_all, idx, full)
        jtj = jt @ jt.transpose(0, 2, 1)
        ra = _take(r, idx, full)
        g = (jt @ ra[..., None])[..., 0]
        dp = _solve_damped(jtj, g, lam[idx])
        pn = pa.copy()
        if all_vary:
            pn += dp
        else:
            pn[:, vary] += dp
        if combined is not None:
            yn, jn = combined(xa, pn)
        else:
            yn, jn = model(xa, pn), None
        rn = residual(yn, idx)
        chin = np.einsum("bn,bn->b", rn, rn)
        # predicted decrease of the linearised model (Nielsen 1999)
        diag = np.einsum("bii->bi", jtj)
        pred = np.einsum("bi,bi->b", dp, lam[idx, None] * diag * dp + g)
        ok = np.isfinite(chin) & (chin < chi[idx])
        iters[idx] += 1
        acc = idx[ok]
        rho = np.where(pred[ok] > 0, (chi[acc] - chin[ok]) / np.where(pred[ok] > 0, pred[ok], 1),
                       1.0)
        lam[acc] *= np.maximum(1 / 3, 1 - (2 * rho - 1) ** 3)
        nu[acc] = 2.0
        rej = idx[~ok]
        lam[rej] *= nu[rej]
        nu[rej] *= 2
        pv = pa if all_vary else pa[:, vary]
        small = np.all(np.abs(dp) <= xtol * (np.abs(pv) + xtol), axis=1)
        fconv = (chi[acc] - chin[ok]) <= ftol * chi[acc]
        if full and ok.all():  # every step accepted: adopt the new arrays without copies
            p, r, chi = pn, rn, chin
            if jn is not None:
                jac_all = weighted_jac(jn, idx)
            else:
                stale[:] = True
        else:
            p[acc] = pn[ok]
            r[acc] = rn[ok]
            chi[acc] = chin[ok]
            if jn is not None:
                jac_all[acc] = weighted_jac(jn[ok], acc)
            else:
                stale[acc] = True
        done = acc[small[ok] | fconv]
        active[done] = False
        success[done] = True
        for i in done:
            msg[i] = "converged"
        # a rejected step with a tiny relative size means we sit on the minimum
        finite = np.isfinite(dp).all(axis=1)
        tiny = rej[small[~ok] & finite[~ok]]
        active[tiny] = False
        success[tiny] = True
        for i in tiny:
            msg[i] = "converged (step below xtol)"
        stuck = rej[(lam[rej] > 1e16) | ~finite[~ok]]
        active[stuck] = False
        for i in stuck:
            msg[i] = "no downhill step found (singular or badly scaled problem)"
    if stale.any():
        need = np.flatnonzero(stale)
        jac_all[need] = weighted_jac(jacobian(x if x.ndim == 1 else x[need], p[need]), need)
    jtj = jac_all @ jac_all.transpose(0, 2, 1)
    nv = int(vary.sum())
    try:
        cov_v = np.linalg.inv(jtj)
    except np.linalg.LinAlgError:
        cov_v = np.full((b, nv, nv), np.nan)
        for i in range(b):
            try:
                cov_v[i] = np.linalg.inv(jtj[i])
            except np.linalg.LinAlgError:
                success[i] = False
                msg[i] = "singular normal matrix: parameters are not determined"
    cov = np.zeros((b, p.shape[1], p.shape[1]))
    vi = np.flatnonzero(vary)
    cov[:, vi[:, None], vi[None, :]] = cov_v
    return p, cov, chi, iters, success, msg


# --- two-Gaussian-plus-line model (TrXPS, benchmark) -----------------------------------------

TWO_GAUSS_LINE_NAMES = ("amp1", "center1", "sigma1", "amp2", "center2", "sigma2",
                        "offset", "slope")


def two_gaussian_line(x: np.ndarray, p: np.ndarray) -> np.ndarray:
    """Two Gaussians on a straight line, batched.

    ``y = sum_k a_k exp(-(x - c_k)^2 / (2 s_k^2)) + b0 + b1 x`` with ``p`` rows
    (a1, c1, s1, a2, c2, s2, b0, b1) (heights, centres, standard deviations, line).
    """
    p = np.atleast_2d(p)
    x = np.asarray(x, float)
    xb = x[None, :] if x.ndim == 1 else x
    y = p[:, 6, None] + p[:, 7, None] * xb
    for k in (0, 3):
        u = (xb - p[:, k + 1, None]) / p[:, k + 2, None]
        y = y + p[:, k, None] * np.exp(-0.5 * u * u)
    return y


def two_gaussian_line_and_jacobian(x: np.ndarray, p: np.ndarray
                                   ) -> tuple[np.ndarray, np.ndarray]:
    """:func:`two_gaussian_line` and its analytic Jacobian (B, 8, N), sharing the exponentials.

    Written with in-place operations (no temporaries beyond one work array): this function is
    the inner loop of a TrXPS series fit.
    """
    p = np.atleast_2d(np.asarray(p, float))
    x = np.asarray(x, float)
    xb = x[None, :] if x.ndim == 1 else x
    b, n = p.shape[0], xb.shape[-1]
    jac = np.empty((b, 8, n))
    y = np.empty((b, n))
    np.multiply(p[:, 7, None], xb, out=y)
    y += p[:, 6, None]
    u = np.empty((b, n))
    for k in (0, 3):
        inv_s = 1.0 / p[:, k + 2, None]
        np.subtract(xb, p[:, k + 1, None], out=u)
        u *= inv_s
        e = jac[:, k]
        np.multiply(u, u, out=e)
        e *= -0.5
        np.exp(e, out=e)
        d1 = jac[:, k + 1]
        np.multiply(e, p[:, k, None] * inv_s, out=d1)  # a e / s
        d1 *= u  # a e u / s
        np.multiply(d1, u, out=jac[:, k + 2])  # a e u^2 / s
        y += e * p[:, k, None]
    jac[:, 6] = 1.0
    jac[:, 7] = xb
    return y, jac


def two_gaussian_line_jacobian(x: np.ndarray, p: np.ndarray) -> np.ndarray:
    """Analytic Jacobian (B, 8, N) of :func:`two_gaussian_line`."""
    return two_gaussian_line_and_jacobian(x, p)[1]
