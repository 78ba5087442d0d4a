"""The pixel's thermal network, pulsed drive and the electro-thermal power budget.

Analytic cases: a chain of resistors in steady state, one RC node switched on, the averaging limit
of short pulses and the continuous limit of a duty cycle of 1.
"""

from __future__ import annotations

import numpy as np
import pytest

from ncled.device.config import load_device
from ncled.device.electrothermal import device_network, response_matrix
from ncled.device.heating import (
    ThermalNetwork,
    disc_spreading_resistance,
    heat_to_ambient,
    periodic_pulse_rise,
    steady_rise,
    transient_rise,
)
from ncled.device.lab import Pulse
from ncled.errors import ConfigError


def _chain(r1=500.0, r2=200.0, c1=1e-3, c2=0.4):
    """pixel --r1-- substrate --r2-- room."""
    g = np.array([[0.0, 1 / r1], [1 / r1, 0.0]])
    return ThermalNetwork(("pixel", "substrate"), g, np.array([0.0, 1 / r2]), np.array([c1, c2]))


def test_resistor_chain_steady_state():
    net = _chain()
    x = steady_rise(net, [1e-2, 0.0])
    # series resistances: pixel rise P (R1 + R2), substrate rise P R2 (exact to round-off)
    assert x == pytest.approx([1e-2 * 700.0, 1e-2 * 200.0], rel=1e-12)
    # all the heat leaves through the room conductance
    assert heat_to_ambient(net, x) == pytest.approx(1e-2, rel=1e-12)


def test_single_rc_switch_on():
    net = ThermalNetwork(("pixel",), np.zeros((1, 1)), np.array([1 / 300.0]), np.array([2e-3]))
    t = np.array([0.0, 0.6, 1.8, 6.0])
    x = transient_rise(net, [0.01], t)[:, 0]
    # x(t) = P R (1 - exp(-t / RC)), RC = 0.6 s (matrix exponential vs closed form, round-off)
    assert x == pytest.approx(3.0 * (1 - np.exp(-t / 0.6)), abs=1e-12)


def test_pulse_train_limits():
    net = _chain()
    p = np.array([1e-2, 0.0])
    x_cw = steady_rise(net, p)
    # duty cycle -> 1: the periodic peak tends to the continuous rise (exactly 1 at duty 1)
    peaks = [periodic_pulse_rise(net, p, 1e-2, d)[0][0] for d in (0.5, 0.9, 0.99, 1.0)]
    assert np.all(np.diff(peaks) > 0)
    assert peaks[-1] == pytest.approx(x_cw[0], rel=1e-10)
    assert abs(peaks[-2] - x_cw[0]) < 0.02 * x_cw[0]  # 1 % off-time: within 2 %
    # pulses much shorter than every time constant (0.35 s and 280 s here): the network sees
    # the mean power, so the peak is the duty cycle times the continuous rise (to ~ t_on/tau)
    peak, trough = periodic_pulse_rise(net, p, 1e-5, 0.1)
    assert peak[0] == pytest.approx(0.1 * x_cw[0], rel=2e-3)
    assert trough[0] < peak[0]
    with pytest.raises(ConfigError, match="duty cycle in"):
        periodic_pulse_rise(net, p, 1e-3, 1.5)


def test_reference_network_and_response_matrix():
    dev = load_device("reference")
    net = device_network(dev)
    z = response_matrix(net)
    # the pixel's own heat: at least the spreading resistance of the pixel into the glass
    # (1 / (pi k a) = 564 K/W) plus the substrate's path to the room, in series
    r_spread = float(disc_spreading_resistance(dev.pixel_area))
    r_room = 1.0 / net.to_ambient[2]
    assert r_spread < z[0, 0] < r_spread + r_room
    # reciprocity of a passive network: the pixel heats the strip as the strip heats the pixel
    assert z[0, 1] == pytest.approx(z[1, 0], rel=1e-10)
    # a 1 W strip heats the pixel less than a 1 W pixel does
    assert z[0, 1] < z[0, 0]
    # pulsed response at duty 1 is the continuous one
    assert response_matrix(net, Pulse(width="1 ms", duty_cycle=1.0)) == pytest.approx(z,
                                                                                   rel=1e-9)


def _with_text(tmp_path, extra: str):
    from ncled.device.config import builtin_devices

    path = tmp_path / "dev.toml"
    path.write_text(builtin_devices()["reference"].read_text(encoding="utf-8") + extra,
                    encoding="utf-8")
    return path


def test_pulse_section_validation(tmp_path):
    with pytest.raises(ConfigError, match="pulse width needs a unit"):
        load_device(_with_text(tmp_path, "\n[pulse]\nwidth = 0.001\nduty_cycle = 0.1\n"))
    with pytest.raises(ConfigError, match="duty_cycle"):
        load_device(_with_text(tmp_path, '\n[pulse]\nwidth = "1 ms"\nduty_cycle = 0.0\n'))
    dev = load_device(_with_text(tmp_path, '\n[pulse]\nwidth = "1 ms"\nduty_cycle = 0.1\n'))
    assert dev.pulse.width == pytest.approx(1e-3) and dev.pulse.duty_cycle == 0.1


def test_measured_thermal_resistance_replaces_the_pixel_path(tmp_path):
    dev = load_device("reference")
    text = _with_text(tmp_path, "").read_text(encoding="utf-8")
    path = tmp_path / "rth.toml"
    path.write_text(text.replace('temperature = "23C"', 'temperature = "23C"\n'
                                 'thermal_resistance_k_w = 1500.0'), encoding="utf-8")
    z = response_matrix(device_network(load_device(path)))
    # the pixel alone on a 1500 K/W path: 1500 K/W for its own heat, nothing from the strip
    assert z[0, 0] == pytest.approx(1500.0, rel=1e-12)
    assert z[0, 1] == pytest.approx(0.0, abs=1e-9)
    assert response_matrix(device_network(dev))[0, 0] != pytest.approx(1500.0)
