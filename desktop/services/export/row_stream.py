"""The bulk of a long list's rows put straight into the sheet XLSX that XlsxWriter wrote.

XlsxWriter spends some 60 µs a row on its per-cell calls (checks, a cell object, then the
XML): 4.7 s for 80,000 citizens before any formatting (bench/spreadsheets.py), over the
5 s the whole export may take. Its sheet is plain SpreadsheetML, so the rows after the first
few are written here as that same XML, one formatted string a row, into the finished file:
XlsxWriter still writes the title block, the header, the print setup and the first data
rows, through which every format the rows use gets its style number (Format.xf_index).
"""

from __future__ import annotations

import math
import re
import shutil
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable, Sequence

from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name

# XML 1.0 has no control characters: Excel's own escape, as XlsxWriter writes it.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_ESCAPE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_EPOCH = datetime(1899, 12, 31)
_DIMENSION = re.compile(rb'<dimension ref="[^"]*"/>')
_FAKE_LEAP_DAY = 59  # Excel counts a 29/02/1900 that never was: serials past it are one more (as XlsxWriter does)


@dataclass
class StreamedRows:
    """The rows of one sheet left for after XlsxWriter's close(), with what writing them needs."""
    sheet: int  # 1-based: xl/worksheets/sheet{n}.xml
    first_row: int  # 0-based row number of rows[0]
    rows: Sequence[tuple[Any, ...]]
    formats: list[Format]  # each column's format
    year_columns: set[int]  # where an int is a year and takes `year`
    year: Format
    heights: Callable[[tuple[Any, ...]], float | None]  # a row's height in points, None for the default
    columns: int


def streamable(value: Any) -> bool:
    """What _cell below writes as XlsxWriter would; anything else stays with XlsxWriter."""
    kind = value.__class__
    return value is None or kind in (str, int, date, datetime) or (kind is float and math.isfinite(value))


def _serial(value: date | datetime) -> str:
    moment = value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)
    delta = moment.replace(tzinfo=None) - _EPOCH
    number = delta.days + delta.seconds / 86400 + delta.microseconds / 86_400_000_000
    if number > _FAKE_LEAP_DAY:
        number += 1
    return f"{number:.16G}"


def _text(value: str) -> str:
    text = value.translate(_ESCAPE)
    if _CONTROL.search(text):
        text = _CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)
    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    return f"<is><t{space}>{text}</t></is>"


def _rows_xml(part: StreamedRows, progress: Callable[[int], None] | None, step: int) -> Any:
    letters = [xl_col_to_name(i) for i in range(part.columns)]
    styles = [f.xf_index or 0 for f in part.formats]
    year = part.year.xf_index or 0
    for n, values in enumerate(part.rows):
        r = part.first_row + n + 1  # 1-based, as the file counts
        cells = []
        for i, value in enumerate(values):
            kind = value.__class__
            at = f'{letters[i]}{r}'
            if kind is str and value:
                cells.append(f'<c r="{at}" s="{styles[i]}" t="inlineStr">{_text(value)}</c>')
            elif value is None or kind is str:
                cells.append(f'<c r="{at}" s="{styles[i]}"/>')
            elif kind is int:
                cells.append(f'<c r="{at}" s="{year if i in part.year_columns else styles[i]}"><v>{value}</v></c>')
            elif kind is float:
                cells.append(f'<c r="{at}" s="{styles[i]}"><v>{value:.16G}</v></c>')
            else:
                cells.append(f'<c r="{at}" s="{styles[i]}"><v>{_serial(value)}</v></c>')
        height = part.heights(values)
        tall = f' ht="{height}" customHeight="1"' if height else ""
        yield f'<row r="{r}"{tall}>{"".join(cells)}</row>'.encode()
        if progress is not None and (n + 1) % step == 0:
            progress(step)
    if progress is not None:
        progress(len(part.rows) % step)


def add_rows(source: Path, target: Path, parts: Sequence[StreamedRows], *,
             progress: Callable[[int], None] | None = None, step: int = 2000) -> None:
    """`source` (XlsxWriter's file) copied to `target` with each part's rows put at the end of its sheet."""
    by_name = {f"xl/worksheets/sheet{p.sheet}.xml": p for p in parts if p.rows}
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            part = by_name.get(info.filename)
            if part is None:
                with old.open(info) as src, new.open(entry, "w") as dst:
                    shutil.copyfileobj(src, dst)
                continue
            xml = old.read(info)
            head, tail = xml.split(b"</sheetData>", 1)
            last = f"{xl_col_to_name(part.columns - 1)}{part.first_row + len(part.rows)}"
            head = _DIMENSION.sub(f'<dimension ref="A1:{last}"/>'.encode(), head, count=1)
            with new.open(entry, "w", force_zip64=True) as dst:
                dst.write(head)
                for row in _rows_xml(part, progress, step):
                    dst.write(row)
                dst.write(b"</sheetData>" + tail)
