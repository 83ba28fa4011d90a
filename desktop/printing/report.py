"""The commune's yearly report on the learning-society movement as a PDF the officer completes.

No official template for a commune's report was found (domain README §6), so it is laid out as
an administrative report of Nghị định 30/2020/NĐ-CP, Phụ lục I, as commune_rating.py lays out
the self-assessment report: the decision's header with the number and the date left for the
clerk, “BÁO CÁO” and its subject, “Kính gửi”, the sections (figures and tables from the
register, charts of the rates, dotted lines and fields for what the register cannot know), then
“Nơi nhận” and the signature; a boxed note at the end says what was not confirmed.

The printer takes plain text: what a cell says is decided by the service (services/report/pdf.py).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from desktop.printing import nd30
from desktop.printing.decision import (
    FRAME_PADDING,
    MARGINS,
    Header,
    PageNumbers,
    Rule,
    _centred,
    _p,
    _signature,
    _styles,
    _Template,
)
from desktop.printing.documents import Signer, atomic_target, date_line, in_sentence, place_name
from desktop.printing.fonts import BOLD, ITALIC, REGULAR, balanced_lines, nfc, register_fonts, width
from desktop.printing.report_charts import RateChart, in_parts, rate_drawing

CELL = 10.5  # table text: the widest table (8 columns) fits the portrait page at this size
DOTS_LEADING = 22  # between the officer's dotted lines: room to write by hand


@dataclass(frozen=True)
class Grid:
    """A bordered table: text as printed, the header repeated on every page."""

    title: str  # bold, centred above it ("Biểu 1. …")
    columns: tuple[str, ...]
    widths: tuple[float, ...]  # shares of the text width
    rows: tuple[tuple[str, ...], ...]
    marked: tuple[tuple[int, int], ...] = ()  # (row, column) of a gap to a target: bold on grey
    total: bool = False  # the last row is a total (bold)
    note: str = ""  # italic, under the table
    left: tuple[int, ...] = (1,)  # columns of text, set left; the others centred


@dataclass(frozen=True)
class Section:
    """A heading, then what the register knows, then what the officer writes in by hand."""

    heading: str
    level: int = 2  # 1: a part ("I. KẾT QUẢ …", upper case); 2: a numbered section
    body: tuple[str | Grid | RateChart, ...] = ()  # paragraphs, tables and charts, in this order
    fields: tuple[str, ...] = ()  # "Số tiền vận động được (đồng)": the label, then a dotted line
    blank_lines: int = 0  # dotted lines for the officer's own text


@dataclass(frozen=True)
class YearlyReportDoc:
    commune: str  # "Xã Yên Xuân"
    province: str  # "Tỉnh Nghệ An"
    year: int
    signer: Signer
    opening: str
    sections: tuple[Section, ...]
    notes: tuple[str, ...]  # the printed note: what was not confirmed
    addressee: str = ""  # after "Kính gửi:"; "" leaves a dotted line
    recipients: tuple[str, ...] = ("Như trên;", "Lưu: VT.")

    @property
    def number_line(self) -> str:
        return "Số:        /BC-UBND"  # the clerk numbers it when it is issued

    @property
    def date_line(self) -> str:
        return date_line(place_name(self.commune), None, self.year)

    @property
    def subject(self) -> str:
        return f"Kết quả xây dựng xã hội học tập năm {self.year}"


def _report_styles() -> dict[str, ParagraphStyle]:
    st = _styles()
    body = st["body"]
    st["part"] = ParagraphStyle("part", parent=body, fontName=BOLD, firstLineIndent=0, spaceBefore=6,
                                keepWithNext=True)
    st["heading"] = ParagraphStyle("heading", parent=body, fontName=BOLD, spaceBefore=2, keepWithNext=True)
    st["table_title"] = ParagraphStyle("table_title", parent=st["center_bold"], fontSize=12, leading=14.5,
                                       keepWithNext=True, spaceBefore=4, spaceAfter=4)
    st["table_note"] = ParagraphStyle("table_note", parent=body, fontName=ITALIC, fontSize=11, leading=13.5,
                                      firstLineIndent=0, spaceBefore=2)
    st["note"] = ParagraphStyle("note", parent=body, fontName=ITALIC, fontSize=11, leading=13.5, firstLineIndent=0,
                                spaceAfter=2)
    st["to"] = ParagraphStyle("to", parent=body, alignment=TA_CENTER, firstLineIndent=0)
    for name, font in (("c", REGULAR), ("l", REGULAR), ("h", BOLD), ("cb", BOLD), ("lb", BOLD)):
        st[f"cell_{name}"] = ParagraphStyle(f"cell_{name}", fontName=font, fontSize=CELL, leading=CELL * 1.2,
                                            alignment=TA_LEFT if name.startswith("l") else TA_CENTER)
    return st


class DottedLines(Flowable):
    """Lines of dots across the text width, for the officer to write on; a label may start the first."""

    def __init__(self, count: int, label: str = "") -> None:
        super().__init__()
        self.count, self.label = count, nfc(label)

    def wrap(self, avail_width, avail_height):
        self.avail = avail_width
        return avail_width, self.count * DOTS_LEADING

    def split(self, avail_width, avail_height):
        # Lines of dots may run on to the next page; a labelled field keeps its first line.
        fits = int(avail_height // DOTS_LEADING)
        if fits < 1 or fits >= self.count:
            return []
        return [DottedLines(fits, self.label), DottedLines(self.count - fits)]

    def draw(self):
        c = self.canv
        c.setFont(REGULAR, nd30.BODY)
        c.setLineWidth(0.7)
        c.setDash(0.6, 2.4)
        for n in range(self.count):
            y = (self.count - n - 1) * DOTS_LEADING + 5
            x = 0.0
            if n == 0 and self.label:
                c.drawString(nd30.FIRST_LINE_INDENT, y, self.label)
                x = nd30.FIRST_LINE_INDENT + width(self.label, REGULAR, nd30.BODY) + 4
            c.line(x, y - 1, self.avail, y - 1)
        c.setDash()


def _grid(grid: Grid, st: dict, avail: float) -> list[Flowable]:
    rows: list[list[Any]] = [[_p(c, st["cell_h"]) for c in grid.columns]]
    last = len(grid.rows)
    for n, row in enumerate(grid.rows, start=1):
        bold = (grid.total and n == last)
        cells = []
        for col, text in enumerate(row):
            marked = (n - 1, col) in grid.marked
            left = col in grid.left
            cells.append(_p(text, st[f"cell_{'l' if left else 'c'}{'b' if bold or marked else ''}"]))
        rows.append(cells)
    table = Table(rows, colWidths=[avail * w for w in grid.widths], repeatRows=1)
    style: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), REGULAR),  # the default would pull in an unembedded Helvetica
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.92, 0.92)),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    style += [("BACKGROUND", (col, row + 1), (col, row + 1), colors.Color(0.85, 0.85, 0.85))
              for row, col in grid.marked]
    table.setStyle(TableStyle(style))
    story: list[Flowable] = [_p(grid.title, st["table_title"]), table]
    if grid.note:
        story.append(_p(grid.note, st["table_note"]))
    return story + [Spacer(1, 6)]


def _section(section: Section, st: dict, avail: float) -> list[Flowable]:
    story: list[Flowable] = [_p(section.heading, st["part" if section.level == 1 else "heading"])]
    for item in section.body:
        if isinstance(item, Grid):
            story += _grid(item, st, avail)
        elif isinstance(item, RateChart):
            story += [KeepTogether([_p(part.title, st["table_title"]), rate_drawing(part, avail), Spacer(1, 8)])
                      for part in in_parts(item)]
        else:
            story.append(_p(item, st["body"]))
    story += [DottedLines(1, f"- {label}:") for label in section.fields]
    if section.blank_lines:
        story.append(DottedLines(section.blank_lines))
    return story


def build_story(doc: YearlyReportDoc, avail: float) -> list:
    st = _report_styles()
    longest = max(width(line, BOLD, nd30.SUBJECT) for line in balanced_lines(doc.subject, BOLD, nd30.SUBJECT, avail))
    to: Flowable = (_p(f"Kính gửi: {doc.addressee}", st["to"]) if doc.addressee else
                    DottedLines(1, "Kính gửi:"))
    story: list = [Header(doc), Spacer(1, 14), _p("BÁO CÁO", st["title"]), _centred(doc.subject, st["title"], avail),
                   Rule(min(longest, avail) * nd30.SUBJECT_RULE), Spacer(1, 4), to, Spacer(1, 6),
                   _p(doc.opening, st["body"])]
    for section in doc.sections:
        if section.level == 1:
            story.append(CondPageBreak(90))  # a part's heading never sits at a page's foot
        story += _section(section, st, avail)
    story += [Spacer(1, 8), KeepTogether([_signature(doc, st, avail)])]
    if doc.notes:
        story += [Spacer(1, 10), _note(doc.notes, st, avail)]
    return story


def _note(notes: tuple[str, ...], st: dict, avail: float) -> Table:
    """The program's note, boxed apart from the report (as commune_rating.py prints it)."""
    lines = [Paragraph("<b>Ghi chú của chương trình XHHT:</b> " + escape(nfc(notes[0])), st["note"])]
    lines += [_p(f"- {n}", st["note"]) for n in notes[1:]]
    box = Table([[lines]], colWidths=[avail])
    box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.5, colors.grey), ("FONT", (0, 0), (-1, -1), REGULAR),
                             ("LEFTPADDING", (0, 0), (-1, -1), 5), ("RIGHTPADDING", (0, 0), (-1, -1), 5)]))
    return box


class _Counting(_Template):
    page_count = 0

    def afterPage(self):
        super().afterPage()
        self.page_count = self.canv.getPageNumber()


def draw_yearly_report(doc: YearlyReportDoc, path: str | os.PathLike) -> int:
    """Write the report to `path` (replaced only when complete); returns its number of pages."""
    register_fonts()
    with atomic_target(path) as temp:
        template = _Counting(
            temp, pages=PageNumbers(), pagesize=A4, initialFontName=REGULAR,  # no unembedded Helvetica
            title=nfc(f"Báo cáo – {doc.subject}"),
            author=nfc(f"Ủy ban nhân dân {in_sentence(doc.commune)}, {doc.province}"),
            subject=nfc(doc.subject), creator="XHHT", **MARGINS)
        template.build(build_story(doc, A4[0] - MARGINS["leftMargin"] - MARGINS["rightMargin"] - 2 * FRAME_PADDING))
        return template.page_count
