"""Shared helpers of the studies tests: cheap optics studies, processes cleaned up."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

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


@pytest.fixture(scope="module")
def optics_text() -> str:
    return OPTICS_STUDY


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
