"""Pairing teams into deal rooms: as they join, and when the facilitator re-pairs them.

A workshop on a role-play case (a case file with ``roles``) seats teams as they join
(:func:`seat_on_join`, called inside :meth:`~negotiation_lib.store.Store.join`'s transaction):
a team takes the empty seat of the oldest open room on its case that has one, else it opens
the next room on the seller's side. So the first team is a seller, the second its customer,
the third a seller who waits (:data:`WAITING_MESSAGE`) until the fourth joins, and so on.
Pairing holds the workshop's lock (PostgreSQL: its row, ``SELECT … FOR NO KEY UPDATE``;
SQLite: the write lock), so two teams joining at once never take the same seat. The truth of a
role-play case (whose issues a room negotiates) is
:func:`negotiation_lib.domain.roles.truth`.

The facilitator re-pairs with :meth:`PairingMixin.repair`: the open rooms of the teams named
are closed with no agreement (a ``closed`` event says they were re-paired), new rooms are
opened for the new pairs, and a team of a closed room left out of them waits on its side for
the next team. A room that reached an agreement is never re-paired: an agreement is final.

A team holds only its own side's case (:mod:`negotiation_lib.store.handout`). A team the
facilitator moves to the other side is handed that side's view as a new version of its case
(saved as from joining), so its stored case never holds the private facts of the side it now
negotiates against.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path

from pydantic import TypeAdapter, ValidationError
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from negotiation_lib.datasets import sample_case_path
from negotiation_lib.domain.case import Issue
from negotiation_lib.domain.errors import CaseError
from negotiation_lib.domain.roles import is_role_play, truth
from negotiation_lib.domain.rooms import SIDES, RoomTerms, Side
from negotiation_lib.domain.validation import parse_case
from negotiation_lib.store.engine import StoreError, utc_now
from negotiation_lib.store.handout import hand_out, starting_cases
from negotiation_lib.store.practice import PracticeMixin
from negotiation_lib.store.rooms import (
    RoomInfo,
    append_event,
    lock_room,
    open_room,
    room_info,
    stored_state,
)
from negotiation_lib.store.tables import Participant, Room, Workshop
from negotiation_lib.store.versions import VersionsMixin

__all__ = [
    "REPAIRED",
    "WAITING_MESSAGE",
    "PairingMixin",
    "roleplay_terms",
    "seat_on_join",
    "seated_side",
]

WAITING_MESSAGE = "Waiting for a counterpart: you will be paired with the next team that joins."
"""What a team without a counterpart reads."""

REPAIRED = "The facilitator re-paired the teams: your new room is on your workbook's home page."
"""Why a room closed by re-pairing was closed (its teams read it if they act in it)."""

_ISSUES: TypeAdapter[tuple[Issue, ...]] = TypeAdapter(tuple[Issue, ...])


@lru_cache(maxsize=32)
def _terms_of_file(path: Path, _mtime: float) -> RoomTerms | None:
    document = json.loads(path.read_text("utf-8"))
    if not is_role_play(document):
        return None
    whole = truth(document)
    try:
        return RoomTerms.from_case(parse_case(whole))
    except CaseError:
        # A truth that is not a whole case still names its issues: the room negotiates them.
        win_win = whole.get("win_win")
        raw = win_win.get("issues") if isinstance(win_win, dict) else None
        try:
            issues = _ISSUES.validate_python(tuple(raw or ()))
        except (ValidationError, TypeError):
            issues = ()
        return RoomTerms(issues, str(whole.get("currency", "EUR")), str(whole.get("unit", "unit")))


def roleplay_terms(case_name: str) -> RoomTerms | None:
    """The terms a room on ``case_name`` negotiates, or ``None`` when the case has no roles.

    Read from the sample case file (once per change of the file).
    """
    try:
        path = sample_case_path(case_name)
        return _terms_of_file(path, path.stat().st_mtime)
    except (CaseError, OSError, ValueError):
        return None


def _lock_workshop(s: Session, workshop_id: int) -> None:
    # PostgreSQL: pairings and re-pairings of one workshop take turns. SQLite: the write lock.
    # FOR NO KEY UPDATE, because a join has already inserted its participant, which holds a
    # key-share lock on the workshop's row: two joins asking FOR UPDATE would deadlock.
    if s.get(Workshop, workshop_id, with_for_update={"key_share": True}) is None:
        raise StoreError(f"There is no workshop {workshop_id!r}.")


def _seat(s: Session, participant: Participant, side: Side | None, terms: RoomTerms) -> Room:
    """Seat a team in a room: the oldest open one with a free seat, else a new one.

    The free seat must be on ``side`` when it is given (a team re-paired keeps its side); a new
    room seats the team on ``side``, the seller's by default.
    """
    free = s.scalars(
        select(Room)
        .where(
            Room.workshop_id == participant.workshop_id,
            Room.case_name == participant.case_name,
            Room.closed_at.is_(None),
            or_(Room.seller_id.is_(None), Room.customer_id.is_(None)),
        )
        .order_by(Room.number)
    ).all()
    for room in free:
        empty: Side = "seller" if room.seller_id is None else "customer"
        if side is not None and empty != side:
            continue
        # Lock the room before writing to it, as every action does: one order, no deadlock.
        lock_room(s, room.id)
        state = stored_state(s, room)
        joined = {"name": participant.name}
        append_event(s, room, state, participant.id, "joined", joined, side=empty)
        if empty == "seller":
            room.seller_id = participant.id
        else:
            room.customer_id = participant.id
        return room
    return open_room(
        s,
        participant.workshop_id,
        participant.case_name,
        terms,
        {side or "seller": participant},
    )


def seated_side(room: Room, participant_id: int) -> Side | None:
    """The side a team sits on in a room, or ``None`` when it does not sit there."""
    if room.seller_id == participant_id:
        return "seller"
    if room.customer_id == participant_id:
        return "customer"
    return None


def _last_sides(s: Session, workshop_id: int, ids: Sequence[int]) -> dict[int, Side]:
    """Each team's side in the newest room it sat in (teams never seated are left out)."""
    rooms = s.scalars(
        select(Room)
        .where(
            Room.workshop_id == workshop_id,
            or_(Room.seller_id.in_(ids), Room.customer_id.in_(ids)),
        )
        .order_by(Room.id)
    ).all()
    sides: dict[int, Side] = {}
    for room in rooms:  # oldest first: a newer room's side overwrites an older one's
        for pid in ids:
            side = seated_side(room, pid)
            if side is not None:
                sides[pid] = side
    return sides


def seat_on_join(s: Session, participant: Participant) -> Room | None:
    """Seat a team that just joined, when its case is a role-play case (``None`` otherwise).

    Runs inside the join's transaction, holding the workshop's lock.
    """
    terms = roleplay_terms(participant.case_name)
    if terms is None:
        return None
    _lock_workshop(s, participant.workshop_id)
    return _seat(s, participant, None, terms)


class PairingMixin(PracticeMixin, VersionsMixin):
    """Waiting for a counterpart, and the facilitator's re-pairing."""

    def waiting_for_pair(self, participant_id: int) -> str | None:
        """:data:`WAITING_MESSAGE` while the team's room has no counterpart, else ``None``."""
        seat = self.room_for(participant_id)
        return WAITING_MESSAGE if seat is not None and seat.waiting else None

    def repair(
        self, workshop_id: int, facilitator_key: str, pairs: Sequence[tuple[int, int]]
    ) -> list[RoomInfo]:
        """Re-pair teams: close their open rooms without an agreement and open new ones.

        Parameters
        ----------
        workshop_id
            The workshop.
        facilitator_key
            Its facilitator key (re-pairing is the facilitator's).
        pairs
            ``(seller team, customer team)`` participant ids, one pair per new room. A pair
            already sitting together on those sides keeps its room. A team put on the other
            side than it sat on is handed that side's view of the case as a new version.

        Returns
        -------
        list of RoomInfo
            The rooms opened: one per new pair, then one per team of a closed room left out
            of the pairs and seated to wait (or seated in a room that waited for its side).

        Raises
        ------
        StoreError
            A wrong key; a team named twice, paired with itself, not in the workshop or on a
            case without roles; two teams on different cases; or a room of these teams that
            reached an agreement (it is final). Nothing changes then.
        """
        workshop = self.workshop_for_key(facilitator_key)
        if workshop is None or workshop.id != workshop_id:
            raise StoreError(
                "This facilitator key does not open this workshop, so its teams cannot be "
                "re-paired."
            )
        ids = [pid for pair in pairs for pid in pair]
        if not pairs:
            raise StoreError("Choose at least one pair of teams to put in a room together.")
        if any(seller == customer for seller, customer in pairs):
            raise StoreError("A team cannot negotiate with itself: pair it with another team.")
        if len(set(ids)) != len(ids):
            raise StoreError("A team can sit in one room only: each team appears in one pair.")
        with self._session(write=True) as s:
            _lock_workshop(s, workshop_id)
            teams = {
                p.id: p
                for p in s.scalars(
                    select(Participant).where(
                        Participant.workshop_id == workshop_id, Participant.id.in_(ids)
                    )
                ).all()
            }
            if len(teams) != len(set(ids)):
                raise StoreError(
                    "One of the teams chosen is not in this workshop (any more); reload the "
                    "dashboard and choose again."
                )
            terms = self._pair_terms(teams, pairs)
            before = _last_sides(s, workshop_id, ids)
            opened_rooms = s.scalars(
                select(Room).where(
                    Room.workshop_id == workshop_id,
                    Room.closed_at.is_(None),
                    or_(Room.seller_id.in_(ids), Room.customer_id.in_(ids)),
                )
            ).all()
            kept = {(r.seller_id, r.customer_id) for r in opened_rooms} & set(pairs)
            affected = [r for r in opened_rooms if (r.seller_id, r.customer_id) not in kept]
            self._close_for_repair(s, affected)
            opened = [
                open_room(
                    s,
                    workshop_id,
                    teams[seller].case_name,
                    terms[seller],
                    {"seller": teams[seller], "customer": teams[customer]},
                )
                for seller, customer in pairs
                if (seller, customer) not in kept
            ]
            for seller, customer in pairs:
                seats: tuple[tuple[int, Side], ...] = ((seller, "seller"), (customer, "customer"))
                for team, side in seats:
                    if before.get(team, side) != side:
                        self._hand_out_side(s, teams[team], side)
            for room in sorted(affected, key=lambda r: r.number):
                for side in SIDES:
                    pid = room.seller_id if side == "seller" else room.customer_id
                    if pid is None or pid in ids:
                        continue
                    left = s.get(Participant, pid)
                    assert left is not None  # it sat in the room
                    if left.practice_style is not None:
                        continue  # the workbook's side leaves with its room
                    opened.append(_seat(s, left, side, self._terms_for(left.case_name)))
            s.flush()
            # A room opened for one team left out may have seated another: list it once.
            return [room_info(s, r) for r in dict.fromkeys(opened)]

    def _hand_out_side(self, s: Session, team: Participant, side: Side) -> None:
        """Hand a team moved to ``side`` that side's view of its case, as a new version."""
        # Its work so far was the other side's: it starts again from its new side's brief.
        case = hand_out(starting_cases(team.case_name), side)
        self._add_version(s, team.id, case, "join")

    @staticmethod
    def _terms_for(case_name: str) -> RoomTerms:
        terms = roleplay_terms(case_name)
        if terms is None:
            raise StoreError(
                "This team's case is not a role-play case, so it has no deal room: hand out a "
                "case with roles to pair teams."
            )
        return terms

    def _pair_terms(
        self, teams: Mapping[int, Participant], pairs: Sequence[tuple[int, int]]
    ) -> dict[int, RoomTerms]:
        """Each pair's terms, by seller; refuse a pair on two cases or on a case without roles."""
        out: dict[int, RoomTerms] = {}
        for seller, customer in pairs:
            a, b = teams[seller], teams[customer]
            if a.case_name != b.case_name:
                raise StoreError(
                    f"{a.name} and {b.name} work on different cases, so they cannot share a room."
                )
            out[seller] = self._terms_for(a.case_name)
        return out

    @staticmethod
    def _close_for_repair(s: Session, rooms: Sequence[Room]) -> None:
        """Close rooms being re-paired; refuse (before closing any) if one holds an agreement."""
        # Locked before they are read: an acceptance cannot slip in between.
        for room in sorted(rooms, key=lambda r: r.id):
            lock_room(s, room.id)
        states = {room.id: stored_state(s, room) for room in rooms}
        for room in sorted(rooms, key=lambda r: r.number):
            state = states[room.id]
            if state.agreements:
                who = " and ".join(state.names[side] for side in SIDES if side in state.names)
                raise StoreError(
                    f"Room {room.number} ({who}) has reached an agreement, which is final: it "
                    "cannot be re-paired. Leave these teams out of the new pairs."
                )
        now = utc_now()
        for room in rooms:
            append_event(s, room, states[room.id], None, "closed", {"reason": REPAIRED})
            room.closed_at = now
