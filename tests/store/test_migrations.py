"""The schema and where the store lives: migrations, the default SQLite file, URLs in messages."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from negotiation_lib.store import Store, StoreError, StoreUnavailableError, data_dir, database_url
from negotiation_lib.store.config import (
    DATA_ENV,
    DB_ENV,
    SQLITE_NAME,
    UPGRADE_ENV,
    redacted,
    sqlite_path,
    upgrades_allowed,
)
from negotiation_lib.store.tables import Base
from tests.store import TABLES, workers, workshop_with

SPAWN = multiprocessing.get_context("spawn")


def test_a_new_database_is_migrated_to_the_newest_revision(store_url: str) -> None:
    store = Store(store_url)
    try:
        head = store.head_revision()
        assert head is not None
        assert store.current_revision() == head
        names = set(inspect(store.engine).get_table_names())
        assert {*TABLES, "alembic_version"} <= names
    finally:
        store.close()


def test_the_migrated_schema_is_the_one_the_code_maps(store: Store) -> None:
    """The migrations and tables.py describe the same tables, columns, types and indexes."""
    with store.engine.connect() as conn:
        differences = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata
        )
    assert differences == []


def test_without_upgrade_an_empty_database_stays_empty_until_asked(store_url: str) -> None:
    store = Store(store_url, upgrade=False)
    try:
        assert store.current_revision() is None
        assert inspect(store.engine).get_table_names() == []
        assert store.upgrade() == store.head_revision()
        assert store.current_revision() == store.head_revision()
    finally:
        store.close()


@pytest.mark.parametrize("setting", ["off", "OFF", "0", "no", "false"])
def test_with_upgrades_off_a_store_behind_is_refused_and_left_as_it_is(
    store_url: str, setting: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under a hub, pages never upgrade the shared store: the sentence says what to run."""
    from alembic import command

    from negotiation_lib.store.schema import _alembic_config

    older = Store(store_url, upgrade=False)
    try:
        with older.engine.begin() as conn:
            command.upgrade(_alembic_config(conn), "0004")
    finally:
        older.close()
    monkeypatch.setenv(UPGRADE_ENV, setting)
    with pytest.raises(StoreError) as refused:
        Store(store_url)
    assert "revision 0004" in refused.value.message
    assert "negotiation-workbook db upgrade" in refused.value.message
    left = Store(store_url, upgrade=False)
    try:
        assert left.current_revision() == "0004"
    finally:
        left.close()
    # The one upgrade the deployment runs, then pages open the store as usual.
    monkeypatch.setenv(UPGRADE_ENV, "on")
    Store(store_url).close()
    monkeypatch.setenv(UPGRADE_ENV, setting)
    upgraded = Store(store_url)
    try:
        assert upgraded.current_revision() == upgraded.head_revision()
    finally:
        upgraded.close()


def test_with_upgrades_off_an_empty_store_is_refused_too(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(UPGRADE_ENV, "off")
    with pytest.raises(StoreError, match="none \\(empty\\)"):
        Store(store_url)
    monkeypatch.delenv(UPGRADE_ENV)
    assert upgrades_allowed()
    store = Store(store_url)
    try:
        assert store.current_revision() == store.head_revision()
    finally:
        store.close()


def test_upgrading_an_up_to_date_database_changes_nothing(store: Store) -> None:
    _, (ann,) = workshop_with(store, "Ann")
    store.save(ann.participant.id, {"title": "kept"}, "win_win")
    head = store.current_revision()
    assert store.upgrade() == head
    assert store.upgrade() == head
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all() == [
            head
        ]
    # Opening the store again (a new kernel) neither migrates nor loses anything.
    again = Store(store.url)
    try:
        assert again.current_revision() == head
        assert [v.version for v in again.history(ann.participant.id)] == [1, 2]
        assert len(again.workshops()) == 1
    finally:
        again.close()


@pytest.mark.slow
def test_several_processes_opening_a_new_database_at_once(store_url: str) -> None:
    openers = 4
    start = SPAWN.Barrier(openers)
    processes = [
        SPAWN.Process(target=workers.open_store, args=(store_url, start)) for _ in range(openers)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(120)
        if process.is_alive():
            process.kill()
            process.join()
    assert [p.exitcode for p in processes] == [0] * openers
    store = Store(store_url, upgrade=False)
    try:
        assert store.current_revision() == store.head_revision()
        _, (ann,) = workshop_with(store, "Ann")
        assert store.save(ann.participant.id, {"title": "x"}, "win_win").version == 2
    finally:
        store.close()


def test_the_default_store_is_a_sqlite_file_in_the_data_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = tmp_path / "workbook data"
    monkeypatch.setenv(DATA_ENV, str(here))
    monkeypatch.delenv(DB_ENV, raising=False)
    assert data_dir() == here.resolve()
    url = database_url()
    assert url == f"sqlite:///{here.resolve() / SQLITE_NAME}"
    assert sqlite_path(url) == here.resolve() / SQLITE_NAME
    assert not here.exists()
    store = Store()
    try:
        assert store.url == url
        workshop_with(store, "Ann")
    finally:
        store.close()
    assert (here / SQLITE_NAME).is_file()
    assert store.current_revision() == store.head_revision()


def test_the_data_directory_defaults_to_xdg_data_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(DATA_ENV, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert data_dir() == (tmp_path / "negotiation-workbook").resolve()


def test_an_explicit_database_url_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, store_url: str
) -> None:
    monkeypatch.setenv(DATA_ENV, str(tmp_path / "unused"))
    monkeypatch.setenv(DB_ENV, store_url)
    assert database_url() == store_url
    store = Store()
    try:
        assert store.url == store_url
        assert store.current_revision() == store.head_revision()
    finally:
        store.close()
    assert not (tmp_path / "unused").exists()


def test_sqlite_path_is_none_for_other_databases() -> None:
    assert sqlite_path("postgresql+psycopg://ws@db/workbook") is None
    assert sqlite_path("sqlite://") is None
    assert sqlite_path("sqlite:///:memory:") is None


def test_redacted_hides_the_password_only() -> None:
    url = "postgresql+psycopg://ws:s3cret-pw@db.example:5433/workbook"
    shown = redacted(url)
    assert "s3cret-pw" not in shown
    assert shown == "postgresql+psycopg://ws:***@db.example:5433/workbook"
    assert redacted("sqlite:////tmp/x.sqlite3") == "sqlite:////tmp/x.sqlite3"


def test_a_store_that_cannot_be_reached_says_so_without_the_password() -> None:
    url = "postgresql+psycopg://ws:s3cret-pw@127.0.0.1:1/workbook?connect_timeout=2"
    with pytest.raises(StoreUnavailableError) as caught:
        Store(url)
    assert "s3cret-pw" not in str(caught.value)
    assert "ws:***@127.0.0.1:1/workbook" in caught.value.message
    assert "s3cret-pw" not in repr(Store(url, upgrade=False))


def test_the_migration_file_names_are_the_revisions_alembic_reads() -> None:
    """The store takes revisions from the file names: each must be what Alembic reads inside."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from negotiation_lib.store.schema import _MIGRATIONS, migration_files

    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    config.set_main_option("path_separator", "os")
    script = ScriptDirectory.from_config(config)
    by_alembic = {r.revision: Path(r.path).name for r in script.walk_revisions()}
    assert {k: p.name for k, p in migration_files().items()} == by_alembic
    assert max(migration_files()) == script.get_current_head()


def test_the_revision_read_is_the_one_alembic_reads(store: Store) -> None:
    with store.engine.connect() as conn:
        assert store.current_revision() == MigrationContext.configure(conn).get_current_revision()


def test_opening_an_up_to_date_store_imports_no_migration_tool(
    store_url: str, tmp_path: Path
) -> None:
    """A page's kernel opens the store on every page: Alembic stays out of it (CPU, memory)."""
    import subprocess
    import sys

    Store(store_url).close()  # migrated once, as the server does when it starts
    probe = (
        "import sys\n"
        "from negotiation_lib.store import Store\n"
        f"Store({store_url!r}).close()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('alembic', 'mako')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == "[]", done.stderr
