"""Spectrum readers: text in nm/um/cm^-1/eV, synthetic OMNIC .spa and OPUS files, errors."""

from __future__ import annotations

import importlib.util
from pathlib import Path

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


def _load_builders():
    """spa_bytes/opus_bytes from tests/data/readers/make_samples.py (one builder of each)."""
    path = Path(__file__).resolve().parents[1] / "data" / "readers" / "make_samples.py"
    spec = importlib.util.spec_from_file_location("make_samples", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.spa_bytes, mod.opus_bytes


_SPA_BYTES, _OPUS_BYTES = _load_builders()


def _spa(path, y, first, last, truncate=0):
    """A minimal OMNIC file with the layout described in ncled.io.spectra."""
    blob = _SPA_BYTES(y, first, last)
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
    blob = _OPUS_BYTES(y, npt, fxv, lxv)
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
