"""Delete, the trash and Ctrl+Z, used from the window as an officer would."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.services import hamlets, register, trash
from desktop.services.session import transaction
from desktop.services.titles import evaluation, recognition, registration
from tests.ui.conftest import window_on
from tests.ui.keyboard import click, click_row, opened, press, type_text


def ctrl_z(qtbot, window) -> None:
    window.activateWindow()  # back from a dialog (offscreen, no window manager does it)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def live_household(ctx, household_id: str) -> bool:
    with ctx.read() as session:
        return household_id not in {e.id for e in trash.list_deleted(session=session, kind="household")}


def members(ctx, household_id: str) -> int:
    with ctx.read() as session:
        return len(register.get_household(session=session, household_id=household_id).members)


def test_a_deleted_household_comes_back_with_ctrl_z(qtbot, ctx):
    window, page = window_on(qtbot, ctx, "Hộ gia đình")
    assert not window.undo_action.isEnabled()
    click_row(qtbot, page.table, 2)
    qtbot.waitUntil(lambda: page.current_row() is not None)
    row = page.current_row()
    people = members(ctx, row.id)
    press(qtbot, page.table, Qt.Key.Key_Delete)
    click(qtbot, next(b for b in page.current_dialog.buttons() if b.text() == "Xóa hộ"))
    qtbot.waitUntil(lambda: row.id not in page.model.ids(), timeout=10_000)
    assert not live_household(ctx, row.id)
    assert window.undo_action.isEnabled() and window.undo_action.text() == f"Hoàn tác: Xóa hộ {row.code}"

    ctrl_z(qtbot, window)
    qtbot.waitUntil(lambda: row.id in page.model.ids(), timeout=10_000)
    assert live_household(ctx, row.id) and members(ctx, row.id) == people
    assert "Đã hoàn tác: Xóa hộ" in window.statusBar().currentMessage()
    assert not window.undo_action.isEnabled()  # one step back, not two
    assert ctx.errors.shown == []


def test_the_trash_restores_a_household_with_its_members(qtbot, ctx):
    window, page = window_on(qtbot, ctx, "Hộ gia đình")
    click_row(qtbot, page.table, 5)
    qtbot.waitUntil(lambda: page.current_row() is not None)
    row = page.current_row()
    people = members(ctx, row.id)
    page.delete_action.trigger()
    click(qtbot, next(b for b in page.current_dialog.buttons() if b.text() == "Xóa hộ"))
    qtbot.waitUntil(lambda: row.id not in page.model.ids(), timeout=10_000)

    window.trash_action.trigger()  # Sửa › Dữ liệu đã xóa…
    bin_ = window.current_dialog
    qtbot.waitUntil(lambda: not bin_.busy and bin_.table.table_model.rowCount() >= 1)
    found = next(i for i, e in enumerate(bin_.table.table_model.records()) if e.id == row.id)
    assert row.code in bin_.table.table_model.record(found).name + bin_.table.table_model.record(found).detail
    assert not bin_.restore_button.isEnabled()
    click_row(qtbot, bin_.table, found)
    click(qtbot, bin_.restore_button)
    qtbot.waitUntil(lambda: "Đã khôi phục hộ gia đình" in bin_.message.text(), timeout=10_000)
    qtbot.waitUntil(lambda: row.id not in [e.id for e in bin_.table.table_model.records()])
    qtbot.waitUntil(lambda: row.id in page.model.ids(), timeout=10_000)
    assert members(ctx, row.id) == people
    assert ctx.errors.shown == []


def test_ctrl_z_takes_back_the_last_save_of_a_dialog(qtbot, ctx):
    window, page = window_on(qtbot, ctx, "Thôn/Tổ dân phố")
    click(qtbot, page.add_button)
    dialog = opened(qtbot, page)
    type_text(qtbot, dialog.name, "Thôn Tân Lập")
    press(qtbot, dialog.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Thôn Tân Lập" in [h.name for h in page.table.table_model.records()], timeout=10_000)
    assert window.undo_action.text() == "Hoàn tác: Thêm thôn/tổ dân phố"
    ctrl_z(qtbot, window)
    qtbot.waitUntil(lambda: "Thôn Tân Lập" not in [h.name for h in page.table.table_model.records()],
                    timeout=10_000)
    with ctx.read() as session:
        assert "Thôn Tân Lập" not in [h.name for h in hamlets.list_hamlets(session=session)]


def test_ctrl_z_takes_back_the_last_batch_action_and_asks_first_when_large(qtbot, ctx):
    year = date.today().year
    with transaction(ctx.db) as session:
        registration.register_all(session=session, year=year, title="gia-dinh")
    window, page = window_on(qtbot, ctx, "Đánh giá – công nhận")
    page.set_title("gia-dinh")
    qtbot.waitUntil(lambda: page.model.rowCount() == 300 and not page.busy, timeout=10_000)
    [evaluate] = [b for b in page.actions.buttons if b.defaultAction() is page.actions.evaluate_action]
    click(qtbot, evaluate)  # the bar's Đánh giá button
    qtbot.waitUntil(lambda: "Đã đánh giá" in page.notice.text(), timeout=20_000)
    qtbot.waitUntil(lambda: not page.busy and not ctx.ops.busy, timeout=10_000)
    assert {r.stage for r in page.model.all_rows()} != {"registered"}
    assert window.undo_action.isEnabled()
    ctrl_z(qtbot, window)
    box = window.current_dialog  # 300 evaluations: asked before a single key press puts them back
    assert "300" in box.text() or "bản ghi" in box.text()
    click(qtbot, next(b for b in box.buttons() if b.text() == "Hoàn tác"))
    qtbot.waitUntil(lambda: {r.stage for r in page.model.all_rows()} == {"registered"}, timeout=20_000)


def test_a_recognition_is_not_undone_by_ctrl_z(qtbot, ctx):
    year = date.today().year
    with transaction(ctx.db) as session:
        registration.register_all(session=session, year=year, title="gia-dinh")
        ids = registration.registered_ids(session=session, year=year, title="gia-dinh")
        registration.check_full_marks(session=session, year=year, title="gia-dinh", subject_ids=ids,
                                      evidence="Biên bản")
        evaluation.evaluate_year(session=session, year=year, titles=["gia-dinh"])
    window, _page = window_on(qtbot, ctx, "Tổng quan")
    done = []
    ctx.ops.run(lambda session, _p: recognition.recognize(
        session=session, year=year, title="gia-dinh", number="7/QĐ-UBND", signed_on=date.today(), signer_name="Lê Văn Hùng"),
        undo="Công nhận Gia đình học tập", on_done=done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=20_000)
    assert not window.undo_action.isEnabled()
    assert window.undo_action.text().startswith("Không hoàn tác được")
    assert "thu hồi" in window.undo_action.toolTip()
