"""Opening a commune database: engine, pragmas, migration, clean-exit marker, sessions.

A file the program may not write (a write-protected USB stick, a read-only share, no
write permission) opens read-only for viewing and printing: SQLite opens it with
mode=ro (immutable=1 where not even a -shm can be made beside it), query_only is on,
and every write — a flush, a bulk statement, raw SQL — is refused with one Vietnamese
sentence (StorageError code "db_read_only")."""

from __future__ import annotations

import hashlib
import logging
import os
import socket
import sqlite3
import sys
from dataclasses import dataclass, field
from pathlib import Path

from filelock import FileLock, Timeout
from sqlalchemy import create_engine, event, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

import desktop.store.changelog  # noqa: F401  (installs the change-log session hooks)
from desktop.domain.errors import StorageError
from desktop.store import files, migrate
from desktop.store.base import new_id
from desktop.store.changelog import DEVICE_KEY
from desktop.store.files import COMMUNE_KEY, check_commune_file, damaged_error, latest_backup  # noqa: F401  (callers import them here)
from desktop.store.models import LocalSetting

log = logging.getLogger(__name__)

# Which file on which machine the device id was issued to (a hash). Sync positions are
# positions in this file's change log, so a copy on another PC, or a backup restored
# over the file, must push under a device id of its own: see device_for_file().
DEVICE_FILE_KEY = "device_file"
READ_ONLY_DEVICE = "chi-doc"  # a read-only file's sessions never stamp a row; the hook wants a value


def make_engine(path: Path) -> Engine:
    # hide_parameters: an error or a crash report never carries the values of a row (names, CCCDs).
    engine = create_engine(f"sqlite:///{path}", future=True, hide_parameters=True)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")  # a power cut must not lose a commit
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        # 64 MB page cache: random UUID keys touch pages all over the indexes; the default
        # 2 MB spills a large transaction to the WAL again and again.
        cursor.execute("PRAGMA cache_size=-65536")
        cursor.close()

    return engine


def read_only_error(path: Path) -> StorageError:
    return StorageError(
        f"Tệp dữ liệu {path.name} đang mở ở chế độ chỉ đọc (ổ đĩa hoặc thư mục không cho ghi): chỉ xem và in "
        "được, không sửa được. Muốn sửa, hãy chép tệp vào máy tính rồi mở bản chép.", code="db_read_only")


def _says_read_only(error: BaseException) -> bool:
    text = str(getattr(error, "orig", None) or error).lower()
    return "readonly" in text or "read-only" in text


def _cannot_write_beside(error: BaseException, path: Path) -> bool:
    """SQLite could not make its -wal/-shm beside a file that is there: a folder that
    refuses writes."""
    text = str(getattr(error, "orig", None) or error).lower()
    return "unable to open database file" in text and path.is_file()


def _says_damaged(error: BaseException) -> bool:
    text = str(getattr(error, "orig", None) or error).lower()
    return any(sign in text for sign in ("malformed", "not a database", "corrupt"))


def make_read_only_engine(path: Path) -> Engine:
    """An engine that cannot write the file. mode=ro reads a -wal left by a crash, but needs
    a -shm it may have to make; where the folder refuses even that, immutable=1."""
    uri = files.read_only_uri(path, immutable=False)
    try:
        probe = sqlite3.connect(uri, uri=True)
        try:
            probe.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            probe.close()
    except sqlite3.Error:
        uri = files.read_only_uri(path, immutable=True)
        wal = path.with_name(path.name + "-wal")
        if wal.is_file() and wal.stat().st_size > 0:  # a crash's last commits, unreadable without a -shm
            log.warning("%s opened immutable: the commits in %s are not shown", path, wal.name)
    engine = create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False),
                           poolclass=QueuePool, future=True, hide_parameters=True)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA query_only=ON")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA cache_size=-65536")
        cursor.close()

    @event.listens_for(engine, "handle_error")
    def _say_read_only(context) -> None:  # raw SQL that tries to write: the same sentence as a flush
        if _says_read_only(context.original_exception):
            raise read_only_error(path) from context.original_exception

    return engine


def _refuse_writes(sessions: sessionmaker, path: Path) -> None:
    """Sessions of a read-only file: a flush or a bulk statement is refused before SQLite is asked."""
    @event.listens_for(sessions, "before_flush", insert=True)
    def _no_flush(session, _context, _instances) -> None:
        if session.new or session.dirty or session.deleted:
            raise read_only_error(path)

    @event.listens_for(sessions, "do_orm_execute", insert=True)
    def _no_bulk(state) -> None:
        if state.is_insert or state.is_update or state.is_delete:
            raise read_only_error(path)


def _marker(path: Path) -> Path:
    """Exists while the database is open; found at start-up it means the last exit was unclean."""
    return path.with_name(path.name + ".dang-mo")


def integrity_problems(engine: Engine, *, read_only: bool = False) -> list[str]:
    """What PRAGMA integrity_check and foreign_key_check find; the search indexes' own check
    (an FTS5 'integrity-check' command is an INSERT) only where the file can be written."""
    with engine.connect() as conn:
        rows = [r[0] for r in conn.execute(text("PRAGMA integrity_check"))]
        problems = [] if rows == ["ok"] else rows
        problems += [f"khóa ngoại hỏng: {tuple(r)}" for r in conn.execute(text("PRAGMA foreign_key_check"))]
        for table in () if read_only else migrate.SEARCH_TABLES:
            try:
                conn.execute(text(f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)"))
            except Exception as exc:  # the search index is rebuildable; report, do not fail
                problems.append(f"chỉ mục tìm kiếm {table} hỏng ({getattr(exc, 'orig', None) or exc})")
        conn.rollback()
    return problems


@dataclass
class Database:
    """An open commune database. Close it to mark a clean exit.

    unclean_exit: the last program to open it did not close it; problems: what the
    integrity check then found (empty: checked and sound). read_only: opened for viewing
    and printing only (see the module docstring)."""

    path: Path
    engine: Engine
    sessions: sessionmaker
    device_id: str
    commune_code: str | None
    unclean_exit: bool = False
    backup: Path | None = None
    problems: list[str] = field(default_factory=list)
    lock: FileLock | None = None
    read_only: bool = False

    def session(self) -> Session:
        return self.sessions()

    def close(self) -> None:
        self.engine.dispose()
        # A damaged file keeps its marker: the next start checks it again and says so again,
        # until a backup is put in its place.
        if not self.read_only and not self.problems:
            _marker(self.path).unlink(missing_ok=True)
        if self.lock is not None:
            self.lock.release()

    def __enter__(self) -> "Database":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def read_setting(session: Session, key: str) -> str | None:
    return session.scalar(select(LocalSetting.value).where(LocalSetting.key == key))


def write_setting(session: Session, key: str, value: str) -> None:
    row = session.get(LocalSetting, key)
    if row is None:
        session.add(LocalSetting(key=key, value=value))
    else:
        row.value = value


def _take_lock(path: Path) -> FileLock:
    """An OS-level lock beside the file: a second XHHT window on the same file is refused.

    The OS drops it when the process dies, so a power cut never leaves it stuck.
    """
    lock = FileLock(str(path.with_name(path.name + ".lock")), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise StorageError(
            f"Cơ sở dữ liệu {path.name} đang được mở ở một chương trình XHHT khác. "
            "Hãy dùng cửa sổ đang mở, hoặc đóng nó rồi mở lại.", code="db_locked") from None
    return lock


class _TurnedOutReadOnly(Exception):
    """SQLite refused a write the access check said was allowed (a share that says yes)."""


def open_database(path: str | os.PathLike, *, create: bool = False, exclusive: bool = False) -> Database:
    """Open (or with create=True make) a commune database, upgrading its schema first.

    An existing file must be ours (store.files.check_ours): another program's is refused
    before anything is written. One the program may not write opens read-only (no lock,
    no marker, no upgrade: an older schema is refused with the reason). exclusive=True
    (the window) refuses a file another XHHT program holds open.
    """
    path = Path(path).expanduser().resolve()
    if not path.exists() and not create:
        raise StorageError(
            f"Không tìm thấy cơ sở dữ liệu {path}. Hãy tạo mới bằng lệnh: xhht init --commune MÃ_XÃ --db {path}",
            code="db_missing",
        )
    if path.exists():
        files.check_ours(path)
        if not files.writable(path):
            return _open_read_only(path)
    else:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(f"Không tạo được thư mục {path.parent}: {exc.strerror}", code="db_read_only") from exc
        if not files.writable(path):
            raise StorageError(f"Không tạo được tệp dữ liệu trong thư mục {path.parent}: thư mục chỉ cho đọc.",
                               code="db_read_only")
    try:
        lock = _take_lock(path) if exclusive else None
    except OSError:  # the folder refuses even the lock file beside the register
        return _open_read_only(path)
    try:
        return _open(path, lock)
    except _TurnedOutReadOnly:
        if lock is not None:
            lock.release()
        return _open_read_only(path)
    except BaseException:
        if lock is not None:
            lock.release()
        raise


def _open(path: Path, lock: FileLock | None) -> Database:
    marker = _marker(path)
    unclean = marker.exists()
    engine = make_engine(path)
    try:
        backup = migrate.upgrade(engine, path)
    except Exception as exc:
        engine.dispose()
        if _says_read_only(exc) or _cannot_write_beside(exc, path):
            raise _TurnedOutReadOnly from exc
        if _says_damaged(exc):
            raise damaged_error(path, exc) from exc
        raise StorageError(f"Không nâng cấp được cơ sở dữ liệu {path.name}: {exc}", code="migration") from exc
    problems = integrity_problems(engine) if unclean else []
    if problems:
        log.error("integrity check after unclean exit of %s: %s", path, problems)
    marker.write_text(str(os.getpid()))

    sessions = sessionmaker(engine, expire_on_commit=False)
    with sessions() as session:
        device = device_for_file(session, path)
        session.commit()
        commune = read_setting(session, COMMUNE_KEY)
    sessions.configure(info={DEVICE_KEY: device})
    return Database(path, engine, sessions, device, commune, unclean, backup, problems, lock)


def _open_read_only(path: Path) -> Database:
    engine = make_read_only_engine(path)
    try:
        current = migrate.current_revision(engine)
        if current != migrate.head_revision():
            raise StorageError(
                f"Tệp {path.name} được tạo bằng phiên bản cũ hơn của chương trình và cần nâng cấp trước khi mở, "
                "nhưng tệp đang ở chỗ chỉ cho đọc (ổ đĩa hoặc thư mục không cho ghi) nên không nâng cấp được. "
                "Hãy chép tệp vào máy tính rồi mở bản chép.", code="db_read_only_old")
        unclean = _marker(path).exists()  # left by a crash; it cannot be removed from here
        problems = integrity_problems(engine, read_only=True) if unclean else []
        if problems:
            log.error("integrity check of read-only %s: %s", path, problems)
        sessions = sessionmaker(engine, expire_on_commit=False)
        with sessions() as session:
            device = read_setting(session, DEVICE_KEY) or READ_ONLY_DEVICE
            commune = read_setting(session, COMMUNE_KEY)
    except BaseException:
        engine.dispose()
        raise
    sessions.configure(info={DEVICE_KEY: device})
    _refuse_writes(sessions, path)
    log.info("%s opened read-only", path)
    return Database(path, engine, sessions, device, commune, unclean, None, problems, None, read_only=True)


def _machine_id() -> str:
    """A stable id of this computer: the OS's machine id where there is one, else its name."""
    if sys.platform == "win32":
        try:
            import winreg

            with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, r"SOFTWARE\Microsoft\Cryptography") as key:
                return str(winreg.QueryValueEx(key, "MachineGuid")[0])
        except OSError:
            pass
    for candidate in ("/etc/machine-id", "/var/lib/dbus/machine-id"):
        try:
            text = Path(candidate).read_text().strip()
        except OSError:
            continue
        if text:
            return text
    return socket.gethostname()


def file_identity(path: Path) -> str:
    """Hash of (machine, absolute path, file id): changes when the file is copied or moved
    to another place or PC. Written in place (a backup copied over it), it stays the same:
    the sync client notices that case from the server (desktop.sync.push)."""
    inode = path.stat().st_ino  # 0 on file systems without file ids: then path and machine decide
    return hashlib.sha256(f"{_machine_id()}|{path.resolve()}|{inode}".encode()).hexdigest()[:32]


def device_for_file(session: Session, path: Path) -> str:
    """The device id of this file here: kept while the file stays where it was issued, a new
    one when the file shows up elsewhere (copied to another PC, restored from a backup)."""
    device = read_setting(session, DEVICE_KEY)
    identity = file_identity(path)
    recorded = read_setting(session, DEVICE_FILE_KEY)
    if device is None or (recorded is not None and recorded != identity):
        if device is not None:
            log.info("%s moved or was copied: new device id (was %s)", path, device)
        device = new_id()
        write_setting(session, DEVICE_KEY, device)
    if recorded != identity:  # files made before this rule keep their id and learn their place
        write_setting(session, DEVICE_FILE_KEY, identity)
    return device


def renew_device_id(db: Database) -> str:
    """Give the open database a new device id, e.g. after a backup was restored over it."""
    device = new_id()
    with db.sessions() as session:
        write_setting(session, DEVICE_KEY, device)
        write_setting(session, DEVICE_FILE_KEY, file_identity(db.path))
        session.commit()
    db.device_id = device
    db.sessions.configure(info={DEVICE_KEY: device})
    return device
