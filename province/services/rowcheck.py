"""Deciding, row by row, what a batch may change: shape, commune scope, versions, the
commune's business keys (one live household per code…), parents.

Every rejection carries a Vietnamese reason the commune officer reads in the program's
quarantine list, naming the row as the officer knows it (a household's code, a name).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.sync.protocol import TABLE_BY_NAME, TABLE_LABELS, check_row, describe, row_hash
from desktop.sync.uniques import keys_of
from province.models import Batch, Commune, RowKey, StoredRow

CHUNK = 500  # ids per IN (…) query


@dataclass(frozen=True)
class Stored:
    commune_code: str
    version: int
    row_hash: str
    deleted: bool
    batch_id: str


@dataclass
class Decision:
    """What to do with the rows of one batch."""

    inserts: list[tuple[str, dict, str]] = field(default_factory=list)  # (table, row, hash)
    updates: list[tuple[str, dict, str, Stored]] = field(default_factory=list)
    unchanged: int = 0
    rejected: list[dict] = field(default_factory=list)


def _reject(decision: Decision, table: str, row: dict | None, code: str, reason: str) -> None:
    row = row if isinstance(row, dict) else {}
    decision.rejected.append({"table": table, "id": row.get("id") if isinstance(row.get("id"), str) else None,
                              "version": row.get("version") if isinstance(row.get("version"), int) else None,
                              "code": code, "reason": reason})


def _stored(session: Session, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Stored]:
    """What the server holds of these (table, id) rows, whichever commune they belong to."""
    found: dict[tuple[str, str], Stored] = {}
    keys = set(keys)
    for table in {t for t, _ in keys}:  # table and id together: the primary key's order
        ids = sorted(i for t, i in keys if t == table)
        for start in range(0, len(ids), CHUNK):
            query = (select(StoredRow.row_id, StoredRow.commune_code, StoredRow.version, StoredRow.row_hash,
                            StoredRow.deleted, StoredRow.batch_id)
                     .where(StoredRow.table_name == table, StoredRow.row_id.in_(ids[start:start + CHUNK])))
            for row_id, commune, version, digest, deleted, batch_id in session.execute(query):
                found[(table, row_id)] = Stored(commune, version, digest, deleted, batch_id)
    return found


def _commune_names(session: Session, codes: set[str]) -> dict[str, str]:
    if not codes:
        return {}
    return dict(session.execute(select(Commune.code, Commune.name).where(Commune.code.in_(codes))).all())


def decide(session: Session, commune_code: str, items: list, *, fork: tuple[str, int] | None = None) -> Decision:
    decision = Decision()
    rows: dict[tuple[str, str], dict] = {}
    for item in items:
        table = item.get("table") if isinstance(item, dict) else None
        row = item.get("row") if isinstance(item, dict) else None
        problem = check_row(str(table), row)
        if problem is not None:
            code, detail = problem
            name = describe(table, row) if isinstance(row, dict) and table in TABLE_BY_NAME else f"Bản ghi bảng {table}"
            _reject(decision, str(table), row, code, f"{name}: dữ liệu không hợp lệ — {detail}.")
            continue
        key = (table, row["id"])
        # The client collapses repeats of a row; if one slips through, the newest version stands.
        if key not in rows or rows[key]["version"] < row["version"]:
            rows[key] = row

    stored = _stored(session, rows)
    foreign = {s.commune_code for k, s in stored.items() if k in rows and s.commune_code != commune_code}
    names = _commune_names(session, foreign)
    for key in [k for k in rows if k in stored and stored[k].commune_code != commune_code]:
        other = stored[key].commune_code
        row = rows.pop(key)
        _reject(decision, key[0], row, "other_commune",
                f"{describe(key[0], row)}: mã bản ghi này đã thuộc về {names.get(other, 'xã khác')} (mã {other}); "
                "máy chủ không ghi đè dữ liệu của xã khác.")

    _check_versions(rows, stored, decision)
    if fork is not None:
        _check_fork(session, fork, rows, stored, decision)
    _check_keys(session, commune_code, rows, stored, decision)
    _check_parents(session, commune_code, rows, stored, decision)
    for (table, row_id), row in rows.items():
        old = stored.get((table, row_id))
        if old is None:
            decision.inserts.append((table, row, row_hash(row)))
        else:
            decision.updates.append((table, row, row_hash(row), old))
    return decision


def _check_versions(rows: dict, stored: dict, decision: Decision) -> None:
    """Leaves in `rows` only what changes the server: new rows and newer versions."""
    for key in list(rows):
        table, _ = key
        row, old = rows[key], stored.get(key)
        if old is None or row["version"] > old.version:
            continue
        del rows[key]
        if row["version"] == old.version and row_hash(row) == old.row_hash:
            decision.unchanged += 1
        elif row["version"] == old.version:
            _reject(decision, table, row, "conflict",
                    f"{describe(table, row)}: máy chủ đã có phiên bản {old.version} của bản ghi này với nội dung "
                    "khác (bản ghi được sửa trên một máy khác?). Hãy kiểm tra và sửa lại bản ghi.")
        else:
            _reject(decision, table, row, "stale",
                    f"{describe(table, row)}: máy chủ đã có phiên bản mới hơn (phiên bản {old.version}, bản gửi "
                    f"lên là {row['version']}); có thể cơ sở dữ liệu trên máy được khôi phục từ bản sao lưu cũ.")


def _check_fork(session: Session, fork: tuple[str, int], rows: dict, stored: dict, decision: Decision) -> None:
    """An older copy of a file does not overwrite what its original changed after the copy
    was taken (the work its officer lost when the copy was put back), whatever the version."""
    device_id, position = fork
    changing = sorted({stored[k].batch_id for k in rows if k in stored})
    later = set()
    for start in range(0, len(changing), CHUNK):
        later |= set(session.scalars(select(Batch.id).where(
            Batch.id.in_(changing[start:start + CHUNK]), Batch.device_id == device_id, Batch.first > position)))
    for key in [k for k in rows if k in stored and stored[k].batch_id in later]:
        row = rows.pop(key)
        _reject(decision, key[0], row, "diverged",
                f"{describe(key[0], row)}: bản ghi này đã được sửa sau thời điểm của bản sao dữ liệu mà máy này "
                "đang dùng (bản sao lưu cũ được chép lại?); máy chủ giữ bản sửa sau đó, không ghi đè. Hãy đối "
                "chiếu với cán bộ đã sửa rồi sửa lại bản ghi trên máy này nếu cần.")


def _key_owners(session: Session, commune_code: str, wanted: set[tuple[str, str]]) -> dict:
    """Which stored row holds each of these (index, value) keys of the commune."""
    owners: dict[tuple[str, str], tuple[str, str]] = {}
    for index in {i for i, _ in wanted}:
        values = sorted(v for i, v in wanted if i == index)
        for start in range(0, len(values), CHUNK):
            query = (select(RowKey.key_value, RowKey.table_name, RowKey.row_id)
                     .where(RowKey.commune_code == commune_code, RowKey.key_index == index,
                            RowKey.key_value.in_(values[start:start + CHUNK])))
            for value, table, row_id in session.execute(query):
                owners[(index, value)] = (table, row_id)
    return owners


def _check_keys(session: Session, commune_code: str, rows: dict, stored: dict, decision: Decision) -> None:
    """One row of the commune per business key, as the commune's unique indexes have it.

    A row of the batch gives up its stored keys only if it is accepted, so the check runs
    until no refusal frees or takes a key any more. Of rows of the batch claiming one key,
    the one that holds it already keeps it, else the first sent."""
    claims = {k: keys_of(k[0], row) for k, row in rows.items()}
    owners = _key_owners(session, commune_code, {(key.index, value) for ks in claims.values() for key, value in ks})
    order = {k: n for n, k in enumerate(rows)}
    accepted = set(rows)
    while True:
        holders: dict[tuple[str, str], list] = {}
        for held, owner in owners.items():
            if owner not in accepted:
                holders.setdefault(held, []).append(owner)
        for k in sorted(accepted, key=order.get):
            for key, value in claims[k]:
                holders.setdefault((key.index, value), []).append(k)
        losers: dict[tuple[str, str], tuple] = {}
        for held, who in holders.items():
            if len(who) < 2:
                continue
            keeper = next((w for w in who if w not in accepted), None) or next(
                (w for w in who if owners.get(held) == w), who[0])
            losers.update({w: (held, keeper) for w in who if w != keeper and w in accepted and w not in losers})
        if not losers:
            return
        for k, ((index, _), keeper) in losers.items():
            accepted.discard(k)
            row = rows.pop(k)
            rule = next(key.rule for key, _ in claims[k] if key.index == index)
            where = "đã có trên máy chủ tỉnh" if keeper not in order else "cũng có trong lần gửi này"
            _reject(decision, k[0], row, "duplicate",
                    f"{describe(k[0], row)}: trùng với một bản ghi khác của xã {where} (mã {keeper[1][:8]}), "
                    f"trong khi {rule}. Máy chủ không lưu bản thứ hai. Có thể xã đang nhập liệu trên hai máy, hoặc "
                    "máy này dùng một bản sao lưu cũ: hãy đối chiếu, giữ một bản và sửa hoặc xóa bản kia.")


def _check_parents(session: Session, commune_code: str, rows: dict, stored: dict, decision: Decision) -> None:
    """A row whose parent is neither in this batch (and valid) nor stored for the commune is
    rejected; rejecting it may orphan its own children in the batch, hence the loop."""
    wanted = {(c.references, row[c.name]) for (table, _), row in rows.items()
              for c in TABLE_BY_NAME[table].references if row.get(c.name) is not None}
    known = {k for k, s in _stored(session, (k for k in wanted if k not in rows)).items()
             if s.commune_code == commune_code}
    known |= {k for k, s in stored.items() if s.commune_code == commune_code}
    changed = True
    while changed:
        changed = False
        for key in list(rows):
            table, _ = key
            row = rows[key]
            missing = [c for c in TABLE_BY_NAME[table].references if row.get(c.name) is not None
                       and (c.references, row[c.name]) not in rows and (c.references, row[c.name]) not in known]
            if missing:
                del rows[key]
                changed = True
                column = missing[0]
                _reject(decision, table, row, "missing_parent",
                        f"{describe(table, row)}: thiếu {TABLE_LABELS[column.references].lower()} mà bản ghi này "
                        f"tham chiếu (cột {column.name}); bản ghi đó chưa được gửi lên hoặc đã bị từ chối.")
