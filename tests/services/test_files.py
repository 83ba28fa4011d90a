"""services.files: how the window opens, checks and makes a register without touching the store."""

from __future__ import annotations

import sqlite3

import pytest

from desktop.domain.errors import ConflictError, StorageError
from desktop.services.files import create_commune_file, open_checked, reading
from desktop.services.hamlets import add_hamlet, list_hamlets

COMMUNE = "17380"  # Xã Yên Xuân, Nghệ An


def test_a_new_register_has_its_first_hamlets(tmp_path):
    path = tmp_path / "yen-xuan.sqlite"
    info = create_commune_file(path=path, commune_code=COMMUNE, centre_name="TTHTCĐ Yên Xuân",
                               hamlets=["Xóm 1", "Xóm Đông"])
    assert info.code == COMMUNE and info.name.endswith("Yên Xuân")
    db = open_checked(path)
    try:
        assert db.lock is not None, "the window holds the file exclusively"
        with reading(db) as session:
            assert sorted(h.name for h in list_hamlets(session=session)) == ["Xóm 1", "Xóm Đông"]
    finally:
        db.close()


def test_a_register_without_hamlets_is_made_too(tmp_path):
    path = tmp_path / "moi.sqlite"
    create_commune_file(path=path, commune_code=COMMUNE)
    with open_checked(path) as db, reading(db) as session:
        assert list_hamlets(session=session) == []


def test_a_file_that_is_a_register_already_is_refused(db_path):
    with pytest.raises(ConflictError):
        create_commune_file(path=db_path, commune_code=COMMUNE, hamlets=["Xóm 1"])
    with open_checked(db_path) as db, reading(db) as session:
        assert list_hamlets(session=session) == [], "nothing added to the register that was there"


def test_another_programs_file_is_not_opened(tmp_path):
    path = tmp_path / "khac.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE notes (text TEXT)")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StorageError):
        open_checked(path)
    assert path.read_bytes() == before, "checked before anything wrote to it"


def test_reading_commits_nothing(db_path):
    """The reader's session: what a job wrote into it by mistake is gone when it closes."""
    with open_checked(db_path) as db:
        with reading(db) as session:
            add_hamlet(session=session, name="Xóm Tạm")
            session.flush()
        with reading(db) as session:
            assert list_hamlets(session=session) == []
