"""Sizing curves against their source formulas and published points; inverses; errors."""

import numpy as np
import pytest

from ncled.constants import q
from ncled.errors import ConfigError
from ncled.nanocrystal import get_sizing_model
from ncled.nanocrystal.sizing import (
    hgte_bulk_gap_hansen1982,
    hgte_gap_kane,
    pbs_diameter_moreels2009,
    pbs_gap_moreels2009,
    zno_gap_jacobsson2011,
)
from ncled.nanocrystal.spectra import absorption_cutoff_wavelength, ensemble_for


def test_hansen1982_bulk_gap():
    # Hansen 1982 at x = 0: -0.302 + 5.35e-4 T eV; -0.1415 eV at 300 K (formula evaluated by hand)
    assert hgte_bulk_gap_hansen1982(0.0) / q == pytest.approx(-0.302, abs=1e-12)
    assert hgte_bulk_gap_hansen1982(300.0) / q == pytest.approx(-0.1415, abs=1e-12)
    # x = 0.2 at 77 K: -0.302 + 0.386 - 0.0324 + 0.006656 + 5.35e-4*77*0.6 = 0.082973 eV
    assert hgte_bulk_gap_hansen1982(77.0, 0.2) / q == pytest.approx(0.082973, abs=1e-9)


def test_pbs_moreels2009_exact():
    d_nm = np.array([3.0, 5.0, 8.0])
    expected = 0.41 + 1 / (0.0252 * d_nm**2 + 0.283 * d_nm)  # Moreels 2009 eq. (source formula)
    assert np.allclose(pbs_gap_moreels2009(d_nm * 1e-9) / q, expected, rtol=1e-14, atol=0)


def test_zno_jacobsson2011_exact():
    d_nm = np.array([2.5, 4.0, 7.0])
    expected = 3.30 + 0.293 / d_nm + 3.94 / d_nm**2  # Jacobsson & Edvinsson 2011
    assert np.allclose(zno_gap_jacobsson2011(d_nm * 1e-9) / q, expected, rtol=1e-14, atol=0)


def test_kane_large_size_limit_is_bulk():
    # For R -> infinity the electron level goes to max(Eg, 0) = 0 (HgTe is a semimetal) and
    # confinement/Coulomb vanish like 1/R: at 2 um the gap is < 1 meV.
    assert abs(hgte_gap_kane(2e-6) / q) < 1e-3


def test_kane_parabolic_limit():
    # With a large positive bulk gap the Kane electron becomes parabolic with 1/m* = (2/3) Ep / Eg
    # (two-band Kane): compare with hbar^2 k^2 / 2m* to first order (tolerance: next order term).
    from ncled.constants import hbar, m_e
    d = 20e-9
    eg_ev = 5.0  # force a wide gap by shifting T in Hansen's formula: Eg = -0.302 + 5.35e-4 T
    t = (eg_ev + 0.302) / 5.35e-4
    e = hgte_gap_kane(d, temperature_k=t, hole_mass=1e9, eps_r=1e12)
    t0 = hbar**2 * (np.pi / (d / 2)) ** 2 / (2 * m_e) / q
    parabolic = eg_ev + (2 / 3) * 18.0 * t0 / eg_ev
    assert e / q == pytest.approx(parabolic, rel=1e-5)


# Published HgTe CQD size vs room-temperature absorption cut-off: 5 nm <-> 2 um and 12 nm <->
# 5 um, Lhuillier, Keuleyan & Guyot-Sionnest, Nanotechnology 23, 175705 (2012),
# doi:10.1088/0957-4484/23/17/175705 (as gathered in ../shared/reference/parameters.md).
HGTE_SIZE_CUTOFF_POINTS = [(5e-9, 2.0e-6), (12e-9, 5.0e-6)]


@pytest.mark.parametrize("diameter, cutoff", HGTE_SIZE_CUTOFF_POINTS)
def test_kane_curve_against_published_hgte_points(diameter, cutoff):
    # issue target: within 20 %. The model cut-off is read like the measured one (10 % of the
    # band-edge peak, red side).
    model = absorption_cutoff_wavelength(ensemble_for("HgTe", diameter_m=diameter))
    assert model == pytest.approx(cutoff, rel=0.20)


@pytest.mark.parametrize("material", ["HgTe", "PbS", "ZnO"])
def test_inverse_round_trip(material):
    model = get_sizing_model(material)
    d = np.array([3e-9, 5e-9, 7.5e-9, 12e-9])
    back = model.diameter(model.gap(d))
    assert np.allclose(back, d, rtol=1e-9, atol=0)  # issue target 1e-9


def test_registry_and_errors():
    assert get_sizing_model("hgte").name == "kane"
    with pytest.raises(ConfigError, match=r"unknown nanocrystal material 'CdSe'.*HgTe"):
        get_sizing_model("CdSe")
    with pytest.raises(ConfigError, match=r"unknown sizing model 'foo'.*moreels2009"):
        get_sizing_model("PbS", "foo")
    with pytest.raises(ConfigError, match="diameter must be positive"):
        hgte_gap_kane(0.0)
    with pytest.raises(ConfigError, match="diameter must be positive"):
        pbs_gap_moreels2009(np.array([3e-9, -1e-9]))
    with pytest.raises(ConfigError, match=r"no diameter in 1-100 nm.*reachable"):
        get_sizing_model("PbS").diameter(0.3 * q)  # below PbS bulk gap: unreachable
    with pytest.raises(ConfigError, match=r"bulk limit 0.41 eV"):
        pbs_diameter_moreels2009(0.3 * q)
    with pytest.raises(ConfigError, match="reachable"):
        get_sizing_model("HgTe").diameter(-0.05 * q)  # HgTe gap never negative
