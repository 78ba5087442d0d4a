"""Transfer-matrix speed: ncled vs Byrnes' tmm (scalar loop) vs tmm-fast (torch, CPU).

The stack is the built-in reference device (air / 1 mm glass, incoherent / ITO 35 nm / ZnO /
ZnO:HgTe / PbS / Au / air) at 1000 wavelengths (1.5-2.5 um) x 90 angles (0-89 deg) x s, p.

* ncled vs tmm: the whole device with the incoherent glass (``stack_rta`` vs ``tmm.inc_tmm`` +
  ``inc_absorp_in_each_layer`` per wavelength, angle and polarisation). The tmm loop is timed on a
  subset of wavelengths (all angles, both polarisations) and scaled to the full grid.
* ncled vs tmm-fast: tmm-fast needs real, semi-infinite outer media and has no incoherent layers,
  so both codes solve the coherent part only: glass (semi-infinite, Re n) / ITO / ZnO /
  ZnO:HgTe / PbS / Au / air, light from the glass. tmm-fast returns r, t, R, T; ncled also
  returns the absorptance of every layer.

A layer-evaluation is one (medium, wavelength, angle, polarisation), ambients included.
Run: ``.venv/bin/python benchmarks/bench_tmm.py [--tmm-wavelengths 10]``.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from ncled.device.config import load_device
from ncled.device.optical_stack import optical_stack
from ncled.optics.tmm import stack_rta

NW, NA = 1000, 90


def best_of(fn, repeat=3):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tmm-wavelengths", type=int, default=10,
                    help="wavelengths of the tmm loop subset (x 90 angles x 2 pol)")
    args = ap.parse_args()
    wl = np.linspace(1.5e-6, 2.5e-6, NW)
    ang = np.radians(np.linspace(0.0, 89.0, NA))
    stack = optical_stack(load_device("reference"), wl)
    n, d, coh = stack.n, stack.thickness_m, stack.coherent
    nmed = n.shape[0]
    evals = nmed * NW * NA * 2
    print(f"stack: {' / '.join(stack.names)}; {NW} wavelengths x {NA} angles x s,p")

    t_nc, res = best_of(lambda: stack_rta(n, d, wl, ang, coherent=coh))
    t_nc1, _ = best_of(lambda: stack_rta(n, d, wl, ang, coherent=coh, workers=1))
    print(f"ncled full device (incoherent glass): {t_nc * 1e3:.1f} ms default threads, "
          f"{t_nc1 * 1e3:.1f} ms 1 thread; {evals / t_nc:.3g} layer-evaluations/s")

    import tmm

    sub = np.linspace(0, NW - 1, args.tmm_wavelengths).astype(int)
    dl = np.r_[np.inf, d, np.inf]
    c = ["i"] + ["c" if x else "i" for x in coh] + ["i"]
    err = 0.0
    t0 = time.perf_counter()
    for iw in sub:
        for ia, th in enumerate(ang):
            for ip, pol in enumerate("sp"):
                o = tmm.inc_tmm(pol, n[:, iw], dl, c, th, wl[iw])
                a = np.array(tmm.inc_absorp_in_each_layer(o))
                err = max(err, abs(o["R"] - res.R[ip, iw, ia]),
                          np.max(abs(a - res.A[:, ip, iw, ia])))
    t_sub = time.perf_counter() - t0
    t_tmm = t_sub * NW / sub.size
    print(f"tmm inc_tmm loop: {t_sub:.2f} s for {sub.size} wavelengths -> {t_tmm:.1f} s scaled to "
          f"{NW} ({evals / t_tmm:.3g} layer-evaluations/s); max |diff| vs ncled {err:.1e}")
    print(f"RATIO ncled vs tmm: {t_tmm / t_nc:.0f}x (target >= 200x)")

    try:
        import torch
        from tmm_fast import coh_tmm as fast_coh_tmm
    except ImportError:
        print("tmm-fast not installed: skipped")
        return
    torch.set_num_threads(2)
    nc = n[1:].copy()
    nc[0] = nc[0].real  # tmm-fast: real outer media
    dc = d[1:]
    nmc = nc.shape[0]
    evals_c = nmc * NW * NA * 2
    t_ncc, resc = best_of(lambda: stack_rta(nc, dc, wl, ang))
    nf = nc[None, :, :]
    tf = np.r_[np.inf, dc, np.inf][None, :]

    def run_fast():
        return [fast_coh_tmm(p, nf, tf, ang, wl) for p in "sp"]

    t_fast, outf = best_of(run_fast)
    diff = max(np.max(np.abs(np.asarray(outf[ip]["R"])[0].T - resc.R[ip])) for ip in (0, 1))
    print(f"coherent part ({nmc} media): ncled {t_ncc * 1e3:.1f} ms ({evals_c / t_ncc:.3g} "
          f"layer-evaluations/s, R, T and A per layer); tmm-fast {t_fast * 1e3:.1f} ms "
          f"({evals_c / t_fast:.3g}/s, r, t, R, T only); max |R diff| {diff:.1e}")
    print(f"RATIO ncled vs tmm-fast: {t_fast / t_ncc:.1f}x (target >= 5x)")


if __name__ == "__main__":
    main()
