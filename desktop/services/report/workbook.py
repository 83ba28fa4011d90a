"""The yearly report as an .xlsx laid out like a statistics form: the export's title block
(issuer, motto, title), a bordered table per sheet, a note, and the signature block; a bar chart
of the main rates on the summary sheet; then one sheet per hamlet for its head."""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference, Series
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy.orm import Session

from desktop.domain.progress import Progress
from desktop.services.export import check_target, issuer_of
from desktop.services.export.layout import (
    BOLD,
    BOX,
    CENTRE,
    HEADER_ALIGN,
    HEADER_ROW,
    ITALIC,
    LINE_HEIGHT,
    PLAIN,
    WRAP,
    Column,
    Issuer,
    Table,
    line_room,
    save_atomically,
    styled_cell,
    text_lines,
    title_block,
)
from desktop.services.report import NO_DATA, OTHER_HAMLET, HamletRow, YearlyReport, report_for_paper
from desktop.services.title_figures import FINAL, MIDTERM
from desktop.services.titles.registration import CITIZEN_MIN_AGE

PERCENT = "percent"
PERCENT_FORMAT = "0.0%"
TITLE = "Báo cáo kết quả xây dựng xã hội học tập năm {year}"
# Domain README §6: no national template for a commune's report was found; the title and the
# annex follow the sections provincial reports use.
TITLE_NOTE = ("Ghi chú: chưa tìm thấy mẫu báo cáo cấp xã do văn bản trung ương quy định, tên báo cáo và các biểu "
              "chưa đối chiếu được với văn bản gốc. Số hộ, số người là số đang có trong sổ khi lập báo cáo.")
SIGNERS = (("NGƯỜI LẬP BIỂU", "(Ký, ghi rõ họ tên)"), ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"))
NO_TARGET = "chưa có chỉ tiêu"
TOP = Alignment(vertical="top")  # numbers level with the first line of wrapped text beside them


@dataclass(frozen=True)
class ReportSummary:
    path: str
    year: int
    hamlets: int  # hamlet rows, the total row not counted
    sheets: int  # of the .xlsx (0 for a PDF)
    pages: int = 0  # of the PDF (0 for an .xlsx)


def _rate(count: int, of: int) -> float | str:
    return count / of if of else NO_DATA


def _sheet(workbook: Workbook, table: Table, issuer: Issuer, on: date, notes: tuple[str, ...]) -> Any:
    """The sheet, written; returns it (a chart may still be added)."""
    ws: Any = workbook.create_sheet(table.sheet)
    count = len(table.columns)
    for i, column in enumerate(table.columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = column.width or 14
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    split = max(1, count // 2)
    title_block(ws, table, issuer, on, split, count)
    rooms = [line_room(column.width or 14) for column in table.columns]
    _fit_height(ws, HEADER_ROW, [c.header for c in table.columns], rooms)
    ws.append([styled_cell(ws, c.header, BOLD, HEADER_ALIGN, BOX) for c in table.columns])
    for number, row in enumerate(table.rows, start=HEADER_ROW + 1):
        _fit_height(ws, number, row, rooms)
        cells = []
        for value, column in zip(row, table.columns, strict=True):
            if column.kind == PERCENT and isinstance(value, float):
                cells.append(styled_cell(ws, value, PLAIN, TOP, BOX, PERCENT_FORMAT))
            elif isinstance(value, int | float):
                cells.append(styled_cell(ws, value, PLAIN, TOP, BOX, "#,##0"))
            else:
                cells.append(styled_cell(ws, value, PLAIN, WRAP, BOX))
        ws.append(cells)
    ws.append([])
    for note in notes:
        ws.append([styled_cell(ws, note, ITALIC)])
    ws.append([])
    # The signature block: the preparer on the left, the committee on the right (NĐ 30/2020).
    gap: list[Any] = [None] * (split - 1)
    first = HEADER_ROW + len(table.rows) + len(notes) + 3  # below the table, a blank, the notes, a blank
    last = get_column_letter(count)
    for line, (left, right) in enumerate(zip(*SIGNERS, strict=True), start=first):
        # Each signer centred over its half of the page: in column A alone (the narrow STT) the
        # preparer's title ran off the left edge of the paper.
        ws.merged_cells.add(f"A{line}:{get_column_letter(split)}{line}")
        ws.merged_cells.add(f"{get_column_letter(split + 1)}{line}:{last}{line}")
        ws.append([styled_cell(ws, left, BOLD, CENTRE), *gap, styled_cell(ws, right, BOLD, CENTRE)])
    return ws


def _fit_height(ws: Any, number: int, values: Any, rooms: list[int]) -> None:
    """Row `number` made tall enough for its wrapped text, before it is written (a write-only sheet
    reads the height as it streams the row): LibreOffice opens a row one line high and cuts the
    rest off (seen on the summary's notes and "chưa có số liệu")."""
    lines = max((text_lines(v, room) for v, room in zip(values, rooms, strict=True) if isinstance(v, str)),
                default=1)
    if lines > 1:
        ws.row_dimensions[number].height = LINE_HEIGHT * lines


def _summary(report: YearlyReport) -> Table:
    rows = []
    for share in report.shares():
        line = [share.base.what, share.base.unit, share.count, share.of if share.of else NO_DATA,
                share.count / share.of if share.of else NO_DATA]
        for deadline in (MIDTERM, FINAL):
            target = share.target(deadline)
            missing = share.missing(deadline)
            line += [target.percent / 100 if target else NO_TARGET,
                     missing if missing is not None else (NO_DATA if target else NO_TARGET)]
        notes = [share.base.note.rstrip(".")] + [f"Chỉ tiêu {t.deadline}: {t.source}" + ("" if t.confirmed else
                                                                            " (chưa đối chiếu văn bản gốc)")
                                     for t in share.base.targets]
        line.append("; ".join(filter(None, notes)) or (NO_TARGET if not share.base.targets else ""))
        rows.append(line)
    for figures in report.titles.titles:
        rows.append([f"{figures.counts.name}: đăng ký", figures.shares[0].base.unit, figures.counts.registered,
                     "", "", "", "", "", "", ""])
    for band in report.literacy:
        rows.append([f"Người {band.min_age}–{band.max_age} tuổi biết chữ mức độ 1", "người", band.level1,
                     band.people or NO_DATA, _rate(band.level1, band.people), "", "", "", "",
                     f"Chưa ghi mức biết chữ: {band.unrecorded}" if band.unrecorded else ""])
        rows.append([f"Người {band.min_age}–{band.max_age} tuổi biết chữ mức độ 2", "người", band.level2,
                     band.people or NO_DATA, _rate(band.level2, band.people), "", "", "", "", ""])
    columns = (Column("STT", width=6), Column("Chỉ tiêu", width=44), Column("Đơn vị tính", width=12),
               Column("Số đạt", width=10), Column("Tổng số", width=10), Column("Tỷ lệ", PERCENT, 10),
               Column(f"Chỉ tiêu {MIDTERM}", PERCENT, 11), Column(f"Còn thiếu so với {MIDTERM}", width=12),
               Column(f"Chỉ tiêu {FINAL}", PERCENT, 11), Column(f"Còn thiếu so với {FINAL}", width=12),
               Column("Ghi chú", width=40))
    return Table("Tổng hợp", TITLE.format(year=report.year), columns,
                 tuple((n, *row) for n, row in enumerate(rows, start=1)), subtitle=_period(report.year))


def _hamlet_line(row: HamletRow) -> tuple:
    return (row.name, row.households, row.family_registered, row.family_recognised,
            row.family_rate if row.family_rate is not None else NO_DATA, row.clans, row.clan_recognised,
            row.community, row.adults, row.citizen_registered, row.citizen_recognised,
            row.citizen_rate if row.citizen_rate is not None else NO_DATA)


def _by_hamlet(report: YearlyReport) -> Table:
    columns = (Column("STT", width=6), Column("Thôn, tổ dân phố", width=24), Column("Số hộ", width=9),
               Column("GĐHT đăng ký", width=10), Column("GĐHT công nhận", width=10),
               Column("Tỷ lệ GĐHT/số hộ", PERCENT, 11), Column("Số dòng họ", width=9),
               Column("DHHT công nhận", width=10), Column("Cộng đồng học tập", width=18),
               Column(f"Người từ {CITIZEN_MIN_AGE} tuổi", width=10), Column("CDHT đăng ký", width=10),
               Column("CDHT công nhận", width=10), Column("Tỷ lệ CDHT", PERCENT, 10))
    rows = tuple((n, *_hamlet_line(r)) for n, r in enumerate(report.hamlets, start=1))
    return Table("Theo thôn", TITLE.format(year=report.year), columns, (*rows, ("", *_hamlet_line(report.total))),
                 subtitle=f"Biểu 1: theo thôn, tổ dân phố — {_period(report.year)}")


def _centre(report: YearlyReport) -> Table:
    columns = (Column("STT", width=6), Column("Loại lớp, chuyên đề", width=36),
               Column("Số lớp, chuyên đề", width=12), Column("Lượt người tham gia", width=12),
               Column("Trong đó nữ", width=11), Column("Người dân tộc thiểu số", width=12),
               Column("Không còn trong sổ", width=12))
    total = report.centre_total

    def line(c):
        return (c.category, c.activities, c.participations, c.women, c.minorities, c.unknown_sex)

    rows = tuple((n, *line(c)) for n, c in enumerate(report.centre, start=1))
    if not rows:
        rows = (("", "Không có lớp, chuyên đề nào được ghi trong năm", NO_DATA, NO_DATA, NO_DATA, NO_DATA, ""),)
    return Table("Trung tâm HTCĐ", TITLE.format(year=report.year), columns, (*rows, ("", *line(total))),
                 subtitle=f"Biểu 2: hoạt động của Trung tâm học tập cộng đồng — {_period(report.year)}")


def _rates_chart(ws: Any, report: YearlyReport, anchor_row: int) -> None:
    """Bars of the summary's rates against the 2025 and 2030 targets, under the signature block.

    It reads the sheet's own cells (the first rows of the summary are the shares, in order), so
    what the chart shows is what the table says; a share without data or target has no bar."""
    shares = len(report.shares())
    first, last = HEADER_ROW + 1, HEADER_ROW + shares
    chart = BarChart()
    chart.type = "bar"  # horizontal: the long names stay readable
    chart.title = f"Tỷ lệ đạt năm {report.year} so với chỉ tiêu năm {MIDTERM} và năm {FINAL}"
    chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0, 1
    chart.y_axis.number_format = "0%"
    chart.y_axis.majorGridlines = None
    chart.x_axis.scaling.orientation = "maxMin"  # the first share on top, as in the table
    chart.y_axis.delete = chart.x_axis.delete = False
    for column, name in ((6, f"Tỷ lệ đạt năm {report.year}"), (7, f"Chỉ tiêu {MIDTERM}"), (9, f"Chỉ tiêu {FINAL}")):
        chart.series.append(Series(Reference(ws, min_col=column, min_row=first, max_row=last), title=name))
    chart.set_categories(Reference(ws, min_col=2, min_row=first, max_row=last))
    chart.width, chart.height = 24, 3 + 1.2 * shares
    ws.add_chart(chart, f"B{anchor_row}")


_FORBIDDEN = re.compile(r"[\\/:*?\[\]]")  # Excel refuses these in a sheet's name
MAX_SHEET_NAME = 31


def sheet_names(names: list[str], taken: list[str]) -> list[str]:
    """Each name made a valid Excel sheet name, unique among themselves and `taken` (case ignored):
    no \\ / : * ? [ ], no apostrophe at either end, 31 characters at most, "(2)", "(3)"… on a repeat."""
    used = {t.casefold() for t in taken} | {"history"}  # Excel keeps "History" for itself
    result = []
    for name in names:
        base = _FORBIDDEN.sub("-", unicodedata.normalize("NFC", name)).strip().strip("'").strip() or "Thôn"
        candidate, n = base[:MAX_SHEET_NAME].rstrip(), 1
        while candidate.casefold() in used:
            n += 1
            suffix = f" ({n})"
            candidate = base[:MAX_SHEET_NAME - len(suffix)].rstrip() + suffix
        used.add(candidate.casefold())
        result.append(candidate)
    return result


def _hamlet(report: YearlyReport, row: HamletRow, sheet: str) -> Table:
    """One hamlet's figures, for its head: the same numbers as its line of "Theo thôn"."""
    lines = (("Số hộ gia đình", "hộ", row.households, ""),
             ("Hộ đăng ký Gia đình học tập", "hộ", row.family_registered, _rate(row.family_registered, row.households)),
             ("Hộ được công nhận Gia đình học tập", "hộ", row.family_recognised,
              _rate(row.family_recognised, row.households)),
             ("Dòng họ có nhà thờ họ trong thôn", "dòng họ", row.clans, ""),
             ("Dòng họ được công nhận Dòng họ học tập", "dòng họ", row.clan_recognised,
              _rate(row.clan_recognised, row.clans)),
             ("Cộng đồng học tập của thôn", "", row.community, ""),
             (f"Người từ {CITIZEN_MIN_AGE} tuổi đang cư trú", "người", row.adults, ""),
             ("Người đăng ký Công dân học tập", "người", row.citizen_registered,
              _rate(row.citizen_registered, row.adults)),
             ("Người được công nhận Công dân học tập", "người", row.citizen_recognised,
              _rate(row.citizen_recognised, row.adults)))
    columns = (Column("STT", width=6), Column("Chỉ tiêu", width=44), Column("Đơn vị tính", width=12),
               Column("Số lượng", width=22), Column("Tỷ lệ", PERCENT, 12))
    return Table(sheet, TITLE.format(year=report.year), columns,
                 tuple((n, *line) for n, line in enumerate(lines, start=1)),
                 subtitle=f"{row.name} — {_period(report.year)}")


def _period(year: int) -> str:
    return f"Kỳ báo cáo: từ 01/01/{year} đến 31/12/{year}"


def write_report_workbook(*, session: Session, year: int, path: str | os.PathLike, today: date | None = None,
                          progress: Progress | None = None) -> ReportSummary:
    """Write the year's report to `path` (.xlsx, replaced whole if it exists). Only reads the register."""
    target = check_target(path)
    issuer = issuer_of(session=session)
    report = report_for_paper(session=session, year=year, today=today, progress=progress)
    workbook = Workbook(write_only=True)
    on = today or date.today()
    hamlet_note = f"Thôn, tổ dân phố có hiệu lực ngày {report.hamlets_on:%d/%m/%Y}."
    tables = ((_summary(report), (TITLE_NOTE,)), (_by_hamlet(report), (hamlet_note, TITLE_NOTE)),
              (_centre(report), ("Lớp, chuyên đề bắt đầu trong năm; lượt người: mỗi người mỗi lớp tính một lượt.",)))
    sheets = [_sheet(workbook, table, issuer, on, notes) for table, notes in tables]
    summary_rows = len(tables[0][0].rows)
    _rates_chart(sheets[0], report, HEADER_ROW + summary_rows + len(tables[0][1]) + 7)
    # One sheet per hamlet for its head (not for the households outside any hamlet in force).
    hamlets = [row for row in report.hamlets if row.name != OTHER_HAMLET]
    names = sheet_names([row.name for row in hamlets], [table.sheet for table, _ in tables])
    hamlet_note = f"Số liệu của thôn trong báo cáo năm {report.year} của xã. " + hamlet_note
    for row, name in zip(hamlets, names, strict=True):
        _sheet(workbook, _hamlet(report, row, name), issuer, on, (hamlet_note, TITLE_NOTE))
    save_atomically(workbook, target)
    if progress is not None:
        progress.advance(1)
    return ReportSummary(str(target), report.year, len(report.hamlets), len(tables) + len(hamlets))
