"""What a file on disk is, looked at read-only before anything opens it for writing:
SQLite or not, an XHHT register or another program's database, writable or not; and
the copies beside it to go back to when it is damaged."""

from __future__ import annotations

import glob
import logging
import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

from desktop.domain.errors import StorageError
from desktop.store import migrate

log = logging.getLogger(__name__)

COMMUNE_KEY = "commune_code"
SQLITE_MAGIC = b"SQLite format 3\x00"
HEADER_SIZE = 100  # SQLite's file header; application_id is bytes 68–71, user_version 60–63


def read_only_uri(path: Path, *, immutable: bool = True) -> str:
    """A URI that reads the file as it is. immutable=1: no lock, no -wal/-shm made beside
    it (and a -wal left there is not read); without it SQLite reads the -wal but may have
    to make a -shm, which a read-only folder refuses."""
    text = path.resolve().as_posix()
    if text.startswith("//"):  # a Windows share (//server/share): the authority must stay empty
        text = "//" + text
    elif not text.startswith("/"):  # C:/…: SQLite on Windows drops the slash before a drive letter
        text = "/" + text
    return "file:" + quote(text, safe="/:") + ("?mode=ro&immutable=1" if immutable else "?mode=ro")


def header_numbers(header: bytes) -> tuple[int, int]:
    """(application_id, user_version) from a file header; (0, 0) for a file shorter than one."""
    if len(header) < HEADER_SIZE:
        return 0, 0
    return int.from_bytes(header[68:72], "big"), int.from_bytes(header[60:64], "big")


def _foreign(path: Path, application_id: int) -> StorageError:
    return StorageError(
        f"Tệp {path.name} là cơ sở dữ liệu của một chương trình khác (mã ứng dụng {application_id:#010x}), "
        "không phải sổ dữ liệu XHHT. Tệp được để nguyên, không ghi gì vào.", code="db_foreign")


def _newer(path: Path) -> StorageError:
    return StorageError(
        f"Tệp {path.name} được tạo bằng phiên bản XHHT mới hơn chương trình này. "
        "Hãy cập nhật chương trình XHHT rồi mở lại; tệp được để nguyên.", code="db_newer")


def check_header(path: Path) -> None:
    """SQLite, not damaged at the start, and not marked as another program's (header bytes
    68–71). Reads the file only."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(HEADER_SIZE)
    except OSError as exc:
        raise StorageError(f"Không đọc được tệp {path}: {exc.strerror}", code="db_unreadable") from exc
    if header and header[:16] != SQLITE_MAGIC:
        raise StorageError(f"Tệp {path.name} không phải cơ sở dữ liệu XHHT (SQLite).", code="db_not_sqlite")
    if len(header) >= HEADER_SIZE and header[21:24] != b"\x40\x20\x20":  # fixed payload fractions
        raise damaged_error(path, "the header's fixed payload fractions are wrong")
    application_id, user_version = header_numbers(header)
    if application_id not in (0, migrate.APPLICATION_ID):
        raise _foreign(path, application_id)
    if application_id == migrate.APPLICATION_ID and user_version > migrate.schema_number(migrate.head_revision()):
        raise _newer(path)
    try:
        sqlite3.connect(read_only_uri(path), uri=True).close()
    except sqlite3.Error as exc:
        raise damaged_error(path, exc) from exc


def _look(path: Path) -> tuple[int, set[str], str | None, str | None]:
    """(application_id, tables, Alembic revision, commune code), read through SQLite read-only."""
    # A -wal left beside the file holds commits not yet in it (the last session's, or a
    # crash's): read through it. Without one, immutable: nothing is made beside the file.
    wal = path.with_name(path.name + "-wal")
    has_wal = wal.is_file() and wal.stat().st_size > 0
    try:
        conn = sqlite3.connect(read_only_uri(path, immutable=not has_wal), uri=True)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError:  # the -shm cannot be made (a read-only folder)
            conn.close()
            conn = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            application_id = conn.execute("PRAGMA application_id").fetchone()[0]
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            revision = (conn.execute("SELECT version_num FROM alembic_version").fetchone()
                        if "alembic_version" in tables else None)
            commune = (conn.execute("SELECT value FROM local_settings WHERE key = ?", (COMMUNE_KEY,)).fetchone()
                       if "local_settings" in tables else None)
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise damaged_error(path, exc) from exc
    return (application_id, tables, revision[0] if revision else None,
            str(commune[0]) if commune and commune[0] else None)


def check_ours(path: Path) -> None:
    """Before open_database writes (tables, a migration, the header stamp) into an existing
    file: it must be empty, or carry our application_id, or — made before the stamp — hold
    our Alembic revision table at a revision this program knows."""
    check_header(path)
    if path.stat().st_size == 0:
        return
    application_id, tables, revision, _ = _look(path)
    if application_id not in (0, migrate.APPLICATION_ID):  # the header in the -wal said otherwise
        raise _foreign(path, application_id)
    if not tables - {"sqlite_sequence"}:
        return  # a new file: nothing of anybody's in it yet
    if revision is not None and revision in migrate.known_revisions():
        return
    if application_id == migrate.APPLICATION_ID:
        if revision is None:
            return  # ours, its revision row lost: the upgrade says what is wrong
        raise _newer(path)
    raise StorageError(f"Tệp {path.name} không phải sổ dữ liệu XHHT của một xã.", code="db_not_xhht")


def check_commune_file(path: str | os.PathLike) -> str:
    """Whether `path` is an XHHT commune database, read only (nothing migrated, locked or
    kept open); returns its commune code. For a file the officer picks: open_database would
    make any SQLite file (another program's) into an XHHT one."""
    path = Path(path).expanduser()
    if not path.is_file():
        raise StorageError(f"Không tìm thấy tệp {path}.", code="db_missing")
    check_header(path)
    application_id, _tables, _revision, commune = _look(path)
    if application_id not in (0, migrate.APPLICATION_ID):
        raise _foreign(path, application_id)
    if commune is None:
        raise StorageError(f"Tệp {path.name} không phải sổ dữ liệu XHHT của một xã.", code="db_not_xhht")
    return commune


def writable(path: Path) -> bool:
    """Whether the program may write the file and beside it (-wal, -shm, the unclean-exit
    marker, the copy before an upgrade): False on a write-protected USB stick or CD, a
    read-only share, a file or folder without write permission or marked immutable."""
    folder = path.parent
    if not os.access(folder, os.W_OK | os.X_OK):
        return False
    if not path.exists():
        return True
    if not os.access(path, os.W_OK):
        return False
    try:  # what SQLite will try; a share can answer the access check with a yes it does not keep
        os.close(os.open(path, os.O_RDWR))
    except OSError:
        return False
    return True


def damaged_error(path: Path, error: BaseException | str) -> StorageError:
    """The officer's sentence for a damaged file, with the copy to go back to. SQLite's own
    words ("database disk image is malformed") go to the log, not to the officer."""
    log.info("%s is damaged: %s", path, getattr(error, "orig", None) or error)
    backup = latest_backup(path)
    where = (f"Hãy khôi phục bản sao lưu gần nhất: {backup} (Tệp › Khôi phục…, hoặc lệnh xhht restore)."
             if backup is not None else
             "Bên cạnh tệp không có bản sao lưu nào; hãy dùng bản sao lưu cất ở nơi khác, nếu có.")
    return StorageError(f"Tệp {path.name} bị hỏng (thường do mất điện khi đang ghi), không mở được; "
                        f"chưa có gì được ghi vào tệp. {where}", code="db_corrupt")


def latest_backup(path: Path) -> Path | None:
    """The newest copy of the register: one made before an upgrade, beside it, or a daily
    copy in the sao-luu folder beside it (store/backup.py)."""
    stem, suffix = glob.escape(path.stem), glob.escape(path.suffix)
    copies = [p for p in path.parent.glob(f"{stem}.truoc-nang-cap-*{suffix}") if p.is_file()]
    copies += [p for p in (path.parent / "sao-luu").glob(f"{stem}.sao-luu-*{suffix}") if p.is_file()]
    return max(copies, key=lambda p: p.stat().st_mtime, default=None)
