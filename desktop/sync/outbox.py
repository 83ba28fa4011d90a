"""Turning the change log into batches: read entries after the acknowledged position,
send the CURRENT version of each row they name, parents first, within rows and bytes.

The log names (table, row id, version) only. A row changed three times since the last
push is sent once, as it is now. A row whose parent has not reached the server yet (the
parent's first log entry lies after this batch, e.g. a citizen written before its
household in one transaction) brings that parent along, so the server can check every
reference; the parent's own entry later re-sends the same version, which changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from sqlalchemy import String, Table, func, select, type_coerce
from sqlalchemy.engine import Connection

from desktop.store.base import Base
from desktop.store.models import ChangeLog
from desktop.sync import protocol

CHUNK = 500  # ids per IN (…) query

TABLES: dict[str, Table] = {spec.name: Base.metadata.tables[spec.name] for spec in protocol.TABLES}
# Dates and timestamps are read as the text SQLite stores, which is their wire form: parsing
# them into Python objects only to format them again was most of the cost of a batch.
_AS_TEXT = ("date", "timestamp")
_COLUMNS = {spec.name: [type_coerce(TABLES[spec.name].c[c.name], String).label(c.name) if c.kind in _AS_TEXT
                        else TABLES[spec.name].c[c.name] for c in spec.columns] for spec in protocol.TABLES}


@dataclass(frozen=True)
class Entry:
    position: int
    table: str
    row_id: str
    version: int
    changed_at: str

    @property
    def fingerprint(self) -> tuple[int, str, str, int, str]:
        return self.position, self.table, self.row_id, self.version, self.changed_at


@dataclass(frozen=True)
class Outgoing:
    """A batch ready to send, and what the client needs to record its receipt."""

    body: dict
    entries: int  # change-log entries it covers
    keys: tuple[tuple[str, str], ...]  # (table, id) of every row sent
    size: int  # bytes of uncompressed JSON

    @property
    def batch_id(self) -> str:
        return self.body["batch_id"]

    @property
    def last(self) -> int:
        return self.body["last"]


def read_entries(conn: Connection, *, after: int, last: int | None = None, limit: int | None = None) -> list[Entry]:
    query = (select(ChangeLog.position, ChangeLog.table_name, ChangeLog.row_id, ChangeLog.version,
                    type_coerce(ChangeLog.changed_at, String))
             .where(ChangeLog.position > after).order_by(ChangeLog.position))
    if last is not None:
        query = query.where(ChangeLog.position <= last)
    if limit is not None:
        query = query.limit(limit)
    return [Entry(*row) for row in conn.execute(query)]


def pending_count(conn: Connection, after: int) -> int:
    return conn.scalar(select(func.count()).select_from(ChangeLog).where(ChangeLog.position > after)) or 0


def encode(table: str, row) -> dict:
    spec = protocol.TABLE_BY_NAME[table]
    mapping = row._mapping
    return {c.name: protocol.encode_value(c.kind, mapping[c.name]) for c in spec.columns}


def current_rows(conn: Connection, table: str, ids: Iterable[str]) -> dict[tuple[str, str], dict]:
    """The rows as they are now, encoded for the wire; ids with no row are left out."""
    model = TABLES[table]
    ids = sorted(set(ids))
    found = {}
    for start in range(0, len(ids), CHUNK):
        for row in conn.execute(select(*_COLUMNS[table]).where(model.c.id.in_(ids[start:start + CHUNK]))):
            found[(table, row.id)] = encode(table, row)
    return found


def _first_positions(conn: Connection, keys: set[tuple[str, str]]) -> dict[tuple[str, str], int]:
    first: dict[tuple[str, str], int] = {}
    for table in {t for t, _ in keys}:  # table and id together: the log's (table_name, row_id) index
        ids = sorted(i for t, i in keys if t == table)
        for start in range(0, len(ids), CHUNK):
            query = (select(ChangeLog.row_id, func.min(ChangeLog.position))
                     .where(ChangeLog.table_name == table, ChangeLog.row_id.in_(ids[start:start + CHUNK]))
                     .group_by(ChangeLog.row_id))
            first.update(((table, row_id), position) for row_id, position in conn.execute(query))
    return first


def add_late_parents(conn: Connection, rows: dict[tuple[str, str], dict], last: int) -> None:
    """Bring along every parent whose first log entry comes after `last` (recursively).
    A parent with no log entry at all came from a restore: the server has it already."""
    new = dict(rows)
    while new:
        wanted = {(c.references, row[c.name]) for (table, _), row in new.items()
                  for c in protocol.TABLE_BY_NAME[table].references
                  if c.references is not None and row.get(c.name) is not None
                  and (c.references, row[c.name]) not in rows}
        if not wanted:
            return
        late = {key for key, position in _first_positions(conn, wanted).items() if position > last}
        new = {}
        for table in {t for t, _ in late}:
            new.update(current_rows(conn, table, (i for t, i in late if t == table)))
        rows.update(new)


def make_body(rows: dict[tuple[str, str], dict], *, device_id: str, commune: str, schema: str, after: int,
              first: int, last: int, log_hash: str, repair: bool = False) -> tuple[dict, int]:
    """The batch as sent, and the size of its rows as JSON (what the byte bound limits)."""
    ordered = [{"table": table, "row": rows[(table, row_id)]}
               for table, row_id in sorted(rows, key=lambda k: (protocol.TABLE_ORDER[k[0]], k[1]))]
    encoded = protocol.canonical(ordered)
    payload = protocol.sha256(encoded)
    body = {"protocol": protocol.PROTOCOL, "device_id": device_id, "commune": commune, "schema": schema,
            "after": after, "first": first, "last": last, "repair": repair, "log_hash": log_hash,
            "payload_hash": payload, "batch_id": protocol.batch_id(device_id, first, last, schema, payload),
            "rows": ordered}
    return body, len(encoded)


def with_fork(body: dict, fork: dict | None) -> dict:
    """The batch, telling the server where this copy of the file went on from, if it is one
    (outside the batch id: the same rows are the same batch)."""
    return body | {"fork": fork} if fork else body


def next_batch(conn: Connection, *, after: int, device_id: str, commune: str, schema: str, max_rows: int,
               max_bytes: int) -> Outgoing | None:
    """The batch that continues the log after `after`, or None when nothing is pending.
    Deterministic: the same log and rows give the same batch id, so a re-send is recognised."""
    entries = read_entries(conn, after=after, limit=max_rows)
    while entries:
        last = entries[-1].position
        rows: dict[tuple[str, str], dict] = {}
        for table in {e.table for e in entries}:
            rows.update(current_rows(conn, table, (e.row_id for e in entries if e.table == table)))
        add_late_parents(conn, rows, last)
        body, size = make_body(rows, device_id=device_id, commune=commune, schema=schema, after=after,
                               first=entries[0].position, last=last,
                               log_hash=protocol.log_hash(e.fingerprint for e in entries))
        if size <= max_bytes or len(entries) == 1:
            return Outgoing(body, len(entries), tuple(rows), size)
        # Too big: keep the share of entries that should fit, with a margin.
        entries = entries[:max(1, int(len(entries) * max_bytes / size * 0.9))]
    return None


def repair_batches(conn: Connection, keys: list[tuple[str, str]], *, position: int, device_id: str, commune: str,
                   schema: str, max_rows: int) -> Iterable[Outgoing]:
    """Rows the server lacks, re-sent outside the log's order (parents' tables first)."""
    keys = sorted(keys, key=lambda k: (protocol.TABLE_ORDER[k[0]], k[1]))
    for start in range(0, len(keys), max_rows):
        chunk = keys[start:start + max_rows]
        rows: dict[tuple[str, str], dict] = {}
        for table in {t for t, _ in chunk}:
            rows.update(current_rows(conn, table, (i for t, i in chunk if t == table)))
        body, size = make_body(rows, device_id=device_id, commune=commune, schema=schema, after=position,
                               first=position, last=position, log_hash=protocol.log_hash(()), repair=True)
        yield Outgoing(body, 0, tuple(rows), size)
