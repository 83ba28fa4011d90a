"""After a push: does the server hold what this PC holds? Per table, the row count and a
digest of (id, version) are compared; where they differ, the two id lists are compared
and every row the server lacks (or holds an older version of) is sent again."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select

from desktop.domain.progress import Progress
from desktop.store import migrate
from desktop.store.db import Database
from desktop.sync import outbox, protocol, state
from desktop.sync.client import SyncClient
from desktop.sync.receipts import record_receipt
from desktop.sync.steps import Step, inline


@dataclass(frozen=True)
class TableCheck:
    table: str
    local: int
    server: int
    missing: int  # rows here the server lacks or holds older, before repair
    repaired: int  # of those, taken by the server on re-sending
    quarantined: int  # of those, refused again: in quarantine with the reason
    server_only: int  # rows the server holds and this PC does not (an older copy of the database?)
    server_newer: int  # rows the server holds in a newer version than this PC

    @property
    def ok(self) -> bool:
        return self.missing == self.repaired + self.quarantined and not self.server_only and not self.server_newer


@dataclass(frozen=True)
class VerifyReport:
    tables: tuple[TableCheck, ...]  # only the tables that differed

    @property
    def ok(self) -> bool:
        return all(t.ok for t in self.tables)

    @property
    def repaired(self) -> int:
        return sum(t.repaired for t in self.tables)

    def to_dict(self) -> dict:
        return {"ok": self.ok, "repaired": self.repaired,
                "tables": [t.__dict__ | {"ok": t.ok} for t in self.tables]}


def local_versions(db: Database) -> dict[str, dict[str, int]]:
    versions: dict[str, dict[str, int]] = {}
    with db.engine.connect() as conn:
        for name, table in outbox.TABLES.items():
            versions[name] = dict(conn.execute(select(table.c.id, table.c.version)).all())
    return versions


def server_versions(client: SyncClient, table: str, page: int) -> dict[str, int]:
    found: dict[str, int] = {}
    after = ""
    while True:
        answer = client.rows(table, after=after, limit=page, full=False)
        found.update((row_id, version) for row_id, version in answer["rows"])
        if not answer.get("next"):
            return found
        after = answer["next"]


def verify(db: Database, client: SyncClient, *, progress: Progress | None = None, repair: bool = True,
           max_rows: int = protocol.DEFAULT_BATCH_ROWS, step: Step = inline) -> VerifyReport:
    progress = progress or Progress()
    progress.advance(0, "Đang đối chiếu số liệu với máy chủ tỉnh…")
    mine = step(lambda: local_versions(db))
    theirs = client.summary()["tables"]
    differing = [name for name, versions in mine.items()
                 if theirs.get(name, {}).get("count") != len(versions)
                 or theirs[name]["digest"] != protocol.versions_digest(versions.items())]
    if not differing:
        return VerifyReport(())
    page = protocol.Limits().page_rows
    found: dict[str, dict] = {}
    to_send: list[tuple[str, str]] = []
    for name in differing:
        server = server_versions(client, name, page)
        local = mine[name]
        missing = [i for i, v in local.items() if server.get(i, 0) < v]
        found[name] = {"local": len(local), "server": len(server), "missing": missing,
                       "server_only": sum(1 for i in server if i not in local),
                       "server_newer": sum(1 for i, v in server.items() if i in local and v > local[i])}
        to_send += [(name, i) for i in missing]
    refused: dict[str, int] = defaultdict(int)
    if repair and to_send:
        refused = _repair(db, client, to_send, max_rows, step)
    return VerifyReport(tuple(
        TableCheck(name, f["local"], f["server"], len(f["missing"]),
                   len(f["missing"]) - refused[name] if repair else 0, refused[name], f["server_only"],
                   f["server_newer"])
        for name, f in found.items()))


def _repair(db: Database, client: SyncClient, keys: list[tuple[str, str]], max_rows: int,
            step: Step) -> dict[str, int]:
    refused: dict[str, int] = defaultdict(int)
    batches, fork = step(lambda: _repair_batches(db, keys, max_rows))
    for batch in batches:
        receipt = client.send_batch(outbox.with_fork(batch.body, fork))
        step(lambda: record_receipt(db, batch, receipt))
        for r in receipt.get("rejected", []):
            refused[r["table"]] += 1
    return refused


def _repair_batches(db: Database, keys: list[tuple[str, str]], max_rows: int) -> tuple[list, dict | None]:
    with db.session() as session:
        position, fork = state.read(session).acked, state.fork(session)
    schema = migrate.current_revision(db.engine) or "none"
    with db.engine.connect() as conn:
        return list(outbox.repair_batches(conn, keys, position=position, device_id=db.device_id,
                                          commune=state.commune_code(db), schema=schema, max_rows=max_rows)), fork
