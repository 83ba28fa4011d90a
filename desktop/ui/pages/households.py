"""The households list: every household of the commune, searched and filtered."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton, QWidget

from desktop.domain import vocab
from desktop.services import listing
from desktop.services.listing import HouseholdFilter, HouseholdRow
from desktop.ui.context import UiContext
from desktop.ui.models.households_model import HouseholdsTableModel
from desktop.domain.text import format_count
from desktop.ui.pages.list_page import ListPage


def _fetch_rows(ctx: UiContext, ids: list[str]) -> list[HouseholdRow]:
    # A short read on the UI thread: one page of the table (~7 ms for 200 rows).
    with ctx.read() as session:
        return listing.household_rows(session=session, ids=ids)


class HouseholdsPage(ListPage):
    title = "Hộ gia đình"
    add_household = Signal()  # the main window opens an empty household dialog
    SETTINGS_GROUP = "households"
    DEFAULT_SORT = ("code", False)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.search.setPlaceholderText(self.tr("Tìm theo mã hộ, địa chỉ, tên chủ hộ…"))
        self.hamlet = self.add_filter(self.tr("Thôn/TDP:"), [])
        self.hamlet.setMinimumContentsLength(12)
        self.poverty = self.add_filter(self.tr("Diện hộ:"), list(vocab.POVERTY.items()))
        add = QPushButton(self.tr("Thêm hộ gia đình…"), self)
        add.clicked.connect(self.add_household.emit)
        open_button = QPushButton(self.tr("Mở hộ"), self)
        open_button.clicked.connect(self.open_selected)
        self.filters.addWidget(open_button)
        self.filters.addWidget(add)

    def make_model(self) -> HouseholdsTableModel:
        return HouseholdsTableModel(partial(_fetch_rows, self.ctx))

    def query(self) -> HouseholdFilter:
        return HouseholdFilter(text=self.search.search_text(), hamlet_id=self.hamlet.currentData(),
                               poverty=self.poverty.currentData())

    @staticmethod
    def load(session, query: HouseholdFilter, sort: str, descending: bool, with_choices: bool):
        ids = listing.household_ids(session=session, filter=query, sort=sort, descending=descending)
        return ids, listing.hamlet_choices(session) if with_choices else None

    def apply_choices(self, hamlets) -> bool:
        return self.fill_combo(self.hamlet, [(c.value, f"{c.label} ({format_count(c.count)} hộ)") for c in hamlets])

    def count_text(self, n: int) -> str:
        return self.tr("{0} hộ").format(format_count(n))

    def household_of(self, row: HouseholdRow) -> str | None:
        return row.id
