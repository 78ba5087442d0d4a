"""Dipole emission in a planar multilayer: plane-wave primitives and the power-dissipation kernel.

A radiating exciton is an oscillating electric dipole inside the emitting layer. Expanded in plane
waves of real in-plane index ``kappa = k_x / k0`` (the conserved "effective index"), its field is
reflected back and forth by the sub-stacks on either side of it, which changes its emission rate
(Purcell effect) and sends its power into the channels of the stack. This module holds the pure
per-``kappa`` physics, vectorised over (wavelength, kappa, dipole position):

* :func:`normal_index` and :func:`fresnel_r`: the normal index ``q = sqrt(n^2 - kappa^2)`` on the
  decaying branch and the single-interface reflection coefficients;
* :func:`substack_response`: the Airy-summed (recursive) reflection coefficient of a sub-stack seen
  from the emitting layer, and the power flux through each of its interfaces per unit outgoing
  amplitude (so that the absorption of every layer is an explicit flux difference);
* :func:`dipole_kernel`: the power dissipated by horizontal (TE + TM) and vertical (TM) dipoles at
  any depths of the emitting layer, the map K(kappa), and the power carried into each sub-stack
  channel, integrated over ``kappa`` with BLAS products;
* :func:`perfect_mirror_rates`: the closed-form Drexhage / Chance-Prock-Silbey rates of a dipole
  facing a perfect mirror (the analytic limit the tests check against).

Conventions
-----------
Time dependence exp(-i omega t); TE amplitudes are the tangential electric field E_y and TM
amplitudes the tangential magnetic field H_y, so that ``r_p = (eps_b q_a - eps_a q_b) /
(eps_b q_a + eps_a q_b)`` (the convention of Byrnes' tmm and of Furno 2012, +1 for a perfect
conductor). Powers are normalised to ``P0``, the power the same dipole radiates in an unbounded
non-absorbing medium of index ``n_r = Re(n_emitter)`` (the radiative rate in an absorbing host
scales with Re(n), Barnett et al. 1992), so that ``K = 1`` in a homogeneous medium.

Absorbing emitting layer
------------------------
A point dipole in an absorbing host dissipates an infinite power in its own near field (the
homogeneous Green's function integrated over all kappa diverges), which is no optical channel.
ncled therefore *evaluates the power flux at the interfaces* where the Green's-function work is
ill-defined. For waves propagating in the emitting layer (kappa < Re n_e) the dissipated power
per kappa is the work of the source, ``Re[prefactor (1 + G)]`` with the complex q and eps of the
emitting layer (equal to the flux jump across the dipole plane; G holds the waves reflected by the
two sub-stacks), so that re-absorption of propagating light in the emitting layer is counted; for
waves evanescent in it (kappa >= Re n_e: near field, surface plasmons, quenching by ITO and Au)
it is the flux that reaches the two boundaries of the emitting layer, i.e. the power transferred
to the neighbouring layers. Both definitions coincide exactly for a lossless emitter (the tests
check it per kappa), and both are continuous in Im(n_e) -> 0. The channels are the fluxes through
the interfaces of the sub-stacks (tangential E and H from the up- and down-going amplitudes), and
the power absorbed in the emitting layer is the remainder ``K - flux_front - flux_back``.

References
----------
.. [1] R. R. Chance, A. Prock, R. Silbey, "Molecular fluorescence and energy transfer near
   interfaces", Adv. Chem. Phys. 37, 1 (1978), https://doi.org/10.1002/9780470142561.ch1
.. [2] K. A. Neyts, "Simulation of light emission from thin-film microcavities", J. Opt. Soc. Am. A
   15, 962 (1998), https://doi.org/10.1364/JOSAA.15.000962
.. [3] M. Furno, R. Meerheim, S. Hofmann, B. Luessem, K. Leo, "Efficiency and rate of spontaneous
   emission in organic electroluminescent devices", Phys. Rev. B 85, 115205 (2012),
   https://doi.org/10.1103/PhysRevB.85.115205
.. [4] K. H. Drexhage, "Influence of a dielectric interface on fluorescence decay time",
   J. Lumin. 1-2, 693 (1970), https://doi.org/10.1016/0022-2313(70)90082-7
.. [5] S. M. Barnett, B. Huttner, R. Loudon, "Spontaneous emission in absorbing dielectric media",
   Phys. Rev. Lett. 68, 3698 (1992), https://doi.org/10.1103/PhysRevLett.68.3698
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

Polarisation = Literal["s", "p"]

#: The three orientation/polarisation parts of a dipole's emission: horizontal dipole TE and TM
#: (their sum is the horizontal dipole), vertical dipole TM (a vertical dipole emits no TE).
PARTS = ("h_te", "h_tm", "v_tm")

# Normalisation of each part so that K = 1 in an unbounded non-absorbing medium [3]_ (Eqs. 5-7,
# written per kappa dkappa instead of per du, u = kappa / n):
#   K_hTE = 3/4 Re[F / q],  K_hTM = 3/4 Re[q F / eps],  K_vTM = 3/2 Re[kappa^2 F / (eps q)].
_K_COEF = {"h_te": 0.75, "h_tm": 0.75, "v_tm": 1.5}


def normal_index(n, kappa) -> np.ndarray:
    """Normal index ``q = n cos(theta) = sqrt(n^2 - kappa^2)`` on the decaying branch.

    Parameters
    ----------
    n : array_like of complex
        Refractive index n + ik (k >= 0).
    kappa : array_like of float
        In-plane index ``k_x / k0`` (real, >= 0).

    Returns
    -------
    ndarray of complex
        ``q`` with Im q >= 0, and Re q >= 0 where Im q = 0. ``k_z = 2 pi q / lambda``.
    """
    nsq = np.asarray(n, dtype=complex) ** 2
    nsq = nsq.real + 1j * np.abs(nsq.imag)  # a -0.0 imaginary part would pick the growing root
    return np.sqrt(nsq - np.asarray(kappa, dtype=float) ** 2)


def fresnel_r(q_a, q_b, eps_a, eps_b, pol: Polarisation) -> np.ndarray:
    """Reflection coefficient of the interface from medium a into medium b.

    Parameters
    ----------
    q_a, q_b : array_like of complex
        Normal indices of the two media (:func:`normal_index`).
    eps_a, eps_b : array_like of complex
        Relative permittivities n^2 (used for p only).
    pol : {"s", "p"}
        TE (ratio of E_y) or TM (ratio of H_y).

    Returns
    -------
    ndarray of complex
        ``(q_a - q_b) / (q_a + q_b)`` (s) or ``(eps_b q_a - eps_a q_b) / (eps_b q_a + eps_a q_b)``
        (p).
    """
    if pol == "s":
        return (q_a - q_b) / (q_a + q_b)
    return (eps_b * q_a - eps_a * q_b) / (eps_b * q_a + eps_a * q_b)


def _flux(q, eps, amp2, big_r, pol: Polarisation):
    """Outward power flux of an outgoing wave of |amplitude|^2 ``amp2`` plus its reflection R.

    TE: Re[conj(q) (1 + R) conj(1 - R)]; TM: Re[(q / eps) (1 - R) conj(1 + R)] (tangential E and
    H of the total field), times ``amp2``.
    """
    if pol == "s":
        x = np.conj(q) * (1.0 + big_r) * np.conj(1.0 - big_r)
    else:
        x = (q / eps) * (1.0 - big_r) * np.conj(1.0 + big_r)
    return amp2 * x.real


@dataclass(frozen=True)
class SubstackResponse:
    """A sub-stack seen from the emitting layer, for one polarisation.

    Attributes
    ----------
    r : ndarray of complex
        Reflection coefficient at the emitting layer's boundary (all multiple reflections).
    flux : list of ndarray
        ``flux[0]``: outward power flux at the emitting layer's boundary per unit ``|outgoing
        amplitude|^2`` there; ``flux[j]``: the same at the outer boundary of the j-th layer
        (counted from the emitter); the last entry is the flux into the outer half-space.
        Layer j absorbs ``flux[j - 1] - flux[j]``. Empty when not requested.
    """

    r: np.ndarray
    flux: list


def substack_response(n_inner, n_layers, d_layers, n_outer, kappa, k0,
                      pol: Polarisation | tuple, fluxes: bool = True):
    """Recursive (Airy-summed) reflection of a sub-stack and the flux through its interfaces.

    Parameters
    ----------
    n_inner : array_like of complex
        Index of the medium the sub-stack is seen from (the emitting layer).
    n_layers : sequence of array_like of complex
        Indices of the finite layers, ordered from the inner medium outward.
    d_layers : sequence of float
        Their thicknesses [m].
    n_outer : array_like of complex
        Index of the outer half-space.
    kappa : array_like of float
        In-plane index; all index arrays broadcast against it (e.g. n of shape (W, 1), kappa of
        shape (W, K)).
    k0 : array_like of float
        Vacuum wavenumber 2 pi / lambda [1/m], broadcastable likewise.
    pol : {"s", "p"} or tuple of them
        Polarisation; a tuple such as ``("s", "p")`` shares the normal indices and phases and
        returns a dict of responses.
    fluxes : bool
        Also compute the interface fluxes.

    Returns
    -------
    SubstackResponse, or dict of them for a tuple ``pol``

    Notes
    -----
    From the outer half-space inward, ``R_j = (r_{j,j+1} + G_{j+1}) / (1 + r_{j,j+1} G_{j+1})``
    with ``G_j = R_j exp(2 i k0 q_j d_j)`` (Born & Wolf, Sec. 1.6). The outgoing amplitude carries
    across an interface as ``X_{j+1} = X_j (1 + r_{j,j+1}) / (1 + r_{j,j+1} G_{j+1})`` (continuity
    of the tangential E (s) or H (p)), and the flux at each interface follows from the tangential
    fields on its inner side; no growing exponential appears.
    """
    media = [n_inner, *n_layers, n_outer]
    q = [normal_index(m, kappa) for m in media]
    eps = [np.asarray(m, dtype=complex) ** 2 for m in media]
    nl = len(n_layers)
    phase = [None] + [np.exp(1j * (k0 * d_layers[j - 1]) * q[j]) for j in range(1, nl + 1)]
    if isinstance(pol, tuple):
        return {p: _substack(q, eps, phase, nl, p, fluxes) for p in pol}
    return _substack(q, eps, phase, nl, pol, fluxes)


def _substack(q, eps, phase, nl, pol, fluxes):
    r_int = [fresnel_r(q[i], q[i + 1], eps[i], eps[i + 1], pol) for i in range(nl + 1)]
    gam = [None] * (nl + 2)
    r_out = [None] * (nl + 2)
    gam[nl + 1] = 0.0
    for j in range(nl, 0, -1):
        r_out[j] = (r_int[j] + gam[j + 1]) / (1.0 + r_int[j] * gam[j + 1])
        gam[j] = r_out[j] * phase[j] ** 2
    r = (r_int[0] + gam[1]) / (1.0 + r_int[0] * gam[1])
    if not fluxes:
        return SubstackResponse(r=r, flux=[])
    out = [_flux(q[0], eps[0], 1.0, r, pol)]
    x = 1.0
    for j in range(1, nl + 1):
        x = x * (1.0 + r_int[j - 1]) / (1.0 + r_int[j - 1] * gam[j]) * phase[j]
        out.append(_flux(q[j], eps[j], np.abs(x) ** 2, r_out[j], pol))
    if nl == 0:
        return SubstackResponse(r=r, flux=out)
    # the outer half-space, from its own side (same number, fewer cancellations)
    x = x * (1.0 + r_int[nl])
    out[-1] = _flux(q[nl + 1], eps[nl + 1], np.abs(x) ** 2, 0.0, pol)
    return SubstackResponse(r=r, flux=out)


@dataclass(frozen=True)
class KernelResult:
    """Output of :func:`dipole_kernel` (powers in units of P0, see the module notes).

    Attributes
    ----------
    total : ndarray, shape (W, D, 2)
        Total dissipated power K of horizontal (index 0) and vertical (index 1) dipoles at each
        wavelength and depth (the Purcell factor of that orientation).
    front, back : ndarray, shape (W, D, 2, C_front) and (W, D, 2, C_back)
        Power into each channel of the front and back sub-stacks (integrated over kappa with the
        channel weights given to the kernel).
    density_front, density_back : ndarray, shape (W, K, 2, C'), or None
        The same per unit ``kappa dkappa`` (not integrated) for the ``density_columns``, averaged
        over depth with the profile weights; present when ``depth_weight`` was given.
    density_k : ndarray, shape (W, K, 2) or None
        Depth-averaged dissipated power per unit ``kappa dkappa`` (``Re[prefactor (1 + G)]``
        where kappa < Re n_e, the flux into both sub-stacks beyond; see the module notes), with
        ``depth_weight``.
    k_map : ndarray, shape (W, D, 2, K) or None
        The full power-dissipation map K(kappa) per unit dkappa at every depth and orientation,
        with ``keep_map``.
    """

    total: np.ndarray
    front: np.ndarray
    back: np.ndarray
    density_front: np.ndarray | None = None
    density_back: np.ndarray | None = None
    density_k: np.ndarray | None = None
    k_map: np.ndarray | None = None


def _prefactors(q, eps, kappa, n_r):
    """Per-part K prefactor (per kappa dkappa) and flux normalisation ``c`` (squared source
    amplitudes times the P0 normalisation; TE-h source ~ 1/q, TM-h ~ 1, TM-v ~ kappa/q)."""
    inv_q = 1.0 / q
    abs_q2 = (q * np.conj(q)).real
    pref = {
        "h_te": _K_COEF["h_te"] / n_r * inv_q,
        "h_tm": _K_COEF["h_tm"] / n_r * q / eps,
        "v_tm": _K_COEF["v_tm"] / n_r * kappa ** 2 * inv_q / eps,
    }
    c = {
        "h_te": 0.5 * _K_COEF["h_te"] / n_r / abs_q2,
        "h_tm": 0.5 * _K_COEF["h_tm"] / n_r * np.ones_like(abs_q2),
        "v_tm": 0.5 * _K_COEF["v_tm"] / n_r * kappa ** 2 / abs_q2,
    }
    return pref, c


def dipole_kernel(kappa, weight, k0, n_emitter, d_emitter, z_front, r_front, r_back,
                  w_front, w_back, flux0_front, flux0_back, depth_weight=None,
                  keep_map: bool = False, density_columns=(None, None),
                  k_map_out=None) -> KernelResult:
    """Power dissipated by dipoles at depths ``z_front`` of the emitting layer, and its channels.

    Parameters
    ----------
    kappa : ndarray, shape (W, K)
        In-plane index nodes per wavelength.
    weight : ndarray, shape (W, K)
        Quadrature weights for ``integral f dkappa`` (zeros give no integral: density only).
    k0 : ndarray, shape (W, 1)
        Vacuum wavenumber [1/m].
    n_emitter : ndarray of complex, shape (W, 1)
        Index of the emitting layer.
    d_emitter : float
        Its thickness [m].
    z_front : ndarray, shape (D,)
        Dipole distances from the front boundary of the emitting layer [m], 0 < z < d_emitter.
    r_front, r_back : dict
        ``{"s": r, "p": r}`` reflection coefficients (W, K) of the front and back sub-stacks seen
        from the emitting layer (:func:`substack_response`).
    w_front, w_back : dict
        ``{"s": W, "p": W}`` channel weights of shape (W, K, C): the flux of each channel per unit
        ``|outgoing amplitude|^2`` at the emitting layer's boundary (e.g. ``flux[j-1] - flux[j]``).
    flux0_front, flux0_back : dict
        ``{"s": f, "p": f}`` flux into each sub-stack at the emitting layer's boundary per unit
        ``|outgoing amplitude|^2``, (W, K) (``SubstackResponse.flux[0]``); used where the wave is
        evanescent in the emitter (kappa >= Re n_emitter), see the Notes.
    depth_weight : ndarray, shape (D,), optional
        Normalised depth-profile weights; with it the depth-averaged densities are returned.
    keep_map : bool
        Return the full map K(kappa) per unit dkappa at every depth (memory W x D x K x 2).
    density_columns : (sequence or None, sequence or None)
        Front and back channel columns whose densities are returned (None: all).
    k_map_out : ndarray, shape (W, D, 2, K), optional
        Buffer the map is written into (with ``keep_map``).

    Returns
    -------
    KernelResult

    Notes
    -----
    With ``a_f = r_f exp(2 i k_z z_f)``, ``a_b = r_b exp(2 i k_z z_b)`` and ``a = a_f a_b`` (which
    does not depend on the depth), the fields of a unit source give (refs. [2], [3] of the module)
    ``G = (a_f + a_b + 2a) / (1 - a)`` (TE-h and TM-v, symmetric sources) and
    ``G = (2a - a_f - a_b) / (1 - a)`` (TM-h, antisymmetric), and outgoing amplitudes at the
    boundaries ``X_b = (1 +- a_f) e^{i k_z z_b} / (1 - a)``, ``X_f = (1 +- a_b) e^{i k_z z_f} /
    (1 - a)``. The kappa integrals are matrix products over kappa (BLAS) of depth-independent
    arrays with ``exp(2 i k_z z)``, so the depth dimension costs a few element-wise operations.

    Where the wave propagates in the emitter (kappa < Re n_e) the dissipated power is the work of
    the source ``Re[prefactor (1 + G)]`` (equal to the flux jump across the dipole plane); where it
    is evanescent there (kappa >= Re n_e) it is the flux reaching the two boundaries of the
    emitting layer. The two agree exactly for a lossless emitter; for an absorbing one the second
    leaves out the near-field self-absorption of a point dipole in its absorbing host (which
    diverges and is no optical channel), while the re-absorption of propagating light in the
    emitting layer is kept.
    """
    q = normal_index(n_emitter, kappa)
    eps = np.asarray(n_emitter, dtype=complex) ** 2
    n_r = np.asarray(n_emitter).real
    pref, c = _prefactors(q, eps, kappa, n_r)
    kz2 = 2j * k0 * q  # 2 i k_z, (W, K)
    beta2 = kz2.real * -1.0  # 2 Im(k_z): power decay rate [1/m]
    z_f = np.asarray(z_front, dtype=float)
    z_b = d_emitter - z_f
    nw, nk, nd = kappa.shape[0], kappa.shape[1], z_f.size
    # exp(2 i k_z z) and exp(-2 Im(k_z) z) once per distinct distance (a symmetric depth grid has
    # the same front and back distances)
    zs, inv = _distinct(np.concatenate([z_f, z_b]), 1e-12 * d_emitter)
    e2, m1 = _exp_ladder(kz2, beta2, zs)  # exp(2 i k_z z), |exp(i k_z z)|^2: (W, Z, K)
    i_f, i_b = inv[:nd], inv[nd:]
    ef2, m_f = _take(e2, i_f), _take(m1, i_f)
    eb2, m_b = _take(e2, i_b), _take(m1, i_b)
    ed2 = np.exp(kz2 * d_emitter)  # exp(2 i k_z d) = a / (r_f r_b), depth independent
    wk = weight * kappa  # integral of f(kappa) kappa dkappa
    prop = (kappa < n_r).astype(float)  # propagating in the emitter
    evan = 1.0 - prop
    w_front = {p: np.concatenate([w_front[p], (flux0_front[p] * evan)[..., None]], axis=-1)
               for p in ("s", "p")}
    w_back = {p: np.concatenate([w_back[p], (flux0_back[p] * evan)[..., None]], axis=-1)
              for p in ("s", "p")}
    # per part: coefficient arrays (W, K) of the depth-dependent basis functions
    lin_f, lin_b, const = [], [], np.zeros((nw, 2))
    coef_f, coef_b = [], []  # flux coefficients for the bases of each side, per part
    c0_map = np.zeros((nw, nk, 2))
    a_map_f = np.zeros((nw, nk, 2), dtype=complex)
    a_map_b = np.zeros((nw, nk, 2), dtype=complex)
    orient = []
    for part in PARTS:
        pol = "s" if part == "h_te" else "p"
        o = 1 if part == "v_tm" else 0
        sign = -1.0 if part == "h_tm" else 1.0
        rf, rb = r_front[pol], r_back[pol]
        a = rf * rb * ed2
        inv1ma = 1.0 / (1.0 - a)
        p_g = pref[part] * inv1ma
        # Re[pref G] = Re[p_g (sign (a_f + a_b) + 2 a)] with a_f = r_f ef2, a_b = r_b eb2
        lin_f.append(sign * wk * prop * p_g * rf)
        lin_b.append(sign * wk * prop * p_g * rb)
        c0 = prop * (pref[part] + 2.0 * a * p_g).real
        const[:, o] += np.sum(wk * c0, axis=1)
        c0_map[..., o] += c0
        a_map_f[..., o] += sign * prop * p_g * rf
        a_map_b[..., o] += sign * prop * p_g * rb
        # |1 + sign a_b|^2 m_f = m_f + 2 sign Re(r_b eb2 m_f) + |r_b|^2 m_b^2 m_f (front side),
        # and the same with f <-> b for the back side
        cd = c[part] * (inv1ma * np.conj(inv1ma)).real
        coef_f.append([cd, 2 * sign * cd * rb.real, -2 * sign * cd * rb.imag,
                       cd * (rb * np.conj(rb)).real])
        coef_b.append([cd, 2 * sign * cd * rf.real, -2 * sign * cd * rf.imag,
                       cd * (rf * np.conj(rf)).real])
        orient.append(o)
    # total K: const + Re[sum_k ef2 lin_f + eb2 lin_b] (complex matrix products over kappa)
    total = const[:, None, :] + np.zeros((1, nd, 1))
    vf = (np.matmul(ef2, np.stack(lin_f, axis=-1)).real
          + np.matmul(eb2, np.stack(lin_b, axis=-1)).real)
    for i, o in enumerate(orient):
        total[:, :, o] += vf[:, :, i]
    # channel fluxes: |outgoing amplitude|^2 per part = sum of 4 depth-dependent bases times
    # depth-independent coefficients, then one real matrix product over kappa per polarisation
    ebm = eb2 * m_f
    efm = ef2 * m_b
    basis_f = (m_f, ebm.real, ebm.imag, m_b * m_b * m_f)  # each (W, D, K)
    basis_b = (m_b, efm.real, efm.imag, m_f * m_f * m_b)

    def amplitude2(basis, cf):
        y = basis[0] * cf[0][:, None, :]
        for bb, cb in zip(basis[1:], cf[1:], strict=True):
            y += bb * cb[:, None, :]
        return y

    def side(basis, coefs, w):
        out = np.zeros((nw, nd, 2, w["s"].shape[-1]))
        ys = {"s": [], "p": []}
        for part, cf in zip(PARTS, coefs, strict=True):
            ys["s" if part == "h_te" else "p"].append(amplitude2(basis, cf))
        for pol, parts in (("s", ("h_te",)), ("p", ("h_tm", "v_tm"))):
            y = np.concatenate(ys[pol], axis=1)  # (W, n_parts D, K)
            res = np.matmul(y, w[pol] * wk[..., None])  # (W, n_parts D, C)
            for i, part in enumerate(parts):
                out[:, :, 1 if part == "v_tm" else 0] += res[:, i * nd:(i + 1) * nd]
        return out, ys["s"] + ys["p"]  # per part, in the order of PARTS

    front, y_f = side(basis_f, coef_f, w_front)
    back, y_b = side(basis_b, coef_b, w_back)
    total += front[..., -1] + back[..., -1]
    front, back = front[..., :-1], back[..., :-1]
    k_map = None
    if keep_map:
        # K(kappa) dkappa = kappa Re[c0 + A_f ef2 + A_b eb2]
        k_map = np.empty((nw, nd, 2, nk)) if k_map_out is None else k_map_out
        for o in (0, 1):
            af, ab = a_map_f[..., o] * kappa, a_map_b[..., o] * kappa
            k_map[:, :, o] = (af[:, None, :] * ef2 + ab[:, None, :] * eb2).real
            k_map[:, :, o] += (c0_map[..., o] * kappa)[:, None, :]
        for ys, w in ((y_f, w_front), (y_b, w_back)):
            for part, y, o in zip(PARTS, ys, orient, strict=True):
                f0 = w["s" if part == "h_te" else "p"][..., -1] * kappa
                k_map[:, :, o] += y * f0[:, None, :]
    if depth_weight is None:
        return KernelResult(total, front, back, k_map=k_map)
    dw = np.asarray(depth_weight, dtype=float)

    def avg(x):  # depth average (W, D, K) -> (W, K), one pass over memory
        acc = x[:, 0] * dw[0]
        for i in range(1, nd):
            acc += x[:, i] * dw[i]
        return acc

    s_ef2, s_eb2 = avg(ef2), avg(eb2)
    den_k = c0_map + (a_map_f * s_ef2[..., None] + a_map_b * s_eb2[..., None]).real
    avg_f = [avg(m_f), avg(ebm), avg(basis_f[3])]
    avg_b = [avg(m_b), avg(efm), avg(basis_b[3])]

    def side_density(avgs, coefs, w, cols):
        cols = [*range(w["s"].shape[-1] - 1)] if cols is None else [*cols]
        cols.append(w["s"].shape[-1] - 1)  # the evanescent-region flux, for den_k
        out = np.zeros((*kappa.shape, 2, len(cols)))
        for part, cf, o in zip(PARTS, coefs, orient, strict=True):
            qd = cf[0] * avgs[0] + cf[1] * avgs[1].real + cf[2] * avgs[1].imag + cf[3] * avgs[2]
            out[..., o, :] += qd[..., None] * w["s" if part == "h_te" else "p"][..., cols]
        return out

    den_f = side_density(avg_f, coef_f, w_front, density_columns[0])
    den_b = side_density(avg_b, coef_b, w_back, density_columns[1])
    den_k = den_k + den_f[..., -1] + den_b[..., -1]
    return KernelResult(total, front, back, den_f[..., :-1], den_b[..., :-1], den_k, k_map)


def _exp_ladder(kz2, beta2, zs):
    """``exp(2 i k_z z)`` and ``exp(-2 Im(k_z) z)`` for the distances ``zs``: by repeated
    multiplication when they are equally spaced (a uniform depth grid; 10 steps lose < 1e-14
    relative), else by exponentials."""
    step = np.diff(zs)
    if zs.size > 2 and np.allclose(step, step[0], rtol=1e-9, atol=0):
        e2 = np.empty((kz2.shape[0], zs.size, kz2.shape[1]), dtype=complex)
        m1 = np.empty(e2.shape)
        e2[:, 0] = np.exp(kz2 * zs[0])
        m1[:, 0] = np.exp(-beta2 * zs[0])
        de, dm = np.exp(kz2 * step[0]), np.exp(-beta2 * step[0])
        for i in range(1, zs.size):
            np.multiply(e2[:, i - 1], de, out=e2[:, i])
            np.multiply(m1[:, i - 1], dm, out=m1[:, i])
        return e2, m1
    return (np.exp(kz2[:, None, :] * zs[None, :, None]),
            np.exp(-beta2[:, None, :] * zs[None, :, None]))


def _distinct(z, tol):
    """Distinct values of ``z`` (merging those within ``tol``, e.g. d - z_i and z_j of a symmetric
    grid that differ by rounding) and the index of each element among them."""
    order = np.argsort(z, kind="stable")
    zs = z[order]
    new = np.concatenate([[True], np.diff(zs) > tol])
    group = np.cumsum(new) - 1
    inv = np.empty(z.size, dtype=int)
    inv[order] = group
    return zs[new], inv


def _take(x, idx):
    """``x[:, idx]`` as a view where ``idx`` is a forward or backward range (symmetric grids)."""
    n = idx.size
    if np.array_equal(idx, np.arange(idx[0], idx[0] + n)):
        return x[:, idx[0]:idx[0] + n]
    if idx[0] >= n - 1 and np.array_equal(idx, np.arange(idx[0], idx[0] - n, -1)):
        stop = idx[0] - n
        return x[:, idx[0]:stop if stop >= 0 else None:-1]
    return x[:, idx]


def perfect_mirror_rates(distance_m, wavelength_m, n: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """Closed-form emission rate of a dipole facing a perfect mirror (Drexhage; CPS).

    Parameters
    ----------
    distance_m : array_like
        Dipole-mirror distance [m].
    wavelength_m : float
        Vacuum wavelength [m].
    n : float
        Index of the (lossless) medium the dipole sits in.

    Returns
    -------
    (ndarray, ndarray)
        Rates of a horizontal and a vertical dipole relative to the unbounded medium.

    Notes
    -----
    With ``x = 2 k z`` (k = 2 pi n / lambda), the image dipole gives (refs. [1], [4] of the module)

        K_v = 1 - 3 (cos x / x^2 - sin x / x^3),
        K_h = 1 - (3/2) (sin x / x + cos x / x^2 - sin x / x^3),

    which tend to 2 and 0 at the mirror and oscillate about 1 with distance.
    """
    x = 4.0 * np.pi * n * np.asarray(distance_m, dtype=float) / wavelength_m
    s = np.sin(x) / x ** 3 - np.cos(x) / x ** 2
    k_v = 1.0 + 3.0 * s
    k_h = 1.0 - 1.5 * (np.sin(x) / x - s)
    return k_h, k_v
