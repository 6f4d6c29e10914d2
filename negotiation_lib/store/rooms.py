"""Deal rooms in the store: rooms, their append-only events, and acting in them.

A room (:class:`~negotiation_lib.store.tables.Room`) seats one team per side; everything that
happens in it is a row of ``room_events``, appended and never changed. The database itself
refuses UPDATE and DELETE on that table (triggers made by migration 0003), and this API has
neither.

**Every event is checked against the room as it stands, under the room's lock.**
:meth:`RoomsMixin.act` opens one write transaction, locks the room's row
(``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's ``BEGIN IMMEDIATE`` already holds the
database's write lock), folds the room's stored events
(:func:`negotiation_lib.domain.rooms.fold`), applies the new event
(:func:`negotiation_lib.domain.rooms.apply`) and only then appends it. Two teams acting at the
same moment therefore act one after the other: the second is judged against a room that
already holds the first (two acceptances cannot both make an agreement; an acceptance that
comes after the offer's withdrawal is refused). A refused event raises
:class:`RoomRefusedError`, with the room's sentence, and writes nothing.

**Renewal rounds** (DESIGN §7): in a workshop of more than one round, the acceptance that makes
a round's agreement (before the last round) is followed, in the same transaction, by the
room's ``round_closed`` event: the renewal drawn from the room's own generator
(:func:`~negotiation_lib.domain.rooms.seed_of` of the workshop and the room) against the
retention the agreed package gives on the case's true economics
(:func:`~negotiation_lib.domain.rooms.agreed_split`). No team can record it, and no one can
see the agreement without its renewal.

Pages poll :meth:`RoomsMixin.events_since` (one indexed query) to show the counterpart's moves
within a second or two, and read :meth:`RoomsMixin.room_state` for the whole picture.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from negotiation_lib.datasets import load_sample_case
from negotiation_lib.domain.case import Case
from negotiation_lib.domain.errors import CaseError, Problem
from negotiation_lib.domain.rooms import (
    SIDES,
    TEAM_KINDS,
    RoomError,
    RoomEvent,
    RoomState,
    RoomTerms,
    Side,
    agreed_split,
    apply,
    close_round,
    fold,
    seed_of,
)
from negotiation_lib.store.engine import StoreError, utc_now
from negotiation_lib.store.seals import SealRecord, SealsMixin
from negotiation_lib.store.tables import (
    Participant,
    Room,
    RoomEventRow,
    Workshop,
    canonical_document,
)
from negotiation_lib.store.workshops import WorkshopsMixin

__all__ = [
    "ActOutcome",
    "RoomInfo",
    "RoomRefusedError",
    "RoomSeat",
    "RoomsMixin",
    "append_event",
    "close_agreed_round",
    "lock_room",
    "open_room",
    "room_info",
    "stored_state",
]


class RoomRefusedError(StoreError):
    """The room refused an action; nothing was recorded.

    Carries the room's sentence as :attr:`message`, and where it belongs as :attr:`path`
    (``values.<issue>`` for a value of an offer, ``""`` for the action as a whole);
    :attr:`problems` lists every problem (an offer may have several).
    """

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__(" ".join(p.message for p in problems))
        self.problems = tuple(problems)
        self.path = problems[0].path if problems else ""

    @classmethod
    def of(cls, refused: RoomError) -> RoomRefusedError:
        """The store's error for a refusal of the room's rules."""
        return cls(refused.problems)


@dataclass(frozen=True, slots=True)
class RoomInfo:
    """A room as listed: its number, its case, who sits on each side, when it opened."""

    id: int
    workshop_id: int
    number: int
    case_name: str
    seller_id: int | None
    customer_id: int | None
    seller_name: str | None
    customer_name: str | None
    opened_at: datetime
    closed_at: datetime | None = None

    @property
    def is_open(self) -> bool:
        """Whether the room is open (closed rooms take nothing more)."""
        return self.closed_at is None

    def team(self, side: Side) -> int | None:
        """The team (participant id) on ``side``, or ``None`` while the seat is empty."""
        return self.seller_id if side == "seller" else self.customer_id

    def name(self, side: Side) -> str | None:
        """The name of the team on ``side``, or ``None`` while the seat is empty."""
        return self.seller_name if side == "seller" else self.customer_name


@dataclass(frozen=True, slots=True)
class RoomSeat:
    """A team's place in its room: its side, its counterpart and the room's number."""

    room: RoomInfo
    participant_id: int
    side: Side

    @property
    def number(self) -> int:
        """The room's number in the workshop."""
        return self.room.number

    @property
    def counterpart_side(self) -> Side:
        """The side across the table."""
        return "customer" if self.side == "seller" else "seller"

    @property
    def counterpart_id(self) -> int | None:
        """The counterpart team (participant id), or ``None`` while waiting for one."""
        return self.room.team(self.counterpart_side)

    @property
    def counterpart_name(self) -> str | None:
        """The counterpart team's name, or ``None`` while waiting for one."""
        return self.room.name(self.counterpart_side)

    @property
    def waiting(self) -> bool:
        """Whether the team sits in an open room without a counterpart yet."""
        return self.room.is_open and self.counterpart_id is None


@dataclass(frozen=True, slots=True)
class ActOutcome:
    """What an action in a room came to: the event recorded and the room's state after it."""

    event: RoomEvent
    state: RoomState


@lru_cache(maxsize=64)
def _terms(text: str) -> RoomTerms:
    # Rooms of one workshop share their terms' text: read it once, not at every action.
    return RoomTerms.from_json(json.loads(text))


def _event(row: RoomEventRow) -> RoomEvent:
    return RoomEvent(
        id=row.id,
        kind=row.kind,
        side="seller" if row.side == "seller" else "customer" if row.side == "customer" else None,
        team=row.participant_id,
        payload=json.loads(row.payload),
        round=row.round,
        at=row.created_at,
    )


def lock_room(s: Session, room_id: int) -> Room:
    """The room's row, locked until the transaction ends (PostgreSQL; SQLite holds its lock).

    ``FOR NO KEY UPDATE``: actions in one room take turns, while the key-share locks that
    inserting rows referring to the room takes do not wait on it (a plain ``FOR UPDATE``
    would, and two transactions could then wait on each other).
    """
    room = s.get(Room, room_id, with_for_update={"key_share": True})
    if room is None:
        raise StoreError("This room does not exist (any more); nothing was recorded.")
    return room


@lru_cache(maxsize=16)
def _truth(case_name: str) -> Case:
    # A role-play sample case loads as its truth: both sides' private facts (DESIGN §7).
    return load_sample_case(case_name)


def _rounds(workshop: Workshop | None) -> int:
    # Workshops made before renewal rounds have none stored: they ran a single negotiation.
    return (workshop.rounds if workshop is not None else None) or 1


def stored_state(s: Session, room: Room) -> RoomState:
    """The room's state: its stored events folded in order, in its workshop's rounds."""
    rows = s.scalars(
        select(RoomEventRow).where(RoomEventRow.room_id == room.id).order_by(RoomEventRow.id)
    ).all()
    rounds = _rounds(s.get(Workshop, room.workshop_id))
    try:
        return fold(_terms(room.terms), [_event(r) for r in rows], rounds)
    except RoomError as err:  # pragma: no cover - every stored event passed these rules
        raise StoreError(
            f"Room {room.number}'s record cannot be read ({err.message}); ask your facilitator."
        ) from err


def _payload_text(payload: Mapping[str, Any]) -> str:
    try:
        return json.dumps(
            dict(payload),
            sort_keys=True,
            separators=(",", ":"),
            ensure_ascii=False,
            allow_nan=False,
        )
    except (TypeError, ValueError) as err:
        raise RoomRefusedError(
            [Problem("", "This action holds something that is not plain text or a number.")]
        ) from err


def append_event(
    s: Session,
    room: Room,
    state: RoomState,
    participant_id: int | None,
    kind: str,
    payload: Mapping[str, Any],
    *,
    side: Side | None = None,
    round_: int | None = None,
) -> ActOutcome:
    """Check an event against ``state`` (the room's, its lock held) and append it.

    Raises
    ------
    RoomRefusedError
        With the room's sentence; nothing is written.
    """
    text = _payload_text(payload)
    if side is None and participant_id is not None:
        side = state.side_of(participant_id)
    now = utc_now()
    # Judged exactly as it will be read back: the payload after its trip through JSON.
    event = RoomEvent(
        state.last_event_id + 1,
        kind,
        side,
        participant_id,
        json.loads(text),
        state.round if round_ is None else round_,
        now,
    )
    try:
        apply(state, event)
    except RoomError as err:
        raise RoomRefusedError.of(err) from err
    row = RoomEventRow(
        room_id=room.id,
        participant_id=participant_id,
        side=side,
        kind=kind,
        payload=text,
        round=event.round,
        created_at=now,
    )
    s.add(row)
    s.flush()
    # Ids grow within a room: the room's lock orders its inserts.
    recorded = replace(event, id=row.id)
    return ActOutcome(recorded, apply(state, recorded))


def close_agreed_round(s: Session, room: Room, outcome: ActOutcome) -> ActOutcome:
    """After an acceptance, append the renewal drawn for the round it agreed, if one is due.

    Due when the acceptance made the round's agreement and the room has rounds after it; the
    retention is read from the agreed package's split of the case's true economics and the
    draw from the room's generator (:func:`~negotiation_lib.domain.rooms.close_round`).

    Returns
    -------
    ActOutcome
        The acceptance, with the room's state after its renewal (``outcome`` when none is due).
    """
    state = outcome.state
    agreement = state.agreement
    if agreement is None or state.ended is not None:
        return outcome
    if state.closures and state.closures[-1].round == state.round:  # pragma: no cover
        return outcome
    try:
        split = agreed_split(_truth(room.case_name), dict(agreement.offer.values))
    except CaseError as err:  # pragma: no cover - role-play cases price every package
        raise StoreError(
            f"The renewal after this agreement cannot be drawn ({err.message}); nothing was "
            "recorded."
        ) from err
    closure = close_round(seed_of(room.workshop_id, room.id), state.round, split.retention)
    payload = {
        "round": closure.round,
        "draw": closure.draw,
        "retention": closure.retention,
        "renewed": closure.renewed,
    }
    closed = append_event(s, room, state, None, "round_closed", payload)
    return ActOutcome(outcome.event, closed.state)


def open_room(
    s: Session,
    workshop_id: int,
    case_name: str,
    terms: RoomTerms,
    seats: Mapping[Side, Participant],
) -> Room:
    """Open the workshop's next room with ``seats`` and record each team's ``joined`` event.

    The caller holds the workshop's lock, so room numbers never collide.
    """
    last = s.scalar(
        select(Room.number)
        .where(Room.workshop_id == workshop_id)
        .order_by(Room.number.desc())
        .limit(1)
    )
    seller, customer = seats.get("seller"), seats.get("customer")
    room = Room(
        workshop_id=workshop_id,
        number=(last or 0) + 1,
        case_name=case_name,
        terms=canonical_document(terms.to_json()),
        seller_id=seller.id if seller is not None else None,
        customer_id=customer.id if customer is not None else None,
        opened_at=utc_now(),
    )
    s.add(room)
    s.flush()
    state = stored_state(s, room)
    for side in SIDES:
        team = seats.get(side)
        if team is not None:
            state = append_event(
                s, room, state, team.id, "joined", {"name": team.name}, side=side
            ).state
    return room


def room_info(s: Session, room: Room) -> RoomInfo:
    """A room as listed, with its teams' names."""
    ids = [i for i in (room.seller_id, room.customer_id) if i is not None]
    names = dict(
        s.execute(select(Participant.id, Participant.name).where(Participant.id.in_(ids))).all()
    )
    return RoomInfo(
        id=room.id,
        workshop_id=room.workshop_id,
        number=room.number,
        case_name=room.case_name,
        seller_id=room.seller_id,
        customer_id=room.customer_id,
        seller_name=names.get(room.seller_id) if room.seller_id is not None else None,
        customer_name=names.get(room.customer_id) if room.customer_id is not None else None,
        opened_at=room.opened_at,
        closed_at=room.closed_at,
    )


def _seal_payload(
    record: SealRecord | None, kind: str, version: int, state: RoomState, side: Side
) -> dict[str, Any]:
    """The payload of a ``sealed``, ``amended`` or ``revealed`` event, from the recorded seal.

    Only what the rules allow the counterpart to see goes in: a seal's contents travel only
    when they are shown (revealed, or an amendment of a shown definition).
    """
    if record is None:
        raise RoomRefusedError(
            [
                Problem(
                    "version",
                    f"Version {version} of your definition of winning is not sealed yet: seal "
                    "it on the win-win page first.",
                )
            ]
        )
    definition = record.sealed.get("definition")
    if kind == "revealed":
        return {"version": record.version, "definition": definition}
    payload: dict[str, Any] = {
        "version": record.version,
        "sha256": record.sha256,
        "sealed_at": record.sealed_at.isoformat(),
    }
    if kind == "amended":
        payload["reason"] = record.reason or ""
        if state.seals_of(side).revealed:
            payload["definition"] = definition
    return payload


class RoomsMixin(WorkshopsMixin, SealsMixin):
    """Reading rooms and their events, and acting in them."""

    def act(
        self,
        room_id: int,
        participant_id: int,
        kind: str,
        payload: Mapping[str, Any] | None = None,
        *,
        round_: int | None = None,
    ) -> ActOutcome:
        """Record a team's action in its room, if the room's rules allow it now.

        Parameters
        ----------
        room_id
            The room.
        participant_id
            The team acting (it must sit in the room).
        kind
            One of :data:`~negotiation_lib.domain.rooms.TEAM_KINDS`.
        payload
            What the action holds (:func:`negotiation_lib.domain.rooms.apply` lists it per
            kind). For ``sealed``, ``amended`` and ``revealed`` only ``{"version": n}``: the
            store fills in the seal as recorded for the team's side (fingerprint, time, reason,
            and the contents only when they are shown).
        round_
            The round (the room's current one when omitted).

        Returns
        -------
        ActOutcome
            The event recorded and the room's state after it.

        Raises
        ------
        RoomRefusedError
            The room's rules refuse the action (a sentence for the team; nothing recorded).
        StoreError
            The room does not exist, or the store cannot be reached.
        """
        if kind not in TEAM_KINDS:
            raise RoomRefusedError([Problem("", "A team cannot record this in its room.")])
        given = dict(payload or {})
        with self._session(write=True) as s:
            room = lock_room(s, room_id)
            state = stored_state(s, room)
            side = state.side_of(participant_id)
            # A team outside the room, or a closed room, is refused by the rules below.
            if kind in ("sealed", "amended", "revealed") and side is not None and state.is_open:
                version = given.get("version")
                if (
                    isinstance(version, bool)
                    or not isinstance(version, int)
                    or set(given) != {"version"}
                ):
                    raise RoomRefusedError(
                        [Problem("version", "Say which sealed version of your definition.")]
                    )
                record = next(
                    (
                        r
                        for r in self._seal_rows(s, [participant_id]).get(participant_id, [])
                        if r.party == side and r.version == version
                    ),
                    None,
                )
                given = _seal_payload(record, kind, version, state, side)
            outcome = append_event(s, room, state, participant_id, kind, given, round_=round_)
            if kind == "accepted":
                outcome = close_agreed_round(s, room, outcome)
            # A practice opponent answers at once, under the same lock (store/practice.py).
            return self._answer(s, room, outcome)

    def _answer(self, s: Session, room: Room, outcome: ActOutcome) -> ActOutcome:
        """What the room does after a team's action: nothing here (a practice seat answers)."""
        return outcome

    def announce_seals(self, room_id: int, participant_id: int) -> list[RoomEvent]:
        """Record in the room every seal of the team's own side it has not announced yet.

        A page calls this after a save that sealed or amended the team's definition of
        winning: the counterpart then sees at once that it is sealed (time and fingerprint),
        and an amendment's reason (and its contents, once the definition was shown).

        Returns
        -------
        list of RoomEvent
            The ``sealed`` and ``amended`` events recorded, oldest first (often none).
        """
        recorded: list[RoomEvent] = []
        with self._session(write=True) as s:
            room = lock_room(s, room_id)
            state = stored_state(s, room)
            side = state.side_of(participant_id)
            if side is None or not state.is_open:
                return []
            latest = state.seals_of(side).latest
            seals = self._seal_rows(s, [participant_id]).get(participant_id, [])
            for record in sorted(seals, key=lambda r: r.version):
                announced = latest is not None and record.version <= latest.version
                if record.party != side or announced:
                    continue
                kind = "sealed" if state.seals_of(side).latest is None else "amended"
                payload = _seal_payload(record, kind, record.version, state, side)
                outcome = append_event(s, room, state, participant_id, kind, payload)
                state = outcome.state
                recorded.append(outcome.event)
        return recorded

    def room(self, room_id: int) -> RoomInfo:
        """A room by id."""
        with self._session() as s:
            row = s.get(Room, room_id)
            if row is None:
                raise StoreError("This room does not exist (any more).")
            return room_info(s, row)

    def rooms(self, workshop_id: int) -> list[RoomInfo]:
        """Every room of a workshop, open and closed, by number."""
        with self._session() as s:
            rows = s.scalars(
                select(Room).where(Room.workshop_id == workshop_id).order_by(Room.number)
            ).all()
            return [room_info(s, r) for r in rows]

    def room_for(self, participant_id: int) -> RoomSeat | None:
        """The team's room (its open one, else the last it sat in), side and counterpart.

        ``None`` for a participant who has never sat in a room (a workshop on a case without
        roles).
        """
        with self._session() as s:
            rows = s.scalars(
                select(Room)
                .where(or_(Room.seller_id == participant_id, Room.customer_id == participant_id))
                .order_by(Room.id.desc())
            ).all()
            if not rows:
                return None
            room = next((r for r in rows if r.closed_at is None), rows[0])
            side: Side = "seller" if room.seller_id == participant_id else "customer"
            return RoomSeat(room_info(s, room), participant_id, side)

    def room_state(self, room_id: int) -> RoomState:
        """A room's state now: its events folded (offers, agreement, seals, shared facts …)."""
        with self._session() as s:
            row = s.get(Room, room_id)
            if row is None:
                raise StoreError("This room does not exist (any more).")
            return stored_state(s, row)

    def room_states(self, workshop_id: int) -> dict[int, RoomState]:
        """Every room's state in a workshop, by room id (for the dashboard and the debrief)."""
        with self._session() as s:
            rooms = s.scalars(select(Room).where(Room.workshop_id == workshop_id)).all()
            if not rooms:
                return {}
            rounds = _rounds(s.get(Workshop, workshop_id))
            rows = s.scalars(
                select(RoomEventRow)
                .where(RoomEventRow.room_id.in_([r.id for r in rooms]))
                .order_by(RoomEventRow.id)
            ).all()
        by_room: dict[int, list[RoomEvent]] = {r.id: [] for r in rooms}
        for row in rows:
            by_room[row.room_id].append(_event(row))
        try:
            return {r.id: fold(_terms(r.terms), by_room[r.id], rounds) for r in rooms}
        except RoomError as err:  # pragma: no cover - every stored event passed these rules
            raise StoreError(f"A room's record cannot be read ({err.message}).") from err

    def events_since(self, room_id: int, after_id: int = 0) -> list[RoomEvent]:
        """The room's events after event ``after_id``, oldest first (all of them for 0).

        What a page polls to show the counterpart's moves as they happen.
        """
        with self._session() as s:
            rows = s.scalars(
                select(RoomEventRow)
                .where(RoomEventRow.room_id == room_id, RoomEventRow.id > after_id)
                .order_by(RoomEventRow.id)
            ).all()
            return [_event(r) for r in rows]
