r"""A practice opponent in a real room: what it does next, as the room's events.

A practice opponent (:mod:`~negotiation_lib.domain.opponents.tactics`) plays one side of a
deal room against a team. It acts through the same events a team appends (DESIGN §7), so its
offers are scored, recorded and debriefed exactly like a team's. :func:`next_moves` reads the
room's state and says what the opponent appends now:

1. **Its model** (trust-based only): every fact of :func:`model_facts` it has not shared yet,
   and its sealed definition of winning revealed, once the seal is in the room. A CPT
   opponent shares and reveals nothing.
2. **Its move in the negotiation**, on the room's shared clock: the step :math:`t` of the
   round is the number of offers made in it so far (both sides counted), as in
   :func:`~negotiation_lib.domain.opponents.simulation.negotiate`. The seller's opponent opens
   a round; otherwise it answers the team's newest open offer, when that offer is newer than
   its own: it accepts it if it reaches its target :math:`U(t)`, or proposes its own package
   (:meth:`Opponent.reply`), or walks away past the round's last step. While its own offer
   is the newest, it waits for the team.

The trust-based opponent is rebuilt with the team's revealed definition as soon as there is
one (:func:`~negotiation_lib.domain.opponents.tactics.practice_opponent`, ``counterpart``):
from then on it proposes by the Nash product with it.

Everything here is pure: the same state and seed give the same moves.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from negotiation_lib.domain.case import Case, PartyDefinition
from negotiation_lib.domain.opponents.space import OutcomeSpace
from negotiation_lib.domain.opponents.tactics import (
    DEFAULT_DEADLINE,
    Opponent,
    Style,
    practice_opponent,
)
from negotiation_lib.domain.roles import Fact
from negotiation_lib.domain.rooms.state import Offer, RoomState, Side, other_side

__all__ = ["PlannedEvent", "next_moves", "opponent_for", "round_step"]


@dataclass(frozen=True, slots=True)
class PlannedEvent:
    """An event a practice opponent appends to its room: a kind and its payload (fold.py)."""

    kind: str
    payload: Mapping[str, Any]


def round_step(state: RoomState) -> int:
    """The step :math:`t` of the round under way: offers made in it so far, both sides."""
    return sum(1 for o in state.offers if o.round == state.round)


def _revealed_definition(state: RoomState, side: Side) -> PartyDefinition | None:
    shown = state.seals.get(side)
    if shown is None or not shown.shown:
        return None
    return PartyDefinition.model_validate(dict(shown.shown[-1].definition or {}))


def opponent_for(
    case: Case,
    state: RoomState,
    side: Side,
    style: Style,
    seed: int,
    *,
    space: OutcomeSpace | None = None,
    deadline: int = DEFAULT_DEADLINE,
) -> Opponent:
    """The opponent as it plays now: with the team's revealed definition, once there is one.

    Parameters
    ----------
    case
        The room's case, its truth (both private parts merged).
    state
        The room's state.
    side, style, seed
        The side it plays, its style and the room's seed.
    space
        The room's packages, when the caller enumerated them already (they depend only on
        the case).
    deadline
        :math:`T`, the last step of a round.
    """
    counterpart = _revealed_definition(state, other_side(side)) if style == "trust" else None
    return practice_opponent(
        case, side, style, seed, counterpart=counterpart, deadline=deadline, space=space
    )


def _newest_open(state: RoomState, side: Side) -> Offer | None:
    mine = [o for o in state.offers if o.side == side and o.round == state.round]
    latest = mine[-1] if mine else None
    return latest if latest is not None and latest.status == "open" else None


def next_moves(
    state: RoomState,
    opponent: Opponent,
    *,
    shares: tuple[Fact, ...] = (),
    sealed: PartyDefinition | None = None,
) -> tuple[PlannedEvent, ...]:
    """What the practice opponent appends to its room now (possibly nothing).

    Parameters
    ----------
    state
        The room's state, the opponent seated on ``opponent.side``.
    opponent
        The opponent (:func:`opponent_for`).
    shares
        The facts its style shares at once (:func:`~negotiation_lib.domain.opponents.tactics.
        model_facts`); ignored for a CPT opponent.
    sealed
        The definition of winning its side sealed in the room (the fold checks it against the
        seal's fingerprint): a trust-based opponent reveals it. ``None``: nothing to reveal.

    Returns
    -------
    tuple of PlannedEvent
        In order: facts to share, the reveal of its definition, then at most one move of the
        negotiation (``offered``, ``accepted`` or ``walked_away``).
    """
    side = opponent.side
    if state.closure is not None or side not in state.teams:
        return ()
    out: list[PlannedEvent] = []
    if opponent.style == "trust":
        said = {f.path for f in state.shared if f.side == side}
        out += [
            PlannedEvent("shared", {"path": f.path, "value": f.value})
            for f in shares
            if f.path not in said
        ]
        seals = state.seals.get(side)
        latest = seals.latest if seals is not None else None
        if latest is not None and not latest.revealed and sealed is not None:
            shown = sealed.model_dump(mode="json")
            out.append(PlannedEvent("revealed", {"version": latest.version, "definition": shown}))
    if not state.paired or state.ended is not None or state.agreement is not None:
        return tuple(out)
    t = round_step(state)
    theirs = _newest_open(state, other_side(side))
    mine = _newest_open(state, side)
    if theirs is None and (mine is not None or side != "seller"):
        return tuple(out)  # the team's turn: it opens (a customer's opponent) or answers
    if theirs is not None and mine is not None and mine.id > theirs.id:
        return tuple(out)  # its own offer is the newest: it waits for the team
    move = opponent.reply(t, None if theirs is None else theirs.values)
    if move.kind == "accept":
        assert theirs is not None
        out.append(PlannedEvent("accepted", {"offer": theirs.id}))
    elif move.kind == "walk_away":
        out.append(
            PlannedEvent(
                "walked_away",
                {"reason": "The round reached its last step without a package it can accept."},
            )
        )
    else:
        assert move.values is not None
        assert move.utility is not None
        out.append(PlannedEvent("offered", {"values": dict(move.values), "utility": move.utility}))
    return tuple(out)
