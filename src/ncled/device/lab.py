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

from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ncled.constants import k_B
from ncled.units import parse_length

_SECTION = ConfigDict(extra="forbid", frozen=True)


def _length_with_unit(v: Any, info) -> float:
    if isinstance(v, int | float) and not isinstance(v, bool):
        raise ValueError(f"{info.field_name} needs a unit, e.g. '15 mm' (a bare number is "
                         "ambiguous)")
    return parse_length(v, field=info.field_name)


#: Collection half-angle of the paper's gold off-axis parabola: 10 cm aperture at 5 cm focal
#: length (Methods, EL spectroscopy): arctan(5 cm / 5 cm) = 45 deg [rad].
PAPER_COLLECTION_HALF_ANGLE = 0.7853981633974483
#: Equivalent noise bandwidth x time constant of a lock-in's output filter for each roll-off
#: [dB/oct] (cascaded RC stages: 1/4, 1/8, 3/32, 5/64; SR830 manual, "Noise measurements").
LOCK_IN_ENBW_TIME_PRODUCT = {6: 1 / 4, 12: 1 / 8, 18: 3 / 32, 24: 5 / 64}


def johnson_limited_nep(shunt_resistance_ohm: float, responsivity_a_w: float,
                        temperature_k: float) -> float:
    """Noise-equivalent power [W Hz^-1/2] of an unbiased photodiode limited by the Johnson noise
    of its shunt resistance: NEP = sqrt(4 k T / R_sh) / S.

    Parameters
    ----------
    shunt_resistance_ohm : float
        Shunt resistance R_sh [ohm].
    responsivity_a_w : float
        Responsivity S at the signal's wavelength [A/W].
    temperature_k : float
        Detector temperature T [K].

    References
    ----------
    .. [Dereniak] E. L. Dereniak, G. D. Boreman, *Infrared Detectors and Systems* (Wiley, 1996),
       Ch. 5 (Johnson noise; zero-bias photodiode NEP).
    """
    return float(np.sqrt(4.0 * k_B * temperature_k / shunt_resistance_ohm) / responsivity_a_w)


def lock_in_noise_bandwidth(time_constant_s: float, slope_db_oct: int) -> float:
    """Equivalent noise bandwidth [Hz] of a lock-in's output filter: ENBW = c / tau with c from
    :data:`LOCK_IN_ENBW_TIME_PRODUCT` (1 / (8 tau) at 12 dB/oct).

    Parameters
    ----------
    time_constant_s : float
        The filter's time constant tau [s].
    slope_db_oct : int
        The filter's roll-off [dB/octave], a key of :data:`LOCK_IN_ENBW_TIME_PRODUCT`.
    """
    return LOCK_IN_ENBW_TIME_PRODUCT[int(slope_db_oct)] / float(time_constant_s)


def noise_equivalent_radiance(nep_w_rthz: float, bandwidth_hz: float, pixel_area_m2: float,
                              collection_half_angle_rad: float, transmission: float) -> float:
    """Radiance [W sr^-1 m^-2] of a Lambertian pixel whose collected signal equals the detector
    noise (signal-to-noise 1):

        L_NE = NEP sqrt(B) / (A  pi sin^2(theta_m)  T),

    with A the pixel area, pi sin^2(theta_m) the projected solid angle of a collection cone of
    half-angle theta_m (a Lambertian source of radiance L sends L A pi sin^2 theta_m into it) and T
    the product of the optics' transmission and the modulation factor of the chopped signal.

    Parameters
    ----------
    nep_w_rthz : float
        Noise-equivalent power of the detector [W Hz^-1/2].
    bandwidth_hz : float
        Noise bandwidth B of the measurement [Hz].
    pixel_area_m2 : float
        Pixel area A [m^2].
    collection_half_angle_rad : float
        Half-angle theta_m of the collection cone [rad].
    transmission : float
        T: optics' transmission times the modulation factor [1].

    References
    ----------
    .. [McCluney] W. R. McCluney, *Introduction to Radiometry and Photometry*, 2nd ed. (Artech
       House, 2014), Sec. 2.7 (projected solid angle of a cone).
    """
    omega = np.pi * np.sin(collection_half_angle_rad) ** 2
    return float(nep_w_rthz * np.sqrt(bandwidth_hz) / (pixel_area_m2 * omega * transmission))


def _lab(name: str) -> float:
    from ncled.parameters import value

    return value(name)


class Measurement(BaseModel):
    """Detector and operating points at which the figures of merit are read.

    The detector floor is computed as a lab would from its parts (:meth:`floor`,
    :func:`noise_equivalent_radiance`): the detector's NEP, the lock-in's noise bandwidth, the
    collection cone and the transmission of the optics. Defaults: the paper's EL set-up (Qu et
    al. 2022, Methods, "Infrared electroluminescence spectroscopy"): a gold off-axis parabola of
    5 cm focal length and 10 cm aperture, two more gold parabolas, a 456 Hz chopper, an SR830
    lock-in, and an extended-InGaAs detector (the detector type of the paper's infrared PL
    set-up; the EL detector is not named), each number an entry of the parameter registry
    (``Lab.*``, :mod:`ncled.parameters`) with its source.

    Attributes
    ----------
    detector_nep_w_rthz : float
        Noise-equivalent power [W Hz^-1/2]; default :func:`johnson_limited_nep` of the registry's
        ``Lab.detector_shunt_resistance_ohm``, ``Lab.detector_responsivity_a_w`` and
        ``Lab.detector_temperature_k`` (a TE-cooled extended-InGaAs photodiode's datasheet).
    lock_in_time_constant_s : float
        Output time constant [s] (``Lab.lock_in_time_constant_s``).
    lock_in_slope_db_oct : int
        Output filter roll-off, 6, 12, 18 or 24 dB/oct (``Lab.lock_in_slope_db_oct``).
    transmission : float
        Optics transmission x modulation factor [1]; default ``Lab.collection_mirrors`` gold
        reflections (``Lab.gold_reflectance``) x ``Lab.chopper_modulation_factor``.
    noise_equivalent_radiance : float, optional
        A measured floor [W sr^-1 m^-2] that replaces the computed one (None: computed).
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
    detector_nep_w_rthz: float = Field(default_factory=lambda: johnson_limited_nep(
        _lab("Lab.detector_shunt_resistance_ohm"), _lab("Lab.detector_responsivity_a_w"),
        _lab("Lab.detector_temperature_k")), gt=0)
    lock_in_time_constant_s: float = Field(
        default_factory=lambda: _lab("Lab.lock_in_time_constant_s"), gt=0)
    lock_in_slope_db_oct: Literal[6, 12, 18, 24] = Field(
        default_factory=lambda: int(_lab("Lab.lock_in_slope_db_oct")))
    transmission: float = Field(default_factory=lambda: _lab("Lab.gold_reflectance") ** _lab(
        "Lab.collection_mirrors") * _lab("Lab.chopper_modulation_factor"), gt=0, le=1)
    noise_equivalent_radiance: float | None = Field(default=None, gt=0)
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

    def noise_bandwidth(self) -> float:
        """The lock-in's equivalent noise bandwidth [Hz] (:func:`lock_in_noise_bandwidth`)."""
        return lock_in_noise_bandwidth(self.lock_in_time_constant_s, self.lock_in_slope_db_oct)

    def floor(self, pixel_area_m2: float) -> float:
        """The detector floor [W sr^-1 m^-2] for a pixel of this area: the given
        ``noise_equivalent_radiance``, or :func:`noise_equivalent_radiance` of the parts.

        Parameters
        ----------
        pixel_area_m2 : float
            Pixel area [m^2].
        """
        if self.noise_equivalent_radiance is not None:
            return self.noise_equivalent_radiance
        return noise_equivalent_radiance(self.detector_nep_w_rthz, self.noise_bandwidth(),
                                         pixel_area_m2, np.deg2rad(self.collection_half_angle_deg),
                                         self.transmission)


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
