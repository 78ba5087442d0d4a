"""Emitter efficiency and charge balance from the drift-diffusion solution (pure functions).

Charge balance is a result, not an input: the fraction of the current that forms excitons in the
emitting layer (bimolecular, Langevin, recombination there). The rest of the current is lost to
the other channels the transport model carries: trap-assisted (SRH) recombination in every film,
recombination across the heterointerfaces, recombination in the injection layers, and carriers
that leave through the opposite contact.

An exciton on a nanocrystal emits with the efficiency

    eta_rad = F k_r / (F k_r + k_nr + theta k_X*),

F the Purcell factor, k_r and k_nr the radiative and non-radiative rates, k_X* the trion Auger
rate ([Klimov2014]: k_X* = k_XX / 4 for symmetric trions) and theta the probability that the
nanocrystal holding the exciton also holds an extra carrier ([Bae2013]). With the states of the
film's statistics (Gauss-Fermi: per-state occupancies f_n = n / N_c and f_p = p / N_v, never above
one) and independent occupation of the states the exciton leaves free,

    theta = 1 - (1 - f_n)^(g_n - 1) (1 - f_p)^(g_p - 1),

g_n, g_p the electron and hole states per nanocrystal. This counts electrons and holes alike
(charges on different nanocrystals do not cancel) and replaces the net-charge form ``|n - p| / N``.

References
----------
.. [Klimov2014] V. I. Klimov, Annu. Rev. Condens. Matter Phys. 5, 285 (2014),
   doi:10.1146/annurev-conmatphys-031113-133900.
.. [Bae2013] W. K. Bae et al., Nat. Commun. 4, 2661 (2013), doi:10.1038/ncomms3661.
.. [Furno2012] M. Furno et al., Phys. Rev. B 85, 115205 (2012), doi:10.1103/PhysRevB.85.115205.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from ncled.constants import q
from ncled.parameters import value as _param


def charged_exciton_probability(n, p, states_n, states_p, g_n: float | None = None,
                                g_p: float | None = None):
    """Probability theta that an exciton's nanocrystal holds an extra electron or hole.

    Parameters
    ----------
    n, p : array_like
        Electron and hole densities [m^-3].
    states_n, states_p : array_like
        Electron and hole states per volume of the emitter [m^-3].
    g_n, g_p : float, optional
        States per nanocrystal (default: registry ``HgTe.states_cb`` = 2, ``HgTe.states_vb`` = 4).

    Returns
    -------
    ndarray
        theta in [0, 1].
    """
    g_n = _param("HgTe.states_cb") if g_n is None else g_n
    g_p = _param("HgTe.states_vb") if g_p is None else g_p
    fn = np.clip(np.asarray(n, dtype=float) / states_n, 0.0, 1.0)
    fp = np.clip(np.asarray(p, dtype=float) / states_p, 0.0, 1.0)
    return 1.0 - (1.0 - fn) ** (g_n - 1.0) * (1.0 - fp) ** (g_p - 1.0)


def radiative_efficiency(purcell, k_radiative, k_nonradiative, k_trion, theta):
    """eta_rad = F k_r / (F k_r + k_nr + theta k_X*) (see the module notes)."""
    kr = np.asarray(purcell) * k_radiative
    return kr / (kr + k_nonradiative + np.asarray(theta) * k_trion)


def trion_auger_rate(biexciton_auger_rate):
    """k_X* = ratio x k_XX with the registry's ``LED.trion_to_biexciton_auger`` [Klimov2014]."""
    return _param("LED.trion_to_biexciton_auger") * np.asarray(biexciton_auger_rate)


def charge_balance(exciton_rate_per_area, current_density):
    """Excitons formed in the emitter per electron of the current: q G / J (NaN where J <= 0)."""
    j = np.asarray(current_density, dtype=float)
    g = np.asarray(exciton_rate_per_area, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(j > 0, q * g / j, np.nan)


def current_budget(sweep, emitter_layer: int) -> xr.Dataset:
    """Where the current goes: the share of J in each recombination channel, per bias.

    Parameters
    ----------
    sweep : ncled.transport.SweepResult
    emitter_layer : int
        Index of the emitting layer in ``sweep.layer_names``.

    Returns
    -------
    xarray.Dataset
        On ``voltage``: ``emitter_excitons`` (Langevin in the emitter: the charge balance),
        ``emitter_traps`` (SRH in the emitter), ``other_layers`` (all recombination outside the
        emitter), ``interfaces`` (across the heterointerfaces) and ``leakage`` (the remainder:
        carriers leaving through the opposite contact), each a fraction of ``|J|``.
    """
    j = np.abs(np.asarray(sweep.current, dtype=float))
    em = sweep.layer == emitter_layer

    def integral(rate, mask):
        return q * np.trapezoid(np.where(mask, rate, 0.0), sweep.x, axis=1)

    tot_bulk = sweep.r_langevin + sweep.r_srh + sweep.r_auger
    parts = {
        "emitter_excitons": integral(sweep.r_langevin, em),
        "emitter_traps": integral(sweep.r_srh + sweep.r_auger, em),
        "other_layers": integral(tot_bulk, ~em),
        "interfaces": (q * sweep.r_interface.sum(axis=1) if sweep.r_interface is not None
                       else np.zeros_like(j)),
    }
    with np.errstate(divide="ignore", invalid="ignore"):
        shares = {k: np.where(j > 0, v / j, np.nan) for k, v in parts.items()}
        shares["leakage"] = 1.0 - sum(shares.values())
    return xr.Dataset({k: ("voltage", v, {"units": "1"}) for k, v in shares.items()},
                      coords={"voltage": ("voltage", sweep.voltage, {"units": "V"})})
