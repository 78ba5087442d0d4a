"""Design studies at scale: parallel efficiency, optics throughput, the time of a fit.

* parallel efficiency of a full-model study (LED model per point) on a Dask LocalCluster of 1 and
  2 workers: E = T1 / (2 T2) (goal >= 0.8 per added worker), cluster start-up included and
  excluded;
* optics-only throughput in designs per second (stacks vectorised inside each task);
* wall time of a 4-parameter fit to synthetic data made by the model (2 starts on 2 workers).

No peer code sweeps nanocrystal-LED models, so there is no side-by-side ratio here; the machine's
load is printed with every figure (the numbers mean little on a shared machine without it). On a
loaded machine the wall-clock efficiency measures the load as much as the code, so each run also
prints the CPU time per point of its worker processes (``getrusage`` of the reaped children) and
their utilisation, CPU / (workers x wall): with 1 -> 2 workers the CPU per point should stay the
same (no parallel overhead) and the utilisation near 1 on an idle machine.

Run: .venv/bin/python benchmarks/bench_studies.py [--points 200] [--optics 2000] [--fit]
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from pathlib import Path

import numpy as np

from ncled.device.config import load_device
from ncled.studies import run_study, study_from_dict
from ncled.studies.execution import make_executor, run_all

CHEAP = {"voltages": [0.0, 1.0, 2.0, 3.0], "n_nodes": 80, "n_kappa": 200, "n_wavelength": 11,
         "n_depth": 5}


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} cores"


def children_cpu() -> float:
    """CPU seconds of this process's reaped children (the cluster's or pool's workers)."""
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def own_cpu() -> float:
    return time.process_time()


def full_study(n: int):
    return study_from_dict({
        "device": "reference", "mode": "full", "design": "lhs", "samples": n, "seed": 1,
        "simulation": CHEAP, "execution": {"points_per_task": 1},
        "parameters": [{"path": "layers.ITO.thickness", "range": ["20 nm", "120 nm"]},
                       {"path": "emitter.hgte_fraction", "range": [0.35, 0.65]}]})


def bench_parallel(n: int) -> None:
    study = full_study(n)
    times = {}
    for workers in (1, 2):
        with tempfile.TemporaryDirectory() as d:
            t0, c0 = time.perf_counter(), children_cpu()
            ex = make_executor(None, workers, "dask")
            ex.close()
            startup, startup_cpu = time.perf_counter() - t0, children_cpu() - c0
            before = load()
            t0, c0 = time.perf_counter(), children_cpu()
            run = run_study(study, Path(d) / "s.zarr", workers=workers, executor="dask")
            total, cpu = time.perf_counter() - t0, children_cpu() - c0 - startup_cpu
        busy = total - startup
        times[workers] = (total, busy, cpu / n, cpu / (workers * busy))
        print(f"{n} full device solves on {workers} worker(s): {total:.1f} s "
              f"({busy / n:.2f} s per point without the {startup:.1f} s start-up); worker CPU "
              f"{cpu / n:.2f} s per point, utilisation {times[workers][3]:.0%}; {run.failed} "
              f"failed; before: {before}; after: {load()}")
    for k, label in ((0, "with start-up"), (1, "without start-up")):
        eff = times[1][k] / (2 * times[2][k])
        print(f"parallel efficiency 1 -> 2 workers, wall clock ({label}): {eff:.0%} "
              "(goal >= 80 %)")
    print(f"CPU per point 1 -> 2 workers: {times[1][2]:.3f} -> {times[2][2]:.3f} s "
          f"(ratio {times[1][2] / times[2][2]:.0%}: the parallel overhead in work); worker "
          f"utilisation {times[1][3]:.0%} -> {times[2][3]:.0%} (the CPU the machine gave them)")


def bench_optics(n: int) -> None:
    side = int(np.sqrt(n))
    study = study_from_dict({
        "device": "reference", "mode": "optics",
        "parameters": [{"path": "layers.ITO.thickness", "range": ["10 nm", "250 nm"],
                        "steps": side},
                       {"path": "layers.ZnO.thickness", "range": ["50 nm", "200 nm"],
                        "steps": side}]})
    for executor, workers in (("serial", None), ("dask", 2)):
        with tempfile.TemporaryDirectory() as d:
            t0, c0 = time.perf_counter(), children_cpu() + own_cpu()
            run = run_study(study, Path(d) / "o.zarr", workers=workers, executor=executor)
            dt, cpu = time.perf_counter() - t0, children_cpu() + own_cpu() - c0
        print(f"optics study, {study.n_points} designs on {run.executor}: {dt:.2f} s = "
              f"{study.n_points / dt:.0f} designs/s ({run.points_per_task} per task; "
              f"{1e3 * cpu / study.n_points:.2f} ms CPU per design, start-up included); "
              f"{load()}")


#: The default suite's coarse fit model (test_acceptance_cheap.py: within 6 % of FIT_SIMULATION).
COARSE_FIT = {"n_nodes": 60, "n_kappa": 150, "n_wavelength": 9, "n_depth": 4, "n_voltage": 7,
              "electrothermal": False}


def bench_fit(coarse: bool = False) -> None:
    from ncled.studies.fit import (
        FIT_SIMULATION,
        FitProblem,
        fit_device,
        free_parameters,
        model_curves,
    )
    from ncled.studies.paths import apply_parameters

    dev = load_device("reference")
    # four parameters the J-V-L data determine (test_acceptance_cheap measured their
    # sensitivities): ITO thickness (series resistance and parasitic absorption), PLQY and
    # HgTe fraction (radiance), the hole mobility of ZnO:HgTe (current and balance)
    true = {"layers.ITO.thickness": 50e-9, "nanocrystal.plqy": 0.03,
            "emitter.hgte_fraction": 0.55, "layers.ZnO:HgTe.electrical.mu_p_cm2": 2e-3}
    bounds = {"layers.ITO.thickness": (20e-9, 80e-9), "nanocrystal.plqy": (2e-3, 0.2),
              "emitter.hgte_fraction": (0.35, 0.65),
              "layers.ZnO:HgTe.electrical.mu_p_cm2": (2e-4, 2e-2)}
    v = np.linspace(0.5, 3.0, 6)
    truth = apply_parameters(dev, true)
    fp = free_parameters(truth, list(true), bounds)
    sim = COARSE_FIT if coarse else FIT_SIMULATION
    m = model_curves(FitProblem(truth, fp, v, v, v, 1, 1, sim), np.array(list(true.values())))
    rng = np.random.default_rng(5)
    j = m["current_density"] * 10 ** rng.normal(0, 0.02, v.size)
    rad = m["radiance"] * 10 ** rng.normal(0, 0.02, v.size)
    before = load()
    label = "coarse model (COARSE_FIT)" if coarse else "the fit's model (FIT_SIMULATION)"
    if coarse:  # in this process: its CPU time is the fit's, whatever the machine's load
        t0, c0 = time.perf_counter(), own_cpu()
        res = fit_device(dev, v, j, rad, free=list(true), bounds=bounds, starts=2, seed=1,
                         simulation=sim)
        dt, cpu, where = time.perf_counter() - t0, own_cpu() - c0, "serially"
    else:
        c0 = children_cpu()
        ex = make_executor(None, 2, "dask")
        try:
            t0 = time.perf_counter()
            res = fit_device(dev, v, j, rad, free=list(true), bounds=bounds, starts=2, seed=1,
                             run_tasks=lambda fn, sh, args: run_all(ex, fn, sh, args))
            dt = time.perf_counter() - t0
        finally:
            ex.close()
        cpu, where = children_cpu() - c0, "on 2 Dask workers"
    print(f"4-parameter fit, {label}, 2 starts {where}: {dt:.0f} s wall, CPU {cpu:.0f} s, "
          f"{res.n_evaluations} model evaluations ({cpu / res.n_evaluations:.2f} s CPU each); "
          f"before: {before}; after: {load()}")
    for row, t in zip(res.table(), true.values(), strict=True):
        print(f"  {row['parameter']}: {row['value']:.4g} +- {row['stderr']:.2g} (true {t:.4g})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--points", type=int, default=200, help="full solves (issue: 200)")
    ap.add_argument("--optics", type=int, default=2000, help="optics designs")
    ap.add_argument("--fit", action="store_true", help="also time the 4-parameter fit")
    ap.add_argument("--only-fit", action="store_true", help="only the 4-parameter fit")
    ap.add_argument("--coarse-fit", action="store_true",
                    help="the fit on the coarse model of the default tests, serially")
    args = ap.parse_args()
    if not args.only_fit:
        bench_optics(args.optics)
        bench_parallel(args.points)
    if args.fit or args.only_fit:
        bench_fit(args.coarse_fit)


if __name__ == "__main__":
    main()
