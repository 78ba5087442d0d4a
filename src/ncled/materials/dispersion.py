"""Optical dispersion models as pure functions of the vacuum wavelength.

Every function takes the vacuum wavelength ``wavelength_m`` [m] (any shape; parameters broadcast
against it) and returns either the complex refractive index ``n + ik`` or the complex relative
permittivity ``eps = eps' + i eps''``. The time convention is ``exp(-i omega t)``, so absorption is
``k >= 0`` and ``eps'' >= 0`` (the convention of Born & Wolf and of the PyPI ``tmm`` package).

Frequencies in the Drude and Lorentz terms are angular frequencies [rad/s]; helpers convert from
the wavenumbers [cm^-1] and photon energies [eV] papers quote.

References
----------
.. [1] M. Born and E. Wolf, *Principles of Optics*, 7th ed. (Cambridge University Press, 1999),
   doi:10.1017/CBO9781139644181.
.. [2] M. Dressel and G. Grüner, *Electrodynamics of Solids* (Cambridge University Press, 2002),
   doi:10.1017/CBO9780511606168 (Drude and Lorentz models, ch. 5 and 6).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ncled.constants import c, eps0, hbar, q
from ncled.errors import ConfigError, MaterialRangeError


def angular_frequency(wavelength_m: ArrayLike) -> np.ndarray:
    """Angular frequency omega = 2 pi c / lambda [rad/s] of a vacuum wavelength [m]."""
    return 2.0 * np.pi * c / np.asarray(wavelength_m, dtype=float)


def wavenumber_cm_to_angular_frequency(wavenumber_cm: ArrayLike) -> np.ndarray:
    """Angular frequency [rad/s] of a wavenumber [cm^-1]: omega = 2 pi c (100 nu)."""
    return 2.0 * np.pi * c * 100.0 * np.asarray(wavenumber_cm, dtype=float)


def energy_ev_to_angular_frequency(energy_ev: ArrayLike) -> np.ndarray:
    """Angular frequency [rad/s] of a photon energy [eV]: omega = E q / hbar."""
    return np.asarray(energy_ev, dtype=float) * q / hbar


def nk_from_permittivity(eps: ArrayLike) -> np.ndarray:
    """Complex refractive index n + ik = sqrt(eps) on the branch with k >= 0.

    Parameters
    ----------
    eps : array_like of complex
        Relative permittivity with eps'' >= 0 (passive medium).

    Returns
    -------
    numpy.ndarray of complex
        ``n + ik`` with ``k >= 0`` (and ``n >= 0`` for a passive medium).

    Notes
    -----
    The principal square root has Re >= 0; for eps'' >= 0 it also has Im >= 0. A tiny negative
    eps'' from rounding would give k < 0, so the sign of the root is flipped where Im < 0.
    """
    n = np.sqrt(np.asarray(eps, dtype=complex))
    return np.where(n.imag < 0, -n, n)


def constant_nk(wavelength_m: ArrayLike, n: float, k: float = 0.0) -> np.ndarray:
    """A non-dispersive medium: n + ik at every wavelength [m] (broadcast to its shape)."""
    wl = np.asarray(wavelength_m, dtype=float)
    return np.broadcast_to(np.asarray(n + 1j * k, dtype=complex), wl.shape).copy()


def cauchy_n(
    wavelength_m: ArrayLike,
    coefficients: ArrayLike,
    powers: ArrayLike | None = None,
    unit_m: float = 1e-6,
) -> np.ndarray:
    """Cauchy-type power series n(lambda) = sum_j A_j (lambda / unit)^p_j (real index).

    Parameters
    ----------
    wavelength_m : array_like
        Vacuum wavelength [m].
    coefficients : sequence of float
        A_j (dimensionless).
    powers : sequence of float, optional
        p_j; default ``0, -2, -4, ...`` (the classic Cauchy form n = A + B/lambda^2 + C/lambda^4).
        Other powers cover the form Rubin (1985) uses for soda-lime glass,
        n = A + B lambda^2 + C lambda^-2.
    unit_m : float
        Length unit of the coefficients [m]; default 1 um (the usual choice in the literature).

    References
    ----------
    .. [1] A.-L. Cauchy, *Mémoire sur la dispersion de la lumière* (1836);
       Born & Wolf (1999), sec. 2.3.
    """
    coeff = np.asarray(coefficients, dtype=float)
    pw = np.arange(coeff.size) * -2.0 if powers is None else np.asarray(powers, dtype=float)
    if pw.shape != coeff.shape:
        raise ConfigError(f"cauchy_n: {coeff.size} coefficients but {pw.size} powers")
    x = np.asarray(wavelength_m, dtype=float)[..., None] / unit_m
    return np.sum(coeff * x**pw, axis=-1)


def sellmeier_permittivity(
    wavelength_m: ArrayLike, a: float, b: ArrayLike, c_m: ArrayLike
) -> np.ndarray:
    """Sellmeier permittivity eps = a + sum_j b_j lambda^2 / (lambda^2 - C_j^2) (real).

    Parameters
    ----------
    wavelength_m : array_like
        Vacuum wavelength [m].
    a : float
        Constant term (1 in the classic form).
    b : sequence of float
        Oscillator strengths B_j (dimensionless).
    c_m : sequence of float
        Resonance wavelengths C_j [m] (the formula diverges at lambda = C_j: use it well away).

    References
    ----------
    .. [1] W. Sellmeier, Ann. Phys. 219, 272 (1871), doi:10.1002/andp.18712190612.
    """
    bj = np.atleast_1d(np.asarray(b, dtype=float))
    cj = np.atleast_1d(np.asarray(c_m, dtype=float))
    if bj.shape != cj.shape:
        raise ConfigError(f"sellmeier_permittivity: {bj.size} strengths but {cj.size} wavelengths")
    l2 = np.asarray(wavelength_m, dtype=float)[..., None] ** 2
    return a + np.sum(bj * l2 / (l2 - cj**2), axis=-1)


def plasma_frequency(carrier_density_m3: ArrayLike, effective_mass_kg: ArrayLike) -> np.ndarray:
    """Unscreened plasma frequency omega_p = sqrt(N q^2 / (eps0 m*)) [rad/s].

    Parameters
    ----------
    carrier_density_m3 : array_like
        Free-carrier density N [m^-3].
    effective_mass_kg : array_like
        Optical effective mass m* [kg].
    """
    n = np.asarray(carrier_density_m3, dtype=float)
    m = np.asarray(effective_mass_kg, dtype=float)
    return np.sqrt(n * q**2 / (eps0 * m))


def drude_permittivity(
    wavelength_m: ArrayLike,
    eps_inf: ArrayLike,
    plasma_frequency_rad_s: ArrayLike,
    damping_rad_s: ArrayLike,
) -> np.ndarray:
    """Drude free-carrier permittivity eps = eps_inf - omega_p^2 / (omega^2 + i gamma omega).

    Parameters
    ----------
    wavelength_m : array_like
        Vacuum wavelength [m].
    eps_inf : array_like
        Background (high-frequency) permittivity.
    plasma_frequency_rad_s : array_like
        Unscreened plasma frequency omega_p [rad/s] (see :func:`plasma_frequency`).
    damping_rad_s : array_like
        Collision rate gamma = 1/tau [rad/s]; gamma = q / (m* mu) for a mobility mu.

    Notes
    -----
    The DC limit gives the conductivity sigma_0 = eps0 omega_p^2 / gamma = N q mu (ref. [1]):
    Im(eps) -> sigma_0 / (eps0 omega) as omega -> 0. The real part crosses zero near the screened
    plasma frequency omega_p / sqrt(eps_inf) for gamma << omega_p.

    References
    ----------
    .. [1] M. Dressel and G. Grüner, *Electrodynamics of Solids* (2002),
       doi:10.1017/CBO9780511606168.
    """
    w = angular_frequency(wavelength_m)
    wp = np.asarray(plasma_frequency_rad_s, dtype=float)
    g = np.asarray(damping_rad_s, dtype=float)
    return np.asarray(eps_inf, dtype=float) - wp**2 / (w**2 + 1j * g * w)


def lorentz_permittivity(
    wavelength_m: ArrayLike,
    strength: ArrayLike,
    resonance_rad_s: ArrayLike,
    damping_rad_s: ArrayLike,
) -> np.ndarray:
    """Sum of Lorentz oscillators, sum_j S_j w_j^2 / (w_j^2 - w^2 - i g_j w) (no constant term).

    Parameters
    ----------
    wavelength_m : array_like
        Vacuum wavelength [m].
    strength : sequence of float
        Oscillator strengths S_j (their static contribution to eps; for a polar phonon
        S = eps_s - eps_inf).
    resonance_rad_s, damping_rad_s : sequence of float
        Resonance frequencies w_j and damping rates g_j [rad/s].

    References
    ----------
    .. [1] M. Dressel and G. Grüner, *Electrodynamics of Solids* (2002), ch. 6,
       doi:10.1017/CBO9780511606168.
    """
    s = np.atleast_1d(np.asarray(strength, dtype=float))
    w0 = np.atleast_1d(np.asarray(resonance_rad_s, dtype=float))
    g = np.atleast_1d(np.asarray(damping_rad_s, dtype=float))
    if not s.shape == w0.shape == g.shape:
        raise ConfigError("lorentz_permittivity: strength, resonance and damping differ in length")
    w = angular_frequency(wavelength_m)[..., None]
    return np.sum(s * w0**2 / (w0**2 - w**2 - 1j * g * w), axis=-1)


def drude_lorentz_permittivity(
    wavelength_m: ArrayLike,
    eps_inf: float,
    plasma_frequency_rad_s: float,
    damping_rad_s: float,
    strength: ArrayLike = (),
    resonance_rad_s: ArrayLike = (),
    oscillator_damping_rad_s: ArrayLike = (),
) -> np.ndarray:
    """Drude term plus Lorentz oscillators (e.g. Rakić et al., Appl. Opt. 37, 5271 (1998),
    doi:10.1364/AO.37.005271, for metals; a phonon oscillator for polar crystals).

    See :func:`drude_permittivity` and :func:`lorentz_permittivity` for the parameters.
    """
    eps = drude_permittivity(wavelength_m, eps_inf, plasma_frequency_rad_s, damping_rad_s)
    if np.size(strength):
        eps = eps + lorentz_permittivity(
            wavelength_m, strength, resonance_rad_s, oscillator_damping_rad_s
        )
    return eps


def interpolate_nk(
    wavelength_m: ArrayLike,
    table_wavelength_m: ArrayLike,
    n: ArrayLike,
    k: ArrayLike,
    *,
    log_wavelength: bool = True,
    log_k: bool = True,
    name: str = "table",
) -> np.ndarray:
    """Interpolate tabulated n and k at ``wavelength_m`` [m], inside the table only.

    Parameters
    ----------
    wavelength_m : array_like
        Vacuum wavelengths [m] to evaluate.
    table_wavelength_m : array_like
        Strictly increasing tabulated wavelengths [m].
    n, k : array_like
        Tabulated real index and extinction coefficient (k >= 0).
    log_wavelength : bool
        Interpolate against log(lambda) (tables are usually spaced evenly in energy or
        log-spaced; this keeps the interpolation local to the spacing).
    log_k : bool
        Interpolate log(k) (k spans decades in glasses and dielectrics; a linear interpolation of
        such data overshoots between points). Zero entries of k make this fall back to linear.
    name : str
        Used in the error message.

    Returns
    -------
    numpy.ndarray of complex
        n + ik, piecewise-linear in the chosen coordinates (exact at the table points).

    Raises
    ------
    MaterialRangeError
        A wavelength outside [table_wavelength_m[0], table_wavelength_m[-1]]: nothing is
        extrapolated.
    """
    x = np.asarray(wavelength_m, dtype=float)
    xt = np.asarray(table_wavelength_m, dtype=float)
    nt = np.asarray(n, dtype=float)
    kt = np.asarray(k, dtype=float)
    if xt.ndim != 1 or xt.size < 2 or nt.shape != xt.shape or kt.shape != xt.shape:
        raise ConfigError(f"{name}: the table needs >= 2 rows of equal-length wavelength, n, k")
    if np.any(np.diff(xt) <= 0):
        raise ConfigError(f"{name}: tabulated wavelengths must be strictly increasing")
    if x.size and (x.min() < xt[0] * (1 - 1e-12) or x.max() > xt[-1] * (1 + 1e-12)):
        raise MaterialRangeError(
            f"{name}: wavelength {x.min() * 1e9:.6g}-{x.max() * 1e9:.6g} nm is outside the table "
            f"{xt[0] * 1e9:.6g}-{xt[-1] * 1e9:.6g} nm"
        )
    xc = np.clip(x, xt[0], xt[-1])
    if log_wavelength:
        xc, xt = np.log(xc), np.log(xt)
    n_out = np.interp(xc, xt, nt)
    if log_k and np.all(kt > 0):
        k_out = np.exp(np.interp(xc, xt, np.log(kt)))
    else:
        k_out = np.interp(xc, xt, kt)
    return n_out + 1j * k_out
