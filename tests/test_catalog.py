"""The worksheet catalog is the one list of worksheets: navigation, progress and exports follow it.

Adding a worksheet is adding one entry to :data:`negotiation_lib.catalog.WORKSHEETS`; these
tests add one (pointing at an existing page class) and check that the page header, the home
page's links, the app, the debrief's progress and columns, the dashboard's table and the
workshop export all know it, with nothing else changed.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook

from negotiation_lib import catalog
from negotiation_lib.catalog import Worksheet
from negotiation_lib.datasets import load_sample_case

PLAN = Worksheet(
    4,
    "negotiation_plan",
    "Negotiation plan",
    ("strategy",),
    "negotiation_lib.worksheets.value_proposition:ValuePropositionWorksheet",
)
"""A fourth worksheet that exists only in these tests."""


@pytest.fixture
def with_plan(monkeypatch: pytest.MonkeyPatch) -> Worksheet:
    """The catalog with :data:`PLAN` added, and nothing else changed."""
    monkeypatch.setattr(catalog, "WORKSHEETS", (*catalog.WORKSHEETS, PLAN))
    return PLAN


def test_the_page_header_links_a_new_worksheet(with_plan: Worksheet) -> None:
    from negotiation_lib.worksheets import page

    case = load_sample_case("pumpco_acme_foods")
    header = page.header_html("win_win", case, "case=pumpco_acme_foods")
    link = "<a href='negotiation_plan.ipynb?case=pumpco_acme_foods'>4 · Negotiation plan</a>"
    assert link in header
    own = page.header_html("negotiation_plan", case, "")
    assert "class='nw-current'>4 · Negotiation plan</a>" in own
    assert "negotiation plan" in own  # the subtitle names the worksheet
    assert page.WORKSHEETS[-1] == ("negotiation_plan", "4 · Negotiation plan")


def test_the_home_page_and_the_app_know_a_new_worksheet(with_plan: Worksheet) -> None:
    from negotiation_lib.worksheets import app, home

    assert "negotiation_plan.ipynb?resume=CODE" in home._links("CODE", "resume")
    assert app.WORKSHEETS["negotiation_plan"] == with_plan.page


def test_the_debrief_counts_progress_on_a_new_worksheet(with_plan: Worksheet) -> None:
    from negotiation_lib import debrief

    case = load_sample_case("pumpco_acme_foods")
    assert debrief.worksheet_progress(case, [])["negotiation_plan"] == 1.0
    assert debrief.worksheet_progress(case, ["strategy.moves[0]"])["negotiation_plan"] == 0.0
    assert debrief.WORKSHEET_SECTIONS["negotiation_plan"] == ("strategy",)
    assert debrief.COLUMNS["progress_negotiation_plan"] == (
        "Negotiation plan (share of sections done)"
    )
    data = {"title": "T", "seller": "S", "customer": "C", "strategy": {"priorities": []}}
    frame = debrief.debrief_frame([debrief.DebriefInput("Team", "blank", data)])
    assert list(frame.columns) == list(debrief.COLUMNS)
    assert frame["progress_negotiation_plan"].tolist() == [1.0]


def test_the_dashboard_and_the_workshop_export_list_a_new_worksheet(
    with_plan: Worksheet,
) -> None:
    from negotiation_lib.debrief import DebriefInput, debrief_frame
    from negotiation_lib.exports.workshop import workshop_workbook
    from negotiation_lib.store import ParticipantInfo, WorkshopInfo
    from negotiation_lib.worksheets.dashboard import participants_table

    now = datetime(2026, 5, 4, 9, 30, tzinfo=UTC)
    person = ParticipantInfo(
        id=1,
        workshop_id=1,
        name="Team Blue",
        case_name="pumpco_acme_foods",
        joined_at=now,
        versions=2,
        last_saved_at=now,
        saves_by_worksheet=(("negotiation_plan", 2, now),),
    )
    workshop = WorkshopInfo(1, "Spring", "K7M-Q2P", ("pumpco_acme_foods",), now)
    data = {"title": "T", "seller": "S", "customer": "C", "strategy": {"priorities": []}}
    results = debrief_frame([DebriefInput("Team Blue", "pumpco_acme_foods", data)])

    table = participants_table([person], results, now)
    assert "<th>4 · Negotiation plan</th>" in table
    assert "data-sheet='negotiation_plan'" in table
    assert "100% · 2 saves" in table

    book = load_workbook(io.BytesIO(workshop_workbook(workshop, [person], results, [])))
    participants = [c.value for c in book["Participants"][1]]
    assert "Saves from Negotiation plan" in participants
    saves = [c.value for c in book["Participants"][2]]
    assert saves[participants.index("Saves from Negotiation plan")] == 2
    assert "Negotiation plan (share of sections done)" in [c.value for c in book["Results"][1]]


def test_a_patched_catalog_is_undone_after_the_test() -> None:
    """The derived names read the catalog when used: nothing cached keeps the extra entry."""
    from negotiation_lib import debrief
    from negotiation_lib.worksheets import page

    assert "negotiation_plan" not in debrief.WORKSHEET_SECTIONS
    assert "progress_negotiation_plan" not in debrief.COLUMNS
    assert all(name != "negotiation_plan" for name, _ in page.WORKSHEETS)


def test_worksheet_three_has_one_title_everywhere() -> None:
    from negotiation_lib.debrief import COLUMNS, debrief_frame
    from negotiation_lib.store import ParticipantInfo
    from negotiation_lib.worksheets.dashboard import participants_table
    from negotiation_lib.worksheets.page import WORKSHEETS, header_html

    title = catalog.worksheet("win_win").title
    assert title == "Win-win definition"
    assert dict(WORKSHEETS)["win_win"] == "3 · Win-win definition"
    assert COLUMNS["progress_win_win"].startswith(title)
    assert "<h1>Win-win definition</h1>" in header_html("win_win", None, "")
    person = ParticipantInfo(1, 1, "Team", "pumpco_acme_foods", datetime.now(UTC))
    assert "<th>3 · Win-win definition</th>" in participants_table([person], debrief_frame([]))
