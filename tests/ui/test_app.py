"""Start-up: the wizard's choices become a database, later runs reopen it, a missing last file
asks the officer (never a silent second register), a bug is reported."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.services import hamlets
from desktop.services.commune import commune_info, init_commune
from desktop.services.demo.build import build_demo
from desktop.store.db import open_database
from desktop.ui import app, errors
from desktop.ui.dialogs import open_file
from desktop.ui.dialogs.missing_database import MissingDatabaseDialog
from desktop.ui.dialogs.wizard import FirstRunSettings, FirstRunWizard
from tests.ui.conftest import answer_file_dialog
from tests.ui.keyboard import click


def test_the_wizards_choices_make_a_database_with_its_hamlets(tmp_path):
    choice = FirstRunSettings(commune_code="17380", centre_name="Trung tâm học tập cộng đồng xã Yên Xuân",
                              hamlets=("Thôn Yên Phúc", "Bản Nà Làng"), db_path=tmp_path / "xa" / "xhht.sqlite")
    path = app.create_from_wizard(choice)
    with open_database(path) as db, db.session() as s:
        assert commune_info(db=db).name == "Xã Yên Xuân"
        assert [(h.name, h.kind) for h in hamlets.list_hamlets(session=s)] == [
            ("Bản Nà Làng", "ban"), ("Thôn Yên Phúc", "thon")]


def test_a_later_run_opens_the_last_database_without_the_wizard(tmp_path, monkeypatch):
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    last = tmp_path / "last.sqlite"
    init_commune(last, "17380")
    settings.setValue(app.LAST_DATABASE, str(last))
    monkeypatch.setattr("desktop.ui.dialogs.wizard.FirstRunWizard.exec",
                        lambda self: pytest.fail("the wizard must not open"))
    assert app.choose_database(None, settings) == last
    assert app.choose_database(last, settings) == last


def test_a_closed_wizard_opens_nothing(qtbot, tmp_path, monkeypatch):
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    monkeypatch.setattr("desktop.ui.dialogs.wizard.FirstRunWizard.exec", lambda self: 0)
    assert app.choose_database(tmp_path / "new.sqlite", settings) is None
    assert not (tmp_path / "new.sqlite").exists()


def test_an_unexpected_error_is_logged_and_reported_with_a_copyable_report(qtbot, tmp_path, monkeypatch):
    log_path = errors.setup_logging(tmp_path)
    shown = []
    monkeypatch.setattr(errors.CrashDialog, "exec", lambda self: shown.append(self.report.toPlainText()))
    try:
        raise RuntimeError("hỏng ở đâu đó")
    except RuntimeError as exc:
        errors.ErrorPresenter(log_path).show(exc)
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert "RuntimeError: hỏng ở đâu đó" in shown[0] and "XHHT" in shown[0]
    assert "hỏng ở đâu đó" in Path(log_path).read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_window_opens_on_a_20000_household_commune(qtbot, tmp_path_factory):
    path = tmp_path_factory.mktemp("big") / "big.sqlite"
    init_commune(path, "17380")
    with open_database(path) as db:
        build_demo(db=db, households=20_000, seed=1, year=2025)
    db = open_database(path, exclusive=True)
    settings = QSettings(str(tmp_path_factory.mktemp("s") / "s.ini"), QSettings.Format.IniFormat)
    window = app.open_window(db, errors.ErrorPresenter(None), settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: "20.000 hộ" in window.counts_label.text(), timeout=10_000)
    citizens = window.page_titled("Công dân")
    qtbot.waitUntil(lambda: citizens.model.rowCount() > 60_000, timeout=60_000)
    citizens.table.scrollToBottom()
    qtbot.wait(50)
    window.close()
    window.ctx.ops.wait()
    db.close()


# --- the last file is missing at start-up -------------------------------------------------


def when_shown(kind, act) -> None:
    """Run `act(dialog)` once a `kind` dialog is up (exec() runs its own event loop meanwhile).
    A failing step rejects the dialog so the test ends instead of waiting for a person."""
    def poll() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, kind) and widget.isVisible():
                try:
                    act(widget)
                except BaseException:
                    widget.reject()
                    raise
                return
        QTimer.singleShot(20, poll)
    QTimer.singleShot(0, poll)



def visible_boxes(widget) -> list[QMessageBox]:
    return [b for b in widget.findChildren(QMessageBox) if b.isVisible()]


@pytest.fixture
def usb_register(tmp_path):
    """Yên Xuân's register, last opened from a USB stick, and the settings that remember it."""
    path = tmp_path / "USB" / "xhht.sqlite"
    init_commune(path, "17380")
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    settings.setValue(app.LAST_DATABASE, str(path))
    return path, settings


def no_wizard(monkeypatch) -> None:
    monkeypatch.setattr("desktop.ui.dialogs.wizard.FirstRunWizard.exec",
                        lambda self: pytest.fail("the new-commune wizard must not open"))


def test_a_missing_last_file_asks_and_try_again_opens_it_once_it_is_back(qtbot, usb_register, tmp_path,
                                                                          monkeypatch):
    path, settings = usb_register
    stick = tmp_path / "ngoai-may"
    path.parent.rename(stick)  # the stick is taken out
    no_wizard(monkeypatch)
    seen = []

    def officer(dialog: MissingDatabaseDialog) -> None:
        click(qtbot, dialog.retry_button)  # before plugging it in
        assert dialog.isVisible() and "Vẫn chưa thấy tệp" in dialog.status.text()
        seen.append(dialog.status.text())
        stick.rename(path.parent)  # plugged in again
        click(qtbot, dialog.retry_button)
    when_shown(MissingDatabaseDialog, officer)

    assert app.choose_database(None, settings) == path
    assert seen and str(path) in seen[0]
    db = app.open_checked(path)
    assert db.commune_code == "17380"
    db.close()


def test_find_the_moved_file_from_the_nearest_folder(qtbot, usb_register, monkeypatch):
    path, settings = usb_register
    moved = path.with_name("xhht-2025.sqlite")
    path.rename(moved)
    no_wizard(monkeypatch)
    folders = answer_file_dialog(monkeypatch, moved)
    when_shown(MissingDatabaseDialog, lambda dialog: click(qtbot, dialog.find_button))
    assert app.choose_database(None, settings) == moved
    assert folders == [path.parent]


def test_find_starts_in_an_existing_parent_when_the_folder_is_gone(tmp_path):
    assert open_file.nearest_folder(tmp_path / "E" / "so" / "xhht.sqlite") == tmp_path


def test_another_file_must_be_a_register(qtbot, usb_register, tmp_path, monkeypatch):
    path, settings = usb_register
    other = tmp_path / "khac" / "xhht.sqlite"
    other.parent.mkdir()
    path.rename(other)
    spreadsheet = tmp_path / "danh-sach.xlsx"
    spreadsheet.write_bytes(b"PK\x03\x04")
    no_wizard(monkeypatch)
    answer_file_dialog(monkeypatch, spreadsheet, other)

    def officer(dialog: MissingDatabaseDialog) -> None:
        click(qtbot, dialog.other_button)
        [box] = visible_boxes(dialog)
        assert "không phải" in box.text() and dialog.isVisible()
        click(qtbot, box.buttons()[0])
        click(qtbot, dialog.other_button)
    when_shown(MissingDatabaseDialog, officer)
    assert app.choose_database(None, settings) == other


def test_quitting_the_missing_dialog_opens_nothing(qtbot, usb_register, monkeypatch):
    path, settings = usb_register
    path.unlink()
    no_wizard(monkeypatch)
    when_shown(MissingDatabaseDialog, lambda dialog: click(qtbot, dialog.quit_button))
    assert app.choose_database(None, settings) is None


def test_a_new_register_only_after_the_warning(qtbot, usb_register, monkeypatch):
    path, settings = usb_register
    path.unlink()
    wizards = []
    monkeypatch.setattr("desktop.ui.dialogs.wizard.FirstRunWizard.exec", lambda self: wizards.append(self) or 0)

    def officer(dialog: MissingDatabaseDialog) -> None:
        click(qtbot, dialog.new_button)
        [box] = visible_boxes(dialog)
        assert "Chỉ tạo sổ mới khi xã chưa có sổ nào" in box.text() and "hai sổ" in box.text()
        click(qtbot, next(b for b in box.buttons() if b.text() == "Hủy"))  # thinks again
        assert dialog.isVisible() and not wizards
        click(qtbot, dialog.new_button)
        [box] = visible_boxes(dialog)
        click(qtbot, next(b for b in box.buttons() if b.text() == "Vẫn tạo sổ mới"))
    when_shown(MissingDatabaseDialog, officer)
    assert app.choose_database(None, settings) is None  # the wizard was closed
    assert len(wizards) == 1


def test_the_first_run_can_open_an_existing_register(qtbot, tmp_path, monkeypatch):
    existing = tmp_path / "so-cu.sqlite"
    init_commune(existing, "17380")
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)  # nothing recorded
    answer_file_dialog(monkeypatch, existing)
    when_shown(FirstRunWizard, lambda wizard: click(qtbot, wizard.commune_page.open_existing_button))
    assert app.choose_database(None, settings) == existing
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".sqlite") == ["so-cu.sqlite"]


def test_start_up_remembers_the_file_and_closes_it_at_the_end(qtbot, usb_register):
    path, settings = usb_register
    switcher = app.make_switcher(errors.ErrorPresenter(None), settings)
    window = switcher.show_first(app.open_checked(path))
    assert window.isVisible() and settings.value(app.LAST_DATABASE) == str(path.resolve())
    assert switcher.recent() == [path.resolve()]
    window.close()
    switcher.close_current()
    open_database(path, exclusive=True).close()  # the lock was released
    window.deleteLater()
