"""The household dialog and the citizen form, driven as an officer would (typing, clicking)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from desktop.services import register
from desktop.services.search import search_households
from desktop.ui.dialogs.citizen_form import CitizenDialog, CitizenForm
from desktop.ui.dialogs.household_dialog import HouseholdDialog
from tests.ui.keyboard import click, click_row, opened, press, type_text


def read_household(ctx, household_id):
    with ctx.read() as session:
        return register.get_household(session=session, household_id=household_id)


def household_by_code(ctx, code):
    with ctx.read() as session:
        [summary] = [h for h in search_households(session=session, text=code) if h.code == code]
    return read_household(ctx, summary.id)


def fill_person(qtbot, form: CitizenForm, name: str, sex: str, birth: str, identity: str = "",
                relation: str | None = None) -> None:
    type_text(qtbot, form.full_name, name)
    form.sex.setCurrentIndex(form.sex.findData(sex))
    qtbot.keyClicks(form.birth_date, birth)
    qtbot.keyClicks(form.identity_number, identity)
    if relation is not None:
        form.relation.setCurrentIndex(form.relation.findData(relation))


def add_member(qtbot, dialog: HouseholdDialog, *person) -> None:
    click(qtbot, dialog.add_button)
    member = dialog.current_dialog
    fill_person(qtbot, member.citizen_form, *person)
    qtbot.waitUntil(member.save_button.isEnabled)
    click(qtbot, member.save_button)


def open_dialog(qtbot, ctx, household_id=None) -> HouseholdDialog:
    dialog = HouseholdDialog(ctx, household_id=household_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.ready)  # its hamlets (and members) read on the worker
    return dialog


def test_a_new_household_with_three_members_is_stored_in_one_save(qtbot, ctx):
    dialog = open_dialog(qtbot, ctx)
    assert (dialog.save_button.text(), dialog.cancel_button.text()) == ("Lưu", "Hủy")
    assert not dialog.save_button.isEnabled()  # no members yet
    dialog.hamlet.setCurrentIndex(dialog.hamlet.findText("Xóm 2"))
    type_text(qtbot, dialog.address, "Số 12, Xóm 2")
    qtbot.keyClicks(dialog.phone, "0912 345 678")
    add_member(qtbot, dialog, "Phạm Văn Hùng", "M", "1970", "040070000123")
    add_member(qtbot, dialog, "Đỗ Thị Lụa", "F", "05/09/1972", "", "wife")
    add_member(qtbot, dialog, "Phạm Minh Khôi", "M", "2010", "", "child")
    assert [m.relation for m in dialog.pending] == ["head", "wife", "child"]
    assert dialog.members.table_model.rowCount() == 3

    qtbot.waitUntil(dialog.save_button.isEnabled)
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: dialog.result_value is not None)
    assert not dialog.isVisible() and ctx.errors.shown == []

    stored = read_household(ctx, dialog.result_value.id)
    assert stored.code == "H00301"  # the next free code
    assert (stored.hamlet_name, stored.address, stored.phone) == ("Xóm 2", "Số 12, Xóm 2", "0912345678")
    assert stored.head_name == "Phạm Văn Hùng"
    assert sorted((m.full_name, m.relation, m.birth_date) for m in stored.members) == [
        ("Phạm Minh Khôi", "child", "2010"), ("Phạm Văn Hùng", "head", "1970"), ("Đỗ Thị Lụa", "wife", "1972-09-05")]


def test_the_citizen_form_blocks_a_bad_identity_number(qtbot, ctx):
    dialog = CitizenDialog(ctx, "Thêm thành viên")
    qtbot.addWidget(dialog)
    dialog.show()
    form = dialog.citizen_form
    fill_person(qtbot, form, "Trần Thị Mai", "F", "1990", "040090123456")  # 4th digit 0 = a man
    field = form.fields["identity_number"]
    qtbot.waitUntil(lambda: field.error != "")
    assert field.error.startswith("Số định danh cá nhân: chữ số thứ 4 là 0")
    assert "giới tính là Nữ" in field.error
    assert not dialog.save_button.isEnabled() and not form.is_valid()
    assert form.fields["full_name"].error == ""

    form.identity_number.clear()
    qtbot.keyClicks(form.identity_number, "999190123456")  # no such province
    qtbot.waitUntil(lambda: "mã tỉnh" in field.error)
    assert not dialog.save_button.isEnabled()

    form.identity_number.clear()
    qtbot.keyClicks(form.identity_number, "040190123456")
    qtbot.waitUntil(dialog.save_button.isEnabled)
    assert field.error == "" and form.is_valid()
    data = form.to_input()
    assert (data.full_name, data.sex, data.identity_number, data.ethnicity) == (
        "Trần Thị Mai", "F", "040190123456", "01")


def test_messages_appear_only_under_fields_already_edited(qtbot, ctx):
    form = CitizenForm()
    qtbot.addWidget(form)
    qtbot.keyClicks(form.birth_date, "31/02/1990")
    qtbot.waitUntil(lambda: form.fields["birth_date"].error != "")
    assert "không tồn tại" in form.fields["birth_date"].error
    assert form.fields["full_name"].error == "" and form.fields["sex"].error == ""  # not touched yet
    assert form.ethnicity.itemText(0) == "Kinh" and form.ethnicity.count() == 54


def test_loading_a_stored_person_keeps_the_name_parts(qtbot, ctx):
    household = household_by_code(ctx, "H00002")
    person = household.members[0]
    form = CitizenForm()
    qtbot.addWidget(form)
    form.load(person)
    assert form.is_valid()
    data = form.to_input()
    assert (data.family_name, data.middle_name, data.given_name) == (
        person.family_name, person.middle_name, person.given_name)
    assert data.birth_date == person.birth.format_vi() and data.relation == person.relation


def test_marking_a_member_deceased_asks_the_date_and_keeps_them_in_the_household(qtbot, ctx):
    household = household_by_code(ctx, "H00002")
    member = next(m for m in household.members if m.relation != "head")
    dialog = open_dialog(qtbot, ctx, household.id)
    assert dialog.windowTitle() == "Hộ gia đình H00002"
    row = dialog.members.table_model.row_of(member.id)
    click_row(qtbot, dialog.members, row)
    click(qtbot, dialog.status_button)
    status = opened(qtbot, dialog)
    assert status.save_button.text() == "Xác nhận"
    status.status.setCurrentIndex(status.status.findData("deceased"))
    status.since.clear()
    qtbot.keyClicks(status.since, "31/12/2999")  # not yet come
    qtbot.waitUntil(lambda: status.fields["status_since"].error != "")
    assert "chưa tới" in status.fields["status_since"].error and not status.save_button.isEnabled()
    status.since.clear()
    qtbot.keyClicks(status.since, "02/03/2026")
    type_text(qtbot, status.note, "Trích lục khai tử số 12")
    qtbot.waitUntil(lambda: "đã mất từ ngày 02/03/2026" in status.summary.text())
    press(qtbot, status.note, Qt.Key.Key_Return)  # Enter confirms
    qtbot.waitUntil(lambda: dialog.members.current() is not None and dialog.members.current().status == "deceased")

    stored = read_household(ctx, household.id)
    assert len(stored.members) == len(household.members)
    changed = next(m for m in stored.members if m.id == member.id)
    assert (changed.status, changed.status_since, changed.status_note) == (
        "deceased", date(2026, 3, 2), "Trích lục khai tử số 12")
    assert ctx.errors.shown == []


def test_members_of_a_stored_household_are_added_moved_and_made_head(qtbot, ctx):
    household = household_by_code(ctx, "H00002")
    other = household_by_code(ctx, "H00003")
    dialog = open_dialog(qtbot, ctx, household.id)
    add_member(qtbot, dialog, "Lê Thị Thu", "F", "2001", "", "child")
    qtbot.waitUntil(lambda: dialog.members.table_model.rowCount() == len(household.members) + 1)

    newcomer = next(m for m in read_household(ctx, household.id).members if m.full_name == "Lê Thị Thu")
    dialog.members.select_id(newcomer.id)
    click(qtbot, dialog.head_button)
    qtbot.waitUntil(lambda: read_household(ctx, household.id).head_id == newcomer.id)
    # the write is committed before the dialog has reloaded; its buttons stay disabled until then
    qtbot.waitUntil(lambda: not ctx.ops.busy)

    assert dialog.members.select_id(newcomer.id)
    click(qtbot, dialog.move_button)
    picker = dialog.current_dialog
    qtbot.keyClicks(picker.search, "H00003")
    qtbot.waitUntil(lambda: picker.selected() is not None and picker.selected().code == "H00003")
    picker.relation.setCurrentIndex(picker.relation.findData("child_in_law"))
    click(qtbot, picker.choose_button)
    qtbot.waitUntil(lambda: dialog.members.table_model.row_of(newcomer.id) < 0)

    moved = next(m for m in read_household(ctx, other.id).members if m.id == newcomer.id)
    assert moved.relation == "child_in_law"
    assert read_household(ctx, household.id).head_id is None  # the head left; the officer picks a new one
    assert ctx.errors.shown == []


def test_a_failed_save_keeps_the_dialog_open_with_the_message(qtbot, ctx):
    dialog = open_dialog(qtbot, ctx)
    qtbot.keyClicks(dialog.code, "H00001")  # already used
    add_member(qtbot, dialog, "Vũ Văn Nam", "M", "1980")
    qtbot.waitUntil(dialog.save_button.isEnabled)
    click(qtbot, dialog.save_button)
    code = dialog.fields["household_code"]
    qtbot.waitUntil(lambda: code.error != "")
    assert code.error == "Mã hộ: mã hộ H00001 đã được dùng cho hộ khác."
    assert dialog.isVisible() and dialog.result_value is None and dialog.save_button.isEnabled()
    assert ctx.errors.shown == []


def test_a_phone_number_is_checked_as_typed(qtbot, ctx):
    dialog = open_dialog(qtbot, ctx)
    qtbot.keyClicks(dialog.phone, "12345")
    phone = dialog.fields["phone"]
    qtbot.waitUntil(lambda: phone.error != "")
    assert phone.error.startswith("Số điện thoại:")
    assert "Số điện thoại" in dialog.pending_hint.text()
