"""What sync remembers in the commune database (local_settings, never synced): the server
and token, how far the change log was acknowledged, the last outcome, rows the server
rejected (quarantine), reference-data progress and the province's announcements."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy.orm import Session

from desktop.store.db import read_setting, write_setting
from desktop.sync.protocol import TABLE_LABELS

SERVER = "sync_server"
TOKEN = "sync_token"
ACKED = "sync_acked_position"  # the last change-log position the server acknowledged
LAST_SUCCESS = "sync_last_success"
LAST_ATTEMPT = "sync_last_attempt"
LAST_ERROR = "sync_last_error"
REFERENCE_TOKEN = "sync_reference_token"
RESTORE = "sync_restore"  # progress of a restore under way: {"table": …, "after": …}
# Until the commune database has a table of its own for these (see the issue-5 report),
# both lists are JSON documents in local_settings.
QUARANTINE = "sync_quarantine"
ANNOUNCEMENTS = "sync_announcements"
KEEP_ANNOUNCEMENTS = 50


def now_text() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_time(text: str | None) -> datetime | None:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc) if text else None


@dataclass(frozen=True)
class Settings:
    server: str | None
    token: str | None
    acked: int

    @property
    def enrolled(self) -> bool:
        return bool(self.server and self.token)


def read(session: Session) -> Settings:
    return Settings(read_setting(session, SERVER), read_setting(session, TOKEN),
                    int(read_setting(session, ACKED) or 0))


def write_acked(session: Session, position: int) -> None:
    write_setting(session, ACKED, str(position))


def _load(session: Session, key: str, default):
    text = read_setting(session, key)
    return json.loads(text) if text else default


def _save(session: Session, key: str, value) -> None:
    write_setting(session, key, json.dumps(value, ensure_ascii=False, sort_keys=True))


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
                "reason": self.reason, "at": self.at.strftime("%Y-%m-%dT%H:%M:%SZ") if self.at else None}


def quarantined(session: Session) -> list[QuarantinedRow]:
    entries = _load(session, QUARANTINE, {})
    rows = [QuarantinedRow(e["table"], e["id"], e.get("version"), e["code"], e["reason"], parse_time(e.get("at")))
            for e in entries.values()]
    return sorted(rows, key=lambda r: (r.at or datetime.min.replace(tzinfo=timezone.utc), r.table, r.row_id))


def update_quarantine(session: Session, *, rejected: list[dict], cleared: set[tuple[str, str]]) -> None:
    """Add the rows a receipt rejected; drop rows the server has now taken."""
    entries = _load(session, QUARANTINE, {})
    before = dict(entries)
    for table, row_id in cleared:
        entries.pop(f"{table}/{row_id}", None)
    stamp = now_text()
    for r in rejected:
        if r.get("id"):
            entries[f"{r['table']}/{r['id']}"] = {"table": r["table"], "id": r["id"], "version": r.get("version"),
                                                  "code": r["code"], "reason": r["reason"], "at": stamp}
    if entries != before:
        _save(session, QUARANTINE, entries)


# --- announcements -----------------------------------------------------------------

@dataclass(frozen=True)
class Announcement:
    seq: int
    title: str
    body: str
    published_at: datetime | None


def announcements(session: Session) -> list[Announcement]:
    """Newest first."""
    return [Announcement(a["seq"], a["title"], a["body"], parse_time(a.get("published_at")))
            for a in _load(session, ANNOUNCEMENTS, [])]


def add_announcement(session: Session, seq: int, data: dict) -> None:
    items = [a for a in _load(session, ANNOUNCEMENTS, []) if a["seq"] != seq]
    items.append({"seq": seq, "title": data["title"], "body": data["body"], "published_at": data.get("published_at")})
    items.sort(key=lambda a: a["seq"], reverse=True)
    _save(session, ANNOUNCEMENTS, items[:KEEP_ANNOUNCEMENTS])


# --- restore progress --------------------------------------------------------------

def restore_cursor(session: Session) -> dict | None:
    return _load(session, RESTORE, None)
