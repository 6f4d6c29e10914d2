"""The server process's loop: a page closed mid-message is a log line, other errors are not."""

from __future__ import annotations

import asyncio
import gc
import logging

import pytest
from tornado.websocket import WebSocketClosedError

from negotiation_lib.serving.run import quiet_closed_pages


async def _write_to_a_closed_page() -> None:
    raise WebSocketClosedError


async def _fail_otherwise() -> None:
    raise RuntimeError("a real fault")


def _leave_a_failed_task(coroutine: object) -> None:
    """Run a task that fails, never retrieve its error, and let it be collected."""

    async def main() -> None:
        asyncio.get_running_loop().create_task(coroutine)  # type: ignore[arg-type]
        await asyncio.sleep(0.05)

    loop = asyncio.new_event_loop()
    quiet_closed_pages(loop, logging.getLogger("test-serve"))
    try:
        loop.run_until_complete(main())
    finally:
        loop.close()
    gc.collect()  # the task's error is reported when the task is collected


def test_a_page_closed_while_the_server_wrote_to_it_is_one_line(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.INFO):
        _leave_a_failed_task(_write_to_a_closed_page())
    assert [r.getMessage() for r in caplog.records] == [
        "A page closed while the server was still sending to it."
    ]
    assert not any(r.exc_info for r in caplog.records)


def test_any_other_error_left_in_a_task_keeps_its_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.INFO):
        _leave_a_failed_task(_fail_otherwise())
    (record,) = [r for r in caplog.records if "never retrieved" in r.getMessage()]
    assert record.exc_info is not None
    assert isinstance(record.exc_info[1], RuntimeError)
