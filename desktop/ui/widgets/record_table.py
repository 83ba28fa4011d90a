"""A small table of plain records (frozen dataclasses) given by a page: model and view.

For short lists only (hamlets, clans, units, activities, a household's members): the
records are all in memory. Columns say how to show a record; a checkable or editable
column does not change anything itself, it emits `edited(record, column, value)` and
the page writes through the services, then reloads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Callable, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QWidget

from desktop.domain.text import fold
from desktop.ui.widgets.table_view import TableView

Index = QModelIndex | QPersistentModelIndex


def vi_date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Any], object]
    number: bool = False  # right-aligned
    check: bool = False  # a check box showing bool(value(record))
    editable: bool = False
    stretch: bool = False


class RecordTableModel(QAbstractTableModel):
    edited = Signal(object, int, object)  # record, column, new value

    def __init__(self, columns: Sequence[Column], parent=None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._all: list[Any] = []
        self._shown: list[Any] = []
        self._needle = ""

    # --- records ---------------------------------------------------------------------
    def set_records(self, records: Sequence[Any]) -> None:
        self.beginResetModel()
        self._all = list(records)
        self._shown = [r for r in self._all if self._matches(r)]
        self.endResetModel()

    def set_filter(self, text: str) -> None:
        """Show only records whose text columns contain every typed word (marks ignored)."""
        self._needle = fold(text)
        self.set_records(self._all)

    def _matches(self, record: Any) -> bool:
        if not self._needle:
            return True
        hay = fold(" ".join(str(c.value(record)) for c in self.columns if not c.check))
        return all(word in hay for word in self._needle.split())

    def record(self, row: int) -> Any:
        return self._shown[row] if 0 <= row < len(self._shown) else None

    def records(self) -> list[Any]:
        return list(self._shown)

    def row_of(self, record_id: object) -> int:
        for row, record in enumerate(self._shown):
            if getattr(record, "id", None) == record_id:
                return row
        return -1

    # --- Qt model ------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].header
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        column = self.columns[index.column()]
        record = self._shown[index.row()]
        if column.check:
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if column.value(record) else Qt.CheckState.Unchecked
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            value = column.value(record)
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.number:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid():
            column = self.columns[index.column()]
            if column.check:
                flags |= Qt.ItemFlag.ItemIsUserCheckable
            if column.editable:
                flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        column = self.columns[index.column()]
        record = self._shown[index.row()]
        if column.check and role == Qt.ItemDataRole.CheckStateRole:
            self.edited.emit(record, index.column(), Qt.CheckState(value) == Qt.CheckState.Checked)
            return True
        if column.editable and role == Qt.ItemDataRole.EditRole:
            self.edited.emit(record, index.column(), value)
            return True
        return False


class RecordTable(TableView):
    """A one-row-at-a-time table over a RecordTableModel (see TableView for keys and mouse)."""

    current_changed = Signal(object)  # the record, or None
    activated_record = Signal(object)  # double click / Enter

    def __init__(self, columns: Sequence[Column], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table_model = RecordTableModel(columns, self)
        self.setModel(self.table_model)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for i, column in enumerate(columns):
            if column.stretch:
                header.setSectionResizeMode(i, QHeaderView.ResizeMode.Stretch)
        self._current = self.follow(self.table_model.record)
        self._current.changed.connect(self.current_changed)
        self.open_requested.connect(lambda: self.activated_record.emit(self.current()))

    def set_records(self, records: Sequence[Any], *, keep: object = None) -> None:
        """Show `records`, keeping the current one (or selecting the record with id `keep`)."""
        current = self.current()
        wanted = keep if keep is not None else getattr(current, "id", None)
        self.table_model.set_records(records)
        if wanted is not None:
            self.select_id(wanted)

    def current(self) -> Any:
        """The record of the row the officer is on (clicked or reached with the arrows), or None."""
        return self._current.current()

    def select_row(self, row: int) -> None:
        """For the program (after a save, keep the saved record in view), not for tests of a user."""
        if 0 <= row < self.table_model.rowCount():
            self.setCurrentIndex(self.table_model.index(row, 0))
            self.selectRow(row)

    def select_id(self, record_id: object) -> bool:
        row = self.table_model.row_of(record_id)
        self.select_row(row)
        return row >= 0
