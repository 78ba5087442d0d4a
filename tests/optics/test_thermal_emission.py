"""Thermal emission: Planck's law, Kirchhoff emissivity of the device and the thermal CLI."""

import json

import numpy as np
import pytest
from scipy import constants

from ncled.cli.main import main
from ncled.device.config import load_device
from ncled.device.emission import device_thermal
from ncled.errors import ConfigError
from ncled.optics.thermal import (
    hemispherical_average,
    kirchhoff_emissivity,
    planck_spectral_radiance,
)


def test_planck_integrates_to_stefan_boltzmann():
    t = 306.15
    wl = np.geomspace(0.5e-6, 2e-3, 20001)
    total = np.pi * np.trapezoid(planck_spectral_radiance(wl, t), wl)
    # 1e-4: the grid truncation (< 1e-5 of the power beyond 2 mm) and trapezoid error
    assert total == pytest.approx(constants.Stefan_Boltzmann * t ** 4, rel=1e-4)


def test_planck_peak_follows_wien():
    t = 306.15
    wl = np.linspace(5e-6, 15e-6, 100001)
    peak = wl[np.argmax(planck_spectral_radiance(wl, t))]
    # 1e-5: grid spacing 1e-10 m at ~9.5e-6 m
    assert peak == pytest.approx(constants.Wien / t, rel=1e-5)


def test_planck_bad_input():
    with pytest.raises(ConfigError, match="above 0 K"):
        planck_spectral_radiance(2e-6, -1.0)
    with pytest.raises(ConfigError, match="positive"):
        planck_spectral_radiance(-2e-6, 300.0)


def test_hemispherical_average_of_a_constant_and_of_cos():
    th = np.linspace(0, np.pi / 2, 2001)
    assert hemispherical_average(np.full(th.shape, 0.37), th) == pytest.approx(0.37, rel=1e-12)
    # analytic: 2 int cos^2 sin dtheta = 2/3 (trapezoid error ~ 1e-7 on this grid)
    assert hemispherical_average(np.cos(th), th) == pytest.approx(2 / 3, rel=1e-6)
    assert kirchhoff_emissivity(0.2, 0.3) == pytest.approx(0.5)


def test_device_emissivity_and_thermal_radiance():
    dev = load_device("reference")
    wl = np.array([2e-6, 5e-6, 9e-6])
    ds = device_thermal(dev, wl, 306.15, hemispherical=True, n_angle=31)
    eps = ds.emissivity.values
    assert np.all((eps >= 0) & (eps <= 1))
    assert np.all((ds.emissivity_hemispherical.values >= 0)
                  & (ds.emissivity_hemispherical.values <= 1))
    # soda-lime glass is opaque beyond ~5 um: the device then emits nearly like the glass,
    # emissivity = 1 - R(glass) > 0.7 at 9 um
    assert eps[-1] > 0.7
    np.testing.assert_allclose(ds.thermal_radiance.values,
                               eps * planck_spectral_radiance(wl, 306.15), rtol=1e-12)


def test_cli_thermal_el_far_above_thermal(tmp_path, capsys):
    out = tmp_path / "th"
    rc = main(["optics", "thermal", "--temperature", "33C", "--wavelengths", "1000:10000:46",
               "-o", str(out)])
    assert rc == 0
    data = json.loads((out / "thermal.json").read_text())
    # Paper Fig. 3b: the EL at 2 um towers over the 33 C thermal emission. With 1 W sr-1 m-2
    # of EL, Planck at 306 K and 2 um gives 2.3e-4 W sr-1 m-2 um-1 vs ~3 for the EL line.
    assert data["el_to_thermal_at_el_peak"] > 1e3
    assert (out / "thermal.png").stat().st_size > 0 and (out / "thermal.csv").stat().st_size > 0


def test_cli_thermal_bad_temperature(tmp_path, capsys):
    rc = main(["optics", "thermal", "--temperature", "-300C", "-o", str(tmp_path)])
    assert rc == 2
    assert "above 0 K" in capsys.readouterr().err
