"""Dòng họ: the clans, their head (trưởng họ) and member households."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSplitter, QVBoxLayout, QWidget,
)

from desktop.domain.errors import ValidationError
from desktop.domain.records import clean_text_required
from desktop.services import clans
from desktop.services.overview import ClanOverview, clan_households, list_clan_overview
from desktop.ui.context import UiContext
from desktop.ui.dialogs.form_dialog import FormDialog, confirm
from desktop.ui.dialogs.pickers import CitizenPicker, HouseholdPicker
from desktop.ui.pages.refreshing import RefreshingPage
from desktop.ui.widgets.record_table import Column, RecordTable
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


class ClansPage(RefreshingPage):
    title = "Dòng họ"
    tables = ("clans", "clan_households", "households", "citizens")

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Lọc theo tên dòng họ hoặc trưởng họ…"))
        self.filter.setClearButtonEnabled(True)
        self.clans = RecordTable([
            Column(self.tr("Dòng họ"), lambda c: c.name, stretch=True),
            Column(self.tr("Trưởng họ"), lambda c: c.head_name),
            Column(self.tr("Số hộ"), lambda c: c.households, number=True),
        ])
        self.filter.textChanged.connect(self.clans.table_model.set_filter)
        self.households = RecordTable([
            Column(self.tr("Mã hộ"), lambda h: h.code),
            Column(self.tr("Chủ hộ"), lambda h: h.head_name),
            Column(self.tr("Thôn/Tổ dân phố"), lambda h: h.hamlet_name),
            Column(self.tr("Địa chỉ"), lambda h: h.address, stretch=True),
            Column(self.tr("Số người"), lambda h: h.residents, number=True),
        ])
        self.add_button = QPushButton(self.tr("Thêm dòng họ…"))
        self.rename_button = QPushButton(self.tr("Đổi tên…"))
        self.head_button = QPushButton(self.tr("Đặt trưởng họ…"))
        self.delete_button = QPushButton(self.tr("Xóa dòng họ"))
        self.add_household_button = QPushButton(self.tr("Thêm hộ…"))
        self.remove_household_button = QPushButton(self.tr("Bỏ hộ khỏi dòng họ"))
        for button, slot in ((self.add_button, self.add_clan), (self.rename_button, self.rename_clan),
                             (self.head_button, self.set_head), (self.delete_button, self.delete_clan),
                             (self.add_household_button, self.add_household),
                             (self.remove_household_button, self.remove_household)):
            button.clicked.connect(slot)
        self.clans.current_changed.connect(self._clan_chosen)
        self.households.current_changed.connect(lambda _: self._update_buttons())
        self.clans.activated_record.connect(lambda _: self.rename_clan())
        self.summary = QLabel()
        self.members_title = QGroupBox(self.tr("Các hộ trong dòng họ"))

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.filter)
        left_layout.addWidget(self.clans, 1)
        left_layout.addWidget(self.summary)
        clan_bar = QHBoxLayout()
        for button in (self.add_button, self.rename_button, self.head_button, self.delete_button):
            clan_bar.addWidget(button)
        left_layout.addLayout(clan_bar)
        right_layout = QVBoxLayout(self.members_title)
        right_layout.addWidget(self.households, 1)
        household_bar = QHBoxLayout()
        household_bar.addWidget(self.add_household_button)
        household_bar.addWidget(self.remove_household_button)
        household_bar.addStretch(1)
        right_layout.addLayout(household_bar)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.members_title)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<h2>{self.tr('Dòng họ')}</h2>"))
        layout.addWidget(splitter, 1)
        self._update_buttons()

    # --- reading -------------------------------------------------------------------
    def load(self) -> None:
        with self.ctx.read() as session:
            rows = list_clan_overview(session=session)
        self.clans.set_records(rows, keep=self.take_selection())
        self.summary.setText(self.tr("{0} dòng họ.").format(len(rows)))  # the selection signal loads its households

    def _clan_chosen(self, clan: ClanOverview | None) -> None:
        if clan is None:
            self.households.set_records([])
            self.members_title.setTitle(self.tr("Các hộ trong dòng họ"))
        else:
            with self.ctx.read() as session:
                self.households.set_records(clan_households(session=session, clan_id=clan.id))
            head = self.tr(" — trưởng họ: {0}").format(clan.head_name) if clan.head_name else ""
            self.members_title.setTitle(self.tr("Các hộ trong {0}").format(clan.name) + head)
        self._update_buttons()

    def _update_buttons(self) -> None:
        clan = self.clans.current()
        for button in (self.rename_button, self.head_button, self.delete_button, self.add_household_button):
            button.setEnabled(clan is not None)
        self.remove_household_button.setEnabled(clan is not None and self.households.current() is not None)

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
            self.write(lambda s: clans.delete_clan(session=s, clan_id=clan.id), self.tr("Đang xóa dòng họ…"))
        box = confirm(self, self.tr("Xóa dòng họ"),
                      self.tr("Xóa {0} khỏi danh sách dòng họ? Các hộ và công dân không bị ảnh hưởng.").format(
                          clan.name), self.tr("Xóa"), delete)
        self.current_dialog = box
        return box

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
