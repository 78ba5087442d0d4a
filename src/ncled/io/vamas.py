"""Reader for VAMAS surface-analysis files (``.vms``, ISO 14976:1998).

A VAMAS file is a sequence of lines: an experiment header, then one block per spectral region.
The lines present depend on the experiment mode (NORM, MAP, SDP, ...), the scan mode (REGULAR:
start and step of the abscissa; IRREGULAR: the abscissa is stored as the first corresponding
variable) and the technique. This parser follows the field order of the standard, accepts files
that start with blank lines (Kratos exports), reads every block of multi-region files and keeps
the block comment (where CasaXPS stores its fits).

References
----------
ISO 14976:1998, Surface chemical analysis - Data transfer format; W. A. Dench, L. B. Hazell and
M. P. Seah, Surf. Interface Anal. 13, 63 (1988), doi:10.1002/sia.740130202 (VAMAS format).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import xarray as xr

from ncled.errors import DataFormatError
from ncled.io._files import check_file, lines_note, read_text, require_finite

_EXP_MODES = {"MAP", "MAPDP", "MAPSV", "MAPSVDP", "NORM", "SDP", "SDPSV", "SEM", "NOEXP"}
_SCAN_MODES = {"REGULAR", "IRREGULAR", "MAPPING"}
_SPUTTER_TECH = {"AES diff", "AES dir", "EDX", "ELS", "UPS", "XPS", "XRF"}


@dataclass
class VamasBlock:
    """One region of a VAMAS file (energies in eV, the file's unit)."""

    block_id: str
    sample_id: str
    technique: str
    source_label: str
    photon_energy_ev: float
    analyser_mode: str
    pass_energy_ev: float
    work_function_ev: float
    species: str
    transition: str
    abscissa_label: str
    abscissa_units: str
    abscissa: np.ndarray
    variables: dict[str, np.ndarray]
    variable_units: dict[str, str]
    comment: list[str] = field(default_factory=list)
    collection_time_s: float = float("nan")
    n_scans: int = 1
    extra: dict[str, float] = field(default_factory=dict)
    #: 1-based file lines of the points dropped because a value was NaN or inf
    dropped_lines: list[int] = field(default_factory=list)

    @property
    def name(self) -> str:
        """``species transition`` (e.g. ``Fe 2p``) or the block identifier."""
        label = f"{self.species} {self.transition}".strip()
        return label or self.block_id

    @property
    def intensity(self) -> np.ndarray:
        """The first corresponding variable (counts or counts per second)."""
        return next(iter(self.variables.values()))

    def binding_energy_ev(self, work_function_ev: float = 0.0) -> np.ndarray:
        """Binding energy [eV] referred to the Fermi level.

        For a kinetic-energy abscissa ``BE = hv - KE - work_function_ev``. Instruments that
        write VAMAS (Kratos, SPECS Prodigy, CasaXPS exports) store kinetic energies already
        referred to the Fermi level, so the default correction is 0 (the analyser work function
        in the file, ``self.work_function_ev``, is kept for information: applying it puts Pt 4f7/2
        of the public CasaXPS file away from 71.1 eV).
        """
        label = self.abscissa_label.lower()
        if "binding" in label:
            return self.abscissa.copy()
        if not np.isfinite(self.photon_energy_ev):
            raise DataFormatError(f"block {self.name!r}: no source energy for a binding scale")
        return self.photon_energy_ev - self.abscissa - work_function_ev


class _Lines:
    """A cursor over the lines of the file that reports where a truncation happened."""

    def __init__(self, lines: list[str], path: Path) -> None:
        self.lines = lines
        self.i = 0
        self.path = path

    def next(self, what: str) -> str:
        if self.i >= len(self.lines):
            raise DataFormatError(f"{self.path}: truncated VAMAS file: end of file while "
                                  f"reading {what} (line {self.i + 1})")
        s = self.lines[self.i]
        self.i += 1
        return s.rstrip("\r\n")

    def int(self, what: str) -> int:
        """A count (lines, blocks, values): a non-negative integer."""
        s = self.next(what)
        try:
            v = float(s.strip())
        except ValueError:
            v = float("nan")
        if not (np.isfinite(v) and v >= 0 and v == int(v)):
            raise DataFormatError(f"{self.path}: line {self.i}: expected a non-negative integer "
                                  f"for {what}, found {s!r}")
        return int(v)

    def float(self, what: str) -> float:
        s = self.next(what)
        try:
            v = float(s.strip())
        except ValueError:
            raise DataFormatError(f"{self.path}: line {self.i}: expected a number for {what}, "
                                  f"found {s!r}") from None
        return float("nan") if abs(v) >= 1e37 else v  # 1e37 marks "not given"


def read_vamas(path: str | Path) -> tuple[list[VamasBlock], dict]:
    """Read every block of a VAMAS file.

    Parameters
    ----------
    path : str or Path
        The ``.vms`` file.

    Returns
    -------
    list of VamasBlock
        The regions in file order.
    dict
        Header metadata: ``institution``, ``instrument``, ``operator``, ``experiment``,
        ``comment``, ``experiment_mode``, ``scan_mode``, ``n_blocks``.

    Raises
    ------
    DataFormatError
        Not a VAMAS file, truncated, an unsupported mode, or a value that is not a number; the
        message gives the line number.
    """
    path = check_file(path)
    lines = read_text(path).splitlines()
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    if start >= len(lines) or not lines[start].startswith("VAMAS Surface Chemical Analysis"):
        raise DataFormatError(f"{path}: not a VAMAS file (the first line must start with "
                              "'VAMAS Surface Chemical Analysis Standard Data Transfer Format')")
    cur = _Lines(lines, path)
    cur.i = start + 1
    meta: dict = {"source": str(path)}
    for key in ("institution", "instrument", "operator", "experiment"):
        meta[key] = cur.next(key).strip()
    meta["comment"] = [cur.next("header comment") for _ in range(cur.int("comment lines"))]
    exp_mode = cur.next("experiment mode").strip()
    scan_mode = cur.next("scan mode").strip()
    if exp_mode not in _EXP_MODES or scan_mode not in _SCAN_MODES:
        raise DataFormatError(f"{path}: line {cur.i}: unknown experiment/scan mode "
                              f"{exp_mode!r}/{scan_mode!r}")
    meta["experiment_mode"], meta["scan_mode"] = exp_mode, scan_mode
    if exp_mode in {"MAP", "MAPDP", "NORM", "SDP"}:
        meta["n_regions"] = cur.int("number of spectral regions")
    if exp_mode in {"MAP", "MAPDP"}:
        for what in ("analysis positions", "discrete x coordinates", "discrete y coordinates"):
            cur.int(what)
    exp_vars = []
    for _ in range(cur.int("number of experimental variables")):
        exp_vars.append((cur.next("experimental variable label").strip(),
                         cur.next("experimental variable unit").strip()))
    n_incl = cur.int("parameter inclusion list length")
    if n_incl != 0:
        raise DataFormatError(f"{path}: VAMAS parameter inclusion/exclusion lists are not "
                              "supported (the file has one); re-export with all parameters")
    for _ in range(cur.int("manually entered items")):
        cur.next("manually entered item")
    n_future_exp = cur.int("future experiment entries")
    n_future_block = cur.int("future block entries")
    for _ in range(n_future_exp):
        cur.next("future experiment entry")
    n_blocks = cur.int("number of blocks")
    if n_blocks == 0:
        raise DataFormatError(f"{path}: line {cur.i}: the file holds no block (no spectrum)")
    meta["n_blocks"] = n_blocks
    blocks = [_read_block(cur, exp_mode, scan_mode, len(exp_vars), n_future_block, k + 1)
              for k in range(n_blocks)]
    meta["warnings"] = [
        f"block {b.name!r}: dropped {len(b.dropped_lines)} point(s) with a NaN or inf value "
        f"({lines_note(b.dropped_lines)})" for b in blocks if b.dropped_lines]
    return blocks, meta


def _read_block(cur: _Lines, exp_mode: str, scan_mode: str, n_exp_vars: int,
                n_future_block: int, number: int) -> VamasBlock:
    where = f"block {number}"
    block_id = cur.next(f"{where} identifier").strip()
    sample_id = cur.next(f"{where} sample identifier").strip()
    for what in ("year", "month", "day", "hour", "minute", "second", "GMT offset"):
        cur.next(f"{where} {what}")
    comment = [cur.next(f"{where} comment") for _ in range(cur.int(f"{where} comment lines"))]
    technique = cur.next(f"{where} technique").strip()
    if exp_mode in {"MAP", "MAPDP"}:
        cur.next("x coordinate")
        cur.next("y coordinate")
    for _ in range(n_exp_vars):
        cur.next(f"{where} experimental variable value")
    source_label = cur.next(f"{where} source label").strip()
    sputter = exp_mode in {"MAPDP", "MAPSVDP", "SDP", "SDPSV"}
    if sputter:
        for what in ("sputtering ion atomic number", "atoms in ion", "ion charge"):
            cur.next(what)
    photon = cur.float(f"{where} source energy")
    for what in ("source strength", "beam width x", "beam width y"):
        cur.next(f"{where} {what}")
    if exp_mode in {"MAP", "MAPDP", "MAPSV", "MAPSVDP", "SEM"}:
        cur.next("field of view x")
        cur.next("field of view y")
    if exp_mode in {"MAPSV", "MAPSVDP", "SEM"}:
        for _ in range(6):
            cur.next("linescan coordinate")
    cur.next(f"{where} source polar angle")
    cur.next(f"{where} source azimuth")
    analyser_mode = cur.next(f"{where} analyser mode").strip()
    pass_energy = cur.float(f"{where} pass energy")
    if technique == "AES diff":
        cur.next("differential width")
    cur.next(f"{where} magnification")
    work_function = cur.float(f"{where} analyser work function")
    for what in ("target bias", "analysis width x", "analysis width y", "take-off polar angle",
                 "take-off azimuth"):
        cur.next(f"{where} {what}")
    species = cur.next(f"{where} species label").strip()
    transition = cur.next(f"{where} transition label").strip()
    cur.next(f"{where} detected particle charge")
    if scan_mode == "REGULAR":
        abs_label = cur.next(f"{where} abscissa label").strip()
        abs_units = cur.next(f"{where} abscissa units").strip()
        abs_start = cur.float(f"{where} abscissa start")
        abs_step = cur.float(f"{where} abscissa increment")
    n_var = cur.int(f"{where} number of corresponding variables")
    if n_var < 1:
        raise DataFormatError(f"{cur.path}: {where} has no corresponding variable")
    var_labels = []
    for _ in range(n_var):
        var_labels.append((cur.next(f"{where} variable label").strip(),
                           cur.next(f"{where} variable units").strip()))
    cur.next(f"{where} signal mode")
    collection = cur.float(f"{where} signal collection time")
    n_scans = cur.int(f"{where} number of scans")
    cur.next(f"{where} signal time correction")
    if sputter and technique in _SPUTTER_TECH:
        for _ in range(7):
            cur.next("sputtering source parameter")
    for what in ("sample tilt", "sample tilt azimuth", "sample rotation"):
        cur.next(f"{where} {what}")
    extra: dict[str, float] = {}
    for _ in range(cur.int(f"{where} additional parameters")):
        label = cur.next("additional parameter label").strip()
        cur.next("additional parameter units")
        extra[label] = cur.float(f"additional parameter {label!r}")
    for _ in range(n_future_block):
        cur.next("future block entry")
    n_values = cur.int(f"{where} number of ordinate values")
    for _ in range(n_var):
        cur.next("minimum ordinate")
        cur.next("maximum ordinate")
    if n_values == 0 or n_values % n_var:
        raise DataFormatError(f"{cur.path}: line {cur.i}: {where}: {n_values} values do not "
                              f"divide into {n_var} variables")
    end = cur.i + n_values
    if end > len(cur.lines):
        raise DataFormatError(f"{cur.path}: truncated VAMAS file: {where} ({species} "
                              f"{transition}) announces {n_values} values but the file ends "
                              f"after {len(cur.lines) - cur.i}")
    try:
        values = np.array([float(s) for s in cur.lines[cur.i:end]])
    except ValueError:
        bad = next(k for k, s in enumerate(cur.lines[cur.i:end]) if not _isfloat(s))
        raise DataFormatError(f"{cur.path}: line {cur.i + bad + 1}: {where} value "
                              f"{cur.lines[cur.i + bad]!r} is not a number") from None
    first_line = cur.i + 1
    cur.i = end
    table = values.reshape(-1, n_var)
    if scan_mode == "REGULAR":
        require_finite(np.array([abs_start, abs_step]), cur.path,
                       f"{where}: the abscissa start and increment", "1e37 means 'not given'")
        abscissa = abs_start + abs_step * np.arange(table.shape[0])
        require_finite(abscissa, cur.path, f"{where}: the abscissa")
        variables = {lab: table[:, k] for k, (lab, _u) in enumerate(var_labels)}
        units = {lab: u for lab, u in var_labels}
    else:  # IRREGULAR: the first corresponding variable is the abscissa
        if n_var < 2:
            raise DataFormatError(f"{cur.path}: {where}: an IRREGULAR block needs the abscissa "
                                  "and at least one signal variable")
        abs_label, abs_units = var_labels[0]
        abscissa = table[:, 0]
        variables = {lab: table[:, k] for k, (lab, _u) in enumerate(var_labels) if k > 0}
        units = {lab: u for lab, u in var_labels[1:]}
    finite = np.isfinite(table).all(axis=1) & np.isfinite(abscissa)
    dropped = [first_line + n_var * int(k) for k in np.flatnonzero(~finite)]
    if finite.sum() < 3:
        raise DataFormatError(f"{cur.path}: {where} ({species} {transition}, values from line "
                              f"{first_line}): {int(finite.sum())} finite point(s); a spectrum "
                              "needs at least 3")
    if dropped:
        abscissa = abscissa[finite]
        variables = {lab: v[finite] for lab, v in variables.items()}
    return VamasBlock(block_id, sample_id, technique, source_label, photon, analyser_mode,
                      pass_energy, work_function, species, transition, abs_label, abs_units,
                      abscissa, variables, units, comment, collection, n_scans, extra, dropped)


def _isfloat(s: str) -> bool:
    try:
        float(s)
    except ValueError:
        return False
    return True


def find_block(blocks: list[VamasBlock], name: str) -> VamasBlock:
    """The block whose ``species transition``, species or identifier matches ``name``
    (case- and space-insensitive); a missing region lists the ones present."""
    def norm(s: str) -> str:
        return s.replace(" ", "").lower()

    for attr in ("name", "species", "block_id"):
        hits = [b for b in blocks if norm(getattr(b, attr)) == norm(name)]
        if hits:
            return hits[0]
    raise DataFormatError(f"region {name!r} not in the file; regions present: "
                          f"{[b.name for b in blocks]}")


def block_to_dataset(block: VamasBlock) -> xr.Dataset:
    """One block as an :class:`xarray.Dataset` along ``binding_energy`` [eV]."""
    be = block.binding_energy_ev()
    ds = xr.Dataset(
        {"intensity": ("binding_energy", block.intensity, {"units": "counts"})},
        coords={"binding_energy": ("binding_energy", be, {"units": "eV"}),
                "kinetic_energy": ("binding_energy", block.abscissa,
                                   {"units": block.abscissa_units or "eV"})},
        attrs={"region": block.name, "photon_energy_ev": block.photon_energy_ev,
               "source": block.source_label, "technique": block.technique},
    )
    return ds
