"""Tệp › Sao lưu… and Tệp › Khôi phục… as an officer uses them, and the daily copy made when
a register is opened. Real files and locks; only the OS file dialogs are answered by the test
(desktop.ui.dialogs.backup_dialog.ask_backup_source / ask_backup_target)."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from desktop.services.commune import init_commune
from desktop.services.hamlets import add_hamlet
from desktop.ui import app
from desktop.ui.app_controller import open_checked
from desktop.ui.dialogs import backup_dialog
from desktop.ui.dialogs.backup_dialog import BackupDialog, PasswordDialog
from tests.ui.conftest import RecordingErrors
from tests.ui.keyboard import click, opened, press, type_text
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


def closed(dialog) -> bool:
    return not shiboken6.isValid(dialog) or not dialog.isVisible()  # deleted once closed


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

    menu_action(window.file_menu, "Khôi phục…").trigger()
    asked = window.current_dialog
    assert isinstance(asked, PasswordDialog)
    press(qtbot, asked.password_edit, Qt.Key.Key_Return)  # nothing typed yet
    assert asked.isVisible() and asked.error_label.text() == "Hãy nhập mật khẩu."
    type_text(qtbot, asked.password_edit, "không đúng")  # a wrong password: asked again, in the same dialog
    click(qtbot, asked.ok_button)
    settle(qtbot, window)
    assert shown_boxes(window) == [] and asked.isVisible() and window.current_dialog is asked
    assert asked.error_label.text().startswith("Mật khẩu không đúng; hãy nhập lại")
    assert asked.password_edit.text() == "" and asked.focusWidget() is asked.password_edit
    assert switcher.window is window and "Thôn Sau Sao Lưu" in hamlets(yen_xuan)
    assert not list(yen_xuan.parent.glob("*.dang-khoi-phuc")) and not list(yen_xuan.parent.glob("*truoc-khoi-phuc*"))

    type_text(qtbot, asked.password_edit, "Mật khẩu xã")
    press(qtbot, asked.password_edit, Qt.Key.Key_Return)
    settle(qtbot, window)
    assert closed(asked), [b.text() for b in shown_boxes(window)]
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


def sealed_copy(qtbot, window, target: Path, password: str) -> Path:
    """A backup with a password, made through Tệp › Sao lưu… as the officer makes one."""
    menu_action(window.file_menu, "Sao lưu…").trigger()
    dialog = opened(qtbot, window)
    dialog.path_edit.selectAll()
    type_text(qtbot, dialog.path_edit, str(target))
    click(qtbot, dialog.seal_box)
    type_text(qtbot, dialog.password_edit, password)
    type_text(qtbot, dialog.repeat_edit, password)
    click(qtbot, dialog.ok_button)
    settle(qtbot, window)
    assert target.is_file()
    return target


def test_a_damaged_sealed_backup_is_said_once_and_not_asked_again(qtbot, switcher, yen_xuan, tmp_path,
                                                                 monkeypatch):
    window = switcher.window
    target = sealed_copy(qtbot, window, tmp_path / "USB" / "ban-sao.xhht", "hai không hai sáu")
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0xFF  # one byte changed in the middle, as a failing stick does
    target.write_bytes(bytes(data))
    before = hamlets(yen_xuan)
    monkeypatch.setattr(backup_dialog, "ask_backup_source", lambda parent, caption, folder: target)

    menu_action(window.file_menu, "Khôi phục…").trigger()
    asked = window.current_dialog
    type_text(qtbot, asked.password_edit, "hai không hai sáu")
    press(qtbot, asked.password_edit, Qt.Key.Key_Return)
    settle(qtbot, window)
    boxes = shown_boxes(window)
    assert len(boxes) == 1 and "đã bị sửa hoặc bị hỏng" in boxes[0].text()
    assert "Mật khẩu không đúng" not in boxes[0].text()
    assert closed(asked), "the password is not asked again: no password mends a damaged file"
    close_box(qtbot, boxes[0])
    assert shown_boxes(window) == [] and switcher.window is window and hamlets(yen_xuan) == before
    assert not list(yen_xuan.parent.glob("*.dang-khoi-phuc")) and not list(yen_xuan.parent.glob("*truoc-khoi-phuc*"))


def test_escape_in_the_password_dialog_restores_nothing(qtbot, switcher, yen_xuan, tmp_path, monkeypatch):
    window = switcher.window
    target = sealed_copy(qtbot, window, tmp_path / "ban-sao.xhht", "mật khẩu")
    add(qtbot, window, "Thôn Sau Sao Lưu")
    monkeypatch.setattr(backup_dialog, "ask_backup_source", lambda parent, caption, folder: target)
    menu_action(window.file_menu, "Khôi phục…").trigger()
    asked = window.current_dialog
    type_text(qtbot, asked.password_edit, "mật")
    press(qtbot, asked.password_edit, Qt.Key.Key_Escape)
    settle(qtbot, window)
    assert closed(asked) and shown_boxes(window) == []

    menu_action(window.file_menu, "Khôi phục…").trigger()  # Escape while the right password is being tried
    asked = window.current_dialog
    type_text(qtbot, asked.password_edit, "mật khẩu")
    press(qtbot, asked.password_edit, Qt.Key.Key_Return)
    press(qtbot, asked, Qt.Key.Key_Escape)
    settle(qtbot, window)
    assert closed(asked) and shown_boxes(window) == [] and window.current_dialog is asked, "no confirmation"
    assert switcher.window is window and "Thôn Sau Sao Lưu" in hamlets(yen_xuan)
    assert not list(yen_xuan.parent.glob("*.dang-khoi-phuc")) and not list(yen_xuan.parent.glob("*truoc-khoi-phuc*"))


# --- the second folder of the daily copy (a USB stick) ----------------------------------------

@pytest.fixture
def restart(qtbot, tmp_path):
    """The program closed and started again on the same register (the next day's first open)."""
    started = []

    def again(old, path: Path):
        window = old.window
        old.close_current()
        window.hide()
        window.deleteLater()
        new = app.make_switcher(RecordingErrors(), ini_settings(tmp_path))
        new.show_first(open_checked(path))
        settle(qtbot, new.window)
        started.append(new)
        return new
    yield again
    for switcher in started:
        window = switcher.window
        switcher.close_current()
        if window is not None:
            window.hide()
            window.deleteLater()


def todays(folder: Path) -> Path:
    return folder / f"xhht.sao-luu-{date.today():%Y%m%d}.sqlite"


def open_backup_dialog(qtbot, window) -> BackupDialog:
    menu_action(window.file_menu, "Sao lưu…").trigger()
    dialog = opened(qtbot, window)  # the saved second folder read from the register
    assert isinstance(dialog, BackupDialog)
    return dialog


def test_a_second_folder_chosen_gets_the_daily_copy_and_cleared_gets_none(qtbot, switcher, yen_xuan, tmp_path,
                                                                        restart, monkeypatch):
    stick = tmp_path / "USB"
    stick.mkdir()
    beside = yen_xuan.parent / "sao-luu"
    window = switcher.window
    dialog = open_backup_dialog(qtbot, window)
    assert dialog.second_label.text() == "Bản sao hằng ngày thứ hai: (chưa chọn)"
    assert not dialog.second_clear_button.isEnabled()

    monkeypatch.setattr(backup_dialog, "ask_second_folder", lambda parent, caption, folder: tmp_path / "không có")
    click(qtbot, dialog.second_choose_button)  # a folder that is not there is refused in the dialog
    settle(qtbot, window)
    assert "Không tìm thấy thư mục" in dialog.second_error_label.text() and dialog.second_error_label.isVisible()
    assert dialog.second_label.text().endswith("(chưa chọn)")

    monkeypatch.setattr(backup_dialog, "ask_second_folder", lambda parent, caption, folder: stick)
    click(qtbot, dialog.second_choose_button)
    settle(qtbot, window)
    assert dialog.second_label.text() == f"Bản sao hằng ngày thứ hai: {stick}"
    assert not dialog.second_error_label.isVisible() and dialog.second_clear_button.isEnabled()
    assert todays(stick).is_file() and hamlets(todays(stick)) == hamlets(yen_xuan), "today's copy at once"
    assert str(stick) in window.statusBar().currentMessage()
    press(qtbot, dialog, Qt.Key.Key_Escape)  # the choice is kept without making a copy now
    assert not list(yen_xuan.parent.glob("*.ban-sao-*"))

    for copy in (todays(stick), todays(beside)):  # as if a day had passed
        copy.unlink()
    switcher = restart(switcher, yen_xuan)
    assert todays(stick).is_file() and todays(beside).is_file(), "the next daily copy lands on the stick too"

    window = switcher.window
    dialog = open_backup_dialog(qtbot, window)
    assert dialog.second_label.text() == f"Bản sao hằng ngày thứ hai: {stick}"
    click(qtbot, dialog.second_clear_button)
    settle(qtbot, window)
    assert dialog.second_label.text() == "Bản sao hằng ngày thứ hai: (chưa chọn)"
    assert not dialog.second_clear_button.isEnabled() and "Đã bỏ thư mục thứ hai" in window.statusBar().currentMessage()
    click(qtbot, next(b for b in dialog.findChildren(QPushButton) if b.text() == "Hủy"))

    for copy in (todays(stick), todays(beside)):
        copy.unlink()
    switcher = restart(switcher, yen_xuan)
    assert todays(beside).is_file() and not todays(stick).exists(), "cleared: nothing more on the stick"


def test_a_stick_not_plugged_in_at_the_daily_copy_is_said_in_the_status_bar(qtbot, switcher, yen_xuan, tmp_path,
                                                                            restart, monkeypatch):
    stick = tmp_path / "USB"
    stick.mkdir()
    window = switcher.window
    dialog = open_backup_dialog(qtbot, window)
    monkeypatch.setattr(backup_dialog, "ask_second_folder", lambda parent, caption, folder: stick)
    click(qtbot, dialog.second_choose_button)
    settle(qtbot, window)
    press(qtbot, dialog, Qt.Key.Key_Escape)
    stick.rename(tmp_path / "rut-ra")  # the stick pulled out before the next day's first open
    todays(yen_xuan.parent / "sao-luu").unlink()

    switcher = restart(switcher, yen_xuan)
    said = switcher.window.statusBar().currentMessage()
    assert f"Không sao lưu được vào thư mục thứ hai {stick}" in said and "ổ USB chưa được cắm vào máy" in said
    assert todays(yen_xuan.parent / "sao-luu").is_file() and not stick.exists()
    assert shown_boxes(switcher.window) == [] and switcher.window.ctx.errors.shown == []
