"""The published JSON Schema accepts every sample case, ordinary and role-play, and no other shape.

Checked with ``jsonschema`` (draft 2020-12), independently of the workbook's own validation.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import jsonschema  # type: ignore[import-untyped]  # no stubs installed; tests only
import pytest

from negotiation_lib.datasets import role_play_case_names, sample_case_names, sample_case_path
from negotiation_lib.schema import SCHEMA_PATH

SCHEMA: dict[str, Any] = json.loads(SCHEMA_PATH.read_text("utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def sample(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(sample_case_path(name).read_text("utf-8"))
    return loaded


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert [b["$ref"] for b in SCHEMA["oneOf"]] == ["#/$defs/Case", "#/$defs/RolePlayCase"]


@pytest.mark.parametrize("name", sample_case_names())
def test_every_sample_case_file_is_valid_against_the_published_schema(name: str) -> None:
    errors = [e.message for e in VALIDATOR.iter_errors(sample(name))]
    assert errors == []


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.update(title="Beside roles"),
        lambda d: d["roles"].pop("customer"),
        lambda d: d["roles"]["seller"].pop("brief"),
        lambda d: d["roles"]["seller"].update(brief=""),
        lambda d: d["roles"]["customer"].update(notes="x"),
        lambda d: d["roles"]["public"].update(schema_version=1),
        lambda d: d["roles"]["public"]["economics"].update(volume=4),
        lambda d: d["roles"]["seller"]["private"]["economics"].update(variable_cost_per_unit="7"),
        lambda d: d["roles"]["seller"]["private"]["win_win"].update(seals={}),
    ],
)
def test_a_role_play_case_of_the_wrong_shape_is_refused(change: Any) -> None:
    doc = copy.deepcopy(sample(role_play_case_names()[0]))
    change(doc)
    assert not VALIDATOR.is_valid(doc)


def test_a_part_may_hold_any_subset_of_a_sections_fields() -> None:
    doc = sample("valtora_brightmoor")
    # The public economics has no costs, the seller's private one no volume: both are parts.
    assert "variable_cost_per_unit" not in doc["roles"]["public"]["economics"]
    assert "volume_per_period" not in doc["roles"]["seller"]["private"]["economics"]
    doc["roles"]["customer"]["private"]["relationship"] = {"customer_batr_npv": 1}
    assert VALIDATOR.is_valid(doc)


def test_an_ordinary_case_still_needs_its_title_and_parties() -> None:
    doc = sample("pumpco_acme_foods")
    del doc["title"]
    assert not VALIDATOR.is_valid(doc)
