"""The class debrief's slide deck (issue 19): one self-contained HTML file, one chart a slide.

Read with Python's own HTML parser and regular expressions; the deck's script and its charts
in a real browser are tested in ``tests/browser/test_debrief_deck.py``.
"""

from __future__ import annotations

import json
import re
from datetime import date
from html.parser import HTMLParser

import pytest
from plotly.offline import get_plotlyjs

from negotiation_lib.debrief_class import ClassDebrief, class_debrief
from negotiation_lib.exports.debrief_deck import SLIDE_CAPTIONS, debrief_deck, deck_file_name
from tests.class_rooms import CASE, ODD_TEAM, STYLES, workshop
from tests.test_debrief_rooms import raw

WORKSHOP = "Spring <script>alert(1)</script> & co"


@pytest.fixture(scope="module")
def deck() -> tuple[ClassDebrief, str]:
    rooms, states, chart = workshop()
    d = class_debrief(raw(CASE), chart, rooms, states, STYLES, practice_rooms=20)
    return d, debrief_deck(d, workshop=WORKSHOP, when=date(2026, 12, 3))


class _Slides(HTMLParser):
    """The slides of a deck, each with its chart boxes, and every script's type and id."""

    def __init__(self) -> None:
        super().__init__()
        self.slides: list[dict[str, object]] = []
        self.scripts: list[dict[str, str | None]] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "section" and "slide" in (a.get("class") or "").split():
            self.slides.append({"kind": a.get("data-slide"), "charts": []})
        if tag == "div" and "chart" in (a.get("class") or "").split():
            charts = self.slides[-1]["charts"]
            assert isinstance(charts, list)
            charts.append(a.get("data-figure"))
        if tag == "script":
            self.scripts.append(a)
        self.links += [v or "" for k, v in attrs if k in ("src", "href")]


def _parsed(html: str) -> _Slides:
    parser = _Slides()
    parser.feed(html)
    return parser


def _figure(html: str, element_id: str) -> dict[str, object]:
    found = re.search(
        rf"<script type='application/json' id='{element_id}'>(.*?)</script>", html, re.S
    )
    assert found is not None, element_id
    figure: dict[str, object] = json.loads(found.group(1))
    return figure


def test_a_title_slide_then_exactly_one_chart_a_slide(deck: tuple[ClassDebrief, str]) -> None:
    _, html = deck
    slides = _parsed(html).slides
    assert len(slides) == 1 + len(SLIDE_CAPTIONS) == 7
    assert slides[0] == {"kind": "title", "charts": []}
    for k, slide in enumerate(slides[1:], 1):
        assert slide["charts"] == [f"figure-{k}"]
        figure = _figure(html, f"figure-{k}")
        assert figure["data"], f"slide {k} has an empty chart"
    assert "against the Pareto frontier" in json.dumps(_figure(html, "figure-1")["layout"])


def test_every_name_typed_by_people_is_escaped(deck: tuple[ClassDebrief, str]) -> None:
    _, html = deck
    # Neither the workshop's name nor a team's is ever markup in the file.
    assert "<script>alert(1)" not in html
    assert "Spring &lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html
    # A chart's text is read as markup by plotly: the team name reaches it escaped.
    charts = json.dumps([_figure(html, f"figure-{k}") for k in range(1, 6)])
    assert "&lt;b&gt;Team &amp; &#34;Co&#34;&lt;/b&gt;" in charts
    assert ODD_TEAM not in charts.replace('\\"', '"')
    assert "<b>Team &" not in html
    assert ODD_TEAM.replace('"', '\\"').replace("</", "<\\/") not in html


def test_nothing_is_loaded_from_outside_the_file(deck: tuple[ClassDebrief, str]) -> None:
    _, html = deck
    bundle = get_plotlyjs()
    # plotly.js is embedded once, whole; its own source mentions links it never follows for
    # these charts (map tiles, the logo), so the rest of the file is read without it.
    assert html.count(bundle) == 1
    rest = html.replace(bundle, "")
    parsed = _parsed(rest)
    assert all(not s.get("src") for s in parsed.scripts), "a script is loaded from elsewhere"
    assert all(link.startswith(("data:", "#")) for link in parsed.links), parsed.links
    attributes = re.findall(r"""(?:src|href)\s*=\s*["']?([^"'\s>]*)""", rest, re.I)
    assert all(a.startswith(("data:", "#")) for a in attributes), attributes
    assert not re.search(r"@import|url\(\s*['\"]?(?:https?:)?//", rest, re.I)
    assert "mathjax" not in rest.lower()
    assert not re.search(r"https?://", rest), re.findall(r"https?://\S{0,40}", rest)


def test_the_charts_have_no_links_to_plotly(deck: tuple[ClassDebrief, str]) -> None:
    _, html = deck
    found = re.search(r"<script type='application/json' id='deck-config'>(.*?)</script>", html)
    assert found is not None
    config = json.loads(found.group(1))
    assert config["showEditInChartStudio"] is False
    assert config["showLink"] is False
    assert config["displaylogo"] is False


def test_the_title_slide_states_the_assumptions(deck: tuple[ClassDebrief, str]) -> None:
    d, html = deck
    title = html[html.index("data-slide='title'") : html.index("data-slide='1'")]
    assert "3 December 2026" in title
    assert "Valtora Castings and Brightmoor Energy" in title
    assert "5 renewal rounds" in title
    assert "Discount rate 8.0% and growth 2.0% per year" in title
    assert "93% at the fair split" in title
    assert "60% for a fully one-sided split" in title
    assert "20 simulated rooms per pairing" in title
    assert "simulation/k" in title
    for name, _what in SLIDE_CAPTIONS:
        assert name in title
    assert d.rounds == 5


def test_the_file_name_is_safe() -> None:
    name = deck_file_name('A/B <c> "d"', "Valtora: turbine housings (role-play)")
    assert name == "class-debrief-a-b-c-d-valtora-turbine-housings-role-play.html"
    assert re.fullmatch(r"[a-z0-9.-]+", name)


# --------------------------------------------------------------------------- practice rooms


@pytest.fixture(scope="module")
def practice_deck() -> tuple[ClassDebrief, str]:
    from tests.class_rooms import PRACTICE_STYLES, practice_workshop

    rooms, states, chart = practice_workshop()
    d = class_debrief(raw(CASE), chart, rooms, states, PRACTICE_STYLES, practice_rooms=20)
    return d, debrief_deck(d, workshop=WORKSHOP, when=date(2026, 12, 3))


def _slide_of(html: str, name: str) -> dict[str, object]:
    """The chart of the slide named ``name`` (its ``aria-label``)."""
    found = re.search(
        rf"aria-label='{re.escape(name)}'><div class='chart' data-figure='([^']+)'", html
    )
    assert found is not None, name
    return _figure(html, found.group(1))


def test_the_practice_rooms_have_a_slide_of_their_own(
    practice_deck: tuple[ClassDebrief, str],
) -> None:
    d, html = practice_deck
    slides = _parsed(html).slides
    assert len(slides) == 1 + len(SLIDE_CAPTIONS)
    assert [s["charts"] for s in slides[1:]] == [[f"figure-{k}"] for k in range(1, len(slides))]
    figure = _slide_of(html, "Practice rooms")
    text = json.dumps(figure)
    assert "What the practice opponents got against the teams" in text
    assert "Against the CPT practice opponent" in text
    assert "Against the trust-based practice opponent" in text
    data = figure["data"]
    assert isinstance(data, list)
    cpt, trust = d.practice_played
    assert data[0]["y"] == pytest.approx([cpt.team_npv, trust.team_npv])
    assert data[1]["y"] == pytest.approx([cpt.opponent_npv, trust.opponent_npv])
    # The simulated opponents keep their own slide.
    assert "What the practice opponents earned" in json.dumps(_slide_of(html, "Practice opponents"))


def test_the_deck_labels_the_practice_rooms_and_escapes_trainees(
    practice_deck: tuple[ClassDebrief, str],
) -> None:
    _, html = practice_deck
    curves = json.dumps(_slide_of(html, "Cumulative NPV over the rounds"), ensure_ascii=False)
    assert "Room 6 · against the CPT practice opponent" in curves
    assert "Room 7 · against the trust-based practice opponent" in curves
    comparison = json.dumps(_slide_of(html, "Trust-based against CPT-like pairs"))
    assert "The 3 practice rooms" in comparison
    title = html[html.index("data-slide='title'") : html.index("data-slide='1'")]
    assert "5 pairs of teams, 3 practice rooms" in title
    assert "practice room" in title.lower()
    # The trainee typed markup as its name: plotly reads a chart's text as markup, so the name
    # reaches it escaped once, and is never a tag in the file.
    charts = json.dumps([_figure(html, f"figure-{k}") for k in range(1, 1 + len(SLIDE_CAPTIONS))])
    assert "&lt;i&gt;Kauri&lt;/i&gt; &amp; Co" in charts
    assert "&amp;amp;" not in charts
    assert "<i>Kauri" not in charts
    assert "<i>Kauri" not in html


def test_a_deck_without_practice_rooms_says_none_was_played(
    deck: tuple[ClassDebrief, str],
) -> None:
    _, html = deck
    figure = _slide_of(html, "Practice rooms")
    assert "No team has played a practice opponent in this workshop yet." in json.dumps(figure)
    title = html[html.index("data-slide='title'") : html.index("data-slide='1'")]
    assert "5 pairs of teams</p>" in title
