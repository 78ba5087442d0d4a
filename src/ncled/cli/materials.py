"""``ncled materials``: list the materials library and show optical constants."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import numpy as np
import typer

from ncled.cli.apps import materials_app
from ncled.cli.common import console, pyplot, rich_table, to_jsonable, write_json
from ncled.errors import ConfigError, NcledError
from ncled.materials import get_material, material_entries
from ncled.units import parse_wavelength_list


def _range_text(lo_m: float, hi_m: float) -> str:
    return f"{lo_m * 1e6:.3g}-{hi_m * 1e6:.4g} um"


@materials_app.command("list")
def materials_list(
    as_json: bool = typer.Option(False, "--json", help="Print the list as JSON."),
) -> None:
    """List the named materials: name, valid wavelength range (default parameters) and source."""
    rows = []
    for entry in material_entries():
        try:
            mat = entry.factory()
            lo, hi = mat.wavelength_min, mat.wavelength_max
        except NcledError:  # a material whose model is not available here: list it without range
            lo = hi = float("nan")  # shown as "model unavailable"
        rows.append(
            {
                "name": entry.name,
                "wavelength_min_nm": lo * 1e9,
                "wavelength_max_nm": hi * 1e9,
                "description": entry.description,
                "source": entry.source,
            }
        )
    if as_json:
        typer.echo(json.dumps(to_jsonable(rows), indent=2))
        return
    table = rich_table(
        "Materials (ncled materials show NAME --wavelength 2000)",
        ["name", "range", "description", "source"],
        [
            [
                r["name"],
                "model unavailable"
                if np.isnan(r["wavelength_min_nm"])
                else _range_text(r["wavelength_min_nm"] * 1e-9, r["wavelength_max_nm"] * 1e-9),
                r["description"],
                r["source"],
            ]
            for r in rows
        ],
    )
    console.print(table)


def _parse_params(items: list[str]) -> dict[str, float | str]:
    params: dict[str, float | str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ConfigError(f"--param: expected KEY=VALUE, got {item!r}")
        try:
            params[key.strip()] = float(value)
        except ValueError:
            params[key.strip()] = value.strip()
    return params


@materials_app.command("show")
def materials_show(
    name: str = typer.Argument(..., help="Material name (see `ncled materials list`)."),
    wavelength: str = typer.Option(
        "2000",
        "--wavelength",
        "-w",
        help="Wavelength(s) in nm: a value, a comma list or start:stop:count (or with 'um').",
    ),
    param: list[str] = typer.Option(
        [], "--param", "-p", help="Model parameter KEY=VALUE (repeatable), e.g. mobility_cm2_vs=35."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
    as_csv: bool = typer.Option(False, "--csv", help="Print CSV instead of a table."),
    output: Path | None = typer.Option(
        None,
        "--output",
        "-o",
        help="Also write nk.json, nk.csv and nk.png to this folder (e.g. ncled-output/materials).",
    ),
) -> None:
    """Complex refractive index n + ik and permittivity of a material at the given wavelengths."""
    if as_json and as_csv:
        raise ConfigError("give at most one of --json and --csv")
    wl = parse_wavelength_list(wavelength, field="--wavelength")
    mat = get_material(name, **_parse_params(param))
    nk = mat.nk(wl)
    eps = nk**2
    records = [
        {"wavelength_nm": w * 1e9, "n": v.real, "k": v.imag, "eps_real": e.real, "eps_imag": e.imag}
        for w, v, e in zip(wl, nk, eps, strict=True)
    ]
    payload = {
        "material": mat.name,
        "source": mat.source,
        "params": mat.params,
        "valid_range_nm": [mat.wavelength_min * 1e9, mat.wavelength_max * 1e9],
        "data": records,
    }
    if output is not None:
        _write_outputs(output, payload, wl, nk)
    if as_json:
        typer.echo(json.dumps(to_jsonable(payload), indent=2))
    elif as_csv:
        typer.echo(_csv_text(records), nl=False)
    else:
        console.print(
            rich_table(
                f"{mat.name}: valid {_range_text(mat.wavelength_min, mat.wavelength_max)}",
                ["wavelength (nm)", "n", "k", "eps'", "eps''"],
                [
                    [
                        f"{r['wavelength_nm']:.6g}",
                        f"{r['n']:.5g}",
                        f"{r['k']:.4g}",
                        f"{r['eps_real']:.5g}",
                        f"{r['eps_imag']:.4g}",
                    ]
                    for r in records
                ],
            )
        )
        console.print(f"source: {mat.source}")


def _csv_text(records: list[dict]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(records[0]), lineterminator="\n")
    writer.writeheader()
    for r in records:
        writer.writerow({k: f"{v:.10g}" for k, v in r.items()})
    return buf.getvalue()


def _write_outputs(folder: Path, payload: dict, wl: np.ndarray, nk: np.ndarray) -> None:
    plt = pyplot()

    folder.mkdir(parents=True, exist_ok=True)
    write_json(folder / "nk.json", payload)
    (folder / "nk.csv").write_text(_csv_text(payload["data"]), encoding="utf-8")
    fig, ax = plt.subplots(figsize=(5, 3.5), constrained_layout=True)
    ax.plot(wl * 1e6, nk.real, "o-" if wl.size < 20 else "-", label="n")
    ax.plot(wl * 1e6, nk.imag, "s--" if wl.size < 20 else "--", label="k")
    ax.set_xlabel("wavelength (um)")
    ax.set_ylabel("n, k")
    ax.set_title(payload["material"])
    ax.legend()
    fig.savefig(folder / "nk.png", dpi=120)
    plt.close(fig)
    console.print(f"wrote {folder}/nk.json, nk.csv, nk.png")
