"""Screenshots of the real window (run under Xvfb by `make screenshots`), every state reached
as an officer reaches it: clicking the navigation, rows and buttons, typing, pressing keys.

Usage: python scripts/screenshots.py --db demo/xhht-demo.sqlite --out docs/screenshots

The shots work on a copy of the database. Only history is written through the services
before the window opens: this year's Gia đình học tập half-way through (registered, partly
checked, evaluated, some recognised and printed, some proposed), and for the "Đồng bộ"
shots a province server on 127.0.0.1 (scripts/sync_shot.py) where another commune already
sent a hamlet. What happens in the window — enrolling, syncing, a delete and its Ctrl+Z,
a status change, the print preview — is done with the mouse and keyboard (QTest).
The main shots are at 1280×800; `*-1024.png` are the widest pages at 1024×768.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QPushButton, QWidget  # noqa: E402

from desktop.services.session import transaction  # noqa: E402
from desktop.services.titles import certificates, evaluation, grid, recognition, registration  # noqa: E402
from desktop.store.db import open_database  # noqa: E402
from desktop.ui.app import make_application, open_window  # noqa: E402
from desktop.ui.errors import ErrorPresenter  # noqa: E402

SLUGS = {
    "Tổng quan": "tong-quan", "Hộ gia đình": "ho-gia-dinh", "Công dân": "cong-dan", "Dòng họ": "dong-ho",
    "Thôn/Tổ dân phố": "thon", "Đơn vị học tập": "don-vi-hoc-tap", "Trung tâm học tập cộng đồng": "tthtcd",
    "Đánh giá – công nhận": "danh-gia", "Báo cáo": "bao-cao", "Đồng bộ": "dong-bo",
}


class Officer:
    """The mouse and keyboard, and patience: every step waits until the window is idle."""

    def __init__(self, app: QApplication, window, out: Path) -> None:
        self.app, self.window, self.out = app, window, out

    def settle(self, ms: int = 300) -> None:
        """Let timers fire (debounced searches, the detail pane's pause), then wait for the worker."""
        end = time.monotonic() + ms / 1000
        while True:
            self.app.processEvents()
            time.sleep(0.02)
            page = self.window.current_page()
            idle = not self.window.ctx.ops.busy and not getattr(page, "busy", False)
            if idle and time.monotonic() >= end:
                return
            if time.monotonic() > end + 30:
                raise TimeoutError("the window did not settle")

    def shot(self, name: str, widget: QWidget | None = None, *, screen: bool = False) -> None:
        """The widget as it paints itself; with `screen`, the screen over the window, so that
        popups (an open menu) show too."""
        self.settle()
        target = self.out / f"{name}.png"
        if screen:
            frame = self.window.frameGeometry()
            picture = self.window.screen().grabWindow(0, frame.x(), frame.y(), frame.width(), frame.height())
        else:
            picture = (widget or self.window).grab()
        picture.save(str(target))
        print(target)

    def click(self, widget: QWidget, button=Qt.MouseButton.LeftButton, pos=None, modifier=Qt.KeyboardModifier.NoModifier):
        QTest.mouseClick(widget, button, modifier, pos) if pos is not None else QTest.mouseClick(widget, button)
        self.settle(100)

    def go(self, title: str):
        nav = self.window.nav
        item = nav.findItems(title, Qt.MatchFlag.MatchExactly)[0]
        nav.scrollToItem(item)
        self.click(nav.viewport(), pos=nav.visualItemRect(item).center())
        self.settle()
        return self.window.current_page()

    def click_row(self, view, row: int, column: int = 0, *, double: bool = False) -> None:
        index = view.model().index(row, column)
        view.scrollTo(index)
        point = view.visualRect(index).center()
        self.click(view.viewport(), pos=point)
        if double:
            QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
        self.settle()

    def key(self, widget: QWidget, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
        QTest.keyClick(widget, key, modifier)
        self.settle(100)

    def shortcut(self, key: Qt.Key, modifier: Qt.KeyboardModifier) -> None:
        """A window shortcut (Ctrl+Z, Ctrl+P): Qt only takes it in the active window."""
        self.window.raise_()
        self.window.activateWindow()
        end = time.monotonic() + 5
        while QApplication.activeWindow() is not self.window:
            if time.monotonic() > end:
                raise TimeoutError("the main window did not become active")
            self.settle(50)
        self.key(QApplication.focusWidget() or self.window, key, modifier)

    def type(self, widget: QWidget, text: str) -> None:
        widget.setFocus()
        for ch in text:  # QTest's key table is ASCII: other letters go in as text, as an input method does
            QTest.keyClicks(widget, ch) if ch.isascii() else widget.insert(ch)
        self.settle(250)

    def choose(self, combo, data) -> None:
        """Open the combo's list and click the entry, as the mouse does."""
        self.click(combo)
        self.settle(600)  # the open list ignores a release within a double-click interval of opening
        view = combo.view()
        index = view.model().index(combo.findData(data), 0)
        view.scrollTo(index)
        self.click(view.viewport(), pos=view.visualRect(index).center())
        self.settle()
        if combo.currentData() != data:
            raise RuntimeError(f"the list did not take {data!r} (it shows {combo.currentData()!r})")


def working_copy(source: Path, folder: Path) -> Path:
    target = folder / source.name
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return target


def prepare_titles(db, folder: Path, title: str = "gia-dinh") -> None:
    """This year's `title` half-way through (what an officer's November looks like): the
    demo's registrations and checks, evaluated; some recognised and printed, some proposed."""
    year = date.today().year
    with transaction(db) as session:
        if recognition.decisions(session=session, year=year, title=title):
            return
        if not registration.registered_ids(session=session, year=year, title=title):
            registration.register_all(session=session, year=year, title=title)
            rows = grid.grid(session=session, year=year, title=title).rows
            registration.check_full_marks(session=session, year=year, title=title,
                                          evidence="Biên bản bình xét của thôn",
                                          subject_ids=[r.subject_id for i, r in enumerate(rows) if i % 4 != 1])
        evaluation.evaluate_year(session=session, year=year, titles=[title])
        passed = [r.subject_id for r in grid.grid(session=session, year=year, title=title).rows if r.passed]
        if not passed:
            return
        recognition.recognize(session=session, year=year, title=title, number="35/QĐ-UBND", signed_on=date.today(),
                              signer_name="Nguyễn Văn Hải", subject_ids=passed[:len(passed) // 2])
        if passed[len(passed) // 2:]:
            recognition.propose(session=session, year=year, title=title, subject_ids=passed[len(passed) // 2:][:40])
        certificates.print_certificates(session=session, year=year, title=title, path=folder / "giay.pdf")


def pages(officer: Officer, suffix: str = "", only: tuple[str, ...] = ()) -> None:
    for number, (title, slug) in enumerate(SLUGS.items(), start=1):
        if only and slug not in only:
            continue
        officer.go(title)
        officer.shot(f"{number:02d}-{slug}{suffix}")


def household_shots(officer: Officer) -> None:
    page = officer.go("Hộ gia đình")
    officer.click_row(page.table, 0, double=True)  # a double-click opens the household
    dialog = officer.window.current_dialog
    officer.settle()
    officer.shot("11-ho-gia-dinh-hop-thoai", dialog)
    members = dialog.members
    row = next(i for i, m in enumerate(members.table_model.records()) if m.relation != "head")
    officer.click_row(members, row)
    officer.click(dialog.status_button)  # Đổi tình trạng cư trú…
    status = dialog.current_dialog
    officer.choose(status.status, "absent")
    officer.type(status.note, "Đi làm tại Bình Dương")
    officer.shot("12-doi-tinh-trang", status)
    officer.key(status.note, Qt.Key.Key_Escape)  # a changed form asks before it closes
    officer.shot("13-bo-thay-doi", status.question)
    officer.click(next(b for b in status.question.buttons() if b.text() == "Bỏ thay đổi"))
    officer.key(dialog.code, Qt.Key.Key_Escape)


def commune_list(path: Path) -> Path:
    """A hamlet's list as communes keep them: title block, "Năm sinh" over Nam | Nữ, the STT on the
    head's row, a member without a name, a totals line."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Thôn Đồng Mới"
    ws["A1"], ws["E1"], ws["E2"] = "UBND XÃ YÊN XUÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"
    ws["A3"] = "DANH SÁCH HỘ GIA ĐÌNH THÔN ĐỒNG MỚI"
    for column, header in zip("ABCEF", ("STT", "Họ và tên", "Năm sinh", "Quan hệ với chủ hộ", "Số CCCD"), strict=True):
        ws[f"{column}5"] = header
    ws.merge_cells("C5:D5")
    ws["C6"], ws["D6"] = "Nam", "Nữ"
    people = [(1, "Khổng Văn Bảy", 1970, None, "Chủ hộ", 40070123456), (None, "Khổng Thị Tám", None, 1972, "Vợ", None),
              (2, "Âu Văn Mười", 1965, None, "Chủ hộ", None), (None, "", None, 1990, "Con", None)]
    for number, person in enumerate(people, start=7):
        for column, value in enumerate(person, start=1):
            ws.cell(row=number, column=column, value=value)
    ws.cell(row=12, column=2, value="Cộng: 2 hộ, 4 nhân khẩu")
    wb.save(path)
    return path


def import_shots(officer: Officer, folder: Path) -> None:
    from desktop.ui.dialogs import import_wizard

    listed = commune_list(folder / "danh-sach-thon-dong-moi.xlsx")
    import_wizard.ask_import_path = lambda parent, caption, start: listed
    page = officer.go("Hộ gia đình")
    officer.click(next(b for b in page.findChildren(QPushButton) if b.text() == "Nhập từ Excel…"))
    wizard = officer.window.current_dialog
    officer.settle(600)
    officer.shot("17-nhap-danh-sach", wizard)
    officer.click(wizard.check_button)  # Kiểm tra thử: nothing written yet
    officer.settle(600)
    officer.shot("18-nhap-danh-sach-thu", wizard)
    officer.click(wizard.close_button)
    officer.settle()


def delete_and_undo_shots(officer: Officer) -> None:
    page = officer.go("Đơn vị học tập")
    units = page.table.model().rowCount()
    officer.click_row(page.table, 0)
    officer.key(page.table, Qt.Key.Key_Delete)
    officer.shot("14-xoa-hoi-lai", page.current_dialog)
    officer.click(next(b for b in page.current_dialog.buttons() if b.text() == "Xóa"))
    bar = officer.window.menuBar()
    officer.click(bar, pos=bar.actionGeometry(officer.window.edit_menu.menuAction()).center())  # Sửa
    officer.shot("15-hoan-tac-menu", screen=True)
    menu = officer.window.edit_menu
    officer.click(menu, pos=menu.actionGeometry(officer.window.trash_action).center())  # Dữ liệu đã xóa…
    trash = officer.window.current_dialog
    officer.shot("16-du-lieu-da-xoa", trash)
    officer.key(trash, Qt.Key.Key_Escape)
    officer.shortcut(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Z brings it back
    if page.table.model().rowCount() != units:
        raise RuntimeError("Ctrl+Z did not bring the unit back")


def titles_shots(officer: Officer) -> None:
    from desktop.ui.print_preview import PrintPreviewDialog

    page = officer.go("Đánh giá – công nhận")
    officer.click(page.strip_buttons["gia-dinh"])
    row = next((i for i, r in enumerate(page.model.rows()) if r.stage == "incomplete"), 0)
    officer.click_row(page.table, row)
    officer.shot("danh-gia")
    officer.choose(page.stage_box, "proposed")
    officer.choose(page.scope_box, "filtered")
    officer.click(page.actions.buttons[4])  # Công nhận…
    dialog = page.current_dialog
    if dialog is not None and dialog.isVisible():
        officer.type(dialog.number, "36/QĐ-UBND")
        officer.shot("danh-gia-cong-nhan", dialog)
        officer.key(dialog.number, Qt.Key.Key_Escape)
        if dialog.question is not None:
            officer.click(next(b for b in dialog.question.buttons() if b.text() == "Bỏ thay đổi"))
    officer.choose(page.stage_box, "recognised")
    officer.choose(page.scope_box, "selection")  # one certificate to look at, not the whole list
    officer.click_row(page.table, 0)
    officer.shortcut(Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)  # render, then the preview
    end = time.monotonic() + 30
    while not isinstance(page.current_dialog, PrintPreviewDialog) and time.monotonic() < end:
        officer.settle(100)
    preview = page.current_dialog
    if isinstance(preview, PrintPreviewDialog):
        preview.resize(900, 700)
        officer.shot("danh-gia-xem-truoc-khi-in", preview)
        officer.key(preview, Qt.Key.Key_Escape)
    officer.choose(page.stage_box, None)
    officer.click(page.tabs.tabBar(), pos=page.tabs.tabBar().tabRect(1).center())
    officer.shot("danh-gia-so-cap")
    officer.click(page.tabs.tabBar(), pos=page.tabs.tabBar().tabRect(0).center())


def sync_shots(officer: Officer, folder: Path) -> None:
    """Enrol by typing the province's address and code, then Đồng bộ ngay, against a local server."""
    from sync_shot import ShotServer, prepare_sync

    server = ShotServer(folder).start()
    try:
        code = prepare_sync(officer.window.ctx.db, folder, server)
        officer.window.sync.criteria_folder = folder / "criteria"
        page = officer.go("Đồng bộ")
        box = page.enrolment
        officer.type(box.server_edit, server.url)
        officer.type(box.code_edit, code.lower())  # as people type it
        officer.click(box.enrol_button)
        while officer.window.sync.running:
            officer.settle(100)
        officer.click(page.sync_button)
        while officer.window.sync.running:
            officer.settle(100)
        officer.shot("dong-bo")
        officer.click(page.tabs.tabBar(), pos=page.tabs.tabBar().tabRect(1).center())
        officer.shot("dong-bo-tu-choi")
        officer.click(page.tabs.tabBar(), pos=page.tabs.tabBar().tabRect(0).center())
    finally:
        server.stop()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = make_application()
    settings = QSettings(str(args.out / ".screenshots.ini"), QSettings.Format.IniFormat)
    scratch = tempfile.TemporaryDirectory(prefix="xhht-shots-")
    db = open_database(working_copy(args.db, Path(scratch.name)), exclusive=True)
    prepare_titles(db, Path(scratch.name))
    window = open_window(db, ErrorPresenter(None), settings)
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(1280, 800)
    window.show()
    window.activateWindow()
    officer = Officer(app, window, args.out)
    officer.settle()
    pages(officer)
    household_shots(officer)
    import_shots(officer, Path(scratch.name))
    delete_and_undo_shots(officer)
    titles_shots(officer)
    sync_shots(officer, Path(scratch.name))
    window.resize(1024, 768 - 40)  # a 1024×768 screen less its taskbar
    pages(officer, "-1024", only=("ho-gia-dinh", "cong-dan", "danh-gia", "dong-bo"))  # the widest pages
    window.close()
    window.ctx.ops.wait()
    db.close()
    scratch.cleanup()
    (args.out / ".screenshots.ini").unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
