"""Checks added where mutation testing (issue 18, docs/mutation.md) found the materials layer
unguarded: analytic limits of the oscillator models, invariants of the effective media, the
published Rubin formula of soda-lime glass, the edges of tabulated data, and the error messages
that must name the field and the valid range (the house rule on bad input)."""

from __future__ import annotations

import numpy as np
import pytest

from ncled.constants import c
from ncled.errors import ConfigError, MaterialRangeError
from ncled.materials.base import Material
from ncled.materials.dispersion import (
    constant_nk,
    drude_lorentz_permittivity,
    drude_permittivity,
    interpolate_nk,
    lorentz_permittivity,
)
from ncled.materials.ema import bruggeman_permittivity, check_fractions, mix
from ncled.materials.ito import ito_drude_from_sheet_resistance, ito_drude_parameters
from ncled.materials.library import nc_film_fractions, nc_film_permittivity, soda_lime_glass_nk

# ----------------------------------------------------------------------- oscillator limits


def test_lorentz_oscillator_at_resonance_and_static_limit():
    """At w = w0 the denominator is -i g w0, so eps = i S w0 / g; far below resonance eps -> S
    (Dressel & Gruner ch. 6)."""
    w0, g, s = 2 * np.pi * c / 10e-6, 2 * np.pi * c / 200e-6, 3.0
    at = lorentz_permittivity(10e-6, [s], [w0], [g])
    assert complex(at) == pytest.approx(1j * s * w0 / g, rel=1e-12)
    static = lorentz_permittivity(1.0, [s], [w0], [g])  # 1 m: w / w0 = 1e-5
    # (w/w0)^2 ~ 1e-10 and S g w / w0^2 ~ 1.5e-6 (the loss tail) are the only differences
    assert complex(static) == pytest.approx(s, rel=3e-6)
    # the imaginary part at resonance is the loss: it halves when the damping doubles
    assert complex(lorentz_permittivity(10e-6, [s], [w0], [2 * g])).imag == pytest.approx(
        complex(at).imag / 2, rel=1e-12)


def test_drude_lorentz_adds_its_oscillators():
    wl = np.array([2e-6, 5e-6, 11e-6])
    d = drude_permittivity(wl, 4.0, 3e15, 1e14)
    lo = lorentz_permittivity(wl, [2.0], [1.7e14], [5e12])
    both = drude_lorentz_permittivity(wl, 4.0, 3e15, 1e14, [2.0], [1.7e14], [5e12])
    np.testing.assert_allclose(both, d + lo, rtol=1e-14)
    np.testing.assert_allclose(drude_lorentz_permittivity(wl, 4.0, 3e15, 1e14), d, rtol=1e-14)


# ---------------------------------------------------------------------- effective media

def test_ligand_of_index_one_is_indistinguishable_from_void():
    """The film is core + ligand + void (n = 1): a ligand of index 1 must give the same film as
    no ligand at all. Catches a wrong index for the void."""
    eps_core = np.array([9.0 + 2.0j, 7.5 + 0.3j])
    a = nc_film_permittivity(eps_core, 0.4, 0.25, ligand_n=1.0)
    b = nc_film_permittivity(eps_core, 0.4, 0.0, ligand_n=1.5)
    np.testing.assert_allclose(a, b, rtol=1e-12)
    # and a film of ligand only (no void) is the two-component Bruggeman of core and ligand
    full = nc_film_permittivity(eps_core, 0.4, 0.6, ligand_n=1.5)
    np.testing.assert_allclose(full, bruggeman_permittivity([eps_core, 2.25 + 0j], [0.4, 0.6]),
                               rtol=1e-12)


@pytest.mark.parametrize("eps,frac", [
    ([-400 + 30j, 2.25, 1.0, 12 + 0.5j], [0.3, 0.3, 0.2, 0.2]),  # gold-like metal, 4 components
    ([-1000 + 100j, 1.0, 2.0], [0.34, 0.33, 0.33]),
    ([1e4 + 1e3j, 1.0, 1.5, 2.0], [0.25] * 4),  # 1e4 contrast
    ([-20 + 1j, 2.25], [0.5, 0.5]),
])
def test_bruggeman_root_is_passive_and_solves_the_equation(eps, frac):
    """Passive components give a passive mixture (Im eps >= 0) and the returned root satisfies
    sum f (e - x) / (e + 2x) = 0 to rounding (relative to the size of its terms)."""
    e = [np.complex128(v) for v in eps]
    x = complex(bruggeman_permittivity(e, frac))
    assert x.imag >= 0
    terms = [f * (v - x) / (v + 2 * x) for v, f in zip(eps, frac, strict=True)]
    assert abs(sum(terms)) <= 1e-13 * max(abs(t) for t in terms)


def test_bruggeman_with_an_absent_component_along_a_wavelength_axis():
    """Fractions given per wavelength (shape (N, W)) with one component absent everywhere: the
    same mixture as without it."""
    wl = 3
    e1, e2, e3 = (np.full(wl, 9.0 + 1j), np.full(wl, 2.25 + 0j), np.full(wl, 4.0 + 0j))
    f = np.array([np.full(wl, 0.3), np.full(wl, 0.7), np.zeros(wl)])
    got = bruggeman_permittivity([e1, e2, e3], list(f))
    np.testing.assert_allclose(got, bruggeman_permittivity([e1, e2], [0.3, 0.7]), rtol=1e-12)


def test_bruggeman_polishing_reaches_rounding_on_an_ill_conditioned_mixture():
    """Five components spanning 1e5 in |eps| (the companion-matrix roots lose digits there):
    after the Newton polish the equation holds to 1e-13 of its terms."""
    eps = [np.complex128(v) for v in (-3e4 + 2e3j, 1.0, 1.01, 50 + 1j, 2.0)]
    frac = [0.05, 0.3, 0.3, 0.05, 0.3]
    x = complex(bruggeman_permittivity(eps, frac))
    terms = [f * (v - x) / (v + 2 * x) for v, f in zip(eps, frac, strict=True)]
    assert abs(sum(terms)) <= 1e-13 * max(abs(t) for t in terms)


def test_mix_name_source_description_and_range():
    a = Material("A", lambda w: constant_nk(w, 2.0), 1e-6, 5e-6, source="src A")
    b = Material("B", lambda w: constant_nk(w, 1.5), 2e-6, 8e-6, source="src B")
    m = mix({a: 0.5, b: 0.5})
    assert m.name == "bruggeman(0.5 A + 0.5 B)"
    assert (m.wavelength_min, m.wavelength_max) == (2e-6, 5e-6)
    assert m.source == "src A; src B"
    assert m.description == "bruggeman effective medium"
    assert m.params == {"model": "bruggeman", "components": {"A": 0.5, "B": 0.5}}
    named = mix({a: 0.5, b: 0.5}, name="film", source="mine")
    assert named.name == "film" and named.source == "mine"
    c_ = Material("C", lambda w: constant_nk(w, 1.5), 6e-6, 9e-6)
    with pytest.raises(ConfigError, match=r"do not overlap \(A: 1000-5000 nm, C: 6000-9000 nm\)"):
        mix({a: 0.5, c_: 0.5})
    # touching ranges overlap in one point
    d = Material("D", lambda w: constant_nk(w, 1.5), 5e-6, 9e-6)
    assert mix({a: 0.5, d: 0.5}).wavelength_min == 5e-6
    with pytest.raises(ConfigError, match="must sum to 1"):
        mix({a: 0.5, b: 0.6}, name="film")
    with pytest.raises(ConfigError, match="film: volume fractions"):
        mix({a: 0.5, b: 0.6}, name="film")


def test_check_fractions_edges_and_messages():
    check_fractions([0.0, 1.0], ["a", "b"])  # 0 and 1 are valid fractions
    check_fractions([1.0 - 5e-7, 0.0], ["a", "b"])  # within the documented 1e-6
    with pytest.raises(ConfigError, match=r"^mixture: volume fractions must be in \[0, 1\], "
                                          r"got b=1\.5"):
        check_fractions([0.0, 1.5], ["a", "b"])
    with pytest.raises(ConfigError, match=r"sum to 1, they sum to 0\.9"):
        check_fractions([0.4, 0.5], ["a", "b"], what="x")


# ---------------------------------------------------------------------- glass, tables

def test_soda_lime_glass_follows_rubins_formula_from_the_first_table_point():
    """Rubin (1985): n = 1.5130 - 0.003169 lam^2 + 0.003962 lam^-2 (lam in um), 0.31-4.6 um."""
    lam_um = np.array([0.31, 0.32, 0.5, 2.0, 4.6])
    n = soda_lime_glass_nk(lam_um * 1e-6).real
    np.testing.assert_allclose(n, 1.5130 - 0.003169 * lam_um**2 + 0.003962 / lam_um**2,
                               rtol=1e-12)


def test_interpolate_nk_edges():
    xt = np.array([1e-6, 2e-6])
    two = interpolate_nk(np.array([1e-6, 2e-6]), xt, [1.0, 2.0], [0.1, 0.2])  # 2 rows suffice
    np.testing.assert_allclose(two, [1.0 + 0.1j, 2.0 + 0.2j], rtol=1e-14)
    with pytest.raises(ConfigError, match="strictly increasing"):
        interpolate_nk(1.5e-6, [1e-6, 1e-6, 2e-6], [1, 1, 1], [0, 0, 0])
    # a zero k in the table: linear interpolation of k (no log of zero)
    k = interpolate_nk(np.array([1.5e-6]), xt, [1.0, 1.0], [0.0, 0.2], log_wavelength=False)
    assert k.imag[0] == pytest.approx(0.1, rel=1e-12)
    with pytest.raises(MaterialRangeError,
                       match=r"^tab: wavelength 2500-3000 nm is outside the table 1000-2000 nm$"):
        interpolate_nk(np.array([2.5e-6, 3e-6]), xt, [1, 2], [0, 0], name="tab")
    with pytest.raises(MaterialRangeError, match=r"^table: "):
        interpolate_nk(np.array([3e-6]), xt, [1, 2], [0, 0])


def test_material_range_messages_name_the_material_range_and_source():
    m = Material("M", lambda w: np.where(w > 3e-6, np.nan, 1.5 + 0j), 1e-6, 4e-6, source="S")
    with pytest.raises(MaterialRangeError, match=r"^material 'M': wavelength 5000 nm is outside "
                                                 r"its valid range 1000-4000 nm \(source: S\)$"):
        m.nk(5e-6)
    with pytest.raises(MaterialRangeError, match=r"^material 'M': no valid data at 3500-4000 nm "
                                                 r"\(valid range 1000-4000 nm\)$"):
        m.nk(np.array([2e-6, 3.5e-6, 4e-6]))
    bare = Material("N", lambda w: constant_nk(w, 1.5), 1e-6, 4e-6)
    with pytest.raises(MaterialRangeError, match=r"1000-4000 nm$"):
        bare.nk(5e-6)


# ---------------------------------------------------------------------------- ITO

def test_ito_parameters_keep_eps_inf_and_name_bad_inputs():
    p = ito_drude_from_sheet_resistance(eps_inf=4.2)
    assert p.eps_inf == 4.2
    for kwargs, field in [(dict(carrier_density_m3=-1.0, mobility_m2_vs=1e-3), "carrier density"),
                          (dict(carrier_density_m3=1e27, mobility_m2_vs=0.0), "mobility"),
                          (dict(carrier_density_m3=1e27, mobility_m2_vs=1e-3,
                                effective_mass_ratio=-1), "effective mass"),
                          (dict(carrier_density_m3=1e27, mobility_m2_vs=1e-3, eps_inf=0),
                           "eps_inf")]:
        with pytest.raises(ConfigError, match=f"^ITO: {field} must be positive and finite"):
            ito_drude_parameters(**kwargs)
    with pytest.raises(ConfigError, match=r"^ITO: reference thickness must be positive"):
        ito_drude_from_sheet_resistance(reference_thickness_m=-1.0)
    with pytest.raises(ConfigError, match=r"^ITO: mobility must be a number, got 'x'"):
        ito_drude_parameters(1e27, "x")


# -------------------------------------------------------------------------- NC film fractions

def test_nc_film_fraction_edges_and_messages():
    assert nc_film_fractions("f", 1.0, 0.0, 1.0) == (1.0, 0.0, 1.0)  # a dense core, n = 1 ok
    assert nc_film_fractions("f", 0.5, 0.5, 3.0) == (0.5, 0.5, 3.0)  # no void, n = 3 ok
    # a sum over 1 within 1e-9 is rounding: the ligand is trimmed to the space left
    _core, lig, _ = nc_film_fractions("f", 0.6, 0.4 + 5e-10, 1.5)
    assert lig == pytest.approx(0.4, abs=1e-15)
    for args in [(0.0, 0.1, 1.5), (0.5, 0.6, 1.5), (1.2, 0.0, 1.5), (0.5, 1.2, 1.5),
                 (0.5, -0.1, 1.5)]:
        with pytest.raises(ConfigError, match="material 'f': need 0 < core_fraction <= 1"):
            nc_film_fractions("f", *args)
    for n in (0.9, 3.5):
        with pytest.raises(ConfigError, match="ligand_n"):
            nc_film_fractions("f", 0.5, 0.1, n)
    with pytest.raises(ConfigError, match="core_fraction"):
        nc_film_fractions("f", "abc", 0.1, 1.5)


# ------------------------------------------------------------------ second round (rerun)

def test_soda_lime_glass_uses_the_formula_between_table_points():
    """Off the tabulated wavelengths the real index is still Rubin's formula (a table
    interpolation would differ by ~1e-6 there)."""
    lam_um = np.array([0.3157, 0.777, 1.2345, 3.333, 4.55])
    np.testing.assert_allclose(soda_lime_glass_nk(lam_um * 1e-6).real,
                               1.5130 - 0.003169 * lam_um**2 + 0.003962 / lam_um**2, rtol=1e-12)


def test_tabulated_materials_name_themselves_outside_their_data():
    from ncled.materials.library import gold_olmon2012_nk

    with pytest.raises(MaterialRangeError, match=r"^soda-lime-glass \(Rubin 1985\): wavelength"):
        soda_lime_glass_nk(np.array([1e-3]))
    with pytest.raises(MaterialRangeError, match=r"^Au \(Olmon 2012\): wavelength"):
        gold_olmon2012_nk(np.array([1e-3]))


def test_one_row_table_and_single_component_mixture():
    with pytest.raises(ConfigError, match=">= 2 rows"):
        interpolate_nk(1e-6, [1e-6], [1.0], [0.0])
    e = np.array([4.0 + 1j, 9.0 + 0j])
    np.testing.assert_allclose(bruggeman_permittivity([e], [1.0]), e, rtol=0)  # itself


def test_material_parameter_messages_name_the_parameter():
    from ncled.materials.library import optional_nm

    for args, field in [(("abc", 0.1, 1.5), "core_fraction"),
                        ((0.5, "abc", 1.5), "ligand_fraction"), ((0.5, 0.1, "abc"), "ligand_n")]:
        with pytest.raises(ConfigError, match=f"^parameter {field}: expected a number, got 'abc'$"):
            nc_film_fractions("f", *args)
    assert optional_nm("sigma", 0.5) == pytest.approx(0.5e-9, rel=1e-15)
    assert optional_nm("sigma", None) is None
    for bad in (0.0, -1.0):
        with pytest.raises(ConfigError, match=r"^parameter sigma: must be positive"):
            optional_nm("sigma", bad)
    with pytest.raises(ConfigError, match="sigma"):
        optional_nm("sigma", "abc")


def test_unknown_material_suggests_only_close_names():
    from ncled.materials.base import get_material

    with pytest.raises(ConfigError, match=r"^unknown material 'zzzzqqq' Known: ") as err:
        get_material("zzzzqqq")
    assert "did you mean" not in str(err.value)
    with pytest.raises(ConfigError, match=r"^unknown material 'ITOx'; did you mean ITO\? Known"):
        get_material("ITOx")


def test_real_negative_permittivity_gives_an_imaginary_index():
    """A metal below its plasma frequency (eps real and negative, given as a plain float):
    n + ik = i sqrt(|eps|), and a Bruggeman mix of plain floats equals the complex one."""
    from ncled.materials.dispersion import nk_from_permittivity

    assert complex(nk_from_permittivity(-4.0)) == pytest.approx(2j, abs=1e-15)
    np.testing.assert_allclose(bruggeman_permittivity([-20.0, 2.25], [0.5, 0.5]),
                               bruggeman_permittivity([-20.0 + 0j, 2.25 + 0j], [0.5, 0.5]),
                               rtol=1e-14)


def test_list_messages_are_comma_separated():
    from ncled.materials.base import get_material, material_parameters
    from ncled.materials.ema import effective_permittivity

    with pytest.raises(ConfigError, match=r"^material 'ITO': unknown parameter\(s\) bar, foo; "
                                          r"it takes: sheet_resistance_ohm_sq, reference_thick"):
        get_material("ITO", foo=1, bar=2)
    with pytest.raises(ConfigError, match=r"it takes: no parameters$"):
        get_material("air", foo=1)
    with pytest.raises(ConfigError, match=r"^unknown material 'nope'; known: Au, HgTe-NC-film, "):
        material_parameters("nope")
    with pytest.raises(ConfigError, match=r"Known: Au, HgTe-NC-film, ITO, "):
        get_material("nope")
    with pytest.raises(ConfigError, match=r"^unknown effective-medium model 'x'; known: "
                                          r"bruggeman, maxwell-garnett, looyenga, linear$"):
        effective_permittivity("x", [1.0], [1.0])
    with pytest.raises(ConfigError, match=r"got a=-0\.5, b=1\.5$"):
        check_fractions([-0.5, 1.5], ["a", "b"])
    with pytest.raises(ConfigError, match=r"^mixture: no components given$"):
        mix({})
    with pytest.raises(ConfigError, match=r"^lorentz_permittivity: strength, resonance and "
                                          r"damping differ in length$"):
        lorentz_permittivity(1e-6, [1.0, 2.0], [1e14], [1e12])
