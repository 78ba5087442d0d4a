"""`ncled nc` commands: outputs, numbers, exit codes."""

import json

import pytest

from ncled.cli.main import main


def test_spectrum_json_and_files(tmp_path, capsys):
    rc = main(["nc", "spectrum", "--material", "HgTe", "--peak", "2000nm", "--json",
               "-o", str(tmp_path)])
    assert rc == 0
    m = json.loads(capsys.readouterr().out)["metrics"]
    assert m["pl_peak_nm"] == pytest.approx(2000.0, abs=0.05)  # solved peak (see spectra tests)
    assert m["stokes_nm"] == pytest.approx(120.0, abs=30.0)  # Qu 2022
    for f in ("spectrum.json", "spectrum.csv", "spectrum.png"):
        assert (tmp_path / f).stat().st_size > 0


@pytest.mark.parametrize("material, size", [("PbS", "3.3nm"), ("ZnO", "4nm"), ("HgTe", "8nm")])
def test_spectrum_materials(tmp_path, capsys, material, size):
    assert main(["nc", "spectrum", "-m", material, "--diameter", size, "--csv",
                 "-o", str(tmp_path)]) == 0
    assert capsys.readouterr().out.startswith("wavelength_nm,energy_ev")


def test_size_both_directions(tmp_path, capsys):
    assert main(["nc", "size", "--material", "HgTe", "--wavelength", "2000", "--json",
                 "-o", str(tmp_path)]) == 0
    d = json.loads(capsys.readouterr().out)["size"]["diameter_nm"]
    assert main(["nc", "size", "--diameter", f"{d:.12f}", "--json", "-o", str(tmp_path)]) == 0
    back = json.loads(capsys.readouterr().out)["size"]["pl_peak_nm"]
    assert back == pytest.approx(2000.0, abs=0.05)  # round trip through the ensemble


def test_recipe(tmp_path, capsys):
    assert main(["nc", "recipe", "--temperature", "75C", "--batch-scale", "1", "--json",
                 "-o", str(tmp_path)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["pl_peak_nm"] == pytest.approx(2150.0, abs=1e-6)  # Qu 2022: 75 C -> 2.15 um
    assert out["warnings"] == []
    assert main(["nc", "recipe", "--peak", "2600nm", "-o", str(tmp_path)]) == 0
    assert "extrapolation" in capsys.readouterr().err  # visible warning outside 70-80 C


@pytest.mark.parametrize("args, msg", [
    (["nc", "spectrum", "-m", "CdSe", "-d", "3nm"], "unknown nanocrystal material"),
    (["nc", "size", "--diameter", "-3"], "diameter must be positive"),
    (["nc", "size", "-m", "PbS", "--wavelength", "5000"], "no diameter"),
    (["nc", "size"], "one of them"),
    (["nc", "spectrum", "-d", "6nm", "-p", "2000nm"], "not both"),
    (["nc", "recipe", "--temperature", "-20C"], "--temperature"),
    (["nc", "recipe", "--temperature", "75C", "--batch-scale", "0"], "--batch-scale"),
])
def test_bad_input_exit_2(tmp_path, capsys, args, msg):
    assert main([*args, "-o", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert msg in err and "Traceback" not in err
