"""``ncled reproduce``: the paper's panels from the model, the claims table and one HTML report."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from ncled.cli.apps import app
from ncled.cli.common import console, rich_table

DEFAULT_OUTPUT = Path("ncled-output/reproduce")


@app.command("reproduce")
def reproduce_command(
    out: Path = typer.Option(DEFAULT_OUTPUT, "--out", "-o", help="Output folder."),
    pdf: bool = typer.Option(False, "--pdf", help="Also write the figures as figures.pdf."),
    quick: bool = typer.Option(False, "--quick", help="Coarser grids (for a fast look)."),
) -> None:
    """Regenerate the panels of Qu et al., Nat. Photon. 16, 38 (2022) that the model can
    simulate, judge each quantitative claim, and write report.html (self-contained),
    claims.json and claims.csv.
    """
    from ncled.reproduce import PANELS, ReproduceSettings, reproduce

    settings = ReproduceSettings.quick() if quick else ReproduceSettings()
    with Progress(TextColumn("{task.fields[panel]:>6}"), BarColumn(bar_width=20),
                  TextColumn("{task.description}"), TimeElapsedColumn(), console=console,
                  transient=False) as prog:
        tasks = {p.id: prog.add_task(p.title, total=1, panel=p.id, start=False)
                 for p in PANELS}

        def tell(panel_id: str, message: str, done: bool) -> None:
            task = tasks[panel_id]
            prog.start_task(task)
            prog.update(task, description=message, completed=1 if done else 0)
            if done:
                prog.stop_task(task)

        result = reproduce(out, settings=settings, pdf=pdf, progress=tell)
    rows = [[c.spec.id, c.spec.panel, c.spec.paper_value, "-" if c.model_value is None
             else c.model_value, c.spec.unit, c.verdict + (" (circular)" if c.circular else "")]
            for c in result.claims]
    console.print(rich_table("claims of Qu et al. 2022", ["claim", "panel", "paper", "model",
                                                          "unit", "verdict"], rows))
    n = result.counts
    console.print(f"{n['pass']} pass ({n['pass_circular']} circular), {n['fail']} fail, "
                  f"{n['not addressed']} not addressed; "
                  f"{result.provenance['total_seconds']:.1f} s")
    console.print("written: " + ", ".join(str(p) for p in result.files.values()))
