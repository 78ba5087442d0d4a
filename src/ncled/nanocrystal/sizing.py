"""Sizing curves: first excitonic transition energy of a nanocrystal versus its diameter.

Each curve is a pure function ``diameter [m] -> energy [J]`` named after its model or source,
with an inverse (diameter for a target energy). :data:`SIZING_MODELS` is the registry;
:func:`get_sizing_model` looks one up by material and name (the first entry of a material is its
default).

Models
------
HgTe, ``kane``
    Two-band Kane (k.p) sphere. Electron in the non-parabolic Gamma8 conduction band,
    ``E_e(k) = Eg/2 + sqrt(Eg^2/4 + (2/3) Ep hbar^2 k^2 / (2 m0))`` with ``k = pi / R`` (first zero
    of j0, infinite barrier), heavy hole ``hbar^2 k^2 / (2 m_hh)`` with the same ``k``, and the Brus
    electron-hole Coulomb term ``-1.786 e^2 / (4 pi eps0 eps R)``. The bulk Gamma6-Gamma8 gap ``Eg``
    (negative: HgTe is a semimetal) depends on temperature by Hansen, Schmit & Casselman (1982).
PbS, ``moreels2009``
    ``E0 = 0.41 + 1 / (0.0252 d^2 + 0.283 d)`` eV with ``d`` in nm (Moreels et al. 2009).
ZnO, ``jacobsson2011``
    ``Eg = 3.30 + 0.293 / d + 3.94 / d^2`` eV with ``d`` in nm (Jacobsson & Edvinsson 2011).

References
----------
.. [1] M. D. Hansen, J. N. Schmit, T. N. Casselman, "HgCdTe energy gap", J. Appl. Phys. 53, 7099
   (1982). https://doi.org/10.1063/1.330018
.. [2] S. H. Groves, R. N. Brown, C. R. Pidgeon, "Interband magnetoreflection and band structure of
   HgTe", Phys. Rev. 161, 779 (1967). https://doi.org/10.1103/PhysRev.161.779
.. [3] L. E. Brus, "Electron-electron and electron-hole interactions in small semiconductor
   crystallites", J. Chem. Phys. 80, 4403 (1984). https://doi.org/10.1063/1.447218
.. [4] I. Moreels et al., "Size-dependent optical properties of colloidal PbS quantum dots",
   ACS Nano 3, 3023 (2009). https://doi.org/10.1021/nn900863a
.. [5] T. J. Jacobsson, T. Edvinsson, "Absorption and fluorescence spectroscopy of growing ZnO
   quantum dots: size and band gap correlation and evidence of mobile trap states", Inorg. Chem.
   50, 9578 (2011). https://doi.org/10.1021/ic201327n
.. [6] E. Lhuillier, S. Keuleyan, P. Guyot-Sionnest, "Optical properties of HgTe colloidal quantum
   dots", Nanotechnology 23, 175705 (2012). https://doi.org/10.1088/0957-4484/23/17/175705
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq

from ncled.constants import eps0, hbar, m_e, q
from ncled.errors import ConfigError

#: HgTe Kane energy Ep = 18 +/- 1 eV, Groves, Brown & Pidgeon (1967) [2].
HGTE_KANE_ENERGY_EV = 18.0
#: HgTe heavy-hole mass, 0.4 m0: middle of the 0.3-0.5 m0 range quoted for HgTe (see
#: ../shared/reference/parameters.md); the uncertainty moves a 2 um gap by about +/- 20 meV.
HGTE_HOLE_MASS = 0.4
#: HgTe high-frequency dielectric constant for the Coulomb term (static value 20, optical 15.2;
#: the exciton binding in a NC is screened by the electronic part; Brus 1984 [3] uses eps_inf).
HGTE_EPS_INF = 15.2
#: Brus Coulomb coefficient for the 1S-1S state of a sphere [3].
BRUS_COULOMB = 1.786
#: Reference temperature of the room-temperature sizing curves [K].
ROOM_TEMPERATURE_K = 300.0


def _check_diameter(diameter_m) -> np.ndarray:
    d = np.asarray(diameter_m, dtype=float)
    if not np.all(np.isfinite(d)) or np.any(d <= 0):
        raise ConfigError(f"diameter must be positive and finite, got {_fmt_nm(d)}")
    return d


def _fmt_nm(d) -> str:
    d = np.atleast_1d(np.asarray(d, dtype=float))
    if d.size == 1:
        return f"{d[0] * 1e9:g} nm"
    return f"values in [{np.nanmin(d) * 1e9:g}, {np.nanmax(d) * 1e9:g}] nm"


def hgte_bulk_gap_hansen1982(temperature_k=ROOM_TEMPERATURE_K, x_cd: float = 0.0):
    """Bulk Gamma6-Gamma8 gap of Hg(1-x)Cd(x)Te versus temperature (Hansen et al. 1982).

    Parameters
    ----------
    temperature_k : float or array_like
        Temperature [K].
    x_cd : float
        Cd fraction x (0 for HgTe).

    Returns
    -------
    numpy.ndarray
        Gap [J]; negative for HgTe (-0.142 eV at 300 K, -0.302 eV at 0 K).

    Notes
    -----
    ``Eg = -0.302 + 1.93 x - 0.81 x^2 + 0.832 x^3 + 5.35e-4 T (1 - 2x)`` eV.

    References
    ----------
    M. D. Hansen, J. N. Schmit, T. N. Casselman, J. Appl. Phys. 53, 7099 (1982).
    https://doi.org/10.1063/1.330018
    """
    t = np.asarray(temperature_k, dtype=float)
    x = float(x_cd)
    eg_ev = -0.302 + 1.93 * x - 0.81 * x**2 + 0.832 * x**3 + 5.35e-4 * t * (1 - 2 * x)
    return eg_ev * q


def hgte_gap_kane(
    diameter_m,
    temperature_k: float = ROOM_TEMPERATURE_K,
    kane_energy_ev: float = HGTE_KANE_ENERGY_EV,
    hole_mass: float = HGTE_HOLE_MASS,
    eps_r: float = HGTE_EPS_INF,
):
    """First excitonic transition of a HgTe sphere, two-band Kane model with Coulomb term.

    Parameters
    ----------
    diameter_m : float or array_like
        Nanocrystal diameter [m], > 0.
    temperature_k : float
        Temperature [K] of the bulk gap (Hansen 1982). Default 300 K.
    kane_energy_ev : float
        Kane energy Ep [eV]; default 18 eV (Groves, Brown & Pidgeon 1967).
    hole_mass : float
        Heavy-hole mass [m0]; default 0.4 (middle of the quoted 0.3-0.5 m0).
    eps_r : float
        Relative permittivity screening the electron-hole Coulomb term; default 15.2.

    Returns
    -------
    numpy.ndarray
        Transition energy [J].

    Notes
    -----
    With ``k = 2 pi / d`` (``pi / R``), ``T0 = hbar^2 k^2 / (2 m0)``:

    ``E = Eg/2 + sqrt(Eg^2/4 + (2/3) Ep T0) + T0 / m_hh - 1.786 e^2 / (4 pi eps0 eps_r R)``.

    References
    ----------
    Groves et al., Phys. Rev. 161, 779 (1967), https://doi.org/10.1103/PhysRev.161.779 ;
    Hansen et al., J. Appl. Phys. 53, 7099 (1982), https://doi.org/10.1063/1.330018 ;
    Brus, J. Chem. Phys. 80, 4403 (1984), https://doi.org/10.1063/1.447218 ;
    Lhuillier et al., Nanotechnology 23, 175705 (2012),
    https://doi.org/10.1088/0957-4484/23/17/175705 (the same k.p picture applied to HgTe CQDs).
    """
    d = _check_diameter(diameter_m)
    radius = d / 2
    eg = hgte_bulk_gap_hansen1982(temperature_k)
    t0 = hbar**2 * (np.pi / radius) ** 2 / (2 * m_e)
    e_electron = eg / 2 + np.sqrt(eg**2 / 4 + (2.0 / 3.0) * kane_energy_ev * q * t0)
    e_hole = t0 / hole_mass
    coulomb = BRUS_COULOMB * q**2 / (4 * np.pi * eps0 * eps_r * radius)
    return e_electron + e_hole - coulomb


def pbs_gap_moreels2009(diameter_m):
    """First exciton of PbS quantum dots, empirical sizing curve of Moreels et al. (2009).

    Parameters
    ----------
    diameter_m : float or array_like
        Diameter [m], > 0.

    Returns
    -------
    numpy.ndarray
        Exciton energy [J].

    Notes
    -----
    ``E0 = 0.41 + 1 / (0.0252 d^2 + 0.283 d)`` eV, ``d`` in nm.

    References
    ----------
    I. Moreels et al., ACS Nano 3, 3023 (2009). https://doi.org/10.1021/nn900863a
    """
    d_nm = _check_diameter(diameter_m) * 1e9
    return (0.41 + 1.0 / (0.0252 * d_nm**2 + 0.283 * d_nm)) * q


def pbs_diameter_moreels2009(energy_j):
    """Inverse of :func:`pbs_gap_moreels2009` in closed form (positive root of the quadratic).

    Parameters
    ----------
    energy_j : float or array_like
        Exciton energy [J], above the bulk limit 0.41 eV.

    Returns
    -------
    numpy.ndarray
        Diameter [m].
    """
    e_ev = np.asarray(energy_j, dtype=float) / q
    _check_above(e_ev, 0.41, "PbS (Moreels 2009)")
    c = 1.0 / (e_ev - 0.41)  # 0.0252 d^2 + 0.283 d - c = 0
    a, b = 0.0252, 0.283
    d_nm = 2 * c / (b + np.sqrt(b**2 + 4 * a * c))  # stable form of (-b + sqrt(b^2 + 4ac)) / 2a
    return d_nm * 1e-9


def zno_gap_jacobsson2011(diameter_m):
    """Band gap of ZnO quantum dots, empirical sizing curve of Jacobsson & Edvinsson (2011).

    Parameters
    ----------
    diameter_m : float or array_like
        Diameter [m], > 0.

    Returns
    -------
    numpy.ndarray
        Gap [J].

    Notes
    -----
    ``Eg = 3.30 + 0.293 / d + 3.94 / d^2`` eV, ``d`` in nm.

    References
    ----------
    T. J. Jacobsson, T. Edvinsson, Inorg. Chem. 50, 9578 (2011).
    https://doi.org/10.1021/ic201327n
    """
    d_nm = _check_diameter(diameter_m) * 1e9
    return (3.30 + 0.293 / d_nm + 3.94 / d_nm**2) * q


def zno_diameter_jacobsson2011(energy_j):
    """Inverse of :func:`zno_gap_jacobsson2011` in closed form (quadratic in 1/d).

    Parameters
    ----------
    energy_j : float or array_like
        Gap [J], above the bulk limit 3.30 eV.

    Returns
    -------
    numpy.ndarray
        Diameter [m].
    """
    e_ev = np.asarray(energy_j, dtype=float) / q
    _check_above(e_ev, 3.30, "ZnO (Jacobsson & Edvinsson 2011)")
    c = e_ev - 3.30  # 3.94 u^2 + 0.293 u - c = 0, u = 1/d
    u = 2 * c / (0.293 + np.sqrt(0.293**2 + 4 * 3.94 * c))
    return 1e-9 / u


def _check_above(e_ev: np.ndarray, limit_ev: float, what: str) -> None:
    if not np.all(np.isfinite(e_ev)) or np.any(e_ev <= limit_ev):
        raise ConfigError(
            f"no {what} nanocrystal has a gap of {np.min(e_ev):.4g} eV "
            f"({1239.84 / np.min(e_ev) if np.min(e_ev) > 0 else float('inf'):.4g} nm): "
            f"the gap must exceed the bulk limit {limit_ev} eV ({1239.84 / limit_ev:.4g} nm)"
        )


@dataclass(frozen=True)
class SizingModel:
    """A sizing curve with its inverse and domain.

    Parameters
    ----------
    material, name : str
        Material and model name (registry keys).
    gap : callable
        Diameter [m] -> first transition energy [J].
    diameter_min, diameter_max : float
        Diameters [m] the inverse searches in (the curve's useful domain).
    reference : str
        Citation with DOI.
    inverse : callable or None
        Closed-form energy [J] -> diameter [m]; None means a bracketed root search.
    """

    material: str
    name: str
    gap: Callable[[np.ndarray], np.ndarray]
    diameter_min: float
    diameter_max: float
    reference: str
    inverse: Callable[[np.ndarray], np.ndarray] | None = None

    def diameter(self, energy_j, *, what: str = "gap") -> np.ndarray:
        """Diameter [m] of the nanocrystal whose transition energy is ``energy_j`` [J].

        Raises
        ------
        ConfigError
            For an energy no diameter in [diameter_min, diameter_max] reaches.
        """
        e = np.asarray(energy_j, dtype=float)
        e_hi = float(self.gap(self.diameter_min))
        e_lo = float(self.gap(self.diameter_max))
        bad = ~np.isfinite(e) | (e > e_hi) | (e < e_lo)
        if np.any(bad):
            eb = float(np.atleast_1d(e)[np.atleast_1d(bad)][0])
            raise ConfigError(
                f"{self.material} ({self.name}): no diameter in "
                f"{self.diameter_min * 1e9:g}-{self.diameter_max * 1e9:g} nm has a {what} of "
                f"{eb / q:.4g} eV ({_nm_of(eb)}); reachable: {e_lo / q:.4g}-{e_hi / q:.4g} eV "
                f"({_nm_of(e_hi)} to {_nm_of(e_lo)})"
            )
        if self.inverse is not None:
            return np.asarray(self.inverse(e), dtype=float)
        flat = [
            brentq(lambda d, t=t: float(self.gap(d)) - t, self.diameter_min, self.diameter_max,
                   xtol=1e-22, rtol=4 * np.finfo(float).eps, maxiter=200)
            for t in np.atleast_1d(e).ravel()
        ]
        return np.asarray(flat, dtype=float).reshape(e.shape)


def _nm_of(energy_j: float) -> str:
    return f"{1239.841984 / (energy_j / q):.5g} nm" if energy_j > 0 else "no wavelength"


#: Registry: material -> {model name -> SizingModel}; the first model of a material is its default.
SIZING_MODELS: dict[str, dict[str, SizingModel]] = {
    "HgTe": {
        "kane": SizingModel(
            "HgTe", "kane", hgte_gap_kane, 2e-9, 40e-9,
            "two-band Kane sphere: Groves et al. 1967 (doi:10.1103/PhysRev.161.779), Hansen et al. "
            "1982 (doi:10.1063/1.330018), Brus 1984 (doi:10.1063/1.447218)",
        ),
    },
    "PbS": {
        "moreels2009": SizingModel(
            "PbS", "moreels2009", pbs_gap_moreels2009, 1e-9, 100e-9,
            "Moreels et al., ACS Nano 3, 3023 (2009), doi:10.1021/nn900863a",
            inverse=pbs_diameter_moreels2009,
        ),
    },
    "ZnO": {
        "jacobsson2011": SizingModel(
            "ZnO", "jacobsson2011", zno_gap_jacobsson2011, 1e-9, 100e-9,
            "Jacobsson & Edvinsson, Inorg. Chem. 50, 9578 (2011), doi:10.1021/ic201327n",
            inverse=zno_diameter_jacobsson2011,
        ),
    },
}


def canonical_material(material: str) -> str:
    """The registry spelling of ``material`` (case-insensitive), or a ConfigError listing them."""
    for key in SIZING_MODELS:
        if key.lower() == str(material).strip().lower():
            return key
    close = difflib.get_close_matches(str(material), list(SIZING_MODELS), n=2, cutoff=0.5)
    hint = f" (did you mean {' or '.join(close)}?)" if close else ""
    raise ConfigError(
        f"unknown nanocrystal material {material!r}{hint}; known: {', '.join(SIZING_MODELS)}"
    )


def get_sizing_model(material: str, model: str | None = None) -> SizingModel:
    """Look up a sizing curve; ``model=None`` gives the material's default (first) curve.

    Raises
    ------
    ConfigError
        Unknown material or model, listing the known ones.
    """
    mat = canonical_material(material)
    models = SIZING_MODELS[mat]
    if model is None:
        return next(iter(models.values()))
    if model not in models:
        raise ConfigError(f"unknown sizing model {model!r} for {mat}; known: {', '.join(models)}")
    return models[model]


def gap_from_diameter(material: str, diameter_m, model: str | None = None) -> np.ndarray:
    """First transition energy [J] of ``material`` nanocrystals of diameter ``diameter_m`` [m]."""
    return np.asarray(get_sizing_model(material, model).gap(diameter_m), dtype=float)


def diameter_from_gap(material: str, energy_j, model: str | None = None) -> np.ndarray:
    """Diameter [m] whose first transition is ``energy_j`` [J]; ConfigError if unreachable."""
    return get_sizing_model(material, model).diameter(energy_j)
