"""The analyst's Excel workbook of one case, and reading a case back from it.

One sheet per table, named for what it holds and prefixed with its worksheet (1 value
proposition, 2 transparent economics, 3 win-win): the inputs as tables, the computed results
as rows of (figure, value, unit, report key), the projection repetition by repetition, the Monte
Carlo percentiles and the sensitivity table. Numbers are stored as numbers, headers are frozen,
units are in the headers or the unit column; ``pandas.read_excel`` reads every sheet back.

The sheet ``Case (JSON)`` carries the case document itself, so a workbook exported here can be
uploaded into a worksheet or ``negotiation-workbook import`` again and gives the identical case.
Edits made in the other sheets are not read back: they are the computed view of that case.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from negotiation_lib.assessment import DEFAULT_PATHS, DEFAULT_SEED, assess_case
from negotiation_lib.domain.errors import CaseError, Problem
from negotiation_lib.domain.validation import MAX_CASE_BYTES, parse_case
from negotiation_lib.exports.upload_limits import check_workbook_archive
from negotiation_lib.exports.xlsx import write_table
from negotiation_lib.report import report_json
from negotiation_lib.vocabulary import discount_kind_label, principle_label

__all__ = ["JSON_SHEET", "case_from_workbook", "case_workbook", "result_rows"]

JSON_SHEET = "Case (JSON)"
"""The sheet holding the case document (what an import reads)."""

_CHUNK = 30_000  # an Excel cell holds at most 32,767 characters


def _unit(key: str, currency: str, unit: str) -> str:
    name = key.rsplit(".", 1)[-1]
    if "share" in name or "retention" in name or "probability" in name or "rate" in name:
        return "share (0–1)"
    if name.endswith("per_unit"):
        return f"{currency} per {unit}"
    if "npv" in name or "colr" in name or "per_period" in name or "cost" in name:
        return currency
    if name.endswith("_repetition") or name == "repetitions":
        return "repetition"
    if name.startswith("score") or name in {"relationship", "transparency", "long_term", "overall"}:
        return "points"
    return ""


def _scalars(node: Any, prefix: str) -> Iterator[tuple[str, float | bool | str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _scalars(value, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(node, bool | int | float) and node is not None:
        yield prefix, node


def result_rows(report: dict[str, Any], section: str) -> list[list[Any]]:
    """(figure, value, unit, report key) rows for every number of a report section.

    Lists inside the section (waterfall steps, packages, sensitivity rows) have tables of
    their own and are left out here.
    """
    currency, unit = str(report.get("currency", "")), str(report.get("unit", ""))
    rows = []
    for key, value in _scalars(report.get(section, {}), section):
        label = key.split(".", 1)[1].replace(".", " · ").replace("_", " ")
        rows.append([label, value, _unit(key, currency, unit), key])
    return rows


def case_workbook(
    data: dict[str, Any], *, seed: int = DEFAULT_SEED, paths: int = DEFAULT_PATHS
) -> bytes:
    """The Excel workbook of a case (see the module docstring).

    Parameters
    ----------
    data
        A valid case document (raises :class:`CaseError` listing every problem otherwise).
    seed, paths
        The Monte Carlo's, as in :func:`negotiation_lib.assessment.assess_case`.
    """
    case = parse_case(data)
    # One assessment: the report's figures and the per-repetition, Monte Carlo and
    # sensitivity tables are the same computation.
    assessment = assess_case(case, seed=seed, paths=paths)
    report = report_json(assessment)
    cur, unit = case.currency, case.unit
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)

    def sheet(title: str, header: list[str], rows: list[list[Any]], **kw: Any) -> None:
        write_table(book.create_sheet(title), header, rows, **kw)

    results_header = ["Figure", "Value", "Unit", "Report key"]
    sheet(
        "Case",
        ["Field", "Value"],
        [
            [k, getattr(case, k)]
            for k in ("title", "seller", "customer", "currency", "unit", "period")
        ]
        + [["missing sections", ", ".join(report.get("missing", [])) or "none"]],
    )
    if case.value is not None:
        sheet(
            "1 Value drivers",
            ["Driver", "Category", f"Value per {unit} ({cur})", "Confidence (0–1)", "Evidence"],
            [
                [d.name, d.category, d.value_per_unit, d.confidence, d.evidence]
                for d in case.value.drivers
            ],
        )
        sheet("1 Value results", results_header, result_rows(report, "value"))
    if case.strategy is not None:
        sheet(
            "1 Strategy moves",
            [
                "Move",
                "Chance of cooperation (0–1)",
                f"Benefit if it cooperates ({cur})",
                "Chance of retaliation (0–1)",
                f"Damage if it retaliates ({cur})",
            ],
            [
                [
                    m.name,
                    m.cooperation_probability,
                    m.cooperation_benefit,
                    m.retaliation_probability,
                    m.retaliation_damage,
                ]
                for m in case.strategy.moves
            ],
        )
    if case.economics is not None:
        econ = case.economics.model_dump(mode="json")
        sheet(
            "2 Economics inputs",
            ["Input", "Value", "Unit"],
            [
                [k.replace("_", " "), v, _unit(k, cur, unit)]
                for k, v in econ.items()
                if isinstance(v, int | float) and not isinstance(v, bool)
            ],
        )
        sheet(
            "2 Discounts",
            ["Discount", "Kind", "Amount", "On the invoice", "Principle", "Rationale"],
            [
                [
                    d.name,
                    discount_kind_label(d.kind),
                    d.amount,
                    d.on_invoice,
                    principle_label(d.principle),
                    d.rationale,
                ]
                for d in case.economics.discounts
            ],
        )
    if "economics" in report:
        sheet(
            "2 Price waterfall",
            ["Step", "Stage", f"Amount per {unit} ({cur})", f"Price after ({cur} per {unit})"],
            [
                [s["name"], s["stage"], s["amount_per_unit"], s["price_after_per_unit"]]
                for s in report["economics"]["waterfall"]
            ],
        )
        sheet("2 Economics results", results_header, result_rows(report, "economics"))
    projection = assessment.projection
    if projection is not None:
        header = [
            "Repetition",
            "Survival (0–1)",
            "Discount factor",
            f"Seller value ({cur})",
            f"Seller cumulative NPV ({cur})",
            f"Customer value ({cur})",
            f"Customer cumulative NPV ({cur})",
            f"Trust deal: seller cumulative NPV ({cur})",
            f"One-sided deal: seller cumulative NPV ({cur})",
            f"Trust deal: customer cumulative NPV ({cur})",
            f"One-sided deal: customer cumulative NPV ({cur})",
        ]
        s, c = projection.seller, projection.customer
        trust, cpt = projection.scenarios.trust, projection.scenarios.cpt
        sheet(
            "2 Projection per repetition",
            header,
            [
                [
                    int(s.repetition[t]) + 1,
                    float(s.survival[t]),
                    float(s.discount_factor[t]),
                    float(s.expected_value[t]),
                    float(s.cumulative_npv[t]),
                    float(c.expected_value[t]),
                    float(c.cumulative_npv[t]),
                    float(trust.seller.cumulative_npv[t]),
                    float(cpt.seller.cumulative_npv[t]),
                    float(trust.customer.cumulative_npv[t]),
                    float(cpt.customer.cumulative_npv[t]),
                ]
                for t in range(len(s.repetition))
            ],
        )
        sheet("2 Projection results", results_header, result_rows(report, "projection"))
    mc = assessment.monte_carlo
    if mc is not None:
        sheet(
            "2 Monte Carlo",
            [
                "Party",
                f"Mean NPV ({cur})",
                f"P10 ({cur})",
                f"P50 ({cur})",
                f"P90 ({cur})",
                f"Best alternative NPV ({cur})",
                "Chance of beating it (0–1)",
                "Paths",
                "Seed",
            ],
            [
                [
                    party,
                    d.mean,
                    d.p10,
                    d.p50,
                    d.p90,
                    d.batr_npv,
                    d.probability_beats_batr,
                    mc.paths,
                    mc.seed,
                ]
                for party, d in (("seller", mc.seller), ("customer", mc.customer))
            ],
        )
    tornado = assessment.sensitivity
    if tornado is not None:
        sheet(
            "2 Sensitivity",
            [
                "Input",
                "Low value",
                "High value",
                f"Seller NPV at low ({cur})",
                f"Seller NPV at high ({cur})",
                f"Customer NPV at low ({cur})",
                f"Customer NPV at high ({cur})",
            ],
            [
                [
                    r.label,
                    r.low_value,
                    r.high_value,
                    r.seller_npv_low,
                    r.seller_npv_high,
                    r.customer_npv_low,
                    r.customer_npv_high,
                ]
                for r in tornado.rows
            ],
        )
    if "trust" in report:
        sheet("3 Trust results", results_header, result_rows(report, "trust"))
    if "win_win" in report:
        sheet(
            "3 Packages",
            [
                "Package",
                "Seller utility (0–100)",
                "Customer utility (0–100)",
                "Feasible",
                "Win-win",
                "Pareto efficient",
            ],
            [
                [
                    p["name"],
                    p["seller_utility"],
                    p["customer_utility"],
                    p["feasible"],
                    p["win_win"],
                    p["pareto_efficient"],
                ]
                for p in report["win_win"]["packages"]
            ],
        )
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    sheet(
        JSON_SHEET,
        ["Part", "Case JSON (read back by import; do not edit)"],
        [
            [i + 1, _quoted(text[i * _CHUNK : (i + 1) * _CHUNK])]
            for i in range(len(text) // _CHUNK + 1)
        ],
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _quoted(part: str) -> str:
    """A part of the JSON text as its cell holds it; :func:`_unquoted` reads it back.

    The cell writer puts an apostrophe before text that starts like a formula
    (:func:`~negotiation_lib.exports.xlsx.inert_text`); a part that starts with an apostrophe
    of its own gets one more here, so that reading drops exactly one leading apostrophe.

    Examples
    --------
    >>> from negotiation_lib.exports.xlsx import inert_text
    >>> [_unquoted(inert_text(_quoted(p))) for p in ("-5}", "'x", "abc")]
    ['-5}', "'x", 'abc']
    """
    return f"'{part}" if part.startswith("'") else part


def _unquoted(cell: str) -> str:
    return cell[1:] if cell.startswith("'") else cell


def case_from_workbook(payload: bytes) -> dict[str, Any]:
    """The case document stored in a workbook made by :func:`case_workbook`.

    Raises
    ------
    CaseError
        When the file is not such a workbook: not an Excel file, the ``Case (JSON)`` sheet
        missing, its text cut or not JSON.
    """
    if not zipfile.is_zipfile(io.BytesIO(payload)):
        raise CaseError.at("", "This is not an Excel workbook (.xlsx).")
    check_workbook_archive(payload)  # sizes unpacked, before openpyxl opens anything
    try:
        book = load_workbook(io.BytesIO(payload), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as err:
        raise CaseError.at("", f"This Excel workbook cannot be read ({err}).") from err
    if JSON_SHEET not in book.sheetnames:
        raise CaseError.at(
            "",
            f"This workbook has no sheet '{JSON_SHEET}': only workbooks exported by the "
            "Negotiation Workbook can be imported. Export the case as JSON instead.",
        )
    parts: list[tuple[int, str]] = []
    length = 0
    for row in book[JSON_SHEET].iter_rows(min_row=2, values_only=True):
        if not row or row[0] is None:
            continue
        number, text = row[0], row[1] if len(row) > 1 else ""
        if not isinstance(number, int | float) or not isinstance(text, str | None):
            raise CaseError.at("", f"The sheet '{JSON_SHEET}' was changed: it cannot be read.")
        length += len(text or "")
        if length > MAX_CASE_BYTES:  # stop reading: no case is longer
            raise CaseError.at(
                "", f"The sheet '{JSON_SHEET}' holds more than a case's {MAX_CASE_BYTES:,} bytes."
            )
        parts.append((int(number), _unquoted(text or "")))
    book.close()
    text = "".join(t for _, t in sorted(parts))
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise CaseError(
            [Problem("", f"The sheet '{JSON_SHEET}' does not hold a whole case ({err.msg}).")]
        ) from err
    if not isinstance(data, dict):
        raise CaseError.at("", f"The sheet '{JSON_SHEET}' does not hold a case.")
    return data
