"""The province database: communes and their devices, the rows they pushed, every batch
receipt, and the reference data published to them. Same models on SQLite and PostgreSQL.

Rows are kept as received (`StoredRow.data`, one JSON object per row, latest version,
tombstones included) rather than in one table per commune table: the server stays valid
for clients one schema revision behind or ahead, and the protocol description
(desktop.sync.protocol) is what checks their shape.
"""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, MetaData, String, types
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from desktop.sync.protocol import TIMESTAMP_FORMAT

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
# JSONB on PostgreSQL: indexable, and `->>` reads a field without re-parsing text.
Document = JSON().with_variant(JSONB(), "postgresql")


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class UTCText(types.TypeDecorator):
    """An aware UTC datetime stored as ISO text ending in 'Z': sorts and reads the same on
    SQLite and PostgreSQL, and is what the commune program writes too."""

    impl = String(32)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> str | None:
        if value is None:
            return None
        return value.astimezone(timezone.utc).strftime(TIMESTAMP_FORMAT)

    def process_result_value(self, value: str | None, dialect) -> datetime | None:
        if value is None:
            return None
        return datetime.strptime(value, TIMESTAMP_FORMAT).replace(tzinfo=timezone.utc)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Commune(Base):
    """A commune the province enrolled, with its sync status."""

    __tablename__ = "communes"

    code: Mapped[str] = mapped_column(String(5), primary_key=True)
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    province_name: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    created_at: Mapped[datetime] = mapped_column(UTCText, nullable=False, default=utc_now)
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCText)
    last_batch_id: Mapped[str | None] = mapped_column(String(64))
    last_batch_at: Mapped[datetime | None] = mapped_column(UTCText)


class OneTimeCode:
    """A code the province hands to a commune, typed once on a PC; only its hash is kept."""

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    commune_code: Mapped[str] = mapped_column(ForeignKey("communes.code"), nullable=False, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCText, nullable=False, default=utc_now)
    expires_at: Mapped[datetime] = mapped_column(UTCText, nullable=False)
    used_at: Mapped[datetime | None] = mapped_column(UTCText)
    used_by: Mapped[str | None] = mapped_column(String(36))


class EnrolmentCode(OneTimeCode, Base):
    """A one-time code for a PC of the commune to enrol with."""

    __tablename__ = "enrolment_codes"


class Device(Base):
    """An enrolled commune PC: its token (hashed) may write rows of its commune only."""

    __tablename__ = "devices"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # the device id it enrolled with
    commune_code: Mapped[str] = mapped_column(ForeignKey("communes.code"), nullable=False, index=True)
    token_hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    enrolled_at: Mapped[datetime] = mapped_column(UTCText, nullable=False, default=utc_now)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCText)
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCText)
    client_version: Mapped[str] = mapped_column(String(20), nullable=False, default="")
    # The current token (token_hash) expires; the server renews it while the device syncs.
    token_issued_at: Mapped[datetime] = mapped_column(UTCText, nullable=False, default=utc_now)
    token_expires_at: Mapped[datetime] = mapped_column(UTCText, nullable=False)
    enrolled_with: Mapped[str | None] = mapped_column(String(64))  # hash of the code of the last enrolment


class PreviousToken(Base):
    """A token replaced by a renewal, still accepted until `valid_until` so that a PC whose
    answer carrying the new token was lost is not locked out."""

    __tablename__ = "previous_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"), nullable=False, index=True)
    replaced_at: Mapped[datetime] = mapped_column(UTCText, nullable=False)
    valid_until: Mapped[datetime] = mapped_column(UTCText, nullable=False)


class EnrolmentFailure(Base):
    """A refused enrolment try, kept in the database so every server worker counts it."""

    __tablename__ = "enrolment_failures"
    __table_args__ = (Index("ix_enrolment_failures_key_at", "key", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(80), nullable=False)  # "address:…" or "commune:…"
    at: Mapped[datetime] = mapped_column(UTCText, nullable=False)
    reason: Mapped[str] = mapped_column(String(40), nullable=False)


class EnrolmentLock(Base):
    """Enrolment refused from a client address or for a commune until `locked_until`."""

    __tablename__ = "enrolment_locks"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    locked_until: Mapped[datetime] = mapped_column(UTCText, nullable=False)
    failures: Mapped[int] = mapped_column(Integer, nullable=False)


class Stream(Base):
    """One change log being pushed: a device id and how far the server applied it.

    A database copied or restored elsewhere gets a new device id, hence a new stream under
    the same enrolment, so two copies' positions never collide; the stream it forked from,
    and where, tell which of the server's rows are newer than the copy.
    """

    __tablename__ = "streams"

    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    enrolment_id: Mapped[str] = mapped_column(ForeignKey("devices.id"), nullable=False, index=True)
    commune_code: Mapped[str] = mapped_column(ForeignKey("communes.code"), nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    last_batch_id: Mapped[str] = mapped_column(String(64), nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCText, nullable=False, default=utc_now)
    # An older copy of a file (a backup copied back) goes on from this point of this stream:
    # what the stream changed after it is newer than the copy and is not overwritten by it.
    fork_device_id: Mapped[str | None] = mapped_column(String(36))
    fork_position: Mapped[int | None] = mapped_column(Integer)


class Batch(Base):
    """Every batch applied, with the receipt it was answered with (re-sent batch → same receipt)."""

    __tablename__ = "batches"
    __table_args__ = (Index("ix_batches_stream", "device_id", "last"),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(36), nullable=False)
    commune_code: Mapped[str] = mapped_column(ForeignKey("communes.code"), nullable=False)
    after: Mapped[int] = mapped_column(Integer, nullable=False)
    first: Mapped[int] = mapped_column(Integer, nullable=False)
    last: Mapped[int] = mapped_column(Integer, nullable=False)
    repair: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    schema: Mapped[str] = mapped_column(String(40), nullable=False)
    log_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    rows: Mapped[int] = mapped_column(Integer, nullable=False)
    received_at: Mapped[datetime] = mapped_column(UTCText, nullable=False, default=utc_now)
    receipt: Mapped[dict] = mapped_column(Document, nullable=False)


class StoredRow(Base):
    """The latest version the server holds of one commune row (tombstones kept)."""

    __tablename__ = "rows"
    # A commune's rows of one table in id order: restore pages and summaries walk it.
    __table_args__ = (Index("ix_rows_commune_table", "commune_code", "table_name", "row_id"),)

    table_name: Mapped[str] = mapped_column(String(40), primary_key=True)
    row_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    commune_code: Mapped[str] = mapped_column(ForeignKey("communes.code"), nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    deleted: Mapped[bool] = mapped_column(Boolean, nullable=False)
    row_hash: Mapped[str] = mapped_column(String(32), nullable=False)
    batch_id: Mapped[str] = mapped_column(String(64), nullable=False)
    data: Mapped[dict] = mapped_column(Document, nullable=False)


class RowCount(Base):
    """Rows per table of a commune, kept with each batch so stats and the page need no scan."""

    __tablename__ = "row_counts"

    commune_code: Mapped[str] = mapped_column(ForeignKey("communes.code"), primary_key=True)
    table_name: Mapped[str] = mapped_column(String(40), primary_key=True)
    live: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    total: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class ReferenceChange(Base):
    """A numbered change of reference data (criteria set, administrative unit, announcement);
    clients pull the changes after the last number they applied."""

    __tablename__ = "reference_changes"
    __table_args__ = {"sqlite_autoincrement": True}  # a number handed to clients is never reused

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    key: Mapped[str] = mapped_column(String(120), nullable=False)
    data: Mapped[dict] = mapped_column(Document, nullable=False)
    published_at: Mapped[datetime] = mapped_column(UTCText, nullable=False, default=utc_now)


class RowKey(Base):
    """A business key a commune row holds (desktop.sync.uniques): the primary key lets one
    row of a commune hold it, as the commune's own unique index does."""

    __tablename__ = "row_keys"
    # A row's keys are released when it changes: found by table and id.
    __table_args__ = (Index("ix_row_keys_row", "table_name", "row_id"),)

    commune_code: Mapped[str] = mapped_column(ForeignKey("communes.code"), primary_key=True)
    key_index: Mapped[str] = mapped_column(String(60), primary_key=True)
    key_value: Mapped[str] = mapped_column(String(64), primary_key=True)
    table_name: Mapped[str] = mapped_column(String(40), nullable=False)
    row_id: Mapped[str] = mapped_column(String(64), nullable=False)


class RestoreCode(OneTimeCode, Base):
    """A one-time code for a full restore of a commune's rows onto a new PC: the device
    token alone does not download a commune's register."""

    __tablename__ = "restore_codes"


class RestoreGrant(Base):
    """What a restore code was exchanged for: the right of one device to download its
    commune's rows until the restore ends or the grant expires (hash only)."""

    __tablename__ = "restore_grants"

    grant_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    code_hash: Mapped[str] = mapped_column(ForeignKey("restore_codes.code_hash"), nullable=False, index=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"), nullable=False, index=True)
    commune_code: Mapped[str] = mapped_column(ForeignKey("communes.code"), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCText, nullable=False, default=utc_now)
    expires_at: Mapped[datetime] = mapped_column(UTCText, nullable=False)
    finished_at: Mapped[datetime | None] = mapped_column(UTCText)
