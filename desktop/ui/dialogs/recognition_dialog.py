"""The recognition decision (Công nhận…) and its revocation (Thu hồi công nhận…).

Both are FormDialogs: the services check what was typed and each message lands under
its field (số quyết định, ngày ký, người ký, lý do); nothing is stored until they pass.
`TitleFormDialog` is the frame the title dialogs share: an introduction above the fields;
messages under a field carry no field label (the row's own label says it).
"""

from __future__ import annotations

from datetime import date
from typing import Sequence

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QWidget

from desktop.domain.criteria import SUBJECT_NAMES
from desktop.domain.dates import parse_full_date
from desktop.domain.errors import ValidationError
from desktop.services.titles import recognition
from desktop.services.titles.common import subject_kind, title_name
from desktop.ui.context import UiContext
from desktop.ui.dialogs.form_dialog import FormDialog
from desktop.ui.widgets.validated_field import run_check

SIGNER_TITLES = ("CHỦ TỊCH", "PHÓ CHỦ TỊCH")
# The quyền hạn each title signs with by default (NĐ 30/2020, Phụ lục I, Phần I, Mục II.7.b):
# the chair recognises on his own power and writes none ("" prints no line); a vice-chair signs
# for the chair, "KT. CHỦ TỊCH". "TM. ỦY BAN NHÂN DÂN" is for a collective decision of the
# committee, chosen by hand.
CAPACITIES = {"CHỦ TỊCH": "", "PHÓ CHỦ TỊCH": "KT. CHỦ TỊCH"}
OWN_POWER = "(Chủ tịch ký theo thẩm quyền)"  # the combo's text for the empty capacity
CAPACITY_CHOICES = ("", "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH")


def names_preview(names: Sequence[str], shown: int = 5) -> str:
    head = ", ".join(names[:shown])
    return head + (f" và {len(names) - shown} đối tượng khác" if len(names) > shown else "")


class TitleFormDialog(FormDialog):
    """A FormDialog with an introduction above its fields; messages under a field need no label."""

    LABELS_IN_MESSAGES = False

    def __init__(self, ctx: UiContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, title, parent)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.form.addRow(self.intro)


class RecognitionDialog(TitleFormDialog):
    """Số quyết định, ngày ký, người ký → recognition.recognize for the given subjects."""

    def __init__(self, ctx: UiContext, *, year: int, title: str, subject_ids: Sequence[str], names: Sequence[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Quyết định công nhận {0} năm {1}").format(title_name(title), year), parent)
        self.year, self.title_id, self.subject_ids = year, title, list(subject_ids)
        self.setMinimumWidth(560)
        self.intro.setText(self.tr("Công nhận danh hiệu <b>{0}</b> năm {1} cho <b>{2}</b> {3} đạt theo lần đánh giá "
                                   "gần nhất: {4}.").format(
            title_name(title), year, len(self.subject_ids), SUBJECT_NAMES[subject_kind(title)], names_preview(names)))
        self.number = self.add_field("number", self.tr("Số quyết định"), QLineEdit())
        self.number.setPlaceholderText(self.tr("Ví dụ: 125/QĐ-UBND"))
        self.signed_on = self.add_field("signed_on", self.tr("Ngày ký"), QLineEdit(f"{date.today():%d/%m/%Y}"))
        self.signed_on.setPlaceholderText(self.tr("ngày/tháng/năm, ví dụ 15/11/{0}").format(year))
        self.signer_name = self.add_field("signer_name", self.tr("Người ký"), QLineEdit())
        self.signer_name.setPlaceholderText(self.tr("Họ và tên người ký quyết định"))
        self.signer_title = self.add_field("signer_title", self.tr("Chức vụ"), QComboBox())
        self.signer_title.addItems(list(SIGNER_TITLES))
        self.signer_capacity = self.add_field("signer_capacity", self.tr("Thẩm quyền ký"), QComboBox())
        for capacity in CAPACITY_CHOICES:  # the item's data is what is stored and printed
            self.signer_capacity.addItem(capacity or self.tr(OWN_POWER), capacity)
        self.signer_title.currentTextChanged.connect(
            lambda text: self.set_capacity(CAPACITIES.get(text, self.capacity())))
        settings = ctx.settings
        self.signer_name.setText(str(settings.value("titles/signer_name", "") or ""))
        self.signer_title.setCurrentText(str(settings.value("titles/signer_title", SIGNER_TITLES[0])))
        # The officer's last choice, "" (the chair's own power) included; else the title's default.
        last = settings.value("titles/signer_capacity")
        self.set_capacity(CAPACITIES[self.signer_title.currentText()] if last is None else str(last))
        self.save_button.setText(self.tr("Công nhận"))

    def capacity(self) -> str:
        return str(self.signer_capacity.currentData() or "")

    def set_capacity(self, capacity: str) -> None:
        index = self.signer_capacity.findData(capacity)
        if index >= 0:  # a stored value no longer offered leaves the choice as it is
            self.signer_capacity.setCurrentIndex(index)

    def check(self) -> list[ValidationError]:
        errors: list[ValidationError] = []
        run_check(errors, parse_full_date, self.signed_on.text(), field="signed_on")
        return errors

    def job(self):
        year, title, ids = self.year, self.title_id, self.subject_ids
        signed_on = parse_full_date(self.signed_on.text(), field="signed_on")
        number, signer = self.number.text(), self.signer_name.text()
        signer_title, capacity = self.signer_title.currentText(), self.capacity()
        return lambda s: recognition.recognize(session=s, year=year, title=title, number=number, signed_on=signed_on,
                                               signer_name=signer, signer_title=signer_title,
                                               signer_capacity=capacity, subject_ids=ids)

    def _saved(self, result) -> None:
        settings = self.ctx.settings  # the next decision is most often signed by the same person
        settings.setValue("titles/signer_name", self.signer_name.text().strip())
        settings.setValue("titles/signer_title", self.signer_title.currentText())
        settings.setValue("titles/signer_capacity", self.capacity())
        super()._saved(result)


class RevokeDialog(TitleFormDialog):
    """Thu hồi công nhận: a reason is required; the certificates are voided with it."""

    def __init__(self, ctx: UiContext, *, year: int, title: str, recognitions: Sequence[tuple[str, str]],
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Thu hồi công nhận {0} năm {1}").format(title_name(title), year), parent)
        self.recognition_ids = [rid for rid, _ in recognitions]
        self.setMinimumWidth(520)
        self.intro.setText(self.tr(
            "Thu hồi công nhận danh hiệu <b>{0}</b> năm {1} của <b>{2}</b> {3}: {4}.<br>Giấy công nhận đã cấp sẽ bị "
            "hủy trong sổ cấp; kết quả được mở khóa để cán bộ chấm và đánh giá lại.").format(
            title_name(title), year, len(recognitions), SUBJECT_NAMES[subject_kind(title)],
            names_preview([name for _, name in recognitions])))
        self.reason = self.add_field("reason", self.tr("Lý do thu hồi"), QPlainTextEdit())
        self.reason.setPlaceholderText(self.tr("Ví dụ: Hộ chuyển đi nơi khác trước ngày ký quyết định"))
        self.reason.setFixedHeight(80)
        self.save_button.setText(self.tr("Thu hồi"))

    def job(self):
        ids, reason = list(self.recognition_ids), self.reason.toPlainText()

        def revoke_all(session):
            for recognition_id in ids:
                recognition.revoke(session=session, recognition_id=recognition_id, reason=reason)
            return len(ids)
        return revoke_all
