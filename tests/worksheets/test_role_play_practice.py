"""Role-play cases never open on a practice page, nor show on the home page's practice cards.

A role-play case's file holds both sides' confidential facts; a team sees only its own, in a
workshop's deal room. A practice link (``?case=valtora_brightmoor``) gives a page that says so
and builds no worksheet; the checks below look for every private value of both sides in every
widget model the page would send.
"""

from __future__ import annotations

import json

import pytest

from negotiation_lib import catalog
from negotiation_lib.datasets import CASES_DIR, case_title, sample_case_document
from negotiation_lib.document import CaseDocument
from negotiation_lib.formatting import escape
from negotiation_lib.store import Store
from negotiation_lib.worksheets.app import (
    RolePlayCaseError,
    load_document,
    open_worksheet,
    practice_case_names,
)
from negotiation_lib.worksheets.home import ROLE_PLAY_NOTE, HomePage
from negotiation_lib.worksheets.win_win import WinWinWorksheet
from tests.worksheets.helpers import html_of, walk
from tests.worksheets.role_play_secrets import leaked, widget_states

ROLE_PLAY = ("corvane_bluewell", "valtora_brightmoor")
ORDINARY = ("cloudledger_northwind", "pumpco_acme_foods", "swiftfreight_helios")
SHEETS = [w.name for w in catalog.WORKSHEETS]


def _files_with_roles() -> set[str]:
    # Read from the files themselves, not through the library's own test of a role-play case.
    return {p.stem for p in CASES_DIR.glob("*.json") if "roles" in json.loads(p.read_text("utf-8"))}


def _no_store() -> Store:
    raise AssertionError("the home page opens no store until it is used")


@pytest.fixture
def practice_request(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """A request outside Voila's preheating; the test sets its query string."""
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    monkeypatch.delenv("QUERY_STRING", raising=False)
    return monkeypatch


def test_the_samples_hold_the_role_play_cases_these_tests_name() -> None:
    assert _files_with_roles() == set(ROLE_PLAY)
    assert practice_case_names() == list(ORDINARY)


def test_the_leak_check_finds_the_secrets_on_a_page_built_from_the_truth() -> None:
    # Without this, a check that finds nothing would pass on any page.
    for name in ROLE_PLAY:
        page = WinWinWorksheet(CaseDocument(sample_case_document(name)), query="").widget
        found = leaked(widget_states(page), name)
        assert any(f.startswith("seller: ") for f in found), found
        assert any(f.startswith("customer: ") for f in found), found


# --------------------------------------------------------------------------- home page


def test_the_home_page_has_practice_cards_for_the_ordinary_cases_only() -> None:
    page = HomePage("", store_factory=_no_store)
    assert set(page.w_cards) == set(ORDINARY)
    shown = html_of(page.widget)
    for name in ORDINARY:
        assert f"data-case='{name}'" in shown
    for name in ROLE_PLAY:
        assert name not in shown
        assert case_title(name) not in shown
        assert leaked(widget_states(page.widget), name) == []
    # Figures the cards showed, from both sides' secrets (the fair prices, DESIGN §3).
    assert "27,148 EUR" not in shown
    assert "1,178 USD" not in shown


def test_the_home_page_says_where_role_play_cases_are_played() -> None:
    shown = html_of(HomePage("", store_factory=_no_store).widget)
    assert "deal room" in ROLE_PLAY_NOTE
    assert escape(ROLE_PLAY_NOTE) in shown


# --------------------------------------------------------------------------- practice pages


@pytest.mark.parametrize("name", ROLE_PLAY)
def test_a_practice_document_is_never_loaded_for_a_role_play_case(name: str) -> None:
    with pytest.raises(RolePlayCaseError) as asked:
        load_document(f"case={name}", "pumpco_acme_foods")
    assert asked.value.name == name
    # The notebook's own default falls under the same rule when the URL names no real case.
    with pytest.raises(RolePlayCaseError):
        load_document("case=no_such_case", name)


@pytest.mark.parametrize("name", ROLE_PLAY)
@pytest.mark.parametrize("sheet", SHEETS)
def test_a_practice_link_to_a_role_play_case_opens_a_message_and_no_worksheet(
    practice_request: pytest.MonkeyPatch, sheet: str, name: str
) -> None:
    practice_request.setenv("QUERY_STRING", f"case={name}")
    page = open_worksheet(sheet, "pumpco_acme_foods")
    shown = html_of(page)
    assert "This case is played in a deal room" in shown
    assert "role-play case" in shown
    assert "deal room" in shown
    assert "confidential facts" in shown
    assert "teaching note" in shown
    assert f"negotiation-workbook report data/cases/{name}.json" in shown
    # No worksheet: no tile, no input, nothing but the message.
    assert "data-kpi" not in shown
    assert not [w for w in walk(page) if hasattr(w, "value") and not isinstance(w.value, str)]
    assert leaked(widget_states(page), name) == []


@pytest.mark.parametrize("name", ROLE_PLAY)
def test_a_notebook_whose_own_case_is_a_role_play_case_opens_the_message_too(
    practice_request: pytest.MonkeyPatch, name: str
) -> None:
    page = open_worksheet("win_win", name)  # no query: the notebook's parameter decides
    assert "This case is played in a deal room" in html_of(page)
    assert leaked(widget_states(page), name) == []


def test_an_ordinary_practice_link_still_opens_its_worksheet(
    practice_request: pytest.MonkeyPatch,
) -> None:
    practice_request.setenv("QUERY_STRING", "case=swiftfreight_helios")
    shown = html_of(open_worksheet("win_win", "pumpco_acme_foods"))
    assert "data-kpi" in shown
    assert "played in a deal room" not in shown
