"""The "Where the answer flips" card of the transparent-economics page (issue 21).

The analyst chooses one input and clicks "Find where it flips": for each of the page's
recommendations (the fair deal beats the tough one, the fair price is the seller's best, a zone
of agreement exists, each party beats its alternatives) the card says at which value of the
input the answer changes, below and above the case's value, or that it does not change in the
range searched, with the answer on each side in words
(:func:`negotiation_lib.domain.flips.find_flips`, drawn by :mod:`negotiation_lib.figures.flips`).
Below it, a heat map of the seller's NPV over two inputs with the fair/CPT boundary
(:func:`negotiation_lib.domain.flips.flip_map`).

These are analyses over many variants of the case, not results of the page's one assessment:
they are computed only on a click (a page opens without paying for them, issue 17), from the
document's last valid case, and cleared when the case changes afterwards (the numbers shown
would no longer be the case's).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

import ipywidgets as widgets
import plotly.graph_objects as go

from negotiation_lib.document import CaseDocument
from negotiation_lib.domain.case import Case
from negotiation_lib.domain.errors import CaseError
from negotiation_lib.domain.flips import CPT_PRICE, Flip, Flips, find_flips, flip_map
from negotiation_lib.figures.flips import flip_map_figure, flip_rows, flips_chart
from negotiation_lib.formatting import escape, number
from negotiation_lib.worksheets.page import FigureSlot
from negotiation_lib.worksheets.shared_models import set_display, shared_layout
from negotiation_lib.worksheets.transparent_economics.model import missing_note
from negotiation_lib.worksheets.transparent_economics.scenario_table import (
    input_options,
    readable,
)

__all__ = ["FIND", "MAP", "WORKING", "FlipsPanel", "amount", "flips_html"]

FIND: Final = "Find where it flips"
MAP: Final = "Draw the map"
WORKING: Final = "Working…"
"""What a button says while its search runs."""

RETENTION_ONE_SIDED: Final = "relationship.retention_one_sided"

# Inputs written as shares (0–1): their value is also said as a percentage.
_SHARES: Final = frozenset(
    {
        "economics.fair_share",
        "relationship.discount_rate",
        "relationship.growth_rate",
        "relationship.retention_fair",
        "relationship.retention_one_sided",
    }
)

INTRO = (
    "How far may an input move before the page's advice changes? Choose an input and the "
    "search finds, on the model itself, the value at which each answer turns, below and above "
    "the case's own value."
)
MAP_INTRO = (
    "Two inputs at once: the seller's NPV over both, and the line where the fair deal stops "
    "paying the seller more than the tough one."
)
STALE = "The case has changed since: click “{button}” again to see where it flips now."

_TABLE = "border-collapse:collapse; font-size:14px; width:100%; margin:4px 0 10px"
_CELL = "padding:4px 10px; border-bottom:1px solid #E6E9EC; text-align:left; vertical-align:top"
_VALUE = f"{_CELL}; white-space:nowrap; text-align:right"


def amount(x: float | None, path: str, flips: Flips, case: Case) -> str:
    """A value of the searched input with its unit, as the card writes it (not escaped).

    Shares and rates get four decimals and their percentage; other inputs two decimals and
    their unit (the figures' precision, :mod:`negotiation_lib.figures.flips`).

    Examples
    --------
    >>> from negotiation_lib.datasets import load_pumpco_acme_foods
    >>> from negotiation_lib.domain.flips import find_flips
    >>> case = load_pumpco_acme_foods()
    >>> flips = find_flips(case, "relationship.repetitions", recommendations=["zopa_exists"])
    >>> amount(46, "relationship.repetitions", flips, case)
    '46 deals'
    """
    text = number(x, 4 if flips.high <= 1.0 else 2, trim=True)
    if x is None or path in _SHARES:
        # A percentage as precise as the share: 0.8627 is 86.27%, 0.6 is 60%.
        return f"{text} ({number(x * 100, 2, trim=True)}%)" if x is not None else text
    caption = dict((p, c) for c, p in input_options(case)).get(path, "")
    unit = caption.rsplit(" (", 1)[1].rstrip(")") if " (" in caption else ""
    return f"{text} {unit}".strip()


def _caption(path: str, case: Case) -> str:
    return dict((p, c) for c, p in input_options(case)).get(path, readable(path, case))


def _where(flip: Flip, flips: Flips, case: Case) -> str:
    """The cell saying where an answer changes, or that it does not in the range searched."""
    if flip.value is not None:
        return amount(flip.value, flip.path, flips, case)
    low, high = (amount(v, flip.path, flips, case) for v in (flip.low, flip.high))
    return f"does not flip between {low} and {high}"


def flips_html(flips: Flips, case: Case) -> str:
    """The card's table: a row per recommendation and direction, in words (escaped)."""
    words = flip_rows(flips, case)  # already escaped
    title = escape(_caption(flips.path, case))
    name = escape(_caption(flips.path, case).split(" (", 1)[0].lower())
    head = (
        f"<p class='nw-flips-summary'>{title} is "
        f"<b>{escape(amount(flips.current, flips.path, flips, case))}</b> in this case; "
        f"searched from {escape(amount(flips.low, flips.path, flips, case))} to "
        f"{escape(amount(flips.high, flips.path, flips, case))}.</p>"
    )
    body = []
    for flip, row in zip(flips.flips, words, strict=True):
        after = row["after"] or "(the same answer all the way)"
        body.append(
            f"<tr class='nw-flip-row'><th scope='row' style='{_CELL}; font-weight:normal'>"
            f"{row['question']}</th>"
            f"<td style='{_CELL}'>{'lower' if flip.direction == 'down' else 'higher'}</td>"
            f"<td class='nw-flip-at' style='{_VALUE}'>{escape(_where(flip, flips, case))}</td>"
            f"<td style='{_CELL}'>{row['before']}</td>"
            f"<td style='{_CELL}'>{after}</td></tr>"
        )
    return (
        f"{head}<div class='nw-flips-table' style='overflow-x:auto'>"
        f"<table style='{_TABLE}'><thead><tr>"
        f"<th scope='col' style='{_CELL}'>Question</th>"
        f"<th scope='col' style='{_CELL}'>If {name} goes</th>"
        f"<th scope='col' style='{_VALUE}'>The answer changes at</th>"
        f"<th scope='col' style='{_CELL}'>Answer on the case's side</th>"
        f"<th scope='col' style='{_CELL}'>Answer beyond the change</th>"
        f"</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def _why(err: Exception, case: Case) -> str:
    """A refusal of the search in words, inputs named by their labels."""
    if isinstance(err, CaseError):
        return readable(" ".join(p.message for p in err.problems), case)
    return readable(str(err), case)


def _labelled(label: str, control: widgets.Widget) -> widgets.VBox:
    title = widgets.HTML(escape(label))
    title.add_class("nw-label")
    return widgets.VBox([title, control])


def _row(*items: widgets.Widget) -> widgets.HBox:
    return widgets.HBox(
        list(items),
        layout=shared_layout(grid_gap="8px", flex_flow="row wrap", align_items="flex-end"),
    )


def _msg_line(css: str) -> widgets.HTML:
    line = widgets.HTML()
    line.add_class("nw-msg")
    line.add_class(css)
    return line


def _say(line: widgets.HTML, text: str | None) -> None:
    line.value = f"<span role='alert'>{escape(text)}</span>" if text else ""


def _sized(figure: go.Figure) -> go.Figure:
    """A figure drawn at the width of its column, as the page's other charts are."""
    figure.layout.autosize = True
    return figure


class FlipsPanel:
    """The input chooser, the flips table and chart, and the two-input map, for one document.

    Parameters
    ----------
    doc
        The case being edited; the card reads its last valid case on each click.

    Attributes
    ----------
    searches, maps
        How many searches and maps were computed (none before a click).
    """

    def __init__(self, doc: CaseDocument) -> None:
        self.doc = doc
        self.searches = 0
        self.maps = 0
        self._head: object = None
        self._flips_for: Case | None = None
        self._map_for: Case | None = None
        self.w_input = widgets.Dropdown(layout=shared_layout(width="24em"))
        self.w_input.add_class("nw-flips-input")
        self.w_find = widgets.Button(description=FIND, button_style="primary")
        self.w_find.add_class("nw-flips-find")
        self.w_find.on_click(self._on_find)
        self.w_message = _msg_line("nw-flips-message")
        self.w_table = widgets.HTML()
        self.w_table.add_class("nw-flips-result")
        self.chart = FigureSlot(420)
        self.chart.widget.add_class("nw-flips-chart")
        self.w_map_x = widgets.Dropdown(layout=shared_layout(width="24em"))
        self.w_map_x.add_class("nw-flips-map-x")
        self.w_map_y = widgets.Dropdown(layout=shared_layout(width="24em"))
        self.w_map_y.add_class("nw-flips-map-y")
        self.w_draw = widgets.Button(description=MAP, button_style="primary")
        self.w_draw.add_class("nw-flips-draw")
        self.w_draw.on_click(self._on_draw)
        self.w_map_message = _msg_line("nw-flips-map-message")
        self.map_chart = FigureSlot(560)
        self.map_chart.widget.add_class("nw-flips-map")
        # Hidden until drawn. Built hidden, not hidden after: swapping a shared layout at build
        # time would leave its first layout open and unused, sent to the page for nothing.
        self.w_chart_box = widgets.VBox([self.chart.widget], layout=shared_layout(display="none"))
        self.w_map_box = widgets.VBox([self.map_chart.widget], layout=shared_layout(display="none"))
        self.widget = widgets.VBox(
            [
                widgets.HTML(f"<div class='nw-concept'>{escape(INTRO)}</div>"),
                _row(_labelled("Input to move", self.w_input), self.w_find),
                self.w_message,
                self.w_table,
                self.w_chart_box,
                widgets.HTML(f"<div class='nw-concept'>{escape(MAP_INTRO)}</div>"),
                _row(
                    _labelled("Across", self.w_map_x),
                    _labelled("Up", self.w_map_y),
                    self.w_draw,
                ),
                self.w_map_message,
                self.w_map_box,
            ]
        )
        self.widget.add_class("nw-flips")
        doc.observe(self._on_revision, "revision")
        doc.observe(self._on_revision, "reloads")
        self._refresh_options()

    # ------------------------------------------------------------------ the choosers

    def _refresh_options(self) -> None:
        """Label the inputs in the case's currency and units, keeping what was chosen."""
        case = self.doc.case
        head = (case.currency, case.unit, case.period) if case is not None else None
        if head == self._head:
            return
        self._head = head
        options = input_options(case)
        across = [o for o in options if o[1] == CPT_PRICE] + [
            o for o in options if o[1] != CPT_PRICE
        ]
        for dropdown, opts, default in (
            (self.w_input, options, RETENTION_ONE_SIDED),
            (self.w_map_x, across, CPT_PRICE),
            (self.w_map_y, options, RETENTION_ONE_SIDED),
        ):
            chosen = dropdown.value or default
            dropdown.options = opts
            dropdown.value = chosen

    def _on_revision(self, _change: dict[str, Any]) -> None:
        self._refresh_options()
        case = self.doc.case
        # Equal content, not the same object: a scenario edit re-reads an unchanged case.
        if self._flips_for is not None and case != self._flips_for:
            self._flips_for = None
            self.w_table.value = ""
            set_display(self.w_chart_box, False)
            _say(self.w_message, STALE.format(button=FIND))
        if self._map_for is not None and case != self._map_for:
            self._map_for = None
            set_display(self.w_map_box, False)
            _say(self.w_map_message, STALE.format(button=MAP))

    # ------------------------------------------------------------------ the searches

    def _ready(self) -> Case | str:
        """The case to search, or why it cannot be searched, in words."""
        case = self.doc.case
        note = missing_note(case)
        if case is None or note is not None:
            return note or ""
        return case

    @staticmethod
    def _working(button: widgets.Button, label: str, work: Callable[[], None]) -> None:
        """Run ``work`` with the button saying it is working (sent before the work starts)."""
        button.description, button.disabled = WORKING, True
        try:
            work()
        finally:
            button.description, button.disabled = label, False

    def _on_find(self, _button: widgets.Button) -> None:
        self._working(self.w_find, FIND, self.find)

    def _on_draw(self, _button: widgets.Button) -> None:
        self._working(self.w_draw, MAP, self.draw_map)

    def find(self) -> None:
        """Find where each answer flips along the chosen input, and show it."""
        case, path = self._ready(), self.w_input.value
        self.w_table.value = ""
        set_display(self.w_chart_box, False)
        self._flips_for = None
        if isinstance(case, str):
            _say(self.w_message, case)
            return
        if path == CPT_PRICE and (
            case.relationship is None or case.relationship.cpt_price_per_unit is None
        ):
            _say(
                self.w_message,
                "This case sets no tough (CPT) price: the page takes the customer's ceiling. "
                "Enter a tough price in the relationship card to search it.",
            )
            return
        try:
            flips = find_flips(case, path)
        except (CaseError, ValueError) as err:
            _say(self.w_message, _why(err, case))
            return
        finally:
            self.searches += 1
        _say(self.w_message, None)
        self._flips_for = case
        self.w_table.value = flips_html(flips, case)
        set_display(self.w_chart_box, True)
        self.chart.show(_sized(flips_chart(flips, case)))

    def draw_map(self) -> None:
        """Draw the seller's NPV over the two chosen inputs."""
        case, x_path, y_path = self._ready(), self.w_map_x.value, self.w_map_y.value
        set_display(self.w_map_box, False)
        self._map_for = None
        if isinstance(case, str):
            _say(self.w_map_message, case)
            return
        if x_path == y_path:
            _say(self.w_map_message, "Choose two different inputs for the map.")
            return
        try:
            # A tough price across is one vectorized pass per row; other pairs a pass a point.
            result = flip_map(case, x_path, y_path, size=100 if x_path == CPT_PRICE else 40)
        except (CaseError, ValueError) as err:
            _say(self.w_map_message, _why(err, case))
            return
        finally:
            self.maps += 1
        _say(self.w_map_message, None)
        self._map_for = case
        set_display(self.w_map_box, True)
        self.map_chart.show(_sized(flip_map_figure(result, case)))
