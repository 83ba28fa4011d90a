"""Add or edit an activity of the learning centre: a class, a topic session, an event."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget

from desktop.domain import vocab
from desktop.domain.errors import ValidationError
from desktop.domain.records import clean_hours, clean_period, clean_text_required
from desktop.domain.text import format_decimal
from desktop.services import centre
from desktop.services.centre import ActivityInput
from desktop.services.list_readouts import activity_note
from desktop.services.records import ActivityRecord
from desktop.ui.context import UiContext
from desktop.ui.dialogs.form_dialog import FormDialog
from desktop.ui.widgets.record_table import vi_date
from desktop.ui.widgets.validated_field import combo, run_check, select_data


class ActivityDialog(FormDialog):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None, *,
                 activity: ActivityRecord | None = None) -> None:
        super().__init__(ctx, self.tr("Sửa hoạt động") if activity else self.tr("Thêm hoạt động"), parent)
        self.activity = activity
        self.setMinimumWidth(600)
        self.title = self.add_field("title", self.tr("Tên hoạt động"), QLineEdit())
        self.title.setPlaceholderText(self.tr("Ví dụ: Chuyên đề kỹ thuật trồng lúa"))
        self.category = self.add_field("category", self.tr("Loại hoạt động"), combo(vocab.ACTIVITY_CATEGORIES))
        select_data(self.category, "topic")
        self.start_date = self.add_field("start_date", self.tr("Ngày bắt đầu"), QLineEdit())
        self.start_date.setPlaceholderText(self.tr("ngày/tháng/năm, ví dụ 05/03/2025"))
        self.end_date = self.add_field("end_date", self.tr("Ngày kết thúc"), QLineEdit())
        self.end_date.setPlaceholderText(self.tr("để trống nếu trong một ngày"))
        self.hours = self.add_field("hours", self.tr("Số giờ"), QLineEdit())
        self.hours.setPlaceholderText(self.tr("ví dụ 4 hoặc 4,5"))
        self.place = self.add_field("place", self.tr("Địa điểm"), QLineEdit())
        self.instructor = self.add_field("instructor", self.tr("Người hướng dẫn"), QLineEdit())
        self.note = self.add_field("note", self.tr("Ghi chú"), QLineEdit())
        if activity is not None:
            self.title.setText(activity.title)
            select_data(self.category, activity.category)
            self.start_date.setText(vi_date(activity.start_date))
            self.end_date.setText(vi_date(activity.end_date) if activity.end_date != activity.start_date else "")
            self.hours.setText(format_decimal(activity.hours))
            self.place.setText(activity.place)
            self.instructor.setText(activity.instructor)
            activity_id = activity.id
            self.prefill(lambda session: activity_note(session=session, activity_id=activity_id), self.note.setText)
            self.reveal_all()
        self.validate()

    def check(self) -> list[ValidationError]:
        errors: list[ValidationError] = []
        run_check(errors, clean_text_required, self.title.text(), field="title")
        run_check(errors, clean_period, self.start_date.text(), self.end_date.text())
        run_check(errors, clean_hours, self.hours.text())
        return errors

    def activity_input(self) -> ActivityInput:
        return ActivityInput(title=self.title.text(), category=self.category.currentData(),
                             start_date=self.start_date.text(), end_date=self.end_date.text(),
                             hours=self.hours.text(), place=self.place.text(), instructor=self.instructor.text(),
                             note=self.note.text())

    def job(self):
        data = self.activity_input()
        if self.activity is None:
            return lambda s: centre.add_activity(session=s, data=data)
        activity_id = self.activity.id
        return lambda s: centre.update_activity(session=s, activity_id=activity_id, data=data)
