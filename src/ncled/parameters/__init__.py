"""One registry of the electrical and LED-model parameters, with where each number comes from.

Every entry has a value, a unit, a source (with its DOI where there is one) and a status:

- ``measured``: read from the reference paper's own measurements (Qu et al. 2022);
- ``literature``: taken from the cited literature;
- ``derived``: computed here from other entries or from physical constants (the docstring says how);
- ``declared``: a choice inside the cited literature range, not adjusted to any result;
- ``fitted``: chosen so that the model reproduces a figure of the paper (``fitted_to`` says which).

Use ``value("HgTe.langevin_prefactor")`` for a number, :func:`get` for the whole entry,
:func:`fitted` for the fitted ones and :func:`fitted_markdown` for the README's table.

References
----------
.. [Qu2022] J. Qu et al., Nat. Photon. 16, 38 (2022), doi:10.1038/s41566-021-00902-y.
"""

from __future__ import annotations

from ncled.parameters.registry import (
    REGISTRY,
    STATUSES,
    Parameter,
    fitted,
    fitted_markdown,
    get,
    parameters,
    value,
)

__all__ = ["REGISTRY", "STATUSES", "Parameter", "fitted", "fitted_markdown", "get", "parameters",
           "value"]
