"""A restore never stops on a row this PC cannot take: two live citizens with one CCCD or a
malformed row stored by the province before it checked them are skipped, reported by
table, id and rule (no name, no CCCD in any message or log line), and the restore ends —
also when it resumes after a dropped line."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import insert, select

from desktop.cli import main as xhht
from desktop.domain.errors import Cancelled
from desktop.domain.progress import Progress
from desktop.services.commune import init_commune
from desktop.store.db import open_database
from desktop.store.models import Citizen
from desktop.sync import protocol, state
from desktop.sync.push import push_all
from desktop.sync.service import enroll, restore
from province.models import StoredRow
from tests.conftest import COMMUNE
from tests.sync.checks import local_rows
from tests.sync.live import ThreadServer, client_for


def plant_rows_a_pc_cannot_take(server: ThreadServer) -> tuple[dict, list[str]]:
    """Rows as a province before revision 0004 could hold them; returns a CCCD'd citizen
    copied under a new id, and the ids the restore must skip."""
    store = server.store()
    with store.session() as session:
        data = {r.row_id: r.data for r in session.scalars(select(StoredRow).where(StoredRow.table_name == "citizens"))}
        original = next(d for d in data.values() if d["identity_number"] and not d["deleted"])
        twin = original | {"id": "ffffffff-0000-4000-8000-000000000001"}
        bad_year = original | {"id": "ffffffff-0000-4000-8000-000000000002", "identity_number": None,
                               "birth_year": 2 ** 70}
        hamlet = next(r.data for r in session.scalars(select(StoredRow).where(StoredRow.table_name == "hamlets")))
        bad_date = hamlet | {"id": "00000000-0000-4000-8000-00000000000b", "valid_from": "2025-13-45"}
        planted = [("citizens", twin), ("citizens", bad_year), ("hamlets", bad_date)]
        session.execute(insert(StoredRow), [
            {"table_name": t, "row_id": r["id"], "commune_code": COMMUNE, "version": 1, "deleted": False,
             "row_hash": "x", "batch_id": "planted", "data": r} for t, r in planted])
        session.commit()
    store.close()
    return original, [r["id"] for _, r in planted]


@pytest.fixture
def paged_province(tmp_path):
    server = ThreadServer(f"sqlite:///{tmp_path / 'tinh.sqlite'}", limits=protocol.Limits(page_rows=25)).start()
    yield server
    server.stop()


def _new_pc(tmp_path, server):
    path = tmp_path / "may-moi.sqlite"
    init_commune(path, COMMUNE)
    db = open_database(path)
    enroll(db, server=server.url, code=server.issue_code())
    return db


def test_rows_a_pc_cannot_take_are_skipped_and_named_without_personal_data(demo_db, tmp_path, paged_province,
                                                                            caplog, capsys):
    enroll(demo_db, server=paged_province.url, code=paged_province.issue_code())
    push_all(demo_db, client_for(demo_db, paged_province), check=False)
    original, planted = plant_rows_a_pc_cannot_take(paged_province)
    caplog.set_level(logging.DEBUG)
    with _new_pc(tmp_path, paged_province) as new:
        report = restore(new, code=paged_province.issue_restore_code(), client=client_for(new, paged_province))
        assert sorted(s["id"] for s in report.skipped) == sorted(planted)
        reasons = {s["id"]: s["reason"] for s in report.skipped}
        assert "mỗi số định danh cá nhân chỉ thuộc về một công dân" in reasons[planted[0]]
        assert "birth_year" in reasons[planted[1]] and "valid_from" in reasons[planted[2]]
        assert local_rows(new) == local_rows(demo_db), "every other row came back"
        with new.session() as session:
            assert session.get(Citizen, original["id"]).identity_number == original["identity_number"]
            assert state.restore_cursor(session) is None
        path = new.path
    words = " ".join([*report.skipped_lines, *(r.getMessage() for r in caplog.records)])
    for private in (original["identity_number"], original["full_name"], original["given_name"]):
        assert private not in words

    # The command line says the same, in words and without the data.
    (tmp_path / "cli").mkdir()
    with _new_pc(tmp_path / "cli", paged_province) as cli_pc:
        path = cli_pc.path
    assert xhht(["sync", "pull", "--restore", "--code", paged_province.issue_restore_code(), "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Bỏ qua 3 bản ghi máy này không lưu được" in out and f"Công dân (mã {planted[0]})" in out
    assert original["identity_number"] not in out and original["full_name"] not in out


def test_a_resumed_restore_reports_what_the_first_run_skipped(demo_db, tmp_path, paged_province):
    enroll(demo_db, server=paged_province.url, code=paged_province.issue_code())
    push_all(demo_db, client_for(demo_db, paged_province), check=False)
    _, planted = plant_rows_a_pc_cannot_take(paged_province)
    with _new_pc(tmp_path, paged_province) as new:
        stop_early = Progress(listener=lambda p: p.cancel() if p.done >= 60 else None)
        with pytest.raises(Cancelled):  # the bad hamlet is behind us, the citizens are not
            restore(new, code=paged_province.issue_restore_code(), progress=stop_early,
                    client=client_for(new, paged_province))
        report = restore(new, client=client_for(new, paged_province))
        assert sorted(s["id"] for s in report.skipped) == sorted(planted)
        assert local_rows(new) == local_rows(demo_db)
