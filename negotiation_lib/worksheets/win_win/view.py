"""The win-win worksheet's page: trust first, then what winning means to each side.

:class:`WinWinWorksheet` builds the page's widgets, binds them to the case document and
redraws the results when the document changes. It computes nothing itself: the results come
from :func:`~negotiation_lib.worksheets.win_win.model.compute` (the case assessment), their
HTML from :mod:`~negotiation_lib.worksheets.win_win.results_html`, the charts from
:mod:`negotiation_lib.figures.win_win`. It never writes into the document from its change
handler either: what an edit of the issues carries along is applied inside the edit by
:class:`~negotiation_lib.worksheets.win_win.shapes.IssueRules`.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from negotiation_lib.document import CaseDocument
from negotiation_lib.domain.case import STYLE_ITEMS, Case
from negotiation_lib.domain.errors import CaseError
from negotiation_lib.domain.win_win import Party, WinWinResult
from negotiation_lib.figures import win_win as figures
from negotiation_lib.worksheets.fields import number_field
from negotiation_lib.worksheets.page import (
    FigureSlot,
    card,
    concept,
    esc,
    header_html,
    next_step,
    plotly_warmup,
    style,
)
from negotiation_lib.worksheets.problems import ProblemBanner
from negotiation_lib.worksheets.redraws import Redraws
from negotiation_lib.worksheets.shared_models import shared_layout, sharing_models
from negotiation_lib.worksheets.win_win import results_html as html
from negotiation_lib.worksheets.win_win.controls import (
    AnswerField,
    bound,
    small,
    wrapping_row,
)
from negotiation_lib.worksheets.win_win.definition import DefinitionEditor
from negotiation_lib.worksheets.win_win.editors import IssuesEditor, PackagesEditor
from negotiation_lib.worksheets.win_win.model import WinWinResults, compute
from negotiation_lib.worksheets.win_win.shapes import PARTIES, IssueRules, IssueShape, editor_shapes
from negotiation_lib.worksheets.win_win.text import (
    ANSWERS,
    EXPLAIN,
    FACTORS,
    NEXT_STEPS,
    STYLE_STATEMENTS,
)

__all__ = ["WinWinWorksheet"]

CSS = "win_win/win_win.css"
"""The page's own style sheet, added to the shared one (a package data file beside this module)."""


class WinWinWorksheet:
    """The win-win definition page for one case document.

    Parameters
    ----------
    doc
        The case being edited.
    query
        The URL query to carry to the other worksheets' links (``case=...``).

    Attributes
    ----------
    results
        The results shown, from the document's last valid case.
    """

    def __init__(self, doc: CaseDocument, query: str = "") -> None:
        self.doc = doc
        self.query = query
        self.results: WinWinResults | None = None
        self._updating = False
        self._picked: str | None = None
        self._built: tuple[IssueShape, ...] | None = None
        self._redraws = Redraws()
        self.rules = IssueRules(doc.data)
        self.w_header = widgets.HTML()
        self.banner = ProblemBanner(doc, "win_win", query)
        self.w_banner = self.banner.widget
        self.w_errors = widgets.HTML()
        self.w_notes = widgets.HTML()
        self.w_trust_tiles = widgets.HTML()
        self.w_trust_tiles.add_class("nw-ww-trust-tiles")
        self.w_trust_notes = widgets.HTML()
        self.trust_chart = FigureSlot(460)
        self.style_chart = FigureSlot(400)
        self.w_packages = widgets.Box(layout=shared_layout(width="100%"))
        self.packages: PackagesEditor | None = None
        self.w_use_drafts = widgets.Checkbox(
            value=False,
            indent=False,
            description="Preview: score the drafts instead of the sealed versions",
            layout=shared_layout(width="auto"),
        )
        self.w_use_drafts.observe(self._on_use_drafts, "value")
        self.w_ww_tiles = widgets.HTML()
        self.w_walk_away = widgets.HTML()
        self.w_table = widgets.HTML()
        self.w_solutions = widgets.HTML()
        self.pareto_chart = FigureSlot(620)
        self.w_agreement = widgets.Dropdown(
            description="Agreement", layout=shared_layout(width="28em")
        )
        self.w_agreement.observe(self._on_agreement, "value")
        self.w_memos = widgets.HTML()
        self.editors = {p: DefinitionEditor(doc, p, self.refresh) for p in PARTIES}
        self._party_titles: dict[str, tuple[widgets.HTML, str]] = {}
        self.widget = widgets.VBox(
            [
                style(CSS),
                self.w_header,
                self.w_banner,
                self.w_errors,
                self.w_notes,
                *self._sections(),
                plotly_warmup(),
            ]
        )
        self.widget.add_class("nw-page")
        self._rebuild_editors(editor_shapes(doc.get("win_win")))
        doc.add_normalizer(self.rules)
        doc.observe(self._on_change, "revision")
        doc.observe(self._on_reload, "reloads")
        self.refresh()

    # ------------------------------------------------------------------ layout

    def _sections(self) -> list[widgets.Widget]:
        d = self.doc

        def view(which: str, title: str) -> widgets.Widget:
            fields = [
                number_field(
                    d,
                    ["trust", which, key],
                    f"{label} (1–10)",
                    optional=True,
                    help_text=hint,
                    width="6em",
                )
                for key, label, hint in FACTORS
            ]
            return widgets.VBox(
                [widgets.HTML(f"<div class='nw-ww-group'>{esc(title)}</div>"), *fields],
                layout=shared_layout(flex="1 1 200px"),
            )

        def item(key: str) -> widgets.Widget:
            control = widgets.Dropdown(options=ANSWERS, layout=shared_layout(width="10em"))
            answer = bound(AnswerField(d, ["trust", "style_answers", key], control, ""))
            answer.layout = shared_layout(flex="0 0 10.5em")
            text = widgets.HTML(
                f"<div class='nw-ww-item-text'>{esc(STYLE_STATEMENTS[key])}</div>",
                layout=shared_layout(flex="1 1 0%", min_width="0"),
            )
            row = widgets.HBox([text, answer])
            row.add_class("nw-ww-item")
            return row

        cpt = [k for k in STYLE_ITEMS if k.startswith("cpt_")]
        trusting = [k for k in STYLE_ITEMS if k.startswith("trust_")]
        trust_inputs = card(
            "1 · Trust check",
            [
                next_step(NEXT_STEPS["trust"]),
                concept("the trust equation", EXPLAIN["trust equation"]),
                wrapping_row(
                    [
                        view("seller_view", "How we see ourselves"),
                        view("customer_view", "How the customer sees us"),
                    ]
                ),
                concept(
                    "CPT against trust-based negotiating",
                    EXPLAIN["CPT against trust-based negotiating"],
                ),
                small("How far does each statement describe how our team negotiates?"),
                widgets.HTML(
                    "<div class='nw-ww-group'>Competitive, power-based, transactional habits</div>"
                ),
                *[item(k) for k in cpt],
                widgets.HTML("<div class='nw-ww-group'>Trust-based practices</div>"),
                *[item(k) for k in trusting],
            ],
        )
        trust_results = card(
            "Are we ready for win-win?",
            [
                next_step(NEXT_STEPS["ready"]),
                self.w_trust_tiles,
                self.w_trust_notes,
                concept("readiness for win-win", EXPLAIN["readiness for win-win"]),
                self.trust_chart.widget,
                self.style_chart.widget,
            ],
        )
        self.issues = issues = IssuesEditor(d)
        issues_card = card(
            "2 · The issues on the table",
            [
                next_step(NEXT_STEPS["issues"]),
                concept("a definition of winning", EXPLAIN["a definition of winning"]),
                issues.widget,
                issues.w_price_issue.widget,
                issues.w_price_note,
                concept(
                    "packages priced through the open book",
                    EXPLAIN["packages priced through the open book"],
                ),
            ],
            explain="Everything the agreement has to settle: a number (a price, a term) or a "
            "choice between options. Tick the issue that is the price per unit to price each "
            "package through the open book.",
        )
        definitions = card(
            "3 · What winning looks like, for each party",
            [
                next_step(NEXT_STEPS["definitions"]),
                concept("moving the goalposts", EXPLAIN["moving the goalposts"]),
                wrapping_row(
                    [
                        self._party_column("seller", "The seller"),
                        self._party_column("customer", "The customer"),
                    ]
                ),
            ],
        )
        packages = card(
            "4 · Candidate agreements",
            [next_step(NEXT_STEPS["packages"]), self.w_packages],
            explain="Packages to score: one value for every issue.",
        )
        results = card(
            "5 · Which agreement is fair to both sides?",
            [
                next_step(NEXT_STEPS["results"]),
                self.w_use_drafts,
                self.w_ww_tiles,
                self.w_walk_away,
                self.w_table,
                self.pareto_chart.widget,
                self.w_solutions,
                concept("the Pareto frontier", EXPLAIN["the Pareto frontier"]),
            ],
        )
        justification = card(
            "6 · Assume agreement, then justify it to each party",
            [
                next_step(NEXT_STEPS["justification"]),
                concept(
                    "'assume agreement, then justify it'",
                    EXPLAIN["'assume agreement, then justify it'"],
                ),
                self.w_agreement,
                self.w_memos,
            ],
        )
        # Plotly draws a chart 700 pixels wide before the page has laid it out, so the
        # columns that hold charts are kept at least that wide (they wrap below otherwise).
        inputs_column = widgets.VBox(
            [trust_inputs], layout=shared_layout(flex="1 1 540px", min_width="380px")
        )
        results_column = widgets.VBox(
            [trust_results], layout=shared_layout(flex="1 1 740px", min_width="740px")
        )
        trust_row = wrapping_row([inputs_column, results_column])
        # A topic row like page.split's: side by side, the inputs stay beside the charts.
        trust_row.add_class("nw-split")
        for column in (inputs_column, results_column):
            column.add_class("nw-col")
        inputs_column.add_class("nw-col-inputs")
        return [
            trust_row,
            issues_card,
            definitions,
            packages,
            results,
            justification,
        ]

    def _party_column(self, party: Party, title: str) -> widgets.Widget:
        editor = self.editors[party]
        heading = widgets.HTML()
        self._party_titles[party] = (heading, title)
        return widgets.VBox([heading, editor.widget], layout=shared_layout(flex="1 1 560px"))

    @sharing_models()  # also rebuilt while the trainee edits: keep sharing layouts
    def _rebuild_editors(self, shapes: tuple[IssueShape, ...]) -> None:
        """Rebuild everything laid out per issue: the definitions and the packages."""
        self._built = shapes
        for editor in self.editors.values():
            editor.rebuild(shapes)
        if self.packages is not None:
            self.packages.close()
        self.packages = PackagesEditor(self.doc, shapes)
        self.w_packages.children = (self.packages.widget,)
        # The rebuilt editors start from the last words drawn: draw them again.
        self._redraws.forget("open_book")

    # ------------------------------------------------------------------ events

    def _on_change(self, _change: dict[str, Any]) -> None:
        # The document's rules (``self.rules``) have already carried the edit along: this
        # handler only redraws, it never writes into the document.
        shapes = editor_shapes(self.doc.get("win_win"))
        if shapes != self._built:
            self._rebuild_editors(shapes)
        self.refresh()

    def _on_reload(self, _change: dict[str, Any]) -> None:
        self.rules.reset(self.doc.data)
        self._rebuild_editors(editor_shapes(self.doc.get("win_win")))
        self.refresh()

    def _on_use_drafts(self, _change: dict[str, Any]) -> None:
        self.refresh()

    def _on_agreement(self, change: dict[str, Any]) -> None:
        if self._updating:
            return
        self._picked = change["new"]
        self.refresh()

    # ------------------------------------------------------------------ results

    def refresh(self) -> None:
        """Redraw the results from the document's last valid case (only the parts that changed)."""
        case = self.doc.case
        self.w_header.value = header_html("win_win", case, self.query)
        self.banner.refresh()
        for party, (heading, title) in self._party_titles.items():
            name = getattr(case, party) if case else ""
            heading.value = (
                f"<div class='nw-card-title'>{esc(title)}{': ' + esc(name) if name else ''}</div>"
            )
        for editor in self.editors.values():
            editor.update_messages()
        use_drafts = bool(self.w_use_drafts.value)
        r = self.results = compute(case, use_drafts=use_drafts, previous=self.results)
        self.w_notes.value = html.notes_banner(r.notes)
        self.w_errors.value = html.errors_banner(r.errors)
        if case is None:
            return
        if self._redraws.due("units", case.currency, case.period):
            self.issues.show_units(case.currency, case.period)
        zopa = r.assessment.zopa if r.assessment is not None else None
        heads = (case.seller, case.customer, case.currency, case.unit)
        if self._redraws.due("open_book", zopa, *heads):
            for editor in self.editors.values():
                editor.show_open_book(zopa, *heads)
        # The trust results name no party; everything else does.
        if self._redraws.due("trust", r.trust):
            self._show_trust(case, r)
        names = (case.seller, case.customer, case.currency)
        ww = r.win_win
        for party, editor in self.editors.items():
            version = None
            if ww is not None:
                version = ww.seller_version if party == "seller" else ww.customer_version
            scored = ww is not None
            if self._redraws.due(f"definition:{party}", case.win_win, names, version, scored):
                editor.show(case, version, scored)
        if ww is None:
            return
        if self._redraws.due("win_win", ww, names):
            self._show_win_win(case, r, ww)
        # The table prices each package through the open book: its money inputs count too.
        money = (case.value, case.economics, case.relationship)
        if self._redraws.due("packages", ww, names, money, case.unit, case.period):
            a = r.assessment
            price = a.package_economics if a is not None else None
            fair = a.economics.fair_price_per_unit if a is not None and a.economics else None
            self.w_table.value = html.packages_table(case, ww, r.chosen, price, fair)
        mark = r.fair_price
        # The mark is drawn from its numbers: an equal mark found again is not redrawn.
        drawn = (
            None
            if mark is None
            else (
                mark.outcome.seller_utility,
                mark.outcome.customer_utility,
                mark.price_per_unit,
                mark.fair_price_per_unit,
                mark.within_one_step,
            )
        )
        if self._redraws.due("pareto", ww, names, r.thresholds, drawn, case.unit):
            self._show_pareto(case, r, ww)
        self._show_memos(case, r, ww)

    def _show_trust(self, case: Case, r: WinWinResults) -> None:
        t = r.trust
        if t is None or case.trust is None:
            self.w_trust_tiles.value = ""
            self.w_trust_notes.value = html.NO_TRUST_YET
            return
        self.w_trust_tiles.value = html.trust_tiles(t)
        self.w_trust_notes.value = html.trust_notes(t)
        self.trust_chart.show(figures.trust_factors(t, case.trust))
        self.style_chart.show(figures.style_profile(t))

    def _show_win_win(self, case: Case, r: WinWinResults, ww: WinWinResult) -> None:
        self.w_ww_tiles.value = html.win_win_tiles(ww, r.chosen)
        self.w_walk_away.value = html.walk_away_banner(ww)
        self.w_solutions.value = html.solutions_table(case, ww)

    def _show_pareto(self, case: Case, r: WinWinResults, ww: WinWinResult) -> None:
        self.pareto_chart.show(
            figures.pareto_scatter(
                ww,
                seller=case.seller,
                customer=case.customer,
                seller_threshold=r.thresholds[0],
                customer_threshold=r.thresholds[1],
                fair_price=r.fair_price,
                currency=case.currency,
                unit=case.unit,
                issue_names=case.win_win.issue_labels if case.win_win is not None else None,
            )
        )

    def _show_memos(self, case: Case, r: WinWinResults, ww: WinWinResult) -> None:
        names = [p.name for p in ww.packages]
        if self._picked in names:
            value: str | None = self._picked
        else:
            value = r.chosen.name if r.chosen else (names[0] if names else None)
        # The memos also price the package through the open book (its money inputs count) and
        # open with the trust check when the sides are not ready.
        money = (case.value, case.economics, case.relationship)
        heads = (case.seller, case.customer, case.currency, case.period)
        if not self._redraws.due("memos", ww, value, money, heads, r.trust):
            return
        self._updating = True
        try:
            options = [(n, n) for n in names]
            if list(self.w_agreement.options) != options:
                self.w_agreement.options = options
            self.w_agreement.value = value
        finally:
            self._updating = False
        package = next((p for p in ww.packages if p.name == value), None)
        if package is None or r.assessment is None:
            self.w_memos.value = (
                "<div class='nw-ww-small'>Add a package to write its justifications.</div>"
            )
            return
        try:
            memos = r.assessment.memos(package)
        except CaseError as err:
            self.w_memos.value = f"<div class='nw-banner nw-bad'>{esc(err.message)}</div>"
            return
        self.w_memos.value = html.memos_panel(memos, package, r.chosen, case.currency, case.period)
