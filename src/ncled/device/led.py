"""The LED model: drift-diffusion + nanocrystal emission + dipole outcoupling -> what the lab sees.

For each bias the drift-diffusion solution (:mod:`ncled.transport`) gives the current density J and
the exciton formation (Langevin recombination) profile G(z) in the emitting layer. Each exciton at
depth z emits with the efficiency

    eta_rad(z) = F(z) k_r / (F(z) k_r + k_nr + theta(z) k_X*),

where k_r and k_nr are the radiative and non-radiative rates of the nanocrystals
(:func:`ncled.nanocrystal.exciton_rates`; PLQY q = k_r / (k_r + k_nr)), F(z) the Purcell factor of
the microcavity at that depth (:mod:`ncled.optics.outcoupling`; with theta = 0 this is Furno's
q_eff = F q / (F q + 1 - q)), theta(z) the share of nanocrystals holding an extra (uncompensated)
carrier, |n - p| / N_NC, and k_X* the trion Auger rate, a quarter of the biexciton Auger rate for
symmetric negative and positive trions (k_XX = 2 k_X- + 2 k_X+, Klimov 2014): charge imbalance
quenches emission through Auger recombination of charged excitons (Bae et al. 2013). A fraction
eta_out(z) of the emitted power reaches the air through the glass. Hence

    EQE = q * integral G(z) eta_rad(z) eta_out(z) dz / J
        = charge balance x <eta_rad> x <eta_out>,

with charge balance gamma = q * integral G dz / J (excitons formed per electron). The radiant
exitance is P = EQE J <h nu> / q, the on-axis radiance L0 = P / (pi C) with C the Lambertian
correction of the computed angular pattern (C = 1 for a Lambertian emitter), and the voltage at the
contacts adds the drop on the ITO strip, V = V_dd + I R_s. The pixel temperature is
T_amb + R_th I V with R_th the spreading resistance of the pixel on the glass
(:mod:`ncled.device.heating`).

References
----------
.. [Furno2012] M. Furno et al., Phys. Rev. B 85, 115205 (2012), doi:10.1103/PhysRevB.85.115205.
.. [Bae2013] W. K. Bae et al., "Controlling the influence of Auger recombination on the performance
   of quantum-dot light-emitting diodes", Nat. Commun. 4, 2661 (2013), doi:10.1038/ncomms3661.
.. [Klimov2014] V. I. Klimov, "Multicarrier interactions in semiconductor nanocrystals in relation
   to the phenomena of Auger recombination and carrier multiplication", Annu. Rev. Condens.
   Matter Phys. 5, 285 (2014), doi:10.1146/annurev-conmatphys-031113-133900.
.. [Qu2022] J. Qu et al., Nat. Photon. 16, 38 (2022), doi:10.1038/s41566-021-00902-y.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import xarray as xr

from ncled import __version__
from ncled.constants import c, h, q
from ncled.device.config import DeviceConfig
from ncled.device.electrical import active_layers, emitter_hgte_fraction, transport_device
from ncled.device.emission import default_wavelengths, emitter_stack, intrinsic_pl
from ncled.device.heating import disc_spreading_resistance, pixel_temperature, strip_resistance
from ncled.errors import ConfigError
from ncled.materials.electronic import nc_number_density_cm3
from ncled.optics.outcoupling import ISOTROPIC_HORIZONTAL_FRACTION, dipole_emission, summarise
from ncled.transport.sweep import SweepResult, solve_sweep

#: Charging energy of a HgTe NC in the film [eV] (Qu et al. 2022, Methods: about 20 meV).
CHARGING_ENERGY_EV = 0.020
#: Current density below which the drift-diffusion current is numerical noise [A/m^2]
#: (1e-7 mA/cm^2; the solver's continuity error exceeds 1e-3 below about 1e-8 A/m^2).
CURRENT_FLOOR = 1e-6
#: Trion Auger rate relative to the biexciton Auger rate (k_XX = 2 k_X- + 2 k_X+) [Klimov2014].
TRION_TO_BIEXCITON_AUGER = 0.25
#: Default emitter depths for the outcoupling (cell midpoints) and in-plane-index nodes: 10 depths
#: resolve the recombination profile of a 120 nm layer; 1000 nodes give the mode fractions to
#: better than 1e-3 (checked against 2000 in the tests of the emission model).
N_DEPTH = 10
N_KAPPA = 1000
N_WAVELENGTH = 121

Progress = Callable[[str], None]


@dataclass(frozen=True)
class EmitterPhysics:
    """Nanocrystal parameters of the emitter used by the LED model (SI)."""

    pl_peak_m: float
    diameter_m: float
    gap_ev: float
    k_radiative: float
    k_nonradiative: float
    k_trion: float
    plqy: float
    hgte_fraction: float
    nc_density_m3: float


def emitter_physics(config: DeviceConfig) -> EmitterPhysics:
    """Nanocrystal size, gap and rates of the device's emitter (:mod:`ncled.nanocrystal`)."""
    from ncled.nanocrystal import diameter_for_pl_peak, ensemble_for, exciton_rates
    from ncled.nanocrystal.spectra import spectral_summary

    nc = config.nanocrystal
    if nc is None or (nc.pl_peak is None and nc.diameter is None):
        raise ConfigError("the device needs a [nanocrystal] section with pl_peak or diameter",
                          source=config.source_path)
    if nc.pl_peak is not None:
        peak = float(nc.pl_peak)
        diameter = float(diameter_for_pl_peak(nc.material, peak))
    else:
        diameter = float(nc.diameter)
    summ = spectral_summary(ensemble_for(nc.material, diameter_m=diameter))
    if nc.pl_peak is None:
        peak = float(summ.pl_wavelength.peak) * 1e-9
    # Transport gap of the film: the band-edge (absorption) transition plus the charging energy
    # of adding an electron-hole pair as separate carriers (about 20 meV for these HgTe NCs,
    # Qu et al. 2022, Methods); the PL is Stokes-shifted below it.
    gap_ev = h * c / (q * summ.absorption_peak_nm * 1e-9) + CHARGING_ENERGY_EV
    rates = exciton_rates(nc.material, wavelength_m=peak, diameter_m=diameter)
    kr, knr = float(rates.radiative), float(rates.nonradiative)
    if nc.plqy is not None:  # the file's PLQY overrides the energy-gap law, keeping k_r
        knr = kr * (1.0 - nc.plqy) / nc.plqy
    emitter = config.layers[config.emitter_index]
    frac = emitter_hgte_fraction(emitter)
    return EmitterPhysics(
        pl_peak_m=peak, diameter_m=diameter, gap_ev=gap_ev, k_radiative=kr,
        k_nonradiative=knr, k_trion=TRION_TO_BIEXCITON_AUGER * float(rates.auger),
        plqy=kr / (kr + knr), hgte_fraction=frac,
        nc_density_m3=frac * nc_number_density_cm3(diameter) * 1e6,
    )


def series_resistance(config: DeviceConfig) -> float:
    """Resistance of the ITO strip from pixel to pad [ohm]: R = rho / t x L / W.

    The resistivity is the one of the cathode's ITO material model (the same Drude parameters as
    its optics, :func:`ncled.materials.get_material`); 0 for a cathode that is not ITO.
    """
    from ncled.materials import get_material

    cathode = config.layer(config.electrodes.cathode.layer)
    if (cathode.material or "").lower() != "ito":
        return 0.0
    rho = get_material("ITO", **dict(cathode.params)).params["resistivity_ohm_cm"] * 1e-2
    e = config.electrodes
    return float(strip_resistance(rho / cathode.thickness, e.strip_length, e.strip_width))


@dataclass(frozen=True)
class LedResult:
    """Result of :func:`simulate_led`.

    Attributes
    ----------
    dataset : xarray.Dataset
        Per bias (``voltage``, the drift-diffusion bias): J, V at the contacts, EQE, charge balance,
        radiance, power, temperature...; per bias and position: bands, densities, recombination;
        the EL spectrum on ``wavelength``. Units in attributes; provenance in ``attrs``.
    summary : dict
        Figures of merit (see :func:`figures_of_merit`).
    sweep : SweepResult
        The raw drift-diffusion solution.
    """

    dataset: xr.Dataset
    summary: dict
    sweep: SweepResult = field(repr=False)


def _profile_weights(sweep: SweepResult, emitter_layer: int, depth_edges: np.ndarray,
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


def simulate_led(config: DeviceConfig, voltages=None, *, progress: Progress | None = None,
                 n_nodes: int = 240, n_wavelength: int = N_WAVELENGTH, n_depth: int = N_DEPTH,
                 n_kappa: int = N_KAPPA,
                 horizontal_fraction: float = ISOTROPIC_HORIZONTAL_FRACTION) -> LedResult:
    """Simulate the LED of a device file over a bias sweep.

    Parameters
    ----------
    config : DeviceConfig
        The device (with ``[electrodes]``, ``[nanocrystal]`` and an emitting layer).
    voltages : array_like, optional
        Voltages at the contacts [V] (increasing); default the file's ``[drive]`` sweep. The
        drift-diffusion problem is solved on a finer grid of internal biases and the results are
        interpolated to these contact voltages (internal bias + ITO strip drop).
    progress : callable, optional
        Called with a short message at each stage.
    n_nodes, n_wavelength, n_depth, n_kappa : int
        Mesh nodes, wavelengths, emitter depths and in-plane-index nodes.
    horizontal_fraction : float
        Share of horizontal dipoles (2/3: isotropic).

    Returns
    -------
    LedResult

    Raises
    ------
    ConfigError
        Missing sections or parameters.
    ConvergenceError
        The drift-diffusion solve failed at a bias (``partial`` holds the converged biases).
    """
    say = progress or (lambda _msg: None)
    if voltages is None:
        d = config.drive
        voltages = np.linspace(d.voltage_start, d.voltage_stop, d.voltage_points)
    volts = np.asarray(voltages, dtype=float)
    if volts.ndim != 1 or volts.size < 2 or not np.all(np.isfinite(volts)) or np.any(
            np.diff(volts) <= 0):
        raise ConfigError("voltages must be an increasing list of at least two finite biases [V]")
    # Internal (drift-diffusion) biases: three per requested point, over the same span; the
    # contact voltage is never below the internal one, so this covers the requested range.
    dd_volts = np.linspace(volts[0], volts[-1], 3 * volts.size - 2)
    if config.emitter_index is None:
        raise ConfigError("no layer has role = 'emitter': mark the emitting layer",
                          source=config.source_path)
    say("nanocrystal emitter")
    em = emitter_physics(config)
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
    # Depth in the optical emitter is measured from its front (cathode/ITO side) boundary; the
    # transport mesh starts at the cathode, so the emitter starts after the layers before it.
    z0 = float(sum(layer.thickness for layer in layers[:i_em]))
    say("outcoupling (dipole emission in the stack)")
    wl = default_wavelengths(config, n_wavelength)
    stack = emitter_stack(config, wl)
    edges = np.linspace(0.0, stack.d_emitter, n_depth + 1)
    depths = 0.5 * (edges[1:] + edges[:-1])
    opt = dipole_emission(stack, position_m=depths, n_kappa=n_kappa)
    pl = intrinsic_pl(config, wl)
    sw = pl * np.gradient(wl)
    sw = sw / sw.sum()
    ow = np.array([horizontal_fraction, 1.0 - horizontal_fraction])
    purcell_wd = opt.purcell.values @ ow  # (W, D)
    air_wd = np.einsum("wdo,o->wd", opt.mode_power.values[..., 0], ow)
    purcell_d = sw @ purcell_wd
    eta_out_d = (sw @ air_wd) / purcell_d

    say("drift-diffusion sweep")
    dev, electronics = transport_device(config, em.gap_ev, em.diameter_m, n_nodes=n_nodes)
    sweep = solve_sweep(dev, dd_volts)

    say("efficiencies")
    g = sweep.r_langevin * np.where(sweep.layer == i_em, 1.0, 0.0)  # exciton formation [m^-3/s]
    theta = np.clip(np.abs(sweep.n - sweep.p) / em.nc_density_m3, 0.0, 1.0)
    g_cells = _profile_weights(sweep, i_em, edges, z0, g)  # (B, D) [m^-2 s^-1]
    th_num = _profile_weights(sweep, i_em, edges, z0, g * theta)
    th_cells = np.divide(th_num, g_cells, out=np.zeros_like(g_cells), where=g_cells > 0)
    kr_f = purcell_d * em.k_radiative
    eta_rad = kr_f / (kr_f + em.k_nonradiative + th_cells * em.k_trion)  # (B, D)
    photons = np.sum(g_cells * eta_rad * eta_out_d, axis=1)  # photons to air [m^-2 s^-1]
    excitons = g_cells.sum(axis=1)
    j = np.asarray(sweep.current if dev.anode == "left" else -sweep.current, dtype=float)
    # Below this current the drift-diffusion current is round-off (its continuity error is
    # large): efficiencies there are undefined (NaN), not ratios of noise.
    on = j > CURRENT_FLOOR
    with np.errstate(divide="ignore", invalid="ignore"):
        eqe = np.where(on, q * photons / j, np.nan)
        balance = np.where(on, q * excitons / j, np.nan)
        mean_eta_rad = np.where(on & (excitons > 0), np.sum(g_cells * eta_rad, 1) / excitons,
                                np.nan)
    # The emission profile at the bias of highest EQE sets the EL spectrum, the angular pattern
    # (Lambertian correction) and the mean photon energy of the outcoupled light.
    k_best = int(np.nanargmax(eqe)) if np.any(on) else int(np.argmax(j))
    wprof = g_cells[k_best] * eta_rad[k_best]
    wprof = wprof / wprof.sum() if wprof.sum() > 0 else np.full(n_depth, 1.0 / n_depth)
    summ = summarise(opt.assign(depth_weight=("depth", wprof)), pl, em.plqy, horizontal_fraction)
    lam_corr = float(summ.lambertian_correction)
    air_w = sw * (air_wd @ wprof)
    mean_photon_energy = float(np.sum(air_w * h * c / wl) / np.sum(air_w))
    exitance = photons * mean_photon_energy  # W/m^2
    radiance = exitance / (np.pi * lam_corr)
    area = config.pixel_area
    r_s = series_resistance(config)
    # A current below the floor is round-off (about 1e-23 A/m^2 at 0 V): it drops no voltage on
    # the strip, so the contact voltage equals the internal bias exactly at the ends of the grid.
    v_ext = dd_volts + np.where(on, j, 0.0) * area * r_s
    power_el = j * area * v_ext
    r_th = (config.drive.thermal_resistance_k_w
            if config.drive.thermal_resistance_k_w is not None
            else float(disc_spreading_resistance(area)))
    temp = pixel_temperature(np.maximum(power_el, 0.0), r_th, config.drive.temperature)
    with np.errstate(divide="ignore", invalid="ignore"):
        wpe = np.where(on & (v_ext > 0), exitance * area / power_el, np.nan)
    pbs_share = _layer_recombination_share(sweep, names, "PbS")

    dd = sweep.to_dataset()
    dd["current"].attrs["long_name"] = ("current density along +x (from the cathode to the "
                                        "anode: negative under forward bias)")
    out = dd.assign(
        current_density=("voltage", j, {"units": "A/m^2", "long_name": "current density"}),
        voltage_applied=("voltage", v_ext, {"units": "V", "long_name":
                         "voltage at the contacts (with the ITO strip drop)"}),
        eqe=("voltage", eqe, {"units": "1", "long_name": "external quantum efficiency"}),
        charge_balance=("voltage", balance, {"units": "1", "long_name":
                        "excitons formed in the emitter per electron"}),
        radiative_efficiency=("voltage", mean_eta_rad, {"units": "1", "long_name":
                              "mean exciton radiative efficiency (Purcell, trion quenching)"}),
        radiant_exitance=("voltage", exitance, {"units": "W/m^2", "long_name":
                          "optical power into air per pixel area"}),
        radiance=("voltage", radiance, {"units": "W sr^-1 m^-2", "long_name":
                  "on-axis radiance"}),
        electrical_power=("voltage", power_el, {"units": "W", "long_name": "I V"}),
        wall_plug_efficiency=("voltage", wpe, {"units": "1", "long_name":
                              "optical power / electrical power"}),
        pixel_temperature=("voltage", temp, {"units": "K", "long_name": "pixel temperature"}),
        emission_depth=("depth", depths, {"units": "m", "long_name":
                        "emitter depth from the cathode side"}),
        exciton_formation=(("voltage", "depth"), g_cells, {"units": "m^-2 s^-1",
                           "long_name": "excitons formed per depth cell"}),
        outcoupling_depth=("depth", eta_out_d, {"units": "1", "long_name":
                           "fraction of emitted power into air at each depth"}),
        purcell_depth=("depth", purcell_d, {"units": "1", "long_name": "Purcell factor"}),
        el_spectrum=("wavelength", summ.el_spectrum, {"units": "1", "long_name":
                     "EL spectrum (peak-normalised, per unit wavelength)"}),
        pl_spectrum=("wavelength", summ.pl_spectrum, {"units": "1", "long_name":
                     "intrinsic PL (peak-normalised, per unit wavelength)"}),
    ).assign_coords(wavelength=("wavelength", wl, {"units": "m"}))
    out["voltage"].attrs.update(long_name="drift-diffusion (internal) bias")
    summary = figures_of_merit(out.where(out.voltage_applied <= volts[-1] * (1 + 1e-9),
                                         drop=True), summ, em, r_s, r_th, area, pbs_share,
                               lam_corr)
    out = to_contact_voltage(out, volts)
    out.attrs.update({
        "title": f"ncled LED simulation of {config.name}",
        "device": config.name, "device_file": config.source_path or "",
        "ncled_version": __version__, "success": 1, "message": "converged at every bias",
        "series_resistance_ohm": r_s, "thermal_resistance_K_W": r_th,
        "lambertian_correction": lam_corr, "plqy": em.plqy,
        "hgte_fraction": em.hgte_fraction, "nc_diameter_m": em.diameter_m,
        "layers": ",".join(names),
        "electronic_parameters": "; ".join(
            f"{e.name}: chi={e.electron_affinity_ev:.3g} eV Eg={e.band_gap_ev:.3g} eV "
            f"mu_n={e.mu_n_cm2:.2g} mu_p={e.mu_p_cm2:.2g} cm2/Vs Nd={e.nd_cm3:.3g} "
            f"Na={e.na_cm3:.3g} cm-3" for e in electronics),
    })
    return LedResult(out, summary, sweep)


#: Per-bias results of the solver kept on its own bias grid by :func:`to_contact_voltage`.
DD_DIAGNOSTICS = ("iterations", "continuity_error", "recombination_current")


def to_contact_voltage(ds: xr.Dataset, voltages) -> xr.Dataset:
    """Re-index a result from internal biases to the contact voltages ``voltages`` [V].

    Every per-bias variable is interpolated linearly in the contact voltage (monotonic in the
    internal bias); the internal bias itself becomes the variable ``internal_bias``.
    """
    v_ext = ds.voltage_applied.values
    if np.any(np.diff(v_ext) <= 0):
        raise ConfigError("the contact voltage is not monotonic in the bias (negative current?)")
    ds = ds.rename({"voltage": "internal_bias"})
    # Solver diagnostics stay on the internal biases where they were computed (not interpolated).
    diag = {name: ds[name].rename(internal_bias="dd_bias") for name in DD_DIAGNOSTICS
            if name in ds}
    ds = ds.drop_vars(list(diag)).assign(internal_bias_v=("internal_bias",
                                                          ds.internal_bias.values))
    ds = ds.drop_vars("voltage_applied").assign_coords(
        voltage=("internal_bias", v_ext)).swap_dims(internal_bias="voltage")
    ds = ds.drop_vars("internal_bias").interp(voltage=np.asarray(voltages, dtype=float))
    ds = ds.rename({"internal_bias_v": "internal_bias"}).assign(diag)
    ds = ds.assign_coords(dd_bias=("dd_bias", diag[next(iter(diag))].dd_bias.values
                                   if diag else []))
    ds["dd_bias"].attrs.update(units="V", long_name="drift-diffusion (internal) bias of the solve")
    ds["internal_bias"].attrs.update(units="V", long_name="drift-diffusion (internal) bias")
    ds["voltage"].attrs.update(units="V", long_name="voltage at the contacts")
    return ds


def _layer_recombination_share(sweep: SweepResult, names: list[str], name: str) -> np.ndarray:
    """Share of all recombination happening in the layer called ``name`` (0 if absent)."""
    if name not in names:
        return np.zeros(sweep.voltage.size)
    idx = names.index(name)
    rt = sweep.r_langevin + sweep.r_srh + sweep.r_auger
    inside = np.trapezoid(np.where(sweep.layer == idx, rt, 0.0), sweep.x, axis=1)
    total = np.trapezoid(rt, sweep.x, axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(total > 0, inside / total, 0.0)


def interp_loglog(x, y, x0: float) -> float:
    """``y`` at ``x0`` by linear interpolation of log y versus log x (NaN outside the data)."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    ok = (x > 0) & (y > 0)
    if ok.sum() < 2 or not x[ok].min() <= x0 <= x[ok].max():
        return float("nan")
    order = np.argsort(x[ok])
    return float(np.exp(np.interp(np.log(x0), np.log(x[ok][order]), np.log(y[ok][order]))))


#: Radiance at which EL is taken as detected, defining the turn-on voltage and the EL threshold
#: [W sr^-1 m^-2]. The paper's EQE-J curves start at 15 mA/cm^2 with an EQE of about 0.1 %, i.e.
#: at 0.1 % x 150 A/m^2 x 0.62 V / pi = 0.03 W sr^-1 m^-2 for a Lambertian pixel: its set-up
#: (an extended-InGaAs detector facing a 1 mm^2 pixel) resolves about that.
DETECTION_RADIANCE = 0.03


def figures_of_merit(ds: xr.Dataset, opt_summary, em: EmitterPhysics, r_s: float, r_th: float,
                     area: float, pbs_share: np.ndarray, lambertian_correction: float) -> dict:
    """The figures the paper reports, computed from a simulated sweep.

    Turn-on voltage: the contact voltage at which the radiance reaches
    :data:`DETECTION_RADIANCE` (linear interpolation in log radiance); EL threshold: the current
    density there; peak EQE: the largest EQE where the radiance is at least that (below it a
    measurement sees no EL). Radiance at 900 mA/cm^2 and temperature at 7 mA by log-log
    interpolation.
    """
    from ncled.numerics import onset

    v = ds.voltage_applied.values
    j = ds.current_density.values
    rad = ds.radiance.values
    eqe = ds.eqe.values
    # Peak EQE where the EL is detectable (what a measurement can report); NaN if never.
    seen = rad >= DETECTION_RADIANCE
    if seen.any():
        k = int(np.nanargmax(np.where(seen, eqe, np.nan)))
        peak_eqe, at_j = float(eqe[k]), float(j[k])
        balance_k = float(ds.charge_balance.values[k])
        eta_k = float(ds.radiative_efficiency.values[k])
    else:
        peak_eqe = at_j = balance_k = eta_k = float("nan")
    v_on = onset(v, rad, DETECTION_RADIANCE, 0.0)[0]
    pos = j > 0
    j_on = float(np.exp(onset(np.log(j[pos]), rad[pos], DETECTION_RADIANCE, 0.0)[0]))
    current = j * area
    return {
        "turn_on_v": v_on,
        "el_threshold_ma_cm2": j_on / 10.0,
        "peak_eqe_percent": 100 * peak_eqe,
        "peak_eqe_at_ma_cm2": at_j / 10.0,
        "radiance_900": interp_loglog(j, rad, 9000.0),
        "max_radiance": float(np.nanmax(rad)),
        "pixel_temperature_c_7ma": interp_loglog(current, ds.pixel_temperature.values, 7e-3)
        - 273.15,
        "voltage_at_7ma": interp_loglog(current, v, 7e-3),
        "el_peak_nm": opt_summary.el_peak_m * 1e9,
        "el_fwhm_nm": opt_summary.el_fwhm_m * 1e9,
        "pl_peak_nm": opt_summary.pl_peak_m * 1e9,
        "pl_fwhm_nm": opt_summary.pl_fwhm_m * 1e9,
        "outcoupling": opt_summary.outcoupling,
        "purcell": opt_summary.purcell,
        "lambertian_correction": lambertian_correction,
        "mode_fractions": opt_summary.mode_fractions,
        "charge_balance_at_peak": balance_k,
        "radiative_efficiency_at_peak": eta_k,
        "plqy": em.plqy,
        "pbs_recombination_share_max": float(np.max(pbs_share)),
        "series_resistance_ohm": r_s,
        "thermal_resistance_k_w": r_th,
        "hgte_fraction": em.hgte_fraction,
    }
