"""Every problem of a role-play case is named at its path inside ``roles``, in a sentence."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from negotiation_lib.domain.errors import CaseError, Problem
from negotiation_lib.domain.roles import role_play_problems, shared_fact_problems
from negotiation_lib.domain.validation import (
    parse_case,
    read_case,
    read_case_document,
    validate_case,
)

SMALL: dict[str, Any] = {
    "schema_version": 1,
    "roles": {
        "public": {
            "title": "Small role-play",
            "currency": "EUR",
            "unit": "crate",
            "seller": "Seller Co",
            "customer": "Buyer Co",
            "value": {
                "reference": {"name": "Rival crates", "price_per_unit": 90},
                "drivers": [{"name": "Sturdier", "value_per_unit": 10, "confidence": 0.5}],
            },
            "economics": {"volume_per_period": 10, "list_price_per_unit": 100},
            "win_win": {
                "issues": [{"name": "price", "kind": "numeric", "min": 80, "max": 100, "step": 5}],
                "packages": [{"name": "List", "values": {"price": 100}}],
            },
        },
        "seller": {
            "brief": "Sell the crates.",
            "private": {
                "economics": {"variable_cost_per_unit": 60, "fixed_cost_per_period": 40},
                "strategy": {"strengths": ["Crates that last."]},
                "win_win": {
                    "seller": {"weights": {"price": 1}, "scores": {"price": [[80, 0], [100, 100]]}}
                },
            },
        },
        "customer": {
            "brief": "Buy the crates.",
            "private": {
                "value": {
                    "drivers": [{"name": "Penalties", "value_per_unit": 7, "confidence": 0.9}]
                },
                "economics": {"customer_cost_per_period": 50},
                "win_win": {
                    "customer": {
                        "weights": {"price": 1},
                        "scores": {"price": [[80, 100], [100, 0]]},
                    }
                },
            },
        },
    },
}


def small() -> dict[str, Any]:
    return copy.deepcopy(SMALL)


def problems(doc: dict[str, Any]) -> dict[str, str]:
    return {p.path: p.message for p in validate_case(doc)}


def test_the_small_case_is_valid_and_reads_as_its_truth() -> None:
    assert validate_case(small()) == []
    case = parse_case(small())
    # The truth, written out by hand: both parts' economics, the public driver then the private.
    assert case.economics is not None
    assert case.economics.variable_cost_per_unit == 60
    assert case.economics.fixed_cost_per_period == 40
    assert case.economics.customer_cost_per_period == 50
    assert case.value is not None
    assert [(d.name, d.value_per_unit) for d in case.value.drivers] == [
        ("Sturdier", 10),
        ("Penalties", 7),
    ]
    assert case.win_win is not None
    assert case.win_win.seller is not None
    assert case.win_win.customer is not None
    assert (case.seller, case.customer, case.unit) == ("Seller Co", "Buyer Co", "crate")


# --------------------------------------------------------------------------- one place per fact


def test_a_private_fact_that_is_also_public_is_named_at_its_path() -> None:
    doc = small()
    doc["roles"]["public"]["economics"]["variable_cost_per_unit"] = 60
    found = validate_case(doc)
    assert [str(p) for p in found] == [
        "roles.seller.private.economics.variable_cost_per_unit: This fact is also in "
        "roles.public; a fact is either public or private to one side, never both."
    ]


def test_a_private_item_inside_a_public_list_names_where_the_list_is() -> None:
    doc = small()
    doc["roles"]["public"]["value"]["drivers"] = []  # a public (empty) list of drivers
    found = problems(doc)
    assert found == {
        'roles.customer.private.value.drivers["Penalties"]': "This fact is also in roles.public "
        "(at value.drivers); a fact is either public or private to one side, never both."
    }


def test_a_named_item_in_both_parts_is_the_same_fact() -> None:
    doc = small()
    doc["roles"]["customer"]["private"]["value"]["drivers"][0]["name"] = "Sturdier"
    assert 'roles.customer.private.value.drivers["Sturdier"]' in problems(doc)


def test_the_two_sides_private_parts_share_no_fact() -> None:
    doc = small()
    doc["roles"]["customer"]["private"]["economics"]["fixed_cost_per_period"] = 40
    found = problems(doc)
    assert found == {
        "roles.customer.private.economics.fixed_cost_per_period": "This fact is also in "
        "roles.seller.private; the two sides' private facts are their own, so none is in both."
    }


@pytest.mark.parametrize("field", ["title", "currency", "unit", "period", "seller"])
def test_the_parties_and_terms_of_the_case_are_public(field: str) -> None:
    doc = small()
    doc["roles"]["customer"]["private"][field] = "EUR" if field == "currency" else "X"
    doc["roles"]["public"].pop(field, None)
    found = problems(doc)
    assert "put this in roles.public" in found[f"roles.customer.private.{field}"]


def test_each_side_holds_its_own_definition_of_winning_and_only_its_own() -> None:
    doc = small()
    theirs = doc["roles"]["customer"]["private"]["win_win"].pop("customer")
    doc["roles"]["seller"]["private"]["win_win"]["customer"] = theirs
    found = problems(doc)
    assert "cannot hold the customer's definition" in found["roles.seller.private.win_win.customer"]
    assert "its own definition of winning" in found["roles.customer.private.win_win.customer"]


def test_a_definition_of_winning_is_never_public() -> None:
    doc = small()
    doc["roles"]["public"]["win_win"]["seller"] = {"statement": "We win on price."}
    found = problems(doc)
    assert "move it to roles.seller.private.win_win.seller" in found["roles.public.win_win.seller"]


def test_a_role_play_case_is_handed_out_unsealed() -> None:
    doc = small()
    doc["roles"]["seller"]["private"]["win_win"]["seals"] = {"seller": []}
    assert "unsealed" in problems(doc)["roles.seller.private.win_win.seals"]


def test_a_side_scores_the_price_with_points_never_off_the_open_book() -> None:
    doc = small()
    doc["roles"]["public"]["win_win"]["issues"][0]["economics"] = "pocket_price_per_unit"
    doc["roles"]["customer"]["private"]["win_win"]["customer"]["scores"]["price"] = "open_book"
    found = problems(doc)
    assert list(found) == ["roles.customer.private.win_win.customer.scores.price"]
    assert "private costs" in found["roles.customer.private.win_win.customer.scores.price"]


# --------------------------------------------------------------------------- shape


@pytest.mark.parametrize(
    ("change", "path", "fragment"),
    [
        (lambda d: d.update(title="T"), "title", "inside roles"),
        (lambda d: d.update(roles=[]), "roles", "a public part"),
        (lambda d: d["roles"].pop("public"), "roles.public", "required"),
        (lambda d: d["roles"].update(referee={}), "roles.referee", "public, seller and customer"),
        (lambda d: d["roles"].update(public="x"), "roles.public", "an object"),
        (lambda d: d["roles"].update(seller="x"), "roles.seller", "brief and private facts"),
        (lambda d: d["roles"]["seller"].pop("brief"), "roles.seller.brief", "required"),
        (lambda d: d["roles"]["seller"].update(brief=3), "roles.seller.brief", "text"),
        (lambda d: d["roles"]["seller"].update(brief="  "), "roles.seller.brief", "Write"),
        (lambda d: d["roles"]["seller"].update(brief="x" * 20_001), "roles.seller.brief", "20,000"),
        (lambda d: d["roles"]["customer"].pop("private"), "roles.customer.private", "required"),
        (lambda d: d["roles"]["customer"].update(private=[]), "roles.customer.private", "object"),
        (lambda d: d["roles"]["customer"].update(notes="x"), "roles.customer.notes", "brief and"),
        (
            lambda d: d["roles"]["public"].update(schema_version=1),
            "roles.public.schema_version",
            "top of the file",
        ),
    ],
)
def test_a_wrong_shape_is_named_where_it_is(change: Any, path: str, fragment: str) -> None:
    doc = small()
    change(doc)
    found = problems(doc)
    assert path in found, found
    assert fragment in found[path]
    assert found[path].endswith(".")


def test_a_role_play_case_of_another_format_version_is_refused_first() -> None:
    doc = small()
    doc["schema_version"] = 2
    assert problems(doc) == {
        "schema_version": "This case is in format version 2; this workbook reads version 1."
    }


# --------------------------------------------------------------------------- the merged case


def test_a_bad_value_in_the_truth_is_named_in_the_part_that_holds_it() -> None:
    doc = small()
    doc["roles"]["customer"]["private"]["value"]["drivers"][0]["confidence"] = 1.7
    doc["roles"]["seller"]["private"]["strategy"]["strengths"].append("x" * 5001)
    doc["roles"]["public"]["economics"]["volume_per_period"] = -3
    found = problems(doc)
    assert found == {
        'roles.customer.private.value.drivers["Penalties"].confidence': (
            "Must be at most 1 (it is 1.7)."
        ),
        "roles.seller.private.strategy.strengths[1]": "Too long: at most 5000 characters.",
        "roles.public.economics.volume_per_period": "Must be above 0 (it is -3).",
    }


def test_a_fact_a_side_needs_but_cannot_see_is_named_in_the_part_that_hides_it() -> None:
    doc = small()
    volume = doc["roles"]["public"]["economics"].pop("volume_per_period")
    doc["roles"]["customer"]["private"]["economics"]["volume_per_period"] = volume
    found = problems(doc)
    assert found == {
        "roles.customer.private.economics.volume_per_period": "In the seller's view (the public "
        "part and its own private part): This field is required."
    }


def test_read_case_reads_the_truth_and_read_case_document_the_file(tmp_path: Path) -> None:
    path = tmp_path / "roleplay.json"
    path.write_text(json.dumps(SMALL), encoding="utf-8")
    assert read_case(path) == parse_case(small())
    assert read_case_document(path) == SMALL
    bad = small()
    bad["roles"]["public"]["economics"]["variable_cost_per_unit"] = 1
    path.write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(CaseError) as caught:
        read_case(path)
    assert caught.value.path == "roles.seller.private.economics.variable_cost_per_unit"
    with pytest.raises(CaseError):
        read_case_document(path)


def test_role_play_problems_is_what_validation_reports() -> None:
    doc = small()
    doc["roles"]["customer"]["private"]["economics"]["fixed_cost_per_period"] = 1
    assert role_play_problems(doc) == validate_case(doc)


# --------------------------------------------------------------------------- stating a value


def test_a_side_may_state_any_value_that_keeps_the_other_sides_case_valid() -> None:
    doc = small()
    path = "economics.variable_cost_per_unit"
    assert shared_fact_problems(doc, "seller", path, 75) == []  # not the true 60: allowed
    assert shared_fact_problems(doc, "seller", path, -1) == [
        Problem(path, "Must be at least 0 (it is -1).")
    ]
    driver = 'value.drivers["Penalties"]'
    stated = {"name": "Penalties", "value_per_unit": 7, "confidence": 1.5}
    assert [p.path for p in shared_fact_problems(doc, "customer", driver, stated)] == [
        "value.drivers[1].confidence"
    ]


def test_only_a_sides_own_private_facts_can_be_shared() -> None:
    doc = small()
    for side, path in (
        ("seller", "economics.customer_cost_per_period"),  # the customer's
        ("seller", "economics.volume_per_period"),  # public
        ("customer", "economics.nothing"),
    ):
        (problem,) = shared_fact_problems(doc, side, path, 1)
        assert problem.path == path
        assert f"not one of the {side}'s private facts" in problem.message
    assert "not 'referee'" in shared_fact_problems(doc, "referee", "title", 1)[0].message


def test_values_shared_before_are_checked_with_the_new_one() -> None:
    doc = small()
    doc["roles"]["seller"]["private"]["relationship"] = {
        "retention_fair": 0.9,
        "retention_one_sided": 0.5,
    }
    earlier = {"relationship.retention_fair": 0.7}
    found = shared_fact_problems(
        doc, "seller", "relationship.retention_one_sided", 0.8, shared_before=earlier
    )
    assert [p.path for p in found] == ["relationship"]
    assert "cannot be more likely to last" in found[0].message
    assert shared_fact_problems(doc, "seller", "relationship.retention_one_sided", 0.8) == []
