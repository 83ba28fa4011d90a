"""What the officer does to a title's year: đăng ký, chấm, đánh giá, đề nghị, công nhận, thu hồi, in.

Batch actions work on the page's scope (the selected rows, or every row the filters
show), which the page hands over as a `TitleScope` when a step starts, and keep only the
rows a step applies to (only passed rows are proposed, only recognised ones revoked…).
Each write goes through ctx.ops on the one writer thread; its broadcast refreshes the
page, which keeps the rows acted on in view (the `follow` callback). A step with nothing
to act on says why instead. The actions never read the page itself: it imports them.
"""

from __future__ import annotations

from functools import partial
from typing import Callable, Sequence

import shiboken6
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QToolButton, QWidget

from desktop.domain.criteria import SUBJECT_NAMES
from desktop.domain.errors import ValidationError
from desktop.domain.text import format_count
from desktop.services.titles import evaluation, recognition, registration
from desktop.services.titles.common import subject_kind, title_name
from desktop.services.titles.grid import GridRow
from desktop.ui.context import UiContext
from desktop.ui.dialogs.blank_layout_dialog import BLANK_ON, blank_enabled
from desktop.ui.dialogs.opening import confirm, open_dialog
from desktop.ui.dialogs.recognition_dialog import RecognitionDialog, RevokeDialog
from desktop.ui.dialogs.title_dialogs import FullMarksDialog, RegisterAllDialog, ReissueDialog, UnitStaffDialog
from desktop.ui.pages.base import Page
from desktop.ui.pages.titles.printing import PrintingActions
from desktop.ui.pages.titles.scope import FollowRows, TitleScope
from desktop.ui.widgets.adaptive import FlowLayout


def _button(text: str, actions: Sequence[QAction], parent: QWidget, *, split: bool = True) -> QToolButton:
    """A bar button: its first action on a click; the others (or all, if not split) in its menu."""
    button = QToolButton(parent)
    if split:
        button.setDefaultAction(actions[0])
        if len(actions) > 1:
            button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
    else:
        button.setText(text)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    if len(actions) > 1 or not split:
        menu = QMenu(button)
        for action in actions:
            menu.addAction(action) if action is not None else menu.addSeparator()
        button.setMenu(menu)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    button.setMinimumHeight(30)
    return button


class TitleActions(PrintingActions, QObject):
    """The steps of the titles page. `owner` is the page: dialogs open over it (as its
    current_dialog); `scope()` is what a step acts on, read when it starts; `say` shows what
    a step did; `follow` does that and keeps the rows acted on in view."""

    def __init__(self, ctx: UiContext, owner: Page, *, scope: Callable[[], TitleScope],
                 say: Callable[[str], None], follow: FollowRows) -> None:
        super().__init__(owner)
        self.owner, self.ctx = owner, ctx
        self.scope, self.say, self.follow = scope, say, follow
        page = owner
        tr = self.tr

        def act(text: str, slot: Callable, tip: str = "") -> QAction:
            action = QAction(text, page)
            action.setToolTip(tip or text)
            action.setStatusTip(tip)
            action.triggered.connect(lambda _checked=False: slot())
            return action

        self.register_action = act(tr("Đăng ký…"), self.register_all, tr("Đăng ký tất cả đối tượng của xã hoặc một thôn"))
        self.unregister_action = act(tr("Hủy đăng ký"), self.unregister, tr("Hủy đăng ký các dòng trong phạm vi chọn"))
        self.full_marks_action = act(tr("Chấm đủ điểm…"), self.full_marks,
                                     tr("Chấm điểm tối đa mọi chỉ số cán bộ chấm cho các dòng trong phạm vi chọn"))
        self.evaluate_action = act(tr("Đánh giá"), self.evaluate,
                                   tr("Tính kết quả mọi đối tượng đã đăng ký của danh hiệu này theo số liệu trong sổ "
                                      "và điểm cán bộ đã chấm"))
        self.evaluate_all_action = act(tr("Đánh giá cả năm danh hiệu"), partial(self.evaluate, every_title=True))
        self.propose_action = act(tr("Đưa vào danh sách đề nghị"), partial(self.propose, True),
                                  tr("Các dòng «Đạt» trong phạm vi chọn vào danh sách đề nghị công nhận"))
        self.withdraw_action = act(tr("Rút khỏi danh sách đề nghị"), partial(self.propose, False))
        self.recognise_action = act(tr("Công nhận…"), self.recognise,
                                    tr("Lập quyết định công nhận cho các dòng đạt trong phạm vi chọn"))
        self.revoke_action = act(tr("Thu hồi công nhận…"), self.revoke)
        # print_action (In giấy công nhận of the scope) is the one the window puts on Ctrl+P.
        self.print_action = self.print_certificates_action = act(
            tr("In giấy công nhận của phạm vi chọn…"), partial(self.print_certificates, every=False),
            tr("Xem trước rồi in giấy công nhận của các dòng đang chọn (hoặc mọi dòng đang lọc)"))
        self.print_all_action = act(tr("In tất cả giấy công nhận của danh hiệu…"),
                                    partial(self.print_certificates, every=True))
        self.save_pdf_action = act(tr("Lưu PDF giấy công nhận của phạm vi chọn…"), self.save_certificates,
                                   tr("Lưu giấy công nhận ra tệp PDF; số vào sổ được cấp vì tệp là giấy đi ra"))
        self.reprint_action = act(tr("In lại giấy của dòng đang chọn…"), self.reprint)
        self.reissue_action = act(tr("Cấp lại giấy của dòng đang chọn…"), self.reissue)
        self.forms_action = act(tr("In phiếu tự đánh giá Công dân học tập…"), self.print_forms,
                                tr("Phiếu giấy cho người không dùng máy tính: mỗi người một trang, điền sẵn từ sổ"))
        self.blank_action = QAction(tr("In trên phôi có sẵn"), page)
        self.blank_action.setCheckable(True)
        self.blank_action.setChecked(blank_enabled(self.ctx.settings))
        self.blank_action.setStatusTip(tr("Chỉ in phần chữ thay đổi lên phôi giấy công nhận đã in sẵn khung"))
        self.blank_action.toggled.connect(lambda on: self.ctx.settings.setValue(BLANK_ON, on))
        self.blank_layout_action = act(tr("Căn lề in trên phôi…"), self.adjust_blank_layout)
        self.decision_menu = QMenu(tr("In quyết định công nhận"), page)
        self.decision_menu.aboutToShow.connect(self._fill_decisions)

        self.bar = FlowLayout()  # wraps on a narrow window instead of widening it
        print_button = _button(tr("In"), [self.print_action, self.print_all_action, self.save_pdf_action, None,
                                            self.reprint_action, self.reissue_action, None, self.forms_action,
                                            None, self.blank_action,
                                            self.blank_layout_action], page, split=False)
        print_button.menu().insertMenu(print_button.menu().actions()[0], self.decision_menu)
        self.buttons = [
            _button("", [self.register_action, self.unregister_action], page),
            _button("", [self.full_marks_action], page),
            _button("", [self.evaluate_action, self.evaluate_all_action], page),
            _button("", [self.propose_action, self.withdraw_action], page),
            _button("", [self.recognise_action, self.revoke_action], page),
            print_button,
        ]
        for button in self.buttons:
            self.bar.addWidget(button)

    # --- helpers ------------------------------------------------------------------------
    def _refuse(self, message: str) -> None:
        self.ctx.errors.show(ValidationError(message, code="nothing_to_do"), self.owner)

    def _write(self, fn: Callable, label: str, done: Callable[[object], str], *, writes: bool = True,
               follow: Sequence[str] | None = None, select: Sequence[str] | None = None) -> None:
        """fn(session, progress) on the writer; the page says `done(result)` afterwards, keeping the
        rows `follow` in view (and `select`, default those, selected)."""
        owner, errors, say, keep = self.owner, self.ctx.errors, self.say, self.follow

        def finished(result) -> None:
            if not shiboken6.isValid(owner):  # the window may have closed while the worker ran
                return
            if follow is None:
                say(done(result))
            else:
                keep(follow, done(result), select=select)
        self.ctx.ops.run(fn, label=label, writes=writes, on_done=finished,
                         on_failed=lambda exc: errors.show(exc, owner if shiboken6.isValid(owner) else None))

    def _open(self, dialog, said: Callable[[object], str], follow: Sequence[str] | None = None) -> QWidget:
        def accepted() -> None:
            if follow is None:
                self.say(said(dialog.result_value))
            else:
                self.follow(follow, said(dialog.result_value))
        return open_dialog(self.owner, dialog, accepted)

    def _ask(self, title: str, text: str, yes: str, on_yes: Callable[[], None]) -> QWidget:
        return confirm(self.owner, title, text, yes, on_yes)

    def row_actions(self) -> list[QAction | None]:
        """The right-click menu of the grid: the steps that act on the selected rows."""
        return [self.full_marks_action, self.propose_action, self.withdraw_action, None, self.recognise_action,
                self.revoke_action, None, self.print_certificates_action, self.reprint_action, self.reissue_action,
                None, self.unregister_action]

    def _rows(self, scope: TitleScope, keep: Callable[[GridRow], bool], what: str) -> list[GridRow] | None:
        """The scope's rows a step applies to; None (and a message saying why) when there are none."""
        rows = [r for r in scope.rows if keep(r)]
        if not rows:
            self._refuse(self.tr("Trong {0} không có đối tượng nào {1}.").format(scope.text, what))
            return None
        return rows

    @staticmethod
    def _kind(title: str) -> str:
        return SUBJECT_NAMES[subject_kind(title)]

    # --- registering and checking -------------------------------------------------------
    def register_all(self) -> QWidget:
        scope = self.scope()
        year, title, kind = scope.year, scope.title, self._kind(scope.title)
        dialog = RegisterAllDialog(self.ctx, year=year, title=title, hamlet_id=scope.hamlet or None,
                                   parent=self.owner)
        return self._open(dialog, lambda count: self.tr("Đã đăng ký thêm {0} {1}; {2} đã đăng ký từ trước.").format(
            format_count(count.added), kind, format_count(count.already)))

    def unregister(self) -> QWidget | None:
        scope = self.scope()
        rows = self._rows(scope, lambda r: r.stage != "recognised", self.tr("chưa được công nhận để hủy đăng ký"))
        if rows is None:
            return None
        year, title, kind = scope.year, scope.title, self._kind(scope.title)
        ids = [r.subject_id for r in rows]

        def go() -> None:
            self._write(lambda s, p: registration.unregister(session=s, year=year, title=title, subject_ids=ids),
                        self.tr("Đang hủy đăng ký…"), lambda n: self.tr("Đã hủy đăng ký {0} {1}.").format(
                            format_count(n), kind), follow=ids)
        return self._ask(self.tr("Hủy đăng ký"), self.tr(
            "Hủy đăng ký {0} năm {1} của {2} {3} ({4})? Điểm chấm đã lưu vẫn được giữ.").format(
            title_name(title), year, format_count(len(ids)), kind, scope.text),
            self.tr("Hủy đăng ký"), go)

    def full_marks(self) -> QWidget | None:
        scope = self.scope()
        rows = self._rows(scope, lambda r: r.stage != "recognised", self.tr("chưa được công nhận để chấm điểm"))
        if rows is None:
            return None
        year, title, kind = scope.year, scope.title, self._kind(scope.title)
        ids = [r.subject_id for r in rows]
        dialog = FullMarksDialog(self.ctx, year=year, title=title, subject_ids=ids,
                                 names=[r.name for r in rows], parent=self.owner)
        return self._open(dialog, lambda n: self.tr(
            "Đã chấm đủ điểm các chỉ số cán bộ chấm cho {0} {1}. Bấm «Đánh giá» để cập nhật kết quả.").format(
            format_count(n), kind), follow=ids)

    def evaluate(self, every_title: bool = False) -> None:
        scope = self.scope()
        year, title = scope.year, scope.title
        titles = None if every_title else [title]

        def said(summaries) -> str:
            text = " ".join(self.tr("{0}: {1} đã đánh giá, {2} đạt, {3} chưa đủ căn cứ.").format(
                s.name, format_count(s.evaluated), format_count(s.passed), format_count(s.evaluated - s.complete))
                for s in summaries)
            others = [s.name for s in summaries if s.title != title]
            if titles and others:  # the related titles went too: say why
                text += " " + self.tr("(Đánh giá cả {0} vì kết quả của các danh hiệu này dựa vào nhau.)").format(
                    ", ".join(others))
            return text
        shown = [r.subject_id for r in scope.shown]  # what the officer looks at stays in view
        selected = [r.subject_id for r in scope.selected]
        current = scope.current
        if current is not None and current.subject_id in selected:
            selected.insert(0, selected.pop(selected.index(current.subject_id)))
        self._write(lambda s, p: evaluation.evaluate_year(session=s, year=year, titles=titles, progress=p),
                    self.tr("Đang đánh giá năm {0}…").format(year), lambda r: self.tr("Đã đánh giá năm {0}. ").format(
                        year) + said(r), follow=shown, select=selected)

    # --- proposing, recognising, revoking -----------------------------------------------
    def propose(self, proposed: bool) -> QWidget | None:
        scope = self.scope()
        rows = self._rows(scope, lambda r: recognition.proposal_applies(r, proposed=proposed),
                          self.tr("đạt mà chưa được đề nghị") if proposed else self.tr("đang trong danh sách đề nghị"))
        if rows is None:
            return None
        year, title, kind = scope.year, scope.title, self._kind(scope.title)
        ids = [r.subject_id for r in rows]
        verb = self.tr("Đưa vào danh sách đề nghị") if proposed else self.tr("Rút khỏi danh sách đề nghị")
        done = (self.tr("Đã đưa {0} {1} vào danh sách đề nghị.") if proposed
                else self.tr("Đã rút {0} {1} khỏi danh sách đề nghị."))

        def go() -> None:
            self._write(lambda s, p: recognition.propose(session=s, year=year, title=title, subject_ids=ids,
                                                         proposed=proposed),
                        self.tr("Đang cập nhật danh sách đề nghị…"),
                        lambda n: done.format(format_count(n), kind), follow=ids)
        return self._ask(verb, self.tr("{0} {1} {2} ({3})?").format(
            verb, format_count(len(ids)), kind, scope.text), verb, go)

    @staticmethod
    def recognition_rows(scope: TitleScope) -> list[GridRow]:
        """Who Công nhận… would recognise (recognition.candidate_rows, the rule the command line
        and the service share): the selection's rows that may be; over the filtered rows, the
        year's proposal list, or (none proposed) every row đạt."""
        if scope.is_selection:
            return recognition.candidate_rows(scope.selected, picked=True)
        chosen = {r.subject_id for r in recognition.candidate_rows(
            scope.grid, among={r.subject_id for r in scope.shown})}
        return [r for r in scope.shown if r.subject_id in chosen]  # in the order the officer sees them

    def recognise(self) -> QWidget | None:
        scope = self.scope()
        rows = self.recognition_rows(scope)
        if not rows:
            self._refuse(self.tr("Trong {0} không có đối tượng nào đạt để công nhận (hãy đánh giá và lập danh sách "
                                 "đề nghị trước).").format(scope.text))
            return None
        year, title, kind = scope.year, scope.title, self._kind(scope.title)
        ids = [r.subject_id for r in rows]
        dialog = RecognitionDialog(self.ctx, year=year, title=title, subject_ids=ids,
                                   names=[r.name for r in rows], parent=self.owner)
        return self._open(dialog, lambda d: self.tr(
            "Đã công nhận {0} {1} theo Quyết định số {2} ngày {3:%d/%m/%Y}.").format(
            format_count(d.recognised), kind, d.number, d.signed_on), follow=ids)

    def revoke(self) -> QWidget | None:
        scope = self.scope()
        rows = self._rows(scope, lambda r: r.stage == "recognised", self.tr("đã được công nhận"))
        if rows is None:
            return None
        year, title, kind = scope.year, scope.title, self._kind(scope.title)
        dialog = RevokeDialog(self.ctx, year=year, title=title,
                              recognitions=[(r.recognition_id, r.name) for r in rows], parent=self.owner)
        return self._open(dialog, lambda n: self.tr("Đã thu hồi công nhận của {0} {1}.").format(
            format_count(n), kind), follow=[r.subject_id for r in rows])

    def unit_staff(self, unit_id: str) -> QWidget:
        dialog = UnitStaffDialog(self.ctx, year=self.scope().year, unit_id=unit_id, parent=self.owner)
        return self._open(dialog, lambda _r: self.tr("Đã lưu số liệu cán bộ của đơn vị. Bấm «Đánh giá» để tính lại."))

    # --- the register: reprint (printing.py) and reissue ----------------------------------
    def _current_certificate(self) -> GridRow | None:
        row = self.scope().current
        if row is None or not row.register_number:
            self._refuse(self.tr("Hãy chọn một dòng đã được công nhận và đã in giấy (có số vào sổ)."))
            return None
        return row

    def reissue(self, register_number: str | None = None, name: str = "") -> QWidget | None:
        if register_number is None:
            row = self._current_certificate()
            if row is None:
                return None
            register_number, name = row.register_number, row.name
        dialog = ReissueDialog(self.ctx, register_number=register_number, name=name, parent=self.owner)
        return self._open(dialog, lambda number: self.tr(
            "Đã cấp lại: giấy mới số {0} (giấy số {1} đã hủy). Hãy in giấy mới.").format(number, register_number))
