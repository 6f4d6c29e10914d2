"""The class debrief as a slide deck: one self-contained HTML file for the projector.

:func:`debrief_deck` writes a :class:`~negotiation_lib.debrief_class.ClassDebrief` as 16:9
slides: a title slide (the workshop, the date, the case, what each chart shows and the
assumptions behind the numbers), then one chart a slide
(:func:`negotiation_lib.figures.class_debrief.class_debrief_figures`).

The file is taken to a classroom, often offline: it loads nothing from outside. plotly.js is
embedded once from the installed plotly package (the bundle ``include_plotlyjs=True`` would
embed), no MathJax, no web fonts, and the charts' configuration has no links to plotly's site.
Each chart is stored as JSON and drawn when its slide is first shown, by a small script inside
the file (``debrief_deck.js``): a chart drawn in a hidden slide would have no size. The script
also moves between slides with the arrow keys, Page Up/Down, space, Home and End. The deck is
a downloaded file, not a page of the server, so its inline scripts are not under the pages'
content security policy.
"""

from __future__ import annotations

import json
from datetime import date
from importlib import resources

import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from negotiation_lib.debrief_class import ClassDebrief
from negotiation_lib.figures.class_debrief import class_debrief_figures
from negotiation_lib.figures.config import CHART_CONFIG
from negotiation_lib.formatting import escape, percent

__all__ = ["DECK_CONFIG", "SLIDE_CAPTIONS", "debrief_deck", "deck_file_name"]

DECK_CONFIG: dict[str, object] = {**CHART_CONFIG, "responsive": True}
"""plotly.js's configuration of the deck's charts: the pages' (no toolbar, no links), resizing
with the window."""

SLIDE_CAPTIONS: tuple[tuple[str, str], ...] = (
    (
        "Agreements against theory",
        "every room's agreement in utility space, with the Pareto frontier, the Nash point and "
        "the package priced nearest the fair price",
    ),
    (
        "Value left on the table",
        "for each room, the joint NPV over the relationship that the best package on the "
        "frontier would have added",
    ),
    (
        "Cumulative NPV over the rounds",
        "each pair's value together, round by round, coloured by both teams' negotiation style",
    ),
    (
        "Trust-based against CPT-like pairs",
        "the difference of their mean joint cumulative NPV, with its 95% interval and the "
        "number of pairs (rooms against a practice opponent left out)",
    ),
    (
        "Practice opponents",
        "what the workbook's trust-based and CPT opponents earned against each other, over many "
        "simulated rooms",
    ),
    (
        "Practice rooms",
        "what the teams that played a practice opponent and the opponent itself got in this "
        "workshop, by the opponent's style",
    ),
)
"""Each chart slide's name and what it shows, in the deck's order."""

# Chart text written for a slide 1,080 pixels high; the deck's script scales it to the screen.
_PROJECTOR_LAYOUT: dict[str, object] = {
    "font": {"size": 24},
    "title": {"font": {"size": 36}, "subtitle": {"font": {"size": 22}}},
    "legend": {"font": {"size": 22}},
    "hoverlabel": {"font": {"size": 22}},
    "margin": {"t": 170, "l": 40, "r": 40, "b": 40},
}
_PROJECTOR_AXIS: dict[str, object] = {"title": {"font": {"size": 26}}, "tickfont": {"size": 22}}


def _asset(name: str) -> str:
    return resources.files("negotiation_lib.exports").joinpath(name).read_text("utf-8")


def _for_projector(fig: go.Figure) -> go.Figure:
    fig = go.Figure(fig)
    fig.update_layout(_PROJECTOR_LAYOUT)
    fig.update_xaxes(_PROJECTOR_AXIS)
    fig.update_yaxes(_PROJECTOR_AXIS)
    return fig


def _json_script(element_id: str, value: str) -> str:
    # "</" inside a script would end it early; "<\/" is the same string to a JSON reader.
    safe = value.replace("</", "<\\/")
    return f"<script type='application/json' id='{element_id}'>{safe}</script>"


def _assumptions(d: ClassDebrief) -> str:
    fair = "the case's fair share" if d.fair_share is None else percent(d.fair_share)
    period = escape(d.chart.period)
    rooms = f"{d.practice_rooms:,}"
    return "".join(
        f"<li>{item}</li>"
        for item in (
            f"{d.rounds} renewal rounds, one {period} each",
            f"Discount rate {percent(d.discount_rate, 1)} and growth {percent(d.growth_rate, 1)} "
            f"per {period}",
            f"Chance of renewal after a round: {percent(d.retention_fair)} at the fair split "
            f"(the seller's fair share {fair} of the joint gain), falling in a straight line to "
            f"{percent(d.retention_one_sided)} for a fully one-sided split; after a walk-away "
            "or no renewal, each side earns its BATNA for the rounds left",
            "Each room's renewals are drawn from its own fixed seed (from the workshop and "
            "the room), so the same agreements always give the same draws",
            f"Practice opponents: {rooms} simulated rooms per pairing of styles, room k seeded "
            f'from the text "{escape(d.practice_workshop)}/k"',
            "A practice room (a team against the workbook's practice opponent) is drawn with "
            "the pairs but not compared with them; its colour is the team's own style",
            "Values on the case's true economics, which no team saw whole; amounts in "
            f"{escape(d.chart.currency)}",
        )
    )


def _title_slide(d: ClassDebrief, workshop: str, when: date) -> str:
    charts = "".join(
        f"<li><b>{escape(name)}</b>: {escape(what)}</li>" for name, what in SLIDE_CAPTIONS
    )
    case = escape(d.chart.title)
    pairs, practice = len(d.team_pairs), len(d.practice_pairs)
    rooms = f"{pairs} pair{'' if pairs == 1 else 's'} of teams"
    if practice:
        rooms += f", {practice} practice room{'' if practice == 1 else 's'}"
    return (
        "<section class='slide title-slide' data-slide='title'>"
        f"<h1>Class debrief: {escape(workshop)}</h1>"
        f"<p class='when'>{when.strftime('%d %B %Y').lstrip('0')} · {case} · {rooms}</p>"
        "<div class='columns'>"
        f"<div><h2>What the charts show</h2><ol>{charts}</ol></div>"
        f"<div><h2>Assumptions</h2><ul>{_assumptions(d)}</ul></div>"
        "</div></section>"
    )


def debrief_deck(debrief: ClassDebrief, *, workshop: str, when: date) -> str:
    """Write the class debrief as one self-contained HTML slide deck.

    Parameters
    ----------
    debrief
        The class debrief of one case's rooms
        (:func:`negotiation_lib.debrief_class.class_debrief`).
    workshop
        The workshop's name, as its facilitator typed it (escaped here).
    when
        The date the deck is for (written on the title slide).

    Returns
    -------
    str
        An HTML document: a title slide, then one slide per chart (``section.slide`` with one
        ``div.chart``), plotly.js embedded, nothing loaded from outside the file.

    Examples
    --------
    >>> from negotiation_lib.exports.debrief_deck import SLIDE_CAPTIONS
    >>> len(SLIDE_CAPTIONS)  # chart slides, after the title slide
    6
    """
    figures = class_debrief_figures(debrief)
    slides = [_title_slide(debrief, workshop, when)]
    data = []
    for k, ((name, _what), fig) in enumerate(zip(SLIDE_CAPTIONS, figures, strict=True), 1):
        slides.append(
            f"<section class='slide chart-slide' data-slide='{k}' aria-label='{escape(name)}'>"
            f"<div class='chart' data-figure='figure-{k}'></div></section>"
        )
        data.append(_json_script(f"figure-{k}", _for_projector(fig).to_json()))
    title = f"Class debrief: {escape(workshop)}"
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{title}</title><style>{_asset('debrief_deck.css')}</style>"
        f"<script>{get_plotlyjs()}</script></head><body>"
        f"{''.join(slides)}<div class='counter' aria-live='polite'></div>"
        f"{''.join(data)}{_json_script('deck-config', json.dumps(DECK_CONFIG))}"
        f"<script>{_asset('debrief_deck.js')}</script></body></html>"
    )


def deck_file_name(workshop: str, case_title: str) -> str:
    """The deck's file name: the workshop's and the case's names, made safe for a file system.

    Examples
    --------
    >>> deck_file_name("Spring <class> 2026", "Valtora / Brightmoor")
    'class-debrief-spring-class-2026-valtora-brightmoor.html'
    """
    words = "".join(ch if ch.isalnum() else " " for ch in f"{workshop} {case_title}".lower())
    return f"class-debrief-{'-'.join(words.split())[:80]}.html"
