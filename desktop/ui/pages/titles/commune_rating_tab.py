"""Cộng đồng học tập cấp xã (Thông tư 25/2023/TT-BGDĐT): the commune rates itself each
year, indicator by indicator (đạt mức độ 2 / đạt mức độ 1 / chưa đạt), with evidence; the
register's figures stand beside the indicators they support; the report prints through
the preview.

Like the titles' checklist: Enter walks the fields and, after the last, reaches Lưu; only
what the officer changed is written, one indicator at a time through the service.
"""

from __future__ import annotations

import html
from itertools import pairwise
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import XhhtError
from desktop.services import commune_rating
from desktop.services.commune_rating import CommuneRating, IndicatorRating
from desktop.ui.context import UiContext
from desktop.ui.pages.base import Page
from desktop.ui.pages.titles.detail import WheelOnlyWhenFocused
from desktop.ui.widgets.validated_field import ERROR_COLOUR

if TYPE_CHECKING:
    from desktop.ui.pages.titles.actions import TitleActions

DOUBT_COLOUR = "#8a4b00"  # the orange of "chưa đối chiếu đủ văn bản gốc" on the titles page
OK_COLOUR = "#1b5e20"
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class IndicatorRow:
    """One indicator's editors: the state and its evidence."""

    def __init__(self, item: IndicatorRating, parent: QWidget) -> None:
        indicator = item.indicator
        self.indicator_id = indicator.id
        doubt = (f"<br><span style='color: {DOUBT_COLOUR}'>{html.escape(indicator.why)}</span>"
                 if not indicator.confirmed and indicator.why else "")
        self.label = QLabel(f"<b>{html.escape(indicator.id)}</b> — {html.escape(indicator.name)}{doubt}", parent)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.state = QComboBox(parent)
        self.state.addItem(parent.tr("Chưa đánh giá"), None)
        self.state.addItem(parent.tr("Chưa đạt"), 0)
        if indicator.level2_higher:
            self.state.addItem(parent.tr("Đạt mức độ 1"), 1)
            self.state.addItem(parent.tr("Đạt mức độ 2"), 2)
        else:  # level 2 asks nothing more: met is met at both levels
            self.state.addItem(parent.tr("Đạt"), 2)
        self.state.setAccessibleName(f"Kết quả chỉ tiêu {indicator.id}")
        self.evidence = QLineEdit(parent)
        self.evidence.setPlaceholderText(parent.tr("Minh chứng (tên, số, ngày của văn bản, biên bản…)"))
        self.evidence.setAccessibleName(f"Minh chứng chỉ tiêu {indicator.id}")
        self.evidence.setMaxLength(commune_rating.MAX_EVIDENCE)
        self.figures = QLabel(parent)
        self.figures.setWordWrap(True)
        self.figures.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.figures.setStyleSheet("color: palette(dark);")
        self.recorded: tuple[int | None, str] = (None, "")
        self.update(item)

    def update(self, item: IndicatorRating) -> None:
        """What the register now holds; what the officer typed and has not saved stays."""
        typed = self.changed()
        self.figures.setVisible(bool(item.figures))
        self.figures.setText("".join(
            f"<p style='margin: 2px 0'><i>{html.escape(group.heading)}</i><br>"
            + "<br>".join(html.escape(line) for line in group.lines) + "</p>" for group in item.figures))
        self.recorded = (self._shown_state(item), item.evidence)
        if not typed:
            self.set_value(*self.recorded)

    def _shown_state(self, item: IndicatorRating) -> int | None:
        if item.state is None or item.indicator.level2_higher or item.state == 0:
            return item.state
        return 2  # "Đạt" of an indicator that asks nothing more at level 2, however it was recorded

    def value(self) -> tuple[int | None, str]:
        return self.state.currentData(), self.evidence.text().strip()

    def set_value(self, state: int | None, evidence: str) -> None:
        self.state.setCurrentIndex(max(0, self.state.findData(state)))
        self.evidence.setText(evidence)

    def changed(self) -> bool:
        return self.value() != self.recorded


class CommuneRatingTab(Page):
    title = "Cộng đồng học tập cấp xã"
    # Its own entries, and everything its figures count.
    tables = ("subject_checks", "citizens", "households", "hamlets", "clans", "units", "activities",
              "participations", "title_registrations", "recognitions")
    help_html = (
        "<p><b>Cộng đồng học tập cấp xã</b>: xã tự đánh giá theo Thông tư 25/2023/TT-BGDĐT, từng chỉ tiêu "
        "<i>đạt mức độ 2</i>, <i>đạt mức độ 1</i> hay <i>chưa đạt</i>, kèm minh chứng. Số liệu của sổ (biết chữ, "
        "trẻ đi học, Trung tâm học tập cộng đồng, các danh hiệu học tập của năm) hiện bên các chỉ tiêu dùng "
        "chúng làm minh chứng.</p><ul><li>Enter chuyển sang ô tiếp theo; sau ô cuối là nút <b>Lưu</b>.</li>"
        "<li>Xã đạt mức độ nào khi mọi chỉ tiêu đạt mức đó; còn chỉ tiêu chưa đánh giá thì chưa đủ căn cứ "
        "kết luận.</li><li><b>In báo cáo tự đánh giá…</b>: báo cáo kèm bản tổng hợp kết quả các tiêu chí, chỉ "
        "tiêu, xem trước rồi in hoặc lưu PDF.</li></ul>")

    def __init__(self, ctx: UiContext, actions: "TitleActions", parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.actions = actions
        self.year = 0
        self.rated: CommuneRating | None = None
        self.rows: list[IndicatorRow] = []
        self._saving = False
        self.wheel_guard = WheelOnlyWhenFocused(self)

        self.source = QLabel()
        self.source.setWordWrap(True)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.doubts = QLabel()
        self.doubts.setWordWrap(True)
        self.doubts.setStyleSheet(f"color: {DOUBT_COLOUR};")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setOpenExternalLinks(True)

        self.form = QWidget()
        self.grid = QGridLayout(self.form)
        self.grid.setColumnStretch(1, 1)
        self.grid.setVerticalSpacing(4)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.StyledPanel)
        scroll.setWidget(self.form)
        self.scroll = scroll

        self.save_button = QPushButton(self.tr("Lưu"))
        self.save_button.setAutoDefault(True)  # Enter on it (the last stop of the form) saves
        self.save_button.clicked.connect(self.save)
        self.print_action = self.action(self.tr("In báo cáo tự đánh giá…"), self.print_report,
                                        tip=self.tr("Báo cáo tự đánh giá “Cộng đồng học tập” cấp xã và bản tổng hợp "
                                                    "kết quả các tiêu chí, chỉ tiêu"))
        self.print_button = QPushButton(self.print_action.text())
        self.print_button.setToolTip(self.print_action.toolTip())
        self.print_button.clicked.connect(self.print_action.trigger)
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.source)
        layout.addWidget(self.verdict)
        layout.addWidget(self.doubts)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

    # --- loading ------------------------------------------------------------------------
    def set_year(self, year: int) -> None:
        if year != self.year:
            self.year = year
            self.refresh(None)

    def refresh(self, changes=None) -> None:
        if self._saving:
            return  # our own save: the saved() handler reloads once, after the last indicator
        super().refresh(changes)

    def load(self) -> None:
        year = self.year
        self.loader.load(lambda session: _rating_or_reason(session, year), self._show)

    def _show(self, rated: CommuneRating | str) -> None:
        if isinstance(rated, str):  # a year the circular does not govern
            self.rated = None
            self.source.setText(html.escape(rated))
            self.verdict.clear()
            self.doubts.clear()
            self._fill([])
            self.print_action.setEnabled(False)
            self.print_button.setEnabled(False)
            self.save_button.setEnabled(False)
            self.loaded.emit()
            return
        self.rated = rated
        document = rated.set
        self.source.setText(self.tr("Theo {0} ({1}). Xã gửi hồ sơ đến {2}. {3}.").format(
            html.escape(document.source.citation), html.escape(document.source.title),
            html.escape(document.recognised_by), html.escape(document.period.rstrip("."))))
        colour = OK_COLOUR if rated.level else (DOUBT_COLOUR if rated.level is None else ERROR_COLOUR)
        self.verdict.setText(f"<b style='color: {colour}'>{html.escape(rated.verdict)}</b>")
        # The document's own doubts; each indicator's stands under it in the list.
        doubts = [text for text in document.unconfirmed.values() if text]
        self.doubts.setText(html.escape(" ".join(doubts)))
        self.doubts.setVisible(bool(doubts))
        self._fill([item for criterion in rated.criteria for item in criterion.indicators], rated)
        self.print_action.setEnabled(True)
        self.print_button.setEnabled(True)
        self.save_button.setEnabled(True)
        self.loaded.emit()

    def _fill(self, items: list[IndicatorRating], rated: CommuneRating | None = None) -> None:
        if items and [i.indicator.id for i in items] == [row.indicator_id for row in self.rows]:
            for row, item in zip(self.rows, items, strict=True):  # same indicators: update in place, the focus stays
                row.update(item)
            return
        keep = self._changes()  # typed and not saved: survives a reload (another page's save)
        while self.grid.count():
            widget = self.grid.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self.rows = []
        line = 0
        criteria = {i.indicator.id: c for c in (rated.criteria if rated else ()) for i in c.indicators}
        shown_criterion = None
        for item in items:
            criterion = criteria.get(item.indicator.id)
            if criterion is not None and criterion is not shown_criterion:
                shown_criterion = criterion
                heading = QLabel(self.tr("<b>Tiêu chí {0}. {1}</b>").format(
                    html.escape(criterion.criterion.id), html.escape(criterion.criterion.name)), self.form)
                heading.setWordWrap(True)
                self.grid.addWidget(heading, line, 0, 1, 2)
                line += 1
            row = IndicatorRow(item, self.form)
            if row.indicator_id in keep:
                row.set_value(*keep[row.indicator_id])
            self.wheel_guard.watch(row.state)
            for field in (row.state, row.evidence):
                field.installEventFilter(self)
            self.grid.addWidget(row.label, line, 0, 1, 2)
            self.grid.addWidget(row.state, line + 1, 0)
            self.grid.addWidget(row.evidence, line + 1, 1)
            self.grid.addWidget(row.figures, line + 2, 1)
            line += 3
            self.rows.append(row)
        self.grid.setRowStretch(line, 1)
        fields = self.fields()
        for first, second in pairwise(fields + [self.save_button]):
            QWidget.setTabOrder(first, second)

    def fields(self) -> list[QWidget]:
        return [field for row in self.rows for field in (row.state, row.evidence)]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        """Enter in a field: on to the next one; after the last, to Lưu."""
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and event.key() in _ENTER
                and event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)):
            fields = self.fields()
            if watched in fields and not (isinstance(watched, QComboBox) and watched.view().isVisible()):
                following = fields[fields.index(watched) + 1:]
                target = following[0] if following else self.save_button
                target.setFocus(Qt.FocusReason.TabFocusReason)
                self.scroll.ensureWidgetVisible(target)
                if isinstance(target, QLineEdit):
                    target.selectAll()
                return True
        return super().eventFilter(watched, event)

    # --- saving -------------------------------------------------------------------------
    def _changes(self) -> dict[str, tuple[int | None, str]]:
        return {row.indicator_id: row.value() for row in self.rows if row.changed()}

    def unsaved(self) -> bool:
        return bool(self._changes())

    def save(self) -> None:
        changed = self._changes()
        if self.rated is None or self._saving:
            return
        if not changed:
            self._say(self.tr("Không có chỉ tiêu nào thay đổi."))
            return
        year = self.year

        def job(session, _progress):
            for indicator, (state, evidence) in changed.items():
                commune_rating.record(session=session, year=year, indicator=indicator, state=state,
                                      evidence=evidence)
            return len(changed)

        self._saving = True
        self.save_button.setEnabled(False)
        self.ctx.ops.run(job, label=self.tr("Đang lưu kết quả tự đánh giá…"), on_done=self._saved,
                         on_failed=self._save_failed, undo=self.tr("Lưu kết quả tự đánh giá cấp xã"))

    def _saved(self, count: int) -> None:
        if not shiboken6.isValid(self):
            return
        self._saving = False
        for row in self.rows:
            row.recorded = row.value()
        self._say(self.tr("Đã lưu kết quả của {0} chỉ tiêu.").format(count))
        self.reload()  # the verdict follows

    def _save_failed(self, exc: BaseException) -> None:
        if not shiboken6.isValid(self):
            return
        self._saving = False
        self.save_button.setEnabled(True)
        if isinstance(exc, XhhtError):
            self._say(str(exc), error=True)
        else:
            self.ctx.errors.show(exc, self)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet(f"color: {ERROR_COLOUR};" if error else "")
        self.message.setText(text)

    # --- printing -----------------------------------------------------------------------
    def print_current(self) -> bool:
        if self.rated is None:
            return False
        self.print_report()
        return True

    def print_report(self) -> None:
        """The report as it stands in the register (unsaved changes are not in it: say so)."""
        if self.rated is None:
            return
        if self.unsaved():
            self._say(self.tr("Còn thay đổi chưa lưu: hãy bấm Lưu trước khi in, để báo cáo có kết quả mới."),
                      error=True)
            return
        self.actions.print_commune_rating(self.year, self._say)


def _rating_or_reason(session, year: int) -> CommuneRating | str:
    """The year's rating, or why the circular does not govern that year (not an error to show)."""
    try:
        return commune_rating.rating(session=session, year=year)
    except XhhtError as error:
        if getattr(error, "code", "") == "year_outside_document":
            return str(error)
        raise
