"""Effective-medium rules: limits, symmetry, agreement at low fill, the mix() wrapper."""

import numpy as np
import pytest

from ncled.errors import ConfigError
from ncled.materials import Material, get_material, mix
from ncled.materials.dispersion import constant_nk
from ncled.materials.ema import (
    EMA_MODELS,
    bruggeman_permittivity,
    effective_permittivity,
    linear_permittivity,
    looyenga_permittivity,
    maxwell_garnett_permittivity,
)

RNG = np.random.default_rng(20240601)
E1 = RNG.uniform(1, 20, 50) + 1j * RNG.uniform(0, 5, 50)
E2 = RNG.uniform(1, 5, 50) + 1j * RNG.uniform(0, 0.5, 50)
METAL = -180 + 14j  # Au near 2 um


@pytest.mark.parametrize("model", sorted(EMA_MODELS))
def test_pure_component_limits(model):
    # fraction 1 of a component gives that component (rounding only)
    np.testing.assert_allclose(effective_permittivity(model, [E1, E2], [1.0, 0.0]), E1, rtol=1e-12)
    np.testing.assert_allclose(effective_permittivity(model, [E1, E2], [0.0, 1.0]), E2, rtol=1e-12)


def _residual(eps, fr, x):
    return sum(f * (e - x) / (e + 2 * x) for e, f in zip(eps, fr, strict=True))


@pytest.mark.parametrize("f1", [0.1, 0.5, 0.8])
def test_bruggeman_solves_its_equation_and_is_passive(f1):
    for e2 in (E2, np.full(50, METAL)):
        x = bruggeman_permittivity([E1, e2], [f1, 1 - f1])
        assert np.all(x.imag >= 0)
        assert np.max(np.abs(_residual([E1, e2], [f1, 1 - f1], x))) < 1e-12


def test_bruggeman_symmetric_and_n_component_consistency():
    a = bruggeman_permittivity([E1, E2], [0.3, 0.7])
    b = bruggeman_permittivity([E2, E1], [0.7, 0.3])
    np.testing.assert_allclose(a, b, rtol=1e-12)
    # splitting a component in two identical ones changes nothing (polynomial path, N = 3)
    c3 = bruggeman_permittivity([E1, E2, E2], [0.3, 0.4, 0.3])
    np.testing.assert_allclose(c3, a, rtol=1e-10)
    # a third component with zero fraction changes nothing (N = 3 and N = 4 paths)
    c4 = bruggeman_permittivity([E1, E2, 3.0 + 0j, 7.0 + 1j], [0.3, 0.7, 0.0, 0.0])
    np.testing.assert_allclose(c4, a, rtol=1e-10)


def test_bruggeman_lossless_within_wiener_bounds():
    f = np.linspace(0.05, 0.95, 19)
    x = bruggeman_permittivity([12.0, 2.25], [f, 1 - f])
    assert np.all(np.abs(x.imag) < 1e-12) and np.all(x.real > 0)
    upper = f * 12.0 + (1 - f) * 2.25
    lower = 1 / (f / 12.0 + (1 - f) / 2.25)
    assert np.all(x.real < upper) and np.all(x.real > lower)
    assert np.all(np.diff(x.real) > 0)  # more of the high-index component raises eps


def test_maxwell_garnett_equals_bruggeman_to_first_order():
    host, incl = 2.25 + 0j, 12.0 + 2j
    first = 3 * host * (incl - host) / (incl + 2 * host)  # d eps / d f at f = 0 (both rules)
    for f in (1e-3, 2e-3):
        mg = maxwell_garnett_permittivity([host, incl], [1 - f, f])
        bg = bruggeman_permittivity([host, incl], [1 - f, f])
        # both are host + first * f + O(f^2); their difference is O(f^2) with |coeff| < 10 here
        assert abs(mg - (host + first * f)) < 10 * f**2
        assert abs(bg - (host + first * f)) < 10 * f**2
        assert abs(bg - mg) < 10 * f**2


def test_looyenga_and_linear_formulas():
    # (0.5 * 1 + 0.5 * 2)^3 = 3.375 exactly
    assert looyenga_permittivity([1.0, 8.0], [0.5, 0.5]) == pytest.approx(3.375, rel=1e-14)
    assert linear_permittivity([1.0, 8.0], [0.25, 0.75]) == pytest.approx(6.25, rel=1e-14)
    # Maxwell Garnett is the Hashin-Shtrikman lower bound for a low-index host (lossless)
    mg = maxwell_garnett_permittivity([1.0 + 0j, 8.0 + 0j], [0.5, 0.5])
    assert mg.real == pytest.approx(1.0 * (1 + 2 * 0.5 * 7 / 10) / (1 - 0.5 * 7 / 10), rel=1e-14)


def test_effective_permittivity_errors():
    with pytest.raises(ConfigError, match="unknown effective-medium model 'foo'; known: bruggeman"):
        effective_permittivity("foo", [1.0], [1.0])
    with pytest.raises(ConfigError, match="2 permittivities but 1 volume fractions"):
        bruggeman_permittivity([1.0, 2.0], [1.0])


def _const(name, n, lo=1e-6, hi=5e-6):
    return Material(name, lambda wl: constant_nk(wl, n), lo, hi, source=f"test {name}")


def test_mix_material_range_and_values():
    a, b = _const("A", 3.0, 1e-6, 5e-6), _const("B", 1.5, 2e-6, 8e-6)
    m = mix({a: 0.4, b: 0.6})
    assert (m.wavelength_min, m.wavelength_max) == (2e-6, 5e-6)
    expected = np.sqrt(bruggeman_permittivity([9.0, 2.25], [0.4, 0.6]))
    assert m.nk(3e-6) == pytest.approx(expected, rel=1e-12)
    assert m.params["components"] == {"A": 0.4, "B": 0.6}
    mg = mix([(b, 0.9), (a, 0.1)], model="maxwell-garnett")  # first = host
    assert mg.nk(3e-6) == pytest.approx(
        np.sqrt(maxwell_garnett_permittivity([2.25, 9.0], [0.9, 0.1])), rel=1e-12
    )
    named = mix({"air": 0.5, "soda-lime-glass": 0.5}, model="linear")
    glass = get_material("soda-lime-glass").nk(2e-6) ** 2
    assert named.nk(2e-6) ** 2 == pytest.approx(0.5 + 0.5 * glass, rel=1e-12)


def test_mix_errors():
    a, b = _const("A", 3.0, 1e-6, 2e-6), _const("B", 1.5, 3e-6, 8e-6)
    with pytest.raises(ConfigError, match=r"volume fractions must sum to 1, they sum to 0\.9"):
        mix({a: 0.4, b: 0.5})
    with pytest.raises(ConfigError, match=r"must be in \[0, 1\], got A=1\.2"):
        mix({a: 1.2, b: -0.2})
    with pytest.raises(ConfigError, match="ranges do not overlap"):
        mix({a: 0.5, b: 0.5})
    with pytest.raises(ConfigError, match="unknown effective-medium model 'mg'"):
        mix({a: 0.5, _const("C", 2.0): 0.5}, model="mg")
    with pytest.raises(ConfigError, match="unknown material 'glas'"):
        mix({"glas": 0.5, "air": 0.5})
    with pytest.raises(ConfigError, match="no components"):
        mix({})
