"""The documentation build fails on a broken cross-reference and on a failing gallery example,
and the built inventory holds every public function and class.

Opt-in (NCLED_DOCS_TESTS=1; needs the ``docs`` extra): three Sphinx builds of a copy of docs/ in
a temporary folder, a few minutes on two cores. The first is the control: the unmodified copy
must build with ``-W -n`` (warnings are errors, nitpicky references), so that the failures of the
next two are the injected faults' and nothing else's; each fault's build must exit non-zero and
name the fault. The gallery is rendered but not executed in these builds (NCLED_GALLERY_PATTERN
selects the examples to execute: none, then only the injected one); .ci/run builds the real
documentation with every example executed.
"""

from __future__ import annotations

import os
import posixpath
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from api_walk import public_members, public_modules

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    os.environ.get("NCLED_DOCS_TESTS") != "1",
    reason="builds the documentation three times (minutes): set NCLED_DOCS_TESTS=1 "
           "(needs pip install -e '.[docs]')")


def _build(src: Path, out: Path, pattern: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NCLED_GALLERY_PATTERN": pattern, "MPLBACKEND": "Agg"}
    return subprocess.run([sys.executable, "-m", "sphinx", "-W", "--keep-going", "-n", "-q",
                           "-b", "html", str(src), str(out)],
                          capture_output=True, text=True, env=env, timeout=1500)


def _lines(res: subprocess.CompletedProcess, word: str) -> list[str]:
    """The output lines naming the fault, and the build's verdict (shown with pytest -s)."""
    return [ln for ln in (res.stdout + res.stderr).splitlines()
            if word in ln or "build finished" in ln or "Sphinx-Gallery" in ln][:8]


@pytest.fixture(scope="module")
def docs_copy(tmp_path_factory):
    """docs/ and examples/ copied side by side (conf.py finds the gallery at ../examples)."""
    pytest.importorskip("sphinx_gallery")
    top = tmp_path_factory.mktemp("docs-build")
    shutil.copytree(ROOT / "docs", top / "docs", ignore=shutil.ignore_patterns(
        "_build", "generated", "auto_examples", "sg_execution_times.rst"))
    shutil.copytree(ROOT / "examples", top / "examples")
    return top


def test_clean_build_passes_and_lists_every_public_object(docs_copy):
    from sphinx.util.inventory import InventoryFile

    out = docs_copy / "html"
    res = _build(docs_copy / "docs", out, pattern=r"/no_example_runs$")
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-6000:]
    with open(out / "objects.inv", "rb") as f:
        inv = InventoryFile.load(f, "", posixpath.join)
    documented = set()
    for role in ("py:function", "py:class", "py:exception"):
        documented |= set(inv.get(role, {}))
    missing = [f"{m}.{n}" for m, is_pkg in public_modules() if not is_pkg
               for n in public_members(m) if f"{m}.{n}" not in documented]
    assert not missing, f"public objects missing from the API reference: {missing}"


def test_a_broken_cross_reference_fails_the_build(docs_copy):
    index = docs_copy / "docs" / "index.rst"
    text = index.read_text(encoding="utf-8")
    index.write_text(text + "\nSee :func:`ncled.optics.tmm.no_such_function`.\n",
                     encoding="utf-8")
    try:
        res = _build(docs_copy / "docs", docs_copy / "html", pattern=r"/no_example_runs$")
    finally:
        index.write_text(text, encoding="utf-8")
    print(f"\nsphinx-build exit {res.returncode}:", *_lines(res, "no_such_function"), sep="\n")
    assert res.returncode != 0
    assert "ncled.optics.tmm.no_such_function" in res.stderr, res.stderr[-3000:]


def test_a_failing_gallery_example_fails_the_build(docs_copy):
    bad = docs_copy / "examples" / "gallery" / "plot_zz_injected_failure.py"
    bad.write_text('"""\nAn injected failure\n===================\n\nRaises.\n"""\n\n'
                   'raise RuntimeError("injected gallery failure")\n', encoding="utf-8")
    try:
        res = _build(docs_copy / "docs", docs_copy / "html", pattern=r"/plot_zz_injected")
    finally:
        bad.unlink()
    print(f"\nsphinx-build exit {res.returncode}:", *_lines(res, "injected"), sep="\n")
    assert res.returncode != 0
    assert "injected gallery failure" in res.stdout + res.stderr, res.stderr[-3000:]
