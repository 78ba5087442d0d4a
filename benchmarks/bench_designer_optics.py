"""Time of one designer optics update (a slider move) against the 100 ms budget of the page.

A thickness move reuses the cached refractive indices (only the dipole emission and the ITO point
are recomputed); a PL-peak move recomputes the nanocrystal film's indices. The coarse preview grid
is also compared with the LED model's own grid (121 wavelengths x 1000 nodes), which is what a
move would cost without the designer's preview grid. No peer code exists for this page; the ratio
printed is budget / measured.

Run: .venv/bin/python benchmarks/bench_designer_optics.py
"""

from __future__ import annotations

import time

import numpy as np

from ncled.designer.document import DeviceDocument, read_device_file
from ncled.designer.model import PreviewGrid, optics_preview, validate

BUDGET_S = 0.100


def median_time(configs, grid=None) -> float:
    times = []
    for c in configs:
        t0 = time.perf_counter()
        optics_preview(c, grid) if grid else optics_preview(c)
        times.append(time.perf_counter() - t0)
    return float(np.median(times))


def main() -> None:
    data, source = read_device_file("reference")
    doc = DeviceDocument(data, source)
    optics_preview(validate(doc.data))  # fill the caches once, as the page does on load
    moves = []
    for t in np.linspace(20, 200, 19):
        doc.set_thickness_nm(1, t)
        moves.append(validate(doc.data))
    t_move = median_time(moves)
    print(f"thickness move (ITO 20-200 nm): {1e3 * t_move:.1f} ms median "
          f"(budget {1e3 * BUDGET_S:.0f} ms, ratio {BUDGET_S / t_move:.1f})")
    fine = median_time(moves[:3], PreviewGrid(n_wavelength=121, n_kappa=1000))
    print(f"same move on the LED model's grid: {1e3 * fine:.0f} ms "
          f"(preview grid {fine / t_move:.0f}x faster)")
    peaks = []
    for p in (1900, 2100, 2200):
        doc.set_pl_peak_nm(p)
        peaks.append(validate(doc.data))
    t_pl = median_time(peaks)
    print(f"PL-peak move (new nanocrystal indices): {1e3 * t_pl:.0f} ms median")


if __name__ == "__main__":
    main()
