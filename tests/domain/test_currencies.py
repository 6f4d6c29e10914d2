"""A case's currency is an ISO 4217 code, its unit a short word, its number format one of four."""

from __future__ import annotations

from typing import Any

import pytest

from negotiation_lib.domain.case import Case
from negotiation_lib.domain.currencies import CURRENCY_CODES, currency_problem, unit_problem
from negotiation_lib.domain.errors import Problem
from negotiation_lib.domain.validation import validate_case


def _case(**fields: Any) -> dict[str, Any]:
    return {"title": "T", "seller": "S", "customer": "C", **fields}


@pytest.mark.parametrize("code", ["EUR", "USD", "CHF", "JPY", "GBP", "INR", "SEK", "XCG"])
def test_iso_codes_are_currencies(code: str) -> None:
    assert code in CURRENCY_CODES
    assert validate_case(_case(currency=code)) == []


def test_the_list_holds_the_iso_codes_only() -> None:
    # ISO 4217 lists about 180 active codes; XTS (testing) and XXX (no currency) price nothing.
    assert 170 <= len(CURRENCY_CODES) <= 190
    assert all(len(c) == 3 and c.isascii() and c.isupper() for c in CURRENCY_CODES)
    assert not {"XTS", "XXX", "HRK", "DEM"} & CURRENCY_CODES


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("eur", "Write the currency code in capitals: EUR."),
        (" usd", "Write the currency code in capitals: USD."),
        ("EURO", "(it is “EURO”)"),
        ("€", "(it is “€”)"),
        ("<s>EUR", "(it is “<s>EUR”)"),
        ("XTS", "ISO 4217 currency code such as EUR, USD or CHF"),
        ("EURO-DOLLAR-YEN-POUND", "(it is “EURO-DOLLAR-YEN-POU…”)"),
    ],
)
def test_anything_else_is_refused_at_the_currency_with_a_sentence(code: str, message: str) -> None:
    said = currency_problem(code)
    assert said is not None
    assert message in said
    problems = validate_case(_case(currency=code))
    assert [p.path for p in problems] == ["currency"]
    assert message in problems[0].message


def test_an_empty_currency_is_refused() -> None:
    assert validate_case(_case(currency="")) == [Problem("currency", "Must not be empty.")]


@pytest.mark.parametrize(
    "unit", ["pump", "seat", "pallet", "licence seat", "man-day", "t/km", "m²", "Stück", "kWh"]
)
def test_a_unit_word_is_a_unit(unit: str) -> None:
    assert unit_problem(unit) is None
    assert validate_case(_case(unit=unit)) == []


@pytest.mark.parametrize(
    ("unit", "message"),
    [
        ("40", "Name the unit in words, such as pump, seat or tonne: letters only (it is “40”)."),
        ("40 pumps", "letters only (it is “40 pumps”)"),
        ("<i>pump</i>", "letters only"),
        ("pump;", "letters only"),
        ("pump  seat", "letters only"),
        ("x" * 21, "at most 20 characters"),
    ],
)
def test_a_unit_with_digits_markup_or_too_long_is_refused(unit: str, message: str) -> None:
    problems = validate_case(_case(unit=unit))
    assert [p.path for p in problems] == ["unit"]
    assert message in problems[0].message


@pytest.mark.parametrize("fmt", ["1,234.5", "1.234,5", "1 234,5", "1'234.5"])
def test_a_case_may_name_its_number_format(fmt: str) -> None:
    assert validate_case(_case(number_format=fmt)) == []
    assert Case.model_validate(_case(number_format=fmt)).number_format == fmt


def test_a_case_without_a_number_format_leaves_it_to_the_trainee() -> None:
    assert Case.model_validate(_case()).number_format is None


@pytest.mark.parametrize("fmt", ["de", "1.234.5", "", 1234.5])
def test_a_number_format_the_workbook_does_not_know_is_refused(fmt: object) -> None:
    problems = validate_case(_case(number_format=fmt))
    assert [p.path for p in problems] == ["number_format"]
    assert "1,234.5" in problems[0].message
    assert "1'234.5" in problems[0].message
