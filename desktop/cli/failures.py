"""What the command line says when something other than the program's own checks fails:
a damaged file, a full disk, Ctrl+C, a bug. A sentence for the officer on stderr, never a
traceback there (one would print other citizens' names and CCCDs); the traceback goes to
the log file in the data folder, which the message names."""

from __future__ import annotations

import errno
import sqlite3
import traceback
from datetime import datetime
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from desktop.paths import data_dir

EXIT_INTERRUPTED = 130  # as shells report Ctrl+C


def _database_message(error: BaseException, database: object) -> str | None:
    text = str(getattr(error, "orig", None) or error).lower()
    where = f" {database}" if database else ""
    # What SQLite says of damaged pages depends on which page was hit: the b-tree, the file
    # header, or an FTS table's shadow pages ("vtable constructor failed").
    if any(sign in text for sign in ("malformed", "not a database", "file is encrypted", "corrupt",
                                     "vtable constructor failed")):
        return (f"Tệp dữ liệu{where} bị hỏng (thường do mất điện khi đang ghi). Không có gì được ghi thêm. "
                "Hãy mở chương trình để kiểm tra tệp, hoặc khôi phục bản sao lưu gần nhất bằng lệnh xhht restore"
                + _backup_named(database) + ".")
    if "locked" in text or "busy" in text:
        return f"Tệp dữ liệu{where} đang được chương trình khác ghi; hãy thử lại sau ít phút."
    if "disk" in text and ("full" in text or "i/o" in text):
        return f"Không ghi được tệp dữ liệu{where}: ổ đĩa đầy hoặc hỏng. Không có gì được ghi."
    if "readonly" in text or "read-only" in text:
        return f"Tệp dữ liệu{where} chỉ cho đọc (ổ đĩa hoặc thư mục không cho ghi)."
    return None


def _backup_named(database: object) -> str:
    """": <path>" of the newest copy kept beside the database, or nothing."""
    from desktop.store.files import latest_backup

    if not database:
        return ""
    try:
        backup = latest_backup(Path(str(database)).expanduser().resolve())
    except OSError:
        return ""
    return f": {backup}" if backup is not None else ""


def _os_message(error: OSError) -> str:
    if error.errno == errno.ENOSPC:
        return "Ổ đĩa đầy: không ghi được. Hãy giải phóng chỗ trống rồi làm lại; việc đang làm chưa được ghi."
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"Không có quyền ghi hoặc đọc {error.filename or 'tệp'}."
    if error.errno == errno.ENOENT:
        return f"Không tìm thấy {error.filename or 'tệp'}."
    return f"Không đọc/ghi được {error.filename or 'tệp'}: {error.strerror or error}."


def log_to_file() -> None:
    """Warnings of the layers below (a daily copy that failed, SQLite's own words) go to
    <data folder>/xhht-cli.log, not to stderr in English: the officer reads stderr. Left alone
    when the caller (a test, the window) has set up logging of its own."""
    import logging

    root = logging.getLogger()
    if root.handlers:
        return
    try:
        folder = data_dir()
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.FileHandler(folder / "xhht-cli.log", encoding="utf-8", delay=True)
    except OSError:
        handler = logging.NullHandler()
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("--- %(asctime)s %(name)s %(levelname)s: %(message)s"))
    root.addHandler(handler)


def log_unexpected(error: BaseException, command: str | None) -> Path | None:
    """The traceback into <data folder>/xhht-cli.log; None when even that cannot be written."""
    try:
        folder = data_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "xhht-cli.log"
        with path.open("a", encoding="utf-8") as log:
            log.write(f"--- {datetime.now():%Y-%m-%d %H:%M:%S} xhht {command or ''}\n")
            log.write("".join(traceback.format_exception(type(error), error, error.__traceback__)))
        return path
    except OSError:
        return None


def describe(error: BaseException, *, command: str | None, database: object = None) -> str:
    """The sentence for stderr (no traceback)."""
    if isinstance(error, (DBAPIError, sqlite3.DatabaseError)):
        message = _database_message(error, database)
        if message is not None:
            return message
    if isinstance(error, OSError):
        return _os_message(error)
    log = log_unexpected(error, command)
    where = f" Chi tiết đã ghi vào {log}; hãy gửi tệp này cho người hỗ trợ." if log else ""
    return f"Lỗi không lường trước ({type(error).__name__}); việc đang làm chưa được ghi.{where}"
