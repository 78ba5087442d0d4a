"""A worker killed mid-study: the other points are computed, exit 2 with a clear message, the
store keeps its done mask, and a rerun computes only the lost points."""

from __future__ import annotations

import os
import signal
import sys
import time

import numpy as np
import psutil
import zarr

from ncled.studies import load_study, run_study

NCLED = [sys.executable, "-m", "ncled.cli.main"]


def _worker_processes(pid: int) -> list[psutil.Process]:
    """The LocalCluster's worker processes: the spawned children of the client process."""
    procs = []
    for child in psutil.Process(pid).children(recursive=True):
        try:
            if "spawn_main" in " ".join(child.cmdline()):
                procs.append(child)
        except psutil.NoSuchProcess:
            continue
    return procs


def _busiest(workers: list[psutil.Process]) -> psutil.Process | None:
    """Of the two workers, the one that used more CPU in the last 0.3 s, if it runs a task."""
    if len(workers) != 2:
        return None
    try:
        before = [sum(w.cpu_times()[:2]) for w in workers]
        time.sleep(0.3)
        used = [sum(w.cpu_times()[:2]) - b for w, b in zip(workers, before, strict=True)]
    except psutil.NoSuchProcess:
        return None
    # a worker that used less than 50 ms of the 0.3 s runs no task (yet): wait for one that does
    return workers[int(np.argmax(used))] if max(used) > 0.05 else None


def test_killed_worker_exits_2_keeps_the_other_points_and_resumes(
        optics_study, spawn, same_store):
    # three times the shared optics study (72 points, 18 tasks): on a quiet machine the
    # 24-point study could end between its first finished task and the kill
    optics_study.write_text(optics_study.read_text().replace("steps = 12", "steps = 36"))
    reference = optics_study.parent / "uninterrupted.zarr"
    assert run_study(load_study(optics_study), reference, executor="serial").computed == 72
    out = optics_study.parent / "killed_worker.zarr"
    # Dask retries a task whose worker died ``allowed-failures`` times (default 3) before it
    # raises KilledWorker; 0 makes one death enough, so that one kill is the whole scenario.
    env = {**os.environ, "DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": "0"}
    cli = spawn([*NCLED, "sweep", str(optics_study), "--out", str(out), "--executor", "dask",
                 "--workers", "2"], cwd=optics_study.parent, env=env)
    victim = None
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and cli.poll() is None and victim is None:
        if (out / "done" / ".zarray").exists() and \
                np.sum(zarr.open_group(str(out), mode="r")["done"][:]) >= 4:
            victim = _busiest(_worker_processes(cli.pid))
        time.sleep(0.05)
    assert victim is not None, "the study was not caught with its two workers running"
    victim.send_signal(signal.SIGKILL)  # mid-study: every worker has tasks in flight
    _, err = cli.communicate(timeout=120)
    assert cli.returncode == 2, err
    assert "lost their worker" in err and "rerun" in err and "Traceback" not in err
    # the store is whole: its done mask marks the points computed, by this worker or another
    mask = np.asarray(zarr.open_group(str(out), mode="r")["done"][:])
    missing = int((~mask).sum())
    # the killed worker's tasks are lost (4 points each; at most the 4 tasks in flight, two per
    # worker); the rest of the study went on (on the other worker and the restarted one)
    assert 4 <= missing <= 16 and missing % 4 == 0, mask
    run = run_study(load_study(optics_study), out, executor="serial")
    assert run.computed == missing
    same_store(out, reference)
