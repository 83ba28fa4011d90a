"""The commune's own rating (TT 25/2023) on the titles page, as an officer uses it: the tab
clicked, each indicator's result chosen and its evidence typed, Enter walking the fields to
Lưu, the verdict following, the report previewed and printed."""

from __future__ import annotations

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from desktop.services import commune_rating
from tests.ui.keyboard import click, press, type_text
from tests.ui.test_titles_page import YEAR, idle, preview_shown, print_on, shown_page

ENTER = Qt.Key.Key_Return


def open_tab(qtbot, ctx):
    page = shown_page(qtbot, ctx)
    page.activateWindow()  # keys and focus go where an officer's would
    qtbot.waitActive(page)
    bar = page.tabs.tabBar()
    index = page.tabs.indexOf(page.commune_tab)
    assert bar.tabText(index) == "Cộng đồng học tập cấp xã"
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    tab = page.commune_tab
    qtbot.waitUntil(lambda: tab.rated is not None and bool(tab.rows), timeout=10_000)
    idle(qtbot, ctx, page)
    return page, tab


def focused(tab):
    """The field that has the focus in the tab's window (active or not: other tests' windows
    may hold the application's focus on a loaded CI machine)."""
    return tab.window().focusWidget()


def stored(ctx):
    with ctx.read() as session:
        return commune_rating.rating(session=session, year=YEAR)


def test_rating_the_commune_by_keyboard_and_printing_its_report(qtbot, ctx, tmp_path):
    page, tab = open_tab(qtbot, ctx)
    indicators = stored(ctx).indicators
    assert [row.indicator_id for row in tab.rows] == [i.indicator.id for i in indicators]
    assert "Chưa đủ căn cứ" in tab.verdict.text() or "chưa đủ căn cứ" in tab.verdict.text()
    assert "Thông tư" in tab.source.text() and tab.doubts.isVisible()  # indicators not confirmed say so
    assert any(row.figures.isVisible() and "15" in row.figures.text() for row in tab.rows), \
        "the register's literacy figures stand beside the indicator they support"

    # Every indicator at its best result, each with its evidence; Enter walks on to Lưu.
    click(qtbot, tab.rows[0].evidence)  # then Shift+Tab back to its result (a click on a combo opens its list)
    press(qtbot, tab.rows[0].evidence, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    for number, row in enumerate(tab.rows):
        qtbot.waitUntil(lambda row=row: focused(tab) is row.state, timeout=2_000)
        press(qtbot, row.state, Qt.Key.Key_End)  # the last choice: "Đạt mức độ 2" or "Đạt"
        press(qtbot, row.state, ENTER)
        qtbot.waitUntil(lambda row=row: focused(tab) is row.evidence, timeout=2_000)
        type_text(qtbot, row.evidence, f"Biên bản số {number + 1}/BB-UBND")
        press(qtbot, row.evidence, ENTER)
    assert focused(tab) is tab.save_button
    press(qtbot, tab.save_button, ENTER)
    qtbot.waitUntil(lambda: "Đã lưu kết quả của" in tab.message.text(), timeout=10_000)
    idle(qtbot, ctx, page)
    rated = stored(ctx)
    assert rated.level == 2 and not rated.missing
    assert [i.evidence for i in rated.indicators] == [f"Biên bản số {n + 1}/BB-UBND" for n in range(len(tab.rows))]
    qtbot.waitUntil(lambda: rated.verdict in tab.verdict.text(), timeout=10_000)

    # One indicator falls short: the commune no longer reaches a level; nothing else changed.
    last = tab.rows[-1]
    click(qtbot, last.evidence)
    press(qtbot, last.evidence, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: focused(tab) is last.state, timeout=2_000)
    press(qtbot, last.state, Qt.Key.Key_Home)
    press(qtbot, last.state, Qt.Key.Key_Down)  # "Chưa đạt"
    assert last.state.currentText() == "Chưa đạt"
    click(qtbot, tab.save_button)
    qtbot.waitUntil(lambda: "Đã lưu kết quả của 1 chỉ tiêu" in tab.message.text(), timeout=10_000)
    idle(qtbot, ctx, page)
    rated = stored(ctx)
    assert rated.level == 0 and rated.indicators[-1].state == 0
    assert [i.evidence for i in rated.indicators][:-1] == [f"Biên bản số {n + 1}/BB-UBND"
                                                            for n in range(len(tab.rows) - 1)]

    # Typed but not saved: the report waits for Lưu rather than print the old result.
    type_text(qtbot, tab.rows[0].evidence, " (bổ sung)")
    click(qtbot, tab.print_button)
    assert "Còn thay đổi chưa lưu" in tab.message.text() and page.current_dialog is None
    click(qtbot, tab.save_button)
    qtbot.waitUntil(lambda: "Đã lưu kết quả của 1 chỉ tiêu" in tab.message.text(), timeout=10_000)
    idle(qtbot, ctx, page)

    click(qtbot, tab.print_button)
    preview = preview_shown(qtbot, page)
    text = "".join(p.extract_text() for p in PdfReader(preview.pdf_path).pages)  # what the preview shows
    assert "BÁO CÁO" in text and "(bổ sung)" in text and f"năm {YEAR}" in text
    target = tmp_path / "bao-cao.pdf"
    pages = preview.page_count
    print_on(qtbot, preview, target)
    qtbot.waitUntil(lambda: "Đã in báo cáo tự đánh giá" in tab.message.text(), timeout=30_000)
    assert len(PdfReader(target).pages) == pages


def test_a_reload_keeps_what_was_typed_and_not_saved(qtbot, ctx):
    """Another page's save reloads the tab; the officer's unsaved entries stay on screen."""
    page, tab = open_tab(qtbot, ctx)
    row = tab.rows[1]
    click(qtbot, row.evidence)
    type_text(qtbot, row.evidence, "Kế hoạch số 15/KH-UBND")
    tab.refresh(None)  # what a write elsewhere broadcasts
    qtbot.waitUntil(lambda: not tab.busy, timeout=10_000)
    assert tab.rows[1].evidence.text() == "Kế hoạch số 15/KH-UBND" and tab.unsaved()
    assert stored(ctx).indicators[1].evidence == ""
