"""Local physics of the drift-diffusion model: Bernoulli function, Scharfetter-Gummel fluxes in
quasi-Fermi-level form, and recombination, each with its analytic derivatives.

All potentials are scaled by the thermal voltage V_t = kT/q. Densities are
``n = exp(psi + bn - phin)`` and ``p = exp(-psi - bp + phip)`` [m^-3] (see
:class:`ncled.transport.params.NodalParameters`).

References
----------
D. L. Scharfetter, H. K. Gummel, IEEE Trans. Electron Devices 16, 64 (1969),
doi:10.1109/T-ED.1969.16566.
S. Selberherr, *Analysis and Simulation of Semiconductor Devices* (Springer, 1984),
doi:10.1007/978-3-7091-8752-4.
B. Gaury, Y. Sun, P. Bermel, P. M. Haney, J. Comput. Electron. 18, 1 (2019) (Sesame),
doi:10.1007/s10825-019-01343-z (the quasi-Fermi-level form that keeps currents accurate at low
bias).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ncled.constants import q

_SMALL = 1e-4  # below this |x| the Bernoulli series is used (error < 1e-17)


def bernoulli(x):
    """Bernoulli function B(x) = x / (exp(x) - 1), B(0) = 1."""
    x = np.asarray(x, dtype=float)
    small = np.abs(x) < _SMALL
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        big = x / np.expm1(np.where(small, 1.0, x))
    return np.where(small, 1.0 - 0.5 * x + x * x / 12.0, big)


def dlog_bernoulli(x):
    """d ln B / dx = (1 - B(x)) / x - 1 (-1/2 at x = 0)."""
    x = np.asarray(x, dtype=float)
    small = np.abs(x) < _SMALL
    xs = np.where(small, 1.0, x)
    return np.where(small, -0.5 - x / 12.0, (1.0 - bernoulli(xs)) / xs - 1.0)


def _safe_exp(x):
    return np.exp(np.minimum(x, 700.0))


@dataclass(frozen=True)
class Flux:
    """A flux (current density [A/m^2] along +x) on each element and its derivatives with respect
    to the scaled unknowns of the left (i) and right (j) node."""

    j: np.ndarray
    d_psi_i: np.ndarray
    d_psi_j: np.ndarray
    d_phi_i: np.ndarray
    d_phi_j: np.ndarray
    d_b_i: np.ndarray | None = None  # derivatives with respect to the band parameters
    d_b_j: np.ndarray | None = None

    def with_statistics(self, g_i, g_j) -> Flux:
        """The derivatives when the band parameters carry the statistics correction, b -/+ g(eta)
        (see :mod:`ncled.transport.statistics`): ``g_i``, ``g_j`` are g'(eta) at the two nodes,
        and d b / d psi = -g', d b / d phi = +g' for both carriers."""
        ci, cj = self.d_b_i * g_i, self.d_b_j * g_j
        return Flux(self.j, self.d_psi_i - ci, self.d_psi_j - cj, self.d_phi_i + ci,
                    self.d_phi_j + cj, self.d_b_i, self.d_b_j)


def bernoulli_terms(psi):
    """(s, B(s), d ln B / ds) of every element, s = (psi_j - psi_i)/2: shared by both carriers."""
    s = 0.5 * (psi[1:] - psi[:-1])
    return s, bernoulli(s), dlog_bernoulli(s)


def electron_flux(psi, phin, bn, mu, h, vt, dphin=None, bern=None) -> Flux:
    """Scharfetter-Gummel electron current density between neighbouring nodes.

    Parameters
    ----------
    psi, phin : ndarray, shape (N,)
        Electrostatic and electron quasi-Fermi potential in units of V_t.
    bn : ndarray, shape (N,)
        Electron band parameter chi/kT + ln N_c of each node.
    mu : ndarray, shape (N,)
        Electron mobility of each node [m^2/Vs].
    h : ndarray, shape (N-1,)
        Element lengths [m].
    vt : float
        Thermal voltage [V].
    dphin : ndarray, shape (N-1,), optional
        phin[1:] - phin[:-1] computed by the caller without cancellation (the solver stores the
        quasi-Fermi potentials as offsets from the contact potentials, so that a majority carrier's
        tiny gradient is not lost against a large absolute value).
    bern : tuple, optional
        :func:`bernoulli_terms` of ``psi``, when the caller already has them.

    Returns
    -------
    Flux

    Notes
    -----
    With J_n = q mu V_t exp(v) d exp(-phin)/dx (v = psi + bn) constant over the element,
    exp(-phin_j) - exp(-phin_i) = J_n * integral dx / (q mu V_t exp(v)). psi is linear between the
    nodes; the left half of the element has the parameters of node i, the right half those of node
    j (a heterointerface sits at the element midpoint). With s = (psi_j - psi_i)/2 this gives

        J_n = -(q V_t / h) 2 B(s) n_j expm1(phin_j - phin_i) / (exp(s + bn_j - bn_i)/mu_i + 1/mu_j),

    which is the Scharfetter-Gummel flux q mu V_t / h B(psi_j - psi_i) (n_j - n_i exp(...)) for a
    homogeneous element, and vanishes exactly when the quasi-Fermi level is flat (no noise floor).
    """
    s, b, dlb = bernoulli_terms(psi) if bern is None else bern
    ln_mu_i, ln_mu_j = np.log(mu[:-1]), np.log(mu[1:])
    a = s + bn[1:] - bn[:-1] - ln_mu_i
    lse = np.logaddexp(a, -ln_mu_j)
    sigma = np.exp(a - lse)
    pref = -(2.0 * q * vt / h) * b * _safe_exp(psi[1:] + bn[1:] - phin[1:] - lse)
    dphi = phin[1:] - phin[:-1] if dphin is None else dphin
    e = np.expm1(dphi)
    j = pref * e
    return Flux(j=j, d_psi_i=j * (-0.5 * dlb + 0.5 * sigma),
                d_psi_j=j * (0.5 * dlb + 1.0 - 0.5 * sigma),
                d_phi_i=-pref * np.exp(dphi), d_phi_j=pref, d_b_i=j * sigma,
                d_b_j=j * (1.0 - sigma))


def hole_flux(psi, phip, bp, mu, h, vt, dphip=None, bern=None) -> Flux:
    """Scharfetter-Gummel hole current density between neighbouring nodes.

    Parameters as :func:`electron_flux`, with the hole quasi-Fermi potential ``phip`` and the hole
    band parameter bp = (chi + E_g)/kT - ln N_v.

    Notes
    -----
    J_p = -(q V_t / h) 2 B(s) p_i expm1(phip_j - phip_i) / (1/mu_i + exp(s + bp_j - bp_i)/mu_j).
    """
    s, b, dlb = bernoulli_terms(psi) if bern is None else bern
    ln_mu_i, ln_mu_j = np.log(mu[:-1]), np.log(mu[1:])
    a = s + bp[1:] - bp[:-1] - ln_mu_j
    lse = np.logaddexp(-ln_mu_i, a)
    sigma = np.exp(a - lse)
    pref = -(2.0 * q * vt / h) * b * _safe_exp(-psi[:-1] - bp[:-1] + phip[:-1] - lse)
    dphi = phip[1:] - phip[:-1] if dphip is None else dphip
    e = np.expm1(dphi)
    j = pref * e
    return Flux(j=j, d_psi_i=j * (-0.5 * dlb - 1.0 + 0.5 * sigma),
                d_psi_j=j * (0.5 * dlb - 0.5 * sigma),
                d_phi_i=-pref, d_phi_j=pref * np.exp(dphi), d_b_i=j * (sigma - 1.0),
                d_b_j=-j * sigma)


def densities(psi, phin, phip, bn, bp):
    """Electron and hole densities [m^-3] from the scaled potentials (Boltzmann form; with
    Gauss-Fermi statistics pass the corrected band parameters of :func:`carriers`)."""
    return _safe_exp(psi + bn - phin), _safe_exp(-psi - bp + phip)


@dataclass(frozen=True)
class Carriers:
    """Densities at the nodes with their statistics.

    ``n = exp(psi + bn - gn - phin)``, ``p = exp(-psi - bp - gp + phip)`` [m^-3]; ``gn``, ``gp``
    the statistics corrections (0 for Boltzmann) and ``dgn``, ``dgp`` their derivatives with
    respect to the reduced Fermi levels; ``rn = 1 - dgn`` = d ln n / d psi and
    ``rp = 1 - dgp`` = -d ln p / d psi.
    """

    n: np.ndarray
    p: np.ndarray
    bn: np.ndarray
    bp: np.ndarray
    gn: np.ndarray
    gp: np.ndarray
    dgn: np.ndarray
    dgp: np.ndarray

    @property
    def rn(self) -> np.ndarray:
        """d ln n / d psi."""
        return 1.0 - self.dgn

    @property
    def rp(self) -> np.ndarray:
        """-d ln p / d psi."""
        return 1.0 - self.dgp


def carriers(psi, phin, phip, prm) -> Carriers:
    """Densities and statistics corrections of all nodes (see :class:`Carriers`).

    Nodes of layers with Gauss-Fermi statistics (``prm.gauss_n`` / ``prm.gauss_p``) use
    :func:`ncled.transport.statistics.boltzmann_shift`; the others Boltzmann statistics.
    """
    from ncled.transport.statistics import boltzmann_shift

    z = np.zeros_like(psi)
    gn, gp, dgn, dgp = z, z, z, z
    bn, bp = prm.bn, prm.bp
    if prm.gauss_n is not None and prm.gauss_n.any():
        m = prm.gauss_n
        eta = psi[m] + bn[m] - prm.ln_nc[m] - phin[m]
        gn, dgn = np.zeros_like(psi), np.zeros_like(psi)
        gn[m], dgn[m] = boltzmann_shift(eta, prm.s_n[m])
        bn = bn - gn
    if prm.gauss_p is not None and prm.gauss_p.any():
        m = prm.gauss_p
        eta = -psi[m] - bp[m] - prm.ln_nv[m] + phip[m]
        gp, dgp = np.zeros_like(psi), np.zeros_like(psi)
        gp[m], dgp[m] = boltzmann_shift(eta, prm.s_p[m])
        bp = bp + gp
    n, p = densities(psi, phin, phip, bn, bp)
    return Carriers(n, p, bn, bp, gn, gp, dgn, dgp)


@dataclass(frozen=True)
class Recombination:
    """Recombination rates [m^-3 s^-1] at the nodes and the derivatives of the total."""

    langevin: np.ndarray
    srh: np.ndarray
    auger: np.ndarray
    radiative_direct: np.ndarray
    total: np.ndarray
    d_psi: np.ndarray
    d_phin: np.ndarray
    d_phip: np.ndarray


def recombination(psi, phin, phip, p, dphi=None, car: Carriers | None = None) -> Recombination:
    """Langevin, band-to-band radiative, Shockley-Read-Hall and Auger recombination.

    Parameters
    ----------
    psi, phin, phip : ndarray
        Scaled potentials (units of V_t).
    p : NodalParameters
        Nodal parameters (band parameters, lifetimes, coefficients).
    dphi : ndarray, optional
        phip - phin computed without cancellation (see :func:`electron_flux`).
    car : Carriers, optional
        The densities of these potentials (computed when not given).

    Notes
    -----
    With X = n p (1 - exp(phin - phip)) = n p - (n p at equal quasi-Fermi levels), which is
    n p - n_i^2 for Boltzmann statistics and vanishes at equilibrium for any statistics:

    - Langevin: R = gamma X, gamma = f q (mu_n + mu_p) / eps (Langevin 1903);
    - direct radiative: R = B X;
    - SRH: R = X / (tau_p (n + n_1) + tau_n (p + p_1)) (Shockley & Read 1952, Hall 1952);
    - Auger: R = (C_n n + C_p p) X.
    """
    if car is None:
        car = carriers(psi, phin, phip, p)
    with np.errstate(invalid="ignore", over="ignore"):
        return _recombination(car, p, phip - phin if dphi is None else dphi)


def _recombination(car: Carriers, p, dw) -> Recombination:
    """:func:`recombination` from the carriers and the quasi-Fermi split ``dw``."""
    n, pp = car.n, car.p
    kb = p.gamma_langevin + p.b_rad
    if not (np.any(kb) or np.any(np.isfinite(p.tau_n) & np.isfinite(p.tau_p))
            or np.any(p.auger_n) or np.any(p.auger_p)):  # no recombination term at all
        z = np.zeros_like(n)
        return Recombination(z, z, z, z, z, z, z, z)
    ln_a = p.ln_ni2 - car.gn - car.gp  # ln(n p) - dw
    # n p is capped at e^700 m^-6 (a split of > 18 eV, reached only by a straying Newton iterate)
    x = np.exp(ln_a) * np.expm1(np.minimum(dw, np.minimum(700.0, 700.0 - ln_a)))
    npr = _safe_exp(ln_a + dw)
    # derivatives of X and of the densities with respect to (psi, phin, phip)
    dx = (x * (car.dgp - car.dgn), x * car.dgn - npr, -x * car.dgp + npr)
    rn, rp = car.rn, car.rp
    dn = (n * rn, -n * rn, 0.0)
    dp = (-pp * rp, 0.0, pp * rp)
    d_tot = [kb * d for d in dx]
    # SRH written with capture rates g = 1/tau so that tau = inf switches it off cleanly
    gn, gp = 1.0 / p.tau_n, 1.0 / p.tau_p
    g2 = gn * gp
    on = g2 > 0
    r_s = np.zeros_like(x)
    if on.any():
        den = np.where(on, gn * (n + p.n1) + gp * (pp + p.p1), 1.0)
        r_s = np.where(on, g2 * x / den, 0.0)
        for k in range(3):
            d_den = gn * dn[k] + gp * dp[k]
            d_tot[k] = d_tot[k] + np.where(on, (g2 * dx[k] - r_s * d_den) / den, 0.0)
    c = p.auger_n * n + p.auger_p * pp
    aug = c > 0  # no Auger term (and no inf * 0) where both coefficients vanish
    r_a = np.zeros_like(x)
    if aug.any():
        r_a = np.where(aug, c * x, 0.0)
        for k in range(3):
            da = (p.auger_n * dn[k] + p.auger_p * dp[k]) * x + c * dx[k]
            d_tot[k] = d_tot[k] + np.where(aug, da, 0.0)
    r_l = p.gamma_langevin * x
    r_b = p.b_rad * x
    return Recombination(langevin=r_l, srh=r_s, auger=r_a, radiative_direct=r_b,
                         total=r_l + r_b + r_s + r_a, d_psi=d_tot[0], d_phin=d_tot[1],
                         d_phip=d_tot[2])
