"""Provenance stamped on every analysis result by the library (not by the CLI).

A provenance record says which function made a result, from which inputs (file names, array
shapes) and options, with which ncled version, whether it succeeded and why not, and which named
warnings it raised, so that a result file can be traced and re-made (pyglotaran's results carry
the same fields).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np


def _plain(value: Any) -> Any:
    """A JSON-friendly summary of an input: arrays by shape and range, paths as text."""
    if isinstance(value, np.ndarray):
        if value.size and np.issubdtype(value.dtype, np.number):
            finite = value[np.isfinite(value)]
            rng = [float(finite.min()), float(finite.max())] if finite.size else None
            return {"shape": list(value.shape), "range": rng}
        return {"shape": list(value.shape)}
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def provenance(function: str, *, inputs: Mapping[str, Any], options: Mapping[str, Any],
               success: bool, message: str, warnings: list[str] | tuple[str, ...] = ()
               ) -> dict:
    """The provenance record of an analysis result.

    Parameters
    ----------
    function : str
        Dotted name of the library function that made the result.
    inputs, options : mapping
        What the function was given (arrays are summarised by shape and range).
    success : bool
        Whether the analysis (fit) succeeded.
    message : str
        The solver's or the analysis' message.
    warnings : sequence of str
        Named warnings (``"undetermined: A.ratio (stderr 2.1 > value 0.8)"``).
    """
    from ncled import __version__

    return {"function": function, "ncled_version": __version__, "inputs": _plain(inputs),
            "options": _plain(options), "success": bool(success), "message": str(message),
            "warnings": list(warnings)}
