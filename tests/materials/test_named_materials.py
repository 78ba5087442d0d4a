"""Named materials against published values, their ranges and their error paths."""

import numpy as np
import pytest

import ncled.nanocrystal
from ncled.device.config import builtin_devices, load_device
from ncled.errors import ConfigError, MaterialRangeError
from ncled.materials import get_material, known_material_names, material_entries, mix
from ncled.materials.library import (
    BOND_A,
    BOND_B,
    BOND_C_M,
    BOND_IR_COEFF_UM2,
    ZNO_PHONON_STRENGTH,
    ZNO_TO_CM,
    zno_bond1965_permittivity,
)

DEVICE_NAMES = ["air", "soda-lime-glass", "ITO", "ZnO-NC-film", "HgTe-NC-film", "PbS-NC-film", "Au"]


def test_device_material_names_are_registered_exactly():
    assert set(DEVICE_NAMES) <= set(known_material_names())


@pytest.mark.parametrize("name", sorted(builtin_devices()))
def test_builtin_devices_validate(name):
    assert load_device(name).layers  # _check_materials uses known_material_names()


@pytest.mark.parametrize(
    ("wl_um", "expected"), [(2.0, 0.50 + 13.65j), (2.2, 0.61 + 15.07j), (3.0, 1.11 + 20.7j)]
)
def test_gold_olmon2012(wl_um, expected):
    nk = get_material("Au").nk(wl_um * 1e-6)
    # Olmon's values quoted to 2-4 digits: n within 0.01 absolute (rounding of 0.50/0.61/1.11),
    # k within 0.5 % (20.7 vs the table's 20.66 at 3 um)
    assert nk.real == pytest.approx(expected.real, abs=0.01)
    assert nk.imag == pytest.approx(expected.imag, rel=5e-3)


def test_soda_lime_glass_rubin1985():
    nk = get_material("soda-lime-glass").nk(2.2e-6)
    assert nk.real == pytest.approx(1.4985, abs=5e-5)  # Rubin's n quoted to 4 decimals
    assert nk.imag == pytest.approx(5.4e-6, rel=0.01)  # table value 5.373e-6, quoted 5.4e-6
    # the two parts of Rubin's data join continuously across 4.6-5.0 um
    n = get_material("soda-lime-glass").nk(np.linspace(4.5e-6, 5.1e-6, 61))
    assert np.max(np.abs(np.diff(n.real))) < 0.01


def test_zno_bond1965():
    nk = get_material("ZnO").nk(2.2e-6)
    assert nk.real == pytest.approx(1.92, abs=0.005)  # Bond's n about 1.92 at 2.2 um
    # in Bond's range (0.45-4 um) the phonon oscillator reproduces his -D lam^2 term: |dn| < 1e-3
    lam_um = np.linspace(0.45, 4.0, 50)
    bond = np.sqrt(
        BOND_A
        + BOND_B * lam_um**2 / (lam_um**2 - (BOND_C_M * 1e6) ** 2)
        - BOND_IR_COEFF_UM2 * lam_um**2
    )
    ours = get_material("ZnO").nk(lam_um * 1e-6).real
    assert np.max(np.abs(ours - bond)) < 1e-3
    # Lyddane-Sachs-Teller: w_LO = w_TO sqrt(eps_s / eps_inf) against the measured E1(LO) 588 cm^-1
    # (Ashkenov 2003); 3 % covers the single-oscillator fit of a uniaxial crystal
    w_lo = ZNO_TO_CM * np.sqrt((BOND_A + BOND_B + ZNO_PHONON_STRENGTH) / (BOND_A + BOND_B))
    assert w_lo == pytest.approx(588.3, rel=0.03)
    assert np.all(zno_bond1965_permittivity(np.linspace(0.45e-6, 10e-6, 100)).imag >= 0)


def test_zno_nc_film_index_range():
    n = get_material("ZnO-NC-film").nk(np.linspace(1e-6, 3e-6, 21)).real
    assert np.all((n > 1.45) & (n < 1.75))  # spin-coated ZnO NC films, 1.45-1.75


@pytest.fixture
def fake_absorption(monkeypatch):
    """A stand-in NC model: a k step at the gap, recording its calls."""
    calls = []

    def absorption_k(material, wavelength_m, *, pl_peak_m=None, diameter_m=None):
        calls.append((material, pl_peak_m, diameter_m))
        wl = np.asarray(wavelength_m, dtype=float)
        return np.where(wl < 1.8e-6, 0.3, 0.0)

    monkeypatch.setattr(ncled.nanocrystal, "absorption_k", absorption_k)
    return calls


def test_hgte_film_uses_the_nc_model(fake_absorption):
    film = get_material("HgTe-NC-film")
    nk = film.nk(np.array([1.5e-6, 2.5e-6]))
    assert fake_absorption[-1] == ("HgTe", 2000e-9, None)  # default PL peak 2000 nm
    assert nk[0].imag > 0 and nk[1].imag == 0
    # below the gap the film index is Rastogi et al.'s 2.35 +/- 0.15
    assert nk[1].real == pytest.approx(2.35, abs=0.15)
    get_material("HgTe-NC-film", diameter_nm=6.0).nk(2e-6)
    assert fake_absorption[-1] == ("HgTe", None, pytest.approx(6e-9))


def test_pbs_film_below_gap(fake_absorption):
    film = get_material("PbS-NC-film", pl_peak_nm=1100)
    n = film.nk(2.5e-6).real
    assert fake_absorption[-1] == ("PbS", pytest.approx(1100e-9), None)
    assert 2.2 <= n <= 2.5  # PbS-EDT films below their gap
    with pytest.raises(ConfigError, match="give one of exciton_nm, pl_peak_nm, diameter_nm"):
        get_material("PbS-NC-film", exciton_nm=980, diameter_nm=3)


def test_nc_film_real_model_passive_and_mixture():
    # the real nanocrystal model (no stand-in): k >= 0 over the whole range, finite
    wl = np.geomspace(0.4e-6, 10e-6, 40)
    for name in ("HgTe-NC-film", "PbS-NC-film"):
        nk = get_material(name).nk(wl)
        assert np.all(nk.imag >= 0) and np.all(np.isfinite(nk))
    emitter = mix({"HgTe-NC-film": 0.5, "ZnO-NC-film": 0.5})
    assert emitter.wavelength_min == pytest.approx(0.45e-6)  # ZnO's range limits the mixture
    assert 1.6 < emitter.nk(2e-6).real < 2.35  # between the two films' indices


def test_nc_film_parameter_errors():
    with pytest.raises(ConfigError, match="core \\+ ligand <= 1"):
        get_material("HgTe-NC-film", core_fraction=0.7, ligand_fraction=0.6, core_k=0)
    with pytest.raises(ConfigError, match="ligand_n must be in"):
        get_material("ZnO-NC-film", ligand_n=5)
    with pytest.raises(ConfigError, match="core_k must be >= 0"):
        get_material("HgTe-NC-film", core_k=-1)
    with pytest.raises(ConfigError, match="pl_peak_nm: must be positive"):
        get_material("HgTe-NC-film", pl_peak_nm=-2000)
    with pytest.raises(ConfigError, match="expected a number, got 'abc'"):
        get_material("ZnO-NC-film", core_fraction="abc")


@pytest.mark.parametrize("entry", material_entries(), ids=lambda e: e.name)
def test_every_material_passive_inside_its_range(entry):
    mat = entry.factory()
    hi = min(mat.wavelength_max, 1e-3)
    wl = np.geomspace(mat.wavelength_min, hi, 200)
    nk = mat.nk(wl)
    assert nk.shape == wl.shape and np.all(np.isfinite(nk)) and np.all(nk.imag >= 0)
    with pytest.raises(MaterialRangeError, match=f"material {mat.name!r}: wavelength .* outside"):
        mat.nk(mat.wavelength_min * 0.9)


def test_registry_errors():
    with pytest.raises(
        ConfigError, match="unknown material 'soda-lime'; did you mean soda-lime-glass"
    ):
        get_material("soda-lime")
    with pytest.raises(ConfigError, match=r"'Au': unknown parameter.*foo.*takes: no parameters"):
        get_material("Au", foo=1)
    with pytest.raises(ConfigError, match=r"'ITO': unknown parameter.*bar.*sheet_resistance"):
        get_material("ITO", bar=1)
    assert get_material("ito").name == "ITO"  # names are case-insensitive
    with pytest.raises(MaterialRangeError, match=r"'Au': wavelength 200 nm .* 300-24930 nm"):
        get_material("Au").nk(0.2e-6)
    with pytest.raises(MaterialRangeError, match="'ZnO'"):
        get_material("ZnO").nk([2e-6, 12e-6])


def test_materials_are_hashable_for_mix():
    glass, air = get_material("soda-lime-glass"), get_material("air")
    assert len({glass: 0.5, air: 0.5}) == 2
