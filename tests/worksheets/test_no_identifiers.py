"""No page shows a case key where a label belongs: the fast check, over the built widgets.

Every worksheet on every sample case, the home page and the facilitator dashboard (opened on a
workshop with a participant per sample case, and a participant's worksheets read-only) are
built without a browser; what they show (the HTML widgets' text, buttons, choices, input
values and placeholders, tab titles, and the charts' titles, axes, legends and labels) must
hold no ``snake_case`` identifier of the case schema, the samples, the report or the domain
(:mod:`tests.identifiers`). The browser version reads ``document.body.innerText``
(``tests/browser/test_no_identifiers.py``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import plotly.graph_objects as go
import pytest

from negotiation_lib import catalog
from negotiation_lib.datasets import sample_case_names
from negotiation_lib.store import Store
from negotiation_lib.worksheets.app import load_document
from negotiation_lib.worksheets.dashboard import DashboardPage
from negotiation_lib.worksheets.home import HomePage
from negotiation_lib.worksheets.page import FigureSlot
from tests.identifiers import context, identifiers, shown_identifiers
from tests.worksheets.helpers import sample_document, walk

_PUMPCO = "pumpco_acme_foods"
_HIDDEN = re.compile(r"<(style|script)\b[^>]*>.*?</\1>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")
_UNROUNDED = re.compile(r"\d[.,]\d{5,}")


def _html_text(value: str) -> str:
    return html.unescape(_TAG.sub(" ", _HIDDEN.sub(" ", value)))


def _figure_text(figure: go.Figure) -> Iterator[str]:
    """What a chart writes on screen: titles, axis titles, legend names, annotations, ticks."""
    layout = figure.to_plotly_json().get("layout", {})

    def texts(node: Any) -> Iterator[str]:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("text", "ticktext") or (key == "title" and isinstance(value, str)):
                    yield from (value if isinstance(value, list) else [value])
                else:
                    yield from texts(value)
        elif isinstance(node, list | tuple):
            for value in node:
                yield from texts(value)

    yield from (str(t) for t in texts(layout))
    for trace in figure.data:
        for key in ("name", "text", "hovertemplate", "customdata"):
            value = getattr(trace, key, None)
            if value is not None:
                yield str(value if not hasattr(value, "tolist") else value.tolist())


def visible_text(root: widgets.Widget, slots: Sequence[FigureSlot] = ()) -> str:
    """All the text a page shows a user, one piece per line."""
    out: list[str] = []
    for w in walk(root):
        if isinstance(w, widgets.HTML | widgets.Label):
            out.append(_html_text(str(w.value)))
        if isinstance(w, widgets.Button | widgets.Checkbox | widgets.ToggleButton):
            out += [str(w.description), str(getattr(w, "tooltip", "") or "")]
        if isinstance(w, widgets.Text | widgets.Textarea):
            out += [str(w.value), str(w.placeholder), str(w.description)]
        if isinstance(w, widgets.Dropdown | widgets.SelectMultiple):
            out += [str(label) for label in w._options_labels]
            out.append(str(w.description))
        if isinstance(w, widgets.Tab):
            out += [str(t) for t in w.titles]
    for slot in slots:
        if slot.figure is not None:
            out += [_html_text(t) for t in _figure_text(slot.figure)]
    return "\n".join(out)


def _slots(owner: object) -> list[FigureSlot]:
    found = [v for v in vars(owner).values() if isinstance(v, FigureSlot)]
    for value in vars(owner).values():
        if isinstance(value, dict):
            found += [v for v in value.values() if isinstance(v, FigureSlot)]
    return found


def _assert_no_identifiers(text: str, where: str) -> None:
    shown = shown_identifiers(text)
    assert not shown, f"{where} shows identifiers: " + "; ".join(
        f"{w!r} in “…{context(text, w)}…”" for w in shown
    )


def test_the_win_win_page_calls_issues_by_their_names() -> None:
    doc, query, _ = load_document(f"case={_PUMPCO}", _PUMPCO)
    page = catalog.worksheet("win_win").page_class()(doc, query=query)
    text = visible_text(page.widget, _slots(page))
    for name in ("Price per pump", "Warranty", "Payment terms", "Contract years"):
        assert name in text


def test_the_identifiers_include_the_ones_users_saw() -> None:
    # The check is only as good as its list: the words seen in issue 16 are on it.
    for seen in ("price_per_pump", "payment_terms", "pumpco_acme_foods", "discount_exceeds_saving"):
        assert seen in identifiers()
    assert shown_identifiers("Payment terms · payment_terms") == ["payment_terms"]


@pytest.mark.parametrize("case", sample_case_names())
@pytest.mark.parametrize("sheet", [w.name for w in catalog.WORKSHEETS])
def test_a_worksheet_shows_labels_not_keys(sheet: str, case: str) -> None:
    doc, query = sample_document(case)
    page = catalog.worksheet(sheet).page_class()(doc, query=query)
    text = visible_text(page.widget, _slots(page))
    _assert_no_identifiers(text, f"{sheet} ({case})")
    # One number policy: what the page writes is rounded (a score is never 67.44186046511628).
    written = visible_text(page.widget)
    assert not _UNROUNDED.findall(written), f"{sheet} ({case}): {_UNROUNDED.findall(written)}"


def test_the_home_page_shows_case_titles_not_names() -> None:
    def no_store() -> Store:
        raise AssertionError("the home page opens no store until it is used")

    page = HomePage("", store_factory=no_store)
    text = visible_text(page.widget)
    assert "PumpCo and Acme Foods: supply renewal" in text
    _assert_no_identifiers(text, "home")


def test_the_dashboard_shows_case_titles_and_labels(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'store.sqlite3'}")
    try:
        made = store.create_workshop("Key accounts", sample_case_names())
        for k, case in enumerate(sample_case_names()):
            store.join(made.workshop.join_code, f"Team {k + 1}", case)
        page = DashboardPage(store_factory=lambda: store)
        _assert_no_identifiers(visible_text(page.widget), "dashboard (key prompt)")
        page.open(made.workshop)
        text = visible_text(page.widget, list(page.charts.values()))
        assert "PumpCo and Acme Foods: supply renewal" in text
        _assert_no_identifiers(text, "dashboard")
        page.w_show.click()  # a participant's worksheets, read-only
        _assert_no_identifiers(visible_text(page.w_readonly), "dashboard (read-only worksheets)")
    finally:
        store.close()
