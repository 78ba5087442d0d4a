"""``ncled reproduce``: the key number of each panel against Qu et al. (2022), the claims table,
and the self-contained report.

One reproduction on the quick grids (module-scoped) feeds every test. Tolerances are the claim
bands of ncled.reproduce.claims where the paper gives a number (each with its reason there) or
analytic identities where the panel has one.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest

from ncled.cli.main import main
from ncled.reproduce import CLAIMS, PANELS, ReproduceSettings, reproduce
from ncled.reproduce.claims import VERDICTS
from ncled.reproduce.panels_films import AVAILABLE as FILMS_AVAILABLE

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
#: The quantitative claims listed in issue 15, by claim id: each must be in the claims JSON.
ISSUE_CLAIMS = {
    "turn_on", "turn_on_gap", "el_threshold", "eqe_typical", "eqe_best", "radiance_max",
    "radiance_900", "best_fraction", "zno_per_hgte", "eqe_ratio_2p3", "ito_t35", "ito_t180",
    "ito_resistance", "pixel_temperature", "lifetime", "pl_peak", "pl_fwhm", "resolving_power",
    "stokes_shift", "pumpprobe_thermalisation", "pumpprobe_relaxation", "auger_decay",
    "hg4f_binding", "hg4f_zno_shift", "trxps_sign",
}


@pytest.fixture(scope="module")
def rep(tmp_path_factory):
    out = tmp_path_factory.mktemp("reproduce")
    return reproduce(out, settings=ReproduceSettings.quick(), pdf=True)


def numbers(rep, panel_id):
    return rep.run(panel_id).result.numbers


def test_nanocrystal_panels_against_paper(rep):
    n = numbers(rep, "1a")
    assert n["pl_peak_nm"] == pytest.approx(2000.0, abs=1.0)  # the size is solved for 2000 nm
    assert 250 <= n["pl_fwhm_nm"] <= 310  # paper: around 280 nm (+/- 10 %, a width reading)
    assert 6.5 <= n["resolving_power"] <= 7.9  # paper: 7.2 (+/- 10 %)
    assert 100 <= n["stokes_nm"] <= 140  # paper: 120 nm (+/- 20 nm on a shoulder maximum)
    b = numbers(rep, "1b")
    # paper: 2.0, 2.15, 2.3 um at 70/75/80 C; the ensemble PL of the solved size returns them to
    # 10 nm (the 801-point grid is 2 nm; the peak of a size-dispersed line is not the mean size's)
    for tag, peak in (("70c", 2000.0), ("75c", 2150.0), ("80c", 2300.0)):
        assert b[f"pl_peak_{tag}_nm"] == pytest.approx(peak, abs=10.0)
    assert b["diameter_70c_nm"] < b["diameter_75c_nm"] < b["diameter_80c_nm"]  # larger = redder


def test_pumpprobe_panels(rep):
    n = numbers(rep, "1d-e")
    assert 150 <= n["thermalisation_fs"] <= 350  # paper: ~250 fs (35 fs resolution)
    assert 2.0 <= n["relaxation_ps"] <= 4.5  # paper: over ~3 ps
    assert 5.0 <= n["auger_decay_60_ps"] <= 30.0  # paper: 5-30 ps
    # Auger: more excitations per NC at higher fluence -> faster multi-exciton decay
    assert n["decay_30uj_ps"] > n["decay_60uj_ps"]
    e = numbers(rep, "4e")
    # transfer out of the thermalised state removes population before the slow rise: the late
    # signal drops and the fast share grows (the mismatch with the paper reported as a fail)
    assert e["signal_100ps_ratio"] < 1.0
    # fewer band-edge excitations per NC: slower (less multi-exciton) Auger decay
    assert e["regime_iii_ratio"] > 1.0
    assert e["fast_share_ratio"] > 1.0
    assert next(c for c in rep.claims if c.spec.id == "hot_transfer_regime_i").verdict == "fail"


#: (panel, key number, low, high): the paper's value with the claim band and its reason.
LED_CHECKS = [
    # PL photon energy 0.62 eV; the transport gap adds the Stokes shift (0.04 eV) and the
    # 20 meV charging energy
    ("2b", "emitter_gap_ev", 0.54, 0.70),
    # about 0.6 V, read on a log plot (+/- 0.1 V); at the lab floor computed from the paper's
    # set-up (1.9e-6 W sr^-1 m^-2, issue 12) the model turns on at 0.17 V: a fail in the claims
    # table (as tests/device marks it, strict xfail)
    pytest.param("2d", "turn_on_v", 0.5, 0.7, marks=pytest.mark.xfail(
        strict=True, reason="at the lab's computed detector floor the model turns on at 0.17 V")),
    # (the abstract's "up to 3 W sr^-1 m^-2" is judged in the claims table only: a best-device
    # figure that the nominal model misses, a fail reported with its reason)
    ("2e", "peak_eqe_percent", 0.05, 0.2),  # about 0.1 % typical (factor 2 device spread)
    # 15 mA/cm^2 (factor 2, detection limit); at the lab floor the model's threshold is
    # 0.0019 mA/cm^2: a fail in the claims table (as tests/device marks it, strict xfail)
    pytest.param("2e", "el_threshold_ma_cm2", 7.5, 30.0, marks=pytest.mark.xfail(
        strict=True, reason="at the lab's computed detector floor the EL threshold is "
        "0.0019 mA/cm^2")),
    ("2f", "radiance_900", 0.5, 2.0),  # about 1 W sr^-1 m^-2 at 900 mA/cm^2 (factor 2)
    # about 10 h from 1 W sr^-1 m^-2 (factor 2): the reference point moved to the model's pixel
    # temperature at 900 mA/cm^2 by the Arrhenius factor
    ("2f", "lt50_from_1w_h", 5.0, 20.0),
    ("SN7", "eqe_ratio_2p3_2p0", 0.35, 0.7),  # halves from 2.0 to 2.3 um (factor sqrt 2)
    # 50 % (halfway to the paper's 25 and 75 %); the merged composition physics puts the best
    # EQE at 75 %: a fail in the claims table
    pytest.param("SN5-6", "best_hgte_fraction", 0.375, 0.625, marks=pytest.mark.xfail(
        strict=True, reason="the current composition model's best EQE is at 65 % HgTe")),
]


@pytest.mark.parametrize("panel, key, low, high", LED_CHECKS)
def test_led_panels_against_paper(rep, panel, key, low, high):
    assert low <= numbers(rep, panel)[key] <= high


def test_optics_panels(rep):
    ito = numbers(rep, "SN4")
    assert 0.6 <= ito["ito_t35"] <= 0.8  # paper: about 70 %
    assert ito["ito_t180"] < 0.15  # paper: below 15 %
    # same resistivity at both thicknesses: the strip resistance scales as 1/t exactly
    assert ito["resistance_ratio"] == pytest.approx(180 / 35, rel=1e-12)
    a = numbers(rep, "3a")
    assert a["el_peak_nm"] == pytest.approx(2000.0, abs=50.0)  # paper: EL overlaps the 2 um PL
    b = numbers(rep, "3b")
    assert 28.0 <= b["pixel_temperature_c_7ma"] <= 38.0  # paper: 33 C at 7 mA (+/- 5 K)
    assert b["thermal_to_el_ratio"] < 0.01  # paper: the EL is not thermal
    # Wien: lambda_max T = 2897.8 um K, to the 1.6 % step of the 150-point log grid
    t_k = b["pixel_temperature_c_7ma"] + 273.15
    assert b["blackbody_peak_um"] == pytest.approx(2897.77 / t_k, rel=0.016)


def test_claims_json_holds_every_claim(rep):
    payload = json.loads(rep.files["json"].read_text())
    rows = {r["id"]: r for r in payload["claims"]}
    assert ISSUE_CLAIMS <= set(rows)
    assert len(rows) == len(CLAIMS)
    for r in rows.values():
        assert r["verdict"] in VERDICTS
        assert r["band_low"] is not None and r["band_reason"]
        assert r["reason"]  # every verdict says why, "not addressed" included
        if r["verdict"] != "not addressed":
            assert r["model_value"] is not None
    counts = payload["counts"]
    assert sum(counts[v] for v in VERDICTS) == len(CLAIMS)
    # the panels without a model give "not addressed", never a number
    missing = ["hg4f_binding", "hg4f_zno_shift", "eqe_best"]
    if not FILMS_AVAILABLE:
        missing += ["trxps_sign", "fet_neutrality_shift"]
    for cid in missing:
        assert rows[cid]["verdict"] == "not addressed" and rows[cid]["model_value"] is None
    # fitted parameters are flagged with what they were fitted to
    turn_on = {p["name"]: p for p in rows["turn_on"]["parameters"]}
    assert turn_on["langevin_prefactor"]["status"] == "fitted"
    assert "turn_on" in turn_on["langevin_prefactor"]["fitted_to"]
    assert rows["turn_on"]["circular"] is True
    assert payload["provenance"]["input_sha256"]["reference.toml"]
    with rep.files["csv"].open(newline="", encoding="utf-8") as f:
        assert len(list(csv.DictReader(f))) == len(CLAIMS)


def test_panel_data_files_carry_units(rep):
    import xarray as xr

    modelled = [r for r in rep.runs if r.result is not None]
    assert len(list(rep.files["data"].glob("*.nc"))) == len(modelled)
    with xr.open_dataset(rep.files["data"] / "2d.nc", engine="scipy") as ds:
        assert ds.radiance.attrs["units"] == "W sr^-1 m^-2"
        assert ds.attrs["panel"] == "2d"


def test_pdf_has_one_page_per_modelled_panel(rep):
    data = rep.files["pdf"].read_bytes()
    assert data.startswith(b"%PDF")
    modelled = sum(r.result is not None for r in rep.runs)
    assert data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") + data.count(
        b"/Type /Page>") == modelled


@pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is absent (Debian package "
                    "chromium): the browser check of the report needs it")
def test_report_opens_offline_with_every_image(rep):
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    url = rep.files["html"].resolve().as_uri()
    requests = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.on("request", lambda r: requests.append(r.url))
        page.goto(url, wait_until="load")
        images = page.eval_on_selector_all(
            "img", "els => els.map(e => [e.complete, e.naturalWidth, e.naturalHeight])")
        browser.close()
    modelled = sum(r.result is not None for r in rep.runs)
    assert len(images) == modelled
    assert all(done and w > 0 and h > 0 for done, w, h in images)
    # the page itself and data: URIs only: nothing fetched from a network
    assert [u for u in requests if u != url and not u.startswith("data:")] == []


def test_not_modelled_panels_are_listed(rep):
    missing = {r.spec.id for r in rep.runs if r.result is None}
    assert missing == {p.id for p in PANELS if p.compute is None}
    assert "5b" in missing
    assert ({"4b-d", "5d-e"} <= missing) is not FILMS_AVAILABLE
    html = rep.files["html"].read_text(encoding="utf-8")
    for pid in missing:
        assert f'id="panel-{pid}"' in html
    assert np.isfinite(rep.provenance["total_seconds"])


def test_cli_registers_reproduce(capsys):
    assert main(["reproduce", "--help"]) == 0
    assert "--pdf" in capsys.readouterr().out
