"""Electronic parameters of the nanocrystal films and oxides of the reference LED.

Energies are referenced to the vacuum level (positive numbers below it): electron affinity chi
(conduction-band edge, 1Se level) and ionisation energy (valence-band edge). Densities of states of
a nanocrystal (NC) film are those of a hopping solid: the number of NCs per unit volume times the
degeneracy of the band-edge level, N = g * phi / V_NC (phi the packing fraction of the NCs, V_NC
the volume of one NC).

Every number cites its source; where a number was chosen (fitted) to make the reference device
reproduce the paper's figures of merit, its docstring says so.

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
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from ncled.errors import ConfigError

#: Packing fraction of a NC film (random close packing of spheres with short ligands, 0.5-0.64).
NC_PACKING_FRACTION = 0.5


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
        Effective densities of states [cm^-3].
    mu_n_cm2, mu_p_cm2 : float
        Electron and hole mobilities [cm^2 V^-1 s^-1].
    nd_cm3, na_cm3 : float
        Donor and acceptor densities [cm^-3].
    langevin_prefactor : float
        Reduction factor zeta of the Langevin bimolecular rate (1: Langevin's value).
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


#: ZnO NC film (electron injector). CB/VB of bulk ZnO -4.19/-7.39 eV [Xu2000]; the 5 nm NCs have
#: a 3.52 eV gap (Jacobsson & Edvinsson 2011) with the confinement (0.32 eV) shared by the inverse
#: masses m_e = 0.24, m_h = 0.59, i.e. 71 % into the CB: chi = 4.19 - 0.23 = 3.96 eV. eps_r = 5 for
#: a 50 % dense film of eps 8.5 ZnO (Looyenga). Mobility 1e-3 cm^2/Vs (annealed ZnO NC films,
#: 1e-4 to 1e-2). Donors 1e18 cm^-3: ZnO NCs are n-type through oxygen vacancies and H; chosen
#: (fitted) inside the usual 1e17-1e19 range. DOS: 2 states (spin) per NC of 5 nm at packing 0.5.
ZNO_NC_FILM = ElectronicMaterial(
    name="ZnO-NC-film", electron_affinity_ev=3.96, band_gap_ev=3.52, eps_r=5.0,
    nc_cm3=2 * nc_number_density_cm3(5e-9), nv_cm3=2 * nc_number_density_cm3(5e-9),
    mu_n_cm2=1e-3, mu_p_cm2=1e-6, nd_cm3=1e18,
    source="Xu & Schoonen 2000 (levels); Jacobsson & Edvinsson 2011 (gap); nd fitted",
)

#: PbS-EDT NC film (hole injector), 1.27 eV exciton (980 nm). Levels: CB -3.7 / VB -5.0 eV
#: (PbS-EDT, about 1.3 eV dots, [Chuang2014], UPS). eps_r = 15 [Chehaibou2019]. p-type through the
#: EDT treatment, 1e17 cm^-3 acceptors (Chuang 2014 report p-type, 1e16-1e17; fitted here).
#: Mobility 1e-3 cm^2/Vs (EDT-PbS films, 1e-4 to 1e-2). DOS: 8 states per NC (fourfold L valley
#: and spin) of 3.3 nm (Moreels 2009 sizing for 1.27 eV) at packing 0.5.
PBS_EDT_FILM = ElectronicMaterial(
    name="PbS-NC-film", electron_affinity_ev=3.73, band_gap_ev=1.27, eps_r=15.0,
    nc_cm3=8 * nc_number_density_cm3(3.3e-9), nv_cm3=8 * nc_number_density_cm3(3.3e-9),
    mu_n_cm2=1e-4, mu_p_cm2=1e-3, na_cm3=1e17,
    source="Chuang et al. 2014 (levels, p-type); Moreels 2009 (size); na, mobility fitted",
)


#: Reduced-Langevin factor of the HgTe NC network (fitted). Bimolecular recombination in
#: disordered and blended films runs 10-1e4 times below Langevin's rate when the carriers sit on
#: different sites or phases (Lakhwani, Rao & Friend, Annu. Rev. Phys. Chem. 65, 557 (2014),
#: doi:10.1146/annurev-physchem-040513-103615); in the ZnO:HgTe blend an electron and a hole must
#: meet on the same HgTe NC among four ZnO NCs. The value is chosen so that the reference device
#: reaches the paper's EL threshold (15 mA/cm^2) near its 0.6 V turn-on.
HGTE_LANGEVIN_PREFACTOR = 1e-4


def hgte_nc_film(gap_ev: float, diameter_m: float) -> ElectronicMaterial:
    """HgTe NC film with transport gap ``gap_ev``: ambipolar hopping solid.

    The valence-band edge sits 4.95 eV below vacuum for MPA-capped HgTe with a 0.6-0.7 eV gap
    (photoemission band diagram of [Qu2022], Fig. 2b and Supp. note 3: the VB edge of HgTe lies
    just above that of PbS-EDT, so holes pass from PbS into HgTe without a barrier); the CB edge
    is the VB edge minus the transport gap ``gap_ev`` (the LED model passes the band-edge
    absorption energy plus the NC charging energy, :func:`ncled.device.led.emitter_physics`).

    Mobilities: ambipolar, 1e-2 cm^2/Vs for both carriers (HgTe NC films, electrolyte-gated FETs
    of [Qu2022] Fig. 4 and [Lhuillier2014]; the paper reports a mobility ratio of order one).
    eps_r = 10 (static permittivity of a HgTe NC film with 50 % packing, Looyenga from
    eps_s(HgTe) = 20). DOS: 2 states per NC in the CB (1Se with spin), 4 in the VB (the fourfold
    1S3/2 hole level of the Gamma8 band; Efros & Rosen, Annu. Rev. Mater. Sci. 30, 475 (2000),
    doi:10.1146/annurev.matsci.30.1.475), at packing 0.5.
    """
    n_nc = nc_number_density_cm3(diameter_m)
    return ElectronicMaterial(
        name="HgTe-NC-film", electron_affinity_ev=4.95 - gap_ev, band_gap_ev=gap_ev, eps_r=10.0,
        nc_cm3=2 * n_nc, nv_cm3=4 * n_nc, mu_n_cm2=1e-2, mu_p_cm2=1e-2,
        langevin_prefactor=HGTE_LANGEVIN_PREFACTOR,
        source="Qu et al. 2022 (band diagram, FET); densities of states from the NC size",
    )


# --- composition-dependent doping of the ZnO:HgTe layer ------------------------------------------

#: Native hole density of MPA-capped HgTe NC films [cm^-3]: p-type at 100 % HgTe (TrXPS of
#: [Qu2022] Fig. 5d: negative Hg 4f shift, p-type, above 50 % HgTe). Value fitted (see
#: :func:`mixed_film_net_doping_cm3`).
HGTE_NATIVE_HOLES_CM3 = 6e17
#: Electrons transferred from HgTe to each ZnO NC in the dark (fitted: with the ZnO NC density of a
#: 50/50 film, 3.8e18 cm^-3, it gives 1.9e17 cm^-3 of transferred charge; the 50 meV Hg 4f shift of
#: [Qu2022] is consistent with a Fermi-level shift of a few kT in a 1e17-1e18 cm^-3 film).
ELECTRONS_PER_ZNO = 0.05
#: Donor density of a connected ZnO NC network [cm^-3] (the ZnO NC film of the electron injector,
#: :data:`ZNO_NC_FILM`).
ZNO_NETWORK_DONORS_CM3 = 1e18
#: ZnO volume fraction at which the ZnO NC network percolates, and the width of the transition.
#: Site percolation in a binary packing of spheres lies at 0.2-0.3 *number* fraction [Scher1970];
#: with 5 nm ZnO beside about 6 nm HgTe (four ZnO per HgTe at 50 %), the ZnO network connects
#: near half the volume (fitted: 0.48, so that the film is slightly p-type at 50 % HgTe and
#: n-type at 25 %, as in [Qu2022]; the neutral composition is then 48 % HgTe).
ZNO_PERCOLATION_FRACTION = 0.48
ZNO_PERCOLATION_WIDTH = 0.05


def zno_network_connectivity(zno_fraction):
    """Share of the ZnO NCs on a connected (percolating) network, a smooth step at threshold."""
    f = np.asarray(zno_fraction, dtype=float)
    return 1.0 / (1.0 + np.exp(-(f - ZNO_PERCOLATION_FRACTION) / ZNO_PERCOLATION_WIDTH))


def mixed_film_net_doping_cm3(hgte_fraction, zno_diameter_m: float = 5e-9):
    """Net acceptor density N_A - N_D [cm^-3] of a ZnO:HgTe film versus its HgTe volume fraction.

    Three contributions, after the charge-transfer picture of [Qu2022]:

    * the native holes of the HgTe NC network, ``p_native f_HgTe`` (p-type HgTe);
    * electron transfer from HgTe to ZnO leaves ``delta`` holes per ZnO NC in the HgTe network
      while the electrons sit on isolated ZnO clusters (trapped charge), ``delta N_ZnO (1 - w)``:
      ZnO shifts the FET neutrality point to positive gate bias (Fig. 4d);
    * once the ZnO NCs form a connected network (share w, above percolation) their electrons,
      donors of an n-type ZnO film, are mobile: ``- N_D,ZnO (1 - f_HgTe) w``; the film turns
      n-type at high ZnO content (positive TrXPS shift at 25 % HgTe, Fig. 5d).

    So ``N_A - N_D = p_native f + delta N_ZnO (1 - w) - N_D,ZnO (1 - f) w`` with ``w`` the
    connectivity at ZnO fraction 1 - f. Positive: p-type (>= 50 % HgTe); negative: n-type
    (25 % HgTe). The parameters are fitted to these two observations (see the constants).

    Parameters
    ----------
    hgte_fraction : float or array
        HgTe volume fraction of the NC mixture (the paper's "% HgTe"), in [0, 1].
    zno_diameter_m : float
        ZnO NC diameter [m].
    """
    f = np.asarray(hgte_fraction, dtype=float)
    if np.any((f < 0) | (f > 1)) or not np.all(np.isfinite(f)):
        raise ConfigError(f"HgTe fraction must be in [0, 1], got {hgte_fraction}")
    n_zno = (1 - f) * nc_number_density_cm3(zno_diameter_m)
    w = zno_network_connectivity(1 - f)
    return (HGTE_NATIVE_HOLES_CM3 * f + ELECTRONS_PER_ZNO * n_zno * (1 - w)
            - ZNO_NETWORK_DONORS_CM3 * (1 - f) * w)


def mixed_emitter_film(hgte: ElectronicMaterial, hgte_fraction: float) -> ElectronicMaterial:
    """The ZnO:HgTe emitting layer: transport through the HgTe network, doping from composition.

    Bands, DOS and mobilities are those of the HgTe network ([Qu2022]: the ambipolar transport of
    the mixture is driven by HgTe); the DOS scale with the HgTe share of the NCs; the permittivity
    is the volume average; the net doping is :func:`mixed_film_net_doping_cm3`.
    """
    net = float(mixed_film_net_doping_cm3(hgte_fraction))
    return replace(
        hgte,
        name="ZnO:HgTe",
        eps_r=hgte_fraction * hgte.eps_r + (1 - hgte_fraction) * ZNO_NC_FILM.eps_r,
        nc_cm3=hgte.nc_cm3 * hgte_fraction,
        nv_cm3=hgte.nv_cm3 * hgte_fraction,
        na_cm3=max(net, 0.0),
        nd_cm3=max(-net, 0.0),
        source=hgte.source + "; doping from ZnO electron transfer (mixed_film_net_doping_cm3)",
    )


ELECTRONIC_LIBRARY = {m.name: m for m in (ZNO_NC_FILM, PBS_EDT_FILM)}
