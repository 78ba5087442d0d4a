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
    "studies",
    "params",
    "designer",
)

for _name in _COMMAND_MODULES:
    importlib.import_module(f"ncled.cli.{_name}")


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the process exit code.

    The framework runs in standalone mode, so its own usage errors (unknown option, missing
    argument, bad value) print one message and exit 2 whichever click/typer release is installed.
    """
    try:
        app(args=argv, standalone_mode=True)
    except NcledError as exc:
        err_console.print(Text("error: ", style="bold red") + Text(str(exc)), soft_wrap=True)
        return exc.exit_code
    except SystemExit as exc:  # normal end, --help, and the framework's usage errors (2)
        code = exc.code
        if code is None:
            return 0
        return code if isinstance(code, int) else 1
    except KeyboardInterrupt:
        err_console.print("interrupted")
        return 130
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
