"""The wire protocol: its description of the synced tables is the commune database's
(checked against the models, so the two never drift), and it loads with the standard
library alone (the province server imports it)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy import Boolean, Date, Float, Integer, String, Text

from desktop.store.base import Base, UTCTimestamp
from desktop.store.models import SYNCED_MODELS
from desktop.sync import protocol

KINDS = ((UTCTimestamp, "timestamp"), (Boolean, "bool"), (Date, "date"), (Float, "float"), (Integer, "int"),
         (Text, "text"), (String, "text"))


def kind_of(column) -> str:
    return next(kind for sql_type, kind in KINDS if isinstance(column.type, sql_type))


def test_every_synced_table_is_described_and_nothing_else():
    assert {t.name for t in protocol.TABLES} == {m.__tablename__ for m in SYNCED_MODELS}


@pytest.mark.parametrize("spec", protocol.TABLES, ids=lambda s: s.name)
def test_the_description_matches_the_model(spec):
    table = Base.metadata.tables[spec.name]
    described = {c.name: c for c in spec.columns}
    assert set(described) == set(table.columns.keys())
    for column in table.columns:
        wire = described[column.name]
        assert wire.kind == kind_of(column), column.name
        assert wire.nullable == bool(column.nullable), column.name
        parents = {fk.column.table.name for fk in column.foreign_keys}
        assert {wire.references} - {None} == parents, column.name
        deferred = any(fk.constraint.deferrable for fk in column.foreign_keys)
        assert wire.deferred == deferred, column.name


def test_parents_come_before_children_in_push_order():
    for spec in protocol.TABLES:
        for column in spec.references:
            if not column.deferred:
                assert protocol.TABLE_ORDER[column.references] < protocol.TABLE_ORDER[spec.name], column


def test_the_protocol_loads_without_sqlalchemy_requests_or_qt():
    code = ("import sys; import desktop.sync.protocol; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'requests', 'PySide6')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout.strip() == "[]"


def test_a_row_is_checked_for_columns_and_kinds():
    row = {"id": "h-1", "version": 1, "updated_at": "2025-01-02T03:04:05.000006Z", "deleted": False, "origin": "pc",
           "name": "Thôn Đông", "kind": "thon", "note": "", "valid_from": "2025-01-01"}
    assert protocol.check_row("hamlets", row) is None  # valid_to absent: a nullable column an old client lacks
    assert protocol.check_row("hamlets", row | {"colour": "red"})[0] == "unknown_column"
    code, reason = protocol.check_row("hamlets", row | {"version": "2", "valid_from": "2025-02-30"})
    assert code == "bad_row" and "version" in reason and "valid_from" in reason
    assert protocol.check_row("passwords", row)[0] == "unknown_table"
    assert protocol.check_row("hamlets", row | {"deleted": 0})[0] == "bad_row"  # 0 is not a boolean


def test_ids_and_hashes_are_stable_and_tell_batches_apart():
    rows = [{"table": "hamlets", "row": {"id": "a", "version": 1}}]
    payload = protocol.payload_hash(rows)
    assert payload == protocol.payload_hash([{"row": {"version": 1, "id": "a"}, "table": "hamlets"}])
    one = protocol.batch_id("dev", 1, 10, "0003", payload)
    assert one == protocol.batch_id("dev", 1, 10, "0003", payload)
    assert one != protocol.batch_id("dev", 1, 11, "0003", payload)
    assert one != protocol.batch_id("other", 1, 10, "0003", payload)
    assert protocol.versions_digest([("b", 2), ("a", 1)]) == protocol.versions_digest([("a", 1), ("b", 2)])


def test_gzip_bodies_are_bounded():
    body = protocol.pack({"rows": ["x" * 1000] * 100})
    assert protocol.unpack(body, limit=200_000)["rows"][0] == "x" * 1000
    with pytest.raises(protocol.TooLarge):
        protocol.unpack(protocol.pack("0" * 5_000_000), limit=100_000)  # 5 MB of zeros is a few kB on the wire
