"""The store's schema revision: which migration a database is at, and bringing it up to date.

The migrations themselves live in ``negotiation_lib/store/migrations`` (Alembic); this module
only reads the revision a database is at and applies the pending ones.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError

from negotiation_lib.store.config import redacted
from negotiation_lib.store.engine import StoreBase, StoreUnavailableError

__all__ = ["SchemaMixin"]

_MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def _alembic_config(connection: Any) -> Config:
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    config.set_main_option("path_separator", "os")
    config.attributes["connection"] = connection
    return config


class SchemaMixin(StoreBase):
    """The schema revision of the store's database, and its upgrade."""

    def head_revision(self) -> str | None:
        """The newest migration this version of the workbook knows."""
        return ScriptDirectory.from_config(_alembic_config(None)).get_current_head()

    def _knows(self, revision: str) -> bool:
        script = ScriptDirectory.from_config(_alembic_config(None))
        return any(r.revision == revision for r in script.walk_revisions())

    def current_revision(self) -> str | None:
        """The migration the database is at (``None`` for an empty database)."""
        try:
            with self.engine.connect() as conn:
                return MigrationContext.configure(conn).get_current_revision()
        except OperationalError as err:
            raise StoreUnavailableError(
                f"The workshop store at {redacted(self.url)} cannot be reached: {err.orig}"
            ) from err

    def upgrade(self) -> str | None:
        """Apply every pending migration; return the revision reached.

        Several processes may start at once on a new database: one creates the tables, the
        others find them created.
        """
        try:
            with self.engine.execution_options(write=True).begin() as conn:
                command.upgrade(_alembic_config(conn), "head")
        except (OperationalError, IntegrityError):
            if self.current_revision() != self.head_revision():
                raise
        except SQLAlchemyError:
            if self.current_revision() != self.head_revision():
                raise
        return self.current_revision()
