"""The one unit vocabulary of ncled (ncled.units) against the SI definitions of the units."""

from __future__ import annotations

import pytest

from ncled.constants import q, zero_celsius
from ncled.errors import ConfigError, DataFormatError
from ncled.units import (
    UNITS,
    parse_area,
    parse_length,
    parse_quantity,
    parse_temperature,
    parse_wavelength_list,
    unit_factor,
)


@pytest.mark.parametrize(("text", "kind", "si"), [
    ("35 nm", "length", 35e-9),
    ("1 mm", "length", 1e-3),
    ("2 µm", "length", 2e-6),
    ("2 μm", "length", 2e-6),  # Greek mu and micro sign
    ("10 A", "length", 1e-9),  # angstrom
    ("1 mm2", "area", 1e-6),
    ("0.01 cm^2", "area", 1e-6),
    ("1 mm²", "area", 1e-6),
    ("5 mA", "current", 5e-3),
    ("10 mA/cm2", "current_density", 100.0),  # 1 mA/cm^2 = 10 A/m^2
    ("1.5 W/sr/m2", "radiance", 1.5),
    ("2 mW/sr/m2", "radiance", 2e-3),
    ("0.6 eV", "energy", 0.6 * q),
    ("5000 cm-1", "wavenumber", 5e5),
    ("10 ns", "time", 1e-8),
    ("2 h", "time", 7200.0),
    ("2 uF/cm2", "capacitance_per_area", 2e-2),
])
def test_conversions_follow_the_definitions(text, kind, si):
    # exact decimal definitions: agreement to round-off
    assert parse_quantity(text, kind, "x") == pytest.approx(si, rel=1e-12)


def test_temperatures():
    assert parse_temperature("23C") == pytest.approx(23 + zero_celsius, rel=1e-12)
    assert parse_temperature("296 K") == 296.0
    assert parse_temperature(296) == 296.0  # kelvin where the caller allows a bare number
    with pytest.raises(ConfigError, match=r"growth_temperature.*needs a unit"):
        parse_temperature(70, "growth_temperature", default_unit=None)
    with pytest.raises(ConfigError, match="above 0 K"):
        parse_temperature("-300C")


def test_bare_number_needs_a_unit_and_names_the_field():
    with pytest.raises(ConfigError, match=r"thickness: 1 needs a unit, e\.g\. '35 nm'"):
        parse_length(1, "thickness")
    assert parse_length(8, "--diameter", default_unit="nm") == pytest.approx(8e-9, rel=1e-12)
    with pytest.raises(ConfigError, match=r"pixel_area.*needs a unit"):
        parse_area(1, "pixel_area")


def test_unknown_unit_lists_the_known_ones():
    with pytest.raises(ConfigError, match="thickness: unknown length unit 'furlong'; known: a,"):
        parse_length("3 furlong", "thickness")
    # readers raise their own error type with the same vocabulary
    with pytest.raises(DataFormatError, match="column 'I': unknown current unit 'kA'"):
        unit_factor("current", "kA", "column 'I'", error=DataFormatError)


def test_non_finite_and_non_numbers():
    for bad in ("nan nm", "inf nm", "thin", "", True):
        with pytest.raises(ConfigError, match="thickness"):
            parse_length(bad, "thickness")


def test_wavelength_list():
    assert parse_wavelength_list("1000:3000:3") == pytest.approx([1e-6, 2e-6, 3e-6], rel=1e-12)
    assert parse_wavelength_list("2um") == pytest.approx([2e-6], rel=1e-12)
    with pytest.raises(ConfigError, match="--wavelength"):
        parse_wavelength_list("1e12", "--wavelength")  # 1 km: a unit slip, refused


def test_one_table():
    # every kind has an SI example in the messages and no unit spelled twice differently
    for kind, table in UNITS.items():
        assert all(u == u.lower().replace(" ", "") for u in table), kind
