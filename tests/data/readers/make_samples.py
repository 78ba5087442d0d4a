"""Regenerate the small synthetic sample files of this folder (one per reader and format).

Run from the repository root: ``python tests/data/readers/make_samples.py``. The ``.xls`` files
need ``xlwt`` and the ``.xlsx`` file ``openpyxl`` (writers used only here; the readers under test
do not use them). The binary spectra follow the layouts described in ``ncled.io.spectra``.
The numbers are made up (a diode-like LED sweep, a Gaussian band, a two-exponential decay): these
files test parsing, not physics.
"""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent


def led_rows() -> list[tuple[float, float, float]]:
    v = np.round(np.linspace(0.0, 2.0, 11), 3)
    i_ma = np.round(1e-3 * np.expm1(v / 0.1), 6)
    return [(float(a), float(b), float(round(0.05 * b, 6))) for a, b in zip(v, i_ma, strict=True)]


def fet_rows() -> list[tuple[float, float, float]]:
    vg = np.linspace(-10.0, 10.0, 11)
    return [(float(v), float(1e-6 * (1 + 0.05 * v * v)), 1e-10) for v in vg]


def write_text_samples() -> None:
    rows = "\n".join(f"{v},{i},{p}" for v, i, p in led_rows())
    (HERE / "led_sweep.csv").write_text("# synthetic LED sweep\nVoltage (V),Current (mA),"
                                        f"Photocurrent (uA)\n{rows}\n")
    rows = "\n".join(f"{v:g}\t{i:.6g}\t{g:g}" for v, i, g in fet_rows())
    (HERE / "fet_transfer.txt").write_text(f"Vg (V)\tId (A)\tIg (A)\n{rows}\n")
    wl = np.arange(1500, 2301, 50)
    el = np.round(1000 * np.exp(-0.5 * ((wl - 1900) / 120) ** 2), 2)
    (HERE / "el_spectrum.csv").write_text("wavelength (nm),EL (counts)\n" + "\n".join(
        f"{a},{b}" for a, b in zip(wl, el, strict=True)) + "\n")
    t = [-1.0, 0.0, 0.5, 1.0, 2.0, 5.0, 10.0]
    lam = [500.0, 520.0, 540.0, 560.0]
    sig = [[round(np.exp(-max(x, 0) / 3) * (k + 1) * 1e-3 * (x >= 0), 6) for k in range(4)]
           for x in t]
    body = "\n".join(f"{w}\t" + "\t".join(str(sig[j][k]) for j in range(len(t)))
                     for k, w in enumerate(lam))
    (HERE / "ta_glotaran.ascii").write_text(
        "synthetic transient absorption\n\nTime explicit\nintervalnr 7\n\t"
        + "\t".join(str(x) for x in t) + "\n" + body + "\n")
    (HERE / "ta_matrix.SIA").write_text(
        "Time in ps\t" + "\t".join(str(w) for w in lam) + "\n" + "\n".join(
            f"{x}\t" + "\t".join(str(v) for v in sig[j]) for j, x in enumerate(t)) + "\n")
    (HERE / "trxps_matrix.txt").write_text(
        "delay (ns)\t84.0\t84.5\t85.0\n" + "\n".join(
            f"{d}\t{100 + d}\t{150 + d}\t{120 + d}" for d in (-10, 0, 10, 20)) + "\n")


def spa_bytes(y, first: float, last: float) -> bytes:
    """A minimal OMNIC file: key table with the spectrum header (key 2) and data (key 3)."""
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
    return bytes(head + rec + hdr) + np.asarray(y, "<f4").tobytes()


def opus_bytes(y, npt: int, fxv: float, lxv: float) -> bytes:
    """A minimal OPUS file: an absorbance data block (``len(y)`` values, of which the first
    ``npt`` are the spectrum) and its data-status parameter block."""
    def param(name, kind, value):
        if kind == 0:
            return name.encode() + b"\0" + struct.pack("<2hi", 0, 2, value)
        if kind == 1:
            return name.encode() + b"\0" + struct.pack("<2hd", 1, 4, value)
        return name.encode() + b"\0" + struct.pack("<2h", 2, 2) + value.encode().ljust(4, b"\0")
    status = (param("NPT", 0, npt) + param("FXV", 1, fxv) + param("LXV", 1, lxv)
              + param("CSF", 1, 1.0) + param("DXU", 2, "WN") + b"END\0" + bytes(4))
    kind_a = 1 | (4 << 10)  # real, absorbance
    blocks = [(kind_a | (1 << 4), status), (kind_a, np.asarray(y, "<f4").tobytes())]
    dir_start = 24
    off = dir_start + 12 * len(blocks)
    directory, body = b"", b""
    for code, blob in blocks:
        directory += struct.pack("<3i", code, len(blob) // 4, off + len(body))
        body += blob
    head = b"\n\n\xfe\xfe" + struct.pack("<d3i", 920622.0, dir_start, 10, len(blocks))
    return head + directory + body


def write_spa() -> None:
    y = np.round(np.exp(-0.5 * ((np.arange(32) - 16) / 4) ** 2), 4)
    (HERE / "ftir.spa").write_bytes(spa_bytes(y, 4000.0, 400.0))


def write_opus() -> None:
    y = np.round(np.exp(-0.5 * ((np.arange(25) - 12) / 3) ** 2), 4)  # NPT = 24: one extra value
    (HERE / "ftir_opus.0").write_bytes(opus_bytes(y, 24, 4000.0, 400.0))


def _sheet(book, name: str, rows: list[list]) -> None:
    sheet = book.add_sheet(name)
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            sheet.write(i, j, v)


def write_workbooks() -> None:
    import openpyxl
    import xlwt

    led = [["Voltage (V)", "Current (mA)", "Photocurrent (uA)"], *map(list, led_rows())]
    wb = openpyxl.Workbook()
    for r in led:
        wb.active.append(r)
    wb.save(HERE / "led_sweep.xlsx")
    book = xlwt.Workbook()
    _sheet(book, "Sheet1", led)
    book.save(str(HERE / "led_sweep.xls"))
    book = xlwt.Workbook()  # the Keithley 4200 layout: Data and Settings sheets
    _sheet(book, "Data", [["GateV", "DrainI", "GateI"], *map(list, fet_rows())])
    _sheet(book, "Settings", [["Name", "GateV", "DrainV"], ["Start/Level", -10.0, 0.1]])
    book.save(str(HERE / "fet_keithley.xls"))


if __name__ == "__main__":
    write_text_samples()
    write_spa()
    write_opus()
    write_workbooks()
