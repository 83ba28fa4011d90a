"""Certificates (Giấy công nhận): A4 landscape, one page per recognised subject, one PDF.

The border and the national motto are the same on every page: they are drawn once into
a PDF form and placed on each page, which keeps a year's batch small. Everything that
varies is drawn per page, shrunk (or wrapped) to fit when a name is long. The QR code is
drawn from the encoder's modules as one path: reportlab's widget makes a shape object per
module and took 50 ms a page. A cancelled batch leaves no file behind.

On pre-printed blanks (phôi giấy công nhận, see BlankLayout) only the variable parts are
drawn, at the same places, shifted by the offsets the officer measured on the paper.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterable, Sized
from dataclasses import dataclass
from typing import Protocol

import segno
from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from desktop.domain.errors import ValidationError
from desktop.printing.documents import CertificateDoc, atomic_target
from desktop.printing.fonts import BOLD, ITALIC, REGULAR, fit_size, nfc, register_fonts, split_in_two, width

PAGE_W, PAGE_H = landscape(A4)
CX = PAGE_W / 2
TEXT_W = PAGE_W - 2 * 70  # room for centred lines inside the border
RED = Color(0.62, 0.07, 0.07)
GOLD = Color(0.78, 0.60, 0.18)
QR_SIZE = 72
_STATIC_FORM = "xhht-certificate-frame"
BLANK_OFFSET_LIMIT_MM = 30.0  # more than 3 cm off means the wrong blank, or the paper fed crooked
GUIDE_ALPHA = 0.28


@dataclass(frozen=True)
class BlankLayout:
    """Print onto a pre-printed blank: only the variable parts, shifted by the officer's offsets.

    What we assume a blank (bought in bulk from a print shop, the same for every commune)
    already carries, and therefore leave out: the border, the national emblem or the
    association's logo, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM / Độc lập - Tự do - Hạnh phúc"
    and the big "GIẤY CÔNG NHẬN". Everything else is printed, because a generic blank cannot
    know it: the authority line (names the commune, and reads "CHỦ TỊCH ỦY BAN…" or "ỦY BAN…"
    by who signs), the title with its year, the subject's lines and address, the achievement
    (decision number and date), the place-date line, the signature block and signer, and the
    register number with its check code and QR code. They sit where our own layout puts them
    (the blanks on sale follow the same A4-landscape plan); the offsets move them all together.
    x > 0 moves right, y > 0 moves down, as the officer measures on the paper. `guide` draws
    the blank's printed parts faintly, unshifted, for on-screen previews: never for paper.
    """

    offset_x_mm: float = 0.0
    offset_y_mm: float = 0.0
    guide: bool = False

    def __post_init__(self) -> None:
        for field, value in (("offset_x_mm", self.offset_x_mm), ("offset_y_mm", self.offset_y_mm)):
            if not -BLANK_OFFSET_LIMIT_MM <= value <= BLANK_OFFSET_LIMIT_MM:
                raise ValidationError(f"Độ lệch khi in trên phôi phải trong khoảng {-BLANK_OFFSET_LIMIT_MM:g} đến "
                                      f"{BLANK_OFFSET_LIMIT_MM:g} mm (đang là {value:g} mm).",
                                      code="blank_offset", field=field)


class ProgressLike(Protocol):
    def start(self, total: int, message: str = "") -> None: ...
    def advance(self, step: int = 1) -> None: ...


def qr_matrix(payload: str) -> tuple[bytearray, ...]:
    """The modules of a QR code of `payload` (level M: a crease or a stain still reads).

    segno, a maintained encoder that follows ISO/IEC 18004 (mask penalty included): about
    1 ms a code slower than reportlab's encoder with a hand-tuned mask penalty we kept
    before (5 against 4 ms, measured 05/12/2026), which reproduced reportlab's own quirks;
    on a 1,000-page batch that is one second against the 15 s target (bench/titles.py).
    """
    return segno.make(payload, error="m", micro=False, boost_error=False).matrix


def draw_qr(c: Canvas, payload: str, x: float, y: float, size: float) -> None:
    """One filled path of horizontal runs, written in module units.

    Integer coordinates under one transform: reportlab's number formatting would
    otherwise cost more than the page's text (about 280 rectangles per code).
    """
    modules = qr_matrix(payload)
    box = size / len(modules)
    ops = []
    for r, row in enumerate(modules):
        col = 0
        for dark, run in itertools.groupby(row):
            count = len(list(run))
            if dark:
                ops.append(f"{col} {r} {count} 1 re")
            col += count
    c.saveState()
    c.transform(box, 0, 0, -box, x, y + size)  # row 0 at the top
    c.setFillColor(black)
    c.addLiteral(" ".join(ops) + " f")
    c.restoreState()


# --- the frame: drawn once per file -----------------------------------------------------


def _diamond(c: Canvas, x: float, y: float, r: float) -> None:
    path = c.beginPath()
    path.moveTo(x, y + r)
    path.lineTo(x + r, y)
    path.lineTo(x, y - r)
    path.lineTo(x - r, y)
    path.close()
    c.drawPath(path, stroke=0, fill=1)


def _frame(c: Canvas) -> None:
    """Double border with a band of small diamonds, corner ornaments, the national motto."""
    c.saveState()
    c.setStrokeColor(RED)
    c.setLineWidth(3)
    c.rect(16, 16, PAGE_W - 32, PAGE_H - 32)
    c.setLineWidth(0.8)
    c.rect(22, 22, PAGE_W - 44, PAGE_H - 44)
    c.rect(34, 34, PAGE_W - 68, PAGE_H - 68)
    c.setStrokeColor(GOLD)
    c.setLineWidth(0.5)
    c.rect(37, 37, PAGE_W - 74, PAGE_H - 74)
    c.setFillColor(GOLD)
    band, pitch = 28, 12.0
    for length, vertical in ((PAGE_W, False), (PAGE_H, True)):
        count = int((length - 2 * band) // pitch)
        start = (length - count * pitch) / 2
        for i in range(1, count):
            t = start + i * pitch
            if vertical:
                _diamond(c, band, t, 2.4)
                _diamond(c, PAGE_W - band, t, 2.4)
            else:
                _diamond(c, t, band, 2.4)
                _diamond(c, t, PAGE_H - band, 2.4)
    for x in (band, PAGE_W - band):
        for y in (band, PAGE_H - band):
            c.setFillColor(RED)
            _diamond(c, x, y, 9)
            c.setFillColor(GOLD)
            c.circle(x, y, 3.2, stroke=0, fill=1)
    c.setFillColor(black)
    c.setFont(BOLD, 13)
    c.drawCentredString(CX, PAGE_H - 64, nfc("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"))
    motto = nfc("Độc lập - Tự do - Hạnh phúc")
    c.setFont(BOLD, 13.5)
    c.drawCentredString(CX, PAGE_H - 81, motto)
    half = width(motto, BOLD, 13.5) / 2
    c.setStrokeColor(black)
    c.setLineWidth(0.7)
    c.line(CX - half, PAGE_H - 87, CX + half, PAGE_H - 87)
    c.restoreState()


# --- one page ----------------------------------------------------------------------------


def _centred(c: Canvas, text: str, font: str, size: float, y: float, room: float = TEXT_W,
             cx: float = CX) -> None:
    text = nfc(text)
    c.setFont(font, fit_size(text, font, size, room))
    c.drawCentredString(cx, y, text)


def _style(main: bool) -> tuple[float, str, float]:
    """(label size, value font, value size): the name is large and bold, the rest plain."""
    return (16, BOLD, 21) if main else (14, REGULAR, 14)


def _rows(doc: CertificateDoc) -> list[tuple[str, str, bool]]:
    """(label, value, main) per printed line; a value too long for one line gets two.

    Shrinking alone would make a long unit name unreadably small; below 80 % it wraps.
    """
    rows = []
    for i, (label, value) in enumerate(doc.name_lines):
        main = i == 0
        label_size, font, size = _style(main)
        label, value = nfc(label), nfc(value)
        total = width(label, REGULAR, label_size) + label_size * 0.3 + width(value, font, size)
        if total * 0.8 > TEXT_W:
            first, *rest = split_in_two(value, font, size)
            rows.append((label, first, main))
            rows.extend(("", part, main) for part in rest)
        else:
            rows.append((label, value, main))
    return rows


def _label_value(c: Canvas, label: str, value: str, y: float, *, main: bool) -> None:
    """"Gia đình ông:" then the value, centred together and shrunk together when too long."""
    label_size, value_font, value_size = _style(main)
    gap = label_size * 0.3 if label else 0
    total = width(label, REGULAR, label_size) + gap + width(value, value_font, value_size)
    scale = min(1.0, TEXT_W / total) if total else 1.0
    x = CX - total * scale / 2
    c.setFont(REGULAR, label_size * scale)
    c.drawString(x, y, label)
    x += (width(label, REGULAR, label_size) + gap) * scale
    c.setFont(value_font, value_size * scale)
    c.drawString(x, y, value)


def _signature(c: Canvas, doc: CertificateDoc) -> None:
    sx, room = PAGE_W - 62 - 150, 290
    _centred(c, doc.date_line, ITALIC, 13, 172, room, sx)
    y = 153
    for line in doc.signer.lines:
        _centred(c, line, BOLD, 13, y, room, sx)
        y -= 16
    _centred(c, doc.signer.name, BOLD, 14, 62, room, sx)


def _register_block(c: Canvas, doc: CertificateDoc) -> None:
    x, y = 52, 52
    draw_qr(c, doc.qr_payload, x, y, QR_SIZE)
    c.setFont(REGULAR, 11)
    # 12 pt of white around the code: the quiet zone scanners need (4 modules).
    c.drawString(x + QR_SIZE + 12, y + 44, nfc(f"Số vào sổ: {doc.register_number}"))
    c.drawString(x + QR_SIZE + 12, y + 29, nfc(f"Mã xác thực: {doc.grouped_check}"))


def _fixed_heading(c: Canvas, colour: Color = RED) -> None:
    """The part of the page a blank carries besides the frame."""
    c.setFillColor(colour)
    _centred(c, "GIẤY CÔNG NHẬN", BOLD, 34, PAGE_H - 170)


def draw_page(c: Canvas, doc: CertificateDoc, blank: BlankLayout | None = None) -> None:
    if blank is None:
        c.doForm(_STATIC_FORM)
        _fixed_heading(c)
        _variable_parts(c, doc)
        return
    if blank.guide:
        c.saveState()
        c.setFillAlpha(GUIDE_ALPHA)
        c.setStrokeAlpha(GUIDE_ALPHA)
        c.doForm(_STATIC_FORM)
        _fixed_heading(c, Color(RED.red, RED.green, RED.blue, alpha=GUIDE_ALPHA))  # a colour sets its own alpha
        c.restoreState()
    c.saveState()
    c.translate(blank.offset_x_mm * mm, -blank.offset_y_mm * mm)
    _variable_parts(c, doc)
    c.restoreState()


def _variable_parts(c: Canvas, doc: CertificateDoc) -> None:
    c.setFillColor(black)
    _centred(c, doc.authority, BOLD, 15, PAGE_H - 122)
    c.setFillColor(RED)
    _centred(c, doc.headline, BOLD, 24, PAGE_H - 207)
    c.setFillColor(black)
    # Names and the achievement sit as one block, centred between the headline and the
    # place-date line, so a one-line citizen and a three-line clan both look balanced.
    rows = _rows(doc)
    # Baseline to baseline: within a wrapped name 28, after the name 36, plain lines 24.
    steps = []
    for i, (_, _, main) in enumerate(rows):
        wrapped = i + 1 < len(rows) and rows[i + 1][2]
        steps.append(28 if wrapped else 36 if main else 24)
    top, bottom = PAGE_H - 236, 214  # highest first baseline, lowest last baseline
    y = top - max(0.0, top - bottom - sum(steps) - 30) / 2
    for (label, value, main), step in zip(rows, steps, strict=True):
        _label_value(c, label, value, y, main=main)
        y -= step
    y -= 8
    first, second = doc.achievement
    _centred(c, first, ITALIC, 14, y)
    _centred(c, second, ITALIC, 14, y - 22)
    _signature(c, doc)
    _register_block(c, doc)


def draw_certificates(docs: Iterable[CertificateDoc], path: str | os.PathLike, *,
                      progress: ProgressLike | None = None, message: str = "Đang in giấy công nhận",
                      blank: BlankLayout | None = None) -> int:
    """Write one page per certificate into `path` (onto blanks if `blank`); returns the page count.

    `progress.advance` may raise (the user cancelled): the target file is then untouched.
    """
    items = list(docs) if not isinstance(docs, Sized) else docs
    if not len(items):
        raise ValueError("no certificates to print")
    register_fonts()
    if progress is not None:
        progress.start(len(items), message)
    with atomic_target(path) as temp:
        first = next(iter(items))
        # types-reportlab types initialFontName as a number; reportlab takes a font name.
        c = Canvas(temp, pagesize=(PAGE_W, PAGE_H), initialFontName=REGULAR,  # type: ignore[arg-type]
                   pageCompression=1)
        c.setTitle(nfc(f"Giấy công nhận {first.title_name} năm {first.year}"))
        c.setAuthor(nfc(first.commune))
        c.setCreator("XHHT")
        if blank is None or blank.guide:
            c.beginForm(_STATIC_FORM)
            _frame(c)
            c.endForm()
        pages = 0
        for doc in items:
            draw_page(c, doc, blank)
            c.showPage()
            pages += 1
            if progress is not None:
                progress.advance(1)
        c.save()
    return pages


def draw_certificate(doc: CertificateDoc, path: str | os.PathLike, blank: BlankLayout | None = None) -> int:
    """Reprint one certificate (same layout, same register number and check value)."""
    return draw_certificates([doc], path, blank=blank)
