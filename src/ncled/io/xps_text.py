"""Reader for two-column XPS text exports (energy, intensity), as written by beamline software,
PHI MultiPak, LG4X and lmfitxps examples.

The energy scale is recognised from the header or first comment: ``BE``/``binding`` or
``E_kin``/``KE``/``kinetic``; a photon energy written as ``hv=180eV`` in a comment is picked up.
Files without a header are taken as kinetic energy only when ``scale="kinetic"`` is given.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import xarray as xr

from ncled.errors import DataFormatError
from ncled.io._files import check_file, lines_note, read_text

_HV = re.compile(r"h\s*(?:v|nu|ν)\s*[=:]\s*([0-9.eE+-]+)\s*eV", re.IGNORECASE)


def read_xps_text(path: str | Path, scale: str | None = None,
                  photon_energy_ev: float | None = None) -> tuple[xr.Dataset, dict]:
    """Read a two-column XPS text file.

    Parameters
    ----------
    path : str or Path
        Comma, semicolon, tab or whitespace separated; ``#`` comments and one header line allowed.
    scale : {"binding", "kinetic"}, optional
        Override the energy scale found in the header.
    photon_energy_ev : float, optional
        Photon energy [eV], overriding an ``hv=...eV`` comment.

    Returns
    -------
    xarray.Dataset
        ``intensity`` along ``energy`` [eV] (ascending), ``attrs["scale"]`` ``binding`` or
        ``kinetic`` and ``attrs["photon_energy_ev"]`` (NaN when unknown).
    dict
        ``source``, ``header``, ``comments``, ``dropped_lines`` (rows with NaN or inf, dropped)
        and ``warnings`` naming them.
    """
    path = check_file(path)
    text = read_text(path)
    comments, header, rows, dropped = [], None, [], []
    for n, line in enumerate(text.splitlines(), start=1):
        s = line.strip()
        if not s:
            continue
        if s.startswith(("#", "%")):
            comments.append(s.lstrip("#% "))
            continue
        cells = [c for c in re.split(r"[,;\t ]+", s) if c]
        try:
            vals = [float(c) for c in cells]
        except ValueError:
            if rows or header is not None:
                raise DataFormatError(f"{path}: line {n}: {s!r} is not numeric data") from None
            header = s
            continue
        if len(vals) < 2:
            raise DataFormatError(f"{path}: line {n}: expected energy and intensity, got {s!r}")
        if not np.all(np.isfinite(vals[:2])):
            dropped.append(n)
            continue
        rows.append(vals[:2])
    if len(rows) < 3:
        raise DataFormatError(f"{path}: fewer than 3 data rows with finite values (dropped "
                              f"{len(dropped)} with NaN or inf); not an XPS spectrum")
    data = np.array(rows)
    label = " ".join([header or "", *comments]).lower()
    if scale is None:
        if re.search(r"\bbe\b|binding", label):
            scale = "binding"
        elif re.search(r"e_?kin|\bke\b|kinetic", label):
            scale = "kinetic"
        else:
            raise DataFormatError(f"{path}: cannot tell binding from kinetic energy (no 'BE' or "
                                  "'E_kin' in the header); give the scale: --scale binding or "
                                  "kinetic (scale= in Python)")
    if scale not in ("binding", "kinetic"):
        raise DataFormatError(f"scale must be 'binding' or 'kinetic', got {scale!r}")
    hv = photon_energy_ev
    if hv is None:
        m = _HV.search(" ".join([*comments, header or ""]))
        hv = float("nan")
        if m:
            try:
                hv = float(m.group(1))
            except ValueError:
                hv = float("nan")
            if not (np.isfinite(hv) and hv > 0):
                raise DataFormatError(f"{path}: photon energy {m.group(1)!r} in "
                                      f"{m.group(0)!r} is not a positive number of eV")
    order = np.argsort(data[:, 0])
    ds = xr.Dataset({"intensity": ("energy", data[order, 1], {"units": "counts"})},
                    coords={"energy": ("energy", data[order, 0], {"units": "eV"})},
                    attrs={"scale": scale, "photon_energy_ev": hv, "source": str(path)})
    warnings = ([f"dropped {len(dropped)} row(s) with NaN or inf values "
                 f"({lines_note(dropped)})"] if dropped else [])
    return ds, {"source": str(path), "header": header, "comments": comments,
                "dropped_lines": dropped, "warnings": warnings}
