"""LED step 2, the optics: the film's PL and the microcavity's dipole emission at each depth.

The emitting film's PL is the ensemble's (:mod:`ncled.nanocrystal`, with the file's size
dispersion) red-shifted by ``film.pl_red_shift_mev`` and broadened by ``film.pl_broadening_mev``
(the ligand exchange, declared in the device file, :class:`ncled.device.lab.Film`):

    S_film(E) = [S_ens * G_b](E + delta),

with G_b a Gaussian of FWHM b. Every nanocrystal's line in the ensemble is a Gaussian in energy
(:mod:`ncled.nanocrystal.ensemble`), so the convolution is exact as a homogeneous width
sqrt(w_h^2 + b^2). A temperature rise Delta T shifts the line by -dEg/dT Delta T (to the blue,
:func:`ncled.device.step_nanocrystal.gap_shift_ev`).

The dipole emission of :mod:`ncled.optics.outcoupling` then gives, for each depth z of the
emitting layer, the Purcell factor F(z) and the fraction eta_out(z) of the emitted power that
reaches the air through the glass, averaged over the PL and the dipole orientations by
:func:`ncled.optics.outcoupling.summarise`. The emitting layer's own absorption (self-absorption
of the blue side of the PL) and the cavity's filtering are part of that calculation: the emitter's
index is complex (:mod:`ncled.materials`).

References
----------
.. [Furno2012] M. Furno et al., Phys. Rev. B 85, 115205 (2012), doi:10.1103/PhysRevB.85.115205.
.. [Qu2022] J. Qu et al., Nat. Photon. 16, 38 (2022), doi:10.1038/s41566-021-00902-y.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import xarray as xr

from ncled.device.config import DeviceConfig
from ncled.device.emission import default_wavelengths, emitter_stack, film_pl
from ncled.device.step_nanocrystal import EmitterPhysics, emitter_physics, gap_shift_ev


@dataclass(frozen=True)
class OpticsStep:
    """Result of :func:`optics_step` (SI).

    Attributes
    ----------
    wavelength_m : ndarray (W,)
    depth_edges_m, depth_m : ndarray (D+1,), (D,)
        Cell edges and midpoints in the emitting layer, from its cathode-side boundary.
    pl : ndarray (W,)
        The film's PL per unit wavelength at the ambient temperature [1/m].
    purcell_depth, outcoupling_depth : ndarray (D,)
        F(z) and eta_out(z), each from :func:`ncled.optics.outcoupling.summarise` at that depth.
    emission : xarray.Dataset
        The :func:`ncled.optics.outcoupling.dipole_emission` result.
    horizontal_fraction : float
    """

    wavelength_m: np.ndarray
    depth_edges_m: np.ndarray
    depth_m: np.ndarray
    pl: np.ndarray
    purcell_depth: np.ndarray
    outcoupling_depth: np.ndarray
    emission: xr.Dataset
    horizontal_fraction: float


def depth_cells(thickness_m: float, n_depth: int) -> tuple[np.ndarray, np.ndarray]:
    """Edges and midpoints [m] of ``n_depth`` equal cells across the emitting layer."""
    edges = np.linspace(0.0, thickness_m, n_depth + 1)
    return edges, 0.5 * (edges[1:] + edges[:-1])


def optics_step(config: DeviceConfig, em: EmitterPhysics, *, n_wavelength: int, n_depth: int,
                n_kappa: int, horizontal_fraction: float) -> OpticsStep:
    """Dipole emission of the device's emitting layer and its per-depth Purcell factor and
    outcoupling, averaged over the film's PL (:func:`ncled.device.emission.film_pl`) and the
    dipole orientations.

    Notes
    -----
    F(z) = sum_lambda,o w_lambda w_o K_o(lambda, z) and eta_out(z) = P_air(z) / F(z) with
    w_lambda the PL weights: :func:`ncled.optics.outcoupling.summarise` with all the depth
    weight on z [Furno2012].
    """
    from ncled.optics.outcoupling import dipole_emission, summarise

    wl = default_wavelengths(config, n_wavelength)
    stack = emitter_stack(config, wl)
    edges, depths = depth_cells(stack.d_emitter, n_depth)
    opt = dipole_emission(stack, position_m=depths, n_kappa=n_kappa)
    pl = film_pl(config, wl)
    purcell, eta_out = np.empty(n_depth), np.empty(n_depth)
    weighted = with_depth_weight(opt)
    for i in range(n_depth):
        s = summarise(with_depth_weight(opt, np.eye(n_depth)[i], weighted), pl, em.plqy,
                      horizontal_fraction)
        purcell[i], eta_out[i] = s.purcell, s.outcoupling
    return OpticsStep(wl, edges, depths, pl, purcell, eta_out, opt, horizontal_fraction)


def with_depth_weight(emission: xr.Dataset, weight=None, reuse: xr.Dataset | None = None
                      ) -> xr.Dataset:
    """``emission`` with a ``depth_weight`` variable (uniform by default) for
    :func:`ncled.optics.outcoupling.summarise`. Given ``reuse`` (an earlier result of this
    function), its weight is overwritten in place instead of building a new dataset: the
    per-depth and per-bias averages call summarise many times on one emission result."""
    w = np.full(emission.sizes["depth"], 1.0 / emission.sizes["depth"]) if weight is None \
        else np.asarray(weight, dtype=float)
    if reuse is None:
        return emission.assign(depth_weight=("depth", w.copy()))
    reuse["depth_weight"].values[:] = w
    return reuse


def temperature_shift_ev(em_temperature_k, ambient_k) -> np.ndarray:
    """Blue shift of the PL for emitter temperatures ``em_temperature_k`` [eV]."""
    return gap_shift_ev(np.asarray(em_temperature_k, dtype=float) - ambient_k)


def prepare(config: DeviceConfig) -> None:
    """Fill this process's memoised inputs of the optics of ``config``: the nanocrystal sizes
    inverted from their peaks (:mod:`ncled.nanocrystal.spectra`), the material tables, and
    xarray's first-use imports (an optics step on the smallest grids).

    Called before forking a worker (``ncled simulate`` runs its studies in one), so that both
    processes inherit them instead of each computing them again.

    Parameters
    ----------
    config : DeviceConfig
        The device.
    """
    from ncled.optics.outcoupling import ISOTROPIC_HORIZONTAL_FRACTION

    optics_step(config, emitter_physics(config), n_wavelength=3, n_depth=1, n_kappa=100,
                horizontal_fraction=ISOTROPIC_HORIZONTAL_FRACTION)
