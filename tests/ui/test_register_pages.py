"""The hamlets, clans, units and learning-centre pages, wired as the main window wires them."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from desktop.services import centre, clans, hamlets, units
from desktop.services.session import Changes
from desktop.ui.pages.centre import CentrePage
from desktop.ui.pages.clans import ClansPage
from desktop.ui.pages.hamlets import HamletsPage
from desktop.ui.pages.units import UnitsPage
from tests.ui.keyboard import click, click_row, opened, press, type_text


def shown(qtbot, ctx, page_class):
    page = page_class(ctx)
    qtbot.addWidget(page)
    ctx.ops.changes_applied.connect(page.refresh)  # what MainWindow.apply_changes does
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.show()
    return page


def pick(qtbot, picker, text: str, want) -> None:
    type_text(qtbot, picker.search, text)
    qtbot.waitUntil(lambda: picker.selected() is not None and want(picker.selected()))
    click(qtbot, picker.choose_button)


def save(qtbot, dialog) -> None:
    qtbot.waitUntil(dialog.save_button.isEnabled)
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: dialog.result_value is not None)


@pytest.mark.parametrize("page_class, title", [
    (HamletsPage, "Thôn/Tổ dân phố"), (ClansPage, "Dòng họ"), (UnitsPage, "Đơn vị học tập"),
    (CentrePage, "Trung tâm học tập cộng đồng"),
])
def test_pages_load_when_shown_and_only_for_their_tables(qtbot, ctx, page_class, title, monkeypatch):
    page = page_class(ctx)
    qtbot.addWidget(page)
    assert page.title == title
    loads = []
    monkeypatch.setattr(page, "load", lambda: loads.append(1))
    page.refresh(None)
    assert loads == []  # hidden: remembered, not read
    page.show()
    assert loads == [1]
    page.refresh(Changes(frozenset({"change_log_only"}), 1))
    assert loads == [1]
    page.refresh(Changes(frozenset({page.tables[0]}), 1))
    assert loads == [1, 1]


def test_add_and_retire_a_hamlet(qtbot, ctx):
    page = shown(qtbot, ctx, HamletsPage)
    assert [h.name for h in page.table.table_model.records()] == ["Xóm 1", "Xóm 2"]
    assert all(h.households > 0 for h in page.table.table_model.records())

    click(qtbot, page.add_button)
    dialog = opened(qtbot, page)
    type_text(qtbot, dialog.name, "Tổ dân phố số 3")
    qtbot.waitUntil(lambda: dialog.kind.currentData() == "to_dan_pho")  # read from the name
    qtbot.keyClicks(dialog.valid_from, "01/01/2020")
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: page.table.current() is not None and page.table.current().name == "Tổ dân phố số 3")

    click(qtbot, page.retire_button)
    retire = opened(qtbot, page)
    retire.valid_to.clear()
    qtbot.keyClicks(retire.valid_to, "31/12/2019")  # before it began
    click(qtbot, retire.save_button)
    qtbot.waitUntil(lambda: retire.fields["valid_to"].error != "")
    assert "trước ngày có hiệu lực" in retire.fields["valid_to"].error and retire.isVisible()
    retire.valid_to.clear()
    qtbot.keyClicks(retire.valid_to, "01/07/2025")
    save(qtbot, retire)
    qtbot.waitUntil(lambda: page.table.current() is not None and page.table.current().valid_to is not None)
    assert page.table.table_model.data(page.table.table_model.index(page.table.currentIndex().row(), 3)) == "01/07/2025"
    assert not page.retire_button.isEnabled()

    with ctx.read() as session:
        current = [h.name for h in hamlets.list_hamlets(session=session, on=date(2026, 1, 1))]
        stored = [h for h in hamlets.list_hamlets(session=session) if h.name == "Tổ dân phố số 3"]
    assert "Tổ dân phố số 3" not in current
    assert (stored[0].kind, stored[0].valid_from, stored[0].valid_to) == (
        "to_dan_pho", date(2020, 1, 1), date(2025, 7, 1))
    page.show_retired.setChecked(False)
    assert "Tổ dân phố số 3" not in [h.name for h in page.table.table_model.records()]


def test_add_a_clan_with_two_households_and_a_head(qtbot, ctx):
    page = shown(qtbot, ctx, ClansPage)
    before = page.clans.table_model.rowCount()
    click(qtbot, page.add_button)
    dialog = opened(qtbot, page)
    type_text(qtbot, dialog.name, "Họ Phạm Đình")
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: page.clans.current() is not None and page.clans.current().name == "Họ Phạm Đình")
    assert page.clans.table_model.rowCount() == before + 1

    for code in ("H00002", "H00003"):
        click(qtbot, page.add_household_button)
        pick(qtbot, opened(qtbot, page), code, lambda h, code=code: h.code == code)
        qtbot.waitUntil(lambda code=code: code in [h.code for h in page.households.table_model.records()])
    assert page.clans.current().households == 2

    click(qtbot, page.head_button)
    head = page.households.table_model.records()[0].head_name
    pick(qtbot, opened(qtbot, page), head, lambda c: c.full_name == head)
    qtbot.waitUntil(lambda: page.clans.current().head_name == head)

    with ctx.read() as session:
        [stored] = [c for c in clans.list_clans(session=session) if c.name == "Họ Phạm Đình"]
    assert len(stored.household_ids) == 2 and stored.head_id is not None
    assert ctx.errors.shown == []

    qtbot.waitUntil(lambda: not page.busy)
    click_row(qtbot, page.households, 0)
    click(qtbot, page.remove_household_button)
    qtbot.waitUntil(lambda: page.households.table_model.rowCount() == 1)
    page.filter.setText("pham dinh")  # marks not needed
    assert [c.name for c in page.clans.shown_records()] == ["Họ Phạm Đình"]


def test_add_a_learning_unit(qtbot, ctx):
    page = shown(qtbot, ctx, UnitsPage)
    click(qtbot, page.add_button)
    dialog = opened(qtbot, page)
    type_text(qtbot, dialog.name, "Trường Mầm non Hoa Sen")
    dialog.kind.setCurrentIndex(dialog.kind.findData("school"))
    dialog.staff_count.setValue(24)
    dialog.hamlet.setCurrentIndex(dialog.hamlet.findText("Xóm 1"))
    type_text(qtbot, dialog.head_name, "nguyễn thị hằng")
    qtbot.keyClicks(dialog.phone, "02383")  # too short
    qtbot.waitUntil(lambda: dialog.fields["phone"].error != "")
    assert not dialog.save_button.isEnabled()
    qtbot.keyClicks(dialog.phone, "861234")
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: page.table.current() is not None and page.table.current().name == "Trường Mầm non Hoa Sen")
    row = page.table.currentIndex().row()
    cells = [page.table.table_model.index(row, c).data() for c in range(7)]
    assert cells == ["Trường Mầm non Hoa Sen", "Trường học", "24", "Xóm 1", "", "Nguyễn Thị Hằng", "02383861234"]
    with ctx.read() as session:
        assert "Trường Mầm non Hoa Sen" in [u.name for u in units.list_units(session=session)]

    click(qtbot, page.delete_button)
    box = page.current_dialog
    [yes] = [b for b in box.buttons() if b.text() == "Xóa"]
    click(qtbot, yes)
    qtbot.waitUntil(lambda: "Trường Mầm non Hoa Sen" not in [u.name for u in page.table.table_model.records()])
    assert ctx.errors.shown == []


def test_add_an_activity_with_two_participants(qtbot, ctx):
    page = shown(qtbot, ctx, CentrePage)
    assert "Trung tâm học tập cộng đồng xã Yên Xuân" in page.centre_label.text()
    click(qtbot, page.add_button)
    dialog = opened(qtbot, page)
    type_text(qtbot, dialog.title, "Lớp kỹ năng số cho người cao tuổi")
    dialog.category.setCurrentIndex(dialog.category.findData("digital_skills"))
    qtbot.keyClicks(dialog.start_date, "10/03/2025")
    qtbot.keyClicks(dialog.end_date, "08/03/2025")
    qtbot.waitUntil(lambda: dialog.fields["end_date"].error != "")
    assert "trước ngày bắt đầu" in dialog.fields["end_date"].error
    dialog.end_date.clear()
    qtbot.keyClicks(dialog.end_date, "12/03/2025")
    qtbot.keyClicks(dialog.hours, "7,5")
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: page.activities.current() is not None
                    and page.activities.current().title == "Lớp kỹ năng số cho người cao tuổi")
    assert page.year.value() == 2025  # the page moved to the activity's year

    assert page.participants.table_model.rowCount() == 0
    for count, (number, hours) in enumerate((("040095924929", 7.5), ("058078495297", 4)), start=1):
        click(qtbot, page.add_participant_button)
        picker = opened(qtbot, page)
        assert picker.chosen_hours() == 7.5  # the activity's length by default
        picker.hours.setValue(hours)
        pick(qtbot, picker, number, lambda c, number=number: c.identity_number == number)
        qtbot.waitUntil(lambda count=count: page.participants.table_model.rowCount() == count)
    assert page.activities.current().participant_count == 2

    with ctx.read() as session:
        stored = centre.list_participants(session=session, activity_id=page.activities.current().id)
    assert sorted(p.hours for p in stored) == [4, 7.5] and not any(p.completed for p in stored)

    model = page.participants.table_model
    click_row(qtbot, page.participants, 0, column=2)  # the "Hoàn thành" cell, then Space ticks it
    press(qtbot, page.participants, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: model.record(0) is not None and model.record(0).completed)
    qtbot.waitUntil(lambda: not page.busy)
    click_row(qtbot, page.participants, 1)
    click(qtbot, page.remove_participant_button)
    qtbot.waitUntil(lambda: page.participants.table_model.rowCount() == 1)
    assert ctx.errors.shown == []

