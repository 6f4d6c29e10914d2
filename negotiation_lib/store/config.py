"""Where the store lives: a SQLite file in a data directory, or a PostgreSQL URL.

The embedded default is one SQLite file in the user's data directory, never inside the folder
Voila serves, so that no URL can fetch it. ``NEGOTIATION_WORKBOOK_DATA`` moves that directory;
``NEGOTIATION_WORKBOOK_DB`` names any SQLAlchemy URL instead (a workshop of many rooms uses
``postgresql+psycopg://user:password@host/dbname``). ``NEGOTIATION_WORKBOOK_DB_UPGRADE=off``
keeps pages from upgrading the schema themselves: a deployment with many servers on one store
(JupyterHub) upgrades it once, with ``negotiation-workbook db upgrade``, before anyone joins.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy.engine import make_url

__all__ = [
    "DATA_ENV",
    "DB_ENV",
    "SQLITE_NAME",
    "UPGRADE_ENV",
    "data_dir",
    "database_url",
    "redacted",
    "sqlite_path",
    "upgrades_allowed",
]

DB_ENV = "NEGOTIATION_WORKBOOK_DB"
DATA_ENV = "NEGOTIATION_WORKBOOK_DATA"
UPGRADE_ENV = "NEGOTIATION_WORKBOOK_DB_UPGRADE"
SQLITE_NAME = "workbook.sqlite3"


def data_dir() -> Path:
    """The directory of the embedded store.

    ``$NEGOTIATION_WORKBOOK_DATA`` when set, otherwise ``$XDG_DATA_HOME/negotiation-workbook``
    (``~/.local/share/negotiation-workbook`` by default).
    """
    explicit = os.environ.get(DATA_ENV)
    if explicit:
        return Path(explicit).expanduser().resolve()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return (Path(base) / "negotiation-workbook").resolve()


def database_url() -> str:
    """The store's SQLAlchemy URL: ``$NEGOTIATION_WORKBOOK_DB`` or the embedded SQLite file."""
    explicit = os.environ.get(DB_ENV)
    if explicit:
        return explicit
    return f"sqlite:///{data_dir() / SQLITE_NAME}"


def upgrades_allowed() -> bool:
    """Whether opening the store may upgrade its schema (``$NEGOTIATION_WORKBOOK_DB_UPGRADE``).

    Yes unless the variable says ``off`` (or ``0``, ``no``, ``false``): one server on its own
    store upgrades it as it starts; under a hub, hundreds of servers open one store and the
    schema is upgraded once, before any of them starts.
    """
    value = os.environ.get(UPGRADE_ENV, "").strip().lower()
    return value not in ("off", "0", "no", "false")


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL (``None`` for other databases or an in-memory one)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:":
        return None
    return Path(parsed.database).expanduser().resolve()


def redacted(url: str) -> str:
    """The URL with its password hidden, for messages and logs.

    Examples
    --------
    >>> redacted("postgresql+psycopg://ws:secret@db/workbook")
    'postgresql+psycopg://ws:***@db/workbook'
    """
    return make_url(url).render_as_string(hide_password=True)
