"""From a measurement file (:class:`ncled.io.measurement_config.MeasurementConfig`) to the
calibration and onset criteria of the LED analysis.

The measurement file is read and validated at the boundary (``ncled.io``); this module, in the
analysis layer, turns its geometry into the :class:`~ncled.analysis.led.LedCalibration` (the
collection efficiency of a bare detector from its area and distance) and its criteria into
:class:`~ncled.analysis.led.OnsetCriterion` objects.
"""

from __future__ import annotations

from ncled.analysis.led import (
    LedCalibration,
    OnsetCriterion,
    collection_efficiency_disc,
    collection_efficiency_disc_rel_unc,
)
from ncled.io.measurement_config import MeasurementConfig


def led_calibration(cfg: MeasurementConfig, responsivity_spectrum=None,
                    device_area_m2: float | None = None) -> LedCalibration:
    """The :class:`~ncled.analysis.led.LedCalibration` a measurement file describes.

    Parameters
    ----------
    cfg : MeasurementConfig
        The validated measurement file.
    responsivity_spectrum : (numpy.ndarray, numpy.ndarray), optional
        (wavelength [m], responsivity [A/W]) of the detector.
    device_area_m2 : float, optional
        Pixel area [m^2] of the device file ``cfg.device`` names (used when the file gives no
        ``pixel_area``).
    """
    d = cfg.detector
    if d.area is not None:
        eta = float(collection_efficiency_disc(d.area, d.distance))
        eta_unc = float(collection_efficiency_disc_rel_unc(d.area, d.distance, d.area_rel_unc,
                                                           d.distance_rel_unc))
    else:
        eta = d.collection_efficiency if d.collection_efficiency is not None else 1.0
        eta_unc = d.collection_efficiency_rel_unc
    e = cfg.emission
    return LedCalibration(
        pixel_area_m2=cfg.area_m2(device_area_m2), pixel_area_rel_unc=cfg.pixel_area_rel_unc,
        responsivity_a_w=d.responsivity_a_w, responsivity_rel_unc=d.responsivity_rel_unc,
        collection_efficiency=eta, collection_efficiency_rel_unc=eta_unc,
        peak_wavelength_m=e.peak_wavelength, peak_wavelength_unc_m=e.peak_wavelength_unc,
        current_rel_unc=cfg.current_rel_unc, noise_floor_a=d.noise_floor_a,
        subtract_dark=d.subtract_dark, responsivity_spectrum=responsivity_spectrum,
    )


def onset_criteria(cfg: MeasurementConfig) -> tuple[OnsetCriterion, OnsetCriterion]:
    """(turn-on, threshold) criteria of a measurement file."""
    c = cfg.criteria
    return (OnsetCriterion(c.turn_on.method, c.turn_on.value, c.turn_on.dark_points),
            OnsetCriterion(c.threshold.method, c.threshold.value, c.threshold.dark_points))
