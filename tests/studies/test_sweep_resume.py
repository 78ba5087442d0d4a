"""Sweeps into Zarr: resume after SIGKILL, the same store on an external Dask cluster, errors."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time

import numpy as np
import pytest
import zarr

import ncled
from ncled.errors import ConfigError, ConvergenceError
from ncled.studies import load_study, open_study, run_study

NCLED = [sys.executable, "-m", "ncled.cli.main"]


def test_open_study_has_parameters_as_coordinates_and_units(reference_store):
    ds = ncled.open_study(reference_store)
    assert ds.sizes["point"] == 24
    assert ds["layers.ITO.thickness"].attrs["units"] == "m"
    assert all("units" in ds[v].attrs for v in ds.data_vars)
    grid = ds.drop_vars(["done", "status", "message"]).set_index(
        point=["layers.ITO.thickness", "nanocrystal.pl_peak"]).unstack("point")
    assert dict(grid.emitter_absorptance.sizes) == {"layers.ITO.thickness": 2,
                                                    "nanocrystal.pl_peak": 12}
    assert bool(ds.done.all())


def test_killed_study_resumes_and_recomputes_nothing_done(optics_study, reference_store,
                                                           spawn, same_store):
    out = optics_study.parent / "killed.zarr"
    proc = spawn([*NCLED, "sweep", str(optics_study), "--out", str(out), "--executor", "pool",
                  "--workers", "1"], cwd=optics_study.parent)
    done = 0
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if (out / "done" / ".zarray").exists():
            done = int(np.sum(zarr.open_group(str(out), mode="r")["done"][:]))
            if done >= 4:
                break
        time.sleep(0.05)
    assert proc.poll() is None and 4 <= done < 24, "the run was not caught midway"
    os.kill(proc.pid, signal.SIGKILL)  # the client only; the fixture ends its pool after
    mask = np.asarray(zarr.open_group(str(out), mode="r")["done"][:])
    missing = int((~mask).sum())
    run = run_study(load_study(optics_study), out, executor="serial")
    assert run.already_done == 24 - missing
    assert run.computed == missing  # no point that was done is computed again
    same_store(out, reference_store)
    runs = json.loads(json.dumps(zarr.open_group(str(out), mode="r").attrs["runs"]))
    assert [r["computed"] for r in runs] == [missing]  # the killed run never recorded itself


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_external_dask_cluster_gives_the_same_store_and_a_dead_worker_stops(
        optics_study, reference_store, spawn, same_store):
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    spawn([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
           "--port", str(port), "--dashboard-address", "127.0.0.1:0"], **quiet)
    # a loaded machine can take longer to start the scheduler than the client's connect
    # timeout: wait (up to 60 s) until it accepts connections
    deadline = time.monotonic() + 60.0
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1.0).close()
            break
        except OSError:
            time.sleep(0.2)
    workers = [spawn([sys.executable, "-m", "distributed.cli.dask_worker", address,
                      "--nthreads", "1", "--no-nanny", "--host", "127.0.0.1",
                      "--no-dashboard"], **quiet) for _ in range(2)]
    out = optics_study.parent / "external.zarr"
    run = run_study(load_study(optics_study), out, scheduler=address)
    assert run.computed == 24 and "127.0.0.1" in run.executor
    same_store(out, reference_store)
    # the workers die while a study runs: a clear error, the store keeps its done mask
    dead = out.with_name("dead.zarr")
    cli = spawn([*NCLED, "sweep", str(optics_study), "--out", str(dead), "--scheduler", address,
                 "--worker-timeout", "3"], cwd=optics_study.parent)
    time.sleep(1.0)
    for w in workers:
        os.kill(w.pid, signal.SIGKILL)
    _, err = cli.communicate(timeout=90)
    assert cli.returncode == 2, err
    assert "no worker" in err and "rerun to resume" in err
    if (dead / ".zattrs").exists():
        assert "done" in zarr.open_group(str(dead), mode="r")


def test_changed_study_or_version_refuses_to_resume(optics_study, reference_store, tmp_path):
    import shutil

    copy = tmp_path / "copy.zarr"
    shutil.copytree(reference_store, copy)
    changed = optics_study.read_text().replace("steps = 12", "steps = 13")
    optics_study.write_text(changed)
    with pytest.raises(ConfigError, match=r"different study \(changed: points\)"):
        run_study(load_study(optics_study), copy, executor="serial")
    g = zarr.open_group(str(copy), mode="r+")
    g.attrs["ncled_version"] = "0.0.1"
    with pytest.raises(ConfigError, match=r"written by ncled 0\.0\.1"):
        run_study(load_study(optics_study), copy, executor="serial")


def test_failing_points_are_recorded_and_all_failing_exits_3(tmp_path, capsys):
    text = """
device = "reference"
mode = "optics"
[[parameters]]
path = "nanocrystal.pl_peak"
values = [{}]
"""
    some = tmp_path / "some.toml"
    some.write_text(text.format('"2000 nm", "12000 nm"'))
    run = run_study(load_study(some), tmp_path / "some.zarr", executor="serial")
    ds = open_study(tmp_path / "some.zarr")
    assert run.failed == 1 and list(ds.status.values) == [1, 2]
    assert "outside its valid range" in str(ds.message.values[1])
    assert np.isnan(ds.emitter_absorptance.values[1]) and bool(ds.done.all())
    every = tmp_path / "every.toml"
    every.write_text(text.format('"12000 nm", "14000 nm"'))
    from ncled.cli.main import main

    code = main(["sweep", str(every), "--out", str(tmp_path / "every.zarr"), "--executor",
                 "serial"])
    assert code == 3
    assert "every point of the study failed" in capsys.readouterr().err
    assert bool(open_study(tmp_path / "every.zarr").done.all())  # the store is complete


def test_bad_input_exits_2_without_a_store(tmp_path, optics_study, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text('device = "reference"\n[[parameters]]\npath = "layers.ITO.thicknes"\n'
                   'values = ["30 nm"]\n[[parameters]]\npath = "layers.ZnO.thickness"\n'
                   'range = ["30 nm", "30 nm"]\nsteps = 2\n')
    from ncled.cli.main import main

    assert main(["sweep", str(bad), "--out", str(tmp_path / "bad.zarr")]) == 2
    err = capsys.readouterr().err  # both problems of the file at once
    assert "did you mean layers.ITO.thickness" in err and "empty range" in err, err
    assert not (tmp_path / "bad.zarr").exists()
    # a scheduler address that refuses: exit 2 with the address and what to do, no store
    code = main(["sweep", str(optics_study), "--out", str(tmp_path / "refused.zarr"),
                 "--scheduler", f"tcp://127.0.0.1:{_free_port()}"])
    err = capsys.readouterr().err
    assert code == 2 and "cannot reach the Dask scheduler" in err and "Traceback" not in err
    assert not (tmp_path / "refused.zarr").exists()
    with pytest.raises(ConvergenceError) as info:  # exit code 3 for a study that never worked
        raise ConvergenceError("x")
    assert info.value.exit_code == 3
