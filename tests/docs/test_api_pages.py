"""The API reference lists every public module, and its module pages pick up every public
function and class (docs/api/index.rst, docs/_templates/ncled_*.rst).

The module pages are generated at build time by autosummary with ``ncled_module.rst``, which
documents the functions and classes autosummary finds in a module: those defined there whose
name does not start with an underscore, less the type aliases named in ``autosummary_context``.
So a public function or class is missing from the API pages exactly when its module is missing
from docs/api/index.rst, when it is listed with the wrong template, or when a class is hidden as
a type alias. The opt-in build test (test_docs_build.py) checks the built inventory itself.
"""

from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path

import pytest
from api_walk import public_members, public_modules

DOCS = Path(__file__).resolve().parents[2] / "docs"


def _listed() -> dict[str, str]:
    """Module -> template, from the autosummary directives of docs/api/index.rst."""
    text = (DOCS / "api" / "index.rst").read_text(encoding="utf-8")
    out: dict[str, str] = {}
    for block in re.split(r"\n\.\. autosummary::\n", text)[1:]:
        template = re.search(r":template: (\S+)", block)
        for name in re.findall(r"^   (ncled(?:\.\w+)*)\s*$", block, flags=re.MULTILINE):
            assert name not in out, f"{name} listed twice in docs/api/index.rst"
            out[name] = template.group(1) if template else ""
    return out


def test_every_public_module_is_listed_with_its_template():
    listed = _listed()
    modules = public_modules()
    assert len(modules) > 100  # the walk found the package (133 modules on 2026-11-30)
    missing = [name for name, _ in modules if name not in listed]
    assert not missing, f"public modules missing from docs/api/index.rst: {missing}"
    wrong = [name for name, is_pkg in modules
             if listed[name] != ("ncled_package.rst" if is_pkg else "ncled_module.rst")]
    assert not wrong, f"listed with the wrong template: {wrong}"
    stale = sorted(set(listed) - {name for name, _ in modules})
    assert not stale, f"docs/api/index.rst lists modules that do not exist: {stale}"


def test_every_public_function_and_class_is_documented_by_its_module_page():
    conf = (DOCS / "conf.py").read_text(encoding="utf-8")
    aliases = set(re.findall(r'"(\w+)"', re.search(r"autosummary_context = (\{.*\})",
                                                    conf).group(1)))
    aliases.discard("type_aliases")
    template = (DOCS / "_templates" / "ncled_module.rst").read_text(encoding="utf-8")
    # the template documents functions and classes (and exceptions) one by one
    assert ".. autofunction:: {{ item }}" in template
    assert ".. autoclass:: {{ item }}" in template
    n = 0
    for module, is_pkg in public_modules():
        if is_pkg:
            continue
        for name in public_members(module):
            n += 1
            assert name not in aliases, (f"{module}.{name} is a class or function but "
                                         "autosummary_context hides it as a type alias")
    assert n > 400  # 452 functions and 106 classes on 2026-11-30


@pytest.mark.parametrize("module", ["ncled.analysis.xps_constraints"])
def test_the_hidden_type_aliases_are_not_classes(module):
    mod = importlib.import_module(module)
    conf = (DOCS / "conf.py").read_text(encoding="utf-8")
    for name in re.findall(r'"(\w+)"', re.search(r"\"type_aliases\": \[(.*?)\]", conf).group(1)):
        obj = getattr(mod, name)
        assert not (inspect.isfunction(obj) or inspect.isclass(obj)), name
