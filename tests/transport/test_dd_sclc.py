"""Single-carrier space-charge-limited current against Mott & Gurney, and Newton's quadratic
convergence on the heterostructure LED."""

import numpy as np

from ncled.constants import eps0, q
from ncled.transport import Contact, Device, Layer, solve_sweep
from ncled.transport import solver as S
from ncled.transport.analytic import mott_gurney
from ncled.transport.params import nodal_parameters

L, EPS_R, MU, CHI, NC = 1e-6, 3.0, 1e-8, 3.0 * q, 1e26


def _electron_only():
    """Trap-free, undoped 1 um film (E_g 3 eV: no holes), mu_n = 1e-4 cm^2/Vs.

    Cathode (right, grounded): 0.1 eV injection barrier, n0 = 2e18 cm^-3, far above any density
    in the film. Anode (left): 0.7 eV barrier, a sink for electrons; the two work functions leave
    a built-in voltage of 0.6 V. The 20 nm next to the cathode get a 0.4 nm mesh for the
    accumulation layer (Debye length 1.5 nm).
    """
    def film(d, nodes):
        return Layer("film", d, EPS_R, CHI, 3.0 * q, NC, NC, MU, 1e-12, nodes=nodes)

    return Device((film(L - 20e-9, 150), film(20e-9, 50)), left=Contact(CHI + 0.7 * q),
                  right=Contact(CHI + 0.1 * q))


def test_mott_gurney_at_high_bias():
    volts = np.array([1.0, 3.0, 10.0, 30.0, 100.0, 300.0, 1000.0])
    res = solve_sweep(_electron_only(), volts, max_step=1e3)
    ratio = res.current / mott_gurney(volts - 0.6, EPS_R * eps0, MU, L)
    # Mott-Gurney neglects diffusion. Drift-diffusion exceeds it by the diffusion of the carriers
    # injected near the cathode, a correction that falls as ~(kT/qV)^0.75: 8 % at 30 V, 2 % at
    # 300 V, < 1 % once qV/kT > 4e4 (1000 V across the film; the regime is set by qV/kT, so the
    # same holds at 100 V for kT 10x smaller). The 0.6 V built-in voltage is subtracted.
    excess = ratio[3:] - 1
    assert np.all(np.diff(excess) < 0) and np.all(excess[:-1] > 0)
    assert abs(ratio[-1] - 1) < 0.01, ratio
    # and J ~ V^2 there
    slope = np.log(res.current[-1] / res.current[-2]) / np.log((1000 - 0.6) / (300 - 0.6))
    assert abs(slope - 2) < 0.03


def test_newton_converges_quadratically_on_the_led():
    etl = Layer.practical("ETL", 40, 9.0, 4.0, 3.3, 1e19, 1e19, 1e-2, 1e-4, nd_cm3=1e18)
    emi = Layer.practical("EML", 60, 15.0, 4.3, 0.62, 1e19, 1e19, 1e-3, 1e-3, langevin=True)
    htl = Layer.practical("HTL", 40, 4.0, 3.6, 1.8, 1e19, 1e19, 1e-4, 1e-2, na_cm3=1e18)
    dev = Device((htl, emi, etl), n_nodes=240)
    mesh = dev.mesh()
    prm = nodal_parameters(dev, mesh)
    bcs = S.boundary_conditions(dev, prm)
    st = S.newton(S.neutral_state(prm), prm, mesh, bcs).state
    for v in np.arange(0.1, 2.05, 0.1):
        res = S.newton(S.rebase(st, prm, mesh, (v, 0.0)), prm, mesh, bcs)
        assert res.converged and res.residual < 1e-9
        st = res.state
    h = np.array(res.history)
    # once below 0.1 V_t each step is at most ~ the square of the previous one (quadratic)
    tail = np.flatnonzero(h < 0.1)[0]
    assert np.all(h[tail + 1:] < 10 * h[tail:-1] ** 2), h
    assert res.iterations <= 12
