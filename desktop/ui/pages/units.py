"""Đơn vị học tập: the schools, agencies and enterprises the commune assesses."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.domain import vocab
from desktop.services import units
from desktop.services.hamlets import list_hamlets
from desktop.services.records import UnitRecord
from desktop.ui.context import UiContext
from desktop.ui.dialogs.form_dialog import confirm
from desktop.ui.dialogs.unit_dialog import UnitDialog
from desktop.ui.pages.refreshing import RefreshingPage
from desktop.ui.widgets.record_table import Column, RecordTable


class UnitsPage(RefreshingPage):
    title = "Đơn vị học tập"
    tables = ("learning_units", "hamlets")

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._hamlet_names: dict[str, str] = {}
        self.table = RecordTable([
            Column(self.tr("Tên đơn vị"), lambda u: u.name, stretch=True),
            Column(self.tr("Loại"), lambda u: vocab.UNIT_KINDS.get(u.kind, u.kind)),
            Column(self.tr("Số CB, NV"), lambda u: u.staff_count, number=True),
            Column(self.tr("Thôn/Tổ dân phố"), lambda u: self._hamlet_names.get(u.hamlet_id or "", "")),
            Column(self.tr("Địa chỉ"), lambda u: u.address),
            Column(self.tr("Người đứng đầu"), lambda u: u.head_name),
            Column(self.tr("Điện thoại"), lambda u: u.phone),
        ])
        self.add_button = QPushButton(self.tr("Thêm…"))
        self.edit_button = QPushButton(self.tr("Sửa…"))
        self.delete_button = QPushButton(self.tr("Xóa"))
        self.add_button.clicked.connect(self.add_unit)
        self.edit_button.clicked.connect(self.edit_unit)
        self.delete_button.clicked.connect(self.delete_unit)
        self.table.activated_record.connect(lambda _: self.edit_unit())
        self.table.current_changed.connect(self._update_buttons)
        self.summary = QLabel()
        bar = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button):
            bar.addWidget(button)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<h2>{self.tr('Đơn vị học tập')}</h2>"))
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        self._update_buttons(None)

    def load(self) -> None:
        with self.ctx.read() as session:
            rows = units.list_units(session=session)
            self._hamlet_names = {h.id: h.name for h in list_hamlets(session=session)}
        self.table.set_records(rows, keep=self.take_selection())
        self.summary.setText(self.tr("{0} đơn vị.").format(len(rows)))

    def _update_buttons(self, unit: UnitRecord | None) -> None:
        self.edit_button.setEnabled(unit is not None)
        self.delete_button.setEnabled(unit is not None)

    def add_unit(self) -> QWidget:
        dialog = UnitDialog(self.ctx, self)
        return self.open_dialog(dialog, lambda: self.select_next(dialog.result_value.id))

    def edit_unit(self) -> QWidget | None:
        unit = self.table.current()
        if unit is None:
            return None
        return self.open_dialog(UnitDialog(self.ctx, self, unit=unit))

    def delete_unit(self) -> QWidget | None:
        unit = self.table.current()
        if unit is None:
            return None

        def delete() -> None:
            self.write(lambda s: units.delete_unit(session=s, unit_id=unit.id), self.tr("Đang xóa đơn vị…"))
        self.current_dialog = confirm(self, self.tr("Xóa đơn vị học tập"),
                                      self.tr("Xóa {0} khỏi danh sách đơn vị học tập?").format(unit.name),
                                      self.tr("Xóa"), delete)
        return self.current_dialog
