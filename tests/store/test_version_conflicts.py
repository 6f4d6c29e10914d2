"""Two tabs, one worksheet: a save on a stale version is merged or refused, never dropped.

Issue 16, point 1: with the transparent economics page open twice on one resume code, volume 41
saved in one tab (version 30) and then list price 13,100 in the other (version 31), a fresh load
showed volume 40. Every save now names the version it was based on
(:meth:`negotiation_lib.store.Store.save_on_base`). Changes to different fields are merged;
changes to the same field are refused, the newest version is handed back, and the page offers
to load it or to keep its own as the newest version.

Every test runs on SQLite and on PostgreSQL (the ``store`` fixture). The expected documents are
written out by hand, or follow from :mod:`tests.merging`, a model of the rule written apart from
the store's own merge. Two processes saving at the same moment are in the race tests, and a
Hypothesis state machine drives two tabs per participant through edits, saves, reloads and both
choices in any order: no change a tab was told was saved is ever missing from the newest
version, unless a later confirmed change set that same field.
"""

from __future__ import annotations

import copy
import multiprocessing
import queue
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import event as hypothesis_event
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from negotiation_lib.document import CaseDocument, blank_case
from negotiation_lib.domain.case import PartyDefinition
from negotiation_lib.domain.seal import seal
from negotiation_lib.store import SaveOutcome, Store, StoreError
from negotiation_lib.worksheets.autosave import Autosaver, SaveStatus
from tests.autosaved import FakeScheduler, sample_data
from tests.merging import GONE, Confirmed, leaf_changes, leaves, with_changes
from tests.store import conflict_workers

SHEET = "transparent_economics"
VOLUME = ("economics", "volume_per_period")
LIST_PRICE = ("economics", "list_price_per_unit")


def _case() -> dict[str, Any]:
    """The PumpCo case (volume 40, list price 13,000), its definitions unsealed."""
    data = sample_data("pumpco_acme_foods")
    data["win_win"].pop("seals", None)
    return data


def _join(store: Store, initial: dict[str, Any] | None = None) -> int:
    made = store.create_workshop(f"Two tabs {uuid.uuid4().hex[:6]}", ["pumpco_acme_foods"])
    joined = store.join(made.workshop.join_code, "Team Two Tabs", initial=initial or _case())
    return joined.participant.id


def _newest(store: Store, pid: int) -> tuple[int, dict[str, Any]]:
    latest = store.latest(pid)
    assert latest is not None
    assert latest.data is not None
    return latest.version, latest.data


def _edited(base: dict[str, Any], *edits: tuple[tuple[str, ...], Any]) -> dict[str, Any]:
    """``base`` with each (path, value) set; a value of None removes the key."""
    data = copy.deepcopy(base)
    for path, value in edits:
        node = data
        for key in path[:-1]:
            node = node.setdefault(key, {})
        if value is None:
            node.pop(path[-1], None)
        else:
            node[path[-1]] = value
    return data


def _save(
    store: Store, pid: int, base_version: int, base: dict[str, Any], data: dict[str, Any]
) -> SaveOutcome:
    return store.save_on_base(pid, data, SHEET, base_version=base_version, base=base)


# --------------------------------------------------------------------------- one save


def test_a_save_on_the_newest_version_is_saved_as_it_is(store: Store) -> None:
    pid = _join(store)
    version, base = _newest(store, pid)
    mine = _edited(base, (VOLUME, 41))

    outcome = _save(store, pid, version, base, mine)

    assert (outcome.kind, outcome.version, outcome.conflicts) == ("saved", 2, ())
    assert outcome.saved is not None
    assert outcome.saved.version == 2
    assert _newest(store, pid) == (2, mine)
    assert outcome.document == mine


def test_a_save_that_changes_nothing_adds_no_version(store: Store) -> None:
    pid = _join(store)
    version, base = _newest(store, pid)
    outcome = _save(store, pid, version, base, copy.deepcopy(base))
    assert (outcome.kind, outcome.version, outcome.saved) == ("saved", 1, None)
    assert [v.version for v in store.history(pid)] == [1]


@pytest.mark.parametrize("base_version", [-1, 2, 99])
def test_a_base_version_the_store_does_not_hold_is_refused(store: Store, base_version: int) -> None:
    pid = _join(store)
    _, base = _newest(store, pid)
    with pytest.raises(StoreError, match="Nothing was saved; reload the page"):
        _save(store, pid, base_version, base, _edited(base, (VOLUME, 41)))
    assert [v.version for v in store.history(pid)] == [1]


def test_an_unknown_worksheet_or_participant_is_refused(store: Store) -> None:
    pid = _join(store)
    version, base = _newest(store, pid)
    with pytest.raises(StoreError, match="Unknown worksheet"):
        store.save_on_base(pid, base, "no_such_page", base_version=version)
    with pytest.raises(StoreError, match="does not exist"):
        store.save_on_base(pid + 1000, base, SHEET, base_version=version)


# --------------------------------------------------------------------------- two tabs


def test_the_issue_volume_in_one_tab_and_list_price_in_the_other_are_both_kept(
    store: Store,
) -> None:
    pid = _join(store)
    version, base = _newest(store, pid)
    assert (base["economics"]["volume_per_period"], base["economics"]["list_price_per_unit"]) == (
        40,
        13000,
    )
    # Both tabs opened version 1. Tab 1 sets volume 41; tab 2, still on version 1, the price.
    first = _save(store, pid, version, base, _edited(base, (VOLUME, 41)))
    second = _save(store, pid, version, base, _edited(base, (LIST_PRICE, 13100)))

    assert (first.kind, first.version) == ("saved", 2)
    assert (second.kind, second.version, second.conflicts) == ("merged", 3, ())
    expected = _edited(base, (VOLUME, 41), (LIST_PRICE, 13100))
    assert _newest(store, pid) == (3, expected)  # a fresh load shows both
    assert second.document == expected  # and the second tab is handed the merged case
    assert store.version(pid, 2).data == _edited(base, (VOLUME, 41))


def test_changes_in_different_sections_and_a_removal_are_merged(store: Store) -> None:
    pid = _join(store)
    version, base = _newest(store, pid)
    _save(store, pid, version, base, _edited(base, (("title",), "Renewal 2027")))
    outcome = _save(
        store,
        pid,
        version,
        base,
        _edited(base, (("relationship",), None), (("value", "framing"), "Lower running cost")),
    )
    assert outcome.kind == "merged"
    expected = _edited(
        base,
        (("title",), "Renewal 2027"),
        (("relationship",), None),
        (("value", "framing"), "Lower running cost"),
    )
    assert _newest(store, pid) == (3, expected)


def test_the_same_field_changed_in_two_tabs_is_a_conflict_and_nothing_is_saved(
    store: Store,
) -> None:
    pid = _join(store)
    version, base = _newest(store, pid)
    _save(store, pid, version, base, _edited(base, (VOLUME, 41)))
    outcome = _save(store, pid, version, base, _edited(base, (VOLUME, 39), (LIST_PRICE, 13100)))

    assert outcome.kind == "conflict"
    assert outcome.conflicts == (VOLUME,)
    assert outcome.saved is None
    # The other window's version, for the page to offer; the store is unchanged.
    assert outcome.version == 2
    assert outcome.document == _edited(base, (VOLUME, 41))
    assert [v.version for v in store.history(pid)] == [1, 2]
    assert _newest(store, pid) == (2, _edited(base, (VOLUME, 41)))


def test_removing_a_section_the_other_tab_changed_inside_is_a_conflict(store: Store) -> None:
    pid = _join(store)
    version, base = _newest(store, pid)
    _save(store, pid, version, base, _edited(base, (("relationship", "repetitions"), 12)))
    outcome = _save(store, pid, version, base, _edited(base, (("relationship",), None)))
    assert (outcome.kind, outcome.conflicts) == ("conflict", (("relationship",),))
    assert _newest(store, pid)[1]["relationship"]["repetitions"] == 12


def test_the_same_value_typed_in_both_tabs_is_no_conflict(store: Store) -> None:
    pid = _join(store)
    version, base = _newest(store, pid)
    _save(store, pid, version, base, _edited(base, (VOLUME, 41)))
    outcome = _save(store, pid, version, base, _edited(base, (VOLUME, 41), (LIST_PRICE, 13100)))
    assert outcome.kind == "merged"
    assert _newest(store, pid) == (3, _edited(base, (VOLUME, 41), (LIST_PRICE, 13100)))


def test_a_tab_left_idle_learns_of_newer_versions_at_its_next_save(store: Store) -> None:
    pid = _join(store)
    version, base = _newest(store, pid)
    # The busy tab saves three times; the idle one, still on version 1, then once.
    busy_version, busy = version, base
    for volume in (41, 42, 43):
        made = _save(store, pid, busy_version, busy, _edited(busy, (VOLUME, volume)))
        busy_version, busy = made.version, made.document
    outcome = _save(store, pid, version, base, _edited(base, (("title",), "Idle tab")))
    assert (outcome.kind, outcome.version) == ("merged", 5)
    assert outcome.document == _edited(base, (VOLUME, 43), (("title",), "Idle tab"))


# --------------------------------------------------------------------------- the two choices


def test_keep_mine_saves_the_tabs_whole_case_on_top_of_the_other_version(store: Store) -> None:
    pid = _join(store)
    version, base = _newest(store, pid)
    theirs = _edited(base, (VOLUME, 41), (("title",), "Theirs"))
    _save(store, pid, version, base, theirs)
    mine = _edited(base, (VOLUME, 39))
    conflict = _save(store, pid, version, base, mine)
    assert conflict.kind == "conflict"

    # "Keep mine": the save is now based on the version the conflict showed.
    kept = _save(store, pid, conflict.version, conflict.document, mine)

    assert (kept.kind, kept.version) == ("saved", 3)
    assert _newest(store, pid) == (3, mine)  # the tab's whole case, the other title too
    assert store.version(pid, 2).data == theirs  # the other window's stays in the history


def test_keep_mine_after_yet_another_save_merges_with_it_or_asks_again(store: Store) -> None:
    pid = _join(store)
    version, base = _newest(store, pid)
    _save(store, pid, version, base, _edited(base, (VOLUME, 41)))
    mine = _edited(base, (VOLUME, 39))
    conflict = _save(store, pid, version, base, mine)
    # While the trainee reads the notice, the other window saves again: another field first.
    later = _save(
        store, pid, conflict.version, conflict.document, _edited(conflict.document, (LIST_PRICE, 1))
    )
    assert later.kind == "saved"
    kept = _save(store, pid, conflict.version, conflict.document, mine)
    assert kept.kind == "merged"
    assert _newest(store, pid)[1] == _edited(base, (VOLUME, 39), (LIST_PRICE, 1))

    # Then the same field: the choice is offered again, with the newest version.
    again = _save(store, pid, kept.version, kept.document, _edited(kept.document, (VOLUME, 50)))
    assert again.kind == "saved"
    second = _save(store, pid, kept.version, kept.document, _edited(kept.document, (VOLUME, 60)))
    assert (second.kind, second.version, second.conflicts) == ("conflict", again.version, (VOLUME,))


def test_load_theirs_continues_from_the_newest_version(store: Store) -> None:
    pid = _join(store)
    version, base = _newest(store, pid)
    _save(store, pid, version, base, _edited(base, (VOLUME, 41)))
    conflict = _save(store, pid, version, base, _edited(base, (VOLUME, 39)))
    assert conflict.kind == "conflict"
    # "Load the other window's version": the page takes the newest version as its base.
    newest_version, theirs = _newest(store, pid)
    assert (newest_version, theirs) == (conflict.version, conflict.document)
    outcome = _save(store, pid, newest_version, theirs, _edited(theirs, (LIST_PRICE, 13100)))
    assert (outcome.kind, outcome.version) == ("saved", 3)
    assert _newest(store, pid)[1] == _edited(base, (VOLUME, 41), (LIST_PRICE, 13100))


def test_a_merge_keeps_the_recorded_seals(store: Store) -> None:
    # A sealed case: the tab that merges is handed the seals as recorded, like a fresh load.
    pid = _join(store, initial=sample_data("swiftfreight_helios"))
    version, base = _newest(store, pid)
    _save(store, pid, version, base, _edited(base, (("title",), "Other tab")))
    outcome = _save(store, pid, version, base, _edited(base, (("value", "framing"), "Mine")))
    assert outcome.kind == "merged"
    assert outcome.document == _newest(store, pid)[1]
    assert outcome.document["win_win"]["seals"] == base["win_win"]["seals"]


# --------------------------------------------------------------------------- seals on a stale tab
# Both sequences were found by the store's state machine (tests/robustness/test_store_stateful.py)
# on the PostgreSQL run: a win-win tab left open while another tab imports a whole case.


def _win_win_tab(store: Store, pid: int) -> tuple[CaseDocument, Autosaver, SaveStatus]:
    version, data = _newest(store, pid)
    doc = CaseDocument(data)
    status = SaveStatus()
    saver = Autosaver(doc, store, pid, "win_win", status, version=version, schedule=FakeScheduler())
    return doc, saver, status


def _seal_seller(doc: CaseDocument) -> None:
    definition = PartyDefinition.model_validate(doc.data["win_win"]["seller"])
    sealed = seal(definition, datetime(2027, 1, 1, tzinfo=UTC))
    doc.append(["win_win", "seals", "seller"], sealed.model_dump(mode="json"))


def test_a_seal_made_against_issues_replaced_meanwhile_asks_instead_of_failing(
    store: Store,
) -> None:
    # The tab shows PumpCo's issues, for which its seller's definition is complete. Another
    # tab imports the Corvane case (other issues). Merged onto it, the seal would be judged
    # against issues its author never saw, and refused at every retry: the tab asks instead.
    pid = _join(store)
    doc, saver, status = _win_win_tab(store, pid)
    imported = store.save(pid, sample_data("corvane_bluewell"), "import")
    _seal_seller(doc)
    assert saver.flush() is False
    assert status.state == "conflict"
    assert saver.conflict is not None
    assert saver.conflict.conflicts == (("win_win", "seals", "seller"),)
    assert len(store.history(pid)) == imported.version  # nothing saved
    assert store.seals(pid)["seller"] == []
    # "Keep mine": the tab's whole case, issues and seal together, becomes the newest version.
    saver.keep_mine()
    assert status.state == "saved", status.message
    latest = store.latest(pid)
    assert latest is not None
    assert latest.data is not None
    assert [i["name"] for i in latest.data["win_win"]["issues"]] == [
        i["name"] for i in _case()["win_win"]["issues"]
    ]
    assert [r.version for r in store.seals(pid)["seller"]] == [1]


def test_a_seal_sealed_differently_elsewhere_is_reported_once_not_at_every_later_save(
    store: Store,
) -> None:
    # The tab seals the seller's version 1 while another tab imported CloudLedger, whose seller
    # version 1 is already sealed. The tab asks; kept, its case is saved but its seal is not
    # recorded, and the page says so once, then shows the recorded seal.
    pid = _join(store)
    doc, saver, status = _win_win_tab(store, pid)
    store.save(pid, sample_data("cloudledger_northwind"), "import")
    recorded = store.seals(pid)["seller"]
    _seal_seller(doc)
    saver.flush()
    assert status.state == "conflict"
    saver.keep_mine()
    assert status.state == "unrecorded", status.message
    assert "seller's definition version 1" in status.message
    assert store.seals(pid)["seller"] == recorded
    assert doc.data["win_win"]["seals"]["seller"] == [r.sealed for r in recorded]
    # Its next save is an ordinary one: the seal is not reported again.
    doc.set(["trust", "seller_view", "credibility"], 3)
    assert saver.flush() is True
    assert (status.state, status.message) == ("saved", "")
    assert store.seals(pid)["seller"] == recorded
    latest = store.latest(pid)
    assert latest is not None
    assert latest.data is not None
    assert latest.data["trust"]["seller_view"]["credibility"] == 3


# --------------------------------------------------------------------------- races

SPAWN = multiprocessing.get_context("spawn")
RACE_SAVES = 25
RACE_TIMEOUT_S = 240.0


def _race(store_url: str, pid: int, writers: dict[str, str]) -> list[tuple[str, int, str, int]]:
    """Run one writer process per ``writer → field``, all released at once; what they saw."""
    start = SPAWN.Barrier(len(writers))
    results = SPAWN.Queue()
    processes = [
        SPAWN.Process(
            target=conflict_workers.save_field,
            args=(store_url, pid, writer, field, RACE_SAVES, start, results),
            name=writer,
        )
        for writer, field in writers.items()
    ]
    for process in processes:
        process.start()
    seen: list[tuple[str, int, str, int]] = []
    deadline = time.monotonic() + RACE_TIMEOUT_S
    try:
        while len(seen) < RACE_SAVES * len(writers) and time.monotonic() < deadline:
            try:
                seen.append(results.get(timeout=1.0))
            except queue.Empty:
                if not any(p.is_alive() for p in processes) and results.empty():
                    break
        for process in processes:
            process.join(max(0.0, deadline - time.monotonic()))
    finally:
        for process in processes:
            if process.is_alive():
                process.kill()
                process.join()
    failed = {p.name: p.exitcode for p in processes if p.exitcode != 0}
    assert not failed, f"writers failed (their tracebacks are in the captured stderr): {failed}"
    assert len(seen) == RACE_SAVES * len(writers)
    return seen


@pytest.mark.slow
def test_tabs_saving_different_fields_at_the_same_moment_lose_nothing(
    store: Store, store_url: str
) -> None:
    pid = _join(store, initial=blank_case())
    writers = {"a": "a", "b": "b", "c": "c"}
    seen = _race(store_url, pid, writers)

    assert {kind for _, _, kind, _ in seen} <= {"saved", "merged"}  # never a conflict
    versions = sorted(v for *_, v in seen)
    assert versions == list(range(2, 2 + len(seen)))  # each save its own version
    # Every version holds, for every writer, the value of that writer's newest save before it:
    # a save taken for based on the newest version when it was not would roll one back.
    made_by = {version: (writer, i) for writer, i, _, version in seen}
    last: dict[str, int] = {}
    for version in versions:
        writer, i = made_by[version]
        last[writer] = i
        data = store.version(pid, version).data
        assert data is not None
        assert data["notes"] == {w: f"{w}:{n}" for w, n in last.items()}, version
    assert _newest(store, pid)[1]["notes"] == {w: f"{w}:{RACE_SAVES - 1}" for w in writers}


@pytest.mark.slow
def test_tabs_saving_one_field_at_the_same_moment_are_saved_or_told(
    store: Store, store_url: str
) -> None:
    pid = _join(store, initial=blank_case())
    seen = _race(store_url, pid, {"a": "shared", "b": "shared"})

    stored = [(w, i, v) for w, i, kind, v in seen if kind != "conflict"]
    conflicts = [r for r in seen if r[2] == "conflict"]
    # Every save that was not refused is a version of its own holding exactly what it saved;
    # every refused one added nothing.
    assert sorted(v for *_, v in stored) == list(range(2, 2 + len(stored)))
    for writer, i, version in stored:
        data = store.version(pid, version).data
        assert data is not None
        assert data["notes"]["shared"] == f"{writer}:{i}"
    assert [v.version for v in store.history(pid)] == list(range(1, 2 + len(stored)))
    assert len(stored) + len(conflicts) == len(seen)


# --------------------------------------------------------------------------- the state machine

# Fields two tabs may both touch: values from small sets, so that tabs often type the same
# thing, and a section that can be removed while the other tab edits inside it.
_EDITS = st.one_of(
    st.tuples(st.just("economics.volume_per_period"), st.sampled_from([1, 2, 3])),
    st.tuples(st.just("economics.list_price_per_unit"), st.sampled_from([100, 110])),
    st.tuples(st.just("title"), st.sampled_from(["A", "B"])),
    st.tuples(st.just("relationship.repetitions"), st.sampled_from([10, 20])),
    st.tuples(st.just("relationship"), st.none()),
)

SEEN: defaultdict[str, int] = defaultdict(int)
"""What the machine did over the session's runs (to check that it met every case)."""


def _event(what: str) -> None:
    hypothesis_event(what)
    SEEN[what] += 1


@dataclass
class Tab:
    """One browser tab of a participant's worksheet: its document and what it knows is saved."""

    doc: CaseDocument
    status: SaveStatus
    saver: Autosaver
    base: dict[str, Any]
    """The document this tab last loaded, saved or merged, as the model tracks it."""
    version: int
    """The version of that document."""


class TwoTabs(RuleBasedStateMachine):
    """Two participants, two tabs each, one store; every run in a workshop of its own."""

    store: ClassVar[Store]

    def __init__(self) -> None:
        super().__init__()
        self.tabs: dict[tuple[int, int], Tab] = {}
        self.confirmed: dict[int, Confirmed] = {}
        self.pids: list[int] = []

    @initialize()
    def join_two_participants(self) -> None:
        for _ in range(2):
            pid = _join(self.store, initial=blank_case())
            self.pids.append(pid)
            self.confirmed[pid] = Confirmed()
            for n in range(2):
                self._open(pid, n)

    def _open(self, pid: int, n: int) -> None:
        version, data = _newest(self.store, pid)
        doc = CaseDocument(data)
        status = SaveStatus()
        saver = Autosaver(
            doc, self.store, pid, SHEET, status, version=version, schedule=FakeScheduler()
        )
        self.tabs[(pid, n)] = Tab(doc, status, saver, copy.deepcopy(data), version)

    def _tab(self, which: int) -> tuple[int, Tab]:
        pid, n = self.pids[which // 2], which % 2
        return pid, self.tabs[(pid, n)]

    def _settled(
        self,
        pid: int,
        tab: Tab,
        typed: dict[str, Any],
        base: dict[str, Any],
        before: tuple[int, dict[str, Any]],
        over: int | None,
    ) -> None:
        """After a save attempt of ``typed``, made on ``base``; the store held ``before``.

        ``over`` is the version ``base`` stands for, when the save must keep every change the
        store took since (``None`` after "keep mine": that replaces the other changes).
        """
        count, prior = before
        history = self.store.history(pid)
        version, newest = _newest(self.store, pid)
        state = tab.status.state
        changes = leaf_changes(base, typed)
        if state == "conflict":
            _event("conflict")
            assert len(history) == count, "a refused save added a version"
            assert tab.saver.conflict is not None
            assert tab.saver.notice.visible
            assert tab.doc.data == typed  # the page keeps what was typed
            return
        assert state in ("saved", "merged"), (state, tab.status.message)
        if not changes:  # a tab with nothing to save does not ask the store
            _event("nothing to save")
            assert len(history) == count
            # It now stands on the version its status shows: after "keep mine" on a case that
            # already held everything typed, that is the newest one, not the tab's old base.
            assert leaves(tab.doc.data) == leaves(typed)
            tab.base = copy.deepcopy(tab.doc.data)
            tab.version = tab.status.version
            return
        _event(state)
        # Told it was saved: its changes are confirmed, and the tab is on the newest version.
        self.confirmed[pid].add(changes)
        assert len(history) == count + 1
        assert tab.status.version == version
        # The newest version is the one before with this tab's changes: the other tab's are kept.
        assert leaves(newest) == with_changes(prior, changes)
        if over is not None:
            # And every field the other saves changed since this tab's base is as they left
            # it: a save that met the same field would have asked instead.
            since = self.store.version(pid, over).data
            assert since is not None
            now = leaves(newest)
            for path, value in leaf_changes(since, prior).items():
                assert now.get(path, GONE) == value, (path, value)
        if state == "merged":
            assert tab.doc.data == newest  # the page shows the merged case
        tab.base = copy.deepcopy(tab.doc.data)
        tab.version = version
        assert not tab.saver.notice.visible

    @rule(which=st.integers(0, 3), edits=st.lists(_EDITS, min_size=1, max_size=2))
    def type_in(self, which: int, edits: list[tuple[str, Any]]) -> None:
        _, tab = self._tab(which)
        for path, value in edits:
            tab.doc.set(path, value)

    @rule(
        which=st.integers(0, 3),
        edits=st.lists(_EDITS, min_size=1, max_size=2),
        keep=st.booleans(),
    )
    def type_and_save(self, which: int, edits: list[tuple[str, Any]], keep: bool) -> None:
        self.type_in(which, edits)
        self._autosave(*self._tab(which), keep)

    @precondition(lambda self: any(t.saver.dirty for t in self.tabs.values()))
    @rule(data=st.data(), keep=st.booleans())
    def autosave(self, data: st.DataObject, keep: bool) -> None:
        """The save timer of a tab with unsaved changes fires."""
        pid, n = data.draw(
            st.sampled_from(sorted(k for k, t in self.tabs.items() if t.saver.dirty))
        )
        self._autosave(pid, self.tabs[(pid, n)], keep)

    def _autosave(self, pid: int, tab: Tab, keep: bool) -> None:
        if tab.saver.conflict is not None:
            assert tab.saver.flush() is False  # waits for the trainee's choice
            _event("a save waiting for a choice")
            # The trainee, typing on under the notice, then answers it.
            self._choose(pid, tab, keep)
            return
        typed, base = copy.deepcopy(tab.doc.data), tab.base
        before = self._before(pid)
        tab.saver.flush()
        self._settled(pid, tab, typed, base, before, tab.version)

    def _before(self, pid: int) -> tuple[int, dict[str, Any]]:
        return len(self.store.history(pid)), _newest(self.store, pid)[1]

    @precondition(lambda self: any(t.saver.conflict is not None for t in self.tabs.values()))
    @rule(data=st.data(), keep=st.booleans())
    def choose(self, data: st.DataObject, keep: bool) -> None:
        """The trainee answers the notice of a tab whose save met the other tab's change."""
        waiting = sorted(k for k, t in self.tabs.items() if t.saver.conflict is not None)
        pid, n = data.draw(st.sampled_from(waiting))
        self._choose(pid, self.tabs[(pid, n)], keep)

    def _choose(self, pid: int, tab: Tab, keep: bool) -> None:
        if keep:
            self._keep_mine(pid, tab)
        else:
            self._load_theirs(pid, tab)

    def _keep_mine(self, pid: int, tab: Tab) -> None:
        shown = tab.saver.conflict
        assert shown is not None
        typed = copy.deepcopy(tab.doc.data)
        before = self._before(pid)
        tab.saver.notice.w_keep.click()
        _event("keep mine")
        # Keeping mine confirms the tab's whole case against the version the notice showed.
        self._settled(pid, tab, typed, shown.document, before, None)

    def _load_theirs(self, pid: int, tab: Tab) -> None:
        count = len(self.store.history(pid))
        tab.saver.notice.w_load.click()
        _event("load theirs")
        version, newest = _newest(self.store, pid)
        assert len(self.store.history(pid)) == count
        assert tab.doc.data == newest
        assert (tab.status.state, tab.status.version) == ("saved", version)
        assert not tab.saver.notice.visible
        tab.base = copy.deepcopy(newest)
        tab.version = version

    @rule(which=st.integers(0, 3))
    def reload(self, which: int) -> None:
        """Reload the tab (what it had not saved is gone: the page asked before leaving)."""
        pid, n = self.pids[which // 2], which % 2
        self._open(pid, n)

    @invariant()
    def no_confirmed_change_is_lost(self) -> None:
        for pid in self.pids:
            _, newest = _newest(self.store, pid)
            lost = self.confirmed[pid].lost_in(newest)
            assert not lost, f"confirmed changes missing from the newest version: {lost}"


def _run(store: Store, examples: int, steps: int) -> None:
    machine = type(f"TwoTabs{store.engine.dialect.name}", (TwoTabs,), {"store": store})
    run_state_machine_as_test(
        machine,
        settings=settings(
            max_examples=examples,
            stateful_step_count=steps,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )


def test_two_tabs_per_participant_never_lose_a_confirmed_change(store: Store) -> None:
    examples = 40 if store.engine.dialect.name == "sqlite" else 25
    _run(store, examples, steps=30)
    # The machine met what it is there to meet.
    for what in ("saved", "merged", "conflict", "keep mine", "load theirs"):
        assert SEEN[what] > 0, (what, dict(SEEN))
