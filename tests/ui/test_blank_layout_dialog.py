"""Căn lề in trên phôi: typing the offsets, seeing them in the sample, keeping them, test-printing."""

from __future__ import annotations

from pypdf import PdfReader
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog

from desktop.printing.certificate import BlankLayout
from desktop.ui.dialogs.blank_layout_dialog import (
    BLANK_ON,
    OFFSET_X,
    OFFSET_Y,
    BlankLayoutDialog,
    blank_layout,
    blank_offsets,
)
from tests.ui.keyboard import click, press, type_text
from tests.ui.test_print_preview import pdf_printer


def settings_in(tmp_path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def shown(qtbot, settings) -> BlankLayoutDialog:
    dialog = BlankLayoutDialog(settings, commune="Xã Yên Xuân")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def retype(qtbot, spin, text: str) -> None:
    spin.lineEdit().selectAll()
    type_text(qtbot, spin.lineEdit(), text)
    press(qtbot, spin.lineEdit(), Qt.Key.Key_Tab)


def test_offsets_typed_are_kept_for_the_next_print(qtbot, tmp_path):
    settings = settings_in(tmp_path)
    assert blank_layout(settings) is None, "whole pages until the officer says otherwise"
    dialog = shown(qtbot, settings)
    assert dialog.windowTitle() == "Căn lề in trên phôi"
    assert (dialog.save_button.text(), dialog.cancel_button.text()) == ("Lưu", "Hủy")
    assert (dialog.offset_x.minimum(), dialog.offset_x.maximum(), dialog.offset_x.singleStep()) == (-30, 30, 0.5)
    click(qtbot, dialog.enabled)
    retype(qtbot, dialog.offset_x, "-4.5")
    retype(qtbot, dialog.offset_y, "6")
    click(qtbot, dialog.save_button)
    assert dialog.result() == QDialog.DialogCode.Accepted
    again = settings_in(tmp_path)  # as read at the next start
    assert blank_layout(again) == BlankLayout(-4.5, 6)
    reopened = shown(qtbot, again)
    assert reopened.enabled.isChecked() and (reopened.offset_x.value(), reopened.offset_y.value()) == (-4.5, 6)


def test_cancel_keeps_what_was_there(qtbot, tmp_path):
    settings = settings_in(tmp_path)
    settings.setValue(OFFSET_X, 2.0)
    dialog = shown(qtbot, settings)
    retype(qtbot, dialog.offset_x, "9")
    click(qtbot, dialog.cancel_button)
    assert blank_offsets(settings) == (2.0, 0.0) and blank_layout(settings) is None


def test_the_sample_moves_with_the_offsets(qtbot, tmp_path):
    dialog = shown(qtbot, settings_in(tmp_path))
    before = dialog.preview.pixmap().toImage()
    retype(qtbot, dialog.offset_y, "12")
    qtbot.waitUntil(lambda: dialog.preview.pixmap().toImage() != before, timeout=3000)
    after = dialog.preview.pixmap().toImage()
    assert after.size() == before.size()
    dialog.grab().save(str(tmp_path / "can-le.png"))


def test_a_hand_edited_settings_file_does_not_break_printing(tmp_path):
    settings = settings_in(tmp_path)
    settings.setValue(BLANK_ON, "true")
    settings.setValue(OFFSET_X, "abc")
    settings.setValue(OFFSET_Y, "99")
    assert blank_layout(settings) == BlankLayout(0.0, 0.0)


def test_a_test_page_goes_through_the_preview_and_prints(qtbot, tmp_path):
    dialog = shown(qtbot, settings_in(tmp_path))
    retype(qtbot, dialog.offset_x, "3")
    click(qtbot, dialog.test_button)
    preview = dialog.current_dialog
    assert preview is not None and preview.isVisible() and preview.page_count == 1
    target = tmp_path / "in-thu.pdf"
    preview.choose_printer = lambda printer: pdf_printer(target, printer)
    click(qtbot, preview.toolbar.widgetForAction(preview.print_action))
    assert len(PdfReader(target).pages) == 1
    assert dialog.isVisible(), "back to adjusting after the test page"
