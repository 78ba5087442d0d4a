"""Operational lifetime from a radiance trace at constant current: LT90/LT70/LT50.

Two estimates: linear interpolation of the measured trace at ``x L0``, and the stretched
exponential ``L(t) = L0 exp[-(t / tau)^beta]`` of Fery et al. [1]_, for which
``LT_x = tau (-ln x)^(1/beta)``. Lifetimes at another initial radiance follow the empirical
acceleration law ``L0^n LT = constant`` [2]_ with the user's exponent ``n``: this is an
extrapolation and is labelled as one.

References
----------
.. [1] Fery, C., Racine, B., Vaufrey, D., Doyeux, H. & Cina, S. Physical mechanism responsible
   for the stretched exponential decay behavior of aging organic light-emitting diodes. Appl.
   Phys. Lett. 87, 213502 (2005). https://doi.org/10.1063/1.2133922
.. [2] Scholz, S., Kondakov, D., Lüssem, B. & Leo, K. Degradation mechanisms and reactions in
   organic light-emitting devices. Chem. Rev. 115, 8449 (2015) (lifetime acceleration with
   initial luminance, ``L0^n t = const``). https://doi.org/10.1021/cr400704v
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np

from ncled.analysis.fitting import FitResult, least_squares_fit
from ncled.analysis.provenance import provenance
from ncled.errors import ConfigError, DataFormatError

DEFAULT_FRACTIONS = (0.9, 0.7, 0.5)  #: LT90, LT70, LT50: the usual display-industry set


def stretched_exponential(t, l0: float, tau: float, beta: float):
    """``L0 exp[-(t / tau)^beta]`` (ref. 1 of the module) (``t`` and ``tau`` in the same unit)."""
    t = np.asarray(t, dtype=float)
    return l0 * np.exp(-((np.clip(t, 0.0, None) / tau) ** beta))


def lt_stretched_exponential(fraction, tau, beta):
    """Time at which the stretched exponential falls to ``fraction`` of ``L0``:
    ``tau (-ln fraction)^(1/beta)``."""
    f = np.asarray(fraction, dtype=float)
    return np.asarray(tau, float) * (-np.log(f)) ** (1.0 / np.asarray(beta, float))


def lt_stretched_exponential_unc(fraction, tau, beta, cov_tau_beta: np.ndarray):
    """First-order standard uncertainty of :func:`lt_stretched_exponential`.

    Notes
    -----
    ``dLT/dtau = LT / tau`` and ``dLT/dbeta = -LT ln(-ln x) / beta^2``; ``u^2 = g^T C g`` with
    ``C`` the (tau, beta) covariance of the fit.
    """
    lt = lt_stretched_exponential(fraction, tau, beta)
    g = np.array([lt / tau, -lt * np.log(-np.log(fraction)) / beta**2])
    return float(np.sqrt(max(g @ cov_tau_beta @ g, 0.0)))


def lt_interpolated(t, radiance, fraction: float, l0: float, noise: float = 0.0,
                    slope: float | None = None):
    """First time the trace falls to ``fraction * l0``, by linear interpolation.

    Parameters
    ----------
    slope : float, optional
        ``dL/dt`` at the crossing for the uncertainty (default: from the two bracketing points,
        which is noisy; :func:`analyze_lifetime` passes the fitted model's slope).

    Returns
    -------
    (float, float)
        The time (NaN if not reached within the trace) and its first-order uncertainty
        ``noise / |dL/dt|``.
    """
    t = np.asarray(t, dtype=float)
    y = np.asarray(radiance, dtype=float)
    target = fraction * l0
    below = np.flatnonzero(y <= target)
    if below.size == 0 or below[0] == 0:
        return float("nan"), float("nan")
    j = int(below[0])
    local = (y[j] - y[j - 1]) / (t[j] - t[j - 1])
    t_x = t[j - 1] + (target - y[j - 1]) / local
    return float(t_x), float(abs(noise / (local if slope is None else slope)))


def extrapolate_lifetime(lt, l0, l0_target, n, lt_unc=0.0, n_unc=0.0):
    """Lifetime at another initial radiance by ``L0^n LT = constant`` (an extrapolation).

    Parameters
    ----------
    lt : float
        Lifetime measured from ``l0`` [s].
    l0, l0_target : float or array
        Measured and target initial radiances (same unit).
    n : float
        Acceleration exponent (user-given; typically 1.5-2 for OLEDs (ref. 2 of the module)).
    lt_unc, n_unc : float
        Standard uncertainties of ``lt`` [s] and ``n``.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        ``LT (l0 / l0_target)^n`` and its first-order uncertainty.
    """
    ratio = np.asarray(l0, float) / np.asarray(l0_target, float)
    val = lt * ratio**n
    unc = np.abs(val) * np.hypot(lt_unc / lt, np.log(ratio) * n_unc)
    return val, unc


@dataclass(frozen=True)
class LifetimeResult:
    """LT values by interpolation and by the stretched-exponential fit [s], with uncertainties."""

    fractions: tuple[float, ...]
    l0: float
    lt_interpolated_s: tuple[float, ...]
    lt_interpolated_unc_s: tuple[float, ...]
    lt_fit_s: tuple[float, ...]
    lt_fit_unc_s: tuple[float, ...]
    fit_l0: float
    fit_tau_s: float
    fit_beta: float
    fit_stderr: dict[str, float]
    fit_success: bool
    fit_message: str
    noise: float
    notes: tuple[str, ...]
    undetermined: tuple[str, ...] = ()
    provenance: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        """Plain dict (for JSON)."""
        return asdict(self)


def analyze_lifetime(t, radiance, fractions=DEFAULT_FRACTIONS, source: str = "trace"
                     ) -> tuple[LifetimeResult, FitResult]:
    """LT values of a radiance trace by interpolation and by a stretched-exponential fit.

    Parameters
    ----------
    t : array_like
        Time since the start of the constant-current stress [s], increasing.
    radiance : array_like
        Radiance (or any signal proportional to it).
    fractions : sequence of float
        Remaining fractions in (0, 1): 0.9, 0.7, 0.5 give LT90, LT70, LT50.

    Notes
    -----
    ``L0`` for the interpolation is the fitted ``L0`` (less noisy than the first point). The
    interpolation uncertainty is the rms residual of the fit over the fitted slope at the
    crossing; the first crossing of a noisy trace comes early (first-passage bias), which this
    first-order figure does not include. Fit standard
    errors assume uncorrelated noise of constant variance.
    """
    t = np.asarray(t, dtype=float)
    y = np.asarray(radiance, dtype=float)
    if t.size < 5:
        raise DataFormatError(f"{source}: a lifetime trace needs at least 5 points, got {t.size}")
    if np.any(np.diff(t) <= 0):
        k = int(np.flatnonzero(np.diff(t) <= 0)[0])
        raise DataFormatError(f"{source}: column time is not strictly increasing (row {k + 2}, "
                              f"{t[k + 1]:g} s after {t[k]:g} s)")
    fr = tuple(float(f) for f in fractions)
    if any(not 0 < f < 1 for f in fr):
        raise ConfigError(f"lifetime fractions must be in (0, 1), got {fr}")
    if not y[0] > 0:
        raise DataFormatError(f"{source}: the trace must start with a positive radiance, got "
                              f"{y[0]:g}")
    t0 = t - t[0]
    notes = []
    # a trace that does not fall (rising, or flat within its scatter) has no lifetime
    slope, icpt = np.polyfit(t0, y, 1)
    scatter = float(np.std(y - (icpt + slope * t0), ddof=2))
    drop = -slope * t0[-1]
    if not drop > 3 * scatter / np.sqrt(t0.size / 12):
        raise ConfigError(f"{source}: the trace does not decay (a straight line through it "
                          f"changes by {-drop:+.3g} over the trace, scatter {scatter:.3g}); no "
                          "lifetime can be given. Check the columns and the sign of the signal")
    # starting values: tau from the time to 1/e (or the trace length), beta = 1
    below = np.flatnonzero(y < y[0] / np.e)
    tau0 = t0[below[0]] if below.size else t0[-1] * 2
    res = least_squares_fit(stretched_exponential, t0, y,
                            {"l0": float(y[:3].mean()), "tau": float(tau0), "beta": 1.0},
                            {"l0": (0, np.inf), "tau": (1e-12 * t0[-1], np.inf),
                             "beta": (0.05, 5.0)})
    p, cov = res.params, res.covariance[1:, 1:]
    lt_fit = tuple(float(lt_stretched_exponential(f, p["tau"], p["beta"])) for f in fr)
    lt_fit_unc = tuple(lt_stretched_exponential_unc(f, p["tau"], p["beta"], cov) for f in fr)
    def model_slope(tt: float) -> float:  # dL/dt of the fitted stretched exponential
        u = (tt / p["tau"]) ** p["beta"]
        return -p["l0"] * np.exp(-u) * p["beta"] * u / tt

    interp = [lt_interpolated(t0, y, f, p["l0"], res.rms, model_slope(lf))
              for f, lf in zip(fr, lt_fit, strict=True)]
    for f, (val, _), lf in zip(fr, interp, lt_fit, strict=True):
        if np.isnan(val):
            notes.append(f"LT{f * 100:.0f} not reached within the trace; the fit value "
                         f"{lf / 3600:.3g} h is an extrapolation of the fit")
    undetermined = tuple(k for k, v in p.items()
                         if not np.isfinite(res.stderr[k]) or res.stderr[k] > abs(v))
    notes += [f"undetermined: {k} = {p[k]:.4g} with standard error {res.stderr[k]:.3g} (the "
              "trace does not determine it)" for k in undetermined]
    prov = provenance("ncled.analysis.lifetime.analyze_lifetime",
                      inputs={"source": source, "time_s": t, "radiance": y},
                      options={"fractions": fr}, success=res.success and not undetermined,
                      message=res.message, warnings=notes)
    return LifetimeResult(
        fractions=fr, l0=p["l0"],
        lt_interpolated_s=tuple(v for v, _ in interp),
        lt_interpolated_unc_s=tuple(u for _, u in interp),
        lt_fit_s=lt_fit, lt_fit_unc_s=lt_fit_unc, fit_l0=p["l0"], fit_tau_s=p["tau"],
        fit_beta=p["beta"], fit_stderr=res.stderr, fit_success=res.success,
        fit_message=res.message, noise=res.rms, notes=tuple(notes),
        undetermined=undetermined, provenance=prov,
    ), res
