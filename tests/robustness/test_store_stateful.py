"""The store under random sequences of joins, tab saves, seals, amendments and imports.

A Hypothesis state machine drives a real store (a SQLite file; and once, with fewer examples,
a database on the session's PostgreSQL server) the way pages do: each participant has tabs of
the three worksheets, each tab a real :class:`CaseDocument` autosaved by a real
:class:`Autosaver` (so a save carries only the fields that tab changed, merged onto the newest
version, or asks when another save changed one of them: the trainee then keeps the tab's case),
definitions of winning sealed and amended in a win-win tab (saved at once), and whole cases
imported. A model keeps what every save returned. After every step:

- each participant's versions are 1..n, without a gap, with the fingerprints the saves returned;
- the recorded seals only grow: no recorded entry ever changes or disappears, and a new seal of
  a definition that is not complete for its case is refused whole, as the page never sends one;
- the newest version, as restored, carries exactly the recorded seals.

And at the end of each run every version ever saved is read back, unchanged, with its sha256.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, ClassVar

import psycopg
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import event as hypothesis_event
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from negotiation_lib.datasets import (
    load_role_play_case,
    load_sample_case,
    role_play_case_names,
    sample_case_names,
)
from negotiation_lib.document import CaseDocument, blank_case
from negotiation_lib.domain.case import PartyDefinition, SealedDefinition
from negotiation_lib.domain.roles import side_view
from negotiation_lib.domain.seal import amend, seal
from negotiation_lib.domain.win_win import read_missing_parts
from negotiation_lib.store import SealRecord, Store, StoreError
from negotiation_lib.store.store import canonical_document
from negotiation_lib.worksheets.autosave import Autosaver, SaveStatus
from tests.autosaved import CASE, FakeScheduler, sample_data
from tests.merging import leaf_changes, leaves, with_changes
from tests.postgres import PostgresServer

PARTIES = ("seller", "customer")
CASES = [*sample_case_names(), "blank"]
TABS = ("value_proposition", "transparent_economics", "win_win")

_sample = load_sample_case(CASE).win_win
assert _sample is not None
assert _sample.seller is not None
assert _sample.customer is not None
DEFINITIONS: dict[str, PartyDefinition] = {"seller": _sample.seller, "customer": _sample.customer}

# --------------------------------------------------------------------------- what tabs type

_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["<script>alert(1)</script>", "🤝🏽", "\u202eRTL", "", "x" * 300]),
    st.just("half a pair \ud800"),  # the store refuses it: no version may come of it
)
_number = st.one_of(
    st.integers(-(10**6), 10**12),
    st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False),
)
_REMOVE = object()
"""An edit that removes the part (an empty optional section)."""

EDITS: dict[str, st.SearchStrategy[tuple[str, Any]]] = {
    "value_proposition": st.one_of(
        st.tuples(st.just("title"), _text),
        st.tuples(st.just("value.framing"), _text),
        st.tuples(st.just("value.reference.price_per_unit"), _number),
        st.tuples(st.just("strategy"), st.just(_REMOVE)),
    ),
    "transparent_economics": st.one_of(
        st.tuples(st.just("economics.volume_per_period"), _number),
        st.tuples(st.just("economics.fair_share"), _number),
        st.tuples(st.just("relationship.repetitions"), st.integers(-5, 2000)),
        st.tuples(st.just("relationship"), st.just(_REMOVE)),
    ),
    "win_win": st.one_of(
        st.tuples(st.just("trust.seller_view.credibility"), _number),
        st.tuples(st.just("win_win.seller.win_threshold"), _number),
        st.tuples(st.just("win_win.customer.statement"), _text),
    ),
}


SEEN: Counter[str] = Counter()
"""What the machine did, over every run of the session (to check that it did something)."""


def event(what: str) -> None:
    hypothesis_event(what)
    SEEN[what.split(":")[0]] += 1


def _sha(data: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_document(data).encode("utf-8")).hexdigest()


def _storable(data: dict[str, Any]) -> bool:
    try:
        canonical_document(data).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _handed_out(case: str, side: str | None) -> dict[str, Any]:
    """A sample case as a workshop hands it out: its definitions of winning unsealed.

    A team on a role-play case gets only its side's view (issue 18).
    """
    if case in role_play_case_names():
        assert side is not None
        return side_view(load_role_play_case(case), side)
    data = sample_data(case)
    data["win_win"].pop("seals", None)
    return data


def _seal_items(data: dict[str, Any], party: str) -> list[dict[str, Any]]:
    ww = data.get("win_win")
    seals = ww.get("seals") if isinstance(ww, dict) else None
    items = seals.get(party) if isinstance(seals, dict) else None
    return [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []


@dataclass
class Tab:
    """A worksheet open in a browser tab: its document, its autosaver, what it last saved."""

    sheet: str
    doc: CaseDocument
    saver: Autosaver
    status: SaveStatus
    saved: dict[str, Any]


class StoreMachine(RuleBasedStateMachine):
    """Pages and imports against one store; every run works in a workshop of its own."""

    store: ClassVar[Store]

    participants = Bundle("participants")

    def __init__(self) -> None:
        super().__init__()
        self.workshop = self.store.create_workshop(f"Machine {uuid.uuid4().hex[:8]}", CASES)
        self.versions: dict[int, list[tuple[int, str, dict[str, Any]]]] = {}
        """Per participant: (version, sha256, document) as every save returned them."""
        self.records: dict[int, list[SealRecord]] = {}
        self.tabs: dict[tuple[int, str], Tab] = {}
        self.touched: set[int] = set()
        """Participants saved since the invariants last looked."""
        self.clock = datetime(2027, 1, 1, tzinfo=UTC)
        self.count = 0

    # ------------------------------------------------------------------ helpers

    def _tick(self) -> datetime:
        self.clock += timedelta(hours=1)
        self.count += 1
        return self.clock

    def _newest(self, pid: int) -> tuple[int, str, dict[str, Any]]:
        return self.versions[pid][-1]

    def _saved(self, pid: int, version: int, sha: str, expected: dict[str, Any]) -> None:
        """A save returned ``version``: check it is the next one and holds ``expected``."""
        last = self._newest(pid)[0]
        assert version == last + 1, (version, last)
        assert sha == _sha(expected)
        stored = self.store.version(pid, version)
        assert stored.data == expected
        assert stored.sha256 == sha
        self.versions[pid].append((version, sha, copy.deepcopy(expected)))
        self.touched.add(pid)

    def _tab(self, pid: int, sheet: str) -> Tab:
        tab = self.tabs.get((pid, sheet))
        return tab if tab is not None else self._open(pid, sheet)

    def _flushed(self, tab: Tab, pid: int, typed: dict[str, Any]) -> None:
        """After a tab's flush of ``typed``: what reached the store is what the tab changed.

        A tab saves the fields it changed since the version it loaded or last saved, onto the
        newest version (the model: :mod:`tests.merging`). When another tab or an import changed
        one of those fields meanwhile, nothing is saved and the tab asks; here the trainee then
        keeps the tab's case, whose differences from the version shown are saved.
        """
        base = tab.saved
        if tab.status.state == "conflict":
            assert len(self.store.history(pid)) == self._newest(pid)[0]  # nothing saved yet
            shown = tab.saver.conflict
            assert shown is not None
            base = shown.document
            tab.saver.keep_mine()
            event("a stale tab asked, and kept its case")
        # As typed: a merged save puts the merged case into the tab's document.
        now = typed
        changes = leaf_changes(base, now)
        last, _, newest = self._newest(pid)
        history = self.store.history(pid)
        if not changes:
            event("a flush with nothing changed")
            assert len(history) == last
            return
        if tab.status.state in ("error", "conflict"):
            # Text no database can hold: nothing saved, the page says so and keeps it.
            event("a save refused: text no database can hold")
            assert not _storable(now)
            message = tab.status.message if tab.status.state == "error" else tab.saver.last_error
            assert "Nothing was saved" in (message or "")
            assert len(history) == last
            return
        # A seal this tab carries under a version sealed differently meanwhile is not
        # recorded, and the tab says which; everything else is saved all the same. (Fields the
        # tab did not change come from the store, whose seals are the recorded ones.)
        recorded = {(r.party, r.version): r.sha256 for r in self.records.get(pid, [])}
        stale = [
            (party, item["version"])
            for party in PARTIES
            if ("win_win", "seals", party) in changes
            for item in _seal_items(now, party)
            if recorded.get((party, item["version"]), item["sha256"]) != item["sha256"]
        ]
        if stale:
            event("a stale seal reported, the rest saved")
            assert tab.status.state == "unrecorded", tab.status.message
            for party, version in stale:
                assert f"{party}'s definition version {version}" in tab.status.message
        else:
            assert tab.status.state in ("saved", "merged"), tab.status.message
        event(f"a tab saved: {len(changes)} field(s)")
        saved = history[-1]
        assert tab.status.version == saved.version
        stored = self.store.version(pid, saved.version).data
        assert stored is not None
        # The newest version with exactly this tab's changes: nothing of the others' undone.
        assert leaves(stored) == with_changes(newest, changes)
        self._saved(pid, saved.version, saved.sha256, stored)
        self._record_new_seals(pid, stored)
        tab.saved = copy.deepcopy(tab.doc.data)

    def _record_new_seals(self, pid: int, saved: dict[str, Any]) -> None:
        """Seals in a saved document under a version not recorded yet are recorded now."""
        now = self.store.seals(pid)
        known = {(r.party, r.version) for r in self.records.get(pid, [])}
        fresh = [r for p in PARTIES for r in now[p] if (r.party, r.version) not in known]
        for r in fresh:
            carried = [i for i in _seal_items(saved, r.party) if i.get("version") == r.version]
            assert carried, f"{r.party} v{r.version} recorded but not in the saved document"
            assert carried[0]["sha256"] == r.sha256
        self.records[pid] = [*self.records.get(pid, []), *fresh]

    # ------------------------------------------------------------------ rules

    @initialize(target=participants)
    def first_participant(self) -> int:
        # On the case whose sample definitions are complete for its issues, so that every run
        # can record a seal: with five sample cases and the blank one to draw from, a run of
        # 25 machines sometimes sealed nothing and the coverage check below failed.
        return self._join(CASE)

    @rule(target=participants, case=st.sampled_from(CASES))
    def join(self, case: str) -> int:
        return self._join(case)

    def _join(self, case: str) -> int:
        self.count += 1
        joined = self.store.join(
            self.workshop.workshop.join_code, f"Team {self.count}", case_name=case
        )
        pid = joined.participant.id
        seat = self.store.room_for(pid)
        side = None if seat is None else seat.side
        initial = blank_case() if case == "blank" else _handed_out(case, side)
        history = self.store.history(pid)
        assert [(v.version, v.worksheet) for v in history] == [(1, "join")]
        assert history[0].sha256 == _sha(initial)
        self.versions[pid] = [(1, history[0].sha256, initial)]
        self.touched.add(pid)
        self.records[pid] = []
        self._record_new_seals(pid, initial)
        return pid

    @rule(pid=participants, sheet=st.sampled_from(TABS))
    def open_tab(self, pid: int, sheet: str) -> None:
        """Open (or reload) a worksheet: it restores the newest version."""
        self._open(pid, sheet)

    def _open(self, pid: int, sheet: str) -> Tab:
        latest = self.store.latest(pid)
        assert latest is not None
        assert latest.data is not None
        doc = CaseDocument(latest.data)
        status = SaveStatus()
        saver = Autosaver(
            doc, self.store, pid, sheet, status, version=latest.version, schedule=FakeScheduler()
        )
        tab = Tab(sheet, doc, saver, status, copy.deepcopy(latest.data))
        self.tabs[(pid, sheet)] = tab
        return tab

    @rule(pid=participants, sheet=st.sampled_from(TABS), data=st.data())
    def type_and_save(self, pid: int, sheet: str, data: st.DataObject) -> None:
        tab = self._tab(pid, sheet)
        edits = data.draw(st.lists(EDITS[sheet], min_size=1, max_size=3))
        for path, value in edits:
            tab.doc.set(path, None if value is _REMOVE else value)
        typed = copy.deepcopy(tab.doc.data)
        tab.saver.flush()
        self._flushed(tab, pid, typed)
        if tab.status.state in ("error", "conflict"):
            # The trainee corrects the broken text; the next attempt saves everything.
            for path, value in edits:
                if isinstance(value, str) and not _storable({"t": value}):
                    tab.doc.set(path, "Corrected")
            typed = copy.deepcopy(tab.doc.data)
            tab.saver.flush()
            self._flushed(tab, pid, typed)
            assert tab.status.state in ("saved", "merged")

    @rule(pid=participants, party=st.sampled_from(PARTIES))
    def seal_or_amend(self, pid: int, party: str) -> None:
        """Seal a definition (or amend the sealed one) in the win-win tab: saved at once."""
        tab = self._tab(pid, "win_win")
        history = [SealedDefinition.model_validate(i) for i in _seal_items(tab.doc.data, party)]
        at = self._tick()
        if history:
            new = history[-1].definition.model_copy(update={"statement": f"Amended {self.count}"})
            sealed = amend(history, new, f"Reason {self.count}", at)
        else:
            sealed = seal(
                DEFINITIONS[party].model_copy(update={"statement": f"Sealed {self.count}"}), at
            )
        recorded = {(r.party, r.version): r.sha256 for r in self.records[pid]}
        count = len(self.store.history(pid))
        ww = tab.doc.data.get("win_win")
        issues = ww.get("issues") if isinstance(ww, dict) else None
        missing = read_missing_parts(issues, sealed.definition.model_dump(mode="json"))
        if missing is None or not missing.complete:
            # Not complete for this case's issues (a blank case has none): the page's seal
            # button is disabled, and the store refuses the seal from anywhere else too.
            forced = copy.deepcopy(tab.doc.data)
            if isinstance(forced.get("win_win"), dict) and _storable(forced):
                forced["win_win"].setdefault("seals", {}).setdefault(party, [])
                forced["win_win"]["seals"][party].append(sealed.model_dump(mode="json"))
                if (party, sealed.version) not in recorded:
                    with pytest.raises(StoreError, match="cannot be sealed"):
                        self.store.save(pid, forced, "import")
                    event("an incomplete seal refused")
            assert len(self.store.history(pid)) == count
            return
        shadow = CaseDocument(tab.doc.data)  # what the tab holds once the seal is added
        shadow.append(["win_win", "seals", party], sealed.model_dump(mode="json"))
        tab.doc.append(["win_win", "seals", party], sealed.model_dump(mode="json"))
        # A seal does not wait for the timer.
        assert tab.saver.dirty is False or tab.status.state in ("error", "conflict")
        self._flushed(tab, pid, shadow.data)
        if tab.status.state in ("saved", "merged", "unrecorded"):
            assert len(self.store.history(pid)) == count + 1
            key = (party, sealed.version)
            now = {(r.party, r.version): r.sha256 for r in self.records[pid]}
            # A new version is recorded; one this tab did not know was sealed meanwhile keeps
            # the record it has (a seal is never replaced).
            assert now[key] == recorded.get(key, sealed.sha256)
            event("a seal recorded" if key not in recorded else "a stale seal kept as recorded")

    @rule(pid=participants, case=st.sampled_from(CASES))
    def import_case(self, pid: int, case: str) -> None:
        """Upload a whole case, as the case-files box does: refused if it contradicts a seal."""
        data = blank_case() if case == "blank" else sample_data(case)
        recorded: dict[tuple[str, Any], str] = {
            (r.party, r.version): r.sha256 for r in self.records[pid]
        }
        conflicts = self.store.seal_conflicts(pid, data)
        contradicting = [
            (p, i.get("version"))
            for p in PARTIES
            for i in _seal_items(data, p)
            if (p, i.get("version")) in recorded
            and i.get("sha256") != recorded[(p, i.get("version"))]
        ]
        assert len(conflicts) == len(contradicting), (conflicts, contradicting)
        if conflicts:
            event("an import refused: it contradicts a seal")
            return
        saved = self.store.save(pid, data, "import")
        event("an import saved")
        self._saved(pid, saved.version, saved.sha256, data)
        self._record_new_seals(pid, data)

    @rule(pid=participants, party=st.sampled_from(PARTIES))
    def save_a_forged_seal(self, pid: int, party: str) -> None:
        """Save a document whose recorded seal was rewritten: the record keeps the original."""
        mine = [r for r in self.records[pid] if r.party == party]
        if not mine:
            return
        data = copy.deepcopy(self._newest(pid)[2])
        forged = copy.deepcopy(mine[0].sealed)
        forged["sha256"] = "0" * 64
        forged["definition"]["win_threshold"] = 1.0
        data.setdefault("win_win", {"issues": [], "packages": []})
        if not isinstance(data["win_win"], dict):
            data["win_win"] = {"issues": [], "packages": []}
        data["win_win"]["seals"] = {p: [] for p in PARTIES}
        data["win_win"]["seals"][party] = [forged]
        assert self.store.seal_conflicts(pid, data), "the forgery is named"
        saved = self.store.save(pid, data, "import", keys=["win_win"])
        self._saved(pid, saved.version, saved.sha256, data)
        self._record_new_seals(pid, data)

    @rule(pid=participants)
    def save_for_nobody_or_from_nowhere(self, pid: int) -> None:
        """Refused saves change nothing."""
        count = len(self.store.history(pid))
        with contextlib.suppress(StoreError):
            self.store.save(pid, {"title": "x"}, "no_such_worksheet")
            raise AssertionError("an unknown worksheet was accepted")
        with contextlib.suppress(StoreError):
            self.store.save(10**9, {"title": "x"}, "import")
            raise AssertionError("a save for nobody was accepted")
        assert len(self.store.history(pid)) == count

    # ------------------------------------------------------------------ invariants

    def _restored(self, pid: int) -> dict[str, Any]:
        """The newest version as a page restores it: the recorded seals in place of its own."""
        data = copy.deepcopy(self._newest(pid)[2])
        records = self.records[pid]
        if records:
            if not isinstance(data.get("win_win"), dict):
                data["win_win"] = {"issues": [], "packages": []}
            data["win_win"]["seals"] = {
                p: [r.sealed for r in sorted(records, key=lambda r: r.version) if r.party == p]
                for p in PARTIES
            }
        return data

    def _check_fully(self, pid: int) -> None:
        history = self.store.history(pid)
        assert [v.version for v in history] == list(range(1, len(history) + 1))
        assert [(v.version, v.sha256) for v in history] == [
            (v, s) for v, s, _ in self.versions[pid]
        ]
        now = self.store.seals(pid)
        # Exactly the records seen so far, each unchanged (time stamps and reasons too).
        assert sorted((r for p in PARTIES for r in now[p]), key=_by_version) == sorted(
            self.records[pid], key=_by_version
        )
        latest = self.store.latest(pid)
        assert latest is not None
        assert latest.version == len(history)
        assert latest.data == self._restored(pid)

    @invariant()
    def every_participant_is_as_saved(self) -> None:
        """Everyone's count of versions and restored case; in full for those just saved."""
        counts = {p.id: p.versions for p in self.store.participants(self.workshop.workshop.id)}
        assert counts == {pid: len(saved) for pid, saved in self.versions.items()}
        restored = self.store.latest_documents(self.workshop.workshop.id)
        assert restored == {pid: self._restored(pid) for pid in self.versions}
        for pid in sorted(self.touched):
            self._check_fully(pid)
        self.touched.clear()

    def teardown(self) -> None:
        """Every version ever saved reads back unchanged, with its fingerprint."""
        for pid, saved in self.versions.items():
            self._check_fully(pid)
            for version, sha, document in saved:
                stored = self.store.version(pid, version)
                assert stored.sha256 == sha
                assert stored.data == document
                assert stored.data is not None
                assert _sha(stored.data) == sha


def _by_version(record: SealRecord) -> tuple[str, int]:
    return (record.party, record.version)


def _run(store: Store, name: str, examples: int, steps: int) -> None:
    machine = type(name, (StoreMachine,), {"store": store})
    run_state_machine_as_test(
        machine,
        settings=settings(
            max_examples=examples,
            stateful_step_count=steps,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )


def test_the_store_keeps_every_version_and_seal_on_sqlite(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'machine.sqlite3'}")
    try:
        _run(store, "SqliteStoreMachine", examples=25, steps=20)
    finally:
        store.close()
    print(dict(SEEN))
    for what in ("a tab saved", "a seal recorded", "an import saved", "an incomplete seal refused"):
        assert SEEN[what], f"the machine never did this: {what}"


@pytest.mark.slow
def test_the_store_keeps_every_version_and_seal_on_postgresql(
    postgres_server: PostgresServer,
) -> None:
    name = f"machine_{uuid.uuid4().hex}"
    store = Store(postgres_server.create_database(name))
    try:
        _run(store, "PostgresStoreMachine", examples=10, steps=15)
    finally:
        store.close()
        with contextlib.suppress(psycopg.Error):
            postgres_server.drop_database(name)
