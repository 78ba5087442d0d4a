"""LED step 6, the figures of merit, defined as the lab measures them (SI).

A detector of noise-equivalent radiance L_det (the device file's ``[measurement]``, computed from
the detector's NEP, the lock-in's bandwidth, the collection cone and the optics' transmission:
:meth:`ncled.device.lab.Measurement.floor`) sees the EL once the radiance it reads exceeds L_det:
the turn-on voltage is the contact voltage where that happens (:func:`detector_turn_on`), the EL
threshold the current density there (:func:`detector_threshold`). The extrapolated turn-on and
threshold are floor-free: the tangent to L(V) (resp. L(J)) at its steepest point, extended to
L = 0 (:func:`tangent_intercept`). Radiances are reported in the paper's convention, M / pi
(Lambertian P / (pi S), Qu et al. 2022 Methods), and on axis, each named. The operating points
(7 mA and 900 mA/cm^2 in the paper) are inputs.

References
----------
.. [Qu2022] J. Qu et al., Nat. Photon. 16, 38 (2022), doi:10.1038/s41566-021-00902-y.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np
import xarray as xr


def interp_loglog(x, y, x0: float) -> float:
    """``y`` at ``x0`` by linear interpolation of log y versus log x (NaN outside the data)."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    ok = (x > 0) & (y > 0)
    if ok.sum() < 2 or not x[ok].min() <= x0 <= x[ok].max():
        return float("nan")
    order = np.argsort(x[ok])
    return float(np.exp(np.interp(np.log(x0), np.log(x[ok][order]), np.log(y[ok][order]))))


def detector_turn_on(voltage, radiance, floor: float) -> float:
    """Contact voltage [V] where the measured radiance first exceeds the detector floor (log-linear
    interpolation between the bracketing biases; NaN if never)."""
    from ncled.numerics import onset

    return onset(np.asarray(voltage, float), np.asarray(radiance, float), floor, 0.0)[0]


def detector_threshold(current_density, radiance, floor: float) -> float:
    """Current density [A/m^2] where the measured radiance first exceeds the detector floor
    (interpolated in log J)."""
    from ncled.numerics import onset

    j = np.asarray(current_density, dtype=float)
    r = np.asarray(radiance, dtype=float)
    pos = j > 0
    return float(np.exp(onset(np.log(j[pos]), r[pos], floor, 0.0)[0]))


def tangent_intercept(x, y) -> float:
    """x where the tangent to y(x) at its steepest point (largest dy/dx, linear scales) meets
    y = 0: the extrapolated turn-on of an L-V curve, or the threshold of an L-J curve."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    ok = np.isfinite(x) & np.isfinite(y)
    x, y = x[ok], y[ok]
    if x.size < 3:
        return float("nan")
    slope = np.gradient(y, x)
    k = int(np.argmax(slope))
    return float(x[k] - y[k] / slope[k]) if slope[k] > 0 else float("nan")


@dataclass(frozen=True)
class FiguresOfMerit:
    """The figures of merit of a simulated LED, SI units, each with the function computing it.

    Attributes
    ----------
    turn_on_voltage : float
        [V] :func:`detector_turn_on` of the collected radiance at the detector floor.
    turn_on_voltage_extrapolated : float
        [V] :func:`tangent_intercept` of L(V).
    el_threshold : float
        [A/m^2] :func:`detector_threshold` at the detector floor.
    el_threshold_extrapolated : float
        [A/m^2] :func:`tangent_intercept` of L(J).
    peak_eqe, peak_eqe_current_density : float
        [1], [A/m^2] largest EQE where the collected radiance is at least the floor
        (:func:`figures_of_merit`).
    radiance_lambertian_at_operating_density : float
        [W sr^-1 m^-2] M / pi (the paper's P / (pi S)) at the operating current density,
        :func:`interp_loglog`.
    radiance_on_axis_at_operating_density : float
        [W sr^-1 m^-2] on-axis radiance there, :func:`interp_loglog`.
    max_radiance_lambertian : float
        [W sr^-1 m^-2] largest M / pi of the sweep.
    pixel_temperature_at_operating_current, voltage_at_operating_current : float
        [K], [V] at the operating current, :func:`interp_loglog` (end of pulse when pulsed).
    pixel_temperature_continuous_at_operating_current : float
        [K] the same in continuous drive.
    el_peak_wavelength, el_fwhm, pl_peak_wavelength, pl_fwhm : float
        [m] EL at the operating current and the nanocrystals' PL
        (:func:`ncled.optics.outcoupling.peak_and_fwhm`).
    outcoupling, purcell, lambertian_correction, charge_balance_at_peak,
    radiative_efficiency_at_peak, plqy, hgte_fraction, pbs_recombination_share_max : float
        [1] from the emission and optics steps.
    series_resistance : float
        [ohm] ITO strip, :func:`ncled.device.led.series_resistance`.
    thermal_resistance : float
        [K/W] pixel temperature rise per watt of pixel heat,
        :func:`ncled.device.electrothermal.response_matrix`.
    operating_current, operating_current_density, noise_equivalent_radiance : float
        The inputs of the comparison [A], [A/m^2], [W sr^-1 m^-2] (``[measurement]``).
    mode_fractions : dict
        Channel -> fraction of the dissipated power.
    """

    turn_on_voltage: float
    turn_on_voltage_extrapolated: float
    el_threshold: float
    el_threshold_extrapolated: float
    peak_eqe: float
    peak_eqe_current_density: float
    radiance_lambertian_at_operating_density: float
    radiance_on_axis_at_operating_density: float
    max_radiance_lambertian: float
    pixel_temperature_at_operating_current: float
    pixel_temperature_continuous_at_operating_current: float
    voltage_at_operating_current: float
    el_peak_wavelength: float
    el_fwhm: float
    pl_peak_wavelength: float
    pl_fwhm: float
    outcoupling: float
    purcell: float
    lambertian_correction: float
    charge_balance_at_peak: float
    radiative_efficiency_at_peak: float
    plqy: float
    hgte_fraction: float
    pbs_recombination_share_max: float
    series_resistance: float
    thermal_resistance: float
    operating_current: float
    operating_current_density: float
    noise_equivalent_radiance: float
    mode_fractions: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        """Plain-float dictionary (JSON-ready), the keys of the summary."""
        out = asdict(self)
        out["mode_fractions"] = {str(k): float(v) for k, v in self.mode_fractions.items()}
        return {k: (float(v) if not isinstance(v, dict) else v) for k, v in out.items()}


def figures_of_merit(ds: xr.Dataset, measurement, extra: dict) -> FiguresOfMerit:
    """The figures of merit from a sweep on internal biases (module docstring).

    Parameters
    ----------
    ds : xarray.Dataset
        Per-bias ``voltage_applied`` [V], ``current_density`` [A/m^2], ``radiance_collected``,
        ``radiance`` (M / pi), ``radiance_on_axis``, ``eqe``, ``charge_balance``,
        ``radiative_efficiency``, ``pixel_temperature``, ``pixel_temperature_continuous``.
    measurement : ncled.device.lab.Measurement
    extra : dict
        The fields computed by the other steps (optics, spectra, resistances).
    """
    v = ds.voltage_applied.values
    j = ds.current_density.values
    seen_r = ds.radiance_collected.values
    eqe = ds.eqe.values
    floor = measurement.floor(extra["area"])
    seen = seen_r >= floor
    if seen.any():
        k = int(np.nanargmax(np.where(seen, eqe, np.nan)))
        peak_eqe, at_j = float(eqe[k]), float(j[k])
        balance_k = float(ds.charge_balance.values[k])
        eta_k = float(ds.radiative_efficiency.values[k])
    else:
        peak_eqe = at_j = balance_k = eta_k = float("nan")
    lam = ds.radiance.values
    current = j * extra["area"]
    i_op = measurement.operating_current_ma * 1e-3
    j_op = measurement.operating_current_density_ma_cm2 * 10.0
    fields_ = {k: v for k, v in extra.items() if k != "area"}
    return FiguresOfMerit(
        turn_on_voltage=detector_turn_on(v, seen_r, floor),
        turn_on_voltage_extrapolated=tangent_intercept(v, lam),
        el_threshold=detector_threshold(j, seen_r, floor),
        el_threshold_extrapolated=tangent_intercept(j, lam),
        peak_eqe=peak_eqe, peak_eqe_current_density=at_j,
        radiance_lambertian_at_operating_density=interp_loglog(j, lam, j_op),
        radiance_on_axis_at_operating_density=interp_loglog(j, ds.radiance_on_axis.values, j_op),
        max_radiance_lambertian=float(np.nanmax(lam)),
        pixel_temperature_at_operating_current=interp_loglog(
            current, ds.pixel_temperature.values, i_op),
        pixel_temperature_continuous_at_operating_current=interp_loglog(
            current, ds.pixel_temperature_continuous.values, i_op),
        voltage_at_operating_current=interp_loglog(current, v, i_op),
        charge_balance_at_peak=balance_k, radiative_efficiency_at_peak=eta_k,
        operating_current=i_op, operating_current_density=j_op, noise_equivalent_radiance=floor,
        **fields_,
    )
