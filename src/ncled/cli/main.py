"""Entry point of the ``ncled`` console script.

User errors (:class:`ncled.errors.NcledError`) become one message on stderr and the error's exit
code (2 for bad input, 3 for a solve that did not converge), never a traceback.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
import warnings
from pathlib import Path

from rich.text import Text

from ncled.cli.apps import app
from ncled.cli.common import err_console
from ncled.errors import ConfigError, NcledError

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
    "reproduce",
    "studies",
    "params",
    "designer",
)

#: ``@<group>.command("name")`` in a command module's source: the group object and the name.
_REGISTRATION = re.compile(r"^@(\w+)\.command\(\s*[\"']([\w-]+)[\"']", re.MULTILINE)


def _registrations() -> dict[str, set[str]]:
    """Top-level command or group name -> the command modules that register under it.

    Read from the modules' source (``@app.command("simulate")`` registers ``simulate``;
    ``@optics_app.command("rt")`` registers under the group ``optics``), without importing them.
    """
    from importlib.util import find_spec

    groups = {f"{name}_app": name for name in ("device", "materials", "optics", "nc", "analyze")}
    out: dict[str, set[str]] = {}
    for module in _COMMAND_MODULES:
        spec = find_spec(f"ncled.cli.{module}")
        source = Path(spec.origin).read_text(encoding="utf-8") if spec and spec.origin else ""
        for obj, command in _REGISTRATION.findall(source):
            top = command if obj == "app" else groups.get(obj)
            if top is not None:
                out.setdefault(top, set()).add(module)
    return out


def load_commands(args: list[str] | None = None) -> None:
    """Import the command modules the command line ``args`` needs.

    Only the modules that register the chosen command (its first word) are imported: each
    command's own imports (SciPy's signal processing for ``analyze``, the studies' engine, the
    web designer) stay out of the others' start-up. Without a command word, or for one no module
    registers as read from its source, every module is imported, so that the help and the usage
    errors list every command.
    """
    word = next((a for a in (args or []) if not a.startswith("-")), None)
    modules = _registrations().get(word) if word is not None else None
    for module in modules or _COMMAND_MODULES:
        importlib.import_module(f"ncled.cli.{module}")


_OUTPUT_FLAGS = ("--output", "-o")


def _output_folder(argv: list[str]) -> str | None:
    """The value of ``--output``/``-o`` in ``argv`` (every command's output is a folder)."""
    for i, arg in enumerate(argv):
        if arg in _OUTPUT_FLAGS and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--output="):
            return arg.split("=", 1)[1]
    return None


def check_output_folder(text: str) -> None:
    """Refuse, before any work, an output folder that cannot be created or written.

    Raises
    ------
    ConfigError
        The path is empty, an existing file, or its nearest existing ancestor is not a writable
        folder; the message names the path.
    """
    if not text.strip():
        raise ConfigError("--output: empty path; give a folder, e.g. -o ncled-output/run1")
    path = Path(text)
    if path.exists() and not path.is_dir():
        raise ConfigError(f"--output {text}: exists and is not a folder")
    probe = path
    while not probe.exists():
        probe = probe.parent
    if not probe.is_dir():
        raise ConfigError(f"--output {text}: {probe} is a file, not a folder")
    if not os.access(probe, os.W_OK | os.X_OK):
        raise ConfigError(f"--output {text}: {probe.resolve()} is not writable")


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """Every Python warning that reaches the CLI becomes one named line on stderr ("warning:
    <category> from <module>: <message>"), never the raw two-line form with source code."""
    where = Path(filename).stem
    err_console.print(Text(f"warning: {category.__name__} in {where}: {message}",
                           style="yellow"), soft_wrap=True)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the process exit code.

    The framework runs in standalone mode, so its own usage errors (unknown option, missing
    argument, bad value) print one message and exit 2 whichever click/typer release is installed.
    An ``--output`` folder that cannot be written is refused (exit 2) before any work; an
    ``OSError`` while reading or writing a file is reported with its path (exit 2).
    """
    args = sys.argv[1:] if argv is None else list(argv)
    with warnings.catch_warnings():
        warnings.simplefilter("default")  # each distinct warning once per location
        warnings.showwarning = _show_warning
        return _run(args)


def _run(args: list[str]) -> int:
    load_commands(args)
    try:
        out = _output_folder(args)
        if out is not None:
            check_output_folder(out)
        app(args=args, standalone_mode=True)
    except NcledError as exc:
        err_console.print(Text("error: ", style="bold red") + Text(str(exc)), soft_wrap=True)
        return exc.exit_code
    except OSError as exc:  # a file the user named: unreadable, unwritable, a folder, disk full
        name = exc.filename if exc.filename is not None else ""
        err_console.print(Text("error: ", style="bold red")
                          + Text(f"{name}: {exc.strerror or exc}"), soft_wrap=True)
        return 2
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
