"""The `xhht` command: the register's services for administrators, scripts and tests.

Contract (DESIGN.md): `--db PATH` picks the database, `--json` prints one JSON object on
stdout, exit 0 when the job was done, non-zero with a Vietnamese message on stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import asdict
from pathlib import Path

from desktop.domain.errors import Cancelled, XhhtError
from desktop.domain.text import format_count
from desktop.paths import default_database
from desktop.services.progress import Progress

EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_BUG = 3


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, prefix="Cách dùng: " if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse with its headings, help and usage errors in Vietnamese."""

    def __init__(self, *args, add_help: bool = True, **kwargs) -> None:
        super().__init__(*args, add_help=False, formatter_class=_Formatter, **kwargs)
        self._positionals.title = "tham số"
        self._optionals.title = "tùy chọn"
        if add_help:
            self.add_argument("-h", "--help", action="help", help="hiện trợ giúp này rồi thoát")

    def error(self, message: str) -> None:
        message = (message.replace("the following arguments are required", "thiếu tham số bắt buộc")
                   .replace("unrecognized arguments", "tham số không nhận ra")
                   .replace("invalid choice", "lựa chọn không hợp lệ")
                   .replace("invalid int value", "không phải số nguyên")
                   .replace("expected one argument", "cần một giá trị"))
        self.exit(EXIT_USAGE, f"{self.prog}: lỗi: {message}\nXem: {self.prog} --help\n")


def build_parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    shared = common.add_argument_group("tùy chọn chung")
    shared.add_argument("--db", type=Path, help="tệp cơ sở dữ liệu của xã (mặc định: thư mục dữ liệu người dùng)")
    shared.add_argument("--json", action="store_true", help="in kết quả dạng JSON")

    parser = _Parser(prog="xhht", description="XHHT — sổ theo dõi phong trào xây dựng xã hội học tập cấp xã.",
                     parents=[common])
    commands = parser.add_subparsers(title="lệnh", dest="command", metavar="LỆNH", parser_class=_Parser)

    init = commands.add_parser("init", parents=[common], help="tạo cơ sở dữ liệu mới cho một xã")
    init.add_argument("--commune", required=True, help="mã xã/phường chính thức (5 chữ số, vd. 00070)")
    init.add_argument("--centre", help="tên Trung tâm học tập cộng đồng")

    demo = commands.add_parser("demo", parents=[common], help="điền dữ liệu mẫu cho một xã trống")
    demo.add_argument("--households", type=int, required=True, help="số hộ")
    demo.add_argument("--seed", type=int, default=1, help="hạt giống ngẫu nhiên (cùng hạt giống, cùng dữ liệu)")
    demo.add_argument("--year", type=int, help="năm của các hoạt động (mặc định: năm nay)")

    search = commands.add_parser("search", parents=[common], help="tìm công dân, hộ theo tên, số định danh, mã hộ")
    search.add_argument("text", metavar="NỘI_DUNG", help="nội dung tìm (không cần dấu)")
    search.add_argument("--limit", type=int, default=50, help="số kết quả tối đa mỗi loại")

    stats = commands.add_parser("stats", parents=[common], help="số liệu tổng hợp của xã")
    stats.add_argument("--year", type=int, help="chỉ tính hoạt động trong năm này")
    return parser


def _out(args, data: dict, lines: list[str]) -> None:
    if args.json:
        json.dump(data, sys.stdout, ensure_ascii=False, default=str)
        sys.stdout.write("\n")
    else:
        sys.stdout.write("\n".join(lines) + "\n")


def _open(args):
    from desktop.store.db import open_database

    return open_database(args.db or default_database())


def cmd_init(args) -> None:
    from desktop.services.commune import init_commune

    path = args.db or default_database()
    info = init_commune(path, args.commune, centre_name=args.centre)
    _out(args, {"commune": asdict(info), "db": str(path)},
         [f"Đã tạo cơ sở dữ liệu cho {info.name}, {info.province_name} (mã {info.code}): {path}"])


def _progress_line() -> Progress:
    """A Progress that redraws one stderr line, at most five times a second, on a terminal."""
    last = [0.0]

    def draw(p: Progress) -> None:
        now = time.monotonic()
        if sys.stderr.isatty() and now - last[0] > 0.2:
            last[0] = now
            sys.stderr.write(f"\r{p.message} {p.fraction:6.1%}")
            sys.stderr.flush()

    return Progress(listener=draw)


def cmd_demo(args) -> None:
    from desktop.services.demo.build import build_demo

    if args.households <= 0:
        raise XhhtError("Số hộ phải lớn hơn 0.", field="households")
    progress = _progress_line()
    with _open(args) as db:
        started = time.perf_counter()
        summary = build_demo(db, households=args.households, seed=args.seed, year=args.year, progress=progress)
        seconds = time.perf_counter() - started
    if sys.stderr.isatty():
        sys.stderr.write("\n")
    data = asdict(summary) | {"seconds": round(seconds, 2)}
    _out(args, data, [
        f"Đã tạo dữ liệu mẫu trong {seconds:.1f} giây:",
        f"  {summary.hamlets} thôn/tổ dân phố, {summary.households} hộ, {summary.citizens} công dân,",
        f"  {summary.clans} dòng họ, {summary.units} đơn vị học tập,",
        f"  {summary.activities} hoạt động với {summary.participations} lượt người tham gia.",
    ])


def cmd_search(args) -> None:
    from desktop.domain import vocab
    from desktop.services.search import search_register

    with _open(args) as db, db.session() as session:
        result = search_register(session=session, text=args.text, limit=args.limit)
    data = {
        "query": args.text,
        "citizens": [c.to_dict() for c in result.citizens],
        "households": [h.to_dict() for h in result.households],
    }
    lines = [f"Công dân ({len(result.citizens)}):"]
    for c in result.citizens:
        birth = c.birth.format_vi() if c.birth else ""
        lines.append(f"  {c.full_name:<30} {vocab.SEX[c.sex]:<4} {birth:<10} {c.identity_number or '':<12} "
                     f"{vocab.CITIZEN_STATUS[c.status]}")
    lines.append(f"Hộ gia đình ({len(result.households)}):")
    for h in result.households:
        place = h.address if h.hamlet_name in h.address else ", ".join(p for p in (h.address, h.hamlet_name) if p)
        lines.append(f"  {h.code:<8} chủ hộ {h.head_name:<28} {place}")
    _out(args, data, lines)


def cmd_stats(args) -> None:
    from desktop.services.commune import commune_info
    from desktop.services.stats import register_stats

    with _open(args) as db:
        info = commune_info(db)
        with db.session() as session:
            stats = register_stats(session=session, year=args.year)
    labels = {
        "hamlets": "Thôn/tổ dân phố", "households": "Hộ gia đình", "citizens": "Công dân",
        "residents": "  đang cư trú", "moved_away": "  đã chuyển đi", "deceased": "  đã mất",
        "clans": "Dòng họ", "units": "Đơn vị học tập", "activities": "Hoạt động TTHTCĐ",
        "participations": "Lượt người tham gia", "change_log": "Thay đổi trong nhật ký đồng bộ",
    }
    lines = [f"{info.name}, {info.province_name}" + (f" — năm {args.year}" if args.year else "")]
    lines += [f"  {labels[k]:<32} {format_count(v):>8}" for k, v in stats.items()]
    _out(args, stats | {"commune": info.code, **({"year": args.year} if args.year else {})}, lines)


def _open_program(args) -> int:
    try:
        from desktop.ui.app import run
    except ImportError as exc:  # e.g. a server-only install without PySide6
        sys.stderr.write(f"Không mở được cửa sổ chương trình: thiếu thư viện giao diện ({exc.name}).\n")
        return EXIT_FAILED
    return run(args.db)


COMMANDS = {"init": cmd_init, "demo": cmd_demo, "search": cmd_search, "stats": cmd_stats}


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")  # Windows consoles default to a code page
    args = build_parser().parse_args(argv)
    if args.command is None:
        return _open_program(args)
    try:
        COMMANDS[args.command](args)
    except Cancelled:
        sys.stderr.write("Đã hủy.\n")
        return EXIT_FAILED
    except XhhtError as error:
        sys.stderr.write(f"Lỗi: {error}\n")
        return EXIT_FAILED
    except BrokenPipeError:  # `xhht search … | head`: the reader left, nothing is wrong
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


if __name__ == "__main__":
    sys.exit(main())
