"""A page's kernel answers only the browser that rendered the page (issue 22, finding 1).

The attack: with the kernel id from a victim's page, ``GET /api/kernels/<id>`` answered 200 and
a websocket to its channels with no cookie and no Origin was accepted; ``comm_info`` and
``request_state`` read every widget, an update changed the victim's title (autosaved), and
markup set as an HTML widget's value ran in the victim's browser. Each test replays a step and
fails if it works; a control in each shows the victim's own page still can.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import websocket
from playwright.sync_api import Browser

from tests.browser.conftest import Server, new_watched_page, start_server, stop_server
from tests.security.conftest import (
    KernelChannel,
    http_status,
    open_page,
    origin,
    page_key,
    ws_url,
)

HOME = "voila/render/home.ipynb"
MARKUP = "<img src=x class=nw-pwned onerror=\"document.title='pwned'\">"

_CONNECT_WS = """(kernelId) => new Promise((resolve) => {
  const ws = new WebSocket(`ws://${location.host}/api/kernels/${kernelId}/channels`);
  ws.onopen = () => { ws.close(); resolve('open'); };
  ws.onerror = () => resolve('refused');
})"""

_FETCH = """async ([url, method]) => {
  const xsrf = (document.cookie.match(/_xsrf=([^;]+)/) || [])[1] || '';
  const answer = await fetch(url, {method, headers: {'X-XSRFToken': xsrf}});
  return answer.status;
}"""


def test_another_browser_cannot_reach_the_pages_kernel(
    chromium: Browser, secure_server: Server
) -> None:
    victim, victim_context = new_watched_page(chromium, secure_server.url)
    attacker, attacker_context = new_watched_page(chromium, secure_server.url)
    try:
        kernel_id = open_page(victim.page, HOME)
        attacker.page.goto(HOME)  # a page of the same server: same origin, its own cookies
        attacker.page.wait_for_selector(".nw-page", state="visible")

        assert attacker.page.evaluate(_CONNECT_WS, kernel_id) == "refused"
        rest = f"/api/kernels/{kernel_id}"
        assert attacker.page.evaluate(_FETCH, [rest, "GET"]) == 403
        assert attacker.page.evaluate(_FETCH, [rest, "DELETE"]) == 403
        shutdown = f"/voila/api/shutdown/{kernel_id}"
        assert attacker.page.evaluate(_FETCH, [shutdown, "POST"]) == 403

        # The victim's own browser still reaches its kernel, which is still running.
        assert victim.page.evaluate(_CONNECT_WS, kernel_id) == "open"
        assert victim.page.evaluate(_FETCH, [rest, "GET"]) == 200
    finally:
        attacker_context.close()
        victim_context.close()


def test_a_bare_client_is_refused_with_and_without_origin(
    chromium: Browser, secure_server: Server
) -> None:
    victim, context = new_watched_page(chromium, secure_server.url)
    try:
        kernel_id = open_page(victim.page, HOME)
        key = page_key(context, secure_server, kernel_id)
        own, foreign = origin(secure_server), "http://attacker.example"
        attempts = {
            "no Origin, no key": (None, None),
            "this server's Origin, no key": (own, None),
            "a foreign Origin, no key": (foreign, None),
            "the page's key without Origin": (None, key),
            "the page's key from a foreign Origin": (foreign, key),
        }
        for what, (sent_origin, sent_key) in attempts.items():
            with pytest.raises(websocket.WebSocketBadStatusException) as refused:
                KernelChannel(secure_server, kernel_id, origin=sent_origin, key=sent_key)
            assert refused.value.status_code == 403, what

        rest = f"{secure_server.url}api/kernels/{kernel_id}"
        assert http_status(rest) == 403
        assert http_status(rest, {"Cookie": "nw-page=guess"}) == 403
        assert http_status(rest, {"Cookie": f"nw-page={key}"}) == 200  # control

        # Control: what a browser sends, the page's key from this server's page, is accepted.
        channel = KernelChannel(secure_server, kernel_id, origin=own, key=key)
        try:
            asked = channel.send("kernel_info_request", {})
            assert channel.replies(asked, until="kernel_info_reply")
        finally:
            channel.close()
    finally:
        context.close()


def test_markup_sent_as_an_html_widgets_value_never_reaches_the_page(
    chromium: Browser, secure_server: Server
) -> None:
    """Even over the page's own channel (its key, its Origin), only inputs take updates."""
    victim, context = new_watched_page(chromium, secure_server.url)
    try:
        page = victim.page
        kernel_id = open_page(page, HOME)
        key = page_key(context, secure_server, kernel_id)
        channel = KernelChannel(secure_server, kernel_id, origin=origin(secure_server), key=key)
        try:
            states = channel.widget_states()
            html = [c for c, s in states.items() if s.get("_model_name") == "HTMLModel"]
            code = next(
                c for c, s in states.items() if "nw-home-join-code" in s.get("_dom_classes", [])
            )
            case = next(c for c, s in states.items() if s.get("_model_name") == "DropdownModel")
            assert html
            assert states[case]["disabled"]
            for comm_id in html:
                channel.update(comm_id, value=MARKUP)
            channel.update(case, disabled=False, index=0)
            channel.update(code, value="K7M-Q2P", description=MARKUP)
            # Control: the input's new value reaches the page, so the updates were delivered.
            join_code = page.locator(".nw-home-join-code input")
            page.wait_for_function(
                "() => document.querySelector('.nw-home-join-code input').value === 'K7M-Q2P'"
            )
            assert join_code.input_value() == "K7M-Q2P"
            after = channel.widget_states()
        finally:
            channel.close()
        assert page.locator(".nw-pwned").count() == 0
        assert page.title() != "pwned"
        assert "K7M-Q2P" not in after[code].get("description", "")
        assert after[case]["disabled"]
        assert all(MARKUP not in str(after[c].get("value", "")) for c in html)
        assert not victim.dialogs
    finally:
        context.close()


def test_the_query_route_of_a_preheated_kernel_refuses_browsers(
    chromium: Browser, secure_server: Server
) -> None:
    """A preheated kernel learns its visitor's URL (a resume code) on voila/query/<id>."""
    victim, context = new_watched_page(chromium, secure_server.url)
    try:
        kernel_id = open_page(victim.page, HOME)
        url = f"{secure_server.url.replace('http://', 'ws://')}voila/query/{kernel_id}"
        with pytest.raises(websocket.WebSocketBadStatusException) as refused:
            websocket.create_connection(url, origin=origin(secure_server), timeout=30)
        assert refused.value.status_code == 403
    finally:
        context.close()


@pytest.fixture(scope="module")
def unpooled_server(chromium_present: None) -> Iterator[Server]:
    """A server without preheated kernels: every page's kernel is started for its request."""
    running = start_server("security-unpooled", "--pool-size", "0")
    try:
        yield running
    finally:
        stop_server(running)


def test_a_kernel_started_for_the_request_is_bound_to_its_page_too(
    chromium: Browser, unpooled_server: Server
) -> None:
    victim, victim_context = new_watched_page(chromium, unpooled_server.url)
    attacker, attacker_context = new_watched_page(chromium, unpooled_server.url)
    try:
        kernel_id = open_page(victim.page, HOME)
        key = page_key(victim_context, unpooled_server, kernel_id)
        rest = f"{unpooled_server.url}api/kernels/{kernel_id}"
        assert http_status(rest) == 403
        assert http_status(rest, {"Cookie": f"nw-page={key}"}) == 200
        attacker.page.goto(HOME)
        attacker.page.wait_for_selector(".nw-page", state="visible")
        assert attacker.page.evaluate(_CONNECT_WS, kernel_id) == "refused"
        assert victim.page.evaluate(_CONNECT_WS, kernel_id) == "open"
    finally:
        attacker_context.close()
        victim_context.close()


TOKEN = "a-room-token-for-the-tests"


@pytest.fixture(scope="module")
def token_server(chromium_present: None) -> Iterator[Server]:
    """The server as a room on a network runs it: with a token."""
    running = start_server("security-token", "--token", TOKEN)
    try:
        yield running
    finally:
        stop_server(running)


def test_with_a_token_the_page_works_and_the_token_alone_opens_no_kernel(
    chromium: Browser, token_server: Server
) -> None:
    victim, context = new_watched_page(chromium, token_server.url)
    try:
        kernel_id = open_page(victim.page, f"{HOME}?token={TOKEN}")
        assert victim.page.evaluate(_CONNECT_WS, kernel_id) == "open"
        rest = f"{token_server.url}api/kernels/{kernel_id}"
        assert http_status(f"{rest}?token={TOKEN}") == 403  # the room's token is not the page's
        with pytest.raises(websocket.WebSocketBadStatusException) as refused:
            websocket.create_connection(
                ws_url(token_server, f"api/kernels/{kernel_id}/channels?token={TOKEN}"),
                origin=origin(token_server),
                timeout=30,
            )
        assert refused.value.status_code == 403
    finally:
        context.close()
