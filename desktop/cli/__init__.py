"""The `xhht` command: the register's services for administrators, scripts and tests.

Contract (DESIGN.md): `--db PATH` picks the database, `--json` prints one JSON object on
stdout, exit 0 when the job was done, non-zero with a Vietnamese message on stderr.
"""

from __future__ import annotations

import argparse
import os
import sys

from desktop.cli import backup, commune_rating, criteria, export, forms, import_lists, register, report, sync, titles
from desktop.cli.common import EXIT_FAILED, Parser, common_options
from desktop.cli.failures import EXIT_INTERRUPTED, describe, log_to_file
from desktop.domain.errors import Cancelled, XhhtError


def build_parser() -> tuple[argparse.ArgumentParser, dict]:
    parser = Parser(prog="xhht", description="XHHT — sổ theo dõi phong trào xây dựng xã hội học tập cấp xã.",
                    parents=[common_options()])
    commands = parser.add_subparsers(title="lệnh", dest="command", metavar="LỆNH", parser_class=Parser)
    common = common_options(for_commands=True)
    handlers: dict = {}
    for module in (register, titles, forms, commune_rating, criteria, sync, export, import_lists, report, backup):
        handlers.update(module.add_commands(commands, common))
    return parser, handlers


def _open_program(args) -> int:
    try:
        from desktop.ui.app import run
    except ImportError as exc:  # e.g. a server-only install without PySide6
        sys.stderr.write(f"Không mở được cửa sổ chương trình: thiếu thư viện giao diện ({exc.name}).\n")
        return EXIT_FAILED
    return run(args.db)


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")  # Windows consoles default to a code page
    parser, handlers = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        return _open_program(args)
    log_to_file()
    try:
        handlers[args.command](args)
    except Cancelled:
        sys.stderr.write("Đã hủy.\n")
        return EXIT_FAILED
    except XhhtError as error:
        sys.stderr.write(f"Lỗi: {error}\n")
        return EXIT_FAILED
    except BrokenPipeError:  # `xhht search … | head`: the reader left, nothing is wrong
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except KeyboardInterrupt:
        sys.stderr.write("\nĐã dừng (Ctrl+C); việc đang làm chưa được ghi.\n")
        return EXIT_INTERRUPTED
    except Exception as error:  # noqa: BLE001 — the last place anything can be said well
        sys.stderr.write(f"Lỗi: {describe(error, command=args.command, database=getattr(args, 'db', None))}\n")
        return EXIT_FAILED
    return 0


if __name__ == "__main__":
    sys.exit(main())
