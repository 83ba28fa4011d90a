"""A PC that copied an older backup over its file and kept working (the issue's case): it
evaluates and recognises the year a second time and pushes. The province keeps one round,
one evaluation per subject and one standing recognition; every refused row comes back with
a reason; the province's totals are not doubled; a new PC restores the commune whole."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import select

from desktop.services.commune import init_commune
from desktop.services.session import transaction
from desktop.services.titles import evaluation, recognition
from desktop.store.db import open_database
from desktop.store.models import Citizen
from desktop.sync.push import push_all
from desktop.sync.service import enroll, quarantined_rows, restore
from province.models import StoredRow
from province.services import duplicates, overview
from tests.conftest import COMMUNE
from tests.services import titles_commune as tc
from tests.sync.checks import local_rows
from tests.sync.live import ThreadServer, client_for


@pytest.fixture
def server(tmp_path):
    running = ThreadServer(f"sqlite:///{tmp_path / 'tinh.sqlite'}").start()
    yield running
    running.stop()


def _recognise_the_year(db, ids: list[str]) -> None:
    with transaction(db) as s:
        evaluation.evaluate_year(session=s, year=tc.YEAR)
        recognition.recognize(session=s, year=tc.YEAR, title="gia-dinh", number="01/QĐ-UBND", signed_on=tc.SIGNED,
                              signer_name="Nguyễn Đình Thắng", subject_ids=ids)


def test_an_old_copy_that_kept_working_doubles_nothing(tmp_path, server, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
    path, backup = tmp_path / "xa.sqlite", tmp_path / "sao-luu.sqlite"
    init_commune(path, COMMUNE)
    with open_database(path) as db:
        with transaction(db) as s:
            c = tc.setup_year(s)
        enroll(db, server=server.url, code=server.issue_code())
        push_all(db, client_for(db, server))
    shutil.copyfile(path, backup)  # the backup, taken before the year was recognised

    with open_database(path) as db:
        _recognise_the_year(db, [c.household["h4"], c.household["h6"]])
        first = push_all(db, client_for(db, server))
    assert first.rejected == 0

    shutil.copyfile(backup, path)  # the file is replaced by the old backup; the officer works on
    with open_database(path) as db:
        _recognise_the_year(db, [c.household["h4"], c.household["h6"]])
        again = push_all(db, client_for(db, server))
        refused = quarantined_rows(db)
    assert again.resumed == "new_device" and again.rejected == len(refused) > 0
    assert {r.table for r in refused} >= {"evaluation_rounds", "evaluations", "recognition_decisions",
                                          "recognitions"}
    assert all(r.reason for r in refused)
    assert {r.code for r in refused} <= {"duplicate", "missing_parent"}

    store = server.store()
    with store.session() as session:
        [commune] = overview.stats(session, year=tc.YEAR)["communes"]
        assert commune["recognised"]["gia-dinh"] == 2, "the province's totals are not doubled"
        assert duplicates.find(session) == []
    store.close()

    new_path = tmp_path / "may-moi.sqlite"
    init_commune(new_path, COMMUNE)
    with open_database(new_path) as new:
        enroll(new, server=server.url, code=server.issue_code())
        report = restore(new, code=server.issue_restore_code(), client=client_for(new, server))
        assert report.skipped == [] and report.problems == []
        assert local_rows(new) == server.rows()


def _edit(db, citizen_id: str, times: int, text: str) -> None:
    for n in range(times):
        with transaction(db) as s:
            s.get(Citizen, citizen_id).occupation = f"{text} {n}"


def test_an_old_copy_does_not_overwrite_what_was_changed_after_it_was_taken(tmp_path, server):
    path, backup = tmp_path / "xa.sqlite", tmp_path / "sao-luu.sqlite"
    init_commune(path, COMMUNE)
    with open_database(path) as db:
        with transaction(db) as s:
            c = tc.build(s)
        enroll(db, server=server.url, code=server.issue_code())
        push_all(db, client_for(db, server))
    shutil.copyfile(path, backup)
    lan, le = c.people["Lan"], c.people["Lệ"]

    with open_database(path) as db:  # the work the officer will lose when the backup is put back
        _edit(db, lan, 1, "Giáo viên")
        push_all(db, client_for(db, server))

    shutil.copyfile(backup, path)
    with open_database(path) as db:
        _edit(db, lan, 3, "Buôn bán")  # versions now past the province's: once, this overwrote it
        _edit(db, le, 1, "Thợ may")  # a row the lost work never touched
        report = push_all(db, client_for(db, server))
        refused = quarantined_rows(db)
    assert report.resumed == "new_device"
    assert [(r.table, r.row_id, r.code) for r in refused] == [("citizens", lan, "diverged")]
    assert "sau thời điểm của bản sao dữ liệu" in refused[0].reason
    held = {row["id"]: row for row in stored_citizens(server)}
    assert held[lan]["occupation"] == "Giáo viên 0" and held[le]["occupation"] == "Thợ may 0"


def stored_citizens(server) -> list[dict]:
    store = server.store()
    with store.session() as session:
        rows = [r.data for r in session.scalars(select(StoredRow).where(StoredRow.table_name == "citizens"))]
    store.close()
    return rows
