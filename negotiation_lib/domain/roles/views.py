"""What each side of a role-play case sees, and the truth behind both.

A role-play case is ``{"schema_version": 1, "roles": {"public": {...}, "seller": {"brief":
"...", "private": {...}}, "customer": {"brief": "...", "private": {...}}}}`` (design notes,
section 7). The public part and each private part are partial case documents, merged by key
path (:mod:`~negotiation_lib.domain.roles.paths`):

- a side's view is the public part, its own private part, and the facts the other side shared
  with it, each at the value the other side *stated* (:func:`side_view`);
- the truth is the public part and both private parts (:func:`truth`): what scoring and the
  debrief use, and what the ordinary worksheets, the report and the Excel workbook show when a
  role-play case is opened as a plain case (the facilitator's practice view,
  :func:`plain_document`).

These functions trust the document's shape; :func:`~negotiation_lib.domain.validation.
validate_case` says what is wrong with one (:mod:`~negotiation_lib.domain.roles.validation`).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal

from negotiation_lib.domain.errors import CaseError
from negotiation_lib.domain.roles.labels import Terms, fact_label, fact_text
from negotiation_lib.domain.roles.paths import (
    document_facts,
    fact_at,
    fact_path_text,
    merge_documents,
    parse_fact_path,
    put_fact,
)

__all__ = [
    "SIDES",
    "Fact",
    "Side",
    "counterpart",
    "is_role_play",
    "plain_document",
    "private_fact_value",
    "private_facts",
    "public_facts",
    "side_brief",
    "side_view",
    "truth",
]

Side = Literal["seller", "customer"]
"""A side of a role-play: the seller's team or the customer's (buyer's) team."""

SIDES: Final[tuple[Side, ...]] = ("seller", "customer")
"""Both sides, seller first."""

_SCHEMA_VERSION = "schema_version"


@dataclass(frozen=True, slots=True)
class Fact:
    """One fact of a role-play case, as a side lists it.

    Attributes
    ----------
    path
        Where it is in a case document (:func:`~negotiation_lib.domain.roles.paths.
        fact_path_text`), e.g. ``economics.variable_cost_per_unit`` or
        ``value.drivers["Avoided penalties"]``: the key the store records a shared fact by.
    value
        Its value as the case file holds it (a number, text, or an object such as a value
        driver or a definition of winning).
    label
        What it is, in words, with its unit ("Variable cost (EUR per housing)").
    shown
        Its value in words, numbers written as the workbook writes them ("19,400").
    """

    path: str
    value: Any
    label: str
    shown: str


def is_role_play(data: object) -> bool:
    """Whether a case document is a role-play case (it has ``roles``).

    Examples
    --------
    >>> is_role_play({"roles": {}}), is_role_play({"title": "T"}), is_role_play([])
    (True, False, False)
    """
    return isinstance(data, Mapping) and "roles" in data


def counterpart(side: Side) -> Side:
    """The other side.

    Examples
    --------
    >>> counterpart("seller"), counterpart("customer")
    ('customer', 'seller')
    """
    return "customer" if side == "seller" else "seller"


def _side(side: str) -> Side:
    if side not in SIDES:
        raise CaseError.at("", f"A side is 'seller' or 'customer', not {side!r}.")
    return side


def _roles(case_doc: Mapping[str, Any]) -> Mapping[str, Any]:
    roles = case_doc.get("roles") if isinstance(case_doc, Mapping) else None
    if not isinstance(roles, Mapping):
        raise CaseError.at("roles", "This is not a role-play case: it has no roles.")
    return roles


def _public(case_doc: Mapping[str, Any]) -> Mapping[str, Any]:
    public = _roles(case_doc).get("public")
    return public if isinstance(public, Mapping) else {}


def _private(case_doc: Mapping[str, Any], side: Side) -> Mapping[str, Any]:
    part = _roles(case_doc).get(side)
    private = part.get("private") if isinstance(part, Mapping) else None
    return private if isinstance(private, Mapping) else {}


def _versioned(case_doc: Mapping[str, Any], merged: dict[str, Any]) -> dict[str, Any]:
    """The merged document with the role-play file's format version first."""
    merged.pop(_SCHEMA_VERSION, None)  # validation keeps it out of the parts
    return {_SCHEMA_VERSION: case_doc.get(_SCHEMA_VERSION, 1), **merged}


def truth(case_doc: Mapping[str, Any]) -> dict[str, Any]:
    """The whole case: the public part merged with both sides' private parts.

    Parameters
    ----------
    case_doc
        A role-play case document.

    Returns
    -------
    dict
        An ordinary case document (a copy): what the room scores agreements and the debrief
        against, and what a plain worksheet shows.

    Raises
    ------
    CaseError
        When the document has no ``roles``.

    Examples
    --------
    >>> doc = {"roles": {"public": {"title": "T", "seller": "S", "customer": "C"},
    ...     "seller": {"brief": "b", "private": {"economics": {"variable_cost_per_unit": 7}}},
    ...     "customer": {"brief": "b", "private": {"economics": {"customer_cost_per_period": 9}}}}}
    >>> truth(doc)["economics"]
    {'variable_cost_per_unit': 7, 'customer_cost_per_period': 9}
    """
    merged = merge_documents(
        _public(case_doc), _private(case_doc, "seller"), _private(case_doc, "customer")
    )
    return _versioned(case_doc, merged)


def side_view(
    case_doc: Mapping[str, Any], side: str, shared: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """What one side sees: the public part, its own private part, and what it was told.

    Parameters
    ----------
    case_doc
        A role-play case document.
    side
        ``"seller"`` or ``"customer"``.
    shared
        The facts the other side shared, by path (:attr:`Fact.path`), each at the value the
        other side *stated* (which need not be the true one). Every path must be one of the
        other side's private facts.

    Returns
    -------
    dict
        A case document (a copy) that holds no private value of the other side except the
        stated values given in ``shared``.

    Raises
    ------
    CaseError
        When the document has no ``roles``, the side is neither seller nor customer, or a
        shared path is not one of the other side's private facts.

    Examples
    --------
    >>> doc = {"roles": {"public": {"title": "T", "seller": "S", "customer": "C"},
    ...     "seller": {"brief": "b", "private": {"economics": {"variable_cost_per_unit": 7}}},
    ...     "customer": {"brief": "b", "private": {"economics": {"customer_cost_per_period": 9}}}}}
    >>> side_view(doc, "seller")["economics"]
    {'variable_cost_per_unit': 7}
    >>> side_view(doc, "seller", {"economics.customer_cost_per_period": 12})["economics"]
    {'variable_cost_per_unit': 7, 'customer_cost_per_period': 12}
    """
    own = _side(side)
    view = merge_documents(_public(case_doc), _private(case_doc, own))
    other = counterpart(own)
    theirs = {fact_path_text(p) for p, _ in document_facts(_private(case_doc, other))}
    for text, stated in (shared or {}).items():
        if text not in theirs:
            raise CaseError.at(
                str(text),
                f"This is not one of the {other}'s private facts, so it cannot be shared.",
            )
        put_fact(view, parse_fact_path(text), stated)
    return _versioned(case_doc, view)


def plain_document(data: Mapping[str, Any]) -> dict[str, Any]:
    """The ordinary case document behind any case: a role-play case's truth, else the document.

    What the plain worksheets, the report, the Excel workbook and a workshop's hand-out open.

    Examples
    --------
    >>> plain_document({"title": "T", "seller": "S", "customer": "C"})["title"]
    'T'
    """
    return truth(data) if is_role_play(data) else dict(data)


def side_brief(case_doc: Mapping[str, Any], side: str) -> str:
    """A side's confidential brief (its instructions, as text).

    Examples
    --------
    >>> side_brief({"roles": {"seller": {"brief": "Hold the price.", "private": {}}}}, "seller")
    'Hold the price.'
    """
    part = _roles(case_doc).get(_side(side))
    brief = part.get("brief") if isinstance(part, Mapping) else None
    return brief if isinstance(brief, str) else ""


def _listed(doc: Mapping[str, Any], terms: Terms) -> tuple[Fact, ...]:
    return tuple(
        Fact(fact_path_text(p), copy.deepcopy(v), fact_label(p, terms), fact_text(p, v, terms))
        for p, v in document_facts(doc)
        if p != (_SCHEMA_VERSION,)
    )


def private_facts(case_doc: Mapping[str, Any], side: str) -> tuple[Fact, ...]:
    """A side's private facts, in the order of its private part, with labels and values.

    What a team may choose to share, one by one.

    Examples
    --------
    >>> doc = {"roles": {"public": {"currency": "EUR", "unit": "pump", "period": "year"},
    ...     "seller": {"brief": "b", "private": {"economics": {"variable_cost_per_unit": 7000}}},
    ...     "customer": {"brief": "b", "private": {}}}}
    >>> [(f.path, f.label, f.shown) for f in private_facts(doc, "seller")]
    [('economics.variable_cost_per_unit', 'Variable cost (EUR per pump)', '7,000')]
    """
    own = _side(side)
    # Worded from the side's own view, so that nothing of the other side is ever read.
    return _listed(_private(case_doc, own), Terms.of(side_view(case_doc, own)))


def public_facts(case_doc: Mapping[str, Any]) -> tuple[Fact, ...]:
    """The facts both sides know, in the order of the public part, with labels and values."""
    public = _public(case_doc)
    return _listed(public, Terms.of(public))


def private_fact_value(case_doc: Mapping[str, Any], side: str, path: str) -> Any:
    """The true value of one of a side's private facts (what the store compares a claim with).

    Raises
    ------
    CaseError
        When ``path`` is not one of that side's private facts.

    Examples
    --------
    >>> doc = {"roles": {"public": {},
    ...     "seller": {"brief": "b", "private": {"economics": {"variable_cost_per_unit": 7}}},
    ...     "customer": {"brief": "b", "private": {}}}}
    >>> private_fact_value(doc, "seller", "economics.variable_cost_per_unit")
    7
    """
    own = _side(side)
    private = _private(case_doc, own)
    if path not in {fact_path_text(p) for p, _ in document_facts(private)}:
        raise CaseError.at(path, f"This is not one of the {own}'s private facts.")
    return copy.deepcopy(fact_at(private, parse_fact_path(path))[1])
