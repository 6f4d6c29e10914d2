"""What every worksheet page shares: the look, the header, cards, headline tiles, explainers.

All user-typed text that reaches HTML goes through :func:`esc`; the other builders take
already-safe HTML only where their parameter says so.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Sequence
from typing import Literal

import ipywidgets as widgets
import plotly.graph_objects as go

from negotiation_lib.domain.case import Case
from negotiation_lib.worksheets.browser import run_in_browser, script_output
from negotiation_lib.worksheets.shared_models import shared_layout

__all__ = [
    "WORKSHEETS",
    "FigureSlot",
    "Tone",
    "card",
    "concept",
    "esc",
    "header_html",
    "kpi_tiles",
    "money",
    "number",
    "percent",
    "plotly_warmup",
    "problem_banner",
    "split",
    "style",
]

WORKSHEETS: tuple[tuple[str, str], ...] = (
    ("home", "Home"),
    ("value_proposition", "1 · Value proposition"),
    ("transparent_economics", "2 · Transparent economics"),
    ("win_win", "3 · Win-win definition"),
)
"""Notebook name and navigation label of each page, in order."""

Tone = Literal["neutral", "good", "warn", "bad"]

MIME_PLOTLY = "application/vnd.plotly.v1+json"
"""The mime type plotly's renderer draws (shipped with plotly as a JupyterLab extension)."""

_CSS = """
<style>
:root { --nw-seller: #1f5fa8; --nw-customer: #c26a1b; --nw-good: #2e7d32; --nw-warn: #b26a00;
        --nw-bad: #c62828; --nw-ink: #1d2733; --nw-muted: #5f6b7a; --nw-line: #dde3ea; }
.nw-page { max-width: 1400px; margin: 0 auto; color: var(--nw-ink);
           font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.nw-header { display: flex; align-items: baseline; justify-content: space-between;
             border-bottom: 2px solid var(--nw-line); padding: 8px 4px 10px; margin-bottom: 8px;
             flex-wrap: wrap; gap: 8px; }
.nw-page a { color: var(--nw-seller); text-decoration: none; font-weight: 600; }
.nw-page a:hover { text-decoration: underline; }
.nw-intro { max-width: 900px; font-size: 15px; line-height: 1.5; }
.nw-h2 { font-size: 18px; margin: 16px 0 4px; }
.nw-header h1 { font-size: 22px; margin: 0; font-weight: 600; }
.nw-header .nw-sub { color: var(--nw-muted); font-size: 13px; }
.nw-nav a { margin-right: 14px; text-decoration: none; color: var(--nw-seller);
            font-size: 14px; }
.nw-nav a.nw-current { font-weight: 700; color: var(--nw-ink);
                       border-bottom: 2px solid var(--nw-seller); }
.nw-card { border: 1px solid var(--nw-line); border-radius: 8px; padding: 10px 14px;
           margin: 6px 0 12px; background: #fff; }
.nw-card-title { font-size: 16px; font-weight: 600; margin: 0 0 4px; }
.nw-concept { color: var(--nw-muted); font-size: 13px; margin: 2px 0 8px; }
.nw-concept summary { cursor: pointer; color: var(--nw-seller); }
.nw-label { font-size: 13px; color: var(--nw-muted); }
.nw-msg { color: var(--nw-bad); font-size: 12px; min-height: 0; }
.nw-msg:empty { display: none; }
.nw-invalid input, .nw-invalid textarea, input.nw-invalid, .nw-invalid.widget-text input {
  border-color: var(--nw-bad) !important; background: #fff5f5; }
.nw-tiles { display: flex; flex-wrap: wrap; gap: 10px; margin: 4px 0 8px; }
.nw-tile { border: 1px solid var(--nw-line); border-radius: 8px; padding: 8px 12px;
           min-width: 150px; background: #fafbfc; }
.nw-tile .nw-tile-label { font-size: 12px; color: var(--nw-muted); }
.nw-tile .nw-tile-value { font-size: 20px; font-weight: 600; }
.nw-tile.nw-good { border-left: 4px solid var(--nw-good); }
.nw-tile.nw-warn { border-left: 4px solid var(--nw-warn); }
.nw-tile.nw-bad { border-left: 4px solid var(--nw-bad); }
.nw-banner { border-radius: 6px; padding: 8px 12px; margin: 6px 0; font-size: 14px; }
.nw-banner.nw-bad { background: #fdecea; color: #7f1d1d; }
.nw-banner.nw-warn { background: #fff4e5; color: #663c00; }
.nw-banner.nw-good { background: #edf7ed; color: #1e4620; }
.nw-table { overflow-x: auto; max-width: 100%; }
.nw-table-head { font-size: 12px; color: var(--nw-muted); gap: 4px; }
.nw-row { gap: 4px; align-items: flex-start; }
.nw-flags li { margin-bottom: 4px; }
.nw-memo { border-left: 3px solid var(--nw-line); padding-left: 10px; margin: 6px 0; }
.nw-session { justify-content: space-between; align-items: center; margin: 2px 0 8px; }
.nw-save { font-size: 0.85rem; padding: 2px 10px; border-radius: 10px; display: inline-block;
  background: #eef2f6; color: #33475b; }
.nw-save[data-state="saved"] { background: #e6f4ea; color: #1e5631; }
.nw-save[data-state="pending"], .nw-save[data-state="saving"] { background: #fff4d6;
  color: #6b4e00; }
.nw-save[data-state="error"] { background: #fde7e9; color: #8a1c24; font-weight: 600; }
.nw-save[data-state="unrecorded"] { background: #fff4d6; color: #6b4e00; font-weight: 600; }
.nw-download { align-items: center; margin-right: 6px; }
.nw-download-note { color: #8a1c24; font-size: 0.85rem; }
.nw-who { color: var(--nw-muted); font-size: 14px; }
.nw-code { font-family: monospace; font-size: 22px; letter-spacing: 2px; font-weight: 700;
  background: #f3f6f9; padding: 4px 10px; border-radius: 6px; display: inline-block; }
.nw-form { gap: 8px; align-items: flex-end; flex-wrap: wrap; }
</style>
"""


def esc(text: object) -> str:
    """Escape any text for HTML (user-typed text must never be rendered as markup)."""
    return html.escape(str(text), quote=True)


def style() -> widgets.HTML:
    """The page's style sheet, as a widget to place first on the page."""
    return widgets.HTML(_CSS, layout=shared_layout(display="none"))


def money(x: float | None, currency: str = "", decimals: int = 0) -> str:
    """Format an amount of money for display ("12,350 EUR"); a dash when unknown."""
    if x is None:
        return "–"
    text = f"{x:,.{decimals}f}"
    return f"{text} {esc(currency)}".strip()


def number(x: float | None, decimals: int = 1) -> str:
    """Format a plain number; a dash when unknown."""
    return "–" if x is None else f"{x:,.{decimals}f}"


def percent(x: float | None, decimals: int = 0) -> str:
    """Format a share (0–1) as a percentage; a dash when unknown."""
    return "–" if x is None else f"{100 * x:.{decimals}f}%"


def header_html(current: str, case: Case | None, query: str) -> str:
    """The page header: the case title, the parties, and links to every page.

    Returns HTML (not a widget: a page updates one header widget's value on every change).
    The case's title and parties are user text and are escaped here; ``query`` is the URL
    query (``case=...``) carried from page to page and is escaped too.
    """
    label = dict(WORKSHEETS)[current].split("· ")[-1]
    title = case.title if case is not None else label
    subtitle = f"{case.seller} and {case.customer} · {label.lower()}" if case is not None else ""
    links = []
    for name, text in WORKSHEETS:
        href = f"{name}.ipynb" + (f"?{query}" if query else "")
        cls = " class='nw-current'" if name == current else ""
        links.append(f"<a href='{esc(href)}'{cls}>{esc(text)}</a>")
    return (
        "<div class='nw-header'>"
        f"<div><h1>{esc(title)}</h1><div class='nw-sub'>{esc(subtitle)}</div></div>"
        f"<nav class='nw-nav'>{''.join(links)}</nav></div>"
    )


def concept(term: str, explanation: str) -> widgets.HTML:
    """A short, collapsible explanation of a concept, in the product's own words."""
    return widgets.HTML(
        f"<details class='nw-concept'><summary>What is {esc(term)}?</summary>"
        f"{esc(explanation)}</details>"
    )


def card(title: str, children: Sequence[widgets.Widget], *, explain: str = "") -> widgets.VBox:
    """A titled card grouping related inputs or results; ``explain`` is a plain-text intro."""
    parts: list[widgets.Widget] = [widgets.HTML(f"<div class='nw-card-title'>{esc(title)}</div>")]
    if explain:
        parts.append(widgets.HTML(f"<div class='nw-concept'>{esc(explain)}</div>"))
    box = widgets.VBox([*parts, *children])
    box.add_class("nw-card")
    return box


def split(
    left: Sequence[widgets.Widget],
    right: Sequence[widgets.Widget],
    left_basis: str = "480px",
    right_basis: str = "560px",
) -> widgets.HBox:
    """A topic row: inputs on the left, their results on the right; wraps on narrow screens."""
    return widgets.HBox(
        [
            widgets.VBox(
                list(left), layout=shared_layout(flex=f"1 1 {left_basis}", min_width="380px")
            ),
            widgets.VBox(
                list(right), layout=shared_layout(flex=f"1 1 {right_basis}", min_width="380px")
            ),
        ],
        layout=shared_layout(flex_flow="row wrap", grid_gap="16px"),
    )


def kpi_tiles(tiles: Sequence[tuple[str, str, str, Tone]]) -> str:
    """HTML of headline tiles: (key, label, value, tone).

    The key names the figure (``data-kpi``, for tests and styling); labels are escaped;
    values must already be safe HTML (the formatters here produce safe text).
    """
    cells = "".join(
        f"<div class='nw-tile nw-{tone}' data-kpi='{esc(key)}'>"
        f"<div class='nw-tile-label'>{esc(label)}</div>"
        f"<div class='nw-tile-value'>{value}</div></div>"
        for key, label, value, tone in tiles
    )
    return f"<div class='nw-tiles'>{cells}</div>"


def problem_banner(count: int) -> str:
    """The banner shown while the worksheet has invalid inputs."""
    if not count:
        return ""
    noun = "problem" if count == 1 else "problems"
    return (
        f"<div class='nw-banner nw-bad' role='status'>{count} {noun} in the inputs: see the "
        "messages in red. The results below are from the last valid inputs.</div>"
    )


# Clicks the loader's hidden button once the page has been painted (a frame, then a task).
_LOAD_AFTER_PAINT = """(function (element) {
  requestAnimationFrame(function () {
    setTimeout(function () {
      const box = element.closest('.nw-plotly-warmup');
      const button = box && box.querySelector('button');
      if (button) { button.click(); }
    }, 0);
  });
})(element);
"""


def plotly_warmup() -> widgets.Box:
    """An invisible, empty chart that loads plotly.js; every page with charts shows one.

    It is drawn by plotly's own renderer, the one part of the page that loads plotly.js (about
    5 MB, a second to evaluate on a 2-core machine). The page's charts (:class:`FigureSlot`)
    wait for it and draw themselves with it.

    The chart is sent only once the page has been painted: a script clicks a hidden button,
    and the click sends it. Evaluating plotly.js while the page draws its widgets would hold the
    whole page back by that second; this way the trainee reads the worksheet while its charts
    are being drawn, and on the dashboard the second passes while the facilitator types the key.
    """
    area = widgets.Output()
    area.outputs = (script_output(_LOAD_AFTER_PAINT),)
    load = widgets.Button(description="Load charts", tooltip="Loads the chart library")
    blank = {"data": [], "layout": {"width": 10, "height": 10}}

    def send(_button: widgets.Button) -> None:
        if area.outputs and MIME_PLOTLY in area.outputs[0]["data"]:
            return  # sent already
        area.outputs = (
            {
                "output_type": "display_data",
                "data": {MIME_PLOTLY: blank, "text/plain": ""},
                "metadata": {},
            },
        )

    load.on_click(send)
    box = widgets.Box([load, area], layout=shared_layout(display="none"))
    box.add_class("nw-plotly-warmup")
    return box


# Draws and redraws the charts of a page with plotly.js directly. Plotly's own renderer for
# its mime bundle draws every chart about four times: it plots it, redraws it at once, plots a
# hidden copy to make a PNG snapshot, and tears everything down and starts again on each new
# figure (100-190 ms a chart in the browser, against 25-60 ms for one plot and 15-30 ms for
# ``Plotly.react``, measured on the economics worksheet). The page still loads plotly.js through
# that renderer, once, for the blank chart of :func:`plotly_warmup`.
#
# ``nwChart(id, seq, fig, element)`` keeps the newest figure of chart ``id`` (``seq`` orders
# them, so a figure arriving late changes nothing) and draws it: a first call with ``element``
# (the chart's output area) makes the plot there; later calls update it with ``Plotly.react``.
# Draws of one chart run one after another; a chart drawn again by the page (a new output area)
# is plotted afresh with the newest figure; a chart whose box is resized is laid out again.
_CHART_SCRIPT = """window.nwChart = window.nwChart || function (id, seq, fig, element) {
  const charts = window.nwCharts = window.nwCharts || {};
  const chart = charts[id] = charts[id] || { seq: -1, queue: Promise.resolve() };
  if (seq > chart.seq) { chart.seq = seq; chart.fig = fig; }
  if (element) {
    chart.div = element.querySelector('.nw-plot') || document.createElement('div');
    chart.div.className = 'nw-plot';
    element.appendChild(chart.div);
  }
  function ready() {  // plotly.js loaded, and the chart's element on the page
    return new Promise(function (resolve) {
      (function wait(tries) {
        const gd = chart.div;
        if (window.Plotly && gd && gd.isConnected) { resolve(gd); } else if (tries < 1200) {
          setTimeout(function () { wait(tries + 1); }, 50);
        }
      })(0);
    });
  }
  chart.queue = chart.queue.then(ready).then(function (gd) {
    const Plotly = window.Plotly;
    if (gd.nwSeq === chart.seq) { return; }
    gd.nwSeq = chart.seq;
    if (!gd._fullLayout) {
      new ResizeObserver(function () {
        if (gd._fullLayout && gd.offsetWidth && gd.offsetWidth !== gd.nwWidth) {
          gd.nwWidth = gd.offsetWidth;
          Plotly.Plots.resize(gd);
        }
      }).observe(gd);
      return Plotly.newPlot(gd, chart.fig.data, chart.fig.layout).then(function () {
        gd.nwWidth = gd.offsetWidth;
      });
    }
    return Plotly.react(gd, chart.fig.data, chart.fig.layout);
  }).catch(function (error) { console.error('chart ' + id, error); });
};
"""


class FigureSlot:
    """A chart on the page, redrawn when its figure changes.

    The chart is drawn by a small script (see ``_CHART_SCRIPT``) with the plotly.js the page
    loads once for :func:`plotly_warmup`, which every page with charts must show. The first
    figure is the script in the chart's output area; each later one is a script that updates
    the drawn chart in place with ``Plotly.react``, sent through a hidden output beside it. (A
    ``FigureWidget`` would carry its own 5 MB copy of plotly.js per chart, and under load its
    widget can fail to start in the browser, leaving a frozen chart.) A figure equal to the one
    on screen is not sent again, so a keystroke redraws only the charts it changes.

    ``widget`` is the box to place on the page; ``figure`` the figure it shows.
    """

    def __init__(self, height: int = 380) -> None:
        self.height = height
        self.figure: go.Figure | None = None
        self._shown: str | None = None
        self._key: object = None
        self._seq = 0
        self._chart = widgets.Output(layout=shared_layout(width="100%"))
        self._script = widgets.Output(layout=shared_layout(display="none"))
        self.widget = widgets.VBox(
            [self._chart, self._script],
            layout=shared_layout(width="100%", min_height=f"{height}px"),
        )
        self.widget.add_class("nw-chart")
        self._chart.add_class(f"nw-chart-{self._chart.model_id}")

    def show_for(self, key: object, build: Callable[[], go.Figure]) -> None:
        """Draw ``build()`` unless ``key`` (what the figure is drawn from) is unchanged.

        Building a plotly figure costs tens of milliseconds; a keystroke that does not touch a
        chart's inputs should not pay for it.
        """
        if self._key is not None and key == self._key:
            return
        self._key = key
        self.show(build())

    def show(self, figure: go.Figure) -> None:
        """Draw ``figure`` in the slot (nothing is sent when it is unchanged)."""
        if figure.layout.height is None:
            figure.layout.height = self.height
        text = figure.to_json()
        if text == self._shown:
            return
        first = self._shown is None
        self.figure, self._shown = figure, text
        call = f"window.nwChart({json.dumps(self._chart.model_id)}, {self._seq}, {text}"
        if first:
            # ``element`` is the output area the script is drawn in (JupyterLab's renderer).
            self._chart.outputs = (script_output(f"{_CHART_SCRIPT}{call}, element);\n"),)
        else:
            run_in_browser(self._script, f"{_CHART_SCRIPT}{call}, null);\n")
        self._seq += 1
