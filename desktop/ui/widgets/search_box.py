"""The search field of the lists: says what to search for once the officer pauses typing."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QWidget


class SearchBox(QLineEdit):
    """`search_changed(text)` fires ~200 ms after the last keystroke, at once on Enter.

    Waiting for a pause saves a list reload per letter; Escape clears the field; ↓ goes
    down into the list it searches (`set_list`), on its first row when none is chosen.
    """

    search_changed = Signal(str)
    DELAY_MS = 200

    def __init__(self, parent: QWidget | None = None, *, placeholder: str | None = None,
                 delay_ms: int = DELAY_MS) -> None:
        super().__init__(parent)
        self.setPlaceholderText(placeholder or self.tr("Tìm theo tên, số định danh, mã hộ…"))
        self.setClearButtonEnabled(True)
        self._emitted = ""
        self._list: QAbstractItemView | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self._emit)
        self.textChanged.connect(self._changed)
        self.returnPressed.connect(self._emit)

    def set_list(self, view: QAbstractItemView) -> None:
        self._list = view

    def search_text(self) -> str:
        """The text last announced (what the list currently shows)."""
        return self._emitted

    def _changed(self, text: str) -> None:
        if not text:
            self._emit()  # cleared (button or Escape): show everything at once
        else:
            self._timer.start()  # restarts: fires only after a pause

    def _emit(self) -> None:
        self._timer.stop()
        text = self.text().strip()
        if text != self._emitted:  # e.g. Enter right after the pause fired
            self._emitted = text
            self.search_changed.emit(text)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        if event.key() == Qt.Key.Key_Down and self._list is not None and self._list.model().rowCount():
            self._emit()  # what is typed is what the list shows
            self._list.setFocus(Qt.FocusReason.TabFocusReason)
            if not self._list.selectionModel().hasSelection():
                self._list.setCurrentIndex(self._list.model().index(0, 0))
            return
        super().keyPressEvent(event)
