"""``ncled optics rt`` through ncled.cli.main.main and the device-level optical stack."""

import csv
import json

import numpy as np
import pytest

from ncled.cli.main import main
from ncled.device.config import load_device
from ncled.device.optical_stack import device_rta, optical_stack
from ncled.errors import ConfigError


def test_rt_json_conserves_energy(tmp_path, capsys):
    out = tmp_path / "rt"
    assert main(["optics", "rt", "reference", "--wavelength", "2000", "--angle", "0,30",
                 "--json", "-o", str(out)]) == 0
    payload = json.loads(capsys.readouterr().out)
    rows = payload["rows"]
    for pol in ("s", "p", "unpolarized"):
        for ang in (0.0, 30.0):
            sel = [r for r in rows if r["polarization"] == pol and abs(r["angle_deg"] - ang) < 1e-9]
            a = sum(r["value"] for r in sel if r["quantity"] == "A")
            assert a == pytest.approx(1.0, abs=1e-12)  # per-medium entries sum to 1
    assert (out / "rt.csv").exists() and (out / "rt.png").exists()


def test_rt_table_and_csv(tmp_path, capsys):
    assert main(["optics", "rt", "reference_ito180", "-o", str(tmp_path), "--side", "back"]) == 0
    assert "A ITO" in capsys.readouterr().out
    assert main(["optics", "rt", "-o", str(tmp_path), "--csv"]) == 0
    rows = list(csv.DictReader(capsys.readouterr().out.splitlines()))
    assert {r["quantity"] for r in rows} == {"R", "T", "A"}


@pytest.mark.parametrize("args", [["--angle", "90"], ["--side", "top"], ["--wavelength", "x"],
                                  ["no_such_device.toml"], ["--wavelength", "100"]])
def test_rt_bad_input_exit_2(tmp_path, args, capsys):
    assert main(["optics", "rt", *args, "-o", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "error" in err and "Traceback" not in err


def test_device_stack_front_back():
    dev = load_device("reference")
    stack = optical_stack(dev, [2e-6])
    assert stack.names[0].startswith("front ambient") and stack.names[-1].startswith("back")
    assert stack.n.shape == (len(dev.layers) + 2, 1)
    assert stack.coherent[0] is False  # the 1 mm glass
    _, front = device_rta(dev, 2e-6, 0.0)
    _, back = device_rta(dev, 2e-6, 0.0, side="back")
    np.testing.assert_allclose(front.T, back.T, atol=1e-13)  # reciprocity of T (same xi = 0)
    assert back.R[0, 0, 0] > 0.9  # Au mirror seen from the back
    _, thick = device_rta(dev, 2e-6, 0.0, thickness_override_m={"ITO": 180e-9})
    assert thick.R[0, 0, 0] > front.R[0, 0, 0]  # thicker Drude ITO reflects more at 2 um
    with pytest.raises(ConfigError, match="unknown layer"):
        optical_stack(dev, [2e-6], {"XYZ": 1e-9})
