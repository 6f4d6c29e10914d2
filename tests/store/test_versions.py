"""Saved versions: every save adds one, nothing is overwritten, each carries its SHA-256."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from negotiation_lib.domain.validation import MAX_CASE_BYTES
from negotiation_lib.store import WORKSHEET_NAMES, Store, StoreError
from negotiation_lib.store.store import canonical_document
from tests.store import raw_rows, sample_case, workshop_with


def _sha(data: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_document(data).encode("utf-8")).hexdigest()


def test_every_save_adds_a_version_and_keeps_the_earlier_ones(store: Store) -> None:
    _, (ann,) = workshop_with(store, "Ann")
    pid = ann.participant.id
    original = store.version(pid, 1).data
    drafts = [
        {"title": f"Draft {i}", "n": i, "nested": {"list": [i, i + 0.5, None]}} for i in range(5)
    ]
    saved = [
        store.save(pid, d, WORKSHEET_NAMES[i % len(WORKSHEET_NAMES)]) for i, d in enumerate(drafts)
    ]
    assert [s.version for s in saved] == [2, 3, 4, 5, 6]
    assert [s.saved_at for s in saved] == sorted(s.saved_at for s in saved)
    # Old versions read back unchanged, after all the later saves.
    assert store.version(pid, 1).data == original
    for draft, done in zip(drafts, saved, strict=True):
        again = store.version(pid, done.version)
        assert again.data == draft
        assert again.sha256 == done.sha256 == _sha(draft)
        assert again.saved_at == done.saved_at
    latest = store.latest(pid)
    assert latest is not None
    assert (latest.version, latest.data) == (6, drafts[-1])


def test_the_history_lists_versions_oldest_first_without_documents(store: Store) -> None:
    _, (ann,) = workshop_with(store, "Ann")
    pid = ann.participant.id
    store.save(pid, {"title": "a"}, "value_proposition")
    store.save(pid, {"title": "b"}, "win_win")
    history = store.history(pid)
    assert [(v.version, v.worksheet, v.data) for v in history] == [
        (1, "join", None),
        (2, "value_proposition", None),
        (3, "win_win", None),
    ]
    assert history[1].sha256 == _sha({"title": "a"})
    assert history[0].saved_at <= history[1].saved_at <= history[2].saved_at


def test_the_stored_text_is_canonical_json_matching_its_sha256(store: Store) -> None:
    _, (ann,) = workshop_with(store, "Ann")
    data = {"z": 1, "a": "Café — ✓ 日本", "m": [3, 2, 1]}
    done = store.save(ann.participant.id, data, "value_proposition")
    row = next(r for r in raw_rows(store, "case_versions") if r["version"] == done.version)
    assert row["document"] == '{"a":"Café — ✓ 日本","m":[3,2,1],"z":1}'
    for r in raw_rows(store, "case_versions"):
        assert hashlib.sha256(r["document"].encode("utf-8")).hexdigest() == r["sha256"]
    assert store.version(ann.participant.id, done.version).data == data


def test_participants_have_version_numbers_of_their_own(store: Store) -> None:
    _, (ann, ben) = workshop_with(store, "Ann", "Ben")
    a, b = ann.participant.id, ben.participant.id
    assert store.save(a, {"who": "ann"}, "win_win").version == 2
    assert store.save(a, {"who": "ann"}, "win_win").version == 3
    assert store.save(b, {"who": "ben"}, "win_win").version == 2
    assert [v.version for v in store.history(b)] == [1, 2]
    ben_latest = store.latest(b)
    assert ben_latest is not None
    assert ben_latest.data == {"who": "ben"}


def test_a_document_over_2_mb_is_refused_and_nothing_is_saved(store: Store) -> None:
    _, (ann,) = workshop_with(store, "Ann")
    pid = ann.participant.id
    store.save(pid, {"title": "kept"}, "win_win")
    before = store.history(pid)
    fits = {"blob": "x" * (MAX_CASE_BYTES - len('{"blob":""}'))}
    assert len(canonical_document(fits).encode("utf-8")) == MAX_CASE_BYTES
    too_big = {"blob": "é" * (MAX_CASE_BYTES // 2)}  # 2 bytes each in UTF-8: just over
    with pytest.raises(StoreError, match=r"at most 2 MB\. Nothing was saved"):
        store.save(pid, too_big, "win_win")
    assert store.history(pid) == before
    latest = store.latest(pid)
    assert latest is not None
    assert latest.data == {"title": "kept"}
    # The limit itself is allowed.
    assert store.save(pid, fits, "win_win").version == before[-1].version + 1


@pytest.mark.parametrize("worksheet", ["", "dashboard", "Win_Win", "win_win "])
def test_an_unknown_worksheet_is_refused(store: Store, worksheet: str) -> None:
    _, (ann,) = workshop_with(store, "Ann")
    with pytest.raises(StoreError, match="Unknown worksheet"):
        store.save(ann.participant.id, {"title": "x"}, worksheet)
    assert len(store.history(ann.participant.id)) == 1


def test_saving_for_a_participant_that_does_not_exist_is_refused(store: Store) -> None:
    _, (ann,) = workshop_with(store, "Ann")
    missing = ann.participant.id + 1000
    with pytest.raises(StoreError, match="This participant does not exist"):
        store.save(missing, {"title": "lost"}, "win_win")
    assert store.history(missing) == []
    assert store.latest(missing) is None
    assert len(raw_rows(store, "case_versions")) == 1


def test_a_version_that_does_not_exist_is_a_store_error(store: Store) -> None:
    _, (ann,) = workshop_with(store, "Ann")
    with pytest.raises(StoreError, match="There is no version 2 of this case"):
        store.version(ann.participant.id, 2)


def test_latest_documents_gives_each_participants_newest_case(store: Store) -> None:
    made, (ann, ben) = workshop_with(store, "Ann", "Ben", case="pumpco_acme_foods")
    _, (dan,) = workshop_with(store, "Dan")
    # Handed out unsealed: Ann imports the file, seals and all.
    store.save(ann.participant.id, sample_case("pumpco_acme_foods"), "import")
    store.save(ann.participant.id, {"title": "ann 2"}, "win_win")
    store.save(ann.participant.id, {"title": "ann 3"}, "win_win")
    store.save(dan.participant.id, {"title": "dan 2"}, "win_win")
    docs = store.latest_documents(made.workshop.id)
    assert set(docs) == {ann.participant.id, ben.participant.id}
    ann_doc = docs[ann.participant.id]
    assert ann_doc["title"] == "ann 3"
    assert set(ann_doc) == {"title", "win_win"}  # plus the seals recorded from Ann's import
    assert set(ann_doc["win_win"]["seals"]) == {"seller", "customer"}
    # Ben's case as joined, handed out unsealed: the very document saved.
    handed_out = sample_case("pumpco_acme_foods")
    del handed_out["win_win"]["seals"]
    assert docs[ben.participant.id] == handed_out


def test_a_document_with_a_lone_surrogate_is_refused_and_nothing_is_saved(store: Store) -> None:
    # json.loads("\"\\ud800\"") gives one: an imported file or a browser can carry it.
    _, (ann,) = workshop_with(store, "Ann")
    pid = ann.participant.id
    with pytest.raises(StoreError, match="Nothing was saved"):
        store.save(pid, {"title": "broken \ud800 text"}, "win_win")
    assert len(store.history(pid)) == 1
    assert store.save(pid, {"title": "fine 😀"}, "win_win").version == 2
