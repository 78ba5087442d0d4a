"""The analytic Newton Jacobian of the coupled drift-diffusion system against finite differences,
over every row and column, and the quadratic convergence it buys."""

import dataclasses

import numpy as np
import pytest

from ncled.constants import q
from ncled.transport import Contact, Device, Layer
from ncled.transport import solver as S
from ncled.transport.params import nodal_parameters, thermionic_velocity


def _device(left, right, nc_films=False):
    # a 3-layer heterostructure with every recombination term switched on: Langevin everywhere,
    # SRH and Auger in the emitter; ``nc_films``: Gauss-Fermi statistics in every layer (sigma
    # 0, 30 and 60 meV) and recombination across both heterointerfaces
    kw = [dict(statistics="gauss-fermi", dos_width_n=w * q, dos_width_p=w * q)
          if nc_films else {} for w in (0.0, 0.03, 0.06)]
    etl = Layer.practical("ETL", 8, 9.0, 4.0, 3.3, 1e19, 1e19, 1e-2, 1e-3, nd_cm3=1e18,
                          langevin=True, **kw[0])
    emi = Layer.practical("EML", 10, 15.0, 4.3, 0.62, 1e19, 1e19, 1e-3, 1e-3, langevin=True,
                          tau_n=1e-8, tau_p=3e-8, srh_trap_level_ev=0.05, auger_n_cm6=1e-28,
                          auger_p_cm6=2e-28, b_rad_cm3=1e-11, **kw[1])
    htl = Layer.practical("HTL", 8, 4.0, 3.6, 1.8, 1e19, 1e19, 1e-4, 1e-2, na_cm3=1e18,
                          langevin=True, **kw[2])
    k_if = (1e-14, 3e-15) if nc_films else ()
    return Device((htl, emi, etl), left=left, right=right, n_nodes=14,
                  interface_recombination=k_if)


def _dense(low, dia, upp):
    nn = dia.shape[0]
    jac = np.zeros((3 * nn, 3 * nn))
    for i in range(nn):
        jac[3 * i:3 * i + 3, 3 * i:3 * i + 3] = dia[i]
        if i > 0:
            jac[3 * i:3 * i + 3, 3 * i - 3:3 * i] = low[i]
        if i < nn - 1:
            jac[3 * i:3 * i + 3, 3 * i + 3:3 * i + 6] = upp[i]
    return jac


def _state(dev, bias):
    """A non-trivial Newton iterate at ``bias``: the charge-neutral potential with the bias
    dropped linearly across the stack, linear quasi-Fermi levels between the contacts, then
    every unknown perturbed (currents, band bending and all recombination terms non-zero).
    Built directly rather than from a Newton run, so that it does not depend on the solver's
    path (this tiny stack does not converge at equilibrium from the neutral guess)."""
    mesh = dev.mesh()
    prm = nodal_parameters(dev, mesh)
    bcs = S.boundary_conditions(dev, prm)
    st0 = S.neutral_state(prm)
    ramp = bias / prm.vt * (1.0 - mesh.x / mesh.x[-1])
    st = S.rebase(st0, prm, mesh, (bias, 0.0))
    rng = np.random.default_rng(3)
    nn = mesh.n_nodes
    phi = ramp - st._ref(st.side_n, "n")
    phip = ramp - st._ref(st.side_p, "p")
    st = dataclasses.replace(st, psi=st0.psi + ramp + rng.normal(0, 0.3, nn),
                             off_n=phi + rng.normal(0, 0.3, nn),
                             off_p=phip + rng.normal(0, 0.3, nn))
    return st, prm, mesh, bcs


VR = thermionic_velocity(1.20173e6, 300.0, 2.5e25)
CONTACTS = {
    "ohmic": (Contact(), Contact()),
    "finite-s and ohmic": (Contact(4.2 * q, 1e2, VR), Contact()),
    "finite-s both": (Contact(4.2 * q, 1e2, VR), Contact(5.0 * q, VR, 10.0)),
    "thermionic with image force": (Contact(4.4 * q, VR, VR, image_force=True),
                                    Contact(5.2 * q, VR, VR, image_force=True)),
    "blocking": (Contact(s_n=0.0), Contact(5.0 * q, VR, 0.0)),
}


CASES = [(c, False) for c in CONTACTS] + [("finite-s both", True), ("ohmic", True)]


@pytest.mark.parametrize(("contacts", "nc_films"), CASES,
                         ids=[c + (" NC films" if f else "") for c, f in CASES])
def test_jacobian_matches_finite_differences_everywhere(contacts, nc_films):
    dev = _device(*CONTACTS[contacts], nc_films=nc_films)
    st, prm, mesh, bcs = _state(dev, 1.2)
    x0 = st.vector()
    f0, low, dia, upp = S._assemble(st, prm, mesh, bcs)
    jac = _dense(low, dia, upp)
    fd = np.zeros_like(jac)
    h = 1e-3

    def res(c, d):
        x = x0.copy()
        x[c] += d
        return S._assemble(st.with_vector(x), prm, mesh, bcs)[0].ravel()

    for c in range(x0.size):
        # fourth-order central difference: truncation ~ h^4 f^(5) ~ 1e-12 relative
        fd[:, c] = (8.0 * (res(c, h) - res(c, -h)) - (res(c, 2 * h) - res(c, -2 * h))) / (12 * h)
    row = np.maximum(np.abs(jac).max(axis=1), np.abs(fd).max(axis=1))
    # round-off of the differences: a few ulps of the residual's terms over h (the largest term
    # of a contact row is q s c_eq, larger than |f|); an entry below that floor cannot be
    # resolved by differences and is allowed to differ by the floor
    terms = np.abs(f0.ravel()) + np.abs(jac).sum(axis=1)
    noise = 1e-14 * terms / h
    err = np.maximum(np.abs(jac - fd) - noise[:, None], 0.0) / row[:, None]
    worst = np.unravel_index(np.argmax(err), err.shape)
    # analytic and difference Jacobians agree to 1e-6 of each row's largest entry
    assert err.max() < 1e-6, (contacts, divmod(worst[0], 3), divmod(worst[1], 3), err.max())
