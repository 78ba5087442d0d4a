"""ITO: Drude parameters from the sheet resistance, and the material built from them."""

import numpy as np
import pytest

from ncled.constants import eps0, m_e, q
from ncled.errors import ConfigError
from ncled.materials import get_material, ito_drude_from_sheet_resistance, ito_sheet_resistance
from ncled.materials.dispersion import angular_frequency, nk_from_permittivity
from ncled.materials.ito import ito_drude_parameters, ito_permittivity


def test_reference_substrate_numbers():
    p = ito_drude_from_sheet_resistance(7.0, 180e-9, 35e-4)
    # rho = Rs t = 7 x 180e-7 cm = 1.26e-4 ohm cm (exact arithmetic)
    assert p.resistivity_ohm_m * 100 == pytest.approx(1.26e-4, rel=1e-12)
    # N mu = 1/(q rho) = 4.95e22 (cm V s)^-1, quoted to 3 digits
    n_mu = p.carrier_density_m3 * 1e-6 * p.mobility_m2_vs * 1e4
    assert n_mu == pytest.approx(4.95e22, rel=2e-3)
    # round trip: the sheet resistance of the same film at 180 nm is 7 ohm/sq, 1/t scaling at 35 nm
    assert ito_sheet_resistance(p.carrier_density_m3, p.mobility_m2_vs, 180e-9) == pytest.approx(
        7.0
    )
    assert ito_sheet_resistance(p.carrier_density_m3, p.mobility_m2_vs, 35e-9) == pytest.approx(
        7.0 * 180 / 35
    )
    assert p.damping_rad_s == pytest.approx(q / (0.35 * m_e * 35e-4), rel=1e-14)


def test_ito_sheet_resistance_broadcasts():
    t = np.array([35e-9, 70e-9, 180e-9])
    rs = ito_sheet_resistance(1e27, 35e-4, t)
    assert rs.shape == (3,)
    np.testing.assert_allclose(rs * t, 1 / (q * 1e27 * 35e-4), rtol=1e-14)


def test_drude_dc_conductivity_matches_sheet_resistance():
    p = ito_drude_from_sheet_resistance()
    wl = 1e-2  # omega << gamma: sigma(omega) -> 1/rho to ~1e-6
    sigma = eps0 * angular_frequency(wl) * ito_permittivity(wl, p).imag
    assert sigma == pytest.approx(1 / p.resistivity_ohm_m, rel=1e-5)


def test_material_parameterisations_agree():
    by_rs = get_material(
        "ITO", sheet_resistance_ohm_sq=7.0, reference_thickness_nm=180.0, mobility_cm2_vs=35.0
    )
    n_cm3 = by_rs.params["carrier_density_cm3"]
    assert n_cm3 == pytest.approx(1.4153e21, rel=1e-3)
    by_n = get_material("ITO", carrier_density_cm3=n_cm3, mobility_cm2_vs=35.0)
    wl = np.linspace(0.5e-6, 10e-6, 20)
    np.testing.assert_allclose(by_rs.nk(wl), by_n.nk(wl), rtol=1e-12)
    # the defaults are the reference substrate
    np.testing.assert_allclose(get_material("ITO").nk(wl), by_rs.nk(wl), rtol=1e-12)
    expected = nk_from_permittivity(
        ito_permittivity(2e-6, ito_drude_parameters(n_cm3 * 1e6, 35e-4))
    )
    assert by_rs.nk(2e-6) == pytest.approx(expected, rel=1e-12)
    # a metal at 2 um for this density: eps' < 0 (screened plasma wavelength about 1.2 um)
    assert (by_rs.nk(2e-6) ** 2).real < 0


def test_ito_errors():
    with pytest.raises(ConfigError, match="either carrier_density_cm3 or sheet_resistance"):
        get_material(
            "ITO",
            carrier_density_cm3=1e21,
            sheet_resistance_ohm_sq=7.0,
            reference_thickness_nm=180.0,
        )
    with pytest.raises(ConfigError, match="needs reference_thickness_nm"):
        get_material("ITO", sheet_resistance_ohm_sq=7.0)
    with pytest.raises(ConfigError, match="ITO: mobility must be positive"):
        get_material("ITO", mobility_cm2_vs=-3)
    with pytest.raises(ConfigError, match="ITO: sheet resistance must be positive"):
        ito_drude_from_sheet_resistance(0.0, 180e-9, 35e-4)
    with pytest.raises(ConfigError, match="mobility_cm2_vs: expected a number"):
        get_material("ITO", mobility_cm2_vs="fast")
