"""The selected subject: every item's points and why, and the officer's checklist.

The result is read on the worker (services.titles.page_readouts.subject_detail): as scored
now from the register and the checks, or, once recognised, as frozen by the decision.
The checklist edits the items the officer scores ("cán bộ chấm": 0 to the item's points,
by 0,5) with what was seen; "Lưu điểm chấm" writes them through registration.set_checks.
A recognised subject is read-only and says why.

In the checklist, as in a grid, Enter goes on to the next field (score, evidence, next
score… then "Lưu điểm chấm"), and a score box takes the mouse wheel only once the
officer has clicked into it: scrolling the pane over a box never changes a score.
"""

from __future__ import annotations

from html import escape
from itertools import pairwise

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QDoubleSpinBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import XhhtError
from desktop.services.titles import registration
from desktop.services.titles.grid import STAGES, GridRow
from desktop.services.titles.page_readouts import SubjectDetail, subject_detail
from desktop.ui.context import UiContext
from desktop.ui.i18n import VIETNAMESE
from desktop.ui.loader import Loader
from desktop.ui.pages.titles.grid_model import points_text
from desktop.ui.widgets.validated_field import ERROR_COLOUR

NOT_CHECKED = -0.5  # the spin box's "Chưa chấm" (its minimum, shown as text)
LOCK_STYLE = "background: #fff4d6; border: 1px solid #e0b84c; border-radius: 3px; padding: 6px;"
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def source_text(source: str, manual: bool) -> str:
    if source == "computed":
        return "Tự động tính"
    if source == "manual":
        return "Cán bộ chấm"
    return "Chưa chấm" if manual else "Thiếu số liệu"


class WheelOnlyWhenFocused(QObject):
    """An event filter: a spin box or combo ignores the wheel until it has the focus, so the
    wheel goes on to the scroll area around it (Qt passes an ignored wheel event to the parent)."""

    def watch(self, widget: QWidget) -> None:
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # a wheel over it never gives it the focus
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if (event.type() == QEvent.Type.Wheel and isinstance(watched, (QAbstractSpinBox, QComboBox))
                and not watched.hasFocus()):
            event.ignore()
            return True
        return False


class CheckRow:
    """One officer-scored item's editors: points and evidence (with what the register shows, if
    the set names it: the officer types what the paper form says, and sees the register beside it)."""

    def __init__(self, label: str, item_id: str, name: str, max_points: float, parent: QWidget,
                 suggestion: str = "") -> None:
        self.item_id = item_id
        hint = (f"<br><span style='color: #2e5d7a'>{escape(parent.tr('Gợi ý'))}: {escape(suggestion)}</span>"
                if suggestion else "")
        # An item with a short name shows it alone (its full wording is in the result above and on
        # hover): ten items keyed in from a paper form then fit a 1366×768 screen with little scrolling.
        named = label if " " in label else f"{label} — {name}"
        self.label = QLabel(f"<b>{escape(named)}</b> "
                            f"<span style='color: palette(mid)'>(tối đa {points_text(max_points)} điểm)</span>{hint}",
                            parent)
        self.label.setToolTip(name)
        self.label.setWordWrap(True)
        self.points = QDoubleSpinBox(parent)
        self.points.setLocale(VIETNAMESE)
        self.points.setRange(NOT_CHECKED, max_points)
        self.points.setSingleStep(0.5)
        self.points.setDecimals(1)
        self.points.setSpecialValueText(parent.tr("Chưa chấm"))
        self.points.setMinimumWidth(96)
        self.points.setAccessibleName(f"Điểm chấm {label}")
        self.evidence = QLineEdit(parent)
        self.evidence.setPlaceholderText(parent.tr("Minh chứng (biên bản, danh sách…)"))
        self.evidence.setAccessibleName(f"Minh chứng {label}")
        if suggestion:
            self.evidence.setToolTip(suggestion)
        self.max_points = max_points

    def value(self) -> tuple[float | None, str]:
        points = self.points.value()
        return (None if points <= NOT_CHECKED else points), self.evidence.text().strip()

    def set_value(self, points: float | None, evidence: str) -> None:
        self.points.setValue(NOT_CHECKED if points is None else points)
        self.evidence.setText(evidence)
        self.evidence.setCursorPosition(0)  # the start of a long note, not its tail

    def set_read_only(self, read_only: bool) -> None:
        self.points.setReadOnly(read_only)
        self.points.setButtonSymbols(QDoubleSpinBox.ButtonSymbols.NoButtons if read_only
                                     else QDoubleSpinBox.ButtonSymbols.UpDownArrows)
        self.evidence.setReadOnly(read_only)


class SubjectDetailPane(QWidget):
    loaded = Signal(object)  # the SubjectDetail now shown (or None)
    checks_saved = Signal(str, int)  # subject id, manual items still not checked
    unit_staff_requested = Signal(str)  # unit id

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.detail: SubjectDetail | None = None
        self.row: GridRow | None = None
        self._want: tuple[int, str, str] | None = None
        self.loader = Loader(ctx.ops, self, label=self.tr("Đang đọc kết quả…"), on_failed=self._failed)
        self._saving = False
        self.check_rows: list[CheckRow] = []
        self.check_headings: list[QLabel] = []  # the criteria the checklist's items fall under
        self._note = ""  # said under the checklist after the next load (e.g. "Đã lưu…")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(120)  # arrowing down the grid loads only where the officer stops
        self._timer.timeout.connect(self._load)
        self.wheel_guard = WheelOnlyWhenFocused(self)
        self._build()
        self.show_subject(0, "", None)

    def _build(self) -> None:
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.lock_note = QLabel()
        self.lock_note.setWordWrap(True)
        self.lock_note.setStyleSheet(LOCK_STYLE)
        self.lock_note.hide()
        self.unit_staff_button = QPushButton(self.tr("Số liệu cán bộ của đơn vị…"))
        self.unit_staff_button.setToolTip(self.tr("Số cán bộ, nhân viên và số người đạt Công dân học tập trong năm"))
        self.unit_staff_button.clicked.connect(lambda: self.row and self.unit_staff_requested.emit(self.row.subject_id))
        self.unit_staff_button.hide()
        self.result = QTextBrowser()
        self.result.setOpenLinks(False)
        self.result.setMinimumHeight(240)
        self.result.setFrameShape(QFrame.Shape.StyledPanel)

        self.checklist = QGroupBox(self.tr("Điểm cán bộ chấm"))
        self.check_grid = QGridLayout()
        self.check_grid.setColumnStretch(1, 1)
        self.check_grid.setVerticalSpacing(4)
        self.save_button = QPushButton(self.tr("Lưu điểm chấm"))
        self.save_button.setAutoDefault(True)  # Enter on it (the last stop of the checklist) saves
        self.save_button.clicked.connect(self.save_checks)
        self.full_button = QPushButton(self.tr("Điền đủ điểm"))
        self.full_button.setToolTip(self.tr("Điền điểm tối đa cho mọi chỉ số cán bộ chấm (chưa lưu cho đến khi bấm "
                                            "Lưu điểm chấm)"))
        self.full_button.clicked.connect(self.fill_full_marks)
        self.check_message = QLabel()
        self.check_message.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.full_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        box = QVBoxLayout(self.checklist)
        box.addLayout(self.check_grid)
        box.addLayout(buttons)
        box.addWidget(self.check_message)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addWidget(self.lock_note)
        layout.addWidget(self.unit_staff_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.result, 1)
        layout.addWidget(self.checklist)
        layout.addStretch(0)  # takes the room only while nothing is shown (keeps the text at the top)
        scroll = self.scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    # --- loading ------------------------------------------------------------------------
    def show_subject(self, year: int, title: str, row: GridRow | None) -> None:
        """Show this grid row's subject (None: nothing chosen); read after a short pause."""
        self.row = row
        self._want = (year, title, row.subject_id) if row is not None else None
        if row is None:
            self._timer.stop()
            self._show(None)
            return
        self.heading.setText(f"<h3 style='margin: 0'>{escape(row.name)}</h3>{escape(row.detail)}")
        self.unit_staff_button.setVisible(title == "don-vi")
        if row.stage == "left":  # nothing to score: say why instead
            self._timer.stop()
            self._want = None
            self._show(None)
            self.summary.setText(row.note)
            return
        self._timer.start()

    @property
    def busy(self) -> bool:
        return self.loader.busy or self._saving or self._timer.isActive()

    def _load(self) -> None:
        if self._want is None:
            return
        year, title, subject_id = want = self._want
        self.loader.load(lambda session: (want, subject_detail(session=session, year=year, title=title,
                                                                subject_id=subject_id)), self._loaded)

    def _loaded(self, result) -> None:
        want, detail = result
        if want != self._want:  # the officer chose nothing since (the grid was emptied)
            return
        self._show(detail)

    def _failed(self, exc: BaseException) -> None:
        self._show(None)
        if not isinstance(exc, XhhtError):
            self.ctx.errors.show(exc, self)
        self.summary.setText(str(exc))

    # --- showing ------------------------------------------------------------------------
    def _show(self, detail: SubjectDetail | None) -> None:
        self.detail = detail
        if detail is None:
            if self.row is None:
                self.heading.setText(self.tr("<h3 style='margin: 0'>Chưa chọn đối tượng</h3>"))
                self.summary.setText(self.tr("Chọn một dòng trong bảng để xem điểm từng chỉ số, lý do và "
                                             "chấm các chỉ số cán bộ chấm."))
            self.lock_note.hide()
            self.unit_staff_button.hide()
            self.result.clear()
            self.result.hide()
            self._set_checks(())
            self.checklist.hide()
            self.loaded.emit(None)
            return
        self.heading.setText(f"<h3 style='margin: 0'>{escape(detail.name)}</h3>{escape(detail.place)}")
        self.summary.setText(self._summary(detail))
        self.lock_note.setText(detail.lock_note)
        self.lock_note.setVisible(bool(detail.lock_note))
        self.result.setHtml(self._result_html(detail))
        self.result.show()
        self.checklist.setVisible(bool(detail.checks))
        self._set_checks(detail.checks, read_only=bool(detail.lock_note))
        self._say(self._note)
        self._note = ""
        self.loaded.emit(detail)

    def _summary(self, detail: SubjectDetail) -> str:
        missing = [i.label for i in detail.items if i.source == "missing"]
        verdict = (self.tr("Đạt") if detail.passed else self.tr("Chưa đạt") if not missing else
                   self.tr("Chưa đủ căn cứ (chưa chấm hoặc thiếu số liệu: {0})").format(", ".join(missing)))
        level = f", {detail.level}" if detail.level else ""
        if detail.lock_note:
            return self.tr("Kết quả khi công nhận: {0}/{1} điểm — {2}{3}.").format(
                points_text(detail.total), points_text(detail.max_points), verdict, level)
        lines = [self.tr("Tính theo số liệu và điểm chấm hiện tại: {0}/{1} điểm — {2}{3}.").format(
            points_text(detail.total), points_text(detail.max_points), verdict, level)]
        row = self.row
        if row is not None and row.total is not None:
            lines.append(self.tr("Trạng thái: {0}; điểm đã lưu ở lần đánh giá gần nhất: {1}/{2}.").format(
                STAGES[row.stage], points_text(row.total), points_text(row.max_points)))
            if abs(row.total - detail.total) > 1e-9:
                lines.append(self.tr("Điểm đã thay đổi từ lần đánh giá gần nhất: bấm «Đánh giá» để cập nhật bảng."))
        elif row is not None:
            lines.append(self.tr("Trạng thái: {0}.").format(STAGES[row.stage]))
        return "\n".join(lines)

    def _result_html(self, detail: SubjectDetail) -> str:
        """One block per item (its name and points, then why): reads well in a narrow pane."""
        parts, criterion = [], None
        for item in detail.items:
            if item.criterion != criterion:
                criterion = item.criterion
                parts.append(f"<p style='margin: 8px 0 2px 0; color: #37474f'><b>{escape(criterion)}</b></p>")
            background = "#fbe3b4" if item.source == "missing" else "#f3f5f7"
            how = source_text(item.source, item.manual)
            # the reason, unless it only repeats how the item stands ("Chưa chấm — chưa chấm")
            why = "" if item.reason.lower() == how.lower() else " — " + escape(item.reason)
            if item.data_used:
                why += "<br><span style='color: #5f6b73'>" + escape(self.tr("Số liệu đã dùng: ")) + escape(
                    " · ".join(f"{k}: {v}" for k, v in item.data_used)) + "</span>"
            if item.suggestion:  # the register's figures as evidence: shown, never scored
                why += "<br><span style='color: #2e5d7a'>" + escape(self.tr("Minh chứng gợi ý: ")) + escape(
                    item.suggestion) + "</span>"
            parts.append(
                f"<table width='100%' cellspacing='0' cellpadding='3' style='background: {background}'><tr>"
                f"<td><b>{escape(item.label or item.item_id)}</b> — {escape(item.name)}</td>"
                f"<td align='right' width='64'><b>{points_text(item.points)}/{points_text(item.max_points)}</b></td>"
                f"</tr></table><p style='margin: 1px 0 6px 8px'><i>{escape(how)}</i>{why}</p>")
        reasons = "".join(f"<li>{escape(r)}</li>" for r in detail.reasons)
        return f"{''.join(parts)}<p style='margin-top: 8px'><b>{self.tr('Kết luận')}</b></p><ul>{reasons}</ul>"

    def _set_checks(self, checks, *, read_only: bool = False) -> None:
        for row in self.check_rows:
            for widget in (row.label, row.points, row.evidence):
                self.check_grid.removeWidget(widget)
                widget.deleteLater()
        for heading in self.check_headings:
            self.check_grid.removeWidget(heading)
            heading.deleteLater()
        self.check_rows, self.check_headings = [], []
        grouped = len({check.criterion for check in checks}) > 1  # ten items in three groups: say which
        line, criterion = 0, None
        for check in checks:
            if grouped and check.criterion != criterion:
                criterion = check.criterion
                heading = QLabel(f"<b>{escape(criterion)}</b>", self)
                heading.setWordWrap(True)
                heading.setStyleSheet("color: #37474f; margin-top: 4px;")
                self.check_grid.addWidget(heading, line, 0, 1, 2)
                self.check_headings.append(heading)
                line += 1
            row = CheckRow(check.label or check.item_id, check.item_id, check.name, check.max_points, self,
                           check.suggestion)
            row.set_value(check.points, check.evidence)
            row.set_read_only(read_only)
            self.wheel_guard.watch(row.points)
            for field in (row.points, row.evidence):
                field.installEventFilter(self)
            self.check_grid.addWidget(row.label, line, 0, 1, 2)
            self.check_grid.addWidget(row.points, line + 1, 0)
            self.check_grid.addWidget(row.evidence, line + 1, 1)
            line += 2
            self.check_rows.append(row)
        self.save_button.setVisible(not read_only)
        self.full_button.setVisible(not read_only)
        fields = self.fields()
        for first, second in pairwise(fields + [self.full_button]):
            QWidget.setTabOrder(first, second)

    def fields(self) -> list[QWidget]:
        """The checklist's fields in the order Enter and Tab walk them."""
        return [field for row in self.check_rows for field in (row.points, row.evidence)]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        """Enter in a score or evidence field: on to the next one, after the last to Lưu điểm chấm."""
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and event.key() in _ENTER
                and event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)):
            fields = self.fields()
            if watched in fields:
                if isinstance(watched, QAbstractSpinBox):
                    watched.interpretText()  # what was typed becomes the value before the focus leaves
                following = fields[fields.index(watched) + 1:]
                target = following[0] if following else self.save_button
                if target.isVisible() and target.isEnabled():
                    target.setFocus(Qt.FocusReason.TabFocusReason)
                    if isinstance(target, (QAbstractSpinBox, QLineEdit)):
                        target.selectAll()
                return True
        return super().eventFilter(watched, event)

    # --- the checklist ------------------------------------------------------------------
    def focus_checklist(self) -> None:
        """A double-click on the grid: straight to the first score box (once the subject is read)."""
        if self.busy:
            QTimer.singleShot(50, self.focus_checklist)
            return
        editable = [row for row in self.check_rows if not row.points.isReadOnly()]
        target = editable[0].points if editable else self.result
        target.setFocus(Qt.FocusReason.MouseFocusReason)
        if editable:
            editable[0].points.selectAll()  # typing replaces "Chưa chấm"

    def fill_full_marks(self) -> None:
        for row in self.check_rows:
            row.points.setValue(row.max_points)

    def changed_checks(self) -> dict[str, tuple[float | None, str]]:
        """Item id -> (points, evidence) of the rows the officer changed."""
        if self.detail is None:
            return {}
        before = {c.item_id: (c.points, c.evidence) for c in self.detail.checks}
        return {row.item_id: row.value() for row in self.check_rows if row.value() != before.get(row.item_id)}

    def save_checks(self) -> None:
        detail = self.detail
        changed = self.changed_checks()
        if detail is None or self._saving:
            return
        if not changed:
            self._say(self.tr("Không có điểm chấm nào thay đổi."))
            return
        still_open = sum(1 for row in self.check_rows if row.value()[0] is None)
        year, title, subject_id = detail.year, detail.title, detail.subject_id

        def job(session, _progress):
            for item_id, (points, evidence) in changed.items():
                registration.set_checks(session=session, year=year, title=title, subject_ids=[subject_id],
                                        points={item_id: points}, evidence=evidence)
            return len(changed)

        self._saving = True
        self.save_button.setEnabled(False)
        self.ctx.ops.run(job, label=self.tr("Đang lưu điểm chấm…"),
                         on_done=lambda n: self._saved(subject_id, n, still_open), on_failed=self._save_failed)

    def _saved(self, subject_id: str, count: int, still_open: int) -> None:
        if not shiboken6.isValid(self):
            return
        self._saving = False
        self.save_button.setEnabled(True)
        self.checks_saved.emit(subject_id, still_open)
        if self._want is not None and self._want[2] == subject_id:
            self._timer.start()  # show the result with the new points
        self._note = self.tr("Đã lưu điểm chấm của {0} chỉ số.").format(count)
        self._say(self._note)

    def _save_failed(self, exc: BaseException) -> None:
        if not shiboken6.isValid(self):
            return
        self._saving = False
        self.save_button.setEnabled(True)
        if not isinstance(exc, XhhtError):
            self.ctx.errors.show(exc, self)
            return
        self._say(str(exc), error=True)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.check_message.setStyleSheet(f"color: {ERROR_COLOUR};" if error else "")
        self.check_message.setText(text)
