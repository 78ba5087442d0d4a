"""LED current-voltage-optical power sweeps -> radiance, EQE, wall-plug efficiency, turn-on.

The formulas are those of the Methods of Qu et al. [1]_: for a Lambertian emitter the power
leaving the front face is ``P = pi L0`` with ``L0`` the radiant intensity on the normal
[W sr^-1]; the radiance is ``R = P / (pi S)`` with ``S`` the pixel area; and, with the peak
wavelength standing for the whole spectrum, ``EQE = lambda e P / (h c I)``. The spectrally
integrated EQE counts photons over the measured EL spectrum ``s(lambda)`` (power per unit
wavelength): ``N_p = P / (h c) * int s lambda dlambda / int s dlambda``, i.e. the peak
wavelength is replaced by the power-weighted mean wavelength. A detector whose responsivity
varies across the spectrum reads ``I_ph = eta P int s R dlambda / int s dlambda``.

Uncertainties are first-order (linear) propagation of independent relative uncertainties of the
calibration inputs, added in quadrature with the detector noise [2]_.

References
----------
.. [1] Qu, J. et al. Electroluminescence from nanocrystals above 2 um. Nat. Photon. 16, 38-44
   (2022). https://doi.org/10.1038/s41566-021-00902-y
.. [2] JCGM 100:2008, Evaluation of measurement data - Guide to the expression of uncertainty in
   measurement (GUM), section 5.1. https://doi.org/10.59161/JCGM100-2008E
.. [3] Forrest, S. R., Bradley, D. D. C. & Thompson, M. E. Measuring the efficiency of organic
   light-emitting devices. Adv. Mater. 15, 1043 (2003). https://doi.org/10.1002/adma.200302151
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

import numpy as np
import xarray as xr
from scipy.integrate import trapezoid

from ncled.analysis.provenance import provenance
from ncled.constants import c, h, q
from ncled.errors import ConfigError, DataFormatError
from ncled.numerics import onset

# ------------------------------------------------------------------------- pure physics


def lambertian_power(on_axis_intensity_w_sr):
    """Power [W] into the forward hemisphere of a Lambertian emitter: ``P = pi L0`` (ref. 1 of the
    module).

    Parameters
    ----------
    on_axis_intensity_w_sr : array_like
        Radiant intensity on the normal, ``L0`` [W sr^-1].
    """
    return np.pi * np.asarray(on_axis_intensity_w_sr, dtype=float)


def radiance_from_power(power_w, area_m2):
    """Radiance [W sr^-1 m^-2] of a Lambertian pixel of area ``S``: ``R = P / (pi S)``
    (ref. 1 of the module)."""
    return np.asarray(power_w, dtype=float) / (np.pi * np.asarray(area_m2, dtype=float))


def collection_efficiency_disc(detector_area_m2, distance_m):
    """Fraction of a Lambertian point source's hemispherical power collected by a coaxial disc.

    Parameters
    ----------
    detector_area_m2 : array_like
        Active area ``A`` of the detector (a disc of radius ``a = sqrt(A / pi)``) [m^2].
    distance_m : array_like
        Distance ``d`` from the emitting pixel to the detector plane, on the normal [m].

    Notes
    -----
    Integrating ``L0 cos(theta) dOmega`` over the cone of half-angle ``theta_m``,
    ``tan(theta_m) = a / d``, gives ``sin^2(theta_m) = A / (A + pi d^2)`` of ``pi L0``
    (ref. 3 of the module). For
    ``d >> a`` this is ``A / (pi d^2)``, the solid-angle form ``P_det = L0 A / d^2``. Exact for a
    pixel much smaller than the distance.
    """
    a = np.asarray(detector_area_m2, dtype=float)
    d = np.asarray(distance_m, dtype=float)
    return a / (a + np.pi * d**2)


def collection_efficiency_disc_rel_unc(detector_area_m2, distance_m, area_rel_unc,
                                       distance_rel_unc):
    """First-order relative uncertainty of :func:`collection_efficiency_disc`.

    Notes
    -----
    With ``f = pi d^2 / (A + pi d^2)``: ``d ln(eta) / d ln(A) = f`` and
    ``d ln(eta) / d ln(d) = -2 f``, so ``u_rel(eta)^2 = (f u_A)^2 + (2 f u_d)^2`` (ref. 2 of the
    module).
    """
    a = np.asarray(detector_area_m2, dtype=float)
    d = np.asarray(distance_m, dtype=float)
    f = np.pi * d**2 / (a + np.pi * d**2)
    return np.hypot(f * np.asarray(area_rel_unc, float), 2 * f * np.asarray(distance_rel_unc,
                                                                               float))


def power_from_photocurrent(photocurrent_a, responsivity_a_w, collection_efficiency):
    """Forward-hemisphere power [W] from a detector photocurrent: ``P = I_ph / (R_d eta)``."""
    return (np.asarray(photocurrent_a, dtype=float) / np.asarray(responsivity_a_w, dtype=float)
            / np.asarray(collection_efficiency, dtype=float))


def eqe_peak_wavelength(power_w, current_a, wavelength_m):
    """External quantum efficiency with the peak wavelength for the spectrum (ref. 1 of the module):
    ``EQE = lambda e P / (h c I)``."""
    return (np.asarray(wavelength_m, dtype=float) * q * np.asarray(power_w, dtype=float)
            / (h * c * np.asarray(current_a, dtype=float)))


def mean_photon_wavelength(wavelength_m, spectral_power) -> float:
    """Power-weighted mean wavelength [m], ``int s lambda dl / int s dl``: the wavelength that
    makes ``lambda e P / (h c I)`` count every photon of a spectrum ``s`` (power per unit
    wavelength, any scale)."""
    lam = np.asarray(wavelength_m, dtype=float)
    s = np.asarray(spectral_power, dtype=float)
    order = np.argsort(lam)
    lam, s = lam[order], s[order]
    norm = trapezoid(s, lam)
    if not norm > 0:
        raise ConfigError("EL spectrum: its integral must be positive")
    return float(trapezoid(s * lam, lam) / norm)


def eqe_spectral(power_w, current_a, wavelength_m, spectral_power):
    """EQE counting the photons of the measured EL spectrum:
    ``EQE = e P <lambda> / (h c I)`` with ``<lambda>`` from :func:`mean_photon_wavelength`."""
    return eqe_peak_wavelength(power_w, current_a, mean_photon_wavelength(wavelength_m,
                                                                          spectral_power))


def effective_responsivity(wavelength_m, spectral_power, responsivity_wavelength_m,
                           responsivity_a_w) -> float:
    """Spectrum-weighted detector responsivity [A/W], ``int s R dl / int s dl``, with ``R``
    interpolated linearly on its own grid (an error if the EL spectrum leaves that grid)."""
    lam = np.asarray(wavelength_m, dtype=float)
    s = np.asarray(spectral_power, dtype=float)
    rl = np.asarray(responsivity_wavelength_m, dtype=float)
    order = np.argsort(rl)
    rl, rv = rl[order], np.asarray(responsivity_a_w, dtype=float)[order]
    if lam.min() < rl[0] or lam.max() > rl[-1]:
        raise ConfigError(
            f"detector responsivity is given from {rl[0] * 1e9:.0f} to {rl[-1] * 1e9:.0f} nm, "
            f"the EL spectrum spans {lam.min() * 1e9:.0f}-{lam.max() * 1e9:.0f} nm; extend it "
            "(it is never extrapolated)")
    order = np.argsort(lam)
    lam, s = lam[order], s[order]
    return float(trapezoid(s * np.interp(lam, rl, rv), lam) / trapezoid(s, lam))


def photocurrent_from_eqe(current_a, eqe, wavelength_m, responsivity_a_w,
                          collection_efficiency):
    """Forward model of the measurement: the detector photocurrent [A] of an LED of given EQE
    (inverse of :func:`power_from_photocurrent` and :func:`eqe_peak_wavelength`)."""
    power = (np.asarray(eqe, float) * np.asarray(current_a, float) * h * c
             / (q * np.asarray(wavelength_m, float)))
    return power * np.asarray(responsivity_a_w, float) * np.asarray(collection_efficiency, float)


def wall_plug_efficiency(power_w, current_a, voltage_v):
    """Wall-plug (power conversion) efficiency ``P / (I V)``."""
    return (np.asarray(power_w, dtype=float)
            / (np.asarray(current_a, dtype=float) * np.asarray(voltage_v, dtype=float)))


# ---------------------------------------------------------------------- criteria, onset


@dataclass(frozen=True)
class OnsetCriterion:
    """When the LED is "on".

    ``method = "noise"``: the radiance exceeds the mean of the first ``dark_points`` points by
    ``value`` standard deviations of those points. ``method = "radiance"``: the radiance
    exceeds ``value`` [W sr^-1 m^-2]. The onset is the last upward crossing before the radiance
    maximum, interpolated linearly between the two bracketing points.
    """

    method: Literal["noise", "radiance"] = "noise"
    value: float = 5.0
    dark_points: int = 5

    def describe(self) -> str:
        """The criterion in words."""
        if self.method == "noise":
            return (f"radiance exceeds the mean of the first {self.dark_points} points by "
                    f"{self.value:g} standard deviations of those points")
        return f"radiance exceeds {self.value:g} W sr^-1 m^-2"


# ---------------------------------------------------------------------------- orchestrator


@dataclass(frozen=True)
class LedCalibration:
    """Geometry and calibration of an LED measurement (SI; relative uncertainties are 1 sigma).

    Attributes
    ----------
    pixel_area_m2 : float
        Emitting area ``S`` [m^2].
    responsivity_a_w : float, optional
        Detector responsivity [A/W] at the EL wavelength (needed for a photocurrent column).
    collection_efficiency : float
        Fraction of the forward-hemisphere power reaching the detector (1 for an integrating
        sphere; :func:`collection_efficiency_disc` for a bare detector).
    peak_wavelength_m : float, optional
        EL peak wavelength [m] for the paper's EQE formula (else taken from the EL spectrum).
    noise_floor_a : float, optional
        Photocurrent noise [A]; default: the standard deviation of the dark points.
    subtract_dark : bool
        Subtract the mean of the dark points from the photocurrent (detector offset).
    responsivity_spectrum : tuple of arrays, optional
        (wavelength [m], responsivity [A/W]) to weight by the EL spectrum.
    photocurrent_sign : int
        +1, or -1 for an amplifier that reports the detector photocurrent as negative (a sign
        convention: the photocurrent column is multiplied by it before the analysis).

    Raises
    ------
    ConfigError
        Listing every value outside its range (areas, responsivity and wavelength > 0,
        collection efficiency in (0, 1], noise and relative uncertainties >= 0, sign +1 or
        -1).
    """

    pixel_area_m2: float
    pixel_area_rel_unc: float = 0.0
    responsivity_a_w: float | None = None
    responsivity_rel_unc: float = 0.0
    collection_efficiency: float = 1.0
    collection_efficiency_rel_unc: float = 0.0
    peak_wavelength_m: float | None = None
    peak_wavelength_unc_m: float = 0.0
    current_rel_unc: float = 0.0
    noise_floor_a: float | None = None
    subtract_dark: bool = True
    responsivity_spectrum: tuple[np.ndarray, np.ndarray] | None = None
    photocurrent_sign: int = 1

    def __post_init__(self) -> None:
        bad = []
        for name in ("pixel_area_m2", "responsivity_a_w", "peak_wavelength_m"):
            v = getattr(self, name)
            if v is not None and not (np.isfinite(v) and v > 0):
                bad.append(f"{name} must be > 0, got {v}")
        if self.noise_floor_a is not None and not self.noise_floor_a >= 0:
            bad.append(f"noise_floor_a must be >= 0, got {self.noise_floor_a}")
        if not 0 < self.collection_efficiency <= 1:
            bad.append(f"collection_efficiency must be in (0, 1], got "
                       f"{self.collection_efficiency}")
        for name in ("pixel_area_rel_unc", "responsivity_rel_unc",
                     "collection_efficiency_rel_unc", "peak_wavelength_unc_m",
                     "current_rel_unc"):
            if not getattr(self, name) >= 0:
                bad.append(f"{name} must be >= 0, got {getattr(self, name)}")
        if self.photocurrent_sign not in (1, -1):
            bad.append(f"photocurrent_sign must be +1 or -1, got {self.photocurrent_sign}")
        if bad:
            raise ConfigError(bad)


@dataclass(frozen=True)
class LedSummary:
    """Figures of merit of one sweep (SI) and the criteria and notes behind them."""

    peak_eqe: float
    peak_eqe_unc: float
    peak_eqe_integrated: float
    peak_eqe_voltage_v: float
    peak_eqe_current_density_a_m2: float
    peak_eqe_radiance: float
    max_radiance: float
    max_radiance_unc: float
    turn_on_voltage_v: float
    turn_on_voltage_unc_v: float
    threshold_current_density_a_m2: float
    wavelength_for_eqe_m: float
    mean_photon_wavelength_m: float
    eqe_calibration_rel_unc: float
    turn_on_criterion: str
    threshold_criterion: str
    notes: tuple[str, ...]
    provenance: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        """Plain dict (for JSON)."""
        return asdict(self)


def _dark_stats(sig: np.ndarray, n: int) -> tuple[float, float]:
    if n < 2 or sig.size < n + 2:
        return 0.0, 0.0
    return float(np.mean(sig[:n])), float(np.std(sig[:n], ddof=1))


def analyze_led_sweep(
    sweep: xr.Dataset,
    calibration: LedCalibration,
    spectrum: tuple[np.ndarray, np.ndarray] | None = None,
    turn_on: OnsetCriterion | None = None,
    threshold: OnsetCriterion | None = None,
    source: str = "sweep",
) -> tuple[xr.Dataset, LedSummary]:
    """Radiance, EQE (peak-wavelength and spectrally integrated), wall-plug efficiency and
    uncertainties at every point of a sweep, and the sweep's figures of merit.

    Parameters
    ----------
    sweep : xarray.Dataset
        Along ``point``: ``voltage`` [V]; ``current`` [A] or ``current_density`` [A m^-2]; and
        one of ``photocurrent`` [A], ``optical_power`` [W] (forward hemisphere) or ``radiance``
        [W sr^-1 m^-2] (as from :func:`ncled.io.read_table`).
    calibration : LedCalibration
        Pixel area, detector calibration and their uncertainties.
    spectrum : tuple of numpy.ndarray, optional
        EL spectrum (wavelength [m], power per unit wavelength) for the integrated EQE and the
        peak wavelength.
    turn_on, threshold : OnsetCriterion, optional
        Criteria (default ``OnsetCriterion()``: 5 sigma above the first 5 points) for the
        turn-on voltage and the EL threshold current density.
    source : str
        Name for error messages.

    Returns
    -------
    xarray.Dataset
        Per point: voltage, current, current_density, power, radiance, radiance_unc, eqe,
        eqe_unc, eqe_integrated, eqe_integrated_unc, wall_plug_efficiency (units in attrs) and
        ``emitting`` (the radiance exceeds the turn-on criterion; EQE below it is noise).
    LedSummary
    """
    cal = calibration
    turn_on = turn_on or OnsetCriterion()
    threshold = threshold or OnsetCriterion()
    notes: list[str] = []
    if "voltage" not in sweep:
        raise DataFormatError(f"{source}: no voltage column; found {list(sweep.data_vars)}")
    v = sweep["voltage"].values.astype(float)
    dv = np.diff(v)
    if np.any(dv == 0):
        dup = v[np.flatnonzero(dv == 0)[0]]
        raise DataFormatError(f"{source}: column voltage: duplicated value {dup:g} V")
    if not (np.all(dv > 0) or np.all(dv < 0)):
        raise DataFormatError(f"{source}: column voltage is not monotonic; split forward and "
                              "reverse sweeps into separate files")
    order = np.argsort(v)
    ds = sweep.isel(point=order)
    v = v[order]
    area = cal.pixel_area_m2
    if "current" in ds:
        cur = ds["current"].values.astype(float)
    elif "current_density" in ds:
        cur = ds["current_density"].values.astype(float) * area
    else:
        raise DataFormatError(f"{source}: no current or current density column; found "
                              f"{list(sweep.data_vars)}")
    n_dark = turn_on.dark_points
    lam_mean = float("nan")
    if spectrum is not None:
        lam_mean = mean_photon_wavelength(*spectrum)
    # power into the forward hemisphere, and its noise
    rel_cal2 = 0.0
    if "photocurrent" in ds:
        iph = ds["photocurrent"].values.astype(float) * cal.photocurrent_sign
        if iph[np.argmax(np.abs(iph))] < 0:
            raise DataFormatError(f"{source}: column photocurrent: the signal is negative "
                                  f"(largest magnitude {iph[np.argmax(np.abs(iph))]:.3g} A); "
                                  "the detector's sign convention is inverted: set "
                                  "detector.photocurrent_sign = -1 in the measurement file (or "
                                  "LedCalibration(photocurrent_sign=-1))")
        dark_mean, dark_std = _dark_stats(iph, n_dark)
        if cal.subtract_dark and dark_mean != 0.0:
            iph = iph - dark_mean
            notes.append(f"subtracted the dark photocurrent {dark_mean:.3g} A (mean of the first "
                         f"{n_dark} points)")
        noise_a = cal.noise_floor_a if cal.noise_floor_a is not None else dark_std
        if cal.responsivity_spectrum is not None:
            if spectrum is None:
                raise ConfigError("a detector responsivity spectrum needs the EL spectrum")
            resp = effective_responsivity(*spectrum, *cal.responsivity_spectrum)
            notes.append(f"responsivity weighted by the EL spectrum: {resp:.4g} A/W")
        elif cal.responsivity_a_w is None:
            raise ConfigError("the sweep has a photocurrent column: give detector.responsivity "
                              "[A/W] in the measurement file")
        else:
            resp = cal.responsivity_a_w
        if cal.collection_efficiency == 1.0:
            notes.append("collection efficiency 1: all the forward emission reaches the detector "
                         "(an integrating sphere); give the detector area and distance otherwise")
        power = power_from_photocurrent(iph, resp, cal.collection_efficiency)
        noise_p = noise_a / (resp * cal.collection_efficiency)
        rel_cal2 = cal.responsivity_rel_unc**2 + cal.collection_efficiency_rel_unc**2
    elif "optical_power" in ds or "radiance" in ds:
        key = "optical_power" if "optical_power" in ds else "radiance"
        raw = ds[key].values.astype(float)
        if np.any(raw < 0):
            k = int(np.flatnonzero(raw < 0)[0])
            raise DataFormatError(f"{source}: column {key}: negative value {raw[k]:.3g} at row "
                                  f"{int(order[k]) + 1}; optical power cannot be negative")
        power = raw if key == "optical_power" else raw * np.pi * area
        noise_p = _dark_stats(power, n_dark)[1]
    else:
        raise DataFormatError(f"{source}: no photocurrent, optical power or radiance column; "
                              f"found {list(sweep.data_vars)}")
    radiance = radiance_from_power(power, area)
    noise_l = radiance_from_power(noise_p, area)
    # wavelength for the paper's formula
    if cal.peak_wavelength_m is not None:
        lam, lam_unc = cal.peak_wavelength_m, cal.peak_wavelength_unc_m
    elif spectrum is not None:
        from ncled.analysis.spectra import peak_metrics

        lam, lam_unc = peak_metrics(*spectrum, "wavelength").peak, cal.peak_wavelength_unc_m
    else:
        raise ConfigError("EQE needs the EL peak wavelength: give emission.peak_wavelength in "
                          "the measurement file or an EL spectrum (--spectrum)")
    with np.errstate(divide="ignore", invalid="ignore"):
        pos = cur > 0
        eqe = np.where(pos, eqe_peak_wavelength(power, cur, lam), np.nan)
        eqe_int = (np.where(pos, eqe_peak_wavelength(power, cur, lam_mean), np.nan)
                   if spectrum is not None else np.full_like(eqe, np.nan))
        rel_noise = np.abs(noise_p / power)
        rel_p2 = rel_cal2 + rel_noise**2
        eqe_rel2 = rel_p2 + (lam_unc / lam) ** 2 + cal.current_rel_unc**2
        eqe_unc = np.abs(eqe) * np.sqrt(eqe_rel2)
        # the integrated EQE has no wavelength-calibration term (the spectrum's own axis is used)
        eqe_int_unc = np.abs(eqe_int) * np.sqrt(rel_p2 + cal.current_rel_unc**2)
        rad_unc = np.sqrt((radiance * np.sqrt(rel_cal2 + cal.pixel_area_rel_unc**2)) ** 2
                          + noise_l**2)
        wpe = np.where(pos & (v > 0), wall_plug_efficiency(power, cur, v), np.nan)
    # turn-on and threshold: the noise criterion needs its dark points and, beyond them, at least
    # a point below and two above the threshold to find a crossing
    n_needed = max(turn_on.dark_points, threshold.dark_points) + 3
    if v.size < n_needed:
        raise DataFormatError(f"{source}: {v.size} points; the first {n_needed - 3} are taken as "
                              f"dark points (criteria dark_points), so at least {n_needed} are "
                              "needed")
    dark_l = _dark_stats(radiance, turn_on.dark_points)

    def thr_of(crit: OnsetCriterion) -> float:
        if crit.method == "radiance":
            return crit.value
        m, s = _dark_stats(radiance, crit.dark_points)
        if s == 0:
            s = 1e-9 * float(np.nanmax(np.abs(radiance)))
        return m + crit.value * s

    v_on, v_on_unc, _ = onset(v, radiance, thr_of(turn_on), max(noise_l, dark_l[1]))
    if np.isnan(v_on):
        notes.append("turn-on not found: the radiance never crosses the criterion within the "
                     "sweep, or is above it from the first point")
    jd = cur / area
    j_th = float("nan")
    if np.all(jd > 0):
        j_th = float(np.exp(onset(np.log(jd), radiance, thr_of(threshold), noise_l)[0]))
    else:
        keep = jd > 0
        if keep.sum() > 2:
            j_th = float(np.exp(onset(np.log(jd[keep]), radiance[keep], thr_of(threshold),
                                      noise_l)[0]))
    above = pos & (radiance > thr_of(turn_on))
    if np.any(above):
        k = int(np.nanargmax(np.where(above, eqe, -np.inf)))
        peak = (eqe[k], eqe_unc[k], eqe_int[k], v[k], jd[k], radiance[k])
    else:
        peak = (np.nan,) * 6
        notes.append("no point above the turn-on criterion: no peak EQE")
    physical = not peak[0] > 1.0
    if not physical:
        notes.append(f"peak EQE {peak[0]:.3g} exceeds 1 (one photon per electron), which no LED "
                     "reaches: the photocurrent is not the LED's emission (noise, sign convention "
                     "or calibration)")
    kmax = int(np.nanargmax(radiance))
    out = xr.Dataset(
        {
            "voltage": ("point", v, {"units": "V"}),
            "current": ("point", cur, {"units": "A"}),
            "current_density": ("point", jd, {"units": "A m^-2"}),
            "power": ("point", power, {"units": "W",
                                       "long_name": "power into the forward hemisphere"}),
            "radiance": ("point", radiance, {"units": "W sr^-1 m^-2"}),
            "radiance_unc": ("point", rad_unc, {"units": "W sr^-1 m^-2"}),
            "eqe": ("point", eqe, {"units": "1", "long_name": "EQE, peak-wavelength formula"}),
            "eqe_unc": ("point", eqe_unc, {"units": "1"}),
            "eqe_integrated": ("point", eqe_int, {"units": "1",
                                                  "long_name": "EQE over the EL spectrum"}),
            "eqe_integrated_unc": ("point", eqe_int_unc, {"units": "1"}),
            "wall_plug_efficiency": ("point", wpe, {"units": "1"}),
            "emitting": ("point", above, {"long_name": "radiance above the turn-on criterion"}),
        },
        attrs={"source": source, "wavelength_for_eqe_m": lam, "pixel_area_m2": area},
    )
    summary = LedSummary(
        peak_eqe=float(peak[0]), peak_eqe_unc=float(peak[1]), peak_eqe_integrated=float(peak[2]),
        peak_eqe_voltage_v=float(peak[3]), peak_eqe_current_density_a_m2=float(peak[4]),
        peak_eqe_radiance=float(peak[5]), max_radiance=float(radiance[kmax]),
        max_radiance_unc=float(rad_unc[kmax]), turn_on_voltage_v=v_on,
        turn_on_voltage_unc_v=v_on_unc, threshold_current_density_a_m2=j_th,
        wavelength_for_eqe_m=float(lam), mean_photon_wavelength_m=lam_mean,
        eqe_calibration_rel_unc=float(np.sqrt(rel_cal2 + (lam_unc / lam) ** 2
                                              + cal.current_rel_unc**2)),
        turn_on_criterion=turn_on.describe(), threshold_criterion=threshold.describe(),
        notes=tuple(notes),
        provenance=provenance(
            "ncled.analysis.led.analyze_led_sweep",
            inputs={"source": source, "points": int(v.size),
                    "columns": list(sweep.data_vars),
                    "spectrum": None if spectrum is None else np.asarray(spectrum[0])},
            options={k: val for k, val in cal.__dict__.items()
                     if k != "responsivity_spectrum"}
            | {"turn_on": turn_on.describe(), "threshold": threshold.describe()},
            success=bool(np.isfinite(peak[0]) and physical), message="; ".join(notes)),
    )
    return out, summary
