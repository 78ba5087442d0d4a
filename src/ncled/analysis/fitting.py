"""A small shared nonlinear least-squares helper (one fit at a time) with standard errors.

The covariance is the usual Gauss-Newton estimate ``s^2 (J^T J)^-1`` with ``s^2 = SSR / (N - p)``
(or ``(J^T W J)^-1`` with known per-point uncertainties), as in :func:`scipy.optimize.curve_fit`
and lmfit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import least_squares

from ncled.errors import ConfigError


@dataclass(frozen=True)
class FitResult:
    """Best-fit parameters (by name), their standard errors and the fit diagnostics."""

    params: dict[str, float]
    stderr: dict[str, float]
    covariance: np.ndarray = field(repr=False)
    success: bool
    message: str
    rms: float
    nfev: int


def least_squares_fit(
    model: Callable[..., np.ndarray],
    x: np.ndarray,
    y: np.ndarray,
    p0: dict[str, float],
    bounds: dict[str, tuple[float, float]] | None = None,
    sigma: np.ndarray | None = None,
    x_scale: str | np.ndarray = "jac",
) -> FitResult:
    """Fit ``y = model(x, **params)`` by (weighted) least squares.

    Parameters
    ----------
    model : callable
        ``model(x, **params) -> array`` broadcasting like ``x``.
    x, y : numpy.ndarray
        Data (1-D, same length, finite).
    p0 : dict of str to float
        Starting values, in the order of the covariance matrix.
    bounds : dict of str to (float, float), optional
        Lower and upper bounds by name (unbounded if absent).
    sigma : numpy.ndarray, optional
        Per-point standard uncertainty; if given, the covariance is not rescaled by the residual.
    x_scale : str or array
        Passed to :func:`scipy.optimize.least_squares`.

    Returns
    -------
    FitResult

    Raises
    ------
    ConfigError
        Data of unequal length or not finite, too few points, bounds naming a parameter that
        ``p0`` does not have (a misspelt bound would otherwise leave that parameter unbounded).
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    if x.shape != y.shape or x.ndim != 1:
        raise ConfigError(f"fit: x and y must be 1-D arrays of one length, got {x.shape}, "
                          f"{y.shape}")
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
        raise ConfigError("fit: data contain NaN or infinite values")
    names = list(p0)
    if x.size <= len(names):
        raise ConfigError(f"fit: {x.size} points cannot determine {len(names)} parameters")
    unknown = sorted(set(bounds or {}) - set(names))
    if unknown:
        raise ConfigError(f"fit: bounds given for unknown parameter(s) {unknown}; the model has "
                          f"{names}")
    w = np.ones_like(y) if sigma is None else 1.0 / np.asarray(sigma, dtype=float)
    lo = np.array([(bounds or {}).get(n, (-np.inf, np.inf))[0] for n in names])
    hi = np.array([(bounds or {}).get(n, (-np.inf, np.inf))[1] for n in names])

    def resid(p: np.ndarray) -> np.ndarray:
        return (model(x, **dict(zip(names, p, strict=True))) - y) * w

    start = np.clip(np.array([p0[n] for n in names], dtype=float), lo, hi)
    sol = least_squares(resid, start, bounds=(lo, hi), x_scale=x_scale, xtol=1e-14, ftol=1e-14,
                        gtol=1e-14, max_nfev=2000 * (len(names) + 1))
    jac = sol.jac
    _, s, vt = np.linalg.svd(jac, full_matrices=False)
    keep = s > np.finfo(float).eps * max(jac.shape) * s[0]
    cov = (vt[keep].T / s[keep] ** 2) @ vt[keep]
    dof = x.size - len(names)
    ssr = float(np.sum(sol.fun**2))
    if sigma is None:
        cov = cov * ssr / dof
    err = np.sqrt(np.clip(np.diag(cov), 0.0, None))
    if not np.all(keep):
        err[:] = np.nan
    return FitResult(
        params=dict(zip(names, map(float, sol.x), strict=True)),
        stderr=dict(zip(names, map(float, err), strict=True)),
        covariance=cov,
        success=bool(sol.success),
        message=str(sol.message),
        rms=float(np.sqrt(np.mean((sol.fun / w) ** 2))),
        nfev=int(sol.nfev),
    )
