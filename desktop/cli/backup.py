"""Backup commands: backup (a copy now, or the daily one) and restore."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

from desktop.cli.common import database_path, end_progress_line, out, progress_line, whole_number
from desktop.domain.errors import StorageError, ValidationError


def add_commands(commands, common) -> dict:
    backup = commands.add_parser("backup", parents=[common], help="sao lưu tệp dữ liệu của xã")
    backup.add_argument("target", metavar="TỆP", nargs="?", type=Path, help="tệp bản sao lưu cần tạo")
    backup.add_argument("--auto", action="store_true",
                        help="bản sao lưu hằng ngày trong thư mục sao-luu cạnh tệp dữ liệu (mỗi ngày một lần, "
                             "giữ các bản mới nhất)")
    backup.add_argument("--keep", type=whole_number(1, 365), default=7, help="số bản hằng ngày được giữ (mặc định 7)")
    backup.add_argument("--password", action="store_true", help="đặt mật khẩu cho bản sao lưu (hỏi trên màn hình)")
    backup.add_argument("--password-file", type=Path, metavar="TỆP_MẬT_KHẨU",
                        help="đặt mật khẩu cho bản sao lưu, đọc từ dòng đầu của tệp này")
    backup.add_argument("--second-folder", type=Path, metavar="THƯ_MỤC",
                        help="thư mục thứ hai cho bản sao lưu hằng ngày (vd. USB), ghi vào tệp dữ liệu")
    backup.add_argument("--no-second-folder", action="store_true", help="bỏ thư mục thứ hai")

    restore = commands.add_parser("restore", parents=[common],
                                  help="khôi phục tệp dữ liệu từ một bản sao lưu (tệp cũ được giữ lại bên cạnh)")
    restore.add_argument("source", metavar="TỆP", type=Path, help="bản sao lưu")
    restore.add_argument("--password-file", type=Path, metavar="TỆP_MẬT_KHẨU",
                         help="mật khẩu của bản sao lưu, đọc từ dòng đầu của tệp này (không có: hỏi trên màn hình)")
    restore.add_argument("--other-commune", action="store_true",
                         help="vẫn khôi phục khi bản sao lưu là của một xã khác")
    return {"backup": cmd_backup, "restore": cmd_restore}


def _read_password_file(path: Path) -> str:
    try:
        lines = path.expanduser().read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ValidationError(f"Không đọc được tệp mật khẩu {path}: {exc.strerror}") from exc
    password = lines[0] if lines else ""
    if not password:
        raise ValidationError(f"Tệp mật khẩu {path} trống.")
    return password


def _ask(prompt: str) -> str:
    if not sys.stdin.isatty():
        raise ValidationError("Bản sao lưu cần mật khẩu: hãy nhập trên màn hình, hoặc dùng --password-file.")
    return getpass.getpass(prompt)


def _new_password(args) -> str | None:
    if args.password_file is not None:
        return _read_password_file(args.password_file)
    if not args.password:
        return None
    first = _ask("Mật khẩu cho bản sao lưu: ")
    if not first:
        raise ValidationError("Mật khẩu không được để trống.")
    if _ask("Nhập lại mật khẩu: ") != first:
        raise ValidationError("Hai lần nhập mật khẩu không giống nhau; chưa sao lưu.")
    return first


def _size(size: int) -> str:
    return f"{size / 1_048_576:.1f} MB".replace(".", ",")


def cmd_backup(args) -> None:
    from desktop.services import backup as service

    path = database_path(args)
    if args.second_folder is not None or args.no_second_folder:
        _set_second_folder(args, path)
        if args.target is None and not args.auto:
            return
    if args.auto == (args.target is not None):
        raise ValidationError("Hãy chỉ rõ TỆP bản sao lưu cần tạo, hoặc --auto cho bản sao lưu hằng ngày.")
    if args.auto:
        if args.password or args.password_file:
            raise ValidationError("Bản sao lưu hằng ngày không đặt mật khẩu (nó nằm cạnh tệp dữ liệu).")
        progress = progress_line()
        try:
            daily = service.daily_backup(path=path, keep=args.keep, progress=progress)
        finally:
            end_progress_line()
        lines = [f"Đã sao lưu: {record.path} ({_size(record.size)})" for record in daily.made]
        lines += [f"Hôm nay đã có bản sao lưu: {already}" for already in daily.already]
        lines += daily.problems
        out(args, {"made": [_as_dict(r) for r in daily.made], "already": [str(p) for p in daily.already],
                   "problems": list(daily.problems)}, lines)
        return
    password = _new_password(args)
    progress = progress_line()
    try:
        record = service.back_up(path=path, target=args.target, password=password, progress=progress)
    finally:
        end_progress_line()
    sealed = " (có mật khẩu)" if record.sealed else ""
    out(args, _as_dict(record), [f"Đã sao lưu {path.name} vào {record.path}{sealed}, {_size(record.size)}."])


def _set_second_folder(args, path: Path) -> None:
    from desktop.cli.common import open_db
    from desktop.services import backup as service
    from desktop.services.session import transaction

    with open_db(args) as db, transaction(db) as session:
        folder = service.set_second_folder(session=session, folder=None if args.no_second_folder
                                           else args.second_folder)
    sys.stderr.write(f"Thư mục thứ hai cho bản sao lưu hằng ngày: {folder}\n" if folder is not None else
                     "Đã bỏ thư mục thứ hai cho bản sao lưu hằng ngày.\n")


def _as_dict(record) -> dict:
    return {"path": str(record.path), "size": record.size, "when": record.when.isoformat(timespec="seconds"),
            "sealed": record.sealed}


def cmd_restore(args) -> None:
    from desktop.services import backup as service

    path = database_path(args)
    password = None
    if service.is_sealed_backup(path=args.source):
        password = (_read_password_file(args.password_file) if args.password_file is not None
                    else _ask("Mật khẩu của bản sao lưu: "))
    progress = progress_line()
    try:
        done = service.restore(path=path, source=args.source, password=password,
                               allow_other_commune=args.other_commune, progress=progress)
    except StorageError as error:
        if error.code == "restore_other_commune":
            error.message += " (Muốn vẫn khôi phục: thêm --other-commune.)"
        raise
    finally:
        end_progress_line()
    lines = [f"Đã khôi phục {done.path} từ bản sao lưu {done.source} (xã mã {done.commune_code})."]
    if done.kept is not None:
        lines.append(f"Tệp cũ được giữ lại ở: {done.kept}")
    if done.kept is not None and done.replaced_commune is None:
        lines.append("Tệp cũ bị hỏng nên không đọc được mã xã của nó.")
    lines.append("Dữ liệu nhập sau lúc sao lưu không có trong tệp đã khôi phục; tệp cũ còn giữ chúng.")
    out(args, {"path": str(done.path), "source": str(done.source), "kept": str(done.kept) if done.kept else None,
               "commune_code": done.commune_code, "replaced_commune": done.replaced_commune,
               "sealed": done.sealed}, lines)
