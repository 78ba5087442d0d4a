"""PLQY energy-gap law anchors, rates, Auger volume scaling; synthesis planner."""

import numpy as np
import pytest

from ncled.errors import ConfigError
from ncled.nanocrystal import exciton_rates, plan_synthesis, plqy
from ncled.nanocrystal.efficiency import REFERENCE_DIAMETER, auger_rate


def test_plqy_anchors():
    # Keuleyan 2014 / Qu 2022: 1 % at 2 um; the 2.3 um anchor is the PLQY share (0.7) of the
    # paper's EQE halving left after the LED model's optical losses (efficiency.py docstring)
    assert plqy("HgTe", wavelength_m=2.0e-6) == pytest.approx(0.01, rel=1e-12)
    assert plqy("HgTe", wavelength_m=2.3e-6) == pytest.approx(0.007, rel=1e-12)
    # the mid-IR decline: below 0.3 % at 5 um (Keuleyan 2014: mid-IR HgTe CQDs are dim)
    assert plqy("HgTe", wavelength_m=5.0e-6) < 0.003
    assert plqy("HgTe", 1239.841984 / 2000.0) == pytest.approx(0.01, rel=1e-6)  # eV input
    q13 = plqy("HgTe", wavelength_m=1.3e-6)
    # organic-capped dots stay below the 48 % of aqueous HgTe at 1.3 um (Rogach 1999)
    assert 0.01 < q13 < 0.48
    wl = np.linspace(1.2e-6, 5e-6, 50)
    assert np.all(np.diff(plqy("HgTe", wavelength_m=wl)) < 0)  # energy-gap law: monotonic


def test_rates_consistent_with_2ns_lifetime():
    r = exciton_rates("HgTe", wavelength_m=2.0e-6)
    assert r.lifetime == pytest.approx(2e-9, rel=1e-12)  # Qu 2022 transient reflectivity
    assert r.radiative / (r.radiative + r.nonradiative) == pytest.approx(r.plqy, rel=1e-14)
    assert 1 / r.auger == pytest.approx(50e-12, rel=1e-6)  # pinned at the reference size


def test_auger_scales_with_volume():
    # Melnychuk & Guyot-Sionnest 2018: tau_Auger ~ V -> doubling d multiplies tau by 8
    assert auger_rate(REFERENCE_DIAMETER) / auger_rate(2 * REFERENCE_DIAMETER) == pytest.approx(8)
    r = exciton_rates("HgTe", wavelength_m=[2.0e-6, 2.3e-6])
    assert r.auger[1] < r.auger[0]  # redder = larger = slower Auger


def test_efficiency_errors():
    with pytest.raises(ConfigError, match="calibrated for HgTe only"):
        plqy("PbS", 1.0)
    with pytest.raises(ConfigError, match="exactly one"):
        plqy("HgTe")
    with pytest.raises(ConfigError, match="positive"):
        plqy("HgTe", wavelength_m=-1.0)
    with pytest.raises(ConfigError, match="diameter must be positive"):
        auger_rate(0.0)


@pytest.mark.parametrize("t_c, peak_nm", [(70, 2000), (75, 2150), (80, 2300)])
def test_synthesis_calibration_points(t_c, peak_nm):
    p = plan_synthesis(temperature_k=t_c + 273.15)
    assert p.pl_peak == pytest.approx(peak_nm * 1e-9, rel=1e-12)  # Qu 2022 Methods, exact points
    assert p.warnings == ()
    back = plan_synthesis(pl_peak_m=peak_nm * 1e-9)
    assert back.temperature == pytest.approx(t_c + 273.15, abs=1e-9)


def test_synthesis_batch_and_extrapolation():
    p = plan_synthesis(temperature_k=72.5 + 273.15, batch_scale=2.0)
    assert p.pl_peak == pytest.approx(2075e-9, rel=1e-12)  # linear between 70 and 75 C
    # 2 x 543 mg HgCl2 / 271.50 g/mol = 4.000 mmol; 2 x 2 mL of 1 M TOP:Te = 4 mmol Te (1:1)
    assert p.reagents["HgCl2"]["moles"] == pytest.approx(4.0e-3, rel=1e-3)
    assert p.reagents["TOP:Te 1 M"]["moles"] == pytest.approx(4.0e-3, rel=1e-12)
    assert 6.2e-9 < p.diameter < 6.6e-9  # between the 2.0 and 2.15 um ensembles
    hot = plan_synthesis(temperature_k=90 + 273.15)
    assert hot.pl_peak == pytest.approx(2600e-9, rel=1e-12)
    assert len(hot.warnings) == 1 and "extrapolation" in hot.warnings[0]


def test_synthesis_errors():
    with pytest.raises(ConfigError, match="either"):
        plan_synthesis()
    with pytest.raises(ConfigError, match="batch scale"):
        plan_synthesis(temperature_k=343.15, batch_scale=0)
    with pytest.raises(ConfigError, match="no positive PL peak"):
        plan_synthesis(temperature_k=250.0)
