"""Transfer-matrix invariants and analytic limits (no peer code needed)."""

import numpy as np
import pytest
from scipy.integrate import simpson

from ncled.errors import ConfigError
from ncled.optics.fields import field_profile
from ncled.optics.tmm import stack_rta
from ncled.optics.tmm_coherent import normal_index

WL = np.array([0.8e-6, 1.55e-6, 2.0e-6])
ANG = np.radians([0.0, 20.0, 50.0, 80.0])
LOSSY = (np.array([1.0, 1.5 + 1e-6j, 0.33 + 3.2j, 1.6, 2.0 + 0.03j, 2.46, 0.5 + 13.6j, 1.0]),
         np.array([1e-3, 35e-9, 105e-9, 120e-9, 60e-9, 80e-9]),
         [False, True, True, True, True, True])


@pytest.mark.parametrize("side", ["front", "back"])
def test_energy_conservation(side):
    n, d, coh = LOSSY
    res = stack_rta(n, d, WL, ANG, coherent=coh, side=side)
    # sum of the per-medium entries is 1 to rounding (ambient entries are R and T here)
    np.testing.assert_allclose(res.A.sum(axis=0), 1.0, atol=1e-12)
    entry_r = res.A[-1] if side == "back" else res.A[0]
    entry_t = res.A[0] if side == "back" else res.A[-1]
    np.testing.assert_allclose(entry_r, res.R, atol=1e-12)  # transparent ambients: A0 = R
    np.testing.assert_allclose(entry_t, res.T, atol=1e-12)
    np.testing.assert_allclose(res.R + res.T + res.absorptance.sum(axis=0), 1.0, atol=1e-12)


def test_fresnel_single_interface_brewster_and_tir():
    n1, n2 = 1.0, 1.5
    th = np.radians(np.linspace(0, 89, 30))
    res = stack_rta(np.array([n1, n2]), np.empty(0), 1e-6, th)
    c1 = np.cos(th)
    c2 = np.sqrt(1 - (n1 * np.sin(th) / n2) ** 2)
    rs = (n1 * c1 - n2 * c2) / (n1 * c1 + n2 * c2)
    rp = (n2 * c1 - n1 * c2) / (n2 * c1 + n1 * c2)
    np.testing.assert_allclose(res.R[0, 0], rs**2, atol=1e-14)  # closed form, double precision
    np.testing.assert_allclose(res.R[1, 0], rp**2, atol=1e-14)
    np.testing.assert_allclose(res.T[:, 0], 1 - res.R[:, 0], atol=1e-14)
    brewster = stack_rta(np.array([n1, n2]), np.empty(0), 1e-6, np.arctan(n2 / n1))
    assert brewster.R[1, 0, 0] == pytest.approx(0.0, abs=1e-28)
    # glass -> air beyond the critical angle (41.8 deg): total reflection, decaying branch
    tir = stack_rta(np.array([1.5, 1.0]), np.empty(0), 1e-6, np.radians([50.0, 70.0]))
    np.testing.assert_allclose(tir.R, 1.0, atol=1e-14)
    np.testing.assert_allclose(tir.T, 0.0, atol=1e-14)


def test_normal_index_branch():
    q = normal_index(np.array([1.0, 1.0, 2.0 + 0.1j, 1.0 - 0.0j]), np.array([0.5, 1.5, 1.0, 1.5]))
    assert q[0].real > 0 and q[0].imag == 0  # propagating, forward
    assert q[1].imag > 0 and q[1].real == 0  # evanescent, decaying
    assert q[2].imag > 0 and q[2].real > 0  # lossy: decaying forward
    assert q[3].imag > 0  # a -0.0 imaginary part must not flip the branch


@pytest.mark.parametrize("pairs", [1, 4, 10])
def test_quarter_wave_stack(pairs):
    n0, nh, nl, ns, wl = 1.0, 2.35, 1.38, 1.52, 1.0e-6
    n = np.array([n0] + [nh, nl] * pairs + [ns])
    d = np.array([wl / (4 * nh), wl / (4 * nl)] * pairs)
    res = stack_rta(n, d, wl, 0.0)
    y = (nh / nl) ** (2 * pairs) * ns  # admittance of (HL)^N on the substrate (Macleod)
    assert res.R[0, 0, 0] == pytest.approx(((n0 - y) / (n0 + y)) ** 2, abs=1e-13)


def test_reciprocity_of_transmission():
    n = np.array([1.0, 2.1, 1.45, 2.4, 1.7, 1.52])
    d = np.array([130e-9, 250e-9, 90e-9, 400e-9])
    th = np.radians([0.0, 25.0, 60.0])
    front = stack_rta(n, d, WL, th)
    # same in-plane index from the back: n0 sin(theta) = ns sin(theta')
    back_angles = np.arcsin(n[0] * np.sin(th) / n[-1])
    back = stack_rta(n, d, WL, back_angles, side="back")
    np.testing.assert_allclose(front.T, back.T, atol=1e-13)  # lossless: exact reciprocity
    np.testing.assert_allclose(front.R, back.R, atol=1e-13)  # and R = 1 - T on both sides
    # T stays reciprocal with absorption (R does not)
    nl = n.astype(complex)
    nl[2] += 0.2j
    f2 = stack_rta(nl, d, WL, th)
    b2 = stack_rta(nl, d, WL, back_angles, side="back")
    np.testing.assert_allclose(f2.T, b2.T, atol=1e-13)
    assert np.max(np.abs(f2.R - b2.R)) > 1e-3


def test_incoherent_slab_closed_form():
    # 1 mm glass slab in air: T = (1-R)^2 P / (1 - R^2 P^2),
    # R_total = R + (1-R)^2 R P^2 / (1 - R^2 P^2)
    ng, wl, d = 1.5 + 2e-5j, 2e-6, 1e-3
    res = stack_rta(np.array([1.0, ng, 1.0]), np.array([d]), wl, 0.0, coherent=[False])
    r = abs((1 - ng) / (1 + ng)) ** 2
    p = np.exp(-4 * np.pi * ng.imag * d / wl)
    assert res.T[0, 0, 0] == pytest.approx((1 - r) ** 2 * p / (1 - r**2 * p**2), abs=1e-7)
    # (abs 1e-7: the interface R uses the complex index, the formula above only |r|^2 of it)
    assert res.R[0, 0, 0] == pytest.approx(r + (1 - r) ** 2 * r * p**2 / (1 - r**2 * p**2),
                                           abs=1e-7)


@pytest.mark.parametrize("coh", [True, False])
def test_depth_profile_integrates_to_layer_absorption(coh):
    n, d, flags = LOSSY
    flags = flags if not coh else [True] * len(d)
    d = d if not coh else np.r_[300e-9, d[1:]]
    res = stack_rta(n, d, WL, ANG, coherent=flags)
    for layer in (2, 4):
        z = np.linspace(0.0, d[layer - 1], 801)
        fp = field_profile(n, d, WL, ANG, layer, z, coherent=flags)
        integral = simpson(fp.absorption_per_m, x=z, axis=-1)
        # Simpson with 800 intervals on exponentials of k z <= 0.5 per interval: ~1e-9 relative
        np.testing.assert_allclose(integral, res.A[layer], rtol=1e-7, atol=1e-12)


def test_batch_equals_loop():
    n, d, coh = LOSSY
    thick = np.array([10e-9, 35e-9, 180e-9])
    dd = np.repeat(d[None, :], 3, axis=0)
    dd[:, 1] = thick
    batch = stack_rta(n, dd, WL, ANG, coherent=coh)
    for i in range(3):
        one = stack_rta(n, dd[i], WL, ANG, coherent=coh)
        np.testing.assert_allclose(batch.R[i], one.R, rtol=0, atol=1e-15)
        np.testing.assert_allclose(batch.A[i], one.A, rtol=0, atol=1e-15)
    assert batch.A.shape == (3, len(n), 2, WL.size, ANG.size)


def test_thick_opaque_stack_stays_finite():
    # 40 opaque gold layers of 1 um: each clamped at Im(kz d) = 35; without renormalisation the
    # amplitude would reach e^1400 and overflow. R must equal the bare air/gold Fresnel value.
    au = 0.5 + 13.65j
    n = np.array([1.0] + [au] * 40 + [1.0])
    res = stack_rta(n, np.full(40, 1e-6), 2e-6, np.radians([0.0, 45.0]))
    assert np.all(np.isfinite(res.A))
    r_bulk = stack_rta(np.array([1.0, au]), np.empty(0), 2e-6, np.radians([0.0, 45.0])).R
    np.testing.assert_allclose(res.R, r_bulk, atol=1e-13)
    np.testing.assert_allclose(res.A.sum(axis=0), 1.0, atol=1e-12)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"thickness_m": [-1e-9, 1e-7]}, "thicknesses must be finite and >= 0"),
        ({"thickness_m": [1e-7]}, "expected n_media - 2"),
        ({"n": [1.0, np.nan, 1.5, 1.0]}, "NaN"),
        ({"n": [1.0, 1.5 - 0.1j, 1.5, 1.0]}, "gain"),
        ({"n": np.ones((4, 3))}, "wavelength columns"),
        ({"angle_rad": np.pi / 2}, r"\[0, 90\)"),
        ({"wavelength_m": -1e-6}, "positive"),
        ({"coherent": [True]}, "flags"),
        ({"side": "left"}, "side"),
    ],
)
def test_bad_input(kwargs, match):
    args = {"n": [1.0, 2.0, 1.5, 1.0], "thickness_m": [1e-7, 2e-7], "wavelength_m": [1e-6, 2e-6],
            "angle_rad": 0.0}
    args.update(kwargs)
    with pytest.raises(ConfigError, match=match):
        stack_rta(**args)


def test_field_profile_bad_input():
    n, d = np.array([1.0, 2.0, 1.5, 1.0]), np.array([1e-7, 2e-7])
    with pytest.raises(ConfigError, match="inner medium index"):
        field_profile(n, d, 1e-6, 0.0, layer=3, z_m=[0.0])
    with pytest.raises(ConfigError, match="within the layer"):
        field_profile(n, d, 1e-6, 0.0, layer=1, z_m=[2e-7])
    with pytest.raises(ConfigError, match="incoherent"):
        field_profile(n, d, 1e-6, 0.0, layer=1, z_m=[0.0], coherent=[False, True])
