"""Publication figures of the simulate command (matplotlib, Agg backend)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import xarray as xr

from ncled.cli.common import pyplot
from ncled.constants import q


def _plt():
    plt = pyplot()
    plt.rcParams.update({"font.size": 10, "axes.linewidth": 0.8, "savefig.dpi": 200,
                         "figure.constrained_layout.use": True})
    return plt


def jv_radiance(ds: xr.Dataset, path: Path, title: str) -> None:
    """Current density and radiance versus the contact voltage (log scales)."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(4.5, 3.4))
    v = ds.voltage.values
    j = ds.current_density.values / 10.0
    ok = j > 1e-4 * j.max()  # four decades below the largest current
    ax.semilogy(v[ok], j[ok], "-", color="C0", label="J")
    ax.set_xlabel("voltage (V)")
    ax.set_ylabel("current density (mA cm$^{-2}$)", color="C0")
    ax2 = ax.twinx()
    r = ds.radiance.values
    okr = r > 1e-5 * r.max()  # five decades of radiance
    ax2.semilogy(v[okr], r[okr], "--", color="C3", label="radiance")
    ax2.set_ylabel("radiance (W sr$^{-1}$ m$^{-2}$)", color="C3")
    ax.set_title(title, fontsize=9)
    fig.savefig(path)
    plt.close(fig)


def eqe_j(ds: xr.Dataset, path: Path, title: str) -> None:
    """EQE versus current density."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(4.5, 3.4))
    j = ds.current_density.values / 10.0
    ok = j > 0
    ax.semilogx(j[ok], 100 * ds.eqe.values[ok], "o-", ms=3)
    ax.set_xlabel("current density (mA cm$^{-2}$)")
    ax.set_ylabel("EQE (%)")
    ax.set_title(title, fontsize=9)
    fig.savefig(path)
    plt.close(fig)


def band_diagram(ds: xr.Dataset, path: Path, voltages: list[float], title: str) -> None:
    """Band edges and quasi-Fermi levels (eV, vacuum level 0) at a few biases."""
    plt = _plt()
    fig, axes = plt.subplots(1, len(voltages), figsize=(3.3 * len(voltages), 3.4), sharey=True)
    axes = np.atleast_1d(axes)
    x = ds.x.values * 1e9
    for ax, v in zip(axes, voltages, strict=True):
        s = ds.sel(voltage=v, method="nearest")
        ax.plot(x, s.ec.values / q, "k-", lw=1)
        ax.plot(x, s.ev.values / q, "k-", lw=1)
        ax.plot(x, s.efn.values / q, "C0--", lw=1, label="$E_{Fn}$")
        ax.plot(x, s.efp.values / q, "C3--", lw=1, label="$E_{Fp}$")
        ax.set_xlabel("position from cathode (nm)")
        ax.set_title(f"{float(s.voltage):.2f} V", fontsize=9)
    axes[0].set_ylabel("energy (eV, vacuum = 0)")
    axes[0].legend(fontsize=8, frameon=False)
    fig.suptitle(title, fontsize=9)
    fig.savefig(path)
    plt.close(fig)


def spectrum(ds: xr.Dataset, path: Path, title: str) -> None:
    """Intrinsic PL and simulated EL spectra (peak-normalised, per unit wavelength)."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(4.5, 3.4))
    wl = ds.wavelength.values * 1e6
    ax.plot(wl, ds.pl_spectrum.values, "C0-", label="intrinsic PL")
    ax.plot(wl, ds.el_spectrum.values, "C3-", label="EL (through the stack)")
    ax.set_xlabel("wavelength (µm)")
    ax.set_ylabel("normalised intensity")
    ax.legend(frameon=False)
    ax.set_title(title, fontsize=9)
    fig.savefig(path)
    plt.close(fig)


def composition(ds: xr.Dataset, path: Path, title: str) -> None:
    """Peak EQE and net doping of the emitter versus its HgTe fraction."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(4.5, 3.4))
    f = 100 * ds.hgte_fraction.values
    ax.plot(f, 100 * ds.peak_eqe.values, "o-", color="C0")
    ax.set_xlabel("HgTe in the emitting layer (vol. %)")
    ax.set_ylabel("peak EQE (%)", color="C0")
    ax2 = ax.twinx()
    ax2.plot(f, ds.net_doping.values * 1e-6, "s--", color="C2")
    ax2.axhline(0, color="0.6", lw=0.6)
    ax2.set_ylabel("$N_A - N_D$ (cm$^{-3}$; > 0: p-type)", color="C2")
    ax.set_title(title, fontsize=9)
    fig.savefig(path)
    plt.close(fig)
