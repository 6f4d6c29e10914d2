"""The kernel manager of ``negotiation-workbook serve``: it binds each kernel to its page.

Voila gets a page's kernel in one of two ways, and both pass through this class:

- **from its preheated pool.** Voila builds its pool manager by subclassing the configured
  ``VoilaConfiguration.multi_kernel_manager_class`` (``voila_kernel_manager_factory``); the
  subclass's ``get_rendered_notebook`` is where a pooled kernel, started before its visitor
  existed, is handed to the page request. :meth:`PageBoundKernelManager.__init_subclass__`
  wraps that method, so the kernel is bound at the moment it is handed out, never earlier.
- **started for the request** (the pool is empty, or preheating is off):
  :meth:`PageBoundKernelManager.start_kernel`, called by Voila's page handler with
  ``VOILA_PREHEAT=False`` in the kernel's environment. The pool starts its kernels through the
  same method with ``VOILA_PREHEAT=True``; those are not bound.

The request being served is jupyter_server's ``CallContext`` handler (set in every
``JupyterHandler.prepare``). A kernel is bound only when that is Voila's page handler: the
page's response then carries the key (:class:`~negotiation_lib.serving.pages.PageKeys`). A
kernel that no page holds answers no REST or websocket request at all (:mod:`.access`).
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any

from jupyter_server.base.call_context import CallContext
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager

from negotiation_lib.serving.pages import PageKeys

__all__ = ["PageBoundKernelManager", "page_request"]


def page_request() -> Any:
    """The Voila page request being served in this task, or None.

    Only Voila's page handler counts: a kernel is bound to the browser that asked for a page,
    never to whatever other request happens to start one.
    """
    from voila.handler import VoilaHandler

    handler = CallContext.get(CallContext.JUPYTER_HANDLER)
    return handler if isinstance(handler, VoilaHandler) else None


def _binding_hand_out(
    hand_out: Callable[..., Awaitable[tuple[Any, Any, str]]],
) -> Callable[..., Awaitable[tuple[Any, Any, str]]]:
    """Wrap Voila's ``get_rendered_notebook`` so that the kernel it hands out is bound."""

    @functools.wraps(hand_out)
    async def get_rendered_notebook(
        self: PageBoundKernelManager, *args: Any, **kwargs: Any
    ) -> tuple[Any, Any, str]:
        render_task, rendered, kernel_id = await hand_out(self, *args, **kwargs)
        self.bind(page_request(), kernel_id)
        return render_task, rendered, kernel_id

    return get_rendered_notebook


class PageBoundKernelManager(AsyncMappingKernelManager):
    """jupyter_server's kernel manager, with every kernel bound to the page it was handed to.

    ``page_keys`` holds the key of each bound kernel; :mod:`.access` checks requests against it.
    """

    page_keys: PageKeys

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)  # type: ignore[no-untyped-call]
        self.page_keys = PageKeys()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        hand_out = cls.__dict__.get("get_rendered_notebook")
        if hand_out is not None:
            # Voila's pool manager defines it; see the module's docstring.
            cls.get_rendered_notebook = _binding_hand_out(hand_out)  # type: ignore[attr-defined]

    def bind(self, handler: Any, kernel_id: str) -> None:
        """Bind the kernel to the page request ``handler`` (nothing when there is none)."""
        if handler is None:
            self.log.warning("Kernel %s started outside a page request: left unbound", kernel_id)
            return
        self.page_keys.hand_out(handler, handler.base_url, kernel_id)

    async def start_kernel(  # type: ignore[override]  # jupyter_client types it as sync
        self, *args: Any, **kwargs: Any
    ) -> str:
        """Start a kernel; one started for a page request is bound to that page."""
        kernel_id: str = await super().start_kernel(*args, **kwargs)
        env = kwargs.get("env") or {}
        if env.get("VOILA_PREHEAT") == "False":
            self.bind(page_request(), kernel_id)
        return kernel_id

    async def shutdown_kernel(  # type: ignore[override]  # jupyter_client types it as sync
        self, kernel_id: str, *args: Any, **kwargs: Any
    ) -> None:
        """Shut the kernel down and forget its page key."""
        self.page_keys.forget(kernel_id)
        await super().shutdown_kernel(kernel_id, *args, **kwargs)  # type: ignore[no-untyped-call]
