"""What the sync tests compare: every synced row here against the server's copy."""

from __future__ import annotations

from sqlalchemy import select

from desktop.sync import outbox


def local_rows(db) -> dict[tuple[str, str], int]:
    """(table, id) → version of every synced row of the commune database."""
    found = {}
    with db.engine.connect() as conn:
        for name, table in outbox.TABLES.items():
            found.update({(name, i): v for i, v in conn.execute(select(table.c.id, table.c.version))})
    return found


def change_log_size(db) -> int:
    with db.engine.connect() as conn:
        return conn.exec_driver_sql("SELECT count(*) FROM change_log").scalar()
