"""The Zarr store of a study: created up front, filled chunk by chunk, resumable.

Layout (one group, Zarr format 2 so that fixed-width message strings are portable):

* ``parameters`` (point, parameter): the SI value of every point, written at creation;
* one array per figure of merit and per requested output, on ``point`` first;
* ``status`` (1 computed, 2 failed), ``message`` (why a point failed);
* ``done``: written *after* a chunk's results, so a point marked done has its results on disk;
  a kill between the two loses only that chunk's work, which a rerun computes again.

Every array is chunked along ``point`` by the study's ``points_per_task``: a task's results are
one region write of whole chunks, so two tasks never write the same chunk. The attributes hold
the study's hash and ncled's version (a rerun resumes only when both match), the parameter paths
and units, and one record per run (points computed).
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import numpy as np

from ncled import __version__
from ncled.errors import ConfigError
from ncled.studies.evaluate import RangeResult, extra_shapes, foms
from ncled.studies.paths import current_value
from ncled.studies.spec import Study

MESSAGE_WIDTH = 200
FORMAT = "ncled-study-1"


def _zarr():
    try:
        import zarr
        import zarr.errors
    except ImportError:  # pragma: no cover - exercised only without the extra
        raise ConfigError("study stores need Zarr: pip install 'ncled[studies]'") from None
    return zarr


def create_or_resume(path: str | Path, study: Study, points_per_task: int):
    """Open the store at ``path`` for ``study``: create it (chunks of ``points_per_task``
    points), or resume the same study (its own chunks).

    Returns
    -------
    (zarr.Group, int)
        The group and its chunk length (the existing one on resume).

    Raises
    ------
    ConfigError
        The store holds another study, or was written by another ncled version (the message says
        which and what to do).
    """
    zarr = _zarr()
    p = Path(path)
    if p.exists():
        try:
            g = zarr.open_group(str(p), mode="r+")
            attrs = dict(g.attrs)
        except (OSError, ValueError, zarr.errors.BaseZarrError) as exc:
            raise ConfigError(f"{p} exists and is not a study store ({exc}); choose another "
                              "--out or remove it") from None
        if attrs.get("format") != FORMAT:
            raise ConfigError(f"{p} exists and is not a study store; choose another --out")
        _check_same(p, attrs, study)
        return g, int(attrs["points_per_task"])
    # Built in a scratch folder and renamed into place: a store is never seen half-made
    # (in particular never without its done mask).
    tmp = p.with_name(f".{p.name}.creating-{os.getpid()}")
    if tmp.exists():
        shutil.rmtree(tmp)
    g = zarr.open_group(str(tmp), mode="w", zarr_format=2)
    n, c = study.n_points, points_per_task
    ident = study.identity()
    g.attrs.update({
        "format": FORMAT, "study_hash": study.hash(), "ncled_version": __version__,
        "points_per_task": c, "mode": study.mode, "design": study.design,
        "parameters": study.names,
        "parameter_units": [p.unit for p in study.parameters],
        "parameter_kinds": [p.kind for p in study.parameters],
        "base_values": [current_value(study.device, name) for name in study.names],
        "outputs": list(study.outputs), "study": json.dumps(ident, default=str),
        "study_file": study.source or "", "device": study.device.name,
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "runs": [],
    })
    par = g.create_array("parameters", shape=study.points.shape, chunks=(c, len(study.names)),
                         dtype="f8", fill_value=np.nan)
    par[:] = study.points
    for name, unit in foms(study).items():
        a = g.create_array(name, shape=(n,), chunks=(c,), dtype="f8", fill_value=np.nan)
        a.attrs.update(units=unit, kind="figure_of_merit", dims=["point"])
    for name, (dims, shape, unit) in extra_shapes(study).items():
        a = g.create_array(name, shape=(n, *shape), chunks=(c, *shape), dtype="f8",
                           fill_value=np.nan)
        a.attrs.update(units=unit, kind="output", dims=["point", *dims])
    if "current_density" in extra_shapes(study) or "conduction_band" in extra_shapes(study):
        from ncled.studies.evaluate import voltages

        v = g.create_array("voltage", shape=(voltages(study).size,), dtype="f8")
        v[:] = voltages(study)
        v.attrs.update(units="V", dims=["voltage"])
    g.create_array("status", shape=(n,), chunks=(c,), dtype="i1", fill_value=0).attrs.update(
        units="1", dims=["point"], flag_values="0 not computed, 1 computed, 2 failed")
    g.create_array("message", shape=(n,), chunks=(c,), dtype=f"<U{MESSAGE_WIDTH}",
                   fill_value="").attrs.update(units="", dims=["point"])
    g.create_array("done", shape=(n,), chunks=(c,), dtype="bool", fill_value=False).attrs.update(
        units="1", dims=["point"])
    tmp.rename(p)
    return zarr.open_group(str(p), mode="r+"), c


def _check_same(path: Path, attrs: dict, study: Study) -> None:
    if attrs.get("ncled_version") != __version__:
        raise ConfigError(f"{path} was written by ncled {attrs.get('ncled_version')}, this is "
                          f"ncled {__version__}: results of two versions would be mixed. Write "
                          "to a new --out (or remove the store) to recompute.")
    if attrs.get("study_hash") == study.hash():
        return
    old = json.loads(attrs.get("study", "{}"))
    new = study.identity()
    changed = [k for k in sorted(set(old) | set(new))
               if json.dumps(old.get(k), sort_keys=True, default=str)
               != json.dumps(new.get(k), sort_keys=True, default=str)]
    raise ConfigError(f"{path} holds a different study (changed: {', '.join(changed)}); "
                      "refusing to resume into it. Write to a new --out, or restore the study "
                      "file it was made from.")


def pending_chunks(group, chunk: int) -> list[tuple[int, int]]:
    """``(start, stop)`` of every chunk with a point not yet done."""
    done = np.asarray(group["done"][:])
    n = done.size
    return [(s, min(s + chunk, n)) for s in range(0, n, chunk) if not done[s:s + chunk].all()]


def write_range(group, res: RangeResult) -> None:
    """Write a task's results (one region of whole chunks), then its ``done`` mask."""
    sl = slice(res.start, res.stop)
    for name, values in res.fom.items():
        group[name][sl] = values
    for name, values in res.extra.items():
        group[name][sl] = values
    group["status"][sl] = res.status
    group["message"][sl] = np.array([m[:MESSAGE_WIDTH] for m in res.message],
                                    dtype=f"<U{MESSAGE_WIDTH}")
    group["done"][sl] = np.ones(res.stop - res.start, dtype=bool)


def record_run(group, computed: int, failed: int, seconds: float, where: str) -> None:
    """Append this run's record (points computed and failed, wall time, executor)."""
    runs = list(group.attrs.get("runs", []))
    runs.append({"ncled_version": __version__, "computed": computed, "failed": failed,
                 "seconds": round(seconds, 3), "executor": where,
                 "finished": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())})
    group.attrs["runs"] = runs
