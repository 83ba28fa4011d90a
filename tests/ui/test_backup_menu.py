"""Tệp › Sao lưu… and Tệp › Khôi phục… as an officer uses them, and the daily copy made when
a register is opened. Real files and locks; only the OS file dialogs are answered by the test
(desktop.ui.dialogs.backup_dialog.ask_backup_source / ask_backup_target)."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop.services.commune import init_commune
from desktop.services.hamlets import add_hamlet
from desktop.ui import app
from desktop.ui.app_controller import open_checked
from desktop.ui.dialogs import backup_dialog
from desktop.ui.dialogs.backup_dialog import BackupDialog, PasswordDialog
from tests.ui.conftest import RecordingErrors
from tests.ui.keyboard import click, press, type_text
from tests.ui.test_open_database import close_box, ini_settings, lock_is_free, menu_action, shown_boxes


@pytest.fixture
def yen_xuan(demo_template, tmp_path) -> Path:
    path = tmp_path / "Yên Xuân" / "xhht.sqlite"
    path.parent.mkdir()
    shutil.copyfile(demo_template, path)
    return path


@pytest.fixture
def switcher(qtbot, tmp_path, yen_xuan):
    switcher = app.make_switcher(RecordingErrors(), ini_settings(tmp_path))
    switcher.show_first(open_checked(yen_xuan))
    qtbot.waitUntil(lambda: not switcher.window.ctx.ops.busy, timeout=20_000)
    yield switcher
    window = switcher.window
    switcher.close_current()
    if window is not None:
        window.hide()
        window.deleteLater()


def hamlets(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {row[0] for row in conn.execute("SELECT name FROM hamlets WHERE deleted = 0")}
    finally:
        conn.close()


def add(qtbot, window, name: str) -> None:
    window.ctx.ops.run(lambda session, progress: add_hamlet(session=session, name=name))
    qtbot.waitUntil(lambda: not window.ctx.ops.busy, timeout=10_000)


def settle(qtbot, window) -> None:
    qtbot.waitUntil(lambda: not window.ctx.ops.busy, timeout=20_000)


def test_opening_a_register_makes_the_days_copy_beside_it(switcher, yen_xuan):
    copy = yen_xuan.parent / "sao-luu" / f"xhht.sao-luu-{date.today():%Y%m%d}.sqlite"
    assert copy.is_file()
    assert hamlets(copy) == hamlets(yen_xuan)
    assert switcher.window.ctx.errors.shown == []


def test_back_up_with_a_password_then_restore_it_over_later_work(qtbot, switcher, yen_xuan, tmp_path, monkeypatch):
    window = switcher.window
    add(qtbot, window, "Thôn Trước Sao Lưu")
    target = tmp_path / "USB" / "ban-sao.xhht"

    menu_action(window.file_menu, "Sao lưu…").trigger()
    dialog = window.current_dialog
    assert isinstance(dialog, BackupDialog) and dialog.target.parent == yen_xuan.parent
    dialog.path_edit.selectAll()
    type_text(qtbot, dialog.path_edit, str(target))
    click(qtbot, dialog.seal_box)
    type_text(qtbot, dialog.password_edit, "Mật khẩu xã")
    type_text(qtbot, dialog.repeat_edit, "Mật khẩu sai")
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible() and "không giống nhau" in dialog.error_label.text()
    type_text(qtbot, dialog.repeat_edit, "Mật khẩu xã")
    press(qtbot, dialog.repeat_edit, Qt.Key.Key_Return)
    settle(qtbot, window)
    assert target.is_file() and target.read_bytes().startswith(b"XHHTSEAL")
    assert str(target) in window.statusBar().currentMessage()

    add(qtbot, window, "Thôn Sau Sao Lưu")
    monkeypatch.setattr(backup_dialog, "ask_backup_source", lambda parent, caption, folder: target)

    menu_action(window.file_menu, "Khôi phục…").trigger()  # a wrong password first
    asked = window.current_dialog
    assert isinstance(asked, PasswordDialog)
    type_text(qtbot, asked.password_edit, "không đúng")
    click(qtbot, asked.ok_button)
    settle(qtbot, window)
    boxes = shown_boxes(window)
    assert len(boxes) == 1 and "Mật khẩu không đúng" in boxes[0].text()
    close_box(qtbot, boxes[0])
    assert switcher.window is window and "Thôn Sau Sao Lưu" in hamlets(yen_xuan)

    menu_action(window.file_menu, "Khôi phục…").trigger()
    asked = window.current_dialog
    type_text(qtbot, asked.password_edit, "Mật khẩu xã")
    press(qtbot, asked.password_edit, Qt.Key.Key_Return)
    settle(qtbot, window)
    confirm = window.current_dialog
    assert str(yen_xuan) in confirm.text() and "truoc-khoi-phuc" in confirm.text()
    close_box(qtbot, confirm, "Khôi phục")

    restored = switcher.window
    assert restored is not window and restored.isVisible() and not window.isVisible()
    assert not lock_is_free(yen_xuan), "the restored register is open in the new window"
    settle(qtbot, restored)
    names = hamlets(yen_xuan)
    assert "Thôn Trước Sao Lưu" in names and "Thôn Sau Sao Lưu" not in names
    kept = list(yen_xuan.parent.glob("xhht.truoc-khoi-phuc-*.sqlite"))
    assert len(kept) == 1 and "Thôn Sau Sao Lưu" in hamlets(kept[0]), "the replaced file keeps the later work"
    assert str(kept[0]) in restored.statusBar().currentMessage()
    assert not list(yen_xuan.parent.glob("*.dang-khoi-phuc"))
    assert restored.ctx.errors.shown == []


def test_declining_the_confirmation_leaves_everything_as_it_was(qtbot, switcher, yen_xuan, tmp_path, monkeypatch):
    window = switcher.window
    plain = tmp_path / "ban-sao.sqlite"
    shutil.copyfile(yen_xuan, plain)
    monkeypatch.setattr(backup_dialog, "ask_backup_source", lambda parent, caption, folder: plain)
    menu_action(window.file_menu, "Khôi phục…").trigger()
    settle(qtbot, window)
    confirm = window.current_dialog
    press(qtbot, confirm, Qt.Key.Key_Escape)
    assert switcher.window is window and window.isVisible()
    assert not list(yen_xuan.parent.glob("*.dang-khoi-phuc")) and not list(yen_xuan.parent.glob("*truoc-khoi-phuc*"))


def test_another_communes_backup_and_another_programs_file_are_refused(qtbot, switcher, yen_xuan, tmp_path,
                                                                       monkeypatch):
    window = switcher.window
    other = tmp_path / "hoan-kiem.sqlite"
    init_commune(other, "00070")
    foreign = tmp_path / "ke-toan.sqlite"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE so_cai (id INTEGER)")
    conn.commit()
    conn.close()
    before = hamlets(yen_xuan)
    for picked, says in ((other, "xã mã 00070"), (foreign, "không phải bản sao lưu XHHT")):
        monkeypatch.setattr(backup_dialog, "ask_backup_source", lambda parent, caption, folder, p=picked: p)
        menu_action(window.file_menu, "Khôi phục…").trigger()
        settle(qtbot, window)
        boxes = shown_boxes(window)
        assert len(boxes) == 1 and says in boxes[0].text()
        close_box(qtbot, boxes[0])
    assert switcher.window is window and hamlets(yen_xuan) == before
    assert not list(yen_xuan.parent.glob("*truoc-khoi-phuc*"))
