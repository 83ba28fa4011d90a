"""A copy of the database on another place or PC, or an old backup restored over it, pushes
under a device id of its own: the server's positions of two logs never collide."""

from __future__ import annotations

import shutil
import sqlite3

from sqlalchemy import select

from desktop.store.db import open_database, renew_device_id
from desktop.store.models import Citizen, Hamlet
from desktop.sync.push import push_all
from desktop.sync.service import quarantined_rows


def test_a_copied_file_gets_a_new_device_id_and_the_original_keeps_its_own(db_path, tmp_path):
    with open_database(db_path) as original:
        device = original.device_id
    copy = tmp_path / "may-khac" / "xhht.sqlite"
    copy.parent.mkdir()
    shutil.copyfile(db_path, copy)
    with open_database(copy) as copied:
        assert copied.device_id != device
        copied_device = copied.device_id
    with open_database(copy) as again:
        assert again.device_id == copied_device
    with open_database(db_path) as original:
        assert original.device_id == device


def test_renewing_the_device_id_applies_to_the_next_writes(db):
    old = db.device_id
    new = renew_device_id(db)
    assert new != old and db.device_id == new
    with db.session() as session:
        session.add(Hamlet(name="Thôn Mới", kind="thon"))
        session.commit()
    with open_database(db.path) as again:
        assert again.device_id == new
    with db.engine.connect() as conn:
        writer = conn.exec_driver_sql("SELECT device_id FROM change_log ORDER BY position DESC LIMIT 1").scalar()
    assert writer == new


def _backup(path, target) -> None:
    source, dest = sqlite3.connect(path), sqlite3.connect(target)
    source.backup(dest)
    source.close()
    dest.close()


def test_an_old_backup_restored_in_place_is_noticed_by_the_server(enrolled, client, province, tmp_path):
    push_all(enrolled, client)
    backup = tmp_path / "sao-luu.sqlite"
    _backup(enrolled.path, backup)
    with enrolled.session() as session:  # work after the backup, pushed
        citizens = session.scalars(select(Citizen).order_by(Citizen.id).limit(2)).all()
        citizens[0].occupation = "Nông dân"
        session.commit()
    push_all(enrolled, client)
    device = enrolled.device_id
    path = enrolled.path
    enrolled.close()

    _backup(backup, path)  # written over the same file: same path, same inode
    with open_database(path) as restored:
        assert restored.device_id == device, "nothing on disk tells the copy apart"
        with restored.session() as session:
            session.get(Citizen, citizens[0].id).occupation = "Thợ may"  # older than the server's version
            session.get(Citizen, citizens[1].id).occupation = "Thợ mộc"
            session.commit()
        report = push_all(restored, client)
        assert report.resumed == "new_device" and restored.device_id != device
        server = province.rows()
        assert server[("citizens", citizens[1].id)] == 2
        assert server[("citizens", citizens[0].id)] == 2, "the newer version on the server stands"
        [stale] = quarantined_rows(restored)
        assert stale.row_id == citizens[0].id and stale.code == "conflict"
        assert "nội dung khác" in stale.reason
