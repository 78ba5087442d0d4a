"""Pump-probe carrier model invariants and the global fit of fluence series."""

import numpy as np
import pytest

from ncled.analysis.global_analysis import decay_matrix, global_lifetime_fit
from ncled.analysis.pumpprobe import (
    CarrierModel,
    carrier_populations,
    fit_fluence_series,
    mean_excitations,
    simulate_transient_reflectivity,
)
from ncled.constants import q
from ncled.errors import ConfigError


def test_mean_excitations():
    # 60 uJ/cm^2 = 0.6 J/m^2 at 1.55 eV with sigma = 1e-18 m^2: <N> = 1e-18 * 0.6 / (1.55 q)
    assert mean_excitations(0.6, 1e-18, 1.55) == pytest.approx(0.6e-18 / (1.55 * q))


@pytest.mark.parametrize("mean_n", [0.05, 0.7, 2.5])
def test_every_excited_nc_ends_with_one_exciton(mean_n):
    # with a stable exciton, Auger stops at one exciton per NC: <b>(late) = P(N >= 1)
    # = 1 - exp(-<N>) (Poisson, Klimov 2000); carriers are conserved before the band edge
    model = CarrierModel(tau_exciton_s=1.0)
    pops = carrier_populations(np.array([1e-13, 2e-9]), mean_n, model)
    assert pops[2, -1] == pytest.approx(1 - np.exp(-mean_n), rel=1e-6)
    assert pops[:, 0].sum() == pytest.approx(mean_n, rel=1e-6)  # nothing decayed at 0.1 ps


def test_low_fluence_is_linear_and_hot_transfer_reduces_band_edge_yield():
    t = np.array([50e-12, 500e-12])
    p1 = carrier_populations(t, 1e-4)
    p2 = carrier_populations(t, 2e-4)
    # band-edge population linear in <N>; Auger adds a relative ~<N> = 1e-4 correction
    np.testing.assert_allclose(p2[2], 2 * p1[2], rtol=3e-4)
    k_et = 1 / 1e-12
    model = CarrierModel(tau_exciton_s=1.0, hot_transfer_rate_s=k_et)
    b = carrier_populations(np.array([1e-9]), 1e-4, model)[2, 0]
    k_rel = 1 / 3e-12
    # branching ratio of the hot state: relaxation vs transfer to ZnO
    assert b / 1e-4 == pytest.approx(k_rel / (k_rel + k_et), rel=1e-4)
    with pytest.raises(ConfigError, match="time constants"):
        carrier_populations(t, 0.1, CarrierModel(tau_relaxation_s=0.0))


def test_simulated_traces_rise_then_decay_faster_at_high_fluence():
    t = np.concatenate([np.linspace(-0.2e-12, 1e-12, 25), np.geomspace(1.2e-12, 1e-9, 30)])
    tr = simulate_transient_reflectivity(t, [0.05, 1.5], cross_section_m2=1e-18,
                                         model=CarrierModel(tau_thermalisation_s=250e-15))
    assert np.all(np.abs(tr[t < -0.15e-12]) < 1e-6)  # nothing before the pump (4 IRF widths)
    norm = tr / tr.max(axis=0)
    at_100ps = np.searchsorted(t, 100e-12)
    assert norm[at_100ps, 1] < norm[at_100ps, 0]  # Auger: faster decay at high fluence


def test_global_fit_round_trip_fluence_series():
    rng = np.random.default_rng(21)
    t = np.concatenate([np.linspace(-0.3e-12, 2e-12, 93), np.geomspace(2.1e-12, 4e-9, 70)])
    taus = np.array([250e-15, 3e-12, 20e-12, 2e-9])
    amps = np.array([[-1.0, -1.0, -1.0], [0.4, 0.5, 0.6], [0.05, 0.3, 0.8], [1.0, 1.2, 1.3]])
    data = decay_matrix(t, taus, 0.0, 35e-15) @ amps + rng.normal(0, 0.01, (t.size, 3))
    fit = fit_fluence_series(t, data, [0.2, 0.6, 1.8], (0.3e-12, 2e-12, 30e-12, 1e-9))
    res = fit.result
    assert res.success
    # simulate-then-fit: every shared time constant within 3 standard errors
    assert np.all(np.abs(res.lifetimes_s - taus) < 3 * res.lifetimes_stderr_s)
    assert abs(res.t0_s) < 3 * res.t0_stderr_s
    assert res.redchi == pytest.approx(1e-4, rel=0.15)  # noise variance 0.01^2
    with pytest.raises(ConfigError, match="columns"):
        fit_fluence_series(t, data, [0.2, 0.6])


def test_global_fit_with_per_column_time_zero():
    rng = np.random.default_rng(8)
    t = np.linspace(-1e-12, 20e-12, 300)
    t0 = np.linspace(-0.3e-12, 0.3e-12, 6)  # chirp across 6 wavelengths
    das = np.array([[1.0, 0.5, -0.2, 0.3, 0.8, 1.0], [0.2, 0.4, 0.6, 0.8, 1.0, 0.3]])
    c = decay_matrix(t, [1e-12, 8e-12], t0, 0.1e-12)  # (K, T, J)
    data = np.einsum("ktj,jk->tk", c, das) + rng.normal(0, 0.005, (t.size, 6))
    res = global_lifetime_fit(t, data, [0.7e-12, 5e-12], irf_fwhm_s=0.15e-12, chirp_t0_s=t0)
    assert np.all(np.abs(res.lifetimes_s - [1e-12, 8e-12]) < 3 * res.lifetimes_stderr_s)
    np.testing.assert_allclose(res.amplitudes, das, atol=0.05)  # DAS to a few noise levels
    with pytest.raises(ConfigError, match="NaN"):
        global_lifetime_fit(t, np.full((t.size, 2), np.nan), [1e-12])
