"""Where a commune's table starts and what its columns hold.

Real lists open with a title block (the unit, the national motto, the list's title, a date
line), often merged across the page; the header row comes below it, sometimes on two rows
("Năm sinh" over "Nam" | "Nữ"), sometimes followed by a row numbering the columns (1), (2)…
Headers are matched folded (no diacritics, lower case) against the variants communes use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop.domain.text import fold
from desktop.services.importing.readers import Sheet

HEADER_SEARCH_ROWS = 40  # a title block is never longer than this

# Folded header text → field, exact matches. Checked after _PREFIXES below.
_EXACT: dict[str, str] = {
    **dict.fromkeys(("stt", "tt", "so tt", "so thu tu", "thu tu"), "stt"),
    **dict.fromkeys(("ma ho", "ma hgd", "ma so hgd", "ma ho gia dinh", "ma so ho", "so ho", "so ho khau", "ma ho khau", "so so ho khau"),
                    "household_code"),
    **dict.fromkeys(("ho va ten", "ho ten", "ho va ten nhan khau", "ho ten nhan khau", "ho va ten thanh vien",
                     "ho ten thanh vien", "ho va ten cong dan", "ten nhan khau", "ho va ten nguoi"), "full_name"),
    **dict.fromkeys(("ho va ten dem", "ho va dem", "ho dem", "ho va chu dem", "ho, ten dem", "ho ten dem", "ho"),
                    "family_middle"),
    **dict.fromkeys(("ten dem", "dem", "chu dem", "ten lot"), "middle_name"),
    **dict.fromkeys(("nam",), "sex_male"),
    **dict.fromkeys(("nu", "nu (x)", "nu x"), "sex_female"),
    **dict.fromkeys(("ten",), "given_name"),
    **dict.fromkeys(("ho ten chu ho", "ho va ten chu ho", "ten chu ho", "chu ho"), "head_name"),
    **dict.fromkeys(("gioi tinh", "gioi", "gt", "nam/nu", "nam, nu", "phai"), "sex"),
    **dict.fromkeys(("ngay sinh", "nam sinh", "ngay thang nam sinh", "ngay, thang, nam sinh", "sinh ngay", "ns",
                     "ngay/thang/nam sinh", "ngay thang nam sinh (hoac nam sinh)", "thang nam sinh"), "birth_date"),
    **dict.fromkeys(("so cccd", "cccd", "so dinh danh", "so dinh danh ca nhan", "ma dinh danh", "cccd/cmnd",
                     "cmnd/cccd", "so cmnd", "cmnd", "so cmnd/cccd", "so cccd/cmnd", "so can cuoc",
                     "so can cuoc cong dan", "so cmnd/the cccd", "can cuoc cong dan", "dinh danh ca nhan",
                     "so dinh danh ca nhan/cccd", "ma so dinh danh"), "identity_number"),
    **dict.fromkeys(("quan he voi chu ho", "qh voi ch", "qh voi chu ho", "quan he", "qh", "qhvch",
                     "quan he voi ch", "quan he chu ho", "moi quan he voi chu ho"), "relation"),
    **dict.fromkeys(("dan toc",), "ethnicity"),
    **dict.fromkeys(("biet chu", "muc do biet chu", "xoa mu chu", "tinh trang biet chu"), "literacy"),
    **dict.fromkeys(("tinh trang cu tru", "cu tru", "tinh trang", "hinh thuc cu tru", "loai cu tru"), "status"),
    **dict.fromkeys(("thon", "ban", "xom", "ap", "lang", "to dan pho", "tdp", "tieu khu", "khoi", "khoi pho",
                     "khu pho", "to", "thon/xom", "thon, xom", "thon/ban", "thon, ban", "thon/to dan pho",
                     "thon, to dan pho", "dia ban", "dia ban thon", "ten thon"), "hamlet"),
    **dict.fromkeys(("dia chi", "noi o", "noi o hien nay", "cho o hien nay", "dia chi thuong tru", "noi thuong tru",
                     "que quan"), "address"),
    **dict.fromkeys(("so dien thoai", "dien thoai", "sdt", "dt", "so dt", "dien thoai lien he"), "phone"),
    **dict.fromkeys(("nghe nghiep", "nghe", "cong viec", "nghe nghiep hien nay", "viec lam"), "occupation"),
    **dict.fromkeys(("trinh do hoc van", "trinh do van hoa", "hoc van", "trinh do", "van hoa", "tdvh",
                     "trinh do giao duc pho thong"), "education"),
}
# Folded prefixes, for headers with a trailing remark ("Ngày sinh (dd/mm/yyyy)").
_PREFIXES: tuple[tuple[str, str], ...] = (
    ("ho va ten chu ho", "head_name"), ("ho ten chu ho", "head_name"),
    ("ho va ten dem", "family_middle"), ("ho va ten", "full_name"), ("ho ten", "full_name"),
    ("ngay thang nam sinh", "birth_date"), ("ngay sinh", "birth_date"), ("nam sinh", "birth_date"),
    ("so dinh danh", "identity_number"), ("so cccd", "identity_number"), ("so can cuoc", "identity_number"),
    ("cccd", "identity_number"), ("so cmnd", "identity_number"),
    ("quan he voi chu ho", "relation"), ("qh voi", "relation"),
    ("gioi tinh", "sex"), ("dan toc", "ethnicity"), ("ma ho", "household_code"), ("so ho khau", "household_code"),
    ("dia chi", "address"), ("so dien thoai", "phone"), ("nghe nghiep", "occupation"),
    ("trinh do", "education"),
)
_WEAK = {"sex_male", "sex_female"}
_SUB_MALE = {"nam", "m", "trai"}
_SUB_FEMALE = {"nu", "f", "gai"}
_NUMBERING = re.compile(r"\(?\s*\d{1,2}\s*\)?")


def header_key(text: str) -> str:
    """A header as a saved mapping knows it: folded, punctuation at the ends and remarks dropped."""
    key = fold(text).replace("\n", " ")
    key = re.sub(r"\s*\([^)]*\)\s*$", "", key)  # "ngay sinh (dd/mm/yyyy)" → "ngay sinh"
    key = re.sub(r"[\s:.*]+$", "", key)
    return " ".join(key.split())


def field_of(text: str) -> str:
    key = header_key(text)
    if not key:
        return ""
    if key in _EXACT:
        return _EXACT[key]
    for prefix, field in _PREFIXES:
        if key.startswith(prefix):
            return field
    return ""


@dataclass(frozen=True)
class Header:
    rows: tuple[int, ...]  # 0-based row indexes of the header
    data_start: int  # 0-based index of the first row below the header (and its numbering row)
    labels: tuple[str, ...]  # each column's header text, two rows joined by " / "
    fields: tuple[str, ...]  # each column's field as guessed ("" when unknown)


def _filled(sheet: Sheet, rows: range) -> dict[tuple[int, int], object]:
    """Header cells with merged ranges spread over every cell they cover."""
    grid: dict[tuple[int, int], object] = {}
    for r in rows:
        if r < len(sheet.rows):
            for c, value in enumerate(sheet.rows[r]):
                if value not in ("", None):
                    grid[(r, c)] = value
    for r0, c0, r1, c1 in sheet.merged:
        value = grid.get((r0, c0))
        if value is None or r0 not in rows:
            continue
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if r in rows:
                    grid.setdefault((r, c), value)
    return grid


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def _mapped(text: str, mapping: dict[str, str]) -> str:
    key = header_key(text)
    return mapping[key] if key in mapping else field_of(text)


def _row_score(sheet: Sheet, r: int, mapping: dict[str, str]) -> tuple[int, bool]:
    """Known headers in the row, and whether a name column is among them. A row with a number
    or a date in it is data, not a header; "Nam", "Nữ" and "Chủ hộ" are values as often as
    headers, so they do not make a header on their own."""
    cells = [v for v in sheet.rows[r] if v not in ("", None)]
    if any(not isinstance(v, str) for v in cells):
        return 0, False
    found: set[str] = set()
    has_name = False
    for value in cells:
        field = _mapped(_text(value), mapping)
        if field and field not in _WEAK:
            found.add(field)
        if field in ("full_name", "given_name", "family_middle") or (
                field == "head_name" and header_key(_text(value)).startswith(("ho", "ten"))):
            has_name = True
    return len(found), has_name


def find_header(sheet: Sheet, mapping: dict[str, str] | None = None) -> Header | None:
    """The best header row among the first rows: the most known headers, a name column among them.
    `mapping` (header key → field) is what the officer chose for headers the guesses miss."""
    mapping = mapping or {}
    best: tuple[int, int] | None = None
    for r in range(min(HEADER_SEARCH_ROWS, len(sheet.rows))):
        score, has_name = _row_score(sheet, r, mapping)
        if has_name and score >= 2 and (best is None or score > best[1]):
            best = (r, score)
    if best is None:
        return None
    top = best[0]
    width = max((len(row) for row in sheet.rows[top:top + 3]), default=0)
    grid = _filled(sheet, range(top, top + 2))
    second = top + 1 if _is_sub_header(sheet, top + 1, grid, width) else None
    labels: list[str] = []
    fields: list[str] = []
    for c in range(width):
        upper = _text(grid.get((top, c)))
        lower = _text(grid.get((second, c))) if second is not None else ""
        if not upper and header_key(lower) in _SUB_MALE | _SUB_FEMALE and labels:
            upper = labels[-1].split(" / ")[0]  # "Năm sinh" over Nam | Nữ, written once and not merged
        if lower == upper:
            lower = ""
        label = f"{upper} / {lower}" if upper and lower else upper or lower
        labels.append(label)
        fields.append(_field_of_pair(upper, lower))
    rows = (top,) if second is None else (top, second)
    start = rows[-1] + 1
    if start < len(sheet.rows) and _is_numbering(sheet.rows[start]):
        start += 1
    return Header(rows=rows, data_start=start, labels=tuple(labels), fields=tuple(unique_fields(fields)))


def _field_of_pair(upper: str, lower: str) -> str:
    up, low = field_of(upper), header_key(lower)
    if lower and up == "birth_date":
        if low in _SUB_MALE:
            return "birth_male"
        if low in _SUB_FEMALE:
            return "birth_female"
    if lower and up == "sex":
        if low in _SUB_MALE:
            return "sex_male"
        if low in _SUB_FEMALE:
            return "sex_female"
    if lower:
        return field_of(lower) or up
    return up


def unique_fields(fields: list[str]) -> list[str]:
    """One column per field: a second "Họ và tên" (e.g. the head's, further right) is left out."""
    seen: set[str] = set()
    out = []
    for f in fields:
        out.append("" if f in seen else f)
        if f:
            seen.add(f)
    return out


def _is_sub_header(sheet: Sheet, r: int, grid: dict[tuple[int, int], object], width: int) -> bool:
    """A second header row: only header words ("Nam", "Nữ", known headers) under the first."""
    if r >= len(sheet.rows):
        return False
    texts = [(c, v) for c, v in enumerate(sheet.rows[r]) if v not in ("", None)]
    if not texts:
        return False
    for c, value in texts:
        if not isinstance(value, str):
            return False
        key = header_key(value)
        if key not in _SUB_MALE | _SUB_FEMALE and not field_of(value):
            return False
        if key in _SUB_MALE | _SUB_FEMALE and (r - 1, c) not in grid and (r - 1, c - 1) not in grid:
            return False
    return True


def _is_numbering(row: tuple[object, ...]) -> bool:
    """A row numbering the columns: 1 2 3… or (1) (2) (3)…, nothing else."""
    values = [v for v in row if v not in ("", None)]
    if len(values) < 3:
        return False
    numbers = []
    for v in values:
        text = _text(v)
        if not _NUMBERING.fullmatch(text):
            return False
        numbers.append(int(re.sub(r"\D", "", text)))
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def is_header_again(row: tuple[object, ...], header: Header) -> bool:
    """The header repeated down the sheet (a list printed page by page and pasted together)."""
    same = sum(1 for c, v in enumerate(row) if isinstance(v, str) and c < len(header.labels)
               and header.fields[c] and field_of(v) == header.fields[c])
    return same >= 2


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
