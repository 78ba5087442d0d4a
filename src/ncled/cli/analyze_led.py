"""``ncled analyze led | lifetime | spectrum``: measured files -> JSON, tidy CSV, figures."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Annotated

import numpy as np
import typer

from ncled import __version__
from ncled.analysis.led import analyze_led_sweep
from ncled.analysis.lifetime import analyze_lifetime, extrapolate_lifetime
from ncled.analysis.measurement import led_calibration, onset_criteria
from ncled.analysis.spectra import (
    blackbody_band_radiance,
    compare_spectra,
    convert_spectrum,
    fit_gaussians_energy,
    gaussians_ev,
    planck_spectral_radiance,
    summarize_spectrum,
)
from ncled.analysis.spectrum_prep import preprocess_spectrum, spectrum_on_wavelength
from ncled.cli.apps import analyze_app
from ncled.cli.common import (
    console,
    device_pixel_area,
    err_console,
    pyplot,
    rich_table,
    write_csv,
    write_json,
)
from ncled.constants import q
from ncled.errors import ConfigError, ConvergenceError, DataFormatError
from ncled.io.measurement_config import load_measurement
from ncled.io.spectra import read_spectrum
from ncled.io.tables import read_table
from ncled.units import parse_area, parse_length, parse_temperature

OutputOpt = Annotated[Path | None, typer.Option("--output", "-o", help="Output folder.")]
MeasOpt = Annotated[Path | None, typer.Option(
    "--measurement", "-m", help="Measurement TOML (geometry, calibration, criteria).")]




def _warn(meta: dict) -> None:
    for w in meta.get("warnings", []):
        err_console.print(f"warning: {meta.get('source', '')}: {w}")


def _spectrum_wavelength(path: Path, axis_unit: str | None = None):
    """(wavelength [m], power per unit wavelength) of an EL spectrum file."""
    lam, s, _dens, meta = spectrum_on_wavelength(path, axis_unit, density=True)
    _warn(meta)
    return lam, s, meta


@analyze_app.command("led")
def analyze_led(
    file: Annotated[Path, typer.Argument(help="Sweep table: voltage, current, photocurrent "
                                              "(or optical power, radiance).")],
    measurement: MeasOpt = None,
    spectrum: Annotated[Path | None, typer.Option(
        "--spectrum", "-s", help="EL spectrum for the integrated EQE (overrides the TOML)."
    )] = None,
    pixel_area: Annotated[str | None, typer.Option(help="Pixel area, e.g. '1 mm2'.")] = None,
    responsivity: Annotated[float | None, typer.Option(help="Detector responsivity [A/W].")] = None,
    wavelength: Annotated[str | None, typer.Option(help="EL peak wavelength, e.g. 2000nm.")] = None,
    output: OutputOpt = None,
) -> None:
    """EQE (peak-wavelength and spectrally integrated), radiance, wall-plug efficiency, turn-on
    voltage and EL threshold of a current-voltage-optical power sweep."""
    cfg = load_measurement(measurement)
    upd: dict = {}
    if pixel_area is not None:
        try:
            upd["pixel_area"] = parse_area(pixel_area, "--pixel-area")
        except ValueError as exc:
            raise ConfigError(str(exc)) from None
    cfg = cfg.model_copy(update=upd)
    ds, meta = read_table(file, cfg.columns or None,
                          required=(("voltage",), ("current", "current_density"),
                                    ("photocurrent", "optical_power", "radiance")))
    _warn(meta)
    spec_path = spectrum or cfg.resolve(cfg.emission.spectrum)
    spec = None
    if spec_path is not None:
        lam, s, _ = _spectrum_wavelength(spec_path)
        spec = (lam, s)
    resp_spec = None
    if cfg.detector.responsivity_file:
        rds, rmeta = read_spectrum(cfg.resolve(cfg.detector.responsivity_file))
        if rmeta["axis"] == "point":
            raise DataFormatError(f"{rmeta['source']}: responsivity needs a spectral axis")
        from ncled.analysis.spectra import axis_to_wavelength

        resp_spec = (axis_to_wavelength(rds[rmeta["axis"]].values, rmeta["axis"]),
                     rds["intensity"].values)
    cal = replace(led_calibration(cfg, resp_spec, device_pixel_area(cfg)),
                  photocurrent_sign=cfg.detector.photocurrent_sign)
    for opt, key, value in (
            ("--responsivity", "responsivity_a_w", responsivity),
            ("--wavelength", "peak_wavelength_m",
             None if wavelength is None else parse_length(wavelength, "--wavelength", "nm"))):
        if value is not None:
            try:
                cal = replace(cal, **{key: value})
            except ConfigError as exc:
                raise ConfigError(f"{opt}: {exc}") from None
    turn_on, threshold = onset_criteria(cfg)
    res, summ = analyze_led_sweep(ds, cal, spec, turn_on, threshold, source=str(file))
    out = output or Path("ncled-output/analyze-led")
    d = summ.to_dict()
    payload = {
        "ncled_version": __version__, "command": "analyze led", "input": str(file),
        "measurement": str(measurement) if measurement else None,
        "spectrum": str(spec_path) if spec_path else None,
        "summary": {
            "peak_eqe_percent": d["peak_eqe"] * 100,
            "peak_eqe_unc_percent": d["peak_eqe_unc"] * 100,
            "peak_eqe_integrated_percent": d["peak_eqe_integrated"] * 100,
            "peak_eqe_voltage_v": d["peak_eqe_voltage_v"],
            "peak_eqe_current_density_ma_cm2": d["peak_eqe_current_density_a_m2"] / 10,
            "peak_eqe_radiance_w_sr_m2": d["peak_eqe_radiance"],
            "max_radiance_w_sr_m2": d["max_radiance"],
            "max_radiance_unc_w_sr_m2": d["max_radiance_unc"],
            "turn_on_voltage_v": d["turn_on_voltage_v"],
            "turn_on_voltage_unc_v": d["turn_on_voltage_unc_v"],
            "threshold_current_density_ma_cm2": d["threshold_current_density_a_m2"] / 10,
            "wavelength_for_eqe_nm": d["wavelength_for_eqe_m"] * 1e9,
            "mean_photon_wavelength_nm": d["mean_photon_wavelength_m"] * 1e9,
            "eqe_calibration_rel_unc": d["eqe_calibration_rel_unc"],
        },
        "criteria": {"turn_on": d["turn_on_criterion"], "threshold": d["threshold_criterion"]},
        "calibration": {"pixel_area_mm2": cal.pixel_area_m2 * 1e6,
                        "responsivity_a_w": cal.responsivity_a_w,
                        "collection_efficiency": cal.collection_efficiency,
                        "collection_efficiency_rel_unc": cal.collection_efficiency_rel_unc},
        "notes": list(d["notes"]), "reader": meta, "provenance": d["provenance"],
        "method": "Lambertian: P = pi L0, R = P/(pi S), EQE = lambda e P/(h c I) (Qu et al., "
                  "Nat. Photon. 16, 38 (2022), doi:10.1038/s41566-021-00902-y); integrated EQE "
                  "uses the power-weighted mean wavelength of the EL spectrum",
    }
    write_json(out / "led_summary.json", payload)
    write_csv(out / "led_sweep.csv", {
        "voltage_v": res.voltage.values, "current_ma": res.current.values * 1e3,
        "current_density_ma_cm2": res.current_density.values / 10,
        "power_w": res.power.values, "radiance_w_sr_m2": res.radiance.values,
        "radiance_unc_w_sr_m2": res.radiance_unc.values, "eqe_percent": res.eqe.values * 100,
        "eqe_unc_percent": res.eqe_unc.values * 100,
        "eqe_integrated_percent": res.eqe_integrated.values * 100,
        "eqe_integrated_unc_percent": res.eqe_integrated_unc.values * 100,
        "wall_plug_efficiency_percent": res.wall_plug_efficiency.values * 100})
    fig, (a1, a2) = pyplot().subplots(1, 2, figsize=(9, 3.6), constrained_layout=True)
    j = res.current_density.values / 10
    a1.semilogy(res.voltage, np.abs(j), "k-", label="|J|")
    a1.set_xlabel("voltage (V)")
    a1.set_ylabel("current density (mA cm$^{-2}$)")
    b1 = a1.twinx()
    b1.plot(res.voltage, res.radiance, "r.-")
    b1.set_ylabel("radiance (W sr$^{-1}$ m$^{-2}$)", color="r")
    if np.isfinite(summ.turn_on_voltage_v):
        a1.axvline(summ.turn_on_voltage_v, ls=":", c="gray")
    ok = res.emitting.values
    a2.errorbar(j[ok], res.eqe.values[ok] * 100, res.eqe_unc.values[ok] * 100, fmt="b.",
                label="peak-wavelength formula")
    if spec is not None:
        a2.plot(j[ok], res.eqe_integrated.values[ok] * 100, "g-", label="integrated spectrum")
    a2.set_xscale("log")
    a2.set_xlabel("current density (mA cm$^{-2}$)")
    a2.set_ylabel("EQE (%)")
    a2.legend(fontsize=8)
    fig.savefig(out / "led.png", dpi=150)
    pyplot().close(fig)
    for note in summ.notes:
        err_console.print(f"warning: {file}: {note}")
    s = payload["summary"]
    console.print(rich_table(f"LED sweep {file.name}", ["quantity", "value"], [
        ["peak EQE (%)", f"{s['peak_eqe_percent']:.4g} ± {s['peak_eqe_unc_percent']:.2g}"],
        ["peak EQE, integrated spectrum (%)", s["peak_eqe_integrated_percent"]],
        ["at J (mA/cm2)", s["peak_eqe_current_density_ma_cm2"]],
        ["max radiance (W/sr/m2)", s["max_radiance_w_sr_m2"]],
        ["turn-on voltage (V)", f"{s['turn_on_voltage_v']:.3f} ± {s['turn_on_voltage_unc_v']:.2g}"],
        ["EL threshold (mA/cm2)", s["threshold_current_density_ma_cm2"]],
    ]))
    console.print(f"wrote {out}/led_summary.json, led_sweep.csv, led.png")


@analyze_app.command("lifetime")
def analyze_lifetime_cmd(
    file: Annotated[Path, typer.Argument(help="Trace: time and radiance (or relative signal).")],
    measurement: MeasOpt = None,
    exponent: Annotated[float | None, typer.Option(
        help="Acceleration exponent n in L0^n LT = const (enables extrapolation).")] = None,
    target_radiance: Annotated[list[float] | None, typer.Option(
        help="Initial radiance(s) [W sr^-1 m^-2] to extrapolate LT to (repeatable).")] = None,
    output: OutputOpt = None,
) -> None:
    """LT90/LT70/LT50 by interpolation and by a stretched-exponential fit, with an optional
    extrapolation to other initial radiances by L0^n LT = constant."""
    cfg = load_measurement(measurement)
    ds, meta = read_table(file, cfg.columns or None,
                          required=(("time",), ("radiance", "signal", "photocurrent",
                                                "optical_power")))
    _warn(meta)
    key = next(k for k in ("radiance", "signal", "photocurrent", "optical_power") if k in ds)
    t, y = ds["time"].values, ds[key].values
    res, _ = analyze_lifetime(t, y, cfg.lifetime.fractions, source=str(file))
    n = exponent if exponent is not None else cfg.lifetime.acceleration_exponent
    targets = target_radiance or cfg.lifetime.target_radiances
    extrap = []
    if targets:
        if n is None:
            raise ConfigError("extrapolating to other radiances needs the exponent n "
                              "(--exponent or lifetime.acceleration_exponent)")
        if key != "radiance":
            raise ConfigError(f"{file}: extrapolation needs an absolute radiance column, the "
                              f"trace holds {key}")
        for f, lt, lt_u in zip(res.fractions, res.lt_fit_s, res.lt_fit_unc_s, strict=True):
            for tr in targets:
                v, u = extrapolate_lifetime(lt, res.fit_l0, tr, n, lt_u,
                                            cfg.lifetime.acceleration_exponent_unc)
                extrap.append({"fraction": f, "initial_radiance_w_sr_m2": tr,
                               "lt_h": float(v) / 3600, "lt_unc_h": float(u) / 3600,
                               "extrapolation": True})
    out = output or Path("ncled-output/analyze-lifetime")
    h = 3600.0
    payload = {
        "ncled_version": __version__, "command": "analyze lifetime", "input": str(file),
        "signal_column": key,
        "l0": res.fit_l0, "l0_units": ds[key].attrs.get("units", ""),
        "interpolated": {f"LT{f * 100:.0f}_h": v / h for f, v in
                         zip(res.fractions, res.lt_interpolated_s, strict=True)},
        "interpolated_unc": {f"LT{f * 100:.0f}_h": v / h for f, v in
                             zip(res.fractions, res.lt_interpolated_unc_s, strict=True)},
        "stretched_exponential": {
            "model": "L = L0 exp[-(t/tau)^beta] (Fery et al., APL 87, 213502 (2005), "
                     "doi:10.1063/1.2133922)",
            "l0": res.fit_l0, "tau_h": res.fit_tau_s / h, "beta": res.fit_beta,
            "stderr": {"l0": res.fit_stderr["l0"], "tau_h": res.fit_stderr["tau"] / h,
                       "beta": res.fit_stderr["beta"]},
            "success": res.fit_success, "message": res.fit_message,
            "lt_h": {f"LT{f * 100:.0f}": v / h for f, v in zip(res.fractions, res.lt_fit_s,
                                                                strict=True)},
            "lt_unc_h": {f"LT{f * 100:.0f}": v / h for f, v in
                         zip(res.fractions, res.lt_fit_unc_s, strict=True)},
        },
        "extrapolation": {"law": "L0^n LT = constant", "n": n,
                          "note": "extrapolated, not measured", "values": extrap},
        "notes": list(res.notes), "reader": meta, "provenance": res.provenance,
    }
    write_json(out / "lifetime_summary.json", payload)
    from ncled.analysis.lifetime import stretched_exponential

    t0 = t - t[0]
    model = stretched_exponential(t0, res.fit_l0, res.fit_tau_s, res.fit_beta)
    write_csv(out / "lifetime_trace.csv", {"time_h": t0 / h, key: y, "fit": model,
                                            "residual": y - model})
    fig, ax = pyplot().subplots(figsize=(5, 3.6), constrained_layout=True)
    ax.plot(t0 / h, y, "k.", ms=3, label="measured")
    ax.plot(t0 / h, model, "r-", label=f"stretched exp., beta = {res.fit_beta:.2f}")
    for f, v in zip(res.fractions, res.lt_fit_s, strict=True):
        if v <= t0[-1]:
            ax.axvline(v / h, ls=":", c="gray")
            ax.text(v / h, res.fit_l0 * f, f" LT{f * 100:.0f}", fontsize=8)
    ax.set_xlabel("time (h)")
    ax.set_ylabel(f"{key} ({ds[key].attrs.get('units', '')})")
    ax.legend(fontsize=8)
    fig.savefig(out / "lifetime.png", dpi=150)
    pyplot().close(fig)
    rows = [[f"LT{f * 100:.0f} (h)", f"{a / h:.4g} ± {au / h:.2g}", f"{b / h:.4g} ± {bu / h:.2g}"]
            for f, a, au, b, bu in zip(res.fractions, res.lt_interpolated_s,
                                       res.lt_interpolated_unc_s, res.lt_fit_s, res.lt_fit_unc_s,
                                       strict=True)]
    console.print(rich_table(f"Lifetime {file.name}", ["", "interpolated", "stretched exp."],
                             rows))
    for e in extrap:
        console.print(f"extrapolation: LT{e['fraction'] * 100:.0f} from "
                      f"{e['initial_radiance_w_sr_m2']:g} W/sr/m2 = {e['lt_h']:.3g} ± "
                      f"{e['lt_unc_h']:.2g} h (n = {n:g}; not measured)")
    console.print(f"wrote {out}/lifetime_summary.json, lifetime_trace.csv, lifetime.png")
    for note in res.notes:
        err_console.print(f"warning: {file}: {note}")
    if not res.fit_success:
        raise ConvergenceError(f"{file}: the stretched-exponential fit did not converge "
                               f"({res.fit_message}); results kept in {out}")


def _parse_windows(text: str) -> list[tuple[float, float]]:
    try:
        out = []
        for part in text.split(","):
            lo, hi = part.split(":")
            out.append((float(lo), float(hi)))
        return out
    except ValueError:
        raise ConfigError(f"--baseline: cannot read {text!r}; write lo:hi[,lo:hi] in nm, e.g. "
                          "'1500:1600,2700:2900'") from None


def _process(path: Path, axis_unit, block, windows, order, smooth, density_opt):
    lam, yc, base, density, meta = preprocess_spectrum(
        path, axis_unit=axis_unit, block=block, baseline_windows_nm=windows,
        baseline_order=order, smooth_points=smooth, density=density_opt)
    _warn(meta)
    return lam, yc, base, density, meta


@analyze_app.command("spectrum")
def analyze_spectrum(
    file: Annotated[Path, typer.Argument(help="Spectrum: text, OMNIC .spa or Bruker OPUS.")],
    reference: Annotated[Path | None, typer.Option(
        "--reference", "-r", help="Reference spectrum (e.g. PL) for shift and broadening.")] = None,
    blackbody: Annotated[str | None, typer.Option(
        help="Compare with a blackbody at this temperature, e.g. 33C.")] = None,
    measurement: MeasOpt = None,
    axis_unit: Annotated[str | None, typer.Option(
        help="Axis unit of a text file without one in its header (nm, um, cm-1, eV).")] = None,
    block: Annotated[str | None, typer.Option(help="OPUS data block (a, t, sm, e, ...).")] = None,
    baseline: Annotated[str | None, typer.Option(
        help="Baseline windows in nm, lo:hi[,lo:hi] (polynomial through them).")] = None,
    baseline_order: Annotated[int | None, typer.Option(help="Baseline order (1: line).")] = None,
    smooth: Annotated[int | None, typer.Option(
        help="Savitzky-Golay window (odd number of points); no smoothing unless given.")] = None,
    gaussians: Annotated[int | None, typer.Option(
        help="Number of Gaussians fitted in energy (0: none).")] = None,
    density: Annotated[bool | None, typer.Option(
        "--density/--no-density", help="Treat the signal as a spectral density (Jacobian); "
        "default: yes unless absorbance/transmittance/reflectance.")] = None,
    output: OutputOpt = None,
) -> None:
    """Peak, FWHM, centroid, lambda/dlambda and Gaussian fits in energy of a spectrum, with an
    optional reference (EL vs PL) and a blackbody comparison."""
    cfg = load_measurement(measurement).spectrum
    windows = _parse_windows(baseline) if baseline else [tuple(w) for w in cfg.baseline_windows_nm]
    order = baseline_order if baseline_order is not None else cfg.baseline_order
    smooth_n = smooth if smooth is not None else cfg.smooth_points
    n_g = gaussians if gaussians is not None else cfg.gaussians
    lam, y, base, dens, meta = _process(file, axis_unit, block, windows, order, smooth_n, density)
    summ = summarize_spectrum(lam, y, "wavelength", dens)
    e_j, ye = convert_spectrum(lam, y, "wavelength", "energy", dens)
    e_ev = e_j / q

    def metrics(s):
        w, en = s.wavelength, s.energy
        return {"peak_nm": w.peak * 1e9, "fwhm_nm": w.fwhm * 1e9, "centroid_nm": w.centroid * 1e9,
                "lambda_over_dlambda": s.resolving_ratio, "peak_ev": en.peak / q,
                "fwhm_mev": en.fwhm / q * 1e3, "centroid_ev": en.centroid / q,
                "peak_cm1": 1e-2 / w.peak}

    payload: dict = {"ncled_version": __version__, "command": "analyze spectrum",
                     "input": str(file), "spectral_density": dens,
                     "baseline_windows_nm": windows, "baseline_order": order if windows else None,
                     "smoothing": ({"method": "Savitzky-Golay", "window_points": smooth_n,
                                    "polyorder": 2} if smooth_n else None),
                     "metrics": metrics(summ), "reader": meta}
    fit = None
    if n_g:
        ye_max = float(np.max(ye))
        fit = fit_gaussians_energy(e_ev, ye / ye_max, n_g)
        payload["gaussians_energy"] = {
            "model": "sum of a_k exp(-(E - E_k)^2 / (2 s_k^2)) fitted to the spectrum per unit "
                     "energy, normalised to 1 at its maximum",
            "center_ev": fit.center_ev, "center_ev_err": fit.center_ev_err,
            "fwhm_mev": fit.fwhm_ev * 1e3, "fwhm_mev_err": fit.fwhm_ev_err * 1e3,
            "amplitude": fit.amplitude, "amplitude_err": fit.amplitude_err,
            "success": fit.result.success, "rms_residual": fit.result.rms}
    ref = None
    if reference is not None:
        rl, ry, _, rd, rmeta = _process(reference, axis_unit, block, windows, order, smooth_n,
                                        density)
        rs = summarize_spectrum(rl, ry, "wavelength", rd)
        ref = (rl, ry)
        payload["reference"] = {"input": str(reference), "metrics": metrics(rs),
                                "comparison": compare_spectra(summ, rs), "reader": rmeta}
    bb = None
    if blackbody is not None:
        t_k = parse_temperature(blackbody, "--blackbody")
        b = planck_spectral_radiance(lam, t_k)
        bb = b / b.max() * np.max(y)
        payload["blackbody"] = {
            "temperature_k": t_k,
            "band_radiance_w_sr_m2": blackbody_band_radiance(lam.min(), lam.max(), t_k),
            "band_nm": [lam.min() * 1e9, lam.max() * 1e9],
            "planck_peak_in_band_nm": float(lam[np.argmax(b)] * 1e9),
            "note": "blackbody (emissivity 1) radiance integrated over the measured band; the "
                    "figure shows it scaled to the spectrum's maximum"}
    out = output or Path("ncled-output/analyze-spectrum")
    write_json(out / "spectrum_summary.json", payload)
    cols = {"wavelength_nm": lam * 1e9, "signal_per_nm" if dens else "signal": y,
            "baseline": base}
    if fit is not None:
        # the fit evaluated on the wavelength grid (per eV -> per nm through the Jacobian)
        g = gaussians_ev(e_ev, **fit.result.params) * ye_max
        lam_f, g_l = convert_spectrum(e_j, g, "energy", "wavelength", dens)
        cols["gaussian_fit"] = np.interp(lam, lam_f, g_l)
    if bb is not None:
        cols["blackbody_scaled"] = bb
    write_csv(out / "spectrum.csv", cols)
    fig, ax = pyplot().subplots(figsize=(5.5, 3.6), constrained_layout=True)
    ax.plot(lam * 1e9, y, "k-", lw=1, label=file.name)
    if "gaussian_fit" in cols:
        ax.plot(lam * 1e9, cols["gaussian_fit"], "r--", lw=1, label=f"{n_g} Gaussian(s) in E")
    if ref is not None:
        ax.plot(ref[0] * 1e9, ref[1] / np.max(ref[1]) * np.max(y), "b-", lw=1,
                label=f"{reference.name} (scaled)")
    if bb is not None:
        ax.plot(lam * 1e9, bb, ":", c="orange", label=f"blackbody {blackbody} (scaled)")
    ax.set_xlabel("wavelength (nm)")
    ax.set_ylabel("signal per nm" if dens else "signal")
    ax.legend(fontsize=8)
    fig.savefig(out / "spectrum.png", dpi=150)
    pyplot().close(fig)
    m = payload["metrics"]
    rows = [["peak (nm)", m["peak_nm"]], ["FWHM (nm)", m["fwhm_nm"]],
            ["centroid (nm)", m["centroid_nm"]], ["lambda/dlambda", m["lambda_over_dlambda"]],
            ["peak (eV)", m["peak_ev"]], ["FWHM (meV)", m["fwhm_mev"]]]
    if "reference" in payload:
        cmp = payload["reference"]["comparison"]
        rows += [["shift vs reference (nm)", cmp["peak_shift_nm"]],
                 ["FWHM ratio vs reference", cmp["fwhm_ratio"]]]
    console.print(rich_table(f"Spectrum {file.name} ({meta['points']} points)",
                             ["quantity", "value"], rows))
    console.print(f"wrote {out}/spectrum_summary.json, spectrum.csv, spectrum.png")
    if fit is not None and not fit.result.success:
        raise ConvergenceError(f"{file}: the Gaussian fit did not converge "
                               f"({fit.result.message}); results kept in {out}")
