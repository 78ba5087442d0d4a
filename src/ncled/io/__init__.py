"""Readers: measurement files -> ``(xarray.Dataset, metadata dict)`` in SI units.

``read_table`` reads sweeps and traces (delimited text, spreadsheets); ``read_spectrum`` reads
spectra (text in nm, um, cm^-1 or eV; Thermo OMNIC ``.spa``; Bruker OPUS).
"""

from ncled.io.spectra import read_opus, read_spa, read_spectrum, read_spectrum_text
from ncled.io.tables import QUANTITIES, read_table

__all__ = ["QUANTITIES", "read_opus", "read_spa", "read_spectrum", "read_spectrum_text",
           "read_table"]
