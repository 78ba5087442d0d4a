"""Nanocrystal models: sizing curves, ensemble absorption/PL, PLQY and rates, synthesis planner.

Public entry points used by the other parts of ncled:

* :func:`absorption_k` — extinction coefficient k(lambda) of the HgTe or PbS NC core (materials).
* :func:`pl_spectrum` — intrinsic PL per unit wavelength, unit integral (emission/outcoupling).
* :func:`plqy`, :func:`exciton_rates` — emission efficiency and rates (LED model).
"""

from ncled.nanocrystal import films as _films  # noqa: F401  (registers the NC-film materials)
from ncled.nanocrystal.efficiency import ExcitonRates, exciton_rates, plqy
from ncled.nanocrystal.ensemble import EnsembleParameters, default_parameters
from ncled.nanocrystal.sizing import (
    SIZING_MODELS,
    diameter_from_gap,
    gap_from_diameter,
    get_sizing_model,
)
from ncled.nanocrystal.spectra import (
    absorption_k,
    diameter_for_pl_peak,
    ensemble_for,
    pl_spectrum,
    spectral_summary,
)
from ncled.nanocrystal.synthesis import plan_synthesis

__all__ = [
    "SIZING_MODELS",
    "EnsembleParameters",
    "ExcitonRates",
    "absorption_k",
    "default_parameters",
    "diameter_for_pl_peak",
    "diameter_from_gap",
    "ensemble_for",
    "exciton_rates",
    "gap_from_diameter",
    "get_sizing_model",
    "pl_spectrum",
    "plan_synthesis",
    "plqy",
    "spectral_summary",
]
