"""The two views of the import wizard: one sheet's columns as read (a combo per column the
officer can correct), and what an import did or would do (counts, refused rows, notes,
possible duplicates). The wizard (import_wizard.py) runs the work and moves between them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.text import format_count
from desktop.services.importing.records import FIELDS, GROUPINGS, ImportResult, RowNote, SheetPlan

RED = "color: #b00020"
SAMPLES = 3  # values shown per column: enough to recognise it, short enough to fit


def _tr(text: str) -> str:
    return QCoreApplication.translate("ImportWizard", text)


def _read_only_table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setWordWrap(True)
    table.verticalHeader().hide()
    table.setTabKeyNavigation(False)  # Tab leaves the table, as on every list of the window
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _item(value: object) -> QTableWidgetItem:
    item = QTableWidgetItem("" if value is None else str(value))
    if isinstance(value, int):
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def _rows_text(rows: tuple[int, ...]) -> str:
    if not rows:
        return _tr("không tìm thấy")
    return str(rows[0]) if len(rows) == 1 else f"{rows[0]}–{rows[-1]}"


class FieldCombo(QComboBox):
    """What one column goes into; the wheel changes it only once it has focus (a table scrolled
    with the mouse never changes a column by itself)."""

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        for field, label in FIELDS.items():
            self.addItem(label, field)

    def show_field(self, field: str) -> None:
        index = self.findData(field)
        if index >= 0 and index != self.currentIndex():
            self.blockSignals(True)
            self.setCurrentIndex(index)
            self.blockSignals(False)

    def wheelEvent(self, event) -> None:  # noqa: N802 (Qt name)
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()


class SheetTab(QWidget):
    """One sheet: where its header is, how its rows become households, and its columns."""

    def __init__(self, plan: SheetPlan, on_choice: Callable[[str, str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.about = QLabel()
        self.about.setWordWrap(True)
        self.about.setTextFormat(Qt.TextFormat.RichText)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(RED)
        self.table = _read_only_table([_tr("Cột"), _tr("Tiêu đề trong tệp"), _tr("Dữ liệu mẫu"), _tr("Nhập vào")])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(1, 220)
        self.table.setColumnWidth(3, 250)
        header.setStretchLastSection(False)
        self.combos: list[FieldCombo] = []
        self.table.setRowCount(len(plan.columns))
        for row, column in enumerate(plan.columns):
            self.table.setItem(row, 0, _item(column.letter))
            self.table.setItem(row, 1, _item(column.header))
            samples = [r[column.index] for r in plan.sample if column.index < len(r) and r[column.index]]
            self.table.setItem(row, 2, _item("; ".join(samples[:SAMPLES])))
            combo = FieldCombo(column.key)
            combo.show_field(column.field)
            combo.activated.connect(lambda _i, c=combo: on_choice(c.key, c.currentData()))
            self.table.setCellWidget(row, 3, combo)
            self.combos.append(combo)
        layout = QVBoxLayout(self)
        layout.addWidget(self.about)
        layout.addWidget(self.problem)
        layout.addWidget(self.table, 1)
        self.show_plan(plan)

    def same_columns(self, plan: SheetPlan) -> bool:
        return [(c.letter, c.key) for c in plan.columns] == [(c.letter, c.key) for c in self.plan.columns]

    def show_plan(self, plan: SheetPlan) -> None:
        """A new reading of the same sheet (after a column was changed): words and combos follow it."""
        self.plan = plan
        column = next((c for c in plan.columns if c.field == "hamlet"), None)
        known = _tr(" (đã có trong sổ)") if plan.hamlet_known else _tr(" (mới, sẽ được tạo khi nhập)")
        hamlet = ((plan.hamlet + known if plan.hamlet else "") or (_tr("theo cột {0} ({1})").format(column.letter, column.header) if column else
                  _tr("chưa xác định (các hộ sẽ không thuộc thôn nào; tệp có cột thôn thì hãy chọn cột đó)")))
        self.about.setText(_tr(
            "Tiêu đề bảng ở dòng <b>{rows}</b> · Thôn/Tổ dân phố: <b>{hamlet}</b> · "
            "Chia hộ: <b>{grouping}</b> · <b>{people}</b> dòng có vẻ là nhân khẩu.").format(
            rows=_rows_text(plan.header_rows), hamlet=hamlet, grouping=GROUPINGS.get(plan.grouping, plan.grouping),
            people=format_count(plan.people_rows)))
        self.problem.setText(_tr("Không nhập được trang này: {0}").format(plan.problem) if plan.problem else "")
        self.problem.setVisible(bool(plan.problem))
        for combo, column in zip(self.combos, plan.columns, strict=True):
            combo.show_field(column.field)


def summary_lines(result: ImportResult) -> list[str]:
    """What the import did (or would do), in the words the command line uses."""
    dry = result.dry_run
    lines = [_tr("{verb} {households} hộ, {citizens} nhân khẩu.").format(
        verb=_tr("Sẽ thêm") if dry else _tr("Đã thêm"), households=format_count(result.households),
        citizens=format_count(result.citizens))]
    if result.households_matched or result.citizens_matched:
        lines.append(_tr("Đã có trong sổ từ trước (không thêm lần nữa): {0} hộ, {1} nhân khẩu.").format(
            format_count(result.households_matched), format_count(result.citizens_matched)))
    if result.hamlets_created:
        lines.append(_tr("{verb} {n} thôn, tổ dân phố mới: {names}.").format(
            verb=_tr("Sẽ tạo") if dry else _tr("Đã tạo"), n=len(result.hamlets_created),
            names=", ".join(result.hamlets_created)))
    if result.plan.converted_cells:
        lines.append(_tr("Đã chuyển {0} ô chữ từ bảng mã cũ ({1}) sang Unicode.").format(
            format_count(result.plan.converted_cells), ", ".join(e.upper() for e in result.plan.encodings)))
    lines.append(_tr("{0} dòng không nhập.").format(format_count(len(result.rejected))) if result.rejected
                 else _tr("Không có dòng nào bị từ chối."))
    if result.skipped_lines:
        lines.append(_tr("Bỏ qua {0} dòng không phải nhân khẩu (dòng cộng, chữ ký, tiêu đề lặp lại).").format(
            format_count(result.skipped_lines)))
    return lines


class ResultView(QWidget):
    """The counts, then three tabs: refused rows, notes, possible duplicates."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel()
        self.heading.setStyleSheet("font-weight: bold; font-size: 11pt")
        self.heading.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet(RED)
        self.tabs = QTabWidget()
        self.rejected = _read_only_table([_tr("Trang"), _tr("Dòng"), _tr("Lý do không nhập")])
        self.warnings = _read_only_table([_tr("Trang"), _tr("Dòng"), _tr("Ghi chú")])
        self.duplicates = _read_only_table([_tr("Trang"), _tr("Dòng"), _tr("Họ và tên"), _tr("Năm sinh"),
                                            _tr("Người đã có trong sổ"), _tr("Hộ trong sổ")])
        self.duplicates.setToolTip(_tr("Nháy đúp (hoặc Enter) để mở hộ của người đã có trong sổ"))
        # After the real import: the officer who finds it is the same person folds the new record in.
        self.merge_button = QPushButton(_tr("Gộp vào người đã có"))
        self.merge_button.setAutoDefault(False)
        self.merge_button.setToolTip(_tr(
            "Người mới nhập và hộ nhập kèm (nếu chỉ có người đó) chuyển vào mục dữ liệu đã xóa; số định danh, ngày "
            "sinh đầy đủ, trình độ… mà sổ chưa có được ghi cho người đã có"))
        self.merge_button.setEnabled(False)
        self.duplicates.itemSelectionChanged.connect(self._duplicate_chosen)
        duplicates_tab = QWidget()
        tab_layout = QVBoxLayout(duplicates_tab)
        tab_layout.setContentsMargins(0, 0, 0, 0)
        tab_layout.addWidget(self.duplicates, 1)
        merge_row = QHBoxLayout()
        merge_row.addWidget(self.merge_button)
        merge_row.addStretch(1)
        tab_layout.addLayout(merge_row)
        self.merged: set[int] = set()  # rows already folded in
        self.dry_run = True
        for table in (self.rejected, self.warnings):
            table.setColumnWidth(0, 140)
            table.setColumnWidth(1, 60)
        self.tabs.addTab(self.rejected, "")
        self.tabs.addTab(self.warnings, "")
        self.tabs.addTab(duplicates_tab, "")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems)
        layout.addWidget(self.tabs, 1)

    def show_result(self, result: ImportResult) -> None:
        name = Path(result.path).name
        self.heading.setText(_tr("Kiểm tra thử tệp {0} — chưa ghi gì vào sổ").format(name) if result.dry_run
                             else _tr("Đã nhập tệp {0} vào sổ").format(name))
        self.summary.setText("\n".join(summary_lines(result)))
        problems = [_tr("Trang {0}: {1}.").format(s.name, s.problem) for s in result.plan.sheets if s.problem]
        self.problems.setText("\n".join(problems))
        self.problems.setVisible(bool(problems))
        self._fill_notes(self.rejected, result.rejected)
        self._fill_notes(self.warnings, result.warnings)
        self.dry_run, self.merged = result.dry_run, set()
        self.merge_button.setEnabled(False)
        self.duplicates.setRowCount(len(result.duplicates))
        for row, d in enumerate(result.duplicates):
            for column, value in enumerate((d.sheet, d.row, d.name, d.birth_year, d.existing_name,
                                            d.existing_household_code or _tr("(không có hộ)"))):
                self.duplicates.setItem(row, column, _item(value))
        self.duplicates.resizeColumnsToContents()
        self.tabs.setTabText(0, _tr("Dòng không nhập ({0})").format(format_count(len(result.rejected))))
        self.tabs.setTabText(1, _tr("Ghi chú ({0})").format(format_count(len(result.warnings))))
        self.tabs.setTabText(2, _tr("Có thể trùng người đã có ({0})").format(format_count(len(result.duplicates))))
        self.tabs.setCurrentIndex(0 if result.rejected or not (result.warnings or result.duplicates)
                                  else 1 if result.warnings else 2)

    def _duplicate_chosen(self) -> None:
        row = self.duplicates.currentRow()
        self.merge_button.setEnabled(not self.dry_run and row >= 0 and row not in self.merged)

    def mark_merged(self, row: int, kept: str) -> None:
        self.merged.add(row)
        self.duplicates.setItem(row, 4, _item(_tr("{0} (đã gộp)").format(kept)))
        self._duplicate_chosen()

    @staticmethod
    def _fill_notes(table: QTableWidget, notes: tuple[RowNote, ...]) -> None:
        table.setRowCount(len(notes))
        for row, note in enumerate(notes):
            for column, value in enumerate((note.sheet, note.row, note.reason)):
                table.setItem(row, column, _item(value))
        table.resizeRowsToContents()
