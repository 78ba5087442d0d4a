"""Shared state of one reproduction: settings, the paper's input devices and the costly solves.

A :class:`ReproduceContext` computes each expensive model run once, on first use, and every panel
that needs it reads the same result: one LED simulation of the reference device feeds the band
diagram, J-V, EQE, lifetime, PL/EL and blackbody panels; one composition study feeds the
composition and wavelength panels; one pump-probe fluence series feeds Fig. 1d-e and 4e.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import xarray as xr

from ncled.device.config import builtin_devices, load_device

#: The paper's devices as built-in device files (Qu et al. 2022, Methods): the reference 2.0 um
#: LED with 35 nm ITO, its 2.15 and 2.3 um variants (75 and 80 C growth) and the 180 nm ITO one.
INPUT_DEVICES = ("reference", "reference_2p15um", "reference_2p3um", "reference_ito180")


@dataclass(frozen=True)
class ReproduceSettings:
    """Numerical settings of a reproduction (the physics inputs are the paper's device files).

    Attributes
    ----------
    voltages_v : tuple of float
        Contact voltages of the reference LED sweep [V].
    study_voltages_v : tuple of float
        Contact voltages of the composition and wavelength studies [V] (a 0.2 V grid: they
        compare peak EQEs on one common grid).
    n_kappa, n_wavelength : int
        In-plane-index nodes and wavelengths of the reference LED's outcoupling.
    fractions : tuple of float
        HgTe volume fractions of the composition study.
    fluences_uj_cm2 : tuple of float
        Pump fluences of the transient-reflectivity series [uJ/cm^2] (60: the paper's typical).
    """

    voltages_v: tuple[float, ...] = tuple(np.linspace(0.0, 4.0, 41))
    study_voltages_v: tuple[float, ...] = tuple(np.linspace(0.0, 4.0, 21))
    n_kappa: int = 1000
    n_wavelength: int = 121
    fractions: tuple[float, ...] = (0.25, 0.35, 0.5, 0.65, 0.75)
    fluences_uj_cm2: tuple[float, ...] = (15.0, 30.0, 60.0)

    @classmethod
    def quick(cls) -> ReproduceSettings:
        """Cheaper grids for tests: 21 biases, coarse optics, three compositions, two fluences
        (the peak EQE moves by < 1 % with the optical grid, see ``ncled.device.studies``)."""
        return cls(voltages_v=tuple(np.linspace(0.0, 4.0, 21)),
                   study_voltages_v=tuple(np.linspace(0.0, 4.0, 11)), n_kappa=400,
                   n_wavelength=41, fractions=(0.25, 0.5, 0.75), fluences_uj_cm2=(30.0, 60.0))

    def as_dict(self) -> dict:
        """Plain-JSON form (for the provenance block)."""
        return {"voltages_v": [round(v, 6) for v in self.voltages_v],
                "study_voltages_v": [round(v, 6) for v in self.study_voltages_v],
                "n_kappa": self.n_kappa,
                "n_wavelength": self.n_wavelength, "fractions": list(self.fractions),
                "fluences_uj_cm2": list(self.fluences_uj_cm2)}


def file_sha256(path: str | Path) -> str:
    """SHA-256 of a file's bytes (hex)."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@dataclass
class ReproduceContext:
    """Settings, a progress callback and the lazily computed shared model results."""

    settings: ReproduceSettings = field(default_factory=ReproduceSettings)
    say: Callable[[str], None] = field(default=lambda _msg: None)
    _memo: dict = field(default_factory=dict, repr=False)

    @cached_property
    def devices(self) -> dict:
        """The paper's devices, loaded from the built-in files (name -> DeviceConfig)."""
        paths = builtin_devices()
        return {name: load_device(paths[name]) for name in INPUT_DEVICES}

    def input_hashes(self) -> dict[str, str]:
        """SHA-256 of every input device file and of the package's data folder (the material
        tables the devices name), name -> hex digest."""
        paths = builtin_devices()
        out = {f"{name}.toml": file_sha256(paths[name]) for name in INPUT_DEVICES}
        data = Path(paths[INPUT_DEVICES[0]]).parents[1]  # src/ncled/data
        digest = hashlib.sha256()
        for f in sorted(p for p in data.rglob("*") if p.is_file()):
            digest.update(f.relative_to(data).as_posix().encode())
            digest.update(f.read_bytes())
        out["ncled/data (all files)"] = digest.hexdigest()
        return out

    @property
    def voltages(self) -> np.ndarray:
        """Contact voltages of the reference sweep [V]."""
        return np.asarray(self.settings.voltages_v, dtype=float)

    @property
    def study_voltages(self) -> np.ndarray:
        """Contact voltages of the studies [V]."""
        return np.asarray(self.settings.study_voltages_v, dtype=float)

    def memo(self, key, compute: Callable[[], object]):
        """``compute()`` once per ``key`` for this reproduction (shared between panels)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    @cached_property
    def led(self):
        """One LED simulation of the reference device (:func:`ncled.device.led.simulate_led`)."""
        from ncled.device.led import simulate_led

        self.say("LED model of the reference device")
        return simulate_led(self.devices["reference"], self.voltages, progress=self.say,
                            n_kappa=self.settings.n_kappa,
                            n_wavelength=self.settings.n_wavelength)

    @cached_property
    def composition(self) -> xr.Dataset:
        """Peak EQE and doping versus the HgTe fraction (:mod:`ncled.device.studies`)."""
        from ncled.device.studies import composition_sweep

        return composition_sweep(self.devices["reference"], self.settings.fractions,
                                 voltages=self.study_voltages, progress=self.say)

    @cached_property
    def ensemble(self):
        """The 2 um HgTe ensemble of the reference device (:mod:`ncled.nanocrystal`)."""
        from ncled.nanocrystal import ensemble_for

        return ensemble_for("HgTe", pl_peak_m=self.devices["reference"].nanocrystal.pl_peak)


@dataclass(frozen=True)
class PanelResult:
    """What a panel function returns: its data, its figure and its key numbers.

    Attributes
    ----------
    data : xarray.Dataset
        The curves drawn, SI units in ``units`` attributes.
    figure : matplotlib.figure.Figure
        The model's version of the panel.
    numbers : dict
        Key numbers (name with its unit -> value) that the claims are checked against.
    note : str
        What the model did to make the panel (one or two sentences).
    """

    data: xr.Dataset
    figure: object
    numbers: dict[str, float]
    note: str = ""


def new_figure(ncols: int = 1, width: float = 4.6, height: float = 3.3):
    """A matplotlib Figure (object API, no pyplot state) with ``ncols`` axes side by side.

    Fixed margins leave room for a twin y axis on the right; a layout engine would render each
    figure twice (about half of the report's drawing time).
    """
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width * ncols, height))
    fig.subplots_adjust(left=0.15 / ncols, right=1 - 0.15 / ncols, bottom=0.15, top=0.9,
                        wspace=0.3)
    axes = fig.subplots(1, ncols)
    return fig, axes
