"""The keys and the mouse of the window and its tables, pressed as a person presses them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.services import units
from desktop.ui.main_window import MainWindow
from desktop.ui.pages.units import UnitsPage
from tests.ui.conftest import window_on
from tests.ui.keyboard import click, click_row, press, right_click


def test_enter_on_a_list_row_opens_the_household(qtbot, ctx):
    window, page = window_on(qtbot, ctx, "Hộ gia đình")
    click_row(qtbot, page.table, 4)
    qtbot.waitUntil(lambda: page.current_row() is not None)
    press(qtbot, page.table, Qt.Key.Key_Return)
    dialog = window.current_dialog
    assert dialog is not None and dialog.household_id == page.model.row_id(4)


def test_down_from_the_search_box_enters_the_list_and_tab_leaves_it(qtbot, ctx):
    window, page = window_on(qtbot, ctx, "Công dân")
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)  # Ctrl+F
    assert QApplication.focusWidget() is page.search
    qtbot.keyClicks(page.search, "nguyen")
    qtbot.waitUntil(lambda: page.search.search_text() == "nguyen" and not page.busy, timeout=10_000)
    press(qtbot, page.search, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is page.table
    qtbot.waitUntil(lambda: page.current_row() is not None)
    assert "Nguyễn" in page.current_row().full_name
    press(qtbot, page.table, Qt.Key.Key_Down)
    assert page.table.currentIndex().row() == 1
    press(qtbot, page.table, Qt.Key.Key_Tab)  # out of the table, not to its next cell
    assert QApplication.focusWidget() is not page.table


def test_delete_asks_first_and_the_right_click_menu_has_the_rows_actions(qtbot, ctx):
    page = UnitsPage(ctx)
    qtbot.addWidget(page)
    ctx.ops.changes_applied.connect(page.refresh)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.show()
    count = page.table.table_model.rowCount()
    unit = page.table.table_model.record(1)

    right_click(qtbot, page.table, 1)
    menu = page.table.current_menu
    assert [a.text() for a in menu.actions() if not a.isSeparator()] == ["Sửa…", "Xóa"]
    assert page.table.current() == unit  # the right-clicked row is the one acted on
    menu.close()

    press(qtbot, page.table, Qt.Key.Key_Delete)
    box = page.current_dialog
    assert box.defaultButton().text() == "Hủy"  # a stray Enter deletes nothing
    press(qtbot, box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not box.isVisible())
    assert page.table.table_model.rowCount() == count
    press(qtbot, page.table, Qt.Key.Key_Delete)
    click(qtbot, next(b for b in page.current_dialog.buttons() if b.text() == "Xóa"))
    qtbot.waitUntil(lambda: page.table.table_model.rowCount() == count - 1, timeout=10_000)
    with ctx.read() as session:
        assert unit.id not in {u.id for u in units.list_units(session=session)}


def test_f1_shows_the_pages_help_and_ctrl_p_says_when_there_is_nothing_to_print(qtbot, ctx):
    window, page = window_on(qtbot, ctx, "Dòng họ")
    qtbot.keyClick(window, Qt.Key.Key_F1)
    help_dialog = window.current_dialog
    assert help_dialog.isVisible() and "Dòng họ" in help_dialog.windowTitle()
    text = help_dialog.text.toPlainText()
    assert "trưởng họ" in text and "Ctrl+Z" in text
    help_dialog.close()
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert "không có gì để in" in window.statusBar().currentMessage()


def test_every_page_has_help(qtbot, ctx):
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    for i in range(window.nav.count()):
        page = window.page(i)
        assert len(page.help_html) > 80, window.nav.item(i).text()
