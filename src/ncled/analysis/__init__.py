"""Measured data -> figures of merit.

``ncled.analysis.led`` (J-V-radiance sweeps: radiance, EQE, wall-plug efficiency, turn-on),
``ncled.analysis.lifetime`` (LT90/LT70/LT50, stretched exponential), ``ncled.analysis.spectra``
(baseline, peak, FWHM, Gaussian fits in energy, Jacobian conversion, Planck radiance),
``ncled.analysis.fitting`` (a small least-squares helper), and the XPS / FET analyses.
Submodules are imported explicitly (``from ncled.analysis.led import analyze_led_sweep``).
"""
