"""The recognition decision (Quyết định công nhận) with its annex list, as one PDF.

Layout of Nghị định 30/2020/NĐ-CP, Phụ lục I: A4 portrait, margins 20/20/30/15 mm,
serif 13–14 pt; header in two blocks (issuing body left, national motto right, each with
its rule), number and italic place-date line, title and subject, authority, italic legal
bases, articles, then "Nơi nhận" at the left and the signature at the right. Page numbers
sit centred in the top margin from page 2. The annex starts on a new page; its table
repeats the header row on every page.
"""

from __future__ import annotations

import os
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (Flowable, KeepTogether, PageBreak, Paragraph,
                                SimpleDocTemplate, Spacer, Table, TableStyle)

from desktop.printing.documents import DecisionDoc, atomic_target, in_sentence, kind_words
from desktop.printing.fonts import (BOLD, BOLD_ITALIC, ITALIC, REGULAR, balanced_lines, fit_size, nfc,
                                    register_fonts, width)

BODY = 13.0
LEADING = BODY * 1.3
INDENT = 10 * mm  # first-line indent of body paragraphs (ND 30: 1–1.27 cm)
MARGINS = dict(topMargin=20 * mm, bottomMargin=20 * mm, leftMargin=30 * mm, rightMargin=15 * mm)


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=REGULAR, fontSize=BODY, leading=LEADING, alignment=TA_JUSTIFY,
                          firstLineIndent=INDENT, spaceBefore=0, spaceAfter=5)
    return {
        "body": base,
        "basis": ParagraphStyle("basis", parent=base, fontName=ITALIC),
        "title": ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=14, leading=18,
                                alignment=TA_CENTER, firstLineIndent=0, spaceAfter=0),
        "center_bold": ParagraphStyle("cb", parent=base, fontName=BOLD, alignment=TA_CENTER,
                                      firstLineIndent=0, spaceAfter=0),
        "center_italic": ParagraphStyle("ci", parent=base, fontName=ITALIC, alignment=TA_CENTER,
                                        firstLineIndent=0, spaceAfter=0),
        "recipients_head": ParagraphStyle("rh", parent=base, fontName=BOLD_ITALIC, fontSize=12, leading=14,
                                          alignment=TA_LEFT, firstLineIndent=0, spaceAfter=0),
        "recipient": ParagraphStyle("r", parent=base, fontName=REGULAR, fontSize=11, leading=13,
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
    """A short centred rule, as under the subject line and the annex reference."""

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


class Header(Flowable):
    """Issuing body and number (left), national motto and place-date line (right)."""

    HEIGHT = 82

    def __init__(self, doc: DecisionDoc) -> None:
        super().__init__()
        self.doc = doc

    def wrap(self, avail_width, avail_height):
        self.avail = avail_width
        return avail_width, self.HEIGHT

    def _centred(self, text: str, font: str, size: float, cx: float, y: float, room: float) -> float:
        """Draw `text` centred on cx, shrunk to fit `room`; returns its drawn width."""
        text = nfc(text)
        size = fit_size(text, font, size, room)
        self.canv.setFont(font, size)
        self.canv.drawCentredString(cx, y, text)
        return width(text, font, size)

    def draw(self):
        c, doc = self.canv, self.doc
        # The header reaches 10 mm into the left margin: the motto needs the room in a wide serif.
        left_w = self.avail * 0.40 + 10 * mm
        right_w = self.avail - left_w + 10 * mm
        lx, rx = -10 * mm + left_w / 2, -10 * mm + left_w + right_w / 2
        top = self.HEIGHT - 12
        c.setLineWidth(0.6)
        # Left: the People's Committee and the commune, bold; a short rule under them.
        self._centred("ỦY BAN NHÂN DÂN", BOLD, 12.5, lx, top, left_w - 8)
        w = self._centred(doc.commune.upper(), BOLD, 12.5, lx, top - 16, left_w - 8)
        c.line(lx - w / 4, top - 22, lx + w / 4, top - 22)
        # Right: the national motto, the second line underlined for its full length.
        self._centred("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", BOLD, 12.5, rx, top, right_w - 4)
        w = self._centred("Độc lập - Tự do - Hạnh phúc", BOLD, 13, rx, top - 16, right_w - 4)
        c.line(rx - w / 2, top - 22, rx + w / 2, top - 22)
        base = top - 50
        self._centred(doc.number_line, REGULAR, BODY, lx, base, left_w - 8)
        self._centred(doc.date_line, ITALIC, BODY, rx, base, right_w - 4)


def _signature(doc: DecisionDoc, st: dict, avail: float) -> Table:
    recipients = [_p("Nơi nhận:", st["recipients_head"])]
    recipients += [_p(r if r.startswith("-") else f"- {r}", st["recipient"]) for r in doc.recipients]
    signer = [_p(line, st["center_bold"]) for line in doc.signer.lines]
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


def build_story(doc: DecisionDoc, avail: float) -> list:
    st = _styles()
    story: list = [Header(doc), Spacer(1, 14), _p("QUYẾT ĐỊNH", st["title"]), _centred(doc.subject, st["title"], avail),
                   Rule(avail * 0.25), Spacer(1, 4), _centred(doc.authority, st["title"], avail), Spacer(1, 10)]
    story += [_p(basis, st["basis"]) for basis in doc.legal_bases]
    story += [Spacer(1, 4), _p("QUYẾT ĐỊNH:", st["title"]), Spacer(1, 8)]
    articles = [Paragraph(f"<b>Điều {n}.</b> {escape(nfc(text))}", st["body"])
                for n, text in enumerate(doc.article_texts, start=1)]
    # The signature never sits alone on a page: the last article moves with it.
    story += articles[:-1] + [KeepTogether(articles[-1:] + [Spacer(1, 8), _signature(doc, st, avail)])]
    if doc.subjects:
        story += [PageBreak(), *_annex(doc, st, avail)]
    return story


def _page_number(canvas, template) -> None:
    canvas.saveState()
    canvas.setFont(REGULAR, 13)
    canvas.drawCentredString(A4[0] / 2 + (MARGINS["leftMargin"] - MARGINS["rightMargin"]) / 2,
                             A4[1] - 12 * mm, str(canvas.getPageNumber()))
    canvas.restoreState()


def draw_decision(doc: DecisionDoc, path: str | os.PathLike) -> None:
    """Write the decision and its annex to `path` (replaced only when complete)."""
    register_fonts()
    with atomic_target(path) as temp:
        template = SimpleDocTemplate(
            temp, pagesize=A4, initialFontName=REGULAR,  # not Helvetica: no unembedded font
            title=nfc(f"Quyết định {doc.number} – {doc.subject}"),
            author=nfc(f"Ủy ban nhân dân {in_sentence(doc.commune)}, tỉnh {doc.province}"),
            subject=nfc(doc.subject), creator="XHHT", **MARGINS)
        # The frame keeps 6 pt padding on each side: titles are balanced for what is left.
        story = build_story(doc, A4[0] - MARGINS["leftMargin"] - MARGINS["rightMargin"] - 12)
        template.build(story, onFirstPage=lambda c, d: None, onLaterPages=_page_number)

