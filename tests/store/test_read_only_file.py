"""A register the program may not write (a write-protected USB stick, a CD, a file without
write permission) opens read-only for viewing and printing; every write is refused with one
Vietnamese sentence, and nothing is written into the file or beside it."""

from __future__ import annotations

import os
import sqlite3

import pytest
from sqlalchemy import insert, select, text

from desktop.domain.errors import StorageError
from desktop.services.hamlets import add_hamlet
from desktop.services.session import transaction
from desktop.services.stats import register_stats
from desktop.store import files, migrate
from desktop.store.db import make_engine, open_database
from desktop.store.models import Hamlet, LocalSetting
from tests.read_only import read_only_place


def files_beside(path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


@pytest.fixture
def register(db_path):
    """A register with one hamlet, closed cleanly (no -wal beside it)."""
    with open_database(db_path) as db, transaction(db) as session:
        add_hamlet(session=session, name="Thôn Trung")
    return db_path


def test_it_opens_read_only_and_reads(register):
    before, names = register.read_bytes(), files_beside(register)
    with read_only_place(register):
        assert not files.writable(register)
        with open_database(register, exclusive=True) as db:
            assert db.read_only and db.lock is None and db.commune_code == "17380"
            with db.session() as session:
                assert register_stats(session=session).hamlets == 1
                assert session.scalar(select(Hamlet.name)) == "Thôn Trung"
        assert register.read_bytes() == before
        assert files_beside(register) == names, "no lock, marker, -wal or -shm made"


def test_every_kind_of_write_is_refused_in_words(register):
    with read_only_place(register), open_database(register) as db:
        attempts = {
            "a form saved": lambda s: add_hamlet(session=s, name="Thôn Mới"),
            "a bulk insert": lambda s: s.execute(insert(LocalSetting), [{"key": "x", "value": "y"}]),
            "raw SQL": lambda s: s.execute(text("UPDATE local_settings SET value = 'z'")),
        }
        for what, write in attempts.items():
            with pytest.raises(StorageError) as error:
                with transaction(db) as session:
                    write(session)
            assert error.value.code == "db_read_only", what
            assert "chỉ đọc" in error.value.message and "chép tệp vào máy tính" in error.value.message, what
        with db.session() as session:
            assert session.scalars(select(Hamlet.name)).all() == ["Thôn Trung"]


def test_an_older_schema_on_read_only_media_says_it_cannot_be_upgraded(tmp_path):
    path = tmp_path / "cu" / "xhht.sqlite"
    path.parent.mkdir()
    engine = make_engine(path)
    migrate.upgrade(engine, path, revision="0003")
    engine.dispose()
    before = path.read_bytes()
    with read_only_place(path):
        with pytest.raises(StorageError) as error:
            open_database(path)
    assert error.value.code == "db_read_only_old"
    message = error.value.message
    assert "cần nâng cấp" in message and "chỉ cho đọc" in message and "không nâng cấp được" in message
    assert "chép tệp vào máy tính" in message
    assert "Không nâng cấp được cơ sở dữ liệu" not in message, "not the failed-migration sentence"
    assert path.read_bytes() == before


def test_an_unclean_exit_is_checked_on_read_only_media_and_the_marker_stays(register):
    crashed = open_database(register)
    crashed.engine.dispose()  # the program "dies": its marker stays, its -wal is checkpointed
    marker = register.with_name(register.name + ".dang-mo")
    assert marker.exists()
    with read_only_place(register):
        with open_database(register) as db:
            assert db.read_only and db.unclean_exit and db.problems == []
        assert marker.exists(), "nothing can be removed from a read-only folder"


def test_a_share_that_says_yes_but_refuses_writes_still_opens_read_only(register, monkeypatch):
    """The access check can be wrong (network shares): the file itself really is unwritable
    here; only os.access is made to answer yes, as such a share does."""
    with read_only_place(register):
        monkeypatch.setattr(files.os, "access", lambda *_args, **_kwargs: True)
        assert not files.writable(register), "opening the file for writing is tried as well"
        with open_database(register, exclusive=True) as db:
            assert db.read_only
            with pytest.raises(StorageError) as error, transaction(db) as session:
                add_hamlet(session=session, name="Thôn Mới")
            assert error.value.code == "db_read_only"


def test_a_new_register_cannot_be_made_in_a_read_only_folder(register):
    with read_only_place(register):
        with pytest.raises(StorageError) as error:
            open_database(register.with_name("moi.sqlite"), create=True)
        assert error.value.code == "db_read_only" and "chỉ cho đọc" in error.value.message
        assert not register.with_name("moi.sqlite").exists()


def test_a_writable_register_is_not_taken_for_read_only(register):
    assert files.writable(register)
    with open_database(register) as db:
        assert not db.read_only


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="chattr needs root")
def test_the_file_alone_immutable_in_a_writable_folder(register):
    """Only the file is protected (its folder is not): still read-only, still readable."""
    import subprocess

    if subprocess.run(["chattr", "+i", str(register)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not available here")
    try:
        before = register.read_bytes()
        with open_database(register) as db:
            assert db.read_only
            with db.session() as session:
                assert session.scalar(select(Hamlet.name)) == "Thôn Trung"
        assert register.read_bytes() == before
        with sqlite3.connect(files.read_only_uri(register), uri=True) as conn:
            assert conn.execute("PRAGMA application_id").fetchone()[0] == migrate.APPLICATION_ID
        conn.close()
    finally:
        subprocess.run(["chattr", "-i", str(register)], check=True)
