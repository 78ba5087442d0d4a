"""The measurement TOML: units, geometry -> collection efficiency, all problems reported."""

from __future__ import annotations

import numpy as np
import pytest

from ncled.analysis.led import collection_efficiency_disc
from ncled.analysis.measurement import led_calibration
from ncled.errors import ConfigError
from ncled.io.measurement_config import load_measurement, measurement_from_dict


def test_geometry_and_units(tmp_path):
    f = tmp_path / "m.toml"
    f.write_text('pixel_area = "1 mm2"\n[detector]\nresponsivity_a_w = 1.1\narea = "7.07 mm2"\n'
                 'distance = "10 mm"\ndistance_rel_unc = 0.02\n[emission]\n'
                 'peak_wavelength = "2.0 um"\n', encoding="utf-8")
    cfg = load_measurement(f)
    cal = led_calibration(cfg)
    assert cal.pixel_area_m2 == pytest.approx(1e-6, rel=1e-15)
    assert cal.peak_wavelength_m == pytest.approx(2e-6, rel=1e-15)
    eta = collection_efficiency_disc(7.07e-6, 0.01)
    assert cal.collection_efficiency == pytest.approx(eta, rel=1e-15)
    # distance term only: 2 f u_d with f = pi d^2 / (A + pi d^2)
    f_ = np.pi * 1e-4 / (7.07e-6 + np.pi * 1e-4)
    assert cal.collection_efficiency_rel_unc == pytest.approx(2 * f_ * 0.02, rel=1e-12)


def test_pixel_area_from_builtin_device():
    from ncled.cli.common import device_pixel_area

    cfg = measurement_from_dict({"device": "reference"})
    # the paper's 1 mm^2 pixel, read from the device file by the caller (io does not import device)
    assert cfg.area_m2(device_pixel_area(cfg)) == pytest.approx(1e-6, rel=1e-12)


def test_all_problems_together(tmp_path):
    with pytest.raises(ConfigError) as exc:
        measurement_from_dict({"pixel_area": "one", "detector": {"area": "1 mm2"},
                               "lifetime": {"fractions": [1.5]}, "colour": "red"}, "m.toml")
    msg = str(exc.value)
    assert msg.startswith("m.toml: 4 problems")
    for key in ("pixel_area", "detector", "lifetime.fractions", "colour"):
        assert key in msg
    with pytest.raises(ConfigError, match="give pixel_area"):
        measurement_from_dict({}).area_m2()
    bad = tmp_path / "b.toml"
    bad.write_text("pixel_area = \n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_measurement(bad)
