"""The result of the LED model: one SI dataset with provenance and the typed figures of merit."""

from __future__ import annotations

from dataclasses import dataclass, field

import xarray as xr

from ncled.device.merit import FiguresOfMerit
from ncled.transport.sweep import SweepResult


@dataclass(frozen=True)
class LedResult:
    """Result of :func:`ncled.device.led.simulate_led`.

    Attributes
    ----------
    dataset : xarray.Dataset
        The one stored state, SI units in each variable's ``units``: per contact ``voltage``
        current density, EQE, charge balance, radiances (``radiance``: the paper's M / pi;
        ``radiance_on_axis``; ``radiance_collected``: through the detector's cone), powers,
        temperatures; per bias and position the bands, densities and recombination; EL spectra on
        ``wavelength`` per bias and at the measurement's currents (``el_spectra``); the angular
        pattern on ``theta``; the pixel's temperature transient on ``time``. Provenance in
        ``attrs``: ``inputs`` (the device file as JSON), ``ncled_version``,
        ``parameter_registry``, ``success`` (1/0) and ``message``.
    figures : FiguresOfMerit
        Named SI figures of merit (:func:`ncled.device.merit.figures_of_merit`).
    sweep : SweepResult
        The drift-diffusion solution on the internal biases (blended between the two
        temperatures of the electro-thermal step).
    """

    dataset: xr.Dataset
    figures: FiguresOfMerit
    sweep: SweepResult = field(repr=False)

    @property
    def summary(self) -> dict:
        """The figures of merit as a plain dictionary of SI floats (``FiguresOfMerit`` names)."""
        return self.figures.as_dict()

    @property
    def success(self) -> bool:
        """True when every solve and the electro-thermal fixed point converged."""
        return bool(self.dataset.attrs["success"])

    @property
    def message(self) -> str:
        return str(self.dataset.attrs["message"])
