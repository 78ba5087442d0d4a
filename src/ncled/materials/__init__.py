"""Optical materials: dispersion models, tabulated data, effective media and the registry."""

from ncled.materials.base import (
    Material,
    get_material,
    known_material_names,
    material_entries,
    register,
)

__all__ = ["Material", "get_material", "known_material_names", "material_entries", "register"]
