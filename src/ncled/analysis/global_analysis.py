"""Global lifetime analysis of time-resolved data by variable projection.

The data ``D(t, k)`` (k: wavelength, fluence, ...) are modelled as ``C(t; theta) A`` where the
columns of ``C`` are exponential decays convolved with a Gaussian instrument response and
``A`` holds the amplitudes (decay-associated spectra, DAS, for spectrally resolved data; per-trace
amplitudes for a fluence series). For given nonlinear parameters ``theta`` (lifetimes, time zero,
IRF width) the amplitudes follow by linear least squares; only ``theta`` is optimised, on the
projected residual (variable projection). Standard errors of ``theta`` come from the Jacobian of
the projected residual scaled by the reduced chi-square.

A per-column time zero (chirp of a white-light probe, given as a polynomial in wavelength) is
supported: each column then has its own ``C`` and its own linear solve, done batched.

References
----------
G. H. Golub and V. Pereyra, SIAM J. Numer. Anal. 10, 413 (1973), doi:10.1137/0710036
(variable projection); I. H. M. van Stokkum, D. S. Larsen and R. van Grondelle, Biochim.
Biophys. Acta 1657, 82 (2004), doi:10.1016/j.bbabio.2004.04.011 (global and target analysis,
DAS); J. Snellenburg et al., J. Stat. Softw. 49, 3 (2012), doi:10.18637/jss.v049.i03 (glotaran).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import least_squares
from scipy.special import erfc, erfcx

from ncled.errors import ConfigError

_FWHM_TO_SIGMA = 1.0 / (2.0 * np.sqrt(2.0 * np.log(2.0)))


def exp_conv_gauss(t, tau, t0, irf_fwhm):
    """Unit-amplitude exponential decay starting at ``t0`` convolved with a unit-area Gaussian.

    ``f(t) = 1/2 exp(s^2/(2 tau^2) - (t-t0)/tau) erfc((s^2/tau - (t-t0)) / (sqrt(2) s))`` with
    ``s = irf_fwhm / (2 sqrt(2 ln 2))``; ``tau = inf`` gives the integrated Gaussian (a step).
    Evaluated with ``erfcx`` where the plain form would overflow (``tau`` << IRF). Consistent
    units for ``t``, ``tau``, ``t0`` and ``irf_fwhm`` (SI seconds inside ncled).

    References
    ----------
    van Stokkum et al., Biochim. Biophys. Acta 1657, 82 (2004), eq. (7).
    """
    t = np.asarray(t, float) - t0
    s = max(float(irf_fwhm) * _FWHM_TO_SIGMA, 1e-300)
    tau = np.asarray(tau, float)
    if np.all(np.isinf(tau)):
        return 0.5 * erfc(-t / (np.sqrt(2) * s))
    arg = (s * s / tau - t) / (np.sqrt(2) * s)
    expo = s * s / (2 * tau * tau) - t / tau
    big = arg > 0
    # for arg > 0: exp(expo) erfc(arg) = erfcx(arg) exp(expo - arg^2) = erfcx(arg) exp(-t^2/2s^2)
    val_big = erfcx(np.where(big, arg, 0.0)) * np.exp(-0.5 * (t / s) ** 2)
    val_small = erfc(np.where(big, 0.0, arg)) * np.exp(np.minimum(np.where(big, 0.0, expo), 700))
    return 0.5 * np.where(big, val_big, val_small)


def decay_matrix(t, taus, t0, irf_fwhm):
    """Columns ``exp_conv_gauss(t, tau_j, t0, irf)`` for each lifetime, shape (T, J)
    (or (K, T, J) when ``t0`` is an array of K per-column time zeros)."""
    t = np.asarray(t, float)
    t0 = np.asarray(t0, float)
    taus = np.asarray(taus, float)
    return exp_conv_gauss(t[..., :, None] if t0.ndim == 0 else t[None, :, None],
                          taus[None, :] if t0.ndim == 0 else taus[None, None, :],
                          t0 if t0.ndim == 0 else t0[:, None, None], irf_fwhm)


@dataclass(frozen=True)
class GlobalFitResult:
    """Result of :func:`global_lifetime_fit` (times in seconds)."""

    lifetimes_s: np.ndarray
    lifetimes_stderr_s: np.ndarray
    t0_s: float
    t0_stderr_s: float
    irf_fwhm_s: float
    irf_fwhm_stderr_s: float
    amplitudes: np.ndarray
    fit: np.ndarray
    residual: np.ndarray
    chisqr: float
    redchi: float
    success: bool
    message: str


def global_lifetime_fit(
    time_s,
    data,
    lifetimes0_s,
    *,
    t0_s: float = 0.0,
    irf_fwhm_s: float = 100e-15,
    fit_t0: bool = True,
    fit_irf: bool = True,
    chirp_t0_s=None,
    weights=None,
) -> GlobalFitResult:
    """Fit shared lifetimes to all columns of ``data`` with per-column amplitudes.

    Parameters
    ----------
    time_s : array_like
        Delays [s], shape (T,).
    data : array_like
        Shape (T, K): K traces (wavelengths or fluences).
    lifetimes0_s : sequence of float
        Start lifetimes [s]; ``inf`` adds a non-decaying (step) component, kept fixed.
    t0_s, irf_fwhm_s : float
        Start (or fixed) time zero and Gaussian IRF FWHM [s].
    fit_t0, fit_irf : bool
        Whether to fit them.
    chirp_t0_s : array_like, optional
        Per-column time-zero offsets [s] (shape (K,)) added to ``t0``, e.g. from a chirp
        polynomial.
    weights : array_like, optional
        1/sigma, broadcastable to (T, K).

    Returns
    -------
    GlobalFitResult
        ``amplitudes`` (J, K) are the decay-associated spectra (or per-trace amplitudes).
    """
    t = np.asarray(time_s, float)
    d = np.asarray(data, float)
    if d.ndim == 1:
        d = d[:, None]
    if d.shape[0] != t.size:
        raise ConfigError(f"data has {d.shape[0]} delays but the time axis {t.size}")
    if not np.all(np.isfinite(d)):
        raise ConfigError("data hold NaN or inf; drop those delays or wavelengths first")
    tau0 = np.asarray(lifetimes0_s, float)
    if tau0.size == 0 or np.any(tau0 <= 0):
        raise ConfigError(f"lifetimes must be positive, got {lifetimes0_s}")
    w = np.ones_like(d) if weights is None else np.broadcast_to(np.asarray(weights, float),
                                                                 d.shape)
    free_tau = np.isfinite(tau0)
    chirp = None if chirp_t0_s is None else np.asarray(chirp_t0_s, float)
    scale_t = np.max(np.abs(t)) or 1.0

    def unpack(theta):
        taus = tau0.copy()
        n = int(free_tau.sum())
        taus[free_tau] = np.exp(theta[:n])  # log lifetimes keep them positive
        k = n
        t0 = t0_s
        if fit_t0:
            t0 = theta[k] * scale_t
            k += 1
        irf = irf_fwhm_s
        if fit_irf:
            irf = np.exp(theta[k])
        return taus, t0, irf

    def amplitudes(theta):
        taus, t0, irf = unpack(theta)
        if chirp is None:
            c = decay_matrix(t, taus, t0, irf)  # (T, J)
            cw = c[None, :, :] * w.T[:, :, None]  # (K, T, J)
        else:
            c = decay_matrix(t, taus, t0 + chirp, irf)  # (K, T, J)
            cw = c * w.T[:, :, None]
        dw = (d * w).T  # (K, T)
        cta = np.swapaxes(cw, 1, 2) @ cw
        ctd = np.swapaxes(cw, 1, 2) @ dw[..., None]
        ridge = 1e-12 * np.trace(cta, axis1=1, axis2=2)[:, None, None] * np.eye(cta.shape[-1])
        amp = np.linalg.solve(cta + ridge, ctd)[..., 0]  # (K, J)
        model = (cw @ amp[..., None])[..., 0] / np.where(w.T == 0, 1, w.T)
        return amp, model.T

    def resid(theta):
        _, model = amplitudes(theta)
        return ((d - model) * w).ravel()

    theta0 = list(np.log(tau0[free_tau]))
    if fit_t0:
        theta0.append(t0_s / scale_t)
    if fit_irf:
        theta0.append(np.log(irf_fwhm_s))
    theta0 = np.asarray(theta0)
    sol = least_squares(resid, theta0, method="lm", xtol=1e-12, ftol=1e-12, max_nfev=4000)
    amp, model = amplitudes(sol.x)
    taus, t0, irf = unpack(sol.x)
    nfree = d.size - sol.x.size - amp.size
    chisqr = float(np.sum(sol.fun ** 2))
    redchi = chisqr / max(nfree, 1)
    try:
        cov = np.linalg.inv(sol.jac.T @ sol.jac) * redchi
        err = np.sqrt(np.clip(np.diag(cov), 0, None))
        ok, msg = bool(sol.success), str(sol.message)
    except np.linalg.LinAlgError:
        err = np.full(sol.x.size, np.nan)
        ok, msg = False, "singular Jacobian: lifetimes not determined (too many components?)"
    n = int(free_tau.sum())
    tau_err = np.zeros_like(tau0)
    tau_err[free_tau] = taus[free_tau] * err[:n]  # d tau = tau d(log tau)
    tau_err[~free_tau] = np.nan
    k = n
    t0_err = float("nan")
    if fit_t0:
        t0_err = float(err[k] * scale_t)
        k += 1
    irf_err = float(irf * err[k]) if fit_irf else float("nan")
    return GlobalFitResult(taus, tau_err, float(t0), t0_err, float(irf), irf_err, amp.T, model,
                           d - model, chisqr, redchi, ok, msg)
