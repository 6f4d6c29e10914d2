"""Scenarios: overrides by key path, applied to a copy; every bad one named by scenario and path.

Known values come from editing the document by hand (an independent path), never from the
function under test.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import jsonschema  # type: ignore[import-untyped]  # no stubs installed; tests only
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation_lib.datasets import sample_case_document, sample_case_names, sample_case_path
from negotiation_lib.domain.errors import CaseError
from negotiation_lib.domain.validation import parse_case, validate_case
from negotiation_lib.scenarios import (
    apply_overrides,
    parse_assignment,
    parse_key_path,
    scenario_cases,
    scenario_names,
)
from negotiation_lib.schema import SCHEMA_PATH

SCHEMA: dict[str, Any] = json.loads(SCHEMA_PATH.read_text("utf-8"))


def pumpco() -> dict[str, Any]:
    return copy.deepcopy(sample_case_document("pumpco_acme_foods"))


def with_scenarios() -> dict[str, Any]:
    doc = pumpco()
    doc["scenarios"] = [
        {"name": "Low retention", "overrides": {"relationship.retention_one_sided": 0.4}},
        {
            "name": "Double volume, unsure drivers",
            "overrides": {"economics.volume_per_period": 80, "value.drivers[0].confidence": 0.3},
        },
    ]
    return doc


# --------------------------------------------------------------------------- applying


def test_an_override_sets_the_field_at_its_path_and_nothing_else() -> None:
    base = pumpco()
    out = apply_overrides(base, {"relationship.retention_one_sided": 0.4}, "Low")
    expected = pumpco()
    expected["relationship"]["retention_one_sided"] = 0.4
    assert out == expected


def test_list_items_and_named_keys_are_reached_by_path() -> None:
    base = pumpco()
    overrides = {
        "value.drivers[1].value_per_unit": 1234.0,
        "trust.style_answers.cpt_open_high": 1,
        "economics.discounts[0].amount": 2.5,
    }
    out = apply_overrides(base, overrides, "Several")
    expected = pumpco()
    expected["value"]["drivers"][1]["value_per_unit"] = 1234.0
    expected["trust"]["style_answers"]["cpt_open_high"] = 1
    expected["economics"]["discounts"][0]["amount"] = 2.5
    assert out == expected


def test_a_field_the_base_leaves_out_is_filled_in() -> None:
    base = pumpco()
    base["relationship"].pop("growth_rate", None)
    out = apply_overrides(base, {"relationship.growth_rate": 0.02}, "Growth")
    assert out["relationship"]["growth_rate"] == 0.02
    assert "growth_rate" not in base["relationship"]


def test_the_base_is_never_changed_even_by_a_refused_scenario() -> None:
    base = with_scenarios()
    before = copy.deepcopy(base)
    out = apply_overrides(base, {"value.drivers[0].confidence": 0.1}, "Unsure")
    out["value"]["drivers"][0]["evidence"] = "edited later"  # the copy shares nothing
    with pytest.raises(CaseError):
        apply_overrides(base, {"economics.volume_per_period": -5}, "Negative")
    with pytest.raises(CaseError):
        apply_overrides(base, {"economics.nope": 1}, "Typo")
    assert base == before


def test_the_result_has_no_scenarios_and_is_a_valid_case() -> None:
    out = apply_overrides(with_scenarios(), {"economics.volume_per_period": 80}, "Double")
    assert "scenarios" not in out
    assert validate_case(out) == []


def test_a_role_play_case_is_overridden_in_its_truth() -> None:
    name = "valtora_brightmoor"
    truth = sample_case_document(name)  # the plain document: the truth of the role-play case
    path = "relationship.discount_rate"
    role_play = json.loads(sample_case_path(name).read_text("utf-8"))
    assert "roles" in role_play
    out = apply_overrides(role_play, {path: 0.11}, "Rate")
    expected = copy.deepcopy(truth)
    expected["relationship"]["discount_rate"] = 0.11
    assert out == expected


# --------------------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("path", "value", "words"),
    [
        ("relationship.retention", 0.5, ["is not a field of a case", "retention_fair"]),
        ("economics.volume", 80, ["did you mean volume_per_period"]),
        ("economics.volume_per_period.size", 1, ["is one value, with no fields"]),
        ("value.drivers[7].confidence", 0.5, ["numbered from 0", "no item [7]"]),
        ("value.drivers.confidence", 0.5, ["value.drivers is a list", "value.drivers[0]"]),
        ("title[0]", "x", ["title is not a list"]),
        ("scenarios", [], ["cannot change the scenarios"]),
        ("economics..volume", 1, ["is not a key path"]),
        ("relationship.retention_one_sided", "0.8", ["takes a number, not text ('0.8')"]),
        ("relationship.repetitions", 10.5, ["takes a whole number"]),
        ("trust.ready", True, ["is not a field of a case"]),
        ("title", None, ["takes text, not nothing (null)"]),
    ],
)
def test_a_bad_override_names_the_scenario_and_the_path(
    path: str, value: object, words: list[str]
) -> None:
    base = pumpco()
    with pytest.raises(CaseError) as caught:
        apply_overrides(base, {path: value}, "What if")
    err = caught.value
    assert len(err.problems) == 1
    assert err.path == path
    assert err.message.startswith("In scenario 'What if', ")
    assert f"{path}" in err.message
    for word in words:
        assert word in err.message
    assert base == pumpco()


@pytest.mark.parametrize(
    ("path", "value", "words"),
    [
        ("relationship.retention_one_sided", 1.5, ["Must be at most 1 (it is 1.5)"]),
        ("economics.volume_per_period", -4, ["Must be above 0 (it is -4)"]),
        ("economics.discounts[0].kind", "bogus", ["Must be one of"]),
        ("trust.style_answers.cpt_open_high", 9, ["Must be at most 5"]),
    ],
)
def test_an_override_that_makes_the_case_invalid_is_refused_in_the_cases_words(
    path: str, value: object, words: list[str]
) -> None:
    with pytest.raises(CaseError) as caught:
        apply_overrides(pumpco(), {path: value}, "Too far")
    err = caught.value
    assert err.path == path
    assert err.message.startswith(f"In scenario 'Too far', {path}: ")
    for word in words:
        assert word in err.message


def test_a_rule_across_fields_names_the_override_that_broke_it() -> None:
    # The year-end discount alone (12,000 a year over 40 pumps) is 300 per unit: more than a
    # list price of 10.
    assert pumpco()["economics"]["discounts"][1]["amount"] == 12_000
    with pytest.raises(CaseError) as caught:
        apply_overrides(pumpco(), {"economics.list_price_per_unit": 10}, "Cheap")
    err = caught.value
    assert "In scenario 'Cheap', economics.list_price_per_unit makes the case invalid" in (
        err.message
    )
    assert "at economics.discounts" in err.message


def test_overrides_that_overlap_are_refused() -> None:
    overrides = {"relationship.retention_one_sided": 0.4, "relationship": None}
    with pytest.raises(CaseError) as caught:
        apply_overrides(pumpco(), overrides, "Both")
    assert caught.value.path == "relationship"
    assert caught.value.message == (
        "In scenario 'Both', relationship and relationship.retention_one_sided overlap (one "
        "holds the other): change either the whole or its part."
    )


def test_every_bad_override_of_a_scenario_is_listed() -> None:
    with pytest.raises(CaseError) as caught:
        apply_overrides(pumpco(), {"economics.nope": 1, "relationship.nope": 2}, "Two typos")
    assert [p.path for p in caught.value.problems] == ["economics.nope", "relationship.nope"]


# --------------------------------------------------------------------------- in the document


def test_a_case_with_scenarios_is_a_valid_case_and_matches_the_published_schema() -> None:
    doc = with_scenarios()
    assert validate_case(doc) == []
    assert parse_case(doc) == parse_case(pumpco())  # the case itself is the base
    assert jsonschema.Draft202012Validator(SCHEMA).is_valid(doc)


@pytest.mark.parametrize(
    ("scenarios", "path", "words", "schema_refuses"),
    [
        ({"name": "x"}, "scenarios", "Must be a list", True),
        ([{"overrides": {}}], "scenarios[0].name", "This field is required.", True),
        ([{"name": "A", "overrides": 3}], "scenarios[0].overrides", "Must be an object", True),
        ([{"name": "A", "note": 3}], "scenarios[0].note", "name and overrides only", True),
        # Rules a JSON Schema cannot say: distinct names, and none called like the base.
        ([{"name": "A"}, {"name": "a"}], "scenarios[1].name", "Two scenarios are called", False),
        ([{"name": "Base"}], "scenarios[0].name", "names the case itself", False),
    ],
)
def test_scenarios_of_the_wrong_shape_are_problems_of_the_case(
    scenarios: object, path: str, words: str, schema_refuses: bool
) -> None:
    doc = pumpco()
    doc["scenarios"] = scenarios
    problems = validate_case(doc)
    assert [p.path for p in problems] == [path]
    assert words in problems[0].message
    assert jsonschema.Draft202012Validator(SCHEMA).is_valid(doc) is not schema_refuses
    with pytest.raises(CaseError):
        parse_case(doc)


def test_scenario_cases_gives_the_base_and_each_scenario() -> None:
    doc = with_scenarios()
    cases = scenario_cases(doc)
    assert list(cases) == ["base", "Low retention", "Double volume, unsure drivers"]
    assert scenario_names(doc) == ["Low retention", "Double volume, unsure drivers"]
    by_hand = pumpco()
    by_hand["economics"]["volume_per_period"] = 80
    by_hand["value"]["drivers"][0]["confidence"] = 0.3
    assert cases["Double volume, unsure drivers"] == parse_case(by_hand)
    assert cases["Low retention"].relationship is not None
    assert cases["Low retention"].relationship.retention_one_sided == 0.4
    assert cases["base"] == parse_case(pumpco())


def test_a_broken_scenario_in_the_document_is_named_when_applied() -> None:
    doc = pumpco()
    doc["scenarios"] = [{"name": "Typo", "overrides": {"economics.volum_per_period": 8}}]
    assert validate_case(doc) == []  # its shape is fine; applying it says what is wrong
    with pytest.raises(CaseError) as caught:
        scenario_cases(doc)
    assert caught.value.message.startswith("In scenario 'Typo', economics.volum_per_period")


@pytest.mark.parametrize("name", sample_case_names())
def test_no_override_gives_back_each_sample_case(name: str) -> None:
    doc = sample_case_document(name)
    assert parse_case(apply_overrides(doc, {}, "Same")) == parse_case(doc)


# --------------------------------------------------------------------------- reading


def test_key_paths_and_assignments_are_read_as_typed() -> None:
    assert parse_key_path("win_win.seller.weights.price") == (
        "win_win",
        "seller",
        "weights",
        "price",
    )
    assert parse_key_path("value.drivers[0]") == ("value", "drivers", 0)
    for bad in ("", ".a", "a.", "a[x]", "a[0", "a..b"):
        assert parse_key_path(bad) is None
    assert parse_assignment("economics.volume_per_period=80") == ("economics.volume_per_period", 80)
    assert parse_assignment("trust.ready=true") == ("trust.ready", True)
    assert parse_assignment("title=A=B") == ("title", "A=B")
    with pytest.raises(CaseError, match="is not PATH=VALUE"):
        parse_assignment("economics.volume_per_period")


# --------------------------------------------------------------------------- any mix


_POOL: list[tuple[str, object]] = [
    ("relationship.retention_one_sided", 0.4),
    ("relationship.retention_one_sided", 1.4),
    ("economics.volume_per_period", 80),
    ("economics.volume_per_period", "80"),
    ("value.drivers[0].confidence", 0.2),
    ("value.drivers[9].confidence", 0.2),
    ("economics.nope", 1),
    ("trust.style_answers.cpt_open_high", 2),
    ("economics.list_price_per_unit", 10),
    ("relationship", None),
]


@given(st.lists(st.sampled_from(_POOL), max_size=5), st.text(min_size=1, max_size=20))
@settings(max_examples=150, deadline=None)
def test_any_mix_of_overrides_leaves_the_base_alone_and_names_the_scenario(
    chosen: list[tuple[str, object]], name: str
) -> None:
    base = pumpco()
    overrides = dict(chosen)
    try:
        out = apply_overrides(base, overrides, name)
    except CaseError as err:
        for problem in err.problems:
            assert problem.message.startswith(f"In scenario '{name}', ")
            assert any(path in problem.message for path in overrides)
    else:
        assert validate_case(out) == []
        for path, value in overrides.items():
            steps = parse_key_path(path)
            assert steps is not None
            node: Any = out
            for step in steps:
                node = node[step]
            assert node == value
    assert base == pumpco()
