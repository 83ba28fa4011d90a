"""Alembic environment: the program passes its own connection (see store/migrate.py)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

import desktop.store.models  # noqa: F401  (registers every table on Base.metadata)
from desktop.store.base import Base
from desktop.store.migrate import include_object

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        # `alembic` on the command line (making a new revision): use the URL given.
        url = config.get_main_option("sqlalchemy.url")
        if url is None:
            raise SystemExit("alembic: sqlalchemy.url is not set (alembic.ini or -x).")
        engine = create_engine(url)
        with engine.begin() as conn:
            _run(conn)
        return
    _run(connection)


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies tables
        compare_type=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("Offline (SQL script) migrations are not used by XHHT.")
run_migrations_online()
