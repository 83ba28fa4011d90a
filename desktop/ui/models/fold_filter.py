"""The search box of an in-memory table: Qt's QSortFilterProxyModel, matching folded words.

A row is shown when every word typed, folded (`desktop.domain.text.fold`: marks dropped,
đ→d, lower case), is in the row's folded search text, and every extra predicate a page set
(the grid's hamlet and stage) accepts its source row. The source model answers SEARCH_ROLE
for column 0 with that text, already folded; the proxy asks it once per row and keeps the
answers until the source's rows change (reset, layout, rows added or removed, data changed),
so a keystroke costs one substring test per row, not a fold per cell.

Sorting is the source's: our models sort themselves with Vietnamese collation (đ after d,
tones as a second key), which Qt's string compare does not know. `sort` is passed on to the
source, the proxy never sorts, and its rows keep the source's order.

Views show the proxy, so a view row is not a source row: map through `mapToSource` (or
`source_row`) before asking the source for a record. A new filter resets the view, as the
hand-written filters before it did, so what the officer sees selected does not change.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from desktop.domain.text import fold

SEARCH_ROLE = Qt.ItemDataRole.UserRole + 64  # a row's folded search text (column 0)

Predicate = Callable[[int], bool]  # source row -> shown?


class FoldFilterProxy(QSortFilterProxyModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self._predicates: dict[str, Predicate | None] = {}
        self._texts: list[str] | None = None  # per source row, asked through SEARCH_ROLE

    # --- the source -------------------------------------------------------------------
    def setSourceModel(self, source) -> None:  # noqa: N802 (Qt name)
        old = self.sourceModel()
        if old is not None:
            for signal in self._source_signals(old):
                signal.disconnect(self._forget)
            old.dataChanged.disconnect(self._changed)
        # Connected before the proxy's own handlers (Qt calls slots in the order connected):
        # the proxy refilters inside them and must not read the texts of the rows as they were.
        if source is not None:
            for signal in self._source_signals(source):
                signal.connect(self._forget)
            source.dataChanged.connect(self._changed)
        self._texts = None
        super().setSourceModel(source)

    @staticmethod
    def _source_signals(source):
        return (source.modelAboutToBeReset, source.layoutAboutToBeChanged, source.rowsAboutToBeInserted,
                source.rowsAboutToBeRemoved, source.rowsAboutToBeMoved)

    def _forget(self, *_args) -> None:
        self._texts = None

    def _changed(self, top_left: QModelIndex, bottom_right: QModelIndex, *_roles) -> None:
        # One row patched (a saved check): ask again for those rows only.
        if self._texts is None:
            return
        source = self.sourceModel()
        for row in range(top_left.row(), min(bottom_right.row() + 1, len(self._texts))):
            self._texts[row] = source.index(row, 0).data(SEARCH_ROLE) or ""

    def _text(self, source_row: int) -> str:
        if self._texts is None:
            source = self.sourceModel()
            self._texts = [source.index(row, 0).data(SEARCH_ROLE) or "" for row in range(source.rowCount())]
        return self._texts[source_row] if source_row < len(self._texts) else ""

    # --- what is shown ----------------------------------------------------------------
    def set_text(self, text: str) -> None:
        """Show only rows containing every typed word (marks, đ and case ignored); "" shows all."""
        self.filter_by(text=text)

    def filter_by(self, *, text: str | None = None, **predicates: Predicate | None) -> None:
        """One refilter for new words (None: keep them) and named predicates `accept(source_row)`
        (None removes one). The same words and no predicate given: nothing happens."""
        words = self._words if text is None else fold(text).split()
        if words == self._words and not predicates:
            return

        def change() -> None:
            self._words = words
            self._predicates.update(predicates)
            for name in [name for name, accept in predicates.items() if accept is None]:
                del self._predicates[name]
        self._refilter(change)

    def _refilter(self, change: Callable[[], None]) -> None:
        # A reset, as the hand-written filters did: the view drops its selection and the page
        # says what stays selected (the titles page's `_filter`, the register's `keep`). The
        # proxy's mapping is cleared on its own modelReset and rebuilt with the new filter.
        self.beginResetModel()
        change()
        self.endResetModel()

    def filterAcceptsRow(self, source_row: int,  # noqa: N802 (Qt name)
                         source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        if self._words:
            text = self._text(source_row)
            if not all(word in text for word in self._words):
                return False
        return all(accept(source_row) for accept in self._predicates.values())

    # --- rows -------------------------------------------------------------------------
    def source_row(self, row: int) -> int:
        """The source row shown in view row `row`; -1 outside."""
        return self.mapToSource(self.index(row, 0)).row() if 0 <= row < self.rowCount() else -1

    def view_row(self, source_row: int) -> int:
        """The view row showing source row `source_row`; -1 when filtered out or outside."""
        source = self.sourceModel()
        if source is None or not 0 <= source_row < source.rowCount():
            return -1
        return self.mapFromSource(source.index(source_row, 0)).row()

    def source_rows(self) -> list[int]:
        """The source rows shown, in the view's order."""
        return [self.mapToSource(self.index(row, 0)).row() for row in range(self.rowCount())]

    # --- sorting: the source's --------------------------------------------------------
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Passed on to the source (Vietnamese collation); the proxy keeps the source's order."""
        source = self.sourceModel()
        if source is not None:
            source.sort(column, order)
