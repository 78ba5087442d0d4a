"""
The ITO trade-off: transmission at 2 um versus resistance
=========================================================

The front contact must conduct (a thick film) and let the 2 um light out (a thin film). ITO is a
Drude metal whose carrier density and mobility follow from its measured sheet resistance
(:func:`ncled.materials.ito.ito_drude_from_sheet_resistance`); thinner films absorb and reflect
less in the infrared but have a larger sheet resistance. The paper (Qu et al. 2022) chose 35 nm
ITO (about 70 % transmission at 2 um) over the usual 180 nm (< 15 %).
"""

import matplotlib.pyplot as plt
import numpy as np

from ncled.device.ito_tradeoff import ito_tradeoff

thickness_m = np.linspace(10e-9, 250e-9, 49)
# The reference substrate: 7 ohm/sq at 180 nm, electron mobility 45 cm^2/Vs (parameter registry)
ds = ito_tradeoff(thickness_m, wavelength_m=2.0e-6,
                  ito_params={"sheet_resistance_ohm_sq": 7.0, "reference_thickness_nm": 180.0,
                              "mobility_cm2_vs": 45.0})

fig, ax = plt.subplots(figsize=(6, 4))
ax.plot(ds.thickness_nm, 100 * ds.T_substrate, "C0-", label="transmission (air/ITO/glass/air)")
ax.plot(ds.thickness_nm, 100 * ds.A_ito, "C0--", label="absorbed in the ITO")
ax.set(xlabel="ITO thickness (nm)", ylabel="at 2 um (%)", ylim=(0, 100))
ax.axvline(35, color="k", lw=0.8, ls=":")
ax2 = ax.twinx()
ax2.semilogy(ds.thickness_nm, ds.sheet_resistance, "C3-")
ax2.set_ylabel("sheet resistance (ohm/sq)", color="C3")
ax.legend(loc="center right", fontsize=8)
ax.set_title("35 nm (dotted): the paper's choice")
fig.tight_layout()

i35 = int(np.argmin(np.abs(ds.thickness_nm.values - 35)))
print(f"35 nm: T = {float(ds.T_substrate[i35]):.2f}, "
      f"R_s = {float(ds.sheet_resistance[i35]):.0f} ohm/sq")
