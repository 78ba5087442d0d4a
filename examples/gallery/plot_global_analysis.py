"""
Global analysis of transient absorption data
============================================

A delay x wavelength map (the synthetic ``examples/measurements/transient.ascii``, glotaran's
"Time explicit" format, read by :func:`ncled.io.transient.read_transient`) fitted with a
sequential scheme A -> B -> C -> ground: populations convolved with a Gaussian instrument
response (centre and width fitted), spectra found by variable projection
(:func:`ncled.analysis.target_analysis.fit_target`). The plot shows the evolution-associated
spectra and traces at four wavelengths with the fit.
"""

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

from ncled.analysis.kinetics import sequential_scheme
from ncled.analysis.target_analysis import IRF, DataSelection, fit_target
from ncled.io.transient import read_transient

try:  # the folder of this script (sphinx-gallery runs it without __file__)
    HERE = Path(__file__).resolve().parent
except NameError:
    HERE = Path.cwd()
DATA = next(p / "examples" / "measurements" for p in (HERE, *HERE.parents)
            if (p / "examples" / "measurements" / "transient.ascii").is_file())

ds, meta = read_transient(DATA / "transient.ascii", "ps")
t_s, wl_m, signal = ds["delay"].values, ds["wavelength"].values, ds["signal"].values
# start lifetimes 0.3 ps, 10 ps and a fixed 1 ns ("=" fixes a rate), as in docs/analysis.md
scheme = sequential_scheme(["A", "B", "C"], [1 / 0.3e-12, 1 / 10e-12, "=1e9"])
res = fit_target(t_s, wl_m, signal, scheme, IRF(center_s=0.0, fwhm_s=0.1e-12),
                 selection=DataSelection(exclude_m=((520e-9, 540e-9),)))

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 4))
for k, tau in enumerate(res.lifetimes_s):
    ax1.plot(res.wavelength_m * 1e9, res.eas[k], label=f"{tau * 1e12:.3g} ps")
ax1.set(xlabel="wavelength (nm)", ylabel="EAS", title="evolution-associated spectra")
ax1.legend(fontsize=8)
for j in np.linspace(0, res.wavelength_m.size - 1, 4).astype(int):
    line, = ax2.plot(res.time_s * 1e12, res.data[:, j], ".", ms=2)
    ax2.plot(res.time_s * 1e12, res.fit[:, j], lw=1, color=line.get_color(),
             label=f"{res.wavelength_m[j] * 1e9:.0f} nm")
ax2.set(xscale="symlog", xlabel="delay (ps)", ylabel="signal", title="traces and fit")
ax2.legend(fontsize=8)
fig.tight_layout()
print("lifetimes (ps):", np.round(res.lifetimes_s * 1e12, 3))
