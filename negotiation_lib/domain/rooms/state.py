"""A deal room's events and the state they fold into (the rules are in the fold module).

These are the records only; :mod:`negotiation_lib.domain.rooms.fold` holds the rules. A room
is two teams, one per side, negotiating one case. Everything that happens in it is an event,
appended and never changed (:class:`RoomEvent`); its state (:class:`RoomState`) is what those
events add up to, in order.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Any, Literal, TypeVar, get_args

from negotiation_lib.domain.rooms.rounds import RoundClosure
from negotiation_lib.domain.rooms.terms import IssueValue, RoomTerms

__all__ = [
    "EVENT_KINDS",
    "PRACTICE_STYLES",
    "SIDES",
    "TEAM_KINDS",
    "Agreement",
    "Closure",
    "DefinitionVersion",
    "EndReason",
    "EventKind",
    "Offer",
    "OfferStatus",
    "PracticeStyle",
    "RoomEvent",
    "RoomState",
    "RoomStatus",
    "SealHistory",
    "SharedFact",
    "Side",
    "WalkAway",
    "frozen",
    "other_side",
]

_K = TypeVar("_K")
_V = TypeVar("_V")

Side = Literal["seller", "customer"]
"""A team's side in a room."""

SIDES: tuple[Side, ...] = get_args(Side)

EventKind = Literal[
    "joined",
    "shared",
    "sealed",
    "amended",
    "revealed",
    "pact",
    "offered",
    "withdrawn",
    "accepted",
    "walked_away",
    "closed",
    "round_closed",
]
"""What an event records (DESIGN §7, "Room")."""

EVENT_KINDS: tuple[str, ...] = get_args(EventKind)

TEAM_KINDS: tuple[str, ...] = (
    "shared",
    "sealed",
    "amended",
    "revealed",
    "pact",
    "offered",
    "withdrawn",
    "accepted",
    "walked_away",
)
"""The events a team records itself; ``joined`` and ``closed`` are recorded by pairing and by
the facilitator, ``round_closed`` by the store with the agreement that ends a round."""

OfferStatus = Literal["open", "superseded", "withdrawn", "accepted"]
"""An offer is ``open`` while it is its author's latest and neither withdrawn nor accepted."""

RoomStatus = Literal["waiting", "negotiating", "agreed", "walked_away", "closed"]

EndReason = Literal["not renewed", "all rounds played", "walked away"]
"""Why a room's relationship ended (:attr:`RoomState.ended`)."""

PracticeStyle = Literal["cpt", "trust"]
"""The style of a practice opponent, a side played by the workbook (DESIGN §7)."""

PRACTICE_STYLES: tuple[PracticeStyle, ...] = ("cpt", "trust")
"""Every practice opponent's style, in the order a choice lists them."""


def other_side(side: Side) -> Side:
    """The side across the table.

    Examples
    --------
    >>> other_side("seller"), other_side("customer")
    ('customer', 'seller')
    """
    return "customer" if side == "seller" else "seller"


def frozen(mapping: Mapping[_K, _V]) -> Mapping[_K, _V]:
    """A read-only copy of a mapping (states and events never change once made)."""
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True, slots=True)
class RoomEvent:
    """One thing that happened in a room.

    Attributes
    ----------
    id
        Its place in the room's log: ids increase with every event appended.
    kind
        One of :data:`EVENT_KINDS`.
    side, team
        Who acted: the side and the team (participant id); ``None`` for the facilitator.
    payload
        What the event records (see :func:`~negotiation_lib.domain.rooms.fold.apply`).
    round
        The negotiation round it belongs to (from 1).
    at
        When it was recorded (``None`` before the store records it).
    """

    id: int
    kind: str
    side: Side | None = None
    team: int | None = None
    payload: Mapping[str, Any] = field(default_factory=dict)
    round: int = 1
    at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Offer:
    """A package a side proposed, with its own utility of it (0-100)."""

    id: int
    side: Side
    team: int
    values: Mapping[str, IssueValue]
    utility: float
    round: int
    at: datetime | None = None
    status: OfferStatus = "open"


@dataclass(frozen=True, slots=True)
class Agreement:
    """An offer accepted by the side that did not make it: final for its round."""

    round: int
    offer: Offer
    accepted_by: Side
    team: int
    event_id: int
    at: datetime | None = None


@dataclass(frozen=True, slots=True)
class WalkAway:
    """A side left the negotiation without an agreement (each side then has its BATNA)."""

    side: Side
    team: int
    round: int
    event_id: int
    reason: str = ""
    at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Closure:
    """The room was closed (by the facilitator, or when the teams were re-paired)."""

    reason: str
    event_id: int
    at: datetime | None = None


@dataclass(frozen=True, slots=True)
class SharedFact:
    """A fact a side shared with its counterpart: where it is in the case and its stated value.

    The true value is the case's; the stated one may differ (the debrief shows where).
    """

    path: str
    value: Any
    side: Side
    team: int
    event_id: int
    at: datetime | None = None


@dataclass(frozen=True, slots=True)
class DefinitionVersion:
    """One sealed version of a side's definition of winning, as its room knows it.

    Attributes
    ----------
    version, sha256, sealed_at, reason
        The seal: its version number, fingerprint, time (ISO text as sealed) and, for an
        amendment, why the definition changed.
    definition
        The definition itself, once the counterpart may see it (revealed, or an amendment of a
        revealed definition); ``None`` while it stays private to its side.
    event_id
        The event that announced it.
    """

    version: int
    sha256: str
    sealed_at: str
    reason: str | None = None
    definition: Mapping[str, Any] | None = None
    event_id: int = 0

    @property
    def revealed(self) -> bool:
        """Whether the counterpart sees the definition's contents."""
        return self.definition is not None


@dataclass(frozen=True, slots=True)
class SealHistory:
    """A side's sealed versions in a room, oldest first."""

    versions: tuple[DefinitionVersion, ...] = ()

    @property
    def latest(self) -> DefinitionVersion | None:
        """The newest version, or ``None`` before the first seal."""
        return self.versions[-1] if self.versions else None

    @property
    def revealed(self) -> bool:
        """Whether the side has shown its definition: from then on every amendment shows too."""
        return any(v.revealed for v in self.versions)

    @property
    def shown(self) -> tuple[DefinitionVersion, ...]:
        """The versions whose contents the counterpart sees, oldest first."""
        return tuple(v for v in self.versions if v.revealed)


_NO_SEALS = SealHistory()


@dataclass(frozen=True, slots=True)
class RoomState:
    """What a room's events add up to.

    Attributes
    ----------
    terms
        The issues the room negotiates.
    teams, names
        Each seated side's team (participant id) and name.
    practice
        The sides played by the workbook (a practice opponent), with its style.
    offers
        Every offer, oldest first, with its status now.
    agreements
        At most one per round.
    walk_away
        The side that walked away, if one did (the room then takes no more offers).
    closure
        Set when the room was closed: it then takes nothing more.
    shared
        Every fact shared, oldest first (a fact shared again is stated again).
    seals
        Each side's sealed versions.
    pact_proposals, fair_share
        Each side's latest proposed fair share, and the share both proposed (the pact), once
        they agree.
    round
        The round now under way.
    rounds
        :math:`R`, the rounds the room's workshop runs (1: a single negotiation).
    closures
        How each round with an agreement before the last ended: the renewal drawn, oldest
        first (``round_closed`` events).
    events, last_event_id
        How many events were folded, and the id of the last one.
    """

    terms: RoomTerms
    teams: Mapping[Side, int] = field(default_factory=lambda: frozen({}))
    names: Mapping[Side, str] = field(default_factory=lambda: frozen({}))
    practice: Mapping[Side, PracticeStyle] = field(default_factory=lambda: frozen({}))
    offers: tuple[Offer, ...] = ()
    agreements: tuple[Agreement, ...] = ()
    walk_away: WalkAway | None = None
    closure: Closure | None = None
    shared: tuple[SharedFact, ...] = ()
    seals: Mapping[Side, SealHistory] = field(default_factory=lambda: frozen({}))
    pact_proposals: Mapping[Side, float] = field(default_factory=lambda: frozen({}))
    fair_share: float | None = None
    round: int = 1
    rounds: int = 1
    closures: tuple[RoundClosure, ...] = ()
    events: int = 0
    last_event_id: int = 0

    @property
    def is_open(self) -> bool:
        """Whether the room still takes events (it is not closed)."""
        return self.closure is None

    @property
    def paired(self) -> bool:
        """Whether both sides have a team."""
        return all(side in self.teams for side in SIDES)

    @property
    def agreement(self) -> Agreement | None:
        """The agreement of the round under way, if one was reached."""
        return next((a for a in self.agreements if a.round == self.round), None)

    @property
    def last_agreement(self) -> Agreement | None:
        """The latest agreement, of any round: where a renewed round's negotiation starts."""
        return self.agreements[-1] if self.agreements else None

    @property
    def ended(self) -> EndReason | None:
        """Why the relationship ended, or ``None`` while it goes on.

        A walk-away in any round, a round whose renewal was drawn and failed, or an agreement
        in the last round (:attr:`rounds`) ends it. A room closed by the facilitator is
        :attr:`closure`, not an end of the relationship.
        """
        if self.walk_away is not None:
            return "walked away"
        if self.closures and not self.closures[-1].renewed:
            return "not renewed"
        if self.agreement is not None and self.round >= self.rounds:
            return "all rounds played"
        return None

    @property
    def status(self) -> RoomStatus:
        """Where the room stands: waiting for a team, negotiating, agreed, walked away, closed."""
        if self.closure is not None:
            return "closed"
        if self.agreement is not None:
            return "agreed"
        if self.walk_away is not None:
            return "walked_away"
        return "negotiating" if self.paired else "waiting"

    @property
    def takes_offers(self) -> bool:
        """Whether an offer, a withdrawal, an acceptance or a walk-away can happen now."""
        return self.status == "negotiating"

    def side_of(self, team: int | None) -> Side | None:
        """The side a team sits on in this room, or ``None``."""
        return next((s for s, t in self.teams.items() if t == team), None)

    def name_of(self, side: Side) -> str:
        """The name of the team on ``side`` (its side in words before a team sits there)."""
        return self.names.get(side) or f"The {side}"

    def offer(self, offer_id: int) -> Offer | None:
        """The offer made by event ``offer_id``, or ``None``."""
        return next((o for o in self.offers if o.id == offer_id), None)

    def open_offer(self, side: Side) -> Offer | None:
        """A side's offer on the table now: its latest, unless withdrawn or accepted."""
        return next(
            (o for o in reversed(self.offers) if o.side == side and o.status == "open"), None
        )

    def seals_of(self, side: Side) -> SealHistory:
        """A side's sealed versions (none yet: an empty history)."""
        return self.seals.get(side, _NO_SEALS)

    def shared_by(self, side: Side) -> dict[str, SharedFact]:
        """The facts a side shared, by path, each as last stated."""
        return {f.path: f for f in self.shared if f.side == side}
