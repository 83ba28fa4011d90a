"""The backup services the window and `xhht` share: keyword arguments in, frozen records out."""

from __future__ import annotations

import dataclasses
import sqlite3
from datetime import date

import pytest

from desktop.domain.errors import StorageError
from desktop.services import backup
from desktop.services.hamlets import add_hamlet
from desktop.services.session import transaction
from desktop.store.db import open_database


def test_a_copy_of_the_open_register_while_it_is_written(db):
    with transaction(db) as session:
        add_hamlet(session=session, name="Thôn Đông")
    target = db.path.parent / "ra-ngoai" / "ban.sqlite"
    with transaction(db) as session:  # a write under way, not yet committed
        add_hamlet(session=session, name="Thôn Đang Ghi")
        session.flush()
        record = backup.back_up(db=db, target=target)
    assert dataclasses.is_dataclass(record) and record.path == target and not record.sealed
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.size = 0  # type: ignore[misc]
    conn = sqlite3.connect(target)
    names = {row[0] for row in conn.execute("SELECT name FROM hamlets")}
    conn.close()
    assert "Thôn Đông" in names and "Thôn Đang Ghi" not in names, "the last commit, not half a transaction"


def test_backup_onto_the_register_itself_is_refused(db):
    with pytest.raises(StorageError) as refused:
        backup.back_up(db=db, target=db.path)
    assert refused.value.code == "backup_same_file"


def test_daily_backup_of_a_path_and_the_second_folder(db_path, tmp_path):
    stick = tmp_path / "usb"
    stick.mkdir()
    with open_database(db_path) as db, transaction(db) as session:
        assert backup.set_second_folder(session=session, folder=stick) == stick.resolve()
    with open_database(db_path) as db, transaction(db) as session:
        assert backup.second_folder(session=session) == stick.resolve()
    first = backup.daily_backup(path=db_path, today=date(2026, 12, 6))
    assert {r.path.parent for r in first.made} == {db_path.parent / "sao-luu", stick.resolve()}
    again = backup.daily_backup(path=db_path, today=date(2026, 12, 6))
    assert again.made == () and len(again.already) == 2 and again.problems == ()


def test_a_second_folder_not_plugged_in_is_said_in_words(db_path, tmp_path):
    stick = tmp_path / "usb"
    stick.mkdir()
    with open_database(db_path) as db, transaction(db) as session:
        backup.set_second_folder(session=session, folder=stick)
    stick.rename(tmp_path / "rut-ra")  # the stick pulled out
    daily = backup.daily_backup(path=db_path, today=date(2026, 12, 7))
    assert [r.path.parent for r in daily.made] == [db_path.parent / "sao-luu"]
    assert daily.problems == (
        f"Không sao lưu được vào thư mục thứ hai {stick.resolve()}: không tìm thấy thư mục này (ổ USB chưa được "
        "cắm vào máy?). Bản sao lưu hôm nay trong thư mục sao-luu cạnh tệp dữ liệu vẫn có.",)
    assert not stick.exists(), "the stick's folder is not made again on the PC's own disk"


def test_restore_answers_with_what_was_replaced(db_path, tmp_path):
    copy = backup.back_up(path=db_path, target=tmp_path / "ban.xhht", password="một hai ba")
    assert copy.sealed and backup.is_sealed_backup(path=copy.path)
    done = backup.restore(path=db_path, source=copy.path, password="một hai ba")
    assert done.path == db_path.resolve() and done.kept is not None and done.kept.is_file()
    assert done.commune_code == done.replaced_commune == "17380" and done.sealed
