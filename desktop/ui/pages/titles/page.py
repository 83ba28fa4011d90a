"""Đánh giá – công nhận: a year's learning titles, from registration to the certificate register.

For the chosen year and title the page shows one strip of figures per title (also the
way to switch title), the grid of registered subjects (filters, sort, one column per
item), the selected subject's result and checklist, the batch actions, and a second tab
with the certificate register. What it shows is read in one background job
(services.titles.page_readouts.title_year); writes come back as a broadcast and reload it.
After a batch step the rows it acted on stay selected and in view: a stage filter they
no longer match follows them to their new stage (`follow`). The batch actions get what
they act on as a `TitleScope` (`scope`), built when a step starts, and never read the page.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from html import escape
from typing import Iterable

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from desktop.domain.criteria import TITLE_ORDER
from desktop.domain.text import format_count
from desktop.services.session import Changes
from desktop.services.titles.grid import STAGES, GridRow
from desktop.services.titles.page_readouts import SetInfo, TitleYear, title_year
from desktop.services.titles.recognition import DecisionSummary
from desktop.ui.context import UiContext
from desktop.ui.pages.base import Page
from desktop.ui.pages.titles.actions import TitleActions
from desktop.ui.pages.titles.certificate_register_tab import CertificateRegisterTab
from desktop.ui.pages.titles.commune_rating_tab import CommuneRatingTab
from desktop.ui.pages.titles.detail import SubjectDetailPane
from desktop.ui.pages.titles.follow import KEEP, Follow
from desktop.ui.pages.titles.grid_model import GridModel
from desktop.ui.pages.titles.scope import TitleScope
from desktop.ui.pages.titles.strip import TitleStrip
from desktop.ui.widgets.action_button import ActionButton
from desktop.ui.widgets.adaptive import AdaptiveSplitter, FlowLayout
from desktop.ui.widgets.search_box import SearchBox
from desktop.ui.widgets.table_view import TableView

FIRST_YEAR = 2023  # the movement's period under QĐ 1315/QĐ-TTg: 2023–2030
CHECKS_ONLY = frozenset({"subject_checks"})
HEADER_PADDING = 14  # around an item column's header text
ITEM_WIDTH = (44, 96)  # an item column's narrowest and widest


def _labelled(text: str, widget: QWidget) -> QWidget:
    """A caption and its field as one piece, so a wrapping row never parts them."""
    pair = QWidget()
    row = QHBoxLayout(pair)
    row.setContentsMargins(0, 0, 0, 0)
    caption = QLabel(text)
    caption.setBuddy(widget)
    row.addWidget(caption)
    row.addWidget(widget)
    return pair


class TitlesPage(Page):
    title = "Đánh giá – công nhận"
    export_what = "titles"
    tables = ("title_registrations", "subject_checks", "evaluations", "evaluation_rounds", "recognitions",
              "recognition_decisions", "certificates", "certificate_prints", "citizens", "households", "clans",
              "clan_households", "hamlets", "learning_units")

    help_html = (
        "<p><b>Đánh giá – công nhận</b> các danh hiệu học tập của một năm, theo từng bước:</p><ol>"
        "<li><b>Đăng ký</b> các đối tượng (toàn xã hoặc một thôn).</li>"
        "<li><b>Chấm</b> các chỉ số <i>cán bộ chấm</i>: chọn một dòng (nháy đúp hoặc Enter để tới ngay ô điểm), "
        "nhập điểm và minh chứng ở khung bên phải (Enter sang ô tiếp theo) rồi bấm <i>Lưu điểm chấm</i>; hoặc "
        "<i>Chấm đủ điểm…</i> cho nhiều dòng một lúc. Cột <i>Chưa chấm</i> đếm các chỉ số cán bộ chấm chưa có "
        "điểm.</li>"
        "<li><b>Đánh giá</b>: chương trình tính các chỉ số <i>tự động tính</i> từ sổ (ô vàng “thiếu số liệu” "
        "khi sổ chưa đủ) và tổng hợp kết quả của cả năm.</li>"
        "<li><b>Đưa vào danh sách đề nghị</b> các dòng đạt, rồi <b>Công nhận…</b> theo quyết định (số, "
        "ngày ký, người ký).</li>"
        "<li><b>In</b> quyết định và giấy công nhận; thẻ <i>Sổ cấp giấy công nhận</i> giữ mọi giấy đã cấp.</li>"
        "</ol><p>Các thao tác hàng loạt áp dụng cho <i>các dòng đang chọn</i> hoặc <i>tất cả các dòng đang hiện"
        "</i> (ô “Áp dụng cho”). Giữ Ctrl hoặc Shift khi bấm để chọn nhiều dòng; bấm chuột phải vào một dòng "
        "để xem các thao tác. Sau mỗi bước các dòng vừa làm vẫn được chọn; nếu đang lọc theo trạng thái, ô lọc "
        "chuyển theo trạng thái mới của chúng.</p>")

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.year = date.today().year
        chosen = str(ctx.settings.value("titles/title", "gia-dinh") or "")
        self.title_id = chosen if chosen in TITLE_ORDER else "gia-dinh"  # the title shown
        self.data: TitleYear | None = None
        self._absorb_checks = False  # the next broadcast is the detail pane's own save
        self._follow: Follow | None = None  # a batch step's rows, kept in view at the next load
        self.model = GridModel(self)
        self.actions = TitleActions(ctx, self, scope=self.scope, say=self.say, follow=self.follow)
        self.detail = SubjectDetailPane(ctx, self)
        self.register_tab = CertificateRegisterTab(ctx, self.actions, self)
        self.commune_tab = CommuneRatingTab(ctx, self.actions, self)
        self._build()
        self.detail.checks_saved.connect(self._checks_saved)
        self.detail.unit_staff_requested.connect(self.actions.unit_staff)

    # --- layout ---------------------------------------------------------------------------
    def _build(self) -> None:
        self.year_box = QComboBox()
        for year in range(date.today().year + 1, FIRST_YEAR - 1, -1):
            self.year_box.addItem(str(year), year)
        self.year_box.setCurrentIndex(self.year_box.findData(self.year))
        self.year_box.currentIndexChanged.connect(lambda _i: self.set_year(self.year_box.currentData()))
        top = QHBoxLayout()
        top.addWidget(QLabel(f"<h2>{self.tr('Đánh giá – công nhận')}</h2>"))
        top.addStretch(1)
        top.addWidget(QLabel(self.tr("Năm:")))
        top.addWidget(self.year_box)

        self.strip = TitleStrip(self.title_id)
        self.strip.title_chosen.connect(self.set_title)
        self.strip_buttons = self.strip.buttons

        self.search = SearchBox(self, placeholder=self.tr("Tìm theo tên, địa chỉ, mã hộ…"))
        self.search.search_changed.connect(lambda text: self._filter(text=text))
        self.hamlet_box = QComboBox()
        self.hamlet_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.hamlet_box.currentIndexChanged.connect(lambda _i: self._filter(hamlet=self.hamlet_box.currentData()))
        self.stage_box = QComboBox()
        self.stage_box.addItem(self.tr("Tất cả"), None)
        for key, name in STAGES.items():
            self.stage_box.addItem(name, key)
        self.stage_box.currentIndexChanged.connect(lambda _i: self._filter(stage=self.stage_box.currentData()))
        self.scope_box = QComboBox()
        self.scope_box.addItem("", "selection")
        self.scope_box.addItem("", "filtered")
        self.scope_box.setToolTip(self.tr("Các thao tác hàng loạt áp dụng cho những dòng này"))
        self.count_label = QLabel()
        self.search.setMinimumWidth(190)
        filters = FlowLayout()
        filters.addWidget(self.search)
        filters.addWidget(_labelled(self.tr("Thôn:"), self.hamlet_box))
        filters.addWidget(_labelled(self.tr("Trạng thái:"), self.stage_box))
        filters.addWidget(self.count_label)
        self.export_excel_action = self.export_action()
        self.export_button = ActionButton(self.export_excel_action)
        filters.addWidget(self.export_button)
        self.actions.bar.addWidget(_labelled(self.tr("Áp dụng cho:"), self.scope_box))

        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setOpenExternalLinks(True)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.notice.hide()
        self.info = QLabel()  # criteria set, last evaluation, or why there is no grid
        self.info.setWordWrap(True)
        self.info.setStyleSheet("color: #5f6b73;")
        self.stale = QLabel()  # the register changed since the last evaluation
        self.stale.setWordWrap(True)
        self.stale.setStyleSheet("color: #8a5a00;")
        self.stale.hide()

        self.table = TableView(multi=True)
        self.table.setModel(self.model)
        self.table.fixed_row_height()
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # the service's order
        self.table.setSortingEnabled(True)
        self._current = self.table.follow(self.model.row)
        self._current.changed.connect(lambda _row: self._current_changed())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_scope())
        self.table.open_requested.connect(self.detail.focus_checklist)
        self.table.delete_requested.connect(self.actions.unregister)
        self.table.row_actions = self.actions.row_actions
        self.search.set_list(self.table)
        splitter = AdaptiveSplitter(stack_below=700)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([640, 370])
        self.splitter = splitter

        grid_tab = QWidget()
        grid_layout = QVBoxLayout(grid_tab)
        grid_layout.addWidget(self.strip)
        grid_layout.addLayout(filters)
        grid_layout.addLayout(self.actions.bar)
        grid_layout.addWidget(self.notice)
        grid_layout.addWidget(self.info)
        grid_layout.addWidget(self.stale)
        grid_layout.addWidget(splitter, 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(grid_tab, self.tr("Đánh giá theo danh hiệu"))
        self.tabs.addTab(self.register_tab, self.tr("Sổ cấp giấy công nhận"))
        self.tabs.addTab(self.commune_tab, self.tr("Cộng đồng học tập cấp xã"))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        self.register_tab.set_year(self.year)
        self.commune_tab.set_year(self.year)
        self._update_scope()

    def export_options(self) -> dict:
        return {"year": self.year, "title": self.title_id}  # the grid shown: one sheet

    # --- year and title ---------------------------------------------------------------
    def set_year(self, year: int) -> None:
        if year == self.year:
            return
        self.year = year
        self._follow = None
        self.year_box.setCurrentIndex(self.year_box.findData(year))
        self.register_tab.set_year(year)
        self.commune_tab.set_year(year)
        self.reload()

    def set_title(self, title: str) -> None:
        self.strip.set_checked(title)
        if title == self.title_id:
            return
        self.title_id = title
        self._follow = None
        self.ctx.settings.setValue("titles/title", title)
        self.say("")
        self.reload()

    # --- loading ------------------------------------------------------------------------
    def refresh(self, changes: Changes | None = None) -> None:
        absorb, self._absorb_checks = self._absorb_checks, False
        if changes is not None and absorb and changes.tables <= CHECKS_ONLY:
            return  # the pane's own save: its row is already patched, no grid reload
        self.register_tab.refresh(changes)
        self.commune_tab.refresh(changes)
        super().refresh(changes)

    @property
    def busy(self) -> bool:
        return super().busy or self.detail.busy or self.register_tab.busy or self.commune_tab.busy

    def load(self) -> None:
        year, title = self.year, self.title_id
        self.loader.load(lambda session: title_year(session=session, year=year, title=title), self._loaded)

    def search_field(self) -> QWidget:
        return self.register_tab.search_field() if self.tabs.currentWidget() is self.register_tab else self.search

    def print_current(self) -> bool:
        if self.tabs.currentWidget() is self.register_tab:
            return self.register_tab.print_current()
        if self.tabs.currentWidget() is self.commune_tab:
            return self.commune_tab.print_current()
        self.actions.print_action.trigger()
        return True

    def _loaded(self, data: TitleYear) -> None:
        self.data = data
        self.strip.set_overview(data.year, data.overview)
        keep_current = self.current_row()
        keep_selected = {r.subject_id for r in self.selected_rows()} if len(self.selected_rows()) < 2000 else set()
        scroll = self.table.verticalScrollBar().value()
        grid = data.grid
        self.model.set_grid(data.title, grid.rows if grid else [], data.items, data.level_names)
        self._setup_columns(data)
        self._fill_hamlets()
        self._show_info(data)
        follow, self._follow = self._follow, None
        if follow is not None:
            self._keep_in_view(follow, scroll)
        else:
            self._reselect(keep_current.subject_id if keep_current else None, keep_selected)
            self.table.verticalScrollBar().setValue(scroll)
        self._update_scope()
        self._current_changed()
        self.loaded.emit()

    def _show_info(self, data: TitleYear) -> None:
        """Which set the year uses, named by its document; when the program last evaluated; the colours."""
        grid, criteria = data.grid, data.criteria
        if grid is None or criteria is None:
            self.info.setText(data.grid_error)
            self.info.setToolTip("")
            self.stale.hide()
            return
        evaluated = (self.tr("đánh giá lần cuối ngày {0:%d/%m/%Y}").format(grid.evaluated_at)
                     if grid.evaluated_at else self.tr("chưa đánh giá"))
        doubts = [] if criteria.confirmed else [self.tr("nội dung chưa đối chiếu đủ với văn bản gốc")]
        if criteria.outside_period:  # the whole sentence is in the tooltip
            doubts.append(self.tr("văn bản cho giai đoạn {0}").format(criteria.period.split(",")[0]))
        doubt = f" ({'; '.join(doubts)})" if doubts else ""
        self.info.setText(self.tr("Bộ tiêu chí theo {0}{1} · {2} · ô màu vàng: chỉ số chưa chấm hoặc thiếu số liệu."
                                  ).format(criteria.citation, doubt, evaluated))
        self.info.setToolTip(self._set_tip(criteria))
        self.stale.setText(grid.stale)
        self.stale.setVisible(bool(grid.stale))

    def _set_tip(self, criteria: SetInfo) -> str:
        parts = [f"<p><b>{escape(criteria.document)}</b>"]
        if criteria.period:
            parts.append("<br>" + escape(self.tr("Giai đoạn: {0}").format(criteria.period)))
        if criteria.note:
            parts.append("<br>" + escape(criteria.note))
        parts.append("<br>" + escape(self.tr("Mã bộ tiêu chí: {0}").format(criteria.id)) + "</p>")
        if criteria.outside_period:
            parts.append("<p>" + escape(criteria.outside_period) + "</p>")
        if criteria.unconfirmed:
            parts.append("<p>" + escape(self.tr("Chưa đối chiếu đủ với văn bản gốc (giả định, có thể sửa khi có "
                                                "văn bản):")) + "</p><ul>")
            parts += [f"<li>{escape(point)}</li>" for point in criteria.unconfirmed]
            parts.append("</ul>")
        return "".join(parts)

    def _setup_columns(self, data: TitleYear) -> None:
        header = self.table.horizontalHeader()
        metrics = header.fontMetrics()
        for i, column in enumerate(self.model.columns):
            width = column.width
            if column.key.startswith("item:") or column.key == "stage":  # as wide as their words need
                needed = max(metrics.horizontalAdvance(line) for line in column.header.split("\n")) + HEADER_PADDING
                if column.key == "stage":
                    needed = max(metrics.horizontalAdvance(name) for name in STAGES.values()) + HEADER_PADDING
                    width = max(width, needed)
                else:
                    width = max(ITEM_WIDTH[0], min(ITEM_WIDTH[1], needed))
            header.resizeSection(i, width)
        self.table.setColumnHidden(self.model.column_index("level"), not data.level_names)
        self.table.setColumnHidden(self.model.column_index("place"), data.title == "cong-dong")

    def _fill_hamlets(self) -> None:
        box = self.hamlet_box
        keep = box.currentData() if box.count() else None
        box.blockSignals(True)
        box.clear()
        box.addItem(self.tr("Tất cả"), None)
        for hamlet_id, name in self.model.hamlets():
            box.addItem(name or self.tr("(không thuộc thôn nào)"), hamlet_id)
        index = box.findData(keep) if keep is not None else 0
        box.setCurrentIndex(max(index, 0))
        box.blockSignals(False)
        if keep is not None and index < 0:
            self._filter(hamlet=None)

    def _reselect(self, current: str | None, selected: set[str]) -> None:
        selection = QItemSelection()
        if selected:
            last = self.model.columnCount() - 1
            for number, row in enumerate(self.model.rows()):
                if row.subject_id in selected:
                    selection.select(self.model.index(number, 0), self.model.index(number, last))
        model = self.table.selectionModel()
        model.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        number = self.model.row_of(current) if current else -1
        if number >= 0:
            model.setCurrentIndex(self.model.index(number, 0), QItemSelectionModel.SelectionFlag.NoUpdate)

    # --- filters, selection, scope ----------------------------------------------------
    def _filter(self, **what) -> None:
        """Filter the grid; the selected rows it still shows stay selected."""
        current = self.current_row()
        rows = self.selected_rows()
        selected = {r.subject_id for r in rows} if len(rows) < 2000 else set()  # Ctrl+A of a big list: not kept
        self.model.set_filter(**what)
        self._reselect(current.subject_id if current else None, selected)
        self._update_scope()
        self._current_changed()

    # --- after a batch step ------------------------------------------------------------
    def follow(self, ids: Iterable[str], message: str, *, select: Iterable[str] | None = None) -> None:
        """A step acted on `ids` and its write is done: say so, and at the reload its broadcast
        brings keep those rows in view and selected (or `select`)."""
        self._follow = Follow.of([r.subject_id for r in self.model.rows()], ids, message, select)
        self.say(message)

    def _keep_in_view(self, follow: Follow, scroll: int) -> None:
        stage, note = follow.stage_to_show(self.model.all_rows(), self.stage_box.currentData()), ""
        if stage is not KEEP:
            self.stage_box.blockSignals(True)
            self.stage_box.setCurrentIndex(max(0, self.stage_box.findData(stage)))
            self.stage_box.blockSignals(False)
            self.model.set_filter(stage=stage)
            note = self.tr(" — đang xem: {0}").format(self.stage_box.currentText())
        shown = {r.subject_id for r in self.model.rows()}
        chosen = follow.rows_to_select(shown.__contains__)
        self._reselect(chosen[0] if chosen else None, set(chosen))
        self.table.doItemsLayout()  # the scroll range of the rows now shown, before scrolling
        self.table.verticalScrollBar().setValue(scroll)
        if chosen:  # the first of them at the top when the filter moved, else just in sight
            self.table.scrollTo(self.model.index(self.model.row_of(chosen[0]), 0),
                                TableView.ScrollHint.PositionAtTop if note else TableView.ScrollHint.EnsureVisible)
        self.say(follow.message.rstrip(".") + note + "." if note else follow.message)

    def selected_rows(self) -> list[GridRow]:
        rows = (self.model.row(index.row()) for index in self.table.selectionModel().selectedRows())
        return [r for r in rows if r is not None]

    def current_row(self) -> GridRow | None:
        return self._current.current()

    def scope_is_selection(self) -> bool:
        return self.scope_box.currentData() == "selection"

    def scope_rows(self) -> list[GridRow]:
        return self.selected_rows() if self.scope_is_selection() else self.model.rows()

    def set_scope(self, scope: str) -> None:
        self.scope_box.setCurrentIndex(self.scope_box.findData(scope))

    def scope(self) -> TitleScope:
        """What a step started now acts on (the actions read this, never the page)."""
        selected, shown, selection = tuple(self.selected_rows()), tuple(self.model.rows()), self.scope_is_selection()
        text = (self.tr("{0} dòng đang chọn").format(format_count(len(selected))) if selection
                else self.tr("tất cả {0} dòng đang hiện").format(format_count(len(shown))))
        return TitleScope(year=self.year, title=self.title_id, is_selection=selection, text=text, selected=selected,
                          shown=shown, grid=tuple(self.model.all_rows()), current=self.current_row(),
                          hamlet=self.hamlet_box.currentData(), decisions=self.decisions())

    def _update_scope(self) -> None:
        selected, shown = len(self.table.selectionModel().selectedRows()), self.model.rowCount()
        self.scope_box.setItemText(0, self.tr("Các dòng đang chọn ({0})").format(format_count(selected)))
        self.scope_box.setItemText(1, self.tr("Tất cả các dòng đang hiện ({0})").format(format_count(shown)))
        total = len(self.model.all_rows())
        self.count_label.setText(self.tr("{0}/{1} đối tượng").format(format_count(shown), format_count(total))
                                 if shown != total else self.tr("{0} đối tượng").format(format_count(total)))

    def _current_changed(self) -> None:
        self.detail.show_subject(self.year, self.title_id, self.current_row())

    def _checks_saved(self, subject_id: str, still_open: int) -> None:
        """The pane saved one subject's checks: patch its row instead of reading the grid again."""
        number = self.model.row_of(subject_id)
        row = self.model.row(number)
        if row is not None:
            self.model.replace_row(replace(row, unchecked_manual=still_open))
        self._absorb_checks = True

    def decisions(self) -> tuple[DecisionSummary, ...]:
        return self.data.decisions if self.data else ()

    def say(self, text: str) -> None:
        """A line under the actions telling what the last step did."""
        self.notice.setText(text)
        self.notice.setVisible(bool(text))
