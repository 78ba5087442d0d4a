"""``ncled analyze led | lifetime | spectrum`` on the example files: numbers and exit codes."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest

from ncled.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
EX = ROOT / "examples" / "measurements"


def _model():
    spec = importlib.util.spec_from_file_location(
        "make_measurement_examples", ROOT / "examples" / "make_measurement_examples.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_led_command_recovers_example_model(tmp_path, capsys):
    rc = main(["analyze", "led", str(EX / "led_sweep.csv"), "-m", str(EX / "measurement.toml"),
               "-o", str(tmp_path)])
    assert rc == 0
    out = json.loads((tmp_path / "led_summary.json").read_text())
    s = out["summary"]
    mod = _model()
    j_peak = s["peak_eqe_current_density_ma_cm2"] * 10  # A/m^2
    truth = mod.eqe_model(j_peak) * 100
    # the stated uncertainty includes the 5 % responsivity and geometry calibration terms
    assert abs(s["peak_eqe_percent"] - truth) < 3 * s["peak_eqe_unc_percent"]
    assert 0.5 < s["turn_on_voltage_v"] < 0.7  # the model's soft turn-on near 0.55-0.6 V
    assert s["peak_eqe_integrated_percent"] > s["peak_eqe_percent"]  # 280 nm wide EL near 2 um
    csv = (tmp_path / "led_sweep.csv").read_text().splitlines()
    assert csv[0].startswith("voltage_v,current_ma") and len(csv) == 62
    assert (tmp_path / "led.png").stat().st_size > 10_000
    assert "peak EQE" in capsys.readouterr().out


def test_lifetime_command_recovers_lt50(tmp_path):
    rc = main(["analyze", "lifetime", str(EX / "lifetime_trace.csv"), "-m",
               str(EX / "measurement.toml"), "-o", str(tmp_path)])
    assert rc == 0
    out = json.loads((tmp_path / "lifetime_summary.json").read_text())
    mod = _model()
    lt50 = mod.TAU_H * np.log(2) ** (1 / mod.BETA)
    fit = out["stretched_exponential"]
    assert abs(fit["lt_h"]["LT50"] - lt50) < 3 * fit["lt_unc_h"]["LT50"]
    ex = out["extrapolation"]["values"]
    assert len(ex) == 6 and all(e["extrapolation"] for e in ex)
    # L0^n LT = const: from 1 to 0.1 W/sr/m2 with n = 1.7, LT grows by 10^1.7 (L0 fitted ~1)
    e50 = next(e for e in ex if e["fraction"] == 0.5 and e["initial_radiance_w_sr_m2"] == 0.1)
    assert e50["lt_h"] == pytest.approx(fit["lt_h"]["LT50"] * (fit["l0"] / 0.1) ** 1.7,
                                        rel=1e-9)


def test_spectrum_command_el_vs_pl_blackbody(tmp_path):
    rc = main(["analyze", "spectrum", str(EX / "el_spectrum.csv"), "--reference",
               str(EX / "pl_spectrum.csv"), "--blackbody", "33C", "-o", str(tmp_path)])
    assert rc == 0
    out = json.loads((tmp_path / "spectrum_summary.json").read_text())
    mod = _model()
    g = out["gaussians_energy"]
    # seeded noise 0.003 on a unit peak: the centre is good to a few 1e-4 eV
    assert g["center_ev"][0] == pytest.approx(mod.EL_CENTER_EV, abs=3 * g["center_ev_err"][0])
    assert out["metrics"]["fwhm_nm"] == pytest.approx(280, abs=5)
    assert out["reference"]["comparison"]["peak_shift_mev"] < 0  # EL red-shifted
    assert out["reference"]["comparison"]["fwhm_ratio"] > 1  # and broader
    assert out["blackbody"]["temperature_k"] == pytest.approx(306.15)
    assert out["smoothing"] is None  # no smoothing unless asked


def test_cli_bad_input_exit_codes(tmp_path, capsys):
    bad = tmp_path / "sweep.csv"
    bad.write_text("Voltage (V),Temperature (C)\n1,2\n2,3\n")
    assert main(["analyze", "led", str(bad), "--pixel-area", "1 mm2", "-o", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "sweep.csv" in err and "columns found" in err and "Traceback" not in err
    neg = tmp_path / "neg.csv"
    neg.write_text("Voltage (V),Current (mA),Optical power (uW)\n0,0,0\n1,1,-1\n2,2,3\n")
    assert main(["analyze", "led", str(neg), "--pixel-area", "1 mm2", "--wavelength", "2000nm",
                 "-o", str(tmp_path)]) == 2
    assert "negative" in capsys.readouterr().err
    toml = tmp_path / "m.toml"
    toml.write_text('pixel_area = "-1 mm2"\n[detector]\narea = "1 mm2"\n')
    assert main(["analyze", "led", str(EX / "led_sweep.csv"), "-m", str(toml)]) == 2
    err = capsys.readouterr().err
    assert "pixel_area" in err and "detector" in err  # both problems reported together
    binf = tmp_path / "x.spa"
    binf.write_bytes(b"\x00\x01\x02" * 50)
    assert main(["analyze", "spectrum", str(binf), "-o", str(tmp_path)]) == 2
    assert "unknown binary format" in capsys.readouterr().err
    assert main(["analyze", "lifetime", str(EX / "lifetime_trace.csv"), "--target-radiance",
                 "0.1", "-o", str(tmp_path)]) == 2
    assert "exponent" in capsys.readouterr().err
