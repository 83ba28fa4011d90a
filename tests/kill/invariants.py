"""What must hold after any kill: on the commune's file (intact, every row logged, nothing
half written) and between the province and the commune (nothing lost, nothing doubled)."""

from __future__ import annotations

import sqlite3
from collections import Counter
from itertools import pairwise
from pathlib import Path

from sqlalchemy import func, select

from desktop.sync import outbox, protocol, state
from province.models import Batch, RowCount, StoredRow


def check_commune_file(path: Path) -> dict[str, int]:
    """SQLite's own check, the foreign keys, and the change log against the rows (DESIGN.md:
    every change of a synced row writes its log entry in the same transaction). Returns the
    row count of every synced table."""
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        counts = {}
        for table in outbox.TABLES:
            rows = dict(conn.execute(f"SELECT id, version FROM {table}"))
            logged = dict(conn.execute("SELECT row_id, max(version) FROM change_log WHERE table_name = ? "
                                       "GROUP BY row_id", (table,)))
            assert rows == logged, (f"{table}: rows without their log entry at their version "
                                    f"{sorted(set(rows.items()) - set(logged.items()))[:5]}, log entries "
                                    f"without their row {sorted(set(logged.items()) - set(rows.items()))[:5]}")
            counts[table] = len(rows)
        # A household is written whole: its members, and the head among them.
        broken = conn.execute("SELECT count(*) FROM households h WHERE NOT EXISTS (SELECT 1 FROM citizens c "
                              "WHERE c.household_id = h.id) OR (h.head_id IS NOT NULL AND NOT EXISTS "
                              "(SELECT 1 FROM citizens c WHERE c.id = h.head_id AND c.household_id = h.id))"
                              ).fetchone()[0]
        assert broken == 0, f"{broken} households written without their members"
    conn.close()
    return counts


def check_province_counts(province) -> None:
    """What holds on the province at any moment, finished or not: each device's batches
    chain its log once (no stretch applied twice), and the counts it keeps per commune and
    table are the rows it holds (no row counted twice)."""
    store = province.store()
    try:
        with store.session() as session:
            # One snapshot for every query below: the server may still be applying the batch
            # whose sender was killed, and under PostgreSQL's default READ COMMITTED each query
            # would see its own moment (rows before the commit, counts after).
            if session.get_bind().dialect.name == "postgresql":
                session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
            chains: dict[str, list[Batch]] = {}
            for batch in session.scalars(select(Batch).where(Batch.repair.is_(False)).order_by(Batch.after)):
                chains.setdefault(batch.device_id, []).append(batch)
            for chain in chains.values():
                assert chain[0].after == 0
                for before, after in pairwise(chain):
                    assert after.after == before.last, "a stretch of the log applied twice or skipped"
            held = Counter((r.commune_code, r.table_name, r.deleted) for r in session.scalars(select(StoredRow)))
            counted = {(c.commune_code, c.table_name): (c.live, c.total) for c in session.scalars(select(RowCount))}
            expected = {(commune, table): (held[(commune, table, False)],
                                           held[(commune, table, False)] + held[(commune, table, True)])
                        for commune, table, _ in held}
            assert {k: v for k, v in counted.items() if v != (0, 0)} == expected, \
                "the province counted rows twice or missed some"
    finally:
        store.close()


def check_province_holds_the_commune(province, db) -> None:
    """Field by field, the province's copy of every row is the commune's row as it is now
    (nothing lost, nothing stale, nothing extra), and the province applied this PC's log up
    to where the PC believes it did."""
    check_province_counts(province)
    with db.engine.connect() as conn:
        local = {}
        for table, model in outbox.TABLES.items():
            ids = [i for (i,) in conn.execute(select(model.c.id))]
            local.update(outbox.current_rows(conn, table, ids))
    store = province.store()
    try:
        with store.session() as session:
            held = {(r.table_name, r.row_id): r for r in session.scalars(
                select(StoredRow).where(StoredRow.commune_code == db.commune_code))}
            lost = sorted(set(local) - set(held))
            extra = sorted(set(held) - set(local))
            assert not lost and not extra, f"lost on the province: {lost[:5]}; held but not here: {extra[:5]}"
            differing = [key for key, row in local.items() if held[key].data != row
                         or held[key].version != row["version"] or held[key].deleted != row["deleted"]]
            assert not differing, [(key, _diff(local[key], held[key].data)) for key in differing[:3]]
            assert all(held[key].row_hash == protocol.row_hash(row) for key, row in local.items())
            last = session.scalar(select(func.max(Batch.last)).where(Batch.device_id == db.device_id,
                                                                      Batch.repair.is_(False)))
    finally:
        store.close()
    with db.session() as session:
        assert state.read(session).acked == last, "this PC and the province disagree on how far it got"


def _diff(mine: dict, theirs: dict) -> dict:
    return {k: (mine.get(k), theirs.get(k)) for k in set(mine) | set(theirs) if mine.get(k) != theirs.get(k)}
