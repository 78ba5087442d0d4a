"""Photoemission line shapes, energy scales and backgrounds.

All functions take energies in eV (the natural unit of photoemission; it is the boundary unit of
every XPS file and the ``_ev`` suffix says so) and return intensities in the units of ``area``
per eV. Every peak function is normalised so that ``area`` is its integral (for the
Doniach-Sunjic shape, whose tail is not integrable, ``area`` is that of the symmetric Lorentzian
limit).

References
----------
S. Doniach and M. Sunjic, J. Phys. C 3, 285 (1970), doi:10.1088/0022-3719/3/2/010.
D. A. Shirley, Phys. Rev. B 5, 4709 (1972), doi:10.1103/PhysRevB.5.4709; iterative form:
A. Proctor and P. M. A. Sherwood, Anal. Chem. 54, 13 (1982), doi:10.1021/ac00238a008.
S. Tougaard, Surf. Interface Anal. 11, 453 (1988), doi:10.1002/sia.740110902 (universal
cross-section, B = 2866 eV^2, C = 1643 eV^2); Surf. Interface Anal. 25, 137 (1997),
doi:10.1002/(SICI)1096-9918(199703)25:3<137::AID-SIA230>3.0.CO;2-L.
N. Fairley et al., Appl. Surf. Sci. Adv. 5, 100112 (2021), doi:10.1016/j.apsadv.2021.100112
(CasaXPS line shapes and constraints).
"""

from __future__ import annotations

import numpy as np
from scipy.special import erfcx, gamma, voigt_profile

from ncled.errors import ConfigError

_FWHM_TO_SIGMA = 1.0 / (2.0 * np.sqrt(2.0 * np.log(2.0)))


def gaussian(energy_ev, center_ev, fwhm_ev, area):
    """Area-normalised Gaussian: ``area / (s sqrt(2 pi)) exp(-(E-E0)^2 / 2 s^2)``,
    ``s = fwhm / (2 sqrt(2 ln 2))``."""
    s = np.asarray(fwhm_ev, float) * _FWHM_TO_SIGMA
    u = (np.asarray(energy_ev, float) - center_ev) / s
    return area * np.exp(-0.5 * u * u) / (s * np.sqrt(2 * np.pi))


def lorentzian(energy_ev, center_ev, fwhm_ev, area):
    """Area-normalised Lorentzian with full width at half maximum ``fwhm_ev``."""
    g = 0.5 * np.asarray(fwhm_ev, float)
    d = np.asarray(energy_ev, float) - center_ev
    return area * g / (np.pi * (d * d + g * g))


def voigt(energy_ev, center_ev, fwhm_gauss_ev, area, fwhm_lorentz_ev):
    """Area-normalised Voigt profile (Gaussian ⊗ Lorentzian), :func:`scipy.special.voigt_profile`
    with ``sigma = fwhm_gauss / (2 sqrt(2 ln 2))`` and ``gamma = fwhm_lorentz / 2``."""
    return area * voigt_profile(np.asarray(energy_ev, float) - center_ev,
                                np.asarray(fwhm_gauss_ev, float) * _FWHM_TO_SIGMA,
                                0.5 * np.asarray(fwhm_lorentz_ev, float))


def pseudo_voigt(energy_ev, center_ev, fwhm_ev, area, lorentz_fraction):
    """Sum form of the pseudo-Voigt: ``(1-m) G + m L`` with a common FWHM, ``m`` in [0, 1]
    (CasaXPS ``GL(100 m)`` is the product form; this is the area-preserving sum, Fairley 2021)."""
    m = np.asarray(lorentz_fraction, float)
    return ((1 - m) * gaussian(energy_ev, center_ev, fwhm_ev, area)
            + m * lorentzian(energy_ev, center_ev, fwhm_ev, area))


def doniach_sunjic(energy_ev, center_ev, fwhm_ev, area, asymmetry):
    """Doniach-Sunjic metal core-level shape on a binding-energy scale (tail to higher BE).

    ``I = area/pi Gamma(1-a) cos(pi a/2 + (1-a) arctan(d/g)) / ((d^2 + g^2)^((1-a)/2) g^a)``,
    ``d = E0 - E``, ``g = fwhm/2`` and asymmetry ``a`` in [0, 1); ``a = 0`` is the Lorentzian.
    The factor ``g^-a`` keeps the unit 1/eV for any ``a``.
    """
    a = np.asarray(asymmetry, float)
    g = 0.5 * np.asarray(fwhm_ev, float)
    d = center_ev - np.asarray(energy_ev, float)  # tail towards E > E0 (higher BE)
    return (area / np.pi * gamma(1 - a) * np.cos(np.pi * a / 2 + (1 - a) * np.arctan2(d, g))
            / (d * d + g * g) ** ((1 - a) / 2) / g ** a)


def gl_product(energy_ev, center_ev, fwhm_ev, area, lorentz_fraction):
    """CasaXPS ``GL(100 m)``: Gaussian-Lorentzian product, area-normalised.

    ``h(x) = exp(-4 ln2 (1-m) x^2/F^2) / (1 + 4 m x^2/F^2)``, ``x = E - E0``; its integral is
    ``F (pi/2) / sqrt(m) erfcx(sqrt(ln2 (1-m)/m))`` (a Gaussian integral of a Lorentzian,
    closed form), ``F sqrt(pi/(4 ln2))`` at ``m = 0``. The FWHM equals ``F`` only at m = 0 and 1.
    """
    m = np.clip(np.asarray(lorentz_fraction, float), 0.0, 1.0)
    f = np.asarray(fwhm_ev, float)
    u2 = ((np.asarray(energy_ev, float) - center_ev) / f) ** 2
    a, b = 4 * np.log(2.0) * (1 - m), 4 * m
    with np.errstate(divide="ignore", invalid="ignore"):
        norm = np.where(m > 1e-12, np.pi / np.sqrt(np.maximum(b, 1e-300))
                        * erfcx(np.sqrt(a / np.maximum(b, 1e-300))),
                        np.sqrt(np.pi / np.maximum(a, 1e-300)))
    return area * np.exp(-a * u2) / (1 + b * u2) / (norm * f)


def _gauss_smoothed(profile, energy_ev, center_ev, fwhm_ev, gauss_fwhm_ev, area):
    """``area`` times ``profile(x / F)`` convolved with a Gaussian of FWHM ``gauss_fwhm_ev``,
    normalised numerically on a uniform grid that spans the data plus 40 widths (the tails
    beyond the grid are the unnormalised remainder; LA's tails fall as ``x^-2 alpha``)."""
    e = np.asarray(energy_ev, float)
    f = float(fwhm_ev)
    g = max(float(gauss_fwhm_ev), 0.0)
    step = min(f, g if g > 0 else f) / 20.0
    span = max(abs(e.min() - center_ev), abs(e.max() - center_ev)) + 40 * (f + g)
    n = int(min(2 * span / step, 200_000))
    grid = np.linspace(-span, span, n | 1)
    step = grid[1] - grid[0]
    prof = profile(grid / f)
    if g > 0:
        s = g * _FWHM_TO_SIGMA
        half = int(np.ceil(5 * s / step))
        k = np.exp(-0.5 * (np.arange(-half, half + 1) * step / s) ** 2)
        prof = np.convolve(prof, k / k.sum(), mode="same")
    norm = np.sum(prof) * step
    return area * np.interp(e - center_ev, grid, prof / norm, left=0.0, right=0.0)


def casa_la(energy_ev, center_ev, fwhm_ev, area, tail_alpha, tail_beta, gauss_fwhm):
    """CasaXPS ``LA(alpha, beta, m)``: asymmetric Lorentzian convolved with a Gaussian.

    ``L(x)^alpha`` on the high-binding-energy side (``x = E - E0 > 0``), ``L(x)^beta`` on the
    low side, ``L(x) = 1 / (1 + 4 x^2 / F^2)``; a smaller exponent spreads the tail further
    (Fairley et al. 2021). Convolved with a Gaussian of FWHM ``gauss_fwhm`` [eV] (Casa gives
    it as a number of points ``m``; here in eV, independent of the data step) and normalised to
    ``area`` numerically. ``alpha, beta > 0.5`` keep the tails integrable.
    """
    a, b = float(tail_alpha), float(tail_beta)

    def prof(u):
        lor = 1.0 / (1.0 + 4.0 * u * u)
        return np.where(u > 0, lor ** a, lor ** b)

    return _gauss_smoothed(prof, energy_ev, center_ev, fwhm_ev, gauss_fwhm, area)


def casa_lf(energy_ev, center_ev, fwhm_ev, area, tail_alpha, tail_beta, tail_damping,
            gauss_fwhm):
    """LA with a damped high-binding-energy tail, in the spirit of CasaXPS ``LF(a, b, w, m)``.

    The tail side ``L(x)^alpha`` is multiplied by ``L(x)^(w0)`` with ``w0 = 1/tail_damping``
    growing as the damping width ``tail_damping`` [in FWHM units] shrinks, so the tail meets the
    background within a finite region. Casa's exact LF formula is not published in closed form;
    this variant keeps its purpose (a finite tail, Harwell XPS knowledge base "LA and LF
    lineshapes") and is not a copy of it: compare shapes, not parameter values, with CasaXPS.
    """
    a, b, w = float(tail_alpha), float(tail_beta), max(float(tail_damping), 1e-6)

    def prof(u):
        lor = 1.0 / (1.0 + 4.0 * u * u)
        return np.where(u > 0, lor ** a * np.exp(-(u / w) ** 2), lor ** b)

    return _gauss_smoothed(prof, energy_ev, center_ev, fwhm_ev, gauss_fwhm, area)


def doniach_sunjic_gauss(energy_ev, center_ev, fwhm_ev, area, asymmetry, gauss_fwhm):
    """Doniach-Sunjic shape (Lorentzian FWHM ``fwhm_ev``) convolved with a Gaussian of FWHM
    ``gauss_fwhm`` [eV] (instrument), the usual metal core-level model (Hüfner 2003)."""
    a = float(asymmetry)

    def prof(u):
        return doniach_sunjic(u, 0.0, 1.0, 1.0, a)

    return _gauss_smoothed(prof, energy_ev, center_ev, fwhm_ev, gauss_fwhm, area)


#: Line-shape registry: name -> (function, names of its shape parameters beyond center/fwhm/area).
#: ``gl_sum`` is the sum form (same function as ``pseudo_voigt``), ``gl_product`` Casa's GL(p).
LINESHAPES: dict[str, tuple] = {
    "gaussian": (gaussian, ()),
    "lorentzian": (lorentzian, ()),
    "voigt": (voigt, ("fwhm_lorentz",)),
    "pseudo_voigt": (pseudo_voigt, ("lorentz_fraction",)),
    "gl_sum": (pseudo_voigt, ("lorentz_fraction",)),
    "gl_product": (gl_product, ("lorentz_fraction",)),
    "doniach_sunjic": (doniach_sunjic, ("asymmetry",)),
    "doniach_sunjic_gauss": (doniach_sunjic_gauss, ("asymmetry", "gauss_fwhm")),
    "casa_la": (casa_la, ("tail_alpha", "tail_beta", "gauss_fwhm")),
    "casa_lf": (casa_lf, ("tail_alpha", "tail_beta", "tail_damping", "gauss_fwhm")),
}


def lineshape(name: str):
    """The line-shape function registered as ``name``; unknown names list the known ones."""
    if name not in LINESHAPES:
        raise ConfigError(f"line shape {name!r} is unknown; known: {sorted(LINESHAPES)}")
    return LINESHAPES[name]


# ------------------------------------------------------------------------------ energy scale

def binding_from_kinetic(kinetic_ev, photon_energy_ev, work_function_ev):
    """Binding energy referred to the Fermi level: ``BE = hv - KE - phi_spectrometer``."""
    return photon_energy_ev - np.asarray(kinetic_ev, float) - work_function_ev


def kinetic_from_binding(binding_ev, photon_energy_ev, work_function_ev):
    """Inverse of :func:`binding_from_kinetic`."""
    return photon_energy_ev - np.asarray(binding_ev, float) - work_function_ev


#: Au 4f7/2 binding energy of clean gold used as the energy reference [eV]
#: (ISO 15472:2010; M. P. Seah, Surf. Interface Anal. 31, 721 (2001), doi:10.1002/sia.1076).
AU_4F72_EV = 84.0
#: Au 4f spin-orbit splitting [eV] and 4f5/2 : 4f7/2 area ratio 3:4 (2j+1 degeneracy).
AU_4F_SPLITTING_EV = 3.67
#: Hg 4f spin-orbit splitting [eV] (Qu et al., Nat. Photon. 16, 38 (2022),
#: doi:10.1038/s41566-021-00902-y).
HG_4F_SPLITTING_EV = 4.05
#: f-level doublet area ratio (f5/2 : f7/2 = 6 : 8).
F_DOUBLET_RATIO = 0.75


# ------------------------------------------------------------------------------ backgrounds

def _ascending(energy_ev, intensity):
    e = np.asarray(energy_ev, float)
    y = np.asarray(intensity, float)
    if e.shape != y.shape or e.ndim != 1 or e.size < 3:
        raise ConfigError(f"energy and intensity must be 1-D of equal length >= 3, got "
                          f"{e.shape} and {y.shape}")
    order = np.argsort(e)
    return e[order], y[order], order


def _n_end(n_avg: int | None, size: int) -> int:
    """Points averaged at each end: given, or 2.5 % of the spectrum (at least 3), so that the
    end levels carry little counting noise (3 points biased Hg 4f fits by 2 sigma in tests)."""
    return max(1, int(n_avg)) if n_avg is not None else max(3, size // 40)


def shirley_background(binding_ev, intensity, *, n_avg: int | None = None, max_iter: int = 100,
                       tol: float = 1e-7) -> np.ndarray:
    """Iterative Shirley background on a binding-energy scale.

    Parameters
    ----------
    binding_ev : array_like
        Binding energies [eV] (any order).
    intensity : array_like
        Counts.
    n_avg : int, optional
        Points averaged at each end to set the end levels (default 2.5 % of the points, >= 3).
    max_iter, tol : int, float
        Iterations and relative convergence of the background.

    Returns
    -------
    numpy.ndarray
        The background, in the order of the input.

    Notes
    -----
    ``B(E) = I_lo + (I_hi - I_lo) * A(E_lo..E) / A(E_lo..E_hi)`` with ``A`` the area of
    ``I - B`` between the low-BE end and ``E`` (Shirley 1972; Proctor & Sherwood 1982).
    """
    e, y, order = _ascending(binding_ev, intensity)
    n_avg = _n_end(n_avg, e.size)
    lo, hi = y[:n_avg].mean(), y[-n_avg:].mean()
    bg = np.full_like(y, lo)
    for _ in range(max_iter):
        net = y - bg
        cum = np.concatenate([[0.0], np.cumsum(0.5 * (net[1:] + net[:-1]) * np.diff(e))])
        total = cum[-1]
        new = lo + (hi - lo) * (cum / total if total != 0 else np.zeros_like(cum))
        done = np.max(np.abs(new - bg)) <= tol * max(abs(hi - lo), 1e-300)
        bg = new
        if done:
            break
    out = np.empty_like(bg)
    out[order] = bg
    return out


#: Universal Tougaard cross-section constants (Tougaard 1988) [eV^2].
TOUGAARD_B_EV2 = 2866.0
TOUGAARD_C_EV2 = 1643.0


def tougaard_cross_section(loss_ev, b_ev2=TOUGAARD_B_EV2, c_ev2=TOUGAARD_C_EV2):
    """Universal inelastic cross-section ``K(T) = B T / (C + T^2)^2`` [1/eV] for loss ``T`` >= 0."""
    t = np.asarray(loss_ev, float)
    return np.where(t > 0, b_ev2 * t / (c_ev2 + t * t) ** 2, 0.0)


def tougaard_background(binding_ev, intensity, *, c_ev2: float = TOUGAARD_C_EV2,
                        fit_b: bool = True, n_avg: int | None = None) -> np.ndarray:
    """Tougaard background with the universal two-parameter cross-section.

    Parameters
    ----------
    binding_ev, intensity : array_like
        Spectrum (any order).
    c_ev2 : float
        The C parameter [eV^2] (1643 universal; 435 for polymers, Tougaard 1997).
    fit_b : bool
        Scale B so that the background meets the data at the high-BE end (standard practice);
        otherwise use the universal B = 2866 eV^2.
    n_avg : int, optional
        Points averaged at the ends (default 2.5 % of the points, >= 3).

    Notes
    -----
    ``B(E) = y_lo + B int_{E_lo}^{E} K(E - E') (I(E') - y_lo) dE'`` on the binding-energy scale:
    electrons that lost ``T = E - E'`` come from peaks at lower binding energy (Tougaard 1988);
    ``y_lo`` is the level at the low-BE end.
    """
    e, y, order = _ascending(binding_ev, intensity)
    n_avg = _n_end(n_avg, e.size)
    lo = y[:n_avg].mean()
    j = y - lo
    de = np.gradient(e)
    kern = tougaard_cross_section(e[:, None] - e[None, :], 1.0, c_ev2)
    integral = kern @ (j * de)
    if fit_b:
        ref = integral[-n_avg:].mean()
        scale = (y[-n_avg:].mean() - lo) / ref if ref != 0 else 0.0
    else:
        scale = TOUGAARD_B_EV2
    bg = lo + scale * integral
    out = np.empty_like(bg)
    out[order] = bg
    return out


def linear_background(binding_ev, intensity, *, n_avg: int | None = None) -> np.ndarray:
    """Straight line joining the averaged end points."""
    e, y, order = _ascending(binding_ev, intensity)
    n_avg = _n_end(n_avg, e.size)
    lo, hi = y[:n_avg].mean(), y[-n_avg:].mean()
    bg = lo + (hi - lo) * (e - e[0]) / (e[-1] - e[0])
    out = np.empty_like(bg)
    out[order] = bg
    return out


def polynomial_background(binding_ev, intensity, *, order: int = 2,
                          n_avg: int | None = None) -> np.ndarray:
    """Polynomial of ``order`` fitted by least squares to the end regions of the window
    (``n_avg`` points at each end, default 2.5 % of the points, >= 3; at least ``order + 1``
    points in all)."""
    e, y, order_idx = _ascending(binding_ev, intensity)
    n_avg = max(_n_end(n_avg, e.size), (order + 2) // 2)
    sel = np.r_[0:n_avg, e.size - n_avg:e.size]
    x0, dx = e.mean(), max(np.ptp(e), 1e-12)
    coef = np.polyfit((e[sel] - x0) / dx, y[sel], order)
    bg = np.polyval(coef, (e - x0) / dx)
    out = np.empty_like(bg)
    out[order_idx] = bg
    return out


BACKGROUNDS = {"shirley": shirley_background, "tougaard": tougaard_background,
               "linear": linear_background, "polynomial": polynomial_background}


def background(name: str, binding_ev, intensity) -> np.ndarray:
    """Background ``name`` (``shirley``, ``tougaard``, ``linear`` or ``none``) of a spectrum."""
    if name == "none":
        return np.zeros_like(np.asarray(intensity, float))
    if name not in BACKGROUNDS:
        raise ConfigError(f"background {name!r} is unknown; known: {sorted(BACKGROUNDS)} "
                          "or 'none'")
    return BACKGROUNDS[name](binding_ev, intensity)


# ------------------------------------------------------------------------------ edges

def fermi_edge(energy_ev, fermi_ev, temperature_k, resolution_fwhm_ev, slope, height, offset,
               *, binding: bool = True):
    """Fermi-Dirac edge times a straight line, plus a constant, convolved with a Gaussian.

    Parameters
    ----------
    energy_ev : array_like
        Binding energy (``binding=True``, occupied states at E > E_F) or kinetic energy [eV];
        a uniform grid is assumed for the convolution (non-uniform grids are interpolated).
    fermi_ev : float
        Fermi-level position on that scale [eV].
    temperature_k : float
        Electron temperature [K].
    resolution_fwhm_ev : float
        Gaussian instrumental FWHM [eV].
    slope, height, offset : float
        Density of states ``height + slope (E - E_F)`` below the edge, and the constant
        background above it.

    Notes
    -----
    ``I = [(h + s (E-E_F)) f(E) + c] ⊗ G``, ``f = 1/(1 + exp(-(E - E_F)/kT))`` on the BE scale.
    The convolution is evaluated on a grid padded by 4 FWHM on each side so that the ends are
    not truncated.
    """
    from ncled.constants import k_B, q

    e = np.asarray(energy_ev, float)
    step = np.min(np.abs(np.diff(np.sort(e)))) if e.size > 1 else 1e-3
    step = max(step, 1e-4)
    pad = 4 * max(resolution_fwhm_ev, step)
    grid = np.arange(e.min() - pad, e.max() + pad + step, step)
    kt = k_B * temperature_k / q
    sign = -1.0 if binding else 1.0
    x = np.clip(sign * (grid - fermi_ev) / kt, -700, 700)
    f = 1.0 / (1.0 + np.exp(x))
    model = (height + slope * (grid - fermi_ev)) * f + offset
    s = max(resolution_fwhm_ev * _FWHM_TO_SIGMA, 1e-9)
    half = int(np.ceil(4 * s / step))
    k = np.exp(-0.5 * (np.arange(-half, half + 1) * step / s) ** 2)
    k /= k.sum()
    conv = np.convolve(np.pad(model, half, mode="edge"), k, mode="valid")
    return np.interp(e, grid, conv)
