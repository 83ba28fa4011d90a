"""Sổ cấp giấy công nhận: every certificate of a year with its check code and prints,
reprints and reissues of one entry, and checking a paper someone brings in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.criteria import TITLE_ORDER
from desktop.domain.moments import format_moment
from desktop.domain.text import format_count
from desktop.services.titles import certificates
from desktop.services.titles.certificates import RegisterEntry
from desktop.services.titles.common import title_name
from desktop.ui.context import UiContext
from desktop.ui.pages.base import Page
from desktop.ui.widgets.action_button import ActionButton
from desktop.ui.widgets.record_table import RecordColumn, RecordTable, vi_date
from desktop.ui.widgets.search_box import SearchBox
from desktop.ui.widgets.validated_field import ERROR_COLOUR

if TYPE_CHECKING:
    from desktop.ui.pages.titles.actions import TitleActions

OK_COLOUR = "#1b5e20"


class CertificateRegisterTab(Page):
    title = "Sổ cấp giấy công nhận"
    tables = ("certificates", "certificate_prints", "recognitions", "recognition_decisions")
    export_what = "certificates"
    help_html = (
        "<p><b>Sổ cấp giấy công nhận</b>: mọi giấy công nhận đã cấp trong năm, mỗi giấy một số vào sổ và một "
        "mã xác thực in trên giấy, số lần in và lần in cuối.</p>"
        "<ul><li><b>In lại…</b>: in lại đúng giấy đó (cùng số), ví dụ khi giấy in bị hỏng.</li>"
        "<li><b>Cấp lại…</b>: hủy giấy cũ (ghi lý do) và cấp giấy mới mang số mới, ví dụ khi giấy bị mất "
        "hoặc in sai họ tên.</li>"
        "<li><b>Kiểm tra một giấy công nhận</b>: nhập số vào sổ và mã xác thực in trên giấy người dân mang "
        "đến để biết giấy có đúng trong sổ không.</li>"
        "<li><b>Xuất Excel…</b>: ghi sổ của năm và danh hiệu đang chọn ra tệp .xlsx.</li></ul>")

    def __init__(self, ctx: UiContext, actions: "TitleActions", parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.actions = actions
        self.year = 0
        self.verify_loader = self.new_loader()
        self._entries: list[RegisterEntry] = []
        self.title_box = QComboBox()
        self.title_box.addItem(self.tr("Tất cả danh hiệu"), None)
        for title in TITLE_ORDER:
            self.title_box.addItem(title_name(title), title)
        self.title_box.currentIndexChanged.connect(lambda _i: self.reload())
        self.search = SearchBox(self, placeholder=self.tr("Tìm theo số vào sổ, tên, địa chỉ, số quyết định…"))
        self.search.search_changed.connect(self._filter)
        self.count = QLabel()
        self.table = RecordTable([
            RecordColumn(self.tr("Số vào sổ"), lambda e: e.register_number),  # its letters name the title (GĐHT…)
            RecordColumn(self.tr("Tên"), lambda e: e.name),
            RecordColumn(self.tr("Địa chỉ"), lambda e: e.detail, stretch=True),
            RecordColumn(self.tr("Số quyết định"), lambda e: e.decision_number),
            RecordColumn(self.tr("Ngày cấp"), lambda e: vi_date(e.issued_on)),
            RecordColumn(self.tr("Mã xác thực"), lambda e: e.check),
            RecordColumn(self.tr("Tình trạng"), lambda e: self.tr("Đã hủy: {0}").format(e.void_reason) if e.void
                   else self.tr("Còn hiệu lực")),
            RecordColumn(self.tr("Số lần in"), lambda e: e.prints, number=True),
            RecordColumn(self.tr("In lần cuối"), lambda e: format_moment(e.last_printed)),
        ])
        self.table.fixed_row_height()  # one line per entry; a long address is elided
        self.table.current_changed.connect(self._update_buttons)
        self.reprint_action = self.action(self.tr("In lại…"), self.reprint, tip=self.tr("In lại giấy này (cùng số)"))
        self.reissue_action = self.action(self.tr("Cấp lại…"), self.reissue,
                                          tip=self.tr("Hủy giấy này và cấp giấy mới mang số mới"))
        self.reprint_button = ActionButton(self.reprint_action)
        self.reissue_button = ActionButton(self.reissue_action)
        self.export_excel_action = self.export_action()
        self.export_button = ActionButton(self.export_excel_action)
        self.table.row_actions = lambda: [self.reprint_action, self.reissue_action]
        self.table.activated_record.connect(lambda _: self.reprint())

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Danh hiệu:")))
        top.addWidget(self.title_box)
        top.addWidget(self.search, 1)
        top.addWidget(self.count)
        buttons = QHBoxLayout()
        buttons.addWidget(self.reprint_button)
        buttons.addWidget(self.reissue_button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self._verify_box())
        self._update_buttons(None)

    def _verify_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Kiểm tra một giấy công nhận"))
        self.verify_number = QLineEdit()
        self.verify_number.setPlaceholderText(self.tr("Ví dụ: 2026-GĐHT-000123"))
        self.verify_code = QLineEdit()
        self.verify_code.setPlaceholderText(self.tr("Mã in trên giấy, ví dụ: 7KQ2-M9XD"))
        self.verify_button = QPushButton(self.tr("Kiểm tra"))
        self.verify_button.clicked.connect(self.verify)
        self.verify_code.returnPressed.connect(self.verify)
        self.verify_result = QLabel()
        self.verify_result.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Số vào sổ"), self.verify_number)
        code_row = QHBoxLayout()
        code_row.addWidget(self.verify_code, 1)
        code_row.addWidget(self.verify_button)
        form.addRow(self.tr("Mã xác thực"), code_row)
        layout = QVBoxLayout(box)
        layout.addLayout(form)
        layout.addWidget(self.verify_result)
        return box

    # --- loading ------------------------------------------------------------------------
    def export_options(self) -> dict:
        return {"year": self.year or None, "title": self.title_box.currentData()}  # what the tab shows

    def set_year(self, year: int) -> None:
        if year != self.year:
            self.year = year
            self.refresh(None)

    def search_field(self) -> QWidget:
        return self.search

    def load(self) -> None:
        year, title = self.year, self.title_box.currentData()
        self.loader.load(lambda session: certificates.register_entries(session=session, year=year, title=title),
                         self._show)

    def _filter(self, text: str) -> None:
        self._show(None, text)

    def _show(self, entries: list[RegisterEntry] | None, text: str | None = None) -> None:
        """New entries and/or a new search, keeping the chosen entry."""
        keep = getattr(self.table.current(), "id", None)
        self.table.set_filter(self.search.search_text() if text is None else text)
        if entries is not None:
            self._entries = entries
        self.table.set_records(self._entries, keep=keep)
        shown = self.table.shown_records()
        void = sum(1 for e in shown if e.void)
        self.count.setText(self.tr("{0} giấy năm {1} ({2} đã hủy)").format(format_count(len(shown)), self.year,
                                                                          format_count(void)))
        self.loaded.emit()

    # --- one entry ----------------------------------------------------------------------
    def _update_buttons(self, entry: RegisterEntry | None) -> None:
        live = entry is not None and not entry.void
        self.reprint_action.setEnabled(live)
        self.reissue_action.setEnabled(live)

    def reprint(self) -> None:
        entry = self.table.current()
        if entry is not None and not entry.void:
            self.actions.reprint(entry.register_number)

    def print_current(self) -> bool:
        entry = self.table.current()
        if entry is None or entry.void:
            return False
        self.reprint()
        return True

    def reissue(self) -> QWidget | None:
        entry = self.table.current()
        return self.actions.reissue(entry.register_number, entry.name) if entry is not None else None

    def verify(self) -> None:
        number, code = self.verify_number.text().strip(), self.verify_code.text().strip()
        if not number or not code:
            self._verdict(self.tr("Hãy nhập cả số vào sổ và mã xác thực in trên giấy."), ERROR_COLOUR)
            return
        self.verify_loader.load(lambda session: certificates.verify(session=session, register_number=number,
                                                                    check=code),
                                lambda entry: self._verified(number, entry))

    def _verified(self, number: str, entry: RegisterEntry | None) -> None:
        if entry is None:
            self._verdict(self.tr("Không khớp: trong sổ cấp không có giấy số {0} với mã xác thực này. Giấy có thể "
                                  "bị sửa hoặc đã nhập sai.").format(number), ERROR_COLOUR)
        elif entry.void:
            self._verdict(self.tr("Giấy số {0} ({1}) có trong sổ nhưng <b>đã hủy</b>: {2}.").format(
                entry.register_number, entry.name, entry.void_reason), ERROR_COLOUR)
        else:
            self._verdict(self.tr(
                "Hợp lệ: giấy số <b>{0}</b> công nhận <b>{1}</b> năm {2} cho <b>{3}</b> ({4}), theo Quyết định số "
                "{5}, cấp ngày {6}.").format(entry.register_number, title_name(entry.title), entry.year, entry.name,
                                             entry.detail, entry.decision_number, vi_date(entry.issued_on)), OK_COLOUR)

    def _verdict(self, text: str, colour: str) -> None:
        self.verify_result.setStyleSheet(f"color: {colour};")
        self.verify_result.setText(text)
