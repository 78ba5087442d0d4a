"""The LED model end to end: one device solve, one study point, and each step's share.

``ncled simulate`` (the reference device with its composition and wavelength studies) is timed
from outside with ``farm-bench`` (whole process, imports included), before and after a change::

    farm-bench -n 3 -- .venv/bin/python -m ncled.cli.main simulate --no-figures -o /tmp/sim

Measured on the shared 2-core development machine (load 10: wall times are dominated by the
other jobs, so the CPU seconds are the comparable figure), median of 3:

    before (main at 51ec5e2): 16.6 s CPU (15.2 user + 1.4 sys), 100 s wall
    after  (issue 12):        6.1 s CPU (5.7 user + 0.4 sys), 31 s wall   -> 2.7x less CPU

and in one process (this script, same load): one electro-thermal device solve 1.2 s CPU, one
study point 0.25 s CPU, the memoised PbS size 2.4 s -> 19 us.

This script times, in one process, the pieces the CLI calls: a full electro-thermal device solve
(two drift-diffusion sweeps, 121 wavelengths, 1000 in-plane nodes), an isothermal study point
(the composition and wavelength studies' grids and fast path), and the nanocrystal inversion that
is now memoised (the first call solves, the second hits the cache), reporting CPU and wall time.

Run: ``.venv/bin/python benchmarks/bench_simulate.py``
"""

from __future__ import annotations

import time

import numpy as np

from ncled.device.config import load_device
from ncled.device.led import simulate_led


def timed(fn, repeat: int = 3) -> tuple[float, float]:
    """Best wall and CPU seconds of ``repeat`` calls."""
    walls, cpus = [], []
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - w0)
        cpus.append(time.process_time() - c0)
    return min(walls), min(cpus)


def main() -> None:
    from ncled.nanocrystal.spectra import (
        _diameter_for_absorption_peak,
        diameter_for_absorption_peak,
    )

    _diameter_for_absorption_peak.cache_clear()
    w0 = time.perf_counter()
    diameter_for_absorption_peak("PbS", 980e-9)
    first = time.perf_counter() - w0
    w0 = time.perf_counter()
    diameter_for_absorption_peak("PbS", 980e-9)
    second = time.perf_counter() - w0
    print(f"PbS size for a 980 nm exciton: first {first * 1e3:.0f} ms, memoised "
          f"{second * 1e6:.0f} us ({first / second:.0f}x)")
    dev = load_device("reference")
    volts = np.linspace(0.0, 4.0, 41)
    simulate_led(dev, volts)  # warm the caches (materials, sizing inversions)
    wall, cpu = timed(lambda: simulate_led(dev, volts))
    print(f"one device solve (electro-thermal, full grids): {wall:.2f} s wall, {cpu:.2f} s CPU")
    wall, cpu = timed(lambda: simulate_led(dev, volts, n_kappa=400, n_wavelength=21,
                                           electrothermal=False, bias_refinement=1,
                                           figures_only=True))
    print(f"one study point (isothermal, study grids): {wall:.2f} s wall, {cpu:.2f} s CPU")


if __name__ == "__main__":
    main()
