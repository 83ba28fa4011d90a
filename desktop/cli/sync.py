"""Sync commands: xhht sync enroll | push | pull [--restore --code MÃ] | status (DESIGN.md,
command-line contract)."""

from __future__ import annotations

import sys
from pathlib import Path

from desktop.cli.common import Parser, end_progress_line, open_db, out, progress_line
from desktop.domain.moments import format_moment


def add_commands(commands, common) -> dict:
    sync = commands.add_parser("sync", help="đồng bộ với máy chủ tỉnh")
    actions = sync.add_subparsers(title="việc", dest="sync_command", metavar="VIỆC", parser_class=Parser,
                                  required=True)
    enroll = actions.add_parser("enroll", parents=[common], help="đăng ký máy này với máy chủ tỉnh")
    enroll.add_argument("--server", required=True,
                        help="địa chỉ máy chủ tỉnh, ví dụ https://xhht.nghean.gov.vn (không ghi thì dùng https://)")
    enroll.add_argument("--code", required=True,
                        help="mã đăng ký dùng một lần do tỉnh cấp: 12 ký tự, ví dụ K7QM-P3XA-W9RT")
    push = actions.add_parser("push", parents=[common], help="gửi các thay đổi lên máy chủ tỉnh")
    push.add_argument("--give-up", type=float, metavar="GIÂY",
                      help="thôi thử lại sau ngần ấy giây mất kết nối (mặc định: thử mãi, tối đa mỗi phút một lần)")
    push.add_argument("--no-check", action="store_true", help="không đối chiếu số liệu với máy chủ sau khi gửi")
    pull = actions.add_parser("pull", parents=[common], help="nhận dữ liệu dùng chung (hoặc khôi phục dữ liệu xã)")
    pull.add_argument("--restore", action="store_true",
                      help="khôi phục toàn bộ dữ liệu của xã từ máy chủ vào cơ sở dữ liệu mới tạo này")
    pull.add_argument("--code", metavar="MÃ",
                      help="mã khôi phục dùng một lần do tỉnh cấp, cho --restore (không ghi thì chương trình hỏi; "
                           "làm tiếp một lần khôi phục đang dở thì không cần)")
    pull.add_argument("--criteria-folder", type=Path, help="thư mục lưu bộ tiêu chí (mặc định: thư mục của máy)")
    pull.add_argument("--give-up", type=float, metavar="GIÂY", help="thôi thử lại sau ngần ấy giây mất kết nối")
    status = actions.add_parser("status", parents=[common], help="tình trạng đồng bộ của máy này")
    status.add_argument("--offline", action="store_true", help="không hỏi máy chủ (chỉ xem số liệu trên máy)")
    return {"sync": cmd_sync}


def cmd_sync(args) -> None:
    {"enroll": _enroll, "push": _push, "pull": _pull, "status": _status}[args.sync_command](args)


def _client(db, args):
    from desktop.services.sync import connect

    return connect(db=db, give_up=args.give_up)


def _enroll(args) -> None:
    from desktop.domain.errors import XhhtError
    from desktop.services.sync import enroll
    from desktop.sync.enrolment_input import CODE_FIELD, parse_code, parse_server

    try:  # the window's rules, before the database is opened or the network used
        server, code = parse_server(args.server), parse_code(args.code)
    except XhhtError as error:
        option, value = ("--code", args.code) if error.field == CODE_FIELD else ("--server", args.server)
        raise XhhtError(f"{option} “{value}”: {error.message}", code=error.code) from None
    with open_db(args) as db:
        try:
            done = enroll(db=db, server=server, code=code)
        except XhhtError as error:  # the message names what is wrong: no "server:" / "code:" before it
            raise XhhtError(error.message, code=error.code) from error
    out(args, done.to_dict(), [
        f"Đã đăng ký máy này với máy chủ tỉnh {done.server} cho {done.commune_name}, {done.province_name}.",
        f"Mã máy: {done.device_id}. Từ nay có thể gửi dữ liệu bằng lệnh: xhht sync push",
    ])


def _push(args) -> None:
    from desktop.services.sync import push
    from desktop.sync.push import OLD_COPY_NOTICE

    progress = progress_line()
    with open_db(args) as db:
        try:
            report = push(db=db, progress=progress, give_up=args.give_up, check=not args.no_check)
        finally:
            end_progress_line()
    lines = [f"Đã gửi {report.rows_sent} bản ghi trong {report.batches} lô ({report.seconds:.1f} giây): "
             f"{report.accepted} được nhận, {report.unchanged} máy chủ đã có, {report.rejected} bị từ chối."]
    if report.resumed == "lost_receipt":
        lines.append("Lần gửi trước đã tới máy chủ nhưng chưa nhận được xác nhận: đã tiếp tục, không gửi trùng.")
    elif report.resumed == "new_device":
        lines.append(OLD_COPY_NOTICE)
    if report.rejected:
        lines.append("Các bản ghi bị từ chối được giữ lại trên máy; xem lý do: xhht sync status")
    if report.verify is not None:
        if report.verify.ok and not report.verify.tables:
            lines.append("Đối chiếu với máy chủ: khớp.")
        elif report.verify.ok:
            lines.append(f"Đối chiếu với máy chủ: đã gửi bổ sung {report.verify.repaired} bản ghi còn thiếu; nay khớp.")
        else:
            for t in report.verify.tables:
                if not t.ok:
                    lines.append(f"Đối chiếu bảng {t.table}: trên máy {t.local}, trên máy chủ {t.server} "
                                 f"(máy chủ có thêm {t.server_only}, mới hơn {t.server_newer}).")
    out(args, report.to_dict(), lines)


def _restore_code(args, db) -> str | None:
    """--code, else asked on the terminal; None when a restore under way keeps its grant."""
    from desktop.domain.errors import XhhtError
    from desktop.services.sync import restore_grant_kept

    if args.code is not None or restore_grant_kept(db=db):
        return args.code
    if not sys.stdin.isatty():
        raise XhhtError("Khôi phục dữ liệu cần mã khôi phục do tỉnh cấp (dùng một lần): thêm --code MÃ.",
                        code="restore_code_needed")
    # The question goes to stderr: stdout stays the one JSON object of --json.
    sys.stderr.write("Khôi phục dữ liệu cần mã khôi phục do tỉnh cấp (dùng một lần).\nMã khôi phục: ")
    sys.stderr.flush()
    return sys.stdin.readline().strip()


def _pull(args) -> None:
    from desktop.domain.errors import XhhtError
    from desktop.services.criteria import user_criteria_dir
    from desktop.services.sync import pull_reference, restore
    from desktop.sync.restore_input import RESTORE_CODE_FIELD

    if args.code is not None and not args.restore:
        raise XhhtError("--code chỉ dùng cùng --restore (mã khôi phục do tỉnh cấp).", code="usage")
    progress = progress_line()
    with open_db(args) as db:
        client = _client(db, args)  # not enrolled: said before any code is asked for
        code = _restore_code(args, db) if args.restore else None
        try:
            if args.restore:
                try:
                    report = restore(db=db, code=code, progress=progress, client=client)
                except XhhtError as error:
                    if error.field != RESTORE_CODE_FIELD or error.code != "bad_code_format" or code is None:
                        raise
                    raise XhhtError(f"--code “{code}”: {error.message}", code=error.code) from None
            else:
                report = pull_reference(db=db, criteria_folder=args.criteria_folder or user_criteria_dir(),
                                        progress=progress, client=client)
        finally:
            client.close()
            end_progress_line()
    if args.restore:
        total = sum(report.rows.values())
        lines = [f"Đã khôi phục {total} bản ghi của xã từ máy chủ tỉnh ({report.seconds:.1f} giây)."]
        if report.skipped:
            lines.append(f"Bỏ qua {len(report.skipped)} bản ghi máy này không lưu được (tỉnh vẫn giữ; hãy báo cán bộ "
                         "tỉnh để xử lý):")
            lines += [f"  {line}" for line in report.skipped_lines]
        lines += [f"Cảnh báo: tham chiếu hỏng {p}" for p in report.problems]
    else:
        names = {"criteria_set": "bộ tiêu chí", "commune": "thay đổi danh mục xã", "announcement": "thông báo"}
        got = ", ".join(f"{n} {names.get(k, k)}" for k, n in report.applied.items())
        lines = [f"Đã nhận dữ liệu dùng chung từ tỉnh: {got}." if got else "Không có dữ liệu dùng chung mới."]
        lines += [f"Không áp dụng được: {p}" for p in report.problems]
    out(args, report.to_dict(), lines)


def _status(args) -> None:
    from desktop.services.sync import status

    with open_db(args) as db:
        info = status(db=db, online=not args.offline)
    if not info.enrolled:
        lines = ["Máy này chưa đăng ký với máy chủ tỉnh: xhht sync enroll --server ĐỊA_CHỈ --code MÃ"]
        if info.last_error:
            lines.append(f"Lần đăng ký gần nhất không thành công: {info.last_error}")
        out(args, info.to_dict(), lines)
        return
    reach = {True: "đang kết nối được", False: "không kết nối được", None: "chưa kiểm tra"}[info.online]
    lines = [f"Máy chủ tỉnh: {info.server} ({reach})",
             "Lần đồng bộ thành công gần nhất: "
             + (format_moment(info.last_success) or "chưa có"),
             f"Thay đổi chờ gửi: {info.pending}"]
    if info.last_error:
        lines.append(f"Lỗi lần gần nhất: {info.last_error}")
    if info.quarantined:
        lines.append(f"Bản ghi bị máy chủ từ chối ({len(info.quarantined)}), cần kiểm tra và sửa:")
        lines += [f"  - {q.reason}" for q in info.quarantined]
    for note in info.announcements[:3]:
        lines.append(f"Thông báo của tỉnh: {note.title} — {note.body}")
    out(args, info.to_dict(), lines)

