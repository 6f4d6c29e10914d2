"""An analyst's what-if on a worksheet: the notebook's scenario and overrides, never the URL's."""

from __future__ import annotations

import copy

import ipywidgets as widgets
import pytest

from negotiation_lib.datasets import sample_case_document
from negotiation_lib.store import Store
from negotiation_lib.worksheets.app import open_worksheet
from negotiation_lib.worksheets.what_if import what_if
from tests.worksheets.helpers import html_of, walk

CASE = "pumpco_acme_foods"
VOLUME = "economics.volume_per_period"
ONE_SIDED = "relationship.retention_one_sided"


@pytest.fixture
def practice_request(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """A request outside Voila's preheating; the test sets its query string."""
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    monkeypatch.delenv("QUERY_STRING", raising=False)
    return monkeypatch


def _with_scenarios() -> dict[str, object]:
    base = sample_case_document(CASE)
    base["scenarios"] = [
        {"name": "Low <retention>", "overrides": {ONE_SIDED: 0.5}},
        {"name": "Double", "overrides": {VOLUME: 80}},
    ]
    return base


def _texts(page: widgets.Widget) -> list[str]:
    return [w.value for w in walk(page) if isinstance(w, widgets.Text)]


def _banner_index(page: widgets.Widget) -> int:
    children = list(page.children)
    found = [
        k for k, w in enumerate(children) if isinstance(w, widgets.HTML) and "nw-what-if" in w.value
    ]
    assert len(found) == 1
    return found[0]


# --------------------------------------------------------------------------- what_if


def test_no_scenario_and_no_overrides_is_no_what_if() -> None:
    base = sample_case_document(CASE)
    assert what_if(base, None, None) is None
    assert what_if(base, "", {}) is None
    assert what_if(base, None, "") is None


def test_overrides_apply_by_path_and_the_banner_names_each_change() -> None:
    base = sample_case_document(CASE)
    kept = copy.deepcopy(base)
    w = what_if(base, None, {ONE_SIDED: 0.8, VOLUME: 80})
    assert w is not None
    assert w.applied
    assert w.document["relationship"]["retention_one_sided"] == 0.8
    assert w.document["economics"]["volume_per_period"] == 80
    assert base == kept  # the base is never changed
    assert "Retention when one-sided 80% (base 60%)" in w.banner
    assert "Volume (pump per year) 80 (base 40)" in w.banner
    assert "nothing is saved" in w.banner


def test_overrides_may_come_as_json_text_as_papermill_gives_them() -> None:
    w = what_if(sample_case_document(CASE), None, '{"economics.volume_per_period": 55}')
    assert w is not None
    assert w.applied
    assert w.document["economics"]["volume_per_period"] == 55


def test_a_named_scenario_applies_its_overrides_then_the_notebooks_on_top() -> None:
    base = _with_scenarios()
    w = what_if(base, "Low <retention>", {VOLUME: 60})
    assert w is not None
    assert w.applied
    assert w.document["relationship"]["retention_one_sided"] == 0.5
    assert w.document["economics"]["volume_per_period"] == 60
    assert "scenarios" not in w.document
    # The scenario's name is the analyst's text: escaped.
    assert "Scenario “Low &lt;retention&gt;”" in w.banner
    assert "<retention>" not in w.banner
    # The notebook's overrides win over the scenario's own.
    w = what_if(base, "Double", {VOLUME: 30})
    assert w is not None
    assert w.document["economics"]["volume_per_period"] == 30


@pytest.mark.parametrize(
    ("scenario", "overrides", "words"),
    [
        (None, {"economics.volume": 80}, "did you mean volume_per_period"),
        (None, {ONE_SIDED: "high"}, "takes a number"),
        (None, {ONE_SIDED: 1.5}, ONE_SIDED),
        (None, "{not json", "not JSON"),
        (None, ["economics.volume_per_period", 80], "not a set of key paths"),
        ("Missing", None, "no scenario called “Missing”; its scenarios are: Low"),
    ],
)
def test_bad_overrides_leave_the_case_itself_with_a_sentence(
    scenario: str | None, overrides: object, words: str
) -> None:
    base = _with_scenarios()
    kept = copy.deepcopy(base)
    w = what_if(base, scenario, overrides)
    assert w is not None
    assert not w.applied
    assert w.document == kept
    assert words in w.banner.replace("&lt;", "<").replace("&gt;", ">").replace("&#34;", '"')
    assert "nw-bad" in w.banner
    assert "The case itself is shown" in w.banner
    assert "Traceback" not in w.banner


# --------------------------------------------------------------------------- the page


def test_the_page_opens_the_what_if_under_a_banner_at_its_top(
    practice_request: pytest.MonkeyPatch,
) -> None:
    page = open_worksheet("transparent_economics", CASE, None, {VOLUME: 77})
    assert "77" in _texts(page)
    assert "Volume (pump per year) 77 (base 40)" in html_of(page)
    assert _banner_index(page) == 2  # right under the header, above the session bar
    assert "Practice mode: nothing is saved" in html_of(page)


def test_bad_overrides_open_the_case_itself_with_the_sentence(
    practice_request: pytest.MonkeyPatch,
) -> None:
    page = open_worksheet("transparent_economics", CASE, None, {"economics.volume": 77})
    assert "77" not in _texts(page)
    assert "40" in _texts(page)
    assert "economics.volume is not a field of a case" in html_of(page)
    _banner_index(page)


def test_a_url_cannot_set_a_scenario_or_overrides(practice_request: pytest.MonkeyPatch) -> None:
    practice_request.setenv(
        "QUERY_STRING",
        f"case={CASE}&scenario=Double&overrides=%7B%22{VOLUME}%22%3A+77%7D",
    )
    page = open_worksheet("transparent_economics", CASE)
    assert "77" not in _texts(page)
    assert "40" in _texts(page)
    assert "nw-what-if" not in html_of(page)


def test_a_what_if_never_opens_a_participants_saved_work(
    practice_request: pytest.MonkeyPatch,
) -> None:
    def no_store() -> Store:
        raise AssertionError("a what-if opens no store")

    practice_request.setattr("negotiation_lib.store.Store", no_store)
    practice_request.setenv("QUERY_STRING", "resume=ABCD-EFGH")
    page = open_worksheet("transparent_economics", CASE, None, {VOLUME: 77})
    assert "77" in _texts(page)
    assert "Practice mode: nothing is saved" in html_of(page)
