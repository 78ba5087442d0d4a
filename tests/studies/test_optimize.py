"""Optimisation: an optics study's Pareto front, resumed from its journal; (opt-in) the LED
model's front over ITO thickness and HgTe fraction against the paper's design."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from ncled.studies import load_study
from ncled.studies.optimize import optimize_study

STUDY = """
device = "reference"
mode = "optics"
[[parameters]]
path = "layers.ITO.thickness"
range = ["10 nm", "200 nm"]
[optimize]
trials = {trials}
seed = 3
objectives = [{{ name = "emitter_absorptance", direction = "maximize" }},
              {{ name = "series_resistance_ohm", direction = "minimize" }}]
"""


def test_front_is_non_dominated_and_the_journal_resumes(tmp_path):
    f = tmp_path / "opt.toml"
    f.write_text(STUDY.format(trials=5))
    journal = tmp_path / "journal.log"
    first = optimize_study(load_study(f), journal, executor="serial")
    assert first.trials_run_now == 5
    f.write_text(STUDY.format(trials=8))  # more trials of the same study: resumes
    res = optimize_study(load_study(f), journal, executor="serial")
    assert res.trials_run_now == 3 and res.trials_total == 8
    # objective 0 maximised, 1 minimised: no trial dominates a front member
    sign = np.array([-1.0, 1.0])
    allv, front = res.all_objectives * sign, res.front_objectives * sign
    for p in front:
        assert not np.any(np.all(allv <= p, axis=1) & np.any(allv < p, axis=1))
    # thinner ITO: less parasitic absorption but more resistance, so the front is a trade-off
    order = np.argsort(res.front_parameters[:, 0])
    assert np.all(np.diff(res.front_objectives[order, 1]) <= 0)
    assert np.isfinite(res.base_objectives).all()  # the base design was evaluated first


@pytest.mark.skipif(os.environ.get("NCLED_SLOW_TESTS") != "1",
                    reason="about 30 LED-model solves: set NCLED_SLOW_TESTS=1")
def test_led_front_beats_the_papers_design_in_eqe(tmp_path):
    study = load_study(Path(__file__).parents[2] / "examples" / "studies"
                       / "ito_hgte_optimize.toml")
    res = optimize_study(study, tmp_path / "journal.log", executor="pool", workers=2)
    paper = res.base_objectives[0]  # trial 0 is the file's design: 35 nm ITO, 50 % HgTe
    assert np.nanmax(res.front_objectives[:, 0]) > paper
