"""Copies and restores of a commune file (issue 12, item 5): nothing may be lost."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from datetime import date

import pytest

from desktop.domain.errors import StorageError
from desktop.services.commune import init_commune
from desktop.services.hamlets import add_hamlet
from desktop.services.session import transaction
from desktop.store import backup, sealing
from desktop.store.db import open_database
from desktop.store.files import latest_backup


def hamlets(path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {row[0] for row in conn.execute("SELECT name FROM hamlets WHERE deleted = 0")}
    finally:
        conn.close()


def integrity(path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [row[0] for row in conn.execute("PRAGMA integrity_check")]
    finally:
        conn.close()


@pytest.fixture
def with_hamlet(db_path):
    with open_database(db_path) as db, transaction(db) as session:
        add_hamlet(session=session, name="Thôn Đông")
    return db_path


def damage(path) -> None:
    """Overwrite pages in the middle of the file, as a failing disk would."""
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        for offset in range(4096, size, 8192):
            handle.seek(offset)
            handle.write(b"\xde\xad" * 1024)


def test_a_copy_while_the_program_writes_holds_every_commit_before_it(db_path, tmp_path):
    target = tmp_path / "copies" / "xhht-ban-sao.sqlite"
    with open_database(db_path) as db:
        stop = threading.Event()

        def write() -> None:
            number = 0
            while not stop.is_set():
                number += 1
                with transaction(db) as session:
                    add_hamlet(session=session, name=f"Thôn {number}")

        writer = threading.Thread(target=write)
        writer.start()
        try:
            made = backup.copy_database(db_path, target)
        finally:
            stop.set()
            writer.join()
    assert made.path == target and made.size == target.stat().st_size and not made.sealed
    assert integrity(target) == ["ok"]
    assert sealing.is_sealed(target) is False
    names = hamlets(target)
    assert names <= hamlets(db_path)
    assert not list(target.parent.glob("*.dang-ghi")), "no temporary file left"


def test_damaged_register_restored_from_its_copy(with_hamlet, tmp_path):
    copy = backup.copy_database(with_hamlet, tmp_path / "ban-sao.sqlite").path
    damage(with_hamlet)
    with pytest.raises(sqlite3.DatabaseError):
        integrity(with_hamlet)
    done = backup.restore_database(copy, with_hamlet)
    assert integrity(with_hamlet) == ["ok"]
    assert "Thôn Đông" in hamlets(with_hamlet)
    assert done.kept is not None and done.kept.name.startswith("xhht.truoc-khoi-phuc-")
    assert done.replaced_commune is None, "the damaged file could not say its commune"
    assert done.kept.read_bytes()[4096:4098] == b"\xde\xad", "the damaged file is kept as it was"
    with open_database(with_hamlet) as db:  # opens as any register
        assert db.commune_code == done.commune_code


def test_restore_keeps_commits_only_in_the_wal(with_hamlet, tmp_path):
    copy = backup.copy_database(with_hamlet, tmp_path / "ban-sao.sqlite").path
    conn = sqlite3.connect(with_hamlet)  # a program that died: its last commit only in the -wal
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA wal_autocheckpoint=0")
    conn.execute("UPDATE hamlets SET name = 'Thôn Tây' WHERE name = 'Thôn Đông'")
    conn.commit()
    wal = with_hamlet.with_name(with_hamlet.name + "-wal")
    assert wal.stat().st_size > 0
    done = backup.restore_database(copy, with_hamlet)
    conn.close()
    assert "Thôn Tây" in hamlets(done.kept), "the replaced file keeps its last commit"
    assert "Thôn Đông" in hamlets(with_hamlet)
    assert not wal.exists() or wal.stat().st_size == 0


def test_sealed_copy_opens_with_its_password_only(with_hamlet, tmp_path):
    sealed = backup.copy_database(with_hamlet, tmp_path / "ban-sao.xhht", password="Mật khẩu 1").path
    assert sealed.read_bytes().startswith(sealing.SEAL_MAGIC)
    assert b"SQLite format 3" not in sealed.read_bytes()
    assert sealing.is_sealed(sealed)
    target = tmp_path / "moi.sqlite"
    with pytest.raises(StorageError) as wrong:
        backup.restore_database(sealed, target, password="mật khẩu 1")
    assert wrong.value.code == "backup_wrong_password" and "Mật khẩu không đúng" in wrong.value.message
    with pytest.raises(StorageError) as missing:
        backup.restore_database(sealed, target)
    assert missing.value.code == "backup_password_needed"
    assert not target.exists() and not list(tmp_path.glob("moi.sqlite.dang-*"))
    done = backup.restore_database(sealed, target, password="Mật khẩu 1")
    assert done.sealed and done.kept is None
    assert "Thôn Đông" in hamlets(target) and integrity(target) == ["ok"]


@pytest.mark.parametrize("where", ["body", "header", "tag"])
def test_a_flipped_byte_in_a_sealed_copy_is_refused(with_hamlet, tmp_path, where):
    sealed = backup.copy_database(with_hamlet, tmp_path / "ban-sao.xhht", password="bí mật").path
    data = bytearray(sealed.read_bytes())
    offset = {"body": len(data) // 2, "header": 14, "tag": len(data) - 3}[where]
    data[offset] ^= 0x01
    sealed.write_bytes(bytes(data))
    with pytest.raises(StorageError) as refused:
        backup.restore_database(sealed, with_hamlet, password="bí mật")
    assert refused.value.code in ("backup_tampered", "backup_wrong_password")
    assert integrity(with_hamlet) == ["ok"] and "Thôn Đông" in hamlets(with_hamlet), "left as it was"
    assert not list(tmp_path.glob("*.truoc-khoi-phuc-*")) and not list(tmp_path.glob("*.dang-khoi-phuc"))


def test_another_communes_copy_is_refused_unless_allowed(db_path, tmp_path):
    other = tmp_path / "xa-khac.sqlite"
    init_commune(other, "00070")
    before = db_path.read_bytes()
    with pytest.raises(StorageError) as refused:
        backup.restore_database(other, db_path)
    assert refused.value.code == "restore_other_commune" and "00070" in refused.value.message
    assert db_path.read_bytes() == before
    done = backup.restore_database(other, db_path, allow_other_commune=True)
    assert done.commune_code == "00070" and done.replaced_commune == "17380"


def test_another_programs_sqlite_file_is_refused(db_path, tmp_path):
    foreign = tmp_path / "ke-toan.sqlite"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE so_cai (id INTEGER)")
    conn.commit()
    conn.close()
    for candidate in (foreign, tmp_path / "ghi-chu.txt"):
        if candidate.suffix == ".txt":
            candidate.write_text("không phải cơ sở dữ liệu")
        with pytest.raises(StorageError) as refused:
            backup.restore_database(candidate, db_path)
        assert refused.value.code == "backup_not_ours"
    assert integrity(db_path) == ["ok"]


def test_an_interrupted_restore_leaves_the_original_whole(with_hamlet, db_path, tmp_path):
    other = tmp_path / "cu.sqlite"
    shutil.copyfile(with_hamlet, other)
    with open_database(other) as db, transaction(db) as session:
        add_hamlet(session=session, name="Thôn Bắc")
    before = with_hamlet.read_bytes()

    def power_cut() -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        backup.restore_database(other, with_hamlet, before_replace=power_cut)
    assert with_hamlet.read_bytes() == before
    assert "Thôn Bắc" not in hamlets(with_hamlet)
    assert not list(tmp_path.glob("*.dang-khoi-phuc"))


def test_restore_is_refused_while_the_register_is_open(db_path, tmp_path):
    copy = backup.copy_database(db_path, tmp_path / "ban-sao.sqlite").path
    with open_database(db_path, exclusive=True):
        with pytest.raises(StorageError) as refused:
            backup.restore_database(copy, db_path)
    assert refused.value.code == "db_locked"


def test_daily_copies_once_a_day_keeping_the_newest(db_path):
    folder = db_path.parent / "sao-luu"
    for day in range(1, 11):
        assert backup.daily_copy(db_path, folder, keep=7, today=date(2026, 12, day)) is not None
    assert backup.daily_copy(db_path, folder, keep=7, today=date(2026, 12, 10)) is None, "once a day"
    names = [p.name for p in backup.daily_copies(db_path, folder)]
    assert names == [f"xhht.sao-luu-202612{day:02d}.sqlite" for day in range(10, 3, -1)]
    assert latest_backup(db_path) is not None and latest_backup(db_path).parent == folder


def test_no_daily_copy_of_a_damaged_file(db_path):
    folder = db_path.parent / "sao-luu"
    backup.daily_copy(db_path, folder, today=date(2026, 12, 1))
    damage(db_path)
    with pytest.raises(StorageError):
        backup.daily_copy(db_path, folder, today=date(2026, 12, 2))
    assert [p.name for p in backup.daily_copies(db_path, folder)] == ["xhht.sao-luu-20261201.sqlite"]


def test_restore_onto_a_new_path_needs_no_commune_to_match(db_path, tmp_path):
    other = tmp_path / "xa-khac.sqlite"
    init_commune(other, "00070")
    fresh = tmp_path / "may-moi" / "xhht.sqlite"
    done = backup.restore_database(other, fresh)
    assert done.kept is None and done.replaced_commune is None and done.commune_code == "00070"
    assert integrity(fresh) == ["ok"]


def test_a_cancelled_copy_leaves_no_file(db_path, tmp_path):
    from desktop.domain.errors import Cancelled
    from desktop.domain.progress import Progress

    progress = Progress()
    progress.cancel()
    target = tmp_path / "ban-sao.sqlite"
    with pytest.raises(Cancelled):
        backup.copy_database(db_path, target, progress=progress)
    assert not target.exists() and not list(tmp_path.glob("*.dang-ghi"))


def test_a_register_on_a_read_only_stick_can_be_copied_off_it(with_hamlet, tmp_path):
    from tests.read_only import read_only_place

    stick = tmp_path / "usb-khoa"
    stick.mkdir()
    register = stick / "xhht.sqlite"
    shutil.copyfile(with_hamlet, register)
    target = tmp_path / "may-tinh" / "ban-sao.sqlite"
    with read_only_place(register):
        made = backup.copy_database(register, target)
    assert made.path == target and "Thôn Đông" in hamlets(target) and integrity(target) == ["ok"]
