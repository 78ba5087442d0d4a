"""The designer page (Panel): stack editor, knobs, linked views, exports.

One :class:`DesignerPage` per browser session. Every edit goes to the
:class:`~ncled.designer.document.DeviceDocument`, is validated by the library, and then

* the optics views (EL beside PL, mode split vs depth, ITO trade-off) update at once, on the event
  loop, for every slider move (about 30 ms on a cached stack; the time is shown in the status bar);
* on a slider's release (or any table edit) the LED model is solved on a worker thread
  (:mod:`ncled.designer.jobs`) behind a busy indicator; a newer request supersedes an older one.

Invalid input never reaches the solver: its message is shown beside the layer (the ``check``
column of the stack table) or above the table, and the views keep the last valid device.
"""

from __future__ import annotations

import io
import logging
import time
from functools import partial

import pandas as pd
import panel as pn

from ncled.designer import model
from ncled.designer.document import ROLES, TABLE_COLUMNS, DeviceDocument, Problems, to_toml
from ncled.designer.jobs import LatestSolve
from ncled.designer.views import FOM_CSS, OpticsViews, SolveViews, figures_of_merit_html
from ncled.errors import ConfigError, NcledError

log = logging.getLogger("ncled.designer")

_ITO_RANGE = (10, 250)
_LAYER_RANGE = (1, 500)
_CSS = FOM_CSS + """
.ncled-status {font-size: 12px; color: #555;}
"""


def _results_csv(sol: model.Solution) -> str:
    """Per-bias results as CSV, columns named with their units."""
    ds = sol.dataset
    cols = ["internal_bias", "current_density", "radiance", "radiance_on_axis", "eqe",
            "charge_balance", "radiative_efficiency", "wall_plug_efficiency",
            "pixel_temperature"]
    frame = pd.DataFrame({"voltage [V]": ds.voltage.values,
                          **{f"{c} [{ds[c].attrs.get('units', '')}]": ds[c].values
                             for c in cols if c in ds}})
    return frame.to_csv(index=False)


class DesignerPage:
    """Widgets, views and callbacks of one browser session."""

    def __init__(self, doc: DeviceDocument) -> None:
        self.doc = doc
        self.config = None  # last valid DeviceConfig
        self.solution: model.Solution | None = None
        self._figures: dict | None = None  # the solution's figures of merit, display units
        self._syncing = False
        self._invalid = False
        self.optics_updates = 0
        self._doc = pn.state.curdoc
        self.solver = LatestSolve()
        self.optics = OpticsViews()
        self.solve_views = SolveViews()
        self._build_widgets()
        self._rebuild_layer_sliders()
        self._refresh(solve=True, table=True)

    # -- widgets ------------------------------------------------------------------------------
    def _build_widgets(self) -> None:
        editors = {"name": "input", "material": "input", "mixture": "input",
                   "thickness": "input", "coherent": "tickCross", "check": None,
                   "role": {"type": "list", "values": list(ROLES)}}
        self.table = pn.widgets.Tabulator(
            self._frame(Problems()), editors=editors, show_index=False, selectable=1,
            layout="fit_data_table", sizing_mode="stretch_width", height=250,
            widths={"check": 320, "mixture": 230}, disabled=False, name="stack")
        self.table.on_edit(self._on_cell_edit)
        self.add_btn = pn.widgets.Button(name="+ add layer", button_type="primary",
                                         button_style="outline", width=110)
        self.del_btn = pn.widgets.Button(name="− remove", button_type="danger",
                                         button_style="outline", width=100)
        self.up_btn = pn.widgets.Button(name="▲ up", width=70)
        self.down_btn = pn.widgets.Button(name="▼ down", width=80)
        for b, fn in ((self.add_btn, self._add), (self.del_btn, self._remove),
                      (self.up_btn, lambda e: self._move(-1)),
                      (self.down_btn, lambda e: self._move(+1))):
            b.on_click(fn)
        self.problems = pn.pane.Alert("", alert_type="danger", visible=False, margin=(0, 5))
        self.layer_sliders = pn.Column(sizing_mode="stretch_width")
        frac = self.doc.nc_fraction()
        self.fraction = pn.widgets.FloatSlider(
            name=f"{self.doc.nc_film()} volume fraction in the emitter", start=0.05, end=0.95,
            step=0.01, value=frac if frac is not None else 0.5, disabled=frac is None)
        pl = self.doc.pl_peak_nm()
        self.pl_peak = pn.widgets.IntSlider(name="PL peak (nm)", start=1300, end=2600, step=10,
                                            value=int(pl) if pl else 2000)
        self.temperature = pn.widgets.FloatSlider(name="ambient temperature (°C)", start=-40,
                                                  end=100, step=1,
                                                  value=round(self.doc.temperature_c(), 2))
        self.bias = pn.widgets.RangeSlider(
            name="bias range (V)", start=-1.0, end=8.0, step=0.1,
            value=(float(self.doc.drive_value("voltage_start", 0.0)),
                   float(self.doc.drive_value("voltage_stop", 3.0))))
        self.points = pn.widgets.IntInput(name="bias points", start=2, end=2001,
                                          value=int(self.doc.drive_value("voltage_points", 31)),
                                          width=120)
        plqy = self.doc.data.get("nanocrystal", {}).get("plqy")
        self.plqy = pn.widgets.FloatInput(name="PLQY (empty: the model's law)", value=plqy,
                                          start=1e-6, end=1.0, step=0.001, width=200)
        lo, hi = self.bias.value
        self.band_bias = pn.widgets.FloatSlider(name="band diagram at (V)", start=lo, end=hi,
                                                step=0.05, value=hi / 2)
        for w, setter in ((self.fraction, self._set_fraction), (self.pl_peak, self._set_pl),
                          (self.temperature, self._set_temp), (self.bias, self._set_bias)):
            w.param.watch(lambda e, setter=setter: self._knob(setter, e.new), "value")
            w.param.watch(self._request_solve, "value_throttled")
        self.points.param.watch(self._set_points, "value")
        self.plqy.param.watch(self._set_plqy, "value")
        self.band_bias.param.watch(lambda e: self.solve_views.update_band(e.new), "value")
        self.spinner = pn.indicators.LoadingSpinner(value=False, size=22, name="",
                                                    color="primary")
        self.status = pn.pane.HTML("", css_classes=["ncled-status"], name="status",
                                   sizing_mode="stretch_width")
        self.optics_status = pn.pane.HTML("", css_classes=["ncled-status"],
                                          sizing_mode="stretch_width")
        self.fom = pn.pane.HTML(figures_of_merit_html(None), stylesheets=[FOM_CSS],
                                sizing_mode="stretch_width", name="figures of merit")
        self.upload = pn.widgets.FileInput(accept=".toml", multiple=False,
                                           sizing_mode="stretch_width")
        self.upload.param.watch(self._on_upload, "value")
        self.dl_toml = pn.widgets.FileDownload(callback=self._toml_bytes, filename="device.toml",
                                               label="device file (TOML)", button_type="primary",
                                               button_style="outline", embed=False,
                                               sizing_mode="stretch_width")
        self.dl_nc = pn.widgets.FileDownload(callback=self._netcdf_bytes, filename="result.nc",
                                             label="results (NetCDF)", button_style="outline",
                                             disabled=True, sizing_mode="stretch_width")
        self.dl_csv = pn.widgets.FileDownload(callback=self._csv_bytes, filename="sweep.csv",
                                              label="results (CSV)", button_style="outline",
                                              disabled=True, sizing_mode="stretch_width")

    def _frame(self, problems: Problems) -> pd.DataFrame:
        rows = self.doc.table_rows()
        frame = pd.DataFrame(rows, columns=list(TABLE_COLUMNS))
        frame["check"] = ["; ".join(m.split(": ", 1)[-1] for m in problems.by_layer.get(i, []))
                          or "ok" for i in range(len(rows))]
        return frame

    def _rebuild_layer_sliders(self) -> None:
        sliders = []
        ito = self.doc.ito_index()
        for i, row in enumerate(self.doc.table_rows()):
            if not row["coherent"]:
                continue
            t = self.doc.thickness_nm(i)
            lo, hi = _ITO_RANGE if i == ito else _LAYER_RANGE
            value = round(t) if t is not None and t > 0 else lo
            s = pn.widgets.IntSlider(name=f"{row['name']} thickness (nm)", start=lo,
                                     end=max(hi, value), step=1, value=max(lo, value),
                                     sizing_mode="stretch_width")
            s.param.watch(lambda e, i=i: self._set_thickness(i, e.new), "value")
            s.param.watch(self._request_solve, "value_throttled")
            sliders.append(s)
        self.layer_sliders.objects = sliders

    # -- edits --------------------------------------------------------------------------------
    def _set_thickness(self, index: int, value_nm: int) -> None:
        if self._syncing:
            return
        self.doc.set_thickness_nm(index, value_nm)
        self.table.patch({"thickness": [(index, self.doc.table_rows()[index]["thickness"])]})
        self._refresh(solve=False, table=False)

    def _knob(self, setter, value) -> None:
        """A knob moved: edit the document, then update the optics views (no solve yet)."""
        if self._syncing:
            return
        setter(value)
        self._refresh(solve=False, table=False)

    def _set_fraction(self, value: float) -> None:
        if self.doc.nc_fraction() is not None:
            self.doc.set_nc_fraction(value)
            i = self.doc.emitter_index()
            self.table.patch({"mixture": [(i, self.doc.table_rows()[i]["mixture"])]})

    def _set_pl(self, value: int) -> None:
        self.doc.set_pl_peak_nm(value)

    def _set_temp(self, value: float) -> None:
        self.doc.set_temperature_c(value)

    def _set_bias(self, value) -> None:
        lo, hi = value
        self.doc.set_drive(voltage_start=round(float(lo), 4), voltage_stop=round(float(hi), 4))
        self.band_bias.param.update(start=lo, end=hi, value=min(max(self.band_bias.value, lo), hi))

    def _set_points(self, event) -> None:
        if event.new is not None:
            self.doc.set_drive(voltage_points=int(event.new))
            self._refresh(solve=True)

    def _set_plqy(self, event) -> None:
        nc = self.doc.data.setdefault("nanocrystal", {})
        if event.new is None:
            nc.pop("plqy", None)
        else:
            nc["plqy"] = float(event.new)
        self._refresh(solve=True)

    def _on_cell_edit(self, event) -> None:
        try:
            self.doc.set_cell(event.row, event.column, event.value)
        except ConfigError as exc:
            self._refresh(solve=False, table=True, extra=Problems(by_layer={event.row: [
                f"layers[{event.row}].{event.column}: {exc}"]}))
            return
        structural = event.column in ("name", "coherent", "material")
        if structural:
            self._rebuild_layer_sliders()
        else:
            self._sync_sliders()
        self._refresh(solve=True, table=True)

    def _selected(self) -> int | None:
        sel = self.table.selection
        return sel[0] if sel else None

    def _add(self, _event) -> None:
        at = self.doc.add_layer(self._selected())
        self._structure_changed(at)

    def _remove(self, _event) -> None:
        i = self._selected()
        if i is None or len(self.doc.data.get("layers", [])) <= 1:
            self._show_general(["select a layer to remove (a device keeps at least one)"])
            return
        self.doc.remove_layer(i)
        self._structure_changed(min(i, len(self.doc.data["layers"]) - 1))

    def _move(self, step: int) -> None:
        i = self._selected()
        if i is None:
            self._show_general(["select a layer to move"])
            return
        self._structure_changed(self.doc.move_layer(i, step))

    def _structure_changed(self, select: int) -> None:
        self._rebuild_layer_sliders()
        self._refresh(solve=True, table=True)
        self.table.selection = [select]

    def _sync_sliders(self) -> None:
        """Put the document's values back on the sliders (after a table edit or an upload)."""
        self._syncing = True
        try:
            for s in self.layer_sliders.objects:
                name = s.name.removesuffix(" thickness (nm)")
                for i, row in enumerate(self.doc.table_rows()):
                    t = self.doc.thickness_nm(i)
                    if row["name"] == name and t is not None and t > 0:
                        s.param.update(end=max(s.end, round(t)),
                                       value=max(s.start, round(t)))
            frac = self.doc.nc_fraction()
            self.fraction.disabled = frac is None
            if frac is not None:
                self.fraction.value = frac
            pl = self.doc.pl_peak_nm()
            if pl:
                self.pl_peak.value = int(min(max(pl, self.pl_peak.start), self.pl_peak.end))
        finally:
            self._syncing = False

    def _on_upload(self, event) -> None:
        if not event.new:
            return
        name = self.upload.filename or "uploaded file"
        try:
            from ncled.designer.document import read_device_text

            data = read_device_text(event.new.decode("utf-8", errors="replace"), name)
            model.validate(data, source=name)
        except NcledError as exc:
            self._show_general([f"{name} not loaded: {exc}"])
            return
        self.doc = DeviceDocument(data, name)
        self._rebuild_layer_sliders()
        self._sync_sliders()
        self._refresh(solve=True, table=True)

    # -- validation, optics, solve ------------------------------------------------------------
    def _show_general(self, messages: list[str]) -> None:
        self.problems.object = "<br>".join(messages)
        self.problems.visible = bool(messages)

    def _refresh(self, solve: bool, table: bool = True, extra: Problems | None = None) -> None:
        """Validate the document; show problems; update the optics views; maybe start a solve."""
        if self._syncing:
            return
        problems = extra or Problems()
        config = None
        if not extra:
            try:
                config = model.validate(self.doc.data, source=self.doc.source or None)
            except ConfigError as exc:
                problems = Problems.from_error(exc)
        if table:
            self.table.value = self._frame(problems)
        elif problems.by_layer:
            self.table.value = self._frame(problems)
        self._show_general(problems.general)
        was_invalid, self._invalid = self._invalid, config is None
        if config is None:
            self.status.object = ("<b>input needs attention</b>: the views show the last valid "
                                  "device")
            return
        if not table and was_invalid:
            self.table.patch({"check": [(i, "ok") for i in range(len(self.doc.data["layers"]))]})
        self.config = config
        t0 = time.perf_counter()
        try:
            self.optics.update(model.optics_preview(config))
        except NcledError as exc:
            self._show_general([str(exc)])
            return
        except Exception as exc:  # a library bug must not take the page down: log and show
            log.exception("optics preview failed")
            self._show_general([f"internal error in the optics ({type(exc).__name__}: {exc})"])
            return
        self.optics_updates += 1
        self.optics_status.object = (f"optics update #{self.optics_updates}: "
                                     f"{1e3 * (time.perf_counter() - t0):.0f} ms")
        if solve:
            pn.state.execute(self._solve)

    def _request_solve(self, _event=None) -> None:
        """A slider was released: solve the device its moves left (if it is valid)."""
        if self.config is not None and not self._invalid:
            pn.state.execute(self._solve)

    async def _solve(self) -> None:
        config = self.config
        self.spinner.value = True
        self.status.object = "solving the LED model…"
        self.fom.object = figures_of_merit_html(self._figures, stale=True)
        t0 = time.perf_counter()
        try:
            outcome = await self.solver.submit(config)
        except NcledError as exc:
            outcome = exc
        except Exception as exc:  # a library bug must not take the page down: log and show
            log.exception("LED solve failed")
            outcome = RuntimeError(f"internal error in the LED model ({type(exc).__name__}: "
                                   f"{exc})")
        if outcome is None:  # superseded: the newer request updates the page
            return
        # Bokeh models may change only under the document's lock: finish on the next tick.
        finish = partial(self._finish, outcome, time.perf_counter() - t0)
        if self._doc is not None:
            self._doc.add_next_tick_callback(finish)
        else:
            finish()

    def _finish(self, outcome: model.Solution | Exception, seconds: float) -> None:
        self.spinner.value = False
        if isinstance(outcome, Exception):
            self.status.object = "<b>the LED model failed</b>"
            self._show_general([str(outcome)])
            return
        sol = outcome
        self.solution = sol
        self.solve_views.update(sol, self.band_bias.value)
        self.optics.update_solution(sol)
        self._figures = model.display_figures(sol.summary)
        self.fom.object = figures_of_merit_html(self._figures)
        self.dl_nc.disabled = self.dl_csv.disabled = False
        self.status.object = (f"LED model solved in {seconds:.1f} s "
                              f"({sol.dataset.voltage.size} biases)")

    # -- exports ------------------------------------------------------------------------------
    def _toml_bytes(self) -> io.BytesIO:
        name = self.doc.data.get("name", "device")
        self.dl_toml.filename = f"{name}.toml".replace(" ", "_")
        return io.BytesIO(to_toml(self.doc.data).encode("utf-8"))

    def _netcdf_bytes(self) -> io.BytesIO:
        if self.solution is None:
            return io.BytesIO(b"")
        return io.BytesIO(self.solution.dataset.to_netcdf(engine="scipy"))

    def _csv_bytes(self) -> io.StringIO:
        if self.solution is None:
            return io.StringIO("")
        return io.StringIO(_results_csv(self.solution))

    # -- layout -------------------------------------------------------------------------------
    def sidebar(self) -> list:
        return [
            pn.pane.Markdown("### Device file"), self.upload,
            pn.pane.Markdown("### Export"), self.dl_toml, self.dl_nc, self.dl_csv,
            pn.pane.Markdown("### Layer thickness"), self.layer_sliders,
            pn.pane.Markdown("### Nanocrystals"), self.fraction, self.pl_peak, self.plqy,
            pn.pane.Markdown("### Drive"), self.temperature, self.bias, self.points,
        ]

    def main(self) -> list:
        buttons = pn.Row(self.add_btn, self.del_btn, self.up_btn, self.down_btn)
        stack = pn.Card(buttons, self.problems, self.table, title="Stack (front → back)",
                        sizing_mode="stretch_width", collapsible=False)
        fom = pn.Card(self.fom, title="Figures of merit beside Qu et al., Nat. Photon. 16, 38 "
                      "(2022)", sizing_mode="stretch_width", collapsible=False)
        busy = pn.Row(self.spinner, self.status, self.optics_status,
                      sizing_mode="stretch_width")
        sv, ov = self.solve_views, self.optics
        views = pn.GridBox(fom, sv.jv, sv.radiance, sv.eqe, ov.spectra,
                           pn.Column(sv.band, self.band_bias, sizing_mode="stretch_width"),
                           ov.modes, ov.ito, ncols=3, sizing_mode="stretch_width")
        return [busy, stack, views]


def create_page(path: str) -> pn.template.BaseTemplate:
    """Build the page for one session from a device file or built-in device name."""
    from ncled.designer.document import read_device_file

    data, source = read_device_file(path)
    page = DesignerPage(DeviceDocument(data, source))
    template = pn.template.FastListTemplate(
        title="ncled designer — nanocrystal IR LED", sidebar=page.sidebar(), main=page.main(),
        sidebar_width=330, accent="#0b4f8a", header_background="#0b4f8a",
        raw_css=[_CSS], theme_toggle=False)
    pn.state.on_session_destroyed(lambda _ctx: page.solver.cancel())
    return template
