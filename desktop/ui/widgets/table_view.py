"""Every table of the program, with the keys and clicks an officer expects.

- a click selects the row (see selection.py); double-click or Enter opens it
  (`open_requested`), and Enter never also presses the dialog's default button;
- Delete asks to delete it (`delete_requested`; the page confirms first);
- a right-click selects the row under the mouse and shows the page's actions for it;
- Tab leaves the table instead of walking cell by cell;
- rows one line high, no row numbers.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from desktop.ui.widgets.selection import CurrentRecord

_OPEN_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class TableView(QTableView):
    open_requested = Signal()
    delete_requested = Signal()

    def __init__(self, parent: QWidget | None = None, *, multi: bool = False) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection if multi
                              else QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(False)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.horizontalHeader().setHighlightSections(False)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._context_menu)
        self.row_actions: Callable[[], Sequence[QAction | None]] | None = None
        self.current_menu: QMenu | None = None  # the last context menu (tests look at it)
        self._tracker: CurrentRecord | None = None

    def fixed_row_height(self) -> None:
        """One text line per row, every row the same: a big lazy list never asks for every row's size."""
        rows = self.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)

    def follow(self, record_at: Callable[[int], Any]) -> CurrentRecord:
        """Track the record of the row the officer is on (after setModel)."""
        self._tracker = CurrentRecord(self, record_at)
        return self._tracker

    # --- keys and mouse -----------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt name)
        editing = self.state() == QAbstractItemView.State.EditingState
        if event.key() in _OPEN_KEYS and not editing and event.modifiers() in (
                Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier):
            if self.currentIndex().isValid():
                self.open_requested.emit()
            event.accept()  # never also the dialog's default button
            return
        if event.key() == Qt.Key.Key_Delete and not editing:
            if self.currentIndex().isValid():
                self.delete_requested.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt name)
        index = self.indexAt(event.position().toPoint())
        super().mouseDoubleClickEvent(event)
        editable = index.isValid() and bool(self.model().flags(index) & Qt.ItemFlag.ItemIsEditable)
        if index.isValid() and not editable and event.button() == Qt.MouseButton.LeftButton:
            self.open_requested.emit()

    def _context_menu(self, pos: QPoint) -> None:
        if self.row_actions is None or not self.indexAt(pos).isValid():
            return
        menu = QMenu(self)
        for action in self.row_actions():
            if action is None:
                menu.addSeparator()
            elif action.isVisible():
                menu.addAction(action)
        self.current_menu = menu
        menu.aboutToHide.connect(menu.deleteLater)
        menu.popup(self.viewport().mapToGlobal(pos))
