"""Units at the boundary: the one vocabulary of device files, measurement files, CLI options and
readers.

Inside ncled everything is SI. :data:`UNITS` is the single table of the units a user may write,
per kind of quantity, with the factor to SI; :func:`parse_quantity` reads ``"35 nm"``, ``"1 mm2"``,
``"5 mA/cm2"`` or ``"33C"`` into SI, and :func:`unit_factor` gives the factor of a unit written in a
column header. A bare number where the unit would be ambiguous is an error naming the field with an
example; an unknown unit is an error listing the known ones.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np

from ncled.constants import c, h, q, zero_celsius
from ncled.errors import ConfigError, NcledError


def _prefixed(base: dict[str, float], prefixes: dict[str, float]) -> dict[str, float]:
    out = dict(base)
    for p, f in prefixes.items():
        out.update({p + u: f * v for u, v in base.items()})
    return out


_LENGTH = {"m": 1.0, "cm": 1e-2, "mm": 1e-3, "um": 1e-6, "micron": 1e-6, "nm": 1e-9,
           "a": 1e-10, "angstrom": 1e-10}
_RADIANCE_BASE = {u: 1.0 for u in ("w/sr/m2", "w/m2/sr", "w/(srm2)", "w/(m2sr)", "wsr-1m-2",
                                   "wm-2sr-1")}

#: Units a user may write, per kind of quantity: normalised spelling (see :func:`normalise_unit`)
#: -> factor to the SI unit of :data:`SI_UNIT`. Temperatures are special-cased (an offset).
UNITS: dict[str, dict[str, float]] = {
    "length": _LENGTH,
    "wavelength": _LENGTH,
    "area": {"m2": 1.0, "cm2": 1e-4, "mm2": 1e-6, "um2": 1e-12},
    "temperature": {"k": 1.0, "c": 1.0},
    "voltage": {"v": 1.0, "mv": 1e-3},
    "current": {"a": 1.0, "ma": 1e-3, "ua": 1e-6, "na": 1e-9, "pa": 1e-12},
    "current_density": {"a/m2": 1.0, "am-2": 1.0, "ma/cm2": 10.0, "macm-2": 10.0, "a/cm2": 1e4,
                        "acm-2": 1e4, "ua/cm2": 1e-2, "uacm-2": 1e-2},
    "radiance": _prefixed(_RADIANCE_BASE, {"m": 1e-3, "u": 1e-6}),
    "energy": {"ev": q, "mev": 1e-3 * q, "j": 1.0},
    "wavenumber": {"cm-1": 100.0, "1/cm": 100.0, "m-1": 1.0},
    "power": {"w": 1.0, "mw": 1e-3, "uw": 1e-6, "nw": 1e-9},
    "time": {"s": 1.0, "ms": 1e-3, "us": 1e-6, "ns": 1e-9, "ps": 1e-12, "fs": 1e-15, "min": 60.0,
             "h": 3600.0, "hr": 3600.0},
    "capacitance_per_area": {"f/m2": 1.0, "uf/cm2": 1e-2, "nf/cm2": 1e-5},
}

#: The SI unit of each kind (what the factors of :data:`UNITS` convert to).
SI_UNIT = {"length": "m", "wavelength": "m", "area": "m^2", "temperature": "K", "voltage": "V",
           "current": "A", "current_density": "A m^-2", "radiance": "W sr^-1 m^-2", "energy": "J",
           "wavenumber": "m^-1", "power": "W", "time": "s", "capacitance_per_area": "F m^-2"}

#: An example of each kind, quoted in error messages.
EXAMPLE = {"length": "'35 nm'", "wavelength": "'2000 nm'", "area": "'1 mm2'",
           "temperature": "'23C' or '296 K'", "voltage": "'3 V'", "current": "'5 mA'",
           "current_density": "'10 mA/cm2'", "radiance": "'1.5 W/sr/m2'", "energy": "'0.6 eV'",
           "wavenumber": "'5000 cm-1'", "power": "'1 mW'", "time": "'10 ns'",
           "capacitance_per_area": "'2 uF/cm2'"}


def normalise_unit(unit: str) -> str:
    """The spelling :data:`UNITS` uses: lower case, no spaces, ``^`` or ``°``; µ/μ -> u,
    ² -> 2, ⁻¹ -> -1."""
    s = str(unit).strip().lower()
    for a, b in (("µ", "u"), ("μ", "u"), ("²", "2"), ("⁻¹", "-1"), ("^", ""), ("°", ""),
                 (" ", ""), ("·", "")):
        s = s.replace(a, b)
    return s


def known_units(kind: str) -> list[str]:
    """The units of ``kind`` in :data:`UNITS`, for messages."""
    return sorted(UNITS[kind])


def unit_factor(kind: str, unit: str, field: str,
                error: Callable[[str], NcledError] = ConfigError) -> float:
    """Factor to SI of ``unit`` (a unit of ``kind``); ``error`` (ConfigError by default, a reader
    passes DataFormatError) names ``field`` and lists the known units when it is unknown."""
    factor = UNITS[kind].get(normalise_unit(unit))
    if factor is None:
        raise error(f"{field}: unknown {kind.replace('_', ' ')} unit {unit!r}; known: "
                    f"{', '.join(known_units(kind))}")
    return factor


_QTY = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[-+]?inf|nan)\s*(\S.*?)?\s*$",
                  re.IGNORECASE)


def parse_quantity(value: str | float, kind: str, field: str,
                   default_unit: str | None = None, example: str | None = None) -> float:
    """Read a quantity of ``kind`` written as ``"<number> <unit>"`` into SI.

    Parameters
    ----------
    value : str or float
        The text (``"35 nm"``) or a bare number.
    kind : str
        A key of :data:`UNITS`.
    field : str
        The field or option the value comes from (named in errors).
    default_unit : str, optional
        The unit of a bare number. None (the default) makes a bare number an error: the unit is
        required.
    example : str, optional
        The example quoted in messages (default: one for the kind, :data:`EXAMPLE`).

    Returns
    -------
    float
        The value in the SI unit of :data:`SI_UNIT` (kelvin for temperatures). Finite.

    Raises
    ------
    ConfigError
        Not a number, a bare number where a unit is required, an unknown unit or a non-finite
        value; the message names ``field`` and gives an example.
    """
    example = example or EXAMPLE[kind]
    if isinstance(value, bool):
        raise ConfigError(f"{field}: expected a {kind.replace('_', ' ')} such as "
                          f"{example}, got {value!r}")
    if isinstance(value, int | float):
        number, unit = float(value), None
    else:
        m = _QTY.match(str(value))
        if m is None:
            raise ConfigError(f"{field}: cannot read {value!r} as a {kind.replace('_', ' ')}; "
                              f"write e.g. {example}")
        number, unit = float(m.group(1)), m.group(2)
    if unit is None:
        if default_unit is None:
            raise ConfigError(f"{field}: {value!r} needs a unit, e.g. {example} (a bare "
                              "number is ambiguous)")
        unit = default_unit
    if not np.isfinite(number):
        raise ConfigError(f"{field}: must be a finite number, got {value!r}")
    if kind == "temperature":
        u = normalise_unit(unit)
        unit_factor(kind, u, field)
        return number + (zero_celsius if u == "c" else 0.0)
    return number * unit_factor(kind, unit, field)


def parse_length(value: str | float, field: str = "length", default_unit: str | None = None,
                 example: str | None = None) -> float:
    """A length such as ``"35 nm"`` or ``"1 mm"`` [m] (see :func:`parse_quantity`).

    Parameters
    ----------
    value : str or float
        The length with its unit; a bare number only with ``default_unit``.
    field : str
        The field's name, for the error message.
    default_unit : str, optional
        Unit of a bare number (None: a bare number is an error).
    example : str, optional
        An example of a valid value, for the error message.
    """
    return parse_quantity(value, "length", field, default_unit, example)


def parse_area(value: str | float, field: str = "area", default_unit: str | None = None) -> float:
    """A positive area such as ``"1 mm2"`` or ``"0.01 cm^2"`` [m^2].

    Parameters
    ----------
    value : str or float
        The area with its unit; a bare number only with ``default_unit``.
    field : str
        The field's name, for the error message.
    default_unit : str, optional
        Unit of a bare number (None: a bare number is an error).
    """
    area = parse_quantity(value, "area", field, default_unit)
    if not area > 0:
        raise ConfigError(f"{field}: must be positive, got {value!r}")
    return area


def parse_temperature(value: str | float, field: str = "temperature",
                      default_unit: str | None = "K") -> float:
    """A temperature such as ``"33C"`` or ``"306.15 K"`` [K], above 0 K.

    Parameters
    ----------
    value : str or float
        The temperature with its unit (``C`` or ``K``).
    field : str
        The field's name, for the error message.
    default_unit : str, optional
        Unit of a bare number: kelvin unless None (then a bare number is an error).
    """
    t = parse_quantity(value, "temperature", field, default_unit)
    if not t > 0:
        raise ConfigError(f"{field}: temperature must be above 0 K, got {value!r}")
    return t


def parse_wavelength_list(text: str, field: str = "wavelength",
                          limits_m: tuple[float, float] = (1e-8, 1e-3),
                          max_points: int = 100_000) -> np.ndarray:
    """Wavelengths from the CLI: ``"2000"``, ``"1500,2000,2500"`` or ``"1000:3000:201"``
    (start:stop:count), in nm or with a unit suffix (``um``, ``nm``).

    Parameters
    ----------
    text : str
        The option's text.
    field : str
        The option's name, for the error message.
    limits_m : (float, float)
        Practical bounds [m]: 10 nm to 1 mm, far beyond any material data of ncled (the materials
        check their own ranges); they catch unit slips such as ``2e6``.
    max_points : int
        Most wavelengths in one call (a start:stop:count of 1e9 points would exhaust memory).

    Returns
    -------
    numpy.ndarray
        Wavelengths [m].
    """
    s = str(text).strip()
    m = re.match(r"^(.*\d)\s*([A-Za-zµμ]+)$", s)
    unit = "nm"
    if m:
        s, unit = m.group(1), m.group(2)
    scale = unit_factor("wavelength", unit, field)
    try:
        if ":" in s:
            parts = [float(p) for p in s.split(":")]
            if len(parts) != 3 or not 1 <= parts[2] <= max_points or parts[2] != int(parts[2]):
                raise ValueError
            vals = np.linspace(parts[0], parts[1], int(parts[2]))
        else:
            vals = np.array([float(p) for p in s.split(",") if p.strip()])
    except ValueError:
        raise ConfigError(
            f"{field}: cannot read {text!r}; give a value, a comma list or start:stop:count "
            f"(count 1 to {max_points}; in nm, or with a 'um' suffix)"
        ) from None
    vals = vals * scale
    lo, hi = limits_m
    if vals.size == 0 or vals.size > max_points or not np.all(np.isfinite(vals)) \
            or np.any(vals < lo) or np.any(vals > hi):
        raise ConfigError(f"{field}: wavelengths must lie in [{lo * 1e9:g} nm, {hi * 1e9:g} nm] "
                          f"(at most {max_points} values), got {text!r}")
    return vals


def nm_to_m(x):
    """Nanometres to metres."""
    return np.asarray(x, dtype=float) * 1e-9


def m_to_nm(x):
    """Metres to nanometres."""
    return np.asarray(x, dtype=float) * 1e9


def ev_to_j(x):
    """Electron-volts to joules."""
    return np.asarray(x, dtype=float) * q


def j_to_ev(x):
    """Joules to electron-volts."""
    return np.asarray(x, dtype=float) / q


def wavelength_to_energy_ev(wavelength_m):
    """Photon energy [eV] of a vacuum wavelength [m]: E = h c / lambda."""
    return h * c / (q * np.asarray(wavelength_m, dtype=float))


def energy_ev_to_wavelength(energy_ev):
    """Vacuum wavelength [m] of a photon energy [eV]."""
    return h * c / (q * np.asarray(energy_ev, dtype=float))


def wavelength_to_wavenumber_cm(wavelength_m):
    """Wavenumber [cm^-1] of a vacuum wavelength [m]."""
    return 1e-2 / np.asarray(wavelength_m, dtype=float)


def wavenumber_cm_to_wavelength(wavenumber_cm):
    """Vacuum wavelength [m] of a wavenumber [cm^-1]."""
    return 1e-2 / np.asarray(wavenumber_cm, dtype=float)


def current_density_ma_cm2_to_si(j):
    """mA/cm^2 to A/m^2 (1 mA/cm^2 = 10 A/m^2)."""
    return np.asarray(j, dtype=float) * 10.0


def current_density_si_to_ma_cm2(j):
    """A/m^2 to mA/cm^2."""
    return np.asarray(j, dtype=float) / 10.0
