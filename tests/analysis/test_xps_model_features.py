"""XPS model features of issue 13: Casa line shapes, constraint expressions, free doublets,
polynomial and joint Shirley backgrounds, guards against nonsense fits."""

import numpy as np
import pytest

from ncled.analysis.xps_fit import Component, build_parameter_map, fit_xps, spin_orbit_ratio
from ncled.analysis.xps_lineshapes import (
    casa_la,
    gaussian,
    gl_product,
    lorentzian,
    polynomial_background,
)
from ncled.errors import ConfigError

E = np.linspace(60, 140, 160001)


def test_gl_product_limits_and_area():
    # GL(0) is the Gaussian and GL(100) the Lorentzian, both area-normalised (Fairley 2021)
    np.testing.assert_allclose(gl_product(E, 100, 1.0, 2.0, 0.0), gaussian(E, 100, 1.0, 2.0),
                               rtol=1e-9)
    np.testing.assert_allclose(gl_product(E, 100, 1.0, 2.0, 1.0), lorentzian(E, 100, 1.0, 2.0),
                               rtol=1e-9)
    # GL(30): the Gaussian factor kills the tails inside +/-40 eV, so the area is all there;
    # trapezoid on a 0.5 meV grid: error ~1e-8
    assert np.trapezoid(gl_product(E, 100, 1.0, 2.0, 0.3), E) == pytest.approx(2.0, rel=1e-6)


def test_casa_la_symmetric_limit_is_a_lorentzian():
    # LA(1, 1) without Gaussian broadening is the Lorentzian, normalised on a grid of +/-40
    # FWHM, which holds (2/pi) arctan(80) of a Lorentzian's area
    e = np.linspace(95, 105, 2001)
    inside = 2 / np.pi * np.arctan(80.0)
    la = casa_la(e, 100.0, 1.0, 3.0, 1.0, 1.0, 1e-6)
    np.testing.assert_allclose(la * inside, lorentzian(e, 100.0, 1.0, 3.0), rtol=2e-3)
    # alpha < beta spreads the tail to higher binding energy: more area above the centre
    asym = casa_la(e, 100.0, 1.0, 3.0, 0.8, 2.0, 0.3)
    assert np.trapezoid(asym[e > 100], e[e > 100]) > 2 * np.trapezoid(asym[e < 100], e[e < 100])


def test_polynomial_background_is_exact_for_a_quadratic():
    e = np.linspace(0, 10, 201)
    y = 5 + 0.3 * e - 0.02 * e * e
    np.testing.assert_allclose(polynomial_background(e, y, order=2), y, rtol=1e-10)


def test_expression_constraints_are_linear_and_safe():
    comps = [Component("A", center=84.0, fwhm=1.0, area=100.0),
             Component("B", center=85.0, fwhm=1.0, area=50.0),
             Component("Hg-S", center="0.5 * (A + B) + 1", fwhm="A.fwhm * 2",
                       area="-(-A.area) / 4 + B.area")]
    pmap = build_parameter_map(comps)
    full = dict(zip(pmap.keys, pmap.full(pmap.start[list(pmap.free)]), strict=True))
    assert full[("Hg-S", "center")] == pytest.approx(85.5)
    assert full[("Hg-S", "fwhm")] == pytest.approx(2.0)
    assert full[("Hg-S", "area")] == pytest.approx(75.0)
    link = [Component("Hg-Te", center=100.4), Component("X", center="Hg-Te + 0.58")]
    pm = build_parameter_map(link)
    assert pm.start[pm.keys.index(("X", "center"))] == pytest.approx(100.98)


@pytest.mark.parametrize("spec,match", [
    ("__import__('os').system('true')", "only numbers"),
    ("A.center * A.fwhm", "product of two parameters"),
    ("A / B", "divide by a number"),
    ("A / 0", "divides by zero"),
    ("Q + 1", "unknown component"),
    ("1 + 2", "constant"),
])
def test_bad_constraint_expressions(spec, match):
    comps = [Component("A", center=84.0), Component("B", center=85.0),
             Component("C", center=spec)]
    with pytest.raises(ConfigError, match=match):
        build_parameter_map(comps)


def test_circular_constraints_and_unknown_shapes_are_listed_together():
    comps = [Component("A", center="C + 1"), Component("B", center="A + 1"),
             Component("C", center="B - 2"), Component("D", center=1.0, shape="gausian")]
    with pytest.raises(ConfigError, match="circular") as exc:
        build_parameter_map(comps)
    assert "gausian" in str(exc.value) and "known" in str(exc.value)


def test_spin_orbit_ratios():
    # (2j+1) degeneracies: p1/2 : p3/2 = 2 : 4, d 4 : 6, f 6 : 8
    assert spin_orbit_ratio("2p") == 0.5
    assert spin_orbit_ratio("3d") == pytest.approx(2 / 3)
    assert spin_orbit_ratio("4f") == 0.75
    with pytest.raises(ConfigError, match="p, d or f"):
        spin_orbit_ratio("1s")


def _doublet_data(rng, split=4.05, ratio=0.75):
    e = np.linspace(96, 110, 561)
    peaks = gaussian(e, 100.4, 0.8, 8000.0) + gaussian(e, 100.4 + split, 0.9, 8000.0 * ratio)
    cum = np.concatenate([[0], np.cumsum(0.5 * (peaks[1:] + peaks[:-1]) * np.diff(e))])
    return e, rng.poisson(200 + 0.05 * cum + peaks).astype(float)


def test_free_doublet_with_own_partner_width_round_trip():
    e, y = _doublet_data(np.random.default_rng(4))
    comp = Component("Hg", center=100.3, fwhm=1.0, area=6000.0, doublet_splitting_ev=4.0,
                     orbital="4f", doublet_fwhm=1.0, bounds={"ratio": (0.3, 1.2)})
    fit = fit_xps(e, y, [comp], background="shirley_joint")
    for key, true in (("Hg.splitting", 4.05), ("Hg.ratio", 0.75), ("Hg.partner_fwhm", 0.9),
                      ("Hg.center", 100.4)):
        # simulate-then-fit: within 3 standard errors
        assert abs(fit.value(key) - true) < 3 * fit.stderr(key), key
    assert set(fit.parameters) >= {"background.offset", "background.shirley_k"}


def test_start_outside_the_window_is_refused():
    e, y = _doublet_data(np.random.default_rng(5))
    with pytest.raises(ConfigError, match="outside the data window"):
        fit_xps(e, y, [Component("P", center=500.0), Component("Q", center=600.0)])
    y2 = y.copy()
    y2[7] = np.nan
    with pytest.raises(ConfigError, match="NaN"):
        fit_xps(e, y2, [Component("P", center=100.0)])


def test_undetermined_parameters_are_flagged():
    # a second peak with no signal under it: its area cannot be determined
    e, y = _doublet_data(np.random.default_rng(6))
    comps = [Component("Hg", center=100.3, fwhm=1.0, area=6000.0, doublet_splitting_ev="=4.05",
                       doublet_ratio="=0.75", doublet_fwhm=1.0),
             Component("ghost", center=97.0, fwhm="=0.8", area=50.0)]
    fit = fit_xps(e, y, comps)
    assert "ghost.area" in fit.undetermined
    assert any("ghost.area" in w for w in fit.warnings)
    assert fit.provenance["warnings"] == list(fit.warnings)


def test_quantification_with_sensitivity_factors():
    from ncled.analysis.xps_model import quantify

    # equal atoms: areas in the ratio of the sensitivity factors (Wagner 1981)
    x = quantify({"C": 100.0, "O": 290.0}, {"C": 1.0, "O": 2.9}, {"C": 10.0, "O": 0.0})
    assert x["C"][0] == pytest.approx(0.5) and x["O"][0] == pytest.approx(0.5)
    # error of x_C = n_C / (n_C + n_O) from the C area alone: n_O / (n_C + n_O)^2 * dA_C / S_C
    assert x["C"][1] == pytest.approx(100.0 / 200.0 ** 2 * 10.0)
    assert x["O"][1] == pytest.approx(x["C"][1])  # the fractions sum to one
    with pytest.raises(ConfigError, match="no area"):
        quantify({"C": 1.0}, {"N": 1.0})


def test_toml_model_lists_every_problem(tmp_path):
    from ncled.analysis.xps_model import load_xps_model

    p = tmp_path / "m.toml"
    p.write_text('backgrund = "shirley"\n[[component]]\nname = "A"\ncentre = 71.0\n'
                 '[[component]]\nname = "B"\ncenter = 74.0\nbounds = { center = 3 }\n')
    with pytest.raises(ConfigError) as exc:
        load_xps_model(p)
    msg = str(exc.value)
    assert str(p) in msg and "backgrund" in msg and "centre" in msg and "[lo, hi]" in msg


def test_tougaard_background_fitted_jointly_recovers_a_known_b():
    from scipy.integrate import quad

    from ncled.analysis.xps_lineshapes import TOUGAARD_C_EV2

    # a Gaussian core level with its single-loss Tougaard tail, B = 1500 eV^2 (about half the
    # universal 2866: the scale a thin overlayer gives), the tail integrated independently by
    # adaptive quadrature of B T / (C + T^2)^2 against the analytic Gaussian
    b_true, c, area, centre, fwhm = 1500.0, TOUGAARD_C_EV2, 8000.0, 100.4, 0.8
    e = np.linspace(94, 135, 411)  # 0.1 eV steps, 8 per FWHM

    def tail(en):
        f = lambda ep: (b_true * (en - ep) / (c + (en - ep) ** 2) ** 2  # noqa: E731
                        * gaussian(np.array([ep]), centre, fwhm, area)[0])
        return quad(f, centre - 8 * fwhm, min(en, centre + 8 * fwhm), limit=200)[0] \
            if en > centre - 8 * fwhm else 0.0

    truth = 150.0 + gaussian(e, centre, fwhm, area) + np.array([tail(x) for x in e])
    y = np.random.default_rng(12).poisson(truth).astype(float)
    fit = fit_xps(e, y, [Component("Au", center=100.2, fwhm=1.0, area=6000.0)],
                  background="tougaard_joint")
    assert fit.success
    b, sb = fit.value("background.tougaard_b"), fit.stderr("background.tougaard_b")
    # simulate-then-fit: within 3 standard errors, and the data determine B to 10 %
    assert abs(b - b_true) < 3 * sb and sb < 0.1 * b_true
    assert abs(fit.value("background.offset") - 150.0) < 3 * fit.stderr("background.offset")
    assert abs(fit.value("Au.area") - area) < 3 * fit.stderr("Au.area")
    assert fit.redchi == pytest.approx(1.0, abs=0.15)  # Poisson weights: redchi ~ 1
