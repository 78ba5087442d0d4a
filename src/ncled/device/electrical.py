"""From a device file to the drift-diffusion device: electrical parameters of each layer.

The electrically active layers are those between the cathode and the anode named in the
``[electrodes]`` section. Each takes the parameters of :mod:`ncled.materials.electronic` for its
material; the emitting ZnO:HgTe mixture takes the HgTe film of the emission gap with the doping of
its composition (:func:`ncled.materials.electronic.mixed_emitter_film`). Any value can be overridden
in the device file, per layer, in ``electrical = { mu_n_cm2 = 0.02, ... }`` using the field names of
:class:`ncled.materials.electronic.ElectronicMaterial`.
"""

from __future__ import annotations

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
)
from ncled.transport.params import Contact, Device
from ncled.transport.params import Layer as TransportLayer

HGTE_COMPONENT = "HgTe-NC-film"
_OVERRIDABLE = {f.name for f in fields(ElectronicMaterial)} - {"name", "source"}


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


def layer_electronics(layer: Layer, gap_ev: float, diameter_m: float) -> ElectronicMaterial:
    """Electronic parameters of one device layer, with the file's overrides applied."""
    if layer.role == "emitter":
        base = mixed_emitter_film(hgte_nc_film(gap_ev, diameter_m), emitter_hgte_fraction(layer))
    elif layer.material is not None and layer.material in ELECTRONIC_LIBRARY:
        base = ELECTRONIC_LIBRARY[layer.material]
    elif layer.material == HGTE_COMPONENT:
        base = hgte_nc_film(gap_ev, diameter_m)
    elif not layer.electrical:
        raise ConfigError(
            f"layer {layer.name!r}: no electrical parameters for {layer.material or 'a mixture'}; "
            f"known: {sorted(ELECTRONIC_LIBRARY)}, or give them in its 'electrical' table "
            f"({sorted(_OVERRIDABLE)})"
        )
    else:
        missing = sorted(_OVERRIDABLE - {"nd_cm3", "na_cm3"} - set(layer.electrical))
        if missing:
            raise ConfigError(f"layer {layer.name!r}: electrical parameters missing: {missing}")
        base = ElectronicMaterial(name=layer.name, **{k: float(v) for k, v in
                                                     layer.electrical.items()})
        return base
    unknown = sorted(set(layer.electrical) - _OVERRIDABLE)
    if unknown:
        raise ConfigError(
            f"layer {layer.name!r}: unknown electrical parameters {unknown}; "
            f"valid: {sorted(_OVERRIDABLE)}"
        )
    bad = [k for k, v in layer.electrical.items() if not isinstance(v, int | float)
           or not math.isfinite(v)]
    if bad:
        raise ConfigError(f"layer {layer.name!r}: electrical parameters must be numbers: {bad}")
    return replace(base, **{k: float(v) for k, v in layer.electrical.items()})


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


def _contact(work_function_ev: float, kind: str) -> Contact:
    # "ohmic": the metal Fermi level makes the adjacent layer neutral (the textbook ohmic contact;
    # ITO/ZnO NC and Au/PbS-EDT contacts are ohmic in practice, Chuang et al. 2014). "thermionic":
    # Schottky-Mott barrier from the work function, thermionic velocity of the free electron mass.
    if kind == "ohmic":
        return Contact(work_function=None)
    from ncled.transport.params import thermionic_velocity

    v = thermionic_velocity(1.20173e6, 300.0, 2.5e25)
    return Contact(work_function=work_function_ev * q, s_n=v, s_p=v)


def transport_device(config: DeviceConfig, gap_ev: float, diameter_m: float, *,
                     temperature_k: float | None = None, n_nodes: int = 240) -> tuple[Device, list]:
    """The drift-diffusion :class:`ncled.transport.params.Device` of a device file.

    The cathode is on the left (x = 0), the anode on the right; the bias is applied to the anode.

    Returns
    -------
    (Device, list of ElectronicMaterial)
        The transport device and the parameters used for each active layer (for reporting).
    """
    layers = active_layers(config)
    electronics = [layer_electronics(layer, gap_ev, diameter_m) for layer in layers]
    tlayers = []
    for layer, el in zip(layers, electronics, strict=True):
        emitter = layer.role == "emitter"
        tlayers.append(TransportLayer.practical(
            name=layer.name, thickness_nm=layer.thickness * 1e9, eps_r=el.eps_r,
            electron_affinity_ev=el.electron_affinity_ev, band_gap_ev=el.band_gap_ev,
            nc_cm3=el.nc_cm3, nv_cm3=el.nv_cm3, mu_n_cm2=el.mu_n_cm2, mu_p_cm2=el.mu_p_cm2,
            nd_cm3=el.nd_cm3, na_cm3=el.na_cm3, langevin=True,
            langevin_prefactor=el.langevin_prefactor,
            radiative_fraction=1.0 if emitter else 0.0,
        ))
    e = config.electrodes
    device = Device(
        layers=tuple(tlayers),
        left=_contact(e.cathode.work_function_ev, e.cathode.contact),
        right=_contact(e.anode.work_function_ev, e.anode.contact),
        temperature=temperature_k or config.drive.temperature,
        n_nodes=n_nodes,
        anode="right",
    )
    return device, electronics
