"""``ncled params [FILE]``: the parameter registry, or every electrical parameter of a device."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from ncled.cli.apps import app
from ncled.cli.common import console, rich_table, to_jsonable


@app.command("params")
def params(
    device: Path = typer.Argument(None, help="Device file (or built-in name); omitted: the "
                                  "whole registry."),
    fitted_only: bool = typer.Option(False, "--fitted", help="Only the fitted parameters."),
    markdown: bool = typer.Option(False, "--markdown", help="Print the README's table of the "
                                  "fitted parameters (Markdown)."),
    as_json: bool = typer.Option(False, "--json", help="Print the rows as JSON."),
) -> None:
    """Parameters with value, unit, status (measured/literature/derived/declared/fitted) and
    source."""
    from ncled.parameters import fitted, fitted_markdown, parameters

    if markdown:
        typer.echo(fitted_markdown())
        return
    if device is not None:
        from ncled.device.config import load_device
        from ncled.device.electrical import device_parameters

        rows = device_parameters(load_device(device))
        if fitted_only:
            rows = [r for r in rows if r["status"].startswith("fitted")]
        title = f"Electrical parameters of {device}"
        cols = ["layer", "parameter", "value", "unit", "status", "source"]
    else:
        entries = fitted() if fitted_only else parameters()
        rows = [{"parameter": p.name, "value": p.value, "unit": p.unit,
                 "status": p.status + (f" (to {p.fitted_to})" if p.fitted_to else ""),
                 "range": p.range_text, "source": p.source, "doi": p.doi} for p in entries]
        title = f"Parameter registry ({len(fitted())} fitted of {len(parameters())})"
        cols = ["parameter", "value", "unit", "status", "range", "source"]
    if as_json:
        typer.echo(json.dumps(to_jsonable(rows), indent=2))
        return
    console.print(rich_table(title, cols, [[f"{r[c]:.4g}" if isinstance(r[c], float) else
                                            str(r[c]) for c in cols] for r in rows]))
