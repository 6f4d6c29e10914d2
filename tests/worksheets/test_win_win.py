"""Worksheet 3 without a browser: trust check, definitions, seals, packages and memos."""

from __future__ import annotations

import copy
import re
from typing import Any

import ipywidgets as widgets
import pytest

from negotiation_lib.assessment import chosen_package
from negotiation_lib.datasets import load_sample_case, sample_case_names
from negotiation_lib.domain.trust import assess_trust
from negotiation_lib.domain.win_win import assess_win_win
from negotiation_lib.figures import win_win as figures
from negotiation_lib.formatting import number
from negotiation_lib.worksheets.app import load_document
from negotiation_lib.worksheets.fields import field_class
from negotiation_lib.worksheets.page import esc
from negotiation_lib.worksheets.win_win import (
    STYLE_STATEMENTS,
    IssueShape,
    WinWinWorksheet,
    compute,
    parse_points,
    reconcile,
)
from tests.worksheets.helpers import field, html_of, message, tiles, walk

XSS = "<img src=x onerror=alert(1)>"
SWIFT = "swiftfreight_helios"
PRICE = "price_per_pallet"
ISSUES = ("price_per_pallet", "on_time_guarantee", "payment_terms", "temperature_data")


def page(name: str = SWIFT) -> WinWinWorksheet:
    doc, query, error = load_document(f"case={name}", name)
    assert error is None
    return WinWinWorksheet(doc, query=query)


def unsealed_seller() -> WinWinWorksheet:
    """Swiftfreight with the seller's seals removed: the seller is scored with its draft."""
    ws = page()
    ws.doc.set(["win_win", "seals", "seller"], None)
    assert ws.doc.problems == []
    return ws


def package_rows(ws: WinWinWorksheet) -> list[list[str]]:
    """The packages table as text cells, one row per package."""
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", ws.w_table.value, re.S)[1:]
    return [
        [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", r)] for r in rows
    ]


def cls(path: list[str | int] | str) -> str:
    from negotiation_lib.document import path_text

    return field_class(path_text(path))


# --------------------------------------------------------------------------- every case


@pytest.mark.parametrize("name", sample_case_names())
def test_tiles_show_the_domain_numbers(name: str) -> None:
    case = load_sample_case(name)
    assert case.trust is not None
    assert case.win_win is not None
    ws = page(name)
    shown = tiles(ws.widget)
    t = assess_trust(case.trust)
    assert t.seller_view is not None
    assert t.customer_view is not None
    assert t.style.overall is not None
    assert shown["seller_trust"] == number(t.seller_view.score, 1)
    assert shown["customer_trust"] == number(t.customer_view.score, 1)
    assert shown["style_overall"] == f"{t.style.overall:.0f}/100"
    assert (
        shown["ready_for_win_win"]
        == {True: "Yes", False: "Not yet", None: "Not known yet"}[t.readiness.ready]
    )
    r = assess_win_win(case.win_win)
    assert shown["outcomes"] == f"{r.outcome_count:,}"
    assert shown["feasible"] == f"{r.feasible_count:,}"
    assert shown["win_win_outcomes"] == f"{r.win_win_count:,}"
    chosen = chosen_package(r)
    assert chosen is not None
    assert shown["chosen_package"] == esc(chosen.name)
    # the table, the drop-down and the two memos follow the domain
    rows = package_rows(ws)
    assert [row[1:3] for row in rows] == [
        [number(p.seller_utility, 1), number(p.customer_utility, 1)] for p in r.packages
    ]
    assert ws.w_agreement.value == chosen.name
    assert ws.w_memos.value.count("class='nw-memo'") == 2
    assert ws.w_errors.value == ""
    assert ws.w_banner.value == ""
    assert ws.pareto_chart.figure is not None
    assert ws.trust_chart.figure is not None
    assert ws.style_chart.figure is not None
    assert compute(case).win_win == r


def test_blank_case_shows_notes_and_nothing_raises() -> None:
    ws = page("blank")
    assert "Not filled in yet" in ws.w_notes.value
    assert "List the issues" in ws.w_notes.value
    assert tiles(ws.widget)["seller_trust"] == "–"
    assert "<b>Draft, not sealed.</b>" in ws.editors["seller"].w_state.value


def test_every_style_item_has_a_statement_in_our_words() -> None:
    from negotiation_lib.domain.case import STYLE_ITEMS

    assert set(STYLE_STATEMENTS) == set(STYLE_ITEMS)
    text = html_of(page().widget)
    for statement in STYLE_STATEMENTS.values():
        assert esc(statement) in text


# --------------------------------------------------------------------------- trust


def test_trust_inputs_update_the_tiles_and_unanswered_items_are_removed() -> None:
    ws = page()
    field(ws.widget, cls("trust.customer_view.intimacy")).value = "9"
    case = ws.doc.case
    assert case is not None
    assert case.trust is not None
    score = assess_trust(case.trust).customer_view
    assert score is not None
    assert tiles(ws.widget)["customer_trust"] == number(score.score, 1) == "4.8"
    answer = field(ws.widget, cls("trust.style_answers.cpt_open_high"))
    assert answer.value == 4
    answer.value = 0  # not answered
    assert "cpt_open_high" not in ws.doc.get("trust.style_answers")
    answer.value = 1
    assert ws.doc.get("trust.style_answers.cpt_open_high") == 1


def test_clearing_a_whole_trust_view_removes_it() -> None:
    ws = page()
    for factor in ("credibility", "reliability", "intimacy", "self_orientation"):
        field(ws.widget, cls(f"trust.seller_view.{factor}")).value = ""
    assert "seller_view" not in ws.doc.get("trust")
    assert ws.doc.problems == []
    assert tiles(ws.widget)["seller_trust"] == "–"


# --------------------------------------------------------------------------- redrawing


def test_a_change_redraws_only_the_charts_that_depend_on_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ws = unsealed_seller()
    drawn: list[str] = []
    for name in ("pareto_scatter", "trust_factors", "style_profile"):
        real = getattr(figures, name)

        def counted(*args: Any, _real: Any = real, _name: str = name, **kwargs: Any) -> Any:
            drawn.append(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(figures, name, counted)
    field(ws.widget, cls("trust.customer_view.intimacy")).value = "9"
    assert drawn == ["trust_factors", "style_profile"]
    drawn.clear()
    ws.doc.set(["win_win", "seller", "weights", PRICE], 0.9)
    assert drawn == ["pareto_scatter"]
    drawn.clear()
    ws.doc.set("title", "Renamed")  # shown in the header only
    assert drawn == []
    ws.doc.set("seller", "Swift & Co")  # the parties' names label the agreements' chart
    assert drawn == ["pareto_scatter"]


# --------------------------------------------------------------------------- scoring


def test_changing_a_seller_weight_changes_the_utilities_shown() -> None:
    ws = unsealed_seller()
    before = package_rows(ws)
    ws.doc.set(["win_win", "seller", "weights", PRICE], 0.9)
    after = package_rows(ws)
    assert [r[1] for r in after] != [r[1] for r in before]
    case = ws.doc.case
    assert case is not None
    assert case.win_win is not None
    r = assess_win_win(case.win_win)
    assert [row[1] for row in after] == [number(p.seller_utility, 1) for p in r.packages]
    assert "scored with the <b>draft</b>" in ws.editors["seller"].w_scored.value


def test_a_sealed_party_is_scored_with_its_seal_until_amended() -> None:
    ws = page()
    before = package_rows(ws)
    ws.doc.set(["win_win", "seller", "weights", PRICE], 0.9)
    assert package_rows(ws) == before  # the sealed version still scores the seller
    seller = ws.editors["seller"]
    assert "sealed version 1" in seller.w_scored.value
    assert "The draft differs from sealed version 1: 1 change." in seller.w_state.value
    # the preview scores the drafts
    ws.w_use_drafts.value = True
    assert package_rows(ws) != before
    ws.w_use_drafts.value = False
    assert package_rows(ws) == before


def test_a_bad_value_shows_at_its_field_and_keeps_the_last_results() -> None:
    ws = unsealed_seller()
    for issue in ISSUES[1:]:
        field(ws.widget, cls(["win_win", "seller", "weights", issue])).value = "0"
    before_tiles, before_rows = tiles(ws.widget), package_rows(ws)
    field(ws.widget, cls(["win_win", "seller", "weights", PRICE])).value = "0"
    assert "weights are all zero" in message(ws.widget, cls("win_win.seller.weights"))
    assert tiles(ws.widget) == before_tiles
    assert package_rows(ws) == before_rows
    assert "1 problem" in ws.w_banner.value


def test_the_agreement_drop_down_writes_memos_for_the_chosen_package() -> None:
    ws = page()
    assert "Fair rate with live data" in ws.w_memos.value
    ws.w_agreement.value = "Lowest rate, basic service"
    memos = ws.w_memos.value
    assert "Lowest rate, basic service" in memos
    assert "Breaks a must-have" in memos
    assert "not the package the workbook would propose" in memos
    assert "# " not in memos
    assert "###" not in memos


def test_nothing_feasible_recommends_walking_away() -> None:
    ws = page()
    ws.w_use_drafts.value = True
    ws.doc.set(["win_win", "seller", "must_haves", PRICE, "min"], 205)
    assert "Walk away." in ws.w_walk_away.value
    assert tiles(ws.widget)["feasible"] == "0"
    assert tiles(ws.widget)["chosen_package"] == "none"


def test_solutions_are_listed_with_their_issue_values() -> None:
    ws = page()
    case = ws.doc.case
    assert case is not None
    assert case.win_win is not None
    r = assess_win_win(case.win_win)
    text = ws.w_solutions.value
    rows = re.findall(r"<tr>(.*?)</tr>", text, re.S)
    assert [re.sub(r"<[^>]+>", "", re.findall(r"<td>(.*?)</td>", row)[0]) for row in rows[1:]] == [
        "Nash",
        "Kalai–Smorodinsky",
        "Egalitarian",
    ]
    nash = re.findall(r"<td[^>]*>(.*?)</td>", rows[1])
    expected = [f"{v:,.12g}" if isinstance(v, float) else esc(v) for v in r.nash[0].values.values()]
    assert nash[1:-3] == expected
    assert nash[-3:-1] == [
        number(r.nash[0].seller_utility, 1),
        number(r.nash[0].customer_utility, 1),
    ]


# --------------------------------------------------------------------------- seal and amend


def test_seal_then_amend_through_the_buttons() -> None:
    ws = unsealed_seller()
    seller = ws.editors["seller"]
    assert "Draft, not sealed" in seller.w_state.value
    seller.w_seal.click()
    history = ws.doc.get("win_win.seals.seller")
    assert [s["version"] for s in history] == [1]
    assert "Sealed as version 1 on" in seller.w_state.value
    assert seller.w_seal.layout.display == "none"
    ws.doc.set(["win_win", "seller", "weights", PRICE], 0.6)
    assert "The draft differs from sealed version 1: 1 change." in seller.w_state.value
    assert esc("Weight of 'price_per_pallet' raised from 0.5 to 0.6") in seller.w_state.value
    seller.w_reason.value = "Fuel costs rose by a fifth"
    seller.w_amend.click()
    history = ws.doc.get("win_win.seals.seller")
    assert [s["version"] for s in history] == [1, 2]
    assert history[1]["reason"] == "Fuel costs rose by a fifth"
    assert history[1]["definition"]["weights"][PRICE] == 0.6
    assert seller.w_reason.value == ""
    assert "Sealed as version 2 on" in seller.w_state.value
    assert "Goalposts moved" in seller.w_history.value
    assert "Fuel costs rose by a fifth" in seller.w_history.value
    assert "raised from 0.5 to 0.6" in seller.w_history.value
    assert "sealed version 2" in seller.w_scored.value
    assert ws.doc.problems == []


def test_an_amendment_needs_a_reason_and_a_change() -> None:
    ws = page()
    customer = ws.editors["customer"]
    ws.doc.set(["win_win", "customer", "win_threshold"], 60)
    before = copy.deepcopy(ws.doc.data)
    customer.w_reason.value = "   "
    customer.w_amend.click()
    assert "needs a reason" in customer.w_seal_msg.value
    assert ws.doc.data == before
    ws.doc.set(["win_win", "customer", "win_threshold"], 55)  # back to sealed version 2
    unchanged = copy.deepcopy(ws.doc.data)
    customer.w_reason.value = "Nothing really"
    customer.w_amend.click()
    assert "identical to sealed version 2" in customer.w_seal_msg.value
    assert ws.doc.data == unchanged


def test_a_definition_with_problems_cannot_be_sealed() -> None:
    ws = unsealed_seller()
    ws.doc.set(["win_win", "seller", "win_threshold"], 150)
    before = copy.deepcopy(ws.doc.data)
    ws.editors["seller"].w_seal.click()
    assert "Fix the messages in red first" in ws.editors["seller"].w_seal_msg.value
    assert ws.doc.data == before


# --------------------------------------------------------------------------- issues


def test_renaming_an_issue_carries_the_drafts_and_shows_the_sealed_conflict() -> None:
    ws = page()
    field(ws.widget, cls("win_win.issues[0].name")).value = "rate"
    ww = ws.doc.get("win_win")
    assert "rate" in ww["seller"]["weights"]
    assert PRICE not in ww["seller"]["weights"]
    assert "rate" in ww["customer"]["must_haves"]
    assert all("rate" in p["values"] for p in ww["packages"])
    assert ww["price_issue"] == "rate"
    assert ww["seals"]["seller"][0]["definition"]["weights"][PRICE] == 0.5  # seals untouched
    assert ws.doc.problems == []
    assert "Sealed version 1" in ws.w_errors.value
    assert "no issue called" in ws.w_errors.value
    # the editors follow the new name
    assert field(ws.widget, cls(["win_win", "seller", "weights", "rate"])).value == "0.5"


def test_renaming_through_an_empty_name_keeps_the_values() -> None:
    ws = page()
    name = field(ws.widget, cls("win_win.issues[2].name"))
    name.value = ""
    assert "Must not be empty" in message(ws.widget, cls("win_win.issues[2].name"))
    name.value = "terms"
    assert ws.doc.get(["win_win", "seller", "weights", "terms"]) == 0.15
    assert ws.doc.problems == []


def test_changing_an_issue_kind_reshapes_the_row() -> None:
    ws = page()
    row = ws.issues.rows.children[3]
    kind = next(w for w in walk(row) if isinstance(w, widgets.Dropdown))
    kind.value = "numeric"
    issue = ws.doc.get("win_win.issues[3]")
    assert issue["kind"] == "numeric"
    assert "options" not in issue
    assert {"min", "max", "step"} <= set(issue)
    assert "temperature_data" not in ws.doc.get("win_win.seller.scores")
    assert all(
        isinstance(p["values"]["temperature_data"], int | float)
        for p in ws.doc.get("win_win.packages")
    )
    # the seller's editor now asks for points on that issue
    points = field(ws.widget, cls(["win_win", "seller", "scores", "temperature_data"]))
    assert isinstance(points, widgets.Text)
    points.value = "0:0, 100:100"
    assert ws.doc.get("win_win.seller.scores.temperature_data") == [[0, 0], [100, 100]]
    # and back: the options it had come back
    kind = next(w for w in walk(ws.issues.rows.children[3]) if isinstance(w, widgets.Dropdown))
    kind.value = "options"
    assert ws.doc.get("win_win.issues[3].options") == ["daily report", "real-time feed"]


def test_renaming_an_option_carries_its_scores() -> None:
    ws = page()
    options = field(ws.widget, cls("win_win.issues[3].options"))
    assert options.value == "daily report, real-time feed"
    options.value = "daily report, live feed"
    assert ws.doc.get("win_win.seller.scores.temperature_data") == {
        "daily report": 100,
        "live feed": 60,
    }
    assert ws.doc.get("win_win.packages[0].values.temperature_data") == "live feed"
    assert ws.doc.problems == []


def test_adding_and_removing_an_issue_keeps_the_rest() -> None:
    ws = page()
    ws.issues.w_add.click()
    assert len(ws.doc.get("win_win.issues")) == 5
    assert all(p["values"]["Issue 5"] == "low" for p in ws.doc.get("win_win.packages"))
    assert ws.doc.get(["win_win", "seller", "weights", PRICE]) == 0.5
    ws.doc.remove("win_win.issues", 4)
    assert all("Issue 5" not in p["values"] for p in ws.doc.get("win_win.packages"))
    assert ws.doc.problems == []


def test_clearing_a_must_have_deletes_it() -> None:
    ws = page()
    field(ws.widget, cls(["win_win", "seller", "must_haves", PRICE, "min"])).value = ""
    assert PRICE not in ws.doc.get("win_win.seller.must_haves")
    allowed = field(
        ws.widget, cls(["win_win", "customer", "must_haves", "on_time_guarantee", "allowed"])
    )
    assert allowed.value == "97%, 99%"
    allowed.value = ""
    assert "on_time_guarantee" not in ws.doc.get("win_win.customer.must_haves")
    assert ws.doc.problems == []


def test_an_issue_renamed_is_one_change_of_the_document() -> None:
    """The rename and what it carries along arrive together: the page writes nothing back."""
    ws = page()
    seen: list[dict[str, float]] = []
    ws.doc.observe(lambda _c: seen.append(dict(ws.doc.get("win_win.seller.weights"))), "revision")
    field(ws.widget, cls("win_win.issues[0].name")).value = "rate"
    assert len(seen) == 1
    assert "rate" in seen[0]
    assert PRICE not in seen[0]


def test_reconcile_leaves_a_consistent_section_alone() -> None:
    ww = {"seller": {"weights": {"a": 1}}, "packages": [{"name": "P", "values": {"a": "x"}}]}
    shape = IssueShape("a", "options", ("x", "y"))
    assert reconcile(ww, [shape], [shape]) == (None, (shape,))


# --------------------------------------------------------------------------- score points


def test_points_parser_reads_pairs_and_refuses_the_rest() -> None:
    assert parse_points("300:0, 320:100") == [[300, 0], [320, 100]]
    assert parse_points("320:100; 300:0") == [[300, 0], [320, 100]]
    assert parse_points("  ") is None
    with pytest.raises(ValueError, match="value:score"):
        parse_points("300-0")
    with pytest.raises(ValueError, match="from 0 to 100"):
        parse_points("300:120")
    with pytest.raises(ValueError, match="give each value once"):
        parse_points("300:0, 300:10")


def test_points_field_shows_its_message_and_keeps_the_document() -> None:
    ws = page()
    where = cls(["win_win", "seller", "scores", PRICE])
    points = field(ws.widget, where)
    assert points.value == "185:0, 215:100"
    points.value = "300-0"
    assert "value:score" in message(ws.widget, where)
    assert ws.doc.get(["win_win", "seller", "scores", PRICE]) == [[185, 0], [215, 100]]
    points.value = "185:0, 200:80, 215:100"
    assert message(ws.widget, where) == ""
    assert ws.doc.get(["win_win", "seller", "scores", PRICE]) == [[185, 0], [200, 80], [215, 100]]


# --------------------------------------------------------------------------- escaping


def test_user_text_never_reaches_html_unescaped() -> None:
    ws = page()
    ws.doc.set(["win_win", "packages", 1, "name"], XSS)
    ws.doc.set(["win_win", "seller", "statement"], XSS)
    ws.doc.set("seller", XSS)
    ws.editors["seller"].w_reason.value = XSS
    ws.editors["seller"].w_amend.click()
    assert len(ws.doc.get("win_win.seals.seller")) == 2
    ws.w_agreement.value = XSS
    values = [w.value for w in walk(ws.widget) if isinstance(w, widgets.HTML)]
    assert all(XSS not in v and "<img" not in v for v in values)
    rendered = "\n".join(values)
    escaped = esc(XSS)
    assert escaped in ws.w_table.value
    assert escaped in ws.w_memos.value
    assert escaped in ws.editors["seller"].w_history.value  # the reason
    assert "Statement changed" in ws.editors["seller"].w_history.value
    assert escaped in rendered
