"""Optical materials: dispersion models, tabulated data, effective media and the registry.

``get_material(name, **params).nk(wavelength_m)`` gives the complex refractive index n + ik
(k >= 0) of a named material; ``mix`` builds effective media. Importing this package registers
the built-in materials of :mod:`ncled.materials.library`.
"""

from ncled.materials import library as _library  # noqa: F401  (registers the named materials)
from ncled.materials.base import (
    Material,
    get_material,
    known_material_names,
    material_entries,
    register,
)
from ncled.materials.ema import EMA_MODELS, effective_permittivity, mix
from ncled.materials.ito import ito_drude_from_sheet_resistance, ito_sheet_resistance

__all__ = [
    "EMA_MODELS",
    "Material",
    "effective_permittivity",
    "get_material",
    "ito_drude_from_sheet_resistance",
    "ito_sheet_resistance",
    "known_material_names",
    "material_entries",
    "mix",
    "register",
]
