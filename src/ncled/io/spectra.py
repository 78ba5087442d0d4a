"""Spectrum readers: text columns (nm, um, cm^-1, eV), Thermo OMNIC ``.spa`` and Bruker OPUS.

Every reader returns ``(xarray.Dataset, metadata)``. The dataset has one dimension named after the
kind of spectral axis, with the coordinate in SI:

========== ============== ===================================
dimension  unit           written in files as
========== ============== ===================================
wavelength m              nm, um (micron)
wavenumber m^-1           cm^-1
energy     J              eV
point      1              data points (interferograms)
========== ============== ===================================

and one data variable ``intensity`` whose ``units`` attribute is the file's own (absorbance,
counts, W/nm ...). The axis must be strictly monotonic (ascending or descending: FTIR files are
often stored from high to low wavenumber) with no duplicated value; rows with NaN are dropped and
counted in the metadata.

The binary layouts were read from public descriptions, not from any vendor documentation:

* OMNIC ``.spa`` (Thermo Fisher): the header string ``"Spectral Data File"``, a key table from byte
  304 in 16-byte records (key byte; uint32 offset at +2; uint32 size at +6; the number of records
  as uint16 at byte 294), key 2 the spectrum header (uint32 number of points at +4, x-unit code at
  +8, y-unit code at +12, float32 first and last x at +16/+20) and key 3 the float32 intensities.
  Layout as documented in the comments of spectrochempy's OMNIC reader
  (https://github.com/spectrochempy/spectrochempy, ``core/readers/read_omnic.py``).
* Bruker OPUS: the magic bytes ``0a 0a fe fe``, directory offset (int32 at 12) and block count
  (int32 at 20); a directory of (type, size in 32-bit words, offset) int32 triplets; parameter
  blocks of (3-letter name, int16 type, int16 size in 16-bit words, value) records ending at
  ``END``; data blocks of float32 paired with their "data status" parameter block (``NPT``,
  ``FXV``, ``LXV``, ``CSF``, ``DXU``) by the block-type bit fields. Layout as documented by the
  brukeropus package (J. Duran, https://github.com/joshduran/brukeropus, ``file/parse.py``).
  Only the first ``NPT`` values of a data block are spectrum points: a block can be longer than
  ``NPT`` (the reason a naive reader returns one point too many).
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any

import numpy as np
import xarray as xr

from ncled.errors import DataFormatError
from ncled.io._files import (
    check_file,
    check_row_width,
    lines_note,
    read_bytes,
    require_finite,
)
from ncled.io.tables import _is_number, _read_text_rows, split_header
from ncled.units import UNITS, normalise_unit

#: Axis units accepted in text files -> (dimension, factor or converter to SI).
AXIS_UNITS: dict[str, tuple[str, float]] = {
    **{u: ("wavelength", UNITS["wavelength"][u]) for u in ("nm", "um", "micron", "m")},
    **{u: ("wavenumber", UNITS["wavenumber"][u]) for u in ("cm-1", "1/cm")},
    **{u: ("energy", UNITS["energy"][u]) for u in ("ev", "mev")},
}
_AXIS_SI_UNIT = {"wavelength": "m", "wavenumber": "m^-1", "energy": "J", "point": "1"}


def _norm_axis_unit(u: str) -> str:
    return normalise_unit(u)


def _check_axis(x: np.ndarray, path: Path, column: str) -> None:
    d = np.diff(x)
    if x.size < 3:
        raise DataFormatError(f"{path}: column {column!r}: a spectrum needs at least 3 points, "
                              f"got {x.size}")
    if np.any(d == 0):
        k = int(np.flatnonzero(d == 0)[0])
        raise DataFormatError(f"{path}: column {column!r}: duplicated axis value {x[k]:g} "
                              f"(points {k + 1} and {k + 2})")
    if not (np.all(d > 0) or np.all(d < 0)):
        k = int(np.flatnonzero(np.sign(d) != np.sign(d[0]))[0])
        raise DataFormatError(f"{path}: column {column!r}: the axis is not monotonic (turns at "
                              f"point {k + 2}, value {x[k + 1]:g})")


def _dataset(x_si: np.ndarray, y: np.ndarray, dim: str, y_units: str, attrs: dict) -> xr.Dataset:
    # a finite value in the file's unit can overflow in SI (1e307 cm^-1 -> m^-1)
    require_finite(x_si, Path(attrs["source"]), f"the {dim} axis in SI units")
    require_finite(y, Path(attrs["source"]), "the signal")
    return xr.Dataset(
        {"intensity": (dim, np.asarray(y, dtype=float), {"units": y_units})},
        coords={dim: (dim, np.asarray(x_si, dtype=float), {"units": _AXIS_SI_UNIT[dim]})},
        attrs=attrs,
    )


def read_spectrum_text(
    path: str | Path, axis_unit: str | None = None, column: str | None = None
) -> tuple[xr.Dataset, dict[str, Any]]:
    """Read a spectrum from a delimited text file (first column the axis).

    Parameters
    ----------
    path : str or Path
        Text file: a header such as ``wavelength (nm), EL (counts)`` (or no header, then give
        ``axis_unit``), then rows of numbers.
    axis_unit : str, optional
        Unit of the first column when the header does not name it: ``nm``, ``um``, ``cm-1``,
        ``eV``.
    column : str, optional
        Header of the signal column to read (default: the second column).

    Returns
    -------
    xarray.Dataset, dict
        See the module docstring; metadata has ``points``, ``axis``, ``axis_unit``,
        ``dropped_rows``, ``warnings``.
    """
    path = check_file(path)
    header, rows, numbers, comments = _read_text_rows(path)
    if all(_is_number(h) for h in header):
        rows, numbers = [header, *rows], [0, *numbers]
        header = ["axis"] + [f"column {k + 2}" for k in range(len(header) - 1)]
    if len(header) < 2:
        raise DataFormatError(f"{path}: a spectrum needs two columns (axis, signal); found "
                              f"{header}")
    unit = split_header(header[0])[1] or axis_unit
    if unit is None:
        raise DataFormatError(f"{path}: column {header[0]!r}: no axis unit; write the header as "
                              "e.g. 'wavelength (nm)' or pass the axis unit (nm, um, cm-1, eV)")
    if _norm_axis_unit(unit) not in AXIS_UNITS:
        raise DataFormatError(f"{path}: column {header[0]!r}: axis unit {unit!r} not known; "
                              f"known: {sorted(AXIS_UNITS)}")
    dim, factor = AXIS_UNITS[_norm_axis_unit(unit)]
    if column is None:
        k = 1
    elif column in header:
        k = header.index(column)
    else:
        raise DataFormatError(f"{path}: column {column!r} not found; columns found: {header}")
    xs, ys, dropped = [], [], []
    for line_no, row in zip(numbers, rows, strict=True):
        check_row_width(row, header, path, f"line {line_no}")
        cells = [row[0] if row else "", row[k] if k < len(row) else ""]
        try:
            xv, yv = float(cells[0]), float(cells[1])
        except ValueError:
            if all(c.strip() == "" or c.strip().lower() == "nan" for c in cells):
                dropped.append(line_no)
                continue
            bad = 0 if not _is_number(cells[0]) else k
            if cells[bad].strip() == "" or cells[bad].strip().lower() == "nan":
                dropped.append(line_no)
                continue
            raise DataFormatError(f"{path}: line {line_no}, column {header[bad]!r}: "
                                  f"{cells[bad]!r} is not a number") from None
        if not (np.isfinite(xv) and np.isfinite(yv)):
            dropped.append(line_no)
            continue
        if not np.isfinite(xv * factor):
            raise DataFormatError(f"{path}: line {line_no}, column {header[0]!r}: {xv:g} {unit} "
                                  "is out of range")
        xs.append(xv)
        ys.append(yv)
    x = np.asarray(xs)
    _check_axis(x, path, header[0])
    y_name, y_unit = split_header(header[k])
    meta = {"source": str(path), "format": "text", "points": int(x.size), "axis": dim,
            "axis_unit": unit, "signal_column": header[k], "signal_unit": y_unit or "arb.",
            "dropped_rows": len(dropped), "dropped_lines": dropped, "comments": comments,
            "warnings": ([f"dropped {len(dropped)} row(s) with missing, NaN or inf values "
                          f"({lines_note(dropped)})"] if dropped else [])}
    ds = _dataset(x * factor, ys, dim, y_unit or "arb.",
                  {"source": str(path), "title": y_name, "file_axis_unit": unit})
    return ds, meta


# --------------------------------------------------------------------------------------- OMNIC

_SPA_X = {1: ("wavenumber", 100.0, "cm-1"), 2: ("point", 1.0, "points"),
          3: ("wavelength", 1e-9, "nm"), 4: ("wavelength", 1e-6, "um"),
          32: ("wavenumber", 100.0, "cm-1 (Raman shift)")}
_SPA_Y = {17: "absorbance", 16: "transmittance (%)", 11: "reflectance (%)", 12: "log(1/R)",
          20: "Kubelka-Munk", 22: "V", 26: "photoacoustic", 31: "Raman intensity"}


def _drop_nonfinite(x: np.ndarray, y: np.ndarray, path: Path, first_byte: int
                    ) -> tuple[np.ndarray, np.ndarray, list[int], list[str]]:
    """Drop the points whose value is NaN or inf (float32 data) with a warning that names them
    (1-based point numbers) and the byte offset of the first; an error when none is left."""
    bad = np.flatnonzero(~np.isfinite(y))
    if bad.size == 0:
        return x, y, [], []
    points = [int(k) + 1 for k in bad]
    if bad.size > y.size - 3:
        raise DataFormatError(f"{path}: {bad.size} of {y.size} data values are NaN or inf "
                              f"(first at byte {first_byte + 4 * int(bad[0])}); fewer than 3 "
                              "finite points left")
    keep = np.isfinite(y)
    note = (f"dropped {bad.size} NaN/inf data value(s): points {points[:10]}"
            f"{' ...' if len(points) > 10 else ''} (first at byte {first_byte + 4 * int(bad[0])})")
    return x[keep], y[keep], points, [note]


def read_spa(path: str | Path) -> tuple[xr.Dataset, dict[str, Any]]:
    """Read a Thermo OMNIC ``.spa`` spectrum (layout in the module docstring).

    Returns
    -------
    xarray.Dataset, dict
        The spectrum (``wavenumber`` in m^-1 for infrared files) and metadata with ``title``,
        ``points``, ``first_x``/``last_x`` in the file's unit, ``y_code``, ``dropped_points``
        (1-based numbers of NaN/inf values, dropped with a warning).

    Raises
    ------
    DataFormatError
        Not an OMNIC file, truncated (a block pointing beyond the end of the file), a header
        that disagrees with the data, or a non-finite axis; the message gives the byte offset.
    """
    path = check_file(path)
    b = read_bytes(path)
    if not b.startswith(b"Spectral Data File"):
        raise DataFormatError(f"{path}: not a Thermo OMNIC .spa file (no 'Spectral Data File' "
                              "signature at byte 0)")
    if len(b) < 320:
        raise DataFormatError(f"{path}: truncated OMNIC file ({len(b)} bytes; the key table "
                              "starts at byte 304)")
    title = b[30:286].split(b"\x00", 1)[0].decode("latin-1")
    n_keys = struct.unpack_from("<H", b, 294)[0]
    blocks: dict[int, tuple[int, int]] = {}
    for i in range(n_keys):
        pos = 304 + 16 * i
        if pos + 10 > len(b):
            raise DataFormatError(f"{path}: truncated OMNIC key table (record {i} at byte {pos}; "
                                  f"the file has {len(b)} bytes)")
        key = b[pos]
        off, size = struct.unpack_from("<II", b, pos + 2)
        if off + size > len(b):
            raise DataFormatError(f"{path}: truncated OMNIC file: block {key} (key record at "
                                  f"byte {pos}) ends at byte {off + size}, the file has "
                                  f"{len(b)} bytes")
        blocks.setdefault(key, (off, size))
    if 2 not in blocks or 3 not in blocks:
        raise DataFormatError(f"{path}: OMNIC file without spectrum header (key 2) or data block "
                              f"(key 3) in the key table at byte 304")
    off = blocks[2][0]
    if off + 24 > len(b):
        raise DataFormatError(f"{path}: truncated OMNIC spectrum header at byte {off}")
    nx = struct.unpack_from("<I", b, off + 4)[0]
    x_code, y_code = b[off + 8], b[off + 12]
    first, last = struct.unpack_from("<ff", b, off + 16)
    require_finite(np.array([first, last]), path, "the first/last x value of the header",
                   f"bytes {off + 16}-{off + 23}")
    d_off, d_size = blocks[3]
    if d_size != 4 * nx:
        raise DataFormatError(f"{path}: OMNIC data block at byte {d_off} holds {d_size // 4} "
                              f"values, the header at byte {off} says {nx}")
    with np.errstate(invalid="ignore"):  # a signalling NaN; NaN/inf are dropped below, named
        y = np.frombuffer(b, dtype="<f4", count=nx, offset=d_off).astype(float)
    dim, factor, unit = _SPA_X.get(x_code, ("point", 1.0, "points"))
    x = np.linspace(first, last, nx)
    _check_axis(x, path, "x axis")
    x, y, dropped, warnings = _drop_nonfinite(x, y, path, d_off)
    y_units = _SPA_Y.get(y_code, "arb.")
    meta = {"source": str(path), "format": "omnic-spa", "title": title, "points": int(y.size),
            "axis": dim, "axis_unit": unit, "first_x": float(first), "last_x": float(last),
            "y_code": int(y_code), "y_units": y_units, "dropped_rows": len(dropped),
            "dropped_points": dropped, "warnings": warnings}
    return _dataset(x * factor, y, dim, y_units, {"source": str(path), "title": title,
                                                  "file_axis_unit": unit}), meta


# ---------------------------------------------------------------------------------------- OPUS

_OPUS_MAGIC = b"\n\n\xfe\xfe"
_OPUS_KIND = {1: "", 2: "ig", 3: "ph", 4: "a", 5: "t", 6: "km", 7: "tr", 10: "ra", 11: "e",
              12: "r", 14: "pw", 15: "logr", 16: "atr", 17: "pas"}
_OPUS_CHANNEL = {1: "sm", 2: "rf", 0: "", 3: ""}
_OPUS_X = {"WN": ("wavenumber", 100.0, "cm-1"), "MI": ("wavelength", 1e-6, "um"),
           "NM": ("wavelength", 1e-9, "nm"), "PNT": ("point", 1.0, "points")}
_OPUS_PREFERENCE = ("e", "a", "t", "r", "sm", "rf")


def _opus_type(code: int) -> tuple[int, int, int, int, int, int]:
    """Bit fields of an OPUS block type: complex, channel, parameter kind, data kind,
    derivative, extended."""
    return (code & 0x3, (code >> 2) & 0x3, (code >> 4) & 0x3F, (code >> 10) & 0x7F,
            (code >> 17) & 0x3, (code >> 19) & 0x7)


def _opus_params(block: bytes, path: Path, start: int) -> dict[str, Any]:
    """The parameters of one OPUS parameter block (``start``: its byte offset in the file)."""
    out: dict[str, Any] = {}
    pos = 0
    while pos + 8 <= len(block):
        name = block[pos:pos + 3].decode("latin-1")
        if name == "END":
            break
        kind, size = struct.unpack_from("<2h", block, pos + 4)
        need = {0: 4, 1: 8}.get(kind, 0)
        if size < 0 or pos + 8 + max(need, 2 * size) > len(block):
            raise DataFormatError(f"{path}: OPUS parameter {name!r} at byte {start + pos} runs "
                                  f"past the end of its block (size {size} words)")
        if kind == 0:
            val: Any = struct.unpack_from("<i", block, pos + 8)[0]
        elif kind == 1:
            val = struct.unpack_from("<d", block, pos + 8)[0]
        else:
            val = block[pos + 8:pos + 8 + 2 * size].split(b"\x00", 1)[0].decode("latin-1")
        out[name.upper()] = (val, start + pos)
        pos += 8 + 2 * size
    return out


def _opus_number(par: dict[str, Any], key: str, path: Path) -> float:
    """A finite numeric OPUS parameter, or a DataFormatError naming it and its byte offset."""
    if key not in par:
        raise DataFormatError(f"{path}: OPUS data-status block without the parameter {key}")
    val, at = par[key]
    if isinstance(val, str) or not np.isfinite(val):
        raise DataFormatError(f"{path}: OPUS parameter {key} at byte {at} is {val!r}, not a "
                              "finite number")
    return float(val)


def read_opus(path: str | Path, block: str | None = None) -> tuple[xr.Dataset, dict[str, Any]]:
    """Read one spectrum of a Bruker OPUS file (layout in the module docstring).

    Parameters
    ----------
    path : str or Path
        OPUS file (any extension: ``.0``, ``.0000``...).
    block : str, optional
        Which data block, by the names brukeropus uses: ``a`` absorbance, ``t`` transmittance,
        ``e`` emission, ``r`` reflectance, ``sm``/``rf`` sample/reference single channel,
        ``igsm``/``igrf`` interferograms, ``phsm`` phase. Default: the first present of
        e, a, t, r, sm, rf.

    Returns
    -------
    xarray.Dataset, dict
        The spectrum and metadata with ``block``, ``points`` (NPT, less any NaN/inf values
        dropped with a warning: ``dropped_points``), ``blocks`` (every data block found:
        name -> points).

    Raises
    ------
    DataFormatError
        Not an OPUS file, truncated, a directory or parameter that runs past the end of the file,
        a missing or non-numeric NPT/FXV/LXV/CSF; the message gives the byte offset.
    """
    path = check_file(path)
    b = read_bytes(path)
    if not b.startswith(_OPUS_MAGIC):
        raise DataFormatError(f"{path}: not a Bruker OPUS file (no 0a0afefe signature at byte 0)")
    if len(b) < 24:
        raise DataFormatError(f"{path}: truncated OPUS file ({len(b)} bytes)")
    dir_start, _max_blocks, n_blocks = struct.unpack_from("<3i", b, 12)
    if dir_start < 24 or n_blocks < 0 or dir_start + 12 * n_blocks > len(b):
        raise DataFormatError(f"{path}: truncated or damaged OPUS file: the directory (byte "
                              f"{dir_start}, {n_blocks} entries, bytes 12-23) does not lie within "
                              f"the {len(b)} bytes of the file")
    entries = []
    for i in range(n_blocks):
        code, words, start = struct.unpack_from("<3i", b, dir_start + 12 * i)
        if start <= 0:
            break
        if words < 0 or start + 4 * words > len(b):
            raise DataFormatError(f"{path}: truncated OPUS file: block {i} (directory entry at "
                                  f"byte {dir_start + 12 * i}) ends at byte {start + 4 * words}, "
                                  f"the file has {len(b)} bytes")
        entries.append((_opus_type(code), start, b[start:start + 4 * words]))
    status = [(t, _opus_params(blk, path, start)) for t, start, blk in entries if t[2] == 1]
    data: dict[str, tuple[np.ndarray, dict, int]] = {}
    for t, start, blk in entries:
        if t[2] != 0 or t[3] in (0, 13) or t[5] in (2, 5):
            continue  # not a 1-D data block (directory, series, report, text)
        match = [p for ts, p in status if ts[:2] == t[:2] and ts[3:] == t[3:]]
        if not match or "NPT" not in match[0]:
            continue
        par = match[0]
        npt = _opus_number(par, "NPT", path)
        y = np.frombuffer(blk, dtype="<f4", count=len(blk) // 4)
        if npt != int(npt) or not 0 < npt <= y.size:
            raise DataFormatError(f"{path}: OPUS data block at byte {start} holds {y.size} "
                                  f"values, NPT = {npt:g} (byte {par['NPT'][1]})")
        npt = int(npt)
        first = start + 4 * (y.size - npt if t[5] == 4 else 0)
        with np.errstate(invalid="ignore", over="ignore"):  # NaN/inf are dropped below, named
            y = (y[-npt:] if t[5] == 4 else y[:npt]).astype(float)
            if "CSF" in par:
                y = y * _opus_number(par, "CSF", path)
        kind = _OPUS_KIND.get(t[3], f"k{t[3]}")
        chan = _OPUS_CHANNEL.get(t[1], "")
        name = (kind + chan) if kind in ("", "ig", "ph") else kind
        data.setdefault(name or f"block{len(data)}", (y, par, first))
    if not data:
        raise DataFormatError(f"{path}: OPUS file without a readable 1-D spectrum")
    if block is None:
        block = next((k for k in _OPUS_PREFERENCE if k in data), next(iter(data)))
    if block not in data:
        raise DataFormatError(f"{path}: no OPUS block {block!r}; blocks found: {sorted(data)}")
    y, par, first_byte = data[block]
    dxu = str(par.get("DXU", ("PNT", 0))[0])
    dim, factor, unit = _OPUS_X.get(dxu, ("point", 1.0, dxu))
    fxv, lxv = _opus_number(par, "FXV", path), _opus_number(par, "LXV", path)
    x = np.linspace(fxv, lxv, y.size)
    if dim != "point":
        _check_axis(x, path, f"block {block} axis")
    elif y.size < 3:
        raise DataFormatError(f"{path}: OPUS block {block!r} holds {y.size} point(s); a "
                              "spectrum needs at least 3")
    x, y, dropped, warnings = _drop_nonfinite(x, y, path, first_byte)
    meta = {"source": str(path), "format": "bruker-opus", "block": block, "points": int(y.size),
            "axis": dim, "axis_unit": unit, "first_x": fxv, "last_x": lxv,
            "blocks": {k: int(v[0].size) for k, v in data.items()},
            "dropped_rows": len(dropped), "dropped_points": dropped, "warnings": warnings}
    return _dataset(x * factor, y, dim, "arb." if block not in ("a", "t") else
                    {"a": "absorbance", "t": "transmittance"}[block],
                    {"source": str(path), "title": block, "file_axis_unit": unit}), meta


def read_spectrum(
    path: str | Path, axis_unit: str | None = None, block: str | None = None
) -> tuple[xr.Dataset, dict[str, Any]]:
    """Read a spectrum file of any supported format, chosen by its signature (not its name).

    Parameters
    ----------
    path : str or Path
        OMNIC ``.spa``, Bruker OPUS, or delimited text.
    axis_unit : str, optional
        Axis unit for a text file whose header does not give it.
    block : str, optional
        OPUS data block (see :func:`read_opus`).
    """
    head = read_bytes(path)[:32]
    path = Path(path)
    if head.startswith(b"Spectral Data File"):
        return read_spa(path)
    if head.startswith(_OPUS_MAGIC):
        return read_opus(path, block=block)
    if b"\x00" in head or path.suffix.lower() in (".spa", ".spg", ".srs"):
        raise DataFormatError(f"{path}: unknown binary format (neither OMNIC .spa nor Bruker "
                              "OPUS); export the spectrum as text")
    return read_spectrum_text(path, axis_unit=axis_unit)
