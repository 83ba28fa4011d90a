"""The `xhht-province` command: run the server and administer communes, devices and
reference data. Same contract as `xhht`: --json prints one JSON object, exit 0 when the
job was done, non-zero with a Vietnamese message on stderr otherwise."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from province.db import StoreError, default_url, open_store
from province.errors import ProvinceError

EXIT_FAILED = 1
EXIT_USAGE = 2


class Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, prefix="Cách dùng: " if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """argparse with its headings, help and usage errors in Vietnamese."""

    def __init__(self, *args, add_help: bool = True, **kwargs) -> None:
        super().__init__(*args, add_help=False, formatter_class=Formatter, **kwargs)
        self._positionals.title = "tham số"
        self._optionals.title = "tùy chọn"
        if add_help:
            self.add_argument("-h", "--help", action="help", help="hiện trợ giúp này rồi thoát")

    def error(self, message: str) -> None:
        message = (message.replace("the following arguments are required", "thiếu tham số bắt buộc")
                   .replace("unrecognized arguments", "tham số không nhận ra")
                   .replace("invalid choice", "lựa chọn không hợp lệ")
                   .replace("invalid int value", "không phải số nguyên"))
        self.exit(EXIT_USAGE, f"{self.prog}: lỗi: {message}\nXem: {self.prog} --help\n")


def build_parser() -> Parser:
    common = Parser(add_help=False)
    common.add_argument("--db", help=f"địa chỉ cơ sở dữ liệu (mặc định: {default_url()})")
    common.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    parser = Parser(prog="xhht-province", description="Máy chủ tỉnh của XHHT: nhận dữ liệu các xã đồng bộ lên.")
    commands = parser.add_subparsers(dest="command", metavar="LỆNH", parser_class=Parser, required=True)

    serve = commands.add_parser("serve", parents=[common], help="chạy máy chủ")
    serve.add_argument("--host", default="127.0.0.1", help="địa chỉ lắng nghe (mặc định 127.0.0.1; "
                       "đặt sau một máy chủ HTTPS khi mở ra mạng)")
    serve.add_argument("--port", type=int, default=8080, help="cổng (mặc định 8080)")

    commune = commands.add_parser("commune", help="quản lý xã").add_subparsers(
        dest="action", metavar="VIỆC", parser_class=Parser, required=True)
    add = commune.add_parser("add", parents=[common], help="đăng ký xã và cấp một mã đăng ký dùng một lần")
    add.add_argument("code", metavar="MÃ_XÃ", help="mã xã chính thức (5 chữ số)")
    restore = commune.add_parser("restore-code", parents=[common],
                                 help="cấp một mã khôi phục dùng một lần (để xã lấy lại dữ liệu vào máy mới)")
    restore.add_argument("code", metavar="MÃ_XÃ", help="mã xã chính thức (5 chữ số)")

    device = commands.add_parser("device", help="quản lý máy của các xã").add_subparsers(
        dest="action", metavar="VIỆC", parser_class=Parser, required=True)
    revoke = device.add_parser("revoke", parents=[common], help="thu hồi quyền đồng bộ của một máy")
    revoke.add_argument("device", metavar="MÃ_MÁY", help="mã máy (hoặc vài ký tự đầu, như lệnh device list in ra)")
    listing = device.add_parser("list", parents=[common], help="các máy đã đăng ký")
    listing.add_argument("--commune", help="chỉ các máy của xã này")

    stats = commands.add_parser("stats", parents=[common], help="số liệu từng xã mà máy chủ đang giữ")
    stats.add_argument("--year", type=int, help="hoạt động và danh hiệu của năm này")

    publish = commands.add_parser("publish", help="phát hành dữ liệu dùng chung cho các xã").add_subparsers(
        dest="action", metavar="LOẠI", parser_class=Parser, required=True)
    criteria = publish.add_parser("criteria", parents=[common], help="một bộ tiêu chí (tệp YAML)")
    criteria.add_argument("file", type=Path, metavar="TỆP.yaml")
    note = publish.add_parser("announcement", parents=[common], help="một thông báo gửi các xã")
    note.add_argument("--title", required=True, help="tiêu đề")
    body = note.add_mutually_exclusive_group(required=True)
    body.add_argument("--body", help="nội dung")
    body.add_argument("--file", type=Path, help="tệp văn bản chứa nội dung")
    unit = publish.add_parser("commune", parents=[common], help="tên mới của một xã trong danh mục hành chính")
    unit.add_argument("code", metavar="MÃ_XÃ")
    unit.add_argument("--name", required=True, help="tên mới, ví dụ “Xã Yên Xuân”")
    unit.add_argument("--type", choices=("xã", "phường", "đặc khu"), help="loại đơn vị")
    return parser


def out(args, data: dict, lines: list[str]) -> None:
    if args.json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, default=str) + "\n")
    else:
        sys.stdout.write("\n".join(lines) + "\n")


def cmd_serve(args) -> None:
    import uvicorn

    from province.app import create_app

    url = args.db or default_url()
    app = create_app(url=url)
    sys.stderr.write(f"Máy chủ tỉnh XHHT đang chạy tại http://{args.host}:{args.port}/ (cơ sở dữ liệu: {url}).\n"
                     "Nhấn Ctrl+C để dừng.\n")
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")


def _in_session(args, work):
    store = open_store(args.db)
    try:
        with store.session() as session:
            result = work(session)
            session.commit()
            return result
    finally:
        store.close()


def cmd_commune(args) -> None:
    from province.services.enrolment import add_commune

    if args.action == "restore-code":
        _restore_code(args)
        return

    issued = _in_session(args, lambda s: add_commune(s, args.code))
    until = issued.expires_at.astimezone().strftime("%d/%m/%Y")
    out(args, asdict(issued), [
        f"{issued.commune_name}, {issued.province_name} (mã {issued.commune_code})",
        f"Mã đăng ký (dùng một lần, hết hạn ngày {until}): {issued.code}",
        "Trên máy của xã: xhht sync enroll --server ĐỊA_CHỈ_MÁY_CHỦ --code " + issued.code,
    ])


def _restore_code(args) -> None:
    from province.services.restore_codes import issue

    issued = _in_session(args, lambda s: issue(s, args.code))
    until = issued.expires_at.astimezone().strftime("%H:%M ngày %d/%m/%Y")
    out(args, asdict(issued), [
        f"{issued.commune_name}, {issued.province_name} (mã {issued.commune_code})",
        f"Mã khôi phục (dùng một lần, hết hạn lúc {until}): {issued.code}",
        "Mã chỉ hiện một lần. Trên máy mới của xã (đã đăng ký): xhht sync pull --restore --code " + issued.code,
    ])


def cmd_device(args) -> None:
    from province.services.enrolment import list_devices, revoke

    if args.action == "revoke":
        device = _in_session(args, lambda s: revoke(s, args.device))
        out(args, {"device": device.id, "commune": device.commune_code, "revoked_at": device.revoked_at},
            [f"Đã thu hồi quyền đồng bộ của máy {device.id} (xã mã {device.commune_code})."])
        return
    devices = _in_session(args, lambda s: list_devices(s, args.commune))
    lines = [f"{len(devices)} máy đã đăng ký:"] if devices else ["Chưa có máy nào đăng ký."]
    for d in devices:
        state = f"đã thu hồi {d.revoked_at:%d/%m/%Y}" if d.revoked_at else "đang dùng"
        seen = f"liên lạc lần cuối {d.last_seen_at.astimezone():%H:%M %d/%m/%Y}" if d.last_seen_at else "chưa liên lạc"
        lines.append(f"  {d.id}  xã {d.commune_code}  {state}, {seen}")
    out(args, {"devices": [asdict(d) for d in devices]}, lines)


def cmd_stats(args) -> None:
    from province.services.overview import HEADLINE, stats

    data = _in_session(args, lambda s: stats(s, year=args.year))
    labels = {"hamlets": "thôn", "households": "hộ", "citizens": "công dân", "clans": "dòng họ",
              "units": "đơn vị HT", "activities": "hoạt động", "participations": "lượt tham gia"}
    lines = [f"{len(data['communes'])} xã" + (f" — năm {args.year}" if args.year else "")]
    for c in data["communes"]:
        counts = ", ".join(f"{c[k]} {labels[k]}" for k in HEADLINE)
        lines.append(f"  {c['commune']} {c['name']}: {counts}; đồng bộ lần cuối: {c['last_sync'] or 'chưa'}")
    lines.append("  Tổng: " + ", ".join(f"{data['totals'][k]} {labels[k]}" for k in HEADLINE))
    out(args, data, lines)


def cmd_publish(args) -> None:
    from province.services import reference

    if args.action == "criteria":
        try:
            text = args.file.read_text(encoding="utf-8-sig")
        except OSError as error:
            raise ProvinceError("unreadable", f"Không đọc được tệp {args.file}: {error.strerror or error}.") from None
        done = _in_session(args, lambda s: reference.publish_criteria_set(s, text, source=args.file.name))
        what = f"bộ tiêu chí {done.key}"
    elif args.action == "announcement":
        text = args.body if args.body is not None else args.file.read_text(encoding="utf-8-sig")
        done = _in_session(args, lambda s: reference.publish_announcement(s, title=args.title, body=text))
        what = f"thông báo “{args.title}”"
    else:
        done = _in_session(args, lambda s: reference.publish_commune(s, args.code, name=args.name,
                                                                      division_type=args.type))
        what = f"tên mới của xã mã {done.key}"
    if done.new:
        message = f"Đã phát hành {what} (số {done.seq})."
    else:
        message = f"{what[:1].upper()}{what[1:]} đã được phát hành trước đó (số {done.seq})."
    out(args, asdict(done), [message])


HANDLERS = {"serve": cmd_serve, "commune": cmd_commune, "device": cmd_device, "stats": cmd_stats,
            "publish": cmd_publish}


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    args = build_parser().parse_args(argv)
    try:
        HANDLERS[args.command](args)
    except (ProvinceError, StoreError) as error:
        sys.stderr.write(f"Lỗi: {error}\n")
        return EXIT_FAILED
    except KeyboardInterrupt:
        return EXIT_FAILED
    return 0


if __name__ == "__main__":
    sys.exit(main())
