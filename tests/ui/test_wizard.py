"""First-run wizard: find the commune without diacritics, name the centre, hamlets, a file;
or open the register the commune already has."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWizard

from desktop.services.commune import init_commune
from desktop.ui.dialogs.wizard import FirstRunSettings, FirstRunWizard
from tests.ui.conftest import answer_file_dialog
from tests.ui.keyboard import click


def make(qtbot, tmp_path) -> FirstRunWizard:
    wizard = FirstRunWizard(default_path=tmp_path / "mac-dinh.sqlite")
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def test_the_whole_first_run(qtbot, tmp_path):
    wizard = make(qtbot, tmp_path)
    page = wizard.commune_page
    assert not page.isComplete()
    qtbot.keyClicks(page.search, "yen xuan")
    found = [page.model.data(page.model.index(i)) for i in range(page.model.rowCount())]
    # Two communes bear the name, and they come before "Xã Vạn Xuân (Hưng Yên)".
    assert sorted(found[:2]) == ["Xã Yên Xuân (Nghệ An)", "Xã Yên Xuân (Thành phố Hà Nội)"]
    assert "Xã Vạn Xuân (Hưng Yên)" in found[2:]
    page.province.setCurrentIndex(page.province.findText("Nghệ An"))
    assert page.model.rowCount() == 1 and page.isComplete()  # the only match is picked
    assert page.selected().code == "17380"
    wizard.next()

    centre = wizard.centre_page
    assert centre.name.text() == "Trung tâm học tập cộng đồng xã Yên Xuân"
    centre.name.setText("  Trung tâm HTCĐ   xã Yên Xuân ")
    wizard.next()

    hamlets = wizard.hamlets_page
    # QTest types ASCII only: Vietnamese text goes in the way an input method leaves it.
    hamlets.names.insertPlainText("Thôn Yên Lạc")
    qtbot.keyClick(hamlets.names, Qt.Key.Key_Return)
    hamlets.names.insertPlainText("  Thôn   Xuân Sơn ")
    hamlets.names.appendPlainText("\nthon yen lac")  # a repeat, without marks
    wizard.next()

    database = wizard.database_page
    assert database.path.text() == str(tmp_path / "mac-dinh.sqlite")
    assert "Xã Yên Xuân, Nghệ An" in database.summary.text()
    database.path.setText(str(tmp_path / "xa" / "yen-xuan.sqlite"))
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)

    assert wizard.result() == QWizard.DialogCode.Accepted
    assert wizard.result_settings() == FirstRunSettings(
        commune_code="17380", centre_name="Trung tâm HTCĐ xã Yên Xuân",
        hamlets=("Thôn Yên Lạc", "Thôn Xuân Sơn"), db_path=tmp_path / "xa" / "yen-xuan.sqlite")


def test_buttons_read_vietnamese_without_any_translation(qtbot, tmp_path):
    wizard = make(qtbot, tmp_path)
    texts = [wizard.buttonText(b) for b in (QWizard.WizardButton.BackButton, QWizard.WizardButton.NextButton,
                                            QWizard.WizardButton.FinishButton, QWizard.WizardButton.CancelButton)]
    assert texts == ["Quay lại", "Tiếp theo", "Hoàn tất", "Hủy"]


def test_hamlets_can_wait_and_the_centre_keeps_what_was_typed(qtbot, tmp_path):
    wizard = make(qtbot, tmp_path)
    page = wizard.commune_page
    page.province.setCurrentIndex(page.province.findText("Thành phố Hà Nội"))
    page.search.setText("HOÀN KIẾM")
    assert page.selected().name == "Phường Hoàn Kiếm"
    wizard.next()
    assert wizard.centre_page.name.text() == "Trung tâm học tập cộng đồng phường Hoàn Kiếm"
    wizard.centre_page.name.setText("TTHTCĐ Hoàn Kiếm")
    wizard.back()
    wizard.next()
    assert wizard.centre_page.name.text() == "TTHTCĐ Hoàn Kiếm"
    wizard.next()
    wizard.hamlets_page.names.setPlainText("Tổ dân phố số 1")
    wizard.hamlets_page.later.setChecked(True)
    wizard.next()
    assert "nhập sau" in wizard.database_page.summary.text()
    wizard.accept()
    assert wizard.result_settings().hamlets == ()
    assert wizard.result_settings().db_path == tmp_path / "mac-dinh.sqlite"


def test_an_existing_file_is_refused(qtbot, tmp_path):
    taken = tmp_path / "da-co.sqlite"
    taken.write_bytes(b"")
    wizard = make(qtbot, tmp_path)
    qtbot.keyClicks(wizard.commune_page.search, "17380 khong co")  # nothing matches
    assert wizard.commune_page.model.rowCount() == 0 and not wizard.commune_page.isComplete()
    wizard.commune_page.search.setText("yen xuan nghe an")
    assert wizard.commune_page.selected().code == "17380"
    for _ in range(3):
        wizard.next()
    wizard.database_page.path.setText(str(taken))
    wizard.accept()
    assert wizard.result() != QWizard.DialogCode.Accepted and wizard.isVisible()
    assert "đã có" in wizard.database_page.problem.text()
    assert "không phải sổ dữ liệu XHHT" in wizard.database_page.problem.text()
    assert not wizard.database_page.open_button.isVisible(), "an empty file is nothing to open"


# --- a commune that already has its register --------------------------------------------



def test_the_first_page_opens_an_existing_register(qtbot, tmp_path, monkeypatch):
    existing = tmp_path / "USB" / "xhht.sqlite"
    init_commune(existing, "17380")
    folders = answer_file_dialog(monkeypatch, existing)
    wizard = make(qtbot, tmp_path)
    assert wizard.currentPage() is wizard.commune_page
    click(qtbot, wizard.commune_page.open_existing_button)
    assert wizard.result() == QWizard.DialogCode.Accepted and wizard.existing_path == existing
    assert folders == [tmp_path]  # beside the proposed file
    assert not (tmp_path / "mac-dinh.sqlite").exists()


def test_a_file_that_is_not_a_register_is_not_taken(qtbot, tmp_path, monkeypatch):
    other = tmp_path / "danh-ba.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE contacts(name TEXT)")
    answer_file_dialog(monkeypatch, other)
    wizard = make(qtbot, tmp_path)
    click(qtbot, wizard.commune_page.open_existing_button)
    [box] = [b for b in wizard.findChildren(QMessageBox) if b.isVisible()]
    assert "không phải sổ dữ liệu XHHT" in box.text()
    click(qtbot, box.buttons()[0])
    assert wizard.isVisible() and wizard.existing_path is None and wizard.result() != QWizard.DialogCode.Accepted


def test_the_last_page_offers_to_open_a_register_that_is_there(qtbot, tmp_path):
    existing = tmp_path / "xhht.sqlite"
    init_commune(existing, "17380")
    wizard = make(qtbot, tmp_path)
    wizard.commune_page.search.setText("hoan kiem")
    for _ in range(3):
        click(qtbot, wizard.button(QWizard.WizardButton.NextButton))
    page = wizard.database_page
    page.path.setText(str(existing))
    click(qtbot, wizard.button(QWizard.WizardButton.FinishButton))
    assert wizard.isVisible() and wizard.result() != QWizard.DialogCode.Accepted
    assert page.problem.text() == "Tệp này đã có: sổ của Xã Yên Xuân, Nghệ An. Mở tệp này?"
    assert page.open_button.isVisible()
    page.path.setText(str(tmp_path / "khac.sqlite"))  # typing another name withdraws the offer
    assert not page.open_button.isVisible() and page.problem.text() == ""
    page.path.setText(str(existing))
    click(qtbot, wizard.button(QWizard.WizardButton.FinishButton))
    click(qtbot, page.open_button)
    assert wizard.result() == QWizard.DialogCode.Accepted and wizard.existing_path == existing
