"""Parts of the CLI contract not covered by the bad-input table: warnings, output folders."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import ncled.cli.main as cli_main
from ncled.errors import ConfigError


def test_python_warning_becomes_one_named_line(monkeypatch, capsys):
    def noisy(args, standalone_mode):
        np.log(np.array([-1.0]))  # numpy's RuntimeWarning: invalid value encountered in log
        warnings.warn("a model left its calibrated range", UserWarning, stacklevel=1)

    monkeypatch.setattr(cli_main, "app", noisy)
    assert cli_main.main([]) == 0
    err = capsys.readouterr().err
    lines = [x for x in err.splitlines() if x.strip()]
    assert len(lines) == 2, err  # one line per warning, no source line echoed
    assert lines[0].startswith("warning: RuntimeWarning in ")
    assert "invalid value encountered in log" in lines[0]
    assert lines[1].startswith("warning: UserWarning in ")


def test_ncled_error_exit_codes(monkeypatch, capsys):
    from ncled.errors import ConvergenceError

    def fails(args, standalone_mode):
        raise ConvergenceError("no convergence at 2.1 V")

    monkeypatch.setattr(cli_main, "app", fails)
    assert cli_main.main([]) == 3  # non-convergence is 3, not 2
    assert "no convergence at 2.1 V" in capsys.readouterr().err


def test_output_folder_checks(tmp_path):
    cli_main.check_output_folder(str(tmp_path / "new" / "deeper"))  # creatable: fine
    plain = tmp_path / "plain"
    plain.write_text("x")
    with pytest.raises(ConfigError, match="plain"):
        cli_main.check_output_folder(str(plain))
    with pytest.raises(ConfigError, match="plain"):
        cli_main.check_output_folder(str(plain / "sub"))
    with pytest.raises(ConfigError, match="--output"):
        cli_main.check_output_folder("  ")
