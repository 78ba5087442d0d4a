"""The named materials of ncled: the layers of the reference HgTe nanocrystal LED and their media.

Each material is a factory registered under the exact name device files use; its docstring gives
the model, the source (with DOI) and the wavelength range, which :class:`~ncled.materials.Material`
enforces (nothing is extrapolated). Tabulated data live in ``ncled/data/materials/*.csv`` with their
source in the file header.

Nanocrystal films are effective media (Bruggeman) of the nanocrystal core, the organic ligand and
void (:func:`nc_film_permittivity`). The HgTe and PbS films, whose core k comes from the
nanocrystal absorption model, are registered by :mod:`ncled.nanocrystal.films` (importing
``ncled`` registers them), so that materials never imports the layer above it.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import numpy as np

from ncled.errors import ConfigError
from ncled.materials.base import Material, register
from ncled.materials.dispersion import (
    cauchy_n,
    constant_nk,
    interpolate_nk,
    lorentz_permittivity,
    nk_from_permittivity,
    sellmeier_permittivity,
    wavenumber_cm_to_angular_frequency,
)
from ncled.materials.ema import bruggeman_permittivity
from ncled.materials.ito import (
    ITO_EFFECTIVE_MASS_RATIO,
    ITO_EPS_INF,
    REFERENCE_MOBILITY_M2_VS,
    REFERENCE_SHEET_RESISTANCE_OHM_SQ,
    REFERENCE_THICKNESS_M,
    ito_drude_from_sheet_resistance,
    ito_drude_parameters,
    ito_permittivity,
)

UM = 1e-6

RUBIN1985 = (
    "M. Rubin, Sol. Energy Mater. 12, 275 (1985), doi:10.1016/0165-1633(85)90052-8 "
    "(via the refractiveindex.info database, CC0)"
)
OLMON2012 = (
    "R. L. Olmon et al., Phys. Rev. B 86, 235147 (2012), doi:10.1103/PhysRevB.86.235147, "
    "evaporated gold (via the refractiveindex.info database, CC0)"
)
BOND1965 = (
    "W. L. Bond, J. Appl. Phys. 36, 1674 (1965), doi:10.1063/1.1703106 (ordinary ray, "
    "Handbook of Optics fit) + E1(TO) phonon of Ashkenov et al., J. Appl. Phys. 93, 126 "
    "(2003), doi:10.1063/1.1526935"
)
ITO_SOURCE = (
    "Drude; H. Fujiwara and M. Kondo, Phys. Rev. B 71, 075109 (2005), "
    "doi:10.1103/PhysRevB.71.075109; D. Mergel and Z. Qiao, J. Phys. D 35, 794 (2002), "
    "doi:10.1088/0022-3727/35/8/311"
)
RASTOGI2021 = (
    "HgTe NC film n = 2.35 +/- 0.15: P. Rastogi et al., Adv. Opt. Mater. 9, 2002066 "
    "(2021), doi:10.1002/adom.202002066"
)


@cache
def _table(filename: str) -> np.ndarray:
    """A CSV table of ncled/data/materials (comment lines start with '#', one header row)."""
    path = resources.files("ncled") / "data" / "materials" / filename
    lines = [
        ln
        for ln in path.read_text(encoding="utf-8").splitlines()
        if ln.strip() and not ln.lstrip().startswith("#")
    ]
    data = np.array([[float(x) for x in ln.split(",")] for ln in lines[1:]])
    data.setflags(write=False)
    return data


# --------------------------------------------------------------------------------------------
# air
# --------------------------------------------------------------------------------------------
@register("air", "vacuum/air, n = 1", "definition")
def air() -> Material:
    """Air as vacuum, n = 1 + 0i, 10 nm - 1 m."""
    return Material(
        "air", lambda wl: constant_nk(wl, 1.0), 1e-8, 1.0, "definition", "vacuum/air, n = 1"
    )


# --------------------------------------------------------------------------------------------
# soda-lime glass (Rubin 1985)
# --------------------------------------------------------------------------------------------
RUBIN_N_COEFFICIENTS = (1.5130, -0.003169, 0.003962)  #: n = A + B lam^2 + C lam^-2, lam in um
RUBIN_N_POWERS = (0.0, 2.0, -2.0)
RUBIN_FORMULA_MAX_M = 4.6 * UM  #: upper end of Rubin's formula and k table (clear glass)


def soda_lime_glass_nk(wavelength_m) -> np.ndarray:
    """n + ik of clear soda-lime-silica window glass, 0.31-300 um (Rubin 1985).

    Notes
    -----
    0.31-4.6 um: Rubin's dispersion formula n = 1.5130 - 0.003169 lam^2 + 0.003962 lam^-2 (lam in
    um) with his tabulated k of clear glass (interpolated on log k); 5-300 um: his infrared n, k
    table (same for all soda-lime glasses). 4.6-5.0 um, between the two parts of his data, is
    interpolated (log k) and is the least certain part (the glass is opaque there in 1 mm anyway:
    k = 7e-4 to 3e-3, absorption length < 0.5 mm).

    References
    ----------
    .. [1] M. Rubin, Sol. Energy Mater. 12, 275 (1985), doi:10.1016/0165-1633(85)90052-8.
    """
    wl = np.asarray(wavelength_m, dtype=float)
    kt = _table("soda_lime_rubin1985_clear_k.csv")
    ir = _table("soda_lime_rubin1985_ir_nk.csv")
    lam_t = np.concatenate([kt[:, 0], ir[:, 0]]) * UM
    n_t = np.concatenate([cauchy_n(kt[:, 0] * UM, RUBIN_N_COEFFICIENTS, RUBIN_N_POWERS), ir[:, 1]])
    k_t = np.concatenate([kt[:, 1], ir[:, 2]])
    tab = interpolate_nk(wl, lam_t, n_t, k_t, name="soda-lime-glass (Rubin 1985)")
    formula = cauchy_n(
        np.clip(wl, lam_t[0], RUBIN_FORMULA_MAX_M), RUBIN_N_COEFFICIENTS, RUBIN_N_POWERS
    )
    return np.where(wl <= RUBIN_FORMULA_MAX_M, formula + 1j * tab.imag, tab)


@register("soda-lime-glass", "clear soda-lime window glass (substrate)", "Rubin 1985")
def soda_lime_glass() -> Material:
    """Clear soda-lime-silica glass (Rubin 1985), 0.31-300 um; see :func:`soda_lime_glass_nk`."""
    lam = _table("soda_lime_rubin1985_ir_nk.csv")[-1, 0] * UM
    return Material(
        "soda-lime-glass",
        soda_lime_glass_nk,
        _table("soda_lime_rubin1985_clear_k.csv")[0, 0] * UM,
        lam,
        RUBIN1985,
        "clear soda-lime window glass",
    )


# --------------------------------------------------------------------------------------------
# gold (Olmon 2012)
# --------------------------------------------------------------------------------------------
def gold_olmon2012_nk(wavelength_m) -> np.ndarray:
    """n + ik of evaporated gold, 0.30-24.9 um (Olmon et al. 2012 table).

    Interpolated linearly in log(lambda), n linear and k on a log scale, between the published
    points (their spacing is 10 nm in the visible to a few % of lambda in the infrared).

    References
    ----------
    .. [1] R. L. Olmon et al., "Optical dielectric function of gold",
       Phys. Rev. B 86, 235147 (2012), doi:10.1103/PhysRevB.86.235147
       (Supplemental Material, evaporated film).
    """
    t = _table("au_olmon2012_evaporated.csv")
    return interpolate_nk(wavelength_m, t[:, 0] * UM, t[:, 1], t[:, 2], name="Au (Olmon 2012)")


@register("Au", "evaporated gold (contact)", "Olmon et al. 2012")
def gold() -> Material:
    """Evaporated gold (Olmon et al. 2012), 0.30-24.9 um; see :func:`gold_olmon2012_nk`."""
    t = _table("au_olmon2012_evaporated.csv")
    return Material(
        "Au", gold_olmon2012_nk, t[0, 0] * UM, t[-1, 0] * UM, OLMON2012, "evaporated gold"
    )


# --------------------------------------------------------------------------------------------
# ITO (Drude)
# --------------------------------------------------------------------------------------------
ITO_RANGE_M = (0.4 * UM, 20.0 * UM)  #: Drude alone: above the interband edge (about 0.3 um)


@register(
    "ITO",
    "indium tin oxide, Drude; params: sheet resistance or carrier density, mobility",
    "Fujiwara & Kondo 2005; Mergel & Qiao 2002",
)
def ito(
    *,
    sheet_resistance_ohm_sq: float | None = None,
    reference_thickness_nm: float | None = None,
    carrier_density_cm3: float | None = None,
    mobility_cm2_vs: float | None = None,
    effective_mass: float = ITO_EFFECTIVE_MASS_RATIO,
    eps_inf: float = ITO_EPS_INF,
) -> Material:
    """ITO as a Drude metal (see :mod:`ncled.materials.ito` for the model and the defaults).

    Parameters
    ----------
    sheet_resistance_ohm_sq, reference_thickness_nm : float, optional
        A measured sheet resistance [ohm/sq] and the film thickness it was measured at [nm].
    carrier_density_cm3 : float, optional
        Electron density [cm^-3] (instead of the sheet resistance).
    mobility_cm2_vs : float, optional
        Mobility [cm^2/(V s)] (default 35, see :mod:`ncled.materials.ito`).
    effective_mass : float
        m*/m0 (default 0.35).
    eps_inf : float
        Background permittivity (default 3.8).

    Raises
    ------
    ConfigError
        Both a carrier density and a sheet resistance, only one of sheet resistance and
        reference thickness, or a non-positive value.

    Notes
    -----
    With no parameters, the reference substrate of Qu et al. (2022): 7 ohm/sq at 180 nm.
    Valid 0.4-20 um: the model has no interband (UV) absorption.
    """
    mu = (
        REFERENCE_MOBILITY_M2_VS
        if mobility_cm2_vs is None
        else parameter_number("mobility_cm2_vs", mobility_cm2_vs) * 1e-4
    )
    by_rs = sheet_resistance_ohm_sq is not None or reference_thickness_nm is not None
    if by_rs and carrier_density_cm3 is not None:
        raise ConfigError(
            "material 'ITO': give either carrier_density_cm3 or "
            "sheet_resistance_ohm_sq + reference_thickness_nm, not both"
        )
    if carrier_density_cm3 is not None:
        p = ito_drude_parameters(
            parameter_number("carrier_density_cm3", carrier_density_cm3) * 1e6,
            mu,
            parameter_number("effective_mass", effective_mass),
            parameter_number("eps_inf", eps_inf),
        )
    else:
        if by_rs and (sheet_resistance_ohm_sq is None or reference_thickness_nm is None):
            raise ConfigError(
                "material 'ITO': sheet_resistance_ohm_sq needs reference_thickness_nm "
                "(the thickness it was measured at) and vice versa"
            )
        rs = (
            REFERENCE_SHEET_RESISTANCE_OHM_SQ
            if not by_rs
            else parameter_number("sheet_resistance_ohm_sq", sheet_resistance_ohm_sq)
        )
        t = (
            REFERENCE_THICKNESS_M
            if not by_rs
            else parameter_number("reference_thickness_nm", reference_thickness_nm) * 1e-9
        )
        p = ito_drude_from_sheet_resistance(
            rs, t, mu, parameter_number("effective_mass", effective_mass),
            parameter_number("eps_inf", eps_inf),
        )
    params = {
        "carrier_density_cm3": p.carrier_density_m3 * 1e-6,
        "mobility_cm2_vs": p.mobility_m2_vs * 1e4,
        "effective_mass": effective_mass,
        "eps_inf": eps_inf,
        "resistivity_ohm_cm": p.resistivity_ohm_m * 100,
    }
    return Material(
        "ITO",
        lambda wl: nk_from_permittivity(ito_permittivity(wl, p)),
        *ITO_RANGE_M,
        ITO_SOURCE,
        f"ITO Drude, N = {p.carrier_density_m3 * 1e-6:.3g} cm^-3, "
        f"mu = {p.mobility_m2_vs * 1e4:.3g} cm^2/Vs",
        params,
    )


def parameter_number(name: str, value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ConfigError(f"parameter {name}: expected a number, got {value!r}") from None


# --------------------------------------------------------------------------------------------
# bulk ZnO (Bond 1965 + IR phonon)
# --------------------------------------------------------------------------------------------
BOND_A, BOND_B, BOND_C_M = 2.81418, 0.87968, 0.3042 * UM  #: ordinary ray, Bond 1965 (HoO fit)
BOND_IR_COEFF_UM2 = 0.00711  #: Bond's -D lam^2 term [um^-2], the tail of the polar phonon
ZNO_TO_CM = 409.1  #: E1(TO) phonon [cm^-1], Ashkenov et al. 2003
ZNO_PHONON_STRENGTH = BOND_IR_COEFF_UM2 * 1e8 / ZNO_TO_CM**2  #: S with S w_TO^2 = D (about 4.25)
ZNO_PHONON_DAMPING_CM = 10.0  #: assumed phonon broadening [cm^-1]; sets only the weak IR k
ZNO_RANGE_M = (0.45 * UM, 10.0 * UM)


def zno_bond1965_permittivity(wavelength_m) -> np.ndarray:
    """Permittivity of bulk ZnO (ordinary ray), 0.45-10 um.

    Notes
    -----
    Bond's two-term fit (Handbook of Optics), eps = A + B lam^2 / (lam^2 - C^2) - D lam^2, with the
    last term, the far tail of the polar phonon, replaced by the Lorentz oscillator it
    approximates: S w_TO^2 / (w_TO^2 - w^2 - i g w) -> -S (w_TO/w)^2 = -D lam^2 for w >> w_TO, so
    S = D / nu_TO^2 = 4.25 with the E1(TO) phonon at 409.1 cm^-1 (Ashkenov 2003). Below 4 um this
    differs from Bond's formula by < 1e-3 in n; it extends the model to 10 um, 2.4x above the
    phonon. Lyddane-Sachs-Teller then gives w_LO = w_TO sqrt(1 + S/(A + B)) = 600 cm^-1 against the
    measured 588 cm^-1 (Ashkenov), a check of the extension. The damping (10 cm^-1) is assumed.

    References
    ----------
    .. [1] W. L. Bond, J. Appl. Phys. 36, 1674 (1965), doi:10.1063/1.1703106.
    .. [2] N. Ashkenov et al., J. Appl. Phys. 93, 126 (2003), doi:10.1063/1.1526935.
    """
    eps_e = sellmeier_permittivity(wavelength_m, BOND_A, [BOND_B], [BOND_C_M])
    w_to = wavenumber_cm_to_angular_frequency(ZNO_TO_CM)
    g = wavenumber_cm_to_angular_frequency(ZNO_PHONON_DAMPING_CM)
    return eps_e + lorentz_permittivity(wavelength_m, [ZNO_PHONON_STRENGTH], [w_to], [g])


@register("ZnO", "bulk ZnO (ordinary ray)", "Bond 1965; Ashkenov et al. 2003")
def zno() -> Material:
    """Bulk ZnO, ordinary ray (birefringence about 0.015), 0.45-10 um;
    see :func:`zno_bond1965_permittivity`."""
    return Material(
        "ZnO",
        lambda wl: nk_from_permittivity(zno_bond1965_permittivity(wl)),
        *ZNO_RANGE_M,
        BOND1965,
        "bulk ZnO, ordinary ray",
    )


# --------------------------------------------------------------------------------------------
# nanocrystal films
# --------------------------------------------------------------------------------------------
LIGAND_N = 1.50  #: short thiol ligands: n_D of MPA 1.49, EDT 1.56 (CRC Handbook); IR bands ignored
EDT_N = 1.56  #: 1,2-ethanedithiol, n_D (CRC Handbook)
HGTE_EPS_CORE = 15.2  #: bulk HgTe eps_inf (Madelung, Semiconductors: Data Handbook, 2004; recalled)
PBS_EPS_CORE = 16.9  #: bulk PbS electronic eps, 1 + 15.9 of Zemel et al. 1965 (Sellmeier, long lam)
NC_FILM_RANGE_M = (0.4 * UM, 10.0 * UM)


def nc_film_permittivity(
    eps_core, core_fraction: float, ligand_fraction: float, ligand_n: float = LIGAND_N
) -> np.ndarray:
    """Bruggeman permittivity of a nanocrystal film: core, ligand and (the rest) void.

    Parameters
    ----------
    eps_core : array_like of complex
        Permittivity of the nanocrystal core.
    core_fraction, ligand_fraction : float
        Volume fractions; void fills 1 - core - ligand.
    ligand_n : float
        Refractive index of the ligand shell (lossless).
    """
    void = 1.0 - core_fraction - ligand_fraction
    return bruggeman_permittivity(
        [eps_core, ligand_n**2 + 0j, 1.0 + 0j], [core_fraction, ligand_fraction, void]
    )


def nc_film_fractions(
    name: str, core: float, ligand: float, ligand_n: float
) -> tuple[float, float, float]:
    core, ligand, ligand_n = (
        parameter_number("core_fraction", core),
        parameter_number("ligand_fraction", ligand),
        parameter_number("ligand_n", ligand_n),
    )
    if not (0 < core <= 1 and 0 <= ligand <= 1 and core + ligand <= 1 + 1e-9):
        raise ConfigError(
            f"material {name!r}: need 0 < core_fraction <= 1, 0 <= ligand_fraction "
            f"and core + ligand <= 1, got {core:g} and {ligand:g}"
        )
    if not 1.0 <= ligand_n <= 3.0:
        raise ConfigError(f"material {name!r}: ligand_n must be in [1, 3], got {ligand_n:g}")
    return core, min(ligand, 1.0 - core), ligand_n


def optional_nm(name: str, value) -> float | None:
    if value is None:
        return None
    v = parameter_number(name, value)
    if not v > 0:
        raise ConfigError(f"parameter {name}: must be positive, got {value!r}")
    return v * 1e-9



@register("ZnO-NC-film", "ZnO NC film, Bruggeman ZnO + ligand + void", "Bond 1965")
def zno_nc_film(
    *, core_fraction: float = 0.55, ligand_fraction: float = 0.225, ligand_n: float = LIGAND_N
) -> Material:
    """ZnO nanocrystal film: Bruggeman mix of bulk ZnO (:func:`zno_bond1965_permittivity`),
    ligand (n = 1.50) and void.

    Parameters
    ----------
    core_fraction, ligand_fraction : float
        Default 0.55 ZnO, 0.225 ligand, 0.225 void: n = 1.61 at 2 um, mid of the 1.45-1.75
        range of spin-coated ZnO NC films (random close packing of spheres is 0.64).
    ligand_n : float
        Ligand index (1.50).

    Notes
    -----
    The nanocrystals (3-5 nm) are treated with the bulk permittivity: confinement moves the gap
    (UV) but changes the infrared index little. Ligand vibrational bands (C-H near 3.4 um) are
    not modelled.
    """
    core, lig, ln = nc_film_fractions("ZnO-NC-film", core_fraction, ligand_fraction, ligand_n)

    def nk(wl: np.ndarray) -> np.ndarray:
        return nk_from_permittivity(
            nc_film_permittivity(zno_bond1965_permittivity(wl), core, lig, ln)
        )

    return Material(
        "ZnO-NC-film",
        nk,
        *ZNO_RANGE_M,
        BOND1965,
        "ZnO NC film (ZnO + ligand + void, Bruggeman)",
        {"core_fraction": core, "ligand_fraction": lig, "ligand_n": ln},
    )
