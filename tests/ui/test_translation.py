"""Qt's own texts read Vietnamese: a wrong context in qtbase_vi.ts would silently do nothing."""

from __future__ import annotations

import os
import shutil
import time

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialogButtonBox, QFileDialog, QLabel, QLineEdit, QMessageBox,
    QProgressDialog, QPushButton, QTextEdit, QToolButton, QWizard, QWizardPage,
)

from desktop.ui import i18n

SOURCE = i18n.translations_dir() / "qtbase_vi.ts"


def plain(text: str) -> str:
    """What the user reads: no mnemonic ampersand, no shortcut after the tab."""
    return text.split("\t")[0].replace("&", "")


@pytest.fixture
def vietnamese(qapp, tmp_path):
    """The translator built from a copy of the .ts (the source tree is left alone)."""
    shutil.copy(SOURCE, tmp_path)
    before = QLocale()
    translator = i18n.install_translations(qapp, tmp_path)
    yield translator
    qapp.removeTranslator(translator)
    QLocale.setDefault(before)


def test_the_qm_is_built_from_the_ts_and_rebuilt_when_older(tmp_path):
    shutil.copy(SOURCE, tmp_path)
    ts, qm = tmp_path / "qtbase_vi.ts", tmp_path / "qtbase_vi.qm"
    assert i18n.build_qm(ts, qm) and qm.stat().st_size > 1000
    old = time.time() - 3600
    os.utime(qm, (old, old))
    assert i18n.build_qm(ts, qm) and qm.stat().st_mtime > old  # the .ts is newer: built again


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
