"""Spectrum readers: text in nm/um/cm^-1/eV, synthetic OMNIC .spa and OPUS files, errors."""

from __future__ import annotations

import struct

import numpy as np
import pytest

from ncled.constants import q
from ncled.errors import DataFormatError
from ncled.io.spectra import read_opus, read_spa, read_spectrum


@pytest.mark.parametrize(("unit", "dim", "factor"), [
    ("nm", "wavelength", 1e-9), ("um", "wavelength", 1e-6), ("cm-1", "wavenumber", 100.0),
    ("eV", "energy", q)])
def test_text_units(tmp_path, unit, dim, factor):
    f = tmp_path / "s.csv"
    f.write_text(f"x ({unit}),EL (counts)\n1,10\n2,20\n3,15\n4,5\n", encoding="utf-8")
    ds, meta = read_spectrum(f)
    assert meta["axis"] == dim and meta["points"] == 4
    np.testing.assert_allclose(ds[dim].values, np.array([1, 2, 3, 4]) * factor, rtol=1e-15)
    assert ds.intensity.attrs["units"] == "counts"


def test_text_without_header_needs_unit(tmp_path):
    f = tmp_path / "s.txt"
    f.write_text("4000 0.1\n3999 0.2\n3998 0.3\n3997 0.2\n", encoding="utf-8")
    with pytest.raises(DataFormatError, match="no axis unit"):
        read_spectrum(f)
    ds, meta = read_spectrum(f, axis_unit="cm-1")  # descending axes are kept as they are
    assert meta["points"] == 4 and ds.wavenumber.values[0] == pytest.approx(4000e2)


def test_text_errors_and_dropped_rows(tmp_path):
    f = tmp_path / "s.csv"
    f.write_text("wavelength (nm),PL\n1,1\n2,\n3,2\nnan,nan\n4,1\n", encoding="utf-8")
    _, meta = read_spectrum(f)
    assert meta["points"] == 3 and meta["dropped_rows"] == 2 and meta["dropped_lines"] == [3, 5]
    f.write_text("wavelength (nm),PL\n1,1\n3,2\n2,1\n4,1\n")
    with pytest.raises(DataFormatError, match="'wavelength \\(nm\\)': the axis is not monotonic"):
        read_spectrum(f)
    f.write_text("wavelength (nm),PL\n1,1\n2,2\n2,1\n4,1\n")
    with pytest.raises(DataFormatError, match="duplicated axis value 2"):
        read_spectrum(f)
    f.write_text("wavelength (furlong),PL\n1,1\n2,2\n3,1\n")
    with pytest.raises(DataFormatError, match="axis unit 'furlong' not known"):
        read_spectrum(f)
    f.write_text("wavelength (nm),PL\n1,1\n2,x\n3,1\n")
    with pytest.raises(DataFormatError, match="line 3, column 'PL': 'x' is not a number"):
        read_spectrum(f)


def _spa(path, y, first, last, truncate=0):
    """A minimal OMNIC file with the layout described in ncled.io.spectra."""
    n = len(y)
    head = bytearray(b"Spectral Data File\r\n".ljust(30, b"\0") + b"synthetic".ljust(256, b"\0"))
    head = head.ljust(304, b"\0")
    struct.pack_into("<H", head, 294, 2)
    hdr_off, data_off = 304 + 32, 304 + 32 + 64
    rec = bytearray(32)
    rec[0] = 2
    struct.pack_into("<II", rec, 2, hdr_off, 64)
    rec[16] = 3
    struct.pack_into("<II", rec, 18, data_off, 4 * n)
    hdr = bytearray(64)
    struct.pack_into("<I", hdr, 4, n)
    hdr[8], hdr[12] = 1, 17  # cm^-1, absorbance
    struct.pack_into("<ff", hdr, 16, first, last)
    blob = bytes(head + rec + hdr) + np.asarray(y, "<f4").tobytes()
    path.write_bytes(blob[: len(blob) - truncate])


def test_spa_synthetic_round_trip(tmp_path):
    f = tmp_path / "x.spa"
    y = np.linspace(0, 1, 101) ** 2
    _spa(f, y, 4000.0, 400.0)
    ds, meta = read_spa(f)
    assert meta["points"] == 101 and meta["title"] == "synthetic"
    np.testing.assert_allclose(ds.intensity, y.astype("<f4"), rtol=0)  # float32 stored
    assert ds.wavenumber.values[0] == pytest.approx(4000e2) and ds.intensity.units == "absorbance"
    _spa(f, y, 4000.0, 400.0, truncate=8)
    with pytest.raises(DataFormatError, match="truncated OMNIC file"):
        read_spectrum(f)


def _opus(path, y, npt, fxv, lxv, truncate=0):
    """A minimal OPUS file: absorbance data block one value longer than NPT (the trap)."""
    def param(name, kind, value):
        if kind == 0:
            return name.encode() + b"\0" + struct.pack("<2hi", 0, 2, value)
        if kind == 1:
            return name.encode() + b"\0" + struct.pack("<2hd", 1, 4, value)
        return name.encode() + b"\0" + struct.pack("<2h", 2, 2) + value.encode().ljust(4, b"\0")
    status = (param("NPT", 0, npt) + param("FXV", 1, fxv) + param("LXV", 1, lxv)
              + param("CSF", 1, 1.0) + param("DXU", 2, "WN") + b"END\0" + bytes(4))
    data = np.asarray(y, "<f4").tobytes()
    kind_a = 1 | (4 << 10)  # real, absorbance
    blocks = [(kind_a | (1 << 4), status), (kind_a, data)]
    dir_start = 24
    off = dir_start + 12 * len(blocks)
    directory, body = b"", b""
    for code, blob in blocks:
        directory += struct.pack("<3i", code, len(blob) // 4, off + len(body))
        body += blob
    head = b"\n\n\xfe\xfe" + struct.pack("<d3i", 920622.0, dir_start, 10, len(blocks))
    blob = head + directory + body
    path.write_bytes(blob[: len(blob) - truncate])


def test_opus_synthetic_npt_not_block_length(tmp_path):
    f = tmp_path / "x.0"
    y = np.arange(11, dtype=float)  # 11 stored values, NPT = 10
    _opus(f, y, 10, 4000.0, 3000.0)
    ds, meta = read_opus(f)
    assert meta["block"] == "a" and meta["points"] == 10  # not 11
    np.testing.assert_allclose(ds.intensity, y[:10])
    np.testing.assert_allclose(ds.wavenumber[[0, -1]], [4000e2, 3000e2])
    with pytest.raises(DataFormatError, match="no OPUS block 'sm'; blocks found: \\['a'\\]"):
        read_opus(f, block="sm")
    _opus(f, y, 10, 4000.0, 3000.0, truncate=12)
    with pytest.raises(DataFormatError, match="truncated OPUS file"):
        read_spectrum(f)


def test_unknown_binary(tmp_path):
    f = tmp_path / "x.spa"
    f.write_bytes(b"\x00\x01garbage" * 10)
    with pytest.raises(DataFormatError, match="unknown binary format"):
        read_spectrum(f)
    with pytest.raises(DataFormatError, match="not a Thermo OMNIC"):
        read_spa(f)
    with pytest.raises(DataFormatError, match="not a Bruker OPUS"):
        read_opus(f)
