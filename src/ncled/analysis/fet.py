"""Field-effect transistor transfer curves: neutrality point, transconductance mobilities,
on/off ratio, gate leakage and hysteresis.

In the linear regime the drain current of a channel of length L and width W with gate
capacitance per area C is ``I_D = (W/L) mu C (V_G - V_T) V_DS``, so the field-effect
(transconductance) mobility is ``mu = L / (W C V_DS) dI_D/dV_G``. For an ambipolar film the
electron branch lies above the minimum-conduction (neutrality) point and the hole branch below.

References
----------
S. M. Sze and K. K. Ng, Physics of Semiconductor Devices, 3rd ed. (Wiley, 2007),
doi:10.1002/0470068329, ch. 6 (linear-regime MOSFET);
H. Klauk, Chem. Soc. Rev. 39, 2643 (2010), doi:10.1039/B909902F (transconductance mobility);
Qu et al., Nat. Photon. 16, 38 (2022), doi:10.1038/s41566-021-00902-y (electrolyte-gated HgTe:ZnO,
ambipolar transfer curves vs composition).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np
import xarray as xr

from ncled.analysis.provenance import provenance
from ncled.constants import eps0
from ncled.errors import ConfigError


def oxide_capacitance(thickness_m, relative_permittivity=3.9):
    """Gate capacitance per area of a dielectric [F/m^2]: ``C = eps0 eps_r / d``.

    ``relative_permittivity`` 3.9 is thermal SiO2 (Sze & Ng 2007, appendix).
    """
    d = np.asarray(thickness_m, float)
    if np.any(d <= 0):
        raise ConfigError(f"oxide thickness must be > 0 m, got {thickness_m}")
    return eps0 * np.asarray(relative_permittivity, float) / d


def transconductance_mobility(gm, length_m, width_m, capacitance_f_m2, drain_voltage_v):
    """Linear-regime field-effect mobility [m^2/(V s)]: ``mu = L gm / (W C V_DS)``."""
    return (np.asarray(length_m, float) * np.abs(gm)
            / (np.asarray(width_m, float) * capacitance_f_m2 * np.abs(drain_voltage_v)))


def split_sweeps(gate_voltage) -> list[np.ndarray]:
    """Indices of the monotonic sweeps (forward, backward, ...) of a gate-voltage record."""
    v = np.asarray(gate_voltage, float)
    d = np.sign(np.diff(v))
    d[d == 0] = 1
    cuts = np.flatnonzero(d[1:] != d[:-1]) + 1
    bounds = [0, *cuts.tolist(), v.size - 1]
    return [np.arange(a, b + 1) for a, b in itertools.pairwise(bounds)
            if b - a >= 4]


def _derivative(v, i, window):
    """Local least-squares slope over ``window`` points (a Savitzky-Golay first derivative)."""
    n = v.size
    h = max(1, window // 2)
    out = np.empty(n)
    for k in range(n):
        a, b = max(0, k - h), min(n, k + h + 1)
        out[k] = np.polyfit(v[a:b], i[a:b], 1)[0]
    return out


@dataclass(frozen=True)
class SweepResult:
    """Figures of merit of one monotonic gate sweep (SI units)."""

    direction: str
    neutrality_voltage_v: float
    min_current_a: float
    on_off_ratio: float
    electron_mobility_m2_vs: float
    hole_mobility_m2_vs: float
    electron_gm_at_v: float
    hole_gm_at_v: float
    max_gate_leakage_ratio: float
    leakage_ok: bool
    gate_voltage: np.ndarray
    drain_current: np.ndarray
    transconductance: np.ndarray


@dataclass(frozen=True)
class TransferAnalysis:
    """All sweeps of a transfer curve plus the hysteresis between the first two."""

    sweeps: tuple[SweepResult, ...]
    hysteresis_v: float
    capacitance_f_m2: float
    length_m: float
    width_m: float
    drain_voltage_v: float
    warnings: tuple[str, ...]
    provenance: dict = field(default_factory=dict)

    @property
    def mobility_ratio(self) -> float:
        """Electron / hole mobility of the first sweep."""
        s = self.sweeps[0]
        return s.electron_mobility_m2_vs / s.hole_mobility_m2_vs


def analyze_transfer(
    gate_voltage,
    drain_current,
    *,
    length_m: float,
    width_m: float,
    capacitance_f_m2: float,
    drain_voltage_v: float,
    gate_current=None,
    leakage_limit: float = 0.1,
    window: int = 7,
) -> TransferAnalysis:
    """Analyse an (ambipolar) transfer curve.

    Parameters
    ----------
    gate_voltage, drain_current : array_like
        The record [V], [A]; it may hold a forward and a backward sweep.
    length_m, width_m : float
        Channel length and width [m].
    capacitance_f_m2 : float
        Gate capacitance per area [F/m^2] (:func:`oxide_capacitance`, or an electrolyte's
        double-layer capacitance, typically 1-10 uF/cm^2 = 0.01-0.1 F/m^2).
    drain_voltage_v : float
        Drain-source bias [V] (linear regime: small compared to the gate overdrive).
    gate_current : array_like, optional
        Gate current [A]; leakage is flagged above ``leakage_limit`` times the drain current.
    leakage_limit : float
        Acceptable ``|I_G| / |I_D|`` (0.1: a 10 % leakage biases the mobility by about as much).
    window : int
        Points in the local slope fit for the transconductance (7).

    Returns
    -------
    TransferAnalysis
    """
    v = np.asarray(gate_voltage, float)
    i = np.asarray(drain_current, float)
    if v.shape != i.shape or v.ndim != 1:
        raise ConfigError(f"gate voltage and drain current must be 1-D of equal length, got "
                          f"{v.shape} and {i.shape}")
    for name, val in (("length", length_m), ("width", width_m),
                      ("capacitance", capacitance_f_m2)):
        if not np.isfinite(val) or val <= 0:
            raise ConfigError(f"{name} must be a positive number, got {val}")
    if not np.isfinite(drain_voltage_v) or drain_voltage_v == 0:
        raise ConfigError(f"drain voltage must be non-zero, got {drain_voltage_v} V (give it "
                          "with --vds when the file does not state it)")
    ig = None if gate_current is None else np.asarray(gate_current, float)
    sweeps = split_sweeps(v)
    if not sweeps:
        raise ConfigError("no monotonic gate sweep of at least 5 points in the record")
    results, warnings = [], []
    for idx in sweeps:
        vs, is_ = v[idx], i[idx] * np.sign(drain_voltage_v)
        direction = "forward" if vs[-1] > vs[0] else "backward"
        order = np.argsort(vs)
        vs, is_ = vs[order], is_[order]
        gm = _derivative(vs, is_, window)
        k = int(np.argmin(np.abs(is_)))
        # refine the minimum with the vertex of the parabola through it and its two neighbours
        # (bounded to one step either side; exact for a symmetric minimum)
        vnp = float(vs[k])
        if 0 < k < vs.size - 1:
            c2, c1, _ = np.polyfit(vs[k - 1:k + 2], is_[k - 1:k + 2], 2)
            if c2 > 0:
                vnp = float(np.clip(-c1 / (2 * c2), vs[k - 1], vs[k + 1]))
        elec = vs > vnp
        hole = vs < vnp
        ke = int(np.argmax(np.where(elec, gm, -np.inf))) if elec.any() else None
        kh = int(np.argmax(np.where(hole, -gm, -np.inf))) if hole.any() else None
        mu_e = (float(transconductance_mobility(gm[ke], length_m, width_m, capacitance_f_m2,
                                                drain_voltage_v))
                if ke is not None and gm[ke] > 0 else float("nan"))
        mu_h = (float(transconductance_mobility(gm[kh], length_m, width_m, capacitance_f_m2,
                                                drain_voltage_v))
                if kh is not None and gm[kh] < 0 else float("nan"))
        imin = float(np.min(np.abs(is_)))
        onoff = float(np.max(np.abs(is_)) / imin) if imin > 0 else float("inf")
        if ig is not None and np.all(np.isfinite(ig[idx])):
            ratio = float(np.max(np.abs(ig[idx]) / np.maximum(np.abs(i[idx]), 1e-300)))
        else:
            ratio = float("nan")
        ok = not (ratio > leakage_limit)
        if not ok:
            warnings.append(f"{direction} sweep: gate leakage reaches {ratio:.1%} of the drain "
                            f"current (limit {leakage_limit:.0%}); mobilities are biased")
        if np.isnan(mu_e) or np.isnan(mu_h):
            warnings.append(f"{direction} sweep: the neutrality point {vnp:.3g} V lies at the "
                            "sweep end; one branch is missing (unipolar or sweep too short)")
        results.append(SweepResult(
            direction, vnp, imin, onoff, mu_e, mu_h,
            float(vs[ke]) if ke is not None else float("nan"),
            float(vs[kh]) if kh is not None else float("nan"), ratio, ok, vs, is_, gm))
    hyst = (results[1].neutrality_voltage_v - results[0].neutrality_voltage_v
            if len(results) >= 2 else float("nan"))
    prov = provenance("ncled.analysis.fet.analyze_transfer",
                      inputs={"gate_voltage": np.asarray(gate_voltage, float),
                              "drain_current": np.asarray(drain_current, float)},
                      options={"length_m": length_m, "width_m": width_m,
                               "capacitance_f_m2": capacitance_f_m2,
                               "drain_voltage_v": drain_voltage_v,
                               "leakage_limit": leakage_limit, "window": window},
                      success=bool(results), message=f"{len(results)} sweep(s)",
                      warnings=warnings)
    return TransferAnalysis(tuple(results), float(hyst), float(capacitance_f_m2),
                            float(length_m), float(width_m), float(drain_voltage_v),
                            tuple(warnings), prov)


def composition_table(analyses: dict[float, TransferAnalysis]) -> xr.Dataset:
    """Neutrality point and mobilities versus composition (e.g. HgTe volume fraction).

    Parameters
    ----------
    analyses : dict
        Composition (any number: fraction, %) -> :class:`TransferAnalysis`.

    Returns
    -------
    xarray.Dataset
        Along ``composition``: ``neutrality_voltage`` [V], ``electron_mobility`` and
        ``hole_mobility`` [m^2 V^-1 s^-1], ``mobility_ratio``, ``hysteresis`` [V].
    """
    comp = np.array(sorted(analyses))
    first = [analyses[c].sweeps[0] for c in comp]
    return xr.Dataset(
        {"neutrality_voltage": ("composition", [s.neutrality_voltage_v for s in first],
                                {"units": "V"}),
         "electron_mobility": ("composition", [s.electron_mobility_m2_vs for s in first],
                               {"units": "m^2 V^-1 s^-1"}),
         "hole_mobility": ("composition", [s.hole_mobility_m2_vs for s in first],
                           {"units": "m^2 V^-1 s^-1"}),
         "mobility_ratio": ("composition", [analyses[c].mobility_ratio for c in comp],
                            {"units": "1"}),
         "hysteresis": ("composition", [analyses[c].hysteresis_v for c in comp],
                        {"units": "V"})},
        coords={"composition": comp},
    )
