"""Deal rooms: a seller team and a customer team negotiating one case, as a fold of events.

A room's log of events is append-only; its state is what those events add up to
(DESIGN §7, "Room"). One module per concern:

* :mod:`~negotiation_lib.domain.rooms.terms`: the issues a room negotiates
  (:class:`RoomTerms`) and whether a package fits them (:func:`package_problems`,
  :func:`checked_package`), with the issue and its range, units included, in every message;
* :mod:`~negotiation_lib.domain.rooms.state`: the events (:class:`RoomEvent`) and the state
  (:class:`RoomState`: teams, offers, the agreements, the walk-away, shared facts, seals, the
  fairness pact, the rounds and their renewals);
* :mod:`~negotiation_lib.domain.rooms.fold`: the rules, :func:`apply` (one event, or
  :class:`RoomError` with a sentence) and :func:`fold` (a whole log);
* :mod:`~negotiation_lib.domain.rooms.rounds`: renewal rounds, the room's seeded renewal draw
  (:func:`seed_of`, :func:`close_round`) and each side's value and cumulative NPV per round
  (:func:`round_values`, :func:`lived_rounds`).

Nothing here touches a database: the store (:mod:`negotiation_lib.store.rooms`) applies each
event to the folded state inside the transaction that appends it.
"""

from __future__ import annotations

from negotiation_lib.domain.rooms.fold import MAX_TEXT, PACT_TOLERANCE, apply, fold, new_room
from negotiation_lib.domain.rooms.rounds import (
    DEFAULT_ROUNDS,
    PeriodValues,
    RoomRounds,
    RoundClosure,
    agreed_split,
    batna_values,
    close_round,
    lived_rounds,
    renewal_draws,
    room_values,
    round_values,
    seed_of,
)
from negotiation_lib.domain.rooms.state import (
    EVENT_KINDS,
    PRACTICE_STYLES,
    SIDES,
    TEAM_KINDS,
    Agreement,
    Closure,
    DefinitionVersion,
    EndReason,
    EventKind,
    Offer,
    OfferStatus,
    PracticeStyle,
    RoomEvent,
    RoomState,
    RoomStatus,
    SealHistory,
    SharedFact,
    Side,
    WalkAway,
    other_side,
)
from negotiation_lib.domain.rooms.terms import (
    IssueValue,
    RoomError,
    RoomTerms,
    checked_package,
    issue_range,
    issue_unit,
    package_problems,
    shown_value,
    unit_for,
)

__all__ = [
    "DEFAULT_ROUNDS",
    "EVENT_KINDS",
    "MAX_TEXT",
    "PACT_TOLERANCE",
    "PRACTICE_STYLES",
    "SIDES",
    "TEAM_KINDS",
    "Agreement",
    "Closure",
    "DefinitionVersion",
    "EndReason",
    "EventKind",
    "IssueValue",
    "Offer",
    "OfferStatus",
    "PeriodValues",
    "PracticeStyle",
    "RoomError",
    "RoomEvent",
    "RoomRounds",
    "RoomState",
    "RoomStatus",
    "RoomTerms",
    "RoundClosure",
    "SealHistory",
    "SharedFact",
    "Side",
    "WalkAway",
    "agreed_split",
    "apply",
    "batna_values",
    "checked_package",
    "close_round",
    "fold",
    "issue_range",
    "issue_unit",
    "lived_rounds",
    "new_room",
    "other_side",
    "package_problems",
    "renewal_draws",
    "room_values",
    "round_values",
    "seed_of",
    "shown_value",
    "unit_for",
]
