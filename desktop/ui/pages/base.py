"""What every page of the window is: the one interface the main window talks to.

A page shows some synced tables (`tables`). After each write the window calls
`refresh(changes)`: a visible page whose tables were touched reloads at once, a hidden
one only remembers it is out of date and reloads when next shown, so a day of edits on
one page never makes the others read. `load()` reads through `self.loader` (or other
loaders from `new_loader`) on the background reader; `busy` is True while any of them
runs. The window's keys ask the page what they act on: `search_field()` (Ctrl+F),
`print_current()` (Ctrl+P), `help_html` (F1); tables give Enter, Delete and the
right-click menu to the page's own actions.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QStandardPaths, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QFileDialog, QMainWindow, QWidget

from desktop.domain.text import format_count
from desktop.services import export
from desktop.services.files import Session
from desktop.services.session import Changes
from desktop.ui.context import UiContext
from desktop.ui.dialogs.opening import open_dialog
from desktop.ui.loader import Loader

EXPORT_FOLDER = "export/folder"  # where the last .xlsx went: the next one is offered there


def ask_export_path(parent: QWidget, caption: str, suggested: str) -> str | None:
    """Where to write an .xlsx (tests replace this); None when the officer cancels."""
    path, _ = QFileDialog.getSaveFileName(parent, caption, suggested, parent.tr("Bảng tính Excel (*.xlsx)"))
    if not path:
        return None
    return path if path.lower().endswith(".xlsx") else path + ".xlsx"


class Page(QWidget):
    title = ""
    tables: tuple[str, ...] = ()  # the synced tables this page shows
    help_html = ""  # what F1 shows on this page
    export_what = ""  # the list "Xuất Excel…" writes (services.export.WHATS); "" for none

    loaded = Signal()  # what was just read is on screen (tests and the window may wait on it)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.current_dialog: QWidget | None = None  # the dialog an action opened (tests reach it here)
        self.exported = ""  # what the last "Xuất Excel…" said (the status bar shows it; tests read it)
        self._stale = True  # constructors do no I/O: the first show loads
        self._select_next: object = None
        self._loaders: list[Loader] = []
        self.loader = self.new_loader()

    def new_loader(self, label: str | None = None) -> Loader:
        """A loader of its own for a read that goes on independently (a detail beside a list)."""
        loader = Loader(self.ctx.ops, self, label=label or self.tr("Đang tải…"),
                        on_failed=lambda exc: self.ctx.errors.show(exc, self))
        self._loaders.append(loader)
        return loader

    # --- loading ------------------------------------------------------------------------
    def refresh(self, changes: Changes | None = None) -> None:
        """After a write (`changes`), or None for "everything may have changed"."""
        if changes is not None and not changes.touches(*self.tables):
            return
        self._stale = True
        if self.isVisible():
            self.reload()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().showEvent(event)
        if self._stale:
            self.reload()

    def reload(self) -> None:
        self._stale = False
        self.load()

    def load(self) -> None:
        """Start the reads of what the page shows (through self.loader)."""
        raise NotImplementedError

    @property
    def busy(self) -> bool:
        return any(loader.busy for loader in self._loaders)

    def select_next(self, record_id: object) -> None:
        """Select this record after the reload that the save's broadcast brings."""
        self._select_next = record_id

    def take_selection(self) -> object:
        chosen, self._select_next = self._select_next, None
        return chosen

    # --- what the window's keys act on ----------------------------------------------------
    def search_field(self) -> QWidget | None:
        """The field Ctrl+F goes to."""
        return None

    def print_current(self) -> bool:
        """Ctrl+P: print what the page shows or has selected; False when there is nothing to print."""
        return False

    # --- acting -------------------------------------------------------------------------
    def action(self, text: str, slot: Callable[[], Any], *, tip: str = "",
               shortcut: QKeySequence | None = None) -> QAction:
        """An action of this page: one object behind its button, its menu entry and its keys."""
        action = QAction(text, self)
        action.setToolTip(tip or text.rstrip("…"))
        action.triggered.connect(lambda _checked=False: slot())
        if shortcut is not None:
            action.setShortcut(shortcut)
        return action

    def write(self, fn: Callable[[Session], Any], label: str, on_done: Callable[[Any], None] | None = None, *,
              undo: str | bool = True) -> None:
        """A write on the one writer thread; errors reach the presenter; the broadcast refreshes pages;
        Ctrl+Z undoes it (named `undo`, or after `label`)."""
        self.ctx.ops.run(lambda session, progress: fn(session), on_done=on_done,
                         on_failed=lambda exc: self.ctx.errors.show(exc, self), label=label, undo=undo)

    def open_dialog(self, dialog: QDialog, on_accepted: Callable[[], None] | None = None) -> QDialog:
        return open_dialog(self, dialog, on_accepted)

    # --- "Xuất Excel…" ---------------------------------------------------------------------
    def export_action(self) -> QAction:
        """The page's "Xuất Excel…": its list (`export_what`) as an .xlsx for printing or the district."""
        return self.action(self.tr("Xuất Excel…"), self.export_excel,
                           tip=self.tr("Ghi danh sách ra tệp Excel (.xlsx) để in hoặc gửi cấp trên"))

    def export_options(self) -> dict[str, Any]:
        """The year and title the export is for, where the page has them."""
        return {}

    def export_excel(self) -> None:
        what = self.export_what
        folder = str(self.ctx.settings.value(EXPORT_FOLDER, "") or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation))
        path = ask_export_path(self, self.tr("Xuất Excel"), str(Path(folder) / export.file_name(what)))
        if path is None:
            return
        self.ctx.settings.setValue(EXPORT_FOLDER, str(Path(path).parent))
        options = self.export_options()
        self.ctx.ops.run(
            lambda session, progress: export.export_workbook(session=session, path=path, what=what,
                                                             progress=progress, **options),
            on_done=self._exported, on_failed=lambda exc: self.ctx.errors.show(exc, self),
            label=self.tr("Đang xuất Excel…"), writes=False, undo=False)

    def _exported(self, summary: export.ExportSummary) -> None:
        self.exported = self.tr("Đã xuất {0} dòng vào {1}").format(format_count(summary.rows), summary.path)
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(self.exported, 15_000)
