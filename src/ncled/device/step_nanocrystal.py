"""LED step 1, the nanocrystal: size, gap, PL and exciton rates of the emitter at a temperature.

The device file names its emitter by a PL peak, a diameter or a growth temperature (one place
resolves them: :func:`resolve_pl_peak`); the ensemble model of :mod:`ncled.nanocrystal` turns it
into a size, a band-edge absorption and rates. Temperature enters through the gap: HgTe
nanocrystals have a *positive* dEg/dT (Lhuillier et al. 2012: +0.2 to +0.4 meV/K, decreasing
with size; the smallest of their range, about 0.2 meV/K, is the 2 um one), so the emission and
the transport gap move to higher energy as the pixel heats, and the PLQY follows the energy-gap
law of :func:`ncled.nanocrystal.exciton_rates` at the shifted emission energy. Hopping mobilities
are thermally activated (:func:`hopping_mobility_factor`).

References
----------
.. [Lhuillier2012] E. Lhuillier, S. Keuleyan, P. Guyot-Sionnest, "Optical properties of HgTe
   colloidal quantum dots", Nanotechnology 23, 175705 (2012),
   doi:10.1088/0957-4484/23/17/175705.
.. [GuyotSionnest2012] P. Guyot-Sionnest, "Electrical transport in colloidal quantum dot films",
   J. Phys. Chem. Lett. 3, 1169 (2012), doi:10.1021/jz300048y.
.. [Qu2022] J. Qu et al., Nat. Photon. 16, 38 (2022), doi:10.1038/s41566-021-00902-y.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ncled.constants import c, h, k_B, q
from ncled.device.config import DeviceConfig, Nanocrystal
from ncled.device.electrical import emitter_hgte_fraction
from ncled.errors import ConfigError
from ncled.materials.electronic import nc_number_density_cm3

#: Charging energy of a HgTe NC in the film [eV] (Qu et al. 2022, Methods: about 20 meV).
CHARGING_ENERGY_EV = 0.020
#: Trion Auger rate relative to the biexciton Auger rate (k_XX = 2 k_X- + 2 k_X+) [Klimov2014].
TRION_TO_BIEXCITON_AUGER = 0.25
#: Temperature coefficient of the HgTe NC gap [eV/K]: +0.2 meV/K for the 2 um dots
#: [Lhuillier2012] (positive: the gap opens on heating, unlike bulk semiconductors).
HGTE_GAP_TEMPERATURE_COEFFICIENT_EV_K = 2.0e-4
#: Activation energy of hopping between nanocrystals [eV]: the charging energy, as in
#: nearest-neighbour hopping in NC films [GuyotSionnest2012].
HOPPING_ACTIVATION_EV = CHARGING_ENERGY_EV
#: Largest disagreement between a file's pl_peak and the PL its growth_temperature gives through
#: the synthesis calibration [m]: half the 150 nm spacing of the calibration points.
GROWTH_PEAK_TOLERANCE_M = 75e-9


@dataclass(frozen=True)
class EmitterPhysics:
    """Nanocrystal parameters of the emitter used by the LED model (SI)."""

    pl_peak_m: float
    diameter_m: float
    gap_ev: float
    k_radiative: float
    k_nonradiative: float
    k_trion: float
    plqy: float
    hgte_fraction: float
    nc_density_m3: float
    temperature_k: float
    size_dispersion: float | None = None


def ensemble_overrides(nc: Nanocrystal) -> dict:
    """Ensemble-model overrides the file sets: ``size_dispersion`` (sigma_d / d)."""
    return {} if nc.size_dispersion is None else {"size_dispersion": float(nc.size_dispersion)}


def resolve_pl_peak(nc: Nanocrystal | None, source: str | None = None) -> float:
    """The emitter's room-temperature PL peak [m]: the one place a file's emitter is resolved.

    ``pl_peak`` if given; else the ensemble of ``diameter``; else the synthesis calibration of
    ``growth_temperature`` (:func:`ncled.nanocrystal.synthesis.pl_peak_from_temperature`). A
    ``pl_peak`` or ``diameter`` given with a ``growth_temperature`` must agree with it within
    :data:`GROWTH_PEAK_TOLERANCE_M`.

    Raises
    ------
    ConfigError
        No emitter size, or a growth temperature that contradicts the PL peak.
    """
    from ncled.nanocrystal import ensemble_for, spectral_summary
    from ncled.nanocrystal.synthesis import pl_peak_from_temperature

    if nc is None or (nc.pl_peak is None and nc.diameter is None
                      and nc.growth_temperature is None):
        raise ConfigError("the device needs a [nanocrystal] section with pl_peak, diameter or "
                          "growth_temperature", source=source)
    grown = (None if nc.growth_temperature is None
             else float(pl_peak_from_temperature(nc.growth_temperature)))
    if nc.pl_peak is not None:
        peak, given = float(nc.pl_peak), f"pl_peak is {nc.pl_peak * 1e9:.0f} nm"
    elif nc.diameter is not None:
        ens = ensemble_for(nc.material, diameter_m=nc.diameter, **ensemble_overrides(nc))
        peak = float(spectral_summary(ens).pl_wavelength.peak) * 1e-9
        given = f"diameter {nc.diameter * 1e9:.4g} nm emits at {peak * 1e9:.0f} nm"
    else:
        return grown
    if grown is not None and abs(grown - peak) > GROWTH_PEAK_TOLERANCE_M:
        raise ConfigError(
            f"nanocrystal.growth_temperature {nc.growth_temperature - 273.15:.4g} C gives a PL "
            f"peak at {grown * 1e9:.0f} nm (synthesis calibration, Qu et al. 2022), but {given}; "
            f"give one or make them agree within {GROWTH_PEAK_TOLERANCE_M * 1e9:.0f} nm",
            source=source)
    return peak


def gap_shift_ev(delta_t_k) -> np.ndarray:
    """Shift of the emitter's gap for a temperature change [eV]: dEg/dT x Delta T (> 0 on
    heating, [Lhuillier2012])."""
    return HGTE_GAP_TEMPERATURE_COEFFICIENT_EV_K * np.asarray(delta_t_k, dtype=float)


def hopping_mobility_factor(temperature_k, reference_k) -> np.ndarray:
    """mu(T) / mu(T_ref) = exp[-E_a / k (1/T - 1/T_ref)], E_a = :data:`HOPPING_ACTIVATION_EV`."""
    t = np.asarray(temperature_k, dtype=float)
    return np.exp(-HOPPING_ACTIVATION_EV * q / k_B * (1.0 / t - 1.0 / reference_k))


def emitter_physics(config: DeviceConfig, temperature_k: float | None = None) -> EmitterPhysics:
    """Nanocrystal size, gap and rates of the device's emitter at ``temperature_k`` [K].

    Parameters
    ----------
    config : DeviceConfig
    temperature_k : float, optional
        Emitter temperature; default the drive's ambient, at which the PL peak is given.

    Notes
    -----
    Transport gap = E1(d) + E_charging + dEg/dT (T - T_amb): the first transition of the
    mean-size nanocrystal (:func:`ncled.nanocrystal.ensemble.exciton_energy`; the ensemble's
    band-edge absorption maximum lies within 2 nm of it at the reference's 4 % size dispersion
    and becomes a shoulder without a maximum above about 6.5 %) plus the charging energy of
    separating the pair (about 20 meV, Qu et al. 2022), shifted by the temperature coefficient.
    The emission peak moves by the same energy.
    """
    from ncled.nanocrystal import diameter_for_pl_peak, ensemble_for, exciton_rates
    from ncled.nanocrystal.ensemble import exciton_energy

    nc = config.nanocrystal
    t_amb = config.drive.temperature
    t = t_amb if temperature_k is None else float(temperature_k)
    ov = ensemble_overrides(nc) if nc is not None else {}
    peak0 = resolve_pl_peak(nc, config.source_path)
    diameter = (float(nc.diameter) if nc.diameter is not None
                else float(diameter_for_pl_peak(nc.material, peak0, **ov)))
    e1 = exciton_energy(ensemble_for(nc.material, diameter_m=diameter, **ov))
    shift = float(gap_shift_ev(t - t_amb))
    gap_ev = e1 / q + CHARGING_ENERGY_EV + shift
    peak = h * c / (h * c / peak0 + shift * q)
    rates = exciton_rates(nc.material, wavelength_m=peak, diameter_m=diameter)
    kr, knr = float(rates.radiative), float(rates.nonradiative)
    if nc.plqy is not None:  # the file's PLQY overrides the energy-gap law, keeping k_r
        knr = kr * (1.0 - nc.plqy) / nc.plqy
    frac = emitter_hgte_fraction(config.layers[config.emitter_index])
    return EmitterPhysics(
        pl_peak_m=peak, diameter_m=diameter, gap_ev=gap_ev, k_radiative=kr,
        k_nonradiative=knr, k_trion=TRION_TO_BIEXCITON_AUGER * float(rates.auger),
        plqy=kr / (kr + knr), hgte_fraction=frac,
        nc_density_m3=frac * nc_number_density_cm3(diameter) * 1e6, temperature_k=t,
        size_dispersion=None if nc.size_dispersion is None else float(nc.size_dispersion),
    )
