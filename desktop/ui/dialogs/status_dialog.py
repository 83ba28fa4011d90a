"""Đổi tình trạng cư trú: đã mất, đã chuyển đi, tạm vắng, tạm trú — with the day it took effect.

A change of status is a fact with a date (Luật Cư trú 2020 names each of them), and a
wrong one takes a person off the commune's figures, so the dialog asks for the date,
checks it with the register's own rule (not in the future, not before the birth) and
says in one sentence what Xác nhận will record before the officer presses it.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from desktop.domain import vocab
from desktop.domain.errors import ValidationError
from desktop.domain.records import clean_status
from desktop.services import register
from desktop.services.records import CitizenRecord
from desktop.ui.context import UiContext
from desktop.ui.dialogs.form_dialog import FormDialog
from desktop.ui.widgets.validated_field import combo, run_check, select_data

NOTE_HINTS = {
    "moved_away": "Nơi chuyển đến, ví dụ: xã Nghi Lộc, tỉnh Nghệ An",
    "temporary": "Nơi thường trú, ví dụ: phường Vinh Tân, tỉnh Nghệ An",
    "absent": "Nơi đến, lý do, ví dụ: đi làm tại Bình Dương",
    "deceased": "Ví dụ: theo trích lục khai tử số …",
}


class StatusDialog(FormDialog):
    """For one stored person; `status` preselects the change the officer asked for."""

    def __init__(self, ctx: UiContext, citizen_id: str, parent: QWidget | None = None, *,
                 status: str | None = None, today: date | None = None) -> None:
        super().__init__(ctx, self.tr("Đổi tình trạng cư trú"), parent)
        self.citizen_id = citizen_id
        self.record: CitizenRecord | None = None
        self._today = today
        self.setMinimumWidth(520)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.form.addRow(self.intro)
        self.status: QComboBox = self.add_field("status", self.tr("Tình trạng"), combo(vocab.CITIZEN_STATUS))
        self.since: QLineEdit = self.add_field("status_since", self.tr("Kể từ ngày"), QLineEdit())
        self.since.setPlaceholderText(self.tr("ngày/tháng/năm, ví dụ 05/03/2025"))
        self.note: QLineEdit = self.add_field("status_note", self.tr("Ghi chú"), QLineEdit())
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.form.addRow(self.summary)
        self.save_button.setText(self.tr("Xác nhận"))
        self.status.currentIndexChanged.connect(lambda _i: self._follow_status())
        self._wanted = status
        self.prefill(lambda session: register.get_citizen(session=session, citizen_id=citizen_id), self._fill)

    def _fill(self, record: CitizenRecord) -> None:
        self.record = record
        self.intro.setText(self.tr("<b>{0}</b>, hiện: {1}{2}.").format(
            record.full_name, vocab.CITIZEN_STATUS.get(record.status, record.status),
            self.tr(" từ {0:%d/%m/%Y}").format(record.status_since) if record.status_since else ""))
        wanted = self._wanted or ("resident" if record.status != "resident" else "moved_away")
        select_data(self.status, wanted)
        if record.status == wanted and record.status_since:
            self.since.setText(f"{record.status_since:%d/%m/%Y}")
            self.note.setText(record.status_note)
        elif wanted != "resident":
            self.since.setText(f"{(self._today or date.today()):%d/%m/%Y}")
        self._follow_status()

    def _follow_status(self) -> None:
        status = self.status.currentData()
        living_here = status == "resident"
        for name in ("status_since", "status_note"):
            self.fields[name].setVisible(not living_here)
            self.form.labelForField(self.fields[name]).setVisible(not living_here)
        self.note.setPlaceholderText(self.tr(NOTE_HINTS.get(status, "")))
        self.validate()

    def check(self) -> list[ValidationError]:
        errors: list[ValidationError] = []
        record = self.record
        if record is None:
            return errors
        run_check(errors, clean_status, self.status.currentData(), self.since.text(), self.note.text(),
                  birth=record.birth, today=self._today, date_required=True)
        if self.status.currentData() == record.status and self.status.currentData() == "resident":
            errors.append(ValidationError(self.tr("người này đang ở tình trạng này."), field="status"))
        self._say(errors)
        return errors

    def _say(self, errors: list[ValidationError]) -> None:
        record = self.record
        if errors or record is None:
            self.summary.setText("")
            return
        status = self.status.currentData()
        if status == "resident":
            text = self.tr("Xác nhận: {0} trở lại thường trú tại xã.").format(record.full_name)
        else:
            text = self.tr("Xác nhận: {0} — {1} từ ngày {2}.").format(
                record.full_name, vocab.CITIZEN_STATUS[status].lower(), self.since.text().strip())
        if status not in vocab.LIVING_HERE:
            text += self.tr(" Người này vẫn ở trong sổ nhưng không còn được tính vào dân số đang sinh sống "
                            "tại xã.")
        self.summary.setText(text)

    def job(self):
        citizen_id, status = self.citizen_id, self.status.currentData()
        since, note, today = self.since.text(), self.note.text(), self._today
        return lambda session: register.set_citizen_status(session=session, citizen_id=citizen_id, status=status,
                                                           since=since, note=note, today=today)
