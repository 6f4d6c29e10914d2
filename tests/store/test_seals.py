"""Sealed definitions of winning: recorded once; a later save can neither drop nor alter them."""

from __future__ import annotations

import copy
import re
from datetime import UTC, datetime
from typing import Any

import pytest

from negotiation_lib.domain.case import SealedDefinition
from negotiation_lib.domain.seal import amend, verify
from negotiation_lib.store import SealRecord, Store, StoreError
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


def import_sealed(store: Store, participant_id: int, name: str = SEALED_CASE) -> None:
    """Save a sample case exactly as its file holds it, seals and all (as an import does).

    A workshop hands its cases out unsealed, so a participant's seals come from their own
    sealing or, as here, from a case file they import.
    """
    store.save(participant_id, sample_case(name), "import")


@pytest.fixture
def sealed_case_participant(store: Store) -> int:
    """A participant who joined with the sample case whose file is sealed, then imported it."""
    _, (ann,) = workshop_with(store, "Ann", case=SEALED_CASE)
    assert store.seals(ann.participant.id) == {"seller": [], "customer": []}  # handed out unsealed
    import_sealed(store, ann.participant.id)
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
    import_sealed(store, ann.participant.id, "pumpco_acme_foods")
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
        import_sealed(store, person.participant.id)
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


# --------------------------------------------------------------------------- complete or refused

ISSUES = [
    {"name": "price_per_unit", "kind": "numeric", "min": 300, "max": 320, "step": 10},
    {"name": "payment_terms", "kind": "options", "options": ["net 30", "net 60"]},
]
COMPLETE: dict[str, Any] = {
    "statement": "We win with a fair price paid on time.",
    "weights": {"price_per_unit": 0.7, "payment_terms": 0.3},
    "scores": {
        "price_per_unit": [[300, 0], [320, 100]],
        "payment_terms": {"net 30": 100, "net 60": 40},
    },
    "win_threshold": 60,
    "reservation_utility": 30,
}
AT = datetime(2026, 4, 1, 9, 0, tzinfo=UTC)


def _seal_item(definition: dict[str, Any], version: int = 1) -> dict[str, Any]:
    """A seal as a hand-made file would carry it: the definition exactly as written."""
    from negotiation_lib.domain.case import PartyDefinition
    from negotiation_lib.domain.seal import definition_sha256

    item: dict[str, Any] = {
        "version": version,
        "sha256": definition_sha256(PartyDefinition.model_validate(definition)),
        "sealed_at": AT.isoformat(),
        "definition": definition,
    }
    if version > 1:
        item["reason"] = "Changed our mind."
    return item


def _case_sealing(definition: dict[str, Any], *earlier: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": "Sealing test",
        "win_win": {
            "issues": ISSUES,
            "packages": [],
            "seller": definition,
            "seals": {
                "seller": [*(_seal_item(d, i + 1) for i, d in enumerate(earlier)),
                           _seal_item(definition, len(earlier) + 1)],
                "customer": [],
            },
        },
    }  # fmt: skip


def test_a_save_cannot_seal_a_definition_with_only_its_sentence(store: Store) -> None:
    _, (ann,) = workshop_with(store, "Ann")
    pid = ann.participant.id
    sentence_only = {"statement": "We win with a fair price paid on time."}
    case = _case_sealing(sentence_only)
    expected = (
        "The seller's definition of winning cannot be sealed yet. Missing: weights for Price "
        "per unit and Payment terms; scores for Price per unit and Payment terms; a win "
        "threshold; a walk-away utility."
    )
    with pytest.raises(StoreError) as refused:
        store.save(pid, case, "import")
    assert refused.value.message == expected + " Nothing was saved."
    # Nothing of the refused save is kept: no version, no seal.
    assert [v.version for v in store.history(pid)] == [1]
    assert store.seals(pid) == {"seller": [], "customer": []}
    assert raw_rows(store, "sealed_definitions") == []
    # An import is told the same before it is saved.
    assert store.seal_conflicts(pid, case) == [expected]


def test_a_half_done_definition_is_refused_with_what_is_missing(store: Store) -> None:
    _, (ann,) = workshop_with(store, "Ann")
    pid = ann.participant.id
    half = {
        "weights": {"price_per_unit": 1},
        "scores": {"price_per_unit": [[300, 0]], "payment_terms": {"net 30": 100}},
        "win_threshold": 60,
    }
    with pytest.raises(
        StoreError,
        match=re.escape(
            "Missing: weights for Payment terms; scores for Payment terms (net 60); "
            "a walk-away utility."
        ),
    ):
        store.save(pid, _case_sealing(half), "win_win")
    assert store.seals(pid) == {"seller": [], "customer": []}


def test_a_complete_definition_is_sealed_and_an_incomplete_amendment_refused(
    store: Store,
) -> None:
    _, (ann,) = workshop_with(store, "Ann")
    pid = ann.participant.id
    case = _case_sealing(COMPLETE)
    assert store.seal_conflicts(pid, case) == []
    store.save(pid, case, "win_win")
    assert [r.version for r in store.seals(pid)["seller"]] == [1]
    # An amendment is a seal too: it may not drop a weight.
    dropped = copy.deepcopy(COMPLETE)
    del dropped["weights"]["payment_terms"]
    with pytest.raises(StoreError, match=re.escape("Missing: weights for Payment terms.")):
        store.save(pid, _case_sealing(dropped, COMPLETE), "win_win")
    assert [r.version for r in store.seals(pid)["seller"]] == [1]
    # A weight of 0 is a weight: the issue does not matter, and that is complete.
    zero = copy.deepcopy(COMPLETE)
    zero["weights"]["payment_terms"] = 0
    store.save(pid, _case_sealing(zero, COMPLETE), "win_win")
    assert [r.version for r in store.seals(pid)["seller"]] == [1, 2]


def test_seals_recorded_before_are_not_checked_again(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A seal recorded before sealing asked for a complete definition stays recorded, and the
    # saves that carry it afterwards go on working: only new seals are checked.
    import negotiation_lib.store.seals as seals_module

    _, (ann,) = workshop_with(store, "Ann")
    pid = ann.participant.id
    old = _case_sealing({"statement": "We win."})
    with monkeypatch.context() as earlier:
        earlier.setattr(seals_module, "seal_refusal", lambda *_args: None)
        store.save(pid, old, "win_win")
    assert [r.version for r in store.seals(pid)["seller"]] == [1]
    old["title"] = "Renamed"
    assert store.save(pid, old, "value_proposition").version == 3
    assert [r.version for r in store.seals(pid)["seller"]] == [1]
