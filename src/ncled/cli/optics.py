"""``ncled optics rt`` and ``ncled optics ito-tradeoff``: thin-film optics of a device stack."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import numpy as np
import typer

from ncled.cli.apps import optics_app
from ncled.cli.common import console, pyplot, rich_table, to_jsonable, write_json
from ncled.device.config import REFERENCE_DEVICE, load_device
from ncled.device.ito_tradeoff import DEFAULT_THICKNESS_NM, ito_tradeoff_for_device
from ncled.device.optical_stack import device_rta
from ncled.errors import ConfigError
from ncled.units import parse_wavelength_list

_MAX_TABLES = 6  # print per-(wavelength, angle) tables up to this many combinations


def _parse_angles(text: str) -> np.ndarray:
    """Angles in degrees: ``"0"``, ``"0,30,60"`` or ``"0:80:9"`` (start:stop:count) -> radians."""
    s = str(text).strip().removesuffix("deg").strip()
    try:
        if ":" in s:
            a, b, c = (float(p) for p in s.split(":"))
            if c < 1 or c != int(c):
                raise ValueError
            vals = np.linspace(a, b, int(c))
        else:
            vals = np.array([float(p) for p in s.split(",") if p.strip()])
    except ValueError:
        raise ConfigError(f"--angle: cannot read {text!r}; give degrees as a value, a comma list "
                          "or start:stop:count") from None
    if vals.size == 0 or not np.all(np.isfinite(vals)) or np.any(vals < 0) or np.any(vals >= 90):
        raise ConfigError(f"--angle: angles must be in [0, 90) degrees, got {text!r}")
    return np.radians(vals)


def _rt_rows(names, res) -> list[dict]:
    """Tidy rows: wavelength_nm, angle_deg, polarization, quantity, medium, value."""
    rows = []
    r_u, t_u, a_u = res.unpolarized()
    pols = {"s": (res.R[0], res.T[0], res.A[:, 0]), "p": (res.R[1], res.T[1], res.A[:, 1]),
            "unpolarized": (r_u, t_u, a_u)}
    for iw, wl in enumerate(res.wavelength_m):
        for ia, ang in enumerate(res.angle_rad):
            for pol, (r, t, a) in pols.items():
                base = {"wavelength_nm": wl * 1e9, "angle_deg": float(np.degrees(ang)),
                        "polarization": pol}
                rows.append({**base, "quantity": "R", "medium": "", "value": r[iw, ia]})
                rows.append({**base, "quantity": "T", "medium": "", "value": t[iw, ia]})
                for im, name in enumerate(names):
                    rows.append({**base, "quantity": "A", "medium": name, "value": a[im, iw, ia]})
    return rows


def _csv_text(rows: list[dict]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(to_jsonable(rows))
    return buf.getvalue()


def _rt_figure(path: Path, names, res, title: str) -> None:
    plt = pyplot()

    r_u, t_u, a_u = res.unpolarized()
    fig, ax = plt.subplots(figsize=(7, 4.5))
    if res.wavelength_m.size > 1:
        x, xl, sel = res.wavelength_m * 1e9, "wavelength (nm)", (slice(None), 0)
    else:
        x, xl, sel = np.degrees(res.angle_rad), "angle of incidence (deg)", (0, slice(None))
    ax.plot(x, r_u[sel], "k-", label="R")
    ax.plot(x, t_u[sel], "k--", label="T")
    for im, name in enumerate(names[1:-1], start=1):
        ax.plot(x, a_u[(im, *sel)], label=f"A {name}")
    ax.set_xlabel(xl)
    ax.set_ylabel("fraction of incident power (unpolarised)")
    ax.set_title(title, fontsize=9)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


@optics_app.command("rt")
def optics_rt(
    file: str = typer.Argument(REFERENCE_DEVICE, help="Device TOML file or built-in device name."),
    wavelength: str = typer.Option(
        "2000", "--wavelength", "-w",
        help="Wavelength(s) in nm: a value, a comma list or start:stop:count ('um' suffix ok).",
    ),
    angle: str = typer.Option("0", "--angle", "-a",
                              help="Angle(s) of incidence in degrees in the incident ambient."),
    side: str = typer.Option("front", "--side",
                             help="'front': light from the front ambient (glass side); 'back'."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
    as_csv: bool = typer.Option(False, "--csv", help="Print tidy CSV instead of a table."),
    output: Path = typer.Option(Path("ncled-output/optics-rt"), "--output", "-o",
                                help="Folder for rt.json, rt.csv (and rt.png for a sweep)."),
) -> None:
    """Reflectance, transmittance and absorptance of each layer (s, p, unpolarised)."""
    if side not in ("front", "back"):
        raise ConfigError(f"--side must be 'front' or 'back', got {side!r}")
    dev = load_device(file)
    wl = parse_wavelength_list(wavelength, field="--wavelength")
    ang = _parse_angles(angle)
    stack, res = device_rta(dev, wl, ang, side=side)
    names = list(stack.names)
    rows = _rt_rows(names, res)
    payload = {
        "device": dev.name, "source": dev.source_path, "side": side,
        "wavelength_nm": wl * 1e9, "angle_deg": np.degrees(ang), "media": names,
        "thickness_nm": stack.thickness_m * 1e9, "coherent": list(stack.coherent),
        "convention": "A[front ambient] = 1 - power entering (= R for a transparent ambient), "
                      "A[back ambient] = T; n + ik, exp(-i omega t)",
        "rows": rows,
    }
    output.mkdir(parents=True, exist_ok=True)
    write_json(output / "rt.json", payload)
    (output / "rt.csv").write_text(_csv_text(rows), encoding="utf-8")
    if wl.size > 1 or ang.size > 1:
        _rt_figure(output / "rt.png", names, res, f"{dev.name}: light from the {side}")
    if as_json:
        typer.echo(json.dumps(to_jsonable(payload), indent=2))
        return
    if as_csv:
        typer.echo(_csv_text(rows), nl=False)
        return
    r_u, t_u, a_u = res.unpolarized()
    if wl.size * ang.size > _MAX_TABLES:
        console.print(f"{wl.size} wavelengths x {ang.size} angles: see {output}/rt.csv")
        return
    for iw in range(wl.size):
        for ia in range(ang.size):
            body = [["R", res.R[0, iw, ia], res.R[1, iw, ia], r_u[iw, ia]],
                    ["T", res.T[0, iw, ia], res.T[1, iw, ia], t_u[iw, ia]]]
            body += [[f"A {name}", res.A[im, 0, iw, ia], res.A[im, 1, iw, ia], a_u[im, iw, ia]]
                     for im, name in enumerate(names) if 0 < im < len(names) - 1]
            console.print(rich_table(
                f"{dev.name}: {wl[iw] * 1e9:g} nm, {np.degrees(ang[ia]):g} deg, from the {side}",
                ["quantity", "s", "p", "unpolarized"], body))
    console.print(f"written: {output}/rt.json, rt.csv")


def _ito_figure(path: Path, ds) -> None:
    plt = pyplot()

    t = ds["thickness_nm"].values
    fig, ax = plt.subplots(figsize=(7, 4.5))
    ax.plot(t, ds["T_substrate"], "o-", label="T air/ITO/glass/air")
    ax.plot(t, ds["T_single_pass"], "s--", label="ITO single-pass exp(-4 pi k t / lambda)")
    ax.plot(t, ds["A_ito"], "^:", label="A ITO")
    ax.set_xlabel("ITO thickness (nm)")
    ax.set_ylabel(f"fraction at {ds.attrs['wavelength_nm']:.0f} nm")
    ax.set_ylim(0, 1)
    ax2 = ax.twinx()
    ax2.semilogy(t, ds["strip_resistance"], "k-", lw=1, label="strip resistance")
    ax2.set_ylabel("ITO strip resistance (ohm)")
    for x in (35, 180):
        ax.axvline(x, color="0.7", lw=0.8)
    lines = ax.get_legend_handles_labels()
    lines2 = ax2.get_legend_handles_labels()
    ax.legend(lines[0] + lines2[0], lines[1] + lines2[1], fontsize=8, loc="center right")
    ax.set_title(f"ITO trade-off: N = {ds.attrs['carrier_density_cm3']:.3g} cm^-3, "
                 f"mu = {ds.attrs['mobility_cm2_vs']:.3g} cm^2/Vs", fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def _parse_thickness_nm(text: str | None) -> np.ndarray:
    if text is None:
        return DEFAULT_THICKNESS_NM * 1e-9
    return parse_wavelength_list(text, field="--thickness")  # same syntax: nm list or a:b:n


@optics_app.command("ito-tradeoff")
def optics_ito_tradeoff(
    file: str = typer.Argument(REFERENCE_DEVICE, help="Device TOML file or built-in device name."),
    thickness: str | None = typer.Option(
        None, "--thickness", "-t",
        help="ITO thicknesses in nm: a comma list or start:stop:count (default 10-250 nm)."),
    wavelength: float | None = typer.Option(
        None, "--wavelength", "-w", help="Emission wavelength in nm (default: device PL peak)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
    output: Path = typer.Option(Path("ncled-output/optics-ito-tradeoff"), "--output", "-o",
                                help="Folder for ito_tradeoff.json/.csv/.png."),
) -> None:
    """Transmission at the emission wavelength and sheet/strip resistance vs ITO thickness."""
    dev = load_device(file)
    if wavelength is not None and not (np.isfinite(wavelength) and wavelength > 0):
        raise ConfigError(f"--wavelength must be a positive number of nm, got {wavelength}")
    ds = ito_tradeoff_for_device(dev, _parse_thickness_nm(thickness),
                                 None if wavelength is None else wavelength * 1e-9)
    df = ds.to_dataframe().reset_index()
    rows = df.to_dict(orient="records")
    payload = {"device": dev.name, "attrs": dict(ds.attrs),
               "units": {k: ds[k].attrs.get("units", "") for k in ds.data_vars}, "rows": rows}
    output.mkdir(parents=True, exist_ok=True)
    write_json(output / "ito_tradeoff.json", payload)
    df.to_csv(output / "ito_tradeoff.csv", index=False)
    _ito_figure(output / "ito_tradeoff.png", ds)
    if as_json:
        typer.echo(json.dumps(to_jsonable(payload), indent=2))
        return
    cols = ["thickness_nm", "T_substrate", "T_single_pass", "A_ito", "R_substrate",
            "sheet_resistance", "strip_resistance"]
    console.print(rich_table(
        f"ITO trade-off at {ds.attrs['wavelength_nm']:.0f} nm (N = "
        f"{ds.attrs['carrier_density_cm3']:.3g} cm^-3, mu = {ds.attrs['mobility_cm2_vs']:.3g} "
        "cm^2/Vs)",
        ["t (nm)", "T substrate", "T single pass", "A ITO", "R", "R_s (ohm/sq)", "R strip (ohm)"],
        [[float(r[c]) for c in cols] for r in rows]))
    console.print(ds.attrs["definition"])
    console.print(f"written: {output}/ito_tradeoff.json, .csv, .png")
