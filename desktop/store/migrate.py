"""Bring a database file to the newest schema, copying it first (never migrate the only copy)."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

from desktop.domain.errors import StorageError

MIGRATIONS = Path(__file__).with_name("migrations")
# PRAGMA application_id of every XHHT file: the ASCII of "XHHT" read as a big-endian 32-bit
# number, as SQLite stores it in bytes 68–71 of the file header (`file` prints
# "application id 1481132116"; a hex dump shows "XHHT"). Another program's file carries
# its own id, or 0; ours is never 0 once opened for writing by this version.
APPLICATION_ID = int.from_bytes(b"XHHT", "big")  # 0x58484854 = 1481132116
# PRAGMA user_version (header bytes 60–63) is the number of the Alembic revision the
# schema is at (revision ids are "0001", "0002", …; tests/store/test_file_identity.py
# keeps them numbered), so a newer file can be told apart before Alembic reads it.
# FTS5 indexes and their shadow tables are made by raw SQL in the migrations, not by models.
SEARCH_TABLES = ("citizen_search", "household_search")


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Autogenerate filter: leave the search indexes alone."""
    return not (type_ == "table" and name.startswith(SEARCH_TABLES))


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # an install that lost the migrations folder
        raise StorageError(f"Không tìm thấy các bước nâng cấp cơ sở dữ liệu trong {MIGRATIONS}; "
                           "hãy cài lại chương trình.")
    return head


def schema_number(revision: str) -> int:
    """The user_version of a file at `revision`."""
    return int(revision)


def known_revisions() -> set[str]:
    return {script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def stamp_header(conn) -> None:
    """Write application_id and user_version for the revision `conn` is at, if they differ.
    Header writes are part of the transaction `conn` is in."""
    revision = MigrationContext.configure(conn).get_current_revision()
    wanted = (APPLICATION_ID, schema_number(revision) if revision else 0)
    have = (conn.exec_driver_sql("PRAGMA application_id").scalar(),
            conn.exec_driver_sql("PRAGMA user_version").scalar())
    if have != wanted:
        conn.exec_driver_sql(f"PRAGMA application_id = {wanted[0]:d}")
        conn.exec_driver_sql(f"PRAGMA user_version = {wanted[1]:d}")


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def backup_file(path: Path, label: str) -> Path:
    """Consistent copy through SQLite's backup API (safe while in WAL mode)."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.truoc-nang-cap-{label}-{stamp}{path.suffix}")
    source = sqlite3.connect(path)
    try:
        dest = sqlite3.connect(target)
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()
    return target


def upgrade(engine: Engine, path: Path | None, *, revision: str = "head") -> Path | None:
    """Upgrade to `revision` and stamp the header (application_id, user_version) in the same
    transaction; return the backup made, if the file held an older schema. A file already at
    `revision` made before the stamp (application_id 0) is stamped here."""
    current = current_revision(engine)
    target = head_revision() if revision == "head" else revision
    if current == target:
        with engine.begin() as conn:
            stamp_header(conn)
        return None
    backup = backup_file(path, current) if (path is not None and current is not None) else None
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
        stamp_header(conn)
    return backup
