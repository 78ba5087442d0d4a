"""Carrier statistics of nanocrystal films: Boltzmann, and Gauss-Fermi on a band of NC levels.

A nanocrystal film's transport level is a set of states, g per nanocrystal (two for the 1Se
electron level with spin), whose energies are spread by disorder into a Gaussian density of states
of width sigma. The carrier density is then

    n = N integral G(E; E_0, sigma) f(E - E_F) dE = N F(eta; s),    eta = (E_F - E_0)/kT,
    s = sigma/kT,

the Gauss-Fermi integral, which never exceeds the N states (Pauli exclusion), tends to Boltzmann
statistics shifted by the disorder, N exp(eta + s^2/2), at low density, and to a single level's
Fermi-Dirac occupancy N / (1 + exp(-eta)) for s -> 0.

In the drift-diffusion variables the density is written n = N exp(eta - g(eta)) with the
correction g = eta - ln F (zero for Boltzmann): the current J = mu n grad E_F, which holds for any
statistics when diffusion follows the generalised Einstein relation
D/mu = (kT/q) F / (dF/deta), keeps its Scharfetter-Gummel form with the band parameter shifted
by g (Bessemoulin-Chatard 2012; the same shift is how SIMsalabim and the OLED codes of Coehoorn
and Bobbert enter Gauss-Fermi statistics).

References
----------
.. [Paasch2010] G. Paasch, S. Scheinert, "Charge carrier density of organics with Gaussian
   density of states: analytical approximation for the Gauss-Fermi integral", J. Appl. Phys.
   107, 104501 (2010), doi:10.1063/1.3374475.
.. [Coehoorn2005] R. Coehoorn, W. F. Pasveer, P. A. Bobbert, M. A. J. Michels, "Charge-carrier
   concentration dependence of the hopping mobility in organic materials with Gaussian disorder",
   Phys. Rev. B 72, 155206 (2005), doi:10.1103/PhysRevB.72.155206.
.. [Bessemoulin2012] M. Bessemoulin-Chatard, "A finite volume scheme for convection-diffusion
   equations with nonlinear diffusion derived from the Scharfetter-Gummel scheme", Numer. Math.
   121, 637 (2012), doi:10.1007/s00211-012-0448-x.
.. [Koster2005] L. J. A. Koster, E. C. P. Smits, V. D. Mihailetchi, P. W. M. Blom, "Device model
   for the operation of polymer/fullerene bulk heterojunction solar cells", Phys. Rev. B 72,
   085205 (2005), doi:10.1103/PhysRevB.72.085205 (SIMsalabim's model).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

#: Gauss-Hermite nodes used for the Gauss-Fermi integral: 48 nodes integrate the Gaussian tail
#: to 1e-10 relative for s <= 3 (sigma <= 77 meV at 300 K; tests/transport/test_statistics.py).
N_HERMITE = 48


@lru_cache(maxsize=4)
def _hermite(k: int):
    x, w = np.polynomial.hermite.hermgauss(k)
    return np.sqrt(2.0) * x, np.log(w) - 0.5 * np.log(np.pi)


def log_occupancy(eta, s):
    """ln F and d ln F / d eta of the Gauss-Fermi integral (per state).

    Parameters
    ----------
    eta : array_like
        (E_F - E_0)/kT, Fermi level above the centre of the Gaussian (for holes: below it).
    s : array_like
        sigma/kT, the scaled width of the Gaussian DOS (0: a single level, Fermi-Dirac).

    Returns
    -------
    (ln F, d ln F / d eta) : tuple of ndarray
        0 < F <= 1 and 0 < d ln F / d eta <= 1 (the latter 1 in the Boltzmann limit).

    Notes
    -----
    F = pi^-1/2 sum_k w_k / (1 + exp(sqrt(2) s x_k - eta)) over the Gauss-Hermite nodes x_k, in
    logarithms so that neither a deep tail (eta -> -inf) nor full filling overflows;
    d ln F/d eta = sum_k p_k (1 - f_k) with p_k the share of node k in F.
    """
    eta = np.asarray(eta, dtype=float)
    s = np.broadcast_to(np.asarray(s, dtype=float), eta.shape)
    x, lw = _hermite(N_HERMITE)
    y = s[..., None] * x - eta[..., None]  # (E_k - E_F)/kT at each node
    terms = lw - np.logaddexp(0.0, y)
    top = terms.max(axis=-1, keepdims=True)
    p = np.exp(terms - top)
    tot = p.sum(axis=-1)
    ln_f = top[..., 0] + np.log(tot)
    empty = 0.5 * (1.0 + np.tanh(0.5 * y))  # 1 - f_k, written to stay finite
    dln = (p * empty).sum(axis=-1) / tot
    return ln_f, dln


def boltzmann_shift(eta, s):
    """The statistics correction g = eta - ln F and its derivative g' = 1 - d ln F / d eta."""
    ln_f, dln = log_occupancy(eta, s)
    return eta - ln_f, 1.0 - dln
