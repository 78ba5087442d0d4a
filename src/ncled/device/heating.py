"""Joule heating of the pixel and the series resistance of the ITO strip.

The LED pixel (the 1 mm^2 overlap of the ITO strip and the Au pad) dissipates the electrical power
I V minus the (tiny) optical power. The heat flows mostly into the 1 mm glass substrate, a poor
conductor, so the pixel temperature rise is set by the constriction (spreading) resistance of a
heated disc on a half-space. The ITO strip dissipates its own I^2 R along its length; both heat
the substrate, which loses it to the room by convection and radiation. :func:`pixel_network`
joins these in a small linear network, solved in steady state, for a pulse train and in time.

References
----------
.. [CarslawJaeger] H. S. Carslaw, J. C. Jaeger, *Conduction of Heat in Solids*, 2nd ed. (Oxford,
   1959), Sec. 8.2.
.. [Incropera] F. P. Incropera et al., *Fundamentals of Heat and Mass Transfer*, 6th ed. (Wiley,
   2007).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ncled.constants import sigma_SB as SIGMA_SB
from ncled.errors import ConfigError

#: Thermal conductivity of soda-lime glass at room temperature [W m^-1 K^-1], about 1.0
#: (Touloukian et al., *Thermophysical Properties of Matter* vol. 2 (1970); 0.95-1.06 for
#: soda-lime float glass).
K_SODA_LIME_GLASS = 1.0


def disc_spreading_resistance(area_m2, conductivity_w_mk=K_SODA_LIME_GLASS):
    """Thermal resistance of a uniformly heated disc on a semi-infinite solid [K/W].

    Parameters
    ----------
    area_m2 : float or array
        Heated area [m^2]; the disc radius is a = sqrt(A / pi).
    conductivity_w_mk : float
        Thermal conductivity of the substrate [W m^-1 K^-1].

    Returns
    -------
    float or ndarray
        R_th = 1 / (pi k a) [K/W]: the temperature rise per watt at the centre (the hottest point)
        of a uniform-flux disc on a half-space (Carslaw & Jaeger, *Conduction of Heat in Solids*,
        2nd ed. (1959), Sec. 8.2). The area-averaged rise is 8/(3 pi) = 0.85 times this; the
        paper's infrared camera reads the hottest point of the pixel.

    Notes
    -----
    The 1 mm glass is comparable to the 0.56 mm disc radius, and the back of the substrate sits on
    a holder, so this half-space value is an estimate within some tens of percent; convection from
    the top (about 10 W m^-2 K^-1 over a cm^2) removes < 1e-3 W/K and is neglected.
    """
    area = np.asarray(area_m2, dtype=float)
    k = np.asarray(conductivity_w_mk, dtype=float)
    if np.any(area <= 0) or np.any(k <= 0):
        raise ConfigError("pixel area and thermal conductivity must be positive")
    radius = np.sqrt(area / np.pi)
    return 1.0 / (np.pi * k * radius)


def strip_resistance(sheet_resistance_ohm_sq, length_m, width_m):
    """Series resistance of a transparent-electrode strip R = R_sheet L / W [ohm].

    Parameters
    ----------
    sheet_resistance_ohm_sq : float or array
        Sheet resistance [ohm/sq].
    length_m, width_m : float
        Strip length from the contact pad to the pixel and its width [m].
    """
    if length_m <= 0 or width_m <= 0:
        raise ConfigError("strip length and width must be positive")
    return np.asarray(sheet_resistance_ohm_sq, dtype=float) * length_m / width_m


# --- the pixel's thermal network ------------------------------------------------------------------

#: Node names of :func:`pixel_network`.
NETWORK_NODES = ("pixel", "strip", "substrate")


@dataclass(frozen=True)
class ThermalNetwork:
    """A lumped linear thermal network: nodes joined by conductances, each tied to the room.

    Attributes
    ----------
    nodes : tuple of str
    coupling : ndarray, shape (n, n)
        Symmetric conductances between nodes [W/K] (diagonal ignored).
    to_ambient : ndarray, shape (n,)
        Conductance of each node to the fixed room / heat-sink temperature [W/K].
    capacitance : ndarray, shape (n,)
        Heat capacity of each node [J/K].

    Notes
    -----
    With the temperature rises x above the room and the injected powers P (per node),
    ``C dx/dt = -L x + P`` with the weighted Laplacian ``L = diag(sum_j G_ij + G_i0) - G``.
    """

    nodes: tuple[str, ...]
    coupling: np.ndarray
    to_ambient: np.ndarray
    capacitance: np.ndarray

    @property
    def laplacian(self) -> np.ndarray:
        """``L = diag(sum_j G_ij + G_i0) - G`` [W/K]."""
        g = np.array(self.coupling, dtype=float)
        np.fill_diagonal(g, 0.0)
        return np.diag(g.sum(axis=1) + self.to_ambient) - g


def steady_rise(network: ThermalNetwork, power_w) -> np.ndarray:
    """Steady temperature rises x = L^-1 P [K] for node powers ``power_w`` [W], shape (..., n)."""
    p = np.asarray(power_w, dtype=float)
    return np.linalg.solve(network.laplacian, p[..., None])[..., 0] if p.ndim > 1 else \
        np.linalg.solve(network.laplacian, p)


def heat_to_ambient(network: ThermalNetwork, rise_k) -> np.ndarray:
    """Heat flowing from the network into the room and the sink, sum_i G_i0 x_i [W]."""
    return np.asarray(rise_k, dtype=float) @ network.to_ambient


def relaxation_propagator(network: ThermalNetwork, t) -> np.ndarray:
    """exp(-C^-1 L t): free relaxation of the rises over a time ``t`` [s] (array: one matrix per
    time, shape (T, n, n)).

    C^-1 L is similar to the symmetric C^-1/2 L C^-1/2 = U diag(lambda) U^T, so
    exp(-C^-1 L t) = C^-1/2 U diag(exp(-lambda t)) U^T C^1/2.
    """
    s = 1.0 / np.sqrt(network.capacitance)
    lam, u = np.linalg.eigh(network.laplacian * s[:, None] * s[None, :])
    tt = np.asarray(t, dtype=float)
    decay = np.exp(-lam * tt[..., None])  # (..., n)
    left = s[:, None] * u  # C^-1/2 U
    right = u.T / s[None, :]  # U^T C^1/2
    return np.einsum("ik,...k,kj->...ij", left, decay, right)


def periodic_pulse_rise(network: ThermalNetwork, power_w, width_s: float, duty_cycle: float):
    """Rises [K] at the end of the pulse (the hottest) and before the next one, periodic regime.

    Parameters
    ----------
    network : ThermalNetwork
    power_w : array_like, shape (n,)
        Node powers during the pulse [W] (zero between pulses).
    width_s : float
        Pulse width [s].
    duty_cycle : float
        Pulse width / period, in (0, 1].

    Returns
    -------
    (ndarray, ndarray)
        ``x_peak`` and ``x_min``, shape (n,).

    Notes
    -----
    During a pulse x(t) = x_ss + E(t) (x(0) - x_ss) with x_ss = L^-1 P and E(t) = exp(-C^-1 L t);
    between pulses x decays as E(t). Periodicity, x(0) = E(t_off) x(t_on), gives
    (I - E(t_on) E(t_off)) x(t_on) = (I - E(t_on)) x_ss. At duty 1 it is the steady state.
    """
    if not (width_s > 0 and 0 < duty_cycle <= 1):
        raise ConfigError(f"pulse width must be > 0 and duty cycle in (0, 1], got {width_s:g} s, "
                          f"{duty_cycle:g}")
    x_ss = steady_rise(network, power_w)
    e_on = relaxation_propagator(network, width_s)
    e_off = relaxation_propagator(network, width_s * (1.0 / duty_cycle - 1.0))
    eye = np.eye(len(network.nodes))
    x_peak = np.linalg.solve(eye - e_on @ e_off, (eye - e_on) @ x_ss)
    return x_peak, e_off @ x_peak


def transient_rise(network: ThermalNetwork, power_w, times_s) -> np.ndarray:
    """Rises [K] at ``times_s`` after a constant power is switched on at t = 0 from the room:
    x(t) = (I - E(t)) x_ss; shape (T, n)."""
    x_ss = steady_rise(network, power_w)
    return x_ss - relaxation_propagator(network, np.atleast_1d(times_s)) @ x_ss


def pixel_network(pixel_area_m2: float, strip_length_m: float, strip_width_m: float, *,
                  substrate_length_m: float, substrate_width_m: float,
                  substrate_thickness_m: float, conductivity_w_mk: float,
                  density_kg_m3: float, specific_heat_j_kgk: float, convection_w_m2k: float,
                  emissivity: float, ambient_k: float, heat_sink_w_k: float = 0.0
                  ) -> ThermalNetwork:
    """The thermal network of a pixel fed by its ITO strip on a glass substrate.

    Nodes (:data:`NETWORK_NODES`): the pixel, the strip (its I^2 R is dissipated along it, not in
    the pixel), the substrate as a whole.

    * pixel - substrate: spreading resistance of the pixel into the glass,
      :func:`disc_spreading_resistance` (uniform disc of the pixel's area on a half-space);
    * strip - substrate: the same for a disc of the strip's area L W;
    * pixel - strip: lateral conduction along the glass under the strip, from its middle to the
      pixel centre, R = (L/2 + sqrt(A)/2) / (k W t);
    * substrate - room: natural convection h and linearised radiation 4 eps sigma T^3 from both
      faces of the substrate (Incropera Eq. 1.9 and Table 1.1), plus an optional heat sink.

    Capacities: rho c_p times a hemisphere of the disc radius for the pixel and the strip, the
    whole plate for the substrate.

    Returns
    -------
    ThermalNetwork
    """
    vals = (pixel_area_m2, strip_length_m, strip_width_m, substrate_length_m, substrate_width_m,
            substrate_thickness_m, conductivity_w_mk, density_kg_m3, specific_heat_j_kgk)
    if not all(np.isfinite(v) and v > 0 for v in vals):
        raise ConfigError("thermal network: areas, lengths and material constants must be "
                          "positive")
    k = conductivity_w_mk
    a_strip = strip_length_m * strip_width_m
    g_ps = 1.0 / float(disc_spreading_resistance(pixel_area_m2, k))
    g_ls = 1.0 / float(disc_spreading_resistance(a_strip, k))
    g_pl = k * strip_width_m * substrate_thickness_m / (
        0.5 * strip_length_m + 0.5 * np.sqrt(pixel_area_m2))
    a_sub = substrate_length_m * substrate_width_m
    h_rad = 4.0 * emissivity * SIGMA_SB * ambient_k**3
    g_room = (convection_w_m2k + h_rad) * 2.0 * a_sub + heat_sink_w_k
    coupling = np.array([[0.0, g_pl, g_ps], [g_pl, 0.0, g_ls], [g_ps, g_ls, 0.0]])
    rho_c = density_kg_m3 * specific_heat_j_kgk

    def hemisphere(area):
        return rho_c * 2.0 / 3.0 * np.pi * np.sqrt(area / np.pi) ** 3

    cap = np.array([hemisphere(pixel_area_m2), hemisphere(a_strip),
                    rho_c * a_sub * substrate_thickness_m])
    return ThermalNetwork(NETWORK_NODES, coupling, np.array([0.0, 0.0, g_room]), cap)
