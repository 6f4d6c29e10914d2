"""Tests of the workshop store (:mod:`negotiation_lib.store`), and helpers they share.

Every test that takes the ``store`` or ``store_url`` fixture (``tests/conftest.py``) runs twice:
on a SQLite file and on a database of a real PostgreSQL server.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import text

from negotiation_lib.domain.roles import plain_document
from negotiation_lib.store import BLANK_CASE, JoinedParticipant, NewWorkshop, Store

ROOT = Path(__file__).resolve().parents[2]
CASES_DIR = ROOT / "data" / "cases"
SEALED_CASE = "swiftfreight_helios"
"""A sample case whose definitions of winning are sealed, the customer's amended once."""

TABLES = ("workshops", "participants", "case_versions", "sealed_definitions")


def sample_case(name: str) -> dict[str, Any]:
    """A sample case exactly as its JSON file holds it; a role-play case as its truth.

    The truth (public and both private parts) is what a worksheet edits and a workshop hands
    out of a role-play case (:func:`negotiation_lib.domain.roles.plain_document`).
    """
    loaded: dict[str, Any] = json.loads((CASES_DIR / f"{name}.json").read_text("utf-8"))
    return plain_document(loaded)


def raw_rows(store: Store, table: str) -> list[dict[str, Any]]:
    """Every row of one of the store's tables, read with plain SQL (past the store's API)."""
    assert table in TABLES, table
    with store.engine.connect() as conn:
        return [dict(row) for row in conn.execute(text(f"SELECT * FROM {table}")).mappings()]


def everything_stored(store: Store) -> str:
    """The text of every value in every table, to search for secrets kept in clear."""
    return "\n".join(
        " ".join(str(value) for value in row.values())
        for table in TABLES
        for row in raw_rows(store, table)
    )


def workshop_with(
    store: Store, *names: str, case: str = BLANK_CASE
) -> tuple[NewWorkshop, list[JoinedParticipant]]:
    """A new workshop handing out ``case`` and the participants ``names`` who joined it."""
    made = store.create_workshop("Key accounts, spring", [case])
    joined = [store.join(made.workshop.join_code, name) for name in names]
    return made, joined
