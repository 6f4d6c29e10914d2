"""What every worksheet page shares: the look, the header, cards, headline tiles, explainers.

All user-typed text that reaches HTML goes through :func:`~negotiation_lib.formatting.escape`
(also importable here as ``esc``); the other builders take already-safe HTML only where their
parameter says so. The style sheet is ``page.css`` and the chart scripts ``chart.js`` and
``load_after_paint.js``, files beside this module.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from negotiation_lib import catalog, formatting, glossary
from negotiation_lib.domain.case import Case
from negotiation_lib.figures.config import CHART_CONFIG
from negotiation_lib.formatting import escape, percent
from negotiation_lib.vocabulary import Tone
from negotiation_lib.worksheets.browser import asset, run_in_browser, script_output
from negotiation_lib.worksheets.shared_models import shared_layout

if TYPE_CHECKING:  # the home page draws no chart: plotly is imported by the figures
    import plotly.graph_objects as go

__all__ = [
    "WORKSHEETS",
    "FigureSlot",
    "Tone",
    "card",
    "concept",
    "esc",
    "header_html",
    "home_link",
    "kpi_tiles",
    "money",
    "navigation",
    "next_step",
    "number",
    "percent",
    "plotly_warmup",
    "split",
    "style",
    "term_label",
]

WORKSHEETS: tuple[tuple[str, str], ...]
"""Notebook name and navigation label of each page, in order (home, then the worksheets).

Derived from :mod:`negotiation_lib.catalog` on every access (see :func:`navigation`)."""


def __getattr__(name: str) -> Any:
    # The module's derived names are computed when read, so they follow the catalog.
    if name == "WORKSHEETS":
        return navigation()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def navigation() -> tuple[tuple[str, str], ...]:
    """Notebook name and navigation label of each page of a trainee's navigation, in order.

    Read from :data:`negotiation_lib.catalog.WORKSHEETS` when called, so a worksheet added to
    the catalog is in every page's header.

    Examples
    --------
    >>> navigation()[0], navigation()[-1]
    (('home', 'Home'), ('win_win', '3 · Win-win definition'))
    """
    return tuple((p.name, p.label) for p in _pages())


def _pages() -> tuple[catalog.Page | catalog.Worksheet, ...]:
    # Not catalog.PAGES: that tuple is made once, and the catalog is read at each call.
    return (catalog.HOME, *catalog.WORKSHEETS)


MIME_PLOTLY = "application/vnd.plotly.v1+json"
"""The mime type plotly's renderer draws (shipped with plotly as a JupyterLab extension)."""

esc = escape
"""The one HTML escape (:func:`negotiation_lib.formatting.escape`), under its old name here."""


def style(*sheets: str) -> widgets.HTML:
    """The page's style sheet, as one hidden widget to place first on the page.

    Parameters
    ----------
    sheets
        More style sheets beside this module to add after ``page.css`` (``"dashboard.css"``).
    """
    css = "".join(asset(name) for name in ("page.css", *sheets))
    return widgets.HTML(f"<style>\n{css}</style>", layout=shared_layout(display="none"))


def money(x: float | None, currency: str = "", decimals: int = 0) -> str:
    """An amount of money as HTML-safe text (``12,350 EUR``; ``–`` when unknown).

    The old signature of this module, kept for the pages still importing it: it is
    :func:`negotiation_lib.formatting.money` with the result escaped (the currency is typed
    by users). New code calls the formatting module and escapes where it meets HTML.
    """
    return escape(formatting.money(x, currency, decimals))


def number(x: float | None, decimals: int = 1) -> str:
    """A plain number, one decimal by default (:func:`negotiation_lib.formatting.number`).

    The old signature of this module (one decimal unless told otherwise), kept for the pages
    still importing it.
    """
    return formatting.number(x, decimals)


def header_html(current: str, case: Case | None, query: str) -> str:
    """The page header: the case title, the parties, and links to every page.

    Returns HTML (not a widget: a page updates one header widget's value on every change).
    The case's title and parties are user text and are escaped here; ``query`` is the URL
    query (``case=...``) carried from page to page and is escaped too.
    """
    pages = _pages()
    titles = {p.name: p.title for p in pages}
    label = titles[current]
    title = case.title if case is not None else label
    subtitle = f"{case.seller} and {case.customer} · {label.lower()}" if case is not None else ""
    links = []
    for page in pages:
        href = page.notebook + (f"?{query}" if query else "")
        cls = " class='nw-current'" if page.name == current else ""
        links.append(f"<a href='{escape(href)}'{cls}>{escape(page.label)}</a>")
    return (
        "<div class='nw-header'>"
        f"<div><h1>{escape(title)}</h1><div class='nw-sub'>{escape(subtitle)}</div></div>"
        f"<nav class='nw-nav'>{''.join(links)}</nav></div>"
    )


def home_link() -> str:
    """The link back to the home page, for the headers of pages outside the navigation."""
    return f"<a href='{escape(catalog.HOME.notebook)}'>{escape(catalog.HOME.label)}</a>"


def concept(term: str, explanation: str) -> widgets.HTML:
    """A short, collapsible explanation of a concept, in the product's own words."""
    return widgets.HTML(
        f"<details class='nw-concept'><summary>What is {escape(term)}?</summary>"
        f"{escape(explanation)}</details>"
    )


def card(title: str, children: Sequence[widgets.Widget], *, explain: str = "") -> widgets.VBox:
    """A titled card grouping related inputs or results; ``explain`` is a plain-text intro.

    The card's content sits in a body of its own (``nw-card-body``): where a card is stretched
    to end with the column beside it (:func:`split`), its body stays in view while the page
    scrolls along that column (page.css).
    """
    parts: list[widgets.Widget] = [
        widgets.HTML(f"<div class='nw-card-title'>{escape(title)}</div>")
    ]
    if explain:
        parts.append(widgets.HTML(f"<div class='nw-concept'>{escape(explain)}</div>"))
    body = widgets.VBox([*parts, *children])
    body.add_class("nw-card-body")
    box = widgets.VBox([body])
    box.add_class("nw-card")
    return box


def split(
    left: Sequence[widgets.Widget],
    right: Sequence[widgets.Widget],
    left_basis: str = "480px",
    right_basis: str = "560px",
) -> widgets.HBox:
    """A topic row: inputs on the left, their results on the right; wraps on narrow screens.

    The inputs' column is never narrower than its tables need (page.css): when they need more
    than half the page, the results go under the inputs instead of squeezing them. Side by
    side, both columns end at the same height (the last card of the shorter one grows).
    """
    inputs = widgets.VBox(list(left), layout=shared_layout(flex=f"1 1 {left_basis}"))
    results = widgets.VBox(list(right), layout=shared_layout(flex=f"1 1 {right_basis}"))
    inputs.add_class("nw-col")
    inputs.add_class("nw-col-inputs")
    results.add_class("nw-col")
    row = widgets.HBox([inputs, results], layout=shared_layout(flex_flow="row wrap"))
    row.add_class("nw-split")
    return row


def kpi_tiles(tiles: Sequence[tuple[str, str, str, Tone]]) -> str:
    """HTML of headline tiles: (key, label, value, tone).

    The key names the figure (``data-kpi``, for tests and styling); labels are escaped;
    values must already be safe HTML (the formatters here produce safe text).
    """
    cells = "".join(
        f"<div class='nw-tile nw-{tone}' data-kpi='{escape(key)}'>"
        f"<div class='nw-tile-label'>{term_label(label)}</div>"
        f"<div class='nw-tile-value'>{value}</div></div>"
        for key, label, value, tone in tiles
    )
    return f"<div class='nw-tiles'>{cells}</div>"


def term_label(label: str) -> str:
    """A plain-text label as HTML, explained when it uses a glossary term (ZOPA, COLR, ...).

    The label is escaped. When it uses terms of :mod:`negotiation_lib.glossary`, it carries
    their plain meaning as a tooltip (``title``) and a visible "?" marker, so that a first-time
    user sees there is an explanation and finds it by pointing at the label.

    Examples
    --------
    >>> term_label("Pocket price")
    'Pocket price'
    >>> print(term_label("ZOPA per pump"))  # doctest: +ELLIPSIS
    <span class='nw-term' data-terms='ZOPA' title='ZOPA: zone of possible agreement. ...'>\
ZOPA per pump <span class='nw-term-mark' aria-hidden='true'>?</span></span>
    """
    tip = glossary.tooltip(label)
    if not tip:
        return escape(label)
    terms = " ".join(t.term for t in glossary.terms_in(label))
    return (
        f"<span class='nw-term' data-terms='{escape(terms)}' title='{escape(tip)}'>"
        f"{escape(label)} <span class='nw-term-mark' aria-hidden='true'>?</span></span>"
    )


def next_step(text: str) -> widgets.HTML:
    """A section's "what to do next" line for a first-time user (plain text, escaped here)."""
    line = widgets.HTML(f"<div class='nw-next'><b>Next:</b> {escape(text)}</div>")
    line.add_class("nw-next-step")
    return line


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
    area.outputs = (script_output(asset("load_after_paint.js")),)
    load = widgets.Button(description="Load charts", tooltip="Loads the chart library")
    blank = {"data": [], "layout": {"width": 10, "height": 10}, "config": CHART_CONFIG}

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


_LATER = (
    "(window.nwChart || function () {"
    " const args = arguments;"
    " (function wait(tries) {"
    " if (window.nwChart) { window.nwChart.apply(null, args); }"
    " else if (tries < 1200) { setTimeout(function () { wait(tries + 1); }, 50); }"
    " })(0);"
    " })"
)
"""Calls ``nwChart`` with an update's arguments, once the chart's first script has defined it.

The first figure's script (in the chart's own output area) defines ``window.nwChart``; an
update is a call only. Should an update be drawn before that script has run, it waits for it
(up to a minute), and ``nwChart``'s sequence numbers keep the newest figure either way.
"""


class FigureSlot:
    """A chart on the page, redrawn when its figure changes.

    The chart is drawn by a small script (``chart.js``, which says why) with the plotly.js
    the page loads once for :func:`plotly_warmup`, which every page with charts must show.
    The first figure is the script in the chart's output area; each later one is a script that
    updates the drawn chart in place with ``Plotly.react``, sent through a hidden output beside
    it. (A ``FigureWidget`` would carry its own 5 MB copy of plotly.js per chart, and under load
    its widget can fail to start in the browser, leaving a frozen chart.) A figure equal to the
    one on screen is not sent again, so a keystroke redraws only the charts it changes.

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
        from negotiation_lib.figures.serialize import figure_json  # imported with plotly

        text = figure_json(figure)
        if text == self._shown:
            return
        first = self._shown is None
        self.figure, self._shown = figure, text
        args = f"{json.dumps(self._chart.model_id)}, {self._seq}, {text}"
        config = json.dumps(CHART_CONFIG)
        if first:
            # ``element`` is the output area the script is drawn in (JupyterLab's renderer).
            script = asset("chart.js")
            self._chart.outputs = (
                script_output(f"{script}window.nwChart({args}, element, {config});\n"),
            )
        else:
            # chart.js came with the first figure; an update carries only the figure (chart.js
            # is 2.7 kB, sent again with every redrawn chart of every keystroke before).
            run_in_browser(self._script, f"{_LATER}({args}, null, {config});\n")
        self._seq += 1
