"""Panels of the LED: Fig. 2b, 2d, 2e, 2f, 3a, 3b and Supplementary notes 4-7.

All LED panels read the one simulation of the reference device held by the context
(:func:`ncled.device.led.simulate_led`); the composition and wavelength studies come from
:mod:`ncled.device.studies`, the ITO trade-off from :mod:`ncled.device.ito_tradeoff`, the thermal
emission from :func:`ncled.device.emission.device_thermal` (Kirchhoff) and the lifetime from the
degradation model of :mod:`ncled.reproduce.degradation`.

References
----------
.. [Qu2022] J. Qu et al., Nat. Photon. 16, 38 (2022), doi:10.1038/s41566-021-00902-y.
.. [CRC] W. M. Haynes (ed.), CRC Handbook of Chemistry and Physics, 97th ed. (2016): densities
   of HgTe (8.10 g/cm^3) and ZnO (5.61 g/cm^3).
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from ncled.constants import q, zero_celsius
from ncled.reproduce import degradation
from ncled.reproduce.context import PanelResult, ReproduceContext, new_figure

#: Drive of the lifetime test [A/m^2] (900 mA/cm^2, Fig. 2f) and of the temperature reading [A]
#: (7 mA, Supp. note 8) [Qu2022].
LIFETIME_CURRENT_DENSITY = 9000.0
TEMPERATURE_CURRENT = 7e-3
#: Bulk densities [kg/m^3] [CRC].
DENSITY_HGTE = 8100.0
DENSITY_ZNO = 5610.0


def _interp_at_current(ds: xr.Dataset, name: str, j: float) -> float:
    """``name`` at current density ``j`` [A/m^2] by log-log interpolation of the sweep."""
    from ncled.device.merit import interp_loglog

    return interp_loglog(ds.current_density.values, ds[name].values, j)


def emitter_gap_ev(ds: xr.Dataset) -> float:
    """Band gap of the emitting layer in the band diagram [eV] (E_c - E_v at 0 V)."""
    names = ds.attrs["layer_names"].split(",")
    i_em = names.index(next(n for n in names if "HgTe" in n))
    s = ds.isel(voltage=0)
    inside = s.layer.values == i_em
    return float(np.median((s.ec.values - s.ev.values)[inside]) / q)


def panel_2b(ctx: ReproduceContext) -> PanelResult:
    """Band edges and quasi-Fermi levels at 0 V and at the 900 mA/cm^2 operating bias."""
    ds = ctx.led.dataset
    v_op = _interp_at_current(ds, "voltage", LIFETIME_CURRENT_DENSITY)
    v_show = [0.0, float(ds.voltage.sel(voltage=v_op, method="nearest"))]
    sub = ds[["ec", "ev", "efn", "efp"]].sel(voltage=v_show, method="nearest")
    fig, axes = new_figure(2, width=3.6)
    x = ds.x.values * 1e9
    for ax, v in zip(axes, v_show, strict=True):
        s = sub.sel(voltage=v, method="nearest")
        ax.plot(x, s.ec.values / q, "k-", lw=1)
        ax.plot(x, s.ev.values / q, "k-", lw=1)
        ax.plot(x, s.efn.values / q, "C0--", lw=1, label="$E_{Fn}$")
        ax.plot(x, s.efp.values / q, "C3--", lw=1, label="$E_{Fp}$")
        ax.set(xlabel="position from the ITO (nm)", title=f"2b  {float(s.voltage):.2f} V")
    axes[0].set_ylabel("energy (eV, vacuum 0)")
    axes[0].legend(frameon=False, fontsize=8)
    numbers = {"emitter_gap_ev": emitter_gap_ev(ds), "operating_voltage_v": v_op}
    return PanelResult(sub, fig, numbers, "drift-diffusion solution of ZnO / ZnO:HgTe / PbS "
                       "(levels from photoemission literature, doping from the composition)")


def panel_2d(ctx: ReproduceContext) -> PanelResult:
    """Current density and radiance versus the contact voltage."""
    ds = ctx.led.dataset
    s = ctx.led.summary
    data = ds[["current_density", "radiance"]]
    fig, ax = new_figure()
    v, j, r = ds.voltage.values, ds.current_density.values / 10.0, ds.radiance.values
    ok = j > 1e-4 * np.nanmax(j)
    ax.semilogy(v[ok], j[ok], "C0-")
    ax.set(xlabel="voltage (V)", title="2d  J-V and radiance")
    ax.set_ylabel("current density (mA cm$^{-2}$)", color="C0")
    ax2 = ax.twinx()
    okr = r > 1e-5 * np.nanmax(r)
    ax2.semilogy(v[okr], r[okr], "C3--")
    ax2.set_ylabel("radiance (W sr$^{-1}$ m$^{-2}$)", color="C3")
    gap = emitter_gap_ev(ds)
    v_on = s["turn_on_voltage"]
    numbers = {"turn_on_v": v_on, "turn_on_over_gap": v_on / gap,
               "turn_on_extrapolated_v": s["turn_on_voltage_extrapolated"],
               "max_radiance": s["max_radiance_lambertian"],
               "voltage_at_7ma": s["voltage_at_operating_current"]}
    return PanelResult(data, fig, numbers, "turn-on where the radiance reaches the detector's "
                       "noise-equivalent radiance (ncled.device.merit); radiance in the paper's "
                       "convention M / pi")


def panel_2e(ctx: ReproduceContext) -> PanelResult:
    """EQE and radiance versus current density."""
    ds = ctx.led.dataset
    s = ctx.led.summary
    data = ds[["current_density", "eqe", "radiance"]]
    fig, ax = new_figure()
    j = ds.current_density.values / 10.0
    ok = j > 1e-2
    ax.semilogx(j[ok], 100 * ds.eqe.values[ok], "C0o-", ms=3)
    ax.set(xlabel="current density (mA cm$^{-2}$)", title="2e  EQE and radiance")
    ax.set_ylabel("EQE (%)", color="C0")
    ax2 = ax.twinx()
    ax2.loglog(j[ok], ds.radiance.values[ok], "C3--")
    ax2.set_ylabel("radiance (W sr$^{-1}$ m$^{-2}$)", color="C3")
    numbers = {"peak_eqe_percent": 100 * s["peak_eqe"],
               "el_threshold_ma_cm2": s["el_threshold"] / 10.0,
               "peak_eqe_at_ma_cm2": s["peak_eqe_current_density"] / 10.0}
    return PanelResult(data, fig, numbers, "EQE = charge balance x radiative efficiency x "
                       "outcoupling, per bias")


def panel_2f(ctx: ReproduceContext) -> PanelResult:
    """Radiance versus time at 900 mA/cm^2 from the degradation model."""
    ds = ctx.led.dataset
    l0 = ctx.led.summary["radiance_lambertian_at_operating_density"]
    temp = _interp_at_current(ds, "pixel_temperature", LIFETIME_CURRENT_DENSITY)
    lt50 = float(degradation.lt50_acceleration(l0, temp))
    t = np.linspace(0.0, 30 * 3600.0, 301)
    trace = degradation.radiance_decay(t, l0, lt50)
    ref = degradation.radiance_decay(t, degradation.RADIANCE_REFERENCE,
                                     degradation.LT50_REFERENCE_S)
    data = xr.Dataset({"radiance": ("time", trace, {"units": "W sr^-1 m^-2"}),
                       "radiance_reference": ("time", ref, {"units": "W sr^-1 m^-2",
                                              "long_name": "the fitted reference point"})},
                      coords={"time": ("time", t, {"units": "s"})},
                      attrs={"initial_radiance": l0, "pixel_temperature_k": temp,
                             "lt50_s": lt50})
    fig, ax = new_figure()
    ax.plot(t / 3600, trace, "C3-", label=f"model: L0 = {l0:.2f}, {temp - zero_celsius:.0f} °C")
    ax.plot(t / 3600, ref, "k:", label="reference point (fitted)")
    ax.axhline(l0 / 2, color="C3", lw=0.5, ls="--")
    ax.set(xlabel="time (h)", ylabel="radiance (W sr$^{-1}$ m$^{-2}$)",
           title="2f  900 mA cm$^{-2}$, constant current")
    ax.legend(frameon=False, fontsize=8)
    # the same pixel temperature from the paper's 1 W sr^-1 m^-2: what the radiance alone costs
    lt50_l_ref = float(degradation.lt50_acceleration(degradation.RADIANCE_REFERENCE, temp))
    numbers = {"radiance_900": l0, "lt50_h": lt50 / 3600.0,
               "lt50_from_1w_h": lt50_l_ref / 3600.0,
               "pixel_temperature_c_900": temp - zero_celsius}
    return PanelResult(data, fig, numbers, "LT50 ~ L0^-n x Arrhenius from the fitted reference "
                       "point, at the model's radiance and pixel temperature")


def panel_sn4(ctx: ReproduceContext) -> PanelResult:
    """ITO transmission at 2 um and strip resistance versus thickness."""
    from ncled.device.ito_tradeoff import DEFAULT_THICKNESS_NM, ito_tradeoff_for_device
    from ncled.device.led import series_resistance

    ctx.say("ITO transfer matrix")
    ref = ctx.devices["reference"]
    data = ito_tradeoff_for_device(ref, DEFAULT_THICKNESS_NM * 1e-9)
    r35 = series_resistance(ref)
    r180 = series_resistance(ctx.devices["reference_ito180"])
    tt = data.T_substrate
    fig, ax = new_figure()
    ax.plot(data.thickness_nm, 100 * tt, "C0o-", ms=3)
    ax.set(xlabel="ITO thickness (nm)", title="SN4  ITO at 2 µm")
    ax.set_ylabel("transmission (%)", color="C0")
    ax2 = ax.twinx()
    ax2.semilogy(data.thickness_nm, data.strip_resistance, "C2s--", ms=3)
    ax2.set_ylabel("strip resistance (Ω)", color="C2")
    numbers = {"ito_t35": float(tt.interp(thickness_nm=35.0)),
               "ito_t180": float(tt.interp(thickness_nm=180.0)),
               "resistance_ratio": r35 / r180 if r180 > 0 else float("nan")}
    return PanelResult(data, fig, numbers, "Drude ITO from 7 ohm/sq at 180 nm; air / ITO / "
                       "glass / air at normal incidence; resistance of the strip R_s L / W")


def panel_3a(ctx: ReproduceContext) -> PanelResult:
    """Intrinsic PL against the EL leaving the stack."""
    ds = ctx.led.dataset
    s = ctx.led.summary
    data = ds[["pl_spectrum", "film_pl_spectrum", "el_spectrum"]]
    fig, ax = new_figure()
    wl = ds.wavelength.values * 1e6
    ax.plot(wl, ds.pl_spectrum.values, "C0-", label="PL (nanocrystals)")
    ax.plot(wl, ds.film_pl_spectrum.values, "C0:", label="PL (emitting film)")
    ax.plot(wl, ds.el_spectrum.values, "C3-", label="EL (through the stack)")
    ax.set(xlabel="wavelength (µm)", ylabel="normalised", title="3a  PL and EL")
    ax.legend(frameon=False, fontsize=8)
    el_nm, pl_nm = s["el_peak_wavelength"] * 1e9, s["pl_peak_wavelength"] * 1e9
    numbers = {"el_peak_nm": el_nm, "pl_peak_nm": pl_nm, "el_shift_nm": el_nm - pl_nm,
               "el_fwhm_nm": s["el_fwhm"] * 1e9, "pl_fwhm_nm": s["pl_fwhm"] * 1e9}
    return PanelResult(data, fig, numbers, "EL = the emitting film's PL x the dipole power "
                       "reaching air, averaged over the emission profile; compared with the "
                       "nanocrystals' PL as in the paper")


def panel_3b(ctx: ReproduceContext) -> PanelResult:
    """EL against the thermal emission of the pixel at the model's own temperature."""
    from ncled.device.emission import device_thermal
    from ncled.optics.thermal import planck_spectral_radiance

    ds = ctx.led.dataset
    s = ctx.led.summary
    temp = s["pixel_temperature_at_operating_current"]
    area = ctx.devices["reference"].pixel_area
    l_7ma = _interp_at_current(ds, "radiance", TEMPERATURE_CURRENT / area)
    wl_el = ds.wavelength.values
    el = ds.el_spectrum.values
    el_spectral = l_7ma * el / np.trapezoid(el, wl_el)  # W sr^-1 m^-2 per m
    ctx.say("Kirchhoff emissivity 1-10 um")
    wl = np.geomspace(1e-6, 10e-6, 150)
    th = device_thermal(ctx.devices["reference"], wl, temp)
    band = (wl >= wl_el[0]) & (wl <= wl_el[-1])
    thermal_band = np.trapezoid(th.thermal_radiance.values[band], wl[band])
    bb_band = np.trapezoid(planck_spectral_radiance(wl[band], temp), wl[band])
    data = th.assign(el=("wavelength", np.interp(wl, wl_el, el_spectral, left=0, right=0),
                         {"units": "W m-2 sr-1 m-1", "long_name": "EL at 7 mA"}))
    fig, ax = new_figure()
    ax.loglog(wl_el * 1e6, el_spectral * 1e-6, "C3-", label="EL, 7 mA")
    ax.loglog(wl * 1e6, th.thermal_radiance * 1e-6, "C1-", label="pixel thermal (Kirchhoff)")
    ax.loglog(wl * 1e6, th.blackbody * 1e-6, "k:", label=f"blackbody {temp - zero_celsius:.0f} °C")
    ax.set(xlabel="wavelength (µm)", ylabel="radiance (W sr$^{-1}$ m$^{-2}$ µm$^{-1}$)",
           title="3b  EL vs thermal emission", ylim=(1e-8, None))
    ax.legend(frameon=False, fontsize=8)
    numbers = {"pixel_temperature_c_7ma": temp - zero_celsius,
               "thermal_to_el_ratio": thermal_band / l_7ma,
               "blackbody_to_el_ratio": bb_band / l_7ma,
               "blackbody_peak_um": float(wl[np.argmax(th.blackbody.values)] * 1e6),
               "radiance_7ma": l_7ma}
    return PanelResult(data, fig, numbers, "pixel temperature from the Joule power and the "
                       "spreading resistance into the glass; emissivity = 1 - R - T")


def zno_per_hgte(hgte_mass_share, d_hgte_m, d_zno_m):
    """ZnO NCs per HgTe NC in a film mixed from equal-concentration solutions.

    ``N_ZnO / N_HgTe = (1 - f) / f x rho_HgTe d_HgTe^3 / (rho_ZnO d_ZnO^3)`` with ``f`` the
    HgTe share of the solution volume, i.e. of the mass (both solutions at 30 mg/mL, Methods of
    [Qu2022]); spheres with bulk densities [CRC]; ligands not counted.
    """
    f = np.asarray(hgte_mass_share, dtype=float)
    return (1 - f) / f * DENSITY_HGTE * d_hgte_m ** 3 / (DENSITY_ZNO * d_zno_m ** 3)


def panel_sn56(ctx: ReproduceContext) -> PanelResult:
    """Peak EQE and net doping versus the HgTe fraction of the emitting layer."""
    from ncled.reproduce.parameters import lookup_parameter

    comp = ctx.composition
    best = comp.attrs["best_fraction"]
    d_zno = float(lookup_parameter("zno_diameter").value) * 1e-9
    fig, ax = new_figure()
    f = 100 * comp.hgte_fraction.values
    ax.plot(f, 100 * comp.peak_eqe.values, "C0o-")
    ax.set(xlabel="HgTe in the emitting layer (vol. %)", title="SN5-6  composition")
    ax.set_ylabel("peak EQE (%)", color="C0")
    ax2 = ax.twinx()
    ax2.plot(f, comp.net_doping.values * 1e-6, "C2s--")
    ax2.axhline(0, color="0.6", lw=0.6)
    ax2.set_ylabel("$N_A - N_D$ (cm$^{-3}$)", color="C2")
    # the paper's statement is about its 50 % films (the reference device), whatever is best
    f_ref = ctx.devices["reference"].layers[ctx.devices["reference"].emitter_index].mixture
    share = next(v for k, v in f_ref.items() if "hgte" in k.lower())
    numbers = {"best_hgte_fraction": best, "neutral_fraction": comp.attrs["neutral_fraction"],
               "zno_per_hgte": float(zno_per_hgte(share, ctx.ensemble.diameter, d_zno))}
    return PanelResult(comp, fig, numbers, "the LED model rerun for each composition "
                       "(doping of the mixed film from ncled.materials.electronic)")


def panel_sn7(ctx: ReproduceContext) -> PanelResult:
    """Peak EQE of the 2.0, 2.15 and 2.3 um devices."""
    from ncled.device.studies import variant_peak_eqe

    comp = ctx.composition
    f0 = ctx.led.summary["hgte_fraction"]
    names = ["reference_2p15um", "reference_2p3um"]
    if f0 not in comp.hgte_fraction.values:  # else reuse it: same optical grid as the variants
        names.insert(0, "reference")
    ctx.say("2.15 and 2.3 um devices")
    eqes = list(variant_peak_eqe([ctx.devices[n] for n in names], ctx.study_voltages))
    e20 = eqes.pop(0) if len(eqes) == 3 else float(comp.peak_eqe.sel(hgte_fraction=f0))
    e215, e23 = eqes
    wl = np.array([2.0, 2.15, 2.3])
    eqe = np.array([e20, e215, e23])
    data = xr.Dataset({"peak_eqe": ("pl_peak", eqe, {"units": "1"})},
                      coords={"pl_peak": ("pl_peak", wl * 1e-6, {"units": "m"})})
    fig, ax = new_figure()
    ax.plot(wl, 100 * eqe, "C0o-")
    ax.set(xlabel="PL peak (µm)", ylabel="peak EQE (%)", title="SN7  emission wavelength")
    numbers = {"eqe_2p0_percent": 100 * e20, "eqe_2p15_percent": 100 * e215,
               "eqe_2p3_percent": 100 * e23, "eqe_ratio_2p3_2p0": e23 / e20}
    return PanelResult(data, fig, numbers, "the built-in 2.15 and 2.3 um devices (75 and 80 C "
                       "batches) on the composition study's grid")
