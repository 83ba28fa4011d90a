"""What the window and the `xhht sync` command call. No Qt here: long calls take a
`Progress` (progress and cancel) and are meant for the UI's background worker.

    enroll(db, server=…, code=…, progress=…) exchange the province's one-time code for a token
    push_all(db, progress=…)                 send pending changes, compare, repair
    pull_reference(db, criteria_folder=…)    criteria sets, unit changes, announcements
    restore(db, code=…, progress=…)          the commune's rows back onto a new PC (a restore code from
                                             the province; none needed to go on with a restore kept)
    restorable(db)                           may restore() run here (a fresh, enrolled database)?
    status(db)                               online?, last sync, pending changes, quarantine

The long calls take `step` (steps.py): each of their database accesses runs through it, so the
window can keep the network waits off its writer thread.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Callable

from desktop.domain.errors import Cancelled, ConflictError
from desktop.domain.progress import Progress
from desktop.store.db import Database, read_setting, renew_device_id, write_setting
from desktop.sync import outbox, push, reference, secret_store, state
from desktop.sync import restore as restoring
from desktop.sync.client import Offline, RetryPolicy, SyncClient, SyncError
from desktop.sync.enrolment_input import CODE_FIELD, SERVER_FIELD, format_code, parse_code, parse_server
from desktop.sync.protocol import SECONDS_FORMAT
from desktop.sync.push import PushReport
from desktop.sync.reference import ReferenceReport
from desktop.sync.restore import RestoreReport
from desktop.sync.restore_input import RESTORE_CODE_FIELD, parse_restore_code
from desktop.sync.state import Announcement, QuarantinedRow
from desktop.sync.steps import Step, inline

log = logging.getLogger(__name__)


def client_for(db: Database, *, retry: RetryPolicy = RetryPolicy(), step: Step = inline) -> SyncClient:
    """A client for the server and token this database enrolled with; a token the server
    renews is stored through `step`."""
    settings, lost = step(lambda: _enrolment(db))
    if not settings.enrolled:
        if lost:
            raise SyncError(token_lost_message(settings.server), code="not_enrolled")
        raise SyncError("Máy này chưa đăng ký với máy chủ tỉnh. Hãy xin tỉnh mã đăng ký rồi chạy: "
                        "xhht sync enroll --server ĐỊA_CHỈ --code MÃ", code="not_enrolled")
    return SyncClient(settings.server, settings.token, retry=retry,
                      on_token=lambda token: step(partial(state.keep_token, db, token)))


def _enrolment(db: Database) -> tuple[state.Settings, bool]:
    secret_store.secure(db)
    with db.session() as session:
        return state.read(session), secret_store.token_unreadable(session)


def token_lost_message(server: str | None) -> str:
    """The file says it enrolled, but its token is not on this PC: a copy from elsewhere."""
    where = f" {server}" if server else ""
    return ("Máy này phải đăng ký lại với máy chủ tỉnh: mã truy cập của máy không đi theo tệp dữ liệu, nên tệp "
            "được chép từ máy khác (hoặc khóa bảo mật của máy đã mất) không dùng được mã cũ. Hãy xin tỉnh mã đăng ký "
            f"mới rồi đăng ký lại: xhht sync enroll --server{where or ' ĐỊA_CHỈ'} --code MÃ")


@dataclass(frozen=True)
class Enrolment:
    server: str
    device_id: str
    commune: str
    commune_name: str
    province_name: str

    def to_dict(self) -> dict:
        return dict(self.__dict__)


ENROL_TIMEOUT = (5.0, 6.0)  # connect, read: the officer waits on the first contact (issue 8: told within ~10 s)
ENROL_ANSWER_TIMEOUT = 15.0  # reading the answer to the code, once the server has shown it is there
FIRST_CONTACT_WITHIN = 10.0  # seconds, whatever hangs (name lookup included): then the officer is told
RETRY_FIRST_CONTACT_AFTER = 1.0  # one short retry, only for a dropped line or a proxy's 5xx
RETRIED_KINDS = frozenset({"dropped", "server_error"})  # a refusal, a wrong name or a timeout would only repeat
CODE_REFUSALS = frozenset({"bad_code", "code_used", "code_expired", "wrong_commune"})
NEW_DEVICE_CODES = frozenset({"device_revoked", "device_enrolled"})


class EnrolmentError(SyncError):
    """Enrolment did not happen: the PC holds no new token. `field` is the input at fault
    ('server' or 'code'); `code` says what happened (refused, name, connect_timeout,
    read_timeout, not_xhht, bad_code, code_used, …)."""

    default_code = "enrolment"


def enroll(db: Database, *, server: str, code: str, client: SyncClient | None = None,
           progress: Progress | None = None, step: Step = inline) -> Enrolment:
    """Exchange the province's one-time code for a device token.

    What was typed is checked first, without network (ValidationError with its field). Then
    one quick /info (one short retry at most) tells an unreachable server within ~10 s;
    the code is sent once and never resent, since the server uses it up on receipt. A
    cancel is honoured until the code is sent; after that the answer is kept, so a code
    the server took is never lost with its token. A failure is noted as the last error."""
    base, plain = parse_server(server), parse_code(code)
    if db.commune_code is None:
        raise SyncError("Cơ sở dữ liệu chưa gắn với xã nào: hãy chạy xhht init --commune MÃ_XÃ.", code="no_commune")
    step(lambda: secret_store.secure(db))
    progress = progress or Progress()
    own_client = client is None
    client = client or SyncClient(base, timeout=ENROL_TIMEOUT, cancelled=lambda: progress.cancelled)
    sent = False
    try:
        progress.message = "Đang kết nối…"
        client.check(_first_contact(client, progress))
        if progress.cancelled:
            raise Cancelled()
        progress.message = "Đang gửi mã đăng ký…"
        sent = True
        try:
            answer = client.enrol(code=plain, device_id=db.device_id, commune=db.commune_code,
                                  read_timeout=ENROL_ANSWER_TIMEOUT)
        except SyncError as refused:
            # This device id is revoked, or enrolled and live (the file was copied from such a
            # PC): the server left the code unused, for this PC to enrol as a new device.
            if refused.code not in NEW_DEVICE_CODES:
                raise
            step(lambda: renew_device_id(db))
            answer = client.enrol(code=plain, device_id=db.device_id, commune=db.commune_code,
                                  read_timeout=ENROL_ANSWER_TIMEOUT)
    except SyncError as error:
        failure = _enrolment_failure(error, client.server, plain, sent=sent)
        step(lambda: _note_error(db, failure.message))
        raise failure from error
    finally:
        if own_client:
            client.close()
    step(lambda: _keep_enrolment(db, client.server, answer["token"]))
    return Enrolment(client.server, answer["device_id"], answer["commune"], answer["commune_name"],
                     answer["province_name"])


def _keep_enrolment(db: Database, server: str, token: str) -> None:
    with db.session() as session:
        write_setting(session, state.SERVER, server)
        state.write_token(session, token)
        write_setting(session, state.LAST_ERROR, "")
        session.commit()


def _first_contact(client: SyncClient, progress: Progress) -> dict:
    """GET /info within FIRST_CONTACT_WITHIN seconds whatever hangs (a slow name lookup has
    no timeout of its own), cancellable at once: the request runs in a thread, left to its
    timeout when abandoned."""
    until = time.monotonic() + FIRST_CONTACT_WITHIN
    try:
        return _cancellable(lambda: client.info(retry=False), progress, until=until)
    except Offline as error:
        if error.kind not in RETRIED_KINDS or until - time.monotonic() < RETRY_FIRST_CONTACT_AFTER + 2:
            raise
    if _cancelled_within(RETRY_FIRST_CONTACT_AFTER, progress):
        raise Cancelled()
    return _cancellable(lambda: client.info(retry=False), progress, until=until)


def _cancellable(call: Callable[[], dict], progress: Progress, *, until: float) -> dict:
    outcome: dict = {}
    finished = threading.Event()

    def run() -> None:
        try:
            outcome["value"] = call()
        except BaseException as exc:  # noqa: BLE001  (raised again on the caller's thread)
            outcome["error"] = exc
        finally:
            finished.set()

    threading.Thread(target=run, name="xhht-enrol-contact", daemon=True).start()
    while not finished.wait(0.1):
        if progress.cancelled:
            raise Cancelled()
        if time.monotonic() > until:
            problem = (f"không có phản hồi sau {FIRST_CONTACT_WITHIN:g} giây (máy này chưa vào được mạng, hoặc "
                       "địa chỉ không đúng)")
            raise Offline(problem, problem=problem, kind="timeout")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def _cancelled_within(seconds: float, progress: Progress) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if progress.cancelled:
            return True
        time.sleep(0.05)
    return progress.cancelled


def _enrolment_failure(error: SyncError, server: str, code: str, *, sent: bool) -> EnrolmentError:
    if isinstance(error, Offline):
        message = (f"Không kết nối được máy chủ tỉnh tại {server}: {error.problem}. Máy này chưa được đăng ký "
                   "với máy chủ tỉnh.")
        if sent and error.kind != "refused":  # the code may have reached the server, which used it up
            message += (" Mã đăng ký có thể đã tới máy chủ: hãy bấm “Đăng ký” lại; nếu máy chủ báo mã đã được "
                        "dùng, hãy xin tỉnh cấp mã mới.")
        return EnrolmentError(message, code=error.kind, field=SERVER_FIELD, status=error.status)
    if error.code in ("not_xhht", "protocol"):
        return EnrolmentError(error.message, code=error.code, field=SERVER_FIELD, status=error.status)
    reason = error.message[:1].lower() + error.message[1:] if error.message[1:2].islower() else error.message
    if error.code in CODE_REFUSALS:
        return EnrolmentError(f"Máy chủ tỉnh tại {server} không nhận mã đăng ký {format_code(code)}: {reason}",
                              code=error.code, field=CODE_FIELD, status=error.status)
    return EnrolmentError(f"Máy chủ tỉnh tại {server} không nhận đăng ký máy này: {reason}", code=error.code,
                          status=error.status)


def _note_error(db: Database, message: str) -> None:
    """The page's "Lỗi lần gần nhất" and `xhht sync status` show it, until an enrolment or a push succeeds."""
    with db.session() as session:
        write_setting(session, state.LAST_ERROR, message)
        session.commit()


def push_all(db: Database, *, progress: Progress | None = None, client: SyncClient | None = None,
             check: bool = True, step: Step = inline) -> PushReport:
    return push.push_all(db, client or client_for(db, step=step), progress=progress, check=check, step=step)


def pull_reference(db: Database, *, criteria_folder: Path, progress: Progress | None = None,
                   client: SyncClient | None = None, step: Step = inline) -> ReferenceReport:
    return reference.pull_reference(db, client or client_for(db, step=step), criteria_folder=criteria_folder,
                                    progress=progress, step=step)


class RestoreCodeError(SyncError):
    """The province refused the restore code, or the restore grant it gave has ended: a new
    code is needed. `field` is 'restore_code'."""

    default_code = "restore_code"


CODE_REFUSED = frozenset({"bad_code", "code_used", "code_expired", "wrong_commune", "bad_request"})
GRANT_ENDED = frozenset({"restore_code_needed", "bad_grant", "grant_finished", "grant_expired"})


def restore(db: Database, *, code: str | None = None, progress: Progress | None = None,
            client: SyncClient | None = None, step: Step = inline) -> RestoreReport:
    """The commune's rows back onto this new PC. `code`: the restore code the province issued
    (checked before any network, exchanged once for a restore grant kept outside the file);
    without one, a restore whose grant is kept goes on where it stopped."""
    plain = parse_restore_code(code) if code is not None else None
    own_client = client is None
    client = client or client_for(db, step=step)
    try:
        step(lambda: _check_restorable(db))
        client.restore_grant = _restore_grant(db, client, plain, step)
        try:
            report = restoring.restore(db, client, progress=progress, step=step)
        except SyncError as error:
            if error.code not in GRANT_ENDED:
                raise
            step(lambda: _forget_grant(db))
            raise RestoreCodeError(error.message, code=error.code, field=RESTORE_CODE_FIELD,
                                   status=error.status) from error
        try:
            client.finish_restore()
        except SyncError as error:  # the grant lapses on its own; the rows are here
            log.warning("could not close the restore grant: %r", error)
        step(lambda: _forget_grant(db))
        return report
    finally:
        client.restore_grant = None
        if own_client:
            client.close()


def _check_restorable(db: Database) -> None:
    """Before a code is used up: only a fresh database, or one half-way through a restore."""
    with db.session() as session:
        if state.restore_cursor(session) is None and not restoring.is_fresh(session):
            raise ConflictError("Chỉ khôi phục được vào một cơ sở dữ liệu mới tạo (chưa nhập dữ liệu, chưa đồng bộ). "
                                "Hãy tạo tệp mới bằng lệnh xhht init --commune MÃ_XÃ, đăng ký máy, rồi khôi phục "
                                "vào tệp đó.", code="not_fresh")


def _restore_grant(db: Database, client: SyncClient, code: str | None, step: Step) -> str:
    if code is None:
        kept = step(lambda: _kept_grant(db))
        if kept:
            return kept
        raise RestoreCodeError("Khôi phục dữ liệu cần mã khôi phục do tỉnh cấp (dùng một lần). Hãy liên hệ tỉnh xin "
                               "mã, rồi nhập mã đó để khôi phục.", code="restore_code_needed", field=RESTORE_CODE_FIELD)
    try:
        answer = client.open_restore(code=code)
    except SyncError as error:
        if error.code not in CODE_REFUSED:
            raise
        raise RestoreCodeError(f"Máy chủ tỉnh không nhận mã khôi phục {format_code(code)}: {_lower_first(error.message)}",
                               code=error.code, field=RESTORE_CODE_FIELD, status=error.status) from error
    step(lambda: _keep_grant(db, answer["grant"]))
    return answer["grant"]


def _kept_grant(db: Database) -> str | None:
    with db.session() as session:
        return secret_store.read_restore_grant(session)


def _keep_grant(db: Database, grant: str) -> None:
    with db.session() as session:
        secret_store.write_restore_grant(session, grant)
        session.commit()


def _forget_grant(db: Database) -> None:
    with db.session() as session:
        secret_store.forget_restore_grant(session)
        session.commit()


def _lower_first(message: str) -> str:
    return message[:1].lower() + message[1:] if message[1:2].islower() else message


def restore_grant_kept(db: Database) -> bool:
    """A restore under way holds its grant: going on needs no new code."""
    with db.session() as session:
        return secret_store.read_restore_grant(session) is not None


def restorable(db: Database) -> bool:
    """Whether restore() may run here: enrolled, and the database fresh from `xhht init` or
    half-way through a restore. Local facts only (no network)."""
    secret_store.secure(db)
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
        stamp = (lambda t: t.strftime(SECONDS_FORMAT) if t else None)
        return {"enrolled": self.enrolled, "server": self.server, "device_id": self.device_id, "online": self.online,
                "last_success": stamp(self.last_success), "last_attempt": stamp(self.last_attempt),
                "last_error": self.last_error, "acked_position": self.acked_position, "pending": self.pending,
                "quarantined": [q.to_dict() for q in self.quarantined],
                "announcements": [{"seq": a.seq, "title": a.title, "body": a.body,
                                   "published_at": stamp(a.published_at)} for a in self.announcements]}


def status(db: Database, *, online: bool = True, client: SyncClient | None = None) -> SyncStatus:
    """Local facts, plus one quick call (no retries, short timeout) to tell online from offline."""
    secret_store.secure(db)  # a file from before issue 10: its clear token moves out on first look
    with db.session() as session:
        settings = state.read(session)
        lost = secret_store.token_unreadable(session)
        values = {key: read_setting(session, key) for key in (state.LAST_SUCCESS, state.LAST_ATTEMPT,
                                                                     state.LAST_ERROR)}
        quarantined, notes = tuple(state.quarantined(session)), tuple(state.announcements(session))
    with db.engine.connect() as conn:
        pending = outbox.pending_count(conn, settings.acked)
    reachable = None
    if online and settings.enrolled and settings.server is not None:
        client = client or SyncClient(settings.server, settings.token, timeout=(3.0, 5.0))
        try:
            client.info(retry=False)
            reachable = True
        except SyncError:
            reachable = False
    error = token_lost_message(settings.server) if lost else values[state.LAST_ERROR] or None
    return SyncStatus(settings.enrolled, settings.server, db.device_id, reachable,
                      state.parse_time(values[state.LAST_SUCCESS]), state.parse_time(values[state.LAST_ATTEMPT]),
                      error, settings.acked, pending, quarantined, notes)


def quarantined_rows(db: Database) -> list[QuarantinedRow]:
    with db.session() as session:
        return state.quarantined(session)


def announcements(db: Database) -> list[Announcement]:
    with db.session() as session:
        return state.announcements(session)
