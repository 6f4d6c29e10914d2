"""Many writers at once, and a writer killed mid-save: nothing lost, nothing overwritten.

These are the store's acceptance tests: 30 processes save 50 versions each into one workshop at
the same moment, three of them for every participant (one person's "two tabs", and then some),
and afterwards every participant's versions run 1..151 without a gap, every save is there
exactly once, and every document matches its SHA-256. Then writers of large documents are
killed with SIGKILL in the middle of their work, three times over, and the store must still be
whole and take the next save. Both run on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import signal
import time
from collections import Counter
from typing import Any

import pytest
from sqlalchemy import text

from negotiation_lib.store import Store
from tests.store import SEALED_CASE, workers, workshop_with

PARTICIPANTS = 10
WRITERS_PER_PARTICIPANT = 3
SAVES_PER_WRITER = 50
WRITERS = PARTICIPANTS * WRITERS_PER_PARTICIPANT
JOIN_TIMEOUT_S = 300.0
KILLS = 3

SPAWN = multiprocessing.get_context("spawn")


def _case_rows(store: Store) -> list[dict[str, Any]]:
    with store.engine.connect() as conn:
        return [
            dict(row)
            for row in conn.execute(
                text(
                    "SELECT participant_id, version, worksheet, document, sha256 "
                    "FROM case_versions ORDER BY participant_id, version"
                )
            ).mappings()
        ]


def _assert_sqlite_whole(store: Store) -> None:
    if store.engine.dialect.name != "sqlite":
        return
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def _assert_documents_match_their_sha256(rows: list[dict[str, Any]]) -> None:
    for row in rows:
        json.loads(row["document"])
        digest = hashlib.sha256(row["document"].encode("utf-8")).hexdigest()
        assert digest == row["sha256"], (row["participant_id"], row["version"])


@pytest.mark.slow
def test_thirty_processes_saving_at_once_lose_and_overwrite_nothing(
    store: Store, store_url: str
) -> None:
    made = store.create_workshop("Everyone at once", [SEALED_CASE])
    code = made.workshop.join_code
    # Joined without seals, so the writers also race to record the case's seals.
    pids = [
        store.join(code, f"Team {n}", initial={"title": "joined"}).participant.id
        for n in range(PARTICIPANTS)
    ]
    writer_of = {
        p * WRITERS_PER_PARTICIPANT + k: pid
        for p, pid in enumerate(pids)
        for k in range(WRITERS_PER_PARTICIPANT)
    }
    start = SPAWN.Barrier(WRITERS)
    processes = [
        SPAWN.Process(
            target=workers.save_versions,
            args=(store_url, pid, writer, SAVES_PER_WRITER, start),
            name=f"writer-{writer}",
        )
        for writer, pid in writer_of.items()
    ]
    began = time.monotonic()
    for process in processes:
        process.start()
    try:
        deadline = began + JOIN_TIMEOUT_S
        for process in processes:
            process.join(max(0.0, deadline - time.monotonic()))
    finally:
        for process in processes:
            if process.is_alive():
                process.kill()
                process.join()
    failed = {p.name: p.exitcode for p in processes if p.exitcode != 0}
    assert not failed, f"writers failed (their tracebacks are in the captured stderr): {failed}"

    rows = _case_rows(store)
    last = 1 + WRITERS_PER_PARTICIPANT * SAVES_PER_WRITER
    for pid in pids:
        mine = [r for r in rows if r["participant_id"] == pid]
        assert [r["version"] for r in mine] == list(range(1, last + 1)), pid
        assert [v.version for v in store.history(pid)] == list(range(1, last + 1))
        assert mine[0]["worksheet"] == "join"
        marks = [json.loads(r["document"])[workers.MARK] for r in mine[1:]]
        found = Counter((m["writer"], m["i"]) for m in marks)
        expected = {
            (writer, i)
            for writer, owner in writer_of.items()
            if owner == pid
            for i in range(SAVES_PER_WRITER)
        }
        assert set(found) == expected
        assert max(found.values()) == 1  # every save exactly once
        # Each writer's saves got rising versions, so the newest is some writer's last save.
        for writer in {w for w, _ in found}:
            assert [m["i"] for m in marks if m["writer"] == writer] == list(range(SAVES_PER_WRITER))
        latest = store.latest(pid)
        assert latest is not None
        assert latest.data is not None
        assert latest.version == last
        assert latest.data[workers.MARK]["i"] == SAVES_PER_WRITER - 1
        # The seals every writer saved were recorded once.
        seals = store.seals(pid)
        assert [r.version for r in seals["seller"]] == [1]
        assert [r.version for r in seals["customer"]] == [1, 2]
    assert len(rows) == PARTICIPANTS * last
    _assert_documents_match_their_sha256(rows)
    _assert_sqlite_whole(store)


@pytest.mark.slow
def test_writers_killed_mid_save_leave_a_whole_store_that_takes_the_next_save(
    store: Store, store_url: str
) -> None:
    _, (ann,) = workshop_with(store, "Ann", case=SEALED_CASE)
    pid = ann.participant.id
    for victim_number in range(KILLS):
        before = len(store.history(pid))
        victim = SPAWN.Process(
            target=workers.save_forever, args=(store_url, pid, victim_number, 600_000)
        )
        victim.start()
        try:
            deadline = time.monotonic() + 120
            while len(store.history(pid)) < before + 3:
                assert victim.is_alive(), f"the writer stopped on its own ({victim.exitcode})"
                assert time.monotonic() < deadline, "the writer saved nothing in 120 s"
                time.sleep(0.02)
            assert victim.pid is not None
            os.kill(victim.pid, signal.SIGKILL)  # it is busy saving its next version by now
            victim.join(30)
        finally:
            if victim.is_alive():
                victim.kill()
                victim.join()
        assert victim.exitcode == -signal.SIGKILL

    # What a restarted kernel finds: the store opened anew.
    reopened = Store(store_url)
    try:
        rows = _case_rows(reopened)
        assert [r["version"] for r in rows] == list(range(1, len(rows) + 1))
        _assert_documents_match_their_sha256(rows)
        # Every committed save is whole, and none before a victim's last one is missing.
        marks = [json.loads(r["document"])[workers.MARK] for r in rows[1:]]
        for victim_number in range(KILLS):
            mine = [m["i"] for m in marks if m["writer"] == victim_number]
            assert len(mine) >= 3
            assert mine == list(range(len(mine)))
        assert [m["writer"] for m in marks] == sorted(m["writer"] for m in marks)
        assert all(len(r["document"].encode("utf-8")) > 1_000_000 for r in rows[1:])
        _assert_sqlite_whole(reopened)

        saved = reopened.save(pid, {"title": "after the crash"}, "win_win")
        assert saved.version == len(rows) + 1
        latest = reopened.latest(pid)
        assert latest is not None
        assert latest.version == saved.version
        assert latest.data is not None
        assert latest.data["title"] == "after the crash"
        assert [v.version for v in reopened.history(pid)] == list(range(1, saved.version + 1))
        _assert_sqlite_whole(reopened)
    finally:
        reopened.close()
