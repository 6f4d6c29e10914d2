"""The analyst's Excel workbook of one case, and reading a case back from it.

One sheet per table, named for what it holds and prefixed with its worksheet (1 value
proposition, 2 transparent economics, 3 win-win): the inputs as tables, the computed results
as rows of (figure in words, value, unit, report key), the projection repetition by repetition,
the Monte Carlo percentiles of both views (value, relationship length) per party, and the
sensitivity table with one row per input (its case path as the key, its label as the tornado
shows it, both NPVs and both net COLRs at its low and high). Numbers are stored as numbers,
headers are frozen and in words with their units (:mod:`negotiation_lib.vocabulary`);
``pandas.read_excel`` reads every sheet back.

The sheet ``Case (JSON)`` carries the case document itself, so a workbook exported here can be
uploaded into a worksheet or ``negotiation-workbook import`` again and gives the identical case.
Edits made in the other sheets are not read back: they are the computed view of that case.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator, Sequence
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from negotiation_lib.assessment import DEFAULT_PATHS, DEFAULT_SEED, assess_case
from negotiation_lib.domain.errors import CaseError, Problem
from negotiation_lib.domain.montecarlo import MonteCarloResult
from negotiation_lib.domain.sensitivity import SensitivityResult
from negotiation_lib.domain.validation import MAX_CASE_BYTES, parse_case
from negotiation_lib.exports.upload_limits import check_workbook_archive
from negotiation_lib.exports.xlsx import write_table
from negotiation_lib.formatting import number
from negotiation_lib.report import report_json
from negotiation_lib.vocabulary import (
    category_label,
    discount_kind_label,
    figure_label,
    figure_unit,
    input_label,
    input_unit,
    issue_label,
    missing_label,
    party_label,
    principle_label,
    sensitivity_unit,
)

__all__ = ["JSON_SHEET", "case_from_workbook", "case_workbook", "result_rows", "value_format"]

JSON_SHEET = "Case (JSON)"
"""The sheet holding the case document (what an import reads)."""

_CHUNK = 30_000  # an Excel cell holds at most 32,767 characters


def _scalars(node: Any, prefix: str) -> Iterator[tuple[str, float | bool | str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _scalars(value, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(node, bool | int | float) and node is not None:
        yield prefix, node


def result_rows(report: dict[str, Any], section: str) -> list[list[Any]]:
    """(figure, value, unit, report key) rows for every number of a report section.

    The figure and its unit are in words (:mod:`negotiation_lib.vocabulary`); the report
    key is the public contract, kept so a reader can find the figure in the JSON report. Lists
    inside the section (waterfall steps, packages, sensitivity rows) have tables of their own
    and are left out here.
    """
    currency, unit = str(report.get("currency", "")), str(report.get("unit", ""))
    period = str(report.get("period", ""))
    return [
        [figure_label(key), value, figure_unit(key, currency, unit, period), key]
        for key, value in _scalars(report.get(section, {}), section)
    ]


_CASE_FIELDS = (
    ("title", "Title"),
    ("seller", "Seller"),
    ("customer", "Customer"),
    ("currency", "Currency"),
    ("unit", "Unit sold"),
    ("period", "Period (one repetition of the deal)"),
)
"""The case's own fields on the ``Case`` sheet: the key and its label."""

_STAGES = {
    "list": "list price",
    "on_invoice": "on the invoice",
    "invoice": "invoice price",
    "off_invoice": "off the invoice",
    "pocket": "pocket price",
}
"""A price waterfall step's stage, in words."""

_VIEWS = (
    ("value_uncertainty", "Value (drivers drawn around the evidence)"),
    ("length_uncertainty", "Relationship length (drawn per path)"),
)
"""The Monte Carlo's two views: the domain's name and the sheet's words."""


def value_format(unit: str, currency: str) -> str | None:
    """The Excel number format of a result in ``unit`` (None: as stored).

    The cell keeps the full number; the format rounds what the sheet shows, as the pages
    round it (points to one decimal, shares to three, money to cents).

    Examples
    --------
    >>> value_format("points (0–100)", "EUR"), value_format("EUR per pump", "EUR")
    ('0.0', '#,##0.00')
    >>> value_format("share (0–1)", "EUR"), value_format("yes or no", "EUR")
    ('0.000', None)
    """
    if unit.startswith("points"):
        return "0.0"
    if unit.startswith(("share", "rate")):
        return "0.000"
    if currency and unit.startswith(currency):
        return "#,##0.00"
    return None


def _round_values(sheet: Any, currency: str) -> None:
    """Round the shown value of each row of a results sheet by its unit (column C)."""
    for value, unit in sheet.iter_rows(min_row=2, min_col=2, max_col=3):
        shown = value_format(str(unit.value or ""), currency)
        if shown is not None and isinstance(value.value, int | float):
            value.number_format = shown


def _monte_carlo_table(mc: MonteCarloResult, cur: str) -> tuple[list[str], list[list[Any]]]:
    """Both Monte Carlo views, one row per party and view, every figure an NPV."""
    header = [
        "Party",
        "What varies",
        f"Mean NPV ({cur})",
        f"NPV, bad case P10 ({cur})",
        f"NPV, middle case P50 ({cur})",
        f"NPV, good case P90 ({cur})",
        f"Best alternative relationship, BATR ({cur}, NPV)",
        "Chance of beating the BATR (0–1)",
        "Paths",
        "Seed",
    ]
    rows: list[list[Any]] = []
    for party, u in (("seller", mc.seller), ("customer", mc.customer)):
        for view, words in _VIEWS:
            d = getattr(u, view)
            rows.append(
                [
                    party_label(party),
                    words,
                    d.mean,
                    d.p10,
                    d.p50,
                    d.p90,
                    u.batr_npv,
                    d.probability_beats_batr,
                    mc.paths,
                    mc.seed,
                ]
            )
    return header, rows


def _sensitivity_table(
    tornado: SensitivityResult, cur: str, unit: str, period: str, discount_kinds: Sequence[str]
) -> tuple[list[str], list[list[Any]]]:
    """One row per input of the tornado: both NPVs and both net COLRs at its low and high."""
    header = [
        "Input",
        "Where in the case",
        "Unit of the input",
        "Base value",
        "Low value (−20%)",
        "High value (+20%)",
    ]
    for party in ("Seller", "Customer"):
        header += [f"{party} NPV at low ({cur})", f"{party} NPV at high ({cur})"]
    for party in ("Seller", "Customer"):
        header += [
            f"{party} net COLR, COLR − BATR, at low ({cur}, NPV)",
            f"{party} net COLR, COLR − BATR, at high ({cur}, NPV)",
        ]
    rows = [
        [
            r.label,
            r.path,
            sensitivity_unit(r.input, r.path, cur, unit, period, discount_kinds),
            r.base_value,
            r.low_value,
            r.high_value,
            r.seller_npv_low,
            r.seller_npv_high,
            r.customer_npv_low,
            r.customer_npv_high,
            r.seller_colr_net_low,
            r.seller_colr_net_high,
            r.customer_colr_net_low,
            r.customer_colr_net_high,
        ]
        for r in tornado.rows
    ]
    return header, rows


def _improvement_text(improvement: Any, names: dict[str, str]) -> str:
    """A package's improvement in words, issues by their names (empty: none dominates it).

    Examples
    --------
    >>> _improvement_text({"values": {"price_per_pump": 12000.0, "warranty": "2 years"},
    ...                    "sentence": "both sides gain"}, {"warranty": "Warranty term"})
    'Price per pump: 12,000; Warranty term: 2 years (both sides gain)'
    """
    if not isinstance(improvement, dict):
        return ""
    terms = "; ".join(
        f"{names.get(k) or issue_label(k)}: "
        f"{number(v, 2, trim=True) if isinstance(v, int | float) else v}"
        for k, v in dict(improvement.get("values") or {}).items()
    )
    sentence = str(improvement.get("sentence") or "")
    return f"{terms} ({sentence})" if terms and sentence else terms or sentence


def _packages_table(
    report: dict[str, Any], cur: str, unit: str, names: dict[str, str]
) -> tuple[list[str], list[list[Any]]]:
    """Every candidate agreement: both utilities, its verdicts and, when priced, both NPVs."""
    packages = report["win_win"]["packages"]
    header = [
        "Package",
        "Seller utility (0–100)",
        "Customer utility (0–100)",
        "Feasible",
        "Win-win",
        "Pareto efficient",
    ]
    # Packages priced through the open book carry their economics in the report.
    priced = any(isinstance(p.get("economics"), dict) for p in packages)
    money = ("pocket_price_per_unit", "seller_share", "seller_npv", "customer_npv")
    if priced:
        header += [
            f"Pocket price ({cur} per {unit})",
            "Seller's share of the gain over both BATNAs (0–1)",
            f"Seller NPV ({cur})",
            f"Customer NPV ({cur})",
        ]
    improvements = any("improvement" in p for p in packages)
    if improvements:
        header.append("A package better for both sides (empty: none)")
    rows = []
    for p in packages:
        row = [
            p["name"],
            p["seller_utility"],
            p["customer_utility"],
            p["feasible"],
            p["win_win"],
            p["pareto_efficient"],
        ]
        if priced:
            e = p.get("economics") or {}
            row += [e.get(k) for k in money]
        if improvements:
            row.append(_improvement_text(p.get("improvement"), names))
        rows.append(row)
    return header, rows


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
    cur, unit, period = case.currency, case.unit, case.period
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)

    def sheet(title: str, header: list[str], rows: list[list[Any]], **kw: Any) -> None:
        made = book.create_sheet(title)
        write_table(made, header, rows, **kw)
        if header == results_header:
            _round_values(made, cur)

    results_header = ["Figure", "Value", "Unit", "Report key"]
    missing = [missing_label(m) for m in report.get("missing", [])]
    sheet(
        "Case",
        ["Field", "Value"],
        [[label, getattr(case, k)] for k, label in _CASE_FIELDS]
        + [["Not filled in yet", "; ".join(missing) or "nothing: every section is filled in"]],
    )
    if case.value is not None:
        sheet(
            "1 Value drivers",
            ["Driver", "Category", f"Value per {unit} ({cur})", "Confidence (0–1)", "Evidence"],
            [
                [d.name, category_label(d.category), d.value_per_unit, d.confidence, d.evidence]
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
    for title, part in (
        ("2 Economics inputs", case.economics),
        ("2 Relationship inputs", case.relationship),
    ):
        if part is not None:
            sheet(
                title,
                ["Input", "Value", "Unit"],
                [
                    [input_label(k), v, input_unit(k, cur, unit, period)]
                    for k, v in part.model_dump(mode="json").items()
                    if isinstance(v, int | float) and not isinstance(v, bool)
                ],
            )
    if case.economics is not None:
        sheet(
            "2 Discounts",
            [
                "Discount",
                "Kind",
                "Amount (in the unit of its kind)",
                "On the invoice",
                "Principle",
                "Rationale",
            ],
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
                [
                    s["name"],
                    _STAGES.get(s["stage"], s["stage"]),
                    s["amount_per_unit"],
                    s["price_after_per_unit"],
                ]
                for s in report["economics"]["waterfall"]
            ],
        )
        sheet("2 Economics results", results_header, result_rows(report, "economics"))
    projection = assessment.projection
    if projection is not None:
        header = [
            "Repetition",
            "Survival (0–1)",
            "Discount factor (0–1)",
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
            number_formats={1: "0.0000", 2: "0.0000", **dict.fromkeys(range(3, 11), "#,##0")},
        )
        sheet("2 Projection results", results_header, result_rows(report, "projection"))
    mc = assessment.monte_carlo
    if mc is not None:
        money_columns = dict.fromkeys(range(2, 7), "#,##0")
        sheet("2 Monte Carlo", *_monte_carlo_table(mc, cur), number_formats=money_columns)
    tornado = assessment.sensitivity
    if tornado is not None:
        kinds = [d.kind for d in case.economics.discounts] if case.economics else []
        sheet(
            "2 Sensitivity",
            *_sensitivity_table(tornado, cur, unit, period, kinds),
            number_formats=dict.fromkeys(range(6, 14), "#,##0"),
        )
    if "trust" in report:
        sheet("3 Trust results", results_header, result_rows(report, "trust"))
    if "win_win" in report:
        names = case.win_win.issue_labels if case.win_win is not None else {}
        header, rows = _packages_table(report, cur, unit, names)
        formats = {1: "0.0", 2: "0.0"}
        if len(header) > 7 and header[6].startswith("Pocket price"):
            formats.update({6: "#,##0.00", 7: "0.000", 8: "#,##0", 9: "#,##0"})
        sheet("3 Packages", header, rows, number_formats=formats)
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
