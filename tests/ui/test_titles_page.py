"""The "Đánh giá – công nhận" page over the 300-household demo: from registering to the register of
certificates, driven through the page's own actions and dialogs, checked against the services."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt
from pypdf import PdfReader

from desktop.services.session import transaction
from desktop.services.titles import certificates, evaluation, grid, recognition, registration
from desktop.services.titles.common import read_checks
from desktop.services.titles.grid import GridRow
from desktop.services.titles.ui_queries import ItemInfo, unit_staff
from desktop.ui.main_window import MainWindow
from desktop.ui.dialogs.blank_layout_dialog import blank_layout
from desktop.ui.pages.titles import printing as printing_module
from desktop.ui.pages.titles.grid_model import GridModel
from desktop.ui.pages.titles.page import TitlesPage
from desktop.ui.print_preview import PrintPreviewDialog
from tests.ui.keyboard import click, click_row, opened, press, type_text
from tests.ui.test_print_preview import pdf_printer

YEAR = date.today().year
TITLE = "gia-dinh"


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
    page.set_title(TITLE)
    qtbot.waitUntil(lambda: page.data is not None and page.data.title == TITLE, timeout=10_000)
    idle(qtbot, ctx, page)
    return page


def prepare(ctx, *, full_marks: bool = True, evaluate: bool = True, recognise: bool = False) -> None:
    """Set the year up through the services, as an officer's earlier days would have."""
    with transaction(ctx.db) as session:
        registration.register_all(session, year=YEAR, title=TITLE)
        if full_marks:
            ids = registration.registered_ids(session, YEAR, TITLE)
            registration.check_full_marks(session, year=YEAR, title=TITLE, subject_ids=ids, evidence="Biên bản thôn")
        if evaluate:
            evaluation.evaluate_year(session, year=YEAR, titles=[TITLE])
        if recognise:
            recognition.recognize(session, year=YEAR, title=TITLE, number="12/QĐ-UBND", signed_on=date.today(),
                                  signer_name="Lê Văn Hùng")


def service_stages(ctx) -> dict[str, str]:
    with ctx.read() as session:
        return {r.subject_id: r.stage for r in grid.grid(session, year=YEAR, title=TITLE).rows}


def page_stages(page) -> dict[str, str]:
    return {r.subject_id: r.stage for r in page.model.all_rows()}


def save(qtbot, dialog) -> None:
    qtbot.waitUntil(dialog.save_button.isEnabled)
    click(qtbot, dialog.save_button)


def agree(qtbot, box, yes: str) -> None:
    """Click the question's agreeing button (the one named `yes`)."""
    click(qtbot, next(b for b in box.buttons() if b.text() == yes))


# --- the model alone -----------------------------------------------------------------------


def _row(subject_id, name, hamlet_id, stage, total=None, items=None) -> GridRow:
    from desktop.domain.text import fold
    return GridRow(subject_id, name, f"Số 1, {hamlet_id}", hamlet_id, hamlet_id, stage, total, 100.0, False,
                   False, None, items or {}, 1, search=fold(f"{name} Số 1, {hamlet_id}"))


def test_grid_model_filters_without_marks_and_sorts(qtbot):
    model = GridModel()
    items = [ItemInfo("gdht.1.1", "1.1", "Trẻ đi học", "Học tập của trẻ", 10, False),
             ItemInfo("gdht.1.2", "1.2", "Học lực", "Học tập của trẻ", 10, True)]
    rows = [_row("a", "Nguyễn Thị Hường", "Xóm 1", "passed", 90, {"gdht.1.1": (10, "c"), "gdht.1.2": (0, "x")}),
            _row("b", "Lò Văn Pánh", "Xóm 2", "failed", 40, {"gdht.1.1": (0, "c"), "gdht.1.2": (5, "m")}),
            _row("c", "Đặng Văn Ân", "Xóm 1", "registered")]
    model.set_grid(TITLE, rows, items)
    assert model.columnCount() == 8 + 2 and model.rowCount() == 3
    first_item = model.column_index("item:gdht.1.1")
    assert model.headerData(first_item, Qt.Orientation.Horizontal) == "1.1"
    assert "Trẻ đi học" in model.headerData(first_item, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    missing = model.index(0, first_item + 1)
    assert model.data(missing) == "–" and model.data(missing, Qt.ItemDataRole.BackgroundRole) is not None
    assert "chưa chấm" in model.data(missing, Qt.ItemDataRole.ToolTipRole)

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
    assert [r.subject_id for r in model.rows()] == ["c", "a", "b"]  # not evaluated: last when ascending
    model.sort(model.column_index("name"), Qt.SortOrder.AscendingOrder)
    assert [r.name for r in model.rows()] == ["Đặng Văn Ân", "Nguyễn Thị Hường", "Lò Văn Pánh"]  # by given name


# --- the page ------------------------------------------------------------------------------


def test_the_page_opens_in_the_main_window_with_the_overview(qtbot, ctx):
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    page = window.page_titled("Đánh giá – công nhận")
    assert isinstance(page, TitlesPage) and window.stack.currentWidget() is page
    qtbot.waitUntil(lambda: page.data is not None, timeout=10_000)
    idle(qtbot, ctx, page)
    strip = {title: button.text() for title, button in page.strip_buttons.items()}
    assert strip["gia-dinh"].startswith("Gia đình học tập") and "Đăng ký 0" in strip["gia-dinh"]
    assert "Cộng đồng học tập cấp thôn" in strip["cong-dong"]
    assert page.year_box.currentData() == YEAR

    page.set_title(TITLE)
    ctx.ops.run(lambda session, _p: registration.register_all(session, year=YEAR, title=TITLE))  # it broadcasts
    qtbot.waitUntil(lambda: "Đăng ký 300" in page.strip_buttons["gia-dinh"].text(), timeout=10_000)
    qtbot.waitUntil(lambda: page.model.rowCount() == 300)
    assert ctx.errors.shown == []


def test_register_check_and_evaluate_from_the_page(qtbot, ctx):
    page = shown_page(qtbot, ctx)
    assert page.model.rowCount() == 0

    dialog = page.actions.register_all()
    assert dialog.hamlet.currentData() is None  # the whole commune
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: page.model.rowCount() == 300, timeout=10_000)
    assert "Đã đăng ký thêm 300 hộ gia đình" in page.notice.text()
    assert set(page_stages(page).values()) == {"registered"}

    chosen = [r.subject_id for r in page.model.rows()[:20]]
    page.select_rows(chosen)
    assert page.scope_is_selection() and len(page.scope_rows()) == 20
    dialog = page.actions.full_marks()
    assert not dialog.save_button.isEnabled()  # evidence is required
    type_text(qtbot, dialog.evidence, "Biên bản bình xét của thôn")
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: "Đã chấm đủ điểm" in page.notice.text(), timeout=10_000)
    idle(qtbot, ctx, page)
    with ctx.read() as session:
        checks = read_checks(session, YEAR, TITLE)
    assert set(checks) == set(chosen)
    assert {e for c in checks.values() for _, e in c.values()} == {"Biên bản bình xét của thôn"}

    page.actions.evaluate_action.trigger()
    qtbot.waitUntil(lambda: "Đã đánh giá" in page.notice.text(), timeout=10_000)
    idle(qtbot, ctx, page)
    assert page_stages(page) == service_stages(ctx)
    stages = page_stages(page)
    assert {stages[s] for s in chosen} <= {"passed", "failed"}  # every item scored
    assert "registered" not in stages.values() and "incomplete" in stages.values()
    assert "Đã chấm 300" in page.strip_buttons["gia-dinh"].text()
    assert ctx.errors.shown == []


def test_the_checklist_saves_points_and_evaluating_again_changes_the_total(qtbot, ctx):
    prepare(ctx, full_marks=False)
    page = shown_page(qtbot, ctx)
    row = page.model.row(0)
    page.select_rows([row.subject_id])
    qtbot.waitUntil(lambda: page.detail.detail is not None and page.detail.detail.subject_id == row.subject_id)
    detail = page.detail
    assert detail.checklist.isVisible() and detail.save_button.isVisible()
    assert "chưa chấm" in detail.result.toPlainText().lower()
    assert len(detail.check_rows) == row.unchecked_manual == 8
    before = row.total
    for check in detail.check_rows:
        check.points.setValue(check.max_points)
        check.evidence.setText("Thăm hộ ngày 10/11")
    detail.check_rows[0].points.setValue(7.5)
    click(qtbot, detail.save_button)
    qtbot.waitUntil(lambda: "Đã lưu điểm chấm của 8 chỉ số" in detail.check_message.text(), timeout=10_000)
    idle(qtbot, ctx, page)
    with ctx.read() as session:
        saved = read_checks(session, YEAR, TITLE, [row.subject_id])[row.subject_id]
    assert saved[detail.check_rows[0].item_id] == (7.5, "Thăm hộ ngày 10/11") and len(saved) == 8
    assert page.model.row(page.model.row_of(row.subject_id)).unchecked_manual == 0  # patched, not reloaded
    assert "bấm «Đánh giá»" in detail.summary.text()  # the live score differs from the stored one

    page.actions.evaluate_action.trigger()
    qtbot.waitUntil(lambda: "Đã đánh giá" in page.notice.text(), timeout=10_000)
    idle(qtbot, ctx, page)
    after = page.model.row(page.model.row_of(row.subject_id))
    assert after.total == before + 67.5 and after.stage in ("passed", "failed")
    assert page.current_row().subject_id == row.subject_id  # the reload kept the place


def test_recognise_through_the_dialog(qtbot, ctx):
    prepare(ctx)
    page = shown_page(qtbot, ctx)
    page.set_scope("filtered")
    page.stage_box.setCurrentIndex(page.stage_box.findData("passed"))
    passed = {r.subject_id for r in page.model.rows()}
    assert len(passed) == 299
    dialog = page.actions.recognise()
    assert "299" in dialog.intro.text()

    dialog.signer_name.clear()
    dialog.signed_on.setText(f"{date.today() + timedelta(days=1):%d/%m/%Y}")
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: dialog.fields["number"].error != "", timeout=10_000)
    assert dialog.fields["number"].error == "Hãy nhập số quyết định."
    assert dialog.fields["signer_name"].error == "Hãy nhập người ký."
    assert "sau hôm nay" in dialog.fields["signed_on"].error
    assert dialog.isVisible()
    with ctx.read() as session:
        assert recognition.decisions(session, year=YEAR) == []

    type_text(qtbot, dialog.number, "15/QĐ-UBND")
    dialog.signed_on.setText(f"{date.today():%d/%m/%Y}")
    type_text(qtbot, dialog.signer_name, "Nguyễn Văn Hải")
    dialog.signer_title.setCurrentText("PHÓ CHỦ TỊCH")
    assert dialog.signer_capacity.currentText() == "KT. CHỦ TỊCH"
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: "Đã công nhận 299 hộ gia đình" in page.notice.text(), timeout=10_000)
    page.stage_box.setCurrentIndex(0)
    idle(qtbot, ctx, page)
    recognised = {r.subject_id for r in page.model.all_rows() if r.stage == "recognised"}
    assert recognised == passed
    assert {r.decision_number for r in page.model.all_rows() if r.stage == "recognised"} == {"15/QĐ-UBND"}
    assert ctx.settings.value("titles/signer_name") == "Nguyễn Văn Hải"

    page.select_rows([sorted(recognised)[0]])
    qtbot.waitUntil(lambda: page.detail.detail is not None and page.detail.detail.lock_note != "", timeout=10_000)
    detail = page.detail
    assert detail.lock_note.isVisible() and "15/QĐ-UBND" in detail.lock_note.text()
    assert not detail.save_button.isVisible()
    assert all(row.points.isReadOnly() and row.evidence.isReadOnly() for row in detail.check_rows)
    assert ctx.errors.shown == []


def test_revoke_needs_a_reason(qtbot, ctx):
    prepare(ctx, recognise=True)
    page = shown_page(qtbot, ctx)
    target = next(r for r in page.model.rows() if r.stage == "recognised")
    page.select_rows([target.subject_id])
    dialog = page.actions.revoke()
    type_text(qtbot, dialog.reason, "sai")
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: dialog.fields["reason"].error != "", timeout=10_000)
    assert "lý do" in dialog.fields["reason"].error and dialog.isVisible()
    dialog.reason.clear()
    type_text(qtbot, dialog.reason, "Hộ chuyển đi nơi khác trước ngày ký quyết định")
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: "Đã thu hồi công nhận của 1 hộ gia đình" in page.notice.text(), timeout=10_000)
    idle(qtbot, ctx, page)
    after = page.model.row(page.model.row_of(target.subject_id))
    assert after.stage == "passed" and after.decision_number == ""
    assert page_stages(page) == service_stages(ctx)
    with ctx.read() as session:
        assert recognition.standing_recognition(session, year=YEAR, title=TITLE, subject_id=target.subject_id) is None


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
        assert certificates.register_entries(session, year=YEAR) == []

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
        entries = certificates.register_entries(session, year=YEAR)
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
        assert {e.prints for e in certificates.register_entries(session, year=YEAR)} == {2}
    page.actions.blank_action.trigger()  # unticked in the menu: whole pages again
    assert blank_layout(ctx.settings) is None
    assert ctx.errors.shown == []


def test_a_step_with_nothing_to_act_on_says_why(qtbot, ctx):
    prepare(ctx, full_marks=False)
    page = shown_page(qtbot, ctx)
    page.set_scope("filtered")
    assert page.actions.recognise() is None
    assert page.actions.revoke() is None
    assert len(ctx.errors.shown) == 2 and "không có đối tượng nào" in str(ctx.errors.shown[0])
    with ctx.read() as session:
        assert certificates.register_entries(session, year=YEAR) == []


def test_proposal_list_unregistering_and_a_units_staff(qtbot, ctx):
    prepare(ctx)
    page = shown_page(qtbot, ctx)
    page.set_scope("filtered")
    page.stage_box.setCurrentIndex(page.stage_box.findData("passed"))
    agree(qtbot, page.actions.propose(True), "Đưa vào danh sách đề nghị")
    qtbot.waitUntil(lambda: "Đưa vào danh sách đề nghị: 299 hộ gia đình" in page.notice.text(), timeout=10_000)
    idle(qtbot, ctx, page)
    assert page.model.rowCount() == 0  # none "Đạt" left: all proposed
    page.stage_box.setCurrentIndex(0)
    proposed = [r for r in page.model.rows() if r.stage == "proposed"]
    assert len(proposed) == 299

    page.set_scope("selection")
    page.select_rows([proposed[0].subject_id])
    agree(qtbot, page.actions.propose(False), "Rút khỏi danh sách đề nghị")
    qtbot.waitUntil(lambda: page.model.row(page.model.row_of(proposed[0].subject_id)).stage == "passed",
                    timeout=10_000)
    failed = next(r for r in page.model.rows() if r.stage == "failed")
    page.select_rows([failed.subject_id])
    agree(qtbot, page.actions.unregister(), "Hủy đăng ký")
    qtbot.waitUntil(lambda: page.model.rowCount() == 299, timeout=10_000)
    assert page_stages(page) == service_stages(ctx)

    ctx.ops.run(lambda session, _p: registration.register_all(session, year=YEAR, title="don-vi"))
    page.set_title("don-vi")
    qtbot.waitUntil(lambda: page.data.title == "don-vi" and page.model.rowCount() > 0, timeout=10_000)
    idle(qtbot, ctx, page)
    unit = page.model.row(0)
    page.select_rows([unit.subject_id])
    qtbot.waitUntil(lambda: page.detail.unit_staff_button.isVisible())
    click(qtbot, page.detail.unit_staff_button)
    dialog = opened(qtbot, page)
    dialog.staff.setValue(20)
    dialog.cdht.setValue(25)
    qtbot.waitUntil(lambda: dialog.fields["unit_staff_cdht"].error != "")
    assert "Không được lớn hơn số cán bộ" in dialog.fields["unit_staff_cdht"].error
    assert not dialog.save_button.isEnabled()
    dialog.cdht.setValue(15)
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: "Đã lưu số liệu cán bộ" in page.notice.text(), timeout=10_000)
    with ctx.read() as session:
        figures = unit_staff(session, year=YEAR, unit_id=unit.subject_id)
    assert (figures.staff, figures.recognised_cdht) == (20, 15)
    assert ctx.errors.shown == []
