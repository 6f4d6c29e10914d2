"""The server's root opens the workbook's home page, not Voila's list of notebook files.

Voila answers ``/`` (and ``voila/tree``) with a list of the files it serves: a page that means
nothing to a trainee, and shows the dashboard's file name to anyone. :class:`HomeRedirect`
sends those addresses to the home page instead, keeping the query (so ``/?token=SECRET`` still
logs in). It is one of the routes :class:`~negotiation_lib.serving.access.WorkbookIdentityProvider`
adds ahead of Voila's own (:func:`home_routes`).
"""

from __future__ import annotations

from tornado import web

from negotiation_lib import catalog

__all__ = ["HOME_PAGE", "HomeRedirect", "home_routes"]

HOME_PAGE = f"voila/render/{catalog.HOME.notebook}"
"""The home page's path under the server's base URL."""


def _join(base: str, path: str) -> str:
    return base.rstrip("/") + "/" + path.lstrip("/")


class HomeRedirect(web.RequestHandler):
    """Redirect to the home page (302: the home page may move, the root stays)."""

    def set_default_headers(self) -> None:
        """The security headers every answer of the server carries (:mod:`.headers`)."""
        for name, value in self.settings.get("headers", {}).items():
            self.set_header(name, value)

    def get(self) -> None:
        """Send the browser to the home page under the base URL it sees, query kept."""
        target = _join(str(self.settings.get("base_url") or "/"), HOME_PAGE)
        query = self.request.query
        self.redirect(target + (f"?{query}" if query else ""))


def home_routes(server_url: str) -> list[tuple[str, object]]:
    """The routes that lead to the home page: the root and Voila's file list.

    Examples
    --------
    >>> [route for route, _handler in home_routes("/user/ann/")]
    ['/user/ann/', '/user/ann/voila/tree/?']
    """
    root = server_url if server_url.endswith("/") else server_url + "/"
    return [(root, HomeRedirect), (_join(server_url, "voila/tree/?"), HomeRedirect)]
