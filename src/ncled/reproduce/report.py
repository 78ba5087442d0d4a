"""Run every panel, judge every claim, and write the self-contained HTML report, the claims as
JSON and CSV, and (optionally) a PDF of the figures.

The HTML embeds each figure as a base64 PNG and carries its own CSS: opening it fetches nothing.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import hashlib
import html
import io
import json
import math
import platform
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ncled import __version__
from ncled.errors import ConfigError
from ncled.reproduce.claims import CLAIMS, ClaimResult, evaluate_claim, verdict_counts
from ncled.reproduce.context import ReproduceContext, ReproduceSettings
from ncled.reproduce.panels import PANELS, PanelRun, run_panel
from ncled.reproduce.parameters import known_parameters, lookup_parameter

#: Progress callback: (panel id, message, finished).
Progress = Callable[[str, str, bool], None]
PAPER = ("J. Qu et al., \"Electroluminescence from nanocrystals above 2 µm\", Nat. Photon. 16, "
         "38 (2022), doi:10.1038/s41566-021-00902-y")
FIGURE_DPI = 100


@dataclass(frozen=True)
class Reproduction:
    """Everything one reproduction produced."""

    runs: tuple[PanelRun, ...]
    claims: tuple[ClaimResult, ...]
    provenance: dict
    files: dict[str, Path]

    @property
    def counts(self) -> dict[str, int]:
        return verdict_counts(self.claims)

    def run(self, panel_id: str) -> PanelRun:
        """The run of ``panel_id`` (KeyError if absent)."""
        for r in self.runs:
            if r.spec.id == panel_id:
                return r
        raise KeyError(panel_id)


def judge_claims(runs) -> tuple[ClaimResult, ...]:
    """Every claim of ``ncled.reproduce.claims.CLAIMS`` against the panels' key numbers."""
    by_id = {r.spec.id: r for r in runs}
    out = []
    for spec in CLAIMS:
        run = by_id.get(spec.panel)
        if run is None or run.result is None:
            reason = run.spec.missing if run is not None else f"panel {spec.panel} not run"
            out.append(evaluate_claim(spec, None, reason))
        else:
            out.append(evaluate_claim(spec, run.result.numbers))
    return tuple(out)


def _clean(obj):
    """JSON-safe copy: NaN/inf -> None, numpy scalars -> Python numbers, tuples -> lists."""
    if isinstance(obj, dict):
        return {str(k): _clean(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_clean(v) for v in obj]
    if hasattr(obj, "item") and not isinstance(obj, str):
        obj = obj.item()
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    return obj


def provenance(ctx: ReproduceContext, runs, total_s: float) -> dict:
    """ncled version, platform, date, hashes of the inputs, settings and timings."""
    import matplotlib
    import numpy
    import scipy
    import xarray

    settings = ctx.settings.as_dict()
    claims_text = json.dumps([c.__dict__ for c in CLAIMS], default=str, sort_keys=True)
    return {
        "ncled_version": __version__,
        "paper": PAPER,
        "date_utc": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "numpy": numpy.__version__, "scipy": scipy.__version__, "xarray": xarray.__version__,
        "matplotlib": matplotlib.__version__,
        "input_sha256": {**ctx.input_hashes(),
                         "settings": hashlib.sha256(json.dumps(settings, sort_keys=True)
                                                    .encode()).hexdigest(),
                         "claims": hashlib.sha256(claims_text.encode()).hexdigest()},
        "settings": settings,
        "panel_seconds": {r.spec.id: round(r.seconds, 3) for r in runs},
        "total_seconds": round(total_s, 3),
    }


def reproduce(out_dir: str | Path, *, settings: ReproduceSettings | None = None,
              pdf: bool = False, progress: Progress | None = None) -> Reproduction:
    """Regenerate every panel the model can simulate, judge the claims, write the report.

    Parameters
    ----------
    out_dir : path
        Output folder (created): ``report.html``, ``claims.json``, ``claims.csv``,
        ``panels/<id>.nc`` (each panel's data) and, with ``pdf``, ``figures.pdf``.
    settings : ReproduceSettings, optional
        Numerical grids (default: the full ones).
    pdf : bool
        Also write the figures as a multi-page PDF.
    progress : callable, optional
        ``progress(panel_id, message, finished)``.

    Returns
    -------
    Reproduction

    Raises
    ------
    ConfigError
        ``out_dir`` exists and is not a folder.
    """
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise ConfigError(f"--out {out}: exists and is not a folder")
    tell = progress or (lambda _pid, _msg, _done: None)
    ctx = ReproduceContext(settings or ReproduceSettings())
    t0 = time.perf_counter()
    runs = []
    for spec in PANELS:
        ctx.say = lambda msg, pid=spec.id: tell(pid, msg, False)
        tell(spec.id, spec.title, False)
        runs.append(run_panel(spec, ctx))
        tell(spec.id, runs[-1].status, True)
    claims = judge_claims(runs)
    prov = provenance(ctx, runs, time.perf_counter() - t0)
    out.mkdir(parents=True, exist_ok=True)
    files = {"html": out / "report.html", "json": out / "claims.json", "csv": out / "claims.csv"}
    write_claims_json(files["json"], claims, prov)
    write_claims_csv(files["csv"], claims)
    files["html"].write_text(render_html(runs, claims, prov), encoding="utf-8")
    if pdf:
        files["pdf"] = out / "figures.pdf"
        write_pdf(files["pdf"], runs)
    files["data"] = out / "panels"
    write_panel_data(files["data"], runs)
    return Reproduction(tuple(runs), claims, prov, files)


def write_panel_data(folder: Path, runs) -> None:
    """Each modelled panel's data as ``<panel id>.nc`` (NetCDF 3, units in attributes)."""
    folder.mkdir(parents=True, exist_ok=True)
    for r in runs:
        if r.result is not None:
            ds = r.result.data.copy()
            ds.attrs.update(panel=r.spec.id, note=r.result.note, paper=PAPER,
                            ncled_version=__version__)
            ds.to_netcdf(folder / f"{r.spec.id}.nc", engine="scipy")


def write_claims_json(path: Path, claims, prov: dict) -> None:
    """The claims with their verdicts, the counts and the provenance, as JSON."""
    payload = {"paper": PAPER, "counts": verdict_counts(claims),
               "claims": [c.as_row() for c in claims], "provenance": prov}
    path.write_text(json.dumps(_clean(payload), indent=2) + "\n", encoding="utf-8")


def _param_text(row: dict) -> str:
    parts = []
    for p in row["parameters"]:
        tag = p["status"] + (f" to {'/'.join(p['fitted_to'])}" if p["fitted_to"] else "")
        parts.append(f"{p['name']} ({tag})")
    return "; ".join(parts)


def write_claims_csv(path: Path, claims) -> None:
    """One row per claim; the parameters flattened to ``name (status[ to claims])``."""
    rows = [c.as_row() for c in claims]
    cols = [k for k in rows[0] if k != "parameters"] + ["parameters"]
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=cols)
        w.writeheader()
        for row in rows:
            w.writerow({**{k: ("" if v is None else v) for k, v in _clean(row).items()},
                        "parameters": _param_text(row)})


def write_pdf(path: Path, runs) -> None:
    """Every model figure, one per page."""
    from matplotlib.backends.backend_pdf import PdfPages

    with PdfPages(path) as pdf:
        for r in runs:
            if r.result is not None:
                pdf.savefig(r.result.figure)


def figure_png_base64(fig) -> str:
    """The figure as a base64-encoded PNG."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=FIGURE_DPI)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _fmt(v) -> str:
    if v is None:
        return "–"
    if isinstance(v, float):
        return "–" if not math.isfinite(v) else f"{v:.4g}"
    return html.escape(str(v))


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:1180px;margin:2em auto;
padding:0 1em;color:#222;line-height:1.4}
h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #ccc;margin-top:2em}
table{border-collapse:collapse;font-size:.85em;margin:.5em 0}
td,th{border:1px solid #ddd;padding:3px 6px;vertical-align:top;text-align:left}
th{background:#f3f3f3}.pass{background:#e3f6e3}.fail{background:#fbe3e3}
.na{background:#f1f1f1;color:#555}.panel{display:flex;gap:1.5em;align-items:flex-start;
margin:1em 0;flex-wrap:wrap}.panel img{max-width:620px;border:1px solid #eee}
.panel .text{flex:1;min-width:300px}.muted{color:#666;font-size:.85em}
code{background:#f6f6f6;padding:0 3px}
"""


def _panel_html(run: PanelRun) -> str:
    s = run.spec
    head = f'<h3 id="panel-{html.escape(s.id)}">{html.escape(s.id)} — {html.escape(s.title)}</h3>'
    text = f"<p><b>Paper:</b> {html.escape(s.paper)}</p>"
    if run.result is None:
        return (f'{head}<div class="panel"><div class="text">{text}<p class="na">'
                f"<b>{html.escape(s.missing)}</b></p></div></div>")
    res = run.result
    paper = {c.key: f"{_fmt(c.paper_value)} {html.escape(c.unit)}" for c in CLAIMS
             if c.panel == s.id and c.key}
    rows = "".join(f"<tr><td><code>{html.escape(k)}</code></td><td>{_fmt(v)}</td>"
                   f"<td>{paper.get(k, '')}</td></tr>" for k, v in res.numbers.items())
    img = (f'<img alt="model panel {html.escape(s.id)}" src="data:image/png;base64,'
           f'{figure_png_base64(res.figure)}">')
    return (f'{head}<div class="panel">{img}<div class="text">{text}<p><b>Model:</b> '
            f"{html.escape(res.note)}</p><table><tr><th>key number</th><th>model</th>"
            "<th>paper</th></tr>"
            f'{rows}</table><p class="muted">{run.seconds:.1f} s</p></div></div>')


def _claims_html(claims) -> str:
    cls = {"pass": "pass", "fail": "fail", "not addressed": "na"}
    head = ("<tr><th>claim</th><th>paper</th><th>band (why)</th><th>model</th><th>verdict</th>"
            "<th>panel</th><th>parameters (fitted ones flagged)</th><th>reason</th></tr>")
    body = []
    for c in claims:
        s = c.spec
        params = "<br>".join(
            (f"<b>{html.escape(p.name)}</b> [{html.escape(p.status)}"
             + (f" to {html.escape(', '.join(p.fitted_to))}" if p.fitted_to else "") + "]")
            if p.flagged else f"{html.escape(p.name)} [{html.escape(p.status)}]"
            for p in c.parameters)
        verdict = c.verdict + (" (circular)" if c.circular else "")
        body.append(
            f'<tr class="{cls[c.verdict]}"><td>{html.escape(s.statement)}</td>'
            f"<td>{_fmt(s.paper_value)} {html.escape(s.unit)}</td>"
            f"<td>[{_fmt(s.band[0])}, {_fmt(s.band[1])}] — {html.escape(s.band_reason)}</td>"
            f"<td>{_fmt(c.model_value)}</td><td>{html.escape(verdict)}</td>"
            f'<td><a href="#panel-{html.escape(s.panel)}">{html.escape(s.panel)}</a></td>'
            f"<td>{params}</td><td>{html.escape(c.reason)}</td></tr>")
    return f"<table>{head}{''.join(body)}</table>"


def _parameters_html() -> str:
    rows = []
    for name in known_parameters():
        p = lookup_parameter(name)
        fitted = ", ".join(p.fitted_to)
        rows.append(f"<tr><td>{html.escape(p.name)}</td><td>{_fmt(p.value)} "
                    f"{html.escape(p.unit)}</td><td>{html.escape(p.status)}</td>"
                    f"<td>{html.escape(fitted)}</td><td>{html.escape(p.source)}</td>"
                    f"<td><code>{html.escape(p.where)}</code></td></tr>")
    return ("<table><tr><th>parameter</th><th>value</th><th>status</th><th>fitted to / set "
            "from claims</th><th>source</th><th>where</th></tr>" + "".join(rows) + "</table>")


def _failures_html(claims) -> str:
    fails = [c for c in claims if c.verdict == "fail"]
    if not fails:
        return ""
    items = "".join(f"<li><b>{html.escape(c.spec.statement)}</b> ({html.escape(c.spec.panel)}):"
                    f" {html.escape(c.reason)}</li>" for c in fails)
    return f"<h2>What fails, and why</h2><ul>{items}</ul>"


#: Content security policy of the report: images only from data URIs, inline CSS, nothing else
#: (a browser opening the file fetches nothing, even if a future edit added a link).
_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"


def render_html(runs, claims, prov: dict) -> str:
    """The self-contained report (inline CSS, figures as data URIs, no scripts, no links out)."""
    n = verdict_counts(claims)
    hashes = "".join(f"<tr><td>{html.escape(k)}</td><td><code>{html.escape(v)}</code></td></tr>"
                     for k, v in prov["input_sha256"].items())
    versions = ", ".join(f"{k} {prov[k]}" for k in ("python", "numpy", "scipy", "xarray",
                                                     "matplotlib"))
    panels = "".join(_panel_html(r) for r in runs)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{_CSP}">
<title>ncled reproduction of Qu et al. 2022</title><style>{_CSS}</style></head><body>
<h1>What the ncled model reproduces of Qu et al. (2022)</h1>
<p>{html.escape(PAPER)}. Each panel the model can simulate is regenerated from the paper's inputs
(the built-in device files); each quantitative claim is checked against a band.
<b>{n['pass']} pass</b> ({n['pass_circular']} of them circular: a parameter was fitted to, or set
from, that very number), <b>{n['fail']} fail</b>, <b>{n['not addressed']} not addressed</b>.</p>
{_failures_html(claims)}
<h2>Claims</h2>{_claims_html(claims)}
<h2>Panels</h2>{panels}
<h2>Parameters</h2>{_parameters_html()}
<h2>Provenance</h2>
<p>ncled {html.escape(prov['ncled_version'])}; {html.escape(versions)}; generated
{html.escape(prov['date_utc'])} in {prov['total_seconds']:.1f} s.</p>
<table><tr><th>input</th><th>SHA-256</th></tr>{hashes}</table>
<p class="muted">Settings: {html.escape(json.dumps(prov['settings']))}</p>
</body></html>
"""
