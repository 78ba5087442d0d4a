"""Indium tin oxide (ITO) as a Drude metal, tied to its sheet resistance.

ITO's free electrons both conduct and absorb/reflect in the infrared: one carrier density N and
mobility mu set the DC sheet resistance R_s = 1 / (q N mu t) of a film of thickness t and the Drude
permittivity eps = eps_inf - omega_p^2 / (omega^2 + i gamma omega) with
omega_p^2 = N q^2 / (eps0 m*) and gamma = q / (m* mu). These functions are what the ITO
thickness trade-off (transmission versus series resistance) is computed from.

Defaults
--------
- Optical effective mass m* = 0.35 m0 and background permittivity eps_inf = 3.8: values of the
  Drude analyses of sputtered ITO by Fujiwara & Kondo (m* rising from about 0.3 to 0.4 m0 with N,
  eps_inf about 3.5-4) and Mergel & Qiao (m* about 0.4 m0); 0.35 m0 is a mid value.
- The reference substrate of Qu et al. (2022): 7 ohm/sq at 180 nm (paper's Methods), and a mobility
  of 35 cm^2/(V s), a mid value of the 20-50 cm^2/(V s) reported for sputtered commercial ITO
  (Mergel & Qiao 2002; the paper does not give it). Optical (intra-grain) and Hall mobilities of
  polycrystalline ITO differ (Fujiwara & Kondo 2005); one mobility is used for both here.

References
----------
.. [1] H. Fujiwara and M. Kondo, "Effects of carrier concentration on the dielectric function of
   ZnO:Ga and In2O3:Sn studied by spectroscopic ellipsometry", Phys. Rev. B 71, 075109 (2005),
   doi:10.1103/PhysRevB.71.075109.
.. [2] D. Mergel and Z. Qiao, "Dielectric modelling of optical spectra of thin In2O3:Sn films",
   J. Phys. D 35, 794 (2002), doi:10.1088/0022-3727/35/8/311.
.. [3] J. Qu et al., "Electroluminescence from nanocrystals above 2 um", Nat. Photon. 16, 38 (2022),
   doi:10.1038/s41566-021-00902-y.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from ncled.constants import m_e, q
from ncled.errors import ConfigError
from ncled.materials.dispersion import drude_permittivity, plasma_frequency

ITO_EFFECTIVE_MASS_RATIO = 0.35  #: m*/m0, mid value of Fujiwara & Kondo 2005 / Mergel & Qiao 2002
ITO_EPS_INF = 3.8  #: background permittivity, Fujiwara & Kondo 2005 (about 3.5-4)
REFERENCE_SHEET_RESISTANCE_OHM_SQ = 7.0  #: Qu et al. 2022 substrate (Methods)
REFERENCE_THICKNESS_M = 180e-9  #: Qu et al. 2022 substrate ITO thickness (Methods)
REFERENCE_MOBILITY_M2_VS = 35e-4  #: 35 cm^2/(V s), mid value for sputtered ITO (Mergel & Qiao 2002)


@dataclass(frozen=True)
class DrudeParameters:
    """Drude parameters of a conducting oxide, all SI.

    Attributes
    ----------
    carrier_density_m3 : float
        Free-electron density N [m^-3].
    mobility_m2_vs : float
        Mobility mu [m^2/(V s)].
    effective_mass_kg : float
        Optical effective mass m* [kg].
    eps_inf : float
        Background permittivity.
    """

    carrier_density_m3: float
    mobility_m2_vs: float
    effective_mass_kg: float
    eps_inf: float

    @property
    def resistivity_ohm_m(self) -> float:
        """DC resistivity rho = 1 / (q N mu) [ohm m]."""
        return 1.0 / (q * self.carrier_density_m3 * self.mobility_m2_vs)

    @property
    def plasma_frequency_rad_s(self) -> float:
        """Unscreened plasma frequency omega_p [rad/s]."""
        return float(plasma_frequency(self.carrier_density_m3, self.effective_mass_kg))

    @property
    def damping_rad_s(self) -> float:
        """Collision rate gamma = q / (m* mu) [rad/s]."""
        return q / (self.effective_mass_kg * self.mobility_m2_vs)


def _positive(name: str, value: float) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ConfigError(f"ITO: {name} must be a number, got {value!r}") from None
    if not np.isfinite(v) or v <= 0:
        raise ConfigError(f"ITO: {name} must be positive and finite, got {value!r}")
    return v


def ito_sheet_resistance(
    carrier_density_m3: ArrayLike, mobility_m2_vs: ArrayLike, thickness_m: ArrayLike
) -> np.ndarray:
    """Sheet resistance R_s = 1 / (q N mu t) [ohm/sq] of a uniform conducting film.

    Parameters
    ----------
    carrier_density_m3 : array_like
        Free-carrier density N [m^-3].
    mobility_m2_vs : array_like
        Mobility mu [m^2/(V s)].
    thickness_m : array_like
        Film thickness t [m].
    """
    n = np.asarray(carrier_density_m3, dtype=float)
    mu = np.asarray(mobility_m2_vs, dtype=float)
    t = np.asarray(thickness_m, dtype=float)
    return 1.0 / (q * n * mu * t)


def ito_drude_parameters(
    carrier_density_m3: float,
    mobility_m2_vs: float,
    effective_mass_ratio: float = ITO_EFFECTIVE_MASS_RATIO,
    eps_inf: float = ITO_EPS_INF,
) -> DrudeParameters:
    """Drude parameters from the carrier density [m^-3], mobility [m^2/(V s)], m*/m0 and eps_inf.

    Raises
    ------
    ConfigError
        A parameter that is not a positive finite number.
    """
    return DrudeParameters(
        carrier_density_m3=_positive("carrier density", carrier_density_m3),
        mobility_m2_vs=_positive("mobility", mobility_m2_vs),
        effective_mass_kg=_positive("effective mass", effective_mass_ratio) * m_e,
        eps_inf=_positive("eps_inf", eps_inf),
    )


def ito_drude_from_sheet_resistance(
    sheet_resistance_ohm_sq: float = REFERENCE_SHEET_RESISTANCE_OHM_SQ,
    reference_thickness_m: float = REFERENCE_THICKNESS_M,
    mobility_m2_vs: float = REFERENCE_MOBILITY_M2_VS,
    effective_mass_ratio: float = ITO_EFFECTIVE_MASS_RATIO,
    eps_inf: float = ITO_EPS_INF,
) -> DrudeParameters:
    """Drude parameters of an ITO film from a measured sheet resistance.

    Parameters
    ----------
    sheet_resistance_ohm_sq : float
        Sheet resistance R_s [ohm/sq] measured at ``reference_thickness_m``.
    reference_thickness_m : float
        Thickness of the film R_s was measured on [m].
    mobility_m2_vs : float
        Electron mobility mu [m^2/(V s)].
    effective_mass_ratio, eps_inf : float
        m*/m0 and background permittivity (defaults: module docstring).

    Returns
    -------
    DrudeParameters
        With rho = R_s t and N = 1 / (q rho mu). The defaults (7 ohm/sq at 180 nm, 35 cm^2/(V s))
        give rho = 1.26e-4 ohm cm, N mu = 4.95e22 (cm V s)^-1 and N = 1.41e21 cm^-3.

    Notes
    -----
    Thinning the film (etching, as Qu et al. did) keeps N and mu, so its sheet resistance scales as
    1/t: use :func:`ito_sheet_resistance` with these parameters.
    """
    rs = _positive("sheet resistance", sheet_resistance_ohm_sq)
    t = _positive("reference thickness", reference_thickness_m)
    mu = _positive("mobility", mobility_m2_vs)
    rho = rs * t
    return ito_drude_parameters(1.0 / (q * rho * mu), mu, effective_mass_ratio, eps_inf)


def ito_permittivity(wavelength_m: ArrayLike, params: DrudeParameters) -> np.ndarray:
    """Drude permittivity of ITO at the vacuum wavelengths [m] (see :class:`DrudeParameters`)."""
    return drude_permittivity(
        wavelength_m, params.eps_inf, params.plasma_frequency_rad_s, params.damping_rad_s
    )
