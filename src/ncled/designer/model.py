"""The designer's one door into the library: validation, the LED solve and the optics views.

Every call the browser app makes into the device model goes through this module, so that a change
of the library's API is a one-place fix here. Nothing here computes physics: the LED model is
:func:`ncled.device.led.simulate_led`, the dipole emission :func:`ncled.optics.outcoupling.
dipole_emission` on the stack of :func:`ncled.device.emission.emitter_stack`, the ITO trade-off
:func:`ncled.device.ito_tradeoff.ito_tradeoff_for_device`.

The optics views must follow a slider (under 100 ms per move), so they run on a coarse grid
(:data:`PREVIEW`) and keep the stack's refractive indices between moves: a thickness move changes
only the thicknesses of a cached :class:`~ncled.optics.outcoupling.PlanarEmitterStack`; a change of
materials, mixture, nanocrystal or ambient rebuilds it (that cost is the materials library's).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
import xarray as xr

from ncled.device.config import DeviceConfig, device_from_dict
from ncled.device.emission import default_wavelengths, emitter_stack, intrinsic_pl
from ncled.device.ito_tradeoff import ito_tradeoff_for_device
from ncled.device.led import simulate_led
from ncled.device.paper import QU2022, PaperValue
from ncled.optics.outcoupling import (
    ISOTROPIC_HORIZONTAL_FRACTION,
    MODE_CHANNELS,
    PlanarEmitterStack,
    dipole_emission,
    peak_and_fwhm,
)


@dataclass(frozen=True)
class PreviewGrid:
    """Resolution of the interactive optics views (coarser than the LED model's own grid).

    17 wavelengths over the PL window, 300 in-plane-index nodes and 12 depths keep one update
    under 100 ms on one core; the outcoupling they give agrees with the LED model's grid
    (121 x 1000 x 10) to about 1 % (0.0917 vs 0.0924 for the reference device), enough for a
    view; the figures of merit always come from the full solve.
    """

    n_wavelength: int = 17
    n_kappa: int = 300
    n_depth: int = 12
    n_ito: int = 49
    ito_range_nm: tuple[float, float] = (10.0, 250.0)


PREVIEW = PreviewGrid()


def validate(data: dict, source: str | None = None) -> DeviceConfig:
    """Validate a device description (the parsed TOML); raises ConfigError with every problem."""
    return device_from_dict(data, source=source)


@dataclass(frozen=True)
class Solution:
    """One LED solve: the result Dataset (SI, provenance in attrs) and its figures of merit."""

    dataset: xr.Dataset
    summary: dict


def solve(config: DeviceConfig, progress: Callable[[str], None] | None = None) -> Solution:
    """The LED model over the device's own ``[drive]`` sweep (:func:`simulate_led`)."""
    result = simulate_led(config, None, progress=progress)
    return Solution(result.dataset, dict(result.summary))


def paper_values() -> tuple[PaperValue, ...]:
    """The figures of merit reported by Qu et al. (2022), for display beside the model's."""
    return QU2022


@dataclass(frozen=True)
class OpticsPreview:
    """The optics-only views of a device.

    Attributes
    ----------
    depth_m : ndarray
        Emitter depths from the front (cathode-side) boundary of the emitting layer [m].
    mode_fraction : dict
        Channel (:data:`MODE_CHANNELS`) -> fraction of the dissipated power at each depth
        (spectrum- and orientation-averaged; they add up to 1 at each depth).
    purcell : ndarray
        Purcell factor at each depth.
    wavelength_m, pl, el : ndarray
        Intrinsic PL and the EL through the stack for a uniform emitter, peak-normalised.
    pl_peak_m, el_peak_m : float
        Peak wavelengths [m].
    ito_thickness_nm, ito_transmission, ito_absorptance, ito_strip_resistance : ndarray or None
        The ITO trade-off at the PL peak (None when the device has no ITO layer).
    ito_now_nm : float or None
        The device's ITO thickness [nm].
    """

    depth_m: np.ndarray
    mode_fraction: dict
    purcell: np.ndarray
    wavelength_m: np.ndarray
    pl: np.ndarray
    el: np.ndarray
    pl_peak_m: float
    el_peak_m: float
    ito_thickness_nm: np.ndarray | None
    ito_transmission: np.ndarray | None
    ito_absorptance: np.ndarray | None
    ito_strip_resistance: np.ndarray | None
    ito_now_nm: float | None


class _StackCache:
    """The last few emitter stacks (indices), keyed on everything but the thicknesses."""

    def __init__(self, size: int = 8) -> None:
        self._items: OrderedDict[str, tuple] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    @staticmethod
    def key(config: DeviceConfig, n_wavelength: int) -> str:
        dump = config.model_dump(exclude={"source_path", "name", "description", "reference",
                                          "drive", "electrodes", "pixel_area"})
        for layer in dump["layers"]:
            layer.pop("thickness")
            layer.pop("electrical")
        return repr((dump, n_wavelength))

    def get(self, config: DeviceConfig, n_wavelength: int) -> tuple[PlanarEmitterStack,
                                                                    np.ndarray]:
        key = self.key(config, n_wavelength)
        with self._lock:
            hit = self._items.get(key)
            if hit is not None:
                self._items.move_to_end(key)
        if hit is None:
            wl = default_wavelengths(config, n_wavelength)
            hit = (emitter_stack(config, wl), intrinsic_pl(config, wl))
            with self._lock:
                self._items[key] = hit
                while len(self._items) > self._size:
                    self._items.popitem(last=False)
        stack, pl = hit
        # the cached indices with this device's thicknesses (layers found by name)
        return replace(
            stack,
            d_emitter=config.layer(stack.emitter_name).thickness,
            front_d=tuple(config.layer(n).thickness for n in stack.front_names),
            back_d=tuple(config.layer(n).thickness for n in stack.back_names),
            substrate_thickness=(None if stack.substrate_thickness is None
                                 else config.layers[0].thickness),
        ), pl


_STACKS = _StackCache()


def _ito_layer(config: DeviceConfig):
    for layer in config.layers:
        if (layer.material or "").lower() == "ito":
            return layer
    return None


def optics_preview(config: DeviceConfig, grid: PreviewGrid = PREVIEW,
                   horizontal_fraction: float = ISOTROPIC_HORIZONTAL_FRACTION) -> OpticsPreview:
    """Outcoupling and mode split versus emitter depth, EL beside PL, and the ITO trade-off.

    Raises
    ------
    ConfigError, MaterialRangeError
        As the library's optics do (no emitter, a wavelength outside a material's data...).
    """
    stack, pl = _STACKS.get(config, grid.n_wavelength)
    edges = np.linspace(0.0, stack.d_emitter, grid.n_depth + 1)
    depths = 0.5 * (edges[1:] + edges[:-1])
    ds = dipole_emission(stack, position_m=depths, n_kappa=grid.n_kappa, theta_deg=[0.0])
    wl = stack.wavelength_m
    sw = pl * np.gradient(wl)
    sw = sw / sw.sum()
    ow = np.array([horizontal_fraction, 1.0 - horizontal_fraction])
    modes = np.einsum("wdoc,o->wdc", ds.mode_power.values, ow)  # (W, D, C)
    per_depth = np.einsum("w,wdc->dc", sw, modes)
    total = per_depth.sum(axis=1)
    fractions = {str(c): per_depth[:, i] / total for i, c in enumerate(MODE_CHANNELS)}
    el = pl * modes[..., 0].mean(axis=1)
    pl_pk, _ = peak_and_fwhm(wl, pl)
    el_pk, _ = peak_and_fwhm(wl, el)
    ito = _ito_layer(config)
    if ito is not None:
        lo, hi = grid.ito_range_nm
        t_nm = np.unique(np.append(np.linspace(lo, hi, grid.n_ito), ito.thickness * 1e9))
        tr = ito_tradeoff_for_device(config, t_nm * 1e-9, wavelength_m=pl_pk)
        ito_vals = (t_nm, tr.T_substrate.values, tr.A_ito.values, tr.strip_resistance.values,
                    ito.thickness * 1e9)
    else:
        ito_vals = (None,) * 5
    return OpticsPreview(depths, fractions, total, wl, pl / pl.max(),
                         el / el.max() if el.max() > 0 else el, pl_pk, el_pk, *ito_vals)


MODE_LABELS = {
    "air": "to air",
    "substrate": "trapped in glass",
    "back": "out of the back",
    "absorbed_radiative": "absorbed (radiative cone)",
    "waveguided": "waveguided",
    "evanescent": "evanescent / plasmons",
    "emitter_absorption": "emitter reabsorption",
}
"""Display names of :data:`ncled.optics.outcoupling.MODE_CHANNELS`."""
