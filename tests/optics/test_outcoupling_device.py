"""Device-level outcoupling: the reference device, the Lambertian correction, the EL spectrum,
bad input and the ``ncled optics outcoupling`` command."""

import json

import numpy as np
import pytest

from ncled.cli.main import main
from ncled.device.config import load_device
from ncled.device.emission import device_outcoupling, emitter_stack
from ncled.errors import ConfigError, MaterialRangeError
from ncled.optics.outcoupling import (
    check_positions,
    check_spectrum,
    dipole_emission,
    peak_and_fwhm,
    summarise,
)


@pytest.fixture(scope="module")
def reference():
    dev = load_device("reference")
    wl = np.linspace(1.6e-6, 2.5e-6, 19)
    return device_outcoupling(dev, wavelength_m=wl, n_kappa=500)


def test_reference_device_summary_is_consistent(reference):
    s = reference.summary
    # fractions of the dissipated power add up to 1 (1e-9: rounding of sums)
    assert sum(s.mode_fractions.values()) == pytest.approx(1.0, abs=1e-9)
    assert 0 < s.outcoupling < 1 and s.purcell > 0
    # Furno's q_eff for each depth lies between q and F q (F > 1 here raises it)
    assert s.plqy < s.q_eff < max(s.purcell, 1) * s.plqy * 1.0001
    # photons per exciton cannot exceed q_eff x outcoupling bounds
    assert 0 < s.external_yield < s.q_eff
    # the 80 nm Au lets almost nothing out of the back (T(Au, 2 um) ~ 1e-5)
    assert s.mode_fractions["back"] < 1e-3


def test_lambertian_correction_is_power_over_pi_on_axis(reference):
    """Correction = P / (pi I(0)): recompute P by integrating the radiant intensity over the
    hemisphere of the air (2 pi sin theta dtheta) on a fine angle grid."""
    dev = load_device("reference")
    wl = np.array([2.0e-6])
    st = emitter_stack(dev, wl)
    th = np.linspace(0.0, 89.9, 600)
    ds = dipole_emission(st, n_kappa=800, theta_deg=th)
    s = summarise(ds, np.ones(1), plqy=0.01)
    inten = ds.radiant_intensity.values[0] @ np.array([2 / 3, 1 / 3])
    t = ds.theta.values
    p_angle = np.trapezoid(inten * 2 * np.pi * np.sin(t), t)
    # 2e-3: trapezoid in angle vs Gauss-Legendre in kappa (the intensity is steep near 90 deg)
    assert s.outcoupling * s.purcell == pytest.approx(p_angle, rel=2e-3)
    assert s.lambertian_correction == pytest.approx(p_angle / (np.pi * inten[0]), rel=2e-3)
    # normalised pattern is 1 on axis
    assert s.intensity[0] == pytest.approx(1.0)


def test_el_spectrum_is_pl_times_air_power(reference):
    ds, s = reference.dataset, reference.summary
    air = np.einsum("wdo,o,d->w", ds.mode_power.sel(channel="air").values,
                    np.array([2 / 3, 1 / 3]), ds.depth_weight.values)
    el = ds.pl_spectrum.values * air
    np.testing.assert_allclose(s.el_spectrum, el / el.max(), rtol=1e-12)


def test_peak_and_fwhm_of_a_gaussian():
    wl = np.linspace(1.0, 3.0, 2001)
    y = np.exp(-0.5 * ((wl - 2.0) / 0.1) ** 2)
    peak, fwhm = peak_and_fwhm(wl, y)
    assert peak == pytest.approx(2.0, abs=1e-3)
    # analytic FWHM 2 sqrt(2 ln 2) sigma; 1e-5: linear interpolation on a 1e-3 grid
    assert fwhm == pytest.approx(2 * np.sqrt(2 * np.log(2)) * 0.1, rel=1e-5)


def test_bad_positions_and_profiles():
    with pytest.raises(ConfigError, match="outside the emitting layer"):
        check_positions([0.0, 50e-9], 120e-9)
    with pytest.raises(ConfigError, match="outside the emitting layer"):
        check_positions([130e-9], 120e-9)
    with pytest.raises(ConfigError, match="non-negative"):
        check_positions([10e-9, 50e-9], 120e-9, profile=[1.0, -1.0])
    with pytest.raises(ConfigError, match="does not integrate"):
        check_positions([10e-9, 50e-9], 120e-9, profile=[0.0, 0.0])
    with pytest.raises(ConfigError, match="non-negative"):
        check_positions([10e-9, 50e-9], 120e-9, profile=[1.0, np.inf])
    _z, w = check_positions([30e-9, 90e-9], 120e-9, profile=[1.0, 3.0])
    np.testing.assert_allclose(w, [0.25, 0.75])


def test_bad_spectrum():
    with pytest.raises(ConfigError, match="non-negative"):
        check_spectrum([1e-6, 2e-6], [1.0, -0.1])
    with pytest.raises(ConfigError, match="integrates to zero"):
        check_spectrum([1e-6, 2e-6], [0.0, 0.0])


def test_wavelength_outside_material_data():
    with pytest.raises(MaterialRangeError, match="outside its valid range"):
        device_outcoupling(load_device("reference"), wavelength_m=[100e-9], n_kappa=200)


def test_cli_outcoupling_writes_outputs(tmp_path, capsys):
    out = tmp_path / "oc"
    rc = main(["optics", "outcoupling", "--wavelengths", "1800:2200:5", "--n-kappa", "300",
               "--n-depth", "3", "-o", str(out)])
    assert rc == 0
    data = json.loads((out / "outcoupling.json").read_text())
    assert sum(data["mode_fractions"].values()) == pytest.approx(1.0, abs=1e-9)
    for name in ("spectrum.csv", "angular.csv", "modes.csv", "power_map.png", "spectrum.png",
                 "angular.png"):
        assert (out / name).stat().st_size > 0
    assert "Lambertian correction" in capsys.readouterr().out


@pytest.mark.parametrize("args, msg", [
    (["--depth-nm", "0,50"], "outside the emitting layer"),
    (["--depth-nm", "10,50", "--profile", "-1,2"], "non-negative"),
    (["--depth-nm", "10,50", "--profile", "0,0"], "does not integrate"),
    (["--wavelengths", "100:200:3"], "outside its valid range"),
    (["--horizontal-fraction", "1.5"], "--horizontal-fraction"),
])
def test_cli_outcoupling_bad_input_exit_2(tmp_path, capsys, args, msg):
    rc = main(["optics", "outcoupling", "--n-kappa", "200", "-o", str(tmp_path), *args])
    assert rc == 2
    err = capsys.readouterr().err
    assert msg in err and "Traceback" not in err
