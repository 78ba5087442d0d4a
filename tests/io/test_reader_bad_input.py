"""Regression tests for the reader failures found by fuzzing (tests/io/test_readers_fuzz.py) and
for the bad-input contract: a directory, an empty file, missing columns, wrong column counts,
truncation and NaN/inf each get a DataFormatError naming the file and the line or byte offset,
or (NaN/inf in data) a warning naming the rows that were dropped."""

from __future__ import annotations

import io
import struct
import sys
import zipfile
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from ncled.errors import DataFormatError
from ncled.io.fet import read_fet
from ncled.io.spectra import read_opus, read_spa, read_spectrum
from ncled.io.tables import read_table
from ncled.io.transient import read_glotaran_ascii, read_sia_matrix, read_transient
from ncled.io.vamas import read_vamas
from ncled.io.xps_text import read_xps_text

DATA = Path(__file__).resolve().parents[1] / "data"
SAMPLES = DATA / "readers"
ALL_READERS = [read_table, read_fet, read_spectrum, read_spa, read_opus, read_vamas,
               read_xps_text, read_transient, read_sia_matrix, read_glotaran_ascii]


@pytest.mark.parametrize("reader", ALL_READERS, ids=lambda f: f.__name__)
def test_directory_is_named_as_such(tmp_path, reader):
    d = tmp_path / "run1.csv"
    d.mkdir()
    with pytest.raises(DataFormatError, match=r"run1\.csv: is a directory"):
        reader(d)
    with pytest.raises(DataFormatError, match=r"nope\.csv: no such file"):
        reader(tmp_path / "nope.csv")


@pytest.mark.parametrize("reader", ALL_READERS, ids=lambda f: f.__name__)
def test_empty_file(tmp_path, reader):
    f = tmp_path / "empty.dat"
    f.write_bytes(b"")
    with pytest.raises(DataFormatError, match=r"empty\.dat: "):
        reader(f)


def _patched(tmp_path: Path, sample: str, patches: dict[int, bytes]) -> Path:
    b = bytearray((SAMPLES / sample).read_bytes())
    for at, blob in patches.items():
        b[at:at + len(blob)] = blob
    out = tmp_path / sample
    out.write_bytes(bytes(b))
    return out


# The synthetic OPUS sample (tests/data/readers/make_samples.py): 24-byte header, directory of
# two entries at byte 24, the data-status parameters from byte 48 (NPT at 48, FXV at 60, LXV at
# 76, CSF at 92, DXU at 108, END at 120), the float32 data from byte 128.

def test_opus_parameter_past_its_block(tmp_path):
    # the status block cut to 13 words ends inside CSF's value: was struct.error
    f = _patched(tmp_path, "ftir_opus.0", {28: struct.pack("<i", 13)})
    with pytest.raises(DataFormatError, match=r"parameter 'CSF' at byte 92 runs past"):
        read_opus(f)


def test_opus_npt_not_a_number(tmp_path):
    f = _patched(tmp_path, "ftir_opus.0", {52: struct.pack("<h", 2)})  # NPT typed as a string
    with pytest.raises(DataFormatError, match=r"parameter NPT at byte 48 is '\\x18', not a"):
        read_opus(f)  # was ValueError from int('\x18')


def test_opus_negative_parameter_size_does_not_loop(tmp_path):
    f = _patched(tmp_path, "ftir_opus.0", {54: struct.pack("<h", -4)})  # pos += 8 - 8: a loop
    with pytest.raises(DataFormatError, match=r"'NPT' at byte 48 runs past"):
        read_opus(f)


def test_opus_npt_beyond_block_and_directory_outside_file(tmp_path):
    f = _patched(tmp_path, "ftir_opus.0", {56: struct.pack("<i", 10**6)})
    with pytest.raises(DataFormatError, match=r"holds 25 values, NPT = 1e\+06 \(byte 48\)"):
        read_opus(f)
    f = _patched(tmp_path, "ftir_opus.0", {12: struct.pack("<i", -50)})
    with pytest.raises(DataFormatError, match=r"directory \(byte -50"):
        read_opus(f)


def test_opus_and_spa_nan_values_dropped_and_named(tmp_path):
    nan = struct.pack("<f", float("nan"))
    f = _patched(tmp_path, "ftir_opus.0", {128 + 4 * 3: nan})
    ds, meta = read_opus(f)
    assert meta["points"] == 23 and meta["dropped_points"] == [4]
    assert "points [4] (first at byte 140)" in meta["warnings"][0]
    assert np.all(np.isfinite(ds.intensity))
    # OMNIC: data from byte 400; was returned as NaN without a word
    f = _patched(tmp_path, "ftir.spa", {400 + 4 * 5: nan, 400 + 4 * 9: struct.pack("<f", np.inf)})
    ds, meta = read_spa(f)
    assert meta["dropped_points"] == [6, 10] and ds.intensity.size == 30
    assert "first at byte 420" in meta["warnings"][0]
    assert np.all(np.isfinite(ds.wavenumber)) and np.all(np.isfinite(ds.intensity))


def test_spa_nan_axis_and_short_header(tmp_path):
    f = _patched(tmp_path, "ftir.spa", {336 + 16: struct.pack("<f", float("nan"))})
    with pytest.raises(DataFormatError, match=r"first/last x value .* \(bytes 352-359\)"):
        read_spa(f)
    f = _patched(tmp_path, "ftir.spa", {306: struct.pack("<II", 520, 8)})  # header at the end
    with pytest.raises(DataFormatError, match=r"truncated OMNIC spectrum header at byte 520"):
        read_spa(f)


def test_xlsx_damaged_deflate_stream(tmp_path):
    blob = (SAMPLES / "led_sweep.xlsx").read_bytes()
    z = zipfile.ZipFile(io.BytesIO(blob))
    info = z.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    f = _patched(tmp_path, "led_sweep.xlsx", {start + 5: b"\xff\xff\xff\xff"})
    with pytest.raises(DataFormatError, match=r"led_sweep\.xlsx: not a readable \.xlsx"):
        read_table(f)  # was zlib.error


def _xlsx_with_sheet(path: Path, sheet_xml: str) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return path


def test_xlsx_bad_cell_references(tmp_path):
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    cell = '<row><c r="{}" t="{}"><v>{}</v></c></row>'
    for ref, kind, value, msg in [
            ("ZZZZZZ1", "n", "1", r"cell reference 'ZZZZZZ1' is not a cell"),  # was MemoryError
            ("1A", "n", "1", r"cell reference '1A' is not a cell"),  # was AttributeError
            ("A1", "s", "7", r"points to shared string '7'; the workbook has 0")]:  # IndexError
        f = _xlsx_with_sheet(tmp_path / "c.xlsx", f'<worksheet xmlns="{ns}"><sheetData>'
                             + cell.format(ref, kind, value) + "</sheetData></worksheet>")
        with pytest.raises(DataFormatError, match=msg):
            read_table(f)


def test_xlsx_size_in_zip_header_checked_before_inflating(tmp_path):
    b = bytearray((SAMPLES / "led_sweep.xlsx").read_bytes())
    z = zipfile.ZipFile(io.BytesIO(bytes(b)))
    name = b"xl/worksheets/sheet1.xml"
    at = b.index(b"PK\x01\x02")
    while b[at + 46:at + 46 + len(name)] != name:  # the central-directory record of the sheet
        at = b.index(b"PK\x01\x02", at + 4)
    b[at + 24:at + 28] = struct.pack("<I", 0xFFFFFFF0)  # announces 4 GB uncompressed
    f = tmp_path / "bomb.xlsx"
    f.write_bytes(bytes(b))
    assert z.getinfo("xl/worksheets/sheet1.xml").compress_size < 2000
    with pytest.raises(DataFormatError, match=r"sheet1\.xml: sizes in the zip header .* do not "
                                              "fit the file"):
        read_table(f)


def test_xls_without_sheets(tmp_path, monkeypatch):
    # a workbook that xlrd opens but that holds no sheet: was StopIteration in read_fet
    fake = SimpleNamespace(open_workbook=lambda *a, **k: SimpleNamespace(sheets=lambda: []))
    monkeypatch.setitem(sys.modules, "xlrd", fake)
    f = tmp_path / "k.xls"
    f.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(DataFormatError, match=r"k\.xls: the \.xls workbook holds no worksheet"):
        read_fet(f)
    with pytest.raises(DataFormatError, match=r"k\.xls: the \.xls workbook holds no worksheet"):
        read_table(f)


def test_nul_byte_in_a_cell(tmp_path):
    f = tmp_path / "t.csv"
    f.write_bytes(b"Voltage (V),Current (mA)\n1,2\n2,\x003\n")
    with pytest.raises(DataFormatError, match=r"t\.csv: line 3, column 'Current \(mA\)': "
                                              r"'\\x003' is not a number"):
        read_table(f)


def test_scaled_value_overflow_is_an_error_naming_the_line(tmp_path):
    f = tmp_path / "t.csv"
    f.write_text("Voltage (V),J (A/cm2)\n1,2\n2,1e305\n")
    with pytest.raises(DataFormatError, match=r"t\.csv: line 3, column 'J \(A/cm2\)': '1e305' "
                                              "is out of range"):
        read_table(f)  # 1e305 A/cm^2 = 1e309 A/m^2 was inf
    f.write_text("wavenumber (cm-1),A\n1e307,1\n2e307,2\n3e307,3\n")
    with pytest.raises(DataFormatError, match=r"line 2, column 'wavenumber \(cm-1\)'"):
        read_spectrum(f)


def test_table_and_spectrum_warnings_name_lines(tmp_path):
    f = tmp_path / "t.csv"
    f.write_text("wavelength (nm),PL\n1,1\n2,inf\n3,2\n4,1\n")
    _, meta = read_spectrum(f)
    assert meta["warnings"] == ["dropped 1 row(s) with missing, NaN or inf values (lines [3])"]


def test_fet_lines_are_file_lines_and_nan_rows_dropped(tmp_path):
    f = tmp_path / "t.txt"
    rows = "\n".join(f"{v}\t{v * 1e-6}" for v in range(6))
    f.write_text(f"# comment\n\nVg (V)\tId (A)\n{rows}\n6\tnan\n7\tabc\n")
    with pytest.raises(DataFormatError, match=r"t\.txt: line 11, column 'Id \(A\)': 'abc'"):
        read_fet(f)  # the line in the file, not the row among data rows (was "row 9")
    f.write_text(f"# comment\n\nVg (V)\tId (A)\n{rows}\n6\tnan\n")
    ds, meta = read_fet(f)
    assert ds.point.size == 6 and meta["dropped_lines"] == [10]
    assert "lines [10]" in meta["warnings"][0]
    f.write_text("Vg (kV),Id (A)\n1,2\n")
    with pytest.raises(DataFormatError, match=r"t\.txt: column 'Vg \(kV\)': unit 'kV'"):
        read_fet(f)  # the unit error now names the file


def test_xps_text_photon_energy_and_nan(tmp_path):
    f = tmp_path / "x.csv"
    f.write_text("# hv=1.2.3eV\nBE,counts\n1,2\n2,3\n3,4\n4,nan\n")
    with pytest.raises(DataFormatError, match=r"x\.csv: photon energy '1\.2\.3' in 'hv=1\.2\."):
        read_xps_text(f)  # was ValueError from float('1.2.3')
    f.write_text("# hv=180eV\nBE,counts\n1,2\n2,3\n3,4\n4,nan\n")
    ds, meta = read_xps_text(f)
    assert ds.attrs["photon_energy_ev"] == 180.0 and meta["dropped_lines"] == [6]
    assert np.all(np.isfinite(ds.intensity))


def test_glotaran_huge_interval_count_and_nan_axis(tmp_path):
    f = tmp_path / "a.ascii"
    f.write_text("h\n\nTime explicit\nintervalnr " + "9" * 5000 + "\n0 1 2\n500 1 2 3\n")
    with pytest.raises(DataFormatError, match=r"a\.ascii: line 4: expected 'intervalnr N'"):
        read_glotaran_ascii(f)  # was ValueError: int() of a 5000-digit string
    f.write_text("h\n\nTime explicit\nintervalnr 3\n0 1 2\nnan 1 2 3\n510 1 2 3\n")
    with pytest.raises(DataFormatError, match=r"a\.ascii: wavelength value 1 is nan"):
        read_glotaran_ascii(f)


def test_matrix_nan_cells_drop_their_columns(tmp_path):
    f = tmp_path / "m.SIA"
    f.write_text("Time in ps\t400\t410\t420\n-1\t0.1\tnan\t0.3\n0.5\t0.2\t0.3\tinf\n")
    ds, meta = read_sia_matrix(f)
    np.testing.assert_allclose(ds.wavelength, [400e-9])
    assert meta["non_finite_values"] == 2 and "[410.0, 420.0] nm (lines [2, 3])" in \
        meta["warnings"][0]
    f.write_text("Time in ps\t400\n-1\tnan\n0.5\t0.2\n")
    with pytest.raises(DataFormatError, match=r"m\.SIA: every wavelength column"):
        read_sia_matrix(f)


def test_vamas_counts_and_values(tmp_path):
    src = (DATA / "xps" / "pt4f_casaxps.vms").read_text().splitlines()
    blocks, _ = read_vamas(DATA / "xps" / "pt4f_casaxps.vms")
    n = blocks[0].abscissa.size
    # two variables (counts, transmission): 2n values after two min/max ordinate pairs
    k = max(i for i, s in enumerate(src) if s.strip() == str(2 * n))
    f = tmp_path / "p.vms"
    bad = list(src)
    bad[k + 5] = "nan"  # the first value, on file line k + 6
    f.write_text("\n".join(bad) + "\n")
    blocks, meta = read_vamas(f)
    assert blocks[0].dropped_lines == [k + 6] and blocks[0].abscissa.size == n - 1
    assert f"lines [{k + 6}]" in meta["warnings"][0]
    bad = list(src)
    bad[k] = "inf"
    f.write_text("\n".join(bad) + "\n")
    with pytest.raises(DataFormatError, match=rf"p\.vms: line {k + 1}: expected a non-negative"):
        read_vamas(f)  # was OverflowError from int(inf)


def test_cli_reports_what_the_reader_dropped(tmp_path, capsys):
    from ncled.analysis.global_analysis import decay_matrix
    from ncled.cli.main import main

    t = np.linspace(-1, 30, 60)  # ps
    wl = np.linspace(500, 600, 6)
    sig = decay_matrix(t * 1e-12, [2e-12, 15e-12], 0.0, 0.2e-12) @ np.vstack(
        [np.sin(wl / 20), np.cos(wl / 30)])
    cells = [[f"{v:.6g}" for v in sig[:, k]] for k in range(wl.size)]
    cells[3][40] = "nan"  # one cell of the 560 nm row
    p = tmp_path / "d.ascii"
    p.write_text("Header\nsynthetic\nTime explicit\nintervalnr 60\n\t"
                 + "\t".join(f"{x:.6f}" for x in t) + "\n"
                 + "\n".join(f"{w}\t" + "\t".join(c) for w, c in zip(wl, cells, strict=True))
                 + "\n")
    out = tmp_path / "ta"
    assert main(["analyze", "transient", str(p), "--lifetimes", "1,10", "--irf", "0.3",
                 "-o", str(out)]) == 0
    assert "dropped 1 wavelength column(s) holding 1 overflow marker(s), NaN or inf value(s): " \
           "[560.0] nm" in " ".join(capsys.readouterr().err.split())
    import json
    assert json.loads((out / "transient.json").read_text())["dropped_wavelengths"] == 1


@pytest.fixture
def no_hang():
    """Fail (instead of hanging the suite) when a reader runs for over 30 s: the regressions
    below took minutes (cubic regular-expression backtracking, quadratic csv.Sniffer)."""
    import signal

    if not hasattr(signal, "SIGALRM"):
        pytest.skip("needs SIGALRM")

    def _alarm(signum, frame):
        raise TimeoutError("reader ran for over 30 s")

    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(30)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


def test_long_blank_header_cell(tmp_path, no_hang):
    f = tmp_path / "t.csv"
    f.write_text("Voltage (V),Current (" + " " * 4000 + ",Photocurrent (uA)\n1,2,3\n")
    _, meta = read_table(f)  # the unclosed bracket took ~100 s per 2000 blanks
    assert meta["unrecognised_columns"] == ["Current ("]  # cells are stripped
    f.write_text("Vg (" + " " * 4000 + "\tId (A)\n1\t2\n")
    with pytest.raises(DataFormatError, match=r"t\.csv: line 1: no column for gate_voltage"):
        read_fet(f)


def test_many_quotes_in_a_table(tmp_path, no_hang):
    f = tmp_path / "t.csv"
    f.write_text('Voltage (V),Current (mA)\n' + 'a,"b' * 20000 + "\n")
    with pytest.raises(DataFormatError, match=r"t\.csv: "):
        read_table(f)  # csv.Sniffer on the whole 80 kB line took minutes


def test_xlsx_sparse_rows_cannot_exhaust_memory(tmp_path, monkeypatch):
    import ncled.io.tables as tables

    monkeypatch.setattr(tables, "_XLSX_MAX_CELLS", 10_000)  # the real limit is 20 million
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rows = "".join(f'<row><c r="XFD{i}"><v>1</v></c></row>' for i in range(1, 3))
    f = _xlsx_with_sheet(tmp_path / "s.xlsx", f'<worksheet xmlns="{ns}"><sheetData>{rows}'
                         "</sheetData></worksheet>")
    with pytest.raises(DataFormatError, match=r"s\.xlsx: xl/worksheets/sheet1\.xml: more than "
                                              r"10000 cells up to row 1"):
        read_table(f)  # one cell at XFD pads each row to 16384 cells


def test_rows_wider_than_the_header(tmp_path):
    f = tmp_path / "t.csv"
    f.write_text("Voltage (V),Current (mA)\n1,2,\n2,3,7\n")  # a trailing empty cell is fine
    with pytest.raises(DataFormatError, match=r"t\.csv: line 3: 3 values, the header has 2 "
                                              r"columns .* extra: \['7'\]"):
        read_table(f)  # the 7 was ignored without a word
    f.write_text("wavelength (nm),PL\n1,1\n2,2,5\n3,1\n")
    with pytest.raises(DataFormatError, match=r"t\.csv: line 3: 3 values"):
        read_spectrum(f)
    f.write_text("Vg (V),Id (A)\n" + "".join(f"{v},{v}\n" for v in range(5)) + "5,5,1\n")
    with pytest.raises(DataFormatError, match=r"t\.csv: line 7: 3 values"):
        read_fet(f)
