""""Xuất Excel…" on the lists, as an officer uses it: click the button, the file dialog (replaced
by a hook, as for PDFs) offers a dated name in Documents, the file is written on the reader and
the status bar says where; the workbook opens with openpyxl."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QPushButton

from desktop.ui.pages import base
from tests.ui.conftest import window_on
from tests.ui.keyboard import click


def answer_save_dialog(monkeypatch, *answers):
    """The save dialog answers `answers` in turn; the names it offered are recorded."""
    offered = []
    queue = list(answers)

    def ask(parent, caption, suggested):
        offered.append(Path(suggested))
        return queue.pop(0)
    monkeypatch.setattr(base, "ask_export_path", ask)
    return offered


def export_button(page) -> QPushButton:
    buttons = [b for b in page.findChildren(QPushButton) if b.text() == "Xuất Excel…" and b.isVisibleTo(page)]
    assert len(buttons) == 1
    return buttons[0]


@pytest.mark.parametrize("title, name, heading", [
    ("Hộ gia đình", "ho-gia-dinh", "DANH SÁCH HỘ GIA ĐÌNH"),
    ("Công dân", "cong-dan", "DANH SÁCH CÔNG DÂN"),
    ("Dòng họ", "dong-ho", "DANH SÁCH DÒNG HỌ"),
    ("Đơn vị học tập", "don-vi-hoc-tap", "DANH SÁCH ĐƠN VỊ HỌC TẬP"),
    ("Trung tâm học tập cộng đồng", "hoat-dong", "CÁC HOẠT ĐỘNG CỦA TRUNG TÂM HỌC TẬP CỘNG ĐỒNG"),
    ("Đánh giá – công nhận", "danh-hieu", "KẾT QUẢ ĐÁNH GIÁ DANH HIỆU"),
])
def test_export_a_list_from_its_page(qtbot, ctx, tmp_path, monkeypatch, title, name, heading):
    window, page = window_on(qtbot, ctx, title)
    target = tmp_path / "ra" / f"{name}.xlsx"
    target.parent.mkdir()
    offered = answer_save_dialog(monkeypatch, str(target))
    click(qtbot, export_button(page))
    qtbot.waitUntil(lambda: bool(page.exported), timeout=20_000)

    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    assert offered == [Path(documents) / f"{name}-{date.today().isoformat()}.xlsx"]
    assert ctx.errors.shown == []
    assert str(target) in page.exported and str(target) in window.statusBar().currentMessage()
    ws = load_workbook(target).worksheets[0]
    assert ws["A4"].value.startswith(heading)
    assert ws["A7"].value == "STT"


def test_the_certificate_register_tab_and_the_folder_remembered(qtbot, ctx, tmp_path, monkeypatch):
    window, page = window_on(qtbot, ctx, "Đánh giá – công nhận")
    page.tabs.setCurrentWidget(page.register_tab)
    tab = page.register_tab
    qtbot.waitUntil(lambda: not tab.busy)
    first, second = tmp_path / "so-gcn.xlsx", tmp_path / "lan-hai.xlsx"
    offered = answer_save_dialog(monkeypatch, str(first), None, str(second))
    click(qtbot, export_button(tab))
    qtbot.waitUntil(lambda: bool(tab.exported), timeout=20_000)
    ws = load_workbook(first).active
    assert ws["A4"].value == "SỔ CẤP GIẤY CÔNG NHẬN"
    assert f"Năm {tab.year}" in ws["A5"].value  # the year the tab shows

    tab.exported = ""
    click(qtbot, export_button(tab))  # the officer cancels the dialog: nothing is written
    assert not ctx.ops.busy and not tab.exported
    click(qtbot, export_button(tab))
    qtbot.waitUntil(lambda: bool(tab.exported), timeout=20_000)
    assert second.exists()
    assert offered[1].parent == tmp_path  # offered where the last export went


def test_a_failed_export_is_shown_not_swallowed(qtbot, ctx, tmp_path, monkeypatch):
    window, page = window_on(qtbot, ctx, "Dòng họ")
    answer_save_dialog(monkeypatch, str(tmp_path / "khong-co" / "dong-ho.xlsx"))  # the folder is gone
    click(qtbot, export_button(page))
    qtbot.waitUntil(lambda: bool(ctx.errors.shown), timeout=20_000)
    assert "Không có thư mục" in str(ctx.errors.shown[0]) and not page.exported


def test_the_households_page_exports_what_its_filters_show(qtbot, ctx, tmp_path, monkeypatch):
    window, page = window_on(qtbot, ctx, "Hộ gia đình")
    page.poverty.setCurrentIndex(page.poverty.findData("poor"))
    qtbot.waitUntil(lambda: not page.busy, timeout=10_000)
    shown = page.model.rowCount()
    target = tmp_path / "ho-ngheo.xlsx"
    answer_save_dialog(monkeypatch, str(target))
    click(qtbot, export_button(page))
    qtbot.waitUntil(lambda: bool(page.exported), timeout=20_000)
    ws = load_workbook(target).active
    rows = [r for r in ws.iter_rows(min_row=8, values_only=True) if r[0] is not None]
    assert 0 < len(rows) == shown
    assert {r[6] for r in rows} == {"Hộ nghèo"} and "Hộ nghèo" in ws["A5"].value
