"""An XHHT file says what it is in its header: application_id "XHHT" (bytes 68–71) and the
schema's number as user_version (bytes 60–63). Another program's file, marked with its
own id, is refused before a byte is written; an XHHT file made before the mark gets it."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess

import pytest

from desktop.domain.errors import StorageError
from desktop.services.commune import init_commune
from desktop.store import migrate
from desktop.store.db import check_commune_file, make_engine, open_database

GEOPACKAGE = int.from_bytes(b"GPKG", "big")  # a real application_id other programs use


def header(path) -> tuple[bytes, int]:
    data = path.read_bytes()[:100]
    return data[68:72], int.from_bytes(data[60:64], "big")


def head_number() -> int:
    return int(migrate.head_revision())


def unstamp(path) -> None:
    """What every release before the stamp left: application_id and user_version 0."""
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA application_id = 0")
        conn.execute("PRAGMA user_version = 0")
    conn.close()


def files_beside(path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


def test_a_new_register_carries_xhht_and_its_schema_number_in_the_header(db_path):
    assert migrate.APPLICATION_ID == 0x58484854 == 1481132116
    assert header(db_path) == (b"XHHT", head_number())


def test_file_1_names_the_application_id(db_path):
    if shutil.which("file") is None:
        pytest.skip("file(1) is not installed")
    said = subprocess.run(["file", str(db_path)], capture_output=True, text=True).stdout
    assert "SQLite 3.x database" in said and "application id 1481132116" in said, said
    assert f"user version {head_number()}" in said


def test_revision_ids_are_numbered_in_order():
    """user_version is the revision's number: every revision is the one before it plus one."""
    scripts = list(migrate.ScriptDirectory.from_config(migrate.alembic_config()).walk_revisions())
    for script in scripts:
        assert script.revision.isdigit() and len(script.revision) == 4, script.revision
        if script.down_revision is not None:
            assert int(script.revision) == int(script.down_revision) + 1
    assert sorted(int(s.revision) for s in scripts) == list(range(1, len(scripts) + 1))


def foreign_look_alike(template, path):
    """Another program's file that even holds tables named like ours (an XHHT copy re-marked),
    so only its application_id tells it apart."""
    shutil.copyfile(template, path)
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA application_id = {GEOPACKAGE}")
    conn.close()
    return path


@pytest.mark.parametrize("opener", ["open_database", "open_database create", "check_commune_file", "init_commune"])
def test_a_file_with_another_application_id_is_refused_and_left_byte_for_byte(template_db, tmp_path, opener):
    path = foreign_look_alike(template_db, tmp_path / "ban-do.gpkg")
    before, names = path.read_bytes(), files_beside(path)
    assert header(path)[0] == b"GPKG"
    with pytest.raises(StorageError) as error:
        if opener == "open_database":
            open_database(path, exclusive=True)
        elif opener == "open_database create":
            open_database(path, create=True)
        elif opener == "check_commune_file":
            check_commune_file(path)
        else:
            init_commune(path, "17380")
    assert error.value.code == "db_foreign"
    assert "chương trình khác" in error.value.message and "0x47504b47" in error.value.message
    assert path.read_bytes() == before, "not a byte written"
    assert files_beside(path) == names, "no -wal, -shm, lock, marker or backup copy made"


def test_a_plain_sqlite_file_of_another_program_is_not_turned_into_a_register_by_init(tmp_path):
    """No application_id (most programs set none), tables of its own: init refuses it."""
    path = tmp_path / "ke-toan.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE so_cai (id INTEGER PRIMARY KEY, so_tien INTEGER)")
        conn.execute("INSERT INTO so_cai VALUES (1, 500000)")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StorageError) as error:
        init_commune(path, "17380")
    assert error.value.code == "db_not_xhht"
    assert path.read_bytes() == before and files_beside(path) == ["ke-toan.sqlite"]


def test_an_empty_file_can_still_become_a_register(tmp_path):
    path = tmp_path / "moi.sqlite"
    path.write_bytes(b"")
    init_commune(path, "17380")
    assert header(path) == (b"XHHT", head_number()) and check_commune_file(path) == "17380"


def test_a_register_from_before_the_mark_opens_and_is_stamped(db_path):
    unstamp(db_path)
    assert header(db_path) == (b"\0\0\0\0", 0)
    assert check_commune_file(db_path) == "17380", "recognised by its tables, as before the mark"
    with open_database(db_path, exclusive=True) as db:
        assert db.commune_code == "17380" and db.backup is None, "same schema: no copy needed"
    assert header(db_path) == (b"XHHT", head_number())
    assert not list(db_path.parent.glob("*.truoc-nang-cap-*")), "stamping is not an upgrade"


def test_an_older_schema_from_before_the_mark_is_upgraded_then_stamped(tmp_path):
    path = tmp_path / "cu.sqlite"
    engine = make_engine(path)
    migrate.upgrade(engine, path, revision="0003")
    engine.dispose()
    assert header(path) == (b"XHHT", 3), "a file at an older revision carries that revision's number"
    unstamp(path)
    with open_database(path) as db:
        assert migrate.current_revision(db.engine) == migrate.head_revision()
        backup = db.backup
    assert header(path) == (b"XHHT", head_number())
    assert header(backup) == (b"\0\0\0\0", 0), "the copy before the upgrade is the file as it was"


def test_a_file_from_a_newer_xhht_is_refused_untouched(db_path):
    with sqlite3.connect(db_path) as conn:
        conn.execute(f"PRAGMA user_version = {head_number() + 1}")
    conn.close()
    before = db_path.read_bytes()
    for opener in (open_database, check_commune_file):
        with pytest.raises(StorageError) as error:
            opener(db_path)
        assert error.value.code == "db_newer" and "phiên bản XHHT mới hơn" in error.value.message
    assert db_path.read_bytes() == before


def test_a_failed_upgrade_leaves_the_header_as_it_was(tmp_path, monkeypatch):
    """The stamp is written in the upgrade's transaction: no new number on a file whose
    schema did not move."""
    path = tmp_path / "cu.sqlite"
    engine = make_engine(path)
    migrate.upgrade(engine, path, revision="0004")
    engine.dispose()

    def fail(*_args, **_kwargs):
        raise RuntimeError("mất điện giữa chừng")
    monkeypatch.setattr(migrate.command, "upgrade", fail)
    with pytest.raises(StorageError) as error:
        open_database(path)
    assert error.value.code == "migration"
    assert header(path) == (b"XHHT", 4)
