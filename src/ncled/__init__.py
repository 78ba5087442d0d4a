"""ncled: design, simulate and analyse colloidal-nanocrystal infrared LEDs.

The reference system is the HgTe nanocrystal LED of Qu et al., Nature Photonics 16, 38 (2022),
https://doi.org/10.1038/s41566-021-00902-y : glass / ITO / ZnO / ZnO:HgTe / PbS / Au.
"""

from importlib.metadata import PackageNotFoundError, version

# The nanocrystal layer registers the NC-film materials (HgTe-NC-film, PbS-NC-film) into the
# materials registry; importing it here makes the registry complete whatever part of ncled is
# imported first, without materials importing the layer above it.
from ncled import nanocrystal as _nanocrystal  # noqa: F401
from ncled.errors import (
    ConfigError,
    ConvergenceError,
    DataFormatError,
    MaterialRangeError,
    NcledError,
)

try:
    __version__ = version("ncled")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0+unknown"



def __getattr__(name: str):
    """``ncled.open_study``: imported on first use (the studies extra is optional)."""
    if name == "open_study":
        from ncled.studies import open_study

        return open_study
    raise AttributeError(f"module 'ncled' has no attribute {name!r}")


__all__ = [
    "ConfigError",
    "ConvergenceError",
    "DataFormatError",
    "MaterialRangeError",
    "NcledError",
    "__version__",
    "open_study",
]
