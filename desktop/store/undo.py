"""Before-images of the synced rows one unit of work writes, so the whole unit can be undone.

`start_journal(session)` turns capture on; the change-log hooks (store/changelog.py) then
report every synced row they stamp. A new row is noted as "was not there" (image None); a
changed or tombstoned row as its columns read back from the database at its first flush in
the unit, i.e. before the unit touched it. Later flushes of the same row keep that first
image. Reading the row back, rather than the ORM's attribute history, gives every column
even when an attribute was expired or never loaded, and is right for a relationship that
sets its key during the flush itself (Household.head, post_update).

The journal holds at most `limit` rows: past that it drops its images (memory) and only
remembers how many rows and which tables the unit wrote.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from desktop.store.queries import chunks

JOURNAL_KEY = "_xhht_undo_journal"
# Measured on a demo commune of 2,000 households (tracemalloc, 7,206 citizens changed in one
# unit): the images cost ~0.7 kB a citizen, the flush 1.10 -> 1.13 s; undoing 7,141 new
# evaluations took 1.3 s. So 50,000 rows hold ~40 MB with their step, and undo in ~10 s.
MAX_ROWS = 50_000
# Not kept: the change-log hook writes these on every write (an undo is a new version), and
# a model's derived columns (`__derived__`) follow from the others (refresh_derived).
STAMPED = frozenset({"id", "version", "updated_at", "origin"})


@dataclass
class Journal:
    session: Session
    limit: int = MAX_ROWS
    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)  # table -> column names, table order
    images: dict[tuple[str, str], tuple | None] = field(default_factory=dict)  # (table, id) -> before; None: new
    tables: set[str] = field(default_factory=set)
    count: int = 0
    overflow: bool = False
    active: bool = True
    _texts: dict[str, str] = field(default_factory=dict, repr=False)

    def note_inserted(self, table: str, ids) -> None:
        self.tables.add(table)
        for row_id in ids:
            self._keep(table, row_id, None)

    def note_changed(self, connection: Connection, rows: list) -> None:
        """`rows`: persistent synced objects about to be flushed with changes."""
        wanted: dict[type[Any], list[str]] = {}
        for obj in rows:
            table = type(obj).__tablename__
            self.tables.add(table)
            if self.overflow:
                self.count += 1
            elif (table, obj.id) not in self.images:
                wanted.setdefault(type(obj), []).append(obj.id)
        for model, ids in wanted.items():
            sql_table = model.__table__
            names = self.columns.get(model.__tablename__)
            if names is None:
                skip = STAMPED | set(getattr(model, "__derived__", ()))
                names = self.columns[model.__tablename__] = tuple(n for n in sql_table.columns.keys() if n not in skip)
            query = select(sql_table.c.id, *(sql_table.c[n] for n in names))
            for chunk in chunks(ids):
                for row_id, *values in connection.execute(query.where(sql_table.c.id.in_(chunk))):
                    self._keep(model.__tablename__, row_id, tuple(self._shared(v) for v in values))

    def _shared(self, value):
        """One object per distinct short text: rows repeat codes ("resident", "01"), ids of parents."""
        if isinstance(value, str) and len(value) <= 40:
            return self._texts.setdefault(value, value)
        return value

    def _keep(self, table: str, row_id: str, image: tuple | None) -> None:
        if self.overflow:
            self.count += 1
            return
        key = (table, row_id)
        if key in self.images:  # first capture wins
            return
        self.images[key] = image
        self.count = len(self.images)
        if self.count > self.limit:
            self.overflow = True
            self.images.clear()  # too big to undo: give the memory back now


def start_journal(session: Session, *, limit: int = MAX_ROWS) -> Journal:
    """Capture the before-image of every synced row this session writes from now on."""
    journal = Journal(session, limit)
    session.info[JOURNAL_KEY] = journal
    return journal


def stop_journal(session: Session) -> None:
    journal = session.info.pop(JOURNAL_KEY, None)
    if journal is not None:
        journal.active = False


def active_journal(session: Session) -> Journal | None:
    return session.info.get(JOURNAL_KEY)
