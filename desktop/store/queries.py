"""Small pieces every query of the register repeats: which rows are live (not tombstones,
see store/base.Synced) and how to ask for many ids at once within SQLite's limit."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TypeVar

from sqlalchemy import ColumnElement

# SQLite allows 32,766 bound parameters per statement since 3.32, but only 999 before it,
# and Windows PCs may carry an older sqlite3.dll; 500 ids stay well under both.
CHUNK = 500

T = TypeVar("T")


def live(entity: Any) -> ColumnElement[bool]:
    """Rows of `entity` (a model or an alias of one) that are not tombstones."""
    return entity.deleted.is_(False)


def chunks(ids: list[T], size: int = CHUNK) -> Iterator[list[T]]:
    """`ids` in slices short enough for one `IN (…)` each."""
    for start in range(0, len(ids), size):
        yield ids[start:start + size]
