"""
XPS: a spin-orbit doublet fit (Pt 4f)
=====================================

A measured Pt 4f spectrum of a Pt foil (a public VAMAS export, see ``examples/measurements/
SOURCES.md``) fitted with one asymmetric Doniach-Sunjic doublet on a Shirley background fitted
together with the peaks. The 4f5/2 : 4f7/2 area ratio starts at the spin-orbit value 3 : 4
(:func:`ncled.analysis.xps_fit.spin_orbit_ratio`) and is fitted, with the splitting. The model is
the TOML file ``ncled analyze xps`` reads (:func:`ncled.analysis.xps_model.load_xps_model`).
"""

from pathlib import Path

import matplotlib.pyplot as plt

from ncled.analysis.xps_fit import fit_xps
from ncled.analysis.xps_model import load_xps_model, xps_spectra

try:  # the folder of this script (sphinx-gallery runs it without __file__)
    HERE = Path(__file__).resolve().parent
except NameError:
    HERE = Path.cwd()
DATA = next(p / "examples" / "measurements" for p in (HERE, *HERE.parents)
            if (p / "examples" / "measurements" / "pt4f.vms").is_file())

model = load_xps_model(DATA / "pt4f_model.toml")
((name, binding_ev, counts),) = xps_spectra(DATA / "pt4f.vms", region="Pt 4f")
res = fit_xps(binding_ev, counts, model.components, **model.options)

fig, ax = plt.subplots(figsize=(6, 4))
ax.plot(res.binding_ev, res.intensity, ".", ms=3, color="0.4", label="Pt foil (measured)")
ax.plot(res.binding_ev, res.model, "k-", lw=1, label="fit")
ax.plot(res.binding_ev, res.background, "C2--", lw=1, label="Shirley background")
for label, curve in zip(res.component_names, res.components, strict=True):
    ax.fill_between(res.binding_ev, res.background, res.background + curve, alpha=0.3,
                    label=label)
ax.set(xlabel="binding energy (eV)", ylabel="counts", title=name)
ax.invert_xaxis()
ax.legend(fontsize=8)
fig.tight_layout()

for key in ("Pt4f.center", "Pt4f.ratio", "Pt4f.splitting"):
    if key in res.parameters:
        value, stderr, kind = res.parameters[key]
        print(f"{key}: {value:.3f} +/- {stderr:.3f} ({kind})")
