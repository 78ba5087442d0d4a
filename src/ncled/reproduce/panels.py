"""The registry of the paper's panels: id -> what the paper shows, and the function that makes
the model's version (or why none exists yet).

Each panel function takes the shared :class:`~ncled.reproduce.context.ReproduceContext` and
returns a :class:`~ncled.reproduce.context.PanelResult` (xarray data, a matplotlib figure, key
numbers). A panel whose model does not exist yet has ``compute=None`` and a ``missing`` reason;
it still appears in the report, and its claims are "not addressed" with that reason. To wire one
in, write ``panel_xx(ctx) -> PanelResult`` returning the key numbers its claims name (see
``ncled.reproduce.claims.CLAIMS``, field ``key``) and set ``compute`` below. The film panels
(4b-d, 5d-e) are wired this way to ``ncled.transport.films`` and switch on where it exists.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from ncled.reproduce import panels_device as dev
from ncled.reproduce import panels_films as films
from ncled.reproduce import panels_nanocrystal as nc
from ncled.reproduce.context import PanelResult, ReproduceContext


@dataclass(frozen=True)
class PanelSpec:
    """One panel of the paper.

    Attributes
    ----------
    id : str
        Panel id as the paper numbers it (``2d``, ``SN4`` for Supplementary note 4).
    title : str
        Short title.
    paper : str
        What the paper's panel shows and its numbers, in our words (the figure is not ours).
    compute : callable or None
        ``compute(ctx) -> PanelResult``; None where the model does not exist yet.
    missing : str
        Why ``compute`` is None, and which model would fill it.
    """

    id: str
    title: str
    paper: str
    compute: Callable[[ReproduceContext], PanelResult] | None
    missing: str = ""


PANELS: tuple[PanelSpec, ...] = (
    PanelSpec("1a", "Absorption and PL of the 2 µm nanocrystals",
              "Film absorption with a band-edge shoulder and the PL of the 70 °C batch: PL peak "
              "at 2 µm, FWHM about 280 nm (λ/Δλ ≈ 7.2), 120 nm Stokes shift.", nc.panel_1a),
    PanelSpec("1b", "PL of three sizes",
              "PL of the batches grown at 70, 75 and 80 °C, peaking at 2.0, 2.15 and 2.3 µm.",
              nc.panel_1b),
    PanelSpec("1d-e", "Transient reflectivity versus pump fluence",
              "800 nm pump, 2 µm probe, 35 fs resolution, typical fluence 60 µJ/cm². A sharp "
              "rise (regime I, thermalisation of hot electrons, ≈ 250 fs), a slower rise over "
              "≈ 3 ps (regime II, relaxation to the band edge), then a fluence-dependent decay "
              "of 5-30 ps (regime III, Auger); the exciton lives ≈ 2 ns.", nc.panel_1de),
    PanelSpec("2b", "Band diagram",
              "Band alignment of ITO / ZnO / ZnO:HgTe / PbS / Au from photoemission; the HgTe "
              "gap is 0.62 eV.", dev.panel_2b),
    PanelSpec("2d", "J-V and radiance-V",
              "Current and radiance versus bias of the 2 µm LED: turn-on about 0.6 V, close "
              "to the 0.62 eV gap; radiance up to 3 W sr⁻¹ m⁻² (abstract).", dev.panel_2d),
    PanelSpec("2e", "EQE and radiance versus current",
              "EL from 15 mA/cm²; EQE about 0.1 % typical, 0.3 % for the best device.",
              dev.panel_2e),
    PanelSpec("2f", "Lifetime at 900 mA/cm²",
              "Radiance versus time at constant 900 mA/cm² from 1 W sr⁻¹ m⁻²: about 10 h.",
              dev.panel_2f),
    PanelSpec("SN4", "ITO thickness trade-off",
              "ITO transmits below 15 % at 180 nm and about 70 % at 35 nm in the SWIR; "
              "thinning raises the device resistance about tenfold.", dev.panel_sn4),
    PanelSpec("3a", "PL against EL",
              "The EL overlaps the PL with a small red shift and broadening (attributed to the "
              "ligand exchange); no PbS emission near 1100 nm.", dev.panel_3a),
    PanelSpec("3b", "EL against blackbody",
              "EL compared with a blackbody at 33 °C (the surface temperature at 7 mA), 1-10 "
              "µm: the EL is far narrower and blue-shifted, so it is not thermal.", dev.panel_3b),
    PanelSpec("SN5-6", "EQE versus ZnO content",
              "EQE is best at 50 % HgTe by volume of equal-concentration solutions, i.e. about "
              "4 ZnO per HgTe.", dev.panel_sn56),
    PanelSpec("SN7", "EQE versus emission wavelength",
              "EQE halves as the emission moves from 2.0 to 2.3 µm.", dev.panel_sn7),
    PanelSpec("4b-d", "FET transfer curves, neutrality point, mobility ratio",
              "Electrolyte-gated FETs of ZnO:HgTe films stay ambipolar; ZnO moves the "
              "neutrality point to positive gate bias and lowers μe/μh.",
              films.panel_4bd if films.AVAILABLE else None,
              "not modelled yet: needs the electrolyte-gated FET forward model "
              "(ncled.transport.films: transfer curves, neutrality gate voltage, μe/μh versus "
              "HgTe fraction)"),
    PanelSpec("4e", "Transient reflectivity with ZnO",
              "With ZnO the long-time relaxation barely changes while the relative weight of "
              "the fast (regime I) component drops: hot electrons transfer to ZnO.", nc.panel_4e),
    PanelSpec("5b", "Hg 4f core levels",
              "Hg 4f7/2 at 100.39 eV (Hg-Te) and 100.97 eV (Hg-S); ZnO shifts Hg 4f by "
              "+50 meV and Zn 3d to lower binding energy.", None,
              "not modelled yet: no core-level (chemical shift) model; the +50 meV shift needs "
              "the Fermi level of the mixed film"),
    PanelSpec("5d-e", "TrXPS versus HgTe fraction",
              "The light-induced Hg 4f shift is negative above 50 % HgTe (p-type) and positive "
              "at 25 % (n-type); Zn 3d shifts together with Hg 4f.",
              films.panel_5de if films.AVAILABLE else None,
              "not modelled yet: needs the surface-photovoltage (TrXPS) forward model "
              "(ncled.transport.films)"),
)


def panel_spec(panel_id: str) -> PanelSpec:
    """The spec of ``panel_id`` (KeyError lists the known ids)."""
    for p in PANELS:
        if p.id == panel_id:
            return p
    raise KeyError(f"unknown panel {panel_id!r}; known: {[p.id for p in PANELS]}")


@dataclass(frozen=True)
class PanelRun:
    """A panel spec with its result (None when not modelled) and the seconds it took."""

    spec: PanelSpec
    result: PanelResult | None
    seconds: float

    @property
    def status(self) -> str:
        return "modelled" if self.result is not None else "not modelled yet"


def run_panel(spec: PanelSpec, ctx: ReproduceContext) -> PanelRun:
    """Compute one panel (shared solves are cached on ``ctx``)."""
    t0 = time.perf_counter()
    result = spec.compute(ctx) if spec.compute is not None else None
    return PanelRun(spec, result, time.perf_counter() - t0)
