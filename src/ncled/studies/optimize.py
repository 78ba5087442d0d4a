"""Multi-objective optimisation of a study's parameters with Optuna, resumable from a journal.

The study file's ``[optimize]`` table names the objectives (figures of merit of the study's mode)
with their directions, optional constraints (upper or lower limits on figures of merit), the number
of trials and the seed::

    [optimize]
    trials = 60
    seed = 1
    objectives = [{ name = "peak_eqe", direction = "maximize" },
                  { name = "turn_on_voltage", direction = "minimize" }]
    constraints = [{ name = "pixel_temperature_at_operating_current", max = 333.0 }]

The search space is the bounds of each ``[[parameters]]`` entry (log-uniform where its
distribution is). Below :data:`NSGA_THRESHOLD` trials the sampler is TPE [Ozaki2022], above it
NSGA-II [Deb2002]. Trials are asked and told over the same executor as sweeps, a few in flight
per worker. Every trial goes to a journal file, so a killed run resumes with the trials it had
finished (a trial in flight when killed is run again). The base device's own design is the first
trial, so the front can be compared with it.

References
----------
.. [Ozaki2022] Y. Ozaki et al., "Multiobjective tree-structured Parzen estimator", J. Artif.
   Intell. Res. 75, 1209 (2022), doi:10.1613/jair.1.13188.
.. [Deb2002] K. Deb et al., "A fast and elitist multiobjective genetic algorithm: NSGA-II", IEEE
   Trans. Evol. Comput. 6, 182 (2002), doi:10.1109/4235.996017.
.. [Akiba2019] T. Akiba et al., "Optuna: a next-generation hyperparameter optimization
   framework", KDD 2019, doi:10.1145/3292500.3330701.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ncled.errors import ConfigError, ConvergenceError
from ncled.studies.evaluate import evaluate_points, foms
from ncled.studies.execution import (
    IN_FLIGHT_PER_WORKER,
    StudyExecutionError,
    WorkerDied,
    make_executor,
)
from ncled.studies.paths import current_value
from ncled.studies.spec import Study

#: Trials above which NSGA-II replaces TPE (TPE's cost grows with the trials it models).
NSGA_THRESHOLD = 1000
DIRECTIONS = ("maximize", "minimize")


@dataclass(frozen=True)
class Objectives:
    """Validated ``[optimize]`` settings."""

    names: tuple[str, ...]
    directions: tuple[str, ...]
    constraints: tuple[tuple[str, float, float], ...]  # (name, low, high)
    trials: int
    seed: int


@dataclass(frozen=True)
class OptimizeResult:
    """The Pareto front: parameter values and objectives of each front trial, the base design's
    objectives, and how many trials this run computed."""

    parameter_names: list[str]
    objective_names: list[str]
    directions: list[str]
    front_parameters: np.ndarray
    front_objectives: np.ndarray
    all_objectives: np.ndarray
    front_index: np.ndarray
    base_objectives: np.ndarray
    sampler: str
    trials_total: int
    trials_run_now: int

    def improvement(self) -> list[dict]:
        """Per objective: the front's best value, the base design's, and the relative gain
        (positive where the front is better in the objective's direction)."""
        out = []
        for j, (name, d) in enumerate(zip(self.objective_names, self.directions, strict=True)):
            col = self.front_objectives[:, j]
            best = float(np.max(col) if d == "maximize" else np.min(col))
            base = float(self.base_objectives[j])
            sign = 1.0 if d == "maximize" else -1.0
            gain = sign * (best - base) / abs(base) if base else np.nan
            out.append({"objective": name, "direction": d, "front_best": best, "base": base,
                        "gain": gain})
        return out


def objectives(study: Study) -> Objectives:
    """The study's ``[optimize]`` table, every problem reported at once."""
    opt = study.raw.get("optimize")
    problems: list[str] = []
    if not isinstance(opt, dict):
        raise ConfigError("the study has no [optimize] table (objectives, trials)",
                          source=study.source)
    known = foms(study)
    names, dirs = [], []
    for i, o in enumerate(opt.get("objectives", [])):
        name, d = (o.get("name"), o.get("direction", "maximize")) if isinstance(o, dict) else (
            None, None)
        if name not in known:
            problems.append(f"optimize.objectives[{i}]: unknown figure of merit {name!r}; "
                            f"known in {study.mode} mode: {sorted(known)}")
        if d not in DIRECTIONS:
            problems.append(f"optimize.objectives[{i}]: direction must be one of {DIRECTIONS}")
        names.append(name)
        dirs.append(d)
    if not names:
        problems.append("optimize.objectives: give at least one {name, direction}")
    cons = []
    for i, c in enumerate(opt.get("constraints", [])):
        if not isinstance(c, dict) or c.get("name") not in known or not (
                set(c) & {"min", "max"}):
            problems.append(f"optimize.constraints[{i}]: give name (a figure of merit) and "
                            "min and/or max")
            continue
        cons.append((c["name"], float(c.get("min", -np.inf)), float(c.get("max", np.inf))))
    trials = opt.get("trials", 50)
    if not isinstance(trials, int) or trials < 2:
        problems.append(f"optimize.trials must be an integer >= 2, got {trials!r}")
    seed = opt.get("seed", 0)
    if not isinstance(seed, int):
        problems.append(f"optimize.seed must be an integer, got {seed!r}")
    for p in study.parameters:
        if not (np.isfinite(p.low) and np.isfinite(p.high) and p.high > p.low):
            problems.append(f"parameter {p.name}: an optimisation needs a range [low, high]")
    if problems:
        raise ConfigError(problems, source=study.source)
    return Objectives(tuple(names), tuple(dirs), tuple(cons), trials, seed)


def _evaluate_trial(study: Study, x: np.ndarray) -> tuple[dict, str]:
    res = evaluate_points(study, x[None, :])
    return {k: float(v[0]) for k, v in res.fom.items()}, res.message[0]


def _sampler(obj: Objectives):
    """TPE below NSGA_THRESHOLD trials, NSGA-II above; both read the constraints each trial
    sets (Optuna >= 5: ``Trial.set_constraint``)."""
    import optuna

    if obj.trials > NSGA_THRESHOLD:
        return optuna.samplers.NSGAIISampler(seed=obj.seed), "NSGA-II"
    return optuna.samplers.TPESampler(seed=obj.seed, multivariate=True), "TPE"


def _suggest(trial, study: Study) -> np.ndarray:
    return np.array([trial.suggest_float(p.name, p.low, p.high, log=p.log)
                     for p in study.parameters])


def optimize_study(study: Study, journal: str | Path, *, scheduler: str | None = None,
                   workers: int | None = None, executor: str = "auto",
                   progress=None) -> OptimizeResult:
    """Run (or resume) the study's multi-objective optimisation.

    Parameters
    ----------
    study : Study
        With an ``[optimize]`` table.
    journal : path
        Optuna journal file; an existing one of the same study resumes.
    scheduler, workers, executor
        As :func:`ncled.studies.run_study`.
    progress : callable, optional
        ``progress(trials_finished, trials)``.

    Raises
    ------
    ConfigError
        Bad ``[optimize]`` table.
    ConvergenceError
        No trial succeeded.
    StudyExecutionError
        A worker died computing a trial (the journal keeps the finished ones).
    """
    import optuna
    from optuna.storages import JournalStorage
    from optuna.storages.journal import JournalFileBackend

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    obj = objectives(study)
    storage = JournalStorage(JournalFileBackend(str(journal)))
    sampler, sampler_name = _sampler(obj)
    ost = optuna.create_study(study_name=f"ncled-{study.hash()[:16]}", storage=storage,
                              sampler=sampler, directions=list(obj.directions),
                              load_if_exists=True)
    finished = [t for t in ost.trials if t.state.is_finished()]
    if not finished:  # the base design first: the front is compared with it
        ost.enqueue_trial({p.name: float(np.clip(current_value(study.device, p.name), p.low,
                                                 p.high)) for p in study.parameters})
    todo = obj.trials - len(finished)
    run_now = max(todo, 0)
    if todo > 0:
        ex = make_executor(scheduler, workers, executor)
        try:
            live: dict = {}
            shared = ex.scatter(study)
            asked = 0
            window = IN_FLIGHT_PER_WORKER * max(ex.n_workers(), 1)
            done = len(finished)
            while asked < todo or live:
                while asked < todo and len(live) < window:
                    trial = ost.ask()
                    live[ex.submit(_evaluate_trial, shared, _suggest(trial, study))] = trial
                    asked += 1
                for fut in ex.wait_any(set(live), timeout=1.0):
                    trial = live.pop(fut)
                    try:
                        _tell(ost, trial, *ex.result(fut), obj)
                    except WorkerDied as exc:
                        raise StudyExecutionError(
                            f"trial {trial.number}: {exc}; the finished trials are in "
                            f"{journal}: rerun the same command to resume") from None
                    done += 1
                    if progress:
                        progress(done, obj.trials)
        finally:
            ex.close()
    return _front(ost, study, obj, sampler_name, run_now)


def _tell(ost, trial, fom: dict, message: str, obj: Objectives) -> None:
    import optuna

    vals = [fom[n] for n in obj.names]
    if not all(np.isfinite(vals)):
        trial.set_user_attr("message", message or "a figure of merit is undefined")
        ost.tell(trial, state=optuna.trial.TrialState.FAIL)
        return
    for n, lo, hi in obj.constraints:  # feasible when <= 0; undefined counts as infeasible
        c = max(lo - fom[n], fom[n] - hi)
        trial.set_constraint(n, c if np.isfinite(c) else 1.0)
    trial.set_user_attr("foms", fom)
    ost.tell(trial, vals)


def _front(ost, study: Study, obj: Objectives, sampler: str, run_now: int) -> OptimizeResult:
    import optuna

    done = [t for t in ost.trials if t.state == optuna.trial.TrialState.COMPLETE]
    if not done:
        raise ConvergenceError("no trial of the optimisation succeeded")
    best = {t.number for t in ost.best_trials}
    names = study.names
    allv = np.array([t.values for t in done])
    idx = np.array([i for i, t in enumerate(done) if t.number in best])
    base = next((t for t in done if t.number == 0), None)
    return OptimizeResult(
        names, list(obj.names), list(obj.directions),
        np.array([[done[i].params[n] for n in names] for i in idx]), allv[idx], allv, idx,
        np.array(base.values if base else [np.nan] * len(obj.names)), sampler,
        len(ost.trials), run_now)
