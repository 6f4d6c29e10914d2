"""The case being edited: invalid input is reported at its path and never replaces results."""

from __future__ import annotations

import json

from negotiation_lib.datasets import sample_case_path
from negotiation_lib.document import CaseDocument, blank_case, parse_path


def pumpco() -> CaseDocument:
    return CaseDocument(json.loads(sample_case_path("pumpco_acme_foods").read_text()))


def test_a_valid_edit_reaches_the_case() -> None:
    doc = pumpco()
    doc.set("economics.list_price_per_unit", 12_000)
    assert doc.problems == []
    assert doc.case is not None
    assert doc.case.economics is not None
    assert doc.case.economics.list_price_per_unit == 12_000


def test_an_invalid_edit_keeps_the_last_valid_section_and_reports_the_path() -> None:
    doc = pumpco()
    doc.set("value.drivers[0].confidence", 1.7)
    assert [p.path for p in doc.problems] == ["value.drivers[0].confidence"]
    assert doc.case is not None
    assert doc.case.value is not None
    assert doc.case.value.drivers[0].confidence == 0.8  # the last valid value
    assert doc.get("value.drivers[0].confidence") == 1.7  # what the trainee typed is kept


def test_other_sections_stay_live_while_one_is_broken() -> None:
    doc = pumpco()
    doc.set("value.drivers[0].confidence", 1.7)
    doc.set("economics.volume_per_period", 50)
    assert doc.case is not None
    assert doc.case.economics is not None
    assert doc.case.economics.volume_per_period == 50


def test_revision_counts_every_change_and_reload_counts_replacements() -> None:
    doc = CaseDocument(blank_case())
    start_rev, start_reloads = doc.revision, doc.reloads
    doc.set("title", "Renewal")
    doc.set("title", "")
    assert doc.revision == start_rev + 2
    assert doc.reloads == start_reloads
    doc.replace(blank_case())
    assert doc.reloads == start_reloads + 1


def test_append_and_remove_rows() -> None:
    doc = CaseDocument(blank_case())
    i = doc.append("value.drivers", {"name": "Energy", "value_per_unit": 5.0})
    j = doc.append("value.drivers", {"name": "Uptime", "value_per_unit": 3.0})
    assert (i, j) == (0, 1)
    doc.remove("value.drivers", 0)
    assert doc.case is not None
    assert doc.case.value is not None
    assert [d.name for d in doc.case.value.drivers] == ["Uptime"]


def test_keys_with_dots_and_spaces_are_reachable_as_steps() -> None:
    doc = CaseDocument(blank_case())
    doc.set(["win_win", "issues"], [{"name": "pay. terms", "kind": "options", "options": ["30d"]}])
    doc.set(
        ["win_win", "seller"], {"weights": {"pay. terms": 1}, "scores": {"pay. terms": {"30d": 50}}}
    )
    assert doc.problems == []
    assert doc.get(["win_win", "seller", "weights", "pay. terms"]) == 1


def test_none_removes_an_optional_key() -> None:
    doc = pumpco()
    doc.set("relationship.cpt_price_per_unit", None)
    assert "cpt_price_per_unit" not in doc.data["relationship"]


def test_the_callers_dict_is_never_changed() -> None:
    data = blank_case()
    doc = CaseDocument(data)
    doc.set("title", "Changed")
    assert data["title"] == "New negotiation"


def test_a_blank_case_is_valid() -> None:
    doc = CaseDocument(blank_case())
    assert doc.problems == []
    assert doc.case is not None


def test_parse_path() -> None:
    assert parse_path("win_win.packages[2].values.price") == [
        "win_win",
        "packages",
        2,
        "values",
        "price",
    ]
