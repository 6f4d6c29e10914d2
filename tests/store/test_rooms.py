"""Deal rooms in the store (issue 18): acting in a room, reading it back, and an append-only log.

Every test runs on SQLite and on PostgreSQL (the ``store`` fixture). A workshop hands out the
role-play PumpCo case (:mod:`tests.store.room_workers`): Team Blue joins first and sells, Team
Red joins second and buys, in room 1.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from negotiation_lib.domain.case import PartyDefinition, SealedDefinition
from negotiation_lib.domain.rooms import RoomTerms, fold
from negotiation_lib.domain.seal import amend, seal
from negotiation_lib.store import RoomRefusedError, Store, StoreError
from tests.store import sample_case
from tests.store.room_workers import GOOD, ROLEPLAY, install_roleplay, log_problems


@dataclass
class Room:
    """Room 1 of a role-play workshop and its two teams."""

    id: int
    seller: int
    customer: int
    key: str
    workshop: int


@pytest.fixture
def room(store: Store, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Room]:
    install_roleplay(monkeypatch, tmp_path / "cases")
    made = store.create_workshop("Deal rooms", [ROLEPLAY])
    blue = store.join(made.workshop.join_code, "Team Blue").participant.id
    red = store.join(made.workshop.join_code, "Team Red").participant.id
    seat = store.room_for(blue)
    assert seat is not None
    yield Room(seat.room.id, blue, red, made.facilitator_key, made.workshop.id)
    # Whatever a test did, the stored log folds and keeps the rules.
    events = store.events_since(seat.room.id)
    assert store.room_state(seat.room.id) == fold(_terms(), events)
    assert log_problems(events) == []


def _terms() -> RoomTerms:
    from negotiation_lib.datasets import load_pumpco_acme_foods

    return RoomTerms.from_case(load_pumpco_acme_foods())


def _offer(store: Store, room: Room, team: int, **changes: Any) -> int:
    payload = {"values": {**GOOD, **changes}, "utility": 55.0}
    return store.act(room.id, team, "offered", payload).event.id


def _count(store: Store, room: Room) -> int:
    return len(store.events_since(room.id))


def _refused(store: Store, room: Room, team: int, kind: str, payload: dict[str, Any]) -> str:
    """Act, expecting a refusal; check that nothing was written; return the sentence."""
    before = store.events_since(room.id)
    with pytest.raises(RoomRefusedError) as caught:
        store.act(room.id, team, kind, payload)
    assert store.events_since(room.id) == before
    return caught.value.message


# --------------------------------------------------------------------------- a negotiation


def test_a_room_starts_with_both_teams_joined(store: Store, room: Room) -> None:
    events = store.events_since(room.id)
    assert [(e.kind, e.side, e.team, dict(e.payload)) for e in events] == [
        ("joined", "seller", room.seller, {"name": "Team Blue"}),
        ("joined", "customer", room.customer, {"name": "Team Red"}),
    ]
    state = store.room_state(room.id)
    assert state.status == "negotiating"
    assert [i.name for i in state.terms.issues] == list(GOOD)


def test_offer_counter_accept_is_an_agreement_recorded_once(store: Store, room: Room) -> None:
    first = _offer(store, room, room.seller, price_per_pump=12500)
    counter = _offer(store, room, room.customer, price_per_pump=11500)
    outcome = store.act(room.id, room.seller, "accepted", {"offer": counter})
    assert outcome.event.kind == "accepted"
    agreement = outcome.state.agreement
    assert agreement is not None
    assert (agreement.offer.id, agreement.offer.side, agreement.accepted_by) == (
        counter,
        "customer",
        "seller",
    )
    assert agreement.offer.values["price_per_pump"] == 11500.0
    assert store.room_state(room.id) == outcome.state
    # The seller's own first offer is still its latest, but the agreement is final.
    message = _refused(store, room, room.customer, "accepted", {"offer": first})
    assert message == (
        "This room has reached its agreement, which is final: it takes no more offers."
    )


def test_events_since_gives_what_happened_after_an_event(store: Store, room: Room) -> None:
    seen = store.events_since(room.id)
    last = seen[-1].id
    assert store.events_since(room.id, last) == []
    made = _offer(store, room, room.seller)
    new = store.events_since(room.id, last)
    assert [(e.id, e.kind, e.team) for e in new] == [(made, "offered", room.seller)]
    assert new[0].at is not None
    assert abs(new[0].at - datetime.now(UTC)) < timedelta(minutes=5)
    assert dict(new[0].payload) == {"values": GOOD, "utility": 55.0}


def test_the_store_keeps_the_stated_value_of_a_shared_fact(store: Store, room: Room) -> None:
    path = "economics.variable_cost_per_unit"
    store.act(room.id, room.seller, "shared", {"path": path, "value": 6500})
    shared = store.room_state(room.id).shared_by("seller")
    assert (shared[path].value, shared[path].team) == (6500, room.seller)


def test_a_walk_away_is_recorded_and_ends_the_negotiation(store: Store, room: Room) -> None:
    made = _offer(store, room, room.seller)
    store.act(room.id, room.customer, "walked_away", {"reason": "Over budget"})
    state = store.room_state(room.id)
    assert state.walk_away is not None
    assert (state.status, state.walk_away.side, state.walk_away.reason) == (
        "walked_away",
        "customer",
        "Over budget",
    )
    assert _refused(store, room, room.customer, "accepted", {"offer": made}).startswith(
        "Your team walked away"
    )


def test_the_fairness_pact_through_the_store(store: Store, room: Room) -> None:
    store.act(room.id, room.seller, "pact", {"fair_share": 0.5})
    assert store.room_state(room.id).fair_share is None
    state = store.act(room.id, room.customer, "pact", {"fair_share": 0.5}).state
    assert state.fair_share == 0.5


# --------------------------------------------------------------------------- bad input


def test_an_offer_outside_a_range_gets_a_sentence_at_its_issue_and_writes_nothing(
    store: Store, room: Room
) -> None:
    before = _count(store, room)
    with pytest.raises(RoomRefusedError) as caught:
        store.act(
            room.id,
            room.seller,
            "offered",
            {"values": {**GOOD, "price_per_pump": 10000, "warranty": "lifetime"}, "utility": 50},
        )
    assert caught.value.path == "values.price_per_pump"
    assert [(p.path, p.message) for p in caught.value.problems] == [
        (
            "values.price_per_pump",
            "Price per pump goes from 11,000 to 13,000 EUR per pump; 10,000 EUR per pump is "
            "outside that range.",
        ),
        (
            "values.warranty",
            "'lifetime' is not an option of Warranty: choose 1 year, 2 years or 3 years.",
        ),
    ]
    assert isinstance(caught.value, StoreError)
    assert _count(store, room) == before


def test_accepting_a_withdrawn_offer_gets_a_sentence_and_writes_nothing(
    store: Store, room: Room
) -> None:
    made = _offer(store, room, room.customer)
    store.act(room.id, room.customer, "withdrawn", {"offer": made})
    assert _refused(store, room, room.seller, "accepted", {"offer": made}) == (
        "Team Red withdrew this offer, so it can no longer be accepted."
    )
    assert store.room_state(room.id).agreement is None


def test_acting_in_a_closed_room_gets_a_sentence_and_writes_nothing(
    store: Store, room: Room
) -> None:
    _offer(store, room, room.seller)
    store.repair(room.workshop, room.key, [(room.customer, room.seller)])
    message = _refused(store, room, room.customer, "offered", {"values": GOOD, "utility": 5})
    assert message == (
        "This room is closed, so nothing more can be done in it. The facilitator re-paired the "
        "teams: your new room is on your workbook's home page."
    )


def test_a_team_of_another_room_cannot_act_here(store: Store, room: Room) -> None:
    made = store.create_workshop("Elsewhere", ["pumpco_acme_foods"])
    stranger = store.join(made.workshop.join_code, "Team Grey").participant.id
    message = _refused(store, room, stranger, "offered", {"values": GOOD, "utility": 5})
    assert message.startswith("Your team is not in this room")


def test_kinds_a_team_may_not_record_and_unknown_rooms_are_refused(
    store: Store, room: Room
) -> None:
    for kind in ("joined", "closed", "bribed"):
        assert _refused(store, room, room.seller, kind, {}) == (
            "A team cannot record this in its room."
        )
    with pytest.raises(StoreError, match="This room does not exist"):
        store.act(room.id + 1000, room.seller, "walked_away", {})
    with pytest.raises(StoreError, match="This room does not exist"):
        store.room_state(room.id + 1000)


def test_a_payload_that_is_not_json_is_refused(store: Store, room: Room) -> None:
    bad = {"path": "economics.fixed_cost_per_period", "value": float("nan")}
    assert _refused(store, room, room.seller, "shared", bad) == (
        "This action holds something that is not plain text or a number."
    )


# --------------------------------------------------------------------------- seals


def _seal_in_case(
    store: Store, team: int, party: str, definitions: list[tuple[PartyDefinition, str | None]]
) -> None:
    """Save the team's case with ``party``'s definition sealed, then amended, as given."""
    data = sample_case("pumpco_acme_foods")
    data["win_win"].pop("seals", None)
    at = datetime(2027, 1, 12, 9, 0, tzinfo=UTC)
    history: list[SealedDefinition] = []
    for n, (definition, reason) in enumerate(definitions):
        when = at + timedelta(minutes=n)
        history.append(
            seal(definition, when) if reason is None else amend(history, definition, reason, when)
        )
    data["win_win"]["seals"] = {
        "seller": [],
        "customer": [],
        party: [h.model_dump(mode="json") for h in history],
    }
    store.save(team, data, "win_win")


def test_seals_are_announced_from_the_record_and_revealed_on_request(
    store: Store, room: Room
) -> None:
    case = sample_case("pumpco_acme_foods")
    first = PartyDefinition.model_validate(case["win_win"]["customer"])
    second_data = copy.deepcopy(case["win_win"]["customer"])
    second_data["win_threshold"] = 65
    second = PartyDefinition.model_validate(second_data)
    _seal_in_case(store, room.customer, "customer", [(first, None)])
    sealed = store.seals(room.customer)["customer"]

    announced = store.announce_seals(room.id, room.customer)
    assert [(e.kind, dict(e.payload)) for e in announced] == [
        (
            "sealed",
            {
                "version": 1,
                "sha256": sealed[0].sha256,
                "sealed_at": sealed[0].sealed_at.isoformat(),
            },
        )
    ]
    assert store.announce_seals(room.id, room.customer) == []  # once only
    # Not the other side's seal: the seller team has none of its own side.
    assert store.announce_seals(room.id, room.seller) == []

    shown = store.act(room.id, room.customer, "revealed", {"version": 1})
    assert shown.event.payload["definition"] == sealed[0].sealed["definition"]
    assert store.room_state(room.id).seals_of("customer").shown[0].version == 1

    _seal_in_case(store, room.customer, "customer", [(first, None), (second, "Budget cut")])
    (amended,) = store.announce_seals(room.id, room.customer)
    assert amended.kind == "amended"
    assert amended.payload["reason"] == "Budget cut"
    # Shown before, so the amendment is shown too: its contents travel with it.
    assert amended.payload["definition"]["win_threshold"] == 65


def test_sealing_a_version_that_is_not_recorded_is_refused(store: Store, room: Room) -> None:
    message = _refused(store, room, room.seller, "sealed", {"version": 1})
    assert message == (
        "Version 1 of your definition of winning is not sealed yet: seal it on the win-win page "
        "first."
    )
    assert _refused(store, room, room.seller, "sealed", {"version": 1, "sha256": "x"}) == (
        "Say which sealed version of your definition."
    )


# --------------------------------------------------------------------------- append-only


def test_the_store_api_has_no_way_to_change_or_remove_an_event() -> None:
    verbs = ("update", "delete", "remove", "edit", "replace", "undo", "erase", "purge")
    names = [n for n in dir(Store) if not n.startswith("__")]
    assert not [n for n in names if any(v in n.lower() for v in verbs)]


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE room_events SET kind = 'accepted' WHERE id = :id",
        "UPDATE room_events SET payload = '{}'",
        "DELETE FROM room_events WHERE id = :id",
        "DELETE FROM room_events",
    ],
)
def test_the_database_refuses_to_change_or_remove_an_event(
    store: Store, room: Room, statement: str
) -> None:
    made = _offer(store, room, room.seller)
    before = store.events_since(room.id)
    with pytest.raises(DBAPIError, match="append-only"), store.engine.begin() as conn:
        conn.execute(text(statement), {"id": made})
    assert store.events_since(room.id) == before


def test_postgresql_refuses_to_truncate_the_events(store: Store, room: Room) -> None:
    if store.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no TRUNCATE")
    with pytest.raises(DBAPIError, match="append-only"), store.engine.begin() as conn:
        conn.execute(text("TRUNCATE room_events CASCADE"))
    assert _count(store, room) == 2
