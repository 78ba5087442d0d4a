"""``ncled simulate [FILE]``: the LED model on a device file (the reference device by default)."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import numpy as np
import typer

from ncled.cli.apps import app
from ncled.device.config import LIMITS, REFERENCE_DEVICE, builtin_devices, load_device
from ncled.device.paper import QU2022, model_in_paper_units
from ncled.errors import ConfigError, ConvergenceError

DEFAULT_OUTPUT = Path("ncled-output/simulate")
#: Paper key -> display format of the model's value (in the paper's unit).
_FORMATS = {
    "turn_on_v": "{:.2f}", "el_threshold_ma_cm2": "{:.3g}", "peak_eqe_percent": "{:.3g}",
    "radiance_900": "{:.3g}", "max_radiance": "{:.3g}", "best_hgte_fraction": "{:.2f}",
    "eqe_ratio_2p3_2p0": "{:.2f}", "pixel_temperature_c_7ma": "{:.1f}", "el_peak_nm": "{:.0f}",
}


def _display(paper_key: str, summary: dict) -> str:
    """The model's value of a paper figure in the paper's unit (display only)."""
    value = model_in_paper_units(paper_key, summary)
    if value is None:
        return "-"
    if not math.isfinite(value):
        return "n/a (outside the sweep)"
    return _FORMATS[paper_key].format(value)


def _paper(value) -> str:
    return value if isinstance(value, str) else f"{value:g}"


def _write_tidy_csv(ds, path: Path) -> None:
    from ncled.cli.common import write_csv

    cols = ["internal_bias", "current_density", "radiance", "radiance_on_axis",
            "radiance_collected", "eqe", "charge_balance", "radiative_efficiency",
            "wall_plug_efficiency", "pixel_temperature"]
    write_csv(path, {"voltage [V]": ds.voltage.values,
                     **{f"{c} [{ds[c].attrs['units']}]": ds[c].values for c in cols}})


def _variant(name: str):
    devices = builtin_devices()
    return load_device(devices[name]) if name in devices else None


def _device_outputs(result, volts, output: Path, figures_out: bool, title: str) -> None:
    """result.nc, sweep.csv and (``figures_out``) the device's figures."""
    from ncled.cli.common import write_netcdf

    ds = result.dataset
    write_netcdf(ds, output / "result.nc")
    _write_tidy_csv(ds, output / "sweep.csv")
    if figures_out:
        from ncled.cli import figures

        figures.jv_radiance(ds, output / "jv_radiance.png", title)
        figures.eqe_j(ds, output / "eqe_j.png", title)
        vs = [float(volts[0]), float(volts[len(volts) // 2]), float(volts[-1])]
        figures.band_diagram(ds, output / "band_diagram.png", vs, title)
        figures.spectrum(ds, output / "spectrum.png", title)


class _Background:
    """One function call in a forked worker process (:meth:`result` waits for it and returns
    its value or raises its error; :meth:`close` ends the worker)."""

    def __init__(self, fn, *args) -> None:
        import multiprocessing

        self._pool = multiprocessing.get_context("fork").Pool(1)
        self._job = self._pool.apply_async(fn, args)

    def result(self):
        return self._job.get()

    def close(self) -> None:
        self._pool.terminate()
        self._pool.join()


def _start(fn, *args) -> _Background | None:
    """``fn(*args)`` started in a second process, or None where processes cannot fork (the
    caller then runs it in its own process) or on a single core."""
    import multiprocessing
    import os

    if "fork" not in multiprocessing.get_all_start_methods() or (os.cpu_count() or 1) < 2:
        return None
    return _Background(fn, *args)


@app.command("simulate")
def simulate(
    file: str = typer.Argument(REFERENCE_DEVICE, help="Device TOML file or built-in device name."),
    voltage_stop: float = typer.Option(None, min=LIMITS["voltage"][0], max=LIMITS["voltage"][1],
                                       help="Last bias of the sweep [V] (file's drive)."),
    voltage_points: int = typer.Option(None, min=2, max=2001,
                                       help="Number of biases (file's drive)."),
    studies: bool = typer.Option(None, "--studies/--no-studies",
                                 help="Also run the emitter-composition study (and, for the "
                                 "built-in reference, the 2.3 um variant). Default: on for the "
                                 "built-in reference device only."),
    figures_out: bool = typer.Option(True, "--figures/--no-figures", help="Write PNG figures."),
    as_json: bool = typer.Option(False, "--json", help="Print the SI summary as JSON on stdout "
                                 "(keys: see the README) instead of the table."),
    output: Path = typer.Option(DEFAULT_OUTPUT, "--output", "-o",
                                help="Output folder."),
    parallel: bool = typer.Option(True, "--parallel/--serial",
                                  help="Run the studies in a second process beside the device's "
                                  "own simulation (where processes can fork); --serial: one "
                                  "process. The results are the same."),
) -> None:
    """Simulate the LED: J-V, radiance, EQE, EL spectra, band diagram, heating.

    Prints the figures of merit next to those reported by Qu et al., Nat. Photon. 16, 38 (2022),
    and writes result.nc (NetCDF, SI units in attributes), summary.json, sweep.csv and figures.
    """
    from ncled.cli.common import console, rich_table, to_jsonable, write_json, write_netcdf
    from ncled.device.led import simulate_led
    from ncled.device.studies import device_studies

    config = load_device(file)
    d = config.drive
    stop = d.voltage_stop if voltage_stop is None else voltage_stop
    npts = d.voltage_points if voltage_points is None else voltage_points
    if not np.isfinite(stop) or stop <= d.voltage_start or npts < 2:
        raise ConfigError(f"--voltage-stop must exceed the start bias {d.voltage_start} V and "
                          f"--voltage-points be >= 2 (got {stop}, {npts})")
    volts = np.linspace(d.voltage_start, stop, npts)
    output.mkdir(parents=True, exist_ok=True)
    ref_path = builtin_devices()[REFERENCE_DEVICE]
    is_reference = (config.source_path is not None
                    and Path(config.source_path).resolve() == Path(ref_path).resolve())
    if studies is None:
        studies = is_reference
    # the built-in 2.0 and 2.3 um devices, identical but for the nanocrystal size
    variants = [_variant("reference_2p3um")] if studies and is_reference else []
    # started before the progress display's thread, so that the fork copies no held lock
    background = None
    if studies and parallel:
        from ncled.device.step_optics import prepare

        prepare(config)  # computed once, inherited by the worker
        background = _start(device_studies, config, volts, variants)
    if as_json:
        prog = None

        def say(msg: str) -> None:
            return None
    else:
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        prog = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                        console=console, transient=True)
        task = prog.add_task("LED model", total=None)
        prog.start()

        def say(msg: str) -> None:
            prog.update(task, description=f"{config.name}: {msg}")

    try:
        try:
            result = simulate_led(config, volts, progress=say)
        except ConvergenceError as exc:
            if exc.partial is not None:
                write_netcdf(exc.partial.to_dataset(), output / "partial_drift_diffusion.nc")
                raise ConvergenceError(f"{exc} -- converged biases written to "
                                       f"{output / 'partial_drift_diffusion.nc'}") from None
            raise
        # the device's own files while the worker (if any) runs the studies
        _device_outputs(result, volts, output, figures_out, config.name)
        summary = dict(result.summary)
        comp = None
        if studies:
            if background is not None:
                say("composition and wavelength studies (second process)")
                comp, variant_eqe = background.result()
            else:
                comp, variant_eqe = device_studies(config, volts, variants,
                                                   initial=result.sweep, progress=say)
            summary["best_hgte_fraction"] = comp.attrs["best_fraction"]
            summary["neutral_hgte_fraction"] = comp.attrs["neutral_fraction"]
        if variants:
            # the composition study already simulated the 2.0 um device (its own 50 % HgTe)
            # on the same grids as the 2.3 um one
            e20 = float(comp.peak_eqe.sel(hgte_fraction=result.figures.hgte_fraction))
            summary["eqe_ratio_2p3_2p0"] = float(variant_eqe[0] / e20)
    finally:
        if prog is not None:
            prog.stop()
        if background is not None:
            background.close()
    payload = {"device": config.name, "file": config.source_path,
               "ncled_version": result.dataset.attrs["ncled_version"],
               "success": bool(result.success), "message": result.message,
               "figures_of_merit": summary}
    write_json(output / "summary.json", {**payload, "paper": {p.key: p.value for p in QU2022}})
    if comp is not None:
        write_netcdf(comp, output / "composition.nc")
        if figures_out:
            from ncled.cli import figures

            figures.composition(comp, output / "composition.png", config.name)
    if as_json:
        sys.stdout.write(json.dumps(to_jsonable(payload), indent=1) + "\n")
        return
    rows = [[p.label, _display(p.key, summary), _paper(p.value), p.unit, p.where]
            for p in QU2022 if p.key in _FORMATS]
    console.print(rich_table(f"{config.name}: model vs Qu et al. 2022",
                             ["figure of merit", "ncled", "paper", "unit", "paper's source"], rows))
    def g3(key: str, fmt: str = "{:.3g}") -> str:
        value = summary[key]
        return fmt.format(value) if math.isfinite(value) else "n/a"

    console.print(
        f"radiance at {summary['operating_current_density'] / 10:g} mA/cm^2: "
        f"{g3('radiance_lambertian_at_operating_density')} (M/pi, the paper's convention), "
        f"{g3('radiance_on_axis_at_operating_density')} on axis W sr^-1 m^-2; turn-on "
        f"{g3('turn_on_voltage', '{:.2f}')} V at the detector floor "
        f"{summary['noise_equivalent_radiance']:g} W sr^-1 m^-2, "
        f"{g3('turn_on_voltage_extrapolated', '{:.2f}')} V extrapolated")
    console.print(
        f"outcoupling {summary['outcoupling']:.3f}, Purcell {summary['purcell']:.2f}, "
        f"Lambertian correction {summary['lambertian_correction']:.3f}, charge balance at peak "
        f"{summary['charge_balance_at_peak']:.3f}, PLQY {summary['plqy']:.3%}, "
        f"series resistance {summary['series_resistance']:.0f} ohm; {result.message}")
    console.print(f"written: {output}/result.nc, summary.json, sweep.csv"
                  + (", figures (*.png)" if figures_out else ""))
