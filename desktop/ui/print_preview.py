"""Xem trước khi in: the pages of a PDF we made, a printer chosen, the same pages sent to it.

The preview is a QPdfView over the very PDF the printer gets: it renders only the pages
in sight, on its own threads. (QPrintPreviewWidget was measured first: it records every
page as an image before showing one, 1.1 GB and 4 s on the UI thread for 300 certificates
at 96 dpi, 2.6 GB at 150 dpi; a commune PC has 4 GB.) Printing renders the same pages
with QtPdf at the printer's resolution (pdf_printing.py).

`printed` is emitted only when pages went to a printer (or the PDF was saved): cancelling
the printer dialog, failing to open the printer, cancelling the job or closing the preview
report nothing. Tests replace `choose_printer` (a QPrinter writing a PDF file) and
`choose_save_path`, since Qt's own dialogs cannot be driven offscreen.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QLabel,
    QProgressDialog,
    QSizePolicy,
    QSpinBox,
    QStyle,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.pdf_printing import (
    PrintOutcome,
    ask_pdf_path,
    ask_printer,
    chosen_pages,
    copy_file,
    page_layout_for,
    print_pages,
    printer_name,
)

ZOOMS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0)
FIT_PAGE, FIT_WIDTH = "page", "width"


# --- the dialog ------------------------------------------------------------------------


class PrintPreviewDialog(QDialog):
    """The pages of `pdf_path`, with In…, Lưu PDF…, Đóng; `printed(PrintOutcome)` when they went out."""

    printed = Signal(object)  # PrintOutcome

    def __init__(self, pdf_path: str | os.PathLike, *, title: str, suggested_path: str = "", note: str = "",
                 remove_file: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pdf_path = str(pdf_path)
        self.suggested_path = suggested_path or str(Path.home() / Path(self.pdf_path).name)
        self.remove_file = remove_file
        self.outcomes: list[PrintOutcome] = []
        self.setWindowTitle(self.tr("Xem trước khi in – {0}").format(title))
        self.document = QPdfDocument(self)
        self.document.load(self.pdf_path)
        if self.document.status() != QPdfDocument.Status.Ready or self.document.pageCount() == 0:
            raise OSError(f"không đọc được tệp PDF {self.pdf_path}")
        self.page_count = self.document.pageCount()

        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.navigator = self.view.pageNavigator()
        self.navigator.currentPageChanged.connect(self._page_shown)

        self.toolbar = QToolBar(self)
        self._build_toolbar()
        self.status = QLabel(note)
        self.status.setWordWrap(True)
        self.status.setVisible(bool(note))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)
        landscape = self.document.pagePointSize(0).width() > self.document.pagePointSize(0).height()
        self.set_zoom(FIT_PAGE if landscape else FIT_WIDTH)
        self.resize(1000, 760)
        self.finished.connect(self._release)

    def _build_toolbar(self) -> None:
        bar, tr, style = self.toolbar, self.tr, self.style()

        def act(text: str, slot: Callable, icon: QStyle.StandardPixmap | None = None,
                keys: QKeySequence | QKeySequence.StandardKey | None = None) -> QAction:
            action = QAction(text, self)
            action.setIconText(text)  # a tool button would drop the "…" that says a dialog follows
            if icon is not None:
                action.setIcon(style.standardIcon(icon))
            if keys is not None:
                action.setShortcut(keys)
                action.setToolTip(f"{text} ({QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)})")
            action.triggered.connect(lambda _checked=False: slot())
            return action

        pixmap = QStyle.StandardPixmap
        self.first_action = act(tr("Trang đầu"), lambda: self.go_to(0), pixmap.SP_MediaSkipBackward)
        self.previous_action = act(tr("Trang trước"), lambda: self.go_to(self.current_page - 1), pixmap.SP_ArrowBack)
        self.next_action = act(tr("Trang sau"), lambda: self.go_to(self.current_page + 1), pixmap.SP_ArrowForward)
        self.last_action = act(tr("Trang cuối"), lambda: self.go_to(self.page_count - 1), pixmap.SP_MediaSkipForward)
        self.page_box = QSpinBox()
        self.page_box.setRange(1, self.page_count)
        self.page_box.setKeyboardTracking(False)
        self.page_box.setAccessibleName(tr("Trang"))
        self.page_box.valueChanged.connect(lambda n: self.go_to(n - 1))
        self.zoom_out_action = act(tr("Thu nhỏ"), lambda: self.step_zoom(-1), keys=QKeySequence.StandardKey.ZoomOut)
        self.zoom_in_action = act(tr("Phóng to"), lambda: self.step_zoom(1), keys=QKeySequence.StandardKey.ZoomIn)
        self.zoom_box = QComboBox()
        self.zoom_box.addItem(tr("Vừa trang"), FIT_PAGE)
        self.zoom_box.addItem(tr("Vừa chiều rộng"), FIT_WIDTH)
        for factor in ZOOMS:
            self.zoom_box.addItem(f"{factor:.0%}".replace("%", " %"), factor)
        self.zoom_box.activated.connect(lambda i: self.set_zoom(self.zoom_box.itemData(i)))
        self.print_action = act(tr("In…"), self.print_document, keys=QKeySequence.StandardKey.Print)
        self.save_action = act(tr("Lưu PDF…"), self.save_pdf, keys=QKeySequence.StandardKey.Save)
        self.close_action = act(tr("Đóng"), self.reject)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for action in (self.first_action, self.previous_action):
            bar.addAction(action)
        bar.addWidget(QLabel(tr("Trang") + " "))
        bar.addWidget(self.page_box)
        bar.addWidget(QLabel(" " + tr("/ {0}").format(self.page_count) + " "))
        for action in (self.next_action, self.last_action):
            bar.addAction(action)
        bar.addSeparator()
        bar.addAction(self.zoom_out_action)
        bar.addWidget(self.zoom_box)
        bar.addAction(self.zoom_in_action)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar.addWidget(spacer)
        for action in (self.print_action, self.save_action, self.close_action):
            bar.addAction(action)
        for action in (self.first_action, self.previous_action, self.next_action, self.last_action):
            bar.widgetForAction(action).setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        bold = bar.widgetForAction(self.print_action).font()
        bold.setBold(True)
        bar.widgetForAction(self.print_action).setFont(bold)  # the step the officer came for
        self._page_shown(0)

    # --- moving around ------------------------------------------------------------------
    @property
    def current_page(self) -> int:
        return self.navigator.currentPage()

    def go_to(self, index: int) -> None:
        index = max(0, min(self.page_count - 1, index))
        if index != self.current_page:
            self.navigator.jump(index, QPointF(), self.navigator.currentZoom())
        self._page_shown(index)

    def _page_shown(self, index: int) -> None:
        self.page_box.blockSignals(True)
        self.page_box.setValue(index + 1)
        self.page_box.blockSignals(False)
        self.first_action.setEnabled(index > 0)
        self.previous_action.setEnabled(index > 0)
        self.next_action.setEnabled(index < self.page_count - 1)
        self.last_action.setEnabled(index < self.page_count - 1)

    def set_zoom(self, zoom: str | float) -> None:
        if zoom == FIT_PAGE:
            self.view.setZoomMode(QPdfView.ZoomMode.FitInView)
        elif zoom == FIT_WIDTH:
            self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        else:
            self.view.setZoomMode(QPdfView.ZoomMode.Custom)
            self.view.setZoomFactor(float(zoom))
        self.zoom_box.setCurrentIndex(self.zoom_box.findData(zoom))

    def zoom_factor(self) -> float:
        """The zoom in effect (a fit mode's too): the page's width on screen over its width at 100 %."""
        if self.view.zoomMode() == QPdfView.ZoomMode.Custom:
            return self.view.zoomFactor()
        page = self.document.pagePointSize(self.current_page)
        at_100 = page.width() * self.view.logicalDpiX() / 72
        room = self.view.viewport().width() - 12
        if self.view.zoomMode() == QPdfView.ZoomMode.FitInView:
            room = min(room, (self.view.viewport().height() - 12) * page.width() / page.height())
        return room / at_100

    def step_zoom(self, direction: int) -> None:
        now = self.zoom_factor()
        steps = [z for z in ZOOMS if (z > now * 1.01 if direction > 0 else z < now * 0.99)]
        if steps:
            self.set_zoom(steps[0] if direction > 0 else steps[-1])

    # --- printing and saving --------------------------------------------------------------
    def choose_printer(self, printer: QPrinter) -> QPrinter | None:
        """The printer to use, set up by the officer; None if they cancel (tests replace this)."""
        return printer if ask_printer(self, printer, self.page_count) else None

    def choose_save_path(self, suggested: str) -> str | None:
        """Where to save the PDF; None if the officer cancels (tests replace this)."""
        return ask_pdf_path(self, self.tr("Lưu tệp PDF"), suggested)

    def new_printer(self) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageLayout(page_layout_for(self.document))
        printer.setFullPage(True)
        printer.setDocName(self.windowTitle())
        printer.setFromTo(1, self.page_count)
        return printer

    def print_document(self) -> PrintOutcome | None:
        """In…: the print dialog, then the pages; closes the preview once they went out."""
        printer = self.choose_printer(self.new_printer())
        if printer is None:
            return None  # the officer cancelled: nothing printed
        pages = chosen_pages(printer, self.page_count, self.current_page)
        name = printer_name(printer)
        copies = max(1, printer.copyCount())
        progress = QProgressDialog(self.tr("Đang gửi các trang tới máy in {0}…").format(name), self.tr("Hủy"),
                                   0, len(pages) * (1 if printer.supportsMultipleCopies() else copies), self)
        progress.setWindowTitle(self.tr("In"))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(600)

        def step(done: int) -> bool:
            progress.setValue(done)
            return not progress.wasCanceled()
        try:
            sent = print_pages(self.document, printer, pages, step)
        finally:
            progress.close()
        if not sent:
            self._say(self.tr("Chưa in được: lệnh in tới {0} đã bị hủy hoặc máy in báo lỗi. Các tờ (nếu đã ra) "
                              "không được ghi là đã in.").format(name), error=True)
            return None
        outcome = PrintOutcome(name, False, tuple(sorted(set(pages))), copies)
        self._report(outcome)
        self.accept()
        return outcome

    def save_pdf(self) -> PrintOutcome | None:
        """Lưu PDF…: a copy of the very PDF shown, where the officer chooses."""
        path = self.choose_save_path(self.suggested_path)
        if not path:
            return None
        try:
            copy_file(self.pdf_path, path)
        except OSError as exc:
            self._say(self.tr("Không lưu được tệp {0}: {1}").format(path, exc.strerror or exc), error=True)
            return None
        self.suggested_path = path
        outcome = PrintOutcome(path, True, tuple(range(self.page_count)))
        self._say(self.tr("Đã lưu tệp PDF {0}.").format(path))
        self._report(outcome)
        return outcome

    def _report(self, outcome: PrintOutcome) -> None:
        self.outcomes.append(outcome)
        self.printed.emit(outcome)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #b00020;" if error else "")
        self.status.show()

    def _release(self) -> None:
        """The file is ours to remove once the dialog is done (Windows: closed before deleting)."""
        self.document.close()
        if self.remove_file:
            with contextlib.suppress(OSError):
                os.unlink(self.pdf_path)
