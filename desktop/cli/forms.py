"""Printed self-assessment forms (phiếu tự đánh giá Công dân học tập) for people who cannot
use a computer: one page each, filled in from the register; the officer keys the points in."""

from __future__ import annotations

from pathlib import Path

from desktop.cli.common import end_progress_line, open_db, out, progress_line, year_number
from desktop.domain.text import format_count


def add_commands(commands, common) -> dict:
    p = commands.add_parser("forms", parents=[common],
                            help="in phiếu tự đánh giá Công dân học tập cho người đã đăng ký")
    p.add_argument("--year", type=year_number, required=True, metavar="NĂM", help="năm đánh giá")
    p.add_argument("--subject", dest="subjects", action="extend", nargs="+", default=[], metavar="SỐ_ĐỊNH_DANH",
                   help="chỉ in phiếu của những người này (số định danh); mặc định: mọi người đã đăng ký")
    p.add_argument("--out", type=Path, required=True, metavar="TỆP.pdf", help="tệp PDF để in")
    p.set_defaults(usage_error=p.error)
    return {"forms": cmd_forms}


def cmd_forms(args) -> None:
    from desktop.services.session import transaction
    from desktop.services.titles.forms import TITLE, print_self_assessment
    from desktop.services.titles.lookup import resolve_subjects

    progress = progress_line()
    with open_db(args) as db, transaction(db) as session:
        ids = resolve_subjects(session=session, title=TITLE, refs=args.subjects) if args.subjects else None
        try:
            count = print_self_assessment(session=session, year=args.year, path=args.out, subject_ids=ids,
                                          progress=progress)
        finally:
            end_progress_line()
    out(args, {"year": args.year, "forms": count, "file": str(args.out)},
        [f"Đã in {format_count(count)} phiếu tự đánh giá Công dân học tập năm {args.year}: {args.out}"])
