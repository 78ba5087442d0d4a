"""Figures of studies: 1-D and 2-D maps of a sweep, the Pareto front, a fit's overlay.

Lengths are shown in nm; the study's base device (for the built-in reference, the paper's design:
35 nm ITO, 50 % HgTe) is marked on the maps.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import xarray as xr

from ncled.errors import ConfigError


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _display(values: np.ndarray, units: str) -> tuple[np.ndarray, str]:
    """SI values in display units (m -> nm)."""
    if units == "m":
        return values * 1e9, "nm"
    return values, units


def _label(name: str, units: str) -> str:
    return f"{name} [{units}]" if units and units != "1" else name


def sweep_map(ds: xr.Dataset, var: str, path: Path, x: str | None = None,
              y: str | None = None) -> Path:
    """A 1-D curve (one parameter) or 2-D map (two) of ``var`` over a study's parameters.

    Parameters other than ``x`` and ``y`` are reduced by taking, at each (x, y), the point with
    the best (largest) value. The base device is marked (its parameter values).

    Raises
    ------
    ConfigError
        Unknown variable or parameter.
    """
    names = ds.attrs["parameters"].split(",")
    if var not in ds.data_vars or ds[var].dims != ("point",):
        scalars = [k for k in ds.data_vars if ds[k].dims == ("point",)]
        raise ConfigError(f"--var {var!r} is not a figure of merit of the study; known: {scalars}")
    x = x or names[0]
    y = y if y is not None else (names[1] if len(names) > 1 else None)
    for p in (x, y):
        if p is not None and p not in names:
            raise ConfigError(f"{p!r} is not a parameter of the study; parameters: {names}")
    base = dict(zip(names, np.asarray(ds.attrs.get("base_values", [np.nan] * len(names))),
                    strict=True))
    ok = ds.where(ds.status == 1, drop=True)
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(5.5, 4.2))
    xv, xu = _display(ok[x].values, ds[x].attrs.get("units", ""))
    v = ok[var].values
    vu = ds[var].attrs.get("units", "")
    if y is None:
        order = np.argsort(xv)
        ax.plot(xv[order], v[order], "o-")
        ax.set_ylabel(_label(var, vu))
        bx, _ = _display(np.array([base[x]]), ds[x].attrs.get("units", ""))
        if np.isfinite(bx[0]):
            ax.axvline(bx[0], color="k", ls="--", label=f"{ds.attrs.get('device', 'base')} design")
            ax.legend()
    else:
        yv, yu = _display(ok[y].values, ds[y].attrs.get("units", ""))
        ux, uy = np.unique(xv), np.unique(yv)
        grid = np.full((uy.size, ux.size), np.nan)
        for a, b, c in zip(xv, yv, v, strict=True):
            i, j = np.searchsorted(uy, b), np.searchsorted(ux, a)
            grid[i, j] = c if not np.isfinite(grid[i, j]) else max(grid[i, j], c)
        if ux.size > 1 and uy.size > 1:
            mesh = ax.pcolormesh(ux, uy, grid, shading="nearest")
        else:
            mesh = ax.scatter(xv, yv, c=v)
        fig.colorbar(mesh, ax=ax, label=_label(var, vu))
        bx, _ = _display(np.array([base[x]]), ds[x].attrs.get("units", ""))
        by, _ = _display(np.array([base[y]]), ds[y].attrs.get("units", ""))
        if np.isfinite(bx[0]) and np.isfinite(by[0]):
            ax.plot(bx, by, "r*", ms=14, label=f"{ds.attrs.get('device', 'base')} design")
            ax.legend(loc="best")
        ax.set_ylabel(_label(y, yu))
    ax.set_xlabel(_label(x, xu))
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def pareto_figure(values: np.ndarray, front: np.ndarray, names: list[str], path: Path,
                  reference: np.ndarray | None = None) -> Path:
    """Objective 0 against objective 1 of every trial, the front highlighted, the base device
    (``reference``) marked."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(5.5, 4.2))
    ax.plot(values[:, 0], values[:, 1], ".", color="0.6", label="trials")
    f = values[front]
    order = np.argsort(f[:, 0])
    ax.plot(f[order, 0], f[order, 1], "o-", color="C3", label="Pareto front")
    if reference is not None and np.all(np.isfinite(reference[:2])):
        ax.plot(reference[0], reference[1], "k*", ms=14, label="base design")
    ax.set_xlabel(names[0])
    ax.set_ylabel(names[1] if len(names) > 1 else "")
    ax.legend()
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def fit_overlay(v: np.ndarray, data: dict[str, np.ndarray], model: dict[str, np.ndarray],
                units: dict[str, str], path: Path, title: str = "") -> Path:
    """Measured points and the fitted model, one log-scale panel per observable."""
    plt = _pyplot()
    fig, axes = plt.subplots(1, len(data), figsize=(5 * len(data), 4), squeeze=False)
    for ax, (key, y) in zip(axes[0], data.items(), strict=True):
        ax.semilogy(v, np.abs(y), "o", label="measured")
        ax.semilogy(v, np.abs(model[key]), "-", label="model (fit)")
        ax.set_xlabel("voltage [V]")
        ax.set_ylabel(f"{key} [{units[key]}]")
        ax.legend()
    fig.suptitle(title)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path
