"""The Tệp menu's register entries: Tạo sổ mới…, Mở… (Ctrl+O), Mở gần đây ›, Sao lưu…, Khôi phục….

They sit at the top of the window's Tệp menu, above its own entries. The recent list is
rebuilt each time it opens, so a USB stick plugged in since shows its file again.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from desktop.ui.dialogs.backup_dialog import start_backup, start_restore

if TYPE_CHECKING:
    from desktop.ui.app_controller import DatabaseSwitcher


def _menu_text(text: str) -> str:
    return text.replace("&", "&&")  # a "&" in a folder name is not a shortcut key


def _is_there(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:
        return False


class RecentMenu(QMenu):
    """Mở gần đây: up to eight files, most recent first; missing ones greyed."""

    def __init__(self, window: QMainWindow, switcher: "DatabaseSwitcher") -> None:
        super().__init__(window.tr("Mở &gần đây"), window)
        self._window = window
        self._switcher = switcher
        self.aboutToShow.connect(self.refill)
        switcher.recent_changed.connect(self.refill)  # a bound method: let go when the menu is gone
        self.refill()

    def refill(self) -> None:
        self.clear()
        paths = self._switcher.recent()
        for number, path in enumerate(paths, start=1):
            text = f"&{number}  {_menu_text(str(path))}"
            action = self.addAction(text)
            if not _is_there(path):
                action.setText(text + "  " + self.tr("(không tìm thấy)"))
                action.setEnabled(False)  # greyed: nothing to open until the file is back
            action.triggered.connect(partial(self._open, path))
        if not paths:
            self.addAction(self.tr("(chưa có tệp nào)")).setEnabled(False)
        self.addSeparator()
        clear = self.addAction(self.tr("&Xóa danh sách"))
        clear.setEnabled(bool(paths))
        clear.triggered.connect(self._switcher.clear_recent)

    def _open(self, path: Path, *_checked) -> None:
        self._switcher.open_path(path, self._window)


def add_file_actions(window: QMainWindow, menu: QMenu, switcher: "DatabaseSwitcher | None") -> None:
    """Put the register entries at the top of `menu`; none without a switcher (tests)."""
    if switcher is None:
        return
    new = QAction(window.tr("Tạo &sổ mới…"), window)
    new.triggered.connect(lambda: switcher.create_new(window))
    open_action = QAction(window.tr("&Mở…"), window)
    open_action.setShortcut(QKeySequence.StandardKey.Open)
    open_action.triggered.connect(lambda: switcher.choose_and_open(window))
    recent = window.recent_menu = RecentMenu(window, switcher)
    backup = QAction(window.tr("Sao &lưu…"), window)
    backup.triggered.connect(lambda: start_backup(window))
    restore = QAction(window.tr("&Khôi phục…"), window)
    restore.triggered.connect(lambda: start_restore(window, switcher))
    if window.ctx.db.read_only:  # the swap would need the folder written; a copy of it is fine
        restore.setEnabled(False)

    first = menu.actions()[0] if menu.actions() else None
    menu.insertAction(first, new)
    menu.insertAction(first, open_action)
    menu.insertMenu(first, recent)
    menu.insertSeparator(first)
    menu.insertAction(first, backup)
    menu.insertAction(first, restore)
    menu.insertSeparator(first)
