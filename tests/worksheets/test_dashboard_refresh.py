"""The dashboard refreshes itself on a visible interval; the facilitator can pause and resume.

The timer is driven by hand (:class:`tests.autosaved.FakeScheduler`): a test fires what an
event loop would run when its time comes.
"""

from __future__ import annotations

import html
import re

import pytest

from negotiation_lib.store import Store
from negotiation_lib.worksheets.dashboard import DashboardPage
from negotiation_lib.worksheets.dashboard_refresh import REFRESH_EVERY_S, AutoRefresh
from tests.autosaved import FakeScheduler
from tests.worksheets.helpers import tiles


class Counter:
    """A refresh that counts its calls and can be told to fail."""

    def __init__(self) -> None:
        self.calls = 0
        self.fail = False

    def __call__(self) -> None:
        self.calls += 1
        if self.fail:
            raise RuntimeError("the store went away")


def shown(auto: AutoRefresh) -> str:
    """What the line says, as text: "Refreshing every 30 s Pause"."""
    label = re.sub(r"<[^>]+>", "", auto.w_label.value)
    every = auto.w_every.label if auto.w_every.layout.display != "none" else ""
    return " ".join(t for t in (label, every, auto.w_toggle.description) if t)


def test_nothing_runs_before_a_workshop_is_open() -> None:
    timer, refresh = FakeScheduler(), Counter()
    auto = AutoRefresh(refresh, schedule=timer)
    assert timer.waiting == []
    assert shown(auto) == "Refreshing every 30 s Pause"
    auto.resume()  # even resuming refreshes nothing while no workshop is open
    assert refresh.calls == 0
    assert timer.waiting == []


def test_it_refreshes_every_30_seconds_until_paused_and_at_once_when_resumed() -> None:
    timer, refresh = FakeScheduler(), Counter()
    auto = AutoRefresh(refresh, schedule=timer)
    auto.start()
    assert [h.delay for h in timer.waiting] == [REFRESH_EVERY_S] == [30]
    for expected in (1, 2, 3):
        assert timer.fire() == 1
        assert refresh.calls == expected
        assert len(timer.waiting) == 1  # the next one is set
    auto.w_toggle.click()  # Pause
    assert auto.paused
    assert timer.waiting == []
    assert shown(auto) == "Refreshing paused Resume"
    assert timer.fire() == 0
    assert refresh.calls == 3
    auto.w_toggle.click()  # Resume: the facilitator sees the newest at once
    assert not auto.paused
    assert refresh.calls == 4
    assert [h.delay for h in timer.waiting] == [30]
    assert shown(auto) == "Refreshing every 30 s Pause"


def test_a_timer_that_fires_after_the_pause_refreshes_nothing() -> None:
    # An event loop may already be running the call when the pause arrives.
    timer, refresh = FakeScheduler(), Counter()
    auto = AutoRefresh(refresh, schedule=timer)
    auto.start()
    (pending,) = timer.waiting
    auto.pause()
    pending.callback()
    assert refresh.calls == 0
    assert timer.waiting == []


def test_choosing_another_interval_sets_the_next_refresh_from_now() -> None:
    timer, refresh = FakeScheduler(), Counter()
    auto = AutoRefresh(refresh, schedule=timer)
    auto.start()
    auto.w_every.value = 10
    assert [h.delay for h in timer.waiting] == [10]
    assert shown(auto) == "Refreshing every 10 s Pause"
    timer.fire()
    assert [h.delay for h in timer.waiting] == [10]
    auto.pause()
    auto.w_every.value = 60  # while paused: nothing is set until resumed
    assert timer.waiting == []
    auto.resume()
    assert [h.delay for h in timer.waiting] == [60]


def test_a_refresh_that_fails_does_not_end_the_refreshing() -> None:
    timer, refresh = FakeScheduler(), Counter()
    auto = AutoRefresh(refresh, schedule=timer)
    auto.start()
    refresh.fail = True
    with pytest.raises(RuntimeError):
        timer.fire()
    assert len(timer.waiting) == 1
    refresh.fail = False
    timer.fire()
    assert refresh.calls == 2


def test_the_dashboard_shows_a_newcomer_by_itself_and_not_while_paused(store: Store) -> None:
    made = store.create_workshop("Refreshing", ["pumpco_acme_foods"])
    code = made.workshop.join_code
    store.join(code, "Team Blue")
    timer = FakeScheduler()
    page = DashboardPage(lambda: store, schedule=timer)
    assert timer.waiting == []  # the key prompt refreshes nothing
    page.w_key.value = made.facilitator_key
    page.w_open.click()
    assert tiles(page.widget)["joined"] == "1"
    assert "Refreshing every" in page.auto.w_label.value

    store.join(code, "Team <Late>")
    timer.fire()
    assert tiles(page.widget)["joined"] == "2"
    assert "Team &lt;Late&gt;" in page.w_people.value

    page.auto.w_toggle.click()  # Pause
    store.join(code, "Team Paused")
    assert timer.fire() == 0
    assert tiles(page.widget)["joined"] == "2"
    assert "Team Paused" not in page.w_people.value
    page.auto.w_toggle.click()  # Resume
    assert tiles(page.widget)["joined"] == "3"
    assert "Team Paused" in page.w_people.value


def test_under_each_chart_the_dashboard_says_how_many_participants_it_shows(
    store: Store,
) -> None:
    made = store.create_workshop("Counting", ["pumpco_acme_foods", "blank"])
    code = made.workshop.join_code
    store.join(code, "Team Blue")
    blank = store.join(code, "Team Blank", "blank").participant.id
    store.save(blank, {"title": "Starting over"}, "import")  # no sections at all
    page = DashboardPage(lambda: store, schedule=FakeScheduler())
    page.w_key.value = made.facilitator_key
    page.w_open.click()
    said = {
        name: html.unescape(re.sub(r"<[^>]+>", "", w.value)) for name, w in page.w_drawn.items()
    }
    # Team Blank has no price and no trust check; everyone counts for the outcomes.
    assert said["value_splits"] == "From 1 of 2 participants."
    assert said["trust_and_style"] == "From 1 of 2 participants."
    assert said["outcome_counts"] == "From 2 of 2 participants."
    # Each caption sits right under its chart.
    debrief = page.charts["value_splits"].widget
    for box in (w for w in page.view.children if debrief in getattr(w, "children", ())):
        children = list(box.children)
        index = children.index(debrief)
        assert children[index + 1] is page.w_drawn["value_splits"]
        break
    else:
        pytest.fail("the chart is not in a card")
