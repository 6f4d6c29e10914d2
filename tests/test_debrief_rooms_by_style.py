"""The deal rooms' outcomes by negotiation style (issue 18, the trust diagnostic).

The rooms are played through the real store (a SQLite file): teams join a workshop on the
sample role-play case ``valtora_brightmoor`` and are seated as they join (seller, buyer,
seller …), then make offers, accept and walk away with :meth:`Store.act`. The expected values
are computed here by hand from the case file (:mod:`tests.test_debrief_rooms`'s helpers:
Raiffa's additive utilities, the brute-force value left on the table), never with the function
under test.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from negotiation_lib.debrief_rooms import (
    RoomsChart,
    dominant_style,
    outcomes_by_style,
    workshop_room_debriefs,
)
from negotiation_lib.store import Store
from tests.test_debrief_rooms import VALTORA_MIDDLE, hand_utility, hand_value_left, parts

CASE = "valtora_brightmoor"
TEAMS = ("Forge", "Turbine", "Cast", "Grid", "Mould", "Rotor", "Late")
"""Seated as they join: Forge sells to Turbine (room 1), Cast to Grid (room 2), Mould to Rotor
(room 3); Late waits alone in room 4."""

TOP: dict[str, Any] = {
    "price_per_housing": 29500,
    "lead_time_weeks": 14,
    "contract_years": 5,
    "payment_terms": "30 days",
}


@dataclass
class Workshop:
    """A role-play workshop whose rooms have been played, and its teams' ids by name."""

    store: Store
    id: int
    key: str
    ids: dict[str, int]

    def room_of(self, team: str) -> int:
        seat = self.store.room_for(self.ids[team])
        assert seat is not None
        return seat.room.id

    def charts(self) -> dict[str, RoomsChart]:
        rooms = self.store.rooms(self.id)
        return workshop_room_debriefs(rooms, self.store.room_states(self.id))


def play_rooms(store: Store, teams: tuple[str, ...] = TEAMS) -> Workshop:
    """Room 1 agrees on the middle package, room 2 walks away, room 3 has one offer open.

    In room 1 the buyer states its BATNA as −100,000 EUR per year (true: −260,000), the
    seller proposes a faster, dearer package and accepts the buyer's counter of the middle one.
    """
    made = store.create_workshop("Rooms by style", [CASE])
    ids = {name: store.join(made.workshop.join_code, name).participant.id for name in teams}
    w = Workshop(store, made.workshop.id, made.facilitator_key, ids)
    forge, turbine, cast, grid, mould = teams[:5]
    one, two, three = w.room_of(forge), w.room_of(cast), w.room_of(mould)
    batna = {"path": "relationship.customer_batna_per_period", "value": -1e5}
    store.act(one, ids[turbine], "shared", batna)
    fast = {**VALTORA_MIDDLE, "price_per_housing": 28250, "lead_time_weeks": 6}
    store.act(one, ids[forge], "offered", {"values": fast, "utility": 70})
    counter = store.act(one, ids[turbine], "offered", {"values": VALTORA_MIDDLE, "utility": 67})
    store.act(one, ids[forge], "accepted", {"offer": counter.event.id})
    store.act(two, ids[cast], "offered", {"values": TOP, "utility": 95})
    store.act(two, ids[grid], "walked_away", {"reason": "Too dear."})
    store.act(three, ids[mould], "offered", {"values": VALTORA_MIDDLE, "utility": 60})
    return w


@pytest.fixture
def workshop(tmp_path: Path) -> Iterator[Workshop]:
    store = Store(f"sqlite:///{tmp_path / 'store.sqlite3'}")
    try:
        yield play_rooms(store)
    finally:
        store.close()


def middle_utilities() -> tuple[float, float]:
    """Both sides' true utilities of the middle package, by hand (see tests.test_debrief_rooms).

    Seller: 0.5·50 + 0.1·50 + 0.25·80 + 0.15·70 = 60.5; customer: 0.4·(100 − 2,500/4,500·100)
    + 0.4·85 + 0.05·70 + 0.15·80.
    """
    _, seller, customer = parts(CASE)
    u_s = hand_utility(seller["win_win"]["seller"], VALTORA_MIDDLE)
    u_c = hand_utility(customer["win_win"]["customer"], VALTORA_MIDDLE)
    assert (u_s, u_c) == pytest.approx((60.5, 0.4 * (100 - 250000 / 4500) + 34 + 3.5 + 12))
    return u_s, u_c


def walk_away_utilities() -> tuple[float, float]:
    """The walk-away utilities of the case file's two definitions (40 and 30)."""
    _, seller, customer = parts(CASE)
    return (
        seller["win_win"]["seller"]["reservation_utility"],
        customer["win_win"]["customer"]["reservation_utility"],
    )


def test_dominant_style_is_trust_based_from_fifty() -> None:
    assert dominant_style(50.0) == "trust_based"  # READY_STYLE, the win-win worksheet's mark
    assert dominant_style(49.99) == "cpt"
    assert dominant_style(float("nan")) == "unanswered"
    assert dominant_style(None) == "unanswered"


def test_outcomes_are_grouped_by_each_teams_own_style(workshop: Workshop) -> None:
    (chart,) = workshop.charts().values()
    styles = {
        "Forge": 80.0,  # trust-based: agreed (room 1)
        "Turbine": 25.0,  # CPT: agreed (room 1)
        "Cast": 50.0,  # trust-based at the mark: walked away from (room 2)
        "Grid": 49.9,  # CPT: walked away (room 2)
        "Mould": 90.0,  # trust-based: still negotiating (room 3)
        "Rotor": None,  # not answered: still negotiating (room 3)
        "Late": 100.0,  # waits for a counterpart: not counted
    }
    trust, cpt, unanswered = outcomes_by_style(chart.rooms, styles)
    u_s, u_c = middle_utilities()
    d_s, d_c = walk_away_utilities()
    left_agreed = hand_value_left(CASE, (u_s, u_c))
    left_walked = hand_value_left(CASE, (d_s, d_c))
    assert left_walked == pytest.approx(35.0)  # a visible gap: the check can tell them apart

    assert trust.style == "trust_based"
    assert trust.teams == ("Cast", "Forge", "Mould")
    assert (trust.ended, trust.agreements) == (2, 1)
    # Forge's 60.5 and Cast's walk-away 40; room 1's joint gain 659,600 EUR a year and room
    # 2's none (DESIGN §3: 120·(27,500 − 19,400) − 420,000 − 180,000 + 120·(28,030 − 27,500)
    # − 36,000 + 260,000).
    assert trust.mean_utility == pytest.approx((u_s + d_s) / 2)
    assert trust.mean_joint_gain_per_period == pytest.approx((659600 + 0) / 2)
    assert trust.mean_value_left == pytest.approx((left_agreed + left_walked) / 2)

    assert cpt.style == "cpt"
    assert cpt.teams == ("Grid", "Turbine")
    assert (cpt.ended, cpt.agreements) == (2, 1)
    assert cpt.mean_utility == pytest.approx((u_c + d_c) / 2)
    assert cpt.mean_joint_gain_per_period == pytest.approx(659600 / 2)
    assert cpt.mean_value_left == pytest.approx((left_agreed + left_walked) / 2)

    # Rotor's room is still open: counted as a team, in no mean.
    assert unanswered.style == "unanswered"
    assert unanswered.label == "Not answered by the team"
    assert unanswered.teams == ("Rotor",)
    assert (unanswered.ended, unanswered.agreements) == (0, 0)
    assert unanswered.mean_utility is None
    assert unanswered.mean_joint_gain_per_period is None
    assert unanswered.mean_value_left is None


def test_a_team_missing_from_the_styles_counts_as_unanswered(workshop: Workshop) -> None:
    (chart,) = workshop.charts().values()
    (only,) = outcomes_by_style(chart.rooms, {})
    assert only.style == "unanswered"
    assert only.teams == ("Cast", "Forge", "Grid", "Mould", "Rotor", "Turbine")
    assert (only.ended, only.agreements) == (4, 2)
    u_s, u_c = middle_utilities()
    d_s, d_c = walk_away_utilities()
    assert only.mean_utility == pytest.approx((u_s + u_c + d_s + d_c) / 4)


def test_a_re_paired_team_counts_in_its_latest_room_only(workshop: Workshop) -> None:
    ids = workshop.ids
    # Late (seller) now negotiates with Rotor (buyer): room 3 closes, Mould waits alone.
    workshop.store.repair(workshop.id, workshop.key, [(ids["Late"], ids["Rotor"])])
    (chart,) = workshop.charts().values()
    closed = next(r for r in chart.rooms if r.number == 3)
    assert closed.status == "closed"
    styles = dict.fromkeys(TEAMS, 80.0)
    (trust,) = outcomes_by_style(chart.rooms, styles)
    # Mould is left waiting and no longer counts; room 3 counts for nobody.
    assert trust.teams == ("Cast", "Forge", "Grid", "Late", "Rotor", "Turbine")
    assert (trust.ended, trust.agreements) == (4, 2)
    u_s, u_c = middle_utilities()
    d_s, d_c = walk_away_utilities()
    assert trust.mean_utility == pytest.approx((u_s + u_c + d_s + d_c) / 4)


def test_no_room_with_two_teams_has_no_outcomes(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'store.sqlite3'}")
    try:
        made = store.create_workshop("Alone", [CASE])
        store.join(made.workshop.join_code, "Solo")
        rooms = store.rooms(made.workshop.id)
        charts = workshop_room_debriefs(rooms, store.room_states(made.workshop.id))
        (chart,) = charts.values()
        assert [r.paired for r in chart.rooms] == [False]
        assert outcomes_by_style(chart.rooms, {"Solo": 70.0}) == ()
    finally:
        store.close()
