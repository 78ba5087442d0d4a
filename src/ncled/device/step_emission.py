"""LED step 4, the emission: excitons -> photons in the air, the EL spectrum and its angles.

Each exciton formed at depth z emits with the efficiency (:func:`exciton_efficiency`)

    eta_rad(z) = F(z) k_r / (F(z) k_r + k_nr + theta(z) k_X*),

where k_r and k_nr are the radiative and non-radiative rates of the nanocrystals
(:func:`ncled.nanocrystal.exciton_rates`), F(z) the Purcell factor (step 2), theta(z) the
probability that the exciton's nanocrystal holds an extra electron or hole (from the occupancy of
the film's states, :func:`ncled.device.emitter.charged_exciton_probability`), and k_X* the trion
Auger rate, a quarter of the biexciton Auger rate (k_XX = 2 k_X- + 2 k_X+, [Klimov2014]): extra
carriers quench emission through Auger recombination of charged excitons [Bae2013]. A fraction
eta_out(z) of the emitted power reaches the air through the glass (step 2). Hence
(:func:`emission_step`)

    photons to air per area  Phi = sum_z G(z) eta_rad(z) eta_out(z),
    EQE = q Phi / J = charge balance x <eta_rad> x <eta_out>,

with charge balance gamma = q sum_z G(z) / J. The radiant exitance is M = Phi <h nu>, with
<h nu> the photon-weighted mean energy of the outcoupled spectrum; the radiance in the paper's
convention is L = M / pi (a Lambertian pixel, Qu et al. 2022 Methods: R = P / (pi S)), the
on-axis radiance L0 = M / (pi C) with C the Lambertian correction of the computed angular pattern
(C = 1 for a Lambertian emitter), and the radiance a detector reads through a cone of half-angle
theta_m, converting the collected power with the Lambertian assumption as the lab does,
L_cone = L0 (2 / sin^2 theta_m) int_0^theta_m i(theta) sin theta d theta with i the pattern
normalised on axis (L_cone = L0 for i = cos theta; = M / pi for theta_m = 90 deg).

The EL spectrum at each bias is the film's PL (shifted for that bias's temperature) times the
power into the air at each depth, weighted by the bias's emission profile G eta_rad:
:func:`ncled.optics.outcoupling.summarise` with that profile and that PL.

References
----------
.. [Furno2012] M. Furno et al., Phys. Rev. B 85, 115205 (2012), doi:10.1103/PhysRevB.85.115205.
.. [Bae2013] W. K. Bae et al., Nat. Commun. 4, 2661 (2013), doi:10.1038/ncomms3661.
.. [Klimov2014] V. I. Klimov, Annu. Rev. Condens. Matter Phys. 5, 285 (2014),
   doi:10.1146/annurev-conmatphys-031113-133900.
.. [Qu2022] J. Qu et al., Nat. Photon. 16, 38 (2022), doi:10.1038/s41566-021-00902-y.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ncled.constants import c, h, q
from ncled.device.emitter import charged_exciton_probability, radiative_efficiency
from ncled.device.step_nanocrystal import EmitterPhysics
from ncled.parameters import value as _param
from ncled.transport.sweep import SweepResult

#: Current density below which the drift-diffusion current is numerical noise [A/m^2]
#: (1e-7 mA/cm^2; the solver's continuity error exceeds 1e-3 below about 1e-8 A/m^2).
CURRENT_FLOOR = 1e-6


def profile_weights(sweep: SweepResult, emitter_layer: int, depth_edges: np.ndarray,
                    z0: float, values: np.ndarray) -> np.ndarray:
    """Integrate ``values`` (bias, node) over each depth cell of the emitter [per m^2]."""
    x = sweep.x
    inside = sweep.layer == emitter_layer
    xe, ve = x[inside] - z0, values[:, inside]
    fine = np.linspace(0.0, depth_edges[-1], 401)
    vf = np.stack([np.interp(fine, xe, v) for v in ve])
    cum = np.concatenate([np.zeros((vf.shape[0], 1)),
                          np.cumsum(0.5 * (vf[:, 1:] + vf[:, :-1]) * np.diff(fine), axis=1)],
                         axis=1)
    at_edges = np.stack([np.interp(depth_edges, fine, cc) for cc in cum])
    return np.diff(at_edges, axis=1)


def exciton_efficiency(sweep: SweepResult, em: EmitterPhysics, i_em: int, edges: np.ndarray,
                       z0: float, purcell_d: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Excitons formed per depth cell and their radiative efficiency, per bias.

    eta_rad(z) = F(z) k_r / (F(z) k_r + k_nr + theta(z) k_X*) with theta the probability that
    the exciton's NC holds an extra carrier
    (:func:`ncled.device.emitter.charged_exciton_probability`, from the occupancies of the film's
    states) averaged over the exciton formation in each cell.

    Returns
    -------
    (ndarray, ndarray)
        ``g_cells`` [m^-2 s^-1], shape (B, D): Langevin exciton formation integrated over each
        depth cell; ``eta_rad``, shape (B, D).
    """
    g = sweep.r_langevin * np.where(sweep.layer == i_em, 1.0, 0.0)  # exciton formation [m^-3/s]
    theta = charged_exciton_probability(sweep.n, sweep.p, _param("HgTe.states_cb") *
                                        em.nc_density_m3, _param("HgTe.states_vb") *
                                        em.nc_density_m3)
    g_cells = profile_weights(sweep, i_em, edges, z0, g)  # (B, D) [m^-2 s^-1]
    th_num = profile_weights(sweep, i_em, edges, z0, g * theta)
    th_cells = np.divide(th_num, g_cells, out=np.zeros_like(g_cells), where=g_cells > 0)
    eta_rad = radiative_efficiency(purcell_d, em.k_radiative, em.k_nonradiative, em.k_trion,
                                   th_cells)  # (B, D)
    return g_cells, eta_rad


@dataclass(frozen=True)
class EmissionStep:
    """Result of :func:`emission_step`, per bias (B), wavelength (W) and angle (T); SI.

    Attributes
    ----------
    photon_flux : (B,) photons into the air per pixel area and second [m^-2 s^-1]
    exciton_flux : (B,) excitons formed per area and second [m^-2 s^-1]
    eqe, charge_balance, radiative_efficiency : (B,) [1] (NaN below :data:`CURRENT_FLOOR`)
    mean_photon_energy : (B,) [J]
    radiant_exitance : (B,) [W/m^2]
    radiance_lambertian, radiance_on_axis, radiance_collected : (B,) [W sr^-1 m^-2]
    lambertian_correction : (B,) [1]
    el_spectrum : (B, W) EL per unit wavelength, peak-normalised
    intensity : (B, T) radiant intensity normalised on axis
    """

    photon_flux: np.ndarray
    exciton_flux: np.ndarray
    eqe: np.ndarray
    charge_balance: np.ndarray
    radiative_efficiency: np.ndarray
    mean_photon_energy: np.ndarray
    radiant_exitance: np.ndarray
    radiance_lambertian: np.ndarray
    radiance_on_axis: np.ndarray
    radiance_collected: np.ndarray
    lambertian_correction: np.ndarray
    el_spectrum: np.ndarray
    intensity: np.ndarray
    theta_rad: np.ndarray


def collected_fraction(theta_rad, intensity, half_angle_rad: float) -> float:
    """(2 / sin^2 theta_m) int_0^theta_m i(theta) sin theta d theta: the radiance a cone of
    half-angle theta_m reads, Lambertian conversion, relative to the on-axis radiance."""
    t = np.asarray(theta_rad, dtype=float)
    i = np.asarray(intensity, dtype=float)
    tm = min(float(half_angle_rad), float(t[-1]))
    grid = np.linspace(0.0, tm, 181)
    f = np.interp(grid, t, i) * np.sin(grid)
    return float(2.0 * np.trapezoid(f, grid) / np.sin(tm) ** 2)


#: Biases at which the EL spectrum, angular pattern and mean photon energy are computed
#: (:func:`spectral_nodes`); in between they are interpolated in log current: the emission
#: profile, hence these, changes slowly with the current.
N_SPECTRAL_NODES = 12


def spectral_nodes(current_density, n: int = N_SPECTRAL_NODES) -> np.ndarray:
    """Indices of up to ``n`` biases spread evenly in log current over those above
    :data:`CURRENT_FLOOR` (the first bias when none is)."""
    j = np.asarray(current_density, dtype=float)
    on = np.flatnonzero(j > CURRENT_FLOOR)
    if on.size == 0:
        return np.array([0])
    logj = np.log(j[on])
    targets = np.linspace(logj.min(), logj.max(), min(n, on.size))
    idx = on[np.unique(np.abs(logj[None, :] - targets[:, None]).argmin(axis=1))]
    return np.unique(idx)


def emission_step(current_density, g_cells, eta_rad, optics, pl, plqy: float,
                  collection_half_angle_rad: float, n_spectral: int = N_SPECTRAL_NODES
                  ) -> EmissionStep:
    """Photons into the air, EQE, radiances and the EL spectrum at each bias.

    Parameters
    ----------
    current_density : ndarray (B,)
        Forward current density [A/m^2].
    g_cells, eta_rad : ndarray (B, D)
        From :func:`exciton_efficiency`.
    optics : ncled.device.step_optics.OpticsStep
    pl : ndarray (B, W)
        The film's PL at each bias's temperature.
    plqy : float
        Intrinsic PLQY (reported by the outcoupling summary only).
    collection_half_angle_rad : float
        Half-angle of the detector's collection cone.
    n_spectral : int
        Number of :func:`spectral_nodes`.

    Notes
    -----
    Equations in the module docstring; the averages over wavelength, orientation and depth are
    :func:`ncled.optics.outcoupling.summarise`'s, at the :func:`spectral_nodes` (interpolated in
    log current in between: the photon flux and EQE are exact at every bias).
    """
    from ncled.device.step_optics import with_depth_weight
    from ncled.optics.outcoupling import summarise

    j = np.asarray(current_density, dtype=float)
    photons = np.sum(g_cells * eta_rad * optics.outcoupling_depth, axis=1)
    excitons = g_cells.sum(axis=1)
    on = j > CURRENT_FLOOR
    with np.errstate(divide="ignore", invalid="ignore"):
        eqe = np.where(on, q * photons / j, np.nan)
        balance = np.where(on, q * excitons / j, np.nan)
        mean_eta = np.where(on & (excitons > 0), np.sum(g_cells * eta_rad, 1) / excitons, np.nan)
    wl = optics.wavelength_m
    dwl = np.gradient(wl)
    n_d = g_cells.shape[1]
    nodes = spectral_nodes(j, n_spectral)
    el, inten, weighted = np.empty((nodes.size, wl.size)), None, None
    lam, e_mean, cone = np.empty(nodes.size), np.empty(nodes.size), np.empty(nodes.size)
    for k, b in enumerate(nodes):
        prof = g_cells[b] * eta_rad[b]
        prof = prof / prof.sum() if prof.sum() > 0 else np.full(n_d, 1.0 / n_d)
        weighted = with_depth_weight(optics.emission, prof, weighted)
        s = summarise(weighted, pl[b], plqy, optics.horizontal_fraction)
        el[k] = s.el_spectrum
        inten = np.empty((nodes.size, s.intensity.size)) if inten is None else inten
        inten[k] = s.intensity
        lam[k] = s.lambertian_correction
        w = s.el_spectrum * dwl  # photons per wavelength bin (relative)
        e_mean[k] = np.sum(w * h * c / wl) / np.sum(w)
        cone[k] = collected_fraction(s.theta_rad, s.intensity, collection_half_angle_rad)
    x = np.log(np.maximum(j, CURRENT_FLOOR))
    xn = x[nodes]

    def spread(values):
        values = np.asarray(values, dtype=float)
        if values.ndim == 1:
            return np.interp(x, xn, values)
        return np.stack([np.interp(x, xn, col) for col in values.T], axis=1)

    el, inten, lam, e_mean, cone = (spread(v) for v in (el, inten, lam, e_mean, cone))
    exitance = photons * e_mean
    on_axis = exitance / (np.pi * lam)
    return EmissionStep(
        photon_flux=photons, exciton_flux=excitons, eqe=eqe, charge_balance=balance,
        radiative_efficiency=mean_eta, mean_photon_energy=e_mean, radiant_exitance=exitance,
        radiance_lambertian=exitance / np.pi, radiance_on_axis=on_axis,
        radiance_collected=on_axis * cone, lambertian_correction=lam,
        el_spectrum=np.array(el), intensity=np.array(inten),
        theta_rad=np.asarray(optics.emission.theta.values, dtype=float))
