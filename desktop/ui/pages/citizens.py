"""The citizens list: everyone in the register, searched and filtered, 75,000 rows smoothly."""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import QPushButton, QWidget

from desktop.domain import vocab
from desktop.services import listing
from desktop.services.listing import CitizenFilter, CitizenRow
from desktop.ui.context import UiContext
from desktop.ui.models.citizens_model import CitizensTableModel
from desktop.domain.text import format_count
from desktop.ui.pages.list_page import ListPage


def _fetch_rows(ctx: UiContext, ids: list[str]) -> list[CitizenRow]:
    # A short read on the UI thread: one page of the table (~8 ms for 200 rows).
    with ctx.read() as session:
        return listing.citizen_rows(session=session, ids=ids)


class CitizensPage(ListPage):
    title = "Công dân"
    SETTINGS_GROUP = "citizens"
    DEFAULT_SORT = ("name", False)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.hamlet = self.add_filter(self.tr("Thôn/TDP:"), [])
        self.hamlet.setMinimumContentsLength(12)
        self.sex = self.add_filter(self.tr("Giới tính:"), list(vocab.SEX.items()))
        self.age_band = self.add_filter(
            self.tr("Độ tuổi:"), [(key, label) for key, (_, _, label) in listing.AGE_BANDS.items()])
        self.ethnicity = self.add_filter(self.tr("Dân tộc:"), [])
        self.status = self.add_filter(self.tr("Tình trạng:"), list(vocab.CITIZEN_STATUS.items()),
                                      current=CitizenFilter().status)
        open_button = QPushButton(self.tr("Mở hộ của người này"), self)
        open_button.clicked.connect(self.open_selected)
        self.filters.addWidget(open_button)

    def make_model(self) -> CitizensTableModel:
        return CitizensTableModel(partial(_fetch_rows, self.ctx))

    def query(self) -> CitizenFilter:
        return CitizenFilter(text=self.search.search_text(), hamlet_id=self.hamlet.currentData(),
                             sex=self.sex.currentData(), age_band=self.age_band.currentData(),
                             ethnicity=self.ethnicity.currentData(), status=self.status.currentData())

    @staticmethod
    def load(session, query: CitizenFilter, sort: str, descending: bool, with_choices: bool):
        ids = listing.citizen_ids(session=session, filter=query, sort=sort, descending=descending)
        choices = (listing.hamlet_choices(session), listing.ethnicity_choices(session)) if with_choices else None
        return ids, choices

    def apply_choices(self, choices) -> bool:
        hamlets, ethnicities = choices
        gone = self.fill_combo(self.hamlet, [(c.value, c.label) for c in hamlets])
        gone |= self.fill_combo(self.ethnicity,
                                [(c.value, f"{c.label} ({format_count(c.count)})") for c in ethnicities])
        return gone

    def count_text(self, n: int) -> str:
        return self.tr("{0} công dân").format(format_count(n))

    def household_of(self, row: CitizenRow) -> str | None:
        return row.household_id
