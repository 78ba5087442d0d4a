"""More propagated uncertainties checked as numbers (issue 18, point 3).

Complements ``test_uncertainty_mc.py``: the collection efficiency of a bare detector, the XPS
quantification, the spectrally integrated EQE, the standard errors of linked XPS parameters
and the turn-on voltage of the LED analysis, each against a seeded Monte-Carlo propagation of
the same inputs (GUM Supplement 1) or a finite-difference calculation. Monte-Carlo tolerances
are 3 relative standard errors of a sample standard deviation, ``3 / sqrt(2 (n - 1))``.

References
----------
JCGM 101:2008, Propagation of distributions using a Monte Carlo method (GUM Supplement 1).
https://doi.org/10.59161/JCGM101-2008
"""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr

from ncled.analysis.led import (
    LedCalibration,
    OnsetCriterion,
    analyze_led_sweep,
    collection_efficiency_disc,
    collection_efficiency_disc_rel_unc,
)
from ncled.analysis.xps_fit import Component, fit_xps
from ncled.analysis.xps_model import quantify


def _mc_tol(n: int) -> float:
    """Three relative standard errors of a sample standard deviation from ``n`` draws."""
    return 3.0 / np.sqrt(2.0 * (n - 1))


# ------------------------------------------------------------- collection efficiency (disc)

@pytest.mark.parametrize("distance_m", [2e-3, 5e-3, 50e-3])
def test_collection_efficiency_uncertainty_matches_monte_carlo(distance_m):
    """A 3 mm x 3 mm detector at 2 mm (a large cone, f = 0.58), 5 mm and 50 mm (the
    solid-angle limit, f -> 1): area and distance drawn with 3 % and 2 % relative errors."""
    area, ua, ud = 9e-6, 0.03, 0.02
    u = float(collection_efficiency_disc_rel_unc(area, distance_m, ua, ud))
    n = 400_000
    rng = np.random.default_rng(11)
    eta = collection_efficiency_disc(area * (1 + ua * rng.normal(size=n)),
                                     distance_m * (1 + ud * rng.normal(size=n)))
    eta0 = float(collection_efficiency_disc(area, distance_m))
    # 0.34 % MC error; the second-order (curvature) part of a 4-5 % spread is ~ (0.05)^2 ~ 0.3 %
    assert u == pytest.approx(eta.std(ddof=1) / eta0, rel=_mc_tol(n) + 5e-3)


# ----------------------------------------------------------------------- XPS quantification

def test_quantification_stderr_matches_monte_carlo():
    areas = {"Hg": 5000.0, "Te": 3000.0, "Zn": 8000.0}
    sens = {"Hg": 5.3, "Te": 6.6, "Zn": 4.8}  # unequal so each Jacobian term differs
    err = {"Hg": 150.0, "Te": 240.0, "Zn": 160.0}
    out = quantify(areas, sens, err)
    n = 200_000
    rng = np.random.default_rng(21)
    draws = {k: areas[k] + err[k] * rng.normal(size=n) for k in areas}
    tot = sum(draws[k] / sens[k] for k in areas)
    for k in areas:
        x = draws[k] / sens[k] / tot
        assert out[k][0] == pytest.approx(areas[k] / sens[k]
                                          / sum(areas[j] / sens[j] for j in areas), rel=1e-12)
        # 0.5 %: MC error; the ratio's second-order part at 3-8 % area errors is ~1e-3
        assert out[k][1] == pytest.approx(x.std(ddof=1), rel=_mc_tol(n) + 2e-3), k
    # the fractions sum to one exactly, so their errors are not independent: the largest error
    # is at most the quadrature sum of the others (a check of the Jacobian's off-diagonal part)
    e = sorted(v[1] for v in out.values())
    assert e[-1] <= np.hypot(e[0], e[1]) * (1 + 1e-12)


# -------------------------------------------------------------------- integrated LED EQE

V = np.linspace(0.0, 3.0, 31)
CUR = 1e-6 * np.exp(V / 0.3)  # [A]
IPH = 1e-9 * np.exp(V / 0.25)  # [A]
LAM = np.linspace(1.6e-6, 2.6e-6, 201)
SPEC = np.exp(-0.5 * ((LAM - 2.0e-6) / 0.12e-6) ** 2)


def _sweep(cur, iph):
    return xr.Dataset({"voltage": ("point", V), "current": ("point", cur),
                       "photocurrent": ("point", iph)})


def test_integrated_eqe_uncertainty_matches_monte_carlo():
    """The spectrally integrated EQE counts photons with the spectrum's own axis: its
    uncertainty has the calibration, current and noise terms and no peak-wavelength term (a
    large 6 % wavelength uncertainty makes that difference 2.5x the MC tolerance)."""
    cal0 = dict(pixel_area_m2=1e-6, responsivity_a_w=0.5, collection_efficiency=0.2,
                peak_wavelength_m=2.0e-6, subtract_dark=False)
    ur, uc, ui, noise = 0.03, 0.04, 0.035, 4e-11
    nominal, _ = analyze_led_sweep(
        _sweep(CUR, IPH), LedCalibration(**cal0, responsivity_rel_unc=ur,
                                         collection_efficiency_rel_unc=uc, current_rel_unc=ui,
                                         peak_wavelength_unc_m=0.12e-6, noise_floor_a=noise),
        spectrum=(LAM, SPEC))
    n = 1500
    rng = np.random.default_rng(31)
    out = np.empty((n, V.size))
    for k in range(n):
        z = rng.normal(size=3)
        cal = LedCalibration(**{**cal0, "responsivity_a_w": 0.5 * (1 + ur * z[0]),
                                "collection_efficiency": 0.2 * (1 + uc * z[1])},
                             noise_floor_a=0.0)
        ds, _ = analyze_led_sweep(_sweep(CUR * (1 + ui * z[2]),
                                         IPH + noise * rng.normal(size=V.size)),
                                  cal, spectrum=(LAM, SPEC))
        out[k] = ds["eqe_integrated"].values
    # 5.5 % (3 MC standard errors); adding the 6 % wavelength term would make it +14 %
    np.testing.assert_allclose(nominal["eqe_integrated_unc"].values, out.std(axis=0, ddof=1),
                               rtol=_mc_tol(n))


# ------------------------------------------------------------------- linked XPS parameters

def _gauss(e, center, fwhm, area):
    s = fwhm / (2 * np.sqrt(2 * np.log(2)))
    return area / (s * np.sqrt(2 * np.pi)) * np.exp(-0.5 * ((e - center) / s) ** 2)


def test_fit_xps_linked_and_doublet_standard_errors_match_finite_difference_covariance():
    """A Hg 4f-like doublet (splitting and ratio free) and a second peak whose centre, width
    and area are linked to it, fitted with Poisson weights. Reference: the covariance
    ``s^2 inv(J^T J)`` of the weighted residuals of an independently written model, with
    ``J`` by central differences, mapped to the linked parameters by their derivatives."""
    rng = np.random.default_rng(41)
    e = np.linspace(95.0, 112.0, 341)

    def model(p):  # p = (center, fwhm, area, splitting, ratio); B = A + 2.0, same fwhm, 0.4 A
        c, w, a, sp, r = p
        return (_gauss(e, c, w, a) + _gauss(e, c + sp, w, a * r)
                + _gauss(e, c + 2.0, w, 0.4 * a) + 200.0)

    truth = np.array([100.2, 0.9, 4.0e4, 4.05, 0.75])
    y = rng.poisson(model(truth)).astype(float)
    comps = [Component("A", center=100.0, fwhm=1.0, area=3.5e4, doublet_splitting_ev=4.0,
                       doublet_ratio=0.7),
             Component("B", center="A + 2.0", fwhm="A", area="0.4 * A")]
    fit = fit_xps(e, y - 200.0, comps, background="none", weights="none")
    assert fit.success
    p = np.array([fit.value(k) for k in ("A.center", "A.fwhm", "A.area", "A.splitting",
                                         "A.ratio")])
    w = 1.0  # weights "none"
    resid = (y - model(p)) * w
    jac = np.empty((e.size, p.size))
    for j in range(p.size):
        h = 1e-6 * abs(p[j])
        dp = np.zeros(p.size)
        dp[j] = h
        jac[:, j] = -(model(p + dp) - model(p - dp)) / (2 * h) * w
    redchi = resid @ resid / (e.size - p.size)
    cov = np.linalg.inv(jac.T @ jac) * redchi
    ref = np.sqrt(np.diag(cov))
    # the solver's forward-difference Jacobian and its convergence (xtol 1e-12): ~1e-6 relative
    for k, r in zip(("A.center", "A.fwhm", "A.area", "A.splitting", "A.ratio"), ref,
                    strict=True):
        assert fit.stderr(k) == pytest.approx(r, rel=1e-4), k
    # linked parameters carry the errors of what they are linked to (d B.area / d A.area = 0.4)
    assert fit.stderr("B.center") == pytest.approx(ref[0], rel=1e-4)
    assert fit.stderr("B.fwhm") == pytest.approx(ref[1], rel=1e-4)
    assert fit.stderr("B.area") == pytest.approx(0.4 * ref[2], rel=1e-4)
    assert fit.redchi == pytest.approx(redchi, rel=1e-6)  # same optimum, same residuals


# ------------------------------------------------------------------------------- turn-on

NOISE_A = 1e-9  # photocurrent noise [A]; the signal at the dark points is < 3e-11 A
IPH_ON = 1e-12 * np.exp(V / 0.12)


def _turn_on(iph, threshold):
    cal = LedCalibration(pixel_area_m2=1e-6, responsivity_a_w=0.5, collection_efficiency=0.2,
                         peak_wavelength_m=2e-6, noise_floor_a=NOISE_A, subtract_dark=False)
    crit = OnsetCriterion("radiance", threshold, 5)
    s = analyze_led_sweep(_sweep(CUR, iph), cal, turn_on=crit, threshold=crit)[1]
    return s.turn_on_voltage_v, s.turn_on_voltage_unc_v


def _turn_on_propagated(threshold):
    """First-order propagation of independent photocurrent noise on every point:
    ``u^2 = sum_k (dV_on / dI_k)^2 noise^2``, derivatives by central differences."""
    g = np.empty(V.size)
    for k in range(V.size):
        d = np.zeros(V.size)
        d[k] = 1e-3 * NOISE_A
        g[k] = (_turn_on(IPH_ON + d, threshold)[0] - _turn_on(IPH_ON - d, threshold)[0]) / (
            2 * d[k])
    return NOISE_A * float(np.sqrt(np.sum(g**2)))


# thresholds [W sr^-1 m^-2] at about 1/5, 1/2 and 4/5 of the way between two sweep points
THRESHOLDS = (0.05, 0.08, 0.13)


@pytest.mark.parametrize("threshold", THRESHOLDS)
def test_turn_on_propagated_noise_matches_monte_carlo(threshold):
    """The reference for the turn-on uncertainty: the finite-difference propagation over the
    measured points agrees with the scatter of the turn-on of 800 noisy sweeps."""
    rng = np.random.default_rng(51)
    n = 800
    v_on = [_turn_on(IPH_ON + NOISE_A * rng.normal(size=V.size), threshold)[0]
            for _ in range(n)]
    # 7.5 %: 3 MC standard errors (the crossing is close to linear in the noise here)
    assert _turn_on_propagated(threshold) == pytest.approx(np.std(v_on, ddof=1),
                                                           rel=_mc_tol(n))


@pytest.mark.parametrize("threshold", THRESHOLDS)
def test_reported_turn_on_uncertainty_is_the_propagated_noise(threshold):
    # 1 %: finite-difference truncation is ~1e-6; the disagreement found is 4-31 %
    assert _turn_on(IPH_ON, threshold)[1] == pytest.approx(_turn_on_propagated(threshold),
                                                           rel=0.01)
