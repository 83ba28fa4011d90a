"""Qt's own texts read Vietnamese: a wrong context in qtbase_vi.ts would silently do nothing."""

from __future__ import annotations

import logging
import subprocess
from pathlib import Path

import PySide6
import pytest
from PySide6.QtCore import QCoreApplication, QLocale, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QTextEdit,
    QToolButton,
    QWizard,
    QWizardPage,
)

from desktop.ui import i18n

SOURCE = i18n.translations_dir() / "qtbase_vi.ts"


def plain(text: str) -> str:
    """What the user reads: no mnemonic ampersand, no shortcut after the tab."""
    return text.split("\t")[0].replace("&", "")


def lrelease(ts, qm):
    """What setup.py and `make setup` run; here on the .ts as it is now, so these tests
    check the source even when the checkout's .qm is older."""
    subprocess.run([str(Path(PySide6.__file__).with_name("lrelease")), "-silent", str(ts), "-qm", str(qm)], check=True)


@pytest.fixture
def installed(qapp):
    """install_translations as a test calls it; the translator removed and the locale put back after."""
    before, translators = QLocale(), []

    def install(folder=None):
        translators.append(i18n.install_translations(qapp, folder))
        return translators[-1]

    yield install
    for translator in translators:
        qapp.removeTranslator(translator)
    QLocale.setDefault(before)


@pytest.fixture
def vietnamese(installed, tmp_path):
    lrelease(SOURCE, tmp_path / "qtbase_vi.qm")
    return installed(tmp_path)


def test_the_checkout_has_its_qm_built_by_make_setup(installed):
    qm = i18n.translations_dir() / "qtbase_vi.qm"
    assert qm.is_file(), "run `make setup`: it builds the .qm from the .ts"
    installed()
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Hủy"


def test_the_program_starts_without_a_qm_and_says_so(installed, tmp_path, caplog):
    (tmp_path / "qtbase_vi.ts").write_bytes(SOURCE.read_bytes())  # a checkout before `make setup`
    with caplog.at_level(logging.WARNING, logger=i18n.__name__):
        translator = installed(tmp_path)
    assert translator.isEmpty()
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
    assert QLocale().name() == "vi_VN"  # numbers and dates still read Vietnamese
    assert any("Thiếu tệp dịch" in r.getMessage() and "make setup" in r.getMessage() for r in caplog.records)
    assert not (tmp_path / "qtbase_vi.qm").exists()  # nothing compiled at start-up


def test_a_damaged_qm_is_reported_not_fatal(installed, tmp_path, caplog):
    (tmp_path / "qtbase_vi.qm").write_bytes(b"not a qm file")
    with caplog.at_level(logging.WARNING, logger=i18n.__name__):
        translator = installed(tmp_path)
    assert translator.isEmpty()
    assert any("Không nạp được tệp dịch" in r.getMessage() for r in caplog.records)


def test_message_box_buttons(vietnamese, qtbot):
    box = QMessageBox(QMessageBox.Icon.Question, "XHHT", "Xóa hộ này?",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.setDetailedText("chi tiết")
    qtbot.addWidget(box)
    box.show()
    assert plain(box.button(QMessageBox.StandardButton.Yes).text()) == "Có"
    assert plain(box.button(QMessageBox.StandardButton.No).text()) == "Không"
    assert "Xem chi tiết..." in [plain(b.text()) for b in box.buttons()]


def test_dialog_button_box(vietnamese, qtbot):
    Std = QDialogButtonBox.StandardButton
    box = QDialogButtonBox(Std.Ok | Std.Cancel | Std.Save | Std.Close | Std.Apply | Std.Help)
    qtbot.addWidget(box)
    texts = {b: plain(box.button(b).text()) for b in (Std.Ok, Std.Cancel, Std.Save, Std.Close, Std.Apply, Std.Help)}
    assert texts == {Std.Ok: "Đồng ý", Std.Cancel: "Hủy", Std.Save: "Lưu", Std.Close: "Đóng",
                     Std.Apply: "Áp dụng", Std.Help: "Trợ giúp"}


@pytest.mark.parametrize("widget_class", [QLineEdit, QTextEdit])
def test_text_context_menus(vietnamese, qtbot, widget_class):
    widget = widget_class()
    qtbot.addWidget(widget)
    widget.setFocus()
    texts = [plain(a.text()) for a in widget.createStandardContextMenu().actions() if a.text()]
    assert texts == ["Hoàn tác", "Làm lại", "Cắt", "Sao chép", "Dán", "Xóa", "Chọn tất cả"]


def test_non_native_file_dialog(vietnamese, qtbot, tmp_path):
    dialog = QFileDialog(None, "", str(tmp_path))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    dialog.show()
    labels = {w.objectName(): plain(w.text()) for w in dialog.findChildren(QLabel) if w.objectName()}
    assert labels["lookInLabel"] == "Tìm trong:"
    assert labels["fileNameLabel"] == "Tên tệp:"
    assert labels["fileTypeLabel"] == "Loại tệp:"
    tips = {w.objectName(): w.toolTip() for w in dialog.findChildren(QToolButton) if w.objectName()}
    assert tips["backButton"] == "Quay lại" and tips["toParentButton"] == "Thư mục cha"
    assert tips["newFolderButton"] == "Tạo thư mục mới" and tips["detailModeButton"] == "Dạng chi tiết"
    tree = next(v for v in dialog.findChildren(QAbstractItemView) if v.objectName() == "treeView")
    model = tree.model()
    headers = [model.headerData(i, Qt.Orientation.Horizontal) for i in range(model.columnCount())]
    assert headers == ["Tên", "Kích thước", "Loại", "Ngày sửa"]
    types = dialog.findChild(QComboBox, "fileTypeCombo")
    assert types.itemText(0) == "Tất cả tệp (*)"
    buttons = dialog.findChild(QDialogButtonBox)
    assert [plain(b.text()) for b in buttons.buttons()] == ["Mở", "Hủy"]
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    assert plain(buttons.button(QDialogButtonBox.StandardButton.Save).text()) == "Lưu"


def test_wizard_and_progress_defaults(vietnamese, qtbot):
    wizard = QWizard()
    wizard.addPage(QWizardPage())
    qtbot.addWidget(wizard)
    names = (QWizard.WizardButton.BackButton, QWizard.WizardButton.NextButton,
             QWizard.WizardButton.FinishButton, QWizard.WizardButton.CancelButton)
    assert [plain(wizard.buttonText(b)) for b in names] == ["< Quay lại", "Tiếp theo >", "Hoàn tất", "Hủy"]
    progress = QProgressDialog()
    qtbot.addWidget(progress)
    assert [plain(b.text()) for b in progress.findChildren(QPushButton)] == ["Hủy"]


def test_the_locale_is_vietnamese(vietnamese):
    assert QLocale().name() == "vi_VN"
    assert QLocale().toString(20000) == "20.000"
    assert QLocale().toString(4.5) == "4,5"
