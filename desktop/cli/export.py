"""xhht export: a list of the register as an .xlsx file for printing or for the district."""

from __future__ import annotations

import argparse
import time
from dataclasses import asdict
from pathlib import Path

from desktop.cli.common import end_progress_line, open_db, out, progress_line, year_number
from desktop.domain.criteria import TITLE_ORDER
from desktop.domain.errors import XhhtError
from desktop.domain.text import format_count
from desktop.services.export import WHATS, check_target, export_workbook
from desktop.services.files import reading


def _xlsx_path(text: str) -> Path:
    """FILE: an .xlsx in a folder that exists, refused before the database is opened."""
    try:
        return check_target(text)
    except XhhtError as error:  # argparse says it as a usage error, before the database is opened
        raise argparse.ArgumentTypeError(error.message) from None


def add_commands(commands, common) -> dict:
    p = commands.add_parser("export", parents=[common],
                            help="xuất một danh sách ra tệp Excel (.xlsx) để in, gửi cấp trên")
    p.add_argument("file", type=_xlsx_path, metavar="TỆP.xlsx", help="tệp Excel sẽ ghi (ghi đè nếu đã có)")
    p.add_argument("--what", choices=tuple(WHATS), default="households", metavar="DANH_SÁCH",
                   help="danh sách cần xuất: " + ", ".join(WHATS) + " (mặc định: households)")
    p.add_argument("--year", type=year_number, metavar="NĂM",
                   help="năm: hoạt động, kết quả danh hiệu (mặc định năm nay), sổ giấy công nhận")
    p.add_argument("--title", choices=TITLE_ORDER, metavar="DANH_HIỆU",
                   help="chỉ một danh hiệu (titles, certificates): " + ", ".join(TITLE_ORDER))
    return {"export": cmd_export}


def cmd_export(args) -> None:
    progress = progress_line()
    with open_db(args) as db, reading(db) as session:
        started = time.perf_counter()
        summary = export_workbook(session=session, path=args.file, what=args.what, year=args.year,
                                  title=args.title, progress=progress)
        seconds = time.perf_counter() - started
    end_progress_line()
    sheets = f" ({summary.sheets} trang tính)" if summary.sheets > 1 else ""
    out(args, asdict(summary) | {"seconds": round(seconds, 2)},
        [f"{WHATS[summary.what][1]}{sheets}: đã xuất {format_count(summary.rows)} dòng vào {summary.path} "
         f"trong {seconds:.1f} giây."])
