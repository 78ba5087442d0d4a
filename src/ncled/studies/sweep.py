"""Run a study into its Zarr store, resumably; read a store back as an xarray Dataset.

:func:`run_study` creates the store (or checks that an existing one holds the same study and
version), then computes only the chunks not yet done, a bounded window of tasks at a time
(:mod:`ncled.studies.execution`), writing each task's results and then its ``done`` mask
(:mod:`ncled.studies.store`). :func:`open_study` returns the results with the study's parameters
as coordinates and units on every variable.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import xarray as xr

from ncled.errors import ConfigError, ConvergenceError
from ncled.studies import store
from ncled.studies.evaluate import evaluate_range
from ncled.studies.execution import NO_WORKER_TIMEOUT, bounded_map, make_executor
from ncled.studies.spec import Study

#: Work per task the batching aims at [s]: enough to hide the scheduling overhead (Dask's is
#: about 1 ms per task, its client round trip a few ms).
TARGET_TASK_SECONDS = 1.0
#: Points timed to size an optics study's tasks.
PROBE_POINTS = 8
MAX_POINTS_PER_TASK = 4096

ProgressFn = Callable[[int, int], None]


@dataclass(frozen=True)
class StudyRun:
    """What one call of :func:`run_study` did."""

    path: str
    n_points: int
    already_done: int
    computed: int
    failed: int
    points_per_task: int
    seconds: float
    executor: str


def points_per_task(study: Study) -> int:
    """Points per task: the study's ``execution.points_per_task``, else about
    ``TARGET_TASK_SECONDS`` of work: one full device solve (several seconds each), or as many
    optics points as a timed probe says fit in a second, but no more than an eighth of the
    study (so that the workers share it)."""
    given = study.execution.get("points_per_task")
    if given:
        return int(given)
    if study.mode == "full":
        return 1
    evaluate_range(study, 0, 1)  # builds the indices a worker keeps for the following tasks
    n = min(PROBE_POINTS, study.n_points)
    per_point = max(evaluate_range(study, 0, n).seconds / n, 1e-6)
    share = math.ceil(study.n_points / 8)
    return int(max(min(math.floor(TARGET_TASK_SECONDS / per_point), share,
                       MAX_POINTS_PER_TASK), 1))


def run_study(study: Study, out: str | Path, *, scheduler: str | None = None,
              workers: int | None = None, executor: str = "auto",
              progress: ProgressFn | None = None,
              no_worker_timeout: float = NO_WORKER_TIMEOUT) -> StudyRun:
    """Compute the points of ``study`` not yet in the store ``out``.

    Parameters
    ----------
    study : Study
        From :func:`ncled.studies.load_study`.
    out : path
        The Zarr store (created, or resumed when it holds the same study and ncled version).
    scheduler : str, optional
        Address of a running Dask scheduler (``tcp://127.0.0.1:8786``); default a LocalCluster.
    workers : int, optional
        Workers of the LocalCluster or process pool (default: the machine's cores).
    executor : {"auto", "dask", "pool"}
        ``auto``: Dask where installed, else a local process pool.
    progress : callable, optional
        ``progress(points_done, n_points)`` after each task.
    no_worker_timeout : float
        Seconds a cluster may have no worker before the study stops [s].

    Returns
    -------
    StudyRun

    Raises
    ------
    ConfigError
        The store holds another study or version.
    StudyExecutionError
        The scheduler refuses, or workers died (the points done stay in the store, marked done;
        the tasks of the other points still ran).
    ConvergenceError
        Every point of the study failed (the store is complete, with the messages).
    """
    t0 = time.perf_counter()
    if study.n_points == 0:
        raise ConfigError("the study has no points to sweep: give steps = N (or values) for "
                          "every range, or design = 'lhs' with samples", source=study.source)
    p = Path(out)
    n = study.n_points
    group = None
    if p.exists():  # resume: an existing store of the same study, with nothing or a rest to do
        group, chunk = store.create_or_resume(p, study, 1)
        if not store.pending_chunks(group, chunk):
            if progress:
                progress(n, n)
            return StudyRun(str(p), n, n, 0, 0, chunk, time.perf_counter() - t0,
                            "nothing to compute")
    else:
        chunk = points_per_task(study)
    # The executor before a new store: a scheduler that refuses leaves no store behind.
    ex = make_executor(scheduler, workers, executor)
    computed = failed = 0
    try:
        if group is None:
            group, chunk = store.create_or_resume(p, study, chunk)
        todo = store.pending_chunks(group, chunk)
        already = n - sum(b - a for a, b in todo)
        done_count = already
        if progress:
            progress(done_count, n)
        where = ex.where
        for res in bounded_map(ex, evaluate_range, study, todo, no_worker_timeout,
                               describe=lambda t: f"points {t[0]} to {t[1] - 1}"):
            store.write_range(group, res)
            computed += res.stop - res.start
            failed += int(np.sum(res.status == 2))
            done_count += res.stop - res.start
            if progress:
                progress(done_count, n)
    finally:
        ex.close()
    seconds = time.perf_counter() - t0
    store.record_run(group, computed, failed, seconds, where)
    status = np.asarray(group["status"][:])
    if np.all(status == 2):
        first = str(group["message"][0])
        raise ConvergenceError(f"every point of the study failed (store {p} written with the "
                               f"messages); the first: {first}")
    return StudyRun(str(p), n, already, computed, failed, chunk, seconds, where)


def open_study(path: str | Path) -> xr.Dataset:
    """The results of a study store as an :class:`xarray.Dataset`.

    Variables are on ``point`` (and the output's own dimensions); the study's parameters are
    coordinates on ``point`` (SI values, ``units`` attributes), as are ``done``, ``status`` and
    ``message``. A grid study can be put on its parameter axes with
    ``ds.set_index(point=names).unstack("point")``.

    Raises
    ------
    ConfigError
        ``path`` is not a study store.
    """
    zarr = store._zarr()
    p = Path(path)
    try:
        g = zarr.open_group(str(p), mode="r")
        attrs = dict(g.attrs)
    except (OSError, ValueError, zarr.errors.BaseZarrError):
        raise ConfigError(f"{p} is not a study store (see `ncled sweep`)") from None
    if attrs.get("format") != store.FORMAT:
        raise ConfigError(f"{p} is not a study store (see `ncled sweep`)")
    names, units = attrs["parameters"], attrs["parameter_units"]
    par = np.asarray(g["parameters"][:])
    coords = {name: ("point", par[:, j], {"units": unit or "1", "long_name": f"parameter {name}"})
              for j, (name, unit) in enumerate(zip(names, units, strict=True))}
    coords["point"] = ("point", np.arange(par.shape[0]), {"units": "1"})
    for key in ("done", "status", "message"):
        coords[key] = ("point", np.asarray(g[key][:]), dict(g[key].attrs))
    data = {}
    for key in g.array_keys():
        if key in ("parameters", "done", "status", "message", "voltage"):
            continue
        a = g[key]
        data[key] = (tuple(a.attrs["dims"]), np.asarray(a[:]),
                     {k: v for k, v in a.attrs.items() if k != "dims"})
    if "voltage" in g:
        coords["voltage"] = ("voltage", np.asarray(g["voltage"][:]), {"units": "V"})
    keep = {"study_hash", "ncled_version", "mode", "design", "device", "study_file", "created",
            "points_per_task"}
    ds = xr.Dataset(data, coords=coords, attrs={k: attrs[k] for k in keep if k in attrs})
    ds.attrs["parameters"] = ",".join(names)
    ds.attrs["base_values"] = np.asarray(attrs.get("base_values", [np.nan] * len(names)), float)
    ds.attrs["runs"] = str(attrs.get("runs", []))
    return ds
