"""Ensemble line shapes: absorption and photoluminescence of a nanocrystal size distribution.

Every nanocrystal of diameter ``d`` has its first transition at ``E1(d)`` from a sizing curve
(:mod:`ncled.nanocrystal.sizing`). Its absorption per unit core volume is a band-edge exciton (a
Gaussian of homogeneous width) on top of a continuum that rises linearly from ``E1`` and is pinned
to the material's size-independent intrinsic absorption at a reference energy far above the gap.
Its emission is a Gaussian of the same homogeneous width at ``E1 - S(d)``, with a Stokes shift ``S``
proportional to the confinement energy. The ensemble averages these over a normal distribution of
diameters (relative standard deviation ``size_dispersion``), weighting each size by its volume (the
absorbed fraction far above the gap scales with volume, Lhuillier et al. 2012).

All line shapes here are densities per unit energy [1/J]; :mod:`ncled.nanocrystal.spectra` converts
them to wavelength and wavenumber with the Jacobian.

References
----------
.. [1] E. Lhuillier, S. Keuleyan, P. Guyot-Sionnest, Nanotechnology 23, 175705 (2012).
   https://doi.org/10.1088/0957-4484/23/17/175705
.. [2] I. Moreels et al., ACS Nano 3, 3023 (2009). https://doi.org/10.1021/nn900863a
.. [3] J. Qu et al., Nat. Photon. 16, 38 (2022). https://doi.org/10.1038/s41566-021-00902-y
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from scipy.special import erf

from ncled.constants import N_A, q
from ncled.errors import ConfigError
from ncled.nanocrystal.sizing import canonical_material, get_sizing_model

_SQRT2PI = np.sqrt(2 * np.pi)
_FWHM_PER_SIGMA = 2 * np.sqrt(2 * np.log(2))
#: Number of diameters sampled across +/- 5 standard deviations of the size distribution.
N_SIZES = 201
#: Largest relative size dispersion sigma_d / d of the model: a normal distribution of diameters
#: describes a colloidal ensemble only while its tail stays away from zero size; at 0.19 the
#: sampled -5 sigma end reaches the 0.05 d cut of :func:`size_distribution` (colloidal HgTe and
#: PbS syntheses give 5-15 %, Lhuillier et al. 2012; Moreels et al. 2009).
MAX_SIZE_DISPERSION = 0.19


@dataclass(frozen=True)
class EnsembleParameters:
    """Line-shape parameters of a nanocrystal ensemble (SI units).

    Parameters
    ----------
    material : str
        Registry name (``"HgTe"``, ``"PbS"``, ``"ZnO"``).
    diameter : float
        Mean diameter [m].
    size_dispersion : float
        Relative standard deviation of the diameter (sigma_d / d), > 0.
    homogeneous_fwhm : float
        FWHM [J] of the Gaussian line of one nanocrystal (absorption and emission).
    stokes_fraction : float
        Stokes shift of one nanocrystal as a fraction of its confinement energy ``E1 - E1(inf)``.
    exciton_area : float
        Area [J^2] of the band-edge exciton, relative to a continuum of unit slope [1/J]: the
        1S transition carries the oscillator strength of the continuum's first
        ``sqrt(2 exciton_area)`` above ``E1``.
    reference_energy : float
        Energy [J] where the intrinsic absorption is pinned.
    intrinsic_absorption : float or None
        Absorption coefficient [1/m] of the core material at ``reference_energy`` (size-independent
        there); None where no cited value exists (line shapes stay relative).
    sizing_model : str or None
        Sizing model name (None: the material's default).
    """

    material: str
    diameter: float
    size_dispersion: float
    homogeneous_fwhm: float
    stokes_fraction: float
    exciton_area: float
    reference_energy: float
    intrinsic_absorption: float | None
    sizing_model: str | None = None

    def __post_init__(self) -> None:
        problems = []
        if not np.isfinite(self.diameter) or self.diameter <= 0:
            problems.append(f"diameter must be positive, got {self.diameter * 1e9:g} nm")
        if not 0 < self.size_dispersion <= MAX_SIZE_DISPERSION:
            problems.append(f"size_dispersion (sigma_d / d) must be in (0, "
                            f"{MAX_SIZE_DISPERSION:g}], got {self.size_dispersion:g}")
        if not self.homogeneous_fwhm > 0:
            problems.append(f"homogeneous_fwhm must be > 0, got {self.homogeneous_fwhm / q:g} eV")
        if not 0 <= self.stokes_fraction < 1:
            problems.append(f"stokes_fraction must be in [0, 1), got {self.stokes_fraction:g}")
        if problems:
            raise ConfigError(problems)


# --- intrinsic absorption of the core materials ---------------------------------------------------

#: Hg atoms per m^3 in zinc-blende HgTe, a = 0.6461 nm, 4 Hg per cubic cell.
HGTE_HG_DENSITY = 4 / (0.6461e-9) ** 3
#: Absorption cross-section per Hg atom at 415 nm, (2.6 +/- 0.4)e-17 cm^2 (Lhuillier 2012) [m^2].
HGTE_CROSS_SECTION_415NM = 2.6e-21


def hgte_intrinsic_absorption_lhuillier2012() -> float:
    """Absorption coefficient [1/m] of HgTe NC cores at 415 nm (size-independent there).

    Notes
    -----
    ``alpha = sigma_Hg n_Hg`` with ``sigma_Hg = 2.6e-17 cm^2`` per Hg atom at 415 nm (Lhuillier
    2012) and ``n_Hg = 4 / a^3`` (a = 6.461 A): 3.9e5 cm^-1, i.e. k = 1.28 at 415 nm.

    References
    ----------
    E. Lhuillier, S. Keuleyan, P. Guyot-Sionnest, Nanotechnology 23, 175705 (2012).
    https://doi.org/10.1088/0957-4484/23/17/175705
    """
    return HGTE_CROSS_SECTION_415NM * HGTE_HG_DENSITY


def pbs_intrinsic_absorption_moreels2009() -> float:
    """Intrinsic absorption coefficient [1/m] of PbS QDs at 400 nm (Moreels et al. 2009).

    Notes
    -----
    Moreels et al. give the molar extinction at 400 nm, ``eps_400 = 0.0233 d^3`` cm^-1 uM^-1 (d in
    nm), size-independent per unit volume. Per unit QD volume fraction,
    ``mu_i = ln(10) eps_400 / (N_A V)`` with ``V = pi d^3 / 6``: 1.70e5 cm^-1 (the value in
    tetrachloroethylene, i.e. with its local-field factor).

    References
    ----------
    I. Moreels et al., ACS Nano 3, 3023 (2009). https://doi.org/10.1021/nn900863a
    """
    # 1 M^-1 cm^-1 = 1e-3 m^3/mol * 1e2 1/m = 0.1 m^2/mol; 1 uM^-1 = 1e6 M^-1
    eps_per_d3 = 0.0233e6 * 0.1  # decadic molar extinction per nm^3 of d^3 [m^2/mol]
    volume_per_d3 = np.pi / 6 * 1e-27  # QD volume per nm^3 of d^3 [m^3]
    return float(np.log(10) * eps_per_d3 / (N_A * volume_per_d3))


# --- per-material defaults ------------------------------------------------------------------------

#: HgTe: size dispersion 4 % and 40 meV homogeneous FWHM give, with the Kane curve's slope
#: dE/dln(d) = -0.82 eV at 2 um, the 280 nm PL FWHM of Qu et al. 2022 (Fig. 1a); the Stokes
#: fraction 0.057 gives their 120 nm absorption-to-PL shift at 2.0 um [D: calibrated on the
#: reference sample, then kept for every other size]. Exciton area: (0.15 eV)^2 / 2, a band-edge
#: shoulder as in HgTe CQD spectra (Lhuillier 2012, Fig. 1).
_DEFAULTS: dict[str, dict[str, float | None]] = {
    "HgTe": dict(size_dispersion=0.04, homogeneous_fwhm_ev=0.040, stokes_fraction=0.057,
                 exciton_area_ev2=0.15**2 / 2, reference_energy_ev=1239.841984 / 415.0,
                 intrinsic_absorption=hgte_intrinsic_absorption_lhuillier2012()),
    # PbS: 5 % dispersion (Moreels 2009 samples: 5-10 %), Stokes fraction 0.16 moves the 980 nm
    # exciton of the hole-injection layer of Qu 2022 to about 1100 nm emission (their Supp. note 9).
    "PbS": dict(size_dispersion=0.05, homogeneous_fwhm_ev=0.050, stokes_fraction=0.16,
                exciton_area_ev2=0.15**2 / 2, reference_energy_ev=1239.841984 / 400.0,
                intrinsic_absorption=pbs_intrinsic_absorption_moreels2009()),
    # ZnO: line shape only (no cited absolute absorption); Stokes about 0.1 eV for 4 nm dots.
    "ZnO": dict(size_dispersion=0.10, homogeneous_fwhm_ev=0.060, stokes_fraction=0.3,
                exciton_area_ev2=0.20**2 / 2, reference_energy_ev=4.0, intrinsic_absorption=None),
}


def default_parameters(material: str, diameter_m: float, **overrides) -> EnsembleParameters:
    """The ensemble parameters of ``material`` at mean diameter ``diameter_m`` [m].

    ``overrides`` may set any field of :class:`EnsembleParameters` (SI units).
    """
    mat = canonical_material(material)
    dflt = _DEFAULTS[mat]
    params = EnsembleParameters(
        material=mat,
        diameter=float(np.asarray(diameter_m, dtype=float)),
        size_dispersion=float(dflt["size_dispersion"]),
        homogeneous_fwhm=float(dflt["homogeneous_fwhm_ev"]) * q,
        stokes_fraction=float(dflt["stokes_fraction"]),
        exciton_area=float(dflt["exciton_area_ev2"]) * q**2,
        reference_energy=float(dflt["reference_energy_ev"]) * q,
        intrinsic_absorption=dflt["intrinsic_absorption"],
    )
    return replace(params, **overrides) if overrides else params


# --- the ensemble ---------------------------------------------------------------------------------


def size_distribution(params: EnsembleParameters, n: int = N_SIZES):
    """Diameters [m] and normalised volume weights of the ensemble's size distribution.

    A normal distribution of relative width ``size_dispersion`` sampled on ``n`` equally spaced
    diameters across +/- 5 sigma (truncated above 0), each weighted by its number density times
    its volume; the weights sum to 1.
    """
    sig = params.size_dispersion * params.diameter
    d = params.diameter + sig * np.linspace(-5, 5, n)
    d = d[d > 0.05 * params.diameter]
    w = np.exp(-0.5 * ((d - params.diameter) / sig) ** 2) * d**3
    return d, w / w.sum()


def _transition_energies(params: EnsembleParameters, d: np.ndarray):
    model = get_sizing_model(params.material, params.sizing_model)
    e1 = np.asarray(model.gap(d), dtype=float)
    e_inf = float(model.gap(1e-5))  # 10 um: the bulk limit of the curve
    stokes = params.stokes_fraction * (e1 - e_inf)
    return e1, stokes


def _gauss(x, sigma):
    return np.exp(-0.5 * (x / sigma) ** 2) / (_SQRT2PI * sigma)


def _smooth_ramp(x, sigma):
    """The ramp max(x, 0) convolved with a unit-area Gaussian of width sigma (never negative)."""
    u = x / sigma
    return x * 0.5 * (1 + erf(u / np.sqrt(2))) + sigma * np.exp(-0.5 * u**2) / _SQRT2PI


def absorption_coefficient(params: EnsembleParameters, energy_j) -> np.ndarray:
    """Absorption coefficient [1/m] of the nanocrystal core material of the ensemble.

    Parameters
    ----------
    params : EnsembleParameters
        The ensemble.
    energy_j : array_like
        Photon energies [J].

    Returns
    -------
    numpy.ndarray
        alpha(E) [1/m], >= 0, finite; relative units (alpha at ``reference_energy`` = 1) when the
        material has no intrinsic absorption.

    Notes
    -----
    One nanocrystal: ``alpha_d(E) = alpha_ref [A G(E - E1) + ramp(E - E1)] / (E_ref - E1)`` with
    ``G`` the homogeneous Gaussian and ``ramp`` the Gaussian-smoothed ``max(E - E1, 0)``, so that
    alpha_d(E_ref) = alpha_ref for every size (Lhuillier 2012; Moreels 2009). The ensemble is the
    volume-weighted average over the size distribution.
    """
    e = np.asarray(energy_j, dtype=float)
    d, w = size_distribution(params)
    e1, _ = _transition_energies(params, d)
    sig = params.homogeneous_fwhm / _FWHM_PER_SIGMA
    x = e[..., None] - e1
    span = np.maximum(params.reference_energy - e1, params.homogeneous_fwhm)
    per_size = (params.exciton_area * _gauss(x, sig) + _smooth_ramp(x, sig)) / span
    alpha_ref = params.intrinsic_absorption if params.intrinsic_absorption is not None else 1.0
    return alpha_ref * (per_size @ w)


def pl_density_energy(params: EnsembleParameters, energy_j) -> np.ndarray:
    """Photoluminescence of the ensemble per unit energy [1/J], unit area over energy.

    Notes
    -----
    The volume-weighted sum of homogeneous Gaussians at ``E1(d) - S(d)``; each Gaussian has unit
    area, so the sum integrates to 1 over energy (the negligible weight below E = 0 aside).
    """
    e = np.asarray(energy_j, dtype=float)
    d, w = size_distribution(params)
    e1, stokes = _transition_energies(params, d)
    sig = params.homogeneous_fwhm / _FWHM_PER_SIGMA
    return _gauss(e[..., None] - (e1 - stokes), sig) @ w


def exciton_energy(params: EnsembleParameters) -> float:
    """First transition energy [J] of the mean-size nanocrystal."""
    return float(get_sizing_model(params.material, params.sizing_model).gap(params.diameter))
