"""The deal room's fold (issue 18, DESIGN §7 "Room"): each rule, one test at a time.

A room of the PumpCo case: Team Blue (participant 7) sells, Team Red (participant 8) buys.
Every refusal is checked for its sentence (what a team reads) and for leaving the state as it
was: :func:`apply` returns a new state and never changes the one it was given.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from negotiation_lib.datasets import load_pumpco_acme_foods
from negotiation_lib.domain.case import NumericIssue, OptionsIssue, PartyDefinition
from negotiation_lib.domain.errors import CaseError
from negotiation_lib.domain.rooms import (
    RoomError,
    RoomEvent,
    RoomState,
    RoomTerms,
    apply,
    checked_package,
    fold,
    issue_range,
    new_room,
    package_problems,
)

SELLER, CUSTOMER = 7, 8
TERMS = RoomTerms.from_case(load_pumpco_acme_foods())
GOOD = {
    "price_per_pump": 12000,
    "warranty": "2 years",
    "payment_terms": "net 60",
    "contract_years": 2,
}


class Log:
    """A room's log being written by hand: each call appends the next event."""

    def __init__(self) -> None:
        self.events: list[RoomEvent] = []
        self.state: RoomState = new_room(TERMS)

    def next_id(self) -> int:
        return len(self.events) + 1

    def event(
        self, kind: str, team: int | None, payload: dict[str, Any], round_: int = 1
    ) -> RoomEvent:
        side = {SELLER: "seller", CUSTOMER: "customer"}.get(team) if team is not None else None
        return RoomEvent(self.next_id(), kind, side, team, payload, round_)  # type: ignore[arg-type]

    def add(self, kind: str, team: int | None, payload: dict[str, Any] | None = None) -> int:
        event = self.event(kind, team, payload or {})
        self.state = apply(self.state, event)
        self.events.append(event)
        return event.id

    def refused(self, kind: str, team: int | None, payload: dict[str, Any] | None = None) -> str:
        before = self.state
        with pytest.raises(RoomError) as caught:
            apply(self.state, self.event(kind, team, payload or {}))
        assert self.state is before
        assert fold(TERMS, self.events) == before  # nothing of the refused event stayed
        return caught.value.message

    def offer(self, team: int, utility: float = 50, **changes: Any) -> int:
        return self.add("offered", team, {"values": {**GOOD, **changes}, "utility": utility})


@pytest.fixture
def room() -> Iterator[Log]:
    log = Log()
    log.add("joined", SELLER, {"name": "Team Blue"})
    log.add("joined", CUSTOMER, {"name": "Team Red"})
    yield log
    # Whatever a test did, the log it wrote folds to the state it reached.
    assert fold(TERMS, log.events) == log.state


# --------------------------------------------------------------------------- joining


def test_a_room_waits_until_both_sides_have_a_team() -> None:
    log = Log()
    assert log.state.status == "waiting"
    log.add("joined", SELLER, {"name": "Team Blue"})
    assert (log.state.status, log.state.paired) == ("waiting", False)
    assert "has not joined yet" in log.refused("offered", SELLER, {"values": GOOD, "utility": 1})
    log.add("joined", CUSTOMER, {"name": "Team Red"})
    assert (log.state.status, log.state.paired) == ("negotiating", True)
    assert dict(log.state.names) == {"seller": "Team Blue", "customer": "Team Red"}


def test_a_taken_seat_and_a_team_seated_twice_are_refused(room: Log) -> None:
    taken = room.refused("joined", None, {"name": "Team Green"})
    assert "seller's or the customer's side" in taken
    other = RoomEvent(room.next_id(), "joined", "seller", 9, {"name": "Team Green"})
    with pytest.raises(RoomError, match="taken by Team Blue"):
        apply(room.state, other)
    again = RoomEvent(room.next_id(), "joined", "customer", SELLER, {"name": "Team Blue"})
    with pytest.raises(RoomError, match="taken by Team Red"):
        apply(room.state, again)


def test_a_team_not_in_the_room_cannot_act(room: Log) -> None:
    stranger = RoomEvent(room.next_id(), "offered", "seller", 99, {"values": GOOD, "utility": 5})
    with pytest.raises(RoomError) as caught:
        apply(room.state, stranger)
    assert caught.value.message.startswith("Your team is not in this room")


def test_a_team_acts_only_on_its_own_side(room: Log) -> None:
    wrong = RoomEvent(room.next_id(), "offered", "customer", SELLER, {"values": GOOD, "utility": 5})
    with pytest.raises(RoomError, match="sits on the seller's side in this room"):
        apply(room.state, wrong)


# --------------------------------------------------------------------------- offers


def test_an_offer_is_recorded_with_its_package_and_utility(room: Log) -> None:
    made = room.offer(SELLER, utility=62.5)
    offer = room.state.open_offer("seller")
    assert offer is not None
    assert (offer.id, offer.team, offer.utility, offer.status) == (made, SELLER, 62.5, "open")
    # The package in the case's issue order, numbers as numbers.
    assert list(offer.values.items()) == [
        ("price_per_pump", 12000.0),
        ("warranty", "2 years"),
        ("payment_terms", "net 60"),
        ("contract_years", 2.0),
    ]


def test_a_newer_offer_supersedes_the_authors_previous_one_only(room: Log) -> None:
    first = room.offer(SELLER, price_per_pump=12500)
    theirs = room.offer(CUSTOMER, price_per_pump=11500)
    second = room.offer(SELLER, price_per_pump=12250)
    status = {o.id: o.status for o in room.state.offers}
    assert status == {first: "superseded", theirs: "open", second: "open"}
    open_seller = room.state.open_offer("seller")
    assert open_seller is not None
    assert open_seller.id == second


def test_an_offer_outside_an_issues_range_names_the_issue_and_the_range_with_units(
    room: Log,
) -> None:
    message = room.refused(
        "offered", SELLER, {"values": {**GOOD, "price_per_pump": 14000}, "utility": 50}
    )
    assert message == (
        "Price per pump goes from 11,000 to 13,000 EUR per pump; 14,000 EUR per pump is outside "
        "that range."
    )
    years = room.refused(
        "offered", SELLER, {"values": {**GOOD, "contract_years": 5}, "utility": 50}
    )
    assert years == "Contract years goes from 1 to 3 years; 5 years is outside that range."


def test_an_unknown_option_lists_the_options(room: Log) -> None:
    message = room.refused("offered", CUSTOMER, {"values": {**GOOD, "warranty": "5 years"}})
    # The payload lacks its utility too, and its shape is checked first.
    assert message == (
        "This action lacks a part or holds one it has no place for, so it cannot be recorded; "
        "reload the page and try again."
    )
    message = room.refused(
        "offered", CUSTOMER, {"values": {**GOOD, "warranty": "5 years"}, "utility": 10}
    )
    assert message == ("'5 years' is not an option of Warranty: choose 1 year, 2 years or 3 years.")


def test_every_problem_of_a_package_is_reported_at_its_issue() -> None:
    values = {"price_per_pump": "cheap", "warranty": True, "colour": "red"}
    problems = {p.path: p.message for p in package_problems(TERMS, values)}
    assert problems == {
        "values.price_per_pump": "Price per pump takes a number from 11,000 to 13,000 EUR per "
        "pump.",
        "values.warranty": "True is not an option of Warranty: choose 1 year, 2 years or 3 years.",
        "values.payment_terms": "Give Payment terms a value (one of net 30, net 60 or net 90): "
        "an offer settles every issue.",
        "values.contract_years": "Give Contract years a value (from 1 to 3 years): an offer "
        "settles every issue.",
        "values.colour": "There is no issue called 'Colour' in this negotiation; leave it out.",
    }
    with pytest.raises(RoomError) as caught:
        checked_package(TERMS, values)
    assert len(caught.value.problems) == 5
    assert isinstance(caught.value, CaseError)  # the domain's one error type


def test_the_ends_of_a_range_are_inside_it_and_numbers_off_the_grid_are_taken() -> None:
    low = checked_package(TERMS, {**GOOD, "price_per_pump": 11000, "contract_years": 3})
    assert (low["price_per_pump"], low["contract_years"]) == (11000.0, 3.0)
    # A price between two steps of the grid is a price all the same.
    assert checked_package(TERMS, {**GOOD, "price_per_pump": 11111.5})["price_per_pump"] == 11111.5


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), None, [1], {"x": 1}])
def test_a_value_that_is_not_a_number_is_refused(bad: object) -> None:
    problems = package_problems(TERMS, {**GOOD, "contract_years": bad})
    assert [p.path for p in problems] == ["values.contract_years"]
    assert problems[0].message == "Contract years takes a number from 1 to 3 years."


def test_a_case_without_issues_takes_no_offers() -> None:
    problems = package_problems(RoomTerms(), {})
    assert [p.message for p in problems] == [
        "This case has no issues to negotiate, so it takes no offers."
    ]


@pytest.mark.parametrize("utility", [-1, 100.5, float("nan"), "80", True, None])
def test_an_offer_carries_its_proposers_utility_from_0_to_100(room: Log, utility: object) -> None:
    message = room.refused("offered", SELLER, {"values": GOOD, "utility": utility})
    assert message == "An offer carries your own utility of it, a number from 0 to 100."


def test_a_payload_with_parts_an_event_has_no_place_for_is_refused(room: Log) -> None:
    message = room.refused("offered", SELLER, {"values": GOOD, "utility": 1, "secret": 3})
    assert message.startswith("This action lacks a part or holds one it has no place for")


def test_ranges_of_issues_in_words() -> None:
    terms = RoomTerms(currency="USD", unit="seat", price_issue="price")
    assert issue_range(NumericIssue(name="price", min=1000, max=1400, step=5), terms) == (
        "from 1,000 to 1,400 USD per seat"
    )
    assert issue_range(NumericIssue(name="payment_days", min=0, max=90.5, step=1), terms) == (
        "from 0 to 90.5 days"
    )
    assert issue_range(OptionsIssue(name="tier", options=("gold",)), terms) == "one of gold"


# --------------------------------------------------------------------------- withdrawing


def test_a_team_withdraws_its_own_open_offer(room: Log) -> None:
    made = room.offer(SELLER)
    room.add("withdrawn", SELLER, {"offer": made})
    offer = room.state.offer(made)
    assert offer is not None
    assert offer.status == "withdrawn"
    assert room.state.open_offer("seller") is None
    assert room.refused("withdrawn", SELLER, {"offer": made}) == "You already withdrew this offer."


def test_withdrawing_someone_elses_or_a_replaced_offer_is_refused(room: Log) -> None:
    theirs = room.offer(CUSTOMER)
    assert room.refused("withdrawn", SELLER, {"offer": theirs}) == (
        "Only the team that made an offer can withdraw it; this one is Team Red's."
    )
    old = room.offer(SELLER)
    room.offer(SELLER, contract_years=3)
    assert room.refused("withdrawn", SELLER, {"offer": old}) == (
        "This offer is no longer on the table: your newer offer replaced it."
    )
    assert room.refused("withdrawn", SELLER, {"offer": 999}) == (
        "There is no such offer in this room."
    )


# --------------------------------------------------------------------------- accepting


def test_the_counterpart_accepting_the_latest_offer_is_the_agreement(room: Log) -> None:
    made = room.offer(SELLER, utility=70)
    accepted = room.add("accepted", CUSTOMER, {"offer": made})
    agreement = room.state.agreement
    assert agreement is not None
    assert (agreement.round, agreement.accepted_by, agreement.team) == (1, "customer", CUSTOMER)
    assert (agreement.event_id, agreement.offer.id, agreement.offer.side) == (
        accepted,
        made,
        "seller",
    )
    assert agreement.offer.status == "accepted"
    assert room.state.status == "agreed"
    assert not room.state.takes_offers


def test_accepting_ones_own_offer_is_refused(room: Log) -> None:
    made = room.offer(SELLER)
    assert room.refused("accepted", SELLER, {"offer": made}) == (
        "You made this offer: it becomes an agreement when Team Red accepts it."
    )


def test_accepting_a_withdrawn_offer_is_refused(room: Log) -> None:
    made = room.offer(CUSTOMER)
    room.add("withdrawn", CUSTOMER, {"offer": made})
    assert room.refused("accepted", SELLER, {"offer": made}) == (
        "Team Red withdrew this offer, so it can no longer be accepted."
    )
    assert room.state.agreement is None


def test_accepting_a_superseded_offer_is_refused(room: Log) -> None:
    old = room.offer(CUSTOMER, price_per_pump=11000)
    room.offer(CUSTOMER, price_per_pump=11250)
    message = room.refused("accepted", SELLER, {"offer": old})
    assert message.startswith("Team Red has made a newer offer since")


def test_the_counterparts_counter_offer_leaves_the_first_offer_acceptable(room: Log) -> None:
    first = room.offer(SELLER)
    counter = room.offer(CUSTOMER, price_per_pump=11500)
    # The seller's offer is still its latest: the customer may still accept it.
    room.add("accepted", CUSTOMER, {"offer": first})
    agreement = room.state.agreement
    assert agreement is not None
    assert agreement.offer.id == first
    offer = room.state.offer(counter)
    assert offer is not None
    assert offer.status == "open"  # left on the table, and the room takes nothing more
    assert "agreement, which is final" in room.refused("accepted", SELLER, {"offer": counter})


def test_after_an_agreement_the_room_takes_no_more_offers(room: Log) -> None:
    made = room.offer(SELLER)
    room.add("accepted", CUSTOMER, {"offer": made})
    final = "This room has reached its agreement, which is final: it takes no more offers."
    assert room.refused("offered", CUSTOMER, {"values": GOOD, "utility": 1}) == final
    assert room.refused("withdrawn", SELLER, {"offer": made}) == final
    assert room.refused("walked_away", CUSTOMER) == final
    assert room.refused("pact", SELLER, {"fair_share": 0.5}) == final
    assert len(room.state.agreements) == 1


def test_an_offer_id_must_be_a_number(room: Log) -> None:
    room.offer(SELLER)
    assert room.refused("accepted", CUSTOMER, {"offer": "1"}) == (
        "Say which offer: this one is not in the room."
    )


# --------------------------------------------------------------------------- walking away


def test_a_walk_away_ends_the_negotiation_for_both(room: Log) -> None:
    made = room.offer(SELLER)
    room.add("walked_away", CUSTOMER, {"reason": "Too expensive"})
    walk = room.state.walk_away
    assert walk is not None
    assert (walk.side, walk.team, walk.reason, walk.round) == (
        "customer",
        CUSTOMER,
        "Too expensive",
        1,
    )
    assert room.state.status == "walked_away"
    assert room.refused("accepted", CUSTOMER, {"offer": made}) == (
        "Your team walked away from this negotiation, so it takes no more offers."
    )
    assert room.refused("offered", SELLER, {"values": GOOD, "utility": 3}) == (
        "Team Red walked away from this negotiation, so it takes no more offers."
    )
    assert room.state.agreement is None


# --------------------------------------------------------------------------- closing


def test_a_closed_room_takes_nothing(room: Log) -> None:
    room.offer(SELLER)
    room.add("closed", None, {"reason": "The facilitator re-paired the teams."})
    assert room.state.status == "closed"
    tries: list[tuple[str, int | None, dict[str, Any]]] = [
        ("offered", CUSTOMER, {"values": GOOD, "utility": 1}),
        ("accepted", CUSTOMER, {"offer": 3}),
        ("shared", SELLER, {"path": "economics.variable_cost_per_unit", "value": 1}),
        ("closed", None, {"reason": "Again."}),
    ]
    for kind, team, payload in tries:
        assert room.refused(kind, team, payload) == (
            "This room is closed, so nothing more can be done in it. The facilitator re-paired "
            "the teams."
        )


def test_only_the_facilitator_closes_a_room(room: Log) -> None:
    assert (
        room.refused("closed", SELLER, {"reason": "Bored"}) == "Only the facilitator closes a room."
    )


# --------------------------------------------------------------------------- rounds and order


def test_events_of_another_round_or_out_of_order_are_refused(room: Log) -> None:
    later = room.event("offered", SELLER, {"values": GOOD, "utility": 1}, round_=2)
    with pytest.raises(RoomError, match="This room is in round 1"):
        apply(room.state, later)
    stale = RoomEvent(room.state.last_event_id, "walked_away", "seller", SELLER, {})
    with pytest.raises(RoomError, match="out of order"):
        apply(room.state, stale)
    unknown = room.event("bribed", SELLER, {})
    with pytest.raises(RoomError, match="does not know this action"):
        apply(room.state, unknown)


# --------------------------------------------------------------------------- the fairness pact


def test_the_pact_is_agreed_when_both_latest_proposals_are_the_same(room: Log) -> None:
    room.add("pact", SELLER, {"fair_share": 0.6})
    room.add("pact", CUSTOMER, {"fair_share": 0.4})
    assert room.state.fair_share is None
    room.add("pact", SELLER, {"fair_share": 0.5})
    assert room.state.fair_share is None  # the customer's latest is still 0.4
    room.add("pact", CUSTOMER, {"fair_share": 0.5})
    assert room.state.fair_share == 0.5
    assert dict(room.state.pact_proposals) == {"seller": 0.5, "customer": 0.5}
    assert room.refused("pact", SELLER, {"fair_share": 0.55}) == (
        "Both sides already agreed that the fair share is 50%; the pact stands."
    )


def test_the_pact_comes_before_offers_and_is_a_share(room: Log) -> None:
    assert room.refused("pact", SELLER, {"fair_share": 1.2}) == (
        "Propose a fair share from 0% to 100% of the value created."
    )
    room.add("pact", SELLER, {"fair_share": 0.5})
    room.offer(CUSTOMER)
    assert room.refused("pact", CUSTOMER, {"fair_share": 0.5}).startswith(
        "The fairness pact is made before offers"
    )
    assert room.state.fair_share is None


# --------------------------------------------------------------------------- disclosure


def test_shared_facts_keep_the_stated_value_each_as_last_stated(room: Log) -> None:
    room.add("shared", SELLER, {"path": "economics.variable_cost_per_unit", "value": 7000})
    room.add("shared", SELLER, {"path": "economics.variable_cost_per_unit", "value": 6900})
    room.add("shared", CUSTOMER, {"path": "relationship.customer_batna_per_period", "value": 1})
    seller = room.state.shared_by("seller")
    assert list(seller) == ["economics.variable_cost_per_unit"]
    assert seller["economics.variable_cost_per_unit"].value == 6900
    assert len(room.state.shared) == 3
    assert room.refused("shared", SELLER, {"path": " ", "value": 1}) == (
        "Say which fact you share: the place of a fact in the case."
    )


# --------------------------------------------------------------------------- seals


def _definition(statement: str) -> tuple[dict[str, Any], str]:
    """A definition as JSON data and its fingerprint, computed here from its canonical JSON."""
    data = PartyDefinition(
        statement=statement,
        weights={"warranty": 1},
        scores={"warranty": {"1 year": 0, "2 years": 50, "3 years": 100}},
    ).model_dump(mode="json")
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return data, hashlib.sha256(text.encode("utf-8")).hexdigest()


AT = datetime(2027, 1, 12, 9, 30, tzinfo=UTC).isoformat()


def _seal(version: int, sha: str, reason: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"version": version, "sha256": sha, "sealed_at": AT}
    if reason is not None:
        out["reason"] = reason
    return out


def test_a_seal_is_announced_without_its_contents_and_revealed_with_them(room: Log) -> None:
    first, sha1 = _definition("Long warranty")
    room.add("sealed", CUSTOMER, _seal(1, sha1))
    latest = room.state.seals_of("customer").latest
    assert latest is not None
    assert (latest.version, latest.sha256, latest.revealed) == (1, sha1, False)
    assert room.state.seals_of("seller").latest is None
    # Its contents cannot ride along with the seal: they stay private until shown.
    assert "stays private until you show it" in room.refused(
        "amended", CUSTOMER, {**_seal(2, sha1, "x"), "definition": first}
    )
    room.add("revealed", CUSTOMER, {"version": 1, "definition": first})
    shown = room.state.seals_of("customer").shown
    assert [(v.version, dict(v.definition or {})) for v in shown] == [(1, first)]
    assert room.refused("revealed", CUSTOMER, {"version": 1, "definition": first}) == (
        "Your counterpart already sees version 1 of your definition."
    )


def test_an_amendment_after_showing_is_shown_with_its_reason(room: Log) -> None:
    first, sha1 = _definition("Long warranty")
    second, sha2 = _definition("Long warranty, and a low price")
    room.add("sealed", SELLER, _seal(1, sha1))
    room.add("revealed", SELLER, {"version": 1, "definition": first})
    assert room.refused("amended", SELLER, _seal(2, sha2, "Costs rose")).startswith(
        "Your counterpart has seen your definition of winning, so an amendment is shown"
    )
    room.add("amended", SELLER, {**_seal(2, sha2, "Costs rose"), "definition": second})
    history = room.state.seals_of("seller")
    assert [(v.version, v.reason, v.revealed) for v in history.versions] == [
        (1, None, True),
        (2, "Costs rose", True),
    ]


def test_seal_rules_version_order_reasons_and_fingerprints(room: Log) -> None:
    first, sha1 = _definition("A")
    second, sha2 = _definition("B")
    assert room.refused("amended", SELLER, _seal(1, sha1, "why")) == (
        "Seal your definition of winning first; later versions amend it."
    )
    assert room.refused("revealed", SELLER, {"version": 1, "definition": first}) == (
        "Seal your definition of winning before you show it to your counterpart."
    )
    room.add("sealed", SELLER, _seal(1, sha1))
    assert room.refused("sealed", SELLER, _seal(2, sha2)).startswith(
        "Your definition of winning is already sealed (version 1)"
    )
    assert room.refused("amended", SELLER, _seal(1, sha2, "why")).startswith(
        "Version 1 of your definition is already in this room"
    )
    assert room.refused("amended", SELLER, _seal(2, sha2, " ")) == (
        "Write why the definition changed."
    )
    room.add("amended", SELLER, _seal(2, sha2, "Costs rose"))
    assert room.refused("revealed", SELLER, {"version": 1, "definition": first}) == (
        "Show your latest version of your definition of winning (version 2), not version 1."
    )
    # The contents shown must be the sealed ones: the fingerprint says so.
    assert "fingerprint differs" in room.refused(
        "revealed", SELLER, {"version": 2, "definition": first}
    )
    room.add("revealed", SELLER, {"version": 2, "definition": second})


# --------------------------------------------------------------------------- the fold


def test_apply_leaves_the_state_it_was_given_as_it_was(room: Log) -> None:
    before = room.state
    after = apply(before, room.event("offered", SELLER, {"values": GOOD, "utility": 5}))
    assert before.offers == ()
    assert len(after.offers) == 1
    assert (after.events, after.last_event_id) == (before.events + 1, before.last_event_id + 1)


_MOVES = st.lists(
    st.tuples(
        st.sampled_from(["offered", "withdrawn", "accepted", "walked_away", "pact"]),
        st.sampled_from([SELLER, CUSTOMER]),
        st.integers(1, 12),
        st.sampled_from([11000, 12000, 14000]),
    ),
    max_size=25,
)


@given(_MOVES)
def test_whatever_is_tried_at_most_one_agreement_and_only_the_counterpart_makes_it(
    moves: list[tuple[str, int, int, int]],
) -> None:
    log = Log()
    log.add("joined", SELLER, {"name": "Team Blue"})
    log.add("joined", CUSTOMER, {"name": "Team Red"})
    for kind, team, target, price in moves:
        payloads: dict[str, dict[str, Any]] = {
            "offered": {"values": {**GOOD, "price_per_pump": price}, "utility": 50},
            "withdrawn": {"offer": target},
            "accepted": {"offer": target},
            "walked_away": {},
            "pact": {"fair_share": 0.5},
        }
        payload = payloads[kind]
        before = log.state
        try:
            log.add(kind, team, payload)
        except RoomError:
            assert log.state is before
            continue
        if kind == "accepted":
            # Checked against the log, not the state: the offer was the other side's latest
            # and still on the table when it was accepted.
            offers = [e for e in log.events[:-1] if e.kind == "offered"]
            offer = next(e for e in offers if e.id == target)
            assert offer.team != team
            later = [e for e in offers if e.team == offer.team and e.id > offer.id]
            withdrawn = [
                e for e in log.events[:-1] if e.kind == "withdrawn" and e.payload["offer"] == target
            ]
            assert not later
            assert not withdrawn
    assert len(log.state.agreements) <= 1
    assert sum(e.kind == "accepted" for e in log.events) == len(log.state.agreements)
    assert fold(TERMS, log.events) == log.state
