"""What every reader does first and last: open the file with a clear message, and check that what
it parsed is finite.

The readers' contract: any byte string either parses into finite data or raises
:class:`~ncled.errors.DataFormatError` naming the file and the line (text) or byte offset (binary).
Non-finite values are either an error or dropped with a warning that names the rows.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from ncled.errors import DataFormatError


def check_file(path: str | Path) -> Path:
    """The path as a :class:`Path` if it names a readable regular file, else a DataFormatError
    that says what it is instead (missing, a directory, not a regular file)."""
    path = Path(path)
    if path.is_dir():
        raise DataFormatError(f"{path}: is a directory, not a file")
    if not path.exists():
        raise DataFormatError(f"{path}: no such file")
    if not path.is_file():
        raise DataFormatError(f"{path}: not a regular file")
    return path


def read_bytes(path: str | Path) -> bytes:
    """The whole file as bytes (after :func:`check_file`); OS errors become DataFormatError."""
    path = check_file(path)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise DataFormatError(f"{path}: cannot read ({exc.strerror or exc})") from None


def read_text(path: str | Path) -> str:
    """The whole file as text: UTF-8 (with or without a byte-order mark), else Latin-1, which
    decodes any byte string, so a text reader never fails on the encoding."""
    raw = read_bytes(path)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def lines_note(lines: list[int], limit: int = 10) -> str:
    """``"lines [3, 7]"`` (at most ``limit`` shown, then ``...``) for warnings and errors."""
    return f"lines {lines[:limit]}{' ...' if len(lines) > limit else ''}"


def require_finite(values: np.ndarray, path: Path, what: str, where: str = "") -> None:
    """Raise a DataFormatError when ``values`` holds NaN or inf (an axis, a header number).

    ``where`` is appended to the message (``"at byte 1234"``, ``"line 5"``) to locate it.
    """
    v = np.asarray(values, dtype=float)
    if not np.all(np.isfinite(v)):
        k = int(np.flatnonzero(~np.isfinite(v.ravel()))[0])
        loc = f" ({where})" if where else ""
        raise DataFormatError(f"{path}: {what} is not finite (value {k + 1} is "
                              f"{v.ravel()[k]}){loc}")


def xls_sheets(path: Path) -> dict[str, list[list]]:
    """Cell values of every sheet of a legacy Excel ``.xls`` workbook (at least one sheet).

    Needs the optional package ``xlrd`` (test extra), imported only here.
    """
    try:
        import xlrd  # optional, only for legacy Excel workbooks
    except ImportError:
        raise DataFormatError(
            f"{path}: reading .xls workbooks needs the optional package 'xlrd' (pip install "
            "'ncled[test]' or pip install xlrd); or save the sheet as .xlsx or .csv"
        ) from None
    check_file(path)
    try:
        with open(os.devnull, "w") as sink:  # xlrd writes its warnings to a log file
            book = xlrd.open_workbook(str(path), logfile=sink)
            sheets = {s.name: [s.row_values(r) for r in range(s.nrows)] for s in book.sheets()}
    except Exception as exc:  # xlrd raises XLRDError, struct.error, KeyError, ...
        # xlrd's own parser gives no byte offset; its message says what it choked on
        raise DataFormatError(f"{path}: not a readable .xls workbook ({type(exc).__name__}: "
                              f"{exc})") from None
    if not sheets:
        raise DataFormatError(f"{path}: the .xls workbook holds no worksheet")
    return sheets


def check_row_width(row: list[str], header: list[str], path: Path, where: str) -> None:
    """A DataFormatError when a row holds values beyond the header's columns (they would be
    silently ignored); empty trailing cells (``1,2,``) are allowed."""
    extra = [c for c in row[len(header):] if str(c).strip()]
    if extra:
        raise DataFormatError(f"{path}: {where}: {len(header) + len(extra)} values, the header "
                              f"has {len(header)} columns ({header}); extra: {extra[:3]}")
