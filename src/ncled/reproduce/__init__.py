"""Reproduce Qu et al. (2022) from the model: the paper's panels, a claims table, one report.

Entry point: :func:`reproduce` (``ncled reproduce`` on the command line). The panels live in a
registry (``ncled.reproduce.panels.PANELS``), the claims in ``ncled.reproduce.claims.CLAIMS``;
parameters are looked up in one place,
:func:`lookup_parameter`.

References
----------
.. [Qu2022] J. Qu et al., Nat. Photon. 16, 38 (2022), doi:10.1038/s41566-021-00902-y.
"""

from ncled.reproduce.claims import CLAIMS, ClaimResult, ClaimSpec, evaluate_claim
from ncled.reproduce.context import PanelResult, ReproduceContext, ReproduceSettings
from ncled.reproduce.panels import PANELS, PanelSpec, panel_spec
from ncled.reproduce.parameters import lookup_parameter
from ncled.reproduce.report import Reproduction, reproduce

__all__ = [
    "CLAIMS",
    "PANELS",
    "ClaimResult",
    "ClaimSpec",
    "PanelResult",
    "PanelSpec",
    "ReproduceContext",
    "ReproduceSettings",
    "Reproduction",
    "evaluate_claim",
    "lookup_parameter",
    "panel_spec",
    "reproduce",
]
