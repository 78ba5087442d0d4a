"""Checks added where mutation testing (issue 18, docs/mutation.md) found the nanocrystal layer
unguarded: the exciton rates through each of their inputs, the band-edge cut-off against the
absorption it is read from, and the synthesis plan against the published recipe (Qu et al.,
Nat. Photon. 16, 38 (2022): 543 mg HgCl2 per batch; PL 2000 nm at 70 C, 2300 nm at 80 C)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.constants import zero_Celsius

from ncled.constants import c, h, q
from ncled.errors import ConfigError
from ncled.nanocrystal.efficiency import (
    REFERENCE_ENERGY,
    REFERENCE_PLQY,
    auger_rate,
    exciton_rates,
    plqy,
    radiative_rate,
)
from ncled.nanocrystal.ensemble import absorption_coefficient, default_parameters
from ncled.nanocrystal.sizing import get_sizing_model
from ncled.nanocrystal.spectra import absorption_cutoff_wavelength, absorption_peak_wavelength
from ncled.nanocrystal.synthesis import plan_synthesis

# ---------------------------------------------------------------------------- exciton rates


def test_exciton_rates_from_energy_equal_those_from_wavelength():
    e_ev = 0.58
    a = exciton_rates("HgTe", e_ev)
    b = exciton_rates("HgTe", wavelength_m=h * c / (e_ev * q))
    assert a.energy == pytest.approx(e_ev * q, rel=1e-12)
    for f in ("energy", "radiative", "nonradiative", "auger"):
        assert getattr(a, f) == pytest.approx(getattr(b, f), rel=1e-12), f


def test_exciton_rates_pass_beta_and_diameter_through():
    e_ev = 0.55  # away from the 2 um reference, where beta matters
    base = exciton_rates("HgTe", e_ev)
    steeper = exciton_rates("HgTe", e_ev, beta=2 * 1.0 / (0.1 * q))
    assert steeper.nonradiative != pytest.approx(base.nonradiative, rel=1e-3)
    d = 12e-9
    big = exciton_rates("HgTe", e_ev, diameter_m=d)
    # Auger rate ~ 1/d^3 (the documented law): doubling the diameter divides it by 8
    assert exciton_rates("HgTe", e_ev, diameter_m=2 * d).auger == pytest.approx(big.auger / 8,
                                                                                 rel=1e-12)
    assert big.auger == pytest.approx(float(auger_rate(d)), rel=1e-12)


def test_plqy_depends_on_beta_except_at_the_reference_energy():
    e_ref_ev = REFERENCE_ENERGY / q
    for beta in (5.0 / q, 20.0 / q):
        assert float(plqy("HgTe", e_ref_ev, beta=beta)) == pytest.approx(REFERENCE_PLQY,
                                                                         rel=1e-12)
    # above the reference energy a steeper energy-gap law suppresses k_nr more: higher PLQY
    lo, hi = (float(plqy("HgTe", e_ref_ev + 0.05, beta=b)) for b in (5.0 / q, 20.0 / q))
    assert hi > lo * 1.05


def test_radiative_rate_takes_the_given_reference_rate():
    assert float(radiative_rate(REFERENCE_ENERGY, k_r_ref=1.0e7)) == pytest.approx(1.0e7,
                                                                                   rel=1e-14)
    assert float(radiative_rate(2 * REFERENCE_ENERGY, k_r_ref=1.0e7)) == pytest.approx(
        2.0e7, rel=1e-14)  # linear in energy


@pytest.mark.parametrize("kwargs,what", [
    (dict(wavelength_m=0.0), "emission wavelength must be positive"),
    (dict(wavelength_m=np.nan), "emission wavelength must be positive"),
    (dict(emission_energy_ev=0.0), "emission energy must be positive"),
    (dict(emission_energy_ev=np.nan), "emission energy must be positive"),
    (dict(emission_energy_ev=np.inf), "emission energy must be positive"),
])
def test_emission_energy_rejects_zero_and_non_finite(kwargs, what):
    with pytest.raises(ConfigError, match=what):
        exciton_rates("HgTe", **kwargs)


# ------------------------------------------------------------------------- band-edge cut-off

@pytest.mark.parametrize("fraction", [0.1, 0.5])
def test_cutoff_is_where_the_absorption_falls_to_the_fraction(fraction):
    p = default_parameters("HgTe", 9e-9)
    lam_pk = absorption_peak_wavelength(p)
    lam_c = absorption_cutoff_wavelength(p, fraction)
    assert lam_c > lam_pk
    a_pk = float(absorption_coefficient(p, h * c / lam_pk))
    a_c = float(absorption_coefficient(p, h * c / lam_c))
    # linear interpolation between grid points of a smooth edge: < 1e-4 relative here
    assert a_c == pytest.approx(fraction * a_pk, rel=1e-4)


# ------------------------------------------------------------------------------ synthesis

def test_synthesis_plan_scales_the_published_recipe():
    one = plan_synthesis(temperature_k=75.0 + zero_Celsius)
    assert one.batch_scale == 1.0
    hg = one.reagents["HgCl2"]
    assert (hg["amount"], hg["unit"]) == (pytest.approx(543.0, rel=1e-12), "mg")
    assert hg["moles"] == pytest.approx(0.543 / 271.5, rel=1e-3)  # M(HgCl2) = 271.5 g/mol
    two = plan_synthesis(temperature_k=75.0 + zero_Celsius, batch_scale=2.0)
    assert set(two.reagents) == {"HgCl2", "oleylamine (Hg solution)", "TOP:Te 1 M",
                                 "oleylamine (Te solution)", "DDT/toluene 1:9 (quench)"}
    for name, r in one.reagents.items():
        assert two.reagents[name]["unit"] == r["unit"], name
        assert two.reagents[name]["amount"] == pytest.approx(2 * r["amount"], rel=1e-12), name
        if r["moles"] is not None:
            assert two.reagents[name]["moles"] == pytest.approx(2 * r["moles"], rel=1e-12)
    assert one.reagents["oleylamine (Hg solution)"]["amount"] == pytest.approx(50.0)
    assert one.reagents["oleylamine (Te solution)"]["amount"] == pytest.approx(8.0)
    assert one.reagents["DDT/toluene 1:9 (quench)"]["amount"] == pytest.approx(10.0)


def test_synthesis_warning_outside_the_calibration_names_the_extrapolation():
    """Calibration 2000 nm at 70 C, 2300 nm at 80 C: 30 nm/K, so 90 C -> 2600 nm."""
    plan = plan_synthesis(temperature_k=90.0 + zero_Celsius)
    assert list(plan.warnings) == ["90 C is outside the calibrated 70-80 C (PL 2000-2300 nm, Qu "
                                   "et al. 2022): the PL peak 2600 nm is a linear extrapolation "
                                   "at 30 nm/K"]
    for tc in (70.0, 80.0):  # the calibrated ends warn nothing
        assert not plan_synthesis(temperature_k=tc + zero_Celsius).warnings
    for tc in (69.5, 80.5):  # half a degree outside already warns
        assert plan_synthesis(temperature_k=tc + zero_Celsius).warnings


def test_synthesis_rejects_bad_targets_with_their_values():
    with pytest.raises(ConfigError, match="PL peak must be a positive wavelength, got -2000 nm"):
        plan_synthesis(pl_peak_m=-2e-6)
    with pytest.raises(ConfigError, match="PL peak must be a positive wavelength"):
        plan_synthesis(pl_peak_m=np.nan)
    with pytest.raises(ConfigError, match="temperature must be above 0 K"):
        plan_synthesis(temperature_k=np.nan)
    with pytest.raises(ConfigError, match="no positive PL peak"):
        plan_synthesis(temperature_k=1.0)  # far below the calibration: the line crosses zero


# -------------------------------------------------------------------------------- sizing

def test_sizing_error_names_the_energy_and_wavelengths():
    m = get_sizing_model("HgTe")
    with pytest.raises(ConfigError, match=r"eV \(\d+(\.\d+)? nm\); reachable: .* nm to .* nm\)"):
        m.diameter(5.0 * q)
    with pytest.raises(ConfigError, match="no wavelength"):
        m.diameter(-1.0 * q)


# ------------------------------------------------------------------ energy-gap law, PL peak

@pytest.mark.parametrize("ratio,lam2", [(0.5, 2.3e-6), (0.2, 2.6e-6)])
def test_energy_gap_beta_reproduces_the_plqy_ratio_it_is_solved_for(ratio, lam2):
    """Definition: with beta = energy_gap_beta(ratio, E1, E2), PLQY(E2) / PLQY(E1) = ratio."""
    from ncled.nanocrystal.efficiency import energy_gap_beta

    e2 = h * c / lam2
    beta = energy_gap_beta(ratio, REFERENCE_ENERGY, e2, REFERENCE_PLQY)
    q1 = float(plqy("HgTe", REFERENCE_ENERGY / q, beta=beta))
    q2 = float(plqy("HgTe", e2 / q, beta=beta))
    assert q2 / q1 == pytest.approx(ratio, rel=1e-10)


def test_diameter_for_pl_peak_puts_the_ensemble_peak_there():
    """The ensemble PL per unit wavelength, sampled on a dense independent grid (0.035 nm),
    peaks at the requested wavelength."""
    from ncled.nanocrystal.ensemble import pl_density_energy
    from ncled.nanocrystal.spectra import density_energy_to_wavelength, diameter_for_pl_peak

    target = 2.2e-6
    p = default_parameters("HgTe", diameter_for_pl_peak("HgTe", target))
    wl = np.linspace(2.0e-6, 2.4e-6, 11_401)
    s = density_energy_to_wavelength(pl_density_energy(p, h * c / wl), wl)
    assert wl[int(np.argmax(s))] == pytest.approx(target, abs=0.05e-9)  # 1.5 grid steps


# ------------------------------------------------------------------------- second round

def test_spectra_take_the_given_size_or_peak():
    """pl_spectrum and absorption_k for a diameter equal those for the PL peak it gives, and a
    different diameter gives a different spectrum (the argument is used)."""
    from ncled.nanocrystal.spectra import absorption_k, diameter_for_pl_peak, pl_spectrum

    wl = np.linspace(1.6e-6, 2.8e-6, 301)
    d = diameter_for_pl_peak("HgTe", 2.2e-6)
    for f in (pl_spectrum, absorption_k):
        by_peak = f("HgTe", wl, pl_peak_m=2.2e-6)
        np.testing.assert_allclose(f("HgTe", wl, diameter_m=d), by_peak, rtol=1e-9)
        assert not np.allclose(f("HgTe", wl, diameter_m=0.9 * d), by_peak, rtol=1e-3)
    s = pl_spectrum("HgTe", wl, pl_peak_m=2.2e-6)
    assert wl[int(np.argmax(s))] == pytest.approx(2.2e-6, abs=4e-9)  # the grid step
    for bad in (0.0, -1e-6, np.nan):
        with pytest.raises(ConfigError, match=r"^wavelengths must be positive and finite$"):
            pl_spectrum("HgTe", np.array([2e-6, bad]), pl_peak_m=2.2e-6)
    with pytest.raises(ConfigError, match=r"^PL peak must be a positive wavelength, got -2000 nm"):
        diameter_for_pl_peak("HgTe", -2e-6)


@pytest.mark.parametrize("name,e_ev,msg", [
    ("pbs", 0.3, "no PbS (Moreels 2009) nanocrystal has a gap of 0.3 eV (4133 nm): the gap "
                 "must exceed the bulk limit 0.41 eV (3024 nm)"),
    ("pbs", -1.0, "no PbS (Moreels 2009) nanocrystal has a gap of -1 eV (inf nm): the gap "
                  "must exceed the bulk limit 0.41 eV (3024 nm)"),
    ("zno", 3.0, "no ZnO (Jacobsson & Edvinsson 2011) nanocrystal has a gap of 3 eV (413.3 nm): "
                 "the gap must exceed the bulk limit 3.3 eV (375.7 nm)"),
])
def test_closed_form_sizing_names_the_bulk_limit(name, e_ev, msg):
    """hc = 1239.84 eV nm: 0.3 eV -> 4133 nm, 0.41 eV (PbS bulk) -> 3024 nm, 3.3 eV (ZnO) ->
    375.7 nm."""
    from ncled.nanocrystal.sizing import pbs_diameter_moreels2009, zno_diameter_jacobsson2011

    f = pbs_diameter_moreels2009 if name == "pbs" else zno_diameter_jacobsson2011
    with pytest.raises(ConfigError) as err:
        f(e_ev * q)
    assert str(err.value) == msg
    with pytest.raises(ConfigError, match="bulk limit"):  # the limit itself is not a nanocrystal
        f((0.41 if name == "pbs" else 3.30) * q)


def test_sizing_range_error_is_a_config_error_at_both_ends():
    m = get_sizing_model("HgTe")
    e_hi = float(m.gap(m.diameter_min))
    e_lo = float(m.gap(m.diameter_max))
    assert float(m.diameter(e_hi)) == pytest.approx(m.diameter_min, rel=1e-9)  # ends included
    assert float(m.diameter(e_lo)) == pytest.approx(m.diameter_max, rel=1e-9)
    for e in (e_hi * 1.01, e_lo * 0.99, np.nan):
        with pytest.raises(ConfigError, match=r"HgTe .*: no diameter in .* has a gap of"):
            m.diameter(e)
    with pytest.raises(ConfigError, match=rf"reachable: {e_lo / q:.4g}-{e_hi / q:.4g} eV"):
        m.diameter(e_hi * 1.01)


def test_synthesis_plan_amounts_units_moles_and_steps():
    """The published recipe (Qu et al. 2022, Methods) in units and moles: 2 mmol HgCl2 and
    2 mmol Te (2 mL of 1 M TOP:Te); oleylamine 0.813 g/mL, 267.49 g/mol; 1-dodecanethiol
    0.845 g/mL, 202.40 g/mol, one tenth of the 1:9 quench solution."""
    plan = plan_synthesis(temperature_k=75.0 + zero_Celsius)
    r = plan.reagents
    expect = {"HgCl2": ("mg", 543.0, 0.543 / 271.50),
              "oleylamine (Hg solution)": ("mL", 50.0, 50 * 0.813 / 267.49),
              "TOP:Te 1 M": ("mL", 2.0, 2e-3),
              "oleylamine (Te solution)": ("mL", 8.0, 8 * 0.813 / 267.49),
              "DDT/toluene 1:9 (quench)": ("mL", 10.0, 1.0 * 0.845 / 202.40)}
    for name, (unit, amount, moles) in expect.items():
        assert r[name]["unit"] == unit, name
        assert r[name]["amount"] == pytest.approx(amount, rel=1e-12), name
        assert r[name]["moles"] == pytest.approx(moles, rel=1e-9), name
    assert plan.steps == (
        "Degas 543 mg HgCl2 in 50 mL oleylamine at 110 C under vacuum for 1 h.",
        "Mix 2 mL TOP:Te (1 M) with 8 mL oleylamine (glove box).",
        "Switch to N2, set 75 C; once stable, inject the Te solution quickly.",
        "After 3 min inject 10 mL DDT/toluene (1:9) and quench in a water bath.",
        "Precipitate with methanol, redisperse in CHCl3 (twice); centrifuge off the unstable "
        "phase; store at 30 mg/mL in CHCl3.")


def test_synthesis_and_emission_input_messages():
    with pytest.raises(ConfigError, match=r"^give either a growth temperature or a target PL "
                                          r"peak, not both/neither$"):
        plan_synthesis()
    with pytest.raises(ConfigError, match=r"^-270 C: the linear extrapolation of the 70-80 C "
                                          r"calibration gives no positive PL peak$"):
        plan_synthesis(temperature_k=3.15)
    with pytest.raises(ConfigError, match=r"^give exactly one of emission_energy_ev or "
                                          r"wavelength_m$"):
        exciton_rates("HgTe")
    with pytest.raises(ConfigError, match=r"^emission wavelength must be positive and finite$"):
        exciton_rates("HgTe", wavelength_m=-1e-6)
    with pytest.raises(ConfigError, match=r"^emission energy must be positive and finite$"):
        exciton_rates("HgTe", -0.5)
    with pytest.raises(ConfigError, match=r"^diameter must be positive and finite$"):
        auger_rate(0.0)
    with pytest.raises(ConfigError, match=r"exciton energy for this emission of "):
        exciton_rates("HgTe", 5.0)  # no HgTe nanocrystal emits at 5 eV
