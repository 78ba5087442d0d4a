"""``ncled analyze fet | xps | trxps | transient`` through ncled.cli.main.main."""

import json
from pathlib import Path

import numpy as np
import pytest

from ncled.analysis.global_analysis import decay_matrix, exp_conv_gauss
from ncled.analysis.trxps import simulate_trxps_series
from ncled.cli.main import main

DATA = Path(__file__).resolve().parents[1] / "data" / "xps"


def test_fet_command(tmp_path):
    vg = np.linspace(-20, 20, 81)
    files = []
    for k, (vnp, mu_e) in enumerate(((2.0, 0.02), (-3.0, 0.04))):
        i = 50 / 15 * 4.06e-4 * 0.1 * np.where(vg > vnp, mu_e, 0.01) * np.sqrt(
            (vg - vnp) ** 2 + 0.25)
        p = tmp_path / f"fet{k}.csv"
        p.write_text("Vg (V),Id (A)\n" + "\n".join(f"{a},{b}" for a, b in zip(vg, i,
                                                                                strict=True)))
        files.append(str(p))
    out = tmp_path / "out"
    rc = main(["analyze", "fet", *files, "--length", "15 um", "--width", "50 um", "--oxide",
               "85 nm", "--vds", "0.1", "--composition", "1.0,0.5", "-o", str(out)])
    assert rc == 0
    rep = json.loads((out / "fet.json").read_text())
    s = rep["files"][files[1]]["sweeps"][0]
    # mobility from the slope 17.5 V from the minimum: within 0.1 % of 400 cm^2/Vs
    assert s["electron_mobility_cm2_vs"] == pytest.approx(400, rel=2e-3)
    assert (out / "fet_composition.png").exists() and (out / "fet_composition.csv").exists()
    assert main(["analyze", "fet", files[0], "--length", "15 um", "--width", "50 um",
                 "-o", str(out)]) == 2  # neither oxide nor capacitance


def test_xps_command(tmp_path, capsys):
    out = tmp_path / "au"
    assert main(["analyze", "xps", str(DATA / "au4f_clean_hv180.csv"), "--au4f",
                 "-o", str(out)]) == 0
    rep = json.loads((out / "xps.json").read_text())["regions"]["au4f_clean_hv180"]
    # the text file gives hv = 180 eV; with no work function the 4f7/2 reads 87.6 eV, so the
    # effective spectrometer work function is 3.6 eV (a plausible analyser value)
    assert rep["au4f72_measured_ev"] == pytest.approx(87.63, abs=0.05)
    model = tmp_path / "m.toml"
    model.write_text('background = "shirley"\n[[component]]\nname = "A"\ncenter = 71.0\n'
                     'fwhm = 1.0\narea = 1000.0\nshape = "doniach_sunjic"\n'
                     'doublet_splitting_ev = "=3.33"\ndoublet_ratio = "=0.75"\n')
    out2 = tmp_path / "pt"
    assert main(["analyze", "xps", str(DATA / "pt4f_casaxps.vms"), "--model", str(model),
                 "-o", str(out2)]) == 0
    pt = json.loads((out2 / "xps.json").read_text())["regions"]["Pt 4f"]["parameters"]
    # Pt 4f7/2 of the metal: 71.0-71.2 eV (NIST SRD 20); asymmetric metal line -> DS shape
    assert pt["A.center"]["value"] == pytest.approx(71.1, abs=0.15)
    assert (out2 / "xps_Pt_4f.png").exists()
    assert main(["analyze", "xps", str(DATA / "pt4f_casaxps.vms"), "--region", "O 1s",
                 "-o", str(out2)]) == 2
    assert "regions present" in capsys.readouterr().err


def test_xps_edges(tmp_path):
    be = np.linspace(-2, 6, 401)
    p = tmp_path / "vb.csv"
    p.write_text("BE (eV),counts\n" + "\n".join(
        f"{e},{20 + (400 * (e - 0.8) if e > 0.8 else 0)}" for e in be))
    assert main(["analyze", "xps", str(p), "--edge", "vb", "-o", str(tmp_path / "v")]) == 0
    rep = json.loads((tmp_path / "v" / "xps_edge.json").read_text())
    assert rep["valence_band_onset_ev"] == pytest.approx(0.8, abs=1e-6)  # exact linear edge
    ke = np.linspace(0, 12, 601)
    p = tmp_path / "se.csv"
    p.write_text("KE (eV),counts\n" + "\n".join(
        f"{k},{max(0.0, min(3000 * (k - 5.0), 1500 * np.exp(-(k - 5.5))))}" for k in ke))
    # He I (21.22 eV), E_F at 21.7 eV on the biased scale: WF = 21.22 - (21.7 - 5.0) = 4.52 eV
    assert main(["analyze", "xps", str(p), "--edge", "cutoff", "--hv", "21.22", "--fermi-ke",
                 "21.7", "-o", str(tmp_path / "c")]) == 0
    rep = json.loads((tmp_path / "c" / "xps_edge.json").read_text())
    assert rep["work_function_ev"] == pytest.approx(4.52, abs=1e-6)
    assert main(["analyze", "xps", str(p), "--edge", "cutoff"]) == 2  # needs --hv, --fermi-ke


def test_trxps_command(tmp_path):
    e = np.linspace(98.5, 102.5, 81)
    d = np.arange(-60e-9, 300e-9, 10e-9)
    y = simulate_trxps_series(e, d, -0.006 * exp_conv_gauss(d, 60e-9, 0, 30e-9),
                              heights=(1e5, 4e4), rng=np.random.default_rng(1))
    p = tmp_path / "series.txt"
    lines = ["delay (ns)\t" + "\t".join(f"{x:.4f}" for x in e)]
    lines += [f"{t * 1e9:.1f}\t" + "\t".join(f"{v:.0f}" for v in row)
              for t, row in zip(d, y, strict=True)]
    p.write_text("\n".join(lines) + "\n")
    out = tmp_path / "tr"
    assert main(["analyze", "trxps", str(p), "-o", str(out)]) == 0
    rep = json.loads((out / "trxps.json").read_text())
    assert rep["sign"] == -1 and rep["failed_spectra"] == []
    assert (out / "trxps_shift.csv").exists()


def test_transient_command(tmp_path):
    t = np.linspace(-1, 30, 150)  # ps
    wl = np.linspace(500, 600, 12)
    das = np.vstack([np.sin(wl / 20), np.cos(wl / 30)])
    sig = decay_matrix(t * 1e-12, [2e-12, 15e-12], 0.0, 0.2e-12) @ das
    sig += np.random.default_rng(0).normal(0, 1e-3, sig.shape)
    p = tmp_path / "d.ascii"
    p.write_text("Header\nsynthetic\nTime explicit\nintervalnr 150\n\t"
                 + "\t".join(f"{x:.6f}" for x in t) + "\n"
                 + "\n".join(f"{w}\t" + "\t".join(f"{v:.6g}" for v in sig[:, k])
                             for k, w in enumerate(wl)) + "\n")
    out = tmp_path / "ta"
    assert main(["analyze", "transient", str(p), "--lifetimes", "1,10", "--irf", "0.3",
                 "-o", str(out)]) == 0
    rep = json.loads((out / "transient.json").read_text())
    taus, errs = np.array(rep["lifetimes_ps"]), np.array(rep["lifetimes_stderr_ps"])
    assert np.all(np.abs(taus - [2, 15]) < 3 * errs)
    assert main(["analyze", "transient", str(tmp_path / "missing.ascii")]) == 2


def test_xps_fermi_edge_calibration_gives_the_library_numbers(tmp_path):
    from ncled.analysis.xps import calibrate_fermi_edge
    from ncled.analysis.xps_fit import fit_xps
    from ncled.analysis.xps_lineshapes import fermi_edge, gaussian
    from ncled.analysis.xps_model import guess_components, xps_spectra

    # a gold Fermi edge measured 0.12 eV too high and an Au 4f7/2-like line at 84.12 eV: the
    # same offset, so the calibrated line sits at 84.00 eV
    rng = np.random.default_rng(31)
    e_f = np.linspace(-1.0, 1.0, 201)
    y_f = rng.poisson(fermi_edge(e_f, 0.12, 300.0, 0.15, 0.0, 2000.0, 100.0)).astype(float)
    e_p = np.linspace(81.0, 87.0, 301)
    y_p = rng.poisson(200.0 + gaussian(e_p, 84.12, 0.9, 20000.0)).astype(float)
    ref, spec = tmp_path / "fermi.txt", tmp_path / "au.txt"
    for p, e, y in ((ref, e_f, y_f), (spec, e_p, y_p)):
        p.write_text("# BE (eV), counts\n" + "\n".join(f"{a},{b}" for a, b in
                                                       zip(e, y, strict=True)))
    out = tmp_path / "cal"
    assert main(["analyze", "xps", str(spec), "--calibrate", "fermi-edge", "--reference-file",
                 str(ref), "--peaks", "84.1", "--background", "linear", "-o", str(out)]) == 0
    rep = json.loads((out / "xps.json").read_text())
    # the library, called on the same files, gives the same numbers (to JSON's round trip)
    (_, be_f, yy_f), = xps_spectra(ref)
    cal = calibrate_fermi_edge(be_f, yy_f)
    assert rep["calibration"]["shift_ev"] == pytest.approx(cal.shift_ev, rel=1e-12)
    assert rep["calibration"]["shift_stderr_ev"] == pytest.approx(cal.shift_stderr_ev, rel=1e-12)
    (_, be_p, yy_p), = xps_spectra(spec)
    be_cal = cal.apply(be_p)
    fit = fit_xps(be_cal, yy_p, guess_components(be_cal, yy_p, [84.1]), background="linear")
    centre = rep["regions"]["au"]["parameters"]["P1.center"]
    assert centre["value"] == pytest.approx(fit.value("P1.center"), rel=1e-12)
    # and the round trip: the edge at 0.12 eV within 3 standard errors, the line at 84.00 eV
    assert abs(cal.measured_ev - 0.12) < 3 * cal.shift_stderr_ev
    assert abs(centre["value"] - 84.0) < 3 * np.hypot(centre["stderr"], cal.shift_stderr_ev)
    # the calibration needs a reference
    assert main(["analyze", "xps", str(spec), "--calibrate", "fermi-edge", "-o",
                 str(out)]) == 2
    assert main(["analyze", "xps", str(spec), "--calibrate", "valence", "-o", str(out)]) == 2
