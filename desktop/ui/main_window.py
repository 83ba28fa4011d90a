"""The main window: side navigation, the pages, and a status bar. Small on purpose.

Pages are made on first visit (start-up stays fast on a large commune). What a write
changed is broadcast once, from Operations.changes_applied, to the pages already made.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QListWidget, QMainWindow, QMessageBox, QStackedWidget, QWidget,
)

from desktop.domain.text import format_count
from desktop.services.session import Changes
from desktop.services.stats import register_stats
from desktop.ui.context import UiContext
from desktop.ui.pages import placeholder
from desktop.ui.sync_controller import SyncController


def _page_factories(window: "MainWindow") -> list[tuple[str, Callable[[], QWidget]]]:
    ctx = window.ctx
    # Imported here: each page module pulls in its own widgets only when the window opens.
    from desktop.ui.pages.centre import CentrePage
    from desktop.ui.pages.citizens import CitizensPage
    from desktop.ui.pages.clans import ClansPage
    from desktop.ui.pages.dashboard import DashboardPage
    from desktop.ui.pages.hamlets import HamletsPage
    from desktop.ui.pages.households import HouseholdsPage
    from desktop.ui.pages.sync_page import SyncPage
    from desktop.ui.pages.titles.page import TitlesPage
    from desktop.ui.pages.units import UnitsPage

    def lists(page_class):
        def make():
            page = page_class(ctx)
            page.open_household.connect(window.open_household)
            if hasattr(page, "add_household"):
                page.add_household.connect(window.add_household)
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
        ("Báo cáo", placeholder.reports_page),
        ("Đồng bộ", lambda: SyncPage(ctx, window.sync)),
    ]


class MainWindow(QMainWindow):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.sync = SyncController(ctx, self)  # background sync while the window is open
        self.setWindowTitle(self.tr("XHHT — {0}").format(ctx.commune.full_name))
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(270)
        self.nav.setWordWrap(True)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Roomy rows: officers click these all day, often on small laptop screens.
        self.nav.setStyleSheet("#navigation { font-size: 11pt; } #navigation::item { padding: 7px 10px; }")
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
        self.nav.setCurrentRow(0)
        self.resize(1280, 800)

    # --- pages ---------------------------------------------------------------------
    def page(self, index: int) -> QWidget:
        if index not in self._pages:
            page = self._factories[index][1]()
            stand_in = self.stack.widget(index)
            self.stack.insertWidget(index, page)
            self.stack.removeWidget(stand_in)
            stand_in.deleteLater()
            self._pages[index] = page
        return self._pages[index]

    def page_titled(self, title: str) -> QWidget:
        index = [t for t, _ in self._factories].index(title)
        self.nav.setCurrentRow(index)
        return self.page(index)

    def show_page(self, index: int) -> None:
        if index >= 0:
            self.stack.setCurrentWidget(self.page(index))

    def apply_changes(self, changes: Changes) -> None:
        for page in self._pages.values():
            page.refresh(changes)
        if changes.touches("households", "citizens", "hamlets"):
            self.refresh_counts()

    def open_household(self, household_id: str) -> None:
        from desktop.ui.dialogs.household_dialog import HouseholdDialog

        HouseholdDialog(self.ctx, household_id=household_id, parent=self).exec()

    def add_household(self) -> None:
        from desktop.ui.dialogs.household_dialog import HouseholdDialog

        HouseholdDialog(self.ctx, parent=self).exec()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        self.sync.shutdown()  # a sync under way stops at its next step; what was acknowledged stays
        super().closeEvent(event)

    # --- chrome --------------------------------------------------------------------
    def _build_menu(self) -> None:
        file_menu = self.file_menu = self.menuBar().addMenu(self.tr("&Tệp"))  # app.open_window adds Mở…
        add = QAction(self.tr("Thêm hộ gia đình…"), self)
        add.setShortcut(QKeySequence.StandardKey.New)
        add.triggered.connect(self.add_household)
        file_menu.addAction(add)
        file_menu.addSeparator()
        quit_action = QAction(self.tr("Thoát"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu(self.tr("Trợ &giúp"))
        about = QAction(self.tr("Giới thiệu"), self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def _about(self) -> None:
        QMessageBox.about(self, self.tr("Giới thiệu"), self.tr(
            "<b>XHHT</b> — sổ theo dõi phong trào “Cả nước thi đua xây dựng xã hội học tập, đẩy mạnh học tập "
            "suốt đời giai đoạn 2023 – 2030” (Quyết định 1315/QĐ-TTg) cấp xã."))

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.commune_label = QLabel(self.ctx.commune.full_name)
        self.counts_label = QLabel()
        self.sync_label = QLabel()
        self.path_label = QLabel(str(self.ctx.db.path))
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bar.addWidget(self.commune_label)
        bar.addWidget(self.counts_label)
        bar.addWidget(self.sync_label)
        bar.addPermanentWidget(self.path_label)
        self.refresh_counts()
        for signal in (self.sync.status_changed, self.sync.attempt_finished, self.sync.running_changed):
            signal.connect(self.refresh_sync_label)
        self.refresh_sync_label()

    def refresh_sync_label(self, *_args) -> None:
        self.sync_label.setText(self.sync.status_text())

    def refresh_counts(self) -> None:
        with self.ctx.read() as session:
            stats = register_stats(session=session)
        self.counts_label.setText(self.tr("{0} thôn · {1} hộ · {2} công dân đang cư trú").format(
            format_count(stats["hamlets"]), format_count(stats["households"]), format_count(stats["residents"])))
