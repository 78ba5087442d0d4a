"""XPS component fits: Hg 4f doublets with CasaXPS-style links, calibration, bad constraints."""

import numpy as np
import pytest

from ncled.analysis.xps import calibrate_au4f
from ncled.analysis.xps_fit import Component, build_parameter_map, fit_xps
from ncled.analysis.xps_lineshapes import gaussian, shirley_background, voigt
from ncled.errors import ConfigError

# Qu et al. 2022: Hg 4f7/2 of Hg-Te at 100.39 eV and Hg-S at 100.97 eV, 4f splitting 4.05 eV, 3:4
HGTE, HGS, SPLIT, RATIO = 100.39, 100.97, 4.05, 0.75


def _hg4f(rng):
    e = np.linspace(97, 108, 551)
    peaks = sum(gaussian(e, c, 0.8, a) + gaussian(e, c + SPLIT, 0.8, a * RATIO)
                for c, a in ((HGTE, 6000.0), (HGS, 2500.0)))
    cum = np.concatenate([[0], np.cumsum(0.5 * (peaks[1:] + peaks[:-1]) * np.diff(e))])
    y_true = 300 + 0.08 * cum + peaks  # with a Shirley-shaped step
    return e, rng.poisson(y_true).astype(float)


def test_hg4f_doublets_round_trip_with_links():
    e, y = _hg4f(np.random.default_rng(11))
    comps = [
        Component("HgTe", center=100.3, fwhm=1.0, area=5000.0, doublet_splitting_ev=f"={SPLIT}",
                  doublet_ratio=f"={RATIO}"),
        Component("HgS", center="HgTe + 0.58", fwhm="HgTe", area=2000.0,
                  doublet_splitting_ev=f"={SPLIT}", doublet_ratio=f"={RATIO}"),
    ]
    fit = fit_xps(e, y, comps, background="shirley")
    assert fit.success
    for key, true in (("HgTe.center", HGTE), ("HgTe.fwhm", 0.8), ("HgTe.area", 6000.0),
                      ("HgS.area", 2500.0)):
        # simulate-then-fit: within 3 standard errors (0.3 % chance of a false failure)
        assert abs(fit.value(key) - true) < 3 * fit.stderr(key), key
    # the link holds exactly and carries the uncertainty of the parameter it points to
    assert fit.value("HgS.center") == pytest.approx(fit.value("HgTe.center") + 0.58, abs=1e-12)
    assert fit.stderr("HgS.center") == pytest.approx(fit.stderr("HgTe.center"), rel=1e-9)
    assert fit.parameters["HgS.fwhm"][2] == "linked"
    # free position of the second component recovers the 0.58 eV Hg-S / Hg-Te separation
    comps[1] = Component("HgS", center=100.9, fwhm="HgTe", area=2000.0,
                         doublet_splitting_ev=f"={SPLIT}", doublet_ratio=f"={RATIO}")
    fit2 = fit_xps(e, y, comps)
    sep = fit2.value("HgS.center") - fit2.value("HgTe.center")
    assert abs(sep - (HGS - HGTE)) < 3 * np.hypot(fit2.stderr("HgS.center"),
                                                  fit2.stderr("HgTe.center"))


def test_fixed_and_scaled_links_resolve_linearly():
    comps = [Component("A", center="=84.0", fwhm=1.0, area=100.0),
             Component("B", center="A + 3.67", fwhm="A * 1.5", area="A / 4"),
             Component("C", center="B - 1", fwhm="B.fwhm", area="B.area * 2")]
    pmap = build_parameter_map(comps)
    full = dict(zip(pmap.keys, pmap.full(np.array([2.0, 400.0])), strict=True))
    assert full[("B", "center")] == pytest.approx(87.67)
    assert full[("C", "center")] == pytest.approx(86.67)
    assert full[("C", "fwhm")] == pytest.approx(3.0)
    assert full[("C", "area")] == pytest.approx(200.0)


@pytest.mark.parametrize("comps,match", [
    ([Component("A", center="B + 1"), Component("B", center="A - 1")], "loop"),
    ([Component("A", center="Z + 1")], "unknown component"),
    ([Component("A", center="A.width")], "unknown parameter"),
    ([Component("A", center="=84.0", bounds={"center": (85, 90)})], "outside its bounds"),
    ([Component("A", center=84.0), Component("A", center=85.0)], "used twice"),
    ([Component("A", center="84 eV")], "cannot read"),
    ([Component("A", center=84.0, bounds={"center": (90, 80)})], "empty"),
    ([Component("A", center=84.0, doublet_ratio=0.75)], "both a splitting"),
    ([Component("A", center=1.0), Component("B", center="A", bounds={"center": (0, 2)})],
     "linked"),
])
def test_contradictory_or_bad_constraints_raise(comps, match):
    with pytest.raises(ConfigError, match=match):
        build_parameter_map(comps)


def test_au4f_calibration_recovers_shift():
    rng = np.random.default_rng(2)
    e = np.linspace(80, 95, 601)
    shift = 0.37  # the measured scale reads 84.37 eV for Au 4f7/2
    peaks = voigt(e, 84.37, 0.5, 40000.0, 0.3) + voigt(e, 84.37 + 3.67, 0.5, 30000.0, 0.3)
    y = rng.poisson(2000 + peaks).astype(float)
    cal = calibrate_au4f(e, y, background="linear")
    assert abs(cal.shift_ev + shift) < 3 * cal.shift_stderr_ev
    assert cal.shift_stderr_ev < 0.01


def test_fit_input_errors():
    e = np.linspace(95, 110, 200)
    y = 100 + gaussian(e, 100, 1, 1000.0)
    with pytest.raises(ConfigError, match="energy range"):
        fit_xps(e, y, [Component("A", center=100.0)], energy_range_ev=(200, 210))
    with pytest.raises(ConfigError, match="weights"):
        fit_xps(e, y, [Component("A", center=100.0)], weights="chi")
    assert shirley_background(e, y).shape == e.shape
