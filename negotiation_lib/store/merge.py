"""Field-by-field changes of a case document, and a stale save merged onto the newest version.

Two tabs (or browsers) of one participant may edit the same case at once. Each save says which
version it was based on; when another save landed meanwhile, the store compares what each side
changed *since that same base*, field by field:

- a **field** is a key path in the case JSON (``("economics", "volume_per_period")``). Objects
  are walked key by key; a list (discounts, drivers, a seal history, score points) is one field
  as a whole, because the position of an item says nothing about which item it is once items
  are added or removed, and merging by position could put one tab's edit on another's item;
- two changes **overlap** when one path is the other or lies under it (removing ``relationship``
  overlaps with setting ``relationship.repetitions``);
- a change is **already there** when the newest version holds that very value at that path (the
  other tab typed the same thing): it conflicts with nothing;
- some fields only mean something **against another** (:data:`DEPENDS_ON`): a definition of
  winning is sealed against the case's issues, so a seal made in a tab conflicts with issues
  changed elsewhere (an imported case, say) even though the two paths do not overlap. Merged,
  the seal would be judged against issues its author never saw.

When none of this save's changes overlaps a change of the other saves, the merged document is
the newest version with this save's changes applied (:func:`merge_onto`); otherwise the
overlapping paths are the conflict and nothing is merged. Every function here is pure: it
neither changes its arguments nor keeps them.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

__all__ = [
    "DEPENDS_ON",
    "MISSING",
    "Change",
    "ChangeDoesNotFitError",
    "FieldPath",
    "MergeResult",
    "apply_changes",
    "changes_between",
    "merge_onto",
    "overlaps",
    "path_label",
    "same_value",
    "value_at",
]

FieldPath = tuple[str, ...]
"""The keys leading to a field of a case document, outermost first."""

DEPENDS_ON: Final[dict[FieldPath, tuple[FieldPath, ...]]] = {
    ("win_win", "seals"): (("win_win", "issues"),),
}
"""Fields (and everything under them) whose change conflicts with another save's change of the
fields named: a seal is made against the issues the tab showed."""


def _depends(path: FieldPath) -> tuple[FieldPath, ...]:
    """``path`` itself and every field a change at ``path`` depends on (:data:`DEPENDS_ON`)."""
    out = [path]
    for field, needs in DEPENDS_ON.items():
        if path[: len(field)] == field:
            out.extend(needs)
    return tuple(out)


class _Missing:
    """The value of a field that is not there (removed, or never filled in)."""

    _instance: _Missing | None = None

    def __new__(cls) -> _Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"

    def __deepcopy__(self, _memo: dict[int, Any]) -> _Missing:
        return self


MISSING: Final = _Missing()
"""The value a :class:`Change` carries when it removes its field."""


@dataclass(frozen=True, slots=True)
class Change:
    """One field of a case document set to a value, or removed (``value is MISSING``)."""

    path: FieldPath
    value: Any


@dataclass(frozen=True, slots=True)
class MergeResult:
    """A stale save merged onto the newest version, or the fields that stopped it.

    ``document`` is ``None`` exactly when ``conflicts`` is not empty.
    """

    document: dict[str, Any] | None
    conflicts: tuple[FieldPath, ...] = ()
    theirs: tuple[Change, ...] = ()
    """What the other saves changed since the common base."""


def _kind(value: Any) -> str:
    # bool before int: True == 1 in Python, but a ticked box is not the number one.
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list | tuple):
        return "list"
    return type(value).__name__


def same_value(a: Any, b: Any) -> bool:
    """Whether two JSON values are the same (``True`` is not ``1``; ``40`` is ``40.0``).

    Examples
    --------
    >>> same_value({"a": [1, 2]}, {"a": [1.0, 2]}), same_value(True, 1), same_value(MISSING, None)
    (True, False, False)
    """
    if a is MISSING or b is MISSING:
        return a is b
    if _kind(a) != _kind(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same_value(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple):
        return len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def changes_between(before: Mapping[str, Any], after: Mapping[str, Any]) -> tuple[Change, ...]:
    """The fields that differ from ``before`` to ``after``, each at its shortest path.

    Objects are compared key by key; anything else (a number, a text, a list) is one field.
    A key only in ``before`` is a removal (:data:`MISSING`) of all it held; a key only in
    ``after`` is added field by field, so two tabs filling in different fields of a section
    neither had do not collide (an empty object is added as itself).

    Examples
    --------
    >>> base = {"economics": {"volume_per_period": 40, "list_price_per_unit": 13000}}
    >>> mine = {"economics": {"volume_per_period": 41, "list_price_per_unit": 13000}}
    >>> changes_between(base, mine)
    (Change(path=('economics', 'volume_per_period'), value=41),)
    >>> changes_between(base, {"title": "Renewal"})
    (Change(path=('economics',), value=MISSING), Change(path=('title',), value='Renewal'))
    >>> filled_in = {"trust": {"seller_view": {"credibility": 7}, "notes": {}}}
    >>> for change in changes_between({}, filled_in):
    ...     print(change.path, change.value)
    ('trust', 'notes') {}
    ('trust', 'seller_view', 'credibility') 7
    """
    out: list[Change] = []
    _walk(before, after, (), out)
    return tuple(out)


def _walk(before: Any, after: Any, path: FieldPath, out: list[Change]) -> None:
    if isinstance(before, dict) and isinstance(after, dict):
        for key in sorted({*before, *after}, key=str):
            if key not in after:
                out.append(Change((*path, key), MISSING))
            elif key not in before:
                _added(after[key], (*path, key), out)
            else:
                _walk(before[key], after[key], (*path, key), out)
    elif not same_value(before, after):
        out.append(Change(path, copy.deepcopy(after)))


def _added(value: Any, path: FieldPath, out: list[Change]) -> None:
    if isinstance(value, dict) and value:
        for key in sorted(value, key=str):
            _added(value[key], (*path, key), out)
    else:
        out.append(Change(path, copy.deepcopy(value)))


def overlaps(a: Sequence[str], b: Sequence[str]) -> bool:
    """Whether two fields are one, or one lies inside the other.

    Examples
    --------
    >>> overlaps(("relationship",), ("relationship", "repetitions"))
    True
    >>> overlaps(("economics", "volume_per_period"), ("economics", "list_price_per_unit"))
    False
    """
    n = min(len(a), len(b))
    return tuple(a[:n]) == tuple(b[:n])


def value_at(document: Any, path: Sequence[str]) -> Any:
    """The value of a field, or :data:`MISSING` when the path leads nowhere.

    Examples
    --------
    >>> value_at({"economics": {"volume_per_period": 40}}, ("economics", "volume_per_period"))
    40
    >>> value_at({"economics": 5}, ("economics", "volume_per_period"))
    MISSING
    """
    node = document
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return MISSING
        node = node[key]
    return node


class ChangeDoesNotFitError(ValueError):
    """A change whose path runs through something that is not an object."""

    def __init__(self, path: FieldPath) -> None:
        super().__init__(path)
        self.path = path


def apply_changes(document: Mapping[str, Any], changes: Iterable[Change]) -> dict[str, Any]:
    """A copy of ``document`` with ``changes`` applied in order (missing objects are created).

    Raises
    ------
    ChangeDoesNotFitError
        When a change's path runs through a value that is not an object (a number where the
        change expects a section): the change does not fit this document.

    Examples
    --------
    >>> apply_changes({"a": {"b": 1, "c": 2}}, [Change(("a", "b"), 5), Change(("a", "c"), MISSING)])
    {'a': {'b': 5}}
    >>> apply_changes({}, [Change(("relationship", "repetitions"), 10)])
    {'relationship': {'repetitions': 10}}
    """
    out: dict[str, Any] = copy.deepcopy(dict(document))
    for change in changes:
        if not change.path:
            if not isinstance(change.value, dict):
                raise ChangeDoesNotFitError(change.path)
            out = copy.deepcopy(change.value)
            continue
        node: Any = out
        *parents, last = change.path
        for key in parents:
            if not isinstance(node, dict):
                raise ChangeDoesNotFitError(change.path)
            if key not in node:
                if change.value is MISSING:
                    break  # removing from an object that is not there: nothing to do
                node[key] = {}
            node = node[key]
        else:
            if not isinstance(node, dict):
                raise ChangeDoesNotFitError(change.path)
            if change.value is MISSING:
                node.pop(last, None)
            else:
                node[last] = copy.deepcopy(change.value)
    return out


def merge_onto(
    newest: Mapping[str, Any], base: Mapping[str, Any], mine: Iterable[Change]
) -> MergeResult:
    """Merge the changes of a save made on ``base`` onto the ``newest`` version.

    Parameters
    ----------
    newest
        The newest stored version (it already holds the other saves made since ``base``).
    base
        The version both this save and the other saves started from.
    mine
        What this save changed against ``base`` (:func:`changes_between`).

    Returns
    -------
    MergeResult
        ``newest`` with ``mine`` applied when no change of ``mine`` overlaps a change the other
        saves made (:func:`overlaps`), or a field it depends on (:data:`DEPENDS_ON`), a change
        already present in ``newest`` excepted; otherwise no document and the paths of
        ``mine`` that conflict.

    Examples
    --------
    >>> base = {"economics": {"volume_per_period": 40, "list_price_per_unit": 13000}}
    >>> newest = {"economics": {"volume_per_period": 41, "list_price_per_unit": 13000}}
    >>> merge_onto(newest, base, [Change(("economics", "list_price_per_unit"), 13100)]).document
    {'economics': {'volume_per_period': 41, 'list_price_per_unit': 13100}}
    >>> merge_onto(newest, base, [Change(("economics", "volume_per_period"), 39)]).conflicts
    (('economics', 'volume_per_period'),)

    A seal made on ``base`` conflicts with the issues changed meanwhile:

    >>> base = {"win_win": {"issues": [{"name": "Price"}], "seals": {}}}
    >>> newest = {"win_win": {"issues": [{"name": "Tonnes"}], "seals": {}}}
    >>> merge_onto(newest, base, [Change(("win_win", "seals", "seller"), [{}])]).conflicts
    (('win_win', 'seals', 'seller'),)
    """
    theirs = changes_between(base, newest)
    mine = tuple(mine)
    conflicts = tuple(
        m.path
        for m in mine
        if not same_value(value_at(newest, m.path), m.value)
        and any(overlaps(p, t.path) for p in _depends(m.path) for t in theirs)
    )
    if conflicts:
        return MergeResult(None, conflicts, theirs)
    try:
        merged = apply_changes(newest, mine)
    except ChangeDoesNotFitError as err:
        # Only when this save's idea of the base differs from the stored one in shape.
        return MergeResult(None, (err.path,), theirs)
    return MergeResult(merged, (), theirs)


def path_label(path: Sequence[str]) -> str:
    """A field's path as text, for logs and tests (pages show labels instead).

    Examples
    --------
    >>> path_label(("economics", "volume_per_period"))
    'economics.volume_per_period'
    """
    return ".".join(str(step) for step in path)
