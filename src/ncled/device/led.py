"""The LED model: a device file -> what the lab sees, as six named steps.

``simulate_led`` calls, in order (each a pure function in its own module, its equation in its
docstring):

1. nanocrystal (:func:`ncled.device.step_nanocrystal.emitter_physics`): size, gap, rates;
2. optics (:func:`ncled.device.step_optics.optics_step`): the film's PL, Purcell factor and
   outcoupling at each depth of the emitting layer;
3. transport (:func:`ncled.device.step_transport.transport_step`): drift-diffusion J(V) and the
   exciton formation profile;
4. emission (:func:`ncled.device.step_emission.exciton_efficiency`,
   :func:`ncled.device.step_emission.emission_step`): EQE, radiances, EL spectra, angles;
5. thermal (:mod:`ncled.device.electrothermal`): power budget, pixel temperature, self-consistent
   with steps 1-4 (the transport and emission are solved at the ambient and at a hotter
   temperature and each bias finds its own temperature between them);
6. figures of merit (:func:`ncled.device.merit.figures_of_merit`), as the lab measures them.

The result (:class:`ncled.device.result.LedResult`) holds one SI :class:`xarray.Dataset` with
provenance and the typed figures of merit.

References
----------
.. [Qu2022] J. Qu et al., Nat. Photon. 16, 38 (2022), doi:10.1038/s41566-021-00902-y.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace

import numpy as np
import xarray as xr

from ncled import __version__
from ncled.device.config import DeviceConfig
from ncled.device.electrical import DEFAULT_N_NODES
from ncled.device.electrothermal import (
    coupled_solution,
    device_network,
    operating_transient,
    power_budget,
    response_matrix,
)
from ncled.device.emission import film_pl
from ncled.device.heating import strip_resistance
from ncled.device.merit import figures_of_merit, interp_loglog
from ncled.device.result import LedResult
from ncled.device.step_emission import (
    CURRENT_FLOOR,
    N_SPECTRAL_NODES,
    emission_step,
    exciton_efficiency,
)
from ncled.device.step_nanocrystal import (
    CHARGING_ENERGY_EV,
    GROWTH_PEAK_TOLERANCE_M,
    HGTE_GAP_TEMPERATURE_COEFFICIENT_EV_K,
    HOPPING_ACTIVATION_EV,
    TRION_TO_BIEXCITON_AUGER,
    EmitterPhysics,
    emitter_physics,
)
from ncled.device.step_optics import optics_step, temperature_shift_ev, with_depth_weight
from ncled.device.step_transport import PER_BIAS_FIELDS, emitter_geometry, transport_step
from ncled.errors import ConfigError, ConvergenceError
from ncled.optics.outcoupling import ISOTROPIC_HORIZONTAL_FRACTION
from ncled.transport.sweep import SweepResult, solve_sweep

__all__ = ["CHARGING_ENERGY_EV", "CURRENT_FLOOR", "TRION_TO_BIEXCITON_AUGER", "EmitterPhysics",
           "LedResult", "emitter_physics", "interp_loglog", "model_constants",
           "series_resistance", "simulate_led", "solve_sweep", "to_contact_voltage"]

#: Default emitter depths for the outcoupling (cell midpoints) and in-plane-index nodes: 10 depths
#: resolve the recombination profile of a 120 nm layer; 1000 nodes give the mode fractions to
#: better than 1e-3 (checked against 2000 in the tests of the emission model).
N_DEPTH = 10
N_KAPPA = 1000
N_WAVELENGTH = 121
#: Spectral nodes of the studies' fast path: the spectra there only set the mean photon energy
#: and the angular factors, which change by < 1 % along the sweep.
FIGURES_ONLY_SPECTRAL_NODES = 4
#: Internal (drift-diffusion) biases per requested contact voltage.
BIAS_REFINEMENT = 3

Progress = Callable[[str], None]


def model_constants() -> dict:
    """The named constants of the LED model, value and source (recorded in the provenance)."""
    return {
        "CHARGING_ENERGY_EV": (CHARGING_ENERGY_EV, "Qu 2022 Methods"),
        "TRION_TO_BIEXCITON_AUGER": (TRION_TO_BIEXCITON_AUGER, "Klimov 2014"),
        "HGTE_GAP_TEMPERATURE_COEFFICIENT_EV_K": (HGTE_GAP_TEMPERATURE_COEFFICIENT_EV_K,
                                                  "Lhuillier 2012"),
        "HOPPING_ACTIVATION_EV": (HOPPING_ACTIVATION_EV, "charging energy; Guyot-Sionnest 2012"),
        "GROWTH_PEAK_TOLERANCE_M": (GROWTH_PEAK_TOLERANCE_M, "half the calibration spacing"),
        "CURRENT_FLOOR": (CURRENT_FLOOR, "solver continuity error"),
    }


def _registry_snapshot() -> str:
    """JSON snapshot of the parameter registry (:mod:`ncled.parameters`, its ``parameters()``:
    name -> value, unit, status, source) when it exists, and of :func:`model_constants`."""
    snap = {"model_constants": {k: {"value": v, "source": src}
                                for k, (v, src) in model_constants().items()}}
    try:
        from ncled import parameters as registry
    except ImportError:
        return json.dumps(snap)
    entries = getattr(registry, "parameters", None)
    if callable(entries):
        snap["registry"] = {p.name: {"value": p.value, "unit": p.unit, "status": p.status,
                                     "source": p.source} for p in entries()}
    return json.dumps(snap, default=str)


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


def _check_voltages(config: DeviceConfig, voltages) -> np.ndarray:
    if voltages is None:
        d = config.drive
        voltages = np.linspace(d.voltage_start, d.voltage_stop, d.voltage_points)
    volts = np.asarray(voltages, dtype=float)
    if volts.ndim != 1 or volts.size < 2 or not np.all(np.isfinite(volts)) or np.any(
            np.diff(volts) <= 0):
        raise ConfigError("voltages must be an increasing list of at least two finite biases [V]")
    return volts


def _solve_at(config, em, dd_volts, optics, n_nodes, initial=None):
    """Steps 3 and 4a at the temperature of ``em``: the sweep, J, G and eta_rad per bias
    (``initial``: a neighbouring sweep to start from)."""
    tr = transport_step(config, em, dd_volts, n_nodes=n_nodes, initial=initial)
    g_cells, eta_rad = exciton_efficiency(tr.sweep, em, tr.emitter_layer, optics.depth_edges_m,
                                          tr.emitter_start_m, optics.purcell_depth)
    return tr, g_cells, eta_rad


def _head(solution, n: int):
    """The first ``n`` biases of a (transport step, G, eta_rad) solution."""
    tr, g, eta = solution
    sweep = replace(tr.sweep, **{k: getattr(tr.sweep, k)[:n]
                                 for k in (*PER_BIAS_FIELDS, "voltage", "iterations")})
    return replace(tr, sweep=sweep, current_density=tr.current_density[:n]), g[:n], eta[:n]


def _solve_covering(config, em, dd_volts, optics, n_nodes, area_r_s: float, v_max: float,
                    initial=None):
    """Steps 3-4a over the internal biases whose contact voltage V_dd + J A R_s covers
    ``v_max``: the sweep ends at the first bias beyond it (needed for the interpolation), as the
    ITO strip usually takes the contact voltage there well before the internal bias (1.4 V of
    4 V for the reference)."""
    def beyond(v, j):
        return v + max(j, 0.0) * area_r_s > v_max

    stop = beyond if area_r_s > 0 else None
    tr = transport_step(config, em, dd_volts, n_nodes=n_nodes, initial=initial, stop=stop)
    g_cells, eta_rad = exciton_efficiency(tr.sweep, em, tr.emitter_layer, optics.depth_edges_m,
                                          tr.emitter_start_m, optics.purcell_depth)
    return tr, g_cells, eta_rad


def simulate_led(config: DeviceConfig, voltages=None, *, progress: Progress | None = None,
                 n_nodes: int = DEFAULT_N_NODES, n_wavelength: int = N_WAVELENGTH,
                 n_depth: int = N_DEPTH,
                 n_kappa: int = N_KAPPA,
                 horizontal_fraction: float = ISOTROPIC_HORIZONTAL_FRACTION,
                 electrothermal: bool = True, bias_refinement: int = BIAS_REFINEMENT,
                 figures_only: bool = False, initial: SweepResult | None = None) -> LedResult:
    """Simulate the LED of a device file over a sweep of contact voltages.

    Parameters
    ----------
    config : DeviceConfig
        The device (with ``[electrodes]``, ``[nanocrystal]`` and an emitting layer; the optional
        ``[measurement]``, ``[thermal]``, ``[pulse]`` and ``[film]`` sections,
        :mod:`ncled.device.lab`).
    voltages : array_like, optional
        Voltages at the contacts [V] (increasing); default the file's ``[drive]`` sweep. The
        drift-diffusion problem is solved on a finer grid of internal biases and the results are
        interpolated to these contact voltages (internal bias + ITO strip drop).
    progress : callable, optional
        Called with a short message at each step.
    n_nodes, n_wavelength, n_depth, n_kappa : int
        Mesh nodes, wavelengths, emitter depths and in-plane-index nodes.
    horizontal_fraction : float
        Share of horizontal dipoles (2/3: isotropic).
    electrothermal : bool
        Solve the temperature self-consistently (two drift-diffusion solves); False: the device
        at the ambient temperature, the pixel temperature still computed from its power.
    bias_refinement : int
        Internal biases per contact-voltage step (the studies use 1).
    figures_only : bool
        Only the figures of merit: the dataset stays on the internal biases, without spectra
        at the measurement's currents or the temperature transient (the studies' fast path).
    initial : SweepResult, optional
        The drift-diffusion sweep of a neighbouring device on the same mesh (``LedResult.sweep``
        of a study's previous point): the solve starts from it (faster; the result does not
        depend on it beyond the solver's tolerance). The hot solve of the electro-thermal step
        always starts from the ambient one.

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
    volts = _check_voltages(config, voltages)
    # Internal (drift-diffusion) biases over the same span; the contact voltage is never below
    # the internal one, so this covers the requested range.
    dd_volts = np.linspace(volts[0], volts[-1], max(int(bias_refinement), 1) * (volts.size - 1)
                           + 1)
    emitter_geometry(config)  # the emitter's place in the stack, checked before any solve
    t_amb = config.drive.temperature
    say("1/6 nanocrystal emitter")
    em = emitter_physics(config)
    say("2/6 optics (dipole emission in the stack)")
    optics = optics_step(config, em, n_wavelength=n_wavelength, n_depth=n_depth,
                         n_kappa=n_kappa, horizontal_fraction=horizontal_fraction)
    say("3/6 transport (drift-diffusion)")
    area = config.pixel_area
    r_s = series_resistance(config)
    tr, g_cells, eta_rad = _solve_covering(config, em, dd_volts, optics, n_nodes, area * r_s,
                                           volts[-1], initial)
    dd_volts = dd_volts[:g_cells.shape[0]]
    network = device_network(config)
    z_op = response_matrix(network, config.pulse)
    z_cw = response_matrix(network) if config.pulse is not None else z_op
    mc = config.measurement
    half_angle = np.deg2rad(mc.collection_half_angle_deg)
    n_spectral = FIGURES_ONLY_SPECTRAL_NODES if figures_only else N_SPECTRAL_NODES

    def emit(j, g, eta, temperature):
        pl = film_pl(config, optics.wavelength_m, temperature_shift_ev(temperature, t_amb))
        return emission_step(j, g, eta, optics, pl, em.plqy, half_angle, n_spectral=n_spectral)

    if electrothermal:
        say("5/6 thermal (electro-thermal fixed point)")
    sol = coupled_solution(
        (tr, g_cells, eta_rad), dd_volts, emit=emit,
        solve_hot=lambda t, biases: _solve_at(config, emitter_physics(config, t), biases,
                                              optics, n_nodes, tr.sweep),
        head=_head, area=area, r_s=r_s, z=z_op, ambient_k=t_amb, v_max=volts[-1],
        electrothermal=electrothermal)
    say("4/6 emission (EQE, radiance, EL spectra)")
    dd_volts, j, g_cells, eta_rad, es = (sol.internal_bias, sol.current_density, sol.g_cells,
                                         sol.eta_rad, sol.emission)
    converged, message, sweep = sol.converged, sol.message, sol.sweep
    budget = power_budget(j, dd_volts, es.radiant_exitance, area, r_s, z_op, t_amb)
    budget_cw = power_budget(j, dd_volts, es.radiant_exitance, area, r_s, z_cw, t_amb)
    out = _dataset(sweep, j, es, budget, budget_cw, optics, g_cells, config)
    out["radiative_efficiency_depth"] = (("voltage", "depth"), eta_rad, {
        "units": "1", "long_name": "exciton radiative efficiency per depth cell"})
    out["voltage"].attrs.update(long_name="drift-diffusion (internal) bias")
    say("6/6 figures of merit")
    within = out.where(out.voltage_applied <= volts[-1] * (1 + 1e-9), drop=True)
    spectra = _spectra_at_currents(within, mc, area, figures_only)
    op = spectra.sel(spectrum_current=mc.operating_current_ma * 1e-3, method="nearest")
    extra = _figure_inputs(config, em, optics, sol, op.el_spectra.values, tr.layer_names, r_s,
                           float(z_cw[0, 0]))
    figures = figures_of_merit(within, mc, extra)
    i_op = figures.operating_current
    if figures_only:
        return LedResult(within.assign_attrs(success=int(bool(converged)), message=message,
                                             ncled_version=__version__), figures, sweep)
    transient = _operating_transient(network, within, i_op, area, config.pulse)
    out = to_contact_voltage(out, volts)
    out = xr.merge([out, spectra, transient], compat="override", combine_attrs="override")
    out["el_spectrum"] = ("wavelength", op.el_spectra.values, {
        "units": "1", "long_name": "EL spectrum at the operating current (peak-normalised, per "
        "unit wavelength)"})
    out.attrs.update({
        "title": f"ncled LED simulation of {config.name}",
        "device": config.name, "device_file": config.source_path or "",
        "ncled_version": __version__, "success": int(bool(converged)), "message": message,
        "inputs": config.model_dump_json(exclude={"source_path"}),
        "parameter_registry": _registry_snapshot(),
        "series_resistance_ohm": r_s, "thermal_resistance_K_W": float(z_cw[0, 0]),
        "lambertian_correction": figures.lambertian_correction, "plqy": em.plqy,
        "hgte_fraction": em.hgte_fraction, "nc_diameter_m": em.diameter_m,
        "layers": ",".join(tr.layer_names),
        "electronic_parameters": "; ".join(
            f"{e.name}: chi={e.electron_affinity_ev:.3g} eV Eg={e.band_gap_ev:.3g} eV "
            f"mu_n={e.mu_n_cm2:.2g} mu_p={e.mu_p_cm2:.2g} cm2/Vs Nd={e.nd_cm3:.3g} "
            f"Na={e.na_cm3:.3g} cm-3" for e in tr.electronics),
    })
    return LedResult(out, figures, sweep)


def _figure_inputs(config: DeviceConfig, em: EmitterPhysics, optics, sol, el_operating,
                   layer_names, r_s: float, r_th: float) -> dict:
    """The figures of merit the optics, emission and thermal steps give directly: spectra
    (:func:`ncled.optics.outcoupling.peak_and_fwhm`), averages over the emission profile at the
    bias of highest EQE, resistances."""
    from ncled.optics.outcoupling import peak_and_fwhm

    g, eta, es = sol.g_cells, sol.eta_rad, sol.emission
    wl = optics.wavelength_m
    el_pk, el_w = peak_and_fwhm(wl, el_operating) if np.all(np.isfinite(el_operating)) else (
        float("nan"), float("nan"))
    pl_pk, pl_w = peak_and_fwhm(wl, _nanocrystal_pl(config, wl))
    k = int(np.nanargmax(np.where(np.isfinite(es.eqe), es.eqe, -1.0)))
    profile = g[k] * eta[k]
    return {
        "area": config.pixel_area, "el_peak_wavelength": el_pk, "el_fwhm": el_w,
        "pl_peak_wavelength": pl_pk, "pl_fwhm": pl_w,
        "outcoupling": float(np.sum(profile * optics.outcoupling_depth) / np.sum(profile)),
        "purcell": float(np.sum(g[k] * optics.purcell_depth) / np.sum(g[k])),
        "lambertian_correction": float(es.lambertian_correction[k]), "plqy": em.plqy,
        "hgte_fraction": em.hgte_fraction,
        "pbs_recombination_share_max": float(np.max(_layer_recombination_share(
            sol.sweep, layer_names, "PbS"))),
        "series_resistance": r_s, "thermal_resistance": r_th,
        "mode_fractions": _mode_fractions(optics, profile, em.plqy),
    }


def _nanocrystal_pl(config: DeviceConfig, wavelength_m) -> np.ndarray:
    """The nanocrystals' own PL (as the paper measures it: drop-cast, synthesis ligands)."""
    from ncled.device.emission import film_pl

    return film_pl(config, wavelength_m, film=False)


def _mode_fractions(optics, profile, plqy: float) -> dict:
    """Mode fractions of the dipole power for the emission profile ``profile`` (summarise)."""
    from ncled.optics.outcoupling import summarise

    w = profile / profile.sum() if profile.sum() > 0 else np.full(profile.size, 1 / profile.size)
    s = summarise(with_depth_weight(optics.emission, w), optics.pl, plqy,
                  optics.horizontal_fraction)
    return {str(k): float(v) for k, v in s.mode_fractions.items()}


def _dataset(sweep: SweepResult, j, es, budget, budget_cw, optics, g_cells,
             config: DeviceConfig) -> xr.Dataset:
    """The per-bias SI dataset on the internal biases."""
    v = "voltage"
    dd = sweep.to_dataset()
    dd["current"].attrs["long_name"] = ("current density along +x (from the cathode to the "
                                        "anode: negative under forward bias)")
    wpe = np.where((j > CURRENT_FLOOR) & (budget.voltage > 0),
                   budget.light / np.where(budget.electrical > 0, budget.electrical, np.nan),
                   np.nan)
    var = {
        "current_density": (v, j, "A/m^2", "current density"),
        "voltage_applied": (v, budget.voltage, "V",
                            "voltage at the contacts (with the ITO strip drop)"),
        "eqe": (v, es.eqe, "1", "external quantum efficiency"),
        "charge_balance": (v, es.charge_balance, "1", "excitons formed in the emitter per "
                           "electron"),
        "radiative_efficiency": (v, es.radiative_efficiency, "1", "mean exciton radiative "
                                 "efficiency (Purcell, trion quenching)"),
        "photon_flux": (v, es.photon_flux, "m^-2 s^-1", "photons into the air per area"),
        "mean_photon_energy": (v, es.mean_photon_energy, "J", "mean energy of the outcoupled "
                               "photons"),
        "radiant_exitance": (v, es.radiant_exitance, "W/m^2", "optical power into air per "
                             "pixel area"),
        "radiance": (v, es.radiance_lambertian, "W sr^-1 m^-2", "radiance, the paper's "
                     "convention M / pi (Lambertian P / (pi S))"),
        "radiance_on_axis": (v, es.radiance_on_axis, "W sr^-1 m^-2", "on-axis radiance "
                             "M / (pi C)"),
        "radiance_collected": (v, es.radiance_collected, "W sr^-1 m^-2", "radiance read through "
                               "the collection cone, Lambertian conversion"),
        "lambertian_correction": (v, es.lambertian_correction, "1", "C = M / (pi L0)"),
        "electrical_power": (v, budget.electrical, "W", "I V at the contacts"),
        "optical_power": (v, budget.light, "W", "light into the air"),
        "pixel_heat": (v, budget.pixel_heat, "W", "I V_dd - light"),
        "strip_heat": (v, budget.strip_heat, "W", "I^2 R_s along the ITO strip"),
        "wall_plug_efficiency": (v, wpe, "1", "optical power / electrical power"),
        "pixel_temperature": (v, budget.pixel_temperature, "K", "pixel temperature (end of pulse "
                              "when pulsed)"),
        "pixel_temperature_continuous": (v, budget_cw.pixel_temperature, "K",
                                         "pixel temperature in continuous drive"),
        "substrate_temperature": (v, config.drive.temperature + budget.node_rise[:, 2], "K",
                                  "substrate temperature"),
        "emission_depth": ("depth", optics.depth_m, "m", "emitter depth from the cathode side"),
        "exciton_formation": ((v, "depth"), g_cells, "m^-2 s^-1", "excitons formed per depth "
                              "cell"),
        "outcoupling_depth": ("depth", optics.outcoupling_depth, "1", "fraction of emitted "
                              "power into air at each depth"),
        "purcell_depth": ("depth", optics.purcell_depth, "1", "Purcell factor"),
        "el_spectrum_bias": ((v, "wavelength"), es.el_spectrum, "1", "EL spectrum per unit "
                             "wavelength at each bias, peak-normalised"),
        "radiant_intensity": ((v, "theta"), es.intensity, "1", "radiant intensity in the air, "
                              "normalised on axis"),
        "pl_spectrum": ("wavelength", _norm(_nanocrystal_pl(config, optics.wavelength_m)), "1",
                        "the nanocrystals' PL (peak-normalised, per unit wavelength)"),
        "film_pl_spectrum": ("wavelength", _norm(optics.pl), "1", "the emitting film's PL at "
                             "the ambient temperature (peak-normalised)"),
    }
    data = {k: (d, a, {"units": u, "long_name": ln}) for k, (d, a, u, ln) in var.items()}
    coords = {"wavelength": ("wavelength", optics.wavelength_m, {"units": "m"}),
              "theta": ("theta", es.theta_rad, {"units": "rad", "long_name": "angle in air"})}
    out = dd.assign(data).assign_coords(coords)
    out["lambertian_pattern"] = ("theta", np.cos(es.theta_rad),
                                 {"units": "1", "long_name": "cos(theta), Lambertian"})
    return out


def _norm(y):
    y = np.asarray(y, dtype=float)
    return y / y.max()


def _spectra_at_currents(ds: xr.Dataset, measurement, area: float,
                         operating_only: bool = False) -> xr.Dataset:
    """EL spectra at the measurement's currents (and the operating current), interpolated in
    log current between biases; NaN outside the sweep."""
    cur = ds.current_density.values * area
    targets = sorted({measurement.operating_current_ma} if operating_only else
                     {*measurement.spectrum_currents_ma, measurement.operating_current_ma})
    targets_a = np.array(targets) * 1e-3
    el = ds.el_spectrum_bias.values
    rows = []
    for i0 in targets_a:
        pos = cur > 0
        if pos.sum() < 2 or not cur[pos].min() <= i0 <= cur[pos].max():
            rows.append(np.full(el.shape[1], np.nan))
            continue
        x = np.log(cur[pos])
        k = int(np.clip(np.searchsorted(x, np.log(i0)), 1, x.size - 1))
        t = (np.log(i0) - x[k - 1]) / (x[k] - x[k - 1])
        rows.append((1 - t) * el[pos][k - 1] + t * el[pos][k])
    return xr.Dataset(
        {"el_spectra": (("spectrum_current", "wavelength"), np.array(rows),
                        {"units": "1", "long_name": "EL spectrum at the current (peak-normalised "
                         "at each bias)"})},
        coords={"spectrum_current": ("spectrum_current", targets_a, {"units": "A"}),
                "wavelength": ds.wavelength})


def _operating_transient(network, ds: xr.Dataset, current_a: float, area: float,
                         pulse) -> xr.Dataset:
    """Pixel temperature rise versus time at the operating current (switch-on in continuous
    drive, or three periods of the pulse train), with the node powers of that current."""
    cur = ds.current_density.values * area
    node_p = np.nan_to_num(np.array([interp_loglog(cur, ds.pixel_heat.values, current_a),
                                     interp_loglog(cur, ds.strip_heat.values, current_a), 0.0]))
    t, rise = operating_transient(network, node_p, pulse)
    return xr.Dataset({"pixel_temperature_rise_transient": (
        "time", rise, {"units": "K", "long_name": "pixel temperature rise at the operating "
                       "current (switch-on, or the periodic pulse train)"})},
        coords={"time": ("time", t, {"units": "s"})})


#: Per-bias results of the solver kept on its own bias grid by :func:`to_contact_voltage`.
DD_DIAGNOSTICS = ("iterations", "continuity_error", "recombination_current")


def to_contact_voltage(ds: xr.Dataset, voltages) -> xr.Dataset:
    """Re-index a result from internal biases to the contact voltages ``voltages`` [V].

    Every per-bias variable is interpolated linearly in the contact voltage (monotonic in the
    internal bias); the internal bias itself becomes the variable ``internal_bias``.
    """
    v_ext = ds.voltage_applied.values
    bad = ~np.isfinite(v_ext)
    if bad.any():
        biases = ", ".join(f"{b:.3g} V" for b in ds.voltage.values[bad])
        raise ConvergenceError(f"the device solve gave a non-finite current (contact voltage) "
                               f"at the internal bias {biases}")
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

