"""Reflectance, transmittance and absorptance of a planar stack of coherent and incoherent layers.

:func:`stack_rta` is the entry point: arrays of complex indices and thicknesses in, a
:class:`StackRTA` out, vectorised over (stack batch, wavelength, angle) with both polarisations in
one pass. Groups of consecutive coherent layers are solved by the amplitude transfer matrix of
:mod:`ncled.optics.tmm_coherent`; incoherent (thick) layers join the groups through intensity
transfer as in Byrnes' ``inc_tmm`` [1]_ [2]_: a group seen from either side is a (R, T) pair, an
incoherent layer attenuates the power by ``P = exp(-2 Im(kz) d)`` per pass, and the multiple
reflections between groups are summed as a geometric series (written as a net-reflectance
recursion from the back, which stays finite when a group transmits nothing).

Conventions (those of [1]_): n + ik with k >= 0, exp(-i omega t); the angle of incidence
``theta0`` is given in the incident ambient medium and, when that medium absorbs, defines the
real conserved in-plane index ``xi = Re(n0) sin(theta0)`` (the lateral wavevector is real, as in
tmm, where the complex angle satisfies ``n0 sin(th0) = xi``). ``A[0]`` is ``1 -`` the power
entering the stack (the reflectance when the incident medium is transparent), ``A[-1]`` the
transmittance; ``A`` sums to 1 over the media.

References
----------
.. [1] S. J. Byrnes, "Multilayer optical calculations", arXiv:1603.02720 (2016),
   https://doi.org/10.48550/arXiv.1603.02720 .
.. [2] M. C. Troparevsky, A. S. Sabau, A. R. Lupini, Z. Zhang, "Transfer-matrix formalism for the
   calculation of optical response in multilayer systems: from coherent to incoherent
   interference", Opt. Express 18, 24715 (2010), https://doi.org/10.1364/OE.18.024715 .
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from ncled.errors import ConfigError
from ncled.optics.tmm_coherent import CoherentGroup, coherent_kernel, normal_index_from_xi2

INCOHERENT_P_MIN = 1e-30
"""Smallest single-pass power transmission of an incoherent layer (Byrnes' tmm clamp)."""

POLARIZATIONS = ("s", "p")
_CHUNK_ELEMENTS = 12_000  # (row x angle) elements per kernel call: temporaries stay in cache


@dataclass(frozen=True)
class StackRTA:
    """Reflectance, transmittance and absorptance of each medium.

    Attributes
    ----------
    R, T : ndarray
        Reflectance and transmittance [1], shape ``(*batch, 2, n_wavelength, n_angle)``; axis -3 is
        the polarisation (s, p).
    A : ndarray
        Absorbed fraction in each medium [1], shape ``(*batch, n_media, 2, n_wavelength, n_angle)``,
        media from the front ambient to the back ambient in the input order whatever the side.
        ``A[..., 0, ...]`` and ``A[..., -1, ...]`` are the incident-side and exit-side ambient
        entries (reflected / transmitted power for transparent ambients).
    wavelength_m : ndarray
        Vacuum wavelengths [m].
    angle_rad : ndarray
        Angles of incidence in the incident ambient [rad].
    side : str
        ``"front"`` (light enters from medium 0) or ``"back"``.
    coherent : tuple of bool
        Coherence flag of each inner layer.
    """

    R: np.ndarray
    T: np.ndarray
    A: np.ndarray
    wavelength_m: np.ndarray
    angle_rad: np.ndarray
    side: str = "front"
    coherent: tuple = field(default_factory=tuple)

    @property
    def absorptance(self) -> np.ndarray:
        """Absorptance of the inner layers, shape
        ``(*batch, n_layers, 2, n_wavelength, n_angle)``."""
        return self.A[..., 1:-1, :, :, :]

    def unpolarized(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(R, T, A) averaged over s and p (natural light)."""
        return self.R.mean(axis=-3), self.T.mean(axis=-3), self.A.mean(axis=-3)

    def to_dataset(self, media_names: list[str] | None = None):
        """The result as an ``xarray.Dataset`` (single stack, no batch axes).

        Dimensions ``polarization`` (s, p, unpolarized), ``medium``, ``wavelength`` [nm] and
        ``angle`` [deg]; units in the attributes.
        """
        import xarray as xr

        if self.R.ndim != 3:
            raise ConfigError("to_dataset needs a single stack (no batch axes); index it first")
        nmed = self.A.shape[0]
        names = list(media_names) if media_names is not None else [f"medium_{i}" for i in
                                                                  range(nmed)]
        if len(names) != nmed:
            raise ConfigError(f"media_names: {len(names)} names for {nmed} media")

        def with_unpol(x, axis):
            return np.concatenate([x, x.mean(axis=axis, keepdims=True)], axis=axis)

        coords = {
            "polarization": ["s", "p", "unpolarized"],
            "medium": names,
            "wavelength": ("wavelength", self.wavelength_m * 1e9, {"units": "nm"}),
            "angle": ("angle", np.degrees(self.angle_rad), {"units": "deg"}),
        }
        dims = ("polarization", "wavelength", "angle")
        ds = xr.Dataset(
            {
                "R": (dims, with_unpol(self.R, 0), {"units": "1", "long_name": "reflectance"}),
                "T": (dims, with_unpol(self.T, 0), {"units": "1", "long_name": "transmittance"}),
                "A": (("medium", *dims), with_unpol(self.A, 1),
                      {"units": "1", "long_name": "absorbed fraction per medium"}),
            },
            coords=coords,
            attrs={"side": self.side, "convention": "n + ik, exp(-i omega t) (Byrnes tmm)"},
        )
        return ds


def _as_angles(angle_rad) -> np.ndarray:
    a = np.atleast_1d(np.asarray(angle_rad, dtype=float))
    if a.ndim != 1:
        raise ConfigError(f"angle_rad must be a scalar or 1-D array, got shape {a.shape}")
    if not np.all(np.isfinite(a)) or np.any(a < 0) or np.any(a >= np.pi / 2):
        raise ConfigError("angle of incidence must be in [0, 90) degrees, got "
                          f"{np.degrees(a[~((a >= 0) & (a < np.pi / 2))][:3])} deg")
    return a


def _as_wavelengths(wavelength_m) -> np.ndarray:
    w = np.atleast_1d(np.asarray(wavelength_m, dtype=float))
    if w.ndim != 1 or w.size == 0:
        raise ConfigError(f"wavelength_m must be a scalar or a non-empty 1-D array, got {w.shape}")
    if not np.all(np.isfinite(w)) or np.any(w <= 0):
        raise ConfigError("wavelength_m must be positive and finite")
    return w


def validate_stack(n, thickness_m, wavelength_m, angle_rad, coherent=None):
    """Check and broadcast the inputs of :func:`stack_rta`.

    Returns
    -------
    tuple
        ``(n, d, wavelength_m, angle_rad, coherent)`` with ``n`` of shape ``(*batch, M, W)``
        complex, ``d`` of shape ``(*batch, M - 2)``, ``coherent`` a tuple of M - 2 bools.

    Raises
    ------
    ConfigError
        Mismatched shapes, NaN or infinite index, gain (k < 0), negative or non-finite thickness,
        non-positive wavelength, angle outside [0, 90) degrees.
    """
    wl = _as_wavelengths(wavelength_m)
    ang = _as_angles(angle_rad)
    n = np.asarray(n, dtype=complex)
    if n.ndim == 1:
        n = n[:, None]
    if n.ndim < 2:
        raise ConfigError("n must have shape (..., n_media, n_wavelength)")
    nmed = n.shape[-2]
    if nmed < 2:
        raise ConfigError(f"a stack needs at least the two ambient media, got {nmed} media")
    if n.shape[-1] not in (1, wl.size):
        raise ConfigError(f"n has {n.shape[-1]} wavelength columns but {wl.size} wavelengths "
                          "were given (the last axis of n must be 1 or n_wavelength)")
    if not np.all(np.isfinite(n)):
        raise ConfigError("refractive index n contains NaN or infinite values")
    if np.any(n.imag < 0):
        raise ConfigError("refractive index with k < 0 (gain) is not supported; use n + ik, k >= 0")
    if np.any(n.real < 0):
        raise ConfigError("refractive index with a negative real part is not supported")
    d = np.asarray(thickness_m, dtype=float)
    if d.ndim == 0:
        d = d[None]
    if d.shape[-1] != nmed - 2:
        raise ConfigError(f"thickness_m has {d.shape[-1]} layers but n has {nmed} media "
                          f"(expected n_media - 2 = {nmed - 2} inner thicknesses)")
    if not np.all(np.isfinite(d)) or np.any(d < 0):
        raise ConfigError("layer thicknesses must be finite and >= 0 [m]")
    try:
        batch = np.broadcast_shapes(n.shape[:-2], d.shape[:-1])
    except ValueError:
        raise ConfigError(f"batch shapes of n {n.shape[:-2]} and thickness_m {d.shape[:-1]} "
                          "do not broadcast") from None
    n = np.broadcast_to(n, (*batch, nmed, wl.size))
    d = np.broadcast_to(d, (*batch, nmed - 2))
    coh = (True,) * (nmed - 2) if coherent is None else tuple(bool(c) for c in coherent)
    if len(coh) != nmed - 2:
        raise ConfigError(f"coherent has {len(coh)} flags for {nmed - 2} inner layers")
    return n, d, wl, ang, coh


def _run_kernel(group: CoherentGroup, out: dict, keep: bool, workers: int | None) -> None:
    rows_total, nang = group.xi2.shape
    step = max(1, _CHUNK_ELEMENTS // max(nang, 1))
    chunks = [slice(i, min(i + step, rows_total)) for i in range(0, rows_total, step)]
    nworkers = workers if workers is not None else min(os.cpu_count() or 1, 4)
    if nworkers <= 1 or len(chunks) < 2:
        for sl in chunks:
            coherent_kernel(group, sl, out, keep)
        return
    with ThreadPoolExecutor(max_workers=nworkers) as pool:
        list(pool.map(lambda sl: coherent_kernel(group, sl, out, keep), chunks))


def _solve_group(n_rows, kd_rows, xi2, media, keep, workers):
    """Run the coherent kernel on media indices ``media`` (in that order)."""
    group = CoherentGroup([n_rows[i] for i in media], [kd_rows[i] for i in media], xi2)
    shape = (2, *xi2.shape)
    out = {"R": np.empty(shape), "T": np.empty(shape), "pe": np.empty(shape),
           "A": np.empty((len(media), *shape))}
    if keep:
        out["v"] = np.empty((len(media), *shape), dtype=complex)
        out["w"] = np.empty((len(media), *shape), dtype=complex)
    _run_kernel(group, out, keep, workers)
    return out


def solve_flat(n_rows, kd_rows, xi2, coherent, keep_group=None, workers=None):
    """Solve a stack given per-medium rows (internal; see :func:`stack_rta`).

    Parameters
    ----------
    n_rows, kd_rows : list of ndarray
        Index and ``k0 d`` of each medium, shape (P, 1) each (``kd`` 0 for the ambients).
    xi2 : ndarray
        Squared in-plane index, shape (P, A).
    coherent : tuple of bool
        Flags of the inner layers.
    keep_group : int, optional
        Index of the coherent group whose amplitudes (and illumination F, B) to return.

    Returns
    -------
    dict
        ``R, T`` (2, P, A), ``A`` (M, 2, P, A) and, with ``keep_group``, ``groups`` (the media of
        each group), ``fwd``/``bwd`` kernel outputs and ``F``/``B`` intensities of that group.
    """
    nmed = len(n_rows)
    inc = [0] + [j + 1 for j, c in enumerate(coherent) if not c] + [nmed - 1]
    groups = [list(range(inc[k], inc[k + 1] + 1)) for k in range(len(inc) - 1)]
    shape = (2, *xi2.shape)
    if len(groups) == 1:  # fully coherent: one forward solve
        out = _solve_group(n_rows, kd_rows, xi2, groups[0], keep_group == 0, workers)
        res = {"R": out["R"], "T": out["T"], "A": out["A"], "groups": groups}
        if keep_group == 0:
            res.update(fwd=out, bwd=None, F=np.ones(shape), B=np.zeros(shape))
        return res
    fwd = [_solve_group(n_rows, kd_rows, xi2, g, keep_group == k, workers)
           for k, g in enumerate(groups)]
    # nothing comes back from the exit ambient, so the last group is never lit from behind
    bwd = [_solve_group(n_rows, kd_rows, xi2, g[::-1], keep_group == k, workers)
           for k, g in enumerate(groups[:-1])]
    bwd.append({key: np.zeros_like(val) for key, val in fwd[-1].items()})
    ngroups = len(groups)
    # single-pass power transmission of each incoherent layer between groups k-1 and k
    pas = [None] * (ngroups + 1)
    for k in range(1, ngroups):
        j = inc[k]
        qj = normal_index_from_xi2(n_rows[j], xi2)
        p1 = np.exp(-2.0 * kd_rows[j] * qj.imag)
        pas[k] = np.maximum(p1, INCOHERENT_P_MIN)
    # net reflectance seen from incoherent medium k towards the back, and the round-trip factor g
    gfac = [np.zeros(shape) for _ in range(ngroups)]
    den = [np.ones(shape) for _ in range(ngroups)]
    r_net = fwd[-1]["R"]
    for k in range(ngroups - 2, -1, -1):
        gfac[k] = pas[k + 1] ** 2 * r_net
        den[k] = 1.0 - bwd[k]["R"] * gfac[k]
        r_net = fwd[k]["R"] + fwd[k]["T"] * bwd[k]["T"] * gfac[k] / den[k]
    a_all = np.empty((nmed, *shape))
    f_in = np.ones(shape)
    pe_in = np.ones(shape)
    fb = []
    for k, g in enumerate(groups):
        v_next = f_in * fwd[k]["T"] / den[k]
        b_k = gfac[k] * v_next
        fb.append((f_in, b_k))
        a_all[g[0]] = pe_in - (f_in * fwd[k]["pe"] - b_k * bwd[k]["T"])
        if len(g) > 2:
            a_all[g[1]:g[-1]] = f_in * fwd[k]["A"][1:-1] + b_k * bwd[k]["A"][-2:0:-1]
        pe_in = f_in * fwd[k]["T"] - b_k * bwd[k]["pe"]
        f_in = v_next * pas[k + 1] if k + 1 < ngroups else v_next
    a_all[-1] = f_in
    res = {"R": r_net, "T": f_in, "A": a_all, "groups": groups}
    if keep_group is not None:
        res.update(fwd=fwd[keep_group], bwd=bwd[keep_group] if keep_group < ngroups - 1 else None,
                   F=fb[keep_group][0], B=fb[keep_group][1])
    return res


def flatten_inputs(n, d, wl, ang):
    """Per-medium rows (P = batch x wavelength) and the squared in-plane index ``xi^2`` (P, A)."""
    batch = n.shape[:-2]
    nmed = n.shape[-2]
    nw = wl.size
    k0 = 2.0 * np.pi / wl
    n_rows = [np.ascontiguousarray(n[..., j, :]).reshape(-1, 1) for j in range(nmed)]
    kd_rows = [np.zeros((n_rows[0].shape[0], 1))]
    for j in range(nmed - 2):
        kd = d[..., j][..., None] * k0  # (*batch, W)
        kd_rows.append(np.broadcast_to(kd, (*batch, nw)).reshape(-1, 1))
    kd_rows.append(kd_rows[0])
    xi = n_rows[0].real * np.sin(ang)[None, :]
    return n_rows, kd_rows, xi * xi


def stack_rta(
    n,
    thickness_m,
    wavelength_m,
    angle_rad=0.0,
    coherent=None,
    side: Literal["front", "back"] = "front",
    workers: int | None = None,
) -> StackRTA:
    """Reflectance, transmittance and per-medium absorptance of a planar stack, s and p.

    Parameters
    ----------
    n : array_like of complex, shape ``(*batch, n_media, n_wavelength)`` or (n_media,)
        Refractive index n + ik (k >= 0) of every medium, from the front ambient (medium 0) to the
        back ambient (medium -1). The last axis may be 1 (non-dispersive).
    thickness_m : array_like of float, shape ``(*batch, n_media - 2)``
        Thickness [m] of each inner layer (>= 0).
    wavelength_m : float or 1-D array
        Vacuum wavelengths [m].
    angle_rad : float or 1-D array
        Angles of incidence in the incident ambient [rad], in [0, pi/2). For an absorbing ambient
        the conserved in-plane index is ``Re(n_ambient) sin(angle)``.
    coherent : sequence of bool, optional
        Per inner layer: True for a thin film (amplitudes add), False for a thick incoherent
        layer (intensities add). Default all coherent.
    side : {"front", "back"}
        Light incident from medium 0 (``front``) or from medium -1 (``back``).
    workers : int, optional
        Threads for the kernel (NumPy releases the GIL); default min(cpu count, 4).

    Returns
    -------
    StackRTA
        R, T ``(*batch, 2, W, A)`` and A ``(*batch, n_media, 2, W, A)``, media in input order.

    Raises
    ------
    ConfigError
        See :func:`~ncled.optics.tmm.validate_stack`; unknown ``side``.

    Notes
    -----
    Loops only over layers (and incoherent groups); everything else is array arithmetic over
    (batch x wavelength, angle), in chunks that fit the cache, optionally on several threads.
    """
    if side not in ("front", "back"):
        raise ConfigError(f"side must be 'front' or 'back', got {side!r}")
    n, d, wl, ang, coh = validate_stack(n, thickness_m, wavelength_m, angle_rad, coherent)
    if side == "back":
        n, d, coh = n[..., ::-1, :], d[..., ::-1], coh[::-1]
    if n[..., 0, :].real.min() <= 0:
        raise ConfigError("the incident ambient medium must have Re(n) > 0")
    n_rows, kd_rows, xi2 = flatten_inputs(n, d, wl, ang)
    res = solve_flat(n_rows, kd_rows, xi2, coh, workers=workers)
    batch = n.shape[:-2]
    nw, na = wl.size, ang.size
    r = np.moveaxis(res["R"].reshape((2, *batch, nw, na)), 0, -3)
    t = np.moveaxis(res["T"].reshape((2, *batch, nw, na)), 0, -3)
    a = res["A"].reshape((n.shape[-2], 2, *batch, nw, na))
    a = np.moveaxis(a, (0, 1), (-4, -3))
    if side == "back":
        a = np.flip(a, axis=-4)
        coh = coh[::-1]
    return StackRTA(R=r, T=t, A=np.ascontiguousarray(a), wavelength_m=wl, angle_rad=ang,
                    side=side, coherent=coh)
