"""The main window: side navigation, the pages, menus, keys and a status bar. Small on purpose.

Pages are made on first visit (start-up stays fast on a large commune). What a write
changed is broadcast once, from Operations.changes_applied, to the pages already made.
The window's keys act on the page shown, through the page interface (pages/base.py):
Ctrl+F its search field, Ctrl+P its print, F1 its help.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from desktop.domain.text import format_count
from desktop.services.session import Changes
from desktop.services.stats import RegisterStats, register_stats
from desktop.services.undo import UndoStep
from desktop.ui.context import UiContext
from desktop.ui.dialogs.help_dialog import HelpDialog
from desktop.ui.dialogs.opening import confirm, open_dialog
from desktop.ui.file_state import disable_adding, read_only_reason, show_read_only
from desktop.ui.loader import Loader
from desktop.ui.sync_controller import SyncController
from desktop.ui.widgets.path_label import PathLabel

# The window's wish; on a smaller screen (1024×768, 1366×768, 150 % scaling) it fills the screen.
PREFERRED_SIZE = (1280, 800)
NAV_WIDTH = 210
COUNTED = ("households", "citizens", "hamlets")
LARGE_UNDO = 100  # rows: Ctrl+Z on a step larger than this asks first


def _page_factories(window: "MainWindow") -> list[tuple[str, Callable[[], QWidget]]]:
    ctx = window.ctx
    # Imported here: each page module pulls in its own widgets only when the window opens.
    from desktop.ui.pages.centre import CentrePage
    from desktop.ui.pages.citizens import CitizensPage
    from desktop.ui.pages.clans import ClansPage
    from desktop.ui.pages.dashboard import DashboardPage
    from desktop.ui.pages.hamlets import HamletsPage
    from desktop.ui.pages.households import HouseholdsPage
    from desktop.ui.pages.report import ReportPage
    from desktop.ui.pages.sync_page import SyncPage
    from desktop.ui.pages.titles.page import TitlesPage
    from desktop.ui.pages.units import UnitsPage

    def lists(page_class):
        def make():
            page = page_class(ctx)
            page.open_household.connect(window.open_household)
            if hasattr(page, "add_household"):
                page.add_household.connect(window.add_household)
            if hasattr(page, "import_lists"):
                page.import_lists.connect(window.import_lists)
            return page
        return make

    return [
        ("Tổng quan", lambda: DashboardPage(ctx)),
        ("Hộ gia đình", lists(HouseholdsPage)),
        ("Công dân", lists(CitizensPage)),
        ("Dòng họ", lambda: ClansPage(ctx)),
        ("Thôn/Tổ dân phố", lambda: HamletsPage(ctx)),
        ("Đơn vị học tập", lambda: UnitsPage(ctx)),
        ("Trung tâm học tập cộng đồng", lambda: CentrePage(ctx)),
        ("Đánh giá – công nhận", lambda: TitlesPage(ctx)),
        ("Báo cáo", lambda: ReportPage(ctx)),
        ("Đồng bộ", lambda: SyncPage(ctx, window.sync)),
    ]


class MainWindow(QMainWindow):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.current_dialog: QWidget | None = None  # the dialog the window opened (tests reach it here)
        self.sync = SyncController(ctx, self)  # background sync while the window is open
        self.counts = Loader(ctx.ops, self, label=self.tr("Đang đếm…"))
        self.setWindowTitle(self.tr("XHHT — {0}").format(ctx.commune.full_name))
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(NAV_WIDTH)
        self.nav.setWordWrap(True)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Roomy rows: officers click these all day, often on small laptop screens.
        self.nav.setStyleSheet("#navigation { font-size: 11pt; } #navigation::item { padding: 6px 8px; }")
        self.stack = QStackedWidget()
        self._factories = _page_factories(self)
        self._pages: dict[int, QWidget] = {}
        for title, _ in self._factories:
            self.nav.addItem(title)
            self.stack.addWidget(QWidget())  # a stand-in until first visit
        body = QWidget()
        layout = QHBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(body)
        self._build_menu()
        self._build_status_bar()
        self.nav.currentRowChanged.connect(self.show_page)
        ctx.ops.changes_applied.connect(self.apply_changes)
        ctx.ops.undo_changed.connect(self._undo_changed)
        self._undo_changed(ctx.ops.last_step)
        self.nav.setCurrentRow(0)
        self.resize(*PREFERRED_SIZE)
        if ctx.db.read_only:
            show_read_only(self)

    # --- pages ---------------------------------------------------------------------
    def page(self, index: int) -> QWidget:
        if index not in self._pages:
            page = self._factories[index][1]()
            stand_in = self.stack.widget(index)
            self.stack.insertWidget(index, page)
            self.stack.removeWidget(stand_in)
            stand_in.deleteLater()
            self._pages[index] = page
            if self.ctx.db.read_only:
                disable_adding(page)
        return self._pages[index]

    def page_titled(self, title: str) -> QWidget:
        index = [t for t, _ in self._factories].index(title)
        self.nav.setCurrentRow(index)
        return self.page(index)

    def current_page(self) -> QWidget:
        return self.stack.currentWidget()

    def show_page(self, index: int) -> None:
        if index >= 0:
            self.stack.setCurrentWidget(self.page(index))

    def apply_changes(self, changes: Changes) -> None:
        for page in self._pages.values():
            page.refresh(changes)
        if changes.touches(*COUNTED):
            self.refresh_counts()

    def open_household(self, household_id: str) -> QWidget:
        from desktop.ui.dialogs.household_dialog import HouseholdDialog

        return open_dialog(self, HouseholdDialog(self.ctx, household_id=household_id, parent=self))

    def add_household(self) -> QWidget:
        from desktop.ui.dialogs.household_dialog import HouseholdDialog

        return open_dialog(self, HouseholdDialog(self.ctx, parent=self))

    def import_lists(self) -> QWidget | None:
        from desktop.ui.dialogs.import_wizard import start_import

        return start_import(self)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        self.sync.shutdown()  # a sync under way stops at its next step; what was acknowledged stays
        super().closeEvent(event)

    # --- the window on the screen --------------------------------------------------
    def fit_screen(self) -> None:
        """Preferred size where it fits; filling the screen where it does not (1024×768, 150 %)."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return
        room = screen.availableGeometry()
        frame = self.frameGeometry().size() - self.geometry().size()  # title bar and borders
        width, height = PREFERRED_SIZE
        if width + frame.width() > room.width() or height + frame.height() > room.height():
            self.resize(min(width, room.width() - frame.width()), min(height, room.height() - frame.height()))
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)

    # --- what the keys act on ------------------------------------------------------
    def find(self) -> None:
        field = getattr(self.current_page(), "search_field", lambda: None)()
        if field is not None:
            field.setFocus(Qt.FocusReason.ShortcutFocusReason)
            if hasattr(field, "selectAll"):
                field.selectAll()
        else:
            self.statusBar().showMessage(self.tr("Trang này không có ô tìm kiếm."), 4000)

    def print_page(self) -> None:
        printed = getattr(self.current_page(), "print_current", lambda: False)()
        if not printed:
            self.statusBar().showMessage(self.tr("Trang này không có gì để in; giấy công nhận và quyết định được in "
                                                 "ở trang Đánh giá – công nhận."), 6000)

    def show_help(self) -> QWidget:
        page = self.current_page()
        title = getattr(page, "title", "") or self.nav.currentItem().text()
        return open_dialog(self, HelpDialog(title, getattr(page, "help_html", ""), self))

    def show_trash(self) -> QWidget:
        from desktop.ui.dialogs.trash_dialog import TrashDialog

        return open_dialog(self, TrashDialog(self.ctx, self))

    # --- undo ----------------------------------------------------------------------
    def _undo_changed(self, step: UndoStep | None) -> None:
        if step is None:
            self.undo_action.setText(self.tr("Hoàn tác"))
            self.undo_action.setEnabled(False)
            self.undo_action.setToolTip(self.tr("Chưa có thay đổi nào để hoàn tác"))
        elif step.undoable:
            self.undo_action.setText(self.tr("Hoàn tác: {0}").format(step.label))
            self.undo_action.setEnabled(True)
            self.undo_action.setToolTip(self.tr("Đưa {0} bản ghi về như trước thao tác này").format(
                format_count(step.count)))
        else:
            self.undo_action.setText(self.tr("Không hoàn tác được: {0}").format(step.label))
            self.undo_action.setEnabled(False)
            self.undo_action.setToolTip(step.reason)
        self.undo_action.setStatusTip(self.undo_action.toolTip())

    def undo(self) -> QWidget | None:
        """Ctrl+Z: the last change put back; a large one is asked first (one key press, many rows)."""
        step = self.ctx.ops.last_step
        if step is None or not step.undoable:
            self.statusBar().showMessage(step.reason if step else self.tr("Chưa có thay đổi nào để hoàn tác."), 6000)
            return None

        def go() -> None:
            self.ctx.ops.undo_last(on_done=lambda done: self.statusBar().showMessage(
                self.tr("Đã hoàn tác: {0}.").format(done.label), 6000))
        if step.count <= LARGE_UNDO:
            go()
            return None
        return confirm(self, self.tr("Hoàn tác"), self.tr(
            "Hoàn tác “{0}”: đưa {1} bản ghi về như trước thao tác này?").format(
            step.label, format_count(step.count)), self.tr("Hoàn tác"), go)

    # --- chrome --------------------------------------------------------------------
    def _action(self, menu, text: str, slot: Callable[[], object], shortcut=None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    def _build_menu(self) -> None:
        file_menu = self.file_menu = self.menuBar().addMenu(self.tr("&Tệp"))  # app.open_window adds Mở…
        self.add_action = self._action(file_menu, self.tr("Thêm hộ gia đình…"), self.add_household,
                                       QKeySequence.StandardKey.New)
        self.import_action = self._action(file_menu, self.tr("Nhập danh sách từ Excel…"), self.import_lists)
        if self.ctx.db.read_only:
            self.import_action.setEnabled(False)
            self.import_action.setStatusTip(read_only_reason())
        file_menu.addSeparator()
        self.quit_action = self._action(file_menu, self.tr("Thoát"), self.close, QKeySequence.StandardKey.Quit)
        edit_menu = self.menuBar().addMenu(self.tr("&Sửa"))
        self.undo_action = self._action(edit_menu, self.tr("Hoàn tác"), self.undo, QKeySequence.StandardKey.Undo)
        edit_menu.addSeparator()
        self.find_action = self._action(edit_menu, self.tr("Tìm…"), self.find, QKeySequence.StandardKey.Find)
        self.print_action = self._action(edit_menu, self.tr("In…"), self.print_page, QKeySequence.StandardKey.Print)
        edit_menu.addSeparator()
        self.trash_action = self._action(edit_menu, self.tr("Dữ liệu đã xóa…"), self.show_trash)
        help_menu = self.menuBar().addMenu(self.tr("Trợ &giúp"))
        self.help_action = self._action(help_menu, self.tr("Hướng dẫn trang này"), self.show_help,
                                        QKeySequence(Qt.Key.Key_F1))
        self._action(help_menu, self.tr("Giới thiệu"), self._about)
        self.edit_menu = edit_menu

    def _about(self) -> None:
        QMessageBox.about(self, self.tr("Giới thiệu"), self.tr(
            "<b>XHHT</b> — sổ theo dõi phong trào “Cả nước thi đua xây dựng xã hội học tập, đẩy mạnh học tập "
            "suốt đời giai đoạn 2023 – 2030” (Quyết định 1315/QĐ-TTg) cấp xã."))

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.commune_label = QLabel(self.ctx.commune.full_name)
        self.counts_label = QLabel()
        self.sync_label = QLabel()
        self.path_label = PathLabel(str(self.ctx.db.path))
        bar.addWidget(self.commune_label)
        bar.addWidget(self.counts_label)
        bar.addWidget(self.sync_label)
        # No stretch: a message ("Đã hoàn tác…") is drawn left of the permanent widgets, and a
        # stretching path would leave it no room at all.
        bar.addPermanentWidget(self.path_label)
        self.refresh_counts()
        for signal in (self.sync.status_changed, self.sync.attempt_finished, self.sync.running_changed):
            signal.connect(self.refresh_sync_label)
        self.refresh_sync_label()

    def refresh_sync_label(self, *_args) -> None:
        self.sync_label.setText(self.sync.status_text())

    def refresh_counts(self) -> None:
        self.counts.load(lambda session: register_stats(session=session), self._show_counts)

    def _show_counts(self, stats: RegisterStats) -> None:
        self.counts_label.setText(self.tr("{0} thôn · {1} hộ · {2} công dân đang cư trú").format(
            format_count(stats.hamlets), format_count(stats.households), format_count(stats.residents)))
