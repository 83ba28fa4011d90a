"""The recognition decision (Quyết định công nhận) with its annex list, as one PDF.

Layout of Nghị định 30/2020/NĐ-CP, Phụ lục I (sizes, margins and their sources in
printing/nd30.py) after the model of Phụ lục III, Mẫu 1.2 "Quyết định (cá biệt) quy định
trực tiếp": A4 portrait, margins 20/20/30/15 mm; header in two columns inside the margins
(issuing body left, national title right, each centred in its column with its rule), the
number under the issuing body and the italic place-date line under the motto; title and
subject, authority, italic legal bases, articles, then "Nơi nhận" at the left and the
signature at the right. Page numbers sit centred in the top margin from page 2. The annex
starts on a new page; its table repeats the header row on every page.
"""

from __future__ import annotations

import os
from typing import Protocol
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from desktop.printing import nd30
from desktop.printing.documents import DecisionDoc, Signer, atomic_target, in_sentence, kind_words
from desktop.printing.fonts import (
    BOLD,
    BOLD_ITALIC,
    ITALIC,
    REGULAR,
    balanced_lines,
    fit_size,
    nfc,
    register_fonts,
    width,
)
from desktop.printing.nd30 import document_number

BODY = nd30.BODY
LEADING = BODY * nd30.LINE_SPACING
INDENT = nd30.FIRST_LINE_INDENT
MARGINS = dict(topMargin=nd30.MARGIN_TOP, bottomMargin=nd30.MARGIN_BOTTOM, leftMargin=nd30.MARGIN_LEFT,
               rightMargin=nd30.MARGIN_RIGHT)
FRAME_PADDING = 6  # reportlab's frame keeps 6 pt on each side; the header draws over it to the margins
ISSUER_SHARE = 0.40  # the issuing body's column; the rest is the national title's (not confirmed, nd30.py)


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=REGULAR, fontSize=BODY, leading=LEADING, alignment=TA_JUSTIFY,
                          firstLineIndent=INDENT, spaceBefore=0, spaceAfter=nd30.PARAGRAPH_SPACE)
    return {
        "body": base,
        "basis": ParagraphStyle("basis", parent=base, fontName=ITALIC),
        "title": ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=nd30.DOCUMENT_KIND,
                                leading=nd30.DOCUMENT_KIND * nd30.LINE_SPACING,
                                alignment=TA_CENTER, firstLineIndent=0, spaceAfter=0),
        "center_bold": ParagraphStyle("cb", parent=base, fontName=BOLD, fontSize=nd30.SIGNATURE,
                                      leading=nd30.SIGNATURE * nd30.LINE_SPACING, alignment=TA_CENTER,
                                      firstLineIndent=0, spaceAfter=0),
        "center_italic": ParagraphStyle("ci", parent=base, fontName=ITALIC, alignment=TA_CENTER,
                                        firstLineIndent=0, spaceAfter=0),
        "recipients_head": ParagraphStyle("rh", parent=base, fontName=BOLD_ITALIC, fontSize=nd30.RECIPIENTS_HEAD,
                                          leading=14, alignment=TA_LEFT, firstLineIndent=0, spaceAfter=0),
        "recipient": ParagraphStyle("r", parent=base, fontName=REGULAR, fontSize=nd30.RECIPIENT, leading=13,
                                    alignment=TA_LEFT, leftIndent=7, firstLineIndent=-7, spaceAfter=0),
        "cell": ParagraphStyle("cell", parent=base, fontSize=12, leading=14.5, alignment=TA_LEFT,
                               firstLineIndent=0, spaceAfter=0),
        "cell_head": ParagraphStyle("ch", parent=base, fontName=BOLD, fontSize=12, leading=14.5,
                                    alignment=TA_CENTER, firstLineIndent=0, spaceAfter=0),
        "cell_center": ParagraphStyle("cc", parent=base, fontSize=12, leading=14.5, alignment=TA_CENTER,
                                      firstLineIndent=0, spaceAfter=0),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    # Paragraph takes markup: the data is escaped; NFC because reportlab does no shaping.
    return Paragraph(escape(nfc(text)), style)


def _centred(text: str, style: ParagraphStyle, avail: float) -> Paragraph:
    """A centred title broken into balanced lines (no lone "2026" on the second line)."""
    lines = balanced_lines(text, style.fontName, style.fontSize, avail)
    return Paragraph("<br/>".join(escape(line) for line in lines), style)


class Rule(Flowable):
    """A short centred rule, as under the subject line and the annex reference (Phụ lục I,
    Mục II.5.b: 1/3 to 1/2 of the line above it)."""

    def __init__(self, length: float, space: float = 6) -> None:
        super().__init__()
        self.length, self.space = length, space

    def wrap(self, avail_width, avail_height):
        self.avail = avail_width
        return avail_width, self.space * 2

    def draw(self):
        x = (self.avail - self.length) / 2
        self.canv.setLineWidth(0.6)
        self.canv.line(x, self.space, x + self.length, self.space)


class Letterhead(Protocol):
    """What the header and the signature block read: of a decision, of a report."""

    @property
    def commune(self) -> str: ...
    @property
    def number_line(self) -> str: ...
    @property
    def date_line(self) -> str: ...
    @property
    def recipients(self) -> tuple[str, ...]: ...
    @property
    def signer(self) -> Signer: ...


class Header(Flowable):
    """Issuing body and number (left column), national title, motto and place-date line (right).

    Both columns lie inside the margins (Phụ lục I, Mục I.3): the frame's padding is given
    back, nothing reaches into the left margin. Each block is centred in its own column
    (Mục II.1.a, II.2.b, II.3.c, II.4.c).
    """

    HEIGHT = 82
    ROW = 16  # baseline to baseline of the two header lines (single spacing at 12–13 pt, Mục II.1.c)

    def __init__(self, doc: Letterhead) -> None:
        super().__init__()
        self.doc = doc

    def wrap(self, avail_width, avail_height):
        self.avail = avail_width
        return avail_width, self.HEIGHT

    def columns(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """(centre, width) of the left and the right column, in the flowable's coordinates."""
        full = self.avail + 2 * FRAME_PADDING  # from the left margin to the right margin
        left_w = full * ISSUER_SHARE
        right_w = full - left_w
        x0 = -FRAME_PADDING
        return (x0 + left_w / 2, left_w), (x0 + left_w + right_w / 2, right_w)

    def _centred(self, text: str, font: str, size: float, cx: float, y: float, room: float) -> float:
        """Draw `text` centred on cx, shrunk to fit `room`; returns its drawn width."""
        text = nfc(text)
        size = fit_size(text, font, size, room)
        self.canv.setFont(font, size)
        self.canv.drawCentredString(cx, y, text)
        return width(text, font, size)

    def draw(self):
        c, doc = self.canv, self.doc
        (lx, left_w), (rx, right_w) = self.columns()
        top = self.HEIGHT - 12
        c.setLineWidth(0.6)
        # Left (ô 2): the People's Committee and the commune, bold; a rule half the name's length.
        self._centred("ỦY BAN NHÂN DÂN", BOLD, nd30.ISSUER, lx, top, left_w - 4)
        w = self._centred(doc.commune.upper(), BOLD, nd30.ISSUER, lx, top - self.ROW, left_w - 4)
        c.line(lx - w * nd30.ISSUER_RULE / 2, top - self.ROW - 6, lx + w * nd30.ISSUER_RULE / 2, top - self.ROW - 6)
        # Right (ô 1): the national title and the motto, the motto underlined for its full length.
        self._centred("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", BOLD, nd30.NATIONAL_TITLE, rx, top, right_w - 4)
        w = self._centred("Độc lập - Tự do - Hạnh phúc", BOLD, nd30.MOTTO, rx, top - self.ROW, right_w - 4)
        c.line(rx - w / 2, top - self.ROW - 6, rx + w / 2, top - self.ROW - 6)
        # Ô 3 under the issuing body and ô 4 under the motto, on one line (Mục II.4.c).
        base = top - 50
        self._centred(doc.number_line, REGULAR, nd30.NUMBER, lx, base, left_w - 4)
        self._centred(doc.date_line, ITALIC, nd30.PLACE_DATE, rx, base, right_w - 4)


def _signature(doc: Letterhead, st: dict, avail: float) -> Table:
    recipients = [_p("Nơi nhận:", st["recipients_head"])]
    recipients += [_p(r if r.startswith("-") else f"- {r}", st["recipient"]) for r in doc.recipients]
    signer: list[Flowable] = [_p(line, st["center_bold"]) for line in doc.signer.lines]
    signer += [Spacer(1, 66), _p(doc.signer.name, st["center_bold"])]  # room for signature and seal
    table = Table([[recipients, signer]], colWidths=[avail * 0.48, avail * 0.52])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONT", (0, 0), (-1, -1), REGULAR),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def _annex(doc: DecisionDoc, st: dict, avail: float) -> list:
    heading, subtitle = doc.annex_title
    story = [_p(heading, st["title"]), _centred(subtitle, st["title"], avail),
             _centred(doc.annex_reference, st["center_italic"], avail),
             Rule(avail * 0.3), Spacer(1, 4)]
    columns = doc.annex_columns
    rows = [[_p(c, st["cell_head"]) for c in columns]]
    for i, subject in enumerate(doc.subjects, start=1):
        cells = doc.annex_cells(i, subject)
        rows.append([_p(cells[0], st["cell_center"])] + [_p(c, st["cell"]) for c in cells[1:]])
    stt = 15 * mm
    rest = avail - stt
    widths = [stt, rest * 0.45, rest * 0.55] if len(columns) == 3 else [stt, rest * 0.34, rest * 0.30, rest * 0.36]
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), REGULAR),  # the default would pull in an unembedded Helvetica
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.92, 0.92)),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))
    plural = kind_words(doc.subject_kind)[0]
    story += [table, Spacer(1, 6),
              _p(f"Danh sách có {len(doc.subjects)} {plural}./.", st["center_italic"])]
    return story


def build_story(doc: DecisionDoc, avail: float, pages: PageNumbers | None = None) -> list:
    st = _styles()
    subject = _centred(doc.subject, st["title"], avail)
    longest = max(width(line, BOLD, nd30.SUBJECT) for line in balanced_lines(doc.subject, BOLD, nd30.SUBJECT, avail))
    story: list = [Header(doc), Spacer(1, 14), _p("QUYẾT ĐỊNH", st["title"]), subject,
                   Rule(min(longest, avail) * nd30.SUBJECT_RULE), Spacer(1, 4),
                   _centred(doc.authority, st["title"], avail), Spacer(1, 10)]
    story += [_p(basis, st["basis"]) for basis in doc.legal_bases]
    story += [Spacer(1, 4), _p("QUYẾT ĐỊNH:", st["title"]), Spacer(1, 8)]
    articles = [Paragraph(f"<b>Điều {n}.</b> {escape(nfc(text))}", st["body"])
                for n, text in enumerate(doc.article_texts, start=1)]
    # The signature never sits alone on a page: the last article moves with it.
    story += articles[:-1] + [KeepTogether(articles[-1:] + [Spacer(1, 8), _signature(doc, st, avail)])]
    if doc.subjects:
        story += [PageBreak(), AnnexStart(pages or PageNumbers()), *_annex(doc, st, avail)]
    return story


class AnnexStart(Flowable):
    """Marks the page the annex starts on (it draws nothing)."""

    def __init__(self, pages: "PageNumbers") -> None:
        super().__init__()
        self.pages = pages

    def wrap(self, avail_width, avail_height):
        return 0, 0

    def draw(self):
        self.pages.annex_start = self.canv.getPageNumber()


class PageNumbers:
    """Page numbers centred in the top margin (Phụ lục I, Mục I.7: none on the first page).

    The annex is numbered on its own (Mục III.1.đ: "Số trang của Phụ lục được đánh số riêng
    theo từng Phụ lục"), so its first page shows none and its second shows 2.
    """

    def __init__(self) -> None:
        self.annex_start: int | None = None

    def number(self, page: int) -> int:
        return page if self.annex_start is None or page < self.annex_start else page - self.annex_start + 1

    def draw(self, canvas) -> None:
        number = self.number(canvas.getPageNumber())
        if number == 1:
            return
        canvas.saveState()
        canvas.setFont(REGULAR, nd30.PAGE_NUMBER)
        canvas.drawCentredString(A4[0] / 2 + (MARGINS["leftMargin"] - MARGINS["rightMargin"]) / 2,
                                 A4[1] - 12 * mm, str(number))
        canvas.restoreState()


class _Template(SimpleDocTemplate):
    """Draws the page number when a page is complete (the annex's start is known by then)."""

    def __init__(self, *args, pages: PageNumbers, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.page_numbers = pages

    def afterPage(self):
        self.page_numbers.draw(self.canv)


def draw_decision(doc: DecisionDoc, path: str | os.PathLike) -> None:
    """Write the decision and its annex to `path` (replaced only when complete)."""
    register_fonts()
    with atomic_target(path) as temp:
        pages = PageNumbers()
        template = _Template(
            temp, pages=pages, pagesize=A4, initialFontName=REGULAR,  # not Helvetica: no unembedded font
            title=nfc(f"Quyết định {document_number(doc.number)} – {doc.subject}"),
            author=nfc(f"Ủy ban nhân dân {in_sentence(doc.commune)}, tỉnh {doc.province}"),
            subject=nfc(doc.subject), creator="XHHT", **MARGINS)
        # The frame keeps 6 pt padding on each side: titles are balanced for what is left.
        story = build_story(doc, A4[0] - MARGINS["leftMargin"] - MARGINS["rightMargin"] - 2 * FRAME_PADDING, pages)
        template.build(story)

