"""The workshop export: an Excel workbook safe to open, and a zip of cases that read back."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from negotiation_lib.datasets import load_sample_case, sample_case_names, sample_case_path
from negotiation_lib.debrief import COLUMNS
from negotiation_lib.domain.case import Case
from negotiation_lib.domain.validation import read_case
from negotiation_lib.exports.workshop import WorkshopExport, export_workshop
from negotiation_lib.store import JoinedParticipant, NewWorkshop, Store

FORMULA_NAME = '=HYPERLINK("http://x","y")'
FORMULA_TITLE = "=1+1 deal"
SWIFT = "swiftfreight_helios"
SHEETS = [
    "Participants",
    "Results",
    "Sealed definitions",
    "Rooms",
    "Room events",
    "Room disclosures",
    "Workshop",
]


@dataclass
class Exported:
    store: Store
    made: NewWorkshop
    people: list[JoinedParticipant]
    export: WorkshopExport


@pytest.fixture
def exported(tmp_path: Path) -> Exported:
    """A workshop of three participants, one per sample case, then exported."""
    store = Store(f"sqlite:///{tmp_path / 'store.sqlite3'}")
    made = store.create_workshop("Key accounts / spring", sample_case_names())
    code = made.workshop.join_code
    pumpco = store.join(code, "Team Blue", "pumpco_acme_foods")
    cloud = store.join(code, "<b>Team</b> Red", "cloudledger_northwind")
    swift = store.join(code, FORMULA_NAME, SWIFT)
    # A save with a formula-looking title, and an unfinished section.
    latest = store.latest(pumpco.participant.id)
    assert latest is not None
    assert latest.data is not None
    data = dict(latest.data, title=FORMULA_TITLE)
    store.save(pumpco.participant.id, data, "value_proposition")
    store.save(
        cloud.participant.id, {"title": "=SUM(A1:A9)"}, "transparent_economics", keys=["title"]
    )
    # Cases are handed out unsealed: Swiftfreight's participant imports the file's seals.
    swift_file = json.loads(sample_case_path(SWIFT).read_text("utf-8"))
    store.save(swift.participant.id, swift_file, "import")
    export = export_workshop(store, made.workshop.id)
    return Exported(store, made, [pumpco, cloud, swift], export)


def book_of(exported: Exported) -> dict[str, Worksheet]:
    book = load_workbook(io.BytesIO(exported.export.xlsx))
    sheets: dict[str, Worksheet] = {}
    for ws in book.worksheets:
        sheets[ws.title] = ws
    return sheets


def rows_of(sheet: Worksheet) -> list[dict[str, Any]]:
    """Data rows as dicts by header, each value with its openpyxl cell."""
    header = [c.value for c in sheet[1]]
    out = []
    for cells in sheet.iter_rows(min_row=2):
        out.append({str(h): c for h, c in zip(header, cells, strict=True)})
    return out


# --------------------------------------------------------------------------- the workbook


def test_the_workbook_has_its_sheets_with_frozen_headers(exported: Exported) -> None:
    sheets = book_of(exported)
    assert list(sheets) == SHEETS
    for ws in sheets.values():
        assert ws.freeze_panes is not None
        assert ws.freeze_panes.endswith("2"), ws.title  # the header row stays in view
        assert all(isinstance(c.value, str) for c in ws[1] if c.value is not None)
    assert [c.value for c in sheets["Results"][1]] == list(COLUMNS.values())
    assert sheets["Participants"].max_row == 4
    assert sheets["Results"].max_row == 4
    assert exported.export.xlsx_name == "key-accounts-spring.xlsx"
    assert exported.export.zip_name == "key-accounts-spring-cases.zip"


def test_numbers_are_numbers_and_times_are_times(exported: Exported) -> None:
    sheets = book_of(exported)
    results = rows_of(sheets["Results"])
    by_name = {r[COLUMNS["participant"]].value: r for r in results}
    blue = by_name["Team Blue"]
    for key in (
        "eve_per_unit",
        "pocket_price_per_unit",
        "fair_price_per_unit",
        "seller_npv",
        "trust_customer_npv",
        "cpt_customer_npv",
        "seller_share",
        "trust_seller_view",
        "style_overall",
        "progress_win_win",
        "win_win_packages",
        "problems",
    ):
        cell = blue[COLUMNS[key]]
        assert cell.data_type == "n", key
        assert isinstance(cell.value, int | float), key
    frame = exported.export.results.set_index("participant")
    assert blue[COLUMNS["eve_per_unit"]].value == pytest.approx(
        frame.loc["Team Blue", "eve_per_unit"]
    )
    assert blue[COLUMNS["seller_share"]].number_format == "0%"
    # Team Blue only retitled its case: the win-win packages it came with are not its finds.
    assert blue[COLUMNS["found_win_win"]].value is False
    assert blue[COLUMNS["progress_win_win"]].value == 0
    swift = by_name[f"'{FORMULA_NAME}"]  # written inert (issue 22)
    assert swift[COLUMNS["found_win_win"]].value is True
    assert swift[COLUMNS["goalposts_moved_customer"]].value is True
    # A result that is missing (an invalid section) is an empty cell, never "nan".
    red = by_name["<b>Team</b> Red"]
    assert red[COLUMNS["seller_npv"]].value is not None
    people = rows_of(sheets["Participants"])
    for row in people:
        assert row["Versions saved"].data_type == "n"
        assert isinstance(row["Joined (UTC)"].value, datetime)
        assert isinstance(row["Last save (UTC)"].value, datetime)
    assert sorted(r["Versions saved"].value for r in people) == [2, 2, 2]


def test_text_that_looks_like_a_formula_stays_text(exported: Exported) -> None:
    sheets = book_of(exported)
    seen = []
    for ws in sheets.values():
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    # Written with an apostrophe before it (issue 22): text even once edited.
                    assert not cell.value.startswith("="), (ws.title, cell.coordinate)
                    if cell.value.startswith("'="):
                        assert cell.data_type == "s", (ws.title, cell.coordinate, cell.value)
                        seen.append(cell.value)
                assert cell.data_type != "f", (ws.title, cell.coordinate)
    # Swiftfreight's participant: once in Participants, once in Results, once per seal.
    assert seen.count(f"'{FORMULA_NAME}") == 1 + 1 + 3
    raw = zipfile.ZipFile(io.BytesIO(exported.export.xlsx))
    for member in raw.namelist():
        if member.startswith("xl/worksheets/"):
            assert b"<f>" not in raw.read(member), member


def test_seals_of_swiftfreight_are_in_the_sealed_definitions_sheet(exported: Exported) -> None:
    sheets = book_of(exported)
    rows = [{k: c.value for k, c in r.items()} for r in rows_of(sheets["Sealed definitions"])]
    swift_id = exported.people[2].participant.id
    recorded = exported.store.seals(swift_id)
    swift_rows = [r for r in rows if r["Participant"] == f"'{FORMULA_NAME}"]
    assert [(r["Party"], r["Version"]) for r in swift_rows] == [
        ("Seller", 1),
        ("Customer", 1),
        ("Customer", 2),
    ]
    for r in swift_rows:
        record = next(s for s in recorded[r["Party"].lower()] if s.version == r["Version"])
        assert r["SHA-256"] == record.sha256
        assert r["Reason"] == record.reason
        assert isinstance(r["Sealed at (UTC)"], datetime)
    amended = swift_rows[2]
    assert amended["Reason"] is not None
    assert "budget" in amended["Reason"]
    # Handed out unsealed, only the imported Swiftfreight case carries seals: 3 rows.
    assert len(rows) == 3
    assert rows_of(sheets["Sealed definitions"])[0]["Version"].data_type == "n"


def test_the_workshop_sheet_names_it(exported: Exported) -> None:
    sheets = book_of(exported)
    (row,) = rows_of(sheets["Workshop"])
    assert row["Workshop"].value == "Key accounts / spring"
    assert row["Join code"].value == exported.made.workshop.join_code
    # The cases by their titles: a case's name (pumpco_acme_foods) is never shown.
    assert row["Cases handed out"].value == "; ".join(
        load_sample_case(n).title for n in sample_case_names()
    )
    assert isinstance(row["Created (UTC)"].value, datetime)
    assert exported.made.facilitator_key not in json.dumps(
        [[c.value for c in r] for ws in sheets.values() for r in ws.iter_rows()], default=str
    )


# --------------------------------------------------------------------------- the zip


def test_the_zip_holds_every_case_as_saved(exported: Exported) -> None:
    archive = zipfile.ZipFile(io.BytesIO(exported.export.zip))
    names = archive.namelist()
    assert sorted(names) == sorted(
        [
            "workshop.json",
            "rooms.json",
            "001-team-blue.json",
            "002-b-team-b-red.json",
            "003-hyperlink-http-x-y.json",
        ]
    )
    manifest = json.loads(archive.read("workshop.json"))
    assert manifest["workshop"] == "Key accounts / spring"
    assert manifest["join_code"] == exported.made.workshop.join_code
    assert manifest["cases"] == sample_case_names()
    assert [p["participant"] for p in manifest["participants"]] == [
        "Team Blue",
        "<b>Team</b> Red",
        FORMULA_NAME,
    ]
    for listed, joined in zip(manifest["participants"], exported.people, strict=True):
        latest = exported.store.latest(joined.participant.id)
        assert latest is not None
        assert latest.data is not None
        text = archive.read(listed["file"])
        assert json.loads(text) == latest.data
        assert listed["versions"] == len(exported.store.history(joined.participant.id))
        assert read_case(text) == Case.model_validate(latest.data)
    blue = read_case(archive.read("001-team-blue.json"))
    assert blue.title == FORMULA_TITLE
    swift = read_case(archive.read("003-hyperlink-http-x-y.json"))
    assert swift.win_win is not None
    assert [s.version for s in swift.win_win.seals.customer] == [1, 2]


def test_an_empty_workshop_exports_empty_tables(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'store.sqlite3'}")
    made = store.create_workshop("Nobody came", ["blank"])
    export = export_workshop(store, made.workshop.id)
    book = load_workbook(io.BytesIO(export.xlsx))
    assert book.sheetnames == SHEETS
    assert book["Results"].max_row == 1
    archive = zipfile.ZipFile(io.BytesIO(export.zip))
    assert archive.namelist() == ["workshop.json", "rooms.json"]
    assert json.loads(archive.read("workshop.json"))["participants"] == []
    assert json.loads(archive.read("rooms.json")) == {"rooms": []}
    assert book["Rooms"].max_row == 1
    assert len(export.results) == 0


def test_a_garbage_case_still_exports(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'store.sqlite3'}")
    made = store.create_workshop("Rough", ["blank"])
    joined = store.join(made.workshop.join_code, "Half done")
    store.save(joined.participant.id, {"economics": "lots", "trust": [1]}, "import")
    export = export_workshop(store, made.workshop.id)
    results = rows_of(load_workbook(io.BytesIO(export.xlsx))["Results"])
    (row,) = results
    assert row[COLUMNS["seller_npv"]].value is None  # NaN is an empty cell
    assert row[COLUMNS["progress_win_win"]].value == 0
    assert export.results["seller_npv"].isna().tolist() == [True]


# --------------------------------------------------------------------------- LibreOffice


def _soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/soffice" if Path("/usr/bin/soffice").exists() else None


@pytest.mark.slow
def test_libreoffice_opens_the_workbook_and_keeps_formulas_as_text(
    exported: Exported, tmp_path: Path
) -> None:
    soffice = _soffice()
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    source = tmp_path / exported.export.xlsx_name
    source.write_bytes(exported.export.xlsx)
    out = tmp_path / "csv"
    done = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "csv",
            "--outdir",
            str(out),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    converted = out / f"{source.stem}.csv"
    assert converted.exists(), done.stdout + done.stderr
    rows = list(csv.reader(converted.read_text("utf-8").splitlines()))
    assert rows[0][0] == "Participant"
    names = [r[0] for r in rows[1:]]
    assert f"'{FORMULA_NAME}" in names  # a formula would have been evaluated to "y"
    assert "y" not in names


def test_a_workshop_name_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'store.sqlite3'}")
    name = "=cmd|' /C calc'!A0"
    made = store.create_workshop(name, ["blank"])
    export = export_workshop(store, made.workshop.id)
    cell = load_workbook(io.BytesIO(export.xlsx))["Workshop"]["A2"]
    assert cell.value == f"'{name}"
    assert cell.data_type == "s"
    assert export.xlsx_name == "cmd-c-calc-a0.xlsx"


def test_the_revised_columns_are_numbers_with_their_formats(exported: Exported) -> None:
    results = rows_of(book_of(exported)["Results"])
    blue = next(r for r in results if r[COLUMNS["participant"]].value == "Team Blue")
    assert COLUMNS["seller_share"] == "Seller's share of the gain over both BATNAs"
    formats = {
        "seller_optimal_price_per_unit": "#,##0.00",
        "seller_colr_net": "#,##0.00",
        "customer_colr_net": "#,##0.00",
        "eve_expected_per_unit": "#,##0.00",
        "break_even_retention_one_sided": "0.0%",
        "retention_one_sided": "0.0%",
    }
    frame = exported.export.results.set_index("participant")
    for key, number_format in formats.items():
        cell = blue[COLUMNS[key]]
        assert cell.data_type == "n", key
        assert cell.number_format == number_format, key
        assert cell.value == pytest.approx(frame.loc["Team Blue", key]), key
