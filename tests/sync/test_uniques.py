"""The business keys the province keeps (desktop.sync.uniques) are the commune database's
own unique indexes: same columns, same condition. A new unique index on a synced table
must be added there too, or the province would store what a restore cannot take back."""

from __future__ import annotations

import desktop.store.models  # noqa: F401  (the tables on Base.metadata)
from desktop.store.base import Base
from desktop.sync import protocol
from desktop.sync.uniques import ALWAYS, LIVE, LIVE_WITH_IDENTITY, STANDING, UNIQUE_KEYS, duplicates, keys_of

CONDITIONS = {None: ALWAYS, "deleted = 0": LIVE, "deleted = 0 AND identity_number IS NOT NULL": LIVE_WITH_IDENTITY,
              "deleted = 0 AND revoked_on IS NULL": STANDING}


def test_the_keys_are_the_unique_indexes_of_the_synced_tables():
    indexes = {}
    for name in protocol.TABLE_BY_NAME:
        for index in Base.metadata.tables[name].indexes:
            if index.unique:
                where = index.dialect_options["sqlite"]["where"]
                indexes[index.name] = (name, tuple(c.name for c in index.columns),
                                       CONDITIONS[None if where is None else str(where)])
    assert {k.index: (k.table, k.columns, k.applies) for k in UNIQUE_KEYS} == indexes


def test_a_key_holds_as_the_index_condition_says():
    citizen = {"id": "c-1", "deleted": False, "identity_number": None}
    assert keys_of("citizens", citizen) == []
    assert len(keys_of("citizens", citizen | {"identity_number": "040057956539"})) == 1
    assert keys_of("citizens", citizen | {"identity_number": "040057956539", "deleted": True}) == []
    standing = {"id": "g-1", "deleted": False, "year": 2025, "title": "gia-dinh", "subject_id": "hh-1",
                "revoked_on": None}
    assert len(keys_of("recognitions", standing)) == 1
    assert keys_of("recognitions", standing | {"revoked_on": "2025-12-20"}) == []
    certificate = {"id": "p-1", "deleted": True, "register_number": "01/2025", "year": 2025, "serial": 1}
    assert len(keys_of("certificates", certificate)) == 2  # numbers stay taken even when voided or deleted
    assert keys_of("hamlets", {"id": "h-1", "deleted": False, "name": "Thôn Đông"}) == []


def test_duplicates_are_grouped_by_key():
    rows = [("households", {"id": i, "deleted": False, "code": c}) for i, c in
            (("b", "YX-1"), ("a", "YX-1"), ("c", "YX-2"), ("d", "YX-2"), ("e", "YX-3"))]
    rows.append(("households", {"id": "f", "deleted": True, "code": "YX-3"}))
    groups = duplicates(rows)
    assert [[r["id"] for r in group] for _, group in groups] == [["a", "b"], ["c", "d"]]
    assert {key.index for key, _ in groups} == {"uq_households_code_live"}
