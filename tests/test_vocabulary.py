"""The vocabulary: every code, key and id a user could meet has a label, with its unit.

Labels are checked against the codes the domain and the case schema actually define (so a
code added there without a label fails here), and against the report's keys and the case's
inputs as the sample cases have them.
"""

from __future__ import annotations

import typing

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

from negotiation_lib import vocabulary
from negotiation_lib.datasets import load_sample_case, sample_case_names
from negotiation_lib.domain import economics, strategy
from negotiation_lib.domain.case import (
    Case,
    DiscountKind,
    DriverCategory,
    Economics,
    Principle,
    Relationship,
    missing_sections,
)
from negotiation_lib.domain.win_win import JustificationMemo
from negotiation_lib.report import build_report
from negotiation_lib.vocabulary import (
    figure_label,
    figure_unit,
    input_label,
    input_unit,
    issue_label,
    missing_label,
    readable,
    section_label,
)

SNAKE = st.from_regex(r"[a-z][a-z0-9]{0,8}(_[a-z0-9]{1,8}){1,4}", fullmatch=True)


def _scalars(node: object, prefix: str) -> list[tuple[str, object]]:
    """The report's numbers and flags as (dotted key, value); lists have tables of their own."""
    if isinstance(node, dict):
        out = []
        for key, value in node.items():
            out += _scalars(value, f"{prefix}.{key}" if prefix else str(key))
        return out
    return [(prefix, node)] if isinstance(node, bool | int | float) else []


# --------------------------------------------------------------------------- codes


@pytest.mark.parametrize(
    ("labels", "codes"),
    [
        (vocabulary.DISCOUNT_KINDS, DiscountKind),
        (vocabulary.PRINCIPLES, Principle),
        (vocabulary.CATEGORIES, DriverCategory),
        (vocabulary.VERDICTS, typing.get_type_hints(JustificationMemo)["verdict"]),
        (vocabulary.DECISIONS, typing.get_type_hints(strategy.MoveAssessment)["decision"]),
    ],
    ids=["discount kinds", "principles", "categories", "verdicts", "decisions"],
)
def test_every_code_of_the_domain_has_a_label_in_words(
    labels: typing.Mapping[str, str], codes: object
) -> None:
    assert set(labels) == set(typing.get_args(codes))
    for code, label in labels.items():
        assert "_" not in label, (code, label)


def test_every_flag_a_chart_marks_is_a_flag_of_the_economics() -> None:
    assert set(vocabulary.FLAG_SHORT) <= set(typing.get_args(economics.FlagCode))


def test_every_missing_part_of_a_case_is_named_in_words() -> None:
    blank = Case(title="T", seller="S", customer="C")
    parts = set(missing_sections(blank)) | set(vocabulary.SECTIONS)
    for part in parts:
        label = section_label(part)
        assert "_" not in label
        assert label[0].isupper()
    # A refused computation ("path: sentence") is said by its sentence alone.
    assert missing_label("projection: No zone of possible agreement.") == (
        "No zone of possible agreement."
    )


# --------------------------------------------------------------------------- names typed as ids


@given(SNAKE)
def test_a_name_read_from_an_id_is_in_words(code: str) -> None:
    words = readable(code)
    assert "_" not in words
    assert words[0].isupper()
    assert words.lower() == code.replace("_", " ")


def test_an_issue_is_called_by_its_label_else_by_its_id_in_words() -> None:
    assert issue_label("payment_terms") == "Payment terms"
    assert issue_label("payment_terms", "Days to pay") == "Days to pay"
    assert issue_label("payment_terms", "   ") == "Payment terms"  # a blank label is none
    assert issue_label("Issue 5") == "Issue 5"
    case = load_sample_case("pumpco_acme_foods")
    assert case.win_win is not None
    assert case.win_win.issue_labels == {
        "price_per_pump": "Price per pump",
        "warranty": "Warranty",
        "payment_terms": "Payment terms",
        "contract_years": "Contract years",
    }


# --------------------------------------------------------------------------- figures and inputs


@pytest.mark.parametrize("name", sample_case_names())
def test_every_figure_of_the_report_has_a_label_and_a_unit(name: str) -> None:
    case = load_sample_case(name)
    report = build_report(case, paths=200)
    for section in ("value", "strategy", "economics", "projection", "trust"):
        for key, value in _scalars(report.get(section, {}), section):
            label = figure_label(key)
            assert "_" not in label, (key, label)
            assert label[0].isupper(), (key, label)
            unit = figure_unit(key, case.currency, case.unit, case.period)
            assert unit, f"{key} has no unit"
            if isinstance(value, bool):
                assert unit == "yes or no", key
            # Money is in the case's currency; nothing else is.
            leaf = key.rsplit(".", 1)[-1]
            money = leaf.endswith(("_npv", "per_unit", "per_period", "_colr", "_colr_net")) or (
                leaf in {"mean", "p10", "p50", "p90"}
            )
            assert (case.currency in unit) == money, (key, unit)


@pytest.mark.parametrize("part", [Economics, Relationship])
def test_every_number_input_has_a_label_and_its_own_unit(part: type[BaseModel]) -> None:
    fields = [
        name
        for name, info in part.model_fields.items()
        if "float" in str(info.annotation) or "int" in str(info.annotation)
    ]
    assert fields
    for field in fields:
        label = input_label(field)
        assert "_" not in label, (field, label)
        assert label[0].isupper(), (field, label)
        assert input_unit(field, "EUR", "pump", "year"), field
    # Seen in issue 16: the volume is in units per period, never in the currency.
    assert input_unit("volume_per_period", "EUR", "pump", "year") == "pump per year"
    assert input_unit("seller_one_time_cost", "EUR", "pump", "year") == "EUR"
    assert input_label("seller_one_time_cost") == "Seller's one-time cost to start"
