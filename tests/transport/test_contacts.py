"""Contacts from work functions: thermionic emission against Richardson-Dushman."""

import numpy as np
import pytest

from ncled.constants import k_B, q
from ncled.transport import Contact, Device, Layer, solve_sweep, thermionic_velocity

A_STAR = 1.20173e6  # free-electron Richardson constant [A m^-2 K^-2]
T = 300.0
KT = k_B * T


def _schottky(barrier_ev, nd=1e22):
    # 200 nm of n-type semiconductor (1e22 m^-3 donors) between a Schottky contact (left, the
    # anode) and an ohmic one (right); a mobility of 10 m^2/Vs puts the diffusion velocity
    # mu E (~ 1e7 m/s) far above the thermionic velocity A* T^2 / (q N_c) = 2.7e4 m/s: the
    # thermionic-emission limit of Crowell & Sze's thermionic-diffusion theory
    nc = 2.5e25
    layer = Layer("n", 200e-9, 11.7, 4.0 * q, 1.1 * q, nc, nc, 10.0, 4.0, nd=nd)
    vr = thermionic_velocity(A_STAR, T, nc)
    left = Contact(work_function=(4.0 + barrier_ev) * q, s_n=vr, s_p=vr)
    return Device((layer,), left=left, right=Contact(), n_nodes=300)


@pytest.mark.parametrize("barrier_ev", [0.5, 0.6])
def test_thermionic_emission_is_richardson_dushman(barrier_ev):
    volts = np.array([-0.3, 0.1, 0.2])
    res = solve_sweep(_schottky(barrier_ev), volts)
    j_rd = A_STAR * T**2 * np.exp(-barrier_ev * q / KT) * np.expm1(volts * q / KT)
    # thermionic-emission theory: J = A* T^2 exp(-phi_B/kT) (exp(qV/kT) - 1); the finite
    # diffusion velocity lowers it by 1 / (1 + v_R / v_D) (Crowell-Sze), < 1 % here
    assert np.allclose(res.current, j_rd, rtol=0.01)


def test_barrier_height_sets_the_current():
    # 0.1 eV more barrier: exp(-0.1 / kT) = 1/48 less saturation current (Richardson-Dushman)
    j5 = solve_sweep(_schottky(0.5), [-0.3]).current[0]
    j6 = solve_sweep(_schottky(0.6), [-0.3]).current[0]
    assert j5 / j6 == pytest.approx(np.exp(0.1 * q / KT), rel=0.03)


def test_image_force_lowering_raises_reverse_current_as_schottky_effect():
    dev = _schottky(0.6, nd=1e23)  # depletion width 130 nm at -1 V, inside the 200 nm layer
    lowered = Device(dev.layers, left=Contact(dev.left.work_function, dev.left.s_n,
                                              dev.left.s_p, image_force=True),
                     right=dev.right, n_nodes=dev.n_nodes)
    v = -1.0
    ratio = solve_sweep(lowered, [v]).current[0] / solve_sweep(dev, [v]).current[0]
    # Schottky effect with the depletion-approximation field at the contact,
    # E = sqrt(2 q N_d (V_bi - V - kT/q) / eps), V_bi = 0.6 - kT ln(N_c / N_d) / q
    eps = 11.7 * 8.8541878128e-12
    vbi = 0.6 - KT / q * np.log(2.5e25 / 1e23)
    e_max = np.sqrt(2 * q * 1e23 * (vbi - v - KT / q) / eps)
    dphi = np.sqrt(q * e_max / (4 * np.pi * eps))
    # the discrete field on the first element of the 0.67 nm mesh is within a few % of E_max:
    # 5 % on the exponent's argument (~0.9)
    assert np.log(ratio) == pytest.approx(dphi * q / KT, rel=0.05)
