"""Checks on the public measurement files in ../shared/data/public (XPS, FET, FTIR, transient).

These files were made by others and are not shipped with ncled (see their SOURCES.md); this one
marked module reads and analyses every one of them and skips, with that reason, when the folder
is absent. Files whose licence allows it are also copied into tests/data/ for the main suite.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from ncled.analysis.fet import analyze_transfer, oxide_capacitance
from ncled.analysis.global_analysis import global_lifetime_fit
from ncled.analysis.xps import calibrate_au4f
from ncled.analysis.xps_fit import Component, fit_xps
from ncled.cli.main import main
from ncled.io.fet import read_fet
from ncled.io.spectra import read_spectrum
from ncled.io.transient import read_transient
from ncled.io.vamas import find_block, read_vamas
from ncled.io.xps_text import read_xps_text

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "public"
FTIR = DATA / "ftir"

pytestmark = [
    pytest.mark.shared_data,
    pytest.mark.skipif(not DATA.exists(), reason="../shared/data/public is absent (public "
                       "measurement files are not shipped)"),
]

# --- FTIR: OMNIC .SPA and Bruker OPUS -------------------------------------------------------

# file: (block, points, first and last wavenumber [cm^-1] as float32/float64 in the header)
EXPECTED = {
    "7_CZ0-100_Pd_101.SPA": (None, 5549, 5999.71337890625, 649.9207153320312),
    "spectre.SPA": (None, 3734, 3999.7060546875, 400.1634521484375),
    "brukeropus_file.0": ("a", 4927, 9997.720922928467, 499.4039959572754),
    "test.0000": ("a", 2567, 3998.3449384537757, 699.3889538645833),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_ftir_points_and_axis(name):
    block, n, first, last = EXPECTED[name]
    ds, meta = read_spectrum(FTIR / name)
    assert meta["points"] == n and ds.sizes["wavenumber"] == n
    assert meta.get("block") == block
    # float32 header values are exact; the axis is linspace(first, last, n) in m^-1
    assert ds.wavenumber.values[0] == pytest.approx(first * 100, rel=1e-12)
    assert ds.wavenumber.values[-1] == pytest.approx(last * 100, rel=1e-12)
    assert np.all(np.isfinite(ds.intensity.values))


@pytest.mark.parametrize("name", ["brukeropus_file.0", "test.0000"])
def test_opus_blocks_match_brukeropus(name):
    brukeropus = pytest.importorskip("brukeropus")
    ref = brukeropus.read_opus(str(FTIR / name))
    for key in ("a", "sm", "rf"):
        ds, meta = read_spectrum(FTIR / name, block=key)
        data = getattr(ref, key)
        assert meta["points"] == len(data.y)
        np.testing.assert_allclose(ds.intensity.values, data.y, rtol=1e-6)  # same float32 data
        np.testing.assert_allclose(ds.wavenumber.values / 100, data.x, rtol=1e-12)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_cli_spectrum_on_public_files(name, tmp_path):
    assert main(["analyze", "spectrum", str(FTIR / name), "-o", str(tmp_path)]) == 0
    assert (tmp_path / "spectrum_summary.json").exists()


# --- XPS, FET, transient absorption ---------------------------------------------------------


@pytest.mark.parametrize("name", ["au4f_clean_hv180.csv", "au4f_highres_hv180.csv"])
def test_au4f_text_files_calibrate(name):
    ds, _ = read_xps_text(DATA / "xps" / name, scale="kinetic", photon_energy_ev=180.0)
    be = 180.0 - ds["energy"].values
    cal = calibrate_au4f(be, ds["intensity"].values)
    assert cal.fit.success
    # hv - KE of Au 4f7/2 = 84.0 eV + spectrometer work function: 3.5-4.5 eV is plausible
    assert 3.5 < -cal.shift_ev < 4.5 and cal.shift_stderr_ev < 0.01
    fwhm = cal.fit.value("Au4f.fwhm")
    assert 0.1 < fwhm < 1.0  # Gaussian (instrumental) part of a synchrotron Au 4f line


def test_c1s_text_file():
    ds, _ = read_xps_text(DATA / "xps" / "c1s_sample.csv")
    assert ds.attrs["scale"] == "binding"
    e, y = ds["energy"].values, ds["intensity"].values
    fit = fit_xps(e, y, [Component("C", center=float(e[np.argmax(y)]), fwhm=1.2,
                                   area=float(y.max() - y.min()), shape="pseudo_voigt")])
    assert fit.success and 283.0 < fit.value("C.center") < 287.0  # adventitious/organic C 1s


@pytest.mark.parametrize("name,region,lo,hi", [
    ("pt4f_casaxps.vms", "Pt 4f", 70.8, 71.4),  # Pt 4f7/2 metal 71.1 eV
    ("kratos_multiregion_0-150W.vms", "O 1s", 527.5, 532.5),  # oxide/hydroxide O 1s
    ("kratos_multiregion_0-150W.vms", "C 1s", 281.5, 286.0),
    ("kratos_multiregion_0-150W.vms", "W 4f", 30.5, 37.0),
])
def test_vamas_regions_fit(name, region, lo, hi):
    blocks, _ = read_vamas(DATA / "xps" / name)
    b = find_block(blocks, region)
    be, y = b.binding_energy_ev(), b.intensity
    c0 = float(be[np.argmax(y)])
    fit = fit_xps(be, y, [Component("P", center=c0, fwhm=1.5, area=float(np.ptp(y)),
                                    shape="pseudo_voigt", bounds={"center": (c0 - 2, c0 + 2)})])
    assert fit.success and lo < fit.value("P.center") < hi


def test_fe2p_irregular_vamas_doublet_with_satellite():
    blocks, _ = read_vamas(DATA / "xps" / "feo_casaxps_irregular.vms")
    b = find_block(blocks, "Fe 2p")
    # Fe 2p: spin-orbit 13.6 eV, 2p1/2 : 2p3/2 = 1 : 2; Fe2+ shake-up satellite ~6 eV above
    comps = [Component("Fe2p", center=710.0, fwhm=3.0, area=5e4, shape="pseudo_voigt",
                       doublet_splitting_ev="=13.6", doublet_ratio="=0.5"),
             Component("sat", center="Fe2p + 6", fwhm=4.0, area=1e4, shape="gaussian",
                       doublet_splitting_ev="=13.6", doublet_ratio="=0.5")]
    fit = fit_xps(b.binding_energy_ev(), b.intensity, comps, background="shirley")
    assert fit.success
    assert 709.0 < fit.value("Fe2p.center") < 711.0  # Fe2+ 2p3/2 in FeO ~709.6 eV (NIST)


@pytest.mark.parametrize("name", ["irregular.vms", "prodigy_survey_regular.vms",
                                  "kratos_multiregion_0-150W.vms"])
def test_surveys_read(name):
    blocks, meta = read_vamas(DATA / "xps" / name)
    survey = blocks[0]
    be = survey.binding_energy_ev()
    assert be.max() - be.min() > 1000 and np.all(survey.intensity >= 0)
    assert meta["n_blocks"] == len(blocks)


def test_gfet_keithley_file():
    pytest.importorskip("xlrd")
    ds, _meta = read_fet(DATA / "fet" / "gfet_transfer_keithley4200.xls")
    assert ds.attrs["drain_voltage_v"] == pytest.approx(0.1)  # from the Settings sheet
    a = analyze_transfer(ds["gate_voltage"].values, ds["drain_current"].values,
                         length_m=15e-6, width_m=50e-6,
                         capacitance_f_m2=float(oxide_capacitance(85e-9)),
                         drain_voltage_v=ds.attrs["drain_voltage_v"],
                         gate_current=ds["gate_current"].values)
    s = a.sweeps[0]
    assert 0 < s.neutrality_voltage_v < 10  # Dirac point of a slightly p-doped CVD graphene
    # CVD graphene on SiO2: 100-5000 cm^2/Vs (Bonaccorso et al., Mater. Today 15, 564 (2012))
    for mu in (s.electron_mobility_m2_vs, s.hole_mobility_m2_vs):
        assert 100e-4 < mu < 5000e-4
    assert s.leakage_ok  # Kirchhoff gate current is < 1e-3 of the channel current


def test_glotaran_hippius_file():
    ds, meta = read_transient(DATA / "transient" / "hippius_jpcc2007_ta.ascii")
    assert ds["signal"].shape == (335, 346) and meta["non_finite_values"] == 0
    res = global_lifetime_fit(ds["delay"].values, ds["signal"].values,
                              [0.3e-12, 10e-12, 100e-12], t0_s=1.0e-12, irf_fwhm_s=0.1e-12)
    assert res.success and np.all(res.lifetimes_s > 0)
    assert np.all(res.lifetimes_stderr_s < 0.1 * res.lifetimes_s)
    assert 0.5e-12 < res.t0_s < 2e-12  # the rise sits near 1.1 ps on this file's axis


def test_kimopack_matrix_with_chirp():
    ds, meta = read_transient(DATA / "transient" / "ru_dppz_acn_ta.SIA")
    assert ds["signal"].shape == (195, 512) and meta["overflow_markers_set_to_nan"] > 0
    wl = ds["wavelength"].values * 1e9
    s = ds["signal"].values
    keep = np.isfinite(s).all(axis=0) & (wl >= 400) & (wl <= 750)
    keep[np.flatnonzero(keep)[1::4]] = False  # a subset of wavelengths keeps the test fast
    keep[np.flatnonzero(keep)[1::3]] = False
    coef = np.loadtxt(DATA / "transient" / "ru_dppz_acn_ta_chirp.dat", delimiter=",")
    t = ds["delay"].values
    noise = np.std(s[t < -1e-12][:, keep], axis=0, ddof=1)
    res = global_lifetime_fit(t, s[:, keep], [3e-12, 30e-12, np.inf], irf_fwhm_s=0.1e-12,
                              chirp_t0_s=np.polyval(coef, wl[keep]) * 1e-12, weights=1 / noise)
    assert res.success
    finite = np.isfinite(res.lifetimes_s)
    assert np.all((res.lifetimes_s[finite] > 0.1e-12) & (res.lifetimes_s[finite] < 2e-9))
