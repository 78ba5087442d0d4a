"""Side-by-side timing: ncled's OPUS/OMNIC readers vs brukeropus, and ncled's Gaussian-in-energy fit
vs lmfit, on the same inputs in one run (prints the ratio and checks the results agree).

Run: .venv/bin/python benchmarks/bench_analysis_spectra.py
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from ncled.analysis.spectra import fit_gaussians_energy, gaussians_ev
from ncled.io.spectra import read_spectrum

FTIR = Path(__file__).resolve().parents[2] / "shared" / "data" / "public" / "ftir"


def best_of(fn, repeat=5, number=10):
    """Best wall time per call [s] over ``repeat`` rounds of ``number`` calls."""
    best = np.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _ in range(number):
            fn()
        best = min(best, (time.perf_counter() - t0) / number)
    return best


def bench_opus() -> None:
    try:
        import brukeropus
    except ImportError:
        print("brukeropus not installed: skipping the OPUS comparison")
        return
    for name in ("brukeropus_file.0", "test.0000"):
        path = FTIR / name
        if not path.exists():
            print(f"{path} absent: skipping")
            continue
        ours = best_of(lambda p=path: read_spectrum(p, block="a"))
        peer = best_of(lambda p=path: brukeropus.read_opus(str(p)))
        ds, _ = read_spectrum(path, block="a")
        same = np.allclose(ds.intensity.values, brukeropus.read_opus(str(path)).a.y)
        print(f"OPUS {name}: ncled {ours * 1e3:.2f} ms, brukeropus {peer * 1e3:.2f} ms "
              f"(whole file), ratio peer/ncled {peer / ours:.1f}; identical values: {same}")


def bench_gaussian_fit() -> None:
    try:
        from lmfit.models import GaussianModel
    except ImportError:
        print("lmfit not installed: skipping the fit comparison")
        return
    rng = np.random.default_rng(0)
    e = np.linspace(0.45, 0.8, 200)
    p = {"amplitude_0": 1.0, "center_ev_0": 0.62, "sigma_ev_0": 0.035,
         "amplitude_1": 0.4, "center_ev_1": 0.56, "sigma_ev_1": 0.025}
    y = gaussians_ev(e, **p) + rng.normal(0, 0.005, e.size)
    model = GaussianModel(prefix="a_") + GaussianModel(prefix="b_")
    # lmfit's Gaussian is normalised: height = amplitude / (sigma sqrt(2 pi))
    pars = model.make_params(a_center=0.62, a_sigma=0.03, a_amplitude=0.08,
                             b_center=0.56, b_sigma=0.03, b_amplitude=0.03)
    ours = best_of(lambda: fit_gaussians_energy(e, y, 2), repeat=3, number=5)
    peer = best_of(lambda: model.fit(y, pars, x=e), repeat=3, number=5)
    f = fit_gaussians_energy(e, y, 2)
    r = model.fit(y, pars, x=e)
    c_ours = np.sort(f.center_ev)
    c_peer = np.sort([r.params["a_center"].value, r.params["b_center"].value])
    print(f"2-Gaussian fit, 200 points: ncled {ours * 1e3:.2f} ms, lmfit {peer * 1e3:.2f} ms, "
          f"ratio lmfit/ncled {peer / ours:.1f}; centres differ by "
          f"{np.max(np.abs(c_ours - c_peer)):.1e} eV")


if __name__ == "__main__":
    bench_opus()
    bench_gaussian_fit()
