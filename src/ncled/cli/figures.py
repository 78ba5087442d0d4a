"""Publication figures of the simulate command (matplotlib, Agg backend)."""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import xarray as xr

from ncled.cli.common import err_console, pyplot
from ncled.constants import q

#: The style of these figures, applied only while each is drawn (never to matplotlib's global
#: state, which other commands in the same process share). The margins are fixed (see
#: :func:`_margins`) instead of a layout engine, which draws the figure several times to
#: measure its text (two thirds of the drawing time).
_STYLE = {"font.size": 10, "axes.linewidth": 0.8, "savefig.dpi": 200}
#: PNG compression: zlib level 1 (the default 6 takes several times longer for files about 15 %
#: smaller; the image is the same, PNG being lossless).
_PNG = {"pil_kwargs": {"compress_level": 1}}


def _styled(draw):
    """Run a figure function inside the style's ``rc_context``."""

    @functools.wraps(draw)
    def wrapper(*args, **kwargs):
        with pyplot().rc_context(_STYLE):
            return draw(*args, **kwargs)

    return wrapper


def _margins(fig, left: float = 0.75, right: float = 0.15, bottom: float = 0.5,
             top: float = 0.3, wspace: float = 0.0) -> None:
    """Fixed margins in inches (room for the tick labels, axis labels and title at the style's
    font sizes; ``right`` wider for a second y axis), ``wspace`` between panels in inches."""
    w, h = fig.get_size_inches()
    n = len(fig.axes)
    fig.subplots_adjust(left=left / w, right=1 - right / w, bottom=bottom / h, top=1 - top / h,
                        wspace=wspace * n / max(w - left - right - wspace * (n - 1), 1e-3))


def finite_points(path: Path, what: str, x: np.ndarray, *ys: np.ndarray) -> np.ndarray:
    """Mask of the points where ``x`` and every ``ys`` are finite; the others are named on stderr
    (the figure says it too, see ``_note_missing``)."""
    ok = np.isfinite(x)
    for y in ys:
        ok &= np.isfinite(y)
    if not ok.all():
        err_console.print(f"warning: {path.name}: {int((~ok).sum())} of {ok.size} points of "
                          f"{what} are not finite and are not plotted (x = "
                          f"{', '.join(f'{v:.3g}' for v in np.asarray(x)[~ok][:8])})",
                          soft_wrap=True)
    return ok


def _note_missing(ax, ok: np.ndarray) -> None:
    if not ok.all():
        ax.text(0.02, 0.02, f"{int((~ok).sum())} non-finite point(s) not shown",
                transform=ax.transAxes, fontsize=7, color="0.4")


@_styled
def jv_radiance(ds: xr.Dataset, path: Path, title: str) -> None:
    """Current density and radiance versus the contact voltage, from the first bias (0 V).

    Both axes are symmetric-logarithmic: logarithmic over the top decades and linear below
    ``1e-5`` of the maximum, so that the zero current and radiance at 0 V are on the curve.
    """
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(4.5, 3.4))
    v = ds.voltage.values
    j = ds.current_density.values / 10.0
    r = ds.radiance.values
    ok = finite_points(path, "J(V)", v, j)
    okr = finite_points(path, "radiance(V)", v, r)
    if ok.any():
        ax.plot(v[ok], j[ok], "-", color="C0", label="J")
        ax.set_yscale("symlog", linthresh=max(1e-5 * float(np.abs(j[ok]).max()), 1e-12))
    ax.set_xlabel("voltage (V)")
    ax.set_ylabel("current density (mA cm$^{-2}$)", color="C0")
    ax2 = ax.twinx()
    if okr.any():
        ax2.plot(v[okr], r[okr], "--", color="C3", label="radiance")
        ax2.set_yscale("symlog", linthresh=max(1e-5 * float(np.abs(r[okr]).max()), 1e-15))
    ax2.set_ylabel("radiance (W sr$^{-1}$ m$^{-2}$)", color="C3")
    if np.isfinite(v).any():
        ax.set_xlim(np.nanmin(v), np.nanmax(v))
    _note_missing(ax, ok & okr)
    ax.set_title(title, fontsize=9)
    _margins(fig, left=0.8, right=0.8)
    fig.savefig(path, **_PNG)
    plt.close(fig)


@_styled
def eqe_j(ds: xr.Dataset, path: Path, title: str) -> None:
    """EQE versus current density."""
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(4.5, 3.4))
    j = ds.current_density.values / 10.0
    eqe = ds.eqe.values
    fin = finite_points(path, "EQE(J)", j, eqe)
    ok = fin & (j > 0)
    ax.semilogx(j[ok], 100 * eqe[ok], "o-", ms=3)
    _note_missing(ax, fin)
    ax.set_xlabel("current density (mA cm$^{-2}$)")
    ax.set_ylabel("EQE (%)")
    ax.set_title(title, fontsize=9)
    _margins(fig, left=0.7)
    fig.savefig(path, **_PNG)
    plt.close(fig)


@_styled
def band_diagram(ds: xr.Dataset, path: Path, voltages: list[float], title: str) -> None:
    """Band edges and quasi-Fermi levels (eV, vacuum level 0) at a few biases."""
    plt = pyplot()
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
    _margins(fig, left=0.7, top=0.5, wspace=0.12)
    fig.savefig(path, **_PNG)
    plt.close(fig)


@_styled
def spectrum(ds: xr.Dataset, path: Path, title: str) -> None:
    """Intrinsic PL and simulated EL spectra (peak-normalised, per unit wavelength)."""
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(4.5, 3.4))
    wl = ds.wavelength.values * 1e6
    ax.plot(wl, ds.pl_spectrum.values, "C0-", label="intrinsic PL")
    ax.plot(wl, ds.el_spectrum.values, "C3-", label="EL (through the stack)")
    ax.set_xlabel("wavelength (µm)")
    ax.set_ylabel("normalised intensity")
    ax.legend(frameon=False)
    ax.set_title(title, fontsize=9)
    _margins(fig, left=0.7)
    fig.savefig(path, **_PNG)
    plt.close(fig)


@_styled
def composition(ds: xr.Dataset, path: Path, title: str) -> None:
    """Peak EQE and net doping of the emitter versus its HgTe fraction."""
    plt = pyplot()
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
    _margins(fig, left=0.7, right=0.75)
    fig.savefig(path, **_PNG)
    plt.close(fig)
