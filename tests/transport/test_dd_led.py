"""The reference nanocrystal LED stack (ZnO / ZnO:HgTe / PbS, the stack that
``ncled.device.electrical.transport_device`` builds from the reference device file) over the
full bias range, with each kind of contact."""

import time

import numpy as np
import pytest

from ncled.constants import q
from ncled.errors import ConvergenceError
from ncled.transport import Contact, Device, Layer, solve_sweep, thermionic_velocity


def _reference(left=None, right=None, n_nodes=240):
    # cathode (left) ZnO NC film, emitter ZnO:HgTe (Langevin, radiative), PbS NC hole layer
    zno = Layer.practical("ZnO", 105, 5.0, 3.96, 3.52, 1.528e19, 1.528e19, 1e-3, 1e-6,
                          nd_cm3=1e18, langevin=True, radiative_fraction=0.0)
    emi = Layer.practical("ZnO:HgTe", 120, 7.5, 4.33, 0.62, 3.97e18, 1.589e19, 1e-2, 1e-2,
                          na_cm3=1.742e17, langevin=True)
    pbs = Layer.practical("PbS", 60, 15.0, 3.73, 1.27, 2.126e20, 2.126e20, 1e-4, 1e-3,
                          na_cm3=1e17, langevin=True, radiative_fraction=0.0)
    return Device((zno, emi, pbs), left=left or Contact(), right=right or Contact(),
                  temperature=296.15, n_nodes=n_nodes, anode="right")


def test_reference_led_0_to_3_volts_fast_and_conservative():
    volts = np.linspace(0, 3, 31)
    t = time.perf_counter()
    res = solve_sweep(_reference(), volts)
    elapsed = time.perf_counter() - t
    # anode on the right: forward current flows along -x
    assert np.all(np.diff(-res.current[1:]) > 0)
    # the total current is the same on every element (the finite-volume balance is exact up to
    # round-off; 1e-6 is the requirement, ~1e-10 is reached)
    assert res.continuity_error[1:].max() < 1e-6
    # every injected pair recombines (ZnO blocks holes, PbS electrons): q int(R) = |J| at 3 V
    assert res.recombination_current[-1] == pytest.approx(-res.current[-1], rel=1e-3)
    # Newton from the secant predictor: a handful of iterations per 0.1 V step
    assert res.iterations[5:].max() <= 8  # including the re-levelling step
    assert elapsed < 6.0  # ~0.2 s on a laptop core; < 3 s is the requirement, 2x CI margin


def test_reference_led_to_5_volts():
    res = solve_sweep(_reference(), np.linspace(0, 5, 11), max_step=0.25)
    assert res.continuity_error[1:].max() < 1e-6
    assert np.all(np.diff(-res.current[1:]) > 0)


VR = thermionic_velocity(1.20173e6, 300.0, 2.5e25)


@pytest.mark.parametrize("contacts", [
    # ITO (4.7 eV) and Au (5.1 eV) with a thermionic boundary: the cathode is a 0.74 eV
    # Schottky barrier for electrons, reverse biased when the LED is forward biased
    (Contact(4.7 * q, VR, VR), Contact(5.1 * q, VR, VR)),
    # the same work functions, carriers pinned to the metal
    (Contact(4.7 * q), Contact(5.1 * q)),
    # selective: holes cannot leave at the cathode, electrons not at the anode
    (Contact(s_p=0.0), Contact(s_n=0.0)),
], ids=["thermionic", "work-function", "selective"])
def test_other_contacts_to_3_volts(contacts):
    res = solve_sweep(_reference(*contacts), np.linspace(0, 3, 16))
    assert res.voltage.size == 16
    assert np.all(np.isfinite(res.current))
    # the Schottky-limited current (~1e-5 A/m^2) through the 1e18 cm^-3 ZnO rests on quasi-Fermi
    # differences of ~1e-8 V_t: exact only with the reference levels moved to where the electrons
    # conduct (solver.rebase; 5e-3 with contact-referenced offsets)
    assert res.continuity_error[1:].max() < 1e-6


def test_impossible_case_still_raises_with_partial_result():
    with pytest.raises(ConvergenceError, match=r"at .* V .*residual") as exc:
        solve_sweep(_reference(), [0.5, 1.0], max_iter=2, ramp_decades=0)
    assert exc.value.partial is not None
