"""Imports flow one way (the layers of STYLE.md), checked on the source with ``ast``.

cli -> (studies / reproduce / designer) -> analysis / device -> optics / transport / nanocrystal
-> materials -> constants; ``io`` is the boundary layer used by cli, analysis and studies; units,
errors, constants and the small numerical helpers (numerics, spectral) sit at the bottom. A module
may import its own package and any package of a lower rank, never one of the same rank (siblings)
or above. Function-level imports count as well: a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import ncled

SRC = Path(ncled.__file__).parent

#: Rank of each top-level part of ncled: a module may import only parts of a lower rank (and its
#: own part).
RANK = {
    "cli": 90,
    "designer": 80, "studies": 70, "reproduce": 70,
    "analysis": 60, "device": 60,
    "io": 50,  # readers: used by cli, analysis and studies
    "optics": 40, "transport": 40, "nanocrystal": 40,
    "materials": 30,
    # the registry of physical parameters (value, unit, source): data read by every physics
    # layer, so below them all; move it up only if it must import a model
    "parameters": 20,
    "spectral": 10, "numerics": 10,
    "units": 5, "errors": 0, "constants": 0, "__init__": 0, "__main__": 100,
    "tools": 95,  # maintenance scripts (README generator): may read anything
}


#: Known exceptions, each with its reason (none today).
ALLOWED: set[tuple[str, str]] = set()


def _part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names if a.name.startswith("ncled")]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module \
                and node.module.startswith("ncled"):
            if node.module == "ncled":
                out += [(node.lineno, f"ncled.{a.name}") for a in node.names]
            else:
                out.append((node.lineno, node.module))
    return out


def _violations() -> list[str]:
    bad = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC)
        here = rel.parts[0].removesuffix(".py")
        if here not in RANK:
            bad.append(f"{rel}: part {here!r} has no rank in this test; place it in RANK")
            continue
        for line, mod in _imports(path):
            there = _part(mod)
            if there == here or there not in RANK or here == "__init__" \
                    or (str(rel), mod) in ALLOWED:
                continue
            if RANK[there] >= RANK[here]:
                bad.append(f"{rel}:{line}: {here} (rank {RANK[here]}) imports {mod} "
                           f"(rank {RANK[there]})")
    return bad


def test_imports_flow_downward():
    assert _violations() == []


def test_the_check_sees_a_violation(tmp_path, monkeypatch):
    # the check itself: a module of a low layer importing the CLI is caught
    pkg = tmp_path / "materials"
    pkg.mkdir()
    (pkg / "bad.py").write_text("def f():\n    from ncled.cli.main import main\n")
    monkeypatch.setattr(f"{__name__}.SRC", tmp_path)
    assert _violations() == ["materials/bad.py:2: materials (rank 30) imports ncled.cli.main "
                             "(rank 90)"]
