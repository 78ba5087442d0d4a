"""Time-resolved XPS: binding-energy shifts of a series of spectra, fitted all at once.

Each spectrum of a series (one per pump-probe delay, e.g. every 10 ns) is fitted with two
Gaussians on a straight line, as Qu et al. did for Hg 4f (Hg-Te and Hg-S components). The line
shapes are shared: the widths come from a fit of the summed (high signal-to-noise) spectrum and
are then held fixed, while the positions, heights and background of every spectrum are fitted
together by the batched Levenberg-Marquardt of :mod:`ncled.analysis.batch_lm`. The shift versus
delay is the height-weighted mean of the two component shifts relative to the spectra before
time zero, with its standard error; its sign gives the surface photovoltage and hence the
majority carriers (negative, to lower binding energy: p-type interface band bending; positive:
n-type). The decay of the shift is fitted with an exponential convolved with the Gaussian
instrument resolution (30 ns).

References
----------
Qu et al., Nat. Photon. 16, 38 (2022), doi:10.1038/s41566-021-00902-y (TrXPS of HgTe:ZnO, 30 ns
resolution, sign change of the shift with ZnO content);
L. Kronik and Y. Shapira, Surf. Sci. Rep. 37, 1 (1999), doi:10.1016/S0167-5729(99)00002-3
(surface photovoltage: sign for n- and p-type band bending).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import least_squares

from ncled.analysis.batch_lm import (
    TWO_GAUSS_LINE_NAMES,
    BatchFitResult,
    fit_batch,
    two_gaussian_line,
    two_gaussian_line_and_jacobian,
    two_gaussian_line_jacobian,
)
from ncled.analysis.kinetics import exp_conv_gauss
from ncled.analysis.provenance import provenance
from ncled.errors import ConfigError

_SIGMA_PER_FWHM = 1.0 / (2.0 * np.sqrt(2.0 * np.log(2.0)))


@dataclass(frozen=True)
class TrXPSResult:
    """Shifts of a TrXPS series (energies in eV, times in s).

    ``params``/``stderr`` are the per-spectrum batch-fit results in the order of
    ``ncled.analysis.batch_lm.TWO_GAUSS_LINE_NAMES``; ``shift_ev`` is the weighted mean
    shift of the two components relative to the reference (pre-time-zero) spectra and
    ``shift_stderr_ev`` its standard error; ``success``/``message`` say, per spectrum, whether
    the fit converged (failed spectra have NaN shifts and are not averaged in).
    """

    delay_s: np.ndarray
    shift_ev: np.ndarray
    shift_stderr_ev: np.ndarray
    reference_stderr_ev: float
    reference_centers_ev: np.ndarray
    sigmas_ev: np.ndarray
    params: np.ndarray
    stderr: np.ndarray
    success: np.ndarray
    message: tuple[str, ...]
    batch: BatchFitResult
    provenance: dict = field(default_factory=dict)

    @property
    def failed(self) -> np.ndarray:
        """Indices of the spectra whose fit did not converge."""
        return np.flatnonzero(~self.success)


def _fit_sum(energy, spec, centers0, sigma0):
    """Fit the summed spectrum with free widths: the shared line shapes."""
    base = np.percentile(spec, 5)
    amp = [max(np.interp(c, energy, spec) - base, 1e-9) for c in centers0]
    p0 = np.array([[amp[0], centers0[0], sigma0, amp[1], centers0[1], sigma0, base, 0.0]])
    res = fit_batch(two_gaussian_line, two_gaussian_line_jacobian, energy, spec[None], p0,
                    names=TWO_GAUSS_LINE_NAMES)
    if not res.success[0] or np.any(res.params[0, [2, 5]] <= 0):
        raise ConfigError("the summed TrXPS spectrum could not be fitted with two Gaussians "
                          f"starting at {centers0} eV ({res.message[0]}); give better starting "
                          "centres")
    return res.params[0]


def fit_trxps_series(
    binding_ev,
    spectra,
    delay_s,
    centers0_ev: tuple[float, float],
    *,
    sigma0_ev: float = 0.3,
    reference: np.ndarray | None = None,
    poisson: bool = True,
) -> TrXPSResult:
    """Fit a TrXPS series with shared Gaussian widths and per-spectrum positions.

    Parameters
    ----------
    binding_ev : array_like
        Energy axis [eV], shape (N,).
    spectra : array_like
        Counts, shape (T, N), one spectrum per delay.
    delay_s : array_like
        Pump-probe delays [s], shape (T,).
    centers0_ev : (float, float)
        Start centres of the two components (e.g. 100.39 and 100.97 eV for Hg 4f7/2 Hg-Te and
        Hg-S, Qu et al.).
    sigma0_ev : float
        Start Gaussian standard deviation [eV].
    reference : array of bool, optional
        Spectra that define zero shift (default: negative delays, or the first spectrum).
    poisson : bool
        Weight residuals by 1/sqrt(counts).
    """
    e = np.asarray(binding_ev, float)
    y = np.asarray(spectra, float)
    d = np.asarray(delay_s, float)
    if y.ndim != 2 or y.shape != (d.size, e.size):
        raise ConfigError(f"spectra must be (delays, energies) = ({d.size}, {e.size}), got "
                          f"{y.shape}")
    finite = np.all(np.isfinite(y), axis=1)
    if not finite.all():
        bad = np.flatnonzero(~finite)[:10]
        delays_ns = [round(float(v) * 1e9, 3) for v in d[bad]]
        raise ConfigError(f"spectra {bad.tolist()} (delays {delays_ns} ns) hold NaN or inf "
                          "values; drop them from the series")
    if not (e.min() < min(centers0_ev) and max(centers0_ev) < e.max()):
        raise ConfigError(f"start centres {centers0_ev} eV lie outside the spectra "
                          f"({e.min():.2f}..{e.max():.2f} eV)")
    shared = _fit_sum(e, y.mean(axis=0), centers0_ev, sigma0_ev)
    p0 = np.tile(shared, (d.size, 1))
    peak = max(shared[[0, 3]].max() + shared[6], 1e-300)
    scale = np.maximum(y.max(axis=1), 1e-300) / peak
    p0[:, [0, 3, 6, 7]] *= scale[:, None]
    vary = np.array([True, True, False, True, True, False, True, True])
    w = 1.0 / np.sqrt(np.maximum(y, 1.0)) if poisson else None
    res = fit_batch(two_gaussian_line, two_gaussian_line_jacobian, e, y, p0, weights=w,
                    vary=vary, model_and_jacobian=two_gaussian_line_and_jacobian,
                    names=TWO_GAUSS_LINE_NAMES)
    ok = res.success & np.all(np.isfinite(res.stderr[:, [1, 4]]), axis=1)
    msgs = list(res.message)
    for i in np.flatnonzero(res.success & ~ok):
        msgs[i] = "converged but the centres are undetermined (singular covariance)"
    if reference is None:
        reference = d < 0
        if not reference.any():
            reference = np.zeros(d.size, bool)
            reference[0] = True
    reference = np.asarray(reference, bool) & ok
    if not reference.any():
        raise ConfigError("no converged reference spectrum (negative delay) to define zero shift")
    centers = res.params[:, [1, 4]]
    errs = res.stderr[:, [1, 4]]
    ref_c = np.average(centers[reference], axis=0, weights=1 / errs[reference] ** 2)
    ref_e = 1 / np.sqrt(np.sum(1 / errs[reference] ** 2, axis=0))
    dshift = centers - ref_c
    dvar = errs ** 2 + ref_e ** 2
    wts = 1 / dvar
    shift = np.sum(dshift * wts, axis=1) / np.sum(wts, axis=1)
    shift_err = 1 / np.sqrt(np.sum(wts, axis=1))
    # the part of every shift's error that comes from the (common) reference
    ref_part = float(np.sqrt(np.nanmedian(np.sum(wts * wts * ref_e ** 2, axis=1)
                                          / np.sum(wts, axis=1) ** 2)))
    shift[~ok] = np.nan
    shift_err[~ok] = np.nan
    prov = provenance("ncled.analysis.trxps.fit_trxps_series",
                      inputs={"binding_ev": e, "spectra": y, "delay_s": d},
                      options={"centers0_ev": centers0_ev, "sigma0_ev": sigma0_ev,
                               "poisson": poisson, "reference_spectra": int(reference.sum())},
                      success=bool(ok.all()),
                      message=f"{int((~ok).sum())} of {d.size} spectra not converged",
                      warnings=[f"spectrum {i}: {msgs[i]}" for i in np.flatnonzero(~ok)])
    return TrXPSResult(d, shift, shift_err, ref_part, ref_c, shared[[2, 5]], res.params,
                       res.stderr, ok, tuple(msgs), res, prov)


def shift_sign(shift_ev, shift_stderr_ev, delay_s, reference_stderr_ev: float = 0.0,
               window_s: float | None = None) -> tuple[int, str]:
    """Sign of the photo-induced shift after time zero and its reading.

    The weighted mean over positive delays (up to ``window_s`` after time zero, e.g. three
    resolution widths, where the signal is; default all) is compared with its standard error, which
    combines the independent errors of the spectra and the error of the common reference
    (``reference_stderr_ev``, ``TrXPSResult.reference_stderr_ev``, shared by all shifts and
    so not reduced by averaging). Returns -1, "p-type (shift to lower binding energy)", +1
    "n-type", or 0 "no significant shift" (``|mean|`` < 3 standard errors).
    """
    s = np.asarray(shift_ev, float)
    e = np.asarray(shift_stderr_ev, float)
    d = np.asarray(delay_s, float)
    sel = (d > 0) & np.isfinite(s) & np.isfinite(e) & (e > 0)
    if window_s is not None:
        sel &= d <= window_s
    if not sel.any():
        return 0, "no converged spectrum after time zero"
    indep = np.maximum(e[sel] ** 2 - reference_stderr_ev ** 2, 1e-300)
    w = 1 / indep
    mean = np.sum(s[sel] * w) / np.sum(w)
    err = np.sqrt(1 / np.sum(w) + reference_stderr_ev ** 2)
    text = f"({mean * 1e3:.2f} +/- {err * 1e3:.2f} meV)"
    if abs(mean) < 3 * err:
        return 0, f"no significant shift {text}"
    if mean < 0:
        return -1, f"negative shift (to lower binding energy): p-type band bending {text}"
    return 1, f"positive shift (to higher binding energy): n-type band bending {text}"


@dataclass(frozen=True)
class ShiftDecayFit:
    """Exponential decay of the shift convolved with the instrument resolution."""

    amplitude_ev: float
    amplitude_stderr_ev: float
    tau_s: float
    tau_stderr_s: float
    t0_s: float
    t0_stderr_s: float
    offset_ev: float
    resolution_fwhm_s: float
    model_ev: np.ndarray
    redchi: float
    success: bool
    message: str


def shift_decay_model(delay_s, amplitude_ev, tau_s, t0_s, offset_ev, resolution_fwhm_s=30e-9):
    """``A [exp(-(t - t0)/tau) step(t - t0)] ⊗ Gaussian(FWHM) + offset``."""
    return amplitude_ev * exp_conv_gauss(delay_s, tau_s, t0_s, resolution_fwhm_s) + offset_ev


def fit_shift_decay(delay_s, shift_ev, shift_stderr_ev=None, *, resolution_fwhm_s: float = 30e-9,
                    tau0_s: float | None = None, t0_s: float = 0.0,
                    fit_offset: bool = False) -> ShiftDecayFit:
    """Fit the shift transient with an exponential convolved with the Gaussian resolution.

    Parameters
    ----------
    delay_s, shift_ev : array_like
        Delays [s] and shifts [eV] (NaN entries, failed spectra, are skipped).
    shift_stderr_ev : array_like, optional
        Standard errors used as weights.
    resolution_fwhm_s : float
        Instrument time resolution [s] (30 ns, Qu et al.).
    tau0_s : float, optional
        Start decay time (default: a third of the positive delay range).
    t0_s : float
        Start time zero [s].
    fit_offset : bool
        Fit a constant offset (otherwise zero: the reference spectra define zero shift).
    """
    t = np.asarray(delay_s, float)
    s = np.asarray(shift_ev, float)
    e = np.ones_like(s) if shift_stderr_ev is None else np.asarray(shift_stderr_ev, float)
    sel = np.isfinite(s) & np.isfinite(e) & (e > 0)
    if sel.sum() < 5:
        raise ConfigError(f"only {sel.sum()} finite shifts; the decay fit needs at least 5")
    t, s, e = t[sel], s[sel], e[sel]
    tau0 = tau0_s or max((t.max() - max(t0_s, t.min())) / 3, resolution_fwhm_s)
    a0 = s[np.argmax(np.abs(s))]
    p0 = [a0, np.log(tau0), t0_s / resolution_fwhm_s] + ([0.0] if fit_offset else [])

    def unpack(p):
        return p[0], np.exp(p[1]), p[2] * resolution_fwhm_s, (p[3] if fit_offset else 0.0)

    def resid(p):
        a, tau, t0, off = unpack(p)
        return (shift_decay_model(t, a, tau, t0, off, resolution_fwhm_s) - s) / e

    sol = least_squares(resid, p0, method="lm", xtol=1e-12, ftol=1e-12)
    a, tau, t0, off = unpack(sol.x)
    dof = max(t.size - len(p0), 1)
    redchi = float(np.sum(sol.fun ** 2) / dof)
    scale = redchi if shift_stderr_ev is None else max(redchi, 1e-300)
    try:
        cov = np.linalg.inv(sol.jac.T @ sol.jac) * scale
        err = np.sqrt(np.clip(np.diag(cov), 0, None))
    except np.linalg.LinAlgError:
        err = np.full(len(p0), np.nan)
    full_model = shift_decay_model(np.asarray(delay_s, float), a, tau, t0, off, resolution_fwhm_s)
    return ShiftDecayFit(float(a), float(err[0]), float(tau), float(tau * err[1]), float(t0),
                         float(err[2] * resolution_fwhm_s), float(off), resolution_fwhm_s,
                         full_model, redchi, bool(sol.success), str(sol.message))


def simulate_trxps_series(binding_ev, delay_s, shift_ev, *, centers_ev=(100.39, 100.97),
                          sigmas_ev=(0.35, 0.35), heights=(2000.0, 800.0),
                          background=(200.0, 0.0), rng: np.random.Generator | None = None
                          ) -> np.ndarray:
    """Two-Gaussian spectra rigidly shifted by ``shift_ev`` per delay, with Poisson noise when a
    generator is given (for round-trip tests and demonstrations)."""
    e = np.asarray(binding_ev, float)
    sh = np.broadcast_to(np.asarray(shift_ev, float), np.shape(delay_s))
    p = np.zeros((sh.size, 8))
    p[:, 0], p[:, 3] = heights
    p[:, 1] = centers_ev[0] + sh
    p[:, 4] = centers_ev[1] + sh
    p[:, 2], p[:, 5] = sigmas_ev
    p[:, 6] = background[0] - background[1] * e.mean()
    p[:, 7] = background[1]
    y = two_gaussian_line(e, p)
    return rng.poisson(y).astype(float) if rng is not None else y


def fit_trxps_kinetics(binding_ev, spectra, delay_s, scheme, irf, *, poisson: bool = True):
    """Global/target analysis of a TrXPS series with the kinetics of the transient analysis.

    The spectra are modelled as ``S0(E) + C(t) S(E)^T``: the unpumped spectrum ``S0`` (fitted
    from all delays, not subtracted: a reference of a few noisy spectra would put its noise into
    every row and bias the lifetimes long), plus the populations ``C`` of ``scheme`` convolved
    with the Gaussian time resolution ``irf`` times species-associated difference spectra ``S``
    on the binding-energy axis: :func:`ncled.analysis.target_analysis.fit_target` with the
    energy as the spectral coordinate (no dispersion). Poisson weights ``1/sqrt(counts)``.

    Parameters
    ----------
    binding_ev, spectra, delay_s : array_like
        Energy axis [eV] (N,), counts (T, N), delays [s] (T,).
    scheme : KineticScheme
        E.g. ``sequential_scheme(["SPV"], [1 / 60e-9])`` for a single decaying shift.
    irf : IRF
        Time resolution (30 ns FWHM in Qu et al.).

    Returns
    -------
    TargetResult
        ``wavelength_m`` holds the binding energies [eV] here (the spectral coordinate) and
        ``background_spectrum`` the unpumped spectrum.
    """
    from ncled.analysis.target_analysis import DataSelection, fit_target

    y = np.asarray(spectra, float)
    w = 1.0 / np.sqrt(np.maximum(y, 1.0)) if poisson else None
    sel = DataSelection(background="fit")
    return fit_target(delay_s, binding_ev, y, scheme, irf, selection=sel, weights=w)
