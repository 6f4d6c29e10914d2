"""The culler leaves a kernel alone while it is still starting."""

from __future__ import annotations

import asyncio

from negotiation_lib.serving.kernels import PageBoundKernelManager, QuietShutdownKernelManager


def test_a_kernel_listed_before_its_first_activity_is_not_culled_and_raises_nothing() -> None:
    """jupyter_server lists a kernel before recording its activity; a culler pass between read
    an activity that did not exist and logged a traceback (seen in the workshop benchmark)."""
    manager = PageBoundKernelManager()
    starting = QuietShutdownKernelManager()
    manager._kernels["starting"] = starting
    asyncio.run(manager.cull_kernel_if_idle("starting"))
    assert "starting" in manager._kernels
    asyncio.run(manager.cull_kernel_if_idle("never-listed"))
