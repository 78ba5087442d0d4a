"""Parameter paths: name a number in a device file and set it on a copy of the device.

A study, an optimisation or a fit varies parameters named by *paths* into the device file, written
as the file writes them: ``layers.ITO.thickness``, ``layers.ZnO.electrical.mu_n_cm2``,
``layers.ITO.params.mobility_cm2_vs``, ``nanocrystal.pl_peak``, ``drive.temperature``, ... Each
path has a *kind* that says how a value given in a study file is read (a length needs a unit; a
temperature takes ``"23C"`` or kelvin; a plain number is dimensionless or carries its unit in its
key, like ``mu_n_cm2``) and the SI unit it is stored in.

The vocabulary is a list of :class:`PathRule`; :func:`register_rule` adds one (e.g. the paths of
a parameter registry). :func:`valid_paths` lists every path a device offers, and an unknown path
gets the valid ones nearest to it (:func:`difflib.get_close_matches`).
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ncled.device.config import DeviceConfig
from ncled.device.electrical import _OVERRIDABLE, active_layers
from ncled.device.studies import with_hgte_fraction
from ncled.errors import ConfigError, NcledError
from ncled.units import parse_length, parse_temperature

#: Kinds of parameter: SI unit and the reader of a value written in a study file.
KIND_UNITS = {"length": "m", "temperature": "K", "fraction": "1", "number": ""}

#: Shorter names accepted for common paths (what the issue and the paper call them).
ALIASES = {
    "drive.ambient": "drive.temperature",
    "emitter.hgte_fraction": "emitter.mixture_fraction",
}


@dataclass(frozen=True)
class PathRule:
    """One family of paths.

    Attributes
    ----------
    paths : callable
        ``paths(config) -> {path: (kind, unit)}``: the paths this rule offers on a device.
    apply : callable
        ``apply(config, path, value_si) -> DeviceConfig``: a copy with the value set, or None
        when the path is not this rule's.
    """

    paths: Callable[[DeviceConfig], dict[str, tuple[str, str]]]
    apply: Callable[[DeviceConfig, str, float], DeviceConfig | None]


def _replace_layer(config: DeviceConfig, name: str, **update: Any) -> DeviceConfig:
    i = [x.name for x in config.layers].index(name)
    layers = list(config.layers)
    layers[i] = layers[i].model_copy(update=update)
    return config.model_copy(update={"layers": layers})


def _layer_paths(config: DeviceConfig) -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    try:
        active = {x.name for x in active_layers(config)}
    except NcledError:
        active = set()
    for layer in config.layers:
        out[f"layers.{layer.name}.thickness"] = ("length", "m")
        for key, v in layer.params.items():
            if isinstance(v, int | float):
                out[f"layers.{layer.name}.params.{key}"] = ("number", "")
        if layer.mixture is not None and len(layer.mixture) == 2:
            for comp in layer.mixture:
                out[f"layers.{layer.name}.mixture.{comp}"] = ("fraction", "1")
        if layer.name in active:
            for key in sorted(_OVERRIDABLE):
                out[f"layers.{layer.name}.electrical.{key}"] = ("number", "")
    return out


def _apply_layer(config: DeviceConfig, path: str, value: float) -> DeviceConfig | None:
    if not path.startswith("layers."):
        return None
    for layer in config.layers:
        head = f"layers.{layer.name}."
        if not path.startswith(head):
            continue
        rest = path[len(head):]
        if rest == "thickness":
            if not value > 0:
                raise ConfigError(f"{path}: thickness must be positive, got {value:g} m")
            return _replace_layer(config, layer.name, thickness=value)
        table, _, key = rest.partition(".")
        if table in ("params", "electrical") and key:
            return _replace_layer(config, layer.name,
                                  **{table: {**getattr(layer, table), key: value}})
        if table == "mixture" and layer.mixture and key in layer.mixture:
            if not 0 < value < 1:
                raise ConfigError(f"{path}: a volume fraction must be in (0, 1), got {value:g}")
            other = next(k for k in layer.mixture if k != key)
            return _replace_layer(config, layer.name, mixture={key: value, other: 1.0 - value})
    return None


def _emitter_paths(config: DeviceConfig) -> dict[str, tuple[str, str]]:
    i = config.emitter_index
    if i is None or not config.layers[i].mixture or len(config.layers[i].mixture) != 2:
        return {}
    return {"emitter.mixture_fraction": ("fraction", "1")}


def _apply_emitter(config: DeviceConfig, path: str, value: float) -> DeviceConfig | None:
    if path != "emitter.mixture_fraction":
        return None
    return with_hgte_fraction(config, value)


_NC_KINDS = {"pl_peak": "length", "diameter": "length", "plqy": "fraction",
             "size_dispersion": "fraction"}
_DRIVE_KINDS = {"temperature": "temperature", "thermal_resistance_k_w": "number"}
_ELECTRODE_KINDS = {"cathode.work_function_ev": "number", "anode.work_function_ev": "number",
                    "strip_length": "length", "strip_width": "length"}


def _section_paths(config: DeviceConfig) -> dict[str, tuple[str, str]]:
    out = {"pixel_area": ("number", "m^2")}
    if config.nanocrystal is not None:
        out |= {f"nanocrystal.{k}": (v, KIND_UNITS[v]) for k, v in _NC_KINDS.items()}
    out |= {f"drive.{k}": (v, KIND_UNITS[v] or ("K/W" if "k_w" in k else ""))
            for k, v in _DRIVE_KINDS.items()}
    if config.electrodes is not None:
        out |= {f"electrodes.{k}": (v, KIND_UNITS[v] or "eV") for k, v in _ELECTRODE_KINDS.items()}
    return out


def _apply_section(config: DeviceConfig, path: str, value: float) -> DeviceConfig | None:
    section, _, key = path.partition(".")
    if path == "pixel_area":
        if not value > 0:
            raise ConfigError(f"pixel_area must be positive, got {value:g} m^2")
        return config.model_copy(update={"pixel_area": value})
    if section == "nanocrystal" and key in _NC_KINDS and config.nanocrystal is not None:
        update: dict[str, Any] = {key: value}
        if key in ("pl_peak", "diameter"):  # one sets the other, and the growth temperature
            # (through the synthesis calibration) would contradict a varied size
            update["diameter" if key == "pl_peak" else "pl_peak"] = None
            update["growth_temperature"] = None
        if key == "plqy" and not 0 < value <= 1:
            raise ConfigError(f"{path}: a PLQY must be in (0, 1], got {value:g}")
        return config.model_copy(update={"nanocrystal": config.nanocrystal.model_copy(
            update=update)})
    if section == "drive" and key in _DRIVE_KINDS:
        return config.model_copy(update={"drive": config.drive.model_copy(update={key: value})})
    if section == "electrodes" and key in _ELECTRODE_KINDS and config.electrodes is not None:
        e = config.electrodes
        sub, _, field = key.partition(".")
        if field:
            new = getattr(e, sub).model_copy(update={field: value})
            return config.model_copy(update={"electrodes": e.model_copy(update={sub: new})})
        return config.model_copy(update={"electrodes": e.model_copy(update={key: value})})
    return None


RULES: list[PathRule] = [
    PathRule(_layer_paths, _apply_layer),
    PathRule(_emitter_paths, _apply_emitter),
    PathRule(_section_paths, _apply_section),
]


def register_rule(rule: PathRule) -> None:
    """Add a family of paths (e.g. those of a parameter registry) to the vocabulary."""
    RULES.append(rule)


def valid_paths(config: DeviceConfig) -> dict[str, tuple[str, str]]:
    """Every path the device offers: ``{path: (kind, SI unit)}``."""
    out: dict[str, tuple[str, str]] = {}
    for rule in RULES:
        out |= rule.paths(config)
    return out


def canonical(path: str) -> str:
    """The path with its alias resolved (``drive.ambient`` -> ``drive.temperature``)."""
    return ALIASES.get(path, path)


def check_path(config: DeviceConfig, path: str) -> str | None:
    """None if ``path`` is valid on ``config``, else a message with the nearest valid paths."""
    known = valid_paths(config)
    if canonical(path) in known:
        return None
    close = difflib.get_close_matches(path, list(known) + list(ALIASES), n=4, cutoff=0.5)
    if not close:  # same head (layers.ITO...) first
        head = path.rsplit(".", 1)[0]
        close = [p for p in known if p.startswith(head)][:6]
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    return f"unknown parameter path {path!r}{hint} ({len(known)} valid paths on this device)"


def read_value(value: Any, kind: str, unit: str | None, where: str) -> float:
    """A value written in a study file -> SI float.

    Lengths need a unit (``"35 nm"`` or a number with ``unit = "nm"``); temperatures take
    ``"23C"``, ``"296 K"`` or kelvin; other kinds are plain numbers.
    """
    if isinstance(value, bool):
        raise ConfigError(f"{where}: expected a number, got {value!r}")
    if kind == "length":
        if isinstance(value, int | float) and not unit:
            raise ConfigError(f"{where}: a length needs a unit, e.g. '35 nm' or unit = 'nm' "
                              "(a bare number is ambiguous)")
        text = f"{value} {unit}" if isinstance(value, int | float) else value
        out = parse_length(text, field=where)
    elif kind == "temperature":
        out = parse_temperature(f"{value}{unit}" if unit and isinstance(value, int | float)
                                else value, field=where)
    else:
        if unit and unit != "1":
            raise ConfigError(f"{where}: this parameter takes a plain number (its unit is in "
                              f"its name), not unit = {unit!r}")
        try:
            out = float(value)
        except (TypeError, ValueError):
            raise ConfigError(f"{where}: expected a number, got {value!r}") from None
    if not math.isfinite(out):
        raise ConfigError(f"{where}: value must be finite, got {value!r}")
    return out


def apply_parameters(config: DeviceConfig, values: Mapping[str, float]) -> DeviceConfig:
    """A copy of ``config`` with each path set to its SI value.

    Raises
    ------
    ConfigError
        Unknown path (with suggestions) or a value outside the parameter's domain.
    """
    for path, value in values.items():
        p = canonical(path)
        for rule in RULES:
            new = rule.apply(config, p, float(value))
            if new is not None:
                config = new
                break
        else:
            raise ConfigError(check_path(config, path) or f"cannot set {path!r}")
    return config


def describe(paths: Iterable[str], config: DeviceConfig) -> dict[str, tuple[str, str]]:
    """``{path: (kind, SI unit)}`` of the given (valid) paths."""
    known = valid_paths(config)
    return {p: known[canonical(p)] for p in paths}


def current_value(config: DeviceConfig, path: str) -> float:
    """The value of ``path`` on ``config`` in SI (NaN where the file leaves it to a model)."""
    from ncled.device.electrical import emitter_hgte_fraction

    p = canonical(path)
    if p == "emitter.mixture_fraction":
        return emitter_hgte_fraction(config.layers[config.emitter_index])
    parts = p.split(".")
    obj: Any = config
    if parts[0] == "layers":
        obj = config.layer(parts[1])
        parts = parts[2:]
        if parts[0] == "electrical" and parts[1] not in obj.electrical:
            return _model_electrical(config, obj, parts[1])
    for part in parts:
        if isinstance(obj, Mapping):
            obj = obj.get(part)
        else:
            obj = getattr(obj, part, None)
        if obj is None:
            return float("nan")
    return float(obj) if isinstance(obj, int | float) else float("nan")


def _model_electrical(config: DeviceConfig, layer, key: str) -> float:
    """The electrical parameter the model takes for a layer whose file does not give it."""
    from ncled.device.electrical import layer_electronics

    gap, diameter = 1.0, 5e-9  # used only by the emitting layer
    if layer.role == "emitter":
        from ncled.device.led import emitter_physics

        em = emitter_physics(config)
        gap, diameter = em.gap_ev, em.diameter_m
    return float(getattr(layer_electronics(layer, gap, diameter), key))
