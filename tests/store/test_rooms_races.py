"""Two teams acting at the same moment in one deal room lose nothing and win no race twice.

Issue 18's acceptance: a Hypothesis state machine over offers, counter-offers, withdrawals,
acceptances and walk-aways from both teams of several rooms, some of them made by two threads
released at the same moment, on SQLite and on PostgreSQL (the ``store`` fixture); and two
processes negotiating flat out in room after room. Throughout:

- at most one agreement per room and round;
- never an agreement the side that did not make the offer did not accept (checked on the
  stored log by :func:`tests.store.room_workers.log_problems`, written apart from the fold);
- the stored events always fold without error, to the state the store reports;
- a refused action writes nothing: each room holds exactly the events that were accepted.

Sequential moves are also checked against a small model of the rules kept by the machine.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
import time
import uuid
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import event as hypothesis_event
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from negotiation_lib.datasets import load_pumpco_acme_foods
from negotiation_lib.domain.rooms import RoomEvent, RoomTerms, fold
from negotiation_lib.store import RoomRefusedError, Store
from tests.store import room_workers
from tests.store.room_workers import GOOD, ROLEPLAY, install_roleplay, log_problems

SEEN: Counter[str] = Counter()
"""What the machine met over the session's runs (to check that it met every case)."""

PRICES = st.sampled_from([11000, 11750, 12500, 13000, 13500])  # 13,500 is out of range
IN_RANGE = st.sampled_from([11000, 11750, 12500, 13000])


def _event(what: str) -> None:
    hypothesis_event(what)
    SEEN[what] += 1


@dataclass
class Model:
    """The machine's own reading of one room: offers by team, and whether it has ended."""

    seller: int
    customer: int
    offers: dict[int, tuple[int, str]] = field(default_factory=dict)
    """Offer id → (author, ``open`` / ``superseded`` / ``withdrawn``)."""
    ended: bool = False

    def other(self, team: int) -> int:
        return self.customer if team == self.seller else self.seller

    def open_offers(self, team: int) -> list[int]:
        return [i for i, (by, status) in self.offers.items() if by == team and status == "open"]

    def expects(self, team: int, kind: str, payload: dict[str, Any]) -> bool:
        """Whether the rules allow this move now (written apart from the room's fold)."""
        if self.ended:
            return False
        if kind == "offered":
            return bool(11000 <= payload["values"]["price_per_pump"] <= 13000)
        if kind == "walked_away":
            return True
        by, status = self.offers.get(payload["offer"], (None, None))
        mine = by == team
        return status == "open" and (mine if kind == "withdrawn" else by is not None and not mine)

    def record(self, event: RoomEvent) -> None:
        if event.kind == "offered":
            assert event.team is not None
            for i, (by, status) in self.offers.items():
                if by == event.team and status == "open":
                    self.offers[i] = (by, "superseded")
            self.offers[event.id] = (event.team, "open")
        elif event.kind == "withdrawn":
            by, _ = self.offers[event.payload["offer"]]
            self.offers[event.payload["offer"]] = (by, "withdrawn")
        elif event.kind in ("accepted", "walked_away"):
            self.ended = True

    @classmethod
    def read(cls, seller: int, customer: int, events: list[RoomEvent]) -> Model:
        model = cls(seller, customer)
        for event in events:
            model.record(event)
        return model


def _payload(kind: str, target: int, price: int) -> dict[str, Any]:
    if kind == "offered":
        return {"values": {**GOOD, "price_per_pump": price}, "utility": 50.0}
    if kind == "walked_away":
        return {}
    return {"offer": target}


_TERMS = RoomTerms.from_case(load_pumpco_acme_foods())


class RoomRaces(RuleBasedStateMachine):
    """Up to four rooms of one workshop; two teams in each; one store."""

    store: ClassVar[Store]

    def __init__(self) -> None:
        super().__init__()
        self.rooms: dict[int, Model] = {}
        self.pool = ThreadPoolExecutor(2)

    def teardown(self) -> None:
        self.pool.shutdown()

    @initialize()
    def open_a_workshop(self) -> None:
        made = self.store.create_workshop(f"Races {uuid.uuid4().hex[:6]}", [ROLEPLAY])
        self.code = made.workshop.join_code
        self.two_more_teams()

    # Not "when every room has ended": which move wins a race is up to the threads, and the
    # rules Hypothesis may choose must not depend on it.
    @precondition(lambda self: len(self.rooms) < 4)
    @rule()
    def two_more_teams(self) -> None:
        n = 2 * len(self.rooms)
        seller = self.store.join(self.code, f"Team {n}").participant.id
        customer = self.store.join(self.code, f"Team {n + 1}").participant.id
        seat = self.store.room_for(seller)
        assert seat is not None
        assert seat.counterpart_id == customer
        self.rooms[seat.room.id] = Model(seller, customer)

    # Every rule draws its arguments up front, the same way whatever happened before: which
    # move won a race is up to the threads, and Hypothesis must replay the same draws.
    def _pick(self, which: int) -> tuple[int, Model]:
        # Mostly a room still negotiating; now and then any room, ended ones included.
        rooms = sorted(self.rooms)
        live = [r for r in rooms if not self.rooms[r].ended]
        chosen = live if live and which < 3 else rooms
        room = chosen[which % len(chosen)]
        return room, self.rooms[room]

    @staticmethod
    def _target(pick: int, model: Model, team: int, kind: str) -> int:
        """Mostly the offer the move is meant for (one's own open offer to withdraw, the
        counterpart's to accept), else any offer ever made (own, withdrawn, superseded …), or
        one that does not exist."""
        meant = model.open_offers(team if kind == "withdrawn" else model.other(team))
        if pick < 6 and meant:
            return meant[-1]
        known = sorted(model.offers)
        return known[pick % len(known)] if known and pick < 12 else 10**9

    def _act(self, room: int, team: int, kind: str, payload: dict[str, Any]) -> bool:
        try:
            self.store.act(room, team, kind, payload)
        except RoomRefusedError:
            return False
        return True

    @rule(
        which=st.integers(0, 3),
        seller=st.booleans(),
        # Walking away ends a room: rarer than the other moves, so rooms last a while.
        kind=st.sampled_from(
            ["offered"] * 3 + ["withdrawn"] * 2 + ["accepted"] * 2 + ["walked_away"]
        ),
        pick=st.integers(0, 12),
        price=PRICES,
    )
    def one_move(self, which: int, seller: bool, kind: str, pick: int, price: int) -> None:
        """A team moves alone: the room does exactly what the rules say, and records it."""
        room, model = self._pick(which)
        team = model.seller if seller else model.customer
        payload = _payload(kind, self._target(pick, model, team, kind), price)
        expected = model.expects(team, kind, payload)
        before = self.store.events_since(room)
        done = self._act(room, team, kind, payload)
        after = self.store.events_since(room)
        assert done == expected, (kind, payload, model)
        if done:
            _event(f"{kind}: recorded")
            assert after[: len(before)] == before
            assert len(after) == len(before) + 1
            model.record(after[-1])
        else:
            _event(f"{kind}: refused")
            assert after == before  # a refused move writes nothing

    @rule(
        which=st.integers(0, 2),
        seller=st.booleans(),
        price=IN_RANGE,
        answer=st.sampled_from(["accepted", "withdrawn"]),
    )
    def an_offer_and_its_answer(self, which: int, seller: bool, price: int, answer: str) -> None:
        """A team offers in a live room, then the other accepts it or its author withdraws it.

        Drawn at random, a move seldom meets an open offer it may take (most rooms have ended
        or hold none): a run met an accepted offer 9 times in 30 examples, and now and then a
        session never did. Each move goes through :meth:`one_move`, with all its checks.
        """
        self.one_move(which, seller, "offered", 0, price)
        self.one_move(which, seller if answer == "withdrawn" else not seller, answer, 0, price)

    @rule(
        which=st.integers(0, 3),
        seller=st.booleans(),
        price=IN_RANGE,
        race=st.sampled_from(["both accept", "accept or withdraw", "accept or counter", "walk"]),
    )
    def two_moves_at_once(self, which: int, seller: bool, price: int, race: str) -> None:
        """Both teams move at the same moment, over the same offers on the table."""
        room, model = self._pick(which)
        if model.ended:
            return
        author = model.seller if seller else model.customer
        other = model.other(author)
        if not model.open_offers(author):
            self._act(room, author, "offered", _payload("offered", 0, price))
            model = self.rooms[room] = Model.read(
                model.seller, model.customer, self.store.events_since(room)
            )
        (offer,) = model.open_offers(author)
        if race == "both accept":
            if not model.open_offers(other):
                self._act(room, other, "offered", _payload("offered", 0, 12000))
            theirs = Model.read(model.seller, model.customer, self.store.events_since(room))
            (counter,) = theirs.open_offers(other)
            moves = [
                (other, "accepted", {"offer": offer}),
                (author, "accepted", {"offer": counter}),
            ]
        elif race == "accept or withdraw":
            moves = [(other, "accepted", {"offer": offer}), (author, "withdrawn", {"offer": offer})]
        elif race == "accept or counter":
            moves = [
                (other, "accepted", {"offer": offer}),
                (author, "offered", _payload("offered", 0, 12250)),
            ]
        else:
            moves = [(other, "accepted", {"offer": offer}), (author, "walked_away", {})]
        before = self.store.events_since(room)
        start = threading.Barrier(2)

        def move(team: int, kind: str, payload: dict[str, Any]) -> bool:
            start.wait(30)
            return self._act(room, team, kind, payload)

        done = list(self.pool.map(lambda m: move(*m), moves))
        after = self.store.events_since(room)
        # Exactly one of the two wins: whichever lands first ends the room or takes the offer
        # off the table, and the other is judged against that.
        assert sum(done) == 1, (race, done)
        assert len(after) == len(before) + 1
        _event(f"race {race}: {'acceptance' if done[0] else 'the other move'} won")
        self.rooms[room] = Model.read(model.seller, model.customer, after)

    @invariant()
    def every_stored_log_keeps_the_rules(self) -> None:
        for room, model in self.rooms.items():
            events = self.store.events_since(room)
            assert log_problems(events) == []
            state = self.store.room_state(room)
            assert state == fold(_TERMS, events)
            assert sum(e.kind == "accepted" for e in events) == len(state.agreements) <= 1
            for agreement in state.agreements:
                assert agreement.team != agreement.offer.team
                assert {agreement.team, agreement.offer.team} == {model.seller, model.customer}
            # Only accepted moves were written: the room's events are its model's.
            assert Model.read(model.seller, model.customer, events) == model


def _run(store: Store, examples: int, steps: int) -> None:
    machine = type(f"RoomRaces{store.engine.dialect.name}", (RoomRaces,), {"store": store})
    run_state_machine_as_test(
        machine,
        settings=settings(
            max_examples=examples,
            stateful_step_count=steps,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )


def test_two_teams_acting_at_once_never_win_twice(
    store: Store, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    install_roleplay(monkeypatch, tmp_path / "cases")
    examples = 30 if store.engine.dialect.name == "sqlite" else 20
    _run(store, examples, steps=25)


def test_the_race_machine_met_every_move_and_every_race() -> None:
    """The machine's runs above (both databases) were not vacuous.

    Which moves a run meets depends on how the threads' races came out, so one run can miss a
    case now and then; over the runs on both databases each must have come up.
    """
    if not SEEN:
        pytest.skip("the race machine did not run in this session (deselected)")
    met = {
        "offered: recorded",
        "offered: refused",
        "withdrawn: recorded",
        "withdrawn: refused",
        "accepted: recorded",
        "accepted: refused",
        "walked_away: recorded",
        "walked_away: refused",
    }
    assert met <= set(SEEN), sorted(met - set(SEEN))
    for race in ("both accept", "accept or withdraw", "accept or counter", "walk"):
        assert any(k.startswith(f"race {race}:") for k in SEEN), (race, dict(SEEN))


# --------------------------------------------------------------------------- processes

SPAWN = multiprocessing.get_context("spawn")
ROOMS = 6
STEPS = 40
TIMEOUT_S = 240.0


@pytest.mark.slow
def test_two_processes_negotiating_flat_out_keep_every_rule(
    store: Store, store_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    install_roleplay(monkeypatch, tmp_path / "cases")
    made = store.create_workshop("Flat out", [ROLEPLAY])
    rooms: list[tuple[int, int, int]] = []
    for n in range(ROOMS):
        seller = store.join(made.workshop.join_code, f"Seller {n}").participant.id
        customer = store.join(made.workshop.join_code, f"Customer {n}").participant.id
        seat = store.room_for(seller)
        assert seat is not None
        rooms.append((seat.room.id, seller, customer))
    start = SPAWN.Barrier(2)
    results = SPAWN.Queue()
    processes = [
        SPAWN.Process(
            target=room_workers.negotiate,
            args=(store_url, rooms, side, 1000 + side, STEPS, start, results),
            name=f"side {side}",
        )
        for side in (0, 1)
    ]
    for process in processes:
        process.start()
    seen: list[tuple[int, int, str, int, str]] = []
    deadline = time.monotonic() + TIMEOUT_S
    try:
        while time.monotonic() < deadline:
            try:
                seen.append(results.get(timeout=1.0))
            except queue.Empty:
                if not any(p.is_alive() for p in processes) and results.empty():
                    break
        for process in processes:
            process.join(max(0.0, deadline - time.monotonic()))
    finally:
        for process in processes:
            if process.is_alive():
                process.kill()
                process.join()
    assert [p.exitcode for p in processes] == [0, 0], "a team's process failed (see stderr)"

    recorded: defaultdict[int, Counter[str]] = defaultdict(Counter)
    for room, _team, kind, _target, outcome in seen:
        if outcome == "ok":
            recorded[room][kind] += 1
    agreements = 0
    for room, _seller, _customer in rooms:
        events = store.events_since(room)
        assert log_problems(events) == []
        assert store.room_state(room) == fold(_TERMS, events)
        # Every move told "ok" is in the log, and nothing else is.
        team_events = Counter(e.kind for e in events if e.kind != "joined")
        assert team_events == recorded[room]
        assert team_events["accepted"] <= 1
        agreements += team_events["accepted"]
    refused = sum(1 for *_, outcome in seen if outcome == "refused")
    assert agreements > 0
    assert refused > 0  # the two really did get in each other's way
