"""Writers for the concurrency and crash tests, each run in a process of its own.

The tests start them with the ``spawn`` start method, which pickles the target by reference, so
they live here, in an importable module, and take only plain arguments. Each opens the store as
a worksheet's kernel does (``Store(url)``) and saves documents that say who wrote them.
"""

from __future__ import annotations

import copy
from typing import Any

from negotiation_lib.store import Store
from tests.store import SEALED_CASE, sample_case

MARK = "test_writer"
"""The key under which a written document records ``{"writer": w, "i": i}``."""

BARRIER_TIMEOUT_S = 120.0


def marked(base: dict[str, Any], writer: int, i: int) -> dict[str, Any]:
    """``base`` with the mark of save ``i`` of writer ``writer``."""
    doc = copy.deepcopy(base)
    doc[MARK] = {"writer": writer, "i": i}
    doc["title"] = f"Writer {writer}, save {i}"
    return doc


def save_versions(url: str, participant_id: int, writer: int, count: int, start: Any) -> None:
    """Save ``count`` marked versions of the sealed sample case, one after the other.

    ``start`` is a ``multiprocessing.Barrier`` shared by all writers: every writer opens the
    store first and then waits for the others, so that the saves really overlap.
    """
    base = sample_case(SEALED_CASE)
    store = Store(url)
    try:
        start.wait(BARRIER_TIMEOUT_S)
        last = 0
        for i in range(count):
            saved = store.save(participant_id, marked(base, writer, i), "win_win")
            if saved.version <= last:
                raise AssertionError(
                    f"writer {writer}: save {i} got version {saved.version} after {last}"
                )
            last = saved.version
    finally:
        store.close()


def save_forever(url: str, participant_id: int, writer: int, pad_chars: int) -> None:
    """Save ever new versions of a large document until killed (the crash test's victim)."""
    base = sample_case(SEALED_CASE)
    base["notes"] = [f"{n:06d} " + "ü" * 90 for n in range(pad_chars // 100)]
    store = Store(url)
    i = 0
    while True:
        store.save(participant_id, marked(base, writer, i), "win_win")
        i += 1


def open_store(url: str, start: Any) -> None:
    """Open the store on a database that may be new, at the same moment as other processes."""
    start.wait(BARRIER_TIMEOUT_S)
    store = Store(url)
    try:
        if store.current_revision() != store.head_revision():
            raise AssertionError(f"the store opened at {store.current_revision()}")
    finally:
        store.close()
