"""The commune's self-assessment report, “Cộng đồng học tập” cấp xã (Thông tư 25/2023/TT-BGDĐT),
with its summary table “Bản tổng hợp kết quả đánh giá các tiêu chí, chỉ tiêu”, as one PDF.

The Thông tư's own forms were not found (docs/criteria-sources.md §3.3), so the report is laid
out as an administrative document of Nghị định 30/2020/NĐ-CP, Phụ lục I (sizes and margins in
nd30.py): the decision's header, title block, signature and page numbers (decision.py, reused
as they are), the tên loại “BÁO CÁO” with its trích yếu, “Kính gửi”, the body, the table, the
conclusion, “Nơi nhận” and the signature of the People's Committee as a collective
(“TM. ỦY BAN NHÂN DÂN” / “CHỦ TỊCH”, Mục II.7.b). A short note at the end says so, and which
indicators are not confirmed from the original text.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

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

FIGURE_LETTERS = "abcdefgh"  # the points of part 1 ("a) Kết quả xóa mù chữ"), cited in the table


@dataclass(frozen=True)
class ReportRow:
    number: str  # "1", "1.2"
    text: str
    evidence: str  # may hold line breaks
    assessment: str  # "Đạt mức độ 2", "Chưa đánh giá"…; "" on a criterion's row
    criterion: bool  # a criterion's heading row


@dataclass(frozen=True)
class ReportDoc:
    commune: str  # "Xã Yên Xuân"
    province: str
    year: int
    number: str  # "12/BC-UBND"; "" leaves the number for the clerk
    date: date | None
    signer: Signer
    addressee: str  # after "Kính gửi:"
    citation: str  # "Thông tư số 25/2023/TT-BGDĐT ngày 27 tháng 12 năm 2023 của Bộ trưởng …"
    document_title: str  # "Quy định về đánh giá, công nhận “Cộng đồng học tập” cấp xã, huyện, tỉnh"
    period: str  # "Thông tin, số liệu tính từ ngày 01 tháng 01 đến ngày 31 tháng 12 năm 2025"
    figures: tuple[tuple[str, tuple[str, ...]], ...]  # (heading, lines)
    rows: tuple[ReportRow, ...]
    level: int | None  # 2, 1; 0 not reached; None chưa đủ căn cứ
    level_name: str  # "Mức độ 2 (Tốt)"
    verdict: str
    recognised_by: str
    notes: tuple[str, ...]  # the printed note: layout, unconfirmed indicators
    recipients: tuple[str, ...] = ("Như trên;", "Lưu: VT.")

    @property
    def number_line(self) -> str:
        return f"Số: {nd30.document_number(self.number)}" if self.number else "Số:        /BC-UBND"

    @property
    def date_line(self) -> str:
        return date_line(place_name(self.commune), self.date, self.year + 1)

    @property
    def subject(self) -> str:
        return f"Tự đánh giá “Cộng đồng học tập” cấp xã năm {self.year}"

    @property
    def opening(self) -> str:
        title = self.document_title[:1].lower() + self.document_title[1:]
        return (f"Thực hiện {self.citation} {title}, Ủy ban nhân dân {in_sentence(self.commune)} đã tổ chức tự đánh "
                f"giá “Cộng đồng học tập” cấp xã năm {self.year}. {self.period}. Ủy ban nhân dân xã báo cáo kết quả "
                "như sau:")

    @property
    def conclusion(self) -> tuple[str, ...]:
        commune = in_sentence(self.commune)
        level = self.level_name[:1].lower() + self.level_name[1:]
        if self.level in (1, 2):
            return (f"Căn cứ kết quả tự đánh giá, {commune} đạt đủ các tiêu chí, chỉ tiêu “Cộng đồng học tập” cấp xã "
                    f"{level} năm {self.year}.",
                    f"Ủy ban nhân dân {commune} đề nghị {self.addressee} xem xét, đánh giá, công nhận {commune} đạt "
                    f"“Cộng đồng học tập” cấp xã {level} năm {self.year}./.")
        if self.level == 0:
            return (f"Căn cứ kết quả tự đánh giá, {commune} chưa đạt “Cộng đồng học tập” cấp xã năm {self.year}. "
                    f"{self.verdict}",
                    "Ủy ban nhân dân xã chưa đề nghị công nhận; xã tiếp tục chỉ đạo khắc phục các chỉ tiêu chưa đạt./.")
        return (self.verdict,
                "Ủy ban nhân dân xã hoàn thành việc đánh giá các chỉ tiêu còn lại trước khi kết luận và đề nghị "
                "công nhận./.")


def _report_styles() -> dict[str, ParagraphStyle]:
    st = _styles()
    body = st["body"]
    st["heading"] = ParagraphStyle("heading", parent=body, fontName=BOLD, firstLineIndent=INDENT, spaceBefore=2)
    st["heading_next"] = ParagraphStyle("heading_next", parent=st["heading"], keepWithNext=True)
    st["table_title"] = ParagraphStyle("table_title", parent=st["center_bold"], keepWithNext=True, spaceBefore=2,
                                       spaceAfter=4)
    st["group"] = ParagraphStyle("group", parent=body, fontName=ITALIC, spaceAfter=2)
    st["line"] = ParagraphStyle("line", parent=body, spaceAfter=2)
    st["cell_bold"] = ParagraphStyle("cell_bold", parent=st["cell"], fontName=BOLD)
    st["cell_small"] = ParagraphStyle("cell_small", parent=st["cell"], fontSize=11, leading=13)
    st["note"] = ParagraphStyle("note", parent=body, fontName=ITALIC, fontSize=11, leading=13.5, firstLineIndent=0,
                                spaceAfter=2)
    st["to"] = ParagraphStyle("to", parent=body, alignment=TA_CENTER, firstLineIndent=0)
    return st


INDENT = nd30.FIRST_LINE_INDENT


def _text(text: str, style: ParagraphStyle) -> Paragraph:
    """Escaped text whose line breaks stay line breaks."""
    return Paragraph("<br/>".join(escape(nfc(part)) for part in text.split("\n")), style)


def _table(doc: ReportDoc, st: dict, avail: float) -> Table:
    head: list[Paragraph | str] = [
        _p(c, st["cell_head"]) for c in ("TT", "Tiêu chí, chỉ tiêu", "Minh chứng", "Tự đánh giá")]
    rows: list[list[Paragraph | str]] = [head]
    spans: list[int] = []
    for n, row in enumerate(doc.rows, start=1):
        if row.criterion:
            rows.append([_p(row.number, st["cell_center"]), _p(row.text, st["cell_bold"]), "", ""])
            spans.append(n)
        else:
            rows.append([_p(row.number, st["cell_center"]), _p(row.text, st["cell"]),
                         _text(row.evidence, st["cell_small"]), _p(row.assessment, st["cell_center"])])
    number, assessment = 12 * mm, 30 * mm
    rest = avail - number - assessment
    widths = [number, rest * 0.48, rest * 0.52, assessment]
    table = Table(rows, colWidths=widths, repeatRows=1)
    style: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), REGULAR),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.92, 0.92)),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    for n in spans:  # a criterion's row stays on the page of its first indicator
        style += [("SPAN", (1, n), (3, n)), ("BACKGROUND", (0, n), (-1, n), colors.Color(0.97, 0.97, 0.97)),
                  ("NOSPLIT", (0, n), (-1, min(n + 1, len(rows) - 1)))]
    table.setStyle(TableStyle(style))
    return table


def _note(doc: ReportDoc, st: dict, avail: float) -> Table:
    lines = [Paragraph("<b>Ghi chú của chương trình XHHT:</b> " + escape(nfc(doc.notes[0])), st["note"])]
    lines += [_p(f"- {n}", st["note"]) for n in doc.notes[1:]]
    box = Table([[lines]], colWidths=[avail])
    box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.5, colors.grey), ("FONT", (0, 0), (-1, -1), REGULAR),
                             ("LEFTPADDING", (0, 0), (-1, -1), 5), ("RIGHTPADDING", (0, 0), (-1, -1), 5)]))
    return box


def build_story(doc: ReportDoc, avail: float) -> list:
    st = _report_styles()
    longest = max(width(line, BOLD, nd30.SUBJECT) for line in balanced_lines(doc.subject, BOLD, nd30.SUBJECT, avail))
    story: list = [Header(doc), Spacer(1, 14), _p("BÁO CÁO", st["title"]), _centred(doc.subject, st["title"], avail),
                   Rule(min(longest, avail) * nd30.SUBJECT_RULE), Spacer(1, 4),
                   _p(f"Kính gửi: {doc.addressee}", st["to"]), Spacer(1, 6),
                   _p(doc.opening, st["body"]),
                   _p("1. Số liệu từ sổ theo dõi xây dựng xã hội học tập của xã", st["heading"])]
    for letter, (heading, lines) in zip(FIGURE_LETTERS, doc.figures, strict=False):
        story.append(_p(f"{letter}) {heading}", st["group"]))
        story += [_p(f"- {line}", st["line"]) for line in lines]
    # The headings keep with the table's first rows (keepWithNext), never alone at a page's foot.
    story += [_p("2. Kết quả đánh giá các tiêu chí, chỉ tiêu", st["heading_next"]),
              _p("BẢN TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ CÁC TIÊU CHÍ, CHỈ TIÊU", st["table_title"]),
              _table(doc, st, avail), Spacer(1, 8), _p("3. Kết luận", st["heading"])]
    conclusion = [_p(text, st["body"]) for text in doc.conclusion]
    # The signature never sits alone on a page: the conclusion's last paragraph moves with it.
    last: list[Flowable] = [*conclusion[-1:], Spacer(1, 8), _signature(doc, st, avail)]
    story += [*conclusion[:-1], KeepTogether(last)]
    if doc.notes:
        story += [Spacer(1, 10), _note(doc, st, avail)]
    return story


def draw_report(doc: ReportDoc, path: str | os.PathLike) -> None:
    """Write the report to `path` (replaced only when complete)."""
    register_fonts()
    with atomic_target(path) as temp:
        pages = PageNumbers()
        template = _Template(
            temp, pages=pages, pagesize=A4, initialFontName=REGULAR,
            title=nfc(f"Báo cáo {nd30.document_number(doc.number)} – {doc.subject}".replace("Báo cáo  – ", "Báo cáo – ")),
            author=nfc(f"Ủy ban nhân dân {in_sentence(doc.commune)}, tỉnh {doc.province}"),
            subject=nfc(doc.subject), creator="XHHT", **MARGINS)
        template.build(build_story(doc, A4[0] - MARGINS["leftMargin"] - MARGINS["rightMargin"] - 2 * FRAME_PADDING))
