"""Peak fitting of XPS spectra with components linked by constraints, in the CasaXPS manner.

A spectrum is a background (Shirley, Tougaard, linear, computed from the data) plus components.
Each component has a line shape (:data:`ncled.analysis.xps_lineshapes.LINESHAPES`), a centre, a
FWHM, an area and shape parameters, and may be a spin-orbit doublet (a partner peak at
``center + splitting`` with ``ratio * area`` and the same width: Hg 4f, 4.05 eV, 3:4).
Every parameter is given as

* a number: free, starting there (``100.4``);
* ``"=84.0"`` or ``"84.0 fixed"``: fixed;
* a link to another component, as in CasaXPS: ``"A + 0.58"`` (same parameter of component A plus
  0.58), ``"A * 0.5"``, ``"A.fwhm"``, ``"HgTe.center - 0.3"``.

Links are linear, so the full parameter vector is ``M theta + c`` in the free parameters
``theta``, and the covariance of every parameter (free or linked) is ``M cov M^T``. Loops of
links, links to unknown components, fixed values outside their bounds and doublets whose partner
area is also constrained are reported together as one :class:`ncled.errors.ConfigError`.

References
----------
N. Fairley et al., Appl. Surf. Sci. Adv. 5, 100112 (2021), doi:10.1016/j.apsadv.2021.100112
(CasaXPS constraints); M. Newville et al., LMFIT, doi:10.5281/zenodo.11813 (covariance scaled by
the reduced chi-square).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import least_squares

from ncled.analysis.xps_lineshapes import background as compute_background
from ncled.analysis.xps_lineshapes import lineshape
from ncled.errors import ConfigError

_NUM = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_LINK = re.compile(rf"^\s*([A-Za-z_][\w\-]*)(?:\.(\w+))?\s*(?:([-+*/])\s*({_NUM}))?\s*$")
_FIXED = re.compile(rf"^\s*(?:=\s*({_NUM})|({_NUM})\s+fixed)\s*$")


@dataclass(frozen=True)
class Component:
    """One peak (or doublet) of a fit model.

    Parameters
    ----------
    name : str
        Label used in links (``"A"``, ``"HgTe"``).
    center, fwhm, area : float or str
        Centre [eV], full width at half maximum [eV], area [counts eV]: a start value, a fixed
        value (``"=1.2"``) or a link (``"A + 0.58"``).
    shape : str
        Line shape name (``gaussian``, ``lorentzian``, ``voigt``, ``pseudo_voigt``,
        ``doniach_sunjic``).
    shape_params : dict
        The shape's extra parameters (``fwhm_lorentz``, ``lorentz_fraction``, ``asymmetry``),
        same syntax.
    doublet_splitting_ev, doublet_ratio : float, optional
        Spin-orbit partner at ``center + splitting`` (binding energy) with ``ratio * area``.
    bounds : dict
        ``{"center": (lo, hi)}``, limits for free parameters.
    """

    name: str
    center: float | str
    fwhm: float | str = 1.0
    area: float | str = 1.0
    shape: str = "gaussian"
    shape_params: dict[str, float | str] = field(default_factory=dict)
    doublet_splitting_ev: float | None = None
    doublet_ratio: float | None = None
    bounds: dict[str, tuple[float, float]] = field(default_factory=dict)

    def parameter_names(self) -> tuple[str, ...]:
        """Names of this component's parameters, in model order."""
        return ("center", "fwhm", "area", *lineshape(self.shape)[1])

    def value_of(self, pname: str) -> float | str:
        """The specification of parameter ``pname``."""
        if pname in ("center", "fwhm", "area"):
            return getattr(self, pname)
        return self.shape_params.get(pname, _SHAPE_DEFAULTS[pname])


#: Start values of shape parameters not given (a mostly Gaussian, symmetric peak).
_SHAPE_DEFAULTS = {"fwhm_lorentz": 0.2, "lorentz_fraction": 0.3, "asymmetry": 0.05}
#: Physical limits applied to free parameters without user bounds (widths and areas positive,
#: mixing fraction in [0, 1], Doniach-Sunjic asymmetry below 0.5 where the shape stays peaked).
_DEFAULT_BOUNDS = {"fwhm": (1e-3, 50.0), "area": (0.0, np.inf), "fwhm_lorentz": (1e-4, 20.0),
                   "lorentz_fraction": (0.0, 1.0), "asymmetry": (0.0, 0.5)}


@dataclass(frozen=True)
class ParameterMap:
    """Linear map from the free parameters to all parameters: ``full = M @ theta + c``."""

    keys: tuple[tuple[str, str], ...]
    free: tuple[int, ...]
    matrix: np.ndarray
    constant: np.ndarray
    kind: tuple[str, ...]
    lower: np.ndarray
    upper: np.ndarray
    start: np.ndarray

    def full(self, theta: np.ndarray) -> np.ndarray:
        """All parameters from the free ones."""
        return self.matrix @ theta + self.constant


def build_parameter_map(components: list[Component] | tuple[Component, ...]) -> ParameterMap:
    """Resolve values, fixed values and links into a :class:`ParameterMap`.

    Raises
    ------
    ConfigError
        Listing every problem: duplicate names, unknown shapes, unreadable specifications,
        links to unknown components or parameters, loops of links, fixed or start values outside
        their bounds, bad bounds, doublets with a non-positive ratio.
    """
    problems: list[str] = []
    names = [c.name for c in components]
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        problems.append(f"component names used twice: {dup}")
    keys: list[tuple[str, str]] = []
    specs: dict[tuple[str, str], float | str] = {}
    for comp in components:
        try:
            pnames = comp.parameter_names()
        except ConfigError as exc:
            problems.append(f"component {comp.name!r}: {exc}")
            continue
        unknown = set(comp.shape_params) - set(pnames)
        if unknown:
            problems.append(f"component {comp.name!r}: shape {comp.shape!r} has no parameter(s) "
                            f"{sorted(unknown)}; it has {list(pnames[3:])}")
        for pn in pnames:
            keys.append((comp.name, pn))
            specs[(comp.name, pn)] = comp.value_of(pn)
        if comp.doublet_ratio is not None and comp.doublet_ratio <= 0:
            problems.append(f"component {comp.name!r}: doublet ratio must be > 0, got "
                            f"{comp.doublet_ratio}")
        if (comp.doublet_ratio is None) != (comp.doublet_splitting_ev is None):
            problems.append(f"component {comp.name!r}: a doublet needs both a splitting and an "
                            "area ratio")
    index = {k: i for i, k in enumerate(keys)}
    kind: list[str] = []
    start = np.zeros(len(keys))
    links: dict[int, tuple[int, str, float]] = {}
    bounds = {(c.name, p): b for c in components for p, b in c.bounds.items()}
    lower = np.full(len(keys), -np.inf)
    upper = np.full(len(keys), np.inf)
    for i, (_cname, pn) in enumerate(keys):
        lower[i], upper[i] = _DEFAULT_BOUNDS.get(pn, (-np.inf, np.inf))
    for (cname, pn), (lo, hi) in bounds.items():
        if (cname, pn) not in index:
            problems.append(f"component {cname!r}: bounds given for unknown parameter {pn!r}")
            continue
        if not lo < hi:
            problems.append(f"{cname}.{pn}: bounds ({lo}, {hi}) are empty (need lo < hi)")
        lower[index[(cname, pn)]], upper[index[(cname, pn)]] = lo, hi
    for i, key in enumerate(keys):
        spec = specs[key]
        label = f"{key[0]}.{key[1]}"
        if isinstance(spec, int | float) and not isinstance(spec, bool):
            kind.append("free")
            start[i] = float(spec)
        elif (m := _FIXED.match(str(spec))) is not None:
            kind.append("fixed")
            start[i] = float(m.group(1) or m.group(2))
        elif (m := _LINK.match(str(spec))) is not None:
            ref = (m.group(1), m.group(2) or key[1])
            kind.append("linked")
            if ref not in index:
                problems.append(f"{label}: {spec!r} links to unknown "
                                f"{'component' if m.group(1) not in names else 'parameter'} "
                                f"{ref[0]}.{ref[1]}; components: {names}")
                continue
            op, num = m.group(3), float(m.group(4)) if m.group(4) else None
            if op == "/" and num == 0:
                problems.append(f"{label}: {spec!r} divides by zero")
                continue
            links[i] = (index[ref], op or "+", num if num is not None else 0.0)
            if key in bounds:
                problems.append(f"{label}: is linked ({spec!r}) and also bounded; bound the "
                                "parameter it links to instead")
        else:
            try:
                start[i] = float(spec)
                kind.append("free")
            except ValueError:
                kind.append("free")
                problems.append(f"{label}: cannot read {spec!r}; give a number, '=value' "
                                "(fixed) or a link such as 'A + 0.58' or 'A * 0.5'")
        if kind[-1] == "fixed" and key not in bounds:
            lower[i], upper[i] = -np.inf, np.inf
        if kind[-1] != "linked" and not lower[i] <= start[i] <= upper[i]:
            problems.append(f"{label}: {kind[-1]} value {start[i]} lies outside its bounds "
                            f"({lower[i]}, {upper[i]})")
    # loops of links
    for i in links:
        seen = [i]
        j = links[i][0]
        while j in links:
            if j in seen:
                loop = " -> ".join(f"{keys[k][0]}.{keys[k][1]}" for k in [*seen, j])
                problems.append(f"constraints contradict each other (loop): {loop}")
                break
            seen.append(j)
            j = links[j][0]
    if problems:
        raise ConfigError(sorted(set(problems), key=problems.index))
    free = tuple(i for i, k in enumerate(kind) if k == "free")
    col = {i: n for n, i in enumerate(free)}
    matrix = np.zeros((len(keys), len(free)))
    const = np.zeros(len(keys))

    def resolve(i: int) -> tuple[np.ndarray, float]:
        if kind[i] == "free":
            row = np.zeros(len(free))
            row[col[i]] = 1.0
            return row, 0.0
        if kind[i] == "fixed":
            return np.zeros(len(free)), start[i]
        ref, op, num = links[i]
        row, c0 = resolve(ref)
        if op == "+":
            return row, c0 + num
        if op == "-":
            return row, c0 - num
        f = num if op == "*" else 1.0 / num
        return row * f, c0 * f

    for i in range(len(keys)):
        matrix[i], const[i] = resolve(i)
    full0 = matrix @ start[list(free)] + const
    return ParameterMap(tuple(keys), free, matrix, const, tuple(kind), lower, upper, full0)


def components_model(energy_ev, components, full: np.ndarray, keys) -> np.ndarray:
    """Sum of the component peaks (and doublet partners) for parameter vector ``full``;
    returns an array (n_components, N) of each component's contribution."""
    e = np.asarray(energy_ev, float)
    out = np.zeros((len(components), e.size))
    pos = {k: i for i, k in enumerate(keys)}
    for n, comp in enumerate(components):
        fn, extra = lineshape(comp.shape)
        center, fwhm, area = (full[pos[(comp.name, p)]] for p in ("center", "fwhm", "area"))
        xs = [full[pos[(comp.name, p)]] for p in extra]
        out[n] = fn(e, center, fwhm, area, *xs)
        if comp.doublet_splitting_ev is not None:
            out[n] += fn(e, center + comp.doublet_splitting_ev, fwhm,
                         area * comp.doublet_ratio, *xs)
    return out


@dataclass(frozen=True)
class XPSFitResult:
    """Result of :func:`fit_xps`.

    ``parameters`` maps ``"name.param"`` to (value, stderr, kind); ``components`` holds each
    component's curve (n_components, N); ``background`` and ``model`` (background + peaks) are on
    the ``binding_ev`` grid.
    """

    binding_ev: np.ndarray
    intensity: np.ndarray
    background: np.ndarray
    components: np.ndarray
    model: np.ndarray
    parameters: dict[str, tuple[float, float, str]]
    component_names: tuple[str, ...]
    chisqr: float
    redchi: float
    success: bool
    message: str

    def value(self, key: str) -> float:
        """Best-fit value of ``"name.param"``."""
        return self.parameters[key][0]

    def stderr(self, key: str) -> float:
        """Standard error of ``"name.param"``."""
        return self.parameters[key][1]


def fit_xps(
    binding_ev,
    intensity,
    components: list[Component] | tuple[Component, ...],
    *,
    background: str = "shirley",
    energy_range_ev: tuple[float, float] | None = None,
    weights: str = "poisson",
) -> XPSFitResult:
    """Fit components on a background to an XPS spectrum.

    Parameters
    ----------
    binding_ev, intensity : array_like
        The spectrum (binding energy [eV], counts).
    components : sequence of Component
        The peaks, with values, fixed values and links.
    background : str
        ``shirley`` (iterative, Proctor-Sherwood), ``tougaard`` (universal), ``linear`` or
        ``none``; computed from the data over the fit range.
    energy_range_ev : (float, float), optional
        Binding-energy window of the fit.
    weights : str
        ``poisson`` (sigma = sqrt(counts), for raw counts) or ``none``.

    Returns
    -------
    XPSFitResult
        With standard errors from ``M inv(J^T J) M^T * redchi``.
    """
    e = np.asarray(binding_ev, float)
    y = np.asarray(intensity, float)
    if e.shape != y.shape or e.ndim != 1:
        raise ConfigError(f"binding energy and intensity must be 1-D and equal, got {e.shape}, "
                          f"{y.shape}")
    if energy_range_ev is not None:
        lo, hi = sorted(energy_range_ev)
        sel = (e >= lo) & (e <= hi)
        if sel.sum() < 5:
            raise ConfigError(f"energy range {energy_range_ev} eV holds {sel.sum()} points of a "
                              f"spectrum spanning {e.min():.2f}..{e.max():.2f} eV")
        e, y = e[sel], y[sel]
    pmap = build_parameter_map(components)
    if len(pmap.free) >= e.size:
        raise ConfigError(f"{len(pmap.free)} free parameters cannot be fitted to {e.size} points")
    bg = compute_background(background, e, y)
    if weights == "poisson":
        w = 1.0 / np.sqrt(np.maximum(y, 1.0))
    elif weights == "none":
        w = np.ones_like(y)
    else:
        raise ConfigError(f"weights {weights!r} unknown; use 'poisson' or 'none'")
    keys = pmap.keys

    def resid(theta):
        peaks = components_model(e, components, pmap.full(theta), keys).sum(axis=0)
        return (y - bg - peaks) * w

    theta0 = pmap.start[list(pmap.free)]
    lo = pmap.lower[list(pmap.free)]
    hi = pmap.upper[list(pmap.free)]
    if not np.all(np.isfinite(resid(theta0))):
        raise ConfigError("the model is not finite at the start values (check widths > 0)")
    sol = least_squares(resid, theta0, bounds=(lo, hi), method="trf",
                        xtol=1e-12, ftol=1e-12, gtol=1e-12, max_nfev=2000)
    full = pmap.full(sol.x)
    nfree = e.size - len(pmap.free)
    chisqr = float(np.sum(sol.fun ** 2))
    redchi = chisqr / nfree
    try:
        cov_free = np.linalg.inv(sol.jac.T @ sol.jac) * redchi
        cov = pmap.matrix @ cov_free @ pmap.matrix.T
        err = np.sqrt(np.clip(np.diag(cov), 0, None))
        ok, msg = bool(sol.success), str(sol.message)
    except np.linalg.LinAlgError:
        err = np.full(full.size, np.nan)
        ok, msg = False, "singular Jacobian: some parameters are not determined by the data"
    at_bound = [f"{keys[i][0]}.{keys[i][1]}" for n, i in enumerate(pmap.free)
                if np.isclose(sol.x[n], lo[n]) or np.isclose(sol.x[n], hi[n])]
    if at_bound:
        msg += f"; at a bound: {at_bound}"
    err = np.where(np.array([k == "fixed" for k in pmap.kind]), 0.0, err)
    comps = components_model(e, components, full, keys)
    params = {f"{k[0]}.{k[1]}": (float(full[i]), float(err[i]), pmap.kind[i])
              for i, k in enumerate(keys)}
    return XPSFitResult(e, y, bg, comps, bg + comps.sum(axis=0), params,
                        tuple(c.name for c in components), chisqr, redchi, ok, msg)
