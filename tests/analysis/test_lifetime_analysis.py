"""Lifetime analysis: stretched-exponential round trip, LT formulas, extrapolation, errors."""

from __future__ import annotations

import numpy as np
import pytest

from ncled.analysis.lifetime import (
    analyze_lifetime,
    extrapolate_lifetime,
    lt_interpolated,
    lt_stretched_exponential,
    stretched_exponential,
)
from ncled.errors import ConfigError, DataFormatError

H = 3600.0


def test_lt_formula_is_the_inverse_of_the_model():
    # L(LT_x) = x L0 exactly: LT50 = tau (ln 2)^(1/beta) (Fery et al. 2005)
    tau, beta = 12 * H, 0.7
    for x in (0.9, 0.7, 0.5):
        lt = lt_stretched_exponential(x, tau, beta)
        assert stretched_exponential(lt, 2.0, tau, beta) == pytest.approx(2.0 * x, rel=1e-14)
    assert lt_stretched_exponential(0.5, tau, 1.0) == pytest.approx(tau * np.log(2), rel=1e-15)


def test_interpolation_exact_for_linear_trace():
    t = np.linspace(0, 10, 11)
    y = 1.0 - 0.05 * t  # reaches 0.7 at t = 6 exactly, 0.5 at t = 10
    assert lt_interpolated(t, y, 0.7, 1.0)[0] == pytest.approx(6.0, rel=1e-13)
    assert np.isnan(lt_interpolated(t, y, 0.4, 1.0)[0])  # not reached: NaN, not a guess


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_round_trip_lt50_within_stated_uncertainty(seed):
    rng = np.random.default_rng(seed)
    tau, beta, l0 = 15 * H, 0.8, 1.0
    t = np.linspace(0, 24 * H, 145)
    y = stretched_exponential(t, l0, tau, beta) + rng.normal(0, 0.005, t.size)
    res, fit = analyze_lifetime(t, y)
    truth = lt_stretched_exponential(np.array(res.fractions), tau, beta)
    for k in range(3):
        # 4 sigma: the fit uncertainty is a first-order (Gauss-Newton) estimate
        assert abs(res.lt_fit_s[k] - truth[k]) < 4 * res.lt_fit_unc_s[k]
        # interpolation: 4 sigma plus 36 s for the chord between 10-minute samples
        tol = 4 * res.lt_interpolated_unc_s[k] + 0.01 * H
        assert abs(res.lt_interpolated_s[k] - truth[k]) < tol
    assert abs(res.fit_beta - beta) < 4 * res.fit_stderr["beta"]
    assert fit.success
    assert res.noise == pytest.approx(0.005, rel=0.2)  # rms residual estimates the noise


def test_extrapolation_law_and_uncertainty():
    # L0^n LT = const: 10 h from 1 W/sr/m2 with n = 2 is 1000 h from 0.1 W/sr/m2
    v, u = extrapolate_lifetime(10 * H, 1.0, 0.1, 2.0, lt_unc=1 * H, n_unc=0.0)
    assert v == pytest.approx(1000 * H, rel=1e-14)
    assert u == pytest.approx(100 * H, rel=1e-14)  # relative uncertainty carried over
    v2, u2 = extrapolate_lifetime(10 * H, 1.0, 0.1, 2.0, lt_unc=0.0, n_unc=0.1)
    assert u2 == pytest.approx(v2 * np.log(10) * 0.1, rel=1e-14)  # d/dn of ratio^n


def test_not_reached_is_flagged():
    t = np.linspace(0, 2 * H, 50)
    y = stretched_exponential(t, 1.0, 15 * H, 0.8)
    res, _ = analyze_lifetime(t, y)
    assert np.isnan(res.lt_interpolated_s[2])
    assert any("LT50 not reached" in n and "extrapolation" in n for n in res.notes)


def test_error_paths():
    t = np.linspace(0, 10, 20)
    y = np.exp(-t / 5)
    with pytest.raises(DataFormatError, match="not strictly increasing"):
        analyze_lifetime(t[::-1], y)
    with pytest.raises(DataFormatError, match="at least 5 points"):
        analyze_lifetime(t[:3], y[:3])
    with pytest.raises(ConfigError, match="fractions"):
        analyze_lifetime(t, y, fractions=(1.2,))
    with pytest.raises(DataFormatError, match="positive radiance"):
        analyze_lifetime(t, -y)
