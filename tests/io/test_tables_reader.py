"""Sweep/trace table reader: column recognition, units to SI, dropped rows, errors."""

from __future__ import annotations

import zipfile

import numpy as np
import pytest

from ncled.errors import DataFormatError
from ncled.io.tables import read_table, recognise_column, split_header

LED = (("voltage",), ("current", "current_density"), ("photocurrent", "optical_power", "radiance"))


@pytest.mark.parametrize(("header", "qty", "factor"), [
    ("Voltage (V)", "voltage", 1.0),
    ("V [mV]", "voltage", 1e-3),
    ("Current (mA)", "current", 1e-3),
    ("I_uA", "current", 1e-6),
    ("J (mA/cm2)", "current_density", 10.0),  # 1 mA/cm^2 = 10 A/m^2
    ("J_mA_cm2", "current_density", 10.0),
    ("current density [mA cm^-2]", "current_density", 10.0),
    ("Photocurrent (nA)", "photocurrent", 1e-9),
    ("Optical power (µW)", "optical_power", 1e-6),
    ("Radiance (W/sr/m2)", "radiance", 1.0),
    ("radiance [W sr^-1 m^-2]", "radiance", 1.0),
    ("time (h)", "time", 3600.0),
    ("t [min]", "time", 60.0),
])
def test_recognise_column(header, qty, factor):
    assert recognise_column(header) == (qty, pytest.approx(factor, rel=1e-15))


def test_split_header_and_unknown():
    assert split_header("I (mA)") == ("I", "mA")
    assert split_header("Temperature") == ("Temperature", None)
    assert recognise_column("Temperature (K)") is None


def test_read_csv_to_si_with_comments_and_dropped_rows(tmp_path):
    f = tmp_path / "sweep.csv"
    f.write_text("# Keithley 2400, pixel 3\nVoltage (V),Current (mA),Photocurrent (uA),Temp (C)\n"
                 "0.0,0.001,0.0,25\n0.5,,0.1,25\n1.0,2.0,0.3,25\nnan,3,0.5,25\n1.5,5.0,0.9,25\n",
                 encoding="utf-8")
    ds, meta = read_table(f, required=LED)
    np.testing.assert_allclose(ds.voltage, [0.0, 1.0, 1.5])
    np.testing.assert_allclose(ds.current, [1e-6, 2e-3, 5e-3], rtol=1e-15)
    np.testing.assert_allclose(ds.photocurrent, [0.0, 0.3e-6, 0.9e-6], rtol=1e-15)
    assert ds.current.attrs["units"] == "A"
    assert meta["dropped_rows"] == 2 and meta["dropped_lines"] == [4, 6]  # counted, by line
    assert "dropped 2 row(s)" in meta["warnings"][0]
    assert meta["unrecognised_columns"] == ["Temp (C)"]
    assert meta["comments"] == ["Keithley 2400, pixel 3"]


def test_units_row_whitespace_and_mapping(tmp_path):
    f = tmp_path / "sweep.txt"
    f.write_text("Ubias\tI\tPopt\nV\tmA\tnW\n0.1\t1\t5\n0.2\t2\t7\n0.3\t3\t9\n", encoding="utf-8")
    ds, _ = read_table(f, mapping={"voltage": "Ubias"}, required=LED)
    np.testing.assert_allclose(ds.optical_power, [5e-9, 7e-9, 9e-9], rtol=1e-15)
    np.testing.assert_allclose(ds.voltage, [0.1, 0.2, 0.3])
    g = tmp_path / "sweep2.csv"
    g.write_text("U,I (A),P (W)\n1,1,1\n2,2,2\n3,3,3\n", encoding="utf-8")
    ds2, _ = read_table(g, mapping={"voltage": "U [V]"})
    assert "voltage" in ds2


def test_missing_column_lists_what_was_found(tmp_path):
    f = tmp_path / "sweep.csv"
    f.write_text("Voltage (V),Temp (C)\n1,2\n", encoding="utf-8")
    with pytest.raises(DataFormatError, match=r"sweep.csv: no column for current or "
                                              r"current_density; columns found: \['Voltage \(V\)'"):
        read_table(f, required=LED)


def test_bad_inputs(tmp_path):
    f = tmp_path / "a.csv"
    f.write_text("Voltage (V),Current (mA),Current (A),Photocurrent (A)\n1,2,3,4\n")
    with pytest.raises(DataFormatError, match="mixed units"):
        read_table(f)
    f.write_text("Voltage,Current (mA)\n1,2\n")
    with pytest.raises(DataFormatError, match="'Voltage' \\(voltage\\) has no unit"):
        read_table(f)
    f.write_text("Voltage (kV),Current (mA)\n1,2\n")
    with pytest.raises(DataFormatError, match="unit not recognised for voltage"):
        read_table(f)
    f.write_text("Voltage (V),Current (mA)\n1,abc\n")
    with pytest.raises(DataFormatError, match="line 2, column 'Current \\(mA\\)'"):
        read_table(f)
    f.write_text("1,2\n3,4\n")
    with pytest.raises(DataFormatError, match="holds numbers, not column names"):
        read_table(f)
    f.write_text("")
    with pytest.raises(DataFormatError, match="empty"):
        read_table(f)
    with pytest.raises(DataFormatError, match="no such file"):
        read_table(tmp_path / "missing.csv")
    f.write_text("Voltage (V),Current (mA)\n1,2\n")
    with pytest.raises(DataFormatError, match="mapping names unknown quantity"):
        read_table(f, mapping={"colour": "x"})
    with pytest.raises(DataFormatError, match="mapped column 'U' for voltage not found"):
        read_table(f, mapping={"voltage": "U"})


def _xlsx(path, rows):
    def cell(ref, v):
        if isinstance(v, str):
            return f'<c r="{ref}" t="inlineStr"><is><t>{v}</t></is></c>'
        return f'<c r="{ref}"><v>{v}</v></c>'
    body = "".join(
        f'<row r="{r + 1}">' + "".join(cell(f"{chr(65 + k)}{r + 1}", v) for k, v in enumerate(row))
        + "</row>" for r, row in enumerate(rows))
    xml = ('<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
           f'spreadsheetml/2006/main"><sheetData>{body}</sheetData></worksheet>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("xl/worksheets/sheet1.xml", xml)


def test_xlsx(tmp_path):
    f = tmp_path / "sweep.xlsx"
    _xlsx(f, [["Voltage (V)", "Current (mA)", "Radiance (W/sr/m2)"], [0.5, 1, 0.01],
              [1.0, 10, 0.2]])
    ds, _ = read_table(f, required=LED)
    np.testing.assert_allclose(ds.current, [1e-3, 1e-2], rtol=1e-15)
    np.testing.assert_allclose(ds.radiance, [0.01, 0.2])
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(DataFormatError, match=r"not a readable \.xlsx"):
        read_table(bad)
