"""The households list: every household of the commune, searched and filtered."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from desktop.domain import vocab
from desktop.domain.text import format_count
from desktop.services import listing, register
from desktop.services.listing import HouseholdFilter, HouseholdRow
from desktop.ui.context import UiContext
from desktop.ui.dialogs.opening import confirm
from desktop.ui.file_state import read_only_reason
from desktop.ui.models.households_model import HouseholdsTableModel
from desktop.ui.pages.list_page import ListPage
from desktop.ui.widgets.action_button import ActionButton


class HouseholdsPage(ListPage):
    title = "Hộ gia đình"
    add_household = Signal()  # the main window opens an empty household dialog
    import_lists = Signal()  # the main window asks for a file and opens the import wizard
    SETTINGS_GROUP = "households"
    DEFAULT_SORT = ("code", False)
    export_what = "households"
    help_html = (
        "<p>Mọi hộ gia đình của xã. Gõ vào ô tìm kiếm mã hộ, địa chỉ hoặc tên chủ hộ (không cần dấu); "
        "lọc theo thôn và diện hộ; bấm vào tiêu đề cột để sắp xếp, chuột phải vào tiêu đề để ẩn/hiện cột.</p>"
        "<ul><li><b>Mở hộ</b> (hoặc nháy đúp, Enter): xem và sửa hộ cùng các thành viên.</li>"
        "<li><b>Thêm hộ gia đình…</b> (Ctrl+N): hộ mới cùng các thành viên, lưu một lần.</li>"
        "<li><b>Xóa hộ</b> (hoặc phím Delete): chỉ cho hộ nhập nhầm; có hỏi lại; lấy lại được trong "
        "Sửa › Dữ liệu đã xóa.</li>"
        "<li>Từ ô tìm kiếm, phím ↓ xuống danh sách.</li>"
        "<li><b>Xuất Excel…</b>: ghi danh sách đang hiện (theo ô tìm kiếm và bộ lọc) ra tệp .xlsx để in hoặc gửi cấp trên.</li>"
        "<li><b>Nhập từ Excel…</b>: đưa danh sách hộ, nhân khẩu xã đang có (.xlsx, .xls, .ods, .csv) vào sổ; "
        "xem cách đọc các cột, kiểm tra thử rồi mới nhập; dòng nào không nhập được đều được báo.</li></ul>")

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.search.setPlaceholderText(self.tr("Tìm theo mã hộ, địa chỉ, tên chủ hộ…"))
        self.hamlet = self.add_filter(self.tr("Thôn/TDP:"), [])
        self.hamlet.setMinimumContentsLength(12)
        self.poverty = self.add_filter(self.tr("Diện hộ:"), list(vocab.POVERTY.items()))
        self.open_action = self.action(self.tr("Mở hộ"), self.open_selected, tip=self.tr("Xem và sửa hộ đang chọn"))
        self.add_action = self.action(self.tr("Thêm hộ gia đình…"), self.add_household.emit)
        self.delete_action = self.action(self.tr("Xóa hộ…"), self.delete_current,
                                         tip=self.tr("Xóa hộ nhập nhầm (cùng các thành viên)"))
        self.export_excel_action = self.export_action()
        self.import_action = self.action(self.tr("Nhập từ Excel…"), self.import_lists.emit,
                                         tip=self.tr("Nhập hộ và nhân khẩu từ danh sách xã đang có (.xlsx, .xls, "
                                                     ".ods, .csv)"))
        if ctx.db.read_only:
            self.import_action.setEnabled(False)
            self.import_action.setToolTip(read_only_reason())
        for action in (self.open_action, self.add_action, self.delete_action, self.export_excel_action,
                       self.import_action):
            self.filters.addWidget(ActionButton(action, self))
        self._current.changed.connect(self._update_actions)
        self._update_actions(None)

    def make_model(self) -> HouseholdsTableModel:
        return HouseholdsTableModel(**self.make_model_args())

    def query(self) -> HouseholdFilter:
        return HouseholdFilter(text=self.search.search_text(), hamlet_id=self.hamlet.currentData(),
                               poverty=self.poverty.currentData())

    @staticmethod
    def load_ids(session, query: HouseholdFilter, sort: str, descending: bool, with_choices: bool):
        ids = listing.household_ids(session=session, filter=query, sort=sort, descending=descending)
        return ids, listing.hamlet_choices(session=session) if with_choices else None

    @staticmethod
    def fetch_rows(session, ids: list[str]) -> list[HouseholdRow]:
        return listing.household_rows(session=session, ids=ids)

    def apply_choices(self, hamlets) -> bool:
        return self.fill_combo(self.hamlet, [(c.value, f"{c.label} ({format_count(c.count)} hộ)") for c in hamlets])

    def count_text(self, n: int) -> str:
        return self.tr("{0} hộ").format(format_count(n))

    def household_of(self, row: HouseholdRow) -> str | None:
        return row.id

    def _update_actions(self, row: HouseholdRow | None) -> None:
        self.open_action.setEnabled(row is not None)
        self.delete_action.setEnabled(row is not None)

    def row_actions(self) -> list[QAction | None]:
        return [self.open_action, None, self.delete_action]

    def delete_current(self) -> QWidget | None:
        row: HouseholdRow | None = self.current_row()
        if row is None:
            return None
        household_id = row.id

        def delete() -> None:
            self.write(lambda s: register.delete_household(session=s, household_id=household_id),
                       self.tr("Đang xóa hộ…"), undo=self.tr("Xóa hộ {0}").format(row.code))
        who = self.tr(" (chủ hộ {0})").format(row.head_name) if row.head_name else ""
        return confirm(self, self.tr("Xóa hộ gia đình"), self.tr(
            "Xóa hộ {0}{1} cùng các thành viên của hộ khỏi sổ?\n\nChỉ dùng cho hộ nhập nhầm. Có thể lấy lại trong "
            "Sửa › Dữ liệu đã xóa, hoặc hoàn tác ngay bằng Ctrl+Z.").format(row.code, who),
            self.tr("Xóa hộ"), delete, destructive=True)
