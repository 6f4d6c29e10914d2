"""Sealing definitions of winning, amending them, and showing what moved."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from negotiation_lib.domain.case import MustHave, PartyDefinition, SealedDefinition
from negotiation_lib.domain.errors import CaseError
from negotiation_lib.domain.seal import (
    Change,
    amend,
    amendments,
    definition_sha256,
    diff_definitions,
    goalposts_moved,
    seal,
    verify,
)
from tests.strategies import definition_changes, party_definitions

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
T1 = T0 + timedelta(days=7)

SELLER = PartyDefinition(
    statement="A price that covers our costs, and a warranty we can stand behind.",
    weights={"price": 0.5, "warranty": 0.5},
    scores={
        "price": ((300, 0), (310, 40), (320, 100)),
        "warranty": {"none": 100, "6m": 80, "1y": 50, "2y": 0},
    },
    must_haves={"price": MustHave(min=305)},
    win_threshold=60,
    reservation_utility=30,
)


def changed(**update: object) -> PartyDefinition:
    return PartyDefinition.model_validate({**SELLER.model_dump(), **update})


def sentences(changes: list[Change]) -> list[str]:
    return [c.sentence for c in changes]


# ---------------------------------------------------------------- sealing


def test_seal_is_version_one_with_the_definition_fingerprint() -> None:
    s = seal(SELLER, T0)
    assert (s.version, s.sealed_at, s.reason, s.definition) == (1, T0, None, SELLER)
    assert s.sha256 == definition_sha256(SELLER)
    assert verify(s)


def test_a_seal_survives_a_round_trip_through_json() -> None:
    s = seal(SELLER, T0)
    again = SealedDefinition.model_validate_json(s.model_dump_json())
    assert verify(again)
    assert again.sha256 == s.sha256


def test_tampering_breaks_the_seal() -> None:
    s = seal(SELLER, T0)
    tampered = s.model_copy(update={"definition": changed(win_threshold=55)})
    assert not verify(tampered)


def test_a_time_without_zone_is_refused() -> None:
    with pytest.raises(CaseError) as err:
        seal(SELLER, datetime(2026, 3, 1, 9, 0))  # naive: the point of the test
    assert err.value.path == "sealed_at"


@given(party_definitions, st.datetimes(timezones=st.just(UTC)))
def test_sealing_is_deterministic(definition: PartyDefinition, at: datetime) -> None:
    first, second = seal(definition, T0), seal(definition, at)
    assert first.sha256 == second.sha256 == definition_sha256(definition)
    assert verify(second)


@given(party_definitions.flatmap(lambda d: st.tuples(st.just(d), definition_changes(d))))
def test_any_change_changes_the_seal(
    case: tuple[PartyDefinition, tuple[PartyDefinition, str, str | None]],
) -> None:
    definition, (new, _, _) = case
    assert seal(new, T0).sha256 != seal(definition, T0).sha256


# ---------------------------------------------------------------- amending


def test_amendment_is_the_next_version_with_its_reason() -> None:
    v1 = seal(SELLER, T0)
    v2 = amend((v1,), changed(win_threshold=65), "  The board raised the bar.  ", T1)
    v3 = amend((v1, v2), changed(win_threshold=70), "Again.", T1)
    assert (v2.version, v2.reason, v2.sealed_at) == (2, "The board raised the bar.", T1)
    assert v3.version == 3
    assert verify(v2)
    assert verify(v3)


@pytest.mark.parametrize("reason", ["", "   ", "\n"])
def test_amendment_needs_a_reason(reason: str) -> None:
    with pytest.raises(CaseError) as err:
        amend((seal(SELLER, T0),), changed(win_threshold=65), reason, T1)
    assert err.value.path == "reason"


def test_amending_with_the_same_definition_is_refused() -> None:
    v1 = seal(SELLER, T0)
    with pytest.raises(CaseError) as err:
        amend((v1,), changed(), "No real change", T1)
    assert err.value.path == "definition"
    assert "identical to sealed version 1" in err.value.message


def test_nothing_to_amend_before_a_seal() -> None:
    with pytest.raises(CaseError) as err:
        amend((), SELLER, "First version", T0)
    assert err.value.path == "seals"


def test_an_amendment_cannot_predate_what_it_amends() -> None:
    v1 = seal(SELLER, T1)
    with pytest.raises(CaseError) as err:
        amend((v1,), changed(win_threshold=65), "Backdated", T0)
    assert err.value.path == "sealed_at"


def test_a_tampered_history_cannot_be_amended() -> None:
    v1 = seal(SELLER, T0).model_copy(update={"definition": changed(win_threshold=40)})
    with pytest.raises(CaseError) as err:
        amend((v1,), changed(win_threshold=65), "Cover the tracks", T1)
    assert err.value.path == "seals"


def test_goalposts_moved_only_after_an_amendment() -> None:
    v1 = seal(SELLER, T0)
    v2 = amend((v1,), changed(reservation_utility=40), "Costs went up", T1)
    assert not goalposts_moved(())
    assert not goalposts_moved((v1,))
    assert goalposts_moved((v1, v2))


def test_amendments_list_reason_and_changes() -> None:
    v1 = seal(SELLER, T0)
    v2 = amend((v1,), changed(reservation_utility=40), "Costs went up", T1)
    [only] = amendments((v1, v2))
    assert (only.version, only.sealed_at, only.reason) == (2, T1, "Costs went up")
    assert sentences(list(only.changes)) == ["Walk-away (reservation) utility raised from 30 to 40"]
    assert amendments((v1,)) == []


# ---------------------------------------------------------------- diffs


def test_diff_names_a_weight_change() -> None:
    [c] = diff_definitions(SELLER, changed(weights={"price": 0.7, "warranty": 0.5}))
    assert (c.kind, c.issue, c.old, c.new) == ("weight", "price", 0.5, 0.7)
    assert c.sentence == "Weight of 'Price' raised from 0.5 to 0.7"


def test_diff_names_added_and_removed_weights() -> None:
    out = diff_definitions(SELLER, changed(weights={"price": 0.5, "delivery": 0.2}))
    assert sentences(out) == [
        "Weight of 'Warranty' removed (it was 0.5)",
        "Weight of 'Delivery' set to 0.2 (it had none)",
    ]


def test_diff_names_an_option_score() -> None:
    scores = {**SELLER.scores, "warranty": {"none": 100, "6m": 80, "1y": 70, "2y": 0}}
    [c] = diff_definitions(SELLER, changed(scores=scores))
    assert (c.kind, c.issue, c.option, c.old, c.new) == ("score", "warranty", "1y", 50, 70)
    assert c.sentence == "Score of '1y' on 'Warranty' raised from 50 to 70"


def test_diff_names_numeric_score_points() -> None:
    scores = {**SELLER.scores, "price": ((300, 0), (310, 30), (315, 60), (320, 100))}
    out = diff_definitions(SELLER, changed(scores=scores))
    assert [(c.kind, c.issue, c.point) for c in out] == [
        ("score", "price", 310),
        ("score", "price", 315),
    ]
    assert sentences(out) == [
        "Score of 'Price' at 310 lowered from 40 to 30",
        "Score of 'Price' at 315 set to 60 (it had none)",
    ]


def test_diff_names_must_haves() -> None:
    out = diff_definitions(
        SELLER,
        changed(must_haves={"price": {"min": 310}, "warranty": {"allowed": ["none", "6m"]}}),
    )
    assert sentences(out) == [
        "Must-have on 'Price' changed from at least 305 to at least 310",
        "Must-have on 'Warranty' added: one of 'none', '6m'",
    ]
    assert sentences(diff_definitions(SELLER, changed(must_haves={}))) == [
        "Must-have on 'Price' dropped (it was at least 305)"
    ]


def test_diff_calls_issues_by_their_names_never_their_ids() -> None:
    weights = {"payment_terms": 0.5, "warranty": 0.5}
    old = changed(weights=weights, scores={}, must_haves={})
    new = changed(weights={**weights, "payment_terms": 0.7}, scores={}, must_haves={})
    # An id in words, unless the case names the issue.
    assert sentences(diff_definitions(old, new)) == [
        "Weight of 'Payment terms' raised from 0.5 to 0.7"
    ]
    named = diff_definitions(old, new, {"payment_terms": "Days to pay"})
    assert sentences(named) == ["Weight of 'Days to pay' raised from 0.5 to 0.7"]
    assert named[0].issue == "payment_terms"  # the change still points at the key


def test_diff_names_thresholds_and_statement() -> None:
    out = diff_definitions(
        SELLER, changed(win_threshold=55, reservation_utility=35, statement="Price first.")
    )
    assert [c.kind for c in out] == ["threshold", "reservation", "statement"]
    assert out[0].sentence == "Win threshold lowered from 60 to 55"
    assert out[1].sentence == "Walk-away (reservation) utility raised from 30 to 35"
    assert out[2].new == "Price first."
    assert out[2].sentence.endswith("to 'Price first.'")


@given(party_definitions)
def test_diff_with_itself_is_empty(definition: PartyDefinition) -> None:
    assert diff_definitions(definition, definition) == []
    copy = PartyDefinition.model_validate(definition.model_dump())
    assert diff_definitions(definition, copy) == []


@given(party_definitions.flatmap(lambda d: st.tuples(st.just(d), definition_changes(d))))
def test_diff_after_a_change_names_that_change(
    case: tuple[PartyDefinition, tuple[PartyDefinition, str, str | None]],
) -> None:
    definition, (new, kind, issue) = case
    out = diff_definitions(definition, new)
    assert out
    assert {c.kind for c in out} == {kind}
    assert {c.issue for c in out} == {issue}
    assert all(c.sentence for c in out)
    # And back again: the reverse diff names the same kind of change.
    assert {c.kind for c in diff_definitions(new, definition)} == {kind}
