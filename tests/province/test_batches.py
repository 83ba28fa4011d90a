"""The server's side of a push, on SQLite and on PostgreSQL: each row checked, a batch
applied once and in one transaction, versions ordered, receipts stored and repeated."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from desktop.sync import protocol
from desktop.sync.client import BatchTimeout, PositionMismatch, SyncError
from desktop.sync.push import push_all
from province.models import Batch, RowCount
from province.services import overview
from tests.conftest import COMMUNE
from tests.sync.checks import local_rows

STAMP = "2025-03-01T08:00:00.000000Z"


def hamlet(row_id: str, version: int = 1, name: str = "Thôn Đông") -> dict:
    return {"id": row_id, "version": version, "updated_at": STAMP, "deleted": False, "origin": "pc-1",
            "name": name, "kind": "thon", "valid_from": None, "valid_to": None, "note": ""}


def household(row_id: str, hamlet_id: str | None, code: str) -> dict:
    return {"id": row_id, "version": 1, "updated_at": STAMP, "deleted": False, "origin": "pc-1", "code": code,
            "hamlet_id": hamlet_id, "address": "", "phone": "", "poverty": "none", "head_id": None,
            "search_text": code.lower()}


def batch(rows: dict, *, after: int, last: int, device: str = "dev-test", commune: str = COMMUNE) -> dict:
    """A batch as the protocol defines it, built here rather than by the client's own code."""
    items = [{"table": table, "row": row} for (table, _), row in rows.items()]
    payload = protocol.payload_hash(items)
    return {"protocol": protocol.PROTOCOL, "device_id": device, "commune": commune, "schema": "0003",
            "after": after, "first": after + 1, "last": last, "repair": False, "log_hash": protocol.log_hash(()),
            "payload_hash": payload, "batch_id": protocol.batch_id(device, after + 1, last, "0003", payload),
            "rows": items}


def test_a_demo_commune_is_stored_counted_and_totalled(enrolled, client, province):
    report = push_all(enrolled, client, batch_rows=400)
    assert report.rejected == 0 and province.rows() == local_rows(enrolled)
    store = province.store()
    with store.session() as session:
        counts = {c.table_name: c.live for c in session.scalars(select(RowCount))}
        stats = overview.stats(session, year=2025)
    store.close()
    with enrolled.engine.connect() as conn:
        live = {t: conn.exec_driver_sql(f"SELECT count(*) FROM {t} WHERE deleted = 0").scalar() for t in counts}
        in_year = conn.exec_driver_sql("SELECT count(*) FROM activities WHERE start_date LIKE '2025%'").scalar()
    assert counts == live
    [commune] = stats["communes"]
    assert commune["households"] == 50 and commune["citizens"] == live["citizens"]
    assert commune["activities"] == in_year and commune["participations"] > 0
    assert commune["last_sync"] is not None and stats["totals"]["households"] == 50


def test_the_same_batch_twice_gets_the_same_receipt(device, province):
    body = batch({("hamlets", "h-1"): hamlet("h-1")}, after=0, last=1)
    first = device.send_batch(body)
    assert device.send_batch(body) == first
    assert first["accepted"] == {"hamlets": 1} and first["rejected"] == []
    store = province.store()
    with store.session() as session:
        assert len(session.scalars(select(Batch)).all()) == 1
    store.close()


def test_a_child_whose_parent_is_missing_is_rejected_and_its_sibling_kept(device, province):
    rows = {("hamlets", "h-1"): hamlet("h-1"),
            ("households", "hh-1"): household("hh-1", "h-1", "YX-001"),
            ("households", "hh-2"): household("hh-2", "h-nowhere", "YX-002")}
    receipt = device.send_batch(batch(rows, after=0, last=3))
    assert receipt["accepted"] == {"hamlets": 1, "households": 1}
    [rejected] = receipt["rejected"]
    assert (rejected["id"], rejected["code"]) == ("hh-2", "missing_parent")
    assert "Hộ gia đình «YX-002»" in rejected["reason"] and "hamlet_id" in rejected["reason"]
    # A later batch may name a parent the server already holds.
    later = device.send_batch(batch({("households", "hh-3"): household("hh-3", "h-1", "YX-003")}, after=3, last=4))
    assert later["accepted"] == {"households": 1}


def test_an_older_version_never_overwrites_a_newer_one(device, province):
    device.send_batch(batch({("hamlets", "h-1"): hamlet("h-1", 3, "Thôn Đông Mới")}, after=0, last=1))
    older = device.send_batch(batch({("hamlets", "h-1"): hamlet("h-1", 2, "Thôn Đông")}, after=1, last=2))
    [rejected] = older["rejected"]
    assert rejected["code"] == "stale" and "phiên bản 3" in rejected["reason"]
    same = device.send_batch(batch({("hamlets", "h-1"): hamlet("h-1", 3, "Thôn Đông Mới")}, after=2, last=3))
    assert same["unchanged"] == 1 and same["rejected"] == []
    clash = device.send_batch(batch({("hamlets", "h-1"): hamlet("h-1", 3, "Thôn Khác")}, after=3, last=4))
    assert clash["rejected"][0]["code"] == "conflict"
    assert province.rows()[("hamlets", "h-1")] == 3


def test_rows_of_a_bad_shape_are_rejected_one_by_one(device):
    bad = hamlet("h-2") | {"version": "một"}
    rows = {("hamlets", "h-1"): hamlet("h-1"), ("hamlets", "h-2"): bad, ("secrets", "s-1"): {"id": "s-1"}}
    receipt = device.send_batch(batch(rows, after=0, last=3))
    assert receipt["accepted"] == {"hamlets": 1}
    assert {r["code"] for r in receipt["rejected"]} == {"bad_row", "unknown_table"}


def test_whole_batches_are_refused_when_they_cannot_be_trusted(device):
    with pytest.raises(SyncError) as error:  # a token of Yên Xuân writing for another commune
        device.send_batch(batch({("hamlets", "h-1"): hamlet("h-1")}, after=0, last=1, commune="17344"))
    assert error.value.code == "wrong_commune" and error.value.status == 403

    body = batch({("hamlets", "h-1"): hamlet("h-1")}, after=0, last=1)
    body["rows"][0]["row"]["name"] = "Thôn Tây"  # changed after the hash was taken
    with pytest.raises(SyncError) as error:
        device.send_batch(body)
    assert error.value.code == "corrupt"

    device.send_batch(batch({("hamlets", "h-1"): hamlet("h-1")}, after=0, last=1))
    with pytest.raises(PositionMismatch) as error:  # a gap: the server holds position 1
        device.send_batch(batch({("hamlets", "h-2"): hamlet("h-2")}, after=5, last=6))
    assert error.value.extra["position"] == 1

    many = {("hamlets", f"h-{i}"): hamlet(f"h-{i}") for i in range(2001)}
    with pytest.raises(BatchTimeout) as error:
        device.send_batch(batch(many, after=1, last=2002))
    assert error.value.code == "too_large"
