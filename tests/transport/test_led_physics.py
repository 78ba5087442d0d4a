"""The reference LED's transport physics: state filling, loss channels, contacts (issue 11).

Drift-diffusion only (no optics), on the reference device file, so each case takes about a second.
"""

import numpy as np
import pytest

from ncled.constants import q
from ncled.device.config import load_device
from ncled.device.electrical import transport_device
from ncled.device.emitter import current_budget
from ncled.device.studies import with_hgte_fraction
from ncled.transport import solve_sweep

GAP_EV, DIAMETER = 0.68, 6.2e-9  # 2.0 um HgTe NCs (the LED model's emitter_physics values)


def _sweep(fraction=0.5, volts=(0.0, 1.0, 2.0, 3.0, 4.0), edit=None):
    cfg = with_hgte_fraction(load_device("reference"), fraction)
    if edit is not None:
        cfg = edit(cfg)
    dev, _ = transport_device(cfg, GAP_EV, DIAMETER, n_nodes=160)
    return dev, solve_sweep(dev, list(volts))


@pytest.mark.parametrize("fraction", [0.25, 0.5, 0.75])
def test_no_film_holds_more_carriers_than_states(fraction):
    dev, res = _sweep(fraction)
    nc = np.array([L.nc for L in dev.layers])[res.layer]
    nv = np.array([L.nv for L in dev.layers])[res.layer]
    # Pauli exclusion at every bias up to 4 V (1e-12: round-off of a full level)
    assert np.all(res.n <= nc * (1 + 1e-12)) and np.all(res.p <= nv * (1 + 1e-12))
    # and the emitter is driven into filling: at 4 V over half its electron states are occupied
    em = res.layer == 1
    assert (res.n[-1][em] / nc[em]).max() > 0.5
    # every element carries the same current (interface channels included) to 1e-8
    assert np.all(res.continuity_error[1:] < 1e-8)


def test_charge_balance_below_one_with_named_losses():
    _, res = _sweep(0.5)
    b = current_budget(res, 1)
    k = 2  # 2 V
    # the shares of the current add up to one (leakage is the remainder: carriers that leave
    # through the opposite contact), to the solver's continuity error
    total = sum(float(b[v][k]) for v in b.data_vars)
    assert total == pytest.approx(1.0, abs=1e-9)
    # charge balance is a result below one: interface and trap recombination take > 0.1 %
    assert 0.5 < float(b.emitter_excitons[k]) < 0.999
    assert float(b.interfaces[k]) > 1e-3 and float(b.emitter_traps[k]) > 1e-4


def test_anode_work_function_changes_the_current():
    def anode(wf):
        def edit(cfg):
            e = cfg.electrodes
            return cfg.model_copy(update={"electrodes": e.model_copy(update={
                "anode": e.anode.model_copy(update={"work_function_ev": wf})})})
        return edit

    j = [-_sweep(0.5, (0.0, 1.0), anode(wf))[1].current[-1] for wf in (5.1, 4.1)]
    # Au (5.1 eV) sits at the PbS valence band; 1 eV less puts a 0.9 eV hole barrier at the
    # thermionic contact: the current at 1 V falls by orders of magnitude (at least 10x)
    assert j[0] > 10 * j[1] > 0
