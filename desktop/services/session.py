"""Units of work over an open database, and what they changed (read from the change log)."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator, TypeVar

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desktop.domain.errors import ConflictError, NotFoundError
from desktop.store.base import Synced
from desktop.store.db import Database
from desktop.store.models import ChangeLog

T = TypeVar("T", bound=Synced)


def get_live(*, session: Session, model: type[T], row_id: str | None, what: str, field: str,
             options: tuple = ()) -> T:
    """The row with that id, unless it is missing or tombstoned: then a NotFoundError naming `what`."""
    row = session.get(model, row_id, options=list(options)) if row_id else None
    if row is None or row.deleted:
        raise NotFoundError(f"Không tìm thấy {what} (có thể đã bị xóa).", field=field)
    return row


@dataclass(frozen=True)
class Changes:
    """Which synced tables a unit of work wrote; the UI refreshes only pages showing them."""

    tables: frozenset[str]
    rows: int

    def touches(self, *tables: str) -> bool:
        return bool(self.tables.intersection(tables))


def last_position(*, session: Session) -> int:
    return session.scalar(select(func.coalesce(func.max(ChangeLog.position), 0))) or 0


def changes_since(*, session: Session, position: int) -> Changes:
    rows = session.execute(
        select(ChangeLog.table_name, func.count()).where(ChangeLog.position > position).group_by(ChangeLog.table_name)
    ).all()
    return Changes(frozenset(name for name, _ in rows), sum(n for _, n in rows))


@contextmanager
def transaction(db: Database) -> Iterator[Session]:
    """Commit on success, roll back on any error; constraint clashes become ConflictError."""
    session = db.session()
    try:
        yield session
        session.commit()
    except IntegrityError as exc:
        session.rollback()
        raise ConflictError(f"Dữ liệu trùng hoặc không khớp với dữ liệu đã có: {exc.orig}", code="integrity") from exc
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
