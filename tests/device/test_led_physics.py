"""The LED model's invariants and responses: energy conservation, the identities between its
figures, the detector-floor turn-on across wavelengths, the threshold's response to the
recombination strength, pulsed drive, and the device-file inputs of the emitter."""

from __future__ import annotations

import json

import numpy as np
import pytest

from ncled.constants import q
from ncled.device.config import builtin_devices, load_device
from ncled.device.heating import heat_to_ambient
from ncled.device.led import simulate_led
from ncled.errors import ConfigError

VOLTS = np.linspace(0.0, 3.0, 31)
FAST = {"n_kappa": 400, "n_wavelength": 21}  # the studies' optical grid


@pytest.fixture(scope="module")
def reference():
    return simulate_led(load_device("reference"), VOLTS, **FAST)


def _edited(tmp_path, old: str, new: str, name: str = "dev.toml", device: str = "reference"):
    text = builtin_devices()[device].read_text(encoding="utf-8")
    assert old in text  # the edit must apply, or the test would test nothing
    path = tmp_path / name
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_energy_conservation(reference):
    ds = reference.dataset
    on = ds.current_density.values > 1.0  # A/m^2, above numerical noise
    p_in = ds.electrical_power.values[on]
    light = ds.optical_power.values[on]
    heat = ds.pixel_heat.values[on] + ds.strip_heat.values[on]
    # electrical power in = light out + heat (interpolation to contact voltages is linear in
    # every term, so the identity survives it to round-off)
    assert p_in == pytest.approx(light + heat, rel=1e-9)
    assert np.all(light < 1e-2 * p_in)  # EQE ~ 0.1 % at 0.3-0.6 V per eV: light << heat
    # the heat leaving the network for the room equals the heat put in (steady state)
    from ncled.device.electrothermal import device_network, response_matrix

    net = device_network(load_device("reference"))
    p = np.stack([ds.pixel_heat.values[on], ds.strip_heat.values[on],
                  np.zeros(on.sum())], axis=-1)
    rise = p @ response_matrix(net).T
    assert heat_to_ambient(net, rise) == pytest.approx(heat, rel=1e-9)
    # and the pixel temperature is the pixel node of that network (continuous drive)
    t_amb = load_device("reference").drive.temperature
    assert ds.pixel_temperature.values[on] == pytest.approx(t_amb + rise[:, 0], rel=1e-12)


def test_radiance_and_photon_identities(reference):
    ds = reference.dataset
    on = ds.current_density.values > 1.0
    # M = pi C L0 = EQE J <h nu> / q at every bias (issue 18): the EQE, the photon energy, the
    # angular pattern and the radiance come from different steps; linear interpolation between
    # internal biases bends products by up to ~1 % where J changes by decades per step
    lhs = np.pi * ds.lambertian_correction * ds.radiance_on_axis
    rhs = ds.eqe * ds.current_density * ds.mean_photon_energy / q
    assert lhs.values[on] == pytest.approx(rhs.values[on], rel=0.03)
    # the paper's convention is the exitance over pi exactly (a linear relation: round-off)
    assert ds.radiance.values[on] == pytest.approx(ds.radiant_exitance.values[on] / np.pi,
                                                   rel=1e-9)
    # photons = sum over depth of generation x radiative efficiency x outcoupling; the
    # outcoupling at each depth from the device-level outcoupling API, not the LED model
    from ncled.device.emission import device_outcoupling, film_pl

    dev = load_device("reference")
    depth = ds.emission_depth.values
    wl = ds.wavelength.values
    out = device_outcoupling(dev, wavelength_m=wl, position_m=depth[[2]], n_kappa=400,
                             spectrum=film_pl(dev, wl), plqy=reference.figures.plqy)
    # the in-plane-index grid adapts to the shallowest depth solved: 1e-6 between the two runs
    assert out.summary.outcoupling == pytest.approx(ds.outcoupling_depth.values[2], rel=1e-5)
    k = int(np.argmin(np.abs(ds.voltage.values - 1.0)))
    photons = np.sum(ds.exciton_formation.values[k] * ds.radiative_efficiency_depth.values[k]
                     * ds.outcoupling_depth.values)
    assert photons == pytest.approx(ds.photon_flux.values[k], rel=0.03)  # interpolation, above


def _voltage_at(ds, j0):
    """Contact voltage [V] where the current density reaches ``j0`` (log-linear)."""
    j, v = ds.current_density.values, ds.voltage.values
    ok = j > 0
    return float(np.interp(np.log(j0), np.log(j[ok]), v[ok]))


def test_turn_on_across_wavelengths_at_equal_detector_floor():
    """At the lab's floor (1.9e-6 W sr^-1 m^-2, crossed below 0.2 V) the 2.3 um device turns on
    first: in that diffusion regime the narrower gap gives >10x the current, and its 2x lower EQE
    cannot undo that. Which device turns on first depends on where the floor is crossed: at a
    floor 1.6e4x higher (the paper's radiance at its threshold, crossed near 0.6 V) both currents
    are transport-limited and close, and the 2.3 um device's lower EQE makes it turn on later."""
    from ncled.device.merit import detector_turn_on

    r20 = simulate_led(load_device("reference"), VOLTS, electrothermal=False, **FAST)
    r23 = simulate_led(load_device("reference_2p3um"), VOLTS, electrothermal=False, **FAST)
    f20, f23 = r20.figures, r23.figures
    ds20, ds23 = r20.dataset, r23.dataset
    assert f23.noise_equivalent_radiance == f20.noise_equivalent_radiance

    def j_at(ds, v):
        return float(np.interp(v, ds.voltage, ds.current_density))

    # the 0.05 eV smaller gap: exp(0.05 / 0.0257) = 7x more diffusion current at least (the
    # model gives 16x at 0.2 V, the transport gap differing by more than the PL's)
    assert j_at(ds23, 0.2) > 7.0 * j_at(ds20, 0.2)
    assert f23.peak_eqe < 0.6 * f20.peak_eqe  # paper: the EQE halves from 2.0 to 2.3 um
    assert f23.turn_on_voltage < f20.turn_on_voltage < 0.25  # the lab floor: the gap decides
    # at the paper's radiance at threshold (0.030 W sr^-1 m^-2) the order reverses: above 0.5 V
    # both currents are limited by the same transport layers (within 25 %) and EQE decides
    high = 0.030
    v20 = detector_turn_on(ds20.voltage, ds20.radiance_collected, high)
    v23 = detector_turn_on(ds23.voltage, ds23.radiance_collected, high)
    assert j_at(ds23, 0.7) == pytest.approx(j_at(ds20, 0.7), rel=0.25)
    assert v20 < v23


def test_threshold_responds_to_recombination_strength(tmp_path):
    """Over the literature range of the reduced-Langevin factor (1e-4 to 1e-1; two decades around
    the reference 3e-2) the recombination strength moves the turn-on voltage, not the threshold
    current: at the lab floor the threshold is J_th = pi q L_det / (EQE <h nu> x cone), and the
    low-current EQE hardly moves because the charge balance and the radiative efficiency trade
    off (weaker capture: fewer interface losses, more carriers waiting, more trion quenching)."""
    from ncled.device.merit import interp_loglog

    fine = np.linspace(0.0, 1.0, 41)  # the lab floor is crossed below 0.3 V: 25 mV steps
    res = {}
    for factor in (3e-4, 3e-2):
        path = _edited(tmp_path, 'role = "emitter"',
                       f'role = "emitter"\nelectrical = {{ langevin_prefactor = {factor} }}',
                       name=f"dev{factor}.toml")
        res[factor] = simulate_led(load_device(path), fine, electrothermal=False, **FAST)
    weak, strong = res[3e-4], res[3e-2]

    def at_threshold(r, name):
        ds = r.dataset
        return interp_loglog(ds.current_density.values, ds[name].values, r.figures.el_threshold)

    # 100x weaker capture: 10x less current at 0.2 V (the diffusion regime is recombination-
    # limited) and a turn-on 110 mV later (the L-V rises by about a decade per 60 mV)
    j_weak, j_strong = (float(np.interp(0.2, r.dataset.voltage, r.dataset.current_density))
                        for r in (weak, strong))
    assert j_strong > 10.0 * j_weak
    assert weak.figures.turn_on_voltage > strong.figures.turn_on_voltage + 0.07
    # the threshold current: within 25 % (0.0022 vs 0.0019 mA/cm^2) because the mechanisms
    # compensate: the charge balance rises by > 20 % and the radiative efficiency falls by > 30 %
    assert weak.figures.el_threshold == pytest.approx(strong.figures.el_threshold, rel=0.25)
    assert at_threshold(weak, "charge_balance") > 1.2 * at_threshold(strong, "charge_balance")
    assert (at_threshold(weak, "radiative_efficiency")
            < 0.7 * at_threshold(strong, "radiative_efficiency"))


def test_pulsed_drive_runs_cooler(tmp_path):
    path = tmp_path / "pulsed.toml"
    path.write_text(builtin_devices()["reference"].read_text(encoding="utf-8")
                    + '\n[pulse]\nwidth = "1 ms"\nduty_cycle = 0.1\n', encoding="utf-8")
    res = simulate_led(load_device(path), VOLTS, **FAST)
    f = res.figures
    t_amb = load_device(path).drive.temperature
    rise_pulsed = f.pixel_temperature_at_operating_current - t_amb
    rise_cw = f.pixel_temperature_continuous_at_operating_current - t_amb
    # 1 ms pulses at 10 %: much shorter than the substrate's time constant (minutes), so the
    # substrate sees the mean power; the pixel (0.3-0.5 s) too: the rise is about 10 % of CW
    assert 0.05 * rise_cw < rise_pulsed < 0.3 * rise_cw
    assert res.dataset.time.size > 10 and res.success


def test_growth_temperature_and_size_dispersion(tmp_path):
    # growth temperature alone: 80 C -> 2.3 um through the synthesis calibration (Qu 2022)
    path = _edited(tmp_path, 'pl_peak = "2000 nm"\ngrowth_temperature = "70C"',
                   'growth_temperature = "80C"')
    from ncled.device.step_nanocrystal import emitter_physics, resolve_pl_peak

    dev = load_device(path)
    assert resolve_pl_peak(dev.nanocrystal) == pytest.approx(2.3e-6, rel=1e-9)
    # a growth temperature that contradicts the PL peak is an error naming both
    bad = _edited(tmp_path, 'growth_temperature = "70C"', 'growth_temperature = "80C"',
                  name="bad.toml")
    with pytest.raises(ConfigError, match="growth_temperature 80 C gives a PL peak at 2300 nm"):
        resolve_pl_peak(load_device(bad).nanocrystal)
    # size dispersion: the same PL peak from a broader ensemble is a broader PL
    from ncled.device.emission import film_pl

    narrow = load_device(_edited(tmp_path, 'material = "HgTe"\n',
                                 'material = "HgTe"\nsize_dispersion = 0.03\n', name="n.toml"))
    broad = load_device(_edited(tmp_path, 'material = "HgTe"\n',
                                'material = "HgTe"\nsize_dispersion = 0.05\n', name="b.toml"))
    wl = np.linspace(1.5e-6, 2.7e-6, 601)
    from ncled.optics.outcoupling import peak_and_fwhm

    w_n = peak_and_fwhm(wl, film_pl(narrow, wl, film=False))[1]
    w_b = peak_and_fwhm(wl, film_pl(broad, wl, film=False))[1]
    # inhomogeneous width grows with the dispersion (the 40 meV homogeneous line stays)
    assert w_b > 1.1 * w_n
    assert emitter_physics(broad).size_dispersion == 0.05
    # a broad ensemble (15 %: its band-edge exciton is a shoulder) still has a transport gap:
    # the mean-size NC's transition + charging energy, above the 2 um PL photon (0.62 eV)
    wide = load_device(_edited(tmp_path, 'material = "HgTe"\n',
                               'material = "HgTe"\nsize_dispersion = 0.15\n', name="w.toml"))
    assert 0.62 < emitter_physics(wide).gap_ev < 0.80
    with pytest.raises(ConfigError, match=r"nanocrystal.size_dispersion: size_dispersion "
                                          r"\(sigma_d / d\) must be in \(0, 0.19\], got 0.25"):
        load_device(_edited(tmp_path, 'material = "HgTe"\n',
                            'material = "HgTe"\nsize_dispersion = 0.25\n', name="x.toml"))


def test_temperature_dependence_of_the_emitter():
    from ncled.device.step_nanocrystal import emitter_physics

    dev = load_device("reference")
    cold = emitter_physics(dev)
    hot = emitter_physics(dev, dev.drive.temperature + 50.0)
    # HgTe NCs: dEg/dT = +0.2 meV/K (Lhuillier 2012): 50 K opens the gap by 10 meV
    assert hot.gap_ev - cold.gap_ev == pytest.approx(0.010, rel=1e-9)
    assert hot.pl_peak_m < cold.pl_peak_m  # blue shift on heating


def test_cli_simulate_json(tmp_path, capsys):
    from ncled.cli.main import main

    code = main(["simulate", "--json", "--no-studies", "--no-figures", "--voltage-points", "21",
                 "--voltage-stop", "3", "-o", str(tmp_path)])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    f = data["figures_of_merit"]
    assert data["success"] is True and data["ncled_version"]
    # SI keys: volts, A/m^2, kelvin, metres
    assert 0.1 < f["turn_on_voltage"] < 1.0 and f["operating_current_density"] == 9000.0
    assert 273.15 < f["pixel_temperature_at_operating_current"] < 373.15
    assert 1e-6 < f["el_peak_wavelength"] < 3e-6


def test_provenance_and_si_state(reference):
    ds = reference.dataset
    inputs = json.loads(ds.attrs["inputs"])
    assert inputs["name"] == "reference" and inputs["measurement"]["operating_current_ma"] == 7.0
    assert ds.attrs["success"] == 1 and ds.attrs["ncled_version"]
    snap = json.loads(ds.attrs["parameter_registry"])
    assert snap["model_constants"]["CHARGING_ENERGY_EV"]["value"] == 0.02
    # one SI state: every data variable carries its unit
    assert all("units" in ds[name].attrs for name in ds.data_vars)
    assert ds.radiant_intensity.dims == ("voltage", "theta")
    assert ds.el_spectra.sizes["spectrum_current"] == 3  # 1, 3 and 7 mA (the file's default)
    # the summary is the typed figures, field for field
    assert reference.summary["peak_eqe"] == reference.figures.peak_eqe
