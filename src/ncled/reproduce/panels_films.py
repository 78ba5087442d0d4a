"""Panels of the film measurements: the electrolyte-gated FET (Fig. 4b-d) and the TrXPS surface
photovoltage (Fig. 5d), from the forward models of ``ncled.transport.films``.

Those models come with the parameter registry; where ``ncled.transport.films`` is not installed
:data:`AVAILABLE` is False and the registry lists the panels as "not modelled yet".

References
----------
.. [Qu2022] J. Qu et al., Nat. Photon. 16, 38 (2022), doi:10.1038/s41566-021-00902-y.
"""

from __future__ import annotations

import importlib.util

import numpy as np
import xarray as xr

from ncled.reproduce.context import PanelResult, ReproduceContext, new_figure

#: True where the film forward models exist.
AVAILABLE = importlib.util.find_spec("ncled.transport.films") is not None
#: HgTe fractions of the FET panel: the paper's films from pure HgTe to 25 % HgTe [Qu2022].
FET_FRACTIONS = (1.0, 0.75, 0.5, 0.25)
#: Gate voltages of the drawn transfer curves [V].
GATE_VOLTAGES = np.linspace(-1.0, 1.0, 201)
#: HgTe fractions of the TrXPS panel (fine enough to place the sign change to 2.5 %).
SPV_FRACTIONS = np.linspace(0.15, 1.0, 35)


def sign_change(x, y) -> float:
    """First ``x`` where ``y`` changes sign, by linear interpolation (NaN if it never does)."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    idx = np.flatnonzero(np.sign(y[1:]) != np.sign(y[:-1]))
    if idx.size == 0:
        return float("nan")
    i = int(idx[0])
    return float(x[i] - y[i] * (x[i + 1] - x[i]) / (y[i + 1] - y[i]))


def panel_4bd(ctx: ReproduceContext) -> PanelResult:
    """Transfer curves, neutrality gate voltage and mu_e/mu_h versus the HgTe fraction."""
    from ncled.transport.films import (
        fet_mobility_ratio,
        fet_neutrality_voltage,
        fet_transfer_curve,
    )

    ctx.say("FET forward model")
    fr = np.asarray(FET_FRACTIONS)
    sigma = np.stack([fet_transfer_curve(f, GATE_VOLTAGES).conductivity.values for f in fr])
    v_n = np.array([fet_neutrality_voltage(f) for f in fr])
    ratio = np.array([fet_mobility_ratio(f) for f in fr])
    data = xr.Dataset(
        {"conductivity": (("hgte_fraction", "gate_voltage"), sigma, {"units": "S/m"}),
         "neutrality_voltage": ("hgte_fraction", v_n, {"units": "V"}),
         "mobility_ratio": ("hgte_fraction", ratio, {"units": "1", "long_name": "mu_e / mu_h"})},
        coords={"hgte_fraction": ("hgte_fraction", fr, {"units": "1"}),
                "gate_voltage": ("gate_voltage", GATE_VOLTAGES, {"units": "V"})})
    fig, (ax_c, ax_v) = new_figure(2, width=4.0)
    for f, s in zip(fr, sigma, strict=True):
        ax_c.semilogy(GATE_VOLTAGES, s, label=f"{f:.0%} HgTe")
    ax_c.set(xlabel="gate voltage (V)", ylabel="conductivity (S/m)", title="4b-c  transfer")
    ax_c.legend(frameon=False, fontsize=8)
    ax_v.plot(100 * fr, v_n, "C0o-")
    ax_v.set(xlabel="HgTe (vol. %)", title="4d  neutrality and mobility ratio")
    ax_v.set_ylabel("neutrality gate voltage (V)", color="C0")
    ax2 = ax_v.twinx()
    ax2.semilogy(100 * fr, ratio, "C2s--")
    ax2.set_ylabel("μe / μh", color="C2")
    i50, i100 = int(np.argmin(np.abs(fr - 0.5))), int(np.argmin(np.abs(fr - 1.0)))
    numbers = {"neutrality_shift_v": v_n[i50] - v_n[i100],
               "mobility_ratio_change": ratio[i50] / ratio[i100],
               "neutrality_v_100": v_n[i100], "neutrality_v_50": v_n[i50],
               "mobility_ratio_100": ratio[i100], "mobility_ratio_50": ratio[i50]}
    return PanelResult(data, fig, numbers, "electrolyte-gated channel through the HgTe network "
                       "of the mixed-film model (ncled.transport.films)")


def panel_5de(ctx: ReproduceContext) -> PanelResult:
    """Light-induced Hg 4f shift (surface photovoltage) versus the HgTe fraction."""
    from ncled.transport.films import surface_photovoltage

    ctx.say("surface-photovoltage forward model")
    spv = np.array([surface_photovoltage(f) for f in SPV_FRACTIONS])
    data = xr.Dataset({"hg4f_shift": ("hgte_fraction", spv, {"units": "eV"})},
                      coords={"hgte_fraction": ("hgte_fraction", SPV_FRACTIONS, {"units": "1"})})
    fig, ax = new_figure()
    ax.plot(100 * SPV_FRACTIONS, 1e3 * spv, "C0o-", ms=3)
    ax.axhline(0, color="0.6", lw=0.6)
    ax.set(xlabel="HgTe (vol. %)", ylabel="Hg 4f light-induced shift (meV)",
           title="5d  TrXPS surface photovoltage")
    at = {f: float(np.interp(f, SPV_FRACTIONS, spv)) * 1e3 for f in (0.25, 0.5, 1.0)}
    numbers = {"trxps_sign_change_fraction": sign_change(SPV_FRACTIONS, spv),
               "hg4f_shift_25_mev": at[0.25], "hg4f_shift_50_mev": at[0.5],
               "hg4f_shift_100_mev": at[1.0]}
    return PanelResult(data, fig, numbers, "band bending of a surface-pinned film flattened by "
                       "the pump, from the mixed film's doping (ncled.transport.films)")
