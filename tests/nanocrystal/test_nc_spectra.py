"""Ensemble spectra: the reference sample of Qu et al. 2022, Jacobians, absorption k."""

import numpy as np
import pytest

from ncled.constants import q
from ncled.errors import ConfigError
from ncled.nanocrystal import (
    absorption_k,
    ensemble_for,
    get_sizing_model,
    pl_spectrum,
    spectral_summary,
)
from ncled.nanocrystal.ensemble import (
    absorption_coefficient,
    hgte_intrinsic_absorption_lhuillier2012,
    pbs_intrinsic_absorption_moreels2009,
    pl_density_energy,
)
from ncled.nanocrystal.spectra import (
    HC,
    density_energy_to_wavelength,
    density_energy_to_wavenumber,
    line_metrics,
)


@pytest.fixture(scope="module")
def reference():
    return spectral_summary(ensemble_for("HgTe", pl_peak_m=2000e-9))


def test_reference_ensemble_matches_paper(reference):
    # Qu et al. 2022 Fig. 1a: PL peak 2.0 um, Stokes 120 nm, FWHM about 280 nm; issue tolerances.
    assert reference.pl_wavelength.peak == pytest.approx(2000.0, abs=0.05)  # peak solver ~1e-4 nm
    assert reference.stokes_nm == pytest.approx(120.0, abs=30.0)
    assert reference.pl_wavelength.fwhm == pytest.approx(280.0, abs=40.0)
    assert reference.resolving_power == pytest.approx(7.2, rel=0.15)  # follows from the FWHM


@pytest.mark.parametrize("peak_nm", [2150.0, 2300.0])
def test_variants_from_size_alone(reference, peak_nm):
    s = spectral_summary(ensemble_for("HgTe", pl_peak_m=peak_nm * 1e-9))
    assert s.params.diameter > reference.params.diameter  # larger dots emit further red
    for f in ("size_dispersion", "homogeneous_fwhm", "stokes_fraction"):
        assert getattr(s.params, f) == getattr(reference.params, f)  # only the size changes
    assert s.pl_wavelength.peak == pytest.approx(peak_nm, abs=0.05)
    assert s.stokes_nm == pytest.approx(120.0, abs=30.0)
    assert s.pl_wavelength.fwhm == pytest.approx(280.0 * peak_nm / 2000.0, rel=0.15)


def test_jacobian_same_integral_in_every_unit():
    p = ensemble_for("HgTe", pl_peak_m=2000e-9)
    e = np.linspace(0.3, 1.0, 20001) * q
    s_e = pl_density_energy(p, e)
    wl = HC / e
    nu = 1 / wl
    i_e = np.trapezoid(s_e, e)
    i_wl = -np.trapezoid(density_energy_to_wavelength(s_e, wl), wl)  # wl decreasing along e
    i_nu = np.trapezoid(density_energy_to_wavenumber(s_e), nu)
    # trapezoid on 20001 points over a ~0.1 eV wide line: error << 1e-6
    assert i_e == pytest.approx(1.0, rel=1e-6)
    assert i_wl == pytest.approx(i_e, rel=1e-6)
    assert i_nu == pytest.approx(i_e, rel=1e-6)


def test_pl_spectrum_unit_area_and_peak_consistency(reference):
    wl = np.linspace(1000e-9, 4000e-9, 30001)
    s = pl_spectrum("HgTe", wl)
    assert np.trapezoid(s, wl) == pytest.approx(1.0, rel=1e-6)
    # energy peak and wavelength peak are related through the Jacobian: S_lambda ~ S_E E^2 peaks
    # to the blue of hc/E_peak; for a Gaussian of width sigma at E0 the maximum of S_E E^2 is at
    # E0 + 2 sigma^2/E0 to first order (tolerance: the line is not exactly Gaussian, ~10 % of
    # the 13 nm shift).
    e_pk = reference.pl_energy.peak
    sigma = reference.pl_energy.fwhm / 2.3548
    predicted_nm = 1239.841984 / (e_pk + 2 * sigma**2 / e_pk)
    assert reference.pl_wavelength.peak == pytest.approx(predicted_nm, abs=1.5)
    assert reference.pl_wavelength.peak < 1239.841984 / e_pk - 10
    # wavenumber is linear in energy: same peak position (no Jacobian factor)
    assert reference.pl_wavenumber.peak * 1e2 * HC / q == pytest.approx(e_pk, rel=1e-5)


def test_line_metrics_gaussian():
    x = np.linspace(-10, 10, 4001)
    y = np.exp(-0.5 * ((x - 1.3) / 1.5) ** 2)
    m = line_metrics(x, y)
    assert m.peak == pytest.approx(1.3, abs=1e-6)
    assert m.fwhm == pytest.approx(2.3548200450309493 * 1.5, rel=1e-5)  # analytic Gaussian FWHM
    assert m.centroid == pytest.approx(1.3, abs=1e-7)  # Gaussian truncated at 5.8 sigma
    with pytest.raises(ConfigError, match="half-maximum"):
        line_metrics(x[:1000], y[:1000] + x[:1000] * 0 + np.linspace(0, 1, 1000))


def test_intrinsic_absorptions():
    # Lhuillier 2012: 2.6e-17 cm^2 per Hg x 4/(6.461 A)^3 -> 3.86e5 cm^-1
    assert hgte_intrinsic_absorption_lhuillier2012() == pytest.approx(3.856e7, rel=1e-3)
    # Moreels 2009: ln(10) * 0.0233 d^3 cm^-1 uM^-1 / (N_A pi d^3 / 6) -> 1.70e5 cm^-1
    assert pbs_intrinsic_absorption_moreels2009() == pytest.approx(1.701e7, rel=1e-3)


def test_absorption_k_pinned_and_finite():
    wl = np.geomspace(0.3e-6, 10e-6, 400)
    for mat, ref_wl, alpha_ref in [("HgTe", 415e-9, hgte_intrinsic_absorption_lhuillier2012()),
                                   ("PbS", 400e-9, pbs_intrinsic_absorption_moreels2009())]:
        k = absorption_k(mat, wl)
        assert np.all(np.isfinite(k)) and np.all(k >= 0)
        k_ref = absorption_k(mat, np.array([ref_wl]))[0]
        # far above the gap the exciton tail adds < 1 % to the pinned continuum
        assert 4 * np.pi * k_ref / ref_wl == pytest.approx(alpha_ref, rel=0.01)
    k_hgte = absorption_k("HgTe", np.array([1.88e-6, 3.0e-6, 10e-6]))
    assert k_hgte[0] > 0.05  # band edge clearly absorbing
    assert k_hgte[1] < 1e-6 * k_hgte[0] and k_hgte[2] < 1e-12  # transparent below the gap
    k_pbs = absorption_k("PbS", np.array([0.98e-6, 1.5e-6, 2.0e-6]))
    assert k_pbs[1] < 1e-6 * k_pbs[0] and k_pbs[2] < 1e-12  # PbS transparent at the HgTe PL
    assert np.array_equal(absorption_k("HgTe", wl), absorption_k("HgTe", wl, pl_peak_m=2e-6))


def test_pbs_default_exciton_980():
    p = ensemble_for("PbS")
    wl = np.linspace(850e-9, 1150e-9, 3001)
    a = absorption_coefficient(p, HC / wl)
    i = np.nonzero((a[1:-1] > a[:-2]) & (a[1:-1] >= a[2:]))[0] + 1
    # the default ensemble's band-edge maximum is at 980 nm (solved; grid step 0.1 nm)
    assert wl[i[-1]] == pytest.approx(980e-9, abs=0.2e-9)
    # and the mean size is within 10 % of Moreels' size for a 980 nm exciton (ensemble shift)
    assert p.diameter == pytest.approx(get_sizing_model("PbS").diameter(HC / 980e-9), rel=0.1)
    s = spectral_summary(p)
    assert s.pl_wavelength.peak == pytest.approx(1100.0, abs=30.0)  # Qu 2022: PbS PL ~1100 nm


def test_spectra_errors():
    with pytest.raises(ConfigError, match="not both"):
        ensemble_for("HgTe", pl_peak_m=2e-6, diameter_m=6e-9)
    with pytest.raises(ConfigError, match="diameter must be positive"):
        ensemble_for("HgTe", diameter_m=-1e-9)
    with pytest.raises(ConfigError, match="absorption_k knows HgTe and PbS"):
        absorption_k("ZnO", [1e-6])
    with pytest.raises(ConfigError, match="no diameter"):
        ensemble_for("PbS", pl_peak_m=5e-6)  # beyond PbS bulk gap
    with pytest.raises(ConfigError, match="size_dispersion"):
        ensemble_for("HgTe", diameter_m=6e-9, size_dispersion=0.0)
    with pytest.raises(ConfigError, match="wavelengths must be positive"):
        pl_spectrum("HgTe", [np.nan])


def test_size_dispersion_over_its_whole_range():
    """The PL-peak inversion and the line shapes hold from monodisperse to the model's largest
    dispersion (0.19: the sampled -5 sigma end reaches the 0.05 d cut); beyond it a ConfigError
    names the field and its range."""
    from ncled.nanocrystal import diameter_for_pl_peak
    from ncled.nanocrystal.ensemble import MAX_SIZE_DISPERSION, exciton_energy

    assert MAX_SIZE_DISPERSION == pytest.approx((1 - 0.05) / 5)  # -5 sigma at the 0.05 d cut
    wl = np.linspace(1.0e-6, 4.5e-6, 3501)
    widths, sizes = [], []
    for sd in (0.02, 0.04, 0.07, 0.1, 0.15, MAX_SIZE_DISPERSION):
        d = diameter_for_pl_peak("HgTe", 2e-6, size_dispersion=sd)
        p = ensemble_for("HgTe", diameter_m=d, size_dispersion=sd)
        m = line_metrics(wl, density_energy_to_wavelength(pl_density_energy(p, HC / wl), wl))
        assert m.peak == pytest.approx(2e-6, abs=1e-9)  # the inversion's target, to the grid
        widths.append(m.fwhm)
        sizes.append(d)
        # the mean-size exciton stays above the PL photon energy (the ensemble's PL is red of
        # its mean NC: Stokes shift and the volume weighting of the big NCs)
        assert exciton_energy(p) > HC / 2e-6
    # the inhomogeneous width grows with the dispersion and the mean size needed for the same
    # PL peak shrinks (volume weighting favours the big NCs more in a broader ensemble)
    assert np.all(np.diff(widths) > 0) and np.all(np.diff(sizes) < 0)
    # the wide limit is inhomogeneous: sigma_E = |dE/dln d| x sd with |dE/dln d| = 0.82 eV at
    # 2 um (the Kane curve's slope) dominates the 40 meV homogeneous line; FWHM in eV at 0.1 is
    # about 2.355 x 0.082 eV = 0.19 eV, i.e. about 0.19 / 0.62 x 2000 nm = 620 nm (+/- 25 %: the
    # Stokes shift and volume weighting skew the line)
    assert widths[3] == pytest.approx(620e-9, rel=0.25)
    with pytest.raises(ConfigError, match=r"size_dispersion \(sigma_d / d\) must be in "
                                          r"\(0, 0.19\], got 0.25"):
        ensemble_for("HgTe", pl_peak_m=2e-6, size_dispersion=0.25)
