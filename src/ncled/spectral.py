"""Figures of merit of a spectral line, shared by the models and the analyses.

One implementation of peak, FWHM, centroid and area, used on model spectra (nanocrystal ensembles,
the simulated EL) and on measured ones (:mod:`ncled.analysis.spectra`), so that a simulated and a
measured spectrum are summarised the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.integrate import trapezoid


def refine_peak(x, y, i: int) -> tuple[float, float]:
    """Position and height of the maximum of the parabola through points ``i - 1, i, i + 1``.

    Falls back to ``(x[i], y[i])`` at the ends of the axis or where the parabola opens upward.
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    if 0 < i < x.size - 1:
        a, b, c0 = np.polyfit(x[i - 1:i + 2] - x[i], y[i - 1:i + 2], 2)
        if a < 0:
            return float(x[i] - b / (2 * a)), float(c0 - b**2 / (4 * a))
    return float(x[i]), float(y[i])


@dataclass(frozen=True)
class PeakMetrics:
    """Peak position and height, full width at half maximum, centroid and area of one spectrum,
    on one axis (SI units of that axis: m, m^-1 or J)."""

    kind: str
    peak: float
    height: float
    fwhm: float
    half_low: float
    half_high: float
    centroid: float
    area: float


def peak_metrics(x, y, kind: str = "wavelength") -> PeakMetrics:
    """Peak, FWHM (half-maximum crossings interpolated linearly), centroid and area.

    The peak is refined by the parabola through the highest point and its two neighbours. A
    half-maximum crossing that the data do not reach gives NaN for the FWHM.
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    order = np.argsort(x)
    x, y = x[order], y[order]
    i = int(np.argmax(y))
    peak, height = refine_peak(x, y, i)
    half = height / 2
    lo = np.flatnonzero(y[:i] < half)
    hi = np.flatnonzero(y[i:] < half)
    if lo.size:
        j = lo[-1]
        x_lo = x[j] + (half - y[j]) * (x[j + 1] - x[j]) / (y[j + 1] - y[j])
    else:
        x_lo = np.nan
    if hi.size:
        j = i + hi[0]
        x_hi = x[j - 1] + (half - y[j - 1]) * (x[j] - x[j - 1]) / (y[j] - y[j - 1])
    else:
        x_hi = np.nan
    area = float(trapezoid(y, x))
    centroid = float(trapezoid(x * y, x) / area) if area != 0 else np.nan
    return PeakMetrics(kind, float(peak), float(height), float(x_hi - x_lo), float(x_lo),
                       float(x_hi), centroid, area)
