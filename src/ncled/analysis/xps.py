"""XPS energy calibration and energy levels from photoemission.

* calibration of the binding-energy scale to Au 4f7/2 = 84.0 eV (:func:`calibrate_au4f`) or to a
  fitted Fermi edge at 0 eV (:func:`calibrate_fermi_edge`, :func:`fit_fermi_edge`);
* valence-band onset by linear extrapolation of the leading edge to the baseline
  (:func:`valence_band_onset`);
* work function from the secondary-electron cutoff measured under a bias,
  ``WF = hv - (E_F - E_cutoff)`` (:func:`secondary_electron_cutoff`,
  :func:`work_function_from_cutoff`), as used for the band diagram of Qu et al.

References
----------
M. P. Seah, Surf. Interface Anal. 31, 721 (2001), doi:10.1002/sia.1076 (Au 4f7/2 = 83.96-84.0 eV);
Qu et al., Nat. Photon. 16, 38 (2022), doi:10.1038/s41566-021-00902-y;
A. Kahn, Mater. Horiz. 3, 7 (2016), doi:10.1039/C5MH00160A (cutoff and onset by extrapolation);
S. Hüfner, Photoelectron Spectroscopy (Springer, 2003), doi:10.1007/978-3-662-09280-4.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import least_squares

from ncled.analysis.xps_fit import Component, XPSFitResult, fit_xps
from ncled.analysis.xps_lineshapes import (
    AU_4F72_EV,
    AU_4F_SPLITTING_EV,
    F_DOUBLET_RATIO,
    fermi_edge,
)
from ncled.errors import ConfigError, ConvergenceError


@dataclass(frozen=True)
class Calibration:
    """Energy-scale correction: ``BE_true = BE_measured + shift_ev``."""

    shift_ev: float
    shift_stderr_ev: float
    measured_ev: float
    reference_ev: float
    method: str
    fit: object | None = None

    def apply(self, binding_ev) -> np.ndarray:
        """The calibrated binding energies ``binding_ev + shift_ev`` [eV].

        Parameters
        ----------
        binding_ev : array_like
            Measured binding energies [eV].
        """
        return np.asarray(binding_ev, float) + self.shift_ev

    def summary(self) -> dict:
        """The numbers of the calibration, for reports (eV)."""
        return {"method": self.method, "shift_ev": self.shift_ev,
                "shift_stderr_ev": self.shift_stderr_ev, "measured_ev": self.measured_ev,
                "reference_ev": self.reference_ev}


def calibrate_au4f(binding_ev, intensity, *, reference_ev: float = AU_4F72_EV,
                   background: str = "shirley", shape: str = "voigt") -> Calibration:
    """Fit the Au 4f doublet (3.67 eV, 3:4) and return the shift that puts 4f7/2 at 84.0 eV.

    The start values come from the data: the 4f7/2 peak is taken as the highest point below
    the midpoint of the window.
    """
    e = np.asarray(binding_ev, float)
    y = np.asarray(intensity, float)
    if e.max() - e.min() < AU_4F_SPLITTING_EV + 1.0:
        raise ConfigError(f"the spectrum spans {e.min():.2f}..{e.max():.2f} eV, too narrow for "
                          "the Au 4f doublet (3.67 eV apart)")
    lower_half = e <= e.min() + 0.55 * (e.max() - e.min())
    c0 = float(e[lower_half][np.argmax(y[lower_half])])
    base = np.percentile(y, 5)
    area0 = max(float((y.max() - base) * 1.2), 1.0)
    shape_params = {"fwhm_lorentz": 0.3} if shape == "voigt" else {}
    comp = Component("Au4f", center=c0, fwhm=0.6, area=area0, shape=shape,
                     shape_params=shape_params, doublet_splitting_ev=f"={AU_4F_SPLITTING_EV}",
                     doublet_ratio=f"={F_DOUBLET_RATIO}",
                     bounds={"center": (c0 - 1.5, c0 + 1.5), "fwhm": (0.05, 3.0),
                             "area": (0, np.inf)})
    fit = fit_xps(e, y, [comp], background=background)
    c, dc = fit.value("Au4f.center"), fit.stderr("Au4f.center")
    return Calibration(reference_ev - c, dc, c, reference_ev, "Au 4f7/2", fit)


@dataclass(frozen=True)
class FermiEdgeFit:
    """Fitted Fermi edge: position, Gaussian resolution and temperature with standard errors."""

    fermi_ev: float
    fermi_stderr_ev: float
    resolution_fwhm_ev: float
    resolution_stderr_ev: float
    temperature_k: float
    model: np.ndarray
    success: bool
    message: str


def fit_fermi_edge(energy_ev, intensity, *, temperature_k: float = 300.0,
                   fit_temperature: bool = False, binding: bool = True) -> FermiEdgeFit:
    """Fit a Fermi-Dirac edge times a line, plus a constant, convolved with a Gaussian.

    Parameters
    ----------
    energy_ev, intensity : array_like
        The edge region (binding energy near 0, or kinetic energy with ``binding=False``).
    temperature_k : float
        Sample temperature [K] (fixed unless ``fit_temperature``; 300 K default).
    binding : bool
        Whether the scale is a binding energy (occupied side at higher values).

    Returns
    -------
    FermiEdgeFit
    """
    e = np.asarray(energy_ev, float)
    y = np.asarray(intensity, float)
    if e.size < 8:
        raise ConfigError("the Fermi-edge fit needs at least 8 points")
    occupied = e > np.median(e) if binding else e < np.median(e)
    h0 = max(float(np.mean(y[occupied]) - np.mean(y[~occupied])), 1e-12)
    c0 = float(np.mean(y[~occupied]))
    mid = c0 + 0.5 * h0
    ef0 = float(e[np.argmin(np.abs(y - mid))])
    span = float(e.max() - e.min())

    def unpack(p):
        t = p[5] if fit_temperature else temperature_k
        return p[0], t, abs(p[1]), p[2], p[3], p[4]

    p0 = [ef0, 0.05 * span, 0.0, h0, c0] + ([temperature_k] if fit_temperature else [])
    scale = np.sqrt(np.maximum(np.abs(y), 1.0))

    def resid(p):
        ef, t, res, s, h, c = unpack(p)
        return (fermi_edge(e, ef, t, res, s, h, c, binding=binding) - y) / scale

    sol = least_squares(resid, p0, x_scale="jac", xtol=1e-12, ftol=1e-12)
    dof = max(e.size - len(p0), 1)
    try:
        cov = np.linalg.inv(sol.jac.T @ sol.jac) * np.sum(sol.fun ** 2) / dof
        err = np.sqrt(np.diag(cov))
    except np.linalg.LinAlgError:
        err = np.full(len(p0), np.nan)
    ef, t, res, s, h, c = unpack(sol.x)
    return FermiEdgeFit(float(ef), float(err[0]), float(res), float(err[1]), float(t),
                        fermi_edge(e, ef, t, res, s, h, c, binding=binding), bool(sol.success),
                        str(sol.message))


def calibrate_fermi_edge(binding_ev, intensity, *, temperature_k: float = 300.0,
                         fit_temperature: bool = False) -> Calibration:
    """Fit the Fermi edge of a metal (:func:`fit_fermi_edge`) and return the shift that puts
    it at 0 eV binding energy, with the edge's standard error.

    Parameters
    ----------
    binding_ev, intensity : array_like
        The spectrum around the edge: binding energy [eV] and counts.
    temperature_k : float
        Sample temperature [K] of the Fermi-Dirac edge (the start value when it is fitted).
    fit_temperature : bool
        Fit the temperature (an effective broadening) too.

    Raises
    ------
    ConfigError
        Too few points.
    ConvergenceError
        An edge fit that does not converge (the shift would be a guess).
    """
    fit = fit_fermi_edge(binding_ev, intensity, temperature_k=temperature_k,
                         fit_temperature=fit_temperature, binding=True)
    if not (fit.success and np.isfinite(fit.fermi_stderr_ev)):
        raise ConvergenceError(f"the Fermi-edge fit did not converge ({fit.message}); no "
                               "calibration from it")
    return Calibration(-fit.fermi_ev, fit.fermi_stderr_ev, fit.fermi_ev, 0.0, "Fermi edge", fit)


@dataclass(frozen=True)
class EdgeExtrapolation:
    """A linear-extrapolation edge: where the fitted edge line meets the baseline."""

    onset_ev: float
    onset_stderr_ev: float
    edge_slope: float
    edge_window_ev: tuple[float, float]
    baseline_window_ev: tuple[float, float]


def _line(x, y):
    a = np.vstack([np.ones_like(x), x]).T
    coef, *_ = np.linalg.lstsq(a, y, rcond=None)
    dof = max(x.size - 2, 1)
    s2 = np.sum((y - a @ coef) ** 2) / dof
    cov = np.linalg.inv(a.T @ a) * s2
    return coef, cov


def _extrapolate(e, y, edge_sel, base_sel) -> tuple[float, float]:
    if edge_sel.sum() < 3 or base_sel.sum() < 2:
        raise ConfigError("too few points in the edge or baseline window for an extrapolation "
                          f"({edge_sel.sum()} and {base_sel.sum()}); widen the windows")
    (a1, b1), c1 = _line(e[edge_sel], y[edge_sel])
    (a0, b0), c0 = _line(e[base_sel], y[base_sel]) if base_sel.sum() >= 3 else (
        (np.mean(y[base_sel]), 0.0), np.diag([np.var(y[base_sel]) / base_sel.sum(), 0.0]))
    if b1 == b0:
        raise ConfigError("the edge and the baseline are parallel; no onset")
    x = (a0 - a1) / (b1 - b0)
    # propagate the two independent line-fit covariances
    gx1 = np.array([-1.0, -x]) / (b1 - b0)
    gx0 = np.array([1.0, x]) / (b1 - b0)
    var = gx1 @ c1 @ gx1 + gx0 @ c0 @ gx0
    return float(x), float(np.sqrt(max(var, 0.0)))


def valence_band_onset(binding_ev, intensity, *, edge_fraction: tuple[float, float] = (0.2, 0.6),
                       baseline_ev: tuple[float, float] | None = None) -> EdgeExtrapolation:
    """Valence-band maximum (below E_F) by linear extrapolation of the leading edge.

    Parameters
    ----------
    binding_ev, intensity : array_like
        Valence-band spectrum near the Fermi level (binding energy [eV]).
    edge_fraction : (float, float)
        The leading edge is the first rise, from the low-BE side, between these fractions of the
        intensity range above the baseline (0.2-0.6 by default, the near-linear part).
    baseline_ev : (float, float), optional
        Binding-energy window of the baseline (default: the lowest 10 % of the BE range).
    """
    order = np.argsort(binding_ev)
    e = np.asarray(binding_ev, float)[order]
    y = np.asarray(intensity, float)[order]
    if baseline_ev is None:
        baseline_ev = (e[0], e[0] + 0.1 * (e[-1] - e[0]))
    base_sel = (e >= baseline_ev[0]) & (e <= baseline_ev[1])
    base = np.mean(y[base_sel])
    top = np.max(y)
    lo, hi = base + edge_fraction[0] * (top - base), base + edge_fraction[1] * (top - base)
    above = np.flatnonzero(y >= hi)
    first_hi = above[0] if above.size else e.size - 1
    start = first_hi
    while start > 0 and y[start - 1] >= lo:
        start -= 1
    edge_sel = np.zeros(e.size, bool)
    edge_sel[start:first_hi + 1] = True
    x, dx = _extrapolate(e, y, edge_sel, base_sel)
    return EdgeExtrapolation(x, dx, float(_line(e[edge_sel], y[edge_sel])[0][1]),
                             (float(e[start]), float(e[first_hi])),
                             (float(baseline_ev[0]), float(baseline_ev[1])))


def secondary_electron_cutoff(kinetic_ev, intensity, *,
                              edge_fraction: tuple[float, float] = (0.2, 0.7)
                              ) -> EdgeExtrapolation:
    """Low-kinetic-energy cutoff of the secondary electrons by linear extrapolation to zero.

    The edge is the steep rise from the low-KE side between ``edge_fraction`` of the maximum;
    the baseline is zero counts below the cutoff (the points below the rise, or zero).
    """
    order = np.argsort(kinetic_ev)
    e = np.asarray(kinetic_ev, float)[order]
    y = np.asarray(intensity, float)[order]
    top = np.max(y)
    peak = int(np.argmax(y))
    lo, hi = edge_fraction[0] * top, edge_fraction[1] * top
    idx = np.flatnonzero(y[: peak + 1] >= hi)
    first_hi = idx[0] if idx.size else peak
    start = first_hi
    while start > 0 and y[start - 1] >= lo:
        start -= 1
    edge_sel = np.zeros(e.size, bool)
    edge_sel[start:first_hi + 1] = True
    (a1, b1), c1 = _line(e[edge_sel], y[edge_sel])
    x = -a1 / b1
    g = np.array([-1.0 / b1, a1 / b1 ** 2])
    dx = float(np.sqrt(max(g @ c1 @ g, 0.0)))
    return EdgeExtrapolation(float(x), dx, float(b1), (float(e[start]), float(e[first_hi])),
                             (float("nan"), float("nan")))


def work_function_from_cutoff(photon_energy_ev, fermi_kinetic_ev, cutoff_kinetic_ev):
    """Work function from the width of the photoemission spectrum:
    ``WF = hv - (E_F - E_cutoff)``, both edges on the same (biased) kinetic-energy scale, so the
    applied bias cancels (Kahn 2016)."""
    return np.asarray(photon_energy_ev, float) - (np.asarray(fermi_kinetic_ev, float)
                                                  - np.asarray(cutoff_kinetic_ev, float))


def work_function_from_biased_cutoff(cutoff_kinetic_ev, bias_v, analyser_work_function_ev):
    """Work function from the cutoff measured under a sample bias ``bias_v`` (sample negative,
    > 0 here) on the analyser's kinetic-energy scale: ``WF = E_cut - e V_bias + phi_analyser``
    (the slowest electrons leave the sample with zero kinetic energy)."""
    return (np.asarray(cutoff_kinetic_ev, float) - np.asarray(bias_v, float)
            + np.asarray(analyser_work_function_ev, float))


__all__ = ["Calibration", "EdgeExtrapolation", "FermiEdgeFit", "XPSFitResult", "calibrate_au4f",
           "calibrate_fermi_edge",
           "fit_fermi_edge", "secondary_electron_cutoff", "valence_band_onset",
           "work_function_from_biased_cutoff", "work_function_from_cutoff"]
