"""How the LED is run and measured: the device file's ``[measurement]``, ``[thermal]``, ``[pulse]``
and ``[film]`` sections, each default saying where its number comes from.

These describe the laboratory, not the device physics: the detector that decides when light is
"seen", the operating points at which the paper quotes its figures, the thermal path of the pixel
on its substrate, an optional pulsed drive and the emitting film's PL as deposited (after the
ligand exchange). They are inputs of the comparison with a measurement, never constants of the
model; the LED model (:func:`ncled.device.led.simulate_led`) reads them.

References
----------
.. [Qu2022] J. Qu et al., Nat. Photon. 16, 38 (2022), doi:10.1038/s41566-021-00902-y.
.. [Incropera] F. P. Incropera, D. P. DeWitt, T. L. Bergman, A. S. Lavine, *Fundamentals of Heat
   and Mass Transfer*, 6th ed. (Wiley, 2007), Table A.3 (glass), Sec. 9.6 (natural convection of
   horizontal plates), Table A.11 (emissivities).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ncled.units import parse_length

_SECTION = ConfigDict(extra="forbid", frozen=True)


def _length_with_unit(v: Any, info) -> float:
    if isinstance(v, int | float) and not isinstance(v, bool):
        raise ValueError(f"{info.field_name} needs a unit, e.g. '15 mm' (a bare number is "
                         "ambiguous)")
    return parse_length(v, field=info.field_name)


#: Noise-equivalent radiance of the paper's radiance measurement [W sr^-1 m^-2]: the paper's EQE-J
#: curves (Fig. 2e) start at 15 mA/cm^2 with an EQE of about 0.1 %, i.e. at
#: 0.1 % x 150 A/m^2 x 0.62 V / pi = 0.03 W sr^-1 m^-2; the lowest radiance its set-up reports.
#: The Methods do not give the detector's noise, so this floor is read from the paper's own data.
PAPER_NOISE_EQUIVALENT_RADIANCE = 0.03
#: Collection half-angle of the paper's gold off-axis parabola: 10 cm aperture at 5 cm focal
#: length (Methods, EL spectroscopy): arctan(5 cm / 5 cm) = 45 deg [rad].
PAPER_COLLECTION_HALF_ANGLE = 0.7853981633974483


class Measurement(BaseModel):
    """Detector and operating points at which the figures of merit are read.

    Attributes
    ----------
    noise_equivalent_radiance : float
        Radiance [W sr^-1 m^-2] at which the detector sees the EL (signal = noise): the turn-on
        voltage and the EL threshold are where the measured radiance first exceeds it. Default
        :data:`PAPER_NOISE_EQUIVALENT_RADIANCE`.
    collection_half_angle_deg : float
        Half-angle of the collection cone [deg]; default 45 deg, the paper's f = 5 cm, 10 cm
        aperture parabola. The power collected in the cone is converted to a radiance with the
        Lambertian assumption, as the lab does.
    operating_current_ma : float
        Current [mA] at which the pixel temperature is compared (the paper: 33 C at 7 mA).
    operating_current_density_ma_cm2 : float
        Current density [mA/cm^2] of the radiance comparison and the lifetime test (the paper:
        1 W sr^-1 m^-2 at 900 mA/cm^2, Fig. 2f).
    spectrum_currents_ma : list of float
        Currents [mA] at which EL spectra are reported (the paper's Supp. note 9 shows spectra at
        several drives; these are inputs).
    """

    model_config = _SECTION
    noise_equivalent_radiance: float = Field(default=PAPER_NOISE_EQUIVALENT_RADIANCE, gt=0)
    collection_half_angle_deg: float = Field(default=45.0, gt=0, le=90)
    operating_current_ma: float = Field(default=7.0, gt=0)
    operating_current_density_ma_cm2: float = Field(default=900.0, gt=0)
    spectrum_currents_ma: tuple[float, ...] = (1.0, 3.0, 7.0)

    @field_validator("spectrum_currents_ma")
    @classmethod
    def _positive(cls, v: tuple[float, ...]) -> tuple[float, ...]:
        if not v or any(not x > 0 for x in v):
            raise ValueError(f"spectrum currents must be positive [mA], got {list(v)}")
        return tuple(sorted(v))


#: Density [kg/m^3] and specific heat [J kg^-1 K^-1] of soda-lime glass (Incropera Table A.3,
#: "glass, plate (soda lime)": 2500 kg/m^3, 750 J/kg/K).
GLASS_DENSITY = 2500.0
GLASS_SPECIFIC_HEAT = 750.0
#: Natural-convection coefficient of a small plate in still air [W m^-2 K^-1]: 5-25 for free
#: convection of gases (Incropera Table 1.1); 5 for a 15 mm plate a few K above the room (the
#: horizontal-plate correlation h = 0.54 Ra^1/4 k / L gives 5-8).
CONVECTION_COEFFICIENT = 5.0
#: Hemispherical emissivity of glass: 0.90-0.95 (Incropera Table A.11, "glass, window").
GLASS_EMISSIVITY = 0.92


class Thermal(BaseModel):
    """The pixel's thermal path: the substrate, its cooling to the room and an optional sink.

    Defaults: the paper's 15 mm x 15 mm glass substrates (Methods: 15 mm ITO substrates, 1 mm
    strips, 1 mm^2 pixels); still room air on both faces (natural convection and radiation); no
    heat sink (``heat_sink_conductance_w_k = 0``): the paper does not describe its mount, so the
    default is a substrate held at its edges by the probes.
    """

    model_config = _SECTION
    substrate_length: float = Field(default=15e-3, description="substrate side [m]")
    substrate_width: float = Field(default=15e-3, description="substrate side [m]")
    substrate_conductivity_w_mk: float = Field(default=1.0, gt=0)
    substrate_density_kg_m3: float = Field(default=GLASS_DENSITY, gt=0)
    substrate_specific_heat_j_kgk: float = Field(default=GLASS_SPECIFIC_HEAT, gt=0)
    convection_w_m2k: float = Field(default=CONVECTION_COEFFICIENT, ge=0)
    emissivity: float = Field(default=GLASS_EMISSIVITY, ge=0, le=1)
    heat_sink_conductance_w_k: float = Field(default=0.0, ge=0)

    _len = field_validator("substrate_length", "substrate_width", mode="before")(
        _length_with_unit)


class Pulse(BaseModel):
    """Pulsed drive (the paper proposes it to limit heating): pulse width and duty cycle."""

    model_config = _SECTION
    width: float = Field(description="pulse width [s]")
    duty_cycle: float = Field(gt=0, le=1)

    @field_validator("width", mode="before")
    @classmethod
    def _seconds(cls, v: Any) -> float:
        if isinstance(v, str):
            s = v.strip()
            for unit, scale in (("us", 1e-6), ("ms", 1e-3), ("ns", 1e-9), ("s", 1.0)):
                if s.endswith(unit):
                    return float(s[: -len(unit)]) * scale
            raise ValueError(f"cannot read pulse width {v!r}; write e.g. '1 ms'")
        raise ValueError("pulse width needs a unit, e.g. '1 ms'")

    @model_validator(mode="after")
    def _positive(self) -> Pulse:
        if not self.width > 0:
            raise ValueError(f"pulse width must be positive, got {self.width:g} s")
        return self


class Film(BaseModel):
    """The emitting film's PL relative to the nanocrystals' (measured in solution or drop-cast).

    The paper's PL is taken on drop-cast nanocrystals with their synthesis ligands, its EL on the
    ligand-exchanged (MPA) film, and it attributes the EL's small red shift and broadening to the
    exchange (Qu et al. 2022, Fig. 3a). These are declared film parameters: a rigid red shift
    [meV] and a Gaussian broadening [meV, FWHM] convolved with the PL. Default 0 (the PL as the
    ensemble model gives it).
    """

    model_config = _SECTION
    pl_red_shift_mev: float = Field(default=0.0, ge=0, lt=200)
    pl_broadening_mev: float = Field(default=0.0, ge=0, lt=300)
