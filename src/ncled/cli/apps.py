"""The Typer application and its command groups.

Each ``ncled.cli.<topic>`` module adds its commands to one of these groups; ``ncled.cli.main``
imports the modules and runs the application.
"""

from __future__ import annotations

import typer

app = typer.Typer(
    name="ncled",
    help="Design, simulate and analyse colloidal-nanocrystal infrared LEDs.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    # Help texts carry units in brackets ("[V]", "[eV]"): do not read them as rich markup.
    rich_markup_mode=None,
)
device_app = typer.Typer(help="Device files: show and list stacks.", no_args_is_help=True,
                          rich_markup_mode=None)
materials_app = typer.Typer(help="Optical constants of the materials library.",
                            no_args_is_help=True, rich_markup_mode=None)
optics_app = typer.Typer(help="Thin-film optics of a device stack.", no_args_is_help=True,
                          rich_markup_mode=None)
nc_app = typer.Typer(help="Nanocrystals: sizing, spectra, synthesis.", no_args_is_help=True,
                      rich_markup_mode=None)
analyze_app = typer.Typer(help="Analyse measured data files.", no_args_is_help=True,
                           rich_markup_mode=None)

app.add_typer(device_app, name="device")
app.add_typer(materials_app, name="materials")
app.add_typer(optics_app, name="optics")
app.add_typer(nc_app, name="nc")
app.add_typer(analyze_app, name="analyze")


def _version(value: bool) -> None:
    if value:
        from ncled import __version__

        typer.echo(f"ncled {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", is_eager=True, callback=_version,
                                 help="Print the version of ncled and exit."),
) -> None:
    """Design, simulate and analyse colloidal-nanocrystal infrared LEDs."""
