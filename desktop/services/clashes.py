"""Rows about to come back (undo, restore from the trash) checked against the unique indexes.

Household codes, identity numbers, a household's clan membership… are unique among live
rows only (partial unique indexes, `WHERE deleted = 0`), so a tombstone brought back can
clash with a row entered since. Checked before the flush, to say in Vietnamese which value
clashes with whom instead of surfacing SQLite's IntegrityError.
"""

from __future__ import annotations

import re
from typing import Any, Iterable

from sqlalchemy import and_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desktop.domain.errors import ConflictError
from desktop.store.models import Citizen, Household
from desktop.sync.protocol import TABLE_LABELS

_CHUNK = 400
_TERM = re.compile(r"^\s*(\w+)\s+(= 0|IS NULL|IS NOT NULL)\s*$", re.IGNORECASE)


def _in_index(obj, where) -> bool:
    """Whether the row, with the values it is about to get, falls under a partial index."""
    if where is None:
        return True
    for term in str(where).split(" AND "):
        match = _TERM.match(term)
        if match is None:
            continue  # a condition not understood here: assume it holds (the flush still checks)
        value = getattr(obj, match[1], None)
        test = match[2].upper()
        if (test == "= 0" and value) or (test == "IS NULL" and value is not None) or (
                test == "IS NOT NULL" and value is None):
            return False
    return True


def _message(table: str, columns: list[str], key: tuple, other_id: str,
             session: Session) -> tuple[str, str, str | None]:
    """(detail, code, field) naming what clashes, as the officer knows it."""
    if table == Household.__tablename__:
        return (f"mã hộ {key[0]} đang được dùng cho một hộ khác; hãy đổi mã của hộ đó trước.", "duplicate_code",
                "household_code")
    if table == Citizen.__tablename__:
        name = session.scalar(select(Citizen.full_name).where(Citizen.id == other_id)) or "người khác"
        return (f"số định danh {key[0]} đang là của {name}; hãy kiểm tra và sửa số của một trong hai người trước.",
                "duplicate_identity", "identity_number")
    label = TABLE_LABELS.get(table, table)
    return f"{label.lower()} trùng với một bản ghi đang có ({', '.join(columns)}).", "duplicate", None


def check_unique(*, session: Session, objects: Iterable, doing: str) -> None:
    """Refuse (ConflictError, "`doing`: …") if a live row among `objects` would share a unique
    key with another live row, outside `objects` or among them. Call under no_autoflush, with
    the objects holding the values they are about to be flushed with."""
    by_model: dict[type[Any], list] = {}
    for obj in objects:
        by_model.setdefault(type(obj), []).append(obj)
    for model, rows in by_model.items():
        table = model.__table__
        own = {o.id for o in rows}
        for index in table.indexes:
            if not index.unique:
                continue
            where = index.dialect_options["sqlite"].get("where")
            columns = [c.name for c in index.columns]
            keys: dict[tuple, str] = {}
            for obj in rows:
                key = tuple(getattr(obj, c) for c in columns)
                if any(v is None for v in key) or not _in_index(obj, where):
                    continue
                if key in keys:
                    _refuse(session, table.name, columns, key, keys[key], doing)
                keys[key] = obj.id
            if not keys:
                continue
            first = table.c[columns[0]]
            values = sorted({k[0] for k in keys})
            for start in range(0, len(values), _CHUNK):
                query = select(table.c.id, *(table.c[c] for c in columns)).where(
                    first.in_(values[start:start + _CHUNK]))
                if where is not None:
                    query = query.where(and_(where))
                for other_id, *other_key in session.execute(query):
                    if other_id not in own and tuple(other_key) in keys:
                        _refuse(session, table.name, columns, tuple(other_key), other_id, doing)


def _refuse(session: Session, table: str, columns: list[str], key: tuple, other_id: str, doing: str) -> None:
    detail, code, field = _message(table, columns, key, other_id, session)
    raise ConflictError(f"{doing}: {detail}", code=code, field=field)


def flush_or_refuse(*, session: Session, doing: str) -> None:
    """Flush; a clash the checks above missed (keys swapped inside one step) still reads Vietnamese."""
    try:
        session.flush()
    except IntegrityError as exc:
        raise ConflictError(f"{doing}: dữ liệu trùng hoặc không khớp với dữ liệu đang có ({exc.orig}).",
                            code="integrity") from exc
