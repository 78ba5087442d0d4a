"""Typed device description (TOML), validated once at the boundary.

A device file describes a planar stack from the *front* ambient medium (where the light leaves: the
air below the glass substrate for the reference LED) to the *back* ambient medium (the air above
the Au contact), plus the sections the models need: electrodes, the emitting nanocrystals, the
electrical parameters of each layer and the drive. Every problem in a file is collected and reported
together, each with its field path, by :func:`load_device`.

Lengths are written with a unit (``"35 nm"``, ``"1 mm"``); inside ncled they are metres.
"""

from __future__ import annotations

import difflib
import tomllib
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ncled.device.lab import Film, Measurement, Pulse, Thermal
from ncled.errors import ConfigError
from ncled.units import parse_length, parse_temperature

_STRICT = ConfigDict(extra="forbid", frozen=True)

FRACTION_TOL = 1e-6  # volume fractions must sum to 1 within this (rounding in hand-written files)


def _with_unit(v: Any, field: str, example: str) -> Any:
    """Reject a bare number where the unit would be ambiguous (lengths in mm or m, areas)."""
    if isinstance(v, int | float) and not isinstance(v, bool):
        raise ValueError(f"{field} needs a unit, e.g. {example} (a bare number is ambiguous)")
    return v


def _length(v: Any, info) -> float:
    return parse_length(v, field=info.field_name)


class Layer(BaseModel):
    """One layer of the stack.

    Exactly one of ``material`` (a name in the materials library, see ``ncled materials list``)
    or ``mixture`` (material name -> volume fraction, mixed by the effective-medium ``ema``) is
    given. ``thickness`` is a length with a unit; ``coherent = false`` marks a thick layer (the
    1 mm glass) treated incoherently. ``params`` are passed to the material model (e.g. the ITO
    Drude parameters). ``role`` marks the emitting layer.
    """

    model_config = _STRICT

    name: str = Field(min_length=1)
    material: str | None = None
    mixture: dict[str, float] | None = None
    ema: Literal["bruggeman", "maxwell-garnett", "looyenga", "linear"] = "bruggeman"
    params: dict[str, float | str] = Field(default_factory=dict)
    thickness: float
    coherent: bool = True
    role: Literal["passive", "emitter", "electrode"] = "passive"
    electrical: dict[str, float | str] = Field(default_factory=dict)

    _thickness = field_validator("thickness", mode="before")(_length)

    @field_validator("thickness")
    @classmethod
    def _positive(cls, v: float) -> float:
        if not v > 0:
            raise ValueError(f"thickness must be positive, got {v:g} m")
        return v

    @model_validator(mode="after")
    def _one_material(self) -> Layer:
        if (self.material is None) == (self.mixture is None):
            raise ValueError("give exactly one of 'material' or 'mixture'")
        if self.mixture is not None:
            if len(self.mixture) < 2:
                raise ValueError("a mixture needs at least two components")
            bad = {k: v for k, v in self.mixture.items() if not 0 < v <= 1}
            if bad:
                raise ValueError(f"mixture volume fractions must be in (0, 1], got {bad}")
            total = sum(self.mixture.values())
            if abs(total - 1.0) > FRACTION_TOL:
                raise ValueError(
                    f"mixture volume fractions must sum to 1, they sum to {total:.6g} "
                    f"({self.mixture})"
                )
        return self

    @property
    def components(self) -> dict[str, float]:
        """Material name -> volume fraction (a pure material is ``{material: 1.0}``)."""
        return dict(self.mixture) if self.mixture is not None else {self.material: 1.0}


class Ambient(BaseModel):
    """The two semi-infinite media: ``front`` (light-exit side) and ``back``."""

    model_config = _STRICT
    front: str = "air"
    back: str = "air"


class Electrode(BaseModel):
    """A contact: the layer it is, and its work function [eV] (positive, below vacuum)."""

    model_config = _STRICT
    layer: str
    work_function_ev: float = Field(gt=0, lt=10)
    contact: Literal["ohmic", "thermionic"] = "ohmic"


class Electrodes(BaseModel):
    """Cathode (injects electrons) and anode (injects holes)."""

    model_config = _STRICT
    cathode: Electrode
    anode: Electrode
    strip_width: float = Field(default=1e-3, description="ITO strip width [m]")
    strip_length: float = Field(default=1e-3, description="ITO strip length to the pad [m]")

    _w = field_validator("strip_width", "strip_length", mode="before")(
        lambda v, info: parse_length(_with_unit(v, info.field_name, "'1 mm'"),
                                     field=info.field_name)
    )


class Nanocrystal(BaseModel):
    """The emitting nanocrystals: material and either a diameter or a target PL peak."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    material: str = "HgTe"
    diameter: float | None = None
    pl_peak: float | None = None
    growth_temperature: float | None = None
    size_dispersion: float | None = Field(default=None, gt=0, lt=0.5)
    plqy: float | None = Field(default=None, gt=0, le=1)

    _len = field_validator("diameter", "pl_peak", mode="before")(
        lambda v, info: None if v is None else parse_length(v, field=info.field_name)
    )
    _temp = field_validator("growth_temperature", mode="before")(
        lambda v, info: None if v is None else parse_temperature(v, field=info.field_name)
    )

    @model_validator(mode="after")
    def _one_size(self) -> Nanocrystal:
        if self.diameter is not None and self.pl_peak is not None:
            raise ValueError("give either diameter or pl_peak, not both (one sets the other)")
        return self


class Drive(BaseModel):
    """Electrical drive for the simulation: a voltage sweep [V] and the ambient temperature [K]."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    voltage_start: float = 0.0
    voltage_stop: float = 3.0
    voltage_points: int = Field(default=31, ge=2, le=2001)
    temperature: float = 300.0
    thermal_resistance_k_w: float | None = Field(default=None, gt=0)

    _temp = field_validator("temperature", mode="before")(
        lambda v, info: parse_temperature(v, field=info.field_name)
    )


class DeviceConfig(BaseModel):
    """A whole device file. Layers are ordered from the front (light-exit) ambient to the back."""

    model_config = _STRICT

    name: str = "unnamed device"
    description: str = ""
    reference: str = ""
    pixel_area: float = Field(default=1e-6, gt=0, description="pixel area [m^2]")
    ambient: Ambient = Field(default_factory=Ambient)
    layers: Annotated[list[Layer], Field(min_length=1)]
    electrodes: Electrodes | None = None
    nanocrystal: Nanocrystal | None = None
    drive: Drive = Field(default_factory=Drive)
    measurement: Measurement = Field(default_factory=Measurement)
    thermal: Thermal = Field(default_factory=Thermal)
    pulse: Pulse | None = None
    film: Film = Field(default_factory=Film)
    source_path: str | None = None

    @field_validator("pixel_area", mode="before")
    @classmethod
    def _area(cls, v: Any) -> float:
        v = _with_unit(v, "pixel_area", "'1 mm2'")
        if isinstance(v, str):
            s = v.strip()
            for unit, scale in (("mm2", 1e-6), ("cm2", 1e-4), ("um2", 1e-12), ("m2", 1.0)):
                if s.endswith(unit):
                    return float(s[: -len(unit)]) * scale
            raise ValueError(f"cannot read pixel_area {v!r}; write e.g. '1 mm2'")
        return v

    @model_validator(mode="after")
    def _consistent(self) -> DeviceConfig:
        names = [layer.name for layer in self.layers]
        dup = sorted({n for n in names if names.count(n) > 1})
        if dup:
            raise ValueError(f"layer names must be unique, repeated: {dup}")
        if self.electrodes is not None:
            for role in ("cathode", "anode"):
                ref = getattr(self.electrodes, role).layer
                if ref not in names:
                    raise ValueError(
                        f"electrodes.{role}.layer {ref!r} is not a layer; layers: {names}")
        emitters = [layer.name for layer in self.layers if layer.role == "emitter"]
        if len(emitters) > 1:
            raise ValueError(f"at most one layer may have role = 'emitter', got {emitters}")
        return self

    def layer(self, name: str) -> Layer:
        """The layer called ``name`` (ConfigError listing the names if absent)."""
        for layer in self.layers:
            if layer.name == name:
                return layer
        raise ConfigError(f"no layer named {name!r}; layers: {[x.name for x in self.layers]}")

    @property
    def emitter_index(self) -> int | None:
        """Index of the emitting layer in :attr:`layers`, or None."""
        for i, layer in enumerate(self.layers):
            if layer.role == "emitter":
                return i
        return None


def _loc(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif str(part).startswith("function-") or str(part) in {"str", "float", "int"}:
            continue
        else:
            out += ("." if out else "") + str(part)
    return out or "(file)"


def _layer_label(data: dict, loc: tuple) -> str:
    """Name the layer in an error path: ``layers[2] ('ZnO')``."""
    if len(loc) >= 2 and loc[0] == "layers" and isinstance(loc[1], int):
        try:
            name = data["layers"][loc[1]].get("name")
        except (KeyError, IndexError, AttributeError, TypeError):
            name = None
        if name:
            return f" (layer {name!r})"
    return ""


def device_from_dict(data: dict, source: str | None = None) -> DeviceConfig:
    """Validate a parsed device description; every problem is reported in one ConfigError."""
    try:
        dev = DeviceConfig.model_validate({**data, "source_path": source})
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            msg = err["msg"].removeprefix("Value error, ")
            loc = err["loc"]
            problems.append(f"{_loc(loc)}{_layer_label(data, loc)}: {msg}")
        raise ConfigError(problems, source=source) from None
    _check_materials(dev, source)
    return dev


def _check_materials(dev: DeviceConfig, source: str | None) -> None:
    """Every material named in the file must exist in the library (with close-name suggestions)."""
    from ncled.materials import known_material_names

    known = known_material_names()
    problems = []
    named = [("ambient.front", dev.ambient.front), ("ambient.back", dev.ambient.back)]
    for i, layer in enumerate(dev.layers):
        key = "material" if layer.material is not None else "mixture"
        named += [(f"layers[{i}].{key} (layer {layer.name!r})", m) for m in layer.components]
    for field, name in named:
        if name.lower() not in {k.lower() for k in known}:
            close = difflib.get_close_matches(name, known, n=3, cutoff=0.5)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            problems.append(
                f"{field}: unknown material {name!r}{hint} (see `ncled materials list`)")
    if problems:
        raise ConfigError(problems, source=source)


def load_device(path: str | Path) -> DeviceConfig:
    """Read and validate a device TOML file, or a built-in device by name.

    Parameters
    ----------
    path : str or Path
        A file path, or the name of a built-in device (see :func:`builtin_devices`).

    Raises
    ------
    ConfigError
        Missing file, malformed TOML (with its line) or invalid content (every problem listed).
    """
    p = Path(path)
    if not p.exists():
        builtins = builtin_devices()
        if str(path) in builtins:
            p = builtins[str(path)]
        else:
            raise ConfigError(
                f"no such device file {str(path)!r}; built-in devices: {sorted(builtins)}"
            )
    try:
        text = p.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"malformed TOML: {exc}", source=str(p)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the file: {exc}", source=str(p)) from None
    return device_from_dict(data, source=str(p))


def builtin_devices() -> dict[str, Path]:
    """Built-in device files by name (``reference`` is the 2.0 um LED with 35 nm ITO)."""
    root = resources.files("ncled") / "data" / "devices"
    return {Path(str(f)).stem: Path(str(f)) for f in root.iterdir() if str(f).endswith(".toml")}


REFERENCE_DEVICE = "reference"
