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

MIGRATIONS = Path(__file__).with_name("migrations")
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
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


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
    """Upgrade to `revision`; return the backup made, if the file held an older schema."""
    current = current_revision(engine)
    target = head_revision() if revision == "head" else revision
    if current == target:
        return None
    backup = backup_file(path, current) if (path is not None and current is not None) else None
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
    return backup
