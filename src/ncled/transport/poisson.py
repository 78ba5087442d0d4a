"""Poisson's equation on the finite-volume mesh, and the charge-neutral potential.

-d/dx (eps dpsi/dx) = q (p - n + N_D - N_A), integrated over each control volume. A
heterointerface sits at an element midpoint, so the element's permittivity is the harmonic mean of
its two halves (the displacement field is continuous): eps_e = 2 / (1/eps_i + 1/eps_j).
"""

from __future__ import annotations

import numpy as np

from ncled.constants import q
from ncled.transport.physics import carriers


def element_permittivity(eps):
    """Harmonic mean of the permittivities [F/m] of the two halves of each element."""
    return 2.0 / (1.0 / eps[:-1] + 1.0 / eps[1:])


def poisson_residual(psi, phin, phip, prm, mesh, car=None):
    """Residual of Poisson's equation at every node and its derivatives.

    Parameters
    ----------
    psi, phin, phip : ndarray, shape (N,)
        Scaled potentials (units of V_t).
    prm : NodalParameters
    mesh : Mesh
    car : Carriers, optional
        The densities of these potentials (computed when not given).

    Returns
    -------
    f : ndarray, shape (N,)
        Residual [C/m^2]: flux of the displacement field out of the control volume minus the
        charge inside it.
    d_lower, d_diag, d_upper, d_phin, d_phip : ndarray
        df_i/dpsi_{i-1} (0 at i = 0), df_i/dpsi_i, df_i/dpsi_{i+1} (0 at i = N-1),
        df_i/dphin_i, df_i/dphip_i.
    """
    if car is None:
        car = carriers(psi, phin, phip, prm)
    n, p = car.n, car.p
    dn, dp = n * car.rn, p * car.rp  # d n / d psi and -d p / d psi
    c = prm.vt * element_permittivity(prm.eps) / mesh.h  # [F/m^2 * V]
    flux = c * (psi[1:] - psi[:-1])
    f = np.zeros_like(psi)
    f[:-1] -= flux
    f[1:] += flux
    f -= q * mesh.volume * (p - n + prm.doping)
    d_lower = np.concatenate(([0.0], -c))
    d_upper = np.concatenate((-c, [0.0]))
    d_diag = np.concatenate((c, [0.0])) + np.concatenate(([0.0], c))
    d_diag += q * mesh.volume * (dp + dn)
    return f, d_lower, d_diag, d_upper, -q * mesh.volume * dn, -q * mesh.volume * dp


def neutral_potential(doping, bn, bp):
    """Scaled potential that makes each node charge neutral with the Fermi level at zero.

    Solves n - p = N_D - N_A with n = exp(psi + bn), p = exp(-psi - bp):
    psi = asinh(D / (2 n_i)) - (bn + bp)/2, n_i = exp((bn - bp)/2), evaluated in logarithms so
    that wide gaps (n_i far below the doping) do not overflow.
    """
    d = np.asarray(doping, dtype=float)
    ln_ni = 0.5 * (bn - bp)
    ad = np.abs(d)
    with np.errstate(divide="ignore"):
        ln_z = np.log(np.where(ad > 0, ad, 1.0) / 2.0) - ln_ni  # ln(|D| / 2 n_i)
    big = ln_z > 10.0
    z = np.exp(np.where(big, 0.0, ln_z)) * (ad > 0)
    u = np.where(big, ln_z + np.log1p(np.sqrt(1.0 + np.exp(-2.0 * np.where(big, ln_z, 0.0)))),
                 np.arcsinh(z))
    return np.sign(d) * u - 0.5 * (bn + bp)


def neutral_potential_statistics(prm):
    """:func:`neutral_potential` for any statistics (``prm``: NodalParameters).

    Boltzmann nodes take the closed form; nodes with Gauss-Fermi statistics solve
    p - n + N_D - N_A = 0 by bisection on psi (the charge falls monotonically with psi), from a
    bracket of +/- 80 V_t around the Boltzmann value, to 1e-12 V_t.
    """
    psi0 = neutral_potential(prm.doping, prm.bn, prm.bp)
    m = np.zeros(psi0.shape, dtype=bool)
    for g in (prm.gauss_n, prm.gauss_p):
        if g is not None:
            m |= g
    if not m.any():
        return psi0
    lo, hi = psi0 - 80.0, psi0 + 80.0
    zero = np.zeros_like(psi0)
    for _ in range(80):
        mid = 0.5 * (lo + hi)
        car = carriers(mid, zero, zero, prm)
        pos = car.p - car.n + prm.doping > 0  # still positive: psi must rise
        lo, hi = np.where(pos, mid, lo), np.where(pos, hi, mid)
    return np.where(m, 0.5 * (lo + hi), psi0)
