"""The rows of a long list written straight into XlsxWriter's file (export/row_stream.py): read
back by openpyxl they are the cells XlsxWriter itself would have written, text that XML must
escape included, and a stop half-way leaves no file behind."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from desktop.domain.errors import Cancelled
from desktop.domain.progress import Progress
from desktop.services.export.fast_sheet import write_workbook
from desktop.services.export.layout import DATE, DECIMAL, HEADER_ROW, NUMBER, TEXT, Column, Issuer, Table

ISSUER = Issuer(commune="Xã Yên Xuân", province="Tỉnh Nghệ An")
COLUMNS = (Column("STT", NUMBER), Column("Họ và tên"), Column("Ngày sinh", DATE), Column("Số định danh cá nhân"),
           Column("Điểm", DECIMAL), Column("Ghi chú", TEXT, width=12))
AWKWARD = ["A & B <c> \"d\" 'e'", "  lề trái", "lề phải  ", "ô\x01điều khiển", "Nguyễn Thị Hường", ""]


def _rows(count: int) -> tuple[tuple, ...]:
    rows = []
    for n in range(count):
        birth: object = date(1950 + n % 60, 1 + n % 12, 1 + n % 28)
        if n == count - 2:
            birth = 1975  # a year alone, first seen near the end: its format must exist
        elif n % 7 == 3:
            birth = "03/1980"
        elif n % 11 == 5:
            birth = datetime(1990, 5, 6, 12, 0)
        note = AWKWARD[n % len(AWKWARD)] if n % 3 else "một ghi chú dài hơn mười hai chữ để xuống dòng"
        rows.append((n + 1, f"Người số {n + 1}", birth, f"{40070000000 + n:012d}", n / 4 if n % 5 else None, note))
    return tuple(rows)


def test_streamed_rows_read_back_as_written(tmp_path):
    rows = _rows(3000)
    target = tmp_path / "dai.xlsx"
    write_workbook(target, [Table(sheet="Danh sách", title="Danh sách thử", columns=COLUMNS, rows=rows)],
                   issuer=ISSUER, on=date(2026, 12, 6))
    ws = load_workbook(target).active
    assert ws.max_row == HEADER_ROW + len(rows) and ws.dimensions == f"A1:F{HEADER_ROW + len(rows)}"
    for n, expected in enumerate(rows):
        cells = ws[HEADER_ROW + 1 + n]
        values = [c.value for c in cells]
        birth = expected[2]
        assert values[0] == expected[0] and values[1] == expected[1] and values[3] == expected[3]
        assert values[2] == (datetime(birth.year, birth.month, birth.day) if type(birth) is date else birth)
        assert values[4] == expected[4]
        assert values[5] == (expected[5] or None)  # "_x0001_" in the file, the control character again in Excel
        assert cells[3].number_format == "@" and cells[3].data_type == "s"  # CCCD as text
        assert cells[2].number_format == ("0" if birth == 1975 else "dd/mm/yyyy")  # "03/1980" stays text
        assert all(c.border.left.style == "thin" for c in cells)
        tall = ws.row_dimensions[HEADER_ROW + 1 + n].height
        assert (tall is not None and tall > 15.75) == (len(expected[5]) > 11)  # notes wider than their column wrap


def test_a_stop_while_rows_are_streamed_leaves_nothing(tmp_path):
    target = tmp_path / "dai.xlsx"
    progress = Progress()
    progress.listener = lambda p: p.cancel() if p.done >= 2500 else None
    with pytest.raises(Cancelled):
        write_workbook(target, [Table(sheet="Danh sách", title="Thử", columns=COLUMNS, rows=_rows(3000))],
                       issuer=ISSUER, on=date(2026, 12, 6), progress=progress, step=500)
    assert list(tmp_path.iterdir()) == []


def test_a_value_the_stream_does_not_know_stays_with_xlsxwriter(tmp_path):
    rows = ((1, "Có", True, "040070000001", 1.5, ""), (2, "Không", False, "040070000002", 2.5, ""))
    target = tmp_path / "bool.xlsx"
    write_workbook(target, [Table(sheet="A", title="Thử", columns=COLUMNS, rows=rows)], issuer=ISSUER,
                   on=date(2026, 12, 6))
    ws = load_workbook(target).active
    assert [ws.cell(HEADER_ROW + 1 + n, 3).value for n in range(2)] == [True, False]
