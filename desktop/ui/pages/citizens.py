"""The citizens list: everyone in the register, searched and filtered, 75,000 rows smoothly."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from desktop.domain import vocab
from desktop.domain.text import format_count
from desktop.services import listing, register
from desktop.services.listing import CitizenFilter, CitizenRow
from desktop.ui.context import UiContext
from desktop.ui.dialogs.opening import confirm
from desktop.ui.dialogs.status_dialog import StatusDialog
from desktop.ui.models.citizens_model import CitizensTableModel
from desktop.ui.pages.list_page import ListPage
from desktop.ui.widgets.action_button import ActionButton


class CitizensPage(ListPage):
    title = "Công dân"
    SETTINGS_GROUP = "citizens"
    export_what = "citizens"
    DEFAULT_SORT = ("name", False)
    help_html = (
        "<p>Mọi công dân trong sổ của xã. Gõ họ tên (không cần dấu: “nguyen thi huong” tìm được “Nguyễn Thị "
        "Hường”) hoặc số định danh; lọc theo thôn, giới tính, độ tuổi, dân tộc, tình trạng cư trú. Danh sách "
        "xếp theo tên rồi đến họ, như sổ sách; bấm tiêu đề cột để xếp khác, chuột phải vào tiêu đề để ẩn/hiện "
        "cột.</p>"
        "<p>Mặc định danh sách gồm những người <i>đang sinh sống tại xã</i>: thường trú và tạm trú; chọn "
        "<b>Tình trạng</b> để xem người tạm vắng, đã chuyển đi, đã mất.</p>"
        "<ul><li><b>Mở hộ của người này</b> (hoặc nháy đúp, Enter): sửa người đó trong hộ của họ.</li>"
        "<li><b>Đổi tình trạng cư trú…</b>: đã mất, đã chuyển đi, tạm vắng, tạm trú, kèm ngày.</li>"
        "<li><b>Xóa (nhập nhầm)</b> (hoặc phím Delete): chỉ cho người nhập nhầm; người chuyển đi, đã mất… "
        "thì đánh dấu tình trạng trong hộ để giữ lịch sử.</li>"
        "<li>Từ ô tìm kiếm, phím ↓ xuống danh sách.</li>"
        "<li><b>Xuất Excel…</b>: ghi danh sách đang hiện (theo ô tìm kiếm và bộ lọc) ra tệp .xlsx để in hoặc gửi cấp trên.</li></ul>")

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.hamlet = self.add_filter(self.tr("Thôn/TDP:"), [])
        self.hamlet.setMinimumContentsLength(12)
        self.sex = self.add_filter(self.tr("Giới tính:"), list(vocab.SEX.items()))
        self.age_band = self.add_filter(
            self.tr("Độ tuổi:"), [(key, label) for key, (_, _, label) in listing.AGE_BANDS.items()])
        self.ethnicity = self.add_filter(self.tr("Dân tộc:"), [])
        # By default everyone living here now: thường trú and tạm trú (vocab.LIVING_HERE).
        self.status = self.add_filter(self.tr("Tình trạng:"), list(listing.STATUS_CHOICES),
                                      current=listing.LIVING_HERE_FILTER)
        self.open_action = self.action(self.tr("Mở hộ của người này"), self.open_selected)
        self.status_action = self.action(self.tr("Đổi tình trạng cư trú…"), self.change_status,
                                         tip=self.tr("Đã mất, đã chuyển đi, tạm vắng, tạm trú — kèm ngày"))
        self.delete_action = self.action(self.tr("Xóa (nhập nhầm)…"), self.delete_current,
                                         tip=self.tr("Xóa người nhập nhầm khỏi sổ"))
        self.export_excel_action = self.export_action()
        for action in (self.open_action, self.status_action, self.delete_action, self.export_excel_action):
            self.filters.addWidget(ActionButton(action, self))
        self._current.changed.connect(self._update_actions)
        self._update_actions(None)

    def make_model(self) -> CitizensTableModel:
        return CitizensTableModel(**self.make_model_args())

    def query(self) -> CitizenFilter:
        return CitizenFilter(text=self.search.search_text(), hamlet_id=self.hamlet.currentData(),
                             sex=self.sex.currentData(), age_band=self.age_band.currentData(),
                             ethnicity=self.ethnicity.currentData(), status=self.status.currentData())

    @staticmethod
    def load_ids(session, query: CitizenFilter, sort: str, descending: bool, with_choices: bool):
        ids = listing.citizen_ids(session=session, filter=query, sort=sort, descending=descending)
        choices = (listing.hamlet_choices(session=session),
                   listing.ethnicity_choices(session=session)) if with_choices else None
        return ids, choices

    @staticmethod
    def fetch_rows(session, ids: list[str]) -> list[CitizenRow]:
        return listing.citizen_rows(session=session, ids=ids)

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

    def _update_actions(self, row: CitizenRow | None) -> None:
        self.open_action.setEnabled(row is not None and row.household_id is not None)
        self.status_action.setEnabled(row is not None)
        self.delete_action.setEnabled(row is not None)

    def row_actions(self) -> list[QAction | None]:
        return [self.open_action, self.status_action, None, self.delete_action]

    def change_status(self) -> QWidget | None:
        row: CitizenRow | None = self.current_row()
        if row is None:
            return None
        return self.open_dialog(StatusDialog(self.ctx, row.id, self))

    def delete_current(self) -> QWidget | None:
        row: CitizenRow | None = self.current_row()
        if row is None:
            return None
        citizen_id = row.id

        def delete() -> None:
            self.write(lambda s: register.delete_citizen(session=s, citizen_id=citizen_id), self.tr("Đang xóa…"),
                       undo=self.tr("Xóa {0}").format(row.full_name))
        return confirm(self, self.tr("Xóa người nhập nhầm"), self.tr(
            "Xóa {0} khỏi sổ? Chỉ dùng khi nhập nhầm; người chuyển đi hoặc đã mất thì mở hộ và đánh dấu tình "
            "trạng để giữ lịch sử.\n\nCó thể lấy lại trong Sửa › Dữ liệu đã xóa, hoặc hoàn tác ngay bằng Ctrl+Z."
        ).format(row.full_name), self.tr("Xóa"), delete, destructive=True)
