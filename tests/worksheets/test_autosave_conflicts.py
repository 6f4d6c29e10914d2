"""Two tabs of one worksheet: what the stale tab says and offers (issue 16, point 1).

The pages here are opened as a resume link opens them (:func:`open_worksheet`), twice on one
participant, against a real store (SQLite and PostgreSQL, the ``store`` fixture); saves are
triggered by hand (no event loop). A stale tab that changed other fields is merged and says so;
one that changed the same field saves nothing, says "This worksheet was changed in another
window" and offers two buttons that each do what they say.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pytest

import negotiation_lib.store.engine as store_engine
from negotiation_lib.store import Store, StoreUnavailableError
from negotiation_lib.worksheets import app
from negotiation_lib.worksheets.app import open_worksheet
from negotiation_lib.worksheets.autosave import Autosaver
from negotiation_lib.worksheets.client_updates import guard_client_updates
from negotiation_lib.worksheets.conflict_notice import KEEP_MINE, LOAD_THEIRS, ConflictNotice
from negotiation_lib.worksheets.fields import field_class
from negotiation_lib.worksheets.page import esc
from tests.autosaved import StoredPage, join, newest, open_stored_page, sample_data
from tests.worksheets.helpers import field, walk

SHEET = "transparent_economics"
VOLUME = "economics.volume_per_period"
LIST_PRICE = "economics.list_price_per_unit"
COST = "economics.variable_cost_per_unit"
CHANGED_ELSEWHERE = "This worksheet was changed in another window"


def _unsealed() -> dict[str, Any]:
    data = sample_data()
    data["win_win"].pop("seals", None)
    return data


def _tab(page: widgets.Widget) -> Autosaver:
    saver = page._nw_autosaver
    assert isinstance(saver, Autosaver)
    return saver


def _digits(page: widgets.Widget, path: str) -> str:
    """The digits a field shows (whatever number format the page uses)."""
    return re.sub(r"\D", "", str(field(page, field_class(path)).value))


def _type(page: widgets.Widget, path: str, text: str) -> None:
    field(page, field_class(path)).value = text


def _shown(page: widgets.Widget, widget: widgets.Widget) -> bool:
    """Whether ``widget`` is in the page and displayed."""
    return any(w is widget for w in walk(page)) and widget.layout.display != "none"


@pytest.fixture
def two_tabs(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> tuple[int, widgets.Widget, widgets.Widget]:
    """One participant's economics page open in two tabs, both on version 1."""
    made = store.create_workshop("Two tabs", ["pumpco_acme_foods"])
    joined = store.join(made.workshop.join_code, "Team Two Tabs", initial=_unsealed())
    monkeypatch.setattr(app, "page_query", lambda: f"resume={joined.resume_code}")
    first = open_worksheet(SHEET, store=store)
    second = open_worksheet(SHEET, store=store)
    return joined.participant.id, first, second


def test_the_stale_tab_is_merged_shows_the_other_change_and_says_so(
    store: Store, two_tabs: tuple[int, widgets.Widget, widgets.Widget]
) -> None:
    pid, first, second = two_tabs
    assert _digits(second, VOLUME) == "40"
    _type(first, VOLUME, "41")
    assert _tab(first).flush() is True
    assert _tab(first).status.version == 2

    _type(second, LIST_PRICE, "13100")
    assert _tab(second).flush() is True

    status = _tab(second).status
    assert (status.state, status.version) == ("merged", 3)
    assert status.text == "Saved · version 3 · merged with a change made in another window"
    assert "data-state='merged'" in status.value
    assert _digits(second, VOLUME) == "41"  # the other tab's change, shown at its field
    assert _digits(second, LIST_PRICE) == "13100"
    data = newest(store, pid)
    assert (data["economics"]["volume_per_period"], data["economics"]["list_price_per_unit"]) == (
        41,
        13100,
    )
    assert not _shown(second, _tab(second).notice.widget)
    # The next save of the merged tab starts from version 3: a plain save again.
    _type(second, LIST_PRICE, "13200")
    assert _tab(second).flush() is True
    assert (status.state, status.version) == ("saved", 4)
    assert newest(store, pid)["economics"]["volume_per_period"] == 41


def test_the_same_field_in_the_stale_tab_asks_and_load_theirs_takes_the_other_version(
    store: Store, two_tabs: tuple[int, widgets.Widget, widgets.Widget]
) -> None:
    pid, first, second = two_tabs
    _type(first, VOLUME, "41")
    _tab(first).flush()
    _type(second, VOLUME, "39")

    assert _tab(second).flush() is False

    saver = _tab(second)
    assert saver.status.state == "conflict"
    assert saver.status.text == CHANGED_ELSEWHERE
    assert esc(CHANGED_ELSEWHERE) in saver.status.value
    assert _shown(second, saver.notice.widget)
    assert [b.description for b in (saver.notice.w_load, saver.notice.w_keep)] == [
        LOAD_THEIRS,
        KEEP_MINE,
    ]
    assert not saver.notice.w_load.disabled
    assert [v.version for v in store.history(pid)] == [1, 2]  # nothing saved in silence
    assert _digits(second, VOLUME) == "39"  # and nothing of the page dropped either

    saver.notice.w_load.click()

    assert _digits(second, VOLUME) == "41"
    assert (saver.status.state, saver.status.version) == ("saved", 2)
    assert not _shown(second, saver.notice.widget)
    assert saver.notice.w_load.disabled
    assert [v.version for v in store.history(pid)] == [1, 2]


def test_keep_mine_makes_the_stale_tabs_case_the_newest_version(
    store: Store, two_tabs: tuple[int, widgets.Widget, widgets.Widget]
) -> None:
    pid, first, second = two_tabs
    _type(first, VOLUME, "41")
    _type(first, COST, "6500")
    _tab(first).flush()
    _type(second, VOLUME, "39")
    _tab(second).flush()
    mine = dict(_tab(second).doc.data)

    _tab(second).notice.w_keep.click()

    saver = _tab(second)
    assert (saver.status.state, saver.status.version) == ("saved", 3)
    assert newest(store, pid) == mine  # the page's whole case, as it shows it
    # The other window's cost is not in it: keeping mine replaced that version whole.
    assert newest(store, pid)["economics"]["variable_cost_per_unit"] == 8100
    assert not _shown(second, saver.notice.widget)
    # The first tab, idle meanwhile, learns of it at its next save: the same field again.
    _type(first, VOLUME, "42")
    assert _tab(first).flush() is False
    assert _tab(first).status.state == "conflict"


# --------------------------------------------------------------------------- without pages


def _open(store: Store, pid: int) -> StoredPage:
    return open_stored_page(store, pid, SHEET, build=False)


def test_changes_made_while_the_choice_waits_are_neither_saved_nor_dropped(store: Store) -> None:
    pid = join(store, initial=_unsealed())
    first, second = _open(store, pid), _open(store, pid)
    first.doc.set(VOLUME, 41)
    first.schedule.fire()
    second.doc.set(VOLUME, 39)
    second.schedule.fire()
    assert second.status.state == "conflict"

    second.doc.set("title", "Typed while asked")
    assert second.schedule.waiting == []  # no timer: the save waits for the choice
    assert second.saver.flush() is False
    assert second.status.state == "conflict"
    assert [v.version for v in store.history(pid)] == [1, 2]

    second.saver.keep_mine()
    data = newest(store, pid)
    assert (data["economics"]["volume_per_period"], data["title"]) == (39, "Typed while asked")


def test_a_choice_clicked_when_nothing_waits_does_nothing(store: Store) -> None:
    pid = join(store, initial=_unsealed())
    page = _open(store, pid)
    page.doc.set(VOLUME, 41)
    page.saver.load_theirs()  # no conflict: the typed value stays, and is saved as usual
    page.saver.keep_mine()
    assert page.doc.get(VOLUME) == 41
    assert [v.version for v in store.history(pid)] == [1]
    page.schedule.fire()
    assert newest(store, pid)["economics"]["volume_per_period"] == 41


def _click_from_the_browser(button: widgets.Button) -> None:
    data = {"method": "custom", "content": {"event": "click"}}
    button.comm.handle_msg({"content": {"comm_id": button.model_id, "data": data}, "buffers": []})


def test_the_hidden_buttons_refuse_a_click_sent_from_the_browser() -> None:
    guard_client_updates()
    notice = ConflictNotice()
    clicks: list[str] = []
    notice.on_choice(lambda: clicks.append("load"), lambda: clicks.append("keep"))
    for button in (notice.w_load, notice.w_keep):
        _click_from_the_browser(button)
    assert clicks == []
    notice.show()
    _click_from_the_browser(notice.w_keep)
    assert clicks == ["keep"]


@pytest.mark.parametrize("choice", ["keep", "load"])
def test_a_choice_the_store_cannot_take_keeps_the_question_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, choice: str
) -> None:
    monkeypatch.setattr(store_engine, "LOCK_TIMEOUT_S", 0.2)
    path = tmp_path / "locked.sqlite3"
    store = Store(f"sqlite:///{path}")
    pid = join(store, initial=_unsealed())
    first, second = _open(store, pid), _open(store, pid)
    first.doc.set(VOLUME, 41)
    first.schedule.fire()
    second.doc.set(VOLUME, 39)
    second.schedule.fire()

    def unreachable(_pid: int) -> None:
        raise StoreUnavailableError("The workshop store cannot be reached right now.")

    # Another writer holds the lock (a save cannot begin); reading is cut off by hand, as
    # SQLite's WAL mode lets readers through any lock.
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    monkeypatch.setattr(store, "latest", unreachable)
    try:
        (second.saver.keep_mine if choice == "keep" else second.saver.load_theirs)()
        assert second.status.state == "conflict"
        assert second.saver.notice.visible
        assert "cannot be reached" in second.saver.notice.w_text.value
        assert second.doc.get(VOLUME) == 39
        assert second.schedule.waiting == []
    finally:
        other.rollback()
        other.close()
        monkeypatch.undo()

    second.saver.notice.w_keep.click()
    assert (second.status.state, second.status.version) == ("saved", 3)
    assert newest(store, pid)["economics"]["volume_per_period"] == 39
    store.close()


def test_a_page_left_open_across_a_side_swap_takes_the_new_side_and_says_so(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The facilitator moved the team to the other side while its page was open: the page's next
    save keeps nothing of the old side, shows the new side's case, and tells the team why."""
    from negotiation_lib.datasets import role_play_case_names
    from negotiation_lib.worksheets.autosave import HANDED_OUT

    made = store.create_workshop("Deal rooms", [role_play_case_names()[0]])
    code = made.workshop.join_code
    ann = store.join(code, "Ann")
    bob = store.join(code, "Bob")
    monkeypatch.setattr(app, "page_query", lambda: f"resume={ann.resume_code}")
    page = open_worksheet("value_proposition", store=store)
    handed_as_seller = newest(store, ann.participant.id)

    store.repair(made.workshop.id, made.facilitator_key, [(bob.participant.id, ann.participant.id)])
    as_customer = newest(store, ann.participant.id)
    assert as_customer != handed_as_seller
    _type(page, "title", "Our seller plan")
    assert _tab(page).flush() is False

    status = _tab(page).status
    assert (status.state, status.version) == ("handed_out", 2)
    assert status.text == f"Version 2 · {HANDED_OUT}"
    assert "data-state='handed_out'" in status.value
    assert newest(store, ann.participant.id) == as_customer  # nothing of the old side saved
    assert _tab(page).doc.data["title"] == as_customer["title"]
    assert str(field(page, field_class("title")).value) == as_customer["title"]
    # From there on the page saves on the new side's case.
    _type(page, "title", "Our buyer plan")
    assert _tab(page).flush() is True
    assert (status.state, status.version) == ("saved", 3)
    assert newest(store, ann.participant.id)["title"] == "Our buyer plan"
