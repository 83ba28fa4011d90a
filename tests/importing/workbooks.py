"""Commune lists as ugly as real ones, written by the tests: title blocks and merged cells,
two-row headers with Nam/Nữ year columns, identity numbers Excel made numbers, names in
capitals or decomposed Unicode, blank lines, totals and signatures, TCVN3 and VNI text,
CSV from a Vietnamese Windows. Each builder returns the file and what a careful officer
counts in it."""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import xlwt
from openpyxl import Workbook
from openpyxl.styles import Font

from desktop.domain.legacy_text import from_tcvn3, from_vni

MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


@dataclass
class Expected:
    households: int
    citizens: int
    rejected: list[tuple[str, int]]  # (sheet, row)
    hamlets: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # a few names as the register must spell them


def _inverse(convert, candidates) -> dict[str, str]:
    table: dict[str, str] = {}
    for text in candidates:
        out = convert(text)
        if len(out) == 1 and out != text and out not in table:
            table[out] = text
    return table


_LATIN1 = [chr(c) for c in range(0xA0, 0x100)]
_TO_TCVN3 = _inverse(from_tcvn3, _LATIN1)
_VNI_SINGLE = _inverse(from_vni, _LATIN1)
_TO_VNI = {**_inverse(from_vni, [b + m for b in "aeiouyAEIOUY" + "ôöÔÖ" for m in _LATIN1]), **_VNI_SINGLE}


def to_tcvn3(text: str) -> str:
    """Unicode → TCVN3 as a Latin-1 font file stores it (capitals with tones lose their case, as in .VnTime)."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in _TO_TCVN3:
            out.append(_TO_TCVN3[ch])
        elif ch.lower() in _TO_TCVN3 and ch not in "ĂÂÊÔƠƯĐ":
            out.append(_TO_TCVN3[ch.lower()])
        else:
            out.append(ch)
    return "".join(out)


def to_vni(text: str) -> str:
    return "".join(_TO_VNI.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


def cp1258_bytes(text: str) -> bytes:
    """As Windows writes Vietnamese in code page 1258: hats and horns composed, tones as combining marks."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        tone = "".join(p for p in parts if p in tones)
        base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in tones))
        out.append(base + tone)
    return "".join(out).encode("cp1258")


def _title_block(ws, title: str, width: int = 8) -> None:
    ws["A1"] = "UBND XÃ YÊN XUÂN"
    ws.merge_cells("A1:C1")
    ws["D1"] = MOTTO[0]
    ws.merge_cells(start_row=1, start_column=4, end_row=1, end_column=width)
    ws["D2"] = MOTTO[1]
    ws["A4"] = title
    ws.merge_cells(start_row=4, start_column=1, end_row=4, end_column=width)


def per_hamlet_xlsx(folder: Path) -> tuple[Path, Expected]:
    """One sheet per hamlet; the title names it; "Năm sinh" over Nam | Nữ; STT on the head's row only."""
    wb = Workbook()
    wb.remove(wb.active)
    header = ["STT", "Họ và tên", "Năm sinh", None, "Quan hệ với chủ hộ", "Số CCCD", "Dân tộc", "Ghi chú"]
    sheets = {
        "Thôn 1": [
            [1, "NGUYỄN  VĂN  AN", 1968, None, "Chủ hộ", 40068000101, "Kinh", None],
            [None, unicodedata.normalize("NFD", "Trần Thị Bình"), None, 1970, "Vợ", "040170000102", None, None],
            [None, "Nguyễn Văn Cường", "05/06/2001", None, "Con", None, None, "đi làm xa"],
            [],
            [2, "Hồ Thị Dung", None, 1955, "Chủ hộ", None, "Thái", None],
            [None, "Lò Văn Em", 2031, None, "Cháu", None, "Thái", None],  # refused: born in the future
            [None, "Lò Thị Gấm", 1990, 1990, "Con", None, "Thái", None],  # refused: both columns
            [],
            [3, "Phạm Văn Hùng", 1979, None, "Chủ hộ", None, None, None],
            [None, None, 1982, None, "Vợ", None, None, None],  # refused: no name
            ["Tổng cộng: 3 hộ"],
        ],
        "Xóm Đông": [
            [1, "Đặng Văn Khoa", "1960", None, "CH", None, None, None],
            [None, "Vũ Thị Lan", None, "12/3/62", "Vợ", None, None, None],
            [2, "Bùi Thị Mai", None, 1948, "Chủ hộ", None, None, None],
            [],
            ["Cộng", None, 2, 1],
            [None, "Người lập biểu", None, None, "Trưởng xóm"],
            [None, "(Ký, ghi rõ họ tên)"],
        ],
    }
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        _title_block(ws, f"DANH SÁCH HỘ GIA ĐÌNH, NHÂN KHẨU {name.upper()}")
        for i, h in enumerate(header, 1):
            ws.cell(6, i, h)
        ws.merge_cells("C6:D6")
        ws["C7"], ws["D7"] = "Nam", "Nữ"
        for col in "ABEFGH":
            ws.merge_cells(f"{col}6:{col}7")
        for i in range(1, 9):  # the numbering row under the header
            ws.cell(8, i, f"({i})")
        for r, values in enumerate(rows, start=9):
            for c, value in enumerate(values, start=1):
                ws.cell(r, c, value)
    path = folder / "ho-theo-thon.xlsx"
    wb.save(path)
    return path, Expected(
        households=5, citizens=8,
        rejected=[("Thôn 1", 14), ("Thôn 1", 15), ("Thôn 1", 18)],
        hamlets=["Thôn 1", "Xóm Đông"],
        names=["Nguyễn Văn An", "Trần Thị Bình", "Vũ Thị Lan"])


def flat_export_xlsx(folder: Path) -> tuple[Path, Expected]:
    """A flat list from another program: household code and hamlet columns, dates in every form,
    the header repeated half-way (pages pasted together)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "DS nhan khau"
    ws["A1"] = "DANH SÁCH NHÂN KHẨU"
    header = ["TT", "Mã hộ", "Họ tên", "Ngày sinh", "Giới tính", "QH với CH", "Số định danh cá nhân", "Thôn",
              "Trình độ văn hóa"]
    ws.append([])
    ws.append(header)
    rows = [
        [1, "HK001", "Lê Văn Nam", "03/04/1975", "Nam", "Chủ hộ", "040075000201", "Yên Thịnh", "12/12"],
        [2, "HK001", "Lê Thị Oanh", datetime(1978, 5, 6), "Nữ", "Vợ", "040178000202", "Yên Thịnh", "9/12"],
        [3, "HK001", "Lê Văn Phúc", "7/8/09", "nam", "Con trai", None, "Yên Thịnh", "Đại học"],
        [4, "HK002", "Trương Văn Quang", "1969", "Nam", "Chủ hộ", "040069000203", "Yên Hòa", "Lớp 7/10"],
        header,
        [5, "HK002", "Trương Thị Sen", "31/02/1970", "Nữ", "Vợ", None, "Yên Hòa", None],  # refused: no 31/02
        [6, "HK002", "Trương Văn Tài", "1969", "Nam", "Con", "040069000203", "Yên Hòa", None],  # refused: same number
        [7, "HK003", "Mai Thị Uyên", "1999", "Nữ", "Chủ hộ", "12345", "Yên Hòa", None],  # refused: 5 digits
        [8, "HK003", "Mai Văn Vinh", "2020", "Nam", "Con", None, "Yên Hòa", None],  # refused with its head
    ]
    for row in rows:
        ws.append(row)
    path = folder / "nhan-khau.xlsx"
    wb.save(path)
    return path, Expected(households=2, citizens=4, rejected=[("DS nhan khau", 9), ("DS nhan khau", 10),
                                                              ("DS nhan khau", 11), ("DS nhan khau", 12)],
                          hamlets=["Thôn Yên Thịnh", "Thôn Yên Hòa"], names=["Lê Văn Phúc"])


def tcvn3_xls(folder: Path) -> tuple[Path, Expected]:
    """An Excel 97–2003 file typed in .VnTime: every text, the headers too, in TCVN3."""
    book = xlwt.Workbook(encoding="latin-1")
    ws = book.add_sheet(to_tcvn3("Thôn Trung"))
    vn = xlwt.easyxf("font: name .VnTime")
    upper = xlwt.easyxf("font: name .VnTimeH, bold on")
    ws.write(0, 0, to_tcvn3("ỦY BAN NHÂN DÂN XÃ YÊN XUÂN"), upper)
    ws.write(2, 1, to_tcvn3("DANH SÁCH HỘ GIA ĐÌNH THÔN TRUNG"), upper)
    header = ["STT", "Họ và tên", "Giới tính", "Ngày sinh", "Quan hệ với chủ hộ", "Dân tộc"]
    for c, h in enumerate(header):
        ws.write(4, c, to_tcvn3(h), vn)
    rows = [
        [1, "Nguyễn Thị Hường", "Nữ", "20/11/1965", "Chủ hộ", "Kinh"],
        [None, "Đỗ Văn Thưởng", "Nam", "1990", "Con", "Kinh"],
        [None, "Đỗ Thị Ngọc Ánh", "Nữ", "1/2/15", "Cháu", "Mường"],
        [2, "Vũ Đức Thắng", "Nam", "1972", "Chủ hộ", "Kinh"],
        [None, "Phan Thị Diễm", "Nữ", "1975", "Vợ", "Kinh"],
        [None, "Vũ Ngọc Sơn", "Nam", "khong ro", "Con", "Kinh"],  # refused: no date
    ]
    for r, values in enumerate(rows, start=5):
        for c, value in enumerate(values):
            if isinstance(value, str):
                ws.write(r, c, to_tcvn3(value), vn)
            elif value is not None:
                ws.write(r, c, value)
    path = folder / "thon-trung.xls"
    book.save(str(path))
    return path, Expected(households=2, citizens=5, rejected=[("Thôn Trung", 11)], hamlets=["Thôn Trung"],
                          names=["Nguyễn Thị Hường", "Đỗ Thị Ngọc Ánh", "Vũ Đức Thắng"])


def vni_xlsx(folder: Path, *, with_font: bool) -> tuple[Path, Expected]:
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    font = Font(name="VNI-Times") if with_font else None
    ws.append([to_vni("DANH SÁCH HỘ GIA ĐÌNH TỔ DÂN PHỐ SỐ 3")])
    ws.append([to_vni(h) for h in ("Mã hộ", "Họ và tên", "Giới tính", "Năm sinh", "Quan hệ với chủ hộ")])
    rows = [("TDP3-01", "Hoàng Văn Lực", "Nam", 1958, "Chủ hộ"),
            ("TDP3-01", "Ngô Thị Hạnh", "Nữ", 1961, "Vợ"),
            ("TDP3-02", "Hoàng Thị Nguyệt", "Nữ", 1985, "Chủ hộ")]
    for row in rows:
        ws.append([to_vni(v) if isinstance(v, str) else v for v in row])
    if font:
        for row in ws.iter_rows():
            for cell in row:
                cell.font = font
    path = folder / ("vni-font.xlsx" if with_font else "vni.xlsx")
    wb.save(path)
    return path, Expected(households=2, citizens=3, rejected=[], hamlets=["Tổ dân phố số 3"],
                          names=["Hoàng Văn Lực", "Ngô Thị Hạnh", "Hoàng Thị Nguyệt"])


def cp1258_csv(folder: Path) -> tuple[Path, Expected]:
    """CSV as Excel saves it on a Vietnamese Windows: code page 1258, tones apart, ";" between fields."""
    rows = [["Mã hộ", "Họ và tên", "Ngày sinh", "Giới tính", "Quan hệ với chủ hộ", "CCCD", "Thôn/Xóm"],
            ["C01", "Trịnh Thị Ngọc Ánh", "02/09/1945", "Nữ", "Chủ hộ", "040145000301", "Xóm Mới"],
            ["C01", "Trịnh Văn Hữu", "1970", "Nam", "Con", "", "Xóm Mới"],
            ["C02", "Quách Văn Tuấn", "1988", "Nam", "Chủ hộ", "40088000302", "Xóm Mới"],
            ["", "", "", "", "", "", ""]]
    path = folder / "ds.csv"
    with path.open("wb") as f:
        for row in rows:
            f.write(cp1258_bytes(";".join(row)) + b"\r\n")
    return path, Expected(households=2, citizens=3, rejected=[], hamlets=["Xóm Mới"],
                          names=["Trịnh Thị Ngọc Ánh", "Quách Văn Tuấn"])


def utf8_csv(folder: Path, *, bom: bool) -> Path:
    path = folder / ("bom.csv" if bom else "utf8.csv")
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["Mã hộ", "Họ và tên", "Năm sinh", "Giới tính", "Quan hệ với chủ hộ"])
        writer.writerow(["U01", "Đinh Thị Xuân", "1950", "Nữ", "Chủ hộ"])
        writer.writerow(["U01", "Đinh Văn Yên", "1975", "Nam", "Con"])
    return path


def ods_file(folder: Path) -> Path:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name="Thôn Bắc")
    for row in (["Họ và tên", "Năm sinh", "Giới tính", "Quan hệ với chủ hộ"],
                ["Cao Văn Bảo", "1966", "Nam", "Chủ hộ"], ["Cao Thị Chi", "1999", "Nữ", "Con"]):
        tr = TableRow()
        for value in row:
            cell = TableCell(valuetype="string")
            cell.addElement(P(text=value))
            tr.addElement(cell)
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    path = folder / "thon-bac.ods"
    doc.save(str(path))
    return path
