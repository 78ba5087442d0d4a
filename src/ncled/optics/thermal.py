"""Thermal emission of a device: Planck radiance and Kirchhoff emissivity.

A warm device glows in the infrared by itself. By Kirchhoff's law its directional spectral
emissivity equals its absorptance for light arriving from that direction, polarisation by
polarisation; seen from the front (through the glass), ``emissivity = 1 - R - T`` of the whole
stack for light incident from the front ambient. The device's thermal spectral radiance is that
emissivity times Planck's blackbody radiance. The paper's Fig. 3b compares the EL at 2 um with the
emission of a blackbody at the 33 C the device surface reaches: this module gives the numbers.

References
----------
.. [1] M. Planck, "Ueber das Gesetz der Energieverteilung im Normalspectrum", Ann. Phys. 309, 553
   (1901), https://doi.org/10.1002/andp.19013090310
.. [2] G. Kirchhoff, "Ueber das Verhaeltniss zwischen dem Emissionsvermoegen und dem
   Absorptionsvermoegen der Koerper fuer Waerme und Licht", Ann. Phys. 185, 275 (1860),
   https://doi.org/10.1002/andp.18601850205
.. [3] J. R. Howell, M. P. Menguc, R. Siegel, *Thermal Radiation Heat Transfer*, 6th ed., CRC
   (2015), Ch. 3 (directional and hemispherical emissivity).
.. [4] Qu et al., Nat. Photon. 16, 38 (2022), https://doi.org/10.1038/s41566-021-00902-y (Fig. 3b).
"""

from __future__ import annotations

import numpy as np

from ncled.constants import c, h, k_B
from ncled.errors import ConfigError


def planck_spectral_radiance(wavelength_m, temperature_k) -> np.ndarray:
    """Blackbody spectral radiance per unit wavelength [W m^-2 sr^-1 m^-1].

    Parameters
    ----------
    wavelength_m : array_like
        Vacuum wavelength [m] (> 0).
    temperature_k : array_like
        Temperature [K] (> 0); broadcasts against ``wavelength_m``.

    Returns
    -------
    ndarray
        ``B = 2 h c^2 / lambda^5 / (exp(h c / (lambda k T)) - 1)`` (ref. 1 of the module).
    """
    wl = np.asarray(wavelength_m, dtype=float)
    t = np.asarray(temperature_k, dtype=float)
    if np.any(~np.isfinite(wl)) or np.any(wl <= 0):
        raise ConfigError("wavelengths must be positive and finite")
    if np.any(~np.isfinite(t)) or np.any(t <= 0):
        raise ConfigError("temperature must be above 0 K")
    x = h * c / (wl * k_B * t)
    return 2.0 * h * c ** 2 / wl ** 5 / np.expm1(x)


def kirchhoff_emissivity(reflectance, transmittance) -> np.ndarray:
    """Emissivity = absorptance = 1 - R - T (Kirchhoff's law, ref. 2 of the module), same shape
    as R and T."""
    return 1.0 - np.asarray(reflectance, dtype=float) - np.asarray(transmittance, dtype=float)


def hemispherical_average(directional, angle_rad, axis: int = -1) -> np.ndarray:
    """Hemispherical (cosine-weighted) average of a directional quantity over the angle axis.

    Parameters
    ----------
    directional : array_like
        Directional emissivity (or any quantity) sampled at ``angle_rad`` along ``axis``.
    angle_rad : array_like
        Polar angles in [0, pi/2] [rad], increasing.
    axis : int
        The angle axis of ``directional``.

    Returns
    -------
    ndarray
        ``2 integral eps(theta) cos(theta) sin(theta) dtheta`` (ref. 3 of the module) (trapezoid,
        normalised by the
        same integral of 1 on the grid so that a constant is returned exactly).
    """
    th = np.asarray(angle_rad, dtype=float)
    wt = np.cos(th) * np.sin(th)
    num = np.trapezoid(np.moveaxis(np.asarray(directional, float), axis, -1) * wt, th, axis=-1)
    return num / np.trapezoid(wt, th)


def thermal_spectral_radiance(emissivity, wavelength_m, temperature_k) -> np.ndarray:
    """Spectral radiance of a grey-or-not body: emissivity x Planck [W m^-2 sr^-1 m^-1]."""
    return np.asarray(emissivity, dtype=float) * planck_spectral_radiance(wavelength_m,
                                                                          temperature_k)
