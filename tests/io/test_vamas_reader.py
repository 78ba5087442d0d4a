"""VAMAS (ISO 14976) reader: synthetic files written from the standard's layout and real
exports (CasaXPS REGULAR, Prodigy IRREGULAR, Kratos multi-region with leading blank lines)."""

from pathlib import Path

import numpy as np
import pytest

from ncled.errors import DataFormatError
from ncled.io.vamas import block_to_dataset, find_block, read_vamas

DATA = Path(__file__).resolve().parents[1] / "data" / "xps"


def _block(name, scan, values, hv=1486.6, start=1000.0, step=0.5):
    lines = ["blk " + name, "sample", "2024", "1", "2", "3", "4", "5", "0", "1", "a comment",
             "XPS", "0", "Al", str(hv), "1e+037", "1e+037", "1e+037", "45", "0", "FAT", "20",
             "1", "4.5", "0", "1e+037", "1e+037", "0", "0", name.split()[0],
             name.split()[1], "-1"]
    if scan == "REGULAR":
        lines += ["kinetic energy", "eV", str(start), str(step), "1", "counts", "d"]
        vals = [str(v) for v in values]
    else:
        lines += ["2", "Kinetic Energy", "eV", "counts", "d"]
        ke = start + step * np.arange(len(values))
        vals = [str(x) for pair in zip(ke, values, strict=True) for x in pair]
    lines += ["pulse counting", "0.1", "3", "0", "0", "0", "0", "1", "ESCAPE DEPTH TYPE", "d",
              "1", str(len(vals))]
    lines += ["0", "1"] * (1 if scan == "REGULAR" else 2)
    return lines + vals


def _file(blocks, scan="REGULAR", blank=0):
    head = [""] * blank + [
        "VAMAS Surface Chemical Analysis Standard Data Transfer Format 1988 May 4",
        "inst", "model", "op", "exp", "1", "header comment", "NORM", scan, str(len(blocks)),
        "1", "Exp Variable", "d", "0", "0", "0", "0", str(len(blocks))]
    return "\n".join(head + [x for b in blocks for x in b] + ["end of experiment"]) + "\n"


@pytest.mark.parametrize("scan", ["REGULAR", "IRREGULAR"])
def test_synthetic_multiregion(tmp_path, scan):
    y1, y2 = [10.0, 20.0, 30.0, 25.0], [5.0, 6.0, 7.0]
    p = tmp_path / "a.vms"
    p.write_text(_file([_block("Hg 4f", scan, y1), _block("Zn 3d", scan, y2, start=1470.0)],
                       scan, blank=2))
    blocks, meta = read_vamas(p)
    assert meta["scan_mode"] == scan and meta["n_blocks"] == 2
    assert [b.name for b in blocks] == ["Hg 4f", "Zn 3d"]
    np.testing.assert_array_equal(blocks[0].intensity, y1)
    np.testing.assert_allclose(blocks[0].abscissa, 1000 + 0.5 * np.arange(4))
    np.testing.assert_allclose(blocks[1].binding_energy_ev(), 1486.6 - (1470 + 0.5 *
                                                                        np.arange(3)))
    assert blocks[0].comment == ["a comment"] and blocks[0].n_scans == 3
    ds = block_to_dataset(find_block(blocks, "zn3d"))
    assert ds["binding_energy"].attrs["units"] == "eV"
    with pytest.raises(DataFormatError, match=r"regions present.*Hg 4f"):
        find_block(blocks, "O 1s")


def test_truncated_and_foreign_files(tmp_path):
    text = _file([_block("Hg 4f", "REGULAR", [1.0, 2.0, 3.0, 4.0])])
    p = tmp_path / "t.vms"
    p.write_text("\n".join(text.splitlines()[:-3]))
    with pytest.raises(DataFormatError, match=r"truncated.*announces 4 values"):
        read_vamas(p)
    p.write_text("\n".join(text.splitlines()[:20]))
    with pytest.raises(DataFormatError, match="truncated VAMAS file: end of file"):
        read_vamas(p)
    p.write_text("BE,counts\n1,2\n")
    with pytest.raises(DataFormatError, match="not a VAMAS file"):
        read_vamas(p)
    p.write_text(text.replace("\n0.1\n3\n", "\n0.1\nthree\n"))
    with pytest.raises(DataFormatError, match="expected a non-negative integer"):
        read_vamas(p)


def test_real_exports():
    pt, _ = read_vamas(DATA / "pt4f_casaxps.vms")
    assert len(pt) == 1 and pt[0].intensity.size == 562 // 2  # 2 variables x 281 points
    be = pt[0].binding_energy_ev()
    # Pt 4f7/2 of the metal at 71.1 eV (NIST XPS database): the maximum of the region
    assert be[np.argmax(pt[0].intensity)] == pytest.approx(71.1, abs=0.2)
    fe, _ = read_vamas(DATA / "feo_casaxps_irregular.vms")
    assert fe[0].name == "Fe 2p" and fe[0].abscissa.size == 1121
    assert any("CASA comp" in line for line in fe[0].comment)  # the stored CasaXPS fit
    kr, meta = read_vamas(DATA / "kratos_multiregion_0-150W.vms")  # starts with blank lines
    assert [b.name for b in kr] == ["wide", "Ni 2p", "O 1s", "C 1s", "W 4f"]
    assert meta["experiment_mode"] == "NORM"
