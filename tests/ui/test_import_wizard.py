"""Tệp › Nhập danh sách từ Excel… and «Nhập từ Excel…» as an officer uses them, on an ugly list
the test makes: a title block, the header on rows 5–6 with "Năm sinh" merged over Nam | Nữ, a
column the program cannot guess, a member without a name and a birth year it cannot read, a
totals line. Only the OS file dialogs are answered by the test (import_wizard.ask_import_path
and ask_rejects_path); everything else is clicked and typed."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLineEdit, QPushButton

from desktop.services.stats import register_stats
from desktop.ui.dialogs import import_wizard
from desktop.ui.dialogs.import_wizard import ImportWizard
from tests.ui.conftest import window_on
from tests.ui.keyboard import click, double_click_row, press, type_text
from tests.ui.test_lists import rows
from tests.ui.test_undo_and_trash import ctrl_z

SHEET = "Thôn Đông Nhập"


def ugly_list(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws["A1"] = "UBND XÃ YÊN XUÂN"
    ws["E1"] = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    ws["E2"] = "Độc lập - Tự do - Hạnh phúc"
    ws["A3"] = "DANH SÁCH HỘ GIA ĐÌNH THÔN ĐÔNG NHẬP"
    ws.merge_cells("A3:F3")
    ws["A5"], ws["B5"], ws["C5"], ws["E5"], ws["F5"] = "STT", "Họ và tên", "Năm sinh", "Quan hệ với chủ hộ", \
        "Việc đang làm"
    ws.merge_cells("C5:D5")
    ws["C6"], ws["D6"] = "Nam", "Nữ"
    for column in "ABEF":
        ws.merge_cells(f"{column}5:{column}6")
    people = [
        (1, "Khổng Văn Bảy", 1970, None, "Chủ hộ", "Làm ruộng"),
        (None, "Khổng Thị Tám", None, 1972, "Vợ", "Buôn bán"),
        (None, "Khổng Văn Chín", 1998, None, "Con", "Công nhân"),  # a job that reads like "Cộng …"
        (2, "Âu Văn Mười", 1965, None, "Chủ hộ", "Thợ mộc"),
        (None, "", None, 1990, "Con", ""),  # row 11: no name
        (None, "Âu Thị Mai", None, "năm ngoái", "Con", "Học sinh"),  # row 12: no year to read
    ]
    for number, person in enumerate(people, start=7):
        for column, value in enumerate(person, start=1):
            ws.cell(row=number, column=column, value=value)
    ws.cell(row=14, column=2, value="Cộng: 2 hộ, 6 nhân khẩu")
    wb.save(path)
    return path


def import_button(page) -> QPushButton:
    buttons = [b for b in page.findChildren(QPushButton) if b.text() == "Nhập từ Excel…" and b.isVisibleTo(page)]
    assert len(buttons) == 1
    return buttons[0]


def opened_wizard(qtbot, window, page, monkeypatch, path: Path) -> ImportWizard:
    monkeypatch.setattr(import_wizard, "ask_import_path", lambda parent, caption, folder: path)
    click(qtbot, import_button(page))
    wizard = window.current_dialog
    assert isinstance(wizard, ImportWizard) and wizard.isVisible()
    settle(qtbot, window, wizard)
    return wizard


def tick(qtbot, box) -> None:
    """A click on a check box's square, where a person clicks (its middle may be empty space)."""
    was = box.isChecked()
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert box.isChecked() != was


def settle(qtbot, window, wizard) -> None:
    qtbot.waitUntil(lambda: not wizard.working and not window.ctx.ops.busy, timeout=20_000)


def table_rows(table) -> list[tuple[str, ...]]:
    return [tuple(table.item(r, c).text() for c in range(table.columnCount())) for r in range(table.rowCount())]


def citizens_on_register(ctx) -> tuple[int, int]:
    with ctx.read() as session:
        stats = register_stats(session=session)
    return stats.households, stats.residents


def test_import_an_ugly_list_with_one_column_corrected(qtbot, ctx, tmp_path, monkeypatch):
    window, page = window_on(qtbot, ctx, "Hộ gia đình")
    before = len(rows(qtbot, page))
    wizard = opened_wizard(qtbot, window, page, monkeypatch, ugly_list(tmp_path / "danh sách thôn.xlsx"))

    tab = wizard.sheet_tabs.widget(0)
    assert wizard.sheet_tabs.tabText(0) == SHEET
    assert "5–6" in tab.about.text() and "Chủ hộ" in tab.about.text() and not tab.problem.isVisible()
    headers = [tab.table.item(r, 1).text() for r in range(tab.table.rowCount())]
    assert headers[2:4] == ["Năm sinh / Nam", "Năm sinh / Nữ"]
    assert [c.currentText() for c in tab.combos[2:4]] == ["Năm sinh: cột Nam", "Năm sinh: cột Nữ"]
    occupation = tab.combos[headers.index("Việc đang làm")]
    assert occupation.currentText() == "(Không nhập)"

    # The officer picks "Nghề nghiệp" for the column the program did not know: mouse on the combo,
    # then the first letters typed, as on a keyboard; Enter in it never closes the wizard.
    qtbot.mouseClick(occupation, Qt.MouseButton.LeftButton)
    press(qtbot, occupation.view(), Qt.Key.Key_Escape)
    qtbot.keyClicks(occupation, "Ngh")
    press(qtbot, occupation, Qt.Key.Key_Return)
    assert wizard.isVisible()
    settle(qtbot, window, wizard)
    assert wizard.mapping == {"viec dang lam": "occupation"}
    assert wizard.sheet_tabs.widget(0).combos[5].currentText() == "Nghề nghiệp"

    click(qtbot, wizard.check_button)
    settle(qtbot, window, wizard)
    view = wizard.result_view
    assert "chưa ghi gì" in view.heading.text() and "Sẽ thêm 2 hộ, 4 nhân khẩu." in view.summary.text()
    refused = table_rows(view.rejected)
    assert refused[0] == (SHEET, "11", "Họ và tên: không được để trống.")
    assert refused[1][:2] == (SHEET, "12") and "năm ngoái" in refused[1][2]
    assert len(rows(qtbot, page)) == before, "a dry run writes nothing"

    target = tmp_path / "dòng lỗi.xlsx"
    monkeypatch.setattr(import_wizard, "ask_rejects_path", lambda parent, caption, suggested: target)
    click(qtbot, wizard.rejects_button)
    settle(qtbot, window, wizard)
    ws = load_workbook(target)[SHEET]
    assert [c.value for c in ws[1]][-1] == "Lỗi"
    errors = [row[-1].value for row in ws.iter_rows(min_row=3)]
    assert "Họ và tên: không được để trống." in errors and any("năm ngoái" in (e or "") for e in errors)

    click(qtbot, wizard.import_button)
    settle(qtbot, window, wizard)
    assert wizard.imported and "Đã nhập" in view.heading.text()
    assert "Đã thêm 2 hộ, 4 nhân khẩu." in view.summary.text()
    assert "Hoàn tác" in wizard.status.text()
    assert not wizard.import_button.isVisible()
    click(qtbot, wizard.close_button)
    assert not wizard.isVisible()

    qtbot.waitUntil(lambda: not page.busy, timeout=10_000)
    assert len(rows(qtbot, page)) == before + 2
    type_text(qtbot, page.search, "khong van bay")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and not page.busy, timeout=10_000)
    (household,) = rows(qtbot, page)
    assert household.head_name == "Khổng Văn Bảy" and household.hamlet_name == SHEET

    counted = citizens_on_register(ctx)
    again = opened_wizard(qtbot, window, page, monkeypatch, tmp_path / "danh sách thôn.xlsx")
    assert again.sheet_tabs.widget(0).combos[5].currentText() == "(Không nhập)", "not remembered unless asked"
    click(qtbot, again.check_button)
    settle(qtbot, window, again)
    summary = again.result_view.summary.text()
    assert "Sẽ thêm 0 hộ, 0 nhân khẩu." in summary and "2 hộ, 4 nhân khẩu" in summary
    assert not again.import_button.isEnabled()
    click(qtbot, again.close_button)
    assert citizens_on_register(ctx) == counted


def test_remembered_columns_and_no_new_hamlets(qtbot, ctx, tmp_path, monkeypatch):
    window, page = window_on(qtbot, ctx, "Hộ gia đình")
    path = ugly_list(tmp_path / "thon.xlsx")
    wizard = opened_wizard(qtbot, window, page, monkeypatch, path)
    occupation = wizard.sheet_tabs.widget(0).combos[5]
    qtbot.mouseClick(occupation, Qt.MouseButton.LeftButton)
    press(qtbot, occupation.view(), Qt.Key.Key_Escape)
    qtbot.keyClicks(occupation, "Ngh")
    settle(qtbot, window, wizard)
    tick(qtbot, wizard.remember_box)
    tick(qtbot, wizard.no_new_hamlets_box)
    click(qtbot, wizard.check_button)
    settle(qtbot, window, wizard)
    reasons = [r[2] for r in table_rows(wizard.result_view.rejected)]
    assert "Sẽ thêm 0 hộ" in wizard.result_view.summary.text() and len(reasons) >= 4
    click(qtbot, wizard.back_button)
    tick(qtbot, wizard.no_new_hamlets_box)
    click(qtbot, wizard.check_button)
    settle(qtbot, window, wizard)
    click(qtbot, wizard.import_button)
    settle(qtbot, window, wizard)
    click(qtbot, wizard.close_button)

    again = opened_wizard(qtbot, window, page, monkeypatch, path)
    assert again.sheet_tabs.widget(0).combos[5].currentText() == "Nghề nghiệp", "remembered for next time"
    press(qtbot, again, Qt.Key.Key_Escape)
    assert not again.isVisible()


def test_escape_closes_before_the_import_and_writes_nothing(qtbot, ctx, tmp_path, monkeypatch):
    window, page = window_on(qtbot, ctx, "Hộ gia đình")
    counted = citizens_on_register(ctx)
    monkeypatch.setattr(import_wizard, "ask_import_path", lambda parent, caption, folder: ugly_list(
        tmp_path / "thon.xlsx"))
    window.import_action.trigger()  # the same wizard from Tệp › Nhập danh sách từ Excel…
    wizard = window.current_dialog
    settle(qtbot, window, wizard)
    click(qtbot, wizard.check_button)
    settle(qtbot, window, wizard)
    press(qtbot, wizard.result_view.rejected, Qt.Key.Key_Return)
    assert wizard.isVisible(), "Enter in the table does not finish the wizard"
    press(qtbot, wizard, Qt.Key.Key_Escape)
    assert not wizard.isVisible()
    assert citizens_on_register(ctx) == counted and ctx.errors.shown == []


@pytest.mark.parametrize("name, content, says", [
    ("hong.xlsx", b"PK\x03\x04 not really a workbook", ""),
    ("ghi-chu.txt", b"Ho va ten;Nam sinh\n", "không phải bảng tính"),
])
def test_a_file_that_cannot_be_read_says_why(qtbot, ctx, tmp_path, monkeypatch, name, content, says):
    window, page = window_on(qtbot, ctx, "Hộ gia đình")
    bad = tmp_path / name
    bad.write_bytes(content)
    wizard = opened_wizard(qtbot, window, page, monkeypatch, bad)
    assert says in wizard.status.text() and wizard.status.text()
    assert "b00020" in wizard.status.styleSheet()
    assert not wizard.check_button.isEnabled()
    click(qtbot, wizard.close_button)
    assert not wizard.isVisible()


def test_cancelling_the_file_question_opens_nothing(qtbot, ctx, monkeypatch):
    window, page = window_on(qtbot, ctx, "Hộ gia đình")
    monkeypatch.setattr(import_wizard, "ask_import_path", lambda parent, caption, folder: None)
    click(qtbot, import_button(page))
    assert window.current_dialog is None


def test_ctrl_z_takes_the_whole_import_back(qtbot, ctx, tmp_path, monkeypatch):
    window, page = window_on(qtbot, ctx, "Hộ gia đình")
    counted = citizens_on_register(ctx)
    wizard = opened_wizard(qtbot, window, page, monkeypatch, ugly_list(tmp_path / "thon.xlsx"))
    click(qtbot, wizard.check_button)
    settle(qtbot, window, wizard)
    click(qtbot, wizard.import_button)
    settle(qtbot, window, wizard)
    click(qtbot, wizard.close_button)
    assert citizens_on_register(ctx) == (counted[0] + 2, counted[1] + 4)
    assert window.undo_action.text() == "Hoàn tác: Nhập danh sách thon.xlsx"
    ctrl_z(qtbot, window)
    qtbot.waitUntil(lambda: not ctx.ops.busy, timeout=10_000)
    assert citizens_on_register(ctx) == counted and ctx.errors.shown == []


def test_a_possible_duplicate_is_listed_and_opens_its_household(qtbot, ctx, tmp_path, monkeypatch):
    from sqlalchemy import select

    from desktop.store.models import Citizen, Household
    with ctx.read() as session:
        known = session.execute(select(Citizen.full_name, Citizen.birth_date, Household.code).join(
            Household, Citizen.household_id == Household.id).where(
            Citizen.deleted.is_(False), Citizen.birth_date.is_not(None),
            Citizen.relation != "head").limit(1)).one()
    path = ugly_list(tmp_path / "thon.xlsx")
    wb = load_workbook(path)
    ws = wb[SHEET]
    ws["B9"], ws["C9"], ws["D9"] = known.full_name, int(known.birth_date[:4]), None  # the son, as someone known
    wb.save(path)
    window, page = window_on(qtbot, ctx, "Hộ gia đình")
    wizard = opened_wizard(qtbot, window, page, monkeypatch, path)
    click(qtbot, wizard.check_button)
    settle(qtbot, window, wizard)
    click(qtbot, wizard.import_button)
    settle(qtbot, window, wizard)
    view = wizard.result_view
    assert view.tabs.tabText(2) == "Có thể trùng người đã có (1)"
    view.tabs.tabBar().setFocus()
    qtbot.mouseClick(view.tabs.tabBar(), Qt.MouseButton.LeftButton, pos=view.tabs.tabBar().tabRect(2).center())
    (listed,) = table_rows(view.duplicates)
    assert listed[:3] == (SHEET, "9", known.full_name) and listed[5] == known.code
    double_click_row(qtbot, view.duplicates, 0)
    qtbot.waitUntil(lambda: wizard.current_dialog is not None and not ctx.ops.busy, timeout=10_000)
    household = wizard.current_dialog
    assert household.isVisible() and known.code in household.windowTitle() + household.findChild(
        QLineEdit).text()
    press(qtbot, household, Qt.Key.Key_Escape)


def test_a_sheet_that_cannot_be_read_is_named_in_red_and_the_others_import(qtbot, ctx, tmp_path, monkeypatch):
    path = ugly_list(tmp_path / "hai trang.xlsx")
    wb = load_workbook(path)
    notes = wb.create_sheet("Ghi chú")
    notes["A1"] = "Danh sách do trưởng thôn lập tháng 3"
    wb.save(path)
    window, page = window_on(qtbot, ctx, "Hộ gia đình")
    wizard = opened_wizard(qtbot, window, page, monkeypatch, path)
    names = [wizard.sheet_tabs.tabText(i) for i in range(wizard.sheet_tabs.count())]
    assert names == [SHEET, "Ghi chú"]
    qtbot.mouseClick(wizard.sheet_tabs.tabBar(), Qt.MouseButton.LeftButton,
                     pos=wizard.sheet_tabs.tabBar().tabRect(1).center())
    notes_tab = wizard.sheet_tabs.widget(1)
    assert notes_tab.problem.isVisible() and "không tìm thấy dòng tiêu đề" in notes_tab.problem.text()
    assert wizard.sheet_tabs.tabBar().tabTextColor(1).name() == "#b00020"
    click(qtbot, wizard.check_button)
    settle(qtbot, window, wizard)
    view = wizard.result_view
    assert "Sẽ thêm 2 hộ, 4 nhân khẩu." in view.summary.text()
    assert "Trang Ghi chú: không tìm thấy dòng tiêu đề" in view.problems.text()


def long_list(path: Path, households: int) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Xóm Dài"
    ws.append(["DANH SÁCH NHÂN KHẨU XÓM DÀI"])
    ws.append([])
    ws.append(["STT", "Họ và tên", "Năm sinh", "Giới tính", "Quan hệ với chủ hộ"])
    for n in range(households):
        ws.append([n + 1, f"Phan Văn Số {n}", 1960 + n % 30, "Nam", "Chủ hộ"])
        ws.append([None, f"Phan Thị Số {n}", 1962 + n % 30, "Nữ", "Vợ"])
        ws.append([None, f"Phan Văn Con {n}", 1990 + n % 20, "Nam", "Con"])
    wb.save(path)
    return path


def test_cancel_during_the_import_leaves_nothing_and_the_wizard_usable(qtbot, ctx, tmp_path, monkeypatch):
    from desktop.ui import background
    from desktop.ui.progress import ProgressDialog, progress_dialog_factory

    window, page = window_on(qtbot, ctx, "Hộ gia đình")
    counted = citizens_on_register(ctx)
    wizard = opened_wizard(qtbot, window, page, monkeypatch, long_list(tmp_path / "dai.xlsx", 1500))
    click(qtbot, wizard.check_button)
    settle(qtbot, window, wizard)
    assert "Sẽ thêm 1.500 hộ, 4.500 nhân khẩu." in wizard.result_view.summary.text()

    monkeypatch.setattr(background, "SHOW_PROGRESS_AFTER_MS", 0)  # the dialog a long import shows
    ctx.ops.progress_dialog = progress_dialog_factory(window)
    click(qtbot, wizard.import_button)
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(ProgressDialog)), timeout=5_000)
    (shown,) = [d for d in window.findChildren(ProgressDialog) if d.isVisible()]
    (cancel,) = [b for b in shown.findChildren(QPushButton) if b.text() == "Hủy"]
    click(qtbot, cancel)
    qtbot.waitUntil(lambda: not wizard.working, timeout=20_000)
    assert "Đã dừng" in wizard.status.text() and not wizard.imported
    assert citizens_on_register(ctx) == counted, "one transaction: stopped half-way, nothing stays"
    press(qtbot, wizard, Qt.Key.Key_Escape)
    assert not wizard.isVisible()


def tab_to(qtbot, widget, most: int = 15) -> None:
    """Tab through the wizard until `widget` has the focus, as a keyboard user does."""
    from PySide6.QtWidgets import QApplication

    for _ in range(most):
        if QApplication.focusWidget() is widget:
            return
        press(qtbot, QApplication.focusWidget() or widget.window(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is widget, f"Tab never reaches {widget.text()}"


def test_the_whole_import_with_the_keyboard_only(qtbot, ctx, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QApplication

    window, page = window_on(qtbot, ctx, "Hộ gia đình")
    counted = citizens_on_register(ctx)
    wizard = opened_wizard(qtbot, window, page, monkeypatch, ugly_list(tmp_path / "thon.xlsx"))
    qtbot.waitUntil(lambda: QApplication.activeWindow() is wizard)
    combos = wizard.sheet_tabs.widget(0).combos
    assert QApplication.focusWidget() is combos[0], "the keyboard starts on the first column"
    for _ in range(5):
        press(qtbot, QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is combos[5]
    qtbot.keyClicks(combos[5], "Ngh")
    settle(qtbot, window, wizard)
    tab_to(qtbot, wizard.check_button)
    press(qtbot, wizard.check_button, Qt.Key.Key_Space)
    settle(qtbot, window, wizard)
    assert "Sẽ thêm 2 hộ, 4 nhân khẩu." in wizard.result_view.summary.text()
    tab_to(qtbot, wizard.import_button)
    press(qtbot, QApplication.focusWidget(), Qt.Key.Key_Return)
    assert not wizard.imported, "Enter on a button does not import: Space does"
    press(qtbot, wizard.import_button, Qt.Key.Key_Space)
    settle(qtbot, window, wizard)
    assert wizard.imported and citizens_on_register(ctx) == (counted[0] + 2, counted[1] + 4)
    press(qtbot, wizard, Qt.Key.Key_Escape)
    assert not wizard.isVisible()
