"""One person's fields, checked by the register's own rules as the officer types.

The name is one "Họ và tên" box, as on the paper forms; the register splits it into
family, middle and given name (shown under the box). When a stored person is loaded and
the name is left as it was, the stored parts are kept as they are (compound family names
such as "Tôn Nữ" survive an edit of another field).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QWidget

from desktop.domain import vocab
from desktop.domain.errors import ValidationError, ValidationErrors
from desktop.domain.ethnicities import ETHNICITIES
from desktop.domain.records import CitizenInput, clean_citizen
from desktop.domain.text import normalize_text, split_full_name
from desktop.services.files import Session
from desktop.services.records import CitizenRecord
from desktop.ui.context import UiContext
from desktop.ui.dialogs.form_dialog import FormDialog
from desktop.ui.widgets.validated_field import (
    ValidatedField,
    change_signal,
    combo,
    debounce,
    errors_of,
    message_with_field,
    select_data,
    show_field_errors,
)


class CitizenForm(QWidget):
    """The fields of CitizenInput; `is_valid()`, `to_input()`, `load(record)`."""

    changed = Signal()
    validity_changed = Signal(bool)
    checked = Signal(object)  # the list of ValidationErrors, after every check

    def __init__(self, parent: QWidget | None = None, *, today: date | None = None) -> None:
        super().__init__(parent)
        self._today = today
        self._loaded: CitizenRecord | None = None
        self._touched: set[str] = set()
        self._reveal = False
        self._valid: bool | None = None
        self.fields: dict[str, ValidatedField] = {}

        self.full_name = QLineEdit()
        self.full_name.setPlaceholderText(self.tr("Ví dụ: Nguyễn Văn An"))
        self.name_parts = QLabel()
        self.name_parts.setStyleSheet("color: palette(mid);")
        self.sex = combo(vocab.SEX)
        self.sex.setPlaceholderText(self.tr("— chọn —"))
        self.sex.setCurrentIndex(-1)
        self.birth_date = QLineEdit()
        self.birth_date.setPlaceholderText(self.tr("ngày/tháng/năm (28/02/1990) hoặc chỉ năm (1990)"))
        self.identity_number = QLineEdit()
        self.identity_number.setPlaceholderText(self.tr("12 chữ số; để trống nếu chưa có"))
        self.identity_number.setMaxLength(20)
        self.ethnicity = combo(ETHNICITIES)  # code order: Kinh (01) first
        self.relation = combo(vocab.RELATIONS)
        select_data(self.relation, "other")
        self.education = combo(vocab.EDUCATION, blank=self.tr("(chưa rõ)"))
        self.literacy = combo(vocab.LITERACY, blank=self.tr("(chưa rõ)"))
        self.occupation = QLineEdit()
        self.studying = QCheckBox(self.tr("Đang đi học"))
        self.status = combo(vocab.CITIZEN_STATUS)
        self.status_since = QLineEdit()  # shown for every status but "Thường trú"
        self.status_since.setPlaceholderText(self.tr("ngày/tháng/năm"))
        self.status_note = QLineEdit()
        self.status_note.setPlaceholderText(self.tr("nơi chuyển đến, nơi thường trú…"))

        left, right = QFormLayout(), QFormLayout()
        self._row(left, "full_name", self.tr("Họ và tên"), self.full_name)
        left.addRow("", self.name_parts)
        self._row(left, "sex", self.tr("Giới tính"), self.sex)
        self._row(left, "birth_date", self.tr("Ngày sinh"), self.birth_date)
        self._row(left, "identity_number", self.tr("Số định danh cá nhân"), self.identity_number)
        self._row(left, "ethnicity", self.tr("Dân tộc"), self.ethnicity)
        self._row(left, "relation", self.tr("Quan hệ với chủ hộ"), self.relation)
        self._row(right, "education", self.tr("Trình độ học vấn"), self.education)
        self._row(right, "literacy", self.tr("Mức độ biết chữ"), self.literacy)
        self._row(right, "occupation", self.tr("Nghề nghiệp"), self.occupation)
        self._row(right, "studying", "", self.studying)
        self._row(right, "status", self.tr("Tình trạng cư trú"), self.status)
        self._row(right, "status_since", self.tr("Kể từ ngày"), self.status_since)
        self._row(right, "status_note", self.tr("Ghi chú tình trạng"), self.status_note)
        self._status_form = right
        self.status.currentIndexChanged.connect(lambda _i: self._follow_status())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(left, 3)
        layout.addLayout(right, 2)
        self._timer = debounce(self, self.validate)
        self._follow_status()

    def _row(self, form: QFormLayout, field: str, label: str, editor: QWidget) -> None:
        wrapped = ValidatedField(editor)
        form.addRow(label, wrapped)
        self.fields[field] = wrapped
        change_signal(editor).connect(lambda *_: self._edited(field))

    def _edited(self, field: str) -> None:
        self._touched.add(field)
        self._timer.start()
        self.changed.emit()

    def _follow_status(self) -> None:
        dated = (self.status.currentData() or "resident") != "resident"
        for name in ("status_since", "status_note"):
            self.fields[name].setVisible(dated)
            self._status_form.labelForField(self.fields[name]).setVisible(dated)

    # --- values --------------------------------------------------------------------
    def _name_unchanged(self) -> bool:
        return self._loaded is not None and normalize_text(self.full_name.text()) == self._loaded.full_name

    def to_input(self) -> CitizenInput:
        data = CitizenInput(
            sex=self.sex.currentData() or "", birth_date=self.birth_date.text(),
            identity_number=self.identity_number.text(), ethnicity=self.ethnicity.currentData() or "01",
            relation=self.relation.currentData() or "other", education=self.education.currentData(),
            literacy=self.literacy.currentData(), occupation=self.occupation.text(),
            studying=self.studying.isChecked(), status=self.status.currentData() or "resident",
            status_since=self.status_since.text() or None, status_note=self.status_note.text(),
        )
        if self._name_unchanged():
            data.family_name = self._loaded.family_name
            data.middle_name = self._loaded.middle_name
            data.given_name = self._loaded.given_name
        else:
            data.full_name = self.full_name.text()
        return data

    def load(self, record: CitizenRecord) -> None:
        self._loaded = record
        self.full_name.setText(record.full_name)
        select_data(self.sex, record.sex)
        self.birth_date.setText(record.birth.format_vi() if record.birth else "")
        self.identity_number.setText(record.identity_number or "")
        select_data(self.ethnicity, record.ethnicity)
        select_data(self.relation, record.relation)
        select_data(self.education, record.education)
        select_data(self.literacy, record.literacy)
        self.occupation.setText(record.occupation)
        self.studying.setChecked(record.studying)
        select_data(self.status, record.status)
        self.status_since.setText(f"{record.status_since:%d/%m/%Y}" if record.status_since else "")
        self.status_note.setText(record.status_note or "")
        self.reveal_all()

    def load_input(self, data: CitizenInput) -> None:
        """Fill from an input not yet stored (a member of a household being created)."""
        self.full_name.setText(data.full_name or " ".join(
            p for p in (data.family_name, data.middle_name, data.given_name) if p))
        select_data(self.sex, data.sex)
        self.birth_date.setText(str(data.birth_date or ""))
        self.identity_number.setText(str(data.identity_number or ""))
        select_data(self.ethnicity, data.ethnicity)
        select_data(self.relation, data.relation)
        select_data(self.education, data.education)
        select_data(self.literacy, data.literacy)
        self.occupation.setText(data.occupation)
        self.studying.setChecked(data.studying)
        select_data(self.status, data.status)
        self.status_since.setText(str(data.status_since or ""))
        self.status_note.setText(data.status_note or "")
        self.reveal_all()

    # --- checking ------------------------------------------------------------------
    def errors(self) -> list[ValidationError]:
        try:
            clean_citizen(self.to_input(), today=self._today)
        except (ValidationError, ValidationErrors) as exc:
            return errors_of(exc)
        return []

    def validate(self) -> bool:
        """Run the rules now; messages appear under fields already edited (all, after load)."""
        self._timer.stop()
        errors = self.errors()
        show_field_errors(self.fields, errors, reveal=self._reveal, touched=self._touched)
        if self._name_unchanged():
            parts = (self._loaded.family_name, self._loaded.middle_name, self._loaded.given_name)
        else:
            parts = split_full_name(self.full_name.text())
        self.name_parts.setText(self.tr("Họ: {0} · Tên đệm: {1} · Tên: {2}").format(*parts) if parts[2] else "")
        valid = not errors
        self.checked.emit(errors)
        if valid != self._valid:
            self._valid = valid
            self.validity_changed.emit(valid)
        return valid

    def is_valid(self) -> bool:
        return self.validate()

    def reveal_all(self) -> bool:
        """Show every field's message, edited or not (after a load, or when Lưu is pressed)."""
        self._reveal = True
        return self.validate()

    def show_error(self, error: ValidationError) -> bool:
        """Put a message from a save (e.g. a duplicate number) under its field; False if no field owns it."""
        field = self.fields.get(error.field or "")
        if field is None:
            return False
        field.set_error(message_with_field(error))
        return True


class CitizenDialog(FormDialog):
    """A CitizenForm with Lưu/Hủy. Lưu is disabled while the rules fail.

    With `write`, Lưu runs `write(session, data)` through ctx.ops (result in
    `result_value`); without it the dialog just closes and `value()` is the input.
    """

    def __init__(self, ctx: UiContext, title: str, parent: QWidget | None = None, *,
                 record: CitizenRecord | None = None, data: CitizenInput | None = None,
                 write: Callable[[Session, CitizenInput], Any] | None = None) -> None:
        super().__init__(ctx, title, parent)
        self.write = write
        self.setMinimumWidth(900)
        self.citizen_form = CitizenForm(self)
        self.form.addRow(self.citizen_form)
        self.fields = self.citizen_form.fields
        self.citizen_form.checked.connect(self.set_valid)
        if record is not None:
            self.citizen_form.load(record)
        elif data is not None:
            self.citizen_form.load_input(data)
        self.validate()

    def check(self) -> list[ValidationError]:
        return self.citizen_form.errors()

    def validate(self) -> bool:
        if self._reveal:
            return self.citizen_form.reveal_all()
        return self.citizen_form.validate()  # its `checked` signal updates Lưu

    def value(self) -> CitizenInput:
        return self.citizen_form.to_input()

    def job(self):
        if self.write is None:
            return None
        data, write = self.value(), self.write
        return lambda session: write(session, data)
