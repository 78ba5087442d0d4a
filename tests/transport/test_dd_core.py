"""Drift-diffusion solver: local physics against finite differences, analytic diode, invariants."""

import numpy as np
import pytest

from ncled.constants import eps0, k_B, q
from ncled.errors import ConfigError, ConvergenceError
from ncled.transport import Contact, Device, Layer, solve_sweep
from ncled.transport.analytic import shockley_short_diode
from ncled.transport.physics import bernoulli, electron_flux, hole_flux

KT = k_B * 300.0
NI, NDOP = 1e16, 1e23  # n_i = 1e10 cm^-3, N_A = N_D = 1e17 cm^-3 (issue 5)
NC = NV = 2.8e25
EG = 2 * KT * np.log(NC / NI)  # gap that gives exactly n_i = 1e10 cm^-3


def _diode(n_nodes=500, width=1e-6):
    def side(name, **dop):
        return Layer(name, width, 11.7, 4.05 * q, EG, NC, NV, 0.1, 0.04, **dop)
    return Device((side("p", na=NDOP), side("n", nd=NDOP)), n_nodes=n_nodes)


def test_bernoulli_limits():
    x = np.array([-50.0, -1e-6, 0.0, 1e-6, 1.0, 50.0, 800.0])
    exact = np.array([50 / (1 - np.exp(-50)), 1 + 5e-7, 1.0, 1 - 5e-7, 1 / (np.e - 1),
                      50 * np.exp(-50) / (1 - np.exp(-50)), 0.0])
    # series and closed form agree to round-off (1e-12 relative)
    assert np.allclose(bernoulli(x), exact, rtol=1e-12, atol=1e-300)


@pytest.mark.parametrize("flux", [electron_flux, hole_flux])
def test_flux_derivatives_match_finite_differences(flux):
    rng = np.random.default_rng(1)
    n = 6
    psi, phi = rng.normal(0, 3, n), rng.normal(0, 2, n)
    band = rng.normal(60, 3, n)  # heterointerfaces everywhere: the band parameter jumps
    mu = 10 ** rng.uniform(-7, -2, n)
    h = np.full(n - 1, 2e-9)
    f = flux(psi, phi, band, mu, h, 0.0259)
    for name, arr, idx in (("d_psi_i", psi, 0), ("d_psi_j", psi, 1), ("d_phi_i", phi, 0),
                           ("d_phi_j", phi, 1)):
        for e in range(n - 1):
            hstep = 1e-6
            a, b = arr.copy(), arr.copy()
            a[e + idx] += hstep
            b[e + idx] -= hstep
            args = [(a if arr is psi else psi), (a if arr is phi else phi)]
            brgs = [(b if arr is psi else psi), (b if arr is phi else phi)]
            fd = (flux(*args, band, mu, h, 0.0259).j[e] - flux(*brgs, band, mu, h, 0.0259).j[e]) \
                / (2 * hstep)
            # central differences: truncation ~ h^2, 1e-6 relative
            assert getattr(f, name)[e] == pytest.approx(fd, rel=1e-6, abs=1e-12 * abs(f.j[e]))


def test_flux_is_scharfetter_gummel_for_homogeneous_element():
    psi, phin = np.array([0.0, 3.0]), np.array([0.5, 0.2])
    bn, mu = np.array([40.0, 40.0]), np.array([1e-4, 1e-4])
    n = np.exp(psi + bn - phin)
    j = electron_flux(psi, phin, bn, mu, np.array([1e-9]), 0.0259).j[0]
    sg = q * 1e-4 * 0.0259 / 1e-9 * (n[1] * bernoulli(3.0) - n[0] * bernoulli(-3.0))
    assert j == pytest.approx(sg, rel=1e-12)  # same formula, round-off only


def test_shockley_short_diode_within_1_percent():
    volts = np.linspace(0.2, 0.6, 5)
    res = solve_sweep(_diode(), volts)
    ana = shockley_short_diode(volts, NDOP, NDOP, NI, 0.1, 0.04, 1e-6, 1e-6, 11.7 * eps0)
    # issue 5: within 1 %; the depletion approximation's edge (a few Debye lengths, 13 nm, of
    # the 1 um sides) is what separates the two, growing slowly with bias
    assert np.all(np.abs(res.current / ana - 1) < 0.01)
    assert res.continuity_error.max() < 1e-9


def test_no_noise_floor_at_low_current():
    res = solve_sweep(_diode(200), [0.001, 0.02])
    ana = shockley_short_diode(res.voltage, NDOP, NDOP, NI, 0.1, 0.04, 1e-6, 1e-6, 11.7 * eps0)
    # 1 mV gives ~1e-13 A/cm^2; the quasi-Fermi form keeps it exact to the discretisation
    # (same 1 % as above) and continuous along x to 1e-9
    assert np.all(np.abs(res.current / ana - 1) < 0.01)
    assert res.continuity_error.max() < 1e-9


def test_mesh_convergence():
    j = [solve_sweep(_diode(n), [0.4]).current[0] for n in (100, 200, 400, 800)]
    d = np.abs(np.diff(j))
    # SG is second order on a smooth problem: each doubling shrinks the change (by >= 2x)
    assert d[1] < d[0] / 2 and d[2] < d[1] / 2
    assert abs(j[-1] / j[-2] - 1) < 1e-3


def _led(left=None, right=None, n_nodes=300):
    etl = Layer.practical("ETL", 40, 9.0, 4.0, 3.3, 1e19, 1e19, 1e-2, 1e-4, nd_cm3=1e18)
    emi = Layer.practical("EML", 60, 15.0, 4.3, 0.62, 1e19, 1e19, 1e-3, 1e-3, langevin=True,
                          radiative_fraction=0.3)
    htl = Layer.practical("HTL", 40, 4.0, 3.6, 1.8, 1e19, 1e19, 1e-4, 1e-2, na_cm3=1e18)
    return Device((htl, emi, etl), left=left or Contact(), right=right or Contact(),
                  n_nodes=n_nodes)


def test_led_heterostructure_0_to_3_volts():
    res = solve_sweep(_led(), np.linspace(0, 3, 31))
    assert res.voltage.size == 31
    assert np.all(np.diff(res.current[1:]) > 0)  # a diode: J rises with V
    assert res.continuity_error[1:].max() < 1e-6
    # radiative share is the given fraction of Langevin
    np.testing.assert_allclose(res.r_radiative, 0.3 * res.r_langevin, rtol=1e-12)
    ds = res.to_dataset()
    assert ds["current"].attrs["units"] == "A/m^2" and ds["ec"].dims == ("voltage", "x")


def test_blocking_contacts_all_current_recombines():
    # electrons cannot leave at the anode, holes cannot leave at the cathode: every carrier
    # that enters must recombine, so q * integral(R) = J
    dev = _led(Contact(s_n=0.0), Contact(s_p=0.0), n_nodes=200)
    res = solve_sweep(dev, np.linspace(0.2, 1.0, 5))
    # discretisation-exact balance of the finite volumes: round-off only
    np.testing.assert_allclose(res.recombination_current, res.current, rtol=1e-8)


def test_bad_layer_names_field():
    with pytest.raises(ConfigError, match="layer 'EML': mu_n must be > 0"):
        Layer.practical("EML", 60, 15.0, 4.3, 0.62, 1e19, 1e19, 0.0, 1e-3)
    with pytest.raises(ConfigError, match="radiative_fraction"):
        Layer.practical("EML", 60, 15.0, 4.3, 0.62, 1e19, 1e19, 1, 1, radiative_fraction=2)


def test_failed_solve_raises_with_partial_results():
    with pytest.raises(ConvergenceError, match=r"at .* V .*Newton update") as exc:
        solve_sweep(_diode(100), [0.1, 0.3], max_iter=1, ramp_decades=0)
    assert exc.value.partial is not None
