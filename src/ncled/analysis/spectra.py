"""Spectra: axis and spectral-density conversion, baseline, smoothing, peak metrics, Gaussian fits
in energy, EL versus PL comparison, and Planck radiance (``planck_spectral_radiance`` is
:func:`ncled.optics.thermal.planck_spectral_radiance`, re-exported here).

Spectral axes are SI inside: ``wavelength`` [m], ``wavenumber`` [m^-1], ``energy`` [J]. A spectral
density changes value when its axis changes: the power in a band is invariant, so
``S_x(x) |dx| = S_y(y) |dy|`` and ``S_y = S_x |dx/dy|`` (the Jacobian). With ``lambda = hc/E`` and
``lambda = 1/nu``: ``S_E = S_lambda lambda^2 / (h c)`` and ``S_nu = S_lambda lambda^2``. Quantities
that are not densities (absorbance, transmittance) are converted point by point without it
(``density=False``).

References
----------
.. [1] Mooney, J. & Kambhampati, P. Get the basics right: Jacobian conversion of wavelength and
   energy scales for quantitative analysis of emission spectra. J. Phys. Chem. Lett. 4, 3316
   (2013). https://doi.org/10.1021/jz401508t
.. [2] Savitzky, A. & Golay, M. J. E. Smoothing and differentiation of data by simplified least
   squares procedures. Anal. Chem. 36, 1627 (1964). https://doi.org/10.1021/ac60214a047
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.signal import savgol_filter

from ncled.analysis.fitting import FitResult, least_squares_fit
from ncled.constants import c, h, q
from ncled.errors import ConfigError
from ncled.optics.thermal import planck_spectral_radiance
from ncled.spectral import PeakMetrics, peak_metrics

__all__ = [
    "AXIS_KINDS", "GaussianFit", "PeakMetrics", "SpectrumSummary", "axis_to_wavelength",
    "blackbody_band_radiance", "compare_spectra", "convert_spectrum", "fit_gaussians_energy",
    "gaussians_ev", "peak_metrics", "planck_spectral_radiance", "polynomial_baseline",
    "savgol_smooth", "summarize_spectrum", "wavelength_to_axis",
]

AXIS_KINDS = ("wavelength", "wavenumber", "energy")


def _kind(kind: str) -> str:
    if kind not in AXIS_KINDS:
        raise ConfigError(f"spectral axis {kind!r} not known; known: {list(AXIS_KINDS)}")
    return kind


def axis_to_wavelength(x, kind: str) -> np.ndarray:
    """Vacuum wavelength [m] of axis values ``x`` in SI (m, m^-1 or J)."""
    x = np.asarray(x, dtype=float)
    return {"wavelength": lambda v: v, "wavenumber": lambda v: 1.0 / v,
            "energy": lambda v: h * c / v}[_kind(kind)](x)


def wavelength_to_axis(wavelength_m, kind: str) -> np.ndarray:
    """Axis values in SI (m, m^-1 or J) of vacuum wavelengths [m]."""
    lam = np.asarray(wavelength_m, dtype=float)
    return {"wavelength": lambda v: v, "wavenumber": lambda v: 1.0 / v,
            "energy": lambda v: h * c / v}[_kind(kind)](lam)


def _abs_dx_dlambda(lam: np.ndarray, kind: str) -> np.ndarray:
    return {"wavelength": lambda v: np.ones_like(v), "wavenumber": lambda v: 1.0 / v**2,
            "energy": lambda v: h * c / v**2}[kind](lam)


def convert_spectrum(x, y, from_kind: str, to_kind: str, density: bool = True):
    """Convert a spectrum to another axis, with the Jacobian for a spectral density.

    Parameters
    ----------
    x : array_like
        Axis in SI (m, m^-1 or J) of kind ``from_kind``.
    y : array_like
        Signal; a spectral density per unit of ``from_kind`` if ``density``.
    from_kind, to_kind : {"wavelength", "wavenumber", "energy"}
        Axis kinds.
    density : bool
        Multiply by ``|d from / d to|`` so that band integrals are conserved (ref. 1 of the module).

    Returns
    -------
    x_new, y_new : numpy.ndarray
        The new axis (SI, ascending) and signal.
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    lam = axis_to_wavelength(x, from_kind)
    xn = wavelength_to_axis(lam, to_kind)
    yn = y * (_abs_dx_dlambda(lam, from_kind) / _abs_dx_dlambda(lam, to_kind)) if density else y
    order = np.argsort(xn)
    return xn[order], yn[order]


def polynomial_baseline(x, y, windows: list[tuple[float, float]], order: int = 1) -> np.ndarray:
    """Baseline fitted by least squares to the points inside user windows.

    Parameters
    ----------
    x, y : array_like
        Spectrum (any axis unit, the windows in the same unit).
    windows : list of (float, float)
        Axis intervals holding no signal (inclusive, either order).
    order : int
        Polynomial order (1: a straight line).

    Returns
    -------
    numpy.ndarray
        The baseline at every ``x`` (subtract it from ``y``).
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    if not windows:
        raise ConfigError("baseline: give at least one window (lo, hi) free of signal")
    mask = np.zeros(x.shape, dtype=bool)
    for lo, hi in windows:
        mask |= (x >= min(lo, hi)) & (x <= max(lo, hi))
    if mask.sum() < order + 1:
        raise ConfigError(f"baseline: the windows {windows} hold {int(mask.sum())} points, an "
                          f"order-{order} polynomial needs at least {order + 1}")
    centre, scale = x[mask].mean(), np.ptp(x[mask]) or 1.0
    coef = np.polynomial.polynomial.polyfit((x[mask] - centre) / scale, y[mask], order)
    return np.polynomial.polynomial.polyval((x - centre) / scale, coef)


def savgol_smooth(y, window_points: int, polyorder: int = 2) -> np.ndarray:
    """Savitzky-Golay smoothing (ref. 2 of the module) (only when the user asks for it).

    Parameters
    ----------
    y : array_like
        Signal on a (near-)uniform axis.
    window_points : int
        Odd window length in points, larger than ``polyorder``.
    polyorder : int
        Order of the local polynomial.
    """
    y = np.asarray(y, dtype=float)
    if window_points % 2 == 0 or window_points <= polyorder or window_points > y.size:
        raise ConfigError(f"smoothing: window must be odd, > polyorder ({polyorder}) and <= the "
                          f"number of points ({y.size}); got {window_points}")
    return savgol_filter(y, window_points, polyorder)


@dataclass(frozen=True)
class SpectrumSummary:
    """Peak metrics of one spectrum on the wavelength and the energy axes (SI)."""

    wavelength: PeakMetrics
    energy: PeakMetrics

    @property
    def resolving_ratio(self) -> float:
        """Peak wavelength over FWHM in wavelength (lambda / dlambda)."""
        return self.wavelength.peak / self.wavelength.fwhm


def summarize_spectrum(x, y, kind: str, density: bool = True) -> SpectrumSummary:
    """Peak metrics on both the wavelength and the energy axis of a spectrum.

    Parameters
    ----------
    x, y : array_like
        Axis in SI (kind ``kind``) and signal (baseline already removed).
    kind : {"wavelength", "wavenumber", "energy"}
        Kind of ``x``.
    density : bool
        Whether ``y`` is a spectral density (converted with the Jacobian) (ref. 1 of the module).
    """
    xl, yl = convert_spectrum(x, y, kind, "wavelength", density)
    xe, ye = convert_spectrum(x, y, kind, "energy", density)
    return SpectrumSummary(peak_metrics(xl, yl, "wavelength"), peak_metrics(xe, ye, "energy"))


def gaussians_ev(energy_ev, **params: float) -> np.ndarray:
    """Sum of Gaussians in energy: ``sum_k a_k exp(-(E - E_k)^2 / (2 s_k^2))``.

    Parameters
    ----------
    energy_ev : array_like
        Photon energy [eV].
    **params : float
        ``amplitude_k``, ``center_ev_k`` [eV], ``sigma_ev_k`` [eV] for k = 0, 1, ...
    """
    e = np.asarray(energy_ev, dtype=float)
    out = np.zeros_like(e)
    k = 0
    while f"amplitude_{k}" in params:
        out = out + params[f"amplitude_{k}"] * np.exp(
            -0.5 * ((e - params[f"center_ev_{k}"]) / params[f"sigma_ev_{k}"]) ** 2)
        k += 1
    return out


@dataclass(frozen=True)
class GaussianFit:
    """Gaussians fitted in energy: centres, widths (sigma and FWHM) and amplitudes [eV units],
    with standard errors and the underlying :class:`~ncled.analysis.fitting.FitResult`."""

    center_ev: np.ndarray
    sigma_ev: np.ndarray
    amplitude: np.ndarray
    center_ev_err: np.ndarray
    sigma_ev_err: np.ndarray
    amplitude_err: np.ndarray
    result: FitResult = field(repr=False)

    @property
    def fwhm_ev(self) -> np.ndarray:
        """FWHM [eV] = 2 sqrt(2 ln 2) sigma."""
        return 2 * np.sqrt(2 * np.log(2)) * self.sigma_ev

    @property
    def fwhm_ev_err(self) -> np.ndarray:
        """Standard error of the FWHM [eV] (the same factor times that of sigma)."""
        return 2 * np.sqrt(2 * np.log(2)) * self.sigma_ev_err


def fit_gaussians_energy(energy_ev, y, n_peaks: int = 1,
                         guess: list[tuple[float, float, float]] | None = None) -> GaussianFit:
    """Fit ``n_peaks`` Gaussians in energy to a spectrum (spectral density per unit energy).

    Parameters
    ----------
    energy_ev : array_like
        Photon energy [eV] (eV, not J, keeps the fit well scaled).
    y : array_like
        Signal per unit energy (use :func:`convert_spectrum` with ``density=True`` first).
    n_peaks : int
        Number of Gaussians (1 to 6).
    guess : list of (amplitude, center_ev, sigma_ev), optional
        Starting values; by default peaks are placed greedily at the maxima of the residual.

    Returns
    -------
    GaussianFit
        Amplitudes in the units of ``y``; ``result.covariance`` is that of the fit to
        ``y / max|y|`` (amplitudes scaled by ``max|y|``).
    """
    e = np.asarray(energy_ev, dtype=float)
    scale = float(np.max(np.abs(y))) or 1.0
    y = np.asarray(y, dtype=float) / scale  # fit a unit-height problem, rescale amplitudes after
    if not 1 <= n_peaks <= 6:
        raise ConfigError(f"gaussian fit: n_peaks must be 1 to 6, got {n_peaks}")
    span = float(np.ptp(e))
    if guess is None:
        guess = []
        resid = y.copy()
        full = peak_metrics(e, y, "energy")
        s0 = (full.fwhm if np.isfinite(full.fwhm) else span / 4) / 2.3548 / n_peaks ** 0.5
        for _ in range(n_peaks):
            i = int(np.argmax(resid))
            guess.append((max(resid[i], 1e-12), e[i], s0))
            resid = resid - gaussians_ev(e, amplitude_0=resid[i], center_ev_0=e[i], sigma_ev_0=s0)
    elif len(guess) != n_peaks:
        raise ConfigError(f"gaussian fit: {len(guess)} guesses for {n_peaks} peaks")
    else:
        guess = [(a / scale, e0, s) for a, e0, s in guess]
    p0, bounds = {}, {}
    for k, (a, e0, s) in enumerate(guess):
        p0[f"amplitude_{k}"], bounds[f"amplitude_{k}"] = a, (0.0, 10.0)
        p0[f"center_ev_{k}"], bounds[f"center_ev_{k}"] = e0, (e.min(), e.max())
        p0[f"sigma_ev_{k}"], bounds[f"sigma_ev_{k}"] = s, (span * 1e-5, span)
    res = least_squares_fit(gaussians_ev, e, y, p0, bounds)
    for k in range(n_peaks):
        res.params[f"amplitude_{k}"] *= scale
        res.stderr[f"amplitude_{k}"] *= scale
    res = FitResult(res.params, res.stderr, res.covariance, res.success, res.message,
                    res.rms * scale, res.nfev)
    get = lambda d, name: np.array([d[f"{name}_{k}"] for k in range(n_peaks)])  # noqa: E731
    return GaussianFit(get(res.params, "center_ev"), get(res.params, "sigma_ev"),
                       get(res.params, "amplitude"), get(res.stderr, "center_ev"),
                       get(res.stderr, "sigma_ev"), get(res.stderr, "amplitude"), res)


def compare_spectra(test: SpectrumSummary, reference: SpectrumSummary) -> dict[str, float]:
    """Shift and broadening of a spectrum (e.g. EL) relative to a reference (e.g. PL).

    Returns
    -------
    dict
        ``peak_shift_nm`` (positive: red shift), ``peak_shift_mev`` (positive: to higher
        energy), ``fwhm_ratio`` (in energy), ``fwhm_difference_mev`` and
        ``extra_broadening_mev`` = sqrt(FWHM_test^2 - FWHM_ref^2) (the width of a Gaussian that,
        convolved with the reference, gives the test width; NaN if the test is narrower).
    """
    ft, fr = test.energy.fwhm / q * 1e3, reference.energy.fwhm / q * 1e3
    return {
        "peak_shift_nm": (test.wavelength.peak - reference.wavelength.peak) * 1e9,
        "peak_shift_mev": (test.energy.peak - reference.energy.peak) / q * 1e3,
        "centroid_shift_mev": (test.energy.centroid - reference.energy.centroid) / q * 1e3,
        "fwhm_ratio": ft / fr,
        "fwhm_difference_mev": ft - fr,
        "extra_broadening_mev": float(np.sqrt(ft**2 - fr**2)) if ft >= fr else float("nan"),
    }


def blackbody_band_radiance(wavelength_lo_m: float, wavelength_hi_m: float,
                            temperature_k: float, points: int = 2001) -> float:
    """Blackbody radiance [W sr^-1 m^-2] integrated over a wavelength band (Simpson's rule on a
    uniform grid of ``points``; relative error below 1e-8 for bands of a few um at room
    temperature)."""
    from scipy.integrate import simpson

    lam = np.linspace(wavelength_lo_m, wavelength_hi_m, points)
    return float(simpson(planck_spectral_radiance(lam, temperature_k), x=lam))
