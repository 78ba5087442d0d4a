"""The designer's plots: Bokeh figures fed by column data sources, updated in place.

Each view is built once per page; an update replaces the data of its sources (no new figures,
so nothing accumulates over thousands of slider moves). Display units only: the results are SI.
"""

from __future__ import annotations

import html
import math

import numpy as np
from bokeh.models import ColumnDataSource, Legend, Range1d, Span
from bokeh.palettes import Category10_10
from bokeh.plotting import figure

from ncled.constants import q
from ncled.designer.model import MODE_LABELS, OpticsPreview, Solution, paper_values
from ncled.optics.outcoupling import MODE_CHANNELS

_W, _H = 420, 290
_TOOLS = "pan,wheel_zoom,box_zoom,reset,save,hover"
_EMPTY = {"x": [], "y": []}


def _fig(title: str, x_label: str, y_label: str, **kw):
    f = figure(title=title, width=_W, height=_H, tools=_TOOLS, x_axis_label=x_label,
               y_axis_label=y_label, sizing_mode="stretch_width", **kw)
    f.toolbar.logo = None
    f.title.text_font_size = "11pt"
    return f


def _positive(x, y):
    x, y = np.asarray(x, float), np.asarray(y, float)
    ok = np.isfinite(x) & np.isfinite(y) & (y > 0)
    return {"x": x[ok], "y": y[ok]}


class SolveViews:
    """J-V, radiance-V, EQE-J and the band diagram of the last solve."""

    def __init__(self) -> None:
        self.jv_src = ColumnDataSource(dict(_EMPTY))
        self.rad_src = ColumnDataSource(dict(_EMPTY))
        self.eqe_src = ColumnDataSource(dict(_EMPTY))
        self.band_src = {k: ColumnDataSource(dict(_EMPTY)) for k in ("ec", "ev", "efn", "efp")}
        self.jv = _fig("J–V", "voltage (V)", "current density (mA/cm²)", y_axis_type="log")
        self.jv.line("x", "y", source=self.jv_src, line_width=2, color=Category10_10[0])
        self.jv.scatter("x", "y", source=self.jv_src, size=4, color=Category10_10[0])
        self.radiance = _fig("radiance–V", "voltage (V)", "radiance (W sr⁻¹ m⁻²)",
                             y_axis_type="log", x_range=self.jv.x_range)
        self.radiance.line("x", "y", source=self.rad_src, line_width=2, color=Category10_10[3])
        self.radiance.scatter("x", "y", source=self.rad_src, size=4, color=Category10_10[3])
        self.eqe = _fig("EQE–J", "current density (mA/cm²)", "EQE (%)", x_axis_type="log")
        self.eqe.line("x", "y", source=self.eqe_src, line_width=2, color=Category10_10[2])
        self.eqe.scatter("x", "y", source=self.eqe_src, size=4, color=Category10_10[2])
        self.band = _fig("band diagram", "position from the cathode (nm)",
                         "energy (eV, vacuum = 0)")
        styles = {"ec": ("black", "solid", "E_c"), "ev": ("black", "solid", "E_v"),
                  "efn": (Category10_10[0], "dashed", "E_Fn"),
                  "efp": (Category10_10[3], "dashed", "E_Fp")}
        for k, (color, dash, label) in styles.items():
            self.band.line("x", "y", source=self.band_src[k], color=color, line_dash=dash,
                           line_width=1.5, legend_label=label)
        self.band.legend.location = "bottom_left"
        self.band.legend.label_text_font_size = "8pt"
        self.band.legend.background_fill_alpha = 0.6
        self.solution: Solution | None = None

    def update(self, sol: Solution, bias_v: float) -> None:
        ds = sol.dataset
        self.solution = sol
        v = ds.voltage.values
        j = ds.current_density.values / 10.0  # A/m^2 -> mA/cm^2
        self.jv_src.data = _positive(v, j)
        self.rad_src.data = _positive(v, ds.radiance.values)
        eqe = _positive(j, 100 * ds.eqe.values)
        ok = eqe["x"] > 0
        self.eqe_src.data = {"x": eqe["x"][ok], "y": eqe["y"][ok]}
        self.update_band(bias_v)

    def update_band(self, bias_v: float) -> None:
        if self.solution is None:
            return
        ds = self.solution.dataset
        s = ds.sel(voltage=bias_v, method="nearest")
        x = ds.x.values * 1e9
        for k, src in self.band_src.items():
            src.data = {"x": x, "y": s[k].values / q}
        self.band.title.text = f"band diagram at {float(s.voltage):.2f} V"


class OpticsViews:
    """EL beside PL, mode split versus emitter depth and the ITO trade-off."""

    def __init__(self) -> None:
        self.pl_src = ColumnDataSource(dict(_EMPTY))
        self.el_src = ColumnDataSource(dict(_EMPTY))
        self.el_solve_src = ColumnDataSource(dict(_EMPTY))
        self.spectra = _fig("EL beside PL", "wavelength (µm)", "normalised intensity")
        self.spectra.line("x", "y", source=self.pl_src, color=Category10_10[0], line_width=2,
                          legend_label="intrinsic PL")
        self.spectra.line("x", "y", source=self.el_src, color=Category10_10[3], line_width=2,
                          legend_label="EL, uniform emitter")
        self.spectra.line("x", "y", source=self.el_solve_src, color="black", line_dash="dashed",
                          line_width=1.5, legend_label="EL, LED model")
        self.spectra.legend.label_text_font_size = "8pt"
        self.spectra.legend.location = "top_right"
        self.modes_src = ColumnDataSource({"depth": [], **{c: [] for c in MODE_CHANNELS}})
        self.modes = _fig("mode split vs emitter depth", "depth in the emitter (nm)",
                          "fraction of emitted power", y_range=Range1d(0, 1))
        self.modes.height = _H + 60
        rs = self.modes.varea_stack(list(MODE_CHANNELS), x="depth", source=self.modes_src,
                                    color=Category10_10[:len(MODE_CHANNELS)], alpha=0.85)
        self.modes.add_layout(Legend(items=[(MODE_LABELS[c], [r]) for c, r in
                                            zip(MODE_CHANNELS, rs, strict=True)],
                                     label_text_font_size="8pt", spacing=0, padding=2,
                                     ncols=2, orientation="horizontal"),
                              "below")
        self.ito_src = ColumnDataSource({"x": [], "t": [], "a": []})
        self.ito_now = ColumnDataSource({"x": [], "t": []})
        self.ito = _fig("ITO transmission at the PL peak", "ITO thickness (nm)",
                        "T, A", y_range=Range1d(0, 1))
        self.ito.line("x", "t", source=self.ito_src, color=Category10_10[0], line_width=2,
                      legend_label="T (ITO on glass)")
        self.ito.line("x", "a", source=self.ito_src, color=Category10_10[1], line_width=2,
                      line_dash="dashed", legend_label="A (ITO)")
        self.ito.scatter("x", "t", source=self.ito_now, size=11, color=Category10_10[3],
                         legend_label="this device")
        self.ito.legend.label_text_font_size = "8pt"
        self.ito_line = Span(location=0, dimension="height", line_color="gray",
                             line_dash="dotted")
        self.ito.add_layout(self.ito_line)

    def update(self, p: OpticsPreview) -> None:
        wl = p.wavelength_m * 1e6
        self.pl_src.data = {"x": wl, "y": p.pl}
        self.el_src.data = {"x": wl, "y": p.el}
        self.modes_src.data = {"depth": p.depth_m * 1e9, **p.mode_fraction}
        self.modes.title.text = (f"mode split vs depth ({np.mean(p.mode_fraction['air']):.1%} "
                                 "to air)")
        if p.ito_thickness_nm is not None:
            self.ito_src.data = {"x": p.ito_thickness_nm, "t": p.ito_transmission,
                                 "a": p.ito_absorptance}
            now = p.ito_thickness_nm == p.ito_now_nm
            self.ito_now.data = {"x": [p.ito_now_nm], "t": list(p.ito_transmission[now][:1])}
            self.ito_line.location = p.ito_now_nm
            self.ito.title.text = (f"ITO at {p.ito_wavelength_m * 1e9:.0f} nm: T = "
                                   f"{p.ito_transmission[now][0]:.0%} at {p.ito_now_nm:g} nm")
        else:
            self.ito_src.data = {"x": [], "t": [], "a": []}
            self.ito_now.data = {"x": [], "t": []}
            self.ito.title.text = "ITO transmission (no ITO layer)"

    def update_solution(self, sol: Solution) -> None:
        ds = sol.dataset
        self.el_solve_src.data = {"x": ds.wavelength.values * 1e6, "y": ds.el_spectrum.values}


_FOM_FORMAT = {"turn_on_v": "{:.2f}", "el_threshold_ma_cm2": "{:.3g}",
               "peak_eqe_percent": "{:.3g}", "radiance_900": "{:.3g}", "max_radiance": "{:.3g}",
               "pixel_temperature_c_7ma": "{:.1f}", "el_peak_nm": "{:.0f}"}
_EXTRA = (("outcoupling", "outcoupling (to air)", "{:.3f}", ""),
          ("purcell", "Purcell factor", "{:.2f}", ""),
          ("charge_balance_at_peak", "charge balance at peak EQE", "{:.3f}", ""),
          ("plqy", "PLQY", "{:.2%}", ""),
          ("series_resistance_ohm", "ITO strip resistance", "{:.0f}", "Ω"))


def _fmt(fmt: str, value) -> str:
    if value is None:
        return "–"
    if isinstance(value, str):
        return html.escape(value)
    if not math.isfinite(value):
        return "n/a"
    return fmt.format(value)


def figures_of_merit_html(summary: dict | None, stale: bool = False) -> str:
    """The figures of merit beside the paper's values, as an HTML table.

    ``summary`` is :func:`ncled.designer.model.display_figures` of a solve (display units). Each
    model value cell carries ``data-key`` (the display key) for tests and scripts.
    """
    rows = []
    for p in paper_values():
        if p.key not in _FOM_FORMAT:
            continue
        fmt = _FOM_FORMAT[p.key]
        model = _fmt(fmt, summary.get(p.key)) if summary else "…"
        rows.append(f"<tr><td>{html.escape(p.label)}</td>"
                    f"<td class='model' data-key='{p.key}'>{model}</td>"
                    f"<td class='paper'>{_fmt(fmt, p.value)}</td><td>{html.escape(p.unit)}</td>"
                    f"<td class='where'>{html.escape(p.where)}</td></tr>")
    for key, label, fmt, unit in _EXTRA:
        model = _fmt(fmt, summary.get(key)) if summary else "…"
        rows.append(f"<tr><td>{label}</td><td class='model' data-key='{key}'>{model}</td>"
                    f"<td class='paper'>–</td><td>{unit}</td><td></td></tr>")
    cls = "fom stale" if stale else "fom"
    return (f"<table class='{cls}'><thead><tr><th>figure of merit</th><th>ncled</th>"
            "<th>Qu et al. 2022</th><th>unit</th><th>paper's source</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


FOM_CSS = """
table.fom {border-collapse: collapse; font-size: 13px; width: 100%;}
table.fom th, table.fom td {padding: 3px 8px; border-bottom: 1px solid #e3e3e3; text-align: left;}
table.fom th {background: #f4f6f8; font-weight: 600;}
table.fom td.model {font-weight: 600; font-variant-numeric: tabular-nums; color: #0b4f8a;}
table.fom td.where {color: #777; font-size: 11px;}
table.fom.stale td.model {color: #aaa;}
"""
