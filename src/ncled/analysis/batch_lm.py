"""Batched, vectorised Levenberg-Marquardt least squares with analytic Jacobians.

Thousands of small, independent fits (one spectrum of a time-resolved XPS series each) are solved
at once: every iteration evaluates the model and its analytic Jacobian for a block of spectra as
``(B, N)`` and ``(B, P, N)`` arrays (one model call gives both, so an accepted step already has
its Jacobian), forms the ``(B, P, P)`` normal matrices with batched BLAS matrix products and
solves them with :func:`numpy.linalg.solve`. Each spectrum keeps its own damping factor and its
own convergence flag, so a spectrum that does not converge is reported as such instead of being
hidden in an average; finished spectra are dropped from the block once they are a quarter of it.

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

import importlib.util
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from ncled.errors import ConfigError

ModelFn = Callable[[np.ndarray, np.ndarray], np.ndarray]
"""``model(x, p) -> y``: ``x`` of shape (N,) or (B, N), ``p`` of shape (B, P), ``y`` (B, N)."""
JacobianFn = Callable[[np.ndarray, np.ndarray], np.ndarray]
"""``jac(x, p) -> J``: derivatives dy/dp, shape (B, P, N) (the transposed Jacobian, which is
the layout the normal equations use; any strides that BLAS accepts, e.g. a view of (P, B, N)
parameter planes)."""


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
        LM steps per spectrum, accepted plus rejected, shape (B,); a last step too small to need
        a model evaluation (see ``xtol``, ``ftol`` in :func:`fit_batch`) is counted.
    success : numpy.ndarray
        Boolean convergence flag per spectrum, shape (B,).
    message : tuple of str
        One message per spectrum ("converged ..." or why not).
    names : tuple of str
        Parameter names, in column order (``p0`` order; ``p1..pP`` when the model gives none).
    undetermined : numpy.ndarray of bool
        Shape (B, P): fitted parameters that the spectrum does not determine (standard error
        larger than the value, or not finite).
    engine : str
        ``"numpy"`` or ``"numba"``: the path that ran (see ``engine`` of :func:`fit_batch`).
    """

    params: np.ndarray
    stderr: np.ndarray
    covariance: np.ndarray
    chisqr: np.ndarray
    redchi: np.ndarray
    iterations: np.ndarray
    success: np.ndarray
    message: tuple[str, ...] = field(default=())
    names: tuple[str, ...] = field(default=())
    undetermined: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), bool))
    engine: str = "numpy"

    @property
    def n_failed(self) -> int:
        """Number of spectra that did not converge."""
        return int(np.count_nonzero(~self.success))

    def _column(self, name: str) -> int:
        if name not in self.names:
            raise ConfigError(f"no parameter {name!r}; the model has {list(self.names)}")
        return self.names.index(name)

    def value(self, name: str) -> np.ndarray:
        """Best-fit values of parameter ``name`` for every spectrum, shape (B,)."""
        return self.params[:, self._column(name)]

    def error(self, name: str) -> np.ndarray:
        """Standard errors of parameter ``name`` for every spectrum, shape (B,)."""
        return self.stderr[:, self._column(name)]


_COMPACT = 0.75
"""Compact a chunk's working set once at most this fraction of its rows is still fitted."""


def _normal_matrix(jac: np.ndarray) -> np.ndarray:
    """``J J^T`` for each batch member, shape (B, P, P), from ``jac`` (B, P, N).

    Formed as two products of half the rows each: NumPy hands ``J @ J^T`` of a single buffer to
    BLAS ``syrk``, which is about 2.5 times slower than ``gemm`` for these small matrices.
    """
    b, npar, _ = jac.shape
    out = np.empty((b, npar, npar))
    jt = jac.transpose(0, 2, 1)
    h = max(npar // 2, 1)
    np.matmul(jac[:, :h], jt, out=out[:, :h])
    if h < npar:
        np.matmul(jac[:, h:], jt, out=out[:, h:])
    return out


def _solve_damped(jtj: np.ndarray, g: np.ndarray, lam: np.ndarray,
                  skip: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Solve (JtJ + lam diag(JtJ)) dp = g for each batch member.

    Rows flagged in ``skip`` (already finished) are replaced by the identity so that a NaN or
    singular matrix there cannot make the batched solve fall back to one row at a time.
    Returns the steps and a flag per row whose matrix is singular (its step is NaN; the fit
    reports that spectrum as singular instead of hiding it).
    """
    npar = jtj.shape[-1]
    a = jtj.copy()
    diag = a.reshape(a.shape[0], npar * npar)[:, :: npar + 1]  # view of the diagonals
    diag += lam[:, None] * np.maximum(diag, 1e-300)
    if skip is not None and skip.any():
        a[skip] = np.eye(npar)
    singular = np.zeros(a.shape[0], bool)
    try:
        return np.linalg.solve(a, g[..., None])[..., 0], singular
    except np.linalg.LinAlgError:
        out = np.full_like(g, np.nan)
        for i in range(a.shape[0]):
            try:
                out[i] = np.linalg.solve(a[i], g[i])
            except np.linalg.LinAlgError:
                singular[i] = True
        return out, singular


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
    names: tuple[str, ...] | list[str] | None = None,
    engine: str = "auto",
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
        Maximum number of evaluated LM steps per spectrum (200).
    xtol, ftol : float
        Convergence when the relative step is below ``xtol`` (the step is then applied without
        evaluating the model), when the relative chi-square decrease of an accepted step is
        below ``ftol``, or when the decrease predicted for the next, nearly undamped step
        (``lambda <= 1``) is below ``ftol`` (that step is applied, as a Gauss-Newton step this
        small cannot fail; this saves the evaluations that would otherwise be rejected because
        chi-square no longer changes beyond rounding).
    lambda0 : float
        Initial Marquardt damping factor (1e-3, Marquardt 1963).
    chunk : int
        Spectra processed together (256: a block's Jacobian, 3 MB for 8 parameters and 200
        points, stays in cache; 200-500 are equally fast on a 2-core AMD EPYC).
    model_and_jacobian : callable, optional
        ``f(x, p) -> (y, J)`` computing both at once (shared exponentials); used instead of
        ``model`` and ``jacobian`` when given (the fast path).
    names : sequence of str, optional
        Parameter names in column order (e.g. ``TWO_GAUSS_LINE_NAMES``), for
        :meth:`BatchFitResult.value`; default ``p1..pP``.
    engine : {"auto", "numpy", "numba"}
        ``auto`` (default) runs the compiled per-spectrum kernel of
        :mod:`~ncled.analysis.batch_lm_numba` when
        numba (the ``fast`` extra) is installed and the model is :func:`two_gaussian_line`
        with :func:`two_gaussian_line_jacobian`, the NumPy path otherwise; both give the same
        parameters to rounding (same steps, same tests). ``numba`` requires the kernel.

    Raises
    ------
    ConfigError
        Shapes that do not match, NaN or inf in the data, weights or start values (naming the
        first spectrum and point), too few points.

    Returns
    -------
    BatchFitResult

    Notes
    -----
    Step: ``(J^T W^2 J + lambda diag(J^T W^2 J)) dp = J^T W^2 r``; accepted when chi-square falls,
    after which ``lambda`` shrinks by ``max(1/3, 1 - (2 rho - 1)^3)`` (Nielsen 1999, ``rho`` the
    gain ratio), otherwise it grows by a factor that doubles at each rejection. Every trial step is
    evaluated with its Jacobian, so that an accepted step needs no second model call.
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
    for what, arr in (("data", y), ("weights", w), ("start values", p0), ("abscissa", x)):
        if arr is not None and not np.all(np.isfinite(arr)):
            bad = np.argwhere(~np.isfinite(np.atleast_2d(arr)))
            rows_bad = np.unique(bad[:, 0])
            where = (f"spectrum {rows_bad[0]}, point {bad[0, 1]}" if arr.ndim == 2 else
                     f"point {bad[0, 1]}")
            raise ConfigError(f"{what} hold NaN or inf ({where}; {rows_bad.size} row(s) "
                              "affected); drop or repair those spectra before fitting")
    names = tuple(names) if names is not None else tuple(f"p{i + 1}" for i in range(npar))
    if len(names) != npar:
        raise ConfigError(f"names: {len(names)} given for {npar} parameters")
    nfree = n - int(vary.sum())
    if nfree <= 0:
        raise ConfigError(f"{n} points cannot determine {int(vary.sum())} parameters")

    kernel = _fused_kernel(engine, model, jacobian, model_and_jacobian)
    if kernel is not None:
        params, cov, chisqr, iters, success, messages = _fit_fused(
            kernel, x, y, p0, w, vary, max_iter, xtol, ftol, lambda0)
    else:
        params, cov, chisqr, iters, success, messages = _fit_numpy(
            model, jacobian, model_and_jacobian, x, y, p0, w, vary, max_iter, xtol, ftol,
            lambda0, chunk)
    redchi = chisqr / nfree
    cov *= redchi[:, None, None]
    stderr = np.sqrt(np.einsum("bii->bi", cov))
    stderr[:, ~vary] = np.nan
    with np.errstate(invalid="ignore"):
        undetermined = vary[None, :] & ~(stderr <= np.abs(params))
    return BatchFitResult(params, stderr, cov, chisqr, redchi, iters, success, tuple(messages),
                          names, undetermined, "numba" if kernel is not None else "numpy")


def _fit_numpy(model, jacobian, model_and_jacobian, x, y, p0, w, vary, max_iter, xtol, ftol,
               lambda0, chunk):
    """The NumPy path: :func:`_fit_chunk` on blocks of ``chunk`` spectra."""
    if model_and_jacobian is None:
        def evaluate(xx, pp):
            return model(xx, pp), jacobian(xx, pp)
    else:
        evaluate = model_and_jacobian
    b, npar = p0.shape
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
        out = _fit_chunk(evaluate, xs, y[sl], p0[sl], ws, vary, max_iter, xtol, ftol,
                         lambda0, _COMPACT)
        params[sl], cov[sl], chisqr[sl], iters[sl], success[sl], msg = out
        messages[sl] = msg
    return params, cov, chisqr, iters, success, messages


ENGINES = ("auto", "numpy", "numba")
"""``engine`` choices of :func:`fit_batch`: ``auto`` takes the compiled kernel when numba is
installed and the model has one (:func:`two_gaussian_line`), NumPy otherwise."""


def numba_available() -> bool:
    """Whether the compiled kernels can be used (numba, the ``fast`` extra, is installed)."""
    return importlib.util.find_spec("numba") is not None


def _fused_kernel(engine, model, jacobian, model_and_jacobian):
    """The compiled kernel for this model and ``engine``, or None for the NumPy path."""
    if engine not in ENGINES:
        raise ConfigError(f"engine: {engine!r} is not one of {list(ENGINES)}")
    if engine == "numpy":
        return None
    fused = (model is two_gaussian_line and jacobian is two_gaussian_line_jacobian
             and model_and_jacobian in (None, two_gaussian_line_and_jacobian))
    if engine == "numba":
        if not numba_available():
            raise ConfigError("engine='numba' needs numba: pip install 'ncled[fast]'")
        if not fused:
            raise ConfigError("engine='numba' has a compiled kernel only for two_gaussian_line "
                              "(with two_gaussian_line_jacobian); use engine='numpy'")
    if not fused or not numba_available():
        return None
    from ncled.analysis import batch_lm_numba

    return batch_lm_numba.fit_two_gauss_line


_KERNEL_LOCK = threading.Lock()
"""One compiled call at a time: numba's default (workqueue) threading layer is not safe for
parallel kernels launched from several Python threads at once (e.g. a web server's)."""

_STATUS_MESSAGES = (
    "maximum number of iterations reached",
    "converged (step below xtol)",
    "converged (predicted chi-square decrease below ftol)",
    "converged",
    "singular normal matrix at step {} (parameters not determined by this spectrum)",
    "no downhill step found (singular or badly scaled problem)",
    "no downhill step found (singular or badly scaled problem)",
    "model is not finite at the starting parameters",
)
"""Messages of the compiled kernel's status codes (:mod:`~ncled.analysis.batch_lm_numba`), the NumPy
path's
words; code 4 carries the step of the singular solve."""


def _fit_fused(kernel, x, y, p0, w, vary, max_iter, xtol, ftol, lambda0):
    """The compiled path: one call of ``kernel`` for all spectra, then the shared covariances."""
    n = y.shape[1]
    params = np.ascontiguousarray(p0, dtype=float).copy()
    x2 = np.ascontiguousarray(np.atleast_2d(x), dtype=float)
    w2 = np.ones((1, n)) if w is None else np.ascontiguousarray(w, dtype=float)
    vi = np.flatnonzero(vary).astype(np.int64)
    with _KERNEL_LOCK:
        jtj, chisqr, iters, status, at = kernel(x2, np.ascontiguousarray(y), w2, params, vi,
                                                int(max_iter), float(xtol), float(ftol),
                                                float(lambda0))
    success = (status >= 1) & (status <= 3)
    messages = [_STATUS_MESSAGES[c] for c in status.tolist()]
    for i in np.flatnonzero(status == 4):
        messages[i] = messages[i].format(at[i])
    cov = _covariance(jtj, vi, params.shape[1], success, messages)
    return params, cov, chisqr, iters.astype(int), success, messages


def _fit_chunk(evaluate, x, y, p, w, vary, max_iter, xtol, ftol, lambda0, compact):
    """Levenberg-Marquardt on one chunk of spectra.

    Works on a *working set* of rows that is computed in full at every step (no per-step
    gathers); rows that finish are masked out and the working set is compacted (one gather)
    only once the finished rows exceed ``1 - compact`` of it (before the trial evaluation, so
    the rows that have just converged are not evaluated again). Returns the parameters, the
    unscaled covariances ``inv(J^T W^2 J)`` (zero for fixed parameters), chi-square, steps,
    success flags and messages, all for the chunk's rows.
    """
    b = y.shape[0]
    all_vary = bool(vary.all())
    vi = np.flatnonzero(vary)
    nv = vi.size
    params = p.copy()
    jtj_out = np.empty((b, nv, nv))
    chi_out = np.empty(b)
    iters = np.zeros(b, int)
    success = np.zeros(b, bool)
    msg = ["maximum number of iterations reached"] * b

    def weighted(jac, ww):
        jac = jac if all_vary else jac[:, vary, :]
        jac = jac if ww is None else jac * ww[:, None, :]
        if not jac.flags.writeable:
            jac = np.array(jac)
        return jac

    def residual(yy, ymod, ww):
        res = np.subtract(yy, ymod)
        if ww is not None:
            res *= ww
        return res

    # working set: entry k is chunk row rows[k]
    rows = np.arange(b)
    pw = params.copy()
    xw, yw, ww = x, y, w
    y0, j0 = evaluate(xw, pw)
    jac = weighted(j0, ww)
    r = residual(yw, y0, ww)
    chi = np.einsum("bn,bn->b", r, r)
    lam = np.full(b, lambda0)
    nu = np.full(b, 2.0)
    active = np.isfinite(chi)
    leaving = ~active  # finished, normal matrix still to be stored (at the next pass)
    for i in np.flatnonzero(leaving):
        msg[i] = "model is not finite at the starting parameters"

    def store(k, jtj_k):
        ci = rows[k]
        params[ci] = pw[k]
        jtj_out[ci] = jtj_k
        chi_out[ci] = chi[k]

    for it in range(max_iter + 1):
        jtj = _normal_matrix(jac)
        if leaving.any():
            k = np.flatnonzero(leaving)
            store(k, jtj[k])
            leaving[:] = False
        na = np.count_nonzero(active)
        if na == 0:
            break
        if it == max_iter:
            k = np.flatnonzero(active)
            store(k, jtj[k])
            break
        full = na == active.size
        g = np.matmul(jac, r[..., None])[..., 0]
        dp, singular = _solve_damped(jtj, g, lam, None if full else ~active)
        pv = pw if all_vary else pw[:, vi]
        finite = np.isfinite(dp).all(axis=1)
        small = np.all(np.abs(dp) <= xtol * (np.abs(pv) + xtol), axis=1)
        # predicted decrease of chi-square by the damped linearised step (Nielsen 1999)
        pred = np.einsum("bi,bi->b", dp, lam[:, None] * np.einsum("bii->bi", jtj) * dp + g)
        # a step too small to matter (or one that cannot lower chi-square by ftol in the
        # quadratic, nearly undamped regime) ends the fit without another model evaluation
        tiny = finite & (small | ((pred <= ftol * chi) & (lam <= 1.0)))
        conv = active & tiny
        fail = active & ~finite
        if conv.any() or fail.any():
            k = np.flatnonzero(conv)
            if all_vary:
                pw[k] += dp[k]
            else:
                pw[k[:, None], vi] += dp[k]
            iters[rows[k]] += 1
            success[rows[k]] = True
            for i, s in zip(rows[k], small[k], strict=True):
                msg[i] = ("converged (step below xtol)" if s else
                          "converged (predicted chi-square decrease below ftol)")
            for i, sg in zip(rows[fail], singular[fail], strict=True):
                msg[i] = (f"singular normal matrix at step {it} (parameters not determined by "
                          "this spectrum)" if sg else
                          "no downhill step found (singular or badly scaled problem)")
            k = np.flatnonzero(conv | fail)
            store(k, jtj[k])
            active &= ~(conv | fail)
            na = np.count_nonzero(active)
            if na == 0:
                break
            full = False
        if na <= compact * active.size:  # gather the unfinished rows once, before evaluating
            k = np.flatnonzero(active)
            rows, pw, dp, pred, r, chi, lam, nu, jac, yw = (
                a[k] for a in (rows, pw, dp, pred, r, chi, lam, nu, jac, yw))
            ww = None if ww is None else ww[k]
            xw = xw if xw.ndim == 1 else xw[k]
            active = np.ones(na, bool)
            leaving = np.zeros(na, bool)
            full = True
        if not full:
            dp[~active] = 0.0  # finished rows are carried along unchanged
        pn = pw.copy()
        if all_vary:
            pn += dp
        else:
            pn[:, vi] += dp
        yn, jn = evaluate(xw, pn)
        rn = residual(yw, yn, ww)
        chin = np.einsum("bn,bn->b", rn, rn)
        iters[rows[active]] += 1
        with np.errstate(all="ignore"):
            ok = active & np.isfinite(chin) & (chin < chi)
            rej = active & ~ok
            gain = chi - chin
            rho = np.where(ok & (pred > 0), gain / np.where(pred > 0, pred, 1.0), 1.0)
            lam = np.where(ok, lam * np.maximum(1 / 3, 1 - (2 * rho - 1) ** 3),
                           np.where(rej, lam * nu, lam))
            nu = np.where(ok, 2.0, np.where(rej, 2 * nu, nu))
            fconv = ok & (gain <= ftol * chi)
        stuck = rej & (lam > 1e16)
        jn = weighted(jn, ww)
        nok = np.count_nonzero(ok)
        if nok == ok.size:  # every step accepted: adopt the new arrays without copies
            pw, r, chi, jac = pn, rn, chin, jn
        elif 2 * nok >= ok.size:  # mostly accepted: patch the rejected rows into the new arrays
            k = np.flatnonzero(~ok)
            pn[k], rn[k], chin[k], jn[k] = pw[k], r[k], chi[k], jac[k]
            pw, r, chi, jac = pn, rn, chin, jn
        elif nok:
            k = np.flatnonzero(ok)
            pw[k], r[k], chi[k], jac[k] = pn[k], rn[k], chin[k], jn[k]
        if fconv.any() or stuck.any():
            success[rows[fconv]] = True
            for i in rows[fconv]:
                msg[i] = "converged"
            for i in rows[stuck]:
                msg[i] = "no downhill step found (singular or badly scaled problem)"
            leaving |= fconv | stuck
            active &= ~(fconv | stuck)
    return params, _covariance(jtj_out, vi, params.shape[1], success, msg), chi_out, iters, \
        success, msg


def _covariance(jtj: np.ndarray, vi: np.ndarray, npar: int, success: np.ndarray,
                msg: list[str]) -> np.ndarray:
    """Unscaled covariances ``inv(J^T W^2 J)``, shape (B, P, P) with zero rows and columns for
    the fixed parameters, from the normal matrices of the varying ones (B, nv, nv). A singular
    matrix is reported on its spectrum (``success`` False, a message), not swallowed."""
    b, nv = jtj.shape[0], vi.size
    jtj = 0.5 * (jtj + jtj.transpose(0, 2, 1))  # exactly symmetric covariances
    bad = ~np.isfinite(jtj).all(axis=(1, 2))  # failed already (model not finite): NaN
    jtj[bad] = np.eye(nv)
    try:
        cov_v = np.linalg.inv(jtj)
    except np.linalg.LinAlgError:
        cov_v = np.full((b, nv, nv), np.nan)
        for i in range(b):
            try:
                cov_v[i] = np.linalg.inv(jtj[i])
            except np.linalg.LinAlgError:
                if success[i]:  # a failed fit keeps the message that says why it failed
                    msg[i] = "singular normal matrix: parameters are not determined"
                success[i] = False
    cov_v[bad] = np.nan
    cov = np.zeros((b, npar, npar))
    cov[:, vi[:, None], vi[None, :]] = cov_v
    return cov


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

    The Jacobian is stored parameter-major, as eight contiguous (B, N) planes, and returned as
    a (B, 8, N) view of them: every array operation then runs over one contiguous block instead
    of B short rows (about twice as fast), and BLAS reads the view without a copy. For a shared
    abscissa the straight line and ``u = (x - c) / s`` are formed as ``(B, 2) @ (2, N)`` matrix
    products with the rows (1, x). Written with in-place operations, as this function is the
    inner loop of a TrXPS series fit.
    """
    p = np.atleast_2d(np.asarray(p, float))
    x = np.asarray(x, float)
    shared = x.ndim == 1
    b, n = p.shape[0], x.shape[-1]
    planes = np.empty((8, b, n))
    planes[6] = 1.0
    planes[7] = x
    if shared:
        one_x = np.stack((np.ones(n), x))
        y = np.matmul(p[:, 6:8], one_x)
    else:
        y = np.multiply(p[:, 7, None], x)
        y += p[:, 6, None]
    for k in (0, 3):
        inv_s = 1.0 / p[:, k + 2]
        e, d_c, d_s = planes[k], planes[k + 1], planes[k + 2]
        if shared:
            np.matmul(np.stack((-p[:, k + 1] * inv_s, inv_s), axis=1), one_x, out=d_s)
        else:
            np.subtract(x, p[:, k + 1, None], out=d_s)
            d_s *= inv_s[:, None]  # u = (x - c) / s
        np.multiply(d_s, d_s, out=e)
        e *= -0.5
        np.exp(e, out=e)  # dy/da = exp(-u^2 / 2)
        np.multiply(e, p[:, k, None], out=d_c)
        y += d_c
        d_c *= d_s
        d_c *= inv_s[:, None]  # dy/dc = a e u / s
        d_s *= d_c  # dy/ds = a e u^2 / s
    return y, planes.transpose(1, 0, 2)


def two_gaussian_line_jacobian(x: np.ndarray, p: np.ndarray) -> np.ndarray:
    """Analytic Jacobian (B, 8, N) of :func:`two_gaussian_line`."""
    return two_gaussian_line_and_jacobian(x, p)[1]
