"""Number fields are captioned in the case's own units, and follow them when they change."""

from __future__ import annotations

import html
import re

import ipywidgets as widgets

from negotiation_lib.worksheets.app import load_document
from negotiation_lib.worksheets.transparent_economics import TransparentEconomicsWorksheet
from negotiation_lib.worksheets.value_proposition import ValuePropositionWorksheet
from tests.worksheets.helpers import walk


def captions(page: widgets.Widget) -> list[str]:
    """The captions of the page's fields, as plain text."""
    return [
        html.unescape(re.sub(r"<[^>]+>", "", str(w.value)))
        for w in walk(page)
        if isinstance(w, widgets.HTML) and "nw-label" in w._dom_classes
    ]


def test_the_economics_inputs_carry_the_cases_units() -> None:
    doc, query, _ = load_document("case=pumpco_acme_foods", "pumpco_acme_foods")
    page = TransparentEconomicsWorksheet(doc, query=query)
    shown = captions(page.widget)
    # Seen in issue 16: a volume in the currency. The volume is in units per period.
    assert "Volume (pump per year)" in shown
    assert "List price (EUR per pump)" in shown
    assert "Fixed cost to serve (EUR per year)" in shown
    assert "Seller's BATR (EUR, NPV)" in shown
    assert not [c for c in shown if "Volume" in c and "EUR" in c]
    # Another unit, currency or period: every caption follows.
    doc.set("unit", "pallet")
    doc.set("period", "quarter")
    doc.set("currency", "USD")
    shown = captions(page.widget)
    assert "Volume (pallet per quarter)" in shown
    assert "List price (USD per pallet)" in shown
    assert not [c for c in shown if "EUR" in c or "pump" in c]


def test_the_reference_price_is_captioned_per_unit_in_the_currency() -> None:
    doc, query, _ = load_document("case=cloudledger_northwind", "cloudledger_northwind")
    page = ValuePropositionWorksheet(doc, query=query)
    assert "Its price (USD per seat)" in captions(page.widget)
