"""Electronic parameters of the nanocrystal films and oxides of the reference LED.

Energies are referenced to the vacuum level (positive numbers below it): electron affinity chi
(conduction-band edge, 1Se level) and ionisation energy (valence-band edge). Densities of states of
a nanocrystal (NC) film are those of a hopping solid: the number of NCs per unit volume times the
degeneracy of the band-edge level, N = g * phi / V_NC (phi the packing fraction of the NCs, V_NC
the volume of one NC).

Every number comes from the parameter registry (:mod:`ncled.parameters`), which gives its value,
unit, source and status (measured, literature, derived, declared, or fitted and to what).

The ZnO:HgTe emitting mixture is built from the two NC films by physics (section "composition"):
the number of ZnO NCs per HgTe NC from the volume fraction and the sizes; the electrons that ZnO's
surface acceptors take from HgTe by Fermi-level equilibration limited by the NCs' charging
energies; the ZnO network's own donors, mobile once ZnO percolates; and the conductance of the
HgTe network diluted by ZnO (percolation, general effective-medium equation).

References
----------
.. [Xu2000] Y. Xu, M. A. A. Schoonen, "The absolute energy positions of conduction and valence
   bands of selected semiconducting minerals", Am. Mineral. 85, 543 (2000).
   https://doi.org/10.2138/am-2000-0416
.. [Chuang2014] C.-H. M. Chuang, P. R. Brown, V. Bulovic, M. G. Bawendi, "Improved performance and
   stability in quantum dot solar cells through band alignment engineering", Nat. Mater. 13, 796
   (2014). https://doi.org/10.1038/nmat3984
.. [Qu2022] J. Qu et al., "HgTe nanocrystal-based LEDs emitting above 2 um", Nat. Photon. 16, 38
   (2022). https://doi.org/10.1038/s41566-021-00902-y
.. [Chehaibou2019] B. Chehaibou et al., "The complex optical index of PbS nanocrystal thin films
   and their use for short wave infrared sensor design", Nanoscale 11, 6479 (2019) (PbS film
   permittivity); and Guyot-Sionnest, J. Phys. Chem. Lett. 3, 1169 (2012) for hopping mobilities
   of NC films, 1e-3 to 1e-1 cm^2/Vs. https://doi.org/10.1021/jz300048y
.. [Lhuillier2014] E. Lhuillier et al., "Infrared photodetection based on colloidal quantum-dot
   films with high mobility and optical absorption up to THz", Nano Lett. 16, 1282 (2016)
   (HgTe NC film mobilities 1e-3 to 1 cm^2/Vs, ambipolar).
.. [Scher1970] H. Scher, R. Zallen, "Critical density in percolation processes", J. Chem. Phys.
   52, 3759 (1970). https://doi.org/10.1063/1.1673555
.. [Stauffer1994] D. Stauffer, A. Aharony, *Introduction to Percolation Theory*, 2nd ed.
   (Taylor & Francis, 1994), doi:10.1201/9781315274386 (exponents beta = 0.41, t = 2.0).
.. [McLachlan1990] D. S. McLachlan, M. Blaszkiewicz, R. E. Newnham, "Electrical resistivity of
   composites", J. Am. Ceram. Soc. 73, 2187 (1990), doi:10.1111/j.1151-2916.1990.tb07576.x
   (general effective-medium equation).
.. [Kuik2011] M. Kuik, L. J. A. Koster, G. A. H. Wetzelaer, P. W. M. Blom, "Trap-assisted
   recombination in disordered organic semiconductors", Phys. Rev. Lett. 107, 256805 (2011),
   doi:10.1103/PhysRevLett.107.256805.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from scipy.optimize import brentq

from ncled.constants import k_B, q
from ncled.errors import ConfigError
from ncled.parameters import value as _v

#: Packing fraction of a NC film (registry ``ZnO:HgTe.packing_fraction``).
NC_PACKING_FRACTION = _v("ZnO:HgTe.packing_fraction")
#: Diameter of the reference device's HgTe NCs (PL at 2.0 um, Kane sizing of
#: :mod:`ncled.nanocrystal`) [m], used where no diameter is given.
HGTE_REFERENCE_DIAMETER_M = 6.2e-9


@dataclass(frozen=True)
class ElectronicMaterial:
    """Electronic parameters of a film in literature units (eV, cm^-3, cm^2/Vs).

    Attributes
    ----------
    name : str
    electron_affinity_ev, band_gap_ev : float
        chi and E_g [eV].
    eps_r : float
        Static relative permittivity.
    nc_cm3, nv_cm3 : float
        Numbers of states of the electron and hole transport levels [cm^-3] (NC films: states
        per NC times NCs per volume).
    mu_n_cm2, mu_p_cm2 : float
        Electron and hole mobilities [cm^2 V^-1 s^-1].
    nd_cm3, na_cm3 : float
        Donor and acceptor densities [cm^-3].
    langevin_prefactor : float
        Reduction factor zeta of the Langevin bimolecular rate (1: Langevin's value).
    dos_width_ev : float
        Gaussian width of both transport levels [eV] (Gauss-Fermi statistics); 0: Boltzmann
        statistics on effective densities of states.
    trap_density_cm3 : float
        Density of midgap recombination centres [cm^-3] (trap-assisted recombination).
    source : str
        Where each number comes from.
    """

    name: str
    electron_affinity_ev: float
    band_gap_ev: float
    eps_r: float
    nc_cm3: float
    nv_cm3: float
    mu_n_cm2: float
    mu_p_cm2: float
    nd_cm3: float = 0.0
    na_cm3: float = 0.0
    langevin_prefactor: float = 1.0
    dos_width_ev: float = 0.0
    trap_density_cm3: float = 0.0
    source: str = ""

    @property
    def ionisation_energy_ev(self) -> float:
        """Valence-band edge below vacuum [eV]."""
        return self.electron_affinity_ev + self.band_gap_ev


def nc_number_density_cm3(diameter_m: float, packing: float = NC_PACKING_FRACTION) -> float:
    """Number of NCs per cm^3 of a film of spheres of ``diameter_m`` [m] at ``packing``."""
    if not diameter_m > 0 or not 0 < packing < 0.75:
        raise ConfigError("NC diameter must be > 0 and packing in (0, 0.75)")
    return packing / (np.pi / 6 * diameter_m**3) * 1e-6


def trap_assisted_lifetime_s(trap_density_cm3: float, mobility_cm2: float, eps_r: float,
                             langevin_prefactor: float = 1.0) -> float:
    """SRH lifetime of a carrier captured by traps of a hopping solid [s] (inf without traps).

    tau = eps / (zeta q mu N_t): in a disordered semiconductor a free carrier is captured by a
    trapped one of the opposite sign at the Langevin rate q mu / eps ([Kuik2011]); zeta is the
    same reduction of that rate as for free-carrier (Langevin) recombination.
    """
    if trap_density_cm3 <= 0:
        return float("inf")
    from ncled.constants import eps0

    return eps_r * eps0 / (langevin_prefactor * q * mobility_cm2 * 1e-4 * trap_density_cm3 * 1e6)


_ZNO_D = _v("ZnO.diameter_nm") * 1e-9
_ZNO_STATES = 2 * nc_number_density_cm3(_ZNO_D)
#: ZnO NC film (electron injector); every number from the registry (``ZnO.*``).
ZNO_NC_FILM = ElectronicMaterial(
    name="ZnO-NC-film", electron_affinity_ev=_v("ZnO.electron_affinity_ev"),
    band_gap_ev=_v("ZnO.band_gap_ev"), eps_r=_v("ZnO.eps_r"), nc_cm3=_ZNO_STATES,
    nv_cm3=_ZNO_STATES, mu_n_cm2=_v("ZnO.mu_n_cm2"), mu_p_cm2=_v("ZnO.mu_p_cm2"),
    nd_cm3=_v("ZnO.nd_cm3"), dos_width_ev=_v("ZnO.dos_width_ev"),
    trap_density_cm3=_v("ZnO.trap_density_cm3"),
    source="registry ZnO.*: Xu & Schoonen 2000 (levels); Jacobsson & Edvinsson 2011 (gap)",
)

_PBS_STATES = _v("PbS.states_per_nc") * nc_number_density_cm3(_v("PbS.diameter_nm") * 1e-9)
#: PbS-EDT NC film (hole injector), 1.27 eV exciton (980 nm); registry ``PbS.*``.
PBS_EDT_FILM = ElectronicMaterial(
    name="PbS-NC-film", electron_affinity_ev=_v("PbS.electron_affinity_ev"),
    band_gap_ev=_v("PbS.band_gap_ev"), eps_r=_v("PbS.eps_r"), nc_cm3=_PBS_STATES,
    nv_cm3=_PBS_STATES, mu_n_cm2=_v("PbS.mu_n_cm2"), mu_p_cm2=_v("PbS.mu_p_cm2"),
    na_cm3=_v("PbS.na_cm3"), dos_width_ev=_v("PbS.dos_width_ev"),
    trap_density_cm3=_v("PbS.trap_density_cm3"),
    source="registry PbS.*: Chuang et al. 2014 (levels, p-type); Moreels 2009 (size)",
)

#: Reduced-Langevin factor of the HgTe network (registry ``HGTE.langevin_prefactor``, fitted).
HGTE_LANGEVIN_PREFACTOR = _v("HgTe.langevin_prefactor")


def hgte_nc_film(gap_ev: float, diameter_m: float) -> ElectronicMaterial:
    """HgTe NC film with transport gap ``gap_ev``: ambipolar hopping solid (registry ``HgTe.*``).

    The valence-band edge sits 4.95 eV below vacuum (photoemission band diagram of [Qu2022]); the
    CB edge is the VB edge minus the transport gap ``gap_ev`` (the LED model passes the band-edge
    absorption energy plus the NC charging energy). States: 2 per NC in the 1Se level, 4 in the
    1S3/2 hole level, broadened by the ensemble's size disorder (``HgTe.dos_width_ev``, from the
    PL width).
    """
    n_nc = nc_number_density_cm3(diameter_m)
    return ElectronicMaterial(
        name="HgTe-NC-film", electron_affinity_ev=_v("HgTe.valence_edge_ev") - gap_ev,
        band_gap_ev=gap_ev, eps_r=_v("HgTe.eps_r"), nc_cm3=_v("HgTe.states_cb") * n_nc,
        nv_cm3=_v("HgTe.states_vb") * n_nc, mu_n_cm2=_v("HgTe.mu_n_cm2"),
        mu_p_cm2=_v("HgTe.mu_p_cm2"), langevin_prefactor=HGTE_LANGEVIN_PREFACTOR,
        dos_width_ev=_v("HgTe.dos_width_ev"), trap_density_cm3=_v("HgTe.trap_density_cm3"),
        source="registry HgTe.*: Qu et al. 2022 (band diagram); states from the NC size",
    )


# --- composition: ZnO:HgTe mixtures ---------------------------------------------------------------


def zno_per_hgte(hgte_fraction, hgte_diameter_m: float, zno_diameter_m: float):
    """Number of ZnO NCs per HgTe NC in a mixture of HgTe volume fraction ``hgte_fraction``.

    N_ZnO / N_HgTe = (1 - f) / f * (d_HgTe / d_ZnO)^3 (the volume fraction counts NC volumes).
    [Qu2022] report 4 ZnO per HgTe at 50 %, i.e. d_HgTe / d_ZnO = 4^(1/3) = 1.59 for their
    (branched) HgTe NCs.
    """
    f = np.asarray(hgte_fraction, dtype=float)
    return (1.0 - f) / f * (hgte_diameter_m / zno_diameter_m) ** 3


def charging_energy_ev(diameter_m: float, eps_r: float) -> float:
    """Charging energy of one NC in the film [eV], scaled from the measured HgTe value.

    A NC's self-capacitance is C = 4 pi eps0 eps_r R ([Qu2022] measure e^2/C = 20 meV for their
    HgTe NCs in an eps_r = 10 film): U = U_HgTe (eps_HgTe R_HgTe) / (eps_r R).
    """
    u_h = _v("HgTe.charging_energy_ev")
    return u_h * _v("HgTe.eps_r") * HGTE_REFERENCE_DIAMETER_M / (eps_r * diameter_m)


def _fermi_occupancy(e_minus_ef, kt):
    return 0.5 * (1.0 - np.tanh(0.5 * np.asarray(e_minus_ef) / kt))


def fermi_level_equilibration(e_donor_ev, g_donor, n_donor, u_donor_ev, e_acceptor_ev,
                              g_acceptor, n_acceptor, u_acceptor_ev, acceptors_per_donor,
                              temperature_k: float = 300.0):
    """Electron transfer between two kinds of NC until their Fermi levels meet.

    Each kind has one level (energy E, g states per NC, n electrons per NC before contact) and a
    charging energy U: a NC that lost x electrons has its level lowered by U x, one that gained y
    has it raised by U y (mean field). Electrons leave the "donor" NCs (x per donor NC) for the
    "acceptor" NCs (x / r per acceptor NC, r acceptors per donor) until

        n_d - x = g_d f(E_d - U_d x - E_F),   n_a + x / r = g_a f(E_a + U_a x / r - E_F),

    f the Fermi function at ``temperature_k``. A negative x is a transfer the other way.

    Parameters
    ----------
    e_donor_ev, e_acceptor_ev : array_like
        Level energies [eV] (upward: -4.95 for a level 4.95 eV below vacuum).
    g_donor, g_acceptor : float
        States per NC.
    n_donor, n_acceptor : array_like
        Electrons per NC before contact (0 < n < g for the donor, 0 <= n < g for the acceptor).
    u_donor_ev, u_acceptor_ev : float
        Charging energies [eV].
    acceptors_per_donor : array_like
        r, acceptor NCs per donor NC.
    temperature_k : float

    Returns
    -------
    (x, fermi_level_ev) : tuple of ndarray
        Electrons transferred per donor NC and the common Fermi level [eV].

    Notes
    -----
    At T -> 0 with both levels partly filled the two levels line up:
    x = (E_d - E_a) / (U_d + U_a / r) (a capacitor charged by the level offset). Solved by
    bisection on x (the acceptor's occupancy falls and its demand rises with x), to 1e-12.
    """
    kt = k_B * temperature_k / q
    ed, ea, nd, na, r = np.broadcast_arrays(*(np.asarray(a, dtype=float) for a in (
        e_donor_ev, e_acceptor_ev, n_donor, n_acceptor, acceptors_per_donor)))
    if np.any(nd <= 0) or np.any(nd >= g_donor) or np.any(na < 0) or np.any(na >= g_acceptor):
        raise ConfigError("fermi_level_equilibration: need 0 < n_donor < g_donor and "
                          "0 <= n_acceptor < g_acceptor")
    tiny = 1e-12

    def fermi(x):  # the donor's Fermi level after losing x electrons
        left = nd - x
        return ed - u_donor_ev * x - kt * np.log(g_donor / left - 1.0)

    def excess(x):  # acceptor occupancy minus its electrons: decreasing in x
        y = na + x / r
        return g_acceptor * _fermi_occupancy(ea + u_acceptor_ev * x / r - fermi(x), kt) - y

    lo = np.maximum(nd - g_donor, -r * na) * (1 - tiny) + tiny * 0
    hi = np.minimum(nd, r * (g_acceptor - na))
    lo = lo + tiny * (hi - lo)
    hi = hi - tiny * (hi - lo)
    with np.errstate(divide="ignore", invalid="ignore"):
        for _ in range(200):
            mid = 0.5 * (lo + hi)
            pos = excess(mid) > 0
            lo, hi = np.where(pos, mid, lo), np.where(pos, hi, mid)
            if np.all(hi - lo < 1e-13):
                break
    x = 0.5 * (lo + hi)
    return x, fermi(x)


def percolation_strength(phase_fraction, packing: float = NC_PACKING_FRACTION):
    """Share of a phase's NCs on the spanning (percolating) cluster.

    P = ((phi p - phi_c) / (phi - phi_c))^beta above threshold, 0 below: p the phase's share of
    the NC volume, phi the packing, phi_c = 0.16 the Scher-Zallen critical volume fraction
    ([Scher1970]) and beta = 0.41 ([Stauffer1994]); P = 1 for a film of the phase alone.
    """
    p = np.asarray(phase_fraction, dtype=float)
    phic = _v("ZnO:HgTe.critical_volume_fraction")
    beta = _v("ZnO:HgTe.strength_exponent")
    above = np.clip((packing * p - phic) / (packing - phic), 0.0, None)
    return above**beta


def network_conductance(hgte_fraction, packing: float = NC_PACKING_FRACTION):
    """Conductance of the HgTe network diluted by ZnO, relative to pure HgTe.

    The general effective-medium (GEM) equation of [McLachlan1990] for a HgTe phase (share f of
    the NC volume, conductance 1) and a ZnO phase (conductance kappa for HgTe carriers, which
    must tunnel through a ZnO NC):

        (1 - f)(k^(1/t) - s^(1/t)) / (k^(1/t) + A s^(1/t)) + f (1 - s^(1/t)) / (1 + A s^(1/t)) = 0,

    A = (1 - f_c)/f_c, f_c = phi_c / phi the HgTe share at the Scher-Zallen threshold, t = 2.
    Above threshold s ~ ((f - f_c)/(1 - f_c))^t; below it the film still conducts, through ZnO,
    at about kappa. Mobilities of both carriers in the HgTe network scale with s.
    """
    f = np.atleast_1d(np.asarray(hgte_fraction, dtype=float))
    if np.any((f <= 0) | (f > 1)) or not np.all(np.isfinite(f)):
        raise ConfigError(f"HgTe fraction must be in (0, 1], got {hgte_fraction}")
    fc = _v("ZnO:HgTe.critical_volume_fraction") / packing
    t = _v("ZnO:HgTe.conductivity_exponent")
    kap = _v("ZnO:HgTe.cross_network_conductance")
    a = (1.0 - fc) / fc
    kt = kap ** (1.0 / t)

    def gem(u, fi):  # u = s^(1/t)
        return (1 - fi) * (kt - u) / (kt + a * u) + fi * (1 - u) / (1 + a * u)

    out = np.array([1.0 if fi == 1.0 else brentq(gem, kt, 1.0, args=(fi,), xtol=1e-14) ** t
                    for fi in f])
    return out if np.ndim(hgte_fraction) else float(out[0])


@dataclass(frozen=True)
class MixedFilm:
    """Electronic structure of a ZnO:HgTe film (see :func:`mixed_film`).

    Attributes
    ----------
    hgte_fraction : float
        HgTe share of the NC volume.
    zno_per_hgte : float
        ZnO NCs per HgTe NC.
    hgte_density_cm3, zno_density_cm3 : float
        NCs per cm^3.
    transferred_per_hgte : float
        Electrons taken from each HgTe NC by ZnO surface acceptors.
    fermi_level_ev : float
        Common Fermi level of the equilibration [eV] (upward).
    hgte_holes_cm3 : float
        Holes of the HgTe network, N_HgTe (native + transferred) [cm^-3].
    zno_mobile_electrons_cm3 : float
        Donor electrons of the ZnO NCs on the percolating ZnO network [cm^-3].
    net_doping_cm3 : float
        N_A - N_D of the film as one medium: HgTe-network holes minus mobile ZnO electrons
        (> 0: p-type).
    mobility_factor : float
        Conductance of the HgTe network relative to pure HgTe (:func:`network_conductance`).
    zno_percolation : float
        Share of ZnO NCs on the spanning ZnO cluster.
    """

    hgte_fraction: float
    zno_per_hgte: float
    hgte_density_cm3: float
    zno_density_cm3: float
    transferred_per_hgte: float
    fermi_level_ev: float
    hgte_holes_cm3: float
    zno_mobile_electrons_cm3: float
    net_doping_cm3: float
    mobility_factor: float
    zno_percolation: float


def mixed_film(hgte_fraction: float, hgte_diameter_m: float = HGTE_REFERENCE_DIAMETER_M,
               zno_diameter_m: float | None = None, temperature_k: float = 300.0) -> MixedFilm:
    """Composition -> electronic structure of a ZnO:HgTe film.

    1. ZnO NCs per HgTe NC, r, from :func:`zno_per_hgte`.
    2. Electron transfer HgTe -> ZnO ([Qu2022]: FET neutrality moves to positive gate bias, Hg 4f
       shifts by +50 meV, hot electrons leave HgTe): the HgTe hole level (4.95 eV below vacuum,
       4 states, ``HgTe.native_holes_per_nc`` empty) equilibrates with the ZnO surface acceptors
       (``ZnO:HgTe.zno_acceptor_level_ev`` above it, ``ZnO:HgTe.zno_acceptor_states`` per NC)
       through :func:`fermi_level_equilibration` with the NCs' charging energies
       (:func:`charging_energy_ev`). The holes left in HgTe are mobile on the HgTe network; the
       electrons sit in ZnO's surface states (fixed charge).
    3. The ZnO NCs bring the donors of an n-type ZnO film (``ZnO.nd_cm3`` per volume of ZnO NC
       film); their electrons are mobile where the ZnO NCs percolate
       (:func:`percolation_strength`), and make the film n-type at high ZnO content (positive
       TrXPS shift at 25 % HgTe, [Qu2022] Fig. 5d).
    4. The HgTe network's conductance falls with dilution (:func:`network_conductance`).
    """
    f = float(hgte_fraction)
    if not (0 < f <= 1) or not np.isfinite(f):
        raise ConfigError(f"HgTe fraction must be in (0, 1], got {hgte_fraction}")
    d_z = _ZNO_D if zno_diameter_m is None else zno_diameter_m
    n_h = f * nc_number_density_cm3(hgte_diameter_m)
    n_z = (1.0 - f) * nc_number_density_cm3(d_z)
    h0 = _v("HgTe.native_holes_per_nc")
    ev = -_v("HgTe.valence_edge_ev")
    if f < 1.0:
        r = float(zno_per_hgte(f, hgte_diameter_m, d_z))
        x, ef = fermi_level_equilibration(
            ev, _v("HgTe.states_vb"), _v("HgTe.states_vb") - h0, _v("HgTe.charging_energy_ev"),
            ev + _v("ZnO:HgTe.zno_acceptor_level_ev"), _v("ZnO:HgTe.zno_acceptor_states"), 0.0,
            charging_energy_ev(d_z, _v("ZnO.eps_r")), r, temperature_k)
        x, ef = float(x), float(ef)
    else:
        r, x = 0.0, 0.0
        ef = ev + k_B * temperature_k / q * np.log((_v("HgTe.states_vb") - h0) / h0)
    holes = n_h * (h0 + x)
    strength = float(percolation_strength(1.0 - f))
    donors_per_zno = _v("ZnO.nd_cm3") / nc_number_density_cm3(d_z)
    mobile_e = n_z * donors_per_zno * strength
    return MixedFilm(
        hgte_fraction=f, zno_per_hgte=r, hgte_density_cm3=n_h, zno_density_cm3=n_z,
        transferred_per_hgte=x, fermi_level_ev=ef, hgte_holes_cm3=holes,
        zno_mobile_electrons_cm3=mobile_e, net_doping_cm3=holes - mobile_e,
        mobility_factor=float(network_conductance(f)), zno_percolation=strength)


def mixed_film_net_doping_cm3(hgte_fraction, hgte_diameter_m: float = HGTE_REFERENCE_DIAMETER_M,
                              zno_diameter_m: float | None = None):
    """Net acceptor density N_A - N_D [cm^-3] of a ZnO:HgTe film (:func:`mixed_film`)."""
    f = np.asarray(hgte_fraction, dtype=float)
    if np.any((f <= 0) | (f > 1)) or not np.all(np.isfinite(f)):
        raise ConfigError(f"HgTe fraction must be in (0, 1], got {hgte_fraction}")
    out = np.array([mixed_film(fi, hgte_diameter_m, zno_diameter_m).net_doping_cm3
                    for fi in f.ravel()]).reshape(f.shape)
    return out if out.ndim else float(out)


def mixed_emitter_film(hgte: ElectronicMaterial, hgte_fraction: float,
                       hgte_diameter_m: float = HGTE_REFERENCE_DIAMETER_M) -> ElectronicMaterial:
    """The ZnO:HgTe emitting layer: transport through the HgTe network ([Qu2022]).

    Levels and disorder of HgTe; states scaled by the HgTe share of the NCs; mobilities scaled
    by the network conductance; permittivity the volume average; doping from
    :func:`mixed_film`.
    """
    film = mixed_film(hgte_fraction, hgte_diameter_m)
    net = film.net_doping_cm3
    return replace(
        hgte,
        name="ZnO:HgTe",
        eps_r=hgte_fraction * hgte.eps_r + (1 - hgte_fraction) * ZNO_NC_FILM.eps_r,
        nc_cm3=hgte.nc_cm3 * hgte_fraction,
        nv_cm3=hgte.nv_cm3 * hgte_fraction,
        mu_n_cm2=hgte.mu_n_cm2 * film.mobility_factor,
        mu_p_cm2=hgte.mu_p_cm2 * film.mobility_factor,
        na_cm3=max(net, 0.0),
        nd_cm3=max(-net, 0.0),
        source=hgte.source + "; composition physics of mixed_film",
    )


ELECTRONIC_LIBRARY = {m.name: m for m in (ZNO_NC_FILM, PBS_EDT_FILM)}
