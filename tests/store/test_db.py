"""Opening a database: pragmas for power cuts, unclean-exit checks, refusing foreign files."""

from __future__ import annotations

import sqlite3

import pytest

from desktop.domain.errors import StorageError
from desktop.store.db import open_database


def test_pragmas_protect_against_power_cuts(db):
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_clean_close_is_remembered(db_path):
    open_database(db_path).close()
    with open_database(db_path) as again:
        assert not again.unclean_exit


def test_an_unclean_exit_runs_the_integrity_check(db_path):
    first = open_database(db_path)
    first.engine.dispose()  # the process "dies": close() never runs, the marker stays
    with open_database(db_path) as again:
        assert again.unclean_exit
        assert again.problems == []


def test_a_broken_search_index_is_reported_after_an_unclean_exit(db_path):
    first = open_database(db_path)
    first.engine.dispose()
    with sqlite3.connect(db_path) as conn:  # simulate a lost index row
        conn.execute("INSERT INTO citizen_search(rowid, search_text) VALUES (999999, 'ma')")
    with open_database(db_path) as again:
        assert any("citizen_search" in p for p in again.problems)


def test_a_missing_file_says_how_to_make_one(tmp_path):
    with pytest.raises(StorageError) as error:
        open_database(tmp_path / "none.sqlite")
    assert "xhht init" in error.value.message


def test_a_spreadsheet_is_not_taken_for_a_database(tmp_path):
    path = tmp_path / "danh-sach.sqlite"
    path.write_bytes(b"PK\x03\x04 not a database")
    with pytest.raises(StorageError) as error:
        open_database(path)
    assert error.value.code == "db_not_sqlite"
    assert path.read_bytes().startswith(b"PK"), "the file is left untouched"


def test_each_database_gets_its_own_device_id(tmp_path):
    with open_database(tmp_path / "a.sqlite", create=True) as a, open_database(tmp_path / "b.sqlite", create=True) as b:
        assert a.device_id != b.device_id
    with open_database(tmp_path / "a.sqlite") as again:
        assert again.device_id == a.device_id


def test_a_second_exclusive_opener_is_refused_until_the_first_closes(db_path):
    first = open_database(db_path, exclusive=True)
    with pytest.raises(StorageError) as error:
        open_database(db_path, exclusive=True)
    assert error.value.code == "db_locked" and "đang được mở" in error.value.message
    first.close()
    open_database(db_path, exclusive=True).close()


def test_the_lock_dies_with_the_process(db_path, tmp_path):
    import subprocess
    import sys

    script = ("import os; from desktop.store.db import open_database; "
              f"open_database({str(db_path)!r}, exclusive=True); os._exit(9)")
    assert subprocess.run([sys.executable, "-c", script], timeout=60).returncode == 9
    open_database(db_path, exclusive=True).close()  # not stuck after a crash


def test_a_database_error_never_carries_the_values_of_the_statement(db):
    """A crash report or a log line quotes the error: not a citizen's CCCD or name."""
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    with pytest.raises(OperationalError) as error:
        with db.engine.connect() as conn:
            conn.execute(text("SELECT :cccd + no_such_column"), {"cccd": "040057956539"})
    assert "040057956539" not in str(error.value) and "hidden" in str(error.value)
