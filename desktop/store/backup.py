"""Copies of a commune file and putting one back (issue 12, item 5): nothing may be lost.

A copy is made with SQLite's online backup API, so it is consistent while the program
writes (WAL). A copy may be sealed with a password (store/sealing.py). A restore checks the copy completely (an XHHT file, integrity_check
ok, the same commune) in a temporary file beside the register before anything is replaced;
the replaced file is kept beside it, and the new one is put in place with os.replace, so a
power cut leaves the old file or the new one, never half of either.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Callable

from desktop.domain.errors import StorageError
from desktop.domain.progress import Progress
from desktop.store.db import _take_lock
from desktop.store.files import check_commune_file, read_only_uri
from desktop.store.sealing import is_sealed, not_ours, seal, unseal

log = logging.getLogger(__name__)

_PAGES_PER_STEP = 1024  # backup API step: other connections may write between steps

DAILY_FOLDER = "sao-luu"
DAILY_KEEP = 7
BACKUP_FOLDER_KEY = "backup_folder"  # local_settings: a second folder for the daily copy (a USB stick)
_DAILY = re.compile(r"\.sao-luu-(\d{8})$")


@dataclass(frozen=True)
class CopyMade:
    path: Path
    size: int
    when: datetime
    sealed: bool


@dataclass(frozen=True)
class RestoreDone:
    target: Path
    source: Path
    kept: Path | None  # the replaced file, beside it; None when there was none
    commune_code: str
    replaced_commune: str | None  # None: no file was there, or it was too damaged to say
    sealed: bool


def _say_progress(progress: Progress | None, message: str, fraction: float) -> None:
    if progress is None:
        return
    if progress.total != 1000 or progress.message != message:
        progress.start(1000, message)
    progress.advance(max(0, int(fraction * 1000) - progress.done))  # raises Cancelled when asked to stop


def _fsync(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def _fsync_folder(folder: Path) -> None:
    if os.name == "nt":  # Windows cannot open a folder for fsync; its rename is durable
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sqlite_copy(source: sqlite3.Connection, dest: sqlite3.Connection, progress: Progress | None) -> None:
    def step(_status: int, remaining: int, total: int) -> None:
        _say_progress(progress, "Đang chép dữ liệu…", (total - remaining) / total if total else 1.0)
    source.backup(dest, pages=_PAGES_PER_STEP, progress=step)


def _check_copy(conn: sqlite3.Connection, name: str) -> None:
    rows = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    if rows != ["ok"]:
        log.error("integrity check of %s: %s", name, rows[:10])
        raise StorageError(f"Tệp dữ liệu bị hỏng (kiểm tra thấy {len(rows)} lỗi) nên không sao lưu; bản sao lưu "
                           "cũ được giữ nguyên. Hãy khôi phục từ bản sao lưu gần nhất.", code="backup_source_damaged")


# --- making a copy ---------------------------------------------------------------------------

def _open_source(source: Path) -> sqlite3.Connection:
    """The file to copy, read through its -wal as the program does; a file on a read-only
    disk, where not even a -shm can be made, as it is (immutable)."""
    conn = sqlite3.connect(source)
    try:
        conn.execute("PRAGMA busy_timeout=5000")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        conn.close()
        return sqlite3.connect(read_only_uri(source), uri=True)


def copy_database(source: Path, target: Path, *, password: str | None = None,
                  progress: Progress | None = None) -> CopyMade:
    """A consistent copy of `source` (which may be written meanwhile) at `target`, sealed with
    `password` if given. Checked (integrity_check) before it is written; written to a
    temporary name and put in place with os.replace, so `target` is whole or absent."""
    source, target = Path(source), Path(target)
    if not source.is_file():
        raise StorageError(f"Không tìm thấy tệp dữ liệu {source}.", code="db_missing")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(f"Không tạo được thư mục {target.parent}: {exc.strerror}", code="backup_unwritable") from exc
    temporary = target.with_name(target.name + ".dang-ghi")
    try:
        src = _open_source(source)
        try:
            if password is None:
                dest = sqlite3.connect(temporary)
                try:
                    _sqlite_copy(src, dest, progress)
                    dest.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
                    _check_copy(dest, str(target))
                finally:
                    dest.close()
                _fsync(temporary)
            else:
                memory = sqlite3.connect(":memory:")
                try:
                    _sqlite_copy(src, memory, progress)
                    _check_copy(memory, str(target))
                    image = memory.serialize()  # the plain file never touches the disk
                finally:
                    memory.close()
                with open(temporary, "wb") as out:
                    seal(image, out, password)
                    out.flush()
                    os.fsync(out.fileno())
        finally:
            src.close()
        os.replace(temporary, target)
        _fsync_folder(target.parent)
    except sqlite3.Error as exc:
        temporary.unlink(missing_ok=True)
        log.warning("copy of %s failed: %s", source, exc)  # SQLite's English words go to the log
        raise StorageError(f"Không sao lưu được tệp {source.name}: tệp không đọc được (có thể bị hỏng). "
                           "Bản sao lưu cũ được giữ nguyên.", code="backup_failed") from exc
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise StorageError(f"Không ghi được bản sao lưu {target}: {exc.strerror or exc}",
                           code="backup_unwritable") from exc
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    stat = target.stat()
    log.info("copied %s to %s (%d bytes, sealed=%s)", source, target, stat.st_size, password is not None)
    return CopyMade(target, stat.st_size, datetime.fromtimestamp(stat.st_mtime), password is not None)


def daily_name(db_path: Path, day: date) -> str:
    return f"{db_path.stem}.sao-luu-{day:%Y%m%d}{db_path.suffix}"


def daily_copies(db_path: Path, folder: Path) -> list[Path]:
    """The daily copies of `db_path` in `folder`, newest first (by the day in their name)."""
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        if path.suffix != db_path.suffix or not path.is_file():
            continue
        stem = path.name[:len(path.name) - len(path.suffix)] if path.suffix else path.name
        match = _DAILY.search(stem)
        if match and stem[:match.start()] == db_path.stem:
            found.append((match.group(1), path))
    return [path for _day, path in sorted(found, reverse=True)]


def daily_copy(db_path: Path, folder: Path, *, keep: int = DAILY_KEEP, today: date | None = None,
               progress: Progress | None = None, make_folder: bool = True) -> CopyMade | None:
    """Today's copy of `db_path` in `folder`, unless there is one already (then None); the
    newest `keep` daily copies are kept, older ones deleted, only after today's is whole.
    make_folder=False for a folder the officer chose: a USB stick not plugged in is said,
    not made again as an empty folder on the PC's own disk."""
    if keep < 1:
        raise StorageError("Số bản sao lưu hằng ngày cần giữ phải từ 1 trở lên.", code="backup_keep")
    if not make_folder and not folder.is_dir():
        raise StorageError(f"Không tìm thấy thư mục {folder} (ổ USB chưa cắm?).", code="backup_folder_missing")
    today = today or date.today()
    target = folder / daily_name(db_path, today)
    if target.is_file():
        return None
    made = copy_database(db_path, target, progress=progress)
    for old in daily_copies(db_path, folder)[keep:]:
        try:
            old.unlink()
        except OSError as exc:  # a read-only stick: the copy is made, the old ones stay
            log.warning("could not delete old copy %s: %s", old, exc)
    return made


def read_backup_folder(db_path: Path) -> Path | None:
    """The second folder for the daily copy, if the officer chose one (local_settings)."""
    try:
        conn = sqlite3.connect(read_only_uri(db_path, immutable=False), uri=True)
        try:
            row = conn.execute("SELECT value FROM local_settings WHERE key = ?", (BACKUP_FOLDER_KEY,)).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return Path(row[0]) if row and row[0] else None


# --- restoring -------------------------------------------------------------------------------

def _commune_of_target(target: Path) -> tuple[str | None, bool]:
    """(commune code, readable) of the file about to be replaced."""
    try:
        return check_commune_file(target), True
    except StorageError as error:
        if error.code in ("db_foreign", "db_not_sqlite", "db_not_xhht", "db_newer"):
            raise StorageError(f"Tệp {target.name} không phải sổ dữ liệu XHHT của xã; không khôi phục đè lên tệp "
                               "này. Hãy chọn một tên tệp khác.", code="restore_target_foreign") from error
        log.warning("the file to be replaced cannot be read (%s): %s", error.code, error.message)
        return None, False


def _keep_name(target: Path, now: datetime) -> Path:
    return target.with_name(f"{target.stem}.truoc-khoi-phuc-{now:%Y%m%d-%H%M%S}{target.suffix}")


def prepare_restore(source: Path, staging: Path, *, password: str | None,
                    progress: Progress | None = None) -> tuple[str, bool]:
    """Write the copy in `source` to `staging` as a plain register and check it; returns
    (commune code, sealed). `staging` is deleted again on any refusal."""
    sealed = is_sealed(source)
    staging.unlink(missing_ok=True)
    try:
        if sealed:
            unseal(source, staging, password,
                   lambda done: _say_progress(progress, "Đang giải mã bản sao lưu…", done))
        else:
            check_commune_file(source)  # another program's file refused before SQLite opens it for copying
            src = sqlite3.connect(read_only_uri(source, immutable=False), uri=True)
            try:
                dest = sqlite3.connect(staging)
                try:
                    _sqlite_copy(src, dest, progress)
                finally:
                    dest.close()
            finally:
                src.close()
        commune = check_commune_file(staging)
        conn = sqlite3.connect(staging)
        try:
            rows = [row[0] for row in conn.execute("PRAGMA integrity_check")]
            conn.execute("PRAGMA journal_mode=DELETE")
        finally:
            conn.close()
        if rows != ["ok"]:
            log.error("integrity check of backup %s: %s", source, rows[:10])
            raise StorageError(f"Bản sao lưu {source.name} cũng bị hỏng (kiểm tra thấy lỗi); không dùng được. "
                               "Hãy chọn một bản sao lưu khác.", code="backup_damaged")
        _fsync(staging)
        return commune, sealed
    except sqlite3.Error as exc:
        staging.unlink(missing_ok=True)
        raise StorageError(f"Bản sao lưu {source.name} bị hỏng, không đọc được.", code="backup_damaged") from exc
    except StorageError as error:
        staging.unlink(missing_ok=True)
        if error.code == "db_missing":
            raise
        if error.code in ("db_foreign", "db_not_sqlite", "db_not_xhht"):
            raise not_ours(source) from error
        raise
    except BaseException:
        staging.unlink(missing_ok=True)
        raise


def _move_aside(target: Path, kept: Path) -> None:
    """`kept` becomes the file `target` is now, with its -wal (commits not yet in the file);
    `target` stays in place until os.replace swaps it. A hard link where the disk has them."""
    try:
        os.link(target, kept)
    except OSError:  # FAT32 sticks, some shares
        shutil.copy2(target, kept)
    _fsync(kept)
    wal = target.with_name(target.name + "-wal")
    if wal.is_file() and wal.stat().st_size > 0:  # after the checkpoint, only a damaged file's
        shutil.copy2(wal, kept.with_name(kept.name + "-wal"))
    _fsync_folder(target.parent)


def _checkpoint(target: Path) -> None:
    """Fold a healthy file's -wal into it first, so the kept copy is one whole file."""
    try:
        conn = sqlite3.connect(target)
        try:
            conn.execute("PRAGMA busy_timeout=5000")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
    except sqlite3.Error as exc:
        log.warning("checkpoint of %s before restoring failed: %s", target, exc)


@dataclass(frozen=True)
class Staged:
    """A backup written out and checked beside the register it is to replace, not yet swapped in."""

    source: Path
    target: Path
    staging: Path
    commune_code: str
    replaced_commune: str | None
    sealed: bool


def stage_restore(source: Path, target: Path, *, password: str | None = None, allow_other_commune: bool = False,
                  progress: Progress | None = None) -> Staged:
    """The long half of a restore, while `target` may still be open: the backup decrypted or
    copied to a temporary file beside `target` and checked (an XHHT file, integrity_check, the
    commune of `target`). Nothing is replaced; finish_restore swaps it in, discard_restore drops it."""
    source, target = Path(source).expanduser(), Path(target).expanduser().resolve()
    if not source.is_file():
        raise StorageError(f"Không tìm thấy bản sao lưu {source}.", code="db_missing")
    if source.resolve() == target:
        raise StorageError("Bản sao lưu và tệp cần khôi phục là một tệp.", code="restore_same_file")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(target.name + ".dang-khoi-phuc")
    replaced_commune = None
    if target.is_file() and target.stat().st_size > 0:
        replaced_commune, _readable = _commune_of_target(target)
    commune, sealed = prepare_restore(source, staging, password=password, progress=progress)
    if replaced_commune is not None and replaced_commune != commune and not allow_other_commune:
        staging.unlink(missing_ok=True)
        raise StorageError(
            f"Bản sao lưu {source.name} là của xã mã {commune}, còn tệp {target.name} là của xã mã "
            f"{replaced_commune}. Không khôi phục đè sổ của xã này bằng dữ liệu của xã khác; hãy chọn đúng "
            "bản sao lưu, hoặc khôi phục vào một tệp mới.", code="restore_other_commune")
    return Staged(source, target, staging, commune, replaced_commune, sealed)


def discard_restore(staged: Staged) -> None:
    staged.staging.unlink(missing_ok=True)


def finish_restore(staged: Staged, *, before_replace: Callable[[], None] | None = None) -> RestoreDone:
    """The short half, once no program has `target` open (refused otherwise): the file kept
    beside it, the checked copy put in its place with os.replace. `before_replace`: a test's
    way to cut the power."""
    target, staging = staged.target, staged.staging
    if not staging.is_file():
        raise StorageError("Bản sao lưu đã kiểm tra không còn; hãy khôi phục lại.", code="restore_staging_gone")
    lock = _take_lock(target)
    try:
        kept = None
        try:
            if target.exists():
                if staged.replaced_commune is not None:  # readable: fold its -wal in first
                    _checkpoint(target)
                kept = _keep_name(target, datetime.now())
                _move_aside(target, kept)
            if before_replace is not None:
                before_replace()
            # SQLite would read the old file's -wal into the new one (nothing ties a -wal to its
            # file), so it goes before the swap; a copy went with the kept file, and after the
            # checkpoint it is empty. The -shm is only an index of it.
            for leftover in ("-wal", "-shm"):
                target.with_name(target.name + leftover).unlink(missing_ok=True)
            os.replace(staging, target)
            _fsync_folder(target.parent)
        except BaseException:
            staging.unlink(missing_ok=True)
            raise
        target.with_name(target.name + ".dang-mo").unlink(missing_ok=True)  # the old file's unclean exit
    finally:
        lock.release()
    log.info("restored %s from %s; the replaced file kept as %s", target, staged.source, kept)
    return RestoreDone(target, staged.source, kept, staged.commune_code, staged.replaced_commune, staged.sealed)


def restore_database(source: Path, target: Path, *, password: str | None = None, allow_other_commune: bool = False,
                     progress: Progress | None = None,
                     before_replace: Callable[[], None] | None = None) -> RestoreDone:
    """Put the copy `source` in place of `target` (see the module docstring), both halves at
    once under the lock: refused while another XHHT program has `target` open."""
    target = Path(target).expanduser().resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    lock = _take_lock(target)  # before the long half: a window that has it open is said at once
    try:
        staged = stage_restore(source, target, password=password, allow_other_commune=allow_other_commune,
                               progress=progress)
    finally:
        lock.release()
    return finish_restore(staged, before_replace=before_replace)
