"""Emission efficiency of HgTe nanocrystals: PLQY energy-gap law, exciton and Auger rates.

PLQY = k_r / (k_r + k_nr). The radiative rate of a two-band Kane emitter grows linearly with the
emission energy (Einstein ``A ~ n w^3 |d|^2`` with ``|d|^2 ~ Ep / w^2``), and the non-radiative rate
follows
the energy-gap law ``k_nr = k_nr,ref exp[-beta (E - E_ref)]`` (Englman & Jortner 1970), the
multi-phonon (ligand vibration) relaxation that makes mid-IR CQDs dim (Keuleyan et al. 2014).

Calibration (both anchors on the same material, oleylamine/DDT-capped HgTe of Keuleyan's recipe):

* PLQY = 1 % at 2.0 um (Keuleyan et al., J. Phys. Chem. C 118, 2749 (2014), quoted by Qu et al.
  2022 for their 2 um sample) with an exciton lifetime 1/(k_r + k_nr) = 2 ns (Qu et al. 2022,
  transient reflectivity): k_r = 5e6 1/s, k_nr = 4.95e8 1/s at 0.620 eV.
* The EQE of Qu et al.'s LED halves from 2.0 to 2.3 um at unchanged stack (their Supp. note 7).
  Part of that drop is optical: the Drude losses of the 35 nm ITO grow with wavelength, and the
  full LED model of ncled (``ncled.device.led``) gives an outcoupling 0.46 times lower at 2.3 um
  than at 2.0 um. The rest is assigned to the PLQY: PLQY(2.3 um) / PLQY(2.0 um) = 0.7 (fitted:
  with it the LED model gives EQE(2.3) / EQE(2.0) = 0.4-0.45 against the paper's 0.5), i.e.
  beta = 2.7 1/eV; the law then falls to about 0.15 % at 5 um, the steep mid-IR decline
  Keuleyan et al. report.

The 48 % PLQY near 1.3 um of Rogach et al. (Adv. Mater. 11, 552 (1999)) is for aqueous,
thiol-capped HgTe with a different surface; it is NOT used as an anchor. The law gives about 15 % at
1.3 um for the organic-capped dots, below the aqueous value as expected.

Auger: the biexciton lifetime of HgTe CQDs scales with the volume (Melnychuk & Guyot-Sionnest 2018);
it is pinned at 50 ps for the 2 um reference size (Qu et al. 2022 transient reflectivity: 5-30 ps
at high fluence, about 50 ps at low fluence).

References
----------
.. [1] R. Englman, J. Jortner, Mol. Phys. 18, 145 (1970). https://doi.org/10.1080/00268977000100171
.. [2] S. E. Keuleyan, P. Guyot-Sionnest, C. Delerue, G. Allan, J. Phys. Chem. C 118, 2749 (2014).
   https://doi.org/10.1021/jp409061g
.. [3] C. Melnychuk, P. Guyot-Sionnest, J. Phys. Chem. Lett. 9, 2208 (2018).
   https://doi.org/10.1021/acs.jpclett.8b00750
.. [4] J. Qu et al., Nat. Photon. 16, 38 (2022). https://doi.org/10.1038/s41566-021-00902-y
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ncled.constants import c, h, q
from ncled.errors import ConfigError
from ncled.nanocrystal.ensemble import _DEFAULTS
from ncled.nanocrystal.sizing import canonical_material, get_sizing_model

HC = h * c

#: Anchor energy: PL at 2.0 um [J].
REFERENCE_ENERGY = HC / 2.0e-6
#: PLQY at the anchor (Keuleyan et al. 2014; Qu et al. 2022).
REFERENCE_PLQY = 0.01
#: Exciton lifetime at the anchor [s] (Qu et al. 2022).
REFERENCE_LIFETIME = 2e-9
#: PLQY ratio between 2.3 and 2.0 um (fitted so that the LED model, whose outcoupling falls by
#: 0.46 over the same range, reproduces the EQE halving of Qu et al. 2022 Supp. note 7).
PLQY_RATIO_2P3_TO_2P0 = 0.7
#: Biexciton Auger lifetime at the 2 um reference diameter [s].
REFERENCE_AUGER_LIFETIME = 50e-12


def emitter_diameter(energy_j) -> np.ndarray:
    """Diameter [m] of the HgTe CQD emitting at ``energy_j`` [J]: the Kane sizing curve at the
    exciton energy ``E / (1 - f)``, f the Stokes fraction of the ensemble model (E1(inf) = 0)."""
    f = float(_DEFAULTS["HgTe"]["stokes_fraction"])
    return get_sizing_model("HgTe").diameter(np.asarray(energy_j, dtype=float) / (1 - f),
                                            what="exciton energy for this emission")


#: Diameter of the nanocrystal emitting at 2 um [m] (about 6.2 nm).
REFERENCE_DIAMETER = float(emitter_diameter(REFERENCE_ENERGY))


def energy_gap_beta(
    ratio: float = PLQY_RATIO_2P3_TO_2P0,
    e1_j: float = REFERENCE_ENERGY,
    e2_j: float = HC / 2.3e-6,
    plqy_ref: float = REFERENCE_PLQY,
) -> float:
    """Energy-gap-law exponent beta [1/J] such that PLQY(e2) / PLQY(e1) = ``ratio``.

    Notes
    -----
    With k_r ~ E and k_nr ~ exp(-beta E), PLQY(E) = 1 / (1 + k_nr / k_r); solving the ratio gives
    ``x2 = (1/(ratio PLQY1) - 1)``, ``x1 = 1/PLQY1 - 1`` and
    ``beta = ln[(x2 / x1) (E2 / E1)] / (E1 - E2)``.
    """
    x1 = 1 / plqy_ref - 1
    x2 = 1 / (ratio * plqy_ref) - 1
    return float(np.log((x2 / x1) * (e2_j / e1_j)) / (e1_j - e2_j))


#: Default energy-gap-law exponent [1/J] (about 2.7 per eV).
BETA = energy_gap_beta()


@dataclass(frozen=True)
class ExcitonRates:
    """Single-exciton and Auger rates of a nanocrystal (SI).

    Attributes
    ----------
    energy : ndarray
        Emission energy [J].
    radiative : ndarray
        Radiative rate k_r [1/s].
    nonradiative : ndarray
        Non-radiative rate k_nr [1/s].
    auger : ndarray
        Biexciton Auger rate [1/s].
    plqy : ndarray
        k_r / (k_r + k_nr).
    lifetime : ndarray
        Exciton lifetime 1 / (k_r + k_nr) [s].
    """

    energy: np.ndarray
    radiative: np.ndarray
    nonradiative: np.ndarray
    auger: np.ndarray
    plqy: np.ndarray
    lifetime: np.ndarray


def _emission_energy(material: str, emission_energy_ev=None, wavelength_m=None) -> np.ndarray:
    mat = canonical_material(material)
    if mat != "HgTe":
        raise ConfigError(f"the PLQY law is calibrated for HgTe only, not {mat}")
    if (emission_energy_ev is None) == (wavelength_m is None):
        raise ConfigError("give exactly one of emission_energy_ev or wavelength_m")
    if wavelength_m is not None:
        wl = np.asarray(wavelength_m, dtype=float)
        if not np.all(np.isfinite(wl)) or np.any(wl <= 0):
            raise ConfigError("emission wavelength must be positive and finite")
        return HC / wl
    e = np.asarray(emission_energy_ev, dtype=float)
    if not np.all(np.isfinite(e)) or np.any(e <= 0):
        raise ConfigError("emission energy must be positive and finite")
    return e * q


def radiative_rate(energy_j, k_r_ref: float | None = None) -> np.ndarray:
    """Radiative rate [1/s] of HgTe CQDs, linear in emission energy (two-band Kane emitter).

    ``k_r = k_r,ref E / E_ref`` with ``k_r,ref = PLQY_ref / tau_ref = 5e6 1/s`` at 2 um.
    """
    k_ref = REFERENCE_PLQY / REFERENCE_LIFETIME if k_r_ref is None else k_r_ref
    return k_ref * np.asarray(energy_j, dtype=float) / REFERENCE_ENERGY


def nonradiative_rate(energy_j, beta: float = BETA) -> np.ndarray:
    """Non-radiative rate [1/s], energy-gap law pinned at 2 um (1/tau_ref - k_r,ref = 4.95e8 1/s).

    ``k_nr = k_nr,ref exp[-beta (E - E_ref)]`` (Englman & Jortner 1970,
    https://doi.org/10.1080/00268977000100171).
    """
    k_nr_ref = (1 - REFERENCE_PLQY) / REFERENCE_LIFETIME
    return k_nr_ref * np.exp(-beta * (np.asarray(energy_j, dtype=float) - REFERENCE_ENERGY))


def auger_rate(diameter_m) -> np.ndarray:
    """Biexciton Auger rate [1/s], inversely proportional to the volume (Melnychuk 2018).

    ``1/tau_A = (d_ref / d)^3 / 50 ps`` with d_ref the 2 um reference diameter.
    """
    d = np.asarray(diameter_m, dtype=float)
    if not np.all(np.isfinite(d)) or np.any(d <= 0):
        raise ConfigError("diameter must be positive and finite")
    return (REFERENCE_DIAMETER / d) ** 3 / REFERENCE_AUGER_LIFETIME


def plqy(material: str, emission_energy_ev=None, *, wavelength_m=None, beta: float = BETA):
    """Photoluminescence quantum yield of HgTe CQDs at an emission energy or wavelength.

    Parameters
    ----------
    material : str
        ``"HgTe"`` (the only calibrated material).
    emission_energy_ev : float or array_like, optional
        Emission energy [eV].
    wavelength_m : float or array_like, optional
        Emission wavelength [m] (instead of the energy).
    beta : float
        Energy-gap-law exponent [1/J]; default from the EQE halving 2.0 -> 2.3 um.

    Returns
    -------
    numpy.ndarray
        PLQY in [0, 1]: 1 % at 2.0 um, 0.5 % at 2.3 um.
    """
    e = _emission_energy(material, emission_energy_ev, wavelength_m)
    kr = radiative_rate(e)
    return kr / (kr + nonradiative_rate(e, beta))


def exciton_rates(
    material: str,
    emission_energy_ev=None,
    *,
    wavelength_m=None,
    diameter_m=None,
    beta: float = BETA,
) -> ExcitonRates:
    """Radiative, non-radiative and Auger rates of HgTe CQDs emitting at a given energy.

    Parameters
    ----------
    material : str
        ``"HgTe"``.
    emission_energy_ev, wavelength_m : optional
        The emission energy [eV] or wavelength [m] (one of them).
    diameter_m : float or array_like, optional
        Diameter [m] for the Auger rate; default
        :func:`~ncled.nanocrystal.efficiency.emitter_diameter` of the emission energy.
    beta : float
        Energy-gap-law exponent [1/J].

    Returns
    -------
    ExcitonRates
    """
    e = _emission_energy(material, emission_energy_ev, wavelength_m)
    kr = radiative_rate(e)
    knr = nonradiative_rate(e, beta)
    d = emitter_diameter(e) if diameter_m is None else diameter_m
    ka = auger_rate(d) * np.ones_like(e)
    return ExcitonRates(energy=e, radiative=kr, nonradiative=knr, auger=ka,
                        plqy=kr / (kr + knr), lifetime=1 / (kr + knr))
