"""The yearly report in the format its file name asks for: .xlsx (workbook.py) or .pdf (pdf.py)."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from desktop.domain.errors import ValidationError
from desktop.domain.progress import Progress
from desktop.services.export import check_target
from desktop.services.report.pdf import write_report_pdf
from desktop.services.report.workbook import ReportSummary, write_report_workbook

FORMATS = (".xlsx", ".pdf")


def check_report_path(path: str | os.PathLike) -> Path:
    """An .xlsx or a .pdf in a folder that exists; anything else is refused before any work."""
    target = Path(path).expanduser()
    if target.suffix.lower() in FORMATS:
        return check_target(target, suffix=target.suffix.lower())
    raise ValidationError(f"tệp “{target.name}” phải có đuôi .xlsx (Excel) hoặc .pdf.", code="invalid_path",
                          field="path")


def write_report(*, session: Session, year: int, path: str | os.PathLike, today: date | None = None,
                 progress: Progress | None = None) -> ReportSummary:
    """Write the year's report to `path`, as a workbook or a PDF by its extension."""
    target = check_report_path(path)
    writer = write_report_pdf if target.suffix.lower() == ".pdf" else write_report_workbook
    return writer(session=session, year=year, path=target, today=today, progress=progress)
