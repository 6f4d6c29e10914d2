"""The dashboard's class debrief (issue 19): its charts and the slide deck's download.

Three rooms played through a SQLite store (:func:`tests.test_debrief_rooms_by_style.play_rooms`:
room 1 agrees, room 2 walks away, room 3 has an offer open); the numbers behind the charts are
tested in ``tests/figures/test_class_debrief.py``, the deck in ``tests/exports``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from negotiation_lib.debrief_rooms import truth_assessment
from negotiation_lib.domain.errors import CaseError
from negotiation_lib.domain.rooms.rounds import lived_rounds, seed_of
from negotiation_lib.store import Store
from negotiation_lib.worksheets import dashboard_debrief
from negotiation_lib.worksheets.dashboard_rooms import RoomsCard
from tests.test_debrief_rooms import VALTORA_MIDDLE, raw
from tests.test_debrief_rooms_by_style import CASE, Workshop, play_rooms


@pytest.fixture
def played(tmp_path: Path) -> Iterator[Workshop]:
    store = Store(f"sqlite:///{tmp_path / 'store.sqlite3'}")
    try:
        yield play_rooms(store)
    finally:
        store.close()


def _card(w: Workshop, rounds: int | None = 3) -> RoomsCard:
    card = RoomsCard(lambda: w.store)
    card.open(w.id, w.key)
    card.debrief.for_workshop("Tuesday <cohort>", rounds)
    card.refresh({"Forge": 80.0, "Turbine": 70.0, "Cast": 20.0, "Grid": 10.0})
    return card


def test_the_class_debrief_draws_its_four_charts(played: Workshop) -> None:
    card = _card(played)
    section = card.debrief._sections[CASE]
    assert section.debrief is not None
    assert section.debrief.rounds == 3
    titles = [
        slot.figure.layout.title.text
        for slot in (section.money_left, section.cumulative, section.comparison, section.practice)
        if slot.figure is not None
    ]
    assert titles == [
        "Value left on the table, room by room",
        "Cumulative NPV of every pair over 3 rounds",
        "Trust-based pairs against CPT-like pairs after 3 rounds",
        "What the practice opponents earned against each style",
    ]
    # Room 1's pair (trust-based, agreed on the middle package) on the curves, by the model.
    (room_1,) = [p for p in section.debrief.pairs if p.number == 1]
    room_id = played.room_of("Forge")
    values, _ = lived_rounds(
        truth_assessment(raw(CASE)).case, [VALTORA_MIDDLE], seed_of(played.id, room_id), 3
    )
    joint = values.seller_cumulative + values.customer_cumulative
    assert room_1.joint_cumulative == pytest.approx(list(joint))
    assert room_1.style == "trust_based"


def test_the_deck_downloads_as_one_html_file(played: Workshop) -> None:
    card = _card(played)
    button = card.debrief._sections[CASE].w_deck
    assert button.deliver(), button.error
    assert button.delivered is not None
    assert button.delivered.mime == "text/html"
    assert button.delivered.name.startswith("class-debrief-tuesday-cohort-valtora")
    html = button.delivered.content.decode("utf-8")
    assert html.count("<section class='slide") == 7
    assert "Class debrief: Tuesday &lt;cohort&gt;" in html


def test_a_change_of_rounds_computes_the_debrief_again(played: Workshop) -> None:
    card = _card(played)
    assert card.debrief.computed == 1
    card.debrief.for_workshop("Tuesday <cohort>", 4)
    card.refresh()
    assert card.debrief.computed == 2
    section = card.debrief._sections[CASE]
    assert section.debrief is not None
    assert section.debrief.rounds == 4


def test_a_class_debrief_that_cannot_be_computed_says_why(
    played: Workshop, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise CaseError.at("", "The case has no relationship section.")

    monkeypatch.setattr(dashboard_debrief, "class_debrief", refuse)
    card = _card(played)
    section = card.debrief._sections[CASE]
    assert "The class debrief cannot be computed: The case has no relationship section." in (
        section.w_class_msg.value
    )
    assert section.debrief is None
    assert not section.w_deck.deliver()
    assert "could not be computed" in section.w_deck.error
    # The rest of the debrief is still there.
    assert "Room 1" in section.w_rooms.value
