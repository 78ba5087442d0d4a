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


def test_thermal_radiance_is_emissivity_times_planck():
    from ncled.optics.thermal import thermal_spectral_radiance

    wl = np.array([3e-6, 5e-6, 10e-6])
    b = planck_spectral_radiance(wl, 350.0)
    np.testing.assert_allclose(thermal_spectral_radiance(0.25, wl, 350.0), 0.25 * b, rtol=1e-15)
    np.testing.assert_allclose(thermal_spectral_radiance(np.array([1.0, 0.5, 0.0]), wl, 350.0),
                               b * [1.0, 0.5, 0.0], rtol=1e-15)


def _split_film(n_split):
    from ncled.optics.tmm import stack_rta

    wl = np.array([1.5e-6, 2.2e-6])
    ang = np.array([0.0, 0.7])
    n_film = 2.1 + 0.08j
    return stack_rta(np.array([1.0, *([n_film] * n_split), 1.5])[:, None],
                     [2e-6 / n_split] * n_split, wl, ang)


@pytest.mark.parametrize("n_split", [2, 14])
def test_a_layer_split_into_sublayers_is_the_same_layer(n_split):
    """Cutting a film into sublayers of the same index is an identity of the transfer matrix
    (an absorbing 2 um film at normal and oblique incidence, s and p)."""
    one, many = _split_film(1), _split_film(n_split)
    # 1e-10: products of 2x2 matrices in double precision
    np.testing.assert_allclose(many.R, one.R, rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(many.T, one.T, rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(many.A[1:-1].sum(axis=0), one.A[1], rtol=1e-10, atol=1e-14)


def test_reflectance_of_a_film_split_into_40_sublayers():
    """With more than 16 media the kernel renormalises its amplitudes every 8 layers; the
    reflectance (a ratio of amplitudes) is unaffected."""
    np.testing.assert_allclose(_split_film(40).R, _split_film(1).R, rtol=1e-10, atol=1e-14)


def test_transmittance_of_a_film_split_into_40_sublayers():
    """Splitting a film into identical sublayers changes nothing physical; with more than 16
    media the kernel renormalises its amplitudes, and the transmittance must carry the
    accumulated factor (issue 18 finding: T was 1.93 instead of 0.218 before the fix).
    Tolerance 1e-10: round-off of 40 chained interface matrices."""
    one, many = _split_film(1), _split_film(40)
    np.testing.assert_allclose(many.T, one.T, rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(many.A[1:-1].sum(axis=0), one.A[1], rtol=1e-10, atol=1e-14)


def test_normal_index_values():
    """q = sqrt(n^2 - xi^2): 1.5 at xi = 0.9 gives 1.2 (a 3-4-5 triangle), 1 at xi = 1.25
    gives 0.75i (evanescent), and the plane-wave and dipole modules agree on it."""
    from ncled.optics.dipole import normal_index as dipole_normal_index
    from ncled.optics.tmm_coherent import normal_index

    q = normal_index(np.array([1.5, 1.0, 2.0 + 0.5j]), np.array([0.9, 1.25, 1.2]))
    np.testing.assert_allclose(q[:2], [1.2, 0.75j], rtol=1e-15, atol=1e-15)
    assert q[2] ** 2 == pytest.approx((2.0 + 0.5j) ** 2 - 1.44, rel=1e-14)
    np.testing.assert_allclose(dipole_normal_index(np.array([1.5, 1.0, 2.0 + 0.5j]),
                                                   np.array([0.9, 1.25, 1.2])), q, rtol=1e-14)
