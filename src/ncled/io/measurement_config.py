"""The measurement file (TOML): geometry and calibration of an LED, lifetime or spectrum
measurement, validated once at the boundary (every problem reported together).

Example::

    pixel_area = "1 mm2"              # or: device = "reference" (a device file or built-in name)
    pixel_area_rel_unc = 0.03

    [columns]                          # only for headers that are not recognised by name
    voltage = "U [V]"

    [detector]
    responsivity_a_w = 1.2             # at the EL wavelength
    responsivity_rel_unc = 0.05
    area = "7.07 mm2"                  # a bare detector on the normal ...
    distance = "20 mm"                 # ... or collection_efficiency = 0.98 (sphere)
    distance_rel_unc = 0.02

    [emission]
    peak_wavelength = "2000 nm"
    spectrum = "el_spectrum.csv"       # relative to this file

    [criteria]
    turn_on = { method = "noise", value = 5, dark_points = 5 }
    threshold = { method = "noise", value = 5, dark_points = 5 }

    [lifetime]
    acceleration_exponent = 1.7
    target_radiances = [0.1, 3.0]      # W sr^-1 m^-2

Lengths carry units (``"20 mm"``); areas are written ``"1 mm2"``, ``"0.01 cm2"``.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ncled.errors import ConfigError
from ncled.units import parse_area, parse_length

_STRICT = ConfigDict(extra="forbid", frozen=True)


#: EL peaks ncled analyses: visible (0.2 um) to the mid-infrared (30 um), beyond every NC emitter.
PEAK_WAVELENGTH_RANGE_M = (0.2e-6, 30e-6)


def _positive(value: float, field: str, unit: str) -> float:
    if not value > 0:
        raise ValueError(f"{field}: must be positive, got {value:g} {unit}")
    return value


_Unc = Field(default=0.0, ge=0, lt=1, description="relative standard uncertainty")


class Criterion(BaseModel):
    """Onset criterion (see :class:`ncled.analysis.led.OnsetCriterion`)."""

    model_config = _STRICT
    method: Literal["noise", "radiance"] = "noise"
    value: float = Field(default=5.0, gt=0)
    dark_points: int = Field(default=5, ge=2, le=1000)


class Detector(BaseModel):
    """Calibrated detector: responsivity and either a collection efficiency or a geometry."""

    model_config = _STRICT
    responsivity_a_w: float | None = Field(default=None, gt=0)
    responsivity_rel_unc: float = _Unc
    responsivity_file: str | None = None
    collection_efficiency: float | None = Field(default=None, gt=0, le=1)
    collection_efficiency_rel_unc: float = _Unc
    area: float | None = None
    area_rel_unc: float = _Unc
    distance: float | None = None
    distance_rel_unc: float = _Unc
    photocurrent_sign: Literal[1, -1] = 1
    noise_floor_a: float | None = Field(default=None, ge=0)
    subtract_dark: bool = True

    _area = field_validator("area", mode="before")(
        lambda v, info: None if v is None else parse_area(v, info.field_name))
    _dist = field_validator("distance", mode="before")(
        lambda v, info: None if v is None else _positive(parse_length(v, info.field_name),
                                                         info.field_name, "m"))

    @model_validator(mode="after")
    def _geometry(self) -> Detector:
        geo = (self.area is not None, self.distance is not None)
        if any(geo) and not all(geo):
            raise ValueError("give both detector.area and detector.distance, or neither")
        if all(geo) and self.collection_efficiency is not None:
            raise ValueError("give either collection_efficiency or area + distance, not both")
        return self


class Emission(BaseModel):
    """EL peak wavelength and/or EL spectrum file."""

    model_config = _STRICT
    peak_wavelength: float | None = None
    peak_wavelength_unc: float = 0.0
    spectrum: str | None = None

    _len = field_validator("peak_wavelength", "peak_wavelength_unc", mode="before")(
        lambda v, info: None if v is None else parse_length(v, info.field_name))

    @model_validator(mode="after")
    def _range(self) -> Emission:
        lo, hi = PEAK_WAVELENGTH_RANGE_M
        if self.peak_wavelength is not None and not lo <= self.peak_wavelength <= hi:
            raise ValueError(f"peak_wavelength {self.peak_wavelength * 1e9:g} nm is outside "
                             f"[{lo * 1e9:g}, {hi * 1e9:g}] nm")
        if not 0 <= self.peak_wavelength_unc < (self.peak_wavelength or np.inf):
            raise ValueError("peak_wavelength_unc must be >= 0 and below the peak wavelength")
        return self


class Criteria(BaseModel):
    """Turn-on voltage and EL threshold criteria."""

    model_config = _STRICT
    turn_on: Criterion = Field(default_factory=Criterion)
    threshold: Criterion = Field(default_factory=Criterion)


class Lifetime(BaseModel):
    """Lifetime analysis options."""

    model_config = _STRICT
    fractions: list[float] = Field(default_factory=lambda: [0.9, 0.7, 0.5])
    acceleration_exponent: float | None = Field(default=None, gt=0, le=10)
    acceleration_exponent_unc: float = Field(default=0.0, ge=0)
    target_radiances: list[float] = Field(default_factory=list)

    @field_validator("fractions")
    @classmethod
    def _fr(cls, v: list[float]) -> list[float]:
        if not v or any(not 0 < f < 1 for f in v):
            raise ValueError(f"fractions must be in (0, 1), got {v}")
        return v

    @field_validator("target_radiances")
    @classmethod
    def _tr(cls, v: list[float]) -> list[float]:
        if any(not x > 0 for x in v):
            raise ValueError(f"target radiances must be positive, got {v}")
        return v


class SpectrumOptions(BaseModel):
    """Spectrum processing: baseline windows (in nm), smoothing, Gaussian fit."""

    model_config = _STRICT
    baseline_windows_nm: list[tuple[float, float]] = Field(default_factory=list)

    @field_validator("baseline_windows_nm")
    @classmethod
    def _windows(cls, v: list[tuple[float, float]]) -> list[tuple[float, float]]:
        bad = [w for w in v if not 0 < w[0] < w[1]]
        if bad:
            raise ValueError(f"each window is (lo, hi) with 0 < lo < hi [nm], got {bad}")
        return v
    baseline_order: int = Field(default=1, ge=0, le=5)
    smooth_points: int = Field(default=0, ge=0)
    gaussians: int = Field(default=1, ge=0, le=6)


class MeasurementConfig(BaseModel):
    """A whole measurement file."""

    model_config = _STRICT
    name: str = "measurement"
    device: str | None = None
    pixel_area: float | None = None
    pixel_area_rel_unc: float = _Unc
    current_rel_unc: float = _Unc
    columns: dict[str, str] = Field(default_factory=dict)
    detector: Detector = Field(default_factory=Detector)
    emission: Emission = Field(default_factory=Emission)
    criteria: Criteria = Field(default_factory=Criteria)
    lifetime: Lifetime = Field(default_factory=Lifetime)
    spectrum: SpectrumOptions = Field(default_factory=SpectrumOptions)
    source_path: str | None = None

    _area = field_validator("pixel_area", mode="before")(
        lambda v, info: None if v is None else parse_area(v, info.field_name))

    def resolve(self, relative: str | None) -> Path | None:
        """A path written in the file, relative to the file's folder."""
        if relative is None:
            return None
        p = Path(relative)
        if not p.is_absolute() and self.source_path:
            p = Path(self.source_path).parent / p
        return p

    def device_reference(self) -> str | None:
        """The ``device`` entry: a path resolved against this file's folder when it exists there,
        else as written (a built-in device name)."""
        if self.device is None:
            return None
        path = self.resolve(self.device)
        return str(path) if path is not None and path.exists() else self.device

    def area_m2(self, device_area_m2: float | None = None) -> float:
        """Pixel area [m^2]: ``pixel_area``, else ``device_area_m2`` (the pixel area of the device
        file named by ``device``, which the caller reads with
        :func:`ncled.device.config.load_device`)."""
        if self.pixel_area is not None:
            return self.pixel_area
        if device_area_m2 is not None and self.device is not None:
            return device_area_m2
        if self.device is not None:
            raise ConfigError(f"device = {self.device!r}: its pixel area must be read from the "
                              "device file (ncled.device.config.load_device)",
                              source=self.source_path)
        raise ConfigError("give pixel_area (e.g. '1 mm2') or device in the measurement file",
                          source=self.source_path)


def _loc(loc: tuple) -> str:
    return ".".join(str(p) for p in loc if not str(p).startswith("function-")) or "(file)"


def _message(err: dict) -> str:
    msg = err["msg"].removeprefix("Value error, ")
    loc = err["loc"]
    return msg.removeprefix(f"{loc[-1]}: ") if loc and isinstance(loc[-1], str) else msg


def measurement_from_dict(data: dict, source: str | None = None) -> MeasurementConfig:
    """Validate a parsed measurement description (all problems in one ConfigError)."""
    try:
        return MeasurementConfig.model_validate({**data, "source_path": source})
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            problems.append(f"{_loc(err['loc'])}: {_message(err)}")
        raise ConfigError(problems, source=source) from None


def load_measurement(path: str | Path | None) -> MeasurementConfig:
    """Read and validate a measurement TOML file (None: all defaults)."""
    if path is None:
        return MeasurementConfig()
    p = Path(path)
    if p.is_dir():
        raise ConfigError(f"measurement file {p} is a directory, not a TOML file")
    if not p.is_file():
        raise ConfigError(f"measurement file {p} not found")
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"not valid TOML: {exc}", source=str(p)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the file: {exc}", source=str(p)) from None
    return measurement_from_dict(data, source=str(p))
