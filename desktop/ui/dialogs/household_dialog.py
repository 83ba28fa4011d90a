"""One place for a household and its members.

A new household is built here, members included, and stored by one write
(services.register.add_household) when Lưu is pressed. For a stored household, Lưu
saves the household's own fields, while each member action (add, edit, move, a dated
change of status, make head) is its own write, done at once; the list reloads after it.
People who leave keep their row and a status; only a person entered by mistake is deleted
(a tombstone, after a question; the trash and Ctrl+Z bring them back).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Callable

from PySide6.QtWidgets import QDialog, QGridLayout, QGroupBox, QLabel, QLineEdit, QMessageBox, QPushButton, QWidget

from desktop.domain import vocab
from desktop.domain.errors import ValidationError
from desktop.domain.records import CitizenInput, HouseholdInput, clean_phone
from desktop.domain.text import normalize_text
from desktop.services import register
from desktop.services.files import Session
from desktop.services.hamlets import list_hamlets
from desktop.services.records import CitizenRecord, HamletRecord, HouseholdRecord
from desktop.ui.context import UiContext
from desktop.ui.dialogs.citizen_form import CitizenDialog
from desktop.ui.dialogs.form_dialog import FormDialog
from desktop.ui.dialogs.opening import confirm, open_dialog
from desktop.ui.dialogs.pickers import HouseholdPicker
from desktop.ui.dialogs.status_dialog import StatusDialog
from desktop.ui.widgets.record_table import RecordColumn, RecordTable
from desktop.ui.widgets.validated_field import ValidatedField, combo, run_check, select_data


@dataclass(frozen=True)
class MemberRow:
    """A line of the members table, for a stored person (`record`) or one not yet saved (`index`)."""

    id: object
    name: str
    relation: str
    sex: str
    birth: str
    identity: str
    status: str
    record: CitizenRecord | None = None
    index: int = -1

    @classmethod
    def of_record(cls, r: CitizenRecord) -> "MemberRow":
        return cls(r.id, r.full_name, r.relation, r.sex, r.birth.format_vi() if r.birth else "",
                   r.identity_number or "", r.status, record=r)

    @classmethod
    def of_input(cls, index: int, d: CitizenInput) -> "MemberRow":
        name = normalize_text(d.full_name or " ".join((d.family_name, d.middle_name, d.given_name)))
        return cls(("new", index), name, d.relation, d.sex, str(d.birth_date or ""),
                   str(d.identity_number or ""), d.status, index=index)


class HouseholdDialog(FormDialog):
    def __init__(self, ctx: UiContext, household_id: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Thêm hộ gia đình"), parent)
        self.household_id = household_id
        self.record: HouseholdRecord | None = None
        self.pending: list[CitizenInput] = []  # members of a new household, saved with it
        self._member_writes = 0  # member actions on a stored household still being written
        self.resize(980, 640)

        self.code = self.add_field("household_code", self.tr("Mã hộ"), QLineEdit())
        self.code.setPlaceholderText(self.tr("Để trống: chương trình tự cấp mã"))
        self.hamlet = self.add_field("hamlet", self.tr("Thôn/Tổ dân phố"), combo({}, blank=self.tr("(chưa chọn)")))
        self.address = self.add_field("address", self.tr("Địa chỉ"), QLineEdit())
        self.phone = self.add_field("phone", self.tr("Số điện thoại"), QLineEdit())
        self.poverty = self.add_field("poverty", self.tr("Hoàn cảnh kinh tế"), combo(vocab.POVERTY))
        self.layout_.insertWidget(1, self._members_box(), 10)  # the members take the room, not the gap for messages
        if household_id is not None:
            self.note = QLabel(self.tr("Thay đổi về thành viên được lưu ngay; nút Lưu ghi thông tin của hộ."))
            self.layout_.insertWidget(2, self.note)
        else:
            self.move_button.hide()
            self.delete_member_button.hide()
        self.drop_button.setVisible(household_id is None)

        def read(session: Session) -> tuple[list[HamletRecord], HouseholdRecord | None]:
            stored = (register.get_household(session=session, household_id=household_id)
                      if household_id is not None else None)
            return list_hamlets(session=session), stored
        self.prefill(read, self._fill)
        self._update_buttons()
        self.validate()

    def _members_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Thành viên"))
        self.members = RecordTable([
            RecordColumn(self.tr("Họ và tên"), lambda m: m.name, stretch=True),
            RecordColumn(self.tr("Quan hệ với chủ hộ"), lambda m: vocab.RELATIONS.get(m.relation, m.relation)),
            RecordColumn(self.tr("Giới tính"), lambda m: vocab.SEX.get(m.sex, m.sex)),
            RecordColumn(self.tr("Ngày sinh"), lambda m: m.birth),
            RecordColumn(self.tr("Số định danh"), lambda m: m.identity),
            RecordColumn(self.tr("Tình trạng"), lambda m: vocab.CITIZEN_STATUS.get(m.status, m.status)),
        ])
        self.members.current_changed.connect(lambda _: self._update_buttons())
        self.members.activated_record.connect(lambda _: self.edit_member())
        wrapped = ValidatedField(self.members)
        self.fields["members"] = wrapped
        buttons = QGridLayout()
        made = [
            ("add_button", self.tr("Thêm thành viên…"), self.add_member),
            ("edit_button", self.tr("Sửa…"), self.edit_member),
            ("move_button", self.tr("Chuyển sang hộ khác…"), self.move_member),
            ("status_button", self.tr("Đổi tình trạng cư trú…"), self.change_status),
            ("head_button", self.tr("Đặt làm chủ hộ"), self.make_head),
            ("drop_button", self.tr("Bỏ khỏi danh sách"), self.drop_member),
            ("delete_member_button", self.tr("Xóa (nhập nhầm)…"), self.delete_member),
        ]
        for i, (name, text, slot) in enumerate(made):
            button = QPushButton(text)
            button.setAutoDefault(False)  # Enter saves the household, it never presses a member button
            button.clicked.connect(slot)
            setattr(self, name, button)
            buttons.addWidget(button, i, 0)
        buttons.setRowStretch(len(made), 1)
        layout = QGridLayout(box)
        layout.addWidget(wrapped, 0, 0)
        layout.addLayout(buttons, 0, 1)
        return box

    # --- loading -------------------------------------------------------------------
    def _fill(self, result: tuple[list[HamletRecord], HouseholdRecord | None]) -> None:
        hamlets, stored = result
        today = date.today()
        for h in hamlets:
            if h.valid_to is None or h.valid_to > today:
                self.hamlet.addItem(h.name, h.id)
        if stored is None:
            return
        r = stored
        self.code.setText(r.code)
        if r.hamlet_id and self.hamlet.findData(r.hamlet_id) < 0:
            self.hamlet.addItem(self.tr("{0} (đã hết hiệu lực)").format(r.hamlet_name), r.hamlet_id)
        select_data(self.hamlet, r.hamlet_id)
        self.address.setText(r.address)
        self.phone.setText(r.phone)
        select_data(self.poverty, r.poverty)
        self._show_record(r)

    def reload(self) -> None:
        """Read the stored household again (after each member action)."""
        household_id = self.household_id
        self.loader.load(lambda session: register.get_household(session=session, household_id=household_id),
                         self._show_record)

    def _show_record(self, record: HouseholdRecord) -> None:
        self.record = record
        self.setWindowTitle(self.tr("Hộ gia đình {0}").format(record.code))
        self.members.set_records([MemberRow.of_record(m) for m in record.members])
        self._update_buttons()

    @property
    def busy(self) -> bool:
        return self.loader.busy or self._member_writes > 0

    def undo_label(self) -> str:
        return self.tr("Lưu hộ gia đình {0}").format(self.record.code) if self.record else self.windowTitle()

    def is_dirty(self) -> bool:
        """A new household's members typed so far count as unsaved too."""
        return super().is_dirty() or (self.household_id is None and bool(self.pending))

    def _show_pending(self, select: int | None = None) -> None:
        rows = [MemberRow.of_input(i, d) for i, d in enumerate(self.pending)]
        self.members.set_records(rows, keep=("new", select) if select is not None else None)
        self.validate()

    def _update_buttons(self, busy: bool = False) -> None:
        row = self.members.current()
        for button in (self.edit_button, self.move_button, self.drop_button):
            button.setEnabled(row is not None and not busy)
        self.delete_member_button.setEnabled(row is not None and row.record is not None and not busy)
        self.head_button.setEnabled(row is not None and row.relation != "head" and not busy)
        # A member being typed has the status in its own form; a stored one changes it here, dated.
        self.status_button.setEnabled(row is not None and row.record is not None and not busy)
        self.add_button.setEnabled(not busy)

    # --- checking and saving the household -----------------------------------------
    def check(self) -> list[ValidationError]:
        errors: list[ValidationError] = []
        run_check(errors, clean_phone, self.phone.text())
        if self.household_id is None and not self.pending:
            errors.append(ValidationError(self.tr("hãy thêm ít nhất một thành viên."), code="required",
                                          field="members"))
        return errors

    def household_input(self) -> HouseholdInput:
        return HouseholdInput(code=self.code.text(), hamlet_id=self.hamlet.currentData(),
                              address=self.address.text(), phone=self.phone.text(),
                              poverty=self.poverty.currentData() or "none", members=list(self.pending))

    def job(self) -> Callable[[Session], Any]:
        data = self.household_input()
        if self.household_id is None:
            return lambda session: register.add_household(session=session, data=data)
        household_id = self.household_id
        return lambda session: register.update_household(session=session, household_id=household_id, data=data)

    # --- member actions ------------------------------------------------------------
    def _open(self, dialog: QDialog, on_accepted: Callable[[], None]) -> QDialog:
        return open_dialog(self, dialog, on_accepted)

    def _write(self, fn: Callable[[Session], Any], label: str) -> None:
        """One member action on a stored household: write now, then show the list again."""
        self.show_message("")
        self._member_writes += 1
        self._update_buttons(busy=True)

        def done(_result) -> None:
            self._member_writes -= 1
            self.reload()

        def failed(exc: BaseException) -> None:
            self._member_writes -= 1
            self._update_buttons()
            self.show_error(exc)
        self.ctx.ops.run(lambda session, progress: fn(session), on_done=done, on_failed=failed, label=label)

    def add_member(self) -> QWidget:
        household_id = self.household_id

        def write(session: Session, data: CitizenInput) -> CitizenRecord:
            return register.add_member(session=session, household_id=household_id, data=data)
        # A new household's members are kept here and stored with it; a stored one's at once.
        dialog = CitizenDialog(self.ctx, self.tr("Thêm thành viên"), self,
                               write=write if household_id is not None else None)
        if household_id is None and not any(m.relation == "head" for m in self.pending):
            select_data(dialog.citizen_form.relation, "head")

        def added() -> None:
            if household_id is None:
                self.pending.append(dialog.value())
                self._show_pending(len(self.pending) - 1)
            else:
                self.reload()
        return self._open(dialog, added)

    def edit_member(self) -> QWidget | None:
        row = self.members.current()
        if row is None:
            return None
        if row.record is None:
            dialog = CitizenDialog(self.ctx, self.tr("Sửa thành viên"), self, data=self.pending[row.index])

            def edited() -> None:
                self.pending[row.index] = dialog.value()
                self._show_pending(row.index)
            return self._open(dialog, edited)
        record = row.record

        def write(session: Session, data: CitizenInput) -> CitizenRecord:
            return register.update_citizen(session=session, citizen_id=record.id, data=data,
                                           expected_version=record.version)
        dialog = CitizenDialog(self.ctx, self.tr("Sửa thành viên"), self, record=record, write=write)
        return self._open(dialog, self.reload)

    def move_member(self) -> QWidget | None:
        row = self.members.current()
        if row is None or row.record is None:
            return None
        picker = HouseholdPicker(self.ctx, self, title=self.tr("Chuyển {0} sang hộ").format(row.name),
                                 exclude_ids=(self.household_id,), ask_relation=True)

        def picked() -> None:
            target, relation, citizen_id = picker.selected().id, picker.chosen_relation(), row.record.id
            self._write(lambda s: register.move_citizen(session=s, citizen_id=citizen_id, to_household_id=target,
                                                        relation=relation), self.tr("Đang chuyển hộ…"))
        return self._open(picker, picked)

    def change_status(self, status: str | None = None) -> QDialog | None:
        """Đã mất, đã chuyển đi, tạm vắng, tạm trú: a dated change, confirmed in its own dialog."""
        row = self.members.current()
        if row is None or row.record is None:
            return None
        return self._open(StatusDialog(self.ctx, row.record.id, self, status=status), self.reload)

    def make_head(self) -> None:
        row = self.members.current()
        if row is None:
            return
        if row.record is None:
            for member in self.pending:
                if member.relation == "head":
                    member.relation = "other"
            self.pending[row.index].relation = "head"
            self._show_pending(row.index)
            return
        household_id, citizen_id = self.household_id, row.record.id
        self._write(lambda s: register.set_head(session=s, household_id=household_id, citizen_id=citizen_id),
                    self.tr("Đang đổi chủ hộ…"))

    def delete_member(self) -> QMessageBox | None:
        """A stored person entered by mistake: tombstoned after a question (people who leave get a status)."""
        row = self.members.current()
        if row is None or row.record is None:
            return None
        citizen_id = row.record.id

        def delete() -> None:
            self._write(lambda s: register.delete_citizen(session=s, citizen_id=citizen_id),
                        self.tr("Đang xóa {0}…").format(row.name))
        return confirm(self, self.tr("Xóa người nhập nhầm"), self.tr(
            "Xóa {0} khỏi sổ? Chỉ dùng khi nhập nhầm; người chuyển đi hoặc đã mất thì đánh dấu tình trạng để giữ "
            "lịch sử.\n\nCó thể lấy lại trong Sửa › Dữ liệu đã xóa, hoặc hoàn tác ngay bằng Ctrl+Z.").format(
            row.name), self.tr("Xóa"), delete, destructive=True)

    def drop_member(self) -> None:
        """Only for a household not yet saved: take a person off the list being typed."""
        row = self.members.current()
        if row is not None and row.record is None:
            del self.pending[row.index]
            self._show_pending()
