"""The per-year grid of one title as a Qt table model: filter, sort, one column per item.

The rows are plain `GridRow`s read on the worker (services.titles.grid). GridTable keeps
them all, sorted by the header last clicked with Vietnamese collation, and answers the
view for the cells on screen; GridModel, what the page and its table use, is a
FoldFilterProxy over it (the folded words of the search box, the hamlet, the stage), so
the grid filters and sorts in memory and never touches the database: a search over 5,000
rows takes about 20 ms, over 30,000 about 130 ms (Qt calls the Python filter once per
row). GridModel's row numbers are the view's. Tested without a window
(tests/ui/test_titles_page.py, tests/ui/test_fold_filter.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from desktop.domain.text import format_decimal, vietnamese_key
from desktop.services.titles.common import name_order, subject_kind
from desktop.services.titles.grid import STAGE_HINTS, STAGES, GridRow
from desktop.services.titles.page_readouts import ItemInfo
from desktop.ui.models.fold_filter import SEARCH_ROLE, FoldFilterProxy, Predicate

Index = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole  # the GridRow itself
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_CENTRE = int(Qt.AlignmentFlag.AlignCenter)
_STAGE_ORDER = {key: i for i, key in enumerate(STAGES)}
MISSING = QBrush(QColor("#fbe3b4"))  # an item "chưa chấm" or "thiếu số liệu"
STAGE_COLOURS = {
    "left": QBrush(QColor("#9e9e9e")), "registered": QBrush(QColor("#616161")), "failed": QBrush(QColor("#c62828")),
    "incomplete": QBrush(QColor("#8a5a00")), "passed": QBrush(QColor("#2e7d32")),
    "proposed": QBrush(QColor("#1565c0")), "recognised": QBrush(QColor("#1b5e20")),
}
# Who the subjects are, per title: the header of the name column.
_C = "GridModel"
NAME_HEADERS = {"cong-dan": QT_TRANSLATE_NOOP(_C, "Họ và tên"), "gia-dinh": QT_TRANSLATE_NOOP(_C, "Chủ hộ"),
                "dong-ho": QT_TRANSLATE_NOOP(_C, "Dòng họ"), "cong-dong": QT_TRANSLATE_NOOP(_C, "Thôn/Tổ dân phố"),
                "don-vi": QT_TRANSLATE_NOOP(_C, "Tên đơn vị")}


def points_text(value: float | None) -> str:
    return "" if value is None else format_decimal(value)


def two_lines(text: str) -> str:
    """`text` broken between words into two lines as even as can be, for a narrow column header."""
    words = text.split()
    if len(words) < 2:
        return text
    best = min(range(1, len(words)), key=lambda k: (max(len(" ".join(words[:k])), len(" ".join(words[k:]))), -k))
    return " ".join(words[:best]) + "\n" + " ".join(words[best:])


def how_scored(info: ItemInfo) -> str:
    return "cán bộ chấm" if info.manual else "tự động tính"


def item_tip(info: ItemInfo) -> str:
    """An item column's header tooltip: what the item says in full, its criterion, points, who scores it."""
    return (f"{info.label}\n{info.name}\nTiêu chí: {info.criterion}\n"
            f"Tối đa {points_text(info.max_points)} điểm · {how_scored(info)}")


@dataclass(frozen=True)
class GridColumn:
    key: str
    header: str
    text: Callable[[GridRow], str]
    sort_key: Callable[[GridRow], Any]
    width: int
    align: int = _LEFT
    tip: str = ""


def _total(row: GridRow) -> str:
    if row.total is None:
        return ""
    return f"{points_text(row.total)}/{points_text(row.max_points)}"


class GridTable(QAbstractTableModel):
    """Every row of the grid, in the order of the last header clicked (Vietnamese collation).

    The source of GridModel: it does not filter; the view never shows it directly.
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.title = ""
        self.items: tuple[ItemInfo, ...] = ()
        self.level_names: dict[str, str] = {}
        self.columns: list[GridColumn] = []
        self._rows: list[GridRow] = []
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._name_keys: dict[str, tuple] = {}

    def tr(self, text: str) -> str:  # the headers' translation context, as before the proxy
        return QCoreApplication.translate(_C, text)

    # --- data ---------------------------------------------------------------------------
    def set_grid(self, title: str, rows: Sequence[GridRow], items: Sequence[ItemInfo],
                 level_names: dict[str, str] | None = None) -> None:
        self.beginResetModel()
        self.title, self.items, self.level_names = title, tuple(items), dict(level_names or {})
        self.columns = self._make_columns()
        self._rows = list(rows)
        self._name_keys = {}
        if self._sort is not None and self._sort[0] < len(self.columns):
            column, order = self._sort
            self._rows.sort(key=self.columns[column].sort_key, reverse=order == Qt.SortOrder.DescendingOrder)
        self.endResetModel()

    def _make_columns(self) -> list[GridColumn]:
        levels = self.level_names
        columns = [
            GridColumn("name", self.tr(NAME_HEADERS.get(self.title, "Tên")), lambda r: r.name,
                       lambda r: self._name_key(r), 170),
            GridColumn("stage", self.tr("Trạng thái"), lambda r: STAGES[r.stage],
                       lambda r: _STAGE_ORDER[r.stage], 160),
            GridColumn("total", self.tr("Điểm"), _total, lambda r: (r.total is None, r.total or 0), 62, _RIGHT,
                       self.tr("Tổng điểm đã lưu ở lần đánh giá gần nhất / điểm tối đa")),
            GridColumn("level", self.tr("Mức"), lambda r: levels.get(r.level or "", r.level or ""),
                       lambda r: r.level or "", 70),
            GridColumn("unchecked", self.tr("Chưa\nchấm"),
                       lambda r: str(r.unchecked_manual) if r.unchecked_manual else "",
                       lambda r: r.unchecked_manual, 50, _RIGHT,
                       self.tr("Số chỉ số cán bộ chấm mà cán bộ chưa chấm")),
        ]
        for info in self.items:
            columns.append(GridColumn(
                f"item:{info.id}", two_lines(info.label),
                lambda r, i=info.id: points_text(r.items[i][0]) if i in r.items else "",
                lambda r, i=info.id: r.items[i][0] if i in r.items else -1, 64, _CENTRE, item_tip(info)))
        columns += [  # after the items: the grid is for scoring first (the hamlet filter narrows by place)
            GridColumn("place", self.tr("Địa chỉ"), lambda r: r.detail,
                       lambda r: vietnamese_key(r.detail), 130),
            GridColumn("decision", self.tr("Số quyết định"), lambda r: r.decision_number,
                       lambda r: r.decision_number, 110),
            GridColumn("register", self.tr("Số vào sổ"), lambda r: r.register_number,
                       lambda r: r.register_number, 140),
        ]
        return columns

    def _name_key(self, row: GridRow) -> tuple:
        key = self._name_keys.get(row.subject_id)
        if key is None:
            key = self._name_keys[row.subject_id] = name_order(subject_kind(self.title), row.name)
        return key

    def replace_row(self, row: GridRow) -> None:
        for i, old in enumerate(self._rows):
            if old.subject_id == row.subject_id:
                self._rows[i] = row
                self.dataChanged.emit(self.index(i, 0), self.index(i, len(self.columns) - 1))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        self._sort = (column, order)
        key = self.columns[column].sort_key
        # Stable, as list.sort: rows that compare equal keep their order (also when reversed).
        moved = sorted(range(len(self._rows)), key=lambda i: key(self._rows[i]),
                       reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutAboutToBeChanged.emit()
        where = {old: new for new, old in enumerate(moved)}
        self._rows = [self._rows[i] for i in moved]
        persistent = self.persistentIndexList()  # the selection: it stays on its rows
        self.changePersistentIndexList(persistent, [self.index(where[p.row()], p.column()) for p in persistent])
        self.layoutChanged.emit()

    def rows(self) -> list[GridRow]:
        return list(self._rows)

    def row(self, number: int) -> GridRow | None:
        return self._rows[number] if 0 <= number < len(self._rows) else None

    def row_of(self, subject_id: str) -> int:
        for number, row in enumerate(self._rows):
            if row.subject_id == subject_id:
                return number
        return -1

    # --- Qt model -----------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 (Qt name)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 (Qt name)
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 (Qt name)
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        column = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.header
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tip or column.header
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if column.key.startswith("item:"):
                item = row.items.get(column.key[5:])
                if item is not None and item[1] == "x":
                    return "–"
            return column.text(row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return column.align
        if role == Qt.ItemDataRole.BackgroundRole and column.key.startswith("item:"):
            item = row.items.get(column.key[5:])
            return MISSING if item is not None and item[1] == "x" else None
        if role == Qt.ItemDataRole.ForegroundRole and column.key == "stage":
            return STAGE_COLOURS.get(row.stage)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tip(row, column)
        if role == ROW_ROLE:
            return row
        if role == SEARCH_ROLE:
            return row.search
        return None

    def _tip(self, row: GridRow, column: GridColumn) -> str | None:
        if column.key == "name" and row.detail:
            return f"{row.name}\n{row.detail}"
        if column.key == "stage":
            return self._stage_tip(row)
        if not column.key.startswith("item:"):
            text = column.text(row)
            return text if len(text) > 18 else None
        item_id = column.key[5:]
        info = next(i for i in self.items if i.id == item_id)
        item = row.items.get(item_id)
        if item is None:
            how = "chưa đánh giá"
        elif item[1] == "x":
            how = "chưa chấm" if info.manual else "thiếu số liệu để tính"
        else:
            how = f"{points_text(item[0])}/{points_text(info.max_points)} điểm, {how_scored(info)}"
        return f"{info.label} — {info.name}\n{how}"

    def _stage_tip(self, row: GridRow) -> str:
        lines = [STAGE_HINTS[row.stage]]
        if row.note:
            lines.append(row.note)
        if row.stage == "incomplete":
            manual = {i.id for i in self.items if i.manual}
            short = [i for i in self.items if row.items.get(i.id, (0, ""))[1] == "x"]
            unscored = [i.label for i in short if i.id in manual]
            no_data = [i.label for i in short if i.id not in manual]
            if unscored:
                lines.append("Chưa chấm: " + "; ".join(unscored) + ".")
            if no_data:
                lines.append("Thiếu số liệu: " + "; ".join(no_data) + ".")
        return "\n".join(lines)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class GridModel(FoldFilterProxy):
    """The grid as the table shows it: GridTable's rows that match the typed words (folded),
    the hamlet and the stage chosen, in GridTable's order. Row numbers here are the view's."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.table = GridTable(self)
        self.setSourceModel(self.table)
        self._hamlet: str | None = None  # hamlet id, "" for "no hamlet", None for all
        self._stage: str | None = None

    @property
    def columns(self) -> list[GridColumn]:
        return self.table.columns

    def set_grid(self, title: str, rows: Sequence[GridRow], items: Sequence[ItemInfo],
                 level_names: dict[str, str] | None = None) -> None:
        """Show a new grid (a new title or year, or a reload); filters and sort stay."""
        self.table.set_grid(title, rows, items, level_names)

    def replace_row(self, row: GridRow) -> None:
        """A row changed on its own (the detail pane saved its checks): redraw just it."""
        self.table.replace_row(row)

    # --- filtering ----------------------------------------------------------------------
    def set_filter(self, *, text: str | None = None, hamlet: object = ..., stage: object = ...) -> None:
        """Words of `text` (marks ignored), a hamlet id ("" none, None all), a STAGES key (None all)."""
        predicates: dict[str, Predicate | None] = {}
        if hamlet is not ...:
            self._hamlet = hamlet
            predicates["hamlet"] = None if hamlet is None else self._in_hamlet
        if stage is not ...:
            self._stage = stage
            predicates["stage"] = None if stage is None else self._at_stage
        self.filter_by(text=text, **predicates)  # one pass for all three

    def _in_hamlet(self, source_row: int) -> bool:
        return (self.table.row(source_row).hamlet_id or "") == self._hamlet

    def _at_stage(self, source_row: int) -> bool:
        return self.table.row(source_row).stage == self._stage

    # --- reading ------------------------------------------------------------------------
    def rows(self) -> list[GridRow]:
        """The rows shown, in order (what "all filtered rows" means for a batch action)."""
        if not self._words and not self._predicates:
            return self.table.rows()
        return [self.table.row(number) for number in self.source_rows()]

    def all_rows(self) -> list[GridRow]:
        return self.table.rows()

    def row(self, number: int) -> GridRow | None:
        """The row in view row `number`."""
        return self.table.row(self.source_row(number))

    def row_of(self, subject_id: str) -> int:
        """The view row of this subject; -1 when the filter hides it."""
        return self.view_row(self.table.row_of(subject_id))

    def hamlets(self) -> list[tuple[str, str]]:
        """(hamlet id, name) of the rows, for the filter; "" for rows outside any hamlet."""
        seen: dict[str, str] = {}
        for row in self.table.rows():
            seen.setdefault(row.hamlet_id or "", row.hamlet)
        return sorted(seen.items(), key=lambda kv: (kv[0] == "", vietnamese_key(kv[1])))

    def column_index(self, key: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.key == key)
