"""The test session's PostgreSQL server (tests/postgres.py): the binaries it picks, the server."""

from __future__ import annotations

import os
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text

from negotiation_lib.store import Store
from tests.postgres import SUPERUSER, PostgresServer, find_bin_dir


def _install(root: Path, version: str, *programs: str) -> Path:
    bin_dir = root / version / "bin"
    bin_dir.mkdir(parents=True)
    for program in programs:
        (bin_dir / program).write_text("#!/bin/sh\n")
    return bin_dir


def test_the_newest_complete_installation_is_picked(tmp_path: Path) -> None:
    _install(tmp_path, "9.6", "initdb", "postgres")
    _install(tmp_path, "13", "initdb", "postgres")
    newest = _install(tmp_path, "15", "initdb", "postgres")
    _install(tmp_path, "16", "psql")  # the client only: no server to start
    assert find_bin_dir(tmp_path) == newest


def test_no_installation_is_none(tmp_path: Path) -> None:
    assert find_bin_dir(tmp_path) is None
    _install(tmp_path, "15", "initdb")
    assert find_bin_dir(tmp_path) is None


def test_the_session_server_is_a_throwaway_of_its_own(
    postgres_server: PostgresServer, postgres_url: str
) -> None:
    assert postgres_url == postgres_server.url("workbook_tests")
    with postgres_server.connect("workbook_tests") as conn:
        row = conn.execute(
            "SELECT current_user, current_setting('data_directory'), current_setting('fsync')"
        ).fetchone()
    assert row is not None
    assert row[0] == SUPERUSER
    assert Path(str(row[1])).resolve() == postgres_server.data_dir.resolve()
    assert row[2] == "off"
    if os.geteuid() == 0:
        assert postgres_server.data_dir.stat().st_uid != 0  # run as the postgres user
    store = Store(postgres_url)
    try:
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT current_database()")).scalar() == "workbook_tests"
        assert store.current_revision() == store.head_revision()
    finally:
        store.close()


def test_databases_are_created_empty_and_dropped_with_their_sessions(
    postgres_server: PostgresServer,
) -> None:
    name = "t_helper_check"
    url = postgres_server.create_database(name)
    try:
        store = Store(url, upgrade=False)
        try:
            assert store.current_revision() is None
        finally:
            store.close()
    finally:
        postgres_server.drop_database(name)
    with pytest.raises(psycopg.OperationalError, match="does not exist"):
        postgres_server.connect(name).close()
