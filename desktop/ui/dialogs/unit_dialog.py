"""Add or edit a learning unit (đơn vị học tập): school, agency, cooperative, enterprise…"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QLineEdit, QSpinBox, QWidget

from desktop.domain import vocab
from desktop.domain.errors import ValidationError
from desktop.domain.records import clean_phone, clean_text_required
from desktop.services import units
from desktop.services.hamlets import list_hamlets
from desktop.services.records import HamletRecord, UnitRecord
from desktop.services.units import UnitInput
from desktop.ui.context import UiContext
from desktop.ui.dialogs.form_dialog import FormDialog
from desktop.ui.widgets.validated_field import combo, run_check, select_data


class UnitDialog(FormDialog):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None, *, unit: UnitRecord | None = None) -> None:
        super().__init__(ctx, self.tr("Sửa đơn vị học tập") if unit else self.tr("Thêm đơn vị học tập"), parent)
        self.unit = unit
        self.setMinimumWidth(560)
        self.name = self.add_field("name", self.tr("Tên đơn vị"), QLineEdit())
        self.name.setPlaceholderText(self.tr("Ví dụ: Trường Tiểu học Yên Xuân"))
        self.kind = self.add_field("kind", self.tr("Loại đơn vị"), combo(vocab.UNIT_KINDS))
        self.staff_count = self.add_field("staff_count", self.tr("Số cán bộ, nhân viên"), QSpinBox())
        self.staff_count.setRange(0, 100_000)
        self.hamlet = self.add_field("hamlet", self.tr("Thôn/Tổ dân phố"),
                                     combo({}, blank=self.tr("(không thuộc thôn nào)")))
        self.address = self.add_field("address", self.tr("Địa chỉ"), QLineEdit())
        self.head_name = self.add_field("head_name", self.tr("Người đứng đầu"), QLineEdit())
        self.phone = self.add_field("phone", self.tr("Số điện thoại"), QLineEdit())
        if unit is not None:
            self.name.setText(unit.name)
            select_data(self.kind, unit.kind)
            self.staff_count.setValue(unit.staff_count)
            self.address.setText(unit.address)
            self.head_name.setText(unit.head_name)
            self.phone.setText(unit.phone)
        self.prefill(lambda session: list_hamlets(session=session), self._fill_hamlets)
        self.validate()

    def _fill_hamlets(self, hamlets: list[HamletRecord]) -> None:
        today = date.today()
        for h in hamlets:
            current = h.valid_to is None or h.valid_to > today
            if current or (self.unit is not None and self.unit.hamlet_id == h.id):
                self.hamlet.addItem(h.name if current else self.tr("{0} (đã hết hiệu lực)").format(h.name), h.id)
        if self.unit is not None:
            select_data(self.hamlet, self.unit.hamlet_id)

    def check(self) -> list[ValidationError]:
        errors: list[ValidationError] = []
        run_check(errors, clean_text_required, self.name.text(), field="name")
        run_check(errors, clean_phone, self.phone.text())
        return errors

    def unit_input(self) -> UnitInput:
        return UnitInput(name=self.name.text(), kind=self.kind.currentData(), staff_count=self.staff_count.value(),
                         hamlet_id=self.hamlet.currentData(), address=self.address.text(),
                         head_name=self.head_name.text(), phone=self.phone.text())

    def job(self):
        data = self.unit_input()
        if self.unit is None:
            return lambda s: units.add_unit(session=s, data=data)
        unit_id = self.unit.id
        return lambda s: units.update_unit(session=s, unit_id=unit_id, data=data)
