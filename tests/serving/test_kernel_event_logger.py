"""Every kernel's manager shares the server's one event logger.

jupyter_server gives a kernel's manager the server application's event logger; Voila's
application has none, so each kernel got a new one: its event schemas compiled again, and a
logger named after it registered with :mod:`logging` for the life of the server, one more for
every page opened (found in the server's live objects over the workshop benchmark's opens).
"""

from __future__ import annotations

import logging

from jupyter_server.services.kernels.kernelmanager import (
    AsyncMappingKernelManager,
    ServerKernelManager,
)

from negotiation_lib.serving.kernels import QuietShutdownKernelManager, WorkbookKernelManager


def _loggers() -> int:
    return len(logging.Logger.manager.loggerDict)


def test_kernel_managers_of_one_server_share_one_event_logger() -> None:
    server = WorkbookKernelManager()
    first = QuietShutdownKernelManager(parent=server)
    assert first.event_logger is not None
    before = _loggers()
    others = [QuietShutdownKernelManager(parent=server) for _ in range(5)]
    assert all(k.event_logger is first.event_logger for k in others)
    assert _loggers() == before
    # It still knows the kernel events jupyter_server emits.
    assert "https://events.jupyter.org/jupyter_server/kernel_actions/v1" in (
        first.event_logger.schemas.schema_ids
    )


def test_without_it_each_kernel_registers_a_logger_of_its_own() -> None:
    """What the shared logger prevents (if jupyter_server stops doing this, this fails)."""
    server = AsyncMappingKernelManager()  # type: ignore[no-untyped-call]
    first = ServerKernelManager(parent=server).event_logger
    before = _loggers()
    others = [ServerKernelManager(parent=server).event_logger for _ in range(3)]
    assert all(logger is not first for logger in others)
    assert _loggers() == before + 3
