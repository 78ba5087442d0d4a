"""Panels of the nanocrystal: Fig. 1a-b (absorption, PL, growth temperature), 1d-e and 4e
(transient reflectivity from the carrier model of :mod:`ncled.analysis.pumpprobe`).

References
----------
.. [Qu2022] J. Qu et al., Nat. Photon. 16, 38 (2022), doi:10.1038/s41566-021-00902-y.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from ncled.constants import c, h, q, zero_celsius
from ncled.reproduce.context import PanelResult, ReproduceContext, new_figure

#: Pump photon energy [eV] and the paper's typical fluence [uJ/cm^2] (Methods: 800 nm pump,
#: 60 uJ/cm^2) [Qu2022].
PUMP_PHOTON_ENERGY_EV = 1.55
TYPICAL_FLUENCE_UJ_CM2 = 60.0
#: Growth temperatures of the three batches [C] (Methods) [Qu2022].
GROWTH_TEMPERATURES_C = (70.0, 75.0, 80.0)
#: Delays of the pump-probe traces [s]: 20 fs steps to 6 ps (regimes I-II), then logarithmic to
#: 300 ps (regime III), as in the early- and long-time views of Fig. 1d-e.
DELAYS_S = np.concatenate([np.arange(-0.5e-12, 6e-12, 20e-15), np.geomspace(6.1e-12, 300e-12, 90)])
#: Delays at which the fast (regime I) and slow (regime II) rises are read in Fig. 4e [s]:
#: two thermalisation times after the pump, and at the end of the band-edge relaxation.
FAST_READ_S = 0.5e-12
SLOW_READ_S = 3e-12
#: Start of the regime-III (long-time) decay compared with and without ZnO [s]: after the
#: band-edge relaxation (twice its 3 ps), so that the hot-state dynamics do not enter.
REGIME_III_START_S = 6e-12


def _uj_cm2_to_j_m2(f):
    return np.asarray(f, dtype=float) * 1e-2  # 1 uJ/cm^2 = 1e-6 J / 1e-4 m^2


def panel_1a(ctx: ReproduceContext) -> PanelResult:
    """Absorption and PL of the 2 um HgTe ensemble (Kane sizing, ensemble line shapes)."""
    from ncled.nanocrystal.ensemble import absorption_coefficient, pl_density_energy
    from ncled.nanocrystal.spectra import density_energy_to_wavelength, spectral_summary

    p = ctx.ensemble
    s = spectral_summary(p)
    wl = np.linspace(1.0e-6, 3.0e-6, 801)
    alpha = absorption_coefficient(p, h * c / wl)
    pl = density_energy_to_wavelength(pl_density_energy(p, h * c / wl), wl)
    data = xr.Dataset(
        {"absorption": ("wavelength", alpha, {"units": "1/m", "long_name":
                        "absorption coefficient of the NC cores"}),
         "pl": ("wavelength", pl, {"units": "1/m", "long_name": "PL per unit wavelength"})},
        coords={"wavelength": ("wavelength", wl, {"units": "m"})})
    fig, ax = new_figure()
    ax.plot(wl * 1e6, alpha / alpha.max(), "C0-", label="absorption")
    ax.plot(wl * 1e6, pl / pl.max(), "C3-", label="PL")
    ax.axvline(s.absorption_peak_nm * 1e-3, color="C0", lw=0.6, ls=":")
    ax.set(xlabel="wavelength (µm)", ylabel="normalised", title="1a  HgTe NCs, PL at 2 µm")
    ax.legend(frameon=False)
    numbers = {"pl_peak_nm": s.pl_wavelength.peak, "pl_fwhm_nm": s.pl_wavelength.fwhm,
               "resolving_power": s.resolving_power, "stokes_nm": s.stokes_nm,
               "absorption_peak_nm": s.absorption_peak_nm, "diameter_nm": p.diameter * 1e9}
    return PanelResult(data, fig, numbers, "size from the PL peak by the Kane sizing curve; "
                       "ensemble absorption and PL of a 4 % size distribution")


def panel_1b(ctx: ReproduceContext) -> PanelResult:
    """PL of the three batches grown at 70, 75 and 80 C (synthesis planner + ensemble)."""
    from ncled.nanocrystal import pl_spectrum, plan_synthesis
    from ncled.spectral import peak_metrics

    wl = np.linspace(1.4e-6, 3.0e-6, 801)
    temps = np.array(GROWTH_TEMPERATURES_C)
    plans = [plan_synthesis(temperature_k=t + zero_celsius) for t in temps]
    spectra = np.stack([pl_spectrum("HgTe", wl, diameter_m=pl.diameter) for pl in plans])
    data = xr.Dataset(
        {"pl": (("growth_temperature", "wavelength"), spectra, {"units": "1/m"}),
         "diameter": ("growth_temperature", [pl.diameter for pl in plans], {"units": "m"})},
        coords={"growth_temperature": ("growth_temperature", temps + zero_celsius,
                                       {"units": "K"}),
                "wavelength": ("wavelength", wl, {"units": "m"})})
    fig, ax = new_figure()
    numbers = {}
    for t, plan, sp in zip(temps, plans, spectra, strict=True):
        m = peak_metrics(wl, sp)
        tag = f"{t:.0f}c"
        numbers[f"pl_peak_{tag}_nm"] = m.peak * 1e9
        numbers[f"pl_fwhm_{tag}_nm"] = m.fwhm * 1e9
        numbers[f"diameter_{tag}_nm"] = plan.diameter * 1e9
        ax.plot(wl * 1e6, sp / sp.max(), label=f"{t:.0f} °C, d = {plan.diameter * 1e9:.2f} nm")
    ax.set(xlabel="wavelength (µm)", ylabel="normalised PL", title="1b  growth temperature")
    ax.legend(frameon=False, fontsize=8)
    return PanelResult(data, fig, numbers, "PL peak from the growth temperature (the paper's "
                       "70/75/80 C calibration), size from the Kane curve, ensemble PL")


def cross_section_m2(ctx: ReproduceContext) -> float:
    """Absorption cross-section per NC at the pump photon energy [m^2]: alpha(E) x volume."""
    from ncled.nanocrystal.ensemble import absorption_coefficient

    p = ctx.ensemble
    alpha = float(absorption_coefficient(p, PUMP_PHOTON_ENERGY_EV * q))
    return alpha * np.pi / 6.0 * p.diameter ** 3


def decay_time_1e(time_s, trace) -> float:
    """Regime-III decay time [s]: from the trace's maximum to the first delay where the signal
    above its last value has fallen to 1/e of the maximum's (NaN if it never does)."""
    t = np.asarray(time_s, dtype=float)
    y = np.asarray(trace, dtype=float)
    i = int(np.argmax(y))
    base = y[-1]
    below = np.flatnonzero((t > t[i]) & (y - base <= (y[i] - base) / np.e))
    if below.size == 0:
        return float("nan")
    j = int(below[0])
    # linear interpolation of the crossing between the two bracketing delays
    target = base + (y[i] - base) / np.e
    tc = np.interp(target, [y[j], y[j - 1]], [t[j], t[j - 1]])
    return float(tc - t[i])


def _trace(ctx: ReproduceContext, fluence_uj_cm2: float, transfer_rate_s: float = 0.0):
    """One trace of the carrier model on :data:`DELAYS_S`, computed once per reproduction."""
    from ncled.analysis.pumpprobe import CarrierModel, simulate_transient_reflectivity

    def run():
        return simulate_transient_reflectivity(
            DELAYS_S, _uj_cm2_to_j_m2(fluence_uj_cm2), cross_section_m2=cross_section_m2(ctx),
            photon_energy_ev=PUMP_PHOTON_ENERGY_EV,
            model=CarrierModel(hot_transfer_rate_s=transfer_rate_s))[:, 0]

    return ctx.memo(("pumpprobe", float(fluence_uj_cm2), float(transfer_rate_s)), run)


def _series(ctx: ReproduceContext, fluences_uj_cm2, transfer_rate_s: float = 0.0):
    return np.column_stack([_trace(ctx, f, transfer_rate_s) for f in fluences_uj_cm2])


def panel_1de(ctx: ReproduceContext) -> PanelResult:
    """Transient reflectivity versus pump fluence from the carrier model; the regime times read
    back by the library's global fit, as an experimenter would from the traces."""
    from ncled.analysis.pumpprobe import fit_fluence_series, mean_excitations

    flu = np.asarray(ctx.settings.fluences_uj_cm2, dtype=float)
    ctx.say(f"carrier model at {len(flu)} fluences")
    traces = _series(ctx, flu)
    ctx.say("global fit of the traces")
    fit = fit_fluence_series(DELAYS_S, traces, _uj_cm2_to_j_m2(flu))
    life = np.sort(fit.lifetimes_s)
    sigma = cross_section_m2(ctx)
    taus = np.array([decay_time_1e(DELAYS_S, traces[:, k]) for k in range(flu.size)])
    data = xr.Dataset(
        {"reflectivity": (("delay", "fluence"), traces, {"units": "arb.", "long_name":
                          "transient reflectivity change"}),
         "decay_time": ("fluence", taus, {"units": "s", "long_name": "regime III 1/e time"}),
         "mean_excitations": ("fluence", mean_excitations(_uj_cm2_to_j_m2(flu), sigma,
                                                          PUMP_PHOTON_ENERGY_EV), {"units": "1"})},
        coords={"delay": ("delay", DELAYS_S, {"units": "s"}),
                "fluence": ("fluence", _uj_cm2_to_j_m2(flu), {"units": "J/m^2"})},
        attrs={"cross_section_m2": sigma, "fitted_lifetimes_s": life.tolist()})
    fig, (ax_d, ax_e) = new_figure(2, width=4.0)
    for k, f in enumerate(flu):
        ax_d.plot(DELAYS_S * 1e12, traces[:, k], label=f"{f:g} µJ cm$^{{-2}}$")
    ax_d.set(xscale="symlog", xlabel="delay (ps)", ylabel="ΔR (arb.)",
             title="1d  fluence series")
    ax_d.legend(frameon=False, fontsize=8)
    k60 = int(np.argmin(np.abs(flu - TYPICAL_FLUENCE_UJ_CM2)))
    early = DELAYS_S < 6e-12
    ax_e.plot(DELAYS_S[early] * 1e12, traces[early, k60], "k-")
    ax_e.set(xlabel="delay (ps)", ylabel="ΔR (arb.)",
             title=f"1e  early times, {flu[k60]:g} µJ cm$^{{-2}}$")
    numbers = {"thermalisation_fs": life[0] * 1e15, "relaxation_ps": life[1] * 1e12,
               "mean_excitations_60": float(data.mean_excitations.values[k60]),
               "auger_decay_60_ps": taus[k60] * 1e12 if flu[k60] == TYPICAL_FLUENCE_UJ_CM2
               else float("nan")}
    for f, tau in zip(flu, taus, strict=True):
        numbers[f"decay_{f:g}uj_ps"] = tau * 1e12
    return PanelResult(data, fig, numbers, f"master equation of Poisson-occupied NCs "
                       f"(cross-section {sigma * 1e4:.2g} cm^2 at 1.55 eV from the ensemble "
                       "absorption), statistical Auger scaling; regime times from the global "
                       "fit of the simulated traces")


def panel_4e(ctx: ReproduceContext) -> PanelResult:
    """The 60 uJ/cm^2 trace with and without hot-electron transfer to ZnO."""
    from ncled.reproduce.parameters import lookup_parameter

    rate = float(lookup_parameter("hot_transfer_rate").value)
    ctx.say("carrier model with transfer to ZnO")
    both = np.column_stack([_trace(ctx, TYPICAL_FLUENCE_UJ_CM2),
                            _trace(ctx, TYPICAL_FLUENCE_UJ_CM2, rate)])
    read = [np.interp(t, DELAYS_S, col) for col in both.T for t in (FAST_READ_S, SLOW_READ_S,
                                                                    100e-12)]
    share = [read[0] / read[1], read[3] / read[4]]
    data = xr.Dataset(
        {"reflectivity": (("delay", "film"), both, {"units": "arb."})},
        coords={"delay": ("delay", DELAYS_S, {"units": "s"}),
                "film": ("film", ["HgTe", "HgTe:ZnO"])},
        attrs={"hot_transfer_rate_s": rate})
    fig, ax = new_figure()
    early = DELAYS_S < 6e-12
    for k, name in enumerate(("HgTe", "HgTe:ZnO (transfer)")):
        ax.plot(DELAYS_S[early] * 1e12, both[early, k] / both[:, k].max(), label=name)
    ax.axvline(FAST_READ_S * 1e12, color="0.6", lw=0.6, ls=":")
    ax.axvline(SLOW_READ_S * 1e12, color="0.6", lw=0.6, ls=":")
    ax.set(xlabel="delay (ps)", ylabel="ΔR / max", title="4e  hot-electron transfer to ZnO")
    ax.legend(frameon=False)
    late = DELAYS_S >= REGIME_III_START_S
    tau3 = [decay_time_1e(DELAYS_S[late], col[late]) for col in both.T]
    numbers = {"fast_share_hgte": share[0], "fast_share_zno": share[1],
               "fast_share_ratio": share[1] / share[0],
               "signal_100ps_ratio": read[5] / read[2],
               "regime_iii_decay_hgte_ps": tau3[0] * 1e12,
               "regime_iii_decay_zno_ps": tau3[1] * 1e12,
               "regime_iii_ratio": tau3[1] / tau3[0]}
    return PanelResult(data, fig, numbers, "the same carrier model with a transfer rate "
                       f"{rate:.2g} 1/s out of the thermalised hot state; fast share = "
                       "signal at 0.5 ps / signal at 3 ps")
