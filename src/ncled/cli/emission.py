"""``ncled optics outcoupling`` and ``ncled optics thermal``: light out of the stack."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import typer

from ncled.cli.apps import optics_app
from ncled.cli.common import console, pyplot, rich_table, write_json
from ncled.device.config import REFERENCE_DEVICE, load_device
from ncled.device.emission import device_outcoupling, device_thermal
from ncled.errors import ConfigError
from ncled.optics.outcoupling import ISOTROPIC_HORIZONTAL_FRACTION, uniform_positions
from ncled.units import parse_temperature, parse_wavelength_list


def _csv(path: Path, header: list[str], rows) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)


def _power_map_figure(ds, path: Path) -> None:
    wl_nm = ds.wavelength.values * 1e9
    kap = ds.kappa.values
    hf = ds.attrs.get("horizontal_fraction", ISOTROPIC_HORIZONTAL_FRACTION)
    dens = ds.k_density.values @ np.array([hf, 1 - hf])
    top = float(np.median(ds.n_max.values) * 1.25)
    grid = np.linspace(0, top, 400)
    img = np.array([np.interp(grid, k, d) for k, d in zip(kap, dens, strict=True)])
    fig, ax = pyplot().subplots(figsize=(6.4, 4.2))
    pos = img[img > 0]
    vmin = np.percentile(pos, 5) if pos.size else 1e-6
    im = ax.pcolormesh(grid, wl_nm, np.log10(np.maximum(img, vmin)), shading="auto", cmap="magma")
    fig.colorbar(im, ax=ax, label="log10 K(kappa) [P0 per unit kappa]")
    n_front = 1.0
    for x, lab in ((np.full(wl_nm.shape, n_front), "air"), (ds.n_substrate.values, "substrate"),
                   (ds.n_max.values, "n_max")):
        ax.plot(x, wl_nm, "c--", lw=1)
        ax.text(x[-1], wl_nm[-1], lab, color="c", fontsize=8, ha="right", va="bottom")
    ax.set_xlabel("in-plane index kappa = k_x / k0")
    ax.set_ylabel("wavelength [nm]")
    ax.set_title("Power dissipation: air | substrate | waveguided | evanescent/SPP")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    pyplot().close(fig)


@optics_app.command("outcoupling")
def outcoupling_cmd(
    file: str = typer.Argument(REFERENCE_DEVICE, help="Device TOML file or built-in device name."),
    output: Path = typer.Option("ncled-output/outcoupling", "--output", "-o",
                                help="Output folder (JSON, CSV, PNG)."),
    wavelengths: str = typer.Option(None, help="start:stop:count [nm] (default: around the PL)."),
    n_kappa: int = typer.Option(2000, min=50, max=100_000,
                                help="In-plane-index nodes per wavelength."),
    n_depth: int = typer.Option(10, min=1, max=1000,
                                help="Uniformly spread emitter positions in the layer."),
    depth_nm: str = typer.Option(None, help="Emitter positions from the front boundary of the "
                                           "emitting layer [nm], comma list (overrides n-depth)."),
    profile: str = typer.Option(None, help="Emitter density at those positions, comma list."),
    horizontal_fraction: float = typer.Option(ISOTROPIC_HORIZONTAL_FRACTION, min=0.0, max=1.0,
                                              help="Share of horizontal dipoles (2/3 isotropic)."),
    plqy: float = typer.Option(None, min=1e-6, max=1.0,
                               help="Intrinsic PLQY (default: device file / model)."),
) -> None:
    """Outcoupling, mode fractions, Purcell factor, Lambertian correction and EL spectrum."""
    dev = load_device(file)
    wl = parse_wavelength_list(wavelengths, "--wavelengths") if wavelengths else None
    e = dev.emitter_index
    if e is None:
        raise ConfigError("the device has no layer with role = 'emitter'", source=dev.source_path)
    d_e = dev.layers[e].thickness
    pos = uniform_positions(d_e, n_depth) if depth_nm is None else \
        _floats(depth_nm, "--depth-nm") * 1e-9
    prof = None if profile is None else _floats(profile, "--profile")
    res = device_outcoupling(dev, wavelength_m=wl, position_m=pos, profile=prof, plqy=plqy,
                             horizontal_fraction=horizontal_fraction, n_kappa=n_kappa)
    s, ds = res.summary, res.dataset
    rows = [[k, v] for k, v in s.mode_fractions.items()]
    console.print(rich_table(f"{dev.name}: where the dissipated power goes", ["channel",
                                                                            "fraction"], rows))
    console.print(rich_table("absorption per layer", ["layer", "fraction"],
                             [[k, v] for k, v in s.layer_absorption.items()]))
    figs = [["outcoupling (to air)", s.outcoupling], ["Purcell factor F", s.purcell],
            ["intrinsic PLQY q", s.plqy], ["q_eff = Fq/(Fq+1-q)", s.q_eff],
            ["photons to air per exciton", s.external_yield],
            ["Lambertian correction", s.lambertian_correction],
            ["PL peak [nm]", s.pl_peak_m * 1e9], ["PL FWHM [nm]", s.pl_fwhm_m * 1e9],
            ["EL peak [nm]", s.el_peak_m * 1e9], ["EL FWHM [nm]", s.el_fwhm_m * 1e9]]
    console.print(rich_table("figures of merit", ["quantity", "value"], figs))
    output.mkdir(parents=True, exist_ok=True)
    write_json(output / "outcoupling.json", {
        "device": dev.name, "mode_fractions": s.mode_fractions,
        "layer_absorption": s.layer_absorption, "outcoupling": s.outcoupling,
        "purcell": s.purcell, "plqy": s.plqy, "q_eff": s.q_eff,
        "external_yield": s.external_yield, "lambertian_correction": s.lambertian_correction,
        "pl_peak_nm": s.pl_peak_m * 1e9, "pl_fwhm_nm": s.pl_fwhm_m * 1e9,
        "el_peak_nm": s.el_peak_m * 1e9, "el_fwhm_nm": s.el_fwhm_m * 1e9,
        "horizontal_fraction": s.horizontal_fraction, "n_kappa": n_kappa,
        "emitter_positions_nm": ds.depth.values * 1e9,
        "power_units": ds.attrs["power_units"]})
    _csv(output / "spectrum.csv", ["wavelength_nm", "pl_norm", "el_norm"],
         zip(s.wavelength_m * 1e9, s.pl_spectrum, s.el_spectrum, strict=True))
    th = np.degrees(s.theta_rad)
    _csv(output / "angular.csv", ["theta_deg", "intensity_norm", "lambertian"],
         zip(th, s.intensity, np.cos(s.theta_rad), strict=True))
    _csv(output / "modes.csv", ["channel", "fraction"], rows)
    fig, ax = pyplot().subplots(figsize=(5, 3.5))
    ax.plot(s.wavelength_m * 1e9, s.pl_spectrum, label="intrinsic PL")
    ax.plot(s.wavelength_m * 1e9, s.el_spectrum, label="EL (out to air)")
    ax.set_xlabel("wavelength [nm]")
    ax.set_ylabel("normalised")
    ax.legend()
    fig.tight_layout()
    fig.savefig(output / "spectrum.png", dpi=120)
    pyplot().close(fig)
    fig, ax = pyplot().subplots(figsize=(5, 3.5))
    ax.plot(th, s.intensity, label="device")
    ax.plot(th, np.cos(s.theta_rad), "--", label="Lambertian")
    ax.set_xlabel("angle in air [deg]")
    ax.set_ylabel("radiant intensity / on-axis")
    ax.legend()
    fig.tight_layout()
    fig.savefig(output / "angular.png", dpi=120)
    pyplot().close(fig)
    _power_map_figure(ds, output / "power_map.png")
    console.print(f"wrote {output}/outcoupling.json, spectrum.csv, angular.csv, modes.csv, "
                  "spectrum.png, angular.png, power_map.png")


def _floats(text: str, field: str) -> np.ndarray:
    try:
        return np.array([float(x) for x in text.split(",") if x.strip()])
    except ValueError:
        raise ConfigError(f"{field}: cannot read {text!r} as a comma list of numbers") from None


#: Device temperatures the thermal command takes [K]: a cryostat to 600 K (the organic ligands of
#: the films decompose near 500 K; beyond, the model's room-temperature optics mean nothing).
THERMAL_T_RANGE_K = (4.0, 600.0)


@optics_app.command("thermal")
def thermal_cmd(
    file: str = typer.Argument(REFERENCE_DEVICE, help="Device TOML file or built-in device name."),
    temperature: str = typer.Option("33C", help="Device temperature (e.g. 33C, 306 K)."),
    wavelengths: str = typer.Option("1000:10000:181", help="start:stop:count [nm]."),
    el_radiance: float = typer.Option(
        1.0, help="EL radiance to compare with [W sr^-1 m^-2] (1: the paper's lifetime start)."),
    hemispherical: bool = typer.Option(False, help="Also the hemispherical emissivity."),
    output: Path = typer.Option("ncled-output/thermal", "--output", "-o",
                                help="Output folder (JSON, CSV, PNG)."),
) -> None:
    """Kirchhoff emissivity and thermal radiance of the device next to its EL (paper Fig. 3b)."""
    dev = load_device(file)
    t_k = parse_temperature(temperature, "--temperature")
    if not THERMAL_T_RANGE_K[0] <= t_k <= THERMAL_T_RANGE_K[1]:
        raise ConfigError(f"--temperature: {t_k:g} K is outside [{THERMAL_T_RANGE_K[0]:g}, "
                          f"{THERMAL_T_RANGE_K[1]:g}] K")
    wl = parse_wavelength_list(wavelengths, "--wavelengths")
    if not el_radiance > 0:
        raise ConfigError(f"--el-radiance must be positive, got {el_radiance}")
    th = device_thermal(dev, wl, t_k, hemispherical=hemispherical)
    el = device_outcoupling(dev, n_kappa=400, wavelength_m=None).summary
    # EL spectral radiance [W sr^-1 m^-2 m^-1] with the given integral, on the thermal grid
    shape = np.interp(wl, el.wavelength_m, el.el_spectrum, left=0.0, right=0.0)
    el_spec = el_radiance * el.el_spectrum / np.trapezoid(el.el_spectrum, el.wavelength_m)
    el_on_grid = el_radiance * shape / np.trapezoid(el.el_spectrum, el.wavelength_m)
    thermal_at_peak = float(np.interp(el.el_peak_m, wl, th.thermal_radiance.values))
    ratio = float(el_spec.max() / thermal_at_peak) if thermal_at_peak > 0 else float("inf")
    console.print(rich_table(f"{dev.name} at {t_k - 273.15:.1f} C", ["quantity", "value"], [
        ["EL peak [nm]", el.el_peak_m * 1e9],
        ["EL spectral radiance at peak [W sr-1 m-2 um-1]", el_spec.max() * 1e-6],
        ["thermal radiance there [W sr-1 m-2 um-1]", thermal_at_peak * 1e-6],
        ["EL / thermal at the EL peak", ratio],
        ["emissivity at the EL peak", float(np.interp(el.el_peak_m, wl,
                                                      th.emissivity.values))]]))
    output.mkdir(parents=True, exist_ok=True)
    write_json(output / "thermal.json", {
        "device": dev.name, "temperature_k": t_k, "el_radiance_w_sr_m2": el_radiance,
        "el_peak_nm": el.el_peak_m * 1e9, "el_to_thermal_at_el_peak": ratio,
        "thermal_radiance_at_el_peak_w_sr_m2_um": thermal_at_peak * 1e-6,
        "method": th.attrs["method"]})
    cols = ["wavelength_nm", "emissivity", "blackbody_w_sr_m2_um", "thermal_w_sr_m2_um",
            "el_w_sr_m2_um"]
    data = [wl * 1e9, th.emissivity.values, th.blackbody.values * 1e-6,
            th.thermal_radiance.values * 1e-6, el_on_grid * 1e-6]
    if hemispherical:
        cols.append("emissivity_hemispherical")
        data.append(th.emissivity_hemispherical.values)
    _csv(output / "thermal.csv", cols, zip(*data, strict=True))
    fig, ax = pyplot().subplots(figsize=(5.5, 3.8))
    ax.semilogy(wl * 1e6, th.blackbody.values * 1e-6, "k:", label=f"blackbody {t_k:.0f} K")
    ax.semilogy(wl * 1e6, th.thermal_radiance.values * 1e-6, label="device thermal")
    ax.semilogy(el.wavelength_m * 1e6, el_spec * 1e-6, label="EL")
    ax.set_xlabel("wavelength [um]")
    ax.set_ylabel("spectral radiance [W sr-1 m-2 um-1]")
    ax.set_ylim(bottom=max(1e-8, float(th.thermal_radiance.values.min()) * 1e-6 + 1e-12))
    ax.legend()
    fig.tight_layout()
    fig.savefig(output / "thermal.png", dpi=120)
    pyplot().close(fig)
    console.print(f"wrote {output}/thermal.json, thermal.csv, thermal.png")
