"""The rows an import refused, saved for the officer to correct and import again: each sheet's
header, then every refused row as it was, with the reason in an added "Lỗi" column.

A refused member is saved with the rest of its household's rows (marked "đã nhập"), so the
corrected file still says which household it belongs to; importing it again finds those
already on the register and adds only what was missing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from desktop.domain.errors import ValidationError
from desktop.services.export import check_target
from desktop.services.export.layout import save_atomically
from desktop.services.importing.readers import read_book
from desktop.services.importing.records import ImportResult

ERROR_HEADER = "Lỗi"
SAME_HOUSEHOLD = "(không lỗi; cùng hộ với dòng có lỗi, nhập lại không bị thêm lần nữa)"
_RED = Font(color="C00000", bold=True)
_FILL = PatternFill("solid", fgColor="FFF2CC")


@dataclass(frozen=True)
class RejectsFile:
    path: str
    rows: int  # refused rows written


def save_rejects(*, result: ImportResult, target: str | os.PathLike) -> RejectsFile:
    path = check_target(target)
    by_sheet: dict[str, dict[int, str]] = {}
    for note in result.rejected:
        reasons = by_sheet.setdefault(note.sheet, {})
        reasons[note.row] = f"{reasons[note.row]}; {note.reason}" if note.row in reasons else note.reason
    companions: dict[str, set[int]] = {}
    for sheet_name, rows in result.groups:
        companions.setdefault(sheet_name, set()).update(rows)
    book = read_book(Path(result.path))
    workbook = Workbook()
    for blank in list(workbook.worksheets):
        workbook.remove(blank)
    written = 0
    for sheet in book.sheets:
        reasons = by_sheet.get(sheet.name, {})
        if not reasons:
            continue
        ws = workbook.create_sheet(sheet.name[:31])
        plan = next((p for p in result.plan.sheets if p.name == sheet.name), None)
        header_rows = tuple(r - 1 for r in plan.header_rows) if plan else ()
        width = max((len(r) for r in sheet.rows), default=0)
        for r in header_rows:
            ws.append([*_cells(sheet.rows[r], width), ERROR_HEADER if r == header_rows[0] else ""])
        for r0, c0, r1, c1 in sheet.merged:  # "Năm sinh" over Nam | Nữ stays one cell
            if header_rows and header_rows[0] <= r0 and r1 <= header_rows[-1]:
                ws.merge_cells(start_row=r0 - header_rows[0] + 1, start_column=c0 + 1,
                               end_row=r1 - header_rows[0] + 1, end_column=c1 + 1)
        for r in sorted(set(reasons) | companions.get(sheet.name, set())):
            if r not in reasons:
                ws.append([*_cells(sheet.rows[r - 1], width), SAME_HOUSEHOLD])
                continue
            ws.append([*_cells(sheet.rows[r - 1], width), reasons[r]])
            cell = ws.cell(row=ws.max_row, column=width + 1)
            cell.font, cell.fill = _RED, _FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            written += 1
        ws.column_dimensions[ws.cell(row=1, column=width + 1).column_letter].width = 60
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = ws.cell(row=len(header_rows) + 1, column=1)
    if written == 0:
        raise ValidationError("không có dòng nào bị từ chối, không cần lưu tệp lỗi.", code="nothing", field="path")
    save_atomically(workbook, path)
    return RejectsFile(path=str(path), rows=written)


def _cells(row: tuple[object, ...], width: int) -> list[object]:
    # Identity numbers stay text; openpyxl writes str as text, so leading zeros survive.
    return [*row, *[""] * (width - len(row))]
