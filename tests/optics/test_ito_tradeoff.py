"""The ITO thickness trade-off against the reference paper and analytic limits."""

import json

import numpy as np
import pytest

from ncled.cli.main import main
from ncled.device.config import load_device
from ncled.device.ito_tradeoff import ito_tradeoff, ito_tradeoff_for_device
from ncled.errors import ConfigError
from ncled.materials import get_material


def test_reference_substrate_matches_paper():
    # Qu et al. 2022: 180 nm ITO (7 ohm/sq) transmits < 15 % at 2 um, 35 nm about 70 %.
    ds = ito_tradeoff_for_device(load_device("reference"), np.array([35e-9, 180e-9]))
    t35, t180 = ds["T_substrate"].values
    assert t180 < 0.15
    # "about 70 %": Drude with mu = 35 cm^2/Vs (N = 1.42e21 cm^-3 from 7 ohm/sq x 180 nm) gives
    # 0.60; the paper gives neither N nor mu, and mu = 50 (N = 1e21) gives 0.71 -> allow +/- 0.12
    assert t35 == pytest.approx(0.70, abs=0.12)
    # thinning keeps rho: R_s(180 nm) is the input 7 ohm/sq, and R(35)/R(180) = 180/35 exactly
    rs35, rs180 = ds["sheet_resistance"].values
    assert rs180 == pytest.approx(7.0, rel=1e-12)
    assert rs35 / rs180 == pytest.approx(180 / 35, rel=1e-12)
    assert ds["strip_resistance"].values[1] == pytest.approx(7.0 * 7e-3 / 1e-3, rel=1e-12)


def test_parameters_md_values():
    # parameters.md [D]: N = 1e21 cm^-3, mu = 35 -> T = 0.76 (35 nm), 0.11 (180 nm) for
    # air/ITO/glass; our value also counts the 1 mm glass absorption (k = 5e-6: ~3 %) and its
    # back surface, which the quoted estimate leaves out -> tolerance 0.06
    ds = ito_tradeoff([35e-9, 180e-9], ito_params={"carrier_density_cm3": 1e21,
                                                   "mobility_cm2_vs": 35})
    np.testing.assert_allclose(ds["T_substrate"].values, [0.76, 0.11], atol=0.06)


def test_vanishing_ito_gives_bare_glass():
    # t -> 0: the incoherent closed form of a bare absorbing slab
    ds = ito_tradeoff([1e-13])
    ng = get_material("soda-lime-glass").nk(np.array([2e-6]))[0]
    r = abs((1 - ng) / (1 + ng)) ** 2
    p = np.exp(-4 * np.pi * ng.imag * 1e-3 / 2e-6)
    assert ds["T_substrate"].values[0] == pytest.approx((1 - r) ** 2 * p / (1 - r**2 * p**2),
                                                       abs=1e-6)  # 1e-6: ITO of 1e-13 m left


def test_energy_and_monotonic():
    ds = ito_tradeoff(np.linspace(10e-9, 250e-9, 13))
    t = ds["T_substrate"].values
    assert np.all(np.diff(t) < 0)  # a thicker Drude film transmits less at 2 um
    assert np.all(ds["R_substrate"] + t + ds["A_ito"] <= 1 + 1e-12)


def test_bad_input():
    with pytest.raises(ConfigError, match="positive"):
        ito_tradeoff([-35e-9])
    with pytest.raises(ConfigError, match="strip_width"):
        ito_tradeoff([35e-9], strip_width_m=0.0)


def test_cli_ito_tradeoff(tmp_path, capsys):
    out = tmp_path / "ito"
    assert main(["optics", "ito-tradeoff", "--thickness", "35,180", "-o", str(out), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert [r["thickness_nm"] for r in payload["rows"]] == pytest.approx([35, 180])
    for name in ("ito_tradeoff.json", "ito_tradeoff.csv", "ito_tradeoff.png"):
        assert (out / name).stat().st_size > 0
    assert main(["optics", "ito-tradeoff", "--thickness", "-5", "-o", str(out)]) == 2
