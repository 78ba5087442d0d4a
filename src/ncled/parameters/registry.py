"""The registry: :class:`~ncled.parameters.registry.Parameter` entries keyed by
``"<film>.<quantity>"`` and their look-ups."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ncled.errors import ConfigError

#: The statuses a parameter may have (see :mod:`ncled.parameters`).
STATUSES = ("measured", "literature", "derived", "declared", "fitted")


@dataclass(frozen=True)
class Parameter:
    """One parameter of the model.

    Attributes
    ----------
    name : str
        ``"<film>.<quantity>"``, e.g. ``"HgTe.mu_n_cm2"``; the quantity's suffix names its unit.
    value : float
        In ``unit``.
    unit : str
        "1" for a pure number.
    status : str
        One of :data:`~ncled.parameters.registry.STATUSES`.
    source : str
        Where the number comes from (paper, or how it is derived).
    doi : str
        DOI of the source ("" when derived from other entries).
    description : str
        What the parameter is.
    fitted_to : str
        For ``fitted``: the figure of the paper it reproduces; otherwise "".
    low, high : float
        Range found in the literature (NaN when none applies).
    """

    name: str
    value: float
    unit: str
    status: str
    source: str
    doi: str
    description: str
    fitted_to: str = ""
    low: float = math.nan
    high: float = math.nan

    def __post_init__(self) -> None:
        problems = []
        if self.status not in STATUSES:
            problems.append(f"parameter {self.name}: status must be one of {STATUSES}")
        if (self.status == "fitted") != bool(self.fitted_to):
            problems.append(f"parameter {self.name}: 'fitted_to' is required for (only for) "
                            "fitted parameters")
        if not math.isfinite(self.value):
            problems.append(f"parameter {self.name}: value must be finite")
        if problems:
            raise ConfigError(problems)

    @property
    def film(self) -> str:
        """The film (or model part) the parameter belongs to."""
        return self.name.split(".", 1)[0]

    @property
    def range_text(self) -> str:
        """The literature range as text ("" when there is none)."""
        if math.isnan(self.low):
            return ""
        return f"{self.low:g}-{self.high:g}"


def _build() -> dict[str, Parameter]:
    from ncled.parameters.entries import ENTRIES

    out: dict[str, Parameter] = {}
    for p in ENTRIES:
        if p.name in out:
            raise ConfigError(f"parameter registry: {p.name} defined twice")
        out[p.name] = p
    return out


#: All parameters by name.
REGISTRY: dict[str, Parameter] = _build()


def get(name: str) -> Parameter:
    """The entry ``name``; ConfigError listing the known names otherwise."""
    try:
        return REGISTRY[name]
    except KeyError:
        raise ConfigError(f"unknown parameter {name!r}; known: {sorted(REGISTRY)}") from None


def value(name: str) -> float:
    """The value of ``name`` (in its registered unit)."""
    return get(name).value


def parameters(status: str | None = None, film: str | None = None) -> tuple[Parameter, ...]:
    """Entries, optionally only those of one ``status`` and/or one ``film``, in registry order."""
    if status is not None and status not in STATUSES:
        raise ConfigError(f"unknown status {status!r}; known: {list(STATUSES)}")
    return tuple(p for p in REGISTRY.values()
                 if (status is None or p.status == status) and (film is None or p.film == film))


def fitted() -> tuple[Parameter, ...]:
    """The fitted parameters."""
    return parameters(status="fitted")


def fitted_markdown() -> str:
    """The README's "what was fitted" table, generated from the registry."""
    rows = ["| parameter | value | literature range | fitted to |", "|---|---|---|---|"]
    for p in fitted():
        unit = "" if p.unit == "1" else f" {p.unit}"
        rows.append(f"| {p.description} (`{p.name}`) | {p.value:g}{unit} | "
                    f"{p.range_text or '-'} | {p.fitted_to} |")
    return "\n".join(rows)
