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

import os
import re
from pathlib import Path

import numpy as np
import xarray as xr

from ncled.errors import DataFormatError
from ncled.units import UNITS, normalise_unit

_ALIASES = {
    "gate_voltage": ("gatev", "vg", "vgs", "v_g", "gate voltage", "vgate", "v gate"),
    "drain_current": ("draini", "id", "ids", "i_d", "drain current", "idrain", "i drain"),
    "source_current": ("sourcei", "is", "i_s", "source current", "isource"),
    "gate_current": ("gatei", "ig", "igs", "i_g", "gate current", "igate", "leakage"),
    "drain_voltage": ("drainv", "vd", "vds", "v_d", "drain voltage"),
}
_UNITS = {"": 1.0, **UNITS["voltage"], **UNITS["current"]}


def _recognise(header: str) -> tuple[str, float] | None:
    m = re.match(r"^(.*?)\s*[\(\[]\s*(.*?)\s*[\)\]]\s*$", header.strip())
    name, unit = (m.group(1), m.group(2)) if m else (header.strip(), "")
    key = re.sub(r"\s+", " ", name.lower().replace("_", " ")).strip()
    for qty, names in _ALIASES.items():
        if key in names or key.replace(" ", "_") in names or key.replace(" ", "") in names:
            factor = _UNITS.get(normalise_unit(unit))
            if factor is None:
                raise DataFormatError(f"column {header!r}: unit {unit!r} not recognised; known: "
                                      f"{sorted(u for u in _UNITS if u)}")
            return qty, factor
    return None


def _xls_sheets(path: Path) -> dict[str, list[list]]:
    try:
        import xlrd  # optional, only for legacy Excel workbooks
    except ImportError:
        raise DataFormatError(
            f"{path}: reading .xls workbooks needs the optional package 'xlrd' (pip install "
            "'ncled[test]' or pip install xlrd); or export the sheet as CSV"
        ) from None
    try:
        with open(os.devnull, "w") as sink:
            book = xlrd.open_workbook(str(path), logfile=sink)
    except Exception as exc:  # xlrd raises XLRDError, struct.error, ...
        raise DataFormatError(f"{path}: not a readable .xls workbook ({exc})") from None
    return {s.name: [s.row_values(r) for r in range(s.nrows)] for s in book.sheets()}


def _text_rows(path: Path) -> list[list[str]]:
    try:
        text = path.read_text(encoding="utf-8-sig", errors="replace")
    except OSError as exc:
        raise DataFormatError(f"{path}: cannot read ({exc.strerror})") from None
    rows = []
    for line in text.splitlines():
        s = line.strip()
        if not s or s.startswith(("#", "%")):
            continue
        delim = "\t" if "\t" in s else ("," if "," in s else (";" if ";" in s else None))
        rows.append([c.strip() for c in (s.split(delim) if delim else s.split())])
    return rows


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
        ``attrs["gate_current_estimated"]``.
    dict
        ``source``, ``columns``, ``settings`` (Keithley setup rows).
    """
    path = Path(path)
    if not path.is_file():
        raise DataFormatError(f"{path}: no such file")
    settings: dict[str, list] = {}
    if path.suffix.lower() == ".xls":
        sheets = _xls_sheets(path)
        name = "Data" if "Data" in sheets else next(iter(sheets))
        rows = [[str(c) if isinstance(c, str) else repr(float(c)) for c in r]
                for r in sheets[name]]
        for r in sheets.get("Settings", []):
            if r and isinstance(r[0], str) and r[0].strip():
                settings[r[0].strip()] = list(r[1:])
    else:
        rows = _text_rows(path)
    if not rows:
        raise DataFormatError(f"{path}: empty file")
    header = [str(h) for h in rows[0]]
    cols: dict[str, tuple[int, float]] = {}
    for k, h in enumerate(header):
        hit = _recognise(h)
        if hit and hit[0] not in cols:
            cols[hit[0]] = (k, hit[1])
    missing = [q for q in ("gate_voltage", "drain_current") if q not in cols]
    if missing:
        raise DataFormatError(f"{path}: no column for {' and '.join(missing)}; columns found: "
                              f"{header} (name them e.g. 'Vg (V)', 'Id (A)')")
    data: dict[str, list[float]] = {q: [] for q in cols}
    for n, r in enumerate(rows[1:], start=2):
        if not any(str(c).strip() for c in r):
            continue
        for q, (k, f) in cols.items():
            try:
                data[q].append(float(r[k]) * f)
            except (ValueError, IndexError):
                raise DataFormatError(f"{path}: row {n}, column {header[k]!r}: "
                                      f"{r[k] if k < len(r) else '(missing)'!r} is not a number"
                                      ) from None
    arr = {q: np.asarray(v) for q, v in data.items()}
    if arr["gate_voltage"].size < 5:
        raise DataFormatError(f"{path}: only {arr['gate_voltage'].size} data rows")
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
            except ValueError:
                vds = None
    ds = xr.Dataset(
        {"drain_current": ("point", arr["drain_current"], {"units": "A"}),
         "gate_current": ("point", ig, {"units": "A", "estimated": int(estimated)})},
        coords={"gate_voltage": ("point", arr["gate_voltage"], {"units": "V"})},
        attrs={"drain_voltage_v": float("nan") if vds is None else float(vds),
               "gate_current_estimated": int(estimated), "source": str(path)},
    )
    return ds, {"source": str(path), "columns": {q: header[k] for q, (k, _) in cols.items()},
                "settings": settings}
