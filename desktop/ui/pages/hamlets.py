"""Thôn/Tổ dân phố: the commune's hamlets, current and retired, with their households."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop.domain import vocab
from desktop.domain.dates import parse_full_date
from desktop.domain.errors import ValidationError
from desktop.domain.records import clean_text_required
from desktop.domain.text import format_count
from desktop.services import hamlets
from desktop.services.list_readouts import HamletOverview, list_hamlet_overview
from desktop.ui.context import UiContext
from desktop.ui.dialogs.form_dialog import FormDialog
from desktop.ui.pages.base import Page
from desktop.ui.widgets.action_button import ActionButton
from desktop.ui.widgets.record_table import RecordColumn, RecordTable, vi_date
from desktop.ui.widgets.validated_field import combo, run_check, select_data


class HamletDialog(FormDialog):
    """Add a hamlet (name, kind, in force from) or rename one (name, kind)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None, *, hamlet: HamletOverview | None = None) -> None:
        super().__init__(ctx, self.tr("Đổi tên thôn/tổ dân phố") if hamlet else self.tr("Thêm thôn/tổ dân phố"), parent)
        self.hamlet = hamlet
        self.name = self.add_field("name", self.tr("Tên"), QLineEdit())
        self.name.setPlaceholderText(self.tr("Ví dụ: Thôn Đông, Tổ dân phố số 3"))
        self.kind = self.add_field("kind", self.tr("Loại"), combo(vocab.HAMLET_KINDS))
        self._kind_chosen = hamlet is not None
        self.kind.activated.connect(lambda _: setattr(self, "_kind_chosen", True))
        self.name.textChanged.connect(self._guess_kind)
        self.valid_from = None
        if hamlet is None:
            self.valid_from = self.add_field("valid_from", self.tr("Có hiệu lực từ"), QLineEdit())
            self.valid_from.setPlaceholderText(self.tr("Để trống nếu không rõ; ngày/tháng/năm, ví dụ 01/01/2020"))
        else:
            self.name.setText(hamlet.name)
            select_data(self.kind, hamlet.kind)
        self.validate()

    def _guess_kind(self, text: str) -> None:
        if not self._kind_chosen:
            select_data(self.kind, hamlets.guess_kind(text))

    def check(self) -> list[ValidationError]:
        errors: list[ValidationError] = []
        run_check(errors, clean_text_required, self.name.text(), field="name")
        if self.valid_from is not None and self.valid_from.text().strip():
            run_check(errors, parse_full_date, self.valid_from.text(), field="valid_from")
        return errors

    def job(self):
        name, kind = self.name.text(), self.kind.currentData()
        if self.hamlet is not None:
            hamlet_id = self.hamlet.id
            return lambda s: hamlets.rename_hamlet(session=s, hamlet_id=hamlet_id, name=name, kind=kind)
        start = self.valid_from.text().strip() or None
        return lambda s: hamlets.add_hamlet(session=s, name=name, kind=kind, valid_from=start)


class RetireDialog(FormDialog):
    """A hamlet merged or dissolved: the day it stops being in force."""

    def __init__(self, ctx: UiContext, hamlet: HamletOverview, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Hết hiệu lực: {0}").format(hamlet.name), parent)
        self.hamlet = hamlet
        explain = QLabel(self.tr("{0} vẫn được giữ trong sổ (cùng các hộ và số liệu các năm trước), "
                                 "nhưng không còn trong danh sách chọn từ ngày này.").format(hamlet.name))
        explain.setWordWrap(True)
        self.form.addRow(explain)
        self.valid_to = self.add_field("valid_to", self.tr("Hết hiệu lực từ ngày"), QLineEdit())
        self.valid_to.setPlaceholderText(self.tr("ngày/tháng/năm, ví dụ 01/07/2025"))
        self.valid_to.setText(date.today().strftime("%d/%m/%Y"))
        self.validate()

    def check(self) -> list[ValidationError]:
        errors: list[ValidationError] = []
        run_check(errors, parse_full_date, self.valid_to.text(), field="valid_to")
        return errors

    def job(self):
        hamlet_id, end = self.hamlet.id, self.valid_to.text()
        return lambda s: hamlets.retire_hamlet(session=s, hamlet_id=hamlet_id, valid_to=end)


class HamletsPage(Page):
    title = "Thôn/Tổ dân phố"
    tables = ("hamlets", "households")
    help_html = (
        "<p>Danh sách thôn, bản, tổ dân phố của xã, kể cả những thôn đã sáp nhập hoặc giải thể "
        "(<i>hết hiệu lực</i>). Thôn hết hiệu lực vẫn được giữ cùng các hộ và số liệu các năm trước, "
        "nhưng không còn trong danh sách chọn khi nhập hộ mới.</p>"
        "<ul><li><b>Thêm…</b>: thôn mới (tên, loại, ngày có hiệu lực).</li>"
        "<li><b>Đổi tên…</b> (hoặc nháy đúp, Enter): sửa tên, loại.</li>"
        "<li><b>Hết hiệu lực…</b>: ngày thôn thôi có hiệu lực (sáp nhập, giải thể).</li></ul>"
        "<p>Bấm chuột phải vào một dòng để xem các thao tác với dòng đó.</p>")

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._rows: list[HamletOverview] = []
        self.table = RecordTable([
            RecordColumn(self.tr("Tên"), lambda h: h.name, stretch=True),
            RecordColumn(self.tr("Loại"), lambda h: vocab.HAMLET_KINDS.get(h.kind, h.kind)),
            RecordColumn(self.tr("Có hiệu lực từ"), lambda h: vi_date(h.valid_from)),
            RecordColumn(self.tr("Hết hiệu lực từ"), lambda h: vi_date(h.valid_to)),
            RecordColumn(self.tr("Số hộ"), lambda h: format_count(h.households), number=True),
        ])
        self.show_retired = QCheckBox(self.tr("Hiện cả thôn/tổ đã hết hiệu lực"))
        self.show_retired.setChecked(True)
        self.show_retired.toggled.connect(lambda _: self._show())
        self.add_action = self.action(self.tr("Thêm…"), self.add_hamlet, tip=self.tr("Thêm thôn/tổ dân phố"))
        self.rename_action = self.action(self.tr("Đổi tên…"), self.rename_hamlet)
        self.retire_action = self.action(self.tr("Hết hiệu lực…"), self.retire_hamlet,
                                         tip=self.tr("Ngày thôn/tổ thôi có hiệu lực (sáp nhập, giải thể)"))
        self.add_button = ActionButton(self.add_action)
        self.rename_button = ActionButton(self.rename_action)
        self.retire_button = ActionButton(self.retire_action)
        self.table.row_actions = lambda: [self.rename_action, self.retire_action]
        self.table.activated_record.connect(lambda _: self.rename_hamlet())
        self.table.current_changed.connect(self._update_actions)
        self.summary = QLabel()
        bar = QHBoxLayout()
        for widget in (self.add_button, self.rename_button, self.retire_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.show_retired)
        layout = QVBoxLayout(self)
        heading = QLabel(f"<h2>{self.tr('Thôn/Tổ dân phố')}</h2>")
        layout.addWidget(heading)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        self._update_actions(None)

    def load(self) -> None:
        self.loader.load(lambda session: list_hamlet_overview(session=session), self._arrived)

    def _arrived(self, rows: list[HamletOverview]) -> None:
        self._rows = rows
        self._show(self.take_selection())
        self.loaded.emit()

    def _show(self, keep: str | None = None) -> None:
        today = date.today()
        rows = [h for h in self._rows if self.show_retired.isChecked() or h.current_on(today)]
        self.table.set_records(rows, keep=keep)
        current = sum(1 for h in self._rows if h.current_on(today))
        self.summary.setText(self.tr("{0} thôn/tổ đang có hiệu lực, {1} đã hết hiệu lực.").format(
            format_count(current), format_count(len(self._rows) - current)))

    def _update_actions(self, hamlet: HamletOverview | None) -> None:
        self.rename_action.setEnabled(hamlet is not None)
        self.retire_action.setEnabled(hamlet is not None and hamlet.valid_to is None)

    def add_hamlet(self) -> QWidget:
        dialog = HamletDialog(self.ctx, self)
        return self.open_dialog(dialog, lambda: self._after(dialog))

    def rename_hamlet(self) -> QWidget | None:
        hamlet = self.table.current()
        if hamlet is None:
            return None
        dialog = HamletDialog(self.ctx, self, hamlet=hamlet)
        return self.open_dialog(dialog, lambda: self._after(dialog))

    def retire_hamlet(self) -> QWidget | None:
        hamlet = self.table.current()
        if hamlet is None:
            return None
        dialog = RetireDialog(self.ctx, hamlet, self)
        return self.open_dialog(dialog, lambda: self._after(dialog))

    def _after(self, dialog: FormDialog) -> None:
        self.select_next(getattr(dialog.result_value, "id", None))
