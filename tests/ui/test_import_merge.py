"""«Gộp vào người đã có» on the import's possible duplicates, as an officer uses it: the row is
clicked, the button pressed, the question answered; the new record goes, the old one stays
with what the list knew, and Ctrl+Z takes the merge back."""

from __future__ import annotations

from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import func, select

from desktop.store.models import Citizen, Household
from tests.ui.conftest import window_on
from tests.ui.keyboard import click, click_row
from tests.ui.test_import_wizard import SHEET, opened_wizard, settle, table_rows, ugly_list
from tests.ui.test_undo_and_trash import ctrl_z


def _living(ctx) -> int:
    with ctx.read() as session:
        return session.scalar(select(func.count()).select_from(Citizen).where(Citizen.deleted.is_(False)))


def test_a_duplicate_is_folded_into_the_person_already_there(qtbot, ctx, tmp_path, monkeypatch):
    with ctx.read() as session:
        known = session.execute(select(Citizen.id, Citizen.full_name, Citizen.birth_date, Household.code).join(
            Household, Citizen.household_id == Household.id).where(
            Citizen.deleted.is_(False), Citizen.birth_date.is_not(None), Citizen.relation != "head").limit(1)).one()
    path = ugly_list(tmp_path / "thon.xlsx")
    wb = load_workbook(path)
    ws = wb[SHEET]
    ws["B9"], ws["C9"], ws["D9"] = known.full_name, int(known.birth_date[:4]), None
    wb.save(path)
    window, page = window_on(qtbot, ctx, "Hộ gia đình")
    wizard = opened_wizard(qtbot, window, page, monkeypatch, path)
    click(qtbot, wizard.check_button)
    settle(qtbot, window, wizard)
    view = wizard.result_view
    assert not view.merge_button.isEnabled()  # a dry run wrote nothing to fold
    click(qtbot, wizard.import_button)
    settle(qtbot, window, wizard)
    before = _living(ctx)
    qtbot.mouseClick(view.tabs.tabBar(), Qt.MouseButton.LeftButton, pos=view.tabs.tabBar().tabRect(2).center())
    click_row(qtbot, view.duplicates, 0)
    assert view.merge_button.isEnabled()
    click(qtbot, view.merge_button)
    question = wizard.current_dialog
    assert isinstance(question, QMessageBox) and known.full_name in question.text()
    click(qtbot, next(b for b in question.buttons() if b.text() == "Gộp"))
    settle(qtbot, window, wizard)
    assert _living(ctx) == before - 1
    assert table_rows(view.duplicates)[0][4] == f"{known.full_name} (đã gộp)"
    assert not view.merge_button.isEnabled()
    with ctx.read() as session:
        assert not session.get(Citizen, known.id).deleted
    click(qtbot, wizard.close_button)
    assert window.undo_action.text().startswith("Hoàn tác: Gộp người trùng")
    ctrl_z(qtbot, window)
    qtbot.waitUntil(lambda: not ctx.ops.busy, timeout=10_000)
    assert _living(ctx) == before and ctx.errors.shown == []
