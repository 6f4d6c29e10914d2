"""Renewal rounds in the store (issue 19, DESIGN §7 "Rounds"), on SQLite and PostgreSQL.

A workshop on the Valtora role-play case runs R rounds. The acceptance that makes a round's
agreement is recorded with the room's renewal, drawn in the same transaction from the room's
seed. Known values are worked out here with plain arithmetic from the case file's numbers.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from negotiation_lib.datasets import load_role_play_case, load_sample_case
from negotiation_lib.domain.roles import truth
from negotiation_lib.domain.rooms import lived_rounds, seed_of
from negotiation_lib.store import RoomRefusedError, Store, StoreError
from tests.domain.test_rounds import _by_hand as by_hand

CASE_NAME = "valtora_brightmoor"
DOC = truth(load_role_play_case(CASE_NAME))
FAIR: dict[str, Any] = {
    "price_per_housing": 27250.0,
    "lead_time_weeks": 6.0,
    "contract_years": 3.0,
    "payment_terms": "60 days",
}


def _by_hand(price: float) -> tuple[float, float, float]:
    """Seller profit, customer net benefit per period and retention at ``price``, by hand."""
    return by_hand(DOC, price)


def _renewing_room(store: Store, rounds: int) -> tuple[int, int, int, int]:
    """A workshop of ``rounds`` rounds whose room 1 renews at the fair price every round.

    The room's seed is its workshop's and its own id: workshops are made until the draws of
    rounds 1 to R - 1 all fall below the fair price's retention (most first rooms do).
    """
    _, _, retention = _by_hand(FAIR["price_per_housing"])
    for attempt in range(30):
        made = store.create_workshop(f"Rounds {attempt}", [CASE_NAME], rounds=rounds)
        blue = store.join(made.workshop.join_code, "Team Blue").participant.id
        red = store.join(made.workshop.join_code, "Team Red").participant.id
        seat = store.room_for(blue)
        assert seat is not None
        draws = np.random.default_rng(seed_of(made.workshop.id, seat.room.id)).random(rounds)
        if np.all(draws[: rounds - 1] < retention):
            return made.workshop.id, seat.room.id, blue, red
    raise AssertionError("no renewing room in 30 workshops")  # pragma: no cover


def _agree(store: Store, room: int, seller: int, customer: int, price: float) -> None:
    offer = store.act(
        room, seller, "offered", {"values": {**FAIR, "price_per_housing": price}, "utility": 60}
    )
    store.act(room, customer, "accepted", {"offer": offer.event.id})


def test_a_room_plays_three_rounds_each_renewal_drawn_from_its_seed(store: Store) -> None:
    workshop, room, seller, customer = _renewing_room(store, 3)
    assert store.workshop(workshop).rounds == 3
    seed = seed_of(workshop, room)
    draws = np.random.default_rng(seed).random(3)
    profit, benefit, retention = _by_hand(27250.0)
    for r in (1, 2, 3):
        state = store.room_state(room)
        assert state.round == r
        assert state.takes_offers
        _agree(store, room, seller, customer, 27250.0)
    state = store.room_state(room)
    assert state.ended == "all rounds played"
    events = store.events_since(room)
    closes = [e for e in events if e.kind == "round_closed"]
    # One renewal after each agreement but the last, recorded by the room itself, right after.
    assert [e.round for e in closes] == [1, 2]
    assert all(e.team is None for e in closes)
    before = [events[events.index(e) - 1].kind for e in closes]
    assert before == ["accepted", "accepted"]
    for e, draw in zip(closes, draws[:2], strict=True):
        assert e.payload["draw"] == draw
        assert e.payload["retention"] == pytest.approx(retention, rel=1e-12)
        assert e.payload["renewed"] is True
    # The cumulative NPVs from the store's agreements equal the values summed by hand.
    rel, econ = DOC["relationship"], DOC["economics"]
    k = (1 + rel["growth_rate"]) / (1 + rel["discount_rate"])
    seller_values = [profit - econ["seller_one_time_cost"], profit * k, profit * k**2]
    customer_values = [benefit - econ["customer_one_time_cost"], benefit * k, benefit * k**2]
    agreed = [dict(a.offer.values) for a in state.agreements]
    values, closures = lived_rounds(load_sample_case(CASE_NAME), agreed, seed, state.rounds)
    assert values.seller_cumulative == pytest.approx(np.cumsum(seller_values), rel=1e-12)
    assert values.customer_cumulative == pytest.approx(np.cumsum(customer_values), rel=1e-12)
    assert closures == state.closures


def test_the_second_round_starts_from_the_last_agreement(store: Store) -> None:
    _, room, seller, customer = _renewing_room(store, 2)
    _agree(store, room, seller, customer, 27500.0)
    state = store.room_state(room)
    assert state.round == 2
    assert state.status == "negotiating"
    assert state.last_agreement is not None
    assert state.last_agreement.offer.values["price_per_housing"] == 27500.0
    assert state.open_offer("seller") is None


def test_a_walk_away_in_round_two_ends_the_room(store: Store) -> None:
    _, room, seller, customer = _renewing_room(store, 3)
    _agree(store, room, seller, customer, 27250.0)
    store.act(room, customer, "walked_away", {})
    state = store.room_state(room)
    assert state.ended == "walked away"
    with pytest.raises(RoomRefusedError, match="walked away"):
        store.act(room, seller, "offered", {"values": FAIR, "utility": 60})


def test_a_single_round_workshop_records_no_renewal(store: Store) -> None:
    made = store.create_workshop("One round", [CASE_NAME])
    assert made.workshop.rounds == 1
    blue = store.join(made.workshop.join_code, "Team Blue").participant.id
    red = store.join(made.workshop.join_code, "Team Red").participant.id
    seat = store.room_for(blue)
    assert seat is not None
    _agree(store, seat.room.id, blue, red, 27250.0)
    kinds = [e.kind for e in store.events_since(seat.room.id)]
    assert kinds == ["joined", "joined", "offered", "accepted"]
    assert store.room_state(seat.room.id).status == "agreed"


def test_a_team_cannot_record_a_renewal(store: Store) -> None:
    _, room, seller, _ = _renewing_room(store, 2)
    payload = {"round": 1, "draw": 0.0, "retention": 1.0, "renewed": True}
    with pytest.raises(RoomRefusedError):
        store.act(room, seller, "round_closed", payload)
    assert [e.kind for e in store.events_since(room)] == ["joined", "joined"]


@pytest.mark.parametrize("rounds", [0, 21, True])
def test_a_workshop_runs_from_one_to_twenty_rounds(store: Store, rounds: Any) -> None:
    with pytest.raises(StoreError, match="from 1 to 20 rounds"):
        store.create_workshop("Too many", [CASE_NAME], rounds=rounds)
