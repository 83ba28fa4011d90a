"""What every `xhht` command shares: the Vietnamese argument parser, output and opening the database."""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import datetime
from pathlib import Path

from desktop.commandline import Parser  # noqa: F401 (the commands take it from here)
from desktop.domain.moments import format_moment
from desktop.domain.progress import Progress
from desktop.domain.text import format_count
from desktop.paths import default_database

EXIT_FAILED = 1
EXIT_BUG = 3


def year_number(text: str) -> int:
    """--year: a year the register can hold (argparse says so, instead of a traceback later)."""
    try:
        year = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” không phải một năm") from None
    if not 1945 <= year <= 2100:
        raise argparse.ArgumentTypeError(f"năm {year} ngoài khoảng 1945–2100")
    return year


def whole_number(low: int, high: int):
    """An argparse type for a whole number from `low` to `high`, refused in Vietnamese."""
    def parse(text: str) -> int:
        try:
            number = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"“{text}” không phải một số") from None
        if not low <= number <= high:
            raise argparse.ArgumentTypeError(f"{number}: phải từ {format_count(low)} đến {format_count(high)}")
        return number
    return parse


# --limit: a positive number of results, capped where a screen of results ends.
count_limit = whole_number(1, 100_000)


def common_options(*, for_commands: bool = False) -> argparse.ArgumentParser:
    """--db and --json, accepted before or after the command name.

    The copy a command's parser inherits has no defaults (SUPPRESS): otherwise its
    defaults would overwrite what was given before the command name.
    """
    common = Parser(add_help=False)
    shared = common.add_argument_group("tùy chọn chung")
    quiet = {"default": argparse.SUPPRESS} if for_commands else {}
    shared.add_argument("--db", type=Path, help="tệp cơ sở dữ liệu của xã (mặc định: thư mục dữ liệu người dùng)",
                        **quiet)
    shared.add_argument("--json", action="store_true", help="in kết quả dạng JSON", **quiet)
    return common


def out(args, data: dict, lines: list[str]) -> None:
    if args.json:
        json.dump(data, sys.stdout, ensure_ascii=False, default=str)
        sys.stdout.write("\n")
    else:
        sys.stdout.write("\n".join(lines) + "\n")


def open_db(args):
    """The commune's register, after a read-only look: another program's SQLite file is
    refused before anything (tables, a migration) is written into it. (A missing file is
    refused by open_database itself.) What the officer must know about the file — opened
    read-only, what the integrity check found after an unclean exit — goes to stderr, so
    that --json output stays one object."""
    from desktop.store.db import check_commune_file, open_database

    path = Path(args.db or default_database()).expanduser()
    if path.exists():
        check_commune_file(path)
    db = open_database(path)
    lines = opening_lines(db)
    if lines:
        sys.stderr.write("\n".join(lines) + "\n")
    return db


def opening_lines(db) -> list[str]:
    """One line for a read-only file; after an unclean exit, one line when the check found
    the file sound, else a warning with what it found and the latest backup to go back to."""
    from desktop.store.db import latest_backup

    lines = []
    if db.read_only:
        lines.append(f"Tệp {db.path.name} chỉ cho đọc (ổ đĩa hoặc thư mục không cho ghi): "
                     "xem và in được, không sửa được.")
    if db.unclean_exit and not db.problems:
        lines.append("Lần trước chương trình không tắt bình thường; đã kiểm tra tệp dữ liệu: không có lỗi.")
    elif db.problems:
        lines.append(f"CẢNH BÁO: lần trước chương trình không tắt bình thường và kiểm tra tệp dữ liệu "
                     f"{db.path.name} thấy lỗi:")
        lines += [f"  - {problem}" for problem in db.problems[:10]]
        if len(db.problems) > 10:
            lines.append(f"  … và {len(db.problems) - 10} lỗi khác.")
        backup = latest_backup(db.path)
        if backup is not None:
            saved = format_moment(datetime.fromtimestamp(backup.stat().st_mtime))
            lines += [f"Bản sao lưu gần nhất: {backup} (lưu lúc {saved}).",
                      f"Để dùng bản sao lưu: xhht restore \"{backup}\" --db \"{db.path}\" (bản sao lưu được kiểm tra "
                      f"trước; tệp {db.path.name} đang lỗi được giữ lại bên cạnh)."]
        else:
            lines.append("Không tìm thấy bản sao lưu nào bên cạnh tệp. Nếu xã đã đồng bộ lên tỉnh, có thể lấy "
                         "lại dữ liệu từ tỉnh vào một sổ mới (xhht init, xhht sync enroll, rồi xhht sync pull --restore).")
        lines.append("Trước khi khắc phục, không nên nhập thêm dữ liệu vào tệp này.")
    return lines


def database_path(args) -> Path:
    return args.db or default_database()


def progress_line() -> Progress:
    """A Progress that redraws one stderr line, at most five times a second, on a terminal."""
    last = [0.0]

    def draw(p: Progress) -> None:
        now = time.monotonic()
        if sys.stderr.isatty() and now - last[0] > 0.2:
            last[0] = now
            sys.stderr.write(f"\r{p.message} {p.fraction:6.1%}")
            sys.stderr.flush()

    return Progress(listener=draw)


def end_progress_line() -> None:
    if sys.stderr.isatty():
        sys.stderr.write("\n")
