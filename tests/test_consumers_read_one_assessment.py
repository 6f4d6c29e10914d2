"""The debrief, the home page's case cards and the case workbook read one case assessment.

The debrief and the home page need only closed-form results: they must never start the Monte
Carlo simulation or the sensitivity analysis. The case workbook runs each once, inside the
assessment its report is written from, so its tables and its report rows agree.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any

import pytest
from openpyxl import load_workbook

from negotiation_lib import assessment
from negotiation_lib.datasets import (
    load_sample_case,
    sample_case_document,
    sample_case_names,
    sample_case_path,
)


def _refuse(*_args: Any, **_kwargs: Any) -> Any:
    raise AssertionError("this consumer must not run the Monte Carlo or the sensitivity")


@pytest.fixture
def no_simulation(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(assessment, "case_monte_carlo", _refuse)
    monkeypatch.setattr(assessment, "case_sensitivity", _refuse)


@pytest.mark.parametrize("name", sample_case_names())
def test_the_debrief_never_simulates(no_simulation: None, name: str) -> None:
    from negotiation_lib.debrief import DebriefInput, debrief_row

    data = sample_case_document(name)  # as a participant's document holds it
    row = debrief_row(DebriefInput("Team", name, data))
    a = assessment.assess_case(load_sample_case(name))
    assert a.projection is not None
    assert row["seller_npv"] == a.projection.seller_npv
    assert row["found_win_win"] is True


def test_the_home_page_cards_never_simulate(no_simulation: None) -> None:
    from negotiation_lib.worksheets.home import case_summary

    summary = case_summary(load_sample_case("pumpco_acme_foods"))
    assert summary["Fair price"].endswith(" EUR")
    assert int(summary["Win-win packages"]) >= 1


def _counting(monkeypatch: pytest.MonkeyPatch, name: str) -> dict[str, int]:
    """Count how often the assessment runs one of its computations."""
    calls = {"n": 0}
    real: Callable[..., Any] = getattr(assessment, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(assessment, name, counted)
    return calls


def test_the_case_workbook_simulates_once_and_its_tables_match_its_report(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from negotiation_lib.exports.case_workbook import case_workbook

    monte_carlo = _counting(monkeypatch, "case_monte_carlo")
    sensitivity = _counting(monkeypatch, "case_sensitivity")
    data = json.loads(sample_case_path("pumpco_acme_foods").read_text("utf-8"))
    book = load_workbook(io.BytesIO(case_workbook(data, paths=300, seed=7)))
    assert monte_carlo["n"] == 1
    assert sensitivity["n"] == 1
    results = {row[3]: row[1] for row in book["2 Projection results"].iter_rows(values_only=True)}
    table = list(book["2 Monte Carlo"].iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in table] == ["Seller", "Seller", "Customer", "Customer"]
    for row, view in zip(table, ("value", "length", "value", "length"), strict=True):
        # The sheet names the party ("Seller"); the report's keys use its code ("seller").
        key = f"projection.monte_carlo.{str(row[0]).lower()}.{view}_uncertainty"
        assert row[2:6] == pytest.approx(
            tuple(results[f"{key}.{p}"] for p in ("mean", "p10", "p50", "p90"))
        )
        assert row[8:] == (300, 7)
