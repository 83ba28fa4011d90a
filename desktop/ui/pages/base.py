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

from typing import Any, Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QWidget

from desktop.services.files import Session
from desktop.services.session import Changes
from desktop.ui.context import UiContext
from desktop.ui.dialogs.opening import open_dialog
from desktop.ui.loader import Loader


class Page(QWidget):
    title = ""
    tables: tuple[str, ...] = ()  # the synced tables this page shows
    help_html = ""  # what F1 shows on this page

    loaded = Signal()  # what was just read is on screen (tests and the window may wait on it)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.current_dialog: QWidget | None = None  # the dialog an action opened (tests reach it here)
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
