"""Outcoupling of a planar emitter stack: channels, Purcell factor, angular pattern, EL spectrum.

:func:`dipole_emission` runs the dipole kernel of :mod:`ncled.optics.dipole` on a planar stack
(plain complex index arrays and thicknesses, no device file) on a non-uniform in-plane-index grid
and books every part of the dissipated power into a channel:

* ``air``: through the front films into the substrate, then out of it into the front ambient;
* ``substrate``: into the substrate but not out (total internal reflection at the substrate/air
  face, kappa > n_air, or lost after an incoherent bounce back into the stack or in the glass);
* ``back``: out through the back contact into the back ambient;
* ``absorbed_radiative``: absorbed in the films at kappa < n_substrate (light that could have
  entered the substrate);
* ``waveguided``: absorbed in the films at n_substrate <= kappa < n_max, the largest film index
  (the guided modes of the film stack, lost to ITO, Au and film absorption);
* ``evanescent``: absorbed in the films at kappa >= n_max (surface plasmons on the Au and
  near-field quenching);
* ``emitter_absorption``: absorbed in the emitting layer itself (zero for a lossless emitter).

These add up to the Purcell factor K (checked to 1e-6 in the tests). The absorption per layer is
given separately (flux difference across each layer).

The 1 mm glass is incoherent: the coherent kernel treats it as a half-space; the escape to air is
``T_ga t / (1 - R_ga R_stack t^2)`` per polarisation and kappa (multiple incoherent reflections,
``t`` the one-pass glass transmission, ``R_stack`` the film stack's reflectance seen from the glass
computed with the same recursion), as in Furno et al. 2012 and Neyts 1998.

References
----------
.. [1] K. A. Neyts, J. Opt. Soc. Am. A 15, 962 (1998), https://doi.org/10.1364/JOSAA.15.000962
.. [2] M. Furno et al., Phys. Rev. B 85, 115205 (2012), https://doi.org/10.1103/PhysRevB.85.115205
.. [3] W. Brutting, J. Frischeisen, T. D. Schmidt, B. J. Scholz, C. Mayr, "Device efficiency of
   organic light-emitting diodes: progress by improved light outcoupling", Phys. Status Solidi A
   210, 44 (2013), https://doi.org/10.1002/pssa.201228320 (mode regions and the Lambertian
   assumption in EQE measurements)
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import xarray as xr

from ncled.errors import ConfigError
from ncled.optics.dipole import dipole_kernel, fresnel_r, normal_index, substack_response
from ncled.spectral import peak_metrics

#: Mode channels (in this order) that add up to the total dissipated power.
MODE_CHANNELS = ("air", "substrate", "back", "absorbed_radiative", "waveguided", "evanescent",
                 "emitter_absorption")
ORIENTATIONS = ("horizontal", "vertical")
ISOTROPIC_HORIZONTAL_FRACTION = 2.0 / 3.0  # random orientation: <p_x^2 + p_y^2> / |p|^2
DEFAULT_N_KAPPA = 2000  # the benchmark grid of the issue
DECAY_EXPONENT = 40.0  # kappa_max: reflected near field decays as exp(-2 k0 kappa z) < e^-40
_SEGMENT_MIN = 8


@dataclass(frozen=True)
class PlanarEmitterStack:
    """A planar stack around an emitting layer, as index arrays (all indices shape (W,)).

    Parameters
    ----------
    wavelength_m : ndarray, shape (W,)
        Vacuum wavelengths [m].
    n_emitter : ndarray of complex
        Index of the emitting layer; ``d_emitter`` its thickness [m].
    front_n, front_d, front_names : tuple
        Finite layers between the emitter and the substrate, ordered from the emitter outward.
    n_substrate : ndarray of complex
        Half-space in front (the glass). With ``substrate_thickness`` it is an incoherent layer of
        that thickness [m] followed by the front ambient ``n_front``; without, it is the exit.
    back_n, back_d, back_names : tuple
        Finite layers behind the emitter, from the emitter outward (PbS, Au).
    n_back : ndarray of complex
        Back half-space.
    """

    wavelength_m: np.ndarray
    n_emitter: np.ndarray
    d_emitter: float
    front_n: tuple
    front_d: tuple
    n_substrate: np.ndarray
    back_n: tuple
    back_d: tuple
    n_back: np.ndarray
    substrate_thickness: float | None = None
    n_front: np.ndarray | None = None
    front_names: tuple = ()
    back_names: tuple = ()
    emitter_name: str = "emitter"

    def __post_init__(self) -> None:
        if len(self.front_names) != len(self.front_n):
            object.__setattr__(self, "front_names",
                               tuple(f"front layer {i + 1}" for i in range(len(self.front_n))))
        if len(self.back_names) != len(self.back_n):
            object.__setattr__(self, "back_names",
                               tuple(f"back layer {i + 1}" for i in range(len(self.back_n))))

    def take(self, sl: slice) -> PlanarEmitterStack:
        """The same stack at a slice of its wavelengths."""
        def cut(a):
            return None if a is None else np.asarray(a)[sl]
        return PlanarEmitterStack(
            self.wavelength_m[sl], cut(self.n_emitter), self.d_emitter,
            tuple(cut(n) for n in self.front_n), self.front_d, cut(self.n_substrate),
            tuple(cut(n) for n in self.back_n), self.back_d, cut(self.n_back),
            self.substrate_thickness, cut(self.n_front), self.front_names, self.back_names,
            self.emitter_name)

    @property
    def n_max(self) -> np.ndarray:
        """Largest real index of the finite coherent films, emitter included, shape (W,)."""
        films = [self.n_emitter, *self.front_n, *self.back_n]
        return np.max(np.real(np.array(films)), axis=0)

    @property
    def n_exit(self) -> np.ndarray:
        """Index of the medium the light finally leaves into (front ambient or substrate)."""
        return self.n_substrate if self.substrate_thickness is None else self.n_front


def check_positions(position_m, d_emitter: float, profile=None):
    """Validate dipole positions in the emitting layer and the depth profile; return weights.

    Parameters
    ----------
    position_m : array_like
        Distances from the front (substrate-side) boundary of the emitting layer [m].
    d_emitter : float
        Emitting-layer thickness [m].
    profile : array_like, optional
        Emitter density at those positions (any units; uniform if omitted). Each position stands
        for the part of the layer nearer to it than to its neighbours (midpoint rule).

    Returns
    -------
    (ndarray, ndarray)
        Positions [m] and normalised weights (summing to 1).

    Raises
    ------
    ConfigError
        A position outside (0, d_emitter), non-finite or non-increasing positions, a profile of
        the wrong length, with negative or non-finite values or a non-positive integral.
    """
    z = np.atleast_1d(np.asarray(position_m, dtype=float))
    if z.size == 0 or not np.all(np.isfinite(z)):
        raise ConfigError("emitter positions must be finite numbers")
    if np.any(z <= 0) or np.any(z >= d_emitter):
        raise ConfigError(
            f"emitter position {z.min() * 1e9:.4g}-{z.max() * 1e9:.4g} nm is outside the emitting "
            f"layer: positions must lie strictly inside (0, {d_emitter * 1e9:.4g}) nm"
        )
    if np.any(np.diff(z) <= 0):
        raise ConfigError("emitter positions must be strictly increasing")
    edges = np.concatenate([[0.0], 0.5 * (z[1:] + z[:-1]), [d_emitter]])
    cell = np.diff(edges)
    if profile is None:
        p = np.ones_like(z)
    else:
        p = np.atleast_1d(np.asarray(profile, dtype=float))
        if p.shape != z.shape:
            raise ConfigError(f"depth profile has {p.size} values for {z.size} positions")
        if not np.all(np.isfinite(p)) or np.any(p < 0):
            raise ConfigError("depth profile must be finite and non-negative (emitter density)")
    w = p * cell
    total = w.sum()
    if not (np.isfinite(total) and total > 0):
        raise ConfigError("depth profile does not integrate to a positive finite value")
    return z, w / total


def uniform_positions(d_emitter: float, n_depth: int = 10) -> np.ndarray:
    """``n_depth`` cell midpoints of the emitting layer [m] (uniform emitter density)."""
    if n_depth < 1:
        raise ConfigError(f"n_depth must be >= 1, got {n_depth}")
    return (np.arange(n_depth) + 0.5) * d_emitter / n_depth


_PANEL_ORDER = 8


@lru_cache(maxsize=64)
def _gauss_legendre(n: int):
    """Composite Gauss-Legendre rule with ``n`` nodes on [0, 1]: panels of about 8 nodes (the
    nodes of one high-order rule would cost an eigenvalue problem and cluster too much)."""
    n_panel = max(1, -(-n // _PANEL_ORDER))
    orders = np.full(n_panel, n // n_panel)
    orders[: n % n_panel] += 1
    t, w = [], []
    for j, m in enumerate(orders):
        x, wx = np.polynomial.legendre.leggauss(int(m))
        t.append((j + 0.5 * (x + 1.0)) / n_panel)
        w.append(0.5 * wx / n_panel)
    return np.concatenate(t), np.concatenate(w)


def kappa_grid(stack: PlanarEmitterStack, n_kappa: int, z_min: float, layout=None):
    """Non-uniform in-plane-index nodes and weights, per wavelength.

    Breakpoints at the branch points (exit, substrate, back and emitter indices), at n_max and at
    1.25 n_max split [0, kappa_max]; in each finite segment ``kappa = a + L sin^2(pi t / 2)`` with
    composite Gauss-Legendre nodes in t (8-node panels; the Jacobian cancels the
    inverse-square-root singularities at the branch points and clusters nodes at both ends) and
    on the last segment a logarithmic map up to
    ``kappa_max = 20 / (k0 z_min)``, where the reflected near field has decayed by e^-40. The
    region n_substrate..1.25 n_max, where guided modes and surface plasmons make sharp peaks, gets
    2.5 times the node density of the radiative region.

    ``layout`` (the merged-breakpoint mask and the node count per segment) is computed from the
    whole stack when not given, so that wavelength chunks share it.

    Returns
    -------
    (ndarray, ndarray, tuple)
        ``kappa`` and ``weight`` of shape (W, n_kappa) for ``integral f dkappa``, and the layout.
    """
    wl = stack.wavelength_m
    k0 = 2 * np.pi / wl
    n_max = stack.n_max
    k_t = 1.25 * n_max
    k_max = np.maximum(2.0 * k_t, 0.5 * DECAY_EXPONENT / (k0 * z_min))
    pts = [np.zeros_like(wl), np.real(stack.n_exit), np.real(stack.n_substrate),
           np.real(stack.n_back), np.real(stack.n_emitter), n_max, k_t]
    b = np.sort(np.clip(np.array(pts), 0.0, k_t), axis=0)  # (S+1, W)
    n_tail = max(_SEGMENT_MIN, int(0.15 * n_kappa))
    if layout is not None:
        keep, counts = layout
        return (*_nodes(b[keep], counts, n_tail, k_t, k_max), layout)
    keep = np.concatenate([[True], np.any(np.diff(b, axis=0) > 1e-9 * k_t, axis=1)])
    b = b[keep]  # breakpoints that coincide at every wavelength are merged
    seg_len = np.median(np.diff(b, axis=0), axis=1)
    mid = np.median(0.5 * (b[1:] + b[:-1]), axis=1)
    dense = mid > np.median(np.real(stack.n_substrate))
    n_fin = n_kappa - n_tail
    share = seg_len * np.where(dense, 2.5, 1.0)
    share = share / share.sum() if share.sum() > 0 else np.full(share.shape, 1 / share.size)
    counts = np.maximum(_SEGMENT_MIN, np.floor(share * (n_fin - _SEGMENT_MIN * share.size)
                                                + _SEGMENT_MIN)).astype(int)
    counts[np.argmax(counts)] += n_fin - counts.sum()
    return (*_nodes(b, counts, n_tail, k_t, k_max), (keep, counts))


def _nodes(b, counts, n_tail, k_t, k_max):
    kap, wts = [], []
    for i, m in enumerate(counts):
        t, w = _gauss_legendre(int(m))
        a, L = b[i][:, None], (b[i + 1] - b[i])[:, None]
        s = np.sin(0.5 * np.pi * t)
        # a segment empty at some wavelengths keeps its (zero-weight) nodes off the branch point
        kap.append(a + np.maximum(L, 1e-6 * a) * s ** 2)
        wts.append(L * 0.5 * np.pi * np.sin(np.pi * t) * w)
    t, w = _gauss_legendre(n_tail)
    lr = np.log(k_max / k_t)[:, None]
    kt = k_t[:, None] * np.exp(lr * t)
    kap.append(kt)
    wts.append(kt * lr * w)
    return np.concatenate(kap, axis=1), np.concatenate(wts, axis=1)


def substrate_escape(stack: PlanarEmitterStack, kappa, pol=("s", "p")) -> dict:
    """Fraction of the power entering the substrate that leaves into the front ambient.

    Parameters
    ----------
    stack : PlanarEmitterStack
    kappa : ndarray, shape (W, K)
    pol : tuple of {"s", "p"}

    Returns
    -------
    dict of ndarray, shape (W, K)
        Per polarisation ``T t / (1 - R R_stack t^2)`` with T, R of the substrate/ambient face,
        ``t`` the one-pass power transmission of the substrate and ``R_stack`` the reflectance of
        the film stack seen from the substrate (incoherent multiple reflections); 1 without an
        incoherent substrate, 0 beyond the critical angle of the substrate/ambient face.
    """
    if stack.substrate_thickness is None:
        return {p: np.ones(np.shape(kappa)) for p in pol}
    out = {p: np.zeros(np.shape(kappa)) for p in pol}
    nf_all = stack.n_front[:, None]
    cols = np.nonzero(np.any(kappa < nf_all.real, axis=0))[0]  # kappa sorted per wavelength
    if cols.size == 0:
        return out
    kap = kappa[:, cols]
    k0 = (2 * np.pi / stack.wavelength_m)[:, None]
    ns, nf = stack.n_substrate[:, None], nf_all
    qs, qf = normal_index(ns, kap), normal_index(nf, kap)
    t_pass = np.exp(-2.0 * k0 * stack.substrate_thickness * qs.imag)
    layers = [n[:, None] for n in (*stack.front_n[::-1], stack.n_emitter, *stack.back_n)]
    d = (*stack.front_d[::-1], stack.d_emitter, *stack.back_d)
    r_stack = substack_response(ns, layers, d, stack.n_back[:, None], kap, k0, tuple(pol), False)
    for p in pol:
        big_r = np.abs(fresnel_r(qs, qf, ns ** 2, nf ** 2, p)) ** 2
        big_t = np.where(kap < nf.real, 1.0 - big_r, 0.0)
        den = 1.0 - big_r * np.abs(r_stack[p].r) ** 2 * t_pass ** 2
        out[p][:, cols] = np.divide(big_t * t_pass, den, out=np.zeros(den.shape), where=big_t > 0)
    return out


def _channel_weights(stack: PlanarEmitterStack, kappa, k0):
    """Reflection coefficients and channel weights of the two sub-stacks (see the module notes)."""
    ne = stack.n_emitter[:, None]
    regions = _regions(stack, kappa)
    r_f, r_b, w_f, w_b, f0_f, f0_b = {}, {}, {}, {}, {}, {}
    both = ("s", "p")
    fronts = substack_response(ne, [n[:, None] for n in stack.front_n], stack.front_d,
                               stack.n_substrate[:, None], kappa, k0, both)
    backs = substack_response(ne, [n[:, None] for n in stack.back_n], stack.back_d,
                              stack.n_back[:, None], kappa, k0, both)
    escape = substrate_escape(stack, kappa, both)
    for pol in both:
        fr, bk = fronts[pol], backs[pol]
        r_f[pol], r_b[pol] = fr.r, bk.r
        f0_f[pol], f0_b[pol] = fr.flux[0], bk.flux[0]
        esc = escape[pol]
        f_abs = [fr.flux[j - 1] - fr.flux[j] for j in range(1, len(fr.flux))]
        films_f = fr.flux[0] - fr.flux[-1]
        w_f[pol] = np.stack([*f_abs, fr.flux[-1], fr.flux[-1] * esc, fr.flux[0],
                             *(films_f * m for m in regions)], axis=-1)
        b_abs = [bk.flux[j - 1] - bk.flux[j] for j in range(1, len(bk.flux))]
        films_b = bk.flux[0] - bk.flux[-1]
        w_b[pol] = np.stack([*b_abs, bk.flux[-1], bk.flux[0],
                             *(films_b * m for m in regions)], axis=-1)
    return r_f, r_b, w_f, w_b, f0_f, f0_b


def _regions(stack: PlanarEmitterStack, kappa):
    """Masks of the radiative, guided and evanescent kappa regions, each (W, K)."""
    ns = np.real(stack.n_substrate)[:, None]
    nm = stack.n_max[:, None]
    return (kappa < ns, (kappa >= ns) & (kappa < nm), kappa >= np.maximum(nm, ns))


def dipole_emission(stack: PlanarEmitterStack, position_m=None, profile=None,
                    n_kappa: int = DEFAULT_N_KAPPA, theta_deg=None, keep_map: bool = False,
                    chunk_elements: int = 100_000) -> xr.Dataset:
    """Power dissipation, channels, Purcell factor and angular pattern of dipoles in a stack.

    Parameters
    ----------
    stack : PlanarEmitterStack
        The stack (indices at every wavelength).
    position_m : array_like, optional
        Dipole positions from the front boundary of the emitting layer [m]; default 10 uniform
        cell midpoints.
    profile : array_like, optional
        Emitter density at the positions (uniform default); validated by :func:`check_positions`.
    n_kappa : int
        Number of in-plane-index nodes per wavelength (default 2000).
    theta_deg : array_like, optional
        Angles in the front ambient [deg] for the radiant intensity (default 0..89 by 1).
    keep_map : bool
        Keep the full map K(kappa) at every depth (``k_map``; W x D x 2 x K floats).
    chunk_elements : int
        Work in wavelength chunks of about this many (wavelength, depth, kappa) elements.

    Returns
    -------
    xarray.Dataset
        ``purcell`` (wavelength, depth, orientation); ``mode_power`` (..., channel) adding up to
        it; ``layer_absorption`` (..., layer); the depth-averaged densities ``k_density`` and
        ``air_density`` on the grid ``kappa`` (wavelength, k); ``radiant_intensity``
        (wavelength, theta, orientation) in the front ambient [P0 / sr], averaged over depth,
        and ``radiant_intensity_depth`` (..., depth) per depth; ``depth_weight``. All
        powers in units of P0 (the dipole in an unbounded lossless medium of index Re n_emitter).
    """
    wl = np.asarray(stack.wavelength_m, dtype=float)
    if position_m is None:
        position_m = uniform_positions(stack.d_emitter)
    z, dw = check_positions(position_m, stack.d_emitter, profile)
    if int(n_kappa) < 100:
        raise ConfigError(f"n_kappa must be at least 100, got {n_kappa}")
    theta = np.arange(0.0, 90.0, 1.0) if theta_deg is None else np.asarray(theta_deg, float)
    if theta.size == 0 or np.any(~np.isfinite(theta)) or np.any(theta < 0) or np.any(theta >= 90):
        raise ConfigError("theta_deg must lie in [0, 90) degrees")
    # on-axis intensity is needed for the Lambertian correction
    theta = np.deg2rad(np.union1d([0.0], theta))
    z_min = float(np.min(np.minimum(z, stack.d_emitter - z)))
    nwl, nd = wl.size, z.size
    chunk = max(1, int(chunk_elements // (nd * n_kappa)))
    layout = kappa_grid(stack, int(n_kappa), z_min)[2]
    k_map = np.empty((nwl, nd, 2, int(n_kappa))) if keep_map else None
    starts = range(0, nwl, chunk)

    def run(start):
        sl = slice(start, start + chunk)
        return _emission_chunk(stack.take(sl), z, dw, int(n_kappa), z_min,
                               None if k_map is None else k_map[sl], layout)

    # NumPy releases the GIL in its array kernels: the wavelength chunks run on threads (each
    # writes its own slice of k_map).
    workers = min(os.cpu_count() or 1, 4, len(starts))
    if workers > 1:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            outs = list(pool.map(run, starts))
    else:
        outs = [run(start) for start in starts]
    cat = {k: np.concatenate([o[k] for o in outs], axis=0) for k in outs[0]}
    # the pattern per depth, so that a re-weighted depth profile (summarise) reweights it too
    inten_d = _radiant_intensity(stack, z, theta)
    layer_names = [*stack.front_names[::-1], stack.emitter_name, *stack.back_names]
    ds = xr.Dataset(
        {
            "purcell": (("wavelength", "depth", "orientation"), cat["total"]),
            "mode_power": (("wavelength", "depth", "orientation", "channel"), cat["modes"]),
            "layer_absorption": (("wavelength", "depth", "orientation", "layer"), cat["layers"]),
            "kappa": (("wavelength", "k"), cat["kappa"]),
            "kappa_weight": (("wavelength", "k"), cat["weight"]),
            "k_density": (("wavelength", "k", "orientation"), cat["k_density"]),
            "air_density": (("wavelength", "k", "orientation"), cat["air_density"]),
            "radiant_intensity": (("wavelength", "theta", "orientation"), inten_d @ dw),
            "radiant_intensity_depth": (("wavelength", "theta", "orientation", "depth"),
                                        inten_d),
            "depth_weight": (("depth",), dw),
            "n_substrate": (("wavelength",), np.real(stack.n_substrate)),
            "n_max": (("wavelength",), stack.n_max),
        },
        coords={"wavelength": wl, "depth": z, "orientation": list(ORIENTATIONS),
                "channel": list(MODE_CHANNELS), "layer": layer_names, "theta": theta},
        attrs={"power_units": "P0 (dipole power in an unbounded lossless medium of index "
                              "Re n_emitter)",
               "wavelength_units": "m", "depth_units": "m (from the front boundary of the "
                                                       "emitting layer)",
               "theta_units": "rad (in the front ambient)",
               "radiant_intensity_units": "P0/sr", "k_density_units": "P0 per unit kappa dkappa",
               "emitter_absorption_method": "source work for kappa < Re n_e, interface "
                                            "fluxes beyond; emitter absorption = K - fluxes",
               "n_kappa": int(n_kappa)},
    )
    if keep_map:
        ds["k_map"] = (("wavelength", "depth", "orientation", "k"), k_map)
    return ds


def _emission_chunk(stack, z, dw, n_kappa, z_min, k_map, layout):
    wl = stack.wavelength_m
    k0 = (2 * np.pi / wl)[:, None]
    kappa, weight, _ = kappa_grid(stack, n_kappa, z_min, layout)
    r_f, r_b, w_f, w_b, f0_f, f0_b = _channel_weights(stack, kappa, k0)
    nf, nb = len(stack.front_n), len(stack.back_n)
    res = dipole_kernel(kappa, weight, k0, stack.n_emitter[:, None], stack.d_emitter, z, r_f,
                        r_b, w_f, w_b, f0_f, f0_b, depth_weight=dw, keep_map=k_map is not None,
                        density_columns=((nf + 1,), ()), k_map_out=k_map)
    f, b, tot = res.front, res.back, res.total
    sub_in, air, f_tot = f[..., nf], f[..., nf + 1], f[..., nf + 2]
    back_out, b_tot = b[..., nb], b[..., nb + 1]
    films = [f[..., nf + 3 + i] + b[..., nb + 2 + i] for i in range(3)]
    emit_abs = tot - f_tot - b_tot
    modes = np.stack([air, sub_in - air, back_out, *films, emit_abs], axis=-1)
    layers = np.concatenate([f[..., nf - 1::-1] if nf else f[..., :0], emit_abs[..., None],
                             b[..., :nb]], axis=-1)
    return {"total": tot, "modes": modes, "layers": layers, "kappa": kappa, "weight": weight,
            "k_density": res.density_k * kappa[..., None],
            "air_density": res.density_front[..., 0] * kappa[..., None]}


def _radiant_intensity(stack, z, theta):
    """Radiant intensity [P0/sr] in the front ambient at angles ``theta`` [rad] of an emitter at
    each depth ``z``, shape (W, T, 2, D): the air-channel density per unit kappa dkappa at
    ``kappa = n_exit sin(theta)`` times ``n_exit^2 cos / 2 pi`` (the sub-stacks' responses are
    depth-independent and computed once)."""
    k0 = (2 * np.pi / stack.wavelength_m)[:, None]
    n_x = np.real(stack.n_exit)[:, None]
    ka = n_x * np.sin(theta)[None, :]
    nf = len(stack.front_n)
    weights = _channel_weights(stack, ka, k0)
    factor = (n_x ** 2 * np.cos(theta)[None, :] / (2 * np.pi))[..., None]
    out = np.empty((*ka.shape, 2, z.size))
    for i in range(z.size):
        ang = dipole_kernel(ka, np.zeros_like(ka), k0, stack.n_emitter[:, None],
                            stack.d_emitter, z[i:i + 1], *weights, depth_weight=np.ones(1),
                            density_columns=((nf + 1,), ()))
        out[..., i] = ang.density_front[..., 0] * factor
    return out


@dataclass(frozen=True)
class OutcouplingSummary:
    """Orientation-, depth- and spectrum-averaged figures of an emitter stack.

    Attributes
    ----------
    mode_fractions : dict
        Channel (:data:`MODE_CHANNELS`) -> fraction of the dissipated power (sums to 1).
    layer_absorption : dict
        Layer -> fraction of the dissipated power absorbed in it.
    purcell : float
        Purcell factor F (total rate relative to the unbounded medium of index Re n_emitter).
    plqy, q_eff : float
        Intrinsic PLQY q and effective quantum efficiency ``F q / (F q + 1 - q)`` (Furno 2012,
        Eq. 11), averaged over the depth profile.
    outcoupling : float
        Fraction of the dissipated power that reaches the front ambient (eta_out).
    external_yield : float
        Photons into the front ambient per exciton: depth average of q_eff(z) eta_out(z).
    lambertian_correction : float
        True radiant power / (pi x on-axis radiant intensity): multiply an EQE computed with the
        Lambertian assumption by it.
    wavelength_m, pl_spectrum, el_spectrum : ndarray
        The intrinsic PL (as given) and the EL = PL x power into the front ambient, both per unit
        wavelength, each normalised to unit peak.
    theta_rad, intensity : ndarray
        Angles in the front ambient and the radiant intensity normalised on axis (cos(theta) for a
        Lambertian emitter).
    pl_peak_m, pl_fwhm_m, el_peak_m, el_fwhm_m : float
        Peak wavelengths and full widths at half maximum [m].
    horizontal_fraction : float
        Share of horizontal dipoles used (2/3 isotropic).
    """

    mode_fractions: dict
    layer_absorption: dict
    purcell: float
    plqy: float
    q_eff: float
    outcoupling: float
    external_yield: float
    lambertian_correction: float
    wavelength_m: np.ndarray
    pl_spectrum: np.ndarray
    el_spectrum: np.ndarray
    theta_rad: np.ndarray
    intensity: np.ndarray
    pl_peak_m: float
    pl_fwhm_m: float
    el_peak_m: float
    el_fwhm_m: float
    horizontal_fraction: float


def check_spectrum(wavelength_m, spectrum) -> np.ndarray:
    """Normalised quadrature weights (trapezoid in wavelength) of a non-negative spectrum.

    Raises
    ------
    ConfigError
        Wrong length, negative or non-finite values, or a zero integral.
    """
    wl = np.asarray(wavelength_m, dtype=float)
    s = np.asarray(spectrum, dtype=float)
    if s.shape != wl.shape:
        raise ConfigError(f"spectrum has shape {s.shape}, the wavelength grid {wl.shape}")
    if not np.all(np.isfinite(s)) or np.any(s < 0):
        raise ConfigError("spectrum must be finite and non-negative at every wavelength")
    if wl.size == 1:
        w = np.ones(1)
    else:
        edges = np.concatenate([[wl[0]], 0.5 * (wl[1:] + wl[:-1]), [wl[-1]]])
        w = np.diff(edges)
    w = w * s
    if not w.sum() > 0:
        raise ConfigError("spectrum integrates to zero over the wavelength grid")
    return w / w.sum()


def peak_and_fwhm(wavelength_m, y) -> tuple[float, float]:
    """Peak position and full width at half maximum [m] (:func:`ncled.spectral.peak_metrics`;
    NaN width if the line is not resolved inside the grid)."""
    m = peak_metrics(wavelength_m, y)
    return m.peak, m.fwhm


def summarise(ds: xr.Dataset, spectrum, plqy: float,
              horizontal_fraction: float = ISOTROPIC_HORIZONTAL_FRACTION) -> OutcouplingSummary:
    """Average a :func:`dipole_emission` result over orientation, depth and the PL spectrum.

    Parameters
    ----------
    ds : xarray.Dataset
        Output of :func:`dipole_emission`.
    spectrum : array_like, shape (W,)
        Intrinsic PL per unit wavelength on ``ds.wavelength`` (any scale, non-negative).
    plqy : float
        Intrinsic photoluminescence quantum yield q in (0, 1].
    horizontal_fraction : float
        Share of horizontal dipoles in [0, 1]: 2/3 isotropic (default), 1 all in-plane.

    Returns
    -------
    OutcouplingSummary
    """
    if not 0.0 <= horizontal_fraction <= 1.0:
        raise ConfigError(f"horizontal_fraction must be in [0, 1], got {horizontal_fraction}")
    if not 0.0 < plqy <= 1.0:
        raise ConfigError(f"plqy must be in (0, 1], got {plqy}")
    wl = ds.wavelength.values
    sw = check_spectrum(wl, spectrum)
    ow = np.array([horizontal_fraction, 1.0 - horizontal_fraction])
    dw = ds.depth_weight.values
    k_wd = ds.purcell.values @ ow  # (W, D)
    modes = np.einsum("wdoc,o->wdc", ds.mode_power.values, ow)
    layers = np.einsum("wdol,o->wdl", ds.layer_absorption.values, ow)
    f_d = sw @ k_wd  # Purcell factor per depth
    air_d = sw @ modes[..., 0]
    total = f_d @ dw
    fr = np.einsum("w,d,wdc->c", sw, dw, modes) / total
    la = np.einsum("w,d,wdl->l", sw, dw, layers) / total
    q_eff_d = f_d * plqy / (f_d * plqy + 1.0 - plqy)
    el = np.asarray(spectrum, float) * (modes[..., 0] @ dw)
    # the pattern of this depth profile (the stored ``radiant_intensity`` has the weights the
    # emission was computed with; ``depth_weight`` may have been changed since)
    inten = (np.einsum("w,wtod,o,d->t", sw, ds.radiant_intensity_depth.values, ow, dw)
             if "radiant_intensity_depth" in ds else
             np.einsum("w,wto,o->t", sw, ds.radiant_intensity.values, ow))
    i0 = inten[0]
    pl = np.asarray(spectrum, float)
    pl_pk, pl_w = peak_and_fwhm(wl, pl)
    el_pk, el_w = peak_and_fwhm(wl, el)
    return OutcouplingSummary(
        mode_fractions={c: float(v) for c, v in zip(ds.channel.values, fr, strict=True)},
        layer_absorption={str(n): float(v) for n, v in zip(ds.layer.values, la, strict=True)},
        purcell=float(total),
        plqy=float(plqy),
        q_eff=float(q_eff_d @ dw),
        outcoupling=float(fr[0]),
        external_yield=float((q_eff_d * air_d / f_d) @ dw),
        lambertian_correction=float(air_d @ dw / (np.pi * i0)) if i0 > 0 else float("nan"),
        wavelength_m=wl,
        pl_spectrum=pl / pl.max(),
        el_spectrum=el / el.max() if el.max() > 0 else el,
        theta_rad=ds.theta.values,
        intensity=inten / i0 if i0 > 0 else inten,
        pl_peak_m=pl_pk, pl_fwhm_m=pl_w, el_peak_m=el_pk, el_fwhm_m=el_w,
        horizontal_fraction=float(horizontal_fraction),
    )
