"""Pairing teams into deal rooms (issue 18): as they join, and when the facilitator re-pairs.

Every test runs on SQLite and on PostgreSQL (the ``store`` fixture), in a workshop handing out
the role-play PumpCo case of :mod:`tests.store.room_workers`.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from negotiation_lib.store import WAITING_MESSAGE, NewWorkshop, RoomRefusedError, Store, StoreError
from tests.store.room_workers import GOOD, ROLEPLAY, install_roleplay


@pytest.fixture
def roleplay(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    install_roleplay(monkeypatch, tmp_path / "cases")


def _workshop(store: Store, *cases: str) -> NewWorkshop:
    return store.create_workshop("Deal rooms", list(cases or (ROLEPLAY,)))


def _join(store: Store, made: NewWorkshop, *names: str, case: str | None = None) -> list[int]:
    code = made.workshop.join_code
    return [store.join(code, name, case).participant.id for name in names]


def _seats(store: Store, workshop: int) -> list[tuple[int, str | None, str | None, bool]]:
    """Each room as ``(number, seller's name, customer's name, open)``."""
    return [(r.number, r.seller_name, r.customer_name, r.is_open) for r in store.rooms(workshop)]


# --------------------------------------------------------------------------- joining


@pytest.mark.usefixtures("roleplay")
def test_teams_are_paired_as_they_join_seller_first(store: Store) -> None:
    made = _workshop(store)
    blue, red, green = _join(store, made, "Team Blue", "Team Red", "Team Green")
    assert _seats(store, made.workshop.id) == [
        (1, "Team Blue", "Team Red", True),
        (2, "Team Green", None, True),
    ]
    seat = store.room_for(red)
    assert seat is not None
    assert (seat.number, seat.side, seat.counterpart_name, seat.counterpart_id) == (
        1,
        "customer",
        "Team Blue",
        blue,
    )
    assert not seat.waiting
    assert store.waiting_for_pair(blue) is None

    # The odd team waits, and is told so.
    waiting = store.room_for(green)
    assert waiting is not None
    assert (waiting.number, waiting.side, waiting.counterpart_name, waiting.waiting) == (
        2,
        "seller",
        None,
        True,
    )
    assert store.waiting_for_pair(green) == (
        "Waiting for a counterpart: you will be paired with the next team that joins."
    )
    assert store.waiting_for_pair(green) == WAITING_MESSAGE
    state = store.room_state(waiting.room.id)
    assert state.status == "waiting"
    with pytest.raises(RoomRefusedError, match="Your counterpart has not joined yet"):
        store.act(waiting.room.id, green, "offered", {"values": GOOD, "utility": 50})

    (yellow,) = _join(store, made, "Team Yellow")
    assert store.waiting_for_pair(green) is None
    seat = store.room_for(yellow)
    assert seat is not None
    assert (seat.number, seat.side, seat.counterpart_name) == (2, "customer", "Team Green")
    assert store.room_state(seat.room.id).status == "negotiating"


@pytest.mark.usefixtures("roleplay")
def test_a_case_without_roles_pairs_no_one(store: Store) -> None:
    made = _workshop(store, ROLEPLAY, "pumpco_acme_foods")
    (solo,) = _join(store, made, "Team Solo", case="pumpco_acme_foods")
    (blue,) = _join(store, made, "Team Blue", case=ROLEPLAY)
    (other,) = _join(store, made, "Team Other", case="pumpco_acme_foods")
    assert store.room_for(solo) is None
    assert store.room_for(other) is None
    assert store.waiting_for_pair(solo) is None
    # The role-play team waits for another team on its own case.
    assert store.waiting_for_pair(blue) == WAITING_MESSAGE
    assert _seats(store, made.workshop.id) == [(1, "Team Blue", None, True)]


@pytest.mark.usefixtures("roleplay")
def test_teams_joining_at_the_same_moment_each_get_one_seat(store: Store) -> None:
    made = _workshop(store)
    names = [f"Team {n}" for n in range(6)]
    start = threading.Barrier(len(names))

    def join(name: str) -> int:
        start.wait(30)
        return store.join(made.workshop.join_code, name).participant.id

    with ThreadPoolExecutor(len(names)) as pool:
        ids = list(pool.map(join, names))
    rooms = store.rooms(made.workshop.id)
    assert [r.number for r in rooms] == [1, 2, 3]
    seated = [pid for r in rooms for pid in (r.seller_id, r.customer_id) if pid is not None]
    assert len(seated) == 2 * len(rooms)
    assert sorted(seated) == sorted(ids)  # every team once, no seat empty
    for r in rooms:
        events = store.events_since(r.id)
        assert [(e.kind, e.side) for e in events] == [
            ("joined", "seller"),
            ("joined", "customer"),
        ]


# --------------------------------------------------------------------------- re-pairing


@pytest.mark.usefixtures("roleplay")
def test_re_pairing_closes_the_rooms_and_seats_everyone(store: Store) -> None:
    made = _workshop(store)
    a, b, _c, d = _join(store, made, "Ann", "Bob", "Cy", "Di")
    old = {r.number: r.id for r in store.rooms(made.workshop.id)}

    opened = store.repair(made.workshop.id, made.facilitator_key, [(a, d)])

    assert [(r.number, r.seller_name, r.customer_name) for r in opened] == [
        (3, "Ann", "Di"),
        (4, "Cy", "Bob"),  # the two left out, each on its own side, seated together
    ]
    assert _seats(store, made.workshop.id) == [
        (1, "Ann", "Bob", False),
        (2, "Cy", "Di", False),
        (3, "Ann", "Di", True),
        (4, "Cy", "Bob", True),
    ]
    for number in (1, 2):
        last = store.events_since(old[number])[-1]
        assert (last.kind, last.team, last.side) == ("closed", None, None)
        assert last.payload["reason"].startswith("The facilitator re-paired the teams")
        assert store.room_state(old[number]).status == "closed"
    seat = store.room_for(a)
    assert seat is not None
    assert (seat.number, seat.side, seat.counterpart_name) == (3, "seller", "Di")
    seat = store.room_for(b)
    assert seat is not None
    assert (seat.number, seat.side, seat.counterpart_name) == (4, "customer", "Cy")


@pytest.mark.usefixtures("roleplay")
def test_a_team_left_out_of_a_re_pairing_waits_for_the_next_team(store: Store) -> None:
    made = _workshop(store)
    a, b, c = _join(store, made, "Ann", "Bob", "Cy")
    store.repair(made.workshop.id, made.facilitator_key, [(a, c)])
    assert store.waiting_for_pair(b) == WAITING_MESSAGE
    seat = store.room_for(b)
    assert seat is not None
    assert (seat.number, seat.side) == (4, "customer")  # it keeps the side it was briefed on
    (e,) = _join(store, made, "Eve")
    seat = store.room_for(e)
    assert seat is not None
    assert (seat.number, seat.side, seat.counterpart_name) == (4, "seller", "Bob")
    assert store.waiting_for_pair(b) is None


@pytest.mark.usefixtures("roleplay")
def test_a_pair_already_together_keeps_its_room(store: Store) -> None:
    made = _workshop(store)
    a, b, c, d = _join(store, made, "Ann", "Bob", "Cy", "Di")
    opened = store.repair(made.workshop.id, made.facilitator_key, [(a, b), (d, c)])
    assert [(r.number, r.seller_name, r.customer_name) for r in opened] == [(3, "Di", "Cy")]
    assert _seats(store, made.workshop.id) == [
        (1, "Ann", "Bob", True),
        (2, "Cy", "Di", False),
        (3, "Di", "Cy", True),
    ]


@pytest.mark.usefixtures("roleplay")
def test_a_room_with_an_agreement_is_never_re_paired(store: Store) -> None:
    made = _workshop(store)
    a, b, c, d = _join(store, made, "Ann", "Bob", "Cy", "Di")
    seat = store.room_for(a)
    assert seat is not None
    offer = store.act(seat.room.id, a, "offered", {"values": GOOD, "utility": 60}).event.id
    store.act(seat.room.id, b, "accepted", {"offer": offer})
    before = {r.id: store.events_since(r.id) for r in store.rooms(made.workshop.id)}

    with pytest.raises(StoreError) as caught:
        store.repair(made.workshop.id, made.facilitator_key, [(a, d), (c, b)])
    assert caught.value.message == (
        "Room 1 (Ann and Bob) has reached an agreement, which is final: it cannot be re-paired. "
        "Leave these teams out of the new pairs."
    )
    # Nothing changed: no room closed or opened, no event written.
    assert _seats(store, made.workshop.id) == [
        (1, "Ann", "Bob", True),
        (2, "Cy", "Di", True),
    ]
    assert {r.id: store.events_since(r.id) for r in store.rooms(made.workshop.id)} == before


@pytest.mark.usefixtures("roleplay")
def test_re_pairing_refuses_what_cannot_be(store: Store) -> None:
    made = _workshop(store)
    a, b, c = _join(store, made, "Ann", "Bob", "Cy")
    other = _workshop(store)
    (stranger,) = _join(store, other, "Zed")
    refusals = {
        "This facilitator key does not open this workshop, so its teams cannot be re-paired.": (
            other.facilitator_key,
            [(a, b)],
        ),
        "Choose at least one pair of teams to put in a room together.": (
            made.facilitator_key,
            [],
        ),
        "A team cannot negotiate with itself: pair it with another team.": (
            made.facilitator_key,
            [(a, a)],
        ),
        "A team can sit in one room only: each team appears in one pair.": (
            made.facilitator_key,
            [(a, b), (c, a)],
        ),
        "One of the teams chosen is not in this workshop (any more); reload the dashboard and "
        "choose again.": (made.facilitator_key, [(a, stranger)]),
    }
    before = _seats(store, made.workshop.id)
    for message, (key, pairs) in refusals.items():
        with pytest.raises(StoreError) as caught:
            store.repair(made.workshop.id, key, pairs)
        assert caught.value.message == message
    assert _seats(store, made.workshop.id) == before


@pytest.mark.usefixtures("roleplay")
def test_teams_on_different_cases_or_without_roles_cannot_be_paired(store: Store) -> None:
    made = _workshop(store, ROLEPLAY, "pumpco_acme_foods")
    (a,) = _join(store, made, "Ann", case=ROLEPLAY)
    p, q = _join(store, made, "Pat", "Quinn", case="pumpco_acme_foods")
    with pytest.raises(StoreError, match="Ann and Pat work on different cases"):
        store.repair(made.workshop.id, made.facilitator_key, [(a, p)])
    with pytest.raises(StoreError, match="not a role-play case"):
        store.repair(made.workshop.id, made.facilitator_key, [(p, q)])
    assert _seats(store, made.workshop.id) == [(1, "Ann", None, True)]
