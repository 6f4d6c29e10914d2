"""Reading typed numbers in four number formats (negotiation_lib.numbers).

The expected values are written out by hand from the formats' conventions (CLDR's usage for
each language); the round trips are properties over every format.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from negotiation_lib.domain.currencies import CURRENCY_CODES
from negotiation_lib.numbers import (
    DEFAULT_FORMAT,
    FORMAT_TAGS,
    FORMATS,
    NumberReadingError,
    choose_format,
    format_for_currency,
    format_for_language,
    format_number_input,
    number_format,
    parse_number,
    plain_number,
    reading_note,
    to_json_number,
)
from tests.strategies import number_format_tag, stored_number, typed_decimal

EN, DE, FR, CH = "1,234.5", "1.234,5", "1 234,5", "1'234.5"


def _read(text: str, fmt: str) -> Decimal | str | None:
    """The reading of ``text``, or the sentence refusing it."""
    try:
        return parse_number(text, fmt)
    except NumberReadingError as refused:
        return str(refused)


# --------------------------------------------------------------------------- the issue's cases


@pytest.mark.parametrize(
    ("text", "fmt", "expected"),
    [
        ("1.000", EN, Decimal(1)),
        ("1.000", DE, Decimal(1000)),
        ("1.000", CH, Decimal(1)),
        ("1 000", EN, Decimal(1000)),
        ("1 000", DE, Decimal(1000)),
        ("1 000", FR, Decimal(1000)),
        ("1 000", CH, Decimal(1000)),
        ("13.000,50", DE, Decimal("13000.5")),
        ("13 000,50", FR, Decimal("13000.5")),
        ("13,000.50", EN, Decimal("13000.5")),
        ("13'000.50", CH, Decimal("13000.5")),
        ("13000", EN, Decimal(13000)),
        ("13000", FR, Decimal(13000)),
    ],
)
def test_the_issues_entries_read_as_the_format_says(text: str, fmt: str, expected: Decimal) -> None:
    assert parse_number(text, fmt) == expected


@pytest.mark.parametrize(
    ("text", "fmt", "reading"),
    [
        ("13.000,50", EN, "read in the format 1.234,5 it is 13000.5. Type 13000.5"),
        ("13.000,50", CH, "read in the format 1.234,5 it is 13000.5. Type 13000.5"),
        ("13,000.50", DE, "read in the format 1,234.5 it is 13000,5. Type 13000,5"),
        ("12,5", EN, "read in the format 1.234,5 it is 12.5. Type 12.5"),
        ("0.9", DE, "read in the format 1,234.5 it is 0,9. Type 0,9"),
        ("1.000", FR, "it could be 1 (as in 1,234.5) or 1000 (as in 1.234,5). Type 1 or 1000"),
    ],
)
def test_text_another_format_reads_is_refused_with_that_reading(
    text: str, fmt: str, reading: str
) -> None:
    with pytest.raises(NumberReadingError) as refused:
        parse_number(text, fmt)
    message = str(refused.value)
    assert message.startswith(f"“{text}” is not a number in the format {fmt}")
    assert reading in message
    assert message.endswith("or change the number format.")


# --------------------------------------------------------------------------- separators


@pytest.mark.parametrize("fmt", FORMAT_TAGS)
@pytest.mark.parametrize("space", [" ", "\u00a0", "\u202f", "\u2009", "\u2007"])
def test_every_kind_of_space_groups_thousands_in_every_format(fmt: str, space: str) -> None:
    assert parse_number(f"1{space}234{space}567", fmt) == Decimal(1234567)


@pytest.mark.parametrize("fmt", FORMAT_TAGS)
@pytest.mark.parametrize("mark", ["'", "\u2019"])
def test_apostrophes_group_thousands_in_every_format(fmt: str, mark: str) -> None:
    assert parse_number(f"1{mark}234{mark}567", fmt) == Decimal(1234567)


@pytest.mark.parametrize(
    ("text", "fmt", "expected"),
    [
        ("1,234,567.25", EN, Decimal("1234567.25")),
        ("1.234.567,25", DE, Decimal("1234567.25")),
        ("1 234 567,25", FR, Decimal("1234567.25")),
        ("1'234'567.25", CH, Decimal("1234567.25")),
        ("12,34,567", EN, Decimal(1234567)),  # Indian grouping: pairs, then three
        ("1,00,000", EN, Decimal(100000)),
        ("123", DE, Decimal(123)),
        ("0,5", DE, Decimal("0.5")),
        (",5", DE, Decimal("0.5")),
        (".5", EN, Decimal("0.5")),
        ("5.", EN, Decimal(5)),
        ("007", EN, Decimal(7)),
        ("0", FR, Decimal(0)),
    ],
)
def test_grouped_and_plain_numbers(text: str, fmt: str, expected: Decimal) -> None:
    assert parse_number(text, fmt) == expected


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        ("1,5", EN),  # a group of one digit: a decimal comma, not thousands
        ("1,0000", EN),  # a group of four
        ("12,34,5678", EN),  # Indian pairs must end in three
        ("0,123", EN),  # a grouped number does not start with 0
        ("1,000 000", EN),  # two kinds of separator
        ("1 000'000", FR),
        ("1..5", EN),
        ("1.5.5", EN),  # two decimal points
        ("1.5,5", EN),  # a separator among the decimals
        ("1 000,000 5", FR),
        ("1,,000", EN),  # an empty group
        (",000", EN),
        ("1.5", FR),  # the point is no separator of 1 234,5
        ("1,5", CH),  # nor the comma of 1'234.5
        ("1_000", EN),
        ("0x10", EN),
    ],
)
def test_malformed_numbers_are_refused(text: str, fmt: str) -> None:
    with pytest.raises(NumberReadingError, match="is not a number in the format"):
        parse_number(text, fmt)


# --------------------------------------------------------------------------- signs, digits


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("-5", Decimal(-5)),
        ("\u22125", Decimal(-5)),  # the minus sign the workbook writes
        ("+5", Decimal(5)),
        ("- 1,000", Decimal(-1000)),
        ("  42  ", Decimal(42)),
        ("1e6", Decimal(1000000)),
        ("2.5E-3", Decimal("0.0025")),
        ("1e\u22122", Decimal("0.01")),
        ("١٢٣", Decimal(123)),  # Arabic-Indic digits
        ("１２３", Decimal(123)),  # full-width digits
    ],
)
def test_signs_exponents_and_digits_of_any_script(text: str, expected: Decimal) -> None:
    assert parse_number(text, EN) == expected


def test_a_long_number_is_read_exactly_not_rounded_to_a_float() -> None:
    digits = "1234567890" * 4
    assert parse_number(digits, EN) == Decimal(digits)
    assert parse_number(f"-{digits}e-10", EN) == Decimal(
        "-123456789012345678901234567890.123456789"
    )


@pytest.mark.parametrize("text", ["", "   ", "\t\u00a0\n"])
def test_blank_text_is_no_number(text: str) -> None:
    assert parse_number(text, DE) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("abc", "Enter a number here (you typed “abc”)."),
        ("-", "Enter a number here (you typed “-”)."),
        ("NaN", "Enter a number here (you typed “NaN”)."),
        ("inf", "Enter a number here (you typed “inf”)."),
        ("8%", "Enter a number here, without the % sign (you typed “8%”)."),
        ("9" * 90, f"Enter a number here (you typed “{'9' * 38}…”)."),
    ],
)
def test_text_that_is_no_number_gets_a_sentence_quoting_it(text: str, message: str) -> None:
    with pytest.raises(NumberReadingError) as refused:
        parse_number(text, EN)
    assert str(refused.value) == message


def test_a_format_is_named_by_its_tag_and_an_unknown_one_is_refused() -> None:
    assert number_format(DE) is FORMATS[DE]
    assert number_format(FORMATS[FR]) is FORMATS[FR]
    with pytest.raises(ValueError, match="not a number format"):
        number_format("1.234.5")


@pytest.mark.parametrize(
    ("fmt", "group", "decimal"), [(EN, ",", "."), (DE, ".", ","), (FR, " ", ","), (CH, "'", ".")]
)
def test_each_format_is_its_tag(fmt: str, group: str, decimal: str) -> None:
    f = FORMATS[fmt]
    assert (f.group, f.decimal) == (group, decimal)
    assert f.tag == f"1{group}234{decimal}5"
    assert f"1{group}000" in f.description
    assert f"0{decimal}5" in f.description


# --------------------------------------------------------------------------- writing


@pytest.mark.parametrize(
    ("value", "fmt", "shown"),
    [
        (13000.0, EN, "13,000"),
        (13000, DE, "13.000"),
        (13000.5, FR, "13 000,5"),
        (1234567.25, CH, "1'234'567.25"),
        (7000, EN, "7000"),  # four digits stay ungrouped
        (0.95, DE, "0,95"),
        (-600, EN, "-600"),
        (0.1 + 0.2, EN, "0.30000000000000004"),  # the float as stored, in full
        (1e-7, DE, "0,0000001"),
        (1e30, EN, "1e30"),
        (None, EN, ""),
    ],
)
def test_a_stored_number_is_written_in_the_pages_format(
    value: float | None, fmt: str, shown: str
) -> None:
    assert format_number_input(value, fmt) == shown


@pytest.mark.parametrize(
    ("value", "fmt", "shown"),
    [(Decimal("13000.50"), EN, "13000.5"), (Decimal("-0.250"), DE, "-0,25"), (1e6, FR, "1000000")],
)
def test_a_suggestion_is_plain_digits(value: Decimal | float, fmt: str, shown: str) -> None:
    assert plain_number(value, fmt) == shown


@given(value=stored_number, fmt=number_format_tag)
def test_every_number_written_in_a_format_reads_back_as_itself(
    value: float | int | Decimal, fmt: str
) -> None:
    read = parse_number(format_number_input(value, fmt), fmt)
    assert read is not None
    assert (float(read) if isinstance(value, float) else read) == value


@given(value=typed_decimal, fmt=number_format_tag)
def test_a_suggested_number_reads_back_as_itself(value: Decimal, fmt: str) -> None:
    assert parse_number(plain_number(value, fmt), fmt) == value


@given(value=typed_decimal, written_in=number_format_tag, read_in=number_format_tag)
def test_a_number_read_otherwise_in_another_format_is_always_noted(
    value: Decimal, written_in: str, read_in: str
) -> None:
    """Nothing is read in a way the trainee did not see: a different reading is refused
    with its reading spelled out, or accepted with a note saying how it was read."""
    text = format_number_input(value, written_in)
    read = _read(text, read_in)
    if isinstance(read, str):
        assert "is not a number in the format" in read
    elif read != value:
        assert reading_note(text, read_in) is not None


@given(text=st.text(max_size=30), fmt=number_format_tag)
def test_any_text_is_a_number_or_a_sentence(text: str, fmt: str) -> None:
    read = _read(text, fmt)
    assert not isinstance(read, str) or read.endswith(".")


# --------------------------------------------------------------------------- notes, JSON


@pytest.mark.parametrize(
    ("text", "fmt", "note"),
    [
        ("1.000", EN, "Read as 1 (1,234.5)."),
        ("1.000", DE, "Read as 1000 (1.234,5)."),
        ("13,000", EN, "Read as 13000 (1,234.5)."),
        ("1,5", DE, None),  # no other format reads it
        ("1 000", EN, None),  # every format reads it alike
        ("0.95", EN, None),
        ("abc", EN, None),
    ],
)
def test_a_reading_another_format_reads_otherwise_is_noted(
    text: str, fmt: str, note: str | None
) -> None:
    assert reading_note(text, fmt) == note


def test_a_whole_reading_is_stored_as_an_int() -> None:
    assert to_json_number(Decimal("13000.00")) == 13000
    assert isinstance(to_json_number(Decimal("13000.00")), int)
    assert to_json_number(Decimal("0.25")) == 0.25


# --------------------------------------------------------------------------- defaults


@pytest.mark.parametrize(
    ("currency", "fmt"),
    [
        ("USD", EN),
        ("GBP", EN),
        ("JPY", EN),
        ("CNY", EN),
        ("INR", EN),
        ("CHF", CH),
        ("EUR", DE),
        ("DKK", DE),
        ("SEK", FR),
        ("NOK", FR),
        ("PLN", FR),
        ("eur", DE),
        ("XYZ", DEFAULT_FORMAT),
        (None, DEFAULT_FORMAT),
    ],
)
def test_a_currency_gives_its_users_usual_format(currency: str | None, fmt: str) -> None:
    assert format_for_currency(currency) == fmt


def test_every_currency_with_a_format_of_its_own_is_an_iso_code() -> None:
    from negotiation_lib.numbers import _BY_CURRENCY

    assert set(_BY_CURRENCY) <= CURRENCY_CODES


@pytest.mark.parametrize(
    ("header", "fmt"),
    [
        ("en-US,en;q=0.9", EN),
        ("en-GB", EN),
        ("de-DE,de;q=0.9,en;q=0.8", DE),
        ("de-CH", CH),
        ("de-AT", FR),
        ("fr-FR", FR),
        ("fr-CH", FR),
        ("it-CH", CH),
        ("pt-BR", DE),
        ("pt-PT", FR),
        ("es-MX", EN),
        ("es", DE),
        ("sv-SE", FR),
        ("ja", EN),
        ("DE_de", DE),
        ("sw", None),
        ("*", None),
        ("", None),
        (None, None),
    ],
)
def test_a_browser_language_gives_its_format(header: str | None, fmt: str | None) -> None:
    assert format_for_language(header) == fmt


def test_the_case_then_the_trainee_then_the_currency_decide() -> None:
    assert choose_format(FR, DE, "USD") == (FORMATS[FR], "case")
    assert choose_format(None, DE, "USD") == (FORMATS[DE], "preference")
    assert choose_format("bogus", None, "CHF") == (FORMATS[CH], "currency")
    assert choose_format(None, None, None) == (FORMATS[DEFAULT_FORMAT], "currency")
