"""The designer's one door into the library: validation, the LED solve and the optics views.

Every call the browser app makes into the device model goes through this module, so that a change
of the library's API is a one-place fix here. Nothing here computes physics: the LED model is
:func:`ncled.device.led.simulate_led`, the dipole emission
:func:`ncled.optics.outcoupling.dipole_emission` on the stack of
:func:`ncled.device.emission.emitter_stack`, the ITO trade-off
:func:`ncled.device.ito_tradeoff.ito_tradeoff_for_device`.

The optics views must follow a slider (under 100 ms per move), so they run on a coarse grid
(``PREVIEW``) and keep the stack's refractive indices between moves: a thickness move changes
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
from ncled.device.paper import QU2022, PaperValue, model_in_paper_units
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

    13 wavelengths over the PL window, 250 in-plane-index nodes and 10 depths: against 121
    wavelengths and 1000 nodes (the LED model's grid) the depth-averaged fraction to air of the
    reference device is 0.09099 vs 0.09091 (35 nm ITO) and 0.00700 vs 0.00699 (180 nm), the EL
    peak within 5 nm: enough for a view that follows a slider; the figures of merit always come
    from the full solve. The ITO curve is on a 1 nm grid (it depends on the ITO's parameters and
    the PL peak, not on the thickness, so it is computed once per material state).
    """

    n_wavelength: int = 13
    n_kappa: int = 250
    n_depth: int = 10
    ito_range_nm: tuple[int, int] = (10, 250)


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
    """The LED model over the device's own ``[drive]`` sweep
    (:func:`~ncled.device.led.simulate_led`)."""
    result = simulate_led(config, None, progress=progress)
    return Solution(result.dataset, dict(result.summary))


def paper_values() -> tuple[PaperValue, ...]:
    """The figures of merit reported by Qu et al. (2022), for display beside the model's."""
    return QU2022


#: Paper figures shown by the designer (keys of :data:`ncled.device.paper.QU2022`, converted to
#: the paper's units by :func:`ncled.device.paper.model_in_paper_units`).
_PAPER_KEYS = ("turn_on_v", "el_threshold_ma_cm2", "peak_eqe_percent", "radiance_900",
               "max_radiance", "pixel_temperature_c_7ma", "el_peak_nm")
#: Model-only figures (display key -> SI summary key; dimensionless or ohm, shown as they are).
_MODEL_KEYS = {"outcoupling": "outcoupling", "purcell": "purcell",
               "charge_balance_at_peak": "charge_balance_at_peak", "plqy": "plqy",
               "series_resistance_ohm": "series_resistance"}


def display_figures(summary: dict) -> dict[str, float]:
    """The solve's figures of merit in display units, under the display keys (NaN if absent)."""
    out = {}
    for key in _PAPER_KEYS:
        value = model_in_paper_units(key, summary)
        out[key] = float("nan") if value is None else value
    for key, si_key in _MODEL_KEYS.items():
        value = summary.get(si_key)
        out[key] = float("nan") if value is None else float(value)
    return out


@dataclass(frozen=True)
class OpticsPreview:
    """The optics-only views of a device.

    Attributes
    ----------
    depth_m : ndarray
        Emitter depths from the front (cathode-side) boundary of the emitting layer [m].
    mode_fraction : dict
        Channel (:data:`~ncled.optics.outcoupling.MODE_CHANNELS`) -> fraction of the dissipated
        power at each depth
        (spectrum- and orientation-averaged; they add up to 1 at each depth).
    purcell : ndarray
        Purcell factor at each depth.
    wavelength_m, pl, el : ndarray
        Intrinsic PL and the EL through the stack for a uniform emitter, peak-normalised.
    pl_peak_m, el_peak_m : float
        Peak wavelengths [m] (on the coarse grid).
    ito_wavelength_m : float
        Wavelength of the ITO trade-off [m]: the file's PL peak (else the PL's on the grid).
    ito_thickness_nm, ito_transmission, ito_absorptance, ito_strip_resistance : ndarray or None
        The ITO trade-off at ``ito_wavelength_m`` (None when the device has no ITO layer).
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
    ito_wavelength_m: float
    ito_thickness_nm: np.ndarray | None
    ito_transmission: np.ndarray | None
    ito_absorptance: np.ndarray | None
    ito_strip_resistance: np.ndarray | None
    ito_now_nm: float | None


class _Lru:
    """A small thread-safe least-recently-used cache of computed values by string key."""

    def __init__(self, size: int = 8) -> None:
        self._items: OrderedDict[str, object] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, key: str, compute: Callable[[], object]):
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = compute()
        with self._lock:
            self._items[key] = value
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return value


_STACKS = _Lru()
_ITO_CURVES = _Lru()


def _cached_stack(config: DeviceConfig, n_wavelength: int) -> tuple[PlanarEmitterStack,
                                                                    np.ndarray]:
    """The emitter stack and PL of ``config``; the indices are cached on everything but the
    thicknesses, which are put in from ``config`` (layers found by name)."""
    dump = config.model_dump(exclude={"source_path", "name", "description", "reference",
                                      "drive", "electrodes", "pixel_area"})
    for layer in dump["layers"]:
        layer.pop("thickness")
        layer.pop("electrical")

    def compute():
        wl = default_wavelengths(config, n_wavelength)
        return emitter_stack(config, wl), intrinsic_pl(config, wl)

    stack, pl = _STACKS.get(repr((dump, n_wavelength)), compute)
    return replace(
        stack,
        d_emitter=config.layer(stack.emitter_name).thickness,
        front_d=tuple(config.layer(n).thickness for n in stack.front_names),
        back_d=tuple(config.layer(n).thickness for n in stack.back_names),
        substrate_thickness=(None if stack.substrate_thickness is None
                             else config.layers[0].thickness),
    ), pl


def _ito_layer(config: DeviceConfig):
    for layer in config.layers:
        if (layer.material or "").lower() == "ito":
            return layer
    return None


def _ito_curve(config: DeviceConfig, wavelength_m: float, range_nm: tuple[int, int]):
    """The ITO trade-off on a 1 nm grid, cached on everything it depends on but the thickness."""
    i = next(i for i, layer in enumerate(config.layers) if layer is _ito_layer(config))
    key = repr((config.layers[i].params, config.layers[i - 1].model_dump() if i else None,
                config.model_dump(include={"ambient", "electrodes"}), wavelength_m, range_nm))

    def compute():
        t_nm = np.arange(range_nm[0], range_nm[1] + 1, dtype=float)
        tr = ito_tradeoff_for_device(config, t_nm * 1e-9, wavelength_m=wavelength_m)
        return t_nm, tr.T_substrate.values, tr.A_ito.values, tr.strip_resistance.values

    return _ITO_CURVES.get(key, compute)


def optics_preview(config: DeviceConfig, grid: PreviewGrid = PREVIEW,
                   horizontal_fraction: float = ISOTROPIC_HORIZONTAL_FRACTION) -> OpticsPreview:
    """Outcoupling and mode split versus emitter depth, EL beside PL, and the ITO trade-off.

    Raises
    ------
    ConfigError, MaterialRangeError
        As the library's optics do (no emitter, a wavelength outside a material's data...).
    """
    stack, pl = _cached_stack(config, grid.n_wavelength)
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
    nc = config.nanocrystal
    ito_wl = nc.pl_peak if nc is not None and nc.pl_peak else pl_pk  # the file's PL peak
    if ito is not None:
        t_nm, tr, ab, rs = _ito_curve(config, ito_wl, grid.ito_range_nm)
        now = round(ito.thickness * 1e9, 6)  # the file's nm value, without round-off
        k = np.searchsorted(t_nm, now)
        if k == t_nm.size or t_nm[k] != now:  # off the 1 nm grid: add the point
            one = ito_tradeoff_for_device(config, [ito.thickness], wavelength_m=ito_wl)
            t_nm, tr, ab, rs = (np.insert(a, k, v) for a, v in zip(
                (t_nm, tr, ab, rs), (now, float(one.T_substrate[0]), float(one.A_ito[0]),
                                     float(one.strip_resistance[0])), strict=True))
        ito_vals = (t_nm, tr, ab, rs, now)
    else:
        ito_vals = (None,) * 5
    return OpticsPreview(depths, fractions, total, wl, pl / pl.max(),
                         el / el.max() if el.max() > 0 else el, pl_pk, el_pk, ito_wl, *ito_vals)


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
