"""Trung tâm học tập cộng đồng: the centre, its activities of a year, and who took part."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QLineEdit, QSpinBox, QVBoxLayout, QWidget

from desktop.domain import vocab
from desktop.domain.errors import ValidationError
from desktop.domain.records import clean_text_required
from desktop.domain.text import format_count, format_decimal
from desktop.services import centre
from desktop.services.list_readouts import CentreRecord, centre_record
from desktop.services.records import ActivityRecord, ParticipationRecord
from desktop.ui.context import UiContext
from desktop.ui.dialogs.activity_dialog import ActivityDialog
from desktop.ui.dialogs.form_dialog import FormDialog
from desktop.ui.dialogs.opening import confirm
from desktop.ui.dialogs.pickers import CitizenPicker
from desktop.ui.pages.base import Page
from desktop.ui.widgets.action_button import ActionButton
from desktop.ui.widgets.adaptive import AdaptiveSplitter, FlowLayout
from desktop.ui.widgets.record_table import RecordColumn, RecordTable, vi_date
from desktop.ui.widgets.validated_field import run_check

HOURS_COLUMN, COMPLETED_COLUMN = 1, 2


class CentreDialog(FormDialog):
    """The centre's name, director and address (creates the centre the first time)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None, *, record: CentreRecord | None = None) -> None:
        super().__init__(ctx, self.tr("Thông tin trung tâm học tập cộng đồng"), parent)
        self.setMinimumWidth(560)
        self.name = self.add_field("name", self.tr("Tên trung tâm"), QLineEdit())
        self.director = self.add_field("director", self.tr("Giám đốc"), QLineEdit())
        self.address = self.add_field("address", self.tr("Địa chỉ"), QLineEdit())
        if record is not None:
            self.name.setText(record.name)
            self.director.setText(record.director)
            self.address.setText(record.address)
        self.validate()

    def check(self) -> list[ValidationError]:
        errors: list[ValidationError] = []
        run_check(errors, clean_text_required, self.name.text(), field="name")
        return errors

    def job(self):
        name, director, address = self.name.text(), self.director.text(), self.address.text()
        return lambda s: centre.save_centre(session=s, name=name, director=director, address=address)


class CentrePage(Page):
    title = "Trung tâm học tập cộng đồng"
    tables = ("learning_centres", "activities", "participations", "citizens")
    export_what = "activities"
    help_html = (
        "<p>Trung tâm học tập cộng đồng (TTHTCĐ) của xã: các lớp học, buổi sinh hoạt chuyên đề, hoạt động "
        "trong năm và những người tham gia. Số liệu ở đây được dùng khi đánh giá các danh hiệu học tập.</p>"
        "<ul><li>Chọn <b>năm</b> để xem các hoạt động của năm đó.</li>"
        "<li><b>Thêm hoạt động…</b>, <b>Sửa…</b> (hoặc nháy đúp, Enter), <b>Xóa</b> (hoặc phím Delete; "
        "có hỏi lại).</li>"
        "<li>Chọn một hoạt động để xem người tham gia ở khung bên phải; <b>Thêm người tham gia…</b> tìm theo "
        "họ tên hoặc số định danh. Số giờ sửa ngay trong bảng (nháy đúp hoặc F2); ô <i>Hoàn thành</i> bấm để "
        "đánh dấu.</li>"
        "<li><b>Xuất Excel…</b>: ghi danh sách của năm đang chọn ra tệp .xlsx để in hoặc gửi cấp trên.</li></ul>")

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.participants_loader = self.new_loader()
        self.centre: CentreRecord | None = None
        self.centre_label = QLabel()
        self.centre_label.setWordWrap(True)
        self.centre_action = self.action(self.tr("Sửa thông tin trung tâm…"), self.edit_centre)
        self.centre_button = ActionButton(self.centre_action)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(date.today().year)
        self.year.valueChanged.connect(lambda _: self.reload())
        self.activities = RecordTable([
            RecordColumn(self.tr("Tên hoạt động"), lambda a: a.title, stretch=True),
            RecordColumn(self.tr("Loại"), lambda a: vocab.ACTIVITY_CATEGORIES.get(a.category, a.category)),
            RecordColumn(self.tr("Từ ngày"), lambda a: vi_date(a.start_date)),
            RecordColumn(self.tr("Đến ngày"), lambda a: vi_date(a.end_date)),
            RecordColumn(self.tr("Số giờ"), lambda a: format_decimal(a.hours), number=True),
            RecordColumn(self.tr("Số người"), lambda a: format_count(a.participant_count), number=True),
        ])
        self.participants = RecordTable([
            RecordColumn(self.tr("Họ và tên"), lambda p: p.citizen_name, stretch=True),
            RecordColumn(self.tr("Số giờ"), lambda p: format_decimal(p.hours), number=True, editable=True),
            RecordColumn(self.tr("Hoàn thành"), lambda p: p.completed, check=True),
        ])
        self.add_action = self.action(self.tr("Thêm hoạt động…"), self.add_activity)
        self.edit_action = self.action(self.tr("Sửa…"), self.edit_activity, tip=self.tr("Sửa hoạt động"))
        self.delete_action = self.action(self.tr("Xóa"), self.delete_activity, tip=self.tr("Xóa hoạt động"))
        self.add_participant_action = self.action(self.tr("Thêm người tham gia…"), self.add_participant)
        self.remove_participant_action = self.action(self.tr("Bỏ người tham gia"), self.remove_participant)
        self.export_excel_action = self.export_action()
        self.export_button = ActionButton(self.export_excel_action)
        self.add_button = ActionButton(self.add_action)
        self.edit_button = ActionButton(self.edit_action)
        self.delete_button = ActionButton(self.delete_action)
        self.add_participant_button = ActionButton(self.add_participant_action)
        self.remove_participant_button = ActionButton(self.remove_participant_action)
        self.activities.row_actions = lambda: [self.edit_action, self.add_participant_action, None,
                                               self.delete_action]
        self.participants.row_actions = lambda: [self.remove_participant_action]
        self.activities.current_changed.connect(self._activity_chosen)
        self.activities.activated_record.connect(lambda _: self.edit_activity())
        self.activities.delete_requested.connect(self.delete_activity)
        self.participants.current_changed.connect(lambda _: self._update_actions())
        self.participants.delete_requested.connect(self.remove_participant)
        self.participants.table_model.edited.connect(self._participation_edited)
        self.summary = QLabel()
        self.people_box = QGroupBox(self.tr("Người tham gia"))

        top = QHBoxLayout()
        top.addWidget(self.centre_label, 1)
        top.addWidget(self.centre_button)
        bar = FlowLayout()
        year = QWidget()
        year_row = QHBoxLayout(year)
        year_row.setContentsMargins(0, 0, 0, 0)
        year_row.addWidget(QLabel(self.tr("Năm")))
        year_row.addWidget(self.year)
        for widget in (year, self.add_button, self.edit_button, self.delete_button, self.export_button, self.summary):
            bar.addWidget(widget)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(bar)
        left_layout.addWidget(self.activities, 1)
        people = QVBoxLayout(self.people_box)
        people.addWidget(self.participants, 1)
        people_bar = QHBoxLayout()
        people_bar.addWidget(self.add_participant_button)
        people_bar.addWidget(self.remove_participant_button)
        people.addLayout(people_bar)
        self.splitter = AdaptiveSplitter(stack_below=820)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.people_box)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<h2>{self.tr('Trung tâm học tập cộng đồng')}</h2>"))
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        self._update_actions()

    # --- reading -------------------------------------------------------------------
    def export_options(self) -> dict:
        return {"year": self.year.value()}  # the year the page shows

    def load(self) -> None:
        year = self.year.value()

        def read(session):
            return centre_record(session=session), centre.list_activities(session=session, year=year)
        self.loader.load(read, self._arrived)

    def _arrived(self, result: tuple[CentreRecord | None, list[ActivityRecord]]) -> None:
        self.centre, rows = result
        if self.centre is None:
            self.centre_label.setText(self.tr("Xã chưa khai báo Trung tâm học tập cộng đồng; "
                                              "bấm “Sửa thông tin trung tâm…” để khai báo."))
        else:
            director = self.centre.director or self.tr("(chưa ghi)")
            self.centre_label.setText(self.tr("<b>{0}</b><br>Giám đốc: {1}").format(self.centre.name, director))
        self.activities.set_records(rows, keep=self.take_selection())
        self.summary.setText(self.tr("{0} hoạt động, {1} lượt người.").format(
            format_count(len(rows)), format_count(sum(a.participant_count for a in rows))))
        self._update_actions()
        self.loaded.emit()

    def _activity_chosen(self, activity: ActivityRecord | None) -> None:
        if activity is None:
            self.participants.set_records([])
            self.people_box.setTitle(self.tr("Người tham gia"))
        else:
            activity_id = activity.id
            self.participants_loader.load(
                lambda session: centre.list_participants(session=session, activity_id=activity_id),
                self.participants.set_records)
            self.people_box.setTitle(self.tr("Người tham gia: {0}").format(activity.title))
        self._update_actions()

    def _update_actions(self) -> None:
        activity = self.activities.current()
        self.add_action.setEnabled(self.centre is not None)
        for action in (self.edit_action, self.delete_action, self.add_participant_action):
            action.setEnabled(activity is not None)
        self.remove_participant_action.setEnabled(self.participants.current() is not None)

    # --- the centre and its activities ---------------------------------------------
    def edit_centre(self) -> QWidget:
        return self.open_dialog(CentreDialog(self.ctx, self, record=self.centre))

    def _saved_activity(self, dialog: ActivityDialog) -> None:
        saved: ActivityRecord = dialog.result_value
        self.select_next(saved.id)
        self.year.setValue(saved.start_date.year)  # show the year it belongs to

    def add_activity(self) -> QWidget:
        dialog = ActivityDialog(self.ctx, self)
        return self.open_dialog(dialog, lambda: self._saved_activity(dialog))

    def edit_activity(self) -> QWidget | None:
        activity = self.activities.current()
        if activity is None:
            return None
        dialog = ActivityDialog(self.ctx, self, activity=activity)
        return self.open_dialog(dialog, lambda: self._saved_activity(dialog))

    def delete_activity(self) -> QWidget | None:
        activity = self.activities.current()
        if activity is None:
            return None

        def delete() -> None:
            self.write(lambda s: centre.delete_activity(session=s, activity_id=activity.id),
                       self.tr("Đang xóa hoạt động…"), undo=self.tr("Xóa hoạt động “{0}”").format(activity.title))
        return confirm(
            self, self.tr("Xóa hoạt động"),
            self.tr("Xóa “{0}” cùng danh sách {1} người tham gia?\n\nCó thể lấy lại trong Sửa › Dữ liệu đã xóa, "
                    "hoặc hoàn tác ngay bằng Ctrl+Z.").format(activity.title, format_count(activity.participant_count)),
            self.tr("Xóa"), delete, destructive=True)

    # --- participants --------------------------------------------------------------
    def add_participant(self) -> QWidget | None:
        activity = self.activities.current()
        if activity is None:
            return None
        picker = CitizenPicker(self.ctx, self, title=self.tr("Thêm người tham gia: {0}").format(activity.title),
                               hours=activity.hours)

        def picked() -> None:
            citizen_id, hours, completed = picker.selected().id, picker.chosen_hours(), picker.chosen_completed()
            self.write(lambda s: centre.add_participant(session=s, activity_id=activity.id, citizen_id=citizen_id,
                                                        hours=hours, completed=completed),
                       self.tr("Đang thêm người tham gia…"))
        return self.open_dialog(picker, picked)

    def remove_participant(self) -> None:
        person: ParticipationRecord | None = self.participants.current()
        if person is not None:
            self.write(lambda s: centre.remove_participant(session=s, participation_id=person.id),
                       self.tr("Đang bỏ người tham gia…"))

    def _participation_edited(self, person: ParticipationRecord, column: int, value: object) -> None:
        hours = value if column == HOURS_COLUMN else person.hours
        completed = bool(value) if column == COMPLETED_COLUMN else person.completed
        self.write(lambda s: centre.update_participation(session=s, participation_id=person.id, hours=hours,
                                                         completed=completed), self.tr("Đang lưu…"))
