"""Design studies built on the LED model: emitter composition and emission wavelength.

The paper varies the HgTe share of the ZnO:HgTe layer (best EQE at 50 % HgTe; the film switches
from p-type to n-type between 50 % and 25 % HgTe) and the emission wavelength (EQE halves from
2.0 to 2.3 um). These functions rerun :func:`ncled.device.led.simulate_led` on modified copies of
a device and collect the figures of merit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import xarray as xr

from ncled.device.config import DeviceConfig
from ncled.device.electrical import HGTE_COMPONENT, layer_electronics
from ncled.device.led import simulate_led
from ncled.errors import ConfigError
from ncled.transport.sweep import SweepResult

#: Optical grid of the studies: coarser than a single simulation (the peak EQE changes by < 1 %
#: from 1000 to 400 in-plane nodes and 41 to 21 wavelengths on the reference device).
N_KAPPA_STUDY = 400
N_WAVELENGTH_STUDY = 21
#: HgTe volume fractions of the composition study (the paper's 25, 50, 75 % and neighbours).
DEFAULT_FRACTIONS = (0.25, 0.35, 0.45, 0.5, 0.55, 0.65, 0.75)


def with_hgte_fraction(config: DeviceConfig, fraction: float) -> DeviceConfig:
    """A copy of ``config`` whose emitting mixture has HgTe volume fraction ``fraction``."""
    if not 0 < fraction < 1:
        raise ConfigError(f"HgTe fraction must be in (0, 1), got {fraction}")
    i = config.emitter_index
    em = config.layers[i]
    mix = em.mixture or {}
    hgte = [k for k in mix if k.lower() == HGTE_COMPONENT.lower()]
    if len(mix) != 2 or not hgte:
        raise ConfigError(f"the emitting layer must be a two-component mixture with "
                          f"{HGTE_COMPONENT!r} to vary its composition")
    other = next(k for k in mix if k != hgte[0])
    new = em.model_copy(update={"mixture": {hgte[0]: fraction, other: 1.0 - fraction}})
    layers = [*config.layers[:i], new, *config.layers[i + 1:]]
    return config.model_copy(update={"layers": layers})


def composition_sweep(config: DeviceConfig, fractions: Sequence[float] = DEFAULT_FRACTIONS,
                      voltages=None, progress: Callable[[str], None] | None = None,
                      initial: SweepResult | None = None) -> xr.Dataset:
    """Peak EQE, net doping and charge balance of the device versus the emitter's HgTe fraction.

    The peak EQE is the largest where the EL is detectable (as in
    :func:`ncled.device.merit.figures_of_merit`). Each composition's drift-diffusion solve
    starts from its neighbour's solution (the first from ``initial``, e.g. the device's own
    ``LedResult.sweep``, when given): the figures do not depend on it beyond the solver's
    tolerance.

    Returns
    -------
    xarray.Dataset
        On ``hgte_fraction``: ``peak_eqe``, ``net_doping`` [m^-3] (N_A - N_D: > 0 p-type),
        ``charge_balance`` and ``radiative_efficiency`` at the peak, ``current_at_peak`` [A/m^2];
        attrs ``best_fraction`` and ``neutral_fraction`` (where the film changes type).
    """
    return _composition(config, fractions, voltages, progress, initial)[0]


def _composition(config, fractions, voltages, progress, initial):
    """:func:`composition_sweep` and the drift-diffusion sweep of each of its points."""
    fr = np.asarray(fractions, dtype=float)
    out = {k: [] for k in ("peak_eqe", "charge_balance", "radiative_efficiency",
                           "current_at_peak", "net_doping")}
    sweep, sweeps = initial, []
    for f in fr:
        if progress:
            progress(f"composition {f:.0%} HgTe")
        dev = with_hgte_fraction(config, float(f))
        point = _study_point(dev, voltages, sweep)
        fig, sweep = point.figures, point.sweep
        sweeps.append(sweep)
        el = layer_electronics(dev.layers[dev.emitter_index], 0.6, 6e-9)  # doping only
        out["net_doping"].append((el.na_cm3 - el.nd_cm3) * 1e6)
        out["peak_eqe"].append(fig.peak_eqe)
        out["charge_balance"].append(fig.charge_balance_at_peak)
        out["radiative_efficiency"].append(fig.radiative_efficiency_at_peak)
        out["current_at_peak"].append(fig.peak_eqe_current_density)
    net = np.asarray(out["net_doping"])
    # composition where the film changes type (linear interpolation between the sampled points)
    sign_change = np.flatnonzero(np.diff(np.sign(net)))
    if sign_change.size:
        i = int(sign_change[0])
        neutral = float(np.interp(0.0, sorted([net[i], net[i + 1]]),
                                  [fr[i], fr[i + 1]] if net[i] < net[i + 1] else
                                  [fr[i + 1], fr[i]]))
    else:
        neutral = float("nan")
    units = {"peak_eqe": "1", "charge_balance": "1", "radiative_efficiency": "1",
             "current_at_peak": "A/m^2", "net_doping": "m^-3"}
    ds = xr.Dataset(
        {k: ("hgte_fraction", np.asarray(v), {"units": units[k]}) for k, v in out.items()},
        coords={"hgte_fraction": ("hgte_fraction", fr, {"units": "1"})},
    )
    ds["net_doping"].attrs["long_name"] = "N_A - N_D of the emitting layer (> 0: p-type)"
    ds.attrs.update(best_fraction=float(fr[int(np.argmax(ds.peak_eqe.values))]),
                    neutral_fraction=neutral)
    return ds, sweeps


def hgte_fraction(config: DeviceConfig) -> float:
    """HgTe volume fraction of the emitting mixture of ``config`` (NaN without one).

    Parameters
    ----------
    config : DeviceConfig
        The device.
    """
    mix = config.layers[config.emitter_index].mixture or {}
    return float(next((v for k, v in mix.items() if k.lower() == HGTE_COMPONENT.lower()),
                      float("nan")))


def device_studies(config: DeviceConfig, voltages=None,
                   variants: Sequence[DeviceConfig] = (), fractions=DEFAULT_FRACTIONS,
                   initial: SweepResult | None = None,
                   progress: Callable[[str], None] | None = None) -> tuple[xr.Dataset, np.ndarray]:
    """The composition study of ``config`` and the peak EQE of each device of ``variants`` (e.g.
    the 2.3 um device next to the 2.0 um one), as ``ncled simulate`` reports them.

    Self-contained (only the device files and voltages in, plain results out), so that it can run
    in a second process beside the device's own simulation. The composition points start from
    ``initial`` as in :func:`composition_sweep`; the variants from the composition point nearest
    the device's own HgTe fraction (the same device but for what the variant changes); neither
    changes the results beyond the solver's tolerance.

    Parameters
    ----------
    config : DeviceConfig
        The device.
    voltages : array_like, optional
        Contact voltages [V] of each study point (default: the device's own sweep).
    variants : sequence of DeviceConfig
        Other devices whose peak EQE is reported beside the composition study.
    fractions : sequence of float
        HgTe volume fractions of the composition study.
    initial : SweepResult, optional
        A drift-diffusion sweep the first composition point starts from.
    progress : callable, optional
        Called with a short message as each point starts.

    Returns
    -------
    (xarray.Dataset, ndarray)
        :func:`composition_sweep`'s dataset and the variants' peak EQEs (:func:`variant_peak_eqe`).
    """
    comp, sweeps = _composition(config, fractions, voltages, progress, initial)
    if not variants:
        return comp, np.array([])
    if progress:
        progress("variants")
    own = hgte_fraction(config)
    start = initial
    if np.isfinite(own):
        start = sweeps[int(np.argmin(np.abs(comp.hgte_fraction.values - own)))]
    return comp, variant_peak_eqe(variants, voltages, initial=start)


def _study_point(config: DeviceConfig, voltages, initial: SweepResult | None = None):
    """The figures-only :class:`ncled.device.result.LedResult` of one study point: the coarse
    optical grid, one internal bias per contact voltage (the peak EQE moves by < 1 % on the
    reference), the device at the ambient temperature (the peak EQE lies at tens of mA/cm^2,
    where the pixel heats by < 0.1 K); the solve starts from ``initial`` when given (a warm
    start only: a mesh mismatch falls back to the usual start, and the figures do not depend on
    it beyond the solver's tolerance)."""
    return simulate_led(config, voltages, n_kappa=N_KAPPA_STUDY,
                        n_wavelength=N_WAVELENGTH_STUDY, electrothermal=False, bias_refinement=1,
                        figures_only=True, initial=initial)


def variant_figures(configs: Sequence[DeviceConfig], voltages=None,
                    initial: SweepResult | None = None) -> list:
    """The :class:`ncled.device.merit.FiguresOfMerit` of each device (study grids), each solve
    started from the previous device's (the first from ``initial`` when given)."""
    out, sweep = [], initial
    for c in configs:
        point = _study_point(c, voltages, sweep)
        out.append(point.figures)
        sweep = point.sweep
    return out


def variant_peak_eqe(configs: Sequence[DeviceConfig], voltages=None,
                     initial: SweepResult | None = None) -> np.ndarray:
    """Peak (detectable) EQE of each device, e.g. the 2.0 and 2.3 um variants (``initial``: as
    in :func:`variant_figures`)."""
    return np.array([f.peak_eqe for f in variant_figures(configs, voltages, initial)])
