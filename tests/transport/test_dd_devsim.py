"""The pn diode of test_dd_core against DEVSIM (peer code, skipped when it cannot be loaded)."""

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from devsim_pn import devsim_pn_sweep, import_devsim

from ncled.constants import k_B, q
from ncled.transport import Device, Layer, solve_sweep

pytestmark = pytest.mark.skipif(import_devsim() is None, reason="devsim cannot be imported")


def test_pn_diode_agrees_with_devsim():
    volts = np.linspace(0.02, 1.0, 50)
    kt, nc = k_B * 300.0, 2.8e25
    eg = 2 * kt * np.log(nc / 1e16)

    def side(name, **dop):
        return Layer(name, 1e-6, 11.7, 4.05 * q, eg, nc, nc, 0.1, 0.04, **dop)

    ours = solve_sweep(Device((side("p", na=1e23), side("n", nd=1e23)), n_nodes=500), volts)
    peer = devsim_pn_sweep(volts, n_nodes=500) * 1e4  # A/cm^2 -> A/m^2
    rel = np.abs(ours.current / peer - 1)
    # DEVSIM's current (density form, contact-current evaluation) is noisy below ~1e-8 A/cm^2:
    # 40 % off at 0.02 V, 3 % at 0.1 V, while ours follows Shockley there (test_dd_core). Where
    # DEVSIM is reliable (>= 0.2 V) the two agree to ~1e-6 (same mesh and SG discretisation);
    # 1 % is the target
    ok = volts >= 0.2
    assert rel[ok].max() < 0.01, (volts[ok][np.argmax(rel[ok])], rel[ok].max())
