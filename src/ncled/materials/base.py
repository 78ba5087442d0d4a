"""The material object and the registry of named materials.

A :class:`Material` wraps a pure dispersion function (vacuum wavelength [m] -> complex refractive
index n + ik, k >= 0 for absorption) with the wavelength range where its data or model are valid.
Asking for a wavelength outside that range, or getting NaN from the model, raises
:class:`ncled.errors.MaterialRangeError` naming the material and its range: nothing is extrapolated
silently.

Named materials are built by factories registered with :func:`register`; :func:`get_material`
looks one up (case-insensitively) and passes it the model parameters (e.g. ITO's Drude
parameters), suggesting close names for an unknown one.
"""

from __future__ import annotations

import difflib
import inspect
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from ncled.errors import ConfigError, MaterialRangeError

NkFunction = Callable[[np.ndarray], np.ndarray]


@dataclass(frozen=True)
class Material:
    """A dispersive optical material.

    Parameters
    ----------
    name : str
        Name shown to users.
    nk_function : callable
        Vacuum wavelength [m] (ndarray) -> complex refractive index n + ik (same shape).
    wavelength_min, wavelength_max : float
        Range of validity [m].
    source : str
        Citation of the data or model (with DOI where there is one).
    description : str
        One line for ``ncled materials list``.
    params : dict
        The parameters the factory was called with (for provenance).
    """

    name: str
    nk_function: NkFunction
    wavelength_min: float
    wavelength_max: float
    source: str = ""
    description: str = ""
    params: dict = field(default_factory=dict, compare=False)

    def nk(self, wavelength_m) -> np.ndarray:
        """Complex refractive index at the vacuum wavelengths ``wavelength_m`` [m].

        Raises
        ------
        MaterialRangeError
            Any wavelength outside [wavelength_min, wavelength_max] or a NaN result.
        """
        wl = np.asarray(wavelength_m, dtype=float)
        if wl.size and (
            not np.all(np.isfinite(wl))
            or wl.min() < self.wavelength_min * (1 - 1e-12)
            or wl.max() > self.wavelength_max * (1 + 1e-12)
        ):
            raise MaterialRangeError(
                f"material {self.name!r}: wavelength {_fmt_range(wl.min(), wl.max())} is outside "
                f"its valid range {_fmt_range(self.wavelength_min, self.wavelength_max)}"
                + (f" (source: {self.source})" if self.source else "")
            )
        n = np.asarray(self.nk_function(wl), dtype=complex)
        if not np.all(np.isfinite(n)):
            bad = wl[~np.isfinite(n)] if n.shape == wl.shape else wl
            raise MaterialRangeError(
                f"material {self.name!r}: no valid data at {_fmt_range(bad.min(), bad.max())} "
                f"(valid range {_fmt_range(self.wavelength_min, self.wavelength_max)})"
            )
        return n

    def permittivity(self, wavelength_m) -> np.ndarray:
        """Complex relative permittivity eps = (n + ik)^2."""
        return self.nk(wavelength_m) ** 2


def _fmt_range(lo: float, hi: float) -> str:
    if np.isclose(lo, hi):
        return f"{lo * 1e9:.6g} nm"
    return f"{lo * 1e9:.6g}-{hi * 1e9:.6g} nm"


@dataclass(frozen=True)
class MaterialEntry:
    """A registry entry: the factory, a one-line description and the source."""

    name: str
    factory: Callable[..., Material]
    description: str
    source: str


_REGISTRY: dict[str, MaterialEntry] = {}


def register(name: str, description: str, source: str):
    """Decorator registering a material factory ``f(**params) -> Material`` under ``name``."""

    def deco(factory: Callable[..., Material]) -> Callable[..., Material]:
        _REGISTRY[name.lower()] = MaterialEntry(name, factory, description, source)
        return factory

    return deco


def known_material_names() -> list[str]:
    """Names of all registered materials."""
    return sorted(e.name for e in _REGISTRY.values())


def material_entries() -> list[MaterialEntry]:
    """All registry entries, sorted by name."""
    return sorted(_REGISTRY.values(), key=lambda e: e.name.lower())


def get_material(name: str, **params) -> Material:
    """Build the named material with model parameters ``params``.

    Raises
    ------
    ConfigError
        Unknown name (close names suggested) or parameters the model does not take.
    """
    entry = _REGISTRY.get(str(name).lower())
    if entry is None:
        known = known_material_names()
        close = difflib.get_close_matches(str(name), known, n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise ConfigError(f"unknown material {name!r}{hint} Known: {', '.join(known)}")
    accepted = _accepted_parameters(entry.factory)
    unknown = sorted(set(params) - set(accepted)) if accepted is not None else []
    if unknown:
        raise ConfigError(
            f"material {entry.name!r}: unknown parameter(s) {', '.join(unknown)}; "
            f"it takes: {', '.join(accepted) if accepted else 'no parameters'}"
        )
    try:
        return entry.factory(**params)
    except TypeError as exc:
        raise ConfigError(f"material {entry.name!r}: bad parameters {params}: {exc}") from None


def material_parameters(name: str) -> list[str] | None:
    """The parameter names the model of material ``name`` takes (None: it checks them itself)."""
    entry = _REGISTRY.get(str(name).lower())
    if entry is None:
        raise ConfigError(f"unknown material {name!r}; known: {', '.join(known_material_names())}")
    return _accepted_parameters(entry.factory)


def _accepted_parameters(factory: Callable[..., Material]) -> list[str] | None:
    """Keyword names a factory takes (None if it takes ``**kwargs``, i.e. checks them itself)."""
    sig = inspect.signature(factory)
    if any(p.kind is p.VAR_KEYWORD for p in sig.parameters.values()):
        return None
    return [n for n, p in sig.parameters.items() if p.kind in (p.KEYWORD_ONLY,
                                                              p.POSITIONAL_OR_KEYWORD)]
