"""Fully coupled Newton solution of Poisson + electron and hole continuity at one bias.

Unknowns per node, interleaved (psi_i, phin_i, phip_i), all scaled by V_t. Each equation couples
only nearest neighbours, so the Jacobian is block-tridiagonal with 3x3 blocks: a band matrix with
5 sub- and 5 super-diagonals, assembled vectorised and solved with LAPACK's banded LU
(LAPACK ``dgbsv``). Rows are equilibrated (divided by their largest entry) before
the solve. The analytic Jacobian agrees with finite differences of the residual to ~1e-9 in every
entry (tests/transport/test_dd_jacobian.py), so the iteration converges quadratically.

Globalisation (Bank & Rose 1981): the full Newton step is taken when it lowers the equilibrated
residual norm; otherwise the step is limited (largest potential step m > 1 V_t scaled to
1 + ln m) and halved until the norm decreases. The quasi-Fermi potentials move freely (no
clipping to the contact potentials: a clipped step is no longer a Newton step and stalls).

References
----------
R. E. Bank, D. J. Rose, Numer. Math. 37, 279 (1981), doi:10.1007/BF01398257 (damped Newton for
semiconductor equations).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np
from scipy.linalg.lapack import dgbsv as _dgbsv

from ncled.constants import q
from ncled.transport.mesh import Mesh
from ncled.transport.params import Contact, Device, NodalParameters
from ncled.transport.physics import (
    bernoulli_terms,
    carriers,
    electron_flux,
    hole_flux,
    recombination,
)
from ncled.transport.poisson import neutral_potential_statistics, poisson_residual


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
    image_force: bool = False


def boundary_conditions(device: Device, prm: NodalParameters, neutral: np.ndarray | None = None
                        ) -> tuple[BoundaryCondition, ...]:
    """Equilibrium (zero bias) boundary values of the two contacts (see
    :class:`~ncled.transport.params.Contact`);
    ``neutral``: :func:`~ncled.transport.poisson.neutral_potential_statistics` of ``prm`` when
    already computed."""
    out = []
    if neutral is None:
        neutral = neutral_potential_statistics(prm)
    zero = np.zeros_like(neutral)
    for contact, node, side in ((device.left, 0, -1), (device.right, -1, 1)):
        contact: Contact
        node = node % prm.bn.size
        psi_all = neutral.copy()
        if contact.work_function is not None:
            psi_all[node] = -contact.work_function / (q * prm.vt)
        car = carriers(psi_all, zero, zero, prm)
        psi, n, p = float(psi_all[node]), float(car.n[node]), float(car.p[node])
        out.append(BoundaryCondition(node, psi, float(n), float(p), contact.s_n, contact.s_p, side,
                                     contact.image_force))
    return tuple(out)


def contact_potentials(device: Device, voltage: float) -> tuple[float, float]:
    """Applied potential [V] of the left and right contact for a bias ``voltage`` on the anode."""
    return (voltage, 0.0) if device.anode == "left" else (0.0, voltage)


@dataclass(frozen=True)
class State:
    """The unknowns at all nodes, scaled by V_t.

    The quasi-Fermi potentials are stored as offsets from one of two reference levels per carrier
    (``side`` 0: left, 1: right): phin = lev_n[side_n] + off_n. Each carrier's level on a side
    follows the contact of that side from bias to bias, and sits at the quasi-Fermi level of the
    carrier where it conducts best (for a majority carrier next to an ohmic contact, the
    contact's potential); the switch between the two sides lies on the carrier's least
    conductive element. Where the carrier conducts, its quasi-Fermi level then sits next to its
    level, where floating point resolves its tiny gradient: the current is accurate at any level
    (no noise floor), instead of being limited to ``G * 1e-16 * |phi|`` by the conductance G of the
    region.
    """

    psi: np.ndarray
    off_n: np.ndarray
    off_p: np.ndarray
    side_n: np.ndarray
    side_p: np.ndarray
    v_contacts: tuple[float, float]
    vt: float
    lev_n: tuple[float, float] | None = None  # None: the contact potentials / V_t
    lev_p: tuple[float, float] | None = None

    def levels(self, carrier: str) -> np.ndarray:
        """The two reference levels (left side, right side) of ``carrier`` ('n' or 'p'), in V_t."""
        lev = self.lev_n if carrier == "n" else self.lev_p
        return np.array(self.v_contacts) / self.vt if lev is None else np.array(lev)

    def _ref(self, side, carrier):
        return self.levels(carrier)[side]

    @property
    def phin(self) -> np.ndarray:
        """Electron quasi-Fermi potential (units of V_t)."""
        return self._ref(self.side_n, "n") + self.off_n

    @property
    def phip(self) -> np.ndarray:
        """Hole quasi-Fermi potential (units of V_t)."""
        return self._ref(self.side_p, "p") + self.off_p

    def dphin(self) -> np.ndarray:
        """phin[1:] - phin[:-1] without cancellation."""
        r = self._ref(self.side_n, "n")
        return (r[1:] - r[:-1]) + np.diff(self.off_n)

    def dphip(self) -> np.ndarray:
        """phip[1:] - phip[:-1] without cancellation."""
        r = self._ref(self.side_p, "p")
        return (r[1:] - r[:-1]) + np.diff(self.off_p)

    def split(self) -> np.ndarray:
        """phip - phin at the nodes without cancellation."""
        return ((self._ref(self.side_p, "p") - self._ref(self.side_n, "n"))
                + (self.off_p - self.off_n))

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
    mu c / h is smallest. A node that changes side first has its offset converted to the new
    side's level (its quasi-Fermi level is unchanged). Each level then moves with the contact of
    its side, the offsets being kept: a majority carrier's quasi-Fermi level follows its contact
    and the new bias first drops where that carrier is a minority. Finally each level is moved
    to the carrier's quasi-Fermi level at its best-conducting node of the side (the offsets
    taking up the difference), so that the offsets are small where the current flows.
    """
    car = carriers(st.psi, st.phin, st.phip, prm)
    n, p = car.n, car.p
    dv = (np.array(v_contacts, dtype=float) - np.array(st.v_contacts)) / st.vt
    out = []
    for c, mu, side_old, off, carrier in ((n, prm.mu_n, st.side_n, st.off_n, "n"),
                                          (p, prm.mu_p, st.side_p, st.off_p, "p")):
        lev = st.levels(carrier)
        g = c * mu
        e = int(np.argmin(np.maximum(g[1:], g[:-1]) / mesh.h))
        side = np.zeros(c.size, dtype=np.int8)
        side[e + 1:] = 1
        # phi = lev[side_old] + off = lev[side] + off_new, without cancellation when equal
        off = np.where(side == side_old, off, off + (lev[side_old] - lev[side]))
        lev = lev + dv
        for k in (0, 1):
            on = side == k
            if on.any():
                shift = off[on][np.argmax(g[on])]
                lev[k] += shift
                off = np.where(on, off - shift, off)
        out.append((side, off, (float(lev[0]), float(lev[1]))))
    (side_n, off_n, lev_n), (side_p, off_p, lev_p) = out
    return State(st.psi, off_n, off_p, side_n, side_p,
                 (float(v_contacts[0]), float(v_contacts[1])), prm.vt, lev_n, lev_p)


def predict(prev: State, st: State, prm: NodalParameters, mesh: Mesh, v_contacts,
            ratio: float) -> State:
    """Secant predictor: :func:`rebase` ``st`` to ``v_contacts`` and extrapolate linearly.

    Parameters
    ----------
    prev, st : State
        Converged states at the two previous biases V_{k-1}, V_k.
    prm, mesh
        Nodal parameters and mesh.
    v_contacts : tuple of float
        Contact potentials [V] of the new bias V_{k+1}.
    ratio : float
        (V_{k+1} - V_k) / (V_k - V_{k-1}).

    Notes
    -----
    psi and each quasi-Fermi offset (from the reference contact chosen by :func:`rebase`) change
    by ``ratio`` times their change over the previous step, so the initial error is of second
    order in the bias step and Newton starts inside its region of quadratic convergence.
    """
    guess = rebase(st, prm, mesh, v_contacts)
    vk = np.array(st.v_contacts) / st.vt
    vp = np.array(prev.v_contacts) / st.vt
    offs = []
    for side, now, before, off in ((guess.side_n, st.phin, prev.phin, guess.off_n),
                                   (guess.side_p, st.phip, prev.phip, guess.off_p)):
        d_off = (now - before) - (vk[side] - vp[side])
        offs.append(off + ratio * d_off)
    return replace(guess, psi=st.psi + ratio * (st.psi - prev.psi), off_n=offs[0], off_p=offs[1])


def _assemble_blocks(st: State, prm: NodalParameters, mesh: Mesh, bcs):
    """Residual (N, 3) and the block-tridiagonal Jacobian as one (3, N, 3, 3) array of the
    lower, diagonal and upper 3x3 blocks."""
    psi, pn, pp = st.psi, st.phin, st.phip
    nn = psi.size
    f = np.empty((nn, 3))
    jb = np.zeros((3, nn, 3, 3))
    low, dia, upp = jb[0], jb[1], jb[2]
    car = carriers(psi, pn, pp, prm)
    fp, dl, dd, du, dpn, dpp = poisson_residual(psi, pn, pp, prm, mesh, car)
    f[:, 0] = fp
    low[:, 0, 0], dia[:, 0, 0], upp[:, 0, 0] = dl, dd, du
    dia[:, 0, 1], dia[:, 0, 2] = dpn, dpp
    rec = recombination(psi, pn, pp, prm, st.split(), car)
    qv = q * mesh.volume
    bern = bernoulli_terms(psi)
    # a straying iterate may overflow (inf, then NaN): the line search rejects such a step
    with np.errstate(over="ignore", invalid="ignore"):
        fn = electron_flux(psi, pn, car.bn, prm.mu_n, mesh.h, prm.vt, st.dphin(), bern)
        fh = hole_flux(psi, pp, car.bp, prm.mu_p, mesh.h, prm.vt, st.dphip(), bern)
        if prm.gauss_n is not None and prm.gauss_n.any():
            fn = fn.with_statistics(car.dgn[:-1], car.dgn[1:])
        if prm.gauss_p is not None and prm.gauss_p.any():
            fh = fh.with_statistics(car.dgp[:-1], car.dgp[1:])
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
    if prm.k_interface:
        _add_interface_recombination(f, jb, st, car, mesh, prm.k_interface)
    levels = (st.levels("n"), st.levels("p"))
    sides = (st.side_n, st.side_p)
    for bc, vc in zip(bcs, st.v_contacts, strict=True):
        i = bc.node
        low[i, 0], dia[i, 0], upp[i, 0] = 0.0, 0.0, 0.0
        dia[i, 0, 0] = 1.0
        f[i, 0] = psi[i] - (bc.psi_eq + vc / prm.vt)
        n, p = car.n[i], car.p[i]
        lower = _image_force(bc, psi, prm, mesh)
        for k, s, c, c_eq, chg, r in ((1, bc.s_n, n, bc.n_eq, -1.0, car.rn[i]),
                                      (2, bc.s_p, p, bc.p_eq, 1.0, car.rp[i])):
            if math.isinf(s):  # ohmic: quasi-Fermi level pinned to the metal
                low[i, k], dia[i, k], upp[i, k] = 0.0, 0.0, 0.0
                dia[i, k, k] = 1.0
                # phi = V_c: off = V_c / V_t - level (exactly off where the level is V_c)
                lev = levels[k - 1][sides[k - 1][i]]
                off = (st.off_n, st.off_p)[k - 1][i]
                vcs = vc / prm.vt
                f[i, k] = off if lev == vcs else off - (vcs - lev)
            elif s > 0:
                # the carrier leaves through the contact at the rate s (c - c_eq) per area: the
                # current it carries along +x is side * chg * q s (c - c_eq), and it enters the
                # balance of the contact node with the sign ``side``, hence chg * q s (c - c_eq)
                f[i, k] += chg * q * s * (c - c_eq)
                dia[i, k, 0] += -q * s * c * r
                dia[i, k, k] += q * s * c * r
                if lower is not None:  # Schottky lowering: c_eq exp(dphi), dphi(psi_i, psi_nb)
                    g, d_i, d_nb = lower[k - 1]
                    ceq = c_eq * (g - 1.0)  # the extra equilibrium density
                    f[i, k] -= chg * q * s * ceq
                    dia[i, k, 0] -= chg * q * s * c_eq * g * d_i
                    nb_blk = upp if bc.side < 0 else low
                    nb_blk[i, k, 0] -= chg * q * s * c_eq * g * d_nb
    return f, jb


def _image_force(bc, psi, prm, mesh):
    """Schottky barrier lowering at a contact with ``image_force``: for each carrier the factor
    exp(Delta phi / kT) and its derivatives with respect to psi at the contact node and at its
    neighbour (None without image force).

    Delta phi = sqrt(q E+ / (4 pi eps)), E+ the field component pushing the carrier away from the
    metal, smoothed as (E + sqrt(E^2 + E0^2)) / 2 with E0 = 1e5 V/m (a 4 meV lowering) so that
    Newton sees a smooth function (Sze & Ng, Physics of Semiconductor Devices, 3rd ed. (Wiley,
    2007), sec. 3.2.4, doi:10.1002/0470068329).
    """
    if not bc.image_force:
        return None
    i = bc.node
    nb = i + 1 if bc.side < 0 else i - 1
    h = abs(mesh.x[nb] - mesh.x[i])
    # field along the inward normal (from the metal into the device): -dpsi/dn
    e_in = -(psi[nb] - psi[i]) * prm.vt / h
    # an electron is pushed away from the metal by a field pointing towards the metal (E < 0
    # inward); a hole by one pointing inward
    out = []
    e0 = 1e5
    coef = math.sqrt(q / (4.0 * math.pi * prm.eps[i])) / prm.vt  # Delta phi / V_t per sqrt(E)
    for sign in (-1.0, 1.0):
        e = sign * e_in
        root = math.sqrt(e * e + e0 * e0)
        ep = 0.5 * (e + root)
        g = math.exp(coef * math.sqrt(ep))
        # d dphi / d e_in = coef / (2 sqrt(ep)) * d ep / d e * sign
        dd = coef / (2.0 * math.sqrt(ep)) * 0.5 * (1.0 + e / root) * sign
        de_dnb = -prm.vt / h
        out.append((g, dd * (-de_dnb), dd * de_dnb))
    return out


def interface_pairs(mesh: Mesh) -> np.ndarray:
    """Index i of the element (i, i+1) straddling each heterointerface, left to right."""
    return np.flatnonzero(np.diff(mesh.layer) != 0)


def interface_recombination(st: State, car, mesh: Mesh, k_if):
    """Recombination across each heterointerface [m^-2 s^-1], and its derivatives.

    Parameters
    ----------
    st : State
    car : Carriers
        Densities of ``st``.
    mesh : Mesh
    k_if : array_like
        Coefficient of each interface [m^4/s].

    Returns
    -------
    list of (i, j, R, dR) for the two channels of each interface: electrons at node i with holes
    at node j (i, j the two nodes of the straddling element, either order); dR holds
    d R / d (psi_i, phin_i, psi_j, phip_j).

    Notes
    -----
    R = k (n_i p_j - n_i p_j exp(phin_i - phip_j)) = k A expm1(phip_j - phin_i),
    A = n_i p_j exp(phin_i - phip_j): zero when the two quasi-Fermi levels meet (equilibrium),
    bimolecular in the two densities facing each other across the interface (Kirchartz,
    Pieters, Nelson, Rau, Phys. Rev. B 81, 205308 (2010), doi:10.1103/PhysRevB.81.205308, for
    recombination across a donor-acceptor interface).
    """
    out = []
    ref_n, ref_p = st._ref(st.side_n, "n"), st._ref(st.side_p, "p")
    for e, k in zip(interface_pairs(mesh), k_if, strict=True):
        if k <= 0:
            continue
        for i, j in ((e, e + 1), (e + 1, e)):
            w = (ref_p[j] - ref_n[i]) + (st.off_p[j] - st.off_n[i])  # phip_j - phin_i
            with np.errstate(divide="ignore", over="ignore"):
                ln_a = float(np.log(car.n[i]) + np.log(car.p[j])) - w  # ln of the equilibrium np
            # capped like the bulk term (a split beyond e^700 is a straying Newton iterate)
            wc = min(w, 700.0 - ln_a) if math.isfinite(ln_a) else w
            x = math.exp(ln_a) * math.expm1(wc) if math.isfinite(ln_a) and ln_a < 700 else 0.0
            npr = math.exp(min(ln_a + wc, 700.0)) if math.isfinite(ln_a) else 0.0
            r = k * x
            d = (k * x * car.rn[i], k * (x * car.dgn[i] - npr), -k * x * car.rp[j],
                 k * (-x * car.dgp[j] + npr))
            out.append((i, j, r, d))
    return out


def _add_interface_recombination(f, jb, st, car, mesh, k_if):
    """Add the interface channels of :func:`interface_recombination` to residual and Jacobian:
    an electron sink at node i (row 1) and a hole sink at node j (row 2)."""
    for i, j, r, (d_psi_i, d_phin_i, d_psi_j, d_phip_j) in interface_recombination(
            st, car, mesh, k_if):
        # block (row node a, column node b) is jb[b - a + 1][a]
        f[i, 1] -= q * r
        f[j, 2] += q * r
        jb[1][i, 1, 0] -= q * d_psi_i
        jb[1][i, 1, 1] -= q * d_phin_i
        jb[j - i + 1][i, 1, 0] -= q * d_psi_j
        jb[j - i + 1][i, 1, 2] -= q * d_phip_j
        jb[1][j, 2, 0] += q * d_psi_j
        jb[1][j, 2, 2] += q * d_phip_j
        jb[i - j + 1][j, 2, 0] += q * d_psi_i
        jb[i - j + 1][j, 2, 1] += q * d_phin_i


def _assemble(st: State, prm: NodalParameters, mesh: Mesh, bcs):
    """Residual (N, 3) and block-tridiagonal Jacobian (three (N, 3, 3) arrays L, D, U)."""
    f, jb = _assemble_blocks(st, prm, mesh, bcs)
    return f, jb[0], jb[1], jb[2]


def _row_scale(jb) -> np.ndarray:
    """Row equilibration factors (N, 3): one over the largest Jacobian entry of each row."""
    a = np.abs(jb).reshape(3, -1, 3)  # (block, row, column in block)
    m = np.maximum(np.maximum(a[0], a[1]), a[2])
    # elementwise maxima: numpy's reduction over these short axes is 40x slower
    scale = np.maximum(np.maximum(m[:, 0], m[:, 1]), m[:, 2]).reshape(jb.shape[1], 3)
    return np.divide(1.0, scale, out=np.ones_like(scale), where=scale > 0)


@lru_cache(maxsize=8)
def _band_layout(nn: int):
    """Flat positions in LAPACK's ``dgbsv`` band storage (kl = ku = 5, 16 rows) of the entries
    of the stacked blocks (low, dia, upp), shape (3, nn, 3, 3), that lie inside the matrix."""
    kl = ku = 5
    blk, node, a, c = np.meshgrid(np.arange(3), np.arange(nn), np.arange(3), np.arange(3),
                                  indexing="ij")
    col_node = node + blk - 1
    inside = (col_node >= 0) & (col_node < nn)
    row, col = 3 * node + a, 3 * col_node + c
    flat = (kl + ku + row - col) * (3 * nn) + col
    return inside.ravel(), flat.ravel()[inside.ravel()]


@lru_cache(maxsize=8)
def _band_gather(nn: int) -> np.ndarray:
    """For every entry of the (16, 3 nn) band storage, the index of its value in the flattened
    blocks (3, nn, 3, 3), or the index one past them (a zero) outside the band."""
    inside, flat = _band_layout(nn)
    src = np.full(16 * 3 * nn, 9 * 3 * nn, dtype=np.intp)
    src[flat] = np.flatnonzero(inside)
    return src.reshape(16, 3 * nn)


def _band_solve(f, jb, scale):
    """Solve J dx = -f for the block-tridiagonal J, via LAPACK banded LU after row scaling."""
    nn = f.shape[0]
    src = _band_gather(nn)
    vals = np.empty(jb.size + 1)
    np.multiply(jb, scale[None, :, :, None], out=vals[:-1].reshape(jb.shape))
    vals[-1] = 0.0
    ab = vals.take(src)
    _lu, _piv, x, info = _dgbsv(5, 5, ab, -(f * scale).ravel(), overwrite_ab=True,
                                overwrite_b=True)
    if info != 0:
        raise np.linalg.LinAlgError(f"singular Jacobian (dgbsv info {info})")
    return x


@dataclass(frozen=True)
class NewtonResult:
    """Outcome of one Newton solve.

    ``update`` is the last (density-weighted) Newton step [V_t], ``residual`` the largest
    equilibrated residual (each row divided by its largest Jacobian entry, i.e. an estimate of
    the step still needed, in V_t) at the last assembled state: the returned one after a stall
    at the round-off floor, otherwise the one before the final step (smaller than ``tol``, so
    that the returned state's residual is below this bound; saving that assembly is 20 % of a
    sweep), ``history`` the step sizes taken.
    """

    state: State
    converged: bool
    iterations: int
    update: float
    residual: float
    history: tuple[float, ...] = ()


#: Consecutive Newton directions longer than ``max_step`` after which :func:`newton` gives up: an
#: iteration that keeps asking to move the potentials by more than 20 V_t has left the basin of
#: the solution (on the reference device such runs never converged within 100 iterations, while
#: every converging run had at most 4 in a row); the caller then halves the bias step or takes
#: its continuation, at a fraction of the cost of the iterations left.
MAX_WILD_STEPS = 8


def newton(st: State, prm: NodalParameters, mesh: Mesh, bcs, *, tol: float = 1e-10,
           max_iter: int = 60, density_floor: float = 0.0, max_step: float = 20.0,
           max_wild: int = MAX_WILD_STEPS) -> NewtonResult:
    """Damped Newton iteration for one bias.

    Parameters
    ----------
    st : State
        Initial guess.
    prm, mesh, bcs
        Nodal parameters, mesh and boundary conditions.
    tol : float
        Converged when the full Newton step is below ``tol`` (units of V_t), or below 1e-6 and no
        longer shrinking (the round-off floor of the residual).
    max_iter : int
        Newton iterations before giving up.
    density_floor : float
        Density [m^-3] below which a carrier's quasi-Fermi level no longer counts for convergence
        (0: every quasi-Fermi level counts; in the quasi-Fermi form each continuity row is
        accurate relative to its own scale, so even a very rare carrier's level is determined).
    max_step : float
        Largest change of any unknown in one step [V_t] (keeps the exponentials finite).
    max_wild : int
        Give up (not converged) after this many consecutive iterations whose Newton step is
        longer than ``max_step`` (:data:`MAX_WILD_STEPS`).

    Notes
    -----
    Damping follows Bank & Rose (1981): a step t dx along the Newton direction dx is accepted
    when the equilibrated residual norm ||D F(x + t dx)||_2 is below (1 - t/10) ||D F(x)||_2, D
    being the row scaling of the current Jacobian. The full step t = 1 is tried first (when no
    unknown moves by more than ``max_step``); then the limited step (the largest potential step
    m > 1 V_t scaled to 1 + ln m, no unknown beyond ``max_step``), halved up to 19 times (the
    last one is taken even without a decrease). The quasi-Fermi potentials are not clipped: near
    the solution the full step is always accepted and the iteration converges quadratically.
    """
    x = st.vector()
    f, jb = _assemble_blocks(st, prm, mesh, bcs)
    upd, res, prev = math.inf, math.inf, math.inf
    hist = []
    wild = 0
    for it in range(1, max_iter + 1):
        scale = _row_scale(jb)
        fs = f * scale
        res = float(np.max(np.abs(fs)))
        norm0 = float(np.linalg.norm(fs))
        try:
            dx = _band_solve(f, jb, scale)
        except (np.linalg.LinAlgError, ValueError):
            break
        big = float(np.max(np.abs(dx))) if dx.size else 0.0
        if not math.isfinite(big):
            break
        # the step's size for convergence, optionally each quasi-Fermi step weighted by
        # c / (c + c_floor) (a carrier below c_floor carries no current or charge that matters)
        cur = st.with_vector(x)
        step = np.abs(dx).reshape(-1, 3)
        if density_floor > 0:
            car = carriers(cur.psi, cur.phin, cur.phip, prm)
            n, p = car.n, car.p
            step[:, 1] *= n / (n + density_floor)
            step[:, 2] *= p / (p + density_floor)
        upd = float(step.max())
        # converged: the Newton step is below tol, or stalled at the round-off floor below 1e-6
        # (the residual no longer decreases there, so the step is taken without a line search)
        if upd < tol or (upd < 1e-6 and upd > 0.5 * prev):
            x = x + dx
            if upd >= tol:  # stalled at the round-off floor: report the residual reached
                f, jb = _assemble_blocks(cur.with_vector(x), prm, mesh, bcs)
                res = float(np.max(np.abs(f * _row_scale(jb))))
            hist.append(upd)
            return NewtonResult(st.with_vector(x), True, it, upd, res, tuple(hist))
        wild = wild + 1 if big > max_step else 0
        if wild >= max_wild:
            break
        dpsi = float(np.max(np.abs(dx[0::3])))
        lim = 1.0
        if dpsi > 1.0:  # potential-update limiting: the largest psi step becomes 1 + ln m
            lim = (1.0 + math.log(dpsi)) / dpsi
        lim = min(lim, max_step / big) if big > 0 else 1.0
        # step lengths tried: the full step (when it is safe), then the limited one, halved
        tries = [1.0] if big <= max_step else []
        tries += [lim * 0.5**k for k in range(20)]
        for t in tries:
            x_try = x + t * dx
            f_try, jb_try = _assemble_blocks(cur.with_vector(x_try), prm, mesh, bcs)
            norm = float(np.linalg.norm(f_try * scale))
            if math.isfinite(norm) and norm <= (1.0 - 0.1 * t) * norm0:
                break
        if not (math.isfinite(norm) and np.all(np.isfinite(jb_try))):
            break
        x, f, jb = x_try, f_try, jb_try
        hist.append(upd * t)
        prev = upd if t == 1.0 else math.inf
    return NewtonResult(st.with_vector(x), False, max_iter, upd, float(res), tuple(hist))


def neutral_state(prm: NodalParameters, neutral: np.ndarray | None = None) -> State:
    """Zero-bias initial guess: local charge neutrality, flat quasi-Fermi levels at zero
    (``neutral``: :func:`~ncled.transport.poisson.neutral_potential_statistics` of ``prm`` when
    already computed)."""
    psi = neutral_potential_statistics(prm) if neutral is None else np.array(neutral, dtype=float)
    z = np.zeros_like(psi)
    side = np.zeros(psi.size, dtype=np.int8)
    side[-1] = 1
    return State(psi, z, z.copy(), side, side.copy(), (0.0, 0.0), prm.vt)
