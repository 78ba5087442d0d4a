"""The analyse commands: the README's examples run from examples/measurements/, the CLI gives the
library's numbers, bad input exits 2 with a message naming what is wrong, a failed fit exits 3."""

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from ncled.analysis.global_analysis import global_lifetime_fit
from ncled.analysis.kinetics import sequential_scheme
from ncled.analysis.target_analysis import (
    IRF,
    DataSelection,
    fit_target,
    pre_time_zero_weights,
)
from ncled.analysis.xps_fit import fit_xps
from ncled.analysis.xps_model import load_xps_model, xps_spectra
from ncled.cli.main import main
from ncled.io.transient import read_transient

EX = Path(__file__).resolve().parents[2] / "examples" / "measurements"
PS = 1e-12


def test_xps_cli_equals_library(tmp_path):
    """The README's xps line with the model file."""
    out = tmp_path / "xps"
    assert main(["analyze", "xps", str(EX / "pt4f.vms"), "--region", "Pt 4f", "--model",
                 str(EX / "pt4f_model.toml"), "-o", str(out)]) == 0
    rep = json.loads((out / "xps.json").read_text())["regions"]["Pt 4f"]
    model = load_xps_model(EX / "pt4f_model.toml")
    (_name, be, y), = xps_spectra(EX / "pt4f.vms", region="Pt 4f")
    lib = fit_xps(be, y, model.components, **model.options)
    for key, (value, err, _kind) in lib.parameters.items():
        # the same function on the same data: identical to rounding
        assert rep["parameters"][key]["value"] == pytest.approx(value, rel=1e-12), key
        assert rep["parameters"][key]["stderr"] == pytest.approx(err, rel=1e-9), key
    assert rep["provenance"]["function"] == "ncled.analysis.xps_fit.fit_xps"
    assert abs(rep["parameters"]["Pt4f.ratio"]["value"] - 0.75) < 0.1  # spin-orbit 3:4


def test_transient_cli_equals_library_and_recovers_the_example(tmp_path):
    out = tmp_path / "ta"
    args = ["--scheme", "sequential", "--lifetimes", "0.3,10,=1000", "--exclude", "520:540"]
    # (the README's line)
    assert main(["analyze", "transient", str(EX / "transient.ascii"), *args,
                 "-o", str(out)]) == 0
    rep = json.loads((out / "transient.json").read_text())
    ds, _ = read_transient(EX / "transient.ascii", "ps")
    t, wl, sig = ds["delay"].values, ds["wavelength"].values, ds["signal"].values
    sel = DataSelection(exclude_m=((520e-9, 540e-9),))
    lib = fit_target(t, wl, sig, sequential_scheme(["S1", "S2", "S3"], [1 / (0.3 * PS),
                                                                         1 / (10 * PS),
                                                                         "=1e9"]),
                     IRF(center_s=0.0, fwhm_s=0.1 * PS), selection=sel,
                     weights=pre_time_zero_weights(t, sig, sel, 0.0, 0.1 * PS))
    for k in ("k1", "k2"):
        assert rep["rates_per_ps"][k] == pytest.approx(lib.rates[k] * PS, rel=1e-9)
        # the example was made with 0.5 ps and 20 ps: recovered within 3 standard errors
    assert abs(rep["rates_per_ps"]["k1"] - 2.0) < 3 * rep["rates_stderr_per_ps"]["k1"]
    assert abs(rep["rates_per_ps"]["k2"] - 0.05) < 3 * rep["rates_stderr_per_ps"]["k2"]
    assert rep["provenance"]["options"]["selection"]["exclude_m"]
    assert (out / "transient_spectra.csv").exists() and (out / "transient_svd.csv").exists()


def test_parallel_transient_keeps_the_old_global_fit_numbers(tmp_path):
    """The former `analyze transient` (global_lifetime_fit, parallel decays) and the new target
    analysis with a parallel scheme fit the same model: the same lifetimes."""
    ds, _ = read_transient(EX / "transient.ascii", "ps")
    t, sig = ds["delay"].values, ds["signal"].values
    old = global_lifetime_fit(t, sig, [0.3 * PS, 10 * PS, 1000 * PS], t0_s=0.0,
                              irf_fwhm_s=0.1 * PS)
    out = tmp_path / "par"
    assert main(["analyze", "transient", str(EX / "transient.ascii"), "--lifetimes",
                 "0.3,10,1000", "--irf", "0.1", "-o", str(out)]) == 0
    rep = json.loads((out / "transient.json").read_text())
    # weights differ (the CLI weights by the pre-time-zero noise, uniform here): agreement
    # within the standard errors
    new = np.array(rep["lifetimes_ps"]) * PS
    assert np.all(np.abs(np.sort(new) - np.sort(old.lifetimes_s))
                  < 2 * np.sort(old.lifetimes_stderr_s))


@pytest.mark.parametrize("cmd", [
    ["analyze", "fet", "fet_transfer.csv", "--length", "15um", "--width", "50um", "--oxide",
     "85nm", "--vds", "0.1"],
    ["analyze", "xps", "pt4f.vms", "--region", "Pt 4f", "--peaks", "71.1,74.4", "--background",
     "shirley"],
    ["analyze", "trxps", "trxps_series.txt", "--centers", "100.39,100.97", "--resolution", "30"],
])
def test_readme_examples_run(cmd, tmp_path, monkeypatch):
    monkeypatch.chdir(EX)
    assert main([*cmd, "-o", str(tmp_path / "o")]) == 0


def _write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text)
    return str(p)


_MODEL_A = '[[component]]\nname = "A"\ncenter = 71.0\n'
_BAD_INPUT = {
    # issue 13's acceptance: each bad input names what is wrong, exit 2, no traceback
    "unknown line shape (option)": (["xps", "{pt}", "--shape", "gausian"], "gausian"),
    "unknown line shape (model file)": (["xps", "{pt}", "--model", "{m}"], "lorenzian", (
        _MODEL_A + 'shape = "lorenzian"\n')),
    "unknown constraint name (component)": (["xps", "{pt}", "--model", "{m}"],
                                            "unknown component", (
        '[[component]]\nname = "A"\ncenter = "Q.center + 1"\n')),
    "unknown constraint name (parameter)": (["xps", "{pt}", "--model", "{m}"], "widht", (
        _MODEL_A + '[[component]]\nname = "B"\ncenter = 74.0\nfwhm = "A.widht"\n')),
    "circular constraints": (["xps", "{pt}", "--model", "{m}"], "circular", (
        '[[component]]\nname = "A"\ncenter = "B + 1"\n'
        '[[component]]\nname = "B"\ncenter = "A - 1"\n')),
    "unknown background": (["xps", "{pt}", "--background", "tougaard_jiont"], "tougaard_jiont"),
    "peaks outside the data": (["xps", "{pt}", "--peaks", "500,600"], "outside the data"),
    "kinetic scheme that does not close": (["transient", "{tr}", "--scheme", "{m}"],
                                           "does not close", (
        'species = ["A", "B"]\ntransfers = [["A", "B", "k1"]]\n[rates_per_ps]\nk1 = 1.0\n')),
    "exclusion band outside the data": (["transient", "{tr}", "--exclude", "900:950"],
                                        "outside the data"),
    "negative responsivity": (["led", str(EX / "led_sweep.csv"), "-m",
                               str(EX / "measurement.toml"), "--responsivity", "-1"],
                              "--responsivity"),
    "unknown axis unit": (["spectrum", str(EX / "el_spectrum.csv"), "--axis-unit", "furlong"],
                          "furlong"),
}


@pytest.mark.parametrize("case", list(_BAD_INPUT))
def test_bad_input_exits_2_with_a_message(case, tmp_path, capsys):
    argv, needle, *text = _BAD_INPUT[case]
    model = _write(tmp_path, "model.toml", text[0]) if text else ""
    argv = [a.format(pt=EX / "pt4f.vms", tr=EX / "transient.ascii", m=model) for a in argv]
    assert main(["analyze", *argv, "-o", str(tmp_path / "o")]) == 2, argv
    err = capsys.readouterr().err
    assert needle in err and "Traceback" not in err, (argv, err)


def test_rising_lifetime_and_negative_photocurrent_are_refused(tmp_path, capsys):
    rows = [ln for ln in (EX / "lifetime_trace.csv").read_text().splitlines()
            if not ln.startswith("#")]
    vals = [r.split(",") for r in rows[1:]]
    rising = [rows[0]] + [f"{a[0]},{b[1]}" for a, b in zip(vals, vals[::-1], strict=True)]
    assert main(["analyze", "lifetime", _write(tmp_path, "rise.csv", "\n".join(rising)),
                 "-o", str(tmp_path / "o")]) == 2
    assert "does not decay" in capsys.readouterr().err
    rows = [ln for ln in (EX / "led_sweep.csv").read_text().splitlines()
            if not ln.startswith("#")]
    neg = [rows[0]] + [",".join([*r.split(",")[:2], str(-float(r.split(",")[2]))])
                       for r in rows[1:]]
    assert main(["analyze", "led", _write(tmp_path, "neg.csv", "\n".join(neg)), "-m",
                 str(EX / "measurement.toml"), "-o", str(tmp_path / "o2")]) == 2
    assert "photocurrent_sign = -1" in capsys.readouterr().err


def test_a_fit_that_does_not_converge_exits_3(tmp_path, monkeypatch, capsys):
    import ncled.cli.analyze_more as am

    def failing(*args, **kwargs):
        return replace(fit_xps(*args, **kwargs), success=False, message="maximum evaluations")

    monkeypatch.setattr(am, "fit_xps", failing)
    out = tmp_path / "o"
    assert main(["analyze", "xps", str(EX / "pt4f.vms"), "--region", "Pt 4f", "-o",
                 str(out)]) == 3
    assert "maximum evaluations" in capsys.readouterr().err
    assert (out / "xps.json").exists()  # partial results kept


def test_transient_options_dispersion_binning_background(tmp_path):
    out = tmp_path / "opt"
    assert main(["analyze", "transient", str(EX / "transient.ascii"), "--scheme", "sequential",
                 "--lifetimes", "0.3,10,=1000", "--exclude", "520:540", "--dispersion", "1",
                 "--dispersion-center", "575", "--bin", "2", "--background",
                 "-o", str(out)]) == 0
    rep = json.loads((out / "transient.json").read_text())
    # the example has no dispersion: the fitted linear coefficient is within 3 standard
    # errors of zero
    assert abs(rep["dispersion_ps"][0]) < 3 * rep["irf_stderr_ps"]["dispersion_1"]
    assert abs(rep["rates_per_ps"]["k1"] - 2.0) < 3 * rep["rates_stderr_per_ps"]["k1"]
    sel = rep["provenance"]["options"]["selection"]
    assert sel["bin_wavelengths"] == 2 and sel["background"] == "pre_time_zero"


def test_transient_and_fermi_edge_fits_that_do_not_converge_exit_3(tmp_path, monkeypatch,
                                                                   capsys):
    import ncled.analysis.xps as xps
    import ncled.cli.analyze_more as am

    def failing(*args, **kwargs):
        return replace(fit_target(*args, **kwargs), success=False, message="too many calls")

    monkeypatch.setattr(am, "fit_target", failing)
    out = tmp_path / "t"
    assert main(["analyze", "transient", str(EX / "transient.ascii"), "-o", str(out)]) == 3
    assert "too many calls" in capsys.readouterr().err
    # a Fermi edge that cannot be fitted gives no calibration: exit 3, not a guessed shift
    real = xps.fit_fermi_edge
    monkeypatch.setattr(xps, "fit_fermi_edge", lambda *a, **k: replace(
        real(*a, **k), success=False, message="maximum evaluations"))
    e = np.linspace(-1.0, 1.0, 101)
    ref = _write(tmp_path, "ef.txt", "# BE (eV), counts\n" + "\n".join(
        f"{a},{1000.0 if a > 0 else 100.0}" for a in e))
    assert main(["analyze", "xps", str(EX / "pt4f.vms"), "--calibrate", "fermi-edge",
                 "--reference-file", ref, "-o", str(tmp_path / "x")]) == 3
    assert "Fermi-edge fit did not converge" in capsys.readouterr().err
