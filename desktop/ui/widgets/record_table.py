"""A small table of plain records (frozen dataclasses) given by a page: model and view.

For short lists only (hamlets, clans, units, activities, a household's members): the
records are all in memory. RecordColumns say how to show a record; a checkable or editable
column does not change anything itself, it emits `edited(record, column, value)` and
the page writes through the services, then reloads.

The view shows the records through a FoldFilterProxy (models/fold_filter.py): the search
box filters there, so a view row is not a row of `table_model`; `record_at`,
`shown_records` and `select_id` map through the proxy.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Callable, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QWidget

from desktop.domain.text import fold
from desktop.ui.models.fold_filter import SEARCH_ROLE, FoldFilterProxy
from desktop.ui.widgets.table_view import TableView

Index = QModelIndex | QPersistentModelIndex


def vi_date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


@dataclass(frozen=True)
class RecordColumn:
    """How a RecordTable shows one attribute of its records (not a lazy list's LazyColumn)."""

    header: str
    value: Callable[[Any], object]
    number: bool = False  # right-aligned
    check: bool = False  # a check box showing bool(value(record))
    editable: bool = False
    stretch: bool = False


class RecordTableModel(QAbstractTableModel):
    edited = Signal(object, int, object)  # record, column, new value

    """Every record the page gave, in its order; the filter is the view's proxy."""

    def __init__(self, columns: Sequence[RecordColumn], parent=None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._all: list[Any] = []
        self._search: list[str | None] = []  # folded text columns, made when first asked

    # --- records ---------------------------------------------------------------------
    def set_records(self, records: Sequence[Any]) -> None:
        self.beginResetModel()
        self._all = list(records)
        self._search = [None] * len(self._all)
        self.endResetModel()

    def search_text(self, row: int) -> str:
        """The record's text columns folded, for the search box (once per record)."""
        text = self._search[row]
        if text is None:
            record = self._all[row]
            text = self._search[row] = fold(" ".join(str(c.value(record)) for c in self.columns if not c.check))
        return text

    def record(self, row: int) -> Any:
        """The record in source row `row` (a view row maps through the proxy first)."""
        return self._all[row] if 0 <= row < len(self._all) else None

    def records(self) -> list[Any]:
        """Every record, shown or filtered out."""
        return list(self._all)

    def row_of(self, record_id: object) -> int:
        for row, record in enumerate(self._all):
            if getattr(record, "id", None) == record_id:
                return row
        return -1

    # --- Qt model ------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._all)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].header
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role == SEARCH_ROLE:
            return self.search_text(index.row())
        column = self.columns[index.column()]
        record = self._all[index.row()]
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
        record = self._all[index.row()]
        if column.check and role == Qt.ItemDataRole.CheckStateRole:
            self.edited.emit(record, index.column(), Qt.CheckState(value) == Qt.CheckState.Checked)
            return True
        if column.editable and role == Qt.ItemDataRole.EditRole:
            self.edited.emit(record, index.column(), value)
            return True
        return False


class RecordTable(TableView):
    """A one-row-at-a-time table over a RecordTableModel (see TableView for keys and mouse).

    `table_model` holds every record; the view shows `proxy`, which `set_filter` narrows.
    """

    current_changed = Signal(object)  # the record, or None
    activated_record = Signal(object)  # double click / Enter

    def __init__(self, columns: Sequence[RecordColumn], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table_model = RecordTableModel(columns, self)
        self.proxy = FoldFilterProxy(self)
        self.proxy.setSourceModel(self.table_model)
        self.setModel(self.proxy)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for i, column in enumerate(columns):
            if column.stretch:
                header.setSectionResizeMode(i, QHeaderView.ResizeMode.Stretch)
        self._current = self.follow(self.record_at)
        self._current.changed.connect(self.current_changed)
        self.open_requested.connect(lambda: self.activated_record.emit(self.current()))

    def set_records(self, records: Sequence[Any], *, keep: object = None) -> None:
        """Show `records`, keeping the current one (or selecting the record with id `keep`)."""
        current = self.current()
        wanted = keep if keep is not None else getattr(current, "id", None)
        self.table_model.set_records(records)
        if wanted is not None:
            self.select_id(wanted)

    def set_filter(self, text: str) -> None:
        """Show only records whose text columns contain every typed word (marks and đ ignored)."""
        self.proxy.set_text(text)

    def current(self) -> Any:
        """The record of the row the officer is on (clicked or reached with the arrows), or None."""
        return self._current.current()

    def record_at(self, row: int) -> Any:
        """The record shown in view row `row` (the filter hides some), or None."""
        return self.table_model.record(self.proxy.source_row(row))

    def shown_records(self) -> list[Any]:
        """The records the filter lets through, in the view's order."""
        return [self.table_model.record(row) for row in self.proxy.source_rows()]

    def select_row(self, row: int) -> None:
        """For the program (after a save, keep the saved record in view), not for tests of a user."""
        if 0 <= row < self.proxy.rowCount():
            self.setCurrentIndex(self.proxy.index(row, 0))
            self.selectRow(row)

    def select_id(self, record_id: object) -> bool:
        """Select the record with this id if the filter shows it."""
        row = self.proxy.view_row(self.table_model.row_of(record_id))
        self.select_row(row)
        return row >= 0
