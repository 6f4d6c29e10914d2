"""The dashboard's deal rooms card and the deal-room debrief, on a SQLite store.

The debrief's rooms are played through the store (:func:`tests.test_debrief_rooms_by_style.
play_rooms`); the expected figures are computed by hand (:mod:`tests.test_debrief_rooms`).
"""

from __future__ import annotations

import copy
import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from negotiation_lib.store import Store
from negotiation_lib.worksheets.dashboard import DashboardPage
from negotiation_lib.worksheets.dashboard_debrief import team_styles
from negotiation_lib.worksheets.dashboard_rooms import RoomsCard
from tests.autosaved import FakeScheduler
from tests.test_debrief_rooms import hand_batna_npv, hand_money, hand_value_left, parts
from tests.test_debrief_rooms_by_style import CASE, Workshop, middle_utilities, play_rooms


def test_repair_puts_two_teams_in_a_new_room_and_says_so(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'store.sqlite3'}")
    try:
        made = store.create_workshop("Re-pair test", ["valtora_brightmoor"])
        code = made.workshop.join_code
        a, b, c = (store.join(code, n).participant.id for n in ("Ann", "Ben", "Cat"))
        card = RoomsCard(lambda: store)
        card.open(made.workshop.id, made.facilitator_key)
        card.refresh()
        # Ann (seller) and Ben (buyer) share room 1; Cat (seller) waits in room 2.
        assert "data-room='1'" in card.w_rooms.value
        assert "waiting for a counterpart" in card.w_rooms.value
        card.w_seller.value, card.w_buyer.value = c, b
        card._on_repair()
        assert "Cat and Ben now negotiate in room 3; Ann waits in room 4." in card.w_msg.value
        seat = store.room_for(b)
        assert seat is not None
        assert (seat.number, seat.counterpart_id) == (3, c)
        ann = store.room_for(a)
        assert ann is not None
        assert ann.waiting
        # A team paired with itself is refused with the store's sentence; nothing changes.
        card.w_seller.value, card.w_buyer.value = c, c
        card._on_repair()
        assert "cannot negotiate with itself" in card.w_msg.value
        assert len(store.rooms(made.workshop.id)) == 4
    finally:
        store.close()


# --------------------------------------------------------------------------- the debrief


def _text(markup: str) -> str:
    """What a reader sees of some HTML: tags dropped, entities read, spaces folded."""
    cells = re.sub(r"</?(td|th|tr|li|ul|div)\b[^>]*>", " ", markup)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", cells)).split())


def _room(markup: str, number: int) -> str:
    found = re.search(rf"<tbody data-room='{number}'[^>]*>(.*?)</tbody>", markup, re.S)
    assert found is not None, f"room {number} is not in the table"
    return found.group(0)


def _cell(markup: str, side: str, column: str) -> str:
    row = re.search(rf"<tr data-side='{side}'>(.*?)</tr>", markup, re.S)
    assert row is not None
    cell = re.search(rf"data-column='{column}'>(.*?)</td>", row.group(1), re.S)
    assert cell is not None
    return _text(cell.group(1))


def _euros(x: float) -> str:
    """An amount as the workbook writes it, written here independently: 1,234 EUR, −5 EUR."""
    return f"{x:,.0f} EUR".replace("-", "\u2212")


@pytest.fixture
def played(tmp_path: Path) -> Iterator[Workshop]:
    store = Store(f"sqlite:///{tmp_path / 'store.sqlite3'}")
    try:
        yield play_rooms(store)
    finally:
        store.close()


def _card(w: Workshop, styles: dict[str, float | None] | None = None) -> RoomsCard:
    card = RoomsCard(lambda: w.store)
    card.open(w.id, w.key)
    card.refresh(styles or {})
    return card


def test_the_debrief_table_shows_each_rooms_outcome_with_units(played: Workshop) -> None:
    card = _card(played)
    (section,) = card.debrief._sections.values()
    table = section.w_rooms.value
    agreed = _room(table, 1)
    assert "data-status='agreed'" in agreed
    assert "Agreement: Price per housing 27,500 EUR per housing;" in _text(agreed)
    # By hand (tests.test_debrief_rooms): 60.5 and 67.28 utility points, 659,600 EUR a year
    # of joint gain of which the seller has 372,000 (56%), and the NPVs of DESIGN §3.
    u_s, u_c = middle_utilities()
    assert _cell(agreed, "seller", "utility") == "60.5 of 100"
    assert _cell(agreed, "customer", "utility") == f"{u_c:.1f} of 100" == "67.3 of 100"
    money = hand_money(CASE, 27500)
    assert _cell(agreed, "seller", "npv") == _euros(money["npv_s"])
    assert _cell(agreed, "customer", "npv") == _euros(money["npv_c"])
    assert _cell(agreed, "seller", "joint_gain") == "659,600 EUR per year"
    assert _cell(agreed, "seller", "seller_share") == f"{372000 / 659600:.0%}" == "56%"
    left = hand_value_left(CASE, (u_s, u_c))
    assert _cell(agreed, "seller", "value_left") == f"{left:.1f} points each"
    assert _cell(agreed, "seller", "offers") == "2"
    assert _cell(agreed, "seller", "time_to_agree").endswith(" s")
    assert _cell(agreed, "seller", "goalposts") == "none"
    # The buyer's BATNA was stated as −100,000 EUR a year; it is −260,000.
    assert (
        "1 fact shared; 1 differed from the truth: Turbine (buyer), Customer's BATNA: stated "
        "\u2212100,000 EUR per year, true \u2212260,000 EUR per year" in _text(agreed)
    )

    walked = _room(table, 2)
    assert "No agreement: Grid walked away." in _text(walked)
    assert _cell(walked, "seller", "utility") == "40.0 of 100"
    assert _cell(walked, "customer", "utility") == "30.0 of 100"
    assert _cell(walked, "seller", "npv") == _euros(hand_batna_npv(CASE, "seller"))
    assert _cell(walked, "customer", "npv") == _euros(hand_batna_npv(CASE, "customer"))
    assert _cell(walked, "seller", "joint_gain") == "0 EUR per year"
    assert _cell(walked, "seller", "seller_share") == "–"
    assert _cell(walked, "seller", "time_to_agree") == "–"
    assert "Disclosures: nothing shared." in _text(walked)
    assert "No agreement yet: still negotiating." in _text(_room(table, 3))
    assert _text(_room(table, 4)) == "Room 4 · Waiting for a counterpart"

    # Across the rooms: the chart holds both agreements' points.
    figure = section.chart.figure
    assert figure is not None
    names = [t.name for t in figure.data]
    assert "Room 1: Forge and Turbine" in names
    # Rooms 3 (negotiating) and 4 (waiting) have not ended: only room 2 is at the walk-away point.
    assert "Walk-away point (rooms that ended without an agreement: 2)" in names
    assert "1 ended without an agreement, 2 still open" in str(figure.layout.title.subtitle.text)


def test_the_styles_table_groups_the_outcomes(played: Workshop) -> None:
    styles: dict[str, float | None] = {"Forge": 80.0, "Cast": 60.0, "Turbine": 20.0}
    card = _card(played, styles)
    (section,) = card.debrief._sections.values()
    table = section.w_styles.value
    trust = re.search(r"<tr data-style='trust_based'>(.*?)</tr>", table, re.S)
    assert trust is not None
    u_s, _ = middle_utilities()
    left = (hand_value_left(CASE, middle_utilities()) + hand_value_left(CASE, (40, 30))) / 2
    assert _text(trust.group(1)) == (
        f"Trust-based Cast, Forge 2 2 1 {(u_s + 40) / 2:.1f} of 100 329,800 EUR per year "
        f"{left:.1f} points each"
    )
    unanswered = re.search(r"<tr data-style='unanswered'>(.*?)</tr>", table, re.S)
    assert unanswered is not None
    assert _text(unanswered.group(1)).startswith("Not answered by the team Grid, Mould, Rotor 3 1")
    assert "2 teams still negotiate" in _text(table)


def test_every_team_name_is_escaped(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'store.sqlite3'}")
    evil = "<img src=x onerror=alert(1)>"
    try:
        w = play_rooms(store, (evil, "Turbine", "Cast", "Grid", "Mould", "Rotor", "Late"))
        card = _card(w, {evil: 90.0})
        (section,) = card.debrief._sections.values()
        for markup in (section.w_rooms.value, section.w_styles.value):
            assert "<img" not in markup
            assert "&lt;img src=x onerror=alert(1)&gt;" in markup
    finally:
        store.close()


def test_the_debrief_is_computed_again_only_when_a_room_or_a_style_changed(
    played: Workshop,
) -> None:
    card = _card(played, {"Forge": 80.0})
    assert card.debrief.computed == 1
    before = card.debrief._sections[CASE].w_rooms.value
    card.refresh()  # nothing happened: the last styles are kept, nothing is computed
    card.refresh({"Forge": 80.0})
    assert card.debrief.computed == 1
    mould = played.room_of("Mould")
    played.store.act(mould, played.ids["Rotor"], "walked_away", {"reason": "No."})
    card.refresh()
    assert card.debrief.computed == 2
    after = card.debrief._sections[CASE].w_rooms.value
    assert after != before
    assert "data-room='3' data-status='walked_away'" in after
    card.refresh({"Forge": 20.0})
    assert card.debrief.computed == 3


def test_a_style_left_as_handed_out_is_not_the_teams_own(played: Workshop) -> None:
    from negotiation_lib.debrief import DebriefInput, debrief_frame

    store, workshop_id = played.store, played.id

    def styles() -> dict[str, float | None]:
        people = store.participants(workshop_id)
        documents = store.latest_documents(workshop_id)
        starts = store.starting_documents(workshop_id)
        frame = debrief_frame(
            DebriefInput(p.name, p.case_name, documents.get(p.id, {}), starts.get(p.id))
            for p in people
        )
        return team_styles(frame, people, documents, starts)

    # A seller of this case is handed its character's style answers: not the team's own.
    _, seller, _ = parts(CASE)
    assert seller["trust"]["style_answers"]
    assert styles()["Forge"] is None
    # Forge answers for itself: agrees with every trust-based statement, with no CPT one.
    latest = store.latest(played.ids["Forge"])
    assert latest is not None
    assert latest.data is not None
    data = copy.deepcopy(latest.data)
    answers = data["trust"]["style_answers"]
    data["trust"]["style_answers"] = {k: 5 if k.startswith("trust_") else 1 for k in answers}
    store.save(played.ids["Forge"], data, "win_win")
    assert styles()["Forge"] == pytest.approx(100.0)  # every item scores (5 − 1)/4 = 1
    assert styles()["Turbine"] is None  # the buyer was handed no answers and gave none


def test_the_dashboard_shows_the_debrief_as_its_own_card(played: Workshop) -> None:
    page = DashboardPage(lambda: played.store, schedule=FakeScheduler())
    page.w_key.value = played.key
    page.w_open.click()
    cards = list(page.view.children)
    card = page.rooms.debrief.widget
    assert cards.index(card) == cards.index(page.rooms.widget) + 1
    assert card.layout.display != "none"
    assert "Room 1" in page.rooms.debrief._sections[CASE].w_rooms.value
