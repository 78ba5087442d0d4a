"""Input of the drift-diffusion solver: layers, contacts, device, and their nodal arrays.

Everything is SI: lengths [m], energies [J], densities [m^-3], mobilities [m^2 V^-1 s^-1],
lifetimes [s], Auger coefficients [m^6 s^-1], velocities [m/s]. :meth:`Layer.practical` takes the
units of the literature (nm, eV, cm^-3, cm^2/Vs) for convenience.

Band structure, vacuum-level referenced: E_c = -chi - q psi, E_v = E_c - E_g, and with the
quasi-Fermi potentials phi_n, phi_p (E_Fn = -q phi_n, E_Fp = -q phi_p) the Boltzmann densities are

    n = N_c exp((q psi + chi - q phi_n) / kT),   p = N_v exp((-q psi - chi - E_g + q phi_p) / kT).

A contact at applied potential V has its Fermi level at -qV (phi_n = phi_p = V there).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from ncled.constants import eps0, k_B, q
from ncled.errors import ConfigError
from ncled.transport.mesh import Mesh, build_mesh, nodes_per_layer

#: Carrier statistics a layer may use.
STATISTICS = ("boltzmann", "gauss-fermi")


@dataclass(frozen=True)
class Layer:
    """Electrical parameters of one homogeneous layer (SI units).

    Parameters
    ----------
    name : str
        Shown in messages and results.
    thickness : float
        [m].
    eps_r : float
        Static relative permittivity.
    electron_affinity : float
        chi, vacuum level minus conduction-band (LUMO, 1Se) edge [J].
    band_gap : float
        E_g [J].
    nc, nv : float
        Effective densities of states of conduction and valence band [m^-3].
    mu_n, mu_p : float
        Electron and hole mobilities [m^2 V^-1 s^-1].
    nd, na : float
        Ionised donor and acceptor densities [m^-3].
    tau_n, tau_p : float
        Shockley-Read-Hall lifetimes [s]; ``inf`` switches SRH off.
    srh_trap_level : float
        Trap energy above the intrinsic level [J] (0: midgap).
    auger_n, auger_p : float
        Auger coefficients C_n (eeh), C_p (ehh) [m^6 s^-1].
    b_rad : float
        Band-to-band radiative coefficient [m^3 s^-1] (counted as radiative).
    langevin : bool
        Bimolecular Langevin recombination R = gamma (np - ni^2), gamma = f q (mu_n + mu_p) / eps.
    langevin_prefactor : float
        f, reduction factor of the Langevin rate (1: Langevin's value).
    radiative_fraction : float
        Share of the Langevin recombination that is radiative (set by the emitter's efficiency).
    nodes : int or None
        Mesh nodes of this layer; None shares the device's ``n_nodes`` by thickness.
    statistics : {"boltzmann", "gauss-fermi"}
        Carrier statistics. "gauss-fermi": ``nc`` and ``nv`` are the numbers of states (per
        volume) of the transport levels, broadened into Gaussians of widths ``dos_width_n``,
        ``dos_width_p`` centred on the band edges (:mod:`ncled.transport.statistics`); the
        densities never exceed them.
    dos_width_n, dos_width_p : float
        Gaussian widths sigma of the electron and hole transport levels [J] (0: sharp levels,
        Fermi-Dirac occupancy).

    References
    ----------
    P. Langevin, Ann. Chim. Phys. 28, 433 (1903); W. Shockley, W. T. Read, Phys. Rev. 87, 835
    (1952), doi:10.1103/PhysRev.87.835; R. N. Hall, Phys. Rev. 87, 387 (1952),
    doi:10.1103/PhysRev.87.387.
    """

    name: str
    thickness: float
    eps_r: float
    electron_affinity: float
    band_gap: float
    nc: float
    nv: float
    mu_n: float
    mu_p: float
    nd: float = 0.0
    na: float = 0.0
    tau_n: float = math.inf
    tau_p: float = math.inf
    srh_trap_level: float = 0.0
    auger_n: float = 0.0
    auger_p: float = 0.0
    b_rad: float = 0.0
    langevin: bool = False
    langevin_prefactor: float = 1.0
    radiative_fraction: float = 1.0
    nodes: int | None = None
    statistics: str = "boltzmann"
    dos_width_n: float = 0.0
    dos_width_p: float = 0.0

    def __post_init__(self) -> None:
        problems = []
        if self.statistics not in STATISTICS:
            problems.append(f"layer {self.name!r}: statistics must be one of {STATISTICS}, "
                            f"got {self.statistics!r}")
        positive = ("thickness", "eps_r", "band_gap", "nc", "nv", "mu_n", "mu_p", "tau_n", "tau_p")
        for f in positive:
            v = getattr(self, f)
            if not (isinstance(v, (int, float)) and v > 0 and not math.isnan(v)):
                problems.append(f"layer {self.name!r}: {f} must be > 0, got {v!r}")
        for f in ("nd", "na", "auger_n", "auger_p", "b_rad", "langevin_prefactor", "dos_width_n",
                  "dos_width_p"):
            v = getattr(self, f)
            if not (isinstance(v, (int, float)) and math.isfinite(v) and v >= 0):
                problems.append(f"layer {self.name!r}: {f} must be finite and >= 0, got {v!r}")
        for f in ("electron_affinity", "srh_trap_level"):
            if not math.isfinite(getattr(self, f)):
                problems.append(f"layer {self.name!r}: {f} must be finite")
        if not 0.0 <= self.radiative_fraction <= 1.0:
            problems.append(f"layer {self.name!r}: radiative_fraction must be in [0, 1], "
                            f"got {self.radiative_fraction!r}")
        if self.nodes is not None and self.nodes < 3:
            problems.append(f"layer {self.name!r}: nodes must be >= 3, got {self.nodes!r}")
        if problems:
            raise ConfigError(problems)

    @classmethod
    def practical(cls, name: str, thickness_nm: float, eps_r: float, electron_affinity_ev: float,
                  band_gap_ev: float, nc_cm3: float, nv_cm3: float, mu_n_cm2: float,
                  mu_p_cm2: float, nd_cm3: float = 0.0, na_cm3: float = 0.0,
                  auger_n_cm6: float = 0.0, auger_p_cm6: float = 0.0, b_rad_cm3: float = 0.0,
                  srh_trap_level_ev: float = 0.0, **kwargs) -> Layer:
        """Build a layer from literature units (nm, eV, cm^-3, cm^2/Vs, cm^6/s, cm^3/s).

        Other keyword arguments (``tau_n``, ``langevin``, ...) pass through unchanged (SI).
        """
        return cls(name=name, thickness=thickness_nm * 1e-9, eps_r=eps_r,
                   electron_affinity=electron_affinity_ev * q, band_gap=band_gap_ev * q,
                   nc=nc_cm3 * 1e6, nv=nv_cm3 * 1e6, mu_n=mu_n_cm2 * 1e-4, mu_p=mu_p_cm2 * 1e-4,
                   nd=nd_cm3 * 1e6, na=na_cm3 * 1e6, auger_n=auger_n_cm6 * 1e-12,
                   auger_p=auger_p_cm6 * 1e-12, b_rad=b_rad_cm3 * 1e-6,
                   srh_trap_level=srh_trap_level_ev * q, **kwargs)


@dataclass(frozen=True)
class Contact:
    """A metal contact.

    Parameters
    ----------
    work_function : float or None
        [J]. None: an ideal ohmic contact whose Fermi level makes the adjacent layer charge
        neutral (the textbook ohmic contact). Otherwise the carrier densities at equilibrium are
        n0 = N_c exp(-(W - chi)/kT), p0 = N_v exp(-(chi + E_g - W)/kT) (Schottky-Mott).
    s_n, s_p : float
        Surface recombination velocities of electrons and holes [m/s]: the carrier current
        leaving the device is q s (c - c0). ``inf`` pins the quasi-Fermi level to the metal
        (ohmic); 0 blocks the carrier (selective contact); a thermionic contact uses
        :func:`thermionic_velocity`.
    image_force : bool
        Lower each carrier's barrier by the Schottky effect, Delta phi = sqrt(q E / (4 pi eps)),
        E the field at the contact where it pushes that carrier away from the metal (Sze & Ng
        2007, sec. 3.2.4): c_eq -> c_eq exp(Delta phi / kT) in the thermionic boundary condition.

    References
    ----------
    C. R. Crowell, S. M. Sze, Solid-State Electron. 9, 1035 (1966),
    doi:10.1016/0038-1101(66)90127-4 (thermionic-emission boundary condition).
    """

    work_function: float | None = None
    s_n: float = math.inf
    s_p: float = math.inf
    image_force: bool = False

    def __post_init__(self) -> None:
        problems = []
        if self.work_function is not None and not math.isfinite(self.work_function):
            problems.append("contact: work_function must be finite (or None for neutral ohmic)")
        for f in ("s_n", "s_p"):
            v = getattr(self, f)
            if not (v >= 0):
                problems.append(f"contact: {f} must be >= 0 m/s (inf for ohmic), got {v!r}")
        if problems:
            raise ConfigError(problems)


def thermionic_velocity(richardson_constant: float, temperature: float, nc: float) -> float:
    """Thermionic recombination velocity v_R = A* T^2 / (q N_c) [m/s].

    Parameters
    ----------
    richardson_constant : float
        Effective Richardson constant A* [A m^-2 K^-2] (1.20173e6 for the free electron mass).
    temperature : float
        [K].
    nc : float
        Effective density of states of the band that is injected [m^-3].

    References
    ----------
    C. R. Crowell, S. M. Sze, Solid-State Electron. 9, 1035 (1966),
    doi:10.1016/0038-1101(66)90127-4.
    """
    return richardson_constant * temperature**2 / (q * nc)


@dataclass(frozen=True)
class Device:
    """A 1D stack between two contacts.

    Parameters
    ----------
    layers : tuple of Layer
        From the left contact (x = 0) to the right one.
    left, right : Contact
    temperature : float
        [K].
    n_nodes : int
        Total nodes, shared by thickness among layers whose ``nodes`` is None.
    anode : {"left", "right"}
        The contact at the applied bias V (the other is grounded).
    interface_recombination : tuple of float
        One coefficient k [m^4/s] per heterointerface (left to right): electrons on either side
        recombine with holes on the other at the rate k (n_a p_b - equilibrium) per area
        (:func:`ncled.transport.solver.interface_recombination`); empty: none.
    """

    layers: tuple[Layer, ...]
    left: Contact = field(default_factory=Contact)
    right: Contact = field(default_factory=Contact)
    temperature: float = 300.0
    n_nodes: int = 300
    anode: str = "left"
    interface_recombination: tuple[float, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "layers", tuple(self.layers))
        object.__setattr__(self, "interface_recombination",
                           tuple(float(k) for k in self.interface_recombination))
        problems = []
        k_if = self.interface_recombination
        if k_if and (len(k_if) != len(self.layers) - 1
                     or not all(math.isfinite(k) and k >= 0 for k in k_if)):
            problems.append(f"device: interface_recombination needs one finite k >= 0 m^4/s per "
                            f"interface ({len(self.layers) - 1}), got {list(k_if)}")
        if not self.layers:
            problems.append("device: needs at least one layer")
        if not self.temperature > 0:
            problems.append(f"device: temperature must be > 0 K, got {self.temperature!r}")
        if self.anode not in ("left", "right"):
            problems.append(f"device: anode must be 'left' or 'right', got {self.anode!r}")
        if problems:
            raise ConfigError(problems)

    def mesh(self) -> Mesh:
        """The mesh: layers with ``nodes`` set keep them, the rest share ``n_nodes``."""
        fixed = sum(L.nodes for L in self.layers if L.nodes is not None)
        free = [L.thickness for L in self.layers if L.nodes is None]
        share = iter(nodes_per_layer(free, self.n_nodes - fixed) if free else [])
        counts = [L.nodes if L.nodes is not None else next(share) for L in self.layers]
        return build_mesh([L.thickness for L in self.layers], counts)


@dataclass(frozen=True)
class NodalParameters:
    """Per-node arrays in scaled form (potentials in units of V_t = kT/q).

    ``n = exp(psi + bn - phin)``, ``p = exp(-psi - bp + phip)`` with psi, phin, phip in units of
    V_t; so bn = chi/kT + ln N_c and bp = (chi + E_g)/kT - ln N_v.
    """

    vt: float
    bn: np.ndarray
    bp: np.ndarray
    ln_ni2: np.ndarray
    eps: np.ndarray
    mu_n: np.ndarray
    mu_p: np.ndarray
    doping: np.ndarray
    tau_n: np.ndarray
    tau_p: np.ndarray
    n1: np.ndarray
    p1: np.ndarray
    auger_n: np.ndarray
    auger_p: np.ndarray
    b_rad: np.ndarray
    gamma_langevin: np.ndarray
    radiative_fraction: np.ndarray
    ln_nc: np.ndarray | None = None
    ln_nv: np.ndarray | None = None
    s_n: np.ndarray | None = None
    s_p: np.ndarray | None = None
    gauss_n: np.ndarray | None = None
    gauss_p: np.ndarray | None = None
    k_interface: tuple[float, ...] = ()


def nodal_parameters(device: Device, mesh: Mesh) -> NodalParameters:
    """Expand the layer parameters onto the mesh nodes (see :class:`NodalParameters`)."""
    kt = k_B * device.temperature
    idx = mesh.layer

    def arr(name):
        return np.array([float(getattr(L, name)) for L in device.layers])[idx]

    chi, eg = arr("electron_affinity"), arr("band_gap")
    bn = chi / kt + np.log(arr("nc"))
    bp = (chi + eg) / kt - np.log(arr("nv"))
    ln_ni2 = bn - bp
    ln_ni = 0.5 * ln_ni2
    et = arr("srh_trap_level") / kt
    eps = arr("eps_r") * eps0
    mu_n, mu_p = arr("mu_n"), arr("mu_p")
    lang = np.array([L.langevin for L in device.layers])[idx]
    gamma = np.where(lang, arr("langevin_prefactor") * q * (mu_n + mu_p) / eps, 0.0)
    gauss = np.array([L.statistics == "gauss-fermi" for L in device.layers])[idx]
    return NodalParameters(
        vt=kt / q, bn=bn, bp=bp, ln_ni2=ln_ni2, eps=eps, mu_n=mu_n, mu_p=mu_p,
        doping=arr("nd") - arr("na"), tau_n=arr("tau_n"), tau_p=arr("tau_p"),
        n1=np.exp(ln_ni + et), p1=np.exp(ln_ni - et), auger_n=arr("auger_n"),
        auger_p=arr("auger_p"), b_rad=arr("b_rad"), gamma_langevin=gamma,
        radiative_fraction=arr("radiative_fraction"), ln_nc=np.log(arr("nc")),
        ln_nv=np.log(arr("nv")), s_n=arr("dos_width_n") / kt, s_p=arr("dos_width_p") / kt,
        gauss_n=gauss, gauss_p=gauss.copy(), k_interface=device.interface_recombination)
