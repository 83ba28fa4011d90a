"""The checks the kill tests lean on do see what they are there to see: a row the province
lacks or holds twice-counted, a row the commune wrote without its log entry."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import delete, select, update

from desktop.store.db import open_database
from desktop.sync.push import push_all
from desktop.sync.service import enroll
from province.models import RowCount, StoredRow
from tests.kill.invariants import check_commune_file, check_province_counts, check_province_holds_the_commune
from tests.sync.live import ThreadServer, client_for


@pytest.fixture
def pushed(push_file, tmp_path):
    path = tmp_path / "xa.sqlite"
    path.write_bytes(push_file.read_bytes())
    server = ThreadServer(f"sqlite:///{tmp_path / 'tinh.sqlite'}").start()
    db = open_database(path)
    enroll(db, server=server.url, code=server.issue_code())
    push_all(db, client_for(db, server))
    check_province_holds_the_commune(server, db)  # as it should be, before the damage
    yield server, db
    db.close()
    server.stop()


def _on_province(server, statement) -> None:
    store = server.store()
    with store.session() as session:
        session.execute(statement)
        session.commit()
    store.close()


def test_a_row_the_province_lost_is_seen(pushed):
    server, db = pushed
    _on_province(server, delete(StoredRow).where(StoredRow.row_id == select(StoredRow.row_id).where(
        StoredRow.table_name == "citizens").limit(1).scalar_subquery()))
    with pytest.raises(AssertionError, match="counted rows twice or missed"):
        check_province_counts(server)


def test_a_row_counted_twice_on_the_province_is_seen(pushed):
    server, db = pushed
    _on_province(server, update(RowCount).where(RowCount.table_name == "households").values(live=RowCount.live + 1))
    with pytest.raises(AssertionError, match="counted rows twice"):
        check_province_holds_the_commune(server, db)


def test_a_field_the_province_holds_otherwise_is_seen(pushed):
    server, db = pushed
    store = server.store()
    with store.session() as session:
        row = session.scalars(select(StoredRow).where(StoredRow.table_name == "hamlets")).first()
        row.data = row.data | {"name": row.data["name"] + " (sửa)"}
        session.commit()
    store.close()
    with pytest.raises(AssertionError, match="'name'"):
        check_province_holds_the_commune(server, db)


def test_a_row_written_without_its_log_entry_is_seen(push_file, tmp_path):
    path = tmp_path / "xa.sqlite"
    path.write_bytes(push_file.read_bytes())
    check_commune_file(path)
    with sqlite3.connect(path) as conn:
        conn.execute("DELETE FROM change_log WHERE position = (SELECT max(position) FROM change_log)")
    conn.close()
    with pytest.raises(AssertionError, match="without their log entry"):
        check_commune_file(path)
