"""Closed-form currents used to check the drift-diffusion solver.

References
----------
W. Shockley, Bell Syst. Tech. J. 28, 435 (1949), doi:10.1002/j.1538-7305.1949.tb03645.x.
S. M. Sze, K. K. Ng, *Physics of Semiconductor Devices*, 3rd ed. (Wiley, 2007), ch. 2,
doi:10.1002/0470068329 (short-base diode, depletion approximation).
N. F. Mott, R. W. Gurney, *Electronic Processes in Ionic Crystals* (Oxford, 1940).
"""

from __future__ import annotations

import numpy as np

from ncled.constants import k_B, q


def built_in_potential(na, nd, ni, temperature=300.0):
    """Built-in potential of an abrupt pn junction, V_bi = (kT/q) ln(N_A N_D / n_i^2) [V]."""
    return k_B * temperature / q * np.log(np.asarray(na) * nd / ni**2)


def depletion_edges(voltage, na, nd, ni, eps, temperature=300.0):
    """Depletion-layer widths (x_p, x_n) [m] of an abrupt junction at forward bias ``voltage``.

    x_p = W N_D / (N_A + N_D), x_n = W N_A / (N_A + N_D),
    W = sqrt(2 eps (V_bi - V) (N_A + N_D) / (q N_A N_D)) (depletion approximation).
    """
    vbi = built_in_potential(na, nd, ni, temperature)
    w = np.sqrt(2.0 * eps * (vbi - np.asarray(voltage, dtype=float)) * (na + nd) / (q * na * nd))
    return w * nd / (na + nd), w * na / (na + nd)


def shockley_short_diode(voltage, na, nd, ni, mu_n, mu_p, wp, wn, eps, temperature=300.0):
    """Current density [A/m^2] of a short-base pn diode with ohmic contacts.

    Parameters
    ----------
    voltage : array_like
        Forward bias [V].
    na, nd : float
        Acceptor (p side) and donor (n side) densities [m^-3].
    ni : float
        Intrinsic density [m^-3].
    mu_n, mu_p : float
        Mobilities [m^2/Vs] (minority electrons on the p side, holes on the n side).
    wp, wn : float
        Widths of the p and n sides, junction to contact [m].
    eps : float
        Permittivity [F/m].
    temperature : float
        [K].

    Notes
    -----
    Without recombination in the neutral regions the minority profiles are linear between the
    depletion edge and the contact:
    J = q n_i^2 (D_n / (N_A (w_p - x_p)) + D_p / (N_D (w_n - x_n))) (exp(V/V_t) - 1), with the
    bias-dependent depletion edges of :func:`depletion_edges`.
    """
    vt = k_B * temperature / q
    v = np.asarray(voltage, dtype=float)
    xp, xn = depletion_edges(v, na, nd, ni, eps, temperature)
    return q * ni**2 * (mu_n * vt / (na * (wp - xp)) + mu_p * vt / (nd * (wn - xn))) * np.expm1(
        v / vt)


def mott_gurney(voltage, eps, mu, thickness):
    """Space-charge-limited current density J = 9/8 eps mu V^2 / L^3 [A/m^2] (Mott & Gurney 1940).

    Valid for one carrier, trap-free, an ohmic injecting contact and drift only. Drift-diffusion
    exceeds it by the diffusion of the carriers injected near the contact, a correction that
    falls slowly with qV/kT (~8 % at qV/kT = 1e3, < 1 % beyond 4e4; tests/transport).
    """
    v = np.asarray(voltage, dtype=float)
    return 9.0 / 8.0 * eps * mu * v**2 / thickness**3
