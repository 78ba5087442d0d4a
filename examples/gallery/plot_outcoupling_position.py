"""
Outcoupling versus the emitter's position
=========================================

An exciton in the emitting film radiates as a dipole whose emission is shaped by the whole stack:
the gold back contact reflects it (a Drexhage-like standing wave), the glass traps part of it and
the metal absorbs the near field. :func:`ncled.optics.outcoupling.dipole_emission` computes, for
dipoles at several depths of the 120 nm ZnO:HgTe film of the reference device, the Purcell factor
and the fraction of the power that reaches the air (the outcoupling), for isotropically oriented
dipoles (2/3 horizontal, 1/3 vertical).
"""

import matplotlib.pyplot as plt
import numpy as np
import xarray as xr

from ncled.device.config import load_device
from ncled.device.emission import emitter_stack
from ncled.optics.outcoupling import ISOTROPIC_HORIZONTAL_FRACTION, dipole_emission

device = load_device("reference")
stack = emitter_stack(device, np.array([2.0e-6]))  # at the 2 um emission peak
depth_m = np.linspace(0.05, 0.95, 10) * stack.d_emitter
ds = dipole_emission(stack, position_m=depth_m, n_kappa=1000).isel(wavelength=0)

w = xr.DataArray([ISOTROPIC_HORIZONTAL_FRACTION, 1.0 - ISOTROPIC_HORIZONTAL_FRACTION],
                 coords={"orientation": ["horizontal", "vertical"]})
purcell = (ds.purcell * w).sum("orientation")
air = (ds.mode_power.sel(channel="air") * w).sum("orientation")
outcoupling = air / purcell

fig, ax = plt.subplots(figsize=(6, 4))
depth_nm = ds.depth * 1e9
ax.plot(depth_nm, 100 * outcoupling, "o-", label="outcoupling to air (%)")
ax.set(xlabel="depth in the emitting film, from the ITO side (nm)",
       ylabel="outcoupling (%)")
ax2 = ax.twinx()
ax2.plot(depth_nm, purcell, "s--", color="C1")
ax2.set_ylabel("Purcell factor", color="C1")
ax.set_title("reference stack at 2.0 um: the gold is on the right")
fig.tight_layout()
print("channels:", list(ds.channel.values))
