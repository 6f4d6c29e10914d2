"""Writers that wait, and a store made by a newer workbook: clear errors, nothing saved."""

from __future__ import annotations

import fcntl
from pathlib import Path

import pytest
from sqlalchemy import text

from negotiation_lib.store import Store, StoreError, StoreUnavailableError
from negotiation_lib.store import engine as store_engine


def test_a_writer_that_holds_the_queue_makes_others_give_up_with_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(f"sqlite:///{tmp_path / 'w.sqlite3'}")
    made = store.create_workshop("Locks", ["pumpco_acme_foods"])
    pid = store.join(made.workshop.join_code, "A").participant.id
    monkeypatch.setattr(store_engine, "LOCK_TIMEOUT_S", 0.3)
    with open(tmp_path / "w.sqlite3.lock", "a+b") as hung:
        fcntl.flock(hung, fcntl.LOCK_EX)  # a writer stuck mid-save
        with pytest.raises(StoreUnavailableError, match="Your input stays on this page"):
            store.save(pid, {"title": "waiting"}, "value_proposition")
    assert [v.version for v in store.history(pid)] == [1]
    assert store.save(pid, {"title": "now"}, "value_proposition").version == 2


def test_a_store_from_a_newer_workbook_is_refused_with_a_sentence(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'n.sqlite3'}"
    store = Store(url)
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(StoreError, match="newer version of the workbook"):
        Store(url)
