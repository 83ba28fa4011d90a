"""Opening a commune database: engine, pragmas, migration, clean-exit marker, sessions."""

from __future__ import annotations

import hashlib
import logging
import os
import socket
import sqlite3
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from filelock import FileLock, Timeout
from sqlalchemy import create_engine, event, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

import desktop.store.changelog  # noqa: F401  (installs the change-log session hooks)
from desktop.domain.errors import StorageError
from desktop.store import migrate
from desktop.store.base import new_id
from desktop.store.changelog import DEVICE_KEY
from desktop.store.models import LocalSetting

log = logging.getLogger(__name__)

COMMUNE_KEY = "commune_code"
# Which file on which machine the device id was issued to (a hash). Sync positions are
# positions in this file's change log, so a copy on another PC, or a backup restored
# over the file, must push under a device id of its own: see device_for_file().
DEVICE_FILE_KEY = "device_file"


def make_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", future=True)

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


def _marker(path: Path) -> Path:
    """Exists while the database is open; found at start-up it means the last exit was unclean."""
    return path.with_name(path.name + ".dang-mo")


def integrity_problems(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        rows = [r[0] for r in conn.execute(text("PRAGMA integrity_check"))]
        problems = [] if rows == ["ok"] else rows
        problems += [f"khóa ngoại hỏng: {tuple(r)}" for r in conn.execute(text("PRAGMA foreign_key_check"))]
        for table in migrate.SEARCH_TABLES:
            try:
                conn.execute(text(f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)"))
            except Exception as exc:  # the search index is rebuildable; report, do not fail
                problems.append(f"chỉ mục tìm kiếm {table}: {exc}")
        conn.rollback()
    return problems


@dataclass
class Database:
    """An open commune database. Close it to mark a clean exit."""

    path: Path
    engine: Engine
    sessions: sessionmaker
    device_id: str
    commune_code: str | None
    unclean_exit: bool = False
    backup: Path | None = None
    problems: list[str] = field(default_factory=list)
    lock: FileLock | None = None

    def session(self) -> Session:
        return self.sessions()

    def close(self) -> None:
        self.engine.dispose()
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


def open_database(path: str | os.PathLike, *, create: bool = False, exclusive: bool = False) -> Database:
    """Open (or with create=True make) a commune database, upgrading its schema first.

    exclusive=True (the window) refuses a file another XHHT program holds open.
    """
    path = Path(path).expanduser().resolve()
    if not path.exists() and not create:
        raise StorageError(
            f"Không tìm thấy cơ sở dữ liệu {path}. Hãy tạo mới bằng lệnh: xhht init --commune MÃ_XÃ --db {path}",
            code="db_missing",
        )
    if path.exists():
        _check_is_sqlite(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = _take_lock(path) if exclusive else None
    try:
        return _open(path, lock)
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


def _check_is_sqlite(path: Path) -> None:
    try:
        with open(path, "rb") as handle:
            header = handle.read(16)
    except OSError as exc:
        raise StorageError(f"Không đọc được tệp {path}: {exc.strerror}", code="db_unreadable") from exc
    if header and header != b"SQLite format 3\x00":
        raise StorageError(f"Tệp {path.name} không phải cơ sở dữ liệu XHHT (SQLite).", code="db_not_sqlite")
    try:
        sqlite3.connect(_read_only_uri(path), uri=True).close()
    except sqlite3.Error as exc:
        raise StorageError(f"Tệp {path.name} bị hỏng: {exc}", code="db_corrupt") from exc


def _read_only_uri(path: Path) -> str:
    """A URI that reads the file as it is: no lock, no -wal/-shm made beside it."""
    text = path.resolve().as_posix()
    if text.startswith("//"):  # a Windows share (//server/share): the authority must stay empty
        text = "//" + text
    elif not text.startswith("/"):  # C:/…: SQLite on Windows drops the slash before a drive letter
        text = "/" + text
    return "file:" + quote(text, safe="/:") + "?mode=ro&immutable=1"


def check_commune_file(path: str | os.PathLike) -> str:
    """Whether `path` is an XHHT commune database, read only (nothing migrated, locked or
    kept open); returns its commune code. For a file the officer picks: open_database would
    make any SQLite file (another program's) into an XHHT one."""
    path = Path(path).expanduser()
    if not path.is_file():
        raise StorageError(f"Không tìm thấy tệp {path}.", code="db_missing")
    _check_is_sqlite(path)
    try:
        conn = sqlite3.connect(_read_only_uri(path), uri=True)
        try:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            row = (conn.execute("SELECT value FROM local_settings WHERE key = ?", (COMMUNE_KEY,)).fetchone()
                   if "local_settings" in tables else None)
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise StorageError(f"Tệp {path.name} bị hỏng: {exc}", code="db_corrupt") from exc
    if row is None or not row[0]:
        raise StorageError(f"Tệp {path.name} không phải sổ dữ liệu XHHT của một xã.", code="db_not_xhht")
    return str(row[0])
