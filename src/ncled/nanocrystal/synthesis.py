"""Synthesis planner for HgTe CQDs (hot injection of TOP:Te into HgCl2 in oleylamine).

The growth temperature sets the PL peak: 70, 75 and 80 C give 2.0, 2.15 and 2.3 um (Qu et al. 2022,
Methods, after Keuleyan et al. 2011). Between these points the peak is interpolated linearly (the
three points lie on a line, 30 nm/K); outside it is extrapolated along the same line and the plan
carries a warning saying so. The recipe (Qu et al. 2022, Methods) is scaled to a batch and given in
grams, millilitres and moles, with the expected diameter from the ensemble model.

References
----------
.. [1] J. Qu et al., Nat. Photon. 16, 38 (2022). https://doi.org/10.1038/s41566-021-00902-y
.. [2] S. Keuleyan, E. Lhuillier, P. Guyot-Sionnest, J. Am. Chem. Soc. 133, 16422 (2011).
   https://doi.org/10.1021/ja2079509
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ncled.constants import zero_celsius
from ncled.errors import ConfigError
from ncled.nanocrystal.spectra import diameter_for_pl_peak

#: Growth temperature [K] -> PL peak [m] (Qu et al. 2022, Methods and Fig. 1b).
CALIBRATION_TEMPERATURE_K = np.array([70.0, 75.0, 80.0]) + zero_celsius
CALIBRATION_PL_PEAK_M = np.array([2.0e-6, 2.15e-6, 2.3e-6])

#: Molar masses [g/mol] and densities [g/mL] of the reagents.
M_HGCL2 = 271.50
M_OLEYLAMINE = 267.49
RHO_OLEYLAMINE = 0.813
M_DDT = 202.40
RHO_DDT = 0.845

#: The 1x recipe of Qu et al. 2022 (Methods).
RECIPE_1X = {
    "HgCl2_mg": 543.0,
    "oleylamine_mL": 50.0,
    "TOP_Te_1M_mL": 2.0,
    "oleylamine_for_Te_mL": 8.0,
    "DDT_toluene_1to9_mL": 10.0,
}
REACTION_TIME_S = 180.0
DEGAS_TEMPERATURE_K = 110.0 + zero_celsius
DEGAS_TIME_S = 3600.0


@dataclass(frozen=True)
class SynthesisPlan:
    """A synthesis plan: temperature, expected PL and size, scaled reagents, warnings.

    Attributes
    ----------
    temperature : float
        Growth (injection) temperature [K].
    pl_peak : float
        Expected ensemble PL peak [m].
    diameter : float
        Expected mean diameter [m] (ensemble model with the Kane sizing curve).
    batch_scale : float
        Multiple of the published batch.
    reagents : dict
        Name -> dict(amount, unit, moles) for the scaled batch (moles None for mixtures).
    steps : tuple of str
        The procedure.
    warnings : tuple of str
        Extrapolation warnings (empty inside the calibration).
    """

    temperature: float
    pl_peak: float
    diameter: float
    batch_scale: float
    reagents: dict
    steps: tuple[str, ...]
    warnings: tuple[str, ...]


def pl_peak_from_temperature(temperature_k) -> np.ndarray:
    """PL peak [m] for a growth temperature [K]: linear through the three points of Qu 2022."""
    t = np.asarray(temperature_k, dtype=float)
    slope, icpt = np.polyfit(CALIBRATION_TEMPERATURE_K, CALIBRATION_PL_PEAK_M, 1)
    return slope * t + icpt


def temperature_from_pl_peak(pl_peak_m) -> np.ndarray:
    """Growth temperature [K] for a PL peak [m]: inverse of :func:`pl_peak_from_temperature`."""
    p = np.asarray(pl_peak_m, dtype=float)
    slope, icpt = np.polyfit(CALIBRATION_TEMPERATURE_K, CALIBRATION_PL_PEAK_M, 1)
    return (p - icpt) / slope


def _calibration_warnings(temperature_k: float) -> list[str]:
    lo, hi = CALIBRATION_TEMPERATURE_K[0], CALIBRATION_TEMPERATURE_K[-1]
    if lo - 1e-9 <= temperature_k <= hi + 1e-9:
        return []
    peak = float(pl_peak_from_temperature(temperature_k))
    return [
        f"{temperature_k - zero_celsius:.4g} C is outside the calibrated 70-80 C (PL 2000-2300 nm, "
        f"Qu et al. 2022): the PL peak {peak * 1e9:.0f} nm is a linear extrapolation at "
        f"{np.polyfit(CALIBRATION_TEMPERATURE_K, CALIBRATION_PL_PEAK_M, 1)[0] * 1e9:.0f} nm/K"
    ]


def plan_synthesis(
    *,
    temperature_k: float | None = None,
    pl_peak_m: float | None = None,
    batch_scale: float = 1.0,
) -> SynthesisPlan:
    """Plan a HgTe CQD synthesis for a growth temperature or a target PL peak (one of them).

    Parameters
    ----------
    temperature_k : float, optional
        Growth temperature [K].
    pl_peak_m : float, optional
        Target PL peak [m].
    batch_scale : float
        Multiple of the published batch (543 mg HgCl2), > 0.

    Returns
    -------
    SynthesisPlan

    Raises
    ------
    ConfigError
        Neither or both targets, a non-positive batch, a temperature where the extrapolated peak is
        not positive or a peak no nanocrystal size reaches.
    """
    if (temperature_k is None) == (pl_peak_m is None):
        raise ConfigError("give either a growth temperature or a target PL peak, not both/neither")
    if not np.isfinite(batch_scale) or batch_scale <= 0:
        raise ConfigError(f"batch scale must be positive, got {batch_scale:g}")
    if temperature_k is not None:
        t = float(temperature_k)
        if not np.isfinite(t) or t <= 0:
            raise ConfigError(f"temperature must be above 0 K, got {t:g} K")
        peak = float(pl_peak_from_temperature(t))
        if peak <= 0:
            raise ConfigError(
                f"{t - zero_celsius:.4g} C: the linear extrapolation of the 70-80 C calibration "
                "gives no positive PL peak"
            )
    else:
        peak = float(pl_peak_m)
        if not np.isfinite(peak) or peak <= 0:
            raise ConfigError(f"PL peak must be a positive wavelength, got {peak * 1e9:g} nm")
        t = float(temperature_from_pl_peak(peak))
        if t <= 0:
            raise ConfigError(f"no growth temperature gives a PL peak at {peak * 1e9:g} nm")
    warnings = _calibration_warnings(t)
    diameter = diameter_for_pl_peak("HgTe", peak)
    s = float(batch_scale)
    hgcl2_g = RECIPE_1X["HgCl2_mg"] * 1e-3 * s
    oam_ml = RECIPE_1X["oleylamine_mL"] * s
    te_ml = RECIPE_1X["TOP_Te_1M_mL"] * s
    oam_te_ml = RECIPE_1X["oleylamine_for_Te_mL"] * s
    quench_ml = RECIPE_1X["DDT_toluene_1to9_mL"] * s
    reagents = {
        "HgCl2": dict(amount=hgcl2_g * 1e3, unit="mg", moles=hgcl2_g / M_HGCL2),
        "oleylamine (Hg solution)": dict(amount=oam_ml, unit="mL",
                                         moles=oam_ml * RHO_OLEYLAMINE / M_OLEYLAMINE),
        "TOP:Te 1 M": dict(amount=te_ml, unit="mL", moles=te_ml * 1e-3 * 1.0),
        "oleylamine (Te solution)": dict(amount=oam_te_ml, unit="mL",
                                         moles=oam_te_ml * RHO_OLEYLAMINE / M_OLEYLAMINE),
        "DDT/toluene 1:9 (quench)": dict(amount=quench_ml, unit="mL",
                                         moles=0.1 * quench_ml * RHO_DDT / M_DDT),
    }
    tc = t - zero_celsius
    steps = (
        f"Degas {hgcl2_g * 1e3:.4g} mg HgCl2 in {oam_ml:.4g} mL oleylamine at "
        f"{DEGAS_TEMPERATURE_K - zero_celsius:.0f} C under vacuum for {DEGAS_TIME_S / 3600:.0f} h.",
        f"Mix {te_ml:.4g} mL TOP:Te (1 M) with {oam_te_ml:.4g} mL oleylamine (glove box).",
        f"Switch to N2, set {tc:.4g} C; once stable, inject the Te solution quickly.",
        f"After {REACTION_TIME_S / 60:.0f} min inject {quench_ml:.4g} mL DDT/toluene (1:9) and "
        "quench in a water bath.",
        "Precipitate with methanol, redisperse in CHCl3 (twice); centrifuge off the unstable "
        "phase; store at 30 mg/mL in CHCl3.",
    )
    return SynthesisPlan(temperature=t, pl_peak=peak, diameter=diameter, batch_scale=s,
                         reagents=reagents, steps=steps, warnings=tuple(warnings))
