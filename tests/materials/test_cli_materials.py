"""``ncled materials list|show`` through ncled.cli.main.main (exit codes and outputs)."""

import json

import pytest

from ncled.cli.main import main


def test_list(capsys):
    assert main(["materials", "list"]) == 0
    out = capsys.readouterr().out
    for name in ("soda-lime-glass", "HgTe-NC-film", "Olmon"):
        assert name in out
    assert main(["materials", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    au = next(r for r in rows if r["name"] == "Au")
    assert au["wavelength_min_nm"] == pytest.approx(300.0)


def test_show_json_and_csv(capsys):
    assert main(["materials", "show", "Au", "--wavelength", "2000,3000", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["data"][0]["k"] == pytest.approx(13.65, rel=5e-3)  # Olmon 2012 at 2 um
    assert (
        main(
            [
                "materials",
                "show",
                "ITO",
                "-w",
                "1:3:3um",
                "--csv",
                "-p",
                "sheet_resistance_ohm_sq=7",
                "-p",
                "reference_thickness_nm=180",
            ]
        )
        == 0
    )
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0] == "wavelength_nm,n,k,eps_real,eps_imag" and len(lines) == 4


def test_show_table_and_output_folder(tmp_path, capsys):
    out = tmp_path / "mat"
    assert main(["materials", "show", "soda-lime-glass", "-w", "2200", "-o", str(out)]) == 0
    assert "1.4985" in capsys.readouterr().out
    assert {p.name for p in out.iterdir()} == {"nk.json", "nk.csv", "nk.png"}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["materials", "show", "soda-lime"], "did you mean soda-lime-glass"),
        (
            ["materials", "show", "Au", "-w", "100"],
            "'Au': wavelength 100 nm is outside its valid range 300-24930 nm",
        ),
        (["materials", "show", "Au", "-w", "abc"], "--wavelength: cannot read 'abc'"),
        (["materials", "show", "ITO", "-p", "mobility"], "expected KEY=VALUE"),
        (["materials", "show", "ITO", "-p", "foo=1"], "unknown parameter"),
        (["materials", "show", "Au", "--json", "--csv"], "at most one of --json and --csv"),
    ],
)
def test_bad_input_exit_2(argv, message, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in " ".join(err.split())  # rich may wrap long lines
    assert "Traceback" not in err
