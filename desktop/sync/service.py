"""What the window and the `xhht sync` command call. No Qt here: long calls take a
`Progress` (progress and cancel) and are meant for the UI's background worker.

    enroll(db, server=…, code=…)             exchange the province's one-time code for a token
    push_all(db, progress=…)                 send pending changes, compare, repair
    pull_reference(db, criteria_folder=…)    criteria sets, unit changes, announcements
    restore(db, progress=…)                  the commune's rows back onto a new PC
    restorable(db)                           may restore() run here (a fresh, enrolled database)?
    status(db)                               online?, last sync, pending changes, quarantine
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from desktop.services.progress import Progress
from desktop.store.db import Database, read_setting, write_setting
from desktop.sync import outbox, push, reference, restore as restoring, state
from desktop.sync.client import RetryPolicy, SyncClient, SyncError
from desktop.sync.push import PushReport
from desktop.sync.reference import ReferenceReport
from desktop.sync.restore import RestoreReport
from desktop.sync.state import Announcement, QuarantinedRow


def client_for(db: Database, *, retry: RetryPolicy = RetryPolicy()) -> SyncClient:
    """A client for the server and token this database enrolled with."""
    with db.session() as session:
        settings = state.read(session)
    if not settings.enrolled:
        raise SyncError("Máy này chưa đăng ký với máy chủ tỉnh. Hãy xin tỉnh mã đăng ký rồi chạy: "
                        "xhht sync enroll --server ĐỊA_CHỈ --code MÃ", code="not_enrolled")
    return SyncClient(settings.server, settings.token, retry=retry)


@dataclass(frozen=True)
class Enrolment:
    server: str
    device_id: str
    commune: str
    commune_name: str
    province_name: str

    def to_dict(self) -> dict:
        return dict(self.__dict__)


def enroll(db: Database, *, server: str, code: str, client: SyncClient | None = None) -> Enrolment:
    if db.commune_code is None:
        raise SyncError("Cơ sở dữ liệu chưa gắn với xã nào: hãy chạy xhht init --commune MÃ_XÃ.", code="no_commune")
    client = client or SyncClient(server, retry=RetryPolicy(give_up_after=30))
    client.check()
    answer = client.enrol(code=code, device_id=db.device_id, commune=db.commune_code)
    with db.session() as session:
        write_setting(session, state.SERVER, client.server)
        write_setting(session, state.TOKEN, answer["token"])
        session.commit()
    return Enrolment(client.server, answer["device_id"], answer["commune"], answer["commune_name"],
                     answer["province_name"])


def push_all(db: Database, *, progress: Progress | None = None, client: SyncClient | None = None,
             check: bool = True) -> PushReport:
    return push.push_all(db, client or client_for(db), progress=progress, check=check)


def pull_reference(db: Database, *, criteria_folder: Path, progress: Progress | None = None,
                   client: SyncClient | None = None) -> ReferenceReport:
    return reference.pull_reference(db, client or client_for(db), criteria_folder=criteria_folder, progress=progress)


def restore(db: Database, *, progress: Progress | None = None, client: SyncClient | None = None) -> RestoreReport:
    return restoring.restore(db, client or client_for(db), progress=progress)


def restorable(db: Database) -> bool:
    """Whether restore() may run here: enrolled, and the database fresh from `xhht init` or
    half-way through a restore. Local facts only (no network)."""
    with db.session() as session:
        if not state.read(session).enrolled:
            return False
        return state.restore_cursor(session) is not None or restoring.is_fresh(session)


@dataclass(frozen=True)
class SyncStatus:
    enrolled: bool
    server: str | None
    device_id: str
    online: bool | None  # None: not asked (not enrolled, or online=False)
    last_success: datetime | None
    last_attempt: datetime | None
    last_error: str | None
    acked_position: int
    pending: int  # change-log entries not yet acknowledged by the server
    quarantined: tuple[QuarantinedRow, ...]
    announcements: tuple[Announcement, ...]

    def to_dict(self) -> dict:
        stamp = (lambda t: t.strftime("%Y-%m-%dT%H:%M:%SZ") if t else None)
        return {"enrolled": self.enrolled, "server": self.server, "device_id": self.device_id, "online": self.online,
                "last_success": stamp(self.last_success), "last_attempt": stamp(self.last_attempt),
                "last_error": self.last_error, "acked_position": self.acked_position, "pending": self.pending,
                "quarantined": [q.to_dict() for q in self.quarantined],
                "announcements": [{"seq": a.seq, "title": a.title, "body": a.body,
                                   "published_at": stamp(a.published_at)} for a in self.announcements]}


def status(db: Database, *, online: bool = True, client: SyncClient | None = None) -> SyncStatus:
    """Local facts, plus one quick call (no retries, short timeout) to tell online from offline."""
    with db.session() as session:
        settings = state.read(session)
        values = {key: read_setting(session, key) for key in (state.LAST_SUCCESS, state.LAST_ATTEMPT,
                                                                     state.LAST_ERROR)}
        quarantined, notes = tuple(state.quarantined(session)), tuple(state.announcements(session))
    with db.engine.connect() as conn:
        pending = outbox.pending_count(conn, settings.acked)
    reachable = None
    if online and settings.enrolled:
        client = client or SyncClient(settings.server, settings.token, timeout=(3.0, 5.0))
        try:
            client.info(retry=False)
            reachable = True
        except SyncError:
            reachable = False
    return SyncStatus(settings.enrolled, settings.server, db.device_id, reachable,
                      state.parse_time(values[state.LAST_SUCCESS]), state.parse_time(values[state.LAST_ATTEMPT]),
                      values[state.LAST_ERROR] or None, settings.acked, pending, quarantined, notes)


def quarantined_rows(db: Database) -> list[QuarantinedRow]:
    with db.session() as session:
        return state.quarantined(session)


def announcements(db: Database) -> list[Announcement]:
    with db.session() as session:
        return state.announcements(session)
