"""Bias sweeps: equilibrium, adaptive bias continuation, mobility ramping, and the result.

Example
-------
A three-layer LED: n-type transport layer / intrinsic low-mobility emitter with Langevin
recombination / p-type layer, swept from 0 to 3 V (see tests/transport/test_dd_led.py):

>>> from ncled.transport import Contact, Device, Layer, solve_sweep
>>> etl = Layer.practical("ETL", 40, 9.0, 4.0, 3.3, 1e19, 1e19, 1e-2, 1e-4, nd_cm3=1e18)
>>> emi = Layer.practical("EML", 60, 15.0, 4.3, 0.62, 1e19, 1e19, 1e-3, 1e-3, langevin=True)
>>> htl = Layer.practical("HTL", 40, 4.0, 3.6, 1.8, 1e19, 1e19, 1e-4, 1e-2, na_cm3=1e18)
>>> dev = Device((htl, emi, etl), n_nodes=300)
>>> res = solve_sweep(dev, [0.0, 1.0, 2.0, 3.0])
>>> bool(res.current[-1] > res.current[1] > 0)
True
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
import xarray as xr

from ncled.constants import q
from ncled.errors import ConfigError, ConvergenceError
from ncled.transport.mesh import Mesh
from ncled.transport.params import Device, NodalParameters, nodal_parameters
from ncled.transport.physics import carriers, electron_flux, hole_flux, recombination
from ncled.transport.poisson import neutral_potential_statistics
from ncled.transport.solver import (
    State,
    boundary_conditions,
    contact_potentials,
    interface_pairs,
    interface_recombination,
    neutral_state,
    newton,
    predict,
    rebase,
)


@dataclass(frozen=True)
class SweepResult:
    """Converged solutions of a bias sweep (SI units).

    Attributes
    ----------
    voltage : ndarray, shape (B,)
        Anode bias [V].
    x, x_mid : ndarray, shapes (N,), (N-1,)
        Node positions and element midpoints [m].
    current : ndarray, shape (B,)
        Total current density J = J_n + J_p [A/m^2], positive from anode to cathode inside the
        device when the anode is on the left (sign of the +x direction otherwise: see ``anode``).
    jn, jp : ndarray, shape (B, N-1)
        Electron and hole current densities along +x on each element [A/m^2].
    psi, efn, efp, ec, ev, n, p : ndarray, shape (B, N)
        Electrostatic potential [V]; quasi-Fermi levels and band edges [J] (vacuum level 0);
        densities [m^-3].
    r_langevin, r_srh, r_auger, r_radiative : ndarray, shape (B, N)
        Recombination rates [m^-3 s^-1]; ``r_radiative`` = radiative_fraction * Langevin + direct.
    continuity_error : ndarray, shape (B,)
        ``max |J(x) - mean J| / |mean J|`` over the elements.
    recombination_current : ndarray, shape (B,)
        q * integral of the total recombination rate [A/m^2].
    iterations : ndarray of int, shape (B,)
        Newton iterations of the last step to each bias.
    layer_names : tuple of str
    layer : ndarray of int, shape (N,)
        Layer index of each node.
    temperature : float
        [K].
    anode : str
    r_interface : ndarray, shape (B, n_layers - 1)
        Recombination across each heterointerface, left to right [m^-2 s^-1] (both channels).
    """

    voltage: np.ndarray
    x: np.ndarray
    x_mid: np.ndarray
    current: np.ndarray
    jn: np.ndarray
    jp: np.ndarray
    psi: np.ndarray
    efn: np.ndarray
    efp: np.ndarray
    ec: np.ndarray
    ev: np.ndarray
    n: np.ndarray
    p: np.ndarray
    r_langevin: np.ndarray
    r_srh: np.ndarray
    r_auger: np.ndarray
    r_radiative: np.ndarray
    continuity_error: np.ndarray
    recombination_current: np.ndarray
    iterations: np.ndarray
    layer_names: tuple[str, ...]
    layer: np.ndarray
    temperature: float
    anode: str
    r_interface: np.ndarray | None = None

    def to_dataset(self) -> xr.Dataset:
        """The result as an :class:`xarray.Dataset` (dims ``voltage``, ``x``, ``x_mid``; units in
        attributes)."""
        vx, vm, v = ("voltage", "x"), ("voltage", "x_mid"), ("voltage",)
        spec = {
            "current": (v, self.current, "A/m^2", "total current density"),
            "recombination_current": (v, self.recombination_current, "A/m^2",
                                      "q * integral of the recombination rate"),
            "continuity_error": (v, self.continuity_error, "1",
                                 "max |J(x) - mean J| / |mean J|"),
            "iterations": (v, self.iterations, "1", "Newton iterations"),
            "jn": (vm, self.jn, "A/m^2", "electron current density"),
            "jp": (vm, self.jp, "A/m^2", "hole current density"),
            "psi": (vx, self.psi, "V", "electrostatic potential"),
            "efn": (vx, self.efn, "J", "electron quasi-Fermi level"),
            "efp": (vx, self.efp, "J", "hole quasi-Fermi level"),
            "ec": (vx, self.ec, "J", "conduction band edge"),
            "ev": (vx, self.ev, "J", "valence band edge"),
            "n": (vx, self.n, "m^-3", "electron density"),
            "p": (vx, self.p, "m^-3", "hole density"),
            "r_langevin": (vx, self.r_langevin, "m^-3 s^-1", "Langevin recombination"),
            "r_srh": (vx, self.r_srh, "m^-3 s^-1", "Shockley-Read-Hall recombination"),
            "r_auger": (vx, self.r_auger, "m^-3 s^-1", "Auger recombination"),
            "r_radiative": (vx, self.r_radiative, "m^-3 s^-1", "radiative recombination"),
        }
        if self.r_interface is not None:
            spec["r_interface"] = (("voltage", "interface"), self.r_interface, "m^-2 s^-1",
                                   "recombination across each heterointerface")
        data = {k: (d, a, {"units": u, "long_name": ln}) for k, (d, a, u, ln) in spec.items()}
        data["layer"] = ("x", self.layer, {"units": "1", "long_name": "layer index"})
        coords = {"voltage": ("voltage", self.voltage, {"units": "V"}),
                  "x": ("x", self.x, {"units": "m"}),
                  "x_mid": ("x_mid", self.x_mid, {"units": "m"})}
        return xr.Dataset(data, coords=coords, attrs={
            "temperature_K": self.temperature, "anode": self.anode,
            "layer_names": ",".join(self.layer_names)})


def _snapshot(st: State, prm: NodalParameters, mesh: Mesh) -> dict:
    """Observables of one converged state."""
    car = carriers(st.psi, st.phin, st.phip, prm)
    fn = electron_flux(st.psi, st.phin, car.bn, prm.mu_n, mesh.h, prm.vt, st.dphin()).j
    fp = hole_flux(st.psi, st.phip, car.bp, prm.mu_p, mesh.h, prm.vt, st.dphip()).j
    tot = fn + fp
    # recombination across a heterointerface takes an electron from one node of the straddling
    # element and a hole from the other: the element's J_n + J_p differs from the terminal
    # current by q R (electron on the left) or -q R (on the right)
    pairs = interface_pairs(mesh)
    r_if = np.zeros(pairs.size)
    if prm.k_interface:
        tot = tot.copy()
        for i, j, r, _ in interface_recombination(st, car, mesh, prm.k_interface):
            e = min(i, j)
            tot[e] -= q * r if i < j else -q * r
            r_if[int(np.flatnonzero(pairs == e)[0])] += r
    mean = float(tot.mean())
    rec = recombination(st.psi, st.phin, st.phip, prm, st.split(), car)
    n, p = car.n, car.p
    kt = q * prm.vt
    return {
        "current": mean, "jn": fn, "jp": fp,
        "continuity_error": float(np.max(np.abs(tot - mean)) / max(abs(mean), 1e-300)),
        "psi": st.psi * prm.vt, "efn": -kt * st.phin, "efp": -kt * st.phip, "n": n, "p": p,
        "r_langevin": rec.langevin, "r_srh": rec.srh, "r_auger": rec.auger,
        "r_radiative": prm.radiative_fraction * rec.langevin + rec.radiative_direct,
        "recombination_current": float(q * (np.sum(rec.total * mesh.volume) + r_if.sum())),
        "r_interface": r_if,
    }


def _collect(device: Device, mesh: Mesh, volts, snaps, iters) -> SweepResult:
    nn = mesh.n_nodes
    chi = np.array([L.electron_affinity for L in device.layers])[mesh.layer]
    eg = np.array([L.band_gap for L in device.layers])[mesh.layer]

    def stack(key, width):
        return np.array([s[key] for s in snaps]).reshape(len(snaps), width) if snaps else \
            np.zeros((0, width))

    psi = stack("psi", nn)
    ec = -chi - q * psi
    return SweepResult(
        voltage=np.asarray(volts, dtype=float), x=mesh.x, x_mid=mesh.x_mid,
        current=np.array([s["current"] for s in snaps]), jn=stack("jn", nn - 1),
        jp=stack("jp", nn - 1), psi=psi, efn=stack("efn", nn), efp=stack("efp", nn), ec=ec,
        ev=ec - eg, n=stack("n", nn), p=stack("p", nn), r_langevin=stack("r_langevin", nn),
        r_srh=stack("r_srh", nn), r_auger=stack("r_auger", nn),
        r_radiative=stack("r_radiative", nn),
        continuity_error=np.array([s["continuity_error"] for s in snaps]),
        recombination_current=np.array([s["recombination_current"] for s in snaps]),
        iterations=np.asarray(iters, dtype=int),
        layer_names=tuple(L.name for L in device.layers), layer=mesh.layer,
        temperature=device.temperature, anode=device.anode,
        r_interface=stack("r_interface", len(device.layers) - 1))


def _with_mobility_factor(prm: NodalParameters, factor: float) -> NodalParameters:
    """Nodal parameters with all mobilities (and the Langevin rate that follows them) scaled."""
    return replace(prm, mu_n=prm.mu_n * factor, mu_p=prm.mu_p * factor,
                   gamma_langevin=prm.gamma_langevin * factor)


def _ramp_mobility(st, prm, mesh, bcs, v_c, tol, max_iter, decades):
    """Reach the bias ``v_c`` at mobilities raised by 10**decades, then ramp them back down
    (adaptively, in log mobility), each step starting from the previous solution."""
    lo = float(decades)
    res = newton(rebase(st, prm, mesh, v_c), _with_mobility_factor(prm, 10.0**lo), mesh,
                 bcs, tol=tol, max_iter=3 * max_iter)  # the whole bias step at once
    if not res.converged:
        return res
    step = lo / 4.0
    cur = res.state
    while lo > 0.0:
        nxt = max(lo - step, 0.0)
        r = newton(cur, _with_mobility_factor(prm, 10.0**nxt), mesh, bcs, tol=tol,
                   max_iter=max_iter)
        if r.converged:
            cur, lo, step = r.state, nxt, step * 1.5
        else:
            step *= 0.5
            if step < 1e-3:
                return r
    return replace(res, state=cur)


def _polish(res, prm, mesh, bcs, tol):
    """Re-level a converged state (see :func:`rebase`) and refine it when a level moved.

    A carrier's quasi-Fermi level need not follow the contact of its side (across a reverse-biased
    Schottky contact it follows the other one), so after a bias step its offsets where it conducts
    may be several V_t, and their round-off (1e-16 of the offset) then limits the current. Moving
    the level there and taking one or two more Newton steps restores the full precision.
    """
    st = res.state
    again = rebase(st, prm, mesh, st.v_contacts)
    moved = max(np.max(np.abs(again.levels(c) - st.levels(c))) for c in ("n", "p"))
    if moved < 0.1:  # round-off of the offsets below 2e-17 V_t: nothing to gain
        return res
    fine = newton(again, prm, mesh, bcs, tol=tol, max_iter=5)
    return replace(fine, iterations=res.iterations + fine.iterations) if fine.converged else res


def _equilibrium(prm: NodalParameters, mesh: Mesh, bcs, tol: float, max_iter: int,
                 guess: np.ndarray | None = None, neutral: np.ndarray | None = None):
    """The zero-bias solution: Newton from ``guess`` (a neighbouring device's scaled potential)
    when given and it converges, else from local neutrality, or, when a contact's work function
    puts its Fermi level far from the adjacent layer's neutral level (an accumulation layer at a
    degenerate contact), by continuation of the contact potentials from neutral contacts in ten
    steps. ``neutral``: the local-neutrality potential when already computed. Recombination
    across the heterointerfaces vanishes identically at equilibrium (flat quasi-Fermi levels),
    so it is left out of this solve: its stiff cross-interface Jacobian terms only slow Newton."""
    prm = replace(prm, k_interface=())
    start = neutral_state(prm, neutral)
    if guess is not None:  # a neighbour's solution converges in a few steps or not at all
        res = newton(replace(start, psi=np.array(guess, dtype=float)), prm, mesh, bcs, tol=tol,
                     max_iter=min(max_iter, GUESS_MAX_ITER))
        if res.converged:
            return _flat(res)
    res = newton(start, prm, mesh, bcs, tol=tol, max_iter=max_iter)
    if res.converged:
        return _flat(res)
    neutral = start.psi
    zero = np.zeros_like(neutral)
    st, prev = neutral_state(prm, neutral), None
    for frac in np.linspace(0.0, 1.0, 11):
        step = []
        for bc in bcs:
            psi_all = neutral.copy()
            psi_all[bc.node] += frac * (bc.psi_eq - neutral[bc.node])
            car = carriers(psi_all, zero, zero, prm)
            step.append(replace(bc, psi_eq=float(psi_all[bc.node]),
                                n_eq=float(car.n[bc.node]), p_eq=float(car.p[bc.node])))
        # linear extrapolation of the potential from the two previous contact potentials (the
        # steps are equal), the previous solution itself when that goes astray
        res = None
        if prev is not None:
            res = newton(replace(st, psi=2.0 * st.psi - prev.psi), prm, mesh, tuple(step),
                         tol=tol, max_iter=min(max_iter, GUESS_MAX_ITER))
        if res is None or not res.converged:
            res = newton(st, prm, mesh, tuple(step), tol=tol, max_iter=max_iter)
        if not res.converged:
            return res
        prev, st = (st if frac > 0 else None), res.state
    return _flat(res)


#: Newton iterations allowed from a neighbouring device's equilibrium (it takes 5-10 on the
#: reference's temperature and composition neighbours) before the usual start is taken.
GUESS_MAX_ITER = 30


def _flat(res):
    """Equilibrium has flat quasi-Fermi levels at the contacts' common level by definition: set
    them exactly (the Newton tolerance would otherwise leave a round-off current, large where a
    degenerate contact layer conducts well)."""
    st = res.state
    z = np.zeros_like(st.psi)
    return replace(res, state=replace(st, off_n=z, off_p=z.copy(), v_contacts=(0.0, 0.0),
                                      lev_n=None, lev_p=None))


def _equilibrium_guess(initial: SweepResult | None, mesh: Mesh, vt: float):
    """The scaled zero-bias potential of a neighbouring solution on the same mesh (its bias
    closest to zero), or None when there is none or the meshes differ."""
    if initial is None or initial.voltage.size == 0 or initial.x.shape != mesh.x.shape or \
            not np.allclose(initial.x, mesh.x, rtol=1e-12, atol=0.0):
        return None
    return initial.psi[int(np.argmin(np.abs(initial.voltage)))] / vt


def solve_sweep(device: Device, voltages, *, max_step: float = 0.1, min_step: float = 1e-4,
                tol: float = 1e-10, max_iter: int = 20, ramp_decades: float = 3.0,
                initial: SweepResult | None = None,
                stop: Callable[[float, float], bool] | None = None) -> SweepResult:
    """Solve the device at each anode bias, by continuation from equilibrium.

    Parameters
    ----------
    device : Device
    voltages : array_like
        Anode biases [V], solved in the order given.
    max_step, min_step : float
        Largest and smallest continuation step [V]. The step grows by 1.5 after a success and is
        halved after a failure. After two converged biases, each Newton solve starts from the
        secant predictor (:func:`ncled.transport.solver.predict`).
    tol : float
        Newton tolerance on the largest update (units of V_t).
    max_iter : int
        Newton iterations per step.
    ramp_decades : float
        When the step falls below ``min_step``, the bias is reached again with all mobilities
        raised by 10**ramp_decades and the mobilities are ramped back down (0 disables).
    initial : SweepResult, optional
        A converged sweep of a neighbouring device on the same mesh (another temperature or
        composition): the potential of its bias closest to zero starts the equilibrium Newton
        solve (a few iterations instead of a continuation from local neutrality); when that
        fails, or the meshes differ, the usual start is taken. The converged result does not
        depend on it beyond ``tol``.
    stop : callable, optional
        ``stop(bias, current)`` [V, A/m^2 as in ``SweepResult.current``], called after each
        converged bias: True ends the sweep there (the result then holds the biases up to this
        one), e.g. once the contact voltage of an external circuit passes the last one needed.

    Returns
    -------
    SweepResult

    Raises
    ------
    ConvergenceError
        Naming the bias and the residual, with the converged biases so far as ``partial``.
    """
    volts = np.atleast_1d(np.asarray(voltages, dtype=float))
    if volts.ndim != 1 or not np.all(np.isfinite(volts)):
        raise ConfigError("voltages must be a finite 1D list of biases [V]")
    mesh = device.mesh()
    prm = nodal_parameters(device, mesh)
    neutral = neutral_potential_statistics(prm)
    bcs = boundary_conditions(device, prm, neutral)
    snaps, iters, done = [], [], []

    def fail(v, res, why):
        partial = _collect(device, mesh, done, snaps, iters)
        raise ConvergenceError(
            f"drift-diffusion: no convergence at {v:.4g} V ({why}; largest Newton update "
            f"{res.update:.3g} V_t, scaled residual {res.residual:.3g})", partial=partial)

    res = _equilibrium(prm, mesh, bcs, tol, max(max_iter, 100),
                       _equilibrium_guess(initial, mesh, prm.vt), neutral)
    if not res.converged:
        fail(0.0, res, "equilibrium")
    st, v_now = res.state, 0.0
    prev, v_prev = None, 0.0  # the converged state before ``st``, for the secant predictor
    for v_target in volts:
        dv = max_step
        last = res
        while v_now != v_target:
            gap = v_target - v_now
            # the target itself when within a step (or a rounding error of one)
            v_try = v_target if abs(gap) <= dv * (1 + 1e-9) else v_now + math.copysign(dv, gap)
            v_c = contact_potentials(device, v_try)
            ratio = (v_try - v_now) / (v_now - v_prev) if prev is not None else 0.0
            res = None
            if prev is not None and 0.0 < ratio <= 2.0:
                guess = predict(prev, st, prm, mesh, v_c, ratio)
                res = newton(guess, prm, mesh, bcs, tol=tol, max_iter=max_iter)
            if res is None or not res.converged:  # no predictor yet, or it led astray
                res = newton(rebase(st, prm, mesh, v_c), prm, mesh, bcs, tol=tol,
                             max_iter=max_iter)
            if not res.converged and dv / 2 < min_step and ramp_decades > 0:
                res = _ramp_mobility(st, prm, mesh, bcs, v_c, tol, max_iter, ramp_decades)
            if res.converged:
                res = _polish(res, prm, mesh, bcs, tol)
                prev, v_prev = st, v_now
                st, v_now, last = res.state, v_try, res
                dv = min(dv * 1.5, max_step)
            else:
                dv = abs(v_try - v_now) / 2.0
                if dv < min_step:
                    fail(v_try, res, f"continuation step below {min_step:g} V")
        snaps.append(_snapshot(st, prm, mesh))
        iters.append(last.iterations)
        done.append(v_target)
        if stop is not None and stop(float(v_target), snaps[-1]["current"]):
            break
    return _collect(device, mesh, done, snaps, iters)
