"""Page keys: the secret that binds a page's kernel to the browser that rendered the page.

When Voila hands a kernel to a page request (a preheated one from its pool, or one started for
the request), the server draws a fresh random key, keeps only its SHA-256 digest under the
kernel's id, and gives the key to the browser as an ``HttpOnly``, ``SameSite=Strict`` cookie
whose ``Path`` is that kernel's own routes: ``nw-page`` for ``api/kernels/<id>`` (REST and
websocket), ``nw-page-shutdown`` for Voila's ``voila/api/shutdown/<id>`` (a response sets one
cookie per name, so the two paths need two names). The browser then sends it with every request
to its kernel and to no other route; another browser, or a script that only learned the
kernel's id (from the page, a log, a look over a shoulder), does not have it. Scripts in the
page cannot read it either (``HttpOnly``).

This module keeps the keys and reads and writes the cookies; :mod:`.kernels` decides when a
kernel is handed out and :mod:`.access` refuses requests without the key.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from tornado.web import RequestHandler

__all__ = ["PAGE_COOKIE", "SHUTDOWN_COOKIE", "PageKeys", "cookie_values", "kernel_paths"]

PAGE_COOKIE = "nw-page"
"""The cookie holding a page's key on its kernel's routes (one per kernel, by ``Path``)."""

SHUTDOWN_COOKIE = "nw-page-shutdown"
"""The same key, on Voila's route that shuts the page's kernel down when the page closes."""


def kernel_paths(base_url: str, kernel_id: str) -> tuple[str, str]:
    """The URL paths a page uses to reach its kernel: its REST and websocket routes, and shutdown.

    Examples
    --------
    >>> kernel_paths("/", "k1")
    ('/api/kernels/k1', '/voila/api/shutdown/k1')
    """
    base = base_url if base_url.endswith("/") else base_url + "/"
    return f"{base}api/kernels/{kernel_id}", f"{base}voila/api/shutdown/{kernel_id}"


def cookie_values(handler: RequestHandler, name: str = PAGE_COOKIE) -> list[str]:
    """Every value the request sends for cookie ``name``.

    A browser may hold several cookies of one name with different paths; tornado's
    ``get_cookie`` would return only one of them, so the header is read here.
    """
    found = []
    for header in handler.request.headers.get_list("Cookie"):
        for part in header.split(";"):
            key, sep, value = part.strip().partition("=")
            if sep and key == name:
                found.append(value.strip().strip('"'))
    return found


def _digest(key: str) -> bytes:
    return hashlib.sha256(key.encode("utf-8")).digest()


class PageKeys:
    """The page key of each kernel handed to a page, kept as a digest only.

    Examples
    --------
    >>> keys = PageKeys()
    >>> key = keys.issue("k1")
    >>> keys.admits("k1", [key]), keys.admits("k1", ["guess"]), keys.admits("k2", [key])
    (True, False, False)
    >>> keys.forget("k1"); keys.admits("k1", [key])
    False
    """

    def __init__(self) -> None:
        self._digests: dict[str, bytes] = {}

    def issue(self, kernel_id: str) -> str:
        """Draw a new key for the kernel (replacing any earlier one) and return it."""
        key = secrets.token_urlsafe(32)
        self._digests[kernel_id] = _digest(key)
        return key

    def admits(self, kernel_id: str, keys: list[str]) -> bool:
        """Whether one of ``keys`` is the kernel's key; a kernel no page holds admits nobody."""
        expected = self._digests.get(kernel_id)
        if expected is None:
            return False
        # Compared in constant time, every candidate, so timing says nothing about the key.
        return any([hmac.compare_digest(expected, _digest(k)) for k in keys])

    def bound(self, kernel_id: str) -> bool:
        """Whether a page holds this kernel."""
        return kernel_id in self._digests

    def forget(self, kernel_id: str) -> None:
        """Drop the kernel's key (the kernel is shut down)."""
        self._digests.pop(kernel_id, None)

    def hand_out(self, handler: RequestHandler, base_url: str, kernel_id: str) -> None:
        """Issue the kernel's key and set it as a cookie on the response that renders its page.

        Must run before the response's headers are sent, which is the case wherever Voila
        obtains a page's kernel: no part of the page is written before it has one.
        """
        key = self.issue(kernel_id)
        secure = handler.request.protocol == "https"
        for name, path in zip(
            (PAGE_COOKIE, SHUTDOWN_COOKIE), kernel_paths(base_url, kernel_id), strict=True
        ):
            handler.set_cookie(
                name, key, path=path, httponly=True, secure=secure, samesite="Strict"
            )
