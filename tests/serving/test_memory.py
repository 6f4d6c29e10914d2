"""The server gives freed memory back to the system after a page's kernel is shut down."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap

import pytest

from negotiation_lib.serving.memory import TrimSoon, _libc_trim

glibc = pytest.mark.skipif(_libc_trim() is None, reason="the C library has no malloc_trim")

# A heap fragmented as a server's is after many pages: 150 MB of 1 kB blocks, of which one in
# 64 stays alive, so the freed space lies between live blocks and the heap cannot shrink from
# its top. The resident size is read before and after the trim, in a process of its own.
FRAGMENTED = textwrap.dedent(
    """
    import sys
    from negotiation_lib.serving.memory import malloc_trim

    def rss_mb():
        for line in open("/proc/self/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024

    blocks = [bytearray(1024) for _ in range(150_000)]
    kept = blocks[::64]
    del blocks
    before = rss_mb()
    gave_back = malloc_trim()
    after = rss_mb()
    print(before, after, gave_back, len(kept))
    """
)


@glibc
def test_a_fragmented_heap_is_given_back_to_the_system() -> None:
    out = subprocess.run(
        [sys.executable, "-c", FRAGMENTED], capture_output=True, text=True, check=True
    ).stdout.split()
    before, after, gave_back = float(out[0]), float(out[1]), out[2] == "True"
    assert gave_back
    # Roughly 145 of the 150 MB are free pages between live blocks.
    assert before - after > 100, (before, after)


def test_a_burst_of_shutdowns_makes_one_trim_after_the_last() -> None:
    """Five requests in a row: one trim, a full delay after the last (each moved it later).

    The requests yield to the loop between them (``sleep(0)``), as shutdowns on the server do,
    but take no time, so a slow machine cannot make the delay expire in between.
    """

    async def burst() -> tuple[int, int, float]:
        loop = asyncio.get_running_loop()
        soon = TrimSoon(delay_s=0.05)
        ran: list[float] = []
        real = soon._run

        def timed() -> None:
            ran.append(loop.time())
            real()

        soon._run = timed  # type: ignore[method-assign]
        last = 0.0
        for _ in range(5):
            soon.request()
            last = loop.time()
            await asyncio.sleep(0)
        during = soon.trims
        deadline = loop.time() + 10
        while soon.trims == 0 and loop.time() < deadline:
            await asyncio.sleep(0.02)
        await asyncio.sleep(0.2)
        return during, soon.trims, ran[0] - last if ran else -1.0

    during, after, waited = asyncio.run(burst())
    assert (during, after) == (0, 1)
    assert waited >= 0.05


def test_two_bursts_apart_make_two_trims() -> None:
    async def bursts() -> int:
        soon = TrimSoon(delay_s=0.02)
        soon.request()
        await asyncio.sleep(0.2)
        soon.request()
        soon.request()
        await asyncio.sleep(0.2)
        return soon.trims

    assert asyncio.run(bursts()) == 2
