"""Fit the device model to a measured J-V(-radiance) sweep, with uncertainties.

The residuals are the differences of log10|J| and log10 L (radiance) between model and data,
each divided by its weight (decades; default 1 for both), over the measured voltages where the
data are positive. The free parameters are named by paths (:mod:`ncled.studies.paths`), bounded,
and mapped to the unit interval, linearly or -- for a range spanning two decades or more --
logarithmically. :func:`scipy.optimize.least_squares` (trust-region reflective, which honours the
bounds [Branch1999]) starts from the points of a seeded Latin hypercube, in parallel on the
executor; the best solution's Jacobian is then recomputed by central differences, its columns in
parallel.

The covariance is s^2 (J^T J)^+ with s^2 = sum r^2 / (m - p) (the residual variance: the weights
set only the relative importance of J and L), as in lmfit and scipy's ``curve_fit``; standard
errors are mapped back to each parameter's own unit. A parameter is flagged *undetermined* when
its Jacobian column is numerically zero (the data do not depend on it) or its 1-sigma interval
covers more than half of its bounded range.

References
----------
.. [Branch1999] M. A. Branch, T. F. Coleman, Y. Li, "A subspace, interior, and conjugate gradient
   method for large-scale bound-constrained minimization problems", SIAM J. Sci. Comput. 21, 1
   (1999), doi:10.1137/S1064827595289108.
.. [Bates1988] D. M. Bates, D. G. Watts, Nonlinear Regression Analysis and Its Applications
   (Wiley, 1988), doi:10.1002/9780470316757 (linearised standard errors and correlations).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import xarray as xr

from ncled import __version__
from ncled.device.config import DeviceConfig
from ncled.errors import ConfigError, ConvergenceError, DataFormatError, NcledError
from ncled.studies.paths import apply_parameters, canonical, check_path, current_value

#: A range of at least this ratio is fitted on a log scale.
LOG_RATIO = 100.0
#: Central-difference step of the final Jacobian, in unit-interval coordinates.
JAC_STEP = 1e-2
#: A Jacobian column below this share of the largest one is "no dependence".
NULL_COLUMN = 1e-6
#: Stopping tolerances of a start: a step below 1e-4 of a parameter's range, or a relative cost
#: change below 1e-6 (the solver's own numerical noise is about 1e-3 in the current, so tighter
#: tolerances only spend solves), and at most 25 evaluations per free parameter.
X_TOL = 1e-4
F_TOL = 1e-6
MAX_NFEV_PER_PARAMETER = 25
#: Residual assigned to a point where the model gives no current or radiance [decades].
MISSING_DECADES = 10.0
#: Simulation settings of a fit (coarse meshes: each residual evaluation is a full solve).
#: ``n_voltage`` biases from 0 V to the highest measured one, interpolated (log) to the data.
FIT_SIMULATION = {"n_nodes": 120, "n_kappa": 300, "n_wavelength": 15, "n_depth": 6,
                  "n_voltage": 9}


@dataclass(frozen=True)
class FreeParameter:
    """A fitted parameter: its path, bounds (SI) and scale."""

    path: str
    low: float
    high: float
    log: bool

    def to_unit(self, x):
        if self.log:
            return (np.log10(x) - np.log10(self.low)) / (np.log10(self.high) - np.log10(self.low))
        return (np.asarray(x) - self.low) / (self.high - self.low)

    def from_unit(self, u):
        if self.log:
            return 10 ** (np.log10(self.low) + np.asarray(u) * (np.log10(self.high)
                                                                 - np.log10(self.low)))
        return self.low + np.asarray(u) * (self.high - self.low)

    def dx_du(self, u) -> float:
        """Derivative of the SI value with respect to the unit coordinate."""
        if self.log:
            return float(self.from_unit(u) * np.log(10) * (np.log10(self.high)
                                                           - np.log10(self.low)))
        return self.high - self.low


@dataclass(frozen=True)
class FitProblem:
    """What one residual evaluation needs (sent once to the workers)."""

    device: DeviceConfig
    free: tuple[FreeParameter, ...]
    voltage: np.ndarray
    log_j: np.ndarray
    log_l: np.ndarray | None
    weight_j: float
    weight_l: float
    simulation: dict


@dataclass(frozen=True)
class FitResult:
    """Best parameters with standard errors, correlations and flags; provenance."""

    names: list[str]
    value: np.ndarray
    stderr: np.ndarray
    correlation: np.ndarray
    undetermined: np.ndarray
    cost: float
    success: bool
    message: str
    device: DeviceConfig
    model: dict
    starts: int
    n_evaluations: int
    ncled_version: str = __version__

    def table(self) -> list[dict]:
        """One record per parameter (SI values)."""
        return [{"parameter": n, "value": float(v), "stderr": float(s),
                 "determined": "no" if u else "yes"}
                for n, v, s, u in zip(self.names, self.value, self.stderr, self.undetermined,
                                      strict=True)]


def measured_sweep(ds: xr.Dataset, device: DeviceConfig) -> tuple[np.ndarray, np.ndarray,
                                                                  np.ndarray | None]:
    """Voltage [V], current density [A/m^2] and radiance (or None) of a table read by
    :func:`ncled.io.tables.read_table` (a current is divided by the device's pixel area)."""
    if "current_density" in ds:
        j = ds.current_density.values
    elif "current" in ds:
        j = ds.current.values / device.pixel_area
    else:
        raise DataFormatError(f"{ds.attrs.get('source', 'the measured file')}: no current or "
                              "current density column to fit")
    v = ds.voltage.values
    rad = ds.radiance.values if "radiance" in ds else None
    order = np.argsort(v)
    return v[order], j[order], None if rad is None else rad[order]


def free_parameters(device: DeviceConfig, paths: list[str],
                    bounds: dict[str, tuple[float, float]] | None = None) -> tuple[FreeParameter,
                                                                                   ...]:
    """Bounded free parameters: the given bounds, else a decade either side of the device's value
    (positive parameters) or +-50 % (others). Every problem reported at once."""
    problems, out = [], []
    bounds = bounds or {}
    for p in paths:
        bad = check_path(device, p)
        if bad:
            problems.append(f"--free {p}: {bad}")
            continue
        x0 = current_value(device, p)
        lo, hi = bounds.get(p, (np.nan, np.nan))
        if not np.isfinite(lo) or not np.isfinite(hi):
            if not np.isfinite(x0):
                problems.append(f"--free {p}: the device does not give a value; give bounds")
                continue
            lo, hi = (x0 / 10, x0 * 10) if x0 > 0 else (x0 - 0.5 * abs(x0), x0 + 0.5 * abs(x0))
        if not hi > lo:
            problems.append(f"--free {p}: empty bounds [{lo:g}, {hi:g}]")
            continue
        out.append(FreeParameter(canonical(p), float(lo), float(hi),
                                 bool(lo > 0 and hi / lo >= LOG_RATIO)))
    if problems:
        raise ConfigError(problems)
    return tuple(out)


def model_curves(problem: FitProblem, x: np.ndarray) -> dict[str, np.ndarray]:
    """Model J [A/m^2] and radiance at the measured voltages for SI parameter values ``x``."""
    from ncled.device.led import simulate_led

    cfg = apply_parameters(problem.device, {f.path: float(v)
                                           for f, v in zip(problem.free, x, strict=True)})
    sim = dict(problem.simulation)
    grid = np.linspace(0.0, problem.voltage.max(), sim.pop("n_voltage"))
    ds = simulate_led(cfg, grid, **sim).dataset
    # log-linear interpolation from the model's grid (from 0 V, where the sweep starts) to the
    # measured voltages
    out = {}
    for key in ("current_density", "radiance"):
        y = _log(ds[key].values)
        ok = np.isfinite(y)
        out[key] = (10 ** np.interp(problem.voltage, grid[ok], y[ok], left=np.nan)
                    if ok.sum() >= 2 else np.full(problem.voltage.size, np.nan))
    return out


def residuals(problem: FitProblem, u: np.ndarray) -> np.ndarray:
    """Weighted log residuals at unit coordinates ``u`` (a failed solve: large residuals)."""
    x = np.array([f.from_unit(ui) for f, ui in zip(problem.free, u, strict=True)])
    try:
        m = model_curves(problem, x)
    except ConvergenceError:
        n = problem.log_j.size * (1 if problem.log_l is None else 2)
        return np.full(n, MISSING_DECADES)
    parts = [(_log(m["current_density"]) - problem.log_j) / problem.weight_j]
    if problem.log_l is not None:
        parts.append((_log(m["radiance"]) - problem.log_l) / problem.weight_l)
    r = np.concatenate(parts)
    return np.where(np.isfinite(r), r, MISSING_DECADES)


def _log(y: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(np.abs(y) > 0, np.log10(np.abs(y)), np.nan)


def solve_from(problem: FitProblem, u0: np.ndarray
               ) -> tuple[np.ndarray, float, int, str, bool]:
    """One trust-region-reflective run from ``u0``: (u, cost, evaluations, message, success)."""
    from scipy.optimize import least_squares

    sol = least_squares(lambda u: residuals(problem, u), u0, bounds=(0.0, 1.0), method="trf",
                        diff_step=JAC_STEP, x_scale=1.0, xtol=X_TOL, ftol=F_TOL,
                        max_nfev=MAX_NFEV_PER_PARAMETER * len(u0))
    return (sol.x, float(sol.cost), int(sol.nfev + sol.njev * len(u0)), str(sol.message),
            bool(sol.status > 0))


def _residual_task(problem: FitProblem, u: np.ndarray) -> np.ndarray:
    return residuals(problem, u)


def parallel_jacobian(fn, shared, u: np.ndarray, run_tasks) -> np.ndarray:
    """Central-difference Jacobian of ``fn(shared, u)`` at ``u`` in [0, 1]^p, its 2p
    evaluations run as parallel tasks (steps shortened near the bounds)."""
    steps = []
    for j in range(u.size):
        h = min(JAC_STEP, max(u[j], 1e-9), max(1.0 - u[j], 1e-9))
        steps += [(j, h, u + h * np.eye(u.size)[j]), (j, h, u - h * np.eye(u.size)[j])]
    res = run_tasks(fn, shared, [(s[2],) for s in steps])
    jac = np.zeros((res[0].size, u.size))
    for k in range(0, len(steps), 2):
        j, h, _ = steps[k]
        jac[:, j] = (res[k] - res[k + 1]) / (2 * h)
    return jac


def uncertainties(jac: np.ndarray, resid: np.ndarray, free: tuple[FreeParameter, ...],
                  u: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Standard errors (SI), correlation matrix and undetermined flags from the Jacobian
    [Bates1988]."""
    m, p = jac.shape
    s2 = float(resid @ resid) / max(m - p, 1)
    cov_u = s2 * np.linalg.pinv(jac.T @ jac)
    se_u = np.sqrt(np.clip(np.diag(cov_u), 0, None))
    norms = np.linalg.norm(jac, axis=0)
    null = norms <= NULL_COLUMN * max(norms.max(), 1e-300)
    se_u = np.where(null, np.inf, se_u)
    with np.errstate(divide="ignore", invalid="ignore"):
        d = np.sqrt(np.diag(cov_u))
        corr = cov_u / np.outer(d, d)
    corr[null, :] = np.nan
    corr[:, null] = np.nan
    undetermined = null | (se_u > 0.5)
    se = np.array([s * abs(f.dx_du(ui)) for s, f, ui in zip(se_u, free, u, strict=True)])
    return se, corr, undetermined


def fit_device(device: DeviceConfig, voltage, current_density, radiance=None, *,
               free: list[str], bounds: dict[str, tuple[float, float]] | None = None,
               starts: int = 4, seed: int = 0, weight_j: float = 1.0, weight_l: float = 1.0,
               simulation: dict | None = None, run_tasks=None) -> FitResult:
    """Fit the LED model's free parameters to a measured sweep.

    Parameters
    ----------
    device : DeviceConfig
        The device; its values of the free parameters are not used as starts (the starts are a
        Latin hypercube over the bounds), but set the default bounds.
    voltage, current_density, radiance : array_like
        Measured contact voltage [V], current density [A/m^2], radiance [W sr^-1 m^-2] (optional).
    free : list of str
        Parameter paths to fit.
    bounds : dict, optional
        Path -> (low, high) in SI; default a decade either side of the device's value.
    starts : int
        Starts of the multi-start (seeded Latin hypercube).
    weight_j, weight_l : float
        Weights of the log10 current and radiance residuals [decades].
    simulation : dict, optional
        simulate_led settings (default :data:`FIT_SIMULATION`).
    run_tasks : callable, optional
        ``run_tasks(fn, shared, [args...]) -> [results]`` running tasks in parallel (see
        :func:`ncled.studies.execution.run_all`); default in this process.

    Returns
    -------
    FitResult

    Raises
    ------
    ConfigError
        Unknown path, empty bounds, fewer usable points than free parameters.
    """
    from ncled.studies.spec import latin_hypercube

    run_tasks = run_tasks or _serial
    fp = free_parameters(device, list(free), bounds)
    v = np.asarray(voltage, dtype=float)
    lj = _log(np.asarray(current_density, dtype=float))
    ll = None if radiance is None else _log(np.asarray(radiance, dtype=float))
    ok = np.isfinite(lj) & (np.ones_like(lj, bool) if ll is None else np.isfinite(ll))
    if ok.sum() < len(fp) + 1:
        raise ConfigError(f"{ok.sum()} measured points with positive current"
                          f"{' and radiance' if ll is not None else ''}: too few to fit "
                          f"{len(fp)} parameters")
    problem = FitProblem(device, fp, v[ok], lj[ok], None if ll is None else ll[ok],
                         weight_j, weight_l, {**FIT_SIMULATION, **(simulation or {})})
    u0s = latin_hypercube(starts, len(fp), seed)
    runs = run_tasks(solve_from, problem, [(u0,) for u0 in u0s])
    best = min(runs, key=lambda r: r[1])
    u = best[0]
    r = residuals(problem, u)
    jac = parallel_jacobian(_residual_task, problem, u, run_tasks)
    se, corr, und = uncertainties(jac, r, fp, u)
    x = np.array([f.from_unit(ui) for f, ui in zip(fp, u, strict=True)])
    fitted = apply_parameters(device, {f.path: float(xi) for f, xi in zip(fp, x, strict=True)})
    try:
        curves = model_curves(problem, x)
    except NcledError as exc:
        raise ConvergenceError(f"the model does not converge at the best fit: {exc}") from None
    n_eval = sum(rr[2] for rr in runs) + 2 * len(fp) + 2
    return FitResult([f.path for f in fp], x, se, corr, und, best[1], best[4], best[3], fitted,
                     {"voltage": problem.voltage, **curves}, starts, n_eval)


def _serial(fn, shared, args_list):
    return [fn(shared, *args) for args in args_list]


def write_device(config: DeviceConfig, values: dict[str, float], path: Path,
                 comment: str) -> Path:
    """Write ``config``'s source file with ``values`` (path -> SI) set, as a new device file.

    The file is the original TOML with the changed tables rewritten; lengths in nm.
    """
    import tomllib

    src = Path(config.source_path) if config.source_path else None
    if src is None or not src.exists():
        raise ConfigError("the device has no source file to write a fitted copy of")
    data = tomllib.loads(src.read_text(encoding="utf-8"))
    for p, x in values.items():
        _set_toml(data, canonical(p), float(x), config)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"# {comment}\n# ncled {__version__}, from {src}\n" + dumps_toml(data),
                    encoding="utf-8")
    return path


def _set_toml(data: dict, path: str, x: float, config: DeviceConfig) -> None:
    from ncled.studies.paths import valid_paths

    kind = valid_paths(config)[path][0]
    text: float | str = f"{x * 1e9:.6g} nm" if kind == "length" else x
    if kind == "temperature":
        text = f"{x:.6g} K"
    if path == "emitter.mixture_fraction":
        layer = config.layers[config.emitter_index]
        hg = next(k for k in layer.mixture if k.lower().startswith("hgte"))
        path = f"layers.{layer.name}.mixture.{hg}"
    parts = path.split(".")
    if parts[0] == "layers":
        table = next(t for t in data["layers"] if t["name"] == parts[1])
        if parts[2] == "mixture":
            other = next(k for k in table["mixture"] if k != parts[3])
            table["mixture"] = {parts[3]: x, other: 1.0 - x}
            return
        for part in parts[2:-1]:
            table = table.setdefault(part, {})
        table[parts[-1]] = text
        return
    table = data
    for part in parts[:-1]:
        table = table.setdefault(part, {})
    table[parts[-1]] = text


def dumps_toml(data: dict) -> str:
    """A minimal TOML writer for device files (tables, arrays of tables, inline tables)."""
    lines: list[str] = []

    def val(v) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, str):
            return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
        if isinstance(v, int | float):
            return repr(v)
        if isinstance(v, dict):
            return "{ " + ", ".join(f"{_key(k)} = {val(x)}" for k, x in v.items()) + " }"
        if isinstance(v, list):
            return "[" + ", ".join(val(x) for x in v) + "]"
        raise ConfigError(f"cannot write {v!r} to TOML")

    def plain(k: str, v) -> bool:
        return not isinstance(v, dict) and not (isinstance(v, list) and v
                                                and isinstance(v[0], dict))

    lines += [f"{_key(k)} = {val(v)}" for k, v in data.items() if plain(k, v)]
    for k, v in data.items():
        if isinstance(v, dict):
            lines.append(f"\n[{_key(k)}]")
            lines += [f"{_key(k2)} = {val(v2)}" for k2, v2 in v.items()]
        elif not plain(k, v):
            for item in v:
                lines.append(f"\n[[{_key(k)}]]")
                lines += [f"{_key(k2)} = {val(v2)}" for k2, v2 in item.items()]
    return "\n".join(lines) + "\n"


def _key(k: str) -> str:
    return k if k.replace("_", "").replace("-", "").isalnum() else f'"{k}"'


def parse_bounds(items: list[str]) -> dict[str, tuple[float, float]]:
    """``["PATH=LOW:HIGH", ...]`` (SI) -> ``{path: (low, high)}``."""
    out, problems = {}, []
    for item in items:
        path, _, rng = item.partition("=")
        lo, _, hi = rng.partition(":")
        try:
            out[path.strip()] = (float(lo), float(hi))
        except ValueError:
            problems.append(f"--bounds {item!r}: write PATH=LOW:HIGH in SI units")
    if problems:
        raise ConfigError(problems)
    return out
