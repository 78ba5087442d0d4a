"""LED step 5, the heat: power budget, pixel temperature and the electro-thermal fixed point.

At a bias with current I = J A through the pixel of area A, internal (drift-diffusion) bias V_dd
and ITO strip resistance R_s, the power budget is

    I V = I^2 R_s + I V_dd,       V = V_dd + I R_s (the voltage at the contacts),
    P_strip = I^2 R_s             (dissipated along the strip),
    P_pixel = I V_dd - P_light    (the pixel's heat: all but the light that leaves into the air),

so electrical power in = light out + heat, exactly. The heat flows through the network of
:func:`ncled.device.heating.pixel_network` (pixel, strip, substrate, room); the pixel's
temperature rise is x = (Z P)_pixel with Z = L^-1 in continuous operation, or the end-of-pulse
rise of the periodic regime under a pulse train (:func:`ncled.device.heating.periodic_pulse_rise`,
linear in P: one response matrix).

Self-consistency: the drift-diffusion and emission are solved at the ambient temperature T_a and
at a hotter T_h; a bias at temperature T takes the solution (1 - w) X(T_a) + w X(T_h),
w = (T - T_a) / (T_h - T_a) (:func:`ncled.device.step_transport.blend`), and T is iterated to the
fixed point T = T_a + x(P(T)).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from ncled.device.config import DeviceConfig
from ncled.device.heating import (
    ThermalNetwork,
    periodic_pulse_rise,
    pixel_network,
    relaxation_propagator,
    steady_rise,
    transient_rise,
)

#: Fixed-point tolerance on the pixel temperature [K] and the iteration limit.
TEMPERATURE_TOL = 1e-4
MAX_ITER = 100


def device_network(config: DeviceConfig) -> ThermalNetwork:
    """The thermal network of the device file (its ``[thermal]``, pixel, strip and glass).

    A measured pixel thermal resistance (``drive.thermal_resistance_k_w``) replaces the pixel's
    path: the pixel then connects to the room through it alone (the strip and the substrate keep
    theirs, so the strip's heat no longer reaches the pixel).
    """
    th = config.thermal
    e = config.electrodes
    substrate = config.layers[0]
    net = pixel_network(
        config.pixel_area, e.strip_length, e.strip_width,
        substrate_length_m=th.substrate_length, substrate_width_m=th.substrate_width,
        substrate_thickness_m=substrate.thickness,
        conductivity_w_mk=th.substrate_conductivity_w_mk, density_kg_m3=th.substrate_density_kg_m3,
        specific_heat_j_kgk=th.substrate_specific_heat_j_kgk,
        convection_w_m2k=th.convection_w_m2k, emissivity=th.emissivity,
        ambient_k=config.drive.temperature, heat_sink_w_k=th.heat_sink_conductance_w_k)
    r_th = config.drive.thermal_resistance_k_w
    if r_th is None:
        return net
    coupling = np.array(net.coupling, dtype=float)
    coupling[0, :] = coupling[:, 0] = 0.0
    return replace(net, coupling=coupling,
                   to_ambient=np.array([1.0 / r_th, *net.to_ambient[1:]]))


def response_matrix(network: ThermalNetwork, pulse=None) -> np.ndarray:
    """Z with rise = Z P [K/W]: L^-1 in continuous operation; for a pulse train
    (``pulse.width``, ``pulse.duty_cycle``) the map from the pulse's powers to the rises at the
    end of a pulse in the periodic regime."""
    n = len(network.nodes)
    if pulse is None:
        return np.linalg.inv(network.laplacian)
    return np.column_stack([periodic_pulse_rise(network, np.eye(n)[i], pulse.width,
                                                pulse.duty_cycle)[0] for i in range(n)])


@dataclass(frozen=True)
class PowerBudget:
    """Per-bias powers [W] and temperatures [K] (:func:`power_budget`)."""

    electrical: np.ndarray
    light: np.ndarray
    pixel_heat: np.ndarray
    strip_heat: np.ndarray
    node_rise: np.ndarray
    pixel_temperature: np.ndarray
    voltage: np.ndarray


def power_budget(current_density, internal_bias, exitance, area: float, r_s: float,
                 z: np.ndarray, ambient_k: float) -> PowerBudget:
    """The power budget and temperatures at each bias (module docstring), rises x = Z P."""
    i = np.maximum(np.asarray(current_density, dtype=float), 0.0) * area
    v = np.asarray(internal_bias, dtype=float) + i * r_s
    light = np.nan_to_num(np.asarray(exitance, dtype=float)) * area
    strip = i**2 * r_s
    pixel = i * np.asarray(internal_bias, dtype=float) - light
    p = np.stack([pixel, strip, np.zeros_like(pixel)], axis=-1)
    rise = p @ z.T
    return PowerBudget(i * v, light, pixel, strip, rise, ambient_k + rise[:, 0], v)


def self_consistent_weights(evaluate, t_cold: float, t_hot: float):
    """Iterate T = T(P(T)) per bias on the line between the two solves.

    Parameters
    ----------
    evaluate : callable
        ``weights -> PowerBudget`` at those interpolation weights.
    t_cold, t_hot : float
        The two solve temperatures [K].

    Returns
    -------
    (ndarray, PowerBudget, bool, int)
        Weights, the budget at them, converged, iterations.
    """
    w = None
    budget = evaluate(0.0)
    for it in range(1, MAX_ITER + 1):
        w_new = (budget.pixel_temperature - t_cold) / (t_hot - t_cold)
        budget_new = evaluate(w_new)
        done = np.max(np.abs(budget_new.pixel_temperature - budget.pixel_temperature)) < \
            TEMPERATURE_TOL
        w, budget = w_new, budget_new
        if done:
            return w, budget, True, it
    return w, budget, False, MAX_ITER


def operating_transient(network: ThermalNetwork, node_power, pulse=None, n_time: int = 200):
    """Pixel-node temperature rise [K] versus time [s] at constant node powers [W].

    Continuous drive: from switch-on over five of the slowest time constants. Pulsed drive: three
    periods of the periodic regime, starting at the beginning of a pulse.
    """
    p = np.asarray(node_power, dtype=float)
    lam = np.linalg.eigvals(network.laplacian / network.capacitance[:, None]).real
    if pulse is None:
        t = np.linspace(0.0, 5.0 / lam.min(), n_time)
        return t, transient_rise(network, p, t)[:, 0]
    period = pulse.width / pulse.duty_cycle
    _, x_min = periodic_pulse_rise(network, p, pulse.width, pulse.duty_cycle)
    x_ss = steady_rise(network, p)
    t = np.linspace(0.0, 3 * period, n_time)
    phase = t % period
    on = phase <= pulse.width
    x_end = x_ss + relaxation_propagator(network, pulse.width) @ (x_min - x_ss)
    during = x_ss + relaxation_propagator(network, np.where(on, phase, 0.0)) @ (x_min - x_ss)
    after = relaxation_propagator(network, np.where(on, 0.0, phase - pulse.width)) @ x_end
    return t, np.where(on, during[:, 0], after[:, 0])


#: Hot solve of the electro-thermal step: this factor times the largest rise of the isothermal
#: solve above the ambient (margin for the feedback of heating on the current), at least 1 K.
HOT_MARGIN = 1.25


@dataclass(frozen=True)
class CoupledSolution:
    """The transport and emission at each internal bias's own temperature
    (:func:`coupled_solution`)."""

    internal_bias: np.ndarray
    current_density: np.ndarray
    g_cells: np.ndarray
    eta_rad: np.ndarray
    emission: object
    sweep: object
    weights: np.ndarray
    converged: bool
    message: str


def coupled_solution(cold, biases, *, emit, solve_hot, head, area: float, r_s: float,
                     z: np.ndarray, ambient_k: float, v_max: float,
                     electrothermal: bool = True) -> CoupledSolution:
    """Solve the electro-thermal fixed point (module docstring).

    Parameters
    ----------
    cold : tuple
        (transport step, G cells, eta_rad) at the ambient temperature, on ``biases``.
    biases : ndarray
        Internal biases [V].
    emit : callable
        ``(J, G, eta_rad, temperatures) -> EmissionStep`` (step 4).
    solve_hot : callable
        ``(temperature, biases) -> (transport step, G, eta_rad)`` (steps 1, 3, 4a).
    head : callable
        ``(solution, n) -> solution`` keeping the first n biases.
    area, r_s : float
        Pixel area [m^2], strip resistance [ohm].
    z : ndarray
        Thermal response matrix [K/W] (:func:`response_matrix`).
    ambient_k, v_max : float
        Room temperature [K]; the largest contact voltage asked for [V].
    electrothermal : bool
        False: the ambient solution, temperatures still computed from the power.
    """
    from ncled.device.step_transport import blend

    sols = [cold]

    def joined(weights):
        w = np.broadcast_to(np.asarray(weights, dtype=float), biases.shape)
        if len(sols) == 1:
            return sols[0][0].current_density, sols[0][1], sols[0][2], np.full(w.shape, ambient_k)
        hot_t = sols[1][0].temperature_k
        return (blend(sols[0][0].current_density, sols[1][0].current_density, w),
                blend(sols[0][1], sols[1][1], w), blend(sols[0][2], sols[1][2], w),
                ambient_k + w * (hot_t - ambient_k))

    weights = np.zeros(biases.size)
    converged, message = True, "drift-diffusion converged at every bias (isothermal)"
    if electrothermal:
        j, g, eta, temp = joined(0.0)
        light_cold = emit(j, g, eta, temp).radiant_exitance
        budget = power_budget(j, biases, light_cold, area, r_s, z, ambient_k)
        # only the internal biases whose contact voltage reaches the requested range (and the
        # next one, for the interpolation) are kept and solved hot
        n = min(int(np.searchsorted(budget.voltage, v_max, side="right")) + 1, biases.size)
        biases, sols[0], light_cold = biases[:n], head(sols[0], n), light_cold[:n]
        rise = max(HOT_MARGIN * float(np.max(budget.pixel_temperature[:n] - ambient_k)), 1.0)
        sols.append(solve_hot(ambient_k + rise, biases))
        light_hot = emit(*joined(1.0)).radiant_exitance

        def evaluate(w):
            j_w = joined(w)[0]
            return power_budget(j_w, biases, blend(light_cold, light_hot, np.broadcast_to(
                np.asarray(w, dtype=float), biases.shape)), area, r_s, z, ambient_k)

        weights, _, converged, iterations = self_consistent_weights(evaluate, ambient_k,
                                                                    ambient_k + rise)
        message = (f"drift-diffusion converged at every bias; electro-thermal fixed point "
                   f"{'reached' if converged else 'NOT reached'} in {iterations} iterations "
                   f"(solves at {ambient_k:.2f} K and {ambient_k + rise:.2f} K)")
    j, g, eta, temp = joined(weights)
    sweep = sols[0][0].sweep if len(sols) == 1 else blend(sols[0][0].sweep, sols[1][0].sweep,
                                                        weights)
    return CoupledSolution(biases, j, g, eta, emit(j, g, eta, temp), sweep,
                           np.asarray(weights, dtype=float), bool(converged), message)
