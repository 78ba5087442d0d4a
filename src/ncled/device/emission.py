"""Device-level light emission: a device file -> outcoupling, EL spectrum and thermal emission.

Glue between :class:`~ncled.device.config.DeviceConfig` and the optics: the stack's indices come
from :func:`ncled.device.optical_stack.optical_stack`, the intrinsic PL and PLQY from
:mod:`ncled.nanocrystal`, and the physics from :mod:`ncled.optics.outcoupling` (dipole emission)
and :mod:`ncled.optics.thermal` with the plane-wave transfer matrix of :mod:`ncled.optics.tmm`
(Kirchhoff emissivity).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import xarray as xr

from ncled.constants import c, h, q
from ncled.device.config import DeviceConfig
from ncled.device.optical_stack import device_rta, optical_stack
from ncled.device.step_nanocrystal import ensemble_overrides, resolve_pl_peak
from ncled.errors import ConfigError
from ncled.optics.outcoupling import (
    DEFAULT_N_KAPPA,
    ISOTROPIC_HORIZONTAL_FRACTION,
    OutcouplingSummary,
    PlanarEmitterStack,
    dipole_emission,
    summarise,
)
from ncled.optics.thermal import (
    hemispherical_average,
    kirchhoff_emissivity,
    planck_spectral_radiance,
)

#: Default spectral window around the PL peak for the outcoupling (the PL of the reference
#: ensemble, FWHM about 280 nm at 2 um, is below 1e-3 of its peak outside it).
SPECTRAL_WINDOW = (0.75, 1.35)
DEFAULT_N_WAVELENGTH = 121
HC = h * c


def emitter_stack(device: DeviceConfig, wavelength_m) -> PlanarEmitterStack:
    """The planar stack around the emitting layer of ``device`` at ``wavelength_m``.

    The first layer may be incoherent (the glass substrate: the light leaves through it into the
    front ambient); every other layer must be coherent.

    Raises
    ------
    ConfigError
        No layer with ``role = "emitter"``, or an incoherent layer elsewhere than first.
    MaterialRangeError
        A wavelength outside a material's data (the message names the layer).
    """
    e = device.emitter_index
    if e is None:
        raise ConfigError("the device has no layer with role = 'emitter': mark the emitting layer",
                          source=device.source_path)
    bad = [lay.name for i, lay in enumerate(device.layers) if not lay.coherent and i != 0]
    if bad or not device.layers[e].coherent:
        raise ConfigError(
            f"only the first layer (the substrate) may be incoherent for the dipole emission; "
            f"incoherent: {bad or [device.layers[e].name]}", source=device.source_path)
    st = optical_stack(device, wavelength_m)
    n = st.n  # media: front ambient, layers..., back ambient
    layers = device.layers
    first = 0 if layers[0].coherent else 1
    sub_thick = None if first == 0 else layers[0].thickness
    n_sub = n[0] if first == 0 else n[1]
    front = list(range(e - 1, first - 1, -1))  # from the emitter outward
    back = list(range(e + 1, len(layers)))
    return PlanarEmitterStack(
        wavelength_m=st.wavelength_m,
        n_emitter=n[e + 1],
        d_emitter=layers[e].thickness,
        front_n=tuple(n[i + 1] for i in front),
        front_d=tuple(layers[i].thickness for i in front),
        n_substrate=n_sub,
        back_n=tuple(n[i + 1] for i in back),
        back_d=tuple(layers[i].thickness for i in back),
        n_back=n[-1],
        substrate_thickness=sub_thick,
        n_front=n[0] if sub_thick is not None else None,
        front_names=tuple(layers[i].name for i in front),
        back_names=tuple(layers[i].name for i in back),
        emitter_name=layers[e].name,
    )


def default_wavelengths(device: DeviceConfig, n_wavelength: int = DEFAULT_N_WAVELENGTH):
    """Wavelength grid [m] spanning the PL line: ``SPECTRAL_WINDOW`` times the PL peak."""
    peak = _pl_peak(device)
    return np.linspace(SPECTRAL_WINDOW[0] * peak, SPECTRAL_WINDOW[1] * peak, n_wavelength)


def _pl_peak(device: DeviceConfig) -> float:
    """The emitter's PL peak [m] (:func:`ncled.device.step_nanocrystal.resolve_pl_peak`)."""
    return resolve_pl_peak(device.nanocrystal, device.source_path)


def intrinsic_pl(device: DeviceConfig, wavelength_m) -> np.ndarray:
    """Intrinsic PL per unit wavelength of the device's nanocrystals (:mod:`ncled.nanocrystal`,
    with the file's size dispersion; no film changes)."""
    return film_pl(device, wavelength_m, film=False)


def film_pl(config: DeviceConfig, wavelength_m, shift_ev=0.0, *, film: bool = True
            ) -> np.ndarray:
    """The emitting film's PL per unit wavelength [1/m], unit integral, blue-shifted by
    ``shift_ev`` [eV] (array: one spectrum per shift, shape (..., W)).

    S_lambda(lambda) = S_film(hc/lambda - shift) hc / lambda^2 with S_film the ensemble's line
    red-shifted and broadened by the file's ``[film]`` (:class:`ncled.device.lab.Film`; exact
    for Gaussian single-dot lines: the homogeneous FWHM becomes sqrt(w_h^2 + b^2)). With
    ``film=False`` the nanocrystals' own PL (the file's size dispersion, no film changes).
    """
    from ncled.nanocrystal import diameter_for_pl_peak, ensemble_for
    from ncled.nanocrystal.ensemble import pl_density_energy

    nc = config.nanocrystal
    ov = ensemble_overrides(nc)
    diameter = (float(nc.diameter) if nc.diameter is not None
                else diameter_for_pl_peak(nc.material, resolve_pl_peak(nc, config.source_path),
                                          **ov))
    ens = ensemble_for(nc.material, diameter_m=diameter, **ov)
    red_mev, broad_mev = ((config.film.pl_red_shift_mev, config.film.pl_broadening_mev)
                          if film else (0.0, 0.0))
    if broad_mev > 0:
        ens = replace(ens, homogeneous_fwhm=float(np.hypot(ens.homogeneous_fwhm,
                                                           broad_mev * 1e-3 * q)))
    wl = np.asarray(wavelength_m, dtype=float)
    delta = red_mev * 1e-3 * q - np.asarray(shift_ev, dtype=float)[..., None] * q
    out = pl_density_energy(ens, HC / wl + delta) * HC / wl**2
    return out


def intrinsic_plqy(device: DeviceConfig) -> float:
    """The device file's ``nanocrystal.plqy``, else the PLQY model of :mod:`ncled.nanocrystal`
    at the PL peak (1 % at 2 um, Qu et al. 2022)."""
    nc = device.nanocrystal
    if nc is not None and nc.plqy is not None:
        return float(nc.plqy)
    from ncled.nanocrystal import plqy

    return float(np.asarray(plqy(nc.material, wavelength_m=_pl_peak(device))))


@dataclass(frozen=True)
class DeviceOutcoupling:
    """Outcoupling of a device: the full result and its averaged summary."""

    dataset: xr.Dataset
    summary: OutcouplingSummary
    device_name: str


def device_outcoupling(
    device: DeviceConfig,
    wavelength_m=None,
    position_m=None,
    profile=None,
    spectrum=None,
    plqy: float | None = None,
    horizontal_fraction: float = ISOTROPIC_HORIZONTAL_FRACTION,
    n_kappa: int = DEFAULT_N_KAPPA,
    keep_map: bool = False,
) -> DeviceOutcoupling:
    """Dipole emission, mode fractions, Purcell factor, EL spectrum and angular pattern.

    Parameters
    ----------
    device : DeviceConfig
    wavelength_m : array_like, optional
        Wavelengths [m]; default :func:`default_wavelengths`.
    position_m, profile : array_like, optional
        Emitter positions from the front boundary of the emitting layer [m] and the emitter
        density there; default 10 uniform cell midpoints.
    spectrum : array_like, optional
        Intrinsic PL per unit wavelength; default :func:`intrinsic_pl`.
    plqy : float, optional
        Intrinsic PLQY; default :func:`intrinsic_plqy`.
    horizontal_fraction : float
        Share of horizontal dipoles (2/3 isotropic).
    n_kappa : int
        In-plane-index nodes per wavelength.
    keep_map : bool
        Keep the per-depth map K(kappa).

    Returns
    -------
    DeviceOutcoupling
    """
    wl = default_wavelengths(device) if wavelength_m is None else np.atleast_1d(
        np.asarray(wavelength_m, dtype=float))
    stack = emitter_stack(device, wl)
    ds = dipole_emission(stack, position_m=position_m, profile=profile, n_kappa=n_kappa,
                         keep_map=keep_map)
    spec = intrinsic_pl(device, wl) if spectrum is None else spectrum
    q = intrinsic_plqy(device) if plqy is None else plqy
    summ = summarise(ds, spec, q, horizontal_fraction)
    ds = ds.assign(pl_spectrum=("wavelength", np.asarray(spec, dtype=float)))
    ds.attrs.update(device=device.name, plqy=q, horizontal_fraction=horizontal_fraction)
    return DeviceOutcoupling(ds, summ, device.name)


def device_thermal(device: DeviceConfig, wavelength_m, temperature_k: float,
                   hemispherical: bool = False, n_angle: int = 46) -> xr.Dataset:
    """Front-side emissivity (Kirchhoff) and thermal spectral radiance of a device.

    Parameters
    ----------
    device : DeviceConfig
    wavelength_m : array_like
        Wavelengths [m].
    temperature_k : float
        Device temperature [K].
    hemispherical : bool
        Also the hemispherical emissivity (cosine-weighted average over ``n_angle`` angles).

    Returns
    -------
    xarray.Dataset
        ``emissivity`` (normal, unpolarised), ``blackbody`` and ``thermal_radiance``
        [W m^-2 sr^-1 m^-1] on ``wavelength`` [m]; with ``hemispherical`` also
        ``emissivity_hemispherical``.
    """
    wl = np.atleast_1d(np.asarray(wavelength_m, dtype=float))
    _, rta = device_rta(device, wl, 0.0, side="front")
    r, t, _ = rta.unpolarized()
    eps = kirchhoff_emissivity(r[..., 0], t[..., 0])
    bb = planck_spectral_radiance(wl, temperature_k)
    data = {"emissivity": ("wavelength", eps, {"units": "1", "long_name": "normal emissivity"}),
            "blackbody": ("wavelength", bb, {"units": "W m-2 sr-1 m-1"}),
            "thermal_radiance": ("wavelength", eps * bb, {"units": "W m-2 sr-1 m-1"})}
    if hemispherical:
        ang = np.linspace(0.0, 0.5 * np.pi * (1 - 1e-6), n_angle)
        _, rta_a = device_rta(device, wl, ang, side="front")
        ra, ta, _ = rta_a.unpolarized()
        eps_h = hemispherical_average(kirchhoff_emissivity(ra, ta), ang, axis=-1)
        data["emissivity_hemispherical"] = ("wavelength", eps_h, {"units": "1"})
    return xr.Dataset(data, coords={"wavelength": ("wavelength", wl, {"units": "m"})},
                      attrs={"temperature_k": float(temperature_k), "device": device.name,
                             "method": "Kirchhoff: emissivity = 1 - R - T from the front"})
