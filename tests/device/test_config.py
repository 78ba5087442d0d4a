"""Device-file validation: the built-in devices load, and every bad input gets one clear error."""

from __future__ import annotations

import pytest

from ncled.cli.main import main
from ncled.device.config import builtin_devices, device_from_dict, load_device
from ncled.errors import ConfigError

GOOD = {
    "name": "t",
    "layers": [
        {"name": "glass", "material": "soda-lime-glass", "thickness": "1 mm", "coherent": False},
        {"name": "ITO", "material": "ITO", "thickness": "35 nm"},
        {"name": "mix", "mixture": {"HgTe-NC-film": 0.5, "ZnO-NC-film": 0.5},
         "thickness": "120 nm"},
    ],
}


def _with_layer(i: int, **changes) -> dict:
    layers = [dict(x) for x in GOOD["layers"]]
    layers[i].update(changes)
    return {**GOOD, "layers": layers}


def test_builtin_devices_all_load():
    names = builtin_devices()
    assert {"reference", "reference_ito180", "reference_2p15um", "reference_2p3um"} <= set(names)
    for name in names:
        dev = load_device(name)
        assert dev.layers[0].coherent is False  # the 1 mm glass is incoherent in every variant


def test_reference_device_values():
    dev = load_device("reference")
    # Thicknesses of Qu et al. 2022 Methods, converted to SI exactly.
    assert dev.layer("ITO").thickness == pytest.approx(35e-9, rel=1e-12)
    assert dev.layer("glass").thickness == pytest.approx(1e-3, rel=1e-12)
    assert dev.pixel_area == pytest.approx(1e-6, rel=1e-12)
    assert dev.layers[dev.emitter_index].name == "ZnO:HgTe"
    assert dev.nanocrystal.pl_peak == pytest.approx(2.0e-6, rel=1e-12)
    assert dev.nanocrystal.growth_temperature == pytest.approx(343.15, rel=1e-12)
    assert load_device("reference_ito180").layer("ITO").thickness == pytest.approx(180e-9)


def test_bare_number_thickness_is_an_error():
    # lengths carry their unit: a bare 120 could be nm, um or mm (issue 10)
    with pytest.raises(ConfigError, match=r"layers\[2\].thickness \(layer 'mix'\): 120 needs a "
                                          r"unit, e\.g\. '35 nm'"):
        device_from_dict(_with_layer(2, thickness=120))


@pytest.mark.parametrize(
    ("data", "match"),
    [
        (_with_layer(1, thickness="-5 nm"),
         r"layers\[1\].thickness \(layer 'ITO'\): thickness must be positive"),
        (_with_layer(1, thickness="0 nm"), r"thickness must be positive"),
        (_with_layer(1, thickness="thin"), r"cannot read 'thin' as a length"),
        (_with_layer(2, mixture={"HgTe-NC-film": 0.5, "ZnO-NC-film": 0.4}),
         r"sum to 1, they sum to 0.9"),
        (_with_layer(1, material="ITOO"), r"unknown material 'ITOO'; did you mean ITO"),
        (_with_layer(1, mixture={"a": 0.5, "b": 0.5}), r"exactly one of 'material' or 'mixture'"),
        ({**GOOD, "pixel_area": "huge"}, r"pixel_area"),
        ({**GOOD, "layers": []}, r"layers"),
        ({**GOOD, "colour": "red"}, r"colour"),
    ],
)
def test_bad_device_raises_config_error(data, match):
    with pytest.raises(ConfigError, match=match):
        device_from_dict(data, source="dev.toml")


def test_all_problems_reported_together():
    data = _with_layer(1, thickness="-1 nm")
    data["layers"][2] = {**data["layers"][2], "thickness": "0 nm"}
    with pytest.raises(ConfigError) as info:
        device_from_dict(data, source="dev.toml")
    assert len(info.value.problems) == 2
    assert str(info.value).startswith("dev.toml: 2 problems")


def test_malformed_toml_names_file_and_line(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('name = "x"\n[[layers]]\nname = \n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad.toml: malformed TOML: .*line 3"):
        load_device(path)


def test_cli_device_show_and_errors(tmp_path, capsys):
    assert main(["device", "show"]) == 0
    out = capsys.readouterr().out
    assert "ZnO:HgTe" in out and "incoherent" in out
    assert main(["device", "list"]) == 0
    path = tmp_path / "neg.toml"
    path.write_text(
        '[[layers]]\nname = "ITO"\nmaterial = "ITO"\nthickness = "-3 nm"\n', encoding="utf-8"
    )
    assert main(["device", "show", str(path)]) == 2
    err = capsys.readouterr().err
    assert "thickness must be positive" in err and "Traceback" not in err
    assert main(["device", "show", str(tmp_path / "missing.toml")]) == 2


@pytest.mark.parametrize(("changes", "match"), [
    ({"pixel_area": 1e-6}, "pixel_area: 1e-06 needs a unit"),
    ({"nanocrystal": {"diameter": "6 nm", "pl_peak": "2000 nm"}}, "either diameter or pl_peak"),
    ({"electrodes": {"cathode": {"layer": "ITO", "work_function_ev": 4.7},
                     "anode": {"layer": "ITO", "work_function_ev": 5.1}, "strip_length": 5}},
     "strip_length: 5 needs a unit"),
])
def test_ambiguous_values_rejected(changes, match):
    with pytest.raises(ConfigError, match=match):
        device_from_dict({**GOOD, **changes})
