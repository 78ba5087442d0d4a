"""Forward models of the paper's film measurements from the same film model as the LED.

- the electrolyte-gated field-effect transistor (FET) of a ZnO:HgTe film: transfer curve,
  neutrality gate voltage and electron-to-hole mobility ratio versus HgTe fraction ([Qu2022]
  Fig. 4b-d);
- the surface photovoltage that time-resolved XPS sees on the Hg 4f line ([Qu2022] Fig. 5d:
  negative at >= 50 % HgTe, p-type; positive at 25 %, n-type).

Both use :func:`ncled.materials.electronic.mixed_film` (composition -> doping, mobility) and the
Gauss-Fermi statistics of :mod:`ncled.transport.statistics` on the HgTe levels.

References
----------
.. [Qu2022] J. Qu et al., Nat. Photon. 16, 38 (2022), doi:10.1038/s41566-021-00902-y.
.. [GuyotSionnest2012] P. Guyot-Sionnest, "Electrical transport in colloidal quantum dot films",
   J. Phys. Chem. Lett. 3, 1169 (2012), doi:10.1021/jz300048y (electrochemical gating: the gate
   sets the film's Fermi level, V_g = Delta E_F / q).
.. [Panzer2006] M. J. Panzer, C. D. Frisbie, "High carrier density and metallic conductivity in
   poly(3-hexylthiophene) achieved by electrostatic charge injection", Adv. Funct. Mater. 16,
   1051 (2006), doi:10.1002/adfm.200600111 (electrolyte double-layer capacitance 1-10 uF/cm^2).
.. [Kronik1999] L. Kronik, Y. Shapira, "Surface photovoltage phenomena: theory, experiment, and
   applications", Surf. Sci. Rep. 37, 1 (1999), doi:10.1016/S0167-5729(99)00002-3.
"""

from __future__ import annotations

import numpy as np
import xarray as xr
from scipy.optimize import brentq

from ncled.constants import k_B, q
from ncled.materials.electronic import HGTE_REFERENCE_DIAMETER_M, mixed_film
from ncled.parameters import value as _param
from ncled.transport.statistics import log_occupancy

#: Transport gap of the reference HgTe NCs [eV]: 2.0 um band-edge absorption (1.88 um with the
#: 120 nm Stokes shift of [Qu2022]) plus the 20 meV charging energy.
REFERENCE_GAP_EV = 0.68


def _levels(gap_ev: float):
    ev = -_param("HgTe.valence_edge_ev")
    return ev, ev + gap_ev


def _densities_cm3(ef_ev, film, gap_ev: float, temperature_k: float):
    """Electrons and holes of the HgTe network [cm^-3] at Fermi level ``ef_ev`` (upward)."""
    kt = k_B * temperature_k / q
    ev, ec = _levels(gap_ev)
    s = _param("HgTe.dos_width_ev") / kt
    n_nc = film.hgte_density_cm3
    ln_n, _ = log_occupancy((np.asarray(ef_ev) - ec) / kt, s)
    ln_p, _ = log_occupancy((ev - np.asarray(ef_ev)) / kt, s)
    return (_param("HgTe.states_cb") * n_nc * np.exp(ln_n),
            _param("HgTe.states_vb") * n_nc * np.exp(ln_p))


def _zno_electrons_cm3(ef_ev, film, temperature_k: float):
    """Electrons in the conduction states of the ZnO NCs at Fermi level ``ef_ev`` [cm^-3]."""
    kt = k_B * temperature_k / q
    s = _param("ZnO.dos_width_ev") / kt
    ln_n, _ = log_occupancy((np.asarray(ef_ev) + _param("ZnO.electron_affinity_ev")) / kt, s)
    return 2.0 * film.zno_density_cm3 * np.exp(ln_n)


def _neutral_fermi_level(net_holes_cm3, film, gap_ev, temperature_k):
    ev, ec = _levels(gap_ev)

    def charge(ef):
        n, p = _densities_cm3(ef, film, gap_ev, temperature_k)
        return float(p - n - net_holes_cm3)

    return brentq(charge, ev - 1.0, ec + 1.0, xtol=1e-12)


def _trapped_electrons_cm3(ef_ev, film, temperature_k: float):
    """Electrons on the ZnO surface acceptors of the film at Fermi level ``ef_ev`` [cm^-3].

    The acceptor level (``ZnO:HgTe.zno_acceptor_level_ev`` above the HgTe valence-band edge,
    ``ZnO:HgTe.zno_acceptor_states`` per ZnO NC) lies below the HgTe 1Se level: for the HgTe
    network's electrons these states are traps. Gauss-Fermi occupancy with the ZnO disorder
    width; the electrolyte's ions screen their charge, so they sit at their bare level.
    """
    kt = k_B * temperature_k / q
    ea = -_param("HgTe.valence_edge_ev") + _param("ZnO:HgTe.zno_acceptor_level_ev")
    ln_t, _ = log_occupancy((np.asarray(ef_ev) - ea) / kt, _param("ZnO.dos_width_ev") / kt)
    return _param("ZnO:HgTe.zno_acceptor_states") * film.zno_density_cm3 * np.exp(ln_t)


def gate_charge_density_m2() -> float:
    """Electrons per area [m^-2] the gate adds per volt beyond the chemical potential, C / q.

    C is the electrolyte's double-layer capacitance per area (registry
    ``FET.gate_capacitance_uf_cm2``, the same at every composition); times the film thickness
    it converts a volume density into a gate voltage (see :func:`fet_transfer_curve`).

    Returns
    -------
    float
        C / q [m^-2 V^-1].
    """
    return _param("FET.gate_capacitance_uf_cm2") * 1e-2 / q


def fet_transfer_curve(hgte_fraction: float, gate_voltages, *,
                       hgte_diameter_m: float = HGTE_REFERENCE_DIAMETER_M,
                       gap_ev: float = REFERENCE_GAP_EV,
                       temperature_k: float = 300.0) -> xr.Dataset:
    """Channel conductivity of an electrolyte-gated ZnO:HgTe film versus gate voltage.

    Parameters
    ----------
    hgte_fraction : float
        HgTe share of the NC volume.
    gate_voltages : array_like
        Gate voltages [V].
    hgte_diameter_m, gap_ev, temperature_k : float
        HgTe NC diameter [m], transport gap [eV], temperature [K].

    Returns
    -------
    xarray.Dataset
        On ``gate_voltage``: ``conductivity`` [S/m]; ``n``, ``p`` [m^-3] of the HgTe network;
        ``trapped`` [m^-3], electrons on the ZnO traps (surface acceptors and conduction
        states); ``mu_n_effective`` [m^2/Vs], the multiple-trapping electron mobility
        mu_n dn / d(n + n_trapped); attrs ``fermi_level_ev`` (at V_g = 0), ``mu_n``, ``mu_p``.

    Notes
    -----
    The channel is the HgTe network ([Qu2022]: ambipolar transport through HgTe at every
    composition), with the holes of
    :func:`~ncled.materials.electronic.mixed_film` per HgTe NC in the dark. The gate moves
    the film's Fermi level E_F and charges the film through the electrolyte's double layer
    ([GuyotSionnest2012], [Panzer2006]):

        V_g = (E_F - E_F0) / q + q t Delta(n + n_t - p) / C,

    t the film thickness (``FET.film_thickness_nm``), C the gate capacitance per area
    (``FET.gate_capacitance_uf_cm2``), n_t the electrons on the ZnO NCs (their surface
    acceptors below the HgTe 1Se level, ``_trapped_electrons_cm3``, and their conduction
    states). Before the HgTe network conducts electrons the gate must fill the ZnO traps: the
    neutrality point moves to positive gate bias as ZnO is added. sigma = q (n mu_n + p mu_p),
    both mobilities scaled by the network conductance; trapped electrons do not move.
    """
    film = mixed_film(hgte_fraction, hgte_diameter_m)
    vg = np.atleast_1d(np.asarray(gate_voltages, dtype=float))
    ef0 = _neutral_fermi_level(film.hgte_holes_cm3, film, gap_ev, temperature_k)
    ef = ef0 + np.linspace(-1.5, 1.5, 6001)  # 0.5 meV: V_g(E_F) is monotonic, interpolated

    def electrons(e):
        n, p = _densities_cm3(e, film, gap_ev, temperature_k)
        trapped = (_trapped_electrons_cm3(e, film, temperature_k)
                   + _zno_electrons_cm3(e, film, temperature_k))
        return n, p, trapped

    n0, p0, t0 = (float(x) for x in electrons(ef0))
    n, p, trapped = electrons(ef)
    thickness = _param("FET.film_thickness_nm") * 1e-9
    excess_m3 = ((n - n0) + (trapped - t0) - (p - p0)) * 1e6
    v_of_ef = (ef - ef0) + excess_m3 * thickness / gate_charge_density_m2()
    ef_v = np.interp(vg, v_of_ef, ef)
    n, p, trapped = electrons(ef_v)
    mu_n = _param("HgTe.mu_n_cm2") * 1e-4 * film.mobility_factor
    mu_p = _param("HgTe.mu_p_cm2") * 1e-4 * film.mobility_factor
    de = 1e-4
    n_hi, _, t_hi = electrons(ef_v + de)
    n_lo, _, t_lo = electrons(ef_v - de)
    dn, dt = n_hi - n_lo, t_hi - t_lo
    with np.errstate(divide="ignore", invalid="ignore"):  # dn = dt = 0 where both underflow
        mu_n_eff = np.where(dn + dt > 0, mu_n * dn / (dn + dt), mu_n)
    sigma = q * (n * mu_n + p * mu_p) * 1e6
    return xr.Dataset(
        {"conductivity": ("gate_voltage", sigma, {"units": "S/m"}),
         "n": ("gate_voltage", n * 1e6, {"units": "m^-3"}),
         "p": ("gate_voltage", p * 1e6, {"units": "m^-3"}),
         "trapped": ("gate_voltage", trapped * 1e6, {"units": "m^-3"}),
         "mu_n_effective": ("gate_voltage", mu_n_eff, {"units": "m^2/Vs"})},
        coords={"gate_voltage": ("gate_voltage", vg, {"units": "V"})},
        attrs={"hgte_fraction": float(hgte_fraction), "fermi_level_ev": ef0,
               "mu_n": mu_n, "mu_p": mu_p})


def fet_neutrality_voltage(hgte_fraction: float, **kw) -> float:
    """Gate voltage [V] of the conductivity minimum of :func:`fet_transfer_curve`.

    Found on a 1 mV grid over -1.5 to +4.5 V and refined by a parabola through the three
    lowest points.
    """
    vg = np.linspace(-1.5, 4.5, 6001)
    s = np.log(fet_transfer_curve(hgte_fraction, vg, **kw).conductivity.values)
    k = int(np.clip(np.argmin(s), 1, vg.size - 2))
    a, b, c = s[k - 1], s[k], s[k + 1]
    den = a - 2 * b + c
    return float(vg[k] + (0.5 * (a - c) / den * (vg[1] - vg[0]) if den > 0 else 0.0))


def fet_mobility_ratio(hgte_fraction: float, overdrive_v: float = 0.3, **kw) -> float:
    """mu_e / mu_h as a transfer curve gives it: the ratio of the two branches' slopes.

    A field-effect mobility is (L / (W C V_DS)) d I / d V_g; the geometric factors cancel in
    the ratio of the electron branch's slope, ``overdrive_v`` above the neutrality voltage, to
    the hole branch's, ``overdrive_v`` below it. The slopes include the gate charge that goes
    into the ZnO states (multiple trapping) and into moving the Fermi level.

    Notes
    -----
    With the registry's levels the ZnO surface acceptors lie 0.12 eV above the HgTe valence
    band and the ZnO conduction band 0.3 eV above the HgTe 1Se level: near neutrality the gate
    charge on the hole side goes into emptying the acceptors (hole-side trapping), while the
    electron branch finds no ZnO state near the 1Se level. The ratio therefore rises with the
    ZnO content, against the paper's falling mu_e / mu_h (Fig. 4d; see
    tests/transport/test_films.py).
    """
    v0 = fet_neutrality_voltage(hgte_fraction, **kw)
    dv = 1e-3
    vg = np.array([v0 + overdrive_v - dv, v0 + overdrive_v + dv,
                   v0 - overdrive_v - dv, v0 - overdrive_v + dv])
    sig = fet_transfer_curve(hgte_fraction, vg, **kw).conductivity.values
    return float((sig[1] - sig[0]) / (sig[2] - sig[3]))


def surface_photovoltage(hgte_fraction: float, excess_density_cm3: float = 1e17, *,
                         hgte_diameter_m: float = HGTE_REFERENCE_DIAMETER_M,
                         gap_ev: float = REFERENCE_GAP_EV,
                         temperature_k: float = 300.0) -> float:
    """Light-induced shift of the Hg 4f binding energy seen by time-resolved XPS [eV].

    Parameters
    ----------
    hgte_fraction : float
        HgTe share of the NC volume.
    excess_density_cm3 : float
        Photo-generated electron-hole pairs at the surface [cm^-3] (800 nm pump; declared:
        1e17 cm^-3, about 0.05 pairs per HgTe NC).
    hgte_diameter_m, gap_ev, temperature_k : float

    Returns
    -------
    float
        Shift [eV]: negative (towards lower binding energy) for a p-type film, positive for an
        n-type film.

    Notes
    -----
    Surface states pin the surface Fermi level near midgap (Bardeen pinning, [Kronik1999]), so
    the bands bend by V_bb = (E_F - E_mid)/q, E_F the film's Fermi level in the dark from its net
    doping (:func:`~ncled.materials.electronic.mixed_film`: HgTe-network holes minus the mobile
    electrons of a percolating
    ZnO network). Light separates pairs in the band-bending field and flattens the bands, moving
    every core level by the surface photovoltage, of the sign of V_bb and of magnitude
    ``min(|V_bb|, (kT/q) ln(1 + Delta n / |N_A - N_D|))`` ([Kronik1999], eq. for a depletion layer
    in
    the large-signal limit).
    """
    film = mixed_film(hgte_fraction, hgte_diameter_m)
    ef = _neutral_fermi_level(film.net_doping_cm3, film, gap_ev, temperature_k)
    ev, ec = _levels(gap_ev)
    vbb = ef - 0.5 * (ev + ec)
    kt = k_B * temperature_k / q
    cap = kt * np.log1p(excess_density_cm3 / max(abs(film.net_doping_cm3), 1.0))
    return float(np.sign(vbb) * min(abs(vbb), cap))

