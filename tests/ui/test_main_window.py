"""The main window over a real demo database: every page opens, changes reach the status bar."""

from __future__ import annotations

from desktop.services import register
from desktop.ui.main_window import MainWindow
from tests.factories import family, person
from tests.ui.keyboard import click, click_row

TITLES = ["Tổng quan", "Hộ gia đình", "Công dân", "Dòng họ", "Thôn/Tổ dân phố", "Đơn vị học tập",
          "Trung tâm học tập cộng đồng", "Đánh giá – công nhận", "Báo cáo", "Đồng bộ"]


def test_every_area_opens(qtbot, ctx):
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == TITLES
    for title in TITLES:
        page = window.page_titled(title)
        assert window.stack.currentWidget() is page
        ctx.ops.wait()
        qtbot.wait(10)
    assert ctx.errors.shown == []


def test_a_status_message_has_room_beside_a_long_path(qtbot, ctx):
    """The message ("Đã hoàn tác…") is drawn left of the path: a path that took the whole bar hid it."""
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.path_label.path = "/media/usb/" + "thư mục rất dài/" * 20 + "xhht.sqlite"
    window.path_label.setToolTip(window.path_label.path)
    window.path_label.updateGeometry()
    window.resize(1024, 700)
    window.show()
    qtbot.waitExposed(window)
    window.statusBar().showMessage("Đã hoàn tác: Xóa đơn vị Công an xã Yên Xuân.")
    qtbot.wait(50)
    bar = window.statusBar()
    room = window.path_label.geometry().left()
    assert room >= bar.fontMetrics().horizontalAdvance(bar.currentMessage())
    assert window.path_label.text().endswith("xhht.sqlite") and "…" in window.path_label.text()


def test_status_bar_names_the_commune_and_follows_changes(qtbot, ctx):
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert window.commune_label.text() == "Xã Yên Xuân, Nghệ An"
    qtbot.waitUntil(lambda: "300 hộ" in window.counts_label.text())  # counted on the reader
    assert window.path_label.toolTip() == str(ctx.db.path)
    done = []
    ctx.ops.run(lambda session, progress: register.add_household(
        session=session, data=family(person("Lò Văn Pánh", "Nam", "1960"))), on_done=done.append)
    qtbot.waitUntil(lambda: "301 hộ" in window.counts_label.text(), timeout=10_000)
    assert done and done[0].head_name == "Lò Văn Pánh"


def test_household_buttons_open_the_household_dialog(qtbot, ctx):
    from PySide6.QtWidgets import QPushButton

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    page = window.page_titled("Hộ gia đình")
    qtbot.waitUntil(lambda: page.model.rowCount() == 300, timeout=10_000)
    buttons = {b.text(): b for b in page.findChildren(QPushButton)}
    assert not buttons["Mở hộ"].isEnabled()  # nothing chosen yet
    click(qtbot, buttons["Thêm hộ gia đình…"])
    added = window.current_dialog
    assert added.household_id is None and added.isVisible()
    added.reject()  # nothing typed: it closes without a question
    qtbot.waitUntil(lambda: not added.isVisible())
    click_row(qtbot, page.table, 0)
    qtbot.waitUntil(lambda: buttons["Mở hộ"].isEnabled())
    click(qtbot, buttons["Mở hộ"])
    opened = window.current_dialog
    assert opened.household_id == page.model.row_id(0)
    qtbot.waitUntil(lambda: opened.ready)
    assert opened.windowTitle().startswith("Hộ gia đình H")
