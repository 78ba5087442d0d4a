"""Pump-probe kinetics of nanocrystal films: a carrier model and the global fit of fluence series.

Carrier model (:func:`simulate_transient_reflectivity`). A pump pulse of fluence F and photon
energy hv creates in each nanocrystal a Poisson-distributed number of excitations with mean
``<N> = sigma F / (h nu)`` (sigma: absorption cross-section per NC). Each excitation is created
in a hot state (CB_H), thermalises (``tau_th`` ~ 250 fs), relaxes to the band edge (CB_G,
``tau_rel`` ~ 3 ps) or, with ZnO nearby, is transferred out as a hot electron (rate ``k_ET``).
Band-edge excitons decay singly (``tau_x`` ~ 2 ns) and by Auger recombination with the
statistical (pair-counting) scaling ``k_A(b) = C(b, 2) / tau_xx``, so a biexciton decays with
``tau_xx`` (5-30 ps in the fluence series of Qu et al.). The state of a nanocrystal is the
number of excitations in each stage, ``(c, h, b)``; the probabilities follow the master
equation, solved exactly (no mean-field approximation) with a stiff ODE solver. The
reflectivity change is ``sum_s weight_s <n_s>(t)``, convolved with the Gaussian pump-probe
cross-correlation (35 fs).

Global fit (:func:`fit_fluence_series`): traces at several fluences share their time constants
and carry their own amplitudes (variable projection, :mod:`ncled.analysis.global_analysis`).

References
----------
Qu et al., Nat. Photon. 16, 38 (2022), doi:10.1038/s41566-021-00902-y (time scales, 35 fs);
V. I. Klimov et al., Science 287, 1011 (2000), doi:10.1126/science.287.5455.1011 (quantised
Auger recombination, Poisson statistics of excitations); C. Melnychuk and P. Guyot-Sionnest,
J. Phys. Chem. Lett. 9, 2208 (2018), doi:10.1021/acs.jpclett.8b00750 (Auger in HgTe NCs);
V. I. Klimov, Annu. Rev. Condens. Matter Phys. 5, 285 (2014),
doi:10.1146/annurev-conmatphys-031113-133900 (statistical scaling of multiexciton decay).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.integrate import solve_ivp
from scipy.sparse import csr_matrix
from scipy.stats import poisson

from ncled.analysis.global_analysis import GlobalFitResult, global_lifetime_fit
from ncled.errors import ConfigError


@dataclass(frozen=True)
class CarrierModel:
    """Time constants [s] and signal weights of the carrier model.

    Defaults are the HgTe NC values of Qu et al. (2022): thermalisation 250 fs, relaxation to
    the band edge 3 ps, biexciton Auger 20 ps (within their 5-30 ps), exciton 2 ns; no ZnO.
    Signal weights (hot : thermalised : band edge) are illustrative, chosen so that the trace
    shows the sharp rise, slower rise and decay of their Fig. 1d-e.
    """

    tau_thermalisation_s: float = 250e-15
    tau_relaxation_s: float = 3e-12
    tau_auger_biexciton_s: float = 20e-12
    tau_exciton_s: float = 2e-9
    hot_transfer_rate_s: float = 0.0
    weight_hot: float = 0.3
    weight_thermalised: float = 0.6
    weight_band_edge: float = 1.0

    def validate(self) -> None:
        """Raise :class:`~ncled.errors.ConfigError` for non-positive time constants."""
        bad = [n for n in ("tau_thermalisation_s", "tau_relaxation_s", "tau_auger_biexciton_s",
                           "tau_exciton_s") if not getattr(self, n) > 0]
        if bad or self.hot_transfer_rate_s < 0:
            raise ConfigError(f"carrier model: time constants must be > 0 and the transfer rate "
                              f">= 0; bad: {bad or ['hot_transfer_rate_s']}")


def mean_excitations(fluence_j_m2, cross_section_m2, photon_energy_ev):
    """Mean number of excitations per NC, ``<N> = sigma F / (h nu)`` (Klimov 2000)."""
    from ncled.constants import q

    return (np.asarray(cross_section_m2, float) * np.asarray(fluence_j_m2, float)
            / (np.asarray(photon_energy_ev, float) * q))


def _states(nmax: int) -> tuple[np.ndarray, dict]:
    st = [(c, h, b) for c in range(nmax + 1) for h in range(nmax + 1 - c)
          for b in range(nmax + 1 - c - h)]
    return np.array(st), {s: i for i, s in enumerate(st)}


def _generator(model: CarrierModel, nmax: int):
    st, index = _states(nmax)
    rows, cols, vals = [], [], []
    k_th = 1 / model.tau_thermalisation_s
    k_rel = 1 / model.tau_relaxation_s
    k_et = model.hot_transfer_rate_s
    k_x = 1 / model.tau_exciton_s
    k_xx = 1 / model.tau_auger_biexciton_s
    out_rate = np.zeros(len(st))
    for i, (c, h, b) in enumerate(st):
        moves = [((c - 1, h + 1, b), c * k_th), ((c, h - 1, b + 1), h * k_rel),
                 ((c, h - 1, b), h * k_et), ((c, h, b - 1), b * k_x + b * (b - 1) / 2 * k_xx)]
        for target, rate in moves:
            if rate > 0:
                rows.append(index[target])
                cols.append(i)
                vals.append(rate)
                out_rate[i] += rate
    rows += list(range(len(st)))
    cols += list(range(len(st)))
    vals += list(-out_rate)
    return csr_matrix((vals, (rows, cols)), shape=(len(st),) * 2), st, index


def carrier_populations(time_s, mean_n: float, model: CarrierModel | None = None,
                        nmax: int | None = None) -> np.ndarray:
    """Mean numbers of excitations per NC in the hot, thermalised and band-edge states.

    Parameters
    ----------
    time_s : array_like
        Times after an instantaneous pump [s] (t < 0 gives zero).
    mean_n : float
        Mean excitations per NC, ``<N>``.
    model : CarrierModel, optional
        Time constants (default: HgTe values of Qu et al. 2022).
    nmax : int, optional
        Largest number of excitations per NC kept (default covers the Poisson tail to 1e-9).

    Returns
    -------
    numpy.ndarray
        Shape (3, T): ``<c>``, ``<h>``, ``<b>``.
    """
    model = model or CarrierModel()
    model.validate()
    if not mean_n >= 0:
        raise ConfigError(f"mean excitations per NC must be >= 0, got {mean_n}")
    if nmax is None:
        nmax = int(max(4, poisson.isf(1e-9, max(mean_n, 1e-9)) + 1))
    q, st, index = _generator(model, nmax)
    p0 = np.zeros(len(st))
    pn = poisson.pmf(np.arange(nmax + 1), mean_n)
    pn[-1] += max(0.0, 1 - pn.sum())  # lump the truncated tail into nmax
    for n in range(nmax + 1):
        p0[index[(n, 0, 0)]] = pn[n]
    t = np.asarray(time_s, float)
    pos = np.unique(t[t > 0])
    out = np.zeros((3, t.size))
    if pos.size:
        sol = solve_ivp(lambda _t, p: q @ p, (0.0, pos[-1]), p0, method="BDF", t_eval=pos,
                        jac=q, rtol=1e-8, atol=1e-12)
        if not sol.success:
            raise ConfigError(f"carrier model integration failed: {sol.message}")
        means = st.T.astype(float) @ sol.y  # (3, len(pos))
        idx = np.searchsorted(pos, t[t > 0])
        out[:, t > 0] = means[:, idx]
    out[:, t == 0] = [[mean_n], [0.0], [0.0]]
    return out


def simulate_transient_reflectivity(time_s, fluence_j_m2, *, cross_section_m2: float,
                                    photon_energy_ev: float = 1.55,
                                    model: CarrierModel | None = None,
                                    irf_fwhm_s: float = 35e-15) -> np.ndarray:
    """Transient reflectivity traces for a set of pump fluences.

    Parameters
    ----------
    time_s : array_like
        Pump-probe delays [s], shape (T,).
    fluence_j_m2 : array_like
        Pump fluences [J/m^2] (60 uJ/cm^2 = 0.6 J/m^2 in Qu et al.), shape (K,).
    cross_section_m2 : float
        Absorption cross-section per NC at the pump photon energy [m^2].
    photon_energy_ev : float
        Pump photon energy [eV] (1.55 eV, 800 nm, Qu et al.).
    model : CarrierModel, optional
    irf_fwhm_s : float
        FWHM of the Gaussian pump-probe cross-correlation [s] (35 fs, Qu et al.).

    Returns
    -------
    numpy.ndarray
        Shape (T, K), ``sum_s weight_s <n_s>(t)`` convolved with the IRF (arbitrary units of
        the weights; the per-NC signal scales with <N> at low fluence).

    Notes
    -----
    The convolution is done on a uniform grid (step IRF/10) up to 40 IRF widths past the
    thermalisation time; later the response varies on scales >= ``tau_rel`` and the unconvolved
    response differs from the convolved one by ``~ (sigma/tau)^2 / 2`` (< 1e-4 for the defaults).
    """
    model = model or CarrierModel()
    t = np.asarray(time_s, float)
    flu = np.atleast_1d(np.asarray(fluence_j_m2, float))
    w = np.array([model.weight_hot, model.weight_thermalised, model.weight_band_edge])
    s = irf_fwhm_s / (2 * np.sqrt(2 * np.log(2)))
    t_early = 10 * model.tau_thermalisation_s + 40 * s
    step = max(s / 10, 1e-18)
    grid = np.arange(-8 * s, t_early + 8 * s + step, step)
    half = int(np.ceil(6 * s / step))
    kern = np.exp(-0.5 * (np.arange(-half, half + 1) * step / s) ** 2)
    kern /= kern.sum()
    out = np.empty((t.size, flu.size))
    for k, f in enumerate(flu):
        n_mean = float(mean_excitations(f, cross_section_m2, photon_energy_ev))
        need = np.concatenate([grid, t])
        pops = carrier_populations(need, n_mean, model)
        resp = w @ pops
        r_grid, r_t = resp[: grid.size], resp[grid.size:]
        conv = np.convolve(np.pad(r_grid, half, mode="edge"), kern, mode="valid")
        early = t <= t_early
        out[:, k] = np.where(early, np.interp(t, grid, conv), r_t)
    return out


@dataclass(frozen=True)
class FluenceSeriesFit:
    """Global fit of a fluence series: shared lifetimes, per-trace amplitudes."""

    fluence_j_m2: np.ndarray
    result: GlobalFitResult

    @property
    def lifetimes_s(self) -> np.ndarray:
        """The shared time constants [s]."""
        return self.result.lifetimes_s


def fit_fluence_series(time_s, traces, fluence_j_m2, lifetimes0_s=(250e-15, 3e-12, 20e-12, 2e-9),
                       *, irf_fwhm_s: float = 35e-15, fit_irf: bool = False,
                       t0_s: float = 0.0) -> FluenceSeriesFit:
    """Fit traces at several fluences with shared time constants and a Gaussian IRF.

    Parameters
    ----------
    time_s : array_like
        Delays [s], shape (T,).
    traces : array_like
        Shape (T, K), one column per fluence.
    fluence_j_m2 : array_like
        Shape (K,).
    lifetimes0_s : sequence of float
        Start values (default: rise 250 fs, relaxation 3 ps, Auger 20 ps, exciton 2 ns).
    irf_fwhm_s : float
        IRF FWHM [s], fixed at 35 fs unless ``fit_irf``.
    """
    traces = np.asarray(traces, float)
    flu = np.atleast_1d(np.asarray(fluence_j_m2, float))
    if traces.ndim != 2 or traces.shape[1] != flu.size:
        raise ConfigError(f"traces must be (delays, fluences) with {flu.size} columns, got "
                          f"{traces.shape}")
    res = global_lifetime_fit(time_s, traces, lifetimes0_s, t0_s=t0_s, irf_fwhm_s=irf_fwhm_s,
                              fit_irf=fit_irf)
    return FluenceSeriesFit(flu, res)


__all__ = ["CarrierModel", "FluenceSeriesFit", "carrier_populations", "fit_fluence_series",
           "mean_excitations", "simulate_transient_reflectivity"]
