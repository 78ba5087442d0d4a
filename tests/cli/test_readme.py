"""README.md tells the truth: its generated numbers are current and its worked examples run.

The full check runs the README's commands (about a minute of CPU: ``ncled simulate`` with its
studies), so it is opt-in: ``NCLED_README=1 pytest tests/cli/test_readme.py`` (``.ci/run`` sets
it). Without it, only the block machinery is tested.
"""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest

from ncled.cli.main import main
from ncled.tools import readme

FULL = os.environ.get("NCLED_README") == "1"
needs_full = pytest.mark.skipif(not FULL, reason="runs the README's commands; set NCLED_README=1")


def test_every_block_has_its_markers():
    text = readme.README.read_text(encoding="utf-8")
    for name in readme.BLOCKS:
        assert f"<!-- generated:{name} -->" in text and f"<!-- /generated:{name} -->" in text


def test_replace_block():
    text = "a\n<!-- generated:x -->\nold\n<!-- /generated:x -->\nb\n"
    assert readme.replace_block(text, "x", "new\n") == (
        "a\n<!-- generated:x -->\nnew\n<!-- /generated:x -->\nb\n")
    with pytest.raises(ValueError, match="generated:y"):
        readme.replace_block(text, "y", "new")


def _commands() -> list[tuple[str, Path]]:
    """Every ``$ ncled ...`` line of the README's console blocks, with its working folder."""
    out, cwd = [], readme.ROOT
    for line in readme.README.read_text(encoding="utf-8").splitlines():
        if line.startswith("$ cd "):
            cwd = readme.ROOT / line[5:].strip()
        elif line.startswith("$ ncled "):
            out.append((line[2:].split("  #")[0].strip(), cwd))
        elif line.startswith("```") and not line.startswith("```console"):
            cwd = readme.ROOT
    return out


def _missing_inputs(argv: list[str], cwd: Path) -> list[str]:
    """File arguments (with a data-file suffix) that are not in the clone."""
    files = [a for a in argv if re.search(r"\.(csv|xls|xlsx|vms|ascii|toml|txt)$", a)]
    return [f for f in files if not (cwd / f).exists()]


@needs_full
@pytest.mark.parametrize(("command", "cwd"), _commands(), ids=[c for c, _ in _commands()])
def test_readme_example_runs(command, cwd, tmp_path, monkeypatch, capsys):
    argv = shlex.split(command)[1:]
    missing = _missing_inputs(argv, cwd)
    if missing:
        pytest.skip(f"{missing} not in examples/ yet (shipped with the analysis examples)")
    monkeypatch.chdir(cwd)
    # every command but `device` writes files: into tmp_path, not the clone
    writes = argv[0] != "device" and "-o" not in argv
    code = main([*argv, "-o", str(tmp_path / "out")] if writes else argv)
    assert code == 0, capsys.readouterr().err


@needs_full
def test_readme_numbers_are_current():
    text = readme.README.read_text(encoding="utf-8")
    assert readme.generate(text, list(readme.BLOCKS)) == text, (
        "README.md is stale: run python -m ncled.tools.readme")
