"""Write the synthetic FET, TrXPS and transient-absorption examples of examples/measurements/.

Each file is made by a seeded forward model, so the README's commands recover the numbers below
within their stated uncertainties:

* ``fet_transfer.csv``: ambipolar transfer curve, L = 15 um, W = 50 um, 85 nm SiO2, Vds = 0.1 V,
  forward and backward sweeps with neutrality points at +2 and +3 V (1 V hysteresis), electron
  mobility 200 cm^2/Vs, hole mobility 100 cm^2/Vs (linear-regime model
  ``I = (W/L) C Vds mu sqrt((Vg - V_NP)^2 + 0.25 V^2)``);
* ``trxps_series.txt``: Hg 4f7/2 Hg-Te (100.39 eV) and Hg-S (100.97 eV) components (Qu et al.,
  Nat. Photon. 16, 38 (2022), doi:10.1038/s41566-021-00902-y), shifted by -6 meV x exp(-t/60 ns)
  convolved with a 30 ns resolution, Poisson counts;
* ``transient.ascii``: glotaran "Time explicit" ascii, sequential A -> B -> C -> ground with
  lifetimes 0.5 ps, 20 ps and 1 ns, a 0.15 ps IRF at 0.3 ps, Gaussian species spectra, a pump
  scatter band at 525-535 nm (to exclude), noise 1e-3.

``pt4f.vms`` is not synthetic: it is the public Pt 4f CasaXPS export of KherveFitting (BSD-3,
see SOURCES.md).

Run:  .venv/bin/python examples/make_analysis_examples.py
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ncled.analysis.fet import oxide_capacitance
from ncled.analysis.global_analysis import exp_conv_gauss
from ncled.analysis.kinetics import (
    initial_population,
    populations,
    sequential_scheme,
    transfer_matrix,
)
from ncled.analysis.trxps import simulate_trxps_series

OUT = Path(__file__).resolve().parent / "measurements"
SEED = 20221105


def fet(rng) -> None:
    cap = oxide_capacitance(85e-9, 3.9)
    pre = 50 / 15 * cap * 0.1
    fwd = np.linspace(-20, 20, 81)
    rows = ["Vg (V),Id (A)"]
    for vg, vnp in ((fwd, 2.0), (fwd[::-1], 3.0)):
        mu = np.where(vg > vnp, 200e-4, 100e-4)
        i = pre * mu * np.sqrt((vg - vnp) ** 2 + 0.25) * (1 + rng.normal(0, 0.002, vg.size))
        rows += [f"{a:.3f},{b:.6e}" for a, b in zip(vg, i, strict=True)]
    (OUT / "fet_transfer.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")


def trxps(rng) -> None:
    e = np.linspace(98.5, 102.5, 81)
    d = np.arange(-60e-9, 300e-9, 10e-9)
    y = simulate_trxps_series(e, d, -0.006 * exp_conv_gauss(d, 60e-9, 0, 30e-9),
                              heights=(1e5, 4e4), rng=rng)
    lines = ["delay (ns)\t" + "\t".join(f"{x:.4f}" for x in e)]
    lines += [f"{t * 1e9:.1f}\t" + "\t".join(f"{v:.0f}" for v in row)
              for t, row in zip(d, y, strict=True)]
    (OUT / "trxps_series.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def transient(rng) -> None:
    ps = 1e-12
    t = np.r_[np.linspace(-2, 3, 40), np.geomspace(3.2, 2000, 60)] * ps
    wl = np.linspace(450e-9, 700e-9, 51)
    scheme = sequential_scheme(["A", "B", "C"], [2e12, 5e10, 1e9])
    k = transfer_matrix(scheme, {"k1": 2e12, "k2": 5e10, "k3": 1e9})
    c = populations(t, k, initial_population(scheme), 0.3 * ps, 0.15 * ps)
    sas = np.vstack([np.exp(-((wl - 500e-9) / 30e-9) ** 2),
                     0.8 * np.exp(-((wl - 580e-9) / 40e-9) ** 2),
                     -0.4 * np.exp(-((wl - 650e-9) / 25e-9) ** 2)])
    d = c @ sas + rng.normal(0, 1e-3, (t.size, wl.size))
    d[:, (wl >= 525e-9) & (wl <= 535e-9)] += 0.05 * np.exp(-((t / ps - 0.3) / 0.2) ** 2)[:, None]
    lines = ["Header", "synthetic sequential A->B->C (examples/make_analysis_examples.py)",
             "Time explicit", f"intervalnr {t.size}",
             "\t" + "\t".join(f"{x / ps:.5g}" for x in t)]
    lines += [f"{w * 1e9:.2f}\t" + "\t".join(f"{v:.5g}" for v in d[:, j])
              for j, w in enumerate(wl)]
    (OUT / "transient.ascii").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    rng = np.random.default_rng(SEED)
    fet(rng)
    trxps(rng)
    transient(rng)


if __name__ == "__main__":
    main()
