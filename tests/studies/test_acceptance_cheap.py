"""The issue's acceptance fit and optimisation, cheap enough for the default suite.

Coarse but checked model settings (each is compared once with the full ones below); the full
versions run with NCLED_SLOW_TESTS=1 (test_fit.py, test_optimize.py).
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from ncled.device.config import load_device
from ncled.studies.fit import FIT_SIMULATION, FitProblem, fit_device, free_parameters, model_curves
from ncled.studies.paths import apply_parameters

#: A coarse LED model (120 nodes, 150 in-plane nodes, 9 wavelengths, 8 depths; one solve at the
#: ambient temperature): about 0.5 s a solve instead of about 1 s. 60 nodes no longer resolve
#: the ZnO/emitter interface transfer loss (peak EQE 0.031 % against 0.057 % with 480 nodes;
#: 120 nodes: 0.055 %, J within 3 %); 4 depths missed the paper design's peak EQE by 11 % (the
#: recombination zone hugs the ZnO interface), 8 depths by 2 %.
COARSE = {"n_nodes": 120, "n_kappa": 150, "n_wavelength": 9, "n_depth": 8}
#: The coarse fit model on 7 biases from 0 to 3 V (the data's voltages lie on them).
COARSE_FIT = {**COARSE, "n_voltage": 7, "electrothermal": False}
TRUE = {"layers.ITO.thickness": 50e-9, "nanocrystal.plqy": 0.03}
BOUNDS = {"layers.ITO.thickness": (20e-9, 80e-9), "nanocrystal.plqy": (2e-3, 0.2),
          "drive.thermal_resistance_k_w": (10.0, 1000.0)}


def test_fit_recovers_known_parameters_within_two_sigma_and_flags_the_undetermined_one():
    dev = load_device("reference")
    v = np.linspace(0.5, 3.0, 6)
    truth = apply_parameters(dev, TRUE)
    x_true = np.array(list(TRUE.values()))
    fp = free_parameters(truth, list(TRUE), BOUNDS)
    model = model_curves(FitProblem(truth, fp, v, v, v, 1, 1, COARSE_FIT), x_true)
    # the coarse settings checked against the fit's own (FIT_SIMULATION, electro-thermal):
    # measured here 6 % in J at 0.5 V, 4 % in L at 3 V; 10 % is the coarse model's budget
    full = model_curves(FitProblem(truth, fp, v, v, v, 1, 1, {**FIT_SIMULATION, "n_voltage": 7}),
                        x_true)
    for key in ("current_density", "radiance"):
        np.testing.assert_allclose(model[key], full[key], rtol=0.10, err_msg=key)
    rng = np.random.default_rng(11)
    noise = 0.02  # decades (5 %): a J-V-L set-up's repeatability
    j = model["current_density"] * 10 ** rng.normal(0, noise, v.size)
    rad = model["radiance"] * 10 ** rng.normal(0, noise, v.size)
    # At the ambient temperature (electro-thermal step off) the J-V-L data carry no information
    # on the thermal resistance: freed anyway, it must be flagged.
    res = fit_device(dev, v, j, rad, free=[*TRUE, "drive.thermal_resistance_k_w"],
                     bounds=BOUNDS, starts=1, seed=1, simulation=COARSE_FIT)
    for k, name in enumerate(TRUE):
        # the acceptance criterion: within two standard errors of the truth
        assert abs(res.value[k] - TRUE[name]) < 2 * res.stderr[k], res.table()
        assert not res.undetermined[k], res.table()
        # and the errors are informative: well inside the bounds (not a flat-cost artefact)
        assert res.stderr[k] < 0.1 * (BOUNDS[name][1] - BOUNDS[name][0]), res.table()
    assert res.undetermined[2] and np.isinf(res.stderr[2])
    assert np.isnan(res.correlation[2]).all() and abs(res.correlation[0, 1]) < 1


STUDY = """
device = "reference"
mode = "full"
[simulation]
voltages = [0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0]
n_nodes = 120
n_kappa = 150
n_wavelength = 9
n_depth = 8
[[parameters]]
path = "layers.ITO.thickness"
range = ["15 nm", "60 nm"]
[[parameters]]
path = "emitter.hgte_fraction"
range = [0.35, 0.65]
[optimize]
trials = 8
seed = 2
objectives = [{ name = "peak_eqe", direction = "maximize" },
              { name = "turn_on_voltage", direction = "minimize" }]
"""


def test_optimisation_beats_the_papers_design_in_eqe_and_says_by_how_much(tmp_path, capsys):
    from ncled.cli.main import main
    from ncled.device.led import simulate_led

    f = tmp_path / "opt.toml"
    f.write_text(STUDY)
    out = tmp_path / "opt"
    code = main(["optimize", str(f), "--out", str(out), "--executor", "serial"])
    text = capsys.readouterr().out
    assert code == 0, text
    front = np.genfromtxt(out / "front.csv", delimiter=",", names=True)
    front = np.atleast_1d(front)
    note = re.search(r"peak_eqe \(maximize\): best on the front ([\d.e+-]+), base design "
                     r"([\d.e+-]+): ([\d.]+)% better", " ".join(text.split()))
    assert note, text
    best, paper, gain = (float(g) for g in note.groups())
    assert best == pytest.approx(np.nanmax(front["peak_eqe"]), rel=1e-3)  # 4 printed digits
    # the paper's design (35 nm ITO, 50 % HgTe, trial 0) at the full settings of a single
    # simulation: the coarse model must be within 10 % of it (measured: 2 %) ...
    full = simulate_led(load_device("reference"), np.linspace(0, 3, 7)).summary["peak_eqe"]
    assert paper == pytest.approx(full, rel=0.10)
    # ... and the front's best design beats it by more than that discretisation error
    assert best > 1.10 * paper, text
    assert gain == pytest.approx(100 * (best / paper - 1), abs=0.1)
    # the mechanism the paper used when it thinned its ITO from 180 to 35 nm: less free-carrier
    # absorption, so the designs that beat it have thinner ITO still
    k = int(np.nanargmax(front["peak_eqe"]))
    assert front["layersITOthickness"][k] < 35e-9, front
    print(f"front best peak EQE {best:.4g} vs the paper's design {paper:.4g}: +{gain:.1f} %")
