"""LED step 3, the transport: drift-diffusion of the device at an emitter temperature.

The device file's active layers become a :class:`ncled.transport.params.Device` through
:func:`ncled.device.electrical.transport_device` (the transport gap of the emitter from step 1,
the thermal voltage and the thermionic injection at the temperature T) and
:func:`ncled.transport.solve_sweep` solves it over the internal biases. Hopping mobilities are
thermally activated, mu(T) = mu(T_amb) exp[-E_a/k (1/T - 1/T_amb)]
(:func:`ncled.device.step_nanocrystal.hopping_mobility_factor`); the Langevin rate follows them.

Between two temperatures the solutions are joined linearly in T (:func:`blend`): the electro-
thermal step (:mod:`ncled.device.electrothermal`) finds each bias's own temperature on that line.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

import numpy as np

from ncled.device.config import DeviceConfig
from ncled.device.electrical import active_layers, transport_device
from ncled.device.step_nanocrystal import EmitterPhysics, hopping_mobility_factor
from ncled.errors import ConfigError
from ncled.transport.sweep import SweepResult


@dataclass(frozen=True)
class TransportStep:
    """Result of :func:`transport_step`.

    Attributes
    ----------
    sweep : SweepResult
    current_density : ndarray (B,)
        Forward current density [A/m^2] (positive under forward bias).
    emitter_layer : int
        Index of the emitting layer among the active layers.
    emitter_start_m : float
        Depth of the emitting layer's cathode-side boundary from the cathode [m].
    layer_names : list of str
    electronics : list
        The :class:`ncled.materials.electronic.ElectronicMaterial` of each active layer.
    temperature_k : float
    """

    sweep: SweepResult
    current_density: np.ndarray
    emitter_layer: int
    emitter_start_m: float
    layer_names: list
    electronics: list
    temperature_k: float


def emitter_geometry(config: DeviceConfig) -> tuple[list[str], int, float]:
    """Active-layer names, the emitter's index among them and its start depth [m].

    Raises
    ------
    ConfigError
        No emitting layer, an emitter outside the cathode-anode span or a cathode behind it.
    """
    if config.emitter_index is None:
        raise ConfigError("no layer has role = 'emitter': mark the emitting layer",
                          source=config.source_path)
    layers = active_layers(config)
    names = [layer.name for layer in layers]
    emitter_name = config.layers[config.emitter_index].name
    if emitter_name not in names:
        raise ConfigError(f"the emitting layer {emitter_name!r} must lie strictly between the "
                          f"cathode and the anode (layers between them: {names})",
                          source=config.source_path)
    if config.layers.index(layers[0]) > config.emitter_index:
        raise ConfigError("the cathode must be on the front (substrate) side of the emitter",
                          source=config.source_path)
    i_em = names.index(emitter_name)
    return names, i_em, float(sum(layer.thickness for layer in layers[:i_em]))


def transport_step(config: DeviceConfig, em: EmitterPhysics, biases, *, n_nodes: int,
                   solver=None, initial: SweepResult | None = None,
                   stop=None) -> TransportStep:
    """Drift-diffusion over the internal ``biases`` [V] at the emitter temperature of ``em``.

    Parameters
    ----------
    config : DeviceConfig
    em : EmitterPhysics
        Step 1 at the temperature of this solve (its gap and ``temperature_k``).
    biases : array_like
        Internal (drift-diffusion) biases [V], increasing.
    n_nodes : int
        Mesh nodes.
    solver : callable, optional
        ``solve_sweep(device, biases)``; default :func:`ncled.transport.sweep.solve_sweep`.
    initial : SweepResult, optional
        A neighbouring solution (another temperature or composition on the same mesh) to start
        the solve from (passed to the solver as ``initial=``; the result does not depend on it
        beyond the solver's tolerance).
    stop : callable, optional
        ``stop(bias, J)`` with J the forward current density [A/m^2]: True ends the sweep after
        that bias (passed to the solver as ``stop=``).

    Notes
    -----
    J(V) from the drift-diffusion equations with Langevin recombination (``ncled.transport``);
    mobilities scaled by the hopping factor of ``em.temperature_k`` relative to the ambient.
    """
    if solver is None:
        from ncled.device import led  # the module attribute, so tests can stand in a solver

        solver = led.solve_sweep
    names, i_em, z0 = emitter_geometry(config)
    dev, electronics = transport_device(config, em.gap_ev, em.diameter_m,
                                        temperature_k=em.temperature_k, n_nodes=n_nodes)
    factor = float(hopping_mobility_factor(em.temperature_k, config.drive.temperature))
    if factor != 1.0:
        dev = replace(dev, layers=tuple(replace(layer, mu_n=layer.mu_n * factor,
                                                mu_p=layer.mu_p * factor)
                                        for layer in dev.layers))
    kw = {} if initial is None else {"initial": initial}
    if stop is not None:
        sign = 1.0 if dev.anode == "left" else -1.0
        kw["stop"] = lambda v, current: stop(v, sign * current)
    sweep = solver(dev, np.asarray(biases, dtype=float), **kw)
    j = np.asarray(sweep.current if dev.anode == "left" else -sweep.current, dtype=float)
    return TransportStep(sweep, j, i_em, z0, names, electronics, em.temperature_k)


#: Per-bias fields of a :class:`~ncled.transport.sweep.SweepResult` that :func:`blend` joins (the
#: rest are shared).
PER_BIAS_FIELDS = ("current", "jn", "jp", "psi", "efn", "efp", "ec", "ev", "n", "p", "r_langevin",
             "r_srh", "r_auger", "r_radiative", "continuity_error", "recombination_current",
             "r_interface")


def blend(cold, hot, weight):
    """(1 - w) cold + w hot along the first (bias) axis, for arrays or
    :class:`~ncled.transport.sweep.SweepResult`.

    ``weight`` has one value per bias: the position of each bias's temperature between the two
    solves, (T - T_cold) / (T_hot - T_cold).
    """
    w = np.asarray(weight, dtype=float)
    if isinstance(cold, SweepResult):
        names = {f.name for f in fields(SweepResult)}
        return replace(cold, **{k: blend(getattr(cold, k), getattr(hot, k), w)
                                for k in PER_BIAS_FIELDS if k in names})
    a, b = np.asarray(cold, dtype=float), np.asarray(hot, dtype=float)
    wb = w.reshape(w.shape + (1,) * (a.ndim - 1))
    return (1.0 - wb) * a + wb * b
