"""The parameter registry: every entry complete, look-ups, the fitted table and the CLI."""

import math

import pytest

from ncled.cli.main import main
from ncled.errors import ConfigError
from ncled.parameters import REGISTRY, STATUSES, Parameter, fitted, fitted_markdown, get, value


def test_every_entry_has_unit_status_source_and_fitted_ones_say_to_what():
    for p in REGISTRY.values():
        assert p.unit and p.status in STATUSES and p.source, p.name
        assert (p.status == "fitted") == bool(p.fitted_to), p.name
        if not math.isnan(p.low):  # a literature range, where given, holds the value
            assert p.low <= p.value <= p.high, p.name


def test_fitted_count_and_markdown_table():
    names = {p.name for p in fitted()}
    # issue 11: three fitted constants of the LED's electrical model and emitter, down from
    # eleven (the detector floor is computed from the lab's set-up since issue 12), plus those
    # fitted elsewhere (PLQY ratio, ITO mobility, film PL shift/broadening)
    assert names == {"HgTe.langevin_prefactor", "HgTe.native_holes_per_nc",
                     "ZnO:HgTe.zno_acceptor_level_ev",
                     "nanocrystal.plqy_ratio_2p3_to_2p0", "ITO.mobility_cm2_vs",
                     "film.pl_red_shift_mev", "film.pl_broadening_mev"}
    table = fitted_markdown().splitlines()
    assert len(table) == 2 + len(names)  # header, rule, one row each
    assert all(f"`{n}`" in fitted_markdown() for n in names)


def test_lookup_and_errors():
    assert value("HgTe.charging_energy_ev") == get("HgTe.charging_energy_ev").value == 0.020
    with pytest.raises(ConfigError, match=r"unknown parameter 'HgTe\.nothing'; known:"):
        get("HgTe.nothing")
    with pytest.raises(ConfigError, match="'fitted_to' is required"):
        Parameter("x.y", 1.0, "1", "fitted", "s", "", "d")
    with pytest.raises(ConfigError, match="status must be one of"):
        Parameter("x.y", 1.0, "1", "guessed", "s", "", "d")


def test_cli_params(capsys):
    assert main(["params", "--markdown"]) == 0
    assert capsys.readouterr().out.strip() == fitted_markdown()
    assert main(["params", "reference", "--json"]) == 0
    import json

    rows = json.loads(capsys.readouterr().out)
    emitter = {r["parameter"]: r for r in rows if r["layer"] == "ZnO:HgTe"}
    # the emitter's doping is derived from its composition, its Langevin factor is fitted
    assert emitter["na_cm3"]["status"] == "derived" and emitter["na_cm3"]["value"] > 0
    assert emitter["langevin_prefactor"]["status"].startswith("fitted")
    assert main(["params", "nonexistent.toml"]) == 2


def test_mirrored_entries_agree_with_their_models():
    from ncled.device.config import load_device
    from ncled.nanocrystal.efficiency import PLQY_RATIO_2P3_TO_2P0

    assert value("nanocrystal.plqy_ratio_2p3_to_2p0") == PLQY_RATIO_2P3_TO_2P0
    ref = load_device("reference")
    assert value("ITO.mobility_cm2_vs") == dict(ref.layer("ITO").params)["mobility_cm2_vs"]
    assert value("film.pl_red_shift_mev") == ref.film.pl_red_shift_mev
    assert value("film.pl_broadening_mev") == ref.film.pl_broadening_mev
