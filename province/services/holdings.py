"""What the server holds for a commune, as its PCs ask for it: how far a device's log was
applied (to resume), per-table counts and digests (to compare), and pages of rows (to
repair and to restore onto a new PC)."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.sync.protocol import TABLE_BY_NAME, TABLES, versions_digest
from province.errors import Forbidden, NotFound, ProvinceError
from province.models import Batch, Device, StoredRow, Stream


def position(session: Session, device: Device, stream_id: str) -> dict:
    """The last position applied for a device's log, with the last batch and its receipt:
    a client that lost that receipt checks the batch against its own log and adopts it."""
    stream = session.get(Stream, stream_id)
    if stream is None:
        return {"device_id": stream_id, "position": None, "last_batch": None}
    if stream.commune_code != device.commune_code:
        raise Forbidden("device_taken", "Mã máy này đang được dùng cho một xã khác.")
    batch = session.get(Batch, stream.last_batch_id)
    return {
        "device_id": stream_id, "position": stream.position,
        "last_batch": {"batch_id": batch.id, "after": batch.after, "first": batch.first, "last": batch.last,
                       "log_hash": batch.log_hash, "receipt": batch.receipt},
    }


def summary(session: Session, commune_code: str) -> dict:
    """Per table: how many rows (tombstones included) and a digest of their (id, version)."""
    pairs: dict[str, list[tuple[str, int]]] = defaultdict(list)
    query = (select(StoredRow.table_name, StoredRow.row_id, StoredRow.version)
             .where(StoredRow.commune_code == commune_code))
    for table, row_id, version in session.execute(query.execution_options(yield_per=5000)):
        pairs[table].append((row_id, version))
    return {"commune": commune_code,
            "tables": {t.name: {"count": len(pairs[t.name]), "digest": versions_digest(pairs[t.name])}
                       for t in TABLES}}


def page(session: Session, commune_code: str, table: str, *, after: str, limit: int, full: bool) -> dict:
    """Rows of one table after an id, in id order: whole rows, or just [id, version]."""
    if table not in TABLE_BY_NAME:
        raise NotFound("unknown_table", f"Bảng “{table[:40]}” không thuộc dữ liệu đồng bộ.")
    if limit < 1:
        raise ProvinceError("bad_request", "Số dòng mỗi trang phải lớn hơn 0.")
    columns = (StoredRow.row_id, StoredRow.version, StoredRow.data) if full else (StoredRow.row_id, StoredRow.version)
    query = (select(*columns).where(StoredRow.commune_code == commune_code, StoredRow.table_name == table,
                                    StoredRow.row_id > after)
             .order_by(StoredRow.row_id).limit(limit))
    found = session.execute(query).all()
    rows = [r.data for r in found] if full else [[r.row_id, r.version] for r in found]
    return {"table": table, "rows": rows, "next": found[-1].row_id if len(found) == limit else None}
