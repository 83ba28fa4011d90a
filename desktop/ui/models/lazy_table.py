"""A table model over an ordered list of ids whose rows are fetched page by page.

The model holds only the ids (a list of strings, cheap even for 75,000 rows); a row is
asked for only when the view paints it, so only the pages on screen are fetched and the
last few stay in a small LRU cache. It never queries itself: the page gives it either
`fetch(ids) -> rows` (called at once: tests, scripts) or `fetch_async(ids, deliver)`,
which reads on the background reader and calls `deliver(rows)` later; until then the
page's cells are blank, and `dataChanged` repaints them when the rows arrive (rows for
ids that were replaced meanwhile are dropped). Sorting is not done here either: a click
on a sortable header emits `sort_requested`, and the page reloads the ids in that order.

Written by hand, not a QSortFilterProxyModel over a full model, on purpose: the citizens
and households lists run to tens of thousands of rows, and a proxy filters and sorts only
rows its source already holds, which would mean reading every row to show thirty. Here
the search (an FTS5 index over folded text, store/search.py) and the sort run in SQL and
come back as an ordered list of ids; the in-memory tables (RecordTable, the titles grid)
filter through FoldFilterProxy (fold_filter.py) instead.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Callable, Sequence

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, Qt, Signal

ID_ROLE = Qt.ItemDataRole.UserRole  # the row's id
ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the row object itself
_NEEDS_ROW = {Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, ROW_ROLE}
# Worked out once: the view asks for these for every cell on every paint.
_ALIGN_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_ALIGN_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


@dataclass(frozen=True)
class LazyColumn:
    """One column of a lazy list: a stable key (saved in settings), its header, how to show a row in it."""

    key: str
    header: str  # Vietnamese, marked with QT_TRANSLATE_NOOP in the model's context
    text: Callable[[Any], str]
    sort: str | None = None  # the service's sort name; "-birth" = that sort reversed
    numeric: bool = False  # right-aligned
    tip: Callable[[Any], str] | None = None  # tooltip when it says more than the cell
    hidden: bool = False  # hidden until the user shows it
    width: int = 130  # starting width in pixels


class LazyTableModel(QAbstractTableModel):
    """Subclasses set COLUMNS (and the translation CONTEXT of their headers)."""

    COLUMNS: Sequence[LazyColumn] = ()
    CONTEXT = "LazyTableModel"
    sort_requested = Signal(str, bool)  # service sort name, descending

    def __init__(self, fetch: Callable[[list[str]], list[Any]] | None = None, *,
                 fetch_async: Callable[[list[str], Callable[[list[Any]], None]], None] | None = None,
                 page_size: int = 200, cached_pages: int = 20, parent=None) -> None:
        super().__init__(parent)
        if (fetch is None) == (fetch_async is None):
            raise ValueError("give the model fetch or fetch_async")
        self._fetch = fetch
        self._fetch_async = fetch_async
        self._page_size = page_size
        self._cached_pages = cached_pages
        self._ids: list[str] = []
        self._pages: OrderedDict[int, list[Any]] = OrderedDict()
        self._asked: set[int] = set()  # pages on their way from the reader
        self._generation = 0  # which set_ids a delivery answers

    # --- ids --------------------------------------------------------------------------

    def set_ids(self, ids: Sequence[str]) -> None:
        """Show these rows, in this order; every cached row is dropped."""
        self.beginResetModel()
        self._ids = list(ids)
        self._pages.clear()
        self._asked.clear()
        self._generation += 1
        self.endResetModel()

    def ids(self) -> list[str]:
        return list(self._ids)

    def row_id(self, row: int) -> str | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, row_id: str) -> int | None:
        try:
            return self._ids.index(row_id)
        except ValueError:
            return None

    def row_data(self, row: int) -> Any | None:
        """The row at `row`; None if it has vanished, or (fetch_async) while its page is on its way."""
        if not 0 <= row < len(self._ids):
            return None
        page = self._page(row // self._page_size)
        return page[row % self._page_size] if page is not None else None

    @property
    def fetching(self) -> bool:
        return bool(self._asked)

    def _page(self, number: int) -> list[Any] | None:
        page = self._pages.get(number)
        if page is not None:
            self._pages.move_to_end(number)
            return page
        ids = self._ids[number * self._page_size:(number + 1) * self._page_size]
        if self._fetch is not None:
            self._store(number, ids, self._fetch(ids))
        elif number not in self._asked:
            self._asked.add(number)
            generation = self._generation
            self._fetch_async(ids, lambda rows: self._arrived(generation, number, ids, rows))
        return self._pages.get(number)

    def _arrived(self, generation: int, number: int, ids: list[str], rows: list[Any]) -> None:
        if generation != self._generation:
            return  # answers ids that were replaced meanwhile
        self._asked.discard(number)
        self._store(number, ids, rows)
        first = number * self._page_size
        last = min(first + len(ids), len(self._ids)) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(self.COLUMNS) - 1))

    def _store(self, number: int, ids: list[str], rows: list[Any]) -> None:
        # Keyed by id: a row deleted since the ids were loaded comes back as None.
        by_id = {row.id: row for row in rows}
        self._pages[number] = [by_id.get(i) for i in ids]
        while len(self._pages) > self._cached_pages:
            self._pages.popitem(last=False)

    # --- columns ----------------------------------------------------------------------

    def column_keys(self) -> list[str]:
        return [c.key for c in self.COLUMNS]

    def column_index(self, key: str) -> int:
        return self.column_keys().index(key)

    def column(self, index: int) -> LazyColumn:
        return self.COLUMNS[index]

    def header_text(self, index: int) -> str:
        return QCoreApplication.translate(self.CONTEXT, self.COLUMNS[index].header)

    # --- Qt -----------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self.COLUMNS[index.column()]
        if role == ID_ROLE:
            return self._ids[index.row()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _ALIGN_RIGHT if column.numeric else _ALIGN_LEFT
        if role not in _NEEDS_ROW:
            return None  # the view asks a dozen roles per cell: only these need the row
        row = self.row_data(index.row())
        if row is None:
            return None
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.ToolTipRole:
            return (column.tip or column.text)(row) or None
        return column.text(row)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.header_text(section) if 0 <= section < len(self.COLUMNS) else None
        return str(section + 1)

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        return _FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Delegated: ask the page to reload the ids in this order (unsortable columns: nothing)."""
        if not 0 <= column < len(self.COLUMNS) or self.COLUMNS[column].sort is None:
            return
        name = self.COLUMNS[column].sort
        descending = order == Qt.SortOrder.DescendingOrder
        if name.startswith("-"):  # e.g. age: youngest first is the latest birth first
            name, descending = name[1:], not descending
        self.sort_requested.emit(name, descending)

    def sort_column(self, name: str, descending: bool) -> tuple[int, Qt.SortOrder] | None:
        """The header section and arrow that show the service sort `name` (for the page)."""
        for i, column in enumerate(self.COLUMNS):
            if column.sort == name:
                return i, Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        return None
