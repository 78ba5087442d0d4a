"""Effective-medium approximations: the permittivity of a mixture of sub-wavelength constituents.

The physics functions take the complex relative permittivities of the components (a sequence of
arrays that broadcast together, e.g. one value per wavelength) and their volume fractions, and
return the effective permittivity. :func:`mix` wraps them for :class:`~ncled.materials.Material`
objects, which is how a device file's ``mixture = {...}`` layer is built.

References
----------
.. [1] D. A. G. Bruggeman, Ann. Phys. 416, 636 (1935), doi:10.1002/andp.19354160705.
.. [2] J. C. Maxwell Garnett, Philos. Trans. R. Soc. A 203, 385 (1904), doi:10.1098/rsta.1904.0024.
.. [3] H. Looyenga, Physica 31, 401 (1965), doi:10.1016/0031-8914(65)90045-5.
.. [4] D. E. Aspnes, Thin Solid Films 89, 249 (1982), doi:10.1016/0040-6090(82)90590-9
   (review of the three and of their limits).
.. [5] R. Jansson and H. Arwin, Opt. Commun. 106, 133 (1994), doi:10.1016/0030-4018(94)90309-3
   (choice of the physical Bruggeman root).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
from numpy.typing import ArrayLike

from ncled.errors import ConfigError
from ncled.materials.base import Material, get_material
from ncled.materials.dispersion import nk_from_permittivity

FRACTION_TOL = 1e-6  #: volume fractions must sum to 1 within this (rounding in hand-written files)


def _stack(
    eps: Sequence[ArrayLike], fractions: Sequence[ArrayLike]
) -> tuple[np.ndarray, np.ndarray]:
    """Broadcast permittivities and fractions to arrays of shape (N, ...)."""
    if len(eps) != len(fractions) or len(eps) == 0:
        raise ConfigError(
            f"effective medium: {len(eps)} permittivities but {len(fractions)} volume fractions"
        )
    arrays = np.broadcast_arrays(
        *[np.asarray(e, dtype=complex) for e in eps],
        *[np.asarray(f, dtype=float) for f in fractions],
    )
    n = len(eps)
    return np.stack(arrays[:n]), np.stack(arrays[n:]).real


def linear_permittivity(eps: Sequence[ArrayLike], fractions: Sequence[ArrayLike]) -> np.ndarray:
    """Volume average of the permittivities, eps = sum_i f_i eps_i (Wiener's upper bound: layers
    parallel to the field; ref. [4] of the module)."""
    e, f = _stack(eps, fractions)
    return np.sum(f * e, axis=0)


def looyenga_permittivity(eps: Sequence[ArrayLike], fractions: Sequence[ArrayLike]) -> np.ndarray:
    """Looyenga (1965) mixing rule, eps^(1/3) = sum_i f_i eps_i^(1/3).

    Notes
    -----
    Principal complex cube roots are used; the rule is meant for dielectrics with moderate
    contrast (Looyenga, Physica 31, 401 (1965), doi:10.1016/0031-8914(65)90045-5).
    """
    e, f = _stack(eps, fractions)
    return np.sum(f * e ** (1.0 / 3.0), axis=0) ** 3


def maxwell_garnett_permittivity(
    eps: Sequence[ArrayLike], fractions: Sequence[ArrayLike]
) -> np.ndarray:
    """Maxwell Garnett (1904): spherical inclusions (components 1..N-1) in a host (component 0).

    Parameters
    ----------
    eps : sequence of array_like (complex)
        Permittivities; the FIRST is the host.
    fractions : sequence of array_like
        Volume fractions (the host's is 1 - sum of the others; given for symmetry with the
        other rules).

    Notes
    -----
    (eps - eps_h) / (eps + 2 eps_h) = sum_i f_i (eps_i - eps_h) / (eps_i + 2 eps_h), so
    eps = eps_h (1 + 2 S) / (1 - S) with S the right-hand side. Valid for dilute inclusions;
    it is not symmetric in host and inclusion (Aspnes 1982, doi:10.1016/0040-6090(82)90590-9).
    """
    e, f = _stack(eps, fractions)
    host = e[0]
    s = np.sum(f[1:] * (e[1:] - host) / (e[1:] + 2.0 * host), axis=0)
    return host * (1.0 + 2.0 * s) / (1.0 - s)


def _bruggeman_two(e1, e2, f1, f2) -> np.ndarray:
    """Closed form for two components: 2 eps^2 - b eps - eps1 eps2 = 0."""
    b = (3.0 * f1 - 1.0) * e1 + (3.0 * f2 - 1.0) * e2
    disc = np.sqrt(b * b + 8.0 * e1 * e2)
    r1, r2 = (b + disc) / 4.0, (b - disc) / 4.0
    return np.stack([r1, r2])


def _bruggeman_poly_roots(e: np.ndarray, f: np.ndarray) -> np.ndarray:
    """All N roots of sum_i f_i (e_i - x) prod_{j != i} (e_j + 2x) = 0, shape (N, ...)."""
    n = e.shape[0]
    shape = e.shape[1:]
    # polynomial coefficients, lowest power first, shape (..., n + 1)
    coef = np.zeros((*shape, n + 1), dtype=complex)
    for i in range(n):
        term = np.zeros((*shape, n + 1), dtype=complex)
        term[..., 0] = f[i] * e[i]
        term[..., 1] = -f[i]
        deg = 1
        for j in range(n):
            if j == i:
                continue
            # multiply by (e_j + 2x)
            new = np.zeros_like(term)
            new[..., : deg + 1] += term[..., : deg + 1] * e[j][..., None]
            new[..., 1 : deg + 2] += 2.0 * term[..., : deg + 1]
            term, deg = new, deg + 1
        coef += term
    lead = coef[..., n]  # = -2^(n-1) sum f_i, never zero for fractions summing to 1
    comp = np.zeros((*shape, n, n), dtype=complex)
    comp[..., 1:, :-1] = np.eye(n - 1)
    comp[..., :, -1] = -coef[..., :n] / lead[..., None]
    return np.moveaxis(np.linalg.eigvals(comp), -1, 0)


def bruggeman_permittivity(eps: Sequence[ArrayLike], fractions: Sequence[ArrayLike]) -> np.ndarray:
    """Bruggeman (1935) symmetric effective medium of N spherical components.

    Solves sum_i f_i (eps_i - eps) / (eps_i + 2 eps) = 0 for eps, vectorised over the broadcast
    shape of the inputs.

    Parameters
    ----------
    eps : sequence of array_like (complex)
        Permittivities of the N components (Im >= 0).
    fractions : sequence of array_like
        Their volume fractions (summing to 1).

    Returns
    -------
    numpy.ndarray of complex
        The effective permittivity.

    Notes
    -----
    Clearing denominators gives a polynomial of degree N (a quadratic for N = 2, solved in closed
    form; companion-matrix eigenvalues otherwise). The physical root is the one with
    Im(eps) >= 0 (a passive mixture of passive components cannot have gain) which, for lossless
    positive components, is the unique positive root (the left side decreases monotonically from
    1 at eps = 0 to -1/2 at infinity); where several roots have Im >= 0 the one nearest the
    Looyenga estimate, a continuous mean of the components, is taken (Jansson & Arwin 1994,
    doi:10.1016/0030-4018(94)90309-3, discuss the choice). The chosen root is polished by two
    Newton steps on the rational equation.
    """
    e, f = _stack(eps, fractions)
    keep = np.any(f != 0, axis=tuple(range(1, f.ndim)))  # absent components: lower the degree
    if 0 < keep.sum() < e.shape[0]:
        e, f = e[keep], f[keep]
    if e.shape[0] == 1:
        return e[0].copy()
    roots = (
        _bruggeman_two(e[0], e[1], f[0], f[1]) if e.shape[0] == 2 else _bruggeman_poly_roots(e, f)
    )
    guess = looyenga_permittivity(list(e), list(f))
    scale = np.max(np.abs(e), axis=0)
    allowed = roots.imag >= -1e-9 * scale
    dist = np.where(allowed, np.abs(roots - guess), np.inf)
    # no root with Im >= 0 (cannot happen for passive inputs): keep the nearest to the estimate
    dist = np.where(np.any(allowed, axis=0), dist, np.abs(roots - guess))
    x = np.take_along_axis(roots, np.argmin(dist, axis=0)[None], axis=0)[0]
    for _ in range(2):
        den = e + 2.0 * x
        g = np.sum(f * (e - x) / den, axis=0)
        dg = np.sum(-3.0 * f * e / den**2, axis=0)
        step = np.where(np.abs(dg) > 0, g / np.where(dg == 0, 1.0, dg), 0.0)
        x = x - step
    return x


EffectiveMedium = Callable[[Sequence[ArrayLike], Sequence[ArrayLike]], np.ndarray]

#: Mixing rules by the names device files use (``ema = "..."``).
EMA_MODELS: dict[str, EffectiveMedium] = {
    "bruggeman": bruggeman_permittivity,
    "maxwell-garnett": maxwell_garnett_permittivity,
    "looyenga": looyenga_permittivity,
    "linear": linear_permittivity,
}


def effective_permittivity(
    model: str, eps: Sequence[ArrayLike], fractions: Sequence[ArrayLike]
) -> np.ndarray:
    """Dispatch to the mixing rule ``model`` (a key of :data:`~ncled.materials.ema.EMA_MODELS`)."""
    try:
        rule = EMA_MODELS[model.lower()]
    except (KeyError, AttributeError):
        raise ConfigError(
            f"unknown effective-medium model {model!r}; known: {', '.join(EMA_MODELS)}"
        ) from None
    return rule(eps, fractions)


def check_fractions(
    fractions: Sequence[float], names: Sequence[str], what: str = "mixture"
) -> None:
    """Raise ConfigError unless every fraction is in [0, 1] and they sum to 1 (within 1e-6)."""
    fr = np.asarray(fractions, dtype=float)
    bad = [f"{n}={v:g}" for n, v in zip(names, fr, strict=True) if not 0.0 <= v <= 1.0]
    if bad:
        raise ConfigError(f"{what}: volume fractions must be in [0, 1], got {', '.join(bad)}")
    if abs(fr.sum() - 1.0) > FRACTION_TOL:
        raise ConfigError(
            f"{what}: volume fractions must sum to 1, they sum to {fr.sum():.6g} "
            f"({dict(zip(names, fr.tolist(), strict=True))})"
        )


def mix(
    components: Mapping[Material | str, float] | Sequence[tuple[Material | str, float]],
    model: str = "bruggeman",
    name: str | None = None,
    source: str = "",
) -> Material:
    """An effective-medium :class:`~ncled.materials.base.Material` from components and their volume
    fractions.

    Parameters
    ----------
    components : dict or list of (material, fraction)
        Materials (objects, or names looked up with default parameters) and volume fractions
        summing to 1. For ``"maxwell-garnett"`` the first component is the host.
    model : str
        ``"bruggeman"`` (default), ``"maxwell-garnett"``, ``"looyenga"`` or ``"linear"``.
    name : str, optional
        Name of the mixture (default: built from the components).
    source : str
        Citation to carry on the material.

    Returns
    -------
    Material
        Valid over the intersection of the components' wavelength ranges.

    Raises
    ------
    ConfigError
        Unknown model or material, fractions outside [0, 1] or not summing to 1, or components
        whose wavelength ranges do not overlap.
    """
    items = list(components.items()) if isinstance(components, Mapping) else list(components)
    if not items:
        raise ConfigError("mixture: no components given")
    mats = [get_material(m) if isinstance(m, str) else m for m, _ in items]
    fracs = [float(f) for _, f in items]
    label = (
        name
        or f"{model}("
        + " + ".join(f"{f:g} {m.name}" for m, f in zip(mats, fracs, strict=True))
        + ")"
    )
    check_fractions(fracs, [m.name for m in mats], what=label)
    if model.lower() not in EMA_MODELS:
        effective_permittivity(model, [], [])  # raises the error listing the known models
    lo = max(m.wavelength_min for m in mats)
    hi = min(m.wavelength_max for m in mats)
    if lo > hi:
        ranges = ", ".join(
            f"{m.name}: {m.wavelength_min * 1e9:.6g}-{m.wavelength_max * 1e9:.6g} nm" for m in mats
        )
        raise ConfigError(f"{label}: the components' wavelength ranges do not overlap ({ranges})")
    rule = EMA_MODELS[model.lower()]

    def nk(wavelength_m: np.ndarray) -> np.ndarray:
        return nk_from_permittivity(rule([m.permittivity(wavelength_m) for m in mats], fracs))

    return Material(
        name=label,
        nk_function=nk,
        wavelength_min=lo,
        wavelength_max=hi,
        source=source or "; ".join(dict.fromkeys(m.source for m in mats if m.source)),
        description=f"{model} effective medium",
        params={
            "model": model,
            "components": {m.name: f for m, f in zip(mats, fracs, strict=True)},
        },
    )
