"""``ncled nc``: nanocrystal spectra, sizing (both directions) and the synthesis planner."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import typer

from ncled.cli.apps import nc_app
from ncled.cli.common import console, err_console, pyplot, rich_table, to_jsonable, write_json
from ncled.constants import q, zero_celsius
from ncled.device.config import LIMITS
from ncled.errors import ConfigError
from ncled.nanocrystal import ensemble_for, get_sizing_model, plan_synthesis, spectral_summary
from ncled.nanocrystal.ensemble import absorption_coefficient, pl_density_energy
from ncled.nanocrystal.spectra import HC, density_energy_to_wavelength
from ncled.nanocrystal.synthesis import CALIBRATION_TEMPERATURE_K
from ncled.units import parse_length, parse_temperature

_MATERIAL = typer.Option("HgTe", "--material", "-m", help="HgTe, PbS or ZnO.")
_OUT_HELP = "Output folder (JSON, CSV, PNG)."
_JSON = typer.Option(False, "--json", help="Print JSON instead of a table.")
_CSV = typer.Option(False, "--csv", help="Print CSV instead of a table.")
_OUT_SPECTRUM = typer.Option(Path("ncled-output/nc-spectrum"), "--output", "-o", help=_OUT_HELP)
_OUT_SIZE = typer.Option(Path("ncled-output/nc-size"), "--output", "-o", help=_OUT_HELP)
_OUT_RECIPE = typer.Option(Path("ncled-output/nc-recipe"), "--output", "-o", help=_OUT_HELP)


def _target(diameter: str | None, peak: str | None) -> dict:
    if diameter is not None and peak is not None:
        raise ConfigError("--diameter and --peak: give one of them, not both")
    out: dict = {}
    if diameter is not None:
        out["diameter_m"] = parse_length(diameter, field="--diameter", default_unit="nm")
        if out["diameter_m"] <= 0:
            raise ConfigError(f"--diameter: must be positive, got {diameter!r}")
    if peak is not None:
        out["pl_peak_m"] = parse_length(peak, field="--peak", default_unit="nm")
        if out["pl_peak_m"] <= 0:
            raise ConfigError(f"--peak: must be a positive wavelength, got {peak!r}")
    return out


def _emit(payload: dict, rows: list[dict], out: Path, name: str, as_json: bool, as_csv: bool,
          table) -> None:
    out.mkdir(parents=True, exist_ok=True)
    write_json(out / f"{name}.json", payload)
    if rows:
        with open(out / f"{name}.csv", "w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)
    if as_json:
        console.print_json(json.dumps(to_jsonable(payload)))
    elif as_csv and rows:
        console.print(",".join(rows[0]), soft_wrap=True)
        for r in rows:
            console.print(",".join(f"{v:.8g}" if isinstance(v, float) else str(v)
                                   for v in r.values()), soft_wrap=True)
    else:
        console.print(table)
        console.print(f"written to {out}/")


@nc_app.command("spectrum")
def nc_spectrum(
    material: str = _MATERIAL,
    diameter: str | None = typer.Option(None, "--diameter", "-d", help="Mean diameter ('8nm')."),
    peak: str | None = typer.Option(None, "--peak", "-p", help="PL peak ('2000nm')."),
    as_json: bool = _JSON,
    as_csv: bool = _CSV,
    output: Path = _OUT_SPECTRUM,
) -> None:
    """Ensemble absorption and PL of a nanocrystal size or PL peak: metrics, CSV, figure."""
    params = ensemble_for(material, **_target(diameter, peak))
    s = spectral_summary(params)
    lam_pk = s.pl_wavelength.peak * 1e-9
    wl = np.linspace(0.5 * lam_pk, 1.6 * lam_pk, 1101)
    alpha = absorption_coefficient(params, HC / wl)
    pl = density_energy_to_wavelength(pl_density_energy(params, HC / wl), wl)
    metrics = {
        "material": params.material,
        "diameter_nm": params.diameter * 1e9,
        "size_dispersion": params.size_dispersion,
        "homogeneous_fwhm_ev": params.homogeneous_fwhm / q,
        "pl_peak_nm": s.pl_wavelength.peak, "pl_fwhm_nm": s.pl_wavelength.fwhm,
        "pl_centroid_nm": s.pl_wavelength.centroid,
        "pl_peak_ev": s.pl_energy.peak, "pl_fwhm_ev": s.pl_energy.fwhm,
        "pl_centroid_ev": s.pl_energy.centroid,
        "pl_peak_cm": s.pl_wavenumber.peak, "pl_fwhm_cm": s.pl_wavenumber.fwhm,
        "pl_centroid_cm": s.pl_wavenumber.centroid,
        "absorption_peak_nm": s.absorption_peak_nm,
        "stokes_nm": s.stokes_nm, "stokes_ev": s.stokes_ev, "stokes_cm": s.stokes_cm,
        "lambda_over_dlambda": s.resolving_power,
    }
    rows = [{"wavelength_nm": float(a * 1e9), "energy_ev": float(HC / a / q),
             "wavenumber_cm": float(1e-2 / a), "absorption_cm": float(b / 100),
             "pl_per_nm": float(c * 1e-9)} for a, b, c in zip(wl, alpha, pl, strict=True)]
    out = Path(output)
    _figure(out / "spectrum.png", wl, alpha, pl, params.material, s)
    table = rich_table(
        f"{params.material} ensemble, d = {params.diameter * 1e9:.3f} nm "
        f"(sigma_d/d = {params.size_dispersion:.0%})",
        ["quantity", "nm", "eV", "cm^-1"],
        [["PL peak", s.pl_wavelength.peak, s.pl_energy.peak, s.pl_wavenumber.peak],
         ["PL FWHM", s.pl_wavelength.fwhm, s.pl_energy.fwhm, s.pl_wavenumber.fwhm],
         ["PL centroid", s.pl_wavelength.centroid, s.pl_energy.centroid,
          s.pl_wavenumber.centroid],
         ["absorption peak", s.absorption_peak_nm, 1239.841984 / s.absorption_peak_nm,
          1e7 / s.absorption_peak_nm],
         ["Stokes shift", s.stokes_nm, s.stokes_ev, s.stokes_cm],
         ["lambda/dlambda", s.resolving_power, "", ""]],
    )
    _emit({"metrics": metrics}, rows, out, "spectrum", as_json, as_csv, table)


def _figure(path: Path, wl, alpha, pl, material: str, s) -> None:
    plt = pyplot()

    path.parent.mkdir(parents=True, exist_ok=True)
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot(wl * 1e9, alpha / alpha.max(), label="absorption (norm.)")
    ax.plot(wl * 1e9, pl / pl.max(), label="PL (norm., per nm)")
    ax.axvline(s.pl_wavelength.peak, ls=":", c="k", lw=0.8)
    ax.set_xlabel("wavelength (nm)")
    ax.set_ylabel("normalised")
    ax.set_title(f"{material}: PL {s.pl_wavelength.peak:.0f} nm, "
                 f"FWHM {s.pl_wavelength.fwhm:.0f} nm")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


@nc_app.command("size")
def nc_size(
    material: str = _MATERIAL,
    wavelength: str | None = typer.Option(None, "--wavelength", "-w",
                                          help="PL peak to reach ('2000', nm by default)."),
    diameter: str | None = typer.Option(None, "--diameter", "-d", help="Diameter ('9', nm)."),
    model: str | None = typer.Option(None, "--model", help="Sizing model (default per material)."),
    as_json: bool = _JSON,
    as_csv: bool = _CSV,
    output: Path = _OUT_SIZE,
) -> None:
    """Diameter for a PL wavelength, or exciton and PL wavelengths of a diameter."""
    if (wavelength is None) == (diameter is None):
        raise ConfigError("give --wavelength or --diameter (one of them)")
    sm = get_sizing_model(material, model)
    if wavelength is not None:
        lam = parse_length(wavelength, field="--wavelength", default_unit="nm")
        if lam <= 0:
            raise ConfigError(f"--wavelength: must be positive, got {wavelength!r}")
        single = float(sm.diameter(HC / lam, what="first-exciton energy"))
        params = ensemble_for(sm.material, pl_peak_m=lam, sizing_model=sm.name)
    else:
        d = parse_length(diameter, field="--diameter", default_unit="nm")
        params = ensemble_for(sm.material, diameter_m=d, sizing_model=sm.name)
        single = None
    s = spectral_summary(params)
    e1 = float(sm.gap(params.diameter))
    row = {"material": sm.material, "model": sm.name, "diameter_nm": params.diameter * 1e9,
           "exciton_nm": HC / e1 * 1e9, "exciton_ev": e1 / q,
           "pl_peak_nm": s.pl_wavelength.peak, "pl_peak_ev": s.pl_energy.peak,
           "absorption_peak_nm": s.absorption_peak_nm}
    if single is not None:
        row["diameter_exciton_at_wavelength_nm"] = single * 1e9
    table = rich_table(f"{sm.material} sizing ({sm.name}: {sm.reference})", ["quantity", "value"],
                       [[k, v] for k, v in row.items()])
    _emit({"size": row}, [row], Path(output), "size", as_json, as_csv, table)


def _within(value: float, limit: str, option: str) -> float:
    """``value`` [SI] inside the practical bounds of a device file's field (LIMITS)."""
    lo, hi, unit = LIMITS[limit]
    if not lo < value <= hi:
        raise ConfigError(f"{option}: {value:g} {unit} is outside ({lo:g}, {hi:g}] {unit}")
    return value


@nc_app.command("recipe")
def nc_recipe(
    temperature: str | None = typer.Option(None, "--temperature", "-t",
                                           help="Growth temperature ('75C' or kelvin)."),
    peak: str | None = typer.Option(None, "--peak", "-p", help="Target PL peak ('2150nm')."),
    batch_scale: float = typer.Option(1.0, "--batch-scale", min=0.01, max=100.0,
                                      help="Multiple of the 543 mg batch (0.01 to 100)."),
    as_json: bool = _JSON,
    output: Path = _OUT_RECIPE,
) -> None:
    """HgTe synthesis plan: growth temperature <-> PL peak, scaled reagents, expected size."""
    if (temperature is None) == (peak is None):
        raise ConfigError("give --temperature or --peak (one of them)")
    t_k = None if temperature is None else _within(
        parse_temperature(temperature, "--temperature"), "growth_temperature", "--temperature")
    peak_m = None if peak is None else _within(
        parse_length(peak, field="--peak", default_unit="nm"), "pl_peak", "--peak")
    plan = plan_synthesis(temperature_k=t_k, pl_peak_m=peak_m, batch_scale=batch_scale)
    for w in plan.warnings:
        err_console.print(f"[bold yellow]warning:[/] {w}", soft_wrap=True)
    rows = [{"reagent": k, "amount": v["amount"], "unit": v["unit"], "mmol": v["moles"] * 1e3}
            for k, v in plan.reagents.items()]
    payload = {
        "temperature_c": plan.temperature - zero_celsius, "pl_peak_nm": plan.pl_peak * 1e9,
        "expected_diameter_nm": plan.diameter * 1e9, "batch_scale": plan.batch_scale,
        "reagents": rows, "steps": list(plan.steps), "warnings": list(plan.warnings),
        "calibration_c": (CALIBRATION_TEMPERATURE_K - zero_celsius).tolist(),
    }
    table = rich_table(
        f"HgTe at {plan.temperature - zero_celsius:.4g} C -> PL {plan.pl_peak * 1e9:.0f} nm, "
        f"d = {plan.diameter * 1e9:.2f} nm (x{plan.batch_scale:g} batch)",
        ["reagent", "amount", "unit", "mmol"], [list(r.values()) for r in rows])
    _emit(payload, rows, Path(output), "recipe", as_json, False, table)
    if not as_json:
        for i, step in enumerate(plan.steps, 1):
            console.print(f"{i}. {step}")
