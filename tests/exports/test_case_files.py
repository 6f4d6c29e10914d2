"""Case files in and out: JSON and Excel round trips, and every malformed file refused clearly.

A bad file must be refused with a sentence that says what is wrong (and where, for a bad
value), and must change nothing: not the page's case, not the store.
"""

from __future__ import annotations

import io
import json
import math
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from negotiation_lib.datasets import sample_case_names, sample_case_path
from negotiation_lib.document import CaseDocument
from negotiation_lib.domain.errors import CaseError
from negotiation_lib.domain.validation import MAX_CASE_BYTES, parse_case
from negotiation_lib.exports.case_io import case_json, read_case_file
from negotiation_lib.exports.case_workbook import JSON_SHEET, case_workbook
from negotiation_lib.report import build_report
from negotiation_lib.store import Store
from negotiation_lib.worksheets.autosave import Autosaver, SaveStatus
from negotiation_lib.worksheets.case_files import CaseFiles


def _sample(name: str = "pumpco_acme_foods") -> dict[str, Any]:
    data: dict[str, Any] = json.loads(sample_case_path(name).read_text("utf-8"))
    return data


def _with(change: Callable[[dict[str, Any]], None]) -> bytes:
    data = _sample()
    change(data)
    return json.dumps(data).encode()


def _xlsx_without_case_sheet() -> bytes:
    book = Workbook()
    book.active.title = "Case"  # type: ignore[union-attr]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_with_cut_json() -> bytes:
    book = load_workbook(io.BytesIO(case_workbook(_sample())))
    sheet = book[JSON_SHEET]
    sheet["B2"] = str(sheet["B2"].value)[:-40]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_with_bad_case() -> bytes:
    book = load_workbook(io.BytesIO(case_workbook(_sample())))
    sheet = book[JSON_SHEET]
    data = json.loads(str(sheet["B2"].value))
    data["economics"]["volume_per_period"] = -3
    sheet["B2"] = json.dumps(data)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "not a workbook")
    return out.getvalue()


def _drop(key: str) -> Callable[[dict[str, Any]], None]:
    return lambda d: d.pop(key)


def _set(path: str, value: object) -> Callable[[dict[str, Any]], None]:
    def change(d: dict[str, Any]) -> None:
        *steps, last = path.split(".")
        node: Any = d
        for step in steps:
            node = node[int(step)] if step.isdigit() else node[step]
        node[int(last) if last.isdigit() else last] = value

    return change


# (what the file is, its bytes, a fragment every message for it must contain)
MALFORMED: list[tuple[str, Callable[[], bytes], str]] = [
    ("empty", lambda: b"", "is empty"),
    ("binary", lambda: b"\xff\xfe\x00\x81garbage", "not text"),
    ("prose", lambda: b"Our offer: 10% off", "not valid JSON"),
    ("truncated", lambda: json.dumps(_sample()).encode()[:-20], "not valid JSON"),
    ("a list", lambda: b"[1, 2, 3]", "JSON list"),
    ("a string", lambda: b'"pumpco"', "JSON string"),
    ("a number", lambda: b"42", "JSON number"),
    ("null", lambda: b"null", "JSON null"),
    ("future schema", lambda: _with(_set("schema_version", 99)), "schema_version"),
    ("title a number", lambda: _with(_set("title", 5)), "title"),
    ("no seller", lambda: _with(_drop("seller")), "seller"),
    ("negative volume", lambda: _with(_set("economics.volume_per_period", -5)), "volume"),
    ("confidence 1.7", lambda: _with(_set("value.drivers.0.confidence", 1.7)), "confidence"),
    (
        "NaN price",
        lambda: (
            json.dumps(_sample())
            .replace('"list_price_per_unit": ', '"list_price_per_unit": NaN, "x": ')
            .encode()
        ),
        "economics",
    ),
    ("infinite volume", lambda: _with(_set("economics.volume_per_period", math.inf)), "volume"),
    (
        "1e400",
        lambda: (
            json.dumps(_sample()).replace('"repetitions": 100', '"repetitions": 1e400').encode()
        ),
        "repetitions",
    ),
    ("a typo'd key", lambda: _with(_set("economics.list_pirce_per_unit", 5)), "list_pirce"),
    ("words for a number", lambda: _with(_set("economics.fair_share", "half")), "fair_share"),
    ("too large", lambda: b'{"title": "' + b"x" * (MAX_CASE_BYTES + 10) + b'"}', "at most"),
    ("nested too deep", lambda: b"[" * 100_000 + b"]" * 100_000, "nested"),
    ("xlsx without its case sheet", _xlsx_without_case_sheet, JSON_SHEET),
    ("xlsx with its case cut", _xlsx_with_cut_json, "whole case"),
    ("xlsx with a bad value", _xlsx_with_bad_case, "volume"),
    ("a zip, not a workbook", _plain_zip, "cannot be read"),
    (
        "retention above 1",
        lambda: _with(_set("relationship.retention_fair", 1.5)),
        "retention_fair",
    ),
]


@pytest.mark.parametrize(("what", "make", "fragment"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_every_malformed_file_is_refused_with_a_clear_message(
    what: str, make: Callable[[], bytes], fragment: str
) -> None:
    with pytest.raises(CaseError) as caught:
        read_case_file(make(), "upload.json")
    text = str(caught.value)
    assert fragment in text, f"{what}: {text}"
    assert "Traceback" not in text
    for problem in caught.value.problems:
        assert problem.message.strip(), what
        assert problem.message.rstrip().endswith((".", ")", "?")), f"{what}: not a sentence"


def test_the_corpus_has_at_least_twenty_kinds_of_bad_file() -> None:
    assert len({what for what, _, _ in MALFORMED}) >= 20


@pytest.mark.parametrize("name", sample_case_names())
def test_json_export_then_import_gives_the_identical_case(name: str) -> None:
    data = _sample(name)
    back = read_case_file(case_json(data), f"{name}.json")
    assert back == data
    assert parse_case(back) == parse_case(data)


def test_a_file_with_a_byte_order_mark_is_read() -> None:
    data = _sample()
    assert read_case_file(b"\xef\xbb\xbf" + case_json(data)) == data


@pytest.mark.parametrize("name", sample_case_names())
def test_the_excel_workbook_round_trips_the_case_and_the_reports_numbers(name: str) -> None:
    data = _sample(name)
    payload = case_workbook(data)
    assert read_case_file(payload, f"{name}.xlsx") == data
    report = build_report(parse_case(data))
    sheets = pd.read_excel(io.BytesIO(payload), sheet_name=None)
    for sheet in (
        "1 Value results",
        "2 Economics results",
        "2 Projection results",
        "3 Trust results",
    ):
        frame = sheets[sheet]
        assert list(frame.columns) == ["Figure", "Value", "Unit", "Report key"]
        for key, value in zip(frame["Report key"], frame["Value"], strict=True):
            node: Any = report
            for step in key.split("."):
                node = node[step]
            if isinstance(node, bool):
                assert bool(value) == node, key
            else:
                assert value == pytest.approx(node), key
    projection = sheets["2 Projection per repetition"]
    assert len(projection) == report["projection"]["repetitions"]
    last = projection.iloc[-1]
    assert last.iloc[4] == pytest.approx(report["projection"]["seller_npv"])
    assert last.iloc[6] == pytest.approx(report["projection"]["customer_npv"])
    mc = sheets["2 Monte Carlo"].set_index("Party")
    assert mc.iloc[:, 2]["seller"] == pytest.approx(
        report["projection"]["monte_carlo"]["seller"]["p50"]
    )
    assert len(sheets["2 Sensitivity"]) == len(report["projection"]["sensitivity"])
    packages = sheets["3 Packages"]
    assert list(packages["Package"]) == [p["name"] for p in report["win_win"]["packages"]]


def test_excel_numbers_are_numbers_and_headers_are_frozen() -> None:
    book = load_workbook(io.BytesIO(case_workbook(_sample())))
    for sheet in book.worksheets:
        assert sheet.freeze_panes in ("A2", "B2"), sheet.title
    values = book["2 Projection per repetition"]
    for row in values.iter_rows(min_row=2, max_row=5):
        assert all(cell.data_type == "n" for cell in row)
    assert {c.data_type for c in book["2 Economics results"]["B"][1:]} <= {"n", "b"}


def test_user_text_starting_with_equals_is_text_in_excel() -> None:
    data = _sample()
    data["title"] = '=HYPERLINK("http://example.invalid","click")'
    data["value"]["drivers"][0]["name"] = "=1+1"
    book = load_workbook(io.BytesIO(case_workbook(data)))
    title = next(c for c in book["Case"]["B"] if c.value == f"'{data['title']}")
    assert title.data_type == "s"
    assert book["1 Value drivers"]["A2"].data_type == "s"


# --------------------------------------------------------------------------- the page's bar


def _upload(files: CaseFiles, name: str, payload: bytes) -> None:
    files.w_upload.value = (
        {"name": name, "type": "", "size": len(payload), "content": memoryview(payload),
         "last_modified": datetime.now(UTC)},
    )  # fmt: skip


def _scheduled() -> tuple[list[Callable[[], None]], Callable[..., object]]:
    pending: list[Callable[[], None]] = []

    def schedule(_delay: float, callback: Callable[[], None]) -> object:
        pending.append(callback)

        class Handle:
            def cancel(self) -> None:
                if callback in pending:
                    pending.remove(callback)

        return Handle()

    return pending, schedule


@pytest.mark.parametrize(
    ("what", "make", "fragment"), MALFORMED[:12], ids=[m[0] for m in MALFORMED[:12]]
)
def test_a_bad_upload_changes_nothing_in_the_page_or_the_store(
    tmp_path: Path, what: str, make: Callable[[], bytes], fragment: str
) -> None:
    store = Store(f"sqlite:///{tmp_path / 'store.sqlite3'}")
    made = store.create_workshop("Import", ["pumpco_acme_foods"])
    joined = store.join(made.workshop.join_code, "Team <b>")
    latest = store.latest(joined.participant.id)
    assert latest is not None
    assert latest.data is not None
    doc = CaseDocument(latest.data)
    pending, schedule = _scheduled()
    saver = Autosaver(doc, store, joined.participant.id, "value_proposition", SaveStatus(),
                      version=latest.version, schedule=schedule)  # fmt: skip
    files = CaseFiles(doc)
    before = json.dumps(doc.data, sort_keys=True)
    _upload(files, "bad<script>.json", make())
    assert json.dumps(doc.data, sort_keys=True) == before
    assert not pending
    assert not saver.dirty
    assert [v.version for v in store.history(joined.participant.id)] == [1]
    assert "was not imported" in files.w_msg.value
    assert fragment.replace("'", "&#39;") in files.w_msg.value or fragment in files.w_msg.value
    assert "bad&lt;script&gt;.json" in files.w_msg.value
    assert "<script>" not in files.w_msg.value


def _participant(tmp_path: Path) -> tuple[Store, int, CaseDocument]:
    store = Store(f"sqlite:///{tmp_path / 'store.sqlite3'}")
    made = store.create_workshop("Import", ["pumpco_acme_foods"])
    joined = store.join(made.workshop.join_code, "Team A")
    latest = store.latest(joined.participant.id)
    assert latest is not None
    assert latest.data is not None
    return store, joined.participant.id, CaseDocument(latest.data)


def test_a_good_upload_replaces_the_case_and_is_saved(tmp_path: Path) -> None:
    store, pid, doc = _participant(tmp_path)
    pending, schedule = _scheduled()
    Autosaver(doc, store, pid, "win_win", SaveStatus(), version=1, schedule=schedule)
    files = CaseFiles(doc, check=lambda data: store.seal_conflicts(pid, data))
    edited = _sample()
    edited["economics"]["volume_per_period"] = 55
    edited["title"] = "Edited in Excel's sister tool"
    _upload(files, "edited.xlsx", case_workbook(edited))
    assert doc.data == edited
    assert "Imported edited.xlsx" in files.w_msg.value
    while pending:
        pending.pop(0)()
    newest = store.latest(pid)
    assert newest is not None
    assert newest.version == 2
    assert newest.data == edited


def test_an_upload_cannot_replace_a_recorded_seal(tmp_path: Path) -> None:
    store, pid, doc = _participant(tmp_path)
    files = CaseFiles(doc, check=lambda data: store.seal_conflicts(pid, data))
    before = json.dumps(doc.data, sort_keys=True)
    # Another case, sealed under the same version numbers with other definitions.
    _upload(files, "cloud.json", case_json(_sample("cloudledger_northwind")))
    assert json.dumps(doc.data, sort_keys=True) == before
    assert "seller&#39;s sealed definition version 1" in files.w_msg.value
    assert [v.version for v in store.history(pid)] == [1]


def test_downloads_give_the_case_and_its_workbook(tmp_path: Path) -> None:
    doc = CaseDocument(_sample())
    files = CaseFiles(doc)
    assert files.w_json.deliver()
    assert files.w_json.delivered is not None
    assert files.w_json.delivered.name.endswith(".json")
    assert json.loads(files.w_json.delivered.content) == doc.data
    assert files.w_json.error == ""
    assert files.w_xlsx.deliver()
    assert files.w_xlsx.delivered is not None
    assert files.w_xlsx.delivered.name.endswith(".xlsx")
    doc.set("economics.volume_per_period", -5)
    assert not files.w_xlsx.deliver()
    assert "Fix the 1 problem" in files.w_xlsx.error
    assert "Fix the 1 problem" in files.w_xlsx.note.value
    assert files.w_xlsx.delivered.number == 1  # the refused file replaced nothing
