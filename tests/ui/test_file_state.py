"""The window on files that are not simply a writable register (issue 10, item 7): read-only
(title and status bar say "chỉ đọc", edits refused in words), after an unclean exit (the
integrity check's result), and another program's file (refused, untouched).

Files are opened as the officer opens them: Tệp › Mở… with the OS dialog answered, or at
start-up through the switcher as `app.run` does."""

from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import datetime

import pytest

from desktop.store.db import open_database
from desktop.ui.app_controller import open_checked
from tests.read_only import read_only_place
from tests.ui.conftest import answer_file_dialog
from tests.ui.keyboard import click, click_row, opened, type_text
from tests.ui.test_open_database import (  # noqa: F401  (fixtures)
    close_box,
    hoan_kiem,
    hoan_kiem_template,
    menu_action,
    shown_boxes,
    switcher,
    switchers,
    yen_xuan,
)

SOUND = "Lần trước chương trình không tắt bình thường; đã kiểm tra tệp dữ liệu: không có lỗi."


@pytest.fixture
def usb_copy(demo_template, tmp_path):
    """Yên Xuân's register on a stick, closed cleanly."""
    path = tmp_path / "USB khóa ghi" / "xhht.sqlite"
    path.parent.mkdir()
    shutil.copyfile(demo_template, path)
    return path


def crash(path) -> None:
    """The program dies with the file open: its marker stays beside it."""
    open_database(path).engine.dispose()


def break_search_index(path) -> None:
    with sqlite3.connect(path) as conn:  # an index row pointing at no citizen
        conn.execute("INSERT INTO citizen_search(rowid, search_text) VALUES (999999, 'ma')")
    conn.close()


def go_to(qtbot, window, title: str):
    """Click the page's entry in the side navigation, as the officer does."""
    row = [window.nav.item(i).text() for i in range(window.nav.count())].index(title)
    click_row(qtbot, window.nav, row)
    page = window.current_page()
    qtbot.waitUntil(lambda: not page.busy and not window.ctx.ops.busy, timeout=10_000)
    return page


# --- read-only -----------------------------------------------------------------------------


def test_a_read_only_register_opened_from_the_menu_says_so_and_refuses_edits(qtbot, switcher, usb_copy,
                                                                             monkeypatch):
    before = usb_copy.read_bytes()
    with read_only_place(usb_copy):
        answer_file_dialog(monkeypatch, usb_copy)
        menu_action(switcher.window.file_menu, "Mở…").trigger()
        window = switcher.window
        assert window.ctx.db.path == usb_copy.resolve() and window.ctx.db.read_only
        assert window.windowTitle() == "XHHT — Xã Yên Xuân, Nghệ An (chỉ đọc)"
        assert window.read_only_label.isVisible() and window.read_only_label.text() == "Chỉ đọc"
        assert "chép tệp vào máy tính" in window.read_only_label.toolTip()
        assert not window.add_action.isEnabled() and not window.undo_action.isEnabled()
        assert not window.import_action.isEnabled(), "an import would only be refused"
        assert shown_boxes(window) == []

        households = go_to(qtbot, window, "Hộ gia đình")
        assert not households.import_action.isEnabled()
        page = go_to(qtbot, window, "Thôn/Tổ dân phố")
        assert [h.name for h in page.table.table_model.records()] == ["Xóm 1", "Xóm 2"], "reading works"
        assert not page.add_button.isEnabled() and "chép tệp vào máy tính" in page.add_action.toolTip()
        click_row(qtbot, page.table, 0)  # an edit is still offered, and refused in words
        click(qtbot, page.rename_button)
        dialog = opened(qtbot, page)
        dialog.name.selectAll()
        type_text(qtbot, dialog.name, "Thôn Mới")
        qtbot.waitUntil(dialog.save_button.isEnabled)
        click(qtbot, dialog.save_button)
        qtbot.waitUntil(lambda: dialog.message.isVisible())
        assert "đang mở ở chế độ chỉ đọc" in dialog.message.text()
        assert "chép tệp vào máy tính" in dialog.message.text()
        assert dialog.isVisible(), "what was typed stays on screen"
        assert window.ctx.errors.shown == [], "refused in words, not as a crash"
        dialog.reject()
    assert usb_copy.read_bytes() == before
    assert sorted(p.name for p in usb_copy.parent.iterdir()) == ["xhht.sqlite"]


def test_start_up_on_a_read_only_register(qtbot, switchers, usb_copy):
    with read_only_place(usb_copy):
        switcher = switchers()
        window = switcher.show_first(open_checked(usb_copy))  # as app.run does
        assert "(chỉ đọc)" in window.windowTitle() and window.read_only_label.isVisible()
        assert not window.sync._timer.isActive(), "no background sync: a push records its progress in the file"


def test_an_older_read_only_register_is_refused_with_the_reason(qtbot, switcher, usb_copy, monkeypatch):
    with sqlite3.connect(usb_copy) as conn:  # as the release before revision 0005 left it
        conn.execute("UPDATE alembic_version SET version_num = '0004'")
    conn.close()
    with read_only_place(usb_copy):
        window = switcher.window
        answer_file_dialog(monkeypatch, usb_copy)
        menu_action(window.file_menu, "Mở…").trigger()
        assert switcher.window is window, "the current register stays"
        [box] = shown_boxes(window)
        assert "cần nâng cấp" in box.text() and "không nâng cấp được" in box.text()
        assert "chép tệp vào máy tính" in box.text()
        close_box(qtbot, box)


# --- after an unclean exit -----------------------------------------------------------------


def test_a_sound_file_after_an_unclean_exit_is_said_in_the_status_bar(qtbot, switchers, usb_copy):
    crash(usb_copy)
    window = switchers().show_first(open_checked(usb_copy))
    assert window.statusBar().currentMessage() == SOUND
    assert shown_boxes(window) == []


def test_a_clean_start_says_nothing_of_it(qtbot, switcher):
    assert switcher.window.statusBar().currentMessage() == ""
    assert shown_boxes(switcher.window) == []


def test_a_damaged_file_opened_from_the_menu_warns_and_names_the_latest_backup(qtbot, switcher, hoan_kiem,
                                                                               monkeypatch):
    older = hoan_kiem.with_name("hoan-kiem.truoc-nang-cap-0003-20260101-080000.sqlite")
    newest = hoan_kiem.with_name("hoan-kiem.truoc-nang-cap-0004-20260301-080000.sqlite")
    for copy, when in ((older, 1_767_000_000), (newest, 1_772_000_000)):
        shutil.copyfile(hoan_kiem, copy)
        os.utime(copy, (when, when))
    crash(hoan_kiem)
    break_search_index(hoan_kiem)
    answer_file_dialog(monkeypatch, hoan_kiem)

    menu_action(switcher.window.file_menu, "Mở…").trigger()

    window = switcher.window
    assert window.ctx.db.path == hoan_kiem.resolve()
    [box] = shown_boxes(window)
    assert box.windowTitle() == "Tệp dữ liệu có lỗi"
    assert "không tắt bình thường" in box.text() and "citizen_search" in box.text()
    saved = datetime.fromtimestamp(newest.stat().st_mtime).strftime("%d/%m/%Y %H:%M")
    assert newest.name in box.text() and older.name not in box.text(), box.text()
    assert f"lưu lúc {saved}" in box.text()
    assert "không nên nhập thêm dữ liệu" in box.text()
    close_box(qtbot, box)
    assert shown_boxes(window) == []


def test_a_damaged_file_without_a_backup_points_to_the_province(qtbot, switchers, hoan_kiem):
    crash(hoan_kiem)
    break_search_index(hoan_kiem)
    window = switchers().show_first(open_checked(hoan_kiem))
    [box] = shown_boxes(window)
    assert "Không tìm thấy bản sao lưu" in box.text() and "Khôi phục dữ liệu từ tỉnh" in box.text()
    close_box(qtbot, box)


# --- another program's file ----------------------------------------------------------------


def test_a_file_with_another_application_id_is_refused_and_left_byte_for_byte(qtbot, switcher, hoan_kiem,
                                                                               monkeypatch):
    with sqlite3.connect(hoan_kiem) as conn:  # our tables, but marked as a GeoPackage
        conn.execute(f"PRAGMA application_id = {int.from_bytes(b'GPKG', 'big')}")
    conn.close()
    before = hoan_kiem.read_bytes()
    window = switcher.window
    answer_file_dialog(monkeypatch, hoan_kiem)

    menu_action(window.file_menu, "Mở…").trigger()

    assert switcher.window is window
    [box] = shown_boxes(window)
    assert "chương trình khác" in box.text() and "vẫn giữ nguyên" in box.text()
    close_box(qtbot, box)
    assert hoan_kiem.read_bytes() == before
    assert sorted(p.name for p in hoan_kiem.parent.iterdir()) == ["hoan-kiem.sqlite"]
