"""Named scenarios a case document may carry: each a name and overrides by key path.

An analyst asks "what if retention is lower, the volume doubles?" and keeps each answer. A case
document holds its scenarios in a top-level ``scenarios`` list, beside the sections::

    "scenarios": [
        {"name": "Low retention", "overrides": {"relationship.retention_one_sided": 0.4}},
        {"name": "Double volume", "overrides": {"economics.volume_per_period": 80}}
    ]

A key path is dotted (``economics.volume_per_period``); a list item is reached by its index
(``value.drivers[0].confidence``). The scenarios are not part of the case's facts: the
:class:`~negotiation_lib.domain.case.Case` is the base, without them, and a scenario's case is
the base with its overrides applied (:mod:`negotiation_lib.scenarios`). This module checks only
their shape (names present and distinct, overrides an object); whether each override names a
field of a case and keeps it valid is checked when the scenario is applied, so that its sentence
can name the scenario.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Final

from pydantic import BaseModel, ConfigDict, Field, JsonValue, Strict, TypeAdapter, ValidationError

from negotiation_lib.domain.errors import Problem

__all__ = [
    "BASE",
    "SCENARIOS",
    "Scenario",
    "read_scenarios",
    "scenario_shape_problems",
    "without_scenarios",
]

SCENARIOS: Final = "scenarios"
"""The top-level key of a case document that holds its named scenarios."""

BASE: Final = "base"
"""The name of the case itself beside its scenarios (a batch's base row); no scenario takes it."""

OverridePath = Annotated[str, Strict(), Field(min_length=1, max_length=500)]


class Scenario(BaseModel):
    """One named what-if: overrides by key path into the case document."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    name: Annotated[str, Strict(), Field(min_length=1, max_length=200)] = Field(
        description="What the scenario asks, as the analyst names it (e.g. 'Low retention')."
    )
    overrides: dict[OverridePath, JsonValue] = Field(
        default_factory=dict,
        description="New values by key path into the case, e.g. "
        '{"relationship.retention_one_sided": 0.8, "value.drivers[0].confidence": 0.5}.',
    )


_SCENARIOS: TypeAdapter[list[Scenario]] = TypeAdapter(list[Scenario])


def without_scenarios(data: Mapping[str, Any]) -> dict[str, Any]:
    """The case document without its scenarios: the base case's own fields.

    Examples
    --------
    >>> without_scenarios({"title": "T", "scenarios": []})
    {'title': 'T'}
    """
    return {k: v for k, v in data.items() if k != SCENARIOS}


def scenario_shape_problems(raw: object) -> list[Problem]:
    """List what is wrong with the shape of a document's ``scenarios``; empty when fine.

    Examples
    --------
    >>> scenario_shape_problems([{"name": "Low", "overrides": {"economics.volume_per_period": 8}}])
    []
    >>> for p in scenario_shape_problems([{"name": "A"}, {"name": "a", "overrides": 3}]):
    ...     print(p)
    scenarios[1].overrides: Must be an object of new values by key path, such as
    {"economics.volume_per_period": 80}.
    >>> for p in scenario_shape_problems([{"name": "Low"}, {"name": "low"}]):
    ...     print(p)
    scenarios[1].name: Two scenarios are called 'low'; give each a distinct name.
    """
    # Imported here: validation imports this module to check a document's scenarios.
    from negotiation_lib.domain.validation import json_path

    try:
        scenarios = _SCENARIOS.validate_python(raw)
    except ValidationError as exc:
        out: list[Problem] = []
        for err in exc.errors():
            path = json_path((SCENARIOS, *err["loc"]))
            if err["type"] == "list_type" and not err["loc"]:
                message = "Must be a list of scenarios, each with a name and its overrides."
            elif err["loc"][-1:] == ("overrides",) or err["type"] == "dict_type":
                message = (
                    "Must be an object of new values by key path, such as "
                    '{"economics.volume_per_period": 80}.'
                )
            elif err["type"] == "model_type":
                message = "Must be an object: a scenario's name and its overrides."
            elif err["type"] == "missing":
                message = "This field is required."
            elif err["type"] == "extra_forbidden":
                message = "A scenario has a name and overrides only; check the spelling."
            elif err["type"] == "string_too_short":
                message = "Must not be empty."
            elif err["type"] == "string_too_long":
                message = "Too long."
            elif err["type"] == "string_type":
                message = "Enter text here."
            else:
                message = err["msg"]
            problem = Problem(path, message)
            if problem not in out:
                out.append(problem)
        return out
    seen: set[str] = set()
    out = []
    for k, scenario in enumerate(scenarios):
        if scenario.name.casefold() == BASE:
            out.append(
                Problem(
                    f"{SCENARIOS}[{k}].name",
                    f"'{scenario.name}' names the case itself; call the scenario something else.",
                )
            )
        elif scenario.name.casefold() in seen:
            out.append(
                Problem(
                    f"{SCENARIOS}[{k}].name",
                    f"Two scenarios are called '{scenario.name}'; give each a distinct name.",
                )
            )
        seen.add(scenario.name.casefold())
    return out


def read_scenarios(raw: object) -> list[Scenario]:
    """The scenarios of a document whose shape :func:`scenario_shape_problems` accepted."""
    return _SCENARIOS.validate_python(raw if raw is not None else [])
