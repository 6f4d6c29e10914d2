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

from negotiation_lib.datasets import sample_case_document, sample_case_names
from negotiation_lib.document import CaseDocument
from negotiation_lib.domain.case import PartyDefinition
from negotiation_lib.domain.errors import CaseError
from negotiation_lib.domain.seal import definition_sha256
from negotiation_lib.domain.validation import MAX_CASE_BYTES, parse_case
from negotiation_lib.exports.case_io import case_json, read_case_file
from negotiation_lib.exports.case_workbook import JSON_SHEET, case_workbook
from negotiation_lib.report import build_report
from negotiation_lib.store import Store
from negotiation_lib.worksheets.autosave import Autosaver, SaveStatus
from negotiation_lib.worksheets.case_files import CaseFiles


def _sample(name: str = "pumpco_acme_foods") -> dict[str, Any]:
    """A sample case as a worksheet holds it (a role-play case's truth)."""
    return sample_case_document(name)


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
    # Both Monte Carlo views, one row per party and view, each with its percentiles.
    mc = sheets["2 Monte Carlo"]
    cur = report["currency"]
    assert list(zip(mc["Party"], mc["What varies"].str.split().str[0], strict=True)) == [
        ("Seller", "Value"),
        ("Seller", "Relationship"),
        ("Customer", "Value"),
        ("Customer", "Relationship"),
    ]
    for row in mc.itertuples(index=False):
        view = "value_uncertainty" if row[1].startswith("Value") else "length_uncertainty"
        party = report["projection"]["monte_carlo"][row[0].lower()]
        spread = party[view]
        assert row[2:8] == pytest.approx(
            (
                spread["mean"],
                spread["p10"],
                spread["p50"],
                spread["p90"],
                party["batr_npv"],
                spread["probability_beats_batr"],
            )
        )
        assert row[3] <= row[4] <= row[5]
    assert f"NPV, bad case P10 ({cur})" in mc.columns
    # One row per tornado input, keyed by its case path, with both net COLRs.
    tornado = sheets["2 Sensitivity"]
    expected = report["projection"]["sensitivity"]
    assert list(tornado["Where in the case"]) == [r["path"] for r in expected]
    assert tornado["Where in the case"].is_unique
    assert list(tornado["Input"]) == [r["label"] for r in expected]
    net = [c for c in tornado.columns if "net COLR" in c]
    assert len(net) == 4
    for row, r in zip(tornado[net].itertuples(index=False), expected, strict=True):
        assert tuple(row) == pytest.approx(
            (
                r["seller_colr_net_low"],
                r["seller_colr_net_high"],
                r["customer_colr_net_low"],
                r["customer_colr_net_high"],
            )
        )
    packages = sheets["3 Packages"]
    assert list(packages["Package"]) == [p["name"] for p in report["win_win"]["packages"]]


def _results(payload: bytes, sheet: str) -> dict[str, tuple[str, float, str]]:
    """A results sheet by report key: (figure, value, unit)."""
    frame = pd.read_excel(io.BytesIO(payload), sheet_name=sheet)
    return {
        key: (figure, value, unit)
        for figure, value, unit, key in frame.itertuples(index=False, name=None)
    }


def test_every_header_and_figure_is_in_words_with_a_unit() -> None:
    payload = case_workbook(_sample())
    book = load_workbook(io.BytesIO(payload), read_only=True)
    for sheet in book.worksheets:
        header = [c for c in next(sheet.iter_rows(max_row=1, values_only=True)) if c]
        assert header, sheet.title
        for title in header:
            assert "_" not in str(title), (sheet.title, title)
    for name in ("1 Value results", "2 Economics results", "2 Projection results"):
        for key, (figure, _value, unit) in _results(payload, name).items():
            assert "_" not in figure, key
            assert isinstance(unit, str), key
            assert unit.strip(), key
    for name in ("2 Economics inputs", "2 Relationship inputs"):
        for field, _amount, input_unit in book[name].iter_rows(min_row=2, values_only=True):
            assert "_" not in str(field)
            assert input_unit, field


def test_the_results_sheets_hold_the_revised_figures_computed_by_hand() -> None:
    """PumpCo's figures, recomputed from its case file alone (DESIGN §3)."""
    data = _sample()
    payload = case_workbook(data, paths=500)
    econ, rel = data["economics"], data["relationship"]
    volume, list_price = econ["volume_per_period"], econ["list_price_per_unit"]
    # Percent discounts come off list (not compounded); lump ones are spread over the volume.
    per_unit = {
        "percent": lambda d: d["amount"] / 100 * list_price,
        "per_unit": lambda d: d["amount"],
        "per_period": lambda d: d["amount"] / volume,
    }
    assert econ["discounts"]
    pocket = list_price - sum(per_unit[d["kind"]](d) for d in econ["discounts"])
    expected_eve = data["value"]["reference"]["price_per_unit"] + sum(
        d["confidence"] * d["value_per_unit"] for d in data["value"]["drivers"]
    )
    profit = volume * (pocket - econ["variable_cost_per_unit"]) - econ["fixed_cost_per_period"]
    benefit = volume * (expected_eve - pocket) - econ["customer_cost_per_period"]
    seller_gain = profit - rel["seller_batna_per_period"]
    customer_gain = benefit - rel["customer_batna_per_period"]
    economics = _results(payload, "2 Economics results")
    assert economics["economics.pocket_price_per_unit"][1] == pytest.approx(pocket)
    assert economics["economics.eve_expected_per_unit"][1] == pytest.approx(expected_eve)
    assert economics["economics.joint_gain_per_period"][1] == pytest.approx(
        seller_gain + customer_gain
    )
    share = economics["economics.seller_share"]
    assert share[1] == pytest.approx(seller_gain / (seller_gain + customer_gain))
    assert share[0] == "Seller's share of the gain over both BATNAs"
    assert share[2] == "share (0–1)"
    assert economics["economics.joint_gain_per_period"][2] == "EUR per year"

    projection = _results(payload, "2 Projection results")
    k = (1 + rel["growth_rate"]) / (1 + rel["discount_rate"])
    for party in ("seller", "customer"):
        batna = rel[f"{party}_batna_per_period"]
        batna_npv = sum(batna * k**t for t in range(rel["repetitions"]))
        _figure, value, unit = projection[f"projection.{party}_batna_npv"]
        assert value == pytest.approx(batna_npv)
        assert unit == "EUR, NPV"
        per_period = projection[f"projection.{party}_batna_per_period"]
        assert per_period[1:] == (batna, "EUR per year")
        colr = projection[f"projection.{party}_colr"][1]
        net = projection[f"projection.{party}_colr_net"]
        assert net[1] == pytest.approx(colr - rel[f"{party}_batr_npv"])
        assert "COLR − BATR" in net[0]
    optimal = projection["projection.seller_optimal.price_per_unit"]
    assert optimal[2] == "EUR per pump"
    assert "Seller-optimal price" in optimal[0]
    assert projection["projection.break_even_retention_one_sided"][2] == "share (0–1)"


def test_the_tornado_moves_a_retention_through_its_churn() -> None:
    data = _sample()
    tornado = pd.read_excel(io.BytesIO(case_workbook(data, paths=200)), sheet_name="2 Sensitivity")
    rows = tornado.set_index("Where in the case")
    for field in ("retention_fair", "retention_one_sided"):
        p = data["relationship"][field]
        churn = 1 - p
        row = rows.loc[f"relationship.{field}"]
        assert row["Base value"] == pytest.approx(p)
        assert sorted([row["Low value (−20%)"], row["High value (+20%)"]]) == pytest.approx(
            sorted([1 - 1.2 * churn, 1 - 0.8 * churn])
        )
        assert row["Unit of the input"] == "share (0–1)"
    # A percent discount reads in % of list, a lump one per period, the volume in pumps.
    units = dict(zip(tornado["Where in the case"], tornado["Unit of the input"], strict=True))
    assert units["economics.discounts[0].amount"] == "% of list"
    assert units["economics.discounts[1].amount"] == "EUR per year"
    assert units["economics.volume_per_period"] == "pump per year"
    assert units["relationship.seller_batr_npv"] == "EUR, NPV"


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
    # Handed out unsealed, the participant's seals are recorded from the sample file imported.
    store.save(pid, _sample(), "import")
    doc.replace(_sample())
    files = CaseFiles(doc, check=lambda data: store.seal_conflicts(pid, data))
    before = json.dumps(doc.data, sort_keys=True)
    # Another case, sealed under the same version numbers with other definitions.
    _upload(files, "cloud.json", case_json(_sample("cloudledger_northwind")))
    assert json.dumps(doc.data, sort_keys=True) == before
    assert "seller&#39;s sealed definition version 1" in files.w_msg.value
    assert [v.version for v in store.history(pid)] == [1, 2]


def test_an_upload_cannot_seal_an_incomplete_definition(tmp_path: Path) -> None:
    store, pid, doc = _participant(tmp_path)
    files = CaseFiles(doc, check=lambda data: store.seal_conflicts(pid, data))
    before = json.dumps(doc.data, sort_keys=True)
    data = _sample()
    seller = data["win_win"]["seals"]["seller"][0]
    # Sealed with its sentence and weights only (the fingerprint matches what was sealed).
    seller["definition"] = {"statement": "We win.", "weights": seller["definition"]["weights"]}
    seller["sha256"] = definition_sha256(PartyDefinition.model_validate(seller["definition"]))
    _upload(files, "half.json", case_json(data))
    assert json.dumps(doc.data, sort_keys=True) == before
    assert "was not imported" in files.w_msg.value
    assert (
        "The seller&#39;s definition of winning cannot be sealed yet. Missing: scores for Price "
        "per pump, Warranty, Payment terms and Contract years; a win threshold; a walk-away "
        "utility." in files.w_msg.value
    )
    assert [v.version for v in store.history(pid)] == [1]
    assert store.seals(pid)["seller"] == []


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
