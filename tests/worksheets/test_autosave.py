"""Autosave against a real SQLite store, with a scheduler the test fires by hand.

Nothing a trainee types may be lost: changes are saved after a short delay (one save however
many keystrokes), seals at once, only the parts a page changed, and again after a failure.
"""

from __future__ import annotations

import copy
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

import negotiation_lib.store.engine as store_module
from negotiation_lib.datasets import load_sample_case
from negotiation_lib.domain.seal import amend, seal
from negotiation_lib.store import Store, StoreUnavailableError
from negotiation_lib.worksheets.autosave import RETRY_S, SAVE_DELAY_S
from negotiation_lib.worksheets.page import esc
from tests.autosaved import CASE, StoredPage, join, newest, open_stored_page, sample_data

# `store` (tests/conftest.py): every test here runs on SQLite and on PostgreSQL.


def open_page(store: Store, pid: int, worksheet: str = "value_proposition") -> StoredPage:
    """What open_worksheet does for a resume code: restore the newest version, autosave it."""
    return open_stored_page(store, pid, worksheet, build=False)


# --------------------------------------------------------------------------- the delay


def test_a_restored_page_starts_saved(store: Store) -> None:
    pid = join(store)
    page = open_page(store, pid)
    assert page.status.state == "saved"
    assert page.status.version == 1
    assert not page.saver.dirty
    assert page.schedule.handles == []


def test_many_keystrokes_schedule_exactly_one_save(store: Store) -> None:
    pid = join(store)
    page = open_page(store, pid)
    for volume in (1, 12, 120, 1200, 1201):
        page.doc.set("economics.volume_per_period", volume)
    assert page.status.state == "pending"
    assert len(page.schedule.handles) == 1
    assert page.schedule.handles[0].delay == SAVE_DELAY_S
    assert len(store.history(pid)) == 1  # nothing saved before the timer fires

    assert page.schedule.fire() == 1
    history = store.history(pid)
    assert [v.version for v in history] == [1, 2]
    assert history[-1].worksheet == "value_proposition"
    assert newest(store, pid)["economics"]["volume_per_period"] == 1201
    assert page.status.state == "saved"
    assert page.status.version == 2
    assert page.schedule.waiting == []


def test_a_change_after_a_save_arms_a_new_timer(store: Store) -> None:
    pid = join(store)
    page = open_page(store, pid)
    page.doc.set("title", "First")
    page.schedule.fire()
    page.doc.set("title", "Second")
    page.doc.set("title", "Third")
    assert len(page.schedule.waiting) == 1
    page.schedule.fire()
    assert [v.version for v in store.history(pid)] == [1, 2, 3]
    assert newest(store, pid)["title"] == "Third"
    assert page.status.version == 3


def test_status_version_increases_with_each_save(store: Store) -> None:
    pid = join(store)
    page = open_page(store, pid)
    versions = [page.status.version]
    for text in ("a", "b", "c"):
        page.doc.set("value.framing", text)
        page.schedule.fire()
        versions.append(page.status.version)
    assert versions == [1, 2, 3, 4]
    assert [v.version for v in store.history(pid)] == versions


def test_flush_with_nothing_changed_saves_nothing(store: Store) -> None:
    pid = join(store)
    page = open_page(store, pid)
    assert page.saver.flush() is True
    assert len(store.history(pid)) == 1
    # A change undone before the timer fires is nothing to save either.
    before = page.doc.get("economics.volume_per_period")
    page.doc.set("economics.volume_per_period", 7)
    page.doc.set("economics.volume_per_period", before)
    assert page.saver.changed_keys() == []
    page.schedule.fire()
    assert page.saver.flush() is True
    assert len(store.history(pid)) == 1
    assert page.status.version == 1


def test_a_draft_with_problems_is_saved_as_typed(store: Store) -> None:
    pid = join(store)
    page = open_page(store, pid)
    page.doc.set("economics.volume_per_period", -5)
    assert page.doc.problem_at("economics.volume_per_period") is not None
    page.schedule.fire()
    assert newest(store, pid)["economics"]["volume_per_period"] == -5


# --------------------------------------------------------------------------- merging


def test_two_pages_save_only_what_each_changed(store: Store) -> None:
    pid = join(store)
    economics_page = open_page(store, pid, "transparent_economics")
    value_page = open_page(store, pid, "value_proposition")
    economics_page.doc.set("economics.volume_per_period", 444)
    value_page.doc.set("value.framing", "Lower cost per litre pumped")
    assert economics_page.saver.changed_keys() == ["economics"]
    assert value_page.saver.changed_keys() == ["value"]

    economics_page.schedule.fire()
    value_page.schedule.fire()

    data = newest(store, pid)
    assert data["economics"]["volume_per_period"] == 444
    assert data["value"]["framing"] == "Lower cost per litre pumped"
    history = store.history(pid)
    assert [(v.version, v.worksheet) for v in history] == [
        (1, "join"),
        (2, "transparent_economics"),
        (3, "value_proposition"),
    ]
    # The value page saved on top of the economics page's version, not over it.
    v2 = store.version(pid, 2).data
    assert v2 is not None
    assert v2["economics"]["volume_per_period"] == 444
    assert v2["value"]["framing"] != "Lower cost per litre pumped"
    assert value_page.status.version == 3


def test_a_removed_part_is_removed_from_the_store(store: Store) -> None:
    pid = join(store)
    page = open_page(store, pid)
    page.doc.set("relationship", None)
    assert page.saver.changed_keys() == ["relationship"]
    page.schedule.fire()
    assert "relationship" not in newest(store, pid)
    assert "economics" in newest(store, pid)


# --------------------------------------------------------------------------- seals


def _without_seller_seal() -> dict[str, Any]:
    data = sample_data()
    data["win_win"]["seals"]["seller"] = []
    return data


def test_sealing_saves_at_once_without_the_timer(store: Store) -> None:
    pid = join(store, initial=_without_seller_seal())
    assert store.seals(pid)["seller"] == []
    page = open_page(store, pid, "win_win")
    case = load_sample_case(CASE)
    assert case.win_win is not None
    assert case.win_win.seller is not None
    sealed = seal(case.win_win.seller, datetime(2026, 5, 4, 9, 30, tzinfo=UTC))

    page.doc.append(["win_win", "seals", "seller"], sealed.model_dump(mode="json"))

    assert page.schedule.handles == []  # no timer: saved already
    assert page.status.state == "saved"
    assert page.status.version == 2
    recorded = store.seals(pid)["seller"]
    assert [(r.version, r.sha256) for r in recorded] == [(1, sealed.sha256)]
    assert newest(store, pid)["win_win"]["seals"]["seller"][0]["sha256"] == sealed.sha256


def test_a_seal_takes_pending_changes_along_and_cancels_the_timer(store: Store) -> None:
    pid = join(store, initial=_without_seller_seal())
    page = open_page(store, pid, "win_win")
    page.doc.set("win_win.seller.statement", "We win with a fair margin.")
    assert len(page.schedule.waiting) == 1
    pending = page.schedule.waiting[0]
    definition = load_sample_case(CASE).win_win
    assert definition is not None
    assert definition.seller is not None
    sealed = seal(
        definition.seller.model_copy(update={"statement": "We win with a fair margin."}),
        datetime(2026, 5, 4, tzinfo=UTC),
    )
    page.doc.append(["win_win", "seals", "seller"], sealed.model_dump(mode="json"))
    assert pending.cancelled
    assert page.schedule.waiting == []
    data = newest(store, pid)
    assert data["win_win"]["seller"]["statement"] == "We win with a fair margin."
    assert len(data["win_win"]["seals"]["seller"]) == 1
    assert len(store.history(pid)) == 2


def test_an_amendment_saves_at_once(store: Store) -> None:
    pid = join(store)
    page = open_page(store, pid, "win_win")
    case = load_sample_case(CASE)
    assert case.win_win is not None
    history = case.win_win.seals.customer
    new = history[-1].definition.model_copy(update={"win_threshold": 70})
    amended = amend(history, new, "The board raised the bar", datetime(2026, 6, 1, tzinfo=UTC))
    page.doc.append(["win_win", "seals", "customer"], amended.model_dump(mode="json"))
    assert page.schedule.handles == []
    assert [r.version for r in store.seals(pid)["customer"]] == [1, 2]
    assert store.seals(pid)["customer"][1].reason == "The board raised the bar"


def test_a_seal_made_in_a_stale_tab_is_not_recorded_and_the_tab_says_so(store: Store) -> None:
    # Two tabs of one participant; the first amends the customer's definition, the second,
    # opened before, amends the same version differently. The second save met a change of the
    # same field (the seal history), so it waits for the trainee's choice; kept anyway, its seal
    # is still not recorded (seals never change), and the tab says so rather than left
    # believing its seal counts.
    pid = join(store)
    first, stale = open_page(store, pid, "win_win"), open_page(store, pid, "win_win")
    case = load_sample_case(CASE)
    assert case.win_win is not None
    history = case.win_win.seals.customer
    at = datetime(2026, 6, 1, tzinfo=UTC)
    ours = amend(
        history, history[-1].definition.model_copy(update={"win_threshold": 70}), "Bar up", at
    )
    theirs = amend(
        history, history[-1].definition.model_copy(update={"win_threshold": 40}), "Bar down", at
    )
    first.doc.append(["win_win", "seals", "customer"], ours.model_dump(mode="json"))
    assert first.status.state == "saved"

    stale.doc.append(["win_win", "seals", "customer"], theirs.model_dump(mode="json"))
    assert stale.status.state == "conflict"
    assert [v.version for v in store.history(pid)] == [1, 2]
    stale.saver.keep_mine()

    assert stale.status.state == "unrecorded"
    assert "customer's definition version 2" in stale.status.message
    assert "This page now shows the recorded one" in stale.status.message
    assert esc("but: The customer's definition version 2") in stale.status.value
    recorded = store.seals(pid)["customer"]
    assert [(r.version, r.sha256) for r in recorded][-1] == (2, ours.sha256)
    restored = newest(store, pid)["win_win"]["seals"]["customer"]
    assert restored[-1]["sha256"] == ours.sha256
    # ... and the stale tab now shows the recorded seal, as the message says.
    assert stale.doc.data["win_win"]["seals"]["customer"] == restored
    # Nothing else is lost: the stale tab's save is a version in the history.
    assert [v.version for v in store.history(pid)] == [1, 2, 3]


# --------------------------------------------------------------------------- failures


@pytest.fixture
def fast_lock_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    """Give up on a locked database after a fifth of a second instead of thirty."""
    monkeypatch.setattr(store_module, "LOCK_TIMEOUT_S", 0.2)


@pytest.mark.usefixtures("fast_lock_timeout")
def test_a_locked_store_keeps_the_input_and_retries_until_saved(tmp_path: Path) -> None:
    path = tmp_path / "locked.sqlite3"
    store = Store(f"sqlite:///{path}")
    pid = join(store)
    page = open_page(store, pid)

    # Another writer holds the store's write lock: every save fails as the store cannot be
    # reached (a real failure, not a mocked one).
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        page.doc.set("economics.volume_per_period", 321)
        page.schedule.fire()
        assert page.status.state == "error"
        assert "cannot be reached" in page.status.message
        assert page.saver.last_error == page.status.message
        assert page.status.version == 1
        assert page.doc.get("economics.volume_per_period") == 321  # the page keeps the input
        assert page.saver.dirty
        (retry,) = page.schedule.waiting
        assert retry.delay == RETRY_S

        # More typing while the store is away: still an error, still one retry queued.
        page.doc.set("value.framing", "Typed while the store was away")
        assert page.status.state == "error"
        assert len(page.schedule.waiting) == 1

        # The retry fails too, and queues the next one.
        page.schedule.fire()
        assert page.status.state == "error"
        assert [h.delay for h in page.schedule.waiting] == [RETRY_S]
        with pytest.raises(StoreUnavailableError):
            store.save(pid, {"title": "x"}, "import", keys=["title"])
    finally:
        other.rollback()
        other.close()

    assert page.schedule.fire() == 1
    assert page.status.state == "saved"
    assert page.status.message == ""
    assert page.saver.last_error is None
    assert page.status.version == 2
    data = newest(store, pid)
    assert data["economics"]["volume_per_period"] == 321
    assert data["value"]["framing"] == "Typed while the store was away"
    assert [v.version for v in store.history(pid)] == [1, 2]
    assert page.schedule.waiting == []
    store.close()


@pytest.mark.usefixtures("fast_lock_timeout")
def test_a_flush_after_a_failure_saves_everything(tmp_path: Path) -> None:
    path = tmp_path / "locked.sqlite3"
    store = Store(f"sqlite:///{path}")
    pid = join(store)
    page = open_page(store, pid)
    typed = copy.deepcopy(page.doc.data)
    typed["title"] = "Renewal 2027"
    typed["economics"]["fair_share"] = 0.55

    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    page.doc.set("title", "Renewal 2027")
    page.doc.set("economics.fair_share", 0.55)
    assert page.saver.flush() is False
    assert page.status.state == "error"
    assert page.doc.data == typed
    other.rollback()
    other.close()

    assert page.saver.flush() is True
    assert page.schedule.waiting == []  # the queued retry was cancelled by the flush
    assert newest(store, pid)["title"] == "Renewal 2027"
    assert newest(store, pid)["economics"]["fair_share"] == 0.55
    assert page.status.state == "saved"
    store.close()
