"""Alembic environment of the store: runs on the connection :mod:`negotiation_lib.store` hands in.

There is no ``alembic.ini``: :func:`negotiation_lib.store.migrate.upgrade` builds the
configuration and passes an open connection in ``config.attributes["connection"]``.
"""

from __future__ import annotations

from alembic import context

from negotiation_lib.store.tables import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
