"""51-point pn-diode sweep (0-1 V, 500 nodes): ncled vs DEVSIM vs NIST Sesame, one run.

Run: .venv/bin/python benchmarks/bench_drift_diffusion.py
"""

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parents[1] / "tests" / "transport"))
from devsim_pn import devsim_pn_sweep, import_devsim

from ncled.constants import k_B, q
from ncled.transport import Device, Layer, solve_sweep

VOLTS = np.linspace(0.0, 1.0, 51)


def ours():
    kt, nc = k_B * 300.0, 2.8e25
    eg = 2 * kt * np.log(nc / 1e16)

    def side(name, **dop):
        return Layer(name, 1e-6, 11.7, 4.05 * q, eg, nc, nc, 0.1, 0.04, **dop)

    return solve_sweep(Device((side("p", na=1e23), side("n", nd=1e23)), n_nodes=500), VOLTS)


def timed(f):
    t = time.perf_counter()
    f()
    return time.perf_counter() - t


if __name__ == "__main__":
    t_ours = min(timed(ours) for _ in range(3))
    print(f"ncled  : {t_ours:.3f} s for 51 biases, 500 nodes")
    if import_devsim() is not None:
        import contextlib
        import io

        with contextlib.redirect_stdout(io.StringIO()):
            t_dev = min(timed(lambda: devsim_pn_sweep(VOLTS)) for _ in range(3))
        print(f"DEVSIM : {t_dev:.3f} s  -> ncled is {t_dev / t_ours:.2f}x faster")
    else:
        print("DEVSIM : skipped (cannot be imported)")
    try:
        import sesame  # noqa: F401
        print("Sesame : installed, but its sweep is not wired into this benchmark yet (skipped)")
    except ImportError:
        print("Sesame : skipped (not installed)")
