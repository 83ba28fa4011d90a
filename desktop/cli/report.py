"""xhht report: the commune's yearly report on the learning-society movement, as an .xlsx."""

from __future__ import annotations

import time
from dataclasses import asdict

from desktop.cli.common import end_progress_line, open_db, out, progress_line, year_number
from desktop.cli.export import _xlsx_path
from desktop.services.files import reading
from desktop.services.report.workbook import write_report_workbook


def add_commands(commands, common) -> dict:
    p = commands.add_parser("report", parents=[common],
                            help="lập báo cáo kết quả xây dựng xã hội học tập của năm (tệp Excel .xlsx; "
                                 "bản PDF sẽ có sau)")
    p.add_argument("--year", type=year_number, required=True, metavar="NĂM", help="năm báo cáo (01/01–31/12)")
    p.add_argument("--out", type=_xlsx_path, required=True, metavar="TỆP.xlsx",
                   help="tệp Excel sẽ ghi (ghi đè nếu đã có); hiện chỉ ghi được .xlsx, bản PDF sẽ có sau")
    return {"report": cmd_report}


def cmd_report(args) -> None:
    progress = progress_line()
    with open_db(args) as db, reading(db) as session:
        started = time.perf_counter()
        summary = write_report_workbook(session=session, year=args.year, path=args.out, progress=progress)
        seconds = time.perf_counter() - started
    end_progress_line()
    out(args, asdict(summary) | {"seconds": round(seconds, 2)},
        [f"Báo cáo năm {summary.year}: đã ghi {summary.sheets} trang tính ({summary.hamlets} thôn, tổ dân phố) "
         f"vào {summary.path} trong {seconds:.1f} giây."])
