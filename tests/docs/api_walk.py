"""The public modules, functions and classes of ``src/ncled``, found by walking the source tree.

A module is public when no part of its dotted name starts with an underscore; ``ncled.device``
is a namespace package (no ``__init__.py``), which :func:`pkgutil.walk_packages` would skip, so
the walk reads the folders. A function or class is public when its name does not start with an
underscore and it is defined at the top level of that module's file (re-exports are documented
where they are defined). The walk reads the source with :mod:`ast` (importing the 133 modules,
the designer's and the studies' dependencies among them, would take most of the test's time).
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"


def public_modules() -> list[tuple[str, bool]]:
    """``(dotted name, is_package)`` of every public module, sorted."""
    out = []
    for path in sorted((SRC / "ncled").rglob("*.py")):
        parts = path.relative_to(SRC).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if "data" in parts or any(p.startswith("_") for p in parts):
            continue
        out.append((".".join(parts), path.name == "__init__.py"))
    # namespace packages: folders of public modules without an __init__.py
    names = {n for n, _ in out}
    for n in list(names):
        parent = n.rsplit(".", 1)[0]
        if parent not in names and parent != n:
            out.append((parent, True))
            names.add(parent)
    return sorted(out)


def module_path(module: str) -> Path:
    """The source file of a (non-package) module."""
    return SRC.joinpath(*module.split(".")).with_suffix(".py")


def public_members(module: str) -> list[str]:
    """The public functions and classes defined in ``module`` (their unqualified names)."""
    tree = ast.parse(module_path(module).read_text(encoding="utf-8"))
    return sorted(node.name for node in tree.body
                  if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
                  and not node.name.startswith("_"))
