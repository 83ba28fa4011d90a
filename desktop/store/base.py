"""Declarative base and the columns every synced row carries (DESIGN.md, storage rules)."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone
from typing import TYPE_CHECKING, ClassVar

from sqlalchemy import Boolean, FromClause, Integer, MetaData, String, types
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Stable constraint names, so Alembic migrations on SQLite (batch mode) can address them.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_id() -> str:
    return str(uuid.uuid4())


# The text a timestamp column holds. The same as desktop.sync.protocol.TIMESTAMP_FORMAT, the
# wire's (the store may not import sync; tests/sync/test_timestamp_formats.py holds them equal).
STORED_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class UTCTimestamp(types.TypeDecorator):
    """A timezone-aware UTC datetime stored as ISO-8601 text ending in 'Z'.

    Text sorts correctly, reads the same in any SQLite tool, and survives the wire as is.
    """

    impl = String(32)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> str | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("updated_at must be timezone-aware (UTC)")
        return value.astimezone(timezone.utc).strftime(STORED_FORMAT)

    def process_result_value(self, value: str | None, dialect) -> datetime | None:
        if value is None:
            return None
        return datetime.strptime(value, STORED_FORMAT).replace(tzinfo=timezone.utc)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Synced:
    """Mixin of every row that goes to the province.

    `version`, `updated_at` and `origin` are stamped by the change-log hook
    (store/changelog.py) at flush time; callers never set them.
    Rows are never hard-deleted: `deleted` is the tombstone.
    """

    __synced__ = True
    if TYPE_CHECKING:  # set by each model (its Base); declared so code holding a Synced class may read it
        __tablename__: str
        __table__: ClassVar[FromClause]

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCTimestamp, nullable=False, default=utc_now)
    deleted: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    origin: Mapped[str] = mapped_column(String(36), nullable=False, default="")

    def refresh_derived(self) -> None:
        """Recompute stored derived columns (search text, sort key); models override."""


def is_synced(obj: object) -> bool:
    return getattr(type(obj), "__synced__", False)
