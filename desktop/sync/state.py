"""What sync remembers in the commune database, never synced: in local_settings the server
(the token is kept outside the file: secret_store), how far the change log was
acknowledged, the last outcome and reference-data progress; in their own tables the rows the server rejected (quarantine) and the
province's announcements."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.store.db import Database, read_setting, write_setting
from desktop.store.models import ProvinceAnnouncement, SyncQuarantine
from desktop.sync import secret_store
from desktop.sync.client import SyncError
from desktop.sync.protocol import SECONDS_FORMAT, TABLE_LABELS

SERVER = "sync_server"
ACKED = "sync_acked_position"  # the last change-log position the server acknowledged
LAST_SUCCESS = "sync_last_success"
LAST_ATTEMPT = "sync_last_attempt"
LAST_ERROR = "sync_last_error"
REFERENCE_TOKEN = "sync_reference_token"
RESTORE = "sync_restore"  # progress of a restore under way: {"table": …, "after": …}
KEEP_ANNOUNCEMENTS = 50


def now_text() -> str:
    return datetime.now(timezone.utc).strftime(SECONDS_FORMAT)


def parse_time(text: str | None) -> datetime | None:
    return datetime.strptime(text, SECONDS_FORMAT).replace(tzinfo=timezone.utc) if text else None


@dataclass(frozen=True)
class Settings:
    server: str | None
    token: str | None
    acked: int

    @property
    def enrolled(self) -> bool:
        return bool(self.server and self.token)


def read(session: Session) -> Settings:
    return Settings(read_setting(session, SERVER), secret_store.read_token(session),
                    int(read_setting(session, ACKED) or 0))


def write_token(session: Session, token: str) -> None:
    """The device token, from enrolment or renewed by the server while syncing: kept out
    of the file (secret_store)."""
    secret_store.write_token(session, token)


def keep_token(db: Database, token: str) -> None:
    """Store a token the server renewed during a sync, in its own short transaction."""
    with db.session() as session:
        write_token(session, token)
        session.commit()


def write_acked(session: Session, position: int) -> None:
    write_setting(session, ACKED, str(position))


def _load(session: Session, key: str, default):
    text = read_setting(session, key)
    return json.loads(text) if text else default


# --- quarantine --------------------------------------------------------------------

@dataclass(frozen=True)
class QuarantinedRow:
    """A row the server refused: kept on this PC, shown to the officer with the reason."""

    table: str
    row_id: str
    version: int | None
    code: str
    reason: str
    at: datetime | None

    @property
    def table_label(self) -> str:
        return TABLE_LABELS.get(self.table, self.table)

    def to_dict(self) -> dict:
        return {"table": self.table, "id": self.row_id, "version": self.version, "code": self.code,
                "reason": self.reason, "at": self.at.strftime(SECONDS_FORMAT) if self.at else None}


def quarantined(session: Session) -> list[QuarantinedRow]:
    rows = [QuarantinedRow(q.table_name, q.row_id, q.version, q.code, q.reason, q.quarantined_at)
            for q in session.scalars(select(SyncQuarantine))]
    return sorted(rows, key=lambda r: (r.at or datetime.min.replace(tzinfo=timezone.utc), r.table, r.row_id))


def update_quarantine(session: Session, *, rejected: list[dict], cleared: set[tuple[str, str]]) -> None:
    """Add the rows a receipt rejected; drop rows the server has now taken."""
    for table, row_id in cleared:
        row = session.get(SyncQuarantine, (table, row_id))
        if row is not None:
            session.delete(row)
    stamp = datetime.now(timezone.utc)
    for r in rejected:
        if r.get("id"):
            session.merge(SyncQuarantine(table_name=r["table"], row_id=r["id"], version=r.get("version"),
                                         code=r["code"], reason=r["reason"], quarantined_at=stamp))
    session.flush()


# --- announcements -----------------------------------------------------------------

@dataclass(frozen=True)
class Announcement:
    seq: int
    title: str
    body: str
    published_at: datetime | None


def announcements(session: Session) -> list[Announcement]:
    """Newest first."""
    return [Announcement(a.seq, a.title, a.body, a.published_at) for a in session.scalars(
        select(ProvinceAnnouncement).order_by(ProvinceAnnouncement.seq.desc()).limit(KEEP_ANNOUNCEMENTS))]


def add_announcement(session: Session, seq: int, data: dict) -> None:
    session.merge(ProvinceAnnouncement(seq=seq, title=data["title"], body=data["body"],
                                       published_at=_as_time(data.get("published_at"))))
    session.flush()


def _as_time(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return parse_time(text)
    except ValueError:  # another ISO form from the server
        stamp = datetime.fromisoformat(text.replace("Z", "+00:00"))
        return stamp if stamp.tzinfo else stamp.replace(tzinfo=timezone.utc)


# --- restore progress --------------------------------------------------------------

def restore_cursor(session: Session) -> dict | None:
    return _load(session, RESTORE, None)


# --- an older copy of the file -------------------------------------------------------

FORK = "sync_fork"  # {"device_id": …, "position": …}: the stream this copy of the file went on from


def fork(session: Session) -> dict | None:
    return _load(session, FORK, None)


def write_fork(session: Session, device_id: str, position: int) -> None:
    write_setting(session, FORK, json.dumps({"device_id": device_id, "position": position}))


def commune_code(db: Database) -> str:
    """The commune every batch names; SyncError when the file was made without one."""
    if db.commune_code is None:
        raise SyncError("Cơ sở dữ liệu chưa gắn với xã nào: hãy chạy xhht init --commune MÃ_XÃ.", code="no_commune")
    return db.commune_code
