"""Dispersion models: analytic limits and invariants."""

import numpy as np
import pytest

from ncled.constants import c, eps0, m_e, q
from ncled.errors import ConfigError, MaterialRangeError
from ncled.materials.dispersion import (
    angular_frequency,
    cauchy_n,
    constant_nk,
    drude_lorentz_permittivity,
    drude_permittivity,
    energy_ev_to_angular_frequency,
    interpolate_nk,
    lorentz_permittivity,
    nk_from_permittivity,
    plasma_frequency,
    sellmeier_permittivity,
    wavenumber_cm_to_angular_frequency,
)

N_M3 = 1e27  # 1e21 cm^-3, an ITO-like density
MU = 35e-4  # m^2/Vs
M_EFF = 0.35 * m_e


def test_drude_dc_conductivity_limit():
    wp = plasma_frequency(N_M3, M_EFF)
    gamma = q / (M_EFF * MU)
    wl = 1e-2  # 1 cm: omega/gamma ~ 1e-3, so the Drude sigma(omega) is sigma_0 to ~1e-6
    eps = drude_permittivity(wl, 3.8, wp, gamma)
    sigma = eps0 * angular_frequency(wl) * eps.imag
    assert sigma == pytest.approx(N_M3 * q * MU, rel=1e-5)


def test_plasma_frequency_definition_and_zero_crossing():
    wp = plasma_frequency(N_M3, M_EFF)
    assert wp**2 == pytest.approx(N_M3 * q**2 / (eps0 * M_EFF), rel=1e-14)
    eps_inf, gamma = 3.8, 1e14
    # Re(eps) = 0 exactly where omega^2 = wp^2/eps_inf - gamma^2
    w0 = np.sqrt(wp**2 / eps_inf - gamma**2)
    eps = drude_permittivity(2 * np.pi * c / w0, eps_inf, wp, gamma)
    assert abs(eps.real) < 1e-10 * eps_inf


def test_drude_lorentz_passive_and_static_limit():
    wl = np.geomspace(0.2e-6, 1e-3, 500)
    w0 = wavenumber_cm_to_angular_frequency([400.0, 1000.0])
    g = wavenumber_cm_to_angular_frequency([10.0, 30.0])
    eps = drude_lorentz_permittivity(wl, 2.0, 1e15, 1e13, [3.0, 1.0], w0, g)
    assert np.all(eps.imag >= 0)  # passivity in the exp(-i w t) convention
    # static limit of the oscillators is their strength (omega -> 0: lambda = 1 km)
    assert lorentz_permittivity(1e3, [3.0, 1.0], w0, g).real == pytest.approx(4.0, rel=1e-9)
    # without oscillators, Drude-Lorentz is Drude
    np.testing.assert_allclose(
        drude_lorentz_permittivity(wl, 2.0, 1e15, 1e13),
        drude_permittivity(wl, 2.0, 1e15, 1e13),
        rtol=1e-15,
    )


def test_unit_helpers():
    # 1 eV = 241.8 THz; 1000 cm^-1 = 10 um
    assert energy_ev_to_angular_frequency(1.0) / (2 * np.pi) == pytest.approx(2.417989e14, rel=1e-6)
    assert wavenumber_cm_to_angular_frequency(1000.0) == pytest.approx(
        angular_frequency(10e-6), rel=1e-12
    )


def test_nk_from_permittivity_branch():
    eps = np.array([4.0, -4.0 + 1e-3j, 2.0 + 3.0j, -10 - 1e-18j, 1.0 + 0j])
    n = nk_from_permittivity(eps)
    assert np.all(n.imag >= 0)
    np.testing.assert_allclose(n**2, eps, rtol=1e-12, atol=1e-15)
    assert n[0] == 2.0


def test_constant_and_cauchy_and_sellmeier():
    wl = np.array([[1e-6, 2e-6], [3e-6, 4e-6]])
    assert constant_nk(wl, 1.5, 0.1).shape == wl.shape
    assert np.all(constant_nk(wl, 1.5, 0.1) == 1.5 + 0.1j)
    # n = A + B/lam^2 at lam = 2 um: 1.5 + 0.01/4
    assert cauchy_n(2e-6, [1.5, 0.01]) == pytest.approx(1.5025, rel=1e-14)
    # Sellmeier: far from its poles eps -> a + sum b (long wavelength limit)
    assert sellmeier_permittivity(1.0, 1.0, [1.0, 0.5], [0.1e-6, 0.2e-6]) == pytest.approx(
        2.5, rel=1e-10
    )
    with pytest.raises(ConfigError, match="2 strengths but 1 wavelengths"):
        sellmeier_permittivity(1e-6, 1.0, [1.0, 2.0], [1e-7])
    with pytest.raises(ConfigError, match="coefficients but"):
        cauchy_n(1e-6, [1.0, 2.0], [0.0])
    with pytest.raises(ConfigError, match="differ in length"):
        lorentz_permittivity(1e-6, [1.0], [1e14, 2e14], [1e12])


def test_interpolate_nk_inside_only():
    lam = np.array([1e-6, 2e-6, 4e-6])
    n = np.array([1.0, 2.0, 3.0])
    k = np.array([1e-4, 1e-2, 1e-1])
    out = interpolate_nk(lam, lam, n, k)
    np.testing.assert_allclose(out, n + 1j * k, rtol=1e-12)  # exact at the nodes
    # log-log interpolation of k: geometric mean at the geometric midpoint
    mid = interpolate_nk(np.sqrt(2) * 1e-6, lam, n, k)
    assert mid.imag == pytest.approx(1e-3, rel=1e-12)
    assert mid.real == pytest.approx(1.5, rel=1e-12)
    lin = interpolate_nk(1.5e-6, lam, n, k, log_wavelength=False, log_k=False)
    assert lin == pytest.approx(1.5 + 0.00505j, rel=1e-12)
    with pytest.raises(
        MaterialRangeError,
        match=r"tbl: wavelength 500-500 nm is outside the table "
        r"1000-4000 nm",
    ):
        interpolate_nk(0.5e-6, lam, n, k, name="tbl")
    with pytest.raises(ConfigError, match="strictly increasing"):
        interpolate_nk(1e-6, lam[::-1], n, k)
    with pytest.raises(ConfigError, match=">= 2 rows"):
        interpolate_nk(1e-6, lam, n[:2], k)
