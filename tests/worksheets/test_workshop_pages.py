"""Workshop mode without a browser: home page join and resume, resumed worksheets, dashboard.

Every page here works against a real SQLite store in a temporary folder. What a trainee types
is shown escaped; the dashboard shows nothing of a workshop before its key; a wrong resume code
opens nothing.
"""

from __future__ import annotations

import base64
import html
import io
import json
import re
import zipfile
from dataclasses import dataclass
from typing import Any

import comm
import comm.base_comm
import ipywidgets as widgets
import pytest
from ipywidgets.widgets.widget import _instances  # every open widget model
from openpyxl import load_workbook

from negotiation_lib.catalog import workbook_href
from negotiation_lib.datasets import sample_case_path
from negotiation_lib.store import NewWorkshop, Store, StoreError, StoreUnavailableError
from negotiation_lib.store.admin import set_admin_secret
from negotiation_lib.worksheets import app
from negotiation_lib.worksheets.app import open_worksheet
from negotiation_lib.worksheets.autosave import Autosaver
from negotiation_lib.worksheets.client_updates import writable_traits
from negotiation_lib.worksheets.dashboard import DashboardPage, participants_table
from negotiation_lib.worksheets.fields import field_class
from negotiation_lib.worksheets.home import HomePage, WorkshopEntry, case_title
from negotiation_lib.worksheets.page import esc
from negotiation_lib.worksheets.shared_models import is_shared
from tests.worksheets.helpers import field, html_of, models_of, tiles, walk

XSS = "<img src=x onerror=alert(1)>"
RAW_XSS = "<img src=x"
SWIFT = "swiftfreight_helios"
PUMPCO = "pumpco_acme_foods"
WORKSHOP_NAME = "Key accounts spring"
SHEETS = ("value_proposition", "transparent_economics", "win_win")


# `store` (tests/conftest.py): every test here runs on SQLite and on PostgreSQL.


@pytest.fixture
def workshop(store: Store) -> NewWorkshop:
    return store.create_workshop(WORKSHOP_NAME, [PUMPCO, SWIFT, "blank"])


def code_typed_sloppily(join_code: str) -> str:
    """A join code as a trainee may type it: lower case, no dash."""
    return join_code.replace("-", "").lower()


def input_widgets(root: widgets.Widget) -> list[widgets.Widget]:
    """Every control a visitor could type into or press."""
    return [w for w in walk(root) if "disabled" in w.trait_names()]


def every_html(root: widgets.Widget) -> list[str]:
    return [str(w.value) for w in walk(root) if isinstance(w, widgets.HTML)]


def every_value(root: widgets.Widget) -> str:
    """Everything any widget in the tree shows: values, options, and chart outputs."""
    parts: list[str] = []
    for w in walk(root):
        for trait in ("value", "options", "description", "placeholder"):
            if trait in w.trait_names():
                parts.append(str(getattr(w, trait)))
        if isinstance(w, widgets.Output):
            parts.append(json.dumps(w.outputs))
    return "\n".join(parts)


# --------------------------------------------------------------------------- home page: join


def entry(store: Store) -> WorkshopEntry:
    return WorkshopEntry(lambda: store)


def test_typing_a_join_code_shows_the_workshop_and_its_cases(
    store: Store, workshop: NewWorkshop
) -> None:
    form = entry(store)
    form.w_code.value = code_typed_sloppily(workshop.workshop.join_code)
    assert f"Workshop: {WORKSHOP_NAME}" in form.w_join_msg.value
    assert "nw-good" in form.w_join_msg.value
    assert [value for _label, value in form.w_case.options] == [PUMPCO, SWIFT, "blank"]
    assert [label for label, _value in form.w_case.options] == [
        case_title(PUMPCO),
        case_title(SWIFT),
        "Blank case",
    ]
    assert form.w_case.value == PUMPCO
    assert not form.w_case.disabled  # three cases to choose from


def test_a_code_of_a_one_case_workshop_offers_no_choice(store: Store) -> None:
    made = store.create_workshop("Single", [SWIFT])
    form = entry(store)
    form.w_code.value = made.workshop.join_code
    assert form.w_case.value == SWIFT
    assert form.w_case.disabled


def test_a_wrong_join_code_says_so_as_it_is_typed(store: Store, workshop: NewWorkshop) -> None:
    form = entry(store)
    form.w_code.value = "zzz-zzz" if workshop.workshop.join_code != "ZZZ-ZZZ" else "yyy-yyy"
    assert "No workshop has this join code" in form.w_join_msg.value
    assert form.w_case.options == ()
    assert form.w_case.disabled
    form.w_code.value = "ab"  # too short to look anything up
    assert form.w_join_msg.value == ""


@pytest.mark.parametrize(
    ("code", "name", "expected"),
    [
        ("right", "", "Enter a name."),
        ("right", "   ", "Enter a name."),
        ("wrong", "Team Blue", "No workshop has this join code"),
    ],
)
def test_a_join_that_cannot_be_done_says_why_and_creates_nothing(
    store: Store, workshop: NewWorkshop, code: str, name: str, expected: str
) -> None:
    form = entry(store)
    form.w_code.value = workshop.workshop.join_code if code == "right" else "QQQ-QQ2"
    form.w_name.value = name
    form.w_join.click()
    assert expected in form.w_join_msg.value
    assert "nw-bad" in form.w_join_msg.value
    assert form.w_welcome.value == ""
    assert store.participants(workshop.workshop.id) == []


def test_a_duplicate_name_is_refused_with_the_name_escaped(
    store: Store, workshop: NewWorkshop
) -> None:
    store.join(workshop.workshop.join_code, XSS)
    form = entry(store)
    form.w_code.value = code_typed_sloppily(workshop.workshop.join_code)
    form.w_name.value = XSS
    form.w_join.click()
    message = form.w_join_msg.value
    assert "Someone already joined this workshop as" in message
    assert "&lt;img src=x onerror=alert(1)&gt;" in message
    assert RAW_XSS not in message
    assert form.w_welcome.value == ""
    assert len(store.participants(workshop.workshop.id)) == 1


def test_joining_shows_a_resume_code_and_links_that_carry_it(
    store: Store, workshop: NewWorkshop
) -> None:
    form = entry(store)
    form.w_code.value = code_typed_sloppily(workshop.workshop.join_code)
    form.w_case.value = SWIFT
    form.w_name.value = "Team <b>Blue</b>"
    form.w_join.click()

    welcome = form.w_welcome.value
    match = re.search(r"data-resume-code>([^<]+)</span>", welcome)
    assert match is not None
    code = html.unescape(match.group(1))
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    for sheet in SHEETS:
        # Into the participant's workbook (one page, one kernel), at that worksheet.
        assert f"href='{esc(workbook_href(code, sheet))}'" in welcome
    assert "Welcome, Team &lt;b&gt;Blue&lt;/b&gt;" in welcome
    assert "<b>Blue" not in welcome
    assert form.w_join_msg.value == ""
    assert form.w_name.value == ""  # ready for the next team at the same computer

    participant = store.participant_for_resume(code)
    assert participant is not None
    assert participant.name == "Team <b>Blue</b>"
    assert participant.case_name == SWIFT
    latest = store.latest(participant.id)
    assert latest is not None
    assert latest.version == 1
    assert latest.worksheet == "join"


def test_an_unreachable_store_gives_a_message_in_the_form(workshop: NewWorkshop) -> None:
    def broken() -> Store:
        raise StoreUnavailableError("The workshop store cannot be reached right now.")

    form = WorkshopEntry(broken)
    form.w_code.value = workshop.workshop.join_code
    assert "cannot be reached" in form.w_join_msg.value
    form.w_name.value = "Team Blue"
    form.w_join.click()
    assert "cannot be reached" in form.w_join_msg.value
    form.w_resume.value = "AAAA-BBBB-CCCC"
    form.w_open.click()
    assert "cannot be reached" in form.w_resume_msg.value


# --------------------------------------------------------------------------- home page: resume


def test_the_home_page_with_a_resume_code_shows_the_welcome_card(
    store: Store, workshop: NewWorkshop
) -> None:
    joined = store.join(workshop.workshop.join_code, XSS, SWIFT)
    page = HomePage(f"resume={joined.resume_code}", store_factory=lambda: store)
    welcome = page.entry.w_welcome.value
    assert "nw-welcome" in welcome
    assert f"Welcome, {esc(XSS)}" in welcome
    assert WORKSHOP_NAME in welcome
    assert f"data-resume-code>{joined.resume_code}<" in welcome
    assert esc(workbook_href(joined.resume_code, "win_win")) in welcome
    assert page.entry.w_resume_msg.value == ""
    for text in every_html(page.widget):
        assert RAW_XSS not in text


def test_a_resume_code_typed_sloppily_still_opens(store: Store, workshop: NewWorkshop) -> None:
    joined = store.join(workshop.workshop.join_code, "Team Blue")
    form = entry(store)
    form.w_resume.value = " " + joined.resume_code.replace("-", " ").lower() + " "
    form.w_open.click()
    assert "Welcome, Team Blue" in form.w_welcome.value
    assert form.w_resume_msg.value == ""


@pytest.mark.parametrize("code", ["AAAA-BBBB-CCCC", "short", "<script>x</script>"])
def test_a_wrong_resume_code_opens_nothing(store: Store, workshop: NewWorkshop, code: str) -> None:
    store.join(workshop.workshop.join_code, "Team Blue")
    form = entry(store)
    form.w_resume.value = code
    form.w_open.click()
    assert "This resume code opens nothing" in form.w_resume_msg.value
    assert form.w_welcome.value == ""
    assert "Team Blue" not in every_value(form.widget)


def test_an_empty_resume_code_asks_for_one(store: Store) -> None:
    form = entry(store)
    form.w_open.click()
    assert "Enter your resume code" in form.w_resume_msg.value


# --------------------------------------------------------------------------- open_worksheet


@pytest.fixture
def resume_query(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Set ``query["q"]`` to what the Voila page's URL would carry."""
    query = {"q": ""}
    monkeypatch.setattr(app, "page_query", lambda: query["q"])
    return query


def test_a_resume_code_restores_the_saved_case_and_autosaves(
    store: Store, workshop: NewWorkshop, resume_query: dict[str, str]
) -> None:
    joined = store.join(workshop.workshop.join_code, XSS, PUMPCO)
    pid = joined.participant.id
    latest = store.latest(pid)
    assert latest is not None
    assert latest.data is not None
    data = json.loads(json.dumps(latest.data))
    data["economics"]["volume_per_period"] = 777
    data["title"] = "Renewal saved last week"
    store.save(pid, data, "transparent_economics")

    resume_query["q"] = f"resume={joined.resume_code}"
    page = open_worksheet("transparent_economics", store=store)

    saver = page._nw_autosaver
    assert isinstance(saver, Autosaver)
    assert saver.participant_id == pid
    assert saver.worksheet == "transparent_economics"
    assert saver.doc.data == data
    assert saver.status.state == "saved"
    assert saver.status.version == 2
    control = field(page, field_class("economics.volume_per_period"))
    assert str(control.value).replace(",", "") in ("777", "777.0")
    text = html_of(page)
    assert esc(XSS) in text
    assert WORKSHOP_NAME in text
    assert RAW_XSS not in text
    assert f"resume={joined.resume_code}" in text  # navigation keeps the participant

    # A change typed into the page reaches the store (no event loop here: flush saves it).
    control.value = "800"
    assert saver.doc.get("economics.volume_per_period") == 800
    assert saver.flush() is True
    saved = store.latest(pid)
    assert saved is not None
    assert saved.data is not None
    assert saved.version == 3
    assert saved.worksheet == "transparent_economics"
    assert saved.data["economics"]["volume_per_period"] == 800
    assert saved.data["title"] == "Renewal saved last week"


@pytest.mark.parametrize("kind", SHEETS)
def test_a_wrong_resume_code_opens_no_worksheet(
    store: Store, workshop: NewWorkshop, resume_query: dict[str, str], kind: str
) -> None:
    store.join(workshop.workshop.join_code, "Team Blue")
    resume_query["q"] = "resume=AAAA-BBBB-CCCC"
    page = open_worksheet(kind, store=store)
    assert input_widgets(page) == []
    assert not hasattr(page, "_nw_autosaver")
    text = html_of(page)
    assert "This resume code opens nothing" in text
    assert "Team Blue" not in every_value(page)


def test_without_a_resume_code_a_worksheet_is_practice(
    store: Store, resume_query: dict[str, str]
) -> None:
    resume_query["q"] = f"case={SWIFT}"
    page = open_worksheet("value_proposition", store=store)
    assert not hasattr(page, "_nw_autosaver")
    assert input_widgets(page) != []
    statuses = [w for w in walk(page) if w.__class__.__name__ == "SaveStatus"]
    assert len(statuses) == 1
    assert statuses[0].state == "practice"
    assert store.workshops() == []


@pytest.mark.parametrize("kind", SHEETS)
def test_a_preheated_kernel_builds_only_the_page_its_visitor_asked_for(
    monkeypatch: pytest.MonkeyPatch, resume_query: dict[str, str], kind: str
) -> None:
    """While waiting in Voila's pool, a kernel builds nothing: no page is built to be thrown away.

    Every model left open is sent to the visitor's page, and every model built costs the
    kernel's CPU: after a preheated open every new model must be one the page uses, as many
    as a page built without preheating, all of them open, showing the case asked for.
    """
    resume_query["q"] = f"case={SWIFT}"

    built = [0]
    real_open = widgets.Widget.open

    def counting_open(self: widgets.Widget) -> None:
        built[0] += 1  # every widget made, kept or thrown away, opens once
        real_open(self)

    monkeypatch.setattr(widgets.Widget, "open", counting_open)

    def opened(preheat: str) -> tuple[widgets.Widget, set[str], int]:
        monkeypatch.setenv("VOILA_PREHEAT", preheat)
        before, made = set(_instances), built[0]
        page = open_worksheet(kind)
        return page, set(_instances) - before, built[0] - made

    cold_page, _, cold_made = opened("False")
    cold = len(models_of(cold_page))
    for model in [m for m in _instances.values() if is_shared(m)]:
        model.close()  # as in a kernel that has just started
    page, new, made = opened("True")
    used = models_of(page)
    assert new <= {m.model_id for m in used}
    assert len(used) == cold
    # No page built ahead: at most the shared layouts closed above are made anew.
    assert made <= cold_made + len(new)
    assert made < 2 * cold_made
    assert all(m.comm is not None for m in used)
    assert "SwiftFreight" in html_of(page)


@pytest.mark.parametrize("kind", SHEETS)
def test_the_page_a_preheated_kernel_throws_away_sends_nothing_out_of_the_kernel(
    monkeypatch: pytest.MonkeyPatch, resume_query: dict[str, str], kind: str
) -> None:
    """Every message of the page built ahead would be read, then ignored, by the server.

    The kernel's comms are recorded here as ipykernel's would send them: after a preheated
    open, the only models announced are those of the page served, each once, and nothing
    was closed (the page thrown away never existed outside the kernel).
    """
    sent: list[tuple[str, str]] = []

    class RecordingComm(comm.DummyComm):
        def publish_msg(self, msg_type: str, *args: Any, **kwargs: Any) -> None:
            sent.append((msg_type, self.comm_id))

    def recording(*args: Any, **kwargs: Any) -> comm.base_comm.BaseComm:
        return RecordingComm(*args, **kwargs)

    monkeypatch.setattr(comm, "create_comm", recording)
    for model in [m for m in _instances.values() if is_shared(m)]:
        model.close()  # as in a kernel that has just started
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    resume_query["q"] = f"case={SWIFT}"
    page = open_worksheet(kind)
    used = {m.model_id for m in models_of(page)}
    opened = [model for msg_type, model in sent if msg_type == "comm_open"]
    assert sorted(opened) == sorted(used)
    assert [model for msg_type, model in sent if msg_type == "comm_close"] == []
    assert comm.create_comm is recording  # the kernel's own comms are back after the build


# --------------------------------------------------------------------------- dashboard


@dataclass
class Workshop:
    store: Store
    made: NewWorkshop
    ids: dict[str, int]


@pytest.fixture
def running(store: Store, workshop: NewWorkshop) -> Workshop:
    """Three participants: a name that is markup (Swiftfreight), Pumpco, and a blank case."""
    code = workshop.workshop.join_code
    ids = {
        XSS: store.join(code, XSS, SWIFT).participant.id,
        "Team Blue": store.join(code, "Team Blue", PUMPCO).participant.id,
        "Team Blank": store.join(code, "Team Blank", "blank").participant.id,
    }
    return Workshop(store, workshop, ids)


def open_dashboard(running: Workshop) -> DashboardPage:
    page = DashboardPage(lambda: running.store)
    page.w_key.value = running.made.facilitator_key
    page.w_open.click()
    return page


def test_before_a_key_the_dashboard_shows_nothing_of_the_workshop(running: Workshop) -> None:
    page = DashboardPage(lambda: running.store)
    shown = every_value(page.widget)
    for secret in (
        WORKSHOP_NAME,
        running.made.workshop.join_code,
        "Team Blue",
        "Team Blank",
        XSS,
        esc(XSS),
        running.made.facilitator_key,
    ):
        assert secret not in shown
    assert page.view.layout.display == "none"
    assert page.prompt.layout.display != "none"
    assert page.workshop is None
    assert page.people == []


@pytest.mark.parametrize("key", ["wrong-key", "  "])
def test_a_wrong_key_opens_nothing(running: Workshop, key: str) -> None:
    page = DashboardPage(lambda: running.store)
    page.w_key.value = key
    page.w_open.click()
    assert "nw-bad" in page.w_key_msg.value
    assert ("opens no workshop" in page.w_key_msg.value) or (
        "Enter the facilitator key" in page.w_key_msg.value
    )
    assert page.w_key.value == ""  # the key is not left in the page
    assert page.view.layout.display == "none"
    assert page.workshop is None
    shown = every_value(page.widget)
    assert "Team Blue" not in shown
    assert WORKSHOP_NAME not in shown


def test_a_key_given_to_the_page_opens_the_workshop_as_if_typed(running: Workshop) -> None:
    """Under a hub the facilitator's server knows the key from the login."""
    page = DashboardPage(lambda: running.store, key=running.made.facilitator_key)
    assert page.workshop is not None
    assert page.workshop.id == running.made.workshop.id
    assert page.view.layout.display != "none"
    assert page.w_key.value == ""  # the key is not left in the page
    assert {p.name for p in page.people} == {XSS, "Team Blue", "Team Blank"}


def test_a_wrong_key_given_to_the_page_opens_nothing_and_says_so(running: Workshop) -> None:
    page = DashboardPage(lambda: running.store, key="not-a-key-of-any-workshop")
    assert page.workshop is None
    assert "opens no workshop" in page.w_key_msg.value
    assert page.view.layout.display == "none"


def test_the_right_key_shows_everyone_escaped_with_counts(running: Workshop) -> None:
    page = open_dashboard(running)
    assert page.w_key.value == ""
    assert page.workshop is not None
    assert page.workshop.id == running.made.workshop.id
    assert page.view.layout.display is None
    assert page.prompt.layout.display == "none"
    assert WORKSHOP_NAME in page.w_title.value
    assert running.made.workshop.join_code in page.w_title.value

    table = page.w_people.value
    assert "&lt;img" in table
    assert "Team Blue" in table
    assert "Team Blank" in table
    assert table.count("<tr>") == 1 + 3
    for text in every_html(page.widget):
        assert RAW_XSS not in text
    for w in walk(page.widget):
        if isinstance(w, widgets.Output):
            assert RAW_XSS not in json.dumps(w.outputs)

    shown = tiles(page.widget)
    assert shown["joined"] == "3"
    # Nobody did anything yet: the sample cases' win-win packages are not anyone's find, and
    # their seals (Swiftfreight's customer amended once) were not handed out.
    assert shown["win_win"] == "0 of 3"
    assert shown["goalposts"] == "0 of 3"
    assert [label for label, _id in page.w_pick.options] == [XSS, "Team Blue", "Team Blank"]


def _progress_cells(page: DashboardPage) -> dict[str, dict[str, str]]:
    """Each participant's progress cell text per worksheet (``"0% · 0 saves"``)."""
    rows = re.findall(r"<tr>(.*?)</tr>", page.w_people.value, re.S)[1:]
    out = {}
    for r in rows:
        name = html.unescape(re.findall(r"<td class='nw-name'>(.*?)</td>", r)[0])
        cells = re.findall(r"<td data-sheet='(\w+)'>.*?</div>(.*?)</td>", r, re.S)
        out[name] = {sheet: html.unescape(text) for sheet, text in cells}
    return out


def test_the_table_shows_progress_per_worksheet(running: Workshop) -> None:
    page = open_dashboard(running)
    cells = _progress_cells(page)
    assert set(cells) == {XSS, "Team Blue", "Team Blank"}
    # Full sample cases, but nobody has done anything: 0 % everywhere.
    for name in cells:
        assert cells[name] == dict.fromkeys(SHEETS, "0% · 0 saves"), name
    assert "changed since joining" in html_of(page.widget)
    # Team Blue changes the volume (economics: 1 of the worksheet's 2 sections) and saves.
    pid = running.ids["Team Blue"]
    latest = running.store.latest(pid)
    assert latest is not None
    assert latest.data is not None
    economics = dict(latest.data["economics"], volume_per_period=41)
    running.store.save(pid, {"economics": economics}, "transparent_economics", keys=["economics"])
    page.w_refresh.click()
    blue = _progress_cells(page)["Team Blue"]
    assert blue["transparent_economics"].startswith("50% · 1 save · ")
    assert blue["value_proposition"] == "0% · 0 saves"
    assert blue["win_win"] == "0% · 0 saves"


def test_refresh_shows_a_newcomer(running: Workshop) -> None:
    page = open_dashboard(running)
    running.store.join(running.made.workshop.join_code, "Late <team>", PUMPCO)
    page.w_refresh.click()
    assert tiles(page.widget)["joined"] == "4"
    assert "Late &lt;team&gt;" in page.w_people.value
    assert "Updated" in page.w_status.value


def test_participants_table_with_nobody_says_so() -> None:
    import pandas as pd

    text = participants_table([], pd.DataFrame())
    assert "Nobody has joined yet" in text


def test_creating_a_workshop_sets_its_deal_rooms_rounds(store: Store) -> None:
    secret = set_admin_secret()
    page = DashboardPage(lambda: store)
    assert page.w_new_rounds.value == 5  # DEFAULT_ROUNDS, as the facilitator finds it
    assert page.w_new_rounds.options[0] == ("1 (a single negotiation)", 1)
    assert writable_traits(page.w_new_rounds) == frozenset({"index"})
    page.w_new_name.value = "Rounds"
    page.w_new_cases.value = ("valtora_brightmoor",)
    page.w_new_rounds.value = 3
    page.w_admin.value = secret
    page.w_create.click()
    assert [w.rounds for w in store.workshops()] == [3]


def test_creating_a_workshop_shows_its_code_and_key_once(store: Store) -> None:
    secret = set_admin_secret()
    page = DashboardPage(lambda: store)
    page.w_new_name.value = "Tuesday <group>"
    page.w_new_cases.value = (SWIFT, "blank")
    page.w_admin.value = secret
    page.w_create.click()
    message = page.w_create_msg.value
    join = re.search(r"data-join-code>([^<]+)<", message)
    key = re.search(r"data-facilitator-key>([^<]+)<", message)
    assert join is not None
    assert key is not None
    assert "Tuesday &lt;group&gt;" in message
    facilitator_key = html.unescape(key.group(1))
    assert every_value(page.widget).count(facilitator_key) == 1
    assert page.w_new_name.value == ""

    opened = store.workshop_for_key(facilitator_key)
    assert opened is not None
    assert opened.name == "Tuesday <group>"
    assert opened.join_code == join.group(1)
    assert opened.cases == (SWIFT, "blank")
    assert store.workshop_for_key(facilitator_key + "x") is None

    # The key opens the new workshop from the same prompt.
    page.w_key.value = facilitator_key
    page.w_open.click()
    assert page.workshop is not None
    assert page.workshop.id == opened.id
    assert tiles(page.widget)["joined"] == "0"
    assert "Nobody has joined yet" in page.w_people.value


def test_creating_a_workshop_without_a_name_says_so(store: Store) -> None:
    page = DashboardPage(lambda: store)
    page.w_new_name.value = ""
    page.w_admin.value = set_admin_secret()
    page.w_create.click()
    assert "Enter a workshop name" in page.w_create_msg.value
    assert store.workshops() == []


def test_the_read_only_view_disables_everything_and_saves_nothing(running: Workshop) -> None:
    pid = running.ids[XSS]
    # Handed out unsealed: the participant imports Swiftfreight's file with its seals.
    running.store.save(pid, json.loads(sample_case_path(SWIFT).read_text("utf-8")), "import")
    page = open_dashboard(running)
    before = {p: len(running.store.history(p)) for p in running.ids.values()}
    page.w_pick.value = pid
    page.w_show.click()

    (box,) = page.w_readonly.children
    (tab,) = [w for w in walk(box) if isinstance(w, widgets.Tab)]
    assert len(tab.children) == 3
    controls = input_widgets(box)
    assert len(controls) > 20  # the three worksheets' inputs and buttons are all there
    enabled = [w for w in controls if not w.disabled]
    assert enabled == []
    text = "\n".join(every_html(box))
    assert "Read-only" in text
    assert esc(XSS) in text
    assert RAW_XSS not in text
    # The amendment of Swiftfreight's customer is shown with its reason.
    latest = running.store.latest(pid)
    assert latest is not None
    assert latest.data is not None
    reason = latest.data["win_win"]["seals"]["customer"][1]["reason"]
    assert esc(reason) in text

    page.w_refresh.click()
    after = {p: len(running.store.history(p)) for p in running.ids.values()}
    assert after == before


def test_the_export_buttons_hand_the_workbook_and_the_cases_to_the_browser(
    running: Workshop,
) -> None:
    page = open_dashboard(running)
    assert page.w_export_xlsx.deliver()
    assert page.w_export_zip.deliver()
    xlsx, cases = page.w_export_xlsx.delivered, page.w_export_zip.delivered
    assert xlsx is not None
    assert cases is not None
    assert (xlsx.name, xlsx.mime) == (
        "key-accounts-spring.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    assert (cases.name, cases.mime) == ("key-accounts-spring-cases.zip", "application/zip")
    # What the page is sent is the file itself, base64 inside the delivery script.
    assert base64.b64encode(xlsx.content).decode() in xlsx.script
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == [
        "Participants",
        "Results",
        "Sealed definitions",
        "Rooms",
        "Room events",
        "Room disclosures",
        "Workshop",
    ]
    participants = [row[0] for row in book["Participants"].iter_rows(min_row=2, values_only=True)]
    assert participants == [XSS, "Team Blue", "Team Blank"]
    archive = zipfile.ZipFile(io.BytesIO(cases.content))
    # One case per participant, the workshop's manifest and its deal rooms (none here).
    assert len(archive.namelist()) == 5
    assert {"workshop.json", "rooms.json"} <= set(archive.namelist())
    manifest: dict[str, Any] = json.loads(archive.read("workshop.json"))
    assert manifest["cases"] == [PUMPCO, SWIFT, "blank"]


def test_a_participant_who_saved_garbage_does_not_break_the_dashboard(running: Workshop) -> None:
    pid = running.ids["Team Blank"]
    garbage = {"economics": "lots", "trust": [1], "win_win": {"seals": {"seller": [{"v": 1}]}}}
    running.store.save(pid, garbage, "import")
    page = open_dashboard(running)
    assert tiles(page.widget)["joined"] == "3"
    assert "Updated" in page.w_status.value
    page.w_pick.value = pid
    page.w_show.click()
    (box,) = page.w_readonly.children
    assert "Read-only: <b>Team Blank</b>, version 2." in "\n".join(every_html(box))
    assert [w for w in input_widgets(box) if not w.disabled] == []


def test_the_facilitator_closes_the_workshop_in_two_clicks(running: Workshop) -> None:
    page = open_dashboard(running)
    code = running.made.workshop.join_code
    page.w_close.click()
    assert running.store.workshop(running.made.workshop.id).is_open  # asked, not done
    assert code in page.w_close_msg.value
    page.w_close_cancel.click()
    assert running.store.workshop(running.made.workshop.id).is_open
    page.w_close.click()
    page.w_close_confirm.click()
    assert not running.store.workshop(running.made.workshop.id).is_open
    assert page.w_close.disabled
    assert "admits no one" in page.w_close_msg.value
    with pytest.raises(StoreError, match="closed by its facilitator"):
        running.store.join(code, "Late Larry")
    # Reopened later, the dashboard says so at once.
    again = open_dashboard(running)
    assert again.w_close.disabled
