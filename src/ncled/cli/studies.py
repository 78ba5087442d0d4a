"""``ncled sweep``, ``ncled optimize`` and ``ncled fit``: design studies over the device model."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from ncled.cli.apps import app
from ncled.cli.common import console, rich_table
from ncled.errors import ConfigError


class RateColumn(ProgressColumn):
    """Points per second."""

    def render(self, task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("-- pts/s" if speed is None else f"{speed:.3g} pts/s")


def progress_bar() -> Progress:
    """A rich bar with count, rate, elapsed time and ETA."""
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    RateColumn(), TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                    console=console, transient=False)


def _run_sweep(study_file: Path, out: Path, scheduler: str | None, workers: int | None,
               executor: str, worker_timeout: float) -> None:
    from ncled.studies import load_study, run_study

    study = load_study(study_file)
    with progress_bar() as bar:
        task = bar.add_task(f"{study_file.name}", total=study.n_points)
        started: list[int] = []

        def update(done: int, total: int) -> None:
            if not started:  # points already in the store do not count towards the rate
                started.append(done)
                bar.reset(task, total=total - done)
            bar.update(task, completed=done - started[0])

        run = run_study(study, out, scheduler=scheduler, workers=workers, executor=executor,
                        progress=update, no_worker_timeout=worker_timeout)
    console.print(f"{run.n_points} points in {out}: {run.computed} computed now "
                  f"({run.failed} failed), {run.already_done} already done; "
                  f"{run.points_per_task} points per task on {run.executor}, {run.seconds:.1f} s")


def _plot(store: Path, var: str, x: str | None, y: str | None, output: Path | None) -> None:
    from ncled.studies import open_study
    from ncled.studies.plots import sweep_map

    ds = open_study(store)
    path = output or store.with_suffix("").with_name(f"{store.stem}_{var}.png")
    sweep_map(ds, var, path, x, y)
    console.print(f"written: {path}")


@app.command("sweep")
def sweep(
    study: Path = typer.Argument(..., help="Study TOML file, or 'plot' to draw a store."),
    store: Path = typer.Argument(None, help="With 'plot': the study store (.zarr)."),
    out: Path = typer.Option(None, "--out", "-o", help="Zarr store to write (or resume)."),
    scheduler: str = typer.Option(None, help="Address of a running Dask scheduler "
                                  "(tcp://127.0.0.1:8786); default a LocalCluster."),
    workers: int = typer.Option(None, help="Workers of the local cluster or pool "
                                "(default: the machine's cores)."),
    executor: str = typer.Option("auto", help="auto (Dask where installed), dask, pool or serial."),
    worker_timeout: float = typer.Option(20.0, help="Stop when the cluster has had no worker "
                                         "for this long [s]."),
    var: str = typer.Option(None, help="plot: figure of merit to draw (default the first: "
                            "peak_eqe or emitter_absorptance)."),
    x: str = typer.Option(None, help="plot: parameter on the x axis (default the first)."),
    y: str = typer.Option(None, help="plot: parameter on the y axis (default the second)."),
    figure: Path = typer.Option(None, help="plot: PNG to write."),
) -> None:
    """Run a study (a resumable Zarr store), or `ncled sweep plot STORE` to map its results.

    Rerunning the same command resumes: only the points not yet done are computed. A store of
    another study or ncled version is refused.
    """
    if str(study) == "plot":
        if store is None:
            raise ConfigError("usage: ncled sweep plot STORE [--var NAME --x PATH --y PATH]")
        from ncled.studies import open_study

        default = "peak_eqe" if open_study(store).attrs.get("mode") == "full" \
            else "emitter_absorptance"
        _plot(store, var or default, x, y, figure)
        return
    if store is not None:
        raise ConfigError(f"unexpected argument {str(store)!r}; the store is given by --out")
    if out is None:
        raise ConfigError("give the store to write: --out study.zarr")
    _run_sweep(study, out, scheduler, workers, executor, worker_timeout)


def _rows(table: list[dict]) -> tuple[list[str], list[list]]:
    cols = list(table[0]) if table else []
    return cols, [[r[c] for c in cols] for r in table]


def print_table(title: str, table: list[dict]) -> None:
    """A list of records as a rich table."""
    cols, rows = _rows(table)
    console.print(rich_table(title, cols, rows))


@app.command("optimize")
def optimize(
    study: Path = typer.Argument(..., help="Study TOML file with an [optimize] table."),
    out: Path = typer.Option(Path("ncled-output/optimize"), "--out", "-o",
                             help="Output folder (journal, front table, figure, devices)."),
    scheduler: str = typer.Option(None, help="Address of a running Dask scheduler."),
    workers: int = typer.Option(None, help="Workers of the local cluster or pool."),
    executor: str = typer.Option("auto", help="auto (Dask where installed), dask, pool or serial."),
) -> None:
    """Multi-objective optimisation of the study's parameters (Optuna; resumable journal).

    Writes front.csv, front.png and one device file per design of the Pareto front.
    """
    from ncled.cli.common import write_csv
    from ncled.studies import load_study
    from ncled.studies.fit import write_device
    from ncled.studies.optimize import optimize_study
    from ncled.studies.plots import pareto_figure

    st = load_study(study)
    out.mkdir(parents=True, exist_ok=True)
    with progress_bar() as bar:
        task = bar.add_task("trials", total=None)
        res = optimize_study(st, out / "journal.log", scheduler=scheduler, workers=workers,
                             executor=executor,
                             progress=lambda d, n: bar.update(task, completed=d, total=n))
    cols = {**{p: res.front_parameters[:, j] for j, p in enumerate(res.parameter_names)},
            **{o: res.front_objectives[:, j] for j, o in enumerate(res.objective_names)}}
    write_csv(out / "front.csv", cols)
    pareto_figure(res.all_objectives, res.front_index, res.objective_names, out / "front.png",
                  res.base_objectives)
    table = []
    for k in range(res.front_parameters.shape[0]):
        values = dict(zip(res.parameter_names, res.front_parameters[k], strict=True))
        write_device(st.device, values, out / f"front_{k:02d}.toml",
                     f"Pareto-front design {k} of {study}")
        table.append({**values, **dict(zip(res.objective_names, res.front_objectives[k],
                                           strict=True))})
    print_table(f"Pareto front ({res.sampler}, {res.trials_total} trials, "
                f"{res.trials_run_now} run now)", table)
    for row in res.improvement():
        gain = row["gain"]
        verdict = (f"{gain:.1%} better than the base design" if gain > 0 else
                   "no design better than the base" if gain == 0 else "the base design unknown")
        console.print(f"{row['objective']} ({row['direction']}): best on the front "
                      f"{row['front_best']:.4g}, base design {row['base']:.4g}: {verdict}")
    console.print(f"written: {out}/front.csv, front.png, front_*.toml, journal.log")


@app.command("fit")
def fit(
    measured: Path = typer.Argument(..., help="Measured J-V(-radiance) table (as for "
                                    "`ncled analyze led`)."),
    device: str = typer.Option(..., "--device", "-d", help="Device file or built-in name."),
    free: str = typer.Option(..., "--free", help="Comma-separated parameter paths to fit."),
    bounds: list[str] = typer.Option(None, "--bounds", help="PATH=LOW:HIGH in SI (repeatable); "
                                     "default a decade either side of the device's value."),
    starts: int = typer.Option(4, help="Multi-start points (seeded Latin hypercube)."),
    seed: int = typer.Option(0, help="Seed of the starts."),
    out: Path = typer.Option(Path("ncled-output/fit"), "--out", "-o", help="Output folder."),
    scheduler: str = typer.Option(None, help="Address of a running Dask scheduler."),
    workers: int = typer.Option(None, help="Workers of the local cluster or pool."),
    executor: str = typer.Option("auto", help="auto (Dask where installed), dask, pool or serial."),
) -> None:
    """Fit the LED model to a measured sweep: best values, standard errors, correlations,
    parameters the data cannot determine; overlay figure and the fitted device file."""
    from ncled.cli.common import write_json
    from ncled.device.config import load_device
    from ncled.io.tables import read_table
    from ncled.studies.execution import make_executor, run_all
    from ncled.studies.fit import fit_device, measured_sweep, parse_bounds, write_device
    from ncled.studies.plots import fit_overlay

    dev = load_device(device)
    ds, _ = read_table(measured, required=(("voltage",), ("current", "current_density")))
    v, j, rad = measured_sweep(ds, dev)
    paths = [p.strip() for p in free.split(",") if p.strip()]
    ex = make_executor(scheduler, workers, executor)
    try:
        with progress_bar() as bar:
            bar.add_task(f"fitting {len(paths)} parameters, {starts} starts", total=None)
            res = fit_device(dev, v, j, rad, free=paths, bounds=parse_bounds(bounds or []),
                             starts=starts, seed=seed,
                             run_tasks=lambda fn, sh, args: run_all(ex, fn, sh, args))
    finally:
        ex.close()
    print_table(f"fit of {measured.name} ({res.n_evaluations} model evaluations)", res.table())
    console.print(rich_table("correlation", ["", *res.names],
                             [[n, *row] for n, row in zip(res.names, res.correlation,
                                                          strict=True)]))
    out.mkdir(parents=True, exist_ok=True)
    data = {"current_density": j[np.isin(v, res.model["voltage"])]}
    model = {"current_density": res.model["current_density"]}
    units = {"current_density": "A/m^2", "radiance": "W sr^-1 m^-2"}
    if rad is not None:
        data["radiance"] = rad[np.isin(v, res.model["voltage"])]
        model["radiance"] = res.model["radiance"]
    fit_overlay(res.model["voltage"], data, model, units, out / "fit.png", str(measured))
    write_device(res.device, dict(zip(res.names, res.value, strict=True)),
                 out / "fitted_device.toml", f"fitted to {measured}")
    write_json(out / "fit.json", {"measured": str(measured), "device": device,
                                  "parameters": res.table(),
                                  "correlation": res.correlation, "cost": res.cost,
                                  "message": res.message, "ncled_version": res.ncled_version})
    console.print(f"written: {out}/fit.json, fit.png, fitted_device.toml")
