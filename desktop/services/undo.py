"""Undo the last change (Ctrl+Z): a unit of work's rows put back as they were.

The writer runs a unit as
    with transaction(db) as session:
        journal = start_journal(session)
        result = fn(session, progress)
        session.flush()
        step = make_step(journal, label)
and keeps `step` (plain frozen data). `undo_step` later writes every row back in a new
unit: a row the step inserted is tombstoned; a row it changed or tombstoned gets its old
values as a NEW version, so sync sees an ordinary change and nothing is rewritten in place.
It refuses, writing nothing, when any of the rows changed after the step.

Steps that wrote signed paper (decisions, recognitions, certificates and their prints) are
not undoable: paper has its own reverse paths (thu hồi, cấp lại).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.errors import ConflictError
from desktop.domain.progress import Progress
from desktop.services.clashes import check_unique, flush_or_refuse
from desktop.services.session import Changes
from desktop.store.models import SYNCED_MODELS
from desktop.store.queries import chunks
from desktop.store.undo import Journal, active_journal, start_journal, stop_journal

__all__ = ["UndoRow", "UndoStep", "make_step", "start_journal", "undo_step", "PAPER_TABLES"]

PAPER_TABLES = frozenset({"recognition_decisions", "recognitions", "certificates", "certificate_prints"})
MODELS = {m.__tablename__: m for m in SYNCED_MODELS}


@dataclass(frozen=True, slots=True)
class UndoRow:
    table: str
    id: str
    version: int  # the row's version right after the step
    before: tuple | None  # its columns before the step, as UndoStep.columns_of(table); None: the step added it


@dataclass(frozen=True)
class UndoStep:
    label: str  # what the officer did, as the menu shows it: "Hoàn tác: <label>"
    rows: tuple[UndoRow, ...]
    columns: tuple[tuple[str, tuple[str, ...]], ...]  # (table, its column names)
    tables: frozenset[str]
    count: int  # rows the step wrote
    undoable: bool
    reason: str = ""  # why not, in Vietnamese; "" when undoable

    def columns_of(self, table: str) -> tuple[str, ...]:
        return dict(self.columns)[table]


def make_step(journal: Journal, label: str) -> UndoStep:
    """The step of the unit `journal` watched, up to its last flush; capture stops here."""
    session = journal.session
    session.flush()  # a change still pending belongs to the step
    if active_journal(session) is journal:
        stop_journal(session)
    tables = frozenset(journal.tables)
    paper = tables & PAPER_TABLES
    if paper:
        return UndoStep(label, (), (), tables, journal.count, False,
                        "Thao tác này đã ghi quyết định hoặc giấy công nhận nên không hoàn tác được; "
                        "hãy dùng chức năng thu hồi hoặc cấp lại.")
    if journal.overflow:
        return UndoStep(label, (), (), tables, journal.count, False,
                        f"Thao tác này ghi hơn {journal.limit:,} bản ghi nên không hoàn tác được.".replace(",", "."))
    if not journal.images:
        return UndoStep(label, (), (), tables, 0, False, "Thao tác này không thay đổi dữ liệu nào.")
    versions = _versions(session, journal.images)
    rows = tuple(UndoRow(table, row_id, versions[(table, row_id)], image)
                 for (table, row_id), image in journal.images.items())
    columns = tuple(sorted(journal.columns.items()))
    return UndoStep(label, rows, columns, tables, len(rows), True)


def _versions(session: Session, keys) -> dict[tuple[str, str], int]:
    by_table: dict[str, list[str]] = {}
    for table, row_id in keys:
        by_table.setdefault(table, []).append(row_id)
    found: dict[tuple[str, str], int] = {}
    connection = session.connection()
    for table, ids in by_table.items():
        sql_table = MODELS[table].__table__
        for chunk in chunks(ids):
            query = select(sql_table.c.id, sql_table.c.version).where(sql_table.c.id.in_(chunk))
            found.update(((table, i), v) for i, v in connection.execute(query))
    return found


def undo_step(*, session: Session, step: UndoStep, progress: Progress | None = None) -> Changes:
    """Put back every row of `step` in this unit of work; what was written, as Changes."""
    doing = f"Không hoàn tác được “{step.label}”"
    if not step.undoable:
        raise ConflictError(f"{doing}: {step.reason}", code="not_undoable")
    current = _versions(session, ((r.table, r.id) for r in step.rows))
    moved = [r for r in step.rows if current.get((r.table, r.id)) != r.version]
    if moved:
        raise ConflictError(f"{doing}: đã có thay đổi khác sau thao tác này ({len(moved)} bản ghi đã được sửa "
                            "hoặc đồng bộ từ máy khác). Hãy sửa trực tiếp.", code="changed_since")
    progress = progress or Progress()
    progress.start(len(step.rows), f"Đang hoàn tác: {step.label}…")
    targets = []  # (object, values to write)
    by_table: dict[str, list[UndoRow]] = {}
    for row in step.rows:
        by_table.setdefault(row.table, []).append(row)
    with session.no_autoflush:
        for table, rows in by_table.items():
            model = MODELS[table]
            names = step.columns_of(table) if any(r.before is not None for r in rows) else ()
            for some in chunks(rows):
                chunk = {r.id: r for r in some}
                for obj in session.scalars(select(model).where(model.id.in_(list(chunk)))):
                    row = chunk[obj.id]
                    values = {"deleted": True} if row.before is None else dict(zip(names, row.before, strict=True))
                    changed = {k: v for k, v in values.items() if getattr(obj, k) != v}
                    if changed:
                        targets.append((obj, changed))
                progress.advance(len(chunk))
    # Rows going away first, in a flush of their own: SQLite checks a unique index at each
    # statement, so a key (a household code) passes from a row the step added back to the
    # row the step had deleted only in that order.
    going = [(o, v) for o, v in targets if v.get("deleted", o.deleted)]
    coming = [(o, v) for o, v in targets if not v.get("deleted", o.deleted)]
    for batch in (going, coming):
        with session.no_autoflush:
            for obj, values in batch:
                for name, value in values.items():
                    setattr(obj, name, value)
            check_unique(session=session, objects=[o for o, _ in batch], doing=doing)
        flush_or_refuse(session=session, doing=doing)
    return Changes(frozenset(type(o).__tablename__ for o, _ in targets), len(targets))
