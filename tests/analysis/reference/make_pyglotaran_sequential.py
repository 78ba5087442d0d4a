"""Make the pyglotaran reference of the sequential three-species fit (issue 13 acceptance).

pyglotaran 0.7.5 pins an older numpy than the test venv's, so it runs in its own venv:

    python3.11 -m venv /tmp/glotaran-venv && /tmp/glotaran-venv/bin/pip install pyglotaran==0.7.5
    /tmp/glotaran-venv/bin/python tests/analysis/reference/make_pyglotaran_sequential.py \
        ../shared/data/public/transient/hippius_jpcc2007_ta.ascii

It writes ``pyglotaran_sequential_hippius.json`` beside this script: the fitted rates, IRF and
dispersion with pyglotaran's standard errors (only numbers; the data set itself, Hippius et al.,
J. Phys. Chem. C 111, 13988 (2007), from glotaran/pyglotaran-examples, is not copied).
The settings are those of ``test_target_analysis_peer.py``: sequential A -> B -> C -> ground with
the last rate fixed at 0.001 /ps, Gaussian IRF with a second-order dispersion of its centre
about 550 nm, delays -1..500 ps, wavelengths 400..820 nm without the 515..545 nm pump-scatter
band, adjacent wavelengths binned by 2.
"""

import json
import sys
import tempfile
from pathlib import Path

import numpy as np
import xarray as xr
from glotaran import __version__ as glotaran_version
from glotaran.io import load_dataset, load_model, load_parameters
from glotaran.optimization.optimize import optimize
from glotaran.project.scheme import Scheme

MODEL = """
default_megacomplex: decay-sequential
dataset:
  dataset1:
    megacomplex: [mc1]
    irf: irf1
megacomplex:
  mc1:
    type: decay-sequential
    compartments: [s1, s2, s3]
    rates: [rates.k1, rates.k2, rates.k3]
irf:
  irf1:
    type: spectral-gaussian
    center: irf.center
    width: irf.width
    dispersion_center: irf.dispc
    center_dispersion_coefficients: [irf.disp1, irf.disp2]
"""
PARAMETERS = """
rates:
  - [k1, 0.1]
  - [k2, 0.03]
  - [k3, 0.001, {vary: false}]
irf:
  - [center, 0.3]
  - [width, 0.064]
  - [dispc, 550, {vary: false}]
  - [disp1, 0.0]
  - [disp2, 0.0]
"""


def main(path: str) -> None:
    data = load_dataset(path)
    data = data.sel(time=slice(-1.0, 500.0), spectral=slice(400.0, 820.0))
    band = (data.spectral >= 515.0) & (data.spectral <= 545.0)
    data = data.sel(spectral=data.spectral[~band])
    n = data.sizes["spectral"] // 2 * 2
    data = data.isel(spectral=slice(0, n)).coarsen(spectral=2).mean()
    data = xr.Dataset({"data": data.data})
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "model.yml").write_text(MODEL)
        (Path(tmp) / "parameters.yml").write_text(PARAMETERS)
        model = load_model(Path(tmp) / "model.yml")
        parameters = load_parameters(Path(tmp) / "parameters.yml")
    result = optimize(Scheme(model, parameters, {"dataset1": data},
                             maximum_number_function_evaluations=200))
    p = result.optimized_parameters

    def get(label):
        par = p.get(label)
        return {"value": float(par.value), "stderr": float(par.standard_error)}

    out = {
        "glotaran_version": glotaran_version, "numpy_version": np.__version__,
        "units": {"rates": "1/ps", "irf": "ps", "dispersion": "ps per (100 nm)^i"},
        "selection": {"delay_ps": [-1.0, 500.0], "wavelength_nm": [400.0, 820.0],
                      "exclude_nm": [[515.0, 545.0]], "bin_wavelengths": 2},
        "shape": [int(data.sizes["time"]), int(data.sizes["spectral"])],
        "success": bool(result.success), "chi_square": float(result.chi_square),
        "rates": {k: get(f"rates.{k}") for k in ("k1", "k2", "k3")},
        "irf_center": get("irf.center"), "irf_width_sigma": get("irf.width"),
        "dispersion": [get("irf.disp1"), get("irf.disp2")],
    }
    dest = Path(__file__).with_name("pyglotaran_sequential_hippius.json")
    dest.write_text(json.dumps(out, indent=1) + "\n")
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main(sys.argv[1])
