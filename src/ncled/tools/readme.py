"""The numbers of README.md, generated from the code: ``python -m ncled.tools.readme``.

README.md holds blocks between ``<!-- generated:NAME -->`` and ``<!-- /generated:NAME -->``;
this tool runs the commands each block shows (in-process, through :func:`ncled.cli.main.main`),
reads the JSON they write and rewrites the block, so that every number printed in the README is
what the code gives today. ``--check`` rewrites nothing and exits 1 when a block is stale (the
test ``tests/cli/test_readme.py`` runs it); ``--block NAME`` limits the work to one block.

Usage::

    python -m ncled.tools.readme            # rewrite README.md (about a minute: runs simulate)
    python -m ncled.tools.readme --check    # exit 1 if README.md is stale
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
README = ROOT / "README.md"
EXAMPLES = ROOT / "examples" / "measurements"


def _ncled(argv: list[str], cwd: Path | None = None) -> str:
    """Run one ncled command in-process; its stdout (RuntimeError if it fails)."""
    from ncled.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    old = Path.cwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(argv)
    finally:
        os.chdir(old)
    if code != 0:
        raise RuntimeError(f"ncled {' '.join(argv)} exited {code}: {err.getvalue()}")
    return out.getvalue()


def _g(x: float, digits: int = 3) -> str:
    return f"{x:.{digits}g}"


def simulate_block(tmp: Path) -> str:
    """The figures of merit of ``ncled simulate`` beside the paper's (a markdown table)."""
    from ncled.cli.simulate import _FORMATS, _display, _paper  # the command's own formats
    from ncled.device.paper import QU2022

    _ncled(["simulate", "--no-figures", "-o", str(tmp / "simulate")])
    data = json.loads((tmp / "simulate" / "summary.json").read_text(encoding="utf-8"))
    fom = data["figures_of_merit"]
    rows = ["| figure of merit | ncled | paper | unit | paper's source |",
            "|---|---|---|---|---|"]
    for p in QU2022:
        if p.key in _FORMATS:
            rows.append(f"| {p.label} | {_display(p.key, fom)} | {_paper(p.value)} | {p.unit} "
                        f"| {p.where} |")
    return "\n".join(rows)


def examples_block(tmp: Path) -> str:
    """The device and nanocrystal examples, with the numbers their commands give."""
    size = json.loads(_ncled(["nc", "size", "--material", "HgTe", "--wavelength", "2000",
                              "--json", "-o", str(tmp / "nc-size")]))["size"]
    recipe = json.loads(_ncled(["nc", "recipe", "--temperature", "75C", "--json", "-o",
                                str(tmp / "nc-recipe")]))
    return "\n".join([
        "```console",
        "$ ncled simulate                          # the reference device (table above)",
        "$ ncled simulate reference_2p3um --no-studies --voltage-stop 3",
        "$ ncled device show reference             # the stack as a table",
        "$ ncled materials show ITO -w 1000:3000:5 -p mobility_cm2_vs=45",
        "$ ncled optics rt reference -w 2000 -a 0,30,60 --csv",
        "$ ncled optics ito-tradeoff               # 2 um transmission vs sheet resistance, "
        "10-250 nm",
        "$ ncled optics outcoupling                # Purcell, mode split, Lambertian correction, "
        "EL",
        "$ ncled optics thermal --temperature 33C  # device emissivity and thermal radiance vs EL",
        "$ ncled nc size --material HgTe --wavelength 2000      "
        f"# -> {size['diameter_nm']:.1f} nm",
        "$ ncled nc spectrum --material HgTe --peak 2000nm      # absorption + PL, "
        "peak/FWHM/Stokes",
        "$ ncled nc recipe --temperature 75C                    "
        f"# -> PL {recipe['pl_peak_nm']:.0f} nm, scaled recipe",
        "$ ncled reproduce --pdf     # every panel of the paper the model simulates + claims table "
        "(docs/reproduce.md)",
        "```",
    ])


def measured_block(tmp: Path) -> str:
    """The analysis examples on the files of examples/measurements, with their results."""
    led = json.loads(_run_json(["analyze", "led", "led_sweep.csv", "-m", "measurement.toml"],
                               tmp / "led", "led_summary.json"))["summary"]
    life = json.loads(_run_json(["analyze", "lifetime", "lifetime_trace.csv", "-m",
                                 "measurement.toml"], tmp / "life", "lifetime_summary.json"))
    lt50 = life["interpolated"]["LT50_h"]
    pt = json.loads(_run_json(["analyze", "xps", "pt4f.vms", "--region", "Pt 4f", "--model",
                               "pt4f_model.toml"], tmp / "xps", "xps.json"))
    pt = pt["regions"]["Pt 4f"]["parameters"]
    return "\n".join([
        "```console",
        "$ cd examples/measurements",
        "$ ncled analyze led led_sweep.csv -m measurement.toml        "
        f"# EQE {_g(led['peak_eqe_percent'], 2)} +/- {_g(led['peak_eqe_unc_percent'], 1)} %, "
        f"turn-on {led['turn_on_voltage_v']:.2f} V",
        "$ ncled analyze lifetime lifetime_trace.csv -m measurement.toml   "
        f"# LT50 {_g(lt50, 2)} h, stretched exp.",
        "$ ncled analyze spectrum el_spectrum.csv --reference pl_spectrum.csv --blackbody 33C",
        "$ ncled analyze fet fet_transfer.csv --length 15um --width 50um --oxide 85nm --vds 0.1",
        '$ ncled analyze xps pt4f.vms --region "Pt 4f" --model pt4f_model.toml   '
        f"# 4f7/2 {pt['Pt4f.center']['value']:.2f} eV, ratio {pt['Pt4f.ratio']['value']:.2f}",
        "$ ncled analyze trxps trxps_series.txt --centers 100.39,100.97 --resolution 30",
        "$ ncled analyze transient transient.ascii --scheme sequential --lifetimes 0.3,10,=1000 "
        "--exclude 520:540",
        "```",
    ])


def _run_json(argv: list[str], out: Path, name: str) -> str:
    _ncled([*argv, "-o", str(out)], cwd=EXAMPLES)
    return (out / name).read_text(encoding="utf-8")


def fitted_block(tmp: Path) -> str:
    """The fitted parameters of the registry (``ncled params --markdown``).

    Parameters
    ----------
    tmp : pathlib.Path
        Scratch folder (unused: the table is printed, no file is written).

    Returns
    -------
    str
        The Markdown table.
    """
    return _ncled(["params", "--markdown"]).strip()


#: The generated blocks of README.md, by marker name.
BLOCKS: dict[str, Callable[[Path], str]] = {
    "simulate": simulate_block,
    "examples": examples_block,
    "measured": measured_block,
    "fitted": fitted_block,
}


def _pattern(name: str) -> re.Pattern:
    return re.compile(rf"(<!-- generated:{name} -->\n)(.*?)(<!-- /generated:{name} -->)",
                      re.DOTALL)


def replace_block(text: str, name: str, body: str) -> str:
    """``text`` with the block ``name`` replaced by ``body`` (ValueError if its markers are
    missing)."""
    pat = _pattern(name)
    if not pat.search(text):
        raise ValueError(f"README.md has no block <!-- generated:{name} --> ... "
                         f"<!-- /generated:{name} -->")
    return pat.sub(lambda m: m.group(1) + body.rstrip("\n") + "\n" + m.group(3), text, count=1)


def generate(text: str, names: list[str]) -> str:
    """``text`` with the blocks ``names`` regenerated from the code."""
    import warnings

    with tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the commands' own warnings are not README content
        for name in names:
            text = replace_block(text, name, BLOCKS[name](Path(tmp)))
    return text


def main(argv: list[str] | None = None) -> int:
    """Command line of the tool; returns the exit code."""
    parser = argparse.ArgumentParser(prog="python -m ncled.tools.readme",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="exit 1 if README.md is stale, rewriting nothing")
    parser.add_argument("--block", action="append", choices=sorted(BLOCKS),
                        help="only this block (repeatable; default: all)")
    parser.add_argument("--readme", type=Path, default=README, help="the file (README.md)")
    args = parser.parse_args(argv)
    old = args.readme.read_text(encoding="utf-8")
    new = generate(old, args.block or list(BLOCKS))
    if args.check:
        if new != old:
            sys.stderr.write(f"{args.readme} is stale: run python -m ncled.tools.readme\n")
            return 1
        return 0
    if new != old:
        args.readme.write_text(new, encoding="utf-8")
        sys.stdout.write(f"updated {args.readme}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
