"""The participant's workbook in the kernel: worksheets built when first opened, one autosaver.

Against a real store (SQLite and PostgreSQL, the ``store`` fixture) with a scheduler the test
fires by hand (:class:`tests.autosaved.FakeScheduler`).
"""

from __future__ import annotations

import pytest

from negotiation_lib import catalog
from negotiation_lib.catalog import workbook_href
from negotiation_lib.store import Store
from negotiation_lib.worksheets import app
from negotiation_lib.worksheets.app import open_workbook
from negotiation_lib.worksheets.workbook import WorkbookApp, sheet_from_query
from tests.autosaved import FakeScheduler
from tests.worksheets.helpers import html_of


@pytest.fixture
def query(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """What the workbook page's URL carries (``query["q"]``)."""
    holder = {"q": ""}
    monkeypatch.setattr(app, "page_query", lambda: holder["q"])
    return holder


def _open(store: Store, query: dict[str, str], sheet: str | None) -> tuple[WorkbookApp, int]:
    made = store.create_workshop("Room", ["pumpco_acme_foods"])
    joined = store.join(made.workshop.join_code, "Ann")
    query["q"] = workbook_href(joined.resume_code, sheet).split("?", 1)[1]
    page = open_workbook(store=store, schedule=FakeScheduler())
    workbook = page._nw_workbook
    assert isinstance(workbook, WorkbookApp)
    return workbook, joined.participant.id


def test_only_the_worksheet_asked_for_is_built_until_another_is_opened(
    store: Store, query: dict[str, str]
) -> None:
    workbook, _ = _open(store, query, "win_win")
    assert list(workbook.pages) == ["win_win"]
    assert workbook.current == "win_win"
    workbook.w_tabs.value = "value_proposition"
    assert list(workbook.pages) == ["win_win", "value_proposition"]
    first = workbook.pages["value_proposition"]
    workbook.w_tabs.value = "win_win"
    workbook.w_tabs.value = "value_proposition"
    assert workbook.pages["value_proposition"] is first  # built once, kept
    assert workbook.widget.children[0] is first
    # The address bar follows the tab, so a reload opens the same worksheet.
    (output,) = workbook._address.outputs
    assert "sheet=value_proposition" in output["data"]["application/javascript"]


def test_a_change_is_saved_under_the_worksheet_it_was_made_on(
    store: Store, query: dict[str, str]
) -> None:
    workbook, pid = _open(store, query, "transparent_economics")
    workbook.doc.set("economics.volume_per_period", 41)
    # Switching before the deferred save ran: the change is saved at once, as economics.
    workbook.w_tabs.value = "win_win"
    assert workbook.saver.worksheet == "win_win"
    workbook.doc.set("trust.seller_view.credibility", 9)
    assert workbook.saver.flush()
    history = store.history(pid)
    assert [v.worksheet for v in history[-2:]] == ["transparent_economics", "win_win"]
    latest = store.latest(pid)
    assert latest is not None
    assert latest.data is not None
    assert latest.data["economics"]["volume_per_period"] == 41
    assert latest.data["trust"]["seller_view"]["credibility"] == 9


def test_without_a_resume_code_the_workbook_says_where_to_join(query: dict[str, str]) -> None:
    query["q"] = ""
    text = html_of(open_workbook())
    assert "Join a workshop first" in text
    assert "home page" in text


def test_a_resume_code_of_nobody_opens_nothing(store: Store, query: dict[str, str]) -> None:
    query["q"] = "resume=ZZZZ-ZZZZ-ZZZZ"
    assert "This resume code opens nothing" in html_of(open_workbook(store=store))


@pytest.mark.parametrize(
    ("typed", "sheet"),
    [
        ("resume=A&sheet=transparent_economics", "transparent_economics"),
        ("resume=A", catalog.WORKSHEETS[0].name),
        ("resume=A&sheet=<script>", catalog.WORKSHEETS[0].name),
    ],
)
def test_the_sheet_asked_for_is_one_of_the_catalogs(typed: str, sheet: str) -> None:
    assert sheet_from_query(typed) == sheet


def test_after_joining_the_home_page_becomes_the_workbook_in_the_same_kernel(
    store: Store,
) -> None:
    from negotiation_lib.worksheets.home import HomePage

    made = store.create_workshop("Room", ["pumpco_acme_foods"])
    home = HomePage(store_factory=lambda: store)
    entry = home.entry
    assert entry.w_workbook.layout.display == "none"  # nobody to open yet
    entry.w_code.value = made.workshop.join_code
    entry.w_name.value = "Ann"
    entry.w_join.click()
    assert entry.w_workbook.layout.display == ""
    entry.w_workbook.click()

    (page,) = home.widget.children
    workbook = page._nw_workbook
    assert isinstance(workbook, WorkbookApp)
    assert workbook.current == catalog.WORKSHEETS[0].name
    assert "Ann" in html_of(page)
    # It saves for the participant who just joined.
    (ann,) = store.participants(made.workshop.id)
    assert workbook.saver.participant_id == ann.id
