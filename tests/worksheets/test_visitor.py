"""A preheated kernel learns its visitor's request over a websocket, as Voila hands it over."""

from __future__ import annotations

import json
import os
import socket
import threading
from collections.abc import Iterator

import pytest
from websockets.sync.server import ServerConnection, serve

from negotiation_lib.worksheets.visitor import query_socket_url, wait_for_visitor


@pytest.fixture
def query_server() -> Iterator[tuple[str, list[str]]]:
    """A websocket server that answers like Voila's ``voila/query/<id>``: one JSON message."""
    paths: list[str] = []

    def answer(connection: ServerConnection) -> None:
        assert connection.request is not None
        paths.append(connection.request.path)
        # What Voila sends: the request's environment variables as one JSON object.
        connection.send(json.dumps({"QUERY_STRING": "resume=ABCD-EFGH", "SERVER_PORT": "8866"}))

    with serve(answer, "127.0.0.1", 0) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        port = server.socket.getsockname()[1]
        yield f"ws://127.0.0.1:{port}", paths
        server.shutdown()


def test_the_visitors_request_lands_in_the_environment(
    monkeypatch: pytest.MonkeyPatch, query_server: tuple[str, list[str]]
) -> None:
    base, paths = query_server
    port = base.rsplit(":", 1)[1]
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    monkeypatch.setenv("VOILA_KERNEL_ID", "1234-abcd")
    monkeypatch.setenv("VOILA_APP_PORT", port)
    monkeypatch.setenv("VOILA_SERVER_URL", "/user/ann/")
    monkeypatch.delenv("VOILA_WS_BASE_URL", raising=False)
    monkeypatch.delenv("QUERY_STRING", raising=False)

    received = wait_for_visitor()

    assert received == {"QUERY_STRING": "resume=ABCD-EFGH", "SERVER_PORT": "8866"}
    assert paths == ["/user/ann/voila/query/1234-abcd"]
    assert os.environ["QUERY_STRING"] == "resume=ABCD-EFGH"


def test_a_kernel_started_for_its_request_does_not_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VOILA_PREHEAT", "False")
    assert wait_for_visitor("ws://127.0.0.1:9/never") == {}


def test_an_unreachable_server_opens_the_page_without_a_query(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    assert wait_for_visitor(f"ws://127.0.0.1:{port}/voila/query/k") == {}
    assert "could not learn its visitor's request" in capsys.readouterr().err


def test_the_socket_url_follows_voilas_variables() -> None:
    env = {
        "VOILA_KERNEL_ID": "k1",
        "VOILA_WS_PROTOCOL": "wss",
        "VOILA_APP_IP": "10.0.0.5",
        "VOILA_APP_PORT": "443",
        "VOILA_SERVER_URL": "/ignored/",
        "VOILA_WS_BASE_URL": "/hub/user/ann/",
    }
    assert query_socket_url(env) == "wss://10.0.0.5:443/hub/user/ann/voila/query/k1"
    assert query_socket_url({}) is None
