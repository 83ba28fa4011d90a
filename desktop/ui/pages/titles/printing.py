"""Printing from the "Đánh giá – công nhận" page: decisions, certificates, reprints, blanks.

Certificates go in three steps: the worker renders a PDF with the numbers they would take,
writing nothing; the preview shows it; only the pages that went to a printer (or into a
saved PDF) are committed on the writer: numbered in the register and logged. Closing the
preview, or cancelling the printer dialog, leaves the register as it was.
"""

from __future__ import annotations

import html
import tempfile
import uuid
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import shiboken6
from PySide6.QtCore import QStandardPaths, QUrl
from PySide6.QtWidgets import QFileDialog, QWidget

from desktop.domain.text import format_count
from desktop.printing.certificate import BlankLayout
from desktop.services import commune_rating
from desktop.services.titles import certificates, forms, recognition
from desktop.services.titles.common import title_name
from desktop.ui.dialogs.blank_layout_dialog import BlankLayoutDialog, blank_enabled, blank_layout
from desktop.ui.pdf_printing import PrintOutcome
from desktop.ui.print_preview import PrintPreviewDialog

if TYPE_CHECKING:
    from desktop.ui.context import UiContext
    from desktop.ui.pages.base import Page
    from desktop.ui.pages.titles.scope import TitleScope

PRINT_FOLDER = "titles/print_folder"


def ask_save_path(parent: QWidget, caption: str, folder: str, name: str) -> str | None:
    """Where to write a PDF (tests replace this); None when the officer cancels."""
    path, _ = QFileDialog.getSaveFileName(parent, caption, str(Path(folder) / name), parent.tr("Tệp PDF (*.pdf)"))
    if not path:
        return None
    return path if path.lower().endswith(".pdf") else path + ".pdf"


class PrintingActions:
    """The printing half of TitleActions, which it is mixed into (it uses the owner, ctx, scope,
    say, _write, _refuse, _rows and _current_certificate of TitleActions)."""

    owner: "Page"
    ctx: "UiContext"
    scope: Callable[[], "TitleScope"]
    say: Callable[[str], None]
    _spool_folder: tempfile.TemporaryDirectory | None = None

    def _folder(self) -> str:
        return str(self.ctx.settings.value(PRINT_FOLDER, "") or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation))

    def _path(self, caption: str, name: str) -> str | None:
        path = ask_save_path(self.owner, caption, self._folder(), name)
        if path:
            self.ctx.settings.setValue(PRINT_FOLDER, str(Path(path).parent))
        return path

    def _printed(self, text: str, path: str) -> str:
        return (f"{html.escape(text)} <a href='{QUrl.fromLocalFile(path).toString()}'>{self.tr('Mở tệp')}</a>")

    def _spool(self, name: str) -> str:
        """A fresh file for a PDF that waits in the preview (which removes it when closed)."""
        if self._spool_folder is None:
            self._spool_folder = tempfile.TemporaryDirectory(prefix="xhht-in-", ignore_cleanup_errors=True)
        return str(Path(self._spool_folder.name) / f"{uuid.uuid4().hex[:8]} {name}")

    def _prepare(self, fn: Callable, label: str, then: Callable[[object], None]) -> None:
        """fn(session, progress) on the worker, writing nothing; then(result) on the UI thread."""
        owner, errors = self.owner, self.ctx.errors

        def done(result) -> None:
            if shiboken6.isValid(owner):
                then(result)
        self.ctx.ops.run(fn, label=label, writes=False, on_done=done,
                         on_failed=lambda exc: errors.show(exc, owner if shiboken6.isValid(owner) else None))

    def _preview(self, pdf: str, title: str, name: str, on_out: Callable[[PrintOutcome], None],
                 note: str = "") -> PrintPreviewDialog:
        def out(outcome: PrintOutcome) -> None:
            if outcome.to_file:
                self.ctx.settings.setValue(PRINT_FOLDER, str(Path(outcome.destination).parent))
            on_out(outcome)
        dialog = PrintPreviewDialog(pdf, title=title, suggested_path=str(Path(self._folder()) / name), note=note,
                                    remove_file=True, parent=self.owner)
        dialog.printed.connect(out)
        dialog.finished.connect(dialog.deleteLater)
        self.owner.current_dialog = dialog
        dialog.open()
        return dialog

    def _blank_note(self, blank: BlankLayout | None) -> str:
        if blank is None:
            return ""
        x, y = (f"{v:g}".replace(".", ",") for v in (blank.offset_x_mm, blank.offset_y_mm))  # 2,5 mm
        return self.tr("In trên phôi có sẵn: chỉ in phần chữ thay đổi, lệch {0} mm ngang và {1} mm dọc (chỉnh ở "
                       "«In › Căn lề in trên phôi…»).").format(x, y)

    def _commit(self, plan: certificates.PrintPlan, outcome: PrintOutcome, what: Callable[[int], str],
                printed: str = "") -> None:
        """Pages went out: number them in the register and log the print; the page says where.
        `what(count)` names the papers ("4 giấy công nhận"); `printed` is the verb ("Đã in")."""
        to = {"file": outcome.destination} if outcome.to_file else {"printer": outcome.destination}
        printed = printed or self.tr("Đã in")

        def said(done: certificates.Committed) -> str:
            if outcome.to_file:
                return self._printed(self.tr("Đã lưu tệp PDF {0}.").format(what(done.printed)), outcome.destination)
            copies = self.tr(", mỗi giấy {0} bản").format(done.copies) if done.copies > 1 else ""
            return html.escape(self.tr("{0} {1} (máy in {2}{3}).").format(printed, what(done.printed),
                                                                          outcome.destination, copies))
        self._write(lambda s, p: certificates.commit_print(session=s, plan=plan, pages=outcome.pages,
                                                           copies=outcome.copies,
                                                           **to),
                    self.tr("Đang ghi sổ cấp giấy công nhận…"), said)

    def _fill_decisions(self) -> None:
        menu = self.decision_menu
        menu.clear()
        for decision in self.scope().decisions:
            action = menu.addAction(self.tr("Quyết định số {0} ngày {1:%d/%m/%Y} ({2} đối tượng)").format(
                decision.number, decision.signed_on, decision.recognised))
            action.triggered.connect(partial(self.print_decision, decision))
        if menu.isEmpty():
            menu.addAction(self.tr("(chưa có quyết định nào năm này)")).setEnabled(False)

    def print_decision(self, decision: recognition.DecisionSummary) -> None:
        """The decision has no register rows: it only goes through the preview."""
        name = f"Quyết định {decision.number.replace('/', '-')} - {decision.title_name}.pdf"
        pdf = self._spool(name)
        what = self.tr("Quyết định số {0}").format(decision.number)

        def out(outcome: PrintOutcome) -> None:
            if outcome.to_file:
                self.say(self._printed(self.tr("Đã lưu tệp PDF {0}.").format(what), outcome.destination))
            else:
                self.say(html.escape(self.tr("Đã in {0} ({1} trang, máy in {2}).").format(
                    what, outcome.page_count, outcome.destination)))
        self._prepare(lambda s, p: certificates.print_decision(session=s, decision_id=decision.id, path=pdf),
                      self.tr("Đang chuẩn bị quyết định…"), lambda _r: self._preview(pdf, what, name, out))

    def print_forms(self) -> None:
        """Phiếu tự đánh giá of the scope's people (Công dân học tập only), through the preview."""
        scope = self.scope()
        year, title = scope.year, scope.title
        if title != forms.TITLE:
            self._refuse(self.tr("Phiếu tự đánh giá chỉ dành cho Công dân học tập: hãy chọn danh hiệu này ở trên."))
            return
        rows = self._rows(scope, lambda r: r.stage != "left", self.tr("đã đăng ký và đang cư trú"))
        if rows is None:
            return
        name = f"Phiếu tự đánh giá Công dân học tập {year}.pdf"
        pdf = self._spool(name)

        def out(outcome: PrintOutcome) -> None:
            what = self.tr("phiếu tự đánh giá")
            if outcome.to_file:
                self.say(self._printed(self.tr("Đã lưu tệp PDF {0}.").format(what), outcome.destination))
            else:
                self.say(html.escape(self.tr("Đã in {0} ({1} trang, máy in {2}).").format(
                    what, outcome.page_count, outcome.destination)))
        self._prepare(lambda s, p: forms.print_self_assessment(session=s, year=year, path=pdf, progress=p,
                                                               subject_ids=[r.subject_id for r in rows]),
                      self.tr("Đang chuẩn bị phiếu tự đánh giá…"),
                      lambda count: self._preview(pdf, self.tr("{0} phiếu tự đánh giá năm {1}").format(
                          format_count(count), year), name, out))

    def _certificate_scope(self, scope: "TitleScope", every: bool) -> tuple[bool, list[str] | None]:
        """(go on, subject ids or None for every recognised one)."""
        if every:
            return True, None
        rows = self._rows(scope, lambda r: r.stage == "recognised", self.tr("đã được công nhận để in giấy"))
        return rows is not None, [r.subject_id for r in rows or []]

    def _certificates_said(self, count: int) -> str:
        return self.tr("{0} giấy công nhận").format(format_count(count))

    def print_certificates(self, every: bool = False) -> None:
        """In giấy công nhận…: render (worker) → preview → printed → numbers and log (worker)."""
        scope = self.scope()
        year, title = scope.year, scope.title
        go, ids = self._certificate_scope(scope, every)
        if not go:
            return
        name = f"Giấy công nhận {title_name(title)} {year}.pdf"
        blank, pdf = blank_layout(self.ctx.settings), self._spool(name)

        def preview(plan: certificates.PrintPlan) -> None:
            heading = self.tr("{0} giấy công nhận {1} năm {2}").format(format_count(plan.pages), title_name(title),
                                                                         year)
            self._preview(plan.path, heading, name, lambda o: self._commit(plan, o, self._certificates_said),
                          self._blank_note(blank))
        self._prepare(lambda s, p: certificates.prepare_certificates(session=s, year=year, title=title, path=pdf,
                                                                     subject_ids=ids, progress=p, blank=blank),
                      self.tr("Đang chuẩn bị giấy công nhận…"), preview)

    def save_certificates(self) -> None:
        """Lưu PDF…: the old way, honestly named: the file is a certificate going out, so its numbers
        are committed with it."""
        scope = self.scope()
        year, title = scope.year, scope.title
        go, ids = self._certificate_scope(scope, False)
        if not go:
            return
        path = self._path(self.tr("Lưu giấy công nhận ra tệp PDF"), f"Giấy công nhận {title_name(title)} {year}.pdf")
        if not path:
            return
        blank = blank_layout(self.ctx.settings)
        self._write(lambda s, p: certificates.print_certificates(session=s, year=year, title=title, path=path,
                                                                 subject_ids=ids,
                                                                 progress=p, blank=blank),
                    self.tr("Đang lưu giấy công nhận…"), lambda pages: self._printed(self.tr(
                        "Đã lưu tệp PDF {0}.").format(self._certificates_said(pages)), path))

    def adjust_blank_layout(self) -> BlankLayoutDialog:
        dialog = BlankLayoutDialog(self.ctx.settings, commune=self.ctx.commune.name, parent=self.owner)
        dialog.accepted.connect(lambda: self.blank_action.setChecked(blank_enabled(self.ctx.settings)))
        dialog.finished.connect(dialog.deleteLater)
        self.owner.current_dialog = dialog
        dialog.open()
        return dialog

    def reprint(self, register_number: str | None = None) -> None:
        """Same number and code, through the preview; the reprint is logged only once printed."""
        if register_number is None:
            row = self._current_certificate()
            if row is None:
                return
            register_number = row.register_number
        name = f"Giấy công nhận {register_number}.pdf"
        blank, pdf = blank_layout(self.ctx.settings), self._spool(name)
        what = self.tr("giấy số {0}").format(register_number)

        def preview(plan: certificates.PrintPlan) -> None:
            self._preview(plan.path, self.tr("In lại {0}").format(what), name,
                          lambda o: self._commit(plan, o, lambda _n: what, self.tr("Đã in lại")),
                          self._blank_note(blank))
        self._prepare(lambda s, p: certificates.prepare_reprint(session=s, certificate=register_number, path=pdf,
                                                                blank=blank),
                      self.tr("Đang chuẩn bị in lại giấy…"), preview)

    def print_commune_rating(self, year: int, say: Callable[[str], None]) -> None:
        """Báo cáo tự đánh giá “Cộng đồng học tập” cấp xã (TT 25/2023), through the preview;
        `say` shows what became of it (rich text)."""
        name = f"Báo cáo tự đánh giá Cộng đồng học tập cấp xã {year}.pdf"
        pdf = self._spool(name)
        what = self.tr("báo cáo tự đánh giá năm {0}").format(year)

        def out(outcome: PrintOutcome) -> None:
            if outcome.to_file:
                say(self._printed(self.tr("Đã lưu tệp PDF {0}.").format(what), outcome.destination))
            else:
                say(html.escape(self.tr("Đã in {0} ({1} trang, máy in {2}).").format(
                    what, outcome.page_count, outcome.destination)))
        self._prepare(lambda s, p: commune_rating.print_report(session=s, year=year, path=pdf),
                      self.tr("Đang chuẩn bị báo cáo tự đánh giá…"),
                      lambda _r: self._preview(pdf, self.tr("Báo cáo tự đánh giá năm {0}").format(year), name, out))
