"""``ncled analyze fet | xps | trxps | transient``: measured files -> JSON, tidy CSV, figures."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import numpy as np
import typer

from ncled import __version__
from ncled.analysis.fet import analyze_transfer, composition_table, oxide_capacitance
from ncled.analysis.kinetics import load_kinetic_scheme, parallel_scheme, sequential_scheme
from ncled.analysis.target_analysis import (
    IRF,
    DataSelection,
    chirp_time_zero,
    fit_target,
    lifetime_stderr,
    pre_time_zero_weights,
    transient_rates,
)
from ncled.analysis.trxps import fit_shift_decay, fit_trxps_series, shift_sign
from ncled.analysis.xps import (
    calibrate_au4f,
    calibrate_fermi_edge,
    secondary_electron_cutoff,
    valence_band_onset,
    work_function_from_cutoff,
)
from ncled.analysis.xps_fit import Component, check_model, fit_xps
from ncled.analysis.xps_model import guess_components, load_xps_model, quantify, xps_spectra
from ncled.cli.analyze_led import _warn
from ncled.cli.apps import analyze_app
from ncled.cli.common import console, err_console, pyplot, rich_table, write_csv, write_json
from ncled.errors import ConfigError, ConvergenceError, DataFormatError
from ncled.io.fet import read_fet
from ncled.io.transient import read_transient, read_trxps_matrix
from ncled.io.vamas import read_vamas
from ncled.io.xps_text import read_xps_text
from ncled.units import parse_length, parse_quantity

OutputOpt = Annotated[Path | None, typer.Option("--output", "-o", help="Output folder.")]




def _floats(text: str, field: str) -> list[float]:
    try:
        return [float(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise ConfigError(f"{field}: cannot read {text!r}; give comma-separated numbers") from None


def _capacitance(text: str) -> float:
    """'2 uF/cm2' -> F/m^2."""
    return parse_quantity(text, "capacitance_per_area", "--capacitance")


# ------------------------------------------------------------------------------------- FET

@analyze_app.command("fet")
def analyze_fet(
    files: Annotated[list[Path], typer.Argument(help="Transfer-curve files (.xls, .csv, .txt).")],
    length: Annotated[str, typer.Option(help="Channel length, e.g. '15 um'.")],
    width: Annotated[str, typer.Option(help="Channel width, e.g. '50 um'.")],
    oxide: Annotated[str | None, typer.Option(help="Gate-oxide thickness, e.g. '85 nm'.")] = None,
    eps: Annotated[float, typer.Option(help="Oxide relative permittivity (SiO2: 3.9).")] = 3.9,
    capacitance: Annotated[str | None, typer.Option(
        help="Gate capacitance per area instead of an oxide, e.g. '2 uF/cm2' (electrolyte).")
    ] = None,
    vds: Annotated[float | None, typer.Option(help="Drain bias [V] if the file lacks it.")] = None,
    composition: Annotated[str | None, typer.Option(
        help="Comma list, one composition per file (e.g. HgTe fraction) for the table.")] = None,
    output: OutputOpt = None,
) -> None:
    """Neutrality point, electron/hole mobilities, on/off, leakage and hysteresis."""
    out = output or Path("ncled-output/fet")
    if (oxide is None) == (capacitance is None):
        raise ConfigError("give exactly one of --oxide (thickness, with --eps) or --capacitance")
    cap = (float(oxide_capacitance(parse_length(oxide, "--oxide", "nm"), eps)) if oxide
           else _capacitance(capacitance))
    comps = _floats(composition, "--composition") if composition else list(range(len(files)))
    if len(comps) != len(files):
        raise ConfigError(f"--composition has {len(comps)} values for {len(files)} files")
    lm, wm = parse_length(length, "--length", "um"), parse_length(width, "--width", "um")
    results, rows, summary = {}, [], {}
    fig, (ax1, ax2) = pyplot().subplots(1, 2, figsize=(10, 4))
    for path, comp in zip(files, comps, strict=True):
        ds, _meta = read_fet(path, vds)
        _warn(_meta)
        v_ds = ds.attrs["drain_voltage_v"]
        if not np.isfinite(v_ds):
            raise ConfigError(f"{path}: the drain bias is not in the file; give --vds")
        a = analyze_transfer(ds["gate_voltage"].values, ds["drain_current"].values,
                             length_m=lm, width_m=wm, capacitance_f_m2=cap, drain_voltage_v=v_ds,
                             gate_current=ds["gate_current"].values)
        results[comp] = a
        for w in a.warnings:
            err_console.print(f"warning: {path}: {w}")
        summary[str(path)] = {
            "composition": comp, "hysteresis_v": a.hysteresis_v,
            "gate_current_estimated": bool(ds.attrs["gate_current_estimated"]),
            "sweeps": [{"direction": s.direction, "neutrality_voltage_v": s.neutrality_voltage_v,
                        "electron_mobility_cm2_vs": s.electron_mobility_m2_vs * 1e4,
                        "hole_mobility_cm2_vs": s.hole_mobility_m2_vs * 1e4,
                        "on_off_ratio": s.on_off_ratio,
                        "max_gate_leakage_ratio": s.max_gate_leakage_ratio,
                        "leakage_ok": s.leakage_ok} for s in a.sweeps],
            "warnings": list(a.warnings), "provenance": a.provenance}
        for s in a.sweeps:
            rows.append([path.name, s.direction, s.neutrality_voltage_v,
                         s.electron_mobility_m2_vs * 1e4, s.hole_mobility_m2_vs * 1e4,
                         s.on_off_ratio])
            write_csv(out / f"{path.stem}_{s.direction}.csv",
                 {"gate_voltage_v": s.gate_voltage, "drain_current_a": s.drain_current,
                  "transconductance_a_v": s.transconductance})
            ax1.semilogy(s.gate_voltage, np.abs(s.drain_current), label=f"{path.stem} "
                         f"{s.direction}")
            ax2.plot(s.gate_voltage, s.transconductance * 1e6)
    ax1.set(xlabel="gate voltage (V)", ylabel="|I_D| (A)")
    ax1.legend(fontsize=7)
    ax2.set(xlabel="gate voltage (V)", ylabel="transconductance (uA/V)")
    out.mkdir(parents=True, exist_ok=True)
    fig.tight_layout()
    fig.savefig(out / "fet_transfer.png", dpi=120)
    pyplot().close(fig)
    table = composition_table(results)
    write_csv(out / "fet_composition.csv",
         {"composition": table["composition"].values,
          "neutrality_voltage_v": table["neutrality_voltage"].values,
          "electron_mobility_cm2_vs": table["electron_mobility"].values * 1e4,
          "hole_mobility_cm2_vs": table["hole_mobility"].values * 1e4,
          "mobility_ratio": table["mobility_ratio"].values,
          "hysteresis_v": table["hysteresis"].values})
    if len(files) > 1:
        fig, ax = pyplot().subplots(figsize=(5, 4))
        ax.plot(table["composition"], table["mobility_ratio"], "o-", label="mu_e / mu_h")
        ax2b = ax.twinx()
        ax2b.plot(table["composition"], table["neutrality_voltage"], "s--", color="C1")
        ax.set(xlabel="composition", ylabel="mobility ratio")
        ax2b.set_ylabel("neutrality point (V)")
        fig.tight_layout()
        fig.savefig(out / "fet_composition.png", dpi=120)
        pyplot().close(fig)
    write_json(out / "fet.json", {"ncled_version": __version__, "capacitance_f_m2": cap,
                                  "length_m": lm, "width_m": wm, "files": summary})
    console.print(rich_table("FET transfer curves", ["file", "sweep", "V_NP (V)",
                                                     "mu_e (cm2/Vs)", "mu_h (cm2/Vs)",
                                                     "on/off"], rows))
    console.print(f"results written to {out}")


# ------------------------------------------------------------------------------------- XPS

@analyze_app.command("xps")
def analyze_xps(
    file: Annotated[Path, typer.Argument(help="VAMAS .vms or two-column text export.")],
    region: Annotated[str | None, typer.Option(help="VAMAS region, e.g. 'Fe 2p'.")] = None,
    model: Annotated[Path | None, typer.Option(
        help="TOML model: [[component]] tables with the words of the Python API "
             "(docs/analysis.md).")] = None,
    peaks: Annotated[str | None, typer.Option(help="Start centres [eV] of free peaks.")] = None,
    shape: Annotated[str | None, typer.Option(
        help="Line shape of --peaks (default pseudo_voigt).")] = None,
    background: Annotated[str | None, typer.Option(
        help="shirley (default), shirley_joint, tougaard, tougaard_joint, linear, polynomial, "
             "none; overrides the model file's.")] = None,
    energy_range: Annotated[str | None, typer.Option(help="Fit window 'lo:hi' [eV BE].")] = None,
    au4f: Annotated[bool, typer.Option(help="Calibrate: fit Au 4f, shift 4f7/2 to 84.0 eV.")
                    ] = False,
    calibrate: Annotated[str | None, typer.Option(
        help="'au4f' (as --au4f) or 'fermi-edge': fit the Fermi edge of --reference-region "
             "(a region of FILE) or --reference-file and shift every region by it (E_F = 0 eV)."
    )] = None,
    reference_region: Annotated[str | None, typer.Option(
        help="Region holding the Fermi edge for --calibrate fermi-edge.")] = None,
    reference_file: Annotated[Path | None, typer.Option(
        help="File holding the Fermi edge for --calibrate fermi-edge (its first region, or "
             "--reference-region).")] = None,
    scale: Annotated[str | None, typer.Option(help="Text files: 'binding' or 'kinetic'.")] = None,
    hv: Annotated[float | None, typer.Option(help="Photon energy [eV] for kinetic files.")
                  ] = None,
    work_function: Annotated[float, typer.Option(help="Spectrometer work function [eV].")
                             ] = 0.0,
    edge: Annotated[str | None, typer.Option(
        help="Energy levels instead of peaks: 'vb' (valence-band onset below E_F) or 'cutoff' "
             "(secondary-electron cutoff -> work function; needs --hv and --fermi-ke).")] = None,
    fermi_ke: Annotated[float | None, typer.Option(
        help="Kinetic energy of E_F on the same (biased) scale as the cutoff [eV].")] = None,
    output: OutputOpt = None,
) -> None:
    """Fit XPS regions (backgrounds, line shapes, doublets, constrained components), or find the
    valence-band onset / secondary-electron cutoff (``--edge``). A fit that does not converge
    exits with 3 after writing its partial results."""
    out = output or Path("ncled-output/xps")
    if edge is not None:
        _xps_edge(file, edge, region, scale, hv, work_function, fermi_ke, out)
        return
    spectra = xps_spectra(file, region=region, scale=scale, photon_energy_ev=hv,
                          work_function_ev=work_function)
    method = calibrate or ("au4f" if au4f else None)
    if method not in (None, "au4f", "fermi-edge") or (au4f and method != "au4f"):
        raise ConfigError(f"--calibrate {calibrate!r}: use 'au4f' or 'fermi-edge' (and --au4f "
                          "only with au4f)")
    calibration = None
    if method == "fermi-edge":
        if reference_region is None and reference_file is None:
            raise ConfigError("--calibrate fermi-edge needs --reference-region (a region of "
                              "FILE) or --reference-file holding the Fermi edge of a metal")
        ref_name, ref_be, ref_y = xps_spectra(
            reference_file or file, region=reference_region, scale=scale,
            photon_energy_ev=hv, work_function_ev=work_function)[0]
        calibration = calibrate_fermi_edge(ref_be, ref_y)
        spectra = [(n, calibration.apply(be), y) for n, be, y in spectra
                   if reference_file is not None or n != ref_name]
        console.print(f"Fermi edge of {ref_name}: measured at {calibration.measured_ev:.4f} +/- "
                      f"{calibration.shift_stderr_ev:.4f} eV; every region shifted by "
                      f"{calibration.shift_ev:+.4f} eV")
    xmodel = load_xps_model(model) if model else None
    if xmodel is not None and (peaks is not None or shape is not None):
        raise ConfigError("--peaks and --shape describe peaks; the --model file already does "
                          "(give one or the other)")
    opts = dict(xmodel.options) if xmodel else {}
    if background is not None:
        if "background" in opts and opts["background"] != background:
            err_console.print(f"note: --background {background} replaces the model file's "
                              f"{opts['background']!r}")
        opts["background"] = background
    opts.setdefault("background", "shirley")
    if energy_range:
        vals = _floats(energy_range.replace(":", ","), "--energy-range")
        if len(vals) != 2:
            raise ConfigError("--energy-range: write 'lo:hi' in eV")
        opts["energy_range_ev"] = (vals[0], vals[1])
    centers = _floats(peaks, "--peaks") if peaks else None
    # the model (or the shape of the --peaks) is checked once, before any region is fitted
    check_model(xmodel.components if xmodel else [
        Component("--shape", center=0.0, shape=shape or "pseudo_voigt")], opts["background"],
        source=str(model) if model else None)
    report, rows, failed, unconverged = {}, [], [], []
    for name, be, y in spectra:
        safe = "".join(ch if ch.isalnum() else "_" for ch in name)
        try:
            if method == "au4f":
                cal = calibrate_au4f(be, y, background=opts["background"])
                fit = cal.fit
                report[name] = {"calibration_shift_ev": cal.shift_ev,
                                "calibration_stderr_ev": cal.shift_stderr_ev,
                                "au4f72_measured_ev": cal.measured_ev,
                                "effective_work_function_ev": work_function - cal.shift_ev}
            else:
                comps = xmodel.components if xmodel else guess_components(
                    be, y, centers, shape=shape or "pseudo_voigt")
                fit = fit_xps(be, y, comps, **opts)
                report[name] = {}
        except ConfigError as exc:
            failed.append(f"{name}: {exc}")
            err_console.print(f"warning: region {name}: {exc}")
            continue
        for w in fit.warnings:
            err_console.print(f"warning: region {name}: {w}")
        if not fit.success:
            unconverged.append(f"{name}: {fit.message}")
        report[name].update({"success": fit.success, "message": fit.message,
                             "redchi": fit.redchi, "undetermined": list(fit.undetermined),
                             "parameters": {k: {"value": v[0], "stderr": v[1], "kind": v[2]}
                                            for k, v in fit.parameters.items()},
                             "provenance": fit.provenance})
        if xmodel and xmodel.sensitivity:
            areas = {c: fit.value(f"{c}.area") for c in fit.component_names}
            errs = {c: fit.stderr(f"{c}.area") for c in fit.component_names}
            report[name]["atomic_fraction"] = {
                k: {"value": v, "stderr": e}
                for k, (v, e) in quantify(areas, xmodel.sensitivity, errs).items()}
        for k, v in fit.parameters.items():
            rows.append([name, k, v[0], v[1], v[2]])
        cols = {"binding_energy_ev": fit.binding_ev, "intensity": fit.intensity,
                "background": fit.background, "model": fit.model}
        cols.update({f"component_{c}": fit.components[i]
                     for i, c in enumerate(fit.component_names)})
        write_csv(out / f"xps_{safe}.csv", cols)
        fig, ax = pyplot().subplots(figsize=(6, 4))
        ax.plot(fit.binding_ev, fit.intensity, ".", ms=2, color="k", label="data")
        ax.plot(fit.binding_ev, fit.background, "--", color="grey", label=opts["background"])
        for i, c in enumerate(fit.component_names):
            ax.plot(fit.binding_ev, fit.background + fit.components[i], lw=1, label=c)
        ax.plot(fit.binding_ev, fit.model, "r", lw=1, label="model")
        ax.invert_xaxis()
        ax.set(xlabel="binding energy (eV)", ylabel="counts", title=name)
        ax.legend(fontsize=7)
        fig.tight_layout()
        fig.savefig(out / f"xps_{safe}.png", dpi=120)
        pyplot().close(fig)
    write_json(out / "xps.json", {"ncled_version": __version__, "file": str(file),
                                  "model": str(model) if model else None,
                                  "calibration": None if calibration is None else {
                                      **calibration.summary(),
                                      "reference": str(reference_file or file),
                                      "reference_region": reference_region},
                                  "regions": report, "failed": failed})
    console.print(rich_table(f"XPS fit: {file.name}", ["region", "parameter", "value",
                                                         "stderr", "kind"], rows))
    console.print(f"results written to {out}")
    if failed:
        raise ConfigError([*failed, f"partial results kept in {out}"])
    if unconverged:
        raise ConvergenceError("; ".join(unconverged) + f" (results kept in {out})")


def _xps_edge(file, edge, region, scale, hv, work_function, fermi_ke, out) -> None:
    """Valence-band onset (binding energy) or cutoff + work function (kinetic energy)."""
    if edge not in ("vb", "cutoff"):
        raise ConfigError(f"--edge {edge!r}: use 'vb' or 'cutoff'")
    if edge == "vb":
        (name, be, y), *_ = xps_spectra(file, region=region, scale=scale, photon_energy_ev=hv,
                                        work_function_ev=work_function)
        res = valence_band_onset(be, y)
        payload = {"valence_band_onset_ev": res.onset_ev, "stderr_ev": res.onset_stderr_ev,
                   "edge_window_ev": res.edge_window_ev}
        x, xlabel = be, "binding energy (eV)"
    else:
        if hv is None or fermi_ke is None:
            raise ConfigError("--edge cutoff needs --hv (photon energy) and --fermi-ke (E_F on "
                              "the same kinetic-energy scale, e.g. from a gold reference)")
        if file.suffix.lower() == ".vms":
            from ncled.io.vamas import find_block

            blocks, vmeta = read_vamas(file)
            _warn(vmeta)
            b = find_block(blocks, region) if region else blocks[0]
            name, x, y = b.name, b.abscissa, b.intensity
        else:
            ds, tmeta = read_xps_text(file, scale="kinetic", photon_energy_ev=hv)
            _warn(tmeta)
            name, x, y = file.stem, ds["energy"].values, ds["intensity"].values
        res = secondary_electron_cutoff(x, y)
        wf = float(work_function_from_cutoff(hv, fermi_ke, res.onset_ev))
        payload = {"cutoff_kinetic_ev": res.onset_ev, "stderr_ev": res.onset_stderr_ev,
                   "work_function_ev": wf, "photon_energy_ev": hv, "fermi_kinetic_ev": fermi_ke}
        xlabel = "kinetic energy (eV)"
    fig, ax = pyplot().subplots(figsize=(6, 4))
    ax.plot(x, y, ".", ms=2, color="k")
    ax.axvline(res.onset_ev, color="r")
    ax.set(xlabel=xlabel, ylabel="counts", title=f"{name}: {edge} {res.onset_ev:.3f} eV")
    out.mkdir(parents=True, exist_ok=True)
    fig.tight_layout()
    fig.savefig(out / f"xps_edge_{edge}.png", dpi=120)
    pyplot().close(fig)
    write_csv(out / f"xps_edge_{edge}.csv", {"energy_ev": x, "intensity": y})
    write_json(out / "xps_edge.json", {"ncled_version": __version__, "file": str(file),
                                       "region": name, "edge": edge, **payload})
    console.print(f"{name}: " + ", ".join(f"{k} = {v:.4g}" for k, v in payload.items()
                                          if isinstance(v, float)))
    console.print(f"results written to {out}")


# ------------------------------------------------------------------------------------- TrXPS

@analyze_app.command("trxps")
def analyze_trxps(
    file: Annotated[Path, typer.Argument(help="Matrix: first row BE [eV], first column delay.")],
    centers: Annotated[str, typer.Option(help="Start centres of the two Gaussians [eV].")
                       ] = "100.39,100.97",
    delay_unit: Annotated[str, typer.Option(help="Unit of the delays in the file.")] = "ns",
    resolution: Annotated[float, typer.Option(help="Time resolution FWHM [ns].")] = 30.0,
    output: OutputOpt = None,
) -> None:
    """Batched two-Gaussian fit of a TrXPS series: shift vs delay, its sign and decay."""
    out = output or Path("ncled-output/trxps")
    c = _floats(centers, "--centers")
    if len(c) != 2:
        raise ConfigError("--centers: give two start centres, e.g. '100.39,100.97'")
    ds, tmeta = read_trxps_matrix(file, delay_unit)
    _warn(tmeta)
    d = ds["delay"].values
    res = fit_trxps_series(ds["binding_energy"].values, ds["counts"].values, d, (c[0], c[1]))
    sign, text = shift_sign(res.shift_ev, res.shift_stderr_ev, d, res.reference_stderr_ev,
                            3 * resolution * 1e-9)
    try:
        dec = fit_shift_decay(d, res.shift_ev, res.shift_stderr_ev,
                              resolution_fwhm_s=resolution * 1e-9)
        decay = {"amplitude_mev": dec.amplitude_ev * 1e3,
                 "amplitude_stderr_mev": dec.amplitude_stderr_ev * 1e3,
                 "tau_ns": dec.tau_s * 1e9, "tau_stderr_ns": dec.tau_stderr_s * 1e9,
                 "t0_ns": dec.t0_s * 1e9, "redchi": dec.redchi, "success": dec.success}
    except ConfigError as exc:
        dec, decay = None, {"error": str(exc)}
    failed = [{"index": int(i), "delay_ns": float(d[i] * 1e9), "message": res.message[i]}
              for i in res.failed]
    write_csv(out / "trxps_shift.csv", {"delay_ns": d * 1e9, "shift_mev": res.shift_ev * 1e3,
                                   "shift_stderr_mev": res.shift_stderr_ev * 1e3,
                                   "center1_ev": res.batch.value("center1"),
                                   "center2_ev": res.batch.value("center2"),
                                   "converged": res.success.astype(int)})
    fig, ax = pyplot().subplots(figsize=(6, 4))
    ax.errorbar(d * 1e9, res.shift_ev * 1e3, res.shift_stderr_ev * 1e3, fmt="o", ms=3)
    if dec is not None:
        ax.plot(d * 1e9, dec.model_ev * 1e3, "r")
    ax.set(xlabel="delay (ns)", ylabel="binding-energy shift (meV)", title=text[:60])
    out.mkdir(parents=True, exist_ok=True)
    fig.tight_layout()
    fig.savefig(out / "trxps_shift.png", dpi=120)
    pyplot().close(fig)
    write_json(out / "trxps.json", {
        "ncled_version": __version__, "file": str(file), "n_spectra": int(d.size),
        "shared_sigmas_ev": res.sigmas_ev, "reference_centers_ev": res.reference_centers_ev,
        "sign": sign, "interpretation": text, "decay": decay, "failed_spectra": failed,
        "provenance": res.provenance})
    console.print(f"{d.size} spectra, {len(failed)} not converged; {text}")
    if dec is not None:
        console.print(f"decay: {decay['amplitude_mev']:.3g} meV, tau {decay['tau_ns']:.3g} +/- "
                      f"{decay['tau_stderr_ns']:.2g} ns")
    console.print(f"results written to {out}")
    if failed:
        raise ConvergenceError("; ".join(f"spectrum {f['index']} (delay {f['delay_ns']:.4g} "
                                         f"ns): {f['message']}" for f in failed)
                               + f"; partial results kept in {out}")


# ------------------------------------------------------------------------------------- transient

def _windows(text: str | None, field: str) -> list[tuple[float, float]]:
    """'lo:hi[,lo:hi]' -> [(lo, hi)]."""
    if not text:
        return []
    out = []
    for part in text.split(","):
        vals = _floats(part.replace(":", ","), field)
        if len(vals) != 2:
            raise ConfigError(f"{field}: cannot read {part!r}; write lo:hi[,lo:hi]")
        out.append((vals[0], vals[1]))
    return out


@analyze_app.command("transient")
def analyze_transient(
    file: Annotated[Path, typer.Argument(help="glotaran .ascii or delay x wavelength matrix.")],
    lifetimes: Annotated[str, typer.Option(
        help="Start lifetimes [ps], one per species; '=30' fixes one, 'inf' is a step.")
                         ] = "0.3,3,30,1000",
    scheme: Annotated[str, typer.Option(
        help="parallel (DAS), sequential (EAS: A -> B -> ... -> ground), or a TOML file of a "
             "target scheme (species, transfers, rates_per_ps; docs/analysis.md).")
                      ] = "parallel",
    irf: Annotated[float, typer.Option(help="Start IRF FWHM [ps].")] = 0.1,
    t0: Annotated[float, typer.Option(help="Start time zero [ps].")] = 0.0,
    chirp: Annotated[Path | None, typer.Option(
        help="Time-zero polynomial in wavelength [nm] -> ps (numpy.polyval order).")] = None,
    dispersion: Annotated[int, typer.Option(
        help="Fit a time-zero polynomial of this order about --dispersion-center.")] = 0,
    dispersion_center: Annotated[float | None, typer.Option(
        help="Reference wavelength of the fitted dispersion [nm] (default: mid range).")
                                 ] = None,
    delay_range: Annotated[str | None, typer.Option(help="Delay window 'lo:hi' [ps].")] = None,
    wavelength_range: Annotated[str | None, typer.Option(help="'lo:hi' [nm].")] = None,
    exclude: Annotated[str | None, typer.Option(
        help="Wavelength bands left out, 'lo:hi[,lo:hi]' [nm] (pump scatter).")] = None,
    bin_wavelengths: Annotated[int, typer.Option("--bin", help="Average N adjacent wavelengths."
                                                 )] = 1,
    background: Annotated[bool, typer.Option(
        help="Subtract each wavelength's mean signal before time zero.")] = False,
    time_unit: Annotated[str, typer.Option(help="Delay unit in the file.")] = "ps",
    output: OutputOpt = None,
) -> None:
    """Global and target analysis: shared rates, decay-, evolution- and species-associated
    spectra, residual map and SVD. A fit that does not converge exits with 3."""
    out = output or Path("ncled-output/transient")
    ds, meta = read_transient(file, time_unit)
    _warn(meta)  # wavelength columns with overflow markers/NaN, dropped by the reader
    n_left_out = len(meta.get("dropped_wavelengths_m", []))
    wl = ds["wavelength"].values
    sig = ds["signal"].values
    missing = ~np.isfinite(sig).all(axis=0)
    if missing.all():
        raise DataFormatError(f"{file}: no wavelength column without missing values")
    if scheme in ("parallel", "sequential"):
        rates = transient_rates(lifetimes, 1e-12)
        species = [f"S{k + 1}" for k in range(len(rates))]
        ksch = (parallel_scheme if scheme == "parallel" else sequential_scheme)(species, rates)
    elif scheme.lower().endswith(".toml"):
        ksch = load_kinetic_scheme(Path(scheme))
        species = list(ksch.species)
    else:
        raise ConfigError(f"--scheme {scheme!r}: use 'parallel', 'sequential' or a .toml file")
    chirp_t0 = None if chirp is None else chirp_time_zero(chirp, wl)
    if dispersion < 0 or (dispersion and chirp is not None):
        raise ConfigError("--dispersion: give an order >= 1, and not together with --chirp")
    d_range = _windows(delay_range, "--delay-range")
    w_range = _windows(wavelength_range, "--wavelength-range")
    bands = [(lo * 1e-9, hi * 1e-9) for lo, hi in _windows(exclude, "--exclude")]
    bands += [(w, w) for w in wl[missing]]  # columns with missing values are left out
    sel = DataSelection(
        delay_s=(d_range[0][0] * 1e-12, d_range[0][1] * 1e-12) if d_range else None,
        wavelength_m=(w_range[0][0] * 1e-9, w_range[0][1] * 1e-9) if w_range else None,
        exclude_m=tuple(bands), bin_wavelengths=bin_wavelengths,
        background="pre_time_zero" if background else "none")
    disp_c = (dispersion_center * 1e-9 if dispersion_center is not None
              else 0.5 * (wl.min() + wl.max()))
    model_irf = IRF(center_s=t0 * 1e-12, fwhm_s=irf * 1e-12, chirp_t0_s=chirp_t0,
                    dispersion_center_m=disp_c if dispersion else None,
                    dispersion_coefficients_s=(0.0,) * dispersion,
                    fit_dispersion=bool(dispersion))
    t_all = ds["delay"].values
    sig = np.where(missing[None, :], 0.0, sig)
    weights = pre_time_zero_weights(t_all, sig, sel, t0 * 1e-12, irf * 1e-12)
    res = fit_target(t_all, wl, sig, ksch, model_irf, selection=sel, weights=weights)
    wl_nm = res.wavelength_m * 1e9
    cols = {"wavelength_nm": wl_nm}
    for name, arr in (("das", res.das), ("das_stderr", res.das_stderr), ("eas", res.eas),
                      ("eas_stderr", res.eas_stderr), ("sas", res.sas),
                      ("sas_stderr", res.sas_stderr)):
        cols.update({f"{name}_{k + 1}": arr[k] for k in range(arr.shape[0])})
    write_csv(out / "transient_spectra.csv", cols)
    write_csv(out / "transient_svd.csv", {
        "index": np.arange(1, res.svd_data.size + 1), "singular_value_data": res.svd_data,
        "singular_value_residual": res.svd_residual})
    fig, ((ax1, ax2), (ax3, ax4)) = pyplot().subplots(2, 2, figsize=(10, 7))
    for k, tau in enumerate(res.lifetimes_s):
        ax1.plot(wl_nm, res.das[k], label=f"{tau * 1e12:.3g} ps")
    ax1.set(xlabel="wavelength (nm)", ylabel="DAS")
    ax1.legend(fontsize=7)
    for k, s in enumerate(species):
        ax2.plot(wl_nm, res.sas[k], label=s)
    ax2.set(xlabel="wavelength (nm)", ylabel="SAS" if scheme != "sequential" else "EAS = SAS")
    ax2.legend(fontsize=7)
    for j in np.linspace(0, wl_nm.size - 1, 4).astype(int):
        ax3.plot(res.time_s * 1e12, res.data[:, j], ".", ms=2)
        ax3.plot(res.time_s * 1e12, res.fit[:, j], lw=1)
    ax3.set(xscale="symlog", xlabel="delay (ps)", ylabel="signal")
    lim = float(np.max(np.abs(res.residual))) or 1.0
    ax4.pcolormesh(wl_nm, res.time_s * 1e12, res.residual, cmap="RdBu_r", vmin=-lim,
                   vmax=lim, shading="auto")
    ax4.set(yscale="symlog", xlabel="wavelength (nm)", ylabel="delay (ps)", title="residual")
    fig.tight_layout()
    fig.savefig(out / "transient_das.png", dpi=120)
    pyplot().close(fig)
    write_json(out / "transient.json", {
        "ncled_version": __version__, "file": str(file), "format": meta["format"],
        "scheme": scheme, "rates_per_ps": {k: v * 1e-12 for k, v in res.rates.items()},
        "rates_stderr_per_ps": {k: v * 1e-12 for k, v in res.rates_stderr.items()},
        "lifetimes_ps": res.lifetimes_s * 1e12,
        "lifetimes_stderr_ps": lifetime_stderr(res) * 1e12,
        "t0_ps": res.irf_center_s * 1e12, "irf_fwhm_ps": res.irf_fwhm_s * 1e12,
        "dispersion_ps": [c * 1e12 for c in res.dispersion_coefficients_s],
        "irf_stderr_ps": {k.removesuffix("_s"): v * 1e12 for k, v in res.irf_stderr.items()},
        "redchi": res.redchi, "success": res.success, "message": res.message,
        "undetermined": list(res.undetermined),
        "dropped_wavelengths": int(wl.size - res.wavelength_m.size) + n_left_out,
        "noise_weighted": weights is not None, "chirp_corrected": chirp is not None,
        "provenance": res.provenance})
    rows = [[k, f"{v * 1e-12:.4g}", f"{res.rates_stderr[k] * 1e-12:.2g}",
             f"{1e12 / v:.4g}" if v > 0 else "inf"] for k, v in res.rates.items()]
    console.print(rich_table(f"Target analysis ({scheme}): {file.name}",
                             ["rate", "value (1/ps)", "stderr (1/ps)", "lifetime (ps)"], rows))
    console.print(f"IRF {res.irf_fwhm_s * 1e12:.3g} ps, t0 {res.irf_center_s * 1e12:.3g} ps; "
                  f"{wl.size - res.wavelength_m.size + n_left_out} wavelengths left out; results "
                  f"written to {out}")
    for u in res.undetermined:
        err_console.print(f"warning: {file}: rate {u} is not determined by the data")
    if not res.success:
        raise ConvergenceError(f"{file}: the fit did not converge ({res.message}); results "
                               f"kept in {out}")
