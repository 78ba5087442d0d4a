"""Study files: parameter paths, validation with every problem at once, designs."""

from __future__ import annotations

import numpy as np
import pytest

from ncled.device.config import load_device
from ncled.errors import ConfigError
from ncled.studies import apply_parameters, study_from_dict, valid_paths
from ncled.studies.paths import current_value


def _study(**over):
    data = {"device": "reference", "mode": "optics",
            "parameters": [{"path": "layers.ITO.thickness", "values": ["35 nm", "50 nm"]}]}
    data.update(over)
    return study_from_dict(data)


def test_unknown_path_suggests_the_nearest_valid_ones():
    with pytest.raises(ConfigError, match=r"did you mean layers\.ITO\.thickness"):
        _study(parameters=[{"path": "layers.ITO.thicknes", "values": ["35 nm"]}])


def test_every_problem_is_reported_at_once():
    with pytest.raises(ConfigError) as info:
        _study(design="grdi", parameters=[
            {"path": "layers.ITO.thickness", "range": ["50 nm", "20 nm"], "steps": 3},
            {"path": "layers.ZnO.thickness", "values": [100]},
            {"path": "nanocrystal.pl_peek", "values": ["2 um"]},
        ])
    msgs = info.value.problems
    # one message per problem: the design, the empty range, the bare length, the unknown path
    assert len(msgs) == 4, msgs
    assert any("empty range" in m for m in msgs)
    assert any("needs a unit" in m for m in msgs)
    assert any("nanocrystal.pl_peak" in m for m in msgs)


def test_value_outside_the_domain_is_an_input_error_found_up_front():
    with pytest.raises(ConfigError, match=r"HgTe fraction must be in \(0, 1\)"):
        _study(parameters=[{"path": "emitter.hgte_fraction", "values": [0.5, 1.0]}])


def test_grid_zip_and_seeded_latin_hypercube():
    two = [{"path": "layers.ITO.thickness", "range": ["20 nm", "40 nm"], "steps": 3},
           {"path": "drive.ambient", "values": ["20C", "30C", "40C"]}]
    grid = _study(parameters=two)
    assert grid.points.shape == (9, 2)  # product of 3 x 3
    zipped = _study(design="zip", parameters=two)
    np.testing.assert_allclose(zipped.points[:, 0], [20e-9, 30e-9, 40e-9], rtol=1e-12)
    np.testing.assert_allclose(zipped.points[:, 1], [293.15, 303.15, 313.15], rtol=1e-12)
    lhs = [{"path": "layers.ITO.thickness", "range": ["10 nm", "110 nm"]},
           {"path": "layers.ZnO.electrical.mu_n_cm2", "range": [1e-4, 1e-2],
            "distribution": "loguniform"}]
    a = _study(design="lhs", samples=10, seed=3, parameters=lhs)
    b = _study(design="lhs", samples=10, seed=3, parameters=lhs)
    np.testing.assert_array_equal(a.points, b.points)  # seeded: reproducible
    assert a.hash() == b.hash()
    # Latin hypercube: exactly one sample in each of the 10 strata of each parameter
    strata_t = np.floor((a.points[:, 0] - 10e-9) / 10e-9)
    strata_mu = np.floor(np.log10(a.points[:, 1] / 1e-4) / 0.2)
    assert sorted(strata_t) == list(range(10))
    assert sorted(strata_mu) == list(range(10))


def test_paths_set_the_device_file_values():
    dev = load_device("reference")
    paths = valid_paths(dev)
    assert {"layers.ITO.thickness", "nanocrystal.pl_peak", "drive.temperature",
            "layers.ZnO.electrical.mu_n_cm2", "emitter.mixture_fraction"} <= set(paths)
    new = apply_parameters(dev, {"layers.ITO.thickness": 80e-9, "emitter.hgte_fraction": 0.3,
                                 "drive.ambient": 310.0,
                                 "layers.PbS.electrical.mu_p_cm2": 2e-3})
    assert new.layer("ITO").thickness == 80e-9
    mix = new.layer("ZnO:HgTe").mixture
    assert mix["HgTe-NC-film"] == 0.3 and abs(sum(mix.values()) - 1) < 1e-15
    assert new.drive.temperature == 310.0
    assert new.layer("PbS").electrical["mu_p_cm2"] == 2e-3
    assert dev.layer("ITO").thickness == 35e-9  # the base device is left as it was
    assert current_value(new, "emitter.hgte_fraction") == 0.3
