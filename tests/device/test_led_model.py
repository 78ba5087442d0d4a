"""The LED model on the reference device: the paper's figures of merit, invariants and errors.

The acceptance ranges are those of the issue (Qu et al., Nat. Photon. 16, 38 (2022)); the fitted
parameters behind them are named in ncled.materials.electronic and ncled.device.led.
"""

from __future__ import annotations

import numpy as np
import pytest

from ncled.cli.main import main
from ncled.device.config import load_device
from ncled.device.electrical import layer_electronics, transport_device
from ncled.device.heating import disc_spreading_resistance
from ncled.device.led import series_resistance, simulate_led
from ncled.device.studies import composition_sweep, variant_peak_eqe, with_hgte_fraction
from ncled.errors import ConfigError, ConvergenceError
from ncled.materials.electronic import mixed_film_net_doping_cm3

VOLTS = np.linspace(0.0, 4.0, 41)


@pytest.fixture(scope="module")
def reference():
    return simulate_led(load_device("reference"), VOLTS)


#: Why the paper's turn-on and threshold are not reached at the lab's floor (issue 12): the
#: floor computed from the paper's set-up (extended-InGaAs NEP 1.2e-12 W Hz^-1/2, SR830 at
#: 100 ms / 12 dB/oct, 45 deg gold parabola, chopper) is 1.9e-6 W sr^-1 m^-2, 1.6e4 x below the
#: radiance the paper's own EQE gives at its threshold (0.1 % x 150 A/m^2 x 0.62 V / pi = 0.030).
LAB_FLOOR_REASON = ("the lab floor computed from the paper's set-up (1.9e-6 W sr^-1 m^-2) is "
                    "crossed at 0.17 V and 0.0019 mA/cm^2: the paper's 0.6 V / 15 mA/cm^2 are "
                    "where its data start, 1.6e4 x above a lock-in's noise "
                    "(test_threshold_is_set_by_the_lab_floor)")


@pytest.mark.xfail(strict=True, reason=LAB_FLOOR_REASON)
def test_reference_el_threshold(reference):
    assert 100.0 <= reference.figures.el_threshold <= 250.0  # paper 15 mA/cm^2 (issue: 10-25)


@pytest.mark.xfail(strict=True, reason=LAB_FLOOR_REASON)
def test_reference_turn_on(reference):
    assert 0.5 <= reference.figures.turn_on_voltage <= 0.7  # paper: about 0.6 V (issue band)


def test_lab_detector_floor_from_its_parts():
    m = load_device("reference").measurement
    # Johnson-limited NEP of the datasheet's extended-InGaAs element, by hand:
    # sqrt(4 x 1.380649e-23 J/K x 263.15 K / 3e4 ohm) / 0.60 A/W = 1.1600e-12 W Hz^-1/2
    assert m.detector_nep_w_rthz == pytest.approx(1.1600e-12, rel=1e-4)
    assert m.noise_bandwidth() == pytest.approx(1.25, rel=1e-12)  # 1 / (8 x 100 ms), 12 dB/oct
    # 1.16e-12 x sqrt(1.25) / (1e-6 m^2 x pi sin^2 45deg x 0.989^3 x 0.4502) = 1.8959e-6
    assert m.floor(1e-6) == pytest.approx(1.8959e-6, rel=1e-4)  # 4 digits of the hand sum
    # a pixel 4x larger sends 4x more power into the same cone: the floor drops 4x; a 10x longer
    # time constant narrows the bandwidth 10x: the floor drops sqrt(10)x; a 90 deg cone (pi sr
    # projected) collects twice the 45 deg cone's (pi / 2)
    assert m.floor(4e-6) == pytest.approx(m.floor(1e-6) / 4, rel=1e-12)
    slow = m.model_copy(update={"lock_in_time_constant_s": 1.0})
    assert slow.floor(1e-6) == pytest.approx(m.floor(1e-6) / np.sqrt(10), rel=1e-12)
    wide = m.model_copy(update={"collection_half_angle_deg": 90.0})
    assert wide.floor(1e-6) == pytest.approx(m.floor(1e-6) / 2, rel=1e-12)
    # a measured floor given in the device file replaces the computed one
    assert m.model_copy(update={"noise_equivalent_radiance": 0.03}).floor(1e-6) == 0.03


def test_threshold_is_set_by_the_lab_floor(reference):
    from ncled.device.merit import interp_loglog

    f, ds = reference.figures, reference.dataset
    j, eqe = ds.current_density.values, ds.eqe.values
    # the floor the figures used is the computed one
    assert f.noise_equivalent_radiance == pytest.approx(1.8959e-6, rel=1e-4)
    # the EQE does not collapse at low current: at the threshold (0.019 A/m^2) it is 0.042 %,
    # within 2x of its 0.064 % peak, so the threshold is the floor over EQE x h nu / pi, not a
    # loss of efficiency (a threshold at 15 mA/cm^2 would need an EQE 1e4 x lower there)
    assert interp_loglog(j, eqe, f.el_threshold) > 0.5 * f.peak_eqe
    # the paper's own EQE at its threshold gives 0.1 % x 150 A/m^2 x 0.62 V / pi = 0.030
    # W sr^-1 m^-2, more than 1e4 x the floor: no NEP-limited threshold of a device with that
    # EQE can sit at 15 mA/cm^2; the 15 mA/cm^2 is where the paper's data begin
    paper_radiance_at_threshold = 1e-3 * 150.0 * 0.62 / np.pi
    assert paper_radiance_at_threshold > 1e4 * f.noise_equivalent_radiance
    # and the model's radiance at 15 mA/cm^2 agrees with that 0.030 within the paper's factor-3
    # EQE spread (0.1 % typical, 0.3 % best; the model's EQE there is 0.055 %)
    l15 = interp_loglog(j, ds.radiance.values, 150.0)
    assert 0.030 / 3 < l15 < 0.030 * 3


def test_reference_figures_of_merit(reference):
    f = reference.figures
    assert 5e-4 <= f.peak_eqe <= 3e-3  # paper: 0.1 % typical, 0.3 % best (issue: 0.05-0.3 %)
    # paper's convention P / (pi S) at 900 mA/cm^2: about 1 W sr^-1 m^-2 (factor 2)
    assert f.operating_current_density == pytest.approx(9000.0)  # the input, 900 mA/cm^2
    assert 0.5 <= f.radiance_lambertian_at_operating_density <= 2.0
    # on axis the pattern is narrower than Lambertian (C < 1): the two conventions differ by C
    ratio = f.radiance_on_axis_at_operating_density / f.radiance_lambertian_at_operating_density
    # C moves with J: the recombination zone (so the pattern) shifts with the bias, by up to
    # 3 % between the peak-EQE bias and 900 mA/cm^2 with the physics of issue 11
    assert ratio == pytest.approx(1 / f.lambertian_correction, rel=0.04)
    # paper: 33 C at 7 mA (issue: 28-38 C), from the pixel's own power
    assert 273.15 + 28.0 <= f.pixel_temperature_at_operating_current <= 273.15 + 38.0
    # the EL is HgTe's: no recombination in the PbS hole injector (paper: no PbS EL at 1100 nm)
    assert f.pbs_recombination_share_max < 1e-3
    # paper Fig. 3a: EL slightly red of the PL (issue: 0-60 nm) and broader
    assert 0.0 < f.el_peak_wavelength - f.pl_peak_wavelength < 60e-9
    assert f.el_fwhm > f.pl_fwhm
    assert reference.success and "fixed point reached" in reference.message


def test_charge_conservation_and_efficiency_bounds(reference):
    ds = reference.dataset
    on = ds.current_density.values > 1.0  # A/m^2, above numerical noise
    # every exciton needs one electron and one hole: charge balance <= 1 (to solver precision)
    assert np.all(ds.charge_balance.values[on] <= 1 + 1e-6)
    # EQE = balance x <eta_rad> x <eta_out>: bounded by the largest outcoupling at any depth
    eta_out_max = ds.outcoupling_depth.values.max()
    bound = ds.charge_balance.values * ds.radiative_efficiency.values * eta_out_max
    assert np.all(ds.eqe.values[on] <= bound[on] * (1 + 1e-9))
    # the drift-diffusion current is divergence-free at every internal bias
    assert np.all(reference.sweep.continuity_error[1:] < 1e-6)


def test_contact_voltage_includes_strip_drop(reference):
    ds = reference.dataset
    r_s = ds.attrs["series_resistance_ohm"]
    area = 1e-6  # the reference pixel, 1 mm^2
    # V_contacts = V_internal + J A R_s, to the linear interpolation between internal biases
    v = ds.voltage.values
    recon = ds.internal_bias.values + ds.current_density.values * area * r_s
    assert np.allclose(recon, v, atol=5e-3)


def test_series_resistance_and_heating_formulas():
    dev = load_device("reference")
    # rho = 7 ohm/sq x 180 nm; R_s(35 nm) = rho / 35 nm; strip 7 mm long, 1 mm wide
    expected = 7.0 * 180e-9 / 35e-9 * 7e-3 / 1e-3
    assert series_resistance(dev) == pytest.approx(expected, rel=1e-9)
    # centre temperature rise of a uniform disc on a half-space: 1 / (pi k a)
    a = np.sqrt(1e-6 / np.pi)
    assert disc_spreading_resistance(1e-6, 1.0) == pytest.approx(1 / (np.pi * a), rel=1e-12)


def test_composition_doping_switches_type():
    # paper: p-type above 50 % HgTe (negative TrXPS shift), n-type at 25 % (positive)
    net = mixed_film_net_doping_cm3(np.array([1.0, 0.75, 0.5, 0.25]))
    assert np.all(net[:3] > 0) and net[3] < 0


def test_composition_optimum_and_wavelength_ratio():
    dev = load_device("reference")
    comp = composition_sweep(dev, fractions=(0.3, 0.4, 0.5, 0.6, 0.7), voltages=VOLTS)
    assert 0.4 <= comp.attrs["best_fraction"] <= 0.6  # paper: best at 50 % HgTe
    assert 0.25 < comp.attrs["neutral_fraction"] < 0.5  # type switch between 25 and 50 %
    e20, e23 = variant_peak_eqe([dev, load_device("reference_2p3um")], VOLTS)
    assert 0.35 <= e23 / e20 <= 0.65  # paper: EQE halves from 2.0 to 2.3 um


def test_with_hgte_fraction_keeps_file_valid():
    dev = with_hgte_fraction(load_device("reference"), 0.25)
    assert dev.layers[dev.emitter_index].components == {"HgTe-NC-film": 0.25,
                                                        "ZnO-NC-film": 0.75}
    with pytest.raises(ConfigError, match="HgTe fraction must be in"):
        with_hgte_fraction(load_device("reference"), 1.5)


def test_electrical_parameter_errors():
    dev = load_device("reference")
    layer = dev.layer("ZnO").model_copy(update={"electrical": {"mobility": 1.0}})
    with pytest.raises(ConfigError,
                       match=r"layer 'ZnO': unknown electrical parameters \['mobility'\]"):
        layer_electronics(layer, 0.66, 6e-9)
    odd = dev.layer("ZnO").model_copy(update={"material": "Au"})
    with pytest.raises(ConfigError, match=r"layer 'ZnO': no electrical parameters for Au"):
        layer_electronics(odd, 0.66, 6e-9)
    device, _ = transport_device(dev, 0.66, 6e-9)
    assert [layer.name for layer in device.layers] == ["ZnO", "ZnO:HgTe", "PbS"]


def test_cli_simulate_writes_outputs(tmp_path, capsys):
    out = tmp_path / "sim"
    code = main(["simulate", "--voltage-points", "21", "--no-studies", "--no-figures",
                 "-o", str(out)])
    assert code == 0
    text = capsys.readouterr().out
    assert "model vs Qu et al. 2022" in text and "turn-on voltage" in text
    import xarray as xr

    with xr.open_dataset(out / "result.nc", engine="scipy") as ds:
        assert ds.eqe.attrs["units"] == "1" and ds.current_density.attrs["units"] == "A/m^2"
        assert ds.voltage.size == 21
    assert (out / "summary.json").exists() and (out / "sweep.csv").exists()


def test_cli_simulate_bad_input_and_convergence(tmp_path, capsys, monkeypatch):
    assert main(["simulate", "nonexistent.toml", "-o", str(tmp_path)]) == 2
    assert main(["simulate", "--voltage-stop", "-1", "-o", str(tmp_path)]) == 2
    assert "Traceback" not in capsys.readouterr().err

    from ncled.transport import sweep as sweep_mod

    real = sweep_mod.solve_sweep

    def failing(device, voltages, **kw):
        partial = real(device, voltages[:3])
        raise ConvergenceError("drift-diffusion: no convergence at 9.99 V", partial=partial)

    monkeypatch.setattr("ncled.device.led.solve_sweep", failing)
    assert main(["simulate", "--no-studies", "-o", str(tmp_path)]) == 3
    err = capsys.readouterr().err
    assert "9.99 V" in err and "partial_drift_diffusion.nc" in err
    assert (tmp_path / "partial_drift_diffusion.nc").exists()


def _edited(tmp_path, old: str, new: str, name: str = "dev.toml"):
    from ncled.device.config import builtin_devices

    text = builtin_devices()["reference"].read_text(encoding="utf-8")
    assert old in text  # the edit must apply, or the test would test nothing
    path = tmp_path / name
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_diameter_only_device_simulates(tmp_path):
    path = _edited(tmp_path, 'pl_peak = "2000 nm"', 'diameter = "6.218 nm"')
    res = simulate_led(load_device(path), np.linspace(0, 2, 11), n_kappa=400, n_wavelength=21,
                       electrothermal=False)
    # the Kane ensemble of 6.218 nm emits at 2.0 um (ncled nc size): same physics as pl_peak
    assert res.figures.pl_peak_wavelength == pytest.approx(2000e-9, abs=10e-9)


@pytest.mark.parametrize(("old", "new", "match"), [
    ('role = "emitter"', 'role = "passive"', "no layer has role = 'emitter'"),
    ('anode = { layer = "Au"', 'anode = { layer = "ZnO:HgTe"',
     "must lie strictly between the cathode and the anode"),
    ('name = "PbS"\nmaterial = "PbS-NC-film"', 'name = "PbS"\nmaterial = "PbS-NC-film"\n'
     'electrical = { mu_p_cm2 = "fast" }', "electrical parameters must be finite numbers"),
    ('name = "Au"\nmaterial = "Au"', 'name = "Au"\nmaterial = "Au"\nelectrical = { nd_cm3 = 1 }',
     "not between the cathode and the anode"),
])
def test_simulate_bad_device_files(tmp_path, capsys, old, new, match):
    path = _edited(tmp_path, old, new)
    assert main(["simulate", str(path), "--no-figures", "-o", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert match in err and "Traceback" not in err


def test_series_resistance_follows_the_ito_model(tmp_path):
    path = _edited(tmp_path, "params = { sheet_resistance_ohm_sq = 7.0, reference_thickness_nm = "
                   "180.0, mobility_cm2_vs = 45.0 }",
                   "params = { carrier_density_cm3 = 2e20, mobility_cm2_vs = 20.0 }")
    # R = 1 / (q N mu t) x L / W with the same N, mu the optics uses
    expected = 1 / (1.602176634e-19 * 2e26 * 20e-4 * 35e-9) * 7
    assert series_resistance(load_device(path)) == pytest.approx(expected, rel=1e-9)


def test_no_efficiency_from_numerical_noise(reference):
    ds = reference.dataset
    off = ds.current_density.values <= 1e-6
    assert off.any()  # 0 V is in the sweep
    # below the current floor EQE, charge balance and wall-plug efficiency are undefined (NaN)
    assert np.all(np.isnan(ds.eqe.values[off])) and np.all(np.isnan(ds.charge_balance.values[off]))
    assert np.isnan(ds.wall_plug_efficiency.values[0])
