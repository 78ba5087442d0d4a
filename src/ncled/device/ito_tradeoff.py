"""The ITO thickness trade-off: optical transmission at the emission wavelength vs resistance.

Qu et al. (2022) thinned the ITO of their commercial substrates from 180 nm (7 ohm/sq) to 35 nm
because the free electrons of ITO absorb and reflect at 2 um (they quote a transmission below
15 % at 180 nm and about 70 % at 35 nm) at the price of about ten times the device resistance.
This module computes both sides from physics:

* optics: ITO as a Drude metal whose carrier density follows from the sheet resistance measured
  on the 180 nm film and a mobility (:mod:`ncled.materials.ito`); etching keeps the density and
  mobility, so only the thickness changes;
* "transmission into the device" is defined as the normal-incidence transmittance of the
  ITO-coated substrate, air / ITO / glass (1 mm, incoherent) / air, i.e. what a spectrophotometer
  measures on the substrate and, by reciprocity of T, the fraction of light that crosses electrode
  and substrate in either direction. Also reported: the ITO single-pass (internal) transmission
  exp(-4 pi k t / lambda), the absorptance of the ITO in the coated substrate, and its reflectance;
* electrics: sheet resistance R_s = rho / t with rho = R_s,ref t_ref, and the resistance of the ITO
  strip from the pixel to its pad, R = R_s L / W.

References
----------
.. [1] S. Qu et al., "HgTe nanocrystal-based LED emitting above 2 um", Nat. Photon. 16, 38 (2022),
   https://doi.org/10.1038/s41566-021-00902-y .
.. [2] H. Fujiwara, M. Kondo, "Effects of carrier concentration on the dielectric function of ZnO:Ga
   and In2O3:Sn studied by spectroscopic ellipsometry", Phys. Rev. B 71, 075109 (2005),
   https://doi.org/10.1103/PhysRevB.71.075109 .
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import xarray as xr

from ncled.device.config import DeviceConfig
from ncled.device.heating import strip_resistance
from ncled.errors import ConfigError
from ncled.materials import get_material
from ncled.optics.tmm import stack_rta

DEFAULT_THICKNESS_NM = np.array([10, 15, 20, 25, 35, 50, 75, 100, 125, 150, 180, 210, 250.0])
"""ITO thicknesses of the study [nm]: the paper's 35 and 180 nm within 10-250 nm."""


def ito_tradeoff(
    thickness_m,
    wavelength_m: float = 2.0e-6,
    ito_params: Mapping[str, float] | None = None,
    substrate: str = "soda-lime-glass",
    substrate_thickness_m: float = 1e-3,
    ambient: str = "air",
    strip_length_m: float = 5e-3,
    strip_width_m: float = 1e-3,
) -> xr.Dataset:
    """Transmission at ``wavelength_m`` and resistance of an ITO film versus its thickness.

    Parameters
    ----------
    thickness_m : array_like
        ITO thicknesses [m] (> 0).
    wavelength_m : float
        Emission wavelength [m] (default 2.0 um, the reference device's PL peak (ref. 1 of the
        module)).
    ito_params : mapping, optional
        Parameters of the library's ``ITO`` material (e.g. ``sheet_resistance_ohm_sq = 7``,
        ``reference_thickness_nm = 180``, ``mobility_cm2_vs = 35``: the reference substrate).
    substrate : str
        Substrate material (default soda-lime glass).
    substrate_thickness_m : float
        Substrate thickness [m], treated incoherently (default 1 mm).
    ambient : str
        Ambient medium on both sides (default air).
    strip_length_m, strip_width_m : float
        Length [m] and width [m] of the ITO strip between pixel and pad.

    Returns
    -------
    xarray.Dataset
        Over ``thickness_nm``: ``T_substrate``, ``R_substrate``, ``A_ito`` (air/ITO/glass/air,
        normal incidence), ``T_single_pass``, ``sheet_resistance`` [ohm/sq],
        ``strip_resistance`` [ohm]; attrs with the Drude parameters and the definitions.

    Raises
    ------
    ConfigError
        Non-positive thickness or strip dimension; bad ITO parameters.
    """
    t = np.atleast_1d(np.asarray(thickness_m, dtype=float))
    if t.ndim != 1 or not np.all(np.isfinite(t)) or np.any(t <= 0):
        raise ConfigError("ITO thicknesses must be positive finite lengths")
    for name, v in (("strip_length", strip_length_m), ("strip_width", strip_width_m),
                    ("substrate_thickness", substrate_thickness_m)):
        if not (np.isfinite(v) and v > 0):
            raise ConfigError(f"{name} must be a positive length [m], got {v!r}")
    ito = get_material("ITO", **dict(ito_params or {}))
    wl = np.array([float(wavelength_m)])
    n_ito = ito.nk(wl)
    n = np.array([get_material(ambient).nk(wl), n_ito, get_material(substrate).nk(wl),
                  get_material(ambient).nk(wl)])
    d = np.stack([t, np.full_like(t, substrate_thickness_m)], axis=-1)  # batch over thickness
    res = stack_rta(n, d, wl, 0.0, coherent=[True, False])
    r_u, t_u, a_u = res.unpolarized()
    rho_ohm_m = ito.params["resistivity_ohm_cm"] * 1e-2
    sheet = rho_ohm_m / t
    k_ito = float(n_ito[0].imag)
    single = np.exp(-4.0 * np.pi * k_ito * t / wl[0])
    coords = {"thickness_nm": ("thickness_nm", t * 1e9, {"units": "nm"})}
    dims = ("thickness_nm",)
    return xr.Dataset(
        {
            "T_substrate": (dims, t_u[:, 0, 0], {"units": "1", "long_name":
                            "transmittance of air/ITO/substrate (incoherent)/air at 0 deg"}),
            "R_substrate": (dims, r_u[:, 0, 0], {"units": "1", "long_name":
                            "reflectance of the coated substrate, light from the ITO side"}),
            "A_ito": (dims, a_u[:, 1, 0, 0], {"units": "1", "long_name":
                      "absorptance of the ITO film in the coated substrate"}),
            "T_single_pass": (dims, single, {"units": "1", "long_name":
                              "ITO internal single-pass transmission exp(-4 pi k t / lambda)"}),
            "sheet_resistance": (dims, sheet, {"units": "ohm/sq", "long_name": "rho / t"}),
            "strip_resistance": (dims, strip_resistance(sheet, strip_length_m, strip_width_m),
                                 {"units": "ohm", "long_name": "R_s L / W of the ITO strip"}),
        },
        coords=coords,
        attrs={
            "wavelength_nm": wl[0] * 1e9,
            "ito_n": float(n_ito[0].real),
            "ito_k": k_ito,
            "carrier_density_cm3": ito.params["carrier_density_cm3"],
            "mobility_cm2_vs": ito.params["mobility_cm2_vs"],
            "resistivity_ohm_cm": ito.params["resistivity_ohm_cm"],
            "substrate": substrate,
            "substrate_thickness_mm": substrate_thickness_m * 1e3,
            "strip_length_mm": strip_length_m * 1e3,
            "strip_width_mm": strip_width_m * 1e3,
            "definition": "transmission into the device = T of air/ITO/substrate/air at normal "
                          "incidence (reciprocal: the same in both directions)",
            "reference": "Qu et al., Nat. Photon. 16, 38 (2022), doi:10.1038/s41566-021-00902-y",
        },
    )


def ito_tradeoff_for_device(device: DeviceConfig, thickness_m, wavelength_m: float | None = None
                            ) -> xr.Dataset:
    """:func:`ito_tradeoff` with the ITO parameters, substrate and strip of a device file.

    The ITO layer is the layer whose material is ``ITO``; the substrate is the layer in front of
    it; the emission wavelength defaults to the device's nanocrystal PL peak (else 2.0 um).

    Raises
    ------
    ConfigError
        The device has no ITO layer, or no layer in front of it.
    """
    idx = [i for i, layer in enumerate(device.layers)
           if layer.material is not None and layer.material.lower() == "ito"]
    if not idx:
        raise ConfigError(f"device {device.name!r} has no layer of material 'ITO'")
    i = idx[0]
    if i == 0:
        raise ConfigError(f"device {device.name!r}: no substrate layer in front of the ITO")
    sub = device.layers[i - 1]
    if sub.material is None:
        raise ConfigError(f"layer {sub.name!r}: the substrate must be a pure material")
    if wavelength_m is None:
        nc = device.nanocrystal
        wavelength_m = nc.pl_peak if nc is not None and nc.pl_peak else 2.0e-6
    el = device.electrodes
    return ito_tradeoff(
        thickness_m, wavelength_m, ito_params=dict(device.layers[i].params),
        substrate=sub.material, substrate_thickness_m=sub.thickness, ambient=device.ambient.front,
        strip_length_m=el.strip_length if el is not None else 5e-3,
        strip_width_m=el.strip_width if el is not None else 1e-3,
    )
