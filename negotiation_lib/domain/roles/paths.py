"""Facts of a partial case document, addressed by key path, and merging documents by them.

A role-play case splits one case document into parts (a public part and each side's private
part); each part is a *partial* case document: the same shape as a case file, with any subset
of its keys. To tell whether two parts say the same thing, and to put parts back together, a
part is read as a set of *facts*, each one a path and the value found there:

- a JSON object is descended key by key, so ``economics.volume_per_period`` and
  ``economics.variable_cost_per_unit`` are two facts that two parts may hold apart;
- a list whose items are all objects with distinct ``name`` fields (value drivers, discounts,
  priorities, moves, issues, packages) is descended item by item, and each item is one fact
  addressed by its name: ``value.drivers["Avoided penalties"]``; two parts may each hold some
  of the list's items, and merging keeps the public items first, in their order;
- any other list (strengths, improvements, contributions, an empty list) is one fact, whole;
- a few objects are one fact each because their fields only make sense together
  (:data:`ATOMIC`): the next-best alternative (``value.reference``), each trust view, the style
  answers, each party's definition of winning (``win_win.seller``, ``win_win.customer``) and the
  seal history (``win_win.seals``);
- an empty object is one fact (its value ``{}``).

A path is written as dotted keys, with a named item in brackets and its name as a JSON string
(``value.drivers["Avoided penalties"]``), so that names holding dots or brackets stay
unambiguous; :func:`fact_path_text` and :func:`parse_fact_path` convert both ways.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

__all__ = [
    "ATOMIC",
    "FactPath",
    "Item",
    "document_facts",
    "fact_at",
    "fact_path_text",
    "merge_documents",
    "overlapping",
    "parse_fact_path",
    "put_fact",
]


@dataclass(frozen=True, slots=True)
class Item:
    """A list item picked by its ``name`` (the last step of a path into a named list)."""

    name: str


FactPath = tuple[str | Item, ...]
"""The steps of a fact's path: object keys, and at most one :class:`Item`, always last."""

ATOMIC: Final = frozenset(
    {
        ("value", "reference"),
        ("trust", "seller_view"),
        ("trust", "customer_view"),
        ("trust", "style_answers"),
        ("win_win", "seller"),
        ("win_win", "customer"),
        ("win_win", "seals"),
    }
)
"""Objects that are one fact each: their fields only make sense together."""

_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _named(items: Sequence[Any]) -> bool:
    """Whether a list is merged item by item: every item an object with its own name."""
    names = [item.get("name") if isinstance(item, Mapping) else None for item in items]
    return (
        bool(names)
        and all(isinstance(n, str) and n for n in names)
        and len(set(names)) == len(names)
    )


def document_facts(doc: Mapping[str, Any], prefix: FactPath = ()) -> Iterator[tuple[FactPath, Any]]:
    """Every fact of a partial case document, in document order.

    Parameters
    ----------
    doc
        A partial case document (any subset of a case file's keys).
    prefix
        The path of ``doc`` inside a larger document (for the recursion).

    Yields
    ------
    tuple
        The fact's path and its value (the document's own object, not a copy).

    Examples
    --------
    >>> doc = {"economics": {"volume_per_period": 40},
    ...        "value": {"drivers": [{"name": "Energy", "value_per_unit": 5}]}}
    >>> [fact_path_text(p) for p, _ in document_facts(doc)]
    ['economics.volume_per_period', 'value.drivers["Energy"]']
    """
    for key, value in doc.items():
        path = (*prefix, str(key))
        if path in ATOMIC:
            yield path, value
        elif isinstance(value, Mapping) and value:
            yield from document_facts(value, path)
        elif isinstance(value, list) and _named(value):
            for item in value:
                yield (*path, Item(item["name"])), item
        else:
            yield path, value


def fact_path_text(path: FactPath) -> str:
    """Write a fact's path: dotted keys, a named item as its JSON-quoted name in brackets.

    Examples
    --------
    >>> fact_path_text(("value", "drivers", Item("Version 2.1 [beta]")))
    'value.drivers["Version 2.1 [beta]"]'
    >>> fact_path_text(("relationship", "seller_batna_per_period"))
    'relationship.seller_batna_per_period'
    """
    out = ""
    for step in path:
        if isinstance(step, Item):
            out += f"[{json.dumps(step.name, ensure_ascii=False)}]"
        else:
            out += f".{step}" if out else step
    return out


def parse_fact_path(text: str) -> FactPath:
    """Read a path written by :func:`fact_path_text`.

    Raises
    ------
    ValueError
        When the text is not such a path; the message says where it goes wrong.

    Examples
    --------
    >>> parse_fact_path('value.drivers["Energy savings"]')
    ('value', 'drivers', Item(name='Energy savings'))
    >>> parse_fact_path("economics.variable_cost_per_unit")
    ('economics', 'variable_cost_per_unit')
    """
    steps: list[str | Item] = []
    at = 0
    decoder = json.JSONDecoder()
    while at < len(text):
        if steps and isinstance(steps[-1], Item):
            raise ValueError(f"Nothing may follow a named item in {text!r}.")
        if text.startswith('["', at) and steps:
            try:
                name, end = decoder.raw_decode(text, at + 1)
            except json.JSONDecodeError as err:
                raise ValueError(f"The item name at {at} in {text!r} is not closed.") from err
            if not isinstance(name, str) or not text.startswith("]", end):
                raise ValueError(f"The item name at {at} in {text!r} is not closed.")
            steps.append(Item(name))
            at = end + 1
            continue
        if steps:
            if not text.startswith(".", at):
                raise ValueError(f"Expected a dot at {at} in {text!r}.")
            at += 1
        found = _KEY.match(text, at)
        if found is None:
            raise ValueError(f"Expected a key at {at} in {text!r}.")
        steps.append(found.group())
        at = found.end()
    if not steps:
        raise ValueError("A fact's path cannot be empty.")
    return tuple(steps)


def _child(node: dict[str, Any], key: str) -> dict[str, Any]:
    found = node.get(key)
    if not isinstance(found, dict):
        found = node[key] = {}
    return found


def put_fact(doc: dict[str, Any], path: FactPath, value: Any) -> None:
    """Write one fact into a document in place, creating the objects and lists on its way.

    A named item replaces the item of the same name, or is added at the end of its list; the
    value is copied, so the document never shares objects with its sources.

    Examples
    --------
    >>> doc = {"value": {"drivers": [{"name": "A", "value_per_unit": 1}]}}
    >>> put_fact(doc, ("value", "drivers", Item("B")), {"name": "B", "value_per_unit": 2})
    >>> put_fact(doc, ("economics", "volume_per_period"), 40)
    >>> [d["name"] for d in doc["value"]["drivers"]], doc["economics"]
    (['A', 'B'], {'volume_per_period': 40})
    """
    value = copy.deepcopy(value)
    node = doc
    last = path[-1]
    keys = path[:-2] if isinstance(last, Item) else path[:-1]
    for key in keys:
        node = _child(node, str(key))
    if not isinstance(last, Item):
        node[last] = value
        return
    list_key = str(path[-2])
    items = node.get(list_key)
    if not isinstance(items, list):
        items = node[list_key] = []
    for k, item in enumerate(items):
        if isinstance(item, Mapping) and item.get("name") == last.name:
            items[k] = value
            return
    items.append(value)


def merge_documents(*docs: Mapping[str, Any]) -> dict[str, Any]:
    """Merge partial case documents by key path, the later ones over the earlier ones.

    Parameters
    ----------
    *docs
        Partial case documents. A role-play case's parts never hold the same fact twice
        (validation refuses it), so their order only decides the order of keys and items.

    Returns
    -------
    dict
        A new document holding every fact of every part (copies: the parts are not changed).

    Examples
    --------
    >>> public = {"title": "T", "economics": {"volume_per_period": 40},
    ...           "value": {"drivers": [{"name": "A", "value_per_unit": 1}]}}
    >>> private = {"economics": {"variable_cost_per_unit": 7},
    ...            "value": {"drivers": [{"name": "B", "value_per_unit": -2}]}}
    >>> merged = merge_documents(public, private)
    >>> merged["economics"], [d["name"] for d in merged["value"]["drivers"]]
    ({'volume_per_period': 40, 'variable_cost_per_unit': 7}, ['A', 'B'])
    """
    out: dict[str, Any] = {}
    for doc in docs:
        for path, value in document_facts(doc):
            put_fact(out, path, value)
    return out


def _covers(a: FactPath, b: FactPath) -> bool:
    """Whether one path is the other or lies inside it (either way round)."""
    n = min(len(a), len(b))
    return a[:n] == b[:n]


def overlapping(path: FactPath, others: Sequence[FactPath]) -> FactPath | None:
    """The first of ``others`` that is the same fact as ``path``, inside it, or around it.

    Examples
    --------
    >>> overlapping(("win_win", "seller"), [("win_win", "issues"), ("win_win", "seller")])
    ('win_win', 'seller')
    >>> overlapping(("value", "drivers", Item("A")), [("value", "drivers")])
    ('value', 'drivers')
    >>> overlapping(("value", "drivers", Item("A")), [("value", "drivers", Item("B"))]) is None
    True
    """
    for other in others:
        if _covers(path, other):
            return other
    return None


def fact_at(doc: Mapping[str, Any], path: FactPath) -> tuple[bool, Any]:
    """Look a fact up in a document: whether it is there, and its value (not a copy).

    Examples
    --------
    >>> doc = {"value": {"drivers": [{"name": "A", "value_per_unit": 1}]}}
    >>> fact_at(doc, ("value", "drivers", Item("A")))
    (True, {'name': 'A', 'value_per_unit': 1})
    >>> fact_at(doc, ("economics", "volume_per_period"))
    (False, None)
    """
    node: Any = doc
    for step in path:
        if isinstance(step, Item):
            if not isinstance(node, list):
                return False, None
            found = [i for i in node if isinstance(i, Mapping) and i.get("name") == step.name]
            if not found:
                return False, None
            node = found[0]
        elif isinstance(node, Mapping) and step in node:
            node = node[step]
        else:
            return False, None
    return True, node
