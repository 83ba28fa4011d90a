"""Any interruption at any point — a lost receipt, a dropped line, a server restarted or
killed mid-batch, an answer too slow — loses nothing and applies nothing twice."""

from __future__ import annotations

import threading
import time
from itertools import pairwise

import pytest
from sqlalchemy import select

from desktop.domain.progress import Progress
from desktop.store import migrate
from desktop.store.models import Citizen
from desktop.sync import outbox, state
from desktop.sync.client import Offline, RetryPolicy, ServerFailed, SyncClient
from desktop.sync.push import push_all
from desktop.sync.service import enroll
from province.models import Batch
from tests.sync.checks import local_rows
from tests.sync.live import FAST, ProcessServer, Proxy, client_for
from tests.sync.unreachable import WebSite


def applied_batches(province) -> list[Batch]:
    store = province.store()
    try:
        with store.session() as session:
            return list(session.scalars(select(Batch).where(Batch.repair.is_(False)).order_by(Batch.after)))
    finally:
        store.close()


def assert_applied_once_without_gaps(province, db) -> None:
    """The server's batches chain the log exactly once, and it holds every row as this PC does."""
    batches = applied_batches(province)
    assert batches, "nothing was applied"
    for before, after in pairwise(batches):
        assert after.after == before.last and after.first > before.last
    with db.session() as session:
        assert batches[-1].last == state.read(session).acked
    assert province.rows() == local_rows(db)


def first_batch(db, rows: int = 300) -> outbox.Outgoing:
    with db.engine.connect() as conn:
        return outbox.next_batch(conn, after=0, device_id=db.device_id, commune=db.commune_code,
                                 schema=migrate.current_revision(db.engine), max_rows=rows, max_bytes=10_000_000)


def test_the_same_batch_sent_twice_is_applied_once_and_answered_alike(enrolled, client, province):
    batch = first_batch(enrolled)
    receipt = client.send_batch(batch.body)
    assert client.send_batch(batch.body) == receipt
    assert sum(receipt["accepted"].values()) == len(batch.keys) and receipt["position"] == batch.last
    assert len(applied_batches(province)) == 1
    assert len(province.rows()) == len(batch.keys)


def test_a_lost_receipt_is_adopted_not_sent_again(enrolled, client, province):
    batch = first_batch(enrolled)
    client.send_batch(batch.body)  # applied on the server; the PC "crashes" before recording it
    with enrolled.session() as session:  # and the officer edits a row of that batch meanwhile
        citizen = session.get(Citizen, next(i for t, i in batch.keys if t == "citizens"))
        citizen.occupation = "Giáo viên"
        session.commit()
    report = push_all(enrolled, client)
    assert report.resumed == "lost_receipt"
    assert_applied_once_without_gaps(province, enrolled)
    assert province.rows()[("citizens", citizen.id)] == 2


def test_a_line_dropped_after_the_server_applied_a_batch(enrolled, province):
    # The second batch reaches the server, its receipt never comes back: the client sends the
    # same batch again and gets the stored receipt.
    proxy = Proxy(province.port, lambda method, path, n: "drop_after" if path.endswith("/batches") and n == 1
                  else "pass")
    try:
        report = push_all(enrolled, client_for(enrolled, proxy.url), batch_rows=300)
    finally:
        proxy.close()
    assert proxy.counts[("POST", "/api/v1/batches")] == report.batches + 1
    assert_applied_once_without_gaps(province, enrolled)


def test_a_line_dropped_before_the_server_saw_the_batch(enrolled, province):
    proxy = Proxy(province.port, lambda method, path, n: "drop_before" if path.endswith("/batches") and n < 2
                  else "pass")
    try:
        push_all(enrolled, client_for(enrolled, proxy.url), batch_rows=300)
    finally:
        proxy.close()
    assert_applied_once_without_gaps(province, enrolled)


def test_the_server_restarts_mid_push(enrolled, client, province):
    restarted = threading.Event()

    def after_each_batch(progress: Progress) -> None:
        if progress.done and not restarted.is_set():
            restarted.set()
            province.stop()  # the province's admin restarts the service
            threading.Timer(0.4, province.start).start()

    push_all(enrolled, client, progress=Progress(listener=after_each_batch), batch_rows=300)
    assert restarted.is_set()
    assert_applied_once_without_gaps(province, enrolled)


def test_killing_the_server_in_the_middle_of_a_batch_loses_nothing(demo_db, tmp_path):
    server = ProcessServer(f"sqlite:///{tmp_path / 'tinh.sqlite'}", tmp_path / "server.log").start()

    def power_cut() -> None:
        server.kill()
        threading.Thread(target=server.start).start()  # back on the same port a moment later

    proxy = Proxy(server.port, lambda method, path, n: "hold" if path.endswith("/batches") and n == 1 else "pass",
                  on_hold=power_cut)
    try:
        enroll(demo_db, server=proxy.url, code=server.issue_code())
        push_all(demo_db, client_for(demo_db, proxy.url), batch_rows=300)
        assert_applied_once_without_gaps(server, demo_db)
    finally:
        proxy.close()
        server.stop()


def test_an_answer_too_slow_shrinks_the_batches(enrolled, province):
    # The first batch is applied but its receipt arrives after the client gave up: the client
    # halves its batches, finds the server further on, adopts the receipt and goes on.
    proxy = Proxy(province.port, lambda *_: "pass",
                  delay=lambda method, path, n: 2.0 if path.endswith("/batches") and n == 0 else 0)
    try:
        report = push_all(enrolled, client_for(enrolled, proxy.url, timeout=(2.0, 1.0)), batch_rows=400)
    finally:
        proxy.close()
    sizes = [b.last - b.after for b in applied_batches(province)]
    assert sizes[0] == 400 and max(sizes[1:]) <= 200
    assert report.resumed == "lost_receipt"
    assert_applied_once_without_gaps(province, enrolled)


def test_a_server_that_keeps_failing_is_named_so_and_not_retried_for_ever():
    """Issue 10, item 4: a 500 the province wrote is not a dropped line; after a few tries
    the client stops and says the province failed and logged it."""
    failing = WebSite(500, json_body={"code": "server_error", "message": "Máy chủ tỉnh gặp lỗi ngoài dự kiến."})
    restarting = WebSite(503, json_body={"code": "unavailable", "message": "Đang bảo trì."})
    try:
        client = SyncClient(failing.url, "token", retry=FAST)
        started = time.monotonic()
        with pytest.raises(ServerFailed) as failed:
            client.summary()
        assert time.monotonic() - started < 5 and failed.value.code == "server_error"
        assert "Máy chủ tỉnh gặp lỗi khi xử lý yêu cầu này (mã 500)" in failed.value.message
        assert "Đường truyền vẫn tốt" in failed.value.message and not isinstance(failed.value, Offline)
        # A proxy's 503 while the server restarts is ridden out as a line problem, until the policy gives up.
        patient = SyncClient(restarting.url, "token", retry=RetryPolicy(first_delay=0.05, max_delay=0.1,
                                                                        give_up_after=0.5))
        with pytest.raises(Offline) as offline:
            patient.summary()
        assert offline.value.kind == "server_error" and "máy chủ báo lỗi 503" in offline.value.message
    finally:
        failing.close()
        restarting.close()
