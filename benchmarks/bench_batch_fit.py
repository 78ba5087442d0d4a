"""Benchmark: batched LM (ncled) vs lmfit one spectrum at a time, two Gaussians on a line.

10,000 spectra of 200 points are fitted by :func:`ncled.analysis.batch_lm.fit_batch`; lmfit
(``lmfit.minimize``, MINPACK leastsq, its default numerical Jacobian, as a user's notebook
would do) is timed on a subset of ``--lmfit-subset`` spectra and scaled to 10,000, which is
stated in the output; so is lmfit's composite-model API (``GaussianModel + GaussianModel +
LinearModel``, ``Model.fit``), the way most lmfit notebooks fit peaks, on a quarter of that.
All run in this one process, interleaved: each of ``--rounds`` rounds times ncled's compiled
path (numba, the ``fast`` extra; the NumPy path where numba is absent), ncled's NumPy path,
``lmfit.minimize`` and ``Model.fit`` one after the other, so that a change in the machine's load
hits all of them; the ratios are formed per round and their median is reported, with the load
average before, during and after. The agreement of the parameters on the subset is printed.
Both sides are warmed up first, and importing lmfit (about 1 s: scipy, asteval,
uncertainties) is kept out of its timing, as the import of ncled is out of ncled's; counting it
would charge 200 lmfit fits with 1 s they do not spend and inflate the ratio about threefold.

Run: ``.venv/bin/python benchmarks/bench_batch_fit.py [--n 10000] [--lmfit-subset 200]
[--rounds 5]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import numpy as np

from ncled.analysis.batch_lm import (
    TWO_GAUSS_LINE_NAMES,
    fit_batch,
    numba_available,
    two_gaussian_line,
    two_gaussian_line_and_jacobian,
    two_gaussian_line_jacobian,
)

TRUE = np.array([10.0, -1.0, 0.6, 6.0, 1.2, 0.8, 2.0, 0.1])


def make_spectra(n: int, npts: int = 200, seed: int = 0):
    rng = np.random.default_rng(seed)
    x = np.linspace(-5, 5, npts)
    p = TRUE + rng.normal(0, 0.05, (n, 8)) * [1, 1, 0.1, 1, 1, 0.1, 1, 0.1]
    return x, two_gaussian_line(x, p) + rng.normal(0, 0.3, (n, npts))


def run_lmfit(x, y, p0):
    import lmfit

    def resid(pars, xx, data):
        v = pars.valuesdict()
        p = np.array([[v[k] for k in TWO_GAUSS_LINE_NAMES]])
        return two_gaussian_line(xx, p)[0] - data

    out = []
    for row in y:
        pars = lmfit.Parameters()
        for name, val in zip(TWO_GAUSS_LINE_NAMES, p0, strict=True):
            pars.add(name, value=val)
        res = lmfit.minimize(resid, pars, args=(x, row))
        out.append([res.params[k].value for k in TWO_GAUSS_LINE_NAMES])
    return np.array(out)


def run_lmfit_models(x, y, p0):
    """The notebook way: GaussianModel + GaussianModel + LinearModel, Model.fit per spectrum."""
    from lmfit.models import GaussianModel, LinearModel

    model = GaussianModel(prefix="g1_") + GaussianModel(prefix="g2_") + LinearModel()
    a1, c1, s1, a2, c2, s2, b0, b1 = p0
    root2pi = np.sqrt(2 * np.pi)
    pars = model.make_params(g1_amplitude=a1 * s1 * root2pi, g1_center=c1, g1_sigma=s1,
                             g2_amplitude=a2 * s2 * root2pi, g2_center=c2, g2_sigma=s2,
                             intercept=b0, slope=b1)
    return [model.fit(row, pars, x=x).params["g1_center"].value for row in y]


CPU_TIMES: dict[str, float] = {}
"""Median CPU time (``time.process_time``) of each timed run, by label: on a shared machine
the wall clock counts the time other processes hold the cores, the CPU time does not."""


def timed(fn, repeat: int, label: str = ""):
    """Median and range of ``repeat`` wall-clock timings of ``fn()``, and its last result; the
    median CPU time goes into :data:`CPU_TIMES` under ``label``."""
    times, cpu, out = [], [], None
    for _ in range(max(repeat, 1)):
        t, c = time.perf_counter(), time.process_time()
        out = fn()
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    CPU_TIMES[label] = statistics.median(cpu)
    return statistics.median(times), min(times), max(times), out


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min) {five:.1f} (5 min) on {os.cpu_count()} cores"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--lmfit-subset", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=5,
                    help="interleaved rounds (ncled compiled, ncled NumPy, lmfit minimize, "
                         "lmfit Model.fit one after the other); medians are reported")
    args = ap.parse_args()
    x, y = make_spectra(args.n)
    p0 = TRUE * 1.05
    fast_engine = "numba" if numba_available() else "numpy"

    def ncled(engine):
        return fit_batch(two_gaussian_line, two_gaussian_line_jacobian, x, y, p0,
                         model_and_jacobian=two_gaussian_line_and_jacobian, engine=engine)

    # warm-up: compiles (or loads from numba's cache) the kernel, imports lmfit
    fit_batch(two_gaussian_line, two_gaussian_line_jacobian, x, y[:64], p0, engine=fast_engine)
    run_lmfit(x, y[:2], p0)
    run_lmfit_models(x, y[:1], p0)
    m = min(args.lmfit_subset, args.n)
    mm = max(m // 4, 1)
    print(f"spectra: {args.n} x {x.size} points, 8 parameters (two Gaussians + line); "
          f"lmfit timed on {m} (minimize) and {mm} (Model.fit) spectra, scaled to {args.n}")
    print(f"before: {_load()}")
    rows = []
    for k in range(max(args.rounds, 1)):
        t_fast, _, _, res = timed(lambda: ncled(fast_engine), 1, "fast")
        t_np, _, _, res_np = timed(lambda: ncled("numpy"), 1, "numpy")
        t_lm, _, _, ref = timed(lambda: run_lmfit(x, y[:m], p0), 1, "minimize")
        t_mod, _, _, _ = timed(lambda: run_lmfit_models(x, y[:mm], p0), 1, "model")
        t_lm *= args.n / m
        t_mod *= args.n / mm
        rows.append((args.n / t_fast, args.n / t_np, t_lm / t_fast, t_mod / t_fast,
                     t_mod / t_np, CPU_TIMES["model"] / mm / (CPU_TIMES["fast"] / args.n),
                     args.n / CPU_TIMES["fast"]))
        print(f"round {k + 1}: ncled {fast_engine} {rows[-1][0]:9,.0f} fits/s, ncled numpy "
              f"{rows[-1][1]:8,.0f} fits/s, lmfit Model.fit {args.n / t_mod:5,.0f} fits/s; "
              f"ratio to Model.fit {rows[-1][3]:6,.0f}x ({fast_engine}), {rows[-1][4]:5,.0f}x "
              f"(numpy); {_load()}")
    med = [statistics.median(c) for c in zip(*rows, strict=True)]
    rel = np.max(np.abs(res.params - res_np.params) / np.abs(res_np.params))
    dev = np.max(np.abs(ref - res.params[:m]) / res.stderr[:m])
    print(f"median of {len(rows)} interleaved rounds:")
    print(f"  ncled fit_batch ({fast_engine}) : {med[0]:9,.0f} fits/s, {res.n_failed} not "
          f"converged, mean {res.iterations.mean():.1f} LM steps; {med[6]:,.0f} fits per CPU "
          "second (what an idle core gives)")
    print(f"  ncled fit_batch (numpy) : {med[1]:9,.0f} fits/s")
    print(f"  ratio to lmfit minimize : {med[2]:9,.0f}x ({fast_engine})")
    print(f"  ratio to lmfit Model.fit: {med[3]:9,.0f}x ({fast_engine}), {med[4]:,.0f}x (numpy); "
          f"in CPU time {med[5]:,.0f}x ({fast_engine}, which uses "
          f"{os.cpu_count()} threads: CPU time sums them)")
    print(f"after: {_load()}")
    print(f"{fast_engine} vs numpy path: max relative parameter difference {rel:.1e}")
    print(f"agreement on the {m} lmfit spectra: max |p_lmfit - p_ncled| / stderr = {dev:.2e} "
          "(lmfit with default tolerances and numerical derivatives)")


if __name__ == "__main__":
    main()
