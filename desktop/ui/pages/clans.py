"""Dòng họ: the clans, their head (trưởng họ) and member households."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop.domain.errors import ValidationError
from desktop.domain.records import clean_text_required
from desktop.domain.text import format_count
from desktop.services import clans
from desktop.services.list_readouts import ClanOverview, clan_households, list_clan_overview
from desktop.ui.context import UiContext
from desktop.ui.dialogs.form_dialog import FormDialog
from desktop.ui.dialogs.opening import confirm
from desktop.ui.dialogs.pickers import CitizenPicker, HouseholdPicker
from desktop.ui.pages.base import Page
from desktop.ui.widgets.action_button import ActionButton
from desktop.ui.widgets.adaptive import AdaptiveSplitter, FlowLayout
from desktop.ui.widgets.record_table import RecordColumn, RecordTable
from desktop.ui.widgets.validated_field import run_check


class ClanNameDialog(FormDialog):
    """Add a clan, or rename one."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None, *, clan: ClanOverview | None = None) -> None:
        super().__init__(ctx, self.tr("Đổi tên dòng họ") if clan else self.tr("Thêm dòng họ"), parent)
        self.clan = clan
        self.name = self.add_field("name", self.tr("Tên dòng họ"), QLineEdit())
        self.name.setPlaceholderText(self.tr("Ví dụ: Họ Nguyễn Văn"))
        if clan is not None:
            self.name.setText(clan.name)
        self.validate()

    def check(self) -> list[ValidationError]:
        errors: list[ValidationError] = []
        run_check(errors, clean_text_required, self.name.text(), field="name")
        return errors

    def job(self):
        name = self.name.text()
        if self.clan is None:
            return lambda s: clans.add_clan(session=s, name=name)
        clan_id = self.clan.id
        return lambda s: clans.rename_clan(session=s, clan_id=clan_id, name=name)


class ClansPage(Page):
    title = "Dòng họ"
    tables = ("clans", "clan_households", "households", "citizens")
    export_what = "clans"
    help_html = (
        "<p>Các dòng họ trên địa bàn xã, trưởng họ và các hộ thuộc mỗi dòng họ (một dòng họ có thể có hộ ở "
        "nhiều thôn). Chọn một dòng họ để xem các hộ của nó ở khung bên phải.</p>"
        "<ul><li><b>Thêm dòng họ…</b>, <b>Đổi tên…</b> (hoặc nháy đúp, Enter), <b>Đặt trưởng họ…</b>.</li>"
        "<li><b>Thêm hộ…</b>: tìm hộ theo mã, địa chỉ hoặc tên chủ hộ. <b>Bỏ hộ khỏi dòng họ</b> không xóa hộ.</li>"
        "<li><b>Xóa dòng họ</b> (hoặc phím Delete): có hỏi lại; các hộ và công dân không bị ảnh hưởng; lấy lại "
        "được trong Sửa › Dữ liệu đã xóa.</li>"
        "<li><b>Xuất Excel…</b>: ghi danh sách ra tệp .xlsx để in hoặc gửi cấp trên.</li></ul>")

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.members_loader = self.new_loader()
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Lọc theo tên dòng họ hoặc trưởng họ…"))
        self.filter.setClearButtonEnabled(True)
        self.clans = RecordTable([
            RecordColumn(self.tr("Dòng họ"), lambda c: c.name, stretch=True),
            RecordColumn(self.tr("Trưởng họ"), lambda c: c.head_name),
            RecordColumn(self.tr("Số hộ"), lambda c: format_count(c.households), number=True),
        ])
        self.filter.textChanged.connect(self.clans.set_filter)
        self.households = RecordTable([
            RecordColumn(self.tr("Mã hộ"), lambda h: h.code),
            RecordColumn(self.tr("Chủ hộ"), lambda h: h.head_name),
            RecordColumn(self.tr("Thôn/Tổ dân phố"), lambda h: h.hamlet_name),
            RecordColumn(self.tr("Địa chỉ"), lambda h: h.address, stretch=True),
            RecordColumn(self.tr("Số người"), lambda h: format_count(h.residents), number=True),
        ])
        self.add_action = self.action(self.tr("Thêm dòng họ…"), self.add_clan)
        self.rename_action = self.action(self.tr("Đổi tên…"), self.rename_clan, tip=self.tr("Đổi tên dòng họ"))
        self.head_action = self.action(self.tr("Đặt trưởng họ…"), self.set_head)
        self.delete_action = self.action(self.tr("Xóa dòng họ"), self.delete_clan)
        self.add_household_action = self.action(self.tr("Thêm hộ…"), self.add_household,
                                                tip=self.tr("Thêm một hộ vào dòng họ đang chọn"))
        self.remove_household_action = self.action(self.tr("Bỏ hộ khỏi dòng họ"), self.remove_household)
        self.export_excel_action = self.export_action()
        self.export_button = ActionButton(self.export_excel_action)
        self.add_button = ActionButton(self.add_action)
        self.rename_button = ActionButton(self.rename_action)
        self.head_button = ActionButton(self.head_action)
        self.delete_button = ActionButton(self.delete_action)
        self.add_household_button = ActionButton(self.add_household_action)
        self.remove_household_button = ActionButton(self.remove_household_action)
        self.clans.row_actions = lambda: [self.rename_action, self.head_action, self.add_household_action, None,
                                          self.delete_action]
        self.households.row_actions = lambda: [self.remove_household_action]
        self.clans.current_changed.connect(self._clan_chosen)
        self.households.current_changed.connect(lambda _: self._update_actions())
        self.clans.activated_record.connect(lambda _: self.rename_clan())
        self.clans.delete_requested.connect(self.delete_clan)
        self.households.delete_requested.connect(self.remove_household)
        self.summary = QLabel()
        self.members_title = QGroupBox(self.tr("Các hộ trong dòng họ"))

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.filter)
        left_layout.addWidget(self.clans, 1)
        left_layout.addWidget(self.summary)
        clan_bar = FlowLayout()
        for button in (self.add_button, self.rename_button, self.head_button, self.delete_button, self.export_button):
            clan_bar.addWidget(button)
        left_layout.addLayout(clan_bar)
        right_layout = QVBoxLayout(self.members_title)
        right_layout.addWidget(self.households, 1)
        household_bar = QHBoxLayout()
        household_bar.addWidget(self.add_household_button)
        household_bar.addWidget(self.remove_household_button)
        household_bar.addStretch(1)
        right_layout.addLayout(household_bar)
        self.splitter = AdaptiveSplitter(stack_below=760)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.members_title)
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<h2>{self.tr('Dòng họ')}</h2>"))
        layout.addWidget(self.splitter, 1)
        self._update_actions()

    def search_field(self) -> QWidget:
        return self.filter

    # --- reading -------------------------------------------------------------------
    def load(self) -> None:
        self.loader.load(lambda session: list_clan_overview(session=session), self._arrived)

    def _arrived(self, rows: list[ClanOverview]) -> None:
        self.clans.set_records(rows, keep=self.take_selection())  # the selection signal loads its households
        self.summary.setText(self.tr("{0} dòng họ.").format(format_count(len(rows))))
        self.loaded.emit()

    def _clan_chosen(self, clan: ClanOverview | None) -> None:
        if clan is None:
            self.households.set_records([])
            self.members_title.setTitle(self.tr("Các hộ trong dòng họ"))
        else:
            clan_id = clan.id
            self.members_loader.load(lambda session: clan_households(session=session, clan_id=clan_id),
                                     self.households.set_records)
            head = self.tr(" — trưởng họ: {0}").format(clan.head_name) if clan.head_name else ""
            self.members_title.setTitle(self.tr("Các hộ trong {0}").format(clan.name) + head)
        self._update_actions()

    def _update_actions(self) -> None:
        clan = self.clans.current()
        for action in (self.rename_action, self.head_action, self.delete_action, self.add_household_action):
            action.setEnabled(clan is not None)
        self.remove_household_action.setEnabled(clan is not None and self.households.current() is not None)

    # --- actions -------------------------------------------------------------------
    def add_clan(self) -> QWidget:
        dialog = ClanNameDialog(self.ctx, self)
        return self.open_dialog(dialog, lambda: self.select_next(dialog.result_value.id))

    def rename_clan(self) -> QWidget | None:
        clan = self.clans.current()
        if clan is None:
            return None
        return self.open_dialog(ClanNameDialog(self.ctx, self, clan=clan))

    def delete_clan(self) -> QWidget | None:
        clan = self.clans.current()
        if clan is None:
            return None

        def delete() -> None:
            self.write(lambda s: clans.delete_clan(session=s, clan_id=clan.id), self.tr("Đang xóa dòng họ…"),
                       undo=self.tr("Xóa {0}").format(clan.name))
        return confirm(self, self.tr("Xóa dòng họ"),
                       self.tr("Xóa {0} khỏi danh sách dòng họ? Các hộ và công dân không bị ảnh hưởng.\n\n"
                               "Có thể lấy lại trong Sửa › Dữ liệu đã xóa, hoặc hoàn tác ngay bằng Ctrl+Z.").format(
                           clan.name), self.tr("Xóa"), delete, destructive=True)

    def add_household(self) -> QWidget | None:
        clan = self.clans.current()
        if clan is None:
            return None
        members = tuple(h.id for h in self.households.table_model.records())
        picker = HouseholdPicker(self.ctx, self, title=self.tr("Thêm hộ vào {0}").format(clan.name),
                                 exclude_ids=members)

        def picked() -> None:
            household_id = picker.selected().id
            self.write(lambda s: clans.add_household_to_clan(session=s, clan_id=clan.id, household_id=household_id),
                       self.tr("Đang thêm hộ…"))
        return self.open_dialog(picker, picked)

    def remove_household(self) -> None:
        clan, household = self.clans.current(), self.households.current()
        if clan is None or household is None:
            return
        self.write(lambda s: clans.remove_household_from_clan(session=s, clan_id=clan.id, household_id=household.id),
                   self.tr("Đang bỏ hộ khỏi dòng họ…"))

    def set_head(self) -> QWidget | None:
        clan = self.clans.current()
        if clan is None:
            return None
        picker = CitizenPicker(self.ctx, self, title=self.tr("Chọn trưởng họ cho {0}").format(clan.name))

        def picked() -> None:
            citizen_id = picker.selected().id
            self.write(lambda s: clans.set_clan_head(session=s, clan_id=clan.id, citizen_id=citizen_id),
                       self.tr("Đang đặt trưởng họ…"))
        return self.open_dialog(picker, picked)
