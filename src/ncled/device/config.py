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
from dataclasses import fields
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ncled.device.lab import Film, Measurement, Pulse, Thermal
from ncled.errors import ConfigError
from ncled.materials.electronic import ElectronicMaterial
from ncled.units import parse_area, parse_length, parse_temperature

_STRICT = ConfigDict(extra="forbid", frozen=True)

FRACTION_TOL = 1e-6  # volume fractions must sum to 1 within this (rounding in hand-written files)

#: Practical bounds of the values a device file may hold (SI), each with its reason. A value
#: outside is a slip (a unit, an exponent), reported with the bound.
LIMITS: dict[str, tuple[float, float, str]] = {
    # thickest layer: a 1 cm substrate (the reference glass is 1 mm)
    "thickness": (0.0, 1e-2, "m"),
    # ITO strip: up to 10 cm, a whole substrate
    "strip": (0.0, 0.1, "m"),
    # pixel: up to 100 cm^2 (a whole 10 cm substrate)
    "pixel_area": (0.0, 1e-2, "m^2"),
    # colloidal nanocrystals: 1 nm clusters to 50 nm (bulk-like, no confinement left)
    "diameter": (1e-9, 50e-9, "m"),
    # PL of the NC materials of ncled: visible (PbS, 0.4 um) to the HgTe mid-IR (20 um)
    "pl_peak": (0.4e-6, 20e-6, "m"),
    # colloidal synthesis: from 0 C (ice bath) to 350 C (hot injection of PbS/HgTe in ODE)
    "growth_temperature": (273.15, 623.15, "K"),
    # drive: cryostat (4 K) to 500 K (organic ligands decompose above about 200 C)
    "temperature": (4.0, 500.0, "K"),
    # bias: a few hundred nm thick LED breaks down long before 20 V (> 5e7 V/m)
    "voltage": (-20.0, 20.0, "V"),
}


#: The keys a layer's ``electrical`` table may hold: the fields of
#: :class:`ncled.materials.electronic.ElectronicMaterial` (but its name and source).
ELECTRICAL_KEYS = frozenset(f.name for f in fields(ElectronicMaterial)) - {"name", "source"}


def _bounded(value: float, key: str, field: str) -> float:
    lo, hi, unit = LIMITS[key]
    if lo == 0 and not value > 0:
        raise ValueError(f"{field} must be positive, got {value:g} {unit}")
    if not lo < value <= hi:
        raise ValueError(f"{field} = {value:g} {unit} is outside ({lo:g}, {hi:g}] {unit}")
    return value


def _length(v: Any, info) -> float:
    return _bounded(parse_length(v, field=info.field_name), "thickness", info.field_name)


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
        lambda v, info: _bounded(parse_length(v, field=info.field_name, example="'1 mm'"),
                                 "strip", info.field_name)
    )


class Nanocrystal(BaseModel):
    """The emitting nanocrystals: material and either a diameter or a target PL peak."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    material: str = "HgTe"
    diameter: float | None = None
    pl_peak: float | None = None
    growth_temperature: float | None = None
    size_dispersion: float | None = None
    plqy: float | None = Field(default=None, gt=0, le=1)

    @field_validator("size_dispersion")
    @classmethod
    def _dispersion(cls, v: float | None) -> float | None:
        from ncled.nanocrystal.ensemble import MAX_SIZE_DISPERSION

        if v is not None and not 0 < v <= MAX_SIZE_DISPERSION:
            raise ValueError(f"size_dispersion (sigma_d / d) must be in (0, "
                             f"{MAX_SIZE_DISPERSION:g}], got {v:g}: a wider normal distribution "
                             "of diameters reaches zero size")
        return v

    _len = field_validator("diameter", "pl_peak", mode="before")(
        lambda v, info: None if v is None else _bounded(
            parse_length(v, field=info.field_name), info.field_name, info.field_name)
    )
    _temp = field_validator("growth_temperature", mode="before")(
        lambda v, info: None if v is None else _bounded(
            parse_temperature(v, field=info.field_name, default_unit=None),
            "growth_temperature", info.field_name)
    )

    @model_validator(mode="after")
    def _one_size(self) -> Nanocrystal:
        if self.diameter is not None and self.pl_peak is not None:
            raise ValueError("give either diameter or pl_peak, not both (one sets the other)")
        return self


class Drive(BaseModel):
    """Electrical drive for the simulation: a voltage sweep [V] and the ambient temperature [K]."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    voltage_start: float = Field(default=0.0, ge=LIMITS["voltage"][0], le=LIMITS["voltage"][1])
    voltage_stop: float = Field(default=3.0, ge=LIMITS["voltage"][0], le=LIMITS["voltage"][1])
    voltage_points: int = Field(default=31, ge=2, le=2001)
    temperature: float = 300.0
    thermal_resistance_k_w: float | None = Field(default=None, gt=0)

    _temp = field_validator("temperature", mode="before")(
        lambda v, info: _bounded(parse_temperature(v, field=info.field_name, default_unit=None),
                                 "temperature", info.field_name)
    )

    @model_validator(mode="after")
    def _sweep(self) -> Drive:
        if not self.voltage_stop > self.voltage_start:
            raise ValueError(f"voltage_stop ({self.voltage_stop:g} V) must exceed voltage_start "
                             f"({self.voltage_start:g} V)")
        return self


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
        return _bounded(parse_area(v, "pixel_area"), "pixel_area", "pixel_area")

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
        """Index of the emitting layer in ``layers``, or None."""
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
    """Validate a parsed device description; every problem is reported in one ConfigError.

    The schema (types, units, ranges), the material names, the keys of each layer's ``params``
    (the parameters its material model takes) and ``electrical`` table (the fields of
    :class:`ncled.materials.electronic.ElectronicMaterial`) are all checked, and every problem
    found is listed, each with its field path.
    """
    problems: list[str] = []
    dev = None
    try:
        dev = DeviceConfig.model_validate({**data, "source_path": source})
    except ValidationError as exc:
        for err in exc.errors():
            msg = err["msg"].removeprefix("Value error, ")
            loc = err["loc"]
            if loc and isinstance(loc[-1], str):
                msg = msg.removeprefix(f"{loc[-1]}: ")
            problems.append(f"{_loc(loc)}{_layer_label(data, loc)}: {msg}")
    problems += _material_problems(data)
    if problems:
        raise ConfigError(problems, source=source)
    return dev


def _material_problems(data: dict) -> list[str]:
    """Unknown materials, and ``params`` / ``electrical`` keys outside their schemas, read from
    the raw file (so that they are reported together with the schema's problems)."""
    from ncled.materials import known_material_names
    from ncled.materials.base import material_parameters

    known = {k.lower(): k for k in known_material_names()}
    problems: list[str] = []

    def material(field: str, name: Any) -> str | None:
        if not isinstance(name, str):
            return None  # the schema reports the type
        if name.lower() in known:
            return known[name.lower()]
        close = difflib.get_close_matches(name, list(known.values()), n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        problems.append(f"{field}: unknown material {name!r}{hint} (see `ncled materials list`)")
        return None

    amb = data.get("ambient", {})
    if isinstance(amb, dict):
        for side in ("front", "back"):
            if side in amb:
                material(f"ambient.{side}", amb[side])
    layers = data.get("layers", [])
    for i, layer in enumerate(layers if isinstance(layers, list) else []):
        if not isinstance(layer, dict):
            continue
        where = f"layers[{i}]" + (f" (layer {layer['name']!r})" if layer.get("name") else "")
        comps: dict[str, str | None] = {}
        if "material" in layer:
            comps[""] = material(f"{where}.material", layer["material"])
        mixture = layer.get("mixture")
        if isinstance(mixture, dict):
            comps.update({m: material(f"{where}.mixture", m) for m in mixture})
        params = layer.get("params", {})
        for key in params if isinstance(params, dict) else {}:
            comp, _, par = str(key).rpartition(".")
            if comp not in comps:
                problems.append(f"{where}.params.{key}: " + (
                    f"in a mixture, write '<component>.<parameter>' with a component among "
                    f"{sorted(c for c in comps if c)}" if "" not in comps
                    else "the layer has one material: write the parameter name alone"))
                continue
            name = comps[comp]
            accepted = material_parameters(name) if name is not None else None
            if accepted is not None and par not in accepted:
                problems.append(f"{where}.params.{key}: material {name!r} takes no parameter "
                                f"{par!r}; it takes: {', '.join(accepted) or 'none'}")
        electrical = layer.get("electrical", {})
        for key in electrical if isinstance(electrical, dict) else {}:
            if key not in ELECTRICAL_KEYS:
                problems.append(f"{where}.electrical.{key}: unknown electrical parameter; "
                                f"valid: {', '.join(sorted(ELECTRICAL_KEYS))}")
    return problems


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
