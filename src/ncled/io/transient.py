"""Readers for time-resolved spectroscopy matrices.

* glotaran ``.ascii`` (``Time explicit`` or ``Wavelength explicit``): three header lines, the
  orientation keyword, ``intervalnr N``, a row of the N explicit values, then one row per other
  axis value with its label in the first column (van Stokkum / glotaran convention).
* KiMoPack-style ``.SIA`` (and any similar matrix): first row wavelengths [nm] after a label
  cell, first column delays [ps]; tab, comma or whitespace separated.

Both return an :class:`xarray.Dataset` with ``signal`` on ``(delay, wavelength)``, delays in
seconds and wavelengths in metres (SI), and metadata with the original units. The data are
finite: a wavelength column holding a detector-overflow marker, NaN or inf is dropped, and the
metadata's ``warnings`` name the columns and lines (``dropped_wavelengths_m`` lists them).

References
----------
J. Snellenburg et al., J. Stat. Softw. 49, 3 (2012), doi:10.18637/jss.v049.i03 (glotaran ascii);
C. Müller, T. Pascher, A. Eriksson, P. Chabera and J. Uhlig, J. Phys. Chem. A 126, 4087 (2022),
doi:10.1021/acs.jpca.2c00907 (KiMoPack).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import xarray as xr

from ncled.errors import DataFormatError
from ncled.io._files import check_file, lines_note, read_text
from ncled.units import UNITS

#: Detector-overflow marker written by some acquisition programs (2^31 - 1 scaled by 1e-8, seen in
#: the KiMoPack example matrix): such cells are set to NaN and counted in the metadata.
_OVERFLOW_MARK = 21.47483647
_TIME_UNITS = UNITS["time"]
_WAVELENGTH_UNITS = UNITS["wavelength"]


def _floats(line: str, path: Path, n: int) -> np.ndarray:
    cells = [c for c in re.split(r"[\t,; ]+", line.strip()) if c]
    try:
        return np.array([float(c) for c in cells])
    except ValueError:
        raise DataFormatError(f"{path}: line {n}: not numeric: {line[:60]!r}") from None


def _dataset(delay_s, wavelength_m, signal, path, meta, lines,
             column: tuple[str, float, str] = ("wavelength", 1e9, "nm")
             ) -> tuple[xr.Dataset, dict]:
    """The dataset, with the wavelength columns that hold an overflow marker, NaN or inf dropped
    and named in a warning (``lines``: the file line of each delay row; ``column``: what the
    columns are, the factor and unit to name them in the message)."""
    delay_s, wavelength_m = np.asarray(delay_s, float), np.asarray(wavelength_m, float)
    if not (np.all(np.isfinite(delay_s)) and np.all(np.isfinite(wavelength_m))):
        axis, vals = (("delay", delay_s) if not np.all(np.isfinite(delay_s))
                      else ("wavelength", wavelength_m))
        k = int(np.flatnonzero(~np.isfinite(vals))[0])
        raise DataFormatError(f"{path}: {axis} value {k + 1} is {vals[k]} (not finite)"
                              + (f", line {lines[k]}" if axis == "delay" and lines else ""))
    signal = np.asarray(signal, float)
    sentinel = np.isclose(np.abs(signal), _OVERFLOW_MARK, rtol=0, atol=1e-6)
    signal = np.where(sentinel, np.nan, signal)
    bad = ~np.isfinite(signal)
    meta["source"] = str(path)
    meta["overflow_markers_set_to_nan"] = int(sentinel.sum())
    meta["non_finite_values"] = int(bad.sum())
    drop = bad.any(axis=0)
    meta["dropped_wavelengths_m"] = wavelength_m[drop].tolist()
    meta["warnings"] = []
    if drop.all():
        raise DataFormatError(f"{path}: every {column[0]} column holds an overflow marker, NaN "
                              "or inf value; no complete column left")
    if drop.any():
        rows = sorted({lines[i] for i in np.flatnonzero(bad.any(axis=1))}) if lines else []
        meta["warnings"].append(
            f"dropped {int(drop.sum())} {column[0]} column(s) holding {int(bad.sum())} overflow "
            f"marker(s), NaN or inf value(s): "
            f"{np.round(wavelength_m[drop] * column[1], 3).tolist()[:10]}"
            f"{' ...' if drop.sum() > 10 else ''} {column[2]}"
            + (f" ({lines_note(rows)})" if rows else ""))
    ds = xr.Dataset(
        {"signal": (("delay", "wavelength"), signal[:, ~drop], {"units": "1"})},
        coords={"delay": ("delay", delay_s, {"units": "s"}),
                "wavelength": ("wavelength", wavelength_m[~drop], {"units": "m"})},
        attrs={"source": str(path)},
    )
    return ds, meta


def read_glotaran_ascii(path: str | Path, time_unit: str = "ps",
                        wavelength_unit: str = "nm") -> tuple[xr.Dataset, dict]:
    """Read a glotaran ``.ascii`` file (time or wavelength explicit).

    Parameters
    ----------
    path : str or Path
    time_unit : str
        Unit of the delays in the file (glotaran uses ps by convention).
    wavelength_unit : str
        ``nm`` (default).
    """
    path = check_file(path)
    if time_unit not in _TIME_UNITS:
        raise DataFormatError(f"time unit {time_unit!r} unknown; known: {sorted(_TIME_UNITS)}")
    if wavelength_unit not in _WAVELENGTH_UNITS:
        raise DataFormatError(f"wavelength unit {wavelength_unit!r} unknown; known: "
                              f"{sorted(_WAVELENGTH_UNITS)}")
    lines = read_text(path).splitlines()
    k = next((i for i, s in enumerate(lines[:10]) if s.strip().lower() in
              ("time explicit", "wavelength explicit")), None)
    if k is None or k + 2 >= len(lines):
        raise DataFormatError(f"{path}: not a glotaran ascii file (no 'Time explicit' or "
                              "'Wavelength explicit' line in the header)")
    mode = lines[k].strip().lower()
    m = re.match(r"intervalnr\s+(\d{1,9})$", lines[k + 1].strip(), re.IGNORECASE)
    if m is None:
        raise DataFormatError(f"{path}: line {k + 2}: expected 'intervalnr N'")
    n = int(m.group(1))
    explicit = _floats(lines[k + 2], path, k + 3)
    if explicit.size != n:
        raise DataFormatError(f"{path}: intervalnr says {n} values but line {k + 3} holds "
                              f"{explicit.size}")
    labels, rows, numbers = [], [], []
    for i, line in enumerate(lines[k + 3:], start=k + 4):
        if not line.strip():
            continue
        vals = _floats(line, path, i)
        numbers.append(i)
        if vals.size != n + 1:
            raise DataFormatError(f"{path}: line {i}: {vals.size} values, expected {n + 1} "
                                  "(label + one per explicit value); truncated file?")
        labels.append(vals[0])
        rows.append(vals[1:])
    if not rows:
        raise DataFormatError(f"{path}: no data rows")
    mat = np.array(rows)
    tf = _TIME_UNITS[time_unit]
    wf = _WAVELENGTH_UNITS[wavelength_unit]
    if mode == "time explicit":  # the delays are on line k + 3, one row per wavelength
        delay, wl, sig, row_lines = explicit * tf, np.array(labels) * wf, mat.T, []
    else:
        delay, wl, sig, row_lines = np.array(labels) * tf, explicit * wf, mat, numbers
    return _dataset(delay, wl, sig, path, {"format": "glotaran ascii", "mode": mode,
                                           "header": lines[:k]}, row_lines)


def read_sia_matrix(path: str | Path, time_unit: str = "ps") -> tuple[xr.Dataset, dict]:
    """Read a KiMoPack-style matrix: first row wavelengths [nm], first column delays.

    Parameters
    ----------
    path : str or Path
    time_unit : str
        Unit of the first column (``ps`` for KiMoPack); a first cell such as ``Time in ps``
        overrides it.
    """
    return _read_matrix(path, time_unit, ("wavelength", 1e9, "nm"))


def _read_matrix(path: str | Path, time_unit: str, column: tuple[str, float, str]
                 ) -> tuple[xr.Dataset, dict]:
    path = check_file(path)
    numbered = [(n, s) for n, s in enumerate(read_text(path).splitlines(), start=1) if s.strip()]
    lines = [s for _, s in numbered]
    if len(lines) < 3:
        raise DataFormatError(f"{path}: fewer than 3 lines; not a delay x wavelength matrix")
    head = re.split(r"[\t,;]+|\s{2,}", lines[0].strip()) if "\t" in lines[0] or "," in lines[0] \
        else lines[0].split()
    first = head[0]
    m = re.search(r"\b(fs|ps|ns|us|s)\b", first)
    unit = m.group(1) if m and not _is_num(first) else time_unit
    if unit not in _TIME_UNITS:
        raise DataFormatError(f"{path}: time unit {unit!r} unknown; known: "
                              f"{sorted(_TIME_UNITS)}")
    try:
        wl = np.array([float(c) for c in head[1:]])  # after the corner (label) cell
    except ValueError:
        raise DataFormatError(f"{path}: line {numbered[0][0]}: the wavelengths are not "
                              "numeric") from None
    if wl.size == 0:
        raise DataFormatError(f"{path}: line {numbered[0][0]}: no wavelength after the corner "
                              "cell")
    delays, rows = [], []
    for i, line in numbered[1:]:
        vals = _floats(line, path, i)
        if vals.size != wl.size + 1:
            raise DataFormatError(f"{path}: line {i}: {vals.size} values, expected "
                                  f"{wl.size + 1} (delay + one per wavelength); truncated?")
        delays.append(vals[0])
        rows.append(vals[1:])
    return _dataset(np.array(delays) * _TIME_UNITS[unit], wl * 1e-9, np.array(rows), path,
                    {"format": "delay x wavelength matrix", "time_unit": unit},
                    [n for n, _ in numbered[1:]], column)


def read_trxps_matrix(path: str | Path, delay_unit: str = "ns") -> tuple[xr.Dataset, dict]:
    """Read a time-resolved XPS series stored as a matrix: first row binding energies [eV]
    after a label cell, first column delays (``delay_unit``), one spectrum (counts) per row.

    Returns
    -------
    xarray.Dataset
        ``counts`` on ``(delay, binding_energy)``, delays [s], energies [eV].
    """
    ds, meta = _read_matrix(path, delay_unit, ("binding-energy", 1e9, "eV"))
    out = xr.Dataset(
        {"counts": (("delay", "binding_energy"), ds["signal"].values, {"units": "counts"})},
        coords={"delay": ("delay", ds["delay"].values, {"units": "s"}),
                "binding_energy": ("binding_energy", ds["wavelength"].values * 1e9,
                                   {"units": "eV"})},
        attrs={"source": str(path)})
    return out, meta


def _is_num(s: str) -> bool:
    try:
        float(s)
    except ValueError:
        return False
    return True


def read_transient(path: str | Path, time_unit: str = "ps") -> tuple[xr.Dataset, dict]:
    """Read a glotaran ascii or a delay x wavelength matrix, chosen from the file content."""
    head = read_text(path)[:2000].lower()
    if "time explicit" in head or "wavelength explicit" in head:
        return read_glotaran_ascii(path, time_unit)
    return read_sia_matrix(path, time_unit)
