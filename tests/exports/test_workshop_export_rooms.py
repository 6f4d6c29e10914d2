"""The workshop export holds the deal rooms (issue 18): each room's outcome and every event.

A workshop on the Valtora role-play case, four teams in two rooms: room 1 agrees on the middle
package after a misstated disclosure, room 2 walks away. Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest
from openpyxl import load_workbook

from negotiation_lib.datasets import case_title, load_role_play_case
from negotiation_lib.debrief_rooms import room_debrief
from negotiation_lib.exports.workshop import WorkshopExport, export_workshop
from negotiation_lib.store import RoomInfo, Store
from tests.exports.test_workshop_export import rows_of

CASE = "valtora_brightmoor"
MIDDLE: dict[str, Any] = {
    "price_per_housing": 27500,
    "lead_time_weeks": 8,
    "contract_years": 3,
    "payment_terms": "60 days",
}
TOP = {**MIDDLE, "price_per_housing": 29500, "lead_time_weeks": 14}
FORMULA_TEAM = "=Grid team"


@dataclass
class Rooms:
    store: Store
    rooms: list[RoomInfo]
    export: WorkshopExport


@pytest.fixture
def rooms(store: Store) -> Rooms:
    made = store.create_workshop("Deal rooms", [CASE])
    code = made.workshop.join_code
    forge, turbine, cast, grid = (
        store.join(code, name).participant.id for name in ("Forge", "Turbine", "Cast", FORMULA_TEAM)
    )
    first, second = store.rooms(made.workshop.id)
    lie = {"path": "relationship.customer_batna_per_period", "value": -100000}
    store.act(first.id, turbine, "shared", lie)
    offer = store.act(first.id, turbine, "offered", {"values": MIDDLE, "utility": 67}).event.id
    store.act(first.id, forge, "accepted", {"offer": offer})
    store.act(second.id, cast, "offered", {"values": TOP, "utility": 95})
    store.act(second.id, grid, "walked_away", {"reason": "Too dear."})
    export = export_workshop(store, made.workshop.id)
    return Rooms(store, store.rooms(made.workshop.id), export)


def _sheet(export: WorkshopExport, title: str) -> list[dict[str, Any]]:
    book = load_workbook(io.BytesIO(export.xlsx))
    return [{k: c.value for k, c in row.items()} for row in rows_of(book[title])]


def test_each_room_is_a_row_with_its_teams_status_and_true_utilities(rooms: Rooms) -> None:
    rows = _sheet(rooms.export, "Rooms")
    document = load_role_play_case(CASE)
    assert [r["Room"] for r in rows] == [1, 2]
    first, second = rows
    assert (first["Seller team"], first["Customer team"]) == ("Forge", "Turbine")
    assert (second["Seller team"], second["Customer team"]) == ("Cast", f"'{FORMULA_TEAM}")
    assert first["Case"] == case_title(CASE)
    assert (first["Status"], second["Status"]) == ("Agreed", "Walked away")
    assert first["Agreement"].startswith("Price per housing 27,500 EUR per housing;")
    assert second["Agreement"] is None
    # The middle package by each side's true definition: 60.5 for the seller (computed by hand
    # in tests/test_debrief_rooms.py), and the walk-away utilities 40 and 30 without agreement.
    assert first["Seller's true utility (0–100)"] == pytest.approx(60.5)
    assert (
        second["Seller's true utility (0–100)"],
        second["Customer's true utility (0–100)"],
    ) == (40, 30)
    for room, row in zip(rooms.rooms, rows, strict=True):
        d = room_debrief(
            rooms.store.room_state(room.id), document, number=room.number, started_at=room.opened_at
        )
        assert row["Customer's true utility (0–100)"] == pytest.approx(d.customer.utility)
        assert row["Seller's NPV (currency)"] == pytest.approx(d.seller.npv)
        assert row["Customer's NPV (currency)"] == pytest.approx(d.customer.npv)
        assert row["Value left on the table (utility points each)"] == pytest.approx(d.value_left)
        assert row["Offers exchanged (count)"] == d.offers == 1
        assert row["Currency of the case"] == "EUR"
        assert isinstance(row["Opened (UTC)"], datetime)
    assert first["Disclosures that differed from the truth (count)"] == 1
    assert first["Seller's share of the joint gain"] == pytest.approx(372000 / 659600)
    assert first["Time to agree (minutes)"] >= 0
    assert second["Time to agree (minutes)"] is None
    assert second["Joint gain over both BATNAs per period (currency)"] == 0


def test_every_room_event_is_a_row_in_order(rooms: Rooms) -> None:
    rows = _sheet(rooms.export, "Room events")
    expected = [
        (room.number, event) for room in rooms.rooms for event in rooms.store.events_since(room.id)
    ]
    assert len(rows) == len(expected) == 9
    for row, (number, event) in zip(rows, expected, strict=True):
        assert row["Room"] == number
        assert json.loads(row["Payload (JSON)"]) == dict(event.payload)
        assert isinstance(row["Time (UTC)"], datetime)
    said = [(r["Room"], r["Team"], r["Side"], r["What happened"]) for r in rows]
    assert said == [
        (1, "Forge", "Seller", "Joined the room"),
        (1, "Turbine", "Customer", "Joined the room"),
        (1, "Turbine", "Customer", "Shared a fact"),
        (1, "Turbine", "Customer", "Offered a package"),
        (1, "Forge", "Seller", "Accepted an offer"),
        (2, "Cast", "Seller", "Joined the room"),
        (2, f"'{FORMULA_TEAM}", "Customer", "Joined the room"),
        (2, "Cast", "Seller", "Offered a package"),
        (2, f"'{FORMULA_TEAM}", "Customer", "Walked away"),
    ]


def test_disclosures_show_the_value_stated_and_the_true_one(rooms: Rooms) -> None:
    (row,) = _sheet(rooms.export, "Room disclosures")
    assert (row["Room"], row["Team"], row["Side"]) == (1, "Turbine", "Customer")
    assert (row["Value stated"], row["True value"], row["Differs from the truth"]) == (
        "−100,000",  # the true minus sign: no formula could start with it
        "−260,000",
        "yes",
    )
    assert "BATNA" in row["Fact"]


def test_the_zip_holds_the_rooms_with_their_events(rooms: Rooms) -> None:
    archive = zipfile.ZipFile(io.BytesIO(rooms.export.zip))
    listed = json.loads(archive.read("rooms.json"))["rooms"]
    assert [(r["number"], r["seller_team"], r["customer_team"]) for r in listed] == [
        (1, "Forge", "Turbine"),
        (2, "Cast", FORMULA_TEAM),
    ]
    first, second = listed
    assert first["status"] == "agreed"
    assert first["agreement"] == {
        k: v if isinstance(v, str) else float(v) for k, v in MIDDLE.items()
    }
    assert first["seller_utility"] == pytest.approx(60.5)
    assert second["agreement"] is None
    assert [e["kind"] for e in first["events"]] == [
        "joined",
        "joined",
        "shared",
        "offered",
        "accepted",
    ]
    assert [e["kind"] for e in second["events"]] == ["joined", "joined", "offered", "walked_away"]
    assert first["events"][2]["payload"] == {
        "path": "relationship.customer_batna_per_period",
        "value": -100000,
    }
    assert first["disclosures"] == [
        {
            "side": "customer",
            "path": "relationship.customer_batna_per_period",
            "stated": -100000,
            "true": -260000,
        }
    ]
