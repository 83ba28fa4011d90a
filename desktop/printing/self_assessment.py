"""Phiếu tự đánh giá "Công dân học tập": one paper per registered person, their particulars
already filled in from the register, the criteria set's indicators with blank columns for
the points they give themselves and their evidence; the officer keys the points in later.

For residents who cannot use a computer (the national self-assessment is online). The
indicators and the pass rule come from the set the year uses, so a new set brings its own
form; a set not yet checked against its document says so on the paper.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Mapping
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from desktop.printing import nd30
from desktop.printing.documents import atomic_target
from desktop.printing.fonts import BOLD, ITALIC, REGULAR, nfc, register_fonts


@dataclass(frozen=True)
class FormItem:
    number: str  # "1.2"
    name: str
    max_points: float
    criterion: str  # the criterion's name, printed as a heading row when it changes
    computed: bool  # scored by the commune from its records, not by the person
    id: str = ""  # "cdht.1.3": what a person's evidence hints are keyed by


@dataclass(frozen=True)
class FormPerson:
    name: str
    sex: str
    birth: str  # "12/05/1978" or "1978"
    identity: str
    address: str
    hamlet: str
    # item id -> what the register already shows for it ("Sổ TTHTCĐ năm 2026: đã học 2 lớp/chuyên
    # đề"), printed in the Minh chứng column as a start; the person may bring other evidence.
    evidence: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SelfAssessmentDoc:
    year: int
    commune: str  # "Xã Yên Xuân"
    title_name: str  # "Công dân học tập"
    document: str  # "Quyết định số 324/QĐ-KHVN ngày 25/10/2023 của Hội Khuyến học Việt Nam"
    pass_rule: str  # "Đạt khi tổng từ 80 điểm, không chỉ số nào dưới 5 điểm."
    doubt: str  # "" or why the set's content is not yet confirmed
    items: tuple[FormItem, ...]
    people: tuple[FormPerson, ...]


def _points(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("b", fontName=REGULAR, fontSize=12, leading=15, alignment=TA_LEFT)
    return {
        "body": base,
        "head": ParagraphStyle("h", parent=base, fontName=BOLD, alignment=TA_CENTER),
        "title": ParagraphStyle("t", parent=base, fontName=BOLD, fontSize=nd30.DOCUMENT_KIND, leading=18,
                                alignment=TA_CENTER, spaceBefore=6),
        "center_italic": ParagraphStyle("ci", parent=base, fontName=ITALIC, alignment=TA_CENTER),
        "note": ParagraphStyle("n", parent=base, fontName=ITALIC, fontSize=9.5, leading=11.5),
        # 10.5 pt in the table: ten indicators, their evidence and the signatures fit one A4 page
        "cell": ParagraphStyle("c", parent=base, fontSize=10.5, leading=12),
        "cell_bold": ParagraphStyle("cb", parent=base, fontName=BOLD, fontSize=10.5, leading=12),
        "cell_center": ParagraphStyle("cc", parent=base, fontSize=10.5, leading=12, alignment=TA_CENTER),
        "hint": ParagraphStyle("hi", parent=base, fontName=ITALIC, fontSize=9, leading=10.5),
        "sign": ParagraphStyle("s", parent=base, fontName=BOLD, fontSize=11.5, leading=14, alignment=TA_CENTER),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(nfc(text)), style)


def _person_page(doc: SelfAssessmentDoc, person: FormPerson, st: dict, text_width: float) -> list:
    story: list = [
        _p("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", st["head"]),
        _p("Độc lập - Tự do - Hạnh phúc", st["head"]),
        _p(f"PHIẾU TỰ ĐÁNH GIÁ “{doc.title_name.upper()}” NĂM {doc.year}", st["title"]),
        _p(f"(theo {doc.document})", st["center_italic"]),
        Spacer(1, 1 * mm),
    ]
    def field(label: str, value: str) -> Paragraph:
        return Paragraph(f"{escape(nfc(label))}: <b>{escape(nfc(value))}</b>", st["body"])
    particulars = Table([
        [field("Họ và tên", person.name), field("Giới tính", person.sex)],
        [field("Ngày sinh", person.birth), field("Số định danh cá nhân", person.identity or "……………………")],
        [field("Nơi ở", person.address or person.hamlet), ""],
    ], colWidths=[text_width * 0.55, text_width * 0.45], style=TableStyle([
        ("SPAN", (0, 2), (1, 2)), ("LEFTPADDING", (0, 0), (-1, -1), 0), ("FONTNAME", (0, 0), (-1, -1), REGULAR), ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    story += [particulars, Spacer(1, 1 * mm)]
    rows: list[list[Paragraph | str]] = [
        [_p(h, st["cell_bold"]) for h in ("Số", "Chỉ số", "Tối đa", "Tự chấm", "Minh chứng")]]
    styles: list[tuple[Any, ...]] = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP"),
              ("FONTNAME", (0, 0), (-1, -1), REGULAR),  # empty cells too: no built-in face in the PDF
              ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
              ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
              ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee"))]
    criterion = None
    for item in doc.items:
        if item.criterion != criterion:
            criterion = item.criterion
            styles += [("SPAN", (0, len(rows)), (-1, len(rows))),
                       ("BACKGROUND", (0, len(rows)), (-1, len(rows)), colors.HexColor("#f6f6f6"))]
            rows.append([_p(criterion, st["cell_bold"]), "", "", "", ""])
        hint = person.evidence.get(item.id, "")
        rows.append([_p(item.number, st["cell"]), _p(item.name, st["cell"]),
                     _p(_points(item.max_points), st["cell_center"]),
                     _p("xã tính từ sổ" if item.computed else "", st["cell_center"]),
                     _p(hint, st["hint"]) if hint else ""])
    rows.append([_p("", st["cell"]), _p("Tổng cộng", st["cell_bold"]),
                 _p(_points(sum(i.max_points for i in doc.items)), st["cell_center"]), "", ""])
    widths = [9 * mm, None, 13 * mm, 17 * mm, 44 * mm]
    widths[1] = text_width - sum(w for w in widths if w)
    story.append(Table(rows, colWidths=widths, repeatRows=1, style=TableStyle(styles)))
    story.append(Spacer(1, 1 * mm))
    hints = (" Chữ nghiêng ở cột «Minh chứng»: điều sổ của xã đã ghi, để tham khảo; học ở nơi khác thì ghi thêm."
             if person.evidence else "")
    story.append(_p(doc.pass_rule + " Cột «Minh chứng»: giấy tờ hoặc việc đã làm (văn bằng, giấy chứng nhận, lớp "
                    "đã học, việc ở thôn…); cán bộ xã đối chiếu rồi nhập vào chương trình." + hints, st["note"]))
    if doc.doubt:
        story.append(_p(doc.doubt, st["note"]))
    story.append(Spacer(1, 1 * mm))
    place = doc.commune.split(" ", 1)[-1] if doc.commune.lower().startswith(("xã ", "phường ", "đặc khu ")) \
        else doc.commune
    signatures = Table([
        ["", _p(f"{place}, ngày …… tháng …… năm {doc.year}", st["center_italic"])],
        [_p("XÁC NHẬN CỦA TRƯỞNG THÔN, TỔ DÂN PHỐ", st["sign"]), _p("NGƯỜI TỰ ĐÁNH GIÁ", st["sign"])],
        [_p("(ký, ghi rõ họ tên)", st["center_italic"]), _p("(ký, ghi rõ họ tên)", st["center_italic"])],
        ["", ""], ["", _p(person.name, st["sign"])],
    ], colWidths=[text_width / 2] * 2, rowHeights=[None, None, None, 11 * mm, None], style=TableStyle([
        ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ("FONTNAME", (0, 0), (-1, -1), REGULAR)]))
    story.append(KeepTogether([signatures]))
    return story


def draw_self_assessment(doc: SelfAssessmentDoc, path: str | os.PathLike, progress=None) -> int:
    """One form per person into `path`; returns the number of forms. `progress(done)` after each."""
    register_fonts()
    text_width = A4[0] - nd30.MARGIN_LEFT - nd30.MARGIN_RIGHT - 12
    st = _styles()
    story: list = []
    for done, person in enumerate(doc.people, start=1):
        if story:
            story.append(PageBreak())
        story += _person_page(doc, person, st, text_width)
        if progress is not None:
            progress(done)
    with atomic_target(path) as temp:
        pdf = SimpleDocTemplate(temp, pagesize=A4, initialFontName=REGULAR,  # no unembedded Helvetica
                                title=nfc(f"Phiếu tự đánh giá {doc.title_name} {doc.year}"),
                                author=nfc(doc.commune), topMargin=nd30.MARGIN_TOP,
                                bottomMargin=nd30.MARGIN_BOTTOM, leftMargin=nd30.MARGIN_LEFT,
                                rightMargin=nd30.MARGIN_RIGHT)
        pdf.build(story)
    return len(doc.people)
