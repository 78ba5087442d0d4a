"""Thin-film optics: coherent/incoherent transfer matrix, depth profiles of field and absorption."""

from ncled.optics.fields import FieldProfile, field_profile
from ncled.optics.tmm import StackRTA, stack_rta
from ncled.optics.tmm_coherent import OPACITY_LIMIT, normal_index

__all__ = ["OPACITY_LIMIT", "FieldProfile", "StackRTA", "field_profile", "normal_index",
           "stack_rta"]
