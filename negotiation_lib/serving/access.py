"""Who may reach a page's kernel, and the routes the workbook's server answers differently.

Standalone Voila routes a kernel's REST (``api/kernels/<id>``) and websocket
(``api/kernels/<id>/channels``) requests to jupyter_server's handlers, which ask the configured
*authorizer* before acting; its page handler, its shutdown route and its ``voila/query/<id>``
route (where a preheated kernel waits for its visitor's URL) ask the *identity provider*
who is calling, or nobody. Both classes are chosen by configuration (``Voila.authorizer_class``,
``Voila.identity_provider_class``; see :func:`negotiation_lib.serving.voila_options`):

- :class:`PageAuthorizer` lets a request act on a kernel only with that kernel's page key
  (:mod:`.pages`), and opens its websocket only when the request says where it comes from (an
  ``Origin`` header, which every browser sends on a websocket; jupyter_server then checks that
  it is this server). A bare script that learned a kernel's id gets 403.
- :class:`WorkbookIdentityProvider` keeps Voila's token login, refuses the shutdown route
  without the page key, and changes three routes: ``voila/query/<id>`` answers only a kernel of
  this server (:class:`KernelQueryHandler`), and ``logout`` and anything under
  ``voila/templates/`` that is not a template's static file are 404 (Voila's own handlers answer
  those with 500).
"""

from __future__ import annotations

import ipaddress
from typing import Any

from jupyter_server.auth.authorizer import AllowAllAuthorizer
from jupyter_server.auth.identity import PasswordIdentityProvider, User
from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.utils import url_path_join
from tornado import web
from tornado.websocket import WebSocketHandler
from voila.request_info_handler import RequestInfoSocketHandler
from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler

from negotiation_lib.serving.home import home_routes
from negotiation_lib.serving.pages import PAGE_COOKIE, SHUTDOWN_COOKIE, PageKeys, cookie_values
from negotiation_lib.serving.redirects import worksheet_redirect_rule

__all__ = [
    "KernelQueryHandler",
    "NotFound",
    "PageAuthorizer",
    "PageShutdownHandler",
    "WorkbookIdentityProvider",
    "page_admits",
]


def page_admits(handler: JupyterHandler, kernel_id: str, cookie: str = PAGE_COOKIE) -> bool:
    """Whether the request carries the page key of kernel ``kernel_id`` (in cookie ``cookie``).

    Without the workbook's kernel manager there are no keys, and nothing is admitted: a
    misconfigured server refuses rather than opens.
    """
    keys = getattr(handler.kernel_manager, "page_keys", None)
    return isinstance(keys, PageKeys) and keys.admits(kernel_id, cookie_values(handler, cookie))


class PageAuthorizer(AllowAllAuthorizer):
    """Kernels answer only the page they were handed to; everything else as Voila allows."""

    def is_authorized(
        self, handler: JupyterHandler, user: User, action: str, resource: str
    ) -> bool:
        """Whether ``user`` may do ``action`` on ``resource`` through ``handler``'s request."""
        if resource != "kernels":
            return True
        kernel_id = handler.path_kwargs.get("kernel_id")
        if not kernel_id:
            return False  # no kernel listing, no kernel started over REST
        if isinstance(handler, WebSocketHandler) and not handler.request.headers.get("Origin"):
            self.log.warning("Refused a websocket to kernel %s: no Origin header", kernel_id)
            return False
        if not page_admits(handler, kernel_id):
            self.log.warning(
                "Refused %s %s: not the page of kernel %s",
                handler.request.method,
                handler.request.path,
                kernel_id,
            )
            return False
        return True


class NotFound(web.RequestHandler):
    """404 for a route that exists only to be refused."""

    def prepare(self) -> None:
        """Refuse before anything else runs."""
        raise web.HTTPError(404)


def _is_server_itself(remote_ip: str, server_ip: str) -> bool:
    """Whether a connection comes from this machine: loopback, or the address served on."""
    try:
        return ipaddress.ip_address(remote_ip).is_loopback or remote_ip == server_ip
    except ValueError:
        return False


class KernelQueryHandler(RequestInfoSocketHandler):  # type: ignore[misc]
    """Voila's ``voila/query/<id>``, answered only to a kernel of this server, once.

    A preheated kernel learns its visitor's URL (and so a resume code) here. Voila answers
    anyone who names the kernel, and keeps the answer for good when the kernel asked late.
    This handler refuses browsers (they send an ``Origin`` header; the kernel's client does not)
    and connections from other machines, and forgets the answer once delivered.
    """

    async def get(self, *args: Any, **kwargs: Any) -> None:
        """Refuse the websocket unless it comes from a kernel on this machine."""
        voila = self.settings.get("voila")
        server_ip = str(getattr(voila, "ip", "") or "")
        remote_ip = str(self.request.remote_ip or "")
        if self.request.headers.get("Origin") or not _is_server_itself(remote_ip, server_ip):
            self.set_status(403)
            await self.finish()
            return
        await super().get(*args, **kwargs)

    def open(self, kernel_id: str) -> None:
        """Deliver the visitor's request, if it came first, and forget it."""
        super().open(kernel_id)
        RequestInfoSocketHandler._cache.pop(kernel_id, None)


class PageShutdownHandler(VoilaShutdownKernelHandler):  # type: ignore[misc]
    """Voila's ``voila/api/shutdown/<id>``, which a closing page can reach.

    A page asks the server to shut its kernel down as it closes, with a POST that carries no
    XSRF token; Voila's route refused every one of them (``'_xsrf' argument missing``), so the
    kernel of a closed page lived until the culler's two idle minutes. Here the page's shutdown
    key stands in for the token: an HttpOnly, ``SameSite=Strict`` cookie bound to this one
    kernel's shutdown path, which no other site can make a browser send. A request without
    it is checked (and refused) as before.
    """

    def check_xsrf_cookie(self) -> None:
        """Accept the page's own shutdown key in place of the XSRF token."""
        kernel_id = self.path_args[0] if self.path_args else ""
        if kernel_id and page_admits(self, kernel_id, SHUTDOWN_COOKIE):
            return
        super().check_xsrf_cookie()


class WorkbookIdentityProvider(PasswordIdentityProvider):
    """Voila's token login, plus the page key on the shutdown route and the changed routes."""

    async def get_user(self, handler: web.RequestHandler) -> User | None:
        """The caller, or None (refused) on a kernel's shutdown route without its page key."""
        user: User | None = await self._get_user(handler)
        if user is not None and isinstance(handler, VoilaShutdownKernelHandler):
            kernel_id = handler.path_args[0] if handler.path_args else ""
            if not page_admits(handler, kernel_id, SHUTDOWN_COOKIE):
                self.log.warning("Refused to shut down kernel %s: not its page", kernel_id)
                return None
        return user

    def get_handlers(self) -> list[tuple[str, object]]:
        """Voila's login route (when a token is set), the guarded query route, no logout.

        Also the shutdown route a closing page can reach (:class:`PageShutdownHandler`), and
        the redirect of a worksheet's resume link to the participant's workbook
        (:mod:`negotiation_lib.serving.redirects`), and the root's redirect to the home page
        (:mod:`negotiation_lib.serving.home`).

        Voila adds these after its kernel, template, static and shutdown routes and before its
        query and page routes, so the query route here replaces Voila's. The 404 routes for
        ``voila/templates/`` and the shutdown route must come before Voila's own, which are
        already in its list when this is called: they are added to the application first, as
        a rule list of their own (tornado tries rule lists in the order they were added, and
        Voila adds its list only after this returns).
        """
        server_url = str(getattr(self.parent, "server_url", None) or "/")
        handlers: list[tuple[str, object]] = []
        if self.login_available:
            handlers.append((r"/login", self.login_handler_class))
        handlers.append(
            (
                url_path_join(server_url, r"/voila/query/(?P<kernel_id>\w+-\w+-\w+-\w+-\w+)"),
                KernelQueryHandler,
            )
        )
        # The root and Voila's file list open the home page (before Voila's tree routes).
        handlers += home_routes(server_url)
        app = getattr(self.parent, "app", None)
        if isinstance(app, web.Application):
            not_a_template_file = url_path_join(
                server_url, r"/voila/templates/(?![^/]+/static/[^/]).*"
            )
            shutdown = url_path_join(server_url, r"/voila/api/shutdown/(.*)")
            app.add_handlers(
                ".*$",
                [
                    (not_a_template_file, NotFound),
                    (shutdown, PageShutdownHandler),
                    worksheet_redirect_rule(server_url),
                ],
            )
        return handlers
