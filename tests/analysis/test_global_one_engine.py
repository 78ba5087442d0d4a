"""global_lifetime_fit is a parallel scheme of fit_target: checked against a plain nonlinear
least-squares fit of the same model with every amplitude a parameter (no projection)."""

import numpy as np
from scipy.optimize import least_squares

from ncled.analysis.global_analysis import global_lifetime_fit
from ncled.analysis.kinetics import decay_matrix


def _data(seed=3):
    rng = np.random.default_rng(seed)
    t = np.concatenate([np.linspace(-1e-12, 3e-12, 60), np.geomspace(3.1e-12, 200e-12, 60)])
    amps = np.array([[1.0, -0.5, 0.3], [0.4, 0.8, -0.2]])
    return t, decay_matrix(t, [1.5e-12, 40e-12], 0.1e-12, 0.3e-12) @ amps \
        + rng.normal(0, 0.01, (t.size, 3))


def test_global_fit_equals_full_least_squares_and_runs_fit_target():
    t, d = _data()
    res = global_lifetime_fit(t, d, [1e-12, 30e-12], t0_s=0.0, irf_fwhm_s=0.2e-12)
    assert res.success
    assert res.provenance["function"].endswith("fit_target")  # the one engine

    def resid(p):  # log lifetimes, t0 [ps], log FWHM, then the 2 x 3 amplitudes
        c = decay_matrix(t, np.exp(p[:2]), p[2] * 1e-12, np.exp(p[3]))
        return (c @ p[4:].reshape(2, 3) - d).ravel()

    p0 = np.r_[np.log([1e-12, 30e-12]), 0.0, np.log(0.2e-12), np.zeros(6)]
    ref = least_squares(resid, p0, method="lm", xtol=1e-14, ftol=1e-14, x_scale="jac")
    tau_ref = np.exp(ref.x[:2])
    # the same minimum: lifetimes within 1e-3 of their standard errors (both converge far
    # tighter than the noise), amplitudes to 1e-6 (noise 1e-2), chi-square to 1e-9
    assert np.all(np.abs(res.lifetimes_s - tau_ref) < 1e-3 * res.lifetimes_stderr_s)
    np.testing.assert_allclose(res.amplitudes, ref.x[4:].reshape(2, 3), atol=1e-6)
    assert abs(res.t0_s - ref.x[2] * 1e-12) < 1e-3 * res.t0_stderr_s
    np.testing.assert_allclose(res.chisqr, np.sum(ref.fun ** 2), rtol=1e-9)
    # standard errors: J^T J of the full problem, the lifetime block (delta method from log)
    jac = ref.jac
    cov = np.linalg.inv(jac.T @ jac) * res.redchi
    np.testing.assert_allclose(res.lifetimes_stderr_s, tau_ref * np.sqrt(np.diag(cov)[:2]),
                               rtol=0.02)  # projected vs full Jacobian: equal at the minimum


def test_step_component_and_repeated_last_delays():
    # an infinite lifetime is a fixed zero rate; repeated final delays (as in KiMoPack's files)
    # are repeated measurements, not an error
    t, d = _data(4)
    d = d + 0.2 * decay_matrix(t, [np.inf], 0.1e-12, 0.3e-12)  # a long-lived 0.2 after t0
    t = np.r_[t, [t[-1]] * 3]
    d = np.vstack([d, np.repeat(d[-1:], 3, axis=0)])
    res = global_lifetime_fit(t, d, [1e-12, 30e-12, np.inf], irf_fwhm_s=0.2e-12)
    assert res.success and np.isinf(res.lifetimes_s[2]) and np.isnan(res.lifetimes_stderr_s[2])
    np.testing.assert_allclose(res.amplitudes[2], 0.2, atol=0.01)  # noise 0.01 per point
