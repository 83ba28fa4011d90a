"""Pick a household or a citizen by typing part of a name, a code or an identity number.

The search runs as the officer types (debounced) through desktop.services.search, a
short read of at most 50 rows on the background reader. ↓ goes from the search field to
the results; double click or Enter on a result chooses it; the dialog then holds the
chosen record in `selected()`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import vocab
from desktop.services.search import search_citizens, search_households
from desktop.ui.context import UiContext
from desktop.ui.loader import Loader
from desktop.ui.widgets.record_table import RecordColumn, RecordTable
from desktop.ui.widgets.validated_field import combo, debounce, select_data

SEARCH_DELAY_MS = 200
LIMIT = 50


class _SearchPicker(QDialog):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.resize(760, 480)
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.table = RecordTable(self.columns())
        self.status = QLabel()
        self.options = QFormLayout()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.choose_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.choose_button.setText(self.tr("Chọn"))
        self.choose_button.setEnabled(False)
        self.choose_button.setAutoDefault(False)  # Enter in the search field searches, it does not choose
        self.choose_button.setDefault(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Hủy"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAutoDefault(False)
        self.loader = Loader(ctx.ops, self, label=self.tr("Đang tìm…"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addLayout(self.options)
        layout.addWidget(self.buttons)
        self._timer = debounce(self, self.run_search, SEARCH_DELAY_MS)
        self.search.textChanged.connect(lambda _: self._timer.start())
        self.search.returnPressed.connect(self.run_search)
        self.search.installEventFilter(self)
        self.table.current_changed.connect(lambda record: self.choose_button.setEnabled(record is not None))
        self.table.activated_record.connect(lambda record: record is not None and self.accept())
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def columns(self) -> list[RecordColumn]:
        raise NotImplementedError

    def find(self, session, text: str) -> list[Any]:
        raise NotImplementedError

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt name)
        """↓ in the search field goes down into the results."""
        if (watched is self.search and event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Down
                and self.table.table_model.rowCount()):
            self.table.setFocus(Qt.FocusReason.TabFocusReason)
            if self.table.current() is None:
                self.table.select_row(0)
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt name)
        """Enter in the search field searches (only); elsewhere it chooses the selected result."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            if not self.search.hasFocus():
                self.accept()
            return
        super().keyPressEvent(event)

    @property
    def busy(self) -> bool:
        return self.loader.busy or self._timer.isActive()

    def run_search(self) -> None:
        self._timer.stop()
        text = self.search.text()
        find = self.find
        self.loader.load(lambda session: find(session, text), lambda found: self._show(text, found))

    def _show(self, text: str, found: list[Any]) -> None:
        self.table.set_records(found)
        if found:
            self.table.select_row(0)
        if not text.strip():
            self.status.setText("")
        elif not found:
            self.status.setText(self.tr("Không tìm thấy."))
        elif len(found) >= LIMIT:
            self.status.setText(self.tr("Chỉ hiện {0} kết quả đầu; gõ thêm để thu hẹp.").format(LIMIT))
        else:
            self.status.setText(self.tr("{0} kết quả.").format(len(found)))

    def selected(self) -> Any:
        return self.table.current()

    def accept(self) -> None:
        if self.selected() is not None:
            super().accept()


class HouseholdPicker(_SearchPicker):
    """Households by code, address or head's name; optionally asks the relation to its head."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None, *, title: str | None = None,
                 exclude_ids: tuple[str, ...] = (), ask_relation: bool = False) -> None:
        super().__init__(ctx, parent)
        self.setWindowTitle(title or self.tr("Chọn hộ gia đình"))
        self.search.setPlaceholderText(self.tr("Gõ mã hộ, địa chỉ hoặc tên chủ hộ…"))
        self.exclude_ids = set(exclude_ids)
        self.relation = None
        if ask_relation:
            self.relation = combo(vocab.RELATIONS)
            select_data(self.relation, "other")
            self.relation.removeItem(self.relation.findData("head"))
            self.options.addRow(self.tr("Quan hệ với chủ hộ mới"), self.relation)

    def columns(self) -> list[RecordColumn]:
        return [
            RecordColumn(self.tr("Mã hộ"), lambda h: h.code),
            RecordColumn(self.tr("Chủ hộ"), lambda h: h.head_name),
            RecordColumn(self.tr("Thôn/Tổ dân phố"), lambda h: h.hamlet_name),
            RecordColumn(self.tr("Địa chỉ"), lambda h: h.address, stretch=True),
            RecordColumn(self.tr("Số người"), lambda h: h.residents, number=True),
        ]

    def find(self, session, text: str) -> list[Any]:
        found = search_households(session=session, text=text, limit=LIMIT)
        return [h for h in found if h.id not in self.exclude_ids]

    def chosen_relation(self) -> str:
        return (self.relation.currentData() if self.relation is not None else None) or "other"


class CitizenPicker(_SearchPicker):
    """Citizens by name or identity number; optionally asks hours spent and whether completed."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None, *, title: str | None = None,
                 hours: float | None = None) -> None:
        super().__init__(ctx, parent)
        self.setWindowTitle(title or self.tr("Chọn công dân"))
        self.search.setPlaceholderText(self.tr("Gõ họ tên (không dấu cũng được) hoặc số định danh…"))
        self.hours = self.completed = None
        if hours is not None:
            self.hours = QDoubleSpinBox()
            self.hours.setRange(0, 2000)
            self.hours.setDecimals(1)
            self.hours.setValue(hours)
            self.hours.setSuffix(self.tr(" giờ"))
            self.hours.setAlignment(Qt.AlignmentFlag.AlignRight)
            self.completed = QCheckBox(self.tr("Đã hoàn thành"))
            self.options.addRow(self.tr("Số giờ tham gia"), self.hours)
            self.options.addRow("", self.completed)

    def columns(self) -> list[RecordColumn]:
        return [
            RecordColumn(self.tr("Họ và tên"), lambda c: c.full_name, stretch=True),
            RecordColumn(self.tr("Giới tính"), lambda c: c.sex_label),
            RecordColumn(self.tr("Ngày sinh"), lambda c: c.birth.format_vi() if c.birth else ""),
            RecordColumn(self.tr("Số định danh"), lambda c: c.identity_number or ""),
            RecordColumn(self.tr("Tình trạng"), lambda c: vocab.CITIZEN_STATUS.get(c.status, c.status)),
        ]

    def find(self, session, text: str) -> list[Any]:
        return list(search_citizens(session=session, text=text, limit=LIMIT))

    def chosen_hours(self) -> float | None:
        return self.hours.value() if self.hours is not None else None

    def chosen_completed(self) -> bool:
        return self.completed.isChecked() if self.completed is not None else False
