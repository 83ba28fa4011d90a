"""Finding rows that break a commune's business keys among those already stored: pushed
before the province kept the keys (revision 0004), from a second PC or an old copy of a
commune's file. The server keeps the key for one of them; the commune decides which row
stays, deletes the other on its PC and syncs."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.sync.protocol import SECONDS_FORMAT, TABLE_LABELS, describe
from desktop.sync.uniques import KEYS_BY_TABLE, duplicates
from province.models import Batch, Commune, RowKey, StoredRow


@dataclass(frozen=True)
class DuplicateRow:
    row_id: str
    name: str  # as the officer knows the row
    version: int
    keyed: bool  # the one the server counts as holding the key
    received_at: str  # when the batch that brought this version arrived (UTC, ISO)


@dataclass(frozen=True)
class DuplicateGroup:
    commune_code: str
    commune_name: str
    table: str
    label: str
    index: str
    rule: str
    rows: tuple[DuplicateRow, ...]


def find(session: Session, *, commune: str | None = None) -> list[DuplicateGroup]:
    """Every group of a commune's live rows sharing one business key, commune by commune."""
    query = select(Commune.code, Commune.name).order_by(Commune.code)
    communes = session.execute(query.where(Commune.code == commune) if commune else query).all()
    groups: list[DuplicateGroup] = []
    for code, name in communes:
        for table in sorted(KEYS_BY_TABLE):
            stored = session.execute(select(StoredRow.data, StoredRow.version, StoredRow.batch_id)
                                     .where(StoredRow.commune_code == code, StoredRow.table_name == table)
                                     .order_by(StoredRow.row_id)).all()
            found = duplicates((table, data) for data, _, _ in stored)
            if not found:
                continue
            about = {data["id"]: (version, batch) for data, version, batch in stored}
            keyed = {(i, r) for i, r in session.execute(select(RowKey.key_index, RowKey.row_id).where(
                RowKey.commune_code == code, RowKey.table_name == table))}
            received = dict(session.execute(select(Batch.id, Batch.received_at).where(
                Batch.id.in_({about[r["id"]][1] for _, rows in found for r in rows}))).all())
            for key, rows in found:
                groups.append(DuplicateGroup(code, name, table, TABLE_LABELS[table], key.index, key.rule, tuple(
                    DuplicateRow(r["id"], describe(table, r), about[r["id"]][0], (key.index, r["id"]) in keyed,
                                 _when(received.get(about[r["id"]][1])))
                    for r in rows)))
    return groups


def _when(moment) -> str:
    return moment.strftime(SECONDS_FORMAT) if moment is not None else ""
