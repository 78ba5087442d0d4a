"""Checks added where mutation testing (issue 18, docs/mutation.md) found the thermal-emission
helpers unguarded: the input checks of Planck's law, its Wien limit near 1 K, and the
hemispherical average along a chosen axis against its analytic value."""

from __future__ import annotations

import numpy as np
import pytest

from ncled.constants import c, h, k_B
from ncled.errors import ConfigError
from ncled.optics.thermal import hemispherical_average, planck_spectral_radiance


@pytest.mark.parametrize("wl", [np.nan, np.inf, 0.0, -1e-6])
def test_planck_rejects_bad_wavelengths(wl):
    with pytest.raises(ConfigError, match=r"^wavelengths must be positive and finite$"):
        planck_spectral_radiance(np.array([2e-6, wl]), 300.0)


@pytest.mark.parametrize("t", [np.nan, np.inf, 0.0, -5.0])
def test_planck_rejects_bad_temperatures(t):
    with pytest.raises(ConfigError, match=r"^temperature must be above 0 K$"):
        planck_spectral_radiance(2e-6, t)


def test_planck_below_one_kelvin_is_the_wien_limit():
    """0.9 K at 1 mm: x = hc / (lambda k T) = 16, so B = 2hc^2/lambda^5 e^-x (1 + e^-x + ...)
    to 1.1e-7 relative. Sub-kelvin temperatures are valid input."""
    wl, t = 1e-3, 0.9
    x = h * c / (wl * k_B * t)
    wien = 2 * h * c**2 / wl**5 * np.exp(-x)
    assert float(planck_spectral_radiance(wl, t)) == pytest.approx(wien, rel=2 * np.exp(-x))


def test_hemispherical_average_along_a_chosen_axis():
    """<cos theta> with weight cos theta sin theta over the hemisphere is (1/3) / (1/2) = 2/3;
    a constant is returned exactly. Trapezoid error on 4001 angles ~ 1e-7."""
    th = np.linspace(0.0, np.pi / 2, 4001)
    data = np.stack([np.cos(th), np.full(th.size, 0.7)])  # angle along axis 1
    np.testing.assert_allclose(hemispherical_average(data, th, axis=1), [2 / 3, 0.7],
                               rtol=1e-6)
    np.testing.assert_allclose(hemispherical_average(data.T, th, axis=0), [2 / 3, 0.7],
                               rtol=1e-6)
    assert hemispherical_average(np.full(th.size, 3), th) == pytest.approx(3.0, rel=1e-14)
