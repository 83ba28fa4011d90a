"""A click on a row selects it for the program, exactly as the arrow keys do (issue 8, item 1).

Qt moves the current index on a mouse press before it selects the row; pages used to ask
"is the current row selected?" at that moment and saw no. Every table of the register is
clicked here with the mouse at the row's visualRect, and what follows (buttons, detail
pane) is compared with what ↑/↓ give.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from desktop.services.session import transaction
from desktop.services.titles import certificates, evaluation, recognition, registration
from desktop.ui.dialogs.household_dialog import HouseholdDialog
from desktop.ui.pages.centre import CentrePage
from desktop.ui.pages.clans import ClansPage
from desktop.ui.pages.hamlets import HamletsPage
from desktop.ui.pages.titles.page import TitlesPage
from desktop.ui.pages.units import UnitsPage
from tests.ui.keyboard import click_row, double_click_row, press
from tests.ui.test_dialogs import household_by_code

YEAR = date.today().year


def shown(qtbot, ctx, page_class):
    page = page_class(ctx)
    qtbot.addWidget(page)
    ctx.ops.changes_applied.connect(page.refresh)
    page.resize(1200, 800)
    page.show()
    return page


def enabled(*buttons) -> list[bool]:
    return [b.isEnabled() for b in buttons]


def test_hamlets_a_click_enables_rename_and_retire(qtbot, ctx):
    page = shown(qtbot, ctx, HamletsPage)
    qtbot.waitUntil(lambda: page.table.table_model.rowCount() >= 2)
    assert enabled(page.rename_button, page.retire_button) == [False, False]
    click_row(qtbot, page.table, 1)
    assert page.table.current() == page.table.table_model.record(1)
    assert enabled(page.rename_button, page.retire_button) == [True, True]
    press(qtbot, page.table, Qt.Key.Key_Up)
    assert page.table.current() == page.table.table_model.record(0)
    assert enabled(page.rename_button, page.retire_button) == [True, True]


def test_clans_a_click_shows_the_clans_households_and_enables_its_buttons(qtbot, ctx):
    page = shown(qtbot, ctx, ClansPage)
    qtbot.waitUntil(lambda: page.clans.table_model.rowCount() >= 2)
    click_row(qtbot, page.clans, 1)
    clan = page.clans.table_model.record(1)
    assert page.clans.current() == clan
    assert enabled(page.rename_button, page.head_button, page.delete_button, page.add_household_button) == [True] * 4
    qtbot.waitUntil(lambda: page.households.table_model.rowCount() == clan.households)
    assert clan.name in page.members_title.title()
    assert not page.remove_household_button.isEnabled()
    click_row(qtbot, page.households, 0)
    assert page.remove_household_button.isEnabled()

    press(qtbot, page.clans, Qt.Key.Key_Up)  # the keyboard gives the same as the mouse
    first = page.clans.table_model.record(0)
    qtbot.waitUntil(lambda: first.name in page.members_title.title())
    qtbot.waitUntil(lambda: page.households.table_model.rowCount() == first.households)


def test_units_a_click_enables_edit_and_delete(qtbot, ctx):
    page = shown(qtbot, ctx, UnitsPage)
    qtbot.waitUntil(lambda: page.table.table_model.rowCount() >= 2)
    click_row(qtbot, page.table, 1, column=2)
    assert page.table.current() == page.table.table_model.record(1)
    assert enabled(page.edit_button, page.delete_button) == [True, True]


def test_centre_a_click_on_an_activity_lists_its_participants(qtbot, ctx):
    page = shown(qtbot, ctx, CentrePage)
    page.year.setValue(2025)  # the demo's year of activities
    qtbot.waitUntil(lambda: page.activities.table_model.rowCount() >= 2)
    row = next(i for i, a in enumerate(page.activities.table_model.records()) if a.participant_count)
    click_row(qtbot, page.activities, row)
    activity = page.activities.table_model.record(row)
    assert page.activities.current() == activity
    assert enabled(page.edit_button, page.delete_button, page.add_participant_button) == [True] * 3
    qtbot.waitUntil(lambda: page.participants.table_model.rowCount() == activity.participant_count)
    assert activity.title in page.people_box.title()
    assert not page.remove_participant_button.isEnabled()
    click_row(qtbot, page.participants, 0)
    assert page.remove_participant_button.isEnabled()


def test_household_dialog_a_click_on_a_member_enables_its_actions(qtbot, ctx):
    household = household_by_code(ctx, "H00002")
    dialog = HouseholdDialog(ctx, household_id=household.id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.members.table_model.rowCount() == len(household.members))
    assert not dialog.edit_button.isEnabled()
    row = next(i for i, m in enumerate(dialog.members.table_model.records()) if m.relation != "head")
    click_row(qtbot, dialog.members, row)
    assert dialog.members.current() == dialog.members.table_model.record(row)
    assert enabled(dialog.edit_button, dialog.move_button, dialog.head_button) == [True, True, True]


def test_titles_grid_a_click_shows_the_subject_and_a_double_click_reaches_the_checklist(qtbot, ctx):
    with transaction(ctx.db) as session:
        registration.register_all(session=session, year=YEAR, title="gia-dinh")
        evaluation.evaluate_year(session=session, year=YEAR, titles=["gia-dinh"])
    page = TitlesPage(ctx)
    qtbot.addWidget(page)
    page.resize(1400, 900)
    page.show()
    page.set_title("gia-dinh")
    qtbot.waitUntil(lambda: page.model.rowCount() == 300, timeout=10_000)
    qtbot.waitUntil(lambda: not ctx.ops.busy and not page.busy)

    click_row(qtbot, page.table, 3)
    row = page.model.row(3)
    assert page.current_row() == row
    qtbot.waitUntil(lambda: page.detail.detail is not None and page.detail.detail.subject_id == row.subject_id,
                    timeout=10_000)
    assert page.scope_is_selection() and [r.subject_id for r in page.scope_rows()] == [row.subject_id]

    press(qtbot, page.table, Qt.Key.Key_Down)  # the arrows and the mouse agree
    below = page.model.row(4)
    qtbot.waitUntil(lambda: page.detail.detail is not None and page.detail.detail.subject_id == below.subject_id,
                    timeout=10_000)

    double_click_row(qtbot, page.table, 3)
    qtbot.waitUntil(lambda: page.detail.detail is not None and page.detail.detail.subject_id == row.subject_id,
                    timeout=10_000)
    qtbot.waitUntil(lambda: page.detail.check_rows and page.detail.check_rows[0].points.hasFocus(), timeout=5_000)


def test_certificate_register_a_click_enables_reprint_and_reissue(qtbot, ctx, tmp_path):
    with transaction(ctx.db) as session:
        registration.register_all(session=session, year=YEAR, title="gia-dinh")
        ids = registration.registered_ids(session=session, year=YEAR, title="gia-dinh")
        registration.check_full_marks(session=session, year=YEAR, title="gia-dinh", subject_ids=ids,
                                      evidence="Biên bản")
        evaluation.evaluate_year(session=session, year=YEAR, titles=["gia-dinh"])
        recognition.recognize(session=session, year=YEAR, title="gia-dinh", number="3/QĐ-UBND", signed_on=date.today(),
                              signer_name="Lê Văn Hùng")
        certificates.print_certificates(session=session, year=YEAR, title="gia-dinh", path=tmp_path / "g.pdf",
                                        subject_ids=ids[:3])
    page = TitlesPage(ctx)
    qtbot.addWidget(page)
    page.resize(1400, 900)
    page.show()
    page.tabs.setCurrentWidget(page.register_tab)
    tab = page.register_tab
    qtbot.waitUntil(lambda: tab.table.table_model.rowCount() == 3, timeout=10_000)
    assert enabled(tab.reprint_button, tab.reissue_button) == [False, False]
    click_row(qtbot, tab.table, 1)
    assert tab.table.current() == tab.table.table_model.record(1)
    assert enabled(tab.reprint_button, tab.reissue_button) == [True, True]
