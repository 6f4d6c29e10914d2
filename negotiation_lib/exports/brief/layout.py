"""The brief's building blocks: the sections, the context every writer reads, tiles and tables.

Every section writer receives one :class:`Brief`: the case, its assessment, the report written
from that assessment and the audience. Headline figures are read from the report by their
dotted path (:meth:`Brief.tile`, :meth:`Brief.cell`), so each carries ``data-figure`` and
``data-value`` attributes that a test, or a sceptical reader, can check against the report.

HTML conventions of the writers: every function here returns safe HTML, and takes user text as
plain text that it escapes itself (:func:`negotiation_lib.formatting.escape`), except where a
parameter says it takes ready HTML.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Any, Final, Literal

import plotly.graph_objects as go
import plotly.io as pio

from negotiation_lib.assessment import CaseAssessment
from negotiation_lib.domain.case import Case
from negotiation_lib.formatting import escape, money, signed_money

__all__ = [
    "BRIEF_SECTIONS",
    "CHART_CONFIG",
    "CUSTOMER_SECTIONS",
    "INTERNAL_SECTIONS",
    "Audience",
    "Brief",
    "Json",
    "NotReadyError",
    "bullet_list",
    "date_text",
    "explain",
    "figure_value",
    "flags_box",
    "is_discount_flag",
    "refused",
    "table",
    "tiles",
]

Audience = Literal["internal", "customer"]
"""Whom a brief is for: the seller's own team, or the customer."""

BRIEF_SECTIONS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "value": "What the offer is worth to the customer",
        "moves": "Strategy and moves (internal only)",
        "economics": "The open book: cost to serve and the price waterfall",
        "split": "How the gain from the deal is shared",
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


# --------------------------------------------------------------------------- small helpers


def figure_value(x: object) -> str:
    """The exact number for a ``data-value`` attribute (empty when the report has none).

    Examples
    --------
    >>> figure_value(0.1), figure_value(3), figure_value(None), figure_value(True)
    ('0.1', '3', '', 'true')
    """
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


def date_text(d: date) -> str:
    """A date as the brief prints it.

    Examples
    --------
    >>> date_text(date(2026, 5, 4))
    '4 May 2026'
    """
    return f"{d.day} {d:%B %Y}"


class NotReadyError(Exception):
    """A section cannot be written yet; the message says what to fill in."""


def refused(assessment: CaseAssessment, part: str, what: str) -> NotReadyError:
    """The error for a part the domain refused to compute, with the domain's own sentences.

    Parameters
    ----------
    assessment
        The case's assessment.
    part
        The assessment's name of the part (``"economics"``, ``"win_win"``, ...).
    what
        What cannot be shown, as the start of a sentence ("The agreements cannot be scored").
    """
    problems = assessment.problems_in(part)
    reasons = " ".join(p.message for p in problems) or "the inputs are not complete."
    return NotReadyError(f"{what} yet: {reasons}")


# --------------------------------------------------------------------------- the context


@dataclass
class Brief:
    """What every section writer needs: the case, its assessment, the report and the audience.

    Attributes
    ----------
    assessment
        The case's one assessment: the writers' charts read its results.
    report
        :func:`negotiation_lib.report.report_json` of that assessment: the writers' numbers.
    audience
        Whom the brief is for.
    charts
        The names of the charts embedded so far, in order (filled by :meth:`chart`).
    """

    assessment: CaseAssessment
    report: Json
    audience: Audience
    charts: list[str] = field(default_factory=list)

    @property
    def case(self) -> Case:
        """The case of the assessment."""
        return self.assessment.case

    @property
    def customer(self) -> bool:
        """True for the customer's version of the brief."""
        return self.audience == "customer"

    # Money and text ------------------------------------------------------------------

    def money(self, x: float | None, decimals: int = 0) -> str:
        """An amount of money with the case's currency code, as HTML."""
        return escape(money(x, self.case.currency, decimals, trim=True))

    def signed(self, x: float, decimals: int = 0) -> str:
        """A change in money with its sign always shown, as HTML."""
        return escape(signed_money(x, self.case.currency, decimals, trim=True))

    @property
    def unit(self) -> str:
        """The case's unit, escaped."""
        return escape(self.case.unit)

    @property
    def period(self) -> str:
        """The case's period, escaped."""
        return escape(self.case.period)

    @property
    def seller(self) -> str:
        """The seller's name, escaped."""
        return escape(self.case.seller)

    @property
    def buyer(self) -> str:
        """The customer's name, escaped."""
        return escape(self.case.customer)

    # Figures -------------------------------------------------------------------------

    def value(self, path: str) -> Any:
        """The report's value at a dotted path (``projection.seller_npv``)."""
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

        ``fmt`` must return safe HTML (the formatters of :class:`Brief` do); ``hint`` is
        escaped.
        """
        raw = self.value(path)
        cls = f"kpi {tone}".strip()
        hint_html = f"<div class='kpi-hint'>{escape(hint)}</div>" if hint else ""
        return (
            f"<div class='{cls}' data-figure='{escape(path)}' "
            f"data-value='{escape(figure_value(raw))}'>"
            f"<div class='kpi-label'>{escape(label)}</div>"
            f"<div class='kpi-value'>{fmt(raw)}</div>{hint_html}</div>"
        )

    def cell(self, path: str, fmt: Callable[[Any], str], *, cls: str = "num") -> str:
        """A table cell holding one of the report's numbers, tagged like a tile."""
        raw = self.value(path)
        return (
            f"<td class='{cls}' data-figure='{escape(path)}' "
            f"data-value='{escape(figure_value(raw))}'>{fmt(raw)}</td>"
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
        cap = f"<figcaption>{escape(caption)}</figcaption>" if caption else ""
        return f"<figure class='chart' data-chart='{escape(name)}'>{body}{cap}</figure>"


# --------------------------------------------------------------------------- building blocks


def tiles(items: Iterable[str]) -> str:
    """A row of tiles (ready HTML from :meth:`Brief.tile`)."""
    return f"<div class='kpis'>{''.join(items)}</div>"


def explain(*sentences: str) -> str:
    """A plain-words explanation for a reader new to the terms (already-safe HTML)."""
    return f"<p class='explain'>{' '.join(sentences)}</p>"


def table(head: Sequence[str], rows: Iterable[str], *, cls: str = "") -> str:
    """A table: ``head`` are plain labels (escaped), ``rows`` ready ``<tr>`` HTML."""
    th = "".join(f"<th>{escape(h)}</th>" for h in head)
    cls_attr = f" class='{cls}'" if cls else ""
    return f"<table{cls_attr}><thead><tr>{th}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def bullet_list(items: Iterable[str], *, cls: str = "") -> str:
    """A bullet list of user text (escaped here); empty when there is nothing to list."""
    li = "".join(f"<li>{escape(i)}</li>" for i in items)
    cls_attr = f" class='{cls}'" if cls else ""
    return f"<ul{cls_attr}>{li}</ul>" if li else ""


def flags_box(flags: Iterable[Json]) -> str:
    """The report's flags (``{"code", "message", ...}``) as a box of points to look at."""
    items = "".join(f"<li>{escape(f['message'])}</li>" for f in flags)
    if not items:
        return ""
    return (
        f"<div class='flags'><div class='flags-title'>Points to look at</div><ul>{items}</ul></div>"
    )


def is_discount_flag(flag: Json) -> bool:
    """True for a flag about one discount (shown with the discounts, not with the split)."""
    return str(flag["code"]).startswith("discount_")
