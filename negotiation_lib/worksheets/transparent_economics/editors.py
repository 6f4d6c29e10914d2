"""The transparent-economics page's list editor: every discount, with its principle."""

from __future__ import annotations

from typing import Any

from negotiation_lib.document import CaseDocument
from negotiation_lib.worksheets.fields import Column, ListEditor
from negotiation_lib.worksheets.transparent_economics.text import KINDS, PRINCIPLES

__all__ = ["discount_editor", "new_discount"]


def new_discount(doc: CaseDocument, index: int) -> dict[str, Any]:
    """The discount an "Add" click appends: a name no other discount has, and no principle.

    Names compare without case, as the case's validation does (``Discount 2`` and
    ``discount 2`` are the same name).
    """
    taken = {
        str(item.get("name", "")).casefold()
        for item in doc.get("economics.discounts") or []
        if isinstance(item, dict)
    }
    k = index + 1
    while f"discount {k}" in taken:
        k += 1
    return {
        "name": f"Discount {k}",
        "kind": "percent",
        "amount": 0.0,
        "on_invoice": True,
        "principle": "none",
        "rationale": "",
    }


def discount_editor(doc: CaseDocument) -> ListEditor:
    """The table of discounts: name, kind, amount, on invoice, principle, rationale, saving."""
    return ListEditor(
        doc,
        "economics.discounts",
        [
            Column("name", "Discount", width="10em"),
            Column("kind", "Kind", "choice", "7.5em", options=KINDS),
            Column("amount", "Amount", "number", "5.5em"),
            Column("on_invoice", "On invoice", "check", "4.5em"),
            Column("principle", "Principle", "choice", "9.5em", options=PRINCIPLES),
            Column("rationale", "Rationale", width="13em"),
            Column(
                "seller_saving_per_unit",
                "Saves us per unit",
                "number",
                "6.5em",
                optional=True,
                help_text="What the customer's concession saves the seller per unit "
                "(leave empty if it saves nothing measurable).",
            ),
        ],
        lambda index: new_discount(doc, index),
        "Add a discount",
    )
