"""Pushing the change log to the province, in stages that resume after any interruption:

1. resume — ask the server how far it applied this device's log. Further than recorded
   here means a receipt was lost (the batch is checked against the local log and its
   receipt adopted) or that this file is an older copy (restored backup): then it takes a
   new device id, so positions never collide. Less far means the server lost batches
   (restored from its backup): they are sent again.
2. send — batches after the acknowledged position, each recorded only from its receipt,
   with rejected rows quarantined and the rest of the queue going on.
3. verify — compare counts and digests with the server, re-send what it lacks (verify.py).

Every database access is a short `step` (steps.py) between network calls, never around one.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from desktop.domain.progress import Progress
from desktop.store import migrate
from desktop.store.db import Database, renew_device_id, write_setting
from desktop.sync import outbox, protocol, state
from desktop.sync.client import BatchTimeout, PositionMismatch, SyncClient, SyncError
from desktop.sync.receipts import adopt_lost_receipt, record_receipt
from desktop.sync.steps import Step, inline
from desktop.sync.verify import VerifyReport, verify

log = logging.getLogger(__name__)


# What the officer is told when this file turned out older than what the province holds.
OLD_COPY_NOTICE = ("Tệp dữ liệu này là bản sao cũ hơn dữ liệu tỉnh đã nhận (sao chép, hoặc khôi phục từ bản sao lưu): "
                   "máy được cấp mã máy mới. Bản ghi nào trùng hoặc cũ hơn dữ liệu của tỉnh đều bị từ chối, không ghi "
                   "đè; hãy đối chiếu theo danh sách bị từ chối rồi sửa hoặc xóa bản thừa.")


@dataclass(frozen=True)
class PushReport:
    batches: int
    rows_sent: int
    accepted: int
    unchanged: int
    rejected: int
    position: int
    seconds: float
    resumed: str  # how the stream was picked up: first_push, continued, lost_receipt, new_device, server_behind
    verify: VerifyReport | None

    def to_dict(self) -> dict:
        data = {k: v for k, v in self.__dict__.items() if k != "verify"}
        data["verify"] = self.verify.to_dict() if self.verify else None
        return data


def resume(db: Database, client: SyncClient, *, step: Step = inline) -> tuple[int, str]:
    """Agree with the server where this device's log continues; returns (position, how)."""
    acked = step(lambda: _acked(db))
    answer = client.position(db.device_id)
    held = answer.get("position")
    if held is None:
        return acked, "first_push"
    if held == acked:
        return acked, "continued"
    if held < acked:
        log.warning("server holds position %s of %s, this file %s: sending again", held, db.device_id, acked)
        step(lambda: _write_acked(db, held))
        return held, "server_behind"
    last_batch = answer.get("last_batch") or {}
    if last_batch.get("after") == acked and step(lambda: _is_our_batch(db, acked, last_batch)):
        step(lambda: adopt_lost_receipt(db, last_batch))
        return last_batch["last"], "lost_receipt"
    # The server applied entries this file does not have: an older copy of the database.
    old = db.device_id
    step(lambda: _fork_off(db, acked))
    log.warning("log of %s diverged from the server's (position %s vs %s): new device id %s",
                old, held, acked, db.device_id)
    return acked, "new_device"


def _acked(db: Database) -> int:
    with db.session() as session:
        return state.read(session).acked


def _write_acked(db: Database, position: int) -> None:
    with db.session() as session:
        state.write_acked(session, position)
        session.commit()


def _is_our_batch(db: Database, acked: int, last_batch: dict) -> bool:
    """The batch the server applied last is the one this log holds after `acked`."""
    with db.engine.connect() as conn:
        entries = outbox.read_entries(conn, after=acked, last=last_batch["last"])
    return bool(entries) and protocol.log_hash(e.fingerprint for e in entries) == last_batch["log_hash"]


def _fork_off(db: Database, acked: int) -> None:
    old = db.device_id
    renew_device_id(db)
    with db.session() as session:  # the server keeps what `old` changed after `acked` from this copy
        state.write_fork(session, old, acked)
        session.commit()


def _fork(db: Database) -> dict | None:
    with db.session() as session:
        return state.fork(session)


def _note(db: Database, key: str, value: str) -> None:
    with db.session() as session:
        write_setting(session, key, value)
        session.commit()


def _pending(db: Database, acked: int) -> int:
    with db.engine.connect() as conn:
        return outbox.pending_count(conn, acked)


def _next_batch(db: Database, acked: int, schema: str, max_rows: int, max_bytes: int) -> outbox.Outgoing | None:
    with db.engine.connect() as conn:
        return outbox.next_batch(conn, after=acked, device_id=db.device_id, commune=state.commune_code(db),
                                 schema=schema, max_rows=max_rows, max_bytes=max_bytes)


def push_all(db: Database, client: SyncClient, *, progress: Progress | None = None, check: bool = True,
             batch_rows: int = protocol.DEFAULT_BATCH_ROWS, batch_bytes: int = protocol.DEFAULT_BATCH_BYTES,
             step: Step = inline) -> PushReport:
    """Send everything pending, then (check=True) compare with the server and repair."""
    progress = progress or Progress()
    client.cancelled = lambda: progress.cancelled
    started = time.perf_counter()
    state.commune_code(db)  # none: nothing to send, and nothing noted
    step(lambda: _note(db, state.LAST_ATTEMPT, state.now_text()))
    try:
        report = _push(db, client, progress, started, check, batch_rows, batch_bytes, step)
    except SyncError as error:  # a cancel is not an error: nothing to note
        message = error.message  # `error` is unbound once the except block ends
        step(lambda: _note(db, state.LAST_ERROR, message))
        raise
    def succeeded() -> None:
        _note(db, state.LAST_SUCCESS, state.now_text())
        _note(db, state.LAST_ERROR, "")
    step(succeeded)
    return report


def _push(db: Database, client: SyncClient, progress: Progress, started: float, check: bool,
          batch_rows: int, batch_bytes: int, step: Step) -> PushReport:
    limits = client.check()
    max_rows, max_bytes = min(batch_rows, limits.max_batch_rows), min(batch_bytes, limits.max_batch_bytes)
    schema = step(lambda: migrate.current_revision(db.engine)) or "none"
    acked, how = resume(db, client, step=step)
    fork = step(lambda: _fork(db))
    progress.start(step(lambda: _pending(db, acked)), "Đang gửi dữ liệu lên máy chủ tỉnh…")
    totals = {"batches": 0, "rows": 0, "accepted": 0, "unchanged": 0, "rejected": 0}
    mismatches = slow = 0
    slow_since = 0.0
    while True:
        batch = step(lambda: _next_batch(db, acked, schema, max_rows, max_bytes))
        if batch is None:
            break
        try:
            receipt = client.send_batch(outbox.with_fork(batch.body, fork))
        except BatchTimeout:
            if max_rows > protocol.MIN_BATCH_ROWS:
                max_rows, max_bytes = max(protocol.MIN_BATCH_ROWS, max_rows // 2), max(50_000, max_bytes // 2)
                log.warning("batch timed out: now at most %d rows, %d bytes", max_rows, max_bytes)
            else:  # already small: the line or the server is slow, wait and try again
                slow_since = slow_since if slow else time.monotonic()
                client.backoff(slow, "máy chủ không trả lời kịp", since=slow_since)
                slow += 1
            continue
        except PositionMismatch:
            mismatches += 1
            if mismatches > 3:
                raise
            acked, how = resume(db, client, step=step)
            fork = step(lambda: _fork(db))
            continue
        step(lambda: record_receipt(db, batch, receipt))
        acked, mismatches, slow = batch.last, 0, 0
        totals["batches"] += 1
        totals["rows"] += len(batch.keys)
        totals["accepted"] += sum(receipt.get("accepted", {}).values())
        totals["unchanged"] += receipt.get("unchanged", 0)
        totals["rejected"] += len(receipt.get("rejected", []))
        progress.advance(batch.entries, f"Đã gửi {progress.done + batch.entries} / {progress.total} thay đổi")
    checked = verify(db, client, progress=progress, max_rows=max_rows, step=step) if check else None
    return PushReport(totals["batches"], totals["rows"], totals["accepted"], totals["unchanged"], totals["rejected"],
                      acked, round(time.perf_counter() - started, 3), how, checked)
