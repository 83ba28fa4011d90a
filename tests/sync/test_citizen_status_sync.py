"""A dated status change goes to a real province server like any edit, and comes back
whole to a new PC restored from it."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from desktop.services import register
from desktop.services.commune import init_commune
from desktop.services.session import transaction
from desktop.store.db import open_database
from desktop.store.models import Citizen
from desktop.sync.push import push_all
from desktop.sync.service import enroll, restore
from province.models import StoredRow
from tests.conftest import COMMUNE
from tests.sync.checks import local_rows
from tests.sync.live import client_for


def test_a_status_date_and_note_travel_and_come_back(enrolled, client, province, tmp_path):
    push_all(enrolled, client)
    with enrolled.session() as s:
        someone = s.scalars(select(Citizen.id).where(Citizen.status == "resident", Citizen.deleted.is_(False))).first()
    with transaction(enrolled) as s:
        register.set_citizen_status(session=s, citizen_id=someone, status="absent", since=date(2026, 1, 5),
                                    note="Đi làm ở Bình Dương")
    report = push_all(enrolled, client)
    assert (report.rows_sent, report.accepted, report.rejected) == (1, 1, 0)
    store = province.store()
    with store.session() as session:
        data = session.scalar(select(StoredRow.data).where(StoredRow.table_name == "citizens",
                                                           StoredRow.row_id == someone))
    store.close()
    assert (data["status"], data["status_since"], data["status_note"]) == ("absent", "2026-01-05",
                                                                          "Đi làm ở Bình Dương")

    path = tmp_path / "may-moi.sqlite"
    init_commune(path, COMMUNE)
    with open_database(path) as new_pc:
        enroll(new_pc, server=province.url, code=province.issue_code())
        restore(new_pc, code=province.issue_restore_code(), client=client_for(new_pc, province))
        assert local_rows(new_pc) == local_rows(enrolled)
        with new_pc.session() as s:
            back = s.get(Citizen, someone)
            assert (back.status, back.status_since, back.status_note) == ("absent", date(2026, 1, 5),
                                                                          "Đi làm ở Bình Dương")
