"""The sheet of an exported list, laid out as a commune office prints one: who issues it (the
commune, its province) beside the national motto, the list's title in capitals, the day it was
exported, then a bordered header row that repeats on every printed page, A4 landscape, fit to
the page's width.

What both writers share: the tables, the widths, the title block's split. fast_sheet.py writes
the exported lists with XlsxWriter; the openpyxl styles and title block here are the yearly
report's (desktop/services/report/workbook.py).
"""

from __future__ import annotations

import contextlib
import os
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Iterable

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook

TEXT, NUMBER, DECIMAL, DATE = "text", "number", "decimal", "date"
DATE_FORMAT = "dd/mm/yyyy"
HEADER_ROW = 7  # rows 1–6: the title block
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
_THIN = Side(style="thin")
BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FONT = "Times New Roman"  # what the office's documents are set in (Nghị định 30/2020)
PLAIN = Font(name=_FONT, size=12)
BOLD = Font(name=_FONT, size=12, bold=True)
ITALIC = Font(name=_FONT, size=12, italic=True)
_TITLE = Font(name=_FONT, size=14, bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
HEADER_ALIGN = Alignment(wrap_text=True, horizontal="center", vertical="center")
CENTRE = Alignment(horizontal="center", vertical="center")
MAX_WIDTH = 40  # wider text wraps instead
_MOTTO_ROOM = round(len(MOTTO[0]) * 1.3)  # bold capitals: about 1.3 width units each (LibreOffice, Times)
_MIN_WIDTH = 6


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = TEXT  # TEXT (kept as text even when all digits: CCCD, phone), NUMBER, DECIMAL, DATE
    width: float | None = None  # fixed width; None: fitted to the longest value


@dataclass(frozen=True)
class Table:
    """One sheet's worth: what the list is, its columns, its rows (plain values)."""

    sheet: str  # the tab's name (31 characters at most)
    title: str  # "Danh sách hộ gia đình", written in capitals
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]
    subtitle: str = ""  # "Năm 2026", "Đang sinh sống tại xã"…


@dataclass(frozen=True)
class Issuer:
    commune: str  # "Xã Yên Xuân"
    province: str  # "Tỉnh Nghệ An"


def _shown(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if kind == DATE and isinstance(value, date):
        return "00/00/0000"
    if kind == DECIMAL and isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


LINE_HEIGHT = 15.75  # points: a line of 12-point Times New Roman, the row height Excel gives it


def line_room(width: float) -> int:
    """Characters a line of a column `width` wide holds, one kept spare for wide and bold letters."""
    return max(1, int(width) - 1)


def text_lines(text: str, room: int) -> int:
    """Lines `text` takes wrapped at spaces (a longer word broken) in a column of `room` characters.

    Set as the row's height: spreadsheet programs may leave a row one line high on opening
    (LibreOffice does), cutting off the rest of a wrapped header or name."""
    lines = 0
    for paragraph in text.split("\n"):
        lines, used = lines + 1, 0
        for word in paragraph.split():
            if used and used + 1 + len(word) <= room:
                used += 1 + len(word)
                continue
            lines += (1 if used else 0) + (len(word) - 1) // room
            used = len(word) - (len(word) - 1) // room * room
    return lines


def column_widths(table: Table) -> list[float]:
    """Each column as wide as its longest value (capped: longer text wraps) or its header's longest word."""
    widths = []
    values = list(zip(*table.rows, strict=True)) if table.rows else [()] * len(table.columns)
    for column, column_values in zip(table.columns, values, strict=True):
        if column.width is not None:
            widths.append(column.width)
            continue
        # Each distinct value once: a list repeats its hamlets, sexes and statuses many times.
        longest = max((len(_shown(value, column.kind)) for value in set(column_values)), default=0)
        header = max((len(word) for word in column.header.split()), default=0)
        widths.append(float(min(MAX_WIDTH, max(_MIN_WIDTH, longest + 2, header + 2))))
    return widths


def styled_cell(ws: Any, value: Any, font: Font, alignment: Alignment | None = None,
          border: Border | None = None, number_format: str | None = None) -> Any:
    cell = WriteOnlyCell(ws, value=value)
    cell.font = font
    if alignment is not None:
        cell.alignment = alignment
    if border is not None:
        cell.border = border
    if number_format is not None:
        cell.number_format = number_format
    return cell


def title_block(ws: Any, table: Table, issuer: Issuer, on: date, split: int, count: int) -> None:
    """Rows 1–6: the issuer over columns 1..split, the motto over the rest, the title over all."""
    last = get_column_letter(count)
    gap: list[Any] = [None] * (split - 1)
    ws.append([styled_cell(ws, issuer.commune.upper(), BOLD, CENTRE), *gap, styled_cell(ws, MOTTO[0], BOLD, CENTRE)])
    ws.append([styled_cell(ws, issuer.province.upper(), BOLD, CENTRE), *gap, styled_cell(ws, MOTTO[1], BOLD, CENTRE)])
    ws.append([])
    ws.append([styled_cell(ws, table.title.upper(), _TITLE, CENTRE)])
    ws.append([styled_cell(ws, " — ".join(filter(None, [table.subtitle, f"Ngày xuất: {on:%d/%m/%Y}"])), ITALIC,
                     CENTRE)])
    ws.append([])
    for row in (1, 2):
        if split > 1:
            ws.merged_cells.add(f"A{row}:{get_column_letter(split)}{row}")
        if count > split + 1:
            ws.merged_cells.add(f"{get_column_letter(split + 1)}{row}:{last}{row}")
    if count > 1:
        for row in (4, 5):
            ws.merged_cells.add(f"A{row}:{last}{row}")


def issuer_span(widths: list[float]) -> int:
    """How many columns the issuer takes: about the left half of the page's width, fewer when
    the motto would not fit in the rest (a narrow list: units, clans)."""
    total, span, split = sum(widths), 0.0, max(1, len(widths) - 1)
    for i, width in enumerate(widths[:-1], start=1):
        span += width
        if span >= total / 2:
            split = i
            break
    while split > 1 and sum(widths[split:]) < _MOTTO_ROOM:
        split -= 1
    return split


def rows_of(values: Iterable[tuple[Any, ...]]) -> tuple[tuple[Any, ...], ...]:
    """The rows with their order number (STT) in front."""
    return tuple((n, *row) for n, row in enumerate(values, start=1))


def save_atomically(workbook: Workbook, target: Path) -> None:
    """Written beside the target, then moved over it: a full disk or a stop leaves the old file whole."""
    temp = target.with_name(f".{target.stem}.{uuid.uuid4().hex[:8]}.part.xlsx")
    try:
        workbook.save(temp)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
