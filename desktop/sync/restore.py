"""Disaster recovery: a new PC, enrolled for its commune, takes back all of the commune's
rows from the province, page by page.

Rows are written with Core inserts on one connection, with their original version and
origin and no change-log entry (they come from the server; sending them back would be
noise). Foreign keys are checked once at the end instead of on each insert, so every page
commits on its own and an interrupted restore goes on where it stopped. Each page is one
short `step` (steps.py) with a connection of its own; the download between pages is not.

A row this database cannot take (malformed, or breaking a unique rule because the
province stored two copies before it kept the commune's keys) is skipped and reported by
table, id and rule, never by its values: the restore finishes, and no message or log line
carries a person's data.
"""

from __future__ import annotations

import json
import logging
import re
import time
from dataclasses import dataclass, field
from typing import Callable, TypeVar

from sqlalchemy import delete, func, insert, select
from sqlalchemy.dialects.sqlite import insert as upsert
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError, StatementError
from sqlalchemy.orm import Session

from desktop.domain.errors import ConflictError
from desktop.domain.progress import Progress
from desktop.store.db import Database
from desktop.store.models import ChangeLog, LearningCentre, LocalSetting
from desktop.store.search import rebuild_indexes
from desktop.sync import outbox, protocol, state
from desktop.sync.client import SyncClient, SyncError
from desktop.sync.steps import Step, inline
from desktop.sync.uniques import KEYS_BY_TABLE

log = logging.getLogger(__name__)
SKIPPED = "sync_restore_skipped"  # rows skipped so far by a restore under way (JSON list)
T = TypeVar("T")


@dataclass(frozen=True)
class RestoreReport:
    rows: dict[str, int]
    seconds: float
    problems: list[str] = field(default_factory=list)  # broken references found at the end
    skipped: list[dict] = field(default_factory=list)  # {table, id, reason}: rows this PC could not store

    def to_dict(self) -> dict:
        return {"rows": self.rows, "total": sum(self.rows.values()), "seconds": self.seconds,
                "problems": self.problems, "skipped": self.skipped}

    @property
    def skipped_lines(self) -> list[str]:
        return [f"{protocol.TABLE_LABELS.get(s['table'], s['table'])} (mã {s['id']}): {s['reason']}"
                for s in self.skipped]


def _decode(table: str, row: dict) -> dict:
    spec = protocol.TABLE_BY_NAME[table]
    return {c.name: protocol.decode_value(c.kind, row.get(c.name)) for c in spec.columns}


_UNIQUE = re.compile(r"UNIQUE constraint failed: (.+)")
_NOT_NULL = re.compile(r"NOT NULL constraint failed: \w+\.(\w+)")


def _why(table: str, error: BaseException) -> str:
    """The database's refusal in words, from its message alone (never the SQL parameters)."""
    text = str(getattr(error, "orig", None) or error)
    if match := _UNIQUE.search(text):
        columns = tuple(c.strip().split(".")[-1] for c in match[1].split(","))
        rule = next((k.rule for k in KEYS_BY_TABLE.get(table, ()) if k.columns == columns), None)
        return (f"trùng với một bản ghi đã khôi phục, trong khi {rule}" if rule
                else f"trùng giá trị cột {', '.join(columns)} với một bản ghi đã khôi phục")
    if match := _NOT_NULL.search(text):
        return f"thiếu giá trị cột {match[1]}"
    return f"cơ sở dữ liệu không nhận bản ghi ({type(getattr(error, 'orig', None) or error).__name__})"


def _store_page(conn: Connection, table: str, rows: list) -> tuple[int, list[dict]]:
    """Insert a page; if the page as a whole is refused, row by row, skipping what fails.
    Returns (rows stored, rows skipped)."""
    skipped, good = [], []
    for row in rows:
        problem = protocol.check_row(table, row)
        if problem is not None:
            skipped.append(_skip(table, row, f"dữ liệu không hợp lệ — {problem[1]}"))
            continue
        try:
            good.append(_decode(table, row))
        except (ValueError, OverflowError) as error:
            skipped.append(_skip(table, row, f"dữ liệu không hợp lệ ({type(error).__name__})"))
    if not good:
        return 0, skipped
    try:
        with conn.begin_nested():
            conn.execute(insert(outbox.TABLES[table]), good)
        return len(good), skipped
    except (DBAPIError, StatementError, OverflowError):
        pass
    stored = 0
    for row in good:
        try:
            with conn.begin_nested():
                conn.execute(insert(outbox.TABLES[table]), [row])
            stored += 1
        except (DBAPIError, StatementError, OverflowError) as error:
            skipped.append(_skip(table, row, _why(table, error)))
    return stored, skipped


def _skip(table: str, row: object, reason: str) -> dict:
    row_id = row.get("id") if isinstance(row, dict) else None
    row_id = row_id[:protocol.MAX_ID_LENGTH] if isinstance(row_id, str) else "?"
    log.warning("restore skipped a row of %s (id %s): %s", table, row_id, reason)
    return {"table": table, "id": row_id, "reason": reason}


def _save_skipped(conn: Connection, skipped: list[dict]) -> None:
    value = json.dumps(skipped, ensure_ascii=False)
    conn.execute(upsert(LocalSetting).values(key=SKIPPED, value=value)
                 .on_conflict_do_update(index_elements=["key"], set_={"value": value}))


def _load_skipped(conn: Connection) -> list[dict]:
    value = conn.execute(select(LocalSetting.value).where(LocalSetting.key == SKIPPED)).scalar()
    try:
        found = json.loads(value) if value else []
    except ValueError:
        return []
    return found if isinstance(found, list) else []


def _save_cursor(conn: Connection, cursor: dict) -> None:
    value = protocol.canonical(cursor).decode()
    conn.execute(upsert(LocalSetting).values(key=state.RESTORE, value=value)
                 .on_conflict_do_update(index_elements=["key"], set_={"value": value}))


def is_fresh(session: Session) -> bool:
    """As `xhht init` made it: nothing entered but the default learning centre, never synced."""
    live = {name: session.scalar(select(func.count()).select_from(table)) for name, table in outbox.TABLES.items()}
    extra = {n: c for n, c in live.items() if c and not (n == LearningCentre.__tablename__ and c == 1)}
    return not extra and not state.read(session).acked


def _prepare(db: Database) -> dict:
    """Only a database as `xhht init` made it may be restored into. Its own rows (the default
    learning centre) never left this PC: they give way to the commune's real ones."""
    with db.session() as session:
        if not is_fresh(session):
            raise ConflictError("Chỉ khôi phục được vào một cơ sở dữ liệu mới tạo (chưa nhập dữ liệu, chưa đồng bộ). "
                                "Hãy tạo tệp mới bằng lệnh xhht init --commune MÃ_XÃ, đăng ký máy, rồi khôi phục "
                                "vào tệp đó.", code="not_fresh")
        last = session.scalar(select(func.coalesce(func.max(ChangeLog.position), 0))) or 0
        session.execute(delete(outbox.TABLES[LearningCentre.__tablename__]))
        session.execute(delete(ChangeLog))
        state.write_acked(session, last)  # the next edit gets a later position (AUTOINCREMENT)
        cursor = {"table": protocol.TABLES[0].name, "after": ""}
        _save_cursor(session.connection(), cursor)
        session.commit()
    return cursor


def restore(db: Database, client: SyncClient, *, progress: Progress | None = None,
            step: Step = inline) -> RestoreReport:
    progress = progress or Progress()
    client.cancelled = lambda: progress.cancelled
    started = time.perf_counter()
    limits = client.check()
    held = client.summary()["tables"]
    if not sum(t["count"] for t in held.values()):
        raise SyncError("Máy chủ tỉnh chưa có dữ liệu nào của xã này: không có gì để khôi phục.", code="nothing")
    cursor = step(lambda: _cursor(db)) or step(lambda: _prepare(db))
    progress.start(sum(t["count"] for t in held.values()), "Đang khôi phục dữ liệu của xã từ máy chủ tỉnh…")
    counts = dict.fromkeys(outbox.TABLES, 0)
    start = protocol.TABLE_ORDER.get(cursor["table"], len(protocol.TABLES))  # "": every table is done
    skipped = step(lambda: _skipped_so_far(db))  # those of the interrupted run, if this one resumes it
    for spec in protocol.TABLES[start:]:
        after = cursor["after"] if spec.name == cursor["table"] else ""
        while True:
            page = client.rows(spec.name, after=after, limit=limits.page_rows, full=True)
            rows = page["rows"] if isinstance(page.get("rows"), list) else []
            after = page.get("next") or ""
            following = {"table": spec.name, "after": after} if after else _next(spec.name)
            stored, refused = step(lambda: _with_fks_off(db, lambda conn: _keep_page(
                conn, spec.name, rows, skipped, following)))
            skipped += refused
            counts[spec.name] += stored
            progress.advance(len(rows))
            if not after:
                break
    problems = step(lambda: _with_fks_off(db, _broken_references))
    step(lambda: _finish(db))
    return RestoreReport(counts, round(time.perf_counter() - started, 3), problems, skipped)


def _cursor(db: Database) -> dict | None:
    with db.session() as session:
        return state.restore_cursor(session)


def _skipped_so_far(db: Database) -> list[dict]:
    with db.engine.connect() as conn:
        return _load_skipped(conn)


def _with_fks_off(db: Database, work: Callable[[Connection], T]) -> T:
    """`work(conn)` on a connection of its own with foreign keys off (the rows of a page may
    point at rows of a later table), back on before the connection returns to the pool."""
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys=OFF")  # only outside a transaction: none is open yet
        conn.commit()
        try:
            return work(conn)
        finally:
            conn.rollback()
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")
            conn.commit()


def _keep_page(conn: Connection, table: str, rows: list, skipped: list[dict],
               following: dict) -> tuple[int, list[dict]]:
    """Store a page and move the cursor past it, in one transaction; (stored, newly skipped)."""
    with conn.begin():
        stored, refused = _store_page(conn, table, rows)
        if refused:
            _save_skipped(conn, skipped + refused)
        _save_cursor(conn, following)
    return stored, refused


def _broken_references(conn: Connection) -> list[str]:
    return [f"{r[0]} → {r[2]}" for r in conn.exec_driver_sql("PRAGMA foreign_key_check")]


def _finish(db: Database) -> None:
    with db.session() as session:
        rebuild_indexes(session)  # the search indexes follow the restored rows
        session.execute(delete(LocalSetting).where(LocalSetting.key.in_([state.RESTORE, SKIPPED])))
        session.commit()


def _next(table: str) -> dict:
    following = protocol.TABLE_ORDER[table] + 1
    return {"table": protocol.TABLES[following].name if following < len(protocol.TABLES) else "", "after": ""}
