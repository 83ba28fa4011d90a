"""First-run wizard: find the commune without diacritics, name the centre, hamlets, a file."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from desktop.ui.dialogs.wizard import FirstRunSettings, FirstRunWizard


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
