"""The workshop debrief: progress per worksheet and one row of headline results per participant.

Every row must agree with the domain functions computed directly on the case, and no document
a participant could have saved (half filled in, wrong types, empty) may raise.
"""

from __future__ import annotations

import copy
import json
import math
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from negotiation_lib.datasets import (
    load_role_play_case,
    load_sample_case,
    role_play_case_names,
    sample_case_document,
    sample_case_names,
)
from negotiation_lib.debrief import (
    COLUMNS,
    WORKSHEET_SECTIONS,
    DebriefInput,
    debrief_frame,
    debrief_row,
    worksheet_progress,
)
from negotiation_lib.domain.economics import case_economics
from negotiation_lib.domain.projection import case_projection
from negotiation_lib.domain.roles import side_view
from negotiation_lib.domain.seal import goalposts_moved
from negotiation_lib.domain.trust import assess_trust
from negotiation_lib.domain.value import eve_per_unit
from negotiation_lib.domain.win_win import assess_win_win
from negotiation_lib.figures import dashboard as figures
from negotiation_lib.formatting import escape, money, percent
from negotiation_lib.worksheets.dashboard import RESULT_COLUMNS as RESULTS_SHOWN
from negotiation_lib.worksheets.dashboard import results_table
from negotiation_lib.worksheets.page import term_label
from tests.hand_model import hand_case

SWIFT = "swiftfreight_helios"
BEFORE_ISSUE_15 = Path(__file__).resolve().parent / "data" / "case_before_issue_15.json"
RESULT_COLUMNS = [
    k
    for k in COLUMNS
    if k not in ("participant", "case", "problems", "currency", "one_side")
    and not k.startswith(("progress_", "goalposts_", "found_", "win_win_"))
]


def sample_data(name: str) -> dict[str, Any]:
    """A sample case as a participant's document holds it (a role-play case's truth)."""
    return sample_case_document(name)


def row_of(data: dict[str, Any], name: str = "Team", case: str = "c") -> dict[str, Any]:
    return debrief_row(DebriefInput(name, case, data))


def is_nan(x: object) -> bool:
    return isinstance(x, float) and math.isnan(x)


# --------------------------------------------------------------------------- progress


@pytest.mark.parametrize("name", sample_case_names())
def test_a_full_sample_case_is_done_on_every_worksheet(name: str) -> None:
    assert worksheet_progress(load_sample_case(name), []) == dict.fromkeys(WORKSHEET_SECTIONS, 1.0)
    row = row_of(sample_data(name))
    assert row["problems"] == 0
    for sheet in WORKSHEET_SECTIONS:
        assert row[f"progress_{sheet}"] == 1.0


@pytest.mark.parametrize(
    ("path", "value", "sheet"),
    [
        (["value", "drivers", 0, "confidence"], 1.7, "value_proposition"),
        (["economics", "volume_per_period"], -5, "transparent_economics"),
        (["relationship", "repetitions"], "many", "transparent_economics"),
        (["trust", "seller_view", "credibility"], 99, "win_win"),
    ],
)
def test_a_problem_in_a_section_lowers_only_its_worksheet(
    path: list[str | int], value: object, sheet: str
) -> None:
    data = sample_data("pumpco_acme_foods")
    node: Any = data
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    row = row_of(data)
    assert row["problems"] >= 1
    for other in WORKSHEET_SECTIONS:
        expected = 0.5 if other == sheet else 1.0
        assert row[f"progress_{other}"] == expected, other


def handed_out(name: str) -> dict[str, Any]:
    """A sample case as a workshop hands it out (no seals), written out apart from the store."""
    data = sample_data(name)
    data["win_win"].pop("seals", None)  # a role-play case comes unsealed already
    return data


def row_since(data: dict[str, Any], start: dict[str, Any]) -> dict[str, Any]:
    return debrief_row(DebriefInput("Team", "c", data, start))


@pytest.mark.parametrize("name", sample_case_names())
def test_a_case_nobody_worked_on_is_at_zero_whatever_it_came_with(name: str) -> None:
    start = handed_out(name)
    row = row_since(copy.deepcopy(start), start)
    for sheet in WORKSHEET_SECTIONS:
        assert row[f"progress_{sheet}"] == 0.0, sheet
    # The packages of the case are win-win, but nobody found them yet.
    assert row["win_win_packages"] > 0
    assert row["found_win_win"] is False
    assert row["goalposts_moved_seller"] is False
    assert row["goalposts_moved_customer"] is False


def test_progress_counts_each_section_changed_since_joining() -> None:
    start = handed_out("pumpco_acme_foods")
    data = copy.deepcopy(start)
    data["economics"]["volume_per_period"] = 41  # Transparent economics: 1 of its 2 sections
    data["trust"]["seller_view"]["credibility"] = 9  # Win-win definition: 1 of 2
    data["title"] = "Renewal"  # a field of the case, no worksheet's section
    row = row_since(data, start)
    assert row["progress_value_proposition"] == 0.0
    assert row["progress_transparent_economics"] == 0.5
    assert row["progress_win_win"] == 0.5
    # Changed back to what the case came with: no longer counted.
    data["economics"]["volume_per_period"] = start["economics"]["volume_per_period"]
    assert row_since(data, start)["progress_transparent_economics"] == 0.0
    # A section changed into one with a problem is not done either.
    data["relationship"]["repetitions"] = "many"
    assert row_since(data, start)["progress_transparent_economics"] == 0.0
    # The same number written as 40.0 instead of 40 is no change.
    data = copy.deepcopy(start)
    data["economics"]["volume_per_period"] = float(start["economics"]["volume_per_period"])
    assert row_since(data, start)["progress_transparent_economics"] == 0.0


def test_worksheet_progress_counts_only_changed_sections() -> None:
    case = load_sample_case("pumpco_acme_foods")
    assert worksheet_progress(case, [], changed=set()) == dict.fromkeys(WORKSHEET_SECTIONS, 0.0)
    assert worksheet_progress(case, [], changed={"strategy", "value", "win_win"}) == {
        "value_proposition": 1.0,
        "transparent_economics": 0.0,
        "win_win": 0.5,
    }
    assert worksheet_progress(case, ["value.drivers[0]"], changed={"strategy", "value"}) == {
        "value_proposition": 0.5,
        "transparent_economics": 0.0,
        "win_win": 0.0,
    }


def test_a_win_win_counts_as_found_once_the_participant_worked_on_it() -> None:
    start = handed_out("pumpco_acme_foods")
    data = copy.deepcopy(start)
    data["win_win"]["packages"][0]["name"] = "Our first proposal"
    row = row_since(data, start)
    assert row["found_win_win"] is True
    assert row["progress_win_win"] == 0.5  # the trust check is untouched


def test_only_amendments_sealed_since_joining_move_the_goalposts() -> None:
    # A participant of an older workshop got Swiftfreight with its seals, the customer's
    # amended once: that amendment is the case's, not theirs.
    start = sample_data(SWIFT)
    sealed = load_sample_case(SWIFT).win_win
    assert sealed is not None
    assert goalposts_moved(sealed.seals.customer)
    row = row_since(copy.deepcopy(start), start)
    assert row["goalposts_moved_customer"] is False
    # Handed out unsealed, the same history saved later was sealed by the participant.
    row = row_since(sample_data(SWIFT), handed_out(SWIFT))
    assert row["goalposts_moved_customer"] is True
    assert row["goalposts_moved_seller"] is False


def test_progress_counts_problem_paths_by_their_section() -> None:
    case = load_sample_case("pumpco_acme_foods")
    shares = worksheet_progress(case, ["win_win.packages[0].values.x", "strategy.moves[2]"])
    assert shares == {"value_proposition": 0.5, "transparent_economics": 1.0, "win_win": 0.5}
    assert worksheet_progress(None, []) == dict.fromkeys(WORKSHEET_SECTIONS, 0.0)


def test_a_missing_section_is_not_done() -> None:
    data = sample_data("pumpco_acme_foods")
    del data["relationship"]
    del data["strategy"]
    row = row_of(data)
    assert row["progress_value_proposition"] == 0.5
    assert row["progress_transparent_economics"] == 0.5
    assert row["progress_win_win"] == 1.0


def test_an_empty_document_gives_zero_progress_and_empty_results() -> None:
    row = row_of({})
    assert set(row) == set(COLUMNS)
    for sheet in WORKSHEET_SECTIONS:
        assert row[f"progress_{sheet}"] == 0.0
    for key in RESULT_COLUMNS:
        assert is_nan(row[key]), key
    assert row["found_win_win"] is False
    assert row["win_win_packages"] == 0
    assert row["goalposts_moved_seller"] is False
    assert row["goalposts_moved_customer"] is False
    assert row["currency"] == ""
    assert row["one_side"] is False
    assert row["problems"] > 0


# --------------------------------------------------------------------------- results


@pytest.mark.parametrize("name", sample_case_names())
def test_rows_of_the_sample_cases_match_the_domain_functions(name: str) -> None:
    case = load_sample_case(name)
    assert case.value is not None
    assert case.trust is not None
    assert case.win_win is not None
    row = row_of(sample_data(name), "Team Blue", name)
    assert row["participant"] == "Team Blue"
    assert row["case"] == name
    assert row["currency"] == case.currency

    econ = case_economics(case)
    proj = case_projection(case)
    assert row["eve_per_unit"] == pytest.approx(eve_per_unit(case.value))
    assert row["pocket_price_per_unit"] == pytest.approx(econ.pocket_price_per_unit)
    assert row["fair_price_per_unit"] == pytest.approx(econ.fair_price_per_unit)
    assert econ.seller_share is not None
    assert row["seller_share"] == pytest.approx(econ.seller_share)
    assert row["seller_npv"] == pytest.approx(proj.seller_npv)
    assert row["customer_npv"] == pytest.approx(proj.customer_npv)
    assert row["trust_seller_npv"] == pytest.approx(proj.scenarios.trust.seller_npv)
    assert row["trust_customer_npv"] == pytest.approx(proj.scenarios.trust.customer_npv)
    assert row["cpt_seller_npv"] == pytest.approx(proj.scenarios.cpt.seller_npv)
    assert row["cpt_customer_npv"] == pytest.approx(proj.scenarios.cpt.customer_npv)
    # The trust-based deal is the point of the workbook: it beats the one-sided one for the
    # customer in every sample case.
    assert row["trust_customer_npv"] > row["cpt_customer_npv"]

    trust = assess_trust(case.trust)
    assert trust.seller_view is not None
    assert trust.customer_view is not None
    assert row["trust_seller_view"] == pytest.approx(trust.seller_view.score)
    assert row["trust_customer_view"] == pytest.approx(trust.customer_view.score)
    assert row["style_overall"] == pytest.approx(trust.style.overall)
    assert row["style_relationship"] == pytest.approx(trust.style.relationship)
    assert row["style_transparency"] == pytest.approx(trust.style.transparency)
    assert row["style_long_term"] == pytest.approx(trust.style.long_term)

    packages = assess_win_win(case.win_win, zopa=econ.zopa).packages
    count = sum(1 for p in packages if p.win_win)
    assert row["win_win_packages"] == count
    assert row["found_win_win"] is (count > 0)
    assert row["goalposts_moved_seller"] is goalposts_moved(case.win_win.seals.seller)
    assert row["goalposts_moved_customer"] is goalposts_moved(case.win_win.seals.customer)


def test_the_customer_moved_its_goalposts_in_swiftfreight() -> None:
    row = row_of(sample_data(SWIFT))
    assert row["goalposts_moved_customer"] is True
    assert row["goalposts_moved_seller"] is False


def test_an_amendment_removed_puts_the_goalposts_back() -> None:
    data = sample_data(SWIFT)
    data["win_win"]["seals"]["customer"] = data["win_win"]["seals"]["customer"][:1]
    assert row_of(data)["goalposts_moved_customer"] is False


def test_a_case_without_win_win_packages_found_none() -> None:
    data = sample_data("pumpco_acme_foods")
    data["win_win"]["packages"] = []
    row = row_of(data)
    assert row["win_win_packages"] == 0
    assert row["found_win_win"] is False
    assert row["progress_win_win"] == 1.0


# --------------------------------------------------------------------------- robustness


def test_a_half_finished_document_gives_the_valid_part() -> None:
    data = sample_data("cloudledger_northwind")
    del data["value"]
    del data["win_win"]
    row = row_of(data)
    case = load_sample_case("cloudledger_northwind")
    assert case.trust is not None
    trust = assess_trust(case.trust)
    assert trust.customer_view is not None
    # Without a value proposition there is no EVE, so no economics; trust still counts.
    assert is_nan(row["eve_per_unit"])
    assert is_nan(row["fair_price_per_unit"])
    assert is_nan(row["trust_seller_npv"])
    assert row["trust_customer_view"] == pytest.approx(trust.customer_view.score)
    assert row["progress_value_proposition"] == 0.5
    assert row["progress_win_win"] == 0.5
    assert row["found_win_win"] is False


def test_wrong_types_in_one_section_leave_the_others() -> None:
    # A case whose parties score the price with points of their own: its win-win does not read
    # the economics (open-book scores would need the broken section's zone of agreement).
    data: dict[str, Any] = json.loads(BEFORE_ISSUE_15.read_text("utf-8"))
    assert "open_book" not in json.dumps(data["win_win"])
    data["economics"]["volume_per_period"] = "lots"
    data["economics"]["discounts"] = {"not": "a list"}
    row = row_of(data)
    assert row["problems"] >= 2
    assert row["progress_transparent_economics"] == 0.5
    assert is_nan(row["seller_share"])
    assert is_nan(row["seller_npv"])
    assert not is_nan(row["trust_seller_view"])
    assert row["found_win_win"] is True


@pytest.mark.parametrize(
    "data",
    [
        {"economics": "x", "value": [1], "trust": 5, "win_win": {"seals": 3}, "title": 7},
        {"win_win": {"issues": "none", "seller": [], "customer": None, "seals": {"seller": 1}}},
        {"win_win": {"seals": {"seller": [{"version": "one"}], "customer": [None, 3]}}},
        {"trust": {"style_answers": {"x": "very"}, "seller_view": []}},
        {"value": {"drivers": [None, {"confidence": "high"}]}, "relationship": None},
        {"schema_version": 99, "title": None, "currency": ["EUR"]},
    ],
)
def test_garbage_gives_a_row_not_an_exception(data: dict[str, Any]) -> None:
    row = row_of(data)
    assert set(row) == set(COLUMNS)
    assert row["problems"] > 0
    for sheet in WORKSHEET_SECTIONS:
        assert 0.0 <= row[f"progress_{sheet}"] <= 1.0


def _leaves(node: object, here: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    if here:
        yield here
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _leaves(v, (*here, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _leaves(v, (*here, i))


JUNK: list[object] = [None, "x", "", -1, 0, 10**30, -1e9, [], {}, True, [1, "a"], {"a": 1}]


def test_randomly_damaged_sample_cases_never_raise() -> None:
    """Two hundred documents, each a sample case with up to three parts replaced by junk."""
    rng = random.Random(2026)
    originals = [sample_data(n) for n in sample_case_names()]
    for _ in range(200):
        data = copy.deepcopy(rng.choice(originals))
        for _ in range(rng.randint(1, 3)):
            path = rng.choice(list(_leaves(data)))
            node: Any = data
            for step in path[:-1]:
                node = node[step]
            if isinstance(node, dict) and rng.random() < 0.25:
                del node[path[-1]]
            else:
                node[path[-1]] = copy.deepcopy(rng.choice(JUNK))
        row = row_of(data)
        assert set(row) == set(COLUMNS)
        assert isinstance(row["found_win_win"], bool)


# --------------------------------------------------------------------------- frame


def test_a_frame_of_200_rows_has_every_column_in_order() -> None:
    names = sample_case_names()
    documents = {n: sample_data(n) for n in names}
    items = [
        DebriefInput(f"Team {i}", names[i % len(names)], documents[names[i % len(names)]])
        for i in range(199)
    ]
    items.append(DebriefInput("Nobody yet", "blank", {}))
    frame = debrief_frame(items)
    assert list(frame.columns) == list(COLUMNS)
    assert len(frame) == 200
    assert frame["participant"].tolist()[:2] == ["Team 0", "Team 1"]
    assert int(frame["found_win_win"].sum()) == 199
    assert int(frame["goalposts_moved_customer"].sum()) == sum(
        1 for i in range(199) if names[i % len(names)] == SWIFT
    )
    assert frame["eve_per_unit"].isna().sum() == 1


def test_an_empty_frame_still_has_the_columns() -> None:
    frame = debrief_frame([])
    assert list(frame.columns) == list(COLUMNS)
    assert frame.empty


# --------------------------------------------------------------------------- revised model


@pytest.mark.parametrize("name", sample_case_names())
def test_the_revised_columns_match_a_hand_computation(name: str) -> None:
    """Net COLR, seller-optimal price and break-even retention, each worked out by hand."""
    data = sample_data(name)
    hand = hand_case(data)
    rel = data["relationship"]
    row = row_of(data)
    deal = hand.at(hand.pocket)
    assert row["eve_expected_per_unit"] == pytest.approx(hand.eve_expected)
    assert row["seller_share"] == pytest.approx(
        deal.seller_gain / (deal.seller_gain + deal.customer_gain)
    )
    assert row["seller_colr_net"] == pytest.approx(deal.seller_colr - rel["seller_batr_npv"])
    assert row["customer_colr_net"] == pytest.approx(deal.customer_colr - rel["customer_batr_npv"])
    best, step = hand.seller_optimal_price()
    assert row["seller_optimal_price_per_unit"] == pytest.approx(best, abs=step)
    assert row["retention_one_sided"] == rel["retention_one_sided"]
    # Just below the break-even retention the fair price is still the seller's best; just
    # above it a higher price pays the seller more (a brute-force search over the ZOPA).
    threshold = row["break_even_retention_one_sided"]
    below, step = hand.seller_optimal_price(retention_one_sided=threshold - 0.005)
    above, _ = hand.seller_optimal_price(retention_one_sided=threshold + 0.005)
    assert below == pytest.approx(hand.fair_price, abs=step)
    assert above > hand.fair_price + 10 * step


def test_without_a_zone_of_agreement_there_is_no_seller_optimal_price() -> None:
    data = sample_data("pumpco_acme_foods")
    data["economics"]["variable_cost_per_unit"] = 50_000  # the floor is above the ceiling
    row = row_of(data)
    assert is_nan(row["seller_optimal_price_per_unit"])
    assert is_nan(row["break_even_retention_one_sided"])
    assert not is_nan(row["seller_colr_net"])
    assert row["retention_one_sided"] == data["relationship"]["retention_one_sided"]


def test_every_label_is_in_words_with_its_unit() -> None:
    assert COLUMNS["seller_share"] == "Seller's share of the gain over both BATNAs"
    words_only = {"participant", "case", "currency", "seller_share"}
    for key, label in COLUMNS.items():
        assert "_" not in label, key
        assert label[0].isupper(), key
        if key not in words_only:
            assert label.endswith(")"), (key, label)
    for key in ("seller_optimal_price_per_unit", "pocket_price_per_unit", "fair_price_per_unit"):
        assert "(currency per unit)" in COLUMNS[key]
    assert "COLR − BATR" in COLUMNS["seller_colr_net"]
    assert "COLR − BATR" in COLUMNS["customer_colr_net"]


# --------------------------------------------------------------------------- the dashboard


def _frame() -> pd.DataFrame:
    names = sample_case_names()
    items = [DebriefInput(f"Team <b>{i}</b>", n, sample_data(n)) for i, n in enumerate(names)]
    return debrief_frame([*items, DebriefInput("Nobody yet", "blank", {})])


def test_the_share_chart_counts_every_share_even_outside_zero_to_one() -> None:
    frame = _frame()
    frame.loc[0, "seller_share"] = 1.37  # a price above the ZOPA's ceiling
    frame.loc[1, "seller_share"] = -0.12  # below its floor
    fig = figures.value_splits(frame)
    (hist,) = fig.data
    shares = [x for x in hist.x]
    assert len(shares) == len(sample_case_names())  # "Nobody yet" has no share
    assert hist.xbins.start <= min(shares)
    assert hist.xbins.end >= max(shares)
    assert "gain over both BATNAs" in fig.layout.xaxis.title.text


def test_the_squeeze_chart_sorts_participants_by_their_own_assumptions() -> None:
    frame = _frame()
    # The sample cases assume less loyalty than the break-even: the fair price pays most.
    fig = figures.squeeze_break_even(frame)
    traces = {t.name: t for t in fig.data}
    assert len(traces["fair price pays most"].x) == len(sample_case_names())
    assert "squeezing pays" not in traces
    threshold = float(frame.loc[0, "break_even_retention_one_sided"])  # type: ignore[arg-type]
    frame.loc[0, "retention_one_sided"] = threshold + 0.01
    traces = {t.name: t for t in figures.squeeze_break_even(frame).data}
    assert len(traces["squeezing pays"].x) == 1
    assert traces["squeezing pays"].text == ("Team &lt;b&gt;0&lt;/b&gt;",)
    empty = figures.squeeze_break_even(debrief_frame([]))
    assert "No participant has a break-even retention yet." in empty.layout.annotations[0].text


def test_the_charts_of_the_debrief_draw_from_the_new_frame() -> None:
    frame = _frame()
    for name in figures.CHARTS:
        fig = getattr(figures, name)(frame)
        assert fig.to_plotly_json()["data"], name


def test_each_chart_says_how_many_participants_it_is_drawn_from() -> None:
    frame = _frame()  # the sample cases and one empty case
    drawn = figures.drawn_from(frame)
    assert list(drawn) == list(figures.CHARTS)
    n = len(sample_case_names())
    assert drawn == {
        "value_splits": n,
        "fair_prices": n,
        "trust_vs_cpt": n,
        "squeeze_break_even": n,
        "trust_and_style": n,
        "outcome_counts": n + 1,
    }
    frame.loc[0, "seller_share"] = float("nan")
    frame.loc[1, "cpt_seller_npv"] = float("nan")
    for column in ("trust_seller_view", "trust_customer_view", "style_relationship"):
        frame.loc[2, column] = float("nan")
    drawn = figures.drawn_from(frame)
    assert (drawn["value_splits"], drawn["trust_vs_cpt"]) == (n - 1, n - 1)
    assert drawn["trust_and_style"] == n  # the third still has style scores
    # What a chart plots is what it says it is drawn from.
    (hist,) = figures.value_splits(frame).data
    assert len(hist.x) == drawn["value_splits"]
    assert figures.drawn_from(debrief_frame([]))["outcome_counts"] == 0


@pytest.mark.parametrize(
    ("shares", "dtick"),
    [
        ([0.5], 1),  # one participant: ticks 0 and 1, never 0.5
        ([0.5, 0.52, 0.1], 1),  # 50 % and 52 % share a 5-point bin: a bar of 2
        ([0.5] * 23 + [0.9] * 4, 3),  # a bar of 23: ticks every 3, eight of them
    ],
)
def test_the_histogram_counts_participants_in_whole_numbers(
    shares: list[float], dtick: int
) -> None:
    frame = debrief_frame([])
    frame = pd.DataFrame({c: [math.nan] * len(shares) for c in frame.columns})
    frame["participant"] = [f"T{i}" for i in range(len(shares))]
    frame["seller_share"] = shares
    axis = figures.value_splits(frame).layout.yaxis
    assert (axis.tick0, axis.dtick, axis.tickformat) == (0, dtick, "d")
    axis = figures.outcome_counts(frame).layout.xaxis
    assert isinstance(axis.dtick, int)
    assert axis.dtick >= 1


def test_the_results_table_shows_the_new_columns_escaped_in_each_currency() -> None:
    frame = _frame()
    html = results_table(frame)
    for key in RESULTS_SHOWN:
        # Headers are escaped, and explain their terms (BATNA, COLR) in a tooltip.
        assert f"<th>{term_label(COLUMNS[key])}</th>" in html
    assert "data-terms='BATNA'" in html
    assert "Team &lt;b&gt;0&lt;/b&gt;" in html
    assert "<b>0</b>" not in html
    first = frame.iloc[0]
    assert f">{escape(money(first['seller_colr_net'], first['currency']))}<" in html
    assert f">{percent(first['break_even_retention_one_sided'], 1)}<" in html
    assert results_table(debrief_frame([])) == ""


@pytest.mark.parametrize("name", role_play_case_names())
def test_a_role_play_teams_row_leaves_out_the_economics_of_its_one_sided_case(name: str) -> None:
    """A team's case is its side's view: economics computed on it mix its facts with gaps where
    the other side's are (a seller's share of several hundred percent was shown). The row
    leaves them out; its trust and win-win columns are still its own work."""
    document = load_role_play_case(name)
    seller_view = side_view(document, "seller")
    row = debrief_row(DebriefInput("Team North", name, seller_view))
    for key in ("pocket_price_per_unit", "fair_price_per_unit", "seller_share", "seller_npv"):
        assert math.isnan(row[key]), key
    assert row["currency"] == seller_view["currency"]
    # The same document under an ordinary case's name is assessed as usual: the check is the
    # case, not an accident of the document.
    ordinary = debrief_row(DebriefInput("Team North", "pumpco_acme_foods", seller_view))
    assert not math.isnan(ordinary["pocket_price_per_unit"])
    assert row["one_side"] is True
    table = results_table(debrief_frame([DebriefInput("Team North", name, seller_view)]))
    assert "holds only its own side" in table
    assert "holds only its own side" not in results_table(
        debrief_frame(
            [DebriefInput("Ann", "pumpco_acme_foods", sample_case_document("pumpco_acme_foods"))]
        )
    )
