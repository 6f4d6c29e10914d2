"""A deal room's rules: each event applied to the room's state, or refused with a sentence.

The state of a room is the fold of its events (:func:`fold`): :func:`apply` takes the state
before an event and returns the state after it, or raises :class:`RoomError` saying, to the
team that acted, why the room refuses it. The store applies every event to the room's state
inside the transaction that appends it, so a refused event is never recorded and the stored
log always folds.

The events and what their payload holds:

===============  ==========================================================================
``joined``       a team takes a side: ``{"name": team name}``
``shared``       a fact shared with the counterpart: ``{"path": "economics.…", "value": …}``
``sealed``       the side's definition of winning sealed: ``{"version", "sha256",
                 "sealed_at"}`` (the contents stay private)
``amended``      a later version: the same and ``"reason"``; once the definition was shown,
                 also ``"definition"`` (an amendment of a shown definition is shown too)
``revealed``     the latest version's contents shown: ``{"version", "definition"}``
``pact``         a proposed fair share: ``{"fair_share": 0-1}``
``offered``      a package: ``{"values": {issue: value}, "utility": 0-100}`` (the offering
                 side's own utility of it)
``withdrawn``    ``{"offer": id}`` of one's own open offer
``accepted``     ``{"offer": id}`` of the counterpart's open offer: the agreement
``walked_away``  ``{"reason": text}`` (optional)
``closed``       the facilitator closes the room: ``{"reason": sentence}``
``round_closed`` the store, with the agreement that ends a round before the last:
                 ``{"round": r, "draw": u, "retention": p, "renewed": u < p}``
===============  ==========================================================================

The rules (DESIGN §7): an agreement is an offer accepted by the side that did not make it,
while the offer is the latest from its author (not withdrawn, not superseded) and the room is
open; at most one agreement per round; after an agreement or a walk-away the room takes no
more offers; a closed room takes nothing. The fairness pact is agreed when both sides'
latest proposals are the same share, and is made before offers.

Renewal rounds (a room of :math:`R > 1` rounds, DESIGN §7 "Rounds"): after round :math:`r`'s
agreement, one ``round_closed`` records the renewal drawn for it. Renewed and :math:`r < R`:
the room moves to round :math:`r + 1` and takes offers again, starting from the last
agreement (:attr:`RoomState.last_agreement`). Not renewed, an agreement in round :math:`R`, or
a walk-away in any round: the relationship has ended (:attr:`RoomState.ended`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from typing import Any

from pydantic import ValidationError

from negotiation_lib.domain.case import PartyDefinition
from negotiation_lib.domain.errors import Problem
from negotiation_lib.domain.rooms.rounds import RoundClosure
from negotiation_lib.domain.rooms.state import (
    EVENT_KINDS,
    PRACTICE_STYLES,
    SIDES,
    Agreement,
    Closure,
    DefinitionVersion,
    Offer,
    RoomEvent,
    RoomState,
    SealHistory,
    SharedFact,
    Side,
    WalkAway,
    frozen,
    other_side,
)
from negotiation_lib.domain.rooms.terms import RoomError, RoomTerms, checked_package
from negotiation_lib.domain.seal import definition_sha256
from negotiation_lib.formatting import percent

__all__ = ["MAX_TEXT", "PACT_TOLERANCE", "apply", "fold", "new_room"]

PACT_TOLERANCE = 1e-9
"""Two proposed fair shares this close are the same share."""

MAX_TEXT = 5000
"""Most characters of a reason or a team name an event carries."""

_SHA = re.compile(r"^[0-9a-f]{64}$")


def new_room(terms: RoomTerms, rounds: int = 1) -> RoomState:
    """The state of a room before its first event.

    Parameters
    ----------
    terms
        The issues the room negotiates.
    rounds
        :math:`R`, the rounds its workshop runs (1: a single negotiation).

    Examples
    --------
    >>> new_room(RoomTerms()).status, new_room(RoomTerms(), 3).rounds
    ('waiting', 3)
    """
    if isinstance(rounds, bool) or not isinstance(rounds, int) or rounds < 1:
        raise ValueError("A room runs at least one round.")
    return RoomState(terms, rounds=rounds)


def fold(terms: RoomTerms, events: Iterable[RoomEvent], rounds: int = 1) -> RoomState:
    """The state a room's events add up to, applied in order.

    ``rounds`` is :math:`R`, the rounds the room's workshop runs (:func:`new_room`).

    Raises
    ------
    RoomError
        At the first event the rules refuse (a log the store wrote never has one).
    """
    state = new_room(terms, rounds)
    for event in events:
        state = apply(state, event)
    return state


def _refuse(message: str, path: str = "") -> RoomError:
    return RoomError([Problem(path, message)])


def _only(event: RoomEvent, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> None:
    """Refuse a payload that lacks a part the event needs or carries one it has no place for."""
    missing = [k for k in required if k not in event.payload]
    extra = [k for k in event.payload if k not in required and k not in optional]
    if missing or extra:
        # Pages build these payloads: this is a page out of step with the room, not a typo.
        raise _refuse(
            "This action lacks a part or holds one it has no place for, so it cannot be "
            "recorded; reload the page and try again."
        )


def _text(value: object, what: str, *, required: bool) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise _refuse(f"Write {what}.")
    if len(value) > MAX_TEXT:
        raise _refuse(f"{what[0].upper()}{what[1:]} has at most {MAX_TEXT:,} characters.")
    return value.strip()


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    x = float(value)
    return x if math.isfinite(x) else None


def _share(x: float) -> str:
    # 0.5 reads 50%, 0.525 reads 52.5%: as typed, without noise digits.
    return percent(x, 0 if float(round(100 * x, 6)).is_integer() else 1)


def _offer_id(event: RoomEvent) -> int:
    _only(event, ("offer",))
    value = event.payload["offer"]
    if isinstance(value, bool) or not isinstance(value, int):
        raise _refuse("Say which offer: this one is not in the room.")
    return value


def apply(state: RoomState, event: RoomEvent) -> RoomState:
    """The room's state after ``event``, or :class:`RoomError` with the reason it is refused.

    Parameters
    ----------
    state
        The room's state before the event.
    event
        The event; its ``id`` must follow the room's last one.

    Returns
    -------
    RoomState
        A new state (``state`` is left as it was).

    Raises
    ------
    RoomError
        With a sentence for the team that acted: acting in a closed room, a team not in the
        room, an offer outside an issue's range (at ``values.<issue>``), accepting a withdrawn,
        superseded or one's own offer, a second agreement, anything after a walk-away, and so
        on.

    Examples
    --------
    >>> from negotiation_lib.domain.case import OptionsIssue
    >>> terms = RoomTerms((OptionsIssue(name="warranty", options=("1 year", "2 years")),))
    >>> events = [
    ...     RoomEvent(1, "joined", "seller", 7, {"name": "Team Blue"}),
    ...     RoomEvent(2, "joined", "customer", 8, {"name": "Team Red"}),
    ...     RoomEvent(3, "offered", "seller", 7, {"values": {"warranty": "1 year"},
    ...                                           "utility": 80}),
    ... ]
    >>> state = fold(terms, events)
    >>> state.open_offer("seller").values["warranty"], state.status
    ('1 year', 'negotiating')
    >>> try:
    ...     apply(state, RoomEvent(4, "accepted", "seller", 7, {"offer": 3}))
    ... except RoomError as refused:
    ...     print(refused.message)
    You made this offer: it becomes an agreement when Team Red accepts it.
    >>> apply(state, RoomEvent(4, "accepted", "customer", 8, {"offer": 3})).status
    'agreed'
    """
    if event.id <= state.last_event_id:
        raise _refuse("This action arrived out of order; reload the page and try again.")
    if event.kind not in EVENT_KINDS:
        raise _refuse("A room does not know this action; reload the page and try again.")
    if not isinstance(event.payload, Mapping):
        raise _refuse("This action cannot be recorded; reload the page and try again.")
    if state.closure is not None:
        raise _refuse(
            f"This room is closed, so nothing more can be done in it. {state.closure.reason}"
        )
    if event.round != state.round:
        raise _refuse(
            f"This room is in round {state.round}; an action for round {event.round} cannot be "
            "taken in it."
        )
    if event.kind == "joined":
        after = _joined(state, event)
    elif event.kind == "closed":
        after = _closed(state, event)
    elif event.kind == "round_closed":
        after = _round_closed(state, event)
    else:
        after = _RULES[event.kind](state, _seated(state, event), event)
    return replace(after, events=state.events + 1, last_event_id=event.id)


def _seated(state: RoomState, event: RoomEvent) -> Side:
    """The acting team's side, or the reason it may not act here."""
    side = state.side_of(event.team) if event.team is not None else None
    if side is None:
        raise _refuse(
            "Your team is not in this room, so it cannot act in it. Open your own room from "
            "your workbook's home page."
        )
    if event.side is not None and event.side != side:
        raise _refuse(f"Your team sits on the {side}'s side in this room, not the {event.side}'s.")
    return side


def _joined(state: RoomState, event: RoomEvent) -> RoomState:
    _only(event, ("name",), ("practice",))
    side, team = event.side, event.team
    if side not in SIDES or team is None:
        raise _refuse("A team joins a room on the seller's or the customer's side.")
    if side in state.teams:
        raise _refuse(
            f"The {side}'s seat in this room is taken by {state.name_of(side)}; ask your "
            "facilitator to pair you."
        )
    if state.side_of(team) is not None:
        raise _refuse("Your team already sits in this room.")
    name = _text(event.payload["name"], "the team's name", required=True)
    practice = dict(state.practice)
    if "practice" in event.payload:
        style = event.payload["practice"]
        if style not in PRACTICE_STYLES:
            raise _refuse("A practice opponent plays one of the workbook's styles: CPT or trust.")
        practice[side] = style
    return replace(
        state,
        teams=frozen({**state.teams, side: team}),
        names=frozen({**state.names, side: name}),
        practice=frozen(practice),
    )


def _closed(state: RoomState, event: RoomEvent) -> RoomState:
    _only(event, ("reason",))
    if event.team is not None:
        raise _refuse("Only the facilitator closes a room.")
    reason = _text(event.payload["reason"], "why the room is closed", required=True)
    return replace(state, closure=Closure(reason, event.id, event.at))


def _round_closed(state: RoomState, event: RoomEvent) -> RoomState:
    _only(event, ("round", "draw", "retention", "renewed"))
    if event.team is not None:
        raise _refuse("A round is closed by the room itself, with the agreement that ends it.")
    payload = event.payload
    round_, renewed = payload["round"], payload["renewed"]
    draw, retention = _number(payload["draw"]), _number(payload["retention"])
    if (
        isinstance(round_, bool)
        or not isinstance(round_, int)
        or round_ != state.round
        or not isinstance(renewed, bool)
        or draw is None
        or retention is None
        or not 0 <= draw < 1
        or not 0 <= retention <= 1
        or renewed != (draw < retention)
    ):
        # The store computes these; anything else is a record out of step with the room.
        raise _refuse(
            f"This room is in round {state.round}: this renewal cannot be recorded for it."
        )
    if state.agreement is None:
        raise _refuse("A round closes with its agreement: this one has none yet.")
    if state.ended is not None:
        raise _refuse("This round is already closed: the relationship has ended.")
    closure = RoundClosure(state.round, draw, retention, renewed)
    if not renewed:
        return replace(state, closures=(*state.closures, closure))
    # The new round starts clean: offers still open from the round just agreed are off the
    # table (the last agreement is the starting point, not a standing offer).
    offers = tuple(
        replace(o, status="superseded") if o.status == "open" else o for o in state.offers
    )
    return replace(state, closures=(*state.closures, closure), offers=offers, round=state.round + 1)


def _negotiating(state: RoomState, side: Side) -> None:
    """Refuse a move of the negotiation (pact, offer, withdrawal, acceptance, walk-away)."""
    other = other_side(side)
    if other not in state.teams:
        raise _refuse(
            "Your counterpart has not joined yet: you can negotiate as soon as a team is "
            "paired with yours."
        )
    agreement = state.agreement
    if state.ended == "not renewed":
        raise _refuse(
            "The relationship was not renewed after your last agreement: this room takes no "
            "more offers."
        )
    if agreement is not None and state.rounds > 1 and state.ended is None:
        raise _refuse(
            f"Round {state.round} has its agreement: the next round opens once the renewal is "
            "drawn. Reload the page."
        )
    if agreement is not None:
        raise _refuse(
            "This room has reached its agreement, which is final: it takes no more offers."
        )
    if state.walk_away is not None:
        who = "Your team" if state.walk_away.side == side else state.name_of(state.walk_away.side)
        raise _refuse(f"{who} walked away from this negotiation, so it takes no more offers.")


def _shared(state: RoomState, side: Side, event: RoomEvent) -> RoomState:
    _only(event, ("path", "value"))
    path = event.payload["path"]
    if not isinstance(path, str) or not path.strip() or len(path) > 300:
        raise _refuse("Say which fact you share: the place of a fact in the case.")
    fact = SharedFact(path.strip(), event.payload["value"], side, _team(event), event.id, event.at)
    return replace(state, shared=(*state.shared, fact))


def _team(event: RoomEvent) -> int:
    assert event.team is not None  # _seated checked it
    return event.team


def _version(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise _refuse("A sealed definition has a version number: 1, 2, 3 …")
    return value


def _definition(value: object, sha256: str) -> Mapping[str, Any]:
    """A definition shown to the counterpart, checked against its seal's fingerprint."""
    try:
        definition = PartyDefinition.model_validate(value)
    except (ValidationError, TypeError, ValueError) as err:
        raise _refuse("This definition of winning cannot be read, so it cannot be shown.") from err
    if definition_sha256(definition) != sha256:
        raise _refuse(
            "This definition of winning is not the one sealed under this version (its "
            "fingerprint differs), so it cannot be shown as that version."
        )
    assert isinstance(value, Mapping)  # validated above
    return frozen(value)


def _sealed(state: RoomState, side: Side, event: RoomEvent) -> RoomState:
    amending = event.kind == "amended"
    history = state.seals_of(side)
    _only(
        event,
        ("version", "sha256", "sealed_at", *(("reason",) if amending else ())),
        ("definition",) if amending else (),
    )
    version = _version(event.payload["version"])
    sha256 = event.payload["sha256"]
    sealed_at = event.payload["sealed_at"]
    if not isinstance(sha256, str) or not _SHA.match(sha256) or not isinstance(sealed_at, str):
        raise _refuse("A seal carries its fingerprint and the time it was sealed.")
    latest = history.latest
    reason: str | None = None
    if not amending and latest is not None:
        raise _refuse(
            f"Your definition of winning is already sealed (version {latest.version}): a "
            "change is an amendment, with its reason."
        )
    if amending:
        if latest is None:
            raise _refuse("Seal your definition of winning first; later versions amend it.")
        if version <= latest.version:
            raise _refuse(
                f"Version {latest.version} of your definition is already in this room: an "
                "amendment has a higher version number."
            )
        reason = _text(event.payload["reason"], "why the definition changed", required=True)
    shown = None
    if history.revealed:
        if "definition" not in event.payload:
            raise _refuse(
                "Your counterpart has seen your definition of winning, so an amendment is "
                "shown to it too: it must carry the amended definition."
            )
        shown = _definition(event.payload["definition"], sha256)
    elif "definition" in event.payload:
        raise _refuse(
            "A sealed definition stays private until you show it: its contents are not "
            "recorded before then."
        )
    entry = DefinitionVersion(version, sha256, sealed_at, reason, shown, event.id)
    return replace(
        state,
        seals=frozen({**state.seals, side: SealHistory((*history.versions, entry))}),
    )


def _revealed(state: RoomState, side: Side, event: RoomEvent) -> RoomState:
    _only(event, ("version", "definition"))
    version = _version(event.payload["version"])
    history = state.seals_of(side)
    latest = history.latest
    if latest is None:
        raise _refuse("Seal your definition of winning before you show it to your counterpart.")
    if version != latest.version:
        raise _refuse(
            f"Show your latest version of your definition of winning (version {latest.version}),"
            f" not version {version}."
        )
    if latest.revealed:
        raise _refuse(f"Your counterpart already sees version {version} of your definition.")
    entry = replace(latest, definition=_definition(event.payload["definition"], latest.sha256))
    return replace(
        state,
        seals=frozen({**state.seals, side: SealHistory((*history.versions[:-1], entry))}),
    )


def _pact(state: RoomState, side: Side, event: RoomEvent) -> RoomState:
    _only(event, ("fair_share",))
    _negotiating(state, side)
    share = _number(event.payload["fair_share"])
    if share is None or not 0 <= share <= 1:
        raise _refuse("Propose a fair share from 0% to 100% of the value created.", "fair_share")
    if state.fair_share is not None:
        raise _refuse(
            f"Both sides already agreed that the fair share is {_share(state.fair_share)}; "
            "the pact stands."
        )
    if any(o.round == state.round for o in state.offers):
        raise _refuse(
            "The fairness pact is made before offers, and offers have started in this room: "
            "it can no longer be proposed."
        )
    proposals = {**state.pact_proposals, side: share}
    theirs = proposals.get(other_side(side))
    agreed = share if theirs is not None and abs(theirs - share) <= PACT_TOLERANCE else None
    return replace(state, pact_proposals=frozen(proposals), fair_share=agreed)


def _offered(state: RoomState, side: Side, event: RoomEvent) -> RoomState:
    _only(event, ("values", "utility"))
    _negotiating(state, side)
    values = checked_package(state.terms, event.payload["values"])
    utility = _number(event.payload["utility"])
    if utility is None or not 0 <= utility <= 100:
        raise _refuse("An offer carries your own utility of it, a number from 0 to 100.", "utility")
    offers = tuple(
        replace(o, status="superseded") if o.side == side and o.status == "open" else o
        for o in state.offers
    )
    offer = Offer(event.id, side, _team(event), frozen(values), utility, event.round, event.at)
    return replace(state, offers=(*offers, offer))


def _live(state: RoomState, offer_id: int) -> Offer:
    offer = state.offer(offer_id)
    if offer is None:
        raise _refuse("There is no such offer in this room.", "offer")
    return offer


def _withdrawn(state: RoomState, side: Side, event: RoomEvent) -> RoomState:
    _negotiating(state, side)
    offer = _live(state, _offer_id(event))
    if offer.side != side:
        raise _refuse(
            f"Only the team that made an offer can withdraw it; this one is "
            f"{state.name_of(offer.side)}'s.",
            "offer",
        )
    if offer.status == "withdrawn":
        raise _refuse("You already withdrew this offer.", "offer")
    if offer.round != state.round:
        # An earlier round's offer: its agreement stands, the others left the table with it.
        raise _refuse(
            f"This offer was made in round {offer.round}; it is no longer on the table.",
            "offer",
        )
    if offer.status == "superseded":
        raise _refuse(
            "This offer is no longer on the table: your newer offer replaced it.", "offer"
        )
    offers = tuple(replace(o, status="withdrawn") if o is offer else o for o in state.offers)
    return replace(state, offers=offers)


def _accepted(state: RoomState, side: Side, event: RoomEvent) -> RoomState:
    _negotiating(state, side)
    offer = _live(state, _offer_id(event))
    author = state.name_of(offer.side)
    if offer.side == side:
        raise _refuse(
            f"You made this offer: it becomes an agreement when {state.name_of(other_side(side))}"
            " accepts it.",
            "offer",
        )
    if offer.round != state.round:
        raise _refuse(
            f"This offer was made in round {offer.round}; it is no longer on the table: look "
            f"at {author}'s offers in this round.",
            "offer",
        )
    if offer.status == "withdrawn":
        raise _refuse(f"{author} withdrew this offer, so it can no longer be accepted.", "offer")
    if offer.status == "superseded":
        raise _refuse(
            f"{author} has made a newer offer since, so this one can no longer be accepted: "
            "look at their latest offer.",
            "offer",
        )
    accepted = replace(offer, status="accepted")
    offers = tuple(accepted if o is offer else o for o in state.offers)
    agreement = Agreement(state.round, accepted, side, _team(event), event.id, event.at)
    return replace(state, offers=offers, agreements=(*state.agreements, agreement))


def _walked_away(state: RoomState, side: Side, event: RoomEvent) -> RoomState:
    _only(event, (), ("reason",))
    _negotiating(state, side)
    reason = _text(event.payload.get("reason"), "why you walk away", required=False)
    walk = WalkAway(side, _team(event), state.round, event.id, reason, event.at)
    return replace(state, walk_away=walk)


_RULES: dict[str, Callable[[RoomState, Side, RoomEvent], RoomState]] = {
    "shared": _shared,
    "sealed": _sealed,
    "amended": _sealed,
    "revealed": _revealed,
    "pact": _pact,
    "offered": _offered,
    "withdrawn": _withdrawn,
    "accepted": _accepted,
    "walked_away": _walked_away,
}
