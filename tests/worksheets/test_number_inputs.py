"""Number fields read what a trainee types in the page's number format, and say how.

Pages built without a browser: the sample case PumpCo is in EUR, so without a format of its
own or of the trainee's it reads ``1.234,5`` (a thousand is 1.000); the expected values are
written out by hand.
"""

from __future__ import annotations

from typing import Any

import pytest

from negotiation_lib.worksheets.app import load_document
from negotiation_lib.worksheets.inputs import inputs_of, reading_format
from negotiation_lib.worksheets.number_format import (
    FROM_BROWSER,
    FROM_HOME,
    NumberPreference,
    trainee_format,
    use_trainee_format,
    with_numbers,
)
from negotiation_lib.worksheets.transparent_economics import TransparentEconomicsWorksheet
from negotiation_lib.worksheets.value_proposition import ValuePropositionWorksheet
from tests.worksheets.helpers import field, message

PRICE = "value.reference.price_per_unit"
CONFIDENCE = "value.drivers[0].confidence"


def cls(path: str) -> str:
    return "nw-at-" + path.replace(".", "-").replace("[", "-").replace("]", "")


def page(query: str = "case=pumpco_acme_foods", **env: str) -> ValuePropositionWorksheet:
    doc, carried, error = load_document(query, "pumpco_acme_foods")
    assert error is None
    use_trainee_format(doc, query, env)  # as the page's request gives it
    return ValuePropositionWorksheet(doc, carried)


def typed(ws: ValuePropositionWorksheet, path: str, text: str) -> str:
    """Type ``text`` into the field of ``path``; the message line under it."""
    field(ws.widget, cls(path)).value = text
    return message(ws.widget, cls(path))


# --------------------------------------------------------------------------- reading


def test_a_euro_case_reads_a_point_as_thousands_by_default() -> None:
    ws = page()
    assert reading_format(ws.doc).tag == "1.234,5"
    assert field(ws.widget, cls(PRICE)).value == "10.000"
    assert "Read as 1000 (1.234,5)." in typed(ws, PRICE, "1.000")
    assert ws.doc.get(PRICE) == 1000
    assert typed(ws, PRICE, "1 000") == ""
    assert ws.doc.get(PRICE) == 1000
    assert typed(ws, PRICE, "13.000,50") == ""
    assert ws.doc.get(PRICE) == 13000.5
    assert typed(ws, CONFIDENCE, "0,75") == ""
    assert ws.doc.get(CONFIDENCE) == 0.75


def test_an_english_trainee_reads_a_point_as_decimals_and_is_told() -> None:
    ws = page(HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert reading_format(ws.doc).tag == "1,234.5"
    assert field(ws.widget, cls(PRICE)).value == "10,000"
    assert "Read as 1 (1,234.5)." in typed(ws, PRICE, "1.000")
    assert ws.doc.get(PRICE) == 1
    assert typed(ws, PRICE, "1 000") == ""
    assert ws.doc.get(PRICE) == 1000


def test_an_entry_the_format_cannot_read_is_refused_at_the_field_with_its_reading() -> None:
    ws = page(HTTP_ACCEPT_LANGUAGE="en-US")
    before = ws.doc.get(PRICE)
    said = typed(ws, PRICE, "13.000,50")
    assert "“13.000,50” is not a number in the format 1,234.5" in said
    assert "read in the format 1.234,5 it is 13000.5. Type 13000.5" in said
    assert "role='alert'" in said
    assert ws.doc.get(PRICE) == before  # nothing saved changes
    assert ws.doc.problems == []
    assert "1 problem in the inputs" in ws.w_banner.value  # but the banner counts it
    assert "Its price (EUR per pump)" in ws.w_banner.value


def test_changing_the_cases_format_reads_refused_text_again() -> None:
    ws = page(HTTP_ACCEPT_LANGUAGE="en-US")
    typed(ws, PRICE, "13.000,50")
    choice = field(ws.widget, cls("number_format"))
    assert choice.value == ""  # automatic
    assert choice.options[0][0] == "Automatic: 1,234.5 (your browser's language)"
    choice.value = "1.234,5"
    assert ws.doc.get("number_format") == "1.234,5"
    assert ws.doc.get(PRICE) == 13000.5
    assert message(ws.widget, cls(PRICE)) == ""
    assert ws.w_banner.value == ""
    # the other number fields now show their numbers in the case's format
    assert field(ws.widget, cls("value.drivers[0].value_per_unit")).value == "2500"
    assert field(ws.widget, cls(CONFIDENCE)).value == "0,8"
    choice.value = ""  # automatic again: the key leaves the case
    assert "number_format" not in ws.doc.data
    assert field(ws.widget, cls(CONFIDENCE)).value == "0.8"


def test_a_new_currency_brings_its_usual_format() -> None:
    ws = page()
    typed(ws, "currency", "CHF")
    assert field(ws.widget, cls(PRICE)).value == "10'000"
    automatic = field(ws.widget, cls("number_format")).options[0][0]
    assert automatic == "Automatic: 1'234.5 (usual for CHF)"
    # half-typed codes keep the last valid currency's format
    typed(ws, "currency", "US")
    assert field(ws.widget, cls(PRICE)).value == "10'000"


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            "1" + "0" * 30,
            "“1000000000000000000000000000000” is too large: a number here is at most",
        ),
        ("9" * 400, "Enter a number here (you typed “99999999999999999999999999999999999999…”)."),
        ("1e400", "“1e400” is too large"),
        ("1e-400", "“1e-400” is too close to zero to be stored"),
        ("abc", "Enter a number here (you typed “abc”)."),
    ],
)
def test_huge_and_unreadable_entries_are_quoted_as_typed(text: str, said: str) -> None:
    ws = page()
    before = ws.doc.get(PRICE)
    shown = typed(ws, PRICE, text)
    assert said in shown
    assert "10000000000000000198" not in shown  # never the float's digits
    assert ws.doc.get(PRICE) == before


def test_the_limit_is_written_in_the_pages_format() -> None:
    assert "at most 1.000.000.000.000." in typed(page(), PRICE, "1" + "0" * 30)


def test_an_empty_required_number_asks_for_one() -> None:
    ws = page()
    assert "Enter a number here." in typed(ws, PRICE, "  ")
    assert ws.doc.get(PRICE) == 10000


def test_a_number_field_says_its_format_when_pointed_at() -> None:
    ws = page()
    assert field(ws.widget, cls(PRICE)).tooltip == (
        "Numbers are typed as 1.234,5: a thousand is written 1.000 and a half 0,5."
    )


def test_a_reloaded_document_shows_its_numbers_in_the_format() -> None:
    ws = page()
    data = dict(ws.doc.data)
    data["value"] = {**data["value"], "reference": {"name": "X", "price_per_unit": 12345.5}}
    ws.doc.replace(data)
    assert field(ws.widget, cls(PRICE)).value == "12.345,5"


# --------------------------------------------------------------------------- the trainee


def test_the_home_pages_choice_is_the_trainees_and_goes_on_to_the_next_page() -> None:
    query = with_numbers("case=pumpco_acme_foods", "1 234,5")
    doc, carried, _ = load_document(query, "pumpco_acme_foods")
    assert reading_format(doc).tag == "1 234,5"
    assert inputs_of(doc).preferred_from == FROM_HOME
    assert "numbers=1+234%2C5" in carried
    assert trainee_format(carried, None) == ("1 234,5", FROM_HOME)


def test_the_browsers_language_counts_when_the_home_page_chose_nothing() -> None:
    assert trainee_format("case=x", "de-CH") == ("1'234.5", FROM_BROWSER)
    assert trainee_format("case=x&numbers=bogus", "fr") == ("1 234,5", FROM_BROWSER)
    assert trainee_format("case=x", "xx") == (None, "")


def test_the_cases_own_format_wins_over_the_trainees() -> None:
    doc, _, _ = load_document("case=cloudledger_northwind", "pumpco_acme_foods")  # USD
    use_trainee_format(doc, "", {"HTTP_ACCEPT_LANGUAGE": "de-DE"})
    assert reading_format(doc).tag == "1.234,5"
    doc.set("number_format", "1'234.5")
    assert reading_format(doc).tag == "1'234.5"


def test_the_home_page_setting_offers_the_browsers_format_first() -> None:
    choice = NumberPreference("de-DE,de;q=0.9")
    assert choice.widget.options[0] == ("As my browser's language: 1.234,5", "")
    assert choice.tag is None
    choice.widget.value = "1,234.5"
    assert choice.tag == "1,234.5"
    assert NumberPreference("").widget.options[0][0] == "From the case's currency"


# --------------------------------------------------------------------------- tables


def test_a_table_cell_is_named_by_its_column_and_row_in_the_banner() -> None:
    doc, query, _ = load_document("case=pumpco_acme_foods", "pumpco_acme_foods")
    ws = TransparentEconomicsWorksheet(doc, query)
    cell = "economics.discounts[1].amount"
    field(ws.widget, cls(cell)).value = "-5"
    assert "Amount, row 2</a>: Must be at least 0" in ws.w_banner.value


# --------------------------------------------------------------------------- the message line


def _message_lines(ws: ValuePropositionWorksheet, path: str) -> int:
    box = next(w for w in _walk(ws.widget) if cls(path) in w._dom_classes)
    return sum("nw-msg" in w._dom_classes for w in _walk(box))


def _walk(widget: Any) -> Any:
    yield widget
    for child in getattr(widget, "children", ()) or ():
        yield from _walk(child)


def test_a_field_gets_its_message_line_when_it_first_has_something_to_say() -> None:
    ws = page()
    assert _message_lines(ws, PRICE) == 0  # a valid field sends no empty line to the page
    assert "Enter a number here" in typed(ws, PRICE, "ten")
    assert _message_lines(ws, PRICE) == 1
    control = field(ws.widget, cls(PRICE))
    assert "nw-invalid" in control._dom_classes
    assert typed(ws, PRICE, "12000") == ""  # corrected: the line is emptied, not duplicated
    assert _message_lines(ws, PRICE) == 1
    assert "nw-invalid" not in control._dom_classes
    assert ws.doc.get(PRICE) == 12000
