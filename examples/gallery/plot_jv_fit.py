"""
Fitting the LED model to a J-V-radiance sweep
=============================================

A simulate-then-fit round trip with :func:`ncled.studies.fit.fit_device`: the reference device's
J-V-radiance with a 60 nm ITO film (instead of 35 nm), with 2 % noise, is fitted for the ITO
thickness. The thickness sets the strip's series resistance, which bends the J-V at high current
(the drop over the strip is I R), so the J-V determines it; the fit returns its value with a
standard error. Each residual is a full device solve: the coarse settings below (few voltages,
nodes, wavelengths) keep the example to a few tens of solves; ``ncled fit`` uses finer ones
(:data:`ncled.studies.fit.FIT_SIMULATION`).
"""

import matplotlib.pyplot as plt
import numpy as np

from ncled.device.config import load_device
from ncled.studies.fit import FitProblem, fit_device, free_parameters, model_curves

device = load_device("reference")
path = "layers.ITO.thickness"
coarse = {"n_voltage": 6, "n_nodes": 80, "n_kappa": 200, "n_wavelength": 9, "n_depth": 4}
voltage = np.linspace(0.8, 3.0, 6)

# the "measurement": the model at 60 nm ITO, with seeded 2 % noise
problem = FitProblem(device, free_parameters(device, [path]), voltage, None, None, 1.0, 1.0,
                     coarse)
truth = model_curves(problem, np.array([60e-9]))
rng = np.random.default_rng(0)
j = truth["current_density"] * (1 + 0.02 * rng.standard_normal(voltage.size))
radiance = truth["radiance"] * (1 + 0.02 * rng.standard_normal(voltage.size))

res = fit_device(device, voltage, j, radiance, free=[path], bounds={path: (20e-9, 150e-9)},
                 starts=1, simulation=coarse)
(row,) = res.table()
print(f"ITO thickness: {row['value'] * 1e9:.1f} +/- {row['stderr'] * 1e9:.1f} nm "
      f"(true 60 nm; {res.n_evaluations} device solves)")

fig, ax = plt.subplots(figsize=(6, 4))
ax.semilogy(voltage, j / 10, "o", label="J, 'measured' (mA/cm^2)")
ax.semilogy(res.model["voltage"], res.model["current_density"] / 10, "-", label="J, fit")
ax.semilogy(voltage, radiance, "s", label="radiance, 'measured' (W/sr/m^2)")
ax.semilogy(res.model["voltage"], res.model["radiance"], "-", label="radiance, fit")
ax.set(xlabel="voltage (V)", title=f"fitted ITO: {row['value'] * 1e9:.0f} nm")
ax.legend(fontsize=8)
fig.tight_layout()
