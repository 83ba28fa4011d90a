"""A commune's spreadsheet read into plain rows: .xlsx, .xls (Excel 97–2003), .ods and .csv.

Values come from python-calamine (Rust; reads all three binary formats, several times faster
than openpyxl or xlrd on the same file: bench/spreadsheets.py). Calamine gives no fonts, and
the font is what tells TCVN3 or VNI text typed in .VnTime or VNI-Times apart from Unicode, so
fonts are read separately, only for files that have such fonts: xlrd for .xls, openpyxl for
.xlsx. Every text cell leaves here as NFC Unicode.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from desktop.domain.errors import Cancelled, ValidationError
from desktop.domain.legacy_text import guess_encoding, is_legacy_font, to_unicode

FORMATS = {".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls", ".ods": "ods", ".csv": "csv"}
_LEGACY_FONT_BYTES = re.compile(rb"""(?:val|name)=["'](?:\.Vn|VNI[ _-])""", re.IGNORECASE)
_LEGACY_FONT_TEXT = re.compile(r"\.vn|vni[ _-]", re.IGNORECASE)


@dataclass(frozen=True)
class Sheet:
    name: str
    rows: tuple[tuple[object, ...], ...]  # rows[0] is the spreadsheet's row 1, cells from column A
    merged: tuple[tuple[int, int, int, int], ...]  # (first row, first col, last row, last col), 0-based
    converted: int  # text cells converted from TCVN3/VNI
    encoding: str  # what most of its text was typed in: "unicode", "tcvn3" or "vni"


@dataclass(frozen=True)
class Book:
    path: Path
    format: str
    sheets: tuple[Sheet, ...]
    encodings: tuple[str, ...]  # legacy encodings met; for CSV, the code page it was read in


def check_source(path: Path) -> str:
    """The file's format, or a ValidationError the officer understands."""
    if not path.is_file():
        raise ValidationError(f"không có tệp {path}.", code="not_found", field="path")
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ValidationError(
            f"tệp “{path.name}” không phải bảng tính; chỉ nhập được tệp .xlsx, .xls, .ods hoặc .csv.",
            code="invalid_path", field="path")
    return fmt


def read_book(path: Path, *, progress: Callable[[float], None] | None = None) -> Book:
    fmt = check_source(path)
    if fmt == "csv":
        return _read_csv(path)
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        fonts = _fonts(path, fmt)
        sheets: list[Sheet] = []
        names = book.sheet_names
        for i, name in enumerate(names):
            sheet = book.get_sheet_by_name(name)
            rows = sheet.to_python(skip_empty_area=False)
            merged = tuple((a[0], a[1], b[0], b[1]) for a, b in (sheet.merged_cell_ranges or ()))
            sheets.append(_unicode_sheet(name, rows, merged, fonts.get(name, {})))
            if progress:
                progress((i + 1) / len(names))
    except (ValidationError, Cancelled):  # Hủy while reading is not a damaged file
        raise
    except Exception as error:  # calamine's and xlrd's errors are in English and name no fix
        raise ValidationError(
            f"không đọc được tệp “{path.name}” ({type(error).__name__}): tệp bị hỏng, có mật khẩu, hoặc không đúng "
            "định dạng theo đuôi tệp. Hãy mở tệp bằng Excel, lưu lại dạng .xlsx rồi nhập lại.",
            code="unreadable", field="path") from None
    encodings = sorted({s.encoding for s in sheets} - {"unicode"})
    return Book(path=path, format=fmt, sheets=tuple(sheets), encodings=tuple(encodings))


# --- fonts -----------------------------------------------------------------------------------

def _fonts(path: Path, fmt: str) -> dict[str, dict[tuple[int, int], str]]:
    """sheet → (row, col) → font name, for text cells in a TCVN3/VNI font only."""
    if fmt == "xls":
        return _xls_fonts(path)
    if fmt == "xlsx":
        return _xlsx_fonts(path)
    return {}


def _xls_fonts(path: Path) -> dict[str, dict[tuple[int, int], str]]:
    import xlrd  # type: ignore[import-untyped]

    try:
        book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True)
    except Exception:  # e.g. an .xlsx renamed .xls: calamine reads it, without fonts
        return {}
    names = [f.name for f in book.font_list]
    if not any(_LEGACY_FONT_TEXT.match(n or "") for n in names):
        return {}
    xf_font = [names[xf.font_index] for xf in book.xf_list]
    found: dict[str, dict[tuple[int, int], str]] = {}
    for sheet in book.sheets():
        cells: dict[tuple[int, int], str] = {}
        for r in range(sheet.nrows):
            for c, (kind, xf) in enumerate(zip(sheet.row_types(r), sheet.row(r), strict=False)):
                if kind == xlrd.XL_CELL_TEXT:
                    font = xf_font[xf.xf_index] if xf.xf_index is not None else ""
                    if is_legacy_font(font):
                        cells[(r, c)] = font
        found[sheet.name] = cells
    return found


def _xlsx_fonts(path: Path) -> dict[str, dict[tuple[int, int], str]]:
    try:
        with zipfile.ZipFile(path) as archive:
            styles = archive.read("xl/styles.xml")
    except (KeyError, zipfile.BadZipFile, OSError):
        return {}
    if not _LEGACY_FONT_BYTES.search(styles):
        return {}  # no legacy font anywhere: the slow per-cell pass is not needed
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    found: dict[str, dict[tuple[int, int], str]] = {}
    try:
        for ws in book.worksheets:
            cells: dict[tuple[int, int], str] = {}
            for row in ws.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str):
                        font = getattr(cell.font, "name", None) or ""
                        if is_legacy_font(font):
                            cells[(cell.row - 1, cell.column - 1)] = font
            found[ws.title] = cells
    finally:
        book.close()
    return found


# --- text ------------------------------------------------------------------------------------

def _unicode_sheet(name: str, rows: list[list[Any]], merged: tuple[tuple[int, int, int, int], ...],
                   fonts: dict[tuple[int, int], str]) -> Sheet:
    """Text converted from TCVN3/VNI where the font or the text says so, and NFC everywhere.

    A cell whose text alone is ambiguous ("Vò" is TCVN3 for "Vũ" but also two Unicode
    letters) follows the encoding the rest of the sheet was found in.
    """
    guesses = {(r, c): guess_encoding(value, font_name=fonts.get((r, c)))
               for r, row in enumerate(rows) for c, value in enumerate(row)
               if isinstance(value, str) and not value.isascii()}
    votes = Counter(guesses.values())
    legacy = [e for e in ("tcvn3", "vni") if votes[e]]
    sheet_encoding = max(legacy, key=lambda e: votes[e]) if legacy and sum(votes[e] for e in legacy) >= votes[
        "unicode"] else "unicode"
    converted = 0
    out: list[tuple[object, ...]] = []
    sheet_name = _convert_text(name, guess_encoding(name), sheet_encoding)
    for r, row in enumerate(rows):
        cells: list[object] = []
        for c, value in enumerate(row):
            if isinstance(value, str):
                if value.isascii():
                    cells.append(value)
                    continue
                text = _convert_text(value, guesses[(r, c)], sheet_encoding, fonts.get((r, c)))
                converted += text != unicodedata.normalize("NFC", value)
                cells.append(text)
            else:
                cells.append(value)
        out.append(tuple(cells))
    return Sheet(name=sheet_name, rows=tuple(out), merged=merged, converted=converted,
                 encoding=sheet_encoding if converted else "unicode")


def _convert_text(text: str, guessed: str, sheet_encoding: str, font: str | None = None) -> str:
    """`guessed` is the cell's own encoding (its font, else its text); an ambiguous cell follows the sheet's."""
    if guessed == "unicode" and sheet_encoding != "unicode" and not _unicode_only(text):
        guessed = sheet_encoding
    return to_unicode(text, font_name=font, encoding=guessed)


def _unicode_only(text: str) -> bool:
    return any(ord(c) > 0xFF or unicodedata.combining(c) for c in text)


# --- CSV -------------------------------------------------------------------------------------

def _read_csv(path: Path) -> Book:
    """CSV as Excel saves it: UTF-8 (with or without a BOM) or the Vietnamese ANSI code page 1258."""
    data = path.read_bytes()
    if data.startswith(codecs.BOM_UTF8):
        text, encoding = data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace"), "utf-8"
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = data.decode("cp1258", errors="replace"), "cp1258"
    text = unicodedata.normalize("NFC", text)  # cp1258 leaves tone marks as combining characters
    first = text.split("\n", 5)
    sample = "\n".join(first[:5])
    delimiter = max(";,\t", key=sample.count) if sample else ","
    rows = [tuple(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    sheet = _unicode_sheet(path.stem, [list(r) for r in rows], (), {})
    encodings = tuple(e for e in (encoding if encoding != "utf-8" else "", sheet.encoding) if e and e != "unicode")
    return Book(path=path, format="csv", sheets=(sheet,), encodings=encodings)
