"""Telling an XHHT register from any other file, without writing to it or holding it open."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from desktop.domain.errors import StorageError
from desktop.store.db import check_commune_file, open_database


def files_beside(path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


def test_a_register_gives_its_commune_and_nothing_is_left_beside_it(db_path):
    before = files_beside(db_path)
    assert check_commune_file(db_path) == "17380"
    assert files_beside(db_path) == before, "no -wal, -shm or lock file made by a check"


def test_a_register_open_in_another_program_can_still_be_checked(db_path):
    with open_database(db_path, exclusive=True):
        assert check_commune_file(db_path) == "17380"


def test_marks_and_url_characters_in_the_path(db_path, tmp_path):
    folder = tmp_path / "Sổ xã #1 %20 & (USB)"
    folder.mkdir()
    path = folder / "xhht cũ.sqlite"
    shutil.copyfile(db_path, path)
    assert check_commune_file(path) == "17380"
    assert sorted(p.name for p in folder.iterdir()) == ["xhht cũ.sqlite"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([folder.name, db_path.name]), \
        "no stray file where the path would be cut at # or %"


@pytest.mark.parametrize("kind, code", [
    ("another program's database", "db_not_xhht"),
    ("empty file", "db_not_xhht"),
    ("spreadsheet", "db_not_sqlite"),
    ("damaged", "db_corrupt"),
    ("missing", "db_missing"),
    ("a folder", "db_missing"),
])
def test_other_files_are_told_apart_and_left_as_they_were(tmp_path, kind, code):
    path = tmp_path / "khac.sqlite"
    if kind == "another program's database":
        with sqlite3.connect(path) as conn:
            conn.execute("CREATE TABLE local_settings(key TEXT, value TEXT)")  # even a look-alike table
    elif kind == "empty file":
        path.write_bytes(b"")
    elif kind == "spreadsheet":
        path.write_bytes(b"PK\x03\x04 danh sach")
    elif kind == "damaged":
        path.write_bytes(b"SQLite format 3\x00" + b"\x01" * 2000)
    elif kind == "a folder":
        path.mkdir()
    before = path.read_bytes() if path.is_file() else None
    with pytest.raises(StorageError) as error:
        check_commune_file(path)
    assert error.value.code == code and error.value.message
    if before is not None:
        assert path.read_bytes() == before
        assert sorted(p.name for p in tmp_path.iterdir()) == ["khac.sqlite"]
