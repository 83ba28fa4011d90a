"""Pushing a demo commune to a live province server: everything arrives once, progress and
cancel work, and a row the server refuses is quarantined while the rest goes on."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from desktop.domain.errors import Cancelled
from desktop.domain.progress import Progress
from desktop.services.commune import init_commune
from desktop.store.db import open_database
from desktop.store.models import Hamlet, Household
from desktop.sync import state
from desktop.sync.push import push_all
from desktop.sync.service import enroll, quarantined_rows, status
from tests.sync.checks import local_rows
from tests.sync.live import client_for

OTHER_COMMUNE = "17344"  # Xã Nhân Hòa, Nghệ An


def test_a_demo_commune_arrives_whole_and_once(enrolled, client, province):
    rows = local_rows(enrolled)
    report = push_all(enrolled, client, batch_rows=300)
    assert report.batches >= 4 and report.rejected == 0
    assert report.accepted == len(rows)
    assert province.rows() == rows
    assert report.verify is not None and report.verify.ok and report.verify.tables == ()

    again = push_all(enrolled, client)
    assert (again.batches, again.rows_sent, again.resumed) == (0, 0, "continued")
    info = status(enrolled, client=client)
    assert info.online and info.pending == 0 and info.last_success is not None and info.quarantined == ()


def test_an_edit_after_a_push_sends_only_that_row(enrolled, client, province):
    push_all(enrolled, client)
    with enrolled.session() as session:
        hamlet = session.scalars(select(Hamlet)).first()
        hamlet.note = "Đổi tên theo nghị quyết sáp nhập"
        session.commit()
    assert status(enrolled, online=False).pending == 1
    report = push_all(enrolled, client)
    assert (report.batches, report.rows_sent, report.accepted) == (1, 1, 1)
    assert province.rows()[("hamlets", hamlet.id)] == 2


def test_progress_counts_entries_and_a_cancel_keeps_what_was_acknowledged(enrolled, client, province):
    progress = Progress()
    seen = []

    def listener(p: Progress) -> None:
        seen.append(p.done)
        if p.done > 0:
            p.cancel()  # the officer presses Hủy after the first batch

    progress.listener = listener
    with pytest.raises(Cancelled):
        push_all(enrolled, client, progress=progress, batch_rows=300)
    with enrolled.session() as session:
        acked = state.read(session).acked
    assert acked == seen[-1] == 300  # the first batch, acknowledged before the cancel
    report = push_all(enrolled, client)
    assert report.resumed == "continued"
    assert province.rows() == local_rows(enrolled)


def test_a_row_of_another_commune_is_quarantined_while_the_rest_goes_on(enrolled, client, province, tmp_path):
    push_all(enrolled, client)
    with enrolled.session() as session:
        taken = session.scalars(select(Hamlet)).first()

    other_path = tmp_path / "nhan-hoa.sqlite"
    init_commune(other_path, OTHER_COMMUNE)
    with open_database(other_path) as other:
        enroll(other, server=province.url, code=province.issue_code(OTHER_COMMUNE))
        with other.session() as session:
            # An id that already belongs to Yên Xuân (e.g. a spreadsheet copied between communes).
            session.add(Hamlet(id=taken.id, name="Thôn Bắc", kind="thon"))
            session.add(Hamlet(id="hamlet-own", name="Thôn Nam", kind="thon"))
            session.add(Household(id="hh-1", code="NH-001", hamlet_id=taken.id))
            session.add(Household(id="hh-2", code="NH-002", hamlet_id="hamlet-own"))
            session.commit()
        report = push_all(other, client_for(other, province))

        assert report.rejected == 2 and report.accepted == len(local_rows(other)) - 2
        quarantined = {q.row_id: q for q in quarantined_rows(other)}
        assert set(quarantined) == {taken.id, "hh-1"}
        assert quarantined[taken.id].code == "other_commune"
        assert "Xã Yên Xuân" in quarantined[taken.id].reason and "Thôn Bắc" in quarantined[taken.id].reason
        assert quarantined["hh-1"].code == "missing_parent"
        assert "NH-001" in quarantined["hh-1"].reason and "thôn/tổ dân phố" in quarantined["hh-1"].reason
        server = province.rows(OTHER_COMMUNE)
        assert ("households", "hh-2") in server and ("households", "hh-1") not in server
        assert province.rows()[("hamlets", taken.id)] == 1, "Yên Xuân's hamlet is untouched"

        # The officer moves the household to a hamlet of the commune: it goes up, and leaves quarantine.
        with other.session() as session:
            session.get(Household, "hh-1").hamlet_id = "hamlet-own"
            session.commit()
        again = push_all(other, client_for(other, province))
        assert again.accepted == 1
        assert [q.row_id for q in quarantined_rows(other)] == [taken.id]
        assert province.rows(OTHER_COMMUNE)[("households", "hh-1")] == 2
        # The foreign hamlet still differs: sent again, refused again, explained by the quarantine.
        assert [(t.table, t.missing, t.quarantined) for t in again.verify.tables] == [("hamlets", 1, 1)]
        assert again.verify.ok
