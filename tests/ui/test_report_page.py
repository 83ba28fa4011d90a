""""Báo cáo" as an officer uses it: pick the year, click "Lưu báo cáo Excel…", the save dialog
(replaced by a hook, as for the lists' "Xuất Excel…") offers a name in Documents, the report is
written beside the writer and the status bar says where; the workbook opens with openpyxl."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtTest import QTest

from tests.ui.conftest import window_on
from tests.ui.keyboard import click
from tests.ui.test_export_action import answer_save_dialog


def choose_year(qtbot, page, year: int) -> None:
    box = page.year_box
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    box.selectAll()
    QTest.keyClicks(box, str(year))
    QTest.keyClick(box, Qt.Key.Key_Tab)
    assert box.value() == year


def test_save_the_year_report_as_excel(qtbot, ctx, tmp_path, monkeypatch):
    window, page = window_on(qtbot, ctx, "Báo cáo")
    choose_year(qtbot, page, 2025)
    target = tmp_path / "bc.xlsx"
    offered = answer_save_dialog(monkeypatch, str(target))
    click(qtbot, page.save_button)
    qtbot.waitUntil(lambda: bool(page.exported), timeout=20_000)

    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    assert offered == [Path(documents) / "bao-cao-2025.xlsx"]
    assert ctx.errors.shown == []
    assert str(target) in window.statusBar().currentMessage() and str(target) in page.result.text()
    book = load_workbook(target)
    assert book.sheetnames == ["Tổng hợp", "Theo thôn", "Trung tâm HTCĐ"]
    assert book["Theo thôn"]["A4"].value == "BÁO CÁO KẾT QUẢ XÂY DỰNG XÃ HỘI HỌC TẬP NĂM 2025"


def test_cancelling_the_dialog_writes_nothing(qtbot, ctx, tmp_path, monkeypatch):
    _, page = window_on(qtbot, ctx, "Báo cáo")
    answer_save_dialog(monkeypatch, None)
    click(qtbot, page.save_button)
    assert not ctx.ops.busy and not page.exported and not list(tmp_path.glob("*.xlsx"))


def test_a_folder_that_is_gone_is_said_in_vietnamese(qtbot, ctx, tmp_path, monkeypatch):
    _, page = window_on(qtbot, ctx, "Báo cáo")
    answer_save_dialog(monkeypatch, str(tmp_path / "gone" / "bc.xlsx"))
    click(qtbot, page.save_button)
    qtbot.waitUntil(lambda: bool(ctx.errors.shown), timeout=20_000)
    assert not page.exported
