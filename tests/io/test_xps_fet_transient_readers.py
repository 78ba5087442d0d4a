"""Readers for XPS text exports, FET transfer curves and transient-spectroscopy matrices."""

import sys
from pathlib import Path

import numpy as np
import pytest

from ncled.errors import DataFormatError
from ncled.io.fet import read_fet
from ncled.io.transient import (
    read_glotaran_ascii,
    read_sia_matrix,
    read_transient,
    read_trxps_matrix,
)
from ncled.io.xps_text import read_xps_text

DATA = Path(__file__).resolve().parents[1] / "data" / "xps"


def test_xps_text(tmp_path):
    ds, _meta = read_xps_text(DATA / "au4f_clean_hv180.csv")
    assert ds.attrs["scale"] == "kinetic" and ds.attrs["photon_energy_ev"] == 180.0
    assert np.all(np.diff(ds["energy"].values) > 0) and ds["energy"].size == 294
    p = tmp_path / "be.csv"
    p.write_text("BE/eV,counts\n101,5\n100,7\n99,6\n")
    ds, _ = read_xps_text(p)
    assert ds.attrs["scale"] == "binding" and list(ds["intensity"].values) == [6, 7, 5]
    p.write_text("1,2\n2,3\n3,4\n")
    with pytest.raises(DataFormatError, match="binding from kinetic"):
        read_xps_text(p)
    assert read_xps_text(p, scale="kinetic")[0].attrs["scale"] == "kinetic"
    p.write_text("BE,counts\n1,2\n2,x\n")
    with pytest.raises(DataFormatError, match="line 3"):
        read_xps_text(p)


def test_fet_text_units_and_errors(tmp_path, monkeypatch):
    p = tmp_path / "t.csv"
    rows = "\n".join(f"{v},{v * 0.1 + 2},{0.5}" for v in range(-10, 11))
    p.write_text("# HgTe 50 %\nVg (V),Id (uA),Ig (nA)\n" + rows + "\n")
    ds, _meta = read_fet(p, drain_voltage_v=0.5)
    assert ds.attrs["drain_voltage_v"] == 0.5 and not ds.attrs["gate_current_estimated"]
    assert ds["drain_current"].values[0] == pytest.approx(1e-6)  # (-1 + 2) uA
    assert ds["gate_current"].values[0] == pytest.approx(0.5e-9)
    p.write_text("Vg (V)\tIs (A)\tId (A)\n" + "\n".join(f"{v}\t{-v - 1e-3}\t{v}" for v in
                                                         range(6)) + "\n")
    ds, _ = read_fet(p)
    assert ds.attrs["gate_current_estimated"] == 1  # I_G = -(I_D + I_S) (Kirchhoff)
    np.testing.assert_allclose(ds["gate_current"].values, 1e-3)
    assert np.isnan(ds.attrs["drain_voltage_v"])
    p.write_text("Voltage (V),Current (A)\n1,2\n")
    with pytest.raises(DataFormatError, match="no column for gate_voltage"):
        read_fet(p)
    p.write_text("Vg (kV),Id (A)\n1,2\n")
    with pytest.raises(DataFormatError, match="unit 'kV'"):
        read_fet(p)
    x = tmp_path / "k.xls"
    x.write_bytes(b"not an excel file")
    monkeypatch.setitem(sys.modules, "xlrd", None)  # as if the optional package is missing
    with pytest.raises(DataFormatError, match="xlrd"):
        read_fet(x)


def test_glotaran_ascii_and_matrix(tmp_path):
    g = tmp_path / "a.ascii"
    g.write_text("Header\nOriginal filename: x\nTime explicit\nintervalnr 3\n"
                 "\t0.0\t1.0\t2.0\n500.0\t1\t2\t3\n510.0\t4\t5\t6\n")
    ds, meta = read_transient(g)
    assert meta["mode"] == "time explicit"
    np.testing.assert_allclose(ds["delay"].values, [0, 1e-12, 2e-12])
    np.testing.assert_allclose(ds["wavelength"].values, [500e-9, 510e-9])
    np.testing.assert_array_equal(ds["signal"].values, [[1, 4], [2, 5], [3, 6]])
    g.write_text("Header\nx\nTime explicit\nintervalnr 3\n0 1 2\n500 1 2\n")
    with pytest.raises(DataFormatError, match="expected 4"):
        read_glotaran_ascii(g)
    m = tmp_path / "m.SIA"
    m.write_text("Time in ps\t400\t410\n-1\t0.1\t21.47483647\n0.5\t0.2\t0.3\n")
    ds, meta = read_sia_matrix(m)
    # the overflow marker's column (410 nm) is dropped and named, the data left are finite
    assert meta["overflow_markers_set_to_nan"] == 1 and ds["signal"].shape == (2, 1)
    np.testing.assert_allclose(meta["dropped_wavelengths_m"], [410e-9])
    assert "410.0] nm (lines [2])" in meta["warnings"][0]
    np.testing.assert_allclose(ds["delay"].values, [-1e-12, 0.5e-12])
    t = tmp_path / "tr.txt"
    t.write_text("delay (ns)\t100.0\t100.5\n-10\t5\t6\n10\t7\t8\n20\t9\t10\n")
    ds, _ = read_trxps_matrix(t)
    np.testing.assert_allclose(ds["binding_energy"].values, [100.0, 100.5])
    np.testing.assert_allclose(ds["delay"].values, [-1e-8, 1e-8, 2e-8])
    m.write_text("Time in ps\t400\t410\n-1\t0.1\n0.5\t0.2\t0.3\n")
    with pytest.raises(DataFormatError, match="truncated"):
        read_sia_matrix(m)
