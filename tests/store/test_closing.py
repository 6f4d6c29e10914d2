"""Closing a workshop: its join code stops admitting anyone; nobody's work is lost.

Issue 22 asks for join codes that expire when the facilitator closes the workshop, so a code
that leaked after the session (a photo of the projector, a forwarded e-mail) opens nothing new.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from alembic import command
from sqlalchemy import text

from negotiation_lib.cli import main
from negotiation_lib.store import Store, StoreError
from negotiation_lib.store.schema import _alembic_config


def test_a_closed_workshop_admits_no_one_and_says_why(store: Store) -> None:
    made = store.create_workshop("Key accounts", ["pumpco_acme_foods"])
    code = made.workshop.join_code
    store.join(code, "Ann")
    assert made.workshop.is_open

    before = datetime.now(UTC)
    closed = store.close_workshop(made.workshop.id)

    assert not closed.is_open
    assert closed.closed_at is not None
    assert closed.closed_at >= before.replace(microsecond=0)
    with pytest.raises(StoreError, match="closed by its facilitator") as err:
        store.join(code, "Bea")
    assert "resume code" in err.value.message
    assert [p.name for p in store.participants(made.workshop.id)] == ["Ann"]


def test_participants_of_a_closed_workshop_keep_their_resume_code_and_work(
    store: Store,
) -> None:
    made = store.create_workshop("Key accounts", ["pumpco_acme_foods"])
    ann = store.join(made.workshop.join_code, "Ann")
    store.save(ann.participant.id, {"title": "before closing"}, "win_win")
    store.close_workshop(made.workshop.id)

    found = store.participant_for_resume(ann.resume_code)
    assert found is not None
    assert found.id == ann.participant.id
    latest = store.latest(ann.participant.id)
    assert latest is not None
    assert latest.data is not None
    assert latest.data["title"] == "before closing"


def test_closing_twice_keeps_the_first_time_and_other_workshops_stay_open(store: Store) -> None:
    first = store.create_workshop("Morning", ["pumpco_acme_foods"])
    second = store.create_workshop("Afternoon", ["pumpco_acme_foods"])
    once = store.close_workshop(first.workshop.id)
    twice = store.close_workshop(first.workshop.id)
    assert twice.closed_at == once.closed_at
    store.join(second.workshop.join_code, "Ann")  # the other room is untouched
    listed = {w.id: w.is_open for w in store.workshops()}
    assert listed == {first.workshop.id: False, second.workshop.id: True}


def test_closing_an_unknown_workshop_is_a_store_error(store: Store) -> None:
    with pytest.raises(StoreError, match="no workshop"):
        store.close_workshop(987654)


def test_a_database_from_before_closing_is_upgraded_with_every_workshop_open(
    store_url: str,
) -> None:
    """A store created by the previous release (revision 0001) keeps its workshops open."""
    old = Store(store_url, upgrade=False)
    try:
        with old.engine.begin() as conn:
            command.upgrade(_alembic_config(conn), "0001")
            conn.execute(
                text(
                    "INSERT INTO workshops (name, join_code, key_sha256, cases, created_at) "
                    "VALUES ('Old room', 'ABCDEFGHJK', :key, '[\"pumpco_acme_foods\"]', "
                    ":created)"
                ),
                {"key": "0" * 64, "created": datetime(2026, 11, 1, 9, 0)},
            )
        assert old.current_revision() == "0001"
        assert old.upgrade() == old.head_revision()
        (room,) = old.workshops()
        assert room.name == "Old room"
        assert room.is_open
        old.join("ABCDE-FGHJK", "Ann")
    finally:
        old.close()


def test_the_cli_closes_a_workshop_by_join_code(
    monkeypatch: pytest.MonkeyPatch, store_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("NEGOTIATION_WORKBOOK_DB", store_url)
    store = Store(store_url)
    try:
        made = store.create_workshop("Key accounts", ["pumpco_acme_foods"])
        store.join(made.workshop.join_code, "Ann")
        assert main(["workshop", "close", made.workshop.join_code]) == 0
        out = capsys.readouterr().out
        assert "closed" in out
        assert "1 participant(s) keep their resume codes" in out
        assert not store.workshop(made.workshop.id).is_open
        assert main(["workshop", "list"]) == 0
        assert "(closed)" in capsys.readouterr().out
    finally:
        store.close()
