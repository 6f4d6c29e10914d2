"""Sealed definitions of winning: recorded once; a later save can neither drop nor alter them."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

import pytest

from negotiation_lib.domain.case import SealedDefinition
from negotiation_lib.domain.seal import amend, verify
from negotiation_lib.store import SealRecord, Store
from tests.store import SEALED_CASE, raw_rows, sample_case, workshop_with

PARTIES = ("seller", "customer")


def _sealed(items: list[dict[str, Any]]) -> list[SealedDefinition]:
    return [SealedDefinition.model_validate(item) for item in items]


def _original_seals() -> dict[str, list[SealedDefinition]]:
    seals = sample_case(SEALED_CASE)["win_win"]["seals"]
    return {party: _sealed(seals[party]) for party in PARTIES}


def _returned_seals(store: Store, participant_id: int) -> dict[str, list[SealedDefinition]]:
    latest = store.latest(participant_id)
    assert latest is not None
    assert latest.data is not None
    seals = latest.data["win_win"]["seals"]
    return {party: _sealed(seals[party]) for party in PARTIES}


def _recorded(store: Store, participant_id: int) -> dict[str, list[SealedDefinition]]:
    return {
        party: [SealedDefinition.model_validate(r.sealed) for r in records]
        for party, records in store.seals(participant_id).items()
    }


@pytest.fixture
def sealed_case_participant(store: Store) -> int:
    """A participant who joined with the sample case whose definitions are sealed."""
    _, (ann,) = workshop_with(store, "Ann", case=SEALED_CASE)
    return ann.participant.id


def test_the_sample_case_carries_amended_seals() -> None:
    seals = _original_seals()
    assert [s.version for s in seals["seller"]] == [1]
    assert [s.version for s in seals["customer"]] == [1, 2]
    assert seals["customer"][1].reason
    assert all(verify(s) for party in PARTIES for s in seals[party])


def test_seals_in_a_saved_case_are_recorded_per_party(
    store: Store, sealed_case_participant: int
) -> None:
    pid = sealed_case_participant
    records = store.seals(pid)
    assert set(records) == set(PARTIES)
    originals = sample_case(SEALED_CASE)["win_win"]["seals"]
    for party in PARTIES:
        assert [(r.party, r.version) for r in records[party]] == [
            (party, item["version"]) for item in originals[party]
        ]
        for record, item in zip(records[party], originals[party], strict=True):
            assert isinstance(record, SealRecord)
            assert record.sha256 == item["sha256"]
            assert record.reason == item["reason"]
            assert record.sealed_at == datetime.fromisoformat(item["sealed_at"])
            assert record.sealed_at.tzinfo is not None
            assert record.recorded_at.tzinfo is not None
            assert record.sealed == item  # exactly as the case carried it
            assert verify(SealedDefinition.model_validate(record.sealed))
    assert len(raw_rows(store, "sealed_definitions")) == 3
    # Saving the same case again records nothing new.
    store.save(pid, sample_case(SEALED_CASE), "win_win")
    assert len(raw_rows(store, "sealed_definitions")) == 3


@pytest.mark.parametrize(
    "drop",
    ["emptied", "party_missing", "seals_missing", "win_win_missing", "last_amendment_cut"],
)
def test_a_later_save_that_drops_seals_does_not_drop_them(
    store: Store, sealed_case_participant: int, drop: str
) -> None:
    pid = sealed_case_participant
    case = sample_case(SEALED_CASE)
    if drop == "emptied":
        case["win_win"]["seals"] = {"seller": [], "customer": []}
    elif drop == "party_missing":
        del case["win_win"]["seals"]["customer"]
    elif drop == "seals_missing":
        del case["win_win"]["seals"]
    elif drop == "win_win_missing":
        del case["win_win"]
    else:
        case["win_win"]["seals"]["customer"] = case["win_win"]["seals"]["customer"][:1]
    saved = store.save(pid, case, "win_win")
    # The version holds exactly what was saved ...
    assert store.version(pid, saved.version).data == case
    # ... but the case handed back carries the recorded history.
    latest = store.latest(pid)
    assert latest is not None
    assert latest.version == saved.version
    assert _returned_seals(store, pid) == _original_seals()
    assert _recorded(store, pid) == _original_seals()
    # Exactly as first saved, not merely equivalent.
    assert latest.data is not None
    assert latest.data["win_win"]["seals"] == sample_case(SEALED_CASE)["win_win"]["seals"]
    if drop == "win_win_missing":
        assert latest.data is not None
        assert latest.data["win_win"]["issues"] == []
        assert latest.data["win_win"]["packages"] == []


def test_a_later_save_that_alters_seals_does_not_alter_them(
    store: Store, sealed_case_participant: int
) -> None:
    pid = sealed_case_participant
    case = sample_case(SEALED_CASE)
    seller = case["win_win"]["seals"]["seller"][0]
    seller["definition"]["win_threshold"] = 20  # moving the goalposts in secret ...
    seller["definition"]["statement"] = "We win whatever happens."
    seller["sha256"] = "0" * 64
    seller["sealed_at"] = "2027-01-01T00:00:00Z"
    customer = case["win_win"]["seals"]["customer"][1]
    customer["reason"] = "A different story."
    saved = store.save(pid, case, "win_win")
    assert store.version(pid, saved.version).data == case
    assert _returned_seals(store, pid) == _original_seals()
    assert _recorded(store, pid) == _original_seals()
    assert len(raw_rows(store, "sealed_definitions")) == 3
    latest = store.latest(pid)
    assert latest is not None
    assert latest.data is not None
    assert latest.data["win_win"]["seals"] == sample_case(SEALED_CASE)["win_win"]["seals"]


def test_a_new_amendment_is_recorded_after_the_earlier_ones(
    store: Store, sealed_case_participant: int
) -> None:
    pid = sealed_case_participant
    originals = _original_seals()
    old = originals["seller"][-1]
    new_definition = old.definition.model_copy(update={"win_threshold": 60.0})
    at = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)
    v2 = amend(originals["seller"], new_definition, "The board raised the bar.", at)
    case = sample_case(SEALED_CASE)
    case["win_win"]["seals"]["seller"].append(v2.model_dump(mode="json"))
    store.save(pid, case, "win_win")
    recorded = store.seals(pid)
    assert [r.version for r in recorded["seller"]] == [1, 2]
    assert recorded["seller"][1].reason == "The board raised the bar."
    assert recorded["seller"][1].sealed_at == at
    expected = {"seller": [*originals["seller"], v2], "customer": originals["customer"]}
    assert _returned_seals(store, pid) == expected
    # A save from a stale tab without the amendment loses nothing.
    store.save(pid, sample_case(SEALED_CASE), "win_win")
    assert _returned_seals(store, pid) == expected


def test_malformed_or_naive_seals_are_not_recorded(store: Store) -> None:
    _, (ann,) = workshop_with(store, "Ann", case="pumpco_acme_foods")
    made = store.create_workshop("Blank", ["blank"])
    ben = store.join(made.workshop.join_code, "Ben").participant.id
    assert store.seals(ben) == {"seller": [], "customer": []}
    good = copy.deepcopy(sample_case(SEALED_CASE)["win_win"]["seals"]["seller"][0])
    naive = {**good, "sealed_at": "2026-03-02T08:15:00"}
    broken = {**good, "sha256": "not a hash"}
    store.save(ben, {"win_win": {"seals": {"seller": [naive, broken, "junk"]}}}, "win_win")
    store.save(ben, {"win_win": {"seals": ["junk"]}}, "win_win")
    store.save(ben, {"win_win": "junk"}, "win_win")
    assert store.seals(ben) == {"seller": [], "customer": []}
    latest = store.latest(ben)
    assert latest is not None
    assert latest.data == {"win_win": "junk"}  # nothing recorded, nothing overlaid
    # The other participant's seals are theirs only.
    assert [r.version for r in store.seals(ann.participant.id)["seller"]] == [1]


def test_latest_documents_carry_each_participants_recorded_seals(store: Store) -> None:
    made, (ann, ben) = workshop_with(store, "Ann", "Ben", case=SEALED_CASE)
    for person in (ann, ben):
        case = sample_case(SEALED_CASE)
        case["win_win"]["seals"] = {"seller": [], "customer": []}
        store.save(person.participant.id, case, "win_win")
    docs = store.latest_documents(made.workshop.id)
    assert set(docs) == {ann.participant.id, ben.participant.id}
    for doc in docs.values():
        seals = doc["win_win"]["seals"]
        assert {party: _sealed(seals[party]) for party in PARTIES} == _original_seals()


def test_a_seal_whose_reason_holds_a_nul_character_is_kept_on_every_backend(
    store: Store,
) -> None:
    # PostgreSQL text columns cannot hold NUL; the case document (JSON) escapes it.
    _, (ann,) = workshop_with(store, "Ann")
    pid = ann.participant.id
    case = sample_case(SEALED_CASE)
    case["win_win"]["seals"]["customer"][1]["reason"] = "Budget\x00cut"
    saved = store.save(pid, case, "win_win")
    assert saved.version == 2
    latest = store.latest(pid)
    assert latest is not None
    assert latest.data == case  # the seal as saved, NUL and all
    amended = store.seals(pid)["customer"][1]
    assert amended.sealed["reason"] == "Budget\x00cut"
    assert amended.reason is not None
    assert amended.reason.startswith("Budget")
    assert amended.reason.endswith("cut")
    # And later saves go on working.
    assert store.save(pid, case, "win_win").version == 3
