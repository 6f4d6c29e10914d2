"""A role-play case for the deal-room tests, an independent check of a room's log, and the
teams the race test runs in processes of their own.

The race test starts :func:`negotiate` with the ``spawn`` start method (the target is pickled
by reference, so it lives in an importable module).

The role-play case is the PumpCo sample split the way DESIGN §7 describes: the public part,
and per side a brief and private facts (each side's definition of winning; the seller also
keeps the relationship's figures). Its truth, public and both privates merged, is PumpCo.
Tests install it in a case folder of their own (:func:`install_roleplay`): the shipped sample
cases are left alone.
"""

from __future__ import annotations

import json
import random
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from negotiation_lib import datasets
from negotiation_lib.domain.rooms import RoomEvent
from negotiation_lib.store import RoomRefusedError, Store
from tests.store import CASES_DIR, sample_case

ROLEPLAY = "pumpco_roleplay"
"""The name the role-play case is handed out under in the tests."""

GOOD: dict[str, Any] = {
    "price_per_pump": 12000,
    "warranty": "2 years",
    "payment_terms": "net 60",
    "contract_years": 2,
}
"""A package inside every issue's range of the PumpCo case."""

BARRIER_TIMEOUT_S = 120.0


def roleplay_document() -> dict[str, Any]:
    """The PumpCo case as a role-play case: public part, and each side's brief and secrets."""
    public = sample_case("pumpco_acme_foods")
    win_win = public["win_win"]
    win_win.pop("seals", None)
    seller_definition = win_win.pop("seller")
    customer_definition = win_win.pop("customer")
    relationship = public.pop("relationship")
    # A side scores the price with points: an open-book score would read the other side's
    # private costs off the zone of agreement.
    seller_definition["scores"]["price_per_pump"] = [[11000, 0], [13000, 100]]
    customer_definition["scores"]["price_per_pump"] = [[11000, 100], [13000, 0]]
    return {
        "schema_version": public.pop("schema_version"),
        "roles": {
            "public": public,
            "seller": {
                "brief": "You sell the pumps.",
                "private": {"win_win": {"seller": seller_definition}, "relationship": relationship},
            },
            "customer": {
                "brief": "You buy the pumps.",
                "private": {"win_win": {"customer": customer_definition}},
            },
        },
    }


def install_roleplay(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Serve the sample cases and the role-play case from ``folder`` for this test."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in CASES_DIR.glob("*.json"):
        shutil.copy(path, folder / path.name)
    (folder / f"{ROLEPLAY}.json").write_text(json.dumps(roleplay_document()), "utf-8")
    monkeypatch.setattr(datasets, "CASES_DIR", folder)


def log_problems(events: Sequence[RoomEvent]) -> list[str]:
    """What is wrong with a room's stored log, read independently of the room's fold.

    At most one agreement per round; an acceptance only of an offer the other side made, that
    was still its author's latest and not withdrawn, before any agreement or walk-away; no
    offer, withdrawal or acceptance after the room ended; nothing after it closed.
    """
    problems: list[str] = []
    latest: dict[int, int] = {}
    author: dict[int, int] = {}
    withdrawn: set[int] = set()
    agreed: set[int] = set()
    ended_rounds: set[int] = set()
    closed = False
    for event in events:
        if closed:
            problems.append(f"event {event.id} ({event.kind}) after the room closed")
        if event.kind == "closed":
            closed = True
        moves = ("offered", "withdrawn", "accepted", "walked_away", "pact")
        if event.kind in moves and event.round in ended_rounds:
            problems.append(f"event {event.id} ({event.kind}) after the round ended")
        if event.kind == "offered":
            assert event.team is not None
            latest[event.team] = event.id
            author[event.id] = event.team
        elif event.kind == "withdrawn":
            withdrawn.add(event.payload["offer"])
        elif event.kind == "walked_away":
            ended_rounds.add(event.round)
        elif event.kind == "accepted":
            offer = event.payload["offer"]
            by = author.get(offer)
            if by is None or by == event.team:
                problems.append(f"event {event.id} accepts offer {offer}, not the other side's")
            elif latest.get(by) != offer:
                problems.append(f"event {event.id} accepts offer {offer}, not its author's latest")
            if offer in withdrawn:
                problems.append(f"event {event.id} accepts the withdrawn offer {offer}")
            if event.round in agreed:
                problems.append(f"event {event.id} is a second agreement in round {event.round}")
            agreed.add(event.round)
            ended_rounds.add(event.round)
    return problems


def negotiate(
    url: str,
    rooms: Sequence[tuple[int, int, int]],
    side: int,
    seed: int,
    steps: int,
    start: Any,
    results: Any,
) -> None:
    """One team, in a process of its own, negotiating in each room of ``rooms`` in turn.

    ``rooms`` holds ``(room id, seller id, customer id)``; ``side`` is 0 for the seller, 1 for
    the customer. In each room both teams start together (``start`` is a shared barrier) and
    play fast: accept the counterpart's offer on the table, counter it, withdraw their own, or
    now and then walk away, until the room ends or ``steps`` moves are made. Every move's
    outcome goes to ``results`` as ``(room, team, kind, target, "ok" | "refused")``.
    """
    store = Store(url)
    draw = random.Random(seed)
    try:
        for room_id, seller, customer in rooms:
            me, them = (seller, customer) if side == 0 else (customer, seller)
            start.wait(BARRIER_TIMEOUT_S)
            for _ in range(steps):
                events = store.events_since(room_id)
                theirs = [e.id for e in events if e.kind == "offered" and e.team == them]
                mine = [e.id for e in events if e.kind == "offered" and e.team == me]
                roll = draw.random()
                kind, target = "offered", 0
                payload: dict[str, Any] = {}
                if theirs and roll < 0.35:
                    kind, target = "accepted", theirs[-1]
                    payload = {"offer": target}
                elif mine and roll < 0.55:
                    kind, target = "withdrawn", mine[-1]
                    payload = {"offer": target}
                elif roll > 0.97:
                    kind = "walked_away"
                else:
                    price = draw.choice([11000, 11500, 12000, 12500, 13000])
                    payload = {"values": {**GOOD, "price_per_pump": price}, "utility": 50.0}
                try:
                    store.act(room_id, me, kind, payload)
                    outcome = "ok"
                except RoomRefusedError:
                    outcome = "refused"
                results.put((room_id, me, kind, target, outcome))
                if not store.room_state(room_id).takes_offers:
                    break
    finally:
        store.close()
