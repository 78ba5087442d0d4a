"""Global lifetime analysis of time-resolved data: a parallel scheme of
:func:`~ncled.analysis.target_analysis.fit_target`.

The data ``D(t, k)`` (k: wavelength, fluence, ...) are modelled as ``C(t; theta) A`` where the
columns of ``C`` are exponential decays convolved with a Gaussian instrument response and
``A`` holds the amplitudes (decay-associated spectra, DAS, for spectrally resolved data; per-trace
amplitudes for a fluence series). This is target analysis with a parallel scheme (each
component populated with 1 and decaying on its own), so :func:`global_lifetime_fit` states the
lifetimes as such a scheme and runs the one engine,
:func:`ncled.analysis.target_analysis.fit_target` (variable projection: the amplitudes by linear
least squares for every trial of the
lifetimes, time zero and IRF width); it only translates lifetimes to rates and back.

A per-column time zero (chirp of a white-light probe, given as a polynomial in wavelength) is
supported through the instrument response's ``chirp_t0_s``.

References
----------
G. H. Golub and V. Pereyra, SIAM J. Numer. Anal. 10, 413 (1973), doi:10.1137/0710036
(variable projection); I. H. M. van Stokkum, D. S. Larsen and R. van Grondelle, Biochim.
Biophys. Acta 1657, 82 (2004), doi:10.1016/j.bbabio.2004.04.011 (global and target analysis,
DAS); J. Snellenburg et al., J. Stat. Softw. 49, 3 (2012), doi:10.18637/jss.v049.i03 (glotaran).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ncled.analysis.kinetics import decay_matrix, exp_conv_gauss, parallel_scheme
from ncled.analysis.target_analysis import IRF, fit_target
from ncled.errors import ConfigError

__all__ = ["GlobalFitResult", "decay_matrix", "exp_conv_gauss", "global_lifetime_fit"]


@dataclass(frozen=True)
class GlobalFitResult:
    """Result of :func:`global_lifetime_fit` (times in seconds); ``provenance`` is the one of
    the underlying :func:`~ncled.analysis.target_analysis.fit_target` run."""

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
    provenance: dict = field(default_factory=dict)


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
        Delays [s], shape (T,), increasing.
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
        ``amplitudes`` (J, K) are the decay-associated spectra (or per-trace amplitudes), in
        the order of ``lifetimes0_s``.

    Raises
    ------
    ConfigError
        Data that do not match the time axis or hold NaN, lifetimes that are not positive, and
        what :func:`~ncled.analysis.target_analysis.fit_target` refuses.
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
    free = np.isfinite(tau0)
    rates = [1.0 / tau if ok else "=0.0" for tau, ok in zip(tau0, free, strict=True)]
    scheme = parallel_scheme([f"c{i + 1}" for i in range(tau0.size)], rates)
    columns = np.arange(d.shape[1], dtype=float)  # a column index: no wavelength axis here
    irf = IRF(center_s=t0_s, fwhm_s=irf_fwhm_s, fit_center=fit_t0, fit_width=fit_irf,
              chirp_t0_s=None if chirp_t0_s is None else np.asarray(chirp_t0_s, float))
    w = None if weights is None else np.broadcast_to(np.asarray(weights, float), d.shape)
    res = fit_target(t, columns, d, scheme, irf, weights=w)
    k = np.array([res.rates[f"k{i + 1}"] for i in range(tau0.size)])
    k_err = np.array([res.rates_stderr[f"k{i + 1}"] for i in range(tau0.size)])
    with np.errstate(divide="ignore"):
        taus = np.where(free, 1.0 / np.where(free, k, 1.0), np.inf)
    tau_err = np.where(free, k_err / np.where(free, k, 1.0) ** 2, np.nan)  # d tau = dk / k^2
    return GlobalFitResult(
        taus, tau_err, res.irf_center_s, res.irf_stderr.get("center_s", float("nan")),
        res.irf_fwhm_s, res.irf_stderr.get("fwhm_s", float("nan")), res.sas, res.fit,
        res.residual, res.chisqr, res.redchi, res.success, res.message, res.provenance)
