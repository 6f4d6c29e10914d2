"""papermill runs a notebook per scenario: a worksheet on a what-if, and the scenario report.

Each run is a real kernel executing the committed notebook with injected parameters, as an
analyst's ``papermill notebooks/transparent_economics.ipynb out.ipynb -y ...`` does. The
worksheet's page is a widget; what it shows is read from the widget state papermill keeps in
the executed notebook. The scenario report's table is compared with ``negotiation_lib.batch``
computed here, and one figure with the sum worked by hand.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import papermill as pm
import pytest

import negotiation_lib
from negotiation_lib.datasets import sample_case_document

ROOT = Path(__file__).resolve().parent.parent
WORKSHEET = ROOT / "notebooks" / "transparent_economics.ipynb"
REPORT = ROOT / "analysis" / "scenario_report.ipynb"
CASE = "pumpco_acme_foods"


def _run(notebook: Path, tmp_path: Path, parameters: dict[str, Any]) -> dict[str, Any]:
    """Execute a notebook with papermill; the executed notebook as JSON."""
    out = tmp_path / f"run-{len(list(tmp_path.glob('run-*')))}.ipynb"
    pm.execute_notebook(
        str(notebook),
        str(out),
        parameters=parameters,
        kernel_name="python3",
        cwd=str(tmp_path),
        execution_timeout=240,
        progress_bar=False,
    )
    executed: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    errors = [
        o for c in executed["cells"] for o in c.get("outputs", ()) if o["output_type"] == "error"
    ]
    assert errors == []
    return executed


def _widget_states(executed: dict[str, Any]) -> list[dict[str, Any]]:
    state = executed["metadata"]["widgets"]["application/vnd.jupyter.widget-state+json"]
    return [m for m in state["state"].values()]


def _banners(executed: dict[str, Any]) -> list[str]:
    return [
        str(m["state"]["value"])
        for m in _widget_states(executed)
        if m["model_name"] == "HTMLModel" and "nw-what-if" in str(m["state"].get("value"))
    ]


def _texts(executed: dict[str, Any]) -> list[str]:
    return [
        str(m["state"]["value"]) for m in _widget_states(executed) if m["model_name"] == "TextModel"
    ]


@pytest.mark.parametrize(
    ("overrides", "typed", "said"),
    [
        ({"economics.volume_per_period": 77}, "77", "Volume (pump per year) 77 (base 40)"),
        (
            {"relationship.retention_one_sided": 0.8},
            "0.8",
            "Retention when one-sided 80% (base 60%)",
        ),
    ],
)
def test_the_worksheet_opens_on_each_what_if_papermill_gives_it(
    tmp_path: Path, overrides: dict[str, Any], typed: str, said: str
) -> None:
    executed = _run(WORKSHEET, tmp_path, {"case": CASE, "overrides": overrides})
    (banner,) = _banners(executed)
    assert said in banner
    assert "nothing is saved" in banner
    # The input shows the what-if's value, written as the kernel's language writes numbers.
    assert {typed, typed.replace(".", ",")} & set(_texts(executed))


def test_bad_overrides_open_the_case_itself_with_the_sentence_not_a_traceback(
    tmp_path: Path,
) -> None:
    executed = _run(WORKSHEET, tmp_path, {"case": CASE, "overrides": {"economics.volume": 77}})
    (banner,) = _banners(executed)
    assert "economics.volume is not a field of a case" in banner
    assert "40" in _texts(executed)
    assert "77" not in _texts(executed)


def _rows(frame: Any) -> list[dict[str, Any]]:
    """A table's rows as JSON would keep them (a missing figure is None)."""
    return [
        {k: None if isinstance(v, float) and math.isnan(v) else v for k, v in row.items()}
        for row in frame.to_dict("records")
    ]


def test_the_scenario_report_runs_per_scenario_and_its_table_is_the_batch(
    tmp_path: Path,
) -> None:
    document = sample_case_document(CASE)
    document["scenarios"] = [
        {"name": "Double volume", "overrides": {"economics.volume_per_period": 80}},
        {"name": "Low retention", "overrides": {"relationship.retention_one_sided": 0.4}},
    ]
    case_file = tmp_path / "pumpco_scenarios.json"
    case_file.write_text(json.dumps(document), encoding="utf-8")
    seen = {}
    for name in ("Double volume", "Low retention"):
        out = tmp_path / f"{name}.json"
        executed = _run(
            REPORT, tmp_path, {"case": str(case_file), "scenario": name, "out": str(out)}
        )
        table = json.loads(out.read_text(encoding="utf-8"))
        assert table == _rows(negotiation_lib.batch(str(case_file), scenario=name))
        (row,) = table
        assert row["scenario"] == name
        seen[name] = row
        shown = [
            "".join(o["data"]["text/plain"])
            for c in executed["cells"]
            for o in c.get("outputs", ())
            if "data" in o and "text/plain" in o["data"]
        ]
        assert any(name in text for text in shown)  # the headline table names its scenario
    # 80 pumps at a pocket price of 11,940 (the year-end discount of 12,000 spread over 80),
    # less 8,100 each and 60,000 a year of fixed cost.
    assert seen["Double volume"]["economics.seller_profit_per_period"] == pytest.approx(
        80 * (11_940 - 8_100) - 60_000
    )
    # A lower one-sided retention changes no figure of one period: the pocket price is the
    # list price less 5% and 2%, and the year-end discount of 12,000 spread over 40 pumps.
    assert seen["Low retention"]["economics.pocket_price_per_unit"] == pytest.approx(
        13_000 * (1 - 0.05 - 0.02) - 12_000 / 40
    )


def test_the_scenario_report_takes_overrides_as_json_text_as_papermill_p_gives_them(
    tmp_path: Path,
) -> None:
    out = tmp_path / "table.json"
    _run(
        REPORT,
        tmp_path,
        {"case": CASE, "overrides": '{"economics.volume_per_period": 80}', "out": str(out)},
    )
    (row,) = json.loads(out.read_text(encoding="utf-8"))
    assert row["scenario"] == "base"
    assert row["economics.seller_profit_per_period"] == pytest.approx(247_200)
