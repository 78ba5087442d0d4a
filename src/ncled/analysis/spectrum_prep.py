"""Reading and preparing measured spectra for analysis (what ``ncled analyze spectrum`` and
``analyze led`` do before the figures of merit), so that a Python user gets the same numbers.

Steps: read any supported file (:func:`ncled.io.spectra.read_spectrum`), check that a given axis
unit is known and does not contradict the file, convert to a wavelength axis (with the Jacobian
for spectral densities: absorbance, transmittance and reflectance are not densities), subtract a
polynomial baseline through windows, and smooth (Savitzky-Golay) on request.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ncled.analysis.spectra import convert_spectrum, polynomial_baseline, savgol_smooth
from ncled.errors import ConfigError, DataFormatError
from ncled.io.spectra import AXIS_UNITS, read_spectrum

#: Signal units that are not spectral densities (no Jacobian on conversion).
NOT_DENSITY = ("absorbance", "transmittance", "reflectance", "log(1/r)", "kubelka-munk")


def _norm(unit: str) -> str:
    return unit.strip().lower().replace(" ", "").replace("⁻¹", "-1").replace("μ", "µ")


def read_checked_spectrum(path: str | Path, axis_unit: str | None = None,
                          block: str | None = None):
    """:func:`~ncled.io.spectra.read_spectrum` that refuses an unknown axis unit, or one that
    contradicts the
    unit in the file's header (the header would otherwise win silently).

    Returns
    -------
    (xarray.Dataset, dict)
        As :func:`~ncled.io.spectra.read_spectrum`.
    """
    if axis_unit is not None and _norm(axis_unit) not in AXIS_UNITS:
        raise ConfigError(f"axis unit {axis_unit!r} is unknown; known: {sorted(AXIS_UNITS)}")
    ds, meta = read_spectrum(path, axis_unit=axis_unit, block=block)
    used = meta.get("axis_unit")
    if axis_unit is not None and (used is None or _norm(str(used)) != _norm(axis_unit)):
        raise ConfigError(f"{path}: the file gives its axis unit ({used!r}); the axis unit "
                          f"{axis_unit!r} given contradicts it (leave it out)")
    return ds, meta


def spectrum_on_wavelength(path: str | Path, axis_unit: str | None = None,
                           block: str | None = None, density: bool | None = None):
    """``(wavelength [m], signal, is_density, meta)`` of a spectrum file; ``density`` default:
    yes unless the signal is an absorbance, transmittance or reflectance."""
    ds, meta = read_checked_spectrum(path, axis_unit, block)
    dim = meta["axis"]
    if dim == "point":
        raise DataFormatError(f"{path}: block {meta.get('block')} has no spectral axis "
                              "(interferogram?); choose another block")
    y = ds["intensity"].values.astype(float)
    units = str(ds["intensity"].attrs.get("units", "")).lower()
    dens = (not units.startswith(NOT_DENSITY)) if density is None else density
    lam, yl = convert_spectrum(ds[dim].values, y, dim, "wavelength", dens)
    return lam, yl, dens, meta


def preprocess_spectrum(path: str | Path, *, axis_unit: str | None = None,
                        block: str | None = None,
                        baseline_windows_nm: list[tuple[float, float]] | None = None,
                        baseline_order: int = 1, smooth_points: int | None = None,
                        density: bool | None = None):
    """Read, convert to wavelength, subtract a polynomial baseline through
    ``baseline_windows_nm`` and smooth with a Savitzky-Golay window of ``smooth_points``.

    Returns
    -------
    tuple
        ``(wavelength [m], corrected signal, baseline, is_density, meta)``.
    """
    lam, yl, dens, meta = spectrum_on_wavelength(path, axis_unit, block, density)
    base = np.zeros_like(yl)
    if baseline_windows_nm:
        base = polynomial_baseline(lam * 1e9, yl, baseline_windows_nm, baseline_order)
    yc = yl - base
    if smooth_points:
        yc = savgol_smooth(yc, smooth_points)
    return lam, yc, base, dens, meta
