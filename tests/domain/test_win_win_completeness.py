"""A definition of winning may be sealed only when complete, and what is missing is said in words.

Sealing a sentence alone would make finishing the definition later look like moving the
goalposts; the check here is the one the win-win page and the workshop store both apply.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from negotiation_lib.datasets import sample_case_document, sample_case_names
from negotiation_lib.domain.case import Issue, NumericIssue, OptionsIssue, PartyDefinition
from negotiation_lib.domain.win_win import (
    MissingParts,
    missing_parts,
    missing_sentence,
    read_missing_parts,
)

ISSUES: tuple[Issue, ...] = (
    NumericIssue(name="price_per_unit", min=300, max=320, step=10),
    OptionsIssue(name="payment_terms", options=("net 30", "net 60", "net 90")),
    OptionsIssue(name="Warranty", options=("1 year", "2 years")),
)
COMPLETE: dict[str, Any] = {
    "weights": {"price_per_unit": 0.5, "payment_terms": 0.3, "Warranty": 0.2},
    "scores": {
        "price_per_unit": [[300, 0], [320, 100]],
        "payment_terms": {"net 30": 100, "net 60": 50, "net 90": 0},
        "Warranty": {"1 year": 100, "2 years": 30},
    },
    "win_threshold": 60,
    "reservation_utility": 30,
}


def definition(data: dict[str, Any]) -> PartyDefinition:
    return PartyDefinition.model_validate(data)


def test_a_complete_definition_misses_nothing() -> None:
    missing = missing_parts(ISSUES, definition(COMPLETE))
    assert missing == MissingParts()
    assert missing.complete
    assert missing_sentence(missing) == ""


def test_a_definition_with_only_its_sentence_misses_everything_else() -> None:
    missing = missing_parts(ISSUES, definition({"statement": "We win with a fair deal."}))
    assert not missing.complete
    assert missing.weights == ("price_per_unit", "payment_terms", "Warranty")
    assert missing.scores == (("price_per_unit", ()), ("payment_terms", ()), ("Warranty", ()))
    assert (missing.threshold, missing.reservation) == (True, True)
    assert missing_sentence(missing) == (
        "Missing: weights for Price per unit, Payment terms and Warranty; scores for Price per "
        "unit, Payment terms and Warranty; a win threshold; a walk-away utility."
    )
    # No definition at all reads the same.
    assert missing_parts(ISSUES, None) == missing


def test_the_sentence_names_each_missing_part_in_plain_words() -> None:
    half = copy.deepcopy(COMPLETE)
    del half["weights"]["payment_terms"]
    del half["scores"]["payment_terms"]["net 60"]
    del half["scores"]["payment_terms"]["net 90"]
    del half["win_threshold"]
    assert missing_sentence(missing_parts(ISSUES, definition(half))) == (
        "Missing: weights for Payment terms; scores for Payment terms (net 60 and net 90); "
        "a win threshold."
    )


def test_a_threshold_typed_at_the_default_value_counts_as_given() -> None:
    # The model would assume 60 and 0 without them: typed in, they are the party's own.
    typed = dict(COMPLETE, win_threshold=60, reservation_utility=0)
    assert missing_parts(ISSUES, definition(typed)).complete
    assumed = {k: v for k, v in typed.items() if k not in ("win_threshold", "reservation_utility")}
    missing = missing_parts(ISSUES, definition(assumed))
    assert (missing.threshold, missing.reservation) == (True, True)
    # The assumed and the typed definitions are equal models: only what was typed differs.
    assert definition(assumed) == definition(typed)


def test_a_weight_of_zero_and_a_one_point_curve_are_complete() -> None:
    zero = copy.deepcopy(COMPLETE)
    zero["weights"]["Warranty"] = 0
    zero["scores"]["price_per_unit"] = [[310, 50]]
    assert missing_parts(ISSUES, definition(zero)).complete


def test_the_price_scored_off_the_open_book_is_scored() -> None:
    issues = (NumericIssue(name="price", min=1, max=2, step=1, economics="pocket_price_per_unit"),)
    open_book = {
        "weights": {"price": 1},
        "scores": {"price": "open_book"},
        "win_threshold": 50,
        "reservation_utility": 10,
    }
    assert missing_parts(issues, definition(open_book)).complete


def test_scores_of_the_wrong_form_are_missing() -> None:
    wrong = copy.deepcopy(COMPLETE)
    wrong["scores"]["price_per_unit"] = {"300": 0}
    wrong["scores"]["Warranty"] = [[1, 0], [2, 100]]
    assert missing_parts(ISSUES, definition(wrong)).scores == (
        ("price_per_unit", ()),
        ("Warranty", ()),
    )


def test_a_case_document_is_read_as_saved() -> None:
    issues = [i.model_dump(mode="json") for i in ISSUES]
    assert read_missing_parts(issues, COMPLETE) == MissingParts()
    assert read_missing_parts(issues, None) == missing_parts(ISSUES, None)
    assert read_missing_parts(None, COMPLETE) == MissingParts(no_issues=True)
    # What cannot be read at all is not judged here: its problems say why.
    assert read_missing_parts([{"name": "x", "kind": "options", "options": []}], COMPLETE) is None
    assert read_missing_parts(issues, dict(COMPLETE, win_threshold=150)) is None


def test_without_issues_there_is_nothing_to_seal() -> None:
    missing = missing_parts((), definition({"win_threshold": 60, "reservation_utility": 0}))
    assert missing.no_issues
    assert missing_sentence(missing) == "Missing: the issues to negotiate (add them above)."


@pytest.mark.parametrize("name", sample_case_names())
def test_every_sealed_definition_of_the_sample_cases_is_complete(name: str) -> None:
    # Practice opens the sample files with their seals: each must pass the same check (a
    # role-play case opens as its truth, unsealed: each side seals its own in the room).
    data = sample_case_document(name)
    issues = tuple(
        NumericIssue.model_validate(i) if i["kind"] == "numeric" else OptionsIssue.model_validate(i)
        for i in data["win_win"]["issues"]
    )
    for party in ("seller", "customer"):
        for sealed in data["win_win"].get("seals", {}).get(party, []):
            assert missing_parts(issues, definition(sealed["definition"])).complete, (party, name)
        assert missing_parts(issues, definition(data["win_win"][party])).complete


@given(
    drop=st.lists(
        st.sampled_from(
            [
                ("weights", "price_per_unit"),
                ("weights", "payment_terms"),
                ("weights", "Warranty"),
                ("scores", "price_per_unit"),
                ("scores", "payment_terms"),
                ("scores", "Warranty"),
                ("win_threshold", None),
                ("reservation_utility", None),
            ]
        ),
        unique=True,
    )
)
def test_exactly_what_was_left_out_is_missing(drop: list[tuple[str, str | None]]) -> None:
    data = copy.deepcopy(COMPLETE)
    for part, issue in drop:
        if issue is None:
            del data[part]
        else:
            del data[part][issue]
    missing = missing_parts(ISSUES, definition(data))
    order = [i.name for i in ISSUES]
    assert list(missing.weights) == [n for n in order if ("weights", n) in drop]
    assert [n for n, _ in missing.scores] == [n for n in order if ("scores", n) in drop]
    assert missing.threshold == (("win_threshold", None) in drop)
    assert missing.reservation == (("reservation_utility", None) in drop)
    assert missing.complete == (not drop)
    assert (missing_sentence(missing) == "") == (not drop)


def test_issues_are_named_as_users_read_them() -> None:
    issues = (
        OptionsIssue(name="payment_terms", options=("net 30",)),
        OptionsIssue(name="sla", options=("99.9% uptime",), label="Service level"),
    )
    missing = missing_parts(issues, definition({"win_threshold": 60, "reservation_utility": 0}))
    assert missing_sentence(missing) == (
        "Missing: weights for Payment terms and Service level; scores for Payment terms and "
        "Service level."
    )
    assert missing_sentence(missing, label=str.upper).startswith("Missing: weights for PAYMENT")
