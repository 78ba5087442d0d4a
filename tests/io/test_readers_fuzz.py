"""Readers never crash: any byte string parses into finite data or raises ncled's DataFormatError
naming the file.

Property-based (hypothesis): for every reader, mutations of its small sample file in
tests/data/readers (bit flips, truncation, insertion, deletion, overwriting with troublesome
tokens such as ``nan``, ``1e999``, 0xffffffff), arbitrary bytes (optionally behind the format's
own signature) and, for .xlsx, mutations of the XML parts re-zipped into a valid archive.
A foreign exception (struct.error, zlib.error, IndexError, ValueError ...), a raw numpy
RuntimeWarning, a result holding NaN or inf, an error message that does not name the file, or
one example taking over 10 s fails.

The default budget keeps this module at a few seconds. The long run is opt-in:
``NCLED_FUZZ_EXAMPLES=10000 pytest -m fuzz tests/io/test_readers_fuzz.py``; with
``NCLED_FUZZ_REPORT=counts.json`` the counts per reader (examples, ncled errors, parses) are
written there, and ``NCLED_FUZZ_SHARED=../shared/data/public`` adds the real public files.
"""

from __future__ import annotations

import io
import json
import os
import signal
import warnings
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import xarray as xr
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ncled.errors import NcledError
from ncled.io.fet import read_fet
from ncled.io.spectra import read_opus, read_spa, read_spectrum
from ncled.io.tables import read_table
from ncled.io.transient import read_transient, read_trxps_matrix
from ncled.io.vamas import block_to_dataset, read_vamas
from ncled.io.xps_text import read_xps_text

pytestmark = pytest.mark.fuzz

DATA = Path(__file__).resolve().parents[1] / "data"
# default: enough to reach the guarded paths of each reader in about 0.5 s per test
EXAMPLES = int(os.environ.get("NCLED_FUZZ_EXAMPLES", "40"))
COUNTS: dict[str, Counter] = {}


def _vamas(path: Path) -> list[xr.Dataset]:
    blocks, _ = read_vamas(path)
    return [block_to_dataset(b) for b in blocks if "binding" in b.abscissa_label.lower()
            or np.isfinite(b.photon_energy_ev)] + [
        xr.Dataset({"abscissa": ("p", b.abscissa)}) for b in blocks] + [
        xr.Dataset({k: ("p", v) for k, v in b.variables.items()}) for b in blocks]


#: reader name -> (sample file, function returning the datasets to check)
READERS: dict[str, tuple[str, Callable[[Path], Any]]] = {
    "table-csv": ("readers/led_sweep.csv", read_table),
    "table-xlsx": ("readers/led_sweep.xlsx", read_table),
    "table-xls": ("readers/led_sweep.xls", read_table),
    "fet-text": ("readers/fet_transfer.txt", read_fet),
    "fet-xls": ("readers/fet_keithley.xls", read_fet),
    "spectrum-text": ("readers/el_spectrum.csv", read_spectrum),
    "omnic-spa": ("readers/ftir.spa", read_spa),
    "bruker-opus": ("readers/ftir_opus.0", read_opus),
    "vamas": ("xps/pt4f_casaxps.vms", _vamas),
    "xps-text": ("xps/au4f_clean_hv180.csv", read_xps_text),
    "transient-glotaran": ("readers/ta_glotaran.ascii", read_transient),
    "transient-matrix": ("readers/ta_matrix.SIA", read_transient),
    "trxps-matrix": ("readers/trxps_matrix.txt", read_trxps_matrix),
}

#: opt-in: NCLED_FUZZ_SHARED=<folder of the public files> adds mutations of the real files
#: (../shared/data/public; not shipped, so never part of the default run)
_SHARED_FILES = {
    "ftir/spectre.SPA": read_spa, "ftir/7_CZ0-100_Pd_101.SPA": read_spa,
    "ftir/brukeropus_file.0": read_opus, "ftir/test.0000": read_opus,
    "fet/gfet_transfer_keithley4200.xls": read_fet,
    "xps/kratos_multiregion_0-150W.vms": _vamas, "xps/feo_casaxps_irregular.vms": _vamas,
    "xps/prodigy_survey_regular.vms": _vamas, "xps/irregular.vms": _vamas,
    "xps/c1s_sample.csv": read_xps_text,
    "xps/au4f_highres_hv180.csv": lambda p: read_xps_text(p, scale="kinetic"),
}
if os.environ.get("NCLED_FUZZ_SHARED"):
    for _rel, _reader in _SHARED_FILES.items():
        _src = Path(os.environ["NCLED_FUZZ_SHARED"]) / _rel
        if _src.is_file():
            READERS[f"shared-{Path(_rel).name}"] = (str(_src), _reader)

_TOKENS = [b"nan", b"inf", b"-inf", b"1e999", b"-1", b"0", b"1e37", b"99999999999", b"\x00",
           b'"', b",", b"\t", b"\n", b"\r", b"\xff\xfe", b"\xff\xff\xff\xff", b"\xff\xff\xff\x7f",
           b"\x00\x00\xc0\x7f", b"\x00\x00\x80\x7f", b"END\x00", b"<", b"&", b"Time explicit",
           b"REGULAR", b"IRREGULAR"]


@st.composite
def _mutations(draw: st.DrawFn, blob: bytes) -> bytes:
    data = bytearray(blob)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["flip", "truncate", "insert", "delete", "token"]))
        n = len(data)
        i = draw(st.integers(0, max(n - 1, 0)))
        if op == "flip" and n:
            data[i] ^= 1 << draw(st.integers(0, 7))
        elif op == "truncate":
            del data[i:]
        elif op == "insert":
            data[i:i] = draw(st.binary(min_size=1, max_size=32))
        elif op == "delete":
            del data[i:i + draw(st.integers(1, 64))]
        else:
            tok = draw(st.sampled_from(_TOKENS))
            data[i:i + (len(tok) if draw(st.booleans()) else 0)] = tok
    return bytes(data)


@st.composite
def _arbitrary(draw: st.DrawFn, blob: bytes) -> bytes:
    head = blob[:draw(st.sampled_from([0, 4, 18, 64, 320]))]
    return head + draw(st.binary(max_size=600))


@st.composite
def _xlsx_parts(draw: st.DrawFn, blob: bytes) -> bytes:
    """A valid zip whose worksheet or shared-strings XML is mutated (reaches the XML parser)."""
    src = zipfile.ZipFile(io.BytesIO(blob))
    names = src.namelist()
    target = draw(st.sampled_from([n for n in names if n.startswith("xl/")]))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for n in names:
            part = src.read(n)
            z.writestr(n, draw(_mutations(part)) if n == target else part)
    return out.getvalue()


def _check_finite(result: Any, name: str) -> None:
    parts = result if isinstance(result, list) else [result[0]]
    for ds in parts:
        for var in list(ds.data_vars.values()) + list(ds.coords.values()):
            if not np.issubdtype(var.dtype, np.number):
                continue
            if name.startswith("fet") and var.name == "gate_current" and \
                    np.isnan(var.values).all() and "gate_current" not in result[1]["columns"]:
                continue  # documented: not measured, so NaN throughout (nothing was read)
            assert np.all(np.isfinite(var.values)), f"{name}: {var.name} holds NaN/inf"


class _Timeout(Exception):
    pass


def _alarm(signum, frame):  # pragma: no cover - only when a reader hangs
    raise _Timeout("a reader took over 10 s on one example")


def _run(name: str, path: Path, blob: bytes, kind: str) -> None:
    path.write_bytes(blob)
    reader = READERS[name][1]
    counts = COUNTS.setdefault(f"{name} ({kind})", Counter())
    counts["examples"] += 1
    old = signal.signal(signal.SIGALRM, _alarm) if hasattr(signal, "SIGALRM") else None
    if old is not None:
        signal.alarm(10)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", RuntimeWarning)  # no raw numpy warning may escape
            result = reader(path)
    except NcledError as exc:
        counts["ncled_errors"] += 1
        assert str(path) in str(exc), f"{name}: the message does not name the file: {exc}"
        return
    except Exception:
        counts["foreign_exceptions"] += 1
        raise
    finally:
        if old is not None:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, old)
    counts["parses"] += 1
    _check_finite(result, name)


@pytest.fixture(scope="module")
def fuzz_dir(tmp_path_factory):
    yield tmp_path_factory.mktemp("fuzz")
    report = os.environ.get("NCLED_FUZZ_REPORT")
    if report:
        Path(report).write_text(json.dumps({k: dict(v) for k, v in sorted(COUNTS.items())},
                                           indent=1))


_SETTINGS = settings(max_examples=EXAMPLES, deadline=None, database=None,
                     suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                            HealthCheck.function_scoped_fixture])


@pytest.mark.parametrize("name", sorted(READERS))
@_SETTINGS
@given(data=st.data())
def test_mutated_sample_parses_or_raises_ncled_error(fuzz_dir, name, data):
    sample, _ = READERS[name]
    blob = (DATA / sample).read_bytes()
    _run(name, fuzz_dir / Path(sample).name, data.draw(_mutations(blob), label="file"),
         "mutations")


@pytest.mark.parametrize("name", sorted(READERS))
@settings(_SETTINGS, max_examples=max(EXAMPLES // 10, 10))
@given(data=st.data())
def test_arbitrary_bytes_parse_or_raise_ncled_error(fuzz_dir, name, data):
    sample, _ = READERS[name]
    blob = (DATA / sample).read_bytes()
    _run(name, fuzz_dir / Path(sample).name, data.draw(_arbitrary(blob), label="file"),
         "arbitrary bytes")


@_SETTINGS
@given(data=st.data())
def test_xlsx_with_mutated_xml_parts(fuzz_dir, data):
    blob = (DATA / "readers/led_sweep.xlsx").read_bytes()
    _run("table-xlsx", fuzz_dir / "parts.xlsx", data.draw(_xlsx_parts(blob), label="file"),
         "mutated XML parts")


@pytest.mark.parametrize("name", sorted(READERS))
def test_samples_parse_unmutated(name):
    """The samples themselves parse into finite data (else the mutations test only errors)."""
    sample, reader = READERS[name]
    _check_finite(reader(DATA / sample), name)
