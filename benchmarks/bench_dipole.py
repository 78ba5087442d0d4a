"""Benchmark: dipole power-dissipation map of the reference device, ncled vs pystratify.

Run: ``.venv/bin/python benchmarks/bench_dipole.py``. ncled computes the full map K(kappa) for
500 wavelengths x 2000 in-plane indices x 10 depths x 2 orientations (plus all channels and the
angular pattern); pystratify (``planar_emission.FilmSource``, GPL-3, optional) computes the rates
of one (wavelength, depth) point at a time, on the same stack with a lossless emitter and glass
(its requirement). The ratio is per (wavelength, depth) point.
"""

from __future__ import annotations

import time

import numpy as np

from ncled.device.config import load_device
from ncled.device.emission import emitter_stack
from ncled.optics.outcoupling import PlanarEmitterStack, dipole_emission, uniform_positions

N_WL, N_KAPPA, N_DEPTH = 500, 2000, 10
N_PEER = 6  # pystratify points timed (about 0.3 s each)


def best_of(fn, repeat=3):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    dev = load_device("reference")
    wl = np.linspace(1.5e-6, 2.6e-6, N_WL)
    st = emitter_stack(dev, wl)
    z = uniform_positions(st.d_emitter, N_DEPTH)
    t_map = best_of(lambda: dipole_emission(st, position_m=z, n_kappa=N_KAPPA, keep_map=True))
    t_nomap = best_of(lambda: dipole_emission(st, position_m=z, n_kappa=N_KAPPA))
    points = N_WL * N_DEPTH
    print(f"ncled map {N_WL} wl x {N_KAPPA} kappa x {N_DEPTH} depths x 2 orientations "
          f"(+ channels, angular): {t_map:.2f} s (target < 2 s); without the per-depth map "
          f"{t_nomap:.2f} s; {t_map / points * 1e3:.3f} ms per (wavelength, depth) point")
    try:
        from pystratify.planar_emission import FilmSource
    except ImportError:
        print("pystratify not installed: no peer timing")
        return
    # same stack, lossless emitter and glass, for both codes
    lossless = PlanarEmitterStack(wl, st.n_emitter.real + 0j, st.d_emitter, st.front_n,
                                  st.front_d, st.n_substrate.real + 0j, st.back_n, st.back_d,
                                  st.n_back, front_names=st.front_names,
                                  back_names=st.back_names)
    t_ll = best_of(lambda: dipole_emission(lossless, position_m=z, n_kappa=N_KAPPA))
    ds = dipole_emission(lossless, position_m=z, n_kappa=N_KAPPA)
    idx = [(i, j) for i, j in zip(np.linspace(0, N_WL - 1, N_PEER).astype(int),
                                  np.arange(N_PEER) % N_DEPTH, strict=True)]
    t0 = time.perf_counter()
    worst = 0.0
    for i, j in idx:
        n = [lossless.n_substrate[i], *[x[i] for x in lossless.front_n[::-1]],
             lossless.n_emitter[i], *[x[i] for x in lossless.back_n], lossless.n_back[i]]
        d = [np.inf, *lossless.front_d[::-1], lossless.d_emitter, *lossless.back_d, np.inf]
        r = FilmSource(n, d, wl[i], 1 + len(lossless.front_n), z[j]).rates()
        for o_ref, o in ((0, 1), (1, 0)):
            worst = max(worst, abs(ds.purcell.values[i, j, o] - r.total[o_ref]),
                        abs(ds.mode_power.values[i, j, o, 0] - r.upper[o_ref]))
    t_peer = (time.perf_counter() - t0) / len(idx)
    t_ours = t_ll / points
    print(f"pystratify FilmSource.rates: {t_peer * 1e3:.1f} ms per point ({len(idx)} points); "
          f"ncled {t_ours * 1e3:.3f} ms per point (lossless stack, no map) -> ratio "
          f"{t_peer / t_ours:.0f}x (target >= 100x); with the full map "
          f"{t_peer / (t_map / points):.0f}x")
    print(f"largest difference in Purcell factor / glass power over those points: {worst:.1e}")


if __name__ == "__main__":
    main()
