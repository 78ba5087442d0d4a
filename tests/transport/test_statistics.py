"""Gauss-Fermi statistics: limits, and no film holding more carriers than states."""

import numpy as np
import pytest

from ncled.constants import q
from ncled.transport import Device, Layer, solve_sweep
from ncled.transport.statistics import log_occupancy


@pytest.mark.parametrize("s", [0.5, 1.0, 2.0, 3.0])
def test_boltzmann_limit_at_low_density(s):
    eta = np.array([-40.0, -25.0])
    ln_f, dln = log_occupancy(eta, s)
    # deep tail of a Gaussian DOS: F = exp(eta + s^2 / 2) (analytic); quadrature error < 1e-9
    assert np.allclose(ln_f, eta + 0.5 * s * s, atol=1e-9)
    assert np.allclose(dln, 1.0, atol=1e-9)


def test_full_filling_and_single_level_limits():
    ln_f, dln = log_occupancy(np.array([60.0]), 2.0)
    # far above the Gaussian every state is occupied: F -> 1 (1 - F ~ exp(-60 + s^2/2))
    assert ln_f[0] == pytest.approx(0.0, abs=1e-20) and dln[0] < 1e-20
    eta = np.linspace(-5, 5, 11)
    ln_f, _ = log_occupancy(eta, 0.0)
    # sharp level (two states per NC, Fermi-Dirac): F = 1 / (1 + exp(-eta)) exactly
    assert np.allclose(np.exp(ln_f), 1.0 / (1.0 + np.exp(-eta)), rtol=1e-13)
    # half filling at the centre of any symmetric Gaussian
    assert np.exp(log_occupancy(np.array([0.0]), 1.7)[0][0]) == pytest.approx(0.5, abs=1e-12)


def test_derivative_matches_differences():
    eta, s, h = np.linspace(-10, 10, 21), 1.3, 1e-5
    _, dln = log_occupancy(eta, s)
    fd = (log_occupancy(eta + h, s)[0] - log_occupancy(eta - h, s)[0]) / (2 * h)
    assert np.allclose(dln, fd, rtol=1e-8, atol=1e-10)  # central differences: h^2 ~ 1e-10


def test_led_never_exceeds_states_and_current_is_continuous():
    # n-ETL / emitter of 2 states per NC-like level / p-HTL driven far beyond flat band: with
    # Boltzmann statistics the emitter would hold several times its states
    kw = dict(statistics="gauss-fermi", dos_width_n=0.02 * q, dos_width_p=0.02 * q)
    etl = Layer.practical("ETL", 40, 5.0, 3.96, 3.5, 1.5e19, 1.5e19, 1e-3, 1e-6, nd_cm3=1e18,
                          langevin=True, **kw)
    emi = Layer.practical("EML", 60, 10.0, 4.27, 0.68, 4e18, 8e18, 1e-3, 1e-3, langevin=True,
                          langevin_prefactor=1e-4, **kw)
    htl = Layer.practical("HTL", 40, 15.0, 3.73, 1.27, 2e20, 2e20, 1e-4, 1e-3, na_cm3=1e17,
                          langevin=True, **kw)
    dev = Device((etl, emi, htl), n_nodes=160, anode="right",
                 interface_recombination=(1e-16, 1e-16))
    res = solve_sweep(dev, [0.0, 1.0, 2.0, 4.0])
    nc = np.array([1.5e25, 4e24, 2e26])[res.layer]
    nv = np.array([1.5e25, 8e24, 2e26])[res.layer]
    # Pauli: densities stay below the states (1e-12 for round-off of a full level)
    assert np.all(res.n <= nc * (1 + 1e-12)) and np.all(res.p <= nv * (1 + 1e-12))
    assert res.n[-1][res.layer == 1].max() > 0.5 * 4e24  # the emitter does fill at 4 V
    # the interface channels are part of the current: continuous to 1e-9 at every bias > 0
    assert np.all(res.continuity_error[1:] < 1e-9)
