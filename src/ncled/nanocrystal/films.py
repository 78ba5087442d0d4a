"""The nanocrystal-film materials whose core absorption comes from the nanocrystal model.

``HgTe-NC-film`` and ``PbS-NC-film`` are Bruggeman effective media of the nanocrystal core, the
organic ligand and void (:func:`ncled.materials.library.nc_film_permittivity`). The extinction
coefficient of the core comes from :func:`ncled.nanocrystal.absorption_k` (the one source of truth
for band-edge absorption); its real part is the bulk background permittivity, constant below the
gap (the dispersion of n near the exciton that Kramers-Kronig would add is neglected).

They live here, in the nanocrystal layer, and register into the materials registry when
``ncled.nanocrystal`` is imported (``import ncled`` does it), so that ``ncled.materials`` never
imports the layer above it.
"""

from __future__ import annotations

import numpy as np

# the package, looked up at call time (its models can be swapped, e.g. by tests)
import ncled.nanocrystal as _nc
from ncled.constants import c, h
from ncled.errors import ConfigError
from ncled.materials.base import Material, register
from ncled.materials.dispersion import nk_from_permittivity
from ncled.materials.library import (
    EDT_N,
    HGTE_EPS_CORE,
    LIGAND_N,
    NC_FILM_RANGE_M,
    PBS_EPS_CORE,
    RASTOGI2021,
    nc_film_fractions,
    nc_film_permittivity,
    optional_nm,
    parameter_number,
)


def _core_k_function(
    name: str,
    material: str,
    core_k: float | None,
    pl_peak_m: float | None,
    diameter_m: float | None,
):
    """k(lambda) of the NC core: a constant override, or ncled.nanocrystal.absorption_k."""
    if core_k is not None:
        k0 = parameter_number("core_k", core_k)
        if not k0 >= 0:
            raise ConfigError(f"material {name!r}: core_k must be >= 0, got {core_k!r}")
        return lambda wl: np.full(np.shape(wl), k0)
    return lambda wl: np.asarray(
        _nc.absorption_k(material, wl, pl_peak_m=pl_peak_m, diameter_m=diameter_m), dtype=float
    )


def _nc_film(
    name: str,
    material: str,
    eps_core: float,
    core_k,
    pl_peak_m,
    diameter_m,
    core_fraction,
    ligand_fraction,
    ligand_n,
    description: str,
    source: str,
) -> Material:
    core, lig, ln = nc_film_fractions(name, core_fraction, ligand_fraction, ligand_n)
    kfun = _core_k_function(name, material, core_k, pl_peak_m, diameter_m)
    n_core = np.sqrt(eps_core)

    def nk(wl: np.ndarray) -> np.ndarray:
        eps_c = (n_core + 1j * kfun(wl)) ** 2
        return nk_from_permittivity(nc_film_permittivity(eps_c, core, lig, ln))

    params = {
        "core_fraction": core,
        "ligand_fraction": lig,
        "ligand_n": ln,
        "pl_peak_nm": None if pl_peak_m is None else pl_peak_m * 1e9,
        "diameter_nm": None if diameter_m is None else diameter_m * 1e9,
        "core_k": core_k,
    }
    return Material(name, nk, *NC_FILM_RANGE_M, source, description, params)


@register(
    "HgTe-NC-film",
    "HgTe NC film, Bruggeman core + ligand + void, k from the NC "
    "model; params: pl_peak_nm or diameter_nm",
    "NC model; Rastogi et al. 2021",
)
def hgte_nc_film(
    *,
    pl_peak_nm: float | None = None,
    diameter_nm: float | None = None,
    core_fraction: float = 0.40,
    ligand_fraction: float = 0.60,
    ligand_n: float = LIGAND_N,
    core_k: float | None = None,
) -> Material:
    """HgTe nanocrystal film: Bruggeman mix of the HgTe core (eps' = 15.2, k from the NC model),
    ligand (n = 1.50) and void.

    Parameters
    ----------
    pl_peak_nm, diameter_nm : float, optional
        Size of the nanocrystals, as a PL peak [nm] or a diameter [nm]; default PL at 2000 nm
        (the reference device of Qu et al. 2022).
    core_fraction, ligand_fraction : float
        Volume fractions (default 0.40 and 0.60: ligand-capped NC films pack at 0.3-0.5; 0.40
        gives n = 2.35 below the gap, the film index measured by Rastogi et al. 2021,
        2.35 +/- 0.15).
    ligand_n : float
        Ligand index (1.50, short thiols).
    core_k : float, optional
        A constant core k instead of the nanocrystal model (sensitivity studies).

    Notes
    -----
    The real part of the core is the bulk background permittivity (15.2; Madelung, Semiconductors:
    Data Handbook, 3rd ed., Springer 2004, doi:10.1007/978-3-642-18865-7), constant: valid below
    and near the band edge; in the visible the real index is only indicative.
    """
    pl = optional_nm("pl_peak_nm", pl_peak_nm)
    d = optional_nm("diameter_nm", diameter_nm)
    if pl is None and d is None:
        pl = 2000e-9
    return _nc_film(
        "HgTe-NC-film",
        "HgTe",
        HGTE_EPS_CORE,
        core_k,
        pl,
        d,
        core_fraction,
        ligand_fraction,
        ligand_n,
        "HgTe NC film (core + ligand + void, Bruggeman)",
        RASTOGI2021,
    )


@register(
    "PbS-NC-film",
    "PbS-EDT NC film, Bruggeman core + EDT + void, k from the NC "
    "model; params: exciton_nm, pl_peak_nm or diameter_nm",
    "NC model; Zemel et al. 1965",
)
def pbs_nc_film(
    *,
    exciton_nm: float | None = None,
    pl_peak_nm: float | None = None,
    diameter_nm: float | None = None,
    core_fraction: float = 0.40,
    ligand_fraction: float = 0.60,
    ligand_n: float = EDT_N,
    core_k: float | None = None,
) -> Material:
    """PbS nanocrystal film with EDT ligands: Bruggeman mix of the PbS core (eps' = 16.9, k from
    the NC model), EDT (n = 1.56) and void.

    Parameters
    ----------
    exciton_nm, pl_peak_nm, diameter_nm : float, optional
        Size of the nanocrystals; an exciton is converted to a diameter with the sizing curve of
        :func:`ncled.nanocrystal.diameter_from_gap` (Moreels 2009). With none, the nanocrystal
        model's default: first exciton at 980 nm (Qu et al. 2022).
    core_fraction, ligand_fraction : float
        Default 0.40 / 0.60 (dense EDT-exchanged film), which gives n = 2.46 below the gap, inside
        the 2.2-2.5 reported for PbS-EDT films.
    ligand_n : float
        EDT index, 1.56.
    core_k : float, optional
        A constant core k instead of the nanocrystal model.

    Notes
    -----
    Core real permittivity: 1 + 15.9 = 16.9, the long-wavelength electronic limit of the Sellmeier
    fit to Zemel et al. (1965) (Handbook of Optics), constant below the gap.
    """
    given = [x is not None for x in (exciton_nm, pl_peak_nm, diameter_nm)]
    if sum(given) > 1:
        raise ConfigError("material 'PbS-NC-film': give one of exciton_nm, pl_peak_nm, diameter_nm")
    pl = optional_nm("pl_peak_nm", pl_peak_nm)
    d = optional_nm("diameter_nm", diameter_nm)
    ex = optional_nm("exciton_nm", exciton_nm)
    if ex is not None and core_k is None:
        d = float(_nc.diameter_from_gap("PbS", h * c / ex))
    return _nc_film(
        "PbS-NC-film",
        "PbS",
        PBS_EPS_CORE,
        core_k,
        pl,
        d,
        core_fraction,
        ligand_fraction,
        ligand_n,
        "PbS-EDT NC film (core + EDT + void, Bruggeman)",
        "bulk PbS: J. N. Zemel et al., Phys. Rev. 140, A330 (1965), doi:10.1103/PhysRev.140.A330",
    )
