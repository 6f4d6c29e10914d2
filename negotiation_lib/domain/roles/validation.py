"""Everything wrong with a role-play case, each problem at its path inside ``roles``.

A role-play case is valid when

- its shape is right: ``roles`` holds ``public`` (a partial case document), and ``seller`` and
  ``customer``, each with a ``brief`` (text) and a ``private`` part (a partial case document);
  nothing else sits beside ``roles`` but ``schema_version``;
- each fact is in one place only: a private fact may not also be public, and the two sides'
  private parts share no fact (compared by key path, :mod:`~negotiation_lib.domain.roles.
  paths`); the title, the parties, the currency, the unit and the period are public;
- each side's private part holds its own definition of winning (``win_win.seller`` or
  ``win_win.customer``) and not the other's, scores the price with points rather than off the
  open book (whose score would reveal the other side's costs), and nothing is sealed yet (each
  side seals in the room);
- the truth (public and both private parts) is a valid case, and so is each side's view
  (public and its own private part), so that every page can work on either.

Problems found in a merged document are reported where the offending fact lives
(``roles.customer.private.value.drivers["Avoided penalties"].confidence``), so the author knows
which part to edit.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, Final

from negotiation_lib.domain.errors import Problem
from negotiation_lib.domain.roles.paths import (
    FactPath,
    Item,
    document_facts,
    fact_path_text,
    overlapping,
)
from negotiation_lib.domain.roles.views import SIDES, side_view, truth
from negotiation_lib.domain.validation import validate_case

__all__ = ["BRIEF_MAX_CHARS", "PUBLIC_ONLY", "role_play_problems", "source_path"]

BRIEF_MAX_CHARS: Final = 20_000
"""Longest confidential brief: a few pages of instructions."""

PUBLIC_ONLY: Final = ("title", "seller", "customer", "currency", "unit", "period", "number_format")
"""Top-level fields both sides always know: they may only be in the public part."""

_PARTS: Final = ("public", "seller", "customer")
_PREFIX: Final = {
    "public": "roles.public",
    "seller": "roles.seller.private",
    "customer": "roles.customer.private",
}
_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
_OBJECT = "Must be an object (a set of named fields)."


def _side_shape(side: str, part: object) -> list[Problem]:
    where = f"roles.{side}"
    if not isinstance(part, Mapping):
        return [Problem(where, f"{_OBJECT[:-1]}: the {side}'s brief and private facts.")]
    out = [
        Problem(
            f"{where}.{key}",
            f"There is no field called '{key}' here; a side has a brief and a private part.",
        )
        for key in part
        if key not in ("brief", "private")
    ]
    brief = part.get("brief")
    if "brief" not in part:
        out.append(Problem(f"{where}.brief", "This field is required."))
    elif not isinstance(brief, str):
        out.append(Problem(f"{where}.brief", "Enter text here."))
    elif not brief.strip():
        out.append(
            Problem(f"{where}.brief", f"Write the {side}'s brief: the instructions its team reads.")
        )
    elif len(brief) > BRIEF_MAX_CHARS:
        out.append(Problem(f"{where}.brief", f"Too long: at most {BRIEF_MAX_CHARS:,} characters."))
    if "private" not in part:
        out.append(Problem(f"{where}.private", "This field is required."))
    elif not isinstance(part["private"], Mapping):
        out.append(Problem(f"{where}.private", _OBJECT))
    return out


def _shape_problems(data: Mapping[str, Any]) -> list[Problem]:
    out = [
        Problem(
            str(key),
            "A role-play case keeps the case inside roles: move this into roles.public, or into "
            "a side's private part.",
        )
        for key in data
        if key not in ("schema_version", "roles")
    ]
    roles = data["roles"]
    if not isinstance(roles, Mapping):
        return [
            *out,
            Problem("roles", f"{_OBJECT[:-1]}: a public part, and a part for each side."),
        ]
    out += [
        Problem(
            f"roles.{key}",
            f"There is no part called '{key}' here; the parts are public, seller and customer.",
        )
        for key in roles
        if key not in _PARTS
    ]
    for name in _PARTS:
        if name not in roles:
            out.append(Problem(f"roles.{name}", "This field is required."))
        elif name == "public":
            if not isinstance(roles[name], Mapping):
                out.append(Problem("roles.public", _OBJECT))
        else:
            out += _side_shape(name, roles[name])
    return out


def _placement_problems(facts: Mapping[str, Sequence[FactPath]]) -> list[Problem]:
    out: list[Problem] = []
    for part, paths in facts.items():
        for path in paths:
            where = f"{_PREFIX[part]}.{fact_path_text(path)}"
            if path[0] == "schema_version":
                out.append(Problem(where, "The format version belongs at the top of the file."))
            elif path[0] in PUBLIC_ONLY and part != "public":
                out.append(
                    Problem(
                        where,
                        "Both sides know the title, the parties, the currency, the unit and the "
                        "period: put this in roles.public.",
                    )
                )
            elif path[:2] == ("win_win", "seals"):
                out.append(
                    Problem(
                        where,
                        "A role-play case is handed out unsealed: each side seals its own "
                        "definition of winning in the room.",
                    )
                )
            elif path[:1] == ("win_win",) and len(path) > 1 and path[1] in SIDES:
                owner = str(path[1])
                if part == "public":
                    out.append(
                        Problem(
                            where,
                            "A definition of winning is private to its side: move it to "
                            f"roles.{owner}.private.win_win.{owner}.",
                        )
                    )
                elif part != owner:
                    out.append(
                        Problem(
                            where,
                            f"The {part}'s private part cannot hold the {owner}'s definition of "
                            "winning: each side writes only its own.",
                        )
                    )
    for side in SIDES:
        if not any(p[:2] == ("win_win", side) for p in facts[side]):
            out.append(
                Problem(
                    f"{_PREFIX[side]}.win_win.{side}",
                    f"Give the {side} its own definition of winning here: each side's private "
                    "part holds it.",
                )
            )
    return out


def _open_book_problems(parts: Mapping[str, Mapping[str, Any]]) -> list[Problem]:
    """A side's open-book score of the price would tell it the other side's private facts."""
    out: list[Problem] = []
    for side in SIDES:
        ww = parts[side].get("win_win")
        definition = ww.get(side) if isinstance(ww, Mapping) else None
        scores = definition.get("scores") if isinstance(definition, Mapping) else None
        for issue, score in scores.items() if isinstance(scores, Mapping) else ():
            if score == "open_book":
                out.append(
                    Problem(
                        f"{_PREFIX[side]}.win_win.{side}.scores.{issue}",
                        "In a role-play case a side scores the price with points: an open-book "
                        "score reads the zone of agreement, which would tell the side the other "
                        "side's private costs.",
                    )
                )
    return out


def _overlap_problems(facts: Mapping[str, Sequence[FactPath]]) -> list[Problem]:
    out: list[Problem] = []
    for part, against in (("seller", "public"), ("customer", "public"), ("customer", "seller")):
        for path in facts[part]:
            other = overlapping(path, facts[against])
            if other is None:
                continue
            at = "" if other == path else f" (at {fact_path_text(other)})"
            rule = (
                "a fact is either public or private to one side, never both"
                if against == "public"
                else "the two sides' private facts are their own, so none is in both"
            )
            out.append(
                Problem(
                    f"{_PREFIX[part]}.{fact_path_text(path)}",
                    f"This fact is also in {_PREFIX[against]}{at}; {rule}.",
                )
            )
    return out


def _named_item(node: object, index: int) -> Item | None:
    """The item at ``index`` of a list merged item by item (all items named), else None."""
    if not isinstance(node, list) or index >= len(node):
        return None
    names = [i.get("name") if isinstance(i, Mapping) else None for i in node]
    if not all(isinstance(n, str) and n for n in names) or len(set(names)) != len(names):
        return None
    return Item(str(names[index]))


def source_path(path: str, doc: Mapping[str, Any], facts: Mapping[str, Sequence[FactPath]]) -> str:
    """Where a problem of a merged document lives in the role-play file.

    Parameters
    ----------
    path
        The problem's path in the merged document (``value.drivers[2].confidence``).
    doc
        The merged document the problem was found in (to name list items by their names).
    facts
        Each part's fact paths (``public``, ``seller``, ``customer``).

    Returns
    -------
    str
        The path inside the role-play file: the part holding the fact, then the fact's path
        and whatever lies below it (``roles.customer.private.value.drivers["Avoided
        penalties"].confidence``). A place no part holds (a required field left out) is put in
        the part that holds the rest of its object, the public part when several or none do.
    """
    steps: list[str | Item] = []
    node: Any = doc
    rest = ""
    for match in _STEP.finditer(path):
        key, index = match.group(1), match.group(2)
        if index is not None:
            item = _named_item(node, int(index))
            if item is None:
                rest = path[match.start() :]
                break
            steps.append(item)
            node = next(n for n in node if n.get("name") == item.name)
        else:
            steps.append(key)
            node = node.get(key) if isinstance(node, Mapping) else None
        here = tuple(steps)
        for part, paths in facts.items():
            if here in paths:
                return f"{_PREFIX[part]}.{fact_path_text(here)}{path[match.end() :]}"
    here = tuple(steps)
    holders = [p for p, paths in facts.items() if any(q[: len(here)] == here for q in paths)]
    part = holders[0] if len(holders) == 1 else "public"
    return f"{_PREFIX[part]}.{fact_path_text(here)}{rest}" if here else _PREFIX[part] + rest


def role_play_problems(data: Mapping[str, Any]) -> list[Problem]:
    """List every problem of a role-play case document; an empty list means it is valid.

    Parameters
    ----------
    data
        A decoded JSON document with ``roles`` (its format version already checked).

    Returns
    -------
    list of Problem
        Each at its path inside the file, in a sentence.

    Examples
    --------
    >>> doc = {"roles": {"public": {"title": "T", "seller": "S", "customer": "C",
    ...                             "economics": {"variable_cost_per_unit": 5}},
    ...     "seller": {"brief": "Sell.", "private": {"economics": {"variable_cost_per_unit": 7},
    ...                                             "win_win": {"seller": {}}}},
    ...     "customer": {"brief": "Buy.", "private": {"win_win": {"customer": {}}}}}}
    >>> for p in role_play_problems(doc):
    ...     print(p)
    roles.seller.private.economics.variable_cost_per_unit: This fact is also in roles.public; a
    fact is either public or private to one side, never both.
    """
    problems = _shape_problems(data)
    if problems:
        return problems
    roles = data["roles"]
    parts = {
        "public": roles["public"],
        "seller": roles["seller"]["private"],
        "customer": roles["customer"]["private"],
    }
    facts = {name: [p for p, _ in document_facts(part)] for name, part in parts.items()}
    problems = _placement_problems(facts) + _overlap_problems(facts) + _open_book_problems(parts)
    if problems:
        return problems
    whole = truth(data)
    found = [Problem(source_path(p.path, whole, facts), p.message) for p in validate_case(whole)]
    if found:
        return found
    for side in SIDES:
        view = side_view(data, side)
        found += [
            Problem(
                source_path(p.path, view, facts),
                f"In the {side}'s view (the public part and its own private part): {p.message}",
            )
            for p in validate_case(view)
        ]
    return found


def shared_fact_problems(
    case_doc: Mapping[str, Any],
    side: str,
    path: str,
    stated: Any,
    shared_before: Mapping[str, Any] | None = None,
) -> list[Problem]:
    """What is wrong with a value a side states for one of its private facts, if anything.

    A side may state any value it likes for a fact it shares (the room keeps the stated and the
    true value apart), but not one that breaks the other side's case: the other side's view,
    with this value and those stated before, must still be a valid case.

    Parameters
    ----------
    case_doc
        A valid role-play case document.
    side
        The side that shares (``"seller"`` or ``"customer"``).
    path
        One of its private facts (:attr:`~negotiation_lib.domain.roles.views.Fact.path`).
    stated
        The value it states.
    shared_before
        The facts this side shared before, by path, at their stated values.

    Returns
    -------
    list of Problem
        Empty when the value can be shared; otherwise each problem at its path in the other
        side's case (``economics.customer_cost_per_period``), in a sentence.

    Examples
    --------
    >>> doc = {"roles": {"public": {"title": "T", "seller": "S", "customer": "C",
    ...         "economics": {"volume_per_period": 10, "list_price_per_unit": 100}},
    ...     "seller": {"brief": "Sell.", "private": {"economics": {"variable_cost_per_unit": 60},
    ...                                             "win_win": {"seller": {}}}},
    ...     "customer": {"brief": "Buy.", "private": {"win_win": {"customer": {}}}}}}
    >>> shared_fact_problems(doc, "seller", "economics.variable_cost_per_unit", 55)
    []
    >>> for p in shared_fact_problems(doc, "seller", "economics.variable_cost_per_unit", -5):
    ...     print(p)
    economics.variable_cost_per_unit: Must be at least 0 (it is -5).
    >>> print(shared_fact_problems(doc, "seller", "economics.fixed_cost_per_period", 5)[0])
    economics.fixed_cost_per_period: This is not one of the seller's private facts, so it cannot
    be shared.
    """
    if side not in SIDES:
        return [Problem("", f"A side is 'seller' or 'customer', not {side!r}.")]
    roles = case_doc.get("roles")
    part = roles.get(side) if isinstance(roles, Mapping) else None
    private = part.get("private") if isinstance(part, Mapping) else None
    own = (
        {fact_path_text(p) for p, _ in document_facts(private)}
        if isinstance(private, Mapping)
        else set()
    )
    if path not in own:
        return [
            Problem(path, f"This is not one of the {side}'s private facts, so it cannot be shared.")
        ]
    other = "customer" if side == "seller" else "seller"
    view = side_view(case_doc, other, {**(shared_before or {}), path: stated})
    return validate_case(view)
