"""The print preview as an officer uses it: moving through the pages, printing (to a PDF
printer standing in for the real one, since Qt's print dialog cannot be driven offscreen),
printing some pages or copies, saving, and everything that is not printing."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas

from desktop.ui.pdf_printing import chosen_pages, page_layout_for, print_pages
from desktop.ui.print_preview import PrintPreviewDialog
from tests.ui.keyboard import click, press, type_text

PAGES = 5


def make_pdf(path: Path, pages: int = PAGES) -> Path:
    """A4 landscape pages, each with a big number placed differently, so pages can be told apart."""
    c = Canvas(str(path), pagesize=landscape(A4))
    width, height = landscape(A4)
    for n in range(1, pages + 1):
        c.setLineWidth(4)
        c.rect(20, 20, width - 40, height - 40)
        c.setFont("Helvetica-Bold", 120)
        c.drawString(60 + 110 * (n - 1), height / 2, str(n))
        c.rect(60 + 110 * (n - 1), 60, 80, 80, fill=1)
        c.showPage()
    c.save()
    return path


def pdf_printer(path: Path, printer: QPrinter | None = None, *, resolution: int = 72) -> QPrinter:
    """What a test does where the officer picks a printer in the dialog: the printer the preview
    set up (its paper), sent to Qt's PDF output at a low resolution to keep the test quick."""
    printer = printer or QPrinter(QPrinter.PrinterMode.HighResolution)
    layout = printer.pageLayout()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setPageLayout(layout)
    printer.setResolution(resolution)
    return printer


def rendered(path: Path) -> list[QImage]:
    """Each page small and grey, on white (QtPdf leaves a page's background transparent)."""
    document = QPdfDocument()
    document.load(str(path))
    images = []
    for i in range(document.pageCount()):
        page = document.render(i, QSize(168, 119))
        flat = QImage(page.size(), QImage.Format.Format_RGB32)
        flat.fill(Qt.GlobalColor.white)
        painter = QPainter(flat)
        painter.drawImage(0, 0, page)
        painter.end()
        images.append(flat.convertToFormat(QImage.Format.Format_Grayscale8))
    document.close()
    return images


def difference(a: QImage, b: QImage) -> float:
    """Mean absolute difference of two small grey renders (0 = same, 255 = opposite)."""
    total = sum(abs(a.pixelColor(x, y).lightness() - b.pixelColor(x, y).lightness())
                for y in range(a.height()) for x in range(a.width()))
    return total / (a.width() * a.height())


def which_pages(printed: Path, source: Path) -> list[int]:
    """For each printed page, the 0-based source page it shows (the closest render)."""
    sources = rendered(source)
    return [min(range(len(sources)), key=lambda i: difference(page, sources[i])) for page in rendered(printed)]


@pytest.fixture
def source(tmp_path) -> Path:
    return make_pdf(tmp_path / "nguon.pdf")


@pytest.fixture
def dialog(qtbot, source):
    dialog = PrintPreviewDialog(source, title="Giấy công nhận thử", suggested_path=str(source.with_name("luu.pdf")))
    qtbot.addWidget(dialog)
    dialog.outcomes_seen = []
    dialog.printed.connect(dialog.outcomes_seen.append)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def tool(dialog, action):
    return dialog.toolbar.widgetForAction(action)


def test_the_toolbar_reads_vietnamese(dialog):
    texts = [tool(dialog, a).text() for a in (dialog.print_action, dialog.save_action, dialog.close_action,
                                              dialog.zoom_in_action, dialog.zoom_out_action)]
    assert texts == ["In…", "Lưu PDF…", "Đóng", "Phóng to", "Thu nhỏ"]
    assert [tool(dialog, a).toolTip() for a in (dialog.first_action, dialog.previous_action, dialog.next_action,
                                                 dialog.last_action)] == ["Trang đầu", "Trang trước", "Trang sau",
                                                                          "Trang cuối"]
    assert [dialog.zoom_box.itemText(i) for i in range(3)] == ["Vừa trang", "Vừa chiều rộng", "50 %"]
    assert dialog.windowTitle() == "Xem trước khi in – Giấy công nhận thử"


def test_moving_through_the_pages(qtbot, dialog):
    assert dialog.page_count == PAGES and dialog.page_box.value() == 1
    assert not tool(dialog, dialog.previous_action).isEnabled()
    click(qtbot, tool(dialog, dialog.next_action))
    qtbot.waitUntil(lambda: dialog.current_page == 1)
    assert dialog.page_box.value() == 2
    click(qtbot, tool(dialog, dialog.last_action))
    qtbot.waitUntil(lambda: dialog.current_page == PAGES - 1)
    assert dialog.page_box.value() == PAGES and not tool(dialog, dialog.next_action).isEnabled()
    dialog.page_box.lineEdit().selectAll()
    type_text(qtbot, dialog.page_box.lineEdit(), "3")
    press(qtbot, dialog.page_box.lineEdit(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.current_page == 2)
    click(qtbot, tool(dialog, dialog.first_action))
    qtbot.waitUntil(lambda: dialog.current_page == 0)


def test_zooming_in_and_out_from_the_fitted_page(qtbot, dialog):
    fitted = dialog.zoom_factor()
    click(qtbot, tool(dialog, dialog.zoom_in_action))
    assert dialog.zoom_factor() > fitted and dialog.zoom_box.currentText().endswith(" %")
    click(qtbot, tool(dialog, dialog.zoom_out_action))
    click(qtbot, tool(dialog, dialog.zoom_out_action))
    assert dialog.zoom_factor() < fitted


def test_printing_sends_the_very_pages_shown_and_says_where(qtbot, dialog, source, tmp_path):
    target = tmp_path / "may-in.pdf"
    dialog.choose_printer = lambda printer: pdf_printer(target, printer)
    click(qtbot, tool(dialog, dialog.print_action))
    assert len(dialog.outcomes_seen) == 1
    outcome = dialog.outcomes_seen[0]
    assert (outcome.destination, outcome.to_file, outcome.pages, outcome.copies) == (
        str(target), False, tuple(range(PAGES)), 1)
    reader = PdfReader(target)
    assert len(reader.pages) == PAGES
    assert [round(float(v)) for v in reader.pages[0].mediabox[2:]] == [842, 595], "A4 landscape, whole sheet"
    assert which_pages(target, source) == list(range(PAGES))
    sources, printed = rendered(source), rendered(target)
    assert all(difference(a, b) < 3 for a, b in zip(sources, printed, strict=True)), "the same page, at the same place"
    assert dialog.result() == QDialog.DialogCode.Accepted and not dialog.isVisible()


def test_the_printer_dialog_starts_on_the_documents_paper(dialog):
    printer = dialog.new_printer()
    layout = printer.pageLayout()
    assert layout.pageSize().id().name == "A4" and layout.orientation().name == "Landscape"
    assert printer.fullPage() and (printer.fromPage(), printer.toPage()) == (1, PAGES)


def test_a_page_range_and_collated_copies(qtbot, dialog, source, tmp_path):
    target = tmp_path / "hai-ban.pdf"

    def choose(printer: QPrinter) -> QPrinter:
        chosen = pdf_printer(target, printer)
        chosen.setPrintRange(QPrinter.PrintRange.PageRange)
        chosen.setFromTo(2, 3)
        chosen.setCopyCount(2)
        chosen.setCollateCopies(True)
        return chosen
    dialog.choose_printer = choose
    click(qtbot, tool(dialog, dialog.print_action))
    outcome, = dialog.outcomes_seen
    assert (outcome.pages, outcome.copies, outcome.page_count) == ((1, 2), 2, 2)
    assert which_pages(target, source) == [1, 2, 1, 2]


def test_the_current_page_last_page_first_and_uncollated_copies(tmp_path, source):
    document = QPdfDocument()
    document.load(str(source))
    printer = pdf_printer(tmp_path / "a.pdf")
    printer.setPageLayout(page_layout_for(document))
    printer.setPrintRange(QPrinter.PrintRange.CurrentPage)
    assert chosen_pages(printer, PAGES, current=3) == [3]
    printer.setPrintRange(QPrinter.PrintRange.AllPages)
    printer.setPageOrder(QPrinter.PageOrder.LastPageFirst)
    pages = chosen_pages(printer, PAGES)
    assert pages == [4, 3, 2, 1, 0]
    printer.setCopyCount(2)
    printer.setCollateCopies(False)
    assert print_pages(document, printer, pages[:2])
    document.close()
    assert which_pages(tmp_path / "a.pdf", source) == [4, 4, 3, 3]


def test_cancelling_the_printer_dialog_prints_nothing(qtbot, dialog, tmp_path):
    dialog.choose_printer = lambda printer: None
    click(qtbot, tool(dialog, dialog.print_action))
    assert dialog.outcomes_seen == [] and dialog.isVisible()


def test_a_printer_that_cannot_be_opened_is_not_printed_to(qtbot, dialog, tmp_path):
    dialog.choose_printer = lambda printer: pdf_printer(tmp_path / "khong-co" / "thu-muc" / "x.pdf")
    click(qtbot, tool(dialog, dialog.print_action))
    assert dialog.outcomes_seen == [] and dialog.isVisible()
    assert dialog.status.text().startswith("Chưa in được") and dialog.status.isVisible()


def test_cancelling_the_job_midway_is_not_printed(qtbot, source, tmp_path):
    document = QPdfDocument()
    document.load(str(source))
    printer = pdf_printer(tmp_path / "huy.pdf")
    seen = []
    assert not print_pages(document, printer, range(PAGES), lambda done: seen.append(done) or done < 2)
    document.close()
    assert seen == [1, 2]


def test_closing_the_preview_is_not_printing_and_removes_our_file(qtbot, tmp_path):
    spool = make_pdf(tmp_path / "tam.pdf", pages=2)
    dialog = PrintPreviewDialog(spool, title="x", remove_file=True)
    qtbot.addWidget(dialog)
    seen = []
    dialog.printed.connect(seen.append)
    dialog.show()
    qtbot.waitExposed(dialog)
    press(qtbot, dialog, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected and seen == []
    assert not spool.exists()


def test_the_close_button_closes(qtbot, dialog, source):
    click(qtbot, tool(dialog, dialog.close_action))
    assert not dialog.isVisible() and dialog.outcomes_seen == []
    assert source.exists(), "a file the dialog was only shown is left alone"


def test_saving_copies_the_same_pdf_and_keeps_the_preview_open(qtbot, dialog, source, tmp_path):
    asked = []
    target = tmp_path / "luu" / "giay.pdf"
    target.parent.mkdir()

    def choose(suggested: str) -> str:
        asked.append(suggested)
        return str(target)
    dialog.choose_save_path = choose
    click(qtbot, tool(dialog, dialog.save_action))
    assert asked == [str(source.with_name("luu.pdf"))]
    assert target.read_bytes() == source.read_bytes()
    outcome, = dialog.outcomes_seen
    assert (outcome.destination, outcome.to_file, outcome.pages) == (str(target), True, tuple(range(PAGES)))
    assert dialog.isVisible() and "Đã lưu tệp PDF" in dialog.status.text()
    assert list(target.parent.iterdir()) == [target], "no temporary file left beside it"


def test_saving_cancelled_or_refused_is_not_saved(qtbot, dialog, tmp_path):
    dialog.choose_save_path = lambda suggested: None
    click(qtbot, tool(dialog, dialog.save_action))
    dialog.choose_save_path = lambda suggested: str(tmp_path / "khong-co" / "x.pdf")
    click(qtbot, tool(dialog, dialog.save_action))
    assert dialog.outcomes_seen == [] and "Không lưu được" in dialog.status.text()


def test_a_real_certificate_batch_looks_right(qtbot, tmp_path):
    """A look at the dialog over real certificates (the PNG is kept for a person to check)."""
    from datetime import date

    from desktop.domain.verification import check_value, qr_payload
    from desktop.printing.certificate import draw_certificates
    from desktop.printing.documents import CertificateDoc, Signer, name_lines

    docs = []
    for n, head in enumerate(("Nguyễn Văn Hùng", "Trần Thị Lệ", "Đặng Quốc Việt"), start=1):
        number = f"2026-GĐHT-{n:06d}"
        check = check_value(b"k", commune_code="17380", register_number=number, year=2026, title="GĐHT", name=head)
        docs.append(CertificateDoc(
            commune="Xã Yên Xuân", title_name="Gia đình học tập", year=2026, subject_kind="household",
            name_lines=name_lines("household", "", head=head, address="Thôn Yên Lạc"), decision_number="235/QĐ-UBND",
            decision_date=date(2026, 11, 20), date=date(2026, 11, 20), signer=Signer("Nguyễn Đình Thắng"),
            register_number=number, check_value=check,
            qr_payload=qr_payload(commune_code="17380", register_number=number, year=2026, title="GĐHT",
                                  check=check)))
    path = tmp_path / "gcn.pdf"
    draw_certificates(docs, path)
    dialog = PrintPreviewDialog(path, title="3 giấy công nhận Gia đình học tập năm 2026")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.wait(300)  # QPdfView renders on its own threads
    shot = dialog.grab()
    shot.save(str(tmp_path / "xem-truoc.png"))
    assert shot.width() >= 900 and dialog.page_count == 3
