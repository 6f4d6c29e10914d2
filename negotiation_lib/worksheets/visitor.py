"""A preheated kernel learns who its visitor is, without loading Voila's server side.

With preheating, Voila starts a pool of kernels before anyone asks for a page and runs each
notebook up to the point where the page's URL is read. When a visitor arrives, the server hands
the kernel the visitor's request (the query string, the server's name and port) over a
websocket on ``voila/query/<kernel id>``; the kernel copies it into its environment, as a
kernel started for the request has it from the start.

Voila's own helper for this (``voila.utils.get_query_string``) lives in a module that imports
``jupyter_server``, ``jupyterlab_server`` and, through them, ``jsonschema`` and its grammars:
8–10 CPU-seconds and 42 MB in every pool kernel on a loaded 2-core machine, most of the cost of
a page open (issue 17's measurements). This module does the same exchange with the
``websockets`` client alone (about 0.06 CPU-s). The exchange itself is Voila's: the URL is
built from the same ``VOILA_*`` variables, and the answer is the JSON object of environment
variables that Voila's ``RequestInfoSocketHandler`` sends.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping

__all__ = ["query_socket_url", "wait_for_visitor"]

OPEN_TIMEOUT_S = 5.0
"""How long to wait for the server to accept the websocket (Voila waits as long)."""


def query_socket_url(env: Mapping[str, str] | None = None) -> str | None:
    """The websocket on which the server hands this kernel its visitor's request.

    Built as Voila builds it: ``{VOILA_WS_PROTOCOL}://{VOILA_APP_IP}:{VOILA_APP_PORT}``
    ``{VOILA_WS_BASE_URL or VOILA_SERVER_URL}voila/query/{VOILA_KERNEL_ID}``, with Voila's
    defaults (``ws``, ``127.0.0.1``, ``8866``, ``/``). ``None`` without a kernel id.

    Examples
    --------
    >>> query_socket_url({"VOILA_KERNEL_ID": "k1", "VOILA_APP_PORT": "9000",
    ...                   "VOILA_SERVER_URL": "/user/ann/"})
    'ws://127.0.0.1:9000/user/ann/voila/query/k1'
    """
    env = os.environ if env is None else env
    kernel_id = env.get("VOILA_KERNEL_ID")
    if not kernel_id:
        return None
    protocol = env.get("VOILA_WS_PROTOCOL", "ws")
    ip = env.get("VOILA_APP_IP", "127.0.0.1")
    port = env.get("VOILA_APP_PORT", "8866")
    base = env.get("VOILA_WS_BASE_URL", env.get("VOILA_SERVER_URL", "/"))
    return f"{protocol}://{ip}:{port}{base}voila/query/{kernel_id}"


def wait_for_visitor(url: str | None = None) -> dict[str, str]:
    """Block until the server names this kernel's visitor; put their request in the environment.

    Returns the variables received (``QUERY_STRING`` among them), or an empty dict when the
    kernel is not preheated, has no kernel id, or the server cannot be reached (the page then
    opens as if its URL had no query, and says nothing it does not know).
    """
    if os.environ.get("VOILA_PREHEAT", "False") == "False":
        return {}
    url = url or query_socket_url()
    if url is None:
        return {}
    # Imported here: only a preheated kernel talks to the server this way.
    from websockets.exceptions import WebSocketException
    from websockets.sync.client import connect

    try:
        # The server's kernels are on the same machine; no proxy stands between them.
        with connect(url, open_timeout=OPEN_TIMEOUT_S, max_size=2**20, proxy=None) as socket:
            message = socket.recv()
    except (OSError, TimeoutError, WebSocketException) as err:
        print(f"The page could not learn its visitor's request ({err}).", file=sys.stderr)
        return {}
    received = json.loads(message)
    request = {str(k): str(v) for k, v in received.items()} if isinstance(received, dict) else {}
    os.environ.update(request)
    return request
