"""``ncled simulate`` end to end and its pieces: whole command, start-up, one device solve, one
study point, the figures.

The whole command is timed from outside (a child process: its wall time and its CPU time, the
studies' worker included), start-up included, the load average printed beside each figure (the
development machine has 2 cores shared by several jobs: the CPU seconds are the comparable figure
when it is loaded). Each piece is then timed in this process (best of ``--repeat``).

Measured (quiet-ish machine, medians of 3 paired runs, CPU seconds of the whole process tree;
``/usr/bin/time`` or this script give the same figures):

    issue 12 before the speed pass (7c4f327): 10.1 s CPU, 10.3 s wall
    after the first speed pass (5d5af8c):      7.3 s CPU,  7.6 s wall
    this pass: see the closing note of issue 12 (the load on the shared machine made the wall
    times of this session meaningless; the CPU times and the in-process pieces are below)

What this pass changed: the CLI imports only the module of the chosen command; NetCDF files are
written without importing Dask Distributed for xarray's default write lock; the figures use
fixed margins instead of the constrained layout engine and a faster PNG compression; the
composition and wavelength studies run in a forked worker while the device is simulated and its
files and figures written (``--serial`` keeps one process, same numbers); the worker inherits
the memoised nanocrystal sizes; Newton gives up a wandering iteration after 8 steps instead of
100 and the equilibrium continuation extrapolates its starting potential.

Run: ``.venv/bin/python benchmarks/bench_simulate.py [--runs 3] [--repeat 3] [--pieces-only]``
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median


def load() -> str:
    """The 1-minute load average, printed beside each timing."""
    return f"load {os.getloadavg()[0]:.1f}"


def run_command(args: list[str], runs: int) -> tuple[float, float]:
    """Median wall and CPU seconds (user + system of the process tree) of ``runs`` runs of
    ``python -m ncled <args>`` (after one warm-up run)."""
    walls, cpus = [], []
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "ncled", *args, "-o", tmp]
        for i in range(runs + 1):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            w0 = time.perf_counter()
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            wall = time.perf_counter() - w0
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if i:  # the first run warms the file cache
                walls.append(wall)
                cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return median(walls), median(cpus)


def timed(fn, repeat: int) -> tuple[float, float]:
    """Best wall and CPU seconds of ``repeat`` calls."""
    walls, cpus = [], []
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - w0)
        cpus.append(time.process_time() - c0)
    return min(walls), min(cpus)


def whole_command(runs: int) -> None:
    print("whole process, median of", runs, "runs (wall s, CPU s incl. the worker):")
    rows = {}
    for label, args in (("start-up (simulate --help)", ["simulate", "--help"]),
                        ("simulate (studies in a worker)", ["simulate", "--parallel"]),
                        ("simulate --serial", ["simulate", "--serial"]),
                        ("simulate --no-figures", ["simulate", "--no-figures"])):
        if args[-1] == "--help":  # --help takes no output folder
            w0 = time.perf_counter()
            for _ in range(runs):
                subprocess.run([sys.executable, "-m", "ncled", *args], check=True,
                               stdout=subprocess.DEVNULL)
            rows[label] = ((time.perf_counter() - w0) / runs, float("nan"))
        else:
            rows[label] = run_command(args, runs)
        wall, cpu = rows[label]
        print(f"  {label:32s} {wall:6.2f} s wall {cpu:6.2f} s CPU   ({load()})")
    par, ser = rows["simulate (studies in a worker)"], rows["simulate --serial"]
    print(f"  worker vs serial: wall x{par[0] / ser[0]:.2f}, CPU x{par[1] / ser[1]:.2f}")


def pieces(repeat: int) -> None:
    import numpy as np

    from ncled.cli import figures
    from ncled.device.config import load_device
    from ncled.device.led import simulate_led
    from ncled.device.step_nanocrystal import emitter_physics
    from ncled.device.step_optics import optics_step
    from ncled.device.studies import N_KAPPA_STUDY, N_WAVELENGTH_STUDY

    dev = load_device("reference")
    volts = np.linspace(0.0, 4.0, 41)
    ref = simulate_led(dev, volts)  # warms the memoised sizes and material tables
    print(f"in this process, best of {repeat} (wall s, CPU s; CPU counts both optics threads):")
    em = emitter_physics(dev)
    for label, fn in (
        ("one device solve (electro-thermal)", lambda: simulate_led(dev, volts)),
        ("one study point (cold)", lambda: simulate_led(
            dev, volts, n_kappa=N_KAPPA_STUDY, n_wavelength=N_WAVELENGTH_STUDY,
            electrothermal=False, bias_refinement=1, figures_only=True)),
        ("one study point (warm)", lambda: simulate_led(
            dev, volts, n_kappa=N_KAPPA_STUDY, n_wavelength=N_WAVELENGTH_STUDY,
            electrothermal=False, bias_refinement=1, figures_only=True, initial=ref.sweep)),
        ("optics, device grids", lambda: optics_step(
            dev, em, n_wavelength=121, n_depth=10, n_kappa=1000, horizontal_fraction=2 / 3)),
        ("optics, study grids", lambda: optics_step(
            dev, em, n_wavelength=N_WAVELENGTH_STUDY, n_depth=10, n_kappa=N_KAPPA_STUDY,
            horizontal_fraction=2 / 3)),
    ):
        wall, cpu = timed(fn, repeat)
        print(f"  {label:36s} {wall:6.3f} s wall {cpu:6.3f} s CPU   ({load()})")
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)

        def draw_paths():
            ds = ref.dataset
            figures.jv_radiance(ds, tmp_path / "a.png", "t")
            figures.eqe_j(ds, tmp_path / "b.png", "t")
            figures.band_diagram(ds, tmp_path / "c.png", [0.0, 2.0, 4.0], "t")
            figures.spectrum(ds, tmp_path / "d.png", "t")

        wall, cpu = timed(draw_paths, repeat)
        print(f"  {'the four device figures':36s} {wall:6.3f} s wall {cpu:6.3f} s CPU   "
              f"({load()})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pieces-only", action="store_true")
    a = parser.parse_args()
    if not a.pieces_only:
        whole_command(a.runs)
    pieces(a.repeat)


if __name__ == "__main__":
    main()
