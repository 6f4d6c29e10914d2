"""Worksheet 3 without a browser: trust check, definitions, seals, packages and memos."""

from __future__ import annotations

import copy
import html
import re
from typing import Any

import ipywidgets as widgets
import pytest

from negotiation_lib.assessment import chosen_package
from negotiation_lib.datasets import load_sample_case, sample_case_names
from negotiation_lib.domain.case import OPEN_BOOK
from negotiation_lib.domain.economics import case_economics
from negotiation_lib.domain.trust import assess_trust
from negotiation_lib.domain.win_win import Party, assess_win_win
from negotiation_lib.figures import win_win as figures
from negotiation_lib.formatting import number
from negotiation_lib.worksheets.fields import field_class
from negotiation_lib.worksheets.page import esc
from negotiation_lib.worksheets.win_win import (
    STYLE_STATEMENTS,
    IssueShape,
    WinWinWorksheet,
    compute,
    read_points,
    reconcile,
)
from tests.worksheets.helpers import field, html_of, message, sample_document, tiles, walk

XSS = "<img src=x onerror=alert(1)>"
SWIFT = "swiftfreight_helios"
PRICE = "price_per_pallet"
ISSUES = ("price_per_pallet", "on_time_guarantee", "payment_terms", "temperature_data")


def page(name: str = SWIFT) -> WinWinWorksheet:
    doc, query = sample_document(name)
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


def point_cells(ws: WinWinWorksheet, path: list[str | int]) -> list[widgets.Text]:
    """The text boxes of a points table, row by row: value, score, value, score..."""
    table = next(w for w in walk(ws.widget) if cls(path) in w._dom_classes)
    return [w for w in walk(table) if isinstance(w, widgets.Text)]


def type_points(ws: WinWinWorksheet, path: list[str | int], points: list[tuple[int, int]]) -> None:
    """Type points into a points table as a trainee would, adding rows when needed."""
    table = next(w for w in walk(ws.widget) if cls(path) in w._dom_classes)
    add = next(w for w in walk(table) if isinstance(w, widgets.Button) and "Add" in w.description)
    while len(point_cells(ws, path)) < 2 * len(points):
        add.click()
    cells = point_cells(ws, path)
    for k, (x, score) in enumerate(points):
        cells[2 * k].value, cells[2 * k + 1].value = str(x), str(score)


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
    r = assess_win_win(case.win_win, zopa=case_economics(case).zopa)
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
    r = assess_win_win(case.win_win, zopa=case_economics(case).zopa)
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
    r = assess_win_win(case.win_win, zopa=case_economics(case).zopa)
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
    # The change names the issue as users read it, never by its id.
    assert esc("Weight of 'Price per pallet' raised from 0.5 to 0.6") in seller.w_state.value
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
    assert ws.editors["seller"].w_seal.disabled
    assert "Fix the messages in red first" in ws.editors["seller"].w_seal_missing.value


def _missing_text(ws: WinWinWorksheet, party: Party = "seller") -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", ws.editors[party].w_seal_missing.value))


def test_a_definition_with_only_its_sentence_cannot_be_sealed_and_says_what_is_missing() -> None:
    ws = page("blank")
    seller = ws.editors["seller"]
    ws.doc.set(
        ["win_win", "issues"],
        [
            {"name": "price", "kind": "numeric", "min": 300, "max": 320, "step": 10},
            {"name": "payment_terms", "kind": "options", "options": ["net 30", "net 60"]},
        ],
    )
    ws.doc.set(["win_win", "seller", "statement"], "We win with a fair price paid on time.")
    assert ws.doc.problems == []
    assert seller.w_seal.disabled
    assert seller.w_seal.layout.display != "none"
    assert _missing_text(ws) == (
        "Missing: weights for Price and Payment terms; scores for Price and Payment terms; "
        "a win threshold; a walk-away utility."
    )
    before = copy.deepcopy(ws.doc.data)
    seller.w_seal.click()  # a click the browser could not send changes nothing either
    assert ws.doc.data == before
    assert "Missing: weights for Price" in seller.w_seal_msg.value

    # Completed one part at a time, the line follows.
    ws.doc.set(["win_win", "seller", "weights"], {"price": 0.6, "payment_terms": 0.4})
    ws.doc.set(["win_win", "seller", "scores"], {"price": [[300, 0], [320, 100]]})
    ws.doc.set(["win_win", "seller", "scores", "payment_terms", "net 30"], 100)
    assert _missing_text(ws) == (
        "Missing: scores for Payment terms (net 60); a win threshold; a walk-away utility."
    )
    ws.doc.set(["win_win", "seller", "scores", "payment_terms", "net 60"], 40)
    ws.doc.set(["win_win", "seller", "win_threshold"], 60)  # the value assumed without it
    ws.doc.set(["win_win", "seller", "reservation_utility"], 30)
    assert _missing_text(ws) == ""
    assert not seller.w_seal.disabled
    seller.w_seal.click()
    (sealed,) = ws.doc.get("win_win.seals.seller")
    assert sealed["definition"]["weights"] == {"price": 0.6, "payment_terms": 0.4}
    assert "Sealed as version 1" in seller.w_state.value
    # The customer, with nothing yet, still cannot seal.
    assert ws.editors["customer"].w_seal.disabled
    assert _missing_text(ws, "customer").startswith("Missing: weights for Price and Payment")


def test_an_amendment_that_leaves_a_part_out_cannot_be_sealed() -> None:
    ws = page()
    customer = ws.editors["customer"]
    assert not customer.w_amend.disabled
    ws.doc.set(["win_win", "customer", "weights", "payment_terms"], None)
    assert customer.w_amend.disabled
    assert _missing_text(ws, "customer") == "Missing: weights for Payment terms."
    customer.w_reason.value = "Payment terms no longer matter"
    before = copy.deepcopy(ws.doc.data)
    customer.w_amend.click()
    assert ws.doc.data == before
    ws.doc.set(["win_win", "customer", "weights", "payment_terms"], 0)  # says so: complete
    assert not customer.w_amend.disabled
    customer.w_amend.click()
    assert len(ws.doc.get("win_win.seals.customer")) == 3


# --------------------------------------------------------------------------- issues


def test_renaming_an_issue_carries_the_drafts_and_shows_the_sealed_conflict() -> None:
    ws = page()
    # The page edits an issue's label; its id changes only from a file or another tab.
    ws.doc.set("win_win.issues[0].name", "rate")
    ww = ws.doc.get("win_win")
    assert "rate" in ww["seller"]["weights"]
    assert PRICE not in ww["seller"]["weights"]
    assert "rate" in ww["customer"]["must_haves"]
    assert all("rate" in p["values"] for p in ww["packages"])
    # the price mark travels with the issue, and both parties still score it off the open book
    assert ww["issues"][0]["name"] == "rate"
    assert ww["issues"][0]["economics"] == "pocket_price_per_unit"
    assert all(i.get("economics") != "pocket_price_per_unit" for i in ww["issues"][1:])
    assert ww["seller"]["scores"]["rate"] == ww["customer"]["scores"]["rate"] == "open_book"
    assert ww["seals"]["seller"][0]["definition"]["weights"][PRICE] == 0.5  # seals untouched
    assert ws.doc.problems == []
    assert "Sealed version 1" in ws.w_errors.value
    assert "no issue called" in ws.w_errors.value
    # the editors follow the new name
    # (the case is in EUR: its numbers are written 1.234,5)
    assert field(ws.widget, cls(["win_win", "seller", "weights", "rate"])).value == "0,5"


def test_renaming_through_an_empty_name_keeps_the_values() -> None:
    ws = page()
    ws.doc.set("win_win.issues[2].name", "")
    assert message(ws.widget, cls("win_win.issues[2].name"))  # said at the issue's row
    ws.doc.set("win_win.issues[2].name", "terms")
    assert ws.doc.get(["win_win", "seller", "weights", "terms"]) == 0.15
    assert ws.doc.problems == []


def test_the_issues_table_shows_and_edits_labels_never_ids() -> None:
    ws = page()
    label = field(ws.widget, cls("win_win.issues[2].label"))
    # No label in the file: the box shows a name read from the id.
    assert label.value == "Payment terms"
    titles = html_of(ws.editors["seller"].widget)
    assert "Payment terms" in titles
    assert "payment_terms" not in titles
    label.value = "Days to pay"
    assert ws.doc.get("win_win.issues[2]")["label"] == "Days to pay"
    assert ws.doc.get("win_win.issues[2]")["name"] == "payment_terms"  # the key stays
    assert ws.doc.problems == []
    assert "Days to pay" in html_of(ws.editors["customer"].widget)
    assert ws.packages is not None
    assert "Days to pay" in html_of(ws.packages.widget)  # the packages' column header
    # Clearing the box removes the label: the name read from the id is back everywhere.
    label.value = ""
    assert "label" not in ws.doc.get("win_win.issues[2]")
    assert "Payment terms" in html_of(ws.editors["seller"].widget)
    # Turning the issue into a number keeps the name the trainee gave it.
    label.value = "Days to pay"
    kind = next(w for w in walk(ws.issues.rows.children[2]) if isinstance(w, widgets.Dropdown))
    kind.value = "numeric"
    assert ws.doc.get("win_win.issues[2]")["label"] == "Days to pay"


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
    # the seller's editor now asks for points on that issue, in a table
    type_points(ws, ["win_win", "seller", "scores", "temperature_data"], [(0, 0), (100, 100)])
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
    ws.doc.set("win_win.issues[0].name", "rate")
    assert len(seen) == 1
    assert "rate" in seen[0]
    assert PRICE not in seen[0]


def test_reconcile_leaves_a_consistent_section_alone() -> None:
    ww = {"seller": {"weights": {"a": 1}}, "packages": [{"name": "P", "values": {"a": "x"}}]}
    shape = IssueShape("a", "options", ("x", "y"))
    assert reconcile(ww, [shape], [shape]) == (None, (shape,))


# --------------------------------------------------------------------------- score points


def test_points_rows_are_read_sorted_and_refused_cell_by_cell() -> None:
    assert read_points([("300", "0"), ("320", "100")]) == ([[300, 0], [320, 100]], {})
    assert read_points([("320", "100"), ("", ""), ("300", "0")]) == ([[300, 0], [320, 100]], {})
    assert read_points([("", ""), (" ", "")]) == (None, {})
    assert read_points([("12,500", "20.5")]) == ([[12500, 20.5]], {})
    points, said = read_points([("300", "0"), ("abc", "50")])
    assert points is None
    assert list(said) == ["1.value"]
    assert "abc" in said["1.value"]
    assert "from 0 to 100" in read_points([("300", "120")])[1]["0.score"]
    assert "give each value once" in read_points([("300", "0"), ("300", "10")])[1]["1.value"]
    assert read_points([("300", "")])[1] == {"0.score": "Enter the score of this value."}
    assert read_points([("", "40")])[1] == {"0.value": "Enter the value this score is for."}


def test_points_field_shows_its_message_and_keeps_the_document() -> None:
    ws = page()
    # The samples score the price off the open book: the seller switches to points of its own.
    (source,) = [
        w
        for w in walk(ws.editors["seller"].widget)
        if isinstance(w, widgets.Dropdown) and w.value == OPEN_BOOK
    ]
    source.value = "points"
    path: list[str | int] = ["win_win", "seller", "scores", PRICE]
    where = cls(path)
    cells = point_cells(ws, path)
    assert [c.value for c in cells] == ["", "", "", ""]  # two blank rows to start from
    assert "no scores" in message(ws.widget, where)
    type_points(ws, path, [(185, 0), (215, 100)])
    assert ws.doc.get(path) == [[185, 0], [215, 100]]
    assert message(ws.widget, where) == ""
    # A cell that cannot be read says so under itself, and the document keeps its points.
    cells[0].value = "300-0"
    assert "300-0" in message(ws.widget, cls([*path, 0, 0]))
    assert ws.doc.get(path) == [[185, 0], [215, 100]]
    # The page's banner counts it and names the cell.
    assert "1 problem" in ws.w_banner.value
    assert "row 1" in ws.w_banner.value
    cells[0].value = "185"
    assert message(ws.widget, cls([*path, 0, 0])) == ""
    assert "problem" not in ws.w_banner.value
    # A point added in a row of its own is stored in order of value.
    table = next(w for w in walk(ws.widget) if where in w._dom_classes)
    add = next(w for w in walk(table) if isinstance(w, widgets.Button) and "Add" in w.description)
    add.click()
    more = point_cells(ws, path)
    more[4].value, more[5].value = "200", "80"
    assert ws.doc.get(path) == [[185, 0], [200, 80], [215, 100]]
    # Removing a row removes its point.
    removes = [w for w in walk(table) if isinstance(w, widgets.Button) and w.icon == "trash"]
    removes[2].click()
    assert ws.doc.get(path) == [[185, 0], [215, 100]]


def test_options_are_scored_in_a_table_one_row_per_option() -> None:
    ws = page()
    path: list[str | int] = ["win_win", "customer", "scores", "temperature_data"]
    score = field(ws.widget, cls([*path, "real-time feed"]))
    row = next(
        w
        for w in walk(ws.editors["customer"].widget)
        if "nw-ww-score-row" in w._dom_classes and score in list(walk(w))
    )
    assert "real-time feed" in html_of(row)
    score.value = "75"
    assert ws.doc.get([*path, "real-time feed"]) == 75
    score.value = "150"
    assert "100" in message(ws.widget, cls(path))  # said under the issue's scores


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


# --------------------------------------------------------------------------- the open book
#
# A small case of its own, priced through the open book, so that these tests do not depend on
# how the sample cases are marked: ten units a period, variable cost 60, an alternative at 140
# per unit (no drivers: the evidence-weighted EVE is 140), BATNAs of 30 (seller) and 10
# (customer) per year, five repetitions at 10%. Floor 60 + 30/10 = 63, ceiling 140 − 10/10 =
# 139, fair price 63 + 0.5 · 76 = 101. A two-year warranty costs the seller 100 and is worth
# 300 to the customer per year. Both parties score the price off the open book.

PRICED_STYLE = {
    key: 1 if key.startswith("cpt_") else 5
    for key in (
        "cpt_open_high",
        "cpt_cards_close",
        "cpt_small_concessions",
        "cpt_use_power",
        "cpt_walkaway_figure",
        "cpt_first_offer",
        "trust_fair_clear",
        "trust_share_model",
        "trust_principled_discounts",
        "trust_project_x100",
        "trust_never_mislead",
        "trust_assume_agreement",
    )
}
FLOOR, CEILING = 63.0, 139.0
WARRANTY_MONEY = {"2y": (100.0, 300.0)}  # option: (seller cost, customer value) per year


def priced_data() -> dict[str, Any]:
    from negotiation_lib.document import blank_case

    d = blank_case("Seller Co", "Buyer Ltd")
    d["value"]["reference"]["price_per_unit"] = 140
    d["economics"].update(volume_per_period=10, list_price_per_unit=100, variable_cost_per_unit=60)
    d["relationship"].update(
        repetitions=5,
        discount_rate=0.1,
        retention_fair=0.9,
        retention_one_sided=0.5,
        seller_batna_per_period=30,
        customer_batna_per_period=10,
        seller_batr_npv=500,
        customer_batr_npv=0,
    )
    ready = {"credibility": 8, "reliability": 8, "intimacy": 6, "self_orientation": 3}
    d["trust"] = {
        "seller_view": dict(ready),
        "customer_view": dict(ready),
        "style_answers": dict(PRICED_STYLE),
    }
    d["win_win"] = {
        "issues": [
            {
                "name": "price",
                "kind": "numeric",
                "min": 80,
                "max": 120,
                "step": 1,
                "economics": "pocket_price_per_unit",
            },
            {
                "name": "warranty",
                "kind": "options",
                "options": ["1y", "2y"],
                "economics": {
                    "2y": {"seller_cost_per_period": 100, "customer_value_per_period": 300}
                },
            },
        ],
        "seller": {
            "weights": {"price": 0.7, "warranty": 0.3},
            "scores": {"price": "open_book", "warranty": {"1y": 100, "2y": 0}},
            "win_threshold": 40,
            "reservation_utility": 10,
        },
        "customer": {
            "weights": {"price": 0.6, "warranty": 0.4},
            "scores": {"price": "open_book", "warranty": {"1y": 0, "2y": 100}},
            "win_threshold": 40,
            "reservation_utility": 10,
        },
        "packages": [
            {"name": "Fair", "values": {"price": 101, "warranty": "1y"}},
            {"name": "Squeeze", "values": {"price": 118, "warranty": "1y"}},
            {"name": "Long warranty", "values": {"price": 115, "warranty": "2y"}},
            {"name": "Cheap", "values": {"price": 85, "warranty": "1y"}},
        ],
    }
    return d


def priced_page(data: dict[str, Any] | None = None) -> WinWinWorksheet:
    from negotiation_lib.document import CaseDocument

    doc = CaseDocument(data if data is not None else priced_data())
    assert doc.problems == []
    return WinWinWorksheet(doc)


def hand_deal(data: dict[str, Any], price: float, option: str) -> dict[str, float]:
    """DESIGN §3 by hand: one package's money, with plain loops over the repetitions."""
    e, r = data["economics"], data["relationship"]
    money = {
        o: (m.get("seller_cost_per_period", 0.0), m.get("customer_value_per_period", 0.0))
        for o, m in data["win_win"]["issues"][1].get("economics", {}).items()
    }
    cost, worth = money.get(option, (0.0, 0.0))
    volume, eve = e["volume_per_period"], data["value"]["reference"]["price_per_unit"]
    profit = volume * (price - e["variable_cost_per_unit"]) - e["fixed_cost_per_period"] - cost
    benefit = volume * (eve - price) - e["customer_cost_per_period"] + worth
    gain_s = profit - r["seller_batna_per_period"]
    gain_c = benefit - r["customer_batna_per_period"]
    share = gain_s / (gain_s + gain_c)
    fair = e["fair_share"]
    p = r["retention_fair"] + min(1.0, abs(share - fair) / 0.5) * (
        r["retention_one_sided"] - r["retention_fair"]
    )
    k = (1 + r["growth_rate"]) / (1 + r["discount_rate"])
    n = r["repetitions"]
    seller = [profit * (p * k) ** t for t in range(n)]
    customer = [benefit * (p * k) ** t for t in range(n)]
    return {
        "price": price,
        "seller_share": share,
        "retention": p,
        "seller_npv": sum(seller) - e["seller_one_time_cost"],
        "customer_npv": sum(customer) - e["customer_one_time_cost"],
        "seller_colr": sum(seller[1:]),
        "customer_colr": sum(customer[1:]),
        "seller_batna_npv": r["seller_batna_per_period"] * sum(k**t for t in range(n)),
        "customer_batna_npv": r["customer_batna_per_period"] * sum(k**t for t in range(n)),
        # The price that gives the seller its fair share with these options: the joint gain
        # does not depend on the price, so solve gain_s(P) = fair · joint for P.
        "fair_price": (
            e["variable_cost_per_unit"]
            + (cost + r["seller_batna_per_period"] + fair * (gain_s + gain_c)) / volume
        ),
    }


def hand_utilities(price: float, option: str) -> tuple[float, float]:
    """Both utilities with open-book price scores: the price's place in the ZOPA."""
    s = min(100.0, max(0.0, 100 * (price - FLOOR) / (CEILING - FLOOR)))
    seller = 0.7 * s + 0.3 * {"1y": 100, "2y": 0}[option]
    customer = 0.6 * (100 - s) + 0.4 * {"1y": 0, "2y": 100}[option]
    return seller, customer


def outcomes() -> list[tuple[float, str]]:
    return [(float(p), o) for p in range(80, 121) for o in ("1y", "2y")]


def dominating(price: float, option: str) -> list[tuple[float, str]]:
    """The feasible outcomes at least as good for both as (price, option), better for one."""
    mine = hand_utilities(price, option)
    return [
        o
        for o in outcomes()
        if min(hand_utilities(*o)) >= 10  # both walk-away utilities
        and all(u >= m - 1e-9 for u, m in zip(hand_utilities(*o), mine, strict=True))
        and hand_utilities(*o) != pytest.approx(mine)
    ]


def figures_in(cell: str) -> float:
    """The number in a money or percent cell (``1,428 EUR``, ``−501 EUR``, ``72.4%``)."""
    text = re.sub(r"<div.*?</div>|<span.*?</span>|<[^>]+>", "", cell)
    found = re.search(r"[−-]?[\d,]+(\.\d+)?", text)
    assert found is not None, cell
    return float(found.group().replace(",", "").replace("−", "-"))


def money_cells(ws: WinWinWorksheet) -> dict[str, dict[str, float]]:
    """The money cells of the packages table, by package name and figure."""
    rows = re.findall(r"<tr[^>]*><td>\d+\. (.*?)</td>(.*?)</tr>", ws.w_table.value, re.S)
    return {
        html.unescape(name): {
            figure: figures_in(cell)
            for figure, cell in re.findall(r"data-figure='(\w+)'>(.*?)</td>", cells, re.S)
        }
        for name, cells in rows
    }


def test_the_package_table_prices_each_package_through_the_open_book() -> None:
    ws = priced_page()
    data = ws.doc.data
    shown = money_cells(ws)
    assert list(shown) == ["Fair", "Squeeze", "Long warranty", "Cheap"]
    a = ws.results.assessment if ws.results else None
    assert a is not None
    assert a.win_win is not None
    for pkg in a.win_win.packages:
        price, option = pkg.values["price"], str(pkg.values["warranty"])
        assert isinstance(price, float)
        hand = hand_deal(data, price, option)
        cells = shown[pkg.name]
        assert cells["price"] == pytest.approx(price)
        assert cells["seller_share"] == pytest.approx(100 * hand["seller_share"], abs=0.05)
        assert cells["retention"] == pytest.approx(100 * hand["retention"], abs=0.05)
        assert cells["seller_npv"] == pytest.approx(hand["seller_npv"], abs=0.5)
        assert cells["customer_npv"] == pytest.approx(hand["customer_npv"], abs=0.5)
        # the same figures as the assessment every other consumer reads
        e = a.package_economics(pkg)
        assert e is not None
        assert e.seller_npv == pytest.approx(hand["seller_npv"])
        assert e.customer_npv == pytest.approx(hand["customer_npv"])
        # and the utilities are those of the open-book scores
        assert (pkg.seller_utility, pkg.customer_utility) == pytest.approx(
            hand_utilities(price, option)
        )
    table = ws.w_table.value
    assert "Seller's NPV (Seller Co)" in table
    assert "Customer's NPV (Buyer Ltd)" in table
    assert "Pocket price per unit" in table
    # at the fair price the seller's share is exactly the fair share, BATNAs and all
    assert shown["Fair"]["seller_share"] == 50.0
    assert "The fair price is 101.00 EUR per unit" in table  # as on the economics tiles
    # the warranty's money moves the fair price of the package that chooses it
    assert hand_deal(data, 115, "2y")["fair_price"] == pytest.approx(121)
    assert "fair with these terms: 121.00 EUR" in table
    # a share far from the fair one is marked; the fair one is not
    assert re.search(r"data-figure='seller_share'>72\.4% <span", table)
    assert not re.search(r"data-figure='seller_share'>50\.0% <span", table)


def test_a_dominated_package_names_the_agreement_better_for_both() -> None:
    ws = priced_page()
    a = ws.results.assessment if ws.results else None
    assert a is not None
    assert a.win_win is not None
    cheap = next(p for p in a.win_win.packages if p.name == "Cheap")
    # Brute force over the whole outcome space: who dominates each package?
    dominated = {
        p["name"]: dominating(p["values"]["price"], p["values"]["warranty"])
        for p in ws.doc.data["win_win"]["packages"]
    }
    assert [name for name, found in dominated.items() if found] == ["Cheap"]
    better = dominated["Cheap"]
    i = cheap.improvement
    assert i is not None
    assert i.dominating_count == len(better)
    assert (float(i.outcome.values["price"]), i.outcome.values["warranty"]) in better
    # one row per package; the better agreements are listed under the table
    assert [row[0] for row in package_rows(ws)] == [
        "1. Fair",
        "2. Squeeze",
        "3. Long warranty",
        "4. Cheap",
    ]
    items = dict(re.findall(r"<li data-package='(\d+)'>(.*?)</li>", ws.w_table.value, re.S))
    assert list(items) == ["4"]  # the other three lie on the frontier
    line = items["4"]
    assert line.startswith("<b>Instead of 4. Cheap</b>")
    assert f"{len(better)} feasible agreements are better for both sides" in line
    assert esc(i.sentence("Seller Co", "Buyer Ltd")) in line
    assert line.count("both sides gain: Seller Co +") == 1
    hand = hand_deal(
        ws.doc.data, float(i.outcome.values["price"]), str(i.outcome.values["warranty"])
    )
    assert f"seller's NPV {number(hand['seller_npv'])} EUR" in line
    assert f"customer's NPV {number(hand['customer_npv'])} EUR" in line


def memo_figures(memo: str) -> dict[str, float]:
    return {
        figure: figures_in(value)
        for figure, value in re.findall(r"data-figure='(\w+)'>(.*?)</span>", memo)
    }


def memos_of(ws: WinWinWorksheet) -> dict[str, str]:
    parts = re.split(r"(?=<div class='nw-memo' data-party=')", ws.w_memos.value)
    return {
        re.match(r"<div class='nw-memo' data-party='(\w+)'", part).group(1): part  # type: ignore[union-attr]
        for part in parts
        if part.startswith("<div class='nw-memo'")
    }


@pytest.mark.parametrize("package", ["Fair", "Squeeze", "Long warranty"])
def test_a_memo_sets_npvs_beside_npvs_only(package: str) -> None:
    ws = priced_page()
    ws.w_agreement.value = package
    data = ws.doc.data
    values = next(p["values"] for p in data["win_win"]["packages"] if p["name"] == package)
    hand = hand_deal(data, values["price"], values["warranty"])
    memos = memos_of(ws)
    assert set(memos) == {"seller", "customer"}
    batr = {"seller": 500.0, "customer": 0.0}
    for party, memo in memos.items():
        figures = memo_figures(memo)
        assert figures["npv"] == pytest.approx(hand[f"{party}_npv"], abs=0.5)
        assert figures["batna_npv"] == pytest.approx(hand[f"{party}_batna_npv"], abs=0.5)
        assert figures["batr"] == pytest.approx(batr[party], abs=0.5)
        colr_net = hand[f"{party}_colr"] - batr[party]
        assert figures["colr_net"] == pytest.approx(abs(colr_net), abs=0.5)
        assert figures["batna_npv_gap"] == pytest.approx(
            abs(hand[f"{party}_npv"] - hand[f"{party}_batna_npv"]), abs=1
        )
        # Every money figure in the memo is one of those NPVs: the BATNA per year (30 and
        # 10 EUR) is never set beside them.
        amounts = {
            figures_in(m) for m in re.findall(r"[−-]?[\d,]+(?:\.\d+)? EUR", html.unescape(memo))
        }
        assert amounts <= set(figures.values()), amounts - set(figures.values())
        assert not amounts & {30.0, 10.0}
        assert "per year" not in memo
        assert "Not ready for win-win" not in memo


def test_a_memo_for_sides_not_ready_says_so_first_and_names_the_weakest_factor() -> None:
    data = priced_data()
    # (5 + 5 + 2) / 4 = 3 < 4: not ready; intimacy (2) is the lowest factor by far
    data["trust"]["customer_view"] = {
        "credibility": 5,
        "reliability": 5,
        "intimacy": 2,
        "self_orientation": 4,
    }
    ws = priced_page(data)
    assert tiles(ws.widget)["ready_for_win_win"] == "Not yet"
    for party, memo in memos_of(ws).items():
        first = re.match(r"<div class='nw-memo' data-party='\w+'>(<div[^>]*>.*?</div>)<h4>", memo)
        assert first is not None, party
        assert "Not ready for win-win yet" in first.group(1)
        assert "intimacy" in first.group(1)
        assert "credibility" not in first.group(1)
    # and once trust is there, the line goes
    for factor, rating in (("intimacy", 8), ("self_orientation", 2)):
        ws.doc.set(["trust", "customer_view", factor], rating)
    assert tiles(ws.widget)["ready_for_win_win"] == "Yes"
    assert "Not ready for win-win" not in ws.w_memos.value


def test_the_pareto_chart_rings_the_agreement_at_the_fair_price() -> None:
    ws = priced_page()
    data = ws.doc.data
    # The frontier by brute force, then the outcome on it nearest its own fair price.
    points = {o: hand_utilities(*o) for o in outcomes()}
    frontier = [
        o
        for o, u in points.items()
        if min(u) >= 10
        and not any(
            v[0] >= u[0] and v[1] >= u[1] and v != pytest.approx(u) for v in points.values()
        )
    ]
    fair = {option: hand_deal(data, 100, option)["fair_price"] for option in ("1y", "2y")}
    assert fair == pytest.approx({"1y": 101, "2y": 121})
    price, option = min(frontier, key=lambda o: abs(o[0] - fair[o[1]]))
    assert (price, option) == (101, "1y")
    figure = ws.pareto_chart.figure
    assert figure is not None
    ring = next(t for t in figure.data if t.name and t.name.startswith("Fair price"))
    assert ring.name == "Fair price: 101.00 EUR per unit"
    assert (ring.x[0], ring.y[0]) == pytest.approx(points[(price, option)])


def test_a_money_input_redraws_the_table_and_memos_not_the_chart(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ws = priced_page()
    drawn: list[str] = []
    for name in ("pareto_scatter", "trust_factors", "style_profile"):
        real = getattr(figures, name)

        def counted(*args: Any, _real: Any = real, _name: str = name, **kwargs: Any) -> Any:
            drawn.append(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(figures, name, counted)
    table, memos = ws.w_table.value, ws.w_memos.value
    # The discount rate moves every NPV but neither the ZOPA nor any utility.
    ws.doc.set("relationship.discount_rate", 0.2)
    assert drawn == []
    assert ws.w_table.value != table
    assert ws.w_memos.value != memos
    data = ws.doc.data
    hand = hand_deal(data, 101, "1y")
    assert money_cells(ws)["Fair"]["seller_npv"] == pytest.approx(hand["seller_npv"], abs=0.5)
    # The trust check opens the memos: a change there redraws them, not the agreements' chart.
    memos = ws.w_memos.value
    ws.doc.set(["trust", "customer_view", "self_orientation"], 6)  # (8 + 8 + 6) / 6 < 4
    assert drawn == ["trust_factors", "style_profile"]
    assert ws.w_memos.value != memos
    assert "Not ready for win-win yet" in ws.w_memos.value


# --------------------------------------------------------------------------- open-book editors


def _checkboxes(ws: WinWinWorksheet) -> list[widgets.Checkbox]:
    return [w for w in walk(ws.issues.widget) if isinstance(w, widgets.Checkbox)]


def _score_source(ws: WinWinWorksheet, party: Party) -> widgets.Dropdown:
    for w in walk(ws.editors[party].widget):
        if "nw-ww-score-source" in w._dom_classes:
            return next(x for x in walk(w) if isinstance(x, widgets.Dropdown))
    raise LookupError(party)


def _marks(ws: WinWinWorksheet) -> list[str]:
    return [i["name"] for i in ws.doc.get("win_win.issues") if i.get("economics") == PRICE_MARK]


PRICE_MARK = "pocket_price_per_unit"


def test_at_most_one_issue_is_the_price_and_the_editor_says_so() -> None:
    data = priced_data()
    data["win_win"]["issues"].append(
        {"name": "term", "kind": "numeric", "min": 1, "max": 3, "step": 1}
    )
    for p in data["win_win"]["packages"]:
        p["values"]["term"] = 1
    ws = priced_page(data)
    price_box, term_box = _checkboxes(ws)
    assert (price_box.value, term_box.value) == (True, False)
    assert price_box.description == "This issue is the price per unit"
    term_box.value = True
    assert _marks(ws) == ["term"]
    assert (price_box.value, term_box.value) == (False, True)
    note = ws.issues.w_price_note.value
    assert "Only one issue can be the price per unit" in note
    assert "“Term” is now the price, so “Price” no longer is" in note
    # Both parties still score "price" off the open book: said in words at that choice.
    assert ws.doc.problems
    source = next(
        w for w in walk(ws.editors["seller"].widget) if "nw-ww-score-source" in w._dom_classes
    )
    said = message(source, "nw-ww-score-source")
    assert "only the issue that is the price per unit" in said
    assert "pocket_price_per_unit" not in html_of(ws.widget)
    term_box.value = False
    assert _marks(ws) == []
    assert "No issue is the price per unit now" in ws.issues.w_price_note.value


def test_the_older_price_issue_field_shows_as_the_mark_and_unticks() -> None:
    data = priced_data()
    del data["win_win"]["issues"][0]["economics"]
    data["win_win"]["price_issue"] = "price"
    ws = priced_page(data)
    price_box = _checkboxes(ws)[0]
    assert price_box.value is True
    # the price so linked may be scored off the open book too
    assert _score_source(ws, "customer").value == "open_book"
    assert money_cells(ws)["Fair"]["seller_share"] == 50.0
    price_box.value = False
    assert "price_issue" not in ws.doc.get("win_win")
    assert _marks(ws) == []
    price_box.value = True
    assert _marks(ws) == ["price"]
    assert "price_issue" not in ws.doc.get("win_win")


def test_the_open_book_choice_reads_the_zopa_and_points_give_the_same_scores() -> None:
    ws = priced_page()
    before = package_rows(ws)
    source = _score_source(ws, "seller")
    assert source.value == "open_book"
    note = html_of(ws.editors["seller"].widget)
    assert "floor of 63 EUR per unit" in note
    assert "ceiling of 139 EUR per unit" in note
    source.value = "points"
    assert ws.doc.get("win_win.seller.scores.price") is None
    assert "has a weight but no scores" in message(
        ws.widget, cls(["win_win", "seller", "scores", "price"])
    )
    # The open-book score is the price's place in the ZOPA: the same points typed by hand
    # score every package the same.
    type_points(ws, ["win_win", "seller", "scores", "price"], [(63, 0), (139, 100)])
    assert ws.doc.get("win_win.seller.scores.price") == [[63, 0], [139, 100]]
    assert ws.doc.problems == []
    assert package_rows(ws) == before
    source.value = "open_book"
    assert ws.doc.get("win_win.seller.scores.price") == "open_book"
    assert package_rows(ws) == before


def test_option_money_is_typed_per_option_and_counted_in_the_npvs() -> None:
    ws = priced_page()
    cost = field(ws.widget, cls("win_win.issues[1].economics.1y.seller_cost_per_period"))
    assert cost.value == ""
    assert (
        field(ws.widget, cls("win_win.issues[1].economics.2y.customer_value_per_period")).value
        == "300"
    )
    cost.value = "50"
    assert ws.doc.get("win_win.issues[1].economics.1y") == {"seller_cost_per_period": 50}
    hand = hand_deal(ws.doc.data, 101, "1y")
    assert money_cells(ws)["Fair"]["seller_npv"] == pytest.approx(hand["seller_npv"], abs=0.5)
    # the seller bears half of a cost it adds: 101 + 0.5 · 50 / 10
    assert hand["fair_price"] == pytest.approx(103.5)
    assert "fair with these terms: 103.50 EUR" in ws.w_table.value
    cost.value = ""
    assert "1y" not in ws.doc.get("win_win.issues[1].economics")
    assert ws.doc.problems == []
    head = html_of(ws.issues.widget)
    assert "Open book (optional), in EUR per year" in head
    assert "Cost to seller" in head
    assert "Value to customer" in head


def test_renames_carry_the_open_book_along() -> None:
    ws = priced_page()
    field(ws.widget, cls("win_win.issues[1].options")).value = "1y, two years"
    ww = ws.doc.get("win_win")
    assert ww["issues"][1]["economics"] == {
        "two years": {"seller_cost_per_period": 100, "customer_value_per_period": 300}
    }
    assert ww["customer"]["scores"]["warranty"] == {"1y": 0, "two years": 100}
    assert ws.doc.problems == []
    # the money table follows the renamed option
    assert (
        field(ws.widget, cls("win_win.issues[1].economics.two years.seller_cost_per_period")).value
        == "100"
    )
    ws.doc.set("win_win.issues[0].name", "rate")
    ww = ws.doc.get("win_win")
    assert _marks(ws) == ["rate"]
    assert ww["seller"]["scores"]["rate"] == "open_book"
    assert all("rate" in p["values"] for p in ww["packages"])
    assert ws.doc.problems == []
    assert money_cells(ws)["Fair"]["seller_share"] == 50.0
    # an option removed takes its money with it
    field(ws.widget, cls("win_win.issues[1].options")).value = "1y"
    assert "economics" not in ws.doc.get("win_win.issues[1]")
