"""The designer's device document: edits, validation messages by layer, TOML round trip."""

from __future__ import annotations

import pytest

pytest.importorskip("tomli_w", reason="the designer extra is not installed: pip install "
                    "'ncled[designer]'")

from ncled.designer.document import (
    DeviceDocument,
    Problems,
    parse_mixture,
    read_device_file,
    to_toml,
)
from ncled.designer.model import validate
from ncled.device.config import load_device
from ncled.errors import ConfigError


@pytest.fixture
def doc() -> DeviceDocument:
    data, source = read_device_file("reference")
    return DeviceDocument(data, source)


def test_toml_round_trip_through_the_library_loader(doc, tmp_path):
    doc.set_thickness_nm(1, 180)
    doc.set_nc_fraction(0.4)
    doc.set_pl_peak_nm(2300)
    doc.set_temperature_c(40)
    path = tmp_path / "edited.toml"
    path.write_text(to_toml(doc.data))
    dev = load_device(path)
    assert dev.layer("ITO").thickness == pytest.approx(180e-9, rel=1e-12)  # exact in the file
    assert dev.layer("ZnO:HgTe").mixture == {"HgTe-NC-film": 0.4, "ZnO-NC-film": 0.6}
    assert dev.nanocrystal.pl_peak == pytest.approx(2300e-9, rel=1e-12)
    assert dev.drive.temperature == pytest.approx(313.15, abs=1e-9)
    # what the edits did not touch survives the round trip
    ref = load_device("reference")
    assert dev.layer("ITO").params == ref.layer("ITO").params
    assert dev.electrodes == ref.electrodes
    assert [x.name for x in dev.layers] == [x.name for x in ref.layers]


def test_problems_are_shown_by_layer(doc):
    doc.set_cell(2, "thickness", "-5 nm")
    with pytest.raises(ConfigError) as info:
        validate(doc.data)
    problems = Problems.from_error(info.value)
    assert list(problems.by_layer) == [2]
    assert "thickness must be positive" in problems.by_layer[2][0]
    assert not problems.general
    doc.set_cell(2, "thickness", "105 nm")
    doc.set_cell(4, "material", "unobtainium")
    with pytest.raises(ConfigError) as info:
        validate(doc.data)
    problems = Problems.from_error(info.value)
    assert "unknown material 'unobtainium'" in problems.by_layer[4][0]


def test_mixture_cells_parse_or_name_the_format(doc):
    assert parse_mixture("HgTe-NC-film: 0.3, ZnO-NC-film: 0.7") == {"HgTe-NC-film": 0.3,
                                                                      "ZnO-NC-film": 0.7}
    with pytest.raises(ConfigError, match="material: volume fraction"):
        doc.set_cell(3, "mixture", "HgTe-NC-film 0.3")
    doc.set_cell(3, "mixture", "HgTe-NC-film: 0.3, ZnO-NC-film: 0.7")
    assert doc.nc_fraction() == 0.3
    doc.set_cell(3, "material", "ZnO-NC-film")  # a material replaces the mixture
    assert "mixture" not in doc.data["layers"][3]
    assert doc.nc_fraction() is None


def test_add_remove_and_reorder_layers(doc):
    names = [r["name"] for r in doc.table_rows()]
    at = doc.add_layer(after=2)
    assert at == 3 and doc.table_rows()[3]["name"] == "layer 1"
    assert doc.move_layer(3, -1) == 2
    assert [r["name"] for r in doc.table_rows()][:4] == ["glass", "ITO", "layer 1", "ZnO"]
    assert doc.move_layer(0, -1) == 0  # the top stays the top
    doc.remove_layer(2)
    assert [r["name"] for r in doc.table_rows()] == names
    validate(doc.data)


def test_unknown_device_file_names_the_builtins():
    with pytest.raises(ConfigError, match="built-in devices"):
        read_device_file("no-such-device.toml")
