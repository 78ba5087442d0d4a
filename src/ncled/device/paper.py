"""Figures of merit reported for the reference device, shown beside the model's.

These numbers are *measurements* from Qu et al., "HgTe nanocrystal-based light-emitting diodes
emitting above 2 um", Nat. Photon. 16, 38 (2022), doi:10.1038/s41566-021-00902-y (main text,
Methods and the figure captions). They are used only for display and for the acceptance ranges of
the tests; no model reads them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PaperValue:
    """A reported number with its unit and where it is stated.

    ``model_key`` names the SI field of the LED model's summary
    (:class:`ncled.device.merit.FiguresOfMerit`) that corresponds, if any; ``factor`` and
    ``offset`` convert that SI value to the paper's unit (``value * factor + offset``).
    """

    key: str
    label: str
    value: float | str
    unit: str
    where: str
    model_key: str | None = None
    factor: float = 1.0
    offset: float = 0.0


QU2022 = (
    PaperValue("turn_on_v", "turn-on voltage", 0.6, "V", "main text, Fig. 2d",
               "turn_on_voltage"),
    PaperValue("el_threshold_ma_cm2", "EL threshold current density", 15.0, "mA/cm^2", "Fig. 2e",
               "el_threshold", 0.1),
    PaperValue("peak_eqe_percent", "peak EQE (typical / best)", "0.1 / 0.3", "%", "Fig. 2e",
               "peak_eqe", 100.0),
    PaperValue("radiance_900", "radiance at 900 mA/cm^2", 1.0, "W sr^-1 m^-2", "Fig. 2f",
               "radiance_lambertian_at_operating_density"),
    PaperValue("max_radiance", "maximum radiance", 3.0, "W sr^-1 m^-2", "abstract",
               "max_radiance_lambertian"),
    PaperValue("best_hgte_fraction", "best HgTe volume fraction", 0.5, "", "Supp. notes 5-6",
               "best_hgte_fraction"),
    PaperValue("eqe_ratio_2p3_2p0", "EQE(2.3 um) / EQE(2.0 um)", 0.5, "", "Supp. note 7",
               "eqe_ratio_2p3_2p0"),
    PaperValue("pixel_temperature_c_7ma", "pixel temperature at 7 mA", 33.0, "C", "Supp. note 8",
               "pixel_temperature_at_operating_current", 1.0, -273.15),
    PaperValue("el_peak_nm", "EL peak", 2000.0, "nm", "Fig. 3a (PL 2.0 um, EL slightly red)",
               "el_peak_wavelength", 1e9),
    PaperValue("ito_t_35nm", "ITO 35 nm transmission at 2 um", 0.70, "", "main text"),
    PaperValue("ito_t_180nm", "ITO 180 nm transmission at 2 um", "< 0.15", "", "main text"),
)


def paper_value(key: str) -> PaperValue:
    """The reported value named ``key`` (KeyError lists the keys)."""
    for v in QU2022:
        if v.key == key:
            return v
    raise KeyError(f"{key!r}; known: {[v.key for v in QU2022]}")


def model_in_paper_units(key: str, summary: dict) -> float | None:
    """The model's value of the paper's figure ``key`` in the paper's unit.

    Read from the SI ``summary`` of the LED model (its ``model_key``); None when the figure has
    no model counterpart or the summary lacks it.
    """
    pv = paper_value(key)
    value = None if pv.model_key is None else summary.get(pv.model_key)
    return None if value is None else float(value) * pv.factor + pv.offset
