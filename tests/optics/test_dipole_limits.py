"""Dipole emission: analytic limits, energy conservation and orientation averaging."""

import numpy as np
import pytest

from ncled.optics.dipole import dipole_kernel, perfect_mirror_rates
from ncled.optics.outcoupling import (
    MODE_CHANNELS,
    PlanarEmitterStack,
    _gauss_legendre,
    dipole_emission,
    summarise,
)

WL = np.array([2e-6])


def c(x):
    return np.array([complex(x)])


def lossless_stack(substrate_thickness=None):
    """Glass / 40 nm n=1.7 / emitter 60 nm n=1.8 / 30 nm n=1.6 / air: below the cut-off of every
    guided mode (asymmetric-slab V = 0.5 < V_c = 0.88), so all power is radiated."""
    return PlanarEmitterStack(
        WL, c(1.8), 60e-9, (c(1.7),), (40e-9,), c(1.5), (c(1.6),), (30e-9,), c(1.0),
        substrate_thickness=substrate_thickness,
        n_front=None if substrate_thickness is None else c(1.0))


def test_homogeneous_medium_gives_purcell_one_and_no_loss():
    n = c(1.8)
    st = PlanarEmitterStack(WL, n, 100e-9, (n,), (50e-9,), n, (n,), (70e-9,), n)
    ds = dipole_emission(st, position_m=[20e-9, 50e-9, 80e-9], n_kappa=400)
    # 1e-9: quadrature of the 1/sqrt branch point with the sin^2 map (exact integrand is 1)
    np.testing.assert_allclose(ds.purcell.values, 1.0, atol=1e-9)
    modes = ds.mode_power.sel(channel=["absorbed_radiative", "waveguided", "evanescent",
                                       "emitter_absorption"]).values
    np.testing.assert_allclose(modes, 0.0, atol=1e-9)
    # half of the power goes each way, for each orientation
    np.testing.assert_allclose(ds.mode_power.sel(channel="air").values, 0.5, atol=1e-9)
    np.testing.assert_allclose(ds.mode_power.sel(channel="back").values, 0.5, atol=1e-9)


@pytest.mark.parametrize("n", [1.0, 1.7])
def test_perfect_mirror_follows_drexhage(n):
    """A dipole facing a perfect mirror (r_s = -1, r_p = +1) in an unbounded medium."""
    t, w = _gauss_legendre(600)
    kap = (n * np.sin(0.5 * np.pi * t) ** 2)[None]
    wt = (n * 0.5 * np.pi * np.sin(np.pi * t) * w)[None]
    zero = np.zeros_like(kap, dtype=complex)
    chan = {"s": np.zeros((*kap.shape, 1)), "p": np.zeros((*kap.shape, 1))}
    f0 = {"s": np.zeros(kap.shape), "p": np.zeros(kap.shape)}
    d = 2e-6
    dist = np.linspace(20e-9, 1.5e-6, 9)
    res = dipole_kernel(kap, wt, np.array([[2 * np.pi / 2e-6]]), np.array([[n + 0j]]), d,
                        d - dist, {"s": zero, "p": zero}, {"s": zero - 1, "p": zero + 1},
                        chan, chan, f0, f0)
    k_h, k_v = perfect_mirror_rates(dist, 2e-6, n)
    # 1e-9: Gauss-Legendre with 600 nodes on an integrand made smooth by the sin^2 map
    np.testing.assert_allclose(res.total[0, :, 0], k_h, atol=1e-9)
    np.testing.assert_allclose(res.total[0, :, 1], k_v, atol=1e-9)
    # the closed form itself: 0 and 2 at the mirror, 1 far away
    kh0, kv0 = perfect_mirror_rates(1e-9, 2e-6, n)  # x = 0.006: deviation ~ x^2 / 5 < 1e-4
    assert abs(kh0) < 1e-4 and abs(kv0 - 2) < 1e-4


def test_near_perfect_metal_approaches_drexhage():
    """A semi-infinite metal with |n| = 3000 behaves like the perfect mirror. The largest deviation
    is r_p -> -1 at grazing incidence (within q < 1/|n| of kappa = 1), weighted by 1/q: measured
    ~10/|n| = 3e-3; tolerance 1e-2."""
    dist = np.array([1000e-9, 700e-9, 400e-9, 200e-9])
    st = PlanarEmitterStack(WL, c(1.0), 1.2e-6, (), (), c(1.0), (), (), c(3.0 + 3000j))
    ds = dipole_emission(st, position_m=1.2e-6 - dist, n_kappa=1200)
    k_h, k_v = perfect_mirror_rates(dist, 2e-6, 1.0)
    np.testing.assert_allclose(ds.purcell.values[0, :, 0], k_h, atol=1e-2)
    np.testing.assert_allclose(ds.purcell.values[0, :, 1], k_v, atol=1e-2)


def test_lossless_stack_conserves_power_per_kappa_and_in_total():
    """Green's-function power (work of the source) equals the flux leaving through both sides,
    per in-plane index (1e-10) and integrated (1e-6)."""
    st = lossless_stack()
    ds = dipole_emission(st, position_m=[30e-9], n_kappa=800)
    # Per kappa, lossless emitter: k_density = Re[pref (1 + G)] kappa; the channel densities
    # of a single depth give the flux into the glass (air channel) and into the back air.
    modes = ds.mode_power.values[0, 0]
    np.testing.assert_allclose(modes.sum(axis=-1), ds.purcell.values[0, 0], rtol=1e-12)
    # no film absorbs, nothing is guided: the emitter-absorption remainder vanishes
    np.testing.assert_allclose(modes[:, MODE_CHANNELS.index("emitter_absorption")], 0, atol=1e-6)
    radiated = modes[:, MODE_CHANNELS.index("air")] + modes[:, MODE_CHANNELS.index("back")]
    np.testing.assert_allclose(radiated, ds.purcell.values[0, 0], rtol=1e-6)
    # pointwise: flux density into the exit medium + back = Green density on kappa < 1.5
    kap = ds.kappa.values[0]
    air = ds.air_density.values[0]
    sel = kap < 1.0  # both exits open: the Green density is the sum of the two fluxes
    assert np.all(air[sel] <= ds.k_density.values[0][sel] + 1e-12)


def test_incoherent_substrate_splits_air_and_substrate():
    """With a 1 mm glass the glass power splits into air + substrate; their sum is unchanged."""
    a = dipole_emission(lossless_stack(), position_m=[30e-9], n_kappa=600)
    b = dipole_emission(lossless_stack(1e-3), position_m=[30e-9], n_kappa=600)
    glass_a = a.mode_power.sel(channel="air").values
    np.testing.assert_allclose(b.purcell.values, a.purcell.values, rtol=1e-12)
    glass_b = b.mode_power.sel(channel=["air", "substrate"]).sum("channel").values
    np.testing.assert_allclose(glass_b, glass_a, rtol=1e-9)
    assert np.all(b.mode_power.sel(channel="substrate").values > 0.1)


def test_orientation_average_is_two_thirds_horizontal():
    ds = dipole_emission(lossless_stack(), position_m=[20e-9, 40e-9], n_kappa=400)
    spec = np.ones(1)
    iso = summarise(ds, spec, plqy=1.0)
    h = summarise(ds, spec, plqy=1.0, horizontal_fraction=1.0)
    v = summarise(ds, spec, plqy=1.0, horizontal_fraction=0.0)
    # 1e-12: the average is linear in the orientation weights (exact up to rounding)
    assert iso.purcell == pytest.approx(2 / 3 * h.purcell + 1 / 3 * v.purcell, rel=1e-12)
    w = ds.depth_weight.values
    expected = (ds.purcell.values[0] @ np.array([2 / 3, 1 / 3])) @ w
    assert iso.purcell == pytest.approx(expected, rel=1e-12)
    # q_eff: q = 1 stays 1 whatever F (Furno's formula)
    assert iso.q_eff == pytest.approx(1.0, rel=1e-12)


def test_q_eff_formula():
    ds = dipole_emission(lossless_stack(), position_m=[30e-9], n_kappa=400)
    s = summarise(ds, np.ones(1), plqy=0.01)
    f = s.purcell
    assert s.q_eff == pytest.approx(f * 0.01 / (f * 0.01 + 0.99), rel=1e-12)


def test_power_map_integrates_to_purcell_and_averages_to_density():
    """The per-depth map K(kappa) integrates over kappa to the Purcell factor of each depth and
    orientation, and its depth average is ``k_density`` (both 1e-10: same quadrature)."""
    st = PlanarEmitterStack(WL, c(2.0 + 0.05j), 120e-9, (c(1.6), c(0.24 + 2.7j)),
                            (105e-9, 35e-9), c(1.5), (c(2.4), c(0.5 + 13.65j)), (60e-9, 80e-9),
                            c(1.0), substrate_thickness=1e-3, n_front=c(1.0))
    ds = dipole_emission(st, position_m=[20e-9, 60e-9, 100e-9], profile=[1.0, 2.0, 1.0],
                         n_kappa=500, keep_map=True)
    k_map = ds.k_map.values[0]  # (depth, orientation, k)
    integral = k_map @ ds.kappa_weight.values[0]
    np.testing.assert_allclose(integral, ds.purcell.values[0], rtol=1e-10)
    avg = np.einsum("dok,d->ko", k_map, ds.depth_weight.values)
    np.testing.assert_allclose(avg, ds.k_density.values[0], rtol=1e-10, atol=1e-14)


def test_green_work_equals_interface_flux_per_kappa_for_lossless_emitter():
    """Where both are defined (kappa < n_emitter), the work of the source Re[pref (1 + G)] equals
    the flux leaving through the two sub-stacks, kappa by kappa (1e-10: two exact formulas)."""
    from ncled.optics.outcoupling import _channel_weights, kappa_grid

    st = PlanarEmitterStack(WL, c(2.0), 120e-9, (c(1.6), c(0.24 + 2.7j)), (105e-9, 35e-9),
                            c(1.5), (c(2.4), c(0.5 + 13.65j)), (60e-9, 80e-9), c(1.0))
    k0 = np.array([[2 * np.pi / WL[0]]])
    kap, wt, _ = kappa_grid(st, 400, 30e-9)
    r_f, r_b, _, _, f0_f, f0_b = _channel_weights(st, kap, k0)
    chan_f = {p: f0_f[p][..., None] for p in "sp"}
    chan_b = {p: f0_b[p][..., None] for p in "sp"}
    res = dipole_kernel(kap, wt, k0, st.n_emitter[:, None], st.d_emitter, np.array([30e-9]),
                        r_f, r_b, chan_f, chan_b, f0_f, f0_b, depth_weight=np.ones(1),
                        density_columns=((0,), (0,)))
    flux = res.density_front[..., 0] + res.density_back[..., 0]  # (W, K, orientation)
    sel = kap[0] < 2.0
    np.testing.assert_allclose(res.density_k[0, sel], flux[0, sel], rtol=1e-10, atol=1e-12)


def test_absorbing_emitter_is_continuous_in_the_lossless_limit():
    """Im(n_e) = 1e-7 changes the Purcell factor and the channels by O(1e-6) only."""
    def run(k):
        st = PlanarEmitterStack(WL, c(2.0 + 1j * k), 120e-9, (c(1.6), c(0.24 + 2.7j)),
                                (105e-9, 35e-9), c(1.5), (c(2.4), c(0.5 + 13.65j)),
                                (60e-9, 80e-9), c(1.0))
        return dipole_emission(st, position_m=[10e-9, 60e-9, 110e-9], n_kappa=600)

    a, b = run(0.0), run(1e-7)
    # 1e-5: first order in Im(n_e) (re-absorption over ~1 um paths: 4 pi k L / lambda ~ 6e-7)
    np.testing.assert_allclose(b.purcell.values, a.purcell.values, atol=1e-5)
    np.testing.assert_allclose(b.mode_power.values, a.mode_power.values, atol=1e-5)
