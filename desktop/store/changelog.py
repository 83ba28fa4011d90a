"""The transactional outbox: one change-log row per write of a synced row.

Written here, from one pair of session hooks, and nowhere else. `before_flush` stamps
each new or changed synced object (id, version, updated_at, origin, derived columns)
and notes a log entry; `after_flush` inserts those entries with one executemany on the
flush's own connection, so they commit or roll back with the rows they describe.
When a unit of work keeps an undo journal (store/undo.py), the same hooks hand it each
row they stamp, before it is written.
"""

from __future__ import annotations

from sqlalchemy import String, event, insert
from sqlalchemy.orm import Session

from desktop.domain.errors import StorageError, ValidationError
from desktop.store.base import is_synced, new_id, utc_now
from desktop.store.models.local import ChangeLog
from desktop.store.undo import active_journal

DEVICE_KEY = "device_id"
_PENDING = "_xhht_pending_changes"
# Widths not held to here: derived from checked columns (names, sort and search keys), or
# given by a criteria set, whose reader allows 40 where the column says 30 (SQLite keeps both).
_UNCHECKED_WIDTHS = frozenset({"full_name", "sort_key", "search_text", "level"})


def _device_of(session: Session) -> str:
    device = session.info.get(DEVICE_KEY)
    if not device:
        raise StorageError(
            "Phiên làm việc chưa gắn với máy (device id): hãy mở cơ sở dữ liệu bằng store.db.open_database.",
            code="no_device",
        )
    return device


@event.listens_for(Session, "before_flush")
def _stamp_synced_rows(session: Session, flush_context, instances) -> None:
    pending: list[dict] = []
    session.info[_PENDING] = pending
    device = None
    now = utc_now()
    journal = active_journal(session)
    changed = []

    for obj in session.deleted:
        if is_synced(obj):
            raise StorageError(
                f"Không được xóa hẳn bản ghi {type(obj).__tablename__}: hãy đánh dấu đã xóa.",
                code="hard_delete",
            )

    for obj in session.new:
        if not is_synced(obj):
            continue
        device = device or _device_of(session)
        if obj.id is None:
            obj.id = new_id()
        obj.version = 1
        obj.updated_at = now
        obj.origin = device
        obj.refresh_derived()
        _check_widths(obj)
        pending.append(_entry(obj, device, "delete" if obj.deleted else "insert", now))
        if journal is not None:
            journal.note_inserted(type(obj).__tablename__, (obj.id,))

    for obj in session.dirty:
        if not is_synced(obj) or not session.is_modified(obj, include_collections=False):
            continue
        device = device or _device_of(session)
        tombstoned = _became_deleted(obj)
        obj.version = (obj.version or 0) + 1
        obj.updated_at = now
        obj.origin = device
        obj.refresh_derived()
        _check_widths(obj)
        pending.append(_entry(obj, device, "delete" if tombstoned else "update", now))
        changed.append(obj)
    if journal is not None and changed:
        journal.note_changed(session.connection(), changed)  # the rows as the database still has them


def _check_widths(obj) -> None:
    """A text wider than its column is refused here rather than by the province at the next
    sync (the wire protocol holds every synced column to the same width)."""
    for column in type(obj).__table__.columns:
        width = column.type.length if isinstance(column.type, String) else None
        value = getattr(obj, column.key, None)
        if width and isinstance(value, str) and len(value) > width and column.name not in _UNCHECKED_WIDTHS:
            raise ValidationError(f"dài quá {width} ký tự (đang có {len(value)}); hãy viết ngắn lại.",
                                  code="too_long", field=column.name)


def _became_deleted(obj) -> bool:
    from sqlalchemy import inspect

    history = inspect(obj).attrs.deleted.history
    return bool(obj.deleted) and bool(history.deleted) and not history.deleted[0]


def _entry(obj, device: str, op: str, now) -> dict:
    return {
        "device_id": device,
        "table_name": type(obj).__tablename__,
        "row_id": obj.id,
        "version": obj.version,
        "op": op,
        "changed_at": now,
    }


@event.listens_for(Session, "after_flush")
def _write_change_log(session: Session, flush_context) -> None:
    pending = session.info.pop(_PENDING, None)
    if pending:
        session.connection().execute(insert(ChangeLog), pending)


@event.listens_for(Session, "do_orm_execute")
def _stamp_bulk_inserts(state) -> object | None:
    """`session.execute(insert(Model), [rows…])` for a synced model: the same stamps and log
    entries as a flush, for writers of tens of thousands of new rows (an evaluated year).

    Only for models without derived columns: their values would be skipped here. Updates
    and deletes stay on the unit of work (bulk ones are refused).
    """
    if not state.is_orm_statement or not (state.is_insert or state.is_update or state.is_delete):
        return None
    mapper = state.bind_mapper
    model = mapper.class_ if mapper is not None else None
    if model is None or not getattr(model, "__synced__", False):
        return None
    if not state.is_insert or not state.is_executemany:
        raise StorageError(f"Bảng {model.__tablename__} chỉ được ghi từng bản ghi qua phiên làm việc "
                           "(để nhật ký đồng bộ đủ).", code="bulk_write")
    if "refresh_derived" in model.__dict__:
        raise StorageError(f"Bảng {model.__tablename__} có cột suy ra; không ghi hàng loạt được.",
                           code="bulk_write")
    session = state.session
    device = _device_of(session)
    now = utc_now()
    rows = []
    entries = []
    for params in state.parameters:
        row = dict(params)
        row["id"] = row.get("id") or new_id()
        row.update(version=1, updated_at=now, origin=device)
        row.setdefault("deleted", False)
        rows.append(row)
        entries.append({"device_id": device, "table_name": model.__tablename__, "row_id": row["id"], "version": 1,
                        "op": "delete" if row["deleted"] else "insert", "changed_at": now})
    # Core on the table: the ORM's bulk path spends most of its time per row on mapping.
    connection = session.connection()
    result = connection.execute(insert(model.__table__), rows)
    connection.execute(insert(ChangeLog), entries)
    journal = active_journal(session)
    if journal is not None:
        journal.note_inserted(model.__tablename__, (row["id"] for row in rows))
    return result
