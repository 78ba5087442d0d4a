"""Benchmark: batched LM (ncled) vs lmfit one spectrum at a time, two Gaussians on a line.

10,000 spectra of 200 points are fitted by :func:`ncled.analysis.batch_lm.fit_batch`; lmfit
(``lmfit.minimize``, MINPACK leastsq, its default numerical Jacobian, as a user's notebook
would do) is timed on a subset of ``--lmfit-subset`` spectra and scaled to 10,000, which is
stated in the output; so is lmfit's composite-model API (``GaussianModel + GaussianModel +
LinearModel``, ``Model.fit``), the way most lmfit notebooks fit peaks, on a quarter of that.
Both run in this one process, one after the other, and the agreement of
the parameters on the subset is printed. The machine may be shared with other work, so each
timing is repeated (``--repeat``, ``--lmfit-repeat``) and the median is reported, with the
spread. Both sides are warmed up first, and importing lmfit (about 1 s: scipy, asteval,
uncertainties) is kept out of its timing, as the import of ncled is out of ncled's; counting it
would charge 200 lmfit fits with 1 s they do not spend and inflate the ratio about threefold.

Run: ``.venv/bin/python benchmarks/bench_batch_fit.py [--n 10000] [--lmfit-subset 200]
[--repeat 5] [--lmfit-repeat 3]``
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--lmfit-subset", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=5, help="timings of fit_batch (median)")
    ap.add_argument("--lmfit-repeat", type=int, default=3, help="timings of lmfit (median)")
    args = ap.parse_args()
    x, y = make_spectra(args.n)
    p0 = TRUE * 1.05
    fit_batch(two_gaussian_line, two_gaussian_line_jacobian, x, y[:64], p0)  # warm-up
    run_lmfit(x, y[:2], p0)  # imports lmfit and warms it up, outside the timing
    run_lmfit_models(x, y[:1], p0)
    t_batch, b_lo, b_hi, res = timed(
        lambda: fit_batch(two_gaussian_line, two_gaussian_line_jacobian, x, y, p0,
                          model_and_jacobian=two_gaussian_line_and_jacobian), args.repeat, "batch")
    m = min(args.lmfit_subset, args.n)
    t_lm, l_lo, l_hi, ref = timed(lambda: run_lmfit(x, y[:m], p0), args.lmfit_repeat,
                                 "minimize")
    t_lm_scaled = t_lm * args.n / m
    mm = max(m // 4, 1)
    t_models, _, _, _ = timed(lambda: run_lmfit_models(x, y[:mm], p0), args.lmfit_repeat,
                            "model")
    t_models_scaled = t_models * args.n / mm
    dev = np.max(np.abs(ref - res.params[:m]) / res.stderr[:m])
    print(f"spectra: {args.n} x {x.size} points, 8 parameters (two Gaussians + line)")
    print(f"ncled fit_batch : {t_batch:8.3f} s  ({args.n / t_batch:,.0f} fits/s), "
          f"{res.n_failed} not converged, mean {res.iterations.mean():.1f} LM steps "
          f"(median of {max(args.repeat, 1)}, range {b_lo:.3f}-{b_hi:.3f} s)")
    print(f"lmfit minimize  : {t_lm:8.3f} s for {m} spectra ({m / t_lm:,.0f} fits/s), scaled to "
          f"{args.n}: {t_lm_scaled:.1f} s (median of {max(args.lmfit_repeat, 1)}, "
          f"range {l_lo:.3f}-{l_hi:.3f} s)")
    print(f"lmfit Model.fit : {t_models:8.3f} s for {mm} spectra ({mm / t_models:,.0f} fits/s, "
          f"GaussianModel*2 + LinearModel), scaled to {args.n}: {t_models_scaled:.1f} s")
    print(f"speed-up ratio  : {t_lm_scaled / t_batch:,.0f}x vs lmfit.minimize, "
          f"{t_models_scaled / t_batch:,.0f}x vs lmfit Model.fit")
    cpu_b = CPU_TIMES["batch"] / args.n
    cpu_m = CPU_TIMES["model"] / mm
    print(f"CPU time        : fit_batch {1 / cpu_b:,.0f} fits/s, lmfit Model.fit "
          f"{1 / cpu_m:,.0f} fits/s, ratio {cpu_m / cpu_b:,.0f}x; load average during the run "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"agreement on the {m} lmfit spectra: max |p_lmfit - p_ncled| / stderr = {dev:.2e} "
          "(lmfit with default tolerances and numerical derivatives)")


if __name__ == "__main__":
    main()
