"""``ncled designer [FILE]``: the browser app to edit a stack and see the LED change."""

from __future__ import annotations

import importlib.util

import typer

from ncled.cli.apps import app
from ncled.cli.common import console, err_console
from ncled.device.config import REFERENCE_DEVICE
from ncled.errors import ConfigError


@app.command("designer")
def designer(
    file: str = typer.Argument(REFERENCE_DEVICE, help="Device TOML file or built-in device name."),
    port: int = typer.Option(5006, help="TCP port of the page."),
    host: str = typer.Option("127.0.0.1", help="Address to bind (0.0.0.0: the whole network)."),
    max_solves: int = typer.Option(None, help="Concurrent LED solves over all sessions "
                                   "(default: the cores; 2 on a public address)."),
) -> None:
    """Serve the designer: stack editor, sliders, linked views and exports in the browser.

    Needs the designer extra: pip install "ncled[designer]".
    """
    missing = [m for m in ("panel", "tomli_w") if importlib.util.find_spec(m) is None]
    if missing:
        raise ConfigError(f"the designer needs its extra ({', '.join(missing)} missing): "
                          'pip install "ncled[designer]"')
    from ncled.designer.server import serve

    if max_solves is not None and max_solves < 1:
        raise ConfigError(f"--max-solves must be at least 1, got {max_solves}")
    if not 0 <= port <= 65535:
        raise ConfigError(f"--port must be in 0-65535, got {port}")
    serve(file, port=port, host=host, max_solves=max_solves,
          warn=lambda msg: err_console.print(f"warning: {msg}", soft_wrap=True),
          ready=lambda url: console.print(f"ncled designer at {url} (Ctrl-C stops it)"))
