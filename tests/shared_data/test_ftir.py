"""The public FTIR files (OMNIC .SPA, Bruker OPUS) read with the right number of points and axis.

Point counts and axis ends are those in the files' own headers (OMNIC spectrum header; OPUS data
status NPT/FXV/LXV), cross-checked against brukeropus (J. Duran, MIT) where it is installed.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from ncled.cli.main import main
from ncled.io.spectra import read_spectrum

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "public"
FTIR = DATA / "ftir"

pytestmark = [
    pytest.mark.shared_data,
    pytest.mark.skipif(not DATA.exists(), reason="../shared/data/public is absent (public "
                       "measurement files are not shipped)"),
]

# file: (block, points, first and last wavenumber [cm^-1] as float32/float64 in the header)
EXPECTED = {
    "7_CZ0-100_Pd_101.SPA": (None, 5549, 5999.71337890625, 649.9207153320312),
    "spectre.SPA": (None, 3734, 3999.7060546875, 400.1634521484375),
    "brukeropus_file.0": ("a", 4927, 9997.720922928467, 499.4039959572754),
    "test.0000": ("a", 2567, 3998.3449384537757, 699.3889538645833),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_ftir_points_and_axis(name):
    block, n, first, last = EXPECTED[name]
    ds, meta = read_spectrum(FTIR / name)
    assert meta["points"] == n and ds.sizes["wavenumber"] == n
    assert meta.get("block") == block
    # float32 header values are exact; the axis is linspace(first, last, n) in m^-1
    assert ds.wavenumber.values[0] == pytest.approx(first * 100, rel=1e-12)
    assert ds.wavenumber.values[-1] == pytest.approx(last * 100, rel=1e-12)
    assert np.all(np.isfinite(ds.intensity.values))


@pytest.mark.parametrize("name", ["brukeropus_file.0", "test.0000"])
def test_opus_blocks_match_brukeropus(name):
    brukeropus = pytest.importorskip("brukeropus")
    ref = brukeropus.read_opus(str(FTIR / name))
    for key in ("a", "sm", "rf"):
        ds, meta = read_spectrum(FTIR / name, block=key)
        data = getattr(ref, key)
        assert meta["points"] == len(data.y)
        np.testing.assert_allclose(ds.intensity.values, data.y, rtol=1e-6)  # same float32 data
        np.testing.assert_allclose(ds.wavenumber.values / 100, data.x, rtol=1e-12)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_cli_spectrum_on_public_files(name, tmp_path):
    assert main(["analyze", "spectrum", str(FTIR / name), "-o", str(tmp_path)]) == 0
    assert (tmp_path / "spectrum_summary.json").exists()
