"""Kinetic schemes of time-resolved spectra: compartments linked by first-order rates.

A scheme is a set of species (compartments), first-order transfers between them and decays to
the ground state, and an initial population. The populations obey ``dc/dt = K c``, ``c(0) = j``
with the transfer matrix ``K`` (``K[i, i] = -(sum of the rates leaving i)``, ``K[to, from] =
rate``); with ``K = U diag(-lambda) U^-1`` the populations convolved with a Gaussian instrument
response are ``c(t) = U diag(b) e(t)``, ``b = U^-1 j``, ``e_m(t) = exp(-lambda_m t) ⊗ IRF``
(:func:`exp_conv_gauss`). The same machinery gives parallel
(decay-associated), sequential (evolution-associated) and any target scheme.

Rates are given as in the XPS models: a number (free, starting there), ``"=0.001"`` (fixed),
or a linear expression of other rates (``"k1 * 2"``), with optional bounds; they are in 1/s.

References
----------
I. H. M. van Stokkum, D. S. Larsen and R. van Grondelle, Biochim. Biophys. Acta 1657, 82 (2004),
doi:10.1016/j.bbabio.2004.04.011 (global and target analysis, DAS/EAS/SAS);
J. Snellenburg et al., J. Stat. Softw. 49, 3 (2012), doi:10.18637/jss.v049.i03 (glotaran).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.special import erfc, erfcx

from ncled.analysis.xps_constraints import find_loops, read_spec
from ncled.errors import ConfigError

_FWHM_TO_SIGMA = 1.0 / (2.0 * np.sqrt(2.0 * np.log(2.0)))


def exp_conv_gauss(t, tau, t0, irf_fwhm):
    """Unit-amplitude exponential decay starting at ``t0`` convolved with a unit-area Gaussian.

    ``f(t) = 1/2 exp(s^2/(2 tau^2) - (t-t0)/tau) erfc((s^2/tau - (t-t0)) / (sqrt(2) s))`` with
    ``s = irf_fwhm / (2 sqrt(2 ln 2))``; ``tau = inf`` gives the integrated Gaussian (a step).
    Evaluated with ``erfcx`` where the plain form would overflow (``tau`` << IRF). Consistent
    units for ``t``, ``tau``, ``t0`` and ``irf_fwhm`` (SI seconds inside ncled).

    References
    ----------
    van Stokkum et al., Biochim. Biophys. Acta 1657, 82 (2004), eq. (7).
    """
    t = np.asarray(t, float) - t0
    s = max(float(irf_fwhm) * _FWHM_TO_SIGMA, 1e-300)
    tau = np.asarray(tau, float)
    if np.all(np.isinf(tau)):
        return 0.5 * erfc(-t / (np.sqrt(2) * s))
    arg = (s * s / tau - t) / (np.sqrt(2) * s)
    expo = s * s / (2 * tau * tau) - t / tau
    big = arg > 0
    # for arg > 0: exp(expo) erfc(arg) = erfcx(arg) exp(expo - arg^2) = erfcx(arg) exp(-t^2/2s^2)
    val_big = erfcx(np.where(big, arg, 0.0)) * np.exp(-0.5 * (t / s) ** 2)
    val_small = erfc(np.where(big, 0.0, arg)) * np.exp(np.minimum(np.where(big, 0.0, expo), 700))
    return 0.5 * np.where(big, val_big, val_small)


def decay_matrix(t, taus, t0, irf_fwhm):
    """Columns ``exp_conv_gauss(t, tau_j, t0, irf)`` for each lifetime, shape (T, J)
    (or (K, T, J) when ``t0`` is an array of K per-column time zeros)."""
    t = np.asarray(t, float)
    t0 = np.asarray(t0, float)
    taus = np.asarray(taus, float)
    return exp_conv_gauss(t[..., :, None] if t0.ndim == 0 else t[None, :, None],
                          taus[None, :] if t0.ndim == 0 else taus[None, None, :],
                          t0 if t0.ndim == 0 else t0[:, None, None], irf_fwhm)


GROUND = "ground"
"""Target name of a decay to the ground state."""


@dataclass(frozen=True)
class KineticScheme:
    """Species, transfers and rates of a kinetic model.

    Parameters
    ----------
    species : tuple of str
        Compartment names, in the order of the spectra.
    transfers : dict
        ``{(from, to): rate name}``; ``to = "ground"`` is a decay to the ground state.
    rates : dict
        ``{rate name: specification}`` in 1/s: a start value, ``"=value"`` (fixed) or a linear
        expression of other rates (``"k1 * 2"``).
    initial : dict, optional
        Initial population ``{species: amount}`` (default: 1 in the first species).
    bounds : dict, optional
        ``{rate name: (lo, hi)}`` for free rates (default ``(0, inf)``).
    """

    species: tuple[str, ...]
    transfers: dict[tuple[str, str], str]
    rates: dict[str, float | str]
    initial: dict[str, float] = field(default_factory=dict)
    bounds: dict[str, tuple[float, float]] = field(default_factory=dict)

    def validate(self) -> None:
        """Raise one :class:`~ncled.errors.ConfigError` listing every problem: unknown species or
        rates,
        species the initial population never reaches, species that never decay (the scheme does
        not close), circular rate links, bad bounds."""
        problems: list[str] = []
        sp = list(self.species)
        if not sp or len(set(sp)) != len(sp):
            problems.append(f"species must be distinct names, got {sp}")
        for (a, b), r in self.transfers.items():
            for s in (a, b):
                if s not in sp and not (s == b == GROUND):
                    problems.append(f"transfer {a} -> {b}: unknown species {s!r}; species {sp} "
                                    f"or '{GROUND}'")
            if r not in self.rates:
                problems.append(f"transfer {a} -> {b}: unknown rate {r!r}; rates "
                                f"{sorted(self.rates)}")
            if a == b:
                problems.append(f"transfer {a} -> {b}: a species cannot transfer to itself; "
                                f"write ({a!r}, '{GROUND}') for its decay")
        for s in self.initial:
            if s not in sp:
                problems.append(f"initial population: unknown species {s!r}; species {sp}")
        start = [s for s in sp if self.initial.get(s, 0.0) != 0.0] or sp[:1]
        reached, todo = set(start), list(start)
        while todo:
            s = todo.pop()
            for (a, b) in self.transfers:
                if a == s and b in sp and b not in reached:
                    reached.add(b)
                    todo.append(b)
        unreached = [s for s in sp if s not in reached]
        if unreached:
            problems.append(f"species {unreached} are never populated (no transfer leads there "
                            "from the initial population): the scheme does not close")
        for s in sp:
            if not any(a == s for (a, _b) in self.transfers):
                problems.append(f"species {s!r} never decays or transfers: the scheme does not "
                                f"close; add ({s!r}, '{GROUND}') with a rate (fixed if the "
                                "data cannot determine it)")
        for name, (lo, hi) in self.bounds.items():
            if name not in self.rates:
                problems.append(f"bounds for unknown rate {name!r}")
            elif not lo < hi:
                problems.append(f"rate {name}: bounds ({lo}, {hi}) are empty")
        names = list(self.rates)
        deps = {}
        for i, name in enumerate(names):
            try:
                kind, _v, (form, _c) = read_spec(self.rates[name], "value", names)
            except ConfigError as exc:
                problems.append(f"rate {name}: {exc}")
                continue
            if kind == "linked":
                deps[i] = [names.index(r) for r, _p in form]
        problems += [f"rate links are circular: {loop}"
                     for loop in find_loops(deps, lambda k: names[k])]
        if problems:
            raise ConfigError(problems)


def sequential_scheme(species: list[str] | tuple[str, ...], rates: list[float | str]
                      ) -> KineticScheme:
    """``A -> B -> C -> ground`` with rate names ``k1..kn`` (the last one the decay of the last
    species)."""
    if len(rates) != len(species):
        raise ConfigError(f"a sequential scheme of {len(species)} species needs as many rates, "
                          f"got {len(rates)}")
    sp = tuple(species)
    targets = [*sp[1:], GROUND]
    return KineticScheme(sp, {(a, b): f"k{i + 1}" for i, (a, b) in enumerate(zip(sp, targets,
                                                                               strict=True))},
                         {f"k{i + 1}": r for i, r in enumerate(rates)}, {sp[0]: 1.0})


def parallel_scheme(species: list[str] | tuple[str, ...], rates: list[float | str]
                    ) -> KineticScheme:
    """Independent decays, each species populated with 1 (decay-associated spectra)."""
    if len(rates) != len(species):
        raise ConfigError(f"a parallel scheme of {len(species)} species needs as many rates, "
                          f"got {len(rates)}")
    sp = tuple(species)
    return KineticScheme(sp, {(s, GROUND): f"k{i + 1}" for i, s in enumerate(sp)},
                         {f"k{i + 1}": r for i, r in enumerate(rates)}, dict.fromkeys(sp, 1.0))


def transfer_matrix(scheme: KineticScheme, rate_values: dict[str, float]) -> np.ndarray:
    """The matrix ``K`` of ``dc/dt = K c`` [1/s] for the given rate values."""
    idx = {s: i for i, s in enumerate(scheme.species)}
    k = np.zeros((len(idx), len(idx)))
    for (a, b), r in scheme.transfers.items():
        v = rate_values[r]
        k[idx[a], idx[a]] -= v
        if b != GROUND:
            k[idx[b], idx[a]] += v
    return k


def initial_population(scheme: KineticScheme) -> np.ndarray:
    """The vector ``j`` (default 1 in the first species)."""
    j = np.array([scheme.initial.get(s, 0.0) for s in scheme.species], float)
    if not j.any():
        j[0] = 1.0
    return j


def eigen_decomposition(k: np.ndarray, j: np.ndarray) -> tuple[np.ndarray, np.ndarray,
                                                                np.ndarray]:
    """``(decay rates lambda, U, b)`` with ``c(t) = U diag(b) exp(-lambda t)``.

    Raises
    ------
    ConfigError
        When two decay rates coincide (a defective matrix: the populations are then not sums
        of exponentials; make the rates differ or link them differently).
    """
    vals, vecs = np.linalg.eig(k)
    if np.max(np.abs(vals.imag)) > 1e-9 * max(np.max(np.abs(vals.real)), 1e-300):
        raise ConfigError("the transfer matrix has complex eigenvalues (a cycle of transfers); "
                          "such schemes are not supported")
    lam = -vals.real
    vecs = vecs.real
    order = np.argsort(-lam)
    lam, vecs = lam[order], vecs[:, order]
    gaps = np.abs(np.diff(lam)) if lam.size > 1 else np.array([np.inf])
    if np.any(gaps <= 1e-9 * np.max(np.abs(lam))):
        raise ConfigError(f"two decay rates coincide ({lam}); the populations are not sums of "
                          "exponentials for equal rates")
    b = np.linalg.solve(vecs, j)
    return lam, vecs, b


def populations(time_s, k: np.ndarray, j: np.ndarray, t0_s, irf_fwhm_s: float) -> np.ndarray:
    """Populations convolved with a Gaussian IRF, shape (T, n), or (W, T, n) for an array of
    W time zeros (dispersion)."""
    lam, u, b = eigen_decomposition(k, j)
    t = np.asarray(time_s, float)
    t0 = np.asarray(t0_s, float)
    with np.errstate(divide="ignore"):
        tau = np.where(lam > 0, 1.0 / np.where(lam > 0, lam, 1.0), np.inf)
    if t0.ndim == 0:
        e = np.stack([exp_conv_gauss(t, ta, float(t0), irf_fwhm_s) for ta in tau], axis=-1)
    else:
        e = np.stack([exp_conv_gauss(t[None, :], ta, t0[:, None], irf_fwhm_s) for ta in tau],
                     axis=-1)
    return (e * b) @ u.T


def _per_ps_to_si(spec, names: list[str]):
    """A rate specification in 1/ps -> the same in 1/s (linked forms keep their references;
    their constants are converted)."""
    kind, value, (form, const) = read_spec(spec, "value", names)
    if kind == "free":
        return value * 1e12
    if kind == "fixed":
        return f"={value * 1e12!r}"
    terms = [f"{coef!r} * {ref}" for (ref, _p), coef in form.items()]
    return " + ".join(terms) + (f" + {const * 1e12!r}" if const else "")


def load_kinetic_scheme(path) -> KineticScheme:
    """Read a kinetic scheme from TOML (rates in 1/ps at this boundary)::

        species = ["A", "B", "C"]
        initial = { A = 1.0 }                # default: 1 in the first species
        transfers = [["A", "B", "k1"], ["A", "C", "k2"], ["B", "ground", "k3"],
                     ["C", "ground", "k4"]]
        [rates_per_ps]
        k1 = 1.0                             # free, starts at 1 /ps
        k2 = "k1 * 0.5"                      # linked
        k3 = 0.05
        k4 = "=0.001"                        # fixed
        [bounds_per_ps]
        k1 = [0.1, 10.0]

    The scheme is validated (:meth:`KineticScheme.validate`); every problem names the file.
    """
    import tomllib
    from pathlib import Path

    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"not a readable TOML kinetic scheme ({exc})", source=str(path)
                          ) from None
    known = {"species", "initial", "transfers", "rates_per_ps", "bounds_per_ps"}
    problems = [f"unknown key(s) {sorted(set(data) - known)}; allowed {sorted(known)}"
                ] if set(data) - known else []
    for key in ("species", "transfers", "rates_per_ps"):
        if key not in data:
            problems.append(f"missing {key!r}")
    bad_t = [t for t in data.get("transfers", []) if not (isinstance(t, list) and len(t) == 3)]
    if bad_t:
        problems.append(f"transfers must be [from, to, rate] triples, got {bad_t}")
    if problems:
        raise ConfigError(problems, source=str(path))
    rates_ps = data["rates_per_ps"]
    names = list(rates_ps)
    try:
        rates = {n: _per_ps_to_si(v, names) for n, v in rates_ps.items()}
        scheme = KineticScheme(
            tuple(data["species"]), {(a, b): r for a, b, r in data["transfers"]}, rates,
            {k: float(v) for k, v in data.get("initial", {}).items()},
            {k: (float(v[0]) * 1e12, float(v[1]) * 1e12)
             for k, v in data.get("bounds_per_ps", {}).items()})
        scheme.validate()
    except ConfigError as exc:
        raise ConfigError(exc.problems, source=str(path)) from None
    return scheme
