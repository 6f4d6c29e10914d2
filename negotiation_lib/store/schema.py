"""The store's schema revision: which migration a database is at, and bringing it up to date.

The migrations themselves live in ``negotiation_lib/store/migrations`` (Alembic); this module
only reads the revision a database is at and applies the pending ones.

Every page's kernel opens the store, nearly always on a database already at the newest
revision: that check reads the ``alembic_version`` table with one query and takes the newest
revision from the migration files' names (``0002_workshop_closed.py`` is revision ``0002``), so
Alembic (and its templates) are imported only when there is something to migrate. A test
holds the names to the revisions Alembic reads from the files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError

from negotiation_lib.store.config import redacted
from negotiation_lib.store.engine import StoreBase, StoreUnavailableError

__all__ = ["SchemaMixin"]

_MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_VERSION_TABLE = "alembic_version"


def migration_files() -> dict[str, Path]:
    """The migration files by revision: ``NNNN_what_it_does.py`` is revision ``NNNN``."""
    return {
        path.name.split("_", 1)[0]: path for path in (_MIGRATIONS / "versions").glob("[0-9]*_*.py")
    }


def _alembic_config(connection: Any) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    config.set_main_option("path_separator", "os")
    config.attributes["connection"] = connection
    return config


class SchemaMixin(StoreBase):
    """The schema revision of the store's database, and its upgrade."""

    def head_revision(self) -> str | None:
        """The newest migration this version of the workbook knows."""
        return max(migration_files(), default=None)

    def _knows(self, revision: str) -> bool:
        return revision in migration_files()

    def current_revision(self) -> str | None:
        """The migration the database is at (``None`` for an empty database)."""
        try:
            with self.engine.connect() as conn:
                if not inspect(conn).has_table(_VERSION_TABLE):
                    return None
                rows = conn.execute(text(f"SELECT version_num FROM {_VERSION_TABLE}")).all()
                return str(rows[0][0]) if rows else None
        except OperationalError as err:
            raise StoreUnavailableError(
                f"The workshop store at {redacted(self.url)} cannot be reached: {err.orig}"
            ) from err

    def upgrade(self) -> str | None:
        """Apply every pending migration; return the revision reached.

        Several processes may start at once on a new database: one creates the tables, the
        others find them created.
        """
        from alembic import command

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
