"""Coherent transfer matrix of a planar stack: the vectorised kernel.

The kernel follows the conventions of Byrnes' ``tmm`` [1]_ so that results compare directly:
complex refractive index n + ik with k >= 0, time dependence exp(-i omega t), the forward wave in
layer j written ``v_j exp(i kz_j z)`` and the backward one ``w_j exp(-i kz_j z)`` with ``z``
measured from the start of the layer, p-polarised amplitudes referring to the electric field, and
power normalised by the incident medium's ``Re(n0 cos th0)`` (s) or ``Re(n0 conj(cos th0))`` (p).

Each medium is described by its normal index ``q = n cos(theta) = sqrt(n^2 - xi^2)``, where
``xi = n0 sin(theta0)`` is the conserved (real) in-plane index. The principal square root of
``n^2 - xi^2`` (whose imaginary part is >= +0 for k >= 0) is the physical branch: decaying
(Im q > 0) in an absorbing medium or beyond the critical angle, forward (Re q > 0) otherwise.

The transfer matrix of [1]_ (``M_j = t^-1 diag(e^{-i delta}, e^{i delta}) [[1, r], [r, 1]]``) is
applied to the amplitude *vector* from the back medium to the front (starting from v = 1, w = 0 and
normalising at the end), which costs a few complex products per layer instead of a 2x2 matrix
product. With ``S = v + w`` and ``D = v - w`` of layer j + 1 and ``rho = q_{j+1} / q_j``:

    s:  (v_j, w_j) = (e^{-i delta_j} (S + rho D) / 2,  e^{i delta_j} (S - rho D) / 2)
    p:  (v_j, w_j) = (e^{-i delta_j} (mu S + rho D / mu) / 2, e^{i delta_j} (mu S - rho D / mu) / 2)

with ``mu = n_{j+1} / n_j``; these are [1]_'s Fresnel coefficients written out. The power flux at
the start of each layer gives the absorption of each layer as the difference of consecutive fluxes.

References
----------
.. [1] S. J. Byrnes, "Multilayer optical calculations", arXiv:1603.02720 (2016),
   https://doi.org/10.48550/arXiv.1603.02720 ; PyPI package ``tmm``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

OPACITY_LIMIT = 35.0
"""Largest Im(kz d) kept for a coherent layer; a thicker absorber is clamped to it, i.e. treated
as transmitting exp(-70) ~ 4e-31 of the power in one pass (the same clamp as Byrnes' tmm, which
keeps the transfer matrix finite)."""

_RESCALE_EVERY = 8  # renormalise the amplitude vector every 8 layers (each grows <= e^35 x O(1))


@dataclass(frozen=True)
class CoherentGroup:
    """Per-medium inputs of one coherent group, flattened to rows (stack x wavelength).

    Parameters
    ----------
    n : list of ndarray
        Complex index of each medium, front (incident) to back, each of shape (P, 1).
    kd : list of ndarray
        ``k0 d`` [rad] of each medium (0 for the two semi-infinite ones), each (P, 1).
    xi2 : ndarray
        Square of the in-plane index ``xi = n0 sin(theta0)``, shape (P, A), real.
    """

    n: list
    kd: list
    xi2: np.ndarray


def normal_index(n, xi):
    """Normal index ``q = n cos(theta) = sqrt(n^2 - xi^2)`` on the physical branch.

    Parameters
    ----------
    n : array_like of complex
        Refractive index n + ik (k >= 0).
    xi : array_like of float
        Conserved in-plane index ``n0 sin(theta0)`` (real).

    Returns
    -------
    ndarray of complex
        ``q`` with Im q > 0 (decaying wave) where the medium absorbs or the wave is evanescent,
        and Re q > 0 (forward power flow) where Im q = 0. ``kz = 2 pi q / lambda``.
    """
    return normal_index_from_xi2(np.asarray(n, dtype=complex), np.asarray(xi, dtype=float) ** 2)


def normal_index_from_xi2(n: np.ndarray, xi2: np.ndarray) -> np.ndarray:
    """:func:`normal_index` from the squared in-plane index ``xi^2`` (saves a square root)."""
    return np.sqrt(_nsq(n) - xi2)


def _nsq(n: np.ndarray) -> np.ndarray:
    """n^2 with its imaginary part forced to >= +0.0 (a -0.0 would pick the growing branch)."""
    nsq = n * n
    return nsq.real + 1j * np.abs(nsq.imag)


def _flux(q, eta, s_amp, d_amp, pol):
    """Unnormalised normal power flux Re(q conj(S) D) (s) or Re(eta conj(q) S conj(D)) (p)."""
    if pol == 0:
        x = q * d_amp
        return s_amp.real * x.real + s_amp.imag * x.imag
    x = eta * np.conj(q) * s_amp
    return x.real * d_amp.real + x.imag * d_amp.imag


def coherent_kernel(group: CoherentGroup, rows: slice, out: dict, keep: bool = False) -> None:
    """Solve one coherent group for the rows ``rows``, writing into the arrays of ``out``.

    ``out`` holds preallocated real arrays ``R, T, pe`` of shape (2, P, A) and ``A`` of shape
    (N, 2, P, A) for the N media (s then p on axis 1 / 0); with ``keep`` also ``v, w`` complex
    (N, 2, P, A) amplitudes normalised to a unit incident amplitude. ``A[0] = 1 - pe`` (what does
    not enter: the reflected power for a transparent incident medium) and ``A[N-1] = T``.
    """
    xi2 = group.xi2[rows]
    nmed = len(group.n)
    n = [nj[rows] for nj in group.n]
    q = [normal_index_from_xi2(nj, xi2) for nj in n]
    eta = [nj / np.conj(nj) for nj in n]
    flux = np.zeros((nmed, 2, *xi2.shape))
    amps = np.zeros((nmed, 2, 2, *xi2.shape), dtype=complex) if keep else None
    s_amp = [None, None]
    d_amp = [None, None]
    a0 = [None, None]
    b0 = [None, None]
    # product of the renormalisation factors: the back medium's amplitude is this, not 1
    back = [1.0, 1.0]
    for j in range(nmed - 2, -1, -1):
        rho = q[j + 1] / q[j]
        mu = n[j + 1] / n[j]
        for pol in (0, 1):
            if pol == 0:
                cs, cd = 1.0, rho
            else:
                cs, cd = mu, rho / mu
            if j == nmed - 2:  # v = 1, w = 0 in the back medium: S = D = 1
                a = cs + cd
                b = cs - cd
            else:
                x = cd * d_amp[pol]
                y = s_amp[pol] * cs if pol == 1 else s_amp[pol]
                a = y + x
                b = y - x
            if j == 0:
                a0[pol] = 0.5 * a
                b0[pol] = 0.5 * b
                continue
            if pol == 0:
                delta = group.kd[j][rows] * q[j]
                np.minimum(delta.imag, OPACITY_LIMIT, out=delta.imag)
                phase = np.exp(-1j * delta)
                ph_v = 0.5 * phase
                ph_w = 0.5 / phase
            v = ph_v * a
            w = ph_w * b
            s_amp[pol] = v + w
            d_amp[pol] = v - w
            flux[j, pol] = _flux(q[j], eta[j], s_amp[pol], d_amp[pol], pol)
            if keep:
                amps[j, 0, pol] = v
                amps[j, 1, pol] = w
        if nmed > 2 * _RESCALE_EVERY and j % _RESCALE_EVERY == 0 and j > 0:
            for pol in (0, 1):
                c = 1.0 / (np.abs(s_amp[pol]) + np.abs(d_amp[pol]))
                s_amp[pol] = s_amp[pol] * c
                d_amp[pol] = d_amp[pol] * c
                back[pol] = back[pol] * c
                flux[j:, pol] *= c * c
                if keep:
                    amps[j:, :, pol] *= c
    q0, qn = q[0], q[-1]
    for pol in (0, 1):
        t = 1.0 / a0[pol]
        r = b0[pol] * t
        t2 = (t * np.conj(t)).real
        if pol == 0:
            norm = q0.real
            t_flux = qn.real
        else:
            norm = (eta[0] * np.conj(q0)).real
            t_flux = (eta[-1] * np.conj(qn)).real
        # an evanescent incident medium (only an inner incoherent layer or the exit ambient seen
        # backwards) carries no power in: its normalised powers are set to 0
        inv_norm = np.divide(1.0, norm, out=np.zeros(norm.shape), where=norm > 0)
        flux_in = _flux(q0, eta[0], 1.0 + r, 1.0 - r, pol)
        out["R"][pol, rows] = (r * np.conj(r)).real
        t_exit = back[pol] * t
        big_t = (t_exit * np.conj(t_exit)).real * t_flux * inv_norm
        out["T"][pol, rows] = big_t
        pe = flux_in * inv_norm
        out["pe"][pol, rows] = pe
        scale = t2 * inv_norm
        fl = flux[:, pol]
        fl *= scale
        fl[0] = pe
        fl[-1] = big_t
        out["A"][0, pol, rows] = 1.0 - pe
        out["A"][1:-1, pol, rows] = fl[1:-1] - fl[2:]
        out["A"][-1, pol, rows] = big_t
        if keep:
            amps[:, :, pol] *= t
            amps[0, 0, pol] = 1.0
            amps[0, 1, pol] = r
            amps[-1, 0, pol] = t_exit
            amps[-1, 1, pol] = 0.0
            out["v"][:, pol, rows] = amps[:, 0, pol]
            out["w"][:, pol, rows] = amps[:, 1, pol]
