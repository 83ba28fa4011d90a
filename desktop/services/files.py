"""The open commune file as the window sees it: a handle it holds and passes on, never reads.

The UI imports neither the store nor SQLAlchemy (a contract in pyproject.toml). It opens
and checks a register here, keeps the `Database` handle only to give it to its background
operations (ui/background.py), which open the unit of work with `transaction` or `reading`
and hand it to a job; a job passes that `Session` straight to a service. `Session` is named
here only so those jobs can say what they receive.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

from sqlalchemy.orm import Session

from desktop.services import hamlets as hamlet_service
from desktop.services.commune import CommuneInfo, init_commune
from desktop.services.session import transaction
from desktop.store.db import Database, check_commune_file, latest_backup, open_database

__all__ = ["Database", "Session", "check_commune_file", "create_commune_file", "latest_backup", "open_checked",
           "reading"]


def open_checked(path: Path) -> Database:
    """Open a register for the window: an XHHT file only, exclusively, migrated and checked
    (read-only, unlocked and unmigrated where the file cannot be written: store.db)."""
    check_commune_file(path)
    return open_database(path, exclusive=True)


@contextmanager
def reading(db: Database) -> Iterator[Session]:
    """A session for reads only, closed afterwards; nothing is committed."""
    with db.session() as session:
        yield session


def create_commune_file(*, path: Path, commune_code: str, centre_name: str | None = None,
                        hamlets: Iterable[str] = ()) -> CommuneInfo:
    """Make a new register for a commune (refused where the file is one already), with its
    first hamlets, and close it again: the window then opens it as any other."""
    info = init_commune(path, commune_code, centre_name=centre_name)
    names = list(hamlets)
    if names:
        with open_database(path) as db, transaction(db) as session:
            for name in names:
                hamlet_service.add_hamlet(session=session, name=name)
    return info
