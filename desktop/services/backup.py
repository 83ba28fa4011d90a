"""Backing up and restoring a commune file, for the window and the `xhht` command alike.

The work itself is in desktop/store/backup.py; here it is called by keyword and answers with
frozen records the window and the command line show. A copy is taken from the file on disk
(`db=` an open register, or `path=` one that is not open), never through a session: SQLite's
backup API copies it while the program goes on writing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from desktop.domain.errors import StorageError
from desktop.domain.progress import Progress
from desktop.store import backup as store
from desktop.store.db import Database, read_setting, write_setting
from desktop.store.files import check_commune_file

log = logging.getLogger(__name__)

DAILY_KEEP = store.DAILY_KEEP
WRONG_PASSWORD = "backup_wrong_password"  # the code of the one refusal another try can mend (store/sealing.py)


@dataclass(frozen=True)
class BackupRecord:
    """One copy made: where, how big, when, and whether a password seals it."""

    path: Path
    size: int
    when: datetime
    sealed: bool


@dataclass(frozen=True)
class DailyBackup:
    """The day's automatic copies: those made now, the folders that had today's already,
    and what went wrong in the second folder (a USB stick not plugged in)."""

    made: tuple[BackupRecord, ...]
    already: tuple[Path, ...]
    problems: tuple[str, ...]


@dataclass(frozen=True)
class Restored:
    path: Path  # the register, now holding the backup's data
    source: Path
    kept: Path | None  # the file that was replaced, kept beside it
    commune_code: str
    replaced_commune: str | None  # None: there was no file, or it was too damaged to read
    sealed: bool


def _record(made: store.CopyMade) -> BackupRecord:
    return BackupRecord(made.path, made.size, made.when, made.sealed)


def _register(db: Database | None, path: Path | None) -> Path:
    if (db is None) == (path is None):
        raise TypeError("give db= or path=, one of them")
    if db is not None:
        return db.path
    assert path is not None
    path = Path(path).expanduser()
    check_commune_file(path)  # another program's file is not ours to copy
    return path


def back_up(*, db: Database | None = None, path: Path | None = None, target: Path, password: str | None = None,
            progress: Progress | None = None) -> BackupRecord:
    """Copy the register to `target` (sealed with `password` if one is given)."""
    source = _register(db, path)
    target = Path(target).expanduser()
    if target.resolve() == source.resolve():
        raise StorageError("Không thể sao lưu đè lên chính tệp dữ liệu; hãy chọn tên tệp khác.",
                           code="backup_same_file")
    return _record(store.copy_database(source, target, password=password, progress=progress))


def daily_folder(*, path: Path) -> Path:
    """The folder of the automatic daily copies: sao-luu beside the register."""
    return Path(path).parent / store.DAILY_FOLDER


def daily_backup(*, db: Database | None = None, path: Path | None = None, keep: int = DAILY_KEEP,
                 today: date | None = None, progress: Progress | None = None) -> DailyBackup:
    """Today's copy in sao-luu beside the register and in the second folder, if chosen;
    at most one a day each, the newest `keep` kept. Nothing for a read-only register."""
    source = _register(db, path)
    if db is not None and db.read_only:
        return DailyBackup((), (), ())
    made: list[BackupRecord] = []
    already: list[Path] = []
    problems: list[str] = []
    folders = [daily_folder(path=source)]
    second = store.read_backup_folder(source)
    if second is not None:
        folders.append(second)
    for number, folder in enumerate(folders):
        try:
            copy = store.daily_copy(source, folder, keep=keep, today=today, progress=progress, make_folder=number == 0)
        except StorageError as error:
            if number == 0 or error.code == "backup_source_damaged":
                raise
            log.warning("daily copy in %s failed: %s", folder, error.message)
            problems.append(_second_folder_problem(folder, error))
            continue
        if copy is None:
            already.append(folder / store.daily_name(source, today or date.today()))
        else:
            made.append(_record(copy))
    return DailyBackup(tuple(made), tuple(already), tuple(problems))


def _second_folder_problem(folder: Path, error: StorageError) -> str:
    """What the officer reads when the copy to the second folder fails; the copy beside the
    register was made (or was there already), or daily_backup would have stopped before."""
    if error.code == "backup_folder_missing":
        reason = "không tìm thấy thư mục này (ổ USB chưa được cắm vào máy?)"
    else:
        reason = error.message.rstrip(".")
    return (f"Không sao lưu được vào thư mục thứ hai {folder}: {reason}. Bản sao lưu hôm nay trong thư mục "
            f"{store.DAILY_FOLDER} cạnh tệp dữ liệu vẫn có.")


def second_folder(*, session: Session) -> Path | None:
    """The second folder for the daily copy, kept in the register's local settings (this
    PC's choice, never synced): it travels with the file, and the window and `xhht backup
    --auto` read it alike."""
    value = read_setting(session, store.BACKUP_FOLDER_KEY)
    return Path(value) if value else None


def set_second_folder(*, session: Session, folder: Path | None) -> Path | None:
    """Choose (or with None forget) the second folder for the daily copy."""
    if folder is not None:
        folder = Path(folder).expanduser().resolve()
        if not folder.is_dir():
            raise StorageError(f"Không tìm thấy thư mục {folder}.", code="backup_folder_missing",
                               field="folder")
    write_setting(session, store.BACKUP_FOLDER_KEY, str(folder) if folder is not None else "")
    return folder


def is_sealed_backup(*, path: Path) -> bool:
    """Whether the backup at `path` needs a password; refused if it is no backup at all."""
    return store.is_sealed(Path(path).expanduser())


@dataclass(frozen=True)
class StagedRestore:
    """A backup checked and written out beside the register, waiting to be swapped in."""

    path: Path
    source: Path
    commune_code: str
    replaced_commune: str | None
    sealed: bool
    staged: store.Staged


def _restored(done: store.RestoreDone) -> Restored:
    return Restored(done.target, done.source, done.kept, done.commune_code, done.replaced_commune, done.sealed)


def restore(*, path: Path, source: Path, password: str | None = None, allow_other_commune: bool = False,
            progress: Progress | None = None) -> Restored:
    """Put the backup `source` in place of the register at `path` (which must not be open):
    checked completely first, the replaced file kept beside it."""
    return _restored(store.restore_database(Path(source), Path(path), password=password,
                                            allow_other_commune=allow_other_commune, progress=progress))


def stage_restore(*, db: Database, source: Path, password: str | None = None,
                  progress: Progress | None = None) -> StagedRestore:
    """The window's first half, while the register is still open: the backup decrypted or
    copied beside it and checked (ours, sound, this commune). Nothing is replaced yet."""
    staged = store.stage_restore(Path(source), db.path, password=password, progress=progress)
    return StagedRestore(staged.target, staged.source, staged.commune_code, staged.replaced_commune, staged.sealed,
                         staged)


def finish_restore(*, staged: StagedRestore) -> Restored:
    """The second half, once the register is closed: the old file kept, the new one swapped in."""
    return _restored(store.finish_restore(staged.staged))


def discard_restore(*, staged: StagedRestore) -> None:
    """The officer changed their mind: the checked copy beside the register is deleted."""
    store.discard_restore(staged.staged)
