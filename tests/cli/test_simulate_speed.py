"""What the speed work on ``ncled simulate`` must not change: the commands it can reach, the files
it writes, the numbers of its studies (no timings are asserted here; see
benchmarks/bench_simulate.py)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from ncled.cli import main as cli_main
from ncled.cli.apps import app


def _top_level_names() -> dict[str, str]:
    """Top-level command or group name -> module of the callback, with every module imported."""
    cli_main.load_commands(None)
    names = {}
    for info in app.registered_commands:
        names[info.name] = info.callback.__module__
    for group in app.registered_groups:
        for info in group.typer_instance.registered_commands:
            names.setdefault(group.name, info.callback.__module__)
    return names


def test_lazy_loading_finds_the_module_of_every_command():
    # every command (and group) registered by the full import is found in the modules'
    # source, so importing only those modules cannot lose a command
    names = _top_level_names()
    found = cli_main._registrations()
    assert set(names) <= set(found)
    for name, module in names.items():
        assert module.rsplit(".", 1)[-1] in found[name], name


def test_group_commands_all_come_from_the_listed_modules():
    # a group spread over several modules (optics: optics.py and emission.py) loads all of them
    found = cli_main._registrations()
    cli_main.load_commands(None)
    for group in app.registered_groups:
        for info in group.typer_instance.registered_commands:
            assert info.callback.__module__.rsplit(".", 1)[-1] in found[group.name]


def test_simulate_does_not_import_the_other_commands():
    # a fresh interpreter: `ncled simulate --help` must not load the analysis commands (SciPy's
    # signal processing) nor the studies' engine
    code = ("import sys; from ncled.cli.main import main; rc = main(['simulate', '--help']); "
            "print(rc, 'ncled.cli.analyze_led' in sys.modules, 'scipy.signal' in sys.modules, "
            "'ncled.cli.studies' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out[-4:] == ["0", "False", "False", "False"]


@pytest.mark.parametrize("argv", [["--help"], [], ["no-such-command"]])
def test_without_a_known_command_every_command_is_listed(argv, capsys):
    rc = cli_main.main(argv)
    text = capsys.readouterr()
    listing = text.out + text.err
    if argv == ["no-such-command"]:
        assert rc == 2
    else:
        for name in ("simulate", "analyze", "optics", "sweep"):
            assert name in listing


def test_write_netcdf_writes_the_bytes_of_to_netcdf(tmp_path):
    # the direct store write must give the very file Dataset.to_netcdf(engine="scipy") gives
    import numpy as np
    import xarray as xr

    from ncled.cli.common import write_netcdf

    ds = xr.Dataset(
        {"j": (("voltage",), np.linspace(0.0, 1.0, 5), {"units": "A/m^2"}),
         "psi": (("voltage", "x"), np.arange(15.0).reshape(5, 3), {"units": "V"}),
         "flag": (("voltage",), np.array([1, 0, 1, 1, 0], dtype=np.int8))},
        coords={"voltage": np.linspace(0.0, 4.0, 5), "x": [0.0, 1e-9, 2e-9]},
        attrs={"title": "t", "success": 1, "ratio": 0.5, "list": [1.0, 2.0]})
    write_netcdf(ds, tmp_path / "a.nc")
    ds.to_netcdf(tmp_path / "b.nc", engine="scipy")
    assert (tmp_path / "a.nc").read_bytes() == (tmp_path / "b.nc").read_bytes()
    with xr.open_dataset(tmp_path / "a.nc") as back:
        xr.testing.assert_identical(back.load(), ds)


def test_studies_in_a_second_process_give_the_serial_numbers(tmp_path):
    # --parallel (the studies in a forked worker, started cold) and --serial (in this process,
    # warm-started from the device's own solution) differ only in the solver's starting points:
    # the figures of merit agree to the Newton tolerance (1e-10 V_t on the potentials, i.e.
    # ~1e-9 relative on the currents; 1e-7 leaves room for the interpolations)
    import json

    runs = {}
    for mode in ("--parallel", "--serial"):
        out = tmp_path / mode.strip("-")
        assert cli_main.main(["simulate", mode, "--no-figures", "--voltage-points", "21",
                              "-o", str(out)]) == 0
        runs[mode] = json.loads((out / "summary.json").read_text())["figures_of_merit"]
    par, ser = runs["--parallel"], runs["--serial"]
    assert set(par) == set(ser)
    for key in ("best_hgte_fraction", "eqe_ratio_2p3_2p0", "peak_eqe", "turn_on_voltage"):
        assert par[key] == pytest.approx(ser[key], rel=1e-7), key


def test_default_mesh_is_converged_to_half_a_percent():
    # the drift-diffusion mesh of simulate against twice as fine a one: the figures of merit
    # move by < 0.5 % (measured with 480 nodes: radiance at 900 mA/cm^2 0.36 %, peak EQE
    # 0.07 %; 240 nodes moved the radiance 1.2 % once the ZnO/emitter transfer loss was in)
    import numpy as np

    from ncled.device.config import load_device
    from ncled.device.electrical import DEFAULT_N_NODES
    from ncled.device.led import simulate_led

    dev = load_device("reference")
    volts = np.linspace(0.0, 4.0, 41)
    coarse, fine = (simulate_led(dev, volts, n_nodes=n).figures
                    for n in (DEFAULT_N_NODES, 2 * DEFAULT_N_NODES))
    for key in ("turn_on_voltage", "peak_eqe", "radiance_lambertian_at_operating_density",
                "pixel_temperature_at_operating_current", "outcoupling",
                "charge_balance_at_peak"):
        assert getattr(coarse, key) == pytest.approx(getattr(fine, key), rel=5e-3), key
