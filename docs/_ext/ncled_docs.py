"""Sphinx directives that generate pages of the ncled documentation from the code at build time.

``.. ncled-parameters::``
    The parameter registry (:mod:`ncled.parameters`) as one table per film: value, unit, status,
    source (with its DOI), literature range and, for fitted entries, what they were fitted to.
``.. ncled-cli::``
    Every ``ncled`` command with its ``--help`` text, walking the command tree through Typer's
    own API (:func:`typer.main.get_command`) and running each ``--help`` in-process through
    :func:`ncled.cli.main.main`, the console script's entry point.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import nested_parse_with_titles


def _cell(text: str) -> str:
    """Registry text as one line of reStructuredText, its markup characters escaped."""
    out = " ".join(str(text).split())
    for ch in ("\\", "*", "|", "`", "_"):
        out = out.replace(ch, "\\" + ch)
    return out or "-"


def parameter_table_rst() -> list[str]:
    """The registry as reStructuredText: a section and a list-table per film."""
    from ncled.parameters import STATUSES, parameters

    films: dict[str, list] = {}
    for p in parameters():
        films.setdefault(p.film, []).append(p)
    counts = ", ".join(f"{sum(p.status == s for p in parameters())} {s}" for s in STATUSES)
    lines = [f"{len(parameters())} parameters ({counts}).", ""]
    for film, entries in films.items():
        lines += [film, "~" * max(len(film), 4), "",
                  ".. list-table::", "   :header-rows: 1", "   :widths: 22 10 8 10 30 20", "",
                  "   * - parameter", "     - value", "     - unit", "     - status",
                  "     - meaning and source", "     - range / fitted to"]
        for p in entries:
            src = _cell(p.source)
            if p.doi:
                src += f" (`doi:{p.doi} <https://doi.org/{p.doi}>`__)"
            rng = p.range_text or "-"
            if p.fitted_to:
                rng += f"; fitted to: {_cell(p.fitted_to)}"
            lines += [f"   * - ``{p.name}``", f"     - {p.value:g}", f"     - {_cell(p.unit)}",
                      f"     - {p.status}", f"     - {_cell(p.description)}. {src}",
                      f"     - {rng}"]
        lines.append("")
    return lines


def command_paths() -> list[list[str]]:
    """Every leaf command of ``ncled`` as its argument path (``["optics", "rt"]``)."""
    import typer.main

    from ncled.cli.main import app

    out: list[list[str]] = []

    def walk(cmd, path):
        subs = getattr(cmd, "commands", None)
        if subs:
            for name, sub in subs.items():  # the order the CLI lists them in
                walk(sub, [*path, name])
        else:
            out.append(path)

    walk(typer.main.get_command(app), [])
    return out


def help_text(path: list[str]) -> str:
    """``ncled PATH --help`` as the console script prints it (100 columns)."""
    from ncled.cli.main import main

    old_env, old_argv = os.environ.get("COLUMNS"), sys.argv
    os.environ["COLUMNS"] = "100"
    sys.argv = ["ncled"]  # the program name the usage line shows
    buf = io.StringIO()
    try:
        with contextlib.redirect_stdout(buf):
            code = main([*path, "--help"])
    finally:
        sys.argv = old_argv
        if old_env is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = old_env
    if code != 0:
        raise RuntimeError(f"ncled {' '.join(path)} --help exited {code}")
    return buf.getvalue()


def cli_rst() -> list[str]:
    """Each command's help as a section with a literal block."""
    lines: list[str] = []
    for path in [[], *command_paths()]:
        title = " ".join(["ncled", *path])
        lines += [title, "-" * len(title), "", ".. code-block:: text", ""]
        lines += ["   " + ln if ln.strip() else "" for ln in help_text(path).splitlines()]
        lines.append("")
    return lines


class _Generated(SphinxDirective):
    has_content = False

    def lines(self) -> list[str]:
        raise NotImplementedError

    def run(self) -> list[nodes.Node]:
        node = nodes.section()
        node.document = self.state.document
        source = self.get_source_info()[0]
        nested_parse_with_titles(self.state, StringList(self.lines(), source=source), node)
        return node.children


class ParametersDirective(_Generated):
    """``.. ncled-parameters::`` -- the parameter registry's tables."""

    def lines(self) -> list[str]:
        return parameter_table_rst()


class CliDirective(_Generated):
    """``.. ncled-cli::`` -- every command's ``--help``."""

    def lines(self) -> list[str]:
        return cli_rst()


def setup(app):
    app.add_directive("ncled-parameters", ParametersDirective)
    app.add_directive("ncled-cli", CliDirective)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
