"""A practice opponent in a real room: its moves are the room's events, folded by its rules.

A team plays the workbook's opponent through the room's own fold
(:mod:`negotiation_lib.domain.rooms.fold`): every move :func:`next_moves` plans is applied as
an event, so the rules a team meets (one agreement per round, the latest offer only, a reveal
that matches its seal) hold for the opponent too. Utilities are recomputed here with
:func:`~negotiation_lib.domain.win_win.utilities.utility` from the case's own definitions.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import pytest

from negotiation_lib.datasets import load_role_play_case
from negotiation_lib.domain.case import PartyDefinition
from negotiation_lib.domain.opponents import Style, model_facts, outcome_space
from negotiation_lib.domain.opponents.play import (
    PlannedEvent,
    next_moves,
    opponent_for,
    round_step,
)
from negotiation_lib.domain.roles import private_facts, truth
from negotiation_lib.domain.rooms import RoomEvent, RoomState, RoomTerms, Side, apply, new_room
from negotiation_lib.domain.seal import seal
from negotiation_lib.domain.validation import parse_case
from negotiation_lib.domain.win_win.utilities import utility

NAME = "valtora_brightmoor"
DOC = load_role_play_case(NAME)
TRUTH = truth(DOC)
CASE = parse_case(TRUTH)
TERMS = RoomTerms.from_case(CASE)
SPACE = outcome_space(TERMS)
TEAM, BOT = 11, 12
AT = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


class Room:
    """A room folded event by event, as the store does inside its transaction."""

    def __init__(self, bot_side: Side) -> None:
        self.state: RoomState = new_room(TERMS)
        self.next_id = 1
        self.bot_side: Side = bot_side
        self.team_side: Side = "customer" if bot_side == "seller" else "seller"
        self.log: list[RoomEvent] = []
        self.act(self.team_side, "joined", {"name": "Team Harbour"})
        self.act(bot_side, "joined", {"name": "Practice opponent"})
        definition = PartyDefinition.model_validate(TRUTH["win_win"][bot_side])
        sealed = seal(definition, AT)
        self.sealed = definition
        self.act(
            bot_side,
            "sealed",
            {"version": 1, "sha256": sealed.sha256, "sealed_at": sealed.sealed_at.isoformat()},
        )

    def act(self, side: Side, kind: str, payload: Mapping[str, Any]) -> None:
        team = BOT if side == self.bot_side else TEAM
        event = RoomEvent(self.next_id, kind, side, team, dict(payload), self.state.round, AT)
        self.state = apply(self.state, event)  # raises RoomError if the rules refuse it
        self.log.append(event)
        self.next_id += 1

    def bot_plays(self, style: Style, seed: int = 7) -> tuple[PlannedEvent, ...]:
        opponent = opponent_for(CASE, self.state, self.bot_side, style, seed, space=SPACE)
        shares = model_facts(DOC, self.bot_side, opponent.style)
        moves = next_moves(self.state, opponent, shares=shares, sealed=self.sealed)
        for move in moves:
            self.act(self.bot_side, move.kind, move.payload)
        return moves


def _own_utility(side: Side, values: Mapping[str, Any]) -> float:
    definition = PartyDefinition.model_validate(TRUTH["win_win"][side])
    assert CASE.win_win is not None
    return utility(definition, CASE.win_win.issues, dict(values))


def _play_to_the_end(room: Room, style: Style, package: Mapping[str, Any]) -> int:
    """The team offers ``package`` whenever it is its turn; the opponent answers. Steps used."""
    for _ in range(60):
        room.bot_plays(style)
        if room.state.agreement is not None or room.state.walk_away is not None:
            return round_step(room.state)
        room.act(room.team_side, "offered", {"values": dict(package), "utility": 50.0})
    raise AssertionError("the room never ended")


@pytest.mark.parametrize("style", ["cpt", "trust"])
def test_the_seller_opponent_opens_and_its_offers_are_scored_like_a_teams(style: Style) -> None:
    room = Room("seller")
    moves = room.bot_plays(style)
    offers = [m for m in moves if m.kind == "offered"]
    assert len(offers) == 1  # the seller's opponent opens the round, once
    offer = room.state.offers[-1]
    assert (offer.side, offer.team, offer.round) == ("seller", BOT, 1)
    assert offer.utility == pytest.approx(_own_utility("seller", offer.values))
    # Its own offer is the newest: it waits for the team.
    assert room.bot_plays(style) == ()


def test_the_customer_opponent_waits_for_the_team_to_open() -> None:
    room = Room("customer")
    assert [m.kind for m in room.bot_plays("cpt")] == []
    assert room.state.offers == ()


def test_the_cpt_opponent_shares_nothing_and_keeps_its_definition_sealed() -> None:
    room = Room("seller")
    generous = SPACE.package(int(SPACE.utilities(room.sealed).argmax()))
    _play_to_the_end(room, "cpt", generous)
    assert {e.kind for e in room.log if e.side == "seller"} <= {"joined", "sealed", "offered"} | {
        "accepted",
        "walked_away",
    }
    assert room.state.shared == ()
    assert room.state.seals["seller"].revealed is False
    # No private value of the seller reached any payload it wrote.
    secrets = {repr(f.value) for f in private_facts(DOC, "seller")}
    written = repr([e.payload for e in room.log if e.side == "seller"])
    assert not [s for s in secrets if s in written and s not in repr(TERMS)]


def test_the_trust_opponent_shares_its_model_and_reveals_the_definition_it_sealed() -> None:
    room = Room("seller")
    moves = room.bot_plays("trust")
    facts = model_facts(DOC, "seller", "trust")
    assert facts, "the case gives the seller an open book to share"
    assert [m.kind for m in moves] == ["shared"] * len(facts) + ["revealed", "offered"]
    assert {(f.path, repr(f.value)) for f in room.state.shared} == {
        (f.path, repr(f.value)) for f in facts
    }
    assert room.state.seals["seller"].revealed  # the fold checked it against the seal
    # Shared once: the next call shares nothing again.
    room.act("customer", "offered", {"values": dict(room.state.offers[-1].values), "utility": 1})
    assert all(m.kind not in ("shared", "revealed") for m in room.bot_plays("trust"))


@pytest.mark.parametrize("style", ["cpt", "trust"])
def test_a_team_reaches_an_agreement_with_the_opponent_at_a_package_it_can_accept(
    style: Style,
) -> None:
    # The team asks for the package best for the customer among those the seller can live
    # with (its must-haves and reservation utility): the opponent concedes until it accepts.
    room = Room("seller")
    seller_def = room.sealed
    customer_def = PartyDefinition.model_validate(TRUTH["win_win"]["customer"])
    feasible = SPACE.must_haves(seller_def) & (
        SPACE.utilities(seller_def) >= seller_def.reservation_utility
    )
    theirs = SPACE.utilities(customer_def)
    theirs[~feasible] = -1.0
    package = SPACE.package(int(theirs.argmax()))
    steps = _play_to_the_end(room, style, package)
    agreement = room.state.agreement
    assert agreement is not None, "the opponent accepts a package above its reservation"
    assert agreement.accepted_by == "seller"
    assert dict(agreement.offer.values) == dict(package)
    # It accepted no earlier than its target allowed: at the step of acceptance the package
    # reaches the target, one offer earlier it did not.
    opponent = opponent_for(CASE, room.state, "seller", style, 7, space=SPACE)
    mine = _own_utility("seller", package)
    assert mine >= opponent.target(steps) - 1e-9
    assert mine < opponent.target(steps - 2) + 1e-9
