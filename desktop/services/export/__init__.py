"""`xhht export` and "Xuất Excel…": a list of the register as an .xlsx file laid out for
printing and for handing to the district or province (layout.py: the sheet's layout;
fast_sheet.py: writing it; tables.py: the rows of each list)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.errors import NotFoundError, ValidationError
from desktop.domain.progress import Progress
from desktop.services.export import tables
from desktop.services.export.fast_sheet import write_workbook
from desktop.services.export.layout import Column, Issuer, Table
from desktop.services.listing import CitizenFilter, HouseholdFilter
from desktop.services.titles.common import check_title, check_year
from desktop.store.db import COMMUNE_KEY, read_setting
from desktop.store.models import Commune, Province

# What can be exported, and its name in a file name and on screen.
WHATS = {
    "households": ("ho-gia-dinh", "Danh sách hộ gia đình"),
    "citizens": ("cong-dan", "Danh sách công dân"),
    "clans": ("dong-ho", "Danh sách dòng họ"),
    "units": ("don-vi-hoc-tap", "Danh sách đơn vị học tập"),
    "activities": ("hoat-dong", "Các hoạt động của Trung tâm học tập cộng đồng"),
    "titles": ("danh-hieu", "Kết quả đánh giá danh hiệu"),
    "certificates": ("so-giay-cong-nhan", "Sổ cấp giấy công nhận"),
}


@dataclass(frozen=True)
class ExportSummary:
    path: str
    what: str
    rows: int  # data rows, over every sheet
    sheets: int


def file_name(what: str, on: date | None = None) -> str:
    """The name a new export is offered under: "ho-gia-dinh-2026-12-06.xlsx"."""
    return f"{WHATS[what][0]}-{(on or date.today()).isoformat()}.xlsx"


def check_target(path: str | os.PathLike, *, suffix: str = ".xlsx") -> Path:
    """A file with `suffix` in a folder that exists (the file itself is replaced if it exists)."""
    target = Path(path).expanduser()
    if target.suffix.lower() != suffix:
        raise ValidationError(f"tệp “{target.name}” phải có đuôi {suffix}.", code="invalid_path", field="path")
    if not target.parent.is_dir():
        raise NotFoundError(f"Không có thư mục {target.parent}.", field="path")
    if target.is_dir():
        raise ValidationError(f"“{target}” là một thư mục.", code="invalid_path", field="path")
    return target


def issuer_of(*, session: Session) -> Issuer:
    code = read_setting(session, COMMUNE_KEY)
    row = session.execute(select(Commune.name, Province.name, Province.division_type).join(
        Province, Province.code == Commune.province_code).where(Commune.code == code)).first() if code else None
    if row is None:
        raise NotFoundError("Cơ sở dữ liệu chưa gắn với xã nào: hãy chạy xhht init --commune MÃ_XÃ.",
                            field="commune")
    commune, province, kind = row
    return Issuer(commune, province if province.startswith(kind) else f"{kind} {province}")


def _tables(session: Session, what: str, year: int | None, title: str | None, query: object,
            progress: Progress | None) -> list[Table]:
    if what == "households":
        return tables.households(session=session, progress=progress,
                                 query=query if isinstance(query, HouseholdFilter) else None)
    if what == "citizens":
        return tables.citizens(session=session, progress=progress,
                               query=query if isinstance(query, CitizenFilter) else None)
    if what == "clans":
        return tables.clans(session=session, progress=progress)
    if what == "units":
        return tables.units(session=session, progress=progress)
    if what == "activities":
        return tables.activities(session=session, progress=progress, year=year)
    if what == "titles":
        return tables.titles(session=session, progress=progress, year=year or date.today().year, title=title)
    return tables.certificates(session=session, progress=progress, year=year, title=title)


def export_workbook(*, session: Session, path: str | os.PathLike, what: str, year: int | None = None,
                    title: str | None = None, filter: HouseholdFilter | CitizenFilter | None = None,
                    progress: Progress | None = None) -> ExportSummary:
    """Write the list `what` (see WHATS) to `path`; `year` narrows activities, titles (default:
    this year) and certificates, `title` the titles and certificates, `filter` (the list page's
    search and filters) the households or citizens. Only reads the register."""
    if what not in WHATS:
        raise ValidationError(f"không xuất được “{what}”; chọn một trong: {', '.join(WHATS)}.",
                              code="unknown_export", field="what")
    target = check_target(path)
    year = check_year(year) if year is not None else None
    title = check_title(title) if title else None
    issuer = issuer_of(session=session)
    sheets = _tables(session, what, year, title, filter, progress)
    if not sheets:  # nobody registered for a title that year: an empty list rather than no file
        sheets = [Table("Danh hiệu", WHATS[what][1], (Column("Ghi chú"),), (),
                        subtitle=f"Năm {year or date.today().year}: chưa có đăng ký nào")]
    total = sum(len(t.rows) for t in sheets)
    if progress is not None:
        progress.start(max(1, total), "Đang ghi tệp Excel…")
    write_workbook(target, sheets, issuer=issuer, on=date.today(), progress=progress)
    return ExportSummary(str(target), what, total, len(sheets))
