""""Báo cáo" as an officer uses it: pick the year, click "Lưu báo cáo Excel…" (or "…PDF…"), the save dialog
(replaced by a hook, as for the lists' "Xuất Excel…") offers a name in Documents, the report is
written beside the writer and the status bar says where; the workbook opens with openpyxl."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel

from desktop.ui import pdf_printing
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
    assert book.sheetnames[:3] == ["Tổng hợp", "Theo thôn", "Trung tâm HTCĐ"]
    assert book["Theo thôn"]["A4"].value == "BÁO CÁO KẾT QUẢ XÂY DỰNG XÃ HỘI HỌC TẬP NĂM 2025"


def answer_pdf_dialog(monkeypatch, *answers):
    """The PDF save dialog answers `answers` in turn; the names it offered are recorded."""
    offered = []
    queue = list(answers)

    def ask(parent, caption, suggested):
        offered.append(Path(suggested))
        return queue.pop(0)
    monkeypatch.setattr(pdf_printing, "ask_pdf_path", ask)
    return offered


def test_save_the_year_report_as_pdf(qtbot, ctx, tmp_path, monkeypatch):
    window, page = window_on(qtbot, ctx, "Báo cáo")
    assert "đang được xây dựng" not in " ".join(label.text() for label in page.findChildren(QLabel))
    choose_year(qtbot, page, 2025)
    target = tmp_path / "bc.pdf"
    offered = answer_pdf_dialog(monkeypatch, str(target))
    click(qtbot, page.pdf_button)
    qtbot.waitUntil(lambda: bool(page.exported), timeout=20_000)

    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    assert offered == [Path(documents) / "bao-cao-2025.pdf"]
    assert ctx.errors.shown == []
    assert str(target) in window.statusBar().currentMessage() and str(target) in page.result.text()
    text = " ".join(p.extract_text() for p in PdfReader(target).pages)
    assert "BÁO CÁO" in text and "năm 2025" in text and "TM. ỦY BAN NHÂN DÂN" in text
    # The next save is offered in the folder the officer chose.
    again = answer_pdf_dialog(monkeypatch, None)
    click(qtbot, page.pdf_button)
    assert again == [tmp_path / "bao-cao-2025.pdf"] and not ctx.ops.busy


def test_cancelling_the_dialog_writes_nothing(qtbot, ctx, tmp_path, monkeypatch):
    _, page = window_on(qtbot, ctx, "Báo cáo")
    answer_save_dialog(monkeypatch, None)
    click(qtbot, page.save_button)
    answer_pdf_dialog(monkeypatch, None)
    click(qtbot, page.pdf_button)
    assert not ctx.ops.busy and not page.exported and not list(tmp_path.glob("*.xlsx")) + list(tmp_path.glob("*.pdf"))


def test_a_folder_that_is_gone_is_said_in_vietnamese(qtbot, ctx, tmp_path, monkeypatch):
    _, page = window_on(qtbot, ctx, "Báo cáo")
    answer_save_dialog(monkeypatch, str(tmp_path / "gone" / "bc.xlsx"))
    click(qtbot, page.save_button)
    qtbot.waitUntil(lambda: bool(ctx.errors.shown), timeout=20_000)
    assert not page.exported
