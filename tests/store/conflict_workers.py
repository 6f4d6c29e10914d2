"""Tabs of one participant in processes of their own, saving on the version they last knew.

The race test of :mod:`tests.store.test_version_conflicts` starts these with the ``spawn``
start method (the target is pickled by reference, so it lives in an importable module). Each
writer is a tab: it saves its own field over and over, each save based on the version its
previous save made or merged, and reports what the store said about every save.
"""

from __future__ import annotations

from typing import Any

from negotiation_lib.store import Store

BARRIER_TIMEOUT_S = 120.0


def save_field(
    url: str, participant_id: int, writer: str, field: str, count: int, start: Any, results: Any
) -> None:
    """Save ``notes.<field> = "<writer>:<i>"`` for ``i`` in ``0..count-1``, each on the last
    version this writer knows (the one its previous save made, merged or met).

    Puts ``(writer, i, kind, version)`` on ``results`` for every save. After a conflict the
    writer loads the other version, as a trainee choosing "Load the other window's version"
    would, and goes on from it.
    """
    store = Store(url)
    try:
        latest = store.latest(participant_id)
        assert latest is not None
        assert latest.data is not None
        base_version, base = latest.version, latest.data
        start.wait(BARRIER_TIMEOUT_S)
        for i in range(count):
            data = {**base, "notes": {**base.get("notes", {}), field: f"{writer}:{i}"}}
            outcome = store.save_on_base(
                participant_id, data, "transparent_economics", base_version=base_version, base=base
            )
            results.put((writer, i, outcome.kind, outcome.version))
            base_version, base = outcome.version, outcome.document
    finally:
        store.close()
