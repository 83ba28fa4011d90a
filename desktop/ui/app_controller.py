"""Which register the window shows: open another file, make a new one, the recent files.

The new database is opened first (checked read-only, then exclusively, migrated and
checked as at start-up) and its window built; only then is the current one closed:
background sync stopped, the worker drained, the database closed (its lock released).
A file that fails to open leaves the current register open and says why.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QCoreApplication, QObject, QSettings, Qt, Signal
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QWidget

from desktop.domain.errors import XhhtError
from desktop.services import backup as backup_service
from desktop.services.files import Database, create_commune_file, open_checked
from desktop.ui.dialogs import open_file
from desktop.ui.dialogs.missing_database import second_register_warning
from desktop.ui.dialogs.open_file import default_folder, nearest_folder, warn
from desktop.ui.dialogs.opening import confirm
from desktop.ui.file_state import report_integrity

LAST_DATABASE = "last_database"
log = logging.getLogger(__name__)

RECENT_DATABASES = "recent_databases"
RECENT_SEPARATOR = "\0"  # the one character no path can hold (a one-item INI list reads back as a string)
MAX_RECENT = 8


def same_file(a: Path, b: Path) -> bool:
    """Two spellings of one path (case on Windows, "..", links) are the same file."""
    def norm(path: Path) -> str:
        return os.path.normcase(str(Path(path).expanduser().resolve()))
    return norm(a) == norm(b)


class DatabaseSwitcher(QObject):
    """Owns the open register and its window; `make_window(db, switcher)` builds a window."""

    recent_changed = Signal()

    def __init__(self, settings: QSettings, make_window: Callable[[Database, "DatabaseSwitcher"], QMainWindow],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self._make_window = make_window
        self.window: QMainWindow | None = None
        self.wizard = None  # the new-register wizard while it is open (tests drive it)

    @property
    def db(self) -> Database | None:
        return self.window.ctx.db if self.window is not None else None

    # --- recent files --------------------------------------------------------------------
    def recent(self) -> list[Path]:
        """Most recent first, at most MAX_RECENT; missing files included (the menu greys them)."""
        value = self.settings.value(RECENT_DATABASES) or ""
        if isinstance(value, (list, tuple)):  # written by hand, or by another version
            value = RECENT_SEPARATOR.join(str(v) for v in value)
        return [Path(p) for p in str(value).split(RECENT_SEPARATOR) if p][:MAX_RECENT]

    def remember(self, path: Path) -> None:
        paths = [path] + [p for p in self.recent() if not same_file(p, path)]
        self.settings.setValue(LAST_DATABASE, str(path))
        self.settings.setValue(RECENT_DATABASES, RECENT_SEPARATOR.join(str(p) for p in paths[:MAX_RECENT]))
        self.recent_changed.emit()

    def clear_recent(self) -> None:
        self.settings.remove(RECENT_DATABASES)
        self.recent_changed.emit()

    # --- the window ----------------------------------------------------------------------
    def show_first(self, db: Database) -> QMainWindow:
        """Start-up: the window over a database `run` opened."""
        self.remember(db.path)
        self.window = self._make_window(db, self)
        self.window.show()
        report_integrity(self.window)
        self.daily_copy(self.window)
        return self.window

    def open_path(self, path: Path, parent: QWidget | None = None) -> bool:
        """Open `path` in place of the current register; True when the window now shows it."""
        path = Path(path).expanduser()
        parent = parent or self.window
        if self.db is not None and same_file(path, self.db.path):
            self._say(parent, self.tr("Tệp {path} đang được mở trong cửa sổ này.").format(path=path))
            return False
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # a migration can take a few seconds
        try:
            db = open_checked(path)
            try:
                window = self._make_window(db, self)
            except BaseException:
                db.close()
                raise
        except XhhtError as error:  # locked, not a register, damaged, a commune the list does not know
            warn(parent, self.tr("Không mở được tệp"), self._kept(error.message))
            return False
        finally:
            QApplication.restoreOverrideCursor()
        old = self.window
        if old is not None:
            geometry = old.saveGeometry()
            if not self._retire(old):  # the window refused to close (work not yet saved)
                self._retire(window)
                return False
            window.restoreGeometry(geometry)
        self.window = window
        self.remember(db.path)
        window.show()
        report_integrity(window)
        self.daily_copy(window)
        return True

    def _kept(self, message: str) -> str:
        if self.db is None:
            return message
        return message + "\n\n" + self.tr("Sổ đang mở ({path}) vẫn giữ nguyên.").format(path=self.db.path)

    def _say(self, parent: QWidget | None, text: str) -> None:
        if isinstance(parent, QMainWindow):
            parent.statusBar().showMessage(text, 10_000)
        else:
            box = QMessageBox(QMessageBox.Icon.Information, "XHHT", text, QMessageBox.StandardButton.Ok, parent)
            box.open()

    def _retire(self, window: QMainWindow) -> bool:
        """Close a window and its database cleanly; False if the window would not close."""
        app = QApplication.instance()
        quit_on_close = app.quitOnLastWindowClosed()
        app.setQuitOnLastWindowClosed(False)  # the next window is about to show
        try:
            if window.isVisible() and not window.close():
                return False
        finally:
            app.setQuitOnLastWindowClosed(quit_on_close)
        self._release(window)
        window.deleteLater()
        return True

    @staticmethod
    def _release(window: QMainWindow) -> None:
        window.sync.shutdown()  # no new attempt; one under way stops at its next step
        ops = window.ctx.ops
        for _ in range(20):  # a finished job's callback may start another (a page reloading)
            ops.wait()
            QCoreApplication.sendPostedEvents()  # its callbacks run while the database is still open
            if not ops.busy:
                break
        window.ctx.db.close()

    def close_current(self) -> None:
        """The program ends: the last window's database closes cleanly."""
        if self.window is not None:
            self.window.sync.shutdown()
            self._release(self.window)
            self.window = None

    # --- backups -------------------------------------------------------------------------
    @staticmethod
    def daily_copy(window: QMainWindow) -> None:
        """Today's copy in sao-luu beside the file (and the second folder), once a day, beside
        the writer: the window is usable at once. A failure goes to the log and the status
        bar, never a modal box; a file known damaged or read-only gets none (it would push a
        good copy out of the seven kept)."""
        db = window.ctx.db
        if db.read_only or db.problems:
            return

        def done(daily) -> None:
            for problem in daily.problems:
                window.statusBar().showMessage(problem, 30_000)
            if daily.made:
                log.info("daily copies made: %s", [str(r.path) for r in daily.made])

        def failed(error: BaseException) -> None:
            log.warning("daily copy of %s failed: %s", db.path, error)
            window.statusBar().showMessage(QCoreApplication.translate(
                "Backup", "Không tạo được bản sao lưu hằng ngày: {reason}").format(
                reason=getattr(error, "message", None) or error), 60_000)
        window.ctx.ops.run(lambda progress, _step: backup_service.daily_backup(db=db, progress=progress),
                           network=True, quiet=True, label="Đang sao lưu hằng ngày…", on_done=done,
                           on_failed=failed)

    def restore_staged(self, staged: backup_service.StagedRestore, parent: QWidget | None = None) -> bool:
        """Swap a checked backup in for the open register: the window closes it (refused while
        it holds unsaved work), the old file is kept beside it, and the restored file is opened
        in a new window where the old one was. A failure reopens the file as it was."""
        old = self.window
        geometry = old.saveGeometry() if old is not None else None
        if old is not None:
            if not self._retire(old):
                backup_service.discard_restore(staged=staged)
                return False
            self.window = None
        message = None
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            done = backup_service.finish_restore(staged=staged)
        except XhhtError as error:
            done, message = None, error.message
        finally:
            QApplication.restoreOverrideCursor()
        opened = self.open_path(staged.path, None)
        window = self.window
        if opened and window is not None and geometry is not None:
            window.restoreGeometry(geometry)
        if done is None:
            warn(window, self.tr("Không khôi phục được"),
                 (message or "") + "\n\n" + self.tr("Tệp {path} vẫn giữ nguyên.").format(path=staged.path))
        elif window is not None:
            window.statusBar().showMessage(self.tr(
                "Đã khôi phục từ bản sao lưu {source}. Tệp cũ được giữ lại ở {kept}.").format(
                source=done.source, kept=done.kept), 60_000)
        return done is not None and opened

    # --- what the menu starts ------------------------------------------------------------
    def choose_and_open(self, parent: QWidget | None = None) -> bool:
        parent = parent or self.window
        folder = nearest_folder(self.db.path) if self.db is not None else default_folder()
        path = open_file.ask_database_path(parent, self.tr("Mở tệp dữ liệu XHHT"), folder)
        return path is not None and self.open_path(path, parent)

    def create_new(self, parent: QWidget | None = None) -> None:
        """The wizard for a new register, after a warning; it may also end on an existing file."""
        parent = parent or self.window
        box = confirm(parent, self.tr("Tạo sổ mới?"), second_register_warning(parent),
                      self.tr("Vẫn tạo sổ mới"), lambda: self._run_wizard(parent))
        box.setIcon(QMessageBox.Icon.Warning)

    def _run_wizard(self, parent: QWidget | None) -> None:
        from desktop.ui.dialogs.wizard import FirstRunWizard

        folder = nearest_folder(self.db.path) if self.db is not None else default_folder()
        self.wizard = wizard = FirstRunWizard(parent, default_path=folder / "xhht-moi.sqlite")
        wizard.setWindowTitle(self.tr("Tạo sổ mới — Sổ xã hội học tập"))

        def finished(result: int) -> None:
            self.wizard = None
            wizard.deleteLater()
            if result != FirstRunWizard.DialogCode.Accepted:
                return
            try:
                path = database_from_wizard(wizard)
            except XhhtError as error:
                warn(parent, self.tr("Không tạo được sổ mới"), self._kept(error.message))
                return
            self.open_path(path, parent)
        wizard.finished.connect(finished)
        wizard.open()


def database_from_wizard(wizard) -> Path:
    """The file the wizard ended with: one it opened, or one made from its answers."""
    if wizard.existing_path is not None:
        return wizard.existing_path
    return create_from_wizard(wizard.result_settings())


def create_from_wizard(settings_value) -> Path:
    """Make the database the first-run wizard described, with its first hamlets."""
    path = Path(settings_value.db_path)
    create_commune_file(path=path, commune_code=settings_value.commune_code,
                        centre_name=settings_value.centre_name or None, hamlets=settings_value.hamlets)
    return path
