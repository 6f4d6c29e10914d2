"""The workshop export: every participant's case and results, for the debrief and the archive.

:func:`export_workshop` reads a workshop from the store and returns two files:

- an Excel workbook with a sheet of participants (saves per worksheet of
  :data:`negotiation_lib.catalog.WORKSHEETS`), a sheet of results (the columns of
  :data:`negotiation_lib.debrief.COLUMNS`), a sheet of every sealed version of the
  definitions of winning, and the deal rooms of a role-play workshop: a sheet of rooms (teams,
  status, agreement and both sides' true figures), one of every room event and one of every
  disclosure (:mod:`negotiation_lib.exports.workshop_rooms`);
- a zip with each participant's newest case as a JSON file (``NNN-name.json``), which the
  workbook and ``negotiation-workbook validate`` read back, plus ``workshop.json`` describing
  the workshop and ``rooms.json`` with every room, its debrief and its events.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime

import pandas as pd
from openpyxl import Workbook

from negotiation_lib import catalog
from negotiation_lib.datasets import case_title
from negotiation_lib.debrief import DebriefInput, columns, debrief_frame
from negotiation_lib.exports.case_io import file_stem
from negotiation_lib.exports.workshop_rooms import (
    DISCLOSURE_HEADER,
    EVENT_HEADER,
    ROOM_FORMATS,
    ROOM_HEADER,
    RoomTables,
    room_tables,
)
from negotiation_lib.exports.xlsx import write_table
from negotiation_lib.store import ParticipantInfo, Store, WorkshopInfo
from negotiation_lib.vocabulary import party_label

__all__ = ["WorkshopExport", "export_workshop", "file_stem", "workshop_workbook"]


@dataclass(frozen=True, slots=True)
class WorkshopExport:
    """The two export files of a workshop, with names to save them under."""

    xlsx_name: str
    xlsx: bytes
    zip_name: str
    zip: bytes
    results: pd.DataFrame


def workshop_workbook(
    workshop: WorkshopInfo,
    people: list[ParticipantInfo],
    results: pd.DataFrame,
    seals: list[tuple[str, str, int, str, datetime, str | None]],
    rooms: RoomTables | None = None,
) -> bytes:
    """The Excel workbook of a workshop (see the module docstring).

    ``rooms`` are the rows of the rooms' sheets (:func:`room_tables`); without them those
    sheets are written empty.
    """
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Participants"
    worksheets = catalog.WORKSHEETS
    saves = []
    for p in people:
        by_sheet = {name: (n, last) for name, n, last in p.saves_by_worksheet}
        case = case_title(p.case_name)  # the title users read, never the case's name
        row: list[object] = [p.name, case, p.joined_at, p.versions, p.last_saved_at]
        for w in worksheets:
            n, last = by_sheet.get(w.name, (0, None))
            row += [n, last]
        saves.append(row)
    header = ["Participant", "Case", "Joined (UTC)", "Versions saved", "Last save (UTC)"]
    for w in worksheets:
        header += [f"Saves from {w.title}", f"Last save from {w.title} (UTC)"]
    write_table(sheet, header, saves)

    sheet = book.create_sheet("Results")
    labels = columns()
    formats = {}
    for i, key in enumerate(labels):
        if key.startswith("progress_") or key == "seller_share":
            formats[i] = "0%"
        elif "retention" in key:
            formats[i] = "0.0%"
        elif "npv" in key or "price" in key or "eve" in key or "colr" in key:
            formats[i] = "#,##0.00"
        elif key.startswith(("trust_", "style_")):
            formats[i] = "0.0"
    table = results[list(labels)].astype(object)
    if "case" in table:  # the case by its title, never its name
        table["case"] = [case_title(str(c)) for c in table["case"]]
    write_table(sheet, list(labels.values()), table.values.tolist(), number_formats=formats)

    sheet = book.create_sheet("Sealed definitions")
    write_table(
        sheet,
        ["Participant", "Party", "Version", "SHA-256", "Sealed at (UTC)", "Reason"],
        [list(s) for s in seals],
    )

    tables = rooms or RoomTables([], [], [], {"rooms": []})
    sheet = book.create_sheet("Rooms")
    write_table(sheet, list(ROOM_HEADER), tables.rooms, number_formats=ROOM_FORMATS)
    sheet = book.create_sheet("Room events")
    write_table(sheet, list(EVENT_HEADER), tables.events)
    sheet = book.create_sheet("Room disclosures")
    write_table(sheet, list(DISCLOSURE_HEADER), tables.disclosures)

    sheet = book.create_sheet("Workshop")
    write_table(
        sheet,
        ["Workshop", "Join code", "Cases handed out", "Created (UTC)", "Exported (UTC)"],
        [
            [
                workshop.name,
                workshop.join_code,
                "; ".join(case_title(c) for c in workshop.cases),
                workshop.created_at,
                datetime.now(UTC),
            ]
        ],
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export_workshop(store: Store, workshop_id: int) -> WorkshopExport:
    """Read a workshop from the store and build its Excel workbook and zip of cases."""
    workshop = store.workshop(workshop_id)
    people = store.participants(workshop_id)
    documents = store.latest_documents(workshop_id)
    # Progress and the counts measure what each participant did since joining.
    starts = store.starting_documents(workshop_id)
    results = debrief_frame(
        DebriefInput(p.name, p.case_name, documents.get(p.id, {}), starts.get(p.id)) for p in people
    )
    seal_rows = []
    for p in people:
        for party, records in store.seals(p.id).items():
            for r in records:
                who = party_label(party)
                seal_rows.append((p.name, who, r.version, r.sha256, r.sealed_at, r.reason))

    rooms = room_tables(store, workshop_id, people)

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        listed: list[dict[str, object]] = []
        for i, p in enumerate(people, start=1):
            name = f"{i:03d}-{file_stem(p.name)}.json"
            archive.writestr(
                name, json.dumps(documents.get(p.id, {}), indent=2, ensure_ascii=False)
            )
            listed.append(
                {"file": name, "participant": p.name, "case": p.case_name, "versions": p.versions}
            )
        manifest = {
            "workshop": workshop.name,
            "join_code": workshop.join_code,
            "cases": list(workshop.cases),
            "participants": listed,
        }
        archive.writestr("workshop.json", json.dumps(manifest, indent=2, ensure_ascii=False))
        archive.writestr("rooms.json", json.dumps(rooms.document, indent=2, ensure_ascii=False))
    stem = file_stem(workshop.name)
    return WorkshopExport(
        xlsx_name=f"{stem}.xlsx",
        xlsx=workshop_workbook(workshop, people, results, seal_rows, rooms),
        zip_name=f"{stem}-cases.zip",
        zip=buffer.getvalue(),
        results=results,
    )
