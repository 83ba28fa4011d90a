"""The `xhht-province` command: run the server and administer communes, devices and
reference data. Same contract as `xhht`: --json prints one JSON object, exit 0 when the
job was done, non-zero with a Vietnamese message on stderr otherwise."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

from desktop.commandline import Parser
from province.db import StoreError, default_url, open_store
from province.errors import ProvinceError
from province.models import utc_now

EXIT_FAILED = 1


def build_parser() -> Parser:
    common = Parser(add_help=False)
    shared = common.add_argument_group("tùy chọn chung")
    shared.add_argument("--db", help=f"địa chỉ cơ sở dữ liệu (mặc định: {default_url()})")
    shared.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    parser = Parser(prog="xhht-province", description="Máy chủ tỉnh của XHHT: nhận dữ liệu các xã đồng bộ lên.")
    commands = parser.add_subparsers(title="lệnh", dest="command", metavar="LỆNH", parser_class=Parser,
                                     required=True)

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

    enrolment = commands.add_parser("enrolment", help="các lần đăng ký máy bị tạm khóa").add_subparsers(
        dest="action", metavar="VIỆC", parser_class=Parser, required=True)
    enrolment.add_parser("locks", parents=[common], help="địa chỉ và xã đang bị tạm khóa đăng ký do nhập sai mã")
    unlock = enrolment.add_parser("unlock", parents=[common], help="mở khóa đăng ký cho một địa chỉ hoặc một xã")
    target = unlock.add_mutually_exclusive_group(required=True)
    target.add_argument("--address", help="địa chỉ IP của máy bị khóa")
    target.add_argument("--commune", metavar="MÃ_XÃ", help="mã xã bị khóa")

    stats = commands.add_parser("stats", parents=[common], help="số liệu từng xã mà máy chủ đang giữ")
    stats.add_argument("--year", type=int, help="hoạt động và danh hiệu của năm này")

    twins = commands.add_parser("duplicates", parents=[common],
                                help="tìm các bản ghi trùng khóa nghiệp vụ (hai đợt đánh giá một năm, hai công dân "
                                     "một số định danh…) đã lưu trước khi máy chủ kiểm tra khóa")
    twins.add_argument("--commune", help="chỉ xã này")

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
    now = utc_now()
    for d in devices:
        if d.revoked_at:
            state = f"đã thu hồi {d.revoked_at:%d/%m/%Y}"
        elif d.token_expires_at and d.token_expires_at <= now:
            state = f"mã truy cập đã hết hạn {d.token_expires_at.astimezone():%d/%m/%Y}"
        else:
            state = f"đang dùng, mã truy cập hết hạn {d.token_expires_at.astimezone():%d/%m/%Y}"
        seen = f"liên lạc lần cuối {d.last_seen_at.astimezone():%H:%M %d/%m/%Y}" if d.last_seen_at else "chưa liên lạc"
        lines.append(f"  {d.id}  xã {d.commune_code}  {state}, {seen}")
    out(args, {"devices": [asdict(d) for d in devices]}, lines)


def cmd_enrolment(args) -> None:
    from province.services import lockout

    if args.action == "unlock":
        key = lockout.address_key(args.address) if args.address else lockout.commune_key(args.commune.zfill(5))
        what = f"địa chỉ {args.address}" if args.address else f"xã mã {args.commune.zfill(5)}"
        lifted = _in_session(args, lambda s: lockout.unlock(s, key))
        message = f"Đã mở khóa đăng ký cho {what}." if lifted else f"Việc đăng ký cho {what} không bị khóa."
        out(args, {"key": key, "unlocked": lifted}, [message])
        return
    locks = _in_session(args, lambda s: lockout.locks(s))
    lines = [f"{len(locks)} khóa đang có hiệu lực:"] if locks else ["Không có địa chỉ hay xã nào bị tạm khóa đăng ký."]
    for lock in locks:
        kind, _, value = lock.key.partition(":")
        whom = f"địa chỉ {value}" if kind == "address" else f"xã mã {value}"
        lines.append(f"  {whom}: {lock.failures} lần sai, khóa đến {lock.locked_until.astimezone():%H:%M %d/%m/%Y}")
    out(args, {"locks": [asdict(lock) for lock in locks]}, lines)


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


def cmd_duplicates(args) -> None:
    from province.services.duplicates import find

    groups = _in_session(args, lambda s: find(s, commune=args.commune))
    if not groups:
        lines = ["Không có bản ghi nào trùng khóa nghiệp vụ" + (f" ở xã mã {args.commune}." if args.commune else ".")]
    else:
        lines = [f"{len(groups)} nhóm bản ghi trùng khóa nghiệp vụ. Máy chủ chỉ tính bản ghi đánh dấu *; xã cần giữ "
                 "một bản, xóa bản kia trên máy của xã rồi đồng bộ lại:"]
    for g in groups:
        lines.append(f"  {g.commune_name} ({g.commune_code}) — {g.label}: {len(g.rows)} bản ghi, trong khi {g.rule}")
        lines += [f"    {'*' if r.keyed else ' '} {r.row_id}  {r.name}, phiên bản {r.version}, nhận lúc "
                  f"{r.received_at or 'không rõ'}" for r in g.rows]
    out(args, {"groups": [asdict(g) for g in groups]}, lines)


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


HANDLERS = {"serve": cmd_serve, "commune": cmd_commune, "device": cmd_device, "enrolment": cmd_enrolment,
            "stats": cmd_stats, "duplicates": cmd_duplicates, "publish": cmd_publish}


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
