"""What the register's list pages share: reload only when a change touches what they show.

The main window calls `refresh(changes)` on every page it has made after each write
(`changes` None means everything). A visible page reloads at once; a hidden one only
remembers it is out of date and reloads when it is shown again, so a busy day of
edits on one page never makes the others read the database.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from desktop.services.session import Changes
from desktop.ui.context import UiContext


class RefreshingPage(QWidget):
    title = ""
    tables: tuple[str, ...] = ()  # the synced tables this page shows

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._stale = True
        self.current_dialog: QWidget | None = None  # the dialog an action opened (tests reach it here)
        self._select_next: object = None

    def refresh(self, changes: Changes | None = None) -> None:
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
        """Read what the page shows (short reads through ctx.read())."""
        raise NotImplementedError

    def select_next(self, record_id: object) -> None:
        """Select this record after the reload that the save's broadcast brings."""
        self._select_next = record_id

    def take_selection(self) -> object:
        chosen, self._select_next = self._select_next, None
        return chosen

    def write(self, fn: Callable[[Session], Any], label: str,
              on_done: Callable[[Any], None] | None = None) -> None:
        """A write on the one writer thread; errors reach the presenter; the broadcast refreshes pages."""
        self.ctx.ops.run(lambda session, progress: fn(session), on_done=on_done,
                         on_failed=lambda exc: self.ctx.errors.show(exc, self), label=label)

    def open_dialog(self, dialog: QWidget, on_accepted: Callable[[], None] | None = None) -> QWidget:
        """Open `dialog` window-modal without blocking; `on_accepted` runs when it closes with Lưu/Chọn."""
        self.current_dialog = dialog
        if on_accepted is not None:
            dialog.accepted.connect(on_accepted)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog
