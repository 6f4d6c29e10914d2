"""A practice opponent seated in a waiting team's room (issue 19), on SQLite and PostgreSQL.

The workbook plays the empty side of the room: its events go through the room's rules like a
team's, it answers inside the transaction of the team's action, and it is never one of the
workshop's people. What it does is compared with the pure opponent of
:mod:`negotiation_lib.domain.opponents` run on the same seed (``seed_of(workshop, room)``),
and its recorded utilities with the case's own definition scored independently
(:func:`~negotiation_lib.domain.win_win.utilities.utility`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from negotiation_lib.datasets import load_role_play_case
from negotiation_lib.domain.case import PartyDefinition
from negotiation_lib.domain.opponents import model_facts, outcome_space
from negotiation_lib.domain.opponents.play import opponent_for
from negotiation_lib.domain.roles import private_facts, truth
from negotiation_lib.domain.rooms import IssueValue, RoomTerms, seed_of
from negotiation_lib.domain.validation import parse_case
from negotiation_lib.domain.win_win.utilities import utility
from negotiation_lib.store import Store, StoreError

CASE_NAME = "valtora_brightmoor"
ROLES = load_role_play_case(CASE_NAME)
DOC = truth(ROLES)
ISSUES = parse_case(DOC).win_win.issues  # type: ignore[union-attr]


def _lone_team(store: Store, rounds: int = 1) -> tuple[int, int, int]:
    made = store.create_workshop("Practice", [CASE_NAME], rounds=rounds)
    team = store.join(made.workshop.join_code, "Team Solo").participant.id
    seat = store.room_for(team)
    assert seat is not None
    assert seat.waiting
    return made.workshop.id, seat.room.id, team


def _score(side: str, values: dict[str, Any]) -> float:
    definition = PartyDefinition.model_validate(DOC["win_win"][side])
    return utility(definition, ISSUES, values)


def test_a_cpt_opponent_joins_the_empty_seat_shares_nothing_and_is_not_a_person(
    store: Store,
) -> None:
    workshop, room, team = _lone_team(store)
    info = store.seat_practice_opponent(team, "cpt")
    assert info.id == room
    assert info.customer_name == "Practice opponent, CPT (room 1)"
    state = store.room_state(room)
    assert state.paired
    assert dict(state.practice) == {"customer": "cpt"}
    # The workshop's people: the team only, its count too.
    assert [p.id for p in store.participants(workshop)] == [team]
    assert store.workshop(workshop).participants == 1
    # CPT shares, seals and reveals nothing; the seller's turn to open.
    assert not state.shared
    assert "customer" not in state.seals
    assert not state.offers
    seat = store.room_for(team)
    assert seat is not None
    assert not seat.waiting


def test_a_trust_based_opponent_seals_and_shares_its_open_book_as_it_sits_down(
    store: Store,
) -> None:
    _, room, team = _lone_team(store)
    store.seat_practice_opponent(team, "trust")
    state = store.room_state(room)
    shared = {f.path for f in state.shared if f.side == "customer"}
    expected = {f.path for f in model_facts(ROLES, "customer", "trust")}
    assert shared == expected
    assert shared
    # Only the customer's own facts: nothing of the seller's side is said by the workbook.
    assert shared <= {f.path for f in private_facts(ROLES, "customer")}
    latest = state.seals_of("customer").latest
    assert latest is not None
    assert latest.version == 1


def test_the_opponent_answers_each_offer_in_the_same_action_scored_by_its_definition(
    store: Store,
) -> None:
    workshop, room, team = _lone_team(store)
    store.seat_practice_opponent(team, "cpt")
    package: dict[str, IssueValue] = {
        "price_per_housing": 30000.0,
        "lead_time_weeks": 8.0,
        "contract_years": 1.0,
        "payment_terms": "30 days",
    }
    outcome = store.act(room, team, "offered", {"values": package, "utility": 90})
    state = outcome.state
    answers = [o for o in state.offers if o.side == "customer"]
    # A package this high is below a CPT customer's target at step 1: it counters at once.
    assert len(answers) == 1
    assert answers[0].id > outcome.event.id
    answer = answers[0]
    assert answer.utility == pytest.approx(_score("customer", dict(answer.values)), abs=1e-6)
    assert state.agreement is None
    assert state.walk_away is None
    # The same as the pure opponent on the room's seed, step 1.
    case = parse_case(DOC)
    opponent = opponent_for(
        case,
        state,
        "customer",
        "cpt",
        seed_of(workshop, room),
        space=outcome_space(RoomTerms.from_case(case)),
    )
    move = opponent.reply(1, package)
    assert move.kind == "offer"
    assert move.values == dict(answer.values)


def test_a_customer_team_meets_a_seller_opponent_that_opens_and_renews_each_round(
    store: Store,
) -> None:
    made = store.create_workshop("Practice rounds", [CASE_NAME], rounds=3)
    code = made.workshop.join_code
    ids = [store.join(code, f"Team {n}").participant.id for n in ("A", "B", "C")]
    key = made.facilitator_key
    # A and C paired; B, left out, waits on the customer's side.
    store.repair(made.workshop.id, key, [(ids[0], ids[2])])
    seat = store.room_for(ids[1])
    assert seat is not None
    assert seat.waiting
    assert seat.side == "customer"
    store.seat_practice_opponent(ids[1], "trust")
    room = seat.room.id
    state = store.room_state(room)
    assert dict(state.practice) == {"seller": "trust"}
    draws = np.random.default_rng(seed_of(made.workshop.id, room)).random(3)
    for r in (1, 2, 3):
        assert state.round == r
        offer = state.open_offer("seller")
        assert offer is not None, "the seller's opponent opens each round"
        state = store.act(room, ids[1], "accepted", {"offer": offer.id}).state
        if r == 3 or not state.closures[-1].renewed:
            break
    # Every renewal drawn from the room's seed, as for two teams.
    assert [c.draw for c in state.closures] == pytest.approx(list(draws[: len(state.closures)]))
    assert state.ended is not None
    assert len(state.agreements) == len(state.closures) + (1 if state.round == 3 else 0)


def test_bad_requests_change_nothing(store: Store) -> None:
    workshop, room, team = _lone_team(store)
    with pytest.raises(StoreError, match="CPT or trust-based"):
        store.seat_practice_opponent(team, "hardball")
    assert not store.room_state(room).paired
    store.seat_practice_opponent(team, "cpt")
    with pytest.raises(StoreError, match="already has a counterpart"):
        store.seat_practice_opponent(team, "trust")
    assert dict(store.room_state(room).practice) == {"customer": "cpt"}
    # The next team opens a room of its own: the workbook's seat is taken.
    other = store.join(store.workshop(workshop).join_code, "Team Late").participant.id
    seat = store.room_for(other)
    assert seat is not None
    assert seat.room.id != room
    assert seat.waiting


def test_re_pairing_a_practising_team_leaves_the_opponent_out(store: Store) -> None:
    made = store.create_workshop("Practice re-pair", [CASE_NAME])
    code = made.workshop.join_code
    solo = store.join(code, "Team Solo").participant.id
    store.seat_practice_opponent(solo, "cpt")
    late = store.join(code, "Team Late").participant.id
    opened = store.repair(made.workshop.id, made.facilitator_key, [(solo, late)])
    assert [(r.seller_id, r.customer_id) for r in opened] == [(solo, late)]
    rooms = store.rooms(made.workshop.id)
    assert sum(1 for r in rooms if r.is_open) == 1
