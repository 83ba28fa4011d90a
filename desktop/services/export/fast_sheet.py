"""The exported lists written with XlsxWriter, laid out as layout.py describes (the same title
block, header, widths and print setup the yearly report draws with openpyxl).

XlsxWriter in constant-memory mode streams each row to a temporary file as soon as the next
one starts, with formats made once per workbook. It writes the title block, the header and
the first data rows (until every format the rows use has its style number); the rest go into
its finished file as the same XML (row_stream.py): 80,000 citizens in about 3 s where
XlsxWriter alone needed 6 and openpyxl 17 (bench/spreadsheets.py). Rows go strictly top to
bottom, each row's height set before the next one starts.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import uuid
from datetime import date, datetime
from pathlib import Path
from typing import Any, Sequence

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from desktop.domain.progress import Progress
from desktop.services.export.layout import (
    DATE,
    DATE_FORMAT,
    DECIMAL,
    HEADER_ROW,
    LINE_HEIGHT,
    MAX_WIDTH,
    MOTTO,
    PLAIN,
    TEXT,
    Issuer,
    Table,
    column_widths,
    issuer_span,
    line_room,
    text_lines,
)
from desktop.services.export.row_stream import StreamedRows, add_rows, streamable

_FONT = {"font_name": PLAIN.name, "font_size": PLAIN.sz}  # the report's font, for every cell
_A4 = 9  # Excel's paper size code
_HEADER = HEADER_ROW - 1  # XlsxWriter counts rows from 0


class _Formats:
    """Every format of a workbook, made once: XlsxWriter gives each its index at close()."""

    def __init__(self, book: xlsxwriter.Workbook) -> None:
        centre = {"align": "center", "valign": "vcenter"}
        self.issuer = book.add_format({"bold": True, **centre})
        self.title = book.add_format({"bold": True, "font_size": 14, **centre})
        self.subtitle = book.add_format({"italic": True, **centre})
        self.header = book.add_format({"bold": True, "text_wrap": True, "border": 1, **centre})
        # Every data cell at the top of its row, beside text that wraps onto more lines.
        box = {"border": 1, "valign": "top"}
        self.cells = {
            TEXT: book.add_format({**box, "text_wrap": True, "num_format": "@"}),
            DATE: book.add_format({**box, "num_format": DATE_FORMAT}),
            DECIMAL: book.add_format({**box, "num_format": "0.0"}),
        }
        self.number = book.add_format(box)
        # A birth year alone in a date column: a plain number, or Excel would read 1975 as a day of 1905.
        self.year = book.add_format({**box, "num_format": "0"})


def _merge(ws: Worksheet, row: int, first: int, last: int, value: str, fmt: Format) -> None:
    if last > first:
        ws.merge_range(row, first, row, last, value, fmt)
    else:
        ws.write_string(row, first, value, fmt)


def _title_block(ws: Worksheet, table: Table, issuer: Issuer, on: date, split: int, count: int,
                 formats: _Formats) -> None:
    """Rows 1–6 as layout.title_block draws them: the issuer over columns 1..split, the motto
    over the rest, the title and the day of export over all."""
    last = count - 1
    for row, (left, right) in enumerate(zip((issuer.commune, issuer.province), MOTTO, strict=True)):
        _merge(ws, row, 0, split - 1, left.upper(), formats.issuer)
        _merge(ws, row, split, last, right, formats.issuer)
    _merge(ws, 3, 0, last, table.title.upper(), formats.title)
    dated = " — ".join(filter(None, [table.subtitle, f"Ngày xuất: {on:%d/%m/%Y}"]))
    _merge(ws, 4, 0, last, dated, formats.subtitle)


def _page_setup(ws: Worksheet, table: Table, widths: list[float]) -> None:
    count = len(widths)
    for i, width in enumerate(widths):
        ws.set_column(i, i, width)
    ws.freeze_panes(HEADER_ROW, 0)
    ws.repeat_rows(_HEADER)
    ws.set_landscape()
    ws.set_paper(_A4)
    ws.fit_to_pages(1, 0)  # the page's width, as many pages down as it takes
    ws.center_horizontally()
    ws.set_margins(left=0.5, right=0.5)
    ws.set_footer("&CTrang &P/&N")
    ws.autofilter(_HEADER, 0, _HEADER + max(1, len(table.rows)), count - 1)


def _first_uses(rows: Sequence[tuple[Any, ...]], date_columns: set[int]) -> int:
    """How many rows XlsxWriter writes itself: up to the first use of each column's format (and
    of the year format), so each has its style number; all of them if a row holds a value
    row_stream does not write."""
    seen: set[object] = set()
    cut = 0
    for n, values in enumerate(rows):
        for i, value in enumerate(values):
            if not streamable(value):
                return len(rows)
            key = "year" if value.__class__ is int and i in date_columns else i
            if key not in seen:
                seen.add(key)
                cut = n + 1
    return cut


def _write_sheet(book: xlsxwriter.Workbook, formats: _Formats, table: Table, *, number_in_book: int,
                 issuer: Issuer, on: date, progress: Progress | None, step: int) -> StreamedRows:
    ws = book.add_worksheet(table.sheet[:31])
    widths = column_widths(table)
    _page_setup(ws, table, widths)
    _title_block(ws, table, issuer, on, issuer_span(widths), len(widths), formats)
    rooms = [line_room(width) for width in widths]
    ws.set_row(_HEADER, LINE_HEIGHT * max(text_lines(c.header, room)
                                          for c, room in zip(table.columns, rooms, strict=True)))
    for i, column in enumerate(table.columns):
        ws.write_string(_HEADER, i, column.header, formats.header)
    # Text that may not fit its column on one line: fixed widths, and widths capped at MAX_WIDTH.
    wrapping = [(i, room) for i, (c, width, room) in enumerate(zip(table.columns, widths, rooms, strict=True))
                if c.kind == TEXT and (c.width is not None or width >= MAX_WIDTH)]

    def height(values: tuple[Any, ...]) -> float | None:
        tall = max((text_lines(value, room) for i, room in wrapping
                    if (value := values[i]).__class__ is str and len(value) > room), default=1)
        return LINE_HEIGHT * tall if tall > 1 else None

    text, number, when, blank = ws.write_string, ws.write_number, ws.write_datetime, ws.write_blank
    plain = [formats.cells.get(c.kind, formats.number) for c in table.columns]
    date_columns = {i for i, c in enumerate(table.columns) if c.kind == DATE}
    year = formats.year
    cut = _first_uses(table.rows, date_columns)
    # The value's type picks the writer, the column's kind only the format: text in a date
    # column ("03/1980") stays text, a number in a text column a number, as openpyxl kept them.
    for n, values in enumerate(table.rows[:cut], start=1):
        r = _HEADER + n
        for i, value in enumerate(values):
            kind = value.__class__
            if kind is str:
                (text if value else blank)(r, i, value, plain[i])  # "" as an empty cell, not an empty text
            elif value is None:
                blank(r, i, None, plain[i])
            elif kind is int:
                number(r, i, value, year if i in date_columns else plain[i])
            elif kind is float:
                number(r, i, value, plain[i])
            elif kind is date or kind is datetime:
                when(r, i, value, plain[i])
            else:  # nothing the lists hold today (bool, Decimal…): as XlsxWriter sees it
                ws.write(r, i, value, plain[i])
        if wrapping and (tall := height(values)):
            ws.set_row(r, tall)
        if progress is not None and n % step == 0:
            progress.advance(step)
    if progress is not None:
        progress.advance(cut % step)
    # The rest go into the file after close(), in the same XML (row_stream.py).
    return StreamedRows(sheet=number_in_book, first_row=_HEADER + 1 + cut, rows=table.rows[cut:], formats=plain,
                        year_columns=date_columns, year=year, heights=height if wrapping else (lambda values: None),
                        columns=len(table.columns))


def write_workbook(target: Path, tables: Sequence[Table], *, issuer: Issuer, on: date,
                   progress: Progress | None = None, step: int = 2000) -> None:
    """One sheet per table, written beside `target` and then moved over it: a full disk or a
    stop (progress cancelled) leaves the old file whole and no temporary file behind."""
    part = target.with_name(f".{target.stem}.{uuid.uuid4().hex[:8]}.part.xlsx")
    # The rows wait in files of their own until close() zips them: in a folder removed whatever happens.
    with tempfile.TemporaryDirectory(prefix="xhht-export-", ignore_cleanup_errors=True) as rows_folder:
        book = xlsxwriter.Workbook(str(part), {
            "constant_memory": True, "tmpdir": rows_folder, "default_format_properties": dict(_FONT),
            # Names and codes are written as they are, never read as formulas, links or numbers.
            "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
        })
        whole = part.with_name(part.name.replace(".part.", ".rows."))
        try:
            formats = _Formats(book)
            streamed = [_write_sheet(book, formats, table, number_in_book=n, issuer=issuer, on=on, progress=progress,
                                     step=step) for n, table in enumerate(tables, start=1)]
            book.close()
            if any(s.rows for s in streamed):
                add_rows(part, whole, streamed, progress=progress.advance if progress else None, step=step)
                os.replace(whole, target)
                os.unlink(part)
            else:
                os.replace(part, target)
        except BaseException:
            if not book.fileclosed:
                with contextlib.suppress(Exception):
                    book.close()  # closes the row files, so that they (and the folder) can go on Windows too
            for leftover in (part, whole):
                with contextlib.suppress(OSError):
                    os.unlink(leftover)
            raise
