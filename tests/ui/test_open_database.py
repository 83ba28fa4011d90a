"""Opening registers from the window: Tệp › Mở…, Mở gần đây, Tạo sổ mới…, and refusals.

Real files and real locks; only the OS file dialog is answered by the test
(desktop.ui.dialogs.open_file.ask_database_path), as a person would pick a file.
"""

from __future__ import annotations

import shutil
import sqlite3
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, QSettings
from PySide6.QtWidgets import QMessageBox, QWizard
from sqlalchemy import text

from desktop.services.commune import init_commune
from desktop.store.db import open_database
from desktop.ui import app
from desktop.ui.app_controller import MAX_RECENT, RECENT_DATABASES, open_checked
from tests.ui.conftest import RecordingErrors, answer_file_dialog
from tests.ui.keyboard import click, type_text

YEN_XUAN = "Xã Yên Xuân, Nghệ An"
HOAN_KIEM = "Phường Hoàn Kiếm, Thành phố Hà Nội"


@pytest.fixture(scope="module")
def hoan_kiem_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("hk-template") / "hoan-kiem.sqlite"
    init_commune(path, "00070")
    return path


@pytest.fixture
def yen_xuan(demo_template, tmp_path) -> Path:
    path = tmp_path / "Yên Xuân" / "xhht.sqlite"
    path.parent.mkdir()
    shutil.copyfile(demo_template, path)
    return path


@pytest.fixture
def hoan_kiem(hoan_kiem_template, tmp_path) -> Path:
    path = tmp_path / "USB & ổ mạng" / "hoan-kiem.sqlite"
    path.parent.mkdir()
    shutil.copyfile(hoan_kiem_template, path)
    return path


def ini_settings(tmp_path, name: str = "settings.ini") -> QSettings:
    return QSettings(str(tmp_path / name), QSettings.Format.IniFormat)


@pytest.fixture
def switchers(qtbot, tmp_path):
    """Makes DatabaseSwitchers as `run` does; closes what they still hold at the end."""
    made = []

    def make(settings_name: str = "settings.ini"):
        switcher = app.make_switcher(RecordingErrors(), ini_settings(tmp_path, settings_name))
        made.append(switcher)
        return switcher
    yield make
    for switcher in made:
        window = switcher.window
        switcher.close_current()
        if window is not None:
            window.hide()
            window.deleteLater()


@pytest.fixture
def switcher(switchers, yen_xuan):
    """A window open on Yên Xuân, as after start-up."""
    switcher = switchers()
    switcher.show_first(open_checked(yen_xuan))
    return switcher



def menu_action(menu, text: str):
    found = [a for a in menu.actions() if a.text().replace("&", "") == text]
    assert found, [a.text() for a in menu.actions()]
    return found[0]


def shown_boxes(widget) -> list[QMessageBox]:
    return [b for b in widget.findChildren(QMessageBox) if b.isVisible()]


def close_box(qtbot, box: QMessageBox, text: str = "Đóng") -> None:
    click(qtbot, next(b for b in box.buttons() if b.text() == text))


def lock_is_free(path: Path) -> bool:
    try:
        open_database(path, exclusive=True).close()
    except Exception:
        return False
    return True


# --- Tệp › Mở… ---------------------------------------------------------------------------


def test_opening_a_second_register_closes_the_first_cleanly(qtbot, switcher, yen_xuan, hoan_kiem, monkeypatch):
    first = switcher.window
    first.resize(720, 520)  # inside the offscreen screen (800 × 600): restoreGeometry keeps a window on screen
    first.move(40, 30)
    geometry = first.geometry()
    assert first.commune_label.text() == YEN_XUAN and not lock_is_free(yen_xuan)
    folders = answer_file_dialog(monkeypatch, hoan_kiem)

    menu_action(first.file_menu, "Mở…").trigger()

    window = switcher.window
    assert window is not first and window.isVisible() and not first.isVisible()
    assert folders == [yen_xuan.parent]  # the dialog opens where the current register lives
    assert window.commune_label.text() == HOAN_KIEM and HOAN_KIEM in window.windowTitle()
    assert window.geometry() == geometry
    assert lock_is_free(yen_xuan), "the first register's lock is released"
    assert not (yen_xuan.parent / "xhht.sqlite.dang-mo").exists(), "closed cleanly"
    assert not lock_is_free(hoan_kiem)
    assert switcher.recent() == [hoan_kiem.resolve(), yen_xuan.resolve()]
    assert switcher.settings.value(app.LAST_DATABASE) == str(hoan_kiem.resolve())
    qtbot.waitUntil(lambda: "0 hộ" in window.counts_label.text())  # counted on the reader
    assert window.ctx.errors.shown == []


def test_work_under_way_finishes_before_the_first_register_closes(qtbot, switcher, yen_xuan, hoan_kiem,
                                                                  monkeypatch):
    first = switcher.window
    finished = []

    def slow_count(session, progress):
        time.sleep(0.4)
        return session.execute(text("SELECT count(*) FROM households")).scalar()
    first.ctx.ops.run(slow_count, on_done=finished.append, writes=False)
    answer_file_dialog(monkeypatch, hoan_kiem)

    menu_action(first.file_menu, "Mở…").trigger()

    assert finished == [300], "the job ended, and its result arrived, before the database closed"
    assert switcher.window.commune_label.text() == HOAN_KIEM and lock_is_free(yen_xuan)
    assert first.ctx.errors.shown == []


class RefusesToClose(QObject):
    """A window with work not yet saved says no to closing."""

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt name)
        if event.type() == QEvent.Type.Close:
            event.ignore()
            return True
        return False


def test_a_window_that_will_not_close_keeps_its_register(qtbot, switcher, yen_xuan, hoan_kiem, monkeypatch):
    first = switcher.window
    refuse = RefusesToClose(first)
    first.installEventFilter(refuse)
    answer_file_dialog(monkeypatch, hoan_kiem)

    menu_action(first.file_menu, "Mở…").trigger()

    assert switcher.window is first and first.isVisible() and not lock_is_free(yen_xuan)
    assert lock_is_free(hoan_kiem), "the register opened for the switch is closed again"
    first.removeEventFilter(refuse)


def test_the_open_shortcut_is_ctrl_o(switcher):
    action = menu_action(switcher.window.file_menu, "Mở…")
    assert action.shortcut().toString() == "Ctrl+O"
    texts = [a.text().replace("&", "") for a in switcher.window.file_menu.actions()]
    assert texts[:3] == ["Tạo sổ mới…", "Mở…", "Mở gần đây"]
    assert "Thêm hộ gia đình…" in texts and texts[-1] == "Thoát"


def test_a_window_made_without_a_switcher_has_no_open_entries(qtbot, ctx):
    from desktop.ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    texts = [a.text().replace("&", "") for a in window.file_menu.actions()]
    assert "Mở…" not in texts and "Mở gần đây" not in texts


def test_a_register_open_in_another_window_is_refused_and_the_current_one_stays(
        qtbot, switchers, switcher, yen_xuan, hoan_kiem, monkeypatch):
    other = switchers("other.ini")
    other.show_first(open_checked(hoan_kiem))  # another XHHT window holds Hoàn Kiếm
    window = switcher.window
    answer_file_dialog(monkeypatch, hoan_kiem)

    menu_action(window.file_menu, "Mở…").trigger()

    assert switcher.window is window and window.isVisible()
    [box] = shown_boxes(window)
    assert "đang được mở ở một chương trình XHHT khác" in box.text()
    assert "vẫn giữ nguyên" in box.text() and str(yen_xuan.resolve()) in box.text()
    close_box(qtbot, box)
    window.refresh_counts()  # the current database still answers
    qtbot.waitUntil(lambda: "300 hộ" in window.counts_label.text())
    assert not lock_is_free(yen_xuan)
    assert switcher.recent() == [yen_xuan.resolve()], "a refused file is not remembered"


@pytest.mark.parametrize("content", ["sqlite of another program", "spreadsheet", "empty"])
def test_a_file_that_is_not_a_register_is_refused_and_left_untouched(qtbot, switcher, tmp_path, monkeypatch,
                                                                     content):
    foreign = tmp_path / "khac.sqlite"
    if content == "sqlite of another program":
        with sqlite3.connect(foreign) as conn:
            conn.execute("CREATE TABLE contacts(name TEXT)")
    elif content == "spreadsheet":
        foreign.write_bytes(b"PK\x03\x04 danh sach ho")
    else:
        foreign.write_bytes(b"")
    before = foreign.read_bytes()
    window = switcher.window
    answer_file_dialog(monkeypatch, foreign)

    menu_action(window.file_menu, "Mở…").trigger()

    assert switcher.window is window and window.isVisible()
    [box] = shown_boxes(window)
    assert "không phải" in box.text() and "khac.sqlite" in box.text()
    close_box(qtbot, box)
    assert foreign.read_bytes() == before, "nothing was written into the other program's file"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("khac")) == ["khac.sqlite"]


def test_a_cancelled_file_dialog_changes_nothing(switcher, monkeypatch):
    window = switcher.window
    answer_file_dialog(monkeypatch, None)
    menu_action(window.file_menu, "Mở…").trigger()
    assert switcher.window is window and shown_boxes(window) == []


def test_opening_the_register_already_open_only_says_so(switcher, yen_xuan, monkeypatch):
    window = switcher.window
    answer_file_dialog(monkeypatch, yen_xuan.parent / ".." / yen_xuan.parent.name / yen_xuan.name)
    menu_action(window.file_menu, "Mở…").trigger()
    assert switcher.window is window and window.isVisible()
    assert "đang được mở trong cửa sổ này" in window.statusBar().currentMessage()
    assert shown_boxes(window) == []


# --- Mở gần đây -----------------------------------------------------------------------------


def recent_texts(window) -> list[tuple[str, bool]]:
    window.recent_menu.aboutToShow.emit()  # as when the officer opens the submenu
    return [(a.text(), a.isEnabled()) for a in window.recent_menu.actions() if not a.isSeparator()]


def test_recent_files_most_recent_first_and_missing_ones_greyed(qtbot, switcher, yen_xuan, hoan_kiem,
                                                               tmp_path, monkeypatch):
    third = tmp_path / "ba.sqlite"
    shutil.copyfile(hoan_kiem, third)
    for path in (hoan_kiem, third):
        answer_file_dialog(monkeypatch, path)
        menu_action(switcher.window.file_menu, "Mở…").trigger()
    assert switcher.recent() == [third.resolve(), hoan_kiem.resolve(), yen_xuan.resolve()]

    hoan_kiem.rename(hoan_kiem.with_name("doi-ten.sqlite"))  # moved away, or its USB stick taken out
    window = switcher.window
    assert recent_texts(window) == [
        (f"&1  {third.resolve()}", True),
        (f"&2  {str(hoan_kiem.resolve()).replace('&', '&&')}  (không tìm thấy)", False),
        (f"&3  {yen_xuan.resolve()}", True),
        ("&Xóa danh sách", True),
    ]

    # An older entry, chosen from the menu, opens again and moves to the top.
    next(a for a in window.recent_menu.actions() if a.text().startswith("&3")).trigger()
    assert switcher.window.commune_label.text() == YEN_XUAN
    assert switcher.recent() == [yen_xuan.resolve(), third.resolve(), hoan_kiem.resolve()]

    # The list is read back by the next start (a fresh QSettings on the same file).
    again = app.make_switcher(RecordingErrors(), ini_settings(tmp_path))
    assert again.recent() == switcher.recent()

    window = switcher.window
    menu_action(window.recent_menu, "Xóa danh sách").trigger()
    assert switcher.recent() == [] and recent_texts(window) == [("(chưa có tệp nào)", False),
                                                                ("&Xóa danh sách", False)]
    assert switcher.settings.value(app.LAST_DATABASE) == str(yen_xuan.resolve()), "the last file stays"


def test_one_recent_file_reads_back_from_the_ini_file(switcher, yen_xuan, tmp_path):
    switcher.settings.sync()
    again = app.make_switcher(RecordingErrors(), ini_settings(tmp_path))
    assert again.recent() == [yen_xuan.resolve()]


def test_the_recent_list_keeps_eight(switchers, tmp_path):
    switcher = switchers()
    paths = [tmp_path / f"so-{n}.sqlite" for n in range(MAX_RECENT + 3)]
    for path in paths:
        switcher.remember(path)
    assert switcher.recent() == paths[::-1][:MAX_RECENT]
    switcher.remember(paths[5])
    assert switcher.recent()[0] == paths[5] and len(switcher.recent()) == MAX_RECENT
    assert len(set(switcher.recent())) == MAX_RECENT
    assert isinstance(switcher.settings.value(RECENT_DATABASES), str)


# --- Tệp › Tạo sổ mới… ------------------------------------------------------------------------


def choose_commune(qtbot, wizard, search: str) -> None:
    type_text(qtbot, wizard.commune_page.search, search)
    assert wizard.commune_page.selected() is not None


def test_a_new_register_from_the_window_warns_then_runs_the_wizard(qtbot, switcher, yen_xuan, tmp_path):
    window = switcher.window
    menu_action(window.file_menu, "Tạo sổ mới…").trigger()
    [warning] = shown_boxes(window)
    assert "Chỉ tạo sổ mới khi xã chưa có sổ nào" in warning.text()
    close_box(qtbot, warning, "Vẫn tạo sổ mới")

    wizard = switcher.wizard
    assert wizard is not None and wizard.isVisible() and wizard.windowTitle().startswith("Tạo sổ mới")
    choose_commune(qtbot, wizard, "hoan kiem ha noi")
    for _ in range(3):
        click(qtbot, wizard.button(QWizard.WizardButton.NextButton))
    new_path = tmp_path / "moi" / "hoan-kiem.sqlite"
    wizard.database_page.path.setText(str(new_path))
    click(qtbot, wizard.button(QWizard.WizardButton.FinishButton))

    assert switcher.window is not window and switcher.window.commune_label.text() == HOAN_KIEM
    assert switcher.recent()[:2] == [new_path.resolve(), yen_xuan.resolve()]
    assert lock_is_free(yen_xuan)


def test_the_warning_can_be_declined(qtbot, switcher):
    window = switcher.window
    menu_action(window.file_menu, "Tạo sổ mới…").trigger()
    [warning] = shown_boxes(window)
    close_box(qtbot, warning, "Hủy")
    assert switcher.wizard is None and switcher.window is window


def test_the_new_register_wizard_can_end_on_an_existing_file(qtbot, switcher, hoan_kiem, monkeypatch):
    window = switcher.window
    menu_action(window.file_menu, "Tạo sổ mới…").trigger()
    close_box(qtbot, shown_boxes(window)[0], "Vẫn tạo sổ mới")
    answer_file_dialog(monkeypatch, hoan_kiem)
    click(qtbot, switcher.wizard.commune_page.open_existing_button)
    assert switcher.window.commune_label.text() == HOAN_KIEM


def test_the_missing_dialog_names_the_file_its_folder_and_the_choices(qtbot, tmp_path):
    """(Its buttons at work: tests/ui/test_app.py.)"""
    from desktop.ui.dialogs.missing_database import MissingDatabaseDialog

    path = tmp_path / "E" / "xhht.sqlite"
    dialog = MissingDatabaseDialog(path)
    qtbot.addWidget(dialog)
    text = " ".join(label.text() for label in dialog.findChildren(type(dialog.status)))
    assert "xhht.sqlite" in text and str(path.parent) in text and "USB" in text
    assert [b.text().replace("&", "") for b in (dialog.retry_button, dialog.find_button, dialog.other_button,
                                               dialog.new_button, dialog.quit_button)] == [
        "Thử lại", "Tìm tệp…", "Mở tệp khác…", "Tạo sổ mới…", "Thoát"]
