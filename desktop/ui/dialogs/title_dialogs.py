"""The smaller forms of the "Đánh giá – công nhận" area: đăng ký, chấm đủ điểm, cấp lại giấy,
số liệu cán bộ của một đơn vị. Each writes through one title service on Lưu.

Words as on the page: the officer *chấm* the items marked "cán bộ chấm"; the program
*đánh giá* the year (services.titles.grid explains the vocabulary)."""

from __future__ import annotations

from datetime import date
from typing import Sequence

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from desktop.domain.criteria import SUBJECT_NAMES
from desktop.domain.errors import ValidationError
from desktop.services.hamlets import list_hamlets
from desktop.services.records import HamletRecord
from desktop.services.titles import certificates, registration
from desktop.services.titles.common import subject_kind, title_name
from desktop.services.titles.page_readouts import unit_staff
from desktop.ui.context import UiContext
from desktop.ui.dialogs.recognition_dialog import TitleFormDialog, names_preview

WHO_REGISTERS = {
    "cong-dan": "công dân từ 15 tuổi đang cư trú",
    "gia-dinh": "hộ gia đình",
    "dong-ho": "dòng họ",
    "cong-dong": "thôn, tổ dân phố",
    "don-vi": "đơn vị học tập",
}


class RegisterAllDialog(TitleFormDialog):
    """Đăng ký: everyone who may register, in the whole commune or one hamlet."""

    def __init__(self, ctx: UiContext, *, year: int, title: str, hamlet_id: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Đăng ký {0} năm {1}").format(title_name(title), year), parent)
        self.year, self.title_id = year, title
        self.setMinimumWidth(520)
        self.intro.setText(self.tr(
            "Đăng ký danh hiệu <b>{0}</b> năm {1} cho tất cả {2} của phạm vi chọn dưới đây. Đối tượng đã đăng "
            "ký từ trước được giữ nguyên.").format(title_name(title), year, WHO_REGISTERS[title]))
        self.hamlet = self.add_field("hamlet", self.tr("Phạm vi"), QComboBox())
        self.hamlet.addItem(self.tr("Toàn xã"), None)

        def fill(hamlets: list[HamletRecord]) -> None:
            for hamlet in hamlets:
                if hamlet.valid_to is None or hamlet.valid_to > date.today():
                    self.hamlet.addItem(hamlet.name, hamlet.id)
            if hamlet_id:
                self.hamlet.setCurrentIndex(max(0, self.hamlet.findData(hamlet_id)))
        self.prefill(lambda session: list_hamlets(session=session), fill)
        self.save_button.setText(self.tr("Đăng ký"))

    def job(self):
        year, title, hamlet_id = self.year, self.title_id, self.hamlet.currentData()
        return lambda s: registration.register_all(session=s, year=year, title=title, hamlet_id=hamlet_id)


class FullMarksDialog(TitleFormDialog):
    """Chấm đủ điểm every item the officer scores, for many subjects, with what vouches for them."""

    def __init__(self, ctx: UiContext, *, year: int, title: str, subject_ids: Sequence[str], names: Sequence[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Chấm đủ điểm các chỉ số cán bộ chấm"), parent)
        self.year, self.title_id, self.subject_ids = year, title, list(subject_ids)
        self.setMinimumWidth(540)
        self.intro.setText(self.tr(
            "Chấm điểm tối đa cho mọi chỉ số cán bộ chấm của danh hiệu <b>{0}</b> năm {1} cho <b>{2}</b> {3}: {4}."
            "<br>Điểm chấm trước đó của các chỉ số này được thay bằng điểm tối đa. Các chỉ số tự động tính không "
            "đổi; bấm «Đánh giá» sau đó để có kết quả mới.").format(
            title_name(title), year, len(self.subject_ids), SUBJECT_NAMES[subject_kind(title)], names_preview(names)))
        self.evidence = self.add_field("evidence", self.tr("Minh chứng"), QLineEdit())
        self.evidence.setPlaceholderText(self.tr("Ví dụ: Biên bản bình xét của thôn ngày 15/11"))
        self.save_button.setText(self.tr("Chấm điểm"))
        self.validate()

    def check(self) -> list[ValidationError]:
        if not self.evidence.text().strip():
            return [ValidationError("hãy ghi minh chứng (biên bản, danh sách bình xét…).", field="evidence")]
        return []

    def job(self):
        year, title, ids, evidence = self.year, self.title_id, list(self.subject_ids), self.evidence.text()
        return lambda s: registration.check_full_marks(session=s, year=year, title=title, subject_ids=ids,
                                                       evidence=evidence)


class ReissueDialog(TitleFormDialog):
    """Cấp lại giấy: the old paper is voided with the reason, a new number is issued."""

    def __init__(self, ctx: UiContext, *, register_number: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Cấp lại giấy công nhận"), parent)
        self.register_number = register_number
        self.setMinimumWidth(520)
        self.intro.setText(self.tr(
            "Cấp lại giấy công nhận số <b>{0}</b> của <b>{1}</b>. Giấy cũ bị hủy trong sổ cấp (ghi lý do dưới "
            "đây); giấy mới mang số vào sổ mới.").format(register_number, name))
        self.reason = self.add_field("reason", self.tr("Lý do cấp lại"), QPlainTextEdit())
        self.reason.setPlaceholderText(self.tr("Ví dụ: Giấy bị mất do thiên tai; in sai họ tên"))
        self.reason.setFixedHeight(70)
        self.save_button.setText(self.tr("Cấp lại"))

    def job(self):
        number, reason = self.register_number, self.reason.toPlainText()
        # The service returns the new Certificate row: only its number leaves the worker.
        return lambda s: certificates.reissue(session=s, certificate=number, reason=reason).issued.register_number


class UnitStaffDialog(TitleFormDialog):
    """A unit's figures for Đơn vị học tập: staff, and how many were recognised Công dân học tập."""

    def __init__(self, ctx: UiContext, *, year: int, unit_id: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Số liệu cán bộ của đơn vị năm {0}").format(year), parent)
        self.year, self.unit_id = year, unit_id
        self.setMinimumWidth(500)
        self.staff = self.add_field("unit_staff", self.tr("Số cán bộ, nhân viên"), QSpinBox())
        self.staff.setRange(0, 100_000)
        self.cdht = self.add_field("unit_staff_cdht", self.tr("Số đạt Công dân học tập"), QSpinBox())
        self.cdht.setRange(0, 100_000)

        def fill(current) -> None:
            self.intro.setText(self.tr(
                "<b>{0}</b> báo cáo số cán bộ, nhân viên năm {1} và số người đã được công nhận Công dân học tập "
                "(nhiều người sống ở xã khác nên sổ của xã không tự đếm được).").format(current.name, year))
            self.staff.setValue(current.staff if current.staff is not None else current.register_staff)
            self.cdht.setValue(current.recognised_cdht or 0)
            self.validate()
        self.prefill(lambda session: unit_staff(session=session, year=year, unit_id=unit_id), fill)
        self.validate()

    def check(self) -> list[ValidationError]:
        if self.cdht.value() > self.staff.value():
            return [ValidationError(f"không được lớn hơn số cán bộ, nhân viên ({self.staff.value()}).",
                                    field="unit_staff_cdht")]
        return []

    def job(self):
        year, unit_id, staff, cdht = self.year, self.unit_id, self.staff.value(), self.cdht.value()
        return lambda s: registration.report_unit_staff(session=s, year=year, unit_id=unit_id, staff=staff,
                                                        recognised_cdht=cdht)
