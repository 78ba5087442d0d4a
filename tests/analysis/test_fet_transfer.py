"""FET transfer-curve analysis against the linear-regime MOSFET law."""

import numpy as np
import pytest

from ncled.analysis.fet import (
    analyze_transfer,
    composition_table,
    oxide_capacitance,
    split_sweeps,
    transconductance_mobility,
)
from ncled.constants import eps0
from ncled.errors import ConfigError

L, W, VDS = 15e-6, 50e-6, 0.1
C = oxide_capacitance(85e-9, 3.9)


def _ambipolar(vg, vnp, mu_e, mu_h, v0=0.5):
    """Linear-regime current with a smooth minimum: I = (W/L) C Vds mu sqrt((Vg-Vnp)^2 + v0^2);
    far from Vnp dI/dVg -> (W/L) C Vds mu exactly, so the mobility is recovered."""
    mu = np.where(vg > vnp, mu_e, mu_h)
    return W / L * C * VDS * mu * np.sqrt((vg - vnp) ** 2 + v0 ** 2)


def test_oxide_capacitance_and_mobility_formula():
    assert C == pytest.approx(eps0 * 3.9 / 85e-9)  # 40.6 nF/cm^2
    assert C * 1e5 == pytest.approx(40.6, abs=0.05)
    gm = W / L * C * VDS * 0.02
    assert transconductance_mobility(gm, L, W, C, VDS) == pytest.approx(0.02)
    with pytest.raises(ConfigError, match="thickness"):
        oxide_capacitance(0.0)


def test_ambipolar_sweep_recovers_mobilities_and_neutrality_point():
    vg = np.linspace(-30, 30, 241)
    i = _ambipolar(vg, 4.0, 2e-2, 1e-2)
    a = analyze_transfer(vg, i, length_m=L, width_m=W, capacitance_f_m2=C, drain_voltage_v=VDS)
    s = a.sweeps[0]
    # the 3-point vertex of an asymmetric (mu_e = 2 mu_h) minimum is biased by < half a step
    assert s.neutrality_voltage_v == pytest.approx(4.0, abs=0.125)
    # 26 V from the minimum the slope is within (1 - v0^2/2/26^2) ~ 2e-4 of its limit
    assert s.electron_mobility_m2_vs == pytest.approx(2e-2, rel=1e-3)
    assert s.hole_mobility_m2_vs == pytest.approx(1e-2, rel=1e-3)
    assert a.mobility_ratio == pytest.approx(2.0, rel=2e-3)
    assert s.on_off_ratio == pytest.approx(i.max() / i.min(), rel=1e-12)


def test_hysteresis_and_leakage():
    fwd = np.linspace(-20, 20, 161)
    vg = np.concatenate([fwd, fwd[::-1][1:]])
    i = np.concatenate([_ambipolar(fwd, 2.0, 1e-2, 1e-2), _ambipolar(fwd[::-1][1:], 5.0, 1e-2,
                                                                      1e-2)])
    assert [len(x) for x in split_sweeps(vg)] == [161, 161]
    ig = 0.3 * i  # 30 % leakage
    a = analyze_transfer(vg, i, length_m=L, width_m=W, capacitance_f_m2=C, drain_voltage_v=VDS,
                         gate_current=ig)
    assert [s.direction for s in a.sweeps] == ["forward", "backward"]
    assert a.hysteresis_v == pytest.approx(3.0, abs=0.02)
    assert not a.sweeps[0].leakage_ok and a.sweeps[0].max_gate_leakage_ratio == pytest.approx(0.3)
    assert any("leakage" in w for w in a.warnings)
    table = composition_table({0.5: a, 1.0: analyze_transfer(
        fwd, _ambipolar(fwd, -1.0, 3e-2, 1e-2), length_m=L, width_m=W, capacitance_f_m2=C,
        drain_voltage_v=VDS)})
    assert table["mobility_ratio"].sel(composition=1.0) == pytest.approx(3.0, rel=3e-3)
    assert table["neutrality_voltage"].attrs["units"] == "V"


def test_unipolar_and_bad_input():
    vg = np.linspace(0, 30, 61)
    a = analyze_transfer(vg, 1e-6 * vg + 1e-9, length_m=L, width_m=W, capacitance_f_m2=C,
                         drain_voltage_v=VDS)
    assert np.isnan(a.sweeps[0].hole_mobility_m2_vs)
    assert any("branch is missing" in w for w in a.warnings)
    with pytest.raises(ConfigError, match="drain voltage"):
        analyze_transfer(vg, vg, length_m=L, width_m=W, capacitance_f_m2=C, drain_voltage_v=0)
    with pytest.raises(ConfigError, match="length"):
        analyze_transfer(vg, vg, length_m=-1, width_m=W, capacitance_f_m2=C, drain_voltage_v=1)
