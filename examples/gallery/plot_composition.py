"""
Composition study: the emitter's HgTe fraction
==============================================

The emitting layer mixes HgTe and ZnO nanocrystals. More HgTe means more emitters but moves the
film from n-type to p-type: the ZnO surface traps the HgTe holes (:mod:`ncled.transport.films`).
:func:`ncled.device.studies.composition_sweep` solves the LED model (optics, drift-diffusion,
emission) at each composition and reports the peak EQE and the film's net doping. Three points
and a short bias sweep keep this example quick; ``ncled simulate`` runs seven.
"""

import matplotlib.pyplot as plt
import numpy as np

from ncled.device.config import load_device
from ncled.device.studies import composition_sweep

device = load_device("reference")
ds = composition_sweep(device, fractions=(0.25, 0.5, 0.75), voltages=np.linspace(0.0, 3.0, 13))

fig, ax = plt.subplots(figsize=(6, 4))
ax.plot(100 * ds.hgte_fraction, 100 * ds.peak_eqe, "o-")
ax.set(xlabel="HgTe volume fraction of the emitter (%)", ylabel="peak EQE (%)")
ax2 = ax.twinx()
ax2.plot(100 * ds.hgte_fraction, ds.net_doping * 1e-6, "s--", color="C3")
ax2.axhline(0, color="C3", lw=0.5)
ax2.set_ylabel("N_A - N_D (cm^-3; > 0: p-type)", color="C3")
fig.tight_layout()
print(f"best fraction {ds.attrs['best_fraction']:.2f}, "
      f"type change near {ds.attrs['neutral_fraction']:.2f}")
