"""Write a pip constraints file pinning every direct dependency to its lowest allowed release.

pip has no "lowest" resolution: the constraints file ``name==minimum`` (from each ``name>=minimum``
of ``[project].dependencies`` and the extras named on the command line) makes it install the oldest
versions that pyproject.toml claims to support, so CI sees when a minimum has become a lie.

Usage: ``python .ci/minimums.py test > constraints-min.txt``
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

_REQ = re.compile(r"^\s*([A-Za-z0-9_.\-]+)(\[[^\]]*\])?\s*>=\s*([^,;\s]+)")


def minimums(pyproject: Path, extras: list[str]) -> dict[str, str]:
    """Package name -> lowest allowed version, for the core dependencies and ``extras``."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    reqs = list(project["dependencies"])
    for extra in extras:
        reqs += project["optional-dependencies"][extra]
    out: dict[str, str] = {}
    for req in reqs:
        m = _REQ.match(req)
        if m and m.group(1).lower() != project["name"]:
            out[m.group(1).lower()] = m.group(3)
    return out


if __name__ == "__main__":
    root = Path(__file__).resolve().parent.parent
    for name, ver in sorted(minimums(root / "pyproject.toml", sys.argv[1:]).items()):
        print(f"{name}=={ver}")
