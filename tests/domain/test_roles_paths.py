"""Partial case documents read as facts by key path, and merged by them (DESIGN §7)."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from negotiation_lib.domain.roles.paths import (
    Item,
    document_facts,
    fact_at,
    fact_path_text,
    merge_documents,
    overlapping,
    parse_fact_path,
    put_fact,
)

PUBLIC: dict[str, Any] = {
    "title": "T",
    "economics": {"volume_per_period": 40, "list_price_per_unit": 100},
    "value": {
        "reference": {"name": "Rival", "price_per_unit": 80},
        "drivers": [{"name": "Energy", "value_per_unit": 5}],
    },
    "strategy": {"strengths": ["Fast service."]},
}
SELLER: dict[str, Any] = {
    "economics": {"variable_cost_per_unit": 60},
    "strategy": {"moves": [{"name": "Bundle", "cooperation_probability": 0.5}]},
    "win_win": {"seller": {"win_threshold": 60}},
}
CUSTOMER: dict[str, Any] = {
    "economics": {"customer_cost_per_period": 900},
    "value": {"drivers": [{"name": "Penalties", "value_per_unit": 12}]},
    "win_win": {"customer": {"win_threshold": 55}},
}


def texts(doc: dict[str, Any]) -> list[str]:
    return [fact_path_text(p) for p, _ in document_facts(doc)]


def test_objects_are_descended_key_by_key_and_named_items_are_one_fact_each() -> None:
    assert texts(PUBLIC) == [
        "title",
        "economics.volume_per_period",
        "economics.list_price_per_unit",
        "value.reference",  # the alternative's name and price belong together
        'value.drivers["Energy"]',
        "strategy.strengths",  # a list of sentences is one fact, whole
    ]
    assert texts(SELLER) == [
        "economics.variable_cost_per_unit",
        'strategy.moves["Bundle"]',
        "win_win.seller",  # a definition of winning is one fact
    ]


def test_a_list_with_a_nameless_or_repeated_item_is_one_fact() -> None:
    twice = {"value": {"drivers": [{"name": "A"}, {"name": "A"}]}}
    nameless = {"value": {"drivers": [{"name": "A"}, {"value_per_unit": 1}]}}
    empty: dict[str, Any] = {"value": {"drivers": []}}
    assert texts(twice) == texts(nameless) == texts(empty) == ["value.drivers"]


def test_merging_puts_each_fact_at_its_path_and_named_items_after_the_public_ones() -> None:
    merged = merge_documents(PUBLIC, SELLER, CUSTOMER)
    # Written out by hand: every section is the union of the parts' keys.
    assert merged["economics"] == {
        "volume_per_period": 40,
        "list_price_per_unit": 100,
        "variable_cost_per_unit": 60,
        "customer_cost_per_period": 900,
    }
    assert merged["value"]["drivers"] == [
        {"name": "Energy", "value_per_unit": 5},
        {"name": "Penalties", "value_per_unit": 12},
    ]
    assert merged["value"]["reference"] == {"name": "Rival", "price_per_unit": 80}
    assert merged["strategy"] == {
        "strengths": ["Fast service."],
        "moves": [{"name": "Bundle", "cooperation_probability": 0.5}],
    }
    assert merged["win_win"] == {"seller": {"win_threshold": 60}, "customer": {"win_threshold": 55}}


def test_merging_copies_and_never_changes_its_parts() -> None:
    before = copy.deepcopy((PUBLIC, SELLER, CUSTOMER))
    merged = merge_documents(PUBLIC, SELLER, CUSTOMER)
    merged["value"]["drivers"][0]["value_per_unit"] = -1
    merged["economics"]["volume_per_period"] = 1
    assert before == (PUBLIC, SELLER, CUSTOMER)


def test_a_later_part_replaces_a_named_item_of_the_same_name_in_place() -> None:
    doc = {"value": {"drivers": [{"name": "A", "value_per_unit": 1}, {"name": "B"}]}}
    put_fact(doc, ("value", "drivers", Item("A")), {"name": "A", "value_per_unit": 9})
    assert doc["value"]["drivers"] == [{"name": "A", "value_per_unit": 9}, {"name": "B"}]


def test_fact_at_finds_keys_and_named_items() -> None:
    assert fact_at(PUBLIC, ("economics", "volume_per_period")) == (True, 40)
    assert fact_at(PUBLIC, ("value", "drivers", Item("Energy")))[1]["value_per_unit"] == 5
    assert fact_at(PUBLIC, ("value", "drivers", Item("Nope"))) == (False, None)
    assert fact_at(PUBLIC, ("title", "deeper")) == (False, None)


@pytest.mark.parametrize(
    ("path", "others", "found"),
    [
        (("economics", "x"), [("economics", "x")], ("economics", "x")),
        (
            ("win_win", "seller"),
            [("win_win", "seller", "statement")],
            ("win_win", "seller", "statement"),
        ),
        (("value", "drivers", Item("A")), [("value", "drivers")], ("value", "drivers")),
        (("value", "drivers", Item("A")), [("value", "drivers", Item("B"))], None),
        (("economics", "x"), [("economics", "y"), ("relationship", "x")], None),
    ],
)
def test_two_facts_overlap_when_one_path_lies_within_the_other(
    path: tuple[Any, ...], others: list[tuple[Any, ...]], found: tuple[Any, ...] | None
) -> None:
    assert overlapping(path, others) == found


@pytest.mark.parametrize(
    "text",
    [
        "economics.variable_cost_per_unit",
        'value.drivers["Energy savings"]',
        'strategy.moves["Bundle. Then \\"sell\\" [more]"]',
        "win_win.customer",
    ],
)
def test_a_path_reads_back_as_it_was_written(text: str) -> None:
    assert fact_path_text(parse_fact_path(text)) == text


@pytest.mark.parametrize(
    "text", ["", ".economics", "economics.", 'value.drivers["A"].value_per_unit', 'x["open', "9x"]
)
def test_a_malformed_path_is_refused_with_a_reason(text: str) -> None:
    with pytest.raises(ValueError, match=r"\S"):
        parse_fact_path(text)


names = st.text(min_size=1, max_size=12)


@given(st.lists(names, unique=True, max_size=6), st.lists(names, unique=True, max_size=6))
def test_merging_two_disjoint_named_lists_keeps_every_item_once(
    left: list[str], right: list[str]
) -> None:
    right = [n for n in right if n not in left]
    a = {"value": {"drivers": [{"name": n} for n in left]}} if left else {}
    b = {"value": {"drivers": [{"name": n} for n in right]}} if right else {}
    merged = merge_documents(a, b)
    got = [d["name"] for d in merged.get("value", {}).get("drivers", [])]
    assert got == left + right


@given(names)
def test_any_item_name_survives_writing_and_reading_its_path(name: str) -> None:
    path = ("value", "drivers", Item(name))
    assert parse_fact_path(fact_path_text(path)) == path
