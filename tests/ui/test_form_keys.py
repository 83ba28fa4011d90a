"""Dialogs never lose what was typed: focus, Enter, Escape, ✕ and a failed save, as a person meets them."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.services import hamlets
from desktop.ui.dialogs.household_dialog import HouseholdDialog
from desktop.ui.pages.hamlets import HamletsPage
from tests.ui.keyboard import click, opened, press, type_text


def shown_hamlets(qtbot, ctx) -> HamletsPage:
    page = HamletsPage(ctx)
    qtbot.addWidget(page)
    ctx.ops.changes_applied.connect(page.refresh)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.show()
    return page


def stored_names(ctx) -> list[str]:
    with ctx.read() as session:
        return [h.name for h in hamlets.list_hamlets(session=session)]


def answer(qtbot, box, text: str) -> None:
    click(qtbot, next(b for b in box.buttons() if b.text() == text))


def test_focus_starts_in_the_first_field_and_enter_saves(qtbot, ctx):
    page = shown_hamlets(qtbot, ctx)
    click(qtbot, page.add_button)
    dialog = opened(qtbot, page)
    assert dialog.focusWidget() is dialog.name  # not "Hủy" (the dialog's own focus: offscreen no window is active)
    type_text(qtbot, dialog.name, "Thôn Đồng Tâm")
    press(qtbot, dialog.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.result_value is not None, timeout=10_000)
    assert "Thôn Đồng Tâm" in stored_names(ctx)
    qtbot.waitUntil(lambda: page.table.current() is not None and page.table.current().name == "Thôn Đồng Tâm")


def test_enter_on_an_empty_required_field_shows_why_and_stays(qtbot, ctx):
    page = shown_hamlets(qtbot, ctx)
    click(qtbot, page.add_button)
    dialog = opened(qtbot, page)
    press(qtbot, dialog.name, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.fields["name"].error != ""
    assert dialog.focusWidget() is dialog.name


def test_escape_on_an_untouched_form_just_closes(qtbot, ctx):
    page = shown_hamlets(qtbot, ctx)
    click(qtbot, page.add_button)
    dialog = opened(qtbot, page)
    press(qtbot, dialog.name, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert dialog.question is None


def test_escape_on_a_changed_form_asks_and_quay_lai_keeps_the_text(qtbot, ctx):
    page = shown_hamlets(qtbot, ctx)
    before = stored_names(ctx)
    click(qtbot, page.add_button)
    dialog = opened(qtbot, page)
    type_text(qtbot, dialog.name, "Bản Nà Hin")
    press(qtbot, dialog.name, Qt.Key.Key_Escape)
    box = dialog.question
    assert box is not None and box.isVisible() and dialog.isVisible()
    assert sorted(b.text() for b in box.buttons()) == ["Bỏ thay đổi", "Lưu", "Quay lại"]
    assert box.defaultButton().text() == "Quay lại"  # a stray Enter keeps the data
    press(qtbot, box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.question is None)
    assert dialog.isVisible() and dialog.name.text() == "Bản Nà Hin"

    dialog.close()  # ✕ asks the same
    box = dialog.question
    assert box is not None and dialog.isVisible()
    answer(qtbot, box, "Bỏ thay đổi")
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert stored_names(ctx) == before


def test_the_question_can_save(qtbot, ctx):
    page = shown_hamlets(qtbot, ctx)
    click(qtbot, page.add_button)
    dialog = opened(qtbot, page)
    type_text(qtbot, dialog.name, "Tổ dân phố Hòa Bình")
    click(qtbot, dialog.cancel_button)
    answer(qtbot, dialog.question, "Lưu")
    qtbot.waitUntil(lambda: dialog.result_value is not None, timeout=10_000)
    assert "Tổ dân phố Hòa Bình" in stored_names(ctx)


def test_a_failed_save_puts_the_focus_on_the_field_at_fault_and_nothing_typed_is_lost(qtbot, ctx):
    dialog = HouseholdDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.ready)
    assert dialog.focusWidget() is dialog.code
    qtbot.keyClicks(dialog.code, "H00001")  # a code already used
    type_text(qtbot, dialog.address, "Số 3, Xóm 1")
    click(qtbot, dialog.add_button)
    member = opened(qtbot, dialog)
    assert member.focusWidget() is member.citizen_form.full_name
    type_text(qtbot, member.citizen_form.full_name, "Hà Văn Tuấn")
    member.citizen_form.sex.setCurrentIndex(member.citizen_form.sex.findData("M"))
    qtbot.keyClicks(member.citizen_form.birth_date, "1975")
    qtbot.waitUntil(member.save_button.isEnabled)
    press(qtbot, member.citizen_form.birth_date, Qt.Key.Key_Return)  # Enter keeps the member
    qtbot.waitUntil(lambda: len(dialog.pending) == 1)

    dialog.address.setFocus()
    press(qtbot, dialog.address, Qt.Key.Key_Return)  # Enter saves the household…
    code = dialog.fields["household_code"]
    qtbot.waitUntil(lambda: code.error != "", timeout=10_000)
    qtbot.waitUntil(lambda: dialog.focusWidget() is dialog.code)  # …which fails: focus on the code
    assert "H00001" in code.error and dialog.isVisible()
    press(qtbot, dialog.code, Qt.Key.Key_Return)  # Enter again: the same refusal, nothing thrown away
    qtbot.waitUntil(lambda: not dialog.busy and dialog.ready)
    assert dialog.isVisible() and len(dialog.pending) == 1 and dialog.address.text() == "Số 3, Xóm 1"

    press(qtbot, dialog.code, Qt.Key.Key_Escape)  # a household with a member typed: asked
    assert dialog.question is not None and dialog.isVisible()
    answer(qtbot, dialog.question, "Quay lại")
    dialog.code.clear()
    press(qtbot, dialog.code, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.result_value is not None, timeout=10_000)
    assert dialog.result_value.head_name == "Hà Văn Tuấn"
    assert ctx.errors.shown == []
