"""xhht report: the commune's yearly report on the learning-society movement, as an .xlsx or a .pdf."""

from __future__ import annotations

import argparse
import time
from dataclasses import asdict
from pathlib import Path

from desktop.cli.common import end_progress_line, open_db, out, progress_line, year_number
from desktop.domain.errors import XhhtError
from desktop.services.files import reading
from desktop.services.report.output import check_report_path, write_report


def _report_path(text: str) -> Path:
    """FILE: an .xlsx or a .pdf in a folder that exists, refused before the database is opened."""
    try:
        return check_report_path(text)
    except XhhtError as error:  # argparse says it as a usage error
        raise argparse.ArgumentTypeError(error.message) from None


def add_commands(commands, common) -> dict:
    p = commands.add_parser("report", parents=[common],
                            help="lập báo cáo kết quả xây dựng xã hội học tập của năm (tệp Excel .xlsx "
                                 "hoặc PDF để in và ghi tiếp)")
    p.add_argument("--year", type=year_number, required=True, metavar="NĂM", help="năm báo cáo (01/01–31/12)")
    p.add_argument("--out", type=_report_path, required=True, metavar="TỆP.xlsx|TỆP.pdf",
                   help="tệp sẽ ghi (ghi đè nếu đã có); đuôi .xlsx ghi bảng tính Excel, đuôi .pdf ghi bản báo cáo "
                        "có các phần để xã ghi tiếp")
    return {"report": cmd_report}


def cmd_report(args) -> None:
    progress = progress_line()
    with open_db(args) as db, reading(db) as session:
        started = time.perf_counter()
        summary = write_report(session=session, year=args.year, path=args.out, progress=progress)
        seconds = time.perf_counter() - started
    end_progress_line()
    written = (f"{summary.pages} trang PDF" if summary.pages else
               f"{summary.sheets} trang tính ({summary.hamlets} thôn, tổ dân phố)")
    out(args, asdict(summary) | {"seconds": round(seconds, 2)},
        [f"Báo cáo năm {summary.year}: đã ghi {written} vào {summary.path} trong {seconds:.1f} giây."])
