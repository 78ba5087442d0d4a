"""Peak fitting of XPS spectra with components linked by constraints, in the CasaXPS manner.

A spectrum is a background (Shirley, Tougaard, linear, polynomial, computed from the data; or a
Shirley step or a Tougaard loss tail fitted jointly with the peaks) plus components. Each component
has a line shape (:data:`ncled.analysis.xps_lineshapes.LINESHAPES`), a centre, a FWHM, an area and
shape parameters, and may be a spin-orbit doublet: a partner peak at ``center + splitting`` with
``ratio * area`` and the same width (or its own, ``partner_fwhm``). The splitting and the ratio are
parameters like the others: fixed (``"=4.05"``), bounded or free, the ratio started at the
spin-orbit degeneracy ratio of the ``orbital`` (p 1:2, d 2:3, f 3:4) when not given.
Specifications and constraint expressions are read by :mod:`ncled.analysis.xps_constraints`.

Loops of links, links to unknown components, fixed values outside their bounds and unreadable
specifications are reported together as one :class:`ncled.errors.ConfigError`.

References
----------
N. Fairley et al., Appl. Surf. Sci. Adv. 5, 100112 (2021), doi:10.1016/j.apsadv.2021.100112
(CasaXPS constraints); M. Newville et al., LMFIT, doi:10.5281/zenodo.11813 (covariance scaled by
the reduced chi-square); S. Hüfner, Photoelectron Spectroscopy (Springer, 2003),
doi:10.1007/978-3-662-09280-4 (spin-orbit intensity ratios (2j+1)); S. Tougaard, Surf.
Interface Anal. 11, 453 (1988), doi:10.1002/sia.740110902 and Surf. Interface Anal. 25, 137
(1997), doi:10.1002/(SICI)1096-9918(199703)25:3<137::AID-SIA230>3.0.CO;2-L (loss tail,
universal cross-section).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import least_squares

from ncled.analysis.provenance import provenance
from ncled.analysis.xps_constraints import find_loops, read_spec
from ncled.analysis.xps_lineshapes import (
    BACKGROUNDS,
    TOUGAARD_C_EV2,
    lineshape,
    tougaard_cross_section,
)
from ncled.analysis.xps_lineshapes import background as compute_background
from ncled.errors import ConfigError

#: Spin-orbit doublet area ratios (j = l - 1/2 : j = l + 1/2) = l / (l + 1) by orbital letter.
SPIN_ORBIT_RATIO = {"p": 0.5, "d": 2.0 / 3.0, "f": 0.75}


def spin_orbit_ratio(orbital: str) -> float:
    """Area ratio of the j = l - 1/2 to the j = l + 1/2 line, ``(2j+1)`` degeneracies:
    ``"2p"`` 0.5, ``"3d"`` 2/3, ``"4f"`` 0.75 (Hüfner 2003)."""
    letter = orbital.strip().lower()[-1:] if orbital else ""
    if letter not in SPIN_ORBIT_RATIO:
        raise ConfigError(f"orbital {orbital!r}: give p, d or f (e.g. '4f')")
    return SPIN_ORBIT_RATIO[letter]


@dataclass(frozen=True)
class Component:
    """One peak (or doublet) of a fit model.

    Parameters
    ----------
    name : str
        Label used in constraints (``"A"``, ``"HgTe"``).
    center, fwhm, area : float or str
        Centre [eV], full width at half maximum [eV], area [counts eV]: a start value, a fixed
        value (``"=1.2"``) or a constraint expression (``"A + 0.58"``).
    shape : str
        Line shape name (:data:`ncled.analysis.xps_lineshapes.LINESHAPES`).
    shape_params : dict
        The shape's extra parameters (``fwhm_lorentz``, ``lorentz_fraction``, ``asymmetry``,
        ``tail_alpha``, ``tail_beta``, ``tail_damping``, ``gauss_fwhm``), same syntax.
    doublet_splitting_ev : float or str, optional
        Spin-orbit partner at ``center + splitting`` (binding energy); a number is a free start
        value, ``"=3.33"`` fixes it.
    doublet_ratio : float or str, optional
        Partner area / main area; default: free, starting at :func:`spin_orbit_ratio` of
        ``orbital``.
    doublet_fwhm : float or str, optional
        The partner's own FWHM (free or constrained); default: the main peak's (linked).
    orbital : str, optional
        ``"4f"``, ``"3d"``, ``"2p"``: the start of a ratio not given.
    bounds : dict
        ``{"center": (lo, hi), "ratio": (0.6, 0.9)}``, limits for free parameters.
    """

    name: str
    center: float | str
    fwhm: float | str = 1.0
    area: float | str = 1.0
    shape: str = "gaussian"
    shape_params: dict[str, float | str] = field(default_factory=dict)
    doublet_splitting_ev: float | str | None = None
    doublet_ratio: float | str | None = None
    doublet_fwhm: float | str | None = None
    orbital: str | None = None
    bounds: dict[str, tuple[float, float]] = field(default_factory=dict)

    @property
    def is_doublet(self) -> bool:
        """Whether the component has a spin-orbit partner."""
        return self.doublet_splitting_ev is not None

    def parameter_names(self) -> tuple[str, ...]:
        """Names of this component's parameters, in model order."""
        names = ("center", "fwhm", "area", *lineshape(self.shape)[1])
        if self.is_doublet:
            names += ("splitting", "ratio")
            if self.doublet_fwhm is not None:
                names += ("partner_fwhm",)
        return names

    def value_of(self, pname: str) -> float | str:
        """The specification of parameter ``pname``."""
        if pname in ("center", "fwhm", "area"):
            return getattr(self, pname)
        if pname == "splitting":
            return self.doublet_splitting_ev
        if pname == "ratio":
            if self.doublet_ratio is None:
                return spin_orbit_ratio(self.orbital or "")
            return self.doublet_ratio
        if pname == "partner_fwhm":
            return self.doublet_fwhm
        return self.shape_params.get(pname, _SHAPE_DEFAULTS[pname])


#: Start values of shape parameters not given (a mostly Gaussian, symmetric peak; LA(1.2, 2)
#: with a 0.3 eV Gaussian, a common start for metals in CasaXPS practice).
_SHAPE_DEFAULTS = {"fwhm_lorentz": 0.2, "lorentz_fraction": 0.3, "asymmetry": 0.05,
                   "tail_alpha": 1.2, "tail_beta": 2.0, "tail_damping": 5.0, "gauss_fwhm": 0.3}
#: Physical limits applied to free parameters without user bounds (widths, areas, splittings and
#: ratios positive, mixing fraction in [0, 1], Doniach-Sunjic asymmetry below 0.5 where the
#: shape stays peaked, LA exponents above 0.5 where the tails stay integrable).
_DEFAULT_BOUNDS = {"fwhm": (1e-3, 50.0), "area": (0.0, np.inf), "fwhm_lorentz": (1e-4, 20.0),
                   "lorentz_fraction": (0.0, 1.0), "asymmetry": (0.0, 0.5),
                   "tail_alpha": (0.51, 50.0), "tail_beta": (0.51, 50.0),
                   "tail_damping": (1e-2, 100.0), "gauss_fwhm": (1e-3, 20.0),
                   "splitting": (1e-3, 100.0), "ratio": (1e-3, 20.0),
                   "partner_fwhm": (1e-3, 50.0)}


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
    """Resolve values, fixed values and constraints into a :class:`ParameterMap`.

    Raises
    ------
    ConfigError
        Listing every problem: duplicate names, unknown shapes, unreadable specifications,
        constraints on unknown components or parameters, loops of constraints, fixed or start
        values outside their bounds, bad bounds, doublets without a ratio or orbital.
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
        shape_names = lineshape(comp.shape)[1]
        unknown = set(comp.shape_params) - set(shape_names)
        if unknown:
            problems.append(f"component {comp.name!r}: shape {comp.shape!r} has no parameter(s) "
                            f"{sorted(unknown)}; it has {list(shape_names)}")
        if not comp.is_doublet and (comp.doublet_ratio is not None
                                    or comp.doublet_fwhm is not None):
            problems.append(f"component {comp.name!r}: a doublet needs both a splitting and an "
                            "area ratio (or an orbital)")
        if comp.is_doublet and comp.doublet_ratio is None and comp.orbital is None:
            problems.append(f"component {comp.name!r}: a doublet needs both a splitting and an "
                            "area ratio (or an orbital such as '4f' to start the ratio)")
            continue
        for pn in pnames:
            keys.append((comp.name, pn))
            try:
                specs[(comp.name, pn)] = comp.value_of(pn)
            except ConfigError as exc:
                problems.append(f"{comp.name}.{pn}: {exc}")
                specs[(comp.name, pn)] = 0.0
    index = {k: i for i, k in enumerate(keys)}
    kind: list[str] = []
    start = np.zeros(len(keys))
    forms: dict[int, tuple[dict[int, float], float]] = {}
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
        label = f"{key[0]}.{key[1]}"
        try:
            k, value, (form, const) = read_spec(specs[key], key[1], names)
        except ConfigError as exc:
            kind.append("free")
            problems.append(f"{label}: {exc}")
            continue
        kind.append(k)
        start[i] = value
        if k == "linked":
            missing = [f"{c}.{p}" for c, p in form if (c, p) not in index]
            if missing:
                problems.append(f"{label}: {specs[key]!r} refers to unknown parameter(s) "
                                f"{missing}")
                continue
            forms[i] = ({index[r]: f for r, f in form.items()}, const)
            if key in bounds:
                problems.append(f"{label}: is linked ({specs[key]!r}) and also bounded; bound "
                                "the parameter it links to instead")
        if k == "fixed" and key not in bounds:
            lower[i], upper[i] = -np.inf, np.inf
        if k != "linked" and not lower[i] <= start[i] <= upper[i]:
            problems.append(f"{label}: {k} value {start[i]} lies outside its bounds "
                            f"({lower[i]}, {upper[i]})")
    for loop in find_loops({i: list(f[0]) for i, f in forms.items()},
                           lambda k: f"{keys[k][0]}.{keys[k][1]}"):
        problems.append(f"constraints are circular (loop): {loop}")
    if problems:
        raise ConfigError(sorted(set(problems), key=problems.index))
    free = tuple(i for i, k in enumerate(kind) if k == "free")
    col = {i: n for n, i in enumerate(free)}
    matrix = np.zeros((len(keys), len(free)))
    const = np.zeros(len(keys))
    done: set[int] = set()

    def resolve(i: int) -> None:
        if i in done:
            return
        if kind[i] == "free":
            matrix[i, col[i]] = 1.0
        elif kind[i] == "fixed":
            const[i] = start[i]
        else:
            form, c0 = forms[i]
            const[i] = c0
            for j, f in form.items():
                resolve(j)
                matrix[i] += f * matrix[j]
                const[i] += f * const[j]
        done.add(i)

    for i in range(len(keys)):
        resolve(i)
    full0 = matrix @ start[list(free)] + const
    return ParameterMap(tuple(keys), free, matrix, const, tuple(kind), lower, upper, full0)


def components_model(energy_ev, components, full: np.ndarray, keys) -> np.ndarray:
    """Each component's contribution (peak and doublet partner) for parameter vector ``full``,
    shape (n_components, N)."""
    e = np.asarray(energy_ev, float)
    out = np.zeros((len(components), e.size))
    pos = {k: i for i, k in enumerate(keys)}
    for n, comp in enumerate(components):
        fn, extra = lineshape(comp.shape)

        def val(p, c=comp):
            return full[pos[(c.name, p)]]

        center, fwhm, area = val("center"), val("fwhm"), val("area")
        xs = [val(p) for p in extra]
        out[n] = fn(e, center, fwhm, area, *xs)
        if comp.is_doublet:
            f2 = val("partner_fwhm") if comp.doublet_fwhm is not None else fwhm
            out[n] += fn(e, center + val("splitting"), f2, area * val("ratio"), *xs)
    return out


@dataclass(frozen=True)
class XPSFitResult:
    """Result of :func:`fit_xps`.

    ``parameters`` maps ``"name.param"`` to (value, stderr, kind) with kind ``free``, ``fixed``
    or ``linked`` (a jointly fitted Shirley step adds ``background.offset`` and
    ``background.shirley_k``, a jointly fitted Tougaard tail ``background.offset`` and
    ``background.tougaard_b`` [eV^2]); ``components`` holds each component's curve
    (n_components, N);
    ``background`` and ``model`` (background + peaks) are on the ``binding_ev`` grid.
    ``undetermined`` names the parameters the data do not determine (standard error larger
    than the value, not finite, or stuck at a bound); ``warnings`` says so in words;
    ``provenance`` is :func:`ncled.analysis.provenance.provenance`.
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
    undetermined: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    provenance: dict = field(default_factory=dict)

    def value(self, key: str) -> float:
        """Best-fit value of ``"name.param"``."""
        return self.parameters[key][0]

    def stderr(self, key: str) -> float:
        """Standard error of ``"name.param"``."""
        return self.parameters[key][1]


def _cumulative(e, y):
    """Trapezoid running integral from the first point (``e`` ascending)."""
    return np.concatenate([[0.0], np.cumsum(0.5 * (y[1:] + y[:-1]) * np.diff(e))])


_JOINT = {"shirley_joint": "background.shirley_k", "tougaard_joint": "background.tougaard_b"}
"""Backgrounds fitted with the peaks, and the name of the scale parameter each adds."""


def check_model(components: list[Component] | tuple[Component, ...], background: str = "shirley",
                *, source: str | None = None) -> None:
    """Check a model before any spectrum is fitted: the checks of :func:`build_parameter_map`
    (line shapes, constraint names, loops, bounds) and the background's name, all reported in
    one :class:`~ncled.errors.ConfigError` (naming ``source``, the model file, when given).

    Parameters
    ----------
    components : sequence of Component
        The model's peaks.
    background : str
        The background's name (see :func:`fit_xps`).
    source : str, optional
        The model file, named in the error.
    """
    problems = _background_problems(background)
    try:
        build_parameter_map(components)
    except ConfigError as exc:
        problems += exc.problems
    if problems:
        raise ConfigError(problems, source=source)


def _background_problems(background: str) -> list[str]:
    known = (*BACKGROUNDS, *_JOINT, "none")
    return [] if background in known else [
        f"background {background!r} is unknown; known: {list(known)}"]


def _joint_tail(background: str, e: np.ndarray):
    """``f(peaks) -> tail`` of a jointly fitted background per unit scale (``e`` ascending):
    the running integral (Shirley) or the Tougaard loss integral with ``B = 1``."""
    if background == "tougaard_joint":
        kern = tougaard_cross_section(e[:, None] - e[None, :], 1.0, TOUGAARD_C_EV2)
        kern = kern * np.gradient(e)[None, :]  # int K(E - E') j(E') dE', rectangle weights
        return lambda peaks: kern @ peaks
    return lambda peaks: _cumulative(e, peaks)


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
        The spectrum (binding energy [eV], counts), finite.
    components : sequence of Component
        The peaks, with values, fixed values and constraints.
    background : str
        ``shirley`` (iterative, Proctor-Sherwood), ``tougaard`` (universal), ``linear``,
        ``polynomial`` (quadratic through the ends) or ``none``, computed from the data over
        the fit range; or, fitted together with the peaks, ``shirley_joint``:
        ``B = offset + k * int_{E_lo}^{E} peaks dE'`` (offset and k free), or
        ``tougaard_joint``: ``B = offset + B_T int K(E - E') peaks(E') dE'`` with the universal
        cross-section ``K(T) = T / (C + T^2)^2``, ``C`` = 1643 eV^2 (Tougaard 1997), and
        ``B_T`` [eV^2] free (offset and ``B_T`` free; the single-loss tail of the fitted peaks,
        Tougaard 1988, started from the rise of the data between the ends).
    energy_range_ev : (float, float), optional
        Binding-energy window of the fit.
    weights : str
        ``poisson`` (sigma = sqrt(counts), for raw counts) or ``none``.

    Returns
    -------
    XPSFitResult
        With standard errors from ``M inv(J^T J) M^T * redchi``.

    Raises
    ------
    ConfigError
        Bad model (see :func:`build_parameter_map`), data that are not finite, a window without
        data, start centres outside the data window.
    """
    e = np.asarray(binding_ev, float)
    y = np.asarray(intensity, float)
    if e.shape != y.shape or e.ndim != 1:
        raise ConfigError(f"binding energy and intensity must be 1-D and equal, got {e.shape}, "
                          f"{y.shape}")
    bad = ~(np.isfinite(e) & np.isfinite(y))
    if bad.any():
        raise ConfigError(f"the spectrum holds {int(bad.sum())} NaN or infinite value(s) (first "
                          f"at index {int(np.flatnonzero(bad)[0])})")
    if energy_range_ev is not None:
        lo, hi = sorted(energy_range_ev)
        sel = (e >= lo) & (e <= hi)
        if sel.sum() < 5:
            raise ConfigError(f"energy range {energy_range_ev} eV holds {sel.sum()} points of a "
                              f"spectrum spanning {e.min():.2f}..{e.max():.2f} eV")
        e, y = e[sel], y[sel]
    order = np.argsort(e)
    e, y = e[order], y[order]
    pmap = build_parameter_map(components)
    keys = pmap.keys
    outside = [f"{c}.center = {pmap.start[i]:g} eV" for i, (c, p) in enumerate(keys)
               if p == "center" and not e[0] <= pmap.start[i] <= e[-1]]
    if outside:
        raise ConfigError(f"start position(s) outside the data window {e[0]:.2f}..{e[-1]:.2f} "
                          f"eV: {outside}; give start centres inside the fitted region")
    if _background_problems(background):
        raise ConfigError(_background_problems(background))
    joint = background in _JOINT
    nextra = 2 if joint else 0
    if len(pmap.free) + nextra >= e.size:
        raise ConfigError(f"{len(pmap.free) + nextra} free parameters cannot be fitted to "
                          f"{e.size} points")
    bg = np.zeros_like(y) if joint else compute_background(background, e, y)
    if weights == "poisson":
        w = 1.0 / np.sqrt(np.maximum(y, 1.0))
    elif weights == "none":
        w = np.ones_like(y)
    else:
        raise ConfigError(f"weights {weights!r} unknown; use 'poisson' or 'none'")
    nfp = len(pmap.free)
    tail = _joint_tail(background, e)

    def curves(theta):
        peaks = components_model(e, components, pmap.full(theta[:nfp]), keys)
        back = theta[nfp] + theta[nfp + 1] * tail(peaks.sum(axis=0)) if joint else bg
        return peaks, back

    def resid(theta):
        peaks, back = curves(theta)
        return (y - back - peaks.sum(axis=0)) * w

    n_end = max(3, e.size // 40)
    y_lo, y_hi = y[:n_end].mean(), y[-n_end:].mean()
    theta0 = pmap.start[list(pmap.free)]
    lo = pmap.lower[list(pmap.free)]
    hi = pmap.upper[list(pmap.free)]
    if joint:
        tail0 = tail(components_model(e, components, pmap.start, keys).sum(axis=0))
        rise0 = max(float(tail0[-1]), 1e-300)
        theta0 = np.r_[theta0, y_lo, (y_hi - y_lo) / rise0]
        lo, hi = np.r_[lo, -np.inf, -np.inf], np.r_[hi, np.inf, np.inf]
    if not np.all(np.isfinite(resid(theta0))):
        raise ConfigError("the model is not finite at the start values (check widths > 0)")
    sol = least_squares(resid, theta0, bounds=(lo, hi), method="trf", x_scale="jac",
                        xtol=1e-12, ftol=1e-12, gtol=1e-12, max_nfev=3000)
    full = pmap.full(sol.x[:nfp])
    nfree = e.size - sol.x.size
    chisqr = float(np.sum(sol.fun ** 2))
    redchi = chisqr / nfree
    ok, msg = bool(sol.success), str(sol.message)
    try:
        cov_all = np.linalg.inv(sol.jac.T @ sol.jac) * redchi
    except np.linalg.LinAlgError:
        cov_all = np.full((sol.x.size, sol.x.size), np.nan)
        ok, msg = False, "singular Jacobian: some parameters are not determined by the data"
    cov = pmap.matrix @ cov_all[:nfp, :nfp] @ pmap.matrix.T
    err = np.sqrt(np.clip(np.diag(cov), 0, None))
    err = np.where(np.isnan(np.diag(cov)), np.nan, err)
    err = np.where(np.array([k == "fixed" for k in pmap.kind]), 0.0, err)
    params = {f"{k[0]}.{k[1]}": (float(full[i]), float(err[i]), pmap.kind[i])
              for i, k in enumerate(keys)}
    if joint:
        ex = np.sqrt(np.clip(np.diag(cov_all)[nfp:], 0, None))
        params["background.offset"] = (float(sol.x[nfp]), float(ex[0]), "free")
        params[_JOINT[background]] = (float(sol.x[nfp + 1]), float(ex[1]), "free")
    undetermined, warns = _flags(params, pmap, sol.x[:nfp], lo[:nfp], hi[:nfp], e)
    if warns:
        msg += "; " + "; ".join(warns)
    peaks, back = curves(sol.x)
    prov = provenance("ncled.analysis.xps_fit.fit_xps",
                      inputs={"binding_ev": e, "intensity": y},
                      options={"components": [c.__dict__ for c in components],
                               "background": background, "energy_range_ev": energy_range_ev,
                               "weights": weights},
                      success=ok, message=msg, warnings=warns)
    return XPSFitResult(e, y, np.asarray(back, float), peaks, back + peaks.sum(axis=0), params,
                        tuple(c.name for c in components), chisqr, redchi, ok, msg,
                        tuple(undetermined), tuple(warns), prov)


def _flags(params, pmap, theta, lo, hi, e) -> tuple[list[str], list[str]]:
    """Parameters the data do not determine, and the named warnings of a fit: a standard
    error larger than the value or not finite, a free parameter at a bound, a centre outside
    the data window."""
    undetermined, warns = [], []
    keys = pmap.keys
    for n, i in enumerate(pmap.free):
        label = f"{keys[i][0]}.{keys[i][1]}"
        v, s, _ = params[label]
        if not np.isfinite(s) or s > abs(v):
            undetermined.append(label)
            warns.append(f"undetermined: {label} = {v:.4g} with standard error {s:.3g}")
        elif np.isclose(theta[n], lo[n]) or np.isclose(theta[n], hi[n]):
            undetermined.append(label)
            warns.append(f"at a bound: {label} = {v:.4g} (bounds {lo[n]:g}, {hi[n]:g})")
    for i, (c, p) in enumerate(keys):
        if p == "center" and not e[0] <= pmap.full(theta)[i] <= e[-1]:
            warns.append(f"outside the data: {c}.center = {pmap.full(theta)[i]:.4g} eV lies "
                         f"outside {e[0]:.2f}..{e[-1]:.2f} eV")
    return undetermined, warns
