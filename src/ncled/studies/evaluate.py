"""Evaluate a range of a study's points: the work one task carries.

``full`` points run :func:`ncled.device.led.simulate_led` one by one; ``optics`` points are
grouped by everything but their layer thicknesses, and each group's stacks go through the
transfer matrix in one vectorised call (:func:`ncled.optics.tmm.stack_rta` batches over stacks).
A point whose model fails with an :class:`ncled.errors.NcledError` (a solve that does not
converge, a parameter value outside a material's data) is recorded with its message; the other
points of the range are still computed.

The optics figures are averages over the emitter's intrinsic PL line at normal incidence, light
from the front (glass) side: by Kirchhoff's law the absorptance of the emitting layer equals its
emissivity into that direction, so it measures how well the stack lets the emitting layer's light
out, without the dipole (Purcell) physics of the full model.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from ncled.device.config import DeviceConfig
from ncled.device.electrical import DEFAULT_N_NODES
from ncled.errors import NcledError
from ncled.studies.paths import apply_parameters
from ncled.studies.spec import Study

#: Figures of merit of the full model (keys of simulate_led's summary, SI) and their units.
FULL_FOMS = {
    "peak_eqe": "1", "peak_eqe_current_density": "A/m^2", "turn_on_voltage": "V",
    "turn_on_voltage_extrapolated": "V", "el_threshold": "A/m^2",
    "max_radiance_lambertian": "W sr^-1 m^-2",
    "radiance_on_axis_at_operating_density": "W sr^-1 m^-2",
    "pixel_temperature_at_operating_current": "K", "voltage_at_operating_current": "V",
    "el_peak_wavelength": "m", "el_fwhm": "m", "outcoupling": "1", "purcell": "1",
    "lambertian_correction": "1", "charge_balance_at_peak": "1",
    "radiative_efficiency_at_peak": "1", "plqy": "1", "pbs_recombination_share_max": "1",
    "series_resistance": "ohm", "thermal_resistance": "K/W", "hgte_fraction": "1",
}
#: Figures of merit of an optics study (PL-weighted, normal incidence, light from the front).
OPTICS_FOMS = {
    "emitter_absorptance": "1", "cathode_absorptance": "1", "reflectance": "1",
    "transmittance": "1", "series_resistance_ohm": "ohm",
}
#: Wavelengths of an optics study's PL average.
N_WAVELENGTH_OPTICS = 31
#: Default simulate_led settings of a study (coarser than a single simulation; see
#: ncled.device.studies: < 1 % change of the peak EQE on the reference device).
FULL_DEFAULTS = {"n_kappa": 400, "n_wavelength": 21}


@dataclass
class RangeResult:
    """Results of points ``start:stop``: per-point arrays, ``status`` (1 ok, 2 failed)."""

    start: int
    stop: int
    fom: dict[str, np.ndarray]
    status: np.ndarray
    message: list[str]
    extra: dict[str, np.ndarray] = field(default_factory=dict)
    seconds: float = 0.0


def voltages(study: Study) -> np.ndarray:
    """The contact voltages of a full study [V]: ``simulation.voltages`` or the device's drive."""
    v = study.simulation.get("voltages")
    if v is not None:
        return np.asarray(v, dtype=float)
    d = study.device.drive
    return np.linspace(d.voltage_start, d.voltage_stop, d.voltage_points)


def n_wavelength(study: Study) -> int:
    """Wavelengths of the spectra a point stores."""
    if study.mode == "optics":
        return N_WAVELENGTH_OPTICS
    return int(study.simulation.get("n_wavelength", FULL_DEFAULTS["n_wavelength"]))


def n_nodes(study: Study) -> int:
    """Mesh nodes of a full study's band profiles."""
    return int(study.simulation.get("n_nodes", DEFAULT_N_NODES))


def foms(study: Study) -> dict[str, str]:
    """Figure-of-merit names and units of the study's mode."""
    return FULL_FOMS if study.mode == "full" else OPTICS_FOMS


def extra_shapes(study: Study) -> dict[str, tuple[tuple[str, ...], tuple[int, ...], str]]:
    """Requested per-point arrays: name -> (dims after ``point``, shape, units)."""
    nv, nw, nx = voltages(study).size, n_wavelength(study), n_nodes(study)
    out = {}
    if "jv" in study.outputs:
        out |= {"current_density": (("voltage",), (nv,), "A/m^2"),
                "radiance": (("voltage",), (nv,), "W sr^-1 m^-2"),
                "eqe": (("voltage",), (nv,), "1")}
    if "spectra" in study.outputs:
        name = "el_spectrum" if study.mode == "full" else "emitter_absorptance_spectrum"
        out |= {"spectrum_wavelength": (("wavelength_index",), (nw,), "m"),
                name: (("wavelength_index",), (nw,), "1")}
    if "bands" in study.outputs:
        out |= {"position": (("node",), (nx,), "m"),
                "conduction_band": (("voltage", "node"), (nv, nx), "eV"),
                "valence_band": (("voltage", "node"), (nv, nx), "eV")}
    return out


def _empty(study: Study, start: int, stop: int) -> RangeResult:
    n = stop - start
    fom = {k: np.full(n, np.nan) for k in foms(study)}
    extra = {k: np.full((n, *shape), np.nan) for k, (_, shape, _) in extra_shapes(study).items()}
    return RangeResult(start, stop, fom, np.zeros(n, dtype=np.int8), [""] * n, extra)


def _fail(out: RangeResult, k: int, exc: Exception) -> None:
    out.status[k] = 2
    out.message[k] = f"{type(exc).__name__}: {exc}"[:500]


def _full_point(study: Study, config: DeviceConfig, out: RangeResult, k: int) -> None:
    from ncled.device.led import simulate_led

    volts = voltages(study)
    kw = {**FULL_DEFAULTS, **{key: v for key, v in study.simulation.items() if key != "voltages"}}
    res = simulate_led(config, volts, **kw)
    for name in out.fom:
        v = res.summary.get(name)
        out.fom[name][k] = float(v) if isinstance(v, int | float) else np.nan
    ds = res.dataset
    if "current_density" in out.extra:
        out.extra["current_density"][k] = ds.current_density.values
        out.extra["radiance"][k] = ds.radiance.values
        out.extra["eqe"][k] = ds.eqe.values
    if "el_spectrum" in out.extra:
        out.extra["spectrum_wavelength"][k] = ds.wavelength.values
        out.extra["el_spectrum"][k] = ds.el_spectrum.values
    if "position" in out.extra:
        from ncled.constants import q

        out.extra["position"][k] = ds.x.values
        out.extra["conduction_band"][k] = ds.ec.transpose("voltage", "x").values / q
        out.extra["valence_band"][k] = ds.ev.transpose("voltage", "x").values / q
    out.status[k] = 1


def _optical_key(config: DeviceConfig) -> str:
    """The device with every thickness set to 1 m, as JSON: devices that share it share their
    indices (only the thicknesses differ)."""
    layers = [layer.model_copy(update={"thickness": 1.0}) for layer in config.layers]
    return config.model_copy(update={"layers": layers, "source_path": None}).model_dump_json()


#: Indices of recently used optical keys, per worker process (bounded, oldest dropped first).
_INDEX_CACHE: dict[str, tuple] = {}
_INDEX_CACHE_SIZE = 16


def _indices(key: str, base: DeviceConfig) -> tuple:
    """Wavelengths, optical stack and PL weights of the devices sharing ``key`` (everything but
    the thicknesses): computed once per worker process for all the tasks that need them."""
    if key not in _INDEX_CACHE:
        if len(_INDEX_CACHE) >= _INDEX_CACHE_SIZE:
            _INDEX_CACHE.pop(next(iter(_INDEX_CACHE)))
        _INDEX_CACHE[key] = _compute_indices(base)
    return _INDEX_CACHE[key]


def _compute_indices(base: DeviceConfig) -> tuple:
    from ncled.device.emission import default_wavelengths, intrinsic_pl
    from ncled.device.optical_stack import optical_stack

    wl = default_wavelengths(base, N_WAVELENGTH_OPTICS)
    stack = optical_stack(base, wl)
    pl = intrinsic_pl(base, wl) * np.gradient(wl)
    return wl, stack, pl / pl.sum()


def _optics_group(configs: list[DeviceConfig], key: str, ks: list[int],
                  out: RangeResult) -> None:
    from ncled.device.led import series_resistance
    from ncled.optics.tmm import stack_rta

    base = configs[0]
    wl, stack, w = _indices(key, base)
    d = np.array([[layer.thickness for layer in c.layers] for c in configs])
    res = stack_rta(np.broadcast_to(stack.n, (len(configs), *stack.n.shape)), d, wl, 0.0,
                    coherent=stack.coherent, side="front")
    r, t, a = res.unpolarized()  # (B, W, 1), (B, M, W, 1)
    names = [layer.name for layer in base.layers]
    a_em = a[:, 1 + base.emitter_index, :, 0]
    cathode = base.electrodes.cathode.layer if base.electrodes else None
    a_cat = a[:, 1 + names.index(cathode), :, 0] if cathode else np.zeros_like(a_em)
    for j, k in enumerate(ks):
        out.fom["emitter_absorptance"][k] = a_em[j] @ w
        out.fom["cathode_absorptance"][k] = a_cat[j] @ w
        out.fom["reflectance"][k] = r[j, :, 0] @ w
        out.fom["transmittance"][k] = t[j, :, 0] @ w
        out.fom["series_resistance_ohm"][k] = series_resistance(configs[j])
        if "spectrum_wavelength" in out.extra:
            out.extra["spectrum_wavelength"][k] = wl
            out.extra["emitter_absorptance_spectrum"][k] = a_em[j]
        out.status[k] = 1


def evaluate_range(study: Study, start: int, stop: int) -> RangeResult:
    """Compute points ``start:stop`` of ``study`` (failed points carry their message)."""
    return evaluate_points(study, study.points[start:stop], start)


def evaluate_points(study: Study, points: np.ndarray, start: int = 0) -> RangeResult:
    """Compute the study's outputs at ``points`` (n, n_parameters) of SI values."""
    t0 = time.perf_counter()
    points = np.atleast_2d(np.asarray(points, dtype=float))
    out = _empty(study, start, start + points.shape[0])
    configs: list[DeviceConfig | None] = []
    for k, x in enumerate(points):
        try:
            configs.append(apply_parameters(study.device, dict(zip(study.names, x,
                                                                   strict=True))))
        except NcledError as exc:
            _fail(out, k, exc)
            configs.append(None)
    if study.mode == "full":
        for k, cfg in enumerate(configs):
            if cfg is None:
                continue
            try:
                _full_point(study, cfg, out, k)
            except NcledError as exc:
                _fail(out, k, exc)
    else:
        groups: dict[str, tuple[list[DeviceConfig], list[int]]] = {}
        for k, cfg in enumerate(configs):
            if cfg is not None:
                cs, ks = groups.setdefault(_optical_key(cfg), ([], []))
                cs.append(cfg)
                ks.append(k)
        for key, (cs, ks) in groups.items():
            try:
                _optics_group(cs, key, ks, out)
            except NcledError as exc:
                for k in ks:
                    _fail(out, k, exc)
    out.seconds = time.perf_counter() - t0
    return out
