"""Entry point of the ``ncled`` console script.

User errors (:class:`ncled.errors.NcledError`) become one message on stderr and the error's exit
code (2 for bad input, 3 for a solve that did not converge), never a traceback.
"""

from __future__ import annotations

import importlib
import sys

from rich.text import Text

from ncled.cli.apps import app
from ncled.cli.common import err_console
from ncled.errors import NcledError

# Modules that register commands on the groups of ncled.cli.apps.
_COMMAND_MODULES = (
    "device",
    "simulate",
    "materials",
    "optics",
    "emission",
    "nc",
    "analyze_led",
    "analyze_more",
)

for _name in _COMMAND_MODULES:
    importlib.import_module(f"ncled.cli.{_name}")


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the process exit code."""
    try:
        rv = app(args=argv, standalone_mode=False)
    except NcledError as exc:
        err_console.print(Text("error: ", style="bold red") + Text(str(exc)), soft_wrap=True)
        return exc.exit_code
    except SystemExit as exc:  # typer/click exit paths (--help, usage errors)
        return int(exc.code or 0)
    except KeyboardInterrupt:
        err_console.print("interrupted")
        return 130
    except Exception as exc:  # click usage errors raised with standalone_mode=False
        import click

        if isinstance(exc, click.exceptions.ClickException):
            exc.show()
            return 2
        if isinstance(exc, click.exceptions.Abort):
            return 1
        raise
    return rv if isinstance(rv, int) else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
