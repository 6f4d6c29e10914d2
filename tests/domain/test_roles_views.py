"""Each side's view and the truth of the two role-play sample cases, against hand-worked values.

The expected documents and figures are written out here from the JSON files (the merge done
by hand, section by section; the ZOPA with the formulas of DESIGN §3), never by calling the
functions under test.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from negotiation_lib.datasets import CASES_DIR, load_sample_case, teaching_note_path
from negotiation_lib.domain.economics import case_economics
from negotiation_lib.domain.errors import CaseError
from negotiation_lib.domain.roles import (
    Item,
    fact_path_text,
    private_fact_value,
    private_facts,
    public_facts,
    side_brief,
    side_view,
    truth,
)
from negotiation_lib.domain.validation import parse_case

ROLE_PLAY = ("valtora_brightmoor", "corvane_bluewell")


def raw(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((CASES_DIR / f"{name}.json").read_text("utf-8"))
    return loaded


def parts(name: str) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    roles = raw(name)["roles"]
    return roles["public"], roles["seller"]["private"], roles["customer"]["private"]


def by_hand(*docs: dict[str, Any]) -> dict[str, Any]:
    """Merge the sample's parts the way the design says, written out for its shape.

    Top-level fields and sections: union of keys; inside a section, union of keys, except the
    value drivers, which are listed public first, then each private part's (merged by name).
    """
    out: dict[str, Any] = {"schema_version": 1}
    for doc in docs:
        for key, value in doc.items():
            if not isinstance(value, dict):
                out[key] = value
                continue
            section = out.setdefault(key, {})
            for field, inner in value.items():
                if key == "value" and field == "drivers":
                    section["drivers"] = [*section.get("drivers", []), *inner]
                elif key == "win_win" and field in ("seller", "customer"):
                    section[field] = inner
                elif isinstance(inner, dict) and key != "trust":
                    section.setdefault(field, {}).update(inner)
                else:
                    section[field] = inner
    return out


@pytest.mark.parametrize("name", ROLE_PLAY)
def test_the_truth_is_the_public_part_and_both_private_parts(name: str) -> None:
    public, seller, customer = parts(name)
    assert truth(raw(name)) == by_hand(public, seller, customer)


@pytest.mark.parametrize("name", ROLE_PLAY)
@pytest.mark.parametrize("side", ["seller", "customer"])
def test_a_side_sees_the_public_part_and_its_own_private_part(name: str, side: str) -> None:
    public, seller, customer = parts(name)
    own = seller if side == "seller" else customer
    assert side_view(raw(name), side) == by_hand(public, own)


def _leaves(node: Any) -> list[Any]:
    if isinstance(node, dict):
        return [x for v in node.values() for x in _leaves(v)]
    if isinstance(node, list):
        return [x for v in node for x in _leaves(v)]
    return [node]


@pytest.mark.parametrize("name", ROLE_PLAY)
@pytest.mark.parametrize("side", ["seller", "customer"])
def test_a_side_never_holds_a_private_value_of_the_other_side(name: str, side: str) -> None:
    public, seller, customer = parts(name)
    mine, theirs = (seller, customer) if side == "seller" else (customer, seller)
    known = set(map(repr, _leaves(public) + _leaves(mine)))
    secret = {repr(x) for x in _leaves(theirs)} - known
    assert secret  # each side has secrets the other does not share
    view = side_view(raw(name), side)
    assert not secret & set(map(repr, _leaves(view)))
    assert side_brief(raw(name), side) not in json.dumps(view)


# --------------------------------------------------------------------------- the sample figures


@pytest.mark.parametrize("name", ROLE_PLAY)
def test_the_truths_zone_of_agreement_worked_out_by_hand(name: str) -> None:
    public, seller, customer = parts(name)
    econ = {**public["economics"], **seller["economics"], **customer["economics"]}
    rel = {**public["relationship"], **seller["relationship"], **customer["relationship"]}
    drivers = public["value"]["drivers"] + customer["value"]["drivers"]
    reference = public["value"]["reference"]["price_per_unit"]
    volume = econ["volume_per_period"]
    e = reference + sum(d["confidence"] * d["value_per_unit"] for d in drivers)
    floor = (
        econ["variable_cost_per_unit"]
        + (econ["fixed_cost_per_period"] + rel["seller_batna_per_period"]) / volume
    )
    ceiling = e - (econ["customer_cost_per_period"] + rel["customer_batna_per_period"]) / volume
    fair = floor + econ["fair_share"] * (ceiling - floor)
    got = case_economics(load_sample_case(name))
    assert got.eve_expected_per_unit == pytest.approx(e)
    assert got.zopa.floor_per_unit == pytest.approx(floor)
    assert got.zopa.ceiling_per_unit == pytest.approx(ceiling)
    assert got.fair_price_per_unit == pytest.approx(fair)
    assert got.joint_gain_per_period == pytest.approx((ceiling - floor) * volume)


# The figures the teaching notes state, each worked out by hand from the JSON files:
#   valtora: E = 23,800 + 0.8·1,400 + 0.7·1,100 + 0.9·2,600 = 28,030
#            floor = 19,400 + (420,000 + 180,000)/120 = 24,400
#            ceiling = 28,030 − (36,000 − 260,000)/120 = 29,896.67; fair = 27,148.33
#   corvane: E = 1,240 + 0.7·52 + 0.8·22 − 0.9·6 = 1,288.60
#            floor = 1,105 + (270,000 − 420,000)/18,000 = 1,096.67
#            ceiling = 1,288.60 − (54,000 + 486,000)/18,000 = 1,258.60; fair = 1,177.63
HAND: dict[str, dict[str, Any]] = {
    "valtora_brightmoor": {
        "eve": 28_030.0,
        "floor": 24_400.0,
        "ceiling": 29_896.0 + 2 / 3,
        "fair": 27_148.0 + 1 / 3,
        "pocket": 28_800.0,
        "shown": ("28,030", "24,400", "29,896.67", "27,148.33", "659,600"),
    },
    "corvane_bluewell": {
        "eve": 1_288.6,
        "floor": 1_096.0 + 2 / 3,
        "ceiling": 1_258.6,
        "fair": 1_177.0 + 19 / 30,
        "pocket": 1_287.8,
        "shown": ("1,288.60", "1,096.67", "1,258.60", "1,177.63", "2,914,800"),
    },
}


@pytest.mark.parametrize("name", ROLE_PLAY)
def test_the_sample_figures_and_the_teaching_note_agree(name: str) -> None:
    hand = HAND[name]
    got = case_economics(load_sample_case(name))
    assert got.eve_expected_per_unit == pytest.approx(hand["eve"])
    assert got.zopa.floor_per_unit == pytest.approx(hand["floor"])
    assert got.zopa.ceiling_per_unit == pytest.approx(hand["ceiling"])
    assert got.fair_price_per_unit == pytest.approx(hand["fair"])
    assert got.pocket_price_per_unit == pytest.approx(hand["pocket"])
    note = teaching_note_path(name).read_text("utf-8")
    for figure in hand["shown"]:
        assert figure in note, figure


def test_who_holds_the_power_shows_in_the_truth() -> None:
    strong_seller = case_economics(load_sample_case("valtora_brightmoor"))
    strong_buyer = case_economics(load_sample_case("corvane_bluewell"))
    # The seller's present price keeps most of the gain where the seller is strong ...
    assert strong_seller.seller_share is not None
    assert 0.5 < strong_seller.seller_share < 1
    # ... and lies above the buyer's true ceiling where the buyer is strong.
    assert strong_buyer.pocket_price_per_unit > strong_buyer.zopa.ceiling_per_unit
    valtora = parse_case(raw("valtora_brightmoor"))
    corvane = parse_case(raw("corvane_bluewell"))
    assert valtora.relationship is not None
    assert corvane.relationship is not None
    assert (
        valtora.relationship.customer_batna_per_period
        < 0
        < (valtora.relationship.seller_batna_per_period)
    )
    assert (
        corvane.relationship.seller_batna_per_period
        < 0
        < (corvane.relationship.customer_batna_per_period)
    )


# --------------------------------------------------------------------------- listing facts


def test_the_sellers_private_facts_are_listed_with_labels_and_values() -> None:
    facts = {f.path: f for f in private_facts(raw("valtora_brightmoor"), "seller")}
    cost = facts["economics.variable_cost_per_unit"]
    assert (cost.label, cost.value, cost.shown) == (
        "Variable cost (EUR per housing)",
        19400,
        "19,400",
    )
    batna = facts["relationship.seller_batna_per_period"]
    assert (batna.label, batna.shown) == ("Seller's BATNA (EUR per year)", "180,000")
    assert facts["win_win.seller"].label == "The seller's definition of winning"
    assert "Must-haves: Price per housing at least 25,750" in facts["win_win.seller"].shown
    move = 'strategy.moves["Give the slot to the rail manufacturer instead"]'
    assert facts[move].label == "Move “Give the slot to the rail manufacturer instead”"
    for f in facts.values():
        assert "_" not in f.label, f.label  # words, never an id


def test_the_customers_hidden_driver_is_one_fact_addressed_by_its_name() -> None:
    doc = raw("corvane_bluewell")
    (driver,) = [f for f in private_facts(doc, "customer") if f.path.startswith("value.")]
    name = "Bale format that needs a changeover on line 2"
    assert driver.path == fact_path_text(("value", "drivers", Item(name)))
    assert driver.label == f"Value driver “{name}” (USD per tonne)"
    assert driver.shown.startswith("−6 (confidence 90%")
    assert private_fact_value(doc, "customer", driver.path)["value_per_unit"] == -6


def test_public_facts_hold_no_private_path() -> None:
    doc = raw("corvane_bluewell")
    public = {f.path for f in public_facts(doc)}
    for side in ("seller", "customer"):
        assert not public & {f.path for f in private_facts(doc, side)}
    assert "economics.list_price_per_unit" in public


def test_a_true_value_is_read_only_for_a_sides_own_private_fact() -> None:
    doc = raw("valtora_brightmoor")
    assert private_fact_value(doc, "customer", "relationship.customer_batna_per_period") == -260000
    with pytest.raises(CaseError, match="not one of the seller's private facts"):
        private_fact_value(doc, "seller", "relationship.customer_batna_per_period")


# --------------------------------------------------------------------------- shared facts


def test_a_shared_fact_shows_at_its_stated_value_and_only_in_the_other_sides_view() -> None:
    doc = raw("corvane_bluewell")
    shared = {"relationship.customer_batna_per_period": 300_000}  # stated below the true 486,000
    seller = side_view(doc, "seller", shared)
    assert seller["relationship"]["customer_batna_per_period"] == 300_000
    assert "customer_cost_per_period" not in seller["economics"]  # not shared: not there
    customer = side_view(doc, "customer")
    assert customer["relationship"]["customer_batna_per_period"] == 486_000
    parse_case(seller)  # still a valid case for the seller's pages


def test_a_shared_named_item_joins_the_other_sides_list() -> None:
    doc = raw("valtora_brightmoor")
    name = "No late-delivery penalties from the grid operator"
    stated = {"name": name, "value_per_unit": 1500, "confidence": 0.6}
    view = side_view(doc, "seller", {fact_path_text(("value", "drivers", Item(name))): stated})
    assert [d["name"] for d in view["value"]["drivers"]][-1] == name
    assert view["value"]["drivers"][-1]["value_per_unit"] == 1500


@pytest.mark.parametrize(
    "path",
    ["economics.variable_cost_per_unit", "economics.list_price_per_unit", "title", "no.such"],
)
def test_only_the_other_sides_private_facts_can_be_shared_into_a_view(path: str) -> None:
    with pytest.raises(CaseError, match="not one of the customer's private facts"):
        side_view(raw("valtora_brightmoor"), "seller", {path: 1})


def test_a_side_is_seller_or_customer() -> None:
    with pytest.raises(CaseError, match="not 'buyer'"):
        side_view(raw("valtora_brightmoor"), "buyer")
    with pytest.raises(CaseError, match="no roles"):
        truth({"title": "T", "seller": "S", "customer": "C"})
