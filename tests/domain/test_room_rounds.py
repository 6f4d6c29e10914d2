"""Renewal rounds in a room's fold (issue 19, DESIGN §7 "Rounds"): ``round_closed``.

A room of R rounds moves to the next round when the renewal drawn after an agreement renews
the relationship, and ends otherwise, after the last round's agreement, or at a walk-away.
The draws and retentions fed to the fold here are computed independently: the draw straight
from ``numpy.random.default_rng(seed)``, the retention from the case's own numbers.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from negotiation_lib.datasets import load_sample_case
from negotiation_lib.domain.rooms import (
    IssueValue,
    RoomError,
    RoomEvent,
    RoomState,
    RoomTerms,
    agreed_split,
    apply,
    close_round,
    fold,
    new_room,
    seed_of,
)
from tests.domain.test_rounds import VALTORA, _by_hand

SELLER, CUSTOMER = 7, 8
CASE = load_sample_case("valtora_brightmoor")
TERMS = RoomTerms.from_case(CASE)
FAIR: dict[str, IssueValue] = {
    "price_per_housing": 27250.0,
    "lead_time_weeks": 6.0,
    "contract_years": 3.0,
    "payment_terms": "60 days",
}


def _retention_by_hand(price: float) -> float:
    """DESIGN §3's retention at ``price``, by hand (:func:`tests.domain.test_rounds._by_hand`)."""
    return float(_by_hand(VALTORA, price)[2])


class Log:
    """A room's log written by hand, each call appending the next event in the room's round."""

    def __init__(self, rounds: int) -> None:
        self.rounds = rounds
        self.events: list[RoomEvent] = []
        self.state: RoomState = new_room(TERMS, rounds)
        self.add("joined", SELLER, {"name": "Team Blue"})
        self.add("joined", CUSTOMER, {"name": "Team Red"})

    def event(self, kind: str, team: int | None, payload: dict[str, Any]) -> RoomEvent:
        side = {SELLER: "seller", CUSTOMER: "customer"}.get(team) if team is not None else None
        return RoomEvent(
            len(self.events) + 1,
            kind,
            side,  # type: ignore[arg-type]
            team,
            payload,
            self.state.round,
        )

    def add(self, kind: str, team: int | None, payload: dict[str, Any]) -> int:
        event = self.event(kind, team, payload)
        self.state = apply(self.state, event)
        self.events.append(event)
        return event.id

    def refused(self, kind: str, team: int | None, payload: dict[str, Any]) -> str:
        before = self.state
        with pytest.raises(RoomError) as caught:
            apply(self.state, self.event(kind, team, payload))
        assert self.state is before
        return caught.value.message

    def agree(self, price: float = 27250.0) -> int:
        offer = self.add(
            "offered", SELLER, {"values": {**FAIR, "price_per_housing": price}, "utility": 60}
        )
        self.add("accepted", CUSTOMER, {"offer": offer})
        return offer

    def close(self, draw: float, retention: float) -> None:
        payload = {
            "round": self.state.round,
            "draw": draw,
            "retention": retention,
            "renewed": draw < retention,
        }
        self.add("round_closed", None, payload)


def test_three_renewed_rounds_then_the_last_agreement_ends_the_room() -> None:
    log = Log(3)
    seed = seed_of(41, 2)
    draws = np.random.default_rng(seed).random(3)
    retention = _retention_by_hand(27250.0)
    for r in (1, 2):
        assert log.state.round == r
        assert log.state.takes_offers
        offer = log.agree()
        agreed = log.state
        assert agreed.status == "agreed"
        assert agreed.ended is None  # the renewal is still to be drawn
        # Renewed by construction: a draw below the retention.
        log.close(float(draws[r - 1]) * retention, retention)
        assert log.state.round == r + 1
        assert log.state.status == "negotiating"
        assert log.state.agreement is None
        assert log.state.last_agreement is not None
        assert log.state.last_agreement.offer.id == offer
        assert log.state.last_agreement.round == r
    log.agree(27500.0)
    assert log.state.ended == "all rounds played"
    assert [a.round for a in log.state.agreements] == [1, 2, 3]
    assert [c.round for c in log.state.closures] == [1, 2]
    assert all(c.renewed for c in log.state.closures)
    assert log.state.closures[0].draw == pytest.approx(draws[0] * retention, rel=1e-15)
    assert "final" in log.refused("offered", SELLER, {"values": FAIR, "utility": 50})
    # There is no round after the last: no renewal to draw either.
    message = log.refused(
        "round_closed", None, {"round": 3, "draw": 0.1, "retention": 0.9, "renewed": True}
    )
    assert "ended" in message
    assert fold(TERMS, log.events, 3) == log.state


def test_the_store_s_closure_matches_the_draw_and_the_retention_computed_by_hand() -> None:
    seed = seed_of(5, 9)
    retention = _retention_by_hand(27250.0)
    closure = close_round(seed, 2, agreed_split(CASE, FAIR).retention)
    assert closure.draw == np.random.default_rng(seed).random(5)[1]
    assert closure.retention == pytest.approx(retention, rel=1e-12)
    log = Log(5)
    log.agree()
    log.close(0.05, 0.9)
    log.agree()
    log.add(
        "round_closed",
        None,
        {
            "round": 2,
            "draw": closure.draw,
            "retention": closure.retention,
            "renewed": closure.renewed,
        },
    )
    assert log.state.closures[-1] == closure


def test_a_relationship_not_renewed_ends_the_room() -> None:
    log = Log(5)
    log.agree()
    log.close(0.95, 0.9)
    assert log.state.round == 1
    assert log.state.ended == "not renewed"
    assert log.state.status == "agreed"
    assert not log.state.takes_offers
    message = log.refused("offered", SELLER, {"values": FAIR, "utility": 50})
    assert "not renewed" in message


def test_a_walk_away_in_a_later_round_ends_the_room() -> None:
    log = Log(4)
    log.agree()
    log.close(0.2, 0.9)
    log.add("walked_away", CUSTOMER, {"reason": "Too dear"})
    assert log.state.ended == "walked away"
    assert log.state.walk_away is not None
    assert log.state.walk_away.round == 2
    assert len(log.state.agreements) == 1


def test_a_new_round_starts_without_the_last_round_s_open_offers() -> None:
    log = Log(3)
    customer_offer = log.add("offered", CUSTOMER, {"values": FAIR, "utility": 70})
    log.agree()
    log.close(0.1, 0.9)
    assert log.state.open_offer("customer") is None
    stale = log.state.offer(customer_offer)
    assert stale is not None
    assert stale.status == "superseded"
    assert "made in round 1" in log.refused("accepted", SELLER, {"offer": customer_offer})


def test_an_earlier_round_s_agreed_offer_cannot_be_withdrawn_or_accepted_again() -> None:
    log = Log(3)
    agreed = log.agree()
    log.close(0.1, 0.9)
    assert "made in round 1" in log.refused("withdrawn", SELLER, {"offer": agreed})
    assert "made in round 1" in log.refused("accepted", CUSTOMER, {"offer": agreed})
    offer = log.state.offer(agreed)
    assert offer is not None
    assert offer.status == "accepted"


@pytest.mark.parametrize(
    ("payload", "words"),
    [
        ({"round": 1, "draw": 0.5, "retention": 0.9, "renewed": False}, "cannot be recorded"),
        ({"round": 2, "draw": 0.5, "retention": 0.9, "renewed": True}, "cannot be recorded"),
        ({"round": 1, "draw": 1.5, "retention": 0.9, "renewed": False}, "cannot be recorded"),
        ({"round": 1, "draw": 0.5, "retention": 0.9}, "lacks a part"),
    ],
)
def test_a_renewal_out_of_step_with_the_room_is_refused(
    payload: dict[str, Any], words: str
) -> None:
    log = Log(3)
    log.agree()
    assert words in log.refused("round_closed", None, payload)


def test_a_round_closes_only_after_its_agreement_once_and_not_by_a_team() -> None:
    log = Log(3)
    good = {"round": 1, "draw": 0.5, "retention": 0.9, "renewed": True}
    assert "has none yet" in log.refused("round_closed", None, good)
    log.agree()
    assert "by the room itself" in log.refused("round_closed", SELLER, good)
    log.close(0.95, 0.9)
    assert "already closed" in log.refused("round_closed", None, {**good, "draw": 0.1})


def test_an_agreement_waiting_for_its_renewal_takes_no_offers() -> None:
    log = Log(3)
    log.agree()
    assert "renewal is drawn" in log.refused("offered", CUSTOMER, {"values": FAIR, "utility": 50})


def test_a_single_round_room_keeps_its_one_final_agreement() -> None:
    log = Log(1)
    log.agree()
    assert log.state.status == "agreed"
    assert log.state.ended == "all rounds played"
    assert log.state.closures == ()
    assert "final" in log.refused("offered", SELLER, {"values": FAIR, "utility": 50})
    assert fold(TERMS, log.events) == log.state  # R = 1 is the default


def test_a_room_runs_at_least_one_round() -> None:
    with pytest.raises(ValueError, match="at least one round"):
        new_room(TERMS, 0)
