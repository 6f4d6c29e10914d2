"""The class debrief's charts with practice rooms (issue 19, "Practice opponents").

The workshop of :func:`tests.class_rooms.practice_workshop`: five pairs of teams and three
practice rooms (a team against the workbook's CPT or trust-based opponent). The charts draw a
:class:`~negotiation_lib.debrief_class.ClassDebrief` and compute nothing: the values they show
are checked against the debrief's own fields (whose computation is checked by hand in
``tests/test_debrief_class_practice.py``), the words against what a facilitator must read.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from negotiation_lib.debrief_class import ClassDebrief, class_debrief, practice_outcomes
from negotiation_lib.figures.class_debrief import (
    STYLE_COLOURS,
    class_debrief_figures,
    cumulative_npv_chart,
    practice_opponents_chart,
    practice_rooms_chart,
    style_comparison_chart,
)
from tests.class_rooms import CASE, PRACTICE_STYLES, STYLES, practice_workshop, workshop
from tests.test_debrief_rooms import raw

ESCAPED_TRAINEE = "&lt;i&gt;Kauri&lt;/i&gt; &amp; Co"


@pytest.fixture(scope="module")
def debrief() -> ClassDebrief:
    rooms, states, chart = practice_workshop()
    return class_debrief(
        raw(CASE), chart, rooms, states, PRACTICE_STYLES, rounds=5, practice_rooms=20
    )


@pytest.fixture(scope="module")
def teams_only() -> ClassDebrief:
    rooms, states, chart = workshop()
    return class_debrief(raw(CASE), chart, rooms, states, STYLES, rounds=5, practice_rooms=20)


def test_a_practice_room_is_a_dotted_curve_named_by_its_room_and_opponent(
    debrief: ClassDebrief,
) -> None:
    fig = cumulative_npv_chart(debrief)
    # Each named in the legend beside the chart, on two lines.
    by_name = {t.name.replace("<br>", " "): t for t in fig.data if t.name.startswith("Room ")}
    assert sorted(by_name) == [
        "Room 6 · against the CPT practice opponent",
        "Room 7 · against the trust-based practice opponent",
        "Room 8 · against the CPT practice opponent",
    ]
    six = by_name["Room 6 · against the CPT practice opponent"]
    # Coloured by the trainee's own style (trust-based), the workbook's side not diagnosed.
    assert six.line.color == STYLE_COLOURS["trust_based"]
    assert six.line.dash == "dot"
    assert six.showlegend
    assert (
        by_name["Room 7 · against the trust-based practice opponent"].line.color
        == (STYLE_COLOURS["cpt"])
    )
    assert (
        by_name["Room 8 · against the CPT practice opponent"].line.color
        == (STYLE_COLOURS["unanswered"])
    )
    pair = next(p for p in debrief.pairs if p.number == 6)
    assert list(six.y) == pytest.approx(pair.joint_cumulative[: pair.decided])
    hover = "".join(six.customdata)
    assert "against the CPT practice opponent" in hover
    assert "Practice opponent, CPT" in hover
    assert "a trust-based team" in hover
    assert ESCAPED_TRAINEE in hover
    assert "<i>Kauri" not in hover
    # The pairs of teams keep one legend entry per style, drawn solid.
    teams = [t for t in fig.data if not t.name.startswith("Room ")]
    assert len(teams) == 5
    assert all(t.line.dash == "solid" for t in teams)
    assert sum(1 for t in teams if t.showlegend) == 3
    assert "5 pairs of teams and 3 practice rooms" in fig.layout.title.subtitle.text
    assert fig.layout.legend.orientation == "v"
    assert fig.layout.legend.x > 1  # beside the plot, clear of the subtitle


def test_the_comparison_says_the_practice_rooms_are_left_out(
    debrief: ClassDebrief, teams_only: ClassDebrief
) -> None:
    text = style_comparison_chart(debrief).layout.title.subtitle.text
    assert (
        "The 3 practice rooms (a team against the workbook's practice opponent) are left out"
        in (text)
    )
    # Two trust-based and two CPT-like pairs of teams, as without the practice rooms.
    assert "trust-based pairs n = 2, CPT-like pairs n = 2" in text
    without = style_comparison_chart(teams_only).layout.title.subtitle.text
    assert "Practice rooms (a team against the workbook's practice opponent) are left out" in (
        without
    )
    assert [list(t.y) for t in style_comparison_chart(debrief).data] == [
        list(t.y) for t in style_comparison_chart(teams_only).data
    ]


def test_the_practice_rooms_chart_shows_each_opponents_means(debrief: ClassDebrief) -> None:
    fig = practice_rooms_chart(debrief)
    teams, opponent = fig.data
    cpt, trust = debrief.practice_played
    assert (teams.name, opponent.name) == ("Teams", "Practice opponent")
    assert list(teams.y) == pytest.approx([cpt.team_npv, trust.team_npv])
    assert list(opponent.y) == pytest.approx([cpt.opponent_npv, trust.opponent_npv])
    assert list(teams.x) == [
        "Against the CPT practice opponent<br>(1 of 2 rooms with a round decided)",
        "Against the trust-based practice opponent<br>(1 of 1 room with a round decided)",
    ]
    assert "3 practice rooms" in fig.layout.title.subtitle.text
    assert "in EUR" in fig.layout.title.subtitle.text
    assert fig.layout.yaxis.title.text == "Mean cumulative NPV (EUR)"
    assert not fig.layout.annotations
    # The simulated chart is kept as it was: opponents against opponents.
    assert len(practice_opponents_chart(debrief).data) == 2


def test_no_practice_room_is_said_in_words(teams_only: ClassDebrief) -> None:
    fig = practice_rooms_chart(teams_only)
    (note,) = fig.layout.annotations
    assert note.text == "No team has played a practice opponent in this workshop yet."
    assert fig.layout.yaxis.showticklabels is False
    assert "0 practice rooms" in fig.layout.title.subtitle.text
    assert "5 pairs of teams" in cumulative_npv_chart(teams_only).layout.title.subtitle.text


def test_practice_rooms_with_no_round_decided_say_so(debrief: ClassDebrief) -> None:
    waiting = [p for p in debrief.pairs if p.number == 8]
    fig = practice_rooms_chart(replace(debrief, practice_played=practice_outcomes(waiting)))
    (note,) = fig.layout.annotations
    assert note.text.startswith("No practice room has a round decided yet")
    assert "0 of 2 rooms" not in "".join(fig.data[0].x)
    assert "0 of 1 room with a round decided" in fig.data[0].x[0]


def test_every_chart_is_drawn_with_practice_rooms(debrief: ClassDebrief) -> None:
    figures = class_debrief_figures(debrief)
    assert figures[-1].layout.title.text.startswith("What the practice opponents got")
    assert all(len(f.data) >= 1 for f in figures)
    # The agreements chart and the money left name the practice opponent as a side.
    assert any("Practice opponent, CPT" in (t.name or "") for t in figures[0].data)
    assert "Practice opponent, trust-based" in "".join(figures[1].data[0].customdata)
