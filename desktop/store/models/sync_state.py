"""What sync keeps on this PC only (never synced): rows the province refused, and the
province's announcements."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.store.base import Base, UTCTimestamp


class SyncQuarantine(Base):
    """A row the server rejected, with its reason; it stays until the server takes it."""

    __tablename__ = "sync_quarantine"

    table_name: Mapped[str] = mapped_column(String(40), primary_key=True)
    row_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    version: Mapped[int | None] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(30), nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    quarantined_at: Mapped[datetime] = mapped_column(UTCTimestamp, nullable=False)


class ProvinceAnnouncement(Base):
    __tablename__ = "province_announcements"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False)
    published_at: Mapped[datetime | None] = mapped_column(UTCTimestamp)
