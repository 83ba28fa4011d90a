"""What the citizens and households lists share: search, filters, count, lazy table, columns.

Ids are loaded on the background reader (the page's Loader: the whole commune's 75,000
ids take 150–300 ms, too long for the UI thread; asks that arrive meanwhile fold into one
more load). Rows are then fetched on the reader too, 200 at a time (~8 ms), only for the
part of the table on screen; pages asked for while a fetch runs go in the next one.
"""

from __future__ import annotations

from functools import partial
from typing import Any, Callable

import shiboken6
from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QHBoxLayout, QLabel, QMenu, QVBoxLayout, QWidget

from desktop.ui.context import UiContext
from desktop.ui.models.lazy_table import LazyTableModel
from desktop.ui.pages.base import Page
from desktop.ui.widgets.adaptive import FlowLayout
from desktop.ui.widgets.search_box import SearchBox
from desktop.ui.widgets.table_view import TableView

WATCHED = ("citizens", "households", "hamlets")


class ListPage(Page):
    """Subclasses give the model, the filter combos, and the hooks below."""

    open_household = Signal(str)  # household id, on double-click / Enter / "Mở hộ"
    tables = WATCHED
    SETTINGS_GROUP = ""  # "citizens" -> setting "citizens/hidden_columns"
    DEFAULT_SORT: tuple[str, bool] = ("name", False)

    # --- hooks ------------------------------------------------------------------------

    def make_model(self) -> LazyTableModel:
        raise NotImplementedError

    def query(self) -> Any:
        """The filter as plain frozen data, read from the widgets (UI thread)."""
        raise NotImplementedError

    @staticmethod
    def load_ids(session, query: Any, sort: str, descending: bool, with_choices: bool) -> tuple[list[str], Any]:
        """On the worker: (ids, combo choices or None). Touches no widget."""
        raise NotImplementedError

    @staticmethod
    def fetch_rows(session, ids: list[str]) -> list[Any]:
        """On the worker: the rows of these ids (any order; missing ones left out)."""
        raise NotImplementedError

    def apply_choices(self, choices: Any) -> bool:
        """Refill the combos whose entries come from the data; True if a chosen entry vanished."""
        return False

    def count_text(self, n: int) -> str:
        raise NotImplementedError

    def household_of(self, row: Any) -> str | None:
        raise NotImplementedError

    def row_actions(self) -> list[QAction | None]:
        """The right-click menu of a row."""
        return []

    def delete_current(self) -> QWidget | None:
        """The Delete key on a row: ask, then delete."""
        return None

    # --- building -----------------------------------------------------------------------

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._sort = self.DEFAULT_SORT
        self._choices_stale = True
        self._wanted: list[tuple[list[str], Callable[[list[Any]], None]]] = []  # row pages asked for
        self._fetching = False
        self._filter_count = 0

        self.search = SearchBox(self)
        self.count_label = QLabel(self)
        self.filters = FlowLayout()
        self.model = self.make_model()
        self.model.setParent(self)
        self.table = TableView(self)
        self.table.setModel(self.model)
        self._current = self.table.follow(self.model.row_data)
        self.search.set_list(self.table)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(self.filters)
        layout.addWidget(self.table, 1)
        self._setup_table()

        self.search.search_changed.connect(lambda _text: self.reload())
        self.model.sort_requested.connect(self._sort_requested)
        self.table.open_requested.connect(self.open_selected)
        self.table.delete_requested.connect(self.delete_current)
        self.table.row_actions = self.row_actions

    def export_options(self) -> dict:
        return {"filter": self.query()}  # the rows the officer sees, searched and filtered

    def make_model_args(self) -> dict:
        """What a LazyTableModel subclass needs to fetch its rows through this page."""
        return {"fetch_async": self._want_rows}

    def search_field(self) -> QWidget:
        return self.search

    def current_row(self) -> Any:
        """The row the officer is on (None while its page of rows is still on its way)."""
        return self._current.current()

    def _setup_table(self) -> None:
        table = self.table
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.fixed_row_height()  # a height per row would make the view ask for every row
        header = table.horizontalHeader()
        for i, column in enumerate(self.model.COLUMNS):
            header.resizeSection(i, column.width)
        header.setStretchLastSection(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        self._indicator = self.model.sort_column(*self._sort) or (0, Qt.SortOrder.AscendingOrder)
        header.setSortIndicator(*self._indicator)  # before enabling, which asks for this same sort
        table.setSortingEnabled(True)
        header.sortIndicatorChanged.connect(self._indicator_changed)
        self._apply_hidden(self.hidden_columns())

    def add_filter(self, label: str, choices: list[tuple[Any, str]], current: Any = None) -> QComboBox:
        """A combo of (value, label) after "Tất cả"; changing it reloads the list."""
        pair = QWidget(self)  # the label and its combo wrap to the next line together
        row = QHBoxLayout(pair)
        row.setContentsMargins(0, 0, 0, 0)
        caption = QLabel(label, pair)
        combo = QComboBox(pair)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        caption.setBuddy(combo)
        row.addWidget(caption)
        row.addWidget(combo)
        self.filters.insertWidget(self._filter_count, pair)
        self._filter_count += 1
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
        if changes is not None and not changes.touches(*self.tables):
            return
        self._stale = self._choices_stale = True
        if changes is None or self.isVisible():
            self.reload(keep_place=changes is not None)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt name)
        QWidget.showEvent(self, event)
        if self._stale:
            self.reload(keep_place=True)

    @property
    def busy(self) -> bool:
        """Ids or rows are being read (the table may still show the previous ones)."""
        return super().busy or self._fetching

    def reload(self, *, keep_place: bool = False) -> None:
        """Load the ids again for the current search, filters and sort."""
        self._stale = False
        query, (sort, descending), with_choices = self.query(), self._sort, self._choices_stale
        load_ids = self.load_ids
        self.loader.load(lambda session: load_ids(session, query, sort, descending, with_choices),
                         partial(self._loaded, keep_place=keep_place, with_choices=with_choices))

    def load(self) -> None:
        self.reload()

    def _loaded(self, result: tuple[list[str], Any], *, keep_place: bool, with_choices: bool) -> None:
        ids, choices = result
        if with_choices:
            self._choices_stale = False
            if self.apply_choices(choices):  # a chosen hamlet vanished: the ids are for it
                self.reload()
                return
        self._show_ids(ids, keep_place)

    def _want_rows(self, ids: list[str], deliver: Callable[[list[Any]], None]) -> None:
        """The model needs these rows: fetch them with any others asked for meanwhile."""
        self._wanted.append((ids, deliver))
        if not self._fetching:
            self._fetch_wanted()

    def _fetch_wanted(self) -> None:
        batch, self._wanted = self._wanted, []
        if not batch:
            self._fetching = False
            return
        self._fetching = True
        fetch_rows, ids = self.fetch_rows, [i for wanted, _ in batch for i in wanted]

        def arrived(rows: list[Any]) -> None:
            if not shiboken6.isValid(self):
                return
            for _ids, deliver in batch:
                deliver(rows)  # each page picks its own rows by id
            self._fetch_wanted()

        def failed(exc: BaseException) -> None:
            if shiboken6.isValid(self):
                self._fetching, self._wanted = False, []
                self.ctx.errors.show(exc, self)
        self.ctx.ops.run(lambda session, _progress: fetch_rows(session, ids), writes=False,
                         label=self.tr("Đang tải danh sách…"), on_done=arrived, on_failed=failed)

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
        self.loaded.emit()

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

    def open_selected(self) -> None:
        """"Mở hộ", a double-click or Enter: the selected row's household."""
        row = self.current_row()
        household = self.household_of(row) if row is not None else None
        if household:
            self.open_household.emit(household)
