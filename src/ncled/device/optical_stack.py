"""The optical stack of a device file: complex indices, thicknesses and coherence of every medium.

A :class:`~ncled.device.config.DeviceConfig` lists its layers from the front ambient (the air
below the glass, where the light leaves) to the back ambient (the air above the Au contact).
:func:`optical_stack` evaluates every medium's index n + ik at the requested wavelengths through
the materials library (mixtures through the layer's effective-medium rule) and
:func:`device_rta` runs the transfer matrix of :mod:`ncled.optics.tmm` on it, for light incident
from the front (glass side) or from the back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np

from ncled.device.config import DeviceConfig, Layer
from ncled.errors import ConfigError, NcledError
from ncled.materials import Material, get_material, mix
from ncled.optics.tmm import StackRTA, stack_rta


@dataclass(frozen=True)
class OpticalStack:
    """Indices and thicknesses of a device's media.

    Attributes
    ----------
    names : tuple of str
        Media names: ``"front ambient (air)"``, the layer names, ``"back ambient (air)"``.
    n : ndarray of complex, shape (n_media, n_wavelength)
        Refractive index n + ik of each medium.
    thickness_m : ndarray, shape (n_media - 2,)
        Layer thicknesses [m].
    coherent : tuple of bool
        Coherence flag of each layer.
    wavelength_m : ndarray
        Vacuum wavelengths [m].
    """

    names: tuple
    n: np.ndarray
    thickness_m: np.ndarray
    coherent: tuple
    wavelength_m: np.ndarray


def nanocrystal_defaults(device: DeviceConfig) -> dict[str, dict]:
    """Material parameters implied by the device's ``[nanocrystal]`` section.

    The emitting nanocrystals' film (e.g. ``HgTe-NC-film``) takes its absorption edge from the
    emitter the file describes (its PL peak or diameter), so that the optics and the emission use
    the same nanocrystals; a layer's own ``params`` still take precedence.
    """
    nc = device.nanocrystal
    if nc is None:
        return {}
    if nc.pl_peak is not None:
        par = {"pl_peak_nm": nc.pl_peak * 1e9}
    elif nc.diameter is not None:
        par = {"diameter_nm": nc.diameter * 1e9}
    else:
        return {}
    return {f"{nc.material}-NC-film": par}


def layer_material(layer: Layer, defaults: Mapping[str, dict] | None = None) -> Material:
    """The :class:`~ncled.materials.Material` of a layer.

    A pure layer gets ``get_material(material, **params)``. A mixture mixes its components with
    the layer's ``ema`` rule; its ``params`` are addressed to a component as
    ``"<component>.<parameter>"`` (e.g. ``"HgTe-NC-film.pl_peak_nm"``). ``defaults`` maps a
    material name to parameters used where the layer gives none (see
    :func:`nanocrystal_defaults`).

    Raises
    ------
    ConfigError
        Unknown material or parameter, or a mixture parameter without a component prefix.
    """
    defaults = {k.lower(): v for k, v in (defaults or {}).items()}
    if layer.material is not None:
        return get_material(layer.material, **{**defaults.get(layer.material.lower(), {}),
                                               **dict(layer.params)})
    per_component: dict[str, dict] = {name: dict(defaults.get(name.lower(), {}))
                                      for name in layer.components}
    for key, value in layer.params.items():
        comp, _, par = str(key).rpartition(".")
        if comp not in per_component:
            raise ConfigError(
                f"params key {key!r}: in a mixture, write '<component>.<parameter>' with a "
                f"component among {sorted(per_component)}"
            )
        per_component[comp][par] = value
    comps = {get_material(name, **per_component[name]): frac
             for name, frac in layer.components.items()}
    return mix(comps, model=layer.ema, name=layer.name)


def _nk(material: Material, wavelength_m: np.ndarray, where: str) -> np.ndarray:
    try:
        return material.nk(wavelength_m)
    except NcledError as exc:
        raise type(exc)(f"{where}: {exc}") from None


def optical_stack(
    device: DeviceConfig,
    wavelength_m,
    thickness_override_m: Mapping[str, float] | None = None,
) -> OpticalStack:
    """Evaluate the indices of every medium of ``device`` at ``wavelength_m``.

    Parameters
    ----------
    device : DeviceConfig
        The validated device file.
    wavelength_m : float or 1-D array
        Vacuum wavelengths [m].
    thickness_override_m : mapping, optional
        Layer name -> thickness [m] replacing the file's value (design sweeps).

    Returns
    -------
    OpticalStack

    Raises
    ------
    ConfigError, MaterialRangeError
        Bad material parameters, a wavelength outside a material's data (the message names the
        layer), an override for an unknown layer or a non-positive override thickness.
    """
    wl = np.atleast_1d(np.asarray(wavelength_m, dtype=float))
    over = dict(thickness_override_m or {})
    names = [layer.name for layer in device.layers]
    unknown = sorted(set(over) - set(names))
    if unknown:
        raise ConfigError(f"thickness override for unknown layer(s) {unknown}; layers: {names}")
    bad = {k: v for k, v in over.items() if not (np.isfinite(v) and v > 0)}
    if bad:
        raise ConfigError(f"thickness overrides must be positive [m], got {bad}")
    n = [_nk(get_material(device.ambient.front), wl, "ambient.front")]
    defaults = nanocrystal_defaults(device)
    for i, layer in enumerate(device.layers):
        where = f"layers[{i}] (layer {layer.name!r})"
        try:
            mat = layer_material(layer, defaults)
        except NcledError as exc:
            raise type(exc)(f"{where}: {exc}") from None
        n.append(_nk(mat, wl, where))
    n.append(_nk(get_material(device.ambient.back), wl, "ambient.back"))
    return OpticalStack(
        names=(f"front ambient ({device.ambient.front})", *names,
               f"back ambient ({device.ambient.back})"),
        n=np.array(n),
        thickness_m=np.array([over.get(layer.name, layer.thickness) for layer in device.layers]),
        coherent=tuple(layer.coherent for layer in device.layers),
        wavelength_m=wl,
    )


def device_rta(
    device: DeviceConfig,
    wavelength_m,
    angle_rad=0.0,
    side: Literal["front", "back"] = "front",
    thickness_override_m: Mapping[str, float] | None = None,
) -> tuple[OpticalStack, StackRTA]:
    """R, T and the absorptance of each medium of a device, light from the front or the back.

    Parameters
    ----------
    device : DeviceConfig
        The device.
    wavelength_m : float or 1-D array
        Vacuum wavelengths [m].
    angle_rad : float or 1-D array
        Angle of incidence in the incident ambient [rad].
    side : {"front", "back"}
        ``"front"``: from the front ambient through the glass; ``"back"``: onto the Au side.
    thickness_override_m : mapping, optional
        Layer name -> thickness [m].

    Returns
    -------
    (OpticalStack, StackRTA)
    """
    stack = optical_stack(device, wavelength_m, thickness_override_m)
    res = stack_rta(stack.n, stack.thickness_m, stack.wavelength_m, angle_rad,
                    coherent=stack.coherent, side=side)
    return stack, res
