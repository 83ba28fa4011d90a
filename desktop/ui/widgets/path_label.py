"""The database's path in the status bar: cut in the middle when there is no room (the file
name stays readable), the whole path in its tooltip and selectable."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QLabel, QWidget

WIDEST = 420  # px: the rest of the bar is for the commune, its counts, the sync state and messages


class PathLabel(QLabel):
    def __init__(self, path: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.setToolTip(path)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setMinimumWidth(1)  # a long path is cut, it never widens the window
        self.setText(path)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        hint = super().sizeHint()
        width = min(self.fontMetrics().horizontalAdvance(self.path) + 8, WIDEST)
        return QSize(width, hint.height())

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        self.setText(self.fontMetrics().elidedText(self.path, Qt.TextElideMode.ElideMiddle, max(event.size().width() - 4, 0)))
