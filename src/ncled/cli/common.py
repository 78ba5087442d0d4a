"""Helpers shared by the CLI commands: console, output formats, figure saving."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console
from rich.table import Table

console = Console()
err_console = Console(stderr=True)


def device_pixel_area(cfg) -> float | None:
    """Pixel area [m^2] of the device file a measurement file names (None if it names none or
    gives its own ``pixel_area``)."""
    if cfg.pixel_area is not None or cfg.device is None:
        return None
    from ncled.device.config import load_device

    return load_device(cfg.device_reference()).pixel_area


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


def pyplot():
    """``matplotlib.pyplot`` on the non-interactive Agg backend, imported on first use (so that
    commands that draw nothing do not pay for it)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def write_csv(path: Path, columns: dict[str, Any]) -> None:
    """Write named columns as a tidy CSV (floats with 9 significant digits).

    A column of one value is repeated on every row; any other length must match the longest.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    cols = {k: np.atleast_1d(np.asarray(v)) for k, v in columns.items()}
    n = max(c.size for c in cols.values())
    bad = {k: c.size for k, c in cols.items() if c.size not in (1, n)}
    if bad:
        raise ValueError(f"CSV columns of unequal length {bad} (rows: {n})")
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(list(cols))
        for i in range(n):
            row = [c[i] if c.size == n else c[0] for c in cols.values()]
            w.writerow([f"{x:.9g}" if isinstance(x, float | np.floating) else x for x in row])


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


def write_netcdf(ds, path: Path) -> None:
    """Write a dataset as NetCDF-3 (SciPy's writer), as ``ds.to_netcdf(path, engine="scipy")``.

    The same encoding and bytes, through xarray's SciPy store with a plain lock: its default
    write lock (and ``Dataset.to_netcdf``) first asks Dask for its scheduler, which imports
    Distributed where the studies extra is installed (0.4 s of CPU, more than the write itself)
    although nothing here is a Dask array.
    """
    from threading import Lock

    from xarray.backends import ScipyDataStore

    store = ScipyDataStore(str(path), mode="w", lock=Lock())
    try:
        ds.dump_to_store(store)
    finally:
        store.close()
