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

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session, aliased

from desktop.domain.text import fold
from desktop.domain.vocab import LIVING_HERE
from desktop.store.models import Citizen, Household

_WORD = re.compile(r"[0-9a-z]+")

# The two FTS lookups, bound to :q (a match_expression). Each MATCH runs once, as a set of
# rowids the outer query probes, which SQLite does far faster than a MATCH per row.
CITIZEN_ROWIDS = "SELECT rowid FROM citizen_search WHERE citizen_search MATCH :q"
# A household matches by its code or address, or by its head's name.
HOUSEHOLD_MATCH = (
    "(households.rowid IN (SELECT rowid FROM household_search WHERE household_search MATCH :q)"
    " OR households.id IN (SELECT c.household_id FROM citizen_search"
    " JOIN citizens c ON c.rowid = citizen_search.rowid"
    " WHERE citizen_search MATCH :q AND c.relation = 'head' AND c.deleted = 0))"
)


def match_expression(query: str) -> str | None:
    """FTS5 query: every folded word as a quoted prefix term; None when nothing is searchable."""
    words = _WORD.findall(fold(query))
    if not words:
        return None
    return " ".join(f'"{w}"*' for w in words)


def search_citizens(session: Session, query: str, *, limit: int = 50) -> list[Citizen]:
    """Live citizens whose name or identity number matches, in Vietnamese name order."""
    expression = match_expression(query)
    if expression is None:
        return []
    stmt = (
        select(Citizen)
        .where(text(f"citizens.rowid IN ({CITIZEN_ROWIDS})"))
        .where(Citizen.deleted.is_(False))
        .order_by(Citizen.sort_key)
        .limit(limit)
        .params(q=expression)
    )
    return list(session.scalars(stmt))


def search_households(session: Session, query: str, *, limit: int = 50) -> list[tuple[Household, str | None, int]]:
    """Households matching by code or address, or whose head's name matches.

    Returns (household, head's full name, residents) — what a list line shows.
    """
    expression = match_expression(query)
    if expression is None:
        return []
    # First the page of ids (sorting narrow rows), then the rows themselves. The head's
    # matches are probed through their household_id; bench/register.py compared this with a
    # UNION of rowids and with an OR over head_id: this had the lowest p95 on short prefixes.
    page = session.execute(
        text(f"SELECT id FROM households WHERE deleted = 0 AND {HOUSEHOLD_MATCH} ORDER BY code LIMIT :limit"),
        {"q": expression, "limit": limit},
    ).scalars().all()
    if not page:
        return []
    head = aliased(Citizen)
    stmt = (
        select(Household, head.full_name)
        .outerjoin(head, head.id == Household.head_id)
        .where(Household.id.in_(page))
        .order_by(Household.code)
    )
    rows = session.execute(stmt).all()
    # Counted for the page only, not for every match before the sort.
    counts = dict(session.execute(
        select(Citizen.household_id, func.count())
        .where(Citizen.household_id.in_([h.id for h, _ in rows]), Citizen.deleted.is_(False),
               Citizen.status.in_(LIVING_HERE))
        .group_by(Citizen.household_id)
    ).all())
    return [(h, head_name, counts.get(h.id, 0)) for h, head_name in rows]


def rebuild_indexes(session: Session) -> None:
    """Rebuild both indexes from their tables (after a restore or a failed integrity check)."""
    session.execute(text("INSERT INTO citizen_search(citizen_search) VALUES ('rebuild')"))
    session.execute(text("INSERT INTO household_search(household_search) VALUES ('rebuild')"))
