"""The device being edited: the parsed TOML as a plain dict, its edits and its TOML text.

The designer keeps the user's device file as the dict :mod:`tomllib` reads (lengths stay strings
with their unit, ``"35 nm"``), edits it field by field and validates it with the library
(:func:`ncled.designer.model.validate`) after every edit. The exported file is that dict written
back with ``tomli-w``, so whatever the user's file held (electrical tables, ITO parameters,
comments aside) survives a round trip. No physics here.
"""

from __future__ import annotations

import copy
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ncled.device.config import builtin_devices
from ncled.errors import ConfigError
from ncled.units import parse_length, parse_temperature

#: Columns of the stack table, in order.
TABLE_COLUMNS = ("name", "material", "mixture", "thickness", "role", "coherent")
ROLES = ("passive", "emitter", "electrode")
_LAYER_REF = re.compile(r"^layers\[(\d+)\]")


def read_device_text(text: str, source: str) -> dict:
    """Parse the text of a device TOML file (ConfigError naming ``source`` if malformed)."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"malformed TOML: {exc}", source=source) from None


def read_device_file(path: str | Path) -> tuple[dict, str]:
    """The parsed TOML of a file or built-in device name, and where it came from."""
    p = Path(path)
    if not p.exists():
        builtins = builtin_devices()
        if str(path) not in builtins:
            raise ConfigError(f"no such device file {str(path)!r}; built-in devices: "
                              f"{sorted(builtins)}")
        p = builtins[str(path)]
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the file: {exc}", source=str(p)) from None
    return read_device_text(text, str(p)), str(p)


def to_toml(data: dict) -> str:
    """The device dict as TOML text (``tomli-w``), readable by
    :func:`ncled.device.config.load_device`."""
    import tomli_w

    clean = {k: v for k, v in data.items() if k != "source_path"}
    return tomli_w.dumps(clean)


def format_nm(value_nm: float) -> str:
    """A length in nm as a device-file string (``"35 nm"``)."""
    return f"{float(value_nm):g} nm"


def format_mixture(mixture: dict | None) -> str:
    """``{"HgTe-NC-film": 0.5, "ZnO-NC-film": 0.5}`` -> ``"HgTe-NC-film: 0.5, ZnO-NC-film:
    0.5"``."""
    if not mixture:
        return ""
    return ", ".join(f"{k}: {v:g}" for k, v in mixture.items())


def parse_mixture(text: str) -> dict[str, float]:
    """Inverse of :func:`format_mixture` (ConfigError on a malformed entry)."""
    out: dict[str, float] = {}
    for part in str(text).split(","):
        if not part.strip():
            continue
        name, sep, frac = part.rpartition(":")
        try:
            if not sep or not name.strip():
                raise ValueError
            out[name.strip()] = float(frac)
        except ValueError:
            raise ConfigError(f"cannot read the mixture entry {part.strip()!r}: write "
                              "'material: volume fraction, material: volume fraction'") from None
    return out


@dataclass
class Problems:
    """Validation problems split by where they are shown: per layer row, and the rest."""

    by_layer: dict[int, list[str]] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)

    @classmethod
    def from_error(cls, exc: ConfigError) -> Problems:
        out = cls()
        for p in exc.problems:
            m = _LAYER_REF.match(p)
            if m:
                out.by_layer.setdefault(int(m.group(1)), []).append(p)
            else:
                out.general.append(p)
        return out

    def __bool__(self) -> bool:
        return bool(self.by_layer or self.general)


class DeviceDocument:
    """A device description under edit (a copy of the parsed TOML dict)."""

    def __init__(self, data: dict, source: str = "") -> None:
        self.data = copy.deepcopy(data)
        self.source = source

    # -- the stack table ----------------------------------------------------------------------
    def table_rows(self) -> list[dict]:
        """One row per layer with the :data:`TABLE_COLUMNS` (strings, as in the file)."""
        rows = []
        for layer in self.data.get("layers", []):
            rows.append({
                "name": str(layer.get("name", "")),
                "material": str(layer.get("material", "") or ""),
                "mixture": format_mixture(layer.get("mixture")),
                "thickness": str(layer.get("thickness", "")),
                "role": str(layer.get("role", "passive")),
                "coherent": bool(layer.get("coherent", True)),
            })
        return rows

    def set_cell(self, index: int, column: str, value) -> None:
        """Edit one cell of the stack table; the text goes into the file as typed.

        A mixture that cannot be parsed raises ConfigError (the file is left unchanged).
        """
        layer = self.data["layers"][index]
        if column == "mixture":
            text = str(value or "").strip()
            if text:
                layer["mixture"] = parse_mixture(text)
                layer.pop("material", None)
            else:
                layer.pop("mixture", None)
        elif column == "material":
            text = str(value or "").strip()
            if text:
                layer["material"] = text
                layer.pop("mixture", None)
            else:
                layer.pop("material", None)
        elif column == "coherent":
            layer["coherent"] = bool(value)
        elif column in ("name", "thickness", "role"):
            layer[column] = str(value).strip()
        else:
            raise ConfigError(f"unknown column {column!r}; columns: {list(TABLE_COLUMNS)}")

    def add_layer(self, after: int | None = None) -> int:
        """Insert a new 50 nm ZnO layer after row ``after`` (at the end if None); its index."""
        layers = self.data.setdefault("layers", [])
        names = {layer.get("name") for layer in layers}
        k = 1
        while f"layer {k}" in names:
            k += 1
        new = {"name": f"layer {k}", "material": "ZnO-NC-film", "thickness": "50 nm"}
        at = len(layers) if after is None else min(after + 1, len(layers))
        layers.insert(at, new)
        return at

    def remove_layer(self, index: int) -> None:
        """Delete row ``index``."""
        del self.data["layers"][index]

    def move_layer(self, index: int, step: int) -> int:
        """Move row ``index`` by ``step`` (-1 up, +1 down) within bounds; its new index."""
        layers = self.data["layers"]
        new = min(max(index + step, 0), len(layers) - 1)
        layers.insert(new, layers.pop(index))
        return new

    # -- the knobs of the sliders -------------------------------------------------------------
    def thickness_nm(self, index: int) -> float | None:
        """Thickness of row ``index`` [nm], None if it does not parse."""
        try:
            return parse_length(self.data["layers"][index]["thickness"]) * 1e9
        except (ConfigError, KeyError, TypeError):
            return None

    def set_thickness_nm(self, index: int, value_nm: float) -> None:
        self.data["layers"][index]["thickness"] = format_nm(value_nm)

    def ito_index(self) -> int | None:
        """Row of the first ITO layer."""
        for i, layer in enumerate(self.data.get("layers", [])):
            if str(layer.get("material", "")).lower() == "ito":
                return i
        return None

    def emitter_index(self) -> int | None:
        for i, layer in enumerate(self.data.get("layers", [])):
            if layer.get("role") == "emitter":
                return i
        return None

    def nc_film(self) -> str:
        """Name of the emitting nanocrystals' film material (``HgTe-NC-film``)."""
        return f"{self.data.get('nanocrystal', {}).get('material', 'HgTe')}-NC-film"

    def nc_fraction(self) -> float | None:
        """Volume fraction of the nanocrystal film in a two-component emitter mixture."""
        i = self.emitter_index()
        if i is None:
            return None
        mix = self.data["layers"][i].get("mixture") or {}
        if len(mix) != 2 or self.nc_film() not in mix:
            return None
        return float(mix[self.nc_film()])

    def set_nc_fraction(self, fraction: float) -> None:
        """Set the nanocrystal share of the emitter mixture (the other component gets the rest)."""
        mix = self.data["layers"][self.emitter_index()]["mixture"]
        other = next(k for k in mix if k != self.nc_film())
        f = round(float(fraction), 6)
        mix[self.nc_film()] = f
        mix[other] = round(1.0 - f, 6)

    def pl_peak_nm(self) -> float | None:
        nc = self.data.get("nanocrystal", {})
        try:
            return parse_length(nc["pl_peak"]) * 1e9 if "pl_peak" in nc else None
        except ConfigError:
            return None

    def set_pl_peak_nm(self, value_nm: float) -> None:
        """Set the PL peak; a diameter, which would contradict it, is removed."""
        nc = self.data.setdefault("nanocrystal", {})
        nc.pop("diameter", None)
        nc["pl_peak"] = format_nm(value_nm)

    def temperature_c(self) -> float:
        t = self.data.get("drive", {}).get("temperature", 300.0)
        try:
            return parse_temperature(t) - 273.15
        except ConfigError:
            return 23.0

    def set_temperature_c(self, value_c: float) -> None:
        self.data.setdefault("drive", {})["temperature"] = f"{float(value_c):g}C"

    def drive_value(self, key: str, default):
        return self.data.get("drive", {}).get(key, default)

    def set_drive(self, **values) -> None:
        """Set ``voltage_start``, ``voltage_stop`` [V] or ``voltage_points`` of ``[drive]``."""
        self.data.setdefault("drive", {}).update(values)
