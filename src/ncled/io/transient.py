"""Readers for time-resolved spectroscopy matrices.

* glotaran ``.ascii`` (``Time explicit`` or ``Wavelength explicit``): three header lines, the
  orientation keyword, ``intervalnr N``, a row of the N explicit values, then one row per other
  axis value with its label in the first column (van Stokkum / glotaran convention).
* KiMoPack-style ``.SIA`` (and any similar matrix): first row wavelengths [nm] after a label
  cell, first column delays [ps]; tab, comma or whitespace separated.

Both return an :class:`xarray.Dataset` with ``signal`` on ``(delay, wavelength)``, delays in
seconds and wavelengths in metres (SI), and metadata with the original units.

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
from ncled.units import UNITS

#: Detector-overflow marker written by some acquisition programs (2^31 - 1 scaled by 1e-8, seen in
#: the KiMoPack example matrix): such cells are set to NaN and counted in the metadata.
_OVERFLOW_MARK = 21.47483647
_TIME_UNITS = UNITS["time"]


def _floats(line: str, path: Path, n: int) -> np.ndarray:
    cells = [c for c in re.split(r"[\t,; ]+", line.strip()) if c]
    try:
        return np.array([float(c) for c in cells])
    except ValueError:
        raise DataFormatError(f"{path}: line {n}: not numeric: {line[:60]!r}") from None


def _dataset(delay_s, wavelength_m, signal, path, meta) -> tuple[xr.Dataset, dict]:
    ds = xr.Dataset(
        {"signal": (("delay", "wavelength"), signal, {"units": "1"})},
        coords={"delay": ("delay", delay_s, {"units": "s"}),
                "wavelength": ("wavelength", wavelength_m, {"units": "m"})},
        attrs={"source": str(path)},
    )
    meta["source"] = str(path)
    sentinel = np.isclose(np.abs(signal), _OVERFLOW_MARK, rtol=0, atol=1e-6)
    if sentinel.any():
        signal = np.where(sentinel, np.nan, signal)
        ds["signal"].values[...] = signal
        meta["overflow_markers_set_to_nan"] = int(sentinel.sum())
    n_bad = int(np.count_nonzero(~np.isfinite(signal)))
    meta["non_finite_values"] = n_bad
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
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError as exc:
        raise DataFormatError(f"{path}: cannot read ({exc.strerror})") from None
    if time_unit not in _TIME_UNITS:
        raise DataFormatError(f"time unit {time_unit!r} unknown; known: {sorted(_TIME_UNITS)}")
    k = next((i for i, s in enumerate(lines[:10]) if s.strip().lower() in
              ("time explicit", "wavelength explicit")), None)
    if k is None or k + 2 >= len(lines):
        raise DataFormatError(f"{path}: not a glotaran ascii file (no 'Time explicit' or "
                              "'Wavelength explicit' line in the header)")
    mode = lines[k].strip().lower()
    m = re.match(r"intervalnr\s+(\d+)", lines[k + 1].strip(), re.IGNORECASE)
    if m is None:
        raise DataFormatError(f"{path}: line {k + 2}: expected 'intervalnr N'")
    n = int(m.group(1))
    explicit = _floats(lines[k + 2], path, k + 3)
    if explicit.size != n:
        raise DataFormatError(f"{path}: intervalnr says {n} values but line {k + 3} holds "
                              f"{explicit.size}")
    labels, rows = [], []
    for i, line in enumerate(lines[k + 3:], start=k + 4):
        if not line.strip():
            continue
        vals = _floats(line, path, i)
        if vals.size != n + 1:
            raise DataFormatError(f"{path}: line {i}: {vals.size} values, expected {n + 1} "
                                  "(label + one per explicit value); truncated file?")
        labels.append(vals[0])
        rows.append(vals[1:])
    if not rows:
        raise DataFormatError(f"{path}: no data rows")
    mat = np.array(rows)
    tf = _TIME_UNITS[time_unit]
    wf = 1e-9 if wavelength_unit == "nm" else 1.0
    if mode == "time explicit":
        delay, wl, sig = explicit * tf, np.array(labels) * wf, mat.T
    else:
        delay, wl, sig = np.array(labels) * tf, explicit * wf, mat
    return _dataset(delay, wl, sig, path, {"format": "glotaran ascii", "mode": mode,
                                           "header": lines[:k]})


def read_sia_matrix(path: str | Path, time_unit: str = "ps") -> tuple[xr.Dataset, dict]:
    """Read a KiMoPack-style matrix: first row wavelengths [nm], first column delays.

    Parameters
    ----------
    path : str or Path
    time_unit : str
        Unit of the first column (``ps`` for KiMoPack); a first cell such as ``Time in ps``
        overrides it.
    """
    path = Path(path)
    try:
        lines = [s for s in path.read_text(encoding="utf-8", errors="replace").splitlines()
                 if s.strip()]
    except OSError as exc:
        raise DataFormatError(f"{path}: cannot read ({exc.strerror})") from None
    if len(lines) < 3:
        raise DataFormatError(f"{path}: fewer than 3 lines; not a delay x wavelength matrix")
    head = re.split(r"[\t,;]+|\s{2,}", lines[0].strip()) if "\t" in lines[0] or "," in lines[0] \
        else lines[0].split()
    first = head[0]
    m = re.search(r"\b(fs|ps|ns|us|s)\b", first)
    unit = m.group(1) if m and not _is_num(first) else time_unit
    if unit not in _TIME_UNITS:
        raise DataFormatError(f"time unit {unit!r} unknown; known: {sorted(_TIME_UNITS)}")
    try:
        wl = np.array([float(c) for c in head[1:]])  # after the corner (label) cell
    except ValueError:
        raise DataFormatError(f"{path}: line 1: the wavelengths are not numeric") from None
    delays, rows = [], []
    for i, line in enumerate(lines[1:], start=2):
        vals = _floats(line, path, i)
        if vals.size != wl.size + 1:
            raise DataFormatError(f"{path}: line {i}: {vals.size} values, expected "
                                  f"{wl.size + 1} (delay + one per wavelength); truncated?")
        delays.append(vals[0])
        rows.append(vals[1:])
    return _dataset(np.array(delays) * _TIME_UNITS[unit], wl * 1e-9, np.array(rows), path,
                    {"format": "delay x wavelength matrix", "time_unit": unit})


def read_trxps_matrix(path: str | Path, delay_unit: str = "ns") -> tuple[xr.Dataset, dict]:
    """Read a time-resolved XPS series stored as a matrix: first row binding energies [eV]
    after a label cell, first column delays (``delay_unit``), one spectrum (counts) per row.

    Returns
    -------
    xarray.Dataset
        ``counts`` on ``(delay, binding_energy)``, delays [s], energies [eV].
    """
    ds, meta = read_sia_matrix(path, delay_unit)
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
    path = Path(path)
    try:
        head = path.read_text(encoding="utf-8", errors="replace")[:2000].lower()
    except OSError as exc:
        raise DataFormatError(f"{path}: cannot read ({exc.strerror})") from None
    if "time explicit" in head or "wavelength explicit" in head:
        return read_glotaran_ascii(path, time_unit)
    return read_sia_matrix(path, time_unit)
