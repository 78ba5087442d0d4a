"""The parameters the reproduced claims depend on: value, unit, status and, if fitted, to what.

:func:`lookup_parameter` is the single place the report looks a parameter up. Today it reads the
value live from the module constant that holds it (so the report shows the number the model
really used) and takes the status from the table below, transcribed from the README's "what was
fitted" table and the docstrings beside each constant. When the parameter registry
(``ncled.parameters``) is installed, this function reads the parameters it holds from it
(:data:`REGISTRY_NAMES`); nothing else in :mod:`ncled.reproduce` changes.

Statuses: ``input`` (a number of the paper used as a model input), ``literature``, ``derived``,
``assumed`` (a choice without a source, said so; the registry says ``declared``), ``measured``
(the registry's word for a paper's measurement), ``fitted`` (chosen so that the model reproduces
one of the paper's numbers; ``fitted_to`` names the claims). A claim whose model value depends on
an ``input`` or ``fitted`` parameter tied to that very claim is *circular*: the report marks it, as
agreement there shows consistency, not prediction.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass

STATUSES = ("input", "measured", "literature", "derived", "assumed", "declared", "fitted")


@dataclass(frozen=True)
class ParameterInfo:
    """One parameter: where it lives, its value and its provenance.

    Attributes
    ----------
    name : str
        Short name used by the claims.
    where : str
        ``module:ATTRIBUTE[.attribute or key ...]`` holding it, or a literal ``... = value``.
    value : float or str or None
        The value the model uses (None where the attribute could not be resolved).
    unit : str
        Unit of ``value`` (as stored: SI unless the constant's name says otherwise).
    status : str
        One of :data:`~ncled.parameters.registry.STATUSES`.
    source : str
        Where the number comes from / what it was fitted to, in words.
    fitted_to : tuple of str
        Claim ids the parameter was fitted to (or, for ``input``, the claims it *is*).
    """

    name: str
    where: str
    value: float | str | None
    unit: str
    status: str
    source: str
    fitted_to: tuple[str, ...] = ()

    @property
    def flagged(self) -> bool:
        """True for fitted parameters and paper inputs tied to a claim."""
        return self.status == "fitted" or bool(self.fitted_to)


# name: (where, unit, status, source, fitted_to). ``where`` of the form module:ATTR is resolved
# live; anything else is a literal value given after "=".
_TABLE: dict[str, tuple[str, str, str, str, tuple[str, ...]]] = {
    "pl_peak": ("device file reference.toml: nanocrystal.pl_peak = 2000", "nm", "input",
                "the paper's PL peak of the 70 C batch sets the nanocrystal size",
                ("pl_peak",)),
    "growth_calibration": ("ncled.nanocrystal.synthesis:CALIBRATION_PL_PEAK_M", "m", "input",
                           "the paper's PL peaks of the 70/75/80 C batches (Methods)", ()),
    "size_dispersion": ("ncled.nanocrystal.ensemble:_DEFAULTS.HgTe.size_dispersion", "1",
                        "fitted",
                        "4 % size dispersion and 40 meV homogeneous width calibrated on the "
                        "reference sample's 280 nm PL FWHM", ("pl_fwhm", "resolving_power")),
    "stokes_fraction": ("ncled.nanocrystal.ensemble:_DEFAULTS.HgTe.stokes_fraction", "1",
                        "fitted",
                        "Stokes fraction 0.057 calibrated on the 120 nm shift at 2.0 um",
                        ("stokes_shift",)),
    "kane_sizing": ("ncled.nanocrystal.sizing:HGTE_KANE_ENERGY_EV", "eV", "literature",
                    "two-band Kane model, Ep = 18 eV (Groves 1967), bulk gap Hansen 1982", ()),
    "hgte_absorption_415nm": ("ncled.nanocrystal.ensemble:HGTE_CROSS_SECTION_415NM", "m^2",
                              "literature", "2.6e-17 cm^2 per Hg atom at 415 nm "
                              "(Lhuillier 2012)", ()),
    "thermalisation_time": ("ncled.analysis.pumpprobe:CarrierModel.tau_thermalisation_s", "s",
                            "input", "250 fs, the paper's own reading of Fig. 1e",
                            ("pumpprobe_thermalisation",)),
    "relaxation_time": ("ncled.analysis.pumpprobe:CarrierModel.tau_relaxation_s", "s", "input",
                        "3 ps, the paper's own reading of Fig. 1e", ("pumpprobe_relaxation",)),
    "biexciton_auger_time": ("ncled.analysis.pumpprobe:CarrierModel.tau_auger_biexciton_s", "s",
                             "input",
                             "20 ps, chosen inside the paper's 5-30 ps", ("auger_decay",)),
    "hot_transfer_rate": ("= 1e12", "1/s", "assumed",
                          "hot-electron transfer to ZnO in Fig. 4e: 1/ps, no measured rate", ()),
    "plqy_2um": ("ncled.nanocrystal.efficiency:REFERENCE_PLQY", "1", "literature",
                 "about 1 % at 2 um (Keuleyan 2014, quoted by the paper)", ()),
    "plqy_ratio_2p3": ("ncled.nanocrystal.efficiency:PLQY_RATIO_2P3_TO_2P0", "1", "fitted",
                       "PLQY(2.3 um)/PLQY(2.0 um) fitted to the EQE halving of Supp. note 7",
                       ("eqe_ratio_2p3",)),
    "langevin_prefactor": ("ncled.materials.electronic:HGTE_LANGEVIN_PREFACTOR", "1", "fitted",
                           "reduced-Langevin factor fitted to the 0.6 V turn-on and 15 mA/cm^2 "
                           "EL threshold", ("turn_on", "turn_on_gap", "el_threshold")),
    "detector_shunt_resistance": ("= 3e4", "ohm", "literature",
                                  "sets the detector floor defining turn-on and threshold "
                                  "(extended-InGaAs datasheet, Johnson-noise NEP, with the "
                                  "lock-in bandwidth and the paper's collection optics: "
                                  "ncled.device.lab.Measurement.floor)", ()),
    "hgte_native_holes": ("ncled.materials.electronic:HGTE_NATIVE_HOLES_CM3", "cm^-3", "fitted",
                          "fitted to p-type at >= 50 % HgTe, n-type at 25 %, best EQE at 50 %",
                          ("best_fraction", "trxps_sign")),
    "zno_percolation": ("ncled.materials.electronic:ZNO_PERCOLATION_FRACTION", "1", "fitted",
                        "ZnO percolation fraction fitted like the native hole density",
                        ("best_fraction", "trxps_sign")),
    "zno_charge_transfer": ("ncled.materials.electronic:ELECTRONS_PER_ZNO", "1", "fitted",
                            "dark charge transfer per ZnO NC, consistent with the +50 meV Hg 4f "
                            "shift and the p/n switch", ("hg4f_zno_shift", "trxps_sign")),
    "ito_mobility": ("device file reference.toml: ITO mobility_cm2_vs = 45", "cm^2/Vs", "fitted",
                     "chosen in 30-50 cm^2/Vs so that the ITO gives 70 % / < 15 % at 2 um",
                     ("ito_t35", "ito_t180")),
    "ito_sheet_resistance": ("device file reference.toml: ITO sheet_resistance_ohm_sq = 7",
                             "ohm/sq", "input", "7 ohm/sq at 180 nm (the paper's Methods)", ()),
    "film_pl_shift": ("device file reference.toml: film.pl_red_shift_mev = 20", "meV", "assumed",
                      "red shift (and 30 meV broadening) of the film's PL after ligand exchange: "
                      "an estimate of the charging-energy order, set because the paper reports "
                      "a slightly red-shifted, broader EL; not measured", ("el_red_shift",)),
    "glass_conductivity": ("ncled.device.heating:K_SODA_LIME_GLASS", "W m^-1 K^-1", "literature",
                           "soda-lime glass, Touloukian 1970", ()),
    "ambient_temperature": ("device file reference.toml: drive.temperature = 23", "C", "assumed",
                            "23 C laboratory (ISO 554); the paper does not state it", ()),
    "zno_diameter": ("= 5", "nm", "literature",
                     "5 nm ZnO NCs, the size of ncled.materials.electronic (3.52 eV gap, "
                     "Jacobsson & Edvinsson 2011)", ()),
    "bulk_densities": ("= HgTe 8.10, ZnO 5.61", "g/cm^3", "literature",
                       "CRC Handbook of Chemistry and Physics", ()),
    "lt50_reference": ("ncled.reproduce.degradation:LT50_REFERENCE_S", "s", "fitted",
                       "the paper's 10 h from 1 W sr^-1 m^-2 (Fig. 2f)", ("lifetime",)),
    "acceleration_exponent": ("ncled.reproduce.degradation:ACCELERATION_EXPONENT", "1",
                              "literature", "n = 1.7 within 1.5-2 (Scholz 2015)", ()),
    "activation_energy": ("ncled.reproduce.degradation:ACTIVATION_ENERGY_J", "J", "assumed",
                          "0.3 eV, no temperature series in the paper", ()),
}


#: Names in the parameter registry (``ncled.parameters``) of the parameters it holds. Where the
#: registry is installed, :func:`lookup_parameter` reads value, unit, status and source from it;
#: the claim ids a parameter was fitted to stay in ``_TABLE`` (the registry names figures in
#: words) and count only while the registry still calls the parameter fitted.
REGISTRY_NAMES = {
    "langevin_prefactor": "HgTe.langevin_prefactor",
    "detector_shunt_resistance": "Lab.detector_shunt_resistance_ohm",
    "hgte_native_holes": "HgTe.native_holes_per_nc",
    "zno_percolation": "ZnO:HgTe.critical_volume_fraction",
    "zno_charge_transfer": "ZnO:HgTe.zno_acceptor_level_ev",
    "zno_diameter": "ZnO.diameter_nm",
}


def _registry_entry(name: str):
    """The registry's entry for ``name``, or None where the name or the registry is absent."""
    if name not in REGISTRY_NAMES or importlib.util.find_spec("ncled.parameters") is None:
        return None
    registry = importlib.import_module("ncled.parameters")
    return registry.REGISTRY.get(REGISTRY_NAMES[name])


def _resolve(where: str):
    """The live value behind ``where`` (``module:ATTR``), a literal (``... = value``), or None."""
    if "=" in where:
        return where.split("=", 1)[1].strip()
    if ":" not in where or where.startswith("device file"):
        return None
    module, path = where.split(":", 1)
    obj = importlib.import_module(module)
    for part in path.split("."):  # attributes, then keys of a dict
        obj = obj.get(part) if isinstance(obj, dict) else getattr(obj, part, None)
    if isinstance(obj, int | float | str):
        return obj
    if hasattr(obj, "tolist"):
        return str(obj.tolist())
    return None if obj is None else type(obj).__name__


def lookup_parameter(name: str) -> ParameterInfo:
    """Everything the report says about parameter ``name``.

    The one place parameters are looked up (switch it to ``ncled.parameters`` when the registry
    exists).

    Raises
    ------
    KeyError
        Unknown name; the message lists the known ones.
    """
    if name not in _TABLE:
        raise KeyError(f"unknown parameter {name!r}; known: {sorted(_TABLE)}")
    where, unit, status, source, fitted_to = _TABLE[name]
    entry = _registry_entry(name)
    if entry is None:
        return ParameterInfo(name, where, _resolve(where), unit, status, source, fitted_to)
    text = entry.source + (f" (fitted to: {entry.fitted_to})" if entry.fitted_to else "")
    claims = fitted_to if entry.status == "fitted" else ()
    return ParameterInfo(name, f"ncled.parameters: {entry.name}", entry.value, entry.unit,
                         entry.status, text, claims)


def known_parameters() -> tuple[str, ...]:
    """Names :func:`lookup_parameter` knows, sorted."""
    return tuple(sorted(_TABLE))
