"""Security tests: the attacks of issue 22 replayed against a real ``negotiation-workbook serve``.

One server for the suite (started as ``tests/browser`` starts it, with its own SQLite store),
a victim's page in one Chromium context, and the attacker's tools: another context, a bare
websocket client that speaks Jupyter's kernel protocol (:class:`KernelChannel`), plain HTTP.
Every test that uses the server depends on ``chromium_present``, so it is marked ``browser``
and runs in the serial browser pass of ``make test``.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import websocket
from playwright.sync_api import BrowserContext, Page

from tests.browser.conftest import PAGE_TIMEOUT_MS, Server, start_server, stop_server


@pytest.fixture(scope="session")
def secure_server(chromium_present: None) -> Iterator[Server]:
    """The workbook as users get it, for the security tests."""
    running = start_server("security")
    try:
        yield running
    finally:
        stop_server(running)


def ws_url(server: Server, path: str) -> str:
    """The websocket address of a path on the server."""
    return server.url.replace("http://", "ws://", 1) + path


def origin(server: Server) -> str:
    """The ``Origin`` a page of this server sends."""
    return server.url.rstrip("/")


def open_page(page: Page, path: str) -> str:
    """Open a workbook page, wait until its widgets are drawn, return its kernel's id."""
    page.goto(path, timeout=PAGE_TIMEOUT_MS)
    page.wait_for_selector(".nw-page", state="visible", timeout=PAGE_TIMEOUT_MS)
    kernel_id: str = page.evaluate(
        "() => JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
    )
    return kernel_id


def page_key(context: BrowserContext, server: Server, kernel_id: str) -> str:
    """The page key the victim's browser holds for its kernel (Playwright reads HttpOnly)."""
    url = f"{server.url}api/kernels/{kernel_id}"
    keys = [c["value"] for c in context.cookies(url) if c["name"] == "nw-page"]
    assert keys, "the page's response set no page key"
    return keys[0]


def http_status(url: str, headers: dict[str, str] | None = None, method: str = "GET") -> int:
    """The status of a plain HTTP request (no browser)."""
    request = urllib.request.Request(url, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as err:
        return int(err.code)


class KernelChannel:
    """A bare websocket to a kernel's channels, speaking Jupyter's JSON message protocol.

    ``origin=None`` sends no ``Origin`` header (as a script would); ``key`` is a page key sent
    as the page's cookie. Opening raises ``websocket.WebSocketBadStatusException`` when the
    server refuses.
    """

    def __init__(
        self, server: Server, kernel_id: str, *, origin: str | None, key: str | None
    ) -> None:
        headers = [f"Cookie: nw-page={key}"] if key is not None else []
        self.session = uuid.uuid4().hex
        self.ws = websocket.create_connection(
            ws_url(server, f"api/kernels/{kernel_id}/channels?session_id={self.session}"),
            header=headers,
            origin=origin,
            suppress_origin=origin is None,
            timeout=30,
        )

    def close(self) -> None:
        self.ws.close()

    def send(self, msg_type: str, content: dict[str, Any], channel: str = "shell") -> str:
        """Send a message; returns its id."""
        msg_id = uuid.uuid4().hex
        header = {
            "msg_id": msg_id,
            "msg_type": msg_type,
            "session": self.session,
            "username": "attacker",
            "version": "5.3",
            "date": datetime.now(UTC).isoformat(),
        }
        self.ws.send(
            json.dumps(
                {
                    "header": header,
                    "parent_header": {},
                    "metadata": {},
                    "content": content,
                    "channel": channel,
                    "buffers": [],
                }
            )
        )
        return msg_id

    def replies(self, msg_id: str, *, until: str, limit: int = 5000) -> list[dict[str, Any]]:
        """Messages answering ``msg_id`` up to the first of type ``until`` (inclusive)."""
        found = []
        for _ in range(limit):
            msg = json.loads(self.ws.recv())
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            found.append(msg)
            if msg["header"]["msg_type"] == until:
                return found
        raise AssertionError(f"no {until} for {msg_id} within {limit} messages")

    def widget_states(self) -> dict[str, dict[str, Any]]:
        """Every widget's state, as a client reads it: comm_info, then request_state per comm."""
        asked = self.send("comm_info_request", {"target_name": "jupyter.widget"})
        comms = self.replies(asked, until="comm_info_reply")[-1]["content"]["comms"]
        states: dict[str, dict[str, Any]] = {}
        for comm_id in comms:
            asked = self.send("comm_msg", {"comm_id": comm_id, "data": {"method": "request_state"}})
            for msg in self.replies(asked, until="comm_msg"):
                data = msg["content"].get("data", {})
                if msg["header"]["msg_type"] == "comm_msg" and data.get("method") == "update":
                    states[comm_id] = data["state"]
        return states

    def update(self, comm_id: str, **state: Any) -> None:
        """Send a widget update, as a widget's view in the browser does."""
        self.send(
            "comm_msg",
            {"comm_id": comm_id, "data": {"method": "update", "state": state, "buffer_paths": []}},
        )
