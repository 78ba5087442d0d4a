"""Study files (TOML): which device, which parameters over which values, which outputs.

A study names a device file and the parameters to vary by their paths into it
(:mod:`ncled.studies.paths`)::

    device = "reference"            # a file (relative to the study) or a built-in device
    mode = "full"                   # "full": the LED model; "optics": the stack's optics only
    design = "grid"                 # "grid" (product), "zip", or "lhs" (seeded Latin hypercube)
    samples = 64                    # lhs only
    seed = 1                        # lhs only
    outputs = ["jv", "spectra"]     # besides the figures of merit: "jv", "spectra", "bands"

    [simulation]                    # settings of simulate_led (full mode)
    voltages = [0.0, 1.0, 2.0, 3.0]
    n_nodes = 120

    [[parameters]]
    path = "layers.ITO.thickness"
    range = ["20 nm", "200 nm"]     # with steps (count) or step (increment)
    steps = 10

    [[parameters]]
    path = "emitter.mixture_fraction"
    values = [0.35, 0.5, 0.65]      # or distribution = "uniform" / "loguniform" (lhs)

Every problem of a file is collected and reported at once (:class:`ncled.errors.ConfigError`).
The study's points are an (n_points, n_parameters) array of SI values fixed when it is loaded, so
its hash identifies exactly what a store holds.

References
----------
.. [McKay1979] M. D. McKay, R. J. Beckman, W. J. Conover, "A comparison of three methods for
   selecting values of input variables in the analysis of output from a computer code",
   Technometrics 21, 239 (1979), doi:10.1080/00401706.1979.10489755 (Latin hypercube sampling).
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ncled.device.config import DeviceConfig, builtin_devices, load_device
from ncled.errors import ConfigError, NcledError
from ncled.studies.paths import (
    apply_parameters,
    canonical,
    check_path,
    read_value,
    valid_paths,
)

MODES = ("full", "optics")
DESIGNS = ("grid", "zip", "lhs")
OUTPUTS = ("jv", "spectra", "bands")
DISTRIBUTIONS = ("uniform", "loguniform")
#: simulate_led keywords a study may set, with their types.
SIMULATION_KEYS = {"voltages": list, "n_nodes": int, "n_wavelength": int, "n_depth": int,
                   "n_kappa": int}
_TOP_KEYS = {"device", "mode", "design", "samples", "seed", "outputs", "simulation",
             "parameters", "execution", "optimize", "name"}


@dataclass(frozen=True)
class Parameter:
    """One varied parameter: its path, kind, SI unit and values (or its range for sampling)."""

    path: str
    kind: str
    unit: str
    values: tuple[float, ...] = ()
    low: float = float("nan")
    high: float = float("nan")
    log: bool = False

    @property
    def name(self) -> str:
        """The canonical path (aliases resolved)."""
        return canonical(self.path)


@dataclass(frozen=True)
class Study:
    """A validated study.

    Attributes
    ----------
    device : DeviceConfig
        The base device.
    device_text : str
        The device file's text (part of the hash: a changed device is a changed study).
    parameters : tuple of Parameter
    points : ndarray, shape (n_points, n_parameters)
        SI values of every point.
    mode, design : str
    outputs : tuple of str
    simulation : dict
        Keywords for :func:`ncled.device.led.simulate_led`.
    execution : dict
        ``points_per_task`` (optional).
    raw : dict
        The parsed file (optimise settings, name).
    source : str or None
    """

    device: DeviceConfig
    device_text: str
    parameters: tuple[Parameter, ...]
    points: np.ndarray
    mode: str
    design: str
    outputs: tuple[str, ...]
    simulation: dict = field(default_factory=dict)
    execution: dict = field(default_factory=dict)
    raw: dict = field(default_factory=dict)
    source: str | None = None

    @property
    def names(self) -> list[str]:
        """Canonical parameter paths, in order."""
        return [p.name for p in self.parameters]

    @property
    def n_points(self) -> int:
        return int(self.points.shape[0])

    def identity(self) -> dict:
        """What the study computes (without where it runs): the basis of :meth:`hash`."""
        return {
            "device": self.device_text, "mode": self.mode, "design": self.design,
            "outputs": list(self.outputs), "simulation": self.simulation,
            "parameters": [[p.name, p.kind, p.unit] for p in self.parameters],
            "points": hashlib.sha256(np.ascontiguousarray(self.points).tobytes()).hexdigest(),
        }

    def hash(self) -> str:
        """SHA-256 of :meth:`identity` (a changed device, design or output changes it)."""
        text = json.dumps(self.identity(), sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()


def _resolve_device(ref: Any, base: Path | None, problems: list[str]
                    ) -> tuple[DeviceConfig | None, str]:
    if not isinstance(ref, str) or not ref:
        problems.append("device: give a device file or a built-in device name "
                        f"({sorted(builtin_devices())})")
        return None, ""
    p = Path(ref)
    if not p.is_absolute() and base is not None and (base / p).exists():
        p = base / p
    try:
        dev = load_device(p if p.exists() else ref)
    except NcledError as exc:
        problems.append(f"device: {exc}")
        return None, ""
    text = Path(dev.source_path).read_text(encoding="utf-8") if dev.source_path else ref
    return dev, text


def _parameter(i: int, entry: Any, dev: DeviceConfig | None, design: str,
               problems: list[str], for_optimize: bool = False) -> Parameter | None:
    """One ``[[parameters]]`` entry; a range needs steps for a grid or zip sweep, except in a
    study with an ``[optimize]`` table (the optimiser samples the range)."""
    where = f"parameters[{i}]"
    if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
        problems.append(f"{where}: each parameter needs a path = '...'")
        return None
    path = entry["path"]
    where = f"{where} ({path})"
    known = {"path", "values", "range", "steps", "step", "distribution", "unit"}
    extra = sorted(set(entry) - known)
    if extra:
        problems.append(f"{where}: unknown keys {extra}; valid: {sorted(known)}")
    if dev is None:
        return None
    bad = check_path(dev, path)
    if bad:
        problems.append(f"{where}: {bad}")
        return None
    kind, unit = valid_paths(dev)[canonical(path)]
    given_unit = entry.get("unit")
    n_src = sum(k in entry for k in ("values", "range"))
    if n_src != 1:
        problems.append(f"{where}: give exactly one of values = [...] or range = [low, high]")
        return None
    try:
        if "values" in entry:
            vals = entry["values"]
            if not isinstance(vals, list) or not vals:
                problems.append(f"{where}: values must be a non-empty list")
                return None
            si = tuple(read_value(v, kind, given_unit, where) for v in vals)
            return Parameter(path, kind, unit, values=si, low=min(si), high=max(si))
        rng = entry["range"]
        if not isinstance(rng, list) or len(rng) != 2:
            problems.append(f"{where}: range must be [low, high]")
            return None
        low, high = (read_value(v, kind, given_unit, where) for v in rng)
    except ConfigError as exc:
        problems.extend(exc.problems)
        return None
    if not high > low:
        problems.append(f"{where}: empty range: high must exceed low (got {rng})")
        return None
    dist = entry.get("distribution", "uniform")
    if dist not in DISTRIBUTIONS:
        problems.append(f"{where}: distribution must be one of {DISTRIBUTIONS}, got {dist!r}")
        return None
    log = dist == "loguniform"
    if log and low <= 0:
        problems.append(f"{where}: a loguniform range must be positive")
        return None
    steps, step = entry.get("steps"), entry.get("step")
    if design == "lhs" or (steps is None and step is None and for_optimize):
        return Parameter(path, kind, unit, low=low, high=high, log=log)
    if (steps is None) == (step is None):
        problems.append(f"{where}: a range in a {design} study needs steps = N (count) or "
                        "step = increment")
        return None
    if steps is not None:
        if not isinstance(steps, int) or isinstance(steps, bool) or steps < 1:
            problems.append(f"{where}: steps must be a positive integer, got {steps!r}")
            return None
        grid = (np.geomspace(low, high, steps) if log else np.linspace(low, high, steps))
    else:
        try:
            inc = read_value(step, kind, given_unit, where)
        except ConfigError as exc:
            problems.extend(exc.problems)
            return None
        if not inc > 0:
            problems.append(f"{where}: step must be positive, got {step!r}")
            return None
        grid = np.arange(low, high + 0.5 * inc, inc)
    return Parameter(path, kind, unit, values=tuple(float(g) for g in grid), low=low, high=high,
                     log=log)


def latin_hypercube(n: int, d: int, seed: int) -> np.ndarray:
    """``n`` points of a seeded Latin hypercube in [0, 1)^d [McKay1979] (scipy.stats.qmc)."""
    from scipy.stats import qmc

    return qmc.LatinHypercube(d=d, seed=seed).random(n)


def scale_unit(u: np.ndarray, params: tuple[Parameter, ...]) -> np.ndarray:
    """Map unit-cube samples onto the parameters' ranges (log-uniform where ``log``)."""
    lo = np.array([np.log(p.low) if p.log else p.low for p in params])
    hi = np.array([np.log(p.high) if p.log else p.high for p in params])
    x = lo + u * (hi - lo)
    logs = np.array([p.log for p in params])
    return np.where(logs, np.exp(x), x)


def _points(design: str, params: tuple[Parameter, ...], samples: Any, seed: Any,
            problems: list[str]) -> np.ndarray:
    if design == "grid":
        mesh = np.meshgrid(*[np.asarray(p.values) for p in params], indexing="ij")
        return np.stack([m.ravel() for m in mesh], axis=-1)
    if design == "zip":
        sizes = {p.name: len(p.values) for p in params}
        if len(set(sizes.values())) != 1:
            problems.append(f"design = 'zip' needs parameters of equal length, got {sizes}")
            return np.empty((0, len(params)))
        return np.array([p.values for p in params]).T
    if not isinstance(samples, int) or isinstance(samples, bool) or samples < 1:
        problems.append(f"samples: a Latin hypercube needs samples = N >= 1, got {samples!r}")
    if not isinstance(seed, int) or isinstance(seed, bool):
        problems.append(f"seed: a Latin hypercube needs an integer seed (reproducible), "
                        f"got {seed!r}")
    if problems:
        return np.empty((0, len(params)))
    u = latin_hypercube(samples, len(params), seed)
    out = scale_unit(u, params)
    for j, p in enumerate(params):  # a discrete list: take the value of the stratum
        if p.values:
            vals = np.asarray(p.values)
            out[:, j] = vals[np.minimum((u[:, j] * vals.size).astype(int), vals.size - 1)]
    return out


def study_from_dict(data: dict, source: str | None = None, base: Path | None = None) -> Study:
    """Validate a parsed study; every problem is reported in one ConfigError."""
    problems: list[str] = []
    extra = sorted(set(data) - _TOP_KEYS)
    if extra:
        problems.append(f"unknown keys {extra}; valid: {sorted(_TOP_KEYS)}")
    dev, dev_text = _resolve_device(data.get("device"), base, problems)
    mode = data.get("mode", "full")
    if mode not in MODES:
        problems.append(f"mode must be one of {MODES}, got {mode!r}")
    design = data.get("design", "grid")
    if design not in DESIGNS:
        problems.append(f"design must be one of {DESIGNS}, got {design!r}")
        design = "grid"
    outputs = data.get("outputs", [])
    if not isinstance(outputs, list) or any(o not in OUTPUTS for o in outputs):
        problems.append(f"outputs must be a list among {OUTPUTS} (figures of merit are always "
                        f"stored), got {outputs!r}")
        outputs = []
    if mode == "optics" and set(outputs) - {"spectra"}:
        problems.append("an optics study has no J-V or band profiles: outputs may only be "
                        "['spectra']")
    sim = data.get("simulation", {})
    if not isinstance(sim, dict):
        problems.append("[simulation] must be a table")
        sim = {}
    for k, v in sim.items():
        if k not in SIMULATION_KEYS:
            problems.append(f"simulation.{k}: unknown; valid: {sorted(SIMULATION_KEYS)}")
        elif not isinstance(v, SIMULATION_KEYS[k]) or isinstance(v, bool):
            problems.append(f"simulation.{k}: expected {SIMULATION_KEYS[k].__name__}, got {v!r}")
    execution = data.get("execution", {})
    ppt = execution.get("points_per_task") if isinstance(execution, dict) else None
    if ppt is not None and (not isinstance(ppt, int) or ppt < 1):
        problems.append(f"execution.points_per_task must be a positive integer, got {ppt!r}")
    entries = data.get("parameters")
    if not isinstance(entries, list) or not entries:
        problems.append("give at least one [[parameters]] table with a path")
        entries = []
    opt = "optimize" in data
    params = [_parameter(i, e, dev, design, problems, opt) for i, e in enumerate(entries)]
    names = [p.name for p in params if p is not None]
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        problems.append(f"parameters repeated: {dup}")
    good = tuple(p for p in params if p is not None)
    for p in good:  # values outside a parameter's domain are input errors, found up front
        for x in {p.low, p.high}:
            try:
                apply_parameters(dev, {p.name: x})
            except ConfigError as exc:
                problems.extend(f"parameter {p.path}: {m}" for m in exc.problems)
    points = np.empty((0, len(good)))
    sweepable = design == "lhs" or all(p.values for p in good)
    if not problems and sweepable:
        points = _points(design, good, data.get("samples"), data.get("seed"), problems)
    if problems:
        raise ConfigError(problems, source=source)
    return Study(device=dev, device_text=dev_text, parameters=good, points=points, mode=mode,
                 design=design, outputs=tuple(outputs), simulation=dict(sim),
                 execution=dict(execution) if isinstance(execution, dict) else {},
                 raw=data, source=source)


def load_study(path: str | Path) -> Study:
    """Read and validate a study TOML file (device paths relative to the study file)."""
    p = Path(path)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"no such study file {str(path)!r}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"malformed TOML: {exc}", source=str(p)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the file: {exc}", source=str(p)) from None
    return study_from_dict(data, source=str(p), base=p.parent)

