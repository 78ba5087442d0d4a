"""XPS fit models from TOML files, start values from data, spectra from files, quantification.

The TOML words are those of the Python API (:class:`ncled.analysis.xps_fit.Component` and
:func:`ncled.analysis.xps_fit.fit_xps`)::

    background = "shirley_joint"        # fit_xps(background=...)
    energy_range_ev = [65.0, 80.0]      # fit_xps(energy_range_ev=...)

    [[component]]
    name = "Pt4f"
    center = 71.1                       # free start; "=71.1" fixed; "A + 0.5" constrained
    fwhm = 0.8
    area = 5000.0
    shape = "doniach_sunjic"
    shape_params = { asymmetry = 0.05 }
    doublet_splitting_ev = 3.3          # free; "=3.33" fixed
    orbital = "4f"                      # ratio starts at 0.75 (or doublet_ratio = ...)
    bounds = { ratio = [0.5, 1.0] }
    sensitivity_factor = 5.575          # optional: for quantify()

References
----------
C. D. Wagner et al., Surf. Interface Anal. 3, 211 (1981), doi:10.1002/sia.740030506 (atomic
sensitivity factors: ``x_i = (A_i / S_i) / sum_j (A_j / S_j)``).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ncled.analysis.xps_fit import Component
from ncled.analysis.xps_lineshapes import binding_from_kinetic
from ncled.errors import ConfigError, DataFormatError

_COMPONENT_KEYS = {"name", "center", "fwhm", "area", "shape", "shape_params",
                   "doublet_splitting_ev", "doublet_ratio", "doublet_fwhm", "orbital", "bounds",
                   "sensitivity_factor"}
_MODEL_KEYS = {"background", "energy_range_ev", "weights", "component"}


@dataclass(frozen=True)
class XPSModel:
    """A fit model read from TOML: components, :func:`~ncled.analysis.xps_fit.fit_xps` options,
    sensitivity factors."""

    components: tuple[Component, ...]
    options: dict = field(default_factory=dict)
    sensitivity: dict[str, float] = field(default_factory=dict)
    source: str = ""


def load_xps_model(path: str | Path) -> XPSModel:
    """Read a TOML model; every problem (unknown keys, missing names) is reported at once,
    naming the file and the component."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"not a readable TOML model ({exc})", source=str(path)) from None
    problems = []
    extra = set(data) - _MODEL_KEYS
    if extra:
        problems.append(f"unknown key(s) {sorted(extra)}; allowed {sorted(_MODEL_KEYS)}")
    comps, sens = [], {}
    for k, c in enumerate(data.get("component", [])):
        bad = set(c) - _COMPONENT_KEYS
        if bad or "name" not in c or "center" not in c:
            problems.append(f"component {k + 1}: needs name and center; unknown keys "
                            f"{sorted(bad)}; allowed {sorted(_COMPONENT_KEYS)}")
            continue
        c = dict(c)
        if "sensitivity_factor" in c:
            sens[c["name"]] = float(c.pop("sensitivity_factor"))
        try:
            c["bounds"] = {p: (float(b[0]), float(b[1])) for p, b in c.get("bounds", {}).items()}
        except (TypeError, ValueError, IndexError):
            problems.append(f"component {c['name']!r}: bounds must be [lo, hi] pairs")
            continue
        comps.append(Component(**c))
    if not comps and not problems:
        problems.append("no [[component]] table")
    opts = {k: v for k, v in data.items() if k != "component"}
    if "energy_range_ev" in opts:
        r = opts["energy_range_ev"]
        if not (isinstance(r, list) and len(r) == 2):
            problems.append("energy_range_ev must be [lo, hi] in eV")
        else:
            opts["energy_range_ev"] = (float(r[0]), float(r[1]))
    if problems:
        raise ConfigError(problems, source=str(path))
    return XPSModel(tuple(comps), opts, sens, str(path))


def guess_components(binding_ev, intensity, centers_ev: list[float] | None = None, *,
                     shape: str = "pseudo_voigt", fwhm_ev: float = 1.0,
                     window_ev: float = 3.0) -> list[Component]:
    """Free peaks started at ``centers_ev`` (default: the highest point), each with an area
    from the height above the minimum, a FWHM of ``fwhm_ev`` and its centre bounded to
    +/- ``window_ev``.

    Raises
    ------
    ConfigError
        A start centre outside the data window.
    """
    e = np.asarray(binding_ev, float)
    y = np.asarray(intensity, float)
    order = np.argsort(e)
    e, y = e[order], y[order]
    centers = list(centers_ev) if centers_ev else [float(e[np.argmax(y)])]
    outside = [c for c in centers if not e[0] <= c <= e[-1]]
    if outside:
        raise ConfigError(f"peak start(s) {outside} eV lie outside the data "
                          f"({e[0]:.2f}..{e[-1]:.2f} eV)")
    return [Component(f"P{k + 1}", center=c, fwhm=fwhm_ev,
                      area=float(max(np.interp(c, e, y) - np.min(y), 1.0)), shape=shape,
                      bounds={"center": (c - window_ev, c + window_ev)})
            for k, c in enumerate(centers)]


def xps_spectra(path: str | Path, *, region: str | None = None, scale: str | None = None,
                photon_energy_ev: float | None = None, work_function_ev: float = 0.0
                ) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """``[(name, binding energy [eV], counts)]`` of a VAMAS file (every region, or ``region``)
    or a two-column text export (kinetic energies converted with ``BE = hv - KE - phi``)."""
    from ncled.io.vamas import find_block, read_vamas
    from ncled.io.xps_text import read_xps_text

    path = Path(path)
    if path.suffix.lower() == ".vms":
        blocks, _ = read_vamas(path)
        if region is not None:
            blocks = [find_block(blocks, region)]
        return [(b.name, b.binding_energy_ev(work_function_ev), b.intensity) for b in blocks]
    ds, _ = read_xps_text(path, scale=scale, photon_energy_ev=photon_energy_ev)
    e = ds["energy"].values
    if ds.attrs["scale"] == "kinetic":
        hv = ds.attrs["photon_energy_ev"]
        if not np.isfinite(hv):
            raise DataFormatError(f"{path}: kinetic-energy file without photon energy; give it "
                                  "(--hv)")
        e = binding_from_kinetic(e, hv, work_function_ev)
    return [(path.stem, e, ds["intensity"].values)]


def quantify(areas: dict[str, float], sensitivity: dict[str, float],
             area_stderr: dict[str, float] | None = None) -> dict[str, tuple[float, float]]:
    """Atomic fractions from peak areas and relative sensitivity factors (Wagner 1981).

    ``x_i = (A_i / S_i) / sum_j (A_j / S_j)``; the standard error propagates independent area
    errors: ``var x_i = sum_j (dx_i/dA_j)^2 var A_j``.

    Returns
    -------
    dict
        ``{name: (fraction, stderr)}`` for the names with a sensitivity factor.
    """
    names = [n for n in areas if n in sensitivity]
    missing = [n for n in sensitivity if n not in areas]
    if missing or not names:
        raise ConfigError(f"quantification: no area for {missing or list(sensitivity)}; "
                          f"components {list(areas)}")
    bad = [n for n in names if not sensitivity[n] > 0]
    if bad:
        raise ConfigError(f"quantification: sensitivity factors must be > 0 ({bad})")
    n = np.array([areas[k] / sensitivity[k] for k in names])
    total = n.sum()
    if not total > 0:
        raise ConfigError("quantification: the areas sum to zero")
    x = n / total
    err = np.zeros_like(x)
    if area_stderr is not None:
        s = np.array([area_stderr.get(k, 0.0) / sensitivity[k] for k in names])
        # dx_i/dn_j = (delta_ij - x_i) / total
        jac = (np.eye(x.size) - x[:, None]) / total
        err = np.sqrt((jac ** 2) @ (s ** 2))
    return {k: (float(v), float(e)) for k, v, e in zip(names, x, err, strict=True)}
