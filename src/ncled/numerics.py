"""Small numerical helpers shared by the analysis of measured data and the device model.

They sit at the bottom of the import layers (numpy only), so that ``ncled.analysis`` and
``ncled.device`` both use them without importing each other.
"""

from __future__ import annotations

import numpy as np


def onset(x, signal, threshold: float, noise: float) -> tuple[float, float, int]:
    """Interpolated ``x`` where ``signal`` last crosses ``threshold`` upward before its maximum.

    Between the two bracketing points ``ln(signal)`` is interpolated linearly in ``x`` when both
    are positive (the emission rises about exponentially with voltage and as a power of the
    current density, pass ``ln J`` as ``x``), else ``signal`` itself.

    Returns
    -------
    x_on : float
        NaN if the signal never exceeds the threshold or already does at the first point.
    x_on_unc : float
        The standard deviation of ``x_on`` when each of the two bracketing points carries an
        independent noise of standard deviation ``noise`` (first-order propagation through the
        interpolation; with ``a`` the crossing's fractional position between the points,
        ``noise dx / |ln s1 - ln s0| * sqrt(((1 - a) / s0)^2 + (a / s1)^2)`` in the log case and
        ``noise dx / |s1 - s0| * sqrt((1 - a)^2 + a^2)`` in the linear one). The uncertainty of
        ``threshold`` itself is not included.
    index : int
        Index of the last point below the threshold (-1 if none).
    """
    x = np.asarray(x, dtype=float)
    s = np.asarray(signal, dtype=float)
    imax = int(np.nanargmax(s))
    if not s[imax] > threshold:
        return float("nan"), float("nan"), -1
    below = np.flatnonzero(s[:imax] <= threshold)
    if below.size == 0:
        return float("nan"), float("nan"), -1
    j = int(below[-1])
    dx = x[j + 1] - x[j]
    if s[j] > 0 and threshold > 0:
        step = np.log(s[j + 1]) - np.log(s[j])
        a = (np.log(threshold) - np.log(s[j])) / step
        weights = np.hypot((1.0 - a) / s[j], a / s[j + 1])
    else:
        step = s[j + 1] - s[j]
        a = (threshold - s[j]) / step
        weights = np.hypot(1.0 - a, a)
    x_on = x[j] + a * dx
    return float(x_on), float(abs(noise * dx / step) * weights), j
