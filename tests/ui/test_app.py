"""Start-up: the wizard's choices become a database, later runs reopen it, a bug is reported."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from desktop.services import hamlets
from desktop.services.commune import commune_info, init_commune
from desktop.services.demo.build import build_demo
from desktop.store.db import open_database
from desktop.ui import app, errors
from desktop.ui.dialogs.wizard import FirstRunSettings


def test_the_wizards_choices_make_a_database_with_its_hamlets(tmp_path):
    choice = FirstRunSettings(commune_code="17380", centre_name="Trung tâm học tập cộng đồng xã Yên Xuân",
                              hamlets=("Thôn Yên Phúc", "Bản Nà Làng"), db_path=tmp_path / "xa" / "xhht.sqlite")
    path = app.create_from_wizard(choice)
    with open_database(path) as db, db.session() as s:
        assert commune_info(db).name == "Xã Yên Xuân"
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
        build_demo(db, households=20_000, seed=1, year=2025)
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
