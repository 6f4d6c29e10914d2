"""Practice rooms in the debriefs (issue 19, "Practice opponents", "Class debrief against theory").

A practice room is a room where the workbook plays one side (its ``joined`` event carries
``practice``). The workshop of :func:`tests.class_rooms.practice_workshop` adds three to the
five rooms of two teams: room 6, a trust-based trainee against the CPT opponent, agreed once
then closed; room 7, the trust-based opponent against a CPT trainee, three rounds agreed, still
open; room 8, a trainee against the CPT opponent, nothing agreed yet.

Known values are computed here by hand, not by the debrief:

* each room's cumulative NPVs from its agreed packages' per-period values (the domain's
  :func:`~negotiation_lib.domain.rooms.rounds.agreed_split`, tested on its own), the renewal
  draws straight from ``numpy.random.default_rng(seed)``, the BATNAs, one-time costs, discount
  and growth rates read from the case file, and DESIGN §7's rule for the rounds decided;
* the comparison of trust-based and CPT pairs over the five pairs of teams only, with NumPy
  (Welch's standard error), and Student's t from a printed table.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import pytest

from negotiation_lib.debrief_class import (
    ClassDebrief,
    class_debrief,
    compare_styles,
    practice_outcomes,
)
from negotiation_lib.debrief_rooms import (
    outcomes_by_style,
    room_debrief,
    side_name,
    truth_assessment,
)
from negotiation_lib.domain.roles import truth
from negotiation_lib.domain.rooms.rounds import agreed_split, seed_of
from negotiation_lib.worksheets.dashboard_debrief import rooms_table, styles_table
from tests.class_rooms import (
    CASE,
    CHEAPER,
    DEARER,
    ODD_TRAINEE,
    PRACTICE_STYLES,
    STYLES,
    WORKSHOP_ID,
    practice_workshop,
    workshop,
)
from tests.test_debrief_rooms import CUSTOMER, SELLER, VALTORA_MIDDLE, Room, raw

ROUNDS = 5
PRACTICE_SIMULATED = 20


@pytest.fixture(scope="module")
def debrief() -> ClassDebrief:
    rooms, states, chart = practice_workshop()
    return class_debrief(
        raw(CASE),
        chart,
        rooms,
        states,
        PRACTICE_STYLES,
        rounds=ROUNDS,
        practice_rooms=PRACTICE_SIMULATED,
    )


def _by_hand(
    room_id: int, packages: list[dict[str, Any]], *, closed: bool
) -> tuple[np.ndarray, np.ndarray, int]:
    """A room's cumulative NPV per side and its rounds decided, computed step by step."""
    doc = truth(raw(CASE))
    rel, econ = doc["relationship"], doc["economics"]
    case = truth_assessment(raw(CASE)).case
    draws = np.random.default_rng(seed_of(WORKSHOP_ID, room_id)).random(ROUNDS)
    lived: list[tuple[float, float]] = []
    ended = closed
    for r, package in enumerate(packages, 1):
        split = agreed_split(case, package)
        lived.append((split.seller_profit_per_period, split.customer_net_benefit_per_period))
        if r == ROUNDS or draws[r - 1] >= split.retention:
            ended = True  # the last round, or the relationship not renewed
            break
    k = ((1 + rel["growth_rate"]) / (1 + rel["discount_rate"])) ** np.arange(ROUNDS)
    seller = np.full(ROUNDS, float(rel["seller_batna_per_period"]))
    customer = np.full(ROUNDS, float(rel["customer_batna_per_period"]))
    for r, (s, c) in enumerate(lived):
        seller[r], customer[r] = s, c
    seller, customer = seller * k, customer * k
    if lived:
        seller[0] -= econ.get("seller_one_time_cost", 0.0)
        customer[0] -= econ.get("customer_one_time_cost", 0.0)
    return np.cumsum(seller), np.cumsum(customer), ROUNDS if ended else len(lived)


def _joint_by_hand(room_id: int, packages: list[dict[str, Any]], *, closed: bool) -> float:
    """Both sides' cumulative NPV after the last round, by hand."""
    seller, customer, _ = _by_hand(room_id, packages, closed=closed)
    return float(seller[-1] + customer[-1])


def test_a_practice_room_is_marked_with_the_side_the_workbook_played(
    debrief: ClassDebrief,
) -> None:
    by_number = {p.number: p for p in debrief.pairs}
    assert [(n, by_number[n].practice_side, by_number[n].practice_style) for n in (6, 7, 8)] == [
        (6, "customer", "cpt"),
        (7, "seller", "trust"),
        (8, "customer", "cpt"),
    ]
    assert all(by_number[n].practice_side is None for n in (1, 2, 3, 4, 5))
    assert [p.number for p in debrief.team_pairs] == [1, 2, 3, 4, 5]
    assert [p.number for p in debrief.practice_pairs] == [6, 7, 8]
    # The workbook's side is named by its style, the team's side by the team.
    assert (by_number[6].seller_team, by_number[6].customer_team) == (
        ODD_TRAINEE,
        "Practice opponent, CPT",
    )
    assert by_number[7].seller_team == "Practice opponent, trust-based"
    # The room takes its team's own style: the workbook's is known, not diagnosed.
    assert by_number[6].style == "trust_based"  # 85 out of 100
    assert by_number[7].style == "cpt"  # Larch: 15
    assert by_number[8].style == "unanswered"  # Maple answered nothing


def test_practice_rooms_follow_their_agreements_and_their_seed(debrief: ClassDebrief) -> None:
    by_number = {p.number: p for p in debrief.pairs}
    for number, packages, closed in (
        (6, [VALTORA_MIDDLE], True),
        (7, [CHEAPER] * 3, False),
        (8, [], False),
    ):
        seller, customer, decided = _by_hand(100 + number, packages, closed=closed)
        p = by_number[number]
        assert p.decided == decided
        assert p.seller_cumulative == pytest.approx(seller)
        assert p.customer_cumulative == pytest.approx(customer)
    assert by_number[6].decided == ROUNDS  # the room was closed: every round's value is known
    assert by_number[8].decided == 0  # nothing agreed yet


def test_a_practice_room_is_left_out_of_the_comparison_of_styles(debrief: ClassDebrief) -> None:
    # Room 6 ended, and its team is trust-based: had it counted, there would be three.
    assert {p.number: p.ended for p in debrief.practice_pairs}[6]
    trust = np.array(
        [
            _joint_by_hand(101, [VALTORA_MIDDLE], closed=True),
            _joint_by_hand(102, [VALTORA_MIDDLE] * 5, closed=False),
        ]
    )
    cpt = np.array(
        [
            _joint_by_hand(103, [], closed=True),  # walked away: both BATNAs every round
            _joint_by_hand(104, [DEARER], closed=True),
        ]
    )
    c = debrief.comparison
    assert sorted(c.trust) == pytest.approx(sorted(trust))
    assert sorted(c.cpt) == pytest.approx(sorted(cpt))
    difference = trust.mean() - cpt.mean()
    se = np.sqrt(trust.var(ddof=1) / 2 + cpt.var(ddof=1) / 2)
    assert c.difference == pytest.approx(difference)
    assert c.standard_error == pytest.approx(se)
    # One degree of freedom or a little more: Student's t of 12.706 from a printed table.
    assert c.low == pytest.approx(difference - 12.706 * se)
    assert c.practice_left_out == 3
    # The pairs of teams alone give the same comparison: the practice rooms change nothing.
    rooms, states, chart = workshop()
    alone = class_debrief(raw(CASE), chart, rooms, states, STYLES, rounds=ROUNDS, practice_rooms=2)
    assert alone.comparison.practice_left_out == 0
    assert alone.comparison.difference == pytest.approx(c.difference)


def test_compare_styles_counts_the_practice_rooms_it_leaves_out(debrief: ClassDebrief) -> None:
    only_practice = compare_styles(debrief.practice_pairs)
    assert (only_practice.trust, only_practice.cpt) == ((), ())
    assert only_practice.difference is None
    assert only_practice.practice_left_out == 3


def test_the_practice_rooms_means_by_style_are_the_rooms_values(debrief: ClassDebrief) -> None:
    six = _by_hand(106, [VALTORA_MIDDLE], closed=True)  # team: seller
    seven = _by_hand(107, [CHEAPER] * 3, closed=False)  # team: customer
    cpt, trust = debrief.practice_played
    assert (cpt.style, trust.style) == ("cpt", "trust")
    # Room 8 (against the CPT opponent) has no round decided: counted as a room, not in means.
    assert (cpt.rooms, cpt.counted, trust.rooms, trust.counted) == (2, 1, 1, 1)
    assert cpt.team_npv == pytest.approx(six[0][six[2] - 1])
    assert cpt.opponent_npv == pytest.approx(six[1][six[2] - 1])
    assert trust.team_npv == pytest.approx(seven[1][seven[2] - 1])
    assert trust.opponent_npv == pytest.approx(seven[0][seven[2] - 1])


def test_the_means_average_every_counted_room(debrief: ClassDebrief) -> None:
    # Two CPT practice rooms with rounds decided: room 6 and a copy of it numbered 9.
    six = next(p for p in debrief.pairs if p.number == 6)
    seven = next(p for p in debrief.pairs if p.number == 7)
    twin = replace(seven, number=9, practice_side="customer", practice_style="cpt")
    cpt, _trust = practice_outcomes([six, twin])
    team = [six.seller_cumulative[six.decided - 1], twin.seller_cumulative[twin.decided - 1]]
    opponent = [
        six.customer_cumulative[six.decided - 1],
        twin.customer_cumulative[twin.decided - 1],
    ]
    assert cpt.rooms == cpt.counted == 2
    assert cpt.team_npv == pytest.approx(np.mean(team))
    assert cpt.opponent_npv == pytest.approx(np.mean(opponent))


def test_a_workshop_without_practice_rooms_has_empty_practice_results() -> None:
    rooms, states, chart = workshop()
    d = class_debrief(raw(CASE), chart, rooms, states, STYLES, rounds=ROUNDS, practice_rooms=2)
    assert d.practice_pairs == ()
    assert [(o.style, o.rooms, o.team_npv, o.opponent_npv) for o in d.practice_played] == [
        ("cpt", 0, None, None),
        ("trust", 0, None, None),
    ]


# --------------------------------------------------------------------------- deal-room debrief


def test_the_workbooks_side_is_named_by_its_style_whatever_it_joined_as() -> None:
    room = Room(CASE, "Oak", "Anything the store wrote")
    event = room.events[1]
    room.events[1] = type(event)(
        event.id,
        event.kind,
        event.side,
        event.team,
        {"name": "Anything the store wrote", "practice": "trust"},
        event.round,
        event.at,
    )
    offer = room.add("offered", CUSTOMER, {"values": VALTORA_MIDDLE, "utility": 60})
    room.add("accepted", SELLER, {"offer": offer})
    state = room.state()
    assert side_name(state, "customer") == "Practice opponent, trust-based"
    assert side_name(state, "seller") == "Oak"
    d = room_debrief(state, raw(CASE), number=3)
    assert d.customer.team == "Practice opponent, trust-based"
    assert (d.seller.practice, d.customer.practice) == (None, "trust")
    assert d.practice == {"customer": "trust"}


def test_the_deal_room_debrief_names_the_practice_opponent() -> None:
    _rooms, _states, chart = practice_workshop()
    by_number = {r.number: r for r in chart.rooms}
    assert by_number[6].customer.team == "Practice opponent, CPT"
    assert by_number[7].seller.team == "Practice opponent, trust-based"
    assert by_number[1].practice == {}
    html = rooms_table(chart)
    assert "Practice opponent, CPT" in html
    assert "Practice opponent, trust-based" in html
    # A trainee's name is shown as typed, never read as markup.
    assert "&lt;i&gt;Kauri&lt;/i&gt; &amp; Co" in html
    assert "<i>Kauri" not in html


def test_a_practice_opponent_is_not_counted_as_a_team() -> None:
    _rooms, _states, chart = practice_workshop()
    outcomes = outcomes_by_style(chart.rooms, PRACTICE_STYLES)
    teams = [t for o in outcomes for t in o.teams]
    assert not any(t.startswith("Practice opponent") for t in teams)
    # The ten teams of the five pairs and the three trainees, each once.
    assert len(teams) == len(set(teams)) == 13
    by_style = {o.style: o for o in outcomes}
    assert ODD_TRAINEE in by_style["trust_based"].teams
    assert "Larch" in by_style["cpt"].teams
    assert "Maple" in by_style["unanswered"].teams
    # Agreements reached count teams: the opponents of rooms 6 and 7 agreed too, but are not
    # teams. Trust-based: rooms 1 (two teams), 2 (two), 5 (Ivy) and 6 (the trainee).
    assert by_style["trust_based"].agreements == 6
    assert by_style["cpt"].agreements == 4  # Gum, Hazel (room 4), Juniper (5), Larch (7)
    html = styles_table(outcomes, chart)
    assert "Practice opponent" not in html
    assert "&lt;i&gt;Kauri&lt;/i&gt; &amp; Co" in html
