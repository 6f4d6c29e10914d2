"""Every problem of a case is reported at its field, in a sentence, all at once."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from negotiation_lib.datasets import sample_case_names, sample_case_path
from negotiation_lib.domain.case import LIMIT, Case, OptionsIssue, missing_sections
from negotiation_lib.domain.errors import CaseError
from negotiation_lib.domain.roles import is_role_play, plain_document
from negotiation_lib.domain.seal import verify
from negotiation_lib.domain.validation import json_path, parse_case, read_case, validate_case

BAD = Path(__file__).resolve().parent.parent / "data" / "bad_case.json"


def minimal(**sections: Any) -> dict[str, Any]:
    return {"schema_version": 1, "title": "T", "seller": "S", "customer": "C", **sections}


def test_a_file_full_of_bad_values_gets_every_problem_at_its_field() -> None:
    problems = {p.path: p.message for p in validate_case(json.loads(BAD.read_text()))}
    assert "above 0" in problems["economics.volume_per_period"]
    assert "number" in problems["economics.list_price_per_unit"]
    assert "at most 1" in problems["value.drivers[0].confidence"]
    assert "all zero" in problems["win_win.seller.weights"]
    assert "delivery" in problems["win_win.packages[0].values.delivery"]
    assert len(problems) == 5


def test_read_case_raises_all_problems_together() -> None:
    with pytest.raises(CaseError) as info:
        read_case(BAD)
    assert len(info.value.problems) == 5
    assert info.value.path == "value.drivers[0].confidence"


def test_half_filled_case_is_valid_and_says_what_is_missing() -> None:
    case = parse_case(
        minimal(
            trust={
                "seller_view": {
                    "credibility": 7,
                    "reliability": 8,
                    "intimacy": 6,
                    "self_orientation": 3,
                }
            }
        )
    )
    assert missing_sections(case) == [
        "strategy",
        "value",
        "economics",
        "relationship",
        "win_win",
        "trust.customer_view",
        "trust.style_answers",
    ]


@pytest.mark.parametrize(
    ("version", "fragment"), [(2, "version 2"), ("one", "version 'one'"), (0, "version 0")]
)
def test_schema_version_is_checked(version: object, fragment: str) -> None:
    [problem] = validate_case(minimal(schema_version=version))
    assert problem.path == "schema_version"
    assert fragment in problem.message
    assert "reads version 1" in problem.message


@pytest.mark.parametrize(
    ("economics", "path", "fragment"),
    [
        ({"volume_per_period": 40, "list_price_per_unit": "40"}, "list_price_per_unit", "number"),
        ({"volume_per_period": 40, "list_price_per_unit": True}, "list_price_per_unit", "number"),
        ({"volume_per_period": math.inf, "list_price_per_unit": 1}, "volume_per_period", "finite"),
        ({"volume_per_period": 1}, "list_price_per_unit", "required"),
        (
            {"volume_per_period": 1, "list_price_per_unit": 1, "fair_shar": 0.5},
            "fair_shar",
            "spelling",
        ),
        (
            {
                "volume_per_period": 10,
                "list_price_per_unit": 100,
                "discounts": [{"name": "d", "kind": "per_unit", "amount": 150}],
            },
            "discounts",
            "more than the list price",
        ),
        (
            {
                "volume_per_period": 10,
                "list_price_per_unit": 100,
                "discounts": [{"name": "d", "kind": "percent", "amount": 120}],
            },
            "discounts[0]",
            "100%",
        ),
    ],
)
def test_economics_problems(economics: dict[str, Any], path: str, fragment: str) -> None:
    problems = validate_case(minimal(economics=economics))
    assert [p.path for p in problems] == [f"economics.{path}"]
    assert fragment in problems[0].message


def test_a_one_sided_retention_above_the_fair_one_is_refused() -> None:
    [p] = validate_case(minimal(relationship={"retention_fair": 0.6, "retention_one_sided": 0.9}))
    assert p.path == "relationship"
    assert "one-sided" in p.message


def test_empty_names_and_duplicate_names_are_refused() -> None:
    value = {
        "reference": {"name": "", "price_per_unit": 1},
        "drivers": [{"name": "a", "value_per_unit": 1}, {"name": "A", "value_per_unit": 2}],
    }
    problems = {p.path: p.message for p in validate_case(minimal(value=value))}
    assert problems["value.reference.name"] == "Must not be empty."
    assert "distinct" in problems["value.drivers"]


def test_win_win_cross_checks_point_at_the_field() -> None:
    ww = {
        "issues": [
            {"name": "price", "kind": "numeric", "min": 1, "max": 3, "step": 1},
            {"name": "w", "kind": "options", "options": ["a", "b"]},
        ],
        "customer": {
            "weights": {"price": 1, "w": 1},
            "scores": {"price": [[1, 0], [3, 100]], "w": {"a": 10}},
            "must_haves": {"w": {"min": 3}},
        },
        "packages": [{"name": "P", "values": {"price": 9, "w": "c"}}],
        "price_issue": "w",
    }
    problems = {p.path: p.message for p in validate_case(minimal(win_win=ww))}
    assert problems == {
        "win_win.customer.scores.w": "No score for 'b'.",
        "win_win.customer.must_haves.w": "List the allowed options of this issue.",
        "win_win.packages[0].values.price": "9 is outside 1 to 3.",
        "win_win.packages[0].values.w": "'c' is not an option of this issue.",
        "win_win.price_issue": "'w' is not a numeric issue.",
    }


def test_scores_of_the_wrong_shape_get_one_message() -> None:
    ww = {
        "issues": [{"name": "x", "kind": "numeric", "min": 0, "max": 1, "step": 1}],
        "seller": {"weights": {"x": 1}, "scores": {"x": "high"}},
    }
    [p] = validate_case(minimal(win_win=ww))
    assert p.path == "win_win.seller.scores.x"
    assert "points" in p.message


@pytest.mark.parametrize(
    ("text", "fragment"),
    [(b"{not json", "Not valid JSON"), (b"\xff\xfe\x00", "not text"), (b"[1, 2]", "JSON object")],
)
def test_unreadable_files_are_refused_with_a_sentence(text: bytes, fragment: str) -> None:
    with pytest.raises(CaseError) as info:
        read_case(text)
    assert fragment in info.value.message


def test_too_large_and_missing_files(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    big.write_bytes(b" " * 2_000_001)
    with pytest.raises(CaseError, match="at most"):
        read_case(big)
    with pytest.raises(CaseError, match="Cannot read"):
        read_case(tmp_path / "absent.json")


def test_models_are_immutable() -> None:
    case = parse_case(minimal())
    with pytest.raises(ValueError, match="frozen"):
        case.title = "other"  # type: ignore[misc]


def test_json_round_trip_is_identical() -> None:
    case = parse_case(minimal(economics={"volume_per_period": 40, "list_price_per_unit": 13000}))
    assert Case.model_validate_json(case.model_dump_json()) == case


def test_json_path_skips_union_tags() -> None:
    assert json_path(("win_win", "issues", 2, "options", "options", 0)) == (
        "win_win.issues[2].options[0]"
    )


def test_an_amount_beyond_a_trillion_is_refused_and_one_at_the_limit_stays_finite() -> None:
    # Without a bound, a price of 1e308 was valid and its NPVs overflowed to infinity.
    from negotiation_lib.datasets import sample_case_path
    from negotiation_lib.report import build_report

    data = json.loads(sample_case_path("pumpco_acme_foods").read_text("utf-8"))
    data["economics"]["list_price_per_unit"] = 1e308
    data["relationship"]["customer_batr_npv"] = -1e13
    problems = {p.path: p.message for p in validate_case(data)}
    assert problems == {
        "economics.list_price_per_unit": "Must be at most 1,000,000,000,000 (it is 1e+308).",
        "relationship.customer_batr_npv": (
            "Must be at least -1,000,000,000,000 (it is -10,000,000,000,000)."
        ),
    }
    data["economics"]["list_price_per_unit"] = LIMIT
    data["economics"]["volume_per_period"] = LIMIT
    data["relationship"]["customer_batr_npv"] = -LIMIT
    assert validate_case(data) == []
    out = build_report(parse_case(data))
    # The report writes a non-finite number as null: every headline must be a number.
    headlines = [
        *(out["economics"][k] for k in ("value_created_per_period", "fair_price_per_unit")),
        *(out["projection"][k] for k in ("seller_npv", "customer_npv", "seller_colr")),
    ]
    assert all(isinstance(x, float) and math.isfinite(x) for x in headlines), headlines


# ---------------------------------------------------------------- priced through the open book

BEFORE = Path(__file__).resolve().parent.parent / "data" / "case_before_issue_15.json"


def _without_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_none(v) for v in value]
    return value


@pytest.mark.parametrize(
    "path",
    [BEFORE, *(sample_case_path(name) for name in sample_case_names())],
    ids=lambda p: p.stem,
)
def test_case_files_written_before_the_new_fields_load_unchanged(path: Path) -> None:
    # The new fields are optional: a case saved before them (and every sample case) reads as
    # it is, and writes back the same document (a role-play case: its truth).
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert validate_case(raw) == []
    document = plain_document(raw)
    assert validate_case(document) == []
    case = Case.model_validate(document)
    assert _without_none(case.model_dump(mode="json", exclude_unset=True)) == _without_none(
        document
    )
    assert case.win_win is not None
    # Seals hash the definitions' canonical JSON: unchanged, so every seal still verifies.
    seals = (*case.win_win.seals.seller, *case.win_win.seals.customer)
    assert bool(seals) != is_role_play(raw)  # a role-play case is handed out unsealed
    assert all(verify(s) for s in seals)
    assert case.win_win.pocket_price_issue == (
        document["win_win"].get("price_issue")
        or next(
            (
                i["name"]
                for i in document["win_win"]["issues"]
                if i.get("economics") == "pocket_price_per_unit"
            ),
            None,
        )
    )


def _priced(**update: Any) -> dict[str, Any]:
    ww: dict[str, Any] = {
        "issues": [
            {"name": "price", "kind": "numeric", "min": 1, "max": 3, "step": 1},
            {"name": "term", "kind": "numeric", "min": 1, "max": 3, "step": 1},
            {"name": "w", "kind": "options", "options": ["1y", "2y"]},
        ],
        "seller": {"weights": {"price": 1}, "scores": {"price": "open_book"}},
    }
    ww.update(update)
    return minimal(win_win=ww)


def test_open_book_fields_are_read() -> None:
    doc = _priced()
    doc["win_win"]["issues"][0]["economics"] = "pocket_price_per_unit"
    doc["win_win"]["issues"][2]["economics"] = {
        "2y": {"seller_cost_per_period": 8000, "customer_value_per_period": 12000}
    }
    case = parse_case(doc)
    assert case.win_win is not None
    assert case.win_win.pocket_price_issue == "price"
    warranty = case.win_win.issues[2]
    assert isinstance(warranty, OptionsIssue)
    assert warranty.economics is not None
    assert warranty.economics["2y"].customer_value_per_period == 12000
    # price_issue naming the same issue as the mark is fine.
    doc["win_win"]["price_issue"] = "price"
    assert validate_case(doc) == []


def test_open_book_problems_point_at_the_field() -> None:
    doc = _priced(price_issue="term")
    issues = doc["win_win"]["issues"]
    issues[0]["economics"] = "pocket_price_per_unit"
    issues[1]["economics"] = "pocket_price_per_unit"
    issues[2]["economics"] = {"3y": {"seller_cost_per_period": 1}}
    doc["win_win"]["customer"] = {"weights": {"w": 1}, "scores": {"w": "open_book"}}
    problems = {p.path: p.message for p in validate_case(doc)}
    assert problems == {"win_win.issues[2].economics.3y": "'3y' is not an option of 'w'."}
    del issues[2]["economics"]
    problems = {p.path: p.message for p in validate_case(doc)}
    assert set(problems) == {
        "win_win.customer.scores.w",
        "win_win.issues[1].economics",
        "win_win.price_issue",
    }
    assert "Only the issue that sets the price ('price')" in problems["win_win.customer.scores.w"]
    assert "'price' already does" in problems["win_win.issues[1].economics"]
    assert "names 'term', but 'price' is marked" in problems["win_win.price_issue"]


def test_open_book_without_a_price_issue_and_a_bad_mark() -> None:
    problems = {p.path: p.message for p in validate_case(_priced())}
    assert "no issue sets the price" in problems["win_win.seller.scores.price"]
    doc = _priced()
    doc["win_win"]["issues"][0]["economics"] = "price"
    doc["win_win"]["issues"][2]["economics"] = {"2y": {"seller_cost_per_period": "8000"}}
    problems = {p.path: p.message for p in validate_case(doc)}
    assert "pocket_price_per_unit" in problems["win_win.issues[0].economics"]
    assert "number" in problems["win_win.issues[2].economics.2y.seller_cost_per_period"]


def test_a_score_that_is_no_shape_names_open_book_among_the_shapes() -> None:
    doc = _priced()
    doc["win_win"]["seller"]["scores"]["price"] = "open book"
    [p] = validate_case(doc)
    assert p.path == "win_win.seller.scores.price"
    assert '"open_book"' in p.message
