"""Readers for FET transfer curves: Keithley 4200 ``.xls`` exports and delimited text.

Columns are recognised by name: gate voltage (``GateV``, ``Vg``, ``V_G``, ``gate voltage``), drain
current (``DrainI``, ``Id``, ``I_D``), source current (``SourceI``, ``Is``) and gate current
(``GateI``, ``Ig``). A gate current that is not measured is estimated from Kirchhoff's law,
``I_G = -(I_D + I_S)``, when both channel currents are present. Values are SI (V, A).

The Keithley 4200 workbook stores the data on a sheet ``Data`` and the instrument setup on
``Settings``; the drain bias is taken from the ``Start/Level`` row of the ``DrainV`` column.
Reading ``.xls`` needs the optional package ``xlrd`` (test extra), imported only then.

This module reads delimited text with its own small parser: the generic table reader
(:mod:`ncled.io.tables`) recognises LED quantities (voltage, current, radiance) and has no gate
or drain columns.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import xarray as xr

from ncled.errors import DataFormatError
from ncled.io._files import check_file, check_row_width, read_text, xls_sheets
from ncled.io.tables import split_brackets
from ncled.units import UNITS, normalise_unit

_ALIASES = {
    "gate_voltage": ("gatev", "vg", "vgs", "v_g", "gate voltage", "vgate", "v gate"),
    "drain_current": ("draini", "id", "ids", "i_d", "drain current", "idrain", "i drain"),
    "source_current": ("sourcei", "is", "i_s", "source current", "isource"),
    "gate_current": ("gatei", "ig", "igs", "i_g", "gate current", "igate", "leakage"),
    "drain_voltage": ("drainv", "vd", "vds", "v_d", "drain voltage"),
}
_UNITS = {"": 1.0, **UNITS["voltage"], **UNITS["current"]}


def _recognise(header: str, path: Path) -> tuple[str, float] | None:
    name, unit = split_brackets(header, "([") or (header.strip(), "")
    key = re.sub(r"\s+", " ", name.lower().replace("_", " ")).strip()
    for qty, names in _ALIASES.items():
        if key in names or key.replace(" ", "_") in names or key.replace(" ", "") in names:
            factor = _UNITS.get(normalise_unit(unit))
            if factor is None:
                raise DataFormatError(f"{path}: column {header!r}: unit {unit!r} not recognised; "
                                      f"known: {sorted(u for u in _UNITS if u)}")
            return qty, factor
    return None


def _text_rows(path: Path) -> tuple[list[list[str]], list[int]]:
    """Cells of the non-blank, non-comment lines and their 1-based line numbers."""
    rows, numbers = [], []
    for n, line in enumerate(read_text(path).splitlines(), start=1):
        s = line.strip()
        if not s or s.startswith(("#", "%")):
            continue
        delim = "\t" if "\t" in s else ("," if "," in s else (";" if ";" in s else None))
        rows.append([c.strip() for c in (s.split(delim) if delim else s.split())])
        numbers.append(n)
    return rows, numbers


def read_fet(path: str | Path, drain_voltage_v: float | None = None) -> tuple[xr.Dataset, dict]:
    """Read a transfer curve.

    Parameters
    ----------
    path : str or Path
        ``.xls`` (Keithley 4200) or delimited text with a header row.
    drain_voltage_v : float, optional
        Drain-source bias [V] when the file does not state it.

    Returns
    -------
    xarray.Dataset
        ``drain_current`` and ``gate_current`` [A] along ``point`` with the coordinate
        ``gate_voltage`` [V]; ``attrs["drain_voltage_v"]`` (NaN when unknown) and
        ``attrs["gate_current_estimated"]``. ``gate_current`` is NaN throughout when the file
        has neither a gate nor a source current (not measured, nothing read is lost).
    dict
        ``source``, ``columns``, ``settings`` (Keithley setup rows), ``dropped_lines`` (rows
        with an empty, NaN or inf cell, dropped with a warning) and ``warnings``.

    Raises
    ------
    DataFormatError
        Unreadable file, no gate-voltage or drain-current column, a unit not known, a cell that
        is not a number (the message names the line or sheet row), fewer than 5 rows.
    """
    path = check_file(path)
    settings: dict[str, list] = {}
    if path.suffix.lower() == ".xls":
        sheets = xls_sheets(path)
        name = "Data" if "Data" in sheets else next(iter(sheets))
        rows = [[c if isinstance(c, str) else repr(float(c)) for c in r] for r in sheets[name]]
        numbers = list(range(1, len(rows) + 1))
        where = f"sheet {name!r} row"
        for r in sheets.get("Settings", []):
            if r and isinstance(r[0], str) and r[0].strip():
                settings[r[0].strip()] = list(r[1:])
    else:
        rows, numbers = _text_rows(path)
        where = "line"
    if not rows:
        raise DataFormatError(f"{path}: empty file")
    header = [str(h) for h in rows[0]]
    cols: dict[str, tuple[int, float]] = {}
    for k, h in enumerate(header):
        hit = _recognise(h, path)
        if hit and hit[0] not in cols:
            cols[hit[0]] = (k, hit[1])
    missing = [q for q in ("gate_voltage", "drain_current") if q not in cols]
    if missing:
        raise DataFormatError(f"{path}: {where} {numbers[0]}: no column for "
                              f"{' and '.join(missing)}; columns found: {header} (name them e.g. "
                              "'Vg (V)', 'Id (A)')")
    data: dict[str, list[float]] = {q: [] for q in cols}
    dropped: list[int] = []
    for n, r in zip(numbers[1:], rows[1:], strict=True):
        if not any(str(c).strip() for c in r):
            continue
        check_row_width(r, header, path, f"{where} {n}")
        vals = {}
        for q, (k, f) in cols.items():
            cell = r[k].strip() if k < len(r) else ""
            try:
                vals[q] = float(cell) * f
            except ValueError:
                if cell == "":
                    vals[q] = float("nan")
                    continue
                raise DataFormatError(f"{path}: {where} {n}, column {header[k]!r}: {cell!r} is "
                                      "not a number") from None
            if np.isfinite(float(cell)) and not np.isfinite(vals[q]):
                raise DataFormatError(f"{path}: {where} {n}, column {header[k]!r}: {cell!r} is "
                                      "out of range")
        if not all(np.isfinite(v) for v in vals.values()):
            dropped.append(n)
            continue
        for q, v in vals.items():
            data[q].append(v)
    arr = {q: np.asarray(v, dtype=float) for q, v in data.items()}
    if arr["gate_voltage"].size < 5:
        raise DataFormatError(f"{path}: only {arr['gate_voltage'].size} complete data rows "
                              f"(a transfer curve needs 5; dropped {len(dropped)} with missing, "
                              "NaN or inf values)")
    estimated = False
    if "gate_current" in arr:
        ig = arr["gate_current"]
    elif "source_current" in arr:
        ig = -(arr["drain_current"] + arr["source_current"])
        estimated = True
    else:
        ig = np.full_like(arr["drain_current"], np.nan)
    vds = drain_voltage_v
    if vds is None and "drain_voltage" in arr:
        vds = float(np.median(arr["drain_voltage"]))
    if vds is None and "Name" in settings and "Start/Level" in settings:
        names = [str(x) for x in settings["Name"]]
        if "DrainV" in names:
            try:
                vds = float(settings["Start/Level"][names.index("DrainV")])
            except (ValueError, TypeError, IndexError):
                vds = None
    if vds is not None and not np.isfinite(vds):
        vds = None
    ds = xr.Dataset(
        {"drain_current": ("point", arr["drain_current"], {"units": "A"}),
         "gate_current": ("point", ig, {"units": "A", "estimated": int(estimated)})},
        coords={"gate_voltage": ("point", arr["gate_voltage"], {"units": "V"})},
        attrs={"drain_voltage_v": float("nan") if vds is None else float(vds),
               "gate_current_estimated": int(estimated), "source": str(path)},
    )
    warnings = ([f"dropped {len(dropped)} row(s) with missing, NaN or inf values "
                 f"({where}s {dropped[:10]}{' ...' if len(dropped) > 10 else ''})"]
                if dropped else [])
    return ds, {"source": str(path), "columns": {q: header[k] for q, (k, _) in cols.items()},
                "settings": settings, "dropped_lines": dropped, "warnings": warnings}
