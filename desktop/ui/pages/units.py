"""Đơn vị học tập: the schools, agencies and enterprises the commune assesses."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop.domain import vocab
from desktop.domain.text import format_count
from desktop.services import units
from desktop.services.hamlets import list_hamlets
from desktop.services.records import UnitRecord
from desktop.ui.context import UiContext
from desktop.ui.dialogs.opening import confirm
from desktop.ui.dialogs.unit_dialog import UnitDialog
from desktop.ui.pages.base import Page
from desktop.ui.widgets.action_button import ActionButton
from desktop.ui.widgets.record_table import RecordColumn, RecordTable


class UnitsPage(Page):
    title = "Đơn vị học tập"
    tables = ("learning_units", "hamlets")
    export_what = "units"
    help_html = (
        "<p>Các cơ quan, trường học, doanh nghiệp, hợp tác xã… trên địa bàn xã được đánh giá danh hiệu "
        "<i>Đơn vị học tập</i>.</p>"
        "<ul><li><b>Thêm…</b>: đơn vị mới.</li>"
        "<li><b>Sửa…</b> (hoặc nháy đúp, Enter): sửa thông tin đơn vị.</li>"
        "<li><b>Xóa</b> (hoặc phím Delete): xóa đơn vị nhập nhầm; có hỏi lại, và lấy lại được trong "
        "Sửa › Dữ liệu đã xóa.</li>"
        "<li><b>Xuất Excel…</b>: ghi danh sách ra tệp .xlsx để in hoặc gửi cấp trên.</li></ul>")

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._hamlet_names: dict[str, str] = {}
        self.table = RecordTable([
            RecordColumn(self.tr("Tên đơn vị"), lambda u: u.name, stretch=True),
            RecordColumn(self.tr("Loại"), lambda u: vocab.UNIT_KINDS.get(u.kind, u.kind)),
            RecordColumn(self.tr("Số CB, NV"), lambda u: format_count(u.staff_count), number=True),
            RecordColumn(self.tr("Thôn/Tổ dân phố"), lambda u: self._hamlet_names.get(u.hamlet_id or "", "")),
            RecordColumn(self.tr("Địa chỉ"), lambda u: u.address),
            RecordColumn(self.tr("Người đứng đầu"), lambda u: u.head_name),
            RecordColumn(self.tr("Điện thoại"), lambda u: u.phone),
        ])
        self.add_action = self.action(self.tr("Thêm…"), self.add_unit, tip=self.tr("Thêm đơn vị học tập"))
        self.edit_action = self.action(self.tr("Sửa…"), self.edit_unit)
        self.delete_action = self.action(self.tr("Xóa"), self.delete_unit, tip=self.tr("Xóa đơn vị nhập nhầm"))
        self.export_excel_action = self.export_action()
        self.export_button = ActionButton(self.export_excel_action)
        self.add_button = ActionButton(self.add_action)
        self.edit_button = ActionButton(self.edit_action)
        self.delete_button = ActionButton(self.delete_action)
        self.table.row_actions = lambda: [self.edit_action, None, self.delete_action]
        self.table.activated_record.connect(lambda _: self.edit_unit())
        self.table.delete_requested.connect(self.delete_unit)
        self.table.current_changed.connect(self._update_actions)
        self.summary = QLabel()
        bar = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button, self.export_button):
            bar.addWidget(button)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<h2>{self.tr('Đơn vị học tập')}</h2>"))
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        self._update_actions(None)

    def load(self) -> None:
        def read(session):
            return units.list_units(session=session), {h.id: h.name for h in list_hamlets(session=session)}
        self.loader.load(read, self._arrived)

    def _arrived(self, result: tuple[list[UnitRecord], dict[str, str]]) -> None:
        rows, self._hamlet_names = result
        self.table.set_records(rows, keep=self.take_selection())
        self.summary.setText(self.tr("{0} đơn vị.").format(format_count(len(rows))))
        self.loaded.emit()

    def _update_actions(self, unit: UnitRecord | None) -> None:
        self.edit_action.setEnabled(unit is not None)
        self.delete_action.setEnabled(unit is not None)

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
            self.write(lambda s: units.delete_unit(session=s, unit_id=unit.id), self.tr("Đang xóa đơn vị…"),
                       undo=self.tr("Xóa đơn vị {0}").format(unit.name))
        return confirm(self, self.tr("Xóa đơn vị học tập"),
                       self.tr("Xóa {0} khỏi danh sách đơn vị học tập?\n\nCó thể lấy lại trong Sửa › Dữ liệu đã xóa, "
                               "hoặc hoàn tác ngay bằng Ctrl+Z.").format(unit.name),
                       self.tr("Xóa"), delete, destructive=True)
