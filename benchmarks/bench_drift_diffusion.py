"""51-point pn-diode sweep (0-1 V, 500 nodes): ncled vs DEVSIM vs NIST Sesame, best of three.

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


def sesame_pn(repeats=3):
    """Best-of-``repeats`` time [s] of Sesame's IV sweep of the same diode, and J(1 V) [A/cm^2].

    Sesame (NIST, Gaury et al. 2019) is used through its public API only (``Builder``,
    ``solvers.Solver().IVcurve``), imported here so that ncled never depends on it. Same diode
    as :func:`ours`: 1 um + 1 um, N_A = N_D = 1e17 cm^-3, n_i = 1e10 cm^-3, 500 nodes, no
    recombination (lifetimes 1 s), ohmic contacts. Its IVcurve also writes each solution to disk,
    which is part of the time measured. Returns (None, None) when Sesame is not installed.
    """
    try:
        import sesame
        from sesame.solvers import Solver
    except ImportError:
        return None, None
    import contextlib
    import io
    import logging
    import tempfile

    logging.disable(logging.INFO)
    nc = 2.8e19
    kt_ev = k_B * 300.0 / q
    x = np.linspace(0.0, 2e-4, 500)  # [cm]
    mat = {"Nc": nc, "Nv": nc, "Eg": 2 * kt_ev * np.log(nc / 1e10), "affinity": 4.05,
           "epsilon": 11.7, "mu_e": 1000.0, "mu_h": 400.0, "tau_e": 1.0, "tau_h": 1.0,
           "Et": 0.0}  # Sesame's material units: cm^-3, eV, cm^2/(V s), s

    def run():
        system = sesame.Builder(x, input_length="cm")
        system.add_material(mat)
        system.add_acceptor(1e17, lambda pos: pos < 1e-4)
        system.add_donor(1e17, lambda pos: pos >= 1e-4)
        system.contact_type("Ohmic", "Ohmic")
        system.contact_S(1e50, 1e50, 1e50, 1e50)
        with tempfile.TemporaryDirectory() as d, contextlib.redirect_stdout(io.StringIO()):
            j = Solver(use_mumps=False).IVcurve(system, VOLTS, f"{d}/pn", verbose=False)
        return j * system.scaling.current

    best, j = np.inf, None
    for _ in range(repeats):
        t = time.perf_counter()
        j = run()
        best = min(best, time.perf_counter() - t)
    return best, float(abs(j[-1]))


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
            # DEVSIM as usually run (double precision, default-like tolerances) ...
            t_dev = min(timed(lambda: devsim_pn_sweep(VOLTS, extended=False, abs_err=1e10,
                                                      rel_err=1e-12)) for _ in range(3))
            # ... and with the 128-bit arithmetic it needs to resolve the low-bias current
            t_ext = min(timed(lambda: devsim_pn_sweep(VOLTS)) for _ in range(3))
        print(f"DEVSIM : {t_dev:.3f} s (double)  -> ncled is {t_dev / t_ours:.2f}x faster")
        print(f"DEVSIM : {t_ext:.3f} s (extended precision, as accurate as ncled at 0.02 V)  "
              f"-> ncled is {t_ext / t_ours:.2f}x faster")
    else:
        print("DEVSIM : skipped (cannot be imported)")
    t_ses, j_ses = sesame_pn()
    if t_ses is None:
        print("Sesame : skipped (not installed)")
    else:
        print(f"Sesame : {t_ses:.3f} s  -> ncled is {t_ses / t_ours:.2f}x faster")
        j_ours = ours().current[-1] * 1e-4
        print(f"         J(1 V): Sesame {j_ses:.4g} A/cm^2, ncled {j_ours:.4g} A/cm^2 "
              f"(ratio {j_ses / j_ours:.4f})")
