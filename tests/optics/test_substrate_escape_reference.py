"""The thick-substrate escape against the incoherent transfer matrix (issue 18, point 2).

``substrate_escape`` gives, per polarisation and in-plane index ``kappa``, the fraction of the
power entering a thick (incoherent) substrate from the film stack that leaves into the front
ambient, with all the incoherent bounces between the substrate/air face and the films. The
reference is :func:`ncled.optics.tmm.stack_rta` (checked against the ``tmm`` package in
test_tmm_peer.py) on the same stack lit from a transparent back half-space: the power it
transmits through films + incoherent substrate into air, divided by the power the same films
transmit into a substrate half-space, is exactly that fraction (the first pass into the glass
cancels; what remains is ``T t / (1 - R R_stack t^2)``, the sum of the incoherent bounces).

References
----------
Centurioni, E. Generalized matrix method for calculation of internal light energy flux in
mixed coherent and incoherent multilayers. Appl. Opt. 44, 7532 (2005).
https://doi.org/10.1364/AO.44.007532
"""

from __future__ import annotations

import numpy as np
import pytest

from ncled.optics.outcoupling import PlanarEmitterStack, substrate_escape
from ncled.optics.tmm import stack_rta

WL = np.array([1.6e-6, 2.0e-6, 2.5e-6])
ONES = np.ones(WL.size)
N_EM, D_EM = 2.5 + 0.05j, 60e-9  # HgTe:ZnO-like emitting layer
FRONT_N = (1.9 + 0.0j, 1.6 + 0.12j)  # ZnO, ITO-like (absorbing): emitter outward
FRONT_D = (40e-9, 150e-9)
BACK_N = (4.2 + 0.3j,)  # PbS-like
BACK_D = (50e-9,)
N_BACK = 3.0  # transparent back half-space, so the reference can be lit from it
N_GLASS = 1.45 + 2e-5j  # slightly absorbing: about 15 % lost per normal pass through 1 mm
D_GLASS = 1e-3


def _stack(n_glass=N_GLASS):
    return PlanarEmitterStack(
        wavelength_m=WL, n_emitter=N_EM * ONES, d_emitter=D_EM,
        front_n=tuple(n * ONES for n in FRONT_N), front_d=FRONT_D,
        n_substrate=n_glass * ONES, back_n=tuple(n * ONES for n in BACK_N), back_d=BACK_D,
        n_back=N_BACK * ONES + 0j, substrate_thickness=D_GLASS, n_front=ONES + 0j)


def _reference(kappa, n_glass=N_GLASS):
    """T(back -> films -> incoherent glass -> air) / T(back -> films -> glass half-space)."""
    ang = np.arcsin(kappa / N_BACK)
    films = [N_BACK, *BACK_N[::-1], N_EM, *FRONT_N]
    d_films = [*BACK_D[::-1], D_EM, *FRONT_D]
    n_inc = np.array([*films, n_glass, 1.0])[:, None] * ONES
    t_inc = stack_rta(n_inc, [*d_films, D_GLASS], WL, ang,
                      coherent=[True] * len(d_films) + [False]).T
    t_coh = stack_rta(np.array([*films, n_glass])[:, None] * ONES, d_films, WL, ang).T
    return {"s": t_inc[0] / t_coh[0], "p": t_inc[1] / t_coh[1]}


# normal incidence, three oblique angles, just inside the air cone (kappa = 0.99, where the
# escape is small and sensitive to R), and beyond it (total internal reflection)
KAPPA = np.array([0.0, 0.3, 0.6, 0.85, 0.99])


@pytest.mark.parametrize("n_glass", [N_GLASS, 1.45 + 0.0j])
def test_substrate_escape_equals_incoherent_transfer_matrix(n_glass):
    kap = np.broadcast_to(KAPPA, (WL.size, KAPPA.size)).copy()
    got = substrate_escape(_stack(n_glass), kap)
    ref = _reference(KAPPA, n_glass)
    for p in ("s", "p"):
        # 1e-9: both are closed forms in double precision (the transfer matrix sums the
        # incoherent bounces by intensity matrices, the escape by a geometric series)
        np.testing.assert_allclose(got[p], ref[p], rtol=1e-9, atol=1e-12, err_msg=p)


def test_substrate_escape_values_that_tie_it_down():
    kap = np.broadcast_to(KAPPA, (WL.size, KAPPA.size)).copy()
    got = substrate_escape(_stack(), kap)
    # s and p coincide at normal incidence, differ obliquely (Brewster: p escapes better)
    np.testing.assert_allclose(got["s"][:, 0], got["p"][:, 0], rtol=1e-12)
    assert np.all(got["p"][:, 2] > got["s"][:, 2])
    # the escape is bounded by a single pass through the glass face and the glass
    t_single = 1 - ((1.45 - 1) / (1.45 + 1)) ** 2  # 0.966, normal-incidence face
    assert np.all(got["s"][:, 0] < 1.0)
    assert np.all(got["s"][:, 0] > t_single * np.exp(-4 * np.pi * 2e-5 * D_GLASS / WL) * 0.999)
    # beyond the air cone nothing escapes
    beyond = substrate_escape(_stack(), np.full((WL.size, 2), 1.2))
    assert np.all(beyond["s"] == 0) and np.all(beyond["p"] == 0)
