"""What the citizens and households lists share: search, filters, count, lazy table, columns.

Ids are loaded on the worker (`ctx.ops.run(..., writes=False)`): the whole commune's
75,000 ids take 150–300 ms, too long for the UI thread. At most one load runs; asks that
arrive meanwhile are folded into one more load afterwards. Rows are then fetched on the
UI thread, 200 at a time (~8 ms), only for the part of the table on screen.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import shiboken6
from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QMenu, QTableView, QVBoxLayout, QWidget,
)

from desktop.ui.context import UiContext
from desktop.ui.models.lazy_table import LazyTableModel
from desktop.ui.widgets.search_box import SearchBox

WATCHED = ("citizens", "households", "hamlets")


class ListPage(QWidget):
    """Subclasses give the model, the filter combos, and the four hooks below."""

    open_household = Signal(str)  # household id, on double-click
    loaded = Signal(int)  # rows now shown (tests and the status bar may listen)
    SETTINGS_GROUP = ""  # "citizens" -> setting "citizens/hidden_columns"
    DEFAULT_SORT: tuple[str, bool] = ("name", False)

    # --- hooks ------------------------------------------------------------------------

    def make_model(self) -> LazyTableModel:
        raise NotImplementedError

    def query(self) -> Any:
        """The filter as plain frozen data, read from the widgets (UI thread)."""
        raise NotImplementedError

    @staticmethod
    def load(session, query: Any, sort: str, descending: bool, with_choices: bool) -> tuple[list[str], Any]:
        """On the worker: (ids, combo choices or None). Touches no widget."""
        raise NotImplementedError

    def apply_choices(self, choices: Any) -> bool:
        """Refill the combos whose entries come from the data; True if a chosen entry vanished."""
        return False

    def count_text(self, n: int) -> str:
        raise NotImplementedError

    def household_of(self, row: Any) -> str | None:
        raise NotImplementedError

    # --- building -----------------------------------------------------------------------

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._sort = self.DEFAULT_SORT
        self._loading = False
        self._pending: bool | None = None  # another load asked for while one runs (keep_place)
        self._stale = True  # constructors do no I/O: the first show loads
        self._choices_stale = True

        self.search = SearchBox(self)
        self.count_label = QLabel(self)
        self.filters = QHBoxLayout()
        self.model = self.make_model()
        self.model.setParent(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count_label)
        self.filters.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(self.filters)
        layout.addWidget(self.table, 1)
        self._setup_table()

        self.search.search_changed.connect(lambda _text: self.reload())
        self.model.sort_requested.connect(self._sort_requested)
        self.table.doubleClicked.connect(self._double_clicked)

    def _setup_table(self) -> None:
        table = self.table
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        rows = table.verticalHeader()
        rows.hide()
        # Fixed row height: a height per row would make the view ask for every row.
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(table.fontMetrics().height() + 8)
        header = table.horizontalHeader()
        for i, column in enumerate(self.model.COLUMNS):
            header.resizeSection(i, column.width)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        self._indicator = self.model.sort_column(*self._sort) or (0, Qt.SortOrder.AscendingOrder)
        header.setSortIndicator(*self._indicator)  # before enabling, which asks for this same sort
        table.setSortingEnabled(True)
        header.sortIndicatorChanged.connect(self._indicator_changed)
        self._apply_hidden(self.hidden_columns())

    def add_filter(self, label: str, choices: list[tuple[Any, str]], current: Any = None) -> QComboBox:
        """A combo of (value, label) after "Tất cả"; changing it reloads the list."""
        self.filters.insertWidget(self.filters.count() - 1, QLabel(label, self))
        combo = QComboBox(self)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.filters.insertWidget(self.filters.count() - 1, combo)
        self.fill_combo(combo, choices, current)
        combo.currentIndexChanged.connect(lambda _i: self.reload())
        return combo

    def fill_combo(self, combo: QComboBox, choices: list[tuple[Any, str]], current: Any = None) -> bool:
        """Refill keeping the chosen value if still offered; True if the choice had to change."""
        keep = combo.currentData() if combo.count() else current
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.tr("Tất cả"), None)
        for value, text in choices:
            combo.addItem(text, value)
        index = combo.findData(keep) if keep is not None else 0
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)
        return keep is not None and index < 0

    # --- loading ------------------------------------------------------------------------

    def refresh(self, changes=None) -> None:
        """None: reload everything now; else reload (now if shown, or when next shown) if it matters."""
        if changes is not None and not changes.touches(*WATCHED):
            return
        self._stale = self._choices_stale = True
        if changes is None or self.isVisible():
            self.reload(keep_place=changes is not None)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload(keep_place=True)

    @property
    def busy(self) -> bool:
        """Ids are being loaded (the table still shows the previous ones)."""
        return self._loading

    def reload(self, *, keep_place: bool = False) -> None:
        """Load the ids again for the current search, filters and sort."""
        self._stale = False
        if self._loading:
            self._pending = bool(self._pending) or keep_place
            return
        self._loading = True
        query, (sort, descending), with_choices = self.query(), self._sort, self._choices_stale
        load = self.load

        def job(session, _progress):  # on the worker: plain data in, plain data out
            return load(session, query, sort, descending, with_choices)

        self.ctx.ops.run(job, writes=False, label=self.tr("Đang tải danh sách…"),
                         on_done=partial(self._loaded, keep_place=keep_place, with_choices=with_choices),
                         on_failed=self._failed)

    def _loaded(self, result: tuple[list[str], Any], *, keep_place: bool, with_choices: bool) -> None:
        if not shiboken6.isValid(self):
            return  # the page closed while the worker read
        self._loading = False
        if self._pending is not None:  # the filters changed meanwhile: this result is stale
            keep, self._pending = self._pending, None
            self.reload(keep_place=keep)
            return
        ids, choices = result
        if with_choices:
            self._choices_stale = False
            if self.apply_choices(choices):  # a chosen hamlet vanished: the ids are for it
                self.reload()
                return
        self._show_ids(ids, keep_place)

    def _failed(self, exc: BaseException) -> None:
        if shiboken6.isValid(self):
            self._loading, self._pending = False, None
        self.ctx.errors.show(exc)

    def _show_ids(self, ids: list[str], keep_place: bool) -> None:
        selected = self.selected_id()
        scroll = self.table.verticalScrollBar().value()
        self.model.set_ids(ids)
        row = self.model.row_of(selected) if selected else None
        if row is not None:
            self.table.selectRow(row)
        if keep_place:
            self.table.verticalScrollBar().setValue(scroll)
        elif row is None:
            self.table.scrollToTop()
        self.count_label.setText(self.count_text(len(ids)))
        self.loaded.emit(len(ids))

    # --- sorting, columns, opening ----------------------------------------------------

    def _sort_requested(self, name: str, descending: bool) -> None:
        if (name, descending) != self._sort:
            self._sort = (name, descending)
            self.reload()

    def _indicator_changed(self, section: int, order: Qt.SortOrder) -> None:
        if self.model.column(section).sort is None:  # unsortable: put the arrow back
            QTimer.singleShot(0, self._restore_indicator)
        else:
            self._indicator = (section, order)

    def _restore_indicator(self) -> None:
        header = self.table.horizontalHeader()
        header.blockSignals(True)  # only the arrow: no new sort request
        header.setSortIndicator(*self._indicator)
        header.blockSignals(False)
        header.viewport().update()

    def hidden_columns(self) -> list[str]:
        value = self.ctx.settings.value(f"{self.SETTINGS_GROUP}/hidden_columns")
        if value is None:
            return [c.key for c in self.model.COLUMNS if c.hidden]
        keys = value if isinstance(value, list) else str(value).split(",")
        return [k for k in keys if k in self.model.column_keys()]

    def set_column_visible(self, key: str, visible: bool) -> None:
        self.table.setColumnHidden(self.model.column_index(key), not visible)
        hidden = [k for i, k in enumerate(self.model.column_keys()) if self.table.isColumnHidden(i)]
        # One comma-joined string: an INI file reads a one-item list back as a plain string.
        self.ctx.settings.setValue(f"{self.SETTINGS_GROUP}/hidden_columns", ",".join(hidden))

    def _apply_hidden(self, hidden: list[str]) -> None:
        for i, key in enumerate(self.model.column_keys()):
            self.table.setColumnHidden(i, i != 0 and key in hidden)  # the first column always stays

    def _header_menu(self, pos: QPoint) -> None:
        menu = self.column_menu()
        menu.exec(self.table.horizontalHeader().mapToGlobal(pos))
        menu.deleteLater()

    def column_menu(self) -> QMenu:
        """Right-click on the header: one checkable entry per column."""
        menu = QMenu(self)
        menu.addSection(self.tr("Các cột hiển thị"))
        for i, key in enumerate(self.model.column_keys()):
            action = menu.addAction(self.model.header_text(i))
            action.setCheckable(True)
            action.setChecked(not self.table.isColumnHidden(i))
            action.setEnabled(i != 0)
            action.toggled.connect(partial(self.set_column_visible, key))
        return menu

    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_id(rows[0].row()) if rows else None

    def _double_clicked(self, index: QModelIndex) -> None:
        self._open_row(index.row())

    def open_selected(self) -> None:
        """The "Mở hộ" button: the selected row's household, as a double-click would."""
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self._open_row(rows[0].row())

    def _open_row(self, row_number: int) -> None:
        row = self.model.row_data(row_number)
        household = self.household_of(row) if row is not None else None
        if household:
            self.open_household.emit(household)
