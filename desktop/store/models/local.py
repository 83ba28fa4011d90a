"""Tables that stay on this PC: settings and the change log (outbox) itself."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop.store.base import Base, UTCTimestamp


class LocalSetting(Base):
    """Key/value facts of this database: commune code, device id, reference data version."""

    __tablename__ = "local_settings"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(String(400), nullable=False)


class ChangeLog(Base):
    """One row per insert/update/tombstone of a synced row, written by the session hook.

    `position` is AUTOINCREMENT: strictly increasing and never reused, even after the
    newest rows are removed, so it is a safe resume point for sync.
    """

    __tablename__ = "change_log"
    __table_args__ = (
        Index("ix_change_log_row", "table_name", "row_id"),
        {"sqlite_autoincrement": True},
    )

    position: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    device_id: Mapped[str] = mapped_column(String(36), nullable=False)
    table_name: Mapped[str] = mapped_column(String(40), nullable=False)
    row_id: Mapped[str] = mapped_column(String(36), nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    op: Mapped[str] = mapped_column(String(6), nullable=False)  # insert / update / delete
    changed_at: Mapped[datetime] = mapped_column(UTCTimestamp, nullable=False)
