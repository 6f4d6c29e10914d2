"""A practice opponent seated in a team's deal room, and its moves as the room's events.

A team without a counterpart (the odd team of a workshop, or one left out of a re-pairing)
may ask the workbook to play the empty side (DESIGN §7, "Practice opponents"):
:meth:`PracticeMixin.seat_practice_opponent` adds a participant for the workbook's side (it
has no resume code, is never listed among the workshop's people and never counts toward its
size), seats it with a ``joined`` event whose payload names its style, and lets it make its
first moves.

The opponent then acts inside the same transaction as each of the team's actions
(:func:`practice_replies`, called by :meth:`~negotiation_lib.store.rooms.RoomsMixin.act`):
the room's lock is held, so two tabs of the team never make it answer twice, and its events
go through the room's rules exactly as a team's do; its offers are scored, recorded and
debriefed like any other. What it does is :func:`negotiation_lib.domain.opponents.play.
next_moves`, deterministic given the room's seed (:func:`~negotiation_lib.domain.rooms.
seed_of`). A trust-based opponent seals its definition of winning as it sits down, then shares
its open book and reveals that definition; a CPT opponent seals, shares and reveals nothing.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from negotiation_lib.datasets import load_role_play_case
from negotiation_lib.domain.case import Case, PartyDefinition
from negotiation_lib.domain.errors import CaseError
from negotiation_lib.domain.opponents import model_facts, outcome_space
from negotiation_lib.domain.opponents.play import next_moves, opponent_for
from negotiation_lib.domain.opponents.space import OutcomeSpace
from negotiation_lib.domain.roles import Fact, truth
from negotiation_lib.domain.rooms import (
    PRACTICE_STYLES,
    PracticeStyle,
    RoomState,
    RoomTerms,
    Side,
    seed_of,
)
from negotiation_lib.domain.seal import seal
from negotiation_lib.domain.validation import parse_case
from negotiation_lib.store.codes import digest
from negotiation_lib.store.engine import StoreError, utc_now
from negotiation_lib.store.rooms import (
    ActOutcome,
    RoomInfo,
    RoomsMixin,
    append_event,
    close_agreed_round,
    lock_room,
    room_info,
    stored_state,
)
from negotiation_lib.store.tables import Participant, Room
from negotiation_lib.vocabulary import PRACTICE_OPPONENT_NAMES

__all__ = ["MAX_REPLIES", "PracticeMixin", "practice_replies"]

MAX_REPLIES = 8
"""Most events the opponent appends after one action of the team (its model, then one move,
then, after an agreement it made and a renewal, its opening of the next round)."""


@dataclass(frozen=True, slots=True)
class _Played:
    """What an opponent plays a case from: its file, its truth, and its packages."""

    roles: dict[str, Any]
    truth: dict[str, Any]
    case: Case
    space: OutcomeSpace


@lru_cache(maxsize=8)
def _played(case_name: str) -> _Played:
    # Read once per case: enumerating the packages is the costly part.
    roles = load_role_play_case(case_name)
    whole = truth(roles)
    case = parse_case(whole)
    return _Played(roles, whole, case, outcome_space(RoomTerms.from_case(case)))


def _sealed_definition(document: dict[str, Any], side: Side) -> PartyDefinition | None:
    try:
        return PartyDefinition.model_validate((document.get("win_win") or {}).get(side))
    except ValidationError:
        return None


def _bot_side(state: RoomState) -> Side | None:
    return next(iter(state.practice), None)


def practice_replies(s: Session, room: Room, outcome: ActOutcome) -> ActOutcome:
    """Let the room's practice opponent (if it has one) answer, inside the caller's transaction.

    Parameters
    ----------
    s, room
        The session holding the room's lock, and the room.
    outcome
        The team's action just recorded, with the room's state after it.

    Returns
    -------
    ActOutcome
        The team's event, with the room's state after the opponent's answers (``outcome``
        itself when the room has no practice opponent or it has nothing to do).
    """
    state = outcome.state
    side = _bot_side(state)
    if side is None:
        return outcome
    style = state.practice[side]
    bot = state.teams[side]
    played = _played(room.case_name)
    shares: tuple[Fact, ...] = model_facts(played.roles, side, style)
    sealed = _sealed_definition(played.truth, side) if style == "trust" else None
    seed = seed_of(room.workshop_id, room.id)
    for _ in range(MAX_REPLIES):
        opponent = opponent_for(played.case, state, side, style, seed, space=played.space)
        moves = next_moves(state, opponent, shares=shares, sealed=sealed)
        if not moves:
            break
        for move in moves:
            done = append_event(s, room, state, bot, move.kind, move.payload)
            if move.kind == "accepted":
                done = close_agreed_round(s, room, done)
            state = done.state
    return ActOutcome(outcome.event, state)


class PracticeMixin(RoomsMixin):
    """Seating the workbook as a waiting team's counterpart, and letting it answer."""

    def _answer(self, s: Session, room: Room, outcome: ActOutcome) -> ActOutcome:
        return practice_replies(s, room, outcome)

    def seat_practice_opponent(self, participant_id: int, style: str) -> RoomInfo:
        """Seat a practice opponent of ``style`` on the empty side of the team's room.

        Parameters
        ----------
        participant_id
            The waiting team.
        style
            ``"cpt"`` or ``"trust"`` (:data:`~negotiation_lib.domain.rooms.PRACTICE_STYLES`).

        Returns
        -------
        RoomInfo
            The team's room, now with both sides seated. When the opponent sits on the
            seller's side it has already opened the negotiation.

        Raises
        ------
        StoreError
            An unknown style; a team without an open room, or whose room already has a
            counterpart (nothing changes then).
        """
        if style not in PRACTICE_STYLES:
            raise StoreError("Choose the practice opponent's style: CPT or trust-based.")
        chosen: PracticeStyle = "cpt" if style == "cpt" else "trust"
        with self._session(write=True) as s:
            team = s.get(Participant, participant_id)
            rows = s.scalars(
                select(Room)
                .where(
                    (Room.seller_id == participant_id) | (Room.customer_id == participant_id),
                    Room.closed_at.is_(None),
                )
                .order_by(Room.id.desc())
            ).all()
            if team is None or not rows:
                raise StoreError(
                    "Your team has no open deal room, so no practice opponent can join it. "
                    "Reload your workbook's home page."
                )
            room = lock_room(s, rows[0].id)
            state = stored_state(s, room)
            empty = [side for side in ("seller", "customer") if side not in state.teams]
            if not empty:
                raise StoreError(
                    "Your room already has a counterpart: negotiate with it, or ask your "
                    "facilitator to re-pair you."
                )
            side: Side = "seller" if empty[0] == "seller" else "customer"
            try:
                played = _played(room.case_name)
            except (CaseError, OSError) as err:  # pragma: no cover - rooms open on role-play cases
                raise StoreError(
                    "The workbook cannot play this case, so no practice opponent can join."
                ) from err
            name = f"{PRACTICE_OPPONENT_NAMES[chosen]} (room {room.number})"
            bot = Participant(
                workshop_id=room.workshop_id,
                name=name,
                case_name=room.case_name,
                # A code nobody holds: the workbook's side is never resumed in a browser.
                resume_sha256=digest(secrets.token_urlsafe(32)),
                joined_at=utc_now(),
                practice_style=chosen,
            )
            s.add(bot)
            s.flush()
            joined = {"name": name, "practice": chosen}
            outcome = append_event(s, room, state, bot.id, "joined", joined, side=side)
            if side == "seller":
                room.seller_id = bot.id
            else:
                room.customer_id = bot.id
            definition = _sealed_definition(played.truth, side) if chosen == "trust" else None
            if definition is not None:
                fingerprint = seal(definition, datetime.now(UTC))
                sealed = {
                    "version": 1,
                    "sha256": fingerprint.sha256,
                    "sealed_at": fingerprint.sealed_at.isoformat(),
                }
                outcome = append_event(s, room, outcome.state, bot.id, "sealed", sealed)
            practice_replies(s, room, outcome)
            s.flush()
            return room_info(s, room)
