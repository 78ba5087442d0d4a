"""Joule heating of the pixel and the series resistance of the ITO strip.

The LED pixel (the 1 mm^2 overlap of the ITO strip and the Au pad) dissipates the electrical power
I V minus the (tiny) optical power. The heat flows mostly into the 1 mm glass substrate, a poor
conductor, so the pixel temperature rise is set by the constriction (spreading) resistance of a
heated disc on a half-space.
"""

from __future__ import annotations

import numpy as np

from ncled.errors import ConfigError

#: Thermal conductivity of soda-lime glass at room temperature [W m^-1 K^-1], about 1.0
#: (Touloukian et al., *Thermophysical Properties of Matter* vol. 2 (1970); 0.95-1.06 for
#: soda-lime float glass).
K_SODA_LIME_GLASS = 1.0


def disc_spreading_resistance(area_m2, conductivity_w_mk=K_SODA_LIME_GLASS):
    """Thermal resistance of a uniformly heated disc on a semi-infinite solid [K/W].

    Parameters
    ----------
    area_m2 : float or array
        Heated area [m^2]; the disc radius is a = sqrt(A / pi).
    conductivity_w_mk : float
        Thermal conductivity of the substrate [W m^-1 K^-1].

    Returns
    -------
    float or ndarray
        R_th = 1 / (pi k a) [K/W]: the temperature rise per watt at the centre (the hottest point)
        of a uniform-flux disc on a half-space (Carslaw & Jaeger, *Conduction of Heat in Solids*,
        2nd ed. (1959), Sec. 8.2). The area-averaged rise is 8/(3 pi) = 0.85 times this; the
        paper's infrared camera reads the hottest point of the pixel.

    Notes
    -----
    The 1 mm glass is comparable to the 0.56 mm disc radius, and the back of the substrate sits on
    a holder, so this half-space value is an estimate within some tens of percent; convection from
    the top (about 10 W m^-2 K^-1 over a cm^2) removes < 1e-3 W/K and is neglected.
    """
    area = np.asarray(area_m2, dtype=float)
    k = np.asarray(conductivity_w_mk, dtype=float)
    if np.any(area <= 0) or np.any(k <= 0):
        raise ConfigError("pixel area and thermal conductivity must be positive")
    radius = np.sqrt(area / np.pi)
    return 1.0 / (np.pi * k * radius)


def pixel_temperature(power_w, thermal_resistance_k_w, ambient_k):
    """Steady pixel temperature T = T_ambient + R_th P [K] for dissipated power ``power_w`` [W]."""
    return np.asarray(ambient_k, dtype=float) + np.asarray(thermal_resistance_k_w) * np.asarray(
        power_w, dtype=float
    )


def strip_resistance(sheet_resistance_ohm_sq, length_m, width_m):
    """Series resistance of a transparent-electrode strip R = R_sheet L / W [ohm].

    Parameters
    ----------
    sheet_resistance_ohm_sq : float or array
        Sheet resistance [ohm/sq].
    length_m, width_m : float
        Strip length from the contact pad to the pixel and its width [m].
    """
    if length_m <= 0 or width_m <= 0:
        raise ConfigError("strip length and width must be positive")
    return np.asarray(sheet_resistance_ohm_sq, dtype=float) * length_m / width_m
