"""xhht import: households and their members from a commune's own list (.xlsx, .xls, .ods, .csv)."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from desktop.cli.common import end_progress_line, open_db, out, progress_line
from desktop.domain.errors import XhhtError
from desktop.domain.text import format_count
from desktop.services.importing import ImportResult, run_import
from desktop.services.importing.readers import check_source
from desktop.services.importing.rejects import save_rejects
from desktop.services.session import transaction

SHOWN = 30  # refused rows printed; --json and the rejects file have them all


def _source(text: str) -> Path:
    try:
        path = Path(text).expanduser()
        check_source(path)
    except XhhtError as error:
        raise argparse.ArgumentTypeError(error.message) from None
    return path


def _rejects_target(text: str) -> Path:
    path = Path(text).expanduser()
    if path.suffix.lower() != ".xlsx":
        raise argparse.ArgumentTypeError(f"tệp “{path.name}” phải có đuôi .xlsx")
    if not path.parent.is_dir():
        raise argparse.ArgumentTypeError(f"không có thư mục {path.parent}")
    return path


def add_commands(commands, common) -> dict:
    p = commands.add_parser("import", parents=[common],
                            help="nhập hộ gia đình và nhân khẩu từ danh sách của xã (.xlsx, .xls, .ods, .csv)")
    p.add_argument("file", type=_source, metavar="TỆP", help="bảng tính cần nhập")
    p.add_argument("--dry-run", action="store_true",
                   help="chỉ đọc và báo kết quả như khi nhập thật, không ghi gì vào sổ")
    p.add_argument("--no-new-hamlets", action="store_true",
                   help="không tạo thôn, tổ dân phố mới: các hộ ở thôn chưa có trong danh sách của xã bị từ chối")
    p.add_argument("--rejects", type=_rejects_target, metavar="TỆP_LỖI.xlsx",
                   help="lưu các dòng bị từ chối (thêm cột “Lỗi”) vào tệp này để sửa rồi nhập lại")
    return {"import": cmd_import}


def cmd_import(args) -> None:
    progress = progress_line()
    started = time.perf_counter()
    with open_db(args) as db, transaction(db) as session:
        result = run_import(session=session, path=args.file, dry_run=args.dry_run,
                            new_hamlets=not args.no_new_hamlets, progress=progress)
    seconds = time.perf_counter() - started
    end_progress_line()
    saved = save_rejects(result=result, target=args.rejects) if args.rejects and result.rejected else None
    data = result.as_dict() | {"seconds": round(seconds, 2), "rejects_file": saved.path if saved else None}
    out(args, data, _lines(result, seconds, saved.path if saved else None, args.rejects))


def _lines(result: ImportResult, seconds: float, saved: str | None, asked: Path | None) -> list[str]:
    verb = "Sẽ thêm" if result.dry_run else "Đã thêm"
    lines = [("THỬ (không ghi gì vào sổ): " if result.dry_run else "") + f"{Path(result.path).name}: "
             f"{verb} {format_count(result.households)} hộ, {format_count(result.citizens)} nhân khẩu "
             f"trong {seconds:.1f} giây."]
    if result.households_matched or result.citizens_matched:
        lines.append(f"Đã có trong sổ từ trước (không thêm lần nữa): {format_count(result.households_matched)} hộ, "
                     f"{format_count(result.citizens_matched)} nhân khẩu.")
    if result.hamlets_created:
        lines.append(f"{'Sẽ tạo' if result.dry_run else 'Đã tạo'} {len(result.hamlets_created)} thôn, tổ dân phố "
                     f"mới: " + ", ".join(result.hamlets_created) + ".")
    if result.plan.converted_cells:
        lines.append(f"Đã chuyển {format_count(result.plan.converted_cells)} ô chữ từ bảng mã cũ "
                     f"({', '.join(e.upper() for e in result.plan.encodings)}) sang Unicode.")
    for sheet in result.plan.sheets:
        if sheet.problem:
            lines.append(f"Trang {sheet.name}: {sheet.problem}.")
    if result.rejected:
        lines.append(f"{format_count(len(result.rejected))} dòng không nhập:")
        lines += [f"  Trang {n.sheet}, dòng {n.row}: {n.reason}" for n in result.rejected[:SHOWN]]
        if len(result.rejected) > SHOWN:
            lines.append(f"  … và {format_count(len(result.rejected) - SHOWN)} dòng khác (xem --json hoặc --rejects).")
        if saved:
            lines.append(f"Các dòng không nhập đã lưu vào {saved} (cột “Lỗi”): sửa rồi nhập lại tệp đó.")
        elif asked is None:
            lines.append("Để lưu các dòng này ra tệp để sửa: thêm --rejects TỆP_LỖI.xlsx.")
    if result.warnings:
        lines.append(f"{format_count(len(result.warnings))} ghi chú:")
        lines += [f"  Trang {n.sheet}, dòng {n.row}: {n.reason}" for n in result.warnings[:SHOWN]]
        if len(result.warnings) > SHOWN:
            lines.append(f"  … và {format_count(len(result.warnings) - SHOWN)} ghi chú khác (xem --json).")
    if result.duplicates:
        lines.append(f"{format_count(len(result.duplicates))} người có thể trùng với người đã có trong sổ "
                     "(cùng họ tên, cùng năm sinh, khác hộ) — hãy xem lại:")
        lines += [f"  Trang {d.sheet}, dòng {d.row}: {d.name} ({d.birth_year}, hộ {d.household_code}) — đã có: "
                  f"{d.existing_name}, hộ {d.existing_household_code or '(không có hộ)'}"
                  for d in result.duplicates[:SHOWN]]
    if result.skipped_lines:
        lines.append(f"Bỏ qua {format_count(result.skipped_lines)} dòng không phải nhân khẩu (dòng cộng, chữ ký, "
                     "tiêu đề lặp lại).")
    return lines
