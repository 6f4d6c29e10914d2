"""The transparent-economics page: its inputs bound to the case, and its results drawn.

A change recomputes through the case assessment (:mod:`.model`) and redraws only what shows a
new result: a chart, a table or the tiles are drawn again when a result they show is a new
object, or when a name, the currency, the unit or the period they print changed.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import plotly.graph_objects as go

from negotiation_lib.document import CaseDocument
from negotiation_lib.domain.case import Case
from negotiation_lib.figures import transparent_economics as figures
from negotiation_lib.formatting import escape
from negotiation_lib.worksheets.captions import Captions
from negotiation_lib.worksheets.fields import field_class
from negotiation_lib.worksheets.page import (
    FigureSlot,
    card,
    concept,
    header_html,
    kpi_tiles,
    next_step,
    plotly_warmup,
    split,
    style,
)
from negotiation_lib.worksheets.problems import ProblemBanner
from negotiation_lib.worksheets.redraws import Redraws
from negotiation_lib.worksheets.shared_models import set_display, shared_layout
from negotiation_lib.worksheets.transparent_economics import tables, text
from negotiation_lib.worksheets.transparent_economics.editors import discount_editor
from negotiation_lib.worksheets.transparent_economics.flips import FlipsPanel
from negotiation_lib.worksheets.transparent_economics.model import (
    CurrentAssessment,
    TransparentEconomicsResults,
    compute,
)
from negotiation_lib.worksheets.transparent_economics.scenarios import ScenarioPanel

__all__ = ["TransparentEconomicsWorksheet"]


def _row(*items: widgets.Widget) -> widgets.HBox:
    return widgets.HBox(list(items), layout=shared_layout(grid_gap="8px", flex_flow="row wrap"))


def _header(case: Case) -> tuple[str, ...]:
    """The case fields the results print: the parties' names, currency, unit and period."""
    return (case.seller, case.customer, case.currency, case.unit, case.period)


class TransparentEconomicsWorksheet:
    """The transparent economics page for one case document.

    Parameters
    ----------
    doc
        The case being edited.
    query
        The URL query to carry to the other worksheets' links (``case=...``).
    """

    def __init__(self, doc: CaseDocument, query: str = "") -> None:
        self.doc = doc
        self.query = query
        self.captions = Captions(doc)
        self.results: TransparentEconomicsResults | None = None
        # One assessment of the current case for the page and its scenario table's first row.
        self.assessment = CurrentAssessment()
        self._shown_case: Case | None = None
        self._drawn = False
        # What each chart, table and the tiles were last drawn from.
        self._redraws = Redraws()
        self._head: tuple[str, ...] = ()
        self.w_header = widgets.HTML()
        self.banner = ProblemBanner(doc, "transparent_economics", query)
        self.w_banner = self.banner.widget
        self.w_errors = widgets.HTML()
        self.w_note = widgets.HTML()
        self.w_tiles = widgets.HTML()
        self.w_flags = widgets.HTML()
        self.w_margins = widgets.HTML()
        self.w_alternatives = widgets.HTML()
        self.w_squeeze = widgets.HTML()
        self.w_uncertainty = widgets.HTML()
        self.w_meaning = self._meaning_note()
        self.waterfall_chart = FigureSlot(440)
        self.zopa_chart = FigureSlot(440)
        self.split_chart = FigureSlot(360)
        self.price_chart = FigureSlot(480)
        self.npv_chart = FigureSlot(540)
        self.monte_carlo_chart = FigureSlot(760)
        self.tornado_chart = FigureSlot(800)
        self._result_boxes: list[widgets.Widget] = []
        # The analyst's what-ifs, stored in the case and compared side by side (issue 21).
        self.scenarios = ScenarioPanel(doc, self.assessment)
        # Where each answer flips along one input: computed on a click only (issue 21).
        self.flips = FlipsPanel(doc)
        self._section_lines: dict[str, widgets.HTML] = {}
        self.widget = widgets.VBox(
            [
                style(),
                self.w_header,
                self.w_banner,
                self.w_errors,
                *self._sections(),
                plotly_warmup(),
            ]
        )
        self.widget.add_class("nw-page")
        doc.observe(self._on_change, "revision")
        self.refresh()

    # ------------------------------------------------------------------ layout

    def _sections(self) -> list[widgets.Widget]:
        d = self.doc
        cap = self.captions  # number fields captioned in the case's units
        glance = card(
            "The deal at a glance",
            [next_step(text.NEXT_STEPS["glance"]), self.w_meaning, self.w_note, self.w_tiles],
        )
        price_card = card(
            "The seller's open book: price and cost to serve",
            [
                next_step(text.NEXT_STEPS["price"]),
                concept("the pocket price", text.EXPLAIN["pocket"]),
                _row(
                    cap.field("economics.volume_per_period"),
                    cap.field("economics.list_price_per_unit"),
                ),
                _row(
                    cap.field("economics.variable_cost_per_unit"),
                    cap.field("economics.fixed_cost_per_period"),
                    cap.field(
                        "economics.seller_one_time_cost",
                        help_text="Spent once, when the relationship starts (set-up, tooling).",
                    ),
                ),
            ],
        )
        discounts_card = card(
            "Every discount, with its principle",
            [
                next_step(text.NEXT_STEPS["discounts"]),
                concept("a principled discount", text.EXPLAIN["discount"]),
                discount_editor(d).widget,
                self._section_line("economics"),
            ],
        )
        split_inputs = card(
            "The customer's side, the alternatives and the fair split",
            [
                next_step(text.NEXT_STEPS["split"]),
                concept("the ZOPA", text.EXPLAIN["ZOPA"]),
                concept("a fair share and a fair price", text.EXPLAIN["fair"]),
                concept("a BATNA", text.EXPLAIN["BATNA"]),
                _row(
                    cap.field(
                        "economics.customer_cost_per_period",
                        help_text="What working with the seller costs the customer each period "
                        "(handling, training, administration).",
                    ),
                    cap.field("economics.customer_one_time_cost"),
                ),
                _row(
                    cap.field(
                        "economics.fair_share",
                        help_text="0.5 splits the zone of possible agreement evenly.",
                    ),
                ),
                _row(
                    cap.field(
                        "relationship.seller_batna_per_period",
                        width="10em",
                    ),
                    cap.field(
                        "relationship.customer_batna_per_period",
                        width="10em",
                    ),
                ),
            ],
        )
        relationship_card = card(
            "The relationship, projected over many repetitions",
            [
                next_step(text.NEXT_STEPS["relationship"]),
                concept("retention", text.EXPLAIN["retention"]),
                _row(
                    cap.field("relationship.repetitions", width="7em"),
                    cap.field(
                        "relationship.discount_rate",
                        width="7em",
                    ),
                    cap.field("relationship.growth_rate", width="7em"),
                ),
                _row(
                    cap.field(
                        "relationship.retention_fair",
                        width="7em",
                    ),
                    cap.field(
                        "relationship.retention_one_sided",
                        width="7em",
                    ),
                    cap.field(
                        "relationship.cpt_price_per_unit",
                        optional=True,
                        help_text="Leave empty to use the customer's ceiling.",
                    ),
                ),
                self._section_line("relationship"),
            ],
        )
        alternatives_card = card(
            "Each side's alternatives, like with like",
            [
                next_step(text.NEXT_STEPS["alternatives"]),
                concept("the COLR and the net COLR", text.EXPLAIN["COLR"]),
                concept("a BATR", text.EXPLAIN["BATR"]),
                _row(
                    cap.field("relationship.seller_batr_npv", width="10em"),
                    cap.field(
                        "relationship.customer_batr_npv",
                        width="10em",
                    ),
                ),
                self.w_alternatives,
            ],
        )
        waterfall_card = card(
            "From list price to pocket price",
            [next_step(text.NEXT_STEPS["waterfall"]), self.waterfall_chart.widget, self.w_margins],
        )
        flags_card = card(
            "What is not fair, or not explained",
            [next_step(text.NEXT_STEPS["flags"]), self.w_flags],
        )
        zopa_card = card(
            "Zone of possible agreement and the value split",
            [next_step(text.NEXT_STEPS["zopa"]), self.zopa_chart.widget, self.split_chart.widget],
        )
        squeeze_card = card(
            "What squeezing is worth, said openly",
            [next_step(text.NEXT_STEPS["squeeze"]), self.w_squeeze, self.price_chart.widget],
            explain=text.PRICE_CURVE_NOTE,
        )
        projection_card = card(
            "Trust against CPT, repetition after repetition",
            [next_step(text.NEXT_STEPS["projection"]), self.npv_chart.widget],
            explain=text.SCENARIOS_NOTE,
        )
        monte_carlo_card = card(
            "How sure is each side's NPV? Two questions, answered apart",
            [
                next_step(text.NEXT_STEPS["monte_carlo"]),
                self.monte_carlo_chart.widget,
                self.w_uncertainty,
            ],
        )
        tornado_card = card(
            "Which assumptions matter most",
            [next_step(text.NEXT_STEPS["tornado"]), self.tornado_chart.widget],
            explain=text.TORNADO_NOTE,
        )
        # Full width: both charts have two panels, and each needs room for them.
        uncertainty = widgets.VBox([monte_carlo_card, tornado_card])
        self._result_boxes = [
            waterfall_card,
            flags_card,
            zopa_card,
            squeeze_card,
            projection_card,
            uncertainty,
        ]
        scenarios_card = card(
            "Scenarios: what if the inputs were different?", [self.scenarios.widget]
        )
        flips_card = card("Where the answer flips", [self.flips.widget])
        return [
            glance,
            split([price_card], [waterfall_card]),
            split([discounts_card], [flags_card], "760px", "400px"),
            split([split_inputs], [zopa_card]),
            split([relationship_card, alternatives_card], [squeeze_card, projection_card]),
            uncertainty,
            scenarios_card,
            flips_card,
        ]

    def _meaning_note(self) -> widgets.HBox:
        """The note that the share and the fair price changed meaning, until dismissed.

        Said once per page session: a click on "Got it" hides it until the page is loaded
        again.
        """
        note = widgets.HTML(
            "<div class='nw-banner nw-warn' role='note' style='margin:0'>"
            f"<b>What changed:</b> {escape(text.MEANING_NOTE)}</div>",
            layout=shared_layout(flex="1 1 auto"),
        )
        button = widgets.Button(
            description="Got it",
            tooltip="Hide this note until the page is loaded again",
            layout=shared_layout(width="6em", flex="0 0 auto"),
        )
        box = widgets.HBox(
            [note, button], layout=shared_layout(align_items="center", grid_gap="8px")
        )
        box.add_class("nw-meaning-note")
        button.on_click(self._on_dismiss_meaning)
        return box

    def _on_dismiss_meaning(self, _button: widgets.Button) -> None:
        set_display(self.w_meaning, False)

    def _section_line(self, section: str) -> widgets.HTML:
        """A message line for problems of a whole section, which no single input shows.

        Two discounts of the same name, or a one-sided retention above the fair one.
        """
        line = widgets.HTML()
        line.add_class("nw-msg")
        line.add_class(field_class(section))
        self._section_lines[section] = line
        return line

    # ------------------------------------------------------------------ results

    def _on_change(self, _change: dict[str, Any]) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Redraw what changed since the last valid case of the document."""
        case = self.doc.case
        self.w_header.value = header_html("transparent_economics", case, self.query)
        if case is not None:
            self.captions.show(case.currency, case.unit, case.period)
        self.banner.refresh()
        for section, line in self._section_lines.items():
            message = self.doc.problem_at(section)
            line.value = f"<span role='alert'>{escape(message)}</span>" if message else ""
        if self._drawn and case is self._shown_case:
            return  # an invalid keystroke: the last valid results stay as they are
        self._drawn = True
        self._shown_case = case
        r = compute(case, previous=self.results, shared=self.assessment)
        self.results = r
        self.w_errors.value = (
            "<div class='nw-banner nw-bad' role='status'>"
            + "<br>".join(escape(m) for m in r.errors)
            + "</div>"
            if r.errors
            else ""
        )
        if case is None or r.missing is not None:
            self._show_missing(r.missing or "")
            return
        self.w_note.value = ""
        for box in self._result_boxes:
            set_display(box, True)
        self._draw(case, r)

    def _show_missing(self, note: str) -> None:
        href = "value_proposition.ipynb" + (f"?{self.query}" if self.query else "")
        link = (
            f" <a href='{escape(href)}'>Open worksheet 1</a>."
            if note in (text.MISSING["both"], text.MISSING["value"])
            else ""
        )
        self.w_note.value = (
            f"<div class='nw-banner nw-warn' role='status'>{escape(note)}{link}</div>"
        )
        for w in (
            self.w_tiles,
            self.w_flags,
            self.w_margins,
            self.w_alternatives,
            self.w_squeeze,
            self.w_uncertainty,
        ):
            w.value = ""
        self._redraws.forget()  # what was blanked is drawn again once the results are back
        for box in self._result_boxes:
            set_display(box, False)

    def _stale(self, name: str, *shown: object) -> bool:
        """Whether ``name`` must be drawn again: new results, or new names, currency or units."""
        return self._redraws.due(name, *shown, self._head)

    @staticmethod
    def _show(slot: FigureSlot, figure: go.Figure) -> None:
        """Draw a figure in its slot at the width of its column."""
        figure.layout.autosize = True
        slot.show(figure)

    def _draw(self, case: Case, r: TransparentEconomicsResults) -> None:
        self._head = _header(case)
        currency, unit, period = case.currency, case.unit, case.period
        parties = {"seller": case.seller, "customer": case.customer, "currency": currency}
        e, p, mc, sens, curve = (
            r.economics,
            r.projection,
            r.monte_carlo,
            r.sensitivity,
            r.price_curve,
        )
        if self._stale("tiles", e, p):
            self.w_tiles.value = kpi_tiles(text.tiles(case, e, p))
        if e is not None and self._stale("economics", e):
            self._show(
                self.waterfall_chart, figures.price_waterfall(e, currency=currency, unit=unit)
            )
            self._show(self.zopa_chart, figures.zopa_band(e, currency=currency, unit=unit))
            self._show(self.split_chart, figures.value_split(e, period=period, **parties))
            self.w_flags.value = text.flags_html(e)
            self.w_margins.value = text.margins_html(case, e)
        if p is not None and self._stale("projection", p):
            self._show(self.npv_chart, figures.npv_curves(p, unit=unit, **parties))
            self.w_alternatives.value = tables.alternatives_html(case, p)
            self.w_squeeze.value = tables.squeeze_html(case, p)
        if p is not None and curve is not None and self._stale("price_curve", curve):
            self._show(
                self.price_chart,
                figures.npv_by_price(
                    curve.prices,
                    curve.seller_npv,
                    curve.customer_npv,
                    p,
                    unit=unit,
                    **parties,
                ),
            )
        if mc is not None and self._stale("monte_carlo", mc):
            self._show(self.monte_carlo_chart, figures.monte_carlo_bands(mc, **parties))
            self.w_uncertainty.value = tables.uncertainty_html(case, mc)
        if sens is not None and self._stale("sensitivity", sens):
            self._show(
                self.tornado_chart,
                figures.tornado(sens, unit=unit, period=period, **parties),
            )
        for slot, result in (
            (self.waterfall_chart, e),
            (self.zopa_chart, e),
            (self.split_chart, e),
            (self.price_chart, curve),
            (self.npv_chart, p),
            (self.monte_carlo_chart, mc),
            (self.tornado_chart, sens),
        ):
            set_display(slot.widget, result is not None)
