"""The CLI's error contract over a table of bad inputs (files and options, every command).

Each bad input must end with exit code 2 (3 is for non-convergence only), no ``Traceback`` on
stderr, and a message that names the file or the field/option at fault. The commands run
in-process through :func:`ncled.cli.main.main` (fast); a few run as the real console script.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ncled.cli.main import main
from ncled.device.config import builtin_devices

REFERENCE = builtin_devices()["reference"].read_text(encoding="utf-8")
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "measurements"


def _swap(old: str, new: str, count: int = 1) -> str:
    assert old in REFERENCE, old  # the mutation must apply to the reference file
    return REFERENCE.replace(old, new, count)


#: Device-file mutations: name -> (file text, text the message must contain).
DEVICE_FILES: dict[str, tuple[str, str]] = {
    "bare_thickness": (_swap('thickness = "1 mm"', "thickness = 1"), "thickness"),
    "negative_thickness": (_swap('thickness = "35 nm"', 'thickness = "-35 nm"'), "thickness"),
    "huge_thickness": (_swap('thickness = "35 nm"', 'thickness = "1e30 nm"'), "thickness"),
    "unknown_length_unit": (_swap('thickness = "35 nm"', 'thickness = "35 furlong"'),
                            "furlong"),
    "text_thickness": (_swap('thickness = "35 nm"', 'thickness = "thin"'), "thickness"),
    "nan_thickness": (_swap('thickness = "35 nm"', 'thickness = "nan nm"'), "thickness"),
    "unknown_material": (_swap('material = "Au"', 'material = "Gold"'), "Gold"),
    "unknown_ambient": (_swap('front = "air"', 'front = "vacuum-ish"'), "ambient.front"),
    "mixture_sum": (_swap('"ZnO-NC-film" = 0.5 }', '"ZnO-NC-film" = 0.4 }'), "mixture"),
    "mixture_unknown": (_swap('"ZnO-NC-film" = 0.5 }', '"ZnS-NC-film" = 0.5 }'), "ZnS-NC-film"),
    "params_unknown_key": (_swap("mobility_cm2_vs = 45.0 }", "mobility_cm2_vs = 45.0, mu = 1 }"),
                           "params.mu"),
    "params_mixture_key": (_swap('role = "emitter"', 'role = "emitter"\nparams = { x = 1 }'),
                           "params.x"),
    "electrical_unknown_key": (_swap('thickness = "60 nm"',
                                     'thickness = "60 nm"\nelectrical = { mobility = 1 }'),
                               "electrical.mobility"),
    "negative_pl_peak": (_swap('pl_peak = "2000 nm"', 'pl_peak = "-2000 nm"'), "pl_peak"),
    "bare_pl_peak": (_swap('pl_peak = "2000 nm"', "pl_peak = 2000"), "pl_peak"),
    "far_pl_peak": (_swap('pl_peak = "2000 nm"', 'pl_peak = "2000 mm"'), "pl_peak"),
    "peak_and_diameter": (_swap('pl_peak = "2000 nm"', 'pl_peak = "2000 nm"\ndiameter = "8 nm"'),
                          "diameter"),
    "tiny_diameter": (_swap('pl_peak = "2000 nm"', 'diameter = "0.01 nm"'), "diameter"),
    "hot_growth": (_swap('growth_temperature = "70C"', 'growth_temperature = "5000C"'),
                   "growth_temperature"),
    "bare_growth": (_swap('growth_temperature = "70C"', "growth_temperature = 70"),
                    "growth_temperature"),
    "size_dispersion": (_swap('growth_temperature = "70C"', "size_dispersion = 0.9"),
                        "size_dispersion"),
    "plqy_above_one": (_swap('growth_temperature = "70C"', "plqy = 1.5"), "plqy"),
    "negative_kelvin": (_swap('temperature = "23C"', 'temperature = "-300C"'), "temperature"),
    "bare_temperature": (_swap('temperature = "23C"', "temperature = 296"), "temperature"),
    "temperature_unit": (_swap('temperature = "23C"', 'temperature = "23F"'), "temperature"),
    "huge_voltage": (_swap("voltage_stop = 4.0", "voltage_stop = 1e6"), "voltage_stop"),
    "one_point": (_swap("voltage_points = 41", "voltage_points = 1"), "voltage_points"),
    "many_points": (_swap("voltage_points = 41", "voltage_points = 100000"), "voltage_points"),
    "reversed_sweep": (_swap("voltage_stop = 4.0", "voltage_stop = -1.0"), "voltage_stop"),
    "text_voltage": (_swap("voltage_stop = 4.0", 'voltage_stop = "four"'), "voltage_stop"),
    "bare_area": (_swap('pixel_area = "1 mm2"', "pixel_area = 1"), "pixel_area"),
    "area_unit": (_swap('pixel_area = "1 mm2"', 'pixel_area = "1 acre"'), "pixel_area"),
    "negative_area": (_swap('pixel_area = "1 mm2"', 'pixel_area = "-1 mm2"'), "pixel_area"),
    "bare_strip": (_swap('strip_width = "1 mm"', "strip_width = 1"), "strip_width"),
    "electrode_layer": (_swap('layer = "Au"', 'layer = "Ag"'), "electrodes"),
    "work_function": (_swap("work_function_ev = 5.1", "work_function_ev = 51"),
                      "work_function_ev"),
    "contact_kind": (_swap('contact = "ohmic" }', 'contact = "schottky" }'), "contact"),
    "unknown_key": (REFERENCE + '\ncolour = "red"\n', "colour"),
    "unknown_section_key": (_swap('back = "air"', 'back = "air"\nside = 1'), "ambient.side"),
    "duplicate_layer": (_swap('name = "PbS"', 'name = "ZnO"'), "unique"),
    "two_emitters": (_swap('thickness = "60 nm"', 'thickness = "60 nm"\nrole = "emitter"'),
                     "emitter"),
    "ema_model": (_swap('ema = "bruggeman"', 'ema = "average"'), "ema"),
    "role_value": (_swap('role = "emitter"', 'role = "light"'), "role"),
    "coherent_text": (_swap("coherent = false", 'coherent = "maybe"'), "coherent"),
    "no_material": (_swap('material = "Au"\n', ""), "material"),
    "malformed_toml": (REFERENCE + "\n[[layers]\n", "TOML"),
    "empty_file": ("", "layers"),
    "three_errors": (_swap('thickness = "1 mm"', "thickness = 1").replace(
        'material = "Au"', 'material = "Gold"').replace('pl_peak = "2000 nm"',
                                                        'pl_peak = "-2 um"'), "3 problems"),
}

_MEAS = (EXAMPLES / "measurement.toml").read_text(encoding="utf-8")

#: Measurement-file mutations (through ``analyze led``): name -> (file text, expected text).
MEASUREMENT_FILES: dict[str, tuple[str, str]] = {
    "bare_distance": (_MEAS.replace('distance = "10 mm"', "distance = 10"), "detector.distance"),
    "negative_distance": (_MEAS.replace('distance = "10 mm"', 'distance = "-10 mm"'),
                          "detector.distance"),
    "distance_unit": (_MEAS.replace('distance = "10 mm"', 'distance = "10 leagues"'),
                      "leagues"),
    "bare_area": (_MEAS.replace('pixel_area = "1 mm2"', "pixel_area = 1"), "pixel_area"),
    "negative_responsivity": (_MEAS.replace("responsivity_a_w = 1.0", "responsivity_a_w = -1"),
                              "responsivity_a_w"),
    "peak_outside": (_MEAS.replace("[emission]", '[emission]\npeak_wavelength = "-2 um"'),
                     "peak_wavelength"),
    "bare_peak": (_MEAS.replace("[emission]", "[emission]\npeak_wavelength = 2000"),
                  "peak_wavelength"),
    "unknown_key": (_MEAS + "\ncolour = 1\n", "colour"),
    "criterion_method": (_MEAS.replace('turn_on = { method = "noise"',
                                       'turn_on = { method = "guess"'), "criteria.turn_on"),
    "fraction_above_one": (_MEAS.replace("[lifetime]", "[lifetime]\nfractions = [1.5]"),
                           "lifetime.fractions"),
    "malformed": (_MEAS + "\n[detector\n", "TOML"),
}

#: Commands that read a device file, with the options that make them stop early if it is valid.
DEVICE_COMMANDS = {
    "device show": ["device", "show"],
    "optics rt": ["optics", "rt"],
    "optics ito-tradeoff": ["optics", "ito-tradeoff"],
    "optics outcoupling": ["optics", "outcoupling"],
    "optics thermal": ["optics", "thermal"],
    "simulate": ["simulate", "--no-figures"],
}

#: Option and argument errors: (id, argv, text the message must contain). "{out}" is a fresh
#: output folder, "{file}" an existing plain file, "{dir}" an existing folder.
OPTION_CASES: list[tuple[str, list[str], str]] = [
    ("unknown_command", ["frobnicate"], "frobnicate"),
    ("unknown_subcommand", ["device", "explode"], "explode"),
    ("unknown_root_option", ["--colour"], "--colour"),
    ("device_show_missing", ["device", "show", "no-such-device"], "no-such-device"),
    ("device_show_folder", ["device", "show", "{dir}"], "{dir}"),
    ("device_show_binary", ["device", "show", "{binary}"], "{binary}"),
    ("simulate_vstop_huge", ["simulate", "--voltage-stop", "1e6"], "--voltage-stop"),
    ("simulate_vstop_text", ["simulate", "--voltage-stop", "four"], "--voltage-stop"),
    ("simulate_vpoints_one", ["simulate", "--voltage-points", "1"], "--voltage-points"),
    ("simulate_vpoints_huge", ["simulate", "--voltage-points", "10000000"], "--voltage-points"),
    ("simulate_vstop_below_start", ["simulate", "--voltage-stop", "-1"], "--voltage-stop"),
    ("simulate_output_file", ["simulate", "-o", "{file}"], "{file}"),
    ("simulate_output_under_file", ["simulate", "-o", "{file}/sub"], "{file}"),
    ("simulate_output_empty", ["simulate", "-o", ""], "--output"),
    ("simulate_unknown_option", ["simulate", "--voltage", "3"], "--voltage"),
    ("simulate_two_files", ["simulate", "reference", "reference_2p3um"], "reference_2p3um"),
    ("materials_show_missing_name", ["materials", "show"], "NAME"),
    ("materials_show_unknown", ["materials", "show", "unobtainium"], "unobtainium"),
    ("materials_show_negative_wl", ["materials", "show", "Au", "-w", "-5"], "--wavelength"),
    ("materials_show_huge_wl", ["materials", "show", "Au", "-w", "1e12"], "--wavelength"),
    ("materials_show_text_wl", ["materials", "show", "Au", "-w", "blue"], "--wavelength"),
    ("materials_show_zero_count", ["materials", "show", "Au", "-w", "1000:2000:0"],
     "--wavelength"),
    ("materials_show_many_points", ["materials", "show", "Au", "-w", "1000:2000:1000000000"],
     "--wavelength"),
    ("materials_show_wl_unit", ["materials", "show", "Au", "-w", "2000 parsec"], "parsec"),
    ("materials_show_outside_data", ["materials", "show", "Au", "-w", "50000"], "Au"),
    ("materials_show_bad_param", ["materials", "show", "ITO", "-p", "colour=1"], "colour"),
    ("materials_show_param_syntax", ["materials", "show", "ITO", "-p", "colour"], "--param"),
    ("materials_show_json_csv", ["materials", "show", "Au", "--json", "--csv"], "--json"),
    ("materials_show_output_file", ["materials", "show", "Au", "-o", "{file}"], "{file}"),
    ("materials_list_extra", ["materials", "list", "extra"], "extra"),
    ("rt_angle_90", ["optics", "rt", "--angle", "95"], "--angle"),
    ("rt_angle_text", ["optics", "rt", "--angle", "steep"], "--angle"),
    ("rt_side", ["optics", "rt", "--side", "top"], "--side"),
    ("rt_wavelength_zero", ["optics", "rt", "-w", "0"], "--wavelength"),
    ("rt_output_file", ["optics", "rt", "-o", "{file}"], "{file}"),
    ("ito_wavelength_negative", ["optics", "ito-tradeoff", "-w", "-5"], "--wavelength"),
    ("ito_thickness_text", ["optics", "ito-tradeoff", "-t", "thin"], "--thickness"),
    ("outcoupling_nkappa_zero", ["optics", "outcoupling", "--n-kappa", "0"], "--n-kappa"),
    ("outcoupling_nkappa_huge", ["optics", "outcoupling", "--n-kappa", "1000000000"],
     "--n-kappa"),
    ("outcoupling_ndepth_zero", ["optics", "outcoupling", "--n-depth", "0"], "--n-depth"),
    ("outcoupling_horizontal", ["optics", "outcoupling", "--horizontal-fraction", "2"],
     "--horizontal-fraction"),
    ("outcoupling_plqy_zero", ["optics", "outcoupling", "--plqy", "0"], "--plqy"),
    ("outcoupling_plqy_big", ["optics", "outcoupling", "--plqy", "5"], "--plqy"),
    ("outcoupling_wavelengths", ["optics", "outcoupling", "--wavelengths", "1:2:3:4"],
     "--wavelengths"),
    ("outcoupling_depth_text", ["optics", "outcoupling", "--depth-nm", "deep"], "--depth-nm"),
    ("thermal_hot", ["optics", "thermal", "--temperature", "5000K"], "--temperature"),
    ("thermal_text", ["optics", "thermal", "--temperature", "warm"], "--temperature"),
    ("thermal_unit", ["optics", "thermal", "--temperature", "300 furlong"], "--temperature"),
    ("thermal_negative_radiance", ["optics", "thermal", "--el-radiance", "-1"], "--el-radiance"),
    ("thermal_wavelengths", ["optics", "thermal", "--wavelengths", "abc"], "--wavelengths"),
    ("nc_spectrum_negative_d", ["nc", "spectrum", "--diameter", "-8"], "--diameter"),
    ("nc_spectrum_both", ["nc", "spectrum", "--diameter", "8", "--peak", "2000"], "--diameter"),
    ("nc_spectrum_peak_text", ["nc", "spectrum", "--peak", "red"], "--peak"),
    ("nc_spectrum_material", ["nc", "spectrum", "--material", "Unobtainium", "--diameter", "8"],
     "Unobtainium"),
    ("nc_size_nothing", ["nc", "size"], "--wavelength"),
    ("nc_size_negative", ["nc", "size", "--wavelength", "-1"], "--wavelength"),
    ("nc_size_model", ["nc", "size", "--diameter", "8", "--model", "guess"], "guess"),
    ("nc_recipe_nothing", ["nc", "recipe"], "--temperature"),
    ("nc_recipe_scale_zero", ["nc", "recipe", "--peak", "2000", "--batch-scale", "0"],
     "--batch-scale"),
    ("nc_recipe_scale_huge", ["nc", "recipe", "--peak", "2000", "--batch-scale", "1e9"],
     "--batch-scale"),
    ("nc_recipe_hot", ["nc", "recipe", "--temperature", "5000C"], "temperature"),
    ("nc_recipe_peak_negative", ["nc", "recipe", "--peak", "-1"], "--peak"),
    ("led_missing_file", ["analyze", "led", "{out}/none.csv"], "none.csv"),
    ("led_folder", ["analyze", "led", "{dir}"], "{dir}"),
    ("led_binary", ["analyze", "led", "{binary}"], "{binary}"),
    ("led_no_file", ["analyze", "led"], "FILE"),
    ("led_pixel_area_text", ["analyze", "led", "{sweep}", "-m", "{meas}", "--pixel-area",
                             "big"], "--pixel-area"),
    ("led_pixel_area_negative", ["analyze", "led", "{sweep}", "-m", "{meas}", "--pixel-area",
                                 "-1 mm2"], "--pixel-area"),
    ("led_wavelength_text", ["analyze", "led", "{sweep}", "-m", "{meas}", "--wavelength",
                             "blue"], "--wavelength"),
    ("led_responsivity_text", ["analyze", "led", "{sweep}", "--responsivity", "x"],
     "--responsivity"),
    ("led_measurement_missing", ["analyze", "led", "{sweep}", "-m", "{out}/m.toml"], "m.toml"),
    ("led_measurement_folder", ["analyze", "led", "{sweep}", "-m", "{dir}"], "{dir}"),
    ("led_measurement_errors", ["analyze", "led", "{sweep}", "-m", "{bad_meas}"],
     "3 problems"),
    ("led_measurement_bare_distance", ["analyze", "led", "{sweep}", "-m", "{bare_meas}"],
     "distance"),
    ("led_measurement_toml", ["analyze", "led", "{sweep}", "-m", "{binary}"], "{binary}"),
    ("led_output_file", ["analyze", "led", "{sweep}", "-m", "{meas}", "-o", "{file}"],
     "{file}"),
    ("lifetime_missing", ["analyze", "lifetime", "{out}/none.csv"], "none.csv"),
    ("lifetime_binary", ["analyze", "lifetime", "{binary}"], "{binary}"),
    ("spectrum_missing", ["analyze", "spectrum", "{out}/none.csv"], "none.csv"),
    ("spectrum_folder", ["analyze", "spectrum", "{dir}"], "{dir}"),
    ("fet_missing_length", ["analyze", "fet", "{out}/none.csv", "--width", "50 um"],
     "--length"),
    ("fet_missing_file", ["analyze", "fet", "{out}/none.csv", "--length", "15 um", "--width",
                          "50 um", "--oxide", "85 nm"], "none.csv"),
    ("xps_missing_file", ["analyze", "xps", "{out}/none.vms"], "none.vms"),
    ("trxps_missing_file", ["analyze", "trxps", "{out}/none.txt"], "none.txt"),
    ("transient_missing_file", ["analyze", "transient", "{out}/none.csv"], "none.csv"),
    ("transient_no_file", ["analyze", "transient"], "FILE"),
]


@pytest.fixture(scope="module")
def places(tmp_path_factory) -> dict[str, str]:
    root = tmp_path_factory.mktemp("bad")
    file = root / "plain.txt"
    file.write_text("not a folder\n")
    binary = root / "garbage.toml"
    binary.write_bytes(bytes(range(256)) * 4)
    folder = root / "folder"
    folder.mkdir()
    bad_meas = root / "bad_measurement.toml"
    bad_meas.write_text('pixel_area = "one"\ncolour = "red"\n[lifetime]\nfractions = [1.5]\n')
    bare_meas = root / "bare.toml"
    bare_meas.write_text('pixel_area = "1 mm2"\n[detector]\nresponsivity_a_w = 1.0\n'
                         'area = "7 mm2"\ndistance = 10\n')
    for name, (text, _) in MEASUREMENT_FILES.items():
        (root / f"meas_{name}.toml").write_text(text, encoding="utf-8")
    devices = root / "devices"
    devices.mkdir()
    for name, (text, _) in DEVICE_FILES.items():
        (devices / f"{name}.toml").write_text(text, encoding="utf-8")
    return {"root": str(root), "file": str(file), "binary": str(binary), "dir": str(folder),
            "bad_meas": str(bad_meas), "bare_meas": str(bare_meas), "devices": str(devices),
            "sweep": str(EXAMPLES / "led_sweep.csv"), "meas": str(EXAMPLES / "measurement.toml")}


def _run(argv: list[str], capsys) -> tuple[int, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.err + captured.out


def _check(code: int, text: str, expect: str, argv: list[str]) -> None:
    assert "Traceback" not in text, text
    assert code == 2, f"{argv}: exit {code}\n{text}"
    flat = " ".join(text.split())
    assert expect.lower() in flat.lower(), f"{argv}: message lacks {expect!r}:\n{text}"


@pytest.mark.parametrize("case", sorted(DEVICE_FILES))
def test_bad_device_file(case, places, capsys):
    path = str(Path(places["devices"]) / f"{case}.toml")
    argv = [*DEVICE_COMMANDS["device show"], path]
    code, text = _run(argv, capsys)
    _check(code, text, DEVICE_FILES[case][1], argv)
    assert f"{case}.toml" in " ".join(text.split())  # the message names the file


@pytest.mark.parametrize("case", sorted(MEASUREMENT_FILES))
def test_bad_measurement_file(case, places, capsys):
    path = str(Path(places["root"]) / f"meas_{case}.toml")
    argv = ["analyze", "led", places["sweep"], "-m", path, "-o", places["root"] + "/out-led"]
    code, text = _run(argv, capsys)
    _check(code, text, MEASUREMENT_FILES[case][1], argv)
    assert f"meas_{case}.toml" in " ".join(text.split())  # the message names the file


#: A few device errors through every command that reads a device file.
_ACROSS = ["bare_thickness", "unknown_material", "three_errors", "huge_voltage"]


@pytest.mark.parametrize("command", sorted(set(DEVICE_COMMANDS) - {"device show"}))
@pytest.mark.parametrize("case", _ACROSS)
def test_bad_device_file_every_command(command, case, places, capsys):
    argv = [*DEVICE_COMMANDS[command], str(Path(places["devices"]) / f"{case}.toml"),
            "-o", str(Path(places["root"]) / "out" / command.replace(" ", "-"))]
    code, text = _run(argv, capsys)
    _check(code, text, DEVICE_FILES[case][1], argv)


@pytest.mark.parametrize(("case", "argv", "expect"), OPTION_CASES, ids=[c[0] for c in OPTION_CASES])
def test_bad_option(case, argv, expect, places, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)  # default output folders land here
    fill = {**places, "out": str(tmp_path)}
    argv = [a.format(**fill) for a in argv]
    code, text = _run(argv, capsys)
    _check(code, text, expect.format(**fill), argv)


def test_table_size():
    # the issue asks for at least 100 bad inputs across the commands
    n = (len(DEVICE_FILES) + len(MEASUREMENT_FILES) + len(_ACROSS) * (len(DEVICE_COMMANDS) - 1)
         + len(OPTION_CASES))
    assert n >= 100


def _script() -> str | None:
    beside = Path(sys.executable).parent / "ncled"
    return str(beside) if beside.exists() else shutil.which("ncled")


@pytest.mark.skipif(_script() is None, reason="the ncled console script is not installed")
@pytest.mark.parametrize(("argv", "expect"), [
    (["simulate", "--voltage-stop", "1e6"], "--voltage-stop"),
    (["device", "show", "no-such-device"], "no-such-device"),
    (["--colour"], "--colour"),
])
def test_console_script(argv, expect, tmp_path):
    run = subprocess.run([_script(), *argv], capture_output=True, text=True, cwd=tmp_path,
                         timeout=120, check=False)
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr
    assert expect in run.stderr


def test_python_m_and_version(tmp_path):
    run = subprocess.run([sys.executable, "-m", "ncled", "--version"], capture_output=True,
                         text=True, cwd=tmp_path, timeout=120, check=False)
    assert run.returncode == 0, run.stderr
    import ncled

    assert run.stdout.strip() == f"ncled {ncled.__version__}"
