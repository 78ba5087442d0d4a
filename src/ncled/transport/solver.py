"""Fully coupled Newton solution of Poisson + electron and hole continuity at one bias.

Unknowns per node, interleaved (psi_i, phin_i, phip_i), all scaled by V_t. Each equation couples
only nearest neighbours, so the Jacobian is block-tridiagonal with 3x3 blocks: a band matrix with
5 sub- and 5 super-diagonals, assembled vectorised and solved with LAPACK's banded LU
(:func:`scipy.linalg.solve_banded`). Rows are equilibrated (divided by their largest entry) before
the solve. The Newton update is damped by limiting its largest component (potential-update
limiting): a step of size m > 1 V_t is scaled to 1 + ln m.

References
----------
R. E. Bank, D. J. Rose, Numer. Math. 37, 279 (1981), doi:10.1007/BF01398257 (damped Newton for
semiconductor equations).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
from scipy.linalg import solve_banded

from ncled.constants import q
from ncled.transport.mesh import Mesh
from ncled.transport.params import Contact, Device, NodalParameters
from ncled.transport.physics import densities, electron_flux, hole_flux, recombination
from ncled.transport.poisson import neutral_potential, poisson_residual


@dataclass(frozen=True)
class BoundaryCondition:
    """A contact in scaled form: node index, equilibrium potential, densities and velocities."""

    node: int
    psi_eq: float
    n_eq: float
    p_eq: float
    s_n: float
    s_p: float
    side: int  # -1 left, +1 right


def boundary_conditions(device: Device, prm: NodalParameters) -> tuple[BoundaryCondition, ...]:
    """Equilibrium (zero bias) boundary values of the two contacts (see :class:`Contact`)."""
    out = []
    for contact, node, side in ((device.left, 0, -1), (device.right, -1, 1)):
        contact: Contact
        node = node % prm.bn.size
        if contact.work_function is None:
            psi = float(neutral_potential(prm.doping[node], prm.bn[node], prm.bp[node]))
        else:
            psi = -contact.work_function / (q * prm.vt)
        n, p = densities(psi, 0.0, 0.0, prm.bn[node], prm.bp[node])
        out.append(BoundaryCondition(node, psi, float(n), float(p), contact.s_n, contact.s_p, side))
    return tuple(out)


def contact_potentials(device: Device, voltage: float) -> tuple[float, float]:
    """Applied potential [V] of the left and right contact for a bias ``voltage`` on the anode."""
    return (voltage, 0.0) if device.anode == "left" else (0.0, voltage)


@dataclass(frozen=True)
class State:
    """The unknowns at all nodes, scaled by V_t.

    The quasi-Fermi potentials are stored as offsets from the potential of one contact
    (``side`` 0: left, 1: right): phin = v_contacts[side_n] / V_t + off_n. Each carrier references
    the contact where it is the majority carrier, the switch between the two sides lying on its
    least conductive element. A majority carrier's quasi-Fermi level then sits next to zero, where
    floating point resolves its tiny gradient: the current is accurate at any level (no noise
    floor), instead of being limited to G * 1e-16 * V / V_t by the conductance G of the region.
    """

    psi: np.ndarray
    off_n: np.ndarray
    off_p: np.ndarray
    side_n: np.ndarray
    side_p: np.ndarray
    v_contacts: tuple[float, float]
    vt: float

    def _ref(self, side):
        return np.where(side == 0, self.v_contacts[0], self.v_contacts[1]) / self.vt

    @property
    def phin(self) -> np.ndarray:
        """Electron quasi-Fermi potential (units of V_t)."""
        return self._ref(self.side_n) + self.off_n

    @property
    def phip(self) -> np.ndarray:
        """Hole quasi-Fermi potential (units of V_t)."""
        return self._ref(self.side_p) + self.off_p

    def dphin(self) -> np.ndarray:
        """phin[1:] - phin[:-1] without cancellation."""
        r = self._ref(self.side_n)
        return (r[1:] - r[:-1]) + np.diff(self.off_n)

    def dphip(self) -> np.ndarray:
        """phip[1:] - phip[:-1] without cancellation."""
        r = self._ref(self.side_p)
        return (r[1:] - r[:-1]) + np.diff(self.off_p)

    def split(self) -> np.ndarray:
        """phip - phin at the nodes without cancellation."""
        return (self._ref(self.side_p) - self._ref(self.side_n)) + (self.off_p - self.off_n)

    def vector(self) -> np.ndarray:
        """Interleaved unknown vector (psi_0, off_n_0, off_p_0, psi_1, ...)."""
        return np.column_stack((self.psi, self.off_n, self.off_p)).ravel()

    def with_vector(self, x: np.ndarray) -> State:
        """The same references with new unknowns (inverse of :meth:`vector`)."""
        x = x.reshape(-1, 3)
        return replace(self, psi=x[:, 0].copy(), off_n=x[:, 1].copy(), off_p=x[:, 2].copy())


def rebase(st: State, prm: NodalParameters, mesh: Mesh, v_contacts) -> State:
    """Move a converged state to new contact potentials, as the initial guess for a new bias.

    Each carrier's reference switches sides on the element where its conductance
    mu c / h is smallest; the offsets are kept, so a majority carrier's quasi-Fermi level follows
    its contact and the new bias first drops where that carrier is a minority.
    """
    n, p = densities(st.psi, st.phin, st.phip, prm.bn, prm.bp)
    sides = []
    for c, mu in ((n, prm.mu_n), (p, prm.mu_p)):
        g = np.maximum(c[1:] * mu[1:], c[:-1] * mu[:-1]) / mesh.h
        e = int(np.argmin(g))
        side = np.zeros(c.size, dtype=np.int8)
        side[e + 1:] = 1
        sides.append(side)
    return State(st.psi, st.off_n, st.off_p, sides[0], sides[1],
                 (float(v_contacts[0]), float(v_contacts[1])), prm.vt)


def _assemble(st: State, prm: NodalParameters, mesh: Mesh, bcs):
    """Residual (N, 3) and block-tridiagonal Jacobian (three (N, 3, 3) arrays L, D, U)."""
    psi, pn, pp = st.psi, st.phin, st.phip
    nn = psi.size
    f = np.empty((nn, 3))
    low, dia, upp = (np.zeros((nn, 3, 3)) for _ in range(3))
    fp, dl, dd, du, dpn, dpp = poisson_residual(psi, pn, pp, prm, mesh)
    f[:, 0] = fp
    low[:, 0, 0], dia[:, 0, 0], upp[:, 0, 0] = dl, dd, du
    dia[:, 0, 1], dia[:, 0, 2] = dpn, dpp
    rec = recombination(psi, pn, pp, prm, st.split())
    qv = q * mesh.volume
    fn = electron_flux(psi, pn, prm.bn, prm.mu_n, mesh.h, prm.vt, st.dphin())
    fh = hole_flux(psi, pp, prm.bp, prm.mu_p, mesh.h, prm.vt, st.dphip())
    for k, flux, sign in ((1, fn, -1.0), (2, fh, 1.0)):
        # F_i = J_{i+1/2} - J_{i-1/2} -/+ q V_i R_i  (electrons: dJn/dx = qR, holes: dJp/dx = -qR)
        r = np.zeros(nn)
        r[:-1] += flux.j
        r[1:] -= flux.j
        f[:, k] = r + sign * qv * rec.total
        dia[:, k, 0] = sign * qv * rec.d_psi
        dia[:, k, 1] = sign * qv * rec.d_phin
        dia[:, k, 2] = sign * qv * rec.d_phip
        dia[:-1, k, 0] += flux.d_psi_i
        dia[1:, k, 0] -= flux.d_psi_j
        dia[:-1, k, k] += flux.d_phi_i
        dia[1:, k, k] -= flux.d_phi_j
        upp[:-1, k, 0] = flux.d_psi_j
        upp[:-1, k, k] = flux.d_phi_j
        low[1:, k, 0] = -flux.d_psi_i
        low[1:, k, k] = -flux.d_phi_i
    for bc, vc in zip(bcs, st.v_contacts, strict=True):
        i = bc.node
        low[i, 0], dia[i, 0], upp[i, 0] = 0.0, 0.0, 0.0
        dia[i, 0, 0] = 1.0
        f[i, 0] = psi[i] - (bc.psi_eq + vc / prm.vt)
        n, p = densities(psi[i], pn[i], pp[i], prm.bn[i], prm.bp[i])
        for k, s, c, c_eq, chg in ((1, bc.s_n, n, bc.n_eq, -1.0), (2, bc.s_p, p, bc.p_eq, 1.0)):
            if math.isinf(s):  # ohmic: quasi-Fermi level pinned to the metal
                low[i, k], dia[i, k], upp[i, k] = 0.0, 0.0, 0.0
                dia[i, k, k] = 1.0
                f[i, k] = (st.off_n, st.off_p)[k - 1][i]  # the contact is the reference
            elif s > 0:
                # the carrier leaves through the contact at the rate s (c - c_eq) per area: the
                # current it carries along +x is side * chg * q s (c - c_eq), and it enters the
                # balance of the contact node with the sign ``side``, hence chg * q s (c - c_eq)
                f[i, k] += chg * q * s * (c - c_eq)
                dia[i, k, 0] += -q * s * c
                dia[i, k, k] += q * s * c
    return f, low, dia, upp


def _band_solve(f, low, dia, upp):
    """Solve J dx = -f for the block-tridiagonal J, via LAPACK banded LU after row scaling."""
    nn = f.shape[0]
    scale = np.maximum(np.abs(low).max(axis=2), np.abs(dia).max(axis=2))
    scale = np.maximum(scale, np.abs(upp).max(axis=2))
    scale = np.where(scale > 0, 1.0 / scale, 1.0)
    m = 3 * nn
    ab = np.zeros((11, m))
    idx = np.arange(nn)
    for blk, off in ((low, -1), (dia, 0), (upp, 1)):
        b = blk * scale[:, :, None]
        cols_i = idx + off
        ok = (cols_i >= 0) & (cols_i < nn)
        for a in range(3):
            for c in range(3):
                row = 3 * idx[ok] + a
                col = 3 * cols_i[ok] + c
                ab[5 + row - col, col] = b[ok, a, c]
    rhs = -(f * scale).ravel()
    return solve_banded((5, 5), ab, rhs, overwrite_ab=True, check_finite=False), np.abs(
        f * scale).max()


def _clip_to_contacts(st: State, x: np.ndarray) -> np.ndarray:
    """Keep the quasi-Fermi potentials between the two contact potentials.

    Without generation the quasi-Fermi levels obey a maximum principle and lie between the
    contacts' Fermi levels (Markowich 1986); clipping there stops a carrier that is vanishingly
    rare somewhere (its quasi-Fermi level nearly undetermined) from sending Newton astray.

    References
    ----------
    P. A. Markowich, *The Stationary Semiconductor Device Equations* (Springer, 1986),
    doi:10.1007/978-3-7091-3678-2.
    """
    lo, hi = min(st.v_contacts) / st.vt, max(st.v_contacts) / st.vt
    x = x.reshape(-1, 3).copy()
    for k, side in ((1, st.side_n), (2, st.side_p)):
        ref = st._ref(side)
        phi = ref + x[:, k]
        x[:, k] = np.where(phi > hi, hi - ref, np.where(phi < lo, lo - ref, x[:, k]))
    return x.ravel()


@dataclass(frozen=True)
class NewtonResult:
    """Outcome of one Newton solve."""

    state: State
    converged: bool
    iterations: int
    update: float
    residual: float


def newton(st: State, prm: NodalParameters, mesh: Mesh, bcs, *, tol: float = 1e-10,
           max_iter: int = 60, density_floor: float = 1.0) -> NewtonResult:
    """Damped Newton iteration for one bias.

    Parameters
    ----------
    st : State
        Initial guess.
    prm, mesh, bcs
        Nodal parameters, mesh and boundary conditions.
    tol : float
        Converged when the largest step is below ``tol`` (units of V_t), or below 1e-6 and no
        longer shrinking (the round-off floor of the residual).
    max_iter : int
        Newton iterations before giving up.
    density_floor : float
        Density [m^-3] below which a carrier's quasi-Fermi level no longer counts for convergence.
    """
    x = st.vector()
    upd, res, prev = math.inf, math.inf, math.inf
    for it in range(1, max_iter + 1):
        f, low, dia, upp = _assemble(st.with_vector(x), prm, mesh, bcs)
        try:
            dx, res = _band_solve(f, low, dia, upp)
        except (np.linalg.LinAlgError, ValueError):
            break
        upd = float(np.max(np.abs(dx))) if dx.size else 0.0
        if not math.isfinite(upd):
            break
        dpsi = float(np.max(np.abs(dx[0::3])))
        if dpsi > 1.0:  # potential-update limiting: the largest psi step becomes 1 + ln m
            dx *= (1.0 + math.log(dpsi)) / dpsi
        x_new = _clip_to_contacts(st, x + dx)
        # the step actually taken (a quasi-Fermi level held at a contact's bound stops counting),
        # each quasi-Fermi step weighted by c / (c + c_floor): the quasi-Fermi level of a carrier
        # that is absent (below ~1 m^-3, i.e. 1e-6 cm^-3) is numerically undetermined and carries
        # no current or charge that matters, so it must not hold up convergence
        step = np.abs(x_new - x).reshape(-1, 3)
        cur = st.with_vector(x)
        n, p = densities(cur.psi, cur.phin, cur.phip, prm.bn, prm.bp)
        step[:, 1] *= n / (n + density_floor)
        step[:, 2] *= p / (p + density_floor)
        upd = float(step.max())
        x = x_new
        # converged: below tol, or stalled at the round-off floor (no longer halving) below 1e-6
        if upd < tol or (upd < 1e-6 and upd > 0.5 * prev):
            return NewtonResult(st.with_vector(x), True, it, upd, float(res))
        prev = upd
    return NewtonResult(st.with_vector(x), False, max_iter, upd, float(res))


def neutral_state(prm: NodalParameters) -> State:
    """Zero-bias initial guess: local charge neutrality, flat quasi-Fermi levels at zero."""
    psi = neutral_potential(prm.doping, prm.bn, prm.bp)
    z = np.zeros_like(psi)
    side = np.zeros(psi.size, dtype=np.int8)
    side[-1] = 1
    return State(psi, z, z.copy(), side, side.copy(), (0.0, 0.0), prm.vt)
