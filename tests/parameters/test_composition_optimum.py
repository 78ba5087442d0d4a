"""Where the current goes versus the emitter's composition, and how the EQE optimum depends on
the least-certain loss parameter (issue 11): the ZnO -> HgTe interface transfer rate
``ZnO:HgTe.interface_transfer_rate_s`` (literature range 1e7-1e11 s^-1).

Each composition point is one figures-only LED simulation on the studies' grid (about 1 s)."""

import dataclasses
import importlib.resources as ir

import numpy as np
import pytest

from ncled.device.config import load_device
from ncled.device.electrical import oxide_transfer_coefficient, transport_device
from ncled.device.emitter import current_budget
from ncled.device.led import emitter_physics
from ncled.device.studies import _study_point, with_hgte_fraction
from ncled.parameters import REGISTRY

RATE = "ZnO:HgTe.interface_transfer_rate_s"


@pytest.fixture(scope="module")
def reference():
    return load_device(str(ir.files("ncled.data") / "devices/reference.toml"))


@pytest.fixture
def transfer_rate(monkeypatch):
    """Set the registry's transfer rate for one test (restored afterwards)."""
    def set_rate(value):
        monkeypatch.setitem(REGISTRY, RATE, dataclasses.replace(REGISTRY[RATE], value=value))
    return set_rate


def _budget_at_peak(config, fraction):
    point = _study_point(with_hgte_fraction(config, fraction), None)
    sweep = point.sweep
    j = np.abs(sweep.current)
    k = int(np.argmin(np.abs(j - point.figures.peak_eqe_current_density)))
    emitter = sweep.layer_names.index(config.layers[config.emitter_index].name)
    budget = current_budget(sweep, emitter).isel(voltage=k)
    interfaces = 1.602176634e-19 * sweep.r_interface[k] / j[k]
    return point.figures, budget, interfaces


def test_transfer_coefficient_only_at_the_zno_emitter_interface(reference):
    em = emitter_physics(reference)
    _, films = transport_device(reference, em.gap_ev, em.diameter_m)
    zno, emitter, pbs = films
    d = em.diameter_m
    assert oxide_transfer_coefficient(zno, emitter, d) > 0
    assert oxide_transfer_coefficient(emitter, zno, d) == oxide_transfer_coefficient(zno, emitter,
                                                                                      d)
    assert oxide_transfer_coefficient(emitter, pbs, d) == 0.0  # no oxide there


def test_transfer_coefficient_invariants(reference, transfer_rate):
    em = emitter_physics(reference)
    d = em.diameter_m
    films = {f: transport_device(with_hgte_fraction(reference, f), em.gap_ev, d)[1][:2]
             for f in (0.25, 0.75)}
    # a contact-sheet ZnO NC touches the same number of NCs whatever the mixture; with ZnO and
    # HgTe NCs of one size the NCs per volume do not change with composition, so neither does
    # k (only p, the holes, carries the composition)
    k_same = [oxide_transfer_coefficient(*films[f], d, oxide_diameter_m=d) for f in (0.25, 0.75)]
    assert k_same[0] == pytest.approx(k_same[1], rel=1e-12)
    # with the registry's smaller ZnO (4 vs 6.2 nm) the 25 % film packs more NCs per volume:
    # a hole-holding HgTe neighbour is rarer, k smaller
    k25, k75 = (oxide_transfer_coefficient(*films[f], d) for f in (0.25, 0.75))
    assert k25 < k75
    base = REGISTRY[RATE].value
    transfer_rate(10 * base)  # linear in the transfer rate
    assert oxide_transfer_coefficient(*films[0.75], d) == pytest.approx(10 * k75, rel=1e-12)


def test_loss_sides_follow_the_emitters_type(reference):
    # The paper's mechanism: at 75 % HgTe (p-type) the recombination zone sits against ZnO and
    # the lost current recombines across the ZnO / emitter interface; at 25 % (n-type) electrons
    # overflow to the PbS side and recombine across the emitter / PbS interface.
    fig75, b75, if75 = _budget_at_peak(reference, 0.75)
    fig25, b25, if25 = _budget_at_peak(reference, 0.25)
    assert if75[0] > 10 * if75[1]
    assert if25[1] > 10 * if25[0]
    # the budget closes: excitons + traps + other layers + interfaces + leakage = 1 (1e-6:
    # the solver's current-continuity tolerance)
    for b in (b75, b25):
        assert float(sum(b[v] for v in b.data_vars)) == pytest.approx(1.0, abs=1e-6)
    # at the reference composition the charge balance is a result below one, and the n-type
    # film loses far more (electron overflow) than the p-type one
    assert fig75.charge_balance_at_peak < 1.0
    assert fig25.charge_balance_at_peak < 0.6 < fig75.charge_balance_at_peak


def test_faster_transfer_lowers_the_balance_of_the_p_type_emitter(reference, transfer_rate):
    # over the literature range the ZnO-interface loss grows with the transfer rate (a
    # monotonic invariant of the model, not a fitted number)
    balances = []
    for rate in (1e7, 1e9, 1e11):
        transfer_rate(rate)
        balances.append(_budget_at_peak(reference, 0.75)[0].charge_balance_at_peak)
    assert balances[0] > balances[1] > balances[2]
    # No size is asserted for the top of the range: at 1e11 s^-1 the interface sink depletes a
    # layer thinner than the mesh resolves (balance at 75 % HgTe 0.715 / 0.857 / 0.893 with
    # 240 / 480 / 960 nodes), whereas at 1e9 s^-1 it is converged (0.9328 / 0.9341 / 0.9342).


@pytest.mark.parametrize("rate", [
    1e7,  # bottom of the literature range: EQE 0.0638 % at 50 % vs 0.0627 / 0.0616 at 35 / 75 %
    1e9,  # the registry's value (geometric midpoint)
    pytest.param(1e11, marks=pytest.mark.xfail(strict=True, reason=(
        "top of the range: the ZnO-interface loss takes a third of the current at 50 % HgTe "
        "(charge balance 0.67) and the best of 35/50/75 % moves to 35 %"))),
])
def test_optimum_within_paper_band_over_the_rate_range(reference, transfer_rate, rate):
    # the paper's best EQE at 50 % HgTe: the 50 % point beats its 35 % and 75 % neighbours
    # (the margins are 2-4 %, above the < 1 % of the studies' optical grid)
    transfer_rate(rate)
    eqe = {f: _study_point(with_hgte_fraction(reference, f), None).figures.peak_eqe
           for f in (0.35, 0.5, 0.75)}
    assert eqe[0.5] > max(eqe[0.35], eqe[0.75])
