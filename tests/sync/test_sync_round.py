"""The sync use case the window and `xhht sync` share (services.sync): one attempt's outcome,
and the cut that lets the window run it beside its writer: every database access of a sync
goes through its `step`, none happens between steps while the line is waited on."""

from __future__ import annotations

import threading
from contextlib import contextmanager

from sqlalchemy import event

from desktop.domain.progress import Progress
from desktop.services import sync
from desktop.services.commune import init_commune
from desktop.store.db import open_database
from desktop.sync.client import Offline
from desktop.sync.service import enroll
from tests.conftest import COMMUNE
from tests.sync.checks import local_rows
from tests.sync.live import Proxy


class Steps:
    """A step that counts, and a watch on the engine: SQL run outside a step is kept."""

    def __init__(self, db) -> None:
        self.db, self.count, self.outside = db, 0, []
        self._inside = threading.local()

    def __call__(self, work):
        self.count += 1
        self._inside.on = True
        try:
            return work()
        finally:
            self._inside.on = False

    def _watch(self, conn, cursor, statement, *args) -> None:
        if not getattr(self._inside, "on", False):
            self.outside.append(statement)

    @contextmanager
    def watching(self):
        event.listen(self.db.engine, "before_cursor_execute", self._watch)
        try:
            yield self
        finally:
            event.remove(self.db.engine, "before_cursor_execute", self._watch)


def test_a_round_pushes_verifies_and_pulls_with_every_database_access_in_a_step(enrolled, province, tmp_path):
    steps = Steps(enrolled)
    with steps.watching():
        outcome = sync.sync_round(db=enrolled, progress=Progress(), criteria_folder=tmp_path / "criteria",
                                  background=False, step=steps)
    assert outcome.error is None and not outcome.cancelled and outcome.online is True
    assert outcome.pushed.accepted == len(local_rows(enrolled)) and outcome.pushed.verify.ok
    assert outcome.pulled is not None and outcome.pulled.problems == []
    assert province.rows() == local_rows(enrolled)
    assert steps.outside == [] and steps.count > 5
    status = sync.status(db=enrolled, online=False)
    assert status.pending == 0 and status.last_success is not None and status.last_error is None


def test_a_restore_stores_each_page_in_a_step_of_its_own(enrolled, province, tmp_path):
    sync.push(db=enrolled)
    init_commune(tmp_path / "may-moi.sqlite", COMMUNE)
    with open_database(tmp_path / "may-moi.sqlite") as new_pc:
        enroll(new_pc, server=province.url, code=province.issue_code())
        steps = Steps(new_pc)
        with steps.watching():
            report = sync.restore(db=new_pc, code=province.issue_restore_code(), step=steps)
        assert local_rows(new_pc) == local_rows(enrolled) and report.problems == []
        assert steps.outside == [] and steps.count > len(report.rows)


def test_a_round_before_enrolment_says_so_without_the_network(demo_db, tmp_path):
    outcome = sync.sync_round(db=demo_db, progress=Progress(), criteria_folder=tmp_path, background=True)
    assert outcome.online is None and outcome.error.code == "not_enrolled" and outcome.pushed is None


def test_a_round_on_a_line_that_drops_every_push_is_offline_and_keeps_its_place(enrolled, province, tmp_path,
                                                                                 monkeypatch):
    pending = sync.status(db=enrolled, online=False).pending
    proxy = Proxy(province.port, lambda method, path, count: "pass" if path.endswith("/info") else "drop_before")
    try:
        enrolled_via_proxy(enrolled, proxy.url)
        monkeypatch.setattr(sync, "GIVE_UP_BACKGROUND", 1.0)
        outcome = sync.sync_round(db=enrolled, progress=Progress(), criteria_folder=tmp_path, background=True)
    finally:
        proxy.close()
    assert outcome.online is False and isinstance(outcome.error, Offline) and outcome.pushed is None
    status = sync.status(db=enrolled, online=False)
    assert pending > 1000 and status.pending == pending and status.last_error.startswith("Không kết nối được")
    assert province.rows() == {}


def test_a_round_cancelled_mid_push_says_cancelled_and_goes_on_next_time(enrolled, province, tmp_path):
    stop = Progress(listener=lambda p: p.cancel() if p.done else None)  # after the first batch's receipt
    outcome = sync.sync_round(db=enrolled, progress=stop, criteria_folder=tmp_path, background=False)
    assert outcome.cancelled and outcome.error is None and outcome.online is True
    sent = len(province.rows())
    assert 0 < sent < len(local_rows(enrolled))
    again = sync.sync_round(db=enrolled, progress=Progress(), criteria_folder=tmp_path, background=False)
    assert again.error is None and again.pushed.resumed == "continued"
    assert province.rows() == local_rows(enrolled)


def enrolled_via_proxy(db, url: str) -> None:
    """The same enrolment, reached through another address (the proxy in front of the server)."""
    from desktop.store.db import write_setting
    from desktop.sync import state

    with db.session() as session:
        write_setting(session, state.SERVER, url)
        session.commit()
