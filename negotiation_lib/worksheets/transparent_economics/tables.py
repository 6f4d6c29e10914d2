"""The transparent-economics page's result tables and verdicts, as HTML.

The squeeze verdict (quoted from :mod:`negotiation_lib.sentences`, never re-worded), each
side's alternatives set like with like, and the two uncertainty views. Every user-typed name,
currency, unit and period is escaped here.
"""

from __future__ import annotations

from collections.abc import Sequence

from negotiation_lib.domain.case import Case
from negotiation_lib.domain.montecarlo import MonteCarloResult, PartyDistribution
from negotiation_lib.domain.projection import ProjectionResult
from negotiation_lib.formatting import escape, money, number, percent
from negotiation_lib.sentences import squeeze_pays, squeeze_sentence
from negotiation_lib.worksheets.page import term_label

__all__ = [
    "NO_ZOPA_SQUEEZE",
    "VIEW_QUESTIONS",
    "alternatives_html",
    "squeeze_html",
    "uncertainty_html",
]

NO_ZOPA_SQUEEZE = (
    "There is no zone of possible agreement: no price works for both sides, so there is no "
    "fair price and no best price for the seller to compare."
)
"""What the squeeze verdict says when the seller's floor is above the customer's ceiling."""

VIEW_QUESTIONS = (
    (
        "value_uncertainty",
        "Value uncertainty",
        "Is the value real? Each value claim is drawn around what its evidence supports, "
        "more widely the less sure the team is; the relationship's length is taken on average.",
    ),
    (
        "length_uncertainty",
        "Relationship length",
        "How long will it last? At the evidence-weighted value, each simulated relationship "
        "ends after a random number of repetitions: luck a better value case cannot remove.",
    ),
)
"""The two uncertainty views: attribute, name, and the one-line question each answers."""

# Inline styles (CSS declarations): the tables are HTML values of widgets, styled where made.
# Amounts and the parties' names never wrap: "0 EUR / per year" on two lines reads badly.
_CELL = "text-align:right; padding:3px 10px; border-bottom:1px solid #dde3ea; white-space:nowrap"
_HEAD = "text-align:right; padding:3px 10px; border-bottom:2px solid #dde3ea; white-space:nowrap"
_LABEL = "text-align:left; padding:3px 10px 3px 0; border-bottom:1px solid #dde3ea"
_SECTION = "padding:8px 0 3px; font-weight:600; color:#5f6b7a; border-bottom:1px solid #dde3ea"
_TABLE = "border-collapse:collapse; font-size:14px; width:100%; margin:4px 0 10px"
_NEGATIVE = "color:#b26a00"


def squeeze_html(case: Case, projection: ProjectionResult) -> str:
    """Whether squeezing pays the seller, said in one banner.

    The sentence is :func:`negotiation_lib.sentences.squeeze_sentence`, quoted as written;
    green when the fair price is also the seller's best, amber when squeezing pays.
    """
    sentence = squeeze_sentence(projection, case.relationship, case.currency, case.unit)
    pays = squeeze_pays(projection)
    tone = "nw-bad" if sentence is None else ("nw-warn" if pays else "nw-good")
    return (
        f"<div class='nw-banner {tone} nw-squeeze' role='status' style='font-size:15px'>"
        f"<b>Does squeezing pay?</b> {escape(sentence or NO_ZOPA_SQUEEZE)}</div>"
    )


def _plural(n: int, word: str) -> str:
    return f"{number(n)} {word}" + ("" if n == 1 else "s")


def _cell(tag: str, css: str, html: str, attributes: str = "") -> str:
    """A table cell: ``html`` must be safe already."""
    return f"<{tag} style='{css}'{attributes}>{html}</{tag}>"


def _table(head: Sequence[str], body: str, cls: str, label_columns: int = 1) -> str:
    """A table with its header row; the first ``label_columns`` are left-aligned labels."""
    cells = "".join(
        _cell("th", _LABEL if k < label_columns else _HEAD, h) for k, h in enumerate(head)
    )
    return (
        f"<div class='nw-table'><table class='{cls}' style='{_TABLE}'><tr>{cells}</tr>"
        f"{body}</table></div>"
    )


def alternatives_html(case: Case, p: ProjectionResult) -> str:
    """Each side's BATNA (per period and as an NPV), BATR, COLR and net COLR, as one table.

    The per-period BATNA stands in its own section, written "per year": it is never set
    beside an NPV. Every other row is an NPV over the relationship, in today's money.
    """
    c, per = case.currency, case.period
    span = _plural(p.repetitions, case.period)

    def amount(x: float, per_period: bool = False) -> str:
        text = escape(money(x, c) + (f" per {per}" if per_period else ""))
        return _cell("td", f"{_CELL}; {_NEGATIVE}" if x < 0 else _CELL, text)

    def row(label: str, seller: float, customer: float, per_period: bool = False) -> str:
        # Plain text: escaped here, with the glossary's tooltip on its terms (BATNA, COLR).
        return (
            f"<tr>{_cell('td', _LABEL, term_label(label))}"
            f"{amount(seller, per_period)}{amount(customer, per_period)}</tr>"
        )

    def section(text: str) -> str:
        return "<tr>" + _cell("td", _SECTION, escape(text), " colspan='3'") + "</tr>"

    body = "".join(
        [
            section(f"Per {per}"),
            row(
                f"BATNA: best one-off alternative, per {per}",
                p.seller_batna_per_period,
                p.customer_batna_per_period,
                per_period=True,
            ),
            section(f"Over the relationship, in today's money (NPV over up to {span})"),
            row("NPV of this relationship at the current price", p.seller_npv, p.customer_npv),
            row(
                f"BATNA as an NPV: that alternative every {per}, for {span}",
                p.seller_batna_npv,
                p.customer_batna_npv,
            ),
            row(
                "BATR: best alternative relationship (NPV)", p.seller_batr_npv, p.customer_batr_npv
            ),
            row(
                "COLR: lost if the relationship ends after this deal (NPV)",
                p.seller_colr,
                p.customer_colr,
            ),
            row(
                "Net COLR = COLR − BATR: lost beyond moving to the best other relationship (NPV)",
                p.seller_colr_net,
                p.customer_colr_net,
            ),
        ]
    )
    return _table(["", escape(case.seller), escape(case.customer)], body, "nw-alternatives") + (
        "<div class='nw-concept'>A negative amount (in amber) means the alternative is worth "
        "more than this relationship under these assumptions.</div>"
    )


def _spread(d: PartyDistribution, c: str) -> str:
    cells = "".join(_cell("td", _CELL, escape(money(x, c))) for x in (d.p10, d.p50, d.p90))
    return cells + _cell("td", _CELL, percent(d.probability_beats_batr))


def uncertainty_html(case: Case, mc: MonteCarloResult) -> str:
    """The two uncertainty views apart: what each answers, P10/P50/P90, P(beats BATR).

    One row per view and party; the NPVs are in the case's currency.
    """
    c = case.currency
    rows = []
    for attribute, name, question in VIEW_QUESTIONS:
        parties = ((case.seller, mc.seller), (case.customer, mc.customer))
        for k, (party, u) in enumerate(parties):
            what = (
                _cell(
                    "td",
                    f"{_LABEL}; vertical-align:top; max-width:26em",
                    f"<b>{escape(name)}</b><div class='nw-concept' style='margin:2px 0'>"
                    f"{escape(question)}</div>",
                    " rowspan='2'",
                )
                if k == 0
                else ""
            )
            rows.append(
                f"<tr>{what}{_cell('td', _LABEL, escape(party))}"
                f"{_spread(getattr(u, attribute), c)}</tr>"
            )
    head = [
        "What it answers",
        "",
        term_label(f"P10 NPV ({c})"),
        term_label(f"P50 NPV ({c})"),
        term_label(f"P90 NPV ({c})"),
        term_label("Chance the NPV beats the BATR"),
    ]
    return (
        f"<div class='nw-concept'>{number(mc.paths)} simulations per view with a fixed seed "
        f"({mc.seed}), so the same inputs always give the same figures. NPVs over the "
        "relationship; P10 means one outcome in ten is worse, P90 one in ten is better.</div>"
        + _table(head, "".join(rows), "nw-uncertainty", label_columns=2)
    )
