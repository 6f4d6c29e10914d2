"""The case file's JSON Schema, generated from the models so that the two never disagree.

The published copy lives in ``data/schema/case.schema.json``; a test regenerates it and fails
when the committed file is stale (``negotiation-workbook schema --write`` refreshes it).

A case file is one of two things (``oneOf``): an ordinary case (``$defs/Case``, generated from
:class:`~negotiation_lib.domain.case.Case`), or a role-play case (``$defs/RolePlayCase``):
``roles`` with a public part and, per side, a brief and a private part, each part a *partial*
case (``$defs/PartialCase``: the same fields, none required, the sections partial too). Rules
the schema cannot say (a fact in one part only, each side's own definition of winning, each
side's view a valid case) are checked by :func:`negotiation_lib.domain.validation.validate_case`.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from negotiation_lib.domain.case import Case
from negotiation_lib.domain.roles.validation import BRIEF_MAX_CHARS
from negotiation_lib.domain.scenario import SCENARIOS, Scenario

__all__ = ["SCHEMA_PATH", "case_json_schema", "schema_text"]

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "data" / "schema" / "case.schema.json"
"""Where the repository publishes the schema."""

_SECTIONS = ("Strategy", "Value", "Economics", "Relationship", "Trust", "WinWin")
"""The sections whose fields the parts of a role-play case may split between them."""


def _partial_refs(node: Any) -> Any:
    """A schema fragment whose section references point at the partial sections."""
    if isinstance(node, dict):
        return {
            k: (
                v.replace("#/$defs/", "#/$defs/Partial", 1)
                if k == "$ref" and v.removeprefix("#/$defs/") in _SECTIONS
                else _partial_refs(v)
            )
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_partial_refs(v) for v in node]
    return node


def _partial(definition: dict[str, Any], title: str) -> dict[str, Any]:
    """A model's schema with no field required, its sections partial in turn."""
    out = _partial_refs(copy.deepcopy(definition))
    out.pop("required", None)
    out["title"] = title
    return dict(out)


def _role_play_defs(defs: dict[str, Any]) -> dict[str, Any]:
    """The definitions a role-play case adds: partial cases, a side's part, the roles."""
    out = {f"Partial{name}": _partial(defs[name], f"Partial {name}") for name in _SECTIONS}
    # Each side seals in the room: a role-play file holds no seals.
    out["PartialWinWin"]["properties"].pop("seals", None)
    partial_case = _partial(defs["Case"], "Partial case")
    # The format version is written once, beside roles.
    partial_case["properties"].pop("schema_version", None)
    partial_case["description"] = (
        "A part of a role-play case: any subset of a case's fields and of its sections' fields. "
        "The parts are merged by key path; lists of named items (value drivers, discounts, "
        "issues, packages, ...) item by item, keyed by name."
    )
    out["PartialCase"] = partial_case
    out["SidePart"] = {
        "additionalProperties": False,
        "description": "One side's confidential part: its brief and its private facts.",
        "properties": {
            "brief": {
                "description": "The side's confidential instructions, as its team reads them.",
                "maxLength": BRIEF_MAX_CHARS,
                "minLength": 1,
                "title": "Brief",
                "type": "string",
            },
            "private": {
                "$ref": "#/$defs/PartialCase",
                "description": "Facts only this side knows, its own definition of winning "
                "(win_win.seller or win_win.customer) among them.",
            },
        },
        "required": ["brief", "private"],
        "title": "Side part",
        "type": "object",
    }
    out["Roles"] = {
        "additionalProperties": False,
        "description": "The public part both sides know, and each side's confidential part.",
        "properties": {
            "public": {"$ref": "#/$defs/PartialCase"},
            "seller": {"$ref": "#/$defs/SidePart"},
            "customer": {"$ref": "#/$defs/SidePart"},
        },
        "required": ["public", "seller", "customer"],
        "title": "Roles",
        "type": "object",
    }
    out["RolePlayCase"] = {
        "additionalProperties": False,
        "description": "A case for two teams, each with its own secrets (design notes, section 7). "
        "Its truth is the public part merged with both private parts.",
        "properties": {
            "schema_version": copy.deepcopy(defs["Case"]["properties"]["schema_version"]),
            "roles": {"$ref": "#/$defs/Roles"},
        },
        "required": ["roles"],
        "title": "Role-play case",
        "type": "object",
    }
    return out


def _add_scenarios(defs: dict[str, Any]) -> None:
    """Let an ordinary case carry named scenarios (after the role-play parts are made).

    They sit beside the sections in the document, not in the :class:`Case` model (the base
    case is the document without them), so their schema is added here from
    :class:`~negotiation_lib.domain.scenario.Scenario`. A role-play case has none.
    """
    scenario = Scenario.model_json_schema()
    defs.update(scenario.pop("$defs", {}))
    defs["Scenario"] = scenario
    defs["Case"]["properties"][SCENARIOS] = {
        "description": "Named what-ifs: each a name and new values by key path into the case "
        "(the case itself is the base, without them).",
        "items": {"$ref": "#/$defs/Scenario"},
        "title": "Scenarios",
        "type": "array",
    }


def case_json_schema() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of a case document.

    Examples
    --------
    >>> s = case_json_schema()
    >>> s["title"], [branch["$ref"] for branch in s["oneOf"]]
    ('Negotiation Workbook case', ['#/$defs/Case', '#/$defs/RolePlayCase'])
    >>> sorted(s["$defs"]["Case"]["required"])
    ['customer', 'seller', 'title']
    """
    case = Case.model_json_schema()
    defs: dict[str, Any] = case.pop("$defs")
    case["title"] = "Case"
    defs["Case"] = case
    defs.update(_role_play_defs(defs))
    _add_scenarios(defs)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$defs": defs,
        "title": "Negotiation Workbook case",
        "description": (
            "One negotiation case: the parties and whichever worksheet sections are filled in "
            "(a missing section means it has not been filled in yet), or a role-play case: a "
            "public part and, for each side, a confidential brief and private facts."
        ),
        "oneOf": [{"$ref": "#/$defs/Case"}, {"$ref": "#/$defs/RolePlayCase"}],
    }


def schema_text() -> str:
    """Return the schema as written to :data:`SCHEMA_PATH` (sorted keys, 2-space indent)."""
    return json.dumps(case_json_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
