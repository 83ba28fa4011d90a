"""Which row the officer is on: one answer for every table, mouse and keyboard alike.

Qt moves the current index on a mouse press *before* it selects the row, and emits
`currentRowChanged` in between; a page that asked "is the current row selected?" from
that signal saw "no" and kept its buttons disabled (issue 8). Here the row the officer is
on is read from both the current index and the selection, and `changed` fires once the
answer differs, from whichever signal made it differ.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QAbstractItemView


def current_row(view: QAbstractItemView) -> int:
    """The current row if it is selected, else the only selected row; -1 when there is none."""
    selection = view.selectionModel()
    if selection is None:
        return -1
    index = selection.currentIndex()
    if index.isValid() and selection.isRowSelected(index.row(), index.parent()):
        return index.row()
    rows = selection.selectedRows()
    return rows[0].row() if len(rows) == 1 else -1


class CurrentRecord(QObject):
    """Follows `view` and emits `changed(record)` when the record the officer is on changes.

    `record_at(row)` gives the record shown in a row (None outside). Moving within the same
    record says nothing; a reset of the model always says (the page reads what hangs on it again).
    """

    changed = Signal(object)

    def __init__(self, view: QAbstractItemView, record_at: Callable[[int], Any]) -> None:
        super().__init__(view)
        self._view = view
        self._record_at = record_at
        self._last: Any = None
        selection = view.selectionModel()
        selection.currentRowChanged.connect(self.check)
        selection.selectionChanged.connect(self.check)
        model = view.model()
        model.modelReset.connect(self.announce)
        for signal in (model.layoutChanged, model.rowsRemoved, model.dataChanged):
            signal.connect(self.check)

    def current(self) -> Any:
        row = current_row(self._view)
        return self._record_at(row) if row >= 0 else None

    def check(self, *_args) -> None:
        record = self.current()
        if record is self._last or (record is not None and record == self._last):
            return
        self.announce()

    def announce(self) -> None:
        self._last = self.current()
        self.changed.emit(self._last)
