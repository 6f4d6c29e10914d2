"""Scenarios: a case with some inputs changed by key path, side by side with the case itself.

An analyst's what-if ("retention drops to 0.4", "the volume doubles") is a set of overrides by
key path into the case document: ``{"relationship.retention_one_sided": 0.4}``. A case document
may keep its named scenarios in a top-level ``scenarios`` list
(:mod:`negotiation_lib.domain.scenario` describes the place and checks its shape); the case
itself is the *base*, and a scenario's case is a copy of the base with the overrides applied.

Applying a scenario never changes the base. Each bad override is refused with a sentence that
names the scenario and the key path: a path that is not a field of a case, a value of the wrong
kind (text where a number belongs), or a value that makes the case invalid (the case's own
validation, re-worded).

Key paths are dotted; a list item is reached by its index: ``economics.volume_per_period``,
``value.drivers[0].confidence``, ``win_win.seller.weights.price``.
"""

from __future__ import annotations

import copy
import difflib
import json
import re
from collections.abc import Mapping
from functools import cache
from typing import Any, Final

from pydantic import ValidationError

from negotiation_lib.domain.case import Case
from negotiation_lib.domain.errors import CaseError, Problem
from negotiation_lib.domain.roles.views import is_role_play, plain_document
from negotiation_lib.domain.scenario import (
    BASE,
    SCENARIOS,
    Scenario,
    read_scenarios,
    without_scenarios,
)
from negotiation_lib.domain.validation import validate_case

__all__ = [
    "BASE",
    "SCENARIOS",
    "Scenario",
    "apply_overrides",
    "parse_assignment",
    "parse_key_path",
    "scenario_cases",
    "scenario_documents",
    "scenario_names",
]

Step = str | int
"""One step of a key path: a field name, or a list index."""

_PATH = re.compile(r"[^.\[\]]+(?:\[\d+\])*(?:\.[^.\[\]]+(?:\[\d+\])*)*")
_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")

_KINDS: Final = {
    "number": "a number",
    "integer": "a whole number",
    "string": "text",
    "boolean": "true or false",
    "array": "a list",
    "object": "an object (a set of named fields)",
    "null": "nothing (null)",
}


def parse_key_path(path: str) -> tuple[Step, ...] | None:
    """Split a key path into its steps; None when it is not a key path.

    Examples
    --------
    >>> parse_key_path("value.drivers[1].confidence")
    ('value', 'drivers', 1, 'confidence')
    >>> parse_key_path("economics..volume") is None
    True
    """
    if not isinstance(path, str) or not _PATH.fullmatch(path):
        return None
    return tuple(name if name else int(index) for name, index in _STEP.findall(path))


# --------------------------------------------------------------------------- the schema


@cache
def _defs() -> dict[str, Any]:
    # Imported here: the schema is built (from the models) only when a scenario is applied.
    from negotiation_lib.schema import case_json_schema

    defs: dict[str, Any] = case_json_schema()["$defs"]
    return defs


def _alternatives(node: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """A schema node's possible shapes: references followed, unions spread out."""
    if "$ref" in node:
        return _alternatives(_defs()[str(node["$ref"]).removeprefix("#/$defs/")])
    for key in ("anyOf", "oneOf"):
        if key in node:
            return [alt for branch in node[key] for alt in _alternatives(branch)]
    return [node]


def _is_any(node: Mapping[str, Any]) -> bool:
    return not any(k in node for k in ("type", "properties", "items", "const", "enum"))


def _children(nodes: list[Mapping[str, Any]], step: Step) -> list[Mapping[str, Any]]:
    out: list[Mapping[str, Any]] = []
    for node in nodes:
        if _is_any(node):
            out.append({})
        elif isinstance(step, int):
            if "items" in node and isinstance(node["items"], Mapping):
                out += _alternatives(node["items"])
            for item in node.get("prefixItems", ()):
                out += _alternatives(item)
        elif step in node.get("properties", {}):
            out += _alternatives(node["properties"][step])
        elif isinstance(node.get("additionalProperties"), Mapping):
            out += _alternatives(node["additionalProperties"])
    return out


def _field_names(nodes: list[Mapping[str, Any]]) -> list[str]:
    return sorted({name for node in nodes for name in node.get("properties", {})})


def _kinds(nodes: list[Mapping[str, Any]]) -> set[str] | None:
    """The JSON kinds a field takes; None when it takes anything."""
    kinds: set[str] = set()
    for node in nodes:
        if "type" in node:
            types = node["type"]
            kinds.update(types if isinstance(types, list) else [types])
        elif "const" in node or "enum" in node:
            values = node.get("enum", [node.get("const")])
            kinds.update(_kind(v) for v in values)
        elif "properties" in node:
            kinds.add("object")
        else:
            return None
    return kinds


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list | tuple):
        return "array"
    return "object"


def _fits(value: object, kinds: set[str]) -> bool:
    kind = _kind(value)
    if kind == "integer":
        return bool(kinds & {"integer", "number"})
    if kind == "number":
        # A whole float (80.0) for a whole number: the case's validation says what it thinks.
        return "number" in kinds or ("integer" in kinds and float(value).is_integer())  # type: ignore[arg-type]
    return kind in kinds


def _shown(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _where(steps: tuple[Step, ...]) -> str:
    out = ""
    for step in steps:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else step)
    return out


def _schema_problem(path: str, steps: tuple[Step, ...], value: object) -> str | None:
    """Why an override cannot be applied by the case's schema, or None when it can."""
    if steps[0] == SCENARIOS:
        return f"{path} is not a field of a case: a scenario cannot change the scenarios."
    nodes = _alternatives(_defs()["Case"])
    for k, step in enumerate(steps):
        found = _children(nodes, step)
        if found:
            nodes = found
            continue
        parent = _where(steps[:k]) or "a case"
        if isinstance(step, int):
            return f"{path} is not a field of a case: {parent} is not a list."
        if any(n.get("type") == "array" for n in nodes):
            return (
                f"{path} is not a field of a case: {parent} is a list; reach an item by its "
                f"index ({parent}[0])."
            )
        if not any("properties" in n or n.get("type") == "object" for n in nodes):
            return f"{path} is not a field of a case: {parent} is one value, with no fields."
        names = [n for n in _field_names(nodes) if n != SCENARIOS]
        # A name cut short (volume for volume_per_period) first, then a misspelt one.
        close = [n for n in names if n.startswith(step)][:3] or difflib.get_close_matches(
            step, names, n=1
        )
        hint = f" (did you mean {' or '.join(close)}?)" if close else ""
        return f"{path} is not a field of a case: {parent} has no field '{step}'{hint}."
    kinds = _kinds(nodes)
    if kinds is not None and not _fits(value, kinds):
        wanted = " or ".join(dict.fromkeys(_KINDS[k] for k in sorted(kinds) if k in _KINDS))
        given = _KINDS[_kind(value)] + (f" ({_shown(value)})" if value is not None else "")
        return f"{path} takes {wanted}, not {given}."
    return None


# --------------------------------------------------------------------------- applying


def _no_item(node: object, index: int, steps: tuple[Step, ...], path: str) -> str | None:
    """Why ``node[index]`` cannot be changed (no such list item), or None when it can."""
    if isinstance(node, list) and -1 < index < len(node):
        return None
    size = len(node) if isinstance(node, list) else 0
    return (
        f"{_where(steps)} has {size} item(s), numbered from 0: "
        f"there is no item [{index}] to change ({path})."
    )


def _set(doc: dict[str, Any], path: str, steps: tuple[Step, ...], value: object) -> str | None:
    """Set a value by path in ``doc`` (changed in place); why not, or None when done."""
    node: Any = doc
    for k, step in enumerate(steps):
        if isinstance(step, int):
            why = _no_item(node, step, steps[:k], path)
            if why is not None:
                return why
        if k == len(steps) - 1:
            node[step] = copy.deepcopy(value)
            return None
        here = node.get(step) if isinstance(step, str) else node[step]
        if here is None:
            # A section not filled in yet: the scenario fills in this field of it.
            node[step] = [] if isinstance(steps[k + 1], int) else {}
        node = node[step]
    return None


def _related(problem: str, paths: list[str]) -> list[str]:
    """The override paths a validation problem at ``problem`` comes from."""

    def near(a: str, b: str) -> bool:
        return a == b or a.startswith((f"{b}.", f"{b}[")) or b.startswith((f"{a}.", f"{a}["))

    return [p for p in paths if problem and near(problem, p)]


def _label(scenario_name: str) -> str:
    return f"scenario '{scenario_name}'"


def _copy(document: dict[str, Any]) -> dict[str, Any]:
    """A deep copy of a document; through JSON, several times faster than ``copy.deepcopy``."""
    try:
        copied: dict[str, Any] = json.loads(json.dumps(document))
    except (TypeError, ValueError):  # not plain JSON (a date, a tuple key): copy it as it is
        return copy.deepcopy(document)
    return copied


def _applied(
    document: Mapping[str, Any], overrides: Mapping[str, object], label: str
) -> tuple[dict[str, Any], Case]:
    """The base document with the overrides applied, and its case; CaseError when refused."""
    doc = _copy(without_scenarios(plain_document(document)))
    problems: list[Problem] = []
    for path, value in overrides.items():
        steps = parse_key_path(path)
        if steps is None:
            problems.append(
                Problem(
                    str(path),
                    f"In {label}, '{path}' is not a key path: write field names joined by dots, "
                    "with [0], [1], ... for list items (e.g. value.drivers[0].confidence).",
                )
            )
            continue
        why = _schema_problem(path, steps, value) or _set(doc, path, steps, value)
        if why is not None:
            problems.append(Problem(path, f"In {label}, {why}"))
    paths = [str(p) for p in overrides]
    for k, path in enumerate(paths):
        inside = [p for p in paths[:k] if p in _related(path, paths[:k])]
        if inside:
            problems.append(
                Problem(
                    path,
                    f"In {label}, {path} and {inside[0]} overlap (one holds the other): "
                    "change either the whole or its part.",
                )
            )
    if problems:
        raise CaseError(problems)
    try:
        return doc, Case.model_validate(doc)
    except ValidationError:
        pass
    for p in validate_case(doc):
        related = _related(p.path, paths)
        if related == [p.path]:
            message = f"In {label}, {p.path}: {p.message}"
        else:
            culprit = ", ".join(related or paths) or "no override"
            where = f" at {p.path}" if p.path else ""
            message = f"In {label}, {culprit} makes the case invalid{where}: {p.message}"
        problems.append(Problem(related[0] if related else p.path, message))
    raise CaseError(problems or [Problem("", f"In {label}, the case is not valid.")])


def apply_overrides(
    document: Mapping[str, Any], overrides: Mapping[str, object], scenario_name: str
) -> dict[str, Any]:
    """A copy of a case document with each override applied by key path; the base is untouched.

    Parameters
    ----------
    document
        A valid case document (a role-play case gives its truth, the parts merged). Its own
        ``scenarios`` are left out of the result.
    overrides
        New values by key path: ``{"relationship.retention_one_sided": 0.4}``.
    scenario_name
        The scenario's name, quoted by every sentence of a refusal.

    Returns
    -------
    dict
        A new document, a valid case; ``document`` is never changed.

    Raises
    ------
    CaseError
        One problem per bad override, at its key path, in a sentence that names the scenario
        and the path: not a field of a case, a value of the wrong kind, a list item that does
        not exist, or a value that makes the case invalid.

    Examples
    --------
    >>> base = {"title": "T", "seller": "S", "customer": "C",
    ...         "economics": {"volume_per_period": 40, "list_price_per_unit": 100}}
    >>> apply_overrides(base, {"economics.volume_per_period": 80}, "Double")["economics"]
    {'volume_per_period': 80, 'list_price_per_unit': 100}
    >>> base["economics"]["volume_per_period"]
    40
    >>> try:
    ...     apply_overrides(base, {"economics.volume": 80}, "Double")
    ... except CaseError as err:
    ...     print(err.message)
    In scenario 'Double', economics.volume is not a field of a case: economics has no field
    'volume' (did you mean volume_per_period?).
    """
    doc, _ = _applied(document, overrides, _label(scenario_name))
    return doc


def scenario_names(document: Mapping[str, Any]) -> list[str]:
    """The names of a document's scenarios, in its order (none for a role-play case)."""
    if is_role_play(document):
        return []
    return [s.name for s in read_scenarios(document.get(SCENARIOS))]


def _scenarios(document: Mapping[str, Any]) -> list[Scenario]:
    return [] if is_role_play(document) else read_scenarios(document.get(SCENARIOS))


def scenario_documents(
    document: Mapping[str, Any], extra: Mapping[str, object] | None = None
) -> dict[str, tuple[dict[str, Any], Case]]:
    """The base and each scenario of a case document: its document and its case, by name.

    Parameters
    ----------
    document
        A valid case document, with or without ``scenarios``.
    extra
        Overrides applied on top of the base and of every scenario (the command line's
        ``--set``): they win over the scenario's own.

    Returns
    -------
    dict
        ``"base"`` first, then each scenario by name.

    Raises
    ------
    CaseError
        The problems of the first scenario that cannot be applied.
    """
    extra = dict(extra or {})
    document = plain_document(document)  # a role-play case's truth, merged once
    out = {BASE: _applied(document, extra, "the overrides given for every row (--set)")}
    for scenario in _scenarios(document):
        out[scenario.name] = _applied(
            document, {**scenario.overrides, **extra}, _label(scenario.name)
        )
    return out


def scenario_cases(document: Mapping[str, Any]) -> dict[str, Case]:
    """The base case and each scenario's case, by name (``"base"`` first).

    Examples
    --------
    >>> doc = {"title": "T", "seller": "S", "customer": "C",
    ...        "economics": {"volume_per_period": 40, "list_price_per_unit": 100},
    ...        "scenarios": [{"name": "Double", "overrides": {"economics.volume_per_period": 80}}]}
    >>> {name: case.economics.volume_per_period for name, case in scenario_cases(doc).items()}
    {'base': 40.0, 'Double': 80.0}
    """
    return {name: case for name, (_, case) in scenario_documents(document).items()}


def parse_assignment(text: str) -> tuple[str, Any]:
    """Read a command line's ``PATH=VALUE``: the value as JSON when it is JSON, else as text.

    Raises
    ------
    CaseError
        When there is no ``=`` or no path before it.

    Examples
    --------
    >>> parse_assignment("relationship.retention_one_sided=0.8")
    ('relationship.retention_one_sided', 0.8)
    >>> parse_assignment("title=Renewal 2027")
    ('title', 'Renewal 2027')
    >>> parse_assignment('title="42"')
    ('title', '42')
    """
    path, sep, raw = text.partition("=")
    path = path.strip()
    if not sep or not path:
        raise CaseError.at(
            "",
            f"'{text}' is not PATH=VALUE: write a key path, '=' and the new value, "
            "e.g. relationship.retention_one_sided=0.8.",
        )
    try:
        value: Any = json.loads(raw)
    except json.JSONDecodeError:
        value = raw  # plain text: a title or a name needs no quotes
    return path, value
