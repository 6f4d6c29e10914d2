"""The open-book deal brief: one self-contained HTML file, and a PDF printed from it.

The brief is what a seller hands over (or keeps) after working through the three worksheets:
what the offer is worth to the customer, the economic model behind the price, how the value
created is shared, what the relationship is worth to both sides over time, both parties'
sealed definitions of winning and the proposed agreement with its justification to each side.

Two audiences:

- ``"internal"``: every section of :data:`BRIEF_SECTIONS`, including the strategy and the
  moves against competitors and the customer, which stay with the seller's team;
- ``"customer"``: the sections of :data:`CUSTOMER_SECTIONS` only, headed "Prepared for" the
  customer, with short explanations of the terms for a reader who has not used the workbook.

Every number in the brief comes from :func:`negotiation_lib.report.build_report` (headline
figures carry a ``data-figure`` attribute naming their dotted path in the report and a
``data-value`` attribute holding the exact number), and every chart from the figure modules of
:mod:`negotiation_lib.figures`. The HTML opens without any network: plotly.js is embedded once,
inline, and no font, style sheet or script is fetched from anywhere. User-typed text is escaped
with :func:`html.escape` (charts escape theirs with :func:`negotiation_lib.figures.style.safe`).

:func:`brief_pdf` prints the HTML to PDF with headless Chromium; the print style sheet gives A4
pages, one section per page and charts that fit the page width.
"""

from __future__ import annotations

import contextlib
import html
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final, Literal

import plotly.graph_objects as go
import plotly.io as pio
import plotly.offline

from negotiation_lib.domain.case import (
    Case,
    MustHave,
    PartyDefinition,
    SealedDefinition,
)
from negotiation_lib.domain.economics import EconomicsResult, case_economics
from negotiation_lib.domain.errors import CaseError
from negotiation_lib.domain.projection import ProjectionResult, case_projection
from negotiation_lib.domain.seal import amendments, goalposts_moved, verify
from negotiation_lib.domain.strategy import assess_strategy
from negotiation_lib.domain.value import assess_value
from negotiation_lib.domain.win_win import (
    WinWinResult,
    assess_win_win,
    definition_in_force,
    describe_must_have,
    normalized_weights,
)
from negotiation_lib.figures.style import number
from negotiation_lib.figures.transparent_economics import (
    npv_curves,
    price_waterfall,
    value_split,
    zopa_band,
)
from negotiation_lib.figures.value_proposition import (
    eve_waterfall,
    moves_map,
    strategic_fit_chart,
)
from negotiation_lib.figures.win_win import pareto_scatter
from negotiation_lib.report import DEFAULT_PATHS, DEFAULT_SEED, build_report

__all__ = [
    "BRIEF_SECTIONS",
    "CHART_CONFIG",
    "CHROMIUM_FLAGS",
    "CUSTOMER_SECTIONS",
    "INTERNAL_SECTIONS",
    "Audience",
    "brief_html",
    "brief_pdf",
]

CHROMIUM_FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
"""How the workbook runs Chromium headless (the PDF here; the browser tests and benchmarks too):
as root without a sandbox, and without the background services whose connections a closed
network refuses."""

Audience = Literal["internal", "customer"]
"""Whom a brief is for: the seller's own team, or the customer."""

BRIEF_SECTIONS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "value": "What the offer is worth to the customer",
        "moves": "Strategy and moves (internal only)",
        "economics": "The open book: cost to serve and the price waterfall",
        "split": "How the value created is shared",
        "projection": "The relationship over time",
        "definitions": "What winning means to each side",
        "memos": "The proposed agreement",
    }
)
"""Every section of the brief, in the order printed: section key → title."""

INTERNAL_SECTIONS: Final[frozenset[str]] = frozenset({"moves"})
"""Sections that stay with the seller's team: the strategy and the moves against competitors."""

CUSTOMER_SECTIONS: Final[tuple[str, ...]] = tuple(
    key for key in BRIEF_SECTIONS if key not in INTERNAL_SECTIONS
)
"""The sections of the customer's version, in order: all but the internal ones."""

CHART_CONFIG: Final[Mapping[str, bool]] = MappingProxyType(
    {"displayModeBar": False, "responsive": True}
)
"""Plotly configuration of every chart of the brief: no toolbar, width follows the page."""

Json = dict[str, Any]

# --------------------------------------------------------------------------- formatting


def _esc(text: object) -> str:
    """Escape any text for HTML content and attribute values."""
    return html.escape(str(text), quote=True)


def _plain(x: float, decimals: int = 0) -> str:
    return number(x, decimals)


def _figure_value(x: object) -> str:
    """The exact number for a ``data-value`` attribute (empty when the report has none)."""
    if x is None:
        return ""
    if isinstance(x, bool):
        return "true" if x else "false"
    if isinstance(x, int):
        return str(x)
    if isinstance(x, float):
        return repr(x)
    raise TypeError(f"Not a number: {x!r}")


def _lookup(report: Json, path: str) -> Any:
    """Read a dotted path such as ``economics.zopa.floor_per_unit`` or ``a.list[2].b``."""
    node: Any = report
    for part in path.split("."):
        name, _, rest = part.partition("[")
        if name:
            node = node[name]
        while rest:
            index, _, rest = rest.partition("]")
            node = node[int(index)]
            rest = rest.removeprefix("[")
    return node


def _date_text(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


# --------------------------------------------------------------------------- building blocks


class _NotReadyError(Exception):
    """A section cannot be written yet; the message says what to fill in."""


@dataclass
class _Brief:
    """What every section writer needs: the case, the report and the audience."""

    case: Case
    report: Json
    audience: Audience
    charts: list[str] = field(default_factory=list)

    @property
    def customer(self) -> bool:
        return self.audience == "customer"

    # Money and text ------------------------------------------------------------------

    def money(self, x: float | None, decimals: int = 0) -> str:
        """An amount of money with the case's (escaped) currency code."""
        if x is None:
            return "n/a"
        return f"{_plain(x, decimals)} {_esc(self.case.currency)}"

    def signed(self, x: float, decimals: int = 0) -> str:
        sign = "+" if x >= 0 else "−"
        return sign + self.money(abs(x), decimals)

    @property
    def unit(self) -> str:
        return _esc(self.case.unit)

    @property
    def period(self) -> str:
        return _esc(self.case.period)

    @property
    def seller(self) -> str:
        return _esc(self.case.seller)

    @property
    def buyer(self) -> str:
        return _esc(self.case.customer)

    # Figures -------------------------------------------------------------------------

    def value(self, path: str) -> Any:
        return _lookup(self.report, path)

    def tile(
        self,
        path: str,
        label: str,
        fmt: Callable[[Any], str],
        *,
        hint: str = "",
        tone: str = "",
    ) -> str:
        """A headline figure: its label (escaped), the report's number formatted, a hint.

        ``fmt`` must return safe HTML (the formatters of this module do); ``hint`` is escaped.
        """
        raw = self.value(path)
        cls = f"kpi {tone}".strip()
        hint_html = f"<div class='kpi-hint'>{_esc(hint)}</div>" if hint else ""
        return (
            f"<div class='{cls}' data-figure='{_esc(path)}' "
            f"data-value='{_esc(_figure_value(raw))}'>"
            f"<div class='kpi-label'>{_esc(label)}</div>"
            f"<div class='kpi-value'>{fmt(raw)}</div>{hint_html}</div>"
        )

    def cell(self, path: str, fmt: Callable[[Any], str], *, cls: str = "num") -> str:
        """A table cell holding one of the report's numbers, tagged like a tile."""
        raw = self.value(path)
        return (
            f"<td class='{cls}' data-figure='{_esc(path)}' "
            f"data-value='{_esc(_figure_value(raw))}'>{fmt(raw)}</td>"
        )

    def chart(self, fig: go.Figure, name: str, caption: str = "") -> str:
        """Embed a figure (plotly.js itself is embedded once, in the document head)."""
        div_id = f"brief-chart-{len(self.charts) + 1}"
        self.charts.append(name)
        body = pio.to_html(
            fig,
            full_html=False,
            include_plotlyjs=False,
            include_mathjax=False,
            div_id=div_id,
            config=dict(CHART_CONFIG),
        )
        cap = f"<figcaption>{_esc(caption)}</figcaption>" if caption else ""
        return f"<figure class='chart' data-chart='{_esc(name)}'>{body}{cap}</figure>"


def _tiles(items: Iterable[str]) -> str:
    return f"<div class='kpis'>{''.join(items)}</div>"


def _explain(*sentences: str) -> str:
    """A plain-words explanation for a reader new to the terms (already-safe HTML)."""
    return f"<p class='explain'>{' '.join(sentences)}</p>"


def _table(head: Sequence[str], rows: Iterable[str], *, cls: str = "") -> str:
    """A table: ``head`` are plain labels (escaped), ``rows`` ready ``<tr>`` HTML."""
    th = "".join(f"<th>{_esc(h)}</th>" for h in head)
    cls_attr = f" class='{cls}'" if cls else ""
    return f"<table{cls_attr}><thead><tr>{th}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _list(items: Iterable[str], *, cls: str = "") -> str:
    """A bullet list of user text (escaped here)."""
    li = "".join(f"<li>{_esc(i)}</li>" for i in items)
    cls_attr = f" class='{cls}'" if cls else ""
    return f"<ul{cls_attr}>{li}</ul>" if li else ""


def _markdown(text: str) -> str:
    """Render the workbook's simple Markdown (headings, bullets, paragraphs), all escaped."""
    out: list[str] = []
    para: list[str] = []
    items: list[str] = []

    def flush() -> None:
        if para:
            out.append(f"<p>{_esc(' '.join(para))}</p>")
            para.clear()
        if items:
            out.append("<ul>" + "".join(f"<li>{_esc(i)}</li>" for i in items) + "</ul>")
            items.clear()

    for line in text.splitlines():
        s = line.strip()
        if not s:
            flush()
        elif s.startswith("#"):
            flush()
            out.append(f"<h4>{_esc(s.lstrip('#').strip())}</h4>")
        elif s.startswith(("- ", "* ")):
            if para:
                flush()
            items.append(s[2:])
        else:
            if items:
                flush()
            para.append(s)
    flush()
    return "".join(out)


def _flags(flags: Iterable[Json]) -> str:
    items = "".join(f"<li>{_esc(f['message'])}</li>" for f in flags)
    if not items:
        return ""
    return (
        f"<div class='flags'><div class='flags-title'>Points to look at</div><ul>{items}</ul></div>"
    )


def _is_discount_flag(flag: Json) -> bool:
    return str(flag["code"]).startswith("discount_")


# --------------------------------------------------------------------------- sections


def _value(b: _Brief) -> str:
    v = b.case.value
    if v is None or "value" not in b.report:
        raise _NotReadyError(
            "The value worksheet is not filled in yet: name the customer's next-best "
            "alternative and the value drivers to estimate what the offer is worth."
        )
    result = assess_value(v)
    per = f"per {b.unit}"
    out = [
        _explain(
            "The <b>economic value estimation (EVE)</b> starts from the price of the customer's",
            "next-best alternative, adds what each advantage of the offer is worth in money",
            "and takes off what each shortcoming costs. It is the most a well-informed customer",
            "would pay. Since some figures are surer than others, the confidence-weighted EVE",
            "counts each driver in proportion to how sure we are of it, and the strength score",
            "(0 to 100) says how well evidence backs the estimate.",
        ),
        _tiles(
            [
                b.tile(
                    "value.reference_per_unit",
                    f"Next-best alternative, per {b.case.unit}",
                    b.money,
                    hint=v.reference.name,
                ),
                b.tile("value.eve_per_unit", f"EVE, per {b.case.unit}", b.money, tone="main"),
                b.tile(
                    "value.eve_expected_per_unit",
                    f"Confidence-weighted EVE, per {b.case.unit}",
                    b.money,
                ),
                b.tile(
                    "value.strength_score",
                    "Strength of the evidence",
                    lambda x: f"{_plain(x, 0)}/100",
                ),
            ]
        ),
    ]
    if v.framing.strip():
        out.append(
            f"<h3>In one sentence</h3><blockquote class='framing'>{_esc(v.framing)}</blockquote>"
        )
    if v.drivers:
        rows = [
            f"<tr><td>{_esc(d.name)}</td><td>{_esc(d.category.replace('_', ' '))}</td>"
            f"<td class='num'>{b.signed(d.value_per_unit, 2)} {per}</td>"
            f"<td class='num'>{_plain(100 * d.confidence, 0)}%</td>"
            f"<td>{_esc(d.evidence) or '—'}</td></tr>"
            for d in v.drivers
        ]
        out.append(
            _table(["Value driver", "Kind", "Worth", "Confidence", "Evidence"], rows, cls="wide")
        )
    else:
        out.append("<p class='note'>No value driver is listed yet: the EVE is the reference.</p>")
    fig = eve_waterfall(v, result, currency=b.case.currency, unit=b.case.unit)
    out.append(b.chart(fig, "value.eve_waterfall"))
    return "".join(out)


def _moves(b: _Brief) -> str:
    s = b.case.strategy
    if s is None or "strategy" not in b.report:
        raise _NotReadyError(
            "The strategy part of the value worksheet is not filled in yet: list the strategic "
            "priorities and the candidate moves."
        )
    result = assess_strategy(s)
    out = [
        "<p class='internal-banner'>Internal: for the seller's team only. "
        "Leave this section out of anything shown to the customer.</p>",
        _explain(
            "Strategic fit is the share of the seller's priority weight that this deal serves.",
            "Each candidate move is worth its expected value: the chance the customer cooperates",
            "times what that brings, less the chance a competitor retaliates times what that",
            "costs. Moves above zero are worth making; the others are best avoided.",
        ),
    ]
    if b.report["strategy"]["fit"] is not None:
        out.append(
            _tiles(
                [
                    b.tile(
                        "strategy.fit",
                        "Strategic fit",
                        lambda x: f"{_plain(100 * x, 0)}%",
                        tone="main",
                    )
                ]
            )
        )
    team = []
    for label, entries in (
        ("What we do well", s.strengths),
        ("What to improve first", s.improvements),
    ):
        if entries:
            team.append(f"<div><h4>{_esc(label)}</h4>{_list(entries)}</div>")
    if s.contributions:
        contributions = [f"{c.who}: {c.action}" if c.action else c.who for c in s.contributions]
        team.append(f"<div><h4>Who contributes what</h4>{_list(contributions)}</div>")
    if team:
        out.append(f"<div class='columns'>{''.join(team)}</div>")
    if s.priorities:
        out.append(b.chart(strategic_fit_chart(s, result.fit), "strategy.fit"))
    if result.moves:
        rows = []
        for k, m in enumerate(result.moves):
            move = next(mv for mv in s.moves if mv.name == m.name)
            rows.append(
                f"<tr><td>{_esc(m.name)}</td>"
                f"<td class='num'>{_plain(100 * move.cooperation_probability, 0)}% × "
                f"{b.money(move.cooperation_benefit)}</td>"
                f"<td class='num'>{_plain(100 * move.retaliation_probability, 0)}% × "
                f"{b.money(move.retaliation_damage)}</td>"
                + b.cell(f"strategy.moves[{k}].expected_value", lambda x: b.signed(x))
                + f"<td class='decision {_esc(m.decision)}'>{_esc(m.decision)}</td></tr>"
            )
        out.append(
            _table(
                [
                    "Move",
                    "Customer cooperates",
                    "Competitor retaliates",
                    "Expected value",
                    "Decision",
                ],
                rows,
                cls="wide",
            )
        )
        out.append(b.chart(moves_map(s, result, currency=b.case.currency), "strategy.moves"))
    else:
        out.append("<p class='note'>No candidate move is listed yet.</p>")
    return "".join(out)


def _economics_needed(b: _Brief) -> EconomicsResult:
    if b.case.economics is None:
        raise _NotReadyError(
            "The economics of the transparent-economics worksheet are not filled in yet: "
            "volume, list price, discounts and costs."
        )
    if b.case.value is None or "economics" not in b.report:
        raise _NotReadyError(
            "This part needs the value worksheet too: the customer's side of the economics "
            "rests on the economic value estimation."
        )
    return case_economics(b.case)


_KIND = {"percent": "% of list", "per_unit": "per unit", "per_period": "per period"}
_PRINCIPLE = {
    "volume": "volume",
    "commitment": "commitment",
    "prepayment": "prepayment",
    "cost_to_serve": "cost to serve",
    "risk_sharing": "risk sharing",
    "reference_customer": "reference customer",
    "none": "none given",
}


def _economics(b: _Brief) -> str:
    result = _economics_needed(b)
    e = b.case.economics
    assert e is not None
    u = b.case.unit
    out = [
        _explain(
            "The list price is where the price starts. Discounts on the invoice bring it to the",
            "<b>invoice price</b>; discounts paid outside the invoice (rebates, early-payment",
            "terms) bring it to the <b>pocket price</b>, what the seller really receives per",
            f"{b.unit}. Every discount below names the principle behind it, and the cost to serve",
            "is shown in full: nothing in the price is hidden.",
        ),
        _tiles(
            [
                b.tile(
                    "economics.list_price_per_unit",
                    f"List price per {u}",
                    lambda x: b.money(x, 2),
                ),
                b.tile(
                    "economics.invoice_price_per_unit",
                    f"Invoice price per {u}",
                    lambda x: b.money(x, 2),
                ),
                b.tile(
                    "economics.pocket_price_per_unit",
                    f"Pocket price per {u}",
                    lambda x: b.money(x, 2),
                    tone="main",
                ),
                b.tile(
                    "economics.seller_margin_per_unit",
                    f"Seller's margin per {u}",
                    lambda x: b.money(x, 2),
                ),
            ]
        ),
        "<h3>Cost to serve</h3>",
        _table(
            ["", "Amount"],
            [
                f"<tr><td>Volume per {b.period}</td>"
                f"<td class='num'>{_plain(e.volume_per_period, 2)} {b.unit}</td></tr>",
                f"<tr><td>Seller's variable cost per {b.unit}</td>"
                f"<td class='num'>{b.money(e.variable_cost_per_unit, 2)}</td></tr>",
                f"<tr><td>Seller's fixed cost per {b.period}</td>"
                f"<td class='num'>{b.money(e.fixed_cost_per_period)}</td></tr>",
                f"<tr><td>Seller's one-time cost to start</td>"
                f"<td class='num'>{b.money(e.seller_one_time_cost)}</td></tr>",
                f"<tr><td>Customer's own cost per {b.period} (running the offer)</td>"
                f"<td class='num'>{b.money(e.customer_cost_per_period)}</td></tr>",
                f"<tr><td>Customer's one-time cost to switch</td>"
                f"<td class='num'>{b.money(e.customer_one_time_cost)}</td></tr>",
            ],
        ),
    ]
    per_unit = {s.name: s.amount_per_unit for s in result.waterfall if s.stage.endswith("invoice")}
    if e.discounts:
        rows = []
        for d in e.discounts:
            amount = (
                f"{_plain(d.amount, 2)}{_KIND[d.kind]}"
                if d.kind == "percent"
                else f"{b.money(d.amount, 2)} {_KIND[d.kind]}"
            )
            saving = (
                b.money(d.seller_saving_per_unit, 2)
                if d.seller_saving_per_unit is not None
                else "—"
            )
            rows.append(
                f"<tr><td>{_esc(d.name)}</td><td class='num'>{amount}</td>"
                f"<td class='num'>{b.money(per_unit.get(d.name), 2)}</td>"
                f"<td>{'on the invoice' if d.on_invoice else 'off the invoice'}</td>"
                f"<td>{_esc(_PRINCIPLE[d.principle])}</td>"
                f"<td class='num'>{saving}</td><td>{_esc(d.rationale) or '—'}</td></tr>"
            )
        out += [
            "<h3>Discounts and their principles</h3>",
            _table(
                [
                    "Discount",
                    "Terms",
                    f"Per {u}",
                    "Where",
                    "Principle",
                    f"Seller saves per {u}",
                    "Why",
                ],
                rows,
                cls="wide",
            ),
        ]
    else:
        out.append("<p class='note'>No discount: the pocket price is the list price.</p>")
    out.append(_flags(f for f in b.report["economics"]["flags"] if _is_discount_flag(f)))
    fig = price_waterfall(result, currency=b.case.currency, unit=b.case.unit)
    out.append(b.chart(fig, "economics.price_waterfall"))
    return "".join(out)


def _split(b: _Brief) -> str:
    result = _economics_needed(b)
    econ = b.report["economics"]
    u, p = b.case.unit, b.case.period
    pocket, fair = econ["pocket_price_per_unit"], econ["fair_price_per_unit"]
    gap = pocket - fair
    if abs(gap) < 0.005:
        verdict = "The pocket price is the fair price."
    elif gap > 0:
        verdict = (
            f"The pocket price is {b.money(gap, 2)} per {b.unit} above the fair price: "
            f"{b.seller} keeps more than the agreed fair share."
        )
    else:
        verdict = (
            f"The pocket price is {b.money(-gap, 2)} per {b.unit} below the fair price: "
            f"{b.buyer} keeps more than its fair share."
        )
    out = [
        _explain(
            f"Each {b.period} the deal creates value: the seller's profit plus the customer's",
            "gain over its next-best alternative. The <b>zone of possible agreement</b> runs",
            "from the lowest price the seller can accept (its costs and its best alternative)",
            "to the highest the customer should pay (the value to it, less its own costs and",
            "its best alternative). The <b>fair price</b> is the point in that zone that gives",
            "each side its agreed share of the value created.",
        ),
        _tiles(
            [
                b.tile("economics.value_created_per_period", f"Value created per {p}", b.money),
                b.tile(
                    "economics.seller_profit_per_period",
                    f"{b.case.seller}'s profit per {p}",
                    b.money,
                ),
                b.tile(
                    "economics.customer_net_benefit_per_period",
                    f"{b.case.customer}'s gain per {p}",
                    b.money,
                ),
                b.tile(
                    "economics.seller_share",
                    f"{b.case.seller}'s share of the value",
                    lambda x: "n/a" if x is None else f"{_plain(100 * x, 1)}%",
                ),
                b.tile(
                    "economics.fair_share",
                    f"{b.case.seller}'s fair share",
                    lambda x: f"{_plain(100 * x, 1)}%",
                ),
            ]
        ),
        _tiles(
            [
                b.tile(
                    "economics.zopa.floor_per_unit",
                    f"Lowest acceptable price per {u}",
                    lambda x: b.money(x, 2),
                ),
                b.tile(
                    "economics.zopa.ceiling_per_unit",
                    f"Highest sensible price per {u}",
                    lambda x: b.money(x, 2),
                ),
                b.tile(
                    "economics.fair_price_per_unit",
                    f"Fair price per {u}",
                    lambda x: b.money(x, 2),
                    tone="main",
                ),
                b.tile(
                    "economics.pocket_price_per_unit",
                    f"Pocket price per {u}",
                    lambda x: b.money(x, 2),
                ),
            ]
        ),
        f"<p class='verdict'>{verdict}</p>",
    ]
    if not econ["zopa"]["exists"]:
        out.append(
            "<p class='verdict bad'>There is no zone of possible agreement: the lowest price "
            "the seller can accept is above the highest the customer should pay.</p>"
        )
    out.append(_flags(f for f in econ["flags"] if not _is_discount_flag(f)))
    case = b.case
    out.append(
        b.chart(
            value_split(
                result,
                seller=case.seller,
                customer=case.customer,
                currency=case.currency,
                period=case.period,
            ),
            "economics.value_split",
        )
    )
    out.append(b.chart(zopa_band(result, currency=case.currency, unit=case.unit), "economics.zopa"))
    return "".join(out)


def _projection(b: _Brief) -> str:
    _economics_needed(b)
    if "projection" not in b.report:
        raise _NotReadyError("The projection needs the economics and the value worksheets.")
    projection: ProjectionResult = case_projection(b.case)
    pr = b.report["projection"]
    n = pr["repetitions"]
    rel_note = (
        ""
        if b.case.relationship is not None
        else " The relationship inputs are not filled in yet, so the defaults are used."
    )
    out = [
        _explain(
            f"This deal is treated as the first of up to {n} repetitions (one per",
            f"{b.period}). Each later one happens only if the relationship lasts, and a deal",
            "seen as one-sided makes it end sooner. The <b>net present value (NPV)</b> adds up",
            "what each side can expect over all repetitions, in today's money. The <b>cost of",
            "losing the relationship (COLR)</b> is the part of it that comes after this deal:",
            "what a side gives up if the relationship ends now. It sits next to the best",
            "one-off alternative (BATNA) and the best alternative relationship (BATR)." + rel_note,
        ),
        _tiles(
            [
                b.tile("projection.seller_npv", f"{b.case.seller}'s NPV", b.money, tone="main"),
                b.tile("projection.customer_npv", f"{b.case.customer}'s NPV", b.money, tone="main"),
                b.tile("projection.seller_colr", f"{b.case.seller}'s COLR", b.money),
                b.tile("projection.customer_colr", f"{b.case.customer}'s COLR", b.money),
                b.tile(
                    "projection.retention",
                    "Chance the relationship goes on, per repetition",
                    lambda x: f"{_plain(100 * x, 1)}%",
                ),
            ]
        ),
    ]

    def row(label: str, key: str, fmt: Callable[[Any], str] = b.money) -> str:
        return (
            f"<tr><td>{label}</td>"
            + b.cell(f"projection.{key.format(party='seller')}", fmt)
            + b.cell(f"projection.{key.format(party='customer')}", fmt)
            + "</tr>"
        )

    def percent(x: Any) -> str:
        return f"{_plain(100 * x, 0)}%"

    rows = [
        row("NPV of the relationship at the current price", "{party}_npv"),
        row("Cost of losing the relationship (COLR)", "{party}_colr"),
        row(f"Best one-off alternative (BATNA), per {b.period}", "{party}_batna_per_period"),
        row("Best alternative relationship (BATR), NPV", "{party}_batr_npv"),
        row("NPV if priced at the fair price (trust)", "scenarios.trust.{party}_npv"),
        row("NPV if priced at the tough price (one-sided)", "scenarios.cpt.{party}_npv"),
        row("Uncertainty: NPV in a bad case (P10)", "monte_carlo.{party}.p10"),
        row("Uncertainty: NPV in a middle case (P50)", "monte_carlo.{party}.p50"),
        row("Uncertainty: NPV in a good case (P90)", "monte_carlo.{party}.p90"),
        row(
            "Chance the relationship beats the BATR",
            "monte_carlo.{party}.probability_beats_batr",
            percent,
        ),
    ]
    out.append(_table(["", b.case.seller, b.case.customer], rows, cls="wide"))
    cross = pr["crossover_repetition"]
    if cross is not None:
        out.append(
            f"<p class='verdict' data-figure='projection.crossover_repetition' "
            f"data-value='{_figure_value(cross)}'>Over time the fair deal is worth more to "
            f"{b.seller} than the tough one: its running total passes the tough deal's at "
            f"repetition {cross}.</p>"
        )
    else:
        out.append(
            f"<p class='verdict'>Within {n} repetitions the fair deal does not overtake the "
            f"tough one for {b.seller}.</p>"
        )
    mc = pr["monte_carlo"]
    out.append(
        f"<p class='note'>The uncertainty rows come from {_plain(mc['paths'], 0)} simulated "
        f"futures (seed {mc['seed']}), in which the value drivers and the length of the "
        "relationship vary.</p>"
    )
    case = b.case
    fig = npv_curves(projection, seller=case.seller, customer=case.customer, currency=case.currency)
    out.append(b.chart(fig, "projection.npv_curves"))
    return "".join(out)


def _scores_text(score: object) -> str:
    if isinstance(score, dict):
        return " · ".join(f"{k} {_plain(float(v), 1)}" for k, v in score.items())
    if isinstance(score, tuple):
        return " · ".join(f"{_plain(x, 2)} → {_plain(s, 1)}" for x, s in score)
    return "—"


def _definition_table(b: _Brief, definition: PartyDefinition, must: Mapping[str, MustHave]) -> str:
    ww = b.case.win_win
    assert ww is not None
    weights = normalized_weights(definition, ww.issues)
    rows = []
    for issue in ww.issues:
        m = must.get(issue.name)
        scores = definition.scores.get(issue.name)
        rows.append(
            f"<tr><td>{_esc(issue.name)}</td>"
            f"<td class='num'>{_plain(100 * weights.get(issue.name, 0.0), 0)}%</td>"
            f"<td>{_esc(_scores_text(scores))}</td>"
            f"<td>{_esc(describe_must_have(m)) if m is not None else '—'}</td></tr>"
        )
    return _table(["Issue", "Weight", "Scores (0–100)", "Must-have"], rows, cls="wide")


def _seal_line(s: SealedDefinition) -> str:
    ok = verify(s)
    check = (
        "<span class='ok'>fingerprint checks out</span>"
        if ok
        else "<span class='bad'>changed after sealing: the fingerprint does not match</span>"
    )
    return (
        f"<tr><td class='num'>{s.version}</td><td>{_esc(_date_text(s.sealed_at.date()))} "
        f"{_esc(s.sealed_at.strftime('%H:%M %Z').strip())}</td>"
        f"<td><code class='sha'>{_esc(s.sha256)}</code></td>"
        f"<td>{_esc(s.reason or 'first seal')}</td><td>{check}</td></tr>"
    )


def _definitions(b: _Brief) -> str:
    ww = b.case.win_win
    if ww is None or not ww.issues:
        raise _NotReadyError(
            "The win-win worksheet is not filled in yet: list the issues and let each side say "
            "what winning looks like."
        )
    out = [
        _explain(
            "Before talking price, each side wrote down what winning means to it: how much",
            "each issue matters, how it scores each outcome, what it must have, and the score",
            "it needs to call the deal a win. Each definition was <b>sealed</b> when shared: its",
            "SHA-256 fingerprint changes if a single figure changes, so any later change shows",
            "up as a dated amendment with its reason.",
        )
    ]
    for party, name in (("seller", b.case.seller), ("customer", b.case.customer)):
        history: tuple[SealedDefinition, ...] = getattr(ww.seals, party)
        draft: PartyDefinition | None = getattr(ww, party)
        out.append(f"<h3>{_esc(name)}</h3>")
        if history:
            latest = history[-1]
            definition = latest.definition
            out.append(
                f"<p>Sealed version {latest.version}, on "
                f"{_esc(_date_text(latest.sealed_at.date()))}. SHA-256 fingerprint: "
                f"<code class='sha'>{_esc(latest.sha256)}</code></p>"
            )
        elif draft is not None:
            definition = draft
            out.append(
                "<p class='verdict warn'>Not sealed yet: this is a draft, which may still "
                "change without notice.</p>"
            )
        else:
            out.append("<p class='note'>This side has not said yet what winning means.</p>")
            continue
        if definition.statement.strip():
            out.append(f"<blockquote>{_esc(definition.statement)}</blockquote>")
        out.append(
            f"<p>A win from a score of <b>{_plain(definition.win_threshold, 1)}</b> out of 100; "
            f"walks away below <b>{_plain(definition.reservation_utility, 1)}</b>.</p>"
        )
        out.append(_definition_table(b, definition, definition.must_haves))
        if history:
            out.append(
                "<h4>Seal history</h4>"
                + _table(
                    ["Version", "Sealed", "SHA-256", "Reason", "Check"],
                    [_seal_line(s) for s in history],
                    cls="wide seals",
                )
            )
        if goalposts_moved(history):
            out.append(
                f"<p class='verdict warn'>The goalposts moved: {_esc(name)} amended its "
                "definition after sharing it.</p>"
            )
            for a in amendments(history):
                out.append(
                    f"<div class='amendment'><div><b>Version {a.version}</b>, "
                    f"{_esc(_date_text(a.sealed_at.date()))}: {_esc(a.reason)}</div>"
                    f"{_list(c.sentence for c in a.changes)}</div>"
                )
    return "".join(out)


_VERDICTS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "win": "a win",
        "acceptable": "acceptable, short of a win",
        "below_walk_away": "worse than walking away",
        "must_have_missed": "a must-have is missed",
    }
)

_PARTIES: Final[tuple[Literal["seller", "customer"], ...]] = ("seller", "customer")


def _values_text(values: Mapping[str, float | str]) -> str:
    return "; ".join(
        f"{k}: {v}" if isinstance(v, str) else f"{k}: {_plain(v, 2)}" for k, v in values.items()
    )


def _memos(b: _Brief) -> str:
    ww = b.case.win_win
    if ww is None or "win_win" not in b.report:
        raise _NotReadyError(
            "The win-win worksheet is not complete yet: both sides' definitions of winning "
            "and at least one candidate agreement are needed."
        )
    w = b.report["win_win"]
    if not w["packages"]:
        raise _NotReadyError("No candidate agreement is listed yet on the win-win worksheet.")
    try:
        result: WinWinResult = assess_win_win(ww)
    except CaseError as err:  # the report has noted it under "missing" already
        raise _NotReadyError(f"The agreements cannot be scored yet: {err}") from err
    yes = {True: "yes", False: "no"}
    out = [
        _explain(
            "Each candidate agreement is scored from 0 to 100 for each side against that side's",
            "own sealed definition of winning. An agreement is <b>feasible</b> when it meets",
            "both sides' must-haves and beats both walk-away scores, and <b>win-win</b> when",
            "both sides also reach their win thresholds. The proposal is the win-win agreement",
            "that balances the two sides' gains best; for each side it is then explained on",
            "that side's own terms.",
        )
    ]
    rows = []
    chosen_index: int | None = None
    for k, pkg in enumerate(w["packages"]):
        if pkg["name"] == w.get("chosen_package"):
            chosen_index = k
        rows.append(
            f"<tr><td>{_esc(pkg['name'])}</td>"
            f"<td>{_esc(_values_text(ww.packages[k].values))}</td>"
            + b.cell(f"win_win.packages[{k}].seller_utility", lambda x: _plain(x, 1))
            + b.cell(f"win_win.packages[{k}].customer_utility", lambda x: _plain(x, 1))
            + f"<td>{yes[pkg['feasible']]}</td><td>{yes[pkg['win_win']]}</td></tr>"
        )
    if chosen_index is None:
        reason = w.get("walk_away_reason") or (
            "None of the candidate agreements is a win for both sides."
        )
        out.append(
            "<p class='verdict bad'>No candidate agreement is a win for both sides. "
            f"{_esc(reason)} Unless a new package changes that, walking away is the honest "
            "recommendation.</p>"
        )
    else:
        pkg = ww.packages[chosen_index]
        out.append(f"<h3>Proposed: {_esc(pkg.name)}</h3>")
        out.append(
            _table(
                ["Issue", "Agreed"],
                [
                    f"<tr><td>{_esc(k)}</td><td>"
                    f"{_esc(v) if isinstance(v, str) else _plain(v, 2)}</td></tr>"
                    for k, v in pkg.values.items()
                ],
            )
        )
        out.append(
            _tiles(
                [
                    b.tile(
                        f"win_win.packages[{chosen_index}].seller_utility",
                        f"Score for {b.case.seller}",
                        lambda x: f"{_plain(x, 1)}/100",
                    ),
                    b.tile(
                        f"win_win.packages[{chosen_index}].customer_utility",
                        f"Score for {b.case.customer}",
                        lambda x: f"{_plain(x, 1)}/100",
                    ),
                ]
            )
        )
    out += ["<h3>Every candidate agreement</h3>"]
    out.append(
        _table(
            [
                "Agreement",
                "Terms",
                f"Score for {b.case.seller}",
                f"Score for {b.case.customer}",
                "Feasible",
                "Win-win",
            ],
            rows,
            cls="wide",
        )
    )
    memos = w.get("memos")
    if memos:
        out.append("<h3>Why each side can say yes</h3><div class='memos'>")
        for party in ("customer", "seller"):
            m = memos[party]
            out.append(
                f"<article class='memo' data-memo='{party}'>{_markdown(m['text'])}"
                f"<p class='memo-figures'>In short: {_VERDICTS[m['verdict']]}, with a score of "
                f"<span data-figure='win_win.memos.{party}.utility' "
                f"data-value='{_figure_value(m['utility'])}'>{_plain(m['utility'], 1)}</span>"
                f" out of 100.</p></article>"
            )
        out.append("</div>")
    thresholds: dict[str, float | None] = {}
    for party in _PARTIES:
        try:
            thresholds[party] = definition_in_force(ww, party).definition.win_threshold
        except CaseError:
            thresholds[party] = None
    fig = pareto_scatter(
        result,
        seller=b.case.seller,
        customer=b.case.customer,
        seller_threshold=thresholds["seller"],
        customer_threshold=thresholds["customer"],
    )
    out.append(b.chart(fig, "win_win.pareto"))
    return "".join(out)


_WRITERS: Final[Mapping[str, Callable[[_Brief], str]]] = MappingProxyType(
    {
        "value": _value,
        "moves": _moves,
        "economics": _economics,
        "split": _split,
        "projection": _projection,
        "definitions": _definitions,
        "memos": _memos,
    }
)

# --------------------------------------------------------------------------- the document

_CSS = """
:root { --seller: #1F4E79; --customer: #7A4E9C; --good: #2E7D32; --warn: #B26A00;
        --bad: #C0392B; --ink: #263238; --muted: #5F6B75; --line: #DDE3EA; --paper: #fff; }
* { box-sizing: border-box; }
html { background: #F4F6F8; }
body { margin: 0 auto; max-width: 1000px; padding: 24px 28px 48px; color: var(--ink);
       background: var(--paper); box-shadow: 0 1px 6px rgba(0,0,0,.08);
       font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
             sans-serif; }
header.brief-head { border-bottom: 3px solid var(--seller); padding-bottom: 12px;
                    margin-bottom: 8px; }
header.brief-head h1 { font-size: 26px; margin: 4px 0 2px; line-height: 1.25; }
.parties { font-size: 16px; color: var(--muted); }
.meta { display: flex; gap: 18px; flex-wrap: wrap; font-size: 13px; color: var(--muted);
        margin-top: 6px; }
.audience { display: inline-block; font-weight: 600; font-size: 13px; border-radius: 4px;
            padding: 2px 8px; }
.audience.internal { background: #FDECEA; color: #7F1D1D; }
.audience.customer { background: #EDF7ED; color: #1E4620; }
nav.toc ol { columns: 2; font-size: 14px; margin: 8px 0; }
nav.toc a { color: var(--seller); text-decoration: none; }
section.brief-section { margin-top: 30px; }
section.brief-section > h2 { font-size: 21px; border-bottom: 1px solid var(--line);
                             padding-bottom: 4px; margin: 0 0 10px; }
h3 { font-size: 17px; margin: 18px 0 6px; }
h4 { font-size: 15px; margin: 12px 0 4px; }
.explain { color: var(--muted); max-width: 820px; }
.note { color: var(--muted); font-style: italic; }
section.skipped .note { font-style: normal; border-left: 3px solid var(--line);
                        padding-left: 10px; }
.kpis { display: flex; flex-wrap: wrap; gap: 10px; margin: 10px 0; }
.kpi { flex: 1 1 170px; border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px;
       background: #FAFBFC; box-shadow: 0 1px 2px rgba(0,0,0,.05); }
.kpi.main { border-left: 4px solid var(--seller); }
.kpi-label { font-size: 12.5px; color: var(--muted); }
.kpi-value { font-size: 20px; font-weight: 650; font-variant-numeric: tabular-nums; }
.kpi-hint { font-size: 12px; color: var(--muted); }
table { border-collapse: collapse; margin: 8px 0 12px; font-size: 13.5px; }
table.wide { width: 100%; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 8px; text-align: left;
         vertical-align: top; }
th { font-size: 12.5px; color: var(--muted); font-weight: 600; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.decision.compete { color: var(--good); font-weight: 600; }
td.decision.avoid { color: var(--bad); font-weight: 600; }
code.sha { font-size: 11.5px; word-break: break-all; }
.ok { color: var(--good); }
.bad { color: var(--bad); }
blockquote { margin: 8px 0; padding: 6px 14px; border-left: 3px solid var(--customer);
             background: #FAF7FC; }
.verdict { font-weight: 600; }
.verdict.warn { color: var(--warn); }
.verdict.bad { color: var(--bad); }
.flags { border: 1px solid #F3D9B1; background: #FFF8EE; border-radius: 6px;
         padding: 6px 12px; margin: 10px 0; }
.flags-title { font-weight: 600; color: var(--warn); }
.flags ul { margin: 4px 0; }
.internal-banner { background: #FDECEA; color: #7F1D1D; border-radius: 6px; padding: 6px 12px;
                   font-weight: 600; }
.columns { display: flex; flex-wrap: wrap; gap: 24px; }
.columns > div { flex: 1 1 260px; }
.amendment { border-left: 3px solid var(--warn); padding-left: 10px; margin: 8px 0; }
.memos { display: flex; flex-direction: column; gap: 12px; }
.memo { border: 1px solid var(--line); border-radius: 8px; padding: 4px 16px;
        box-shadow: 0 1px 2px rgba(0,0,0,.05); }
.memo h4 { font-size: 16px; }
figure.chart { margin: 14px 0; width: 100%; }
figure.chart figcaption { font-size: 13px; color: var(--muted); }
footer.brief-foot { margin-top: 36px; border-top: 1px solid var(--line); padding-top: 8px;
                    font-size: 12.5px; color: var(--muted); }
@page { size: A4; margin: 14mm 12mm 16mm; }
@media print {
  html, body { background: #fff; }
  body { max-width: none; margin: 0; padding: 0; box-shadow: none; font-size: 11pt; }
  .kpi, .memo { box-shadow: none; }
  nav.toc { display: none; }
  section.brief-section { margin-top: 0; break-before: page; page-break-before: always; }
  h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  .kpis, tr, figure.chart, .memo, .amendment, blockquote { break-inside: avoid;
                                                          page-break-inside: avoid; }
  figure.chart { width: 100%; max-width: 100%; overflow: hidden; }
  figure.chart .js-plotly-plot, figure.chart .plot-container, figure.chart .svg-container {
    max-width: 100% !important; }
  a { color: inherit; text-decoration: none; }
}
"""

# Charts are laid out for the screen; before printing each is redrawn at the printed width so
# that it fits the page (Chromium fires "beforeprint" and the print media query alike).
_PRINT_JS = """
(function () {
  function fit() {
    if (!window.Plotly) { return; }
    document.querySelectorAll('.js-plotly-plot').forEach(function (el) {
      try { window.Plotly.Plots.resize(el); } catch (e) { /* keep the screen layout */ }
    });
  }
  window.addEventListener('beforeprint', fit);
  window.addEventListener('afterprint', fit);
  if (window.matchMedia) {
    var mq = window.matchMedia('print');
    if (mq.addEventListener) { mq.addEventListener('change', fit); }
  }
})();
"""


def _header(b: _Brief, generated: date) -> str:
    case = b.case
    if b.customer:
        audience = (
            f"<span class='audience customer'>Prepared for {b.buyer}</span>"
            f"<span>by {b.seller}</span>"
        )
        intro = (
            f"This brief opens {b.seller}'s economic model of the deal with {b.buyer}: what "
            "the offer is worth, what it costs to serve, how the value it creates is shared, "
            "and why the proposed agreement is meant to be fair to both sides. Every figure "
            "comes from the same case file, and the terms are explained as they appear."
        )
    else:
        audience = (
            f"<span class='audience internal'>Internal brief for {b.seller}'s team</span>"
            "<span>contains strategy not to be shared with the customer</span>"
        )
        intro = (
            f"The full brief for {b.seller}'s team: the open-book figures that can be shared "
            f"with {b.buyer}, plus the strategy and the moves that stay in-house. Use the "
            "customer version to hand over."
        )
    return (
        "<header class='brief-head'>"
        f"<div class='meta'>{audience}</div>"
        f"<h1>{_esc(case.title)}</h1>"
        f"<div class='parties'>{b.seller} (seller) and {b.buyer} (customer)</div>"
        f"<div class='meta'><span>Dated {_esc(_date_text(generated))}</span>"
        f"<span>Amounts in {_esc(case.currency)}, per {b.unit} or per {b.period}</span></div>"
        f"<p class='intro'>{intro}</p></header>"
    )


def _chosen_sections(sections: Collection[str] | None, audience: Audience) -> tuple[str, ...]:
    if audience not in ("internal", "customer"):
        raise ValueError(f"Unknown audience {audience!r}: use 'internal' or 'customer'.")
    default = tuple(BRIEF_SECTIONS) if audience == "internal" else CUSTOMER_SECTIONS
    if sections is None:
        return default
    if isinstance(sections, str):
        raise ValueError(
            "Pass the sections as a collection of keys (for example ['value', 'economics']), "
            "not as one string."
        )
    wanted = list(sections)
    unknown = [s for s in wanted if s not in BRIEF_SECTIONS]
    if unknown:
        raise ValueError(
            f"Unknown brief section(s): {', '.join(map(repr, unknown))}. "
            f"The sections are: {', '.join(BRIEF_SECTIONS)}."
        )
    if audience == "customer":
        internal = [s for s in wanted if s in INTERNAL_SECTIONS]
        if internal:
            raise ValueError(
                f"The section(s) {', '.join(map(repr, internal))} are internal only and cannot "
                "go into the customer's brief."
            )
    return tuple(key for key in BRIEF_SECTIONS if key in set(wanted))


def brief_html(
    case: Case,
    *,
    sections: Collection[str] | None = None,
    audience: Audience = "internal",
    seed: int = DEFAULT_SEED,
    paths: int = DEFAULT_PATHS,
    generated: date | None = None,
) -> str:
    """Write the open-book deal brief of a case as one self-contained HTML document.

    Parameters
    ----------
    case
        Any valid case; a section whose inputs are not filled in yet is replaced by a short
        note saying what is missing.
    sections
        Keys of :data:`BRIEF_SECTIONS` to include (printed in that order, whatever the order
        given); by default every section the audience may see.
    audience
        ``"internal"`` (the seller's team: every section) or ``"customer"`` (the sections of
        :data:`CUSTOMER_SECTIONS`, headed "Prepared for" the customer).
    seed, paths
        Seed and number of paths of the report's Monte Carlo simulation.
    generated
        The date printed in the header; today by default.

    Returns
    -------
    str
        A complete HTML document. plotly.js is embedded once, inline; nothing is loaded from
        the network. Headline figures carry ``data-figure`` (their dotted path in
        :func:`~negotiation_lib.report.build_report`) and ``data-value`` (the exact number,
        empty when the report has none) attributes.

    Raises
    ------
    ValueError
        For an unknown section key or audience, or an internal section asked for the customer.

    Examples
    --------
    >>> from negotiation_lib.domain.case import Case, Reference, Value
    >>> case = Case(title="T <1>", seller="S", customer="C",
    ...             value=Value(reference=Reference(name="r", price_per_unit=10)))
    >>> page = brief_html(case, sections=["value"], paths=100)
    >>> "T &lt;1&gt;" in page, 'data-figure="value.eve_per_unit"' in page.replace("'", '"')
    (True, True)
    >>> brief_html(case, sections=["prices"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: Unknown brief section(s): 'prices'. The sections are: value, moves, ...
    """
    keys = _chosen_sections(sections, audience)
    report = build_report(case, seed=seed, paths=paths)
    brief = _Brief(case=case, report=report, audience=audience)
    parts: list[str] = []
    toc: list[str] = []
    for key in keys:
        title = BRIEF_SECTIONS[key]
        try:
            body = _WRITERS[key](brief)
            cls = "brief-section"
        except _NotReadyError as skip:
            body = f"<p class='note'>Not in this brief yet. {_esc(skip)}</p>"
            cls = "brief-section skipped"
        parts.append(
            f"<section class='{cls}' id='section-{key}' data-section='{key}'>"
            f"<h2>{_esc(title)}</h2>{body}</section>"
        )
        toc.append(f"<li><a href='#section-{key}'>{_esc(title)}</a></li>")
    when = generated or date.today()
    mc = report.get("projection", {}).get("monte_carlo")
    simulation = (
        f" The simulation used {_plain(mc['paths'], 0)} paths with seed {mc['seed']}." if mc else ""
    )
    footer = (
        "<footer class='brief-foot'>Written by the Negotiation Workbook from the case file "
        f"“{_esc(case.title)}” on {_esc(_date_text(when))}. Every figure is computed from the "
        f"same inputs, so both sides can check it.{simulation}</footer>"
    )
    scripts = ""
    if brief.charts:
        scripts = (
            "<script type='text/javascript' id='plotlyjs'>"
            f"{plotly.offline.get_plotlyjs()}</script>"
            f"<script type='text/javascript'>{_PRINT_JS}</script>"
        )
    label = "customer brief" if audience == "customer" else "internal brief"
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<meta name='generator' content='negotiation-workbook'>"
        f"<meta name='brief-audience' content='{audience}'>"
        f"<title>{_esc(case.title)} · {label}</title>"
        f"<style>{_CSS}</style>{scripts}</head><body data-audience='{audience}' "
        f"data-charts='{len(brief.charts)}'>"
        f"{_header(brief, when)}"
        f"<nav class='toc'><ol>{''.join(toc)}</ol></nav>"
        f"{''.join(parts)}{footer}</body></html>\n"
    )


# --------------------------------------------------------------------------- PDF


def _tail(text: str | bytes | None, lines: int = 15) -> str:
    if text is None:
        return "(no output)"
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    kept = [line for line in text.strip().splitlines() if line.strip()][-lines:]
    return "\n".join(kept) or "(no output)"


def _find_chromium(chromium: str) -> str:
    found = shutil.which(chromium)
    if found is None and os.path.isfile(chromium) and os.access(chromium, os.X_OK):
        found = chromium
    if found is None:
        raise RuntimeError(
            f"Chromium was not found at {chromium!r}, so the brief cannot be printed to PDF. "
            "Install it (on Debian: apt-get install chromium) or pass chromium= the path of a "
            "Chromium or Chrome executable. The HTML brief works without it."
        )
    return found


def brief_pdf(
    html: str, out: Path, *, chromium: str = "/usr/bin/chromium", timeout: float = 120
) -> Path:
    """Print a brief (from :func:`brief_html`) to PDF with headless Chromium.

    Parameters
    ----------
    html
        The HTML document.
    out
        Where to write the PDF; its folder is created when missing, an existing file is
        replaced only when printing succeeds.
    chromium
        The Chromium (or Chrome) executable, as a path or a command name.
    timeout
        Seconds to wait for Chromium before giving up.

    Returns
    -------
    pathlib.Path
        ``out``, resolved.

    Raises
    ------
    RuntimeError
        When Chromium is missing, fails, times out or writes no PDF; the message ends with
        the last lines Chromium printed.

    Notes
    -----
    The page is opened from a temporary file with a throw-away profile, networking and
    background services off. ``--virtual-time-budget`` lets the charts' scripts run to the end
    before the page is printed, and the print style sheet sets A4 pages.
    """
    exe = _find_chromium(chromium)
    target = Path(out).expanduser().resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="negotiation-brief-") as tmp:
        folder = Path(tmp)
        page = folder / "brief.html"
        page.write_text(html, encoding="utf-8")
        printed = folder / "brief.pdf"
        command = [
            exe,
            "--headless",
            *CHROMIUM_FLAGS,
            f"--user-data-dir={folder / 'profile'}",
            "--no-pdf-header-footer",
            "--run-all-compositor-stages-before-draw",
            "--virtual-time-budget=10000",
            f"--print-to-pdf={printed}",
            page.as_uri(),
        ]
        try:
            proc = subprocess.Popen(
                command,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        except OSError as err:
            raise RuntimeError(f"Chromium could not be started ({exe}): {err}") from err
        try:
            stdout, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            # Chromium runs helper processes: end the whole group we started, nothing else.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            stdout, stderr = proc.communicate()
            raise RuntimeError(
                f"Chromium did not print the brief within {timeout:g} s. "
                f"Its last output:\n{_tail(stderr or stdout)}"
            ) from None
        ok = (
            proc.returncode == 0
            and printed.is_file()
            and printed.stat().st_size > 0
            and printed.read_bytes()[:5] == b"%PDF-"
        )
        if not ok:
            raise RuntimeError(
                f"Chromium could not print the brief to PDF (exit code {proc.returncode}). "
                f"Its last output:\n{_tail(stderr or stdout)}"
            )
        shutil.move(str(printed), target)
    return target
