"""A model of "no change is lost", written apart from the store's merge, for the tests to judge it.

The store compares what two saves changed object key by object key
(:mod:`negotiation_lib.store.merge`). The tests check its results against this simpler model:
a case document is a flat mapping from the path of each *leaf* (a value that is not an object)
to that value, so that two documents are equal here when they hold the same leaves (an empty
object holds none). A change is a leaf set to a value or :data:`GONE`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

Leaf = tuple[str, ...]


class _Gone:
    def __repr__(self) -> str:
        return "GONE"


GONE: Any = _Gone()
"""The value of a leaf a change removed."""


def leaves(document: Mapping[str, Any], prefix: Leaf = ()) -> dict[Leaf, Any]:
    """Every leaf of a document by its path (lists and texts are leaves; objects are walked)."""
    out: dict[Leaf, Any] = {}
    for key, value in document.items():
        path = (*prefix, key)
        if isinstance(value, dict):
            out.update(leaves(value, path))
        else:
            out[path] = value
    return out


def leaf_changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[Leaf, Any]:
    """The leaves that differ from ``before`` to ``after`` (:data:`GONE` when removed)."""
    old, new = leaves(before), leaves(after)
    changed: dict[Leaf, Any] = {p: v for p, v in new.items() if p not in old or old[p] != v}
    changed.update({p: GONE for p in old if p not in new})
    return changed


def inside(a: Leaf, b: Leaf) -> bool:
    """Whether one path is the other or lies under it."""
    n = min(len(a), len(b))
    return a[:n] == b[:n]


def with_changes(document: Mapping[str, Any], changes: Mapping[Leaf, Any]) -> dict[Leaf, Any]:
    """The leaves of ``document`` once ``changes`` are made (a leaf set replaces what it covers)."""
    out = leaves(document)
    for path, value in changes.items():
        for other in [q for q in out if q != path and inside(q, path)]:
            del out[other]
        if value is GONE:
            out.pop(path, None)
        else:
            out[path] = value
    return out


class Confirmed:
    """Every change a tab was told was saved, the newest one per leaf: what must be in the store."""

    def __init__(self) -> None:
        self.leaves: dict[Leaf, Any] = {}

    def add(self, changes: Mapping[Leaf, Any]) -> None:
        """A save was confirmed: its changes overwrite earlier ones of the same leaves."""
        for path, value in changes.items():
            for other in [q for q in self.leaves if inside(q, path)]:
                del self.leaves[other]
            self.leaves[path] = value

    def lost_in(self, document: Mapping[str, Any]) -> dict[Leaf, tuple[Any, Any]]:
        """The confirmed leaves ``document`` does not hold: path → (confirmed, found)."""
        held = leaves(document)
        lost: dict[Leaf, tuple[Any, Any]] = {}
        for path, value in self.leaves.items():
            found = held.get(path, GONE)
            if value is GONE:
                # Removed: nothing may be at the path or under it.
                under = {q: v for q, v in held.items() if inside(q, path)}
                if under:
                    lost[path] = (GONE, under)
            elif found is GONE or found != value:
                lost[path] = (value, found)
        return lost
