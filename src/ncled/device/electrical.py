"""From a device file to the drift-diffusion device: electrical parameters of each layer.

The electrically active layers are those between the cathode and the anode named in the
``[electrodes]`` section. Each takes the parameters of :mod:`ncled.materials.electronic` for its
material; the emitting ZnO:HgTe mixture takes the HgTe film of the emission gap with the doping of
its composition (:func:`ncled.materials.electronic.mixed_emitter_film`). Any value can be overridden
in the device file, per layer, in ``electrical = { mu_n_cm2 = 0.02, ... }`` using the field names of
:class:`ncled.materials.electronic.ElectronicMaterial`.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import fields, replace

from ncled.constants import q
from ncled.device.config import DeviceConfig, Layer
from ncled.errors import ConfigError
from ncled.materials.electronic import (
    ELECTRONIC_LIBRARY,
    ElectronicMaterial,
    hgte_nc_film,
    mixed_emitter_film,
    nc_number_density_cm3,
    trap_assisted_lifetime_s,
)
from ncled.parameters import value as _param
from ncled.transport.params import Contact, Device, thermionic_velocity
from ncled.transport.params import Layer as TransportLayer

HGTE_COMPONENT = "HgTe-NC-film"
#: Richardson constant of the free electron mass, 4 pi q m0 k^2 / h^3 [A m^-2 K^-2].
RICHARDSON_FREE_ELECTRON = _param("contact.richardson_free_electron")
#: Drift-diffusion nodes of a device solve. Measured on the reference device (issue 11 model):
#: 480 nodes move the figures of merit < 0.4 % against 960 (radiance at 900 mA/cm^2: 0.36 %),
#: 240 nodes moved it 1.2 % (the ZnO/emitter interface transfer converges about as h^1.7).
DEFAULT_N_NODES = 480
_OVERRIDABLE = {f.name for f in fields(ElectronicMaterial)} - {"name", "source"}
_OPTIONAL = {"nd_cm3", "na_cm3", "langevin_prefactor", "dos_width_ev",
             "trap_density_cm3"}  # fields with a default


def emitter_hgte_fraction(layer: Layer) -> float:
    """HgTe volume fraction of the emitting layer (1 for a pure HgTe film)."""
    comps = {k.lower(): v for k, v in layer.components.items()}
    frac = comps.get(HGTE_COMPONENT.lower())
    if frac is None:
        raise ConfigError(
            f"layer {layer.name!r}: the emitting layer must contain {HGTE_COMPONENT!r}; "
            f"it has {list(layer.components)}"
        )
    return float(frac)


def _check_overrides(layer: Layer) -> dict[str, float]:
    """The layer's ``electrical`` table as floats; ConfigError for unknown keys or non-numbers."""
    unknown = sorted(set(layer.electrical) - _OVERRIDABLE)
    if unknown:
        raise ConfigError(
            f"layer {layer.name!r}: unknown electrical parameters {unknown}; "
            f"valid: {sorted(_OVERRIDABLE)}"
        )
    bad = [k for k, v in layer.electrical.items()
           if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v)]
    if bad:
        raise ConfigError(f"layer {layer.name!r}: electrical parameters must be finite numbers: "
                          f"{bad}")
    return {k: float(v) for k, v in layer.electrical.items()}


def layer_electronics(layer: Layer, gap_ev: float, diameter_m: float) -> ElectronicMaterial:
    """Electronic parameters of one device layer, with the file's overrides applied."""
    overrides = _check_overrides(layer)
    if layer.role == "emitter":
        base = mixed_emitter_film(hgte_nc_film(gap_ev, diameter_m), emitter_hgte_fraction(layer),
                                  diameter_m)
    elif layer.material is not None and layer.material in ELECTRONIC_LIBRARY:
        base = ELECTRONIC_LIBRARY[layer.material]
    elif layer.material == HGTE_COMPONENT:
        base = hgte_nc_film(gap_ev, diameter_m)
    elif not overrides:
        raise ConfigError(
            f"layer {layer.name!r}: no electrical parameters for {layer.material or 'a mixture'}; "
            f"known: {sorted(ELECTRONIC_LIBRARY)}, or give them in its 'electrical' table "
            f"({sorted(_OVERRIDABLE)})"
        )
    else:
        missing = sorted(_OVERRIDABLE - _OPTIONAL - set(overrides))
        if missing:
            raise ConfigError(f"layer {layer.name!r}: electrical parameters missing: {missing}")
        return ElectronicMaterial(name=layer.name, **overrides)
    return replace(base, **overrides)


def active_layers(config: DeviceConfig) -> list[Layer]:
    """The layers strictly between the cathode and the anode, from the cathode side."""
    if config.electrodes is None:
        raise ConfigError("the device file has no [electrodes] section (cathode and anode)",
                          source=config.source_path)
    names = [layer.name for layer in config.layers]
    i = names.index(config.electrodes.cathode.layer)
    j = names.index(config.electrodes.anode.layer)
    lo, hi = sorted((i, j))
    inner = config.layers[lo + 1: hi]
    if not inner:
        raise ConfigError("no layers between the cathode and the anode", source=config.source_path)
    return inner if i < j else inner[::-1]


def _contact(work_function_ev: float, kind: str, temperature_k: float,
             layer: ElectronicMaterial) -> Contact:
    """A contact on ``layer``. "ohmic": the metal Fermi level makes the adjacent layer neutral (the
    textbook ohmic contact, the limit of a vanishing barrier; the ITO/ZnO contact of the
    reference device, where electrons tunnel through the thin depletion layer of the doped ZnO).
    "thermionic": Schottky-Mott barrier from the work function, lowered by the image force, and
    the thermionic recombination velocity A* T^2 / (q N) of each band of the adjacent layer
    (free-electron Richardson constant); the reference device's Au anode on PbS."""
    if kind == "ohmic":
        return Contact(work_function=None)
    return Contact(
        work_function=work_function_ev * q,
        s_n=thermionic_velocity(RICHARDSON_FREE_ELECTRON, temperature_k, layer.nc_cm3 * 1e6),
        s_p=thermionic_velocity(RICHARDSON_FREE_ELECTRON, temperature_k, layer.nv_cm3 * 1e6),
        image_force=True,
    )


def transport_device(config: DeviceConfig, gap_ev: float, diameter_m: float, *,
                     temperature_k: float | None = None,
                     n_nodes: int = DEFAULT_N_NODES) -> tuple[Device, list]:
    """The drift-diffusion :class:`ncled.transport.params.Device` of a device file.

    The cathode is on the left (x = 0), the anode on the right; the bias is applied to the anode.

    Returns
    -------
    (Device, list of ElectronicMaterial)
        The transport device and the parameters used for each active layer (for reporting).
    """
    layers = active_layers(config)
    ignored = [x.name for x in config.layers if x.electrical and x not in layers]
    if ignored:
        raise ConfigError(f"layers {ignored} have an 'electrical' table but are not between the "
                          "cathode and the anode, so it would be ignored",
                          source=config.source_path)
    electronics = [layer_electronics(layer, gap_ev, diameter_m) for layer in layers]
    tlayers = []
    for layer, el in zip(layers, electronics, strict=True):
        emitter = layer.role == "emitter"
        width = el.dos_width_ev * q
        tlayers.append(TransportLayer.practical(
            name=layer.name, thickness_nm=layer.thickness * 1e9, eps_r=el.eps_r,
            electron_affinity_ev=el.electron_affinity_ev, band_gap_ev=el.band_gap_ev,
            nc_cm3=el.nc_cm3, nv_cm3=el.nv_cm3, mu_n_cm2=el.mu_n_cm2, mu_p_cm2=el.mu_p_cm2,
            nd_cm3=el.nd_cm3, na_cm3=el.na_cm3, langevin=True,
            langevin_prefactor=el.langevin_prefactor,
            radiative_fraction=1.0 if emitter else 0.0,
            statistics="gauss-fermi" if width > 0 else "boltzmann", dos_width_n=width,
            dos_width_p=width,
            tau_n=trap_assisted_lifetime_s(el.trap_density_cm3, el.mu_p_cm2, el.eps_r,
                                           el.langevin_prefactor),
            tau_p=trap_assisted_lifetime_s(el.trap_density_cm3, el.mu_n_cm2, el.eps_r,
                                           el.langevin_prefactor),
        ))
    e = config.electrodes
    temperature = temperature_k or config.drive.temperature
    device = Device(
        layers=tuple(tlayers),
        left=_contact(e.cathode.work_function_ev, e.cathode.contact, temperature, electronics[0]),
        right=_contact(e.anode.work_function_ev, e.anode.contact, temperature, electronics[-1]),
        temperature=temperature,
        n_nodes=n_nodes,
        anode="right",
        interface_recombination=tuple(
            interface_coefficient(a, b, diameter_m) + oxide_transfer_coefficient(a, b, diameter_m)
            for a, b in itertools.pairwise(electronics)),
    )
    return device, electronics


def interface_coefficient(left: ElectronicMaterial, right: ElectronicMaterial,
                          nc_diameter_m: float) -> float:
    """Recombination coefficient k [m^4/s] across the interface of two NC films.

    An electron on one side and a hole on the other recombine when they meet across the
    interface: the reduced-Langevin rate zeta q (mu_n + mu_p) / eps of the two facing films
    (geometric means of their mobilities and permittivities, the smaller zeta) acting in a sheet
    one NC thick, k = zeta q (mu_n + mu_p) / eps * d_NC. Derived from the films' parameters, no
    constant of its own.

    References
    ----------
    T. Kirchartz, B. E. Pieters, J. Nelson, U. Rau, Phys. Rev. B 81, 205308 (2010),
    doi:10.1103/PhysRevB.81.205308 (recombination across a heterointerface in drift-diffusion).
    """
    from ncled.constants import eps0

    mu_n = math.sqrt(left.mu_n_cm2 * right.mu_n_cm2) * 1e-4
    mu_p = math.sqrt(left.mu_p_cm2 * right.mu_p_cm2) * 1e-4
    eps = math.sqrt(left.eps_r * right.eps_r) * eps0
    zeta = min(left.langevin_prefactor, right.langevin_prefactor)
    return zeta * q * (mu_n + mu_p) / eps * nc_diameter_m


#: Oxide NC films whose conduction electrons recombine directly (by interparticle electron
#: transfer) with the holes of a touching HgTe NC, and the HgTe-network films they face.
_TRANSFER_OXIDES = {"ZnO-NC-film"}
#: NCs of the facing film touched by one NC of an interface sheet: half the mean contact number
#: (6) of a random close packing of spheres (O'Hern et al., Phys. Rev. E 68, 011306 (2003)).
INTERFACE_CONTACTS = 3.0
_HGTE_FILMS = {"ZnO:HgTe", HGTE_COMPONENT}


def oxide_transfer_coefficient(left: ElectronicMaterial, right: ElectronicMaterial,
                               hgte_diameter_m: float,
                               oxide_diameter_m: float | None = None) -> float:
    """Recombination coefficient k [m^4/s] of ZnO electrons with holes of the facing HgTe NCs.

    At the ZnO / emitter interface an electron on a ZnO NC of the contact sheet (one ZnO NC
    thick, d_ZnO) fills a hole of a touching HgTe NC with the interparticle transfer rate
    k_CT (registry ``ZnO:HgTe.interface_transfer_rate_s``, [Tvrdy2011]). A NC of the sheet
    touches z = 3 NCs of the facing film (half the mean contact number 6 of a random close
    packing, [OHern2003]); each is a HgTe NC holding a hole with the chance p / N, N the NCs
    (HgTe and ZnO) per volume of the facing film and p its holes (all on HgTe). Per area,

        R = k_CT (n_ZnO d_ZnO) z p / N  ->  k = z k_CT d_ZnO / N.

    The electron drops about 1 eV (ZnO conduction band to the HgTe hole level) without light:
    a non-radiative loss, the heterointerface loss of [Qu2022] at high HgTe content where the
    emitter is p-type and the recombination zone sits at the ZnO interface. Zero for any other
    pair of films (the reduced-Langevin :func:`interface_coefficient` acts at every interface).

    Parameters
    ----------
    left, right : ElectronicMaterial
        The two films, cathode side first (either order is accepted).
    hgte_diameter_m : float
        HgTe NC diameter [m] (with the film's hole states it gives the HgTe share of its NCs).
    oxide_diameter_m : float, optional
        ZnO NC diameter [m] (default registry ``ZnO.diameter_nm``).

    References
    ----------
    .. [Tvrdy2011] K. Tvrdy, P. A. Frey, P. V. Kamat, "Photoinduced electron transfer from
       semiconductor quantum dots to metal oxide nanoparticles", PNAS 108, 29 (2011),
       doi:10.1073/pnas.1011972107.
    .. [OHern2003] C. S. O'Hern, L. E. Silbert, A. J. Liu, S. R. Nagel, "Jamming at zero
       temperature and zero applied stress", Phys. Rev. E 68, 011306 (2003),
       doi:10.1103/PhysRevE.68.011306 (mean contact number 6 of jammed spheres).
    .. [Qu2022] J. Qu et al., Nat. Photon. 16, 38 (2022), doi:10.1038/s41566-021-00902-y.
    """
    pair = {left.name, right.name}
    oxide = pair & _TRANSFER_OXIDES
    film = [m for m in (left, right) if m.name in _HGTE_FILMS]
    if not oxide or not film:
        return 0.0
    d_ox = (_param("ZnO.diameter_nm") * 1e-9 if oxide_diameter_m is None
            else float(oxide_diameter_m))
    hgte_nc = film[0].nv_cm3 * 1e6 / _param("HgTe.states_vb")  # HgTe NCs per volume
    share = hgte_nc / (nc_number_density_cm3(hgte_diameter_m) * 1e6)  # HgTe share of the NC volume
    zno_nc = (1.0 - share) * nc_number_density_cm3(d_ox) * 1e6
    return INTERFACE_CONTACTS * _param("ZnO:HgTe.interface_transfer_rate_s") * d_ox / (
        hgte_nc + zno_nc)


#: Registry prefix of the electronic parameters of each film (the emitter takes HgTe's).
_REGISTRY_FILM = {"ZnO-NC-film": "ZnO", "PbS-NC-film": "PbS", "HgTe-NC-film": "HgTe",
                  "ZnO:HgTe": "HgTe"}
_UNITS = {"electron_affinity_ev": "eV", "band_gap_ev": "eV", "eps_r": "1", "nc_cm3": "cm^-3",
          "nv_cm3": "cm^-3", "mu_n_cm2": "cm^2/Vs", "mu_p_cm2": "cm^2/Vs", "nd_cm3": "cm^-3",
          "na_cm3": "cm^-3", "langevin_prefactor": "1", "dos_width_ev": "eV",
          "trap_density_cm3": "cm^-3"}


def device_parameters(config: DeviceConfig) -> list[dict]:
    """Every electrical parameter of every active film of a device, with its status and source.

    Returns
    -------
    list of dict
        Rows with ``layer``, ``parameter``, ``value``, ``unit``, ``status`` (the registry's
        status, "device file" for a value the file overrides, "derived" for one computed from
        the registry's entries, e.g. the emitter's doping from its composition) and ``source``.
    """
    from ncled.device.led import emitter_physics
    from ncled.parameters import REGISTRY

    em = emitter_physics(config)
    dev, electronics = transport_device(config, em.gap_ev, em.diameter_m)
    rows = []
    for layer, el in zip(active_layers(config), electronics, strict=True):
        prefix = _REGISTRY_FILM.get(el.name, "")
        for fname, unit in _UNITS.items():
            val = float(getattr(el, fname))
            entry = REGISTRY.get(f"{prefix}.{fname}")
            if fname in layer.electrical:
                status, source = "device file", config.source_path or "device file"
            elif entry is not None and math.isclose(entry.value, val, rel_tol=1e-12):
                status = entry.status + (f" (to {entry.fitted_to})" if entry.fitted_to else "")
                source = entry.source
            else:
                status = "derived"
                source = ("composition of the mixture (ncled.materials.electronic.mixed_film)"
                          if layer.role == "emitter" else "NC size and states per NC")
            rows.append({"layer": layer.name, "parameter": fname, "value": val, "unit": unit,
                         "status": status, "source": source})
    for name, k in zip(dev.layers[:-1], dev.interface_recombination, strict=True):
        rows.append({"layer": f"{name.name} | next", "parameter": "interface_k", "value": k,
                     "unit": "m^4/s", "status": "derived",
                     "source": "reduced Langevin across one NC (interface_coefficient) + "
                               "ZnO -> HgTe electron transfer (oxide_transfer_coefficient)"})
    return rows
