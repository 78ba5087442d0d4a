"""Global and target analysis of time-resolved spectra (transient absorption, TrPL, TrXPS maps).

The data ``D(t, lambda)`` are modelled as ``C(t; theta) S(lambda)^T``: the populations ``C`` of
a :class:`ncled.analysis.kinetics.KineticScheme` convolved with a Gaussian instrument response
whose centre may depend on wavelength (dispersion, a polynomial as in glotaran:
``t0(lambda) = t0 + sum_i c_i ((lambda - lambda_c) / 100 nm)^i``, read or fitted), and the
species-associated spectra ``S`` found by linear least squares for every trial of the nonlinear
parameters ``theta`` (rates, IRF, dispersion): variable projection. The decay-associated (DAS)
and evolution-associated (EAS) spectra follow from the SAS through the eigenvectors of the scheme.

Before the fit the data are cut to a delay window and wavelength windows with exclusion bands
(a pump-scatter band), optionally binned in wavelength and corrected by the mean signal before
time zero; every choice is checked against the data (a band outside the data is an error).

References
----------
G. H. Golub and V. Pereyra, SIAM J. Numer. Anal. 10, 413 (1973), doi:10.1137/0710036
(variable projection); I. H. M. van Stokkum, D. S. Larsen and R. van Grondelle, Biochim.
Biophys. Acta 1657, 82 (2004), doi:10.1016/j.bbabio.2004.04.011; J. Snellenburg et al.,
J. Stat. Softw. 49, 3 (2012), doi:10.18637/jss.v049.i03 (glotaran, dispersion polynomial).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import least_squares

from ncled.analysis.kinetics import (
    KineticScheme,
    eigen_decomposition,
    initial_population,
    populations,
    sequential_scheme,
    transfer_matrix,
)
from ncled.analysis.provenance import provenance
from ncled.analysis.xps_constraints import read_spec
from ncled.errors import ConfigError

_SIGMA_TO_FWHM = 2.0 * np.sqrt(2.0 * np.log(2.0))


@dataclass(frozen=True)
class DataSelection:
    """Which part of a (delay, wavelength) map is fitted.

    Parameters
    ----------
    delay_s : (float, float), optional
        Delay window [s].
    wavelength_m : (float, float), optional
        Wavelength window [m].
    exclude_m : tuple of (float, float)
        Wavelength bands left out [m] (pump scatter); each must overlap the data.
    bin_wavelengths : int
        Average this many adjacent wavelength columns (1: none).
    background : str
        ``"none"``; ``"pre_time_zero"``: subtract each wavelength's mean signal at delays
        before ``background_before_s``; or ``"fit"``: a constant spectrum (present at every
        delay) fitted with the species spectra, which avoids the common noise that subtracting
        a few reference spectra puts into every row (it biases lifetimes long).
    background_before_s : float, optional
        Delays below this hold no signal (default: the IRF centre minus 3 IRF widths).
    """

    delay_s: tuple[float, float] | None = None
    wavelength_m: tuple[float, float] | None = None
    exclude_m: tuple[tuple[float, float], ...] = ()
    bin_wavelengths: int = 1
    background: str = "none"
    background_before_s: float | None = None


def select_data(time_s, wavelength_m, data, sel: DataSelection, *, t0_s: float = 0.0,
                irf_fwhm_s: float = 0.0, weights=None
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict]:
    """Apply a :class:`DataSelection`: returns ``(t, wavelength, data, info)``; with
    ``weights`` (1/sigma on the input grid, broadcastable to the data) ``info["weights"]`` holds
    them on the selected grid (binned columns: the mean weight times sqrt(N), as the noise of a
    mean of N columns falls by sqrt(N)).

    Raises
    ------
    ConfigError
        Non-finite data, windows without data, exclusion bands outside the data, bad binning,
        no delays before time zero for a pre-time-zero background, an unknown background.
    """
    t = np.asarray(time_s, float)
    wl = np.asarray(wavelength_m, float)
    d = np.asarray(data, float)
    if d.shape != (t.size, wl.size):
        raise ConfigError(f"data shape {d.shape} does not match {t.size} delays x {wl.size} "
                          "wavelengths")
    if not np.all(np.isfinite(d)):
        bad = np.argwhere(~np.isfinite(d))[0]
        raise ConfigError(f"data hold NaN or inf (first at delay index {bad[0]}, wavelength "
                          f"index {bad[1]}); drop those delays or wavelengths first")
    if np.any(np.diff(t) < 0) or np.any(np.diff(wl) == 0):
        # a repeated delay is a repeated measurement (KiMoPack's files end with several at the
        # last delay) and enters the least squares as such; a decreasing axis is an error
        raise ConfigError("delays must not decrease and wavelengths must be distinct")
    problems = []
    if np.unique(t).size < 3:
        problems.append(f"{np.unique(t).size} distinct delays; a fit needs at least 3")
    info: dict = {}
    keep_t = np.ones(t.size, bool)
    if sel.delay_s is not None:
        lo, hi = sorted(sel.delay_s)
        keep_t = (t >= lo) & (t <= hi)
        if keep_t.sum() < 3:
            problems.append(f"delay window {lo:.4g}..{hi:.4g} s holds {keep_t.sum()} delays of "
                            f"{t.min():.4g}..{t.max():.4g} s")
    keep_w = np.ones(wl.size, bool)
    if sel.wavelength_m is not None:
        lo, hi = sorted(sel.wavelength_m)
        keep_w = (wl >= lo) & (wl <= hi)
        if not keep_w.any():
            problems.append(f"wavelength window {lo * 1e9:.4g}..{hi * 1e9:.4g} nm holds no data "
                            f"({wl.min() * 1e9:.4g}..{wl.max() * 1e9:.4g} nm)")
    for lo, hi in sel.exclude_m:
        lo, hi = sorted((lo, hi))
        band = (wl >= lo) & (wl <= hi)
        if not band.any():
            problems.append(f"exclusion band {lo * 1e9:.4g}..{hi * 1e9:.4g} nm lies outside the "
                            f"data ({wl.min() * 1e9:.4g}..{wl.max() * 1e9:.4g} nm) or between "
                            "two wavelengths")
        keep_w &= ~band
    if sel.bin_wavelengths < 1:
        problems.append(f"bin_wavelengths must be >= 1, got {sel.bin_wavelengths}")
    if sel.background not in ("none", "pre_time_zero", "fit"):
        problems.append(f"background {sel.background!r} unknown; use 'none', 'pre_time_zero' "
                        "or 'fit'")
    if problems:
        raise ConfigError(problems)
    if sel.background == "pre_time_zero":
        before = (sel.background_before_s if sel.background_before_s is not None
                  else t0_s - 3 * irf_fwhm_s)
        pre = t < before
        if pre.sum() < 2:
            raise ConfigError(f"a pre-time-zero background needs delays before {before:.4g} s; "
                              f"the first delay is {t.min():.4g} s")
        d = d - d[pre].mean(axis=0)
        info["background_delays"] = int(pre.sum())
    w = None if weights is None else np.broadcast_to(np.asarray(weights, float), d.shape)
    t, d = t[keep_t], d[keep_t]
    wl, d = wl[keep_w], d[:, keep_w]
    w = None if w is None else w[keep_t][:, keep_w]
    n = sel.bin_wavelengths
    if n > 1:
        m = (wl.size // n) * n
        if m == 0:
            raise ConfigError(f"binning by {n} leaves no wavelength of {wl.size}")
        wl = wl[:m].reshape(-1, n).mean(axis=1)
        d = d[:, :m].reshape(t.size, -1, n).mean(axis=2)
        if w is not None:
            w = w[:, :m].reshape(t.size, -1, n).mean(axis=2) * np.sqrt(n)
    if w is not None:
        info["weights"] = w
    if wl.size < 1 or t.size < 3:
        raise ConfigError("the selection leaves no data to fit")
    info.update({"delays": int(t.size), "wavelengths": int(wl.size)})
    return t, wl, d, info


@dataclass(frozen=True)
class IRF:
    """Gaussian instrument response: centre [s], FWHM [s], and dispersion of the centre.

    ``t0(lambda) = center + sum_i c_i ((lambda - dispersion_center) / 100 nm)^i`` (i >= 1) with
    ``dispersion_coefficients_s`` = (c_1, c_2, ...) [s] (glotaran's convention), or per-column
    offsets ``chirp_t0_s`` read from a file (added to ``center``).
    """

    center_s: float = 0.0
    fwhm_s: float = 100e-15
    fit_center: bool = True
    fit_width: bool = True
    dispersion_center_m: float | None = None
    dispersion_coefficients_s: tuple[float, ...] = ()
    fit_dispersion: bool = False
    chirp_t0_s: np.ndarray | None = None


@dataclass(frozen=True)
class TargetResult:
    """Result of :func:`fit_target` (SI units: s, 1/s, m).

    ``rates`` / ``rates_stderr`` by name; ``lifetimes_s`` = 1/decay rates of the scheme (the
    eigenvalues, slowest last); ``sas`` (species, wavelengths) with ``sas_stderr``; ``das``
    (one per decay rate) and ``eas`` (sequential scheme with the same rates) with standard
    errors propagated from the SAS covariance at each wavelength; ``fit``,
    ``residual`` on the selected grid; ``svd_data`` / ``svd_residual``: singular values;
    ``undetermined``: parameters whose standard error exceeds their value or is not finite;
    ``background_spectrum``: the constant spectrum of ``background="fit"`` (else zeros).
    """

    time_s: np.ndarray
    wavelength_m: np.ndarray
    data: np.ndarray
    rates: dict[str, float]
    rates_stderr: dict[str, float]
    lifetimes_s: np.ndarray
    irf_center_s: float
    irf_fwhm_s: float
    irf_stderr: dict[str, float]
    dispersion_coefficients_s: tuple[float, ...]
    sas: np.ndarray
    sas_stderr: np.ndarray
    das: np.ndarray
    eas: np.ndarray
    das_stderr: np.ndarray
    eas_stderr: np.ndarray
    fit: np.ndarray
    residual: np.ndarray
    svd_data: np.ndarray
    svd_residual: np.ndarray
    chisqr: float
    redchi: float
    success: bool
    message: str
    undetermined: tuple[str, ...] = ()
    provenance: dict = field(default_factory=dict)
    background_spectrum: np.ndarray | None = None


def _rate_map(scheme: KineticScheme):
    """Free rate names, start values, bounds and a function theta -> all rate values."""
    names = list(scheme.rates)
    kinds, starts, forms = {}, {}, {}
    for n in names:
        kinds[n], starts[n], form = read_spec(scheme.rates[n], "value", names)
        forms[n] = form
    free = [n for n in names if kinds[n] == "free"]
    lo = np.array([scheme.bounds.get(n, (0.0, np.inf))[0] for n in free])
    hi = np.array([scheme.bounds.get(n, (0.0, np.inf))[1] for n in free])

    def values(theta_rates) -> dict[str, float]:
        out = dict(zip(free, theta_rates, strict=True))
        out.update({n: starts[n] for n in names if kinds[n] == "fixed"})

        def get(n):
            if n not in out:
                form, c = forms[n]
                out[n] = c + sum(f * get(r) for (r, _p), f in form.items())
            return out[n]

        for n in names:
            get(n)
        return out

    return free, np.array([starts[n] for n in free]), lo, hi, values, kinds


def _das_to_eas(lam: np.ndarray) -> np.ndarray:
    """The matrix ``A_seq^-1`` that turns DAS into evolution-associated spectra: the DAS
    re-expressed in the sequential scheme with the same decay rates (fastest first),
    ``DAS = A_seq EAS``."""
    n = lam.size
    seq = sequential_scheme([f"s{i}" for i in range(n)], list(lam))
    k = transfer_matrix(seq, {f"k{i + 1}": v for i, v in enumerate(lam)})
    _, u, b = eigen_decomposition(k, initial_population(seq))
    return np.linalg.pinv(b[:, None] * u.T)  # (species, decays)


def _propagated_stderr(m: np.ndarray, cov_s: np.ndarray) -> np.ndarray:
    """Standard errors of ``m @ S_k`` for each wavelength k, from the covariances ``cov_s``
    (K, n, n) of the species spectra; shape (rows of m, K)."""
    cov = m[None] @ cov_s @ m.T[None]
    return np.sqrt(np.clip(np.einsum("kii->ik", cov), 0, None))


def fit_target(time_s, wavelength_m, data, scheme: KineticScheme, irf: IRF, *,
               selection: DataSelection | None = None, weights=None) -> TargetResult:
    """Fit a kinetic scheme to a (delay, wavelength) map by variable projection.

    Parameters
    ----------
    time_s : array_like
        Delays [s], shape (T,).
    wavelength_m : array_like
        Wavelengths [m], shape (W,) (any spectral coordinate, e.g. binding energy for TrXPS,
        when no dispersion in wavelength is fitted).
    data : array_like
        Signal, shape (T, W).
    scheme : KineticScheme
        Species, transfers and rates [1/s] (validated first).
    irf : IRF
        Instrument response and dispersion (start values; ``fit_*`` say what is fitted).
    selection : DataSelection, optional
        Delay/wavelength windows, exclusion bands, binning, background.
    weights : array_like, optional
        1/sigma on the input grid, broadcastable to (T, W) (e.g. one weight per wavelength
        from :func:`pre_time_zero_weights`); selected and binned with the data.

    Returns
    -------
    TargetResult
    """
    scheme.validate()
    sel = selection or DataSelection()
    t, wl, d, info = select_data(time_s, wavelength_m, data, sel, t0_s=irf.center_s,
                                 irf_fwhm_s=irf.fwhm_s, weights=weights)
    w = info.pop("weights", np.ones_like(d))
    free, r0, rlo, rhi, rate_values, kinds = _rate_map(scheme)
    if np.any(r0 <= 0):
        raise ConfigError(f"free rates must start > 0, got {dict(zip(free, r0, strict=True))}")
    j = initial_population(scheme)
    ndisp = len(irf.dispersion_coefficients_s)
    if ndisp and irf.dispersion_center_m is None:
        raise ConfigError("dispersion coefficients need a dispersion centre wavelength")
    if irf.chirp_t0_s is not None and np.shape(irf.chirp_t0_s) != np.shape(wavelength_m):
        raise ConfigError("chirp_t0_s must hold one time zero per wavelength of the data")
    chirp = None
    if irf.chirp_t0_s is not None:  # selected like the data columns
        full_wl = np.asarray(wavelength_m, float)
        chirp = np.interp(wl, full_wl[np.argsort(full_wl)],
                          np.asarray(irf.chirp_t0_s, float)[np.argsort(full_wl)])
    x = ((wl - irf.dispersion_center_m) / 100e-9) if ndisp else None
    tscale = max(np.ptp(t), 1e-300)
    fscale = max(irf.fwhm_s, 1e-300)

    def unpack(theta):
        rates = np.exp(theta[:len(free)])
        k = len(free)
        center = irf.center_s
        if irf.fit_center:
            center = theta[k] * fscale
            k += 1
        fwhm = irf.fwhm_s
        if irf.fit_width:
            fwhm = np.exp(theta[k]) * fscale
            k += 1
        disp = np.array(irf.dispersion_coefficients_s, float)
        if irf.fit_dispersion and ndisp:
            disp = theta[k:k + ndisp] * tscale * 1e-3
        return rates, center, fwhm, disp

    def t0_of(center, disp):
        if ndisp:
            return center + sum(c * x ** (i + 1) for i, c in enumerate(disp))
        if chirp is not None:
            return center + chirp
        return center

    with_offset = sel.background == "fit"

    def conc(theta):
        rates, center, fwhm, disp = unpack(theta)
        vals = rate_values(rates)
        k = transfer_matrix(scheme, vals)
        c = populations(t, k, j, t0_of(center, disp), fwhm)
        if with_offset:
            c = np.concatenate([c, np.ones((*c.shape[:-1], 1))], axis=-1)
        return c

    def spectra(c):
        cw = (c if c.ndim == 3 else np.broadcast_to(c, (wl.size, *c.shape))) * w.T[:, :, None]
        dw = (d * w).T
        cta = np.swapaxes(cw, 1, 2) @ cw
        ctd = np.swapaxes(cw, 1, 2) @ dw[..., None]
        s = np.linalg.solve(cta, ctd)[..., 0]
        model = (cw @ s[..., None])[..., 0] / np.where(w.T == 0, 1, w.T)
        return s, model.T, cta

    def resid(theta):
        try:
            _, model, _ = spectra(conc(theta))
        except (ConfigError, np.linalg.LinAlgError):
            return np.full(d.size, 1e10)
        return ((d - model) * w).ravel()

    theta0 = list(np.log(r0))
    lo, hi = list(np.log(np.maximum(rlo, 1e-300))), list(np.log(rhi))
    if irf.fit_center:
        theta0.append(irf.center_s / fscale)
        lo.append(-np.inf)
        hi.append(np.inf)
    if irf.fit_width:
        theta0.append(0.0)
        lo.append(-np.inf)
        hi.append(np.inf)
    if irf.fit_dispersion and ndisp:
        theta0 += [c / (tscale * 1e-3) for c in irf.dispersion_coefficients_s]
        lo += [-np.inf] * ndisp
        hi += [np.inf] * ndisp
    theta0 = np.asarray(theta0)
    conc(theta0)  # raises ConfigError for a defective scheme before fitting
    sol = least_squares(resid, theta0, bounds=(lo, hi), x_scale="jac", xtol=1e-10, ftol=1e-10,
                        max_nfev=200 * (theta0.size + 1))
    c = conc(sol.x)
    s, model, cta = spectra(c)
    nsp = len(scheme.species)
    back = s[:, nsp] if with_offset else np.zeros(wl.size)
    rates, center, fwhm, disp = unpack(sol.x)
    nfree = d.size - sol.x.size - s.size
    chisqr = float(np.sum(sol.fun ** 2))
    redchi = chisqr / max(nfree, 1)
    ok, msg = bool(sol.success), str(sol.message)
    try:
        cov = np.linalg.inv(sol.jac.T @ sol.jac) * redchi
        err = np.sqrt(np.clip(np.diag(cov), 0, None))
    except np.linalg.LinAlgError:
        err = np.full(sol.x.size, np.nan)
        ok, msg = False, "singular Jacobian: some rates are not determined by the data"
    rate_err = rates * err[:len(free)]
    vals = rate_values(rates)
    names = list(scheme.rates)
    rates_stderr = {n: (float(rate_err[free.index(n)]) if n in free else
                        (0.0 if kinds[n] == "fixed" else float("nan"))) for n in names}
    k = len(free)
    irf_err = {}
    if irf.fit_center:
        irf_err["center_s"] = float(err[k] * fscale)
        k += 1
    if irf.fit_width:
        irf_err["fwhm_s"] = float(fwhm * err[k])
        k += 1
    if irf.fit_dispersion and ndisp:
        for i in range(ndisp):  # c_(i+1), glotaran's order
            irf_err[f"dispersion_{i + 1}_s"] = float(err[k + i] * tscale * 1e-3)
    cov_s = np.linalg.inv(cta)[:, :nsp, :nsp] * redchi  # per wavelength, (K, n, n)
    sas_err = np.sqrt(np.clip(np.einsum("kii->ik", cov_s), 0, None))
    s = s[:, :nsp]
    lam, u, b = eigen_decomposition(transfer_matrix(scheme, vals), j)
    to_das = b[:, None] * u.T
    das = to_das @ s.T
    to_eas = _das_to_eas(lam) @ to_das
    undetermined = tuple(n for n in free if not np.isfinite(rates_stderr[n])
                         or rates_stderr[n] > vals[n])
    warns = [f"undetermined: {n}" for n in undetermined]
    step = float(np.min(np.diff(np.unique(t))))
    for n in free:
        tau = 1.0 / vals[n] if vals[n] > 0 else np.inf
        if tau > 3 * np.ptp(t) or tau < 0.3 * step:
            warns.append(f"outside the data window: rate {n} = {vals[n]:.4g} /s (lifetime "
                         f"{tau:.3g} s) against delays spanning {np.ptp(t):.3g} s in steps of "
                         f">= {step:.3g} s")
    if warns:
        msg += "; " + "; ".join(warns)
    prov = provenance("ncled.analysis.target_analysis.fit_target",
                      inputs={"time_s": np.asarray(time_s), "wavelength_m":
                              np.asarray(wavelength_m), "data": np.asarray(data)},
                      options={"species": scheme.species,
                               "transfers": {f"{a}->{b_}": r
                                             for (a, b_), r in scheme.transfers.items()},
                               "rates": scheme.rates, "irf": {
                                   "center_s": irf.center_s, "fwhm_s": irf.fwhm_s,
                                   "dispersion_coefficients_s": irf.dispersion_coefficients_s},
                               "selection": sel.__dict__, "selected": info,
                               "weighted": weights is not None},
                      success=ok, message=msg, warnings=warns)
    return TargetResult(
        t, wl, d, {n: float(v) for n, v in vals.items()}, rates_stderr,
        np.where(lam > 0, 1 / np.where(lam > 0, lam, 1), np.inf), float(center), float(fwhm),
        irf_err, tuple(float(v) for v in disp), s.T, sas_err, das, to_eas @ s.T,
        _propagated_stderr(to_das, cov_s), _propagated_stderr(to_eas, cov_s), model,
        d - model, np.linalg.svd(d, compute_uv=False), np.linalg.svd(d - model,
                                                                     compute_uv=False),
        chisqr, redchi, ok, msg, undetermined, prov, back)


def pre_time_zero_weights(time_s, data, selection: DataSelection | None = None,
                          t0_s: float = 0.0, irf_fwhm_s: float = 0.0) -> np.ndarray | None:
    """Per-wavelength weights ``1/sigma`` from the noise before time zero (delays below
    ``selection.background_before_s``, default ``t0 - 3 FWHM``), or None when fewer than 3 such
    delays exist or a wavelength shows no noise there (then unweighted)."""
    t = np.asarray(time_s, float)
    d = np.asarray(data, float)
    sel = selection or DataSelection()
    before = sel.background_before_s if sel.background_before_s is not None \
        else t0_s - 3 * irf_fwhm_s
    pre = t < before
    if pre.sum() < 3:
        return None
    noise = np.std(d[pre], axis=0, ddof=1)
    if not np.all(noise > 0):
        return None
    return 1.0 / noise


def transient_rates(lifetimes: str, unit_s: float) -> list[float | str]:
    """Rate specifications [1/s] from a comma list of start lifetimes in ``unit_s``:
    ``"0.3,=30,inf"`` -> free 1/0.3, fixed 1/30, fixed 0 (a step, no decay)."""
    out: list[float | str] = []
    for part in lifetimes.split(","):
        p = part.strip()
        fixed = p.startswith("=")
        try:
            tau = float(p.lstrip("=")) * unit_s
        except ValueError:
            raise ConfigError(f"lifetimes: cannot read {p!r}; e.g. '0.3,3,=30,inf'") from None
        if not tau > 0:
            raise ConfigError(f"lifetimes must be > 0 (or inf), got {p!r}")
        rate = 0.0 if np.isinf(tau) else 1.0 / tau
        out.append(f"={rate!r}" if (fixed or rate == 0.0) else rate)
    return out


def lifetime_stderr(res: TargetResult) -> np.ndarray:
    """Standard errors of ``TargetResult.lifetimes_s`` where a decay rate of the scheme is
    one of its rates (parallel and sequential schemes): ``s_tau = s_k / k^2``; NaN otherwise."""
    out = np.full(res.lifetimes_s.size, np.nan)
    for i, tau in enumerate(res.lifetimes_s):
        lam = 0.0 if np.isinf(tau) else 1.0 / tau
        for name, k in res.rates.items():
            if np.isclose(k, lam, rtol=1e-9, atol=0.0) or (lam == 0 and k == 0):
                out[i] = 0.0 if lam == 0 else res.rates_stderr[name] / k ** 2
                break
    return out


def chirp_time_zero(path, wavelength_m) -> np.ndarray:
    """Time zero [s] per wavelength from a chirp file: polynomial coefficients of time zero
    [ps] in wavelength [nm], highest order first (:func:`numpy.polyval`, KiMoPack's
    convention), separated by commas or new lines.

    Raises
    ------
    ConfigError
        Naming the file when it cannot be read or holds no numbers.
    """
    from pathlib import Path

    path = Path(path)
    try:
        coef = np.array([float(x) for x in path.read_text(encoding="utf-8")
                         .replace("\n", ",").split(",") if x.strip()])
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ConfigError(f"not a comma list of chirp coefficients ({exc})",
                          source=str(path)) from None
    if coef.size == 0 or not np.all(np.isfinite(coef)):
        raise ConfigError("no finite chirp coefficients", source=str(path))
    return np.polyval(coef, np.asarray(wavelength_m, float) * 1e9) * 1e-12
