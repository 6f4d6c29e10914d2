"""Formula-like text in Excel exports stays text, even after a CSV round trip (issue 22).

Text cells that began with ``=`` were written as text, but the formula came alive once a cell
was edited, or the sheet saved as CSV and opened again: a spreadsheet reads a CSV field that
starts with ``= + - @``, a tab or a carriage return as a formula. Every such text now starts
with an apostrophe, in the workbook and in any CSV made from it. (No spreadsheet program runs
here; the CSV is written as Excel writes it, and read back by the rule spreadsheets apply.)
"""

from __future__ import annotations

import csv
import io
import json

from openpyxl import Workbook, load_workbook

from negotiation_lib.datasets import sample_case_path
from negotiation_lib.exports.case_io import read_case_file
from negotiation_lib.exports.case_workbook import JSON_SHEET, _quoted, case_from_workbook
from negotiation_lib.exports.workshop import export_workshop
from negotiation_lib.exports.xlsx import FORMULA_STARTS, write_table
from negotiation_lib.store import Store

FORMULAS = [
    '=HYPERLINK("http://attacker.example","click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]


def _csv_round_trip(xlsx: bytes) -> list[list[str]]:
    """Every sheet saved as CSV (as Excel writes it) and read back as a spreadsheet would."""
    rows: list[list[str]] = []
    for sheet in load_workbook(io.BytesIO(xlsx)).worksheets:
        out = io.StringIO()
        writer = csv.writer(out)
        for row in sheet.iter_rows(values_only=True):
            writer.writerow(["" if v is None else v for v in row])
        rows += list(csv.reader(io.StringIO(out.getvalue())))
    return rows


def _live(field: str) -> bool:
    """Whether a spreadsheet would read the CSV field as a formula (a number is a number)."""
    try:
        float(field)
    except ValueError:
        return field.startswith(FORMULA_STARTS)
    return False


def test_formula_like_text_is_inert_in_the_cell_and_after_csv() -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    write_table(sheet, ["Name", "=Header"], [[text, 1.5] for text in FORMULAS])
    out = io.BytesIO()
    book.save(out)
    read = load_workbook(out).active
    assert read is not None
    cells = [c for row in read.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    fields = [f for row in _csv_round_trip(out.getvalue()) for f in row]
    assert not [f for f in fields if _live(f)]
    for text in FORMULAS:
        # Kept whole behind its apostrophe (XML stores a carriage return as a line feed).
        assert f"'{text}".replace("\r", "\n") in fields
    assert "1.5" in fields  # numbers stay numbers


def test_a_workshop_export_with_formula_names_is_inert_after_csv(tmp_path: object) -> None:
    store = Store("sqlite://")
    made = store.create_workshop("=cmd|' /C calc'!A0", ["pumpco_acme_foods"])
    for n, name in enumerate(FORMULAS[:4]):
        store.join(made.workshop.join_code, f"{name} {n}")
    export = export_workshop(store, made.workshop.id)
    fields = [f for row in _csv_round_trip(export.xlsx) for f in row]
    assert not [f for f in fields if _live(f)]
    assert any(f.startswith("'=cmd") for f in fields)


def test_the_case_json_sheet_reads_back_whole_when_a_part_starts_like_a_formula() -> None:
    case = json.loads(sample_case_path("pumpco_acme_foods").read_text("utf-8"))
    case["title"] = "-- renewal, '=quoted' --"
    text = json.dumps(case)
    cut = text.index("-- renewal")
    parts = [text[:cut], text[cut:], "'" + "x" * 3]  # a part that starts like a formula
    assert parts[1].startswith("-")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = JSON_SHEET
    rows = [[i + 1, _quoted(p)] for i, p in enumerate(parts[:2])]
    write_table(sheet, ["Part", "Case JSON"], rows)
    out = io.BytesIO()
    book.save(out)
    stored = load_workbook(io.BytesIO(out.getvalue()))[JSON_SHEET]["B3"].value
    assert stored.startswith("'-")  # inert in the sheet
    assert case_from_workbook(out.getvalue()) == case  # and read back whole
    assert read_case_file(out.getvalue(), "case.xlsx") == case
