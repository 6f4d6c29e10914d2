"""The Deal room tab's model: pure functions of the case file, the side and the room's state."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from negotiation_lib.datasets import load_role_play_case
from negotiation_lib.domain.case import Case
from negotiation_lib.domain.roles import truth
from negotiation_lib.domain.rooms import IssueValue, RoomEvent, RoomTerms, fold
from negotiation_lib.worksheets.deal_room import model

CASE = "valtora_brightmoor"
PACKAGE: dict[str, IssueValue] = {
    "price_per_housing": 27500.0,
    "lead_time_weeks": 8.0,
    "contract_years": 3.0,
    "payment_terms": "60 days",
}


@pytest.fixture(scope="module")
def case() -> dict[str, Any]:
    return load_role_play_case(CASE)


@pytest.fixture(scope="module")
def terms(case: dict[str, Any]) -> RoomTerms:
    return RoomTerms.from_case(Case.model_validate(truth(case)))


def _definition(case: dict[str, Any], side: str) -> dict[str, Any]:
    return dict(case["roles"][side]["private"]["win_win"][side])


def _joined() -> list[RoomEvent]:
    return [
        RoomEvent(1, "joined", "seller", 10, {"name": "Team North"}),
        RoomEvent(2, "joined", "customer", 20, {"name": "Team South"}),
    ]


def test_scores_a_package_by_each_sides_definition(case: dict[str, Any], terms: RoomTerms) -> None:
    # By hand from the case file: seller 0.5·50 + 0.1·50 + 0.25·80 + 0.15·70 = 60.5;
    # buyer 0.4·(100 − 2500/4500·100) + 0.4·85 + 0.05·70 + 0.15·80 = 67.2778.
    assert model.score(_definition(case, "seller"), terms, PACKAGE) == pytest.approx(60.5)
    assert model.score(_definition(case, "customer"), terms, PACKAGE) == pytest.approx(
        67.2778, abs=1e-3
    )


def test_a_definition_that_cannot_score_gives_no_number(terms: RoomTerms) -> None:
    assert model.score(None, terms, PACKAGE) is None
    assert model.score({"weights": {"nothing": 1}}, terms, PACKAGE) is None


def test_package_text_has_a_unit_on_every_number(terms: RoomTerms) -> None:
    shown = dict(model.package_text(terms, PACKAGE))
    assert shown == {
        "Price per housing": "27,500 EUR per housing",
        "Delivery lead time (weeks)": "8 weeks",
        "Contract length (years)": "3 years",
        "Payment terms": "60 days",
    }


def test_read_offer_puts_each_problem_at_its_issue(terms: RoomTerms) -> None:
    typed = {
        "price_per_housing": "31,000",
        "lead_time_weeks": "eight",
        "contract_years": "3",
        "payment_terms": "60 days",
    }
    values, problems = model.read_offer(terms, typed)
    by_path = {p.path: p.message for p in problems}
    assert set(by_path) == {"values.price_per_housing", "values.lead_time_weeks"}
    assert "25,000 to 30,000 EUR per housing" in by_path["values.price_per_housing"]
    assert values["contract_years"] == 3.0
    good, none = model.read_offer(
        terms, {**typed, "price_per_housing": "27,500", "lead_time_weeks": "8"}
    )
    assert none == []
    assert good == PACKAGE


def test_offer_rows_newest_first_scored_by_own_and_revealed_definitions(
    case: dict[str, Any], terms: RoomTerms
) -> None:
    seller, buyer = _definition(case, "seller"), _definition(case, "customer")
    events = [
        *_joined(),
        RoomEvent(3, "offered", "seller", 10, {"values": PACKAGE, "utility": 60.5}),
        RoomEvent(
            4,
            "offered",
            "customer",
            20,
            {"values": {**PACKAGE, "price_per_housing": 26000.0}, "utility": 70.0},
        ),
    ]
    state = fold(terms, events)
    rows = model.offer_rows(state, "seller", seller, "Brightmoor Energy")
    assert [(r.number, r.by, r.mine, r.status) for r in rows] == [
        (2, "Brightmoor Energy", False, "open"),
        (1, "You", True, "open"),
    ]
    # 26,000 scores (26000 − 25500)/4000·100 = 12.5 on price for the seller.
    assert rows[0].own == pytest.approx(0.5 * 12.5 + 5 + 20 + 10.5)
    assert all(r.theirs is None for r in rows)  # the buyer revealed nothing
    revealed = fold(
        terms,
        [
            *events,
            RoomEvent(
                5,
                "sealed",
                "customer",
                20,
                {"version": 1, "sha256": "a" * 64, "sealed_at": "2026-05-03T10:00:00+00:00"},
            ),
        ],
    )
    assert model.revealed_definition(revealed, "customer") is None
    del buyer  # the buyer's definition reaches the seller only through a reveal


def test_shared_rows_show_the_stated_value_with_its_unit(
    case: dict[str, Any], terms: RoomTerms
) -> None:
    state = fold(
        terms,
        [
            *_joined(),
            RoomEvent(
                3,
                "shared",
                "customer",
                20,
                {"path": "economics.customer_one_time_cost", "value": 50000},
            ),
        ],
    )
    rows = model.shared_rows(case, state, "seller", "Brightmoor Energy")
    assert [(r.label, r.stated, r.by) for r in rows] == [
        ("Customer's one-time cost (EUR, once)", "50,000 EUR, once", "Brightmoor Energy")
    ]
    # The buyer's own list marks it shared, at the value it stated, not at the truth (45,000).
    own = {r.path: r for r in model.own_fact_rows(case, state, "customer")}
    assert own["economics.customer_one_time_cost"].shared == "50,000 EUR, once"
    assert own["economics.customer_one_time_cost"].shown == "45,000 EUR, once"
    assert own["relationship.customer_batna_per_period"].shared is None
    assert own["relationship.customer_batna_per_period"].number == -260000


def test_stated_values_keep_the_facts_shape() -> None:
    driver = {"name": "No penalties", "value_per_unit": 2600, "confidence": 0.9}
    assert model.stated_value(driver, 2000.0) == {**driver, "value_per_unit": 2000}
    assert model.stated_value(36000, 30000.5) == 30000.5
    assert model.stated_value(["a"], 3.0) == ["a"]


def test_definition_changes_say_what_moved(terms: RoomTerms, case: dict[str, Any]) -> None:
    before = _definition(case, "customer")
    after = {
        **before,
        "weights": {**before["weights"], "price_per_housing": 0.5},
        "win_threshold": 50,
        "must_haves": {"lead_time_weeks": {"max": 12}},
    }
    changes = model.definition_changes(before, after, terms)
    assert changes == [
        "Weight of Price per housing: 40% → 50%",
        "Must-have on Delivery lead time (weeks): at most 10 weeks → at most 12 weeks",
        "Must-have on Price per housing: at most 29,250 EUR per housing → none",
        "Win threshold: 55 points → 50 points",
    ]


def test_seal_text_and_status(terms: RoomTerms) -> None:
    from negotiation_lib.domain.rooms import DefinitionVersion

    at = datetime(2026, 5, 3, 9, 5, tzinfo=UTC).isoformat()
    assert model.seal_text(DefinitionVersion(1, "0123456789abcdef" * 4, at)) == (
        "Version 1 sealed at 09:05 UTC on 3 May 2026 · fingerprint 0123456789ab"
    )
    waiting = fold(terms, _joined()[:1])
    assert "waiting" in model.status_text(waiting, "seller", "Brightmoor Energy")
    walked = fold(terms, [*_joined(), RoomEvent(3, "walked_away", "customer", 20, {})])
    assert model.status_text(walked, "seller", "Brightmoor Energy").startswith(
        "Brightmoor Energy walked away"
    )


def test_read_share_reads_a_percentage_in_the_pages_format() -> None:
    assert model.read_share("45", "1,234.5") == (0.45, "")
    assert model.read_share("52,5", "1.234,5") == (0.525, "")
    assert model.read_share("0", "1,234.5") == (0.0, "")
    assert model.read_share("100", "1,234.5") == (1.0, "")
    share, said = model.read_share("100.5", "1,234.5")
    assert share is None
    assert said.endswith("100.5% is outside that range.")
    assert model.read_share("fifty", "1,234.5")[0] is None


def test_pact_lines_say_where_the_pact_stands(terms: RoomTerms) -> None:
    seller_proposes = [*_joined(), RoomEvent(3, "pact", "seller", 10, {"fair_share": 0.45})]
    state = fold(terms, seller_proposes)
    assert model.pact_lines(state, "customer", "Valtora Castings") == [
        "Your team has not proposed a share.",
        "Valtora Castings proposes 45% for the seller.",
        "To agree, propose the same share.",
    ]
    assert model.pact_blocker(state) == ""
    differ = fold(
        terms, [*seller_proposes, RoomEvent(4, "pact", "customer", 20, {"fair_share": 0.4})]
    )
    assert model.pact_lines(differ, "seller", "Brightmoor Energy")[1:] == [
        "Brightmoor Energy proposes 40% for the seller.",
        "The proposals differ: the pact is agreed when both teams propose the same share.",
    ]
    agreed = fold(
        terms, [*seller_proposes, RoomEvent(4, "pact", "customer", 20, {"fair_share": 0.45})]
    )
    assert agreed.fair_share == 0.45
    (line,) = model.pact_lines(agreed, "seller", "Brightmoor Energy")
    assert line.startswith(
        "Pact agreed: the seller's fair share is 45% of the value created, the buyer's 55%."
    )
    assert "stands" in model.pact_blocker(agreed)
    offered = fold(
        terms,
        [
            *seller_proposes,
            RoomEvent(4, "offered", "seller", 10, {"values": PACKAGE, "utility": 60.5}),
        ],
    )
    assert model.pact_blocker(offered).startswith("Offers have started in this room")


def test_the_cases_own_fair_share_is_read_from_the_sides_view(case: dict[str, Any]) -> None:
    assert model.case_fair_share(case, "seller") == 0.5
    assert model.case_fair_share(case, "customer") == 0.5
    assert model.case_fair_share({"roles": {"public": {}}}, "seller") is None
