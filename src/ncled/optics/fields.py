"""Depth profiles of the field intensity and of the absorbed power inside a coherent layer.

The equivalent of Byrnes' ``position_resolved`` / ``inc_position_resolved`` [1]_, vectorised over
(stack batch, wavelength, angle, depth). Inside coherent layer j the field is
``E(z) = v exp(i kz z) + w exp(-i kz z)`` (``kz = 2 pi q / lambda``), and the absorbed power per
unit depth, as a fraction of the incident power, is::

    s:  a(z) = Im(q kz) |Ef + Eb|^2 / Re(q0)
    p:  a(z) = Im(n conj(cos th) (kz |Ef - Eb|^2 - conj(kz) |Ef + Eb|^2)) / Re(n0 conj(cos th0))

In a layer of a coherent group between incoherent layers, the forward (intensity F) and backward
(intensity B) illuminations of the group add incoherently.

References
----------
.. [1] S. J. Byrnes, "Multilayer optical calculations", arXiv:1603.02720 (2016),
   https://doi.org/10.48550/arXiv.1603.02720 .
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from ncled.errors import ConfigError
from ncled.optics.tmm import flatten_inputs, solve_flat, validate_stack
from ncled.optics.tmm_coherent import normal_index_from_xi2


@dataclass(frozen=True)
class FieldProfile:
    """Field intensity and absorption density versus depth in one layer.

    Attributes
    ----------
    z_m : ndarray
        Depth from the layer's front face (the face towards medium 0) [m].
    e2 : ndarray
        ``|E|^2`` relative to the incident field amplitude squared (``|v0| = 1``) [1],
        shape ``(*batch, 2, n_wavelength, n_angle, n_z)``; axis -4 is the polarisation (s, p).
    absorption_per_m : ndarray
        Absorbed power per unit depth as a fraction of the incident power [1/m], same shape.
    layer : int
        Medium index of the layer (input order).
    side : str
        Side the light comes from.
    """

    z_m: np.ndarray
    e2: np.ndarray
    absorption_per_m: np.ndarray
    layer: int
    side: str


def _power_norm(n, q, pol):
    """Power flux of a unit forward amplitude: Re(q) (s) or Re(n conj(q) / conj(n)) (p)."""
    if pol == 0:
        return q.real
    return (n / np.conj(n) * np.conj(q)).real


def _one_way(out, idx, n_rows, med_in, med_layer, xi2, k0, z):
    """``|E|^2`` (per unit incident amplitude) and absorption density for one illumination."""
    n_l = n_rows[med_layer]
    q = normal_index_from_xi2(n_l, xi2)
    q_in = normal_index_from_xi2(n_rows[med_in], xi2)
    kz = (k0 * q)[..., None]
    ph = np.exp(1j * kz * z)
    e2 = np.empty((2, *ph.shape))
    ab = np.empty((2, *ph.shape))
    for pol in (0, 1):
        ef = out["v"][idx, pol][..., None] * ph
        eb = out["w"][idx, pol][..., None] / ph
        plus = np.abs(ef + eb) ** 2
        norm = _power_norm(n_rows[med_in], q_in, pol)[..., None]
        inv = np.divide(1.0, norm, out=np.zeros(norm.shape), where=norm > 0)
        if pol == 0:
            e2[pol] = plus
            ab[pol] = (q[..., None] * kz).imag * plus * inv
        else:
            minus = np.abs(ef - eb) ** 2
            cos_t = (q / n_l)[..., None]
            sin2 = (np.abs(np.sqrt(xi2) / n_l) ** 2)[..., None]
            e2[pol] = minus * np.abs(cos_t) ** 2 + plus * sin2
            ab[pol] = (n_l[..., None] * np.conj(cos_t)
                       * (kz * minus - np.conj(kz) * plus)).imag * inv
    return e2, ab, [_power_norm(n_rows[med_in], q_in, p) for p in (0, 1)]


def field_profile(
    n,
    thickness_m,
    wavelength_m,
    angle_rad,
    layer: int,
    z_m,
    coherent=None,
    side: Literal["front", "back"] = "front",
) -> FieldProfile:
    """``|E|^2`` and absorption density versus depth inside a coherent layer.

    Parameters
    ----------
    n, thickness_m, wavelength_m, angle_rad, coherent, side
        As for :func:`ncled.optics.tmm.stack_rta`.
    layer : int
        Medium index of the layer (1 .. n_media - 2, input order); it must be coherent.
    z_m : array_like
        Depths from the layer's front face (towards medium 0) [m], within [0, thickness].

    Returns
    -------
    FieldProfile
        Shapes ``(*batch, 2, n_wavelength, n_angle, n_z)``.

    Raises
    ------
    ConfigError
        Layer index out of range or incoherent, depth outside the layer, or bad stack input.
    """
    if side not in ("front", "back"):
        raise ConfigError(f"side must be 'front' or 'back', got {side!r}")
    n, d, wl, ang, coh = validate_stack(n, thickness_m, wavelength_m, angle_rad, coherent)
    nmed = n.shape[-2]
    if not 1 <= int(layer) <= nmed - 2:
        raise ConfigError(f"layer must be an inner medium index in 1..{nmed - 2}, got {layer}")
    layer = int(layer)
    if not coh[layer - 1]:
        raise ConfigError(f"layer {layer} is incoherent; depth profiles are for coherent layers")
    z = np.atleast_1d(np.asarray(z_m, dtype=float))
    thick = d[..., layer - 1]
    if (z.ndim != 1 or not np.all(np.isfinite(z)) or z.min() < 0
            or np.any(z.max() > thick * (1 + 1e-12))):
        raise ConfigError(f"z_m must be a 1-D array of depths within the layer "
                          f"[0, {thick.max():g} m]")
    lay, zz = layer, z
    if side == "back":
        n, d, coh = n[..., ::-1, :], d[..., ::-1], coh[::-1]
        lay = nmed - 1 - layer
    n_rows, kd_rows, xi2 = flatten_inputs(n, d, wl, ang)
    inc = [0] + [j + 1 for j, c in enumerate(coh) if not c] + [nmed - 1]
    kgroup = max(k for k in range(len(inc) - 1) if inc[k] < lay)
    res = solve_flat(n_rows, kd_rows, xi2, coh, keep_group=kgroup)
    group = res["groups"][kgroup]
    batch = n.shape[:-2]
    k0 = np.broadcast_to(2.0 * np.pi / wl, (*batch, wl.size)).reshape(-1, 1)
    dl = np.broadcast_to(d[..., lay - 1][..., None], (*batch, wl.size)).reshape(-1, 1, 1)
    zf = (dl - zz) if side == "back" else np.broadcast_to(zz, dl.shape[:-1] + zz.shape)
    e2, ab, norm_in = _one_way(res["fwd"], lay - group[0], n_rows, group[0], lay, xi2, k0, zf)
    q0 = normal_index_from_xi2(n_rows[0], xi2)
    norm0 = [_power_norm(n_rows[0], q0, p) for p in (0, 1)]
    big_f, big_b = res["F"], res["B"]
    for pol in (0, 1):
        rel = np.divide(norm0[pol], norm_in[pol], out=np.zeros(xi2.shape), where=norm_in[pol] > 0)
        e2[pol] *= (big_f[pol] * rel)[..., None]
        ab[pol] *= big_f[pol][..., None]
    if res["bwd"] is not None:
        e2b, abb, norm_b = _one_way(res["bwd"], group[-1] - lay, n_rows, group[-1], lay, xi2, k0,
                                    dl - zf)
        for pol in (0, 1):
            rel = np.divide(norm0[pol], norm_b[pol], out=np.zeros(xi2.shape), where=norm_b[pol] > 0)
            e2[pol] += e2b[pol] * (big_b[pol] * rel)[..., None]
            ab[pol] += abb[pol] * big_b[pol][..., None]
    shape = (2, *batch, wl.size, ang.size, z.size)
    e2 = np.moveaxis(e2.reshape(shape), 0, -4)
    ab = np.moveaxis(ab.reshape(shape), 0, -4)
    return FieldProfile(z_m=z, e2=e2, absorption_per_m=ab, layer=layer, side=side)
