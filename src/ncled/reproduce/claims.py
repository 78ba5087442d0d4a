"""The quantitative claims of Qu et al. (2022), each with a band, and their verdict from the model.

Every claim names the panel whose key number it is checked against, the band the model's value
must fall in and why that band (measurement reading, device-to-device spread, one significant
figure), and the parameters the model's value depends on (looked up by
:func:`ncled.reproduce.parameters.lookup_parameter`, fitted ones flagged). A claim the model cannot
address yet keeps its row with the reason: it never disappears.

The paper's numbers are measurements reported in the main text, Methods, captions and
supplementary notes of J. Qu et al., Nat. Photon. 16, 38 (2022), doi:10.1038/s41566-021-00902-y.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ncled.reproduce.parameters import lookup_parameter

VERDICTS = ("pass", "fail", "not addressed")
INF = math.inf


@dataclass(frozen=True)
class ClaimSpec:
    """A claim of the paper and how the model is checked against it.

    Attributes
    ----------
    id : str
        Short identifier (used by the parameters' ``fitted_to``).
    statement : str
        The claim in words.
    paper_value : float or str
        The number as the paper gives it (a string for bounds and pairs).
    unit : str
        Unit of ``paper_value``, of the band and of the model's value.
    band : (float, float)
        Inclusive interval the model's value must fall in (``-inf``/``inf`` for a one-sided
        claim).
    band_reason : str
        Why this band.
    panel : str
        Panel id whose key number is compared.
    key : str or None
        Name of the key number in the panel's ``numbers``; None where no model addresses it.
    parameters : tuple of str
        Parameter names (see :mod:`ncled.reproduce.parameters`).
    where : str
        Where the paper states it.
    model_note : str
        What sets the model's value (and so why it may miss), or why it is not addressed.
    """

    id: str
    statement: str
    paper_value: float | str
    unit: str
    band: tuple[float, float]
    band_reason: str
    panel: str
    key: str | None
    parameters: tuple[str, ...] = ()
    where: str = ""
    model_note: str = ""


_F2 = "factor 2 either way"
CLAIMS: tuple[ClaimSpec, ...] = (
    ClaimSpec("pl_peak", "PL of the 70 C batch peaks at 2 um", 2000.0, "nm", (1950.0, 2050.0),
              "peak of a broad FTIR PL line read to +/- 2.5 %", "1a", "pl_peak_nm", ("pl_peak",),
              "Fig. 1a, main text", "the nanocrystal size is chosen to give this peak (input)"),
    ClaimSpec("pl_fwhm", "PL FWHM about 280 nm", 280.0, "nm", (250.0, 310.0),
              "'around 280 nm': about 10 % on a width read from a spectrum", "1a", "pl_fwhm_nm",
              ("size_dispersion", "kane_sizing"), "main text",
              "set by the size dispersion and homogeneous width of the ensemble"),
    ClaimSpec("resolving_power", "lambda / dlambda about 7.2", 7.2, "", (6.5, 7.9),
              "ratio of two readings of about 5 % each: 10 %", "1a", "resolving_power",
              ("size_dispersion", "kane_sizing"), "main text", "PL peak over FWHM"),
    ClaimSpec("stokes_shift", "PL red-shifted by 120 nm from the absorption maximum", 120.0, "nm",
              (100.0, 140.0), "band-edge maximum of a shoulder-like absorption read to +/- 20 nm",
              "1a", "stokes_nm", ("stokes_fraction", "kane_sizing"), "main text",
              "Stokes fraction of the confinement energy"),
    ClaimSpec("pumpprobe_thermalisation", "hot electrons thermalise in about 250 fs (regime I)",
              250.0, "fs", (150.0, 350.0), "'around 250 fs' with a 35 fs resolution: 40 %",
              "1d-e", "thermalisation_fs", ("thermalisation_time",), "main text, Fig. 1e",
              "global fit of the model's traces; the carrier model takes 250 fs as input"),
    ClaimSpec("pumpprobe_relaxation", "relaxation to the band edge over about 3 ps (regime II)",
              3.0, "ps", (2.0, 4.5), "'over the next 3 ps' describes a rise, not a fitted time: "
              "-1/3, +1/2", "1d-e", "relaxation_ps", ("relaxation_time",),
              "main text, Fig. 1e", "global fit of the model's traces; the carrier model takes "
              "3 ps as input"),
    ClaimSpec("auger_decay", "fluence-dependent decay in the 5-30 ps range (regime III), "
              "at the typical 60 uJ/cm^2", "5-30", "ps", (5.0, 30.0), "the paper's stated range",
              "1d-e", "auger_decay_60_ps", ("biexciton_auger_time", "hgte_absorption_415nm"),
              "main text, Fig. 1d, Supp. note 2",
              "1/e time of the multi-exciton decay from Poisson occupation and statistical "
              "Auger scaling; the fluence trend is in the panel"),
    ClaimSpec("hot_transfer_regime_i", "with ZnO, the relative weight of the fast component "
              "(regime I) is reduced", "< 1", "", (0.0, 0.95),
              "'reduced' (arrows in Fig. 4e): a change of at least 5 % to be visible", "4e",
              "fast_share_ratio", ("hot_transfer_rate", "thermalisation_time",
                                   "relaxation_time"),
              "Fig. 4e, discussion",
              "ratio (with / without transfer) of the signal at 0.5 ps over the signal at 3 ps; "
              "the library's carrier model transfers electrons from the *thermalised* hot state, "
              "which removes the slow rise (regime II) rather than the fast one"),
    ClaimSpec("zno_long_time", "with ZnO, the long-time relaxation is barely affected", 1.0, "",
              (0.8, 1.25), "'barely affected': within 25 %", "4e", "regime_iii_ratio",
              ("hot_transfer_rate", "biexciton_auger_time"), "Fig. 4e (left inset)",
              "ratio (with / without transfer) of the 1/e decay time after 6 ps; transfer "
              "removes carriers before they reach the band edge, which slows the Auger decay "
              "by an amount set by the assumed transfer rate"),
    ClaimSpec("turn_on", "turn-on voltage about 0.6 V", 0.6, "V", (0.5, 0.7),
              "read where the radiance leaves the noise on a log plot: +/- 0.1 V", "2d",
              "turn_on_v", ("langevin_prefactor", "detector_shunt_resistance"),
              "main text, Fig. 2d"),
    ClaimSpec("turn_on_gap", "turn-on close to the 0.62 eV gap (q V_on / E_g)", 0.97, "",
              (0.85, 1.1), "'close to': 15 % below (thermal tail) to 10 % above the gap", "2d",
              "turn_on_over_gap", ("langevin_prefactor", "detector_shunt_resistance", "pl_peak"),
              "main text", "E_g: the model's transport gap of the emitter (absorption edge + "
              "20 meV charging energy), above the PL photon energy the paper quotes"),
    ClaimSpec("el_threshold", "EL threshold 15 mA/cm^2", 15.0, "mA/cm^2", (7.5, 30.0),
              f"{_F2}: the first detected point depends on the detection limit", "2e",
              "el_threshold_ma_cm2", ("langevin_prefactor", "detector_shunt_resistance"),
              "main text, Fig. 2e"),
    ClaimSpec("eqe_typical", "typical EQE about 0.1 % at 2 um", 0.1, "%", (0.05, 0.2),
              f"{_F2}: 'typical' summarises devices whose best is 3x", "2e", "peak_eqe_percent",
              ("plqy_2um", "ito_mobility", "langevin_prefactor"), "main text"),
    ClaimSpec("eqe_best", "best device EQE 0.3 %", 0.3, "%", (0.15, 0.6), _F2, "2e", None,
              ("plqy_2um",), "abstract, Fig. 2e",
              "not addressed: the model simulates the nominal device; the best device differs "
              "by unreported factors (PLQY, thicknesses), so no input set describes it"),
    ClaimSpec("radiance_max", "radiance up to 3 W sr^-1 m^-2", 3.0, "W sr^-1 m^-2", (1.5, 6.0),
              f"{_F2}: absolute radiance with a Lambertian assumption; the maximum depends on "
              "the largest bias (the model's sweep ends at 4 V)", "2d", "max_radiance",
              ("plqy_2um", "ito_mobility", "langevin_prefactor"), "abstract",
              "largest radiance (M / pi) of the nominal device on the 0-4 V sweep; the abstract "
              "quotes it beside the best device's 0.3 % EQE"),
    ClaimSpec("radiance_900", "about 1 W sr^-1 m^-2 at 900 mA/cm^2", 1.0, "W sr^-1 m^-2",
              (0.5, 2.0), f"{_F2}: absolute radiance calibration", "2f", "radiance_900",
              ("plqy_2um", "ito_mobility", "langevin_prefactor"), "Fig. 2f caption"),
    ClaimSpec("lifetime", "lifetime about 10 h from 1 W sr^-1 m^-2 at 900 mA/cm^2", 10.0, "h",
              (5.0, 20.0), f"{_F2}: lifetimes of nominally identical devices scatter that much",
              "2f", "lt50_h", ("lt50_reference", "acceleration_exponent", "activation_energy",
                               "plqy_2um", "langevin_prefactor"), "main text, Fig. 2f",
              "LT50 at the model's own radiance and temperature at 900 mA/cm^2, carried from "
              "the paper's point by LT50 ~ L0^-n and an Arrhenius factor"),
    ClaimSpec("best_fraction", "best EQE at 50 % HgTe", 0.5, "", (0.375, 0.625),
              "halfway to the neighbouring compositions of the paper (25 and 75 %)", "SN5-6",
              "best_hgte_fraction", ("hgte_native_holes", "zno_percolation"),
              "Supp. notes 5-6"),
    ClaimSpec("zno_per_hgte", "50 % HgTe is 4 ZnO per HgTe", 4.0, "", (3.0, 5.0),
              "'4' is one significant figure", "SN5-6", "zno_per_hgte",
              ("zno_diameter", "bulk_densities", "pl_peak"), "main text",
              "equal masses (equal 30 mg/mL solutions) of the model's 6.2 nm HgTe and 5 nm ZnO "
              "NCs, bulk densities, ligands not counted"),
    ClaimSpec("eqe_ratio_2p3", "EQE halves from 2.0 to 2.3 um", 0.5, "", (0.35, 0.7),
              "'a factor of two' from one device per wavelength: factor sqrt(2)", "SN7",
              "eqe_ratio_2p3_2p0", ("plqy_ratio_2p3", "ito_mobility"), "Supp. note 7"),
    ClaimSpec("ito_t35", "35 nm ITO transmits about 70 % at 2 um", 0.70, "", (0.60, 0.80),
              "'about 70 %' read from a spectrum: +/- 10 points", "SN4", "ito_t35",
              ("ito_mobility", "ito_sheet_resistance"), "main text, Supp. note 4"),
    ClaimSpec("ito_t180", "180 nm ITO transmits below 15 % at 2 um", "< 0.15", "", (0.0, 0.15),
              "the paper's bound", "SN4", "ito_t180", ("ito_mobility", "ito_sheet_resistance"),
              "main text, Supp. note 4"),
    ClaimSpec("ito_resistance", "thinning the ITO to 35 nm raises the device resistance about 10x",
              10.0, "", (6.7, 15.0), "'around 10': factor 1.5", "SN4", "resistance_ratio",
              ("ito_sheet_resistance",), "main text, Supp. note 4",
              "ratio of the ITO strip resistances of the 35 and 180 nm devices; the model keeps "
              "the resistivity of the 180 nm film when it is thinned"),
    ClaimSpec("pixel_temperature", "device surface at 33 C under 7 mA", 33.0, "C", (28.0, 38.0),
              "ambient temperature not stated (20-25 C) and a spreading resistance within about "
              "30 %: +/- 5 K", "3b", "pixel_temperature_c_7ma",
              ("glass_conductivity", "ambient_temperature"), "Supp. note 8"),
    ClaimSpec("el_not_blackbody", "the EL is not blackbody emission of the warm pixel", "<< 1",
              "", (0.0, 0.01), "thermal radiance below 1 % of the EL in the EL band", "3b",
              "thermal_to_el_ratio", ("glass_conductivity", "plqy_2um"), "Fig. 3b"),
    ClaimSpec("el_red_shift", "EL slightly red-shifted from the PL", "> 0", "nm", (0.0, 100.0),
              "'a small red shift': positive, below 100 nm", "3a", "el_shift_nm",
              ("pl_peak", "film_pl_shift"),
              "Fig. 3a", "EL peak minus the nanocrystals' PL peak: the film's PL (shifted by the "
              "declared ligand-exchange estimate) filtered by the stack's outcoupling"),
    ClaimSpec("hg4f_binding", "Hg 4f7/2 at 100.39 eV (Hg-Te) and 100.97 eV (Hg-S)",
              "100.39 / 100.97", "eV", (100.29, 101.07), "analyser calibration +/- 0.1 eV",
              "5b", None, (), "Fig. 5b",
              "not addressed: absolute core-level binding energies need a chemical-shift model; "
              "ncled only fits measured spectra (ncled.analysis.xps)"),
    ClaimSpec("hg4f_zno_shift", "ZnO shifts Hg 4f by +50 meV", 50.0, "meV", (25.0, 75.0),
              "shifts of 5 meV resolvable; 50 % for the film-to-film spread", "5b",
              "hg4f_zno_shift_mev", ("zno_charge_transfer",), "Supp. note 11",
              "Hg 4f shift of the 50 % film relative to pure HgTe (Fermi-level change of the "
              "HgTe network)"),
    ClaimSpec("fet_neutrality_shift", "ZnO shifts the FET neutrality point to positive gate bias",
              "> 0", "V", (0.05, INF), "sign of the shift, larger than the 50 mV a transfer "
              "curve resolves", "4b-d", "neutrality_shift_v",
              ("hgte_native_holes", "zno_percolation"), "Fig. 4d",
              "V_N(50 % HgTe) - V_N(100 % HgTe) of the electrolyte-gated FET"),
    ClaimSpec("fet_mobility_ratio", "ZnO lowers mu_e / mu_h", "< 1", "", (0.0, 0.95),
              "a drop visible in Fig. 4d (more than 5 %)", "4b-d", "mobility_ratio_change",
              ("hgte_native_holes",), "Fig. 4d",
              "(mu_e / mu_h) at 50 % HgTe over its value at 100 %"),
    ClaimSpec("trxps_sign", "TrXPS Hg 4f shift changes sign between 50 % and 25 % HgTe",
              "0.25-0.5", "", (0.25, 0.5), "the two compositions that bracket the sign change",
              "5d-e", "trxps_sign_change_fraction",
              ("hgte_native_holes", "zno_percolation", "zno_charge_transfer"),
              "Fig. 5d", "HgTe fraction where the light-induced Hg 4f shift changes sign; the "
              "doping parameters were fitted to this observation, so a pass will be circular"),
    ClaimSpec("zn3d_follows", "Zn 3d shifts with Hg 4f under light (electrostatic coupling)",
              "same sign", "", (0.1, 10.0), "same sign and comparable size (a rigid shift)",
              "5d-e", None, (), "Fig. 5e",
              "not addressed: the surface-photovoltage model moves every core level of the film "
              "rigidly by construction, so a Zn 3d / Hg 4f ratio would be its assumption, not a "
              "prediction"),
)


@dataclass(frozen=True)
class ClaimResult:
    """A claim with the model's value, the verdict and its parameters."""

    spec: ClaimSpec
    model_value: float | None
    verdict: str
    reason: str
    circular: bool
    parameters: tuple = field(default=())

    def as_row(self) -> dict:
        """Flat JSON/CSV-ready record."""
        s = self.spec
        return {
            "id": s.id, "claim": s.statement, "paper_value": s.paper_value, "unit": s.unit,
            "band_low": s.band[0], "band_high": s.band[1], "band_reason": s.band_reason,
            "model_value": self.model_value, "verdict": self.verdict, "reason": self.reason,
            "circular": self.circular, "panel": s.panel, "where": s.where,
            "parameters": [
                {"name": p.name, "status": p.status, "value": p.value, "unit": p.unit,
                 "source": p.source, "fitted_to": list(p.fitted_to)} for p in self.parameters],
        }


def evaluate_claim(spec: ClaimSpec, numbers: dict | None, panel_reason: str = "") -> ClaimResult:
    """Verdict of one claim from its panel's key numbers (None: the panel is not modelled).

    A value inside the closed band passes; outside it fails; a missing panel, key or a
    non-finite value is "not addressed" with the reason.
    """
    params = tuple(lookup_parameter(p) for p in spec.parameters)
    circular = any(spec.id in p.fitted_to for p in params)
    value = None if numbers is None or spec.key is None else numbers.get(spec.key)
    if value is None or not math.isfinite(value):
        why = spec.model_note if spec.key is None else (
            panel_reason or f"the panel gave no finite {spec.key}")
        return ClaimResult(spec, None, "not addressed", why, False, params)
    lo, hi = spec.band
    ok = lo <= value <= hi
    where = "inside" if ok else ("below" if value < lo else "above")
    reason = f"{value:.4g} is {where} [{lo:g}, {hi:g}]"
    if spec.model_note:
        reason += f"; {spec.model_note}"
    if circular:
        fitted = [p.name for p in params if spec.id in p.fitted_to]
        reason += f"; circular: {', '.join(fitted)} fitted to (or set from) this claim"
    return ClaimResult(spec, float(value), "pass" if ok else "fail", reason, circular, params)


def verdict_counts(results) -> dict[str, int]:
    """Number of claims per verdict, plus how many passes are circular."""
    counts = {v: sum(r.verdict == v for r in results) for v in VERDICTS}
    counts["pass_circular"] = sum(r.verdict == "pass" and r.circular for r in results)
    return counts
