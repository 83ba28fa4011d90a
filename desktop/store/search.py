"""Search as you type over citizens and households.

Each table has an FTS5 index (created by the first migration, kept by SQL triggers) over
its `search_text` column, which Python fills with the folded text (domain.text.fold:
no diacritics, đ→d, lower case). SQLite's own remove_diacritics does not fold đ, hence
the folded column. Each typed word is a prefix query, so "ng th huo" finds
"Nguyễn Thị Hường". bench/register.py measured this against a LIKE scan of an indexed
folded column: see bench/results/register.json.
"""

from __future__ import annotations

import re

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from desktop.domain.text import fold
from desktop.store.models import Citizen, Household

_WORD = re.compile(r"[0-9a-z]+")


def match_expression(query: str) -> str | None:
    """FTS5 query: every folded word as a quoted prefix term; None when nothing is searchable."""
    words = _WORD.findall(fold(query))
    if not words:
        return None
    return " ".join(f'"{w}"*' for w in words)


def search_citizens(session: Session, query: str, *, limit: int = 50,
                    include_inactive: bool = True) -> list[Citizen]:
    """Live citizens whose name or identity number matches, in Vietnamese name order."""
    expression = match_expression(query)
    if expression is None:
        return []
    stmt = (
        select(Citizen)
        .where(text("citizens.rowid IN (SELECT rowid FROM citizen_search WHERE citizen_search MATCH :q)"))
        .where(Citizen.deleted.is_(False))
        .order_by(Citizen.sort_key)
        .limit(limit)
        .params(q=expression)
    )
    if not include_inactive:
        stmt = stmt.where(Citizen.status == "resident")
    return list(session.scalars(stmt))


def search_households(session: Session, query: str, *, limit: int = 50) -> list[Household]:
    """Households matching by code or address, or whose head's name matches."""
    expression = match_expression(query)
    if expression is None:
        return []
    stmt = (
        select(Household)
        .where(
            text(
                "households.rowid IN (SELECT rowid FROM household_search WHERE household_search MATCH :q)"
                " OR households.head_id IN (SELECT citizens.id FROM citizens WHERE citizens.rowid IN"
                " (SELECT rowid FROM citizen_search WHERE citizen_search MATCH :q))"
            )
        )
        .where(Household.deleted.is_(False))
        .order_by(Household.code)
        .limit(limit)
        .params(q=expression)
    )
    return list(session.scalars(stmt))


def rebuild_indexes(session: Session) -> None:
    """Rebuild both indexes from their tables (after a restore or a failed integrity check)."""
    session.execute(text("INSERT INTO citizen_search(citizen_search) VALUES ('rebuild')"))
    session.execute(text("INSERT INTO household_search(household_search) VALUES ('rebuild')"))
