"""The brief as one HTML document: header, contents, the sections in order, footer, style.

:func:`brief_html` assesses the case once (or takes the page's assessment), writes the report
from it, and hands both to the section writers. The style sheet and the print script are the
package's data files ``brief.css`` and ``brief.js``, inlined so that the page opens without
any network.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from datetime import date
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Final

import plotly.offline

from negotiation_lib.assessment import DEFAULT_PATHS, DEFAULT_SEED, CaseAssessment, assess_case
from negotiation_lib.domain.case import Case
from negotiation_lib.exports.brief.economics import economics_section, split_section
from negotiation_lib.exports.brief.layout import (
    BRIEF_SECTIONS,
    CUSTOMER_SECTIONS,
    INTERNAL_SECTIONS,
    Audience,
    Brief,
    NotReadyError,
    date_text,
)
from negotiation_lib.exports.brief.projection import projection_section
from negotiation_lib.exports.brief.value import moves_section, value_section
from negotiation_lib.exports.brief.win_win import definitions_section, memos_section
from negotiation_lib.formatting import escape, number
from negotiation_lib.report import report_json

__all__ = ["WRITERS", "brief_html"]

WRITERS: Final[Mapping[str, Callable[[Brief], str]]] = MappingProxyType(
    {
        "value": value_section,
        "moves": moves_section,
        "economics": economics_section,
        "split": split_section,
        "projection": projection_section,
        "definitions": definitions_section,
        "memos": memos_section,
    }
)
"""The writer of each section of :data:`~.layout.BRIEF_SECTIONS`."""


_PACKAGE = __name__.rpartition(".")[0]


@cache
def _asset(name: str) -> str:
    """A data file of this package (the style sheet, the print script), read once."""
    return resources.files(_PACKAGE).joinpath(name).read_text(encoding="utf-8")


def _header(b: Brief, generated: date) -> str:
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
        f"<h1>{escape(case.title)}</h1>"
        f"<div class='parties'>{b.seller} (seller) and {b.buyer} (customer)</div>"
        f"<div class='meta'><span>Dated {escape(date_text(generated))}</span>"
        f"<span>Amounts in {escape(case.currency)}, per {b.unit} or per {b.period}</span></div>"
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


def _assessment(
    case: Case, assessment: CaseAssessment | None, *, seed: int, paths: int
) -> CaseAssessment:
    """The page's assessment when it is of this very case and of the sealed definitions."""
    if assessment is None:
        return assess_case(case, seed=seed, paths=paths)
    if assessment.case is not case and assessment.case != case:
        raise ValueError("The assessment given is of another case than the one to brief.")
    if assessment.use_drafts:
        raise ValueError(
            "The brief shows the sealed definitions of winning: pass an assessment made "
            "without use_drafts."
        )
    return assessment


def _footer(b: Brief, when: date) -> str:
    mc = b.report.get("projection", {}).get("monte_carlo")
    simulation = (
        f" The simulation used {number(mc['paths'])} paths with seed {mc['seed']}." if mc else ""
    )
    return (
        "<footer class='brief-foot'>Written by the Negotiation Workbook from the case file "
        f"“{escape(b.case.title)}” on {escape(date_text(when))}. Every figure is computed from "
        f"the same inputs, so both sides can check it.{simulation}</footer>"
    )


def brief_html(
    case: Case,
    *,
    sections: Collection[str] | None = None,
    audience: Audience = "internal",
    seed: int = DEFAULT_SEED,
    paths: int = DEFAULT_PATHS,
    generated: date | None = None,
    assessment: CaseAssessment | None = None,
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
        Seed and number of paths of the Monte Carlo simulation (ignored when ``assessment``
        is given: its own are used).
    generated
        The date printed in the header; today by default.
    assessment
        The case's assessment (:func:`negotiation_lib.assessment.assess_case`) when the caller
        has one already, so that nothing is computed twice; by default the brief assesses
        the case itself.

    Returns
    -------
    str
        A complete HTML document. plotly.js is embedded once, inline; nothing is loaded from
        the network. Headline figures carry ``data-figure`` (their dotted path in
        :func:`~negotiation_lib.report.report_json`) and ``data-value`` (the exact number,
        empty when the report has none) attributes.

    Raises
    ------
    ValueError
        For an unknown section key or audience, an internal section asked for the customer,
        or an assessment of another case or of the drafts.

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
    a = _assessment(case, assessment, seed=seed, paths=paths)
    brief = Brief(assessment=a, report=report_json(a), audience=audience)
    parts: list[str] = []
    toc: list[str] = []
    for key in keys:
        title = BRIEF_SECTIONS[key]
        try:
            body = WRITERS[key](brief)
            cls = "brief-section"
        except NotReadyError as skip:
            body = f"<p class='note'>Not in this brief yet. {escape(skip)}</p>"
            cls = "brief-section skipped"
        parts.append(
            f"<section class='{cls}' id='section-{key}' data-section='{key}'>"
            f"<h2>{escape(title)}</h2>{body}</section>"
        )
        toc.append(f"<li><a href='#section-{key}'>{escape(title)}</a></li>")
    when = generated or date.today()
    scripts = ""
    if brief.charts:
        # Charts are laid out for the screen; brief.js redraws them at the printed width.
        scripts = (
            "<script type='text/javascript' id='plotlyjs'>"
            f"{plotly.offline.get_plotlyjs()}</script>"
            f"<script type='text/javascript'>{_asset('brief.js')}</script>"
        )
    label = "customer brief" if audience == "customer" else "internal brief"
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<meta name='generator' content='negotiation-workbook'>"
        f"<meta name='brief-audience' content='{audience}'>"
        f"<title>{escape(case.title)} · {label}</title>"
        f"<style>{_asset('brief.css')}</style>{scripts}</head><body data-audience='{audience}' "
        f"data-charts='{len(brief.charts)}'>"
        f"{_header(brief, when)}"
        f"<nav class='toc'><ol>{''.join(toc)}</ol></nav>"
        f"{''.join(parts)}{_footer(brief, when)}</body></html>\n"
    )
