"""Lifetime analysis: checks added for the mutants that survived the earlier tests
(docs/mutation.md lists them). Each asserts a limit, a hand value or an invariance."""

from __future__ import annotations

import numpy as np
import pytest

from ncled.analysis.fitting import least_squares_fit
from ncled.analysis.lifetime import (
    analyze_lifetime,
    extrapolate_lifetime,
    lt_interpolated,
    lt_stretched_exponential,
    lt_stretched_exponential_unc,
    stretched_exponential,
)
from ncled.errors import ConfigError, DataFormatError

H = 3600.0


def test_stretched_exponential_limits():
    # L(0) = L0, L(tau) = L0 / e; no decay before the stress starts (t < 0 is clipped to 0)
    assert stretched_exponential(0.0, 7.0, 2.0, 0.6) == 7.0
    assert stretched_exponential(2.0, 7.0, 2.0, 0.6) == pytest.approx(7.0 / np.e, rel=1e-15)
    assert stretched_exponential(-5.0, 7.0, 2.0, 0.6) == 7.0


def test_interpolation_by_hand_on_a_broken_line():
    t = np.array([0.0, 1.0, 2.0, 4.0, 8.0])
    y = np.array([200.0, 150.0, 120.0, 100.0, 60.0])
    # l0 = 200: 0.8 l0 = 160 is crossed in the first segment, at t = 0.8 (hand value)
    val, u = lt_interpolated(t, y, 0.8, 200.0, noise=5.0)
    assert val == pytest.approx(0.8, rel=1e-14)
    assert u == pytest.approx(5.0 / 50.0, rel=1e-14)  # noise / |slope| of that segment
    # 0.5 l0 = 100 is met exactly at t = 4: the segment that arrives there sets the slope
    # (-10 per unit time), not the one after it (-20)
    y2 = np.array([200.0, 150.0, 120.0, 100.0, 20.0])
    val, u = lt_interpolated(t, y2, 0.5, 200.0, noise=5.0)
    assert val == pytest.approx(4.0, rel=1e-14)
    assert u == pytest.approx(5.0 / 10.0, rel=1e-14)
    # reached only at the last point
    assert lt_interpolated(t, y, 0.3, 200.0)[0] == pytest.approx(8.0, rel=1e-14)
    # already below at the first point: no crossing in the trace
    assert np.isnan(lt_interpolated(t, y, 0.8, 300.0)[0])


def test_lt_unc_small_covariance_matches_monte_carlo():
    """With hours as the unit the uncertainty is far below 1: no floor may be applied."""
    tau, beta = 100.0, 0.7
    cov = np.array([[1e-4, 2e-7], [2e-7, 1e-8]])
    u = lt_stretched_exponential_unc(0.5, tau, beta, cov)
    rng = np.random.default_rng(1)
    d = rng.multivariate_normal([tau, beta], cov, size=200_000)
    mc = lt_stretched_exponential(0.5, d[:, 0], d[:, 1]).std(ddof=1)
    assert u == pytest.approx(mc, rel=3 / np.sqrt(2 * 199_999))  # 3 MC standard errors


def _trace(t):
    return stretched_exponential(t, 1000.0, 150 * H, 0.7)


def test_lifetimes_do_not_depend_on_the_clock_origin():
    t = np.linspace(0, 400 * H, 80)
    noise = np.random.default_rng(3).normal(0, 2.0, t.size)
    a, fit = analyze_lifetime(t, _trace(t) + noise)
    b, _ = analyze_lifetime(t + 1000 * H, _trace(t) + noise)
    np.testing.assert_allclose(b.lt_fit_s, a.lt_fit_s, rtol=1e-6)  # fit tolerance
    np.testing.assert_allclose(b.lt_interpolated_s, a.lt_interpolated_s, rtol=1e-6)
    d = a.to_dict()
    assert d["fit_beta"] == a.fit_beta and d["lt_fit_s"] == a.lt_fit_s
    assert a.provenance["function"] == "ncled.analysis.lifetime.analyze_lifetime"
    assert a.provenance["inputs"]["time_s"]["shape"] == [80]
    assert a.provenance["options"]["fractions"] == [0.9, 0.7, 0.5]
    assert a.provenance["success"] is True and a.undetermined == ()
    assert a.provenance["inputs"]["source"] == "trace"
    assert a.provenance["inputs"]["radiance"]["shape"] == [80]
    assert a.provenance["message"] == fit.message == a.fit_message and fit.success
    assert a.fit_success is True and a.l0 == a.fit_l0 == pytest.approx(1000.0, rel=2e-3)


def test_five_points_are_enough_and_input_errors_name_the_problem():
    t = np.linspace(0, 400 * H, 5)
    res, _ = analyze_lifetime(t, _trace(t))
    assert res.fit_beta == pytest.approx(0.7, rel=1e-6)  # noise-free: exact recovery
    t = np.linspace(0, 10, 20)
    y = np.exp(-t / 5)
    t_dup = t.copy()
    t_dup[3] = t_dup[2]
    with pytest.raises(DataFormatError, match=r"^trace: column time is not strictly increasing "
                       rf"\(row 4, {t[2]:g} s after {t[2]:g} s\)$"):
        analyze_lifetime(t_dup, y)
    with pytest.raises(ConfigError, match=r"fractions must be in \(0, 1\)"):
        analyze_lifetime(t, y, fractions=(0.0,))
    with pytest.raises(ConfigError, match=r"fractions must be in \(0, 1\)"):
        analyze_lifetime(t, y, fractions=(1.0,))
    y0 = y.copy()
    y0[0] = 0.0
    with pytest.raises(DataFormatError, match=r"must start with a positive radiance, got 0$"):
        analyze_lifetime(t, y0)
    with pytest.raises(ConfigError, match=r"changes by \+0\.1 over the trace, scatter "
                       r"[0-9.e-]+\); no lifetime can be given. Check the columns and the "
                       r"sign of the signal$"):
        analyze_lifetime(t, 1.0 + 0.01 * t)


def test_decay_criterion_is_three_standard_errors_of_the_fitted_drop():
    """A straight-line fit to n evenly spaced points has a slope standard error
    s / (T sqrt(n / 12)) (n >> 1), so its drop over the trace T has s / sqrt(n / 12). A trace
    whose drop is 2 of those (with an alternating +-1 scatter) is not a decay; 5 of those is."""
    n = 40
    t = np.linspace(0, 100 * H, n)
    wiggle = np.where(np.arange(n) % 2 == 0, 1.0, -1.0)
    sigma_drop = 1.0 / np.sqrt(n / 12)
    with pytest.raises(ConfigError, match="does not decay"):
        analyze_lifetime(t, 100.0 - 2 * sigma_drop * t / t[-1] + wiggle)
    res, _ = analyze_lifetime(t, 100.0 - 5 * sigma_drop * t / t[-1] + wiggle)
    assert res.l0 == pytest.approx(100.0, abs=1.0)  # within the scatter


def test_no_uncertainty_is_invented_by_default():
    assert lt_interpolated([0.0, 1.0, 2.0], [1.0, 0.6, 0.2], 0.5, 1.0)[1] == 0.0
    assert extrapolate_lifetime(100.0, 2.0, 1.0, 1.5)[1] == 0.0


def test_a_bound_on_an_unknown_parameter_is_an_error():
    x = np.linspace(0, 1, 10)
    with pytest.raises(ConfigError, match=r"bounds given for unknown parameter\(s\) \['L0'\]"):
        least_squares_fit(lambda x, a: a * x, x, 2 * x, {"a": 1.0}, {"L0": (0, 1)})


def test_not_reached_note_names_the_fraction_and_the_fit_value_in_hours():
    t = np.linspace(0, 0.5 * H, 30)
    res, _ = analyze_lifetime(t, stretched_exponential(t, 1.0, 15 * H, 0.8), fractions=(0.9,))
    lt90_h = float(lt_stretched_exponential(0.9, 15.0, 0.8))  # the model's inverse, in hours
    assert res.notes == (f"LT90 not reached within the trace; the fit value {lt90_h:.3g} h is "
                         "an extrapolation of the fit",)
    assert res.provenance["warnings"] == list(res.notes)
