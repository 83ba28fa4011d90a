"""Applying a pushed batch: all of it in one transaction, once, answered with a receipt.

A batch already applied (same id) is answered with its stored receipt and changes nothing.
A batch that does not continue the device's stream (its `after` is not the position the
server holds) is refused with that position, so the client resumes without a gap and
without applying anything twice.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from desktop.sync import protocol
from desktop.sync.uniques import keys_of
from province.errors import Conflict, Forbidden, ProvinceError
from province.models import Batch, Commune, Device, RowCount, RowKey, StoredRow, Stream, utc_now
from province.services.rowcheck import CHUNK, Decision, decide


@dataclass(frozen=True)
class Header:
    batch_id: str
    device_id: str
    commune: str
    after: int
    first: int
    last: int
    repair: bool
    schema: str
    log_hash: str
    rows: list
    fork: tuple[str, int] | None  # (device id, position) an older copy of a file goes on from


def _int(batch: dict, key: str) -> int:
    value = batch.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ProvinceError("bad_batch", f"Lô dữ liệu thiếu hoặc sai trường {key}.")
    if value > protocol.MAX_POSITION:  # every integer of a batch header is a change-log position
        raise ProvinceError("out_of_range", f"Trường {key} của lô dữ liệu vượt quá giới hạn "
                            f"({protocol.MAX_POSITION}).", status=422)
    return value


def _text(batch: dict, key: str, limit: int) -> str:
    value = batch.get(key)
    if not isinstance(value, str) or not value or len(value) > limit:
        raise ProvinceError("bad_batch", f"Lô dữ liệu thiếu hoặc sai trường {key}.")
    return value


def _fork(batch: dict) -> tuple[str, int] | None:
    fork = batch.get("fork")
    if fork is None:
        return None
    if not isinstance(fork, dict):
        raise ProvinceError("bad_batch", "Lô dữ liệu sai trường fork.")
    return _text(fork, "device_id", protocol.MAX_ID_LENGTH), _int(fork, "position")


def read_header(device: Device, batch: object, limits: protocol.Limits) -> Header:
    """Whole-batch checks; any failure refuses the batch and changes nothing."""
    if not isinstance(batch, dict):
        raise ProvinceError("bad_batch", "Lô dữ liệu không phải một đối tượng JSON.")
    if batch.get("protocol") != protocol.PROTOCOL:
        raise ProvinceError("protocol", f"Giao thức đồng bộ {batch.get('protocol')} không được hỗ trợ; máy chủ dùng "
                            f"giao thức {protocol.PROTOCOL}. Hãy cập nhật chương trình XHHT.")
    header = Header(
        batch_id=_text(batch, "batch_id", 64), device_id=_text(batch, "device_id", 36),
        commune=_text(batch, "commune", 5), after=_int(batch, "after"), first=_int(batch, "first"),
        last=_int(batch, "last"), repair=batch.get("repair") is True, schema=_text(batch, "schema", 40),
        log_hash=_text(batch, "log_hash", 64), rows=batch.get("rows"), fork=_fork(batch))
    if header.commune != device.commune_code:
        raise Forbidden("wrong_commune", f"Máy này chỉ được gửi dữ liệu của xã mã {device.commune_code}; "
                        f"lô dữ liệu lại mang mã xã {header.commune}.")
    if not isinstance(header.rows, list):
        raise ProvinceError("bad_batch", "Lô dữ liệu thiếu danh sách bản ghi.")
    if len(header.rows) > limits.max_batch_rows:
        raise ProvinceError("too_large", f"Lô dữ liệu có {len(header.rows)} bản ghi, quá giới hạn "
                            f"{limits.max_batch_rows} bản ghi mỗi lô.", status=413)
    if header.repair:  # rows sent again outside the log: positions stay where they are
        in_order = header.first == header.last == header.after
    else:
        in_order = header.after < header.first <= header.last
    if not in_order:
        raise ProvinceError("bad_batch", "Vị trí nhật ký của lô dữ liệu không hợp lệ.")
    payload = protocol.payload_hash(header.rows)
    if batch.get("payload_hash") != payload or header.batch_id != protocol.batch_id(
            header.device_id, header.first, header.last, header.schema, payload):
        raise ProvinceError("corrupt", "Lô dữ liệu bị hỏng trên đường truyền (mã kiểm tra không khớp); "
                            "chương trình sẽ gửi lại.")
    return header


def apply_batch(session: Session, device: Device, batch: object, *, limits: protocol.Limits,
                now: datetime | None = None) -> dict:
    """Apply one batch in the caller's transaction and return its receipt (commit is the caller's)."""
    now = now or utc_now()
    header = read_header(device, batch, limits)
    done = session.get(Batch, header.batch_id)
    if done is not None:
        if done.commune_code != header.commune:
            raise Forbidden("wrong_commune", "Lô dữ liệu này thuộc về một xã khác.")
        return done.receipt
    # Locks the commune's row on PostgreSQL: two PCs of one commune apply one after the other.
    commune = session.get(Commune, header.commune, with_for_update=True)
    stream = session.get(Stream, header.device_id, with_for_update=True)
    if stream is not None and stream.commune_code != device.commune_code:
        raise Forbidden("device_taken", "Mã máy trong lô dữ liệu đang được dùng cho một xã khác.")
    if stream is not None and header.after != stream.position:
        raise Conflict("position_mismatch", f"Máy chủ đã nhận nhật ký của máy này đến vị trí {stream.position}, "
                       f"còn lô dữ liệu bắt đầu sau vị trí {header.after}.", position=stream.position)

    fork = _stream_fork(session, header, stream)
    decision = decide(session, header.commune, header.rows, fork=fork)
    _store_rows(session, header, decision)
    receipt = _receipt(header, decision, now, stream)
    session.add(Batch(id=header.batch_id, device_id=header.device_id, commune_code=header.commune,
                      after=header.after, first=header.first, last=header.last, repair=header.repair,
                      schema=header.schema, log_hash=header.log_hash, rows=len(header.rows), received_at=now,
                      receipt=receipt))
    if not header.repair:
        if stream is None:
            session.add(Stream(device_id=header.device_id, enrolment_id=device.id, commune_code=header.commune,
                               position=header.last, last_batch_id=header.batch_id, updated_at=now,
                               fork_device_id=fork[0] if fork else None, fork_position=fork[1] if fork else None))
        else:
            stream.position, stream.last_batch_id, stream.updated_at = header.last, header.batch_id, now
    commune.last_batch_id, commune.last_batch_at, commune.last_seen_at = header.batch_id, now, now
    session.flush()
    return receipt


def _stream_fork(session: Session, header: Header, stream: Stream | None) -> tuple[str, int] | None:
    """Where the pushing copy forked from a stream of its commune, if it did: from the stream
    once it exists, else from the batch, kept only if that stream is the commune's and went
    past the point (else nothing on the server is newer than the copy)."""
    if stream is not None:
        return (stream.fork_device_id, stream.fork_position) if stream.fork_device_id else None
    if header.fork is None:
        return None
    parent = session.get(Stream, header.fork[0])
    if parent is None or parent.commune_code != header.commune or parent.position <= header.fork[1]:
        return None
    return header.fork


def _receipt(header: Header, decision: Decision, now: datetime, stream: Stream | None) -> dict:
    accepted = Counter(table for table, *_ in decision.inserts) + Counter(table for table, *_ in decision.updates)
    position = (stream.position if stream else None) if header.repair else header.last
    return {
        "batch_id": header.batch_id, "device_id": header.device_id, "after": header.after,
        "first": header.first, "last": header.last, "repair": header.repair, "position": position,
        "received": len(header.rows), "accepted": dict(sorted(accepted.items())),
        "unchanged": decision.unchanged, "rejected": decision.rejected,
        "applied_at": now.strftime(protocol.TIMESTAMP_FORMAT),
    }


def _store_rows(session: Session, header: Header, decision: Decision) -> None:
    if decision.inserts:
        session.execute(insert(StoredRow), [
            {"table_name": table, "row_id": row["id"], "commune_code": header.commune, "version": row["version"],
             "deleted": row["deleted"], "row_hash": digest, "batch_id": header.batch_id, "data": row}
            for table, row, digest in decision.inserts])
    if decision.updates:
        session.execute(update(StoredRow), [
            {"table_name": table, "row_id": row["id"], "version": row["version"], "deleted": row["deleted"],
             "row_hash": digest, "batch_id": header.batch_id, "data": row}
            for table, row, digest, _ in decision.updates])
    _count(session, header.commune, decision)
    _keep_keys(session, header.commune, decision)


def _keep_keys(session: Session, commune: str, decision: Decision) -> None:
    """The changed rows give up the keys they held and take those they hold now."""
    changed = [(table, row) for table, row, _ in decision.inserts] + [(t, r) for t, r, _, _ in decision.updates]
    # New rows too: a row the server lost (restored from its backup) may have left its keys.
    for table in {t for t, _ in changed}:
        ids = [r["id"] for t, r in changed if t == table]
        for start in range(0, len(ids), CHUNK):
            session.execute(delete(RowKey).where(RowKey.commune_code == commune, RowKey.table_name == table,
                                                 RowKey.row_id.in_(ids[start:start + CHUNK])))
    keys = [{"commune_code": commune, "key_index": key.index, "key_value": value, "table_name": table,
             "row_id": row["id"]} for table, row in changed for key, value in keys_of(table, row)]
    if keys:
        session.execute(insert(RowKey), keys)


def _count(session: Session, commune: str, decision: Decision) -> None:
    live: Counter = Counter()
    total: Counter = Counter()
    for table, row, _ in decision.inserts:
        total[table] += 1
        live[table] += not row["deleted"]
    for table, row, _, old in decision.updates:
        live[table] += int(not row["deleted"]) - int(not old.deleted)
    tables = set(live) | set(total)
    if not tables:
        return
    counts = {c.table_name: c for c in session.scalars(
        select(RowCount).where(RowCount.commune_code == commune, RowCount.table_name.in_(tables)))}
    for table in tables:
        count = counts.get(table)
        if count is None:
            session.add(RowCount(commune_code=commune, table_name=table, live=live[table], total=total[table]))
        else:
            count.live += live[table]
            count.total += total[table]
