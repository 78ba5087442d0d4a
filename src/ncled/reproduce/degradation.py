"""A degradation model for the operational lifetime of the LED (Fig. 2f of Qu et al. 2022).

The radiance at constant current decays as a stretched exponential [Fery2005]_,

    L(t) = L0 exp[-(t / tau)^beta],        LT50 = tau (ln 2)^(1/beta),

and the half-life follows the empirical acceleration law of light-emitting diodes, a power of the
initial radiance [Scholz2015]_ times an Arrhenius factor in the pixel temperature,

    LT50(L0, T) = LT50_ref (L0 / L_ref)^(-n) exp[(E_a / k_B) (1 / T - 1 / T_ref)].

Pure functions, SI units (seconds, kelvin, W sr^-1 m^-2 for the radiance). Every constant below
says what it is: the reference half-life is **fitted** to the paper's single lifetime measurement,
the other three are taken from the literature or assumed, because the paper reports one lifetime
at one drive only. A model calibrated on one point predicts nothing at that point: it is used to
carry the paper's lifetime to the model's own operating point (its radiance and temperature at
900 mA/cm^2), which is where it can disagree.

References
----------
.. [Fery2005] C. Fery, B. Racine, D. Vaufrey, H. Doyeux, S. Cina, "Physical mechanism
   responsible for the stretched exponential decay behavior of aging organic light-emitting
   diodes", Appl. Phys. Lett. 87, 213502 (2005), doi:10.1063/1.2133922.
.. [Scholz2015] S. Scholz, D. Kondakov, B. Luessem, K. Leo, "Degradation mechanisms and
   reactions in organic light-emitting devices", Chem. Rev. 115, 8449 (2015),
   doi:10.1021/cr400704v (L0^n LT = constant, n about 1.5-2).
.. [Qu2022] J. Qu et al., Nat. Photon. 16, 38 (2022), doi:10.1038/s41566-021-00902-y (Fig. 2f:
   about 10 h from 1 W sr^-1 m^-2 at 900 mA/cm^2; Supp. note 8: 33 C at 7 mA).
"""

from __future__ import annotations

import numpy as np

from ncled.constants import k_B, q, zero_celsius
from ncled.errors import ConfigError

#: Half-life at the reference point [s]: 10 h. FITTED: it is the paper's Fig. 2f lifetime
#: (continuous operation at 900 mA/cm^2 from 1 W sr^-1 m^-2) [Qu2022].
LT50_REFERENCE_S = 10.0 * 3600.0
#: Initial radiance of the reference point [W sr^-1 m^-2] (the paper's Fig. 2f caption).
RADIANCE_REFERENCE = 1.0
#: Pixel temperature of the reference point [K]: 33 C, the surface temperature the paper measured
#: under operation (7 mA, Supp. note 8); its lifetime test ran at 9 mA, somewhat hotter: an
#: approximation, not a fit.
TEMPERATURE_REFERENCE_K = 33.0 + zero_celsius
#: Acceleration exponent n of LT50 ~ L0^-n: 1.7, inside the 1.5-2 of organic and quantum-dot LEDs
#: [Scholz2015]; literature, not fitted (the paper has one drive level).
ACCELERATION_EXPONENT = 1.7
#: Activation energy of the degradation [J]: 0.3 eV, ASSUMED (no temperature series in the paper;
#: a 3 K change moves LT50 by 10 %, so the assumption weighs little at these temperatures).
ACTIVATION_ENERGY_J = 0.3 * q
#: Stretch exponent beta: 1 (plain exponential), ASSUMED: the paper summary gives the half-life
#: only, not the shape of the decay.
STRETCH_EXPONENT = 1.0


def _positive(name: str, value) -> np.ndarray:
    v = np.asarray(value, dtype=float)
    if not np.all(np.isfinite(v)) or np.any(v <= 0):
        raise ConfigError(f"{name} must be positive and finite, got {value!r}")
    return v


def lt50_acceleration(radiance0, temperature_k, *, lt50_ref_s: float = LT50_REFERENCE_S,
                      radiance_ref: float = RADIANCE_REFERENCE,
                      temperature_ref_k: float = TEMPERATURE_REFERENCE_K,
                      exponent: float = ACCELERATION_EXPONENT,
                      activation_energy_j: float = ACTIVATION_ENERGY_J) -> np.ndarray:
    """Half-life [s] at initial radiance ``radiance0`` and pixel temperature ``temperature_k``.

    Parameters
    ----------
    radiance0 : array_like
        Initial on-axis radiance [W sr^-1 m^-2] (> 0).
    temperature_k : array_like
        Pixel temperature during the test [K] (> 0); broadcasts with ``radiance0``.
    lt50_ref_s, radiance_ref, temperature_ref_k : float
        The reference point [s], [W sr^-1 m^-2], [K] (defaults: the module's constants).
    exponent : float
        Acceleration exponent n (>= 0).
    activation_energy_j : float
        Activation energy E_a [J] (>= 0).

    Returns
    -------
    numpy.ndarray
        ``LT50_ref (L0 / L_ref)^(-n) exp[(E_a / k_B)(1 / T - 1 / T_ref)]`` [s].
    """
    l0 = _positive("initial radiance", radiance0)
    t = _positive("temperature", temperature_k)
    _positive("reference half-life, radiance and temperature",
              [lt50_ref_s, radiance_ref, temperature_ref_k])
    if exponent < 0 or activation_energy_j < 0:
        raise ConfigError("acceleration exponent and activation energy must be >= 0")
    arrhenius = np.exp(activation_energy_j / k_B * (1.0 / t - 1.0 / temperature_ref_k))
    return lt50_ref_s * (l0 / radiance_ref) ** (-exponent) * arrhenius


def stretched_exponential_tau(lt50_s, beta: float = STRETCH_EXPONENT) -> np.ndarray:
    """Time constant tau [s] of the stretched exponential with half-life ``lt50_s``:
    ``tau = LT50 / (ln 2)^(1/beta)``."""
    _positive("stretch exponent", beta)
    return _positive("half-life", lt50_s) / np.log(2.0) ** (1.0 / beta)


def radiance_decay(time_s, radiance0, lt50_s, beta: float = STRETCH_EXPONENT) -> np.ndarray:
    """Radiance [W sr^-1 m^-2] at ``time_s`` [s] under constant current (Fery et al. 2005, see the
    module).

    ``L0 exp[-(t / tau)^beta]`` with ``tau`` from :func:`stretched_exponential_tau`.
    """
    t = np.asarray(time_s, dtype=float)
    if not np.all(np.isfinite(t)) or np.any(t < 0):
        raise ConfigError("times must be finite and >= 0")
    tau = stretched_exponential_tau(lt50_s, beta)
    return _positive("initial radiance", radiance0) * np.exp(-((t / tau) ** beta))
