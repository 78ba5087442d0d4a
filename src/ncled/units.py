"""Unit conversions at the boundary (config files, CLI, plots, readers).

Inside ncled everything is SI. These helpers convert user-facing quantities, whose names carry the
unit (``wavelength_nm``, ``energy_ev``), to and from SI, and parse strings such as ``"35 nm"`` or
``"33C"`` from device files and the command line.
"""

from __future__ import annotations

import re

import numpy as np

from ncled.constants import c, h, q, zero_celsius
from ncled.errors import ConfigError

_LENGTH = {"m": 1.0, "mm": 1e-3, "um": 1e-6, "µm": 1e-6, "micron": 1e-6, "nm": 1e-9, "A": 1e-10,
           "angstrom": 1e-10, "cm": 1e-2}


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


_QTY = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*([A-Za-zµ°]*)\s*$")


def parse_length(value: str | float, field: str = "length", default_unit: str = "nm") -> float:
    """Parse a length such as ``"35 nm"``, ``"1 mm"`` or a bare number in ``default_unit``.

    Returns
    -------
    float
        The length [m].

    Raises
    ------
    ConfigError
        If the text is not a number with a known length unit.
    """
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value) * _LENGTH[default_unit]
    m = _QTY.match(str(value))
    unit = (m.group(2) if m else "") or default_unit
    if m is None or unit not in _LENGTH:
        raise ConfigError(
            f"{field}: cannot read {value!r} as a length; give a number with a unit among "
            f"{sorted(_LENGTH)} (e.g. '35 nm')"
        )
    return float(m.group(1)) * _LENGTH[unit]


def parse_temperature(value: str | float, field: str = "temperature") -> float:
    """Parse a temperature such as ``"33C"``, ``"306.15 K"`` or a bare number in kelvin.

    Returns
    -------
    float
        The temperature [K].
    """
    if isinstance(value, int | float) and not isinstance(value, bool):
        t = float(value)
    else:
        m = _QTY.match(str(value))
        unit = (m.group(2) if m else "").replace("°", "").upper() or "K"
        if m is None or unit not in {"K", "C"}:
            raise ConfigError(
                f"{field}: cannot read {value!r} as a temperature; write e.g. '33C' or '306 K'"
            )
        t = float(m.group(1)) + (zero_celsius if unit == "C" else 0.0)
    if not np.isfinite(t) or t <= 0:
        raise ConfigError(f"{field}: temperature must be above 0 K, got {value!r}")
    return t


def parse_wavelength_list(text: str, field: str = "wavelength") -> np.ndarray:
    """Parse wavelengths from the CLI: ``"2000"``, ``"1500,2000,2500"`` or ``"1000:3000:201"``
    (start:stop:count), with an optional unit suffix (``nm`` default, ``um``).

    Returns
    -------
    numpy.ndarray
        Wavelengths [m].
    """
    s = str(text).strip()
    unit = "nm"
    for u in ("nm", "um", "µm"):
        if s.endswith(u):
            unit, s = u, s[: -len(u)].strip()
            break
    scale = _LENGTH[unit]
    try:
        if ":" in s:
            parts = [float(p) for p in s.split(":")]
            if len(parts) != 3 or parts[2] < 1 or parts[2] != int(parts[2]):
                raise ValueError
            vals = np.linspace(parts[0], parts[1], int(parts[2]))
        else:
            vals = np.array([float(p) for p in s.split(",") if p.strip()])
    except ValueError:
        raise ConfigError(
            f"{field}: cannot read {text!r}; give a value, a comma list or start:stop:count "
            "(in nm, or with a 'um' suffix)"
        ) from None
    if vals.size == 0 or not np.all(np.isfinite(vals)) or np.any(vals <= 0):
        raise ConfigError(f"{field}: wavelengths must be positive finite numbers, got {text!r}")
    return vals * scale
