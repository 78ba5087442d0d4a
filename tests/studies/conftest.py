"""Shared helpers of the studies tests: cheap optics studies, processes cleaned up."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("distributed", reason="the studies extra (dask, zarr, optuna) is not "
                    "installed: pip install 'ncled[studies]'")
pytest.importorskip("zarr", reason="the studies extra is not installed")

# An optics study: 24 points in 6 tasks of 4. Each task meets two new PL peaks, so it builds two
# stacks of indices (about half a second each here): long enough to be killed midway, short
# enough for the test budget.
OPTICS_STUDY = """
device = "reference"
mode = "optics"
design = "grid"
outputs = ["spectra"]

[execution]
points_per_task = 4

[[parameters]]
path = "nanocrystal.pl_peak"
range = ["1900 nm", "2340 nm"]
steps = 12

[[parameters]]
path = "layers.ITO.thickness"
values = [35, 120]
unit = "nm"
"""


@pytest.fixture
def optics_study(tmp_path: Path) -> Path:
    path = tmp_path / "optics.toml"
    path.write_text(OPTICS_STUDY, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def optics_text() -> str:
    return OPTICS_STUDY


@pytest.fixture(scope="session")
def reference_store(tmp_path_factory, optics_text) -> Path:
    """The optics study run uninterrupted on a LocalCluster of two workers."""
    from ncled.studies import load_study, run_study

    d = tmp_path_factory.mktemp("ref")
    (d / "optics.toml").write_text(optics_text, encoding="utf-8")
    run = run_study(load_study(d / "optics.toml"), d / "ref.zarr", workers=2, executor="dask")
    assert run.computed == 24 and run.failed == 0
    return d / "ref.zarr"


def _arrays(path: Path) -> dict:
    import zarr

    g = zarr.open_group(str(path), mode="r")
    return {k: np.asarray(g[k][:]) for k in g.array_keys()}


def _assert_same_store(a: Path, b: Path) -> None:
    # Same chunks, same arithmetic on each point: the values must agree exactly.
    xa, xb = _arrays(a), _arrays(b)
    assert sorted(xa) == sorted(xb)
    for k in xa:
        if xa[k].dtype.kind == "f":
            np.testing.assert_array_equal(xa[k], xb[k], err_msg=k)
        else:
            assert (xa[k] == xb[k]).all(), k


@pytest.fixture
def same_store():
    """``same_store(a, b)``: assert two study stores hold the same arrays, exactly."""
    return _assert_same_store


def _end_group(proc: subprocess.Popen) -> None:
    """SIGKILL a process and every process of its session (it was started in its own)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait(timeout=30)


@pytest.fixture
def spawn():
    """``spawn(argv, **popen_kw)``: a process in its own session, ended with all its children
    (SIGKILL to the session) when the test ends, however it ends."""
    started: list[subprocess.Popen] = []

    def start(argv: list[str], **kw) -> subprocess.Popen:
        kw.setdefault("stdout", subprocess.PIPE)
        kw.setdefault("stderr", subprocess.PIPE)
        proc = subprocess.Popen(argv, start_new_session=True, text=True, **kw)
        started.append(proc)
        return proc

    yield start
    for proc in reversed(started):
        _end_group(proc)


NCLED = [sys.executable, "-m", "ncled.cli.main"]
