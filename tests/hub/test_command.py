"""``negotiation-workbook hub`` refuses with a sentence what it cannot start; pages under a hub
open their trainee's work from the server's environment."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest
from sqlalchemy import text

from negotiation_lib.cli import main
from negotiation_lib.hub import RESUME_ENV
from negotiation_lib.store import Store
from negotiation_lib.worksheets.app import page_query


def test_hub_without_the_proxy_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setenv("NEGOTIATION_WORKBOOK_CHP", "/nowhere/configurable-http-proxy")
    assert main(["hub", "--state", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: NEGOTIATION_WORKBOOK_CHP names /nowhere/")
    assert "Traceback" not in err


def test_hub_on_a_port_in_use_says_so(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setenv("NEGOTIATION_WORKBOOK_CHP", "true")  # found; never started here
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["hub", "--port", str(port), "--state", str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    assert "Workshop store:" in out
    assert err == f"error: Port {port} on 127.0.0.1 is in use; choose another with --port.\n"


def test_a_trainees_server_opens_their_work_without_the_code_in_the_url(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    monkeypatch.setenv(RESUME_ENV, "H3KQ-7MWX-P2RD")
    monkeypatch.setenv("QUERY_STRING", "sheet=win_win")
    assert page_query() == "sheet=win_win&resume=H3KQ-7MWX-P2RD"
    monkeypatch.setenv("QUERY_STRING", "")
    assert page_query() == "resume=H3KQ-7MWX-P2RD"
    # A code in the URL is the one the page opens.
    monkeypatch.setenv("QUERY_STRING", "resume=AAAA-BBBB-CCCC")
    assert page_query() == "resume=AAAA-BBBB-CCCC"
    monkeypatch.delenv(RESUME_ENV)
    monkeypatch.setenv("QUERY_STRING", "case=blank")
    assert page_query() == "case=blank"


def test_a_second_hub_on_the_same_state_folder_is_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setenv("NEGOTIATION_WORKBOOK_CHP", "true")
    (tmp_path / "jupyterhub.pid").write_text(f"{os.getpid()}\n")  # a process that runs
    assert main(["hub", "--state", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: Another hub (process {os.getpid()}) runs from {tmp_path};")
    assert not (tmp_path / "jupyterhub_config.py").exists()


def test_hub_refuses_a_store_made_by_a_newer_workbook(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    store = Store(url)
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    store.close()
    monkeypatch.setenv("NEGOTIATION_WORKBOOK_DB", url)
    monkeypatch.setenv("NEGOTIATION_WORKBOOK_CHP", "true")
    assert main(["hub", "--state", str(tmp_path / "hub")]) == 1
    err = capsys.readouterr().err
    assert "was made by a newer version of the workbook (schema revision 9999_" in err
    assert "Traceback" not in err
