"""Ensemble spectra in wavelength, energy and wavenumber, their figures of merit, and the NC
core extinction coefficient k(lambda) used by the materials library.

A spectral density per unit energy ``S_E`` becomes one per unit wavelength by the Jacobian
``S_lambda(lambda) = S_E(hc/lambda) hc / lambda^2`` and one per unit wavenumber by
``S_nu(nu) = S_E(hc nu) hc``; the integral is the same in every unit, while peaks and widths move
(the peak of ``S_lambda`` is not at ``hc / E_peak``). Figures of merit are therefore reported from
the spectrum in the unit asked for.

References
----------
.. [1] J. Mooney, P. Kambhampati, "Get the basics right: Jacobian conversion of wavelength and
   energy scales for quantitative analysis of emission spectra", J. Phys. Chem. Lett. 4, 3316
   (2013). https://doi.org/10.1021/jz401508t
.. [2] J. Qu et al., Nat. Photon. 16, 38 (2022). https://doi.org/10.1038/s41566-021-00902-y
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy.optimize import brentq

from ncled.constants import c, h, q
from ncled.errors import ConfigError
from ncled.nanocrystal.ensemble import (
    EnsembleParameters,
    absorption_coefficient,
    default_parameters,
    pl_density_energy,
)
from ncled.nanocrystal.sizing import canonical_material, get_sizing_model
from ncled.parameters import value as _registry_value
from ncled.spectral import peak_metrics, refine_peak

HC = h * c  #: [J m]

#: Default emitters: HgTe PL peak 2000 nm (Qu et al. 2022, Fig. 1a); PbS first exciton at 980 nm
#: (the hole-injection layer of Qu et al. 2022, Methods); ZnO dots of the registry's
#: ``ZnO.diameter_nm`` (the same size as the electronic model's).
DEFAULT_PL_PEAK_M = {"HgTe": 2000e-9}
DEFAULT_EXCITON_PEAK_M = {"PbS": 980e-9}
DEFAULT_DIAMETER_M = {"ZnO": _registry_value("ZnO.diameter_nm") * 1e-9}


# --- Jacobian conversions -------------------------------------------------------------------------


def density_energy_to_wavelength(density_per_j, wavelength_m):
    """Per-energy density [1/J] sampled at ``E = hc/lambda`` -> per-wavelength density [1/m]."""
    wl = np.asarray(wavelength_m, dtype=float)
    return np.asarray(density_per_j, dtype=float) * HC / wl**2


def density_energy_to_wavenumber(density_per_j):
    """Per-energy density [1/J] sampled at ``E = hc nu`` -> per-wavenumber density [m]
    (wavenumber ``nu`` in 1/m; multiply by 100 for a density per cm^-1)."""
    return np.asarray(density_per_j, dtype=float) * HC


# --- figures of merit -----------------------------------------------------------------------------


@dataclass(frozen=True)
class LineMetrics:
    """Peak, FWHM and centroid of a line, in the unit of the axis it was computed on."""

    peak: float
    fwhm: float
    centroid: float


def line_metrics(x, y) -> LineMetrics:
    """Peak (parabolic refinement), FWHM (linear interpolation) and centroid of ``y(x)``.

    Thin wrapper of :func:`ncled.spectral.peak_metrics` that insists on a resolved line.

    Parameters
    ----------
    x : array_like
        Strictly monotonic axis (any unit).
    y : array_like
        Non-negative line, same length; its half-maximum crossings must lie inside the axis.

    Raises
    ------
    ConfigError
        If the axis does not contain both half-maximum points.
    """
    m = peak_metrics(x, y)
    if not np.isfinite(m.fwhm) or m.height <= 0:
        x = np.asarray(x, dtype=float)
        raise ConfigError(
            f"the spectral axis {x.min():.4g}-{x.max():.4g} does not contain the whole line "
            "(both half-maximum points); widen the range"
        )
    return LineMetrics(m.peak, m.fwhm, m.centroid)


# --- the ensemble of a material -------------------------------------------------------------------


def _pl_peak_wavelength(params: EnsembleParameters, guess_m: float) -> float:
    wl = np.linspace(0.75 * guess_m, 1.35 * guess_m, 1201)
    e = HC / wl
    s = density_energy_to_wavelength(pl_density_energy(params, e), wl)
    i = int(np.argmax(s))
    return refine_peak(wl, s, i)[0]


@lru_cache(maxsize=256)
def _diameter_for_pl_peak(material: str, pl_peak_m: float, overrides: tuple) -> float:
    model = get_sizing_model(material, dict(overrides).get("sizing_model"))
    base = default_parameters(material, 1.0, **dict(overrides))
    e_pl = HC / pl_peak_m
    # single nanocrystal: E1 (1 - f) + f E_inf = E_pl  ->  a first guess for E1
    e_inf = float(model.gap(1e-5))
    d0 = float(model.diameter((e_pl - base.stokes_fraction * e_inf) / (1 - base.stokes_fraction),
                              what="transition energy for this PL peak"))

    def mismatch(d):
        p = default_parameters(material, d, **dict(overrides))
        return _pl_peak_wavelength(p, pl_peak_m) - pl_peak_m

    lo, hi = 0.85 * d0, 1.2 * d0
    if mismatch(lo) * mismatch(hi) > 0:
        raise ConfigError(
            f"{material}: cannot find the mean diameter of an ensemble with its PL peak at "
            f"{pl_peak_m * 1e9:.5g} nm"
        )
    return float(brentq(mismatch, lo, hi, xtol=1e-15, rtol=1e-12))


def diameter_for_pl_peak(material: str, pl_peak_m: float, **overrides) -> float:
    """Mean diameter [m] whose ensemble PL peaks (per unit wavelength) at ``pl_peak_m`` [m].

    ``overrides`` are :class:`~ncled.nanocrystal.ensemble.EnsembleParameters` fields (SI). Raises
    ConfigError for a peak no
    size reaches.
    """
    mat = canonical_material(material)
    pk = float(pl_peak_m)
    if not np.isfinite(pk) or pk <= 0:
        raise ConfigError(f"PL peak must be a positive wavelength, got {pk * 1e9:g} nm")
    return _diameter_for_pl_peak(mat, pk, tuple(sorted(overrides.items())))


def diameter_for_absorption_peak(material: str, peak_m: float, **overrides) -> float:
    """Mean diameter [m] whose ensemble band-edge absorption maximum is at ``peak_m`` [m].

    The sizing curve gives the exciton of one size; on the rising continuum of an ensemble the
    maximum moves a little, which this solve takes into account. Memoised: the inversion is a
    root-find over ensemble spectra, and the same size is asked for by every optical solve.
    """
    mat = canonical_material(material)
    return _diameter_for_absorption_peak(mat, float(peak_m), tuple(sorted(overrides.items())))


@lru_cache(maxsize=256)
def _diameter_for_absorption_peak(mat: str, peak_m: float, overrides: tuple) -> float:
    kw = dict(overrides)
    model = get_sizing_model(mat, kw.get("sizing_model"))
    d0 = float(model.diameter(HC / peak_m, what="exciton energy"))

    def mismatch(d):
        return absorption_peak_wavelength(default_parameters(mat, d, **kw)) - peak_m

    return float(brentq(mismatch, 0.98 * d0, 1.15 * d0, xtol=1e-15, rtol=1e-12))


def ensemble_for(
    material: str,
    *,
    pl_peak_m: float | None = None,
    diameter_m: float | None = None,
    **overrides,
) -> EnsembleParameters:
    """The ensemble of ``material`` given its mean diameter or its PL peak (not both).

    With neither, the material's default: HgTe PL at 2000 nm, PbS exciton at 980 nm, ZnO 4 nm.

    Raises
    ------
    ConfigError
        Both given, non-positive values, unreachable peaks or an unknown material.
    """
    mat = canonical_material(material)
    if pl_peak_m is not None and diameter_m is not None:
        raise ConfigError("give either a diameter or a PL peak, not both")
    if diameter_m is not None:
        d = float(np.asarray(diameter_m, dtype=float))
        if not np.isfinite(d) or d <= 0:
            raise ConfigError(f"diameter must be positive, got {d * 1e9:g} nm")
    elif pl_peak_m is not None:
        d = diameter_for_pl_peak(mat, pl_peak_m, **overrides)
    elif mat in DEFAULT_PL_PEAK_M:
        d = diameter_for_pl_peak(mat, DEFAULT_PL_PEAK_M[mat], **overrides)
    elif mat in DEFAULT_EXCITON_PEAK_M:
        d = diameter_for_absorption_peak(mat, DEFAULT_EXCITON_PEAK_M[mat], **overrides)
    else:
        d = DEFAULT_DIAMETER_M[mat]
    return default_parameters(mat, d, **overrides)


def _check_wavelength(wavelength_m) -> np.ndarray:
    wl = np.asarray(wavelength_m, dtype=float)
    if not np.all(np.isfinite(wl)) or np.any(wl <= 0):
        raise ConfigError("wavelengths must be positive and finite")
    return wl


def absorption_k(
    material: str,
    wavelength_m,
    *,
    pl_peak_m: float | None = None,
    diameter_m: float | None = None,
) -> np.ndarray:
    """Extinction coefficient k >= 0 of the nanocrystal core material (volume fraction 1).

    Parameters
    ----------
    material : {"HgTe", "PbS"}
        Core material (case-insensitive).
    wavelength_m : array_like
        Vacuum wavelengths [m].
    pl_peak_m : float, optional
        Ensemble PL peak [m] (default: HgTe 2000 nm; PbS: the size whose exciton is at 980 nm).
    diameter_m : float, optional
        Mean diameter [m] instead of ``pl_peak_m``.

    Returns
    -------
    numpy.ndarray
        k, same shape as ``wavelength_m``; ``alpha = 4 pi k / lambda``. Finite everywhere; decays
        smoothly (Gaussian band tail) to 0 below the gap.

    Notes
    -----
    k = alpha lambda / (4 pi), alpha from :func:`~ncled.nanocrystal.ensemble.absorption_coefficient`
    pinned to HgTe's (2.6 +/- 0.4)e-17 cm^2 per Hg atom at 415 nm (Lhuillier et al. 2012,
    https://doi.org/10.1088/0957-4484/23/17/175705) or PbS's intrinsic absorption at 400 nm
    (Moreels et al. 2009, https://doi.org/10.1021/nn900863a).
    """
    mat = canonical_material(material)
    wl = _check_wavelength(wavelength_m)
    params = ensemble_for(mat, pl_peak_m=pl_peak_m, diameter_m=diameter_m)
    if params.intrinsic_absorption is None:
        raise ConfigError(
            f"no cited absolute absorption for {mat} nanocrystals; absorption_k knows HgTe and PbS"
        )
    alpha = absorption_coefficient(params, HC / wl)
    return np.maximum(alpha * wl / (4 * np.pi), 0.0)


def pl_spectrum(
    material: str,
    wavelength_m,
    *,
    pl_peak_m: float | None = None,
    diameter_m: float | None = None,
) -> np.ndarray:
    """Intrinsic PL spectrum of the ensemble per unit wavelength [1/m]; integral over lambda = 1.

    Parameters
    ----------
    material : str
        ``"HgTe"``, ``"PbS"`` or ``"ZnO"``.
    wavelength_m : array_like
        Vacuum wavelengths [m].
    pl_peak_m, diameter_m : float, optional
        As in :func:`absorption_k`.

    Returns
    -------
    numpy.ndarray
        ``S_lambda`` [1/m], analytic (not renormalised on the grid): integrating it over a grid
        that spans the line gives 1.
    """
    wl = _check_wavelength(wavelength_m)
    params = ensemble_for(material, pl_peak_m=pl_peak_m, diameter_m=diameter_m)
    return density_energy_to_wavelength(pl_density_energy(params, HC / wl), wl)


# --- band-edge features of the ensemble -----------------------------------------------------------


def _band_edge_grid(params: EnsembleParameters, n: int = 4001):
    model = get_sizing_model(params.material, params.sizing_model)
    lam1 = HC / float(model.gap(params.diameter))
    wl = np.linspace(0.6 * lam1, 1.8 * lam1, n)
    return lam1, wl, absorption_coefficient(params, HC / wl)


@lru_cache(maxsize=512)
def absorption_peak_wavelength(params: EnsembleParameters) -> float:
    """Wavelength [m] of the band-edge (first exciton) absorption maximum of the ensemble.

    The local maximum of alpha(lambda) closest to the mean-size exciton ``hc / E1(d)``, refined by
    a parabola. Raises ConfigError when the exciton is only a shoulder (no local maximum).
    """
    lam1, wl, a = _band_edge_grid(params)
    interior = np.nonzero((a[1:-1] > a[:-2]) & (a[1:-1] >= a[2:]))[0] + 1
    interior = interior[a[interior] > 0.05 * a.max()]
    if interior.size == 0:
        raise ConfigError(
            f"{params.material} ensemble of {params.diameter * 1e9:.3g} nm: the band-edge exciton "
            "is a shoulder without a maximum"
        )
    i = interior[np.argmin(np.abs(wl[interior] - lam1))]
    return refine_peak(wl, a, int(i))[0]


def absorption_cutoff_wavelength(params: EnsembleParameters, fraction: float = 0.1) -> float:
    """Cut-off wavelength [m]: where alpha falls to ``fraction`` of the band-edge peak, red side.

    This is how a "cut-off" or "band edge" of a CQD film is read from its spectrum (Keuleyan et al.
    2011; Lhuillier et al. 2012), and what the published size-cut-off points are compared with.
    """
    lam_pk = absorption_peak_wavelength(params)
    _, wl, a = _band_edge_grid(params)
    a_pk = np.interp(lam_pk, wl, a)
    red = wl > lam_pk
    below = np.nonzero(red & (a < fraction * a_pk))[0]
    if below.size == 0:
        raise ConfigError("the absorption does not fall below the cut-off level on the grid")
    j = below[0]
    return float(np.interp(fraction * a_pk, [a[j], a[j - 1]], [wl[j], wl[j - 1]]))


@dataclass(frozen=True)
class SpectralSummary:
    """Figures of merit of an ensemble, each in three units.

    ``pl_wavelength``, ``pl_energy`` and ``pl_wavenumber`` are :class:`LineMetrics` of the PL
    density per nm [nm], per eV [eV] and per cm^-1 [cm^-1]; ``absorption_peak_nm`` is the
    band-edge maximum, ``stokes_nm`` / ``stokes_ev`` / ``stokes_cm`` the PL peak minus it
    (positive: PL to the red), ``resolving_power`` is lambda_peak / FWHM_lambda.
    """

    params: EnsembleParameters
    pl_wavelength: LineMetrics
    pl_energy: LineMetrics
    pl_wavenumber: LineMetrics
    absorption_peak_nm: float
    stokes_nm: float
    stokes_ev: float
    stokes_cm: float
    resolving_power: float


@lru_cache(maxsize=256)
def spectral_summary(params: EnsembleParameters) -> SpectralSummary:
    """PL peak, FWHM, centroid (nm, eV, cm^-1), absorption peak and Stokes shift of an ensemble.

    Each metric is computed from the density in its own unit (Jacobian applied), so the peak in
    eV is not ``1239.84 / peak_nm``. Memoised on the (frozen, hashable) parameters.
    """
    model = get_sizing_model(params.material, params.sizing_model)
    lam1 = HC / float(model.gap(params.diameter))
    wl = np.linspace(0.7 * lam1, 2.0 * lam1, 6001)
    e = HC / wl
    s_e = pl_density_energy(params, e)
    m_wl = line_metrics(wl * 1e9, density_energy_to_wavelength(s_e, wl) * 1e-9)
    m_e = line_metrics(e / q, s_e * q)
    nu_cm = 1e-2 / wl
    m_nu = line_metrics(nu_cm, density_energy_to_wavenumber(s_e) * 1e2)
    abs_nm = absorption_peak_wavelength(params) * 1e9
    return SpectralSummary(
        params=params,
        pl_wavelength=m_wl,
        pl_energy=m_e,
        pl_wavenumber=m_nu,
        absorption_peak_nm=abs_nm,
        stokes_nm=m_wl.peak - abs_nm,
        stokes_ev=1239.841984 / abs_nm - m_e.peak,
        stokes_cm=1e7 / abs_nm - m_nu.peak,
        resolving_power=m_wl.peak / m_wl.fwhm,
    )
