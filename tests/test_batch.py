"""Batches: one row per case and scenario, each equal to the single report of its case.

The expected figures are read from ``report_json(assess_case(case))`` (the full single report,
Monte Carlo included) of the case edited by hand, never from the batch's own flattening.
"""

from __future__ import annotations

import copy
import json
import math
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import negotiation_lib
from negotiation_lib.assessment import assess_case
from negotiation_lib.cli import main
from negotiation_lib.datasets import sample_case_document, sample_case_names, sample_case_path
from negotiation_lib.domain.errors import CaseError
from negotiation_lib.domain.validation import parse_case
from negotiation_lib.report import report_json

EXE = Path(sys.executable).with_name("negotiation-workbook")

# The headline figures of DESIGN §5 that are one number, flag or text each, written out here.
SCALARS = (
    "value.eve_per_unit",
    "value.eve_expected_per_unit",
    "value.strength_score",
    "strategy.fit",
    "economics.invoice_price_per_unit",
    "economics.pocket_price_per_unit",
    "economics.seller_profit_per_period",
    "economics.customer_net_benefit_per_period",
    "economics.value_created_per_period",
    "economics.seller_share",
    "economics.zopa.floor_per_unit",
    "economics.zopa.ceiling_per_unit",
    "economics.zopa.exists",
    "economics.fair_price_per_unit",
    "projection.retention",
    "projection.seller_npv",
    "projection.customer_npv",
    "projection.seller_colr",
    "projection.customer_colr",
    "projection.seller_colr_net",
    "projection.customer_colr_net",
    "projection.seller_batna_npv",
    "projection.customer_batna_npv",
    "projection.seller_optimal.price_per_unit",
    "projection.seller_optimal.seller_share",
    "projection.seller_optimal.seller_npv",
    "projection.seller_optimal.customer_npv",
    "projection.break_even_loyalty",
    "economics.joint_gain_per_period",
    "projection.scenarios.trust.seller_npv",
    "projection.scenarios.trust.customer_npv",
    "projection.scenarios.cpt.seller_npv",
    "projection.scenarios.cpt.customer_npv",
    "projection.crossover_repetition",
    "trust.seller_view.score",
    "trust.customer_view.score",
    "trust.style.relationship",
    "trust.style.transparency",
    "trust.style.long_term",
    "trust.style.overall",
    "trust.ready_for_win_win",
)


def dig(report: dict[str, Any], path: str) -> Any:
    node: Any = report
    for key in path.split("."):
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node


def same(cell: Any, expected: Any) -> bool:
    if expected is None:
        return cell is None or (isinstance(cell, float) and math.isnan(cell))
    if isinstance(expected, bool):
        return bool(cell) is expected
    return bool(cell == expected)


def assert_row_is_the_report(row: pd.Series, report: dict[str, Any]) -> None:
    for path in SCALARS:
        assert same(row[path], dig(report, path)), path
    for move in dig(report, "strategy.moves") or ():
        where = f"strategy.moves[{move['name']}]"
        assert row[f"{where}.expected_value"] == move["expected_value"]
        assert row[f"{where}.decision"] == move["decision"]
    for package in dig(report, "win_win.packages") or ():
        where = f"win_win.packages[{package['name']}]"
        for name in ("seller_utility", "customer_utility", "feasible", "win_win"):
            assert same(row[f"{where}.{name}"], package[name]), (where, name)
        assert same(row[f"{where}.pareto_efficient"], package["pareto_efficient"])
        money = package.get("economics") or {}
        for name in ("pocket_price_per_unit", "seller_share", "seller_npv", "customer_npv"):
            assert same(row[f"{where}.economics.{name}"], money.get(name)), (where, name)
    for name in ("frontier", "nash", "kalai_smorodinsky", "egalitarian"):
        expected = dig(report, f"win_win.{name}")
        cell = row[f"win_win.{name}"]
        assert (json.loads(cell) if isinstance(cell, str) else None) == expected, name
    flags = dig(report, "economics.flags")
    if flags:
        for flag in flags:
            assert flag["message"] in row["economics.flags"]
    assert row["missing"] == "; ".join(report["missing"])


def single_report(document: dict[str, Any]) -> dict[str, Any]:
    return report_json(assess_case(parse_case(document)))


# --------------------------------------------------------------------------- the library


@pytest.mark.parametrize("name", sample_case_names())
def test_a_base_row_equals_the_single_report_of_each_sample_case(name: str) -> None:
    frame = negotiation_lib.batch(name)
    assert list(frame["case"]) == [name]
    assert list(frame["scenario"]) == ["base"]
    assert_row_is_the_report(frame.iloc[0], single_report(sample_case_document(name)))


@pytest.mark.parametrize("name", sample_case_names())
def test_a_scenario_row_equals_the_report_of_the_case_edited_by_hand(name: str) -> None:
    doc = copy.deepcopy(sample_case_document(name))
    doc["scenarios"] = [
        {
            "name": "Less loyal, more volume",
            "overrides": {
                "relationship.retention_one_sided": 0.3,
                "economics.volume_per_period": doc["economics"]["volume_per_period"] * 1.25,
            },
        }
    ]
    frame = negotiation_lib.batch(doc)
    assert list(frame["scenario"]) == ["base", "Less loyal, more volume"]
    by_hand = copy.deepcopy(sample_case_document(name))
    by_hand["relationship"]["retention_one_sided"] = 0.3
    by_hand["economics"]["volume_per_period"] *= 1.25
    assert_row_is_the_report(frame.iloc[1], single_report(by_hand))
    assert_row_is_the_report(frame.iloc[0], single_report(sample_case_document(name)))
    assert json.loads(frame.iloc[1]["overrides"]) == doc["scenarios"][0]["overrides"]


def test_sets_apply_to_every_row_on_top_of_the_scenarios() -> None:
    doc = copy.deepcopy(sample_case_document("pumpco_acme_foods"))
    doc["scenarios"] = [{"name": "Pricey", "overrides": {"economics.list_price_per_unit": 13500}}]
    sets = {"relationship.discount_rate": 0.12, "economics.list_price_per_unit": 12800}
    frame = negotiation_lib.batch(doc, sets=sets)
    by_hand = copy.deepcopy(sample_case_document("pumpco_acme_foods"))
    by_hand["relationship"]["discount_rate"] = 0.12
    by_hand["economics"]["list_price_per_unit"] = 12800  # the batch's own wins
    assert_row_is_the_report(frame.iloc[0], single_report(by_hand))
    assert_row_is_the_report(frame.iloc[1], single_report(by_hand))


def test_one_scenario_of_each_case_and_a_glob(tmp_path: Path) -> None:
    for name in ("pumpco_acme_foods", "cloudledger_northwind"):
        doc = copy.deepcopy(sample_case_document(name))
        doc["scenarios"] = [{"name": "Rate", "overrides": {"relationship.discount_rate": 0.1}}]
        (tmp_path / f"{name}.json").write_text(json.dumps(doc), "utf-8")
    frame = negotiation_lib.batch(str(tmp_path / "*.json"), scenario="Rate")
    assert [Path(c).name for c in frame["case"]] == [
        "cloudledger_northwind.json",
        "pumpco_acme_foods.json",
    ]
    assert list(frame["scenario"]) == ["Rate", "Rate"]
    by_hand = copy.deepcopy(sample_case_document("pumpco_acme_foods"))
    by_hand["relationship"]["discount_rate"] = 0.1
    assert_row_is_the_report(frame.iloc[1], single_report(by_hand))


def test_progress_is_reported_after_each_row() -> None:
    seen: list[tuple[int, int]] = []
    negotiation_lib.batch(
        ["pumpco_acme_foods", "corvane_bluewell"], progress=lambda d, t: seen.append((d, t))
    )
    assert seen == [(1, 2), (2, 2)]


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"cases": "no_such_case"}, "no_such_case is neither a case file nor a sample case"),
        ({"cases": "/nowhere/*.json"}, "No case file matches /nowhere/*.json"),
        ({"cases": {"title": "T", "seller": "S"}}, "T, customer: This field is required."),
        (
            {"cases": "pumpco_acme_foods", "scenario": "Missing"},
            "pumpco_acme_foods has no scenario called 'Missing'",
        ),
        (
            {"cases": "pumpco_acme_foods", "sets": {"economics.volum": 3}},
            "pumpco_acme_foods: In the overrides given for every row (--set), economics.volum",
        ),
    ],
)
def test_bad_input_is_refused_before_anything_is_computed(
    kwargs: dict[str, Any], words: str
) -> None:
    with pytest.raises(CaseError) as caught:
        negotiation_lib.batch(**kwargs)
    assert words in caught.value.message


# --------------------------------------------------------------------------- the command


def read_back(path: Path) -> pd.DataFrame:
    if path.suffix == ".json":
        return pd.DataFrame(json.loads(path.read_text("utf-8")))
    if path.suffix == ".xlsx":
        return pd.read_excel(path, sheet_name="Batch")
    return pd.read_csv(path)


def comparable(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as plain values: missing is None, a flag is a bool, text stays text."""
    out = []
    for row in frame.to_dict("records"):
        clean: dict[str, Any] = {}
        for key, value in row.items():
            if value is None or (isinstance(value, float) and math.isnan(value)):
                value = None
            elif value == "":
                value = None  # CSV and Excel keep no difference between empty text and none
            elif hasattr(value, "item"):
                value = value.item()
            clean[str(key)] = value
        out.append(clean)
    return out


def equal(cell: Any, want: Any) -> bool:
    if isinstance(want, float) and isinstance(cell, int | float) and not isinstance(cell, bool):
        return math.isclose(cell, want, rel_tol=1e-15, abs_tol=0.0)
    return bool(cell == want)


@pytest.mark.parametrize("suffix", [".csv", ".json", ".xlsx"])
def test_the_command_writes_a_file_that_reads_back_as_the_table(
    tmp_path: Path, suffix: str, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = copy.deepcopy(sample_case_document("pumpco_acme_foods"))
    doc["scenarios"] = [{"name": "Loyal", "overrides": {"relationship.retention_one_sided": 0.9}}]
    case_file = tmp_path / "pumpco.json"
    case_file.write_text(json.dumps(doc), "utf-8")
    out = tmp_path / f"results{suffix}"
    code = main(
        [
            "batch",
            str(case_file),
            "corvane_bluewell",
            "--set",
            "relationship.discount_rate=0.1",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    expected = negotiation_lib.batch(
        [str(case_file), "corvane_bluewell"], sets={"relationship.discount_rate": 0.1}
    )
    assert list(expected["scenario"]) == ["base", "Loyal", "base"]
    got = read_back(out)
    assert list(got.columns) == list(expected.columns)
    wrong = [
        (k, key, cell, want)
        for k, (row, expected_row) in enumerate(
            zip(comparable(got), comparable(expected), strict=True)
        )
        for key, want in expected_row.items()
        if not equal(cell := row[key], want)
    ]
    assert wrong == []
    assert "wrote 3 row(s)" in capsys.readouterr().err


def test_the_command_prints_csv_and_shows_progress_for_more_than_a_few_rows(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["batch", *sample_case_names()])
    captured = capsys.readouterr()
    assert code == 0
    lines = captured.out.splitlines()
    assert lines[0].startswith("case,scenario,title,overrides,value.eve_per_unit")
    assert len(lines) == 1 + len(sample_case_names())
    assert f"{len(sample_case_names())}/{len(sample_case_names())} rows" in captured.err
    assert "\r[" in captured.err


def test_a_few_rows_show_no_progress_bar(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["batch", "pumpco_acme_foods"]) == 0
    assert "rows" not in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["nope"], "nope is neither a case file nor a sample case"),
        (["pumpco_acme_foods", "--scenario", "Gone"], "has no scenario called 'Gone'"),
        (
            ["pumpco_acme_foods", "--set", "relationship.retention_one_sided=high"],
            "relationship.retention_one_sided takes a number, not text ('high')",
        ),
        (
            ["pumpco_acme_foods", "--set", "relationship.retention_one_sided=2"],
            "relationship.retention_one_sided: Must be at most 1 (it is 2)",
        ),
        (["pumpco_acme_foods", "--set", "economics.volume_per_period"], "is not PATH=VALUE"),
        (["pumpco_acme_foods", "--out", "table.txt"], "write the table to a .csv, .json or .xlsx"),
    ],
)
def test_bad_input_is_a_sentence_and_exit_code_2(
    args: list[str], words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["batch", *args]) == 2
    captured = capsys.readouterr()
    assert words in captured.err
    assert "Traceback" not in captured.err
    assert captured.out == ""


@pytest.mark.skipif(
    not EXE.exists() and shutil.which("negotiation-workbook") is None, reason="not installed"
)
def test_the_installed_command_refuses_an_unknown_path_without_a_traceback(tmp_path: Path) -> None:
    done = subprocess.run(
        [str(EXE), "batch", str(sample_case_path("pumpco_acme_foods")), "--set", "economics.x=1"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == 2
    assert "economics.x is not a field of a case" in done.stderr
    assert "Traceback" not in done.stderr
