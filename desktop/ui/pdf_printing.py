"""Sending the pages of a PDF we made to a printer, through QtPdf; no widget but Qt's dialogs.

Each page is rendered at the printer's resolution (at most MAX_PRINT_DPI), in horizontal
strips so that memory stays small, onto the whole sheet at its real size: an A4 page lands
on A4 paper at 100 %, which the offsets for pre-printed blanks rely on.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from PySide6.QtCore import QMarginsF, QRect, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

MAX_PRINT_DPI = 600  # a 1,200 dpi driver gets 600 dpi pages: no visible loss, a quarter of the data
BAND_BYTES = 24 * 1024 * 1024  # one strip of a page at a time (600 dpi A4: 9 strips)


@dataclass(frozen=True)
class PrintOutcome:
    """What went out: to a printer (its name) or into a file (its path); pages are 0-based."""

    destination: str
    to_file: bool
    pages: tuple[int, ...]
    copies: int = 1

    @property
    def page_count(self) -> int:
        return len(self.pages)



def page_layout_for(document: QPdfDocument) -> QPageLayout:
    """The paper of the document's first page (A4 landscape for certificates), no margins."""
    size = document.pagePointSize(0)
    page_size = QPageSize(size, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyOrientationMatch)
    landscape = size.width() > size.height()
    orientation = QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    return QPageLayout(page_size, orientation, QMarginsF())


def chosen_pages(printer: QPrinter, page_count: int, current: int = 0) -> list[int]:
    """The 0-based pages the print dialog asked for, in the order the printer wants them."""
    match printer.printRange():
        case QPrinter.PrintRange.PageRange if not printer.pageRanges().isEmpty():
            pages = [p - 1 for p in range(1, page_count + 1) if printer.pageRanges().contains(p)]
        case QPrinter.PrintRange.CurrentPage:
            pages = [current]
        case _:
            pages = list(range(page_count))
    if printer.pageOrder() == QPrinter.PageOrder.LastPageFirst:
        pages.reverse()
    return pages


def _fit(page: QSizeF, sheet: QRectF) -> QRectF:
    """The page at the sheet's scale, centred: 100 % when the paper is the page's size."""
    scale = min(sheet.width() / page.width(), sheet.height() / page.height())
    width, height = page.width() * scale, page.height() * scale
    return QRectF(round(sheet.x() + (sheet.width() - width) / 2), round(sheet.y() + (sheet.height() - height) / 2),
                  width, height)


def _on_white(image: QImage) -> QImage:
    """QtPdf leaves the page's background transparent; printer drivers blend alpha slowly, or
    badly (transparent turned black in Qt's own PDF output): flatten it onto white paper."""
    sheet = QImage(image.size(), QImage.Format.Format_RGB32)
    sheet.fill(Qt.GlobalColor.white)
    painter = QPainter(sheet)
    painter.drawImage(0, 0, image)
    painter.end()
    return sheet


def paint_page(painter: QPainter, document: QPdfDocument, index: int, target: QRectF, dpi: float) -> None:
    """Page `index` into `target` (device pixels at `dpi`), rendered in horizontal strips."""
    page = document.pagePointSize(index)
    scale = target.width() / page.width() * min(1.0, MAX_PRINT_DPI / dpi)  # image pixels per point
    width, height = max(1, round(page.width() * scale)), max(1, round(page.height() * scale))
    rows = max(1, BAND_BYTES // (4 * width))
    options = QPdfDocumentRenderOptions()
    options.setScaledSize(QSize(width, height))
    for top in range(0, height, rows):
        band = min(rows, height - top)
        options.setScaledClipRect(QRect(0, top, width, band))
        image = _on_white(document.render(index, QSize(width, band), options))
        painter.drawImage(QRectF(target.x(), target.y() + top * target.height() / height, target.width(),
                                 band * target.height() / height), image)


def print_pages(document: QPdfDocument, printer: QPrinter, pages: Sequence[int],
                step: Callable[[int], bool] | None = None) -> bool:
    """Send `pages` (0-based) to `printer`, each on a whole sheet; True once the job is complete.

    `step(sheets_done)` is called after each sheet; returning False aborts the job. Copies the
    driver cannot make are made here, collated if the dialog asked for it.
    """
    printer.setFullPage(True)  # the painter's origin is the sheet's corner, not the printable area's
    copies = 1 if printer.supportsMultipleCopies() else max(1, printer.copyCount())
    if printer.collateCopies():
        sheets = [p for _ in range(copies) for p in pages]
    else:
        sheets = [p for p in pages for _ in range(copies)]
    painter = QPainter()
    if not sheets or not painter.begin(printer):
        return False
    try:
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        sheet = printer.paperRect(QPrinter.Unit.DevicePixel)
        for done, index in enumerate(sheets, start=1):
            if done > 1 and not printer.newPage():
                return False
            paint_page(painter, document, index, _fit(document.pagePointSize(index), sheet), printer.resolution())
            if step is not None and not step(done):
                printer.abort()
                return False
    finally:
        painter.end()
    return printer.printerState() not in (QPrinter.PrinterState.Error, QPrinter.PrinterState.Aborted)


def printer_name(printer: QPrinter) -> str:
    return printer.printerName() or printer.outputFileName()


def ask_printer(parent: QWidget, printer: QPrinter, page_count: int) -> bool:
    """Qt's print dialog (Windows' own on Windows): printer, copies, page range."""
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(parent.tr("In"))
    dialog.setMinMax(1, page_count)
    dialog.setOptions(QAbstractPrintDialog.PrintDialogOption.PrintPageRange
                      | QAbstractPrintDialog.PrintDialogOption.PrintCurrentPage
                      | QAbstractPrintDialog.PrintDialogOption.PrintCollateCopies
                      | QAbstractPrintDialog.PrintDialogOption.PrintShowPageSize)
    return dialog.exec() == QDialog.DialogCode.Accepted


def ask_pdf_path(parent: QWidget, caption: str, suggested: str) -> str | None:
    path, _ = QFileDialog.getSaveFileName(parent, caption, suggested, parent.tr("Tệp PDF (*.pdf)"))
    if not path:
        return None
    return path if path.lower().endswith(".pdf") else path + ".pdf"


def copy_file(source: str | os.PathLike, target: str | os.PathLike) -> None:
    """Copy, replacing `target` only once the copy is whole (a full disk leaves the old file)."""
    target = Path(target)
    if target.exists() and target.resolve() == Path(source).resolve():
        return
    temp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.part")
    try:
        shutil.copyfile(source, temp)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
