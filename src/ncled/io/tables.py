"""Readers for tabulated sweeps: delimited text (CSV, TSV, whitespace) and spreadsheets.

Columns are recognised by name and unit in the header (``Voltage (V)``, ``I [mA]``, ``J_mA_cm2``,
``Photocurrent (uA)``, ``time (h)``), optionally with the units on a second header row, or mapped
by the user (``{"voltage": "Ubias [V]"}``). Every recognised column is converted to SI and stored
as a data variable of an :class:`xarray.Dataset` along the dimension ``point``, with a ``units``
attribute. Rows with a missing or NaN value in a recognised column are dropped, and the count and
line numbers of the dropped rows are returned in the metadata (never silently).

Spreadsheets: ``.xlsx`` is read with the standard library (it is a zip of XML parts, ECMA-376
Part 1, SpreadsheetML); ``.xls`` needs the optional package ``xlrd`` (imported lazily).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import numpy as np
import xarray as xr

from ncled.errors import DataFormatError
from ncled.io._files import check_file, check_row_width, lines_note, read_text, xls_sheets
from ncled.units import UNITS


@dataclass(frozen=True)
class Quantity:
    """A recognisable column: its names, its units (factor to SI) and its SI unit label."""

    aliases: tuple[str, ...]
    units: dict[str, float]
    si_unit: str
    description: str


_CURRENT_UNITS = UNITS["current"]
_RADIANCE_UNITS = UNITS["radiance"]

#: The quantities a sweep or trace column can hold, keyed by the data-variable name.
QUANTITIES: dict[str, Quantity] = {
    "voltage": Quantity(("voltage", "v", "bias", "vbias", "u", "applied voltage", "v applied",
                         "drive voltage"), UNITS["voltage"], "V", "applied voltage"),
    "current": Quantity(("current", "i", "id", "i led", "led current", "drive current",
                         "device current"), _CURRENT_UNITS, "A", "device current"),
    "current_density": Quantity(("current density", "j", "jd", "j led"),
                                UNITS["current_density"],
                                "A m^-2", "device current density"),
    "photocurrent": Quantity(("photocurrent", "iph", "i ph", "photo current", "detector current",
                              "photodiode current", "pd current", "i det", "idet"),
                             _CURRENT_UNITS, "A", "calibrated detector photocurrent"),
    "optical_power": Quantity(("optical power", "power", "p opt", "popt", "radiant power",
                               "p", "radiant flux", "emitted power"),
                              UNITS["power"], "W",
                              "radiant power emitted into the forward hemisphere"),
    "radiance": Quantity(("radiance", "l", "r", "el radiance"), _RADIANCE_UNITS, "W sr^-1 m^-2",
                         "radiance"),
    "time": Quantity(("time", "t", "elapsed", "elapsed time"),
                     UNITS["time"],
                     "s", "time"),
    "signal": Quantity(("signal", "intensity", "el", "el intensity", "counts", "emission",
                        "normalized radiance", "relative radiance"),
                       {"": 1.0, "arb": 1.0, "au": 1.0, "a.u.": 1.0, "counts": 1.0, "%": 1e-2},
                       "1", "relative emission signal (arbitrary units)"),
}



def split_brackets(header: str, opening: str = "([{") -> tuple[str, str] | None:
    """``"I (mA)"`` -> ``("I", "mA")``: the name before the first opening bracket (trailing
    blanks and underscores removed) and the text inside, when the header ends with a closing
    bracket; else None. Written without a regular expression: the pattern it replaces took
    minutes on a header of a few thousand blanks (catastrophic backtracking)."""
    s = header.strip()
    if not s or s[-1] not in ")]}":
        return None
    k = min((i for i in (s.find(c) for c in opening) if i >= 0), default=-1)
    if k < 0 or k == len(s) - 1:
        return None
    name = s[:k]
    while name and (name[-1].isspace() or name[-1] == "_"):
        name = name[:-1]
    return name, s[k + 1:-1].strip()


def _norm_name(text: str) -> str:
    s = text.strip().lower().replace("_", " ").replace("-", " ").replace(".", " ")
    return re.sub(r"\s+", " ", s).strip()


def _norm_unit(text: str) -> str:
    s = text.strip().lower()
    for a, b in (("µ", "u"), ("μ", "u"), ("²", "2"), ("⁻¹", "-1"), ("⁻²", "-2"), (" ", ""),
                 ("^", ""), ("*", ""), ("·", ""), ("per", "/")):
        s = s.replace(a, b)
    return s


def split_header(header: str) -> tuple[str, str | None]:
    """Split a column header into (name, unit): ``"I (mA)"`` -> ``("I", "mA")``,
    ``"J_mA_cm2"`` -> ``("J", "mA/cm2")``; the unit is None when the header names none."""
    hit = split_brackets(header)
    if hit:
        return hit[0].strip(), hit[1]
    parts = re.split(r"[_\s]+", header.strip())
    # a trailing unit written with underscores: J_mA_cm2, radiance_W_sr_m2, time_h (names have at
    # most three words: the bound keeps a header of thousands of words linear)
    for k in range(1, min(len(parts), 4)):
        name, unit = " ".join(parts[:k]), "/".join(parts[k:])
        if _lookup(name, _norm_unit(unit)) is not None:
            return name, unit
    return header.strip(), None


def _lookup(name: str, unit_norm: str | None) -> tuple[str, float] | None:
    """(quantity, factor to SI) for a name and normalised unit, or None."""
    n = _norm_name(name)
    for key, qty in QUANTITIES.items():
        if n in qty.aliases or n == key.replace("_", " "):
            if unit_norm is None:
                return (key, float("nan"))
            if unit_norm in qty.units:
                return (key, qty.units[unit_norm])
    return None


def recognise_column(header: str, unit: str | None = None) -> tuple[str, float] | None:
    """Recognise one column header (and an optional separate unit).

    Returns
    -------
    tuple of (str, float) or None
        The quantity name (a key of :data:`~ncled.io.tables.QUANTITIES`) and the factor converting
        the column to
        SI (NaN when the header names the quantity but gives no unit), or None if not recognised.
    """
    name, hunit = split_header(header)
    u = hunit if hunit is not None else unit
    hit = _lookup(name, None if u is None else _norm_unit(u))
    if hit is None and u is not None and _lookup(name, None) is not None:
        key = _lookup(name, None)[0]
        return (key, -1.0)  # known quantity, unknown unit
    return hit


# ----------------------------------------------------------------------------------- raw text

def _read_text_rows(path: Path) -> tuple[list[str], list[list[str]], list[int], list[str]]:
    """Header, data rows (strings), their 1-based line numbers and the comment lines."""
    lines = read_text(path).splitlines()
    comments: list[str] = []
    body: list[tuple[int, str]] = []
    for i, line in enumerate(lines, start=1):
        s = line.strip()
        if s.startswith(("#", "%", "//")):
            comments.append(s.lstrip("#%/ ").rstrip())
        else:
            body.append((i, line))
    nonempty = [(i, line) for i, line in body if line.strip()]
    if not nonempty:
        raise DataFormatError(f"{path}: no header and no data rows (the file is empty)")
    # csv.Sniffer's regular expressions are quadratic in the sample: 2 kB keep it to ~0.1 s
    sample = "\n".join(line for _, line in nonempty[:20])[:2048]
    delim: str | None
    if "\t" in sample:
        delim = "\t"
    else:
        try:
            delim = csv.Sniffer().sniff(sample, delimiters=",;").delimiter
        except csv.Error:  # rows of uneven length: the header's own separator, if any
            head = nonempty[0][1]
            delim = ";" if ";" in head else ("," if "," in head else None)  # None: whitespace

    def split(i: int, line: str) -> list[str]:
        if delim is None:
            return line.split()
        try:
            return [c.strip() for c in next(csv.reader(io.StringIO(line), delimiter=delim))]
        except csv.Error as exc:  # a NUL byte, a quote left open
            raise DataFormatError(f"{path}: line {i}: cannot split into columns ({exc})") from None

    header = split(*nonempty[0])
    rows, numbers = [], []
    for i, line in body[body.index(nonempty[0]) + 1:]:
        rows.append(split(i, line) if line.strip() else [])
        numbers.append(i)
    return header, rows, numbers, comments


#: Excel's last column (XFD, ECMA-376 Part 1, 18.3.1.4): a cell reference beyond it is damage.
_XLSX_MAX_COLUMN = 16384
#: Limits that keep a damaged or hostile workbook from exhausting memory: the XML of one part
#: (a million rows of ten numbers take about 300 MiB) and the cells of the padded row lists.
_XLSX_MAX_PART = 512 * 2**20
_XLSX_MAX_CELLS = 20_000_000


def _xlsx_column(ref: str | None, path: Path, part: str) -> int:
    """0-based column of a cell reference such as ``"AB12"``."""
    m = re.match(r"([A-Z]{1,3})[0-9]*$", ref or "A")
    col = 0
    for ch in m.group(1) if m else "":
        col = col * 26 + (ord(ch) - 64)
    if not 1 <= col <= _XLSX_MAX_COLUMN:
        raise DataFormatError(f"{path}: {part}: cell reference {ref!r} is not a cell of a "
                              "worksheet (columns A to XFD)")
    return col - 1


def _zip_part(z: zipfile.ZipFile, name: str, path: Path) -> bytes:
    """One part of an .xlsx archive, its announced size checked against the file's length
    (deflate expands at most 1032-fold) before anything is decompressed."""
    info = z.getinfo(name)
    if info.file_size > 1032 * max(info.compress_size, 1) + 1024 or \
            info.compress_size > path.stat().st_size:
        raise DataFormatError(f"{path}: {name}: sizes in the zip header (at byte "
                              f"{info.header_offset}) do not fit the file; damaged workbook")
    if info.file_size > _XLSX_MAX_PART:
        raise DataFormatError(f"{path}: {name} holds {info.file_size / 2**20:.0f} MiB of XML "
                              f"(more than {_XLSX_MAX_PART // 2**20} MiB); save the table as CSV")
    return z.read(name)


def _xlsx_rows(path: Path) -> list[list[str]]:
    """Cell texts of the first worksheet of an .xlsx file (SpreadsheetML, ECMA-376 Part 1)."""
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    try:
        with zipfile.ZipFile(path) as z:
            shared: list[str] = []
            if "xl/sharedStrings.xml" in z.namelist():
                root = ElementTree.fromstring(_zip_part(z, "xl/sharedStrings.xml", path))
                for si in root.findall("m:si", ns):
                    shared.append("".join(t.text or "" for t in si.iter(f"{{{ns['m']}}}t")))
            sheets = sorted(n for n in z.namelist() if re.match(r"xl/worksheets/sheet\d+\.xml", n))
            if not sheets:
                raise DataFormatError(f"{path}: the workbook has no worksheet")
            root = ElementTree.fromstring(_zip_part(z, sheets[0], path))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ElementTree.ParseError, KeyError,
            zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError) as exc:
        # zlib.error: damaged deflate stream; NotImplementedError: unknown compression method;
        # RuntimeError: an encrypted part; ValueError: a damaged local header
        raise DataFormatError(f"{path}: not a readable .xlsx workbook ({exc})") from None
    except OSError as exc:
        raise DataFormatError(f"{path}: cannot read ({exc.strerror or exc})") from None
    part = sheets[0]
    rows: list[list[str]] = []
    total = 0
    for row in root.iter(f"{{{ns['m']}}}row"):
        cells: dict[int, str] = {}
        for c in row.findall("m:c", ns):
            col = _xlsx_column(c.get("r"), path, part)
            v = c.find("m:v", ns)
            if c.get("t") == "s" and v is not None:
                k = v.text.strip() if v.text else ""
                if not k.isdigit() or int(k) >= len(shared):
                    raise DataFormatError(f"{path}: {part}: cell {c.get('r')!r} points to shared "
                                          f"string {k!r}; the workbook has {len(shared)}")
                val = shared[int(k)]
            elif c.get("t") == "inlineStr":
                val = "".join(t.text or "" for t in c.iter(f"{{{ns['m']}}}t"))
            else:
                val = "" if v is None or v.text is None else v.text
            cells[col] = val
        n = max(cells) + 1 if cells else 0
        total += n
        if total > _XLSX_MAX_CELLS:
            raise DataFormatError(f"{path}: {part}: more than {_XLSX_MAX_CELLS} cells up to row "
                                  f"{len(rows) + 1} (counting the empty ones before the last "
                                  "cell of each row); save the table as CSV")
        rows.append([cells.get(k, "") for k in range(n)])
    return rows


def _xls_rows(path: Path) -> list[list[str]]:
    sheets = xls_sheets(path)
    return [[str(v) for v in r] for r in next(iter(sheets.values()))]


def _is_number(s: str) -> bool:
    try:
        float(s)
    except ValueError:
        return False
    return True


# ----------------------------------------------------------------------------------- public

def read_table(
    path: str | Path,
    mapping: dict[str, str] | None = None,
    required: tuple[tuple[str, ...], ...] = (),
) -> tuple[xr.Dataset, dict[str, Any]]:
    """Read a sweep or trace table and return it in SI units.

    Parameters
    ----------
    path : str or Path
        A delimited text file (``.csv``, ``.tsv``, ``.txt``, ``.dat``; comma, semicolon, tab or
        whitespace separated; ``#``/``%`` comment lines kept in the metadata) or a spreadsheet
        (``.xlsx``; ``.xls`` with the optional ``xlrd``). The first non-comment line is the
        header; a second header row holding only units is recognised.
    mapping : dict of str to str, optional
        Quantity -> column header for columns that are not recognised by name (keys among
        :data:`~ncled.io.tables.QUANTITIES`). The header may carry the unit in brackets; if the
        file's header
        has none, give it here: ``{"voltage": "Ubias [V]"}``.
    required : tuple of tuple of str
        Groups of quantities; at least one quantity of each group must be present
        (``(("voltage",), ("current", "current_density"))``).

    Returns
    -------
    xarray.Dataset
        One data variable per recognised quantity (SI, ``units`` attribute) along ``point``.
    dict
        Metadata: ``source``, ``columns`` (quantity -> original header and unit),
        ``unrecognised_columns``, ``dropped_rows`` (count), ``dropped_lines``, ``comments``,
        ``warnings``.

    Raises
    ------
    DataFormatError
        Unreadable file, a required quantity missing (the message lists the columns found),
        a recognised column without a unit or with an unknown one, the same quantity in two
        columns, or a non-numeric cell.
    """
    path = check_file(path)
    suffix = path.suffix.lower()
    comments: list[str] = []
    if suffix in (".xlsx", ".xlsm"):
        all_rows = _xlsx_rows(path)
    elif suffix == ".xls":
        all_rows = _xls_rows(path)
    else:
        all_rows = None
    if all_rows is not None:
        first = next((k for k, r in enumerate(all_rows) if any(c.strip() for c in r)), None)
        if first is None:
            raise DataFormatError(f"{path}: the worksheet is empty")
        header = [c.strip() for c in all_rows[first]]
        rows = all_rows[first + 1:]
        numbers = list(range(first + 2, len(all_rows) + 1))
    else:
        header, rows, numbers, comments = _read_text_rows(path)
    if header and all(_is_number(h) for h in header if h):
        raise DataFormatError(
            f"{path}: the first line holds numbers, not column names; add a header such as "
            "'Voltage (V), Current (mA), Photocurrent (uA)'"
        )
    units_row: list[str] | None = None
    if rows and rows[0] and not any(_is_number(c) for c in rows[0] if c):
        units_row, rows, numbers = rows[0], rows[1:], numbers[1:]

    found: dict[str, tuple[int, float, str, str | None]] = {}
    problems: list[str] = []
    mapped_headers: dict[int, str] = {}
    for qty, spec in (mapping or {}).items():
        if qty not in QUANTITIES:
            raise DataFormatError(
                f"{path}: mapping names unknown quantity {qty!r}; known: {sorted(QUANTITIES)}"
            )
        name, unit = split_header(spec)
        matches = [k for k, h in enumerate(header) if h == spec or split_header(h)[0] == name]
        if not matches:
            raise DataFormatError(f"{path}: mapped column {spec!r} for {qty} not found; "
                                  f"columns found: {header}")
        k = matches[0]
        unit = split_header(header[k])[1] or unit or (units_row[k] if units_row else None)
        if unit is None:
            raise DataFormatError(f"{path}: column {header[k]!r} ({qty}) has no unit; write it "
                                  f"in the mapping, e.g. '{name} [{QUANTITIES[qty].si_unit}]'")
        factor = QUANTITIES[qty].units.get(_norm_unit(unit))
        if factor is None:
            raise DataFormatError(f"{path}: column {header[k]!r}: unit {unit!r} is not a unit of "
                                  f"{qty}; known: {sorted(QUANTITIES[qty].units)}")
        found[qty] = (k, factor, header[k], unit)
        mapped_headers[k] = qty
    unrecognised: list[str] = []
    for k, h in enumerate(header):
        if k in mapped_headers or not h:
            continue
        unit = units_row[k] if units_row and k < len(units_row) and units_row[k] else None
        hit = recognise_column(h, unit)
        if hit is None:
            unrecognised.append(h)
            continue
        qty, factor = hit
        if qty in (mapping or {}):
            continue
        if np.isnan(factor):
            if qty == "signal":
                factor = 1.0
            else:
                problems.append(f"column {h!r} ({qty}) has no unit; write e.g. "
                                f"'{h} ({QUANTITIES[qty].si_unit})' or map it")
                continue
        if factor < 0:
            problems.append(f"column {h!r}: unit not recognised for {qty}; known units: "
                            f"{sorted(QUANTITIES[qty].units)}")
            continue
        if qty in found:
            prev = found[qty]
            why = (f"mixed units ({prev[3]!r} and {split_header(h)[1] or unit!r})"
                   if (split_header(h)[1] or unit) != prev[3] else "two columns")
            problems.append(f"{qty} appears in two columns, {prev[2]!r} and {h!r} ({why}); "
                            "keep one or map the one to use")
            continue
        found[qty] = (k, factor, h, split_header(h)[1] or unit)
    if problems:
        raise DataFormatError(f"{path}: " + "; ".join(problems))
    for group in required:
        if not any(q in found for q in group):
            raise DataFormatError(
                f"{path}: no column for {' or '.join(group)}; columns found: {header}; "
                f"recognised: {sorted(found) or 'none'}. Name the header e.g. "
                f"'{group[0].replace('_', ' ').capitalize()} ({QUANTITIES[group[0]].si_unit})' "
                "or map it in the measurement file's [columns] table"
            )
    if not found:
        raise DataFormatError(f"{path}: no recognised column; columns found: {header}")

    keep_cols = {q: v[0] for q, v in found.items()}
    values: dict[str, list[float]] = {q: [] for q in found}
    dropped: list[int] = []
    for line_no, row in zip(numbers, rows, strict=True):
        check_row_width(row, header, path, f"line {line_no}")
        cells = {}
        bad = False
        for q, k in keep_cols.items():
            cell = row[k].strip() if k < len(row) else ""
            if cell == "" or cell.lower() in ("nan", "na", "n/a", "--"):
                bad = True
                continue
            try:
                cells[q] = float(cell)
            except ValueError:
                raise DataFormatError(
                    f"{path}: line {line_no}, column {header[k]!r}: {cell!r} is not a number"
                ) from None
            if not np.isfinite(cells[q]):
                bad = True
            elif not np.isfinite(cells[q] * found[q][1]):
                raise DataFormatError(f"{path}: line {line_no}, column {header[k]!r}: {cell!r} "
                                      "is out of range")
        if bad:
            dropped.append(line_no)
            continue
        for q in found:
            values[q].append(cells[q])
    n = len(next(iter(values.values())))
    if n == 0:
        raise DataFormatError(f"{path}: no complete data row (dropped {len(dropped)} rows with "
                              "missing values)")
    data_vars = {}
    for q, (_k, factor, h, unit) in found.items():
        data_vars[q] = ("point", np.asarray(values[q]) * factor,
                        {"units": QUANTITIES[q].si_unit, "long_name": QUANTITIES[q].description,
                         "source_column": h, "source_unit": unit or ""})
    ds = xr.Dataset(data_vars, attrs={"source": str(path)})
    warnings = []
    if dropped:
        warnings.append(f"dropped {len(dropped)} row(s) with missing, NaN or inf values "
                        f"({lines_note(dropped)})")
    meta = {
        "source": str(path),
        "columns": {q: {"header": v[2], "unit": v[3]} for q, v in found.items()},
        "unrecognised_columns": unrecognised,
        "rows": n,
        "dropped_rows": len(dropped),
        "dropped_lines": dropped,
        "comments": comments,
        "warnings": warnings,
    }
    return ds, meta
