"""The "Đánh giá – công nhận" page over the 300-household demo, used as an officer uses it: the
bar's buttons and their menus, clicks and Ctrl+clicks on rows, typing into dialogs, Enter to
save; what the services stored is checked after each step."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
import shiboken6
from pypdf import PdfReader
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox, QToolButton

from desktop.domain.text import format_decimal
from desktop.services.session import transaction
from desktop.services.titles import certificates, evaluation, grid, recognition, registration
from desktop.services.titles.common import read_checks
from desktop.services.titles.grid import STAGES, GridRow
from desktop.services.titles.page_readouts import ItemInfo, unit_staff
from desktop.ui.dialogs.blank_layout_dialog import blank_layout
from desktop.ui.main_window import MainWindow
from desktop.ui.pages.titles import printing as printing_module
from desktop.ui.pages.titles.follow import KEEP, Follow
from desktop.ui.pages.titles.grid_model import GridModel
from desktop.ui.pages.titles.page import TitlesPage
from desktop.ui.print_preview import PrintPreviewDialog
from tests.ui.keyboard import (
    click,
    click_row,
    double_click_row,
    opened,
    press,
    right_click,
    row_point,
    type_text,
)
from tests.ui.test_print_preview import pdf_printer

YEAR = date.today().year
TITLE = "gia-dinh"
CTRL = Qt.KeyboardModifier.ControlModifier
ENTER = Qt.Key.Key_Return


# --- helpers -------------------------------------------------------------------------------


def idle(qtbot, ctx, page, timeout: int = 10_000) -> None:
    """Nothing running: no background job, no load pending on the page."""
    qtbot.waitUntil(lambda: not ctx.ops.busy and not page.busy, timeout=timeout)


def shown_page(qtbot, ctx) -> TitlesPage:
    page = TitlesPage(ctx)
    qtbot.addWidget(page)
    ctx.ops.changes_applied.connect(page.refresh)  # what MainWindow.apply_changes does
    page.resize(1400, 900)
    page.show()
    click(qtbot, page.strip_buttons[TITLE])
    qtbot.waitUntil(lambda: page.data is not None and page.data.title == TITLE, timeout=10_000)
    idle(qtbot, ctx, page)
    return page


def prepare(ctx, *, full_marks: bool = True, evaluate: bool = True, recognise: bool = False) -> None:
    """Set the year up through the services, as an officer's earlier days would have."""
    with transaction(ctx.db) as session:
        registration.register_all(session=session, year=YEAR, title=TITLE)
        if full_marks:
            ids = registration.registered_ids(session=session, year=YEAR, title=TITLE)
            registration.check_full_marks(session=session, year=YEAR, title=TITLE, subject_ids=ids,
                                          evidence="Biên bản thôn")
        if evaluate:
            evaluation.evaluate_year(session=session, year=YEAR, titles=[TITLE])
        if recognise:
            recognition.recognize(session=session, year=YEAR, title=TITLE, number="12/QĐ-UBND", signed_on=date.today(),
                                  signer_name="Lê Văn Hùng")


def service_stages(ctx) -> dict[str, str]:
    with ctx.read() as session:
        return {r.subject_id: r.stage for r in grid.grid(session=session, year=YEAR, title=TITLE).rows}


def page_stages(page) -> dict[str, str]:
    return {r.subject_id: r.stage for r in page.model.all_rows()}


def selected_ids(page) -> set[str]:
    return {r.subject_id for r in page.selected_rows()}


def save(qtbot, dialog) -> None:
    qtbot.waitUntil(dialog.save_button.isEnabled)
    click(qtbot, dialog.save_button)


def agree(qtbot, box, yes: str) -> None:
    """Click the question's agreeing button (the one named `yes`)."""
    click(qtbot, next(b for b in box.buttons() if b.text() == yes))


def bar_button(page, text: str) -> QToolButton:
    """The button of the page's bar that shows `text`."""
    for button in page.actions.buttons:
        action = button.defaultAction()
        if (action.text() if action is not None else button.text()) == text:
            return button
    raise AssertionError(f"no button “{text}” on the bar")


def menu_entry(button: QToolButton, text: str) -> None:
    """Choose `text` in the menu of a bar button (its arrow)."""
    action = next((a for a in button.menu().actions() if a.text() == text and a.isVisible()), None)
    assert action is not None and action.isEnabled(), f"no entry “{text}”"
    action.trigger()


def choose(qtbot, combo: QComboBox, text: str) -> None:
    """Open the combo with a click and click `text` in its list."""
    qtbot.mouseClick(combo, Qt.MouseButton.LeftButton)
    view = combo.view()
    qtbot.waitUntil(view.isVisible)
    row = combo.findText(text)
    assert row >= 0, f"no “{text}” in the list"
    point = row_point(view, row)
    qtbot.mouseMove(view.viewport(), QPoint(point.x() + 5, 1))  # the hand moves over the list…
    qtbot.mouseMove(view.viewport(), point)  # …to the entry, which lights up, and clicks
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: combo.currentText() == text and not view.isVisible())


def retype(qtbot, widget, text: str) -> None:
    """Select what a field holds and type over it."""
    widget.setFocus()
    press(qtbot, widget, Qt.Key.Key_A, CTRL)
    if text:
        type_text(qtbot, widget, text)
    else:
        press(qtbot, widget, Qt.Key.Key_Backspace)


def wheel(widget, steps: int) -> None:
    """A real wheel turn over the middle of `widget` (negative: towards the officer, scrolling down),
    delivered as the system delivers it: to the window, at that point."""
    window = widget.window()
    QTest.wheelEvent(window.windowHandle(), QPointF(widget.mapTo(window, widget.rect().center())),
                     QPoint(0, 120 * steps))


# --- the model alone -----------------------------------------------------------------------


def _row(subject_id, name, hamlet_id, stage, total=None, items=None) -> GridRow:
    from desktop.domain.text import fold
    return GridRow(subject_id, name, f"Số 1, {hamlet_id}", hamlet_id, hamlet_id, stage, total, 100.0, False,
                   False, None, items or {}, 1, search=fold(f"{name} Số 1, {hamlet_id}"))


def test_grid_model_names_items_for_an_officer_filters_without_marks_and_sorts(qtbot):
    model = GridModel()
    items = [ItemInfo("gdht.1.1", "1.1", "Trẻ đi học", "Trẻ 6–14 tuổi đi học, hoàn thành phổ cập",
                      "Học tập của trẻ em", 10, False),
             ItemInfo("gdht.1.2", "1.2", "Học lực, hạnh kiểm", "Học lực từ trung bình, hạnh kiểm từ khá",
                      "Học tập của trẻ em", 10, True),
             ItemInfo("gdht.2.1", "2.1", "", "Người lớn biết chữ", "Học tập của người lớn", 10, False)]
    rows = [_row("a", "Nguyễn Thị Hường", "Xóm 1", "passed", 90, {"gdht.1.1": (10, "c"), "gdht.1.2": (0, "x")}),
            _row("b", "Lò Văn Pánh", "Xóm 2", "failed", 40, {"gdht.1.1": (0, "c"), "gdht.1.2": (5, "m")}),
            _row("c", "Đặng Văn Ân", "Xóm 1", "registered"),
            _row("d", "Vi Văn Tú", "Xóm 2", "incomplete", 50, {"gdht.1.1": (0, "x"), "gdht.1.2": (0, "x"),
                                                                 "gdht.2.1": (10, "c")})]
    model.set_grid(TITLE, rows, items)
    assert model.columnCount() == 8 + 3 and model.rowCount() == 4
    header = lambda column, role=Qt.ItemDataRole.DisplayRole: model.headerData(  # noqa: E731
        column, Qt.Orientation.Horizontal, role)
    first = model.column_index("item:gdht.1.1")
    # A few words an officer understands, on two lines; the number kept in front.
    assert header(first) == "1.1 Trẻ\nđi học"
    assert header(first + 1) == "1.2 Học lực,\nhạnh kiểm"
    assert header(first + 2) == "2.1"  # a set without a short name: the number alone
    assert header(first, Qt.ItemDataRole.ToolTipRole) == (
        "1.1 Trẻ đi học\nTrẻ 6–14 tuổi đi học, hoàn thành phổ cập\nTiêu chí: Học tập của trẻ em\n"
        "Tối đa 10 điểm · tự động tính")
    assert header(first + 1, Qt.ItemDataRole.ToolTipRole).endswith("Tối đa 10 điểm · cán bộ chấm")
    assert header(model.column_index("unchecked")) == "Chưa\nchấm"
    missing = model.index(0, first + 1)
    assert model.data(missing) == "–" and model.data(missing, Qt.ItemDataRole.BackgroundRole) is not None
    assert model.data(missing, Qt.ItemDataRole.ToolTipRole) == (
        "1.2 Học lực, hạnh kiểm — Học lực từ trung bình, hạnh kiểm từ khá\nchưa chấm")
    assert model.data(model.index(3, first), Qt.ItemDataRole.ToolTipRole).endswith("\nthiếu số liệu để tính")
    assert model.data(model.index(1, first + 1), Qt.ItemDataRole.ToolTipRole).endswith("5/10 điểm, cán bộ chấm")
    stage = model.column_index("stage")
    assert model.data(model.index(2, stage)) == "Đã đăng ký, chưa đánh giá"
    assert model.data(model.index(3, stage), Qt.ItemDataRole.ToolTipRole) == (
        "Chưa đủ căn cứ để kết luận: còn chỉ số cán bộ chưa chấm hoặc chỉ số tự động tính thiếu số liệu (ô màu "
        "vàng). Chưa được đề nghị, công nhận, và không được tính cho danh hiệu cao hơn.\n"
        "Chưa chấm: 1.2 Học lực, hạnh kiểm.\nThiếu số liệu: 1.1 Trẻ đi học.")

    model.set_filter(text="huong")  # no marks typed, still found
    assert [r.subject_id for r in model.rows()] == ["a"]
    model.set_filter(text="dang van")  # đ folds to d
    assert [r.subject_id for r in model.rows()] == ["c"]
    model.set_filter(text="", hamlet="Xóm 1")
    assert {r.subject_id for r in model.rows()} == {"a", "c"}
    model.set_filter(hamlet=None, stage="failed")
    assert [r.subject_id for r in model.rows()] == ["b"]
    model.set_filter(stage=None)
    model.sort(model.column_index("total"), Qt.SortOrder.DescendingOrder)
    assert [r.subject_id for r in model.rows()] == ["c", "a", "d", "b"]  # not evaluated: last when ascending
    model.sort(model.column_index("name"), Qt.SortOrder.AscendingOrder)
    assert [r.name for r in model.rows()] == ["Đặng Văn Ân", "Nguyễn Thị Hường", "Lò Văn Pánh", "Vi Văn Tú"]


def test_the_vocabulary_is_one_word_per_thing():
    """"chấm" is the officer's, "đánh giá" the program's; "Đã chấm" means nothing here."""
    assert STAGES["registered"] == "Đã đăng ký, chưa đánh giá" and STAGES["proposed"] == "Đề nghị công nhận"
    assert not any("Đã chấm" in name or "thủ công" in name for name in STAGES.values())


def test_a_step_s_rows_are_followed_to_their_new_stage():
    rows = [_row(i, f"Hộ {i}", "Xóm 1", stage) for i, stage in
            [("a", "proposed"), ("b", "proposed"), ("c", "passed"), ("d", "failed"), ("e", "incomplete")]]
    follow = Follow.of(["a", "b", "c"], ["a", "b"], "Đã đưa 2 hộ vào danh sách đề nghị.")
    assert follow.stage_to_show(rows, "passed") == "proposed"  # they left "Đạt": go where they went
    assert follow.stage_to_show(rows, "proposed") is KEEP and follow.stage_to_show(rows, None) is KEEP
    mixed = Follow.of(["a", "c", "d"], ["c", "d", "e"], "Đã đánh giá.")
    assert mixed.stage_to_show(rows, "registered") is None  # to several stages: show them all
    assert follow.rows_to_select({"a", "b", "c"}.__contains__) == ["a", "b"]
    # Unregistered rows are gone: the one after them is chosen, or before them at the end.
    gone = Follow.of(["a", "b", "c", "d"], ["b", "c"], "Đã hủy đăng ký 2 hộ.")
    assert gone.anchor == "d" and gone.rows_to_select({"a", "d"}.__contains__) == ["d"]
    assert Follow.of(["a", "b", "c"], ["c"], "").anchor == "b"
    assert Follow.of(["a", "b"], ["c"], "", select=["a"]).select == ("a",)


# --- the page ------------------------------------------------------------------------------


def test_the_page_opens_in_the_main_window_with_a_compact_strip(qtbot, ctx):
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.resize(1024, 740)
    page = window.page_titled("Đánh giá – công nhận")
    assert isinstance(page, TitlesPage) and window.stack.currentWidget() is page
    qtbot.waitUntil(lambda: page.data is not None, timeout=10_000)
    idle(qtbot, ctx, page)
    strip = page.strip
    assert strip.text_of("gia-dinh") == "Gia đình học tập\nchưa đăng ký"
    assert strip.text_of("cong-dong").startswith("Cộng đồng học tập\n")  # the long name is in the tooltip
    assert "Cộng đồng học tập cấp thôn năm" in page.strip_buttons["cong-dong"].toolTip()
    assert page.year_box.currentData() == YEAR
    # Five buttons on one line of a 1024×768 screen, two text lines high.
    buttons = list(page.strip_buttons.values())
    assert len({b.geometry().top() for b in buttons}) == 1
    assert strip.height() < window.height() / 10
    assert all(b.text().count("\n") == 1 for b in buttons)

    ctx.ops.run(lambda session, _p: registration.register_all(session=session, year=YEAR, title=TITLE))  # it broadcasts
    qtbot.waitUntil(lambda: strip.text_of("gia-dinh") == "Gia đình học tập\n0/300 đạt · 0 công nhận",
                    timeout=10_000)
    assert "300 đăng ký, 0 đã đánh giá, 0 đạt, 0 được công nhận" in page.strip_buttons["gia-dinh"].toolTip()
    qtbot.waitUntil(lambda: page.model.rowCount() == 300)
    # The set by its document, that it is not yet wholly checked against it, and that the
    # document was written for 2016–2020 (the demo year is later).
    assert page.info.text().startswith("Bộ tiêu chí theo QĐ 448/QĐ-KHVN (nội dung chưa đối chiếu đủ với văn bản "
                                       "gốc; văn bản cho giai đoạn 2016–2020) · chưa đánh giá")
    assert "nằm ngoài giai đoạn này" in page.info.toolTip()
    assert "Quyết định số 448/QĐ-KHVN ngày 01/12/2015 của Hội Khuyến học Việt Nam" in page.info.toolTip()
    assert "gia-dinh/448-2016" not in page.info.text()
    # The item columns fit two-line names in a readable width.
    header = page.table.horizontalHeader()
    widths = [header.sectionSize(page.model.column_index(f"item:{i.id}")) for i in page.data.items]
    assert len(widths) == 11 and all(44 <= w <= 96 for w in widths)
    assert ctx.errors.shown == []


def test_register_check_and_evaluate_from_the_page(qtbot, ctx):
    page = shown_page(qtbot, ctx)
    assert page.model.rowCount() == 0

    click(qtbot, bar_button(page, "Đăng ký…"))
    dialog = opened(qtbot, page)
    assert dialog.hamlet.currentData() is None  # the whole commune
    press(qtbot, dialog.hamlet, ENTER)  # Enter saves
    qtbot.waitUntil(lambda: page.model.rowCount() == 300, timeout=10_000)
    assert "Đã đăng ký thêm 300 hộ gia đình" in page.notice.text()
    assert set(page_stages(page).values()) == {"registered"}

    click_row(qtbot, page.table, 0)
    click_row(qtbot, page.table, 19, modifier=Qt.KeyboardModifier.ShiftModifier)
    chosen = {r.subject_id for r in page.model.rows()[:20]}
    assert page.scope_is_selection() and {r.subject_id for r in page.scope_rows()} == chosen
    click(qtbot, bar_button(page, "Chấm đủ điểm…"))
    dialog = opened(qtbot, page)
    assert not dialog.save_button.isEnabled()  # evidence is required
    type_text(qtbot, dialog.evidence, "Biên bản bình xét của thôn")
    qtbot.waitUntil(dialog.save_button.isEnabled)
    press(qtbot, dialog.evidence, ENTER)
    qtbot.waitUntil(lambda: "Đã chấm đủ điểm các chỉ số cán bộ chấm cho 20 hộ" in page.notice.text(),
                    timeout=10_000)
    idle(qtbot, ctx, page)
    with ctx.read() as session:
        checks = read_checks(session=session, year=YEAR, title=TITLE)
    assert set(checks) == chosen
    assert {e for c in checks.values() for _, e in c.values()} == {"Biên bản bình xét của thôn"}
    assert selected_ids(page) == chosen  # the rows acted on stay selected

    # Looking at the rows not yet evaluated, evaluate: they are no longer "chưa đánh giá", so
    # the filter goes to all rows and says so; the selection stays.
    choose(qtbot, page.stage_box, "Đã đăng ký, chưa đánh giá")
    click(qtbot, bar_button(page, "Đánh giá"))
    qtbot.waitUntil(lambda: "Đã đánh giá năm" in page.notice.text(), timeout=10_000)
    idle(qtbot, ctx, page)
    assert page.notice.text().endswith("— đang xem: Tất cả.")
    assert "Gia đình học tập: 300 đã đánh giá" in page.notice.text()
    assert page.stage_box.currentText() == "Tất cả" and page.model.rowCount() == 300
    assert selected_ids(page) == chosen
    assert page_stages(page) == service_stages(ctx)
    stages = page_stages(page)
    assert {stages[s] for s in chosen} <= {"passed", "failed"}  # every item scored
    assert "registered" not in stages.values() and "incomplete" in stages.values()
    assert "300 đã đánh giá" in page.strip_buttons["gia-dinh"].toolTip()
    assert page.info.text().startswith("Bộ tiêu chí theo QĐ 448/QĐ-KHVN") and "đánh giá lần cuối ngày" in \
        page.info.text()
    assert ctx.errors.shown == []


def test_the_checklist_walks_with_enter_saves_and_evaluating_again_changes_the_total(qtbot, ctx):
    prepare(ctx, full_marks=False)
    page = shown_page(qtbot, ctx)
    row = page.model.row(0)
    double_click_row(qtbot, page.table, 0)  # straight to the first score box
    detail = page.detail
    qtbot.waitUntil(lambda: bool(detail.check_rows) and detail.check_rows[0].points.hasFocus(), timeout=10_000)
    assert detail.detail.subject_id == row.subject_id
    assert detail.checklist.isVisible() and detail.save_button.isVisible()
    assert detail.checklist.title() == "Điểm cán bộ chấm"
    result = detail.result.toPlainText()
    assert "Chưa chấm" in result and "Tự động tính — " in result and "Chưa chấm — chưa chấm" not in result
    assert "1.2 Học lực, hạnh kiểm" in detail.check_rows[0].label.text()
    assert len(detail.check_rows) == row.unchecked_manual == 8
    before = row.total
    # Score, Enter, evidence, Enter, next score… as in a grid; the last Enter reaches Lưu điểm chấm.
    for number, check in enumerate(detail.check_rows):
        assert check.points.hasFocus()
        type_text(qtbot, check.points, "7,5" if number == 0 else format_decimal(check.max_points))
        press(qtbot, check.points, ENTER)
        assert check.evidence.hasFocus()
        type_text(qtbot, check.evidence, "Thăm hộ ngày 10/11")
        press(qtbot, check.evidence, ENTER)
    assert detail.save_button.hasFocus()
    press(qtbot, detail.save_button, ENTER)
    qtbot.waitUntil(lambda: "Đã lưu điểm chấm của 8 chỉ số" in detail.check_message.text(), timeout=10_000)
    idle(qtbot, ctx, page)
    with ctx.read() as session:
        saved = read_checks(session=session, year=YEAR, title=TITLE, subject_ids=[row.subject_id])[row.subject_id]
    assert saved[detail.check_rows[0].item_id] == (7.5, "Thăm hộ ngày 10/11") and len(saved) == 8
    assert all(points == check.max_points for check in detail.check_rows[1:]
               for points, _ in [saved[check.item_id]])
    assert page.model.row(page.model.row_of(row.subject_id)).unchecked_manual == 0  # patched, not reloaded
    assert "bấm «Đánh giá»" in detail.summary.text()  # the live score differs from the stored one

    click(qtbot, bar_button(page, "Đánh giá"))
    qtbot.waitUntil(lambda: "Đã đánh giá" in page.notice.text(), timeout=10_000)
    idle(qtbot, ctx, page)
    after = page.model.row(page.model.row_of(row.subject_id))
    assert after.total == before + 67.5 and after.stage in ("passed", "failed")
    assert page.current_row().subject_id == row.subject_id  # the reload kept the place
    assert "đang xem" not in page.notice.text()  # no stage filter: nothing to follow


def test_the_wheel_scrolls_the_pane_and_changes_a_score_only_once_clicked(qtbot, ctx):
    prepare(ctx)  # every score at its maximum: a wheel turn down would lower it
    page = shown_page(qtbot, ctx)
    click_row(qtbot, page.table, 2)
    detail = page.detail
    qtbot.waitUntil(lambda: detail.detail is not None and bool(detail.check_rows), timeout=10_000)
    idle(qtbot, ctx, page)
    bar, viewport = detail.scroll.verticalScrollBar(), detail.scroll.viewport()
    qtbot.waitUntil(lambda: bar.maximum() > 0)  # the pane has more than it shows (once laid out)
    assert bar.value() == 0
    box = next(c.points for c in detail.check_rows  # one in sight, under the mouse as the pane scrolls
               if viewport.rect().contains(c.points.mapTo(viewport, c.points.rect().center())))
    top = box.value()
    assert page.table.hasFocus() and top == box.maximum()  # the officer clicked the row, not the box
    wheel(box, -1)
    assert box.value() == top  # the score is untouched…
    assert bar.value() > 0  # …and the pane scrolled instead

    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)  # clicked into: now the wheel is for it
    assert box.hasFocus()
    wheel(box, -1)
    assert box.value() == top - 0.5
    assert detail.changed_checks()  # not saved until Lưu điểm chấm


def test_recognise_through_the_dialog_follows_the_rows(qtbot, ctx):
    prepare(ctx)
    page = shown_page(qtbot, ctx)
    choose(qtbot, page.scope_box, "Tất cả các dòng đang hiện (300)")
    choose(qtbot, page.stage_box, "Đạt")
    passed = {r.subject_id for r in page.model.rows()}
    assert len(passed) == 299
    click(qtbot, bar_button(page, "Công nhận…"))
    dialog = opened(qtbot, page)
    assert "299" in dialog.intro.text()

    retype(qtbot, dialog.signer_name, "")
    retype(qtbot, dialog.signed_on, f"{date.today() + timedelta(days=1):%d/%m/%Y}")
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: dialog.fields["number"].error != "", timeout=10_000)
    assert dialog.fields["number"].error == "Hãy nhập số quyết định."
    assert dialog.fields["signer_name"].error == "Hãy nhập người ký."
    assert "sau hôm nay" in dialog.fields["signed_on"].error
    assert dialog.isVisible()
    with ctx.read() as session:
        assert recognition.decisions(session=session, year=YEAR) == []

    retype(qtbot, dialog.number, "15/QĐ-UBND")
    retype(qtbot, dialog.signed_on, f"{date.today():%d/%m/%Y}")
    retype(qtbot, dialog.signer_name, "Nguyễn Văn Hải")
    # The chair recognises on his own power: no quyền hạn (NĐ 30/2020, Phụ lục I, II.7.b).
    assert dialog.signer_title.currentText() == "CHỦ TỊCH"
    assert dialog.signer_capacity.currentText() == "(Chủ tịch ký theo thẩm quyền)" and dialog.capacity() == ""
    assert [dialog.signer_capacity.itemText(i) for i in range(dialog.signer_capacity.count())] == [
        "(Chủ tịch ký theo thẩm quyền)", "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"]
    choose(qtbot, dialog.signer_title, "PHÓ CHỦ TỊCH")
    assert dialog.signer_capacity.currentText() == "KT. CHỦ TỊCH"
    qtbot.waitUntil(dialog.save_button.isEnabled)
    press(qtbot, dialog.signer_name, ENTER)
    qtbot.waitUntil(lambda: "Đã công nhận 299 hộ gia đình" in page.notice.text(), timeout=10_000)
    idle(qtbot, ctx, page)
    # The rows left "Đạt": the filter follows them, and says so.
    assert page.notice.text().endswith("— đang xem: Đã công nhận.")
    assert page.stage_box.currentText() == "Đã công nhận"
    assert {r.subject_id for r in page.model.rows()} == passed and selected_ids(page) == passed
    recognised = {r.subject_id for r in page.model.all_rows() if r.stage == "recognised"}
    assert recognised == passed
    assert {r.decision_number for r in page.model.all_rows() if r.stage == "recognised"} == {"15/QĐ-UBND"}
    assert {s for s, stage in service_stages(ctx).items() if stage == "recognised"} == passed
    assert ctx.settings.value("titles/signer_name") == "Nguyễn Văn Hải"
    assert ctx.settings.value("titles/signer_capacity") == "KT. CHỦ TỊCH"  # the last choice, offered next time

    choose(qtbot, page.scope_box, "Các dòng đang chọn (299)")
    click_row(qtbot, page.table, 0)
    qtbot.waitUntil(lambda: page.detail.detail is not None and page.detail.detail.lock_note != "", timeout=10_000)
    detail = page.detail
    assert detail.lock_note.isVisible() and "15/QĐ-UBND" in detail.lock_note.text()
    assert not detail.save_button.isVisible()
    assert all(row.points.isReadOnly() and row.evidence.isReadOnly() for row in detail.check_rows)
    assert ctx.errors.shown == []


def test_revoke_from_the_rows_menu_needs_a_reason(qtbot, ctx):
    prepare(ctx, recognise=True)
    page = shown_page(qtbot, ctx)
    choose(qtbot, page.stage_box, "Đã công nhận")
    target = page.model.row(0)
    right_click(qtbot, page.table, 0)
    assert page.current_row() == target
    next(a for a in page.table.current_menu.actions() if a.text() == "Thu hồi công nhận…").trigger()
    dialog = opened(qtbot, page)
    type_text(qtbot, dialog.reason, "sai")
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: dialog.fields["reason"].error != "", timeout=10_000)
    assert "lý do" in dialog.fields["reason"].error and dialog.isVisible()
    retype(qtbot, dialog.reason, "Hộ chuyển đi nơi khác trước ngày ký quyết định")
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: "Đã thu hồi công nhận của 1 hộ gia đình" in page.notice.text(), timeout=10_000)
    idle(qtbot, ctx, page)
    assert page.notice.text().endswith("— đang xem: Đạt.") and page.stage_box.currentText() == "Đạt"
    assert page.current_row().subject_id == target.subject_id  # still in view, still the one chosen
    after = page.model.row(page.model.row_of(target.subject_id))
    assert after.stage == "passed" and after.decision_number == ""
    assert page_stages(page) == service_stages(ctx)
    with ctx.read() as session:
        assert recognition.standing_recognition(session=session, year=YEAR, title=TITLE,
                                                subject_id=target.subject_id) is None


def preview_shown(qtbot, page) -> PrintPreviewDialog:
    """The print preview the last print action opened, once the worker has rendered its PDF."""
    def open_now() -> bool:
        dialog = page.current_dialog
        return isinstance(dialog, PrintPreviewDialog) and shiboken6.isValid(dialog) and dialog.isVisible()
    qtbot.waitUntil(open_now, timeout=20_000)
    return page.current_dialog


def print_on(qtbot, preview: PrintPreviewDialog, target) -> None:
    """In… with a PDF file standing in for the printer the officer would pick."""
    preview.choose_printer = lambda printer: pdf_printer(target, printer)
    click(qtbot, preview.toolbar.widgetForAction(preview.print_action))


def test_print_certificates_and_use_the_register(qtbot, ctx, tmp_path, monkeypatch):
    prepare(ctx, recognise=True)
    page = shown_page(qtbot, ctx)
    # A preview closed without printing leaves the register as it was.
    page.actions.print_all_action.trigger()
    preview = preview_shown(qtbot, page)
    assert preview.page_count == 299 and "299 giấy công nhận" in preview.windowTitle()
    spool = Path(preview.pdf_path)
    press(qtbot, preview, Qt.Key.Key_Escape)
    idle(qtbot, ctx, page)
    assert not spool.exists(), "the previewed PDF goes when the preview closes"
    with ctx.read() as session:
        assert certificates.register_entries(session=session, year=YEAR) == []

    target = tmp_path / "giay.pdf"
    page.actions.print_all_action.trigger()
    print_on(qtbot, preview_shown(qtbot, page), target)
    qtbot.waitUntil(lambda: f"Đã in 299 giấy công nhận (máy in {target})" in page.notice.text(), timeout=60_000)
    assert len(PdfReader(target).pages) == 299
    idle(qtbot, ctx, page)
    numbers = {r.register_number for r in page.model.all_rows() if r.stage == "recognised"}
    assert len(numbers) == 299 and "" not in numbers

    page.tabs.setCurrentWidget(page.register_tab)
    tab = page.register_tab
    qtbot.waitUntil(lambda: tab.table.table_model.rowCount() == 299, timeout=10_000)
    entry = tab.table.table_model.record(0)
    assert entry.prints == 1 and not entry.void and entry.register_number.startswith(f"{YEAR}-GĐHT-")
    type_text(qtbot, tab.verify_number, entry.register_number)
    type_text(qtbot, tab.verify_code, entry.check.lower())
    click(qtbot, tab.verify_button)
    qtbot.waitUntil(lambda: tab.verify_result.text().startswith("Hợp lệ"))
    assert entry.name in tab.verify_result.text()
    tab.verify_code.setText("AAAA-BBBB")
    click(qtbot, tab.verify_button)
    qtbot.waitUntil(lambda: tab.verify_result.text().startswith("Không khớp"))

    tab.table.select_row(0)
    tab.reprint()
    again = tmp_path / "in-lai.pdf"
    print_on(qtbot, preview_shown(qtbot, page), again)
    qtbot.waitUntil(lambda: f"Đã in lại giấy số {entry.register_number} (máy in {again})" in page.notice.text(),
                    timeout=10_000)
    qtbot.waitUntil(lambda: tab.table.current() is not None and tab.table.current().prints == 2, timeout=10_000)
    assert len(PdfReader(again).pages) == 1

    decision = page.decisions()[0]
    target = tmp_path / "quyet-dinh.pdf"
    page.actions.print_decision(decision)
    print_on(qtbot, preview_shown(qtbot, page), target)
    qtbot.waitUntil(lambda: "Đã in Quyết định số 12/QĐ-UBND" in page.notice.text(), timeout=10_000)
    assert len(PdfReader(target).pages) >= 2  # the decision and its annex

    dialog = tab.reissue()
    type_text(qtbot, dialog.reason, "Giấy bị mất do lũ lụt")
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: "Đã cấp lại" in page.notice.text(), timeout=10_000)
    qtbot.waitUntil(lambda: tab.table.table_model.rowCount() == 300, timeout=10_000)
    void = [e for e in tab.table.table_model.records() if e.void]
    assert [e.register_number for e in void] == [entry.register_number] and "lũ lụt" in void[0].void_reason
    assert ctx.errors.shown == []


def test_saving_certificates_as_pdf_and_printing_on_blanks(qtbot, ctx, tmp_path, monkeypatch):
    prepare(ctx, recognise=True)
    page = shown_page(qtbot, ctx)
    click_row(qtbot, page.table, 0)
    click_row(qtbot, page.table, 2, modifier=Qt.KeyboardModifier.ShiftModifier)
    page.set_scope("selection")
    selected = {r.subject_id for r in page.scope_rows() if r.stage == "recognised"}
    assert len(page.scope_rows()) == 3 and len(selected) >= 2

    # Lưu PDF…: the file is a certificate going out, so it is numbered (the old behaviour, named as it is).
    target = tmp_path / "luu" / "giay.pdf"
    monkeypatch.setattr(printing_module, "ask_save_path", lambda *args: str(target))
    page.actions.save_pdf_action.trigger()
    qtbot.waitUntil(lambda: f"Đã lưu tệp PDF {len(selected)} giấy công nhận" in page.notice.text(), timeout=20_000)
    assert len(PdfReader(target).pages) == len(selected)
    with ctx.read() as session:
        entries = certificates.register_entries(session=session, year=YEAR)
    assert len(entries) == len(selected) and {e.prints for e in entries} == {1}

    # In trên phôi có sẵn, offsets from Căn lề in trên phôi…: the preview's PDF has no frame.
    dialog = page.actions.adjust_blank_layout()
    click(qtbot, dialog.enabled)
    dialog.offset_x.setValue(2.5)
    click(qtbot, dialog.save_button)
    assert page.actions.blank_action.isChecked()
    page.actions.print_action.trigger()
    preview = preview_shown(qtbot, page)
    assert "In trên phôi có sẵn" in preview.status.text() and "2,5 mm ngang" in preview.status.text()
    qtbot.wait(300)  # QPdfView renders on its own threads
    preview.grab().save(str(tmp_path / "xem-truoc-phoi.png"))  # for a person to look at
    text = " ".join(PdfReader(preview.pdf_path).pages[0].extract_text().split())
    assert "GIẤY CÔNG NHẬN" not in text and "Số vào sổ:" in text
    printed = tmp_path / "phoi.pdf"
    print_on(qtbot, preview, printed)
    qtbot.waitUntil(lambda: "Đã in" in page.notice.text() and str(printed) in page.notice.text(), timeout=20_000)
    idle(qtbot, ctx, page)
    with ctx.read() as session:
        assert {e.prints for e in certificates.register_entries(session=session, year=YEAR)} == {2}
    page.actions.blank_action.trigger()  # unticked in the menu: whole pages again
    assert blank_layout(ctx.settings) is None
    assert ctx.errors.shown == []


def test_a_step_with_nothing_to_act_on_says_why(qtbot, ctx):
    prepare(ctx, full_marks=False)
    page = shown_page(qtbot, ctx)
    choose(qtbot, page.scope_box, "Tất cả các dòng đang hiện (300)")
    recognise = bar_button(page, "Công nhận…")
    click(qtbot, recognise)
    menu_entry(recognise, "Thu hồi công nhận…")
    assert page.current_dialog is None  # nothing opened: a message says why instead
    assert len(ctx.errors.shown) == 2 and "không có đối tượng nào" in str(ctx.errors.shown[0])
    with ctx.read() as session:
        assert certificates.register_entries(session=session, year=YEAR) == []


def test_proposal_list_unregistering_and_a_units_staff(qtbot, ctx):
    prepare(ctx)
    page = shown_page(qtbot, ctx)
    choose(qtbot, page.scope_box, "Tất cả các dòng đang hiện (300)")
    choose(qtbot, page.stage_box, "Đạt")
    click(qtbot, bar_button(page, "Đưa vào danh sách đề nghị"))
    agree(qtbot, page.current_dialog, "Đưa vào danh sách đề nghị")
    qtbot.waitUntil(lambda: "Đã đưa 299 hộ gia đình vào danh sách đề nghị" in page.notice.text(), timeout=10_000)
    idle(qtbot, ctx, page)
    # Nothing vanished: the filter went where the rows went.
    assert page.notice.text() == "Đã đưa 299 hộ gia đình vào danh sách đề nghị — đang xem: Đề nghị công nhận."
    assert page.stage_box.currentText() == "Đề nghị công nhận"
    proposed = [r for r in page.model.rows() if r.stage == "proposed"]
    assert len(proposed) == page.model.rowCount() == 299 and len(selected_ids(page)) == 299
    assert sum(1 for stage in service_stages(ctx).values() if stage == "proposed") == 299

    choose(qtbot, page.stage_box, "Tất cả")
    choose(qtbot, page.scope_box, "Các dòng đang chọn (299)")
    first, second = (page.model.row_of(r.subject_id) for r in proposed[:2])
    click_row(qtbot, page.table, first)
    click_row(qtbot, page.table, second, modifier=CTRL)
    assert selected_ids(page) == {proposed[0].subject_id, proposed[1].subject_id}
    menu_entry(bar_button(page, "Đưa vào danh sách đề nghị"), "Rút khỏi danh sách đề nghị")
    agree(qtbot, page.current_dialog, "Rút khỏi danh sách đề nghị")
    qtbot.waitUntil(lambda: "Đã rút 2 hộ gia đình khỏi danh sách đề nghị" in page.notice.text(), timeout=10_000)
    idle(qtbot, ctx, page)
    assert {page.model.row(page.model.row_of(r.subject_id)).stage for r in proposed[:2]} == {"passed"}
    assert selected_ids(page) == {proposed[0].subject_id, proposed[1].subject_id}

    failed = page.model.row_of(next(r for r in page.model.rows() if r.stage == "failed").subject_id)
    following = page.model.row(failed + 1)
    click_row(qtbot, page.table, failed)
    press(qtbot, page.table, Qt.Key.Key_Delete)
    agree(qtbot, page.current_dialog, "Hủy đăng ký")
    qtbot.waitUntil(lambda: page.model.rowCount() == 299, timeout=10_000)
    idle(qtbot, ctx, page)
    assert page.notice.text() == "Đã hủy đăng ký 1 hộ gia đình."
    assert page.current_row().subject_id == following.subject_id  # the place is kept
    assert page_stages(page) == service_stages(ctx)

    click(qtbot, page.strip_buttons["don-vi"])
    qtbot.waitUntil(lambda: page.data.title == "don-vi", timeout=10_000)
    idle(qtbot, ctx, page)
    click(qtbot, bar_button(page, "Đăng ký…"))
    press(qtbot, opened(qtbot, page).hamlet, ENTER)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=10_000)
    idle(qtbot, ctx, page)
    unit = page.model.row(0)
    click_row(qtbot, page.table, 0)
    qtbot.waitUntil(lambda: page.detail.unit_staff_button.isVisible())
    click(qtbot, page.detail.unit_staff_button)
    dialog = opened(qtbot, page)
    retype(qtbot, dialog.staff, "20")
    retype(qtbot, dialog.cdht, "25")
    qtbot.waitUntil(lambda: dialog.fields["unit_staff_cdht"].error != "")
    assert "Không được lớn hơn số cán bộ" in dialog.fields["unit_staff_cdht"].error
    assert not dialog.save_button.isEnabled()
    retype(qtbot, dialog.cdht, "15")
    qtbot.waitUntil(dialog.save_button.isEnabled)
    press(qtbot, dialog.cdht, ENTER)
    qtbot.waitUntil(lambda: "Đã lưu số liệu cán bộ" in page.notice.text(), timeout=10_000)
    with ctx.read() as session:
        figures = unit_staff(session=session, year=YEAR, unit_id=unit.subject_id)
    assert (figures.staff, figures.recognised_cdht) == (20, 15)
    assert ctx.errors.shown == []


@pytest.mark.parametrize("stored, shown", [("TM. ỦY BAN NHÂN DÂN", "TM. ỦY BAN NHÂN DÂN"),
                                           ("", "(Chủ tịch ký theo thẩm quyền)")])
def test_the_recognition_dialog_offers_the_officers_last_capacity(qtbot, ctx, stored, shown):
    from desktop.ui.dialogs.recognition_dialog import RecognitionDialog
    ctx.settings.setValue("titles/signer_capacity", stored)
    dialog = RecognitionDialog(ctx, year=YEAR, title="gia-dinh", subject_ids=["a"], names=["Nguyễn Văn A"])
    qtbot.addWidget(dialog)
    assert dialog.signer_capacity.currentText() == shown and dialog.capacity() == stored


def test_a_registered_citizen_who_moved_away_shows_why_instead_of_a_score(qtbot, ctx):
    """Issue 9: "Không còn đánh giá" with the reason, on the grid and in the detail pane."""
    from desktop.services import register

    with transaction(ctx.db) as session:
        registration.register_all(session=session, year=YEAR, title="cong-dan")
        moved = registration.registered_ids(session=session, year=YEAR, title="cong-dan")[0]
        register.set_citizen_status(session=session, citizen_id=moved, status="moved_away",
                                    since=date(YEAR, 1, 1), note="Đi làm xa")
        evaluation.evaluate_year(session=session, year=YEAR, titles=["cong-dan"])
    page = shown_page(qtbot, ctx)
    click(qtbot, page.strip_buttons["cong-dan"])
    qtbot.waitUntil(lambda: page.data is not None and page.data.title == "cong-dan", timeout=10_000)
    idle(qtbot, ctx, page)
    row = next(i for i, r in enumerate(page.model.rows()) if r.subject_id == moved)
    click_row(qtbot, page.table, row)
    idle(qtbot, ctx, page)
    stage = page.model.column_index("stage")
    assert page.model.data(page.model.index(row, stage)) == "Không còn đánh giá"
    assert page.detail.summary.text() == (f"Đã chuyển đi từ 01/01/{YEAR} (Đi làm xa): không còn là người đang cư trú "
                                          "để đánh giá.")
    assert not page.detail.checklist.isVisible()


def test_self_assessment_forms_of_the_selected_people_go_through_the_preview(qtbot, ctx):
    with transaction(ctx.db) as session:
        registration.register_all(session=session, year=YEAR, title="cong-dan")
    page = shown_page(qtbot, ctx)
    menu_entry(bar_button(page, "In"), "In phiếu tự đánh giá Công dân học tập…")  # on Gia đình: said why
    assert [e.message for e in ctx.errors.shown] == [
        "Phiếu tự đánh giá chỉ dành cho Công dân học tập: hãy chọn danh hiệu này ở trên."]
    click(qtbot, page.strip_buttons["cong-dan"])
    qtbot.waitUntil(lambda: page.data is not None and page.data.title == "cong-dan", timeout=10_000)
    idle(qtbot, ctx, page)
    click_row(qtbot, page.table, 0)
    click_row(qtbot, page.table, 1, modifier=Qt.KeyboardModifier.ControlModifier)
    idle(qtbot, ctx, page)
    menu_entry(bar_button(page, "In"), "In phiếu tự đánh giá Công dân học tập…")
    preview = preview_shown(qtbot, page)
    assert preview.page_count == 2 and preview.windowTitle().endswith(f"– 2 phiếu tự đánh giá năm {YEAR}")
    press(qtbot, preview, Qt.Key.Key_Escape)
    idle(qtbot, ctx, page)
