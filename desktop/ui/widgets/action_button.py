"""A push button that is the face of a QAction: same text, same enabled state, same effect.

A page's row operations are actions, so its buttons, the table's right-click menu and
the keys all do the one thing and are enabled together.
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QPushButton, QWidget


class ActionButton(QPushButton):
    def __init__(self, action: QAction, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.action = action
        self.setAutoDefault(False)  # Enter in a field never presses a page button
        self._hidden_by_action = False
        self.clicked.connect(action.trigger)
        action.changed.connect(self._follow)
        self._follow()

    def _follow(self) -> None:
        self.setText(self.action.text())
        self.setEnabled(self.action.isEnabled())
        self.setToolTip(self.action.toolTip())
        if not self.action.isVisible():  # setVisible(True) on a parentless button would open a window
            self._hidden_by_action = True
            self.hide()
        elif self._hidden_by_action:
            self._hidden_by_action = False
            self.show()
