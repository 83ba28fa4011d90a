"""Schema changes go through Alembic; an old file is copied before it is upgraded."""

from __future__ import annotations

import json
import sqlite3

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from desktop.domain.errors import StorageError
from desktop.store import migrate
from desktop.store.base import Base
from desktop.store.db import make_engine, open_database


def first_migration_db(path):
    """A file as the first released version (revision 0001) made it, with an officer's row in it."""
    engine = make_engine(path)
    migrate.upgrade(engine, path, revision="0001")
    engine.dispose()
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO hamlets (id, name, kind, note, version, updated_at, deleted, origin)"
            " VALUES ('h-1', 'Thôn Đông', 'thon', '', 1, '2024-01-01T00:00:00.000000Z', 0, 'old-pc')")
    return path


def test_a_database_made_by_the_first_migration_opens_at_head(tmp_path):
    path = first_migration_db(tmp_path / "old.sqlite")
    with open_database(path) as db:
        assert migrate.current_revision(db.engine) == migrate.head_revision()
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT name FROM hamlets WHERE id = 'h-1'").scalar() == "Thôn Đông"


def test_models_and_migrations_agree(tmp_path):
    engine = make_engine(tmp_path / "x.sqlite")
    migrate.upgrade(engine, None)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": migrate.include_object})
        diff = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert diff == [], f"a model changed without a migration: {diff}"


def test_downgrade_and_upgrade_round_trip(tmp_path):
    path = tmp_path / "x.sqlite"
    engine = make_engine(path)
    migrate.upgrade(engine, path)
    config = migrate.alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "base")
    with engine.connect() as conn:
        tables = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables <= {"alembic_version", "sqlite_sequence"}
    migrate.upgrade(engine, path)
    assert migrate.current_revision(engine) == migrate.head_revision()
    engine.dispose()


def test_a_failing_upgrade_keeps_a_copy_and_the_original(tmp_path):
    path = first_migration_db(tmp_path / "old.sqlite")
    # Pretend the file predates every revision: the upgrade now fails half-way.
    with sqlite3.connect(path) as conn:
        conn.execute("DELETE FROM alembic_version")
    with pytest.raises(StorageError) as error:
        open_database(path)
    assert "nâng cấp" in error.value.message
    backups = list(tmp_path.glob("old.truoc-nang-cap-*.sqlite"))
    assert backups == [], "a file with no revision is new, nothing to back up"

    with sqlite3.connect(path) as conn:  # the failed migration rolled back: the row is still there
        assert conn.execute("SELECT name FROM hamlets").fetchall() == [("Thôn Đông",)]


def test_upgrade_from_the_first_release_copies_the_file_and_keeps_search_working(tmp_path):
    path = first_migration_db(tmp_path / "old.sqlite")
    with sqlite3.connect(path) as conn:  # a citizen as revision 0001 stored one
        conn.execute(
            "INSERT INTO citizens (id, family_name, middle_name, given_name, sex, ethnicity, relation,"
            " occupation, studying, status, full_name, sort_key, search_text, version, updated_at, deleted, origin)"
            " VALUES ('c-1', 'Nguyễn', 'Thị', 'Hường', 'F', '01', 'head', '', 0, 'resident', 'Nguyễn Thị Hường',"
            " 'k', 'nguyen thi huong', 1, '2024-01-01T00:00:00.000000Z', 0, 'old-pc')")
    with open_database(path) as db:
        assert db.backup is not None and "0001" in db.backup.name
        with db.engine.connect() as conn:
            indexes = {r[1] for r in conn.exec_driver_sql("PRAGMA index_list(citizens)")}
            found = conn.exec_driver_sql(
                "SELECT id FROM citizens WHERE rowid IN "
                "(SELECT rowid FROM citizen_search WHERE citizen_search MATCH 'huong*')").all()
    assert "ix_citizens_list" in indexes and "ix_citizens_sort" not in indexes
    assert found == [("c-1",)]
    with sqlite3.connect(db.backup) as conn:  # the copy is the file as it was
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
        assert conn.execute("SELECT name FROM hamlets").fetchall() == [("Thôn Đông",)]


def test_a_register_from_before_the_titles_gets_the_titles_tables_and_keeps_its_rows(tmp_path):
    """Revision 0003 adds the title tables to a file made by 0002 (the register release)."""
    path = tmp_path / "register.sqlite"
    engine = make_engine(path)
    migrate.upgrade(engine, path, revision="0002")
    engine.dispose()
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO hamlets (id, name, kind, note, version, updated_at, deleted, origin)"
            " VALUES ('h-1', 'Thôn Đông', 'thon', '', 1, '2024-01-01T00:00:00.000000Z', 0, 'old-pc')")
    with open_database(path) as db:
        assert db.backup is not None and "0002" in db.backup.name
        with db.engine.connect() as conn:
            tables = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")}
            assert conn.exec_driver_sql("SELECT name FROM hamlets").scalar() == "Thôn Đông"
        with db.session() as session:  # the new tables take rows through the change-log hook
            from datetime import date

            from desktop.store.models import TitleRegistration
            session.add(TitleRegistration(year=2026, title="cong-dong", subject_kind="hamlet", subject_id="h-1",
                                          registered_on=date(2026, 1, 15)))
            session.commit()
            logged = session.execute(text("SELECT table_name, op FROM change_log")).all()
    assert {"title_registrations", "subject_checks", "evaluations", "recognitions", "certificates"} <= tables
    assert logged == [("title_registrations", "insert")]


def test_sync_state_kept_as_settings_moves_into_its_tables(tmp_path):
    """Revision 0004: the quarantine and announcements that 0003-era files kept as JSON settings."""
    path = tmp_path / "sync.sqlite"
    engine = make_engine(path)
    migrate.upgrade(engine, path, revision="0003")
    engine.dispose()
    quarantine = {"citizens/c-1": {"table": "citizens", "id": "c-1", "version": 3, "code": "missing_parent",
                                   "reason": "Hộ gia đình của công dân này chưa có trên máy chủ tỉnh.",
                                   "at": "2026-11-20T08:00:00Z"}}
    news = [{"seq": 2, "title": "Lịch tổng kết năm", "body": "Các xã gửi báo cáo trước 15/12.",
             "published_at": "2026-11-19T01:00:00Z"}]
    with sqlite3.connect(path) as conn:
        conn.executemany("INSERT INTO local_settings VALUES (?, ?)",
                         [("sync_quarantine", json.dumps(quarantine, ensure_ascii=False)),
                          ("sync_announcements", json.dumps(news, ensure_ascii=False))])
    with open_database(path) as db, db.session() as session:
        from desktop.sync import state

        rows = state.quarantined(session)
        notes = state.announcements(session)
        left = session.execute(text("SELECT key FROM local_settings WHERE key LIKE 'sync_%'")).all()
    assert [(r.table, r.row_id, r.version, r.code) for r in rows] == [("citizens", "c-1", 3, "missing_parent")]
    assert rows[0].reason.startswith("Hộ gia đình") and rows[0].at.day == 20
    assert [(n.seq, n.title) for n in notes] == [(2, "Lịch tổng kết năm")] and notes[0].published_at.hour == 1
    assert left == []


def test_citizens_of_a_0004_file_get_a_status_date_and_note(tmp_path):
    """Revision 0005 adds citizens.status_since and status_note in place (no table copy: the
    search index is keyed by rowid); old rows have neither, and take them through the services."""
    path = tmp_path / "sync.sqlite"
    engine = make_engine(path)
    migrate.upgrade(engine, path, revision="0004")
    engine.dispose()
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO citizens (id, family_name, middle_name, given_name, sex, birth_date, ethnicity, relation,"
            " occupation, studying, status, full_name, sort_key, search_text, version, updated_at, deleted, origin)"
            " VALUES ('c-1', 'Nguyễn', 'Thị', 'Hường', 'F', '1990', '01', 'head', '', 0, 'moved_away',"
            " 'Nguyễn Thị Hường', 'k', 'nguyen thi huong', 1, '2024-01-01T00:00:00.000000Z', 0, 'old-pc')")
        rowid = conn.execute("SELECT rowid FROM citizens WHERE id = 'c-1'").fetchone()[0]
    with open_database(path) as db:
        assert db.backup is not None and "0004" in db.backup.name
        with db.engine.connect() as conn:
            row = conn.exec_driver_sql("SELECT rowid, status, status_since, status_note FROM citizens").one()
            found = conn.exec_driver_sql("SELECT rowid FROM citizen_search WHERE citizen_search MATCH 'huong*'").all()
        assert tuple(row) == (rowid, "moved_away", None, None) and found == [(rowid,)]
        from datetime import date

        from desktop.services import register
        from desktop.services.session import transaction
        with transaction(db) as session:
            saved = register.set_citizen_status(session=session, citizen_id="c-1", status="absent",
                                                since=date(2025, 4, 1), note="Đi học ở Hà Nội")
        assert (saved.version, saved.status_since, saved.status_note) == (2, date(2025, 4, 1), "Đi học ở Hà Nội")
