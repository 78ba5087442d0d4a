"""Helpers shared by the CLI commands: console, output formats, figure saving."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console
from rich.table import Table

console = Console()
err_console = Console(stderr=True)


def to_jsonable(obj: Any) -> Any:
    """Convert numpy scalars/arrays (and nested containers) to plain JSON types."""
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [to_jsonable(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return to_jsonable(obj.tolist())
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, float) and not np.isfinite(obj):
        return None
    return obj


def write_json(path: Path, payload: dict) -> None:
    """Write ``payload`` as indented JSON, creating the parent folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(to_jsonable(payload), indent=2) + "\n", encoding="utf-8")


def _cell(v: Any) -> str:
    """A table cell: floats with 4 significant digits, and "n/a" where a value is undefined."""
    if isinstance(v, float | np.floating):
        return f"{v:.4g}" if np.isfinite(v) else "n/a"
    return _NAN.sub("n/a", str(v))


_NAN = re.compile(r"\bnan\b")


def rich_table(title: str, columns: list[str], rows: list[list[Any]]) -> Table:
    """A rich table with the given header and rows (values formatted with 4 significant digits;
    undefined values shown as "n/a")."""
    table = Table(title=title)
    for col in columns:
        table.add_column(col)
    for row in rows:
        table.add_row(*[_cell(v) for v in row])
    return table
