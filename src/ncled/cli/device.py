"""``ncled device``: list built-in devices and show a device file as a table."""

from __future__ import annotations

import typer

from ncled.cli.apps import device_app
from ncled.cli.common import console, rich_table
from ncled.device.config import REFERENCE_DEVICE, builtin_devices, load_device


@device_app.command("list")
def device_list() -> None:
    """List the built-in device files (usable by name wherever a FILE is expected)."""
    rows = []
    for name, path in sorted(builtin_devices().items()):
        dev = load_device(path)
        rows.append([name, dev.description or dev.name])
    console.print(rich_table("Built-in devices", ["name", "description"], rows))


@device_app.command("show")
def device_show(
    file: str = typer.Argument(REFERENCE_DEVICE, help="Device TOML file or built-in device name."),
) -> None:
    """Print the stack of a device file as a table, front (light-exit side) to back."""
    dev = load_device(file)
    rows = [["(front)", dev.ambient.front, "semi-infinite", "", ""]]
    for layer in dev.layers:
        if layer.material is not None:
            mat = layer.material
        else:
            mat = f"{layer.ema}: " + " + ".join(f"{v:.0%} {k}" for k, v in layer.components.items())
        thick = layer.thickness
        text = f"{thick * 1e3:g} mm" if thick >= 1e-4 else f"{thick * 1e9:g} nm"
        rows.append([layer.name, mat, text, "coherent" if layer.coherent else "incoherent",
                     layer.role])
    rows.append(["(back)", dev.ambient.back, "semi-infinite", "", ""])
    console.print(rich_table(f"{dev.name}: {dev.description}", ["layer", "material", "thickness",
                                                                "optics", "role"], rows))
    console.print(f"pixel area: {dev.pixel_area * 1e6:g} mm^2")
    if dev.electrodes is not None:
        e = dev.electrodes
        console.print(
            f"cathode: {e.cathode.layer} (work function {e.cathode.work_function_ev} eV, "
            f"{e.cathode.contact}); anode: {e.anode.layer} (work function "
            f"{e.anode.work_function_ev} eV, {e.anode.contact})"
        )
    if dev.nanocrystal is not None:
        nc = dev.nanocrystal
        bits = [f"material {nc.material}"]
        if nc.pl_peak:
            bits.append(f"PL peak {nc.pl_peak * 1e9:g} nm")
        if nc.diameter:
            bits.append(f"diameter {nc.diameter * 1e9:g} nm")
        if nc.growth_temperature:
            bits.append(f"grown at {nc.growth_temperature - 273.15:g} C")
        console.print("nanocrystals: " + ", ".join(bits))
    if dev.reference:
        console.print(f"reference: {dev.reference}")
