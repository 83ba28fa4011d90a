"""Opening the province database (SQLite file by default, PostgreSQL by URL), upgraded
to the newest schema with Alembic before anything reads it."""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from platformdirs import user_data_dir
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).with_name("migrations")
ENV_VAR = "XHHT_PROVINCE_DB"


class StoreError(Exception):
    """The database URL or file cannot be used; the message is Vietnamese."""


def default_url() -> str:
    """XHHT_PROVINCE_DB, else one SQLite file in the user's data folder."""
    if os.environ.get(ENV_VAR):
        return os.environ[ENV_VAR]
    folder = Path(user_data_dir("XHHT-tinh", appauthor=False))
    return f"sqlite:///{folder / 'xhht-province.sqlite'}"


def make_engine(url: str) -> Engine:
    """hide_parameters: an error message or log line never carries a commune's row values."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(f"Địa chỉ cơ sở dữ liệu không hợp lệ: {url} "
                         "(ví dụ: sqlite:///tinh.sqlite hoặc postgresql+psycopg://user@host/xhht).") from None
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        # Requests run on a thread pool; one connection is only ever used by one thread at a time.
        engine = create_engine(parsed, connect_args={"check_same_thread": False, "timeout": 30},
                               hide_parameters=True)

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection, _record) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")  # the web page reads while a batch writes
            cursor.execute("PRAGMA synchronous=FULL")  # a receipt sent means the rows are on disk
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    if parsed.get_backend_name() == "postgresql":
        return create_engine(parsed, pool_pre_ping=True, hide_parameters=True)
    raise StoreError(f"Chỉ hỗ trợ SQLite và PostgreSQL, không hỗ trợ {parsed.get_backend_name()}.")


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)


@dataclass
class Store:
    """An open province database. `write_lock` serialises batch application within the
    process (SQLite has one writer; on PostgreSQL row locks do the same across processes)."""

    engine: Engine
    sessions: sessionmaker
    write_lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def session(self) -> Session:
        return self.sessions()

    def close(self) -> None:
        self.engine.dispose()


def open_store(url: str | None = None) -> Store:
    engine = make_engine(url or default_url())
    try:
        upgrade(engine)
    except Exception as exc:
        engine.dispose()
        raise StoreError(f"Không mở hoặc nâng cấp được cơ sở dữ liệu tỉnh: {exc}") from exc
    return Store(engine, sessionmaker(engine, expire_on_commit=False))
